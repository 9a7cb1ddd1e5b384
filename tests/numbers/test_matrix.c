/* Tests for ic_mat: every function, products and solves against GSL in
 * double, exactness flags, precision of results, aliasing. */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_linalg.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "numbers/matrix.h"
#include "tap.h"

static uint64_t rng_state = 0x243f6a8885a308d3u;

/* Deterministic uniform double in [-1, 1). */
static double rnd(void)
{
    rng_state = rng_state * 6364136223846793005u + 1442695040888963407u;
    return (double)(int64_t)(rng_state & 0xfffffffffffff800u) / 9223372036854775808.0;
}

static void fill(double *v, size_t n)
{
    for (size_t k = 0; k < n; k++)
        v[k] = rnd();
}

static double max_diff(const double *a, const double *b, size_t n)
{
    double m = 0;
    for (size_t k = 0; k < n; k++)
        m = fmax(m, fabs(a[k] - b[k]));
    return m;
}

static int all_prec(const ic_mat *m, mpfr_prec_t p)
{
    for (size_t k = 0; k < m->rows * m->cols; k++)
        if (mpfr_get_prec(m->e[k]) != p)
            return 0;
    return m->prec == p;
}

static void test_init(void)
{
    ic_mat m;
    ic_err err;
    ok(ic_mat_init(&m, 3, 4, 77, &err) == IC_OK && m.rows == 3 && m.cols == 4 && all_prec(&m, 77), "init 3x4 at 77 bits");
    int zero = 1;
    for (size_t k = 0; k < 12; k++)
        zero = zero && mpfr_zero_p(m.e[k]);
    ok(zero, "init gives zeros");
    ic_mat_clear(&m);
    ok(m.e == NULL && m.rows == 0, "clear resets the matrix");
    ic_mat_clear(&m); /* twice is harmless */
    ok(ic_mat_init(&m, SIZE_MAX / 2, 3, 53, &err) == IC_EINTERNAL && m.e == NULL && strstr(err.msg, "overflow"),
       "init refuses a size that overflows: %s", err.msg);
    ok(ic_mat_init(&m, 0, 5, 53, &err) == IC_OK && m.rows == 0 && m.cols == 5, "init 0x5 works");
    ic_mat_clear(&m);
}

static void test_basic_ops(void)
{
    ic_mat a, b, t;
    ic_mat_init(&a, 2, 3, 64, NULL);
    ic_mat_init(&b, 2, 3, 20, NULL);
    ic_mat_init(&t, 3, 2, 64, NULL);
    const double v[6] = {1, -2.5, 1.0 / 3, 4, 1e-300, -7};
    double back[6];
    ic_mat_set_d(&a, v);
    ic_mat_get_d(back, &a);
    ok(memcmp(v, back, sizeof v) == 0, "set_d / get_d round trip at 64 bits");
    ic_mat_copy(&b, &a);
    mpfr_t r;
    mpfr_init2(r, 20);
    mpfr_set_d(r, 1.0 / 3, MPFR_RNDN);
    ok(all_prec(&b, 20) && mpfr_equal_p(IC_MAT_AT(&b, 0, 2), r) && mpfr_cmp_d(IC_MAT_AT(&b, 0, 1), -2.5) == 0,
       "copy rounds to the destination precision");
    ic_mat_transpose(&t, &a);
    int tr = 1;
    for (size_t i = 0; i < 2; i++)
        for (size_t j = 0; j < 3; j++)
            tr = tr && mpfr_equal_p(IC_MAT_AT(&t, j, i), IC_MAT_AT(&a, i, j));
    ok(tr, "transpose");
    ic_mat_set_identity(&t);
    ok(mpfr_cmp_ui(IC_MAT_AT(&t, 0, 0), 1) == 0 && mpfr_cmp_ui(IC_MAT_AT(&t, 1, 1), 1) == 0 && mpfr_zero_p(IC_MAT_AT(&t, 2, 0)) &&
           mpfr_zero_p(IC_MAT_AT(&t, 2, 1)) && mpfr_zero_p(IC_MAT_AT(&t, 0, 1)),
       "identity on a 3x2 matrix");
    ic_mat_zero(&t);
    mpfr_set_ui(r, 0, MPFR_RNDN);
    ic_mat_max_abs(r, &t);
    ok(mpfr_zero_p(r), "zero");
    mpfr_clear(r);
    ic_mat_clear(&a);
    ic_mat_clear(&b);
    ic_mat_clear(&t);
}

