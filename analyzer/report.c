/* report.c -- index.html and report.md of a study; see report.h. */
#include <config.h>
#include "report.h"

#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bar_findings.h"
#include "bars.h"
#include "date.h"
#include "findings.h"
#include "fsout.h"
#include "output.h"
#include "text.h"

/* The marker beside a starred result whose window holds another event. */
#define REPORT_CONFOUNDED "\xe2\x80\xa0"   /* U+2020 DAGGER */
/* ... and one whose window does not, but the span of all windows does. */
#define REPORT_NEAR "\xe2\x80\xa1"         /* U+2021 DOUBLE DAGGER */

/* Most headline sentences listed; the summary table has them all. */
#define REPORT_HEADLINES_MAX 40

/* Bytes of a label in a section heading, ellipsis included. */
#define REPORT_HEADING_MAX 200

/* ------------------------------------------------------------------ */
/* One document, written as HTML or as Markdown.                       */
/* ------------------------------------------------------------------ */

typedef struct doc {
  FILE *fp;
  bool html;
} doc;

/* True if the byte at P of the text S (P within S) is one at which a
 * GFM renderer could start an autolink, so that it must be escaped.
 * GFM (cmark-gfm, the GitHub Flavored Markdown spec 0.29, section 6.9)
 * finds extended autolinks in text at three characters: "scheme://"
 * (url autolinks, matched by the inline parser at ':' when "//"
 * follows), "www." (matched at the 'w' of "www." when the four bytes
 * follow) and emails, "local@domain" (found in each text node after
 * parsing, around its '@'; mailto: and xmpp: links need that '@' too).
 * A backslash escape before ':', the '.' of "www." or '@' makes the
 * parser consume that character as an escaped literal, in a text node of
 * its own, so none of the three patterns is ever whole in the text the
 * autolinker sees; the escape itself renders as the plain character.
 * CommonMark's own <...> autolinks are escaped with '<'. */
static bool
md_autolink_char (const char *s, const char *p)
{
  if (*p == '@')
    return true;
  if (*p == ':')
    return p[1] == '/';
  return *p == '.' && p - s >= 3 && strncasecmp (p - 3, "www", 3) == 0;
}

/* Writes user text S escaped, after text_sanitize (bytes that are not
 * UTF-8 become U+FFFD): HTML entities, or Markdown with the characters
 * that start markup (emphasis, code, links, HTML, table cells, notebook
 * math) and autolinks (md_autolink_char) backslashed; control bytes and
 * DEL as spaces (a cell must stay on one line); a '#' or '-' can start a
 * block only at the start of a line, where this writer always puts its
 * own text. */
static void
doc_text (doc *d, const char *s)
{
  char *u = text_sanitize (s);
  for (const char *c = u; *c; c++)
    {
      unsigned char b = (unsigned char) *c;
      if (b < 0x20 || b == 0x7f)
        fputc (' ', d->fp);
      else if (d->html)
        switch (b)
          {
          case '&': fputs ("&amp;", d->fp); break;
          case '<': fputs ("&lt;", d->fp); break;
          case '>': fputs ("&gt;", d->fp); break;
          case '"': fputs ("&quot;", d->fp); break;
          case '\'': fputs ("&#39;", d->fp); break;
          default: fputc (b, d->fp);
          }
      else if (strchr ("\\`*_[]<>|~$", b) || md_autolink_char (u, c))
        fprintf (d->fp, "\\%c", b);
      else
        fputc (b, d->fp);
    }
  free (u);
}

__attribute__ ((format (printf, 2, 3))) static void
doc_textf (doc *d, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  char *buf = text_vprintf (fmt, ap);
  va_end (ap);
  doc_text (d, buf);
  free (buf);
}

static void
doc_heading (doc *d, int level, const char *text)
{
  if (d->html)
    fprintf (d->fp, "<h%d>", level);
  else
    fprintf (d->fp, "\n%.*s ", level, "######");
  doc_text (d, text);
  fputs (d->html ? "</h" : "\n", d->fp);
  if (d->html)
    fprintf (d->fp, "%d>\n", level);
}

static void
doc_para_begin (doc *d)
{
  fputs (d->html ? "<p>" : "\n", d->fp);
}

static void
doc_para_end (doc *d)
{
  fputs (d->html ? "</p>\n" : "\n", d->fp);
}

/* A paragraph of plain (escaped) text. */
__attribute__ ((format (printf, 2, 3))) static void
doc_para (doc *d, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  char *buf = text_vprintf (fmt, ap);
  va_end (ap);
  doc_para_begin (d);
  doc_text (d, buf);
  doc_para_end (d);
  free (buf);
}

static void
doc_table_begin (doc *d, const char *const *head, size_t n)
{
  fputs (d->html ? "<table>\n<tr>" : "\n|", d->fp);
  for (size_t i = 0; i < n; i++)
    {
      fputs (d->html ? "<th>" : " ", d->fp);
      doc_text (d, head[i]);
      fputs (d->html ? "</th>" : " |", d->fp);
    }
  fputs (d->html ? "</tr>\n" : "\n|", d->fp);
  for (size_t i = 0; !d->html && i < n; i++)
    fputs ("---|", d->fp);
  if (!d->html)
    fputc ('\n', d->fp);
}

static void
doc_row (doc *d, char *const *cells, size_t n)
{
  fputs (d->html ? "<tr>" : "|", d->fp);
  for (size_t i = 0; i < n; i++)
    {
      fputs (d->html ? "<td>" : " ", d->fp);
      doc_text (d, cells[i]);
      fputs (d->html ? "</td>" : " |", d->fp);
    }
  fputs (d->html ? "</tr>\n" : "\n", d->fp);
}

static void
doc_table_end (doc *d)
{
  fputs (d->html ? "</table>\n" : "", d->fp);
}

static void
doc_item (doc *d, const char *text)
{
  fputs (d->html ? "<li>" : "- ", d->fp);
  doc_text (d, text);
  fputs (d->html ? "</li>\n" : "\n", d->fp);
}

/* doc_item of a formatted line. */
static void __attribute__ ((format (printf, 2, 3)))
doc_itemf (doc *d, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  char *line = text_vprintf (fmt, ap);
  va_end (ap);
  doc_item (d, line);
  free (line);
}

static void
doc_list (doc *d, bool begin)
{
  fputs (d->html ? (begin ? "<ul>\n" : "</ul>\n") : "\n", d->fp);
}

/* A chart: its image, or, when gnuplot did not draw it, how to. */
static void
doc_chart (doc *d, const plot_chart *c)
{
  char gp[300];
  snprintf (gp, sizeof gp, "%s.gp", c->name);
  doc_para_begin (d);
  if (!c->drawn)
    doc_textf (d, "Chart %s not drawn: run gnuplot %s in this directory.", c->name, gp);
  else if (d->html)
    {
      /* Chart names are slugs: no character needs escaping in them. */
      fprintf (d->fp, "<img src=\"%s\" alt=\"%s\" width=\"960\"><br>"
               "<small><a href=\"%s\">script</a> &middot; <a href=\"%s.dat\">data</a></small>",
               c->image, c->name, gp, c->name);
    }
  else
    fprintf (d->fp, "![%s](%s)  \n[script](%s), [data](%s.dat)", c->name, c->image, gp, c->name);
  doc_para_end (d);
}

/* ------------------------------------------------------------------ */
/* Sections.                                                           */
/* ------------------------------------------------------------------ */

/* V with two decimals (G false) or three significant digits; "" if
 * undefined.  BUF holds 32 bytes. */
static char *
fmt (char *buf, bool g, double v)
{
  if (!isfinite (v))
    buf[0] = '\0';
  else if (g)
    snprintf (buf, 32, "%.3g", v);
  else
    snprintf (buf, 32, "%.2f", v);
  return buf;
}

