/* C6 trainer: `icalcheck train nonaugmented`, the authors' non_augmented.py
 * training loop (Adam, shuffled mini-batches, MSE) on data generated from
 * the seed.  Everything is deterministic in the seed: the generator streams
 * are seed*4 + {0: initial weights, 1: training data, 2: test data,
 * 3: batch order}.  Batches go through the fast path (fast.c), whose
 * results do not depend on --threads; a checkpoint after every epoch
 * (--checkpoint-every) lets --resume yes continue an interrupted run to the
 * same bytes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/file_io.h"
#include "formats/npy.h"
#include "nonaugmented/nonaugmented.h"
#include "training/checkpoint.h"
#include "training/pool.h"
#include "training/progress.h"

const ic_param_spec na_train_params[] = {
    { "d", IC_PARAM_INT, "5", NULL, "token dimension" },
    { "heads", IC_PARAM_INT, "64", NULL, "number of heads H" },
    { "n", IC_PARAM_INT, "50", NULL, "positions per sequence (n + 1 tokens)" },
    { "epochs", IC_PARAM_INT, "200", NULL, "passes over the training set" },
    { "batch", IC_PARAM_INT, "1024", NULL, "mini-batch size" },
    { "lr", IC_PARAM_REAL, "1e-2", NULL, "Adam learning rate" },
    { "seed", IC_PARAM_INT, "1", NULL, "seed of weights, data and batch order" },
    { "data", IC_PARAM_WORD, "haar", "haar|rotations|unitary", "W: Haar O(d), commuting rotations, unitary" },
    { "train-size", IC_PARAM_INT, "16384", NULL, "training sequences (the authors use 2^14)" },
    { "test-size", IC_PARAM_INT, "1024", NULL, "test sequences (the authors use 2^10)" },
    { "eval-every", IC_PARAM_INT, "10", NULL, "epochs between test-loss evaluations" },
    { "shuffle", IC_PARAM_WORD, "yes", "yes|no", "reshuffle the training set every epoch" },
    { "save-init", IC_PARAM_WORD, "no", "yes|no", "also write the initial weights (init_*.npy)" },
    { "save-data", IC_PARAM_WORD, "no", "yes|no", "also write train.npy and test.npy" },
    { "dtype", IC_PARAM_WORD, "float64", "float64|float32",
      "number type of the forward and backward passes (Adam and the weights stay float64)" },
    { "threads", IC_PARAM_INT, "0", NULL, "worker threads (0: one per online CPU); results do not depend on it", "[0, 256]" },
    { "resume", IC_PARAM_WORD, "no", "yes|no",
      "continue from OUTDIR/checkpoint.npy when it exists (same options required); a finished run removes it" },
    { "checkpoint-every", IC_PARAM_INT, "1", NULL, "epochs between checkpoints (0: none)", "[0, 1000000]" },
    IC_PARAM_END
};

uint64_t na_stream(long seed, int k)
{
    return (uint64_t)seed * 4u + (uint64_t)k;
}

static int write_params(const char *outdir, const char *prefix, const double *theta,
                        const na_shape *s, ic_err *err)
{
    char path[4096];
    for (int i = 0; i < NA_NPARAM; i++) {
        size_t shape[2] = { s->rows[i], s->cols[i] };
        snprintf(path, sizeof path, "%s/%s%s.npy", outdir, prefix, na_param_names[i]);
        int rc = ic_npy_write(path, theta + s->off[i], s->cols[i] ? 2 : 1, shape, 0, err);
        if (rc)
            return rc;
    }
    return IC_OK;
}

static int write_case(const char *outdir, const ic_param_set *p, double test_loss, ic_err *err)
{
    char buf[4096], path[4096];
    int len = snprintf(buf, sizeof buf,
                       "# Written by `icalcheck train nonaugmented`: the C6 invariants of the\n"
                       "# trained weights, and the recorded test loss recomputed.\n"
                       "claim = nonaugmented\nmode = compare\nexpect = pass\n"
                       "description = non_augmented.py model trained by icalcheck (data %s, H %ld, "
                       "n %ld, %ld epochs, seed %ld)\n",
                       ic_param_get(p, "data"), ic_param_int(p, "heads"), ic_param_int(p, "n"),
                       ic_param_int(p, "epochs"), ic_param_int(p, "seed"));
    for (int i = 0; i < NA_NPARAM; i++)
        len += snprintf(buf + len, sizeof buf - (size_t)len, "%s = %s.npy\n", na_param_names[i],
                        na_param_names[i]);
    len += snprintf(buf + len, sizeof buf - (size_t)len,
                    "data = %s\nseed = %ld\ntest-size = %ld\nloss-test = %.17g\n",
                    ic_param_get(p, "data"), ic_param_int(p, "seed"), ic_param_int(p, "test-size"), test_loss);
    snprintf(path, sizeof path, "%s/trained.case", outdir);
    return ic_write_atomic(path, buf, (size_t)len, err);
}

typedef struct {
    double *m, *v;
    long step;
} adam;

void na_adam_step(double *theta, double *m, double *v, long *step, const double *g, size_t P, double lr)
{
    const double b1 = 0.9, b2 = 0.999, eps = 1e-8;
    (*step)++;
    double bc1 = 1 - pow(b1, (double)*step), bc2 = 1 - pow(b2, (double)*step);
    double sz = lr / bc1, sq = sqrt(bc2);
    for (size_t i = 0; i < P; i++) {
        m[i] = b1 * m[i] + (1 - b1) * g[i];
        v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
        theta[i] -= sz * m[i] / (sqrt(v[i]) / sq + eps);
    }
}

static void adam_step(adam *a, double *theta, const double *g, size_t P, double lr)
{
    na_adam_step(theta, a->m, a->v, &a->step, g, P, lr);
}

static int save_data(const char *outdir, const char *name, const double *S, size_t m, size_t n,
                     size_t d, ic_err *err)
{
    char path[4096];
    size_t shape[3] = { m, n + 1, d };
    snprintf(path, sizeof path, "%s/%s.npy", outdir, name);
    return ic_npy_write(path, S, 3, shape, 0, err);
}

/* The checkpoint (src/training/checkpoint.h: a float64 vector, stored
 * exactly): everything the next epoch reads.
 *   [epoch, step, csv length, generator state (high, low 32 bits), its
 *    spare flag and value, last test loss, theta (P), Adam m (P), v (P),
 *    the loss curve's cap bytes, one per value] */
