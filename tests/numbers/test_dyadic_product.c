/* Tests for ic_dyadic: every exact operation against MPFR products computed
 * exactly (ic_mat_mul reports exactness), the truncating ones against their
 * stated error bounds, and the digit-width bound at its worst case. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "numbers/dyadic_product.h"
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
static void rand_icm(ic_mat *m, size_t r, size_t c, int bits, int spread)
{
    ic_mat_init(m, r, c, BIG, NULL);
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
static int equal_icm(const ic_dyadic_mat *x, const ic_mat *m)
{
    if (x->rows != m->rows || x->cols != m->cols)
        return 0;
    size_t n = m->rows * m->cols;
    arf_ptr v = arf_vec((slong)n);
    ic_dyadic_get_arf(v, x);
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
static double max_diff(const ic_dyadic_mat *x, const ic_mat *m)
{
    size_t n = m->rows * m->cols;
    arf_ptr v = arf_vec((slong)n);
    ic_dyadic_get_arf(v, x);
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
        int b = ic_dyadic_beta(ns[i]);
        double lhs = ldexp((double)ns[i] * IC_DYADIC_KMAX, 2 * b - 2);
        double next = ldexp((double)ns[i] * IC_DYADIC_KMAX, 2 * b);
        ok(lhs <= 0x1p51 && next > 0x1p51, "ic_dyadic_beta(%zu) = %d is the largest exact width", ns[i], b);
    }
}

static void test_grid(void)
{
    ok(ic_dyadic_grid_at(-41, 20) == -3 && ic_dyadic_grid_at(-40, 20) == -2 && ic_dyadic_grid_at(0, 20) == 0 &&
           ic_dyadic_grid_at(39, 20) == 1 && ic_dyadic_grid_at(40, 20) == 2,
       "ic_dyadic_grid_at rounds towards minus infinity");
}

static void test_roundtrip(void)
{
    int shapes[][4] = {{1, 1, 53, 0}, {5, 3, 30, 0}, {7, 7, 300, 40}, {4, 9, 64, 600}, {16, 16, 200, 3}};
    for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++) {
        ic_mat m;
        ic_dyadic_mat x = {0};
        int inexact = -1;
        rand_icm(&m, (size_t)shapes[s][0], (size_t)shapes[s][1], shapes[s][2], shapes[s][3]);
        int rc = ic_dyadic_set_mat(&x, &m, ic_dyadic_beta(64), 4 * IC_DYADIC_KMAX, &inexact, NULL);
        ok(rc == 0 && inexact == 0 && equal_icm(&x, &m), "ic_dyadic_set_mat/ic_dyadic_get_arf round trip %dx%d, %d bits, spread %d",
           shapes[s][0], shapes[s][1], shapes[s][2], shapes[s][3]);
        ic_dyadic_clear(&x);
        ic_mat_clear(&m);
    }
    /* zero matrix */
    ic_mat z;
    ic_dyadic_mat x = {0};
    int inexact = -1;
    ic_mat_init(&z, 3, 2, 64, NULL);
    ok(ic_dyadic_set_mat(&x, &z, 20, 8, &inexact, NULL) == 0 && equal_icm(&x, &z) && !inexact, "zero matrix round trip");
    ic_dyadic_clear(&x);
    mpfr_set_nan(z.e[3]);
    ok(ic_dyadic_set_mat(&x, &z, 20, 8, &inexact, NULL) == IC_EINPUT, "NaN entry refused");
    ic_mat_clear(&z);
}

static void test_set_icm_trunc(void)
{
    ic_mat m;
    ic_dyadic_mat x = {0};
    int inexact = 0, beta = 20;
    rand_icm(&m, 6, 6, 400, 50);
    int rc = ic_dyadic_set_mat(&x, &m, beta, 5, &inexact, NULL);
    double bound = ldexp(1.0, (int)(ic_dyadic_lsb(&x) * beta));
    double d = max_diff(&x, &m);
    ok(rc == 0 && inexact && x.k <= 5 && d < bound && d > 0, "ic_dyadic_set_mat truncates to 5 digits: error %.3g < %.3g", d,
       bound);
    /* towards zero: |x_trunc| <= |x| entrywise, so symmetric input stays symmetric */
    arf_ptr v = arf_vec(36);
    ic_dyadic_get_arf(v, &x);
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
    ic_dyadic_clear(&x);
    ic_mat_clear(&m);
}

