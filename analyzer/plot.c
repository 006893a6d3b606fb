/* plot.c -- write chart data, fill gnuplot templates, run gnuplot.
 * See plot.h for the contract and for why nothing from the input can be
 * executed by gnuplot. */
#include <config.h>
#include "plot.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gsl/gsl_cdf.h>

#include "date.h"
#include "fsout.h"
#include "text.h"

/* 1.96 = the 97.5% quantile of the standard normal: the band of a chart
 * is the estimate +- 1.96 se, as in the issue; with ~240 estimation days
 * Student's t quantile (1.970) differs by under 1%. */
#define PLOT_Z95 1.96

bool
plot_parse_format (const char *s, enum plot_format *f)
{
  static const char *names[] = { "png", "svg", "pdf" };
  for (int i = 0; i < 3; i++)
    if (strcmp (s, names[i]) == 0)
      {
        *f = (enum plot_format) i;
        return true;
      }
  return false;
}

const char *
plot_format_ext (enum plot_format f)
{
  return f == PLOT_SVG ? "svg" : f == PLOT_PDF ? "pdf" : "png";
}

/* The gnuplot terminal and size of a format (1200x700 pixels for the
 * bitmap, about the same in points for the vector formats). */
static const char *
terminal_of (enum plot_format f)
{
  return f == PLOT_SVG ? "svg" : f == PLOT_PDF ? "pdfcairo" : "pngcairo";
}

static const char *
size_of (enum plot_format f)
{
  return f == PLOT_PDF ? "12.5in,7.3in" : "1200,700";
}

/* The size of a chart whose key below has ROWS lines more than the
 * nine of the README's example: 16 pixels (1/6 inch) taller per line,
 * so that the plot area keeps its height however long the key. */
static char *
size_taller (enum plot_format f, size_t rows)
{
  size_t extra = rows > 9 ? rows - 9 : 0;
  return f == PLOT_PDF ? text_printf ("12.5in,%.2fin", 7.3 + (double) extra / 6)
                       : text_printf ("1200,%zu", 700 + 16 * extra);
}

/* ------------------------------------------------------------------ */
/* Sanitising.                                                         */
/* ------------------------------------------------------------------ */

