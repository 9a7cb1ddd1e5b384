/* Claim C4, compare mode: trained (A, B, P) against the zero-loss family
 * C = c I + e S, p_{-1} = 1/c, p_{-2} = -e/(c(c+e)).  Only invariants are
 * compared (C, its singular values, scale-free ratios of P, the loss),
 * never raw A and B, because of the symmetries (A, B) -> (M A, M^{-T} B). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "certificates/abp_shapes.h"
#include "certificates/max_precision.h"
#include "spectra/decision.h"
#include "spectra/enclosure.h"
#include "training/diagnosis.h"
#include "orthogonal/orthogonal.h"

const ic_param_spec ortho_compare_params[] = {
    { "A", IC_PARAM_FILE, NULL, NULL, "key-query weights, H x d (.npy), d even" },
    { "B", IC_PARAM_FILE, NULL, NULL, "value weights, H x d (.npy)" },
    { "P", IC_PARAM_FILE, NULL, NULL, "positional weights, T x T (.npy)" },
    { "tol-C", IC_PARAM_REAL, "1e-2", NULL,
      "tolerance of ||C - (cI + eS)||_F / |c| and of the largest off-block entry / |c|", "[0, inf)" },
    { "tol-P", IC_PARAM_REAL, "1e-5", NULL, "tolerance of max_t |c P[t,t+1] - 1| and max_t |c P[t,t] + e/(c+e)|", "[0, inf)" },
    { "tol-other", IC_PARAM_REAL, "1e-5", NULL, "tolerance of |c| max |P[t,t']| over used t' < t", "[0, inf)" },
    { "tol-loss", IC_PARAM_REAL, "1e-6", NULL, "tolerance of L_O / ((T-1) d)", "[0, inf)" },
    { "tol-rank", IC_PARAM_REAL, "1e-2", NULL,
      "singular values below tol-rank * sigma_max do not count towards the implied head count", "[0, 1]" },
    { "tol-gap", IC_PARAM_REAL, "1e-6", NULL,
      "at the minimum for the head count when (L_O - (T-1) max(d-2H, 0)) / ((T-1) d) is at most this", "[0, inf)" },
    { "tol-grad", IC_PARAM_REAL, "1e-4", NULL, "stationary when ||grad L_O||_2 (A, B, used P) is at most this",
      "[0, inf)" },
    { "tol-hess", IC_PARAM_REAL, "1e-6", NULL,
      "no negative curvature when the Hessian's lambda_min >= -tol-hess max(1, |lambda_max|)", "[0, inf)" },
    { "hessian-max", IC_PARAM_INT, "400", NULL,
      "largest number of used parameters 2Hd + (T-1)(T+2)/2 for which the Hessian is computed", "[0, 5000]" },
    IC_PARAM_PREC,
    IC_PARAM_MAX_BYTES,
    IC_PARAM_MAX_PREC,
    IC_PARAM_END
};



/* The shapes of A, B (H x d) and P (T x T, T >= 2), read from the files'
 * headers, and the cost they imply checked against the ceilings
 * (ic_claim_check_work), all before any matrix is loaded: an archive
 * member of the wrong shape is refused before it is inflated. */
/* c = tr(C)/d, e = mean of C_{j j^} over the d pair-swap entries. */
static void family_fit(mpfr_ptr c, mpfr_ptr e, const ic_mat *C)
{
    size_t d = C->rows;
    ic_mat_trace(c, C);
    mpfr_div_ui(c, c, d, MPFR_RNDN);
    mpfr_set_zero(e, 1);
    for (size_t j = 0; j < d; j++)
        mpfr_add(e, e, IC_MAT_AT(C, j, j ^ 1), MPFR_RNDN);
    mpfr_div_ui(e, e, d, MPFR_RNDN);
}

