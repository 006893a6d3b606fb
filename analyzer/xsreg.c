/* xsreg.c -- the design of a cross-sectional regression from a study's
 * pairs (xsreg.h). */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "date.h"
#include "xsreg.h"

enum src { SRC_BETA, SRC_KEY, SRC_CHARAC, SRC_EVENTS };

/* Where a name's values come from; NUM holds a numeric column's parsed
 * values (characteristics: one per row; events: one per event). */
typedef struct column {
  const char *name;
  enum src src;
  long col;          /* charac column, events extra index, or key 0..2 */
  double *num;
  size_t pos;        /* in the formula, for messages; 0 for options */
} column;

static const char *const keys[] = { "event", "ticker", "day0" };

static long
events_column (const evs_timeline *ev, const char *name)
{
  for (size_t i = 0; i < ev->nextra; i++)
    if (strcasecmp (ev->extra_names[i], name) == 0)
      return (long) i;
  return -1;
}

/* Finds NAME (a number when NUMERIC) for a message at POS (0: not in
 * the formula but WHAT, e.g. "--vcov"). */
static int
resolve (const char *name, bool numeric, size_t pos, const char *what,
         const evs_timeline *ev, const charac_table *ch, column *c, evs_error *err)
{
  char q[128], at[160];
  evs_quote (q, sizeof q, name, strlen (name));
  if (pos)
    snprintf (at, sizeof at, "position %zu: ", pos);
  else
    snprintf (at, sizeof at, "%s: ", what);
  memset (c, 0, sizeof *c);
  c->name = name;
  c->pos = pos;
  long cc = ch ? charac_column (ch, name) : -1, ec = events_column (ev, name);
  if (cc >= 0 && ec >= 0)
    return evs_fail (err, EVS_EUSAGE, "%scolumn '%s' is in both %s and %s: rename one", at, q,
                     ch->source, ev->source);
  if (numeric && strcasecmp (name, "beta") == 0 && cc < 0 && ec < 0)
    return c->src = SRC_BETA, EVS_OK;
  for (long k = 0; !numeric && k < 3 && cc < 0 && ec < 0; k++)
    if (strcasecmp (name, keys[k]) == 0)
      return c->src = SRC_KEY, c->col = k, EVS_OK;
  if (cc < 0 && ec < 0)
    return evs_fail (err, EVS_EUSAGE, "%sno column '%s' in %s%s%s%s", at, q,
                     ch ? ch->source : "", ch ? " or " : "", ev->source,
                     numeric ? " (nor the built-in beta)" : " (nor event, ticker, day0)");
  c->src = cc >= 0 ? SRC_CHARAC : SRC_EVENTS;
  c->col = cc >= 0 ? cc : ec;
  if (!numeric)
    return EVS_OK;
  if (c->src == SRC_CHARAC)
    {
      c->num = evs_xcalloc (ch->nrow + 1, sizeof *c->num);
      return charac_numeric (ch, (size_t) cc, c->num, err);
    }
  c->num = evs_xcalloc (ev->n + 1, sizeof *c->num);
  for (size_t i = 0; i < ev->n; i++)
    {
      const char *s = ev->v[i].extra[ec];
      c->num[i] = NAN;
      if (!charac_missing (s) && !charac_parse_number (s, &c->num[i]))
        {
          char qs[128];
          return evs_fail (err, EVS_EDATA, "%s:%u: non-numeric value '%s' in column '%s'",
                           ev->source, ev->v[i].line, evs_quote (qs, sizeof qs, s, strlen (s)), q);
        }
    }
  return EVS_OK;
}

/* The columns of SPEC: the formula's terms, then the clusters. */
static int
resolve_all (const xsreg_spec *spec, const evs_timeline *ev, const charac_table *ch,
             column *cols, evs_error *err)
{
  const formula *f = spec->f;
  int rc = EVS_OK;
  for (size_t j = 0; j < f->nterms && rc == EVS_OK; j++)
    rc = resolve (f->terms[j].name, !f->terms[j].factor, f->terms[j].pos + 1, NULL, ev, ch,
                  &cols[j], err);
  for (size_t c = 0; c < spec->ncluster && rc == EVS_OK; c++)
    rc = resolve (spec->cluster[c], false, 0, "--vcov cluster", ev, ch, &cols[f->nterms + c], err);
  return rc;
}

