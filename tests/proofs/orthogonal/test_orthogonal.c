/* Claim C4: the orthogonal loss against a hand-computed value, the two
 * expectation routes, the zero-loss family, the heads construction, the
 * gradient, and compare/verify on the authors' tensors and bad inputs. */
#include <math.h>
#include <string.h>

#include "numbers/test_points.h"
#include "orthogonal/orthogonal.h"
#include "expectations/shared_losses.h"
#include "tap.h"

#define PREC 256

static double get(mpfr_srcptr x)
{
    return mpfr_get_d(x, MPFR_RNDN);
}

static void test_hand_value(void)
{
    /* d = 2, T = 2, C = [[2,3],[5,7]], p = (p_{-2}, p_{-1}) = (1/2, 1/4):
     * E|e_0|^2 = (p0 r0 + p1 C01)^2 + (p1 C00 - 1)^2 = 3.25^2 + 0.25,
     * E|e_1|^2 = (p0 r1 + p1 C10)^2 + (p1 C11 - 1)^2 = 7.25^2 + 0.5625. */
    ic_mat C, P;
    ic_mat_init(&C, 2, 2, PREC, NULL);
    ic_mat_init(&P, 2, 2, PREC, NULL);
    double c[4] = { 2, 3, 5, 7 }, p[4] = { 0.5, 0.25, 99, -99 };
    ic_mat_set_d(&C, c);
    ic_mat_set_d(&P, p);
    mpfr_t L;
    mpfr_init2(L, PREC);
    ortho_loss(L, &C, &P, 2);
    ok(get(L) == 63.9375, "L_O hand value 63.9375 (got %.17g)", get(L));
    ortho_loss_sos(L, &C, &P, 2);
    ok(get(L) == 63.9375, "sum-of-squares form gives 63.9375");
    long N = -1;
    ok(ic_loss_model_loss(L, &C, &P, 2, IC_LOSS_LAW_PAIRS, 0, &N, NULL) == IC_OK && get(L) == 63.9375 && N == 0,
       "model by characters gives 63.9375");
    /* Exponents of z in e_j are 0 and +-2: a grid of N = 3 points is exact. */
    int rc = ic_loss_model_loss(L, &C, &P, 2, IC_LOSS_LAW_PAIRS, 1, &N, NULL);
    ok(rc == IC_OK && fabs(get(L) - 63.9375) < 1e-60 && N == 3, "model by grid quadrature (N = %ld) gives 63.9375", N);
    /* Unitary data, same weights: (||p||^2 - p0^2) ||C||^2 + p0^2 ||C1||^2 - 2 tr C p1 + d. */
    ic_loss_unitary_loss(L, &C, &P, 2, IC_LOSS_EXACT);
    ok(get(L) == 45.1875, "L_U hand value 45.1875");
    ic_loss_model_loss(L, &C, &P, 2, IC_LOSS_LAW_UNITARY, 1, &N, NULL);
    ok(fabs(get(L) - 45.1875) < 1e-60, "unitary model by grid gives 45.1875");
    ic_loss_unitary_loss(L, &C, &P, 2, IC_LOSS_AUTHORS);
    ok(get(L) == 45.1875 + 0.25 * 87, "authors' unitary formula adds p_{-2}^2 ||C||_F^2 = 21.75");
    mpfr_clear(L);
    ic_mat_clear(&C);
    ic_mat_clear(&P);
}

static void test_routes_discriminate(void)
{
    /* At a random point the orthogonal and the unitary expectations differ,
     * so agreement of formula and quadrature is not automatic. */
    ic_testpoint_state rs;
    ic_testpoint_init(&rs, 7);
    ic_mat C, P;
    ic_mat_init(&C, 4, 4, PREC, NULL);
    ic_mat_init(&P, 3, 3, PREC, NULL);
    ic_testpoint_dyadic_mat(&C, &rs);
    ic_testpoint_dyadic_mat(&P, &rs);
    mpfr_t L, G, U;
    mpfr_inits2(PREC, L, G, U, (mpfr_ptr)0);
    ortho_loss(L, &C, &P, 3);
    ic_loss_model_loss(G, &C, &P, 3, IC_LOSS_LAW_PAIRS, 1, NULL, NULL);
    ic_loss_model_loss(U, &C, &P, 3, IC_LOSS_LAW_UNITARY, 0, NULL, NULL);
    mpfr_sub(G, G, L, MPFR_RNDN);
    ok(mpfr_cmpabs_ui(G, 0) == 0 || fabs(get(G)) < 1e-50 * fabs(get(L)), "d = 4, T = 3: L_O = grid quadrature");
    ok(fabs(get(U) - get(L)) > 1e-3 * fabs(get(L)), "the unitary expectation differs (%g vs %g)", get(U), get(L));
    ortho_loss_sos(G, &C, &P, 3);
    ok(fabs(get(G) - get(L)) <= 1e-60 * fabs(get(L)), "sum-of-squares form equals L_O");
    mpfr_clears(L, G, U, (mpfr_ptr)0);
    ic_mat_clear(&C);
    ic_mat_clear(&P);
    ic_testpoint_clear(&rs);
}

