/* cli-regress.c -- the regression options of the command line
 * (cli-regress.h). */
#include <config.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"
#include "cli-regress.h"
#include "date.h"
#include "price_import.h"
#include "text.h"
#include "xsout.h"

/* The formula as quoted in messages. */
static const char *
quoted (const char *s, char *buf, size_t size)
{
  return evs_quote (buf, size, s, strlen (s));
}

void
cli_regress_add (cli_regress *r, const char *s)
{
  evs_error err;
  char q[200];
  if (r->n == CLI_REGRESS_MAX)
    cli_usage_error ("too many --regress options (at most %d)", CLI_REGRESS_MAX);
  if (formula_parse (s, &r->f[r->n], &err) != EVS_OK)
    cli_usage_error ("invalid --regress '%s': %s", quoted (s, q, sizeof q), err.msg);
  r->n++;
}

void
cli_regress_set_vcov (cli_regress *r, const char *s)
{
  char q[200];
  if (regress_parse_vcov (s, &r->vcov))
    return;
  if (strncmp (s, "cluster:", 8) != 0)
    cli_usage_error ("invalid --vcov '%s': expected classical, hc0, hc1, hc2, hc3, "
                     "cluster:NAME or cluster:A,B", quoted (s, q, sizeof q));
  const char *p = s + 8;
  r->vcov = REGRESS_CLUSTER;
  r->ncluster = 0;
  while (*p)
    {
      size_t len = strcspn (p, ",");
      if (len == 0 || len >= sizeof r->cluster[0] || r->ncluster == 2)
        cli_usage_error ("invalid --vcov '%s': expected cluster:NAME or cluster:A,B "
                         "(one or two names)", quoted (s, q, sizeof q));
      memcpy (r->cluster[r->ncluster], p, len);
      r->cluster[r->ncluster++][len] = '\0';
      p += len + (p[len] == ',');
      if (p[-1] == ',' && !*p)
        cli_usage_error ("invalid --vcov '%s': a name is missing after ','", quoted (s, q, sizeof q));
    }
  if (r->ncluster == 0)
    cli_usage_error ("invalid --vcov '%s': cluster:NAME needs a name", quoted (s, q, sizeof q));
  if (r->ncluster == 2 && strcmp (r->cluster[0], r->cluster[1]) == 0)
    cli_usage_error ("invalid --vcov '%s': the same name twice", quoted (s, q, sizeof q));
}

void
cli_regress_set_weights (cli_regress *r, const char *s)
{
  char q[200];
  if (strcmp (s, "inverse-variance") && strcmp (s, "none"))
    cli_usage_error ("invalid --regress-weights '%s': expected inverse-variance or none",
                     quoted (s, q, sizeof q));
  r->inverse_variance = strcmp (s, "none") != 0;
}

static bool
has_window (const study_window *win, size_t n, int a, int b)
{
  for (size_t i = 0; i < n; i++)
    if (win[i].a == a && win[i].b == b)
      return true;
  return false;
}

void
cli_regress_check (cli_regress *r, const study_opts *o, study_window *win, size_t *nwin,
                   size_t max)
{
  char q[200];
  if (r->benchmark && !r->bhar_tests)
    cli_usage_error ("--benchmark is for --bhar-tests");
  if (r->bhar_tests && (o->returns == RETURNS_LOG || o->measure == STUDY_VOLUME))
    cli_usage_error ("--bhar-tests needs simple returns: BHAR compounds simple returns");
  if (r->ct && o->model != MODEL_MARKET && !model_uses_factors (o->model))
    cli_usage_error ("--calendar-time regresses on the factors of --model market, ff3, ff5, "
                     "carhart or factors, not %s", model_name (o->model));
  if (r->ct && (o->returns == RETURNS_LOG || o->measure == STUDY_VOLUME))
    cli_usage_error ("--calendar-time needs simple returns");
  if (!r->ct && (r->ct_weights || r->ct_min > 1 || r->ct_table))
    cli_usage_error ("%s needs --calendar-time", r->ct_table ? "--table calendar"
                     : r->ct_weights ? "--ct-weights" : "--ct-min");
  if (r->ct_weights && !r->characteristics)
    cli_usage_error ("--ct-weights %s needs --characteristics", r->ct_weights);
  if (!r->n && !r->ct && (r->characteristics || r->table || r->inverse_variance))
    cli_usage_error ("%s needs --regress", r->table ? "--table regress"
                     : r->characteristics ? "--characteristics" : "--regress-weights");
  for (size_t i = 0; i < r->n; i++)
    {
      const formula *f = &r->f[i];
      if (o->est.b >= f->a && o->est.a <= f->b)
        cli_usage_error ("invalid --regress '%s': position 1: window %d:%d overlaps the "
                         "estimation window %d:%d", quoted (f->text, q, sizeof q), f->a, f->b,
                         o->est.a, o->est.b);
      if (r->inverse_variance && f->y != FORMULA_CAR)
        cli_usage_error ("--regress-weights inverse-variance weighs car[A,B] by 1/Var(CAR), "
                         "not %s", formula_y_name (f->y));
      if (f->y == FORMULA_BHAR && (o->returns == RETURNS_LOG || o->measure == STUDY_VOLUME))
        cli_usage_error ("invalid --regress '%s': bhar needs simple returns",
                         quoted (f->text, q, sizeof q));
      if (has_window (win, *nwin, f->a, f->b))
        continue;
      if (*nwin == max)
        cli_usage_error ("too many windows with those of --regress");
      win[(*nwin)++] = (study_window) { f->a, f->b };
    }
}

