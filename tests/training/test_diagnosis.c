/* ic_diag: the minima per head count, the exact Hessian against second
 * differences of the loss (a second route), and the diagnosis at points
 * whose state is known in closed form: the minimiser for H < d, the
 * e = -c stationary point, a strict saddle at A = B = 0, a random point. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numbers/test_points.h"
#include "orthogonal/orthogonal.h"
#include "training/diagnosis.h"
#include "unitary/unitary.h"
#include "tap.h"

static void loss_u(mpfr_ptr L, const ic_mat *C, const ic_mat *P, size_t T)
{
    ic_loss_unitary_loss(L, C, P, T, IC_LOSS_EXACT);
}

static void loss_o(mpfr_ptr L, const ic_mat *C, const ic_mat *P, size_t T)
{
    ortho_loss(L, C, P, T);
}

static const ic_diag_model unitary_model = { "L_U", loss_u, unitary_grad, 1, "(T-1) max(d-H, 0)", "test" };
static const ic_diag_model ortho_model = { "L_O", loss_o, ortho_grad, 2, "(T-1) max(d-2H, 0)", "test" };

/* Parameter i in the order of ic_diag_hessian (A, B, used entries of P). */
static mpfr_ptr param(ic_mat *A, ic_mat *B, ic_mat *P, size_t i)
{
    size_t na = A->rows * A->cols;
    if (i < na)
        return A->e[i];
    if ((i -= na) < na)
        return B->e[i];
    i -= na;
    size_t t = 0;
    while (i >= t + 2)
        i -= t + 2, t++;
    return IC_MAT_AT(P, t, i);
}

static void loss_of(mpfr_ptr L, const ic_diag_model *m, const ic_mat *A, const ic_mat *B, const ic_mat *P)
{
    ic_mat C;
    ic_mat_init(&C, A->cols, A->cols, mpfr_get_prec(L), NULL);
    ic_mat_mul_tn(&C, B, A);
    m->loss(L, &C, P, P->rows);
    ic_mat_clear(&C);
}

/* H[i][j] from values of L alone: (L(x+e_i+e_j) - L(x+e_i-e_j) - L(x-e_i+e_j) + L(x-e_i-e_j)) / 4,
 * and L(x+e_i) - 2 L(x) + L(x-e_i) on the diagonal: exact for a function of
 * degree <= 2 in each parameter. */
static int compare_second_differences(const ic_diag_model *m, ic_mat *A, ic_mat *B, ic_mat *P, const ic_mat *hm,
                                      mpfr_prec_t q)
{
    size_t n = hm->rows;
    mpfr_t a, b, c, d, h;
    mpfr_inits2(q, a, b, c, d, h, (mpfr_ptr)0);
    int same = 1;
    mpfr_clear_inexflag();
    for (size_t i = 0; i < n && same; i++)
        for (size_t j = i; j < n && same; j++) {
            mpfr_ptr xi = param(A, B, P, i), xj = param(A, B, P, j);
            if (i == j) {
                loss_of(b, m, A, B, P);
                mpfr_add_ui(xi, xi, 1, MPFR_RNDN);
                loss_of(a, m, A, B, P);
                mpfr_sub_ui(xi, xi, 2, MPFR_RNDN);
                loss_of(c, m, A, B, P);
                mpfr_add_ui(xi, xi, 1, MPFR_RNDN);
                mpfr_mul_2ui(b, b, 1, MPFR_RNDN);
                mpfr_sub(h, a, b, MPFR_RNDN);
                mpfr_add(h, h, c, MPFR_RNDN);
            } else {
                mpfr_add_ui(xi, xi, 1, MPFR_RNDN);
                mpfr_add_ui(xj, xj, 1, MPFR_RNDN);
                loss_of(a, m, A, B, P);
                mpfr_sub_ui(xj, xj, 2, MPFR_RNDN);
                loss_of(b, m, A, B, P);
                mpfr_sub_ui(xi, xi, 2, MPFR_RNDN);
                loss_of(d, m, A, B, P);
                mpfr_add_ui(xj, xj, 2, MPFR_RNDN);
                loss_of(c, m, A, B, P);
                mpfr_add_ui(xi, xi, 1, MPFR_RNDN);
                mpfr_sub_ui(xj, xj, 1, MPFR_RNDN);
                mpfr_sub(h, a, b, MPFR_RNDN);
                mpfr_sub(h, h, c, MPFR_RNDN);
                mpfr_add(h, h, d, MPFR_RNDN);
                mpfr_div_2ui(h, h, 2, MPFR_RNDN);
            }
            same = mpfr_equal_p(h, IC_MAT_AT(hm, i, j)) && mpfr_equal_p(h, IC_MAT_AT(hm, j, i));
            if (!same)
                mpfr_printf("# H[%zu][%zu]: second differences %.20Rg, ic_diag_hessian %.20Rg\n", i, j, h,
                            IC_MAT_AT(hm, i, j));
        }
    int exact = !mpfr_inexflag_p();
    mpfr_clears(a, b, c, d, h, (mpfr_ptr)0);
    return same && exact;
}

