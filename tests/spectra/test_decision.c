/* Tests for ic_decide: three-valued decisions on enclosures with known exact
 * spectra (proven, refuted, undecided at the cap, undecided until the
 * precision is raised), exactness of the built matrix, counts, the
 * decimal balls of ic_decide_spectrum_json, and the max-prec parameter. */
#include <stdlib.h>
#include <string.h>

#include "certificates/max_precision.h"
#include "spectra/decision.h"
#include "tap.h"

static void mat_d(ic_mat *m, size_t r, size_t c, mpfr_prec_t prec, const double *v)
{
    ic_mat_init(m, r, c, prec, NULL);
    ic_mat_set_d(m, v);
}

/* Q^T diag(1, 1.5, 2) Q with Q the Householder matrix of v = (1, 1, 1, 1)
 * (entries +-1/2: exact), padded with eigenvalue 1.25 in the last slot. */
static void conj_diag(ic_mat *out, mpfr_prec_t prec)
{
    double d[4] = { 1, 1.5, 2, 1.25 }, q[16], m[16];
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
            q[4 * i + j] = (i == j) - 0.5;
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) {
            m[4 * i + j] = 0;
            for (int k = 0; k < 4; k++)
                m[4 * i + j] += q[4 * k + i] * d[k] * q[4 * k + j];
        }
    mat_d(out, 4, 4, prec, m);
}

