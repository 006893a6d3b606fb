/* bar_plot.c -- intraday charts (bar_plot.h). */
#include <config.h>
#include "bar_plot.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsout.h"
#include "text.h"

/* The file DIR/NAME, whole, or NULL with EVS_EIO. */
static char *
slurp (const char *dir, const char *name, evs_error *err)
{
  char *path = text_printf ("%s/%s", dir, name);
  FILE *fp = fopen (path, "r");
  text_buf b = { 0 };
  char chunk[4096];
  size_t got;
  bool ok = fp != NULL;
  while (ok && (got = fread (chunk, 1, sizeof chunk, fp)) > 0)
    text_buf_add (&b, chunk, got);
  if (fp)
    {
      ok = !ferror (fp);
      fclose (fp);
    }
  char *text = text_buf_take (&b);
  if (!ok)
    {
      evs_fail (err, EVS_EIO, "%s: cannot read: %s", path, strerror (errno));
      free (text);
      text = NULL;
    }
  free (path);
  return text;
}

static FILE *
open_in (const char *dir, const char *name, evs_error *err)
{
  char *path = text_printf ("%s/%s", dir, name);
  FILE *fp = fopen (path, "w");
  if (!fp)
    evs_fail (err, EVS_EIO, "%s: cannot write: %s", path, strerror (errno));
  free (path);
  return fp;
}

static int
close_in (const char *dir, const char *name, FILE *fp, evs_error *err)
{
  bool bad = ferror (fp) != 0;
  if (fclose (fp) != 0 || bad)
    return evs_fail (err, EVS_EIO, "%s/%s: write error", dir, name);
  return EVS_OK;
}

/* Where the instant falls on the bar axis: bar i spans [rel - 0.5,
 * rel + 0.5); an instant between bars (a night, a lunch break) sits at
 * the left edge of the next one. */
static double
event_x (const bar_result *r)
{
  int64_t len = r->s->len, at = r->event->instant;
  for (size_t i = 0; i < r->nars; i++)
    if (r->ars[i].t + len > at)
      {
        double x = (double) r->ars[i].rel - 0.5;
        return r->ars[i].t <= at ? x + (double) (at - r->ars[i].t) / (double) len : x;
      }
  return (double) r->ars[r->nars - 1].rel + 0.5;
}

/* NAME.dat and NAME.tics.dat. */
static int
write_data (const plot_opts *o, const bar_result *r, const char *name, evs_error *err)
{
  char *f = text_printf ("%s.dat", name), *g = text_printf ("%s.tics.dat", name);
  FILE *dat = open_in (o->dir, f, err), *tics = dat ? open_in (o->dir, g, err) : NULL;
  int rc = tics ? EVS_OK : EVS_EIO;
  size_t step = r->nars / 12 + 1;
  double car = 0;
  for (size_t i = 0; rc == EVS_OK && i < r->nars; i++)
    {
      const bar_ar *a = &r->ars[i];
      car += a->ar;
      /* the band: where 95% of ARs fall when the event had no effect */
      fprintf (dat, "%ld\t%.10g\t%.10g\t%.10g\t%.10g\n", a->rel, a->ar,
               -1.96 * a->se, 1.96 * a->se, car);
      if ((i % step == 0 && labs (a->rel) >= (long) (step + 1) / 2) || a->rel == 0)
        {
          char iso[32];
          bars_format_iso (a->t, r->s->x->tz, iso);
          fprintf (tics, "%ld\t%.5s\n", a->rel, iso + 11);
        }
    }
  if (tics && close_in (o->dir, g, tics, err))
    rc = EVS_EIO;
  if (dat && close_in (o->dir, f, dat, rc == EVS_OK ? err : NULL) && rc == EVS_OK)
    rc = EVS_EIO;
  free (f);
  free (g);
  return rc;
}

/* The session breaks as gnuplot array literals of numbers and of
 * quoted dates ("[0]" and "['']" when there is none). */
static void
breaks (const bar_result *r, char **b, char **bl, size_t *nb)
{
  text_buf x = { 0 }, y = { 0 };
  *nb = 0;
  for (size_t i = 1; i < r->nars; i++)
    if (r->ars[i].overnight)
      {
        char iso[32];
        bars_format_iso (r->ars[i].t, r->s->x->tz, iso);
        iso[10] = '\0';
        text_buf_printf (&x, "%s%ld", *nb ? ", " : "[", r->ars[i].rel);
        text_buf_printf (&y, "%s'%s'", *nb ? ", " : "[", iso);
        (*nb)++;
      }
  text_buf_puts (&x, *nb ? "]" : "[0]");
  text_buf_puts (&y, *nb ? "]" : "['']");
  *b = text_buf_take (&x);
  *bl = text_buf_take (&y);
}