static void
release_cols (column *cols, size_t n)
{
  for (size_t j = 0; j < n; j++)
    free (cols[j].num);
  free (cols);
}

int
xsreg_check (const xsreg_spec *spec, const evs_timeline *ev, const charac_table *ch,
             evs_error *err)
{
  size_t n = spec->f->nterms + spec->ncluster;
  column *cols = evs_xcalloc (n + 1, sizeof *cols);
  int rc = resolve_all (spec, ev, ch, cols, err);
  release_cols (cols, n);
  return rc;
}

/* The characteristics row of pair R, or -1 with the reason in WHY. */
static long
charac_row_of (const charac_table *ch, const study_result *r, char *why, size_t size)
{
  long row = charac_row (ch, r->series->ticker, r->event->stamp.day);
  if (row < 0)
    {
      char d[16];
      snprintf (why, size, ch->has_date ? "no row of %s for %s on or before %s"
                : "no row of %s for %s", ch->source, r->series->ticker,
                date_format (r->event->stamp.day, d));
    }
  return row;
}

/* The value of column C for pair R: a number into *X or text into *S
 * (borrowed, or in BUF).  False with the reason in WHY when missing. */
static bool
value_of (const column *c, const evs_study *st, const study_result *r, const evs_timeline *ev,
          const charac_table *ch, double *x, const char **s, char *buf, char *why, size_t size)
{
  size_t ei = (size_t) (r->event - ev->v);
  long row = -1;
  switch (c->src)
    {
    case SRC_BETA:
      *x = r->fit.beta;
      if (!isfinite (*x))
        snprintf (why, size, "no beta under the %s model", model_name (st->opts.model));
      return isfinite (*x);
    case SRC_KEY:
      if (c->col == 0)
        snprintf (buf, 32, "%zu", r->event->row);
      else if (c->col == 2)
        date_format (r->day0, buf);
      *s = c->col == 1 ? r->series->ticker : buf;
      return true;
    case SRC_CHARAC:
      if ((row = charac_row_of (ch, r, why, size)) < 0)
        return false;
      *s = ch->cell[(size_t) row * ch->ncol + (size_t) c->col];
      if (c->num)
        *x = c->num[row];
      break;
    case SRC_EVENTS:
      *s = r->event->extra[c->col];
      if (c->num)
        *x = c->num[ei];
      break;
    }
  if (charac_missing (*s))
    {
      char q[96];
      evs_quote (q, sizeof q, c->name, strlen (c->name));
      if (c->src == SRC_CHARAC)
        snprintf (why, size, "'%s' missing in %s line %u", q, ch->source, ch->line[row]);
      else
        snprintf (why, size, "'%s' missing in %s line %u", q, ev->source, r->event->line);
      return false;
    }
  return true;
}

/* Y of pair R, or false with the reason. */
static bool
y_of (const xsreg_spec *spec, const evs_study *st, const study_result *r, double *y, double *w,
      char *why, size_t size)
{
  const formula *f = spec->f;
  if (r->status != STUDY_OK)
    {
      snprintf (why, size, "skipped: %.200s", r->reason);
      return false;
    }
  const study_car *c = NULL;
  for (size_t k = 0; k < r->ncars; k++)
    if (r->cars[k].w.a == f->a && r->cars[k].w.b == f->b)
      c = &r->cars[k];
  if (!c)      /* the command line adds the formula's windows */
    {
      snprintf (why, size, "no window %d:%d", f->a, f->b);
      return false;
    }
  *y = f->y == FORMULA_CAR ? c->car : f->y == FORMULA_SCAR ? c->car / c->se : c->bhar;
  *w = 1 / (c->se * c->se);
  (void) st;
  if (!isfinite (*y))
    snprintf (why, size, "%s[%d,%d] undefined%s", formula_y_name (f->y), f->a, f->b,
              f->y == FORMULA_BHAR ? " (BHAR needs simple returns)" : "");
  else if (spec->inverse_variance && !(isfinite (*w) && *w > 0))
    snprintf (why, size, "Var(CAR[%d,%d]) is not positive", f->a, f->b);
  else
    return true;
  return false;
}

