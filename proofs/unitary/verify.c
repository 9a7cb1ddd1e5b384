/* Claims C2 + C3 (unitary data), verify mode: the closed-form global minima
 * of the non-augmented model proved exactly over the sweep (exact_proofs.c:
 * polynomial identities over Q per row, rational functions of c on the
 * minimiser family, exact linear algebra for C3; doc/proofs.md), with the
 * former MPFR checks at random dyadic points kept as a sampled cross-check. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spectra/decision.h"
#include "spectra/enclosure.h"
#include "certificates/rounding_budget.h"
#include "numbers/test_points.h"
#include "exact/cert_report.h"
#include "training/reduced_descent.h"
#include "training/diagnosis.h"
#include "unitary/unitary.h"

/* ---------- helpers shared by both modes ---------- */

static void abs_diff(mpfr_ptr r, mpfr_srcptr a, mpfr_srcptr b)
{
    mpfr_sub(r, a, b, MPFR_RNDN);
    mpfr_abs(r, r, MPFR_RNDN);
}

/* The closed-form minimiser's P: p_{-1} = 1/c on every used row, the other
 * used entries 0, unused entries random (they must not matter). */
static void minimiser_P(ic_mat *P, mpfr_srcptr c, size_t T, ic_testpoint_state *rs)
{
    ic_testpoint_dyadic_mat(P, rs);
    for (size_t t = 0; t + 1 < T; t++)
        for (size_t k = 0; k <= t + 1; k++) {
            if (k == t + 1)
                mpfr_ui_div(IC_MAT_AT(P, t, k), 1, c, MPFR_RNDN);
            else
                mpfr_set_zero(IC_MAT_AT(P, t, k), 1);
        }
}

/* ---------- verify: the theory in MPFR over a sweep ---------- */

const ic_param_spec unitary_verify_params[] = {
    { "d", IC_PARAM_INTS, "1,2,3,5,10", NULL, "token dimensions to sweep", "[1, 64]" },
    { "H", IC_PARAM_INTS, "1,2,3,5,10,12", NULL, "head counts to sweep (H < d included)", "[1, 128]" },
    { "T", IC_PARAM_INTS, "2,3,6,20", NULL, "sequence lengths to sweep", "[2, 200]" },
    { "c", IC_PARAM_REAL, "-1.25", NULL, "scale c of the minimiser C = c I" },
    { "seed", IC_PARAM_INT, "1", NULL, "seed of the random test points" },
    { "symbolic-work", IC_PARAM_INT, "16000000", NULL,
      "largest estimated work (terms x exponent words over the rows) of a (d, T) proved symbolically; "
      "larger ones are checked by exact evaluation at random points (0: always)", "[0, 1000000000]" },
    { "exact", IC_PARAM_INT, "1", NULL,
      "1: run the exact proofs; 0: skip them (timings only: the certificate then proves nothing)", "[0, 1]" },
    { "sampled", IC_PARAM_INT, "1", NULL, "1: run the MPFR sampled cross-check; 0: skip it", "[0, 1]" },
    IC_PARAM_PREC,
    IC_PARAM_END
};

/* The identity checks of the sweep, each with its rounding budget. */
enum { K_MODEL, K_SOS, K_GRAD, K_MIN, NK };

typedef struct {
    long prec;
    ic_budget_budget b;
    long n_points, n_configs;
} sweep;

/* Loss as a function of one parameter, for the stencil. */
typedef struct {
    const ic_mat *A, *B, *P;
    size_t T;
    mpfr_prec_t prec;
} loss_ctx;

static int loss_abp(mpfr_ptr out, void *vctx)
{
    loss_ctx *x = vctx;
    ic_mat C;
    if (ic_mat_init(&C, x->A->cols, x->A->cols, x->prec, NULL))
        return IC_EINTERNAL;
    ic_mat_mul_tn(&C, x->B, x->A);
    ic_loss_unitary_loss(out, &C, x->P, x->T, IC_LOSS_EXACT);
    ic_mat_clear(&C);
    return 0;
}

/* Identities at a random dyadic point: formula = model expectation = SOS
 * form; authors' formula = exact + sum p_{-2}^2 ||C||_F^2; the gradient
 * formula = exact stencil derivatives. */