static void
section_parameters (doc *d, const report_info *info, const evs_study *st,
                    const evs_timeline *t)
{
  const study_opts *o = &st->opts;
  char buf[64];
  text_buf cb = { 0 }, wb = { 0 };
  for (int i = 0; i < info->argc; i++)
    text_buf_printf (&cb, "%s%s", i ? " " : "", info->argv[i]);
  char *cmd = text_buf_take (&cb);
  for (size_t w = 0; w < o->nwin; w++)
    text_buf_printf (&wb, "%s%d:%d", w ? ", " : "", o->win[w].a, o->win[w].b);
  char *wins = text_buf_take (&wb);
  doc_heading (d, 2, "Parameters");
  static const char *const head[] = { "parameter", "value" };
  doc_table_begin (d, head, 2);
  char est[32], ar[32], minest[32];
  snprintf (est, sizeof est, "%d:%d", o->est.a, o->est.b);
  snprintf (ar, sizeof ar, "%d:%d", o->ar.a, o->ar.b);
  snprintf (minest, sizeof minest, "%zu", o->min_est);
  snprintf (buf, sizeof buf, "%zu", t->n);
  char *rows[][2] = {
    { (char *) "command", cmd }, { (char *) "events file", t->source },
    { (char *) "events", buf },
    { (char *) "model", (char *) model_name (o->model) },
    { (char *) "returns", (char *) (o->returns == RETURNS_LOG ? "log" : "simple") },
    { (char *) "estimation window", est }, { (char *) "fewest estimation days", minest },
    { (char *) "event windows (the first is the main one)", wins },
    { (char *) "days with reported ARs", ar },
    { (char *) "evstudy", (char *) PACKAGE_VERSION },
    { (char *) "gnuplot", (char *) (info->gnuplot[0] ? info->gnuplot : "not found") },
  };
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
    doc_row (d, rows[i], 2);
  doc_table_end (d);
  free (cmd);
  free (wins);
}

/* True if S appears in ST before result I (to list each series once). */
static bool
seen_before (const evs_study *st, size_t i)
{
  for (size_t j = 0; j < i; j++)
    if (st->res[j].series == st->res[i].series)
      return true;
  return false;
}

static void
section_data (doc *d, const evs_study *st)
{
  doc_heading (d, 2, "Data");
  static const char *const head[] = {
    "series", "file", "layout", "price column", "first", "last", "rows",
    "missing prices", "market"
  };
  doc_table_begin (d, head, 9);
  for (size_t i = 0; i < st->n; i++)
    {
      const study_result *r = &st->res[i];
      const evs_series *s = r->series;
      if (seen_before (st, i) || s->n == 0)
        continue;
      char first[11], last[11], n[24], gaps[24];
      snprintf (n, sizeof n, "%zu", s->n);
      snprintf (gaps, sizeof gaps, "%zu", s->n_gaps);
      char *cells[] = {
        s->ticker, s->source ? s->source : (char *) "", s->layout ? s->layout : (char *) "",
        s->price_column ? s->price_column : (char *) "",
        date_format (s->date[0], first), date_format (s->date[s->n - 1], last), n, gaps,
        r->market ? r->market->ticker : (char *) "none"
      };
      doc_row (d, cells, 9);
    }
  doc_table_end (d);
}

/* The price charts, last: context, not findings. */
static void
section_prices (doc *d, const plot_set *ch)
{
  size_t n = 0;
  for (size_t i = 0; i < ch->n; i++)
    n += ch->v[i].kind == PLOT_PRICE;
  if (!n)
    return;
  doc_heading (d, 2, "Prices");
  doc_para (d, "Each series' prices over the study, the events marked by number.");
  for (size_t i = 0; i < ch->n; i++)
    if (ch->v[i].kind == PLOT_PRICE)
      doc_chart (d, &ch->v[i]);
}

/* One row of the CAR table for window W of pair R. */
static void
car_row (doc *d, const study_result *r, size_t w, bool with_event)
{
  char day0[11] = "", car[32], se[32], tt[32], p[32], win[32] = "", ev[24];
  if (r->has_day0)
    date_format (r->day0, day0);
  snprintf (ev, sizeof ev, "%zu", r->event->row);
  bool ok = r->status == STUDY_OK;
  const study_car *c = ok ? &r->cars[w] : NULL;
  if (c)
    snprintf (win, sizeof win, "%d:%d", c->w.a, c->w.b);
  char *cells[] = {
    ev, r->event->label, r->series->ticker, day0, win,
    c ? fmt (car, false, 100 * c->car) : (char *) "",
    c ? fmt (se, false, 100 * c->se) : (char *) "",
    c ? fmt (tt, false, c->t) : (char *) "",
    c ? fmt (p, true, c->p) : (char *) "",
    c ? (char *) output_stars (c->p) : (char *) r->reason
  };
  char mark[96];
  size_t in = c ? findings_others_in (r, c->w) : 0;
  if (c && output_stars (c->p)[0] && in)
    {
      /* A starred result that another event shares its window with. */
      snprintf (mark, sizeof mark, "%s " REPORT_CONFOUNDED " %zu other event%s in the window",
                output_stars (c->p), in, in == 1 ? "" : "s");
      cells[9] = mark;
    }
  else if (c && output_stars (c->p)[0] && r->nconf_total)
    {
      snprintf (mark, sizeof mark, "%s " REPORT_NEAR " %zu other event%s nearby",
                output_stars (c->p), r->nconf_total, r->nconf_total == 1 ? "" : "s");
      cells[9] = mark;
    }
  doc_row (d, with_event ? cells : cells + 2, with_event ? 10 : 8);
}

static void
section_summary (doc *d, const evs_study *st, const plot_set *ch)
{
  char title[64];
  snprintf (title, sizeof title, "Summary: CAR over the main window %d:%d",
            st->opts.win[0].a, st->opts.win[0].b);
  doc_heading (d, 2, title);
  doc_para (d, "CAR and se in percent; significance from the two-sided t test of each "
            "pair (MacKinlay 1997): *** p < 0.01, ** p < 0.05, * p < 0.10. "
            REPORT_CONFOUNDED ": another event of the timeline falls in the window, so "
            "the result cannot be credited to this event alone; " REPORT_NEAR ": not in "
            "the window, but within the span of all windows (see the event's section).");
  static const char *const head[] = {
    "event", "label", "series", "day 0", "window", "CAR %", "se %", "t", "p",
    "significance or reason skipped"
  };
  doc_table_begin (d, head, 10);
  for (size_t i = 0; i < st->n; i++)
    car_row (d, &st->res[i], 0, true);
  doc_table_end (d);
  for (size_t i = 0; i < ch->n; i++)
    if (ch->v[i].kind == PLOT_SUMMARY)
      doc_chart (d, &ch->v[i]);
}

static void
event_charts (doc *d, const plot_set *ch, const evs_event *e, enum plot_kind kind)
{
  for (size_t i = 0; i < ch->n; i++)
    if (ch->v[i].kind == kind && ch->v[i].event == e)
      doc_chart (d, &ch->v[i]);
}

static void
section_event (doc *d, const evs_study *st, const evs_event *e, const plot_set *ch)
{
  /* A heading shows at most REPORT_HEADING_MAX bytes of the label, cut
   * between characters with an ellipsis; the tables show it whole. */
  char *label = text_sanitize (e->label), *cut = text_cut (label, REPORT_HEADING_MAX);
  char *title = text_printf ("Event %zu: %s", e->row, cut);
  doc_heading (d, 2, title);
  free (title);
  free (cut);
  free (label);
  doc_para_begin (d);
  doc_textf (d, "Dated %s", e->date_text);
  if (e->company[0])
    doc_textf (d, "; company: %s", e->company);
  if (e->source[0])
    {
      doc_text (d, "; source: ");
      doc_text (d, e->source);
    }
  doc_text (d, ".");
  doc_para_end (d);
  static const char *const head[] = {
    "series", "day 0", "window", "CAR %", "se %", "t", "p", "significance or reason skipped"
  };
  doc_table_begin (d, head, 8);
  for (size_t i = 0; i < st->n; i++)
    if (st->res[i].event == e)
      for (size_t w = 0; w < (st->res[i].status == STUDY_OK ? st->res[i].ncars : 1); w++)
        car_row (d, &st->res[i], w, false);
  doc_table_end (d);
  for (size_t i = 0; i < st->n; i++)
    if (st->res[i].event == e && st->res[i].warn)
      {
        char wb[STUDY_WARNINGS_MAX];
        doc_para (d, "Warning, %s: %s.", st->res[i].series->ticker,
                  study_warnings_text (&st->res[i], wb, sizeof wb));
      }
  event_charts (d, ch, e, PLOT_CAR);
  event_charts (d, ch, e, PLOT_ACTUAL);
  event_charts (d, ch, e, PLOT_AR);
}

/* ------------------------------------------------------------------ */
/* Findings first (issue 14).                                          */
/* ------------------------------------------------------------------ */

/* The time the report says it was written: INFO's, else
 * $SOURCE_DATE_EPOCH (reproducible builds' convention), else now. */
