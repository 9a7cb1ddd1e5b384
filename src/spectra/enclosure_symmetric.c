/* ic_encl_sym: fast symmetric enclosures (see src/spectra/enclosure_symmetric.h, doc/enclosures.md). */
#include "spectra/enclosure_symmetric.h"

#include <arb_mat.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "numbers/dyadic_product.h"

int ic_encl_sym_dsyevd(double *vecs, const ic_mat *s)
{
    size_t n = s->rows;
    double *w = ic_calloc(n ? n : 1, sizeof *w);
    int ok = w != NULL;
    if (ok) {
        ic_mat_get_d_scaled(vecs, s);
        ok = LAPACKE_dsyevd(LAPACK_ROW_MAJOR, 'V', 'U', (lapack_int)n, vecs, (lapack_int)n, w) == 0;
    }
    for (size_t k = 0; ok && k < n * n; k++)
        ok = isfinite(vecs[k]);
    free(w);
    return ok;
}

/* Eigenvector basis of LAPACKE_dsyevd as digits.  Returns 0 when LAPACK
 * fails. */
static int start_basis(ic_dyadic_mat *x, const ic_mat *s, int beta, ic_err *err, int *rc)
{
    size_t n = s->rows;
    double *ad = ic_calloc(n * n, sizeof *ad);
    int ok = ad != NULL;
    *rc = ok ? IC_OK : ic_err_set(err, IC_EINTERNAL, "ic_encl: out of memory");
    ok = ok && ic_encl_sym_dsyevd(ad, s);
    if (ok) {
        *rc = ic_dyadic_set_d_trunc(x, ad, n, n, beta, 4, err); /* 4 digits hold a double's 53 bits */
        ok = !*rc;
    }
    free(ad);
    return ok;
}

/* Bits of accuracy of the basis: -log2 max(|e_ij|, |s_ij| / ||A||_F, i != j). */
static double accuracy(const double *sd, const double *ed, size_t n, double anorm)
{
    double m = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double e = fabs(ed[i * n + j]), o = i == j ? 0 : fabs(sd[i * n + j]) / anorm;
            m = fmax(m, fmax(e, o));
        }
    return m == 0 ? 4096 : -log2(m);
}

/* OA's cluster threshold 2 (||offdiag S||_F + ||A||_F ||E||_F), from the
 * rounded doubles (a heuristic: it only picks the formula). */
static double cluster_delta(const double *sd, const double *ed, size_t n, double anorm)
{
    double off = 0, enorm = 0;
    for (size_t i = 0; i < n * n; i++) {
        enorm += ed[i] * ed[i];
        if (i / n != i % n)
            off += sd[i] * sd[i];
    }
    return 2 * (sqrt(off) + anorm * sqrt(enorm));
}

/* Ogita-Aishima correction F (X <- X + X F) from the exact S = X^T A X and
 * E = X^T X - I (OA's R is -E): lambda_i = s_ii / (1 + e_ii),
 * f_ij = (s_ij - lambda_j e_ij) / (lambda_j - lambda_i) for separated
 * pairs, -e_ij / 2 inside clusters (|lambda_i - lambda_j| <= delta) and on
 * the diagonal.  Computed at fp bits, truncated to the grid 2^(lsb beta). */
