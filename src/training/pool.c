/* ic_pool: worker threads running numbered tasks (see src/training/pool.h). */
#include "training/pool.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

struct ic_pool {
    size_t threads;
    pthread_t *tid;
    pthread_mutex_t mu;
    pthread_cond_t go, done;
    unsigned long generation;  /* bumped for every ic_pool_run */
    int quit;
    ic_pool_fn fn;
    void *ctx;
    size_t ntasks, next, busy;  /* tasks handed out, workers inside this generation */
};

typedef struct {
    ic_pool *p;
    size_t id;
} worker_arg;

/* Claims and runs tasks until none is left (called with the mutex held,
 * returns with it held). */
static void drain(ic_pool *p, size_t worker)
{
    while (p->next < p->ntasks) {
        size_t task = p->next++;
        ic_pool_fn fn = p->fn;
        void *ctx = p->ctx;
        pthread_mutex_unlock(&p->mu);
        fn(ctx, task, worker);
        pthread_mutex_lock(&p->mu);
    }
}

static void *worker_main(void *arg)
{
    worker_arg *wa = arg;
    ic_pool *p = wa->p;
    size_t id = wa->id;
    free(wa);
    unsigned long seen = 0;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->quit && p->generation == seen)
            pthread_cond_wait(&p->go, &p->mu);
        if (p->quit)
            break;
        seen = p->generation;
        p->busy++;
        drain(p, id);
        if (--p->busy == 0)
            pthread_cond_broadcast(&p->done);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

ic_pool *ic_pool_new(size_t threads, ic_err *err)
{
    if (threads < 1)
        threads = 1;
    ic_pool *p = calloc(1, sizeof *p);
    if (!p || !(p->tid = calloc(threads, sizeof *p->tid))) {
        free(p);
        ic_err_set(err, IC_EINTERNAL, "out of memory");
        return NULL;
    }
    p->threads = 1;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->go, NULL);
    pthread_cond_init(&p->done, NULL);
    for (size_t i = 1; i < threads; i++) {
        worker_arg *wa = malloc(sizeof *wa);
        if (!wa || (wa->p = p, wa->id = i, pthread_create(&p->tid[i], NULL, worker_main, wa)) != 0) {
            free(wa);
            ic_pool_free(p);
            ic_err_set(err, IC_EINTERNAL, "cannot start worker thread %zu of %zu", i + 1, threads);
            return NULL;
        }
        p->threads++;
    }
    return p;
}

size_t ic_pool_threads(const ic_pool *p)
{
    return p->threads;
}

void ic_pool_run(ic_pool *p, size_t ntasks, ic_pool_fn fn, void *ctx)
{
    pthread_mutex_lock(&p->mu);
    p->fn = fn;
    p->ctx = ctx;
    p->ntasks = ntasks;
    p->next = 0;
    p->generation++;
    pthread_cond_broadcast(&p->go);
    p->busy++;
    drain(p, 0);
    p->busy--;
    /* Every task is claimed; wait for the helpers still running one. */
    while (p->busy > 0)
        pthread_cond_wait(&p->done, &p->mu);
    pthread_mutex_unlock(&p->mu);
}

void ic_pool_free(ic_pool *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    p->quit = 1;
    pthread_cond_broadcast(&p->go);
    pthread_mutex_unlock(&p->mu);
    for (size_t i = 1; i < p->threads; i++)
        pthread_join(p->tid[i], NULL);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->go);
    pthread_cond_destroy(&p->done);
    free(p->tid);
    free(p);
}

size_t ic_pool_online_cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : (size_t)n;
}
