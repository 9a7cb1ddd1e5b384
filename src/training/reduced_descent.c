/* Full-batch gradient descent on the reduced losses, in double precision.
 * The loss of row t (THEORY.md C2, C4) with q = p_{-2}, x = p_{-1},
 * sp = sum p', np = ||p'||^2 (p' = used entries without q):
 *   L_t = q^2 t1 + (np + [authors] q^2) t2 - 2 x tr C + d
 *         + [orthogonal] (2 q sp t3 + (sp^2 - np) t4),
 * t1 = ||C 1||^2, t2 = ||C||_F^2, t3 = sum_j r_j C_{j j^}, t4 = sum_j C_{j j^}^2. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mpfr.h>

#include "formats/file_io.h"
#include "formats/npy.h"
#include "training/checkpoint.h"
#include "training/progress.h"
#include "training/reduced_descent.h"

int ic_reduced_work_init(ic_reduced_work *w, size_t d)
{
    w->C = ic_calloc(d * d, sizeof *w->C);
    w->G = ic_calloc(d * d, sizeof *w->G);
    w->r = ic_calloc(d, sizeof *w->r);
    if (!w->C || !w->G || !w->r) {
        ic_reduced_work_clear(w);
        return IC_EINTERNAL;
    }
    return IC_OK;
}

void ic_reduced_work_clear(ic_reduced_work *w)
{
    free(w->C);
    free(w->G);
    free(w->r);
    w->C = w->G = w->r = NULL;
}

double ic_reduced_loss_grad(const ic_reduced_model *m, const double *A, const double *B, const double *P,
                    double *gA, double *gB, double *gP, ic_reduced_work *w)
{
    const size_t d = m->d, H = m->H, T = m->T;
    const int ortho = m->loss == IC_REDUCED_ORTHO, auth = m->loss == IC_REDUCED_UNITARY_AUTHORS;
    double *C = w->C, *G = w->G, *r = w->r;
    /* C = B^T A */
    memset(C, 0, d * d * sizeof *C);
    for (size_t h = 0; h < H; h++) {
        const double *a = A + h * d, *b = B + h * d;
        for (size_t j = 0; j < d; j++) {
            double bj = b[j];
            double *cj = C + j * d;
            for (size_t k = 0; k < d; k++)
                cj[k] += bj * a[k];
        }
    }
    double t1 = 0, t2 = 0, t3 = 0, t4 = 0, tr = 0;
    for (size_t j = 0; j < d; j++) {
        double s = 0;
        for (size_t k = 0; k < d; k++) {
            s += C[j * d + k];
            t2 += C[j * d + k] * C[j * d + k];
        }
        r[j] = s;
        t1 += s * s;
        tr += C[j * d + j];
        if (ortho) {
            double e = C[j * d + (j ^ 1)];
            t3 += s * e;
            t4 += e * e;
        }
    }
    double L = 0, sa = 0, sb = 0, sg = 0, sh = 0, sx = 0;
    if (gP)
        memset(gP, 0, T * T * sizeof *gP);
    for (size_t t = 0; t + 1 < T; t++) {
        const double *row = P + t * T;
        double q = row[t], x = row[t + 1], sp = 0, mm = 0;
        for (size_t k = 0; k < t; k++) {
            sp += row[k];
            mm += row[k] * row[k];
        }
        sp += x;
        double np = mm + x * x;
        double nb = auth ? np + q * q : np;
        double Lt = q * q * t1 + nb * t2 - 2 * x * tr + (double)d;
        if (ortho)
            Lt += 2 * q * sp * t3 + (sp * sp - np) * t4;
        L += Lt;
        if (!gA)
            continue;
        sa += q * q;
        sb += nb;
        sx += x;
        if (ortho) {
            sg += q * sp;
            sh += sp * sp - np;
        }
        double *grow = gP + t * T;
        for (size_t k = 0; k <= t + 1; k++) {
            double v;
            if (k == t) {
                v = 2 * q * t1;
                if (auth)
                    v += 2 * q * t2;
                if (ortho)
                    v += 2 * sp * t3;
            } else {
                v = 2 * row[k] * t2;
                if (ortho)
                    v += 2 * q * t3 + 2 * (sp - row[k]) * t4;
                if (k == t + 1)
                    v -= 2 * tr;
            }
            grow[k] = v;
        }
    }
    if (!gA)
        return L;
    /* G = dL/dC */
    for (size_t j = 0; j < d; j++)
        for (size_t k = 0; k < d; k++) {
            double v = sa * r[j] + sb * C[j * d + k];
            if (k == j)
                v -= sx;
            if (ortho) {
                v += sg * C[j * d + (j ^ 1)];
                if (k == (j ^ 1))
                    v += sg * r[j] + sh * C[j * d + k];
            }
            G[j * d + k] = 2 * v;
        }
    /* gA = B G, gB = A G^T */
    for (size_t h = 0; h < H; h++) {
        const double *a = A + h * d, *b = B + h * d;
        double *ga = gA + h * d, *gb = gB + h * d;
        for (size_t k = 0; k < d; k++)
            ga[k] = 0;
        for (size_t j = 0; j < d; j++) {
            double bj = b[j], s = 0;
            const double *Gj = G + j * d;
            for (size_t k = 0; k < d; k++) {
                ga[k] += bj * Gj[k];
                s += a[k] * Gj[k];
            }
            gb[j] = s;
        }
    }
    return L;
}

