/* Tests for ic_encl: matrices with exactly known spectra (exact in binary),
 * cross-checks between routes, and GSL in double as an outside witness.  The
 * fast routes (src/spectra/enclosure_symmetric.c, enclosure_general.c) are
 * tested here through ic_encl_eig_sym_route and ic_encl_eig_gen_route. */
#include <acb_mat.h>
#include <arb_fmpz_poly.h>
#include <flint/fmpz_poly_factor.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_linalg.h>
#include <math.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "spectra/enclosure.h"
#include "tap.h"

#define P 256

static int rc; /* last ic_encl_* status; called before ok() since its arguments are unsequenced */

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

/* Deterministic uniform double in [-1, 1) with 30 significant bits. */
static double rnd(void)
{
    rng_state = rng_state * 6364136223846793005u + 1442695040888963407u;
    return (double)(int32_t)(rng_state >> 32) / 2147483648.0;
}

static void mat_d(ic_mat *m, size_t r, size_t c, mpfr_prec_t prec, const double *v)
{
    ic_mat_init(m, r, c, prec, NULL);
    ic_mat_set_d(m, v);
}

/* Householder I - 2 v v^T / (v^T v) with v^T v a power of two: exact. */
static void householder(ic_mat *h, const double *v, size_t n, mpfr_prec_t prec)
{
    double vv = 0;
    for (size_t i = 0; i < n; i++)
        vv += v[i] * v[i];
    ic_mat_init(h, n, n, prec, NULL);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            mpfr_set_d(IC_MAT_AT(h, i, j), (i == j) - 2 * v[i] * v[j] / vv, MPFR_RNDN);
}

/* out = q^T m q, asserting that it is exact. */
static void conjugate(ic_mat *out, const ic_mat *q, const ic_mat *m)
{
    ic_mat t;
    ic_mat_init(&t, m->rows, q->cols, out->prec, NULL);
    int e1 = ic_mat_mul(&t, m, q);
    int e2 = ic_mat_mul_tn(out, q, &t);
    ok(e1 && e2, "test matrix q^T m q formed exactly");
    ic_mat_clear(&t);
}

/* |z - centre| <= rad, evaluated well above the cluster precision. */
static int contains(const ic_encl_cluster *c, mpfr_srcptr re, mpfr_srcptr im)
{
    mpfr_t dr, di, d;
    mpfr_prec_t p = 4 * (mpfr_get_prec(c->re) + mpfr_get_prec(re)) + 64;
    mpfr_inits2(p, dr, di, d, (mpfr_ptr)0);
    mpfr_sub(dr, re, c->re, MPFR_RNDN);
    mpfr_sub(di, im, c->im, MPFR_RNDN);
    mpfr_hypot(d, dr, di, MPFR_RNDD);
    int in = mpfr_cmp(d, c->rad) <= 0;
    mpfr_clears(dr, di, d, (mpfr_ptr)0);
    return in;
}

static int contains_d(const ic_encl_cluster *c, double re, double im)
{
    mpfr_t r, i;
    mpfr_inits2(64, r, i, (mpfr_ptr)0);
    mpfr_set_d(r, re, MPFR_RNDN);
    mpfr_set_d(i, im, MPFR_RNDN);
    int in = contains(c, r, i);
    mpfr_clears(r, i, (mpfr_ptr)0);
    return in;
}

/* Index of the only cluster containing the point, -1 if none or several. */
static long find_d(const ic_encl_spectrum *s, double re, double im)
{
    long k = -1;
    for (size_t i = 0; i < s->n; i++)
        if (contains_d(&s->c[i], re, im)) {
            if (k >= 0)
                return -1;
            k = (long)i;
        }
    return k;
}

static double max_rad(const ic_encl_spectrum *s)
{
    double m = 0;
    for (size_t i = 0; i < s->n; i++)
        m = fmax(m, mpfr_get_d(s->c[i].rad, MPFR_RNDU));
    return m;
}

static size_t sum_mult(const ic_encl_spectrum *s)
{
    size_t k = 0;
    for (size_t i = 0; i < s->n; i++)
        k += s->c[i].mult;
    return k;
}

/* Sorted by decreasing re then im, precisions as promised, real when asked. */
static int well_formed(const ic_encl_spectrum *s, mpfr_prec_t prec, int real)
{
    for (size_t i = 0; i < s->n; i++) {
        const ic_encl_cluster *c = &s->c[i];
        if (mpfr_get_prec(c->re) != prec || mpfr_get_prec(c->im) != prec || mpfr_get_prec(c->rad) != prec)
            return 0;
        if (mpfr_sgn(c->rad) < 0 || !mpfr_number_p(c->rad) || c->mult == 0)
            return 0;
        if (real && !mpfr_zero_p(c->im))
            return 0;
        if (i > 0) {
            int cr = mpfr_cmp(s->c[i - 1].re, c->re);
            if (cr < 0 || (cr == 0 && mpfr_cmp(s->c[i - 1].im, c->im) < 0))
                return 0;
        }
    }
    return s->prec == prec;
}

/* Every cluster of a overlaps a cluster of b with the same multiplicity. */
static int same_clusters(const ic_encl_spectrum *a, const ic_encl_spectrum *b)
{
    if (a->n != b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++) {
        mpfr_t d, r;
        mpfr_inits2(2 * a->prec, d, r, (mpfr_ptr)0);
        mpfr_sub(d, a->c[i].re, b->c[i].re, MPFR_RNDN);
        mpfr_hypot(d, d, d, MPFR_RNDN); /* |dre| * sqrt 2: generous */
        mpfr_add(r, a->c[i].rad, b->c[i].rad, MPFR_RNDU);
        mpfr_mul_ui(r, r, 2, MPFR_RNDU);
        int ok1 = mpfr_cmp(d, r) <= 0 && a->c[i].mult == b->c[i].mult;
        mpfr_sub(d, a->c[i].im, b->c[i].im, MPFR_RNDN);
        mpfr_abs(d, d, MPFR_RNDN);
        ok1 = ok1 && mpfr_cmp(d, r) <= 0;
        mpfr_clears(d, r, (mpfr_ptr)0);
        if (!ok1)
            return 0;
    }
    return 1;
}

static void test_diagonal(void)
{
    const double d[5] = {3, -1, 2.5, 0, 7};
    double a[25] = {0};
    for (int i = 0; i < 5; i++)
        a[i * 5 + i] = d[i];
    ic_mat m;
    mat_d(&m, 5, 5, P, a);
    ic_encl_spectrum s, g, v;
    ic_err err;
    rc = ic_encl_eig_sym(&s, &m, 0, &err);
    ok(rc == IC_OK, "diag: eig_sym runs");
    ok(s.n == 5 && s.rigorous && well_formed(&s, P, 1), "diag: 5 rigorous real clusters, sorted");
    int all = 1;
    for (int i = 0; i < 5; i++)
        all = all && find_d(&s, d[i], 0) >= 0 && s.c[find_d(&s, d[i], 0)].mult == 1;
    ok(all && max_rad(&s) < 1e-60, "diag: eig_sym encloses each entry, max rad %g", max_rad(&s));
    ok(mpfr_cmp_d(s.c[0].re, 7) == 0 && mpfr_cmp_d(s.c[4].re, -1) == 0, "diag: order 7 ... -1");
    rc = ic_encl_eig_gen(&g, &m, 0, &err);
    ok(rc == IC_OK && g.rigorous && well_formed(&g, P, 1), "diag: eig_gen rigorous");
    ok(same_clusters(&s, &g) && max_rad(&g) < 1e-60, "diag: eig_gen agrees with eig_sym, max rad %g", max_rad(&g));
    rc = ic_encl_svd(&v, &m, 0, &err);
    ok(rc == IC_OK && v.rigorous && v.n == 5 && well_formed(&v, P, 1), "diag: svd rigorous");
    all = 1;
    for (int i = 0; i < 5; i++)
        all = all && find_d(&v, fabs(d[i]), 0) >= 0;
    ok(all && max_rad(&v) < 1e-60, "diag: singular values are |d_i|, max rad %g", max_rad(&v));
    ic_encl_spectrum_clear(&s);
    ic_encl_spectrum_clear(&g);
    ic_encl_spectrum_clear(&v);
    ic_mat_clear(&m);
}

