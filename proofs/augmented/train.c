/* Trainer for C1: one layer of causal linear attention on augmented tokens
 * e_t = (0, s_t, s_{t-1}), written out by hand (forward and backward), with
 * Adam or plain GD, deterministic in the seed.  The prediction at position
 * T is the first block of sc * sum_{t <= T} W_V e_t (e_t^T W_KQ e_T); the
 * loss is the mean over sequences, positions 0..n-1 and coordinates of the
 * squared error against s_{T+1} (the authors' nn.MSELoss). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "augmented/augmented.h"
#include "formats/file_io.h"
#include "training/checkpoint.h"
#include "training/pool.h"
#include "training/progress.h"


/* ---------- deterministic random numbers (splitmix64) ---------- */

void aug_rng_seed(aug_rng *r, uint64_t seed)
{
    ic_rng_set_state(r, seed * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull);
}

/* ---------- data ---------- */

int aug_gen_data(double *S, size_t nseq, size_t n, size_t d, int data, aug_rng *r, ic_err *err)
{
    int rc = aug_data_check(data, d, err);
    if (rc)
        return rc;
    double *W = malloc(d * d * sizeof *W);
    if (!W)
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    double s0 = 1 / sqrt((double)d);
    for (size_t b = 0; b < nseq; b++) {
        double *s = S + b * (n + 1) * d;
        if (data == AUG_DATA_HAAR) {
            ic_rng_haar(W, d, r, 1);
        } else {
            ic_rng_rotations(W, d, r);
        }
        for (size_t i = 0; i < d; i++)
            s[i] = s0;
        ic_rng_rollout(s, W, d, n);
    }
    free(W);
    return IC_OK;
}

/* ---------- model ---------- */

/* x_t = (s_t, s_{t-1}) in R^{2d}. */
static void token(double *x, const double *s, size_t t, size_t d)
{
    memcpy(x, s + t * d, d * sizeof *x);
    if (t > 0)
        memcpy(x + d, s + (t - 1) * d, d * sizeof *x);
    else
        memset(x + d, 0, d * sizeof *x);
}

/* Effective K = W_KQ[d:3d, d:3d], V = W_V[0:d, d:3d]. */
static void effective(double *K, double *V, const double *WKQ, const double *WV, size_t d)
{
    size_t D = 3 * d, m = 2 * d;
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < m; j++)
            K[i * m + j] = WKQ[(d + i) * D + d + j];
    for (size_t i = 0; i < d; i++)
        for (size_t j = 0; j < m; j++)
            V[i * m + j] = WV[i * D + d + j];
}

/* One sequence: loss sum (times inv) and, if gK/gV, effective gradients.
 * work holds n*2d (x) + n*2d (q) + n*d (w) + d*2d (S) + 2d + d doubles. */
