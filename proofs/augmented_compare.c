/* Claim C1, compare mode: are trained W_KQ, W_V the one-step-GD
 * construction with the predicted step size?  Three tests: the block
 * pattern (only the (3,2) block of W_KQ and the (1,2) block of W_V reach
 * the prediction, each a multiple of I), the effective step eta = gamma v
 * against eta*_pool, and agreement of the predictions with the one-GD-step
 * predictor on fresh sequences. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "augmented.h"

const icp_spec aug_compare_params[] = {
    { "WKQ", ICP_FILE, NULL, NULL, "key-query weights W_KQ, 3d x 3d (.npy; score = e_t^T W_KQ e_T)" },
    { "WV", ICP_FILE, NULL, NULL, "value weights W_V, 3d x 3d (.npy; output = W_V e_t, prediction = block 1)" },
    { "d", ICP_INT, "5", NULL, "expected token dimension" },
    { "N", ICP_INT, "49", NULL, "pooled positions T = 1..N the weights were trained on (n - 1)" },
    { "data", ICP_WORD, "rotations", "rotations|haar",
      "fresh test sequences; eta reference eta*_pool (rotations) or its Monte Carlo estimate (haar)" },
    { "scale", ICP_WORD, "one", "one|sqrt", "score scale the weights were trained with: 1 or 1/sqrt(3d)" },
    { "sequences", ICP_INT, "256", NULL, "fresh test sequences for the prediction-level check" },
    { "tol-block", ICP_REAL, "0.02", NULL,
      "largest allowed norm of an off-pattern block relative to the GD block, and ||block - c I|| / ||c I||" },
    { "tol-eta", ICP_REAL, "0.02", NULL, "allowed |eta / eta_ref - 1|" },
    { "tol-pred", ICP_REAL, "0.02", NULL, "allowed relative distance of the predictions to one GD step" },
    { "seed", ICP_INT, "7", NULL, "seed of the fresh test sequences" },
    ICP_END
};

/* Frobenius norm of the d x d block (bi, bj) of a 3d x 3d matrix. */
static double block_norm(const double *W, size_t d, size_t bi, size_t bj)
{
    double s = 0;
    for (size_t i = 0; i < d; i++)
        for (size_t j = 0; j < d; j++) {
            double x = W[(bi * d + i) * 3 * d + bj * d + j];
            s += x * x;
        }
    return sqrt(s);
}

/* tr(block)/d and ||block - c I||_F / ||c I||_F. */
static double block_scalar(const double *W, size_t d, size_t bi, size_t bj, double *dev)
{
    double tr = 0, s = 0;
    for (size_t i = 0; i < d; i++)
        tr += W[(bi * d + i) * 3 * d + bj * d + i];
    double c = tr / (double)d;
    for (size_t i = 0; i < d; i++)
        for (size_t j = 0; j < d; j++) {
            double x = W[(bi * d + i) * 3 * d + bj * d + j] - (i == j ? c : 0);
            s += x * x;
        }
    *dev = c != 0 ? sqrt(s) / (fabs(c) * sqrt((double)d)) : INFINITY;
    return c;
}

static json_t *blocks_json(const double *W, size_t d)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < 3; i++) {
        json_t *r = json_array();
        for (size_t j = 0; j < 3; j++)
            json_array_append_new(r, json_real(block_norm(W, d, i, j)));
        json_array_append_new(rows, r);
    }
    return rows;
}

/* One GD step predictions eta G_T s_T at positions 1..N into Y (rows 0..N). */
static void gd_predict(double *Y, const double *s, size_t N, size_t d, double eta)
{
    double *G = calloc(d * d, sizeof *G);
    memset(Y, 0, d * sizeof *Y);
    for (size_t T = 1; T <= N; T++) {
        for (size_t i = 0; i < d; i++)
            for (size_t j = 0; j < d; j++)
                G[i * d + j] += s[T * d + i] * s[(T - 1) * d + j];
        for (size_t i = 0; i < d; i++) {
            double a = 0;
            for (size_t j = 0; j < d; j++)
                a += G[i * d + j] * s[T * d + j];
            Y[T * d + i] = eta * a;
        }
    }
    free(G);
}

/* The exact expected pooled loss of the weights in the rotation model
 * (character expansion in double, augmented_search.c), when small enough. */