static void test_family_and_heads(void)
{
    /* C = cI + eS with c = 2, e = -1: p_{-1} = 1/2, p_{-2} = -e/(c(c+e)) = 1/2. */
    size_t d = 4, T = 5;
    ic_mat C, P, gC, gP;
    ic_mat_init(&C, d, d, PREC, NULL);
    ic_mat_init(&P, T, T, PREC, NULL);
    ic_mat_init(&gC, d, d, PREC, NULL);
    ic_mat_init(&gP, T, T, PREC, NULL);
    for (size_t j = 0; j < d; j++) {
        mpfr_set_si(IC_MAT_AT(&C, j, j), 2, MPFR_RNDN);
        mpfr_set_si(IC_MAT_AT(&C, j, j ^ 1), -1, MPFR_RNDN);
    }
    for (size_t t = 0; t + 1 < T; t++) {
        mpfr_set_d(IC_MAT_AT(&P, t, t + 1), 0.5, MPFR_RNDN);
        mpfr_set_d(IC_MAT_AT(&P, t, t), 0.5, MPFR_RNDN);
    }
    mpfr_set_d(IC_MAT_AT(&P, T - 1, 0), 123, MPFR_RNDN);  /* unused: must not matter */
    mpfr_t L, g;
    mpfr_inits2(PREC, L, g, (mpfr_ptr)0);
    ortho_loss(L, &C, &P, T);
    ok(mpfr_zero_p(L), "family member c = 2, e = -1 has L_O = 0 exactly");
    ic_loss_model_loss(L, &C, &P, T, IC_LOSS_LAW_PAIRS, 0, NULL, NULL);
    ok(mpfr_zero_p(L), "and model expectation 0");
    ortho_grad_cp(&gC, &gP, &C, &P, T);
    ic_mat_max_abs(g, &gC);
    ok(mpfr_zero_p(g), "dL/dC = 0 on the family");
    ic_mat_max_abs(g, &gP);
    ok(mpfr_zero_p(g), "dL/dP = 0 on the family");
    mpfr_set_si(IC_MAT_AT(&C, 0, 1), -2, MPFR_RNDN);  /* e differs in block 0 */
    mpfr_set_si(IC_MAT_AT(&C, 1, 0), -2, MPFR_RNDN);
    ortho_loss(L, &C, &P, T);
    ok(get(L) > 1, "e changed in one block: L_O = %g > 0", get(L));

    /* Heads: d = 6, H = 1, T = 4, one pair solved: loss (T-1)(d-2H) = 12. */
    size_t H = 1;
    d = 6;
    T = 4;
    ic_mat A, B, C6, P4, gA, gB, gP4;
    ic_mat_init(&A, H, d, PREC, NULL);
    ic_mat_init(&B, H, d, PREC, NULL);
    ic_mat_init(&C6, d, d, PREC, NULL);
    ic_mat_init(&P4, T, T, PREC, NULL);
    ic_mat_init(&gA, H, d, PREC, NULL);
    ic_mat_init(&gB, H, d, PREC, NULL);
    ic_mat_init(&gP4, T, T, PREC, NULL);
    mpfr_set_si(IC_MAT_AT(&A, 0, 0), 1, MPFR_RNDN);
    mpfr_set_si(IC_MAT_AT(&A, 0, 1), 1, MPFR_RNDN);
    mpfr_set_si(IC_MAT_AT(&B, 0, 0), 4, MPFR_RNDN);
    mpfr_set_si(IC_MAT_AT(&B, 0, 1), 4, MPFR_RNDN);   /* c = 4 */
    for (size_t t = 0; t + 1 < T; t++) {
        mpfr_set_d(IC_MAT_AT(&P4, t, t + 1), 0.25, MPFR_RNDN);
        mpfr_set_d(IC_MAT_AT(&P4, t, t), -0.125, MPFR_RNDN);
    }
    ic_mat_mul_tn(&C6, &B, &A);
    ortho_loss(L, &C6, &P4, T);
    ok(get(L) == 12, "one head solving one of 3 pairs: L_O = (T-1)(d-2H) = 12 (got %g)", get(L));
    ic_loss_model_loss(L, &C6, &P4, T, IC_LOSS_LAW_PAIRS, 1, NULL, NULL);
    ok(fabs(get(L) - 12) < 1e-60, "grid quadrature agrees");
    ortho_grad(&gA, &gB, &gP4, &A, &B, &P4, T);
    ic_mat_max_abs(g, &gA);
    double ga = get(g);
    ic_mat_max_abs(g, &gB);
    double gb = get(g);
    ic_mat_max_abs(g, &gP4);
    ok(ga == 0 && gb == 0 && get(g) == 0, "and it is a critical point in (A, B, P)");
    /* Moving towards the second pair cannot go below 12 (lower bound). */
    mpfr_set_d(IC_MAT_AT(&A, 0, 2), 0.01, MPFR_RNDN);
    mpfr_set_d(IC_MAT_AT(&B, 0, 3), 0.01, MPFR_RNDN);
    ic_mat_mul_tn(&C6, &B, &A);
    ortho_loss(L, &C6, &P4, T);
    ok(get(L) >= 12, "a perturbed point stays >= 12 (%.17g)", get(L));
    mpfr_clears(L, g, (mpfr_ptr)0);
    ic_mat_clear(&C);
    ic_mat_clear(&P);
    ic_mat_clear(&gC);
    ic_mat_clear(&gP);
    ic_mat_clear(&A);
    ic_mat_clear(&B);
    ic_mat_clear(&C6);
    ic_mat_clear(&P4);
    ic_mat_clear(&gA);
    ic_mat_clear(&gB);
    ic_mat_clear(&gP4);
}