/* Block diag(s1 R(t1), s2 R(t2), -1.25) conjugated by an exact orthogonal
 * matrix: eigenvalues exactly a_k +/- i b_k with a, b the rounded entries. */
static void test_rotations(void)
{
    const mpfr_prec_t pm = P + 64; /* room for the exact conjugation */
    ic_mat m, q, h1, h2, c;
    ic_mat_init(&m, 5, 5, pm, NULL);
    mpfr_t a[2], b[2], zero;
    const double sc[2] = {2, 0.5}, th[2] = {0.7, 2.0};
    mpfr_init2(zero, 64);
    mpfr_set_zero(zero, 1);
    for (int k = 0; k < 2; k++) {
        mpfr_inits2(P, a[k], b[k], (mpfr_ptr)0);
        mpfr_set_d(a[k], th[k], MPFR_RNDN);
        mpfr_sin_cos(b[k], a[k], a[k], MPFR_RNDN);
        mpfr_mul_d(a[k], a[k], sc[k], MPFR_RNDN);
        mpfr_mul_d(b[k], b[k], sc[k], MPFR_RNDN);
        mpfr_set(IC_MAT_AT(&m, 2 * k, 2 * k), a[k], MPFR_RNDN);
        mpfr_set(IC_MAT_AT(&m, 2 * k + 1, 2 * k + 1), a[k], MPFR_RNDN);
        mpfr_neg(IC_MAT_AT(&m, 2 * k, 2 * k + 1), b[k], MPFR_RNDN);
        mpfr_set(IC_MAT_AT(&m, 2 * k + 1, 2 * k), b[k], MPFR_RNDN);
    }
    mpfr_set_d(IC_MAT_AT(&m, 4, 4), -1.25, MPFR_RNDN);
    const double v1[5] = {1, 1, 1, 1, 0}, v2[5] = {0, 1, 1, 1, 1};
    householder(&h1, v1, 5, pm);
    householder(&h2, v2, 5, pm);
    ic_mat_init(&q, 5, 5, pm, NULL);
    ic_mat_init(&c, 5, 5, pm, NULL);
    ok(ic_mat_mul(&q, &h1, &h2), "rotations: q = h1 h2 exact");
    conjugate(&c, &q, &m);
    ic_encl_spectrum s;
    ic_err err;
    rc = ic_encl_eig_gen(&s, &c, 0, &err);
    ok(rc == IC_OK && s.rigorous, "rotations: eig_gen rigorous");
    ok(s.n == 5 && sum_mult(&s) == 5 && well_formed(&s, pm, 0), "rotations: 5 clusters, well formed");
    int all = 1;
    for (int k = 0; k < 2; k++) {
        mpfr_t nb;
        mpfr_init2(nb, P);
        mpfr_neg(nb, b[k], MPFR_RNDN);
        int hit_p = 0, hit_m = 0;
        for (size_t i = 0; i < s.n; i++) {
            hit_p += contains(&s.c[i], a[k], b[k]);
            hit_m += contains(&s.c[i], a[k], nb);
        }
        all = all && hit_p == 1 && hit_m == 1;
        mpfr_clear(nb);
    }
    long r = find_d(&s, -1.25, 0);
    ok(all && r >= 0 && mpfr_zero_p(s.c[r].im), "rotations: a +/- ib and -1.25 (real) enclosed exactly once");
    ok(max_rad(&s) < 1e-60, "rotations: max rad %g < 1e-60", max_rad(&s));
    ok(mpfr_sgn(s.c[0].im) > 0 && mpfr_sgn(s.c[1].im) < 0 && mpfr_equal_p(s.c[0].re, s.c[1].re),
       "rotations: pair with largest real part first, +im before -im");
    /* Singular values of an orthogonal conjugate of diag(blocks): each
     * [[a, -b], [b, a]] gives hypot(a, b) twice, and 1.25 once. */
    ic_encl_spectrum v;
    rc = ic_encl_svd(&v, &c, 0, &err);
    ok(rc == IC_OK && v.rigorous && v.n == 3, "rotations: svd 3 clusters");
    mpfr_t y0, y1;
    mpfr_inits2(4 * P, y0, y1, (mpfr_ptr)0);
    mpfr_hypot(y0, a[0], b[0], MPFR_RNDN);
    mpfr_hypot(y1, a[1], b[1], MPFR_RNDN);
    ok(v.n == 3 && v.c[0].mult == 2 && contains(&v.c[0], y0, zero) && v.c[1].mult == 1 &&
           contains_d(&v.c[1], 1.25, 0) && v.c[2].mult == 2 && contains(&v.c[2], y1, zero) && max_rad(&v) < 1e-60,
       "rotations: singular values |a+ib| (x2), 1.25, |a'+ib'| (x2), rad %g", max_rad(&v));
    mpfr_clears(y0, y1, (mpfr_ptr)0);
    ic_encl_spectrum_clear(&v);
    ic_encl_spectrum_clear(&s);
    for (int k = 0; k < 2; k++)
        mpfr_clears(a[k], b[k], (mpfr_ptr)0);
    mpfr_clear(zero);
    ic_mat_clear(&m);
    ic_mat_clear(&q);
    ic_mat_clear(&h1);
    ic_mat_clear(&h2);
    ic_mat_clear(&c);
}

static void test_scalar(double cval)
{
    ic_mat m;
    ic_mat_init(&m, 6, 6, P, NULL);
    for (int i = 0; i < 6; i++)
        mpfr_set_d(IC_MAT_AT(&m, i, i), cval, MPFR_RNDN);
    ic_encl_spectrum s, g, v;
    ic_err err;
    for (int t = 0; t < 2; t++) {
        double tol = t ? 1e-10 : 0;
        rc = ic_encl_eig_sym(&s, &m, tol, &err);
        ok(rc == IC_OK && s.rigorous && s.n == 1 && s.c[0].mult == 6 &&
               contains_d(&s.c[0], cval, 0) && max_rad(&s) < 1e-60,
           "%g I, tol %g: eig_sym one cluster of 6", cval, tol);
        rc = ic_encl_eig_gen(&g, &m, tol, &err);
        ok(rc == IC_OK && g.rigorous && g.n == 1 && g.c[0].mult == 6 &&
               contains_d(&g.c[0], cval, 0) && max_rad(&g) < 1e-60,
           "%g I, tol %g: eig_gen one cluster of 6", cval, tol);
        rc = ic_encl_svd(&v, &m, tol, &err);
        ok(rc == IC_OK && v.rigorous && v.n == 1 && v.c[0].mult == 6 &&
               contains_d(&v.c[0], fabs(cval), 0) && max_rad(&v) < 1e-60,
           "%g I, tol %g: svd one cluster of 6, rad %g", cval, tol, max_rad(&v));
        ic_encl_spectrum_clear(&s);
        ic_encl_spectrum_clear(&g);
        ic_encl_spectrum_clear(&v);
    }
    ic_mat_clear(&m);
}

