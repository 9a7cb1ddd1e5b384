/* ic_loss: losses shared by claims (see src/expectations/shared_losses.h). */
#include "expectations/shared_losses.h"

#include <stdint.h>
#include <stdlib.h>

#include "expectations/angle_quadrature.h"

void ic_loss_row_sums(mpfr_t *r, const ic_mat *C)
{
    for (size_t j = 0; j < C->rows; j++) {
        mpfr_set_zero(r[j], 1);
        for (size_t k = 0; k < C->cols; k++)
            mpfr_add(r[j], r[j], IC_MAT_AT(C, j, k), MPFR_RNDN);
    }
}

void ic_loss_cstats_init(ic_loss_cstats *s, const ic_mat *C, mpfr_prec_t p)
{
    mpfr_inits2(p, s->f2, s->c1, s->tr, (mpfr_ptr)0);
    ic_mat_frob2(s->f2, C);
    ic_mat_trace(s->tr, C);
    mpfr_t *r = malloc(C->rows * sizeof *r);
    mpfr_t t;
    mpfr_init2(t, p);
    mpfr_set_zero(s->c1, 1);
    for (size_t j = 0; j < C->rows; j++)
        mpfr_init2(r[j], p);
    ic_loss_row_sums(r, C);
    for (size_t j = 0; j < C->rows; j++) {
        mpfr_sqr(t, r[j], MPFR_RNDN);
        mpfr_add(s->c1, s->c1, t, MPFR_RNDN);
        mpfr_clear(r[j]);
    }
    mpfr_clear(t);
    free(r);
}

void ic_loss_cstats_clear(ic_loss_cstats *s)
{
    mpfr_clears(s->f2, s->c1, s->tr, (mpfr_ptr)0);
}

void ic_loss_row_norm2(mpfr_ptr r, const ic_mat *P, size_t t)
{
    mpfr_t s;
    mpfr_init2(s, mpfr_get_prec(r));
    mpfr_set_zero(r, 1);
    for (size_t k = 0; k <= t + 1; k++) {
        mpfr_sqr(s, IC_MAT_AT(P, t, k), MPFR_RNDN);
        mpfr_add(r, r, s, MPFR_RNDN);
    }
    mpfr_clear(s);
}

void ic_loss_unitary_loss(mpfr_ptr L, const ic_mat *C, const ic_mat *P, size_t T, int which)
{
    mpfr_prec_t p = mpfr_get_prec(L) + 16;
    ic_loss_cstats s;
    ic_loss_cstats_init(&s, C, p);
    mpfr_t n2, q, u, acc;
    mpfr_inits2(p, n2, q, u, acc, (mpfr_ptr)0);
    mpfr_set_zero(acc, 1);
    size_t d = C->rows;
    for (size_t t = 0; t + 1 < T; t++) {
        ic_loss_row_norm2(n2, P, t);
        mpfr_sqr(q, IC_MAT_AT(P, t, t), MPFR_RNDN);
        if (which == IC_LOSS_EXACT)
            mpfr_sub(n2, n2, q, MPFR_RNDN);        /* ||p||^2 - p_{-2}^2 */
        mpfr_mul(u, n2, s.f2, MPFR_RNDN);
        mpfr_add(acc, acc, u, MPFR_RNDN);
        mpfr_mul(u, q, s.c1, MPFR_RNDN);           /* p_{-2}^2 ||C 1||^2 */
        mpfr_add(acc, acc, u, MPFR_RNDN);
        mpfr_mul(u, IC_MAT_AT(P, t, t + 1), s.tr, MPFR_RNDN);
        mpfr_mul_2ui(u, u, 1, MPFR_RNDN);          /* 2 tr(C) p_{-1} */
        mpfr_sub(acc, acc, u, MPFR_RNDN);
        mpfr_add_ui(acc, acc, d, MPFR_RNDN);
    }
    mpfr_set(L, acc, MPFR_RNDN);
    mpfr_clears(n2, q, u, acc, (mpfr_ptr)0);
    ic_loss_cstats_clear(&s);
}

/* lambda_j^n as an exponent vector: law IC_LOSS_LAW_PAIRS has d/2 angles,
 * lambda_{2k} = z_k, lambda_{2k+1} = conj z_k = z_k^{-1}; IC_LOSS_LAW_UNITARY has
 * d angles, lambda_j = z_j. */
