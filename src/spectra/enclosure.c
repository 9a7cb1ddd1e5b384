/* ic_encl: eigenvalue and singular value enclosures.
 *
 * Three routes share one cluster representation (an Arb "disc": arf centre,
 * mag radius that is an upper bound, multiplicity) and one finishing step
 * (merge overlapping or close discs, sort, convert to MPFR).
 *
 * Symmetric: LAPACKE_dsyevd basis, Ogita-Aishima refinement (MPFR, with
 *   the matrix products as Arb midpoint products at a precision that
 *   follows the quadratic convergence), then
 *   D = X^T A X and E = X^T X - I enclosed in Arb ball arithmetic.
 *   Gershgorin on D (components count eigenvalues), then Ostrowski
 *   (lambda_i(X^T A X) = theta_i lambda_i(A), |theta_i - 1| <= ||E||_2).
 * General: Arb QR at the working precision (LAPACKE_dgeev values as the
 *   fallback start), then certification by van der Hoeven-Mourrain for
 *   simple eigenvalues or Rump's cluster enclosure on groups.
 * Singular values: symmetric route on the Gram matrix at doubled
 *   precision, plus a Weyl term for its rounding, then sqrt. */
#include "spectra/enclosure.h"
#include "spectra/enclosure_general.h"
#include "spectra/enclosure_symmetric.h"

#include <acb_mat.h>
#include <arb_mat.h>
#include <lapacke.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- discs ---- */

typedef struct {
    arf_t re, im;
    mag_t rad;     /* upper bound */
    size_t mult;
} disc;

typedef struct {
    size_t n, cap;
    disc *d;
} discs;

static int discs_init(discs *l, size_t cap)
{
    l->n = 0;
    l->cap = cap;
    l->d = ic_calloc(cap, sizeof *l->d);
    return l->d ? IC_OK : IC_EINTERNAL;
}

static void disc_clear(disc *d)
{
    arf_clear(d->re);
    arf_clear(d->im);
    mag_clear(d->rad);
}

static void discs_clear(discs *l)
{
    for (size_t i = 0; i < l->n; i++)
        disc_clear(&l->d[i]);
    free(l->d);
    l->d = NULL;
    l->n = l->cap = 0;
}

/* Appends a disc (centre re + i im, radius rad); cap is never exceeded
 * because no route makes more discs than eigenvalues. */
static disc *discs_push(discs *l, const arf_t re, const arf_t im, const mag_t rad, size_t mult)
{
    disc *d = &l->d[l->n++];
    arf_init(d->re);
    arf_init(d->im);
    mag_init(d->rad);
    arf_set(d->re, re);
    arf_set(d->im, im);
    mag_set(d->rad, rad);
    d->mult = mult;
    return d;
}

/* Disc enclosing an acb box: centre = midpoint, radius = corner distance. */
static void discs_push_acb(discs *l, const acb_t z, size_t mult)
{
    disc *d = discs_push(l, arb_midref(acb_realref(z)), arb_midref(acb_imagref(z)),
                         arb_radref(acb_realref(z)), mult);
    mag_hypot(d->rad, arb_radref(acb_realref(z)), arb_radref(acb_imagref(z)));
}

/* Removes entry j; arf/mag structs hold no self references, so a struct
 * copy moves them. */
static void discs_remove(discs *l, size_t j)
{
    disc_clear(&l->d[j]);
    l->d[j] = l->d[--l->n];
}

/* Upper bound of |(are + i aim) - (bre + i bim)|. */
static void dist_upper(mag_t r, const arf_t are, const arf_t aim, const arf_t bre, const arf_t bim)
{
    arf_t t;
    mag_t u;
    arf_init(t);
    mag_init(u);
    arf_sub(t, are, bre, ARF_PREC_EXACT, ARF_RND_DOWN);
    arf_get_mag(r, t);
    arf_sub(t, aim, bim, ARF_PREC_EXACT, ARF_RND_DOWN);
    arf_get_mag(u, t);
    mag_hypot(r, r, u);
    arf_clear(t);
    mag_clear(u);
}

/* Lower bound of the centre distance (the larger coordinate gap). */
static void dist_lower(mag_t r, const disc *a, const disc *b)
{
    arf_t t;
    mag_t u;
    arf_init(t);
    mag_init(u);
    arf_sub(t, a->re, b->re, ARF_PREC_EXACT, ARF_RND_DOWN);
    arf_get_mag_lower(r, t);
    arf_sub(t, a->im, b->im, ARF_PREC_EXACT, ARF_RND_DOWN);
    arf_get_mag_lower(u, t);
    mag_max(r, r, u);
    arf_clear(t);
    mag_clear(u);
}

/* 1 when the discs may intersect or lie within tol of each other. */
static int discs_close(const disc *a, const disc *b, const mag_t tol)
{
    mag_t d, s;
    mag_init(d);
    mag_init(s);
    dist_lower(d, a, b);
    mag_add(s, a->rad, b->rad);
    mag_add(s, s, tol);
    int close = mag_cmp(d, s) <= 0;
    mag_clear(d);
    mag_clear(s);
    return close;
}

/* a <- a disc containing a and b (smallest one up to rounding).  The new
 * centre is only approximate; the radius is computed from it with upward
 * rounding, so containment holds whatever the centre is. */
static void disc_absorb(disc *a, const disc *b, slong prec)
{
    mag_t d, s, r2;
    arf_t t, u, c_re, c_im;
    mag_init(d);
    mag_init(s);
    mag_init(r2);
    arf_init(t);
    arf_init(u);
    arf_init(c_re);
    arf_init(c_im);
    dist_upper(d, a->re, a->im, b->re, b->im);
    a->mult += b->mult;
    mag_add(s, d, b->rad);
    if (mag_cmp(s, a->rad) <= 0)
        goto done; /* b inside a */
    mag_add(s, d, a->rad);
    if (mag_cmp(s, b->rad) <= 0) {
        arf_set(a->re, b->re);
        arf_set(a->im, b->im);
        mag_set(a->rad, b->rad);
        goto done;
    }
    /* t = (d + rb - ra) / (2 d) in (0, 1): fraction of the way from a to b;
     * exactly 1/2 for equal radii, so a merged conjugate pair is real. */
    arf_set_mag(t, d);
    arf_set_mag(u, b->rad);
    arf_add(t, t, u, 64, ARF_RND_NEAR);
    arf_set_mag(u, a->rad);
    arf_sub(t, t, u, 64, ARF_RND_NEAR);
    arf_set_mag(u, d);
    arf_mul_2exp_si(u, u, 1);
    arf_div(t, t, u, 64, ARF_RND_NEAR);
    if (mag_equal(a->rad, b->rad))
        arf_set_d(t, 0.5);
    arf_sub(u, b->re, a->re, prec, ARF_RND_NEAR);
    arf_set(c_re, a->re);
    arf_addmul(c_re, t, u, prec, ARF_RND_NEAR);
    arf_sub(u, b->im, a->im, prec, ARF_RND_NEAR);
    arf_set(c_im, a->im);
    arf_addmul(c_im, t, u, prec, ARF_RND_NEAR);
    dist_upper(s, c_re, c_im, a->re, a->im);
    mag_add(s, s, a->rad);
    dist_upper(r2, c_re, c_im, b->re, b->im);
    mag_add(r2, r2, b->rad);
    mag_max(a->rad, s, r2);
    arf_swap(a->re, c_re);
    arf_swap(a->im, c_im);
done:
    mag_clear(d);
    mag_clear(s);
    mag_clear(r2);
    arf_clear(t);
    arf_clear(u);
    arf_clear(c_re);
    arf_clear(c_im);
}

/* Merges discs until no two are close (tol = 0: until pairwise disjoint).
 * Counting stays exact: every eigenvalue is assigned to one disc, the
 * merged disc contains the union, and disjoint discs cannot share one. */
static void discs_merge(discs *l, const mag_t tol, slong prec)
{
    int changed = 1;
    while (changed) {
        changed = 0;
        for (size_t i = 0; i < l->n && !changed; i++)
            for (size_t j = i + 1; j < l->n && !changed; j++)
                if (discs_close(&l->d[i], &l->d[j], tol)) {
                    disc_absorb(&l->d[i], &l->d[j], prec);
                    discs_remove(l, j);
                    changed = 1;
                }
    }
}

/* Upper bound of max(|centre| + radius): the spectral radius. */
static void discs_radius(mag_t rho, const discs *l)
{
    mag_t t;
    arf_t z;
    mag_init(t);
    arf_init(z);
    mag_zero(rho);
    for (size_t i = 0; i < l->n; i++) {
        dist_upper(t, l->d[i].re, l->d[i].im, z, z);
        mag_add(t, t, l->d[i].rad);
        mag_max(rho, rho, t);
    }
    mag_clear(t);
    arf_clear(z);
}