static int check_identities(sweep *sw, size_t d, size_t T, ic_testpoint_state *rs, ic_err *err)
{
    mpfr_prec_t p = sw->prec;
    ic_mat A, B, C, P, gA, gB, gP;
    size_t H = d;
    ic_mat_init(&A, H, d, p, err);
    ic_mat_init(&B, H, d, p, err);
    ic_mat_init(&C, d, d, p, err);
    ic_mat_init(&P, T, T, p, err);
    ic_mat_init(&gA, H, d, p, err);
    ic_mat_init(&gB, H, d, p, err);
    ic_mat_init(&gP, T, T, p, err);
    ic_testpoint_dyadic_mat(&A, rs);
    ic_testpoint_dyadic_mat(&B, rs);
    ic_testpoint_dyadic_mat(&P, rs);
    ic_mat_mul_tn(&C, &B, &A);
    mpfr_t L, M, S, Au, extra, t1, diff;
    mpfr_inits2(p, L, M, S, Au, extra, t1, diff, (mpfr_ptr)0);
    ic_loss_unitary_loss(L, &C, &P, T, IC_LOSS_EXACT);
    int rc = ic_loss_model_loss(M, &C, &P, T, IC_LOSS_LAW_UNITARY, 0, NULL, err);
    unitary_loss_sos(S, &C, &P, T);
    ic_loss_unitary_loss(Au, &C, &P, T, IC_LOSS_AUTHORS);
    abs_diff(diff, L, M);
    ic_budget_note(&sw->b, K_MODEL, diff, L);
    abs_diff(diff, L, S);
    ic_budget_note(&sw->b, K_SOS, diff, L);
    /* authors - exact - sum_t p_{-2}^2 ||C||_F^2 */
    ic_mat_frob2(t1, &C);
    mpfr_set_zero(extra, 1);
    for (size_t t = 0; t + 1 < T; t++) {
        mpfr_sqr(diff, IC_MAT_AT(&P, t, t), MPFR_RNDN);
        mpfr_add(extra, extra, diff, MPFR_RNDN);
    }
    mpfr_mul(extra, extra, t1, MPFR_RNDN);
    mpfr_sub(diff, Au, L, MPFR_RNDN);
    mpfr_sub(diff, diff, extra, MPFR_RNDN);
    mpfr_abs(diff, diff, MPFR_RNDN);
    ic_budget_note(&sw->b, K_SOS, diff, L);
    /* Gradient: a few coordinates of each block against the stencil. */
    unitary_grad(&gA, &gB, &gP, &A, &B, &P, T);
    loss_ctx lc = { &A, &B, &P, T, p };
    struct { ic_mat *m, *g; size_t i, j; } pick[6] = {
        { &A, &gA, 0, 0 }, { &A, &gA, H - 1, d - 1 }, { &B, &gB, 0, d - 1 },
        { &B, &gB, H - 1, 0 }, { &P, &gP, T - 2, T - 1 }, { &P, &gP, T - 2, T - 2 },
    };
    for (int k = 0; k < 6 && !rc; k++) {
        rc = ic_testpoint_deriv5(t1, IC_MAT_AT(pick[k].m, pick[k].i, pick[k].j), 0, loss_abp, &lc);
        abs_diff(diff, t1, IC_MAT_AT(pick[k].g, pick[k].i, pick[k].j));
        ic_budget_note(&sw->b, K_GRAD, diff, L);
    }
    sw->n_points++;
    mpfr_clears(L, M, S, Au, extra, t1, diff, (mpfr_ptr)0);
    ic_mat_clear(&A);
    ic_mat_clear(&B);
    ic_mat_clear(&C);
    ic_mat_clear(&P);
    ic_mat_clear(&gA);
    ic_mat_clear(&gB);
    ic_mat_clear(&gP);
    return rc;
}

/* The minimiser for (d, H, T): value 0 when H >= d, (T-1)(d-H) when H < d,
 * zero gradient in both cases; for H = d also a GL(H)-transformed copy
 * (A = M, B = c M^{-T}) whose heads must be biorthogonal: A B^T = c I. */
