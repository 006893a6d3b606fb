/* bar_findings.c -- intraday results in plain words; see bar_findings.h. */
#include <config.h>
#include "bar_findings.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "findings.h"
#include "text.h"

/* The city of time zone TZ: its last part with spaces for underscores. */
static void
put_city (text_buf *b, const char *tz)
{
  const char *c = strrchr (tz, '/');
  for (c = c ? c + 1 : tz; *c; c++)
    text_buf_putc (b, *c == '_' ? ' ' : *c);
}

/* U's local date "2025-01-29" and clock "10:47" (or "14:31:10" with
 * seconds) in S's exchange zone. */
typedef struct clock_time {
  char date[11], hm[9];
} clock_time;

static clock_time
local_time (int64_t u, const bars_series *s)
{
  char iso[40];
  clock_time c;
  bars_format_iso (u, s->x->tz, iso);
  memcpy (c.date, iso, 10);
  c.date[10] = '\0';
  bool sec = strncmp (iso + 16, ":00", 3) != 0;
  memcpy (c.hm, iso + 11, sec ? 8 : 5);
  c.hm[sec ? 8 : 5] = '\0';
  return c;
}

/* "one-minute", "5-minute", "30-second": a bar of LEN seconds. */
static void
put_bar_length (text_buf *b, int32_t len)
{
  if (len == 60)
    text_buf_puts (b, "one-minute");
  else if (len % 60 == 0)
    text_buf_printf (b, "%d-minute", (int) (len / 60));
  else
    text_buf_printf (b, "%d-second", (int) len);
}

/* Sums the returns (levels for volume) and the expected ones of R's bars
 * in window C; false unless R reports all its C->L bars. */
static bool
window_sums (const bar_result *r, const bar_car *c, double *ret, double *exp, bool *cross)
{
  double sr = 0, se = 0;
  size_t k = 0;
  *cross = false;
  for (size_t j = 0; j < r->nars; j++)
    {
      const bar_ar *a = &r->ars[j];
      if (a->rel < c->first || a->rel > c->last)
        continue;
      sr += a->r, se += a->expected, k++;
      *cross |= a->rel > c->first && a->overnight;
    }
  *ret = sr, *exp = se;
  return k == c->L && isfinite (sr) && isfinite (se);
}

static void
put_value (text_buf *b, bool volume, double v)
{
  if (volume)
    findings_put_num (b, v, 3, "");
  else
    findings_put_num (b, 100 * v, 2, "%");
}

/* When the return of bar REL starts: the end of the bar before it (the
 * previous close for a first bar of a session, or the bar before a gap). */
static int64_t
bar_from (const bar_result *r, long rel, bool *overnight)
{
  for (size_t j = 0; j < r->nars; j++)
    if (r->ars[j].rel == rel)
      {
        *overnight = r->ars[j].overnight;
        return r->ars[j].from;
      }
  *overnight = false;
  return INT64_MIN;
}

/* "in the 5 minutes from 10:47 to 10:52 New York time on 2025-01-29":
 * from when the window's first return starts (the end of the bar
 * before) to its last bar's end.  A window whose first bar opens a
 * session starts at the previous close; one across sessions is counted
 * in bars, with both dates. */
