/* Claim C2/C3: the loss functions against hand-computed values, the
 * identities, and compare on the authors' tensors. */
#include <math.h>
#include <string.h>

#include "numbers/test_points.h"
#include "tap.h"
#include "unitary/unitary.h"

#define PREC 256

static double loss_d(const ic_mat *C, const ic_mat *P, size_t T, int which)
{
    mpfr_t L;
    mpfr_init2(L, PREC);
    ic_loss_unitary_loss(L, C, P, T, which);
    double v = mpfr_get_d(L, MPFR_RNDN);
    mpfr_clear(L);
    return v;
}

static void test_hand_values(void)
{
    /* d = 1, T = 2: E|p0 C + (p1 C - 1) z^2|^2 = p0^2 C^2 + (p1 C - 1)^2. */
    ic_mat C, P;
    ic_mat_init(&C, 1, 1, PREC, NULL);
    ic_mat_init(&P, 2, 2, PREC, NULL);
    mpfr_set_d(IC_MAT_AT(&C, 0, 0), 2.0, MPFR_RNDN);
    mpfr_set_d(IC_MAT_AT(&P, 0, 0), 0.5, MPFR_RNDN);
    mpfr_set_d(IC_MAT_AT(&P, 0, 1), 0.25, MPFR_RNDN);
    mpfr_set_d(IC_MAT_AT(&P, 1, 0), 7.0, MPFR_RNDN); /* unused row: must not matter */
    ok(loss_d(&C, &P, 2, IC_LOSS_EXACT) == 1.25, "d=1, T=2 hand value 1.25");
    /* authors' formula adds p_{-2}^2 ||C||^2 = 0.25 * 4 = 1 */
    ok(loss_d(&C, &P, 2, IC_LOSS_AUTHORS) == 2.25, "authors' formula exceeds it by p_{-2}^2 ||C||_F^2 = 1");
    mpfr_t M;
    mpfr_init2(M, PREC);
    ic_loss_model_loss(M, &C, &P, 2, IC_LOSS_LAW_UNITARY, 0, NULL, NULL);
    ok(mpfr_cmp_d(M, 1.25) == 0, "model expectation by characters gives 1.25 too");
    unitary_loss_sos(M, &C, &P, 2);
    ok(mpfr_cmp_d(M, 1.25) == 0, "sum-of-squares form gives 1.25");
    mpfr_clear(M);
    ic_mat_clear(&C);
    ic_mat_clear(&P);
}

static void test_minimiser(size_t d, size_t H, size_t T)
{
    ic_mat A, B, C, P, gA, gB, gP;
    ic_mat_init(&A, H, d, PREC, NULL);
    ic_mat_init(&B, H, d, PREC, NULL);
    ic_mat_init(&C, d, d, PREC, NULL);
    ic_mat_init(&P, T, T, PREC, NULL);
    ic_mat_init(&gA, H, d, PREC, NULL);
    ic_mat_init(&gB, H, d, PREC, NULL);
    ic_mat_init(&gP, T, T, PREC, NULL);
    size_t r = H < d ? H : d;
    for (size_t h = 0; h < r; h++) {
        mpfr_set_d(IC_MAT_AT(&A, h, h), 1.0, MPFR_RNDN);
        mpfr_set_d(IC_MAT_AT(&B, h, h), -2.0, MPFR_RNDN); /* c = -2, 1/c = -0.5 exact */
    }
    for (size_t t = 0; t + 1 < T; t++)
        mpfr_set_d(IC_MAT_AT(&P, t, t + 1), -0.5, MPFR_RNDN);
    mpfr_set_d(IC_MAT_AT(&P, T - 1, 0), 3.0, MPFR_RNDN); /* unused */
    ic_mat_mul_tn(&C, &B, &A);
    double want = (double)((T - 1) * (d - r));
    ok(loss_d(&C, &P, T, IC_LOSS_EXACT) == want, "d=%zu H=%zu T=%zu: minimum (T-1)max(d-H,0) = %g exactly",
       d, H, T, want);
    unitary_grad(&gA, &gB, &gP, &A, &B, &P, T);
    mpfr_t g;
    mpfr_init2(g, PREC);
    ic_mat_max_abs(g, &gA);
    int zero = mpfr_zero_p(g);
    ic_mat_max_abs(g, &gB);
    zero = zero && mpfr_zero_p(g);
    ic_mat_max_abs(g, &gP);
    zero = zero && mpfr_zero_p(g);
    ok(zero, "d=%zu H=%zu T=%zu: gradient exactly zero at the construction", d, H, T);
    /* Moving p_{-2} off zero raises the loss: the family is exactly p_{-2} = 0. */
    mpfr_set_d(IC_MAT_AT(&P, 0, 0), 0.125, MPFR_RNDN);
    ok(loss_d(&C, &P, T, IC_LOSS_EXACT) > want, "p_{-2} != 0 raises the loss");
    mpfr_clear(g);
    ic_mat_clear(&A);
    ic_mat_clear(&B);
    ic_mat_clear(&C);
    ic_mat_clear(&P);
    ic_mat_clear(&gA);
    ic_mat_clear(&gB);
    ic_mat_clear(&gP);
}

