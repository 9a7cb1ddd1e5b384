/* ic_encl_gen: fast enclosures for general real matrices (see src/spectra/enclosure_general.h). */
#include "spectra/enclosure_general.h"

#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "numbers/dyadic_product.h"

/* Digits allowed for V, W and A: products stay within IC_DYADIC_KMAX. */
#define GEN_KMAX (IC_DYADIC_KMAX - 8)

/* ---- complex matrices as two ic_dyadic matrices ---- */

typedef struct {
    ic_dyadic_mat re, im;
} cxm;

static void cxm_clear(cxm *x)
{
    ic_dyadic_clear(&x->re);
    ic_dyadic_clear(&x->im);
}

/* c = a b, or an exact zero when a factor is zero (skips the dgemm calls
 * for the imaginary parts of real eigenvectors). */
static int mul_or_zero(ic_dyadic_mat *c, const ic_dyadic_mat *a, const ic_dyadic_mat *b, ic_err *err)
{
    if (!ic_dyadic_is_zero(a) && !ic_dyadic_is_zero(b))
        return ic_dyadic_mul(c, a, 0, b, 0, err);
    ic_dyadic_clear(c);
    return ic_dyadic_init(c, a->rows, b->cols, 1, 0, a->beta, err);
}

/* c = a b (complex); c must not alias a or b. */
static int cxm_mul(cxm *c, const cxm *a, const cxm *b, ic_err *err)
{
    ic_dyadic_mat t1 = {0}, t2 = {0};
    int rc = mul_or_zero(&t1, &a->re, &b->re, err);
    if (!rc)
        rc = mul_or_zero(&t2, &a->im, &b->im, err);
    if (!rc)
        rc = ic_dyadic_add(&c->re, &t1, &t2, -1, err);
    if (!rc)
        rc = mul_or_zero(&t1, &a->re, &b->im, err);
    if (!rc)
        rc = mul_or_zero(&t2, &a->im, &b->re, err);
    if (!rc)
        rc = ic_dyadic_add(&c->im, &t1, &t2, 1, err);
    ic_dyadic_clear(&t1);
    ic_dyadic_clear(&t2);
    return rc;
}

/* c = a b with a real. */
static int cxm_mul_real(cxm *c, const ic_dyadic_mat *a, const cxm *b, ic_err *err)
{
    int rc = mul_or_zero(&c->re, a, &b->re, err);
    return rc ? rc : mul_or_zero(&c->im, a, &b->im, err);
}

static int cxm_copy(cxm *d, const cxm *s, ic_err *err)
{
    int rc = ic_dyadic_copy(&d->re, &s->re, err);
    return rc ? rc : ic_dyadic_copy(&d->im, &s->im, err);
}

static void cxm_trunc(cxm *x, long lsb)
{
    ic_dyadic_trunc(&x->re, lsb);
    ic_dyadic_trunc(&x->im, lsb);
}

/* ---- starting values ---- */

/* V from LAPACKE_dgeev (complex pairs from its real storage) and W = V^-1
 * in double, through the real 2n x 2n form [[Vr, -Vi], [Vi, Vr]], whose
 * inverse is [[Wr, -Wi], [Wi, Wr]].  Returns 0 when LAPACK fails. */