/* ---------- deterministic initial values ---------- */

void ic_reduced_rng_seed(ic_reduced_rng *g, uint64_t seed)
{
    ic_rng_set_state(g, seed ^ 0x6a09e667f3bcc909ULL);
}

void ic_reduced_normals(ic_reduced_rng *g, double *out, size_t n, double scale)
{
    ic_rng_gauss_exact(g, out, n, scale);
}

void ic_reduced_init(const ic_reduced_opts *o, double *A, double *B, double *P)
{
    ic_reduced_rng g;
    ic_reduced_rng_seed(&g, o->seed);
    size_t hd = o->m.H * o->m.d;
    ic_reduced_normals(&g, A, hd, o->init_scale);
    ic_reduced_normals(&g, B, hd, o->init_scale);
    ic_reduced_normals(&g, P, o->m.T * o->m.T, o->init_scale);
}

size_t ic_reduced_curve_len(const ic_reduced_opts *o, long step)
{
    return step > 0 ? (size_t)((step + o->log_every - 1) / o->log_every) : 0;
}

double ic_reduced_run(const ic_reduced_opts *o, double *A, double *B, double *P, double *curve, size_t *ncurve,
              ic_reduced_work *w, double *scratch)
{
    size_t hd = o->m.H * o->m.d, tt = o->m.T * o->m.T, nc = ic_reduced_curve_len(o, o->start);
    double *gA = scratch, *gB = scratch + hd, *gP = scratch + 2 * hd;
    for (long s = o->start; s < o->steps; s++) {
        if (o->checkpoint && o->checkpoint_every > 0 && s > o->start && s % o->checkpoint_every == 0 &&
            o->checkpoint(o->ctx, s, A, B, P, curve, nc))
            return NAN;
        if ((s & 1023) == 0)
            ic_progress_report((double)s, (double)o->steps);
        double L = ic_reduced_loss_grad(&o->m, A, B, P, gA, gB, gP, w);
        if (!isfinite(L))
            return L;
        if (curve && s % o->log_every == 0)
            curve[nc++] = L;
        for (size_t i = 0; i < hd; i++) {
            A[i] -= o->lr * gA[i];
            B[i] -= o->lr * gB[i];
        }
        for (size_t i = 0; i < tt; i++)
            P[i] -= o->lr * gP[i];
    }
    double L = ic_reduced_loss_grad(&o->m, A, B, P, NULL, NULL, NULL, w);
    if (curve)
        curve[nc++] = L;
    if (ncurve)
        *ncurve = nc;
    ic_progress_report((double)o->steps, (double)o->steps);
    return L;
}

/* ---------- the trainer entry point ---------- */

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s/%s", dir, name);
    return s;
}

static int write_text(const char *dir, const char *name, const char *text, size_t len, ic_err *err)
{
    char *path = join(dir, name);
    if (!path)
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    int rc = ic_write_atomic(path, text, len, err);
    free(path);
    return rc;
}