static void test_identities(void)
{
    ic_testpoint_state rs;
    ic_testpoint_init(&rs, 3);
    int good = 1;
    for (int k = 0; k < 6; k++) {
        size_t d = 1 + (size_t)ic_testpoint_int(&rs, 0, 4), T = 2 + (size_t)ic_testpoint_int(&rs, 0, 5);
        ic_mat C, P;
        ic_mat_init(&C, d, d, PREC, NULL);
        ic_mat_init(&P, T, T, PREC, NULL);
        ic_testpoint_dyadic_mat(&C, &rs);
        ic_testpoint_dyadic_mat(&P, &rs);
        mpfr_t a, b, c;
        mpfr_inits2(PREC, a, b, c, (mpfr_ptr)0);
        ic_loss_unitary_loss(a, &C, &P, T, IC_LOSS_EXACT);
        ic_loss_model_loss(b, &C, &P, T, IC_LOSS_LAW_UNITARY, 0, NULL, NULL);
        unitary_loss_sos(c, &C, &P, T);
        mpfr_sub(b, b, a, MPFR_RNDN);
        mpfr_sub(c, c, a, MPFR_RNDN);
        if (mpfr_cmpabs_ui(b, 0) > 0 && mpfr_get_exp(b) > mpfr_get_exp(a) - 240)
            good = 0;
        if (mpfr_cmpabs_ui(c, 0) > 0 && mpfr_get_exp(c) > mpfr_get_exp(a) - 240)
            good = 0;
        mpfr_clears(a, b, c, (mpfr_ptr)0);
        ic_mat_clear(&C);
        ic_mat_clear(&P);
    }
    ok(good, "formula = model expectation = SOS form to 2^-240 relative at 6 random points");
    ic_testpoint_clear(&rs);
}

static ic_cert *compare(const char *P, const char *tol)
{
    ic_param_set p;
    ic_err e;
    ic_param_init(&p, unitary_claim.compare_params, &e);
    ic_param_set_value(&p, "A", srcpath("cases/data/sander2024/A_unitary.npy"), "test", &e);
    ic_param_set_value(&p, "B", srcpath("cases/data/sander2024/B_unitary.npy"), "test", &e);
    ic_param_set_value(&p, "P", srcpath(P), "test", &e);
    if (tol)
        ic_param_set_value(&p, "tol", tol, "test", &e);
    ic_cert *cert = NULL;
    if (ic_claim_run(&unitary_claim, "compare", &p, NULL, &cert, &e))
        diag("compare failed: %s", e.msg);
    ic_param_clear(&p);
    return cert;
}

static const char *value_of(ic_cert *cert, const char *name)
{
    size_t i;
    json_t *ck;
    json_array_foreach(json_object_get(ic_cert_json(cert), "checks"), i, ck)
        if (strcmp(json_string_value(json_object_get(ck, "name")), name) == 0)
            return json_string_value(json_object_get(ck, "value"));
    return "nan";
}

static void test_authors(void)
{
    ic_cert *cert = compare("cases/data/sander2024/P_unitary.npy", NULL);
    ok(cert && strcmp(ic_cert_verdict(cert), "pass") == 0, "authors' unitary tensors pass at tol 1e-5");
    if (!cert)
        return;
    /* Reference values from an independent float64 computation (numpy). */
    double c = atof(value_of(cert, "c"));
    ok(fabs(c + 1.2018008151656088) < 1e-13, "c = tr(B^T A)/d = %.16g", c);
    double r = atof(value_of(cert, "C_identity_residual"));
    ok(fabs(r / 1.4796175348737219e-07 - 1) < 1e-6, "||C - cI||/|c| = %.10g", r);
    double L = atof(value_of(cert, "loss"));
    ok(L > 0 && L < 2e-12, "exact loss at the authors' weights is tiny and positive: %g", L);
    /* |lambda - c| <= ||C - cI||_2 <= ||C - cI||_F: the proven bound must lie below it. */
    double sd = atof(value_of(cert, "C_spectrum_clusters"));
    ok(sd > 0 && sd <= 1.4796175348737219e-07 * (1 + 1e-6), "spectrum of C within %.3g |c| of c", sd);
    ic_cert_free(cert);
    cert = compare("cases/data/sander2024/P_unitary.npy", "1e-8");
    ok(cert && strcmp(ic_cert_verdict(cert), "fail") == 0, "at tol 1e-8 the unconverged residuals fail");
    ic_cert_free(cert);
    cert = compare("cases/data/sander2024/P_unitary_perturbed.npy", NULL);
    ok(cert && strcmp(ic_cert_verdict(cert), "fail") == 0, "perturbed P fails");
    double rp = cert ? atof(value_of(cert, "P_newest_key")) : 0;
    ok(fabs(rp - 0.01) < 1e-4, "the perturbation shows as c P[7,8] - 1 = %.6g", rp);
    ic_cert_free(cert);
    /* Shape mismatch is an input error naming the file. */
    ic_param_set p;
    ic_err e;
    ic_param_init(&p, unitary_claim.compare_params, &e);
    ic_param_set_value(&p, "A", srcpath("cases/data/sander2024/A_unitary.npy"), "test", &e);
    ic_param_set_value(&p, "B", srcpath("cases/data/sander2024/P_unitary.npy"), "test", &e);
    ic_param_set_value(&p, "P", srcpath("cases/data/sander2024/P_unitary.npy"), "test", &e);
    int rc = ic_claim_run(&unitary_claim, "compare", &p, NULL, &cert, &e);
    ok(rc == IC_EINPUT && strstr(e.msg, "P_unitary.npy") && strstr(e.msg, "shape"), "B of the wrong shape: %s", e.msg);
    ic_param_clear(&p);
}

int main(void)
{
    test_hand_values();
    test_minimiser(3, 3, 4);
    test_minimiser(4, 6, 5);
    test_minimiser(4, 3, 9);
    test_minimiser(5, 1, 3);
    test_identities();
    test_authors();
    return done_testing();
}
