/* Claim C7: `icalcheck compare tokens --embeddings F --ids F`: the AR-fit
 * statistic of validation_token_encoding.py on any embedding matrix and
 * token-id stream, real sequences against tokens shuffled across
 * sequences.  See doc/c7-tokens.md. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tokens/tokens.h"

const ic_param_spec tokens_compare_params[] = {
    { "embeddings", IC_PARAM_FILE, NULL, NULL, "embedding matrix, V x D (.npy), row i embeds token id i" },
    { "ids", IC_PARAM_FILE, NULL, NULL, "token ids (.npy, any shape, integer values in [0, V)), read in C order" },
    { "seq-len", IC_PARAM_INT, "5", NULL, "tokens per sequence T (the stream is cut into T-token pieces)", "[2, 256]" },
    { "max-seq", IC_PARAM_INT, "10000", NULL, "use at most this many sequences (the authors' n)", "[2, inf)" },
    { "shuffle-seed", IC_PARAM_INT, "1", NULL, "seed of the shuffle of tokens across sequences" },
    { "rcond", IC_PARAM_REAL, "1e-10", NULL, "eigenvalues of X X^T below rcond * max are dropped (min-norm fit)", "[0, 1)" },
    { "exact-floor", IC_PARAM_REAL, "1e-20", NULL, "MSE below this counts as an exact AR fit (histogram floor)", "(0, inf)" },
    { "alpha", IC_PARAM_REAL, "1e-3", NULL, "level of the one-sided Mann-Whitney test", "(0, 1)" },
    { "bins", IC_PARAM_INT, "40", NULL, "histogram bins on log10(MSE)", "[1, 1000]" },
    IC_PARAM_MAX_BYTES,
    IC_PARAM_END
};

/* splitmix64: the shuffle must not depend on the platform's rand(). */
static uint64_t next_u64(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Sequences as unit vectors: out[(s*T + k)*D + j] for token id ids[s*T + k]. */
static int gather(const ic_param_set *ps, const ic_npy_array *E, const ic_npy_array *I, size_t T, size_t N,
                  double *out, ic_err *err)
{
    size_t V = E->shape[0], D = E->shape[1];
    for (size_t i = 0; i < N * T; i++) {
        double v = I->data[i];
        if (!(v >= 0 && v < (double)V && v == floor(v)))
            return ic_err_set(err, IC_EINPUT, "%s: entry %zu is %g, not a token id in [0, %zu)",
                              ic_param_get(ps, "ids"), i, v, V);
        const double *e = E->data + (size_t)v * D;
        double nr = 0;
        for (size_t j = 0; j < D; j++)
            nr += e[j] * e[j];
        if (!(nr > 0))
            return ic_err_set(err, IC_EINPUT, "%s: row %zu (token %zu) has norm 0",
                              ic_param_get(ps, "embeddings"), (size_t)v, (size_t)v);
        nr = sqrt(nr);
        for (size_t j = 0; j < D; j++)
            out[i * D + j] = e[j] / nr;
    }
    return IC_OK;
}

static json_t *arr_json(const double *x, size_t m)
{
    json_t *a = json_array();
    for (size_t i = 0; i < m; i++)
        json_array_append_new(a, json_real(x[i]));
    return a;
}

/* Histogram of log10(max(MSE, floor)) of both samples on shared edges. */
static json_t *histogram(const double *a, const double *b, size_t N, double floor_, long bins)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < 2 * N; i++) {
        double x = log10(fmax(i < N ? a[i] : b[i - N], floor_));
        lo = fmin(lo, x);
        hi = fmax(hi, x);
    }
    if (hi <= lo)
        hi = lo + 1;
    double *edges = malloc((size_t)(bins + 1) * sizeof *edges), *ca = calloc((size_t)bins, sizeof *ca);
    double *cb = calloc((size_t)bins, sizeof *cb);
    json_t *h = NULL;
    if (edges && ca && cb) {
        for (long k = 0; k <= bins; k++)
            edges[k] = lo + (hi - lo) * (double)k / (double)bins;
        for (size_t i = 0; i < 2 * N; i++) {
            double x = log10(fmax(i < N ? a[i] : b[i - N], floor_));
            long k = (long)((x - lo) / (hi - lo) * (double)bins);
            if (k >= bins)
                k = bins - 1;
            if (k < 0)
                k = 0;
            (i < N ? ca : cb)[k] += 1;
        }
        h = json_pack("{s:s, s:o, s:o, s:o}", "x", "log10(per-sequence MSE), clamped at exact-floor",
                      "edges", arr_json(edges, (size_t)bins + 1), "original", arr_json(ca, (size_t)bins),
                      "shuffled", arr_json(cb, (size_t)bins));
    }
    free(edges);
    free(ca);
    free(cb);
    return h ? h : json_null();
}