/* The rows of the design: per kept pair, Y, weight, the numeric values
 * and the text of factors and clusters. */
typedef struct rows {
  size_t n, m;           /* kept pairs; columns per pair */
  double *y, *w, *num;   /* num: n x m */
  const char **txt;      /* n x m */
  char (*buf)[32];       /* n x m key texts */
  const study_result **pair;
} rows;

static void
collect (const xsreg_spec *spec, const evs_study *st, const evs_timeline *ev,
         const charac_table *ch, const column *cols, rows *R, xsreg_result *out)
{
  size_t m = spec->f->nterms + spec->ncluster;
  R->m = m;
  R->y = evs_xcalloc (st->n + 1, sizeof *R->y);
  R->w = evs_xcalloc (st->n + 1, sizeof *R->w);
  R->num = evs_xcalloc (st->n * m + 1, sizeof *R->num);
  R->txt = evs_xcalloc (st->n * m + 1, sizeof *R->txt);
  R->buf = evs_xcalloc (st->n * m + 1, sizeof *R->buf);
  R->pair = evs_xcalloc (st->n + 1, sizeof *R->pair);
  out->out = evs_xcalloc (st->n + 1, sizeof *out->out);
  for (size_t i = 0; i < st->n; i++)
    {
      const study_result *r = &st->res[i];
      size_t n = R->n;
      char *why = out->out[out->nout].reason;
      size_t wsize = sizeof out->out[out->nout].reason;
      bool ok = y_of (spec, st, r, &R->y[n], &R->w[n], why, wsize);
      for (size_t j = 0; ok && j < m; j++)
        ok = value_of (&cols[j], st, r, ev, ch, &R->num[n * m + j], &R->txt[n * m + j],
                       R->buf[n * m + j], why, wsize);
      if (ok)
        R->pair[R->n++] = r;
      else
        out->out[out->nout++].r = r;
    }
}

static void
rows_release (rows *R)
{
  free (R->y), free (R->w), free (R->num), free (R->txt), free (R->buf), free (R->pair);
}

