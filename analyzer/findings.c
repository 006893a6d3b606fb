/* findings.c -- results in plain words; see findings.h. */
#include <config.h>
#include "findings.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "text.h"

#define MINUS "\xe2\x88\x92"   /* U+2212 MINUS SIGN */

/* Appends V with DEC decimals, a minus sign when it is negative (not
 * when it rounds to zero), then SUFFIX. */
static void
put_num (text_buf *b, double v, int dec, const char *suffix)
{
  char buf[64];
  snprintf (buf, sizeof buf, "%.*f", dec, fabs (v));
  bool zero = strspn (buf, "0.") == strlen (buf);
  text_buf_printf (b, "%s%s%s", v < 0 && !zero ? MINUS : "", buf, suffix);
}

/* A relative day as the tables write it: "0", "+1", "−5". */
static void
put_day (text_buf *b, int d)
{
  if (d < 0)
    text_buf_printf (b, MINUS "%d", -d);
  else
    text_buf_printf (b, d ? "+%d" : "%d", d);
}

static void
put_window (text_buf *b, study_window w)
{
  text_buf_putc (b, '[');
  put_day (b, w.a);
  text_buf_puts (b, ", ");
  put_day (b, w.b);
  text_buf_putc (b, ']');
}

/* "four", or the digits above twelve; CAP capitalises. */
static void
put_count (text_buf *b, size_t n, bool cap)
{
  static const char *const w[] = { "no", "one", "two", "three", "four", "five", "six",
                                   "seven", "eight", "nine", "ten", "eleven", "twelve" };
  if (n > 12)
    {
      text_buf_printf (b, "%zu", n);
      return;
    }
  text_buf_putc (b, (char) (cap ? w[n][0] - 'a' + 'A' : w[n][0]));
  text_buf_puts (b, w[n] + 1);
}

/* "the market model", in the words a reader knows. */
static const char *
model_words (enum model_kind k)
{
  switch (k)
    {
    case MODEL_MEAN: return "the constant-mean model";
    case MODEL_MARKET_ADJUSTED: return "the market-adjusted model";
    case MODEL_MARKET: return "the market model";
    default: return NULL;
    }
}

static void
put_model (text_buf *b, enum model_kind k)
{
  const char *w = model_words (k);
  if (w)
    text_buf_puts (b, w);
  else
    text_buf_printf (b, "the %s model", model_name (k));
}

/* Sums the return and expected return of R's reported days in window C
 * into *RET and *EXP.  False unless those days run from C's first to its
 * last date and their ARs add up to its CAR (to rounding): otherwise the
 * reported days (--ar-days) do not cover the window. */
static bool
window_sums (const study_result *r, const study_car *c, double *ret, double *exp)
{
  double sr = 0, se = 0, sar = 0;
  bool first = false, last = false;
  for (size_t k = 0; k < r->ndays; k++)
    {
      const study_day *d = &r->days[k];
      if (d->day < c->w.a || d->day > c->w.b)
        continue;
      first |= d->date == c->first;
      last |= d->date == c->last;
      sr += d->ret;
      se += d->expected;
      sar += d->ar;
    }
  *ret = sr;
  *exp = se;
  double scale = fabs (c->car) + fabs (sr) + fabs (se) + 1e-300;
  return first && last && fabs (sar - c->car) <= 1e-9 * scale
         && isfinite (sr) && isfinite (se);
}

/* Percent for returns, plain log units for volume. */
static void
put_value (text_buf *b, const evs_study *st, double v)
{
  if (st->opts.measure == STUDY_VOLUME)
    put_num (b, v, 3, "");
  else
    put_num (b, 100 * v, 2, "%");
}

/* The first clause: what the series did over window C. */
static void
put_move (text_buf *b, const evs_study *st, const study_result *r, const study_car *c,
          double ret)
{
  char d1[11], d2[11];
  date_format (c->first, d1);
  date_format (c->last, d2);
  const char *t = r->series->ticker;
  bool single = c->first == c->last;
  if (st->opts.measure == STUDY_VOLUME)
    text_buf_printf (b, "%s's log volume ln(1 + V) %s %s%s%s %s ", t,
                     single ? "on" : "summed from", d1, single ? "" : " to ",
                     single ? "" : d2, single ? "was" : "is");
  else if (!single)
    text_buf_printf (b, "%s's daily %sreturns from %s to %s add up to ", t,
                     st->opts.returns == RETURNS_LOG ? "log " : "", d1, d2);
  else if (st->opts.returns == RETURNS_LOG)
    text_buf_printf (b, "%s's log return on %s was ", t, d1);
  else
    {
      char buf[64];
      snprintf (buf, sizeof buf, "%.2f", fabs (100 * ret));
      bool zero = strspn (buf, "0.") == strlen (buf);
      text_buf_printf (b, "%s %s %s%% on %s", t,
                       zero ? "was unchanged at" : ret < 0 ? "fell" : "rose", buf, d1);
      if (c->w.a != 0)
        {
          text_buf_puts (b, " (day ");
          put_day (b, c->w.a);
          text_buf_putc (b, ')');
        }
      return;
    }
  put_value (b, st, ret);
}

/* The abnormal part: "the −13.33% abnormal return is 5.1 standard
 * errors from zero (p < 0.001)". */
static void
put_abnormal (text_buf *b, const evs_study *st, const study_car *c)
{
  bool single = c->first == c->last;
  text_buf_puts (b, "the ");
  put_value (b, st, c->car);
  text_buf_printf (b, " %sabnormal %s", single ? "" : "cumulative ",
                   st->opts.measure == STUDY_VOLUME ? "log volume" : "return");
  if (!isfinite (c->t) || !isfinite (c->p))
    {
      text_buf_puts (b, " has no test (no standard error)");
      return;
    }
  text_buf_puts (b, " is ");
  findings_put_test (b, c->t, c->p);
}