/* Absolute merge distance: cluster_tol * max(1, rho), rounded up. */
static void abs_tol(mag_t tol, double cluster_tol, const mag_t rho)
{
    mag_t one;
    mag_init(one);
    mag_one(one);
    mag_set_d(tol, cluster_tol);
    mag_max(one, one, rho);
    mag_mul(tol, tol, one);
    mag_clear(one);
}

static int disc_cmp(const void *pa, const void *pb)
{
    const disc *a = pa, *b = pb;
    int c = arf_cmp(b->re, a->re);
    return c ? c : arf_cmp(b->im, a->im);
}

/* Clusters in MPFR at prec; the radius absorbs the centre's rounding. */
static void cluster_from_disc(ic_encl_cluster *c, const disc *d, mpfr_prec_t prec)
{
    arf_t t, ti;
    mag_t e;
    mpfr_init2(c->re, prec);
    mpfr_init2(c->im, prec);
    mpfr_init2(c->rad, prec);
    arf_init(t);
    arf_init(ti);
    mag_init(e);
    arf_get_mpfr(c->re, d->re, MPFR_RNDN);
    arf_get_mpfr(c->im, d->im, MPFR_RNDN);
    arf_set_mpfr(t, c->re);
    arf_set_mpfr(ti, c->im);
    dist_upper(e, t, ti, d->re, d->im);
    mag_add(e, e, d->rad);
    arf_set_mag(t, e);
    arf_get_mpfr(c->rad, t, MPFR_RNDU);
    c->mult = d->mult;
    arf_clear(t);
    arf_clear(ti);
    mag_clear(e);
}

static void spectrum_reset(ic_encl_spectrum *s, mpfr_prec_t prec)
{
    s->n = 0;
    s->c = NULL;
    s->rigorous = 0;
    s->prec = prec;
}

void ic_encl_spectrum_clear(ic_encl_spectrum *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++) {
        mpfr_clear(s->c[i].re);
        mpfr_clear(s->c[i].im);
        mpfr_clear(s->c[i].rad);
    }
    free(s->c);
    s->c = NULL;
    s->n = 0;
}

/* Real matrices: a disc reaching the real axis is re-centred on it
 * (radius + |im|, so it still contains the old disc); clusters of real
 * eigenvalues then report im = 0 exactly.  Returns 1 if any moved. */
static int snap_real(discs *l)
{
    mag_t t;
    int moved = 0;
    mag_init(t);
    for (size_t i = 0; i < l->n; i++) {
        if (arf_is_zero(l->d[i].im))
            continue;
        arf_get_mag(t, l->d[i].im);
        if (mag_cmp(t, l->d[i].rad) <= 0) {
            mag_add(l->d[i].rad, l->d[i].rad, t);
            arf_zero(l->d[i].im);
            moved = 1;
        }
    }
    mag_clear(t);
    return moved;
}

/* Real matrices have a conjugation-symmetric spectrum.  After snapping,
 * discs are real-centred, or lie wholly in one half plane; replacing the
 * lower ones by mirror images of the upper ones keeps the counts exact
 * (conj(U) holds exactly the conjugates of U's eigenvalues, and every
 * eigenvalue below the axis is the conjugate of one in an upper disc or
 * lies in a real-centred one) and makes pairs share their real part. */
static int mirror_conjugates(discs *l)
{
    size_t up = 0;
    for (size_t i = 0; i < l->n; i++)
        up += arf_sgn(l->d[i].im) > 0;
    disc *d = ic_reallocarray(l->d, l->n + up, sizeof *d);
    if (!d)
        return IC_EINTERNAL;
    l->d = d;
    l->cap = l->n + up;
    for (size_t i = l->n; i-- > 0;)
        if (arf_sgn(l->d[i].im) < 0)
            discs_remove(l, i);
    for (size_t i = 0, n0 = l->n; i < n0; i++)
        if (arf_sgn(l->d[i].im) > 0) {
            disc *c = discs_push(l, l->d[i].re, l->d[i].im, l->d[i].rad, l->d[i].mult);
            arf_neg(c->im, c->im);
        }
    return IC_OK;
}

/* 1 when some two discs are close (see discs_close). */
static int any_close(const discs *l, const mag_t tol)
{
    for (size_t i = 0; i < l->n; i++)
        for (size_t j = i + 1; j < l->n; j++)
            if (discs_close(&l->d[i], &l->d[j], tol))
                return 1;
    return 0;
}

/* Merges until no two discs are close; for a real matrix also re-centres
 * discs that reach the axis and mirrors, until stable.  Each pass that
 * does not return merges at least two discs, so this terminates. */
static int settle(discs *l, const mag_t tol, int real_matrix, int rigorous, slong prec)
{
    for (;;) {
        discs_merge(l, tol, prec);
        if (!real_matrix)
            return IC_OK;
        if (snap_real(l))
            continue;
        if (!rigorous) /* mirroring needs exact counts */
            return IC_OK;
        if (mirror_conjugates(l))
            return IC_EINTERNAL;
        if (!any_close(l, tol))
            return IC_OK;
    }
}

/* Final step of every route: merge by the caller's tolerance (for a real
 * matrix keeping conjugation symmetry), sort, convert. */
static int finish(ic_encl_spectrum *out, discs *l, double cluster_tol, int rigorous, int real_matrix, slong prec,
                  ic_err *err)
{
    mag_t rho, tol;
    mag_init(rho);
    mag_init(tol);
    discs_radius(rho, l);
    abs_tol(tol, cluster_tol, rho);
    int rc = settle(l, tol, real_matrix, rigorous, prec);
    mag_clear(rho);
    mag_clear(tol);
    if (rc)
        return ic_err_set(err, rc, "ic_encl: out of memory");
    qsort(l->d, l->n, sizeof *l->d, disc_cmp);
    out->c = ic_calloc(l->n, sizeof *out->c);
    if (!out->c)
        return ic_err_set(err, IC_EINTERNAL, "ic_encl: out of memory");
    for (size_t i = 0; i < l->n; i++)
        cluster_from_disc(&out->c[i], &l->d[i], out->prec);
    out->n = l->n;
    out->rigorous = rigorous;
    return IC_OK;
}

/* ---- argument checks ---- */

static int check_args(const ic_mat *a, double cluster_tol, int square, int upper, const char *who, ic_err *err)
{
    if (square && a->rows != a->cols)
        return ic_err_set(err, IC_EINPUT, "%s: matrix is %zux%zu, not square", who, a->rows, a->cols);
    if (!(cluster_tol >= 0) || !isfinite(cluster_tol))
        return ic_err_set(err, IC_EINPUT, "%s: cluster tolerance %g is not a finite number >= 0", who, cluster_tol);
    for (size_t i = 0; i < a->rows; i++)
        for (size_t j = upper ? i : 0; j < a->cols; j++)
            if (!mpfr_number_p(IC_MAT_AT(a, i, j)))
                return ic_err_set(err, IC_EINPUT, "%s: entry (%zu,%zu) is not finite", who, i, j);
    return IC_OK;
}

/* ---- symmetric route ---- */

typedef struct {
    ic_mat r, s, e, xe;
    mpfr_t *lam;
    mpfr_t delta; /* cluster threshold of the last correction */
    size_t n;
} oa_work;

static void oa_work_clear(oa_work *w)
{
    ic_mat_clear(&w->r);
    ic_mat_clear(&w->s);
    ic_mat_clear(&w->e);
    ic_mat_clear(&w->xe);
    if (w->lam) {
        for (size_t i = 0; i < w->n; i++)
            mpfr_clear(w->lam[i]);
        mpfr_clear(w->delta);
    }
    free(w->lam);
    w->lam = NULL;
}

static int oa_work_init(oa_work *w, size_t n, mpfr_prec_t wp, ic_err *err)
{
    memset(w, 0, sizeof *w);
    w->lam = ic_calloc(n, sizeof *w->lam);
    if (!w->lam)
        return ic_err_set(err, IC_EINTERNAL, "ic_encl: out of memory");
    w->n = n;
    for (size_t i = 0; i < n; i++)
        mpfr_init2(w->lam[i], wp);
    mpfr_init2(w->delta, 64);
    int rc = ic_mat_init(&w->r, n, n, wp, err);
    if (!rc)
        rc = ic_mat_init(&w->s, n, n, wp, err);
    if (!rc)
        rc = ic_mat_init(&w->e, n, n, wp, err);
    if (!rc)
        rc = ic_mat_init(&w->xe, n, n, wp, err);
    if (rc)
        oa_work_clear(w);
    return rc;
}

/* Midpoint product c = op(a) b through Arb, op = transpose when ta: Arb
 * multiplies blocks over the integers, several times faster than MPFR dot
 * products.  Only used in the refinement, whose accuracy the bound does
 * not rely on; prec may be below c->prec while the iterate is coarse. */
