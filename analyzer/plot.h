/* plot.h -- charts of a study with gnuplot: data files, scripts filled
 * from templates, and gnuplot run on them.
 *
 * The look of a chart lives in a template, plots/KIND.gp, found in
 * --plot-templates DIR, else $EVSTUDY_PLOTS, else plots/ beside the
 * executable (an uninstalled build), else ../share/evstudy/plots from the
 * executable's directory (an installed one, whatever its prefix), else
 * PKGDATADIR/plots.  A template
 * holds gnuplot code with named placeholders {{name}}; the C code only
 * fills them with values it made itself: numbers, names of the data files
 * it wrote, and strings quoted by plot_gp_quote.  It never assembles
 * gnuplot commands from fragments.
 *
 * Nothing from the input is executed.  Text from users' files (event
 * labels, tickers, group values) reaches gnuplot only through
 * plot_gp_quote, which first makes it valid UTF-8 (text_sanitize: bad
 * bytes become U+FFFD, so SVG stays well-formed) and then writes a string
 * literal whose raw text holds no quote, backslash, backquote or '@'
 * of the input: gnuplot's macro and backquote expansion and its string
 * parser find nothing to act on, whatever the bytes.  Data files are
 * numbers and dates only, tab-separated, and are read as files (no
 * datablocks, so no end marker can collide with data).  File names are
 * made from sanitized names (plot_slug): letters, digits, '.', '_' and
 * '-', never starting with '.', '-', '<' or '|'.  gnuplot is run with
 * fork and execvp on the script name, never through a shell.
 *
 * Charts (NAME.gp, NAME.dat [, NAME.events.dat] and NAME.EXT in DIR):
 *   price-TICKER      price over the study period, every event marked
 *   ar-EVENT-TICKER   AR bars with the +-1.96 se band, CAR path on y2
 *   car-EVENT         the CAR path of every series for one event, from
 *                     the first window's start (--chart-from), the other
 *                     events in its range marked (car-EVENT.events.dat)
 *   caar              CAAR over relative days across all pairs
 *   caar-BY-VALUE     the same over one group of --group-by BY
 *   summary           CAR over the main (first) window of every pair
 *   volume-EVENT-TICKER      (--measure volume, issue 12) the daily share
 *                     volume as bars with the expected volume and its
 *                     95% band; a volume study draws the price charts
 *                     and these only (the others are of returns)
 *   volatility-EVENT-TICKER  (--measure volatility) Beaver's U per day
 *                     against the 5% critical value of F(1, df)
 *   actual-EVENT-TICKER  the return, the model's expected return and the
 *                     AR of each day of the event windows (returns only)
 * EVENT is the event's row number, '-' and a slug of its label (lowered,
 * at most 24 bytes): unique by the row.  TICKER and VALUE are unique by
 * construction: the slug (at most 40 bytes) alone when no other series
 * (or value) has the same slug, ignoring case, and it does not end in
 * "--" and digits or in ".events"; else the slug, "--" and the position
 * of the series among the study's series (or of the group among the
 * aggregate's), from 1.  So tickers X, X? and X-2 give price-X--1,
 * price-X--2 and price-X-2; groups "Model Release", "model-release" and
 * "MODEL_RELEASE" three numbered caar-BY-model-release--N charts.
 *
 * Ownership: a plot_set and its strings belong to the caller, who frees
 * them with plot_set_release.  Functions return an evs_status and never
 * print.
 */
#ifndef EVS_PLOT_H
#define EVS_PLOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "aggregate.h"
#include "error.h"
#include "events.h"
#include "study.h"

enum plot_format { PLOT_PNG, PLOT_SVG, PLOT_PDF };

/* Parses "png", "svg" or "pdf"; false if unknown. */
bool plot_parse_format (const char *s, enum plot_format *f);

/* File extension of a format, without the dot ("png"). */
const char *plot_format_ext (enum plot_format f);

typedef struct plot_opts {
  const char *dir;            /* where charts go (created if missing) */
  enum plot_format format;
  const char *templates;      /* --plot-templates, or NULL */
  const char *gnuplot;        /* --gnuplot, or NULL to search PATH */
  const char *shown_dir;      /* the directory named in messages (the
                                 report's, while it is built elsewhere);
                                 NULL: DIR */
  bool chart_from_given;      /* --chart-from A: the event CAR charts */
  int chart_from;             /* start at day A, else at the first
                                 window's start (issue 14) */
} plot_opts;

