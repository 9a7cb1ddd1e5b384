/* C1 in MPFR: the closed forms, the GD construction as weights, and the
 * exact expected loss computed from the model's definition two ways
 * (characters; forward passes on a uniform angle grid). */
#include <stdlib.h>
#include <string.h>

#include "augmented/augmented.h"
#include "expectations/angle_quadrature.h"

#define R MPFR_RNDN

/* ---------- closed forms ---------- */

void aug_eta_star(mpfr_ptr eta, long d, long T)
{
    mpfr_set_si(eta, d, R);
    mpfr_div_si(eta, eta, T + d - 1, R);
}

void aug_loss_star(mpfr_ptr L, long d, long T)
{
    mpfr_set_si(L, d - 1, R);
    mpfr_div_si(L, L, T + d - 1, R);
}

void aug_eta_pool(mpfr_ptr eta, long d, long N)
{
    mpfr_set_si(eta, 3 * d, R);
    mpfr_div_si(eta, eta, 2 * N + 3 * d - 2, R);
}

void aug_loss_pool(mpfr_ptr L, long d, long N)
{
    mpfr_t t;
    mpfr_init2(t, mpfr_get_prec(L) + 16);
    mpfr_set_si(t, 3 * N * (N + 1), R);
    mpfr_div_si(t, t, 2 * (2 * N + 3 * d - 2), R);
    mpfr_si_sub(L, N, t, R);
    mpfr_clear(t);
}

void aug_eta_general(mpfr_ptr eta, const mpfr_t *w, long d, long T)
{
    mpfr_prec_t p = mpfr_get_prec(eta) + 16;
    mpfr_t s2, den, t, u;
    mpfr_inits2(p, s2, den, t, u, (mpfr_ptr)0);
    mpfr_set_zero(s2, 1);
    for (long k = 0; k < d; k++) {
        mpfr_sqr(t, w[k], R);
        mpfr_add(s2, s2, t, R);
    }
    mpfr_set_zero(den, 1);
    for (long j = 0; j < d; j++) {
        /* w_j (T^2 w_j^2 + T (s2 - w_j^2)) */
        mpfr_sqr(t, w[j], R);
        mpfr_sub(u, s2, t, R);
        mpfr_mul_si(u, u, T, R);
        mpfr_mul_si(t, t, T * T, R);
        mpfr_add(t, t, u, R);
        mpfr_mul(t, t, w[j], R);
        mpfr_add(den, den, t, R);
    }
    mpfr_mul_si(s2, s2, T, R);
    mpfr_div(eta, s2, den, R);
    mpfr_clears(s2, den, t, u, (mpfr_ptr)0);
}

void aug_loss_general(mpfr_ptr L, const mpfr_t *w, long d, long T, mpfr_srcptr eta)
{
    mpfr_prec_t p = mpfr_get_prec(L) + 16;
    mpfr_t s2, acc, t, u;
    mpfr_inits2(p, s2, acc, t, u, (mpfr_ptr)0);
    mpfr_set_zero(s2, 1);
    for (long k = 0; k < d; k++) {
        mpfr_sqr(t, w[k], R);
        mpfr_add(s2, s2, t, R);
    }
    mpfr_set_zero(acc, 1);
    for (long j = 0; j < d; j++) {
        mpfr_mul(t, eta, w[j], R);
        mpfr_mul_si(t, t, T, R);
        mpfr_sub_ui(t, t, 1, R);
        mpfr_sqr(t, t, R);
        mpfr_sqr(u, w[j], R);
        mpfr_sub(u, s2, u, R);
        mpfr_mul_si(u, u, T, R);
        mpfr_mul(u, u, eta, R);
        mpfr_mul(u, u, eta, R);
        mpfr_add(t, t, u, R);
        mpfr_mul(t, t, w[j], R);
        mpfr_add(acc, acc, t, R);
    }
    mpfr_set(L, acc, R);
    mpfr_clears(s2, acc, t, u, (mpfr_ptr)0);
}