static void mid_mul(ic_mat *c, const ic_mat *a, int ta, const ic_mat *b, slong prec)
{
    slong m = (slong)c->rows, k = (slong)b->rows, n = (slong)c->cols;
    arb_mat_t A, B, C;
    arb_mat_init(A, m, k);
    arb_mat_init(B, k, n);
    arb_mat_init(C, m, n);
    for (slong i = 0; i < m; i++)
        for (slong j = 0; j < k; j++)
            arf_set_mpfr(arb_midref(arb_mat_entry(A, i, j)), ta ? IC_MAT_AT(a, j, i) : IC_MAT_AT(a, i, j));
    for (slong i = 0; i < k; i++)
        for (slong j = 0; j < n; j++)
            arf_set_mpfr(arb_midref(arb_mat_entry(B, i, j)), IC_MAT_AT(b, i, j));
    arb_mat_approx_mul(C, A, B, prec);
    for (slong i = 0; i < m; i++)
        for (slong j = 0; j < n; j++)
            arf_get_mpfr(IC_MAT_AT(c, i, j), arb_midref(arb_mat_entry(C, i, j)), MPFR_RNDN);
    arb_mat_clear(A);
    arb_mat_clear(B);
    arb_mat_clear(C);
}

/* r <- r + x^2 (norm accumulators: 64 bits, MPFR exponent range, so that
 * tiny residuals at high precision do not underflow as doubles would). */
static void acc_sq(mpfr_ptr r, mpfr_srcptr x)
{
    mpfr_fma(r, x, x, r, MPFR_RNDU);
}

/* R = I - X^T X and S = X^T (A X) as midpoint products: A X first, then
 * one product X^T [X | A X], so X is converted once and the two
 * right-hand sides share one multimodular product. */
static void rs_mul(oa_work *w, const ic_mat *x, const ic_mat *a, slong prec)
{
    slong n = (slong)x->rows;
    arb_mat_t A, X, XT, B, Bt, C;
    arb_mat_init(A, n, n);
    arb_mat_init(X, n, n);
    arb_mat_init(XT, n, n);
    arb_mat_init(B, n, 2 * n);
    arb_mat_init(C, n, 2 * n);
    for (slong i = 0; i < n; i++)
        for (slong j = 0; j < n; j++) {
            arf_set_mpfr(arb_midref(arb_mat_entry(A, i, j)), IC_MAT_AT(a, i, j));
            arf_set_mpfr(arb_midref(arb_mat_entry(X, i, j)), IC_MAT_AT(x, i, j));
        }
    arb_mat_transpose(XT, X);
    arb_mat_window_init(Bt, B, 0, n, n, 2 * n);
    arb_mat_approx_mul(Bt, A, X, prec);
    arb_mat_window_clear(Bt);
    for (slong i = 0; i < n; i++)
        for (slong j = 0; j < n; j++)
            arf_set(arb_midref(arb_mat_entry(B, i, j)), arb_midref(arb_mat_entry(X, i, j)));
    arb_mat_approx_mul(C, XT, B, prec);
    for (slong i = 0; i < n; i++)
        for (slong j = 0; j < n; j++) {
            mpfr_ptr r = IC_MAT_AT(&w->r, i, j);
            arf_get_mpfr(r, arb_midref(arb_mat_entry(C, i, j)), MPFR_RNDN);
            mpfr_neg(r, r, MPFR_RNDN);
            if (i == j)
                mpfr_add_ui(r, r, 1, MPFR_RNDN);
            arf_get_mpfr(IC_MAT_AT(&w->s, i, j), arb_midref(arb_mat_entry(C, i, n + j)), MPFR_RNDN);
        }
    arb_mat_clear(A);
    arb_mat_clear(X);
    arb_mat_clear(XT);
    arb_mat_clear(B);
    arb_mat_clear(C);
}

/* One Ogita-Aishima step (LAA 2018, Alg. 1): with R = I - X^T X and
 * S = X^T A X, the correction F (X <- X + X F) has f_ij = (s_ij + l_j r_ij) /
 * (l_j - l_i) for well separated estimates l, and r_ij / 2 inside clusters
 * (gap <= delta), which makes multiple eigenvalues converge as a subspace.
 * Returns ||F||_F in en. */
static size_t oa_correction(mpfr_ptr en, oa_work *w, const ic_mat *x, const ic_mat *a, mpfr_srcptr anorm,
                            slong prec)
{
    size_t n = x->rows;
    mpfr_prec_t wp = x->prec;
    mpfr_t off, rn, delta, g, h;
    mpfr_inits2(64, off, rn, delta, (mpfr_ptr)0);
    mpfr_inits2(wp, g, h, (mpfr_ptr)0);
    rs_mul(w, x, a, prec);
    mpfr_set_zero(off, 1);
    mpfr_set_zero(rn, 1);
    for (size_t i = 0; i < n; i++) {
        mpfr_ui_sub(g, 1, IC_MAT_AT(&w->r, i, i), MPFR_RNDN);
        mpfr_div(w->lam[i], IC_MAT_AT(&w->s, i, i), g, MPFR_RNDN);
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            if (i == j)
                mpfr_sub(h, IC_MAT_AT(&w->s, i, i), w->lam[i], MPFR_RNDN);
            else
                mpfr_set(h, IC_MAT_AT(&w->s, i, j), MPFR_RNDN);
            acc_sq(off, h);
            acc_sq(rn, IC_MAT_AT(&w->r, i, j));
        }
    mpfr_sqrt(off, off, MPFR_RNDU);
    mpfr_sqrt(rn, rn, MPFR_RNDU);
    mpfr_fma(delta, anorm, rn, off, MPFR_RNDU);
    mpfr_mul_2ui(delta, delta, 1, MPFR_RNDU);
    mpfr_set(w->delta, delta, MPFR_RNDU);
    mpfr_set_zero(en, 1);
    size_t paired = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            mpfr_ptr f = IC_MAT_AT(&w->e, i, j);
            mpfr_sub(g, w->lam[j], w->lam[i], MPFR_RNDN);
            if (i == j || mpfr_cmpabs(g, delta) <= 0) {
                paired += i != j;
                mpfr_div_2ui(f, IC_MAT_AT(&w->r, i, j), 1, MPFR_RNDN);
            } else {
                mpfr_fma(h, w->lam[j], IC_MAT_AT(&w->r, i, j), IC_MAT_AT(&w->s, i, j), MPFR_RNDN);
                mpfr_div(f, h, g, MPFR_RNDN);
            }
            acc_sq(en, f);
        }
    mpfr_sqrt(en, en, MPFR_RNDU);
    mpfr_clears(off, rn, delta, g, h, (mpfr_ptr)0);
    return paired;
}

/* Ogita-Aishima iterations on the basis x of a (symmetric, full) until
 * the correction stops shrinking or reaches the working precision.  A
 * step is applied only when it is smaller than the previous one, unless
 * the cluster structure changed (a pair newly resolved starts with an
 * O(1) relative correction), so divergence never makes x much worse than
 * a converging iterate; the bound that follows does not rely on x being
 * accurate, only its width does.  Convergence is quadratic, so products
 * run at about four times the bits of the last correction (plus 32), and
 * with no clusters the loop stops after a step of size below
 * 2^-(wp/2 + 4), whose successor would be at the rounding level.
 * Returns the number of cluster pairs of the last correction. */
static size_t oa_iterate(ic_mat *x, const ic_mat *a, oa_work *w, mpfr_srcptr anorm)
{
    mpfr_t en, eprev, thr, quad;
    size_t paired = 0, paired_prev = SIZE_MAX;
    slong wp = (slong)x->prec, prec = wp < 160 ? wp : 160;
    mpfr_inits2(64, en, eprev, thr, quad, (mpfr_ptr)0);
    mpfr_set_inf(eprev, 1);
    mpfr_set_ui_2exp(thr, 1, -wp + 8, MPFR_RNDN);
    mpfr_set_ui_2exp(quad, 1, -(wp / 2 + 4), MPFR_RNDN);
    for (int it = 0; it < 60; it++) {
        paired = oa_correction(en, w, x, a, anorm, prec);
        if (paired != paired_prev)
            mpfr_set_inf(eprev, 1);
        paired_prev = paired;
        if (!mpfr_number_p(en) || mpfr_cmp(en, eprev) >= 0) {
            if (prec == wp)
                break;
            prec = wp; /* stalled at the reduced precision: retry at full */
            continue;
        }
        mid_mul(&w->xe, x, 0, &w->e, prec);
        ic_mat_add(x, x, &w->xe);
        if (mpfr_cmp(en, thr) <= 0 || (!paired && prec == wp && mpfr_cmp(en, quad) <= 0))
            break;
        mpfr_set(eprev, en, MPFR_RNDN);
        /* the next correction is ~en^2 and leaves an error ~en^4 plus
         * the rounding of its products: 4 (-log2 en) + 32 bits, <= wp */
        long e = mpfr_zero_p(en) ? wp : -(long)mpfr_get_exp(en);
        prec = e < wp / 4 ? 4 * e + 32 : wp;
        if (prec < 64)
            prec = 64;
    }
    mpfr_clears(en, eprev, thr, quad, (mpfr_ptr)0);
    return paired;
}