/* Runs claim mode with name=value pairs; returns the code, *verdict set on IC_OK. */
static int run_mode(const char *mode, const char *const *kv, char *verdict, ic_cert **keep)
{
    ic_param_set p;
    ic_err err;
    ic_err_clear(&err);
    ic_param_init(&p, ic_claim_params(&orthogonal_claim, mode), &err);
    int rc = IC_OK;
    for (size_t i = 0; kv[i] && !rc; i += 2)
        rc = ic_param_set_value(&p, kv[i], kv[i + 1], "test", &err);
    ic_cert *cert = NULL;
    if (!rc)
        rc = ic_claim_run(&orthogonal_claim, mode, &p, NULL, &cert, &err);
    if (rc)
        diag("%s: %s", mode, err.msg);
    if (!rc) {
        strcpy(verdict, ic_cert_verdict(cert));
        if (keep)
            *keep = cert;
        else
            ic_cert_free(cert);
    }
    ic_param_clear(&p);
    return rc;
}

static const char *check_value(ic_cert *cert, const char *name)
{
    json_t *checks = json_object_get(ic_cert_json(cert), "checks");
    size_t i;
    json_t *c;
    json_array_foreach(checks, i, c)
        if (strcmp(json_string_value(json_object_get(c, "name")), name) == 0)
            return json_string_value(json_object_get(c, "value"));
    return "";
}