static int correction(ic_dyadic_mat *f, const ic_dyadic_mat *s, const ic_dyadic_mat *e, const double *sd, const double *ed,
                      double anorm, slong fp, long lsb, ic_err *err)
{
    size_t n = s->rows, nn = n * n;
    arf_ptr sv = flint_malloc(nn * sizeof *sv), ev = flint_malloc(nn * sizeof *ev);
    arf_ptr fv = flint_malloc(nn * sizeof *fv), lam = flint_malloc(n * sizeof *lam);
    double *ld = ic_calloc(n, sizeof *ld);
    if (!sv || !ev || !fv || !lam || !ld) {
        flint_free(sv);
        flint_free(ev);
        flint_free(fv);
        flint_free(lam);
        free(ld);
        return ic_err_set(err, IC_EINTERNAL, "ic_encl: out of memory");
    }
    for (size_t i = 0; i < nn; i++) {
        arf_init(sv + i);
        arf_init(ev + i);
        arf_init(fv + i);
    }
    ic_dyadic_get_arf(sv, s);
    ic_dyadic_get_arf(ev, e);
    arf_t t, u;
    arf_init(t);
    arf_init(u);
    double delta = cluster_delta(sd, ed, n, anorm);
    for (size_t i = 0; i < n; i++) {
        arf_init(lam + i);
        arf_add_ui(t, ev + i * n + i, 1, fp, ARF_RND_NEAR);
        arf_div(lam + i, sv + i * n + i, t, fp, ARF_RND_NEAR);
        ld[i] = arf_get_d(lam + i, ARF_RND_NEAR);
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            arf_ptr fij = fv + i * n + j;
            if (i == j || fabs(ld[j] - ld[i]) <= delta) {
                arf_mul_2exp_si(fij, ev + i * n + j, -1);
                arf_neg(fij, fij);
                continue;
            }
            arf_mul(t, lam + j, ev + i * n + j, fp, ARF_RND_NEAR);
            arf_sub(t, sv + i * n + j, t, fp, ARF_RND_NEAR);
            arf_sub(u, lam + j, lam + i, fp, ARF_RND_NEAR);
            arf_div(fij, t, u, fp, ARF_RND_NEAR);
        }
    int rc = ic_dyadic_set_arf_trunc(f, fv, n, n, s->beta, lsb, err);
    arf_clear(t);
    arf_clear(u);
    for (size_t i = 0; i < nn; i++) {
        arf_clear(sv + i);
        arf_clear(ev + i);
        arf_clear(fv + i);
    }
    for (size_t i = 0; i < n; i++)
        arf_clear(lam + i);
    flint_free(sv);
    flint_free(ev);
    flint_free(fv);
    flint_free(lam);
    free(ld);
    return rc;
}

/* ---- the same correction in double-double arithmetic ---- */

typedef struct {
    double h, l;
} dd;

static dd dd_norm(double a, double b) /* quick two-sum, |a| >= |b| */
{
    double s = a + b;
    return (dd){s, b - (s - a)};
}

static dd dd_add(dd a, dd b)
{
    double s = a.h + b.h, bb = s - a.h, e = (a.h - (s - bb)) + (b.h - bb);
    return dd_norm(s, e + a.l + b.l);
}

static dd dd_neg(dd a)
{
    return (dd){-a.h, -a.l};
}

/* Dekker's product (no FMA needed): |a|, |b| below 2^995. */
static dd dd_mul(dd a, dd b)
{
    const double c = 134217729.0; /* 2^27 + 1 */
    double p = a.h * b.h, t = c * a.h, ah = t - (t - a.h), al = a.h - ah;
    t = c * b.h;
    double bh = t - (t - b.h), bl = b.h - bh;
    double e = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
    return dd_norm(p, e + a.h * b.l + a.l * b.h);
}

static dd dd_div(dd a, dd b)
{
    double q1 = a.h / b.h;
    dd r = dd_add(a, dd_neg(dd_mul((dd){q1, 0}, b)));
    double q2 = r.h / b.h;
    r = dd_add(r, dd_neg(dd_mul((dd){q2, 0}, b)));
    double q3 = r.h / b.h;
    return dd_add(dd_norm(q1, q2), (dd){q3, 0});
}

/* correction() for steps that need at most about 100 bits of F
 * (relative): double-double instead of arf, about ten times faster. */