static double seq_pass(const double *K, const double *V, const double *s, size_t n, size_t d,
                       double sc, double inv, double *Y, double *gK, double *gV, double *work)
{
    size_t m = 2 * d;
    double *x = work, *q = x + n * m, *w = q + n * m, *S = w + n * d, *dq = S + d * m, *u = dq + m;
    memset(S, 0, d * m * sizeof *S);
    double L = 0;
    for (size_t T = 0; T < n; T++) {
        double *xT = x + T * m, *qT = q + T * m;
        token(xT, s, T, d);
        for (size_t i = 0; i < m; i++) {
            double a = 0;
            for (size_t j = 0; j < m; j++)
                a += K[i * m + j] * xT[j];
            qT[i] = a;
        }
        for (size_t i = 0; i < d; i++) {
            double a = 0;
            for (size_t j = 0; j < m; j++)
                a += V[i * m + j] * xT[j];
            u[i] = a;
        }
        for (size_t i = 0; i < d; i++) /* S_T = S_{T-1} + u_T x_T^T */
            for (size_t j = 0; j < m; j++)
                S[i * m + j] += u[i] * xT[j];
        const double *tgt = s + (T + 1) * d;
        for (size_t i = 0; i < d; i++) {
            double a = 0;
            for (size_t j = 0; j < m; j++)
                a += S[i * m + j] * qT[j];
            a *= sc;
            if (Y)
                Y[T * d + i] = a;
            double r = a - tgt[i];
            L += r * r;
            w[T * d + i] = 2 * inv * r * sc; /* sc * dL/dyhat */
        }
        if (gK) { /* dq_T = S_T^T w_T, dK += dq_T x_T^T */
            for (size_t j = 0; j < m; j++) {
                double a = 0;
                for (size_t i = 0; i < d; i++)
                    a += S[i * m + j] * w[T * d + i];
                dq[j] = a;
            }
            for (size_t i = 0; i < m; i++)
                for (size_t j = 0; j < m; j++)
                    gK[i * m + j] += dq[i] * xT[j];
        }
    }
    if (gV) { /* R_t = sum_{T >= t} w_T q_T^T; du_t = R_t x_t; dV += du_t x_t^T */
        memset(S, 0, d * m * sizeof *S); /* reused as R */
        for (size_t t = n; t-- > 0;) {
            double *xt = x + t * m, *qt = q + t * m, *wt = w + t * d;
            for (size_t i = 0; i < d; i++)
                for (size_t j = 0; j < m; j++)
                    S[i * m + j] += wt[i] * qt[j];
            for (size_t i = 0; i < d; i++) {
                double a = 0;
                for (size_t j = 0; j < m; j++)
                    a += S[i * m + j] * xt[j];
                for (size_t j = 0; j < m; j++)
                    gV[i * m + j] += a * xt[j];
            }
        }
    }
    return L * inv;
}

static size_t work_size(size_t n, size_t d)
{
    return n * 2 * d * 2 + n * d + d * 2 * d + 3 * d;
}

void aug_predict(double *Y, const double *WKQ, const double *WV, const double *s, size_t n,
                 size_t d, double sc)
{
    double *K = malloc(4 * d * d * sizeof *K), *V = malloc(2 * d * d * sizeof *V);
    double *work = malloc(work_size(n, d) * sizeof *work);
    effective(K, V, WKQ, WV, d);
    seq_pass(K, V, s, n, d, sc, 1, Y, NULL, NULL, work);
    free(K);
    free(V);
    free(work);
}

double aug_batch_loss(const double *WKQ, const double *WV, const double *S, const size_t *idx,
                      size_t nb, size_t n, size_t d, double sc, double *gKQ, double *gV)
{
    return aug_batch_loss_part(WKQ, WV, S, idx, nb, n, d, sc, 1.0 / ((double)nb * (double)n * (double)d), gKQ, gV);
}

double aug_batch_loss_part(const double *WKQ, const double *WV, const double *S, const size_t *idx, size_t nb,
                           size_t n, size_t d, double sc, double inv, double *gKQ, double *gV)
{
    size_t m = 2 * d, D = 3 * d;
    double *K = malloc(m * m * sizeof *K), *V = malloc(d * m * sizeof *V);
    double *gk = calloc(m * m, sizeof *gk), *gv = calloc(d * m, sizeof *gv);
    double *work = malloc(work_size(n, d) * sizeof *work);
    effective(K, V, WKQ, WV, d);
    double L = 0;
    int grad = gKQ && gV;
    for (size_t b = 0; b < nb; b++) {
        const double *s = S + (idx ? idx[b] : b) * (n + 1) * d;
        L += seq_pass(K, V, s, n, d, sc, inv, NULL, grad ? gk : NULL, grad ? gv : NULL, work);
    }
    if (grad) {
        for (size_t i = 0; i < m; i++)
            for (size_t j = 0; j < m; j++)
                gKQ[(d + i) * D + d + j] += gk[i * m + j];
        for (size_t i = 0; i < d; i++)
            for (size_t j = 0; j < m; j++)
                gV[i * D + d + j] += gv[i * m + j];
    }
    free(K);
    free(V);
    free(gk);
    free(gv);
    free(work);
    return L;
}

