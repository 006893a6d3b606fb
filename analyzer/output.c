/* output.c -- table, CSV and JSON writers. */
#include <config.h>
#include "output.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "factors.h"
#include "pool.h"
#include "text.h"

bool
output_parse_format (const char *s, enum output_format *f)
{
  static const char *const names[] = { "table", "csv", "json", "text" };
  for (int i = 0; i < 4; i++)
    if (strcmp (s, names[i]) == 0)
      {
        *f = (enum output_format) i;
        return true;
      }
  return false;
}

bool
output_parse_table (const char *s, enum output_table *t)
{
  if (strcmp (s, "car") == 0)
    *t = OUTPUT_CAR;
  else if (strcmp (s, "ar") == 0)
    *t = OUTPUT_AR;
  else if (strcmp (s, "aggregate") == 0)
    *t = OUTPUT_AGGREGATE;
  else if (strcmp (s, "tests") == 0)
    *t = OUTPUT_TESTS;
  else if (strcmp (s, "aggregate-days") == 0)
    *t = OUTPUT_AGGREGATE_DAYS;
  else if (strcmp (s, "aggregate-windows") == 0)
    *t = OUTPUT_AGGREGATE_WINDOWS;
  else if (strcmp (s, "car-path") == 0)
    *t = OUTPUT_CAR_PATH;
  else
    return false;
  return true;
}

bool
output_table_is_aggregate (enum output_table t)
{
  return t == OUTPUT_AGGREGATE || t == OUTPUT_TESTS || t == OUTPUT_AGGREGATE_DAYS
         || t == OUTPUT_AGGREGATE_WINDOWS;
}

/* ---------------------------------------------------------------- CSV */

/* True if S is well-formed UTF-8 (text_utf8_len), checked byte by byte
 * only past the first byte >= 0x80. */
static bool
csv_utf8 (const char *s)
{
  for (const unsigned char *p = (const unsigned char *) s; *p;)
    {
      size_t n = *p < 0x80 ? 1 : text_utf8_len ((const char *) p);
      if (!n)
        return false;
      p += n;
    }
  return true;
}

static void csv_str_raw (FILE *fp, const char *s);

/* RFC 4180: quote a field holding a comma, quote, CR or LF; double quotes.
 * Bytes that are not UTF-8 become U+FFFD (text_sanitize), as in JSON, so
 * that the CSV reads as UTF-8 (pandas.read_csv's default) whatever the
 * input file's encoding. */
static void
csv_str (FILE *fp, const char *s)
{
  if (csv_utf8 (s))
    {
      csv_str_raw (fp, s);
      return;
    }
  char *t = text_sanitize (s);
  csv_str_raw (fp, t);
  free (t);
}

static void
csv_str_raw (FILE *fp, const char *s)
{
  if (!strpbrk (s, ",\"\r\n"))
    {
      fputs (s, fp);
      return;
    }
  putc ('"', fp);
  for (; *s; s++)
    {
      if (*s == '"')
        putc ('"', fp);
      putc (*s, fp);
    }
  putc ('"', fp);
}

static void
csv_num (FILE *fp, double x)
{
  putc (',', fp);
  if (isfinite (x))
    fprintf (fp, "%.17g", x);
}

static void
csv_date (FILE *fp, bool has, int32_t d)
{
  char b[11];
  putc (',', fp);
  if (has)
    fputs (date_format (d, b), fp);
}

/* event,label,ticker: the columns that start every row. */
static void
csv_key (FILE *fp, const study_result *r)
{
  fprintf (fp, "%zu,", r->event->row);
  csv_str (fp, r->event->label);
  putc (',', fp);
  csv_str (fp, r->series->ticker);
}

/* ,market for the ar and car tables (empty without one). */
static void
csv_pair_tail (FILE *fp, const study_result *r)
{
  putc (',', fp);
  csv_str (fp, r->market ? r->market->ticker : "");
}

/* ,events_file,event.NAME...: the events file and the event's own
 * columns (those events.h keeps as extra), last in every per-pair row. */
static void
csv_event_cols (FILE *fp, const evs_study *st, const study_result *r)
{
  const evs_timeline *t = st->events;
  putc (',', fp);
  csv_str (fp, t && t->source ? t->source : "");
  for (size_t c = 0; t && c < t->nextra; c++)
    {
      putc (',', fp);
      csv_str (fp, r->event->extra && r->event->extra[c] ? r->event->extra[c] : "");
    }
}

/* The header's ,events_file,event.NAME... (csv_event_cols). */
static void
csv_event_head (FILE *fp, const evs_study *st)
{
  const evs_timeline *t = st->events;
  fputs (",events_file", fp);
  for (size_t c = 0; t && c < t->nextra; c++)
    {
      char *name = text_printf ("event.%s", t->extra_names[c]);
      putc (',', fp);
      csv_str (fp, name);
      free (name);
    }
  putc ('\n', fp);
}

/* The listed confounders' labels as one field, joined by "; " (as
 * warnings are): JSON's "confounders" list. */
static void
csv_confounders (FILE *fp, const study_result *r)
{
  text_buf b = { 0 };
  for (size_t i = 0; i < r->nconf; i++)
    {
      if (i)
        text_buf_puts (&b, "; ");
      text_buf_puts (&b, r->conf[i]->label);
    }
  char *s = text_buf_take (&b);
  csv_str (fp, s ? s : "");
  free (s);
}

/* UCOLS: 0 without the u,u_p columns, 1 with their values, 2 empty
 * (a measure other than volatility in a run of several).  They follow
 * warnings, before the columns every table ends with (market, ...). */
static void
csv_car_row (FILE *fp, const evs_study *st, const study_result *r, const study_window *w,
             const study_car *c, int ucols)
{
  bool ok = r->status == STUDY_OK;
  csv_key (fp, r);
  putc (',', fp);
  csv_str (fp, r->event->date_text);
  csv_date (fp, r->has_day0, r->day0);
  fprintf (fp, ",%d,%d", w->a, w->b);
  csv_num (fp, ok ? c->car : NAN);
  csv_num (fp, ok ? c->se : NAN);
  csv_num (fp, ok ? c->t : NAN);
  csv_num (fp, ok ? c->df : NAN);
  csv_num (fp, ok ? c->p : NAN);
  putc (',', fp);
  if (ok)
    fprintf (fp, "%zu", r->fit.T);
  csv_num (fp, ok ? r->fit.alpha : NAN);
  csv_num (fp, ok ? r->fit.beta : NAN);
  csv_num (fp, ok ? r->fit.sigma : NAN);
  fputs (ok ? ",ok," : ",skipped,", fp);
  csv_str (fp, r->reason);
  csv_num (fp, ok ? c->bhar : NAN);
  char wb[STUDY_WARNINGS_MAX];
  putc (',', fp);
  csv_str (fp, study_warnings_text (r, wb, sizeof wb));
  if (ucols)
    {
      double up = NAN, u = ok && ucols == 1 ? study_car_u (r, c, &up) : NAN;
      csv_num (fp, u);
      csv_num (fp, up);
    }
  csv_pair_tail (fp, r);
  csv_date (fp, ok && c, ok && c ? c->first : 0);
  csv_date (fp, ok && c, ok && c ? c->last : 0);
  csv_date (fp, ok, r->est_first);
  csv_date (fp, ok, r->est_last);
  csv_num (fp, ok ? r->fit.r2 : NAN);
  fprintf (fp, ",%zu,", r->nconf_total);
  csv_confounders (fp, r);
  csv_event_cols (fp, st, r);
  putc ('\n', fp);
}

/* --measure volume: how many times its normal volume the stock traded,
 * exp(AV_t) = (1 + V_t) / exp(E[v_t]) (Campbell & Wasley 1996's
 * abnormal log volume read as a ratio). */
