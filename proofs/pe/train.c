/* C5: the authors' training (pe_only.py) in C: a fixed batch of angles,
 * full-batch SGD from P = 0 with their stopping rule and save mask. */
#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/file_io.h"
#include "pe/pe.h"
#include "training/checkpoint.h"

#define PE_TWO_PI 6.283185307179586476925

void pe_rng_seed(pe_rng *r, unsigned long long seed)
{
    ic_rng_set_state(r, seed);
}

void pe_batch_moments(double *g, size_t n, double mu, long batch, unsigned long long seed)
{
    pe_rng r;
    pe_rng_seed(&r, seed);
    memset(g, 0, n * sizeof *g);
    for (long i = 0; i < batch; i++) {
        double phi = PE_TWO_PI * ic_rng_unif(&r) / mu;
        for (size_t k = 0; k < n; k++)
            g[k] += cos(2.0 * (double)k * phi);
    }
    for (size_t k = 0; k < n; k++)
        g[k] /= (double)batch;
}

double pe_model_loss_grad(double *grad, const double *P, size_t T, double mu, long batch,
                          unsigned long long seed)
{
    pe_rng r;
    pe_rng_seed(&r, seed);
    double complex *s = malloc((T + 1) * sizeof *s);
    if (!s)
        return NAN;
    memset(grad, 0, T * T * sizeof *grad);
    double L = 0;
    for (long i = 0; i < batch; i++) {
        double phi = PE_TWO_PI * ic_rng_unif(&r) / mu;
        for (size_t t = 0; t <= T; t++)
            s[t] = cexp(I * (double)t * phi);
        for (size_t t = 0; t + 1 < T; t++) {
            /* the authors' masks: t' <= t (tril) plus t' = t + 1 (up_diag) */
            double complex y = -s[t + 2];
            for (size_t u = 0; u <= t + 1; u++)
                y += P[t * T + u] * conj(s[t]) * s[u] * s[u];
            L += creal(y * conj(y));
            for (size_t u = 0; u <= t + 1; u++)
                grad[t * T + u] += 2.0 * creal(conj(y) * conj(s[t]) * s[u] * s[u]);
        }
    }
    double norm = (double)batch * (double)(T - 1);
    for (size_t j = 0; j < T * T; j++)
        grad[j] /= norm;
    free(s);
    return L / norm;
}

const ic_param_spec pe_train_params[] = {
    { "mu", IC_PARAM_REAL, NULL, NULL, "angle scale: phi uniform on [0, 2 pi / mu]" },
    { "T", IC_PARAM_INT, "30", NULL, "sequence length (rows 0..T-2 are trained)" },
    { "batch", IC_PARAM_INT, "1000", NULL, "number of sequences in the fixed batch" },
    { "lr", IC_PARAM_REAL, "0.5", NULL, "SGD learning rate on the mean loss" },
    { "stop-loss", IC_PARAM_REAL, "1e-3", NULL, "stop one step after the first loss below this" },
    { "seed", IC_PARAM_INT, "1", NULL, "seed of the batch (splitmix64)" },
    { "checkpoint-every", IC_PARAM_INT, "1000", NULL, "write OUT/checkpoint.npy every this many steps (0: never)" },
    { "resume", IC_PARAM_WORD, "no", "yes|no", "continue from OUT/checkpoint.npy when there is one (same bytes as an uninterrupted run)" },
    IC_PARAM_END
};

static int write_text(const char *dir, const char *name, const char *text, ic_err *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return ic_write_atomic(path, text, strlen(text), err);
}

/* The checkpoint of a run: [steps done, residuals r, loss so far]. */
typedef struct {
    char path[4096];
    double tag;
    size_t tot;
    ic_err *err;
    int rc;
} pe_ckpt;

static int save_checkpoint(void *ctx, long i, const double *r, const double *loss)
{
    pe_ckpt *k = ctx;
    size_t n = 1 + k->tot + (size_t)i;
    double *v = malloc(n * sizeof *v);
    if (!v)
        return k->rc = ic_err_set(k->err, IC_EINTERNAL, "out of memory");
    v[0] = (double)i;
    memcpy(v + 1, r, k->tot * sizeof *v);
    memcpy(v + 1 + k->tot, loss, (size_t)i * sizeof *v);
    k->rc = ic_ckpt_write(k->path, k->tag, v, n, k->err);
    free(v);
    return k->rc;
}