/* Q^T diag(1,1,1,2,2,3) Q with Q a product of two exact Householders. */
static void test_householder_diag(void)
{
    const mpfr_prec_t pm = P;
    const double v1[6] = {1, 1, 1, 1, 0, 0}, v2[6] = {0, 0, 1, 1, 1, 1}, dg[6] = {1, 2, 3, 1, 2, 1};
    ic_mat h1, h2, q, d, c;
    householder(&h1, v1, 6, pm);
    householder(&h2, v2, 6, pm);
    ic_mat_init(&q, 6, 6, pm, NULL);
    ic_mat_init(&d, 6, 6, pm, NULL);
    ic_mat_init(&c, 6, 6, pm, NULL);
    ic_mat_mul(&q, &h1, &h2);
    for (int i = 0; i < 6; i++)
        mpfr_set_d(IC_MAT_AT(&d, i, i), dg[i], MPFR_RNDN);
    conjugate(&c, &q, &d);
    int dense = 1;
    for (int i = 0; i < 6; i++)
        dense = dense && !mpfr_zero_p(IC_MAT_AT(&c, 0, i));
    ok(dense, "householder: test matrix has a dense first row");
    ic_encl_spectrum s, g, v;
    ic_err err;
    rc = ic_encl_eig_sym(&s, &c, 0, &err);
    ok(rc == IC_OK && s.rigorous && s.n == 3 && well_formed(&s, pm, 1),
       "householder: eig_sym 3 rigorous clusters");
    ok(s.n == 3 && s.c[0].mult == 1 && contains_d(&s.c[0], 3, 0) && s.c[1].mult == 2 && contains_d(&s.c[1], 2, 0) &&
           s.c[2].mult == 3 && contains_d(&s.c[2], 1, 0),
       "householder: eig_sym 3 (x1), 2 (x2), 1 (x3)");
    ok(max_rad(&s) < 1e-60, "householder: eig_sym max rad %g", max_rad(&s));
    rc = ic_encl_eig_gen(&g, &c, 0, &err);
    ok(rc == IC_OK && g.rigorous && well_formed(&g, pm, 1) && same_clusters(&s, &g),
       "householder: eig_gen gives the same clusters");
    ok(max_rad(&g) < 1e-60, "householder: eig_gen max rad %g", max_rad(&g));
    rc = ic_encl_svd(&v, &c, 0, &err);
    ok(rc == IC_OK && v.rigorous && same_clusters(&s, &v) && max_rad(&v) < 1e-60,
       "householder: svd of an SPD matrix equals its eigenvalues");
    ic_encl_spectrum_clear(&s);
    ic_encl_spectrum_clear(&g);
    ic_encl_spectrum_clear(&v);
    /* merging by tolerance: with tol 0.6 the clusters at 1, 2, 3 join */
    rc = ic_encl_eig_sym(&s, &c, 0.4, &err);
    ok(rc == IC_OK && s.n == 1 && s.c[0].mult == 6 && contains_d(&s.c[0], 1, 0) &&
           contains_d(&s.c[0], 3, 0),
       "householder: tol 0.4 * rho merges all into one cluster of 6");
    ic_encl_spectrum_clear(&s);
    rc = ic_encl_eig_sym(&s, &c, 0.1, &err);
    ok(rc == IC_OK && s.n == 3, "householder: tol 0.1 * rho keeps 3 clusters");
    ic_encl_spectrum_clear(&s);
    ic_mat_clear(&h1);
    ic_mat_clear(&h2);
    ic_mat_clear(&q);
    ic_mat_clear(&d);
    ic_mat_clear(&c);
}

/* u sigma w with exact orthogonal u (6x6), w (4x4), sigma = diag(3,2,2,0). */
static void test_svd_rank_deficient(void)
{
    const double v6[6] = {1, 1, 1, 1, 0, 0}, v4[4] = {1, 1, 1, 1}, sg[4] = {3, 2, 2, 0};
    ic_mat u, w, sig, t, a, at;
    householder(&u, v6, 6, P);
    householder(&w, v4, 4, P);
    ic_mat_init(&sig, 6, 4, P, NULL);
    ic_mat_init(&t, 6, 4, P, NULL);
    ic_mat_init(&a, 6, 4, P, NULL);
    ic_mat_init(&at, 4, 6, P, NULL);
    for (int i = 0; i < 4; i++)
        mpfr_set_d(IC_MAT_AT(&sig, i, i), sg[i], MPFR_RNDN);
    int ex = ic_mat_mul(&t, &u, &sig) && ic_mat_mul(&a, &t, &w);
    ic_mat_transpose(&at, &a);
    ok(ex, "svd: 6x4 rank-3 test matrix exact");
    ic_encl_spectrum s, s2;
    ic_err err;
    rc = ic_encl_svd(&s, &a, 0, &err);
    ok(rc == IC_OK && s.rigorous && well_formed(&s, P, 1), "svd 6x4: rigorous");
    ok(s.n == 3 && sum_mult(&s) == 4 && s.c[0].mult == 1 && contains_d(&s.c[0], 3, 0) && s.c[1].mult == 2 &&
           contains_d(&s.c[1], 2, 0) && s.c[2].mult == 1 && contains_d(&s.c[2], 0, 0),
       "svd 6x4: 3, 2 (x2), 0 (x1)");
    ok(max_rad(&s) < 1e-60, "svd 6x4: max rad %g (zero singular value included)", max_rad(&s));
    rc = ic_encl_svd(&s2, &at, 0, &err);
    ok(rc == IC_OK && s2.rigorous && same_clusters(&s, &s2), "svd 4x6 (transpose): same");
    ic_encl_spectrum_clear(&s);
    ic_encl_spectrum_clear(&s2);

    /* rank 2 from integer outer products; 5x4 so two zeros */
    const double x1[5] = {1, -2, 3, 0, 1}, y1[4] = {2, 1, 0, -1}, x2[5] = {0, 1, 1, -1, 2}, y2[4] = {1, -1, 3, 2};
    double ad[20];
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 4; j++)
            ad[i * 4 + j] = x1[i] * y1[j] + x2[i] * y2[j];
    ic_mat r2;
    mat_d(&r2, 5, 4, P, ad);
    rc = ic_encl_svd(&s, &r2, 0, &err);
    ok(rc == IC_OK && s.rigorous && s.n == 3 && s.c[2].mult == 2 && contains_d(&s.c[2], 0, 0) &&
           mpfr_cmp_d(s.c[2].rad, 1e-60) < 0,
       "svd rank 2 (5x4): zero cluster of multiplicity 2, rad %g", s.n ? mpfr_get_d(s.c[s.n - 1].rad, MPFR_RNDU) : -1.0);
    /* GSL in double as witness for the nonzero ones */
    gsl_matrix *ga = gsl_matrix_alloc(5, 4), *gv = gsl_matrix_alloc(4, 4);
    gsl_vector *gs = gsl_vector_alloc(4), *gw = gsl_vector_alloc(4);
    memcpy(ga->data, ad, sizeof ad);
    gsl_linalg_SV_decomp(ga, gv, gs, gw);
    ok(s.n == 3 && fabs(mpfr_get_d(s.c[0].re, MPFR_RNDN) - gsl_vector_get(gs, 0)) < 1e-12 * gsl_vector_get(gs, 0) &&
           fabs(mpfr_get_d(s.c[1].re, MPFR_RNDN) - gsl_vector_get(gs, 1)) < 1e-12 * gsl_vector_get(gs, 0) &&
           gsl_vector_get(gs, 2) < 1e-12 * gsl_vector_get(gs, 0),
       "svd rank 2: agrees with GSL (%g, %g)", gsl_vector_get(gs, 0), gsl_vector_get(gs, 1));
    gsl_matrix_free(ga);
    gsl_matrix_free(gv);
    gsl_vector_free(gs);
    gsl_vector_free(gw);
    ic_encl_spectrum_clear(&s);
    ic_mat_clear(&r2);
    ic_mat_clear(&u);
    ic_mat_clear(&w);
    ic_mat_clear(&sig);
    ic_mat_clear(&t);
    ic_mat_clear(&a);
    ic_mat_clear(&at);
}

/* A random 7x5 matrix: singular values two ways (ic_encl_svd and sqrt of
 * eig_sym(A^T A) formed exactly) and against GSL. */
static void test_svd_cross(void)
{
    double ad[35];
    for (int k = 0; k < 35; k++)
        ad[k] = rnd();
    ic_mat a, g;
    mat_d(&a, 7, 5, P, ad);
    ic_mat_init(&g, 5, 5, 2 * P, NULL);
    ok(ic_mat_mul_tn(&g, &a, &a), "svd cross: A^T A exact at %d bits", 2 * P);
    ic_encl_spectrum s, e;
    ic_err err;
    rc = ic_encl_svd(&s, &a, 0, &err);
    ok(rc == IC_OK && s.rigorous && s.n == 5 && max_rad(&s) < 1e-60,
       "svd cross: 5 rigorous singular values, rad %g", max_rad(&s));
    rc = ic_encl_eig_sym(&e, &g, 0, &err);
    ok(rc == IC_OK && e.rigorous && e.n == 5, "svd cross: eig_sym(A^T A) rigorous");
    int agree = s.n == 5 && e.n == 5;
    for (size_t i = 0; agree && i < 5; i++) {
        mpfr_t r, z;
        mpfr_inits2(P, r, z, (mpfr_ptr)0);
        mpfr_sqrt(r, e.c[i].re, MPFR_RNDN);
        mpfr_set_zero(z, 1);
        /* sqrt is 1/(2 sigma)-Lipschitz, so the eig_sym radius maps down */
        agree = fabs(mpfr_get_d(r, MPFR_RNDN) - mpfr_get_d(s.c[i].re, MPFR_RNDN)) < 1e-14;
        mpfr_sub(r, r, s.c[i].re, MPFR_RNDN);
        agree = agree && mpfr_cmpabs_ui(r, 0) >= 0 && fabs(mpfr_get_d(r, MPFR_RNDN)) < 1e-60;
        mpfr_clears(r, z, (mpfr_ptr)0);
    }
    ok(agree, "svd cross: sigma_i = sqrt(lambda_i(A^T A)) to 1e-60");
    gsl_matrix *ga = gsl_matrix_alloc(7, 5), *gv = gsl_matrix_alloc(5, 5);
    gsl_vector *gs = gsl_vector_alloc(5), *gw = gsl_vector_alloc(5);
    memcpy(ga->data, ad, sizeof ad);
    gsl_linalg_SV_decomp(ga, gv, gs, gw);
    agree = s.n == 5;
    for (size_t i = 0; agree && i < 5; i++)
        agree = fabs(mpfr_get_d(s.c[i].re, MPFR_RNDN) - gsl_vector_get(gs, i)) < 1e-13;
    ok(agree, "svd cross: agrees with GSL to 1e-13");
    gsl_matrix_free(ga);
    gsl_matrix_free(gv);
    gsl_vector_free(gs);
    gsl_vector_free(gw);
    ic_encl_spectrum_clear(&s);
    ic_encl_spectrum_clear(&e);
    ic_mat_clear(&a);
    ic_mat_clear(&g);
}

