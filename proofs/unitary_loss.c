/* The unitary loss's sum-of-squares form and its gradient; L_U itself and
 * the model's exact expectation are in src/icl.c, shared with the
 * orthogonal claim.  All at the precision of the output. */
#include <stdlib.h>

#include "icl.h"
#include "unitary.h"

void unitary_loss_sos(mpfr_ptr L, const icm_mat *C, const icm_mat *P, size_t T)
{
    mpfr_prec_t p = mpfr_get_prec(L) + 16;
    size_t d = C->rows;
    icl_cstats s;
    icl_cstats_init(&s, C, p);
    /* ||C - (tr C / d) I||_F^2 = ||C||_F^2 - tr(C)^2 / d, computed from the
     * entries so the identity is tested, not assumed. */
    mpfr_t dev, m, t1, acc, a, rest;
    mpfr_inits2(p, dev, m, t1, acc, a, rest, (mpfr_ptr)0);
    mpfr_div_ui(m, s.tr, d, MPFR_RNDN);
    mpfr_set_zero(dev, 1);
    for (size_t j = 0; j < d; j++)
        for (size_t k = 0; k < d; k++) {
            mpfr_set(t1, ICM(C, j, k), MPFR_RNDN);
            if (j == k)
                mpfr_sub(t1, t1, m, MPFR_RNDN);
            mpfr_sqr(t1, t1, MPFR_RNDN);
            mpfr_add(dev, dev, t1, MPFR_RNDN);
        }
    mpfr_set_zero(acc, 1);
    for (size_t t = 0; t + 1 < T; t++) {
        mpfr_set_zero(rest, 1);
        for (size_t k = 0; k < t; k++) {            /* entries other than p_{-1}, p_{-2} */
            mpfr_sqr(t1, ICM(P, t, k), MPFR_RNDN);
            mpfr_add(rest, rest, t1, MPFR_RNDN);
        }
        mpfr_mul(t1, rest, s.f2, MPFR_RNDN);
        mpfr_add(acc, acc, t1, MPFR_RNDN);
        mpfr_sqr(t1, ICM(P, t, t), MPFR_RNDN);
        mpfr_mul(t1, t1, s.c1, MPFR_RNDN);
        mpfr_add(acc, acc, t1, MPFR_RNDN);
        mpfr_sqr(t1, ICM(P, t, t + 1), MPFR_RNDN);
        mpfr_mul(t1, t1, dev, MPFR_RNDN);
        mpfr_add(acc, acc, t1, MPFR_RNDN);
        /* (p_{-1} tr C - d)^2 / d */
        mpfr_mul(a, ICM(P, t, t + 1), s.tr, MPFR_RNDN);
        mpfr_sub_ui(a, a, d, MPFR_RNDN);
        mpfr_sqr(a, a, MPFR_RNDN);
        mpfr_div_ui(a, a, d, MPFR_RNDN);
        mpfr_add(acc, acc, a, MPFR_RNDN);
    }
    mpfr_set(L, acc, MPFR_RNDN);
    mpfr_clears(dev, m, t1, acc, a, rest, (mpfr_ptr)0);
    icl_cstats_clear(&s);
}

void unitary_grad(icm_mat *gA, icm_mat *gB, icm_mat *gP, const icm_mat *A,
                  const icm_mat *B, const icm_mat *P, size_t T)
{
    size_t d = A->cols, H = A->rows;
    mpfr_prec_t p = gA->prec + 16;
    icm_mat C, G;
    icm_init(&C, d, d, p, NULL);
    icm_init(&G, d, d, p, NULL);
    icm_mul_tn(&C, B, A);
    icl_cstats s;
    icl_cstats_init(&s, &C, p);
    /* G = dL/dC = 2 S' C + 2 Q (C 1) 1^T - 2 R I with S' = sum(||p||^2 - p_{-2}^2),
     * Q = sum p_{-2}^2, R = sum p_{-1}. */
    mpfr_t S, Q, R, t1;
    mpfr_inits2(p, S, Q, R, t1, (mpfr_ptr)0);
    mpfr_set_zero(S, 1);
    mpfr_set_zero(Q, 1);
    mpfr_set_zero(R, 1);
    for (size_t t = 0; t + 1 < T; t++) {
        icl_row_norm2(t1, P, t);
        mpfr_add(S, S, t1, MPFR_RNDN);
        mpfr_sqr(t1, ICM(P, t, t), MPFR_RNDN);
        mpfr_sub(S, S, t1, MPFR_RNDN);
        mpfr_add(Q, Q, t1, MPFR_RNDN);
        mpfr_add(R, R, ICM(P, t, t + 1), MPFR_RNDN);
    }
    mpfr_t *rs = malloc(d * sizeof *rs);
    for (size_t j = 0; j < d; j++)
        mpfr_init2(rs[j], p);
    icl_row_sums(rs, &C);
    for (size_t j = 0; j < d; j++)
        for (size_t k = 0; k < d; k++) {
            mpfr_mul(ICM(&G, j, k), S, ICM(&C, j, k), MPFR_RNDN);
            mpfr_mul(t1, Q, rs[j], MPFR_RNDN);
            mpfr_add(ICM(&G, j, k), ICM(&G, j, k), t1, MPFR_RNDN);
            if (j == k)
                mpfr_sub(ICM(&G, j, k), ICM(&G, j, k), R, MPFR_RNDN);
            mpfr_mul_2ui(ICM(&G, j, k), ICM(&G, j, k), 1, MPFR_RNDN);
        }
    /* dL/dA = B G, dL/dB = A G^T. */
    icm_mul(gA, B, &G);
    icm_mul_nt(gB, A, &G);
    (void)H;
    icm_zero(gP);
    for (size_t t = 0; t + 1 < T; t++)
        for (size_t k = 0; k <= t + 1; k++) {
            mpfr_srcptr w = (k == t) ? s.c1 : s.f2;
            mpfr_mul(ICM(gP, t, k), ICM(P, t, k), w, MPFR_RNDN);
            mpfr_mul_2ui(ICM(gP, t, k), ICM(gP, t, k), 1, MPFR_RNDN);
            if (k == t + 1) {
                mpfr_mul_2ui(t1, s.tr, 1, MPFR_RNDN);
                mpfr_sub(ICM(gP, t, k), ICM(gP, t, k), t1, MPFR_RNDN);
            }
        }
    for (size_t j = 0; j < d; j++)
        mpfr_clear(rs[j]);
    free(rs);
    mpfr_clears(S, Q, R, t1, (mpfr_ptr)0);
    icl_cstats_clear(&s);
    icm_clear(&C);
    icm_clear(&G);
}
