/* Tests for icx: every exact operation against MPFR products computed
 * exactly (icm_mul reports exactness), the truncating ones against their
 * stated error bounds, and the digit-width bound at its worst case. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "icx.h"
#include "tap.h"

static arf_ptr arf_vec(slong n)
{
    arf_ptr v = flint_malloc((size_t)n * sizeof *v);
    for (slong i = 0; i < n; i++)
        arf_init(v + i);
    return v;
}

static void arf_vec_free(arf_ptr v, slong n)
{
    for (slong i = 0; i < n; i++)
        arf_clear(v + i);
    flint_free(v);
}

#define BIG 6000 /* bits: exact for every product formed here */

static uint64_t rng_state = 0x243f6a8885a308d3u;

static uint64_t rnd64(void)
{
    rng_state = rng_state * 6364136223846793005u + 1442695040888963407u;
    return rng_state;
}

/* Random dyadic matrix: bits-bit mantissas, exponents spread over
 * [-spread, 0], a few zeros, both signs. */
static void rand_icm(icm_mat *m, size_t r, size_t c, int bits, int spread)
{
    icm_init(m, r, c, BIG, NULL);
    mpz_t z;
    mpz_init(z);
    for (size_t i = 0; i < r * c; i++) {
        if (rnd64() % 11 == 0)
            continue;
        mpz_set_ui(z, 0);
        for (int b = 0; b < bits; b += 32) {
            mpz_mul_2exp(z, z, 32);
            mpz_add_ui(z, z, (unsigned long)(rnd64() >> 32));
        }
        mpz_fdiv_r_2exp(z, z, (mp_bitcnt_t)bits);
        if (rnd64() & 1)
            mpz_neg(z, z);
        mpfr_set_z_2exp(m->e[i], z, -bits - (spread ? (long)(rnd64() % (uint64_t)(spread + 1)) : 0), MPFR_RNDN);
    }
    mpz_clear(z);
}

/* Every entry of x equals the entry of m exactly. */
static int equal_icm(const icx_mat *x, const icm_mat *m)
{
    if (x->rows != m->rows || x->cols != m->cols)
        return 0;
    size_t n = m->rows * m->cols;
    arf_ptr v = arf_vec((slong)n);
    icx_get_arf(v, x);
    mpfr_t t;
    mpfr_init2(t, BIG);
    int same = 1;
    for (size_t i = 0; i < n && same; i++) {
        arf_get_mpfr(t, v + i, MPFR_RNDN);
        same = mpfr_equal_p(t, m->e[i]) != 0;
    }
    mpfr_clear(t);
    arf_vec_free(v, (slong)n);
    return same;
}

/* max |x - m| entrywise, as a double (rounded up). */
static double max_diff(const icx_mat *x, const icm_mat *m)
{
    size_t n = m->rows * m->cols;
    arf_ptr v = arf_vec((slong)n);
    icx_get_arf(v, x);
    mpfr_t t;
    mpfr_init2(t, BIG);
    double mx = 0;
    for (size_t i = 0; i < n; i++) {
        arf_get_mpfr(t, v + i, MPFR_RNDN);
        mpfr_sub(t, t, m->e[i], MPFR_RNDN);
        double d = fabs(mpfr_get_d(t, MPFR_RNDU));
        if (d > mx)
            mx = d;
    }
    mpfr_clear(t);
    arf_vec_free(v, (slong)n);
    return mx;
}

static void test_beta(void)
{
    size_t ns[] = {1, 2, 3, 8, 64, 65, 256, 1000, 100000};
    for (size_t i = 0; i < sizeof ns / sizeof *ns; i++) {
        int b = icx_beta(ns[i]);
        double lhs = ldexp((double)ns[i] * ICX_KMAX, 2 * b - 2);
        double next = ldexp((double)ns[i] * ICX_KMAX, 2 * b);
        ok(lhs <= 0x1p51 && next > 0x1p51, "icx_beta(%zu) = %d is the largest exact width", ns[i], b);
    }
}

