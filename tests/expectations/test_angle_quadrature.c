/* ic_quad: the character route and the grid route agree, and both give known
 * closed forms. */
#include <math.h>
#include <string.h>

#include "expectations/angle_quadrature.h"
#include "numbers/test_points.h"
#include "tap.h"

static void uniform_circle(mpfr_ptr re, mpfr_ptr im, long n, void *ctx)
{
    (void)ctx;
    mpfr_set_ui(re, n == 0, MPFR_RNDN);
    mpfr_set_zero(im, 1);
}

/* theta uniform on [0, a]: E e^{i n theta} = (e^{i n a} - 1) / (i n a). */
static void uniform_arc(mpfr_ptr re, mpfr_ptr im, long n, void *ctx)
{
    double a = *(double *)ctx;
    if (n == 0) {
        mpfr_set_ui(re, 1, MPFR_RNDN);
        mpfr_set_zero(im, 1);
        return;
    }
    mpfr_t x;
    mpfr_init2(x, mpfr_get_prec(re));
    mpfr_set_d(x, a, MPFR_RNDN);
    mpfr_mul_si(x, x, n, MPFR_RNDN);
    mpfr_sin(re, x, MPFR_RNDN);
    mpfr_div(re, re, x, MPFR_RNDN);         /* sin(na)/(na) */
    mpfr_cos(im, x, MPFR_RNDN);
    mpfr_ui_sub(im, 1, im, MPFR_RNDN);
    mpfr_div(im, im, x, MPFR_RNDN);         /* (1 - cos(na))/(na) */
    mpfr_clear(x);
}

int main(void)
{
    ic_err e;
    ic_quad_poly f;
    mpfr_t r, g, c;
    mpfr_inits2(256, r, g, c, (mpfr_ptr)0);
    ok(ic_quad_init(&f, 2, 256, &e) == IC_OK, "init");
    int32_t m[2];
    /* f = 3 z1 z2^-1 + 2 z1 z2^-1 - 1 + 0.5 z2^4: merged -> 5, -1, 0.5. */
    mpfr_set_ui(c, 3, MPFR_RNDN); m[0] = 1; m[1] = -1; ic_quad_add_term(&f, c, m, &e);
    mpfr_set_si(c, -1, MPFR_RNDN); m[0] = 0; m[1] = 0; ic_quad_add_term(&f, c, m, &e);
    mpfr_set_ui(c, 2, MPFR_RNDN); m[0] = 1; m[1] = -1; ic_quad_add_term(&f, c, m, &e);
    mpfr_set_d(c, 0.5, MPFR_RNDN); m[0] = 0; m[1] = 4; ic_quad_add_term(&f, c, m, &e);
    ic_quad_normalize(&f);
    ok(f.n == 3, "equal monomials merged (%zu terms)", f.n);
    ic_quad_mean_sq_circle(r, &f);
    ok(mpfr_cmp_d(r, 26.25) == 0, "E|f|^2 = 25 + 1 + 0.25 exactly");
    ok(ic_quad_max_diff(&f) == 5, "max exponent difference 5 (z2: -1..4)");
    ic_quad_grid_mean_sq(g, &f, 6, &e);
    mpfr_sub(g, g, r, MPFR_RNDN);
    ok(mpfr_cmp_d(g, 1e-70) < 0 && mpfr_cmp_d(g, -1e-70) > 0, "grid N = 6 > degree reproduces it");
    ic_quad_grid_mean_sq(g, &f, 4, &e);
    mpfr_sub(g, g, r, MPFR_RNDN);
    mpfr_abs(g, g, MPFR_RNDN);
    ok(mpfr_cmp_d(g, 1e-3) > 0, "grid N = 4 aliases z2^0 with z2^4 (differs), as it must");
    ic_quad_mean_sq(g, &f, uniform_circle, NULL, &e);
    ok(mpfr_equal_p(g, r), "general moments route with circle moments agrees");

    /* Random polynomials in 3 variables: characters vs grid. */
    ic_testpoint_state rs;
    ic_testpoint_init(&rs, 7);
    ic_quad_poly h;
    ic_quad_init(&h, 3, 256, &e);
    int agree = 1;
    for (int trial = 0; trial < 5; trial++) {
        ic_quad_reset(&h);
        for (int k = 0; k < 12; k++) {
            int32_t x[3] = { (int32_t)ic_testpoint_int(&rs, -3, 3), (int32_t)ic_testpoint_int(&rs, -3, 3), (int32_t)ic_testpoint_int(&rs, -3, 3) };
            ic_testpoint_dyadic(c, &rs, 1);
            ic_quad_add_term(&h, c, x, &e);
        }
        ic_quad_mean_sq_circle(r, &h);
        ic_quad_grid_mean_sq(g, &h, ic_quad_max_diff(&h) + 1, &e);
        mpfr_sub(g, g, r, MPFR_RNDN);
        mpfr_abs(g, g, MPFR_RNDN);
        if (mpfr_cmp_d(g, 1e-60) > 0)
            agree = 0;
    }
    ok(agree, "characters = grid quadrature on 5 random 3-variable polynomials");
    ic_quad_clear(&h);

    /* Arc law: f = z - 1, E|z - 1|^2 = 2 - 2 Re mu(1) = 2 - 2 sin(a)/a. */
    ic_quad_poly s;
    ic_quad_init(&s, 1, 256, &e);
    int32_t one = 1, zero = 0;
    mpfr_set_ui(c, 1, MPFR_RNDN);
    ic_quad_add_term(&s, c, &one, &e);
    mpfr_set_si(c, -1, MPFR_RNDN);
    ic_quad_add_term(&s, c, &zero, &e);
    double a = 0.3;
    ic_quad_mean_sq(r, &s, uniform_arc, &a, &e);
    double want = 2 - 2 * sin(a) / a;
    ok(fabs(mpfr_get_d(r, MPFR_RNDN) - want) < 1e-15, "arc law: E|z-1|^2 = 2 - 2 sin(a)/a (%.17g)", want);
    ic_quad_clear(&s);

    ok(ic_quad_grid_mean_sq(g, &f, 100000, &e) == IC_EINPUT, "huge grids refused");
    ic_testpoint_clear(&rs);
    ic_quad_clear(&f);
    mpfr_clears(r, g, c, (mpfr_ptr)0);
    return done_testing();
}
