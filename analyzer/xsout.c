/* xsout.c -- writers of the cross-sectional regressions (xsout.h). */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "output.h"
#include "text.h"
#include "xsout.h"

/* X in a column of WIDTH with PREC decimals after a space; "-" if undefined. */
static void
fmt_num (FILE *fp, int width, int prec, double x)
{
  if (isfinite (x))
    fprintf (fp, " %*.*f", width, prec, x);
  else
    fprintf (fp, " %*s", width, "-");
}

static const char *
weights_name (const xsreg_result *x)
{
  return x->weighted ? "inverse-variance" : "none";
}

static void
table_left_out (FILE *fp, const xsreg_result *x)
{
  if (!x->nout)
    return;
  fprintf (fp, "Left out (%zu):\n", x->nout);
  for (size_t i = 0; i < x->nout; i++)
    {
      const study_result *r = x->out[i].r;
      fputs ("  ", fp);
      text_put_visible (fp, r->series->ticker);
      fprintf (fp, " event %zu (", r->event->row);
      text_put_visible (fp, r->event->date_text);
      fputs ("): ", fp);
      text_put_visible (fp, x->out[i].reason);
      putc ('\n', fp);
    }
}

void
xsout_table (FILE *fp, const xsreg_result *xs, size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      const xsreg_result *x = &xs[i];
      const regress_fit *f = &x->fit;
      fputs ("\nCross-sectional regression: ", fp);
      text_put_visible (fp, x->f->text);
      fprintf (fp, "\n%s, standard errors %s", x->weighted ? "WLS (weights 1/Var(CAR))" : "OLS",
               x->vcov);
      for (int c = 0; c < 2 && f->groups[c]; c++)
        fprintf (fp, "%s%zu", c ? " x " : " with G = ", f->groups[c]);
      fprintf (fp, "\nN = %zu, K = %zu, R2 = %.4f, adjusted R2 = %.4f", f->n, f->k, f->r2,
               f->adj_r2);
      if (isfinite (f->F))
        fprintf (fp, ", F(%g, %g) = %.4f, p = %.4g", f->F_df1, f->F_df2, f->F, f->F_p);
      fprintf (fp, "\n%-24s %12s %12s %9s %6s %9s  %s\n", "term", "estimate", "se", "t", "df",
               "p", "95% interval");
      for (size_t j = 0; j < f->k; j++)
        {
          char *v = text_visible (x->names[j]);
          fprintf (fp, "%-24s", v);
          free (v);
          fmt_num (fp, 12, 6, f->b[j]);
          fmt_num (fp, 12, 6, f->se[j]);
          fmt_num (fp, 9, 3, f->t[j]);
          fprintf (fp, " %6g", f->df);
          fmt_num (fp, 9, 4, f->p[j]);
          if (isfinite (f->lo[j]))
            fprintf (fp, "  [%.6f, %.6f]\n", f->lo[j], f->hi[j]);
          else
            fputs ("  -\n", fp);
        }
      table_left_out (fp, x);
    }
}

void
xsout_csv (FILE *fp, const xsreg_result *xs, size_t n)
{
  fputs ("regression,formula,y,window_start,window_end,weights,vcov,term,estimate,se,t,df,p,"
         "ci_low,ci_high,n,k,r2,adj_r2,F,F_df1,F_df2,F_p,left_out\n", fp);
  for (size_t i = 0; i < n; i++)
    {
      const xsreg_result *x = &xs[i];
      const regress_fit *f = &x->fit;
      for (size_t j = 0; j < f->k; j++)
        {
          fprintf (fp, "%zu,", i + 1);
          output_csv_string (fp, x->f->text);
          fprintf (fp, ",%s,%d,%d,%s,", formula_y_name (x->f->y), x->f->a, x->f->b,
                   weights_name (x));
          output_csv_string (fp, x->vcov);
          putc (',', fp);
          output_csv_string (fp, x->names[j]);
          double v[] = { f->b[j], f->se[j], f->t[j], f->df, f->p[j], f->lo[j], f->hi[j],
                         (double) f->n, (double) f->k, f->r2, f->adj_r2, f->F, f->F_df1,
                         f->F_df2, f->F_p, (double) x->nout };
          for (size_t c = 0; c < sizeof v / sizeof *v; c++)
            output_csv_num (fp, v[c]);
          putc ('\n', fp);
        }
    }
}

static void
json_coef (FILE *fp, const xsreg_result *x, size_t j)
{
  const regress_fit *f = &x->fit;
  fputs ("{\"term\": ", fp);
  output_json_string (fp, x->names[j]);
  const char *key[] = { "estimate", "se", "t", "df", "p" };
  double v[] = { f->b[j], f->se[j], f->t[j], f->df, f->p[j] };
  for (size_t c = 0; c < 5; c++)
    {
      fprintf (fp, ", \"%s\": ", key[c]);
      output_json_num (fp, v[c]);
    }
  fputs (", \"ci95\": [", fp);
  output_json_num (fp, f->lo[j]);
  fputs (", ", fp);
  output_json_num (fp, f->hi[j]);
  fputs ("]}", fp);
}

