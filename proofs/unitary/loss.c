/* The unitary loss's sum-of-squares form and its gradient; L_U itself and
 * the model's exact expectation are in src/expectations/shared_losses.c, shared with the
 * orthogonal claim.  All at the precision of the output. */
#include <stdlib.h>

#include "expectations/shared_losses.h"
#include "unitary/unitary.h"

void unitary_loss_sos(mpfr_ptr L, const ic_mat *C, const ic_mat *P, size_t T)
{
    mpfr_prec_t p = mpfr_get_prec(L) + 16;
    size_t d = C->rows;
    ic_loss_cstats s;
    ic_loss_cstats_init(&s, C, p);
    /* ||C - (tr C / d) I||_F^2 = ||C||_F^2 - tr(C)^2 / d, computed from the
     * entries so the identity is tested, not assumed. */
    mpfr_t dev, m, t1, acc, a, rest;
    mpfr_inits2(p, dev, m, t1, acc, a, rest, (mpfr_ptr)0);
    mpfr_div_ui(m, s.tr, d, MPFR_RNDN);
    mpfr_set_zero(dev, 1);
    for (size_t j = 0; j < d; j++)
        for (size_t k = 0; k < d; k++) {
            mpfr_set(t1, IC_MAT_AT(C, j, k), MPFR_RNDN);
            if (j == k)
                mpfr_sub(t1, t1, m, MPFR_RNDN);
            mpfr_sqr(t1, t1, MPFR_RNDN);
            mpfr_add(dev, dev, t1, MPFR_RNDN);
        }
    mpfr_set_zero(acc, 1);
    for (size_t t = 0; t + 1 < T; t++) {
        mpfr_set_zero(rest, 1);
        for (size_t k = 0; k < t; k++) {            /* entries other than p_{-1}, p_{-2} */
            mpfr_sqr(t1, IC_MAT_AT(P, t, k), MPFR_RNDN);
            mpfr_add(rest, rest, t1, MPFR_RNDN);
        }
        mpfr_mul(t1, rest, s.f2, MPFR_RNDN);
        mpfr_add(acc, acc, t1, MPFR_RNDN);
        mpfr_sqr(t1, IC_MAT_AT(P, t, t), MPFR_RNDN);
        mpfr_mul(t1, t1, s.c1, MPFR_RNDN);
        mpfr_add(acc, acc, t1, MPFR_RNDN);
        mpfr_sqr(t1, IC_MAT_AT(P, t, t + 1), MPFR_RNDN);
        mpfr_mul(t1, t1, dev, MPFR_RNDN);
        mpfr_add(acc, acc, t1, MPFR_RNDN);
        /* (p_{-1} tr C - d)^2 / d */
        mpfr_mul(a, IC_MAT_AT(P, t, t + 1), s.tr, MPFR_RNDN);
        mpfr_sub_ui(a, a, d, MPFR_RNDN);
        mpfr_sqr(a, a, MPFR_RNDN);
        mpfr_div_ui(a, a, d, MPFR_RNDN);
        mpfr_add(acc, acc, a, MPFR_RNDN);
    }
    mpfr_set(L, acc, MPFR_RNDN);
    mpfr_clears(dev, m, t1, acc, a, rest, (mpfr_ptr)0);
    ic_loss_cstats_clear(&s);
}

void unitary_grad(ic_mat *gA, ic_mat *gB, ic_mat *gP, const ic_mat *A,
                  const ic_mat *B, const ic_mat *P, size_t T)
{
    size_t d = A->cols, H = A->rows;
    mpfr_prec_t p = gA->prec + 16;
    ic_mat C, G;
    ic_mat_init(&C, d, d, p, NULL);
    ic_mat_init(&G, d, d, p, NULL);
    ic_mat_mul_tn(&C, B, A);
    ic_loss_cstats s;
    ic_loss_cstats_init(&s, &C, p);
    /* G = dL/dC = 2 S' C + 2 Q (C 1) 1^T - 2 R I with S' = sum(||p||^2 - p_{-2}^2),
     * Q = sum p_{-2}^2, R = sum p_{-1}. */
    mpfr_t S, Q, R, t1;
    mpfr_inits2(p, S, Q, R, t1, (mpfr_ptr)0);
    mpfr_set_zero(S, 1);
    mpfr_set_zero(Q, 1);
    mpfr_set_zero(R, 1);
    for (size_t t = 0; t + 1 < T; t++) {
        ic_loss_row_norm2(t1, P, t);
        mpfr_add(S, S, t1, MPFR_RNDN);
        mpfr_sqr(t1, IC_MAT_AT(P, t, t), MPFR_RNDN);
        mpfr_sub(S, S, t1, MPFR_RNDN);
        mpfr_add(Q, Q, t1, MPFR_RNDN);
        mpfr_add(R, R, IC_MAT_AT(P, t, t + 1), MPFR_RNDN);
    }
    mpfr_t *rs = malloc(d * sizeof *rs);
    for (size_t j = 0; j < d; j++)
        mpfr_init2(rs[j], p);
    ic_loss_row_sums(rs, &C);
    for (size_t j = 0; j < d; j++)
        for (size_t k = 0; k < d; k++) {
            mpfr_mul(IC_MAT_AT(&G, j, k), S, IC_MAT_AT(&C, j, k), MPFR_RNDN);
            mpfr_mul(t1, Q, rs[j], MPFR_RNDN);
            mpfr_add(IC_MAT_AT(&G, j, k), IC_MAT_AT(&G, j, k), t1, MPFR_RNDN);
            if (j == k)
                mpfr_sub(IC_MAT_AT(&G, j, k), IC_MAT_AT(&G, j, k), R, MPFR_RNDN);
            mpfr_mul_2ui(IC_MAT_AT(&G, j, k), IC_MAT_AT(&G, j, k), 1, MPFR_RNDN);
        }
    /* dL/dA = B G, dL/dB = A G^T. */
    ic_mat_mul(gA, B, &G);
    ic_mat_mul_nt(gB, A, &G);
    (void)H;
    ic_mat_zero(gP);
    for (size_t t = 0; t + 1 < T; t++)
        for (size_t k = 0; k <= t + 1; k++) {
            mpfr_srcptr w = (k == t) ? s.c1 : s.f2;
            mpfr_mul(IC_MAT_AT(gP, t, k), IC_MAT_AT(P, t, k), w, MPFR_RNDN);
            mpfr_mul_2ui(IC_MAT_AT(gP, t, k), IC_MAT_AT(gP, t, k), 1, MPFR_RNDN);
            if (k == t + 1) {
                mpfr_mul_2ui(t1, s.tr, 1, MPFR_RNDN);
                mpfr_sub(IC_MAT_AT(gP, t, k), IC_MAT_AT(gP, t, k), t1, MPFR_RNDN);
            }
        }
    for (size_t j = 0; j < d; j++)
        mpfr_clear(rs[j]);
    free(rs);
    mpfr_clears(S, Q, R, t1, (mpfr_ptr)0);
    ic_loss_cstats_clear(&s);
    ic_mat_clear(&C);
    ic_mat_clear(&G);
}
