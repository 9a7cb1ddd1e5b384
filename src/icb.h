/* icb: rounding budgets of identity checks.
 *
 * A verify mode checks identities (formula = expectation, SOS form, zero
 * gradient) at many points in MPFR.  Each check k keeps its worst ratio
 * err / (eps * max(1, |scale|)), eps = 2^(40 - prec): a generous bound on
 * the rounding of the few hundred operations behind one value, relative
 * to the magnitude of the terms.  A check passes when its worst ratio is
 * at most 1; the certificate records the ratio. */
#ifndef ICB_H
#define ICB_H

#include <mpfr.h>
#include <stddef.h>

#include "icc.h"

typedef struct {
    mpfr_t eps;
    double *worst;  /* n entries, 0 until noted */
    size_t n;
} icb_budget;

int icb_init(icb_budget *b, long prec, size_t nchecks, ic_err *err);
void icb_clear(icb_budget *b);

/* Records |err| / (eps max(1, |scale|)) into check k; 1 when within budget. */
int icb_note(icb_budget *b, size_t k, mpfr_srcptr err, mpfr_srcptr scale);
/* The same for err = a - c. */
int icb_note_diff(icb_budget *b, size_t k, mpfr_srcptr a, mpfr_srcptr c, mpfr_srcptr scale);
/* eps * max(1, |scale|), rounded up: the budget itself. */
void icb_bound(mpfr_ptr r, const icb_budget *b, mpfr_srcptr scale);
/* Adds check k to the certificate: worst ratio <= 1. */
int icb_report(const icb_budget *b, size_t k, icc_cert *cert, const char *name, const char *what);

#endif
