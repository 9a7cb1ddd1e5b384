/* ic_testpoint: reproducible dyadic test points and the five-point stencil (see test_points.h). */
#include "numbers/test_points.h"

void ic_testpoint_init(ic_testpoint_state *s, unsigned long seed)
{
    gmp_randinit_mt(s->st);
    gmp_randseed_ui(s->st, seed);
}

void ic_testpoint_clear(ic_testpoint_state *s)
{
    gmp_randclear(s->st);
}

long ic_testpoint_int(ic_testpoint_state *s, long lo, long hi)
{
    unsigned long span = (unsigned long)(hi - lo) + 1;
    return lo + (long)gmp_urandomm_ui(s->st, span);
}

void ic_testpoint_dyadic(mpfr_ptr x, ic_testpoint_state *s, int nonzero)
{
    long n;
    do
        n = ic_testpoint_int(s, -1024, 1024);
    while (nonzero && n == 0);
    long k = ic_testpoint_int(s, 0, 6);
    mpfr_set_si_2exp(x, n, -k - 8, MPFR_RNDN); /* magnitudes up to 4 */
}

void ic_testpoint_dyadic_mat(ic_mat *m, ic_testpoint_state *s)
{
    for (size_t i = 0; i < m->rows * m->cols; i++)
        ic_testpoint_dyadic(m->e[i], s, 0);
}

int ic_testpoint_deriv5(mpfr_ptr out, mpfr_ptr x, long h_exp2, ic_testpoint_fn f, void *ctx)
{
    mpfr_prec_t p = mpfr_get_prec(out) + 16;
    mpfr_t x0, fv, acc;
    mpfr_inits2(mpfr_get_prec(x), x0, (mpfr_ptr)0);
    mpfr_inits2(p, fv, acc, (mpfr_ptr)0);
    mpfr_set(x0, x, MPFR_RNDN);
    mpfr_set_zero(acc, 1);
    static const long off[4] = { -2, -1, 1, 2 };
    static const long w[4] = { 1, -8, 8, -1 };
    int rc = 0;
    for (int i = 0; i < 4 && !rc; i++) {
        /* x0 + off*2^h is exact when x has enough precision for it. */
        mpfr_t step;
        mpfr_init2(step, 64);
        mpfr_set_si_2exp(step, off[i], h_exp2, MPFR_RNDN);
        mpfr_add(x, x0, step, MPFR_RNDN);
        mpfr_clear(step);
        rc = f(fv, ctx);
        mpfr_mul_si(fv, fv, w[i], MPFR_RNDN);
        mpfr_add(acc, acc, fv, MPFR_RNDN);
    }
    mpfr_set(x, x0, MPFR_RNDN);
    mpfr_div_ui(acc, acc, 12, MPFR_RNDN);
    mpfr_div_2si(out, acc, h_exp2, MPFR_RNDN);
    mpfr_clears(x0, fv, acc, (mpfr_ptr)0);
    return rc;
}