static void test_compare(void)
{
    const char *A = srcpath("cases/data/sander2024/A_orthogonal.npy");
    const char *B = srcpath("cases/data/sander2024/B_orthogonal.npy");
    const char *P = srcpath("cases/data/sander2024/P_orthogonal.npy");
    char v[16] = "";
    ic_cert *cert = NULL;
    const char *kv[] = { "A", A, "B", B, "P", P, NULL };
    ok(run_mode("compare", kv, v, &cert) == IC_OK && strcmp(v, "pass") == 0, "authors' orthogonal tensors pass");
    if (cert) {
        double L = atof(check_value(cert, "loss")), ec = atof(check_value(cert, "e_over_c"));
        /* float64 evaluation of the authors' formula (numpy) gives 3.51669547e-06. */
        ok(fabs(L - 3.5166955e-6) < 1e-12, "their loss is 3.5e-6 (%.10g): not fully converged", L);
        ok(fabs(ec - 0.9995116) < 1e-6, "e/c = 0.99951 (%.8f)", ec);
        ok(strcmp(check_value(cert, "implied_heads"), "5") == 0, "implied head count d/2 = 5");
        char *findings = json_dumps(json_object_get(ic_cert_json(cert), "findings"), 0);
        ok(findings && strstr(findings, "\"not_converged\"") != NULL && strstr(findings, "negative curvature") != NULL &&
               strstr(findings, "at_minimum_for_heads") == NULL && strstr(findings, "stationary_point") == NULL,
           "the certificate says they are not converged (negative curvature proven), in one finding");
        free(findings);
        ic_cert_free(cert);
    }
    const char *kv2[] = { "A", A, "B", B, "P", srcpath("cases/data/sander2024/P_orthogonal_perturbed.npy"), NULL };
    ok(run_mode("compare", kv2, v, NULL) == IC_OK && strcmp(v, "fail") == 0, "perturbed p_{-2} fails");
    const char *kv3[] = { "A", A, "B", B, "P", P, "tol-C", "1e-4", NULL };
    ok(run_mode("compare", kv3, v, NULL) == IC_OK && strcmp(v, "fail") == 0,
       "tol-C 1e-4 fails (residual 1.5e-3: the run is not converged that far)");
    const char *kv4[] = { "A", A, "B", srcpath("cases/data/sander2024/A_unitary.npy"), "P", P, NULL };
    ok(run_mode("compare", kv4, v, NULL) == IC_EINPUT, "A and B of different shapes: input error");
    const char *kv5[] = { "A", A, "B", B, "P", A, NULL };
    ok(run_mode("compare", kv5, v, NULL) == IC_EINPUT, "non-square P: input error");
    /* The authors' unitary tensors (C = cI, p_{-2} = 0) are the e = 0 member. */
    const char *kv6[] = { "A", srcpath("cases/data/sander2024/A_unitary.npy"),
                          "B", srcpath("cases/data/sander2024/B_unitary.npy"),
                          "P", srcpath("cases/data/sander2024/P_unitary.npy"), NULL };
    ok(run_mode("compare", kv6, v, NULL) == IC_OK && strcmp(v, "pass") == 0,
       "authors' unitary tensors are the e = 0 member of the family");
}

static void test_verify(void)
{
    char v[16] = "";
    const char *kv[] = { "d", "2,4", "T", "2,4", "H", "1,2,3", "ud", "1,2", "uT", "2,3", NULL };
    ok(run_mode("verify", kv, v, NULL) == IC_OK && strcmp(v, "pass") == 0, "verify on a small sweep passes");
    const char *kv2[] = { "d", "3", NULL };
    ok(run_mode("verify", kv2, v, NULL) == IC_EINPUT, "odd d refused");
    const char *kv3[] = { "c", "1", "e", "-1", NULL };
    ok(run_mode("verify", kv3, v, NULL) == IC_EINPUT, "e = -c refused");
}

/* ---------- exact proofs and refutations (exact_forms.c, exact_proofs.c) ---------- */

/* L_O with a perturbation: 1 halves the 2 t3 p_{-2} sum p' term, 2 uses
 * ||p||^2 for ||p'||^2 in the t4 term. */