static void hessian_routes(const ic_diag_model *m, size_t d, size_t H, size_t T, ic_testpoint_state *rs)
{
    ic_mat A, B, P, hm;
    ic_mat_init(&A, H, d, 64, NULL);
    ic_mat_init(&B, H, d, 64, NULL);
    ic_mat_init(&P, T, T, 64, NULL);
    ic_testpoint_dyadic_mat(&A, rs);
    ic_testpoint_dyadic_mat(&B, rs);
    ic_testpoint_dyadic_mat(&P, rs);
    mpfr_prec_t bits = 0;
    ic_err e;
    int rc = ic_diag_hessian(&hm, &bits, m, &A, &B, &P, 64, 4096, &e);
    size_t n = 2 * H * d + (T - 1) * (T + 2) / 2;
    ok(rc == IC_OK && bits > 0 && hm.rows == n, "%s d=%zu H=%zu T=%zu: Hessian %zu x %zu exact at %ld bits", m->loss_name,
       d, H, T, n, n, (long)bits);
    /* A, B, P at the Hessian's precision, for the second route. */
    ic_mat A2, B2, P2;
    ic_mat_init(&A2, H, d, bits, NULL);
    ic_mat_init(&B2, H, d, bits, NULL);
    ic_mat_init(&P2, T, T, bits, NULL);
    ic_mat_copy(&A2, &A);
    ic_mat_copy(&B2, &B);
    ic_mat_copy(&P2, &P);
    ok(compare_second_differences(m, &A2, &B2, &P2, &hm, 2 * bits),
       "%s: every entry equals the exact second difference of the loss (symmetric)", m->loss_name);
    /* The route refutes a wrong Hessian: change one entry. */
    mpfr_add_ui(IC_MAT_AT(&hm, 0, n - 1), IC_MAT_AT(&hm, 0, n - 1), 1, MPFR_RNDN);
    ok(!compare_second_differences(m, &A2, &B2, &P2, &hm, 2 * bits), "%s: an entry moved by 1 is refuted",
       m->loss_name);
    ic_mat_clear(&hm);
    ic_mat_clear(&A);
    ic_mat_clear(&B);
    ic_mat_clear(&P);
    ic_mat_clear(&A2);
    ic_mat_clear(&B2);
    ic_mat_clear(&P2);
}

static ic_diag_opts opts(void)
{
    ic_diag_opts o = { 1e-6, 1e-4, 1e-6, 500, 256, 4096 };
    return o;
}

static json_t *check_named(ic_cert *c, const char *name)
{
    size_t i;
    json_t *ck;
    json_array_foreach(json_object_get(ic_cert_json(c), "checks"), i, ck)
        if (strcmp(json_string_value(json_object_get(ck, "name")), name) == 0)
            return ck;
    return NULL;
}

static const char *status_of(ic_cert *c, const char *name)
{
    json_t *ck = check_named(c, name);
    return ck ? json_string_value(json_object_get(ck, "status")) : "(missing)";
}

static const char *finding_of(ic_cert *c)
{
    json_t *f = json_object_get(ic_cert_json(c), "findings");
    return json_array_size(f) == 1 ? json_string_value(json_object_get(json_array_get(f, 0), "name")) : "(none or several)";
}