static void test_grid(void)
{
    ok(icx_grid_at(-41, 20) == -3 && icx_grid_at(-40, 20) == -2 && icx_grid_at(0, 20) == 0 &&
           icx_grid_at(39, 20) == 1 && icx_grid_at(40, 20) == 2,
       "icx_grid_at rounds towards minus infinity");
}

static void test_roundtrip(void)
{
    int shapes[][4] = {{1, 1, 53, 0}, {5, 3, 30, 0}, {7, 7, 300, 40}, {4, 9, 64, 600}, {16, 16, 200, 3}};
    for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++) {
        icm_mat m;
        icx_mat x = {0};
        int inexact = -1;
        rand_icm(&m, (size_t)shapes[s][0], (size_t)shapes[s][1], shapes[s][2], shapes[s][3]);
        int rc = icx_set_icm(&x, &m, icx_beta(64), 4 * ICX_KMAX, &inexact, NULL);
        ok(rc == 0 && inexact == 0 && equal_icm(&x, &m), "icx_set_icm/icx_get_arf round trip %dx%d, %d bits, spread %d",
           shapes[s][0], shapes[s][1], shapes[s][2], shapes[s][3]);
        icx_clear(&x);
        icm_clear(&m);
    }
    /* zero matrix */
    icm_mat z;
    icx_mat x = {0};
    int inexact = -1;
    icm_init(&z, 3, 2, 64, NULL);
    ok(icx_set_icm(&x, &z, 20, 8, &inexact, NULL) == 0 && equal_icm(&x, &z) && !inexact, "zero matrix round trip");
    icx_clear(&x);
    mpfr_set_nan(z.e[3]);
    ok(icx_set_icm(&x, &z, 20, 8, &inexact, NULL) == IC_EINPUT, "NaN entry refused");
    icm_clear(&z);
}

static void test_set_icm_trunc(void)
{
    icm_mat m;
    icx_mat x = {0};
    int inexact = 0, beta = 20;
    rand_icm(&m, 6, 6, 400, 50);
    int rc = icx_set_icm(&x, &m, beta, 5, &inexact, NULL);
    double bound = ldexp(1.0, (int)(icx_lsb(&x) * beta));
    double d = max_diff(&x, &m);
    ok(rc == 0 && inexact && x.k <= 5 && d < bound && d > 0, "icx_set_icm truncates to 5 digits: error %.3g < %.3g", d,
       bound);
    /* towards zero: |x_trunc| <= |x| entrywise, so symmetric input stays symmetric */
    arf_ptr v = arf_vec(36);
    icx_get_arf(v, &x);
    int tz = 1;
    mpfr_t t;
    mpfr_init2(t, BIG);
    for (int i = 0; i < 36; i++) {
        arf_get_mpfr(t, v + i, MPFR_RNDN);
        tz &= mpfr_cmpabs(t, m.e[i]) <= 0;
    }
    ok(tz, "truncation is towards zero");
    mpfr_clear(t);
    arf_vec_free(v, 36);
    icx_clear(&x);
    icm_clear(&m);
}