static xsreg_spec
spec_of (const cli_regress *r, size_t i)
{
  xsreg_spec s = { &r->f[i], r->inverse_variance, r->vcov, { r->cluster[0], r->cluster[1] },
                   r->ncluster };
  return s;
}

/* Dies with ERR, its message after the formula's. */
__attribute__ ((noreturn)) static void
die_formula (const formula *f, evs_error *err)
{
  char q[200], msg[sizeof err->msg];
  snprintf (msg, sizeof msg, "%s", err->msg);
  snprintf (err->msg, sizeof err->msg, "--regress '%s': %.800s", quoted (f->text, q, sizeof q), msg);
  if (err->code == EVS_EUSAGE)
    cli_usage_error ("%s", err->msg);
  cli_die (err);
}

void
cli_regress_load (cli_regress *r, const evs_timeline *events)
{
  evs_error err;
  if (!r->n && !r->ct)
    return;
  if (r->characteristics && !r->loaded)
    {
      if (charac_load (r->characteristics, &r->ch, &err) != EVS_OK)
        cli_die (&err);
      r->loaded = true;
    }
  if (r->ct_weights)
    {
      long col = charac_column (&r->ch, r->ct_weights);
      char q[200];
      if (col < 0)
        cli_usage_error ("--ct-weights: no column '%s' in %s",
                         quoted (r->ct_weights, q, sizeof q), r->ch.source);
      double *v = evs_xcalloc (r->ch.nrow + 1, sizeof *v);
      int rc = charac_numeric (&r->ch, (size_t) col, v, &err);
      free (v);
      if (rc != EVS_OK)
        cli_die (&err);
    }
  for (size_t i = 0; i < r->n; i++)
    {
      xsreg_spec s = spec_of (r, i);
      /* A bad value in a file is the file's error, "FILE:LINE:FIELD: ...". */
      if (xsreg_check (&s, events, r->loaded ? &r->ch : NULL, &err) != EVS_OK)
        {
          if (err.code != EVS_EUSAGE)
            cli_die (&err);
          die_formula (&r->f[i], &err);
        }
    }
}

/* The --ct-weights of each pair of ST: its ticker's characteristics row
 * on or before the event's date (NaN when none: the pair is left out). */
static double *
ct_weights (const cli_regress *r, const evs_study *st)
{
  long col = charac_column (&r->ch, r->ct_weights);
  double *v = evs_xcalloc (r->ch.nrow + 1, sizeof *v), *w = evs_xcalloc (st->n + 1, sizeof *w);
  evs_error err;
  charac_numeric (&r->ch, (size_t) col, v, &err);    /* checked by cli_regress_load */
  for (size_t i = 0; i < st->n; i++)
    {
      long row = charac_row (&r->ch, st->res[i].series->ticker, st->res[i].event->stamp.day);
      w[i] = row >= 0 ? v[row] : NAN;
    }
  free (v);
  return w;
}

static void
run_calendar (cli_regress *r, const evs_study *st)
{
  evs_error err;
  double *w = r->ct_weights ? ct_weights (r, st) : NULL;
  ctport_opts o = { r->ct_hold, r->ct_min ? r->ct_min : 1,
                    r->vcov >= REGRESS_HC0 && r->vcov <= REGRESS_HC3 ? r->vcov : REGRESS_HC3, w };
  int rc = ctport_run (&o, st, &r->ctr, &err);
  free (w);
  if (rc != EVS_OK)
    cli_die (&err);
}

/* --benchmark: a series of the study (a pair's series or market) by
 * ticker when no such file exists, else the file, loaded once. */