static int write_npy(const char *dir, const char *name, const double *v, size_t r, size_t c,
                     ic_err *err)
{
    char *path = join(dir, name);
    if (!path)
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    size_t shape[2] = { r, c };
    int rc = ic_npy_write(path, v, 2, shape, 0, err);
    free(path);
    return rc;
}

/* Appends printf output to a growing buffer. */
typedef struct {
    char *s;
    size_t n, cap;
    int oom;
} sbuf;

static void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        if (b->oom)
            return;
        va_start(ap, fmt);
        int k = vsnprintf(b->s ? b->s + b->n : NULL, b->s ? b->cap - b->n : 0, fmt, ap);
        va_end(ap);
        if (k < 0) {
            b->oom = 1;
            return;
        }
        if (b->s && b->n + (size_t)k < b->cap) {
            b->n += (size_t)k;
            return;
        }
        size_t cap = (b->cap + (size_t)k + 1) * 2;
        char *s = realloc(b->s, cap);
        if (!s) {
            b->oom = 1;
            return;
        }
        b->s = s;
        b->cap = cap;
    }
}

/* The unitary trainer's default depends on H (proofs/unitary/train.c):
 * the authors' 100 steps reach the minimum 0 when H >= d, but with H < d
 * the minimum (T-1)(d-H) needs thousands of steps. */
static long steps_of(const ic_param_set *p, int ortho)
{
    long d = ic_param_int(p, "d"), H = ic_param_int(p, "H");
    return ortho || ic_param_given(p, "steps") ? ic_param_int(p, "steps") : H >= d ? 100 : 20000;
}

int ic_reduced_check_params(const ic_param_set *p, int ortho, ic_err *err)
{
    long d = ic_param_int(p, "d"), H = ic_param_int(p, "H"), T = ic_param_int(p, "T");
    long steps = steps_of(p, ortho);
    long le = ic_param_int(p, "log-every"), seed = ic_param_int(p, "seed");
    long ce = ic_param_int(p, "checkpoint-every");
    double lr = ic_param_real(p, "lr"), sc = ic_param_real(p, "init-scale");
    if (d < 1 || d > 256)
        return ic_err_set(err, IC_EINPUT, "--d: %ld is outside 1..256", d);
    if (ortho && d % 2)
        return ic_err_set(err, IC_EINPUT, "--d: %ld is odd (the orthogonal case pairs coordinates)", d);
    if (H < 1 || H > 1024)
        return ic_err_set(err, IC_EINPUT, "--H: %ld is outside 1..1024", H);
    if (T < 2 || T > 1000)
        return ic_err_set(err, IC_EINPUT, "--T: %ld is outside 2..1000", T);
    if (steps < 0 || steps > 1000000000L)
        return ic_err_set(err, IC_EINPUT, "--steps: %ld is outside 0..1e9", steps);
    if (!(lr > 0))
        return ic_err_set(err, IC_EINPUT, "--lr: must be positive");
    if (!(sc >= 0))
        return ic_err_set(err, IC_EINPUT, "--init-scale: must be >= 0");
    if (le < 0)
        return ic_err_set(err, IC_EINPUT, "--log-every: must be >= 0");
    if (seed < 0)
        return ic_err_set(err, IC_EINPUT, "--seed: must be >= 0");
    if (ce < 0)
        return ic_err_set(err, IC_EINPUT, "--checkpoint-every: must be >= 0");
    return IC_OK;
}

static int get_opts(const ic_param_set *p, int ortho, ic_reduced_opts *o, ic_err *err)
{
    int rc = ic_reduced_check_params(p, ortho, err);
    if (rc)
        return rc;
    long d = ic_param_int(p, "d"), H = ic_param_int(p, "H"), T = ic_param_int(p, "T");
    long steps = steps_of(p, ortho);
    long le = ic_param_int(p, "log-every"), seed = ic_param_int(p, "seed");
    long ce = ic_param_int(p, "checkpoint-every");
    double lr = ic_param_real(p, "lr"), sc = ic_param_real(p, "init-scale");
    const char *loss = ic_param_get(p, "loss");
    memset(o, 0, sizeof *o);
    o->m.d = (size_t)d;
    o->m.H = (size_t)H;
    o->m.T = (size_t)T;
    o->m.loss = ortho ? IC_REDUCED_ORTHO : strcmp(loss, "authors") == 0 ? IC_REDUCED_UNITARY_AUTHORS : IC_REDUCED_UNITARY;
    o->steps = steps;
    o->lr = lr;
    o->init_scale = sc;
    o->seed = (unsigned long)seed;
    o->log_every = le ? le : (steps >= 1000 ? steps / 1000 : 1);
    o->claim = ortho ? "orthogonal" : "unitary";
    o->expect_pass = ortho ? 2 * H >= d : H >= d;
    o->checkpoint_every = ce;
    return IC_OK;
}