static void check_mul(size_t r, size_t k, size_t c, int bits_a, int bits_b, int spread, int ta, int tb)
{
    ic_mat a, b, p, at, bt;
    ic_dyadic_mat xa = {0}, xb = {0}, xp = {0};
    int ia, ib, beta = ic_dyadic_beta(k);
    rand_icm(&a, ta ? k : r, ta ? r : k, bits_a, spread);
    rand_icm(&b, tb ? c : k, tb ? k : c, bits_b, spread);
    ic_mat_init(&at, r, k, BIG, NULL);
    ic_mat_init(&bt, k, c, BIG, NULL);
    if (ta)
        ic_mat_transpose(&at, &a);
    else
        ic_mat_copy(&at, &a);
    if (tb)
        ic_mat_transpose(&bt, &b);
    else
        ic_mat_copy(&bt, &b);
    ic_mat_init(&p, r, c, BIG, NULL);
    int exact = ic_mat_mul(&p, &at, &bt);
    ic_dyadic_set_mat(&xa, &a, beta, 4 * IC_DYADIC_KMAX, &ia, NULL);
    ic_dyadic_set_mat(&xb, &b, beta, 4 * IC_DYADIC_KMAX, &ib, NULL);
    int rc = ic_dyadic_mul(&xp, &xa, ta, &xb, tb, NULL);
    ok(exact && rc == 0 && equal_icm(&xp, &p), "ic_dyadic_mul %s%s exact: %zux%zu (%d bits) times %zux%zu (%d bits), spread %d",
       ta ? "T" : "N", tb ? "T" : "N", r, k, bits_a, k, c, bits_b, spread);
    ic_dyadic_clear(&xa);
    ic_dyadic_clear(&xb);
    ic_dyadic_clear(&xp);
    ic_mat_clear(&a);
    ic_mat_clear(&b);
    ic_mat_clear(&p);
    ic_mat_clear(&at);
    ic_mat_clear(&bt);
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
    ic_dyadic_mat a = {0}, b = {0}, c = {0};
    ic_dyadic_init(&a, 2, 3, 1, 0, 20, NULL);
    ic_dyadic_init(&b, 2, 3, 1, 0, 20, NULL);
    ok(ic_dyadic_mul(&c, &a, 0, &b, 0, NULL) == IC_EINTERNAL, "ic_dyadic_mul refuses mismatched shapes");
    ic_dyadic_clear(&a);
    ic_dyadic_clear(&b);
}

/* All digits at the extreme 2^(beta-1), inner size 64, IC_DYADIC_KMAX digits:
 * the largest partial sums ic_dyadic_beta allows. */
static void test_mul_worst(void)
{
    size_t n = 64;
    int beta = ic_dyadic_beta(n), k = IC_DYADIC_KMAX;
    ic_dyadic_mat a = {0}, p = {0};
    ic_dyadic_init(&a, n, n, k, 0, beta, NULL);
    for (size_t i = 0; i < (size_t)k * n * n; i++)
        a.d[i] = ldexp(1.0, beta - 1) * ((i / n) % 3 == 2 ? -1 : 1);
    ic_mat m, mm;
    ic_mat_init(&m, n, n, BIG, NULL);
    arf_ptr v = arf_vec((slong)(n * n));
    ic_dyadic_get_arf(v, &a);
    for (size_t i = 0; i < n * n; i++)
        arf_get_mpfr(m.e[i], v + i, MPFR_RNDN);
    arf_vec_free(v, (slong)(n * n));
    ic_mat_init(&mm, n, n, BIG, NULL);
    int exact = ic_mat_mul_tn(&mm, &m, &m);
    int rc = ic_dyadic_mul(&p, &a, 1, &a, 0, NULL);
    ok(exact && rc == 0 && equal_icm(&p, &mm), "ic_dyadic_mul exact with %d extreme digits of %d bits at n = 64", k, beta);
    ic_dyadic_clear(&p);
    ic_dyadic_clear(&a);
    ic_mat_clear(&m);
    ic_mat_clear(&mm);
}