/* Rayleigh-Ritz in double on one cluster idx[0..k) of x: with
 * B = S_cc - mean I scaled to unit size, x_c <- x_c V for the
 * eigenvectors V of B (LAPACKE_dsyevd).  Returns 1 if x changed; 0 when B
 * is at the noise level of the working precision (a truly multiple
 * eigenvalue: any basis of its subspace will do) or LAPACK fails. */
static int rotate_cluster(ic_mat *x, const oa_work *w, const size_t *idx, size_t k, mpfr_srcptr anorm)
{
    size_t n = x->rows;
    mpfr_prec_t wp = x->prec;
    int done = 0;
    mpfr_t mean, t, noise;
    mpfr_inits2(wp, mean, t, (mpfr_ptr)0);
    mpfr_init2(noise, 64);
    ic_mat b, xc, v, xv;
    double *bd = ic_calloc(k * k, sizeof *bd), *ev = ic_calloc(k, sizeof *ev);
    if (!bd || !ev || ic_mat_init(&b, k, k, wp, NULL)) {
        free(bd);
        free(ev);
        mpfr_clears(mean, t, noise, (mpfr_ptr)0);
        return 0;
    }
    mpfr_set_zero(mean, 1);
    for (size_t i = 0; i < k; i++)
        mpfr_add(mean, mean, IC_MAT_AT(&w->s, idx[i], idx[i]), MPFR_RNDN);
    mpfr_div_ui(mean, mean, k, MPFR_RNDN);
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++)
            mpfr_set(IC_MAT_AT(&b, i, j), IC_MAT_AT(&w->s, idx[i], idx[j]), MPFR_RNDN);
    for (size_t i = 0; i < k; i++)
        mpfr_sub(IC_MAT_AT(&b, i, i), IC_MAT_AT(&b, i, i), mean, MPFR_RNDN);
    ic_mat_max_abs(t, &b);
    mpfr_mul_2si(noise, anorm, -(long)wp + 16, MPFR_RNDN);
    if (mpfr_cmp(t, noise) > 0) {
        ic_mat_get_d_scaled(bd, &b);
        if (LAPACKE_dsyevd(LAPACK_ROW_MAJOR, 'V', 'U', (lapack_int)k, bd, (lapack_int)k, ev) == 0 &&
            !ic_mat_init(&xc, n, k, wp, NULL)) {
            ic_mat_init(&v, k, k, wp, NULL);
            ic_mat_init(&xv, n, k, wp, NULL);
            ic_mat_set_d(&v, bd);
            for (size_t r = 0; r < n; r++)
                for (size_t j = 0; j < k; j++)
                    mpfr_set(IC_MAT_AT(&xc, r, j), IC_MAT_AT(x, r, idx[j]), MPFR_RNDN);
            ic_mat_mul(&xv, &xc, &v);
            for (size_t r = 0; r < n; r++)
                for (size_t j = 0; j < k; j++)
                    mpfr_set(IC_MAT_AT(x, r, idx[j]), IC_MAT_AT(&xv, r, j), MPFR_RNDN);
            ic_mat_clear(&xc);
            ic_mat_clear(&v);
            ic_mat_clear(&xv);
            done = 1;
        }
    }
    ic_mat_clear(&b);
    free(bd);
    free(ev);
    mpfr_clears(mean, t, noise, (mpfr_ptr)0);
    return done;
}

/* Indices sorted by the current estimates w->lam (insertion sort: n is
 * small next to the O(n^3) work around it). */
static void sort_by_lam(size_t *idx, const oa_work *w)
{
    for (size_t i = 0; i < w->n; i++) {
        size_t v = idx[i] = i, j = i;
        while (j > 0 && mpfr_cmp(w->lam[idx[j - 1]], w->lam[v]) > 0) {
            idx[j] = idx[j - 1];
            j--;
        }
        idx[j] = v;
    }
}

/* Clusters that Ogita-Aishima keeps as subspaces (estimates within delta)
 * are resolved inside by Rayleigh-Ritz when their spread is above the
 * noise.  Returns 1 if any cluster was rotated (iterate again). */
static int rotate_clusters(ic_mat *x, const ic_mat *a, oa_work *w, mpfr_srcptr anorm)
{
    size_t n = x->rows, *idx = ic_calloc(n, sizeof *idx);
    mpfr_t en, g;
    int any = 0;
    if (!idx)
        return 0;
    mpfr_init2(en, 64);
    mpfr_init2(g, x->prec);
    oa_correction(en, w, x, a, anorm, (slong)x->prec); /* fresh S, estimates and delta */
    sort_by_lam(idx, w);
    for (size_t i0 = 0, i1; i0 < n; i0 = i1) {
        for (i1 = i0 + 1; i1 < n; i1++) {
            mpfr_sub(g, w->lam[idx[i1]], w->lam[idx[i1 - 1]], MPFR_RNDN);
            if (mpfr_cmp(g, w->delta) > 0)
                break;
        }
        if (i1 - i0 > 1)
            any |= rotate_cluster(x, w, idx + i0, i1 - i0, anorm);
    }
    mpfr_clear(en);
    mpfr_clear(g);
    free(idx);
    return any;
}

/* Refinement: Ogita-Aishima, then Rayleigh-Ritz inside unresolved
 * clusters and again, a few rounds (each resolves the cluster's spread to
 * about double precision relative to that spread). */
static void oa_refine(ic_mat *x, const ic_mat *a, oa_work *w)
{
    mpfr_t anorm;
    mpfr_init2(anorm, 64);
    ic_mat_frob(anorm, a);
    size_t paired = oa_iterate(x, a, w, anorm);
    for (int round = 0; paired && round < 4 && rotate_clusters(x, a, w, anorm); round++)
        paired = oa_iterate(x, a, w, anorm);
    mpfr_clear(anorm);
}

/* Starting basis: LAPACKE_dsyevd on a scaled double copy; the identity if
 * LAPACK fails (the refinement and the bound still apply). */
static void sym_start(ic_mat *x, const ic_mat *s)
{
    double *ad = ic_calloc(s->rows * s->rows, sizeof *ad);
    if (ad && ic_encl_sym_dsyevd(ad, s))
        ic_mat_set_d(x, ad);
    else
        ic_mat_set_identity(x);
    free(ad);
}

static void arb_mat_from_icm(arb_mat_t m, const ic_mat *a)
{
    for (size_t i = 0; i < a->rows; i++)
        for (size_t j = 0; j < a->cols; j++) {
            arf_set_mpfr(arb_midref(arb_mat_entry(m, i, j)), IC_MAT_AT(a, i, j));
            mag_zero(arb_radref(arb_mat_entry(m, i, j)));
        }
}

/* Gershgorin discs of the enclosure d (real centres): row i gives
 * [mid d_ii -/+ (rad d_ii + sum_{j != i} |d_ij|)]. */
static void gershgorin(discs *l, const arb_mat_t d)
{
    slong n = arb_mat_nrows(d);
    mag_t r, t;
    arf_t zero;
    mag_init(r);
    mag_init(t);
    arf_init(zero);
    for (slong i = 0; i < n; i++) {
        mag_set(r, arb_radref(arb_mat_entry(d, i, i)));
        for (slong j = 0; j < n; j++)
            if (j != i) {
                arb_get_mag(t, arb_mat_entry(d, i, j));
                mag_add(r, r, t);
            }
        discs_push(l, arb_midref(arb_mat_entry(d, i, i)), zero, r, 1);
    }
    mag_clear(r);
    mag_clear(t);
    arf_clear(zero);
}

/* Widens every disc by (|centre| + rad) * eps / (1 - eps) + extra.
 * Ostrowski: lambda_i(A) = lambda_i(D) / theta_i with |theta_i - 1| <= eps,
 * index by index, so each disc still holds its assigned eigenvalues. */
static void widen(discs *l, const mag_t eps, const mag_t extra)
{
    mag_t f, t;
    arf_t zero;
    mag_init(f);
    mag_init(t);
    arf_init(zero);
    mag_one(t);
    mag_sub_lower(t, t, eps);
    mag_div(f, eps, t);
    for (size_t i = 0; i < l->n; i++) {
        dist_upper(t, l->d[i].re, l->d[i].im, zero, zero);
        mag_add(t, t, l->d[i].rad);
        mag_mul(t, t, f);
        mag_add(l->d[i].rad, l->d[i].rad, t);
        if (extra)
            mag_add(l->d[i].rad, l->d[i].rad, extra);
    }
    mag_clear(f);
    mag_clear(t);
    arf_clear(zero);
}