/* ---------- the train entry point ---------- */

const ic_param_spec aug_train_params[] = {
    { "data", IC_PARAM_WORD, "rotations", "rotations|haar", "commuting rotation blocks (d even) or Haar O(d)" },
    { "d", IC_PARAM_INT, "4", NULL, "token dimension" },
    { "n", IC_PARAM_INT, "20", NULL, "positions per sequence (sequences s_0..s_n; N = n - 1 positions T >= 1)" },
    { "train", IC_PARAM_INT, "2048", NULL, "training sequences" },
    { "batch", IC_PARAM_INT, "256", NULL, "batch size" },
    { "epochs", IC_PARAM_INT, "50", NULL, "epochs" },
    { "optimizer", IC_PARAM_WORD, "adam", "adam|gd", "Adam (beta 0.9, 0.999, eps 1e-8) or plain gradient descent" },
    { "lr", IC_PARAM_REAL, "1e-2", NULL, "learning rate" },
    { "class", IC_PARAM_WORD, "full", "full|blocks", "train all of W_KQ, W_V, or only the two GD blocks (dense d x d each; theory setting only)" },
    { "preset", IC_PARAM_WORD, "theory", "theory|authors",
      "defaults of the six options below: theory = merged, no, no, no, no, one, gauss; authors (augmented.py, "
      "Figure 5) = split, yes, yes, yes, yes, sqrt, uniform" },
    { "qk", IC_PARAM_WORD, "", "merged|split", "one W_KQ (score e_t^T W_KQ e_T) or separate W_Q, W_K (score (W_K e_t).(W_Q e_T))" },
    { "bias", IC_PARAM_WORD, "", "yes|no", "biases on the query, key, value and output maps" },
    { "layernorm", IC_PARAM_WORD, "", "yes|no", "LayerNorm (gain, offset; eps 1e-5) after the attention's output map" },
    { "output-layer", IC_PARAM_WORD, "", "yes|no", "the attention's output map W_O and the outer output map W_F" },
    { "residual", IC_PARAM_WORD, "", "yes|no", "add the input token to the attention block's output" },
    { "scale", IC_PARAM_WORD, "", "one|sqrt", "score scale: 1 (theory) or 1/sqrt(3d) (the authors')" },
    { "init-law", IC_PARAM_WORD, "", "gauss|uniform",
      "initial weights and biases: --init times N(0,1), or PyTorch's nn.Linear law U(-1/sqrt(3d), 1/sqrt(3d)); "
      "LayerNorm gain 1, offset 0" },
    { "init", IC_PARAM_REAL, "1e-2", NULL, "standard deviation of the Gaussian initial weights" },
    { "shuffle", IC_PARAM_INT, "1", NULL, "reshuffle the training set every epoch (0: fixed order)" },
    { "data-file", IC_PARAM_FILE, "", NULL, "optional .npy (sequences, n+1, d) used instead of generated data" },
    { "save-data", IC_PARAM_WORD, "no", "yes|no", "also write the training sequences as data.npy (sequences, n+1, d)" },
    { "seed", IC_PARAM_INT, "1", NULL, "seed of data, initial weights and shuffling" },
    { "threads", IC_PARAM_INT, "0", NULL, "worker threads (0: one per online CPU); results do not depend on it", "[0, 256]" },
    { "resume", IC_PARAM_WORD, "no", "yes|no",
      "continue from OUTDIR/checkpoint.npy when it exists (same options required); a finished run removes it" },
    { "checkpoint-every", IC_PARAM_INT, "1", NULL, "epochs between checkpoints (0: none)", "[0, 1000000]" },
    IC_PARAM_END
};

double aug_scale(const char *word, size_t d)
{
    return word && strcmp(word, "sqrt") == 0 ? 1 / sqrt(3.0 * (double)d) : 1.0;
}