/* Random symmetric 8x8: eig_sym and eig_gen agree; the lower triangle is
 * ignored by eig_sym; GSL's symmetric eigensolver as witness. */
static void test_sym_vs_gen(void)
{
    enum { N = 8 };
    double ad[N * N];
    for (int i = 0; i < N; i++)
        for (int j = i; j < N; j++)
            ad[i * N + j] = ad[j * N + i] = rnd();
    ic_mat a, junk;
    mat_d(&a, N, N, P, ad);
    mat_d(&junk, N, N, P, ad);
    for (int i = 1; i < N; i++)
        for (int j = 0; j < i; j++)
            mpfr_set_d(IC_MAT_AT(&junk, i, j), 1e3 * rnd(), MPFR_RNDN);
    ic_encl_spectrum s, g, sj;
    ic_err err;
    rc = ic_encl_eig_sym(&s, &a, 0, &err);
    ok(rc == IC_OK && s.rigorous && s.n == N && max_rad(&s) < 1e-60,
       "sym vs gen: eig_sym 8 rigorous, rad %g", max_rad(&s));
    rc = ic_encl_eig_gen(&g, &a, 0, &err);
    ok(rc == IC_OK && g.rigorous && g.n == N && max_rad(&g) < 1e-60 && well_formed(&g, P, 1),
       "sym vs gen: eig_gen 8 rigorous real, rad %g", max_rad(&g));
    ok(same_clusters(&s, &g), "sym vs gen: the two routes agree");
    rc = ic_encl_eig_sym(&sj, &junk, 0, &err);
    ok(rc == IC_OK && same_clusters(&s, &sj), "eig_sym reads only the upper triangle");
    gsl_matrix *gm = gsl_matrix_alloc(N, N);
    gsl_vector *ev = gsl_vector_alloc(N);
    gsl_eigen_symm_workspace *ws = gsl_eigen_symm_alloc(N);
    memcpy(gm->data, ad, sizeof ad);
    gsl_eigen_symm(gm, ev, ws);
    int all = 1;
    for (int i = 0; i < N; i++) {
        double best = INFINITY;
        for (size_t k = 0; k < s.n; k++)
            best = fmin(best, fabs(gsl_vector_get(ev, i) - mpfr_get_d(s.c[k].re, MPFR_RNDN)));
        all = all && best < 1e-13;
    }
    ok(all, "sym: every GSL eigenvalue within 1e-13 of a cluster");
    gsl_eigen_symm_free(ws);
    gsl_vector_free(ev);
    gsl_matrix_free(gm);
    ic_encl_spectrum_clear(&s);
    ic_encl_spectrum_clear(&g);
    ic_encl_spectrum_clear(&sj);
    ic_mat_clear(&a);
    ic_mat_clear(&junk);
}

/* C = 2 I + 2^-23 B with B random: 10 eigenvalues within ~1e-6 of 2, the
 * situation of a trained C ~ c I.  Exactly eig(C) = 2 + 2^-23 eig(B). */
static void test_near_scalar(void)
{
    enum { N = 10 };
    double bd[N * N], cd[N * N];
    for (int k = 0; k < N * N; k++) {
        bd[k] = ldexp(round(ldexp(rnd(), 20)), -20); /* 2 + 2^-23 b exact in double */
        cd[k] = ldexp(bd[k], -23) + (k % (N + 1) == 0 ? 2 : 0);
    }
    ic_mat b, c;
    mat_d(&b, N, N, P, bd);
    mat_d(&c, N, N, P, cd);
    ic_encl_spectrum sb, s1, s2;
    ic_err err;
    rc = ic_encl_eig_gen(&sb, &b, 0, &err);
    ok(rc == IC_OK && sb.rigorous && sum_mult(&sb) == N, "near cI: eig_gen(B) rigorous");
    rc = ic_encl_eig_gen(&s1, &c, 1e-5, &err);
    ok(rc == IC_OK && s1.rigorous && s1.n == 1 && s1.c[0].mult == N &&
           contains_d(&s1.c[0], 2, 0) && mpfr_cmp_d(s1.c[0].rad, 1e-5) < 0,
       "near cI, tol 1e-5: one rigorous cluster of 10 around 2, rad %g", max_rad(&s1));
    rc = ic_encl_eig_gen(&s2, &c, 1e-12, &err);
    ok(rc == IC_OK && s2.rigorous && s2.n == sb.n && max_rad(&s2) < 1e-60,
       "near cI, tol 1e-12: resolved into %zu clusters (B has %zu), rad %g", s2.n, sb.n, max_rad(&s2));
    /* every mapped centre 2 + 2^-23 mu lies in the matching cluster up to
     * both radii; the maps of B's clusters stay in the same order */
    int all = s2.n == sb.n;
    for (size_t i = 0; all && i < s2.n; i++) {
        mpfr_t re, im, d, r;
        mpfr_inits2(2 * P, re, im, d, r, (mpfr_ptr)0);
        mpfr_mul_2si(re, sb.c[i].re, -23, MPFR_RNDN);
        mpfr_add_ui(re, re, 2, MPFR_RNDN);
        mpfr_mul_2si(im, sb.c[i].im, -23, MPFR_RNDN);
        mpfr_sub(re, re, s2.c[i].re, MPFR_RNDN);
        mpfr_sub(im, im, s2.c[i].im, MPFR_RNDN);
        mpfr_hypot(d, re, im, MPFR_RNDN);
        mpfr_mul_2si(r, sb.c[i].rad, -23, MPFR_RNDU);
        mpfr_add(r, r, s2.c[i].rad, MPFR_RNDU);
        all = mpfr_cmp(d, r) <= 0 && s2.c[i].mult == sb.c[i].mult;
        mpfr_clears(re, im, d, r, (mpfr_ptr)0);
    }
    ok(all, "near cI: eig(C) = 2 + 2^-23 eig(B), cluster by cluster");
    ic_encl_spectrum_clear(&sb);
    ic_encl_spectrum_clear(&s1);
    ic_encl_spectrum_clear(&s2);
    ic_mat_clear(&b);
    ic_mat_clear(&c);
}

/* Defective: Jordan blocks.  J3(2) (+) J2(-1): clusters of 3 and 2. */
static void test_jordan(void)
{
    double a[25] = {0};
    for (int i = 0; i < 3; i++)
        a[i * 5 + i] = 2;
    a[1] = a[7] = 1;
    a[18] = a[24] = -1;
    a[19] = 1;
    ic_mat m;
    mat_d(&m, 5, 5, P, a);
    ic_encl_spectrum s;
    ic_err err;
    rc = ic_encl_eig_gen(&s, &m, 0, &err);
    ok(rc == IC_OK && sum_mult(&s) == 5 && s.n == 2, "jordan: 2 clusters");
    ok(s.n == 2 && s.c[0].mult == 3 && contains_d(&s.c[0], 2, 0) && s.c[1].mult == 2 && contains_d(&s.c[1], -1, 0),
       "jordan: 2 (x3) and -1 (x2) enclosed");
    diag("jordan: rigorous %d, radii %g %g", s.rigorous, s.n > 0 ? mpfr_get_d(s.c[0].rad, MPFR_RNDU) : -1,
         s.n > 1 ? mpfr_get_d(s.c[1].rad, MPFR_RNDU) : -1);
    ok(s.rigorous, "jordan: enclosure proven");
    ic_encl_spectrum_clear(&s);
    ic_mat_clear(&m);
}