/* ---------- the construction ---------- */

void aug_construction(ic_mat *WKQ, ic_mat *WV, size_t d, mpfr_srcptr gamma, mpfr_srcptr v)
{
    ic_mat_zero(WKQ);
    ic_mat_zero(WV);
    for (size_t i = 0; i < d; i++) {
        mpfr_set(IC_MAT_AT(WKQ, 2 * d + i, d + i), gamma, R); /* key s_{t-1} . query s_T */
        mpfr_set(IC_MAT_AT(WV, i, d + i), v, R);              /* value s_t -> output block 1 */
    }
}

void aug_effective(ic_mat *K, ic_mat *V, const ic_mat *WKQ, const ic_mat *WV)
{
    size_t d = V->rows;
    for (size_t i = 0; i < 2 * d; i++)
        for (size_t j = 0; j < 2 * d; j++)
            mpfr_set(IC_MAT_AT(K, i, j), IC_MAT_AT(WKQ, d + i, d + j), R);
    for (size_t i = 0; i < d; i++)
        for (size_t j = 0; j < 2 * d; j++)
            mpfr_set(IC_MAT_AT(V, i, j), IC_MAT_AT(WV, i, d + j), R);
}

void aug_forward_mp(mpfr_t *yhat, const ic_mat *WKQ, const ic_mat *WV, const ic_mat *s, size_t T)
{
    size_t d = s->cols, D = 3 * d;
    mpfr_prec_t p = WKQ->prec + 32;
    mpfr_t *e = malloc((T + 1) * D * sizeof *e), *q = malloc(D * sizeof *q);
    mpfr_t sc, t1;
    mpfr_inits2(p, sc, t1, (mpfr_ptr)0);
    for (size_t t = 0; t <= T; t++)
        for (size_t k = 0; k < D; k++) {
            mpfr_init2(e[t * D + k], p);
            if (k >= d && k < 2 * d)
                mpfr_set(e[t * D + k], IC_MAT_AT(s, t, k - d), R);
            else if (k >= 2 * d && t > 0)
                mpfr_set(e[t * D + k], IC_MAT_AT(s, t - 1, k - 2 * d), R);
            else
                mpfr_set_zero(e[t * D + k], 1);
        }
    for (size_t i = 0; i < D; i++) {
        mpfr_init2(q[i], p);
        mpfr_set_zero(q[i], 1);
        for (size_t j = 0; j < D; j++) {
            mpfr_mul(t1, IC_MAT_AT(WKQ, i, j), e[T * D + j], R);
            mpfr_add(q[i], q[i], t1, R);
        }
    }
    for (size_t i = 0; i < d; i++)
        mpfr_set_zero(yhat[i], 1);
    for (size_t t = 0; t <= T; t++) {
        mpfr_set_zero(sc, 1);
        for (size_t k = 0; k < D; k++) {
            mpfr_mul(t1, e[t * D + k], q[k], R);
            mpfr_add(sc, sc, t1, R);
        }
        for (size_t i = 0; i < d; i++)
            for (size_t k = 0; k < D; k++) {
                mpfr_mul(t1, IC_MAT_AT(WV, i, k), e[t * D + k], R);
                mpfr_mul(t1, t1, sc, R);
                mpfr_add(yhat[i], yhat[i], t1, R);
            }
    }
    for (size_t k = 0; k < (T + 1) * D; k++)
        mpfr_clear(e[k]);
    for (size_t k = 0; k < D; k++)
        mpfr_clear(q[k]);
    free(e);
    free(q);
    mpfr_clears(sc, t1, (mpfr_ptr)0);
}

/* ---------- exact expectation by characters ---------- */

/* One term of a coordinate of s_t as a Laurent monomial: unit-phase
 * coefficient (cr + i ci), variable, exponent sign (exponent = sign * t),
 * amplitude index (s_0 entry, unitary model) or -1. */
