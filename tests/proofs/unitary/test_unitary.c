/* Claim C2/C3: the loss functions against hand-computed values, the
 * identities, and compare on the authors' tensors. */
#include <math.h>
#include <string.h>

#include "numbers/test_points.h"
#include <jansson.h>

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

/* ---------- exact proofs and refutations (exact_forms.c, exact_proofs.c) ---------- */

/* 2 p_{-2}^2 ||C||_F^2: the correction coefficient doubled. */
static int side_correction_doubled(fmpq_mpoly_t out, const ic_exact_vars *v, size_t d, size_t t, void *arg,
                                   ic_err *err)
{
    unitary_exact_correction_row(out, v, d, t, arg, err);
    fmpq_mpoly_scalar_mul_si(out, out, 2, v->ctx);
    return IC_OK;
}

/* The SOS form with p_{-2}^2 ||C 1||^2 replaced by p_{-2}^2 ||C||_F^2. */
static int side_sos_frobenius(fmpq_mpoly_t out, const ic_exact_vars *v, size_t d, size_t t, void *arg, ic_err *err)
{
    unitary_exact_sos_row(out, v, d, t, arg, err);
    ic_exact_cstats s;
    ic_exact_cstats_init(&s, v, d);
    fmpq_mpoly_t q;
    fmpq_mpoly_init(q, v->ctx);
    ic_exact_vars_get(q, v, ic_exact_row_p(d, t));
    fmpq_mpoly_mul(q, q, q, v->ctx);
    fmpq_mpoly_sub(s.f2, s.f2, s.c1, v->ctx);
    fmpq_mpoly_mul(q, q, s.f2, v->ctx);
    fmpq_mpoly_add(out, out, q, v->ctx);
    fmpq_mpoly_clear(q, v->ctx);
    ic_exact_cstats_clear(&s);
    return IC_OK;
}

/* The exact gradient formula with Q (C 1) 1^T replaced by Q C. */
static int grad_frobenius(fmpq_mpoly_struct *out, const ic_exact_vars *v, size_t d, size_t t, void *arg, ic_err *err)
{
    int exact = IC_EXACT_LOSS_EXACT;
    unitary_exact_grad_row(out, v, d, t, &exact, err);
    ic_exact_cstats s;
    ic_exact_cstats_init(&s, v, d);
    fmpq_mpoly_t q, u;
    fmpq_mpoly_init(q, v->ctx);
    fmpq_mpoly_init(u, v->ctx);
    ic_exact_vars_get(q, v, ic_exact_row_p(d, t));
    fmpq_mpoly_mul(q, q, q, v->ctx);
    for (size_t j = 0; j < d; j++)
        for (size_t k = 0; k < d; k++) {
            fmpq_mpoly_sub(u, s.c + j * d + k, s.r + j, v->ctx);
            fmpq_mpoly_mul(u, u, q, v->ctx);
            fmpq_mpoly_scalar_mul_si(u, u, 2, v->ctx);
            fmpq_mpoly_add(out + ic_exact_row_c(d, j, k), out + ic_exact_row_c(d, j, k), u, v->ctx);
        }
    fmpq_mpoly_clear(q, v->ctx);
    fmpq_mpoly_clear(u, v->ctx);
    ic_exact_cstats_clear(&s);
    return IC_OK;
}

static void test_exact_proofs(void)
{
    ic_exact_plan sym = { 1, 0, 0, NULL };
    unitary_exact ux;
    ic_exact_result *all[] = { &ux.model, &ux.sos, &ux.excess, &ux.grad, &ux.family };
    for (int i = 0; i < 5; i++)
        ic_exact_result_init(all[i]);
    int rc = 0;
    for (size_t d = 1; d <= 4 && !rc; d++)
        for (size_t T = 2; T <= 5 && !rc; T++)
            rc = unitary_exact_identities(&ux, d, T, &sym, NULL);
    ok(!rc && !ux.model.failed && !ux.sos.failed && !ux.excess.failed && !ux.grad.failed &&
           ux.model.rows == 40 && ux.grad.rows == 80,
       "(a)-(d) proved as polynomials for d <= 4, T <= 5 (40 rows; both gradients)");
    for (size_t H = 1; H <= 5 && !rc; H++)
        rc = unitary_exact_minimiser(&ux.family, 4, H, 5, (long)(4 * (H < 4 ? 4 - H : 0)), NULL);
    ok(!rc && !ux.family.failed && ux.family.diff_terms == 0, "(e) minimiser of (4, H, 5), H = 1..5: value (T-1)(d-H) "
       "and zero gradient as rational functions of c");
    for (int i = 0; i < 5; i++)
        ic_exact_result_clear(all[i]);

    /* refutations: each wrong statement fails, with its smallest (d, T) and exact discrepancy */
    ic_exact_result r;
    ic_exact_result_init(&r);
    int found = ic_exact_find_counterexample(&r, 1, 1, 4, 5, unitary_exact_excess_row, NULL, side_correction_doubled,
                                             NULL, NULL);
    ok(found == 1 && r.fail_d == 1 && r.fail_T == 2 && r.fail_text && strcmp(r.fail_text, "-C0_0^2*P0_0^2") == 0,
       "correction doubled: refuted first at (d, T) = (%zu, %zu), (authors - exact) - 2 p^2 ||C||^2 = %s", r.fail_d,
       r.fail_T, r.fail_text ? r.fail_text : "(none)");
    ic_exact_result_clear(&r);
    ic_exact_result_init(&r);
    int exact = IC_EXACT_LOSS_EXACT;
    found = ic_exact_find_counterexample(&r, 1, 1, 4, 5, ic_exact_side_unitary_loss, &exact, side_sos_frobenius, NULL,
                                         NULL);
    ok(found == 1 && r.fail_d == 2 && r.fail_T == 2 && strstr(r.fail_text, "C0_0*C0_1*P0_0^2"),
       "SOS with ||C 1||^2 -> ||C||_F^2: refuted first at (2, 2) (they agree at d = 1): %s",
       r.fail_text ? r.fail_text : "(none)");
    ic_exact_result_clear(&r);
    ic_exact_result_init(&r);
    ic_exact_row_gradient(&r, 2, 3, ic_exact_side_unitary_loss, &exact, grad_frobenius, NULL, &sym, NULL);
    ok(r.failed && r.fail_t == 0 && strncmp(r.fail_text, "d/dC0_", 6) == 0,
       "gradient with Q (C 1) 1^T -> Q C: refuted at (2, 3): %s", r.fail_text);
    ic_exact_result_clear(&r);
    ic_exact_result_init(&r);
    unitary_exact_minimiser(&r, 4, 3, 5, 4 * (4 - 3 + 1), NULL);
    ok(r.failed && strstr(r.fail_text, "(d, H, T) = (4, 3, 5)") && strstr(r.fail_text, "= -4"),
       "claimed minimum (T-1)(d-H+1) refuted: %s", r.fail_text);
    ic_exact_result_clear(&r);
    /* C3 by exact linear algebra */
    fmpq_t c;
    fmpq_init(c);
    fmpq_set_si(c, -5, 4);
    ic_exact_rand rand;
    ic_exact_rand_init(&rand, 1);
    ok(unitary_exact_biorthogonal(5, c, &rand) == 1, "C3: B = c M^{-T} gives B^T A = c I and A B^T = c I exactly");
    long pts = 0, viol = 0;
    unitary_exact_lower_bound(&pts, &viol, 4, 2, 4, c, 6, &rand, NULL);
    ok(pts == 6 && viol == 0, "L_U >= (T-1)(d-H) at 6 exact points of rank 2 (d = 4)");
    ic_exact_rand_clear(&rand);
    fmpq_clear(c);
}

