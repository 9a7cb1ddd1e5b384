/* The progress hook (src/training/progress.h): nothing happens without a
 * hook; with one, the reduced trainer reports its steps in order up to the
 * total; removing it stops the reports. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "training/progress.h"
#include "training/reduced_descent.h"
#include "tap.h"

typedef struct {
    int calls, ordered;
    double last, total;
} seen;

static void record(void *ctx, double done, double total)
{
    seen *s = ctx;
    if (s->calls && (done < s->last || total != s->total))
        s->ordered = 0;
    s->calls++;
    s->last = done;
    s->total = total;
}

static void train(long steps)
{
    size_t d = 2, H = 2, T = 3;
    ic_reduced_opts o = { .m = { IC_REDUCED_UNITARY, d, H, T }, .steps = steps, .lr = 0.01, .init_scale = 0.1,
                          .seed = 1, .log_every = steps };
    double A[4], B[4], P[9], scr[17];
    ic_reduced_work w;
    ic_reduced_work_init(&w, d);
    ic_reduced_init(&o, A, B, P);
    ic_reduced_run(&o, A, B, P, NULL, NULL, &w, scr);
    ic_reduced_work_clear(&w);
}

int main(void)
{
    ic_progress_report(1, 2);
    ok(1, "a report without a hook does nothing (and does not crash)");
    seen s = { 0, 1, 0, 0 };
    ic_progress_set(record, &s);
    train(5000);
    /* every 1024 steps from 0, then the end: 0, 1024, ..., 4096, 5000 */
    ok(s.calls == 6 && s.ordered && s.last == 5000 && s.total == 5000,
       "the reduced trainer reports 6 times in order, ending at 5000 of 5000 (%d calls, last %g of %g)", s.calls,
       s.last, s.total);
    ic_progress_set(NULL, NULL);
    int before = s.calls;
    train(100);
    ok(s.calls == before, "after ic_progress_set(NULL) nothing is reported");
    return done_testing();
}