/* A dense Jordan pair J3(2) (+) J2(-1) (conjugated by an exact
 * Householder): not diagonalisable, so the eigenvalues are ill-posed
 * (~eps^(1/3)); whether or not the cluster is proven, it must hold the
 * right multiplicities and contain the exact values. */
static void test_dense_jordan(void)
{
    double a[25] = {0};
    for (int i = 0; i < 3; i++)
        a[i * 5 + i] = 2;
    a[1] = a[7] = 1;
    a[18] = a[24] = -1;
    a[19] = 1;
    const double v[5] = {1, 1, 1, 1, 0};
    ic_mat j, h, c;
    mat_d(&j, 5, 5, P, a);
    householder(&h, v, 5, P);
    ic_mat_init(&c, 5, 5, P, NULL);
    conjugate(&c, &h, &j);
    ic_encl_spectrum s;
    ic_err err;
    rc = ic_encl_eig_gen(&s, &c, 0, &err);
    ok(rc == IC_OK && s.n == 2 && sum_mult(&s) == 5 && well_formed(&s, P, 1), "dense jordan: 2 real clusters");
    ok(s.n == 2 && s.c[0].mult == 3 && contains_d(&s.c[0], 2, 0) && mpfr_cmp_d(s.c[0].rad, 1e-20) < 0 &&
           s.c[1].mult == 2 && contains_d(&s.c[1], -1, 0) && mpfr_cmp_d(s.c[1].rad, 1e-20) < 0,
       "dense jordan: 2 (x3) and -1 (x2) inside radii < 1e-20");
    diag("dense jordan: rigorous %d (defective clusters are often only estimated)", s.rigorous);
    ic_encl_spectrum_clear(&s);
    ic_mat_clear(&j);
    ic_mat_clear(&h);
    ic_mat_clear(&c);
}

/* Symmetric with eigenvalues 0 and 2^-66 (below double resolution): the
 * refinement must still separate them at 256 bits. */
static void test_sym_close_pair(void)
{
    const double v1[6] = {1, 1, 1, 1, 0, 0}, v2[6] = {0, 0, 1, 1, 1, 1};
    const double dg[6] = {0, 0x1p-66, 1, 2, 3, 4};
    ic_mat h1, h2, q, d, c;
    householder(&h1, v1, 6, P);
    householder(&h2, v2, 6, P);
    ic_mat_init(&q, 6, 6, P, NULL);
    ic_mat_init(&d, 6, 6, P, NULL);
    ic_mat_init(&c, 6, 6, P, NULL);
    ic_mat_mul(&q, &h1, &h2);
    for (int i = 0; i < 6; i++)
        mpfr_set_d(IC_MAT_AT(&d, i, i), dg[i], MPFR_RNDN);
    conjugate(&c, &q, &d);
    ic_encl_spectrum s;
    ic_err err;
    rc = ic_encl_eig_sym(&s, &c, 0, &err);
    int all = rc == IC_OK && s.rigorous && s.n == 6;
    for (int i = 0; all && i < 6; i++)
        all = s.c[5 - i].mult == 1 && contains_d(&s.c[5 - i], dg[i], 0);
    ok(all && max_rad(&s) < 1e-60, "sym close pair: 0 and 2^-66 resolved, rad %g", max_rad(&s));
    ic_encl_spectrum_clear(&s);
    rc = ic_encl_eig_sym(&s, &c, 1e-12, &err);
    ok(rc == IC_OK && s.rigorous && s.n == 5 && s.c[4].mult == 2 && contains_d(&s.c[4], 0, 0) &&
           contains_d(&s.c[4], 0x1p-66, 0),
       "sym close pair: merged into one cluster of 2 at tol 1e-12");
    ic_encl_spectrum_clear(&s);
    rc = ic_encl_svd(&s, &c, 0, &err);
    ok(rc == IC_OK && s.rigorous && s.n == 6 && contains_d(&s.c[4], 0x1p-66, 0) && contains_d(&s.c[5], 0, 0) &&
           max_rad(&s) < 1e-60,
       "sym close pair: singular values 2^-66 and 0 resolved too");
    ic_encl_spectrum_clear(&s);
    ic_mat_clear(&h1);
    ic_mat_clear(&h2);
    ic_mat_clear(&q);
    ic_mat_clear(&d);
    ic_mat_clear(&c);
}

/* Entries near 2^3000 and 2^-3000, beyond double range: scaling inside. */
static void test_extreme_scale(void)
{
    for (int sgn = -1; sgn <= 1; sgn += 2) {
        ic_mat m;
        mat_d(&m, 2, 2, P, (const double[4]){2, 1, 1, 3});
        for (int k = 0; k < 4; k++)
            mpfr_mul_2si(m.e[k], m.e[k], sgn * 3000, MPFR_RNDN);
        ic_encl_spectrum s, g;
        ic_err err;
        mpfr_t l1, z0;
        mpfr_inits2(400, l1, z0, (mpfr_ptr)0);
        mpfr_sqrt_ui(l1, 5, MPFR_RNDN);
        mpfr_add_ui(l1, l1, 5, MPFR_RNDN);
        mpfr_mul_2si(l1, l1, sgn * 3000 - 1, MPFR_RNDN);
        mpfr_set_zero(z0, 1);
        rc = ic_encl_eig_sym(&s, &m, 0, &err);
        int r1 = rc;
        rc = ic_encl_eig_gen(&g, &m, 0, &err);
        ok(r1 == IC_OK && rc == IC_OK && s.rigorous && g.rigorous && s.n == 2 && g.n == 2 &&
               contains(&s.c[0], l1, z0) && contains(&g.c[0], l1, z0),
           "scale 2^%d: both routes enclose 2^%d (5 + sqrt 5)/2", sgn * 3000, sgn * 3000);
        mpfr_clears(l1, z0, (mpfr_ptr)0);
        ic_encl_spectrum_clear(&s);
        ic_encl_spectrum_clear(&g);
        ic_mat_clear(&m);
    }
}

