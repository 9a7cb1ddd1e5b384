/* Claim C4, the parameter pre-check (ic_claim.check): what verify and
 * train refuse of a parameter set before reading a file or doing any work
 * (an even d, c != 0 and e != -c, ...).  The entry points call it first,
 * `run` before anything is written, so both give the same line.  Compare
 * has nothing beyond its spec's ranges here: its even d comes from the
 * inputs' shapes (ic_claim_check_abp_shapes). */
#include <string.h>

#include "exact/cert_report.h"
#include "training/reduced_descent.h"
#include "orthogonal/orthogonal.h"

static int check_list(const ic_param_set *ps, const char *name, long lo, long hi, int even, ic_err *err)
{
    int rc = ic_param_check_ints(ps, name, lo, hi, err);
    long v[IC_PARAM_LIST_MAX];
    size_t n = rc ? 0 : ic_param_ints(ps, name, v, IC_PARAM_LIST_MAX);
    for (size_t i = 0; even && i < n; i++)
        if (v[i] % 2)
            return ic_err_set(err, IC_EINPUT, "--%s: %ld is odd (the orthogonal case pairs coordinates)", name, v[i]);
    return rc;
}

static int check_verify(const ic_param_set *ps, ic_err *err)
{
    int rc = check_list(ps, "d", 2, 64, 1, err);
    if (!rc)
        rc = check_list(ps, "T", 2, 200, 0, err);
    if (!rc)
        rc = check_list(ps, "H", 1, 128, 0, err);
    if (!rc)
        rc = check_list(ps, "ud", 1, 6, 0, err);
    if (!rc)
        rc = check_list(ps, "uT", 2, 12, 0, err);
    if (rc)
        return rc;
    rc = ic_exact_cert_check_options(ps, err);
    if (rc)
        return rc;
    /* c and e are read exactly (rationals), as the exact proofs use them. */
    fmpq_t cq, eq;
    fmpq_init(cq);
    fmpq_init(eq);
    rc = ic_exact_fmpq_set_decimal(cq, ic_param_get(ps, "c"), err);
    if (rc)
        ic_err_prefix(err, "--c");
    if (!rc && (rc = ic_exact_fmpq_set_decimal(eq, ic_param_get(ps, "e"), err)))
        ic_err_prefix(err, "--e");
    fmpq_add(eq, eq, cq);
    if (!rc && (fmpq_is_zero(cq) || fmpq_is_zero(eq)))
        rc = ic_err_set(err, IC_EINPUT, "--c, --e: the family needs c != 0 and e != -c");
    fmpq_clear(cq);
    fmpq_clear(eq);
    return rc;
}

int ortho_check(const char *mode, const ic_param_set *ps, ic_err *err)
{
    if (strcmp(mode, "verify") == 0)
        return check_verify(ps, err);
    if (strcmp(mode, "train") == 0)
        return ic_reduced_check_params(ps, 1, err);
    return IC_OK;
}
