/* C6 fast path: na_batch_loss's loss and gradient for whole mini-batches,
 * vectorised across sequences, with the shared maps as OpenBLAS GEMMs and a
 * fixed partition over threads (see nonaugmented.h, "fast path"). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nonaugmented/nonaugmented.h"
#include "training/pool.h"

#if defined(__GNUC__) && defined(__x86_64__)
#define NA_FAST_X86 1
#include <immintrin.h>
#else
#define NA_FAST_X86 0
#endif

/* OpenBLAS's Fortran GEMMs (not cblas_*, which may bind to GSL's reference
 * CBLAS: see src/numbers/dyadic_product.c). */
void dgemm_(const char *ta, const char *tb, const int *m, const int *n, const int *k, const double *alpha,
            const double *a, const int *lda, const double *b, const int *ldb, const double *beta, double *c,
            const int *ldc);
void sgemm_(const char *ta, const char *tb, const int *m, const int *n, const int *k, const float *alpha,
            const float *a, const int *lda, const float *b, const int *ldb, const float *beta, float *c,
            const int *ldc);

/* The generic kernels pass 32-byte vectors between always-inlined helpers
 * only, so the ABI note GCC gives for them (without AVX) does not apply. */
#pragma GCC diagnostic ignored "-Wpsabi"

/* ---- the two number types ---- */
typedef double na_vd __attribute__((vector_size(32)));
typedef float na_vf __attribute__((vector_size(32)));

#define REAL double
#define RN(x) x##_d
#define XGEMM dgemm_
#define VEC na_vd
#define VL 4
#define KSET1(r) ((na_vd){ (r), (r), (r), (r) })
#define VFMA_LANE fma
#define VFMA_X86(a, b, c) ((na_vd)_mm256_fmadd_pd((__m256d)(a), (__m256d)(b), (__m256d)(c)))
#include "nonaugmented/fast_chunk.h"
#undef REAL
#undef RN
#undef XGEMM
#undef VEC
#undef VL
#undef KSET1
#undef VFMA_LANE
#undef VFMA_X86

#define REAL float
#define RN(x) x##_f
#define XGEMM sgemm_
#define VEC na_vf
#define VL 8
#define KSET1(r) ((na_vf){ (r), (r), (r), (r), (r), (r), (r), (r) })
#define VFMA_LANE fmaf
#define VFMA_X86(a, b, c) ((na_vf)_mm256_fmadd_ps((__m256)(a), (__m256)(b), (__m256)(c)))
#include "nonaugmented/fast_chunk.h"
#undef REAL
#undef RN
#undef XGEMM
#undef VEC
#undef VL
#undef KSET1
#undef VFMA_LANE
#undef VFMA_X86

static int have_avx2_fma(void)
{
#if NA_FAST_X86
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return 0;
#endif
}

const char *na_fast_isa(void)
{
    return have_avx2_fma() ? "avx2+fma" : "generic";
}

struct na_fast {
    na_shape s;
    int f32, avx;
    size_t workers;
    ic_pool *pool;
    size_t e, He, accl;       /* d + 1, H (d + 1), REALs per group block */
    size_t cap;               /* groups allocated */
    double *Aq, *Ak;          /* H x D x e each: [left + right half of W, b] per head */
    double *qp, *kp, *P;      /* positional branch (double) */
    double *red;              /* the groups' partial sums reduced, in double */
    void *prm, *prm_mem;      /* RN(params) and its storage */
    void *work;               /* RN(work)[workers] */
    void *work_mem;
    void *acc, *acc_mem;      /* RN(acc)[cap] and their blocks */
};

static void *aligned(size_t bytes)
{
    return aligned_alloc(64, (bytes + 63) / 64 * 64);
}

/* REALs per group block: dAv, dMt, dWo, dbo, dlg, dlb, dWf, dbf, dP. */
static size_t acc_len(const na_shape *s)
{
    size_t e = s->d + 1, He = s->H * e, D = s->D;
    return D * He + He * e + D * D + 3 * D + s->d * D + s->d + s->H * s->n * s->n;
}