static int
cmp_str (const void *a, const void *b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The sorted distinct values of text column J of the kept rows into
 * *LEV (borrowed strings); returns their number. */
static size_t
levels (const rows *R, size_t j, const char ***lev)
{
  const char **v = evs_xcalloc (R->n + 1, sizeof *v);
  for (size_t i = 0; i < R->n; i++)
    v[i] = R->txt[i * R->m + j];
  qsort (v, R->n, sizeof *v, cmp_str);
  size_t g = 0;
  for (size_t i = 0; i < R->n; i++)
    if (!g || strcmp (v[g - 1], v[i]) != 0)
      v[g++] = v[i];
  *lev = v;
  return g;
}

static size_t
level_of (const char **lev, size_t g, const char *s)
{
  const char **p = bsearch (&s, lev, g, sizeof *lev, cmp_str);
  return p ? (size_t) (p - lev) : 0;
}

static void
add_name (xsreg_result *out, size_t *cap, char *name)
{
  evs_grow ((void **) &out->names, cap, out->k + 1, sizeof *out->names);
  out->names[out->k++] = name;
}

/* The design matrix, column by column: intercept, then each term (a
 * factor as its dummies).  Returns X (n x k, row-major). */
static double *
design (const xsreg_spec *spec, const rows *R, xsreg_result *out)
{
  const formula *f = spec->f;
  size_t cap = 0, n = R->n;
  bool first_factor = !f->intercept;
  if (f->intercept)
    add_name (out, &cap, evs_xstrdup ("(Intercept)"));
  /* Count the columns first, then fill. */
  double *x = NULL;
  size_t kmax = (f->intercept ? 1 : 0);
  for (size_t j = 0; j < f->nterms; j++)
    {
      const char **lev;
      kmax += f->terms[j].factor ? levels (R, j, &lev) : 1;
      if (f->terms[j].factor)
        free (lev);
    }
  x = evs_xcalloc (n * kmax + 1, sizeof *x);
  for (size_t i = 0; f->intercept && i < n; i++)
    x[i * kmax] = 1;
  for (size_t j = 0; j < f->nterms; j++)
    {
      if (!f->terms[j].factor)
        {
          for (size_t i = 0; i < n; i++)
            x[i * kmax + out->k] = R->num[i * R->m + j];
          add_name (out, &cap, evs_xstrdup (f->terms[j].name));
          continue;
        }
      const char **lev;
      size_t g = levels (R, j, &lev), from = first_factor ? 0 : 1;
      first_factor = false;
      for (size_t l = from; l < g; l++)
        {
          size_t len = strlen (f->terms[j].name) + strlen (lev[l]) + 4;
          char *name = evs_xmalloc (len);
          snprintf (name, len, "C(%s)%s", f->terms[j].name, lev[l]);
          for (size_t i = 0; i < n; i++)
            x[i * kmax + out->k] = level_of (lev, g, R->txt[i * R->m + j]) == l;
          add_name (out, &cap, name);
        }
      free (lev);
    }
  /* A factor with one level adds no column: the design has fewer. */
  if (out->k < kmax)
    for (size_t i = 0; i < n; i++)
      memmove (&x[i * out->k], &x[i * kmax], out->k * sizeof *x);
  return x;
}

/* Each kept pair's group per cluster dimension. */
static void
clusters (const xsreg_spec *spec, const rows *R, regress_data *d, size_t *g)
{
  for (size_t c = 0; c < spec->ncluster; c++)
    {
      const char **lev;
      size_t j = spec->f->nterms + c, G = levels (R, j, &lev);
      for (size_t i = 0; i < R->n; i++)
        g[c * R->n + i] = level_of (lev, G, R->txt[i * R->m + j]);
      d->cluster[c] = &g[c * R->n];
      d->ngroups[c] = G;
      free (lev);
    }
  d->ncluster = spec->ncluster;
}

static void
name_vcov (const xsreg_spec *spec, xsreg_result *out)
{
  if (spec->vcov != REGRESS_CLUSTER)
    snprintf (out->vcov, sizeof out->vcov, "%s", regress_vcov_name (spec->vcov));
  else
    snprintf (out->vcov, sizeof out->vcov, "cluster:%s%s%s", spec->cluster[0],
              spec->ncluster > 1 ? "," : "", spec->ncluster > 1 ? spec->cluster[1] : "");
}

int
xsreg_run (const xsreg_spec *spec, const evs_study *st, const evs_timeline *ev,
           const charac_table *ch, xsreg_result *out, evs_error *err)
{
  memset (out, 0, sizeof *out);
  out->f = spec->f;
  out->weighted = spec->inverse_variance;
  name_vcov (spec, out);
  size_t m = spec->f->nterms + spec->ncluster;
  column *cols = evs_xcalloc (m + 1, sizeof *cols);
  int rc = resolve_all (spec, ev, ch, cols, err);
  rows R = { 0 };
  if (rc == EVS_OK)
    {
      collect (spec, st, ev, ch, cols, &R, out);
      double *x = design (spec, &R, out);
      size_t *g = evs_xcalloc (2 * R.n + 1, sizeof *g);
      regress_data d = { R.n, out->k, R.y, x, spec->inverse_variance ? R.w : NULL,
                         (const char *const *) out->names, spec->vcov, 0, { NULL, NULL }, { 0, 0 } };
      clusters (spec, &R, &d, g);
      if (R.n <= out->k && out->nout)
        {
          /* Say why so few pairs are left: the first pair left out. */
          const xsreg_left_out *o = &out->out[0];
          char q[96];
          evs_quote (q, sizeof q, o->r->series->ticker, strlen (o->r->series->ticker));
          rc = evs_fail (err, EVS_EDATA, "%zu pair%s for %zu regressors: %zu left out, first "
                         "%s event %zu: %s", R.n, R.n == 1 ? "" : "s", out->k, out->nout,
                         q, o->r->event->row, o->reason);
        }
      else
        rc = regress_fit_run (&d, &out->fit, err);
      free (g);
      free (x);
    }
  rows_release (&R);
  release_cols (cols, m);
  if (rc != EVS_OK)
    xsreg_release (out);
  return rc;
}

void
xsreg_release (xsreg_result *out)
{
  for (size_t j = 0; j < out->k; j++)
    free (out->names[j]);
  free (out->names);
  free (out->out);
  regress_fit_release (&out->fit);
  memset (out, 0, sizeof *out);
}