/* The unitary minimiser for H < d: A = [I_H 0], B = c [I_H 0], p_{-1} = 1/c (c = 2: dyadic). */
static void at_minimum(void)
{
    size_t d = 4, H = 3, T = 6;
    ic_mat A, B, P;
    ic_mat_init(&A, H, d, 64, NULL);
    ic_mat_init(&B, H, d, 64, NULL);
    ic_mat_init(&P, T, T, 64, NULL);
    for (size_t h = 0; h < H; h++) {
        mpfr_set_ui(IC_MAT_AT(&A, h, h), 1, MPFR_RNDN);
        mpfr_set_ui(IC_MAT_AT(&B, h, h), 2, MPFR_RNDN);
    }
    for (size_t t = 0; t + 1 < T; t++)
        mpfr_set_d(IC_MAT_AT(&P, t, t + 1), 0.5, MPFR_RNDN);
    mpfr_set_d(IC_MAT_AT(&P, T - 1, 0), 7.0, MPFR_RNDN);   /* unused entries are free */
    ic_cert *c = ic_cert_new("t", "t", "t", "compare");
    ic_diag_result r;
    ic_diag_opts o = opts();
    ic_err e;
    int rc = ic_diag_run(&r, &unitary_model, &A, &B, &P, &o, c, &e);
    ok(rc == IC_OK && r.state == IC_DIAG_AT_MINIMUM, "unitary minimiser for H = 3 < d = 4: at the minimum");
    ok(mpfr_cmp_ui(r.L, 5) == 0 && mpfr_cmp_ui(r.Lmin, 5) == 0 && r.loss_bits > 0,
       "loss exactly (T-1)(d-H) = 5, computed exactly (%ld bits)", (long)r.loss_bits);
    ok(mpfr_zero_p(r.gnorm) && r.grad_bits > 0, "gradient exactly 0 there");
    ok(r.hess == IC_DIAG_HESS_NO_NEGATIVE && mpfr_cmp_si(r.hlo, 0) <= 0 && mpfr_cmp_si(r.hhi, 0) >= 0,
       "Hessian: no negative curvature, lambda_min's interval holds 0 (symmetry directions)");
    ic_diag_finding(c, &unitary_model, &r, NULL);
    ok(strcmp(status_of(c, "loss_at_least_min_for_heads"), "pass") == 0 &&
       strcmp(status_of(c, "loss_gap_to_min_for_heads"), "pass") == 0 &&
       strcmp(status_of(c, "gradient_norm"), "info") == 0 && strcmp(status_of(c, "hessian_min_eigenvalue"), "info") == 0,
       "checks: lower bound and gap pass, gradient and Hessian measured");
    ok(strcmp(finding_of(c), "at_minimum_for_heads") == 0, "one finding: at_minimum_for_heads");
    json_t *lb = check_named(c, "loss_at_least_min_for_heads");
    ok(lb && strcmp(json_string_value(json_object_get(json_object_get(lb, "proof"), "kind")), "exact") == 0,
       "the lower-bound check is labelled exact");
    ic_diag_result_clear(&r);
    ic_cert_free(c);
    /* A wrong closed form must be refuted by the exact loss. */
    ic_diag_model wrong = unitary_model;
    wrong.heads_factor = 0;   /* minimum (T-1) d = 20 > L = 5: a wrong statement */
    c = ic_cert_new("t", "t", "t", "compare");
    rc = ic_diag_run(&r, &wrong, &A, &B, &P, &o, c, &e);
    ok(rc == IC_OK && strcmp(status_of(c, "loss_at_least_min_for_heads"), "fail") == 0,
       "a wrong minimum (T-1) d = 20 is refuted by the exact loss 5");
    ic_diag_result_clear(&r);
    ic_cert_free(c);
    ic_mat_clear(&A);
    ic_mat_clear(&B);
    ic_mat_clear(&P);
}

/* A = B = 0 with p_{-1} = 1 in every row: stationary (C = 0 kills every
 * gradient term), loss (T-1) d, and the quadratic part -2 (T-1) tr(B^T A)
 * gives Hessian eigenvalues +-2(T-1): a strict saddle. */