static void test_add_identity(void)
{
    ic_mat a, b, s;
    ic_dyadic_mat xa = {0}, xb = {0}, xs = {0}, id = {0}, xp = {0};
    int i1, i2, beta = 21;
    rand_icm(&a, 5, 5, 150, 30);
    rand_icm(&b, 5, 5, 70, 300);
    ic_mat_init(&s, 5, 5, BIG, NULL);
    ic_dyadic_set_mat(&xa, &a, beta, 4 * IC_DYADIC_KMAX, &i1, NULL);
    ic_dyadic_set_mat(&xb, &b, beta, 4 * IC_DYADIC_KMAX, &i2, NULL);
    ic_mat_sub(&s, &a, &b);
    int rc = ic_dyadic_add(&xs, &xa, &xb, -1, NULL);
    ok(rc == 0 && equal_icm(&xs, &s), "ic_dyadic_add a - b exact");
    ic_mat_add(&s, &a, &b);
    rc = ic_dyadic_add(&xa, &xa, &xb, 1, NULL); /* aliasing */
    ok(rc == 0 && equal_icm(&xa, &s), "ic_dyadic_add a + b exact, result aliasing a");
    ic_dyadic_set_identity(&id, 5, beta, NULL);
    rc = ic_dyadic_mul(&xp, &id, 0, &xa, 0, NULL);
    ok(rc == 0 && equal_icm(&xp, &s), "ic_dyadic_set_identity: I s = s");
    ic_dyadic_clear(&xa);
    ic_dyadic_clear(&xb);
    ic_dyadic_clear(&xs);
    ic_dyadic_clear(&id);
    ic_dyadic_clear(&xp);
    ic_mat_clear(&a);
    ic_mat_clear(&b);
    ic_mat_clear(&s);
}

static void test_doubles(void)
{
    double v[6] = {1.0 / 3, -0x1.fffffffffffffp-1, 1e-300, 0, -7.25e5, 0x1p-60};
    ic_dyadic_mat x = {0};
    ic_mat m;
    ic_mat_init(&m, 2, 3, 64, NULL);
    ic_mat_set_d(&m, v);
    int rc = ic_dyadic_set_d_trunc(&x, v, 2, 3, 20, 4, NULL);
    double bound = ldexp(1.0, (int)(ic_dyadic_lsb(&x) * 20));
    double d = max_diff(&x, &m);
    ok(rc == 0 && d <= bound, "ic_dyadic_set_d_trunc with 4 digits: error %.3g <= %.3g", d, bound);
    ic_dyadic_clear(&x);
    rc = ic_dyadic_set_d_trunc(&x, v, 2, 3, 20, 60, NULL);
    ok(rc == 0 && equal_icm(&x, &m), "ic_dyadic_set_d_trunc with 60 digits is exact");
    double back[6];
    ic_dyadic_get_d(back, &x);
    int same = 1;
    for (int i = 0; i < 6; i++)
        same &= back[i] == v[i];
    ok(same, "ic_dyadic_get_d returns the doubles");
    double mx = ic_dyadic_max_abs(&x);
    ok(mx >= 7.25e5 && mx < 7.25e5 * (1 + 1e-10), "ic_dyadic_max_abs = %.17g", mx);
    v[2] = NAN;
    ic_dyadic_clear(&x);
    ok(ic_dyadic_set_d_trunc(&x, v, 2, 3, 20, 4, NULL) == IC_EINPUT, "ic_dyadic_set_d_trunc refuses NaN");
    ic_mat_clear(&m);
}

static void test_arf_trunc(void)
{
    ic_mat m;
    ic_dyadic_mat x = {0};
    rand_icm(&m, 4, 4, 300, 60);
    arf_ptr v = arf_vec(16);
    for (int i = 0; i < 16; i++)
        arf_set_mpfr(v + i, m.e[i]);
    int rc = ic_dyadic_set_arf_trunc(&x, v, 4, 4, 20, -20, NULL);
    ok(rc == 0 && equal_icm(&x, &m), "ic_dyadic_set_arf_trunc exact when the grid reaches the last bit");
    ic_dyadic_clear(&x);
    rc = ic_dyadic_set_arf_trunc(&x, v, 4, 4, 20, -5, NULL);
    double d = max_diff(&x, &m);
    ok(rc == 0 && d <= 0x1p-100, "ic_dyadic_set_arf_trunc to 2^-100: error %.3g", d);
    ic_dyadic_trunc(&x, -3);
    d = max_diff(&x, &m);
    ok(ic_dyadic_lsb(&x) >= -3 && d <= 0x1p-59, "ic_dyadic_trunc to 2^-60: error %.3g", d);
    arf_vec_free(v, 16);
    ic_dyadic_clear(&x);
    ic_mat_clear(&m);
}