static void
json_left_out (FILE *fp, const xsreg_result *x)
{
  fputs ("[", fp);
  for (size_t i = 0; i < x->nout; i++)
    {
      const study_result *r = x->out[i].r;
      fprintf (fp, "%s\n    {\"event\": %zu, \"ticker\": ", i ? "," : "", r->event->row);
      output_json_string (fp, r->series->ticker);
      fputs (", \"date\": ", fp);
      output_json_string (fp, r->event->date_text);
      fputs (", \"reason\": ", fp);
      output_json_string (fp, x->out[i].reason);
      fputs ("}", fp);
    }
  fputs (x->nout ? "\n   ]" : "]", fp);
}

static void
json_one (FILE *fp, const xsreg_result *x)
{
  const regress_fit *f = &x->fit;
  fputs ("  {\"formula\": ", fp);
  output_json_string (fp, x->f->text);
  fprintf (fp, ", \"y\": \"%s\", \"window\": [%d, %d], \"weights\": \"%s\", \"vcov\": ",
           formula_y_name (x->f->y), x->f->a, x->f->b, weights_name (x));
  output_json_string (fp, x->vcov);
  fprintf (fp, ",\n   \"n\": %zu, \"k\": %zu, \"df\": ", f->n, f->k);
  output_json_num (fp, f->df);
  const char *key[] = { "r2", "adj_r2", "sigma", "F", "F_df1", "F_df2", "F_p" };
  double v[] = { f->r2, f->adj_r2, f->sigma, f->F, f->F_df1, f->F_df2, f->F_p };
  for (size_t c = 0; c < 7; c++)
    {
      fprintf (fp, ", \"%s\": ", key[c]);
      output_json_num (fp, v[c]);
    }
  fputs (", \"clusters\": [", fp);
  for (int c = 0; c < 2 && f->groups[c]; c++)
    fprintf (fp, "%s%zu", c ? ", " : "", f->groups[c]);
  fputs ("],\n   \"coefficients\": [", fp);
  for (size_t j = 0; j < f->k; j++)
    {
      fputs (j ? ",\n    " : "\n    ", fp);
      json_coef (fp, x, j);
    }
  fputs ("\n   ],\n   \"left_out\": ", fp);
  json_left_out (fp, x);
  fputs ("}", fp);
}

void
xsout_json (FILE *fp, const xsreg_result *xs, size_t n)
{
  fputs (",\n \"regressions\": [", fp);
  for (size_t i = 0; i < n; i++)
    {
      fputs (i ? ",\n" : "\n", fp);
      json_one (fp, &xs[i]);
    }
  fputs (n ? "\n ]" : "]", fp);
}

/* ------------------------------------------------- long-horizon BHARs */

void
xsout_bhar_table (FILE *fp, const lbt_result *x, size_t n)
{
  fputs ("\nLong-horizon BHAR tests (Lyon, Barber & Tsai 1999; bootstrap p of t_sa)\n", fp);
  fprintf (fp, "%-13s %5s %12s %10s %9s %9s %9s %9s %9s\n", "window", "n", "mean BHAR", "sd",
           "skewness", "t", "p", "t_sa", "p_boot");
  for (size_t i = 0; i < n; i++)
    {
      char w[32];
      snprintf (w, sizeof w, "[%d, %d]", x[i].w.a, x[i].w.b);
      fprintf (fp, "%-13s %5zu", w, x[i].n);
      fmt_num (fp, 12, 6, x[i].mean);
      fmt_num (fp, 10, 6, x[i].sd);
      fmt_num (fp, 9, 3, x[i].skew);
      fmt_num (fp, 9, 3, x[i].t);
      fmt_num (fp, 9, 4, x[i].p);
      fmt_num (fp, 9, 3, x[i].t_sa);
      fmt_num (fp, 9, 4, x[i].p_boot);
      putc ('\n', fp);
    }
}

void
xsout_bhar_csv (FILE *fp, const lbt_result *x, size_t n)
{
  fputs ("window_start,window_end,n,mean_bhar,sd,skewness,t,df,p,t_sa,p_boot,n_boot,"
         "resample_size\n", fp);
  for (size_t i = 0; i < n; i++)
    {
      fprintf (fp, "%d,%d,%zu", x[i].w.a, x[i].w.b, x[i].n);
      double v[] = { x[i].mean, x[i].sd, x[i].skew, x[i].t, x[i].df, x[i].p, x[i].t_sa,
                     x[i].p_boot };
      for (size_t c = 0; c < sizeof v / sizeof *v; c++)
        output_csv_num (fp, v[c]);
      fprintf (fp, ",%zu,%zu\n", x[i].nboot, x[i].nb);
    }
}