static void measure_fmt(ic_cert *cert, const char *name, const char *what, double v)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%.17g", v);
    ic_cert_measure_str(cert, name, what, buf);
}

static void sample_stats(ic_cert *cert, const char *tag, const double *mse, const size_t *rank,
                         size_t N, size_t T, double floor_)
{
    size_t exact = 0, full = 0;
    double mean = 0;
    for (size_t i = 0; i < N; i++) {
        exact += mse[i] < floor_;
        full += rank[i] == T - 1;
        mean += mse[i];
    }
    char name[64], what[160];
    snprintf(name, sizeof name, "median_%s", tag);
    snprintf(what, sizeof what, "median per-sequence MSE, %s sequences", tag);
    measure_fmt(cert, name, what, tok_median(mse, N));
    snprintf(name, sizeof name, "mean_%s", tag);
    snprintf(what, sizeof what, "mean per-sequence MSE, %s sequences", tag);
    measure_fmt(cert, name, what, mean / (double)N);
    snprintf(name, sizeof name, "exact_fraction_%s", tag);
    snprintf(what, sizeof what, "fraction of %s sequences with MSE < exact-floor", tag);
    measure_fmt(cert, name, what, (double)exact / (double)N);
    snprintf(name, sizeof name, "full_rank_fraction_%s", tag);
    snprintf(what, sizeof what, "fraction of %s sequences whose first T-1 tokens are independent", tag);
    measure_fmt(cert, name, what, (double)full / (double)N);
}