/* The checkpoint of a run: [step, A, B, P, curve so far]. */
typedef struct {
    const ic_reduced_opts *o;
    char *path;
    double tag;
    ic_err *err;
    int rc;          /* the first failed write's code */
} reduced_ckpt;

static int save_checkpoint(void *ctx, long step, const double *A, const double *B, const double *P,
                           const double *curve, size_t nc)
{
    reduced_ckpt *k = ctx;
    size_t hd = k->o->m.H * k->o->m.d, tt = k->o->m.T * k->o->m.T, n = 1 + 2 * hd + tt + nc;
    double *v = malloc(n * sizeof *v);
    if (!v)
        return ic_err_set(k->err, IC_EINTERNAL, "out of memory");
    v[0] = (double)step;
    memcpy(v + 1, A, hd * sizeof *v);
    memcpy(v + 1 + hd, B, hd * sizeof *v);
    memcpy(v + 1 + 2 * hd, P, tt * sizeof *v);
    if (nc)
        memcpy(v + 1 + 2 * hd + tt, curve, nc * sizeof *v);
    k->rc = ic_ckpt_write(k->path, k->tag, v, n, k->err);
    free(v);
    return k->rc;
}

/* Restores the state of a checkpoint (o->start is set from it). */
static int load_checkpoint(reduced_ckpt *k, ic_reduced_opts *o, double *A, double *B, double *P,
                           double *curve, ic_err *err)
{
    double *v;
    size_t n;
    int rc = ic_ckpt_read(k->path, k->tag, &v, &n, err);
    if (rc || !v)
        return rc;
    size_t hd = o->m.H * o->m.d, tt = o->m.T * o->m.T;
    long step = n ? (long)v[0] : -1;
    if (n < 1 + 2 * hd + tt || step < 1 || step > o->steps || (double)step != v[0] ||
        n != 1 + 2 * hd + tt + ic_reduced_curve_len(o, step)) {
        free(v);
        return ic_err_set(err, IC_EINPUT, "%s: checkpoint does not fit these options", k->path);
    }
    memcpy(A, v + 1, hd * sizeof *v);
    memcpy(B, v + 1 + hd, hd * sizeof *v);
    memcpy(P, v + 1 + 2 * hd, tt * sizeof *v);
    memcpy(curve, v + 1 + 2 * hd + tt, (n - 1 - 2 * hd - tt) * sizeof *v);
    o->start = step;
    free(v);
    return IC_OK;
}