static double
volume_multiple (const study_day *d)
{
  return exp (d->ar);
}

/* ALL: a run of several measures, where both multiple and u are
 * columns, empty for the measures they are not of. */
static void
csv_ar_row (FILE *fp, const evs_study *st, const study_result *r, const study_day *d,
            bool volume, bool volatility, bool all)
{
  char b[11];
  csv_key (fp, r);
  fprintf (fp, ",%d,%s", d->day, date_format (d->date, b));
  csv_num (fp, d->ret);
  csv_num (fp, d->mret);
  csv_num (fp, d->expected);
  csv_num (fp, d->ar);
  csv_num (fp, d->se);
  csv_num (fp, d->t);
  csv_num (fp, d->p);
  if (volume || all)
    csv_num (fp, volume ? volume_multiple (d) : NAN);
  if (volatility || all)
    csv_num (fp, volatility ? study_day_u (d) : NAN);
  csv_pair_tail (fp, r);
  csv_date (fp, r->has_day0, r->day0);
  csv_event_cols (fp, st, r);
  putc ('\n', fp);
}

/* One day of the CAR path: the ar table's pair columns around day,
 * date, car, se, t, df, p (the CAR table's names). */
static void
csv_path_row (FILE *fp, const evs_study *st, const study_result *r, size_t i)
{
  char b[11];
  double p, t = study_path_t (r, i, &p);
  csv_key (fp, r);
  fprintf (fp, ",%d,%s", r->days[i].day, date_format (r->days[i].date, b));
  csv_num (fp, r->path[i].car);
  csv_num (fp, r->path[i].se);
  csv_num (fp, t);
  csv_num (fp, r->fit.df);
  csv_num (fp, p);
  csv_pair_tail (fp, r);
  csv_date (fp, r->has_day0, r->day0);
  csv_event_cols (fp, st, r);
  putc ('\n', fp);
}

#define CSV_PATH_HEAD "event,label,ticker,day,date,car,se,t,df,p,market,day0"
/* ------------------------------------------------ rows on several threads */

typedef void rows_fn (FILE *fp, const void *ctx, size_t lo, size_t hi);

typedef struct rows_job {
  rows_fn *fn;
  const void *ctx;
  size_t n, first;          /* items; the batch's first block */
  char **buf;
  size_t *len;
} rows_job;

enum { ROWS_BLOCK = 64, ROWS_BATCH = 16 };   /* items a block, blocks a batch */

static void
rows_block (void *ctx, size_t k, unsigned worker)
{
  (void) worker;
  rows_job *j = ctx;
  size_t lo = (j->first + k) * ROWS_BLOCK, hi = lo + ROWS_BLOCK < j->n ? lo + ROWS_BLOCK : j->n;
  FILE *m = open_memstream (&j->buf[k], &j->len[k]);
  if (!m)
    return;   /* rows_parallel writes the block itself */
  j->fn (m, j->ctx, lo, hi);
  if (fclose (m) != 0)
    {
      free (j->buf[k]);
      j->buf[k] = NULL;
    }
}

/* FN's rows of items 0..N-1 in order, formatted on JOBS threads: blocks
 * of items into memory, a batch at a time, then written in order.
 * fprintf's %.17g is most of a large CSV's writing (80,000 rows of a
 * 20,000-pair run, issue 17); the bytes are those of one thread. */
static void
rows_parallel (FILE *fp, size_t n, unsigned jobs, rows_fn *fn, const void *ctx)
{
  size_t nb = (n + ROWS_BLOCK - 1) / ROWS_BLOCK;
  if (jobs <= 1 || nb <= 1)
    {
      fn (fp, ctx, 0, n);
      return;
    }
  char *buf[ROWS_BATCH];
  size_t len[ROWS_BATCH];
  rows_job j = { fn, ctx, n, 0, buf, len };
  for (; j.first < nb; j.first += ROWS_BATCH)
    {
      size_t k = nb - j.first < ROWS_BATCH ? nb - j.first : ROWS_BATCH;
      memset (buf, 0, sizeof buf);
      pool_for (k, jobs, rows_block, &j);
      for (size_t b = 0; b < k; b++)
        {
          if (buf[b])
            fwrite (buf[b], 1, len[b], fp);
          else
            {
              size_t lo = (j.first + b) * ROWS_BLOCK;
              fn (fp, ctx, lo, lo + ROWS_BLOCK < n ? lo + ROWS_BLOCK : n);
            }
          free (buf[b]);
        }
    }
}

/* Pair I's text of KIND: the study's own copy (formatted where the pair
 * was studied, study.h study_text) when it carries one, else formatted
 * now by output_pair_text, the one function that formats both. */
static void
pair_text (FILE *fp, const evs_study *st, size_t i, enum study_text_kind kind)
{
  if (st->text[kind])
    fwrite (st->text[kind][i].b, 1, st->text[kind][i].n, fp);
  else
    output_pair_text (fp, st, i, kind);
}

typedef struct csv_rows_ctx {
  const evs_study *st;
  enum output_table table;
  bool volume, volatility;
} csv_rows_ctx;

/* output_csv's rows of pairs LO..HI-1. */
static void
csv_pair_rows (FILE *fp, const void *ctx, size_t lo, size_t hi)
{
  const csv_rows_ctx *x = ctx;
  const evs_study *st = x->st;
  for (size_t i = lo; i < hi; i++)
    {
      const study_result *r = &st->res[i];
      if (x->table == OUTPUT_AR)   /* OUTPUT_BOTH is CARs in CSV */
        for (size_t d = 0; d < r->ndays; d++)
          csv_ar_row (fp, st, r, &r->days[d], x->volume, x->volatility, false);
      else
        pair_text (fp, st, i, STUDY_TEXT_CSV_CAR);
    }
}

void
output_csv (FILE *fp, const evs_study *st, enum output_table table)
{
  if (table == OUTPUT_CAR_PATH)
    {
      fputs (CSV_PATH_HEAD, fp);
      csv_event_head (fp, st);
      for (size_t i = 0; i < st->n; i++)
        for (size_t d = 0; d < st->res[i].npath; d++)
          csv_path_row (fp, st, &st->res[i], d);
      return;
    }
  bool volume = st->opts.measure == STUDY_VOLUME;
  bool volatility = st->opts.measure == STUDY_VOLATILITY;
  if (table == OUTPUT_AR && volume)
    fputs ("event,label,ticker,day,date,log_volume,market_log_volume,expected,ar,se,t,p,"
           "multiple,market,day0", fp);
  else if (table == OUTPUT_AR)
    fputs (volatility ? "event,label,ticker,day,date,return,market_return,expected,ar,se,t,p,u,"
           "market,day0"
           : "event,label,ticker,day,date,return,market_return,expected,ar,se,t,p,market,day0", fp);
  else
    {
      fputs ("event,label,ticker,event_date,day0,window_start,window_end,car,se,t,df,p,"
             "n_est,alpha,beta,sigma,status,reason,bhar,warnings", fp);
      fputs (volatility ? ",u,u_p" : "", fp);
      fputs (",market,first,last,est_first,est_last,r2,n_confounders,confounders", fp);
    }
  csv_event_head (fp, st);
  csv_rows_ctx x = { st, table, volume, volatility };
  /* Text formatted where the pairs were run is copied on one thread. */
  bool copied = table != OUTPUT_AR && st->text[STUDY_TEXT_CSV_CAR];
  rows_parallel (fp, st->n, copied ? 1 : st->opts.jobs, csv_pair_rows, &x);
}

/* Several measures (--measure return,volume,volatility): one table whose
 * rows start with the measure, the union of the measures' columns, the
 * day's two values named value and market_value (a return or a log
 * volume). */