/* Rigorous discs for the eigenvalues of s (symmetric) from the basis x.
 * Returns 1 when proven; 0 when x is too far from orthogonal (||E|| >= 1/2),
 * in which case the unwidened Gershgorin discs are left as estimates. */
static int sym_bound(discs *l, const ic_mat *s, const ic_mat *x, const mag_t extra)
{
    slong n = (slong)s->rows, bprec = x->prec + 32;
    arb_mat_t as, ax, axt, t, d;
    mag_t eps, zero;
    arb_mat_init(as, n, n);
    arb_mat_init(ax, n, n);
    arb_mat_init(axt, n, n);
    arb_mat_init(t, n, n);
    arb_mat_init(d, n, n);
    mag_init(eps);
    mag_init(zero);
    arb_mat_from_icm(as, s);
    arb_mat_from_icm(ax, x);
    arb_mat_transpose(axt, ax);
    arb_mat_mul(t, as, ax, bprec);
    arb_mat_mul(d, axt, t, bprec);
    arb_mat_mul(t, axt, ax, bprec);
    for (slong i = 0; i < n; i++)
        arb_sub_ui(arb_mat_entry(t, i, i), arb_mat_entry(t, i, i), 1, bprec);
    arb_mat_bound_frobenius_norm(eps, t); /* ||E||_2 <= ||E||_F */
    gershgorin(l, d);
    discs_merge(l, zero, bprec);
    int ok = mag_cmp_2exp_si(eps, -1) < 0;
    if (ok) {
        widen(l, eps, extra);
        discs_merge(l, zero, bprec);
    }
    arb_mat_clear(as);
    arb_mat_clear(ax);
    arb_mat_clear(axt);
    arb_mat_clear(t);
    arb_mat_clear(d);
    mag_clear(eps);
    mag_clear(zero);
    return ok;
}

/* The fast route's intervals as discs; *done = 0 when it did not apply. */
static int sym_fast_discs(discs *l, const ic_mat *s, mpfr_prec_t wp, const mag_t extra, int *done, ic_err *err)
{
    size_t n = s->rows, cnt = 0;
    arb_ptr iv = _arb_vec_init((slong)n);
    size_t *mult = ic_calloc(n, sizeof *mult);
    arf_t zero;
    mag_t z;
    arf_init(zero);
    mag_init(z);
    int rc = mult ? ic_encl_sym_fast(iv, mult, &cnt, done, s, wp, err) : ic_err_set(err, IC_EINTERNAL, "ic_encl: out of memory");
    for (size_t i = 0; !rc && *done && i < cnt; i++) {
        if (extra)
            mag_add(arb_radref(iv + i), arb_radref(iv + i), extra);
        if (!discs_push(l, arb_midref(iv + i), zero, arb_radref(iv + i), mult[i]))
            rc = ic_err_set(err, IC_EINTERNAL, "ic_encl: out of memory");
    }
    if (!rc && *done)
        discs_merge(l, z, wp); /* Weyl widening can make neighbours overlap */
    _arb_vec_clear(iv, (slong)n);
    free(mult);
    arf_clear(zero);
    mag_clear(z);
    return rc;
}

/* The classic route's discs: Ogita-Aishima in Arb to the full precision,
 * then Gershgorin and Ostrowski. */
static int sym_classic_discs(discs *l, const ic_mat *s, mpfr_prec_t wp, const mag_t extra, int *rigorous,
                             ic_err *err)
{
    size_t n = s->rows;
    ic_mat x;
    oa_work w;
    int rc = ic_mat_init(&x, n, n, wp, err);
    if (rc)
        return rc;
    rc = oa_work_init(&w, n, wp, err);
    if (!rc) {
        sym_start(&x, s);
        oa_refine(&x, s, &w);
        oa_work_clear(&w);
        *rigorous = sym_bound(l, s, &x, extra);
    }
    ic_mat_clear(&x);
    return rc;
}

/* Discs for the eigenvalues of the symmetric matrix whose upper triangle
 * is a, computed at precision wp; extra (or NULL) is added to every radius
 * (a Weyl term for a perturbation of a).  AUTO tries the fast route first. */
static int sym_discs(discs *l, const ic_mat *a, mpfr_prec_t wp, const mag_t extra, ic_encl_route sym_route, int *rigorous,
                     ic_err *err)
{
    size_t n = a->rows;
    ic_mat s;
    int rc = discs_init(l, n);
    if (rc)
        return ic_err_set(err, rc, "ic_encl: out of memory");
    rc = ic_mat_init(&s, n, n, wp, err);
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i; j < n; j++) {
            mpfr_set(IC_MAT_AT(&s, i, j), IC_MAT_AT(a, i, j), MPFR_RNDN); /* wp >= a->prec: exact */
            mpfr_set(IC_MAT_AT(&s, j, i), IC_MAT_AT(a, i, j), MPFR_RNDN);
        }
    int done = 0;
    *rigorous = 0;
    if (sym_route != IC_ENCL_ROUTE_CLASSIC)
        rc = sym_fast_discs(l, &s, wp, extra, &done, err);
    if (done)
        *rigorous = 1;
    else if (!rc && sym_route != IC_ENCL_ROUTE_FAST)
        rc = sym_classic_discs(l, &s, wp, extra, rigorous, err);
    ic_mat_clear(&s);
    return rc;
}

/* Guard bits above the matrix precision for refinement. */
#define IC_ENCL_GUARD 32

int ic_encl_eig_sym(ic_encl_spectrum *out, const ic_mat *a, double cluster_tol, ic_err *err)
{
    return ic_encl_eig_sym_route(out, a, cluster_tol, IC_ENCL_ROUTE_AUTO, err);
}

int ic_encl_eig_sym_route(ic_encl_spectrum *out, const ic_mat *a, double cluster_tol, ic_encl_route route, ic_err *err)
{
    spectrum_reset(out, a->prec);
    int rc = check_args(a, cluster_tol, 1, 1, "ic_encl_eig_sym", err);
    if (rc)
        return rc;
    discs l;
    int rig = 0;
    rc = sym_discs(&l, a, a->prec + IC_ENCL_GUARD, NULL, route, &rig, err);
    if (!rc)
        rc = finish(out, &l, cluster_tol, rig, 0, a->prec + IC_ENCL_GUARD, err);
    discs_clear(&l);
    return rc;
}

int ic_encl_eig_sym_basis(ic_encl_spectrum *out, const ic_mat *a, const ic_mat *x, double cluster_tol, ic_err *err)
{
    spectrum_reset(out, a->prec);
    int rc = check_args(a, cluster_tol, 1, 1, "ic_encl_eig_sym_basis", err);
    if (!rc)
        rc = check_args(x, cluster_tol, 0, 0, "ic_encl_eig_sym_basis (basis)", err);
    if (rc)
        return rc;
    size_t n = a->rows;
    if (x->rows != n || x->cols != n)
        return ic_err_set(err, IC_EINPUT, "ic_encl_eig_sym_basis: basis is %zux%zu, matrix %zux%zu", x->rows, x->cols,
                          n, n);
    ic_mat s;
    discs l;
    rc = ic_mat_init(&s, n, n, a->prec, err);
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i; j < n; j++) {
            mpfr_set(IC_MAT_AT(&s, i, j), IC_MAT_AT(a, i, j), MPFR_RNDN);
            mpfr_set(IC_MAT_AT(&s, j, i), IC_MAT_AT(a, i, j), MPFR_RNDN);
        }
    rc = discs_init(&l, n);
    if (rc) {
        ic_mat_clear(&s);
        return ic_err_set(err, rc, "ic_encl: out of memory");
    }
    int rig = sym_bound(&l, &s, x, NULL);
    rc = finish(out, &l, cluster_tol, rig, 0, a->prec + IC_ENCL_GUARD, err);
    discs_clear(&l);
    ic_mat_clear(&s);
    return rc;
}

/* ---- singular values ---- */

/* Upper bound of ||G_exact - G||_F for a Gram matrix g whose entries are
 * correctly rounded to g->prec bits: |x - RN(x)| <= 2^-p |RN(x)|. */
static void gram_error(mag_t r, const ic_mat *g)
{
    mag_t t;
    arf_t f;
    mag_init(t);
    arf_init(f);
    mag_zero(r);
    for (size_t k = 0; k < g->rows * g->cols; k++) {
        arf_set_mpfr(f, g->e[k]);
        arf_get_mag(t, f);
        mag_addmul(r, t, t);
    }
    mag_sqrt(r, r);
    mag_mul_2exp_si(r, r, -(slong)g->prec);
    mag_clear(t);
    arf_clear(f);
}

/* Maps an interval disc of eigenvalues of the Gram matrix (which are >= 0)
 * to one of singular values: [sqrt(max(lo, 0)), sqrt(hi)]. */