/* An option's value, or the preset's default when not given. */
static const char *opt(const ic_param_set *p, const char *name, int authors, const char *th, const char *au)
{
    return ic_param_given(p, name) ? ic_param_get(p, name) : authors ? au : th;
}

typedef struct {
    const char *qk, *bias, *ln, *out, *resid, *scale, *law;
} aug_opts;

static aug_opts resolve(const ic_param_set *p)
{
    int au = strcmp(ic_param_get(p, "preset"), "authors") == 0;
    aug_opts o = {
        opt(p, "qk", au, "merged", "split"),  opt(p, "bias", au, "no", "yes"),
        opt(p, "layernorm", au, "no", "yes"), opt(p, "output-layer", au, "no", "yes"),
        opt(p, "residual", au, "no", "yes"),  opt(p, "scale", au, "one", "sqrt"),
        opt(p, "init-law", au, "gauss", "uniform"),
    };
    return o;
}

static int yes(const char *w)
{
    return strcmp(w, "yes") == 0;
}

void aug_train_net(aug_net *net, const ic_param_set *p, size_t d)
{
    aug_opts o = resolve(p);
    aug_net_init(net, d, strcmp(o.qk, "split") == 0, yes(o.bias), yes(o.ln), yes(o.out), yes(o.resid),
                 aug_scale(o.scale, d));
}

static int write_case(const char *path, const ic_param_set *p, const aug_opts *o, const aug_net *net, size_t n,
                      ic_err *err)
{
    char buf[4096];
    int len = snprintf(buf, sizeof buf,
                       "# Written by `icalcheck train augmented`: compares the trained weights\n"
                       "# with the one-step-GD construction (eta*_pool for N = n - 1 positions).\n"
                       "claim = augmented\nmode = compare\nexpect = pass\n"
                       "description = weights trained by icalcheck (data %s, class %s, optimizer %s, "
                       "%ld epochs, seed %ld) against one GD step\n",
                       ic_param_get(p, "data"), ic_param_get(p, "class"), ic_param_get(p, "optimizer"), ic_param_int(p, "epochs"),
                       ic_param_int(p, "seed"));
    for (int k = 0; k < AUG_NP; k++)
        if (net->off[k] != SIZE_MAX) {
            const char *nm = aug_net_name(net, k);
            /* compare's parameter names: ln_g -> ln-g */
            len += snprintf(buf + len, sizeof buf - (size_t)len, "%s = %s.npy\n",
                            k == AUG_P_LNG ? "ln-g" : k == AUG_P_LNB ? "ln-b" : nm, nm);
        }
    len += snprintf(buf + len, sizeof buf - (size_t)len, "d = %zu\nN = %zu\ndata = %s\nscale = %s\nresidual = %s\n",
                    net->d, n - 1, ic_param_get(p, "data"), o->scale, o->resid);
    return ic_write_atomic(path, buf, (size_t)len, err);
}

/* Initial values: Gaussian (std init) or nn.Linear's uniform law for
 * weights and biases, in the vector's order; LayerNorm gain 1, offset 0. */
static void init_params(double *W, const aug_net *net, int uniform, double init, aug_rng *r)
{
    double bound = 1 / sqrt((double)net->D);
    for (int k = 0; k < AUG_NP; k++) {
        if (net->off[k] == SIZE_MAX)
            continue;
        size_t len = aug_net_is_matrix(k) ? net->D * net->D : net->D;
        double *x = W + net->off[k];
        for (size_t i = 0; i < len; i++) {
            if (k == AUG_P_LNG || k == AUG_P_LNB)
                x[i] = k == AUG_P_LNG ? 1 : 0;
            else
                x[i] = uniform ? bound * (2 * ic_rng_unif(r) - 1) : init * ic_rng_gauss(r);
        }
    }
}

/* eta of the composite maps: sc tr(Gamma)/d * tr(V block)/d (without
 * LayerNorm's 1/sigma_T). */