static void
put_span (text_buf *b, const bar_result *r, const bar_car *c, bool cross)
{
  bool overnight;
  int64_t start = bar_from (r, c->first, &overnight), end = c->t_last + r->s->len;
  if (start == INT64_MIN)
    start = c->t_first;
  clock_time t0 = local_time (start, r->s), t1 = local_time (end, r->s);
  if (overnight && c->L == 1)
    text_buf_printf (b, "from the previous close (%s on %s) to %s on %s ", t0.hm, t0.date,
                     t1.hm, t1.date);
  else if (overnight)
    text_buf_printf (b, "over the %zu bars from the previous close (%s on %s) to %s on %s ",
                     c->L, t0.hm, t0.date, t1.hm, t1.date);
  else if (cross)
    text_buf_printf (b, "over the %zu bars from %s on %s to %s on %s ", c->L, t0.hm,
                     t0.date, t1.hm, t1.date);
  else
    {
      long min = (long) ((end - start) / 60);
      if (end - start == 60)
        text_buf_puts (b, "in the minute");
      else if ((end - start) % 60 == 0)
        text_buf_printf (b, "in the %ld minutes", min);
      else
        text_buf_printf (b, "in the %lld seconds", (long long) (end - start));
      text_buf_printf (b, " from %s to %s ", t0.hm, t1.hm);
    }
  put_city (b, r->s->x->tz);
  text_buf_puts (b, " time");
  if (!cross && !overnight)
    text_buf_printf (b, " on %s", t0.date);
}

/* " (bars 0 to +4; announced at 10:47)", with the announcement's date
 * when it is not the window's first date. */
static void
put_bars (text_buf *b, const bar_result *r, const bar_car *c)
{
  text_buf_puts (b, c->first == c->last ? " (bar " : " (bars ");
  findings_put_day (b, (int) c->first);
  if (c->first != c->last)
    {
      text_buf_puts (b, " to ");
      findings_put_day (b, (int) c->last);
    }
  clock_time e = local_time (r->event->instant, r->s), s0 = local_time (c->t_last, r->s);
  text_buf_printf (b, "; announced at %s", e.hm);
  if (strcmp (e.date, s0.date) != 0)
    text_buf_printf (b, " on %s", e.date);
  text_buf_putc (b, ')');
}

/* What the series did: "NVDA rose 3.42% in the minute from ..." */
static void
put_move (text_buf *b, const bar_result *r, const bar_car *c, bool volume, bool log_returns,
          double ret, bool cross)
{
  const char *t = r->s->ticker;
  if (volume)
    {
      text_buf_printf (b, "%s's log volume ln(1 + V) %s ", t,
                       c->L == 1 ? "was" : "summed over its bars is");
      put_value (b, true, ret);
      text_buf_putc (b, ' ');
    }
  else if (c->L > 1 || log_returns)
    {
      text_buf_printf (b, "%s's ", t);
      put_bar_length (b, r->s->len);
      text_buf_printf (b, " %sreturn%s ", log_returns ? "log " : "",
                       c->L > 1 ? "s add up to" : " was");
      put_value (b, false, ret);
      text_buf_putc (b, ' ');
    }
  else
    {
      char buf[64];
      snprintf (buf, sizeof buf, "%.2f", fabs (100 * ret));
      bool zero = strspn (buf, "0.") == strlen (buf);
      text_buf_printf (b, "%s %s %s%% ", t,
                       zero ? "was unchanged at" : ret < 0 ? "fell" : "rose", buf);
    }
  put_span (b, r, c, cross);
  put_bars (b, r, c);
}

/* A window whose returns include an overnight (first-of-session)
 * return that was scaled by the sd of returns within sessions: its t
 * overstates the evidence, since overnight returns vary more (README,
 * "Models").  Only --seasonal with --overnight include gives overnight
 * returns a variance of their own. */
static void
put_overnight_caveat (text_buf *b, const bar_result *r, const bar_car *c)
{
  bool overnight = false;
  for (size_t j = 0; j < r->nars && !overnight; j++)
    overnight = r->ars[j].rel >= c->first && r->ars[j].rel <= c->last && r->ars[j].overnight;
  if (overnight)
    text_buf_puts (b, "; the window holds an overnight return tested against the"
                   " volatility within sessions, which overstates the evidence"
                   " (--seasonal --overnight include tests it against overnight returns)");
}