/* a b, a^T b, a b^T against gsl_blas_dgemm. */
static void test_products_vs_gsl(void)
{
    enum { M = 4, K = 3, N = 5 };
    double ad[M * K], bd[K * N], btd[N * K], atd[K * M], cd[M * N], got[M * N];
    fill(ad, M * K);
    fill(bd, K * N);
    for (size_t i = 0; i < K; i++)
        for (size_t j = 0; j < N; j++)
            btd[j * K + i] = bd[i * N + j];
    for (size_t i = 0; i < M; i++)
        for (size_t j = 0; j < K; j++)
            atd[j * M + i] = ad[i * K + j];
    gsl_matrix_view ga = gsl_matrix_view_array(ad, M, K), gb = gsl_matrix_view_array(bd, K, N);
    gsl_matrix_view gc = gsl_matrix_view_array(cd, M, N);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, &ga.matrix, &gb.matrix, 0.0, &gc.matrix);
    ic_mat a, b, at, bt, c;
    ic_mat_init(&a, M, K, 256, NULL);
    ic_mat_init(&b, K, N, 256, NULL);
    ic_mat_init(&at, K, M, 256, NULL);
    ic_mat_init(&bt, N, K, 256, NULL);
    ic_mat_init(&c, M, N, 256, NULL);
    ic_mat_set_d(&a, ad);
    ic_mat_set_d(&b, bd);
    ic_mat_set_d(&at, atd);
    ic_mat_set_d(&bt, btd);
    int ex = ic_mat_mul(&c, &a, &b);
    ic_mat_get_d(got, &c);
    ok(max_diff(got, cd, M * N) < 1e-15, "mul agrees with gsl_blas_dgemm (diff %g)", max_diff(got, cd, M * N));
    ok(ex == 1, "53-bit inputs: products exact at 256 bits");
    ex = ic_mat_mul_tn(&c, &at, &b);
    ic_mat_get_d(got, &c);
    ok(ex == 1 && max_diff(got, cd, M * N) < 1e-15, "mul_tn(a^T, b) agrees with dgemm");
    ex = ic_mat_mul_nt(&c, &a, &bt);
    ic_mat_get_d(got, &c);
    ok(ex == 1 && max_diff(got, cd, M * N) < 1e-15, "mul_nt(a, b^T) agrees with dgemm");

    /* At 53 bits each entry is the correctly rounded exact dot product. */
    ic_mat c53, c20;
    ic_mat_init(&c53, M, N, 53, NULL);
    ic_mat_init(&c20, M, N, 20, NULL);
    ic_mat_mul(&c, &a, &b);
    int ex53 = ic_mat_mul(&c53, &a, &b);
    ic_mat_mul(&c20, &a, &b);
    int cr = 1;
    mpfr_t r;
    mpfr_init2(r, 20);
    for (size_t k = 0; k < M * N; k++) {
        cr = cr && mpfr_get_d(c.e[k], MPFR_RNDN) == mpfr_get_d(c53.e[k], MPFR_RNDN);
        mpfr_set(r, c.e[k], MPFR_RNDN);
        cr = cr && mpfr_equal_p(r, c20.e[k]);
    }
    mpfr_clear(r);
    ok(cr && all_prec(&c20, 20) && all_prec(&c53, 53), "products correctly rounded at 53 and 20 bits");
    ok(ex53 == 0, "random 53-bit products are not exact at 53 bits");
    ic_mat_clear(&c53);
    ic_mat_clear(&c20);
    ic_mat_clear(&a);
    ic_mat_clear(&b);
    ic_mat_clear(&at);
    ic_mat_clear(&bt);
    ic_mat_clear(&c);
}

