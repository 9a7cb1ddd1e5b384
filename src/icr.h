/* icr: reproducible random test points and exact derivatives.
 *
 * Random points are dyadic rationals n / 2^k (|n| <= 2^10, k <= 6) drawn
 * from GMP's Mersenne Twister with a fixed seed: exact in MPFR, the same on
 * every machine, so identities checked at them are checked exactly up to
 * the rounding of the arithmetic that follows. */
#ifndef ICR_H
#define ICR_H

#include <gmp.h>
#include <mpfr.h>

#include "icm.h"

typedef struct {
    gmp_randstate_t st;
} icr_state;

void icr_init(icr_state *s, unsigned long seed);
void icr_clear(icr_state *s);
/* Uniform integer in [lo, hi]. */
long icr_int(icr_state *s, long lo, long hi);
/* A random dyadic rational, nonzero when nonzero is set. */
void icr_dyadic(mpfr_ptr x, icr_state *s, int nonzero);
void icr_dyadic_mat(icm_mat *m, icr_state *s);

/* f'(x) by the five-point stencil with step h:
 *   [f(x-2h) - 8 f(x-h) + 8 f(x+h) - f(x+2h)] / (12 h),
 * which is exact for polynomials of degree <= 4 in x; the losses checked
 * here are such polynomials in each single parameter, so the only error is
 * the rounding of the evaluations.  x is perturbed in place and restored. */
typedef int (*icr_fn)(mpfr_ptr out, void *ctx);
int icr_deriv5(mpfr_ptr out, mpfr_ptr x, long h_exp2, icr_fn f, void *ctx);

#endif