#define BIND_ACC(T, g, p, s)                                                                       \
    do {                                                                                           \
        size_t e_ = (s)->d + 1, He_ = (s)->H * e_, D_ = (s)->D;                                    \
        T *q_ = (p);                                                                               \
        (g)->dAv = q_; q_ += D_ * He_;                                                             \
        (g)->dMt = q_; q_ += He_ * e_;                                                             \
        (g)->dWo = q_; q_ += D_ * D_;                                                              \
        (g)->dbo = q_; q_ += D_;                                                                   \
        (g)->dlg = q_; q_ += D_;                                                                   \
        (g)->dlb = q_; q_ += D_;                                                                   \
        (g)->dWf = q_; q_ += (s)->d * D_;                                                          \
        (g)->dbf = q_; q_ += (s)->d;                                                               \
        (g)->dP = q_;                                                                              \
    } while (0)

#define BIND_PRM(T, pr, p, s)                                                                      \
    do {                                                                                           \
        size_t e_ = (s)->d + 1, He_ = (s)->H * e_, D_ = (s)->D;                                    \
        T *q_ = (p);                                                                               \
        (pr)->Mt = q_; q_ += He_ * e_;                                                             \
        (pr)->Av = q_; q_ += D_ * He_;                                                             \
        (pr)->Wo = q_; q_ += D_ * D_;                                                              \
        (pr)->bo = q_; q_ += D_;                                                                   \
        (pr)->lg = q_; q_ += D_;                                                                   \
        (pr)->lb = q_; q_ += D_;                                                                   \
        (pr)->Wf = q_; q_ += (s)->d * D_;                                                          \
        (pr)->bf = q_; q_ += (s)->d;                                                               \
        (pr)->P = q_;                                                                              \
    } while (0)

void na_fast_free(na_fast *f)
{
    if (!f)
        return;
    ic_pool_free(f->pool);
    free(f->Aq);
    free(f->Ak);
    free(f->qp);
    free(f->red);
    free(f->prm);
    free(f->prm_mem);
    free(f->work);
    free(f->work_mem);
    free(f->acc);
    free(f->acc_mem);
    free(f);
}

na_fast *na_fast_new(const na_shape *s, size_t threads, int dtype, ic_err *err)
{
    na_fast *f = calloc(1, sizeof *f);
    if (!f) {
        ic_err_set(err, IC_EINTERNAL, "out of memory");
        return NULL;
    }
    f->s = *s;
    f->f32 = dtype == NA_F32;
    f->avx = have_avx2_fma();
    f->workers = threads < 1 ? 1 : threads;
    f->e = s->d + 1;
    f->He = s->H * f->e;
    f->accl = acc_len(s);
    size_t D = s->D, n = s->n, HD = s->H * D, rs = f->f32 ? sizeof(float) : sizeof(double);
    size_t vl = f->f32 ? 8 : 4, ncol = (NA_CHUNK + vl - 1) / vl * vl * n;
    size_t wl = f->f32 ? work_len_f(s, ncol) : work_len_d(s, ncol);
    size_t prl = f->He * f->e + D * f->He + D * D + 3 * D + s->d * D + s->d + s->H * n * n;
    f->Aq = malloc(s->H * D * f->e * sizeof *f->Aq);
    f->Ak = malloc(s->H * D * f->e * sizeof *f->Ak);
    f->qp = malloc((2 * n * HD + s->H * n * n) * sizeof *f->qp);
    f->red = malloc(f->accl * sizeof *f->red);
    f->prm = calloc(1, f->f32 ? sizeof(params_f) : sizeof(params_d));
    f->prm_mem = aligned(prl * rs);
    f->work = calloc(f->workers, f->f32 ? sizeof(work_f) : sizeof(work_d));
    f->work_mem = aligned(f->workers * wl * rs);
    if (!f->Aq || !f->Ak || !f->qp || !f->red || !f->prm || !f->prm_mem || !f->work || !f->work_mem) {
        na_fast_free(f);
        ic_err_set(err, IC_EINTERNAL, "out of memory");
        return NULL;
    }
    f->kp = f->qp + n * HD;
    f->P = f->kp + n * HD;
    memset(f->work_mem, 0, f->workers * wl * rs);
    for (size_t i = 0; i < f->workers; i++) {
        if (f->f32)
            work_bind_f((work_f *)f->work + i, (float *)f->work_mem + i * wl, s, ncol);
        else
            work_bind_d((work_d *)f->work + i, (double *)f->work_mem + i * wl, s, ncol);
    }
    if (f->f32)
        BIND_PRM(float, (params_f *)f->prm, (float *)f->prm_mem, s);
    else
        BIND_PRM(double, (params_d *)f->prm, (double *)f->prm_mem, s);
    f->pool = ic_pool_new(f->workers, err);
    if (!f->pool) {
        na_fast_free(f);
        return NULL;
    }
    return f;
}