static void test_within(void)
{
    ic_mat a;
    ic_err err;
    conj_diag(&a, 128);
    mpfr_t re, im, r;
    mpfr_inits2(128, re, im, r, (mpfr_ptr)0);
    mpfr_set_d(re, 1.5, MPFR_RNDN);
    mpfr_set_zero(im, 1);
    ic_decide_disc disc = { re, im, r };
    ic_decide_result res;

    mpfr_set_d(r, 0.6, MPFR_RNDN);
    int rc = ic_decide_decide(&res, IC_DECIDE_EIG_SYM, ic_decide_build_copy, &a, 128, 4096, ic_decide_within, &disc, &err);
    ok(!rc && res.verdict == IC_DECIDE_PROVEN && res.bits == 128 && res.exact, "sym: all in |z - 1.5| <= 0.6 proven at 128 bits");
    ic_decide_result_clear(&res);

    mpfr_set_d(r, 0.4, MPFR_RNDN);
    rc = ic_decide_decide(&res, IC_DECIDE_EIG_SYM, ic_decide_build_copy, &a, 128, 4096, ic_decide_within, &disc, &err);
    ok(!rc && res.verdict == IC_DECIDE_REFUTED && res.bits == 128, "sym: |z - 1.5| <= 0.4 refuted (1 and 2 lie outside)");
    ic_decide_result_clear(&res);

    /* Eigenvalues 1 and 2 lie exactly on the circle of radius 1/2: exact
     * enclosures (radius 0, the basis is exactly orthogonal) decide it. */
    mpfr_set_d(r, 0.5, MPFR_RNDN);
    rc = ic_decide_decide(&res, IC_DECIDE_EIG_SYM, ic_decide_build_copy, &a, 128, 1024, ic_decide_within, &disc, &err);
    ok(!rc && res.verdict == IC_DECIDE_PROVEN, "sym: eigenvalues exactly on the circle proven inside (bits %ld)",
       (long)res.bits);
    ic_decide_result_clear(&res);

    /* [[2, 1], [1, 1]] has eigenvalues (3 +- sqrt 5) / 2, at distance
     * sqrt(5)/2 from 1.5; R is sqrt(5)/2 rounded at 2000 bits, so no
     * enclosure below about 2000 bits decides: undecided at the cap. */
    {
        ic_mat b;
        const double bv[4] = {2, 1, 1, 1};
        mat_d(&b, 2, 2, 128, bv);
        mpfr_t r2;
        mpfr_init2(r2, 2000);
        mpfr_sqrt_ui(r2, 5, MPFR_RNDN);
        mpfr_div_2ui(r2, r2, 1, MPFR_RNDN);
        ic_decide_disc d2 = {re, im, r2};
        rc = ic_decide_decide(&res, IC_DECIDE_EIG_SYM, ic_decide_build_copy, &b, 128, 1024, ic_decide_within, &d2, &err);
        ok(!rc && res.verdict == IC_DECIDE_UNDECIDED && res.bits == 1024,
           "sym: boundary case undecided at the cap 1024 (bits %ld)", (long)res.bits);
        ok(!strcmp(ic_decide_status(res.verdict), "undecided"), "status word 'undecided'");
        ic_decide_result_clear(&res);
        mpfr_clear(r2);
        ic_mat_clear(&b);
    }

    /* The general route on the same matrix agrees. */
    mpfr_set_d(r, 0.6, MPFR_RNDN);
    rc = ic_decide_decide(&res, IC_DECIDE_EIG_GEN, ic_decide_build_copy, &a, 128, 4096, ic_decide_within, &disc, &err);
    ok(!rc && res.verdict == IC_DECIDE_PROVEN, "gen: proven");
    ic_decide_result_clear(&res);
    mpfr_set_d(r, 0.4, MPFR_RNDN);
    rc = ic_decide_decide(&res, IC_DECIDE_EIG_GEN, ic_decide_build_copy, &a, 128, 4096, ic_decide_within, &disc, &err);
    ok(!rc && res.verdict == IC_DECIDE_REFUTED, "gen: refuted");
    ic_decide_result_clear(&res);

    /* A rotation: eigenvalues +-i, |z| <= 1 proven, |z - i| <= 1 refuted
     * (-i lies at distance 2). */
    ic_mat rot;
    mat_d(&rot, 2, 2, 64, (double[]){ 0, -1, 1, 0 });
    mpfr_set_zero(re, 1);
    mpfr_set_ui(r, 1, MPFR_RNDN);
    rc = ic_decide_decide(&res, IC_DECIDE_EIG_GEN, ic_decide_build_copy, &rot, 64, 4096, ic_decide_within, &disc, &err);
    ok(!rc && res.verdict == IC_DECIDE_PROVEN, "rotation: |z| <= 1 proven");
    ic_decide_result_clear(&res);
    mpfr_set_ui(im, 1, MPFR_RNDN);
    rc = ic_decide_decide(&res, IC_DECIDE_EIG_GEN, ic_decide_build_copy, &rot, 64, 4096, ic_decide_within, &disc, &err);
    ok(!rc && res.verdict == IC_DECIDE_REFUTED, "rotation: |z - i| <= 1 refuted");
    ic_decide_result_clear(&res);
    mpfr_t md;
    mpfr_init2(md, 64);
    mpfr_set_zero(im, 1);
    ic_encl_spectrum s = { 0 };
    ic_encl_eig_gen(&s, &rot, 0, &err);
    ic_decide_max_dist(md, &s, re, im);
    ok(mpfr_cmp_d(md, 1) >= 0 && mpfr_cmp_d(md, 1 + 1e-15) <= 0, "max |lambda - 0| bound in [1, 1 + 1e-15]: %g",
       mpfr_get_d(md, MPFR_RNDN));
    ic_encl_spectrum_clear(&s);
    mpfr_clear(md);
    ic_mat_clear(&rot);
    mpfr_clears(re, im, r, (mpfr_ptr)0);
    ic_mat_clear(&a);
}

/* [[1, h], [h, 1]] (+) [3] with h = 2^-301: eigenvalues 1 +- 2^-301 are
 * 2^-300 apart.  Whether they are distinct cannot be decided at 128 or
 * 256 bits (the discs overlap) and is proven once the enclosure is finer. */
