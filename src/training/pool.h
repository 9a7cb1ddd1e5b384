/* ic_pool: a fixed set of worker threads that run numbered tasks.
 *
 * The trainers split each mini-batch into a fixed partition of tasks (a
 * partition that depends on the batch only, never on the thread count) and
 * sum the tasks' partial results in task order afterwards, so their results
 * are bit-identical for any number of threads.  Which thread runs which
 * task is left to the pool (tasks are claimed in order by whoever is free,
 * which balances a loaded machine); each task gets the id of the worker
 * running it, for per-worker scratch space.  The calling thread is worker 0. */
#ifndef IC_TRAINING_POOL_H
#define IC_TRAINING_POOL_H

#include <stddef.h>

#include "base/error.h"

typedef struct ic_pool ic_pool;

/* fn(ctx, task, worker) for task in 0..ntasks-1, worker in 0..threads-1. */
typedef void (*ic_pool_fn)(void *ctx, size_t task, size_t worker);

/* threads >= 1 (threads - 1 helper threads are started); NULL with err set
 * when a thread cannot be created. */
ic_pool *ic_pool_new(size_t threads, ic_err *err);
size_t ic_pool_threads(const ic_pool *p);
/* Runs all tasks and returns when every one has finished. */
void ic_pool_run(ic_pool *p, size_t ntasks, ic_pool_fn fn, void *ctx);
void ic_pool_free(ic_pool *p);

/* The number of online processors (at least 1), for "--threads 0". */
size_t ic_pool_online_cpus(void);

#endif
