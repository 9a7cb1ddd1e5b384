/* Claims C2 + C3, the parameter pre-check (ic_claim.check): what verify,
 * compare and train refuse of a parameter set before reading a file or
 * doing any work.  The entry points call it first, `run` before anything
 * is written, so both give the same line. */
#include <string.h>

#include "exact/cert_report.h"
#include "training/reduced_descent.h"
#include "unitary/unitary.h"

static int check_verify(const ic_param_set *ps, ic_err *err)
{
    int rc = ic_param_check_ints(ps, "d", 1, 64, err);
    if (!rc)
        rc = ic_param_check_ints(ps, "H", 1, 128, err);
    if (!rc)
        rc = ic_param_check_ints(ps, "T", 2, 200, err);
    if (rc)
        return rc;
    rc = ic_exact_cert_check_options(ps, err);
    if (rc)
        return rc;
    /* c is read exactly (a rational), as the exact proofs use it. */
    fmpq_t cq;
    fmpq_init(cq);
    rc = ic_exact_fmpq_set_decimal(cq, ic_param_get(ps, "c"), err);
    if (rc)
        ic_err_prefix(err, "--c");
    else if (fmpq_is_zero(cq))
        rc = ic_err_set(err, IC_EINPUT, "--c: must be nonzero");
    fmpq_clear(cq);
    return rc;
}

static int check_compare(const ic_param_set *ps, ic_err *err)
{
    /* tol-gap falls back on tol (compare.c) */
    double gap = ic_param_real(ps, ic_param_given(ps, "tol-gap") ? "tol-gap" : "tol");
    if (!(gap >= 0) || !(ic_param_real(ps, "tol-grad") >= 0) || !(ic_param_real(ps, "tol-hess") >= 0) ||
        ic_param_int(ps, "hessian-max") < 0)
        return ic_err_set(err, IC_EINPUT, "--tol-gap, --tol-grad, --tol-hess and --hessian-max must be >= 0");
    return IC_OK;
}

int unitary_check(const char *mode, const ic_param_set *ps, ic_err *err)
{
    if (strcmp(mode, "verify") == 0)
        return check_verify(ps, err);
    if (strcmp(mode, "compare") == 0)
        return check_compare(ps, err);
    if (strcmp(mode, "train") == 0)
        return ic_reduced_check_params(ps, 0, err);
    return IC_OK;
}
