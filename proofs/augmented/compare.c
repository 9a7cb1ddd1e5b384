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

#include "augmented/augmented.h"

const ic_param_spec aug_compare_params[] = {
    { "WKQ", IC_PARAM_FILE, "", NULL, "key-query weights W_KQ, 3d x 3d (.npy; score = e_t^T W_KQ e_T); or --WQ and --WK" },
    { "WV", IC_PARAM_FILE, NULL, NULL, "value weights W_V, 3d x 3d (.npy; output = W_V e_t, prediction = block 1)" },
    { "WQ", IC_PARAM_FILE, "", NULL, "authors' extras: query map (nn.Linear weight, q = W_Q e + b_Q); needs --WK" },
    { "WK", IC_PARAM_FILE, "", NULL, "authors' extras: key map (k = W_K e + b_K); score (k_t . q_T)" },
    { "bQ", IC_PARAM_FILE, "", NULL, "authors' extras: query bias (length 3d); with it --bV (and --bK, --bO, --bF when present)" },
    { "bK", IC_PARAM_FILE, "", NULL, "authors' extras: key bias" },
    { "bV", IC_PARAM_FILE, "", NULL, "authors' extras: value bias" },
    { "WO", IC_PARAM_FILE, "", NULL, "authors' extras: the attention's output map (needs --WF)" },
    { "bO", IC_PARAM_FILE, "", NULL, "authors' extras: its bias" },
    { "ln-g", IC_PARAM_FILE, "", NULL, "authors' extras: LayerNorm gain (needs --ln-b)" },
    { "ln-b", IC_PARAM_FILE, "", NULL, "authors' extras: LayerNorm offset" },
    { "WF", IC_PARAM_FILE, "", NULL, "authors' extras: the outer output map (prediction = rows 0..d-1)" },
    { "bF", IC_PARAM_FILE, "", NULL, "authors' extras: its bias" },
    { "residual", IC_PARAM_WORD, "no", "yes|no", "authors' extras: the input token is added after LayerNorm" },
    { "d", IC_PARAM_INT, "5", NULL, "expected token dimension", "[1, 64]" },
    { "N", IC_PARAM_INT, "49", NULL, "pooled positions T = 1..N the weights were trained on (n - 1)", "[1, 1000]" },
    { "data", IC_PARAM_WORD, "rotations", "rotations|haar",
      "fresh test sequences; eta reference eta*_pool (rotations) or its Monte Carlo estimate (haar)" },
    { "scale", IC_PARAM_WORD, "one", "one|sqrt", "score scale the weights were trained with: 1 or 1/sqrt(3d)" },
    { "sequences", IC_PARAM_INT, "256", NULL, "fresh test sequences for the prediction-level check", "[1, 100000]" },
    { "tol-block", IC_PARAM_REAL, "0.02", NULL,
      "largest allowed norm of an off-pattern block relative to the GD block, and ||block - c I|| / ||c I||", "[0, inf)" },
    { "tol-eta", IC_PARAM_REAL, "0.02", NULL, "allowed |eta / eta_ref - 1|", "[0, inf)" },
    { "tol-pred", IC_PARAM_REAL, "0.02", NULL, "allowed relative distance of the predictions to one GD step", "[0, inf)" },
    { "seed", IC_PARAM_INT, "7", NULL, "seed of the fresh test sequences" },
    IC_PARAM_PREC,
    IC_PARAM_MAX_BYTES,
    IC_PARAM_END
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
 * (character expansion in double, proofs/augmented/dense_search.c), when small enough. */
static void exact_loss(ic_cert *cert, const double *WKQ, const double *WV, size_t d, size_t N, double sc,
                       double lopt)
{
    ic_err e2 = { 0 };
    aug_terms *tm = N <= 40 ? aug_terms_new(AUG_ROTATIONS, d, 1, (long)N, &e2) : NULL;
    if (!tm) {
        ic_cert_measure_str(cert, "loss_model_exact", "exact pooled loss of the weights", "not computed (too large)");
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
    ic_cert_measure_d(cert, "loss_model_exact",
                  "exact expected pooled loss sum_{T=1..N} E||yhat - s_{T+1}||^2 of the weights (rotation model, "
                  "character expansion in double)",
                  L);
    ic_cert_measure_d(cert, "loss_gap_to_construction", "loss_model_exact - loss_gd_exact (< 0: better than one GD step)",
                  L - lopt);
    aug_terms_free(tm);
    free(K);
    free(V);
}

/* Loads one array into dst after checking its shape (D x D or D). */
static int load_into(const ic_param_set *ps, const char *name, ic_cert *cert, int mat, size_t D, const char *first,
                     double *dst, ic_err *err)
{
    ic_npy_array a;
    /* The shape from the header, before the data is converted or inflated. */
    int rc = ic_probe_array(ps, name, &a, err);
    if (rc)
        return rc;
    int okshape = mat ? (a.ndim == 2 && a.shape[0] == D && a.shape[1] == D) : (a.ndim == 1 && a.shape[0] == D);
    if (okshape && (rc = ic_load_array(ps, name, cert, &a, err)) != IC_OK)
        return rc;
    if (!okshape) {
        char sh[64] = "";
        for (size_t i = 0, l = 0; i < a.ndim && i < 4; i++)
            l += (size_t)snprintf(sh + l, sizeof sh - l, i ? ", %zu" : "%zu", a.shape[i]);
        if (mat)
            rc = ic_err_set(err, IC_EINPUT, "%s: --%s has shape (%s) but --%s has (%zu, %zu)", ic_param_get(ps, name),
                            name, sh, first, D, D);
        else
            rc = ic_err_set(err, IC_EINPUT, "%s: --%s has shape (%s), expected (%zu) from --%s", ic_param_get(ps, name),
                            name, sh, D, first);
    } else {
        memcpy(dst, a.data, a.size * sizeof *dst);
    }
    ic_npy_free(&a);
    return rc;
}

/* Reads the weight files into net and *P (which files are given decides
 * the model: --WQ/--WK split, --bQ biases, --ln-g LayerNorm, --WO/--WF
 * output maps; --residual and --scale are words).  That the files given
 * make one model is checked before (augmented_check). */
static int load_weights(const ic_param_set *ps, ic_cert *cert, aug_net *net, double **P, ic_err *err)
{
    int split = ic_param_get(ps, "WQ") || ic_param_get(ps, "WK");
    const char *first = split ? "WQ" : "WKQ";
    ic_npy_array a;
    int rc = ic_probe_array(ps, first, &a, err);
    size_t D = a.ndim == 2 ? a.shape[0] : 0;
    int okshape = a.ndim == 2 && a.shape[0] == a.shape[1] && D % 3 == 0 && D > 0 && D <= 192;
    if (!rc && okshape)
        rc = ic_load_array(ps, first, cert, &a, err);
    if (rc)
        return rc;
    if (!okshape) {
        rc = ic_err_set(err, IC_EINPUT, "%s: W_%s must be 3d x 3d (d <= 64), got %zu dimensions (%zu, %zu)",
                        ic_param_get(ps, first), split ? "Q" : "KQ", a.ndim, a.ndim > 0 ? a.shape[0] : 0,
                        a.ndim > 1 ? a.shape[1] : 0);
        ic_npy_free(&a);
        return rc;
    }
    int bias = ic_param_get(ps, "bQ") != NULL, ln = ic_param_get(ps, "ln-g") || ic_param_get(ps, "ln-b");
    int out = ic_param_get(ps, "WO") || ic_param_get(ps, "WF");
    aug_net_init(net, D / 3, split, bias, ln, out, strcmp(ic_param_get(ps, "residual"), "yes") == 0,
                 aug_scale(ic_param_get(ps, "scale"), D / 3));
    *P = malloc(net->np * sizeof **P);
    if (!*P) {
        ic_npy_free(&a);
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    }
    memcpy(*P, a.data, D * D * sizeof **P);
    ic_npy_free(&a);
    for (int k = 1; k < AUG_NP && !rc; k++)
        if (net->off[k] != SIZE_MAX)
            rc = load_into(ps, aug_compare_param(net, k), cert, aug_net_is_matrix(k), D, first, *P + net->off[k],
                           err);
    return rc;
}

int aug_compare(const ic_param_set *ps, ic_cert *cert, ic_err *err)
{
    mpfr_prec_t p = ic_param_int(ps, "prec");
    int rc = augmented_check("compare", ps, err);  /* ranges, even d, which files go together */
    if (rc)
        return rc;
    long dl = ic_param_int(ps, "d"), Nl = ic_param_int(ps, "N"), nsl = ic_param_int(ps, "sequences");
    int haar = strcmp(ic_param_get(ps, "data"), "haar") == 0;
    /* everything below compares trained weights in double against tolerances */
    ic_cert_default_proof(cert, IC_PROOF_NUMERIC, "the weights of this certificate",
                          "trained weights compared in double precision with the closed form, tolerance stated");
    aug_net net;
    double *P = NULL;
    rc = load_weights(ps, cert, &net, &P, err);
    if (rc) {
        free(P);
        return rc;
    }
    size_t d = net.d, want = (size_t)dl, N = (size_t)Nl, ns = (size_t)nsl, D = net.D;
    char buf[256];
    snprintf(buf, sizeof buf, "%zu", d);
    ic_cert_check_status(cert, "dimension", "token dimension d of the weights (3d x 3d) against --d", buf, "==",
                     ic_param_get(ps, "d"), d == want ? "pass" : "fail");
    ic_cert_proof(cert, IC_PROOF_EXACT, "the weights of this certificate", "integer comparison of the array shapes");
    if (d != want) {
        snprintf(buf, sizeof buf, "the weights are %zu x %zu, i.e. d = %zu, but the construction for d = %zu is "
                                  "%zu x %zu: not comparable",
                 D, D, d, want, 3 * want, 3 * want);
        ic_cert_measure_str(cert, "dimension_reason", "why the comparison stopped", buf);
        free(P);
        return IC_OK;
    }
    int extras = aug_net_extras(&net);
    double *KQc = malloc(2 * D * D * sizeof *KQc), *Vc = KQc + D * D;
    double *work = malloc(aug_net_work(N + 1, d) * sizeof *work);
    /* theory: the weights themselves; extras: the composite maps (scale folded in) */
    const double *WKQ = P + net.off[AUG_P_WQ], *WV = P + net.off[AUG_P_WV];
    double sc = net.sc, esc = sc;
    if (extras) {
        aug_net_composite(&net, P, KQc, Vc);
        WKQ = KQc;
        WV = Vc;
        esc = 1;
        ic_cert_measure_str(cert, "composite",
                        "extras present: the checks below read the composite maps",
                        "W_KQ^c = scale W_K^T W_Q (or scale W_KQ); W_V^c = W_F diag(ln_g) (I - 11^T/3d) W_O W_V "
                        "(absent factors = I); biases, residual and LayerNorm's 1/sigma_T enter the "
                        "prediction-level checks only");
    }
    double tb = ic_param_real(ps, "tol-block"), te = ic_param_real(ps, "tol-eta"), tp = ic_param_real(ps, "tol-pred");
    const char *pre = extras ? "composite " : "";
    char what[512];

    /* Block pattern over the blocks that reach the prediction. */
    double gk = block_norm(WKQ, d, 2, 1), gv = block_norm(WV, d, 0, 1);
    double offk = fmax(fmax(block_norm(WKQ, d, 1, 1), block_norm(WKQ, d, 1, 2)), block_norm(WKQ, d, 2, 2));
    double offv = block_norm(WV, d, 0, 2);
    ic_cert_data(cert, "WKQ_block_norms", blocks_json(WKQ, d));
    ic_cert_data(cert, "WV_block_norms", blocks_json(WV, d));
    snprintf(what, sizeof what,
             "max norm of the used %sW_KQ blocks (2,2), (2,3), (3,3) relative to the GD block (3,2) "
             "(key s_{t-1} . query s_T)", pre);
    ic_cert_check_d(cert, "WKQ_block_pattern", what, gk > 0 ? offk / gk : INFINITY, "<=", tb);
    snprintf(what, sizeof what, "norm of the %sW_V block (1,3) relative to the GD block (1,2) (value s_t -> output block 1)",
             pre);
    ic_cert_check_d(cert, "WV_block_pattern", what, gv > 0 ? offv / gv : INFINITY, "<=", tb);
    double devk, devv;
    double gam = block_scalar(WKQ, d, 2, 1, &devk), v = block_scalar(WV, d, 0, 1, &devv);
    snprintf(what, sizeof what, "||Gamma - gamma I||_F / ||gamma I||_F for the %sW_KQ (3,2) block", pre);
    ic_cert_check_d(cert, "WKQ_block_identity", what, devk, "<=", tb);
    snprintf(what, sizeof what, "||V - v I||_F / ||v I||_F for the %sW_V (1,2) block", pre);
    ic_cert_check_d(cert, "WV_block_identity", what, devv, "<=", tb);
    double eta = esc * gam * v;
    ic_cert_measure_d(cert, "gamma", extras ? "tr(composite W_KQ block (3,2)) / d (scale included)" : "tr(W_KQ block (3,2)) / d",
                  gam);
    ic_cert_measure_d(cert, "v", extras ? "tr(composite W_V block (1,2)) / d" : "tr(W_V block (1,2)) / d", v);
    ic_cert_measure_d(cert, "eta", extras ? "composite step gamma * v (without LayerNorm's 1/sigma_T)"
                                      : "effective step eta = scale * gamma * v",
                  eta);

    /* Fresh sequences. */
    aug_rng r;
    aug_rng_seed(&r, (uint64_t)ic_param_int(ps, "seed"));
    size_t n = N + 1; /* positions 0..N */
    double *S = malloc(ns * (n + 1) * d * sizeof *S), *Y = malloc(n * d * sizeof *Y), *Z = malloc(n * d * sizeof *Z);
    double *fn = calloc(n, sizeof *fn), *fd = calloc(n, sizeof *fd), *en = calloc(n, sizeof *en),
           *ed = calloc(n, sizeof *ed);
    rc = aug_gen_data(S, ns, n, d, haar ? AUG_DATA_HAAR : AUG_DATA_ROTATIONS, &r, err);
    if (rc)
        goto free_all;
    /* per-position optimal steps: d/(T+d-1) (commuting data) or the Monte
     * Carlo least-squares step on the fresh sequences (Haar) */
    for (size_t b = 0; b < ns; b++) {
        const double *s = S + b * (n + 1) * d;
        gd_predict(Z, s, N, d, 1.0);
        for (size_t T = 1; T <= N; T++)
            for (size_t i = 0; i < d; i++) {
                en[T] += Z[T * d + i] * s[(T + 1) * d + i];
                ed[T] += Z[T * d + i] * Z[T * d + i];
            }
    }
    for (size_t T = 1; T <= N; T++)
        en[T] = haar ? (ed[T] > 0 ? en[T] / ed[T] : 0) : (double)d / (double)(T + d - 1);
    double eref;
    if (!haar) {
        mpfr_t e;
        mpfr_init2(e, p);
        aug_eta_pool(e, (long)d, (long)N);
        eref = mpfr_get_d(e, MPFR_RNDN);
        mpfr_clear(e);
        ic_cert_measure_d(cert, "eta_star_pool", "eta*_pool = 3d / (2N + 3d - 2) (closed form, commuting data)", eref);
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
        ic_cert_measure_d(cert, "eta_pool_mc", "Monte Carlo pooled optimal step on the fresh Haar sequences", eref);
    }
    double dist = 0, nrm = 0, lm = 0, lg = 0, dpp = 0, npp = 0, lgp = 0;
    for (size_t b = 0; b < ns; b++) {
        const double *s = S + b * (n + 1) * d;
        if (extras)
            aug_net_predict(&net, P, s, n, Y, work);
        else
            aug_predict(Y, WKQ, WV, s, n, d, sc);
        gd_predict(Z, s, N, d, eref);
        for (size_t T = 1; T <= N; T++)
            for (size_t i = 0; i < d; i++) {
                double y = Y[T * d + i], z = Z[T * d + i], t = s[(T + 1) * d + i];
                dist += (y - z) * (y - z);
                nrm += z * z;
                lm += (y - t) * (y - t);
                lg += (z - t) * (z - t);
                double zt = z / eref * en[T]; /* one GD step with the step of position T */
                dpp += (y - zt) * (y - zt);
                npp += zt * zt;
                lgp += (zt - t) * (zt - t);
                fn[T] += y * z; /* z = eref g: the fit of y onto g is eref <y, z> / <z, z> */
                fd[T] += z * z;
            }
    }
    if (extras) {
        /* the model's step, fitted: pooled and per position */
        double sn = 0, sd = 0;
        json_t *per = json_array();
        for (size_t T = 1; T <= N; T++) {
            sn += fn[T];
            sd += fd[T];
            json_array_append_new(per, json_real(fd[T] > 0 ? eref * fn[T] / fd[T] : 0));
        }
        ic_cert_data(cert, "eta_fit_per_position", per);
        double wT = 0;
        json_t *ref = json_array();
        for (size_t T = 1; T <= N; T++) {
            json_array_append_new(ref, json_real(en[T]));
            if (fd[T] > 0)
                wT = fmax(wT, fabs(eref * fn[T] / fd[T] / en[T] - 1));
        }
        ic_cert_data(cert, "eta_ref_per_position", ref);
        ic_cert_measure_d(cert, "eta_fit_vs_eta_star_T",
                      haar ? "max over T of |eta_fit(T) / eta_mc(T) - 1|: the model's per-position step against the "
                             "Monte Carlo optimal step of each position"
                           : "max over T of |eta_fit(T) / eta*(T) - 1|, eta*(T) = d/(T+d-1)",
                      wT);
        ic_cert_measure_d(cert, "eta_composite", "composite step gamma * v (without LayerNorm's 1/sigma_T)", eta);
        eta = sd > 0 ? eref * sn / sd : 0;
        ic_cert_measure_d(cert, "eta_fit",
                      "least-squares step of the model's predictions onto G_T s_T, pooled over T = 1..N "
                      "(the step the full model takes, biases, residual and LayerNorm included)",
                      eta);
    }
    ic_cert_check_d(cert, "eta_vs_optimum",
                haar ? (extras ? "|eta_fit / eta_pool_mc - 1| (Haar: Monte Carlo reference)"
                               : "|eta / eta_pool_mc - 1| (Haar: Monte Carlo reference)")
                     : (extras ? "|eta_fit / eta*_pool - 1|" : "|eta / eta*_pool - 1|"),
                fabs(eta / eref - 1), "<=", te);
    ic_cert_check_d(cert, "prediction_vs_gd",
                "sqrt(sum ||yhat - eta_ref G_T s_T||^2 / sum ||eta_ref G_T s_T||^2) over fresh sequences, T = 1..N",
                sqrt(dist / nrm), "<=", tp);
    ic_cert_measure_d(cert, "prediction_vs_gd_per_position",
                  "the same distance to one GD step with each position's own optimal step (d/(T+d-1), or Monte "
                  "Carlo for Haar): LayerNorm's 1/sigma_T lets a model take it",
                  sqrt(dpp / npp));
    ic_cert_measure_d(cert, "loss_model", "mean over fresh sequences of sum_{T=1..N} ||yhat - s_{T+1}||^2", lm / (double)ns);
    ic_cert_measure_d(cert, "loss_gd", "the same for one GD step with eta_ref", lg / (double)ns);
    ic_cert_measure_d(cert, "loss_gd_per_position", "the same for one GD step with each position's optimal step",
                  lgp / (double)ns);
    if (!haar) {
        mpfr_t e;
        mpfr_init2(e, p);
        aug_loss_pool(e, (long)d, (long)N);
        double lopt = mpfr_get_d(e, MPFR_RNDN);
        ic_cert_measure_d(cert, "loss_gd_exact", "exact expected pooled loss of the construction at eta*_pool", lopt);
        mpfr_clear(e);
        if (extras)
            ic_cert_measure_str(cert, "loss_model_exact", "exact pooled loss of the weights",
                            "not computed (extras on: not a polynomial in the angles)");
        else
            exact_loss(cert, WKQ, WV, d, N, sc, lopt);
    }
free_all:
    free(S);
    free(Y);
    free(Z);
    free(fn);
    free(fd);
    free(en);
    free(ed);
    free(KQc);
    free(work);
    free(P);
    return rc;
}