static void check_mul(size_t r, size_t k, size_t c, int bits_a, int bits_b, int spread, int ta, int tb)
{
    icm_mat a, b, p, at, bt;
    icx_mat xa = {0}, xb = {0}, xp = {0};
    int ia, ib, beta = icx_beta(k);
    rand_icm(&a, ta ? k : r, ta ? r : k, bits_a, spread);
    rand_icm(&b, tb ? c : k, tb ? k : c, bits_b, spread);
    icm_init(&at, r, k, BIG, NULL);
    icm_init(&bt, k, c, BIG, NULL);
    if (ta)
        icm_transpose(&at, &a);
    else
        icm_copy(&at, &a);
    if (tb)
        icm_transpose(&bt, &b);
    else
        icm_copy(&bt, &b);
    icm_init(&p, r, c, BIG, NULL);
    int exact = icm_mul(&p, &at, &bt);
    icx_set_icm(&xa, &a, beta, 4 * ICX_KMAX, &ia, NULL);
    icx_set_icm(&xb, &b, beta, 4 * ICX_KMAX, &ib, NULL);
    int rc = icx_mul(&xp, &xa, ta, &xb, tb, NULL);
    ok(exact && rc == 0 && equal_icm(&xp, &p), "icx_mul %s%s exact: %zux%zu (%d bits) times %zux%zu (%d bits), spread %d",
       ta ? "T" : "N", tb ? "T" : "N", r, k, bits_a, k, c, bits_b, spread);
    icx_clear(&xa);
    icx_clear(&xb);
    icx_clear(&xp);
    icm_clear(&a);
    icm_clear(&b);
    icm_clear(&p);
    icm_clear(&at);
    icm_clear(&bt);
}

static void test_mul(void)
{
    check_mul(1, 1, 1, 53, 53, 0, 0, 0);
    check_mul(3, 5, 2, 30, 300, 0, 0, 0);
    check_mul(8, 8, 8, 120, 120, 20, 1, 0);
    check_mul(7, 9, 4, 64, 256, 5, 0, 1);
    check_mul(6, 6, 6, 200, 90, 100, 1, 1);
    check_mul(64, 64, 64, 256, 256, 0, 1, 0);
    check_mul(70, 65, 33, 160, 96, 8, 0, 0);
    icx_mat a = {0}, b = {0}, c = {0};
    icx_init(&a, 2, 3, 1, 0, 20, NULL);
    icx_init(&b, 2, 3, 1, 0, 20, NULL);
    ok(icx_mul(&c, &a, 0, &b, 0, NULL) == IC_EINTERNAL, "icx_mul refuses mismatched shapes");
    icx_clear(&a);
    icx_clear(&b);
}

/* All digits at the extreme 2^(beta-1), inner size 64, ICX_KMAX digits:
 * the largest partial sums icx_beta allows. */
static void test_mul_worst(void)
{
    size_t n = 64;
    int beta = icx_beta(n), k = ICX_KMAX;
    icx_mat a = {0}, p = {0};
    icx_init(&a, n, n, k, 0, beta, NULL);
    for (size_t i = 0; i < (size_t)k * n * n; i++)
        a.d[i] = ldexp(1.0, beta - 1) * ((i / n) % 3 == 2 ? -1 : 1);
    icm_mat m, mm;
    icm_init(&m, n, n, BIG, NULL);
    arf_ptr v = arf_vec((slong)(n * n));
    icx_get_arf(v, &a);
    for (size_t i = 0; i < n * n; i++)
        arf_get_mpfr(m.e[i], v + i, MPFR_RNDN);
    arf_vec_free(v, (slong)(n * n));
    icm_init(&mm, n, n, BIG, NULL);
    int exact = icm_mul_tn(&mm, &m, &m);
    int rc = icx_mul(&p, &a, 1, &a, 0, NULL);
    ok(exact && rc == 0 && equal_icm(&p, &mm), "icx_mul exact with %d extreme digits of %d bits at n = 64", k, beta);
    icx_clear(&p);
    icx_clear(&a);
    icm_clear(&m);
    icm_clear(&mm);
}