static time_t
written_time (const report_info *info)
{
  if (info->written > 0)
    return (time_t) info->written;
  const char *e = getenv ("SOURCE_DATE_EPOCH");
  char *end;
  long long v = e ? strtoll (e, &end, 10) : -1;
  return e && *e && !*end && v >= 0 ? (time_t) v : time (NULL);
}

/* "SPY 2025-12-30, ^HSI 2025-12-30": the last price date of each market
 * (of each studied series without one), a new string. */
static char *
data_as_of (const evs_study *st)
{
  text_buf b = { 0 };
  size_t n = 0;
  for (size_t i = 0; i < st->n; i++)
    {
      const evs_series *m = st->res[i].market ? st->res[i].market : st->res[i].series;
      bool seen = false;
      for (size_t j = 0; j < i && !seen; j++)
        seen = (st->res[j].market ? st->res[j].market : st->res[j].series) == m;
      if (seen || m->n == 0)
        continue;
      char day[11];
      text_buf_printf (&b, "%s%s %s", n++ ? ", " : "", m->ticker,
                       date_format (m->date[m->n - 1], day));
    }
  if (!n)
    text_buf_puts (&b, "no data");
  return text_buf_take (&b);
}

/* The command line as one string, arguments with a space or a quote
 * shell-quoted, so that it can be pasted back. */
static char *
command_line (const report_info *info)
{
  text_buf b = { 0 };
  int argc = info->argc;
  const char *const *argv = info->argv;
  /* The program is named "evstudy" however it was called (cmd_main
   * names it so for getopt's messages): the command works from any
   * directory and shows no path of the machine that ran it.  A store
   * run: "evstudy run --db ...", not the options alone. */
  text_buf_puts (&b, "evstudy");
  if (info->run && info->run->argv)
    {
      text_buf_puts (&b, " run");
      argc = info->run->argc;
      argv = info->run->argv;
    }
  for (int i = 1; i < argc; i++)
    {
      const char *a = argv[i];
      text_buf_putc (&b, ' ');
      if (*a && !a[strcspn (a, " \t\n'\"\\$`*?[]{}()<>|&;#~!")])
        text_buf_puts (&b, a);
      else
        {
          text_buf_putc (&b, '\'');
          for (; *a; a++)
            text_buf_puts (&b, *a == '\'' ? "'\\''" : (char[]) { *a, 0 });
          text_buf_putc (&b, '\'');
        }
    }
  return text_buf_take (&b);
}

/* What this report is: run, data as of, generation, time, command. */
static void
section_about (doc *d, const report_info *info, const evs_study *st)
{
  char when[64];
  time_t now = written_time (info);
  struct tm tm;
  strftime (when, sizeof when, "%Y-%m-%d %H:%M UTC", gmtime_r (&now, &tm));
  char *asof = data_as_of (st), *cmd = command_line (info);
  doc_list (d, true);
  if (info->run)
    doc_itemf (d, "Run %lld of the store, on prices as of import generation %lld",
               (long long) info->run->id, (long long) info->run->generation);
  doc_itemf (d, "Data as of: %s (last price date of each market)", asof);
  doc_itemf (d, "Written %s by evstudy %s", when, PACKAGE_VERSION);
  doc_itemf (d, "Command: %s", cmd);
  doc_list (d, false);
  free (asof);
  free (cmd);
}

/* Smallest p of R's significant windows (2 when none). */
static double
pair_min_p (const evs_study *st, size_t i)
{
  double m = 2;
  for (size_t w = 0; w < st->res[i].ncars; w++)
    if (findings_significant (st, i, w) && st->res[i].cars[w].p < m)
      m = st->res[i].cars[w].p;
  return m;
}

/* One headline: the pair in bold, then the sentence of each of its
 * significant windows. */
static void
headline_item (doc *d, const evs_study *st, size_t i)
{
  char *subj = findings_subject (&st->res[i]);
  fputs (d->html ? "<li><strong>" : "- **", d->fp);
  doc_text (d, subj);
  fputs (d->html ? "</strong>" : "**", d->fp);
  for (size_t w = 0; w < st->res[i].ncars; w++)
    if (findings_significant (st, i, w))
      {
        char *sent = findings_sentence (st, i, w);
        fputs (d->html ? "<br>\n" : "  \n  ", d->fp);
        char *win = findings_window (st->res[i].cars[w].w);
        fputs (d->html ? "<span class=\"win\">" : "", d->fp);
        doc_text (d, win);
        fputs (d->html ? "</span> " : " ", d->fp);
        doc_text (d, sent);
        free (win);
        free (sent);
      }
  fputs (d->html ? "</li>\n" : "\n", d->fp);
  free (subj);
}

/* qsort order of pairs: smallest p first, then as in the study. */
static const evs_study *sort_st;
static int
by_min_p (const void *a, const void *b)
{
  size_t i = *(const size_t *) a, j = *(const size_t *) b;
  double pi = pair_min_p (sort_st, i), pj = pair_min_p (sort_st, j);
  return pi < pj ? -1 : pi > pj ? 1 : (i > j) - (i < j);
}

/* The pairs with a result of p < FINDINGS_LEVEL, strongest first. */
static void
section_headlines (doc *d, const evs_study *st)
{
  doc_heading (d, 2, "Headlines");
  size_t *idx = evs_xmalloc ((st->n ? st->n : 1) * sizeof *idx), n = 0, nres = 0;
  for (size_t i = 0; i < st->n; i++)
    if (pair_min_p (st, i) < 1)
      idx[n++] = i;
  for (size_t k = 0; k < n; k++)
    for (size_t w = 0; w < st->res[idx[k]].ncars; w++)
      nres += findings_significant (st, idx[k], w);
  if (!n)
    doc_para (d, "No abnormal return or CAR is significant at 5%% (two-sided t test of "
              "each pair); the summary table below has every result.");
  else
    {
      sort_st = st;
      qsort (idx, n, sizeof *idx, by_min_p);
      doc_para (d, "The %zu results with p < 0.05 (two-sided t test of each pair), "
                "strongest first%s.", nres, n > REPORT_HEADLINES_MAX
                ? "; the first 40 pairs are listed, the summary table and the event "
                "sections have all" : "");
      doc_list (d, true);
      for (size_t k = 0; k < n && k < REPORT_HEADLINES_MAX; k++)
        headline_item (d, st, idx[k]);
      doc_list (d, false);
    }
  free (idx);
}

/* ------------------------------------------------------------------ */
/* Since the previous run (store runs).                                */
/* ------------------------------------------------------------------ */

static bool
same_event (const evs_event *a, const evs_event *b)
{
  return strcmp (a->date_text, b->date_text) == 0 && strcmp (a->label, b->label) == 0;
}

/* The result of PREV for the same event, series (ticker) and window as
 * window W of R, or NULL. */
static const study_car *
prev_car (const evs_study *prev, const study_result *r, size_t w)
{
  for (size_t i = 0; i < prev->n; i++)
    {
      const study_result *q = &prev->res[i];
      if (q->status != STUDY_OK || !same_event (q->event, r->event)
          || strcmp (q->series->ticker, r->series->ticker))
        continue;
      for (size_t v = 0; v < q->ncars; v++)
        if (q->cars[v].w.a == r->cars[w].w.a && q->cars[v].w.b == r->cars[w].w.b)
          return &q->cars[v];
    }
  return NULL;
}

static void
since_events (doc *d, const report_run *run, const evs_timeline *t, size_t *n)
{
  for (size_t e = 0; e < t->n; e++)
    {
      bool old = false;
      for (size_t k = 0; run->prev_events && k < run->prev_events->n && !old; k++)
        old = same_event (&t->v[e], &run->prev_events->v[k]);
      if (old)
        continue;
      doc_itemf (d, "New event %zu (%s): %s", t->v[e].row, t->v[e].date_text,
                 t->v[e].label);
      ++*n;
    }
}

static void
since_prices (doc *d, const report_run *run, size_t *n)
{
  for (size_t i = 0; i < run->nprices; i++)
    {
      const report_prices *p = &run->prices[i];
      char a[11], b[11];
      if (p->added)
        {
          doc_itemf (d, "%s: %zu new price%s, %s to %s", p->ticker, p->added,
                     p->added == 1 ? "" : "s", date_format (p->first, a),
                     date_format (p->last, b));
          ++*n;
        }
      if (p->changed)
        {
          doc_itemf (d, "%s: %zu earlier price%s changed (adjusted for a dividend "
                     "or split, or corrected)", p->ticker, p->changed,
                     p->changed == 1 ? "" : "s");
          ++*n;
        }
    }
}

