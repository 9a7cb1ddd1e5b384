/* C5: enclosures of the extreme eigenvalues and condition numbers of the
 * Gram matrices, and the exact optimum solved three ways: MPFR Gaussian
 * elimination at a precision chosen from the condition number, arb's
 * rigorous SPD solve, and LAPACK in double (which fails). */
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>

#include "pe/pe.h"

void pe_cond_init(pe_cond *c)
{
    mpfr_inits2(64, c->lmin_lo, c->lmin_hi, c->lmax_lo, c->lmax_hi, c->cond_lo, c->cond_hi,
                (mpfr_ptr)0);
    c->prec = 0;
}

void pe_cond_clear(pe_cond *c)
{
    mpfr_clears(c->lmin_lo, c->lmin_hi, c->lmax_lo, c->lmax_hi, c->cond_lo, c->cond_hi,
                (mpfr_ptr)0);
}

/* Rayleigh quotient of the exact vector v (midpoints) as a ball. */
static void rayleigh(arb_t q, const arb_mat_t G, const arb_mat_t v, slong prec)
{
    slong n = arb_mat_nrows(G);
    arb_mat_t Gv;
    arb_t num, den;
    arb_mat_init(Gv, n, 1);
    arb_init(num);
    arb_init(den);
    arb_mat_mul(Gv, G, v, prec);
    arb_zero(num);
    arb_zero(den);
    for (slong i = 0; i < n; i++) {
        arb_addmul(num, arb_mat_entry(v, i, 0), arb_mat_entry(Gv, i, 0), prec);
        arb_addmul(den, arb_mat_entry(v, i, 0), arb_mat_entry(v, i, 0), prec);
    }
    arb_div(q, num, den, prec);
    arb_mat_clear(Gv);
    arb_clear(num);
    arb_clear(den);
}

/* Normalises v (midpoints only, radius dropped) to max-abs 1. */
static void normalise_mid(arb_mat_t v, slong prec)
{
    slong n = arb_mat_nrows(v);
    arf_t m, a;
    arf_init(m);
    arf_init(a);
    arf_zero(m);
    for (slong i = 0; i < n; i++) {
        arf_abs(a, arb_midref(arb_mat_entry(v, i, 0)));
        if (arf_cmp(a, m) > 0)
            arf_set(m, a);
    }
    for (slong i = 0; i < n; i++) {
        arb_ptr e = arb_mat_entry(v, i, 0);
        arf_div(arb_midref(e), arb_midref(e), m, prec, ARF_RND_NEAR);
        mag_zero(arb_radref(e));
    }
    arf_clear(m);
    arf_clear(a);
}

/* 1 when G + sign * s I is proven positive definite (sign = -1: s < lmin;
 * sign = +1 with G negated: s > lmax). */
static int proven_pd(const arb_mat_t G, const arf_t s, int upper, slong prec)
{
    slong n = arb_mat_nrows(G);
    arb_mat_t M, L;
    arb_mat_init(M, n, n);
    arb_mat_init(L, n, n);
    if (upper)
        arb_mat_neg(M, G);
    else
        arb_mat_set(M, G);
    arb_t d;
    arb_init(d);
    arb_set_arf(d, s);
    if (upper)
        for (slong i = 0; i < n; i++)
            arb_add(arb_mat_entry(M, i, i), arb_mat_entry(M, i, i), d, prec);
    else
        for (slong i = 0; i < n; i++)
            arb_sub(arb_mat_entry(M, i, i), arb_mat_entry(M, i, i), d, prec);
    int ok = arb_mat_cho(L, M, prec);
    arb_clear(d);
    arb_mat_clear(M);
    arb_mat_clear(L);
    return ok;
}