static const evs_series *
benchmark (cli_regress *r, const evs_study *st)
{
  evs_error err;
  if (access (r->benchmark, F_OK) != 0)
    for (size_t i = 0; i < st->n; i++)
      {
        const study_result *p = &st->res[i];
        if (strcasecmp (p->series->ticker, r->benchmark) == 0)
          return p->series;
        if (p->market && strcasecmp (p->market->ticker, r->benchmark) == 0)
          return p->market;
      }
  price_import_opts po = { NULL, NULL, false, 0, false };
  series_list_init (&r->bench);
  int rc = price_import_file (r->benchmark, &po, &r->bench, &err);
  if (rc == EVS_EUSAGE)
    cli_usage_error ("%s", err.msg);
  if (rc != EVS_OK)
    cli_die (&err);
  if (r->bench.n != 1)
    {
      char q[200];
      cli_usage_error ("--benchmark '%s': expected one series, the file holds %zu",
                       quoted (r->benchmark, q, sizeof q), r->bench.n);
    }
  return &r->bench.v[0];
}

void
cli_regress_run (cli_regress *r, const evs_study *st, const evs_timeline *events)
{
  evs_error err;
  if (r->bhar_tests)
    {
      r->nlbt = st->opts.nwin;
      r->lbt = evs_xcalloc (r->nlbt + 1, sizeof *r->lbt);
      lbt_windows (st, r->benchmark ? benchmark (r, st) : NULL, r->seed, r->lbt);
    }
  if (r->ct)
    run_calendar (r, st);
  if (!r->n)
    return;
  r->res = evs_xcalloc (r->n, sizeof *r->res);
  for (size_t i = 0; i < r->n; i++)
    {
      xsreg_spec s = spec_of (r, i);
      if (xsreg_run (&s, st, events, r->loaded ? &r->ch : NULL, &r->res[i], &err) != EVS_OK)
        die_formula (&r->f[i], &err);
      const regress_fit *f = &r->res[i].fit;
      for (size_t j = 0; j < f->k && f->undefined; j++)
        if (!(f->se[j] >= 0))
          {
            char q[200], *v = text_visible (r->res[i].names[j]);
            fprintf (stderr, "evstudy: warning: --regress '%s': the two-way clustered variance "
                     "of '%s' is negative (Cameron, Gelbach & Miller 2011): its se, t, p and "
                     "interval are left undefined, and so is the F test\n",
                     quoted (r->f[i].text, q, sizeof q), v);
            free (v);
          }
      if (r->res[i].nout)
        {
          char q[200];
          const xsreg_left_out *o = &r->res[i].out[0];
          char *tk = text_visible (o->r->series->ticker), *why = text_visible (o->reason);
          fprintf (stderr, "evstudy: warning: --regress '%s': %zu pair%s left out, first %s "
                   "event %zu: %s\n", quoted (r->f[i].text, q, sizeof q), r->res[i].nout,
                   r->res[i].nout > 1 ? "s" : "", tk, o->r->event->row, why);
          free (tk);
          free (why);
        }
    }
}

void
cli_regress_free (cli_regress *r)
{
  for (size_t i = 0; r->res && i < r->n; i++)
    xsreg_release (&r->res[i]);
  free (r->res);
  for (size_t i = 0; i < r->n; i++)
    formula_release (&r->f[i]);
  free (r->lbt);
  if (r->benchmark && r->bench.v)
    series_list_release (&r->bench);
  if (r->ct)
    ctport_release (&r->ctr);
  if (r->loaded)
    charac_release (&r->ch);
  memset (r, 0, sizeof *r);
}

bool
cli_regress_write_only (const cli_regress *r, FILE *fp, bool csv)
{
  if (r->ct_table)
    csv ? xsout_ct_csv (fp, &r->ctr) : xsout_ct_table (fp, &r->ctr, r->ct_hold);
  else if (r->bhar_table)
    csv ? xsout_bhar_csv (fp, r->lbt, r->nlbt) : xsout_bhar_table (fp, r->lbt, r->nlbt);
  else if (r->table)
    csv ? xsout_csv (fp, r->res, r->n) : xsout_table (fp, r->res, r->n);
  else
    return false;
  return true;
}

bool
cli_regress_any (const cli_regress *r)
{
  return r->n || r->bhar_tests || r->ct;
}

void
cli_regress_json (const cli_regress *r, FILE *fp)
{
  if (r->n)
    xsout_json (fp, r->res, r->n);
  if (r->bhar_tests)
    xsout_bhar_json (fp, r->lbt, r->nlbt);
  if (r->ct)
    xsout_ct_json (fp, &r->ctr, r->ct_hold);
}

