/* Claim C5, the parameter pre-check (ic_claim.check): what verify, compare
 * and train refuse of a parameter set before reading a file or doing any
 * work (list ranges, one expected index per (T, mu) pair, lr within
 * (0, (T-1)/T] for every T).  The entry points call it first, `run` before
 * anything is written, so both give the same line. */
#include <string.h>

#include "pe/pe.h"

/* lr against every T of the list, as pe_path_run decides it: lr read at
 * the working precision. */
static int check_lr(const ic_param_set *ps, const long *Ts, size_t nT, ic_err *err)
{
    mpfr_prec_t prec = ic_param_int(ps, "prec");
    mpfr_t lr;
    mpfr_init2(lr, prec);
    int rc = pe_parse_real(lr, ps, "lr", err);
    for (size_t i = 0; i < nT && !rc; i++)
        rc = pe_path_check_lr((size_t)Ts[i], lr, prec, err);
    mpfr_clear(lr);
    return rc;
}

static int check_verify(const ic_param_set *ps, ic_err *err)
{
    long mus[64], Ts[64], ks[256];
    size_t nmu = ic_param_ints(ps, "mu", mus, 64), nT = ic_param_ints(ps, "T", Ts, 64);
    for (size_t i = 0; i < nmu; i++)
        if (mus[i] < 1 || mus[i] > 100000)
            return ic_err_set(err, IC_EINPUT, "--mu: %ld is outside 1..100000", mus[i]);
    for (size_t i = 0; i < nT; i++)
        if (Ts[i] < 3 || Ts[i] > PE_T_MAX)
            return ic_err_set(err, IC_EINPUT, "--T: %ld is outside 3..%d", Ts[i], PE_T_MAX);
    if (ic_param_given(ps, "k")) {
        size_t nk = ic_param_ints(ps, "k", ks, 256);
        if (nk != nmu * nT)
            return ic_err_set(err, IC_EINPUT, "--k: %zu values given for %zu (T, mu) pairs", nk, nmu * nT);
    }
    return check_lr(ps, Ts, nT, err);
}

static int check_compare(const ic_param_set *ps, ic_err *err)
{
    long T = ic_param_int(ps, "T"), batch = ic_param_int(ps, "batch");
    if (T < 3 || T > PE_T_MAX)
        return ic_err_set(err, IC_EINPUT, "--T: %ld is outside 3..%d", T, PE_T_MAX);
    if (batch < 1 || batch > 10000000L)
        return ic_err_set(err, IC_EINPUT, "--batch: %ld is outside 1..1e7", batch);
    mpfr_t mu;
    mpfr_init2(mu, ic_param_int(ps, "prec"));
    int rc = pe_parse_real(mu, ps, "mu", err);
    if (!rc && mpfr_sgn(mu) <= 0)
        rc = ic_err_set(err, IC_EINPUT, "--mu: must be positive");
    mpfr_clear(mu);
    return rc ? rc : check_lr(ps, &T, 1, err);
}

static int check_train(const ic_param_set *ps, ic_err *err)
{
    double mu = ic_param_real(ps, "mu"), lr = ic_param_real(ps, "lr"), stop = ic_param_real(ps, "stop-loss");
    long T = ic_param_int(ps, "T"), batch = ic_param_int(ps, "batch");
    if (!(mu > 0))
        return ic_err_set(err, IC_EINPUT, "--mu: must be positive");
    if (T < 2 || T > PE_T_MAX)
        return ic_err_set(err, IC_EINPUT, "--T: %ld is outside 2..%d", T, PE_T_MAX);
    if (batch < 1 || batch > 100000000L)
        return ic_err_set(err, IC_EINPUT, "--batch: %ld is outside 1..1e8", batch);
    if (!(lr > 0) || !(stop > 0))
        return ic_err_set(err, IC_EINPUT, "--lr and --stop-loss must be positive");
    if (ic_param_int(ps, "checkpoint-every") < 0)
        return ic_err_set(err, IC_EINPUT, "--checkpoint-every: must be >= 0");
    return IC_OK;
}

int pe_check(const char *mode, const ic_param_set *ps, ic_err *err)
{
    if (strcmp(mode, "verify") == 0)
        return check_verify(ps, err);
    if (strcmp(mode, "compare") == 0)
        return check_compare(ps, err);
    if (strcmp(mode, "train") == 0)
        return check_train(ps, err);
    return IC_OK;
}
