/* cmd-shard.c -- the flag form's --shard I/N (writing a shard file) and
 * evstudy merge SHARD... (shard.h).
 *
 * A merge parses the shards' stored options again with the flag form's
 * parser, adds its own output options, rebuilds the unsharded study from
 * the shards' pairs in study_run's order (by event, then input) and
 * writes it with study_cli_write: the aggregate, the tables and the
 * charts come from the same code as a run's, so the bytes are the same. */
#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "cmd-store.h"
#include "cmd.h"
#include "output.h"
#include "pool.h"
#include "shard.h"
#include "store.h"

void
study_cli_parse_shard (const char *s, unsigned *i, unsigned *n)
{
  char *end;
  const char *slash = strchr (s, '/');
  unsigned long a = 0, b = 0;
  bool ok = slash && *s >= '0' && *s <= '9' && slash[1] >= '0' && slash[1] <= '9';
  if (ok)
    {
      a = strtoul (s, &end, 10);
      ok = end == slash;
      b = strtoul (slash + 1, &end, 10);
      ok = ok && !*end && b >= 1 && b <= SHARD_MAX && a < b;
    }
  if (!ok)
    cli_usage_error ("invalid --shard '%s': expected I/N with 0 <= I < N <= %d", s, SHARD_MAX);
  *i = (unsigned) a;
  *n = (unsigned) b;
}

size_t
shard_cli_select (const cli *c, const evs_timeline *t, study_input *in, size_t nin,
                  size_t **pos, uint64_t *pairs)
{
  unsigned si, sn;
  size_t p, k = 0;
  double bytes;
  study_cli_shard (c, &si, &sn);
  study_estimate_memory (study_cli_opts (c), t, in, nin, &p, &bytes);
  *pairs = p;
  /* The history each pair keeps depends on the run's size (study.h):
   * the whole run's, not the shard's. */
  if (p > study_full_history)
    study_full_history = 0;
  *pos = evs_xmalloc ((nin ? nin : 1) * sizeof **pos);
  for (size_t i = 0; i < nin; i++)
    if (shard_of (in[i].series->ticker, sn) == si)
      {
        (*pos)[k] = i;
        in[k++] = in[i];
      }
  return k;
}

/* --------------------------------------------------------- writing */

typedef struct series_at {
  const evs_series *s;
  size_t k;
} series_at;

static int
cmp_series_at (const void *a, const void *b)
{
  const evs_series *x = ((const series_at *) a)->s, *y = ((const series_at *) b)->s;
  return (x > y) - (x < y);
}

/* The input position of every result of ST (IN[k] is at POS[k]). */
static size_t *
inputs_of (const evs_study *st, const study_input *in, size_t nin, const size_t *pos)
{
  series_at *v = evs_xmalloc ((nin ? nin : 1) * sizeof *v);
  for (size_t k = 0; k < nin; k++)
    v[k] = (series_at) { in[k].series, k };
  qsort (v, nin, sizeof *v, cmp_series_at);
  size_t *of = evs_xmalloc ((st->n ? st->n : 1) * sizeof *of);
  for (size_t i = 0; i < st->n; i++)
    {
      series_at key = { st->res[i].series, 0 };
      const series_at *f = bsearch (&key, v, nin, sizeof *v, cmp_series_at);
      of[i] = f ? pos[f->k] : 0;   /* every result's series is an input */
    }
  free (v);
  return of;
}

/* Each pair's text of each kind (output_pair_text), formatted on the
 * run's threads into TEXT[kind][i], the bytes in memory streams (NULL
 * where memory ran out). */
typedef struct text_job {
  const evs_study *st;
  study_text *text[STUDY_TEXT_KINDS];
} text_job;

static void
text_pair (void *ctx, size_t i, unsigned worker)
{
  (void) worker;
  text_job *j = ctx;
  for (int k = 0; k < STUDY_TEXT_KINDS; k++)
    {
      char *b = NULL;
      size_t n = 0;
      FILE *m = open_memstream (&b, &n);
      if (m)
        output_pair_text (m, j->st, i, (enum study_text_kind) k);
      if (!m || fclose (m) != 0)
        {
          free (b);
          b = NULL, n = 0;
        }
      j->text[k][i] = (study_text) { b, n };
    }
}

static void
texts_free (text_job *j)
{
  for (int k = 0; k < STUDY_TEXT_KINDS; k++)
    {
      for (size_t i = 0; i < j->st->n; i++)
        free ((char *) j->text[k][i].b);
      free (j->text[k]);
    }
}

