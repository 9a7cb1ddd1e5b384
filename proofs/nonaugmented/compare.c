/* Claim C6: `icalcheck compare nonaugmented` on weights of the authors'
 * non_augmented.py model (as written by `icalcheck train nonaugmented`).
 * Exact statements (shapes, causal masking, stochastic positional rows,
 * the recorded test loss recomputed bit for bit) are checks; the paper's
 * experimental observations (heads, positional concentration, the -1/2
 * ratio of C4, errors against simple predictors) are measured values with
 * status "info".  See doc/c6-nonaugmented.md. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nonaugmented/nonaugmented.h"

const ic_param_spec na_compare_params[] = {
    { "Wq", IC_PARAM_FILE, NULL, NULL, "query weights, H*2d x 2d (.npy)" },
    { "bq", IC_PARAM_FILE, NULL, NULL, "query bias, H*2d" },
    { "Wk", IC_PARAM_FILE, NULL, NULL, "key weights, H*2d x 2d" },
    { "bk", IC_PARAM_FILE, NULL, NULL, "key bias, H*2d" },
    { "Wv", IC_PARAM_FILE, NULL, NULL, "value weights, H*2d x 2d" },
    { "bv", IC_PARAM_FILE, NULL, NULL, "value bias, H*2d" },
    { "Wo", IC_PARAM_FILE, NULL, NULL, "attention output weights, 2d x 2d" },
    { "bo", IC_PARAM_FILE, NULL, NULL, "attention output bias, 2d" },
    { "ln_weight", IC_PARAM_FILE, NULL, NULL, "LayerNorm weight, 2d" },
    { "ln_bias", IC_PARAM_FILE, NULL, NULL, "LayerNorm bias, 2d" },
    { "Wf", IC_PARAM_FILE, NULL, NULL, "output layer weights, d x 2d" },
    { "bf", IC_PARAM_FILE, NULL, NULL, "output layer bias, d" },
    { "pos", IC_PARAM_FILE, NULL, NULL, "positional embeddings, n x 2d" },
    { "data", IC_PARAM_WORD, "haar", "haar|rotations|unitary", "test data: W Haar O(d), rotations, unitary" },
    { "seed", IC_PARAM_INT, "1", NULL, "seed of the test set (stream 2 of the trainer's seed)", "[0, 9223372036854775807]" },
    { "test-size", IC_PARAM_INT, "1024", NULL, "test sequences", "[2, 1048576]" },
    { "loss-test", IC_PARAM_REAL, "", NULL, "test loss recorded by the trainer (checked when given)" },
    { "tol-loss", IC_PARAM_REAL, "1e-12", NULL, "relative tolerance of the recomputed test loss", "[0, inf)" },
    { "concentrated", IC_PARAM_REAL, "0.9", NULL, "a head is concentrated when one lag gets this mean weight", "[0, 1]" },
    IC_PARAM_MAX_BYTES,
    IC_PARAM_END
};

typedef struct {
    na_shape s;
    double *theta;
    double *K, *V;    /* per head d x d: key-query form, composite value map */
    double *lag;      /* H x n: mean positional weight on key t - k over rows t >= k */
} net;