static void saddle(const ic_diag_model *m)
{
    size_t d = 4, H = 2, T = 5;
    ic_mat A, B, P;
    ic_mat_init(&A, H, d, 64, NULL);
    ic_mat_init(&B, H, d, 64, NULL);
    ic_mat_init(&P, T, T, 64, NULL);
    for (size_t t = 0; t + 1 < T; t++)
        mpfr_set_ui(IC_MAT_AT(&P, t, t + 1), 1, MPFR_RNDN);
    ic_cert *c = ic_cert_new("t", "t", "t", "compare");
    ic_diag_result r;
    ic_diag_opts o = opts();
    ic_err e;
    int rc = ic_diag_run(&r, m, &A, &B, &P, &o, c, &e);
    ok(rc == IC_OK && r.state == IC_DIAG_STATIONARY && mpfr_zero_p(r.gnorm),
       "%s at A = B = 0: stationary above the minimum", m->loss_name);
    double hmax = mpfr_get_d(r.hmax, MPFR_RNDN);
    ok(r.hess == IC_DIAG_HESS_SADDLE && mpfr_cmp_si(r.hlo, -8) <= 0 && mpfr_cmp_si(r.hhi, -8) >= 0 &&
       mpfr_cmp_d(r.hlo, -8 - 1e-6) > 0 && mpfr_cmp_d(r.hhi, -8 + 1e-6) < 0 && fabs(hmax - 8) < 1e-12,
       "%s: strict saddle, lambda_min's interval holds -2(T-1) = -8 (width < 2e-6), lambda_max ~ 8 (%.17g)",
       m->loss_name, hmax);
    if (!(mpfr_cmp_si(r.hlo, -8) <= 0 && mpfr_cmp_si(r.hhi, -8) >= 0))
        mpfr_printf("# lambda_min in [%.20Rg, %.20Rg]\n", r.hlo, r.hhi);
    ic_diag_finding(c, m, &r, NULL);
    ok(strcmp(status_of(c, "gradient_norm"), "pass") == 0 && strcmp(status_of(c, "hessian_min_eigenvalue"), "fail") == 0 &&
       strcmp(finding_of(c), "stationary_point") == 0,
       "%s: gradient check passes, curvature check fails, finding stationary_point", m->loss_name);
    json_t *hk = check_named(c, "hessian_min_eigenvalue");
    ok(hk && strcmp(json_string_value(json_object_get(json_object_get(hk, "proof"), "kind")), "enclosure") == 0,
       "%s: the curvature check is labelled enclosure", m->loss_name);
    ic_diag_result_clear(&r);
    ic_cert_free(c);
    ic_mat_clear(&A);
    ic_mat_clear(&B);
    ic_mat_clear(&P);
}

/* doc/c4-orthogonal.md section 5: H = d/2 heads a_h = e_2h - e_2h+1,
 * b_h = c a_h, p_{-1} = (t+1)/((t+2)c), p_t' = -1/((t+2)c): stationary with
 * L = d sum 1/(t+2); no negative curvature (finding of this module). */
static void e_minus_c(void)
{
    size_t d = 4, H = 2, T = 5;
    mpfr_prec_t p = 256;
    ic_mat A, B, P;
    ic_mat_init(&A, H, d, p, NULL);
    ic_mat_init(&B, H, d, p, NULL);
    ic_mat_init(&P, T, T, p, NULL);
    for (size_t h = 0; h < H; h++) {
        mpfr_set_si(IC_MAT_AT(&A, h, 2 * h), 1, MPFR_RNDN);
        mpfr_set_si(IC_MAT_AT(&A, h, 2 * h + 1), -1, MPFR_RNDN);
        mpfr_set_si(IC_MAT_AT(&B, h, 2 * h), 2, MPFR_RNDN);
        mpfr_set_si(IC_MAT_AT(&B, h, 2 * h + 1), -2, MPFR_RNDN);
    }
    for (size_t t = 0; t + 1 < T; t++) {
        mpfr_set_ui(IC_MAT_AT(&P, t, t + 1), t + 1, MPFR_RNDN);
        mpfr_div_ui(IC_MAT_AT(&P, t, t + 1), IC_MAT_AT(&P, t, t + 1), 2 * (t + 2), MPFR_RNDN);
        for (size_t k = 0; k < t; k++) {
            mpfr_set_si(IC_MAT_AT(&P, t, k), -1, MPFR_RNDN);
            mpfr_div_ui(IC_MAT_AT(&P, t, k), IC_MAT_AT(&P, t, k), 2 * (t + 2), MPFR_RNDN);
        }
    }
    ic_cert *c = ic_cert_new("t", "t", "t", "compare");
    ic_diag_result r;
    ic_diag_opts o = opts();
    ic_err e;
    int rc = ic_diag_run(&r, &ortho_model, &A, &B, &P, &o, c, &e);
    mpfr_t want;
    mpfr_init2(want, p);
    mpfr_set_d(want, 4.0 * (1.0 / 2 + 1.0 / 3 + 1.0 / 4 + 1.0 / 5), MPFR_RNDN);
    mpfr_sub(want, want, r.L, MPFR_RNDN);
    ok(rc == IC_OK && r.state == IC_DIAG_STATIONARY && mpfr_cmp_d(want, 1e-14) < 0 && mpfr_cmp_d(want, -1e-14) > 0,
       "e = -c point (d = 4, H = 2, T = 5): stationary, L = 4 (1/2 + 1/3 + 1/4 + 1/5)");
    ok(mpfr_cmp_d(r.gnorm, 1e-60) < 0, "gradient below 1e-60 (P rounded at 256 bits)");
    ok(r.hess == IC_DIAG_HESS_NO_NEGATIVE, "no negative curvature beyond the tolerance: not a strict saddle");
    mpfr_clear(want);
    ic_diag_result_clear(&r);
    ic_cert_free(c);
    ic_mat_clear(&A);
    ic_mat_clear(&B);
    ic_mat_clear(&P);
}

