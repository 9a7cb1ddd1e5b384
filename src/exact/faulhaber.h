/* ic_faulhaber: closed-form sums of polynomials over integer ranges with polynomial bounds (Faulhaber).
 *
 * sum_{x=1}^{n} x^k = F_k(n) = (1/(k+1)) sum_{j=0}^{k} binom(k+1, j) B_j^+ n^{k+1-j}, with the Bernoulli
 * numbers B_j^+ (B_1^+ = +1/2) from FLINT's arith_bernoulli_number.  F_k is a polynomial, and
 * F_k(hi) - F_k(lo - 1) = sum_{x=lo}^{hi} x^k for all integers with hi >= lo - 1 (the empty sum is 0),
 * so a sum over a range whose bounds are polynomials in other parameters is again a polynomial in them.
 * Reference: R. L. Graham, D. E. Knuth, O. Patashnik, Concrete Mathematics, 2nd ed., section 6.5;
 * doc/proofs.md. */
#ifndef IC_EXACT_FAULHABER_H
#define IC_EXACT_FAULHABER_H

#include <flint/fmpq_mpoly.h>
#include <flint/fmpq_poly.h>

#include "base/error.h"

/* F = F_k, as a polynomial in n. */
void ic_faulhaber_poly(fmpq_poly_t F, unsigned long k);

/* out = sum_{x = lo}^{hi} f, x the variable var of ctx; lo and hi must not
 * contain var (IC_EINPUT otherwise).  The result equals the sum for every
 * value of the other variables with hi >= lo - 1; the caller states that
 * range.  out may alias f. */
int ic_faulhaber_sum(fmpq_mpoly_t out, const fmpq_mpoly_t f, int var, const fmpq_mpoly_t lo,
                     const fmpq_mpoly_t hi, const fmpq_mpoly_ctx_t ctx, ic_err *err);

/* The same with lo = 1 and hi the variable upto (sum_{var=1}^{upto} f). */
int ic_faulhaber_sum_to(fmpq_mpoly_t out, const fmpq_mpoly_t f, int var, int upto, const fmpq_mpoly_ctx_t ctx,
                        ic_err *err);

#endif