void na_fast_use_generic(na_fast *f)
{
    f->avx = 0;
}

/* Room for ng groups' partial sums. */
static int reserve_groups(na_fast *f, size_t ng)
{
    if (ng <= f->cap)
        return 0;
    size_t rs = f->f32 ? sizeof(float) : sizeof(double), as = f->f32 ? sizeof(acc_f) : sizeof(acc_d);
    free(f->acc);
    free(f->acc_mem);
    f->acc = calloc(ng, as);
    f->acc_mem = malloc(ng * f->accl * rs);
    if (!f->acc || !f->acc_mem) {
        f->cap = 0;
        return -1;
    }
    for (size_t g = 0; g < ng; g++) {
        if (f->f32) {
            acc_f *a = (acc_f *)f->acc + g;
            BIND_ACC(float, a, (float *)f->acc_mem + g * f->accl, &f->s);
            a->len = f->accl;
        } else {
            acc_d *a = (acc_d *)f->acc + g;
            BIND_ACC(double, a, (double *)f->acc_mem + g * f->accl, &f->s);
            a->len = f->accl;
        }
    }
    f->cap = ng;
    return 0;
}

/* The per-batch parameters: Aq, Ak (double), the positional branch
 * (double), and M_h, Av, Wo, ..., P in the working type. */
static void prepare(na_fast *f, const double *theta)
{
    const na_shape *s = &f->s;
    size_t d = s->d, D = s->D, H = s->H, e = f->e, He = f->He, n = s->n;
    double isd = 1 / sqrt((double)D);
    const double *Wq = theta + s->off[NA_WQ], *bq = theta + s->off[NA_BQ];
    const double *Wk = theta + s->off[NA_WK], *bk = theta + s->off[NA_BK];
    const double *Wv = theta + s->off[NA_WV], *bv = theta + s->off[NA_BV];
    for (size_t r = 0; r < H * D; r++) {  /* row r = h D + i of the head maps */
        for (size_t c = 0; c < d; c++) {
            f->Aq[r * e + c] = Wq[r * D + c] + Wq[r * D + d + c];
            f->Ak[r * e + c] = Wk[r * D + c] + Wk[r * D + d + c];
        }
        f->Aq[r * e + d] = bq[r];
        f->Ak[r * e + d] = bk[r];
    }
    na_pos_forward(f->qp, f->kp, f->P, theta, s);
    size_t Pl = H * n * n;
#define FILL(T, pr)                                                                                \
    do {                                                                                           \
        for (size_t h = 0; h < H; h++)                                                             \
            for (size_t c = 0; c < e; c++)                                                         \
                for (size_t c2 = 0; c2 < e; c2++) {                                                \
                    double m = 0;                                                                  \
                    for (size_t i = 0; i < D; i++)                                                 \
                        m += f->Aq[(h * D + i) * e + c] * f->Ak[(h * D + i) * e + c2];             \
                    (pr)->Mt[(h * e + c2) * e + c] = (T)(m * isd);                                 \
                }                                                                                  \
        for (size_t i = 0; i < D; i++)                                                             \
            for (size_t h = 0; h < H; h++) {                                                       \
                size_t r = h * D + i;                                                              \
                for (size_t c = 0; c < d; c++)                                                     \
                    (pr)->Av[i * He + h * e + c] = (T)(Wv[r * D + c] + Wv[r * D + d + c]);         \
                (pr)->Av[i * He + h * e + d] = (T)bv[r];                                           \
            }                                                                                      \
        for (size_t i = 0; i < D * D; i++)                                                         \
            (pr)->Wo[i] = (T)theta[s->off[NA_WO] + i];                                             \
        for (size_t i = 0; i < D; i++) {                                                           \
            (pr)->bo[i] = (T)theta[s->off[NA_BO] + i];                                             \
            (pr)->lg[i] = (T)theta[s->off[NA_LNW] + i];                                            \
            (pr)->lb[i] = (T)theta[s->off[NA_LNB] + i];                                            \
        }                                                                                          \
        for (size_t i = 0; i < d * D; i++)                                                         \
            (pr)->Wf[i] = (T)theta[s->off[NA_WF] + i];                                             \
        for (size_t i = 0; i < d; i++)                                                             \
            (pr)->bf[i] = (T)theta[s->off[NA_BF] + i];                                             \
        for (size_t i = 0; i < Pl; i++)                                                            \
            (pr)->P[i] = (T)f->P[i];                                                               \
    } while (0)
    if (f->f32)
        FILL(float, (params_f *)f->prm);
    else
        FILL(double, (params_d *)f->prm);
#undef FILL
}