static void disc_sqrt(disc *d, slong prec)
{
    arf_t lo, hi, r;
    arf_init(lo);
    arf_init(hi);
    arf_init(r);
    arf_set_mag(r, d->rad);
    arf_sub(lo, d->re, r, prec, ARF_RND_FLOOR);
    arf_add(hi, d->re, r, prec, ARF_RND_CEIL);
    if (arf_sgn(lo) < 0)
        arf_zero(lo);
    if (arf_sgn(hi) < 0)
        arf_zero(hi);
    arf_sqrt(lo, lo, prec, ARF_RND_FLOOR);
    arf_sqrt(hi, hi, prec, ARF_RND_CEIL);
    arf_add(d->re, lo, hi, prec, ARF_RND_NEAR);
    arf_mul_2exp_si(d->re, d->re, -1);
    /* radius = max(hi - c, c - lo), both rounded up */
    arf_sub(r, hi, d->re, prec, ARF_RND_CEIL);
    arf_get_mag(d->rad, r);
    arf_sub(r, d->re, lo, prec, ARF_RND_CEIL);
    {
        mag_t t;
        mag_init(t);
        arf_get_mag(t, r);
        mag_max(d->rad, d->rad, t);
        mag_clear(t);
    }
    arf_zero(d->im);
    arf_clear(lo);
    arf_clear(hi);
    arf_clear(r);
}

int ic_encl_svd(ic_encl_spectrum *out, const ic_mat *a, double cluster_tol, ic_err *err)
{
    spectrum_reset(out, a->prec);
    int rc = check_args(a, cluster_tol, 0, 0, "ic_encl_svd", err);
    if (rc)
        return rc;
    size_t k = a->rows < a->cols ? a->rows : a->cols;
    /* Doubled precision: a zero singular value comes out as sqrt of an
     * eigenvalue bound ~2^-2p, i.e. ~2^-p, not 2^-p/2. */
    mpfr_prec_t gp = 2 * a->prec + IC_ENCL_GUARD;
    ic_mat g;
    rc = ic_mat_init(&g, k, k, gp, err);
    if (rc)
        return rc;
    int exact = a->cols <= a->rows ? ic_mat_mul_tn(&g, a, a) : ic_mat_mul_nt(&g, a, a);
    mag_t extra;
    mag_init(extra);
    if (!exact)
        gram_error(extra, &g);
    discs l;
    int rig = 0;
    rc = sym_discs(&l, &g, gp + IC_ENCL_GUARD, extra, IC_ENCL_ROUTE_AUTO, &rig, err);
    if (!rc) {
        for (size_t i = 0; i < l.n; i++)
            disc_sqrt(&l.d[i], gp + IC_ENCL_GUARD);
        rc = finish(out, &l, cluster_tol, rig, 0, gp + IC_ENCL_GUARD, err);
    }
    discs_clear(&l);
    mag_clear(extra);
    ic_mat_clear(&g);
    return rc;
}

/* ---- general route ---- */

static void acb_mat_from_icm(acb_mat_t m, const ic_mat *a)
{
    acb_mat_zero(m);
    for (size_t i = 0; i < a->rows; i++)
        for (size_t j = 0; j < a->cols; j++)
            arf_set_mpfr(arb_midref(acb_realref(acb_mat_entry(m, i, j))), IC_MAT_AT(a, i, j));
}

/* Starting values from LAPACKE_dgeev for a * 2^-ic_mat_emax(a); used when
 * the multiprecision QR does not deliver finite values.  Returns 0 when
 * LAPACK fails. */
static int gen_lapack_start(acb_ptr e, acb_mat_t r, const ic_mat *a)
{
    size_t n = a->rows;
    double *ad = ic_calloc(n * n, sizeof *ad), *vr = ic_calloc(n * n, sizeof *vr);
    double *wr = ic_calloc(n, sizeof *wr), *wi = ic_calloc(n, sizeof *wi), vl[1];
    int ok = ad && vr && wr && wi;
    if (ok) {
        ic_mat_get_d_scaled(ad, a);
        ok = LAPACKE_dgeev(LAPACK_ROW_MAJOR, 'N', 'V', (lapack_int)n, ad, (lapack_int)n, wr, wi, vl, 1,
                           vr, (lapack_int)n) == 0;
    }
    for (size_t j = 0; ok && j < n; j++) {
        acb_set_d_d(e + j, wr[j], wi[j]);
        /* a pair (j, j+1) with wi[j] > 0 stores v = vr[:, j] + i vr[:, j+1] */
        int pair = wi[j] != 0 && j + 1 < n;
        for (size_t i = 0; i < n; i++) {
            double re = vr[i * n + j], im = pair ? vr[i * n + j + 1] : 0;
            acb_set_d_d(acb_mat_entry(r, i, j), re, im);
            if (pair)
                acb_set_d_d(acb_mat_entry(r, i, j + 1), re, -im);
        }
        if (pair) {
            acb_set_d_d(e + j + 1, wr[j + 1], wi[j + 1]);
            j++;
        }
    }
    free(ad);
    free(vr);
    free(wr);
    free(wi);
    return ok;
}

static int acb_vec_all_finite(acb_srcptr v, slong n)
{
    for (slong i = 0; i < n; i++)
        if (!acb_is_finite(v + i))
            return 0;
    return 1;
}

/* Approximate eigenpairs at precision wp: Arb's QR (it takes no starting
 * values), falling back to LAPACK's if QR gives non-finite output. */
static void gen_approx(acb_ptr e, acb_mat_t r, const acb_mat_t am, const ic_mat *a, slong wp)
{
    slong n = acb_mat_nrows(am);
    acb_mat_approx_eig_qr(e, NULL, r, am, NULL, 0, wp);
    if (acb_vec_all_finite(e, n) && acb_mat_is_finite(r))
        return;
    if (!gen_lapack_start(e, r, a)) {
        /* last resort: the diagonal and unit vectors */
        acb_mat_one(r);
        for (slong i = 0; i < n; i++)
            acb_set(e + i, acb_mat_entry(am, i, i));
    }
}

/* Union-find root. */
static slong uf_find(slong *p, slong i)
{
    while (p[i] != i)
        i = p[i] = p[p[i]];
    return i;
}

/* Groups approximations closer than g (single linkage): lab[i] = root. */
static void group_approx(slong *lab, acb_srcptr e, slong n, const mag_t g)
{
    mag_t d;
    mag_init(d);
    for (slong i = 0; i < n; i++)
        lab[i] = i;
    for (slong i = 0; i < n; i++)
        for (slong j = i + 1; j < n; j++) {
            dist_upper(d, arb_midref(acb_realref(e + i)), arb_midref(acb_imagref(e + i)),
                       arb_midref(acb_realref(e + j)), arb_midref(acb_imagref(e + j)));
            if (mag_cmp(d, g) <= 0)
                lab[uf_find(lab, j)] = uf_find(lab, i);
        }
    for (slong i = 0; i < n; i++)
        lab[i] = uf_find(lab, i);
    mag_clear(d);
}

/* Column j of x -= (q^H x_j) q for the unit column q = column i. */
static void remove_component(acb_mat_t x, slong i, slong j, acb_t t, acb_t u, slong wp)
{
    slong n = acb_mat_nrows(x);
    acb_zero(t);
    for (slong r = 0; r < n; r++) {
        acb_conj(u, acb_mat_entry(x, r, i));
        acb_addmul(t, u, acb_mat_entry(x, r, j), wp);
    }
    for (slong r = 0; r < n; r++)
        acb_submul(acb_mat_entry(x, r, j), t, acb_mat_entry(x, r, i), wp);
}

/* Modified Gram-Schmidt with reorthogonalisation, on midpoints (the
 * subspace iteration of cluster_basis). */
static void orthonormalize(acb_mat_t x, slong wp)
{
    slong n = acb_mat_nrows(x), k = acb_mat_ncols(x);
    acb_t t, u;
    arb_t nrm;
    acb_init(t);
    acb_init(u);
    arb_init(nrm);
    for (slong j = 0; j < k; j++) {
        for (int pass = 0; pass < 2; pass++)
            for (slong i = 0; i < j; i++)
                remove_component(x, i, j, t, u, wp);
        arb_zero(nrm);
        for (slong r = 0; r < n; r++) {
            acb_abs(acb_realref(t), acb_mat_entry(x, r, j), wp);
            arb_addmul(nrm, acb_realref(t), acb_realref(t), wp);
        }
        arb_sqrt(nrm, nrm, wp);
        if (arb_is_positive(nrm))
            for (slong r = 0; r < n; r++)
                acb_div_arb(acb_mat_entry(x, r, j), acb_mat_entry(x, r, j), nrm, wp);
        acb_mat_get_mid(x, x);
    }
    acb_clear(t);
    acb_clear(u);
    arb_clear(nrm);
}