static void test_precision_and_errors(void)
{
    const double a[4] = {2, 1, 1, 3};
    ic_mat m, r, e, z;
    mat_d(&m, 2, 2, 100, a);
    mat_d(&r, 2, 3, P, (const double[6]){1, 2, 3, 4, 5, 6});
    ic_encl_spectrum s;
    ic_err err;
    rc = ic_encl_eig_sym(&s, &m, 0, &err);
    ok(rc == IC_OK && s.rigorous && well_formed(&s, 100, 1) && max_rad(&s) < 1e-25 &&
           max_rad(&s) > 0,
       "100-bit matrix: 100-bit clusters, rad %g ~ 2^-100", max_rad(&s));
    /* eigenvalues exactly (5 +/- sqrt 5) / 2, evaluated at 400 bits */
    mpfr_t l1, l2, z0;
    mpfr_inits2(400, l1, l2, z0, (mpfr_ptr)0);
    mpfr_sqrt_ui(l1, 5, MPFR_RNDN);
    mpfr_ui_sub(l2, 5, l1, MPFR_RNDN);
    mpfr_add_ui(l1, l1, 5, MPFR_RNDN);
    mpfr_div_2ui(l1, l1, 1, MPFR_RNDN);
    mpfr_div_2ui(l2, l2, 1, MPFR_RNDN);
    mpfr_set_zero(z0, 1);
    ok(s.n == 2 && contains(&s.c[0], l1, z0) && contains(&s.c[1], l2, z0), "100-bit: (5 +/- sqrt 5)/2 enclosed");
    mpfr_clears(l1, l2, z0, (mpfr_ptr)0);
    ic_encl_spectrum_clear(&s);
    rc = ic_encl_eig_sym(&s, &r, 0, &err);
    ok(rc == IC_EINPUT && s.n == 0, "eig_sym: non-square refused");
    rc = ic_encl_eig_gen(&s, &r, 0, &err);
    ok(rc == IC_EINPUT, "eig_gen: non-square refused");
    rc = ic_encl_eig_gen(&s, &m, -1, &err);
    ok(rc == IC_EINPUT, "negative tolerance refused");
    rc = ic_encl_svd(&s, &m, NAN, &err);
    ok(rc == IC_EINPUT, "NaN tolerance refused");
    mpfr_set_nan(IC_MAT_AT(&m, 0, 1));
    rc = ic_encl_eig_gen(&s, &m, 0, &err);
    ok(rc == IC_EINPUT && strstr(err.msg, "(0,1)"), "NaN entry refused: %s", err.msg);
    rc = ic_encl_eig_sym(&s, &m, 0, &err);
    ok(rc == IC_EINPUT, "eig_sym: NaN in upper triangle refused");
    ic_mat_init(&e, 0, 0, P, NULL);
    rc = ic_encl_eig_sym(&s, &e, 0, &err);
    ok(rc == IC_OK && s.n == 0 && s.rigorous, "0x0: empty spectrum (sym)");
    ic_encl_spectrum_clear(&s);
    rc = ic_encl_eig_gen(&s, &e, 0, &err);
    ok(rc == IC_OK && s.n == 0 && s.rigorous, "0x0: empty spectrum (gen)");
    ic_encl_spectrum_clear(&s);
    ic_mat_init(&z, 3, 0, P, NULL);
    rc = ic_encl_svd(&s, &z, 0, &err);
    ok(rc == IC_OK && s.n == 0, "3x0: no singular values");
    ic_encl_spectrum_clear(&s);
    rc = ic_encl_svd(&s, &r, 0, &err);
    ok(rc == IC_OK && s.rigorous && s.n == 2 && sum_mult(&s) == 2, "2x3: two singular values");
    ic_encl_spectrum_clear(&s);
    ic_mat_clear(&m);
    ic_mat_clear(&r);
    ic_mat_clear(&e);
    ic_mat_clear(&z);
}

/* ---- second, independent routes: Arb's own enclosure, characteristic
 * polynomial roots, and the bound alone on a bad basis ---- */

/* Number of clusters of s whose disc (as a box) overlaps z. */
static size_t overlapping(const ic_encl_spectrum *s, const acb_t z, size_t *which)
{
    size_t k = 0;
    acb_t box;
    arf_t r;
    acb_init(box);
    arf_init(r);
    for (size_t i = 0; i < s->n; i++) {
        arf_set_mpfr(arb_midref(acb_realref(box)), s->c[i].re);
        arf_set_mpfr(arb_midref(acb_imagref(box)), s->c[i].im);
        arf_set_mpfr(r, s->c[i].rad);
        arf_get_mag(arb_radref(acb_realref(box)), r); /* rounds up */
        mag_set(arb_radref(acb_imagref(box)), arb_radref(acb_realref(box)));
        if (acb_overlaps(box, z)) {
            k++;
            *which = i;
        }
    }
    acb_clear(box);
    arf_clear(r);
    return k;
}

/* Every ball of v (n of them, with repeats for multiple values) overlaps
 * exactly one cluster of s, and each cluster is hit mult times. */
static int agrees(const ic_encl_spectrum *s, acb_srcptr v, slong n)
{
    size_t *hits = calloc(s->n ? s->n : 1, sizeof *hits), w = 0;
    int good = s->rigorous && sum_mult(s) == (size_t)n;
    for (slong i = 0; good && i < n; i++) {
        good = acb_is_finite(v + i) && overlapping(s, v + i, &w) == 1;
        if (good)
            hits[w]++;
    }
    for (size_t i = 0; good && i < s->n; i++)
        good = hits[i] == s->c[i].mult;
    free(hits);
    return good;
}

static void acb_mat_from_d(acb_mat_t m, const double *v, slong n)
{
    for (slong i = 0; i < n; i++)
        for (slong j = 0; j < n; j++)
            acb_set_d(acb_mat_entry(m, i, j), v[i * n + j]);
}

/* Arb: approximate QR then acb_mat_eig_multiple (Rump's clusters). */
static int arb_eigs(acb_ptr e, const double *v, slong n, slong prec)
{
    acb_mat_t a, r;
    acb_ptr ea = _acb_vec_init(n);
    acb_mat_init(a, n, n);
    acb_mat_init(r, n, n);
    acb_mat_from_d(a, v, n);
    acb_mat_approx_eig_qr(ea, NULL, r, a, NULL, 0, prec);
    int good = acb_mat_eig_multiple(e, a, ea, r, prec);
    acb_mat_clear(a);
    acb_mat_clear(r);
    _acb_vec_clear(ea, n);
    return good;
}

static void check_vs_arb(const char *what, const double *v, size_t n, int sym)
{
    ic_mat a;
    ic_encl_spectrum s = { 0 };
    ic_err err;
    acb_ptr e = _acb_vec_init((slong)n);
    mat_d(&a, n, n, P, v);
    rc = sym ? ic_encl_eig_sym(&s, &a, 0, &err) : ic_encl_eig_gen(&s, &a, 0, &err);
    int arb_ok = arb_eigs(e, v, (slong)n, P);
    ok(!rc && arb_ok && agrees(&s, e, (slong)n), "%s: %s balls overlap Arb's acb_mat_eig_multiple, counts match",
       what, sym ? "ic_encl_eig_sym" : "ic_encl_eig_gen");
    _acb_vec_clear(e, (slong)n);
    ic_encl_spectrum_clear(&s);
    ic_mat_clear(&a);
}

static void test_vs_arb(void)
{
    double v[64], h[16], d[16], q[16];
    for (int k = 0; k < 64; k++)
        v[k] = rnd();
    check_vs_arb("random 8x8", v, 8, 0);
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < i; j++)
            v[8 * i + j] = v[8 * j + i];
    check_vs_arb("random symmetric 8x8", v, 8, 1);
    check_vs_arb("random symmetric 8x8", v, 8, 0);
    /* Q^T diag(2, 2, 2, -1) Q, Q the Householder matrix of (1, 1, 1, 1):
     * a triple eigenvalue. */
    double dg[4] = { 2, 2, 2, -1 };
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
            q[4 * i + j] = (i == j) - 0.5;
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) {
            d[4 * i + j] = 0;
            for (int k = 0; k < 4; k++)
                d[4 * i + j] += q[4 * k + i] * dg[k] * q[4 * k + j];
        }
    memcpy(h, d, sizeof h);
    check_vs_arb("Householder-conjugated diag(2,2,2,-1)", h, 4, 1);
    check_vs_arb("Householder-conjugated diag(2,2,2,-1)", h, 4, 0);
    /* rotation block (+-i) next to a real eigenvalue */
    double rot[9] = { 0, -1, 0, 1, 0, 0, 0, 0, 0.5 };
    check_vs_arb("rotation (+) 0.5", rot, 3, 0);
}

/* Roots of the characteristic polynomial of an integer matrix (exact
 * charpoly over Z, certified roots by arb_fmpz_poly_complex_roots). */
static void check_charpoly(const char *what, const long *m, size_t n, int sym)
{
    fmpz_mat_t f;
    fmpz_poly_t cp;
    double v[64];
    fmpz_mat_init(f, (slong)n, (slong)n);
    fmpz_poly_init(cp);
    for (size_t i = 0; i < n * n; i++) {
        fmpz_set_si(fmpz_mat_entry(f, i / n, i % n), m[i]);
        v[i] = (double)m[i];
    }
    fmpz_mat_charpoly(cp, f);
    /* arb_fmpz_poly_complex_roots needs squarefree input: root each
     * irreducible factor, repeated by its exponent */
    acb_ptr roots = _acb_vec_init((slong)n);
    fmpz_poly_factor_t fac;
    fmpz_poly_factor_init(fac);
    fmpz_poly_factor(fac, cp);
    slong at = 0;
    for (slong i = 0; i < fac->num; i++) {
        slong deg = fmpz_poly_degree(fac->p + i);
        acb_ptr r = _acb_vec_init(deg);
        arb_fmpz_poly_complex_roots(r, fac->p + i, 0, P);
        for (slong e = 0; e < fac->exp[i]; e++)
            for (slong k = 0; k < deg && at < (slong)n; k++)
                acb_set(roots + at++, r + k);
        _acb_vec_clear(r, deg);
    }
    fmpz_poly_factor_clear(fac);
    ic_mat a;
    ic_encl_spectrum s = { 0 };
    ic_err err;
    mat_d(&a, n, n, P, v);
    rc = sym ? ic_encl_eig_sym(&s, &a, 0, &err) : ic_encl_eig_gen(&s, &a, 0, &err);
    ok(!rc && agrees(&s, roots, (slong)n), "%s: every charpoly root in exactly one cluster, counts = multiplicities",
       what);
    ic_encl_spectrum_clear(&s);
    ic_mat_clear(&a);
    _acb_vec_clear(roots, (slong)n);
    fmpz_poly_clear(cp);
    fmpz_mat_clear(f);
}