static void test_add_identity(void)
{
    icm_mat a, b, s;
    icx_mat xa = {0}, xb = {0}, xs = {0}, id = {0}, xp = {0};
    int i1, i2, beta = 21;
    rand_icm(&a, 5, 5, 150, 30);
    rand_icm(&b, 5, 5, 70, 300);
    icm_init(&s, 5, 5, BIG, NULL);
    icx_set_icm(&xa, &a, beta, 4 * ICX_KMAX, &i1, NULL);
    icx_set_icm(&xb, &b, beta, 4 * ICX_KMAX, &i2, NULL);
    icm_sub(&s, &a, &b);
    int rc = icx_add(&xs, &xa, &xb, -1, NULL);
    ok(rc == 0 && equal_icm(&xs, &s), "icx_add a - b exact");
    icm_add(&s, &a, &b);
    rc = icx_add(&xa, &xa, &xb, 1, NULL); /* aliasing */
    ok(rc == 0 && equal_icm(&xa, &s), "icx_add a + b exact, result aliasing a");
    icx_set_identity(&id, 5, beta, NULL);
    rc = icx_mul(&xp, &id, 0, &xa, 0, NULL);
    ok(rc == 0 && equal_icm(&xp, &s), "icx_set_identity: I s = s");
    icx_clear(&xa);
    icx_clear(&xb);
    icx_clear(&xs);
    icx_clear(&id);
    icx_clear(&xp);
    icm_clear(&a);
    icm_clear(&b);
    icm_clear(&s);
}

static void test_doubles(void)
{
    double v[6] = {1.0 / 3, -0x1.fffffffffffffp-1, 1e-300, 0, -7.25e5, 0x1p-60};
    icx_mat x = {0};
    icm_mat m;
    icm_init(&m, 2, 3, 64, NULL);
    icm_set_d(&m, v);
    int rc = icx_set_d_trunc(&x, v, 2, 3, 20, 4, NULL);
    double bound = ldexp(1.0, (int)(icx_lsb(&x) * 20));
    double d = max_diff(&x, &m);
    ok(rc == 0 && d <= bound, "icx_set_d_trunc with 4 digits: error %.3g <= %.3g", d, bound);
    icx_clear(&x);
    rc = icx_set_d_trunc(&x, v, 2, 3, 20, 60, NULL);
    ok(rc == 0 && equal_icm(&x, &m), "icx_set_d_trunc with 60 digits is exact");
    double back[6];
    icx_get_d(back, &x);
    int same = 1;
    for (int i = 0; i < 6; i++)
        same &= back[i] == v[i];
    ok(same, "icx_get_d returns the doubles");
    double mx = icx_max_abs(&x);
    ok(mx >= 7.25e5 && mx < 7.25e5 * (1 + 1e-10), "icx_max_abs = %.17g", mx);
    v[2] = NAN;
    icx_clear(&x);
    ok(icx_set_d_trunc(&x, v, 2, 3, 20, 4, NULL) == IC_EINPUT, "icx_set_d_trunc refuses NaN");
    icm_clear(&m);
}

static void test_arf_trunc(void)
{
    icm_mat m;
    icx_mat x = {0};
    rand_icm(&m, 4, 4, 300, 60);
    arf_ptr v = arf_vec(16);
    for (int i = 0; i < 16; i++)
        arf_set_mpfr(v + i, m.e[i]);
    int rc = icx_set_arf_trunc(&x, v, 4, 4, 20, -20, NULL);
    ok(rc == 0 && equal_icm(&x, &m), "icx_set_arf_trunc exact when the grid reaches the last bit");
    icx_clear(&x);
    rc = icx_set_arf_trunc(&x, v, 4, 4, 20, -5, NULL);
    double d = max_diff(&x, &m);
    ok(rc == 0 && d <= 0x1p-100, "icx_set_arf_trunc to 2^-100: error %.3g", d);
    icx_trunc(&x, -3);
    d = max_diff(&x, &m);
    ok(icx_lsb(&x) >= -3 && d <= 0x1p-59, "icx_trunc to 2^-60: error %.3g", d);
    arf_vec_free(v, 16);
    icx_clear(&x);
    icm_clear(&m);
}