void
output_csv_multi (FILE *fp, const evs_study *const *sts, size_t n, enum output_table table)
{
  if (table == OUTPUT_CAR_PATH)
    {
      fputs ("measure," CSV_PATH_HEAD, fp);
      csv_event_head (fp, sts[0]);
      for (size_t k = 0; k < n; k++)
        for (size_t i = 0; i < sts[k]->n; i++)
          for (size_t d = 0; d < sts[k]->res[i].npath; d++)
            {
              fprintf (fp, "%s,", study_measure_name (sts[k]->opts.measure));
              csv_path_row (fp, sts[k], &sts[k]->res[i], d);
            }
      return;
    }
  if (table == OUTPUT_AR)
    fputs ("measure,event,label,ticker,day,date,value,market_value,expected,ar,se,t,p,"
           "multiple,u,market,day0", fp);
  else
    fputs ("measure,event,label,ticker,event_date,day0,window_start,window_end,car,se,t,df,p,"
           "n_est,alpha,beta,sigma,status,reason,bhar,warnings,u,u_p,market,first,last,"
           "est_first,est_last,r2,n_confounders,confounders", fp);
  csv_event_head (fp, sts[0]);
  for (size_t k = 0; k < n; k++)
    {
      const evs_study *st = sts[k];
      enum study_measure m = st->opts.measure;
      for (size_t i = 0; i < st->n; i++)
        {
          const study_result *r = &st->res[i];
          if (table == OUTPUT_AR)
            for (size_t d = 0; d < r->ndays; d++)
              {
                fprintf (fp, "%s,", study_measure_name (m));
                csv_ar_row (fp, st, r, &r->days[d], m == STUDY_VOLUME, m == STUDY_VOLATILITY,
                            true);
              }
          else
            for (size_t w = 0; w < st->opts.nwin; w++)
              {
                fprintf (fp, "%s,", study_measure_name (m));
                csv_car_row (fp, st, r, &st->opts.win[w], r->ncars ? &r->cars[w] : NULL,
                             m == STUDY_VOLATILITY ? 1 : 2);
              }
        }
    }
}

/* --------------------------------------------------------------- JSON */

/* Length of the valid UTF-8 sequence at S, or 0 if it is not one. */
static size_t
utf8_len (const unsigned char *s)
{
  size_t n = s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;
  if (s[0] >= 0xf8 || (s[0] >= 0x80 && s[0] < 0xc2))
    return 0;
  for (size_t i = 1; i < n; i++)
    if ((s[i] & 0xc0) != 0x80)
      return 0;
  return n;
}

/* A JSON string; bytes that are not UTF-8 become U+FFFD so that the
 * document stays valid whatever the input file's encoding.  Controls are
 * escaped as \u00HH: C0 and DEL, and C1 (U+0080-U+009F) too, which RFC
 * 8259 would let through raw but a terminal showing the JSON would obey. */
static void
json_str (FILE *fp, const char *s)
{
  putc ('"', fp);
  for (const unsigned char *p = (const unsigned char *) s; *p;)
    {
      if (*p == '"' || *p == '\\')
        fprintf (fp, "\\%c", *p++);
      else if (*p < 0x20 || *p == 0x7f)
        fprintf (fp, "\\u%04x", *p++);
      else if (*p < 0x80)
        putc (*p++, fp);
      else
        {
          size_t n = utf8_len (p);
          if (n == 2 && p[0] == 0xc2 && p[1] < 0xa0)
            fprintf (fp, "\\u%04x", p[1]);
          else if (n)
            fwrite (p, 1, n, fp);
          else
            fputs ("\\ufffd", fp);
          p += n ? n : 1;
        }
    }
  putc ('"', fp);
}

static void
json_num (FILE *fp, double x)
{
  if (isfinite (x))
    fprintf (fp, "%.17g", x);
  else
    fputs ("null", fp);
}

static void
json_date (FILE *fp, bool has, int32_t d)
{
  char b[11];
  if (has)
    fprintf (fp, "\"%s\"", date_format (d, b));
  else
    fputs ("null", fp);
}

/* The factor models' coefficients with their OLS tests, by name:
 *   se_j = sqrt(C_jj), C = s^2 (X'X)^-1 (gsl_multifit_linear's covariance,
 *   s^2 = SSR/(T - k)), t_j = theta_j / se_j, p_j = 2 P(t_{T-k} > |t_j|)
 * (the usual OLS t test, e.g. Greene, Econometric Analysis, sec. 5.2;
 * what R's summary.lm prints). */
static void
json_coef_tests (FILE *fp, const study_opts *o, const model_fit *f)
{
  fputs (", \"coefficient_tests\": {", fp);
  for (size_t j = 0; j < f->k && (j == 0 || j - 1 < o->nfcol); j++)
    {
      double se = sqrt (f->cov[j][j]), t = f->theta[j] / se;
      if (j)
        fputs (", ", fp);
      if (j == 0)
        fputs ("\"alpha\"", fp);
      else
        json_str (fp, o->factors->name[o->fcol[j - 1]]);
      fputs (": {\"se\": ", fp);
      json_num (fp, se);
      fputs (", \"t\": ", fp);
      json_num (fp, t);
      fprintf (fp, ", \"df\": %.0f, \"p\": ", f->df);
      json_num (fp, model_p_two_sided (t, f->df));
      putc ('}', fp);
    }
  putc ('}', fp);
}

/* Factor models: every coefficient by name; garch: its parameters. */
static void
json_model_extra (FILE *fp, const evs_study *st, const study_result *r)
{
  const study_opts *o = &st->opts;
  if (model_uses_factors (o->model) && o->factors)
    {
      fputs (", \"coefficients\": {\"alpha\": ", fp);
      json_num (fp, r->fit.theta[0]);
      for (size_t j = 0; j < o->nfcol && j + 1 < r->fit.k; j++)
        {
          fputs (", ", fp);
          json_str (fp, o->factors->name[o->fcol[j]]);
          fputs (": ", fp);
          json_num (fp, r->fit.theta[j + 1]);
        }
      putc ('}', fp);
      json_coef_tests (fp, o, &r->fit);
    }
  if (o->model == MODEL_GARCH)
    {
      double v[] = { r->fit.omega, r->fit.arch, r->fit.garch, r->fit.loglik };
      static const char *const k[] = { "omega", "arch", "garch", "loglik" };
      fputs (", \"garch\": {", fp);
      for (int j = 0; j < 4; j++)
        {
          fprintf (fp, "%s\"%s\": ", j ? ", " : "", k[j]);
          json_num (fp, v[j]);
        }
      fprintf (fp, ", \"iterations\": %zu}", r->fit.iterations);
    }
}

static void
json_estimation (FILE *fp, const evs_study *st, const study_result *r)
{
  bool ok = r->status == STUDY_OK;
  fputs ("\"estimation\": {\"est_first\": ", fp);
  json_date (fp, ok, r->est_first);
  fputs (", \"est_last\": ", fp);
  json_date (fp, ok, r->est_last);
  fprintf (fp, ", \"n_est\": %zu, \"alpha\": ", ok ? r->fit.T : 0);
  json_num (fp, ok ? r->fit.alpha : NAN);
  fputs (", \"beta\": ", fp);
  json_num (fp, ok ? r->fit.beta : NAN);
  fputs (", \"sigma\": ", fp);
  json_num (fp, ok ? r->fit.sigma : NAN);
  fputs (", \"r2\": ", fp);
  json_num (fp, ok ? r->fit.r2 : NAN);
  if (ok)
    json_model_extra (fp, st, r);
  fputs ("}", fp);
}

/* Under --measure volume the day's values are log volumes, named so,
 * and "multiple" follows. */