static void test_raise(void)
{
    ic_err err;
    ic_mat a;
    ic_mat_init(&a, 3, 3, 64, NULL);
    mpfr_set_ui(IC_MAT_AT(&a, 0, 0), 1, MPFR_RNDN);
    mpfr_set_ui(IC_MAT_AT(&a, 1, 1), 1, MPFR_RNDN);
    mpfr_set_ui(IC_MAT_AT(&a, 2, 2), 3, MPFR_RNDN);
    mpfr_set_ui_2exp(IC_MAT_AT(&a, 0, 1), 1, -301, MPFR_RNDN);
    mpfr_set_ui_2exp(IC_MAT_AT(&a, 1, 0), 1, -301, MPFR_RNDN);
    ic_decide_result res;
    int rc = ic_decide_decide(&res, IC_DECIDE_EIG_SYM, ic_decide_build_copy, &a, 128, 256, ic_decide_simple, NULL, &err);
    ok(!rc && res.verdict == IC_DECIDE_UNDECIDED && res.bits == 256, "distinct: undecided up to 256 bits");
    ic_decide_result_clear(&res);
    rc = ic_decide_decide(&res, IC_DECIDE_EIG_SYM, ic_decide_build_copy, &a, 128, 4096, ic_decide_simple, NULL, &err);
    ok(!rc && res.verdict == IC_DECIDE_PROVEN && res.bits == 512, "distinct: proven after raising to 512 bits (%ld)",
       (long)res.bits);
    ok(res.spec.n == 3, "three separate clusters at 512 bits");
    ic_decide_result_clear(&res);
    rc = ic_decide_decide(&res, IC_DECIDE_EIG_GEN, ic_decide_build_copy, &a, 128, 4096, ic_decide_simple, NULL, &err);
    /* the general route refines beyond the working precision: it may
     * already separate 1 +- 2^-301 at 256 bits */
    ok(!rc && res.verdict == IC_DECIDE_PROVEN && res.bits <= 512, "gen route: also proven, at %ld bits", (long)res.bits);
    ic_decide_result_clear(&res);
    /* A truly double eigenvalue is never proven distinct. */
    mpfr_set_zero(IC_MAT_AT(&a, 0, 1), 1);
    mpfr_set_zero(IC_MAT_AT(&a, 1, 0), 1);
    rc = ic_decide_decide(&res, IC_DECIDE_EIG_SYM, ic_decide_build_copy, &a, 128, 512, ic_decide_simple, NULL, &err);
    ok(!rc && res.verdict == IC_DECIDE_UNDECIDED, "exactly double eigenvalue: distinctness stays undecided");
    ic_decide_result_clear(&res);
    ic_mat_clear(&a);
}

/* Exactness: a^T b needs about 2 x 60 bits; at 64 bits it is rounded, so
 * the first enclosure (of the rounded matrix) decides nothing. */
static void test_exactness(void)
{
    ic_err err;
    ic_mat a, b;
    ic_mat_init(&a, 1, 1, 64, NULL);
    ic_mat_init(&b, 1, 1, 64, NULL);
    mpfr_set_ui_2exp(IC_MAT_AT(&a, 0, 0), (1ul << 60) + 1, -60, MPFR_RNDN);
    mpfr_set_ui_2exp(IC_MAT_AT(&b, 0, 0), (1ul << 60) + 3, -60, MPFR_RNDN);
    ic_decide_tn ab = { &a, &b };
    mpfr_t re, im, r;
    mpfr_inits2(256, re, im, r, (mpfr_ptr)0);
    mpfr_set_ui(re, 1, MPFR_RNDN);
    mpfr_set_zero(im, 1);
    mpfr_set_ui_2exp(r, 1, -50, MPFR_RNDN);
    ic_decide_disc disc = { re, im, r };
    ic_decide_result res;
    int rc = ic_decide_decide(&res, IC_DECIDE_EIG_GEN, ic_decide_build_tn, &ab, 64, 64, ic_decide_within, &disc, &err);
    ok(!rc && !res.exact && res.verdict == IC_DECIDE_UNDECIDED, "rounded product at 64 bits: undecided");
    ic_decide_result_clear(&res);
    rc = ic_decide_decide(&res, IC_DECIDE_EIG_GEN, ic_decide_build_tn, &ab, 64, 4096, ic_decide_within, &disc, &err);
    ok(!rc && res.exact && res.verdict == IC_DECIDE_PROVEN && res.bits == 128, "exact at 128 bits: proven there");
    ic_decide_result_clear(&res);
    mpfr_clears(re, im, r, (mpfr_ptr)0);
    ic_mat_clear(&a);
    ic_mat_clear(&b);
}

/* Singular values 3, 2, 1e-10, 0 of a diagonal matrix conjugated by
 * permutation-like signs: counts and k-th value tests. */
