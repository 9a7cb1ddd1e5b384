/* C6 fast path, one number type: a chunk of sequences forward and backward.
 *
 * Included by fast.c once per REAL (double, float) with RN(name) (unique
 * names), XGEMM (OpenBLAS's dgemm_ or sgemm_), VEC/VL (a 32-byte GCC vector
 * and its lanes), VFMA_X86 (the AVX2 fused multiply-add on VEC) and
 * VFMA_LANE (libm's fma on one lane) defined.
 *
 * A chunk holds up to NA_CHUNK sequences in blocks of VL (one sequence per
 * vector lane; unused lanes of the last block hold zero tokens and a zero
 * weight in the loss).  Its activations are matrices [feature][column] with
 * column j = (block, t, lane), so the maps shared by all positions (the
 * head-mixing values, W_o, W_f, the bilinear forms M_h) are single GEMMs
 * over all columns, and the attention core (fast_kernel.h) runs on whole
 * vectors.  e = d + 1 (a token and the constant 1 of the biases), He = H e. */

/* ---- the core kernel, per instruction set ---- */
#define KDM 8
#define KN(x) RN(x##_gen8)
#define KATTR
#define KFMA(a, b, c) RN(fma_lanes)(a, b, c)
static inline __attribute__((always_inline)) VEC RN(fma_lanes)(VEC a, VEC b, VEC c)
{
    VEC r;
    for (int k = 0; k < VL; k++)
        r[k] = VFMA_LANE(a[k], b[k], c[k]);
    return r;
}
#include "nonaugmented/fast_kernel.h"
#undef KDM
#undef KN
#define KDM 65
#define KN(x) RN(x##_gen65)
#include "nonaugmented/fast_kernel.h"
#undef KDM
#undef KN
#undef KATTR
#undef KFMA
#if NA_FAST_X86
#define KATTR __attribute__((target("avx2,fma")))
#define KFMA(a, b, c) VFMA_X86(a, b, c)
#define KDM 8
#define KN(x) RN(x##_avx8)
#include "nonaugmented/fast_kernel.h"
#undef KDM
#undef KN
#define KDM 65
#define KN(x) RN(x##_avx65)
#include "nonaugmented/fast_kernel.h"
#undef KDM
#undef KN
#undef KATTR
#undef KFMA
#endif

static void RN(core_fwd)(int avx, const REAL *X, size_t ld, const REAL *Mt, const REAL *Av, size_t lda,
                         const REAL *Ph, REAL *Z, REAL *O, int first, size_t n, size_t d)
{
#if NA_FAST_X86
    if (avx) {
        if (d <= 7)
            RN(fwd_avx8)(X, ld, Mt, Av, lda, Ph, Z, O, first, n, d);
        else
            RN(fwd_avx65)(X, ld, Mt, Av, lda, Ph, Z, O, first, n, d);
        return;
    }
#endif
    if (d <= 7)
        RN(fwd_gen8)(X, ld, Mt, Av, lda, Ph, Z, O, first, n, d);
    else
        RN(fwd_gen65)(X, ld, Mt, Av, lda, Ph, Z, O, first, n, d);
}

static void RN(core_bwd)(int avx, const REAL *X, const REAL *dO, size_t ld, const REAL *Mt, const REAL *Av,
                         size_t lda, const REAL *Ph, VEC *acc, int first, VEC *dM, size_t n, size_t d)
{
#if NA_FAST_X86
    if (avx) {
        if (d <= 7)
            RN(bwd_avx8)(X, dO, ld, Mt, Av, lda, Ph, acc, first, dM, n, d);
        else
            RN(bwd_avx65)(X, dO, ld, Mt, Av, lda, Ph, acc, first, dM, n, d);
        return;
    }
#endif
    if (d <= 7)
        RN(bwd_gen8)(X, dO, ld, Mt, Av, lda, Ph, acc, first, dM, n, d);
    else
        RN(bwd_gen65)(X, dO, ld, Mt, Av, lda, Ph, acc, first, dM, n, d);
}

/* ---- BLAS ---- */

/* c = alpha op(a) op(b) + beta c, all row-major: the column-major call for
 * c^T = op(b)^T op(a)^T. */
static void RN(gemm)(int ta, int tb, size_t m, size_t n, size_t k, const REAL *a, size_t lda, const REAL *b,
                     size_t ldb, REAL beta, REAL *c, size_t ldc)
{
    const int im = (int)m, in = (int)n, ik = (int)k, ia = (int)lda, ib = (int)ldb, ic = (int)ldc;
    const REAL one = 1;
    XGEMM(tb ? "T" : "N", ta ? "T" : "N", &in, &im, &ik, &one, b, &ib, a, &ia, &beta, c, &ic);
}

/* ---- parameters in this number type, derived from theta once per batch ---- */
typedef struct {
    REAL *Mt;     /* H blocks of e x e: Mt_h[c'][c] = M_h[c][c'], M_h = Aq_h^T Ak_h / sqrt(D) */
    REAL *Av;     /* D x He: column h e + c is column c of Av_h */
    REAL *Wo, *bo, *lg, *lb, *Wf, *bf;
    REAL *P;      /* H x n x n positional attention */
} RN(params);