static int side_perturbed(fmpq_mpoly_t out, const ic_exact_vars *v, size_t d, size_t t, void *arg, ic_err *err)
{
    int kind = *(const int *)arg;
    ortho_exact_loss_row(out, v, d, t, NULL, err);
    fmpq_mpoly_t q, sp, t3, t4, u;
    fmpq_mpoly_init(q, v->ctx);
    fmpq_mpoly_init(sp, v->ctx);
    fmpq_mpoly_init(t3, v->ctx);
    fmpq_mpoly_init(t4, v->ctx);
    fmpq_mpoly_init(u, v->ctx);
    ic_exact_cstats s;
    ic_exact_cstats_init(&s, v, d);
    ic_exact_vars_get(q, v, ic_exact_row_p(d, t));
    for (size_t tp = 0; tp <= t + 1; tp++)
        if (tp != t) {
            ic_exact_vars_get(u, v, ic_exact_row_p(d, tp));
            fmpq_mpoly_add(sp, sp, u, v->ctx);
        }
    for (size_t j = 0; j < d; j++) {
        fmpq_mpoly_mul(u, s.r + j, s.c + j * d + (j ^ 1), v->ctx);
        fmpq_mpoly_add(t3, t3, u, v->ctx);
        fmpq_mpoly_mul(u, s.c + j * d + (j ^ 1), s.c + j * d + (j ^ 1), v->ctx);
        fmpq_mpoly_add(t4, t4, u, v->ctx);
    }
    if (kind == 1) {
        fmpq_mpoly_mul(u, q, sp, v->ctx);
        fmpq_mpoly_mul(u, u, t3, v->ctx);
        fmpq_mpoly_sub(out, out, u, v->ctx);
    } else {
        fmpq_mpoly_mul(u, q, q, v->ctx);
        fmpq_mpoly_mul(u, u, t4, v->ctx);
        fmpq_mpoly_sub(out, out, u, v->ctx);
    }
    ic_exact_cstats_clear(&s);
    fmpq_mpoly_clear(q, v->ctx);
    fmpq_mpoly_clear(sp, v->ctx);
    fmpq_mpoly_clear(t3, v->ctx);
    fmpq_mpoly_clear(t4, v->ctx);
    fmpq_mpoly_clear(u, v->ctx);
    return IC_OK;
}

static void test_exact_proofs(void)
{
    ic_exact_plan sym = { 1, 0, 0, NULL };
    ortho_exact ox;
    ic_exact_result *all[] = { &ox.model, &ox.sos, &ox.grad, &ox.umodel, &ox.uexcess };
    for (int i = 0; i < 5; i++)
        ic_exact_result_init(all[i]);
    int rc = 0;
    for (size_t d = 2; d <= 6 && !rc; d += 2)
        for (size_t T = 2; T <= 5 && !rc; T++) {
            rc = ortho_exact_identities(&ox, d, T, &sym, NULL);
            if (!rc && d <= 4)
                rc = ortho_exact_unitary(&ox, d - 1, T, &sym, NULL);
        }
    ok(!rc && !ox.model.failed && !ox.sos.failed && !ox.grad.failed && !ox.umodel.failed && !ox.uexcess.failed &&
           ox.model.rows == 30,
       "L_O = model, SOS, gradient (d = 2, 4, 6, T <= 5) and the unitary identities, as polynomials");
    for (int i = 0; i < 5; i++)
        ic_exact_result_clear(all[i]);
    ic_exact_result r;
    ic_exact_result_init(&r);
    for (size_t d = 2; d <= 6 && !rc; d += 2)
        for (size_t T = 2; T <= 5 && !rc; T++)
            rc = ortho_exact_family(&r, d, T, NULL);
    ok(!rc && !r.failed && r.diff_terms == 0 && r.configs == 12,
       "zero-loss family: L_O, dL/dC, dL/dP vanish as rational functions of (c, e)");
    ic_exact_result_clear(&r);
    ic_exact_result_init(&r);
    for (size_t H = 1; H <= 4 && !rc; H++)
        rc = ortho_exact_heads(&r, 6, H, 4, 3 * (6 > 2 * (long)H ? 6 - 2 * (long)H : 0), NULL);
    if (!rc)
        rc = ortho_exact_stall(&r, 4, 5, NULL);
    ok(!rc && !r.failed, "constructions with H = 1..4 heads (d = 6, T = 4) and the e = -c stationary point (4, 5)");
    ic_exact_result_clear(&r);

    /* refutations with their smallest (d, T) and exact discrepancy */
    ic_exact_result_init(&r);
    size_t fd = 0, fT = 0;
    for (size_t sum = 4; sum <= 9 && !fd; sum++)
        for (size_t d = 2; d < sum && !fd; d += 2) {
            size_t T = sum - d;
            if (T < 2 || T > 5)
                continue;
            ortho_exact_family_q(&r, d, T, 1, NULL);
            if (r.failed) {
                fd = d;
                fT = T;
            }
        }
    ok(fd == 2 && fT == 2 && r.fail_text && strstr(r.fail_text, "numerator of"),
       "p_{-2} = -e/(c(c-e)) refuted first at (d, T) = (%zu, %zu): %.200s", fd, fT, r.fail_text ? r.fail_text : "");
    ic_exact_result_clear(&r);
    int law = IC_EXACT_LAW_PAIRS;
    static const char *const what[3] = { "", "2 t3 p_{-2} sum p' halved", "||p'||^2 -> ||p||^2 in the t4 term" };
    for (int k = 1; k <= 2; k++) {
        ic_exact_result_init(&r);
        int found = ic_exact_find_counterexample(&r, 2, 2, 6, 5, ic_exact_side_model, &law, side_perturbed, &k, NULL);
        ok(found == 1 && r.fail_d == 2 && r.fail_T == 2 && r.fail_text,
           "%s refuted first at (d, T) = (%zu, %zu), row %zu: E - L = %.160s", what[k], r.fail_d, r.fail_T, r.fail_t,
           r.fail_text ? r.fail_text : "(none)");
        ic_exact_result_clear(&r);
    }
    ic_exact_result_init(&r);
    ortho_exact_heads(&r, 6, 2, 4, 3 * (6 - 2 * 2 + 1), NULL);
    ok(r.failed && strstr(r.fail_text, "= -3"), "claimed minimum (T-1)(d-2H+1) refuted: %s", r.fail_text);
    ic_exact_result_clear(&r);
    fmpq_t c, e, L;
    fmpq_init(c);
    fmpq_init(e);
    fmpq_init(L);
    fmpq_set_si(c, -5, 4);
    fmpq_set_si(e, 3, 4);
    ortho_exact_common_e(L, 4, 3, c, e, NULL);
    ok(fmpq_sgn(L) > 0, "a different e in the first block: L_O > 0 exactly");
    fmpq_clear(c);
    fmpq_clear(e);
    fmpq_clear(L);
}