static void
since_significance (doc *d, const evs_study *st, const evs_study *prev, size_t *n)
{
  for (size_t i = 0; i < st->n; i++)
    {
      const study_result *r = &st->res[i];
      for (size_t w = 0; r->status == STUDY_OK && w < r->ncars; w++)
        {
          const study_car *c = &r->cars[w], *q = prev_car (prev, r, w);
          if (!q || strcmp (output_stars (q->p), output_stars (c->p)) == 0)
            continue;
          doc_itemf (d, "%s, event %zu (%s), window %d:%d: CAR %.2f%% (p %.3g) "
                     "%s, was %.2f%% (p %.3g) %s", r->series->ticker,
                     r->event->row, r->event->label, c->w.a, c->w.b,
                     100 * c->car, c->p, *output_stars (c->p) ? output_stars (c->p)
                     : "not significant", 100 * q->car, q->p,
                     *output_stars (q->p) ? output_stars (q->p) : "not significant");
          ++*n;
        }
    }
}

static void
section_since (doc *d, const report_run *run, const evs_study *st, const evs_timeline *t)
{
  doc_heading (d, 2, "Since the previous run");
  if (!run->prev)
    {
      doc_para (d, "This is the first run of these options in the store.");
      return;
    }
  doc_para (d, "Compared with run %lld (prices as of import generation %lld).",
            (long long) run->prev_id, (long long) run->prev_generation);
  size_t n = 0;
  doc_list (d, true);
  since_events (d, run, t, &n);
  since_prices (d, run, &n);
  since_significance (d, st, run->prev, &n);
  if (!n)
    doc_item (d, "nothing: the same events, prices and significance");
  doc_list (d, false);
}

/* "stat (p)" of test NAME in CELL, or "-" when it was not computed. */
static char *
test_cell (const aggregate_cell *c, const char *name)
{
  char buf[64];
  const evtests_result *r = aggregate_test (c, name, NULL);
  if (r && isfinite (r->stat))
    snprintf (buf, sizeof buf, "%.2f (%.4f)%s", r->stat, r->p,
              r->p < 0.01 ? "***" : r->p < 0.05 ? "**" : r->p < 0.10 ? "*" : "");
  else
    snprintf (buf, sizeof buf, "-");
  return evs_xstrdup (buf);
}

/* One group of the aggregate: CAAR per window with the tests the text
 * table shows (Kolari-Pynnonen-adjusted when pairs are clustered). */
static void
aggregate_group_table (doc *d, const aggregate_group *g)
{
  bool kp = g->nclustered > 0;
  const char *names[] = { "t", kp ? "patell_kp" : "patell", kp ? "bmp_kp" : "bmp",
                          "grank_t", "gsign", "wilcoxon" };
  static const char *const head[] = { "window", "N", "CAAR %", "t", "Patell Z",
                                      "BMP t", "GRANK t", "gen. sign", "Wilcoxon" };
  doc_heading (d, 3, g->name);
  doc_para (d, "%zu pairs%s", g->npairs, kp ? "; pairs share a day 0, so Patell and "
            "BMP carry the Kolari-Pynnonen (2010) adjustment" : "");
  doc_table_begin (d, head, 9);
  for (size_t w = 0; w < g->nwins; w++)
    {
      const aggregate_cell *c = &g->wins[w];
      char *cells[9], buf[3][64];
      snprintf (buf[0], sizeof buf[0], "[%+d, %+d]", c->w.a, c->w.b);
      snprintf (buf[1], sizeof buf[1], "%zu", c->n);
      snprintf (buf[2], sizeof buf[2], "%.2f", 100 * c->mean);
      for (int k = 0; k < 3; k++)
        cells[k] = buf[k];
      for (int k = 0; k < 6; k++)
        cells[3 + k] = test_cell (c, names[k]);
      doc_row (d, cells, 9);
      for (int k = 0; k < 6; k++)
        free (cells[3 + k]);
    }
  doc_table_end (d);
}

static void
section_aggregate (doc *d, const plot_set *ch, const aggregate_run *agg)
{
  doc_heading (d, 2, "Across events");
  doc_para (d, "Average abnormal return (AAR) and its cumulative sum (CAAR) per relative "
            "day over every pair with all reported days; the band is CAAR +- 1.96 "
            "cross-sectional standard errors (sd of the pairs' CARs / sqrt(N)).");
  for (size_t i = 0; i < ch->n; i++)
    if (ch->v[i].kind == PLOT_CAAR)
      doc_chart (d, &ch->v[i]);
  if (!agg)
    return;
  doc_para (d, "Cells: statistic (two-sided p); *** p < 0.01, ** p < 0.05, * p < 0.10. "
            "Every test of every day and window: --format csv --table tests.");
  for (size_t i = 0; i < agg->n; i++)
    if (agg->g[i].npairs > 1)
      aggregate_group_table (d, &agg->g[i]);
}

static void
warn_confounded (doc *d, const study_result *r, size_t *n)
{
  text_buf b = { 0 };
  text_buf_printf (&b, "event %zu (%s) on %s is confounded by:", r->event->row,
                   r->event->label, r->series->ticker);
  for (size_t k = 0; k < r->nconf; k++)
    text_buf_printf (&b, "%s event %zu (%s)", k ? "," : "", r->conf[k]->row,
                     r->conf[k]->label);
  char *buf = text_buf_take (&b);
  doc_item (d, buf);
  free (buf);
  ++*n;
}

static void
section_warnings (doc *d, const report_info *info, const evs_study *st, const plot_set *ch)
{
  char *buf;
  size_t n = 0;
  doc_heading (d, 2, "Warnings");
  doc_list (d, true);
  for (size_t i = 0; info->run && i < info->run->nwarnings; i++, n++)
    doc_item (d, info->run->warnings[i]);
  char eb[STUDY_EMPTY_MAX];
  const char *empty = study_empty_text (st, eb, sizeof eb);
  if (empty)
    {
      doc_item (d, empty);
      n++;
    }
  const evs_series *idx[16];
  for (size_t i = 0, k = study_index_stocks (st, idx, 16); i < k; i++, n++)
    doc_item (d, study_index_text (idx[i], eb, sizeof eb));
  const study_result *fm[16];
  for (size_t i = 0, k = study_foreign_markets (st, fm, 16); i < k; i++, n++)
    doc_item (d, study_foreign_text (fm[i], eb, sizeof eb));
  for (size_t i = 0; i < st->n; i++)
    {
      const study_result *r = &st->res[i];
      if (r->status == STUDY_SKIPPED)
        {
          buf = text_printf ("skipped: event %zu (%s) on %s: %s", r->event->row,
                             r->event->label, r->series->ticker, r->reason);
          doc_item (d, buf);
          free (buf);
          n++;
        }
      if (r->nconf)
        warn_confounded (d, r, &n);
      if (r->warn)
        {
          char wb[STUDY_WARNINGS_MAX];
          buf = text_printf ("event %zu (%s) on %s: %s", r->event->row, r->event->label,
                             r->series->ticker, study_warnings_text (r, wb, sizeof wb));
          doc_item (d, buf);
          free (buf);
          n++;
        }
      if (!seen_before (st, i) && r->series->n_gaps)
        {
          buf = text_printf ("missing data: %s has %zu rows without a price in %s",
                             r->series->ticker, r->series->n_gaps, r->series->source);
          doc_item (d, buf);
          free (buf);
          n++;
        }
    }
  for (size_t i = 0; i < ch->n; i++)
    if (!ch->v[i].drawn)
      {
        buf = text_printf ("chart %s not drawn", ch->v[i].name);
        doc_item (d, buf);
        free (buf);
        n++;
      }
  if (!n)
    doc_item (d, "none");
  doc_list (d, false);
}

/* ------------------------------------------------------------------ */
/* The two files.                                                      */
/* ------------------------------------------------------------------ */

static const char html_head[] =
  "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
  "<title>evstudy report</title>\n<style>\n"
  "body{font-family:sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}\n"
  "table{border-collapse:collapse;margin:1em 0;font-size:90%}\n"
  "th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left}\n"
  "th{background:#f2f2f2}img{max-width:100%;height:auto}\n"
  "li{margin-bottom:.7em;line-height:1.35}.win{font-family:monospace;font-weight:bold;"
  "background:#f2f2f2;padding:0 .3em}\n"
  "</style>\n</head>\n<body>\n";

/* ------------------------------------------------------------------ */
/* Issue 12: the volume and volatility sections.                       */
/* ------------------------------------------------------------------ */

