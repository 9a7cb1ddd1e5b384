/* ic_quad: exact expectations over random angles.
 *
 * The models' predictions are Laurent polynomials f = sum_m c_m z^m in
 * z_v = exp(i theta_v) with real coefficients c_m and integer exponent
 * vectors m.  With the theta_v independent, E|f|^2 = sum_{m,m'} c_m c_m'
 * prod_v mu_v(m_v - m'_v), where mu(n) = E[exp(i n theta)] is the angle
 * law's moment.  For theta uniform on the circle mu(n) = [n = 0], so E|f|^2
 * is the sum of squared merged coefficients: exact, no Monte Carlo.
 *
 * ic_quad_grid_mean_sq computes the same expectation the other way, by the
 * mean of |f|^2 over a uniform grid of N points per angle, which is exact
 * for the circle law when N exceeds every exponent difference; the tests
 * use it to check the character route. */
#ifndef IC_EXPECTATIONS_ANGLE_QUADRATURE_H
#define IC_EXPECTATIONS_ANGLE_QUADRATURE_H

#include <mpfr.h>
#include <stdint.h>

#include "base/error.h"

typedef struct {
    size_t nvars;
    size_t n, cap;
    int32_t *exp;       /* n * nvars exponents */
    mpfr_t *coef;       /* n coefficients */
    mpfr_prec_t prec;
    int normalized;
    size_t *idx;        /* scratch for ic_quad_normalize, cap entries: grown with */
    int32_t *sexp;      /* the terms so that normalising never allocates     */
    mpfr_t *scoef;
} ic_quad_poly;

int ic_quad_init(ic_quad_poly *f, size_t nvars, mpfr_prec_t prec, ic_err *err);
void ic_quad_clear(ic_quad_poly *f);
void ic_quad_reset(ic_quad_poly *f);           /* drops all terms */

/* Adds coef * z^exps (exps has nvars entries). */
int ic_quad_add_term(ic_quad_poly *f, mpfr_srcptr coef, const int32_t *exps, ic_err *err);

/* Sorts terms by exponent vector, merges equal ones, drops zeros. */
void ic_quad_normalize(ic_quad_poly *f);

/* Largest |m_v - m'_v| over pairs of terms and variables (after
 * normalising): the degree that decides the grid size. */
long ic_quad_max_diff(ic_quad_poly *f);

/* E|f|^2 with every theta_v uniform on [0, 2 pi): exact. */
void ic_quad_mean_sq_circle(mpfr_ptr r, ic_quad_poly *f);

/* Moment mu(n) = E[exp(i n theta)] of an angle law, real and imaginary parts. */
typedef void (*ic_quad_moment_fn)(mpfr_ptr re, mpfr_ptr im, long n, void *ctx);

/* E|f|^2 with every theta_v iid with moments mu: exact up to rounding,
 * O(terms^2 * nvars). */
int ic_quad_mean_sq(mpfr_ptr r, ic_quad_poly *f, ic_quad_moment_fn mu, void *ctx, ic_err *err);

/* Mean of |f|^2 over the grid theta_v = 2 pi k_v / N, k_v = 0..N-1
 * (N^nvars points; refused above 10^7 points). */
int ic_quad_grid_mean_sq(mpfr_ptr r, ic_quad_poly *f, long N, ic_err *err);

#endif