static void test_exactness(void)
{
    ic_mat a, b, c, c64;
    ic_mat_init(&a, 1, 2, 53, NULL);
    ic_mat_init(&b, 2, 1, 53, NULL);
    ic_mat_init(&c, 1, 1, 53, NULL);
    ic_mat_init(&c64, 1, 1, 64, NULL);
    ic_mat_set_d(&a, (const double[2]){1.0 / 3, 0});
    ic_mat_set_d(&b, (const double[2]){3, 5});
    /* 3 * RN(1/3) = 1 - 2^-54 needs 54 bits */
    ok(ic_mat_mul(&c, &a, &b) == 0 && mpfr_cmp_ui(IC_MAT_AT(&c, 0, 0), 1) == 0, "3 * RN(1/3) at 53 bits: inexact, rounds to 1");
    ok(ic_mat_mul(&c64, &a, &b) == 1 && mpfr_cmp_d(IC_MAT_AT(&c64, 0, 0), 1) < 0, "at 64 bits: exact, 1 - 2^-54");
    ic_mat_set_d(&a, (const double[2]){0.5, -0.25});
    ic_mat_set_d(&b, (const double[2]){6, 8});
    ok(ic_mat_mul(&c, &a, &b) == 1 && mpfr_cmp_si(IC_MAT_AT(&c, 0, 0), 1) == 0, "dyadic inputs: exact");
    /* cancellation: (2^60 + 1) - 2^60 needs 61 bits of the summands, but
     * mpfr_dot rounds only once, so the result 1 is exact at 53 bits */
    ic_mat a2, b2;
    ic_mat_init(&a2, 1, 2, 64, NULL);
    ic_mat_init(&b2, 2, 1, 64, NULL);
    mpfr_set_ui_2exp(IC_MAT_AT(&a2, 0, 0), 1, 60, MPFR_RNDN);
    mpfr_add_ui(IC_MAT_AT(&a2, 0, 0), IC_MAT_AT(&a2, 0, 0), 1, MPFR_RNDN);
    mpfr_set_ui_2exp(IC_MAT_AT(&a2, 0, 1), 1, 60, MPFR_RNDN);
    mpfr_set_ui(IC_MAT_AT(&b2, 0, 0), 1, MPFR_RNDN);
    mpfr_set_si(IC_MAT_AT(&b2, 1, 0), -1, MPFR_RNDN);
    ok(ic_mat_mul(&c, &a2, &b2) == 1 && mpfr_cmp_ui(IC_MAT_AT(&c, 0, 0), 1) == 0, "single rounding: cancellation exact");
    ic_mat_clear(&a);
    ic_mat_clear(&b);
    ic_mat_clear(&c);
    ic_mat_clear(&c64);
    ic_mat_clear(&a2);
    ic_mat_clear(&b2);
}

static void test_elementwise(void)
{
    ic_mat a, b, c;
    ic_mat_init(&a, 2, 2, 64, NULL);
    ic_mat_init(&b, 2, 2, 64, NULL);
    ic_mat_init(&c, 2, 2, 64, NULL);
    ic_mat_set_d(&a, (const double[4]){1, 2, 3, 4});
    ic_mat_set_d(&b, (const double[4]){0.5, -1, 8, 0});
    double got[4];
    ic_mat_add(&c, &a, &b);
    ic_mat_get_d(got, &c);
    ok(got[0] == 1.5 && got[1] == 1 && got[2] == 11 && got[3] == 4, "add");
    ic_mat_sub(&c, &a, &b);
    ic_mat_get_d(got, &c);
    ok(got[0] == 0.5 && got[1] == 3 && got[2] == -5 && got[3] == 4, "sub");
    ic_mat_copy(&c, &a);
    ic_mat_add(&c, &c, &c);
    ic_mat_get_d(got, &c);
    ok(got[0] == 2 && got[3] == 8, "add with output aliasing both inputs");
    mpfr_t s, r;
    mpfr_inits2(64, s, r, (mpfr_ptr)0);
    mpfr_set_d(s, -0.5, MPFR_RNDN);
    ic_mat_copy(&c, &a);
    ic_mat_scale(&c, &c, s);
    ic_mat_get_d(got, &c);
    ok(got[0] == -0.5 && got[1] == -1 && got[2] == -1.5 && got[3] == -2, "scale in place");
    ic_mat_copy(&c, &b);
    ic_mat_axpy(&c, s, &a); /* b - a/2 */
    ic_mat_get_d(got, &c);
    ok(got[0] == 0 && got[1] == -2 && got[2] == 6.5 && got[3] == -2, "axpy");
    ic_mat_copy(&c, &a);
    ic_mat_axpy(&c, s, &c); /* a/2 */
    ic_mat_get_d(got, &c);
    ok(got[0] == 0.5 && got[3] == 2, "axpy aliased");
    ic_mat_trace(r, &a);
    ok(mpfr_cmp_ui(r, 5) == 0, "trace");
    ic_mat_frob2(r, &a);
    ok(mpfr_cmp_ui(r, 30) == 0, "frob2");
    ic_mat_frob(r, &a);
    ok(fabs(mpfr_get_d(r, MPFR_RNDN) - sqrt(30)) < 1e-15, "frob");
    ic_mat_max_abs(r, &b);
    ok(mpfr_cmp_ui(r, 8) == 0, "max_abs");
    ic_mat_set_d(&b, (const double[4]){0.5, -9, 8, 0});
    ic_mat_max_abs(r, &b);
    ok(mpfr_cmp_ui(r, 9) == 0, "max_abs of a negative entry is positive");
    ic_mat_dot(r, &a, &b);
    ok(mpfr_cmp_d(r, 6.5) == 0, "dot = 0.5 - 18 + 24 + 0");
    ic_mat e;
    ic_mat_init(&e, 0, 3, 64, NULL);
    mpfr_set_ui(r, 7, MPFR_RNDN);
    ic_mat_max_abs(r, &e);
    ok(mpfr_zero_p(r), "max_abs of an empty matrix is 0");
    /* trace of a sum that cancels is computed with one rounding */
    ic_mat big;
    ic_mat_init(&big, 3, 3, 53, NULL);
    mpfr_set_d(IC_MAT_AT(&big, 0, 0), 1e30, MPFR_RNDN);
    mpfr_set_d(IC_MAT_AT(&big, 1, 1), 1, MPFR_RNDN);
    mpfr_set_d(IC_MAT_AT(&big, 2, 2), -1e30, MPFR_RNDN);
    ic_mat_trace(r, &big);
    ok(mpfr_cmp_ui(r, 1) == 0, "trace 1e30 + 1 - 1e30 = 1 (correctly rounded sum)");
    mpfr_clears(s, r, (mpfr_ptr)0);
    ic_mat_clear(&a);
    ic_mat_clear(&b);
    ic_mat_clear(&c);
    ic_mat_clear(&e);
    ic_mat_clear(&big);
}