typedef struct bytes_ctx {
  const unsigned char *b;
  size_t n;
} bytes_ctx;

static void
write_bytes (FILE *fp, const void *arg)
{
  const bytes_ctx *x = arg;
  fwrite (x->b, 1, x->n, fp);
}

int
shard_cli_write (const cli *c, const evs_timeline *t, const evs_series_list *all,
                 const factors_set *fs, const evs_study *st, const study_input *in,
                 size_t nin, const size_t *pos, size_t nall, uint64_t pairs,
                 const shard_meta *from_store, evs_error *err)
{
  shard_meta m = { .pairs = pairs, .inputs = nall, .nevents = t->n };
  char *const *args;
  snprintf (m.version, sizeof m.version, "%s", PACKAGE_VERSION);
  study_cli_shard (c, &m.index, &m.count);
  m.nargs = study_cli_canon (c, &args);
  m.args = (char **) args;
  int rc = EVS_OK;
  if (from_store)
    {
      /* The store's event set is immutable: its id names its content. */
      m.store = from_store->store;
      m.generation = from_store->generation;
      m.event_set = from_store->event_set;
      snprintf (m.events_hash, sizeof m.events_hash, "event set %" PRId64, m.event_set);
    }
  else
    rc = shard_file_hash (study_cli_events (c), m.events_hash, err);
  if (rc != EVS_OK)
    return rc;
  shard_data_hash (all, fs, m.data_hash);
  shard_input *sin = evs_xcalloc (nin + 1, sizeof *sin);
  for (size_t k = 0; k < nin; k++)
    {
      const evs_series *s = in[k].series;
      sin[k] = (shard_input) { pos[k], s->ticker, s->source,
                               in[k].market ? in[k].market->ticker : NULL, s->n_gaps };
    }
  size_t *of = inputs_of (st, in, nin, pos), len;
  unsigned char *b;
  text_job tj = { st, { NULL } };
  for (int k = 0; k < STUDY_TEXT_KINDS; k++)
    tj.text[k] = evs_xcalloc (st->n + 1, sizeof *tj.text[k]);
  pool_for (st->n, st->opts.jobs, text_pair, &tj);
  bool failed = false;
  for (int k = 0; k < STUDY_TEXT_KINDS; k++)
    for (size_t i = 0; i < st->n; i++)
      failed = failed || !tj.text[k][i].b;
  if (failed)
    rc = evs_fail (err, EVS_EINTERNAL, "out of memory");
  else
    rc = shard_build (&m, st, of, sin, nin, (const study_text *const *) tj.text, &b, &len, err);
  texts_free (&tj);
  free (of);
  free (sin);
  if (rc != EVS_OK)
    return rc;
  bytes_ctx x = { b, len };
  rc = cli_write_output (study_cli_output (c), write_bytes, &x, err);
  shard_bytes_free (b);
  return rc;
}

/* ----------------------------------------------------------- merging */

__attribute__ ((noreturn)) static void
usage (int status)
{
  if (status != EXIT_SUCCESS)
    {
      fputs ("Try 'evstudy merge --help' for more information.\n", stderr);
      exit (status);
    }
  fputs ("\
Usage: evstudy merge [OPTION]... SHARD...\n\
Merge the shard files of a run made with --shard I/N (all N of them) and\n\
write what the run without --shard writes, byte for byte.\n\
\n\
  --format FMT, --table NAME, -o FILE, --plot DIR, --plot-format FMT,\n\
  --plot-templates DIR, --gnuplot PATH, --report DIR, --allow-empty,\n\
  -j N                   as in the flag form (evstudy --help)\n\
  -h, --help             show this help and exit\n\
\n\
The shards must come from the same options, evstudy version, events and\n\
data.  The events file (and any --factors file) is read again where the\n\
shards' options name it, and must be unchanged; --plot and --report read\n\
the price files too.\n\
\n\
Exit status: as the flag form's; 3 when the shards do not match, one is\n\
missing or given twice, or a file is not a shard file.\n", stdout);
  exit (EXIT_SUCCESS);
}