static void
json_days (FILE *fp, const study_result *r, enum study_measure measure)
{
  bool volume = measure == STUDY_VOLUME;
  static const char *const kr[] = { "return", "market_return", "expected", "ar", "se", "t", "p",
                                    "multiple" };
  static const char *const kv[] = { "log_volume", "market_log_volume", "expected", "ar", "se",
                                    "t", "p", "multiple" };
  const char *const *k = volume ? kv : kr;
  fputs ("\"ar\": [", fp);
  for (size_t i = 0; i < r->ndays; i++)
    {
      const study_day *d = &r->days[i];
      double v[] = { d->ret, d->mret, d->expected, d->ar, d->se, d->t, d->p,
                     volume ? volume_multiple (d) : NAN };
      fprintf (fp, "%s\n      {\"day\": %d, \"date\": ", i ? "," : "", d->day);
      json_date (fp, true, d->date);
      for (int j = 0; j < (volume ? 8 : 7); j++)
        {
          fprintf (fp, ", \"%s\": ", k[j]);
          json_num (fp, v[j]);
        }
      if (measure == STUDY_VOLATILITY)
        {
          fputs (", \"u\": ", fp);
          json_num (fp, study_day_u (d));
        }
      putc ('}', fp);
    }
  fputs (r->ndays ? "\n    ]" : "]", fp);
}

static void
json_cars (FILE *fp, const study_result *r, bool volatility)
{
  fputs ("\"car\": [", fp);
  for (size_t i = 0; i < r->ncars; i++)
    {
      const study_car *c = &r->cars[i];
      double v[] = { c->car, c->se, c->t, c->df, c->p, c->bhar };
      static const char *const k[] = { "car", "se", "t", "df", "p", "bhar" };
      fprintf (fp, "%s\n      {\"window_start\": %d, \"window_end\": %d, \"first\": ",
               i ? "," : "", c->w.a, c->w.b);
      json_date (fp, true, c->first);
      fputs (", \"last\": ", fp);
      json_date (fp, true, c->last);
      for (int j = 0; j < 6; j++)
        {
          fprintf (fp, ", \"%s\": ", k[j]);
          json_num (fp, v[j]);
        }
      if (volatility)
        {
          double up, u = study_car_u (r, c, &up);
          fputs (", \"u\": ", fp);
          json_num (fp, u);
          fputs (", \"u_p\": ", fp);
          json_num (fp, up);
        }
      putc ('}', fp);
    }
  fputs (r->ncars ? "\n    ]" : "]", fp);
}

/* "car_path": the CAR path (study.h), each day as the CAR table's
 * window; null for a pair of a run stored before the store kept paths. */
static void
json_path (FILE *fp, const study_result *r)
{
  fputs ("\"car_path\": ", fp);
  if (!study_has_path (r))
    {
      fputs ("null", fp);
      return;
    }
  putc ('[', fp);
  for (size_t i = 0; i < r->npath; i++)
    {
      double p, t = study_path_t (r, i, &p);
      double v[] = { r->path[i].car, r->path[i].se, t, r->fit.df, p };
      static const char *const k[] = { "car", "se", "t", "df", "p" };
      fprintf (fp, "%s\n      {\"day\": %d, \"date\": ", i ? "," : "", r->days[i].day);
      json_date (fp, true, r->days[i].date);
      for (int j = 0; j < 5; j++)
        {
          fprintf (fp, ", \"%s\": ", k[j]);
          json_num (fp, v[j]);
        }
      putc ('}', fp);
    }
  fputs (r->npath ? "\n    ]" : "]", fp);
}

/* ", "warnings": [...]": each warning of study_warnings_text a string. */
static void
json_warnings (FILE *fp, const study_result *r)
{
  char wb[STUDY_WARNINGS_MAX];
  const char *p = study_warnings_text (r, wb, sizeof wb);
  fputs (", \"warnings\": [", fp);
  while (*p)
    {
      const char *e = strstr (p, "; ");
      size_t n = e ? (size_t) (e - p) : strlen (p);
      char one[STUDY_WARNINGS_MAX];
      snprintf (one, sizeof one, "%.*s", (int) n, p);
      fputs (p == wb ? "" : ", ", fp);
      json_str (fp, one);
      p += n + (e ? 2 : 0);
    }
  putc (']', fp);
}

/* "events_file": ..., "event.NAME": ...,: as csv_event_cols. */
static void
json_event_cols (FILE *fp, const evs_study *st, const study_result *r)
{
  const evs_timeline *t = st->events;
  fputs ("\"events_file\": ", fp);
  json_str (fp, t && t->source ? t->source : "");
  for (size_t c = 0; t && c < t->nextra; c++)
    {
      char *name = text_printf ("event.%s", t->extra_names[c]);
      fputs (", ", fp);
      json_str (fp, name);
      fputs (": ", fp);
      json_str (fp, r->event->extra && r->event->extra[c] ? r->event->extra[c] : "");
      free (name);
    }
  fputs (",\n    ", fp);
}

/* TAG: a run of several measures, where each result says which. */
static void
json_result (FILE *fp, const evs_study *st, const study_result *r, bool tag)
{
  fputs ("    {", fp);
  if (tag)
    fprintf (fp, "\"measure\": \"%s\", ", study_measure_name (st->opts.measure));
  fprintf (fp, "\"event\": %zu, \"label\": ", r->event->row);
  json_str (fp, r->event->label);
  fputs (", \"event_date\": ", fp);
  json_str (fp, r->event->date_text);
  fputs (", \"ticker\": ", fp);
  json_str (fp, r->series->ticker);
  fputs (", \"market\": ", fp);
  if (r->market)
    json_str (fp, r->market->ticker);
  else
    fputs ("null", fp);
  fputs (", \"day0\": ", fp);
  json_date (fp, r->has_day0, r->day0);
  fprintf (fp, ", \"status\": \"%s\", \"reason\": ", r->status == STUDY_OK ? "ok" : "skipped");
  if (*r->reason)
    json_str (fp, r->reason);
  else
    fputs ("null", fp);
  json_warnings (fp, r);
  fputs (",\n    \"confounders\": [", fp);
  for (size_t i = 0; i < r->nconf; i++)
    {
      fputs (i ? ", " : "", fp);
      json_str (fp, r->conf[i]->label);
    }
  fprintf (fp, "], \"n_confounders\": %zu,\n    ", r->nconf_total);
  json_event_cols (fp, st, r);
  json_estimation (fp, st, r);
  fputs (",\n    ", fp);
  json_days (fp, r, st->opts.measure);
  fputs (",\n    ", fp);
  json_cars (fp, r, st->opts.measure == STUDY_VOLATILITY);
  fputs (",\n    ", fp);
  json_path (fp, r);
  fputs ("}", fp);
}

static void json_aggregate (FILE *fp, const aggregate_run *agg);

void
output_json (FILE *fp, const evs_study *st)
{
  output_json_aggregate (fp, st, NULL);
}

/* The document's options, from "model" to "windows". */
static void
json_options (FILE *fp, const study_opts *o, bool has_returns)
{
  static const char *const returns[] = { "simple", "log" };
  fprintf (fp, "\"model\": \"%s\", \"returns\": ", model_name (o->model));
  if (has_returns)
    fprintf (fp, "\"%s\",\n", returns[o->returns]);
  else
    fputs ("null,\n", fp);     /* no returns are computed */
  fprintf (fp, " \"estimation\": [%d, %d], \"min_estimation\": %zu, \"ar_days\": [%d, %d],\n",
           o->est.a, o->est.b, o->min_est, o->ar.a, o->ar.b);
  fputs (" \"windows\": [", fp);
  for (size_t w = 0; w < o->nwin; w++)
    fprintf (fp, "%s[%d, %d]", w ? ", " : "", o->win[w].a, o->win[w].b);
  fputs ("],\n", fp);
}