/* Solves against gsl_linalg_LU_solve, plus the residual at 256 bits. */
static void test_solve(void)
{
    enum { N = 6, K = 2 };
    double ad[N * N], bd[N * K];
    fill(ad, N * N);
    fill(bd, N * K);
    ic_mat a, b, x, r;
    ic_err err;
    ic_mat_init(&a, N, N, 256, NULL);
    ic_mat_init(&b, N, K, 256, NULL);
    ic_mat_init(&x, N, K, 256, NULL);
    ic_mat_init(&r, N, K, 256, NULL);
    ic_mat_set_d(&a, ad);
    ic_mat_set_d(&b, bd);
    ok(ic_mat_solve(&x, &a, &b, &err) == IC_OK, "solve 6x6 with 2 right-hand sides");
    double got[N * K];
    ic_mat_get_d(got, &x);
    gsl_matrix *lu = gsl_matrix_alloc(N, N);
    gsl_permutation *p = gsl_permutation_alloc(N);
    gsl_vector *gx = gsl_vector_alloc(N);
    int sgn, agree = 1;
    memcpy(lu->data, ad, sizeof ad);
    gsl_linalg_LU_decomp(lu, p, &sgn);
    for (size_t c = 0; c < K; c++) {
        gsl_vector *gb = gsl_vector_alloc(N);
        for (size_t i = 0; i < N; i++)
            gsl_vector_set(gb, i, bd[i * K + c]);
        gsl_linalg_LU_solve(lu, p, gb, gx);
        for (size_t i = 0; i < N; i++)
            agree = agree && fabs(gsl_vector_get(gx, i) - got[i * K + c]) < 1e-10 * (1 + fabs(got[i * K + c]));
        gsl_vector_free(gb);
    }
    ok(agree, "solve agrees with gsl_linalg_LU_solve");
    ic_mat_mul(&r, &a, &x);
    ic_mat_sub(&r, &r, &b);
    mpfr_t m;
    mpfr_init2(m, 64);
    ic_mat_max_abs(m, &r);
    ok(mpfr_cmp_d(m, 1e-70) < 0, "residual |a x - b| < 1e-70 at 256 bits (%g)", mpfr_get_d(m, MPFR_RNDN));
    /* pivoting: zero leading entry */
    ic_mat p2, b2, x2;
    ic_mat_init(&p2, 2, 2, 53, NULL);
    ic_mat_init(&b2, 2, 1, 53, NULL);
    ic_mat_init(&x2, 2, 1, 53, NULL);
    ic_mat_set_d(&p2, (const double[4]){0, 2, 4, 1});
    ic_mat_set_d(&b2, (const double[2]){6, 9});
    ok(ic_mat_solve(&x2, &p2, &b2, &err) == IC_OK && mpfr_cmp_d(IC_MAT_AT(&x2, 0, 0), 1.5) == 0 &&
           mpfr_cmp_ui(IC_MAT_AT(&x2, 1, 0), 3) == 0,
       "pivoting handles a zero leading entry: x = (1.5, 3)");
    ic_mat_set_d(&p2, (const double[4]){1, 2, 2, 4});
    ok(ic_mat_solve(&x2, &p2, &b2, &err) == IC_FAIL && strstr(err.msg, "singular"), "singular: IC_FAIL (%s)", err.msg);
    ok(ic_mat_solve(&x2, &a, &b2, &err) == IC_EINPUT, "shape mismatch: IC_EINPUT");
    mpfr_clear(m);
    gsl_matrix_free(lu);
    gsl_permutation_free(p);
    gsl_vector_free(gx);
    ic_mat_clear(&a);
    ic_mat_clear(&b);
    ic_mat_clear(&x);
    ic_mat_clear(&r);
    ic_mat_clear(&p2);
    ic_mat_clear(&b2);
    ic_mat_clear(&x2);
}