static bool
slug_keeps (unsigned char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
         || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

char *
plot_slug (const char *s, size_t max, bool lower, char *buf, size_t size)
{
  size_t n = 0, lim = size - 1 < max ? size - 1 : max;
  bool gap = false;
  for (const unsigned char *p = (const unsigned char *) s; *p && n < lim; p++)
    {
      unsigned char c = *p;
      if (lower && (c == '.' || c == '_'))
        c = '-';
      if (!slug_keeps (c) || (lower && c == '-'))
        {
          gap = true;
          continue;
        }
      if (gap && n > 0)
        {
          if (n + 2 > lim)
            break;
          buf[n++] = lower ? '-' : '_';
        }
      gap = false;
      buf[n++] = (char) (lower && c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
  buf[n] = '\0';
  if (n == 0)
    strcpy (buf, "_");
  else if (buf[0] == '.' || buf[0] == '-')
    buf[0] = '_';
  return buf;
}

/* True for the bytes that a quoted string carries as they are: ASCII
 * letters, digits, the space and punctuation that no gnuplot stage reads
 * inside a string literal; everything from 0x80 up (UTF-8, already
 * checked).  Never ' " \\ ` @ $ # ! or a control byte. */
static bool
gp_plain (unsigned char c)
{
  return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
         || (c >= '0' && c <= '9') || (c && strchr (" -.,:;/()_+=%?&*<>[]{}|~^", c));
}

/* Appends the sanitised S to B: control bytes and DEL as spaces, "]]>" as
 * "]]" U+2060 ">" (the SVG terminal writes '>' as is, and "]]>" is not
 * allowed in XML text); with ESCAPE, every byte gp_plain does not keep
 * as an octal escape.  gnuplot's parse_esc reads up to 4 octal digits
 * after "\0" and up to 3 after "\1".."\3", so bytes below 0100 are
 * written with 4 digits ("\0047"), others with 3 ("\100"): a digit that
 * follows is never taken into the escape. */
static void
gp_quote_body (text_buf *b, const char *s, bool escape)
{
  for (const unsigned char *p = (const unsigned char *) s; *p; p++)
    {
      unsigned char c = *p < 0x20 || *p == 0x7f ? ' ' : *p;
      if (c == '>' && b->len >= 2 && memcmp (b->s + b->len - 2, "]]", 2) == 0)
        text_buf_puts (b, "\xe2\x81\xa0");
      if (!escape || gp_plain (c))
        text_buf_putc (b, (char) c);
      else
        text_buf_printf (b, c < 0100 ? "\\%04o" : "\\%03o", c);
    }
}

char *
plot_gp_quote (const char *s)
{
  char *u = text_sanitize (s);
  bool plain = true;
  for (const unsigned char *p = (const unsigned char *) u; *p && plain; p++)
    plain = gp_plain (*p) || *p < 0x20 || *p == 0x7f;   /* spaces below */
  text_buf b = { 0 };
  text_buf_putc (&b, plain ? '\'' : '"');
  gp_quote_body (&b, u, !plain);
  text_buf_putc (&b, plain ? '\'' : '"');
  free (u);
  return text_buf_take (&b);
}

/* A gnuplot array literal ['a', 'b'] of the quoted STRS; [''] when N is
 * 0, as gnuplot has no empty array. */
static char *
gp_array (char **strs, size_t n)
{
  text_buf b = { 0 };
  text_buf_putc (&b, '[');
  for (size_t i = 0; i < n; i++)
    {
      char *q = plot_gp_quote (strs[i]);
      text_buf_puts (&b, i ? ", " : "");
      text_buf_puts (&b, q);
      free (q);
    }
  text_buf_puts (&b, n ? "]" : "'']");
  return text_buf_take (&b);
}

/* Characters of a title line: a 1200-pixel chart holds about 110 at
 * 12 points; a little less leaves room for the margins. */
#define PLOT_TITLE_WIDTH 90
/* Most lines of a title's label. */
#define PLOT_TITLE_LINES 4

/* The gnuplot array of S's lines (plot_wrap): a title that wraps. */
static char *
gp_wrapped (const char *s)
{
  char **lines;
  size_t n = plot_wrap (s, PLOT_TITLE_WIDTH, &lines);
  if (n > PLOT_TITLE_LINES)
    {
      /* Past four lines a title would push the chart off the image: the
       * fourth ends with an ellipsis, the tables have the whole label. */
      char *last = text_printf ("%s \xe2\x80\xa6", lines[PLOT_TITLE_LINES - 1]);
      free (lines[PLOT_TITLE_LINES - 1]);
      lines[PLOT_TITLE_LINES - 1] = last;
      for (size_t i = PLOT_TITLE_LINES; i < n; i++)
        free (lines[i]);
      n = PLOT_TITLE_LINES;
    }
  char *a = gp_array (lines, n);
  for (size_t i = 0; i < n; i++)
    free (lines[i]);
  free (lines);
  return a;
}


/* S (sanitised) cut into lines of at most WIDTH characters at spaces,
 * a word longer than WIDTH cut between characters, into *LINES (owned
 * by the caller, each freed); returns their number (at least 1).  So a
 * long label is wrapped in a chart title, never cut off at its edges. */
size_t
plot_wrap (const char *s, size_t width, char ***lines)
{
  char *u = text_sanitize (s);
  size_t n = 0, cap = 0;
  *lines = NULL;
  const char *p = u;
  do
    {
      while (*p == ' ')
        p++;
      /* Take characters up to WIDTH; remember the last space. */
      const char *q = p, *space = NULL;
      size_t chars = 0;
      while (*q && chars < width)
        {
          size_t l = text_utf8_len (q);
          if (*q == ' ')
            space = q;
          q += l ? l : 1;
          chars++;
        }
      const char *end = *q && *q != ' ' && space ? space : q;
      evs_grow ((void **) lines, &cap, n + 1, sizeof **lines);
      (*lines)[n++] = evs_xstrndup (p, (size_t) (end - p));
      p = end;
    }
  while (*p && (*p != ' ' || p[strspn (p, " ")]));
  free (u);
  return n;
}

/* ------------------------------------------------------------------ */
/* Templates.                                                          */
/* ------------------------------------------------------------------ */

static const plot_var *
find_var (const plot_var *vars, size_t n, const char *name, size_t len)
{
  for (size_t i = 0; i < n; i++)
    if (strlen (vars[i].name) == len && memcmp (vars[i].name, name, len) == 0)
      return &vars[i];
  return NULL;
}

static unsigned
line_of (const char *text, const char *p)
{
  unsigned line = 1;
  for (; text < p; text++)
    line += *text == '\n';
  return line;
}

int
plot_fill (const char *text, const char *where, const plot_var *vars,
           size_t nvars, FILE *fp, evs_error *err)
{
  const char *p = text, *open;
  while ((open = strstr (p, "{{")) != NULL)
    {
      fwrite (p, 1, (size_t) (open - p), fp);
      const char *name = open + 2, *close = strstr (name, "}}");
      if (!close || memchr (name, '\n', (size_t) (close - name)))
        return evs_fail (err, EVS_EDATA, "%s:%u: unterminated placeholder",
                         where, line_of (text, open));
      const plot_var *v = find_var (vars, nvars, name, (size_t) (close - name));
      if (!v)
        return evs_fail (err, EVS_EDATA, "%s:%u: unknown placeholder '%.*s'",
                         where, line_of (text, open), (int) (close - name), name);
      fputs (v->value, fp);
      p = close + 2;
    }
  fputs (p, fp);
  return EVS_OK;
}

static char *
path_join (const char *dir, const char *name)
{
  size_t n = strlen (dir) + strlen (name) + 2;
  char *p = evs_xmalloc (n);
  snprintf (p, n, "%s/%s", dir, name);
  return p;
}

static bool
has_templates (const char *dir)
{
  char *p = path_join (dir, "price.gp");
  bool ok = access (p, R_OK) == 0;
  free (p);
  return ok;
}

/* DIR (relative to the executable's directory) if it holds templates. */
static char *
exe_templates (const char *dir)
{
  char exe[PATH_MAX];
  ssize_t n = readlink ("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0)
    return NULL;
  exe[n] = '\0';
  char *slash = strrchr (exe, '/');
  if (!slash || (size_t) (slash - exe) + 1 + strlen (dir) >= sizeof exe)
    return NULL;
  strcpy (slash + 1, dir);
  return has_templates (exe) ? evs_xstrdup (exe) : NULL;
}

char *
plot_find_templates (const char *given, evs_error *err)
{
  if (given)
    {
      if (has_templates (given))
        return evs_xstrdup (given);
      evs_fail (err, EVS_EIO, "%s: no chart templates (price.gp) in this directory", given);
      return NULL;
    }
  const char *env = getenv ("EVSTUDY_PLOTS");
  if (env && *env && has_templates (env))
    return evs_xstrdup (env);
  /* A build that is not installed; then an installed one, wherever its
   * prefix went (make install prefix=..., DESTDIR, a moved tree): the
   * compiled-in PKGDATADIR is that of the last compile, which make does
   * not redo when only the prefix changes. */
  char *exe = exe_templates ("plots");
  if (!exe)
    exe = exe_templates ("../share/" PACKAGE "/plots");
  if (exe)
    return exe;
  if (has_templates (PKGDATADIR "/plots"))
    return evs_xstrdup (PKGDATADIR "/plots");
  evs_fail (err, EVS_EIO, "chart templates not found in %s: use --plot-templates DIR",
            PKGDATADIR "/plots");
  return NULL;
}

/* Reads the whole file DIR/NAME into a new string. */
static char *
read_text (const char *dir, const char *name, evs_error *err)
{
  char *path = path_join (dir, name);
  FILE *fp = fopen (path, "r");
  char *text = NULL;
  size_t len = 0, cap = 0, got;
  if (!fp)
    {
      evs_fail (err, EVS_EIO, "%s: cannot read: %s", path, strerror (errno));
      free (path);
      return NULL;
    }
  do
    {
      evs_grow ((void **) &text, &cap, len + 4097, 1);
      got = fread (text + len, 1, 4096, fp);
      len += got;
    }
  while (got > 0);
  text[len] = '\0';
  bool bad = ferror (fp);
  fclose (fp);
  if (bad)
    {
      evs_fail (err, EVS_EIO, "%s: read error", path);
      free (text);
      text = NULL;
    }
  free (path);
  return text;
}

/* ------------------------------------------------------------------ */
/* Output files.                                                       */
/* ------------------------------------------------------------------ */

/* A chart being written: its files and the variables of its template. */
typedef struct chart_ctx {
  const plot_opts *o;
  plot_set *set;
  plot_chart *c;
  plot_var vars[24];
  size_t nvars;
  char *owned[24];            /* values to free */
  size_t nowned;
} chart_ctx;

static FILE *
open_out (const plot_opts *o, const char *name, evs_error *err)
{
  char *path = path_join (o->dir, name);
  FILE *fp = fopen (path, "w");
  if (!fp)
    evs_fail (err, EVS_EIO, "%s: cannot write: %s", path, strerror (errno));
  free (path);
  return fp;
}

static int
close_out (const plot_opts *o, const char *name, FILE *fp, evs_error *err)
{
  bool bad = fflush (fp) != 0 || ferror (fp);
  bad |= fclose (fp) != 0;
  if (bad)
    {
      char *path = path_join (o->dir, name);
      evs_fail (err, EVS_EIO, "%s: write error: %s", path, strerror (errno));
      free (path);
      return EVS_EIO;
    }
  return EVS_OK;
}

/* Adds variable NAME = VALUE (taken over: freed with the chart). */
static void
var_own (chart_ctx *x, const char *name, char *value)
{
  if (x->nvars == sizeof x->vars / sizeof *x->vars)
    abort ();                 /* a chart with more variables than room */
  x->vars[x->nvars].name = name;
  x->vars[x->nvars++].value = value;
  x->owned[x->nowned++] = value;
}

/* Gives variable NAME (added before) the value V, taken over. */
static void
var_replace (chart_ctx *x, const char *name, char *v)
{
  for (size_t i = 0; i < x->nvars; i++)
    if (strcmp (x->vars[i].name, name) == 0)
      {
        x->vars[i].value = v;
        x->owned[x->nowned++] = v;
        return;
      }
  var_own (x, name, v);
}

/* Adds variable NAME as the quoted string S. */
static void
var_str (chart_ctx *x, const char *name, const char *s)
{
  var_own (x, name, plot_gp_quote (s));
}

static void
var_num (chart_ctx *x, const char *name, long v)
{
  char b[32];
  snprintf (b, sizeof b, "%ld", v);
  var_own (x, name, evs_xstrdup (b));
}

static void
var_date (chart_ctx *x, const char *name, int32_t day)
{
  char b[11];
  var_str (x, name, date_format (day, b));
}

/* Starts chart NAME of KIND: its image and the common variables. */
static void
chart_begin (chart_ctx *x, const plot_opts *o, plot_set *set,
             enum plot_kind kind, const char *name)
{
  memset (x, 0, sizeof *x);
  x->o = o;
  x->set = set;
  evs_grow ((void **) &set->v, &set->cap, set->n + 1, sizeof *set->v);
  x->c = &set->v[set->n++];
  memset (x->c, 0, sizeof *x->c);
  x->c->kind = kind;
  x->c->name = evs_xstrdup (name);
  size_t n = strlen (name) + 8;
  x->c->image = evs_xmalloc (n);
  snprintf (x->c->image, n, "%s.%s", name, plot_format_ext (o->format));
  var_own (x, "terminal", evs_xstrdup (terminal_of (o->format)));
  var_own (x, "size", evs_xstrdup (size_of (o->format)));
  var_str (x, "output", x->c->image);
  char *data = evs_xmalloc (n + 4);
  snprintf (data, n + 4, "%s.dat", name);
  var_str (x, "data", data);
  free (data);
}

static const char *kind_template[] = {
  "price.gp", "ar.gp", "car.gp", "caar.gp", "summary.gp", "volume.gp", "volatility.gp",
  "actual.gp"
};

/* Fills the chart's template into NAME.gp and frees the variables. */
static int
chart_end (chart_ctx *x, evs_error *err)
{
  evs_error local;
  if (!err)
    err = &local;
  const char *tname = kind_template[x->c->kind];
  char *text = read_text (x->set->templates, tname, err);
  int rc = text ? EVS_OK : err->code;
  size_t n = strlen (x->c->name) + 4;
  char *gp = evs_xmalloc (n);
  snprintf (gp, n, "%s.gp", x->c->name);
  FILE *fp = rc == EVS_OK ? open_out (x->o, gp, err) : NULL;
  if (rc == EVS_OK && !fp)
    rc = EVS_EIO;
  if (fp)
    {
      rc = plot_fill (text, tname, x->vars, x->nvars, fp, err);
      int crc = close_out (x->o, gp, fp, rc == EVS_OK ? err : NULL);
      rc = rc != EVS_OK ? rc : crc;
    }
  for (size_t i = 0; i < x->nowned; i++)
    free (x->owned[i]);
  free (text);
  free (gp);
  return rc;
}

/* Opens the data file NAME.SUFFIX of the chart and writes HEADER. */
static FILE *
data_open (chart_ctx *x, const char *suffix, const char *header, evs_error *err)
{
  char name[300];
  snprintf (name, sizeof name, "%s.%s", x->c->name, suffix);
  FILE *fp = open_out (x->o, name, err);
  if (fp)
    fprintf (fp, "# %s\n", header);
  return fp;
}

static int
data_close (chart_ctx *x, const char *suffix, FILE *fp, evs_error *err)
{
  char name[300];
  snprintf (name, sizeof name, "%s.%s", x->c->name, suffix);
  return close_out (x->o, name, fp, err);
}

/* Writes V with 17 significant digits, or NaN. */
static void
put_num (FILE *fp, double v)
{
  if (isfinite (v))
    fprintf (fp, "\t%.17g", v);
  else
    fputs ("\tNaN", fp);
}

/* ------------------------------------------------------------------ */
/* Names.                                                              */
/* ------------------------------------------------------------------ */

/* "ROW-slug" of an event: its row and up to 24 bytes of its label. */
static char *
event_id (const evs_event *e, char *buf, size_t size)
{
  char slug[32];
  snprintf (buf, size, "%zu-%s", e->row, plot_slug (e->label, 24, true, slug, sizeof slug));
  return buf;
}

/* Position of S among the distinct series of ST, in study order. */
static size_t
series_index (const evs_study *st, const evs_series *s)
{
  size_t k = 0;
  for (size_t i = 0; i < st->n && st->res[i].series != s; i++)
    {
      size_t j = 0;
      while (j < i && st->res[j].series != st->res[i].series)
        j++;
      k += j == i;
    }
  return k;
}

/* True if slug S can name a chart part on its own: it does not end in
 * "--" and digits (the form of a numbered part, below) nor in ".events"
 * (price-X.events.dat is the events file of ticker X). */
static bool
slug_alone (const char *s)
{
  size_t n = strlen (s), d = n;
  while (d > 0 && s[d - 1] >= '0' && s[d - 1] <= '9')
    d--;
  if (d < n && d >= 2 && s[d - 1] == '-' && s[d - 2] == '-')
    return false;
  return !(n >= 7 && strcasecmp (s + n - 7, ".events") == 0);
}

/* The file-name part of text S, the INDEX-th (from 0) of its kind: its
 * slug (plot_slug, at most 40 bytes), when CLASH is false and the slug
 * can stand alone, else the slug, "--" and INDEX + 1.  Two parts never
 * coincide: a bare slug differs from every other bare slug (the caller
 * checks CLASH, ignoring case, for case-insensitive file systems) and
 * never ends like a numbered one, and numbered ones differ in number.
 * BUF holds 64 bytes (40 + 2 + 20 digits + NUL). */
static char *
name_part (const char *s, size_t index, bool lower, bool clash, char *buf,
           size_t size)
{
  plot_slug (s, 40, lower, buf, size);
  if (clash || !slug_alone (buf))
    {
      size_t n = strlen (buf);
      snprintf (buf + n, size - n, "--%zu", index + 1);
    }
  return buf;
}

/* True if the slugs of A and B are equal, ignoring case. */
static bool
slugs_clash (const char *a, const char *b, bool lower)
{
  char sa[64], sb[64];
  return strcasecmp (plot_slug (a, 40, lower, sa, sizeof sa),
                     plot_slug (b, 40, lower, sb, sizeof sb)) == 0;
}

/* The file-name part of a series' ticker (name_part): numbered by the
 * series' position when another series' ticker has the same slug (X and
 * X?, A/B and A_B, NVDA and nvda). */
static char *
series_id (const evs_study *st, const evs_series *s, char *buf, size_t size)
{
  bool clash = false;
  for (size_t i = 0; i < st->n && !clash; i++)
    {
      const evs_series *t = st->res[i].series;
      clash = t != s && slugs_clash (t->ticker, s->ticker, false);
    }
  return name_part (s->ticker, series_index (st, s), false, clash, buf, size);
}

/* ------------------------------------------------------------------ */
/* The charts.                                                         */
/* ------------------------------------------------------------------ */

static bool
is_ok (const study_result *r)
{
  return r->status == STUDY_OK && r->ndays > 0;
}

/* A gnuplot array literal of numbers: [9, 8]; [0] when N is 0. */
static char *
gp_num_array (const size_t *v, size_t n)
{
  char *a = evs_xmalloc (24 * n + 8), *o = a;
  *o++ = '[';
  for (size_t i = 0; i < n; i++)
    o += sprintf (o, "%s%zu", i ? ", " : "", v[i]);
  strcpy (o, n ? "]" : "0]");
  return a;
}

/* Dates of the study period of series S: from the first estimation day
 * to the last reported day over its estimated pairs; its whole data when
 * none was estimated. */
static void
study_period (const evs_study *st, const evs_series *s, int32_t *lo, int32_t *hi)
{
  *lo = INT32_MAX;
  *hi = INT32_MIN;
  for (size_t i = 0; i < st->n; i++)
    {
      const study_result *r = &st->res[i];
      if (r->series != s || !is_ok (r))
        continue;
      if (r->est_first < *lo)
        *lo = r->est_first;
      if (r->days[r->ndays - 1].date > *hi)
        *hi = r->days[r->ndays - 1].date;
    }
  if (*lo > *hi)
    {
      *lo = s->date[0];
      *hi = s->date[s->n - 1];
    }
}

/* An event mark of a price chart. */
typedef struct price_mark {
  int32_t day0;
  const evs_event *e;
} price_mark;

static int
by_day0 (const void *a, const void *b)
{
  const price_mark *x = a, *y = b;
  return x->day0 != y->day0 ? (x->day0 < y->day0 ? -1 : 1)
         : (x->e->row > y->e->row) - (x->e->row < y->e->row);
}

/* Label levels of marks M[0..N) sorted by day: each takes the lowest
 * level whose previous mark is at least NEAR days before it (greedy
 * interval colouring), so that two labels on one level are never
 * closer than NEAR and never overprint, however many events cluster
 * (issue 14: the old levels wrapped after 6).  Returns the number of
 * levels used. */
static int
assign_levels (const price_mark *m, size_t n, int32_t near, int *level)
{
  int32_t *last = evs_xmalloc ((n + 1) * sizeof *last);
  int used = 0;
  for (size_t i = 0; i < n; i++)
    {
      int l = 0;
      while (l < used && m[i].day0 - last[l] < near)
        l++;
      if (l == used)
        used++;
      last[l] = m[i].day0;
      level[i] = l;
    }
  free (last);
  return used;
}

/* The events file of a price chart: day 0 of every event that reaches S
 * within LO..HI in date order, with its row and a label level
 * (assign_levels; NEAR is 1/40 of the period, wider than a label).
 * Fills the label arrays and n_levels, which gives the template the
 * room the levels need. */
static int
price_events (chart_ctx *x, const evs_study *st, const evs_series *s,
              int32_t lo, int32_t hi, evs_error *err)
{
  FILE *fp = data_open (x, "events.dat", "day0\tevent\tlevel", err);
  if (!fp)
    return EVS_EIO;
  price_mark *m = evs_xcalloc (st->n + 1, sizeof *m);
  size_t n = 0;
  for (size_t i = 0; i < st->n; i++)
    {
      const study_result *r = &st->res[i];
      if (r->series == s && r->has_day0 && r->day0 >= lo && r->day0 <= hi)
        m[n++] = (price_mark) { r->day0, r->event };
    }
  /* The key lists the events in the study's order (by event). */
  char **labels = evs_xcalloc (n + 1, sizeof *labels), b[11];
  size_t *rows = evs_xcalloc (n + 1, sizeof *rows);
  for (size_t i = 0; i < n; i++)
    {
      labels[i] = m[i].e->label;
      rows[i] = m[i].e->row;
    }
  qsort (m, n, sizeof *m, by_day0);
  int *level = evs_xcalloc (n + 1, sizeof *level);
  int levels = assign_levels (m, n, (hi - lo) / 40 + 1, level);
  for (size_t i = 0; i < n; i++)
    fprintf (fp, "%s\t%zu\t%d\n", date_format (m[i].day0, b), m[i].e->row, level[i]);
  var_num (x, "n_events", (long) n);
  var_num (x, "n_levels", levels > 0 ? levels : 1);
  var_replace (x, "size", size_taller (x->o->format, n));
  var_own (x, "event_labels", gp_array (labels, n));
  var_own (x, "event_rows", gp_num_array (rows, n));
  free (labels);
  free (rows);
  free (level);
  free (m);
  return data_close (x, "events.dat", fp, err);
}

static int
chart_price (const plot_opts *o, const evs_study *st, const evs_series *s,
             plot_set *set, evs_error *err)
{
  char sid[64], name[96], b[11];
  snprintf (name, sizeof name, "price-%s", series_id (st, s, sid, sizeof sid));
  chart_ctx x;
  chart_begin (&x, o, set, PLOT_PRICE, name);
  x.c->series = s;
  int32_t lo, hi;
  study_period (st, s, &lo, &hi);
  var_str (&x, "ticker", s->ticker);
  var_str (&x, "price_column", s->price_column ? s->price_column : "price");
  var_date (&x, "first", lo);
  var_date (&x, "last", hi);
  char ev[128];
  snprintf (ev, sizeof ev, "%s.events.dat", name);
  var_str (&x, "events", ev);
  int rc = price_events (&x, st, s, lo, hi, err);
  FILE *fp = rc == EVS_OK ? data_open (&x, "dat", "date\tprice", err) : NULL;
  if (fp)
    {
      for (size_t i = series_lower_bound (s, lo); i < s->n && s->date[i] <= hi; i++)
        {
          fputs (date_format (s->date[i], b), fp);
          put_num (fp, s->price[i]);
          fputc ('\n', fp);
        }
      rc = data_close (&x, "dat", fp, err);
    }
  else if (rc == EVS_OK)
    rc = EVS_EIO;
  int erc = chart_end (&x, rc == EVS_OK ? err : NULL);
  return rc != EVS_OK ? rc : erc;
}

static int
charts_price (const plot_opts *o, const evs_study *st, plot_set *set,
              evs_error *err)
{
  for (size_t i = 0; i < st->n; i++)
    {
      size_t j = 0;
      while (j < i && st->res[j].series != st->res[i].series)
        j++;
      if (j == i && st->res[i].series->n > 0)
        {
          int rc = chart_price (o, st, st->res[i].series, set, err);
          if (rc != EVS_OK)
            return rc;
        }
    }
  return EVS_OK;
}

/* Rows of pair R: day, date, AR, the significance band of the AR
 * (0 +- 1.96 se: a bar that leaves it has p < 0.05), the CAR path and its
 * 95% confidence band (CAR +- 1.96 se): the study's (study.h study_path,
 * --table car-path), whose se is the CAR table's for every model; NaN
 * (no point) past its end. */
static void
put_ar_rows (FILE *fp, const study_result *r)
{
  char b[11];
  for (size_t k = 0; k < r->ndays; k++)
    {
      const study_day *d = &r->days[k];
      double car = k < r->npath ? r->path[k].car : NAN;
      double se = k < r->npath ? r->path[k].se : NAN;
      fprintf (fp, "%d\t%s", d->day, date_format (d->date, b));
      put_num (fp, d->ar);
      put_num (fp, -PLOT_Z95 * d->se);
      put_num (fp, PLOT_Z95 * d->se);
      put_num (fp, car);
      put_num (fp, car - PLOT_Z95 * se);
      put_num (fp, car + PLOT_Z95 * se);
      fputc ('\n', fp);
    }
}

/* Variables that describe the event of a chart. */
static void
event_vars (chart_ctx *x, const evs_study *st, const evs_event *e)
{
  var_str (x, "label", e->label);
  var_own (x, "label_lines", gp_wrapped (e->label));
  var_num (x, "event_row", (long) e->row);
  var_str (x, "event_date", e->date_text);
  var_str (x, "model", model_name (st->opts.model));
}

/* Begins the chart PREFIX-EVENT-TICKER of pair R (ar, actual, volume,
 * volatility) with the variables every pair chart has: the event's, the
 * ticker and day 0. */
static void
pair_chart_begin (chart_ctx *x, const plot_opts *o, plot_set *set, enum plot_kind kind,
                  const char *prefix, const evs_study *st, const study_result *r)
{
  char eid[48], sid[64], name[128];
  snprintf (name, sizeof name, "%s-%s-%s", prefix, event_id (r->event, eid, sizeof eid),
            series_id (st, r->series, sid, sizeof sid));
  chart_begin (x, o, set, kind, name);
  x->c->event = r->event;
  x->c->series = r->series;
  event_vars (x, st, r->event);
  var_str (x, "ticker", r->series->ticker);
  var_date (x, "day0", r->day0);
}

static int
chart_ar (const plot_opts *o, const evs_study *st, const study_result *r,
          plot_set *set, evs_error *err)
{
  chart_ctx x;
  pair_chart_begin (&x, o, set, PLOT_AR, "ar", st, r);
  int rc = EVS_EIO;
  FILE *fp = data_open (&x, "dat", "day\tdate\tar\tband_lo\tband_hi\tcar\tcar_lo\tcar_hi", err);
  if (fp)
    {
      put_ar_rows (fp, r);
      rc = data_close (&x, "dat", fp, err);
    }
  int erc = chart_end (&x, rc == EVS_OK ? err : NULL);
  return rc != EVS_OK ? rc : erc;
}

/* Rows of the actual-vs-expected chart of pair R: every reported day
 * within the span of the event windows: day, date, the series' return,
 * the model's expected return and the abnormal return (their
 * difference), the numbers of the sentence (findings.h). */
static void
put_actual_rows (FILE *fp, const study_result *r, study_window span)
{
  char b[11];
  for (size_t k = 0; k < r->ndays; k++)
    {
      const study_day *d = &r->days[k];
      if (d->day < span.a || d->day > span.b)
        continue;
      fprintf (fp, "%d\t%s", d->day, date_format (d->date, b));
      put_num (fp, d->ret);
      put_num (fp, d->expected);
      put_num (fp, d->ar);
      fputc ('\n', fp);
    }
}

/* actual-EVENT-TICKER: what the stock did, what the model expected and
 * the difference, day by day over the event windows (issue 14: the chart
 * a journalist quotes). */
static int
chart_actual (const plot_opts *o, const evs_study *st, const study_result *r,
              plot_set *set, evs_error *err)
{
  chart_ctx x;
  pair_chart_begin (&x, o, set, PLOT_ACTUAL, "actual", st, r);
  var_str (&x, "market", r->market ? r->market->ticker : "");
  int rc = EVS_EIO;
  FILE *fp = data_open (&x, "dat", "day\tdate\treturn\texpected\tar", err);
  if (fp)
    {
      put_actual_rows (fp, r, study_span (&st->opts));
      rc = data_close (&x, "dat", fp, err);
    }
  int erc = chart_end (&x, rc == EVS_OK ? err : NULL);
  return rc != EVS_OK ? rc : erc;
}

/* The end of the run of results of ST that share the event of result I
 * (results are ordered by event, study.h). */
static size_t
event_end (const evs_study *st, size_t i)
{
  size_t j = i;
  while (j < st->n && st->res[j].event == st->res[i].event)
    j++;
  return j;
}

/* The first relative day of the event CAR charts: --chart-from, else
 * the start of the first (main) event window. */
static int
chart_from (const plot_opts *o, const evs_study *st)
{
  return o->chart_from_given ? o->chart_from : st->opts.nwin ? st->opts.win[0].a : st->opts.ar.a;
}

/* True if the estimated pairs FIRST..END do not all have the same
 * calendar day 0 (then each series' day 0 goes into the legend). */
static bool
day0s_differ (const evs_study *st, size_t first, size_t end)
{
  int32_t d = 0;
  bool seen = false;
  for (size_t i = first; i < end; i++)
    if (is_ok (&st->res[i]))
      {
        if (seen && st->res[i].day0 != d)
          return true;
        d = st->res[i].day0;
        seen = true;
      }
  return false;
}

/* One block per estimated pair among the results FIRST..END of one event
 * (blocks separated by two blank lines, for gnuplot's `index`): day,
 * date, CAR path from day FROM and its band CAR +- 1.96 se: the study's
 * path from FROM (study_path_from), whose day k is the CAR table's
 * window FROM:k, se included, for every model; NaN (no point) for a day
 * without one.  The legend names the series, with its day 0 when the
 * series' days 0 differ. */
static int
put_car_blocks (chart_ctx *x, const evs_study *st, size_t first, size_t end,
                int from, evs_error *err)
{
  FILE *fp = data_open (x, "dat", "day\tdate\tcar\tcar_lo\tcar_hi", err);
  if (!fp)
    return EVS_EIO;
  char **titles = evs_xcalloc (end - first + 1, sizeof *titles), b[11], sid[64];
  size_t n = 0;
  bool differ = day0s_differ (st, first, end);
  for (size_t i = first; i < end; i++)
    {
      const study_result *r = &st->res[i];
      if (!is_ok (r))
        continue;
      fprintf (fp, "%s# %s\n", n ? "\n\n" : "", series_id (st, r->series, sid, sizeof sid));
      size_t k0, np;
      const study_path *p = study_path_from (&st->opts, r, from, &k0, &np);
      for (size_t k = k0; k < r->ndays; k++)
        {
          double car = k - k0 < np ? p[k - k0].car : NAN;
          double se = k - k0 < np ? p[k - k0].se : NAN;
          fprintf (fp, "%d\t%s", r->days[k].day, date_format (r->days[k].date, b));
          put_num (fp, car);
          put_num (fp, car - PLOT_Z95 * se);
          put_num (fp, car + PLOT_Z95 * se);
          fputc ('\n', fp);
        }
      titles[n++] = differ ? text_printf ("%s, day 0 %s", r->series->ticker,
                                          date_format (r->day0, b))
                           : evs_xstrdup (r->series->ticker);
    }
  var_num (x, "n_series", (long) n);
  var_own (x, "series", gp_array (titles, n));
  for (size_t i = 0; i < n; i++)
    free (titles[i]);
  free (titles);
  return data_close (x, "dat", fp, err);
}

/* The other events inside the chart's range FROM..TO, for marks on its
 * axis: relative day and row of each (event, day) once, from the
 * confounders of the pairs FIRST..END (study.h). */
static int
put_car_others (chart_ctx *x, const evs_study *st, size_t first, size_t end, int from,
                int to, evs_error *err)
{
  FILE *fp = data_open (x, "events.dat", "day\tevent", err);
  if (!fp)
    return EVS_EIO;
  size_t n = 0;
  for (size_t i = first; i < end; i++)
    {
      const study_result *r = &st->res[i];
      for (size_t k = 0; is_ok (r) && k < r->nconf; k++)
        {
          int d = r->conf_day[k];
          bool seen = d < from || d > to;
          for (size_t j = first; j < i && !seen; j++)
            for (size_t m = 0; is_ok (&st->res[j]) && m < st->res[j].nconf && !seen; m++)
              seen = st->res[j].conf[m] == r->conf[k] && st->res[j].conf_day[m] == d;
          if (!seen)
            {
              fprintf (fp, "%d\t%zu\n", d, r->conf[k]->row);
              n++;
            }
        }
    }
  var_num (x, "n_others", (long) n);
  return data_close (x, "events.dat", fp, err);
}

static int
chart_car (const plot_opts *o, const evs_study *st, size_t first, size_t end,
           plot_set *set, evs_error *err)
{
  const evs_event *e = st->res[first].event;
  char eid[48], name[64], ev[96];
  snprintf (name, sizeof name, "car-%s", event_id (e, eid, sizeof eid));
  chart_ctx x;
  chart_begin (&x, o, set, PLOT_CAR, name);
  x.c->event = e;
  event_vars (&x, st, e);
  int from = chart_from (o, st);
  var_num (&x, "from", from);
  snprintf (ev, sizeof ev, "%s.events.dat", name);
  var_str (&x, "others", ev);
  int rc = put_car_blocks (&x, st, first, end, from, err);
  if (rc == EVS_OK)
    rc = put_car_others (&x, st, first, end, from, st->opts.ar.b, err);
  int erc = chart_end (&x, rc == EVS_OK ? err : NULL);
  return rc != EVS_OK ? rc : erc;
}

/* For every event with an estimated pair: its car chart, then the ar
 * chart of each pair. */
static int
charts_event (const plot_opts *o, const evs_study *st, plot_set *set,
              evs_error *err)
{
  for (size_t first = 0, end; first < st->n; first = end)
    {
      end = event_end (st, first);
      bool any = false;
      for (size_t i = first; i < end && !any; i++)
        any = is_ok (&st->res[i]);
      int rc = any ? chart_car (o, st, first, end, set, err) : EVS_OK;
      for (size_t i = first; i < end && any && rc == EVS_OK; i++)
        if (is_ok (&st->res[i]))
          rc = chart_ar (o, st, &st->res[i], set, err);
      for (size_t i = first; i < end && any && rc == EVS_OK; i++)
        if (is_ok (&st->res[i]) && st->opts.measure == STUDY_RETURN)
          rc = chart_actual (o, st, &st->res[i], set, err);
      if (rc != EVS_OK)
        return rc;
    }
  return EVS_OK;
}

/* --measure volume (issue 12): rows of pair R: day, date, the share
 * volume V = e^v - 1, the expected volume e^E[v] - 1, its 95% band
 * e^(E[v] +- 1.96 se) - 1 (the prediction interval of v in shares: a
 * bar outside it has p < 0.05) and the multiple e^AV. */
static void
put_volume_rows (FILE *fp, const study_result *r)
{
  char b[11];
  for (size_t k = 0; k < r->ndays; k++)
    {
      const study_day *d = &r->days[k];
      fprintf (fp, "%d\t%s", d->day, date_format (d->date, b));
      put_num (fp, expm1 (d->ret));
      put_num (fp, expm1 (d->expected));
      put_num (fp, expm1 (d->expected - PLOT_Z95 * d->se));
      put_num (fp, expm1 (d->expected + PLOT_Z95 * d->se));
      put_num (fp, exp (d->ar));
      fputc ('\n', fp);
    }
}

/* --measure volatility: rows of pair R: day, date, Beaver's U = (AR /
 * se)^2 and the 5% critical value of F(1, df), which U exceeds when the
 * day's AR is significant at 5% (two-sided t). */
static void
put_volatility_rows (FILE *fp, const study_result *r)
{
  char b[11];
  double crit = r->fit.df > 0 ? gsl_cdf_fdist_Qinv (0.05, 1, r->fit.df) : NAN;
  for (size_t k = 0; k < r->ndays; k++)
    {
      const study_day *d = &r->days[k];
      fprintf (fp, "%d\t%s", d->day, date_format (d->date, b));
      put_num (fp, study_day_u (d));
      put_num (fp, crit);
      fputc ('\n', fp);
    }
}

/* The volume- or volatility-EVENT-TICKER chart of pair R. */
static int
chart_measure (const plot_opts *o, const evs_study *st, const study_result *r,
               plot_set *set, evs_error *err)
{
  bool volume = st->opts.measure == STUDY_VOLUME;
  chart_ctx x;
  pair_chart_begin (&x, o, set, volume ? PLOT_VOLUME : PLOT_VOLATILITY,
                    volume ? "volume" : "volatility", st, r);
  var_num (&x, "df", (long) r->fit.df);
  int rc = EVS_EIO;
  FILE *fp = data_open (&x, "dat", volume ? "day\tdate\tvolume\texpected\tband_lo\tband_hi\tmultiple"
                                          : "day\tdate\tu\tcritical_5pct", err);
  if (fp)
    {
      (volume ? put_volume_rows : put_volatility_rows) (fp, r);
      rc = data_close (&x, "dat", fp, err);
    }
  int erc = chart_end (&x, rc == EVS_OK ? err : NULL);
  return rc != EVS_OK ? rc : erc;
}

/* The charts of --measure volume or volatility: one per estimated pair. */
static int
charts_measure (const plot_opts *o, const evs_study *st, plot_set *set, evs_error *err)
{
  if (st->opts.measure == STUDY_RETURN)
    return EVS_OK;
  for (size_t i = 0; i < st->n; i++)
    if (is_ok (&st->res[i]))
      {
        int rc = chart_measure (o, st, &st->res[i], set, err);
        if (rc != EVS_OK)
          return rc;
      }
  return EVS_OK;
}

/* Mean and cross-sectional standard error of V[0..N): sample standard
 * deviation (divisor N-1) over sqrt(N); NaN when N < 2. */
static void
mean_se (const double *v, size_t n, double *mean, double *se)
{
  double s = 0, ss = 0;
  for (size_t i = 0; i < n; i++)
    s += v[i];
  *mean = n ? s / (double) n : NAN;
  for (size_t i = 0; i < n; i++)
    ss += (v[i] - *mean) * (v[i] - *mean);
  *se = n > 1 ? sqrt (ss / (double) (n - 1) / (double) n) : NAN;
}

/* AAR and CAAR per relative day over the N pairs P (all with every
 * reported day), with cross-sectional standard errors (Brown & Warner
 * 1985, the "crude dependence adjustment" aside): AAR_d = mean_i AR_i,d,
 * se = sd_i(AR_i,d)/sqrt(N); CAAR_d = mean_i CAR_i(a, d), se =
 * sd_i(CAR_i(a, d))/sqrt(N), a the first reported day.  The aggregate
 * module's tests (aggregate.h) are in the tables and the report; the
 * chart shows the path and this band. */
static void
put_caar_rows (FILE *fp, const study_result **p, size_t n, const study_opts *so)
{
  double *ar = evs_xcalloc (n, sizeof *ar), *car = evs_xcalloc (n, sizeof *car);
  size_t days = (size_t) (so->ar.b - so->ar.a + 1);
  for (size_t k = 0; k < days; k++)
    {
      double aar, aar_se, caar, caar_se;
      for (size_t i = 0; i < n; i++)
        {
          ar[i] = p[i]->days[k].ar;
          car[i] = k < p[i]->npath ? p[i]->path[k].car : NAN;
        }
      mean_se (ar, n, &aar, &aar_se);
      mean_se (car, n, &caar, &caar_se);
      fprintf (fp, "%d\t%zu", so->ar.a + (int) k, n);
      put_num (fp, aar);
      put_num (fp, aar_se);
      put_num (fp, caar);
      put_num (fp, caar_se);
      put_num (fp, caar - PLOT_Z95 * caar_se);
      put_num (fp, caar + PLOT_Z95 * caar_se);
      fputc ('\n', fp);
    }
  free (ar);
  free (car);
}

/* The caar chart NAME over the pairs ONLY[0..NONLY) of ST (ONLY NULL:
 * every pair), those with every reported day; GROUP ("" for the whole
 * run) goes into the title. */
static int
chart_caar (const plot_opts *o, const evs_study *st, const size_t *only,
            size_t nonly, const char *name, const char *group, plot_set *set,
            evs_error *err)
{
  const study_result **p = evs_xcalloc (st->n + 1, sizeof *p);
  size_t n = 0, days = (size_t) (st->opts.ar.b - st->opts.ar.a + 1);
  size_t m = only ? nonly : st->n;
  for (size_t k = 0; k < m; k++)
    {
      const study_result *r = &st->res[only ? only[k] : k];
      if (is_ok (r) && r->ndays == days)
        p[n++] = r;
    }
  int rc = EVS_OK;
  if (n > 0)
    {
      chart_ctx x;
      chart_begin (&x, o, set, PLOT_CAAR, name);
      var_num (&x, "n_pairs", (long) n);
      var_str (&x, "model", model_name (st->opts.model));
      var_str (&x, "group", group);
      FILE *fp = data_open (&x, "dat", "day\tn\taar\taar_se\tcaar\tcaar_se\tcaar_lo\tcaar_hi", err);
      rc = EVS_EIO;
      if (fp)
        {
          put_caar_rows (fp, p, n, &st->opts);
          rc = data_close (&x, "dat", fp, err);
        }
      int erc = chart_end (&x, rc == EVS_OK ? err : NULL);
      rc = rc != EVS_OK ? rc : erc;
    }
  free (p);
  return rc;
}

/* caar over every pair, and caar-BY-VALUE for each group of --group-by
 * (AGG may be NULL). */
static int
charts_caar (const plot_opts *o, const evs_study *st, const aggregate_run *agg,
             plot_set *set, evs_error *err)
{
  int rc = chart_caar (o, st, NULL, 0, "caar", "", set, err);
  for (size_t i = 0; rc == EVS_OK && agg && i < agg->n; i++)
    {
      const aggregate_group *g = &agg->g[i];
      if (!g->by)
        continue;
      char by[64], val[64], name[160];
      bool clash = false;
      for (size_t j = 0; j < agg->n && !clash; j++)
        clash = j != i && agg->g[j].by && slugs_clash (agg->g[j].name, g->name, true);
      snprintf (name, sizeof name, "caar-%s-%s", plot_slug (g->by, 40, true, by, sizeof by),
                name_part (g->name, i, true, clash, val, sizeof val));
      char *title = text_printf ("%s = %s: ", g->by, g->name);
      rc = chart_caar (o, st, g->pairs, g->npairs, name, title, set, err);
      free (title);
    }
  return rc;
}

/* qsort order of the summary's pairs: CAR over the main window
 * ascending, then study order (the study's results are in SORT_ST). */
static const evs_study *sort_st;
static int
by_main_car (const void *a, const void *b)
{
  size_t i = *(const size_t *) a, j = *(const size_t *) b;
  double x = sort_st->res[i].cars[0].car, y = sort_st->res[j].cars[0].car;
  return x < y ? -1 : x > y ? 1 : (i > j) - (i < j);
}

/* One row per estimated pair, sorted by CAR (issue 14: a dot plot that
 * stays readable at 200 pairs): rank, event row, "ROW:TICKER" (a slug,
 * safe as a tic label), CAR over the main window, se, band, p and
 * whether p < 0.05.  Collects the events present for the key, in the
 * study's order; *NPAIRS the rows. */
static void
put_summary_rows (FILE *fp, const evs_study *st, char **labels, size_t *rows,
                  size_t *nev, size_t *npairs)
{
  size_t n = 0, *idx = evs_xmalloc ((st->n + 1) * sizeof *idx);
  char sid[64];
  const evs_event *listed = NULL;
  for (size_t i = 0; i < st->n; i++)
    {
      const study_result *r = &st->res[i];
      if (!is_ok (r))
        continue;
      idx[n++] = i;
      if (r->event != listed)
        {
          labels[*nev] = r->event->label;
          rows[(*nev)++] = r->event->row;
          listed = r->event;
        }
    }
  sort_st = st;
  qsort (idx, n, sizeof *idx, by_main_car);
  for (size_t k = 0; k < n; k++)
    {
      const study_result *r = &st->res[idx[k]];
      const study_car *c = &r->cars[0];
      fprintf (fp, "%zu\t%zu\t%zu:%s", k + 1, r->event->row, r->event->row,
               series_id (st, r->series, sid, sizeof sid));
      put_num (fp, c->car);
      put_num (fp, c->se);
      put_num (fp, c->car - PLOT_Z95 * c->se);
      put_num (fp, c->car + PLOT_Z95 * c->se);
      put_num (fp, c->p);
      fprintf (fp, "\t%d\n", c->p < 0.05);
    }
  *npairs = n;
  free (idx);
}

/* The size of the summary: 700 pixels up to 30 pairs, then 16 more per
 * pair, so that every pair's tic label has a line of its own; the
 * key's lines (NEV events) are added as for the price chart. */
static char *
size_summary (enum plot_format f, size_t pairs, size_t nev)
{
  size_t extra = (pairs > 30 ? pairs - 30 : 0) + (nev > 9 ? nev - 9 : 0);
  return f == PLOT_PDF ? text_printf ("12.5in,%.2fin", 7.3 + (double) extra / 6)
                       : text_printf ("1200,%zu", 700 + 16 * extra);
}

static int
chart_summary (const plot_opts *o, const evs_study *st, plot_set *set,
               evs_error *err)
{
  size_t ok = 0;
  for (size_t i = 0; i < st->n; i++)
    ok += is_ok (&st->res[i]) && st->res[i].ncars > 0;
  if (!ok)
    return EVS_OK;
  chart_ctx x;
  chart_begin (&x, o, set, PLOT_SUMMARY, "summary");
  char w[32];
  snprintf (w, sizeof w, "%d:%d", st->opts.win[0].a, st->opts.win[0].b);
  var_str (&x, "window", w);
  var_str (&x, "model", model_name (st->opts.model));
  char **labels = evs_xcalloc (st->n + 1, sizeof *labels);
  size_t *rows = evs_xcalloc (st->n + 1, sizeof *rows), nev = 0, npairs = 0;
  int rc = EVS_EIO;
  FILE *fp = data_open (&x, "dat", "x\tevent\tpair\tcar\tse\tcar_lo\tcar_hi\tp\tsignificant", err);
  if (fp)
    {
      put_summary_rows (fp, st, labels, rows, &nev, &npairs);
      rc = data_close (&x, "dat", fp, err);
    }
  var_num (&x, "n_pairs", (long) npairs);
  var_replace (&x, "size", size_summary (o->format, npairs, nev));
  var_num (&x, "n_events", (long) nev);
  var_own (&x, "event_labels", gp_array (labels, nev));
  var_own (&x, "event_rows", gp_num_array (rows, nev));
  free (labels);
  free (rows);
  int erc = chart_end (&x, rc == EVS_OK ? err : NULL);
  return rc != EVS_OK ? rc : erc;
}

/* ------------------------------------------------------------------ */
/* Writing and rendering.                                              */
/* ------------------------------------------------------------------ */

int
plot_write (const plot_opts *o, const evs_study *st, const aggregate_run *agg,
            plot_set *out, evs_error *err)
{
  memset (out, 0, sizeof *out);
  out->templates = plot_find_templates (o->templates, err);
  if (!out->templates || fsout_make_dir (o->dir, err) != EVS_OK)
    {
      plot_set_release (out);
      return err->code;
    }
  /* A volume study's ARs are log volumes: the return charts would
   * label them as returns. */
  bool returns = st->opts.measure != STUDY_VOLUME;
  int rc = charts_price (o, st, out, err);
  if (rc == EVS_OK && returns)
    rc = charts_event (o, st, out, err);
  if (rc == EVS_OK && returns)
    rc = charts_caar (o, st, agg, out, err);
  if (rc == EVS_OK && returns)
    rc = chart_summary (o, st, out, err);
  if (rc == EVS_OK)
    rc = charts_measure (o, st, out, err);
  if (rc != EVS_OK)
    plot_set_release (out);
  return rc;
}

/* Runs ARGV[0] with ARGV in directory DIR, its stdout to OUT_FD (or
 * /dev/null) and stderr to ERR_FD; returns its exit status, or -1 if it
 * could not be run.  No shell is involved. */
static int
run_program (const char *dir, char *const argv[], int out_fd, int err_fd)
{
  pid_t pid = fork ();
  if (pid < 0)
    return -1;
  if (pid == 0)
    {
      int null = open ("/dev/null", O_RDWR);
      dup2 (null, STDIN_FILENO);
      dup2 (out_fd >= 0 ? out_fd : null, STDOUT_FILENO);
      dup2 (err_fd >= 0 ? err_fd : null, STDERR_FILENO);
      if (dir && chdir (dir) != 0)
        _exit (126);
      execvp (argv[0], argv);
      _exit (127);
    }
  int status;
  while (waitpid (pid, &status, 0) < 0)
    if (errno != EINTR)
      return -1;
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/* Reads "gnuplot 5.4 patchlevel 4" from `gnuplot --version`. */
static bool
gnuplot_version (const char *gnuplot, char *buf, size_t size)
{
  FILE *tmp = tmpfile ();
  if (!tmp)
    return false;
  char *argv[] = { (char *) gnuplot, (char *) "--version", NULL };
  int rc = run_program (NULL, argv, fileno (tmp), -1);
  buf[0] = '\0';
  rewind (tmp);
  if (rc == 0 && fgets (buf, (int) size, tmp))
    buf[strcspn (buf, "\r\n")] = '\0';
  fclose (tmp);
  return rc == 0 && buf[0];
}

static bool
image_ok (const plot_opts *o, const char *image)
{
  char *path = path_join (o->dir, image);
  struct stat sb;
  bool ok = stat (path, &sb) == 0 && sb.st_size > 0;
  free (path);
  return ok;
}

/* Runs gnuplot on chart C; on failure keeps the last line gnuplot wrote
 * to stderr in ERRLINE (if not NULL). */
static bool
render_one (const plot_opts *o, const char *gnuplot, plot_chart *c,
            char *errline, size_t size)
{
  char script[300];
  snprintf (script, sizeof script, "%s.gp", c->name);
  FILE *log = tmpfile ();
  char *argv[] = { (char *) gnuplot, script, NULL };
  int rc = run_program (o->dir, argv, -1, log ? fileno (log) : -1);
  c->drawn = rc == 0 && image_ok (o, c->image);
  if (!c->drawn && log && errline)
    {
      char line[512];
      rewind (log);
      while (fgets (line, sizeof line, log))
        if (line[strspn (line, " \t\r\n")])
          snprintf (errline, size, "%s", line);
      errline[strcspn (errline, "\r\n")] = '\0';
    }
  if (log)
    fclose (log);
  return c->drawn;
}

int
plot_render (const plot_opts *o, plot_set *set, evs_error *err)
{
  const char *gnuplot = o->gnuplot ? o->gnuplot : "gnuplot";
  const char *dir = o->shown_dir ? o->shown_dir : o->dir;
  /* gnuplot runs in O->dir: a path to it must not depend on the cwd. */
  char abs[PATH_MAX];
  const char *prog = strchr (gnuplot, '/') && realpath (gnuplot, abs) ? abs : gnuplot;
  if (!gnuplot_version (prog, set->gnuplot_version, sizeof set->gnuplot_version))
    return evs_fail (err, EVS_ENOPLOT,
                     "warning: %s not found: charts not drawn; their scripts and data "
                     "are in %s: install gnuplot (Debian: gnuplot-nox) and run "
                     "'gnuplot NAME.gp' there, or pass --gnuplot PATH",
                     gnuplot, dir);
  size_t failed = 0;
  const char *first = NULL;
  char errline[512] = "";
  for (size_t i = 0; i < set->n; i++)
    if (!render_one (o, prog, &set->v[i], failed ? NULL : errline, sizeof errline)
        && !failed++)
      first = set->v[i].name;
  if (failed)
    return evs_fail (err, EVS_ENOPLOT,
                     "warning: gnuplot failed on %zu of %zu charts in %s (first: %s.gp%s%s)",
                     failed, set->n, dir, first, errline[0] ? ": " : "", errline);
  return EVS_OK;
}

void
plot_set_release (plot_set *set)
{
  for (size_t i = 0; i < set->n; i++)
    {
      free (set->v[i].name);
      free (set->v[i].image);
    }
  free (set->v);
  free (set->templates);
  memset (set, 0, sizeof *set);
}