static int start(cxm *v, cxm *w, const ic_mat *a, int beta, int *rc, ic_err *err)
{
    size_t n = a->rows, m = 2 * n;
    double *buf = ic_calloc(n * n * 3 + 2 * n + 2 * m * m, sizeof *buf);
    *rc = buf ? IC_OK : ic_err_set(err, IC_EINTERNAL, "ic_encl: out of memory");
    if (!buf)
        return 0;
    double *ad = buf, *vr = ad + n * n, *vi = vr + n * n, *wr = vi + n * n, *wi = wr + n, *big = wi + n,
           *inv = big + m * m;
    ic_mat_get_d_scaled(ad, a);
    double *vec = ic_calloc(n * n, sizeof *vec);
    lapack_int *piv = ic_calloc(m, sizeof *piv);
    int ok = vec && piv &&
             LAPACKE_dgeev(LAPACK_ROW_MAJOR, 'N', 'V', (lapack_int)n, ad, (lapack_int)n, wr, wi, NULL, 1, vec,
                           (lapack_int)n) == 0;
    for (size_t j = 0; ok && j < n; j++) {
        for (size_t i = 0; i < n; i++) {
            vr[i * n + j] = vec[i * n + j];
            vi[i * n + j] = 0;
        }
        if (wi[j] != 0 && j + 1 < n) { /* columns j, j+1: Re and Im of the pair's first vector */
            for (size_t i = 0; i < n; i++) {
                vi[i * n + j] = vec[i * n + j + 1];
                vr[i * n + j + 1] = vec[i * n + j];
                vi[i * n + j + 1] = -vec[i * n + j + 1];
            }
            j++;
        }
    }
    if (ok) {
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++) {
                big[i * m + j] = vr[i * n + j];
                big[i * m + j + n] = -vi[i * n + j];
                big[(i + n) * m + j] = vi[i * n + j];
                big[(i + n) * m + j + n] = vr[i * n + j];
            }
        for (size_t i = 0; i < m; i++)
            inv[i * m + i] = 1;
        ok = LAPACKE_dgesv(LAPACK_ROW_MAJOR, (lapack_int)m, (lapack_int)m, big, (lapack_int)m, piv, inv,
                           (lapack_int)m) == 0;
    }
    for (size_t k = 0; ok && k < m * m; k++)
        ok = isfinite(inv[k]);
    if (ok) {
        /* 4 digits hold a double; the inverse's blocks go into ad, wr-sized scratch reused */
        *rc = ic_dyadic_set_d_trunc(&v->re, vr, n, n, beta, 4, err);
        if (!*rc)
            *rc = ic_dyadic_set_d_trunc(&v->im, vi, n, n, beta, 4, err);
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++) {
                vr[i * n + j] = inv[i * m + j];
                vi[i * n + j] = inv[(i + n) * m + j];
            }
        if (!*rc)
            *rc = ic_dyadic_set_d_trunc(&w->re, vr, n, n, beta, 4, err);
        if (!*rc)
            *rc = ic_dyadic_set_d_trunc(&w->im, vi, n, n, beta, 4, err);
        ok = !*rc;
    }
    free(vec);
    free(piv);
    free(buf);
    return ok;
}

/* ---- refinement ---- */

/* Newton correction from the exact M = W A V and D = W V - I: with
 * l_i = m_ii / (1 + d_ii), g_ij = (m_ij - d_ij l_j) / (l_j - l_i) (i != j),
 * g_ii = 0; returns G and H = G + D on the grid 2^(lsb beta), or
 * IC_EINPUT (without a message) when an estimate pair coincides. */