static void test_scaled(void)
{
    ic_mat m;
    ic_mat_init(&m, 2, 2, 128, NULL);
    ok(ic_mat_emax(&m) == 0, "ic_mat_emax of a zero matrix is 0");
    mpfr_set_d(IC_MAT_AT(&m, 0, 0), 3, MPFR_RNDN);           /* exponent 2 */
    mpfr_set_si_2exp(IC_MAT_AT(&m, 0, 1), -5, 3000, MPFR_RNDN); /* 5 2^3000: exponent 3003 */
    mpfr_set_si_2exp(IC_MAT_AT(&m, 1, 0), 1, -3000, MPFR_RNDN);
    ok(ic_mat_emax(&m) == 3003, "ic_mat_emax = %ld", (long)ic_mat_emax(&m));
    double d[4];
    ic_mat_get_d_scaled(d, &m);
    ok(d[0] == ldexp(3, -3003) && d[1] == -5.0 / 8 && d[2] == 0 && d[3] == 0,
       "ic_mat_get_d_scaled: m 2^-3003 in doubles (tiny entries flush to 0)");
    ic_mat_clear(&m);
}

/* ic_mat_frob2 sums the squares exactly and rounds once: the value
 * mpfr_dot gives (correctly rounded), on entries of mixed precisions and
 * exponents, with zeros, at a precision that must round. */
static void test_frob_exact(void)
{
    static const long spreads[] = { 0, 40, 3000, 20000 };
    uint64_t st = 0x853c49e6748fea9bu;
    for (size_t t = 0; t < sizeof spreads / sizeof spreads[0]; t++) {
        ic_mat a;
        ic_mat_init(&a, 9, 7, 300, NULL);
        mpfr_ptr *p = malloc((a.rows * a.cols) * sizeof *p);
        for (size_t k = 0; k < (a.rows * a.cols); k++) {
            st = st * 6364136223846793005u + 1442695040888963407u;
            if (st % 13 == 0)
                mpfr_set_zero(a.e[k], 1);
            else {
                mpfr_set_si(a.e[k], (long)(int32_t)(st >> 32), MPFR_RNDN);
                mpfr_mul_ui(a.e[k], a.e[k], (unsigned long)(st >> 40) | 1, MPFR_RNDN);
                mpfr_mul_2si(a.e[k], a.e[k], spreads[t] ? (long)(st % (uint64_t)spreads[t]) - spreads[t] / 2 : -40,
                             MPFR_RNDN);
            }
            p[k] = a.e[k];
        }
        mpfr_t r, want;
        mpfr_init2(r, 53);
        mpfr_init2(want, 53);
        ic_mat_frob2(r, &a);
        mpfr_dot(want, p, p, (a.rows * a.cols), MPFR_RNDN);
        ok(mpfr_equal_p(r, want), "frob2 = mpfr_dot, correctly rounded, exponents spread over %ld bits", spreads[t]);
        mpfr_clear(r);
        mpfr_clear(want);
        free(p);
        ic_mat_clear(&a);
    }
}

int main(void)
{
    test_frob_exact();
    test_init();
    test_scaled();
    test_basic_ops();
    test_products_vs_gsl();
    test_exactness();
    test_elementwise();
    test_solve();
    mpfr_free_cache();
    return done_testing();
}