/* Number of words (1 or 2) of the output option at ARGV[I], or 0. */
static int
output_option (int argc, char **argv, int i)
{
  static const char *const names[] = { "--format", "--table", "--output", "-o", "--plot",
                                       "--plot-format", "--plot-templates", "--gnuplot",
                                       "--report", "--jobs", "-j" };
  const char *a = argv[i];
  if (strcmp (a, "--allow-empty") == 0)
    return 1;
  for (size_t k = 0; k < sizeof names / sizeof *names; k++)
    {
      size_t n = strlen (names[k]);
      if (strncmp (a, names[k], n) != 0)
        continue;
      if (a[n] == '\0')
        {
          if (i + 1 >= argc)
            cli_usage_error ("option '%s' requires an argument", a);
          return 2;
        }
      if (a[n] == '=' || (n == 2 && a[n]))
        return 1;
    }
  return 0;
}

/* Splits ARGV into output options (into OPTS) and shard paths. */
static void
split (int argc, char **argv, char **opts, int *nopts, char **paths, int *npaths)
{
  bool only_paths = false;
  *nopts = *npaths = 0;
  for (int i = 1; i < argc; i++)
    {
      const char *a = argv[i];
      if (only_paths || a[0] != '-' || strcmp (a, "-") == 0)
        {
          paths[(*npaths)++] = argv[i];
          continue;
        }
      if (strcmp (a, "--") == 0)
        {
          only_paths = true;
          continue;
        }
      if (strcmp (a, "-h") == 0 || strcmp (a, "--help") == 0)
        usage (EXIT_SUCCESS);
      int k = output_option (argc, argv, i);
      if (!k)
        cli_usage_error ("merge takes output options only, not '%s': the study's options come"
                         " from the shards", a);
      for (int j = 0; j < k; j++)
        opts[(*nopts)++] = argv[i + j];
      i += k - 1;
    }
  if (!*npaths)
    cli_usage_error ("no shard files given");
}

static const char *
q (char *buf, size_t size, const char *s)
{
  return evs_quote (buf, size, s, strlen (s));
}

/* S in '...', escaped as evs_quote does. */
static const char *
quoted (char *buf, size_t size, const char *s)
{
  char t[480];
  snprintf (buf, size, "'%s'", evs_quote (t, sizeof t, s, strlen (s)));
  return buf;
}

/* B against A (the first shard): the first difference, EVS_EDATA. */
static int
same_run (const char *pa, const shard_meta *a, const char *pb, const shard_meta *b,
          evs_error *err)
{
  char x[512], y[512], u[512], v[512];
  q (x, sizeof x, pa);
  q (y, sizeof y, pb);
  if (strcmp (a->version, b->version))
    return evs_fail (err, EVS_EDATA, "%s was written by evstudy '%s', %s by evstudy '%s'", y,
                     q (u, sizeof u, b->version), x, q (v, sizeof v, a->version));
  if (a->count != b->count)
    return evs_fail (err, EVS_EDATA, "%s is shard %u/%u, %s shard %u/%u: not the same split", y,
                     b->index, b->count, x, a->index, a->count);
  for (size_t i = 0; i < a->nargs || i < b->nargs; i++)
    if (i >= a->nargs || i >= b->nargs || strcmp (a->args[i], b->args[i]))
      return evs_fail (err, EVS_EDATA, "%s was run with other options than %s: %s where it has %s",
                       y, x, i < b->nargs ? quoted (u, sizeof u, b->args[i]) : "nothing more",
                       i < a->nargs ? quoted (v, sizeof v, a->args[i]) : "nothing more");
  if ((a->store == NULL) != (b->store == NULL)
      || (a->store && (strcmp (a->store, b->store) || a->generation != b->generation)))
    return evs_fail (err, EVS_EDATA, "%s was run on other data than %s (another store or"
                     " import generation, or files and a store)", y, x);
  if (strcmp (a->events_hash, b->events_hash) || a->nevents != b->nevents)
    return evs_fail (err, EVS_EDATA, "%s was run on another events file than %s", y, x);
  if (strcmp (a->data_hash, b->data_hash) || a->inputs != b->inputs || a->pairs != b->pairs)
    return evs_fail (err, EVS_EDATA, "%s was run on other price or factor data than %s", y, x);
  return EVS_OK;
}

/* Reads the shards, checks that they are one whole run: same run, each
 * index once, every series in its own shard. */