int pe_train_run(const ic_param_set *ps, const char *outdir, ic_err *err)
{
    int rc = pe_check("train", ps, err);  /* mu, T, batch, lr, stop-loss, checkpoints */
    if (rc)
        return rc;
    double mu = ic_param_real(ps, "mu"), lr = ic_param_real(ps, "lr"), stop = ic_param_real(ps, "stop-loss");
    long T = ic_param_int(ps, "T"), batch = ic_param_int(ps, "batch"), seed = ic_param_int(ps, "seed");
    long every = ic_param_int(ps, "checkpoint-every");
    size_t n = (size_t)T;
    double *g = malloc(n * sizeof *g), *P = malloc(n * n * sizeof *P);
    double *loss = malloc((PE_STEPS_MAX + 2) * sizeof *loss);
    char *csv = NULL;
    double *saved = NULL;
    static const char *const untagged[] = { "checkpoint-every", "resume", NULL };
    pe_ckpt ck = { "", ic_ckpt_tag_params(ps, untagged), pe_gd_state_len(n), err, IC_OK };
    snprintf(ck.path, sizeof ck.path, "%s/%s", outdir, IC_CKPT_FILE);
    pe_gd_resume res = { 0, NULL, every, save_checkpoint, &ck };
    if (!g || !P || !loss) {
        rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
        goto out;
    }
    if (strcmp(ic_param_get(ps, "resume"), "yes") == 0) {
        size_t m;
        rc = ic_ckpt_read(ck.path, ck.tag, &saved, &m, err);
        if (rc)
            goto out;
        if (saved) {
            long i = m ? (long)saved[0] : -1;
            if (i < 1 || i > PE_STEPS_MAX || (double)i != saved[0] || m != 1 + ck.tot + (size_t)i) {
                rc = ic_err_set(err, IC_EINPUT, "%s: checkpoint does not fit these options", ck.path);
                goto out;
            }
            res.start = i;
            res.r = saved + 1;
            memcpy(loss, saved + 1 + ck.tot, (size_t)i * sizeof *loss);
        }
    }
    pe_batch_moments(g, n, mu, batch, (unsigned long long)seed);
    long k = pe_gd_d_resumable(P, g, n, lr, stop, PE_STEPS_MAX, loss, &res);
    if (k == -3) {
        rc = ck.rc;
        goto out;
    }
    if (k == -2) {
        rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
        goto out;
    }
    if (k < 0) {
        rc = ic_err_set(err, IC_EINPUT, "the batch loss stays above %g for %ld steps", stop, PE_STEPS_MAX);
        goto out;
    }
    /* P.npy holds every trained entry, the superdiagonal P[t][t+1] (the
     * weight on the newest key) included; the authors' pe_only.py saves
     * tril(k=0) only, and `compare pe` checks the superdiagonal when it is
     * present. */
    char path[4096];
    snprintf(path, sizeof path, "%s/P.npy", outdir);
    size_t shape[2] = { n, n };
    rc = ic_npy_write(path, P, 2, shape, 1, err);
    if (rc)
        goto out;
    size_t cap = (size_t)(k + 2) * 40 + 32;
    csv = malloc(cap);
    if (!csv) {
        rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
        goto out;
    }
    size_t len = (size_t)snprintf(csv, cap, "step,loss\n");
    for (long i = 0; i <= k; i++)
        len += (size_t)snprintf(csv + len, cap - len, "%ld,%.17g\n", i, loss[i]);
    rc = write_text(outdir, "loss.csv", csv, err);
    if (rc)
        goto out;
    char cs[2048];
    snprintf(cs, sizeof cs,
             "# written by `icalcheck train pe`: the trained matrix against the closed-form path\n"
             "claim = pe\nmode = compare\nexpect = pass\n"
             "description = trained P (mu %s, batch %ld, seed %ld, %ld steps) vs the closed-form GD path\n"
             "P = P.npy\nmu = %s\nT = %ld\nlr = %s\nbatch = %ld\nstop-loss = %s\ntol = 0.02\n",
             ic_param_get(ps, "mu"), batch, seed, k, ic_param_get(ps, "mu"), T, ic_param_get(ps, "lr"), batch,
             ic_param_get(ps, "stop-loss"));
    rc = write_text(outdir, "trained.case", cs, err);
    if (!rc)
        ic_ckpt_remove(ck.path);
out:
    free(saved);
    free(g);
    free(P);
    free(loss);
    free(csv);
    return rc;
}