static int load_params(const ic_param_set *ps, ic_cert *cert, net *m, ic_err *err)
{
    ic_npy_array a[NA_NPARAM];
    memset(a, 0, sizeof a);
    int rc = IC_OK;
    /* Shapes from the headers first; the data is loaded only once every
     * shape is right and the arrays fit the memory ceiling together. */
    for (int i = 0; i < NA_NPARAM && !rc; i++)
        rc = ic_probe_array(ps, na_param_names[i], &a[i], err);
    if (rc)
        goto out;
    const ic_npy_array *wq = &a[NA_WQ], *pe = &a[NA_POS];
    if (wq->ndim != 2 || wq->shape[1] < 2 || wq->shape[1] > 128 || wq->shape[1] % 2 || wq->shape[0] % wq->shape[1]
        || wq->shape[0] == 0) {
        rc = ic_err_set(err, IC_EINPUT, "%s: Wq must be (H*2d, 2d) with 1 <= d <= 64", ic_param_get(ps, "Wq"));
        goto out;
    }
    if (pe->ndim != 2 || pe->shape[0] < 1) {
        rc = ic_err_set(err, IC_EINPUT, "%s: pos must be (n, 2d)", ic_param_get(ps, "pos"));
        goto out;
    }
    size_t D = wq->shape[1];
    na_shape_init(&m->s, D / 2, wq->shape[0] / D, pe->shape[0]);
    double total = 0;
    for (int i = 0; i < NA_NPARAM && !rc; i++) {
        size_t want[2] = { m->s.rows[i], m->s.cols[i] };
        rc = ic_npy_expect_shape(&a[i], ic_param_get(ps, na_param_names[i]), m->s.cols[i] ? 2 : 1, want, err);
        total += (double)a[i].size * sizeof(double);
    }
    if (!rc && total > (double)ic_claim_max_bytes(ps))
        rc = ic_err_set(err, IC_EINPUT, "%s: the %d arrays hold %.0f bytes together, over the memory ceiling of %zu "
                        "bytes (--max-bytes)", ic_param_get(ps, "Wq"), NA_NPARAM, total, ic_claim_max_bytes(ps));
    for (int i = 0; i < NA_NPARAM && !rc; i++) {
        size_t want[2] = { m->s.rows[i], m->s.cols[i] };
        rc = ic_load_array_shaped(ps, na_param_names[i], cert, m->s.cols[i] ? 2 : 1, want, &a[i], err);
    }
    if (rc)
        goto out;
    m->theta = malloc(m->s.off[NA_NPARAM] * sizeof *m->theta);
    if (!m->theta) {
        rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
        goto out;
    }
    for (int i = 0; i < NA_NPARAM; i++)
        memcpy(m->theta + m->s.off[i], a[i].data, a[i].size * sizeof(double));
out:
    for (int i = 0; i < NA_NPARAM; i++)
        ic_npy_free(&a[i]);
    return rc;
}

/* Effective d x d map of head h of the H*2d x 2d matrix W on the repeated
 * token: row i of (W_h[:, :d] + W_h[:, d:]). */
static double eff(const double *W, const na_shape *s, size_t h, size_t i, size_t j)
{
    const double *r = W + (h * s->D + i) * s->D;
    return r[j] + r[s->d + j];
}

/* K_h = Qe_h^T Ke_h / sqrt(D): the token score's bilinear part, x_t^T K_h x_l.
 * V_h = rho Wf diag(g) (I - 11^T/D) Wo Ve_h: the composite value map with
 * LayerNorm linearised at its mean scale rho. */
static int head_maps(net *m, double rho)
{
    const na_shape *s = &m->s;
    size_t d = s->d, D = s->D;
    const double *Wq = m->theta + s->off[NA_WQ], *Wk = m->theta + s->off[NA_WK];
    const double *Wv = m->theta + s->off[NA_WV], *Wo = m->theta + s->off[NA_WO];
    const double *Wf = m->theta + s->off[NA_WF], *g = m->theta + s->off[NA_LNW];
    double *M = malloc(d * D * sizeof *M), *c = malloc(D * sizeof *c);
    if (!M || !c) {
        free(M);
        free(c);
        return IC_EINTERNAL;
    }
    for (size_t h = 0; h < s->H; h++) {
        double *K = m->K + h * d * d, *V = m->V + h * d * d;
        for (size_t a = 0; a < d; a++)
            for (size_t b = 0; b < d; b++) {
                double x = 0;
                for (size_t i = 0; i < D; i++)
                    x += eff(Wq, s, h, i, a) * eff(Wk, s, h, i, b);
                K[a * d + b] = x / sqrt((double)D);
            }
        /* M = Wf diag(g) (I - 11^T/D): d x D. */
        for (size_t a = 0; a < d; a++) {
            double mean = 0;
            for (size_t i = 0; i < D; i++)
                mean += Wf[a * D + i] * g[i];
            mean /= (double)D;
            for (size_t i = 0; i < D; i++)
                M[a * D + i] = Wf[a * D + i] * g[i] - mean;
        }
        for (size_t b = 0; b < d; b++) {
            for (size_t j = 0; j < D; j++) {  /* c = Wo Ve_h e_b */
                c[j] = 0;
                for (size_t i = 0; i < D; i++)
                    c[j] += Wo[j * D + i] * eff(Wv, s, h, i, b);
            }
            for (size_t a = 0; a < d; a++) {
                double x = 0;
                for (size_t j = 0; j < D; j++)
                    x += M[a * D + j] * c[j];
                V[a * d + b] = rho * x;
            }
        }
    }
    free(M);
    free(c);
    return IC_OK;
}