static void test_charpoly(void)
{
    long g[25], y[25];
    for (int k = 0; k < 25; k++)
        g[k] = (long)(rnd() * 10);
    check_charpoly("integer 5x5 (general)", g, 5, 0);
    for (int i = 0; i < 5; i++)
        for (int j = 0; j <= i; j++)
            y[5 * i + j] = y[5 * j + i] = g[5 * i + j];
    check_charpoly("integer symmetric 5x5 (sym route)", y, 5, 1);
    check_charpoly("integer symmetric 5x5 (general route)", y, 5, 0);
    /* 4 Q^T diag(1, 1, 3, -2) Q: integer, eigenvalues 4, 4, 12, -8 */
    long h[16];
    long dg[4] = { 1, 1, 3, -2 };
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) {
            long t = 0;
            for (int k = 0; k < 4; k++)
                t += ((k == i) * 2 - 1) * dg[k] * ((k == j) * 2 - 1); /* (2q)(2q) with 2q = +-1 */
            h[4 * i + j] = t;
        }
    check_charpoly("4 Q^T diag(1,1,3,-2) Q (double root)", h, 4, 1);
    /* companion-like integer matrix with a complex pair: x^3 - 2 */
    long c3[9] = { 0, 0, 2, 1, 0, 0, 0, 1, 0 };
    check_charpoly("companion of x^3 - 2 (complex pair)", c3, 3, 0);
}

/* The Ostrowski step: with the basis X = 1.001 I, D = X^T A X = 1.002001 A
 * is diagonal for diagonal A, so Gershgorin alone gives radius ~0 discs at
 * 1.002001 lambda that miss lambda; only the widening by ||X^T X - I||
 * recovers the exact eigenvalues. */
static void test_widening(void)
{
    ic_mat a, x;
    ic_encl_spectrum s = { 0 };
    ic_err err;
    mat_d(&a, 3, 3, P, (double[]){ 1, 0, 0, 0, 2, 0, 0, 0, -3 });
    mat_d(&x, 3, 3, P, (double[]){ 1.001, 0, 0, 0, 1.001, 0, 0, 0, 1.001 });
    rc = ic_encl_eig_sym_basis(&s, &a, &x, 0, &err);
    ok(!rc && s.rigorous && s.n == 3 && find_d(&s, 1, 0) >= 0 && find_d(&s, 2, 0) >= 0 && find_d(&s, -3, 0) >= 0,
       "bad basis 1.001 I: widened discs contain 1, 2, -3");
    ok(!rc && max_rad(&s) > 3 * 0.002 && max_rad(&s) < 3 * 0.01, "widening ~ |lambda| ||E||: max radius %g",
       max_rad(&s));
    ic_encl_spectrum_clear(&s);
    ic_mat_clear(&a);
    ic_mat_clear(&x);
    /* a non-orthogonal shear basis on a dense matrix */
    mat_d(&a, 2, 2, P, (double[]){ 2, 1, 1, 2 });
    double r = 0.7071067811865476;
    mat_d(&x, 2, 2, P, (double[]){ r, r + 1e-3, r, -r });
    rc = ic_encl_eig_sym_basis(&s, &a, &x, 0, &err);
    ok(!rc && s.rigorous && find_d(&s, 3, 0) >= 0 && find_d(&s, 1, 0) >= 0,
       "sheared basis: discs contain the eigenvalues 3 and 1");
    ic_encl_spectrum_clear(&s);
    ic_mat_clear(&x);
    /* far from orthogonal: no proof claimed */
    mat_d(&x, 2, 2, P, (double[]){ 2, 0, 0, 2 });
    rc = ic_encl_eig_sym_basis(&s, &a, &x, 0, &err);
    ok(!rc && !s.rigorous, "basis 2 I (||E|| >= 1/2): not rigorous");
    ic_encl_spectrum_clear(&s);
    ic_mat_clear(&x);
    ic_mat_init(&x, 3, 2, P, NULL);
    ok(ic_encl_eig_sym_basis(&s, &a, &x, 0, &err) == IC_EINPUT, "basis of the wrong shape: IC_EINPUT (%s)", err.msg);
    ic_mat_clear(&x);
    ic_mat_clear(&a);
}

/* ---- the two symmetric routes (IC_ENCL_ROUTE_FAST, IC_ENCL_ROUTE_CLASSIC) ---- */

/* The radius the fast routes must reach: 2^(8 - prec) ||A||_F. */
static double tight_bound(const ic_mat *a, mpfr_prec_t prec)
{
    mpfr_t fr;
    mpfr_init2(fr, 64);
    ic_mat_frob(fr, a);
    double b = ldexp(mpfr_get_d(fr, MPFR_RNDU), 8 - (int)prec);
    mpfr_clear(fr);
    return b;
}

/* Random symmetric matrix with bits-bit dyadic entries in (-1, 1). */
static void rand_sym(ic_mat *m, size_t n, mpfr_prec_t prec, int bits)
{
    ic_mat_init(m, n, n, prec, NULL);
    mpfr_t t;
    mpfr_init2(t, bits);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i; j < n; j++) {
            mpfr_set_d(t, rnd(), MPFR_RNDN);
            for (int b = 30; b < bits; b += 30) { /* more bits below the first 30 */
                mpfr_t u;
                mpfr_init2(u, 64);
                mpfr_set_d(u, rnd(), MPFR_RNDN);
                mpfr_mul_2si(u, u, -b, MPFR_RNDN);
                mpfr_add(t, t, u, MPFR_RNDN);
                mpfr_clear(u);
            }
            mpfr_set(IC_MAT_AT(m, i, j), t, MPFR_RNDN);
            mpfr_set(IC_MAT_AT(m, j, i), t, MPFR_RNDN);
        }
    mpfr_clear(t);
}

/* Both routes rigorous, the same clusters, and the fast one as tight as
 * the precision: max radius <= 2^(8 - prec) ||A||_F. */
static void check_routes(size_t n, mpfr_prec_t prec, int bits)
{
    ic_mat a;
    rand_sym(&a, n, prec, bits);
    ic_encl_spectrum f, c, u;
    ic_err err;
    int r1 = ic_encl_eig_sym_route(&f, &a, 0, IC_ENCL_ROUTE_FAST, &err);
    int r2 = ic_encl_eig_sym_route(&c, &a, 0, IC_ENCL_ROUTE_CLASSIC, &err);
    int r3 = ic_encl_eig_sym_route(&u, &a, 0, IC_ENCL_ROUTE_AUTO, &err);
    double bound = tight_bound(&a, prec);
    ok(!r1 && !r2 && !r3 && f.rigorous && c.rigorous && f.n > 0 && sum_mult(&f) == n && well_formed(&f, prec, 1) &&
           same_clusters(&f, &c) && same_clusters(&f, &u),
       "routes: fast and classic agree on a random %zux%zu (%d-bit entries) at %ld bits", n, n, bits, (long)prec);
    ok(f.n > 0 && max_rad(&f) <= bound, "routes: fast max rad %.3g <= %.3g", max_rad(&f), bound);
    ic_encl_spectrum_clear(&f);
    ic_encl_spectrum_clear(&c);
    ic_encl_spectrum_clear(&u);
    ic_mat_clear(&a);
}