static int correction_dd(ic_dyadic_mat *f, const ic_dyadic_mat *s, const ic_dyadic_mat *e, const double *sd, const double *ed,
                         double anorm, long lsb, ic_err *err)
{
    size_t n = s->rows, nn = n * n;
    double *buf = ic_calloc(6 * nn + 2 * n, sizeof *buf);
    if (!buf)
        return ic_err_set(err, IC_EINTERNAL, "ic_encl: out of memory");
    double *sh = buf, *sl = sh + nn, *eh = sl + nn, *el = eh + nn, *fh = el + nn, *fl = fh + nn;
    double *lh = fl + nn, *ll = lh + n;
    ic_dyadic_get_dd(sh, sl, s);
    ic_dyadic_get_dd(eh, el, e);
    double delta = cluster_delta(sd, ed, n, anorm);
    for (size_t i = 0; i < n; i++) {
        dd l = dd_div((dd){sh[i * n + i], sl[i * n + i]}, dd_add((dd){1, 0}, (dd){eh[i * n + i], el[i * n + i]}));
        lh[i] = l.h;
        ll[i] = l.l;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            size_t k = i * n + j;
            dd r;
            if (i == j || fabs(lh[j] - lh[i]) <= delta)
                r = (dd){-eh[k] / 2, -el[k] / 2};
            else {
                dd lj = {lh[j], ll[j]};
                dd num = dd_add((dd){sh[k], sl[k]}, dd_neg(dd_mul(lj, (dd){eh[k], el[k]})));
                r = dd_div(num, dd_add(lj, dd_neg((dd){lh[i], ll[i]})));
            }
            fh[k] = r.h;
            fl[k] = r.l;
        }
    int rc = ic_dyadic_set_dd_trunc(f, fh, fl, n, n, s->beta, lsb, err);
    free(buf);
    return rc;
}

/* ---- second-order Gershgorin ---- */

typedef struct {
    arf_t lo, hi;
} span;

typedef struct {
    arf_srcptr lo;
    size_t i;
} span_key;

static int key_cmp(const void *pa, const void *pb)
{
    const span_key *a = pa, *b = pb;
    int c = arf_cmp(a->lo, b->lo);
    return c ? c : (a->i > b->i) - (a->i < b->i);
}

/* Interval [c - r, c + r] rounded outwards. */
static void span_set(span *s, const arf_t c, const mag_t r, slong prec)
{
    arf_t t;
    arf_init(t);
    arf_set_mag(t, r);
    arf_sub(s->lo, c, t, prec, ARF_RND_FLOOR);
    arf_add(s->hi, c, t, prec, ARF_RND_CEIL);
    arf_clear(t);
}

/* Intervals for the eigenvalues of every symmetric matrix in the ball
 * matrix b.  Gershgorin's discs (intervals) give components; each
 * component I is then re-enclosed after the similarity diag(t on I, 1
 * elsewhere): rows of I keep their entries inside I and get the others
 * divided by t, rows outside grow by (t - 1) sum_{i in I} |b_ji|.  With
 * 1/t = u = max_j 2 col_j / free_j (free_j: gap between disc j and I's
 * hull) the outside discs stay clear of the hull, so the new I discs,
 * which lie inside it, still hold exactly |I| eigenvalues, now with
 * radius O(|b_ij|^2 / gap). */