enum { NA_CK_HEAD = 8 };

static void ckpt_pack(double *v, long epoch, long step, size_t clen, const na_rng *r, double test,
                      const double *theta, const adam *a, const char *csv, size_t cap, size_t P)
{
    v[0] = (double)epoch;
    v[1] = (double)step;
    v[2] = (double)clen;
    v[3] = (double)(r->s >> 32);
    v[4] = (double)(r->s & 0xffffffffu);
    v[5] = (double)r->have;
    v[6] = r->spare;
    v[7] = test;
    memcpy(v + NA_CK_HEAD, theta, P * sizeof *v);
    memcpy(v + NA_CK_HEAD + P, a->m, P * sizeof *v);
    memcpy(v + NA_CK_HEAD + 2 * P, a->v, P * sizeof *v);
    for (size_t i = 0; i < cap; i++)
        v[NA_CK_HEAD + 3 * P + i] = (unsigned char)csv[i];
}

/* 0 when v (n values) is a state of these options; then restores it. */
static int ckpt_unpack(const double *v, size_t n, long epochs, size_t cap, size_t P, long *epoch, long *step,
                       size_t *clen, na_rng *r, double *test, double *theta, adam *a, char *csv)
{
    if (n != NA_CK_HEAD + 3 * P + cap || !(v[0] >= 1 && v[0] <= (double)epochs) || v[0] != (double)(long)v[0] ||
        !(v[1] >= 0 && v[1] < 9e15) || !(v[2] > 0 && v[2] < (double)cap) || !(v[3] >= 0 && v[3] < 4294967296.0) ||
        !(v[4] >= 0 && v[4] < 4294967296.0) || (v[5] != 0 && v[5] != 1))
        return -1;
    for (size_t i = 0; i < cap; i++) {
        double c = v[NA_CK_HEAD + 3 * P + i];
        if (!(c >= 0 && c < 256))
            return -1;
        csv[i] = (char)(unsigned char)c;
    }
    *epoch = (long)v[0];
    *step = (long)v[1];
    *clen = (size_t)v[2];
    r->s = ((uint64_t)v[3] << 32) | (uint64_t)v[4];
    r->have = (int)v[5];
    r->spare = v[6];
    *test = v[7];
    memcpy(theta, v + NA_CK_HEAD, P * sizeof *v);
    memcpy(a->m, v + NA_CK_HEAD + P, P * sizeof *v);
    memcpy(a->v, v + NA_CK_HEAD + 2 * P, P * sizeof *v);
    return 0;
}