static void test_counts(void)
{
    ic_err err;
    ic_mat a;
    mat_d(&a, 4, 4, 128, (double[]){ 0, 0, 3, 0, 0, -2, 0, 0, 1e-10, 0, 0, 0, 0, 0, 0, 0 });
    mpfr_t f, t;
    mpfr_inits2(128, f, t, (mpfr_ptr)0);
    mpfr_set_d(f, 1e-3, MPFR_RNDN);
    ic_decide_kth q = { 1, f, NULL };
    ic_decide_result res;
    int rc = ic_decide_decide(&res, IC_DECIDE_SVD, ic_decide_build_copy, &a, 128, 4096, ic_decide_kth_above, &q, &err);
    ok(!rc && res.verdict == IC_DECIDE_PROVEN, "sigma_2 = 2 > 1e-3 sigma_1 proven");
    size_t lo, hi;
    ic_decide_count_above(&res.spec, f, NULL, &lo, &hi);
    ok(lo == 2 && hi == 2, "two values above 1e-3 sigma_1 (%zu..%zu)", lo, hi);
    mpfr_set_d(t, 1e-11, MPFR_RNDN);
    ic_decide_count_above(&res.spec, NULL, t, &lo, &hi);
    ok(lo == 3 && hi == 3, "three above the absolute 1e-11 (%zu..%zu)", lo, hi);
    mpfr_t lo_, hi_;
    mpfr_inits2(128, lo_, hi_, (mpfr_ptr)0);
    ok(ic_decide_kth_interval(lo_, hi_, &res.spec, 2) && mpfr_cmp_d(lo_, 1e-10) <= 0 && mpfr_cmp_d(hi_, 1e-10) >= 0,
       "third value's interval holds 1e-10");
    ok(!ic_decide_kth_interval(lo_, hi_, &res.spec, 4), "no fifth value");
    mpfr_clears(lo_, hi_, (mpfr_ptr)0);
    ic_decide_result_clear(&res);
    q.k = 2;
    rc = ic_decide_decide(&res, IC_DECIDE_SVD, ic_decide_build_copy, &a, 128, 4096, ic_decide_kth_above, &q, &err);
    ok(!rc && res.verdict == IC_DECIDE_REFUTED, "sigma_3 = 1e-10 > 1e-3 sigma_1 refuted");
    ic_decide_result_clear(&res);
    q.k = 3;
    q.factor = NULL;
    q.abs = t;
    mpfr_set_zero(t, 1);
    rc = ic_decide_decide(&res, IC_DECIDE_SVD, ic_decide_build_copy, &a, 128, 4096, ic_decide_kth_above, &q, &err);
    ok(!rc && res.verdict == IC_DECIDE_REFUTED, "sigma_4 = 0 > 0 refuted (the zero singular value)");
    ic_decide_result_clear(&res);
    mpfr_clears(f, t, (mpfr_ptr)0);
    ic_mat_clear(&a);
}

/* Decimal balls: for [[1, 1], [1, -1]] the eigenvalues are +-sqrt 2; the
 * written balls contain sqrt 2 computed at 2000 bits, and are tight. */
static void test_json(void)
{
    ic_err err;
    ic_mat a;
    mat_d(&a, 2, 2, 256, (double[]){ 1, 1, 1, -1 });
    ic_encl_spectrum s = { 0 };
    int rc = ic_encl_eig_sym(&s, &a, 0, &err);
    json_t *j = ic_decide_spectrum_json(&s);
    ok(!rc && json_array_size(j) == 2, "two balls written");
    mpfr_t c, r, x, d;
    mpfr_inits2(2000, c, r, x, d, (mpfr_ptr)0);
    mpfr_sqrt_ui(x, 2, MPFR_RNDN);
    json_t *b = json_array_get(j, 0);
    mpfr_set_str(c, json_string_value(json_object_get(b, "re")), 10, MPFR_RNDN);
    mpfr_set_str(r, json_string_value(json_object_get(b, "rad")), 10, MPFR_RNDN);
    mpfr_sub(d, c, x, MPFR_RNDN);
    mpfr_abs(d, d, MPFR_RNDN);
    ok(mpfr_cmp(d, r) <= 0, "decimal ball 1 contains sqrt 2");
    ok(mpfr_cmp_d(r, 1e-70) < 0 && mpfr_sgn(r) > 0, "and is tight: rad %s",
       json_string_value(json_object_get(b, "rad")));
    ok(!strcmp(json_string_value(json_object_get(b, "im")), "0") &&
           json_integer_value(json_object_get(b, "mult")) == 1,
       "im 0, mult 1");
    b = json_array_get(j, 1);
    mpfr_set_str(c, json_string_value(json_object_get(b, "re")), 10, MPFR_RNDN);
    mpfr_set_str(r, json_string_value(json_object_get(b, "rad")), 10, MPFR_RNDN);
    mpfr_add(d, c, x, MPFR_RNDN);
    mpfr_abs(d, d, MPFR_RNDN);
    ok(mpfr_cmp(d, r) <= 0, "decimal ball 2 contains -sqrt 2");
    /* the written centre keeps the precision: sqrt 2 + 1e-60 is outside */
    mpfr_set_d(x, 1e-60, MPFR_RNDN);
    mpfr_add(d, d, x, MPFR_RNDN);
    ok(mpfr_cmp(d, r) > 0, "-sqrt 2 - 1e-60 is outside it");
    json_decref(j);
    mpfr_clears(c, r, x, d, (mpfr_ptr)0);
    ic_encl_spectrum_clear(&s);
    ic_mat_clear(&a);
}