static int correction(cxm *g, cxm *h, const cxm *m, const cxm *d, slong fp, long lsb, ic_err *err)
{
    size_t n = m->re.rows, nn = n * n;
    int beta = m->re.beta;
    arf_ptr v = flint_malloc(8 * nn * sizeof *v);
    acb_ptr lam = _acb_vec_init((slong)n);
    if (!v) {
        _acb_vec_clear(lam, (slong)n);
        return ic_err_set(err, IC_EINTERNAL, "ic_encl: out of memory");
    }
    for (size_t k = 0; k < 8 * nn; k++)
        arf_init(v + k);
    arf_ptr mre = v, mim = v + nn, dre = v + 2 * nn, dim = v + 3 * nn, gre = v + 4 * nn, gim = v + 5 * nn,
            hre = v + 6 * nn, him = v + 7 * nn;
    ic_dyadic_get_arf(mre, &m->re);
    ic_dyadic_get_arf(mim, &m->im);
    ic_dyadic_get_arf(dre, &d->re);
    ic_dyadic_get_arf(dim, &d->im);
    acb_t x, y, t;
    acb_init(x);
    acb_init(y);
    acb_init(t);
    for (size_t i = 0; i < n; i++) {
        size_t k = i * n + i;
        arb_set_arf(acb_realref(x), mre + k);
        arb_set_arf(acb_imagref(x), mim + k);
        arb_set_arf(acb_realref(y), dre + k);
        arb_set_arf(acb_imagref(y), dim + k);
        acb_add_ui(y, y, 1, fp);
        acb_div(lam + i, x, y, fp);
        acb_get_mid(lam + i, lam + i);
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            size_t k = i * n + j;
            if (i != j) {
                arb_set_arf(acb_realref(x), mre + k);
                arb_set_arf(acb_imagref(x), mim + k);
                arb_set_arf(acb_realref(y), dre + k);
                arb_set_arf(acb_imagref(y), dim + k);
                acb_mul(t, y, lam + j, fp);
                acb_sub(x, x, t, fp);
                acb_sub(t, lam + j, lam + i, fp);
                acb_div(x, x, t, fp);
                arf_set(gre + k, arb_midref(acb_realref(x)));
                arf_set(gim + k, arb_midref(acb_imagref(x)));
            }
            arf_add(hre + k, gre + k, dre + k, fp, ARF_RND_NEAR);
            arf_add(him + k, gim + k, dim + k, fp, ARF_RND_NEAR);
        }
    int finite = 1; /* equal estimates (defective or exactly multiple eigenvalues) divide by 0 */
    for (size_t k = 0; k < 4 * nn && finite; k++)
        finite = arf_is_finite(gre + k);
    int rc = finite ? ic_dyadic_set_arf_trunc(&g->re, gre, n, n, beta, lsb, err) : IC_EINPUT;
    if (!rc)
        rc = ic_dyadic_set_arf_trunc(&g->im, gim, n, n, beta, lsb, err);
    if (!rc)
        rc = ic_dyadic_set_arf_trunc(&h->re, hre, n, n, beta, lsb, err);
    if (!rc)
        rc = ic_dyadic_set_arf_trunc(&h->im, him, n, n, beta, lsb, err);
    acb_clear(x);
    acb_clear(y);
    acb_clear(t);
    for (size_t k = 0; k < 8 * nn; k++)
        arf_clear(v + k);
    flint_free(v);
    _acb_vec_clear(lam, (slong)n);
    return rc;
}

/* Row sums of |re| + |im| (>= the moduli), skipping the diagonal when
 * asked, each an upper bound of the exact sum: ic_dyadic_get_d is within
 * (k + 2) 2^-52 relative per entry, and a sum of n nonnegative doubles
 * within n 2^-53. */
static void row_sums(double *out, const cxm *x, int skip_diag, double *buf)
{
    size_t n = x->re.rows;
    int k = x->re.k > x->im.k ? x->re.k : x->im.k;
    double f = 1 + (double)(k + (int)n + 8) * 0x1p-50;
    ic_dyadic_get_d(buf, &x->re);
    ic_dyadic_get_d(buf + n * n, &x->im);
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t j = 0; j < n; j++)
            if (!skip_diag || i != j)
                s += fabs(buf[i * n + j]) + fabs(buf[n * n + i * n + j]);
        out[i] = s * f + (double)n * 0x1p-1000;
    }
}

/* Bits of accuracy: -log2 max(|d_ij|, |m_ij| / ||A||_F for i != j). */
static double accuracy(const cxm *m, const cxm *d, double anorm, double *buf)
{
    size_t n = m->re.rows, nn = n * n;
    double mx = 0;
    ic_dyadic_get_d(buf, &m->re);
    ic_dyadic_get_d(buf + nn, &m->im);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            if (i != j)
                mx = fmax(mx, (fabs(buf[i * n + j]) + fabs(buf[nn + i * n + j])) / anorm);
    ic_dyadic_get_d(buf, &d->re);
    ic_dyadic_get_d(buf + nn, &d->im);
    for (size_t k = 0; k < nn; k++)
        mx = fmax(mx, fabs(buf[k]) + fabs(buf[nn + k]));
    return mx == 0 ? 8192 : -log2(mx);
}