int na_train(const ic_param_set *p, const char *outdir, ic_err *err)
{
    int rc = na_check("train", p, err);  /* ranges, even d for rotation and unitary data */
    if (rc)
        return rc;
    size_t d = (size_t)ic_param_int(p, "d"), H = (size_t)ic_param_int(p, "heads"), n = (size_t)ic_param_int(p, "n");
    size_t ntr = (size_t)ic_param_int(p, "train-size"), nte = (size_t)ic_param_int(p, "test-size");
    size_t bs = (size_t)ic_param_int(p, "batch");
    long epochs = ic_param_int(p, "epochs"), every = ic_param_int(p, "eval-every"), seed = ic_param_int(p, "seed");
    double lr = ic_param_real(p, "lr");
    int kind = na_data_kind(ic_param_get(p, "data")), shuffle = strcmp(ic_param_get(p, "shuffle"), "yes") == 0;
    int dtype = strcmp(ic_param_get(p, "dtype"), "float32") == 0 ? NA_F32 : NA_F64;
    size_t threads = (size_t)ic_param_int(p, "threads");
    if (threads == 0)
        threads = ic_pool_online_cpus();
    if (bs > ntr)
        bs = ntr;  /* as the authors' min(batch_size, len(train)) */
    na_shape s;
    na_shape_init(&s, d, H, n);
    size_t P = s.off[NA_NPARAM];
    double *theta = malloc(P * sizeof *theta), *g = malloc(P * sizeof *g);
    double *Str = malloc(ntr * (n + 1) * d * sizeof *Str), *Ste = malloc(nte * (n + 1) * d * sizeof *Ste);
    size_t *perm = malloc((ntr > nte ? ntr : nte) * sizeof *perm);
    adam a = { calloc(P, sizeof(double)), calloc(P, sizeof(double)), 0 };
    size_t cap = (size_t)(epochs / every + 3) * 80 + 64;
    char *csv = calloc(cap, 1);  /* zeros beyond the text: the checkpoint stores all cap bytes */
    na_fast *fast = NULL;
    char ckpath[4096];
    snprintf(ckpath, sizeof ckpath, "%s/%s", outdir, IC_CKPT_FILE);
    static const char *const untagged[] = { "threads", "resume", "checkpoint-every", NULL };
    double tag = ic_ckpt_tag_params(p, untagged), *ckv = NULL, *saved = NULL;
    size_t ckn = NA_CK_HEAD + 3 * P + cap, nsaved = 0;
    long ckevery = ic_param_int(p, "checkpoint-every");
    if (!theta || !g || !Str || !Ste || !perm || !a.m || !a.v || !csv) {
        rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
        goto out;
    }
    ckv = malloc(ckn * sizeof *ckv);
    if (!ckv) {
        rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
        goto out;
    }
    na_rng rinit, rtr, rte, rsh;
    na_rng_seed(&rinit, na_stream(seed, 0));
    na_rng_seed(&rtr, na_stream(seed, 1));
    na_rng_seed(&rte, na_stream(seed, 2));
    na_rng_seed(&rsh, na_stream(seed, 3));
    na_init_params(theta, &s, &rinit);
    rc = na_gen_data(Str, ntr, n, d, kind, &rtr, err);
    if (!rc)
        rc = na_gen_data(Ste, nte, n, d, kind, &rte, err);
    if (!rc && strcmp(ic_param_get(p, "save-init"), "yes") == 0)
        rc = write_params(outdir, "init_", theta, &s, err);
    if (!rc && strcmp(ic_param_get(p, "save-data"), "yes") == 0) {
        rc = save_data(outdir, "train", Str, ntr, n, d, err);
        if (!rc)
            rc = save_data(outdir, "test", Ste, nte, n, d, err);
    }
    if (rc)
        goto out;
    fast = na_fast_new(&s, threads, dtype, err);
    if (!fast) {
        rc = err->code ? err->code : IC_EINTERNAL;
        goto out;
    }
    for (size_t i = 0; i < nte; i++)
        perm[i] = i;
    size_t clen = 0;
    double test = 0;
    long e0 = 1;
    if (strcmp(ic_param_get(p, "resume"), "yes") == 0) {
        rc = ic_ckpt_read(ckpath, tag, &saved, &nsaved, err);
        if (rc)
            goto out;
        long ep = 0;
        if (saved && ckpt_unpack(saved, nsaved, epochs, cap, P, &ep, &a.step, &clen, &rsh, &test, theta, &a, csv)) {
            rc = ic_err_set(err, IC_EINPUT, "%s: checkpoint does not fit these options", ckpath);
            goto out;
        }
        if (saved)
            e0 = ep + 1;
    }
    if (!saved) {
        clen = (size_t)sprintf(csv, "epoch,train_loss,test_loss\n");
        test = na_fast_loss(fast, theta, Ste, perm, nte, NULL);
        clen += (size_t)sprintf(csv + clen, "0,,%.17g\n", test);
    }
    double total = (double)((ntr + bs - 1) / bs) * (double)epochs;
    ic_progress_report((double)a.step, total);
    for (long e = e0; e <= epochs; e++) {
        for (size_t i = 0; i < ntr; i++)
            perm[i] = i;
        if (shuffle)
            for (size_t i = ntr - 1; i > 0; i--) {
                size_t j = (size_t)(ic_rng_u64(&rsh) % (i + 1)), t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
        double sum = 0;
        size_t nbat = 0;
        for (size_t b0 = 0; b0 < ntr; b0 += bs, nbat++) {
            size_t nb = ntr - b0 < bs ? ntr - b0 : bs;
            memset(g, 0, P * sizeof *g);
            double L = na_fast_loss(fast, theta, Str, perm + b0, nb, g);
            if (!isfinite(L)) {
                rc = ic_err_set(err, IC_EINTERNAL, "train: loss is not finite at epoch %ld", e);
                goto out;
            }
            sum += L;
            adam_step(&a, theta, g, P, lr);
            ic_progress_report((double)a.step, total);
        }
        if (e % every == 0 || e == epochs) {
            for (size_t i = 0; i < nte; i++)
                perm[i] = i;
            test = na_fast_loss(fast, theta, Ste, perm, nte, NULL);
            clen += (size_t)sprintf(csv + clen, "%ld,%.17g,%.17g\n", e, sum / (double)nbat, test);
        }
        if (ckevery > 0 && (e % ckevery == 0 || e == epochs)) {
            ckpt_pack(ckv, e, a.step, clen, &rsh, test, theta, &a, csv, cap, P);
            rc = ic_ckpt_write(ckpath, tag, ckv, ckn, err);
            if (rc)
                goto out;
        }
    }
    rc = write_params(outdir, "", theta, &s, err);
    if (!rc) {
        char path[4096];
        snprintf(path, sizeof path, "%s/loss.csv", outdir);
        rc = ic_write_atomic(path, csv, clen, err);
    }
    if (!rc && dtype == NA_F32) {
        /* The recorded test loss is a float64 evaluation (compare recomputes
         * it with model.c: they agree to rounding, about 1e-15). */
        na_fast_free(fast);
        fast = na_fast_new(&s, threads, NA_F64, err);
        if (!fast)
            rc = err->code ? err->code : IC_EINTERNAL;
        for (size_t i = 0; i < nte && !rc; i++)
            perm[i] = i;
        if (!rc)
            test = na_fast_loss(fast, theta, Ste, perm, nte, NULL);
    }
    if (!rc)
        rc = write_case(outdir, p, test, err);
    if (!rc)
        ic_ckpt_remove(ckpath);  /* a finished run leaves none (doc/reproduce.md) */
out:
    free(ckv);
    free(saved);
    na_fast_free(fast);
    free(theta);
    free(g);
    free(Str);
    free(Ste);
    free(perm);
    free(a.m);
    free(a.v);
    free(csv);
    return rc;
}