static double composite_eta(const aug_net *net, const double *W, double *KQc, double *Vc)
{
    size_t d = net->d, D = net->D;
    aug_net_composite(net, W, KQc, Vc);
    double gam = 0, v = 0;
    for (size_t i = 0; i < d; i++) {
        gam += KQc[(2 * d + i) * D + d + i];
        v += Vc[i * D + d + i];
    }
    return gam / (double)d * v / (double)d;
}

/* Reads --data-file or generates the sequences; sets *ns, *n, *d. */
static int load_data(const ic_param_set *p, double **S, size_t *ns, size_t *n, size_t *d, aug_rng *rng, ic_err *err)
{
    const char *df = ic_param_get(p, "data-file");
    if (df && *df) {
        ic_npy_array a;
        int rc = ic_npy_read(&a, df, NULL, err);
        if (rc)
            return rc;
        if (a.ndim != 3 || a.shape[1] < 3 || a.shape[2] < 1 || a.shape[2] > 64) {
            ic_npy_free(&a);
            return ic_err_set(err, IC_EINPUT, "%s: expected shape (sequences, n+1, d) with n >= 2, d <= 64", df);
        }
        *ns = a.shape[0];
        *n = a.shape[1] - 1;
        *d = a.shape[2];
        *S = a.data; /* taken over */
        return IC_OK;
    }
    *S = malloc(*ns * (*n + 1) * *d * sizeof **S);
    if (!*S)
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    int data = strcmp(ic_param_get(p, "data"), "haar") == 0 ? AUG_DATA_HAAR : AUG_DATA_ROTATIONS;
    int rc = aug_gen_data(*S, *ns, *n, *d, data, rng, err);
    if (rc) {
        free(*S);
        *S = NULL;
    }
    return rc;
}

/* Writes the parameters (and, with suffix "_init", the initial ones). */
static int write_params(const char *outdir, const aug_net *net, const double *W, const char *suffix, ic_err *err)
{
    char path[4096];
    int rc = IC_OK;
    for (int k = 0; k < AUG_NP && !rc; k++) {
        if (net->off[k] == SIZE_MAX)
            continue;
        int mat = aug_net_is_matrix(k);
        size_t shape[2] = { net->D, net->D };
        snprintf(path, sizeof path, "%s/%s%s.npy", outdir, aug_net_name(net, k), suffix);
        rc = ic_npy_write(path, W + net->off[k], mat ? 2 : 1, shape, 0, err);
    }
    return rc;
}

/* A batch is cut into groups of AUG_GROUP sequences (fixed by the batch
 * alone); each group's loss and gradient are summed in sequence order by
 * one worker, then the groups are added in group order, so the result does
 * not depend on the thread count.  A batch of at most AUG_GROUP sequences
 * is one group: exactly the single-threaded sums of earlier versions. */
enum { AUG_GROUP = 256 };

typedef struct {
    const aug_net *net;
    int extras;
    const double *W, *S;
    const size_t *idx;
    size_t nb, n, d, NP;
    double inv;
    double *G;       /* groups x NP */
    double *L;       /* groups */
    double *work;    /* workers x aug_net_work */
    size_t wl;
} aug_batch_job;

static void aug_group(void *ctx, size_t g, size_t worker)
{
    aug_batch_job *j = ctx;
    size_t lo = g * AUG_GROUP, len = j->nb - lo < AUG_GROUP ? j->nb - lo : AUG_GROUP;
    double *G = j->G + g * j->NP;
    memset(G, 0, j->NP * sizeof *G);
    size_t P = 9 * j->d * j->d;
    if (j->extras)
        j->L[g] = aug_net_batch_part(j->net, j->W, j->S, j->idx + lo, len, j->n, j->inv, G, j->work + worker * j->wl);
    else
        j->L[g] = aug_batch_loss_part(j->W, j->W + P, j->S, j->idx + lo, len, j->n, j->d, j->net->sc, j->inv, G, G + P);
}

