/* pool.h -- a parallel loop on a few POSIX threads.
 *
 * pool_for runs FN (CTX, item, worker) for every item 0..N-1 on up to
 * JOBS threads (the caller's thread is one of them).  Items are handed
 * out in ascending order by an atomic counter, so which worker runs an
 * item varies from run to run: FN must write only to the item's own
 * slots and to the worker's own workspace (WORKER is 0..JOBS-1), so that
 * the results never depend on JOBS.  Reductions over items are done by
 * the caller afterwards, in item order.
 */
#ifndef EVS_POOL_H
#define EVS_POOL_H

#include <stddef.h>

/* The most worker threads evstudy starts (--jobs is capped here). */
#define POOL_MAX_JOBS 256

typedef void pool_fn (void *ctx, size_t item, unsigned worker);

/* Runs the loop; returns when every item is done.  JOBS 0 or 1, or a
 * single item, runs inline.  If a thread cannot be started, the threads
 * that did start (at least the caller's) do all the work. */
void pool_for (size_t n, unsigned jobs, pool_fn *fn, void *ctx);

/* The number of online processors (at least 1, at most POOL_MAX_JOBS):
 * the default of --jobs. */
unsigned pool_default_jobs (void);

/* JOBS capped by the items there are: the workspaces a loop needs. */
unsigned pool_workers (size_t n, unsigned jobs);

#endif