void
output_json_aggregate (FILE *fp, const evs_study *st, const aggregate_run *agg)
{
  output_json_begin (fp, st, agg);
  fputs ("\n}\n", fp);
}

/* The "results" of ST's pairs LO..HI-1 (rows_parallel). */
static void
json_results (FILE *fp, const void *ctx, size_t lo, size_t hi)
{
  const evs_study *st = ctx;
  for (size_t i = lo; i < hi; i++)
    {
      fputs (i ? ",\n" : "\n", fp);
      pair_text (fp, st, i, STUDY_TEXT_JSON);
    }
}

void
output_pair_text (FILE *fp, const evs_study *st, size_t i, enum study_text_kind kind)
{
  const study_result *r = &st->res[i];
  bool volatility = st->opts.measure == STUDY_VOLATILITY;
  if (kind == STUDY_TEXT_JSON)
    json_result (fp, st, r, false);
  else
    for (size_t w = 0; w < st->opts.nwin; w++)
      csv_car_row (fp, st, r, &st->opts.win[w], r->ncars ? &r->cars[w] : NULL, volatility);
}

void
output_json_begin (FILE *fp, const evs_study *st, const aggregate_run *agg)
{
  const study_opts *o = &st->opts;
  /* "measure" is written for the measures other than returns, so that a
   * returns study's document stays as it was before --measure. */
  fprintf (fp, "{\"evstudy\": \"%s\", ", PACKAGE_VERSION);
  if (o->measure != STUDY_RETURN)
    fprintf (fp, "\"measure\": \"%s\", ", study_measure_name (o->measure));
  json_options (fp, o, o->measure != STUDY_VOLUME);
  fputs (" \"results\": [", fp);
  rows_parallel (fp, st->n, st->text[STUDY_TEXT_JSON] ? 1 : o->jobs, json_results, st);
  fputs (st->n ? "\n ]" : "]", fp);
  if (agg)
    json_aggregate (fp, agg);
}

/* -------------------------------------------------------------- table */

/* A significance mark an analyst reads at a glance. */
const char *
output_stars (double p)
{
  return !(p >= 0) ? "" : p < 0.01 ? "***" : p < 0.05 ? "**" : p < 0.10 ? "*" : "";
}

/* A p-value in 8 columns: fixed while readable, else scientific. */
static const char *
fmt_p (double p, char *buf, size_t size)
{
  snprintf (buf, size, p >= 1e-4 || p == 0 ? "%8.4f" : "%8.1e", p);
  return buf;
}

static void
table_head (FILE *fp, const evs_study *st, const study_result *r)
{
  char b0[11], b1[11], b2[11];
  text_put_visible (fp, r->series->ticker);
  fprintf (fp, "  event %zu (", r->event->row);
  text_put_visible (fp, r->event->date_text);
  fputs ("): ", fp);
  text_put_visible (fp, r->event->label);
  putc ('\n', fp);
  if (r->status != STUDY_OK)
    {
      fputs ("  skipped: ", fp);
      text_put_visible (fp, r->reason);
      fputs ("\n\n", fp);
      return;
    }
  fprintf (fp, "  day 0 %s; %s model%s", date_format (r->day0, b0),
           model_name (st->opts.model), r->market ? " vs " : "");
  text_put_visible (fp, r->market ? r->market->ticker : "");
  if (st->opts.measure == STUDY_VOLUME)
    fputs ("; abnormal log volume ln(1 + V)", fp);
  if (st->opts.measure == STUDY_VOLATILITY)
    fputs ("; variance ratio U = (AR/se)^2", fp);
  fprintf (fp, "; %zu estimation days %s..%s\n",
           r->fit.T, date_format (r->est_first, b1), date_format (r->est_last, b2));
  fprintf (fp, "  alpha %.6f", r->fit.alpha);
  if (isfinite (r->fit.beta))
    fprintf (fp, "  beta %.4f", r->fit.beta);
  fprintf (fp, "  sigma %.6f", r->fit.sigma);
  if (isfinite (r->fit.r2))
    fprintf (fp, "  R2 %.4f", r->fit.r2);
  putc ('\n', fp);
  for (size_t i = 0; i < r->nconf; i++)
    {
      fprintf (fp, "  %s ", i ? "              " : "confounded by:");
      text_put_visible (fp, r->conf[i]->label);
      fprintf (fp, " (day %+d)\n", r->conf_day[i]);
    }
  if (r->nconf_total > r->nconf)
    fprintf (fp, "                 and %zu more\n", r->nconf_total - r->nconf);
}

/* --measure volume: CAV in log units, no BHAR. */
static void
table_cavs (FILE *fp, const study_result *r)
{
  char b0[11], b1[11], pb[32];
  fputs ("  window     first       last            CAV      se       t    df        p\n", fp);
  for (size_t i = 0; i < r->ncars; i++)
    {
      const study_car *c = &r->cars[i];
      char w[24];
      snprintf (w, sizeof w, "[%+d,%+d]", c->w.a, c->w.b);
      fprintf (fp, "  %-10s %s  %s %8.4f %7.4f %7.2f %5.0f %s %s\n", w,
               date_format (c->first, b0), date_format (c->last, b1),
               c->car, c->se, c->t, c->df, fmt_p (c->p, pb, sizeof pb), output_stars (c->p));
    }
  if (r->warn)
    {
      char wb[STUDY_WARNINGS_MAX];
      fprintf (fp, "  warning: %s\n", study_warnings_text (r, wb, sizeof wb));
    }
  putc ('\n', fp);
}

/* --measure volume: log volumes and abnormal log volume, with the
 * multiple exp(AV) of the normal volume. */
static void
table_avs (FILE *fp, const study_result *r)
{
  char b[11], pb[32];
  fputs ("   day  date         ln(1+V)  market  expected       AV      se       t        p"
         "  multiple\n", fp);
  for (size_t i = 0; i < r->ndays; i++)
    {
      const study_day *d = &r->days[i];
      fprintf (fp, "  %+4d  %s %8.4f ", d->day, date_format (d->date, b), d->ret);
      if (isfinite (d->mret))
        fprintf (fp, "%8.4f", d->mret);
      else
        fputs ("       -", fp);
      fprintf (fp, "  %8.4f %8.4f %7.4f %7.2f %s %8.2fx %s\n", d->expected, d->ar, d->se, d->t,
               fmt_p (d->p, pb, sizeof pb), volume_multiple (d), output_stars (d->p));
    }
  putc ('\n', fp);
}

static void
table_cars (FILE *fp, const study_result *r, bool volatility)
{
  char b0[11], b1[11];
  fputs ("  window     first       last           CAR%     se%       t    df        p      BHAR%", fp);
  fputs (volatility ? "     Ubar     P(F>Ubar)\n" : "\n", fp);
  for (size_t i = 0; i < r->ncars; i++)
    {
      const study_car *c = &r->cars[i];
      char w[24];
      snprintf (w, sizeof w, "[%+d,%+d]", c->w.a, c->w.b);
      char pb[32];
      fprintf (fp, "  %-10s %s  %s %8.2f %7.2f %7.2f %5.0f %s %-3s %7.2f", w,
               date_format (c->first, b0), date_format (c->last, b1),
               100 * c->car, 100 * c->se, c->t, c->df, fmt_p (c->p, pb, sizeof pb),
               output_stars (c->p), 100 * c->bhar);
      if (volatility)
        {
          double up, u = study_car_u (r, c, &up);
          fprintf (fp, " %8.3f %s %s", u, fmt_p (up, pb, sizeof pb), output_stars (up));
        }
      putc ('\n', fp);
    }
  if (r->warn)
    {
      char wb[STUDY_WARNINGS_MAX];
      fprintf (fp, "  warning: %s\n", study_warnings_text (r, wb, sizeof wb));
    }
  putc ('\n', fp);
}