/* Runs verify on a small sweep; returns the certificate. */
static ic_cert *verify_small(const char *work)
{
    ic_param_set p;
    ic_err e;
    ic_param_init(&p, unitary_claim.verify_params, &e);
    ic_param_set_value(&p, "d", "2,3", "test", &e);
    ic_param_set_value(&p, "H", "1,3", "test", &e);
    ic_param_set_value(&p, "T", "3,4", "test", &e);
    ic_param_set_value(&p, "symbolic-work", work, "test", &e);
    ic_cert *cert = NULL;
    if (ic_claim_run(&unitary_claim, "verify", &p, NULL, &cert, &e))
        diag("verify failed: %s", e.msg);
    ic_param_clear(&p);
    return cert;
}

static const char *proof_of(ic_cert *cert, const char *name, const char *field)
{
    size_t i;
    json_t *ck;
    json_array_foreach(json_object_get(ic_cert_json(cert), "checks"), i, ck)
        if (strcmp(json_string_value(json_object_get(ck, "name")), name) == 0)
            return json_string_value(json_object_get(json_object_get(ck, "proof"), field));
    return "";
}

static void test_verify_labels(void)
{
    ic_cert *cert = verify_small("16000000");
    ok(cert && strcmp(ic_cert_verdict(cert), "pass") == 0, "verify on a small sweep passes");
    if (!cert)
        return;
    int kinds = strcmp(proof_of(cert, "loss_formula_vs_model", "kind"), "symbolic") == 0 &&
                strcmp(proof_of(cert, "sum_of_squares_identity", "kind"), "symbolic") == 0 &&
                strcmp(proof_of(cert, "authors_loss_correction", "kind"), "symbolic") == 0 &&
                strcmp(proof_of(cert, "gradient", "kind"), "symbolic") == 0 &&
                strcmp(proof_of(cert, "minimum_value", "kind"), "symbolic") == 0 &&
                strcmp(proof_of(cert, "heads_biorthogonal", "kind"), "exact") == 0 &&
                strcmp(proof_of(cert, "lower_bound_H_lt_d", "kind"), "paper") == 0 &&
                strcmp(proof_of(cert, "gradient_sampled", "kind"), "numeric") == 0;
    ok(kinds, "proof kinds: identities and family symbolic, C3 exact, lower bound paper, MPFR numeric");
    ok(strstr(proof_of(cert, "loss_formula_vs_model", "method"), "fmpq_mpoly identity") &&
           strstr(proof_of(cert, "gradient_sampled", "method"), "sampled cross-check"),
       "methods name the polynomial identity and the sampled cross-check");
    ic_cert_free(cert);
    cert = verify_small("0");
    ok(cert && strcmp(ic_cert_verdict(cert), "pass") == 0 &&
           strcmp(proof_of(cert, "loss_formula_vs_model", "kind"), "exact") == 0 &&
           strstr(proof_of(cert, "loss_formula_vs_model", "method"), "Schwartz-Zippel") &&
           strstr(proof_of(cert, "gradient", "method"), "five-point stencil"),
       "--symbolic-work 0: the identities by exact evaluation, kind exact with the Schwartz-Zippel bound");
    ic_cert_free(cert);
}

int main(void)
{
    test_exact_proofs();
    test_verify_labels();
    test_hand_values();
    test_minimiser(3, 3, 4);
    test_minimiser(4, 6, 5);
    test_minimiser(4, 3, 9);
    test_minimiser(5, 1, 3);
    test_identities();
    test_authors();
    return done_testing();
}