int tokens_compare(const ic_param_set *ps, ic_cert *cert, ic_err *err)
{
    int rc = tokens_check("compare", ps, err);  /* seq-len and the statistic's options */
    if (rc)
        return rc;
    long T_l = ic_param_int(ps, "seq-len"), maxs = ic_param_int(ps, "max-seq"), bins = ic_param_int(ps, "bins");
    double rcond = ic_param_real(ps, "rcond"), floor_ = ic_param_real(ps, "exact-floor"), alpha = ic_param_real(ps, "alpha");
    ic_npy_array E = { 0 }, I = { 0 };
    double *R = NULL, *Sh = NULL, *mr = NULL, *ms = NULL;
    size_t *rr = NULL, *rs = NULL, *perm = NULL;
    rc = ic_load_array(ps, "embeddings", cert, &E, err);
    if (!rc)
        rc = ic_load_array(ps, "ids", cert, &I, err);
    if (rc)
        goto out;
    if (E.ndim != 2 || E.shape[0] < 1 || E.shape[1] < 1) {
        rc = ic_err_set(err, IC_EINPUT, "%s: embeddings must be a 2-D array V x D", ic_param_get(ps, "embeddings"));
        goto out;
    }
    size_t T = (size_t)T_l, D = E.shape[1], N = I.size / T;
    if (N > (size_t)maxs)
        N = (size_t)maxs;
    if (N < 2) {
        rc = ic_err_set(err, IC_EINPUT, "%s: %zu ids make fewer than 2 sequences of %zu tokens",
                        ic_param_get(ps, "ids"), I.size, T);
        goto out;
    }
    /* The working set, checked against the memory ceiling before it is
     * allocated (ids x embedding width can be large for small files). */
    double need = (2.0 * (double)N * (double)T * (double)D + 4.0 * (double)N + (double)N * (double)T) * 8.0;
    if (need > (double)ic_claim_max_bytes(ps)) {
        rc = ic_err_set(err, IC_EINPUT, "%s: %zu sequences of %zu tokens of width %zu need %.0f bytes, over the "
                        "memory ceiling of %zu bytes (--max-bytes; or lower --max-seq)",
                        ic_param_get(ps, "ids"), N, T, D, need, ic_claim_max_bytes(ps));
        goto out;
    }
    R = malloc(2 * N * T * D * sizeof *R);
    mr = malloc(2 * N * sizeof *mr);
    rr = malloc(2 * N * sizeof *rr);
    perm = malloc(N * T * sizeof *perm);
    if (!R || !mr || !rr || !perm) {
        rc = ic_err_set(err, IC_EINTERNAL, "out of memory (%zu sequences of %zu x %zu)", N, T, D);
        goto out;
    }
    Sh = R + N * T * D;
    ms = mr + N;
    rs = rr + N;
    rc = gather(ps, &E, &I, T, N, R, err);
    if (rc)
        goto out;
    /* Shuffle the N*T tokens across sequences (the authors' randperm). */
    uint64_t st = (uint64_t)ic_param_int(ps, "shuffle-seed") * 0x2545F4914F6CDD1Dull + 1;
    for (size_t i = 0; i < N * T; i++)
        perm[i] = i;
    for (size_t i = N * T - 1; i > 0; i--) {
        size_t j = (size_t)(next_u64(&st) % (i + 1)), t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    for (size_t i = 0; i < N * T; i++)
        memcpy(Sh + i * D, R + perm[i] * D, D * sizeof *Sh);
    for (size_t s = 0; s < N; s++) {
        mr[s] = tok_ar_mse(R + s * T * D, T, D, rcond, &rr[s]);
        ms[s] = tok_ar_mse(Sh + s * T * D, T, D, rcond, &rs[s]);
        if (isnan(mr[s]) || isnan(ms[s])) {
            rc = ic_err_set(err, IC_EINTERNAL, "out of memory in the AR fit");
            goto out;
        }
    }
    char buf[128];
    snprintf(buf, sizeof buf, "N = %zu sequences, T = %zu, D = %zu, V = %zu", N, T, D, E.shape[0]);
    ic_cert_measure_str(cert, "dimensions", "sequences, tokens per sequence, embedding width, vocabulary", buf);
    sample_stats(cert, "original", mr, rr, N, T, floor_);
    sample_stats(cert, "shuffled", ms, rs, N, T, floor_);
    tok_mwu mw;
    if (tok_mann_whitney(mr, N, ms, N, &mw)) {
        rc = ic_err_set(err, IC_EINTERNAL, "out of memory in the Mann-Whitney test");
        goto out;
    }
    measure_fmt(cert, "mann_whitney_U", "U = #{original > shuffled pairs} + ties/2", mw.U);
    measure_fmt(cert, "mann_whitney_z", "normal approximation (tie-corrected variance)", mw.z);
    measure_fmt(cert, "p_two_sided", "two-sided p-value", mw.p_two);
    measure_fmt(cert, "auc_original_below", "P(original MSE < shuffled MSE) + ties/2 = 1 - U/N^2",
                1 - mw.U / ((double)N * (double)N));
    double med_r = tok_median(mr, N), med_s = tok_median(ms, N);
    int pass = med_r < med_s && mw.p_less < alpha;
    snprintf(buf, sizeof buf, "p = %.6g, medians %.6g < %.6g", mw.p_less, med_r, med_s);
    char bound[64];
    snprintf(bound, sizeof bound, "p < %g and median_original < median_shuffled", alpha);
    ic_cert_check_status(cert, "original_smaller_than_shuffled",
                     "one-sided Mann-Whitney: original sequences have smaller AR-regeneration MSE "
                     "than shuffled ones (Figure 4's claim)", buf, "", bound, pass ? "pass" : "fail");
    ic_cert_proof(cert, IC_PROOF_NUMERIC, "the embeddings and token sequences of this certificate",
                  "one-sided Mann-Whitney U test on double-precision MSEs at the stated significance; a statistical test, no proof");
    ic_cert_data(cert, "histogram", histogram(mr, ms, N, floor_, bins));
    if (N <= 2000) {
        ic_cert_data(cert, "mse_original", arr_json(mr, N));
        ic_cert_data(cert, "mse_shuffled", arr_json(ms, N));
    }
    if (T - 1 <= D)
        ic_cert_finding(cert, "exact_when_independent",
                    "with T - 1 <= D the minimum-norm AR fit regenerates s_1..s_{T-1} exactly whenever "
                    "s_0..s_{T-2} are linearly independent (A s_k = Y^T G^+ X s_k = Y^T e_k = s_{k+1}): "
                    "the MSE is then rounding error only, and nonzero MSE in exact arithmetic needs "
                    "dependent tokens (e.g. a repeated token).  The full-rank and exact fractions say how "
                    "much of each histogram is rounding (doc/c7-tokens.md)", NULL);
out:
    ic_npy_free(&E);
    ic_npy_free(&I);
    free(R);
    free(mr);
    free(rr);
    free(perm);
    return rc;
}
