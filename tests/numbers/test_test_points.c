/* ic_testpoint: dyadic test points are exact, reproducible and in range; the
 * five-point stencil is exact on quartics and wrong on a quintic. */
#include <mpfr.h>

#include "numbers/test_points.h"
#include "tap.h"

static int quartic(mpfr_ptr out, void *ctx)
{
    /* f(x) = 3x^4 - 2x^3 + x - 5, evaluated at 200 bits: exact on dyadics of this size */
    mpfr_srcptr x = ctx;
    mpfr_t t;
    mpfr_init2(t, 200);
    mpfr_pow_ui(out, x, 4, MPFR_RNDN);
    mpfr_mul_ui(out, out, 3, MPFR_RNDN);
    mpfr_pow_ui(t, x, 3, MPFR_RNDN);
    mpfr_mul_ui(t, t, 2, MPFR_RNDN);
    mpfr_sub(out, out, t, MPFR_RNDN);
    mpfr_add(out, out, x, MPFR_RNDN);
    mpfr_sub_ui(out, out, 5, MPFR_RNDN);
    mpfr_clear(t);
    return 0;
}

static int quintic(mpfr_ptr out, void *ctx)
{
    mpfr_pow_ui(out, (mpfr_srcptr)ctx, 5, MPFR_RNDN);
    return 0;
}

int main(void)
{
    ic_testpoint_state a, b;
    ic_testpoint_init(&a, 42);
    ic_testpoint_init(&b, 42);
    mpfr_t x, y, d, want;
    mpfr_inits2(200, x, y, d, want, (mpfr_ptr)0);

    int same = 1, dyadic = 1, nonzero = 1, inrange = 1;
    for (int i = 0; i < 2000; i++) {
        ic_testpoint_dyadic(x, &a, 1);
        ic_testpoint_dyadic(y, &b, 1);
        same &= mpfr_equal_p(x, y);
        nonzero &= !mpfr_zero_p(x);
        /* n / 2^(k+8) with |n| <= 2^10, k <= 6: x * 2^14 is an integer */
        mpfr_mul_2ui(d, x, 14, MPFR_RNDN);
        dyadic &= mpfr_integer_p(d);
        inrange &= mpfr_cmpabs_ui(x, 4) <= 0;
    }
    ok(same, "same seed gives the same 2000 points");
    ok(dyadic, "every point is n / 2^(k+8) with k <= 6");
    ok(nonzero, "nonzero points when asked");
    ok(inrange, "|point| <= 4");

    ic_testpoint_state c;
    ic_testpoint_init(&c, 43);
    int differ = 0;
    for (int i = 0; i < 20; i++) {
        ic_testpoint_dyadic(x, &a, 0);
        ic_testpoint_dyadic(y, &c, 0);
        differ |= !mpfr_equal_p(x, y);
    }
    ok(differ, "another seed gives other points");
    ic_testpoint_clear(&c);

    int lo = 1;
    for (int i = 0; i < 1000; i++) {
        long v = ic_testpoint_int(&a, -3, 4);
        lo &= v >= -3 && v <= 4;
    }
    ok(lo, "integers stay in [lo, hi]");

    /* f'(x) = 12x^3 - 6x^2 + 1 at x = 3/8 */
    mpfr_set_d(x, 0.375, MPFR_RNDN);
    ok(ic_testpoint_deriv5(d, x, -4, quartic, x) == 0, "stencil runs");
    mpfr_set_d(want, 12 * 0.375 * 0.375 * 0.375 - 6 * 0.375 * 0.375 + 1, MPFR_RNDN);
    ok(mpfr_equal_p(d, want), "stencil exact on a quartic at 3/8");
    ok(mpfr_cmp_d(x, 0.375) == 0, "x restored after the stencil");
    /* on x^5 the stencil is off by -4 h^4 x (h = 1/16): a wrong derivative is seen */
    ok(ic_testpoint_deriv5(d, x, -4, quintic, x) == 0, "stencil on a quintic runs");
    mpfr_set_d(want, 5 * 0.375 * 0.375 * 0.375 * 0.375, MPFR_RNDN);
    ok(!mpfr_equal_p(d, want), "stencil not exact on a quintic (degree bound matters)");

    mpfr_clears(x, y, d, want, (mpfr_ptr)0);
    ic_testpoint_clear(&a);
    ic_testpoint_clear(&b);
    return done_testing();
}