typedef struct {
    double cr, ci;
    int var, sign, amp;
} coord_term;

/* Terms of s_{t,a} (unnormalised: s_0 = 1 or s0); returns the count. */
static int coord_terms(coord_term *out, int model, size_t a)
{
    if (model == AUG_UNITARY) {
        out[0] = (coord_term){ 1, 0, (int)a, 1, (int)a };
        return 1;
    }
    /* rotation pair k: (x, y) = (Re, Im) of (1 + i) z^t */
    int k = (int)(a / 2);
    if (a % 2 == 0) {
        out[0] = (coord_term){ 0.5, 0.5, k, 1, -1 };
        out[1] = (coord_term){ 0.5, -0.5, k, -1, -1 };
    } else {
        out[0] = (coord_term){ 0.5, -0.5, k, 1, -1 };
        out[1] = (coord_term){ 0.5, 0.5, k, -1, -1 };
    }
    return 2;
}

/* Adds coef * (cr + i ci) z^e to the real and imaginary polynomials. */
static int add_cterm(ic_quad_poly *fr, ic_quad_poly *fi, mpfr_srcptr coef, double cr, double ci,
                     const int32_t *e, mpfr_ptr tmp, ic_err *err)
{
    int rc = IC_OK;
    if (cr != 0) {
        mpfr_mul_d(tmp, coef, cr, R);
        rc = ic_quad_add_term(fr, tmp, e, err);
    }
    if (!rc && ci != 0) {
        mpfr_mul_d(tmp, coef, ci, R);
        rc = ic_quad_add_term(fi, tmp, e, err);
    }
    return rc;
}

