/* Tests for ic_loss: the shared unitary loss against closed forms, and the
 * model's expectation against the loss formula and a closed form. */
#include <math.h>

#include "expectations/shared_losses.h"
#include "tap.h"

int main(void)
{
    const size_t d = 3, T = 5;
    ic_mat C, P;
    ic_mat_init(&C, d, d, 128, NULL);
    ic_mat_init(&P, T, T, 128, NULL);
    /* C = c I, P with only p_{-1} = x: L = (T-1) d (c x - 1)^2 exactly */
    const double c = 1.5, x = 0.25;
    for (size_t j = 0; j < d; j++)
        mpfr_set_d(IC_MAT_AT(&C, j, j), c, MPFR_RNDN);
    for (size_t t = 0; t + 1 < T; t++)
        mpfr_set_d(IC_MAT_AT(&P, t, t + 1), x, MPFR_RNDN);
    mpfr_t L, A;
    mpfr_inits2(128, L, A, (mpfr_ptr)0);
    ic_loss_unitary_loss(L, &C, &P, T, IC_LOSS_EXACT);
    double want = (double)((T - 1) * d) * (c * x - 1) * (c * x - 1);
    ok(mpfr_cmp_d(L, want) == 0, "ic_loss_unitary_loss: c I, p_{-1} only: (T-1) d (cx-1)^2 = %g", want);
    ok(mpfr_cmp_d(L, 0) > 0, "and positive away from c x = 1");
    /* p_{-2} = q adds q^2 ||C 1||^2 (exact) and q^2 (||C 1||^2 + ||C||_F^2) (authors) per row */
    const double q = 0.5;
    for (size_t t = 0; t + 1 < T; t++)
        mpfr_set_d(IC_MAT_AT(&P, t, t), q, MPFR_RNDN);
    mpfr_set_d(IC_MAT_AT(&C, 0, 1), -2, MPFR_RNDN); /* ||C 1||^2 = (c-2)^2 + 2 c^2, ||C||_F^2 = 3 c^2 + 4 */
    ic_loss_unitary_loss(L, &C, &P, T, IC_LOSS_EXACT);
    ic_loss_unitary_loss(A, &C, &P, T, IC_LOSS_AUTHORS);
    double c1 = (c - 2) * (c - 2) + 2 * c * c, f2 = 3 * c * c + 4, tr = 3 * c;
    double row = x * x * f2 + q * q * c1 - 2 * x * tr + (double)d;
    ok(mpfr_cmp_d(L, (double)(T - 1) * row) == 0, "ic_loss_unitary_loss exact with p_{-2}: %g", (double)(T - 1) * row);
    ok(mpfr_cmp_d(A, (double)(T - 1) * (row + q * q * f2)) == 0, "authors' version adds p_{-2}^2 ||C||_F^2 per row");
    ic_loss_cstats s;
    ic_loss_cstats_init(&s, &C, 128);
    ok(mpfr_cmp_d(s.f2, f2) == 0 && mpfr_cmp_d(s.c1, c1) == 0 && mpfr_cmp_d(s.tr, tr) == 0,
       "ic_loss_cstats: ||C||_F^2, ||C 1||^2, tr C");
    ic_loss_cstats_clear(&s);
    mpfr_t r[3];
    for (int j = 0; j < 3; j++)
        mpfr_init2(r[j], 64);
    ic_loss_row_sums(r, &C);
    ok(mpfr_cmp_d(r[0], c - 2) == 0 && mpfr_cmp_d(r[1], c) == 0 && mpfr_cmp_d(r[2], c) == 0, "ic_loss_row_sums");
    ic_loss_row_norm2(L, &P, 2); /* row 2: entries 0..3: q^2 + x^2 */
    ok(mpfr_cmp_d(L, q * q + x * x) == 0, "ic_loss_row_norm2 over the used entries");
    /* the model's expectation (unitary law) equals the formula: by
     * characters, and by the exact grid */
    long N = -1;
    ic_loss_unitary_loss(A, &C, &P, T, IC_LOSS_EXACT);
    int rc = ic_loss_model_loss(L, &C, &P, T, IC_LOSS_LAW_UNITARY, 0, &N, NULL);
    mpfr_sub(L, L, A, MPFR_RNDN);
    ok(rc == IC_OK && N == 0 && fabs(mpfr_get_d(L, MPFR_RNDN)) < 1e-30,
       "ic_loss_model_loss by characters = ic_loss_unitary_loss (difference %.3g)", mpfr_get_d(L, MPFR_RNDN));
    rc = ic_loss_model_loss(L, &C, &P, T, IC_LOSS_LAW_UNITARY, 1, &N, NULL);
    mpfr_sub(L, L, A, MPFR_RNDN);
    ok(rc == IC_OK && N > 0 && fabs(mpfr_get_d(L, MPFR_RNDN)) < 1e-30,
       "ic_loss_model_loss by a grid of %ld points per angle agrees", N);
    /* pairs law on C = c I, only p_{-1} = x: yhat - s_{t+2} = (c x - 1) s_{t+2},
     * so the loss is (T-1) d (c x - 1)^2 again */
    ic_mat D, Q;
    ic_mat_init(&D, 4, 4, 128, NULL);
    ic_mat_init(&Q, T, T, 128, NULL);
    for (size_t j = 0; j < 4; j++)
        mpfr_set_d(IC_MAT_AT(&D, j, j), c, MPFR_RNDN);
    for (size_t t = 0; t + 1 < T; t++)
        mpfr_set_d(IC_MAT_AT(&Q, t, t + 1), x, MPFR_RNDN);
    rc = ic_loss_model_loss(L, &D, &Q, T, IC_LOSS_LAW_PAIRS, 0, NULL, NULL);
    ok(rc == IC_OK && mpfr_cmp_d(L, (double)((T - 1) * 4) * (c * x - 1) * (c * x - 1)) == 0,
       "ic_loss_model_loss, pairs law: (T-1) d (cx-1)^2");
    /* P residuals of Q (p_{-1} = x, p_{-2} = 0) at c = 1.5 and target -1/2 */
    mpfr_t rn, rq, ro, cc, tg;
    mpfr_inits2(128, rn, rq, ro, cc, tg, (mpfr_ptr)0);
    mpfr_set_d(cc, c, MPFR_RNDN);
    mpfr_set_d(tg, -0.5, MPFR_RNDN);
    mpfr_set_d(IC_MAT_AT(&Q, 3, 1), -0.125, MPFR_RNDN); /* an "other" entry of row 3 */
    ic_loss_p_residuals(rn, rq, ro, &Q, cc, tg, T);
    ok(mpfr_cmp_d(rn, fabs(c * x - 1)) == 0 && mpfr_cmp_d(rq, 0.5) == 0 && mpfr_cmp_d(ro, c * 0.125) == 0,
       "ic_loss_p_residuals: |c p_{-1} - 1|, |c p_{-2} - target|, |c| max |other|");
    mpfr_clears(rn, rq, ro, cc, tg, (mpfr_ptr)0);
    ic_mat_clear(&D);
    ic_mat_clear(&Q);
    for (int j = 0; j < 3; j++)
        mpfr_clear(r[j]);
    mpfr_clears(L, A, (mpfr_ptr)0);
    ic_mat_clear(&C);
    ic_mat_clear(&P);
    mpfr_free_cache();
    return done_testing();
}