static void
table_days (FILE *fp, const study_result *r, bool volatility)
{
  char b[11];
  fputs ("   day  date         ret%    mkt%    exp%     AR%    se%       t        p", fp);
  fputs (volatility ? "          U\n" : "\n", fp);
  for (size_t i = 0; i < r->ndays; i++)
    {
      const study_day *d = &r->days[i];
      fprintf (fp, "  %+4d  %s %7.2f ", d->day, date_format (d->date, b), 100 * d->ret);
      if (isfinite (d->mret))
        fprintf (fp, "%7.2f", 100 * d->mret);
      else
        fputs ("      -", fp);
      char pb[32];
      fprintf (fp, " %7.2f %7.2f %6.2f %7.2f %s%s%s", 100 * d->expected,
               100 * d->ar, 100 * d->se, d->t, fmt_p (d->p, pb, sizeof pb), *output_stars (d->p) ? " " : "", output_stars (d->p));
      if (volatility)   /* U after the stars' 4 columns */
        fprintf (fp, "%*s%8.3f", 4 - (int) strlen (output_stars (d->p)) - (*output_stars (d->p) ? 1 : 0), "",
                 study_day_u (d));
      putc ('\n', fp);
    }
  putc ('\n', fp);
}

/* The CAR path: returns in percent, log volume (CAV) in log units. */
static void
table_path (FILE *fp, const study_result *r, bool volume)
{
  char b[11], pb[32];
  fputs (volume ? "   day  date             CAV      se       t    df        p\n"
         : "   day  date            CAR%     se%       t    df        p\n", fp);
  double scale = volume ? 1 : 100;
  for (size_t i = 0; i < r->npath; i++)
    {
      double p, t = study_path_t (r, i, &p);
      fprintf (fp, volume ? "  %+4d  %s %8.4f %7.4f %7.2f %5.0f %s%s%s\n"
               : "  %+4d  %s %8.2f %7.2f %7.2f %5.0f %s%s%s\n", r->days[i].day,
               date_format (r->days[i].date, b), scale * r->path[i].car, scale * r->path[i].se,
               t, r->fit.df, fmt_p (p, pb, sizeof pb), *output_stars (p) ? " " : "",
               output_stars (p));
    }
  putc ('\n', fp);
}

void
output_table (FILE *fp, const evs_study *st, enum output_table table)
{
  for (size_t i = 0; i < st->n; i++)
    {
      const study_result *r = &st->res[i];
      table_head (fp, st, r);
      if (r->status != STUDY_OK)
        continue;
      bool volume = st->opts.measure == STUDY_VOLUME;
      bool volatility = st->opts.measure == STUDY_VOLATILITY;
      if (table == OUTPUT_CAR_PATH)
        {
          table_path (fp, r, volume);
          continue;
        }
      if (table != OUTPUT_CAR && volume)
        table_avs (fp, r);
      else if (table != OUTPUT_CAR)
        table_days (fp, r, volatility);
      if (table != OUTPUT_AR && volume)
        table_cavs (fp, r);
      else if (table != OUTPUT_AR)
        table_cars (fp, r, volatility);
    }
  if (st->n)
    fputs ("significance: *** p < 0.01, ** p < 0.05, * p < 0.10 (two-sided t)\n", fp);
  if (st->n && st->opts.measure == STUDY_VOLATILITY && table != OUTPUT_CAR_PATH)
    fputs ("variance ratio: U = (AR/se)^2 per day, Ubar its mean over the window's L days\n"
           "(Beaver 1968), P(F>Ubar) from F(L, df): 1 is the normal variance\n", fp);
}

/* ---------------------------------------------------------- aggregate */

static void
json_test (FILE *fp, const evtests_result *t, double p_adj, bool adjusted)
{
  fputs ("{\"test\": ", fp);
  json_str (fp, t->name);
  fputs (", \"statistic\": ", fp);
  json_num (fp, t->stat);
  fputs (", \"df\": ", fp);
  json_num (fp, t->df);
  fputs (", \"p\": ", fp);
  json_num (fp, t->p);
  if (adjusted)
    {
      fputs (", \"p_adj\": ", fp);
      json_num (fp, p_adj);
    }
  if (strcmp (t->name, "placebo") == 0)
    fprintf (fp, ", \"k\": %zu, \"windows\": %zu", t->k, t->nref);
  putc ('}', fp);
}

/* A cell's AAR or CAAR, NaN (null, empty) over no pairs: a mean of
 * nothing is not 0. */
static double
cell_mean (const aggregate_cell *c)
{
  return c->n ? c->mean : NAN;
}

/* The group's Kolari-Pynnonen rbar, NaN over no pairs. */
static double
group_rbar (const aggregate_group *g)
{
  return g->npairs ? g->rbar : NAN;
}

static void
json_cell (FILE *fp, const aggregate_group *g, const aggregate_cell *c,
           bool adjusted, enum study_measure m, bool tag)
{
  bool volatility = m == STUDY_VOLATILITY;
  fputs ("  {", fp);
  if (tag)   /* a run of several measures */
    fprintf (fp, "\"measure\": \"%s\", ", study_measure_name (m));
  fputs ("\"group_by\": ", fp);
  if (g->by)
    json_str (fp, g->by);
  else
    fputs ("null", fp);
  fputs (", \"group\": ", fp);
  json_str (fp, g->name);
  if (c->is_window)
    fprintf (fp, ", \"kind\": \"window\", \"window_start\": %d, \"window_end\": %d, \"n\": %zu, "
             "\"mean\": ", c->w.a, c->w.b, c->n);
  else
    fprintf (fp, ", \"kind\": \"day\", \"day\": %d, \"n\": %zu, \"mean\": ", c->day, c->n);
  json_num (fp, cell_mean (c));
  fprintf (fp, ", \"clustered\": %zu, \"kp_rbar\": ", g->nclustered);
  json_num (fp, group_rbar (g));
  if (volatility && c->is_window)
    {
      /* Beaver's U across the pairs (aggregate.h); "u_t" and "u_sign"
       * are in "tests". */
      fputs (", \"u_mean\": ", fp);
      json_num (fp, c->u_mean);
      fputs (", \"u_share\": ", fp);
      json_num (fp, c->u_share);
      fputs (", \"u_expect\": ", fp);
      json_num (fp, c->u_expect);
    }
  fputs (",\n   \"tests\": [", fp);
  for (size_t j = 0; j < c->ntests; j++)
    {
      fputs (j ? ",\n     " : "", fp);
      json_test (fp, &c->tests[j], c->p_adj[j], adjusted);
    }
  fputs ("]}", fp);
}

/* The cells of AGG, each after a comma but the very first (*FIRST). */
static void
json_cells (FILE *fp, const aggregate_run *agg, bool tag, bool *first)
{
  bool adjusted = agg->adjust != AGGREGATE_ADJUST_NONE;
  for (size_t i = 0; i < agg->n; i++)
    {
      const aggregate_group *g = &agg->g[i];
      for (size_t k = 0; k < g->ndays + g->nwins; k++)
        {
          fputs (*first ? "\n" : ",\n", fp);
          *first = false;
          json_cell (fp, g, k < g->ndays ? &g->days[k] : &g->wins[k - g->ndays], adjusted,
                     agg->measure, tag);
        }
    }
}

static void
json_aggregate (FILE *fp, const aggregate_run *agg)
{
  bool first = true;
  fprintf (fp, ",\n \"adjust\": \"%s\",\n \"aggregate\": [",
           aggregate_adjust_name (agg->adjust));
  json_cells (fp, agg, false, &first);
  fputs (first ? "]" : "\n ]", fp);
}