static void
measure_charts (doc *d, const plot_set *ch, enum plot_kind kind)
{
  for (size_t i = 0; i < ch->n; i++)
    if (ch->v[i].kind == kind)
      doc_chart (d, &ch->v[i]);
}

/* --measure volume: day 0's volume against its normal, then CAV per
 * window, then the volume charts. */
static void
section_volume (doc *d, const evs_study *st, const plot_set *ch)
{
  doc_heading (d, 2, "Abnormal trading volume");
  doc_para (d, "Abnormal log volume AV = ln(1 + V) - E[ln(1 + V)] under the %s model "
            "(Ajinkya & Jain 1989; Campbell & Wasley 1996): the multiple e^AV is how many "
            "times its normal volume the stock traded.  t and p as for abnormal returns; "
            "Campbell & Wasley found the rank test best specified for volume.",
            model_name (st->opts.model));
  static const char *const head[] = {
    "event", "series", "day 0", "shares traded", "normal", "multiple", "AV", "t", "p", ""
  };
  doc_table_begin (d, head, 10);
  for (size_t i = 0; i < st->n; i++)
    {
      const study_result *r = &st->res[i];
      for (size_t k = 0; r->status == STUDY_OK && k < r->ndays; k++)
        {
          const study_day *x = &r->days[k];
          if (x->day != 0)
            continue;
          char ev[24], day0[11], v[32], e[32], m[32], av[32], tt[32], p[32];
          snprintf (ev, sizeof ev, "%zu", r->event->row);
          snprintf (v, sizeof v, "%.0f", expm1 (x->ret));
          snprintf (e, sizeof e, "%.0f", expm1 (x->expected));
          snprintf (m, sizeof m, "%.2fx", exp (x->ar));
          char *cells[] = { ev, r->series->ticker, date_format (x->date, day0), v, e, m,
                            fmt (av, true, x->ar), fmt (tt, false, x->t), fmt (p, true, x->p),
                            (char *) output_stars (x->p) };
          doc_row (d, cells, 10);
        }
    }
  doc_table_end (d);
  static const char *const whead[] = { "event", "series", "window", "CAV", "se", "t", "p", "" };
  doc_table_begin (d, whead, 8);
  for (size_t i = 0; i < st->n; i++)
    {
      const study_result *r = &st->res[i];
      for (size_t w = 0; r->status == STUDY_OK && w < r->ncars; w++)
        {
          const study_car *c = &r->cars[w];
          char ev[24], win[32], cav[32], se[32], tt[32], p[32];
          snprintf (ev, sizeof ev, "%zu", r->event->row);
          snprintf (win, sizeof win, "%d:%d", c->w.a, c->w.b);
          char *cells[] = { ev, r->series->ticker, win, fmt (cav, true, c->car),
                            fmt (se, true, c->se), fmt (tt, false, c->t), fmt (p, true, c->p),
                            (char *) output_stars (c->p) };
          doc_row (d, cells, 8);
        }
    }
  doc_table_end (d);
  measure_charts (d, ch, PLOT_VOLUME);
}

/* --measure volatility: Beaver's Ubar per pair and window, the tests
 * across pairs, then the U charts. */
static void
section_volatility (doc *d, const evs_study *st, const aggregate_run *agg,
                    const plot_set *ch)
{
  doc_heading (d, 2, "Abnormal volatility: the variance ratio");
  doc_para (d, "Beaver's (1968) U = (AR/se)^2 per day and its mean Ubar over each window: "
            "the window's abnormal variance over the %s model's, 1 being normal; p = "
            "P(F(L, df) > Ubar), one-sided (an approximation over L > 1 days, README).",
            model_name (st->opts.model));
  static const char *const head[] = { "event", "series", "window", "Ubar", "p", "" };
  doc_table_begin (d, head, 6);
  for (size_t i = 0; i < st->n; i++)
    {
      const study_result *r = &st->res[i];
      for (size_t w = 0; r->status == STUDY_OK && w < r->ncars; w++)
        {
          double up, u = study_car_u (r, &r->cars[w], &up);
          char ev[24], win[32], ub[32], p[32];
          snprintf (ev, sizeof ev, "%zu", r->event->row);
          snprintf (win, sizeof win, "%d:%d", r->cars[w].w.a, r->cars[w].w.b);
          char *cells[] = { ev, r->series->ticker, win, fmt (ub, false, u), fmt (p, true, up),
                            (char *) output_stars (up) };
          doc_row (d, cells, 6);
        }
    }
  doc_table_end (d);
  for (size_t i = 0; agg && i < agg->n; i++)
    {
      const aggregate_group *g = &agg->g[i];
      if (g->npairs < 2)
        continue;
      char *title = text_printf ("Across pairs: %s%s%s (%zu pairs)", g->by ? g->by : "",
                                 g->by ? " = " : "", g->name, g->npairs);
      doc_para (d, "%s", title);
      free (title);
      static const char *const ahead[] = { "window", "N", "mean Ubar", "t (Ubar - E)", "p",
                                           "share > 1", "expected", "p (sign)" };
      doc_table_begin (d, ahead, 8);
      for (size_t k = 0; k < g->nwins; k++)
        {
          const aggregate_cell *c = &g->wins[k];
          const evtests_result *t = aggregate_test (c, "u_t", NULL);
          const evtests_result *sg = aggregate_test (c, "u_sign", NULL);
          char win[32], n[24], m[32], ts[32], tp[32], sh[32], ex[32], sp[32];
          snprintf (win, sizeof win, "%d:%d", c->w.a, c->w.b);
          snprintf (n, sizeof n, "%zu", c->n);
          char *cells[] = { win, n, fmt (m, false, c->u_mean), fmt (ts, false, t ? t->stat : NAN),
                            fmt (tp, true, t ? t->p : NAN), fmt (sh, false, c->u_share),
                            fmt (ex, false, c->u_expect), fmt (sp, true, sg ? sg->p : NAN) };
          doc_row (d, cells, 8);
        }
      doc_table_end (d);
    }
  measure_charts (d, ch, PLOT_VOLATILITY);
}

static void
write_doc (doc *d, const report_info *info, const evs_study *st,
           const evs_timeline *t, const plot_set *ch)
{
  if (d->html)
    fputs (html_head, d->fp);
  doc_heading (d, 1, "Event study report");
  doc_para (d, "Written by evstudy %s: abnormal returns around the events of %s "
            "(MacKinlay 1997; Campbell, Lo & MacKinlay 1997, ch. 4).",
            PACKAGE_VERSION, t->source);
  section_about (d, info, st);
  section_headlines (d, st);
  if (info->run)
    section_since (d, info->run, st, t);
  /* Issue 12's hook: a volume study's "CARs" are log volumes, shown by
   * section_volume instead of the return sections. */
  if (st->opts.measure == STUDY_VOLUME)
    section_volume (d, st, ch);
  else
    {
      section_summary (d, st, ch);
      for (size_t e = 0; e < t->n; e++)
        section_event (d, st, &t->v[e], ch);
      section_aggregate (d, ch, info->agg);
    }
  if (st->opts.measure == STUDY_VOLATILITY)
    section_volatility (d, st, info->agg, ch);
  section_warnings (d, info, st, ch);
  section_parameters (d, info, st, t);
  section_data (d, st);
  section_prices (d, ch);
  doc_para (d, "evstudy %s; %s.", PACKAGE_VERSION,
            info->gnuplot[0] ? info->gnuplot : "gnuplot not found");
  if (d->html)
    fputs ("</body>\n</html>\n", d->fp);
}

/* What write_file writes: the daily study's document, or the intraday
 * one (report_write_intraday). */
typedef struct doc_body {
  const report_info *info;
  const evs_study *st;
  const evs_timeline *t;
  const struct report_intraday *x;
  const plot_set *ch;
} doc_body;

static void write_intraday_doc (doc *d, const report_info *info,
                                const struct report_intraday *x, const plot_set *ch);