void
xsout_bhar_json (FILE *fp, const lbt_result *x, size_t n)
{
  fputs (",\n \"bhar_tests\": [", fp);
  for (size_t i = 0; i < n; i++)
    {
      fprintf (fp, "%s\n  {\"window\": [%d, %d], \"n\": %zu", i ? "," : "", x[i].w.a, x[i].w.b,
               x[i].n);
      const char *key[] = { "mean_bhar", "sd", "skewness", "t", "df", "p", "t_sa", "p_boot" };
      double v[] = { x[i].mean, x[i].sd, x[i].skew, x[i].t, x[i].df, x[i].p, x[i].t_sa,
                     x[i].p_boot };
      for (size_t c = 0; c < 8; c++)
        {
          fprintf (fp, ", \"%s\": ", key[c]);
          output_json_num (fp, v[c]);
        }
      fprintf (fp, ", \"n_boot\": %zu, \"resample_size\": %zu}", x[i].nboot, x[i].nb);
    }
  fputs (n ? "\n ]" : "]", fp);
}

/* ---------------------------------------------- calendar-time portfolio */

void
xsout_ct_table (FILE *fp, const ctport_result *c, study_window hold)
{
  const regress_fit *f = &c->classical, *h = &c->hc;
  fprintf (fp, "\nCalendar-time portfolio: pairs held from day %+d to %+d (Jaffe 1974; "
           "Fama 1998; Mitchell & Stafford 2000)\n", hold.a, hold.b);
  fprintf (fp, "%zu sessions, %zu pairs, holdings mean %.2f, max %zu; alpha %.6f a day, "
           "%.4f a year (x252); R2 = %.4f\n", c->n, c->pairs, c->mean_held, c->max_held,
           f->b[0], c->alpha_annual, f->r2);
  fprintf (fp, "%-10s %12s %12s %9s %9s %12s %9s %9s\n", "term", "estimate", "se", "t", "p",
           "se hc", "t hc", "p hc");
  for (size_t j = 0; j < c->k; j++)
    {
      char *v = text_visible (c->names[j]);
      fprintf (fp, "%-10s", v);
      free (v);
      fmt_num (fp, 12, 6, f->b[j]);
      fmt_num (fp, 12, 6, f->se[j]);
      fmt_num (fp, 9, 3, f->t[j]);
      fmt_num (fp, 9, 4, f->p[j]);
      fmt_num (fp, 12, 6, h->se[j]);
      fmt_num (fp, 9, 3, h->t[j]);
      fmt_num (fp, 9, 4, h->p[j]);
      putc ('\n', fp);
    }
}

void
xsout_ct_csv (FILE *fp, const ctport_result *c)
{
  fputs ("term,estimate,se,t,p,se_hc,t_hc,p_hc,df,hc,sessions,mean_holdings,max_holdings,"
         "pairs,alpha_annual,r2\n", fp);
  const regress_fit *f = &c->classical, *h = &c->hc;
  for (size_t j = 0; j < c->k; j++)
    {
      output_csv_string (fp, c->names[j]);
      double v[] = { f->b[j], f->se[j], f->t[j], f->p[j], h->se[j], h->t[j], h->p[j], f->df };
      for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        output_csv_num (fp, v[i]);
      fprintf (fp, ",%s,%zu", c->hc_name, c->n);
      output_csv_num (fp, c->mean_held);
      fprintf (fp, ",%zu,%zu", c->max_held, c->pairs);
      output_csv_num (fp, c->alpha_annual);
      output_csv_num (fp, f->r2);
      putc ('\n', fp);
    }
}

void
xsout_ct_json (FILE *fp, const ctport_result *c, study_window hold)
{
  const regress_fit *f = &c->classical, *h = &c->hc;
  fprintf (fp, ",\n \"calendar_time\": {\"hold\": [%d, %d], \"sessions\": %zu, \"pairs\": %zu, "
           "\"mean_holdings\": ", hold.a, hold.b, c->n, c->pairs);
  output_json_num (fp, c->mean_held);
  fprintf (fp, ", \"max_holdings\": %zu, \"alpha_annual\": ", c->max_held);
  output_json_num (fp, c->alpha_annual);
  fputs (", \"r2\": ", fp);
  output_json_num (fp, f->r2);
  fputs (",\n  \"coefficients\": [", fp);
  for (size_t j = 0; j < c->k; j++)
    {
      fprintf (fp, "%s\n   {\"term\": ", j ? "," : "");
      output_json_string (fp, c->names[j]);
      const char *key[] = { "estimate", "se", "t", "p", "se_hc", "t_hc", "p_hc", "df" };
      double v[] = { f->b[j], f->se[j], f->t[j], f->p[j], h->se[j], h->t[j], h->p[j], f->df };
      for (size_t i = 0; i < 8; i++)
        {
          fprintf (fp, ", \"%s\": ", key[i]);
          output_json_num (fp, v[i]);
        }
      fputs ("}", fp);
    }
  fputs ("\n  ],\n  \"daily\": [", fp);
  for (size_t i = 0; i < c->n; i++)
    {
      char d[16];
      fprintf (fp, "%s\n   {\"date\": \"%s\", \"return\": ", i ? "," : "", date_format (c->date[i], d));
      output_json_num (fp, c->rp[i]);
      fputs (", \"excess\": ", fp);
      output_json_num (fp, c->excess[i]);
      fprintf (fp, ", \"holdings\": %zu}", c->held[i]);
    }
  fputs (c->n ? "\n  ]}" : "]}", fp);
}