/* group_by,group,kind,day,window_start,window_end,n,mean */
static void
csv_cell_key (FILE *fp, const aggregate_group *g, const aggregate_cell *c)
{
  csv_str (fp, g->by ? g->by : "");
  putc (',', fp);
  csv_str (fp, g->name);
  if (c->is_window)
    fprintf (fp, ",window,,%d,%d,%zu", c->w.a, c->w.b, c->n);
  else
    fprintf (fp, ",day,%d,,,%zu", c->day, c->n);
  csv_num (fp, cell_mean (c));
}

/* A row of aggregate-days (group_by,group,day,n,mean,clustered,kp_rbar)
 * or aggregate-windows (window_start,window_end for day, and with
 * VOLATILITY u_mean,u_share,u_expect): the union table's columns without
 * those that are empty by construction, so that pandas reads day and the
 * window bounds as integers. */
static void
csv_cell_split (FILE *fp, const aggregate_group *g, const aggregate_cell *c, bool volatility)
{
  csv_str (fp, g->by ? g->by : "");
  putc (',', fp);
  csv_str (fp, g->name);
  if (c->is_window)
    fprintf (fp, ",%d,%d,%zu", c->w.a, c->w.b, c->n);
  else
    fprintf (fp, ",%d,%zu", c->day, c->n);
  csv_num (fp, cell_mean (c));
  fprintf (fp, ",%zu", g->nclustered);
  csv_num (fp, group_rbar (g));
  if (volatility && c->is_window)
    {
      csv_num (fp, c->u_mean);
      csv_num (fp, c->u_share);
      csv_num (fp, c->u_expect);
    }
  putc ('\n', fp);
}

/* PREFIX: the measure that starts each row in a run of several (with
 * VOLATILITY's columns then always present), or NULL. */
static void
csv_cell (FILE *fp, const aggregate_group *g, const aggregate_cell *c,
          enum output_table table, bool volatility, const char *prefix)
{
  if (prefix)
    fprintf (fp, "%s,", prefix);
  if (table == OUTPUT_AGGREGATE_DAYS || table == OUTPUT_AGGREGATE_WINDOWS)
    {
      csv_cell_split (fp, g, c, volatility);
      return;
    }
  if (table == OUTPUT_AGGREGATE)
    {
      csv_cell_key (fp, g, c);
      fprintf (fp, ",%zu", g->nclustered);
      csv_num (fp, group_rbar (g));
      if (volatility)
        {
          csv_num (fp, c->is_window ? c->u_mean : NAN);
          csv_num (fp, c->is_window ? c->u_share : NAN);
          csv_num (fp, c->is_window ? c->u_expect : NAN);
        }
      putc ('\n', fp);
      return;
    }
  for (size_t j = 0; j < c->ntests; j++)
    {
      const evtests_result *t = &c->tests[j];
      if (prefix && j)
        fprintf (fp, "%s,", prefix);
      csv_cell_key (fp, g, c);
      fprintf (fp, ",%s", t->name);
      csv_num (fp, t->stat);
      csv_num (fp, t->df);
      csv_num (fp, t->p);
      csv_num (fp, c->p_adj[j]);
      putc ('\n', fp);
    }
}

/* The header of an aggregate table (VOLATILITY: with the u columns of
 * its windows, which a run of several measures always has). */
static void
csv_aggregate_head (FILE *fp, enum output_table table, bool volatility)
{
  if (table == OUTPUT_AGGREGATE_DAYS)
    fputs ("group_by,group,day,n,mean,clustered,kp_rbar\n", fp);
  else if (table == OUTPUT_AGGREGATE_WINDOWS)
    fputs (volatility ? "group_by,group,window_start,window_end,n,mean,clustered,kp_rbar,"
                        "u_mean,u_share,u_expect\n"
           : "group_by,group,window_start,window_end,n,mean,clustered,kp_rbar\n", fp);
  else
    {
      fputs ("group_by,group,kind,day,window_start,window_end,n,mean", fp);
      fputs (table != OUTPUT_AGGREGATE ? ",test,statistic,df,p,p_adj\n"
             : volatility ? ",clustered,kp_rbar,u_mean,u_share,u_expect\n"
             : ",clustered,kp_rbar\n", fp);
    }
}

void
output_csv_aggregate (FILE *fp, const aggregate_run *agg, enum output_table table)
{
  bool days = table != OUTPUT_AGGREGATE_WINDOWS, wins = table != OUTPUT_AGGREGATE_DAYS;
  bool vol = agg->measure == STUDY_VOLATILITY;
  csv_aggregate_head (fp, table, vol);
  for (size_t i = 0; i < agg->n; i++)
    {
      const aggregate_group *g = &agg->g[i];
      for (size_t k = 0; days && k < g->ndays; k++)
        csv_cell (fp, g, &g->days[k], table, vol, NULL);
      for (size_t k = 0; wins && k < g->nwins; k++)
        csv_cell (fp, g, &g->wins[k], table, vol, NULL);
    }
}

/* "  stat  p  " columns of test NAME in a table row. */
static void
table_test (FILE *fp, const aggregate_cell *c, const char *name)
{
  const evtests_result *t = aggregate_test (c, name, NULL);
  if (t && isfinite (t->stat))
    fprintf (fp, " %7.2f %7.4f%-3s", t->stat, t->p, output_stars (t->p));
  else
    fputs ("       -       -   ", fp);
}

static void
table_group (FILE *fp, const aggregate_group *g, bool volume)
{
  bool kp = g->nclustered > 1;
  fputs ("aggregate ", fp);
  text_put_visible (fp, g->by ? g->by : "");
  fputs (g->by ? " = " : "", fp);
  text_put_visible (fp, g->name);
  fprintf (fp, ": %zu pairs\n", g->npairs);
  if (kp)
    fprintf (fp, "  %zu pairs share a day 0: Kolari-Pynnonen adjustment applied "
             "(mean residual correlation %.4f)\n", g->nclustered, g->rbar);
  const char *labels[] = { "t (cross-section)", kp ? "Patell-KP Z" : "Patell Z",
                           kp ? "BMP-KP t" : "BMP t", "GRANK t", "generalized sign" };
  fprintf (fp, "  %-10s %3s %8s", "", "", "");
  for (int j = 0; j < 5; j++)
    fprintf (fp, " %-18s", labels[j]);
  fprintf (fp, "\n  %-10s %3s %8s", "window", "N", volume ? "CAAV" : "CAAR%");
  for (int j = 0; j < 5; j++)
    fprintf (fp, " %7s %7s   ", "stat", "p");
  putc ('\n', fp);
  for (size_t k = 0; k < g->nwins; k++)
    {
      const aggregate_cell *c = &g->wins[k];
      char w[24];
      snprintf (w, sizeof w, "[%+d,%+d]", c->w.a, c->w.b);
      if (c->n)
        fprintf (fp, volume ? "  %-10s %3zu %8.4f" : "  %-10s %3zu %8.2f", w, c->n,
                 volume ? c->mean : 100 * c->mean);
      else
        fprintf (fp, "  %-10s %3zu %8s", w, c->n, "-");
      table_test (fp, c, "t");
      table_test (fp, c, kp ? "patell_kp" : "patell");
      table_test (fp, c, kp ? "bmp_kp" : "bmp");
      table_test (fp, c, "grank_t");
      table_test (fp, c, "gsign");
      putc ('\n', fp);
    }
  putc ('\n', fp);
}