static json_t *arr_json(const double *x, size_t m)
{
    json_t *a = json_array();
    for (size_t i = 0; i < m; i++)
        json_array_append_new(a, json_real(x[i]));
    return a;
}

static json_t *mat_json(const double *x, size_t r, size_t c)
{
    json_t *a = json_array();
    for (size_t i = 0; i < r; i++)
        json_array_append_new(a, arr_json(x + i * c, c));
    return a;
}

static void measure_fmt(ic_cert *cert, const char *name, const char *what, double v)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%.17g", v);
    ic_cert_measure_str(cert, name, what, buf);
}

/* Predictions at cut c must not depend on tokens after c. */
static int causal_ok(const double *theta, const na_shape *s, const double *S, size_t nte)
{
    size_t n = s->n, d = s->d, L = (n + 1) * d;
    double *buf = malloc(2 * L * sizeof *buf), *Y0 = malloc(2 * n * d * sizeof *Y0);
    int ok = buf && Y0;
    size_t cuts[3] = { 0, n / 2, n > 1 ? n - 2 : 0 }, idx[1] = { 0 };
    for (int k = 0; k < 3 && ok; k++) {
        size_t c = cuts[k];
        memcpy(buf, S, L * sizeof *buf);
        na_batch_loss(theta, s, buf, idx, 1, NULL, Y0);
        for (size_t j = (c + 1) * d; j < L; j++)  /* overwrite the future */
            buf[j] = S[(nte > 1 ? L : 0) + j] + 0.5;
        na_batch_loss(theta, s, buf, idx, 1, NULL, Y0 + n * d);
        for (size_t j = 0; j < (c + 1) * d; j++)
            if (Y0[j] != Y0[n * d + j])
                ok = 0;
    }
    free(buf);
    free(Y0);
    return ok;
}

/* Mean over tokens of LayerNorm's 1/sigma, by a forward pass. */
static double ln_scale(const double *theta, const na_shape *s, const double *S, size_t m)
{
    /* Recompute a_t = Wo o_t + bo through a model whose LayerNorm is the
     * identity map would need a second code path; instead use the
     * predictions: y - bf = Wf (g z + b), so the scale is read from the
     * ratio of norms of the centred pre-norm output, computed directly. */
    size_t n = s->n, d = s->d, D = s->D, H = s->H, HD = H * D;
    double *pos = malloc(H * n * n * sizeof *pos), *q = malloc(3 * n * HD * sizeof *q);
    double *o = malloc(D * sizeof *o), sum = 0;  /* D <= 128: load_params */
    if (!pos || !q || !o) {
        free(pos);
        free(q);
        free(o);
        return 1;
    }
    na_pos_attention(pos, theta, s);
    double *k = q + n * HD, *v = k + n * HD, isd = 1 / sqrt((double)D);
    const double *Wo = theta + s->off[NA_WO], *bo = theta + s->off[NA_BO];
    for (size_t b = 0; b < m; b++) {
        const double *x = S + b * (n + 1) * d;
        for (int which = 0; which < 3; which++) {
            const double *W = theta + s->off[NA_WQ + 2 * which], *bb = theta + s->off[NA_BQ + 2 * which];
            double *out = q + (size_t)which * n * HD;
            for (size_t t = 0; t < n; t++)
                for (size_t r = 0; r < HD; r++) {
                    double a = bb[r];
                    for (size_t j = 0; j < d; j++)
                        a += (W[r * D + j] + W[r * D + d + j]) * x[t * d + j];
                    out[t * HD + r] = a;
                }
        }
        for (size_t t = 0; t < n; t++) {
            memset(o, 0, D * sizeof *o);
            for (size_t h = 0; h < H; h++)
                for (size_t l = 0; l <= t; l++) {
                    double sc = 0;
                    for (size_t i = 0; i < D; i++)
                        sc += q[t * HD + h * D + i] * k[l * HD + h * D + i];
                    sc *= isd * pos[(h * n + t) * n + l];
                    for (size_t i = 0; i < D; i++)
                        o[i] += sc * v[l * HD + h * D + i];
                }
            double a[128], mu = 0, var = 0;
            for (size_t i = 0; i < D; i++) {
                a[i] = bo[i];
                for (size_t j = 0; j < D; j++)
                    a[i] += Wo[i * D + j] * o[j];
                mu += a[i];
            }
            mu /= (double)D;
            for (size_t i = 0; i < D; i++)
                var += (a[i] - mu) * (a[i] - mu);
            sum += 1 / sqrt(var / (double)D + 1e-5);
        }
    }
    free(pos);
    free(q);
    free(o);
    return sum / (double)(m * n);
}