typedef struct {
    na_fast *f;
    const double *S;
    const size_t *idx;
    size_t nb;
    int grad;
    double scale2;
} batch_job;

/* Task g: the sequences g NA_GROUP ..., chunk by chunk, into group g's sums. */
static void run_group(void *ctx, size_t g, size_t worker)
{
    batch_job *j = ctx;
    na_fast *f = j->f;
    size_t lo = g * NA_GROUP, hi = lo + NA_GROUP < j->nb ? lo + NA_GROUP : j->nb;
    if (f->f32) {
        acc_f *a = (acc_f *)f->acc + g;
        work_f *w = (work_f *)f->work + worker;
        memset(a->dAv, 0, a->len * sizeof(float));
        a->sse = 0;
        for (size_t c = lo; c < hi; c += NA_CHUNK) {
            size_t len = hi - c < NA_CHUNK ? hi - c : NA_CHUNK;
            size_t ncol = gather_f(w, &f->s, j->S, j->idx + c, len);
            a->sse += forward_f(w, (params_f *)f->prm, &f->s, ncol, f->avx);
            if (j->grad)
                backward_f(w, (params_f *)f->prm, a, &f->s, ncol, (float)j->scale2, f->avx);
        }
    } else {
        acc_d *a = (acc_d *)f->acc + g;
        work_d *w = (work_d *)f->work + worker;
        memset(a->dAv, 0, a->len * sizeof(double));
        a->sse = 0;
        for (size_t c = lo; c < hi; c += NA_CHUNK) {
            size_t len = hi - c < NA_CHUNK ? hi - c : NA_CHUNK;
            size_t ncol = gather_d(w, &f->s, j->S, j->idx + c, len);
            a->sse += forward_d(w, (params_d *)f->prm, &f->s, ncol, f->avx);
            if (j->grad)
                backward_d(w, (params_d *)f->prm, a, &f->s, ncol, j->scale2, f->avx);
        }
    }
}

/* Adds the reduced group sums (f->red, in the group block's layout) to the
 * gradient of theta. */
static void scatter_grad(na_fast *f, const double *theta, double *grad)
{
    const na_shape *s = &f->s;
    size_t d = s->d, D = s->D, H = s->H, e = f->e, He = f->He, n = s->n;
    double isd = 1 / sqrt((double)D);
    acc_d r;
    BIND_ACC(double, &r, f->red, s);
    double *gWq = grad + s->off[NA_WQ], *gbq = grad + s->off[NA_BQ];
    double *gWk = grad + s->off[NA_WK], *gbk = grad + s->off[NA_BK];
    double *gWv = grad + s->off[NA_WV], *gbv = grad + s->off[NA_BV];
    for (size_t h = 0; h < H; h++)
        for (size_t i = 0; i < D; i++) {
            size_t row = h * D + i;
            const double *aq = f->Aq + row * e, *ak = f->Ak + row * e;
            for (size_t c = 0; c < e; c++) {
                /* dAq = Ak dM^T / sqrt(D), dAk = Aq dM / sqrt(D); dM[c][c'] = dMt[h e + c'][c]. */
                double gq = 0, gk = 0, gv = r.dAv[i * He + h * e + c];
                for (size_t c2 = 0; c2 < e; c2++) {
                    gq += ak[c2] * r.dMt[(h * e + c2) * e + c];
                    gk += aq[c2] * r.dMt[(h * e + c) * e + c2];
                }
                gq *= isd;
                gk *= isd;
                if (c < d) {
                    gWq[row * D + c] += gq;
                    gWq[row * D + d + c] += gq;
                    gWk[row * D + c] += gk;
                    gWk[row * D + d + c] += gk;
                    gWv[row * D + c] += gv;
                    gWv[row * D + d + c] += gv;
                } else {
                    gbq[row] += gq;
                    gbk[row] += gk;
                    gbv[row] += gv;
                }
            }
        }
    for (size_t i = 0; i < D * D; i++)
        grad[s->off[NA_WO] + i] += r.dWo[i];
    for (size_t i = 0; i < D; i++) {
        grad[s->off[NA_BO] + i] += r.dbo[i];
        grad[s->off[NA_LNW] + i] += r.dlg[i];
        grad[s->off[NA_LNB] + i] += r.dlb[i];
    }
    for (size_t i = 0; i < d * D; i++)
        grad[s->off[NA_WF] + i] += r.dWf[i];
    for (size_t i = 0; i < d; i++)
        grad[s->off[NA_BF] + i] += r.dbf[i];
    na_pos_backward(theta, s, f->P, f->qp, f->kp, r.dP, grad);
    (void)n;
}