static int enclose_at(pe_cond *c, slong n, mpfr_srcptr mu, slong prec)
{
    arb_mat_t G, v, w, LU;
    arb_mat_init(G, n, n);
    arb_mat_init(v, n, 1);
    arb_mat_init(w, n, 1);
    arb_mat_init(LU, n, n);
    slong *perm = malloc((size_t)n * sizeof *perm);
    arb_t q;
    arf_t s;
    arb_init(q);
    arf_init(s);
    pe_gram_arb(G, n, mu, prec);
    int ok = perm != NULL;
    /* lambda_max: power iteration (the top eigenvalue is well separated). */
    for (slong i = 0; i < n; i++)
        arb_one(arb_mat_entry(v, i, 0));
    for (int it = 0; it < 60 && ok; it++) {
        arb_mat_approx_mul(w, G, v, prec);
        arb_mat_swap(v, w);
        normalise_mid(v, prec);
    }
    if (ok) {
        rayleigh(q, G, v, prec);
        arb_get_lbound_arf(s, q, prec);
        arf_get_mpfr(c->lmax_lo, s, MPFR_RNDD);
        /* clustered top eigenvalues (small mu) slow the power iteration:
         * widen the margin until the outer bound is proven */
        ok = 0;
        for (int e = 30; e >= 2 && !ok; e -= 7) {
            arf_mul_2exp_si(s, arb_midref(q), -e);
            arf_add(s, arb_midref(q), s, prec, ARF_RND_UP);
            ok = proven_pd(G, s, 1, prec);
        }
        arf_get_mpfr(c->lmax_hi, s, MPFR_RNDU);
    }
    /* lambda_min: inverse iteration with an approximate LU. */
    if (ok)
        ok = arb_mat_approx_lu(perm, LU, G, prec);
    for (slong i = 0; i < n && ok; i++)
        arb_set_si(arb_mat_entry(v, i, 0), (i & 1) ? -1 - i : 1 + i);
    for (int it = 0; it < 60 && ok; it++) {
        arb_mat_approx_solve_lu_precomp(w, perm, LU, v, prec);
        arb_mat_swap(v, w);
        normalise_mid(v, prec);
    }
    if (ok) {
        rayleigh(q, G, v, prec);
        arb_get_ubound_arf(s, q, prec);
        arf_get_mpfr(c->lmin_hi, s, MPFR_RNDU);
        ok = 0;
        for (int e = 30; e >= 2 && !ok; e -= 7) {
            arf_mul_2exp_si(s, arb_midref(q), -e);
            arf_sub(s, arb_midref(q), s, prec, ARF_RND_DOWN);
            ok = arf_sgn(s) > 0 && proven_pd(G, s, 0, prec);
        }
        arf_get_mpfr(c->lmin_lo, s, MPFR_RNDD);
    }
    if (ok) {
        mpfr_div(c->cond_lo, c->lmax_lo, c->lmin_hi, MPFR_RNDD);
        mpfr_div(c->cond_hi, c->lmax_hi, c->lmin_lo, MPFR_RNDU);
        c->prec = prec;
    }
    free(perm);
    arb_clear(q);
    arf_clear(s);
    arb_mat_clear(G);
    arb_mat_clear(v);
    arb_mat_clear(w);
    arb_mat_clear(LU);
    return ok;
}

int pe_cond_enclose(pe_cond *c, slong n, mpfr_srcptr mu, slong prec, ic_err *err)
{
    for (slong p = prec < 64 ? 64 : prec; p <= 8192; p *= 2)
        if (enclose_at(c, n, mu, p))
            return IC_OK;
    return ic_err_set(err, IC_EINTERNAL,
                      "could not prove the eigenvalue enclosure of G (n = %ld) up to 8192 bits", (long)n);
}

mpfr_prec_t pe_solve_prec(mpfr_srcptr cond_hi, size_t n)
{
    long e = mpfr_get_exp(cond_hi); /* cond < 2^e */
    long lg = 0;
    while ((1UL << lg) < n)
        lg++;
    long p = e + 64 + 2 * lg + 16;
    return (mpfr_prec_t)((p + 63) / 64 * 64);
}