static void test_more(void)
{
    icm_mat a, b, t, s;
    icx_mat xa = {0}, xb = {0}, xt = {0}, xs = {0}, xc = {0};
    int i1, i2, beta = 20;
    rand_icm(&a, 4, 7, 160, 20);
    rand_icm(&b, 4, 7, 90, 200);
    icx_set_icm(&xa, &a, beta, 4 * ICX_KMAX, &i1, NULL);
    icx_set_icm(&xb, &b, beta, 4 * ICX_KMAX, &i2, NULL);
    icm_init(&t, 7, 4, BIG, NULL);
    icm_transpose(&t, &a);
    ok(icx_transpose(&xt, &xa, NULL) == 0 && equal_icm(&xt, &t), "icx_transpose exact");
    /* 3a - 2b + a = 4a - 2b */
    icm_init(&s, 4, 7, BIG, NULL);
    mpfr_t c;
    mpfr_init2(c, 64);
    mpfr_set_si(c, 4, MPFR_RNDN);
    icm_scale(&s, &a, c);
    mpfr_set_si(c, -2, MPFR_RNDN);
    icm_axpy(&s, c, &b);
    const icx_mat *terms[3] = {&xa, &xb, &xa};
    const int coef[3] = {3, -2, 1};
    ok(icx_sum(&xs, terms, coef, 3, NULL) == 0 && equal_icm(&xs, &s), "icx_sum 3a - 2b + a exact");
    ok(icx_copy(&xc, &xs, NULL) == 0 && equal_icm(&xc, &s), "icx_copy");
    ok(!icx_is_zero(&xc), "icx_is_zero: nonzero matrix");
    const icx_mat *t2[2] = {&xa, &xa};
    const int c2[2] = {1, -1};
    ok(icx_sum(&xc, t2, c2, 2, NULL) == 0 && icx_is_zero(&xc), "icx_is_zero: a - a");
    /* double-double round trip: about 106 bits */
    double hi[28], lo[28];
    icx_get_dd(hi, lo, &xa);
    mpfr_t u;
    mpfr_init2(u, BIG);
    double worst = 0;
    for (int i = 0; i < 28; i++) {
        mpfr_set_d(u, hi[i], MPFR_RNDN);
        mpfr_add_d(u, u, lo[i], MPFR_RNDN);
        mpfr_sub(u, u, a.e[i], MPFR_RNDN);
        if (!mpfr_zero_p(a.e[i]))
            mpfr_div(u, u, a.e[i], MPFR_RNDN);
        worst = fmax(worst, fabs(mpfr_get_d(u, MPFR_RNDN)));
    }
    ok(worst < 0x1p-100, "icx_get_dd: relative error %.3g < 2^-100", worst);
    ok(icx_set_dd_trunc(&xc, hi, lo, 4, 7, beta, -40, NULL) == 0, "icx_set_dd_trunc runs");
    double d = 0;
    {
        arf_ptr v = arf_vec(28);
        icx_get_arf(v, &xc);
        for (int i = 0; i < 28; i++) {
            arf_get_mpfr(u, v + i, MPFR_RNDN);
            mpfr_sub_d(u, u, hi[i], MPFR_RNDN);
            mpfr_sub_d(u, u, lo[i], MPFR_RNDN);
            d = fmax(d, fabs(mpfr_get_d(u, MPFR_RNDU)));
        }
        arf_vec_free(v, 28);
    }
    ok(d <= 0x1p-800, "icx_set_dd_trunc: hi + lo to the grid 2^-800, error %.3g", d);
    mpfr_clears(c, u, (mpfr_ptr)0);
    icx_clear(&xa);
    icx_clear(&xb);
    icx_clear(&xt);
    icx_clear(&xs);
    icx_clear(&xc);
    icm_clear(&a);
    icm_clear(&b);
    icm_clear(&t);
    icm_clear(&s);
}

int main(void)
{
    test_beta();
    test_grid();
    test_roundtrip();
    test_set_icm_trunc();
    test_mul();
    test_mul_worst();
    test_add_identity();
    test_doubles();
    test_arf_trunc();
    test_more();
    flint_cleanup();
    return done_testing();
}