int ic_reduced_train(const ic_param_set *p, const char *outdir, int ortho, ic_err *err)
{
    ic_reduced_opts o = { .steps = 0 };
    int rc = get_opts(p, ortho, &o, err);
    if (rc)
        return rc;
    size_t hd = o.m.H * o.m.d, tt = o.m.T * o.m.T;
    size_t ncap = (size_t)(o.steps / o.log_every) + 2, nc = 0;
    double *A = ic_calloc(hd, sizeof *A), *B = ic_calloc(hd, sizeof *B), *P = ic_calloc(tt, sizeof *P);
    double *scratch = ic_calloc(2 * hd + tt, sizeof *scratch), *curve = ic_calloc(ncap, sizeof *curve);
    double *A0 = ic_calloc(hd, sizeof *A0), *B0 = ic_calloc(hd, sizeof *B0), *P0 = ic_calloc(tt, sizeof *P0);
    ic_reduced_work w = { 0 };
    sbuf csv = { 0 }, cs = { 0 };
    /* Options that do not change the result stay out of the tag. */
    static const char *const untagged[] = { "checkpoint-every", "resume", NULL };
    reduced_ckpt ck = { &o, join(outdir, IC_CKPT_FILE), ic_ckpt_tag_params(p, untagged), err, IC_OK };
    if (!A || !B || !P || !A0 || !B0 || !P0 || !scratch || !curve || !ck.path || ic_reduced_work_init(&w, o.m.d)) {
        rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
        goto out;
    }
    ic_reduced_init(&o, A, B, P);
    memcpy(A0, A, hd * sizeof *A);
    memcpy(B0, B, hd * sizeof *B);
    memcpy(P0, P, tt * sizeof *P);
    if (strcmp(ic_param_get(p, "resume"), "yes") == 0) {
        rc = load_checkpoint(&ck, &o, A, B, P, curve, err);
        if (rc)
            goto out;
    }
    o.checkpoint = save_checkpoint;
    o.ctx = &ck;
    double L = ic_reduced_run(&o, A, B, P, curve, &nc, &w, scratch);
    if (ck.rc) {
        rc = ck.rc;
        goto out;
    }
    if (!isfinite(L)) {
        ic_ckpt_remove(ck.path);
        rc = ic_err_set(err, IC_EINPUT, "training diverged (loss not finite at lr %s); lower --lr", ic_param_get(p, "lr"));
        goto out;
    }
    sb_printf(&csv, "step,loss\n");
    for (size_t i = 0; i < nc; i++)
        sb_printf(&csv, "%ld,%.17g\n", i + 1 == nc ? o.steps : (long)i * o.log_every, curve[i]);
    const char *loss_name = o.m.loss == IC_REDUCED_UNITARY_AUTHORS ? "authors" : "exact";
    sb_printf(&cs,
              "# Trained by `icalcheck train %s` (float64 full-batch gradient descent):\n"
              "# d = %zu, H = %zu, T = %zu, steps = %ld, lr = %s, init-scale = %s, seed = %lu,\n"
              "# loss = %s; final training loss %.17g.  A0/B0/P0.npy are the initial values.\n"
              "claim = %s\nmode = compare\nexpect = %s\n"
              "description = weights trained here (d = %zu, H = %zu, T = %zu, %ld steps); %s\n"
              "A = A.npy\nB = B.npy\nP = P.npy\n",
              o.claim, o.m.d, o.m.H, o.m.T, o.steps, ic_param_get(p, "lr"), ic_param_get(p, "init-scale"), o.seed, loss_name, L, o.claim,
              o.expect_pass ? "pass" : "fail", o.m.d, o.m.H, o.m.T, o.steps,
              o.expect_pass ? "expected at the closed-form minimum"
                            : (ortho ? "H < d/2: zero loss is out of reach, the comparison must fail"
                                     : "H < d: zero loss is out of reach, the comparison must fail"));
    if (csv.oom || cs.oom) {
        rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
        goto out;
    }
    rc = write_npy(outdir, "A.npy", A, o.m.H, o.m.d, err);
    if (!rc)
        rc = write_npy(outdir, "B.npy", B, o.m.H, o.m.d, err);
    if (!rc)
        rc = write_npy(outdir, "P.npy", P, o.m.T, o.m.T, err);
    /* The initial values, for the bench's numpy and torch ports. */
    if (!rc)
        rc = write_npy(outdir, "A0.npy", A0, o.m.H, o.m.d, err);
    if (!rc)
        rc = write_npy(outdir, "B0.npy", B0, o.m.H, o.m.d, err);
    if (!rc)
        rc = write_npy(outdir, "P0.npy", P0, o.m.T, o.m.T, err);
    if (!rc)
        rc = write_text(outdir, "loss.csv", csv.s, csv.n, err);
    if (!rc)
        rc = write_text(outdir, "trained.case", cs.s, cs.n, err);
    if (!rc)
        ic_ckpt_remove(ck.path);
out:
    free(ck.path);
    free(A0);
    free(B0);
    free(P0);
    free(A);
    free(B);
    free(P);
    free(scratch);
    free(curve);
    free(csv.s);
    free(cs.s);
    ic_reduced_work_clear(&w);
    return rc;
}