int pe_solve_mpfr(double *errmax, size_t n, mpfr_srcptr mu, mpfr_prec_t prec, const double *x0,
                  ic_err *err)
{
    ic_mat G = { 0 }, b = { 0 }, x = { 0 }, v = { 0 };
    int rc = ic_mat_init(&G, n, n, prec, err);
    if (!rc)
        rc = ic_mat_init(&b, n, 1, prec, err);
    if (!rc)
        rc = ic_mat_init(&x, n, 1, prec, err);
    if (!rc)
        rc = ic_mat_init(&v, n, 1, prec, err);
    mpfr_t *g = rc ? NULL : ic_calloc(n, sizeof *g);
    if (!rc && !g)
        rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
    if (!rc) {
        for (size_t k = 0; k < n; k++)
            mpfr_init2(g[k], prec);
        pe_moments(g, n, mu);
        pe_gram_icm(&G, g);
        ic_mat_set_d(&v, x0);
        ic_mat_mul(&b, &G, &v);
        rc = ic_mat_solve(&x, &G, &b, err);
    }
    if (!rc) {
        ic_mat_sub(&x, &x, &v);
        mpfr_t m;
        mpfr_init2(m, prec);
        ic_mat_max_abs(m, &x);
        *errmax = mpfr_get_d(m, MPFR_RNDU);
        mpfr_clear(m);
    }
    if (g) {
        for (size_t k = 0; k < n; k++)
            mpfr_clear(g[k]);
        free(g);
    }
    ic_mat_clear(&G);
    ic_mat_clear(&b);
    ic_mat_clear(&x);
    ic_mat_clear(&v);
    return rc;
}

void pe_solve_double(double *err_chol, int *chol_ok, double *err_lu, size_t n, double mu,
                     const double *x0)
{
    double *g = malloc(n * sizeof *g), *G = malloc(n * n * sizeof *G), *b = malloc(n * sizeof *b);
    lapack_int *piv = malloc(n * sizeof *piv);
    *err_chol = *err_lu = INFINITY;
    *chol_ok = 0;
    if (g && G && b && piv) {
        pe_moments_d(g, n, mu);
        for (int pass = 0; pass < 2; pass++) {
            for (size_t i = 0; i < n; i++) {
                b[i] = 0;
                for (size_t j = 0; j < n; j++) {
                    G[i * n + j] = g[i > j ? i - j : j - i];
                    b[i] += G[i * n + j] * x0[j];
                }
            }
            lapack_int info = pass == 0
                ? LAPACKE_dposv(LAPACK_ROW_MAJOR, 'U', (lapack_int)n, 1, G, (lapack_int)n, b, 1)
                : LAPACKE_dgesv(LAPACK_ROW_MAJOR, (lapack_int)n, 1, G, (lapack_int)n, piv, b, 1);
            if (pass == 0)
                *chol_ok = info == 0;
            if (info != 0)
                continue;
            double m = 0;
            for (size_t i = 0; i < n; i++)
                m = fmax(m, fabs(b[i] - x0[i]));
            if (pass == 0)
                *err_chol = m;
            else
                *err_lu = m;
        }
    }
    free(g);
    free(G);
    free(b);
    free(piv);
}

int pe_solve_arb(double *rad, slong n, mpfr_srcptr mu, slong prec, const double *x0)
{
    arb_mat_t G, B, X, V;
    arb_mat_init(G, n, n);
    arb_mat_init(B, n, 1);
    arb_mat_init(X, n, 1);
    arb_mat_init(V, n, 1);
    pe_gram_arb(G, n, mu, prec);
    for (slong i = 0; i < n; i++)
        arb_set_d(arb_mat_entry(V, i, 0), x0[i]);
    arb_mat_mul(B, G, V, prec);
    int ok = arb_mat_spd_solve(X, G, B, prec);
    if (ok) {
        arb_t d;
        arb_init(d);
        double m = 0;
        for (slong i = 0; i < n; i++) {
            arb_sub(d, arb_mat_entry(X, i, 0), arb_mat_entry(V, i, 0), prec);
            m = fmax(m, (mag_get_d(arb_radref(d)) + fabs(arf_get_d(arb_midref(d), ARF_RND_UP))) *
                            (1 + 0x1p-50));
        }
        *rad = m;
        arb_clear(d);
    }
    arb_mat_clear(G);
    arb_mat_clear(B);
    arb_mat_clear(X);
    arb_mat_clear(V);
    return ok ? IC_OK : IC_FAIL;
}