void
findings_put_test (text_buf *b, double t, double p)
{
  put_num (b, fabs (t), 1, "");
  text_buf_puts (b, fabs (t) >= 0.95 && fabs (t) < 1.05 ? " standard error"
                 : " standard errors");
  text_buf_puts (b, " from zero (p ");
  if (p < 0.001)
    text_buf_puts (b, "< 0.001)");
  else
    text_buf_printf (b, "= %.3f)", p);
  if (p >= 0.10)
    text_buf_puts (b, ", within the noise of the estimation period");
}

void
findings_put_num (text_buf *b, double v, int dec, const char *suffix)
{
  put_num (b, v, dec, suffix);
}

void
findings_put_day (text_buf *b, int d)
{
  put_day (b, d);
}

void
findings_put_model (text_buf *b, enum model_kind k)
{
  put_model (b, k);
}

/* Other events of the timeline in window C and in the span of all
 * windows (the confounders study.c lists). */
static void
put_others (text_buf *b, const evs_study *st, const study_result *r, const study_car *c)
{
  size_t in = findings_others_in (r, c->w);
  bool more = r->nconf < r->nconf_total;   /* not all listed: a lower bound */
  study_window span = study_span (&st->opts);
  bool is_span = span.a == c->w.a && span.b == c->w.b;
  if (is_span || in == r->nconf_total)
    {
      if (in == 0 && !is_span)
        {
          text_buf_puts (b, " No other event falls in the ");
          put_window (b, span);
          text_buf_puts (b, " span around it.");
          return;
        }
      text_buf_printf (b, " %s", more && in ? "At least " : "");
      put_count (b, in, !(more && in));
      text_buf_printf (b, " other event%s in its ", in == 1 || in == 0 ? " falls" : "s fall");
      put_window (b, c->w);
      text_buf_puts (b, " window.");
      return;
    }
  text_buf_puts (b, " ");
  put_count (b, in, true);
  text_buf_printf (b, " other event%s in this window, but ", in <= 1 ? " falls" : "s fall");
  put_count (b, r->nconf_total, false);
  text_buf_puts (b, r->nconf_total == 1 ? " falls" : " fall");
  text_buf_puts (b, " in the ");
  put_window (b, span);
  text_buf_puts (b, " span around it.");
}

char *
findings_window (study_window w)
{
  text_buf b = { 0 };
  put_window (&b, w);
  return text_buf_take (&b);
}

size_t
findings_others_in (const study_result *r, study_window w)
{
  size_t in = 0;
  for (size_t k = 0; k < r->nconf; k++)
    in += r->conf_day[k] >= w.a && r->conf_day[k] <= w.b;
  return in;
}

char *
findings_sentence (const evs_study *st, size_t i, size_t w)
{
  const study_result *r = &st->res[i];
  text_buf b = { 0 };
  if (r->status != STUDY_OK || w >= r->ncars)
    {
      text_buf_printf (&b, "%s was not measured: %s.", r->series->ticker,
                       r->status != STUDY_OK ? r->reason : "no such window");
      return text_buf_take (&b);
    }
  const study_car *c = &r->cars[w];
  double ret, exp;
  if (window_sums (r, c, &ret, &exp))
    {
      put_move (&b, st, r, c, ret);
      text_buf_puts (&b, "; ");
      put_model (&b, st->opts.model);
      text_buf_puts (&b, " expected ");
      put_value (&b, st, exp);
      text_buf_puts (&b, "; ");
    }
  else
    {
      char d1[11], d2[11];
      text_buf_printf (&b, "From %s to %s ", date_format (c->first, d1),
                       date_format (c->last, d2));
      put_window (&b, c->w);
      text_buf_printf (&b, ", %s's daily returns were not all reported (--ar-days); ",
                       r->series->ticker);
    }
  put_abnormal (&b, st, c);
  text_buf_putc (&b, '.');
  put_others (&b, st, r, c);
  return text_buf_take (&b);
}

bool
findings_significant (const evs_study *st, size_t i, size_t w)
{
  const study_result *r = &st->res[i];
  return r->status == STUDY_OK && w < r->ncars && r->cars[w].p < FINDINGS_LEVEL;
}

char *
findings_subject (const study_result *r)
{
  text_buf b = { 0 };
  const evs_event *e = r->event;
  text_buf_printf (&b, "%s, event %zu (%s", r->series->ticker, e->row, e->date_text);
  char d0[11];
  if (r->has_day0 && r->day0 != e->stamp.day)
    text_buf_printf (&b, "; day 0 %s, the first session that could react",
                     date_format (r->day0, d0));
  text_buf_printf (&b, "): %s", e->label);
  return text_buf_take (&b);
}

void
findings_write (FILE *fp, const evs_study *st)
{
  for (size_t i = 0; i < st->n; i++)
    {
      const study_result *r = &st->res[i];
      char *subj = findings_subject (r), *vis = text_visible (subj);
      fprintf (fp, "%s%s\n", i ? "\n" : "", vis);
      free (vis);
      free (subj);
      size_t nw = r->status == STUDY_OK ? r->ncars : 1;
      for (size_t w = 0; w < nw; w++)
        {
          char *s = findings_sentence (st, i, w), *v = text_visible (s);
          if (r->status == STUDY_OK)
            {
              char *win = findings_window (r->cars[w].w);
              fprintf (fp, "  %s %s\n", win, v);
              free (win);
            }
          else
            fprintf (fp, "  %s\n", v);
          free (v);
          free (s);
        }
    }
  if (st->n)
    fputs ("\np: two-sided t test of each pair (MacKinlay 1997); headline findings "
           "are those with p < 0.05.\n", fp);
}
