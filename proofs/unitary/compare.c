/* Claim unitary, compare mode: trained weights against the closed forms
 * (the checks are listed in proofs/unitary/README.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "certificates/abp_shapes.h"
#include "certificates/max_precision.h"
#include "spectra/decision.h"
#include "spectra/enclosure.h"
#include "certificates/rounding_budget.h"
#include "numbers/test_points.h"
#include "training/diagnosis.h"
#include "training/reduced_descent.h"
#include "unitary/unitary.h"

const ic_param_spec unitary_compare_params[] = {
    { "A", IC_PARAM_FILE, NULL, NULL, "key-query weights, H x d (.npy)" },
    { "B", IC_PARAM_FILE, NULL, NULL, "value weights, H x d (.npy)" },
    { "P", IC_PARAM_FILE, NULL, NULL, "positional weights, T x T (.npy)" },
    { "tol", IC_PARAM_REAL, "1e-5", NULL, "default tolerance of every relative residual", "[0, inf)" },
    { "tol-C", IC_PARAM_REAL, "", NULL, "tolerance of ||C - cI||_F / |c| (default: tol)", "[0, inf)" },
    { "tol-P", IC_PARAM_REAL, "", NULL, "tolerance of max_t |c P[t,t+1] - 1| (default: tol)", "[0, inf)" },
    { "tol-other", IC_PARAM_REAL, "", NULL, "tolerance of |c| max |other used P entries| (default: tol)", "[0, inf)" },
    { "tol-heads", IC_PARAM_REAL, "", NULL, "tolerance of ||A B^T - c I_H||_F / |c| (default: tol)", "[0, inf)" },
    { "tol-loss", IC_PARAM_REAL, "", NULL, "tolerance of L_U / ((T-1) d) (default: tol)", "[0, inf)" },
    { "tol-gap", IC_PARAM_REAL, "", NULL,
      "at the minimum for the head count when (L_U - (T-1) max(d-H, 0)) / ((T-1) d) is at most this (default: tol)",
      "[0, inf)" },
    { "tol-grad", IC_PARAM_REAL, "1e-4", NULL, "stationary when ||grad L_U||_2 (A, B, used P) is at most this",
      "[0, inf)" },
    { "tol-hess", IC_PARAM_REAL, "1e-6", NULL,
      "no negative curvature when the Hessian's lambda_min >= -tol-hess max(1, |lambda_max|)", "[0, inf)" },
    { "hessian-max", IC_PARAM_INT, "500", NULL,
      "largest number of used parameters 2Hd + (T-1)(T+2)/2 for which the Hessian is computed", "[0, 5000]" },
    IC_PARAM_PREC,
    IC_PARAM_MAX_BYTES,
    IC_PARAM_MAX_PREC,
    IC_PARAM_END
};

static double tol_of(const ic_param_set *ps, const char *name)
{
    return ic_param_given(ps, name) ? ic_param_real(ps, name) : ic_param_real(ps, "tol");
}

static void tol_mpfr(mpfr_ptr x, const ic_param_set *ps, const char *name)
{
    ic_param_real_mpfr(ps, ic_param_given(ps, name) ? name : "tol", x);
}


/* The shapes of A, B (H x d) and P (T x T, T >= 2), read from the files'
 * headers, and the cost they imply checked against the ceilings
 * (ic_claim_check_work), all before any matrix is loaded: an archive
 * member of the wrong shape is refused before it is inflated. */
static void loss_u(mpfr_ptr L, const ic_mat *C, const ic_mat *P, size_t T)
{
    ic_loss_unitary_loss(L, C, P, T, IC_LOSS_EXACT);
}

static const ic_diag_model diag_model = {
    "L_U", loss_u, unitary_grad, 1, "(T-1) max(d-H, 0)",
    "doc/c2-unitary.md, fewer heads than dimensions: tr(C)^2 <= rank(C) ||C||_F^2, attained by C of rank H",
};

/* Where the weights sit (ic_diag, src/training/diagnosis.h), with the
 * spectrum of C: how many eigenvalues are near c (solved coordinates). */
static int diagnose(const ic_param_set *ps, ic_cert *cert, const ic_mat *A, const ic_mat *B, const ic_mat *P,
                    ic_err *err)
{
    mpfr_prec_t p = (mpfr_prec_t)ic_param_int(ps, "prec");
    ic_diag_opts o = { tol_of(ps, "tol-gap"), ic_param_real(ps, "tol-grad"), ic_param_real(ps, "tol-hess"),
                       ic_param_int(ps, "hessian-max"), p, ic_decide_max_prec(ps, p) };
    ic_diag_result r;
    int rc = ic_diag_run(&r, &diag_model, A, B, P, &o, cert, err);
    if (rc)
        return rc;
    ic_diag_finding(cert, &diag_model, &r, NULL);
    ic_diag_result_clear(&r);
    return IC_OK;
}