static size_t gershgorin2(arb_ptr iv, size_t *mult, const arb_mat_t b, slong prec)
{
    slong n = arb_mat_nrows(b);
    mag_ptr o = _mag_vec_init(n * n), r = _mag_vec_init(n), col = _mag_vec_init(n);
    span *sp = flint_malloc((size_t)n * sizeof *sp);
    span_key *idx = flint_malloc((size_t)n * sizeof *idx);
    size_t *comp = flint_malloc((size_t)n * sizeof *comp);
    mag_t t, u, f;
    arf_t d, lo, hi, hlo, hhi;
    mag_init(t);
    mag_init(u);
    mag_init(f);
    arf_init(d);
    arf_init(lo);
    arf_init(hi);
    arf_init(hlo);
    arf_init(hhi);
    for (slong i = 0; i < n; i++) {
        mag_set(r + i, arb_radref(arb_mat_entry(b, i, i)));
        for (slong j = 0; j < n; j++)
            if (j != i) {
                arb_get_mag(o + i * n + j, arb_mat_entry(b, i, j));
                mag_add(r + i, r + i, o + i * n + j);
            }
        arf_init(sp[i].lo);
        arf_init(sp[i].hi);
        span_set(&sp[i], arb_midref(arb_mat_entry(b, i, i)), r + i, prec);
        idx[i].i = (size_t)i;
        idx[i].lo = sp[i].lo;
    }
    qsort(idx, (size_t)n, sizeof *idx, key_cmp);
    /* components: sweep by lower end */
    size_t nc = 0;
    for (slong q = 0; q < n; q++) {
        size_t i = idx[q].i;
        if (q == 0 || arf_cmp(sp[i].lo, hi) > 0) {
            if (q)
                nc++;
            arf_set(hi, sp[i].hi);
        } else if (arf_cmp(sp[i].hi, hi) > 0)
            arf_set(hi, sp[i].hi);
        comp[i] = nc;
    }
    nc++;
    /* members of each component, contiguous: mem[start[c] .. start[c+1]) */
    size_t *start = flint_calloc(nc + 1, sizeof *start), *mem = flint_malloc((size_t)n * sizeof *mem);
    for (slong i = 0; i < n; i++)
        start[comp[i] + 1]++;
    for (size_t c = 0; c < nc; c++)
        start[c + 1] += start[c];
    for (slong q = 0; q < n; q++)
        mem[q] = idx[q].i; /* the sweep numbered components in sorted order */
    for (size_t c = 0; c < nc; c++) {
        /* hull of component c */
        int first = 1;
        size_t k = 0;
        for (size_t m = start[c]; m < start[c + 1]; m++) {
            slong i = (slong)mem[m];
                if (first || arf_cmp(sp[i].lo, lo) < 0)
                    arf_set(lo, sp[i].lo);
                if (first || arf_cmp(sp[i].hi, hi) > 0)
                    arf_set(hi, sp[i].hi);
            first = 0;
            k++;
        }
        /* u = max_j 2 col_j / free_j over discs outside */
        mag_zero(u);
        for (slong j = 0; j < n && nc > 1; j++) {
            if (comp[j] == c)
                continue;
            mag_zero(col + j);
            for (size_t m = start[c]; m < start[c + 1]; m++)
                mag_add(col + j, col + j, o + j * n + (slong)mem[m]);
            const arf_struct *cj = arb_midref(arb_mat_entry(b, j, j));
            if (arf_cmp(cj, hi) > 0)
                arf_sub(d, cj, hi, prec, ARF_RND_FLOOR);
            else
                arf_sub(d, lo, cj, prec, ARF_RND_FLOOR);
            arf_get_mag_lower(f, d);
            mag_sub_lower(f, f, r + j);
            mag_mul_2exp_si(t, col + j, 1);
            mag_div(t, t, f); /* infinite when free_j is 0 */
            mag_max(u, u, t);
        }
        int scale = nc > 1 && mag_cmp_2exp_si(u, 0) < 0;
        arf_set(hlo, lo); /* the first-order hull, which the outside discs avoid */
        arf_set(hhi, hi);
        first = 1;
        for (size_t m = start[c]; m < start[c + 1]; m++) {
            slong i = (slong)mem[m];
            span s1;
            arf_init(s1.lo);
            arf_init(s1.hi);
            if (scale) {
                mag_t in, out;
                mag_init(in);
                mag_init(out);
                mag_set(in, arb_radref(arb_mat_entry(b, i, i)));
                for (slong j = 0; j < n; j++)
                    if (j != i)
                        mag_add(comp[j] == c ? in : out, comp[j] == c ? in : out, o + i * n + j);
                mag_mul(out, out, u);
                mag_add(in, in, out);
                span_set(&s1, arb_midref(arb_mat_entry(b, i, i)), in, prec);
                mag_clear(in);
                mag_clear(out);
                if (arf_cmp(s1.lo, hlo) < 0 || arf_cmp(s1.hi, hhi) > 0) { /* rounding: keep inside the hull */
                    arf_set(s1.lo, sp[i].lo);
                    arf_set(s1.hi, sp[i].hi);
                }
            } else {
                arf_set(s1.lo, sp[i].lo);
                arf_set(s1.hi, sp[i].hi);
            }
            if (first || arf_cmp(s1.lo, lo) < 0)
                arf_set(lo, s1.lo);
            if (first || arf_cmp(s1.hi, hi) > 0)
                arf_set(hi, s1.hi);
            first = 0;
            arf_clear(s1.lo);
            arf_clear(s1.hi);
        }
        /* centre (lo + hi) / 2, radius covering both ends */
        arf_add(arb_midref(iv + c), lo, hi, prec, ARF_RND_NEAR);
        arf_mul_2exp_si(arb_midref(iv + c), arb_midref(iv + c), -1);
        arf_sub(d, hi, arb_midref(iv + c), prec, ARF_RND_CEIL);
        arf_get_mag(arb_radref(iv + c), d);
        arf_sub(d, arb_midref(iv + c), lo, prec, ARF_RND_CEIL);
        arf_get_mag(t, d);
        mag_max(arb_radref(iv + c), arb_radref(iv + c), t);
        mult[c] = k;
    }
    for (slong i = 0; i < n; i++) {
        arf_clear(sp[i].lo);
        arf_clear(sp[i].hi);
    }
    flint_free(sp);
    flint_free(idx);
    flint_free(start);
    flint_free(mem);
    flint_free(comp);
    _mag_vec_clear(o, n * n);
    _mag_vec_clear(r, n);
    _mag_vec_clear(col, n);
    mag_clear(t);
    mag_clear(u);
    mag_clear(f);
    arf_clear(d);
    arf_clear(lo);
    arf_clear(hi);
    arf_clear(hlo);
    arf_clear(hhi);
    return nc;
}