static void test_more(void)
{
    ic_mat a, b, t, s;
    ic_dyadic_mat xa = {0}, xb = {0}, xt = {0}, xs = {0}, xc = {0};
    int i1, i2, beta = 20;
    rand_icm(&a, 4, 7, 160, 20);
    rand_icm(&b, 4, 7, 90, 200);
    ic_dyadic_set_mat(&xa, &a, beta, 4 * IC_DYADIC_KMAX, &i1, NULL);
    ic_dyadic_set_mat(&xb, &b, beta, 4 * IC_DYADIC_KMAX, &i2, NULL);
    ic_mat_init(&t, 7, 4, BIG, NULL);
    ic_mat_transpose(&t, &a);
    ok(ic_dyadic_transpose(&xt, &xa, NULL) == 0 && equal_icm(&xt, &t), "ic_dyadic_transpose exact");
    /* 3a - 2b + a = 4a - 2b */
    ic_mat_init(&s, 4, 7, BIG, NULL);
    mpfr_t c;
    mpfr_init2(c, 64);
    mpfr_set_si(c, 4, MPFR_RNDN);
    ic_mat_scale(&s, &a, c);
    mpfr_set_si(c, -2, MPFR_RNDN);
    ic_mat_axpy(&s, c, &b);
    const ic_dyadic_mat *terms[3] = {&xa, &xb, &xa};
    const int coef[3] = {3, -2, 1};
    ok(ic_dyadic_sum(&xs, terms, coef, 3, NULL) == 0 && equal_icm(&xs, &s), "ic_dyadic_sum 3a - 2b + a exact");
    ok(ic_dyadic_copy(&xc, &xs, NULL) == 0 && equal_icm(&xc, &s), "ic_dyadic_copy");
    ok(!ic_dyadic_is_zero(&xc), "ic_dyadic_is_zero: nonzero matrix");
    const ic_dyadic_mat *t2[2] = {&xa, &xa};
    const int c2[2] = {1, -1};
    ok(ic_dyadic_sum(&xc, t2, c2, 2, NULL) == 0 && ic_dyadic_is_zero(&xc), "ic_dyadic_is_zero: a - a");
    /* double-double round trip: about 106 bits */
    double hi[28], lo[28];
    ic_dyadic_get_dd(hi, lo, &xa);
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
    ok(worst < 0x1p-100, "ic_dyadic_get_dd: relative error %.3g < 2^-100", worst);
    ok(ic_dyadic_set_dd_trunc(&xc, hi, lo, 4, 7, beta, -40, NULL) == 0, "ic_dyadic_set_dd_trunc runs");
    double d = 0;
    {
        arf_ptr v = arf_vec(28);
        ic_dyadic_get_arf(v, &xc);
        for (int i = 0; i < 28; i++) {
            arf_get_mpfr(u, v + i, MPFR_RNDN);
            mpfr_sub_d(u, u, hi[i], MPFR_RNDN);
            mpfr_sub_d(u, u, lo[i], MPFR_RNDN);
            d = fmax(d, fabs(mpfr_get_d(u, MPFR_RNDU)));
        }
        arf_vec_free(v, 28);
    }
    ok(d <= 0x1p-800, "ic_dyadic_set_dd_trunc: hi + lo to the grid 2^-800, error %.3g", d);
    mpfr_clears(c, u, (mpfr_ptr)0);
    ic_dyadic_clear(&xa);
    ic_dyadic_clear(&xb);
    ic_dyadic_clear(&xt);
    ic_dyadic_clear(&xs);
    ic_dyadic_clear(&xc);
    ic_mat_clear(&a);
    ic_mat_clear(&b);
    ic_mat_clear(&t);
    ic_mat_clear(&s);
}

/* Same representation: shape, grid, digit count and every digit. */
static int same_digits(const ic_dyadic_mat *x, const ic_dyadic_mat *y)
{
    return x->rows == y->rows && x->cols == y->cols && x->k == y->k && x->top == y->top && x->beta == y->beta &&
           memcmp(x->d, y->d, (size_t)x->k * x->rows * x->cols * sizeof *x->d) == 0;
}

