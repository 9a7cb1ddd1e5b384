/* Times the parametric proof of C1 (proofs/augmented/parametric.c): pattern enumeration and counts for the
 * six index sums, exact solving, Faulhaber sums, the derived rational functions and their comparison with
 * the nine stated closed forms, and the positivity of the denominators.  Prints one line per repetition
 * ("rep K SECONDS") and the OpenBLAS kernel; bench/exact/parametric.sh runs it against the SymPy peer. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "augmented/augmented.h"

char *openblas_get_corename(void);

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    int reps = argc > 1 ? atoi(argv[1]) : 5;
    if (reps < 1)
        reps = 1;
    printf("openblas_kernel %s\n", openblas_get_corename());
    for (int r = 0; r < reps; r++) {
        double t0 = now();
        ic_err err;
        ic_err_clear(&err);
        aug_derivation dv;
        int rc = aug_derive(&dv, &err), held = 0;
        for (int k = 0; !rc && k < AUG_CF_N; k++) {
            ic_cf_verdict v;
            ic_cf_verdict_init(&v);
            rc = aug_check_form(&v, &dv, k, aug_cf_stated[k][0], aug_cf_stated[k][1], &err);
            held += !rc && !v.refuted;
            ic_cf_verdict_clear(&v);
        }
        int ok = !rc && held == AUG_CF_N && dv.exhaustive && dv.rotations_equal && dv.den_positive && dv.pool_positive;
        aug_derivation_clear(&dv);
        double t = now() - t0;
        if (!ok) {
            fprintf(stderr, "bench_parametric: the derivation failed: %s\n", err.msg);
            return 1;
        }
        printf("rep %d %.6f\n", r, t);
    }
    return 0;
}