/* Errors of simple predictors on the test set: zero, copy, one GD step
 * eta G_t x_t (G_t = sum_{l=1}^t x_l x_{l-1}^T, eta fitted), and the
 * two-key linear predictor a x_t + b x_{t-1} (a, b fitted). */
static void predictors(ic_cert *cert, const double *S, size_t m, size_t n, size_t d)
{
    double zero = 0, copy = 0, zz = 0, zy = 0, yy = 0;
    double A11 = 0, A12 = 0, A22 = 0, r1 = 0, r2 = 0;
    double *G = malloc(d * d * sizeof *G), *z = malloc(d * sizeof *z);
    if (!G || !z) {
        free(G);
        free(z);
        return;
    }
    for (size_t b = 0; b < m; b++) {
        const double *x = S + b * (n + 1) * d;
        memset(G, 0, d * d * sizeof *G);
        for (size_t t = 0; t < n; t++) {
            const double *xt = x + t * d, *y = x + (t + 1) * d, *xp = t ? x + (t - 1) * d : NULL;
            if (t)
                for (size_t i = 0; i < d; i++)
                    for (size_t j = 0; j < d; j++)
                        G[i * d + j] += xt[i] * xp[j];
            for (size_t i = 0; i < d; i++) {
                z[i] = 0;
                for (size_t j = 0; j < d; j++)
                    z[i] += G[i * d + j] * xt[j];
                double p = xp ? xp[i] : 0;
                zero += y[i] * y[i];
                copy += (y[i] - xt[i]) * (y[i] - xt[i]);
                zz += z[i] * z[i];
                zy += z[i] * y[i];
                yy += y[i] * y[i];
                A11 += xt[i] * xt[i];
                A12 += xt[i] * p;
                A22 += p * p;
                r1 += xt[i] * y[i];
                r2 += p * y[i];
            }
        }
    }
    double N = (double)(m * n * d), eta = zz > 0 ? zy / zz : 0;
    double det = A11 * A22 - A12 * A12;
    double a = det != 0 ? (r1 * A22 - r2 * A12) / det : 0, bb = det != 0 ? (A11 * r2 - A12 * r1) / det : 0;
    /* Residuals of least-squares fits: ||y||^2 - (fitted part). */
    double gd = yy - eta * zy, two = yy - (a * r1 + bb * r2);
    measure_fmt(cert, "mse_zero", "test MSE of the zero predictor (1/d for unit tokens)", zero / N);
    measure_fmt(cert, "mse_copy", "test MSE of the copy predictor yhat = x_t", copy / N);
    measure_fmt(cert, "gd_eta", "fitted step of the one-GD-step predictor eta G_t x_t", eta);
    measure_fmt(cert, "mse_gd", "test MSE of the one-GD-step predictor with the fitted eta", gd / N);
    measure_fmt(cert, "two_key_a", "fitted a of yhat = a x_t + b x_{t-1} (the two keys of C4)", a);
    measure_fmt(cert, "two_key_b", "fitted b of yhat = a x_t + b x_{t-1}", bb);
    measure_fmt(cert, "mse_two_key", "test MSE of the fitted two-key linear predictor", two / N);
    free(G);
    free(z);
}

/* Per head: lag profile, concentration; kappa_k = (1/d) sum_h w_{h,k} tr(V_h K_h^T)
 * (the theory's c p_k); head Gram matrices. */