static int check_minimiser(sweep *sw, size_t d, size_t H, size_t T, mpfr_srcptr c,
                           ic_testpoint_state *rs, ic_err *err)
{
    mpfr_prec_t p = sw->prec;
    ic_mat A, B, C, P, gA, gB, gP, M, X, I;
    ic_mat_init(&A, H, d, p, err);
    ic_mat_init(&B, H, d, p, err);
    ic_mat_init(&C, d, d, p, err);
    ic_mat_init(&P, T, T, p, err);
    ic_mat_init(&gA, H, d, p, err);
    ic_mat_init(&gB, H, d, p, err);
    ic_mat_init(&gP, T, T, p, err);
    size_t r = H < d ? H : d;
    for (size_t h = 0; h < r; h++) {
        mpfr_set_ui(IC_MAT_AT(&A, h, h), 1, MPFR_RNDN);
        mpfr_set(IC_MAT_AT(&B, h, h), c, MPFR_RNDN);
    }
    minimiser_P(&P, c, T, rs);
    mpfr_t L, want, diff, g;
    mpfr_inits2(p, L, want, diff, g, (mpfr_ptr)0);
    mpfr_set_ui(want, (unsigned long)((T - 1) * (d - r)), MPFR_RNDN);
    ic_mat_mul_tn(&C, &B, &A);
    ic_loss_unitary_loss(L, &C, &P, T, IC_LOSS_EXACT);
    abs_diff(diff, L, want);
    ic_budget_note(&sw->b, K_MIN, diff, want);
    int rc = ic_loss_model_loss(L, &C, &P, T, IC_LOSS_LAW_UNITARY, 0, NULL, err);
    abs_diff(diff, L, want);
    ic_budget_note(&sw->b, K_MIN, diff, want);
    unitary_grad(&gA, &gB, &gP, &A, &B, &P, T);
    ic_mat_max_abs(g, &gA);
    ic_budget_note(&sw->b, K_GRAD, g, want);
    ic_mat_max_abs(g, &gB);
    ic_budget_note(&sw->b, K_GRAD, g, want);
    ic_mat_max_abs(g, &gP);
    ic_budget_note(&sw->b, K_GRAD, g, want);

    if (H == d && rc == IC_OK) {
        ic_mat_init(&M, H, d, p, err);
        ic_mat_init(&X, d, H, p, err);
        ic_mat_init(&I, d, d, p, err);
        /* A random dyadic M is invertible with probability 1; a diagonal
         * shift makes it certain (diagonally dominant). */
        ic_testpoint_dyadic_mat(&M, rs);
        for (size_t h = 0; h < H; h++)
            mpfr_add_ui(IC_MAT_AT(&M, h, h), IC_MAT_AT(&M, h, h), 8 * H, MPFR_RNDN);
        ic_mat_set_identity(&I);
        ic_mat_scale(&I, &I, c);
        /* B^T A = c I with A = M needs B = c M^{-T}: solve M^T B = c I. */
        ic_mat_transpose(&X, &M);
        ic_mat Bt;
        ic_mat_init(&Bt, d, H, p, err);
        rc = ic_mat_solve(&Bt, &X, &I, err);
        ic_mat_copy(&A, &M);
        ic_mat_copy(&B, &Bt);
        minimiser_P(&P, c, T, rs);
        ic_mat_mul_tn(&C, &B, &A);
        ic_loss_unitary_loss(L, &C, &P, T, IC_LOSS_EXACT);
        mpfr_set_ui(want, 0, MPFR_RNDN);
        ic_budget_note(&sw->b, K_MIN, L, c);
        unitary_grad(&gA, &gB, &gP, &A, &B, &P, T);
        ic_mat_max_abs(g, &gA);
        ic_budget_note(&sw->b, K_GRAD, g, c);
        ic_mat_max_abs(g, &gB);
        ic_budget_note(&sw->b, K_GRAD, g, c);
        /* C3: A B^T = c I_H. */
        ic_mat ABt;
        ic_mat_init(&ABt, H, H, p, err);
        ic_mat_mul_nt(&ABt, &A, &B);
        for (size_t h = 0; h < H; h++)
            mpfr_sub(IC_MAT_AT(&ABt, h, h), IC_MAT_AT(&ABt, h, h), c, MPFR_RNDN);
        ic_mat_max_abs(g, &ABt);
        ic_budget_note(&sw->b, K_MIN, g, c);
        ic_mat_clear(&ABt);
        ic_mat_clear(&Bt);
        ic_mat_clear(&M);
        ic_mat_clear(&X);
        ic_mat_clear(&I);
    }
    sw->n_configs++;
    mpfr_clears(L, want, diff, g, (mpfr_ptr)0);
    ic_mat_clear(&A);
    ic_mat_clear(&B);
    ic_mat_clear(&C);
    ic_mat_clear(&P);
    ic_mat_clear(&gA);
    ic_mat_clear(&gB);
    ic_mat_clear(&gP);
    return rc;
}

