/* C6 bench, our side: optimizer steps of the trainer's code path
 * (na_fast_loss forward + backward on one batch, then na_adam_step) on the
 * initial weights and data that `icalcheck train nonaugmented --save-init
 * yes --save-data yes` wrote, sequential batches as the peers use; and the
 * machine's GEMM peak.  bench/nonaugmented/bench.sh runs it.
 *
 *   bench_fast peak                       dgemm/sgemm GFLOP/s at 1 and 2 threads
 *   bench_fast steps DIR STEPS BATCH THREADS float64|float32
 *                                         one line "step,seconds,batch_loss,cpu_seconds" per step
 *                                         (wall time; CPU time of all threads) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "formats/npy.h"
#include "nonaugmented/nonaugmented.h"

void openblas_set_num_threads(int n);
char *openblas_get_corename(void);
void dgemm_(const char *ta, const char *tb, const int *m, const int *n, const int *k, const double *alpha,
            const double *a, const int *lda, const double *b, const int *ldb, const double *beta, double *c,
            const int *ldc);
void sgemm_(const char *ta, const char *tb, const int *m, const int *n, const int *k, const float *alpha,
            const float *a, const int *lda, const float *b, const int *ldb, const float *beta, float *c,
            const int *ldc);

static double clock_s(clockid_t id)
{
    struct timespec t;
    clock_gettime(id, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static double now(void)
{
    return clock_s(CLOCK_MONOTONIC);
}

/* Best of 5 square products of order N (a size where OpenBLAS runs at its peak). */
static int peak(void)
{
    const int N = 1536;
    double *a = malloc(sizeof(double) * N * N * 3);
    float *f = malloc(sizeof(float) * N * N * 3);
    if (!a || !f)
        return 3;
    for (long i = 0; i < 3L * N * N; i++) {
        a[i] = 1.0 / (double)(i % 7 + 1);
        f[i] = (float)a[i];
    }
    printf("corename,%s\n", openblas_get_corename());
    printf("kernel_isa,%s\n", na_fast_isa());
    for (int th = 1; th <= 2; th++) {
        openblas_set_num_threads(th);
        double bd = 1e30, bs = 1e30, one = 1, zero = 0;
        float onef = 1, zerof = 0;
        for (int r = 0; r < 5; r++) {
            double t = now();
            dgemm_("N", "N", &N, &N, &N, &one, a, &N, a + N * N, &N, &zero, a + 2 * N * N, &N);
            t = now() - t;
            bd = t < bd ? t : bd;
            t = now();
            sgemm_("N", "N", &N, &N, &N, &onef, f, &N, f + N * N, &N, &zerof, f + 2 * N * N, &N);
            t = now() - t;
            bs = t < bs ? t : bs;
        }
        printf("dgemm_gflops_%dt,%.2f\nsgemm_gflops_%dt,%.2f\n", th, 2.0 * N * N * N / bd / 1e9, th,
               2.0 * N * N * N / bs / 1e9);
    }
    free(a);
    free(f);
    return 0;
}

static double *load(const char *dir, const char *name, size_t *len, size_t *shape, ic_err *e)
{
    char path[4096];
    ic_npy_array a;
    snprintf(path, sizeof path, "%s/%s.npy", dir, name);
    if (ic_npy_read(&a, path, NULL, e))
        return NULL;
    *len = 1;
    for (size_t i = 0; i < a.ndim; i++) {
        *len *= a.shape[i];
        if (shape)
            shape[i] = a.shape[i];
    }
    return a.data;
}

static int steps(const char *dir, long nsteps, size_t bs, size_t threads, int dtype)
{
    ic_err e;
    size_t len, sh[3];
    double *S = load(dir, "train", &len, sh, &e);
    if (!S) {
        fprintf(stderr, "bench_fast: %s\n", e.msg);
        return 2;
    }
    size_t m = sh[0], n = sh[1] - 1, d = sh[2];
    size_t wl, pl;
    double *Wq = load(dir, "init_Wq", &wl, NULL, &e), *pos = load(dir, "init_pos", &pl, NULL, &e);
    if (!Wq || !pos) {
        fprintf(stderr, "bench_fast: %s\n", e.msg);
        return 2;
    }
    size_t D = 2 * d, H = wl / (D * D);
    na_shape s;
    na_shape_init(&s, d, H, n);
    size_t P = s.off[NA_NPARAM];
    double *theta = malloc(P * sizeof *theta), *g = malloc(P * sizeof *g);
    double *am = calloc(P, sizeof *am), *av = calloc(P, sizeof *av);
    size_t *idx = malloc(m * sizeof *idx);
    for (int k = 0; k < NA_NPARAM; k++) {
        char name[64];
        snprintf(name, sizeof name, "init_%s", na_param_names[k]);
        double *x = load(dir, name, &len, NULL, &e);
        if (!x || len != s.off[k + 1] - s.off[k]) {
            fprintf(stderr, "bench_fast: %s: %s\n", name, x ? "wrong size" : e.msg);
            return 2;
        }
        memcpy(theta + s.off[k], x, len * sizeof *x);
        free(x);
    }
    for (size_t i = 0; i < m; i++)
        idx[i] = i;
    na_fast *f = na_fast_new(&s, threads, dtype, &e);
    if (!f) {
        fprintf(stderr, "bench_fast: %s\n", e.msg);
        return 3;
    }
    long step = 0;
    printf("step,seconds,batch_loss,cpu_seconds\n");
    for (long k = 0; k < nsteps; k++) {
        size_t b0 = (size_t)k * bs % m;
        double c = clock_s(CLOCK_PROCESS_CPUTIME_ID), t = now();
        memset(g, 0, P * sizeof *g);
        double L = na_fast_loss(f, theta, S, idx + b0, bs, g);
        na_adam_step(theta, am, av, &step, g, P, 1e-2);
        t = now() - t;
        c = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c;
        printf("%ld,%.6f,%.17g,%.6f\n", k + 1, t, L, c);
        fflush(stdout);
    }
    printf("flops_per_sequence_step,%.0f\nreference_flops_per_sequence_step,%.0f\n", na_fast_flops(&s, 1),
           na_reference_flops(&s, 1));
    na_fast_free(f);
    return 0;
}

int main(int argc, char **argv)
{
    openblas_set_num_threads(1);
    if (argc == 2 && strcmp(argv[1], "peak") == 0)
        return peak();
    if (argc == 7 && strcmp(argv[1], "steps") == 0)
        return steps(argv[2], atol(argv[3]), (size_t)atol(argv[4]), (size_t)atol(argv[5]),
                     strcmp(argv[6], "float32") == 0 ? NA_F32 : NA_F64);
    fprintf(stderr, "usage: bench_fast peak | bench_fast steps DIR STEPS BATCH THREADS float64|float32\n");
    return 2;
}
