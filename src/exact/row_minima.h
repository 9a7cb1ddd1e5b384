/* ic_rowmin: the minimal losses of the non-augmented unitary and orthogonal models, (T-1)(d-H) and
 * (T-1)(d-2H), evaluated exactly for all d, H, T at the families that attain them.
 *
 * Each function evaluates a row's exact loss (THEORY.md C2: L_U, C4: L_O) at the family of parameters
 * that attains the minimum, as a rational function of d, H and the scale c: the aggregate quantities of
 * C (||C||_F^2, ||C 1||^2, tr C, and for L_O t1..t4) are sums over the H solved coordinates (resp.
 * pairs) of each one's contribution, computed from its block and summed in closed form (Faulhaber); the
 * row value is then summed over the rows t = 0..T-2.  The results are (T-1)(d-H) and (T-1)(d-2H) as
 * polynomials in d, H, T (c cancels), which proves for all parameters that the minimum is attained
 * (the upper half of the statement).  The lower bounds (each row costs at least d - H, resp. d - 2H)
 * are proved on paper (doc/c2-unitary.md, doc/c4-orthogonal.md).  Use with ic_cf_refute
 * (exact/closed_form.h) on ic_rowmin_*_domain to check or refute a claimed closed form.
 * Families: unitary C = c diag(1_H, 0_{d-H}), in every row p_{-1} = 1/c and the other used entries 0;
 * orthogonal C = c blockdiag([[1,1],[1,1]] on H pairs, 0 on the rest), p_{-1} = 1/c, p_{-2} = -1/(2c). */
#ifndef IC_EXACT_ROW_MINIMA_H
#define IC_EXACT_ROW_MINIMA_H

#include "exact/closed_form.h"

/* The loss of one row (rational in d, H, c) and the total over T - 1
 * rows (in d, H, T); either may be NULL. */
int ic_rowmin_unitary(ic_ratfun *row, ic_ratfun *total, const fmpq_mpoly_ctx_t ctx, ic_err *err);
int ic_rowmin_orthogonal(ic_ratfun *row, ic_ratfun *total, const fmpq_mpoly_ctx_t ctx, ic_err *err);

/* Their domains: unitary 1 <= H < d, T >= 1 ("all d > H >= 1, T >= 1");
 * orthogonal d even, 1 <= H <= d/2, T >= 1.  (T = 1 has no row: the sum is
 * empty and both forms give 0.) */
void ic_rowmin_unitary_domain(ic_cf_domain *dom);
void ic_rowmin_orthogonal_domain(ic_cf_domain *dom);

#endif
