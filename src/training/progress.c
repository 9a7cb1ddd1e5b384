/* ic_progress: the process-wide progress hook (src/training/progress.h). */
#include "training/progress.h"

#include <stddef.h>

static ic_progress_fn hook;
static void *hook_ctx;

void ic_progress_set(ic_progress_fn fn, void *ctx)
{
    hook = fn;
    hook_ctx = ctx;
}

void ic_progress_report(double done, double total)
{
    if (hook)
        hook(hook_ctx, done, total);
}