int aug_loss_mp(mpfr_ptr L, int model, size_t d, const mpfr_t *s0, const ic_mat *K,
                const ic_mat *V, long Tlo, long Thi, ic_err *err)
{
    if (model == AUG_ROTATIONS && (d % 2 || s0))
        return ic_err_set(err, IC_EINPUT, "rotation model needs even d and s_0 = 1/sqrt(d)");
    size_t nv = model == AUG_UNITARY ? d : d / 2;
    mpfr_prec_t p = mpfr_get_prec(L) + 32;
    ic_quad_poly fr, fi;
    int rc = ic_quad_init(&fr, nv, p, err);
    if (rc)
        return rc;
    rc = ic_quad_init(&fi, nv, p, err);
    if (rc) {
        ic_quad_clear(&fr);
        return rc;
    }
    int32_t *e = calloc(nv, sizeof *e);
    mpfr_t ks, cf, tmp, acc, r, one;
    mpfr_inits2(p, ks, cf, tmp, acc, r, one, (mpfr_ptr)0);
    mpfr_set_ui(one, 1, R);
    /* s_0 = (1/sqrt d) 1: compute with s_0 = 1 and K / d, then divide by d. */
    mpfr_set_ui(ks, 1, R);
    if (!s0)
        mpfr_div_ui(ks, ks, d, R);
    mpfr_set_zero(acc, 1);
    coord_term ta[2], tb[2], tc[2];
    for (long T = Tlo; T <= Thi && !rc; T++)
        for (size_t j = 0; j < d && !rc; j++) {
            ic_quad_reset(&fr);
            ic_quad_reset(&fi);
            for (long t = 0; t <= T && !rc; t++)
                for (size_t a = 0; a < 2 * d && !rc; a++) {
                    if (mpfr_zero_p(IC_MAT_AT(V, j, a)) || (a >= d && t == 0))
                        continue;
                    long ta_t = a < d ? t : t - 1;
                    int na = coord_terms(ta, model, a % d);
                    for (size_t b = 0; b < 2 * d && !rc; b++) {
                        if (b >= d && t == 0)
                            continue;
                        long tb_t = b < d ? t : t - 1;
                        int nb = coord_terms(tb, model, b % d);
                        for (size_t c = 0; c < 2 * d && !rc; c++) {
                            if (mpfr_zero_p(IC_MAT_AT(K, b, c)) || (c >= d && T == 0))
                                continue;
                            long tc_t = c < d ? T : T - 1;
                            int nc = coord_terms(tc, model, c % d);
                            mpfr_mul(cf, IC_MAT_AT(V, j, a), IC_MAT_AT(K, b, c), R);
                            mpfr_mul(cf, cf, ks, R);
                            if (s0) {
                                mpfr_mul(cf, cf, s0[a % d], R);
                                mpfr_mul(cf, cf, s0[b % d], R);
                                mpfr_mul(cf, cf, s0[c % d], R);
                            }
                            for (int ia = 0; ia < na; ia++)
                                for (int ib = 0; ib < nb; ib++)
                                    for (int ic = 0; ic < nc && !rc; ic++) {
                                        /* x_a * conj(x_b) * x_c */
                                        double br = tb[ib].cr, bi = -tb[ib].ci;
                                        double pr = ta[ia].cr * br - ta[ia].ci * bi;
                                        double pi = ta[ia].cr * bi + ta[ia].ci * br;
                                        double qr = pr * tc[ic].cr - pi * tc[ic].ci;
                                        double qi = pr * tc[ic].ci + pi * tc[ic].cr;
                                        memset(e, 0, nv * sizeof *e);
                                        e[ta[ia].var] += (int32_t)(ta[ia].sign * ta_t);
                                        e[tb[ib].var] -= (int32_t)(tb[ib].sign * tb_t);
                                        e[tc[ic].var] += (int32_t)(tc[ic].sign * tc_t);
                                        rc = add_cterm(&fr, &fi, cf, qr, qi, e, tmp, err);
                                    }
                        }
                    }
                }
            /* minus the target s_{T+1, j} */
            int nj = coord_terms(ta, model, j);
            mpfr_set_si(cf, -1, R);
            if (s0)
                mpfr_neg(cf, s0[j], R);
            for (int ia = 0; ia < nj && !rc; ia++) {
                memset(e, 0, nv * sizeof *e);
                e[ta[ia].var] = (int32_t)(ta[ia].sign * (T + 1));
                rc = add_cterm(&fr, &fi, cf, ta[ia].cr, ta[ia].ci, e, tmp, err);
            }
            ic_quad_mean_sq_circle(r, &fr);
            mpfr_add(acc, acc, r, R);
            ic_quad_mean_sq_circle(r, &fi);
            mpfr_add(acc, acc, r, R);
        }
    if (!s0)
        mpfr_div_ui(acc, acc, d, R);
    mpfr_set(L, acc, R);
    mpfr_clears(ks, cf, tmp, acc, r, one, (mpfr_ptr)0);
    free(e);
    ic_quad_clear(&fr);
    ic_quad_clear(&fi);
    return rc;
}

/* ---------- the same expectation on a uniform angle grid ---------- */

typedef struct {
    mpfr_t re, im;
} cmp_t;