static int heads_report(ic_cert *cert, net *m, double thr)
{
    const na_shape *s = &m->s;
    size_t d = s->d, H = s->H, n = s->n, dd = d * d;
    double *pos = malloc(H * n * n * sizeof *pos), *tr = malloc(H * sizeof *tr);
    double *GK = calloc(H * H, sizeof *GK), *GV = calloc(H * H, sizeof *GV);
    if (!pos || !tr || !GK || !GV) {
        free(pos);
        free(tr);
        free(GK);
        free(GV);
        return IC_EINTERNAL;
    }
    na_pos_attention(pos, m->theta, s);
    size_t nconc = 0, n0 = 0, n1 = 0;
    for (size_t h = 0; h < H; h++) {
        for (size_t k = 0; k < n; k++) {
            double w = 0;
            for (size_t t = k; t < n; t++)
                w += pos[(h * n + t) * n + t - k];
            m->lag[h * n + k] = w / (double)(n - k);
        }
        double best = 0;
        for (size_t k = 0; k < n; k++)
            if (m->lag[h * n + k] > best)
                best = m->lag[h * n + k];
        nconc += best >= thr;
        n0 += m->lag[h * n] >= thr;
        n1 += n > 1 && m->lag[h * n + 1] >= thr;
        tr[h] = 0;
        for (size_t j = 0; j < dd; j++)
            tr[h] += m->V[h * dd + j] * m->K[h * dd + j];
    }
    double kap[3] = { 0, 0, 0 };
    for (size_t k = 0; k < 3 && k < n; k++)
        for (size_t h = 0; h < H; h++)
            kap[k] += m->lag[h * n + k] * tr[h] / (double)d;
    char buf[96];
    snprintf(buf, sizeof buf, "%zu of %zu (lag 0: %zu, lag 1: %zu)", nconc, H, n0, n1);
    ic_cert_measure_str(cert, "heads_concentrated",
                    "heads whose mean positional weight on one lag is >= the threshold", buf);
    measure_fmt(cert, "kappa_0", "(1/d) sum_h w_{h,0} tr(V_h K_h^T): weight on the newest key (= query)", kap[0]);
    measure_fmt(cert, "kappa_1", "(1/d) sum_h w_{h,1} tr(V_h K_h^T): weight on the previous key", kap[1]);
    measure_fmt(cert, "kappa_2", "(1/d) sum_h w_{h,2} tr(V_h K_h^T)", kap[2]);
    if (kap[0] != 0)
        measure_fmt(cert, "kappa_ratio", "kappa_1 / kappa_0; C4's commuting optimum has -1/2", kap[1] / kap[0]);
    /* Cosine Gram matrices of the heads' maps (as vectors in R^{d x d}). */
    double offK = 0, offV = 0, biodiag = 0, bioff = 0;
    for (size_t h = 0; h < H; h++)
        for (size_t h2 = 0; h2 < H; h2++) {
            double kk = 0, vv = 0, nk1 = 0, nk2 = 0, nv1 = 0, nv2 = 0, vk = 0;
            for (size_t j = 0; j < dd; j++) {
                kk += m->K[h * dd + j] * m->K[h2 * dd + j];
                vv += m->V[h * dd + j] * m->V[h2 * dd + j];
                nk1 += m->K[h * dd + j] * m->K[h * dd + j];
                nk2 += m->K[h2 * dd + j] * m->K[h2 * dd + j];
                nv1 += m->V[h * dd + j] * m->V[h * dd + j];
                nv2 += m->V[h2 * dd + j] * m->V[h2 * dd + j];
                vk += m->V[h * dd + j] * m->K[h2 * dd + j];
            }
            GK[h * H + h2] = kk / sqrt(nk1 * nk2 + 1e-300);
            GV[h * H + h2] = vv / sqrt(nv1 * nv2 + 1e-300);
            if (h != h2) {
                offK = fmax(offK, fabs(GK[h * H + h2]));
                offV = fmax(offV, fabs(GV[h * H + h2]));
                bioff += vk * vk;
            } else {
                biodiag += vk * vk;
            }
        }
    measure_fmt(cert, "heads_K_max_cos", "max |cos| between two heads' key-query maps K_h", offK);
    measure_fmt(cert, "heads_V_max_cos", "max |cos| between two heads' value maps V_h", offV);
    measure_fmt(cert, "heads_biorth_offdiag",
                "||offdiag M||_F / ||diag M||_F for M[h,h'] = tr(V_h K_h'^T) (C3: 0 when biorthogonal)",
                sqrt(bioff / (biodiag + 1e-300)));
    ic_cert_data(cert, "head_trace_VK", arr_json(tr, H));
    ic_cert_data(cert, "head_lag_profile", mat_json(m->lag, H, n));
    ic_cert_data(cert, "head_gram_K", mat_json(GK, H, H));
    ic_cert_data(cert, "head_gram_V", mat_json(GV, H, H));
    /* Full positional matrices of the (up to) four heads with largest |tr(V_h K_h^T)|. */
    json_t *top = json_array();
    int used[1024] = { 0 };
    for (int r = 0; r < 4 && (size_t)r < H && H <= 1024; r++) {
        size_t best = H;
        for (size_t h = 0; h < H; h++)
            if (!used[h] && (best == H || fabs(tr[h]) > fabs(tr[best])))
                best = h;
        used[best] = 1;
        json_array_append_new(top, json_pack("{s:I, s:o, s:o, s:o}", "head", (json_int_t)best,
                                             "pos", mat_json(pos + best * n * n, n, n),
                                             "K", mat_json(m->K + best * dd, d, d),
                                             "V", mat_json(m->V + best * dd, d, d)));
    }
    ic_cert_data(cert, "top_heads", top);
    free(pos);
    free(tr);
    free(GK);
    free(GV);
    return IC_OK;
}