int unitary_verify(const ic_param_set *ps, ic_cert *cert, ic_err *err)
{
    long ds[32], Hs[32], Ts[32];
    int rc = unitary_check("verify", ps, err);  /* lists, flags, c != 0 */
    if (rc)
        return rc;
    size_t nd = ic_param_ints(ps, "d", ds, 32), nH = ic_param_ints(ps, "H", Hs, 32), nT = ic_param_ints(ps, "T", Ts, 32);
    long work = ic_param_int(ps, "symbolic-work");
    long do_exact = ic_param_int(ps, "exact"), do_sampled = ic_param_int(ps, "sampled");
    fmpq_t cq;
    fmpq_init(cq);
    rc = ic_exact_fmpq_set_decimal(cq, ic_param_get(ps, "c"), err);  /* read as checked */
    if (rc) {
        fmpq_clear(cq);
        return rc;
    }
    sweep sw = { .prec = ic_param_int(ps, "prec") };
    rc = ic_budget_init(&sw.b, sw.prec, NK, err);
    if (rc) {
        fmpq_clear(cq);
        return rc;
    }
    mpfr_t c;
    mpfr_init2(c, sw.prec);
    ic_param_real_mpfr(ps, "c", c);

    /* ---- exact proofs ---- */
    ic_exact_cert_sweep sc;
    ic_exact_cert_sweep_init(&sc, ds, nd, Ts, nT, work, 5); /* five row identities per row */
    ic_exact_rand er;
    ic_exact_rand_init(&er, (unsigned long)ic_param_int(ps, "seed"));
    unitary_exact xs, xe;
    ic_exact_result *all[] = { &xs.model, &xs.sos, &xs.excess, &xs.grad, &xs.family,
                               &xe.model, &xe.sos, &xe.excess, &xe.grad, &xe.family };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        ic_exact_result_init(all[i]);
    long lb_points = 0, lb_viol = 0, bio_n = 0, bio_bad = 0;
    for (size_t i = 0; i < nd && !rc && do_exact; i++)
        for (size_t k = 0; k < nT && !rc; k++) {
            size_t d = (size_t)ds[i], T = (size_t)Ts[k];
            ic_exact_plan plan = ic_exact_cert_plan(&sc, i, k, &er);
            rc = unitary_exact_identities(plan.symbolic ? &xs : &xe, d, T, &plan, err);
            for (size_t j = 0; j < nH && !rc; j++) {
                size_t H = (size_t)Hs[j];
                rc = unitary_exact_minimiser(&xs.family, d, H, T, (long)((T - 1) * (H < d ? d - H : 0)), err);
                if (!rc && H < d)
                    rc = unitary_exact_lower_bound(&lb_points, &lb_viol, d, H, T, cq, 8, &er, err);
                if (!rc && H == d) {
                    bio_n++;
                    bio_bad += unitary_exact_biorthogonal(d, cq, &er) != 1;
                }
            }
        }

    /* ---- the sampled cross-check in MPFR ---- */
    ic_testpoint_state rs;
    ic_testpoint_init(&rs, (unsigned long)ic_param_int(ps, "seed"));
    for (size_t i = 0; i < nd && !rc && do_sampled; i++)
        for (size_t k = 0; k < nT && !rc; k++) {
            rc = check_identities(&sw, (size_t)ds[i], (size_t)Ts[k], &rs, err);
            for (size_t j = 0; j < nH && !rc; j++)
                rc = check_minimiser(&sw, (size_t)ds[i], (size_t)Hs[j], (size_t)Ts[k], c, &rs, err);
        }
    ic_testpoint_clear(&rs);
    if (rc == IC_OK) {
        char buf[1400], dl[160], tl[160], hl[160];
        ic_exact_cert_list(dl, sizeof dl, ds, nd);
        ic_exact_cert_list(tl, sizeof tl, Ts, nT);
        ic_exact_cert_list(hl, sizeof hl, Hs, nH);
        if (do_exact) {
            ic_exact_cert_routes(cert, &sc);
            ic_exact_cert_identity(cert, "loss_formula_vs_model",
                                   "(a) terms of E||yhat - s_{t+2}||^2 - L_U row by row: the model's exact expectation, built from "
                                   "its predictions by characters, equals the closed form L_U",
                                   &xs.model, &xe.model, &sc, "expectation by characters (sum of squared coefficients)", NULL);
            ic_exact_cert_identity(cert, "sum_of_squares_identity",
                                   "(b) terms of the sum-of-squares form minus L_U, row by row (doc/c2-unitary.md)",
                                   &xs.sos, &xe.sos, &sc, "SOS form with rational coefficients", NULL);
            ic_exact_cert_identity(cert, "authors_loss_correction",
                                   "(c) terms of (L_authors - L_U) - p_{-2}^2 ||C||_F^2, row by row: the authors' unitary.py loss "
                                   "exceeds the exact loss by exactly sum_t p_{-2}^2 ||C||_F^2",
                                   &xs.excess, &xe.excess, &sc, "both losses and the correction as polynomials", NULL);
            ic_exact_cert_identity(cert, "gradient",
                                   "(d) terms of dL/dx - formula for every C entry and used P entry, for the exact loss "
                                   "(G = 2 S' C + 2 Q (C 1) 1^T - 2 R I) and the authors' loss (S in place of S')",
                                   &xs.grad, &xe.grad, &sc, "fmpq_mpoly_derivative of the loss against the formula",
                                   "the directional derivative along a random integer direction r by the exact five-point "
                                   "stencil (the loss is quartic) against r . formula");
            /* (e) the minimiser family */
            {
                char scope[600], method[400];
                snprintf(scope, sizeof scope, "every c != 0 and every (d, H, T) with d in %s, H in %s, T in %s", dl, hl, tl);
                snprintf(method, sizeof method,
                         "rational functions of c: values in Q[c, z] with z = 1/c, cleared to c^k R(c, 1/c) and compared "
                         "with 0 as polynomials; %ld configurations, %ld rows",
                         xs.family.configs, xs.family.rows);
                ic_exact_cert_family(cert, "minimum_value",
                                     "(e) terms of the numerators of L - (T-1)(d - min(H, d)) and of every gradient entry "
                                     "in A, B, P at A = [I_r 0], B = c [I_r 0], p_{-1} = 1/c, other used entries 0",
                                     &xs.family, scope, method);
            }
            if (bio_n) {
                snprintf(buf, sizeof buf, "%ld", bio_bad);
                ic_cert_check_status(cert, "heads_biorthogonal",
                                     "(C3) configurations where A = M, B = c M^{-T} fails B^T A = c I or A B^T = c I_H",
                                     buf, "==", "0", bio_bad ? "fail" : "pass");
                char *cs = fmpq_get_str(NULL, 10, cq);
                snprintf(buf, sizeof buf, "H = d in %s, c = %s, one random rational invertible M per (d, T)", dl, cs);
                flint_free(cs);
                ic_cert_proof(cert, IC_PROOF_EXACT, buf,
                              "exact rational linear algebra (fmpq_mat): M diagonally dominant with dyadic entries, "
                              "B solved exactly from M^T B = c I; for every invertible M, B^T A = c M^{-1} M = c I and "
                              "A B^T = M c M^{-1} = c I (doc/c2-unitary.md)");
            }
            if (lb_points) {
                snprintf(buf, sizeof buf, "%ld", lb_viol);
                ic_cert_check_status(cert, "lower_bound_H_lt_d",
                                     "exact rational points of rank <= H (random, and the minimiser nudged by 2^-8) with "
                                     "L_U < (T-1)(d-H)",
                                     buf, "==", "0", lb_viol ? "fail" : "pass");
                snprintf(buf, sizeof buf, "H < d in the sweep: %ld exact rational points", lb_points);
                ic_cert_proof(cert, IC_PROOF_PAPER, buf,
                              "proof on paper: doc/c2-unitary.md, \"Fewer heads than dimensions (H < d)\" (tr(C)^2 <= rank(C) "
                              "||C||_F^2); sampled here at exact rational points, compared exactly");
            } else {   /* nothing to check: not a pass */
                ic_cert_not_applicable(cert, "lower_bound_H_lt_d",
                                       "exact rational points of rank <= H (random, and the minimiser nudged by 2^-8) with "
                                       "L_U < (T-1)(d-H)",
                                       NULL, NULL, NULL, "no configuration of the sweep has H < d");
            }
        }
        if (do_sampled) {
            /* the sampled cross-check */
            snprintf(buf, sizeof buf, "%ld", sw.n_points);
            ic_cert_measure_str(cert, "random_points", "random dyadic points of the MPFR cross-check", buf);
            snprintf(buf, sizeof buf, "%ld", sw.n_configs);
            ic_cert_measure_str(cert, "configurations", "(d, H, T) configurations of the MPFR cross-check", buf);
            ic_cert_measure(cert, "eps", "rounding budget of the cross-check: 2^(40-prec) times max(1, |scale|)", sw.b.eps);
            static const char *const xs_names[NK] = { "loss_formula_vs_model_sampled", "sum_of_squares_sampled",
                                                      "gradient_sampled", "minimum_value_sampled" };
            static const char *const xs_what[NK] = {
                "max |L_U - E||yhat - s||^2| / budget at random dyadic points in MPFR, the expectation by characters",
                "max |L_U - SOS form| and |L_authors - L_U - sum p_{-2}^2 ||C||_F^2| / budget in MPFR",
                "max |analytic - 5-point stencil| at random points and |gradient| at the minimisers / budget in MPFR",
                "max |L(minimiser) - (T-1) max(d-H, 0)| and ||A B^T - c I_H|| for H = d, / budget in MPFR",
            };
            for (int k = 0; k < NK; k++) {
                ic_budget_report(&sw.b, (size_t)k, cert, xs_names[k], xs_what[k]);
                ic_cert_proof(cert, IC_PROOF_NUMERIC, "the random dyadic points of this run",
                              "sampled cross-check: MPFR at the working precision against a rounding budget; the proofs "
                              "are the checks above");
            }
        }
        ic_cert_finding(cert, "authors_unitary_loss",
                    "the authors' unitary.py loss uses ||p||^2 ||C||_F^2 where the exact expectation has "
                    "(||p||^2 - p_{-2}^2) ||C||_F^2: it exceeds the exact loss by sum_t p_{-2}^2 ||C||_F^2 "
                    "(proved above as a polynomial identity); the minimisers are the same",
                    NULL);
        /* The closed-form minimum of every (d, H, T) of the sweep (issue 19). */
        ic_cert_data(cert, "minima_for_heads", ic_diag_minima_json(ds, nd, Hs, nH, Ts, nT, 1));
        int any_lt = 0;   /* the finding's hypothesis: some H < d in the sweep */
        for (size_t i = 0; i < nd; i++)
            for (size_t j = 0; j < nH; j++)
                any_lt |= Hs[j] < ds[i];
        if (any_lt)
            ic_cert_finding(cert, "heads_below_d",
                            "with H < d the minimum is (T-1)(d-H) > 0, attained by C = c diag(1,..,1,0,..,0) of rank H "
                            "with p_{-1} = 1/c: zero loss needs H >= d",
                            NULL);
    }
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        ic_exact_result_clear(all[i]);
    ic_exact_rand_clear(&er);
    fmpq_clear(cq);
    mpfr_clear(c);
    ic_budget_clear(&sw.b);
    return rc;
}

/* ---------- compare: trained weights against the closed form ---------- */