/* ---- per-group partial results: sums over the group's sequences ---- */
typedef struct {
    double sse;
    REAL *dAv, *dMt, *dWo, *dbo, *dlg, *dlb, *dWf, *dbf, *dP;  /* shapes as in RN(params) */
    size_t len;   /* REALs from dAv to the end of dP (one block) */
} RN(acc);

/* ---- per-worker scratch ---- */
typedef struct {
    REAL *X, *T, *mask, *Z, *O, *Aa, *Zn, *N, *dN, *dA, *dO, *Y, *rstd, *mu;
    VEC *pacc, *dM;   /* per-lane dP of one head (lower triangle), dM of every head */
} RN(work);

static size_t RN(work_len)(const na_shape *s, size_t ncol)
{
    size_t e = s->d + 1, He = s->H * e, D = s->D;
    return ncol * (e + s->d + 1 + He + 7 * D + s->d + 2) + (s->n * (s->n + 1) / 2 + He * e) * VL;
}

static void RN(work_bind)(RN(work) *w, REAL *p, const na_shape *s, size_t ncol)
{
    size_t e = s->d + 1, He = s->H * e, D = s->D, d = s->d;
    REAL **seq[] = { &w->X, &w->T, &w->mask, &w->Z, &w->O, &w->Aa, &w->Zn, &w->N,
                     &w->dN, &w->dA, &w->dO, &w->Y, &w->rstd, &w->mu };
    size_t rows[] = { e, d, 1, He, D, D, D, D, D, D, D, d, 1, 1 };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        *seq[i] = p;
        p += rows[i] * ncol;  /* ncol is a multiple of VL: every row stays 32-byte aligned */
    }
    w->pacc = (VEC *)p;
    w->dM = w->pacc + s->n * (s->n + 1) / 2;
}

/* Fills X (inputs, row d = 1), T (targets) and mask for sequences
 * idx[0..len-1]; returns the column count (blocks x n x VL). */
static size_t RN(gather)(RN(work) *w, const na_shape *s, const double *S, const size_t *idx, size_t len)
{
    size_t n = s->n, d = s->d, nblk = (len + VL - 1) / VL, ncol = nblk * n * VL;
    for (size_t b = 0; b < nblk; b++)
        for (size_t k = 0; k < VL; k++) {
            size_t i = b * VL + k;
            const double *x = i < len ? S + idx[i] * (n + 1) * d : NULL;
            for (size_t t = 0; t < n; t++) {
                size_t j = (b * n + t) * VL + k;
                for (size_t c = 0; c < d; c++) {
                    w->X[c * ncol + j] = x ? (REAL)x[t * d + c] : 0;
                    w->T[c * ncol + j] = x ? (REAL)x[(t + 1) * d + c] : 0;
                }
                w->X[d * ncol + j] = 1;
                w->mask[j] = x ? 1 : 0;
            }
        }
    return ncol;
}

/* Forward pass of the gathered chunk; returns its sum of squared errors
 * (unused lanes excluded) and leaves Y = prediction - target. */
static double RN(forward)(RN(work) *w, const RN(params) *pr, const na_shape *s, size_t ncol, int avx)
{
    size_t n = s->n, d = s->d, e = d + 1, H = s->H, He = H * e, D = s->D, bw = n * VL;
    size_t nblk = ncol / bw;
    for (size_t h = 0; h < H; h++)
        for (size_t b = 0; b < nblk; b++)
            RN(core_fwd)(avx, w->X + b * bw, ncol, pr->Mt + h * e * e, pr->Av + h * e, He, pr->P + h * n * n,
                         w->Z + h * e * ncol + b * bw, w->O + b * bw, h == 0, n, d);
    RN(gemm)(0, 0, D, ncol, D, pr->Wo, D, w->O, ncol, 0, w->Aa, ncol);
    /* LayerNorm over the D features of each column (nn.LayerNorm, eps 1e-5). */
    for (size_t j = 0; j < ncol; j++)
        w->mu[j] = 0;
    for (size_t i = 0; i < D; i++) {
        REAL *a = w->Aa + i * ncol, bo = pr->bo[i];
        for (size_t j = 0; j < ncol; j++) {
            a[j] += bo;
            w->mu[j] += a[j];
        }
    }
    for (size_t j = 0; j < ncol; j++) {
        w->mu[j] /= (REAL)D;
        w->rstd[j] = 0;
    }
    for (size_t i = 0; i < D; i++) {
        const REAL *a = w->Aa + i * ncol;
        for (size_t j = 0; j < ncol; j++)
            w->rstd[j] += (a[j] - w->mu[j]) * (a[j] - w->mu[j]);
    }
    for (size_t j = 0; j < ncol; j++)
        w->rstd[j] = 1 / (REAL)sqrt(w->rstd[j] / (REAL)D + (REAL)1e-5);
    for (size_t i = 0; i < D; i++) {
        const REAL *a = w->Aa + i * ncol;
        REAL *z = w->Zn + i * ncol, *nr = w->N + i * ncol, g = pr->lg[i], bb = pr->lb[i];
        for (size_t j = 0; j < ncol; j++) {
            z[j] = (a[j] - w->mu[j]) * w->rstd[j];
            nr[j] = g * z[j] + bb;
        }
    }
    RN(gemm)(0, 0, d, ncol, D, pr->Wf, D, w->N, ncol, 0, w->Y, ncol);
    double sse = 0;
    for (size_t i = 0; i < d; i++) {
        REAL *y = w->Y + i * ncol, bf = pr->bf[i];
        const REAL *tg = w->T + i * ncol;
        for (size_t j = 0; j < ncol; j++) {
            y[j] = (y[j] + bf - tg[j]) * w->mask[j];
            sse += (double)y[j] * (double)y[j];
        }
    }
    return sse;
}