static shard_file *
read_shards (char **paths, int n)
{
  evs_error err;
  char x[512], y[512];
  shard_file *f = evs_xcalloc ((size_t) n, sizeof *f);
  for (int i = 0; i < n; i++)
    {
      if (shard_open (paths[i], &f[i], &err) != EVS_OK
          || (i && same_run (paths[0], &f[0].m, paths[i], &f[i].m, &err) != EVS_OK))
        cli_die (&err);
      for (size_t k = 0; k < f[i].nin; k++)
        if (shard_of (f[i].in[k].ticker, f[i].m.count) != f[i].m.index)
          {
            evs_fail (&err, EVS_EDATA, "%s: damaged shard file: it holds '%s', which belongs to"
                      " shard %u/%u, not %u", q (x, sizeof x, paths[i]),
                      q (y, sizeof y, f[i].in[k].ticker),
                      shard_of (f[i].in[k].ticker, f[i].m.count), f[i].m.count, f[i].m.index);
            cli_die (&err);
          }
    }
  if (strcmp (f[0].m.version, PACKAGE_VERSION))
    {
      evs_fail (&err, EVS_EDATA, "%s was written by evstudy '%s': merge it with that version"
                " (this is %s)", q (x, sizeof x, paths[0]), q (y, sizeof y, f[0].m.version),
                PACKAGE_VERSION);
      cli_die (&err);
    }
  unsigned count = f[0].m.count;
  int *seen = evs_xmalloc (count * sizeof *seen);
  for (unsigned k = 0; k < count; k++)
    seen[k] = -1;
  for (int i = 0; i < n; i++)
    {
      unsigned k = f[i].m.index;
      if (seen[k] >= 0)
        {
          evs_fail (&err, EVS_EDATA, "shard %u/%u is given twice: %s and %s", k, count,
                    q (x, sizeof x, paths[seen[k]]), q (y, sizeof y, paths[i]));
          free (seen);
          cli_die (&err);
        }
      seen[k] = i;
    }
  for (unsigned k = 0; k < count; k++)
    if (seen[k] < 0)
      {
        evs_fail (&err, EVS_EDATA, "shard %u/%u is missing (%d of %u shard files given)", k,
                  count, n, count);
        free (seen);
        cli_die (&err);
      }
  free (seen);
  return f;
}

/* The options to parse: "evstudy", the shards' options, merge's own. */
static char **
merged_argv (const shard_meta *m, char **opts, int nopts, int *argc)
{
  char **v = evs_xcalloc (m->nargs + (size_t) nopts + 2, sizeof *v);
  int n = 0;
  v[n++] = (char *) "evstudy";
  for (size_t i = 0; i < m->nargs; i++)
    v[n++] = m->args[i];
  for (int i = 0; i < nopts; i++)
    v[n++] = opts[i];
  *argc = n;
  return v;
}

static int
cmp_pair (const void *a, const void *b)
{
  const shard_pair *x = *(shard_pair *const *) a, *y = *(shard_pair *const *) b;
  if (x->event_row != y->event_row)
    return (x->event_row > y->event_row) - (x->event_row < y->event_row);
  return (x->input > y->input) - (x->input < y->input);
}

/* Series holding only what the writers print of a series (its ticker,
 * source and gap count), for a merge without charts: one per input and
 * one per market ticker. */
typedef struct stubs {
  evs_series *in;         /* by input position */
  const char **market;    /* the market ticker recorded for each, or NULL */
  evs_series *mk;
  size_t nmk, capmk;
} stubs;

static const evs_series *
market_stub (stubs *s, const char *ticker)
{
  for (size_t i = 0; i < s->nmk; i++)
    if (strcmp (s->mk[i].ticker, ticker) == 0)
      return &s->mk[i];
  evs_grow ((void **) &s->mk, &s->capmk, s->nmk + 1, sizeof *s->mk);
  evs_series *m = &s->mk[s->nmk++];
  series_init (m);
  m->ticker = evs_xstrdup (ticker);
  m->source = evs_xstrdup (ticker);
  return m;
}

static void
make_stubs (stubs *s, const shard_file *f, int n, size_t ninputs)
{
  memset (s, 0, sizeof *s);
  s->in = evs_xcalloc (ninputs + 1, sizeof *s->in);
  s->market = evs_xcalloc (ninputs + 1, sizeof *s->market);
  for (size_t i = 0; i < ninputs; i++)
    series_init (&s->in[i]);
  for (int i = 0; i < n; i++)
    for (size_t k = 0; k < f[i].nin; k++)
      {
        const shard_input *x = &f[i].in[k];
        evs_series *t = &s->in[x->pos];
        if (!t->ticker)
          {
            t->ticker = evs_xstrdup (x->ticker);
            t->source = evs_xstrdup (x->source);
            t->n_gaps = x->n_gaps;
            s->market[x->pos] = x->market;
          }
      }
}