static void add_power(int32_t *e, size_t j, long n, int law)
{
    if (law == IC_LOSS_LAW_PAIRS)
        e[j / 2] += (int32_t)((j % 2) ? -n : n);
    else
        e[j] += (int32_t)n;
}

/* yhat_j - s_{t+2,j} = sum_{t'<=t+1} p_{t'} sum_k C_jk conj(lambda_k^t) lambda_k^{t'}
 * lambda_j^{t'} - lambda_j^{t+2}, with s_0 = 1. */
int ic_loss_model_loss(mpfr_ptr L, const ic_mat *C, const ic_mat *P, size_t T, int law, int grid, long *npts,
                   ic_err *err)
{
    size_t d = C->rows, nv = law == IC_LOSS_LAW_PAIRS ? d / 2 : d;
    mpfr_prec_t p = mpfr_get_prec(L) + 16;
    ic_quad_poly f;
    int rc = ic_quad_init(&f, nv, p, err);
    if (rc)
        return rc;
    int32_t *e = calloc(nv, sizeof *e);
    mpfr_t c, r, acc;
    mpfr_inits2(p, c, r, acc, (mpfr_ptr)0);
    mpfr_set_zero(acc, 1);
    long nmax = 0;
    for (size_t t = 0; t + 1 < T && !rc; t++)
        for (size_t j = 0; j < d && !rc; j++) {
            ic_quad_reset(&f);
            for (size_t tp = 0; tp <= t + 1 && !rc; tp++)
                for (size_t k = 0; k < d && !rc; k++) {
                    for (size_t v = 0; v < nv; v++)
                        e[v] = 0;
                    add_power(e, k, (long)tp - (long)t, law);
                    add_power(e, j, (long)tp, law);
                    mpfr_mul(c, IC_MAT_AT(P, t, tp), IC_MAT_AT(C, j, k), MPFR_RNDN);
                    rc = ic_quad_add_term(&f, c, e, err);
                }
            for (size_t v = 0; v < nv; v++)
                e[v] = 0;
            add_power(e, j, (long)t + 2, law);
            mpfr_set_si(c, -1, MPFR_RNDN);
            if (!rc)
                rc = ic_quad_add_term(&f, c, e, err);
            if (rc)
                break;
            if (grid) {
                /* |f|^2 has exponents m - m'; a grid of N > max |m_v - m'_v|
                 * points per angle integrates every such character exactly. */
                long N = ic_quad_max_diff(&f) + 1;
                if (N > nmax)
                    nmax = N;
                rc = ic_quad_grid_mean_sq(r, &f, N, err);
            } else {
                ic_quad_mean_sq_circle(r, &f);
            }
            mpfr_add(acc, acc, r, MPFR_RNDN);
        }
    if (npts)
        *npts = grid ? nmax : 0;
    mpfr_set(L, acc, MPFR_RNDN);
    mpfr_clears(c, r, acc, (mpfr_ptr)0);
    free(e);
    ic_quad_clear(&f);
    return rc;
}

void ic_loss_p_residuals(mpfr_ptr rnew, mpfr_ptr rq, mpfr_ptr ro, const ic_mat *P, mpfr_srcptr c, mpfr_srcptr target,
                     size_t T)
{
    mpfr_t u;
    mpfr_init2(u, P->prec);
    mpfr_set_zero(rnew, 1);
    mpfr_set_zero(rq, 1);
    mpfr_set_zero(ro, 1);
    for (size_t t = 0; t + 1 < T; t++)
        for (size_t k = 0; k <= t + 1; k++) {
            mpfr_mul(u, c, IC_MAT_AT(P, t, k), MPFR_RNDN);
            if (k == t + 1)
                mpfr_sub_ui(u, u, 1, MPFR_RNDN);
            else if (k == t)
                mpfr_sub(u, u, target, MPFR_RNDN);
            mpfr_abs(u, u, MPFR_RNDN);
            mpfr_max(k == t + 1 ? rnew : k == t ? rq : ro, k == t + 1 ? rnew : k == t ? rq : ro, u,
                     MPFR_RNDN);
        }
    mpfr_clear(u);
}