/* ---- bound ---- */

/* Gershgorin discs of K^-1 M from M and D = K - I: centre m_ii, radius
 * sum_{j != i} |m_ij| + delta / (1 - delta) ||M||_inf.  0 when
 * delta >= 1/2. */
static int bound(acb_ptr disc, const cxm *m, const cxm *d, double *buf)
{
    size_t n = m->re.rows;
    double *rs = buf + 2 * n * n, *rm = rs + n;
    row_sums(rs, d, 0, buf);
    double delta = 0;
    for (size_t i = 0; i < n; i++)
        delta = fmax(delta, rs[i]);
    if (!(delta < 0.5))
        return 0;
    row_sums(rs, m, 1, buf);
    row_sums(rm, m, 0, buf);
    double minf = 0;
    for (size_t i = 0; i < n; i++)
        minf = fmax(minf, rm[i]);
    mag_t e, t, one;
    mag_init(e);
    mag_init(t);
    mag_init(one);
    mag_set_d(e, delta);
    mag_one(one);
    mag_sub_lower(t, one, e);
    mag_div(e, e, t);
    mag_set_d(t, minf);
    mag_mul(e, e, t); /* >= delta / (1 - delta) ||M||_inf */
    for (size_t i = 0; i < n; i++) {
        acb_ptr z = disc + i;
        ic_dyadic_get_entry(arb_midref(acb_realref(z)), &m->re, i, i);
        ic_dyadic_get_entry(arb_midref(acb_imagref(z)), &m->im, i, i);
        mag_set_d(arb_radref(acb_realref(z)), rs[i]);
        mag_add(arb_radref(acb_realref(z)), arb_radref(acb_realref(z)), e);
        mag_zero(arb_radref(acb_imagref(z)));
    }
    mag_clear(e);
    mag_clear(t);
    mag_clear(one);
    return 1;
}