int na_compare(const ic_param_set *ps, ic_cert *cert, ic_err *err)
{
    net m;
    memset(&m, 0, sizeof m);
    int kind = na_data_kind(ic_param_get(ps, "data"));
    long seed = ic_param_int(ps, "seed"), nte_l = ic_param_int(ps, "test-size");
    int rc = na_check("compare", ps, err);  /* seed, test-size */
    if (!rc)
        rc = load_params(ps, cert, &m, err);
    if (rc)
        return rc;
    na_shape *s = &m.s;
    size_t d = s->d, n = s->n, H = s->H, nte = (size_t)nte_l;
    double *S = malloc(nte * (n + 1) * d * sizeof *S);
    size_t *idx = malloc(nte * sizeof *idx);
    m.K = malloc(2 * H * d * d * sizeof *m.K);
    m.lag = malloc(H * n * sizeof *m.lag);
    if (!S || !idx || !m.K || !m.lag) {
        rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
        goto out;
    }
    m.V = m.K + H * d * d;
    na_rng r;
    na_rng_seed(&r, na_stream(seed, 2));
    rc = na_gen_data(S, nte, n, d, kind, &r, err);
    if (rc)
        goto out;
    char buf[128];
    snprintf(buf, sizeof buf, "d = %zu, H = %zu, n = %zu", d, H, n);
    ic_cert_check_status(cert, "shapes", "all 13 tensors have the shapes of one model (d, H, n from Wq, pos)",
                     buf, NULL, NULL, "pass");
    ic_cert_proof(cert, IC_PROOF_EXACT, "the tensors of this certificate", "integer comparison of the array shapes");
    for (size_t i = 0; i < nte; i++)
        idx[i] = i;
    double L = na_batch_loss(m.theta, s, S, idx, nte, NULL, NULL);
    if (!isfinite(L)) {
        rc = ic_err_set(err, IC_EINPUT, "the weights give a non-finite loss");
        goto out;
    }
    measure_fmt(cert, "mse_model", "test MSE of the model (mean over sequences, positions, coordinates)", L);
    if (ic_param_given(ps, "loss-test")) {
        double rec = ic_param_real(ps, "loss-test"), tol = ic_param_real(ps, "tol-loss");
        ic_cert_check_d(cert, "loss_reproduced", "|recomputed - recorded test loss| / recorded",
                    fabs(L - rec) / fmax(fabs(rec), 1e-300), "<=", tol);
        ic_cert_proof(cert, IC_PROOF_NUMERIC, "the weights and test sequences of this certificate",
                      "test loss recomputed in double and compared with the recorded one, tolerance --tol-loss");
    }
    /* Where the weights sit: the closed-form minima per head count of
     * compare unitary/orthogonal (src/training/diagnosis.h) do not exist
     * for this model, so that diagnosis is not applicable; the gradient of
     * the test loss says whether training was still moving. */
    {
        size_t np = s->off[NA_NPARAM];
        double *g = calloc(np ? np : 1, sizeof *g);
        if (!g) {
            rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
            goto out;
        }
        na_batch_loss(m.theta, s, S, idx, nte, g, NULL);
        double g2 = 0;
        for (size_t i = 0; i < np; i++)
            g2 += g[i] * g[i];
        free(g);
        measure_fmt(cert, "test_loss_gradient_norm",
                    "||grad of the test MSE|| over all parameters (double; measured: no tolerance is claimed for "
                    "Adam-trained weights)",
                    sqrt(g2));
        ic_cert_not_applicable(cert, "minimum_for_heads",
                               "loss against the minimum for the head count (compare unitary/orthogonal)", NULL, NULL,
                               NULL,
                               "no closed-form minimum per head count is known for this model (softmax positional "
                               "scores, LayerNorm, output layer, non-commuting W; THEORY.md C6 is numeric)");
    }
    int causal = causal_ok(m.theta, s, S, nte);
    ic_cert_check_status(cert, "causal_mask",
                     "predictions at positions <= c are bit-identical after changing every token after c",
                     causal ? "identical" : "changed", NULL, NULL, causal ? "pass" : "fail");
    ic_cert_proof(cert, IC_PROOF_NUMERIC, "the test sequences of this certificate",
                  "double predictions compared bit for bit after changing later tokens: sampled, not a proof for all inputs");
    double *pos = malloc(H * n * n * sizeof *pos), worst = 0;
    if (!pos) {
        rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
        goto out;
    }
    na_pos_attention(pos, m.theta, s);
    for (size_t h = 0; h < H; h++)
        for (size_t t = 0; t < n; t++) {
            double sum = 0, neg = 0;
            for (size_t l = 0; l < n; l++) {
                double v = pos[(h * n + t) * n + l];
                sum += v;
                if (v < 0 || (l > t && v != 0))
                    neg = 1;
            }
            worst = fmax(worst, fabs(sum - 1) + neg);
        }
    free(pos);
    ic_cert_check_d(cert, "pos_rows_stochastic",
                "max |row sum - 1| of the positional attention (entries >= 0, zero above the diagonal)",
                worst, "<=", 1e-12);
    ic_cert_proof(cert, IC_PROOF_NUMERIC, "the weights of this certificate",
                  "row sums of the softmax positional attention in double, tolerance 1e-12");
    size_t mln = nte < 256 ? nte : 256;
    double rho = ln_scale(m.theta, s, S, mln);
    measure_fmt(cert, "ln_scale", "mean LayerNorm 1/sigma over 256 test sequences (linearises V_h)", rho);
    if (head_maps(&m, rho) || heads_report(cert, &m, ic_param_real(ps, "concentrated"))) {
        rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
        goto out;
    }
    predictors(cert, S, nte, n, d);
    ic_cert_finding(cert, "experimental",
                "C6 is experimental (THEORY.md: numeric): the paper states no exact property of the "
                "trained non-augmented model with non-commuting W.  Head maps, positional concentration, "
                "the kappa ratio (C4 predicts -1/2 for commuting W) and predictor errors are measured "
                "values (status info); only shapes, causality, stochastic rows and the recomputed loss "
                "are pass/fail.  K_h and V_h are composite maps: biases enter the token scores and "
                "LayerNorm is linearised at its mean scale.",
                NULL);
    if (H > d * d)
        ic_cert_finding(cert, "heads_exceed_dim",
                    "with H > d^2 the heads' d x d maps cannot be mutually orthogonal: the Gram "
                    "matrices are reported, not tested", NULL);
out:
    free(m.theta);
    free(m.K);
    free(m.lag);
    free(S);
    free(idx);
    return rc;
}