/* Orthonormal basis x (n x k, on entry the cluster's eigenvector
 * approximations) of the invariant subspace of the k eigenvalues near mu,
 * by subspace iteration with (A - s I)^-1, s = mu + rho 2^(-wp/4) (1+i).
 * The offset keeps the solve away from exact singularity, and the noise
 * of the solve (~2^-wp / |s - lambda|^k in the strongest direction) below
 * the weakest direction of a Jordan block (~1 / |s - lambda|).  The
 * subspace, unlike the eigenvectors of a defective cluster, is well
 * conditioned when the cluster is separated from the rest; each step
 * shrinks the rest by ~|s - lambda| / gap. */
static void cluster_basis(acb_mat_t x, const acb_mat_t am, const acb_t mu, slong wp)
{
    slong n = acb_mat_nrows(am);
    acb_mat_t sh, y;
    acb_t s;
    mag_t rho;
    acb_mat_init(sh, n, n);
    acb_mat_init(y, n, acb_mat_ncols(x));
    acb_init(s);
    mag_init(rho);
    acb_get_mag(rho, mu);
    if (mag_cmp_2exp_si(rho, 0) < 0)
        mag_one(rho);
    arf_set_mag(arb_midref(acb_realref(s)), rho);
    arf_set_mag(arb_midref(acb_imagref(s)), rho);
    acb_mul_2exp_si(s, s, -wp / 4);
    acb_add(s, s, mu, wp);
    acb_get_mid(s, s);
    acb_mat_get_mid(sh, am);
    for (slong i = 0; i < n; i++)
        acb_sub(acb_mat_entry(sh, i, i), acb_mat_entry(sh, i, i), s, wp);
    acb_mat_get_mid(sh, sh);
    orthonormalize(x, wp);
    for (int it = 0; it < 5; it++) {
        if (!acb_mat_approx_solve(y, sh, x, wp) || !acb_mat_is_finite(y))
            break;
        acb_mat_swap(x, y);
        orthonormalize(x, wp);
    }
    acb_mat_clear(sh);
    acb_mat_clear(y);
    acb_clear(s);
    mag_clear(rho);
}

/* Rows of x (n x k) forming a well-conditioned k x k block, chosen by
 * elimination with partial pivoting; they are marked in frozen. */
static void pick_rows(char *frozen, const acb_mat_t x, slong wp)
{
    slong n = acb_mat_nrows(x), k = acb_mat_ncols(x);
    acb_mat_t w;
    acb_t f;
    mag_t best, t;
    acb_mat_init(w, n, k);
    acb_init(f);
    mag_init(best);
    mag_init(t);
    acb_mat_set(w, x);
    memset(frozen, 0, (size_t)n);
    for (slong j = 0; j < k; j++) {
        slong p = -1;
        mag_zero(best);
        for (slong i = 0; i < n; i++) {
            if (frozen[i])
                continue;
            acb_get_mag(t, acb_mat_entry(w, i, j));
            if (p < 0 || mag_cmp(t, best) > 0) {
                p = i;
                mag_set(best, t);
            }
        }
        frozen[p] = 1;
        if (mag_is_zero(best))
            continue;
        for (slong i = 0; i < n; i++) {
            if (frozen[i])
                continue;
            acb_div(f, acb_mat_entry(w, i, j), acb_mat_entry(w, p, j), wp);
            for (slong c = j; c < k; c++)
                acb_submul(acb_mat_entry(w, i, c), f, acb_mat_entry(w, p, c), wp);
        }
        acb_mat_get_mid(w, w);
    }
    acb_mat_clear(w);
    acb_clear(f);
    mag_clear(best);
    mag_clear(t);
}

/* Rump enclosure (Acta Numerica 2010, 13.4) from the basis x (n x k):
 * a box holding at least k eigenvalues near mu.  Arb's routine freezes
 * the last k rows of the basis when k > 1, which fails when those rows
 * are (near) rank deficient, e.g. a Jordan block in the top left corner;
 * so rows chosen by pivoting are moved last by a permutation similarity,
 * which leaves the eigenvalues unchanged. */
static void rump_basis(acb_t z, const acb_mat_t am, const acb_t mu, const acb_mat_t x, slong wp)
{
    slong n = acb_mat_nrows(am), k = acb_mat_ncols(x);
    slong *perm = ic_calloc((size_t)n, sizeof *perm);
    char *frozen = ic_calloc((size_t)n, 1);
    acb_mat_t xp, ap, rout;
    acb_indeterminate(z);
    if (!perm || !frozen) {
        free(perm);
        free(frozen);
        return;
    }
    acb_mat_init(xp, n, k);
    acb_mat_init(ap, n, n);
    acb_mat_init(rout, n, k);
    pick_rows(frozen, x, wp);
    slong q = 0;
    for (int pass = 0; pass < 2; pass++)
        for (slong i = 0; i < n; i++)
            if (frozen[i] == pass)
                perm[q++] = i;
    for (slong i = 0; i < n; i++) {
        for (slong j = 0; j < n; j++)
            acb_set(acb_mat_entry(ap, i, j), acb_mat_entry(am, perm[i], perm[j]));
        for (slong j = 0; j < k; j++)
            acb_set(acb_mat_entry(xp, i, j), acb_mat_entry(x, perm[i], j));
    }
    acb_mat_get_mid(xp, xp);
    acb_mat_eig_enclosure_rump(z, NULL, rout, ap, mu, xp, wp);
    free(perm);
    free(frozen);
    acb_mat_clear(xp);
    acb_mat_clear(ap);
    acb_mat_clear(rout);
}

/* 1 when box a has a smaller corner radius than box b. */
static int box_radius_less(const acb_t a, const acb_t b)
{
    mag_t ra, rb;
    mag_init(ra);
    mag_init(rb);
    mag_hypot(ra, arb_radref(acb_realref(a)), arb_radref(acb_imagref(a)));
    mag_hypot(rb, arb_radref(acb_realref(b)), arb_radref(acb_imagref(b)));
    int less = mag_cmp(ra, rb) < 0;
    mag_clear(ra);
    mag_clear(rb);
    return less;
}

/* Enclosure of the group with root c (size returned in *k).  Bases tried:
 * the eigenvector approximations (for a defective cluster they are
 * nearly parallel, but the block they give is nearly diagonal, which
 * Rump's iteration needs) and an orthonormal basis of the invariant
 * subspace, keeping the tighter box; the whole space when the group is
 * everything. */
static void rump_group(acb_t z, slong *k, const acb_mat_t am, acb_srcptr e, const acb_mat_t r, const slong *lab,
                       slong c, slong wp)
{
    slong n = acb_mat_nrows(am), m = 0;
    for (slong i = 0; i < n; i++)
        m += lab[i] == c;
    *k = m;
    acb_mat_t x;
    acb_t mean;
    acb_mat_init(x, n, m);
    acb_init(mean);
    for (slong i = 0, col = 0; i < n; i++) {
        if (lab[i] != c)
            continue;
        acb_add(mean, mean, e + i, wp);
        for (slong row = 0; row < n; row++)
            acb_set(acb_mat_entry(x, row, col), acb_mat_entry(r, row, i));
        col++;
    }
    acb_div_si(mean, mean, m, wp);
    acb_get_mid(mean, mean);
    if (m == n)
        acb_mat_one(x);
    rump_basis(z, am, mean, x, wp);
    if (m > 1 && m < n) {
        acb_t z2;
        acb_init(z2);
        cluster_basis(x, am, mean, wp);
        rump_basis(z2, am, mean, x, wp);
        if (acb_is_finite(z2) && (!acb_is_finite(z) || box_radius_less(z2, z)))
            acb_swap(z, z2);
        acb_clear(z2);
    }
    acb_mat_clear(x);
    acb_clear(mean);
}

/* Certifies the grouping lab: every group's Rump box must be finite and
 * the boxes pairwise disjoint (then each holds exactly its size, since
 * they hold at least that and the sizes add to n).  Overlapping groups
 * are joined and redone.  Returns 1 and fills l on success. */
static int certify_groups(discs *l, const acb_mat_t am, acb_srcptr e, const acb_mat_t r, slong *lab, slong wp)
{
    slong n = acb_mat_nrows(am);
    acb_ptr box = _acb_vec_init(n);
    slong *size = ic_calloc((size_t)n, sizeof *size);
    char *dirty = ic_calloc((size_t)n, 1);
    int ok = size && dirty;
    for (slong i = 0; ok && i < n; i++)
        dirty[lab[i]] = 1;
    while (ok) {
        for (slong c = 0; ok && c < n; c++)
            if (dirty[c]) {
                rump_group(box + c, &size[c], am, e, r, lab, c, wp);
                ok = acb_is_finite(box + c);
                dirty[c] = 0;
            }
        slong ci = -1, cj = -1;
        for (slong i = 0; ok && ci < 0 && i < n; i++)
            for (slong j = i + 1; size[i] && ci < 0 && j < n; j++)
                if (size[j] && acb_overlaps(box + i, box + j)) {
                    ci = i;
                    cj = j;
                }
        if (!ok || ci < 0)
            break;
        for (slong i = 0; i < n; i++)
            if (lab[i] == cj)
                lab[i] = ci;
        size[cj] = 0;
        dirty[ci] = 1;
    }
    for (slong c = 0; ok && c < n; c++)
        if (size[c])
            discs_push_acb(l, box + c, (size_t)size[c]);
    _acb_vec_clear(box, n);
    free(size);
    free(dirty);
    return ok;
}