static void not_converged(ic_testpoint_state *rs)
{
    size_t d = 4, H = 3, T = 5;
    ic_mat A, B, P;
    ic_mat_init(&A, H, d, 64, NULL);
    ic_mat_init(&B, H, d, 64, NULL);
    ic_mat_init(&P, T, T, 64, NULL);
    ic_testpoint_dyadic_mat(&A, rs);
    ic_testpoint_dyadic_mat(&B, rs);
    ic_testpoint_dyadic_mat(&P, rs);
    ic_cert *c = ic_cert_new("t", "t", "t", "compare");
    ic_diag_result r;
    ic_diag_opts o = opts();
    ic_err e;
    int rc = ic_diag_run(&r, &unitary_model, &A, &B, &P, &o, c, &e);
    ic_diag_finding(c, &unitary_model, &r, NULL);
    ok(rc == IC_OK && r.state == IC_DIAG_NOT_CONVERGED && r.hess == IC_DIAG_HESS_NONE,
       "random point: not converged, no Hessian");
    ok(strcmp(status_of(c, "gradient_norm"), "fail") == 0 &&
       strcmp(status_of(c, "hessian_min_eigenvalue"), "not_applicable") == 0 &&
       strcmp(finding_of(c), "not_converged") == 0 && mpfr_cmp(r.L, r.Lmin) > 0,
       "checks: gradient fails, curvature not applicable; finding not_converged; L above the minimum");
    ic_diag_result_clear(&r);
    ic_cert_free(c);
    /* Too many parameters for --hessian-max: not applicable, with the count. */
    o.hess_max = 10;
    ic_mat_zero(&A);
    ic_mat_zero(&B);
    ic_mat_zero(&P);
    c = ic_cert_new("t", "t", "t", "compare");
    rc = ic_diag_run(&r, &unitary_model, &A, &B, &P, &o, c, &e);
    json_t *hk = check_named(c, "hessian_min_eigenvalue");
    ok(rc == IC_OK && hk && strcmp(json_string_value(json_object_get(hk, "status")), "not_applicable") == 0 &&
       strstr(json_string_value(json_object_get(hk, "reason")), "hessian-max") != NULL,
       "hessian-max 10 < 38 parameters: curvature not applicable, reason names hessian-max");
    ic_diag_result_clear(&r);
    ic_cert_free(c);
    ic_mat_clear(&A);
    ic_mat_clear(&B);
    ic_mat_clear(&P);
}

int main(void)
{
    ok(ic_diag_min_loss(4, 3, 9, 1) == 8 && ic_diag_min_loss(10, 3, 20, 2) == 76 && ic_diag_min_loss(10, 4, 20, 2) == 38,
       "minima: unitary d=4 H=3 T=9 is 8; orthogonal d=10 T=20 H=3 is 76, H=4 is 38");
    ok(ic_diag_min_loss(10, 5, 20, 2) == 0 && ic_diag_min_loss(10, 10, 20, 1) == 0 && ic_diag_min_loss(4, 12, 3, 1) == 0,
       "minima 0 from H = d/2 (orthogonal) and H >= d (unitary)");
    {
        long ds[] = { 3, 4 }, Hs[] = { 1, 2 }, Ts[] = { 5 };
        json_t *m = ic_diag_minima_json(ds, 2, Hs, 2, Ts, 1, 2);
        json_t *e0 = json_array_get(m, 0), *e1 = json_array_get(m, 1);
        ok(json_array_size(m) == 2 && json_integer_value(json_object_get(e0, "d")) == 4 &&
               json_integer_value(json_object_get(e0, "minimum")) == 8 &&
               json_integer_value(json_object_get(e1, "minimum")) == 0,
           "minima table (orthogonal): odd d skipped, d = 4, T = 5: H = 1 gives 8, H = 2 gives 0");
        json_decref(m);
    }
    ic_testpoint_state rs;
    ic_testpoint_init(&rs, 19);
    hessian_routes(&unitary_model, 3, 2, 4, &rs);
    hessian_routes(&ortho_model, 4, 2, 4, &rs);
    at_minimum();
    saddle(&unitary_model);
    saddle(&ortho_model);
    e_minus_c();
    not_converged(&rs);
    ic_testpoint_clear(&rs);
    return done_testing();
}