int aug_loss_grid(mpfr_ptr L, int model, size_t d, const ic_mat *WKQ, const ic_mat *WV,
                  long Tlo, long Thi, long M, ic_err *err)
{
    if (model == AUG_ROTATIONS && d % 2)
        return ic_err_set(err, IC_EINPUT, "rotation model needs even d");
    size_t nv = model == AUG_UNITARY ? d : d / 2, D = 3 * d;
    double pts = 1;
    for (size_t v = 0; v < nv; v++)
        pts *= (double)M;
    if (M < 1 || pts > 2e5)
        return ic_err_set(err, IC_EINPUT, "grid of %ld^%zu points is too large", M, nv);
    mpfr_prec_t p = mpfr_get_prec(L) + 32;
    size_t nt = (size_t)Thi + 2; /* s_0 .. s_{Thi+1} */
    mpfr_t *cs = malloc(2 * (size_t)M * sizeof *cs);
    cmp_t *e = malloc((nt + 1) * D * sizeof *e); /* tokens e_0 .. e_{Thi+1} */
    cmp_t *q = malloc(D * sizeof *q), *y = malloc(d * sizeof *y), *u = malloc((nt + 1) * d * sizeof *u);
    long *k = calloc(nv, sizeof *k);
    mpfr_t isd, ang, sr, si, tr, ti, acc, tot;
    mpfr_inits2(p, isd, ang, sr, si, tr, ti, acc, tot, (mpfr_ptr)0);
    for (long j = 0; j < M; j++) {
        mpfr_inits2(p, cs[2 * j], cs[2 * j + 1], (mpfr_ptr)0);
        mpfr_const_pi(ang, R);
        mpfr_mul_si(ang, ang, 2 * j, R);
        mpfr_div_si(ang, ang, M, R);
        mpfr_sin_cos(cs[2 * j + 1], cs[2 * j], ang, R);
    }
    for (size_t i = 0; i < (nt + 1) * D; i++)
        mpfr_inits2(p, e[i].re, e[i].im, (mpfr_ptr)0);
    for (size_t i = 0; i < (nt + 1) * d; i++)
        mpfr_inits2(p, u[i].re, u[i].im, (mpfr_ptr)0);
    for (size_t i = 0; i < D; i++)
        mpfr_inits2(p, q[i].re, q[i].im, (mpfr_ptr)0);
    for (size_t i = 0; i < d; i++)
        mpfr_inits2(p, y[i].re, y[i].im, (mpfr_ptr)0);
    mpfr_set_ui(isd, d, R);
    mpfr_rec_sqrt(isd, isd, R);
    mpfr_set_zero(tot, 1);
    for (;;) {
        /* tokens at this grid point */
        for (size_t t = 0; t < nt + 1; t++)
            for (size_t i = 0; i < D; i++) {
                mpfr_set_zero(e[t * D + i].re, 1);
                mpfr_set_zero(e[t * D + i].im, 1);
            }
        for (size_t t = 0; t < nt; t++)
            for (size_t a = 0; a < d; a++) {
                if (model == AUG_UNITARY) {
                    long ix = (long)((k[a] * (long)t) % M);
                    mpfr_mul(sr, cs[2 * ix], isd, R);
                    mpfr_mul(si, cs[2 * ix + 1], isd, R);
                } else {
                    long ix = (long)((k[a / 2] * (long)t) % M);
                    /* (cos - sin, sin + cos) / sqrt d */
                    if (a % 2 == 0)
                        mpfr_sub(sr, cs[2 * ix], cs[2 * ix + 1], R);
                    else
                        mpfr_add(sr, cs[2 * ix], cs[2 * ix + 1], R);
                    mpfr_mul(sr, sr, isd, R);
                    mpfr_set_zero(si, 1);
                }
                mpfr_set(e[t * D + d + a].re, sr, R);
                mpfr_set(e[t * D + d + a].im, si, R);
                mpfr_set(e[(t + 1) * D + 2 * d + a].re, sr, R);
                mpfr_set(e[(t + 1) * D + 2 * d + a].im, si, R);
            }
        /* values u_t = (W_V e_t)[0:d] */
        for (size_t t = 0; t < nt; t++)
            for (size_t i = 0; i < d; i++) {
                mpfr_set_zero(u[t * d + i].re, 1);
                mpfr_set_zero(u[t * d + i].im, 1);
                for (size_t c = 0; c < D; c++) {
                    mpfr_mul(tr, IC_MAT_AT(WV, i, c), e[t * D + c].re, R);
                    mpfr_add(u[t * d + i].re, u[t * d + i].re, tr, R);
                    mpfr_mul(tr, IC_MAT_AT(WV, i, c), e[t * D + c].im, R);
                    mpfr_add(u[t * d + i].im, u[t * d + i].im, tr, R);
                }
            }
        mpfr_set_zero(acc, 1);
        for (long T = Tlo; T <= Thi; T++) {
            for (size_t i = 0; i < D; i++) {
                mpfr_set_zero(q[i].re, 1);
                mpfr_set_zero(q[i].im, 1);
                for (size_t c = 0; c < D; c++) {
                    mpfr_mul(tr, IC_MAT_AT(WKQ, i, c), e[T * D + c].re, R);
                    mpfr_add(q[i].re, q[i].re, tr, R);
                    mpfr_mul(tr, IC_MAT_AT(WKQ, i, c), e[T * D + c].im, R);
                    mpfr_add(q[i].im, q[i].im, tr, R);
                }
            }
            for (size_t i = 0; i < d; i++) {
                mpfr_set_zero(y[i].re, 1);
                mpfr_set_zero(y[i].im, 1);
            }
            for (long t = 0; t <= T; t++) {
                /* score = e_t^* q */
                mpfr_set_zero(sr, 1);
                mpfr_set_zero(si, 1);
                for (size_t c = 0; c < D; c++) {
                    cmp_t *x = &e[t * D + c];
                    mpfr_mul(tr, x->re, q[c].re, R);
                    mpfr_add(sr, sr, tr, R);
                    mpfr_mul(tr, x->im, q[c].im, R);
                    mpfr_add(sr, sr, tr, R);
                    mpfr_mul(tr, x->re, q[c].im, R);
                    mpfr_add(si, si, tr, R);
                    mpfr_mul(tr, x->im, q[c].re, R);
                    mpfr_sub(si, si, tr, R);
                }
                for (size_t i = 0; i < d; i++) {
                    cmp_t *w = &u[t * d + i];
                    mpfr_mul(tr, w->re, sr, R);
                    mpfr_mul(ti, w->im, si, R);
                    mpfr_sub(tr, tr, ti, R);
                    mpfr_add(y[i].re, y[i].re, tr, R);
                    mpfr_mul(tr, w->re, si, R);
                    mpfr_mul(ti, w->im, sr, R);
                    mpfr_add(tr, tr, ti, R);
                    mpfr_add(y[i].im, y[i].im, tr, R);
                }
            }
            for (size_t i = 0; i < d; i++) {
                /* target s_{T+1, i} sits in token T+1's second block */
                mpfr_sub(tr, y[i].re, e[(T + 1) * D + d + i].re, R);
                mpfr_sub(ti, y[i].im, e[(T + 1) * D + d + i].im, R);
                mpfr_sqr(tr, tr, R);
                mpfr_sqr(ti, ti, R);
                mpfr_add(acc, acc, tr, R);
                mpfr_add(acc, acc, ti, R);
            }
        }
        mpfr_add(tot, tot, acc, R);
        size_t v = 0;
        while (v < nv && ++k[v] == M)
            k[v++] = 0;
        if (v == nv)
            break;
    }
    mpfr_div_d(L, tot, pts, R);
    for (long j = 0; j < M; j++)
        mpfr_clears(cs[2 * j], cs[2 * j + 1], (mpfr_ptr)0);
    for (size_t i = 0; i < (nt + 1) * D; i++)
        mpfr_clears(e[i].re, e[i].im, (mpfr_ptr)0);
    for (size_t i = 0; i < (nt + 1) * d; i++)
        mpfr_clears(u[i].re, u[i].im, (mpfr_ptr)0);
    for (size_t i = 0; i < D; i++)
        mpfr_clears(q[i].re, q[i].im, (mpfr_ptr)0);
    for (size_t i = 0; i < d; i++)
        mpfr_clears(y[i].re, y[i].im, (mpfr_ptr)0);
    mpfr_clears(isd, ang, sr, si, tr, ti, acc, tot, (mpfr_ptr)0);
    free(cs);
    free(e);
    free(q);
    free(y);
    free(u);
    free(k);
    return IC_OK;
}