/* --measure volatility: Beaver's Ubar across the pairs of G. */
static void
table_volatility (FILE *fp, const aggregate_group *g)
{
  fputs ("variance ratio ", fp);
  text_put_visible (fp, g->by ? g->by : "");
  fputs (g->by ? " = " : "", fp);
  text_put_visible (fp, g->name);
  fprintf (fp, ": %zu pairs\n", g->npairs);
  fputs ("  window       N  mean Ubar  t (Ubar - E)       p    share > 1  expected       p\n", fp);
  for (size_t k = 0; k < g->nwins; k++)
    {
      const aggregate_cell *c = &g->wins[k];
      const evtests_result *t = aggregate_test (c, "u_t", NULL);
      const evtests_result *sg = aggregate_test (c, "u_sign", NULL);
      char w[24];
      snprintf (w, sizeof w, "[%+d,%+d]", c->w.a, c->w.b);
      fprintf (fp, "  %-10s %3zu %10.3f %13.2f %7.4f%-3s %8.3f %9.3f %7.4f%s\n", w, c->n, c->u_mean,
               t ? t->stat : NAN, t ? t->p : NAN, t ? output_stars (t->p) : "", c->u_share, c->u_expect,
               sg ? sg->p : NAN, sg ? output_stars (sg->p) : "");
    }
  putc ('\n', fp);
}

static void
table_placebo (FILE *fp, const aggregate_group *g)
{
  fputs ("placebo test (one pair): the window's CAR against the CARs of every\n"
         "non-overlapping window of the same length outside the estimation and event periods\n", fp);
  for (size_t k = 0; k < g->nwins; k++)
    {
      const evtests_result *t = aggregate_test (&g->wins[k], "placebo", NULL);
      char w[24];
      snprintf (w, sizeof w, "[%+d,%+d]", g->wins[k].w.a, g->wins[k].w.b);
      if (t && t->nref)
        fprintf (fp, "  %-10s a move this large happened in %zu of %zu windows (p = %.4f)\n",
                 w, t->k, t->nref, t->p);
    }
  putc ('\n', fp);
}

void
output_table_aggregate (FILE *fp, const evs_study *st, const aggregate_run *agg,
                        enum output_table table)
{
  output_table (fp, st, table == OUTPUT_BOTH ? OUTPUT_BOTH : OUTPUT_CAR);
  if (!agg->n || !agg->g[0].npairs)
    return;
  putc ('\n', fp);
  if (agg->g[0].npairs == 1)
    {
      table_placebo (fp, &agg->g[0]);
      return;
    }
  bool kp = false, plain = false;
  for (size_t i = 0; i < agg->n; i++)
    if (agg->g[i].npairs > 1)
      {
        table_group (fp, &agg->g[i], st->opts.measure == STUDY_VOLUME);
        kp |= agg->g[i].nclustered > 1;
        plain |= agg->g[i].nclustered <= 1;
      }
  /* The legend names the columns printed: the Kolari-Pynnonen-adjusted
   * Patell and BMP where a group's pairs share a day 0, else the plain. */
  if (st->opts.measure == STUDY_VOLUME)
    fputs ("CAAV: mean cumulative abnormal log volume; the rank tests are the best\n"
           "specified for volume (Campbell & Wasley 1996);\n", fp);
  fputs ("t: cross-sectional t; GRANK t: Kolari and Pynnonen (2011); "
         "generalized sign: Cowan (1992);\n", fp);
  if (kp)
    fputs ("Patell-KP Z: Patell (1976) Z / sqrt(1 + (N - 1) rbar); BMP-KP t: Boehmer,\n"
           "Musumeci and Poulsen (1991) t * sqrt((1 - rbar) / (1 + (N - 1) rbar)); both\n"
           "Kolari and Pynnonen (2010), rbar the mean residual correlation;\n", fp);
  if (plain)
    fputs ("Patell Z: Patell (1976); BMP t: Boehmer, Musumeci and Poulsen (1991);\n", fp);
  if (st->opts.measure == STUDY_VOLATILITY)
    {
      putc ('\n', fp);
      for (size_t i = 0; i < agg->n; i++)
        if (agg->g[i].npairs > 1)
          table_volatility (fp, &agg->g[i]);
      fputs ("mean Ubar: Beaver's (1968) U across pairs; t: cross-sectional t of Ubar - E,\n"
             "E = df/(df - 2) its null mean; share > 1 against its expected share under\n"
             "the null, P(F(L, df) > 1), exact Poisson-binomial p (two-sided)\n", fp);
    }
  fputs ("every test: --format csv --table tests or --format json\n", fp);
}

/* ---------------------------------------------------- several measures */

void
output_json_multi (FILE *fp, const evs_study *const *sts, const aggregate_run *const *aggs,
                   size_t n)
{
  bool has_returns = false, first = true;
  fprintf (fp, "{\"evstudy\": \"%s\", \"measures\": [", PACKAGE_VERSION);
  for (size_t k = 0; k < n; k++)
    {
      fprintf (fp, "%s\"%s\"", k ? ", " : "", study_measure_name (sts[k]->opts.measure));
      has_returns |= sts[k]->opts.measure != STUDY_VOLUME;
    }
  fputs ("], ", fp);
  json_options (fp, &sts[0]->opts, has_returns);
  fputs (" \"results\": [", fp);
  for (size_t k = 0; k < n; k++)
    for (size_t i = 0; i < sts[k]->n; i++)
      {
        fputs (first ? "\n" : ",\n", fp);
        first = false;
        json_result (fp, sts[k], &sts[k]->res[i], true);
      }
  fputs (first ? "]" : "\n ]", fp);
  fprintf (fp, ",\n \"adjust\": \"%s\",\n \"aggregate\": [",
           aggregate_adjust_name (aggs[0]->adjust));
  first = true;
  for (size_t k = 0; k < n; k++)
    json_cells (fp, aggs[k], true, &first);
  fputs (first ? "]" : "\n ]", fp);
  fputs ("\n}\n", fp);
}

void
output_csv_aggregate_multi (FILE *fp, const aggregate_run *const *aggs, size_t n,
                            enum output_table table)
{
  bool days = table != OUTPUT_AGGREGATE_WINDOWS, wins = table != OUTPUT_AGGREGATE_DAYS;
  fputs ("measure,", fp);
  csv_aggregate_head (fp, table, true);
  for (size_t a = 0; a < n; a++)
    {
      const aggregate_run *agg = aggs[a];
      for (size_t i = 0; i < agg->n; i++)
        {
          const aggregate_group *g = &agg->g[i];
          for (size_t k = 0; k < g->ndays + g->nwins; k++)
            {
              const aggregate_cell *c = k < g->ndays ? &g->days[k] : &g->wins[k - g->ndays];
              if (c->is_window ? wins : days)
                csv_cell (fp, g, c, table, true, study_measure_name (agg->measure));
            }
        }
    }
}

/* The table, one block per measure under a heading that says in words
 * what is measured. */
void
output_table_multi (FILE *fp, const evs_study *const *sts, const aggregate_run *const *aggs,
                    size_t n, enum output_table table)
{
  static const char *const what[] = {
    "abnormal returns", "abnormal log volume ln(1 + V)",
    "abnormal volatility: the variance ratio U = (AR/se)^2 (Beaver 1968)" };
  for (size_t k = 0; k < n; k++)
    {
      fprintf (fp, "%s== %s ==\n\n", k ? "\n" : "", what[sts[k]->opts.measure]);
      if (table == OUTPUT_AR || table == OUTPUT_CAR_PATH)
        output_table (fp, sts[k], table);
      else
        output_table_aggregate (fp, sts[k], aggs[k], table);
    }
}

/* ------------------------------------------- helpers for other writers */

void
output_json_string (FILE *fp, const char *s)
{
  json_str (fp, s);
}

void
output_csv_string (FILE *fp, const char *s)
{
  csv_str (fp, s);
}

void
output_csv_num (FILE *fp, double x)
{
  csv_num (fp, x);
}

void
output_json_num (FILE *fp, double x)
{
  json_num (fp, x);
}