static void
free_stubs (stubs *s, size_t ninputs)
{
  for (size_t i = 0; i < ninputs; i++)
    series_release (&s->in[i]);
  for (size_t i = 0; i < s->nmk; i++)
    series_release (&s->mk[i]);
  free (s->in);
  free (s->market);
  free (s->mk);
}

/* A pair of shard S at index J of its file. */
typedef struct pair_at {
  shard_pair *p;
  int s;
  size_t j;
} pair_at;

static int
cmp_pair_at (const void *a, const void *b)
{
  const pair_at *x = a, *y = b;
  return cmp_pair (&x->p, &y->p);
}

/* Moves the shards' pairs into ST in study_run's order, pointing them at
 * EVENTS and at IN (loaded inputs) or the stubs, and their texts read
 * (shard_read_pairs) into TEXT[kind] in the same order. */
static void
gather (const cli *c, shard_file *f, int n, const evs_timeline *events,
        const study_input *in, size_t nin, stubs *sb, evs_study *st, const char *first,
        study_text *text[STUDY_TEXT_KINDS])
{
  evs_error err;
  char x[512];
  size_t total = 0;
  for (int i = 0; i < n; i++)
    total += f[i].np;
  if (total != f[0].m.pairs)
    {
      evs_fail (&err, EVS_EDATA, "the shard files hold %zu pairs, the run %" PRIu64
                " (%s and the others do not add up)", total, f[0].m.pairs, q (x, sizeof x, first));
      cli_die (&err);
    }
  pair_at *at = evs_xmalloc ((total ? total : 1) * sizeof *at);
  size_t k = 0;
  for (int i = 0; i < n; i++)
    for (size_t j = 0; j < f[i].np; j++)
      at[k++] = (pair_at) { &f[i].p[j], i, j };
  qsort (at, total, sizeof *at, cmp_pair_at);
  st->res = evs_xcalloc (total + 1, sizeof *st->res);
  for (int t = 0; t < STUDY_TEXT_KINDS; t++)
    text[t] = f[0].text[t] ? evs_xcalloc (total + 1, sizeof *text[t]) : NULL;
  for (size_t i = 0; i < total; i++)
    {
      if (i && cmp_pair_at (&at[i - 1], &at[i]) == 0)
        {
          evs_fail (&err, EVS_EDATA, "the shard files hold event row %zu of input %zu twice",
                    at[i].p->event_row, at[i].p->input);
          free (at);
          cli_die (&err);
        }
      for (int t = 0; t < STUDY_TEXT_KINDS; t++)
        if (text[t])
          text[t][i] = f[at[i].s].text[t][at[i].j];
      shard_pair *p = at[i].p;
      study_result *r = &st->res[st->n++];
      *r = p->r;                          /* moved: see below */
      r->event = &events->v[p->event_row - 1];
      for (size_t j = 0; j < r->nconf; j++)
        r->conf[j] = &events->v[(uintptr_t) r->conf[j] - 1];
      if (in && p->input < nin)
        {
          r->series = in[p->input].series;
          r->market = in[p->input].market;
          r->exchange = in[p->input].exchange;
        }
      else
        {
          const char *m = sb->market[p->input];
          r->series = &sb->in[p->input];
          r->market = m ? market_stub (sb, m) : NULL;
          r->exchange = study_cli_exchange (c, r->series);   /* as the run's inputs */
        }
    }
  free (at);
  /* Every result now belongs to ST: the shards keep none (not even a
   * zeroed copy of 2.4 KB a pair to free later). */
  for (int i = 0; i < n; i++)
    {
      free (f[i].p);
      f[i].p = NULL;
      f[i].np = 0;
    }
}

/* With charts the merge loads the data: it must be what the shards read. */
static void
check_inputs (const shard_file *f, int n, const evs_series_list *all, const factors_set *fs,
              const study_input *in, size_t nin)
{
  evs_error err;
  char h[SHA256_HEX_SIZE];
  shard_data_hash (all, fs, h);
  if (strcmp (h, f[0].m.data_hash) || nin != f[0].m.inputs)
    {
      evs_fail (&err, EVS_EDATA, "the price or factor files changed since the shards were run");
      cli_die (&err);
    }
  for (int i = 0; i < n; i++)
    for (size_t k = 0; k < f[i].nin; k++)
      if (strcmp (in[f[i].in[k].pos].series->ticker, f[i].in[k].ticker))
        {
          evs_fail (&err, EVS_EDATA, "the price files changed since the shards were run");
          cli_die (&err);
        }
}

