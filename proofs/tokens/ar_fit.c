/* C7 statistics: the per-sequence AR fit and regeneration, the median, and
 * the Mann-Whitney test. */
#include <gsl/gsl_cblas.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_matrix.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tokens/tokens.h"

/* GSL's eigensolver calls cblas_* functions, which libgslcblas and OpenBLAS
 * both define; the first found in the dynamic loader's search wins, and the
 * two round differently, so the certificate's bytes would depend on which.
 * The executables list libgslcblas first (GSLCBLAS_FIRST, configure.ac).
 * libicalcheck is also loaded by programs that did not link it that way
 * (python3 through ctypes, where numpy may have loaded OpenBLAS before):
 * this reference of its own to a GSL CBLAS symbol makes the linker, which
 * drops unreferenced libraries, keep libgslcblas in the library's NEEDED
 * entries right after libgsl, ahead of OpenBLAS, so libgsl's calls bind to
 * it there too (doc/robustness.md). */
void (*const tok_gslcblas_anchor)(const enum CBLAS_ORDER, const enum CBLAS_TRANSPOSE, const enum CBLAS_TRANSPOSE,
                                  const int, const int, const int, const double, const double *, const int,
                                  const double *, const int, const double, double *, const int) = cblas_dgemm;

double tok_ar_mse(const double *S, size_t T, size_t D, double rtol, size_t *rank)
{
    size_t m = T - 1;
    gsl_matrix *G = gsl_matrix_alloc(m, m), *Q = gsl_matrix_alloc(m, m);
    gsl_vector *lam = gsl_vector_alloc(m);
    gsl_eigen_symmv_workspace *ws = gsl_eigen_symmv_alloc(m);
    double *Gp = malloc(m * m * sizeof *Gp), *xs = malloc(2 * m * sizeof *xs);
    double *cur = malloc(2 * D * sizeof *cur);
    if (!G || !Q || !lam || !ws || !Gp || !xs || !cur) {
        *rank = 0;
        gsl_matrix_free(G);
        gsl_matrix_free(Q);
        gsl_vector_free(lam);
        if (ws)
            gsl_eigen_symmv_free(ws);
        free(Gp);
        free(xs);
        free(cur);
        return NAN;
    }
    /* G = X X^T, X = rows 0..T-2 of S. */
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j <= i; j++) {
            double a = 0;
            for (size_t k = 0; k < D; k++)
                a += S[i * D + k] * S[j * D + k];
            gsl_matrix_set(G, i, j, a);
            gsl_matrix_set(G, j, i, a);
        }
    gsl_eigen_symmv(G, lam, Q, ws);
    double mx = 0;
    for (size_t i = 0; i < m; i++)
        mx = fmax(mx, fabs(gsl_vector_get(lam, i)));
    /* G^+ = sum over kept eigenpairs of q q^T / lambda. */
    memset(Gp, 0, m * m * sizeof *Gp);
    size_t r = 0;
    for (size_t e = 0; e < m; e++) {
        double l = gsl_vector_get(lam, e);
        if (!(l > rtol * mx))
            continue;
        r++;
        for (size_t i = 0; i < m; i++)
            for (size_t j = 0; j < m; j++)
                Gp[i * m + j] += gsl_matrix_get(Q, i, e) * gsl_matrix_get(Q, j, e) / l;
    }
    *rank = r;
    /* Regenerate: cur = s_0; next = Y^T G^+ X cur; error against s_k. */
    double sse = 0, *nx = cur + D, *w = xs + m;
    memcpy(cur, S, D * sizeof *cur);
    for (size_t k = 1; k < T; k++) {
        for (size_t i = 0; i < m; i++) {
            double a = 0;
            for (size_t j = 0; j < D; j++)
                a += S[i * D + j] * cur[j];
            xs[i] = a;
        }
        for (size_t i = 0; i < m; i++) {
            double a = 0;
            for (size_t j = 0; j < m; j++)
                a += Gp[i * m + j] * xs[j];
            w[i] = a;
        }
        for (size_t j = 0; j < D; j++) {
            double a = 0;
            for (size_t i = 0; i < m; i++)
                a += S[(i + 1) * D + j] * w[i];
            nx[j] = a;
            double e = a - S[k * D + j];
            sse += e * e;
        }
        memcpy(cur, nx, D * sizeof *cur);
    }
    gsl_matrix_free(G);
    gsl_matrix_free(Q);
    gsl_vector_free(lam);
    gsl_eigen_symmv_free(ws);
    free(Gp);
    free(xs);
    free(cur);
    return sse / (double)(T * D);  /* the error at s_0 is 0 and counts, as in the authors' mean */
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double tok_median(const double *x, size_t m)
{
    if (m == 0)
        return NAN;
    double *c = malloc(m * sizeof *c);
    if (!c)
        return NAN;
    memcpy(c, x, m * sizeof *c);
    qsort(c, m, sizeof *c, cmp_d);
    double r = m % 2 ? c[m / 2] : (c[m / 2 - 1] + c[m / 2]) / 2;
    free(c);
    return r;
}

typedef struct {
    double v;
    int from_a;
} tagged;

static int cmp_t(const void *a, const void *b)
{
    return cmp_d(&((const tagged *)a)->v, &((const tagged *)b)->v);
}

int tok_mann_whitney(const double *a, size_t na, const double *b, size_t nb, tok_mwu *out)
{
    size_t N = na + nb;
    tagged *t = malloc(N * sizeof *t);
    if (!t)
        return -1;
    for (size_t i = 0; i < na; i++)
        t[i] = (tagged){ a[i], 1 };
    for (size_t j = 0; j < nb; j++)
        t[na + j] = (tagged){ b[j], 0 };
    qsort(t, N, sizeof *t, cmp_t);
    double Ra = 0, ties = 0;
    for (size_t i = 0; i < N;) {
        size_t j = i;
        while (j < N && t[j].v == t[i].v)
            j++;
        double mid = (double)(i + 1 + j) / 2, g = (double)(j - i);  /* ranks i+1..j */
        for (size_t k = i; k < j; k++)
            if (t[k].from_a)
                Ra += mid;
        ties += g * g * g - g;
        i = j;
    }
    free(t);
    double fa = (double)na, fb = (double)nb, fN = (double)N;
    out->U = Ra - fa * (fa + 1) / 2;
    double var = fa * fb / 12 * ((fN + 1) - ties / (fN * (fN - 1)));
    out->z = var > 0 ? (out->U - fa * fb / 2) / sqrt(var) : 0;
    out->p_less = gsl_cdf_ugaussian_P(out->z);
    out->p_two = 2 * fmin(out->p_less, gsl_cdf_ugaussian_Q(out->z));
    return 0;
}