enum plot_kind { PLOT_PRICE, PLOT_AR, PLOT_CAR, PLOT_CAAR, PLOT_SUMMARY,
                 PLOT_VOLUME, PLOT_VOLATILITY, PLOT_ACTUAL };

typedef struct plot_chart {
  enum plot_kind kind;
  char *name;                 /* e.g. "car-9-qwen-2-5-max", owned */
  char *image;                /* NAME.EXT, owned */
  const evs_event *event;     /* ar and car charts; else NULL */
  const evs_series *series;   /* price and ar charts; else NULL */
  bool drawn;                 /* gnuplot wrote a non-empty image */
} plot_chart;

typedef struct plot_set {
  char *templates;            /* template directory used, owned */
  plot_chart *v;
  size_t n, cap;
  char gnuplot_version[128];  /* "gnuplot 5.4 patchlevel 4", or "" */
} plot_set;

/* Writes S[..] as a name safe in a file name into BUF (SIZE >= 2): ASCII
 * letters, digits, '.', '_' and '-' are kept, other runs of bytes become
 * one '_' (with LOWER, letters are lowered and '.' and '_' become '-');
 * a leading '.' or '-' becomes '_'; at most MAX bytes; "_" when nothing
 * is left.  Returns BUF. */
char *plot_slug (const char *s, size_t max, bool lower, char *buf,
                 size_t size);

/* Returns S as a gnuplot string literal, newly allocated.  S is first
 * sanitised (text_sanitize); control bytes and DEL become spaces, and
 * "]]>" gets U+2060 WORD JOINER before its '>' (not allowed in XML text,
 * and gnuplot's SVG terminal does not escape '>').  Then:
 * - when every byte is a letter, a digit, UTF-8 or one of
 *   " -.,:;/()_+=%?&*<>[]{}|~^": 'S', single-quoted as it is;
 * - otherwise "S" double-quoted, with every other byte (' " \ ` @ $ # !)
 *   as an octal escape: "\0047" for bytes below 0100 (four digits, since
 *   gnuplot reads "\0" and up to three more), "\100" above.
 * Either way the literal's raw text holds no character that gnuplot's
 * macro (@) or backquote expansion or its quote matching reads, so any
 * byte string comes back as itself (less the replacements above).
 * (The earlier doubled-quote form failed on ''...'': gnuplot 5.4 reads
 * a literal starting with '' as an empty string.) */
char *plot_gp_quote (const char *s);

/* S (made valid UTF-8) cut into lines of at most WIDTH characters at
 * spaces (a longer word between characters) into *LINES, which the
 * caller frees with each line; returns their number, at least 1.  The
 * titles of the event charts are wrapped so, never cut off. */
size_t plot_wrap (const char *s, size_t width, char ***lines /* out */);

/* A placeholder's name and its value, inserted as is. */
typedef struct plot_var {
  const char *name;
  const char *value;
} plot_var;

/* Copies template TEXT to FP with every {{name}} replaced by the value of
 * VARS[i].  An unknown or unterminated placeholder: EVS_EDATA naming
 * WHERE (the template's file name) and the line. */
int plot_fill (const char *text, const char *where, const plot_var *vars,
               size_t nvars, FILE *fp, evs_error *err);

/* The template directory: GIVEN if not NULL, else $EVSTUDY_PLOTS, else
 * plots/ beside the executable, else ../share/evstudy/plots from the
 * executable's directory, else PKGDATADIR/plots; the first holding
 * price.gp.  Returns a new string, or NULL with EVS_EIO in ERR. */
char *plot_find_templates (const char *given, evs_error *err);

/* Writes the data and the script of every chart of ST into O->dir and
 * lists them in OUT (initialised here); with AGG (may be NULL), one
 * caar-BY-VALUE chart per group of --group-by besides caar.  EVS_EIO if a
 * file cannot be written, EVS_EDATA for a bad template; OUT is released
 * on failure. */
int plot_write (const plot_opts *o, const evs_study *st,
                const aggregate_run *agg, plot_set *out, evs_error *err);

/* Runs gnuplot on every script of SET, in O->dir.  Sets drawn for the
 * charts whose image is non-empty.  EVS_ENOPLOT with a message saying how
 * to render them by hand when gnuplot is missing or fails. */
int plot_render (const plot_opts *o, plot_set *set, evs_error *err);

void plot_set_release (plot_set *set);

#endif
