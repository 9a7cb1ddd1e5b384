/* bench_enclosure: times eigenvalue enclosures of one test matrix.
 *
 *   bench_enclosure sym|gen N PREC ROUTE...     ROUTE: ic_encl, classic, arb, lapack
 *   bench_enclosure info                        the OpenBLAS kernel and build
 *
 * The matrix is the one bench/enclosures/peer_mpmath.py rebuilds: entries
 * from a 64-bit LCG as dyadic numbers in [-1, 1) with 30 bits, symmetrised
 * as (M + M^T) / 2 for "sym" (exact).  Prints one line per route:
 *   ROUTE seconds max_radius
 * where max_radius is the largest enclosure radius (0 for LAPACK, which
 * gives no bound).  Each route runs until 0.2 s have passed (at least
 * once) and the mean time is printed. */
#include <acb_mat.h>
#include <lapacke.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "spectra/enclosure.h"

static uint64_t state = 0x9e3779b97f4a7c15u;

static double rnd(void)
{
    state = state * 6364136223846793005u + 1442695040888963407u;
    return (double)(int32_t)(state >> 32) / 2147483648.0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

/* Processor time of this process: what a route costs whatever else runs
 * on the machine (wall time grows with the load, this much less). */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static double *matrix(int sym, size_t n)
{
    double *m = malloc(n * n * sizeof *m);
    for (size_t k = 0; k < n * n; k++)
        m[k] = rnd();
    if (sym)
        for (size_t i = 0; i < n; i++)
            for (size_t j = i + 1; j < n; j++)
                m[i * n + j] = m[j * n + i] = (m[i * n + j] + m[j * n + i]) / 2;
    return m;
}

/* route: IC_ENCL_ROUTE_AUTO (what ic_encl_eig_sym / ic_encl_eig_gen do) or
 * IC_ENCL_ROUTE_CLASSIC (the Arb-based routes alone, for the speedup of the
 * fast routes in the same run). */
static double run_ice(int sym, const double *m, size_t n, long prec, ic_encl_route route)
{
    ic_mat a;
    ic_encl_spectrum s = { 0 };
    ic_err err = { 0 };
    ic_mat_init(&a, n, n, prec, NULL);
    ic_mat_set_d(&a, m);
    int rc = sym ? ic_encl_eig_sym_route(&s, &a, 0, route, &err) : ic_encl_eig_gen_route(&s, &a, 0, route, &err);
    double r = 0;
    for (size_t i = 0; !rc && i < s.n; i++)
        r = fmax(r, mpfr_get_d(s.c[i].rad, MPFR_RNDU));
    if (rc || !s.rigorous)
        r = INFINITY;
    ic_encl_spectrum_clear(&s);
    ic_mat_clear(&a);
    return r;
}

/* Arb's own route: approximate QR, then acb_mat_eig_multiple (Rump's
 * cluster enclosure where approximations coincide).  If it fails at prec,
 * retried at doubled precision, as a user would. */
static double run_arb(const double *m, size_t n, long prec)
{
    acb_mat_t a;
    acb_mat_t r;
    acb_ptr e = _acb_vec_init(n), ea = _acb_vec_init(n);
    acb_mat_init(a, n, n);
    acb_mat_init(r, n, n);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            acb_set_d(acb_mat_entry(a, i, j), m[i * n + j]);
    double rad = INFINITY;
    for (long p = prec; p <= 8 * prec && !isfinite(rad); p *= 2)
        if (acb_mat_approx_eig_qr(ea, NULL, r, a, NULL, 0, p), acb_mat_eig_multiple(e, a, ea, r, p)) {
            rad = 0;
            for (size_t i = 0; i < n; i++) {
                mag_t t;
                mag_init(t);
                mag_hypot(t, arb_radref(acb_realref(e + i)), arb_radref(acb_imagref(e + i)));
                rad = fmax(rad, mag_get_d(t));
                mag_clear(t);
            }
        }
    _acb_vec_clear(e, n);
    _acb_vec_clear(ea, n);
    acb_mat_clear(a);
    acb_mat_clear(r);
    return rad;
}

static double run_lapack(int sym, const double *m, size_t n)
{
    double *a = malloc(n * n * sizeof *a), *w = malloc(2 * n * sizeof *w), vl[1], vr[1];
    memcpy(a, m, n * n * sizeof *a);
    if (sym)
        LAPACKE_dsyevd(LAPACK_ROW_MAJOR, 'N', 'U', (lapack_int)n, a, (lapack_int)n, w);
    else
        LAPACKE_dgeev(LAPACK_ROW_MAJOR, 'N', 'N', (lapack_int)n, a, (lapack_int)n, w, w + n, vl, 1, vr, 1);
    free(a);
    free(w);
    return 0;
}

/* OpenBLAS names the kernel it picked at load time (OPENBLAS_CORETYPE
 * overrides the pick); the bench prints it beside every timing. */
char *openblas_get_corename(void);
char *openblas_get_config(void);

int main(int argc, char **argv)
{
    if (argc == 2 && !strcmp(argv[1], "info")) {
        printf("openblas_corename %s\nopenblas_config %s\n", openblas_get_corename(), openblas_get_config());
        return 0;
    }
    if (argc < 5 || (strcmp(argv[1], "sym") && strcmp(argv[1], "gen"))) {
        fprintf(stderr, "usage: bench_enclosure sym|gen N PREC ROUTE... (ROUTE: ic_encl, classic, arb, lapack)\n"
                        "       bench_enclosure info\n");
        return 2;
    }
    int sym = !strcmp(argv[1], "sym");
    size_t n = strtoul(argv[2], NULL, 10);
    long prec = strtol(argv[3], NULL, 10);
    if (n < 1 || n > 4096 || prec < 53 || prec > 65536) {
        fprintf(stderr, "bench_enclosure: N must be 1..4096 and PREC 53..65536\n");
        return 2;
    }
    /* Each route runs until this much wall time has passed: 0.2 s for the
     * survey, about a second (BENCH_MIN_SECONDS=1, run.sh) for the paired
     * repetitions, where mpmath's one call takes about that long, so that
     * both sides average over a like stretch of a loaded machine. */
    const char *ms = getenv("BENCH_MIN_SECONDS");
    double min_seconds = ms ? strtod(ms, NULL) : 0.2;
    if (!(min_seconds >= 0 && min_seconds <= 600))
        min_seconds = 0.2;
    double *m = matrix(sym, n);
    for (int k = 4; k < argc; k++) {
        const char *route = argv[k];
        if (strcmp(route, "ic_encl") && strcmp(route, "classic") && strcmp(route, "arb") && strcmp(route, "lapack")) {
            fprintf(stderr, "bench_enclosure: unknown route '%s'\n", route);
            return 2;
        }
        double t0 = now(), c0 = cpu_now(), t, r = 0;
        long reps = 0;
        do {
            if (!strcmp(route, "ic_encl"))
                r = run_ice(sym, m, n, prec, IC_ENCL_ROUTE_AUTO);
            else if (!strcmp(route, "classic"))
                r = run_ice(sym, m, n, prec, IC_ENCL_ROUTE_CLASSIC);
            else if (!strcmp(route, "arb"))
                r = run_arb(m, n, prec);
            else
                r = run_lapack(sym, m, n);
            reps++;
            t = now() - t0;
        } while (t < min_seconds);
        printf("%s %.6g %.3g %.6g\n", route, t / reps, r, (cpu_now() - c0) / reps);
        fflush(stdout);
    }
    free(m);
    flint_cleanup();
    return 0;
}