static void exact_loss(icc_cert *cert, const double *WKQ, const double *WV, size_t d, size_t N, double sc,
                       double lopt)
{
    ic_err e2 = { 0 };
    aug_terms *tm = N <= 40 ? aug_terms_new(AUG_ROTATIONS, d, 1, (long)N, &e2) : NULL;
    if (!tm) {
        icc_measure_str(cert, "loss_model_exact", "exact pooled loss of the weights", "not computed (too large)");
        return;
    }
    size_t D = 3 * d, m = 2 * d;
    double *K = malloc(m * m * sizeof *K), *V = malloc(d * m * sizeof *V);
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < m; j++)
            K[i * m + j] = sc * WKQ[(d + i) * D + d + j];
    for (size_t i = 0; i < d; i++)
        for (size_t j = 0; j < m; j++)
            V[i * m + j] = WV[i * D + d + j];
    double L = aug_terms_loss(tm, K, V, NULL, NULL);
    icc_measure_d(cert, "loss_model_exact",
                  "exact expected pooled loss sum_{T=1..N} E||yhat - s_{T+1}||^2 of the weights (rotation model, "
                  "character expansion in double)",
                  L);
    icc_measure_d(cert, "loss_gap_to_construction", "loss_model_exact - loss_gd_exact (< 0: better than one GD step)",
                  L - lopt);
    aug_terms_free(tm);
    free(K);
    free(V);
}