double na_fast_loss(na_fast *f, const double *theta, const double *S, const size_t *idx, size_t nb,
                    double *grad)
{
    const na_shape *s = &f->s;
    size_t ng = (nb + NA_GROUP - 1) / NA_GROUP;
    if (nb == 0 || reserve_groups(f, ng))
        return NAN;
    double scale = 1 / ((double)nb * (double)s->n * (double)s->d);
    prepare(f, theta);
    batch_job j = { f, S, idx, nb, grad != NULL, 2 * scale };
    ic_pool_run(f->pool, ng, run_group, &j);
    /* Fixed order: group 0, 1, ..., whatever thread ran each. */
    double sse = 0;
    if (grad)
        memset(f->red, 0, f->accl * sizeof *f->red);
    for (size_t g = 0; g < ng; g++) {
        if (f->f32) {
            const acc_f *a = (const acc_f *)f->acc + g;
            sse += a->sse;
            if (grad)
                for (size_t i = 0; i < f->accl; i++)
                    f->red[i] += (double)a->dAv[i];
        } else {
            const acc_d *a = (const acc_d *)f->acc + g;
            sse += a->sse;
            if (grad)
                for (size_t i = 0; i < f->accl; i++)
                    f->red[i] += a->dAv[i];
        }
    }
    if (grad)
        scatter_grad(f, theta, grad);
    return sse * scale;
}

double na_fast_flops(const na_shape *s, int backward)
{
    double d = (double)s->d, D = (double)s->D, H = (double)s->H, n = (double)s->n, e = d + 1, He = H * e;
    double tri = n * (n + 1) / 2;
    double fwd = 2 * He * e * n                 /* Q = M x~ */
               + H * tri * (4 * d + 2)          /* core: tok, a, z */
               + 2 * D * He * n                 /* o = sum_h Av_h z_h */
               + 2 * D * D * n + 2 * d * D * n  /* W_o, W_f */
               + 8 * D * n + 3 * d * n;         /* LayerNorm, error */
    if (!backward)
        return fwd;
    double bwd = 4 * d * D * n                  /* dW_f, dN */
               + 10 * D * n                     /* LayerNorm */
               + 4 * D * D * n                  /* dW_o, dO */
               + 4 * D * He * n                 /* dAv, dZ */
               + H * tri * (6 * d + 4)          /* core: tok, g, dP, dq */
               + 2 * He * e * n;                /* dM */
    return fwd + bwd;
}

double na_reference_flops(const na_shape *s, int backward)
{
    double d = (double)s->d, D = (double)s->D, H = (double)s->H, n = (double)s->n, HD = H * D;
    double tri = n * (n + 1) / 2;
    double fwd = 3 * n * HD * 2 * D             /* q, k, v */
               + H * tri * 2 * D                /* token scores */
               + H * tri * (2 * D + 1)          /* o */
               + 2 * D * D * n + 2 * d * D * n + 8 * D * n + 3 * d * n;
    if (!backward)
        return fwd;
    double bwd = 4 * d * D * n + 10 * D * n + 4 * D * D * n
               + H * tri * (8 * D + 5)          /* dv, dpos, dq, dk */
               + 3 * n * HD * (2 * D + 1);      /* dWq, dWk, dWv */
    return fwd + bwd;
}