static int
write_file (const char *dir, const char *name, bool html, const doc_body *body,
            evs_error *err)
{
  size_t n = strlen (dir) + strlen (name) + 2;
  char *path = evs_xmalloc (n);
  snprintf (path, n, "%s/%s", dir, name);
  doc d = { fopen (path, "w"), html };
  int rc = EVS_OK;
  if (!d.fp)
    rc = evs_fail (err, EVS_EIO, "%s: cannot write: %s", path, strerror (errno));
  else
    {
      if (body->x)
        write_intraday_doc (&d, body->info, body->x, body->ch);
      else
        write_doc (&d, body->info, body->st, body->t, body->ch);
      errno = 0;
      bool bad = fflush (d.fp) != 0 || ferror (d.fp) || fsync (fileno (d.fp)) != 0;
      bad |= fclose (d.fp) != 0;
      if (bad)
        rc = evs_fail (err, EVS_EIO, "%s: write error: %s", path,
                       strerror (errno ? errno : EIO));
    }
  free (path);
  return rc;
}

int
report_write (const char *tmp, const report_info *info, const evs_study *st,
              const evs_timeline *t, const plot_set *charts, evs_error *err)
{
  doc_body body = { info, st, t, NULL, charts };
  int rc = write_file (tmp, "index.html", true, &body, err);
  if (rc == EVS_OK)
    rc = write_file (tmp, "report.md", false, &body, err);
  return rc;
}

/* ------------------------------------------------------------------ */
/* Atomic replacement.                                                 */
/* ------------------------------------------------------------------ */

/* Stat of the report target DIR (trailing slashes dropped), or EVS_EIO
 * in ERR when it exists and may not be replaced: a link, not a directory,
 * or a directory holding anything but an empty one or a marked report.
 * *EXISTS says whether DIR exists. */
static int
target_ok (const char *dir, bool *exists, struct stat *sb, evs_error *err)
{
  *exists = false;
  if (lstat (dir, sb) != 0)
    return errno == ENOENT ? EVS_OK
           : evs_fail (err, EVS_EIO, "%s: cannot create the report: %s", dir, strerror (errno));
  *exists = true;
  if (S_ISLNK (sb->st_mode))
    return evs_fail (err, EVS_EIO, "%s: is a symbolic link: not replaced (name the "
                     "directory it points to)", dir);
  int dfd = S_ISDIR (sb->st_mode)
            ? open (dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) : -1;
  bool ok = dfd >= 0 && fsout_marked (dfd);
  if (dfd >= 0 && !ok)
    {
      /* An empty directory is also fine. */
      DIR *dp = fsout_opendir_at (dfd);
      struct dirent *de;
      ok = dp != NULL;
      while (ok && (de = readdir (dp)) != NULL)
        ok = strcmp (de->d_name, ".") == 0 || strcmp (de->d_name, "..") == 0;
      if (dp)
        closedir (dp);
    }
  if (dfd >= 0)
    close (dfd);
  if (!ok)
    return evs_fail (err, EVS_EIO, "%s: exists and is not an evstudy report (no "
                     FSOUT_MARKER " listing its files): not replaced", dir);
  return EVS_OK;
}

/* DIR without its trailing slashes, newly allocated. */
static char *
strip (const char *dir)
{
  size_t len = strlen (dir);
  while (len > 1 && dir[len - 1] == '/')
    len--;
  return evs_xstrndup (dir, len);
}

int
report_check (const char *dir, evs_error *err)
{
  char *p = strip (dir);
  bool exists;
  struct stat sb;
  int rc = target_ok (p, &exists, &sb, err);
  if (rc == EVS_OK)
    {
      /* The new report is made beside DIR and renamed over it. */
      const char *base;
      char *parent = fsout_dirname (p, &base);
      if (access (parent, W_OK | X_OK) != 0)
        rc = evs_fail (err, EVS_EIO, "%s: cannot create the report: %s", dir,
                       strerror (errno));
      free (parent);
    }
  free (p);
  return rc;
}

char *
report_begin (const char *dir, int *slot, evs_error *err)
{
  *slot = -1;
  if (report_check (dir, err) != EVS_OK)
    return NULL;
  char *p = strip (dir), *tmp;
  const char *base;
  char *parent = fsout_dirname (p, &base);
  fsout_sweep (parent, base);
  free (parent);
  if (fsout_temp (p, true, &tmp, slot) < 0)
    {
      evs_fail (err, EVS_EIO, "%s: cannot create the report: %s", dir, strerror (errno));
      tmp = NULL;
    }
  free (p);
  return tmp;
}

void
report_abort (const char *tmp, int slot)
{
  fsout_remove_temp_dir (tmp, slot);
}

/* Writes the marker of TMP: the magic line and the name of every file
 * in TMP (all written by this run). */