int unitary_compare(const ic_param_set *ps, ic_cert *cert, ic_err *err)
{
    mpfr_prec_t p = ic_param_int(ps, "prec");
    ic_mat A = { 0 }, B = { 0 }, P = { 0 }, C = { 0 }, D = { 0 }, AB = { 0 };
    int rc = unitary_check("compare", ps, err);  /* the diagnosis' tolerances */
    if (!rc)
        rc = ic_claim_check_abp_shapes(ps, p, 0, err);
    if (!rc)
        rc = ic_load_matrix(ps, "A", cert, &A, p, err);
    if (!rc)
        rc = ic_load_matrix(ps, "B", cert, &B, p, err);
    if (!rc)
        rc = ic_load_matrix(ps, "P", cert, &P, p, err);
    if (rc)
        goto out;
    size_t H = A.rows, d = A.cols, T = P.rows;
    rc = ic_mat_init(&C, d, d, p, err);
    if (!rc)
        rc = ic_mat_init(&D, d, d, p, err);
    if (!rc)
        rc = ic_mat_init(&AB, H, H, p, err);
    if (rc)
        goto out;
    char buf[64];
    snprintf(buf, sizeof buf, "d = %zu, H = %zu, T = %zu", d, H, T);
    ic_cert_measure_str(cert, "dimensions", "token dimension, heads, sequence length (from the inputs)", buf);
    int exact = ic_mat_mul_tn(&C, &B, &A);
    ic_cert_measure_str(cert, "C_exact", "C = B^T A formed without rounding from the stored floats",
                    exact ? "yes" : "no");

    mpfr_t c, r, nrm, bound;
    mpfr_inits2(p, c, r, nrm, bound, (mpfr_ptr)0);
    ic_mat_trace(c, &C);
    mpfr_div_ui(c, c, d, MPFR_RNDN);
    ic_cert_measure(cert, "c", "c = tr(C) / d", c);
    if (mpfr_zero_p(c)) {
        ic_cert_check_status(cert, "c_nonzero", "the closed form needs c != 0", "0", "!=", "0", "fail");
        goto done;
    }
    /* ||C - c I||_F / |c| */
    ic_mat_copy(&D, &C);
    for (size_t j = 0; j < d; j++)
        mpfr_sub(IC_MAT_AT(&D, j, j), IC_MAT_AT(&D, j, j), c, MPFR_RNDN);
    ic_mat_frob(r, &D);
    mpfr_abs(nrm, c, MPFR_RNDN);
    mpfr_div(r, r, nrm, MPFR_RNDN);
    tol_mpfr(bound, ps, "tol-C");
    ic_cert_check(cert, "C_identity_residual", "||C - c I||_F / |c|  (C2: C proportional to I)", r, "<=", bound);

    /* The spectrum of C, decided three ways: every eigenvalue within
     * tol-C |c| of c (one cluster of multiplicity d).  C is re-formed from
     * B and A at each precision ic_decide tries, so the statement is about the
     * exact B^T A even where C above was rounded. */
    {
        mpfr_t R, zero, tol;
        mpfr_inits2(2 * p + 64, R, zero, tol, (mpfr_ptr)0);
        mpfr_set_zero(zero, 1);
        tol_mpfr(tol, ps, "tol-C");
        mpfr_abs(R, c, MPFR_RNDN);
        mpfr_mul(R, R, tol, MPFR_RNDN); /* exact: 2p + 64 bits hold the product */
        ic_decide_disc disc = { c, zero, R };
        ic_decide_tn ba = { &B, &A };
        ic_decide_result dec;
        rc = ic_decide_decide(&dec, IC_DECIDE_EIG_GEN, ic_decide_build_tn, &ba, p, ic_decide_max_prec(ps, p), ic_decide_within, &disc, err);
        if (!rc) {
            mpfr_t md;
            mpfr_init2(md, 64);
            ic_decide_max_dist(md, &dec.spec, c, zero);
            mpfr_div(md, md, nrm, MPFR_RNDU);
            char *v = ic_cert_fmt(md), *b = ic_cert_fmt(tol);
            ic_cert_check_status(cert, "C_spectrum_clusters",
                             "every eigenvalue of C lies within tol-C |c| of c (one cluster of multiplicity d); "
                             "value: proven upper bound of max |lambda - c| / |c|",
                             v, "<=", b, ic_decide_status(dec.verdict));
            ic_cert_proof(cert, IC_PROOF_ENCLOSURE, "the C = B^T A of these weights",
                          "rigorous Arb ball enclosure of the eigenvalues of C, decided against the tolerance tol-C "
                          "(the tolerance itself is a choice, not a proof)");
            free(v);
            free(b);
            mpfr_clear(md);
            snprintf(buf, sizeof buf, "%ld", (long)dec.bits);
            ic_cert_measure_str(cert, "spectrum_decided_at_bits",
                            "precision of the enclosure that decided C_spectrum_clusters (the last tried if undecided)",
                            buf);
            ic_cert_measure_str(cert, "C_spectrum_rigorous", "the cluster radii are proven bounds",
                            dec.spec.rigorous && dec.exact ? "yes" : "no");
            ic_cert_data(cert, "C_spectrum_resolved", ic_decide_spectrum_json(&dec.spec));
        }
        ic_decide_result_clear(&dec);
        mpfr_clears(R, zero, tol, (mpfr_ptr)0);
        if (rc)
            goto done;
    }
    /* The same spectrum merged at the cluster tolerance, and the singular
     * values, as report data. */
    ic_encl_spectrum sp = { 0 };
    rc = ic_encl_eig_gen(&sp, &C, tol_of(ps, "tol-C"), err);
    if (rc)
        goto done;
    ic_cert_data(cert, "C_spectrum", ic_decide_spectrum_json(&sp));
    ic_encl_spectrum_clear(&sp);
    ic_encl_spectrum sv = { 0 };
    rc = ic_encl_svd(&sv, &C, tol_of(ps, "tol-C"), err);
    if (rc)
        goto done;
    ic_cert_data(cert, "C_singular_values", ic_decide_spectrum_json(&sv));
    ic_encl_spectrum_clear(&sv);

    /* Positional weights. */
    mpfr_t ro, rq, zero;
    mpfr_inits2(p, ro, rq, zero, (mpfr_ptr)0);
    mpfr_set_zero(zero, 1);
    ic_loss_p_residuals(r, rq, ro, &P, c, zero, T); /* the unitary minima have p_{-2} = 0 */
    mpfr_max(ro, ro, rq, MPFR_RNDN);
    tol_mpfr(bound, ps, "tol-P");
    ic_cert_check(cert, "P_newest_key", "max_t |c P[t,t+1] - 1|  (p_{-1} = 1/c)", r, "<=", bound);
    tol_mpfr(bound, ps, "tol-other");
    ic_cert_check(cert, "P_other_entries", "|c| max |P[t,t']| over used t' <= t  (all other used entries 0)",
              ro, "<=", bound);
    mpfr_clears(ro, rq, zero, (mpfr_ptr)0);

    /* C3: heads biorthogonal, A B^T = c I_H (only possible when H = d). */
    ic_mat_mul_nt(&AB, &A, &B);
    for (size_t h = 0; h < H; h++)
        mpfr_sub(IC_MAT_AT(&AB, h, h), IC_MAT_AT(&AB, h, h), c, MPFR_RNDN);
    ic_mat_frob(r, &AB);
    mpfr_div(r, r, nrm, MPFR_RNDN);
    if (H == d) {
        tol_mpfr(bound, ps, "tol-heads");
        ic_cert_check(cert, "heads_biorthogonal", "||A B^T - c I_H||_F / |c|  (C3, H = d)", r, "<=", bound);
    } else {
        ic_cert_measure(cert, "heads_biorthogonal", "||A B^T - c I_H||_F / |c|  (C3 applies to H = d only)", r);
    }
    /* Conservation of A A^T - B B^T under gradient flow: measured only. */
    ic_mat_mul_nt(&AB, &A, &A);
    ic_mat BB;
    if (ic_mat_init(&BB, H, H, p, err) == IC_OK) {
        ic_mat_mul_nt(&BB, &B, &B);
        ic_mat_frob(nrm, &AB);
        ic_mat_sub(&BB, &AB, &BB);
        ic_mat_frob(r, &BB);
        mpfr_div(r, r, nrm, MPFR_RNDN);
        ic_cert_measure(cert, "gram_imbalance", "||A A^T - B B^T||_F / ||A A^T||_F (conserved by gradient flow)", r);
        ic_mat_clear(&BB);
    }

    /* Loss values. */
    ic_loss_unitary_loss(r, &C, &P, T, IC_LOSS_EXACT);
    ic_cert_measure(cert, "loss", "exact expected loss L_U summed over rows 0..T-2", r);
    mpfr_div_ui(r, r, (unsigned long)((T - 1) * d), MPFR_RNDN);
    tol_mpfr(bound, ps, "tol-loss");
    ic_cert_check(cert, "loss_relative", "L_U / ((T-1) d), the loss relative to the zero model's", r, "<=", bound);
    ic_loss_unitary_loss(r, &C, &P, T, IC_LOSS_AUTHORS);
    ic_cert_measure(cert, "loss_authors", "the authors' unitary.py loss formula at the same weights", r);
    rc = diagnose(ps, cert, &A, &B, &P, err);
    if (rc)
        goto done;
    ic_cert_data(cert, "C", ic_cert_matrix_json(&C));
    ic_cert_data(cert, "P", ic_cert_matrix_json(&P));
done:
    mpfr_clears(c, r, nrm, bound, (mpfr_ptr)0);
out:
    ic_mat_clear(&A);
    ic_mat_clear(&B);
    ic_mat_clear(&P);
    ic_mat_clear(&C);
    ic_mat_clear(&D);
    ic_mat_clear(&AB);
    return rc;
}