int aug_compare(const icp_set *ps, icc_cert *cert, ic_err *err)
{
    mpfr_prec_t p = icp_int(ps, "prec");
    long dl = icp_int(ps, "d"), Nl = icp_int(ps, "N"), nsl = icp_int(ps, "sequences");
    if (dl < 1 || dl > 64)
        return ic_err_set(err, IC_EINPUT, "--d: %ld is outside 1..64", dl);
    if (Nl < 1 || Nl > 1000)
        return ic_err_set(err, IC_EINPUT, "--N: %ld is outside 1..1000", Nl);
    if (nsl < 1 || nsl > 100000)
        return ic_err_set(err, IC_EINPUT, "--sequences: %ld is outside 1..100000", nsl);
    int haar = strcmp(icp_get(ps, "data"), "haar") == 0;
    if (!haar && dl % 2)
        return ic_err_set(err, IC_EINPUT, "--d: rotation data needs an even d, got %ld (use --data haar)", dl);
    icm_mat A = { 0 }, B = { 0 };
    int rc = ic_load_matrix(ps, "WKQ", cert, &A, p, err);
    if (!rc)
        rc = ic_load_matrix(ps, "WV", cert, &B, p, err);
    if (!rc && (A.rows != A.cols || A.rows % 3 || A.rows == 0))
        rc = ic_err_set(err, IC_EINPUT, "%s: W_KQ must be 3d x 3d, got (%zu, %zu)", icp_get(ps, "WKQ"), A.rows, A.cols);
    if (!rc && (B.rows != A.rows || B.cols != A.cols))
        rc = ic_err_set(err, IC_EINPUT, "%s: W_V has shape (%zu, %zu) but W_KQ has (%zu, %zu)", icp_get(ps, "WV"),
                        B.rows, B.cols, A.rows, A.cols);
    if (rc)
        goto out;
    size_t d = A.rows / 3, want = (size_t)dl, N = (size_t)Nl, ns = (size_t)nsl;
    char buf[256];
    snprintf(buf, sizeof buf, "%zu", d);
    icc_check_status(cert, "dimension", "token dimension d of the weights (3d x 3d) against --d", buf, "==",
                     icp_get(ps, "d"), d == want ? "pass" : "fail");
    if (d != want) {
        snprintf(buf, sizeof buf, "the weights are %zu x %zu, i.e. d = %zu, but the construction for d = %zu is "
                                  "%zu x %zu: not comparable",
                 A.rows, A.cols, d, want, 3 * want, 3 * want);
        icc_measure_str(cert, "dimension_reason", "why the comparison stopped", buf);
        goto out;
    }
    size_t D = 3 * d;
    double *WKQ = malloc(D * D * sizeof *WKQ), *WV = malloc(D * D * sizeof *WV);
    icm_get_d(WKQ, &A);
    icm_get_d(WV, &B);
    double sc = aug_scale(icp_get(ps, "scale"), d);
    double tb = icp_real(ps, "tol-block"), te = icp_real(ps, "tol-eta"), tp = icp_real(ps, "tol-pred");

    /* Block pattern over the blocks that reach the prediction. */
    double gk = block_norm(WKQ, d, 2, 1), gv = block_norm(WV, d, 0, 1);
    double offk = fmax(fmax(block_norm(WKQ, d, 1, 1), block_norm(WKQ, d, 1, 2)), block_norm(WKQ, d, 2, 2));
    double offv = block_norm(WV, d, 0, 2);
    icc_data(cert, "WKQ_block_norms", blocks_json(WKQ, d));
    icc_data(cert, "WV_block_norms", blocks_json(WV, d));
    icc_check_d(cert, "WKQ_block_pattern",
                "max norm of the used W_KQ blocks (2,2), (2,3), (3,3) relative to the GD block (3,2) "
                "(key s_{t-1} . query s_T)",
                gk > 0 ? offk / gk : INFINITY, "<=", tb);
    icc_check_d(cert, "WV_block_pattern",
                "norm of the W_V block (1,3) relative to the GD block (1,2) (value s_t -> output block 1)",
                gv > 0 ? offv / gv : INFINITY, "<=", tb);
    double devk, devv;
    double gam = block_scalar(WKQ, d, 2, 1, &devk), v = block_scalar(WV, d, 0, 1, &devv);
    icc_check_d(cert, "WKQ_block_identity", "||Gamma - gamma I||_F / ||gamma I||_F for the W_KQ (3,2) block", devk,
                "<=", tb);
    icc_check_d(cert, "WV_block_identity", "||V - v I||_F / ||v I||_F for the W_V (1,2) block", devv, "<=", tb);
    double eta = sc * gam * v;
    icc_measure_d(cert, "gamma", "tr(W_KQ block (3,2)) / d", gam);
    icc_measure_d(cert, "v", "tr(W_V block (1,2)) / d", v);
    icc_measure_d(cert, "eta", "effective step eta = scale * gamma * v", eta);

    /* Fresh sequences. */
    aug_rng r;
    aug_rng_seed(&r, (uint64_t)icp_int(ps, "seed"));
    size_t n = N + 1; /* positions 0..N */
    double *S = malloc(ns * (n + 1) * d * sizeof *S), *Y = malloc(n * d * sizeof *Y), *Z = malloc(n * d * sizeof *Z);
    rc = aug_gen_data(S, ns, n, d, haar ? AUG_DATA_HAAR : AUG_DATA_ROTATIONS, &r, err);
    if (rc)
        goto free_all;
    double eref;
    if (!haar) {
        mpfr_t e;
        mpfr_init2(e, p);
        aug_eta_pool(e, (long)d, (long)N);
        eref = mpfr_get_d(e, MPFR_RNDN);
        mpfr_clear(e);
        icc_measure_d(cert, "eta_star_pool", "eta*_pool = 3d / (2N + 3d - 2) (closed form, commuting data)", eref);
    } else {
        /* least-squares step on the fresh sequences: sum <g, s> / sum ||g||^2, g = G_T s_T */
        double num = 0, den = 0;
        for (size_t b = 0; b < ns; b++) {
            const double *s = S + b * (n + 1) * d;
            gd_predict(Z, s, N, d, 1.0);
            for (size_t T = 1; T <= N; T++)
                for (size_t i = 0; i < d; i++) {
                    num += Z[T * d + i] * s[(T + 1) * d + i];
                    den += Z[T * d + i] * Z[T * d + i];
                }
        }
        eref = num / den;
        icc_measure_d(cert, "eta_pool_mc", "Monte Carlo pooled optimal step on the fresh Haar sequences", eref);
    }
    icc_check_d(cert, "eta_vs_optimum", haar ? "|eta / eta_pool_mc - 1| (Haar: Monte Carlo reference)"
                                              : "|eta / eta*_pool - 1|",
                fabs(eta / eref - 1), "<=", te);
    double dist = 0, nrm = 0, lm = 0, lg = 0;
    for (size_t b = 0; b < ns; b++) {
        const double *s = S + b * (n + 1) * d;
        aug_predict(Y, WKQ, WV, s, n, d, sc);
        gd_predict(Z, s, N, d, eref);
        for (size_t T = 1; T <= N; T++)
            for (size_t i = 0; i < d; i++) {
                double y = Y[T * d + i], z = Z[T * d + i], t = s[(T + 1) * d + i];
                dist += (y - z) * (y - z);
                nrm += z * z;
                lm += (y - t) * (y - t);
                lg += (z - t) * (z - t);
            }
    }
    icc_check_d(cert, "prediction_vs_gd",
                "sqrt(sum ||yhat - eta_ref G_T s_T||^2 / sum ||eta_ref G_T s_T||^2) over fresh sequences, T = 1..N",
                sqrt(dist / nrm), "<=", tp);
    icc_measure_d(cert, "loss_model", "mean over fresh sequences of sum_{T=1..N} ||yhat - s_{T+1}||^2", lm / (double)ns);
    icc_measure_d(cert, "loss_gd", "the same for one GD step with eta_ref", lg / (double)ns);
    if (!haar) {
        mpfr_t e;
        mpfr_init2(e, p);
        aug_loss_pool(e, (long)d, (long)N);
        double lopt = mpfr_get_d(e, MPFR_RNDN);
        icc_measure_d(cert, "loss_gd_exact", "exact expected pooled loss of the construction at eta*_pool", lopt);
        mpfr_clear(e);
        exact_loss(cert, WKQ, WV, d, N, sc, lopt);
    }
free_all:
    free(S);
    free(Y);
    free(Z);
    free(WKQ);
    free(WV);
out:
    icm_clear(&A);
    icm_clear(&B);
    return rc;
}
