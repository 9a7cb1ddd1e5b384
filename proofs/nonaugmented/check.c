/* Claim C6, the parameter pre-check (ic_claim.check): what compare and
 * train refuse of a parameter set before reading a file or doing any work
 * (ranges, an even d for rotation and unitary data).  The entry points
 * call it first, `run` before anything is written, so both give the same
 * line.  Compare's d comes from the weights' shapes (compare.c). */
#include <string.h>

#include "nonaugmented/nonaugmented.h"

int na_data_check(int kind, size_t d, ic_err *err)
{
    if (kind != NA_DATA_HAAR && d % 2)
        return ic_err_set(err, IC_EINPUT, "--d: data '%s' needs an even d, got %zu",
                          kind == NA_DATA_ROTATIONS ? "rotations" : "unitary", d);
    return IC_OK;
}

static int check_compare(const ic_param_set *ps, ic_err *err)
{
    long seed = ic_param_int(ps, "seed"), nte = ic_param_int(ps, "test-size");
    if (seed < 0 || nte < 2 || nte > (1L << 20))
        return ic_err_set(err, IC_EINPUT, "--seed must be >= 0 and --test-size in 2..%ld", 1L << 20);
    return IC_OK;
}

static int check_train(const ic_param_set *p, ic_err *err)
{
    struct { const char *name; long lo, hi; } r[] = {
        { "d", 1, 64 }, { "heads", 1, 1024 }, { "n", 1, 1000 }, { "epochs", 0, 1000000 },
        { "batch", 1, 1L << 22 }, { "train-size", 1, 1L << 22 }, { "test-size", 1, 1L << 20 },
        { "eval-every", 1, 1000000 }, { "seed", 0, 1L << 40 }, { "threads", 0, 256 },
        { "checkpoint-every", 0, 1000000 },
    };
    for (size_t i = 0; i < sizeof r / sizeof r[0]; i++) {
        long v = ic_param_int(p, r[i].name);
        if (v < r[i].lo || v > r[i].hi)
            return ic_err_set(err, IC_EINPUT, "--%s: %ld is outside %ld..%ld", r[i].name, v,
                              r[i].lo, r[i].hi);
    }
    double lr = ic_param_real(p, "lr");
    if (!(lr > 0 && lr < 10))
        return ic_err_set(err, IC_EINPUT, "--lr: %g is outside (0, 10)", lr);
    return na_data_check(na_data_kind(ic_param_get(p, "data")), (size_t)ic_param_int(p, "d"), err);
}

int na_check(const char *mode, const ic_param_set *ps, ic_err *err)
{
    if (strcmp(mode, "compare") == 0)
        return check_compare(ps, err);
    if (strcmp(mode, "train") == 0)
        return check_train(ps, err);
    return IC_OK;
}