/* A ball around 0 is written as centre 0 with a power-of-2^8 radius, so
 * the LAPACK start's noise in the centre does not reach the bytes. */
static void test_json_zero(void)
{
    ic_encl_spectrum s = { 0 };
    s.n = 1;
    s.prec = 256;
    s.rigorous = 1;
    s.c = calloc(1, sizeof *s.c);
    mpfr_inits2(256, s.c[0].re, s.c[0].im, s.c[0].rad, (mpfr_ptr)0);
    mpfr_set_d(s.c[0].re, -1.3e-87, MPFR_RNDN);
    mpfr_set_zero(s.c[0].im, 1);
    mpfr_set_d(s.c[0].rad, 1.4e-87, MPFR_RNDN);
    s.c[0].mult = 2;
    json_t *j = ic_decide_spectrum_json(&s);
    json_t *b = json_array_get(j, 0);
    mpfr_t r, want;
    mpfr_inits2(64, r, want, (mpfr_ptr)0);
    mpfr_set_str(r, json_string_value(json_object_get(b, "rad")), 10, MPFR_RNDN);
    mpfr_set_d(want, 2.7e-87, MPFR_RNDN);
    long e = mpfr_get_exp(r);
    ok(!strcmp(json_string_value(json_object_get(b, "re")), "0"), "ball around 0: centre written as 0");
    ok(mpfr_cmp(r, want) >= 0 && mpfr_cmp_d(r, 1e-84) < 0, "radius covers |centre| + rad: %s",
       json_string_value(json_object_get(b, "rad")));
    /* written radius = 2^(8j) up to its 6-digit decimal: exponent of the
     * binary value is 8j + 1 or rounding lands exactly at 2^(8j) */
    ok((e - 1) % 8 == 0 || e % 8 == 0, "radius is a power 2^(8j) (exponent %ld)", e);
    mpfr_set_d(s.c[0].re, 1.2e-87, MPFR_RNDN);
    json_t *j2 = ic_decide_spectrum_json(&s);
    ok(json_equal(j, j2), "another noisy centre gives the same bytes");
    json_decref(j);
    json_decref(j2);
    mpfr_clears(r, want, (mpfr_ptr)0);
    ic_encl_spectrum_clear(&s);
}

static void test_params(void)
{
    static const ic_param_spec spec[] = { IC_PARAM_MAX_PREC, IC_PARAM_END };
    ic_param_set p;
    ic_err err;
    ic_param_init(&p, spec, &err);
    ok(ic_decide_max_prec(&p, 256) == IC_DECIDE_MAX_PREC, "max-prec defaults to 4096");
    ok(ic_decide_max_prec(&p, 8192) == 8192, "never below prec");
    ok(ic_param_set_value(&p, "max-prec", "1024", "test", &err) == IC_OK && ic_decide_max_prec(&p, 256) == 1024,
       "max-prec 1024 taken");
    ok(ic_param_set_value(&p, "max-prec", "32", "test", &err) == IC_EINPUT && strstr(err.msg, "--max-prec"),
       "max-prec 32 refused: %s", err.msg);
    ic_param_clear(&p);
}

int main(void)
{
    test_within();
    test_json_zero();
    test_raise();
    test_exactness();
    test_counts();
    test_json();
    test_params();
    return done_testing();
}
