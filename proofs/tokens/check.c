/* Claim C7, the parameter pre-check (ic_claim.check): what compare refuses
 * of a parameter set before reading a file or doing any work.  compare
 * calls it first, `run` before anything is written, so both give the same
 * line.  The sequences' size comes from the files (compare.c). */
#include <string.h>

#include "tokens/tokens.h"

static int check_compare(const ic_param_set *ps, ic_err *err)
{
    long T = ic_param_int(ps, "seq-len"), maxs = ic_param_int(ps, "max-seq"), bins = ic_param_int(ps, "bins");
    double rcond = ic_param_real(ps, "rcond"), floor_ = ic_param_real(ps, "exact-floor"), alpha = ic_param_real(ps, "alpha");
    if (T < 2 || T > 256)
        return ic_err_set(err, IC_EINPUT, "--seq-len: %ld is outside 2..256", T);
    if (maxs < 2 || bins < 1 || bins > 1000 || !(rcond >= 0 && rcond < 1) || !(floor_ > 0)
        || !(alpha > 0 && alpha < 1))
        return ic_err_set(err, IC_EINPUT,
                          "bad option: need --max-seq >= 2, --bins in 1..1000, 0 <= --rcond < 1, "
                          "--exact-floor > 0, 0 < --alpha < 1");
    return IC_OK;
}

int tokens_check(const char *mode, const ic_param_set *ps, ic_err *err)
{
    return strcmp(mode, "compare") == 0 ? check_compare(ps, err) : IC_OK;
}