int ic_encl_gen_fast(acb_ptr disc, int *done, const ic_mat *a, slong wp, ic_err *err)
{
    size_t n = a->rows, nn = n * n;
    *done = 0;
    int beta = ic_dyadic_beta(n), inexact = 0, rc = IC_OK;
    /* refined beyond wp: the discs' radii are first order in the residual */
    double goal = (double)wp + log2((double)n + 1) + 8;
    if (n == 0 || (goal + 16) / beta + 2 > GEN_KMAX)
        return IC_OK;
    cxm v, w, av, m, k, d, g, h, t, u;
    memset(&v, 0, sizeof v);
    memset(&w, 0, sizeof w);
    memset(&av, 0, sizeof av);
    memset(&m, 0, sizeof m);
    memset(&k, 0, sizeof k);
    memset(&d, 0, sizeof d);
    memset(&g, 0, sizeof g);
    memset(&h, 0, sizeof h);
    memset(&t, 0, sizeof t);
    memset(&u, 0, sizeof u);
    ic_dyadic_mat ax = {0}, id = {0};
    double *buf = ic_calloc(2 * nn + 2 * n, sizeof *buf);
    if (!buf)
        return ic_err_set(err, IC_EINTERNAL, "ic_encl: out of memory");
    rc = ic_dyadic_set_mat(&ax, a, beta, GEN_KMAX, &inexact, err);
    double anorm = 0;
    if (!rc) {
        double *ad = ic_calloc(nn, sizeof *ad);
        if (ad) {
            ic_dyadic_get_d(ad, &ax);
            for (size_t i = 0; i < nn; i++)
                anorm += ad[i] * ad[i];
            anorm = sqrt(anorm);
        }
        free(ad);
    }
    int ok = !rc && !inexact && anorm > 0x1p-900 && anorm < 0x1p900 && start(&v, &w, a, beta, &rc, err);
    if (ok)
        rc = ic_dyadic_set_identity(&id, n, beta, err);
    double b = 0, bprev = 0;
    for (int it = 0; ok && !rc && it < 10; it++) {
        rc = cxm_mul_real(&av, &ax, &v, err);
        if (!rc)
            rc = cxm_mul(&m, &w, &av, err);
        if (!rc)
            rc = cxm_mul(&k, &w, &v, err);
        if (!rc)
            rc = ic_dyadic_add(&d.re, &k.re, &id, -1, err);
        if (!rc)
            rc = ic_dyadic_copy(&d.im, &k.im, err);
        if (rc)
            break;
        b = accuracy(&m, &d, anorm, buf);
        if (b >= goal)
            break;
        if (it > 0 && b < bprev + 8) { /* not converging: clustered or defective eigenvalues */
            ok = 0;
            break;
        }
        bprev = b;
        double next = fmin(2 * b, goal + 4);
        rc = correction(&g, &h, &m, &d, (slong)(2 * b + 60), ic_dyadic_grid_at(-(long)ceil(next + 12), beta), err);
        if (rc == IC_EINPUT) { /* coinciding estimates: not for this route */
            rc = IC_OK;
            ok = 0;
            break;
        }
        /* V <- V + V_t G, W <- W - H W_t, the factors cut to b + 16 bits */
        if (!rc)
            rc = cxm_copy(&t, &v, err);
        if (!rc) {
            cxm_trunc(&t, ic_dyadic_grid_at(-(long)ceil(b + 16), beta));
            rc = cxm_mul(&u, &t, &g, err);
        }
        if (!rc)
            rc = ic_dyadic_add(&v.re, &v.re, &u.re, 1, err);
        if (!rc)
            rc = ic_dyadic_add(&v.im, &v.im, &u.im, 1, err);
        /* cuts deep enough that W V - I and W A V lose nothing at the
         * next accuracy: n and max |W| amplify them */
        double lw = ceil(log2(fmax(ic_dyadic_max_abs(&w.re), ic_dyadic_max_abs(&w.im)))); /* max |W| <= 2^lw */
        double amp = log2((double)n) + fmax(0, lw);
        if (!rc) {
            cxm_trunc(&v, ic_dyadic_grid_at(-(long)ceil(next + 10 + amp), beta));
            rc = cxm_copy(&t, &w, err);
        }
        if (!rc) {
            cxm_trunc(&t, ic_dyadic_grid_at((long)lw - (long)ceil(b + 16), beta));
            rc = cxm_mul(&u, &h, &t, err);
        }
        if (!rc)
            rc = ic_dyadic_add(&w.re, &w.re, &u.re, -1, err);
        if (!rc)
            rc = ic_dyadic_add(&w.im, &w.im, &u.im, -1, err);
        if (!rc)
            cxm_trunc(&w, ic_dyadic_grid_at((long)lw - (long)ceil(next + 10 + amp), beta));
        if (!rc && (v.re.k > GEN_KMAX || v.im.k > GEN_KMAX || w.re.k > GEN_KMAX || w.im.k > GEN_KMAX))
            ok = 0;
    }
    if (ok && !rc && b >= goal)
        *done = bound(disc, &m, &d, buf);
    free(buf);
    cxm_clear(&v);
    cxm_clear(&w);
    cxm_clear(&av);
    cxm_clear(&m);
    cxm_clear(&k);
    cxm_clear(&d);
    cxm_clear(&g);
    cxm_clear(&h);
    cxm_clear(&t);
    cxm_clear(&u);
    ic_dyadic_clear(&ax);
    ic_dyadic_clear(&id);
    return rc;
}