static void test_routes(void)
{
    const size_t ns[] = {1, 2, 5, 17, 64};
    const mpfr_prec_t ps[] = {64, 256, 512};
    for (size_t i = 0; i < 5; i++)
        for (size_t j = 0; j < 3; j++)
            check_routes(ns[i], ps[j], 30);
    check_routes(9, 256, 200); /* entries that are not doubles */
    check_routes(100, 128, 30);

    ic_encl_spectrum f, u;
    ic_err err;
    /* exactly multiple eigenvalues: 2 (x3) and -1, Householder-conjugated */
    {
        const double v[4] = {1, 1, 1, 1}, dg[4] = {2, 2, -1, 2};
        ic_mat h, d, c;
        householder(&h, v, 4, 256);
        ic_mat_init(&d, 4, 4, 256, NULL);
        ic_mat_init(&c, 4, 4, 256, NULL);
        for (int i = 0; i < 4; i++)
            mpfr_set_d(IC_MAT_AT(&d, i, i), dg[i], MPFR_RNDN);
        conjugate(&c, &h, &d);
        rc = ic_encl_eig_sym_route(&f, &c, 0, IC_ENCL_ROUTE_FAST, &err);
        ok(!rc && f.rigorous && f.n == 2 && f.c[0].mult == 3 && contains_d(&f.c[0], 2, 0) && f.c[1].mult == 1 &&
               contains_d(&f.c[1], -1, 0) && max_rad(&f) < 1e-70,
           "routes: fast encloses 2 (x3) and -1, max rad %g", max_rad(&f));
        ic_encl_spectrum_clear(&f);
        ic_mat_clear(&h);
        ic_mat_clear(&d);
        ic_mat_clear(&c);
    }
    /* c I: one cluster of multiplicity 64, radius 0 (the basis is exact) */
    {
        ic_mat s;
        ic_mat_init(&s, 64, 64, 256, NULL);
        for (int i = 0; i < 64; i++)
            mpfr_set_d(IC_MAT_AT(&s, i, i), -1.25, MPFR_RNDN);
        rc = ic_encl_eig_sym_route(&f, &s, 0, IC_ENCL_ROUTE_FAST, &err);
        ok(!rc && f.rigorous && f.n == 1 && f.c[0].mult == 64 && mpfr_cmp_d(f.c[0].re, -1.25) == 0 &&
               mpfr_zero_p(f.c[0].rad),
           "routes: fast gives -1.25 I exactly, one cluster of 64");
        ic_encl_spectrum_clear(&f);
        ic_mat_clear(&s);
    }
    /* [[1, e, 0], [e, 1, 0], [0, 0, 3]], e = 2^-101: eigenvalues 1 +- e
     * with eigenvectors (1, +-1)/sqrt 2 that no double basis holds.  The
     * fast route refines to about half the precision and cannot split the
     * pair: it declines, and AUTO falls back to the classic route. */
    {
        ic_mat c;
        ic_mat_init(&c, 3, 3, 256, NULL);
        mpfr_set_d(IC_MAT_AT(&c, 0, 0), 1, MPFR_RNDN);
        mpfr_set_d(IC_MAT_AT(&c, 1, 1), 1, MPFR_RNDN);
        mpfr_set_d(IC_MAT_AT(&c, 2, 2), 3, MPFR_RNDN);
        mpfr_set_d(IC_MAT_AT(&c, 0, 1), 0x1p-101, MPFR_RNDN);
        mpfr_set_d(IC_MAT_AT(&c, 1, 0), 0x1p-101, MPFR_RNDN);
        rc = ic_encl_eig_sym_route(&f, &c, 0, IC_ENCL_ROUTE_FAST, &err);
        int r2 = ic_encl_eig_sym_route(&u, &c, 0, IC_ENCL_ROUTE_AUTO, &err);
        ok(!rc && f.n == 0 && !f.rigorous, "routes: fast declines 1 +- 2^-101");
        mpfr_t hi, lo, z;
        mpfr_inits2(256, hi, lo, z, (mpfr_ptr)0);
        mpfr_set_ui(hi, 1, MPFR_RNDN);
        mpfr_add_d(hi, hi, 0x1p-101, MPFR_RNDN); /* exact at 256 bits */
        mpfr_set_ui(lo, 1, MPFR_RNDN);
        mpfr_sub_d(lo, lo, 0x1p-101, MPFR_RNDN);
        mpfr_set_zero(z, 1);
        ok(!r2 && u.rigorous && u.n == 3 && contains(&u.c[1], hi, z) && contains(&u.c[2], lo, z),
           "routes: auto separates them through the classic route");
        mpfr_clears(hi, lo, z, (mpfr_ptr)0);
        ic_encl_spectrum_clear(&f);
        ic_encl_spectrum_clear(&u);
        ic_mat_clear(&c);
    }
    /* beyond the digits the fast route allows: declines, AUTO still proves */
    {
        ic_mat a;
        rand_sym(&a, 6, 2048, 30);
        rc = ic_encl_eig_sym_route(&f, &a, 0, IC_ENCL_ROUTE_FAST, &err);
        int r2 = ic_encl_eig_sym_route(&u, &a, 0, IC_ENCL_ROUTE_AUTO, &err);
        ok(!rc && f.n == 0 && !r2 && u.rigorous && u.n == 6, "routes: 2048 bits go to the classic route");
        ic_encl_spectrum_clear(&f);
        ic_encl_spectrum_clear(&u);
        ic_mat_clear(&a);
    }
}

/* ---- the two general routes ---- */

static void check_gen_routes(size_t n, mpfr_prec_t prec)
{
    ic_mat a;
    ic_mat_init(&a, n, n, prec, NULL);
    for (size_t i = 0; i < n * n; i++)
        mpfr_set_d(a.e[i], rnd(), MPFR_RNDN);
    ic_encl_spectrum f, c;
    ic_err err;
    int r1 = ic_encl_eig_gen_route(&f, &a, 0, IC_ENCL_ROUTE_FAST, &err);
    int r2 = ic_encl_eig_gen_route(&c, &a, 0, IC_ENCL_ROUTE_CLASSIC, &err);
    double bound = tight_bound(&a, prec);
    ok(!r1 && !r2 && f.rigorous && c.rigorous && sum_mult(&f) == n && well_formed(&f, prec, 0) && same_clusters(&f, &c),
       "gen routes: fast and classic agree on a random %zux%zu at %ld bits", n, n, (long)prec);
    ok(f.n > 0 && max_rad(&f) <= bound, "gen routes: fast max rad %.3g <= %.3g", max_rad(&f), bound);
    ic_encl_spectrum_clear(&f);
    ic_encl_spectrum_clear(&c);
    ic_mat_clear(&a);
}

static void test_gen_routes(void)
{
    const size_t ns[] = {1, 2, 5, 17, 40};
    const mpfr_prec_t ps[] = {64, 256, 512};
    for (size_t i = 0; i < 5; i++)
        for (size_t j = 0; j < 3; j++)
            check_gen_routes(ns[i], ps[j]);
    /* a Jordan block: Newton's iteration has nothing to converge to; FAST
     * declines and AUTO proves the clusters through the Arb route */
    double a[9] = {2, 1, 0, 0, 2, 0, 0, 0, -1};
    ic_mat m;
    mat_d(&m, 3, 3, 256, a);
    ic_encl_spectrum f, u;
    ic_err err;
    int r1 = ic_encl_eig_gen_route(&f, &m, 0, IC_ENCL_ROUTE_FAST, &err);
    int r2 = ic_encl_eig_gen_route(&u, &m, 0, IC_ENCL_ROUTE_AUTO, &err);
    ok(!r1 && f.n == 0 && !f.rigorous, "gen routes: fast declines a Jordan block");
    ok(!r2 && u.rigorous && u.n == 2 && u.c[0].mult == 2 && contains_d(&u.c[0], 2, 0) && contains_d(&u.c[1], -1, 0),
       "gen routes: auto encloses 2 (x2) and -1 through Arb");
    ic_encl_spectrum_clear(&f);
    ic_encl_spectrum_clear(&u);
    ic_mat_clear(&m);
}

int main(void)
{
    test_diagonal();
    test_rotations();
    test_scalar(1.5);
    test_scalar(0);
    test_scalar(-3);
    test_householder_diag();
    test_svd_rank_deficient();
    test_svd_cross();
    test_sym_vs_gen();
    test_near_scalar();
    test_jordan();
    test_dense_jordan();
    test_sym_close_pair();
    test_extreme_scale();
    test_precision_and_errors();
    test_vs_arb();
    test_charpoly();
    test_widening();
    test_routes();
    test_gen_routes();
    mpfr_free_cache();
    return done_testing();
}