/* ||C - (cI + eS)||_F and the largest |C_jk| with k outside j's pair. */
static void c_residuals(mpfr_ptr res, mpfr_ptr off, const ic_mat *C, mpfr_srcptr c, mpfr_srcptr e)
{
    mpfr_t u;
    mpfr_init2(u, C->prec);
    mpfr_set_zero(res, 1);
    mpfr_set_zero(off, 1);
    for (size_t j = 0; j < C->rows; j++)
        for (size_t k = 0; k < C->cols; k++) {
            mpfr_set(u, IC_MAT_AT(C, j, k), MPFR_RNDN);
            if (k == j)
                mpfr_sub(u, u, c, MPFR_RNDN);
            else if (k == (j ^ 1))
                mpfr_sub(u, u, e, MPFR_RNDN);
            else {
                mpfr_abs(u, u, MPFR_RNDN);
                mpfr_max(off, off, u, MPFR_RNDN);
            }
            mpfr_fma(res, u, u, res, MPFR_RNDN);
        }
    mpfr_sqrt(res, res, MPFR_RNDN);
    mpfr_clear(u);
}

static void check_tol(ic_cert *cert, const char *name, const char *what, mpfr_srcptr v, double tol)
{
    mpfr_t b;
    mpfr_init2(b, 64);
    mpfr_set_d(b, tol, MPFR_RNDN);
    ic_cert_check(cert, name, what, v, "<=", b);
    mpfr_clear(b);
}

static void loss_o(mpfr_ptr L, const ic_mat *C, const ic_mat *P, size_t T)
{
    ortho_loss(L, C, P, T);
}

static const ic_diag_model diag_model = {
    "L_O", loss_o, ortho_grad, 2, "(T-1) max(d-2H, 0)",
    "doc/c4-orthogonal.md section 4: lower bound from tr(C)^2 <= 2H ||C'||_F^2, attained by solving H pairs",
};

/* The state of each pair's 2 x 2 block of C, relative to tol-C: solved
 * (c [[1,1],[1,1]], e = c), e = -c (c [[1,-1],[-1,1]], the spurious
 * stationary points of doc/c4-orthogonal.md section 5), zero, or other. */
typedef struct {
    size_t solved, minus, zero, other;
} pair_states;

static pair_states classify_pairs(const ic_mat *C, double tol)
{
    size_t d = C->rows;
    double s = 0;
    for (size_t i = 0; i < d * d; i++)
        s = fmax(s, fabs(mpfr_get_d(C->e[i], MPFR_RNDN)));
    pair_states ps = { 0, 0, 0, 0 };
    for (size_t k = 0; 2 * k + 1 < d; k++) {
        double a = mpfr_get_d(IC_MAT_AT(C, 2 * k, 2 * k), MPFR_RNDN);
        double b = mpfr_get_d(IC_MAT_AT(C, 2 * k, 2 * k + 1), MPFR_RNDN);
        double g = mpfr_get_d(IC_MAT_AT(C, 2 * k + 1, 2 * k), MPFR_RNDN);
        double h = mpfr_get_d(IC_MAT_AT(C, 2 * k + 1, 2 * k + 1), MPFR_RNDN);
        double big = fmax(fmax(fabs(a), fabs(b)), fmax(fabs(g), fabs(h)));
        double cc = (a + h) / 2, ee = (b + g) / 2, t = tol * fabs(cc);
        if (big <= tol * s)
            ps.zero++;
        else if (fabs(a - h) > t || fabs(b - g) > t)
            ps.other++;
        else if (fabs(ee - cc) <= t)
            ps.solved++;
        else if (fabs(ee + cc) <= t)
            ps.minus++;
        else
            ps.other++;
    }
    return ps;
}

/* Where the weights sit (ic_diag, src/training/diagnosis.h) and, for the
 * orthogonal claim, the state of each pair: whether a stationary point is
 * of the e = -c family. */
