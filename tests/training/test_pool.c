/* ic_pool: every task runs exactly once, on a worker id below the thread
 * count, over many consecutive runs; partial sums reduced in task order
 * give the same bits for any thread count. */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "training/pool.h"

typedef struct {
    size_t threads;
    int *runs;        /* per task: how often it ran */
    size_t *who;      /* per task: the worker that ran it */
    double *part;     /* per task: a partial sum */
    int bad_worker;
} job;

static void task(void *ctx, size_t t, size_t w)
{
    job *j = ctx;
    j->runs[t]++;
    j->who[t] = w;
    if (w >= j->threads)
        j->bad_worker = 1;
    /* A sum whose rounding depends on its order: 1/k for k in the task's range. */
    double s = 0;
    for (size_t k = t * 1000 + 1; k <= (t + 1) * 1000; k++)
        s += 1.0 / (double)k;
    j->part[t] = s;
}

int main(void)
{
    ic_err e;
    double ref = 0;
    for (size_t th = 1; th <= 4; th++) {
        ic_pool *p = ic_pool_new(th, &e);
        ok(p && ic_pool_threads(p) == th, "pool of %zu thread(s) started", th);
        if (!p)
            continue;
        size_t n = 37;
        job j = { th, calloc(n, sizeof(int)), calloc(n, sizeof(size_t)), calloc(n, sizeof(double)), 0 };
        int once = 1;
        for (int rep = 0; rep < 200; rep++) {
            memset(j.runs, 0, n * sizeof(int));
            ic_pool_run(p, rep % 2 ? n : 5, task, &j);
            for (size_t t = 0; t < (rep % 2 ? n : 5); t++)
                once &= j.runs[t] == 1;
            for (size_t t = (rep % 2 ? n : 5); t < n; t++)
                once &= j.runs[t] == 0;
        }
        ok(once, "%zu thread(s): 200 runs of 5 or 37 tasks, every task exactly once per run", th);
        ok(!j.bad_worker, "%zu thread(s): worker ids below the thread count", th);
        memset(j.runs, 0, n * sizeof(int));
        ic_pool_run(p, 0, task, &j);
        int none = 1;
        for (size_t t = 0; t < n; t++)
            none &= j.runs[t] == 0;
        ok(none, "%zu thread(s): a run of no task runs nothing", th);
        ic_pool_run(p, n, task, &j);
        double sum = 0;
        for (size_t t = 0; t < n; t++)
            sum += j.part[t];
        if (th == 1)
            ref = sum;
        ok(sum == ref, "%zu thread(s): partial sums added in task order give the same bits (%.17g)", th, sum);
        free(j.runs);
        free(j.who);
        free(j.part);
        ic_pool_free(p);
    }
    ok(ic_pool_online_cpus() >= 1, "online processors: %zu", ic_pool_online_cpus());
    ic_pool *p = ic_pool_new(0, &e);
    ok(p && ic_pool_threads(p) == 1, "0 threads asked: 1 (the caller)");
    ic_pool_free(p);
    ic_pool_free(NULL);
    return done_testing();
}
