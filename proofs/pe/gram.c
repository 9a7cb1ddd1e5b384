/* C5: the exact moments of the angle law and the Gram matrices G_t. */
#include <math.h>

#define PE_PI 3.14159265358979323846

#include "pe/pe.h"

/* g(k) = Re E[lambda^(2k)] = sin(x) / x with x = 4 pi k / mu. */
void pe_moments(mpfr_t *g, size_t n, mpfr_srcptr mu)
{
    if (n == 0)
        return;
    mpfr_prec_t p = mpfr_get_prec(g[0]);
    mpfr_t pi, x, s;
    mpfr_inits2(p, pi, x, s, (mpfr_ptr)0);
    mpfr_const_pi(pi, MPFR_RNDN);
    mpfr_set_ui(g[0], 1, MPFR_RNDN);
    for (size_t k = 1; k < n; k++) {
        mpfr_mul_ui(x, pi, 4 * (unsigned long)k, MPFR_RNDN);
        mpfr_div(x, x, mu, MPFR_RNDN);
        mpfr_sin(s, x, MPFR_RNDN);
        mpfr_div(g[k], s, x, MPFR_RNDN);
    }
    mpfr_clears(pi, x, s, (mpfr_ptr)0);
}

void pe_moments_d(double *g, size_t n, double mu)
{
    for (size_t k = 0; k < n; k++) {
        double x = 4.0 * PE_PI * (double)k / mu;
        g[k] = k == 0 ? 1.0 : sin(x) / x;
    }
}

void pe_gram_arb(arb_mat_t G, slong n, mpfr_srcptr mu, slong prec)
{
    arb_t m, x;
    arf_t mf;
    arb_init(m);
    arb_init(x);
    arf_init(mf);
    arf_set_mpfr(mf, mu);
    arb_set_arf(m, mf); /* exact: mu is a binary number */
    for (slong a = 0; a < n; a++)
        for (slong b = 0; b < n; b++) {
            arb_set_si(x, 4 * (a - b));
            arb_div(x, x, m, prec);
            arb_sinc_pi(arb_mat_entry(G, a, b), x, prec);
        }
    arb_clear(m);
    arb_clear(x);
    arf_clear(mf);
}

void pe_gram_icm(ic_mat *G, mpfr_t *const g)
{
    for (size_t a = 0; a < G->rows; a++)
        for (size_t b = 0; b < G->cols; b++)
            mpfr_set(IC_MAT_AT(G, a, b), g[a > b ? a - b : b - a], MPFR_RNDN);
}