static int diagnose(const ic_param_set *ps, ic_cert *cert, const ic_mat *A, const ic_mat *B, const ic_mat *P,
                    const ic_mat *C, ic_err *err)
{
    size_t d = A->cols, T = P->rows;
    ic_diag_opts o = { ic_param_real(ps, "tol-gap"), ic_param_real(ps, "tol-grad"), ic_param_real(ps, "tol-hess"),
                       ic_param_int(ps, "hessian-max"), (mpfr_prec_t)ic_param_int(ps, "prec"),
                       ic_decide_max_prec(ps, (mpfr_prec_t)ic_param_int(ps, "prec")) };
    if (!(o.tol_gap >= 0) || !(o.tol_grad >= 0) || !(o.tol_hess >= 0) || o.hess_max < 0)
        return ic_err_set(err, IC_EINPUT, "--tol-gap, --tol-grad, --tol-hess and --hessian-max must be >= 0");
    ic_diag_result r;
    int rc = ic_diag_run(&r, &diag_model, A, B, P, &o, cert, err);
    if (rc)
        return rc;
    pair_states st = classify_pairs(C, ic_param_real(ps, "tol-C"));
    char buf[512], extra[1024];
    snprintf(buf, sizeof buf, "%zu solved (e = c), %zu at e = -c, %zu zero, %zu other, of %zu", st.solved, st.minus,
             st.zero, st.other, d / 2);
    ic_cert_measure_str(cert, "pair_states",
                        "2 x 2 blocks of C per pair, within tol-C: c[[1,1],[1,1]] (solved), c[[1,-1],[-1,1]] "
                        "(e = -c), zero, or other",
                        buf);
    if (st.minus) {
        /* With every pair at e = -c and the best P, L = d sum_{t=0}^{T-2} 1/(t+2) (section 5). */
        mpfr_t h;
        mpfr_init2(h, 128);
        mpfr_set_zero(h, 1);
        for (size_t t = 0; t + 1 < T; t++) {
            mpfr_t u;
            mpfr_init2(u, 128);
            mpfr_set_ui(u, 1, MPFR_RNDN);
            mpfr_div_ui(u, u, (unsigned long)(t + 2), MPFR_RNDN);
            mpfr_add(h, h, u, MPFR_RNDN);
            mpfr_clear(u);
        }
        mpfr_mul_ui(h, h, (unsigned long)d, MPFR_RNDN);
        char *hs = ic_cert_fmt(h);
        mpfr_sub(h, r.L, h, MPFR_RNDN);
        mpfr_abs(h, h, MPFR_RNDN);
        mpfr_div_ui(h, h, (unsigned long)((T - 1) * d), MPFR_RNDN);
        int same = mpfr_cmp_d(h, o.tol_gap) <= 0;
        if (st.minus == d / 2)
            snprintf(extra, sizeof extra,
                     "of the e = -c family: every pair's block of C is c[[1,-1],[-1,1]], where the loss with the "
                     "best P is d sum_{t=0}^{T-2} 1/(t+2) = %s (doc/c4-orthogonal.md section 5)%s",
                     hs ? hs : "?", same ? ", and L_O has that value within tol-gap" : ", which L_O is not (P is not the best for this C)");
        else
            snprintf(extra, sizeof extra,
                     "of the e = -c family in part: %zu of the %zu pairs at e = -c (block c[[1,-1],[-1,1]]), %zu "
                     "solved (e = c), %zu zero, %zu other (doc/c4-orthogonal.md section 5)",
                     st.minus, d / 2, st.solved, st.zero, st.other);
        free(hs);
        mpfr_clear(h);
    } else {
        snprintf(extra, sizeof extra, "%s: pairs %zu solved (e = c), %zu zero, %zu other, none at e = -c",
                 r.state == IC_DIAG_STATIONARY ? "not of the e = -c family" : "pair states", st.solved, st.zero,
                 st.other);
    }
    ic_diag_finding(cert, &diag_model, &r, extra);
    ic_diag_result_clear(&r);
    return IC_OK;
}