/* Shards of `run --shard`: the events are the store's event set (read
 * only); charts and calendar-time portfolios would need the store's
 * prices (not done yet). */
static void
load_store_events (const shard_meta *m, const cli *c, evs_timeline *events)
{
  evs_error err;
  char x[512];
  if (study_cli_needs_prices (c))
    cli_usage_error ("--plot, --report, --calendar-time and --benchmark are not supported yet"
                     " on a merge of evstudy run --shard: shard the flag form");
  evs_store *s = cmd_store_open (m->store, STORE_READONLY, CMD_STORE_WAIT_S * 1000);
  if (store_load_events (s, m->event_set, events, &err) != EVS_OK
      || store_read_end (s, &err) != EVS_OK)
    cmd_store_die (&s, &err);
  store_close (&s);
  if (events->n != m->nevents)
    {
      evs_fail (&err, EVS_EDATA, "%s: its event set %" PRId64 " is not the one the shards read",
                q (x, sizeof x, m->store), m->event_set);
      cli_die (&err);
    }
}

int
cmd_merge (int argc, char **argv)
{
  char **opts = evs_xcalloc ((size_t) argc + 1, sizeof *opts);
  char **paths = evs_xcalloc ((size_t) argc + 1, sizeof *paths);
  int nopts, npaths, margc;
  evs_error err;
  char h[SHA256_HEX_SIZE], x[512];
  split (argc, argv, opts, &nopts, paths, &npaths);
  shard_file *f = read_shards (paths, npaths);
  char **margv = merged_argv (&f[0].m, opts, nopts, &margc);
  const char *store = f[0].m.store;
  cli *c = study_cli_parse (margc, margv, store != NULL);
  evs_timeline events;
  if (store)
    load_store_events (&f[0].m, c, &events);
  else
    {
      const char *epath = study_cli_events (c);
      if (events_load (epath, &events, &err) != EVS_OK)
        cli_die (&err);
      if (shard_file_hash (epath, h, &err) != EVS_OK)
        cli_die (&err);
      if (strcmp (h, f[0].m.events_hash) || events.n != f[0].m.nevents)
        {
          evs_fail (&err, EVS_EDATA, "%s changed since the shards were run (its SHA-256 differs)",
                    q (x, sizeof x, epath));
          cli_die (&err);
        }
    }
  /* The pairs, and their text as the output writes it, formatted by the
   * shards: then the merge reads only what its messages need of them. */
  bool texts[STUDY_TEXT_KINDS];
  for (int k = 0; k < STUDY_TEXT_KINDS; k++)
    texts[k] = study_cli_wants_text (c, (enum study_text_kind) k);
  bool light = texts[STUDY_TEXT_CSV_CAR];
  for (int i = 0; i < npaths; i++)
    if (shard_read_pairs (paths[i], &f[i], study_cli_opts (c)->jobs, light, texts, &err) != EVS_OK
        || shard_check_pairs (paths[i], &f[i], study_cli_opts (c), &err) != EVS_OK)
      cli_die (&err);
  evs_series_list all;
  bool *is_market;
  factors_set fs;
  study_input *in;
  size_t nin;
  bool charts = study_cli_needs_prices (c);
  study_cli_load (c, charts, &all, &is_market, &fs, &in, &nin);
  if (charts)
    check_inputs (f, npaths, &all, &fs, in, nin);
  stubs sb;
  make_stubs (&sb, f, npaths, (size_t) f[0].m.inputs);
  evs_study st = { .opts = *study_cli_opts (c), .events = &events };
  study_text *text[STUDY_TEXT_KINDS];
  gather (c, f, npaths, &events, in, nin, &sb, &st, paths[0], text);
  for (int k = 0; k < STUDY_TEXT_KINDS; k++)
    st.text[k] = text[k];
  if (charts)
    study_add_chart_paths (&st.opts, &events, in, nin, &st);
  int status = EXIT_SUCCESS;
  int rc = study_cli_write (c, &events, &st, &status, &err);
  study_release (&st);
  for (int k = 0; k < STUDY_TEXT_KINDS; k++)
    free (text[k]);
  free_stubs (&sb, (size_t) f[0].m.inputs);
  for (int i = 0; i < npaths; i++)
    shard_file_release (&f[i]);
  free (f);
  free (in);
  free (is_market);
  factors_release (&fs);
  series_list_release (&all);
  events_release (&events);
  study_cli_free (c);
  free (margv);
  free (opts);
  free (paths);
  if (rc != EVS_OK)
    cli_die (&err);
  return status;
}
