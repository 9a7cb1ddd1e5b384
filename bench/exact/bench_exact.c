/* bench_exact: the exact layer (src/exact) against the MPFR sampled check it
 * replaced, on each claim's default verify sweep, in one run; and the
 * unitary loss identity alone at the (d, T) of notes/exact.md, for the
 * SymPy peer (peer_sympy.py).  Usage:
 *   bench_exact sweep REPS            both claims, exact vs sampled
 *   bench_exact identity D T REPS     E = L_U row by row, symbolic
 * Prints min/median/max of REPS runs (CPU seconds of this process, one
 * thread) and the ratios. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "certificates/claim.h"
#include "exact/exact.h"

extern char *openblas_get_corename(void);

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void stats(double *t, int n, double *mn, double *med, double *mx)
{
    qsort(t, (size_t)n, sizeof *t, cmp_d);
    *mn = t[0];
    *mx = t[n - 1];
    *med = n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
}

/* One verify run of claim with exact/sampled set; returns CPU seconds, or
 * -1 if it did not pass. */
static double run_verify(const ic_claim *c, const char *exact, const char *sampled, const char *grid_work)
{
    ic_param_set p;
    ic_err e;
    ic_err_clear(&e);
    ic_param_init(&p, c->verify_params, &e);
    ic_param_set_value(&p, "exact", exact, "bench", &e);
    ic_param_set_value(&p, "sampled", sampled, "bench", &e);
    if (grid_work)
        ic_param_set_value(&p, "grid-work", grid_work, "bench", &e);
    ic_cert *cert = NULL;
    double t0 = cpu_now();
    int rc = ic_claim_run(c, "verify", &p, NULL, &cert, &e);
    double t = cpu_now() - t0;
    int pass = !rc && strcmp(ic_cert_verdict(cert), "pass") == 0;
    if (!pass)
        fprintf(stderr, "verify %s: %s\n", c->id, rc ? e.msg : "did not pass");
    ic_cert_free(cert);
    ic_param_clear(&p);
    return pass ? t : -1;
}

static int bench_sweep(int reps)
{
    static const char *const ids[2] = {"unitary", "orthogonal"};
    printf("%-11s %-30s %10s %10s %10s\n", "claim", "route", "min s", "median s", "max s");
    for (int i = 0; i < 2; i++) {
        const ic_claim *c = ic_claim_find(ids[i]);
        int ortho = i == 1;
        double *te = malloc((size_t)reps * sizeof *te), *ts = malloc((size_t)reps * sizeof *ts),
               *tg = malloc((size_t)reps * sizeof *tg);
        for (int r = 0; r < reps; r++) {
            /* interleaved, so load changes hit all alike */
            te[r] = run_verify(c, "1", "0", NULL);
            ts[r] = run_verify(c, "0", "1", NULL);
            /* the orthogonal check as it stood before the exact layer: grid
             * quadrature up to grid-work 4e6 (now 2e5, a cross-check only) */
            tg[r] = ortho ? run_verify(c, "0", "1", "4000000") : 0;
            if (te[r] < 0 || ts[r] < 0 || tg[r] < 0)
                return 1;
        }
        double a, b, m, x, y, z, g0, g1, g2;
        stats(te, reps, &a, &m, &b);
        stats(ts, reps, &x, &y, &z);
        stats(tg, reps, &g0, &g1, &g2);
        printf("%-11s %-30s %10.4f %10.4f %10.4f\n", ids[i], "exact (src/exact)", a, m, b);
        printf("%-11s %-30s %10.4f %10.4f %10.4f\n", ids[i], "sampled (MPFR)", x, y, z);
        printf("%-11s sampled / exact, medians: %.2f\n", ids[i], y / m);
        if (ortho) {
            printf("%-11s %-30s %10.4f %10.4f %10.4f\n", ids[i], "sampled, grid-work 4e6 (before)", g0, g1, g2);
            printf("%-11s sampled (before) / exact, medians: %.2f\n", ids[i], g1 / m);
        }
        free(te);
        free(ts);
        free(tg);
    }
    return 0;
}

static int bench_identity(size_t d, size_t T, int reps)
{
    int law = IC_EXACT_LAW_UNITARY, exact = IC_EXACT_LOSS_EXACT;
    ic_exact_plan plan = { 1, 0, 0, NULL };
    double *t = malloc((size_t)reps * sizeof *t);
    long terms = 0;
    for (int r = 0; r < reps; r++) {
        ic_exact_result res;
        ic_exact_result_init(&res);
        ic_err e;
        ic_err_clear(&e);
        double t0 = cpu_now();
        int rc = ic_exact_row_identity(&res, d, T, ic_exact_side_model, &law, ic_exact_side_unitary_loss, &exact,
                                       &plan, &e);
        t[r] = cpu_now() - t0;
        if (rc || res.failed) {
            fprintf(stderr, "identity (%zu, %zu) failed\n", d, T);
            return 1;
        }
        terms = (long)res.terms;
        ic_exact_result_clear(&res);
    }
    double a, m, b;
    stats(t, reps, &a, &m, &b);
    /* terms of the whole loss: per-row constants d merge into one */
    printf("identity d=%zu T=%zu: %ld terms over the rows (%ld as one polynomial), %d reps, "
           "min %.4f median %.4f max %.4f s\n",
           d, T, terms, terms - (long)(T - 2), reps, a, m, b);
    free(t);
    return 0;
}

int main(int argc, char **argv)
{
    printf("OpenBLAS core: %s (the exact layer does not call BLAS)\n", openblas_get_corename());
    if (argc == 3 && strcmp(argv[1], "sweep") == 0)
        return bench_sweep(atoi(argv[2]));
    if (argc == 5 && strcmp(argv[1], "identity") == 0)
        return bench_identity((size_t)atol(argv[2]), (size_t)atol(argv[3]), atoi(argv[4]));
    fprintf(stderr, "usage: bench_exact sweep REPS | identity D T REPS\n");
    return 2;
}