/* ic_dyadic_gram (dsyrk, dsyr2k) and ic_dyadic_view_trunc give the very
 * digits of the routes they replace (ic_dyadic_mul(a^T, a); a copy then
 * ic_dyadic_trunc), so the enclosures built on them stay bit for bit the
 * same; outputs reused across calls (smaller, then larger) too. */
static void test_gram_view(void)
{
    static const struct { size_t r, c; int bits, spread; } shapes[] = {
        { 64, 64, 180, 0 }, { 17, 9, 300, 40 }, { 5, 12, 53, 0 }, { 64, 64, 400, 200 },
    };
    ic_dyadic_mat c = {0};
    for (size_t t = 0; t < sizeof shapes / sizeof shapes[0]; t++) {
        ic_mat m, g;
        ic_dyadic_mat x = {0}, ref = {0}, cp = {0}, v = {0}, p1 = {0}, p2 = {0};
        int inexact, beta = ic_dyadic_beta(shapes[t].r);
        rand_icm(&m, shapes[t].r, shapes[t].c, shapes[t].bits, shapes[t].spread);
        ic_dyadic_set_mat(&x, &m, beta, IC_DYADIC_KMAX, &inexact, NULL);
        ic_mat_init(&g, shapes[t].c, shapes[t].c, BIG, NULL);
        int exact = ic_mat_mul_tn(&g, &m, &m);
        int rc = ic_dyadic_mul(&ref, &x, 1, &x, 0, NULL);
        int rc2 = ic_dyadic_gram(&c, &x, NULL); /* c reused from the previous shape */
        ok(!inexact && exact && !rc && !rc2 && equal_icm(&c, &g) && same_digits(&c, &ref),
           "gram %zu x %zu, %d bits: exact, and the digits of ic_dyadic_mul(a^T, a)", shapes[t].r, shapes[t].c,
           shapes[t].bits);
        int cuts = 0, same = 1;
        for (long cut = x.top - 1; cut >= x.top - x.k - 1 && same; cut--, cuts++) {
            ic_dyadic_copy(&cp, &x, NULL);
            ic_dyadic_trunc(&cp, cut);
            ic_dyadic_view_trunc(&v, &x, cut);
            rc = ic_dyadic_mul(&p1, &cp, 1, &x, 0, NULL);
            rc2 = ic_dyadic_mul(&p2, &v, 1, &x, 0, NULL);
            same = same_digits(&cp, &v) && !rc && !rc2 && same_digits(&p1, &p2);
            ic_dyadic_clear(&v);
        }
        ok(same && cuts == x.k + 1, "view_trunc = copy + trunc at each of %d cuts, and as an operand (%zu x %zu)",
           cuts, shapes[t].r, shapes[t].c);
        ic_dyadic_clear(&v); /* a view: forgets, does not free */
        ok(x.d != NULL && v.d == NULL, "clearing a view leaves its matrix alone");
        ic_dyadic_clear(&x);
        ic_dyadic_clear(&ref);
        ic_dyadic_clear(&cp);
        ic_dyadic_clear(&p1);
        ic_dyadic_clear(&p2);
        ic_mat_clear(&m);
        ic_mat_clear(&g);
    }
    ic_dyadic_clear(&c);
}

/* Planes come from a per-thread cache of freed buffers, which still hold
 * their old digits: a new matrix must start at zero, and a product into a
 * reused buffer must be the exact one, whatever was there before. */
static void test_reuse(void)
{
    ic_dyadic_mat a = {0}, z = {0};
    ic_dyadic_init(&a, 40, 40, 12, 0, 20, NULL);
    for (size_t i = 0; i < 12 * 40 * 40; i++)
        a.d[i] = 12345;
    ic_dyadic_clear(&a); /* to the cache, digits left in place */
    ic_dyadic_init(&z, 40, 40, 11, 0, 20, NULL);
    int zero = ic_dyadic_is_zero(&z);
    ok(zero, "a matrix on a reused buffer starts at zero");
    ic_dyadic_clear(&z);
    for (int t = 0; t < 3; t++) /* each product lands on buffers the previous ones left */
        check_mul(33, 40, 21, 150 + 50 * t, 90, 3, t == 1, t == 2);
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
    test_gram_view();
    test_reuse();
    flint_cleanup();
    return done_testing();
}