void
cli_regress_table (const cli_regress *r, FILE *fp)
{
  xsout_table (fp, r->res, r->n);
  if (r->bhar_tests)
    xsout_bhar_table (fp, r->lbt, r->nlbt);
  if (r->ct)
    xsout_ct_table (fp, &r->ctr, r->ct_hold);
}

/* --------------------------------------------- the calendar-time chart */

static void
write_ct_data (FILE *fp, const void *arg)
{
  const ctport_result *c = arg;
  double cum = 0;
  for (size_t i = 0; i < c->n; i++)
    {
      char d[16];
      cum += c->ar[i];
      fprintf (fp, "%s\t%.17g\t%.17g\t%zu\n", date_format (c->date[i], d), c->ar[i], cum,
               c->held[i]);
    }
}

typedef struct ct_script { const char *text, *where; const plot_var *vars; size_t n; } ct_script;

static void
write_ct_script (FILE *fp, const void *arg)
{
  const ct_script *s = arg;
  evs_error err;
  plot_fill (s->text, s->where, s->vars, s->n, fp, &err);   /* checked first */
}

/* The template calendar.gp of DIR, or NULL with ERR. */
static char *
read_template (const char *dir, char *path, size_t size, evs_error *err)
{
  snprintf (path, size, "%s/calendar.gp", dir);
  FILE *fp = fopen (path, "r");
  if (!fp)
    {
      evs_fail (err, EVS_EIO, "%s: cannot read: %s", path, strerror (errno));
      return NULL;
    }
  text_buf b = { 0 };
  char chunk[4096];
  size_t n;
  while ((n = fread (chunk, 1, sizeof chunk, fp)) > 0)
    text_buf_add (&b, chunk, n);
  fclose (fp);
  return text_buf_take (&b);
}

int
cli_regress_chart (const cli_regress *r, const char *dir, enum plot_format format,
                   const char *templates, const char *gnuplot, const char *model)
{
  evs_error err;
  if (!r->ct || !dir)
    return EVS_OK;
  char *tdir = plot_find_templates (templates, &err), tpath[4096], path[4096];
  char *text = tdir ? read_template (tdir, tpath, sizeof tpath, &err) : NULL;
  if (!text)
    cli_die (&err);
  char image[64], a[16], b[16], n[32];
  snprintf (image, sizeof image, "calendar-time.%s", plot_format_ext (format));
  snprintf (a, sizeof a, "%d", r->ct_hold.a);
  snprintf (b, sizeof b, "%d", r->ct_hold.b);
  snprintf (n, sizeof n, "%zu", r->ctr.n);
  char *qout = plot_gp_quote (image), *qdata = plot_gp_quote ("calendar-time.dat");
  char *qmodel = plot_gp_quote (model);
  const char *term = format == PLOT_SVG ? "svg" : format == PLOT_PDF ? "pdfcairo" : "pngcairo";
  const char *size = format == PLOT_PDF ? "12.5in,7.3in" : "1200,700";
  plot_var vars[] = { { "terminal", term }, { "size", size }, { "output", qout },
                      { "data", qdata }, { "hold_a", a }, { "hold_b", b }, { "n_sessions", n },
                      { "model", qmodel } };
  ct_script sc = { text, tpath, vars, sizeof vars / sizeof *vars };
  FILE *null = tmpfile ();
  int rc = null ? plot_fill (text, tpath, vars, sc.n, null, &err) : EVS_OK;
  if (null)
    fclose (null);
  snprintf (path, sizeof path, "%s/calendar-time.dat", dir);
  if (rc == EVS_OK)
    rc = cli_write_output (path, write_ct_data, &r->ctr, &err);
  snprintf (path, sizeof path, "%s/calendar-time.gp", dir);
  if (rc == EVS_OK)
    rc = cli_write_output (path, write_ct_script, &sc, &err);
  free (qout), free (qdata), free (qmodel), free (text), free (tdir);
  if (rc != EVS_OK)
    cli_die (&err);
  plot_chart chart = { PLOT_SUMMARY, (char *) "calendar-time", image, NULL, NULL, false };
  plot_set set = { NULL, &chart, 1, 1, "" };
  plot_opts po = { .dir = dir, .format = format, .templates = templates, .gnuplot = gnuplot };
  if (plot_render (&po, &set, &err) != EVS_OK)
    {
      fprintf (stderr, "evstudy: %s\n", err.msg);
      return EVS_ENOPLOT;
    }
  return EVS_OK;
}