/* Loss of the batch idx[0..nb-1]; its gradient into G (overwritten). */
static double aug_batch(ic_pool *pool, aug_batch_job *j, size_t nb, const size_t *idx, double *G)
{
    size_t ng = (nb + AUG_GROUP - 1) / AUG_GROUP;
    j->nb = nb;
    j->idx = idx;
    j->inv = 1.0 / ((double)nb * (double)j->n * (double)j->d);
    ic_pool_run(pool, ng, aug_group, j);
    double L = j->L[0];
    memcpy(G, j->G, j->NP * sizeof *G);
    for (size_t g = 1; g < ng; g++) {
        L += j->L[g];
        for (size_t i = 0; i < j->NP; i++)
            G[i] += j->G[g * j->NP + i];
    }
    return L;
}

/* The checkpoint (src/training/checkpoint.h, a float64 vector stored
 * exactly): [epoch, step, csv length, generator state (high, low 32 bits),
 * spare flag and value, the order of the sequences (ns), W, Adam m1, m2
 * (NP each), the loss curve's cap bytes, one per value].  The data and W0
 * are regenerated from the seed, drawing the generator as before. */
enum { AUG_CK_HEAD = 7 };

static void aug_ckpt_pack(double *v, long epoch, long step, size_t clen, const aug_rng *r, const size_t *idx,
                          size_t ns, const double *W, const double *m1, const double *m2, size_t NP, const char *csv,
                          size_t cap)
{
    v[0] = (double)epoch;
    v[1] = (double)step;
    v[2] = (double)clen;
    v[3] = (double)(r->s >> 32);
    v[4] = (double)(r->s & 0xffffffffu);
    v[5] = (double)r->have;
    v[6] = r->spare;
    double *q = v + AUG_CK_HEAD;
    for (size_t i = 0; i < ns; i++)
        *q++ = (double)idx[i];
    memcpy(q, W, NP * sizeof *q);
    memcpy(q + NP, m1, NP * sizeof *q);
    memcpy(q + 2 * NP, m2, NP * sizeof *q);
    q += 3 * NP;
    for (size_t i = 0; i < cap; i++)
        q[i] = (unsigned char)csv[i];
}

static int aug_ckpt_unpack(const double *v, size_t n, long ep, long *epoch, long *step, size_t *clen, aug_rng *r,
                           size_t *idx, size_t ns, double *W, double *m1, double *m2, size_t NP, char *csv,
                           size_t cap)
{
    if (n != AUG_CK_HEAD + ns + 3 * NP + cap || !(v[0] >= 1 && v[0] <= (double)ep) || v[0] != (double)(long)v[0] ||
        !(v[1] >= 0 && v[1] < 9e15) || !(v[2] > 0 && v[2] < (double)cap) || !(v[3] >= 0 && v[3] < 4294967296.0) ||
        !(v[4] >= 0 && v[4] < 4294967296.0) || (v[5] != 0 && v[5] != 1))
        return -1;
    const double *q = v + AUG_CK_HEAD;
    for (size_t i = 0; i < ns; i++)
        if (!(q[i] >= 0 && q[i] < (double)ns))
            return -1;
    for (size_t i = 0; i < cap; i++)
        if (!(q[ns + 3 * NP + i] >= 0 && q[ns + 3 * NP + i] < 256))
            return -1;
    *epoch = (long)v[0];
    *step = (long)v[1];
    *clen = (size_t)v[2];
    r->s = ((uint64_t)v[3] << 32) | (uint64_t)v[4];
    r->have = (int)v[5];
    r->spare = v[6];
    for (size_t i = 0; i < ns; i++)
        idx[i] = (size_t)q[i];
    q += ns;
    memcpy(W, q, NP * sizeof *q);
    memcpy(m1, q + NP, NP * sizeof *q);
    memcpy(m2, q + 2 * NP, NP * sizeof *q);
    q += 3 * NP;
    for (size_t i = 0; i < cap; i++)
        csv[i] = (char)(unsigned char)q[i];
    return 0;
}