static const char *proof_kind(ic_cert *cert, const char *name)
{
    size_t i;
    json_t *ck;
    json_array_foreach(json_object_get(ic_cert_json(cert), "checks"), i, ck)
        if (strcmp(json_string_value(json_object_get(ck, "name")), name) == 0)
            return json_string_value(json_object_get(json_object_get(ck, "proof"), "kind"));
    return "";
}

static void test_verify_labels(void)
{
    char v[16] = "";
    ic_cert *cert = NULL;
    const char *kv[] = { "d", "2,4", "T", "2,3", "H", "1,2", "ud", "1,2", "uT", "2,3", NULL };
    ok(run_mode("verify", kv, v, &cert) == IC_OK && strcmp(v, "pass") == 0, "verify with exact proofs passes");
    if (!cert)
        return;
    static const char *const sym[] = { "loss_formula_vs_model", "sum_of_squares_identity", "gradient",
                                       "unitary_formula_vs_model", "unitary_authors_excess", "zero_loss_family",
                                       "heads_construction", "stationary_point_e_minus_c" };
    int all = 1;
    for (size_t i = 0; i < sizeof sym / sizeof sym[0]; i++)
        all &= strcmp(proof_kind(cert, sym[i]), "symbolic") == 0;
    ok(all, "identities and families are symbolic");
    ok(strcmp(proof_kind(cert, "family_needs_common_e"), "exact") == 0 &&
           strcmp(proof_kind(cert, "lower_bound_H_lt_d_half"), "paper") == 0 &&
           strcmp(proof_kind(cert, "loss_formula_vs_grid_sampled"), "numeric") == 0,
       "common e exact, lower bound paper, MPFR grid numeric");
    ic_cert_free(cert);
    const char *kv2[] = { "d", "2", "T", "3", "H", "1", "ud", "1", "uT", "2", "symbolic-work", "0", NULL };
    cert = NULL;
    ok(run_mode("verify", kv2, v, &cert) == IC_OK && strcmp(v, "pass") == 0 &&
           strcmp(proof_kind(cert, "loss_formula_vs_model"), "exact") == 0,
       "--symbolic-work 0: exact evaluation, kind exact");
    ic_cert_free(cert);
}

int main(void)
{
    test_exact_proofs();
    test_verify_labels();
    test_hand_value();
    test_routes_discriminate();
    test_family_and_heads();
    test_compare();
    test_verify();
    return done_testing();
}
