/* ic_budget: rounding budgets of identity checks.
 *
 * A verify mode checks identities (formula = expectation, SOS form, zero
 * gradient) at many points in MPFR.  Each check k keeps its worst ratio
 * err / (eps * max(1, |scale|)), eps = 2^(40 - prec): a generous bound on
 * the rounding of the few hundred operations behind one value, relative
 * to the magnitude of the terms.  A check passes when its worst ratio is
 * at most 1; the certificate records the ratio. */
#ifndef IC_CERTIFICATES_ROUNDING_BUDGET_H
#define IC_CERTIFICATES_ROUNDING_BUDGET_H

#include <mpfr.h>
#include <stddef.h>

#include "certificates/certificate.h"

typedef struct {
    mpfr_t eps;
    double *worst;  /* n entries, 0 until noted */
    size_t n;
} ic_budget_budget;

int ic_budget_init(ic_budget_budget *b, long prec, size_t nchecks, ic_err *err);
void ic_budget_clear(ic_budget_budget *b);

/* Records |err| / (eps max(1, |scale|)) into check k; 1 when within budget. */
int ic_budget_note(ic_budget_budget *b, size_t k, mpfr_srcptr err, mpfr_srcptr scale);
/* The same for err = a - c. */
int ic_budget_note_diff(ic_budget_budget *b, size_t k, mpfr_srcptr a, mpfr_srcptr c, mpfr_srcptr scale);
/* eps * max(1, |scale|), rounded up: the budget itself. */
void ic_budget_bound(mpfr_ptr r, const ic_budget_budget *b, mpfr_srcptr scale);
/* Adds check k to the certificate: worst ratio <= 1. */
int ic_budget_report(const ic_budget_budget *b, size_t k, ic_cert *cert, const char *name, const char *what);

#endif