int aug_train(const ic_param_set *p, const char *outdir, ic_err *err)
{
    /* ranges, even d for rotation data, --class blocks only without
     * extras, threads, checkpoints (check.c) */
    int rc = augmented_check("train", p, err);
    if (rc)
        return rc;
    long dl = ic_param_int(p, "d"), nl = ic_param_int(p, "n"), nt = ic_param_int(p, "train"), bs = ic_param_int(p, "batch");
    long ep = ic_param_int(p, "epochs");
    double lr = ic_param_real(p, "lr"), init = ic_param_real(p, "init");
    aug_opts o = resolve(p);
    int adam = strcmp(ic_param_get(p, "optimizer"), "adam") == 0;
    int blocks = strcmp(ic_param_get(p, "class"), "blocks") == 0;
    size_t d = (size_t)dl, n = (size_t)nl, ns = (size_t)nt;
    aug_rng rng;
    aug_rng_seed(&rng, (uint64_t)ic_param_int(p, "seed"));
    double *S = NULL;
    rc = load_data(p, &S, &ns, &n, &d, &rng, err);
    if (rc)
        return rc;
    if ((size_t)bs > ns)
        bs = (long)ns;
    aug_net net;
    aug_train_net(&net, p, d);
    int extras = aug_net_extras(&net);
    size_t D = 3 * d, P = D * D, NP = net.np;
    double *W = malloc(NP * sizeof *W), *W0 = malloc(NP * sizeof *W0), *G = malloc(NP * sizeof *G);
    double *m1 = calloc(NP, sizeof *m1), *m2 = calloc(NP, sizeof *m2), *mask = malloc(NP * sizeof *mask);
    double *KQc = malloc(2 * P * sizeof *KQc);
    size_t *idx = malloc(ns * sizeof *idx);
    size_t cap = ((size_t)ep + 2) * 96 + 64, clen = 0;
    char *csv = calloc(cap, 1);  /* zeros beyond the text: the checkpoint stores all cap bytes */
    long th = ic_param_int(p, "threads");
    size_t threads = th ? (size_t)th : ic_pool_online_cpus(), bsz = (size_t)bs;
    size_t ngmax = (bsz + AUG_GROUP - 1) / AUG_GROUP, wl = aug_net_work(n, d);
    double *gG = malloc(ngmax * NP * sizeof *gG), *gL = malloc(ngmax * sizeof *gL);
    double *wk = malloc(threads * wl * sizeof *wk);
    ic_pool *pool = NULL;
    double *ckv = NULL, *saved = NULL;
    if (!W || !W0 || !G || !m1 || !m2 || !mask || !KQc || !idx || !csv || !gG || !gL || !wk) {
        rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
        goto out;
    }
    pool = ic_pool_new(threads, err);
    if (!pool) {
        rc = err->code ? err->code : IC_EINTERNAL;
        goto out;
    }
    init_params(W, &net, strcmp(o.law, "uniform") == 0, init, &rng);
    for (size_t i = 0; i < NP; i++) {
        size_t r = (i % P) / D, c = (i % P) % D;
        int kq = i < P;
        /* blocks class: W_KQ rows 2d..3d x cols d..2d, W_V rows 0..d x cols d..2d */
        int in = kq ? (r >= 2 * d && c >= d && c < 2 * d) : (r < d && c >= d && c < 2 * d);
        mask[i] = (!blocks || in) ? 1 : 0;
        if (!mask[i])
            W[i] = 0;
    }
    memcpy(W0, W, NP * sizeof *W);
    for (size_t i = 0; i < ns; i++)
        idx[i] = i;
    char ckpath[4096];
    snprintf(ckpath, sizeof ckpath, "%s/%s", outdir, IC_CKPT_FILE);
    static const char *const untagged[] = { "threads", "resume", "checkpoint-every", NULL };
    double tag = ic_ckpt_tag_params(p, untagged);
    size_t ckn = AUG_CK_HEAD + ns + 3 * NP + cap, nsaved = 0;
    long ckevery = ic_param_int(p, "checkpoint-every");
    ckv = malloc(ckn * sizeof *ckv);
    if (!ckv) {
        rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
        goto out;
    }
    long step = 0, e0 = 0;
    if (strcmp(ic_param_get(p, "resume"), "yes") == 0) {
        rc = ic_ckpt_read(ckpath, tag, &saved, &nsaved, err);
        if (rc)
            goto out;
        if (saved && aug_ckpt_unpack(saved, nsaved, ep, &e0, &step, &clen, &rng, idx, ns, W, m1, m2, NP, csv, cap)) {
            rc = ic_err_set(err, IC_EINPUT, "%s: checkpoint does not fit these options", ckpath);
            goto out;
        }
    }
    if (!saved)
        clen = (size_t)sprintf(csv, "epoch,loss,eta_eff\n");
    aug_batch_job job = { &net, extras, W, S, NULL, 0, n, d, NP, 0, gG, gL, wk, wl };
    double total = (double)((ns + bsz - 1) / bsz) * (double)ep;
    ic_progress_report((double)step, total);
    for (long e = e0; e < ep; e++) {
        if (ic_param_int(p, "shuffle"))
            for (size_t i = ns - 1; i > 0; i--) {
                size_t j = (size_t)(ic_rng_u64(&rng) % (i + 1)), t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
            }
        double sum = 0;
        size_t nbat = 0;
        for (size_t b0 = 0; b0 < ns; b0 += (size_t)bs) {
            size_t nb = ns - b0 < (size_t)bs ? ns - b0 : (size_t)bs;
            double Lb = aug_batch(pool, &job, nb, idx + b0, G);
            sum += Lb;
            nbat++;
            step++;
            double b1t = 1 - pow(0.9, (double)step), b2t = 1 - pow(0.999, (double)step);
            for (size_t i = 0; i < NP; i++) {
                double g = G[i] * mask[i];
                if (adam) {
                    m1[i] = 0.9 * m1[i] + 0.1 * g;
                    m2[i] = 0.999 * m2[i] + 0.001 * g * g;
                    W[i] -= lr * (m1[i] / b1t) / (sqrt(m2[i] / b2t) + 1e-8);
                } else {
                    W[i] -= lr * g;
                }
            }
            ic_progress_report((double)step, total);
        }
        clen += (size_t)sprintf(csv + clen, "%ld,%.17g,%.17g\n", e + 1, sum / (double)nbat,
                                composite_eta(&net, W, KQc, KQc + P));
        if (ckevery > 0 && ((e + 1) % ckevery == 0 || e + 1 == ep)) {
            aug_ckpt_pack(ckv, e + 1, step, clen, &rng, idx, ns, W, m1, m2, NP, csv, cap);
            rc = ic_ckpt_write(ckpath, tag, ckv, ckn, err);
            if (rc)
                goto out;
        }
    }
    rc = write_params(outdir, &net, W, "", err);
    if (!rc)
        rc = write_params(outdir, &net, W0, "_init", err);
    char path[4096];
    if (!rc && yes(ic_param_get(p, "save-data"))) {
        size_t shape[3] = { ns, n + 1, d };
        snprintf(path, sizeof path, "%s/data.npy", outdir);
        rc = ic_npy_write(path, S, 3, shape, 0, err);
    }
    if (!rc) {
        snprintf(path, sizeof path, "%s/loss.csv", outdir);
        rc = ic_write_atomic(path, csv, clen, err);
    }
    if (!rc) {
        snprintf(path, sizeof path, "%s/trained.case", outdir);
        rc = write_case(path, p, &o, &net, n, err);
    }
    if (!rc)
        ic_ckpt_remove(ckpath);  /* a finished run leaves none (doc/reproduce.md) */
out:
    free(ckv);
    free(saved);
    ic_pool_free(pool);
    free(gG);
    free(gL);
    free(wk);
    free(S);
    free(W);
    free(W0);
    free(G);
    free(m1);
    free(m2);
    free(mask);
    free(KQc);
    free(idx);
    free(csv);
    return rc;
}