static int
write_marker (const char *tmp, evs_error *err)
{
  int dfd = open (tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  int fd = dfd >= 0 ? openat (dfd, FSOUT_MARKER, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW
                              | O_CLOEXEC, 0666) : -1;
  DIR *dp = dfd >= 0 ? fsout_opendir_at (dfd) : NULL;
  FILE *fp = fd >= 0 && dp ? fdopen (fd, "w") : NULL;
  int rc = EVS_OK;
  if (!fp)
    rc = evs_fail (err, EVS_EIO, "%s/%s: cannot write: %s", tmp, FSOUT_MARKER,
                   strerror (errno));
  else
    {
      fprintf (fp, "%s\n", FSOUT_MARKER_MAGIC);
      struct dirent *de;
      while ((de = readdir (dp)) != NULL)
        if (strcmp (de->d_name, ".") && strcmp (de->d_name, "..")
            && strcmp (de->d_name, FSOUT_MARKER))
          fprintf (fp, "%s\n", de->d_name);
      errno = 0;
      bool bad = fflush (fp) != 0 || ferror (fp) || fsync (fileno (fp)) != 0;
      bad |= fclose (fp) != 0;
      fd = -1;
      if (bad)
        rc = evs_fail (err, EVS_EIO, "%s/%s: write error: %s", tmp, FSOUT_MARKER,
                       strerror (errno ? errno : EIO));
    }
  if (fd >= 0)
    close (fd);
  if (dp)
    closedir (dp);
  if (dfd >= 0)
    close (dfd);
  return rc;
}

int
report_commit (const char *tmp, int slot, const char *dir, evs_error *err)
{
  char *p = strip (dir);
  bool exists;
  struct stat sb;
  int rc = write_marker (tmp, err);
  /* Checked again: the target may have changed while the report was
   * being drawn. */
  if (rc == EVS_OK)
    rc = target_ok (p, &exists, &sb, err);
  if (rc == EVS_OK)
    rc = chmod (tmp, exists ? sb.st_mode & 07777 : 0777 & ~fsout_umask ()) == 0 ? EVS_OK
         : evs_fail (err, EVS_EIO, "%s: cannot put the report in place: %s", dir,
                     strerror (errno));
  if (rc == EVS_OK && !exists)
    {
      if (rename (tmp, p) == 0)
        fsout_pending_drop (slot);
      else
        rc = evs_fail (err, EVS_EIO, "%s: cannot put the report in place: %s", dir,
                       strerror (errno));
    }
  else if (rc == EVS_OK)
    {
      /* The old report, held open so that what is cleaned up is the
       * directory checked, wherever the exchange puts it. */
      int old = open (p, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (old < 0 || renameat2 (AT_FDCWD, tmp, AT_FDCWD, p, RENAME_EXCHANGE) != 0)
        rc = evs_fail (err, EVS_EIO, "%s: cannot put the report in place: %s", dir,
                       strerror (errno));
      else
        {
          /* TMP now holds the previous report: only the files its marker
           * lists are removed; anything else keeps it there. */
          fsout_pending_drop (slot);
          fsout_remove_marked (old);
          rmdir (tmp);
        }
      if (old >= 0)
        close (old);
    }
  free (p);
  return rc;
}

/* ------------------------------------------------------------------ */
/* The intraday report (issue 16): the same page for bars.             */
/* ------------------------------------------------------------------ */

/* "10:47 New York time, 2025-01-29" in S's zone (a new string). */
static char *
intraday_clock (int64_t u, const bars_series *s)
{
  char iso[40];
  bars_format_iso (u, s->x->tz, iso);
  const char *c = strrchr (s->x->tz, '/');
  char *city = evs_xstrdup (c ? c + 1 : s->x->tz);
  for (char *p = city; *p; p++)
    *p = *p == '_' ? ' ' : *p;
  char *out = text_printf ("%.5s %s time, %.10s", iso + 11, city, iso);
  free (city);
  return out;
}

/* The last bar of each market (of each studied series without one). */
static void
intraday_about (doc *d, const report_info *info, const report_intraday *x)
{
  char when[64];
  time_t now = written_time (info);
  struct tm tm;
  strftime (when, sizeof when, "%Y-%m-%d %H:%M UTC", gmtime_r (&now, &tm));
  text_buf b = { 0 };
  size_t n = 0;
  for (size_t i = 0; i < x->n; i++)
    {
      const bars_series *m = x->res[i].m ? x->res[i].m : x->res[i].s;
      bool seen = false;
      for (size_t j = 0; j < i && !seen; j++)
        seen = (x->res[j].m ? x->res[j].m : x->res[j].s) == m;
      if (seen || !m->n)
        continue;
      char iso[40];
      text_buf_printf (&b, "%s%s %s", n++ ? ", " : "", m->ticker,
                       bars_format_iso (m->t[m->n - 1], m->x->tz, iso));
    }
  char *asof = text_buf_take (&b), *cmd = command_line (info);
  doc_list (d, true);
  doc_itemf (d, "Data as of: %s (the last bar of each market)", n ? asof : "no data");
  doc_itemf (d, "Written %s by evstudy %s", when, PACKAGE_VERSION);
  doc_itemf (d, "Command: %s", cmd);
  doc_list (d, false);
  free (asof);
  free (cmd);
}

static double
intraday_min_p (const bar_result *r)
{
  double m = 2;
  for (size_t w = 0; w < r->ncars; w++)
    if (bar_findings_significant (r, w) && r->cars[w].p < m)
      m = r->cars[w].p;
  return m;
}

/* One pair's subject in bold, then the sentence of each window, all of
 * them (SIGNIFICANT false) or those with p < 0.05. */
static void
intraday_item (doc *d, const report_intraday *x, size_t i, bool significant)
{
  const bar_result *r = &x->res[i];
  char *subj = bar_findings_subject (r);
  fputs (d->html ? "<li><strong>" : "- **", d->fp);
  doc_text (d, subj);
  fputs (d->html ? "</strong>" : "**", d->fp);
  size_t nw = r->ok ? r->ncars : 1;
  for (size_t w = 0; w < nw; w++)
    if (!significant || bar_findings_significant (r, w))
      {
        char *sent = bar_findings_sentence (r, w, x->volume, x->log_returns,
                                             x->so->seasonal && x->so->overnight);
        fputs (d->html ? "<br>\n" : "  \n  ", d->fp);
        if (r->ok)
          {
            fputs (d->html ? "<span class=\"win\">" : "", d->fp);
            doc_text (d, r->cars[w].w->text);
            fputs (d->html ? "</span> " : " ", d->fp);
          }
        doc_text (d, sent);
        free (sent);
      }
  fputs (d->html ? "</li>\n" : "\n", d->fp);
  free (subj);
}

static const report_intraday *sort_x;
static int
intraday_by_min_p (const void *a, const void *b)
{
  size_t i = *(const size_t *) a, j = *(const size_t *) b;
  double pi = intraday_min_p (&sort_x->res[i]), pj = intraday_min_p (&sort_x->res[j]);
  return pi < pj ? -1 : pi > pj ? 1 : (i > j) - (i < j);
}

static void
intraday_headlines (doc *d, const report_intraday *x)
{
  doc_heading (d, 2, "Headlines");
  size_t *idx = evs_xmalloc ((x->n ? x->n : 1) * sizeof *idx), n = 0, nres = 0;
  for (size_t i = 0; i < x->n; i++)
    if (intraday_min_p (&x->res[i]) < 1)
      {
        idx[n++] = i;
        for (size_t w = 0; w < x->res[i].ncars; w++)
          nres += bar_findings_significant (&x->res[i], w);
      }
  if (!n)
    doc_para (d, "No abnormal %s is significant at 5%% (two-sided t test of each pair); "
              "the summary table below has every result.",
              x->volume ? "log volume" : "return or CAR");
  else
    {
      sort_x = x;
      qsort (idx, n, sizeof *idx, intraday_by_min_p);
      doc_para (d, "The %zu results with p < 0.05 (two-sided t test of each pair), "
                "strongest first%s.", nres, n > REPORT_HEADLINES_MAX
                ? "; the first 40 pairs are listed, the summary table and the event "
                "sections have all" : "");
      doc_list (d, true);
      for (size_t k = 0; k < n && k < REPORT_HEADLINES_MAX; k++)
        intraday_item (d, x, idx[k], true);
      doc_list (d, false);
    }
  free (idx);
}

/* V in percent with two decimals ("" when not finite), or as is for
 * volume. */
static char *
intraday_value (char *buf, bool volume, double v)
{
  return fmt (buf, volume, volume ? v : 100 * v);
}

/* Every pair's main (first) window. */
static void
intraday_summary (doc *d, const report_intraday *x)
{
  doc_heading (d, 2, "Summary");
  doc_para (d, "Each pair's main window (the first --window): %s in %s, its standard "
            "error, t and two-sided p; * p < 0.10, ** p < 0.05, *** p < 0.01.",
            x->volume ? "the cumulative abnormal log volume" : "the CAR",
            x->volume ? "log units" : "percent");
  const char *head[] = { "event", "label", "series", "bar 0", "window", "bars",
                         x->volume ? "CAV" : "CAR %", x->volume ? "se" : "se %", "t", "p",
                         "" };
  doc_table_begin (d, head, 11);
  for (size_t i = 0; i < x->n; i++)
    {
      const bar_result *r = &x->res[i];
      char ev[24], bars[24], car[32], se[32], tt[32], p[32];
      snprintf (ev, sizeof ev, "%zu", r->event->row);
      /* a table cell of a long label would push the numbers off the
       * page; the event sections have it whole */
      char *clean = text_sanitize (r->event->label), *label = text_cut (clean, 80);
      free (clean);
      if (!r->ok || !r->ncars)
        {
          char *cells[] = { ev, label, r->s->ticker, (char *) "skipped",
                            (char *) "", (char *) "", (char *) "", (char *) "", (char *) "",
                            (char *) "", (char *) "" };
          doc_row (d, cells, 11);
          free (label);
          continue;
        }
      const bar_car *c = &r->cars[0];
      char *day0 = intraday_clock (r->t0, r->s);
      snprintf (bars, sizeof bars, "%zu", c->L);
      char *cells[] = { ev, label, r->s->ticker, day0, (char *) c->w->text, bars,
                        intraday_value (car, x->volume, c->L ? c->car : NAN),
                        intraday_value (se, x->volume, c->L ? c->se : NAN),
                        fmt (tt, false, c->L ? c->t_stat : NAN), fmt (p, true, c->L ? c->p : NAN),
                        (char *) (c->L ? output_stars (c->p) : "") };
      doc_row (d, cells, 11);
      free (day0);
      free (label);
    }
  doc_table_end (d);
}

/* "stat (p)" of test T, or "-". */
static char *
intraday_test_cell (const evtests_result *t)
{
  if (!isfinite (t->stat))
    return evs_xstrdup ("-");
  return text_printf ("%.2f (%.4f)%s", t->stat, t->p, output_stars (t->p));
}

static void
intraday_aggregate (doc *d, const report_intraday *x)
{
  if (!x->agg)
    return;
  const bar_agg_info *ai = x->agg_info;
  size_t ok = 0;
  for (size_t i = 0; i < x->n; i++)
    ok += x->res[i].ok;
  if (ok < 2)
    return;
  bool kp = ai->clustered > 1 && isfinite (ai->rbar);
  doc_heading (d, 2, "Across pairs");
  doc_para (d, "The mean %s of the %zu pairs per window, with the cross-sectional t, "
            "Patell's (1976) Z and the BMP t (Boehmer, Musumeci & Poulsen 1991)%s, "
            "Corrado's (1989) rank test, GRANK (Kolari & Pynnonen 2011) and Cowan's (1992) "
            "generalized sign test: statistic (p).  Patell's Z adds each pair's "
            "standardised value, so one very large move can make it significant alone: "
            "read it with the t and the rank tests, which weigh the pairs alike.  Every "
            "test, per window and per bar: --table aggregate.",
            x->volume ? "CAV" : "CAR", ok,
            kp ? " adjusted for the pairs' correlation (Kolari & Pynnonen 2010)" : "");
  if (kp)
    doc_para (d, "%zu pairs share their bar 0 (the same announcement on one exchange): "
              "mean residual correlation %.4f.", ai->clustered, ai->rbar);
  else if (ai->clustered > 1)
    doc_para (d, "%zu pairs share their bar 0, but their %zu estimation residuals were "
              "more than --max-residuals (%zu kept at most): no Kolari-Pynnonen adjustment "
              "and no GRANK.", ai->clustered, ai->residuals, x->max_residuals);
  const char *head[] = { "window", "N", x->volume ? "CAAV" : "CAAR %", "t",
                         kp ? "Patell-KP Z" : "Patell Z", kp ? "BMP-KP t" : "BMP t", "rank Z",
                         "GRANK t", "gen. sign Z" };
  doc_table_begin (d, head, 9);
  for (size_t k = 0; k < x->nagg && x->agg[k].w; k++)
    {
      const bar_agg_row *r = &x->agg[k];
      char n[24], m[32];
      snprintf (n, sizeof n, "%zu", r->n);
      char *c[] = { intraday_test_cell (&r->t),
                    intraday_test_cell (kp ? &r->patell_kp : &r->patell),
                    intraday_test_cell (kp ? &r->bmp_kp : &r->bmp),
                    intraday_test_cell (&r->rank), intraday_test_cell (&r->grank_t),
                    intraday_test_cell (&r->gsign) };
      char *cells[] = { (char *) r->w->text, n, intraday_value (m, x->volume, r->mean),
                        c[0], c[1], c[2], c[3], c[4], c[5] };
      doc_row (d, cells, 9);
      for (int j = 0; j < 6; j++)
        free (c[j]);
    }
  doc_table_end (d);
}

/* One section per event: every pair's sentences, then its chart. */
static void
intraday_events (doc *d, const report_intraday *x, const plot_set *ch)
{
  bool *seen = evs_xcalloc (x->n + 1, sizeof *seen);
  for (size_t i = 0; i < x->n; i++)
    {
      if (seen[i])
        continue;
      const evs_event *e = x->res[i].event;
      char *title = text_printf ("Event %zu: %s (%s)", e->row, e->label, e->date_text);
      char *cut = text_cut (title, REPORT_HEADING_MAX);
      doc_heading (d, 2, cut);
      free (cut);
      free (title);
      for (size_t j = i; j < x->n; j++)
        {
          if (x->res[j].event != e)
            continue;
          seen[j] = true;
          doc_list (d, true);
          intraday_item (d, x, j, false);
          doc_list (d, false);
          /* bar_plot_write names pair J's chart "intraday-J+1-TICKER" */
          char prefix[40];
          snprintf (prefix, sizeof prefix, "intraday-%zu-", j + 1);
          for (size_t k = 0; k < ch->n; k++)
            if (strncmp (ch->v[k].name, prefix, strlen (prefix)) == 0)
              doc_chart (d, &ch->v[k]);
        }
    }
  if (ch->n)
    doc_para (d, "Each chart: the abnormal return of every bar (bars) with its 95%% band "
              "(1.96 standard errors: where ARs fall without an effect) and the cumulative "
              "AR (line, right axis).  One step per bar, so nights and lunch breaks take "
              "no room; dashed lines are session breaks, the solid line the announcement.");
  free (seen);
}

static void
intraday_warnings (doc *d, const report_intraday *x, const plot_set *ch)
{
  size_t n = 0;
  doc_heading (d, 2, "Warnings");
  doc_list (d, true);
  for (size_t i = 0; i < x->nnotes; i++, n++)
    doc_item (d, x->notes[i]);
  for (size_t i = 0; i < x->n; i++)
    if (!x->res[i].ok)
      {
        const bar_result *r = &x->res[i];
        char *b = text_printf ("skipped: event %zu (%s) on %s: %s", r->event->row,
                               r->event->label, r->s->ticker, r->reason);
        doc_item (d, b);
        free (b);
        n++;
      }
  for (size_t i = 0; i < ch->n; i++)
    if (!ch->v[i].drawn)
      {
        char *b = text_printf ("chart %s not drawn", ch->v[i].name);
        doc_item (d, b);
        free (b);
        n++;
      }
  if (!n)
    doc_item (d, "none");
  doc_list (d, false);
}

static void
intraday_parameters (doc *d, const report_info *info, const report_intraday *x)
{
  const bar_study_opts *o = x->so;
  text_buf wb = { 0 };
  for (size_t w = 0; w < o->nwindows; w++)
    text_buf_printf (&wb, "%s%s", w ? ", " : "", o->windows[w].text);
  char *wins = text_buf_take (&wb), *cmd = command_line (info);
  char ses[24], gap[32], minest[24], seas[32];
  snprintf (ses, sizeof ses, "%d", o->est_sessions);
  snprintf (gap, sizeof gap, "%lld s", (long long) o->est_gap);
  snprintf (minest, sizeof minest, "%zu", o->min_est);
  snprintf (seas, sizeof seas, o->seasonal ? "%d-minute bins" : "none", o->seasonal);
  doc_heading (d, 2, "Parameters");
  static const char *const head[] = { "parameter", "value" };
  doc_table_begin (d, head, 2);
  char *rows[][2] = {
    { (char *) "command", cmd }, { (char *) "events file", (char *) x->events },
    { (char *) "measure", (char *) (x->volume ? "volume" : "return") },
    { (char *) "model", (char *) (x->volume ? "time-of-day volume benchmark"
                                  : model_name (o->model)) },
    { (char *) "returns", (char *) (o->log_returns ? "log" : "simple") },
    { (char *) "bar 0", (char *) (o->align == BARS_ALIGN_END
                                  ? "the first bar ending after the announcement"
                                  : "the first bar beginning at or after the announcement") },
    { (char *) "windows (the first is the main one)", wins },
    { (char *) "estimation sessions before bar 0's", ses },
    { (char *) "estimation ends before bar 0 by", gap },
    { (char *) "overnight returns in the estimation", (char *) (o->overnight ? "yes" : "no") },
    { (char *) "time-of-day adjustment", seas },
    { (char *) "fewest estimation returns", minest },
    { (char *) "evstudy", (char *) PACKAGE_VERSION },
    { (char *) "gnuplot", (char *) (info->gnuplot[0] ? info->gnuplot : "not found") },
  };
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
    doc_row (d, rows[i], 2);
  doc_table_end (d);
  free (wins);
  free (cmd);
}

/* The bar files read, each once. */
static void
intraday_data (doc *d, const report_intraday *x)
{
  doc_heading (d, 2, "Data");
  static const char *const head[] = { "series", "file", "layout", "exchange", "bars",
                                      "first bar", "last bar" };
  doc_table_begin (d, head, 7);
  for (size_t i = 0; i < x->n; i++)
    for (int k = 0; k < 2; k++)
      {
        const bars_series *s = k ? x->res[i].m : x->res[i].s;
        bool seen = !s || !s->n;
        for (size_t j = 0; j < i && !seen; j++)
          seen = x->res[j].s == s || x->res[j].m == s;
        for (int q = 0; q < k && !seen; q++)
          seen = x->res[i].s == s;
        if (seen)
          continue;
        char nb[24], a[40], b[40];
        snprintf (nb, sizeof nb, "%zu", s->n);
        char *cells[] = { s->ticker, s->source, s->layout, (char *) s->x->name, nb,
                          bars_format_iso (s->t[0], s->x->tz, a),
                          bars_format_iso (s->t[s->n - 1], s->x->tz, b) };
        doc_row (d, cells, 7);
      }
  doc_table_end (d);
}

static void
write_intraday_doc (doc *d, const report_info *info, const report_intraday *x,
                    const plot_set *ch)
{
  if (d->html)
    fputs (html_head, d->fp);
  doc_heading (d, 1, "Intraday event study report");
  doc_para (d, "Written by evstudy %s: abnormal %s per bar around the announcement "
            "instants of %s (MacKinlay 1997, with bars in place of days; clock times in "
            "each exchange's zone).", PACKAGE_VERSION,
            x->volume ? "log volume" : "returns", x->events);
  intraday_about (d, info, x);
  intraday_headlines (d, x);
  intraday_summary (d, x);
  intraday_aggregate (d, x);
  intraday_events (d, x, ch);
  intraday_warnings (d, x, ch);
  intraday_parameters (d, info, x);
  intraday_data (d, x);
  doc_para (d, "evstudy %s; %s.", PACKAGE_VERSION,
            info->gnuplot[0] ? info->gnuplot : "gnuplot not found");
  if (d->html)
    fputs ("</body>\n</html>\n", d->fp);
}

int
report_write_intraday (const char *tmp, const report_info *info, const report_intraday *x,
                       const plot_set *charts, evs_error *err)
{
  doc_body body = { info, NULL, NULL, x, charts };
  int rc = write_file (tmp, "index.html", true, &body, err);
  if (rc == EVS_OK)
    rc = write_file (tmp, "report.md", false, &body, err);
  return rc;
}
