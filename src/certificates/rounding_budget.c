/* ic_budget: rounding budgets of identity checks, noted and reported (see rounding_budget.h). */
#include "certificates/rounding_budget.h"

#include <stdlib.h>

int ic_budget_init(ic_budget_budget *b, long prec, size_t nchecks, ic_err *err)
{
    b->worst = ic_calloc(nchecks, sizeof *b->worst);
    if (!b->worst)
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    b->n = nchecks;
    mpfr_init2(b->eps, 64);
    mpfr_set_ui_2exp(b->eps, 1, 40 - prec, MPFR_RNDU);
    return IC_OK;
}

void ic_budget_clear(ic_budget_budget *b)
{
    if (b->worst)
        mpfr_clear(b->eps);
    free(b->worst);
    b->worst = NULL;
    b->n = 0;
}

void ic_budget_bound(mpfr_ptr r, const ic_budget_budget *b, mpfr_srcptr scale)
{
    mpfr_abs(r, scale, MPFR_RNDU);
    if (mpfr_cmp_ui(r, 1) < 0)
        mpfr_set_ui(r, 1, MPFR_RNDN);
    mpfr_mul(r, r, b->eps, MPFR_RNDU);
}

int ic_budget_note(ic_budget_budget *b, size_t k, mpfr_srcptr err, mpfr_srcptr scale)
{
    mpfr_t q, e;
    mpfr_inits2(64, q, e, (mpfr_ptr)0);
    ic_budget_bound(q, b, scale);
    mpfr_abs(e, err, MPFR_RNDU);
    mpfr_div(q, e, q, MPFR_RNDU);
    double r = mpfr_nan_p(q) ? 1e300 : mpfr_get_d(q, MPFR_RNDU);
    if (k < b->n && r > b->worst[k])
        b->worst[k] = r;
    mpfr_clears(q, e, (mpfr_ptr)0);
    return r <= 1;
}

int ic_budget_note_diff(ic_budget_budget *b, size_t k, mpfr_srcptr a, mpfr_srcptr c, mpfr_srcptr scale)
{
    mpfr_t d;
    mpfr_init2(d, (mpfr_get_prec(a) > mpfr_get_prec(c) ? mpfr_get_prec(a) : mpfr_get_prec(c)) + 8);
    mpfr_sub(d, a, c, MPFR_RNDN);
    int ok = ic_budget_note(b, k, d, scale);
    mpfr_clear(d);
    return ok;
}

int ic_budget_report(const ic_budget_budget *b, size_t k, ic_cert *cert, const char *name, const char *what)
{
    return ic_cert_check_d(cert, name, what, k < b->n ? b->worst[k] : 1e300, "<=", 1.0);
}