static void RN(rowsums)(REAL *out, const REAL *a, const REAL *b, size_t rows, size_t ncol)
{
    for (size_t i = 0; i < rows; i++) {
        REAL sum = 0;
        for (size_t j = 0; j < ncol; j++)
            sum += b ? a[i * ncol + j] * b[i * ncol + j] : a[i * ncol + j];
        out[i] += sum;
    }
}

/* Backward pass after RN(forward): adds the chunk's gradient (scaled by
 * 2 scale, the derivative of the mean) to the group's partial sums. */
static void RN(backward)(RN(work) *w, const RN(params) *pr, RN(acc) *g, const na_shape *s, size_t ncol,
                         REAL scale2, int avx)
{
    size_t n = s->n, d = s->d, e = d + 1, H = s->H, He = H * e, D = s->D, bw = n * VL;
    size_t nblk = ncol / bw;
    for (size_t j = 0; j < d * ncol; j++)
        w->Y[j] *= scale2;                                    /* dY */
    RN(gemm)(0, 1, d, D, ncol, w->Y, ncol, w->N, ncol, 1, g->dWf, D);
    RN(rowsums)(g->dbf, w->Y, NULL, d, ncol);
    RN(gemm)(1, 0, D, ncol, d, pr->Wf, D, w->Y, ncol, 0, w->dN, ncol);
    RN(rowsums)(g->dlg, w->dN, w->Zn, D, ncol);
    RN(rowsums)(g->dlb, w->dN, NULL, D, ncol);
    /* LayerNorm: da = rstd (dz - mean(dz) - z mean(dz z)), dz = g dN. */
    REAL *m1 = w->mu, *m2 = w->mask;  /* mask is not needed any more */
    for (size_t j = 0; j < ncol; j++)
        m1[j] = m2[j] = 0;
    for (size_t i = 0; i < D; i++) {
        REAL gi = pr->lg[i];
        const REAL *dn = w->dN + i * ncol, *z = w->Zn + i * ncol;
        for (size_t j = 0; j < ncol; j++) {
            m1[j] += gi * dn[j];
            m2[j] += gi * dn[j] * z[j];
        }
    }
    for (size_t j = 0; j < ncol; j++) {
        m1[j] /= (REAL)D;
        m2[j] /= (REAL)D;
    }
    for (size_t i = 0; i < D; i++) {
        REAL gi = pr->lg[i];
        const REAL *dn = w->dN + i * ncol, *z = w->Zn + i * ncol;
        REAL *da = w->dA + i * ncol;
        for (size_t j = 0; j < ncol; j++)
            da[j] = w->rstd[j] * (gi * dn[j] - m1[j] - z[j] * m2[j]);
    }
    RN(gemm)(0, 1, D, D, ncol, w->dA, ncol, w->O, ncol, 1, g->dWo, D);
    RN(rowsums)(g->dbo, w->dA, NULL, D, ncol);
    RN(gemm)(1, 0, D, ncol, D, pr->Wo, D, w->dA, ncol, 0, w->dO, ncol);
    RN(gemm)(0, 1, D, He, ncol, w->dO, ncol, w->Z, ncol, 1, g->dAv, He);
    size_t nn = n * n;
    memset(w->dM, 0, He * e * sizeof *w->dM);
    for (size_t h = 0; h < H; h++) {
        for (size_t b = 0; b < nblk; b++)
            RN(core_bwd)(avx, w->X + b * bw, w->dO + b * bw, ncol, pr->Mt + h * e * e, pr->Av + h * e, He,
                         pr->P + h * nn, w->pacc, b == 0, w->dM + h * e * e, n, d);
        REAL *dp = g->dP + h * nn;
        const VEC *pa = w->pacc;
        for (size_t t = 0; t < n; t++)
            for (size_t l = 0; l <= t; l++, pa++) {
                REAL sum = 0;
                for (int k = 0; k < VL; k++)
                    sum += (*pa)[k];
                dp[t * n + l] += sum;
            }
    }
    /* dMt_h[c'][c] = dM_h[c][c'], the lanes summed in order. */
    for (size_t h = 0; h < H; h++)
        for (size_t c = 0; c < e; c++)
            for (size_t c2 = 0; c2 < e; c2++) {
                REAL sum = 0;
                for (int k = 0; k < VL; k++)
                    sum += w->dM[(h * e + c) * e + c2][k];
                g->dMt[(h * e + c2) * e + c] += sum;
            }
}