static int
write_script (const plot_opts *o, const char *templates, const bar_result *r,
              const char *name, bool volume, evs_error *err)
{
  char *text = slurp (templates, "intraday.gp", err);
  if (!text)
    return EVS_EIO;
  size_t nb;
  char *b, *bl;
  breaks (r, &b, &bl, &nb);
  char *image = text_printf ("'%s.%s'", name, plot_format_ext (o->format));
  char *data = text_printf ("'%s.dat'", name), *tics = text_printf ("'%s.tics.dat'", name);
  char *label = plot_gp_quote (r->event->label), *ticker = plot_gp_quote (r->s->ticker);
  char *zone = plot_gp_quote (r->s->x->tz);
  char *ex = text_printf ("%.4f", event_x (r));
  char *xmin = text_printf ("%ld", r->ars[0].rel - 1);
  char *xmax = text_printf ("%ld", r->ars[r->nars - 1].rel + 1);
  char *n = text_printf ("%zu", nb);
  const char *term = o->format == PLOT_SVG ? "svg" : o->format == PLOT_PDF ? "pdfcairo" : "pngcairo";
  const char *size = o->format == PLOT_PDF ? "12.5in,7.3in" : "1200,700";
  plot_var vars[] = {
    { "terminal", term }, { "size", size }, { "output", image }, { "data", data },
    { "tics", tics }, { "label", label }, { "ticker", ticker },
    { "model", volume ? "'time-of-day mean'" : r->m ? "'market'" : "'mean'" }, { "zone", zone }, { "event_x", ex },
    { "x_min", xmin }, { "x_max", xmax }, { "n_breaks", n }, { "breaks", b },
    { "break_labels", bl },
    /* abnormal log volume is in log units, not percent: 1.5 is 4.5 times
     * the usual volume, not 150% */
    { "what", volume ? "'abnormal log volume ln(1 + V) per bar (95% band under no effect) "
                       "and cumulative'"
                     : "'abnormal returns per bar (95% band under no effect) and "
                       "cumulative'" },
    { "ylabel", volume ? "'abnormal log volume and its cumulative sum (log units)'"
                       : "'abnormal return and cumulative AR (%)'" },
    { "scale", volume ? "1" : "100" },
    { "ar_title", volume ? "'AV'" : "'AR'" },
    { "car_title", volume ? "'cumulative AV'" : "'cumulative AR'" },
  };
  char *gp = text_printf ("%s.gp", name);
  FILE *fp = open_in (o->dir, gp, err);
  int rc = fp ? plot_fill (text, "intraday.gp", vars, sizeof vars / sizeof *vars, fp, err)
              : EVS_EIO;
  if (fp && close_in (o->dir, gp, fp, rc == EVS_OK ? err : NULL) && rc == EVS_OK)
    rc = EVS_EIO;
  char *all[] = { text, b, bl, image, data, tics, label, ticker, zone, ex, xmin, xmax, n, gp };
  for (size_t i = 0; i < sizeof all / sizeof *all; i++)
    free (all[i]);
  return rc;
}

int
bar_plot_write (const plot_opts *o, const bar_result *res, size_t n, bool volume,
                plot_set *out, evs_error *err)
{
  memset (out, 0, sizeof *out);
  out->templates = plot_find_templates (o->templates, err);
  int rc = out->templates ? fsout_make_dir (o->dir, err) : EVS_EIO;
  for (size_t i = 0; rc == EVS_OK && i < n; i++)
    {
      const bar_result *r = &res[i];
      if (!r->ok || !r->nars)
        continue;
      char slug[64];
      char *name = text_printf ("intraday-%zu-%s", i + 1,
                                plot_slug (r->s->ticker, 40, false, slug, sizeof slug));
      rc = write_data (o, r, name, err);
      if (rc == EVS_OK)
        rc = write_script (o, out->templates, r, name, volume, err);
      evs_grow ((void **) &out->v, &out->cap, out->n + 1, sizeof *out->v);
      plot_chart *c = &out->v[out->n++];
      memset (c, 0, sizeof *c);
      c->kind = PLOT_AR;
      c->event = r->event;
      c->name = name;
      c->image = text_printf ("%s.%s", name, plot_format_ext (o->format));
    }
  if (rc != EVS_OK)
    plot_set_release (out);
  return rc;
}