/* The bound from the exact S = X^T A X and E = X^T X - I.  Returns the
 * number of intervals, 0 when ||E||_F >= 2^-20 (no proof attempted) or
 * on failure (*rc set).  ws: three matrices whose memory the products
 * reuse (their values are overwritten). */
static size_t sym_bound2(arb_ptr iv, size_t *mult, const ic_dyadic_mat *s, const ic_dyadic_mat *e, slong wp,
                         ic_dyadic_mat *ws, int *rc, ic_err *err)
{
    slong n = (slong)s->rows, np = wp + 8;
    int beta = s->beta;
    double maxe = ic_dyadic_max_abs(e), maxs = ic_dyadic_max_abs(s);
    mag_t eps, q, h, rho, mf, one, rt;
    mag_init(eps);
    mag_init(q);
    mag_init(h);
    mag_init(rho);
    mag_init(mf);
    mag_init(one);
    mag_init(rt);
    int ezero = ic_dyadic_is_zero(e); /* an exactly orthogonal basis: N = M */
    if (ezero)
        maxe = 0;
    mag_set_d(eps, maxe);
    mag_mul_ui(eps, eps, (ulong)n); /* ||E||_2 <= ||E||_F <= n max |e_ij| */
    size_t nc = 0;
    ic_dyadic_mat et = {0}, st = {0}, *t = &ws[0], *tt = &ws[1], *n2 = &ws[2];
    if (ezero) {
        arb_mat_t nb;
        arb_mat_init(nb, n, n);
        ic_dyadic_get_arb_mat(nb, s);
        nc = gershgorin2(iv, mult, nb, np);
        arb_mat_clear(nb);
    } else if (mag_cmp_2exp_si(eps, -20) < 0) {
        /* T = E S from E cut at 2^-(np + 10) and S cut at 2^-(np + 10 - log2(1/max|E|)):
         * |E S - E_t S_t| <= n (dE max|S| + (max|E| + dE) dS) entrywise */
        long le = ic_dyadic_grid_at(-(np + 10), beta);
        long ls = ic_dyadic_grid_at(-(np + 10) - (long)ceil(log2(maxe + ldexp(1.0, (int)(le * beta)))), beta);
        ic_dyadic_view_trunc(&et, e, le);
        ic_dyadic_view_trunc(&st, s, ls);
        *rc = ic_dyadic_mul(t, &et, 0, &st, 0, err);
        if (!*rc)
            *rc = ic_dyadic_transpose(tt, t, err);
        /* 2 N' = 2 S - T - T^T, exact apart from the cut */
        if (!*rc) {
            const ic_dyadic_mat *terms[3] = {s, t, tt};
            const int coef[3] = {2, -1, -1};
            *rc = ic_dyadic_sum(n2, terms, coef, 3, err);
        }
        if (!*rc) {
            mag_t de, ds;
            mag_init(de);
            mag_init(ds);
            mag_set_ui_2exp_si(de, 1, le * beta);
            mag_set_ui_2exp_si(ds, 1, ls * beta);
            mag_set_d(h, maxe);
            mag_add(h, h, de);
            mag_mul(h, h, ds);
            mag_set_d(rt, maxs);
            mag_mul(rt, rt, de);
            mag_add(rt, rt, h);
            mag_mul_ui(rt, rt, (ulong)n);
            mag_clear(de);
            mag_clear(ds);
            arb_mat_t nb;
            arb_mat_init(nb, n, n);
            ic_dyadic_get_arb_mat(nb, n2);
            for (slong i = 0; i < n; i++)
                for (slong j = 0; j < n; j++) {
                    arb_ptr x = arb_mat_entry(nb, i, j);
                    arb_mul_2exp_si(x, x, -1);
                    mag_add(arb_radref(x), arb_radref(x), rt);
                }
            /* ||N - N'||_2 <= ||M||_2 (2 q + (eps/2 + q)^2) with
             * q = (3/8) eps^2 (1 - eps)^-3 >= the Taylor remainder of
             * (1 + x)^(-1/2) - 1 + x/2 on the spectrum of E */
            mag_one(one);
            mag_sub_lower(h, one, eps);
            mag_pow_ui_lower(h, h, 3);
            mag_mul(q, eps, eps);
            mag_mul_ui(q, q, 3);
            mag_mul_2exp_si(q, q, -3);
            mag_div(q, q, h);
            mag_mul_2exp_si(h, eps, -1);
            mag_add(h, h, q);
            mag_mul(h, h, h);
            mag_mul_2exp_si(rho, q, 1);
            mag_add(rho, rho, h);
            mag_set_d(mf, maxs);
            mag_mul_ui(mf, mf, (ulong)n); /* ||M||_2 <= n max |m_ij| */
            mag_mul(rho, rho, mf);
            nc = gershgorin2(iv, mult, nb, np);
            for (size_t c = 0; c < nc; c++)
                mag_add(arb_radref(iv + c), arb_radref(iv + c), rho);
            arb_mat_clear(nb);
        }
    }
    ic_dyadic_clear(&et);
    ic_dyadic_clear(&st);
    mag_clear(eps);
    mag_clear(q);
    mag_clear(h);
    mag_clear(rho);
    mag_clear(mf);
    mag_clear(one);
    mag_clear(rt);
    return *rc ? 0 : nc;
}

