/* ic_testpoint: reproducible random test points and exact derivatives.
 *
 * Random points are dyadic rationals n / 2^(k+8) (|n| <= 2^10, 0 <= k <= 6,
 * so |x| <= 4) drawn
 * from GMP's Mersenne Twister with a fixed seed: exact in MPFR, the same on
 * every machine, so identities checked at them are checked exactly up to
 * the rounding of the arithmetic that follows. */
#ifndef IC_NUMBERS_TEST_POINTS_H
#define IC_NUMBERS_TEST_POINTS_H

#include <gmp.h>
#include <mpfr.h>

#include "numbers/matrix.h"

typedef struct {
    gmp_randstate_t st;
} ic_testpoint_state;

void ic_testpoint_init(ic_testpoint_state *s, unsigned long seed);
void ic_testpoint_clear(ic_testpoint_state *s);
/* Uniform integer in [lo, hi]. */
long ic_testpoint_int(ic_testpoint_state *s, long lo, long hi);
/* A random dyadic rational, nonzero when nonzero is set. */
void ic_testpoint_dyadic(mpfr_ptr x, ic_testpoint_state *s, int nonzero);
void ic_testpoint_dyadic_mat(ic_mat *m, ic_testpoint_state *s);

/* f'(x) by the five-point stencil with step h:
 *   [f(x-2h) - 8 f(x-h) + 8 f(x+h) - f(x+2h)] / (12 h),
 * which is exact for polynomials of degree <= 4 in x; the losses checked
 * here are such polynomials in each single parameter, so the only error is
 * the rounding of the evaluations.  x is perturbed in place and restored. */
typedef int (*ic_testpoint_fn)(mpfr_ptr out, void *ctx);
int ic_testpoint_deriv5(mpfr_ptr out, mpfr_ptr x, long h_exp2, ic_testpoint_fn f, void *ctx);

#endif