int ortho_compare(const ic_param_set *ps, ic_cert *cert, ic_err *err)
{
    mpfr_prec_t p = ic_param_int(ps, "prec");
    ic_mat A = { 0 }, B = { 0 }, P = { 0 }, C = { 0 };
    int rc = ortho_check("compare", ps, err);
    if (!rc)
        rc = ic_claim_check_abp_shapes(ps, p, 1, err);
    if (!rc)
        rc = ic_load_matrix(ps, "A", cert, &A, p, err);
    if (!rc)
        rc = ic_load_matrix(ps, "B", cert, &B, p, err);
    if (!rc)
        rc = ic_load_matrix(ps, "P", cert, &P, p, err);
    if (!rc)
        rc = ic_mat_init(&C, A.cols, A.cols, p, err);
    if (rc)
        goto out;
    size_t H = A.rows, d = A.cols, T = P.rows;
    char buf[256];
    snprintf(buf, sizeof buf, "d = %zu, H = %zu, T = %zu", d, H, T);
    ic_cert_measure_str(cert, "dimensions", "token dimension, heads, sequence length (from the inputs)", buf);
    int exact = ic_mat_mul_tn(&C, &B, &A);
    ic_cert_measure_str(cert, "C_exact", "C = B^T A formed without rounding from the stored values",
                    exact ? "yes" : "no");

    mpfr_t c, e, ce, r, r2, r3, nc, target;
    mpfr_inits2(p, c, e, ce, r, r2, r3, nc, target, (mpfr_ptr)0);
    family_fit(c, e, &C);
    ic_cert_measure(cert, "c", "c = tr(C) / d", c);
    ic_cert_measure(cert, "e", "e = mean of the pair-swap entries C[2k,2k+1], C[2k+1,2k]", e);
    mpfr_add(ce, c, e, MPFR_RNDN);
    if (mpfr_zero_p(c) || mpfr_zero_p(ce)) {
        ic_cert_check_status(cert, "family_defined", "the family needs c != 0 and c + e != 0",
                         mpfr_zero_p(c) ? "c = 0" : "c + e = 0", NULL, NULL, "fail");
        goto done;
    }
    mpfr_div(r, e, c, MPFR_RNDN);
    ic_cert_measure(cert, "e_over_c", "e / c (1 for the H < d members, 0 for the unitary solution C = cI)", r);
    mpfr_abs(nc, c, MPFR_RNDN);

    /* C against the family. */
    c_residuals(r, r2, &C, c, e);
    mpfr_div(r, r, nc, MPFR_RNDN);
    mpfr_div(r2, r2, nc, MPFR_RNDN);
    check_tol(cert, "C_family_residual", "||C - (cI + eS)||_F / |c|  (C4: C = cI + eS)", r,
              ic_param_real(ps, "tol-C"));
    check_tol(cert, "C_off_block", "max |C[j,k]| / |c| over k outside j's pair", r2, ic_param_real(ps, "tol-C"));

    /* Singular values (enclosed) and the implied head count, decided three
     * ways: sigma_{d/2} > tol-rank * sigma_1 (at least d/2 values count).
     * C is re-formed from B and A at each precision tried. */
    {
        mpfr_t tr;
        mpfr_init2(tr, p);
        ic_param_real_mpfr(ps, "tol-rank", tr);
        ic_decide_kth q = { d / 2 ? d / 2 - 1 : 0, tr, NULL };
        ic_decide_tn ba = { &B, &A };
        ic_decide_result dec;
        rc = ic_decide_decide(&dec, IC_DECIDE_SVD, ic_decide_build_tn, &ba, p, ic_decide_max_prec(ps, p), ic_decide_kth_above, &q, err);
        if (!rc) {
            int rig = dec.spec.rigorous && dec.exact;
            ic_cert_data(cert, "C_singular_values", ic_decide_spectrum_json(&dec.spec));
            ic_cert_measure_str(cert, "C_singular_values_rigorous", "the singular value radii are proven bounds",
                            rig ? "yes" : "no");
            size_t lo = 0, hi = d;
            if (rig)
                ic_decide_count_above(&dec.spec, tr, NULL, &lo, &hi);
            if (lo == hi)
                snprintf(buf, sizeof buf, "%zu", lo);
            else
                snprintf(buf, sizeof buf, "%zu..%zu", lo, hi);
            ic_cert_measure_str(cert, "implied_heads",
                            "rank(C) counting singular values above tol-rank * sigma_max (proven range): d/2 when "
                            "e = c, d otherwise",
                            buf);
            char half[32];
            snprintf(half, sizeof half, "%zu", d / 2);
            ic_cert_check_status(cert, "implied_heads_at_least_d_half",
                             "zero loss needs rank C >= d/2 (C4): sigma_{d/2} > tol-rank * sigma_1, decided on the "
                             "enclosure",
                             buf, ">=", half, ic_decide_status(dec.verdict));
            ic_cert_proof(cert, IC_PROOF_ENCLOSURE, "the C = B^T A of these weights",
                          "rigorous Arb ball enclosure of the singular values of C, decided against the threshold "
                          "tol-rank * sigma_1 (the threshold itself is a choice, not a proof)");
            snprintf(buf, sizeof buf, "%ld", (long)dec.bits);
            ic_cert_measure_str(cert, "spectrum_decided_at_bits",
                            "precision of the enclosure that decided implied_heads_at_least_d_half", buf);
        }
        ic_decide_result_clear(&dec);
        mpfr_clear(tr);
        if (rc)
            goto done;
    }

    /* Positional weights: p_{-1} = 1/c, p_{-2} = -e/(c(c+e)), i.e. c p_{-2} = -e/(c+e). */
    mpfr_div(target, e, ce, MPFR_RNDN);
    mpfr_neg(target, target, MPFR_RNDN);
    ic_loss_p_residuals(r, r2, r3, &P, c, target, T);
    check_tol(cert, "P_newest_key", "max_t |c P[t,t+1] - 1|  (p_{-1} = 1/c)", r, ic_param_real(ps, "tol-P"));
    check_tol(cert, "P_query_key", "max_t |c P[t,t] + e/(c+e)|  (p_{-2} = -e/(c(c+e)))", r2,
              ic_param_real(ps, "tol-P"));
    check_tol(cert, "P_other_entries", "|c| max |P[t,t']| over used t' < t  (all other used entries 0)", r3,
              ic_param_real(ps, "tol-other"));
    mpfr_set_d(target, -0.5, MPFR_RNDN);
    ic_loss_p_residuals(r, r2, r3, &P, c, target, T);
    ic_cert_measure(cert, "trig_relation_residual",
                "max_t |c P[t,t] + 1/2|: distance to the e = c member (s_{t+2} = 2 cos(theta) s_{t+1} - s_t)", r2);

    /* The loss. */
    ortho_loss(r, &C, &P, T);
    ic_cert_measure(cert, "loss", "exact expected loss L_O summed over rows 0..T-2 (= authors' orthogonal.py)", r);
    mpfr_set(r3, r, MPFR_RNDN);
    mpfr_div_ui(r, r, (unsigned long)((T - 1) * d), MPFR_RNDN);
    check_tol(cert, "loss_relative", "L_O / ((T-1) d), the loss relative to the zero model's", r,
              ic_param_real(ps, "tol-loss"));
    rc = diagnose(ps, cert, &A, &B, &P, &C, err);
    if (rc)
        goto done;
    ic_cert_data(cert, "C", ic_cert_matrix_json(&C));
    ic_cert_data(cert, "P", ic_cert_matrix_json(&P));
done:
    mpfr_clears(c, e, ce, r, r2, r3, nc, target, (mpfr_ptr)0);
out:
    ic_mat_clear(&A);
    ic_mat_clear(&B);
    ic_mat_clear(&P);
    ic_mat_clear(&C);
    return rc;
}