int ic_encl_sym_fast(arb_ptr iv, size_t *mult, size_t *count, int *done, const ic_mat *s, slong wp,
                 ic_err *err)
{
    size_t n = s->rows;
    *done = 0;
    *count = 0;
    int beta = ic_dyadic_beta(n), inexact = 0, rc;
    /* the refined basis is kept to about wp/2 bits, the bound squares it */
    double goal = (double)wp / 2 + 12 + log2((double)n + 1) / 2;
    long kgoal = (long)ceil((goal + 16) / beta);
    if (n == 0 || kgoal + 2 > IC_DYADIC_KMAX / 2)
        return IC_OK;
    ic_dyadic_mat a = {0}, x = {0}, x2 = {0}, p = {0}, sm = {0}, g = {0}, e = {0}, id = {0}, xt = {0}, f = {0}, xf = {0};
    double *sd = ic_calloc(n * n, sizeof *sd), *ed = ic_calloc(n * n, sizeof *ed);
    mpfr_t fr;
    mpfr_init2(fr, 64);
    ic_mat_frob(fr, s);
    double anorm = mpfr_get_d(fr, MPFR_RNDU);
    mpfr_clear(fr);
    rc = (sd && ed) ? IC_OK : ic_err_set(err, IC_EINTERNAL, "ic_encl: out of memory");
    if (!rc && anorm == 0) { /* the zero matrix */
        arb_zero(iv);
        mult[0] = n;
        *count = 1;
        *done = 1;
    }
    if (!rc && !*done)
        rc = ic_dyadic_set_mat(&a, s, beta, IC_DYADIC_KMAX / 2, &inexact, err);
    int ok = !rc && !*done && !inexact && isfinite(anorm) && start_basis(&x, s, beta, err, &rc);
    if (ok)
        rc = ic_dyadic_set_identity(&id, n, beta, err);
    double b = 0, bprev = 0;
    for (int it = 0; ok && !rc && it < 8; it++) {
        rc = ic_dyadic_mul(&p, &a, 0, &x, 0, err);
        if (!rc)
            rc = ic_dyadic_mul(&sm, &x, 1, &p, 0, err);
        if (!rc)
            rc = ic_dyadic_gram(&g, &x, err);
        if (!rc)
            rc = ic_dyadic_add(&e, &g, &id, -1, err);
        if (rc)
            break;
        ic_dyadic_get_d(sd, &sm);
        ic_dyadic_get_d(ed, &e);
        b = accuracy(sd, ed, n, anorm);
        if (b >= goal)
            break;
        if (it > 0 && b < bprev + 8) { /* not converging: clusters this route cannot split */
            ok = 0;
            break;
        }
        bprev = b;
        /* F ~ 2^-b is needed to about 2^-(next + 12): next - b + 12 bits
         * relative; X F is formed from X cut to b + 16 bits */
        double next = fmin(2 * b, goal + 4);
        long lsb = ic_dyadic_grid_at(-(long)ceil(next + 12), beta);
        if (next - b + 12 <= 100 && anorm > 0x1p-400 && anorm < 0x1p400)
            rc = correction_dd(&f, &sm, &e, sd, ed, anorm, lsb, err);
        else
            rc = correction(&f, &sm, &e, sd, ed, anorm, (slong)(2 * b + 40), lsb, err);
        if (rc)
            break;
        ic_dyadic_view_trunc(&xt, &x, ic_dyadic_grid_at(-(long)ceil(b + 16), beta));
        rc = ic_dyadic_mul(&xf, &xt, 0, &f, 0, err);
        if (!rc)
            rc = ic_dyadic_add(&x2, &x, &xf, 1, err);
        ic_dyadic_swap(&x, &x2); /* x2 keeps the old basis's memory for the next step */
        if (!rc)
            ic_dyadic_trunc(&x, ic_dyadic_grid_at(-(long)ceil(next + 10), beta));
        if (!rc && x.k > IC_DYADIC_KMAX / 2)
            ok = 0;
    }
    if (ok && !rc && b >= goal) {
        /* p, g and xf are free now: their memory serves the bound's products */
        ic_dyadic_mat ws[3] = {{0}};
        ic_dyadic_swap(&ws[0], &p);
        ic_dyadic_swap(&ws[1], &g);
        ic_dyadic_swap(&ws[2], &xf);
        size_t nc = sym_bound2(iv, mult, &sm, &e, wp, ws, &rc, err);
        ic_dyadic_swap(&ws[0], &p);
        ic_dyadic_swap(&ws[1], &g);
        ic_dyadic_swap(&ws[2], &xf);
        /* a cluster wider than rounding level means near-multiple
         * eigenvalues that the classic route separates better */
        int fine = nc > 0;
        for (size_t c = 0; c < nc && fine; c++)
            fine = mult[c] == 1 || mag_cmp_2exp_si(arb_radref(iv + c), (slong)ceil(log2(anorm)) - wp + 2 * (slong)log2((double)n + 1) + 8) <= 0;
        if (fine) {
            *count = nc;
            *done = 1;
        }
    }
    free(sd);
    free(ed);
    ic_dyadic_clear(&a);
    ic_dyadic_clear(&x);
    ic_dyadic_clear(&x2);
    ic_dyadic_clear(&p);
    ic_dyadic_clear(&sm);
    ic_dyadic_clear(&g);
    ic_dyadic_clear(&e);
    ic_dyadic_clear(&id);
    ic_dyadic_clear(&xt);
    ic_dyadic_clear(&f);
    ic_dyadic_clear(&xf);
    return rc;
}