char *
bar_findings_sentence (const bar_result *r, size_t w, bool volume, bool log_returns,
                       bool overnight_own)
{
  text_buf b = { 0 };
  if (!r->ok || w >= r->ncars)
    {
      text_buf_printf (&b, "%s was not measured: %s.", r->s->ticker,
                       !r->ok ? r->reason : "no such window");
      return text_buf_take (&b);
    }
  const bar_car *c = &r->cars[w];
  if (!c->L)
    {
      text_buf_printf (&b, "%s has no bar in the window %s.", r->s->ticker, c->w->text);
      return text_buf_take (&b);
    }
  double ret, expd;
  bool cross;
  if (window_sums (r, c, &ret, &expd, &cross))
    {
      put_move (&b, r, c, volume, log_returns, ret, cross);
      text_buf_puts (&b, "; ");
      if (volume)
        text_buf_puts (&b, "its time-of-day norm was ");
      else
        {
          findings_put_model (&b, r->m ? MODEL_MARKET : MODEL_MEAN);
          text_buf_puts (&b, " expected ");
        }
      put_value (&b, volume, expd);
      text_buf_puts (&b, "; ");
    }
  else
    {
      text_buf_printf (&b, "%s's bars were not all reported ", r->s->ticker);
      put_span (&b, r, c, false);
      text_buf_puts (&b, "; ");
    }
  text_buf_puts (&b, "the ");
  put_value (&b, volume, c->car);
  text_buf_printf (&b, " %sabnormal %s", c->L > 1 ? "cumulative " : "",
                   volume ? "log volume" : "return");
  /* one bar's AV = ln((1 + V) / norm): exp(AV) is the multiple (of a
   * sum over bars it would be a product of multiples, so none) */
  if (volume && c->L == 1)
    text_buf_printf (&b, " (%.1f times the usual volume at that time of day)", exp (c->car));
  if (!isfinite (c->t_stat) || !isfinite (c->p))
    text_buf_puts (&b, " has no test (no standard error)");
  else
    {
      text_buf_puts (&b, " is ");
      findings_put_test (&b, c->t_stat, c->p);
      if (!volume && !overnight_own)
        put_overnight_caveat (&b, r, c);
    }
  text_buf_putc (&b, '.');
  return text_buf_take (&b);
}

bool
bar_findings_significant (const bar_result *r, size_t w)
{
  return r->ok && w < r->ncars && r->cars[w].L && r->cars[w].p < FINDINGS_LEVEL;
}

char *
bar_findings_subject (const bar_result *r)
{
  text_buf b = { 0 };
  const evs_event *e = r->event;
  text_buf_printf (&b, "%s, event %zu (%s", r->s->ticker, e->row, e->date_text);
  if (r->ok)
    {
      clock_time t0 = local_time (r->t0, r->s);
      text_buf_printf (&b, "; bar 0 %s on %s ", t0.hm, t0.date);
      put_city (&b, r->s->x->tz);
      text_buf_puts (&b, " time");
    }
  text_buf_printf (&b, "): %s", e->label);
  return text_buf_take (&b);
}

void
bar_findings_write (FILE *fp, const bar_result *res, size_t n, bool volume, bool log_returns,
                    bool overnight_own)
{
  for (size_t i = 0; i < n; i++)
    {
      const bar_result *r = &res[i];
      char *subj = bar_findings_subject (r), *vis = text_visible (subj);
      fprintf (fp, "%s%s\n", i ? "\n" : "", vis);
      free (vis);
      free (subj);
      size_t nw = r->ok ? r->ncars : 1;
      for (size_t w = 0; w < nw; w++)
        {
          char *s = bar_findings_sentence (r, w, volume, log_returns, overnight_own);
          char *v = text_visible (s);
          if (r->ok)
            fprintf (fp, "  [%s] %s\n", r->cars[w].w->text, v);
          else
            fprintf (fp, "  %s\n", v);
          free (v);
          free (s);
        }
    }
  if (n)
    fputs ("\np: two-sided t test of each pair (MacKinlay 1997, with bars in place of "
           "days); headline findings are those with p < 0.05.\n", fp);
}
