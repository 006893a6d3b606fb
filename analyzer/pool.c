/* pool.c -- a parallel loop on a few POSIX threads (see pool.h). */
#include <config.h>
#include "pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

typedef struct pool_run {
  pool_fn *fn;
  void *ctx;
  size_t n;
  atomic_size_t next;       /* the next item to hand out */
} pool_run;

typedef struct pool_worker {
  pool_run *run;
  unsigned id;
} pool_worker;

static void *
work (void *arg)
{
  pool_worker *w = arg;
  pool_run *r = w->run;
  for (size_t i; (i = atomic_fetch_add (&r->next, 1)) < r->n;)
    r->fn (r->ctx, i, w->id);
  return NULL;
}

unsigned
pool_workers (size_t n, unsigned jobs)
{
  if (jobs > POOL_MAX_JOBS)
    jobs = POOL_MAX_JOBS;
  if (jobs > n)
    jobs = (unsigned) n;
  return jobs ? jobs : 1;
}

void
pool_for (size_t n, unsigned jobs, pool_fn *fn, void *ctx)
{
  jobs = pool_workers (n, jobs);
  if (jobs == 1)
    {
      for (size_t i = 0; i < n; i++)
        fn (ctx, i, 0);
      return;
    }
  pool_run r = { fn, ctx, n, 0 };
  pthread_t th[POOL_MAX_JOBS];
  pool_worker w[POOL_MAX_JOBS];
  unsigned started = 0;
  for (unsigned j = 1; j < jobs; j++)
    {
      w[j] = (pool_worker) { &r, j };
      if (pthread_create (&th[j], NULL, work, &w[j]) != 0)
        break;
      started = j;
    }
  w[0] = (pool_worker) { &r, 0 };
  work (&w[0]);
  for (unsigned j = 1; j <= started; j++)
    pthread_join (th[j], NULL);
}

unsigned
pool_default_jobs (void)
{
  long n = sysconf (_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > POOL_MAX_JOBS ? POOL_MAX_JOBS : (unsigned) n;
}
