/* C6 trainer: `icalcheck train nonaugmented`, the authors' non_augmented.py
 * training loop (Adam, shuffled mini-batches, MSE) on data generated from
 * the seed.  Everything is deterministic in the seed: the generator streams
 * are seed*4 + {0: initial weights, 1: training data, 2: test data,
 * 3: batch order}. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/file_io.h"
#include "formats/npy.h"
#include "nonaugmented/nonaugmented.h"

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

/* PyTorch's Adam (betas 0.9, 0.999, eps 1e-8, no weight decay). */
static void adam_step(adam *a, double *theta, const double *g, size_t P, double lr)
{
    const double b1 = 0.9, b2 = 0.999, eps = 1e-8;
    a->step++;
    double bc1 = 1 - pow(b1, (double)a->step), bc2 = 1 - pow(b2, (double)a->step);
    double step = lr / bc1, sq = sqrt(bc2);
    for (size_t i = 0; i < P; i++) {
        a->m[i] = b1 * a->m[i] + (1 - b1) * g[i];
        a->v[i] = b2 * a->v[i] + (1 - b2) * g[i] * g[i];
        theta[i] -= step * a->m[i] / (sqrt(a->v[i]) / sq + eps);
    }
}

static int check_ranges(const ic_param_set *p, ic_err *err)
{
    struct { const char *name; long lo, hi; } r[] = {
        { "d", 1, 64 }, { "heads", 1, 1024 }, { "n", 1, 1000 }, { "epochs", 0, 1000000 },
        { "batch", 1, 1L << 22 }, { "train-size", 1, 1L << 22 }, { "test-size", 1, 1L << 20 },
        { "eval-every", 1, 1000000 }, { "seed", 0, 1L << 40 },
    };
    for (size_t i = 0; i < sizeof r / sizeof r[0]; i++) {
        long v = ic_param_int(p, r[i].name);
        if (v < r[i].lo || v > r[i].hi)
            return ic_err_set(err, IC_EINPUT, "--%s: %ld is outside %ld..%ld", r[i].name, v,
                              r[i].lo, r[i].hi);
    }
    double lr = ic_param_real(p, "lr");
    if (!(lr > 0 && lr < 10))
        return ic_err_set(err, IC_EINPUT, "--lr: %g is outside (0, 10)", lr);
    return IC_OK;
}

static int save_data(const char *outdir, const char *name, const double *S, size_t m, size_t n,
                     size_t d, ic_err *err)
{
    char path[4096];
    size_t shape[3] = { m, n + 1, d };
    snprintf(path, sizeof path, "%s/%s.npy", outdir, name);
    return ic_npy_write(path, S, 3, shape, 0, err);
}

int na_train(const ic_param_set *p, const char *outdir, ic_err *err)
{
    int rc = check_ranges(p, err);
    if (rc)
        return rc;
    size_t d = (size_t)ic_param_int(p, "d"), H = (size_t)ic_param_int(p, "heads"), n = (size_t)ic_param_int(p, "n");
    size_t ntr = (size_t)ic_param_int(p, "train-size"), nte = (size_t)ic_param_int(p, "test-size");
    size_t bs = (size_t)ic_param_int(p, "batch");
    long epochs = ic_param_int(p, "epochs"), every = ic_param_int(p, "eval-every"), seed = ic_param_int(p, "seed");
    double lr = ic_param_real(p, "lr");
    int kind = na_data_kind(ic_param_get(p, "data")), shuffle = strcmp(ic_param_get(p, "shuffle"), "yes") == 0;
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
    char *csv = malloc(cap);
    if (!theta || !g || !Str || !Ste || !perm || !a.m || !a.v || !csv) {
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
    size_t clen = (size_t)sprintf(csv, "epoch,train_loss,test_loss\n");
    for (size_t i = 0; i < nte; i++)
        perm[i] = i;
    double test = na_batch_loss(theta, &s, Ste, perm, nte, NULL, NULL);
    clen += (size_t)sprintf(csv + clen, "0,,%.17g\n", test);
    for (long e = 1; e <= epochs; e++) {
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
            double L = na_batch_loss(theta, &s, Str, perm + b0, nb, g, NULL);
            if (!isfinite(L)) {
                rc = ic_err_set(err, IC_EINTERNAL, "train: loss is not finite at epoch %ld", e);
                goto out;
            }
            sum += L;
            adam_step(&a, theta, g, P, lr);
        }
        if (e % every == 0 || e == epochs) {
            for (size_t i = 0; i < nte; i++)
                perm[i] = i;
            test = na_batch_loss(theta, &s, Ste, perm, nte, NULL, NULL);
            clen += (size_t)sprintf(csv + clen, "%ld,%.17g,%.17g\n", e, sum / (double)nbat, test);
        }
    }
    rc = write_params(outdir, "", theta, &s, err);
    if (!rc) {
        char path[4096];
        snprintf(path, sizeof path, "%s/loss.csv", outdir);
        rc = ic_write_atomic(path, csv, clen, err);
    }
    if (!rc)
        rc = write_case(outdir, p, test, err);
out:
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