/* Upper bound of max |e_i|. */
static void approx_radius(mag_t rho, acb_srcptr e, slong n)
{
    mag_t t;
    arf_t z;
    mag_init(t);
    arf_init(z);
    mag_zero(rho);
    for (slong i = 0; i < n; i++) {
        dist_upper(t, arb_midref(acb_realref(e + i)), arb_midref(acb_imagref(e + i)), z, z);
        mag_max(rho, rho, t);
    }
    mag_clear(t);
    arf_clear(z);
}

/* Proven discs from approximations (e, r) at precision wp, or 0.  First
 * all eigenvalues as simple (O(n^3)); then groups of approximations
 * closer than max(gtol, rho 2^(-q wp)) for q = 3/4, 1/2, 1/4, as Arb's
 * own cluster routine does, but also grouping within the caller's merge
 * tolerance (those would be merged anyway) and joining overlapping boxes. */
static int gen_certify(discs *l, const acb_mat_t am, acb_srcptr e, const acb_mat_t r, slong wp, const mag_t gtol)
{
    slong n = acb_mat_nrows(am);
    acb_ptr f = _acb_vec_init(n);
    int ok = acb_mat_eig_simple(f, NULL, NULL, am, e, r, wp);
    for (slong i = 0; ok && i < n; i++)
        discs_push_acb(l, f + i, 1);
    _acb_vec_clear(f, n);
    slong *lab = ic_calloc((size_t)n, sizeof *lab);
    mag_t rho, g;
    mag_init(rho);
    mag_init(g);
    approx_radius(rho, e, n);
    if (mag_cmp_2exp_si(rho, 0) < 0)
        mag_one(rho);
    for (int q = 3; !ok && lab && q >= 1; q--) {
        mag_mul_2exp_si(g, rho, -(q * wp) / 4);
        mag_max(g, g, gtol);
        group_approx(lab, e, n, g);
        ok = certify_groups(l, am, e, r, lab, wp);
        if (!ok)
            for (size_t i = l->n; i-- > 0;)
                discs_remove(l, i);
    }
    free(lab);
    mag_clear(rho);
    mag_clear(g);
    return ok;
}

/* Estimates (not proven) for when certification fails, typically a
 * defective cluster whose approximations scatter on a circle of radius
 * ~2^(-wp/k) around the eigenvalue: approximations within rho 2^(-wp/8)
 * are grouped; centre = group mean (accurate: the trace is), radius =
 * twice the spread plus Miyajima's global bound if finite (it covers the
 * spectrum but does not count per disc) or rho 2^(-wp/2). */
static void gen_estimate(discs *l, const acb_mat_t am, acb_srcptr e, const acb_mat_t r, slong wp)
{
    slong n = acb_mat_nrows(am);
    slong *lab = ic_calloc((size_t)n, sizeof *lab);
    mag_t eps, rho, t;
    acb_t mean;
    mag_init(eps);
    mag_init(rho);
    mag_init(t);
    acb_init(mean);
    approx_radius(rho, e, n);
    if (mag_cmp_2exp_si(rho, 0) < 0)
        mag_one(rho);
    acb_mat_eig_global_enclosure(eps, am, e, r, wp);
    if (!mag_is_finite(eps))
        mag_mul_2exp_si(eps, rho, -wp / 2);
    mag_mul_2exp_si(t, rho, -wp / 8);
    if (lab)
        group_approx(lab, e, n, t);
    for (slong c = 0; c < n; c++) {
        slong m = 0;
        acb_zero(mean);
        for (slong i = 0; i < n; i++)
            if (lab ? lab[i] == c : i == c) {
                acb_add(mean, mean, e + i, wp);
                m++;
            }
        if (!m)
            continue;
        acb_div_si(mean, mean, m, wp);
        acb_get_mid(mean, mean);
        mag_zero(rho);
        for (slong i = 0; i < n; i++)
            if (lab ? lab[i] == c : i == c) {
                dist_upper(t, arb_midref(acb_realref(e + i)), arb_midref(acb_imagref(e + i)),
                           arb_midref(acb_realref(mean)), arb_midref(acb_imagref(mean)));
                mag_max(rho, rho, t);
            }
        mag_mul_2exp_si(rho, rho, 1);
        mag_add(rho, rho, eps);
        discs_push(l, arb_midref(acb_realref(mean)), arb_midref(acb_imagref(mean)), rho, (size_t)m);
    }
    free(lab);
    mag_clear(eps);
    mag_clear(rho);
    mag_clear(t);
    acb_clear(mean);
}

/* The fast route's discs (one per row, Gershgorin), merged where they
 * overlap; *done = 0 when it did not apply. */
static int gen_fast_discs(discs *l, const ic_mat *a, slong wp, int *done, ic_err *err)
{
    slong n = (slong)a->rows;
    acb_ptr z = _acb_vec_init(n);
    mag_t zero;
    mag_init(zero);
    int rc = ic_encl_gen_fast(z, done, a, wp, err);
    for (slong i = 0; !rc && *done && i < n; i++)
        if (!discs_push(l, arb_midref(acb_realref(z + i)), arb_midref(acb_imagref(z + i)),
                        arb_radref(acb_realref(z + i)), 1))
            rc = ic_err_set(err, IC_EINTERNAL, "ic_encl: out of memory");
    if (!rc && *done)
        discs_merge(l, zero, wp); /* Gershgorin: k overlapping discs hold k eigenvalues */
    _acb_vec_clear(z, n);
    mag_clear(zero);
    return rc;
}

int ic_encl_eig_gen(ic_encl_spectrum *out, const ic_mat *a, double cluster_tol, ic_err *err)
{
    return ic_encl_eig_gen_route(out, a, cluster_tol, IC_ENCL_ROUTE_AUTO, err);
}

int ic_encl_eig_gen_route(ic_encl_spectrum *out, const ic_mat *a, double cluster_tol, ic_encl_route route, ic_err *err)
{
    spectrum_reset(out, a->prec);
    int rc = check_args(a, cluster_tol, 1, 0, "ic_encl_eig_gen", err);
    if (rc)
        return rc;
    slong n = (slong)a->rows, wp = a->prec + IC_ENCL_GUARD;
    discs l;
    rc = discs_init(&l, (size_t)n);
    if (rc)
        return ic_err_set(err, rc, "ic_encl: out of memory");
    int done = 0;
    if (route != IC_ENCL_ROUTE_CLASSIC && n > 0)
        rc = gen_fast_discs(&l, a, wp, &done, err);
    if (rc || done || (route == IC_ENCL_ROUTE_FAST && n > 0)) {
        if (!rc)
            rc = finish(out, &l, cluster_tol, done, 1, wp, err);
        discs_clear(&l);
        return rc;
    }
    acb_mat_t am, r;
    acb_ptr e = _acb_vec_init(n);
    mag_t rho, gtol;
    acb_mat_init(am, n, n);
    acb_mat_init(r, n, n);
    mag_init(rho);
    mag_init(gtol);
    /* Work on a * 2^-sc (exact) so that Arb's absolute thresholds meet
     * entries of size ~1 whatever the exponents. */
    slong sc = (slong)ic_mat_emax(a);
    acb_mat_from_icm(am, a);
    acb_mat_scalar_mul_2exp_si(am, am, -sc);
    int rig = 0;
    /* A second try at twice the precision helps ill-conditioned clusters. */
    for (int attempt = 0; attempt < 2 && !rig && n > 0; attempt++, wp *= 2) {
        gen_approx(e, r, am, a, wp);
        approx_radius(rho, e, n);
        mag_mul_2exp_si(rho, rho, sc);
        abs_tol(gtol, cluster_tol, rho);
        mag_mul_2exp_si(gtol, gtol, -sc);
        rig = gen_certify(&l, am, e, r, wp, gtol);
    }
    if (!rig && n > 0)
        gen_estimate(&l, am, e, r, wp / 2);
    if (n == 0)
        rig = 1;
    for (size_t i = 0; i < l.n; i++) {
        arf_mul_2exp_si(l.d[i].re, l.d[i].re, sc);
        arf_mul_2exp_si(l.d[i].im, l.d[i].im, sc);
        mag_mul_2exp_si(l.d[i].rad, l.d[i].rad, sc);
    }
    rc = finish(out, &l, cluster_tol, rig, 1, wp, err);
    discs_clear(&l);
    acb_mat_clear(am);
    acb_mat_clear(r);
    _acb_vec_clear(e, n);
    mag_clear(rho);
    mag_clear(gtol);
    return rc;
}
