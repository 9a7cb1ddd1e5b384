/* ic_exact_cert: exact proofs (src/exact) written into certificates: which
 * (d, T) of a sweep are proved as polynomials and which by exact evaluation
 * with the Schwartz-Zippel bound, and one check per identity with its proof
 * object (kind symbolic or exact, scope, method; doc/proofs.md). */
#ifndef IC_EXACT_CERT_REPORT_H
#define IC_EXACT_CERT_REPORT_H

#include "certificates/certificate.h"
#include "certificates/parameters.h"
#include "exact/exact.h"

/* Exact evaluation samples integers of [0, 2^IC_EXACT_SZ_BITS); every
 * identity checked has total degree <= IC_EXACT_SZ_DEG (the losses are
 * quartic; the gradient identity along a random direction r has degree 3 in
 * the point and 1 in r); the false-pass bound over a run is below
 * 2^-IC_EXACT_SZ_TARGET. */
#define IC_EXACT_SZ_BITS 32
#define IC_EXACT_SZ_DEG 4
#define IC_EXACT_SZ_TARGET 100

typedef struct {
    const long *ds, *Ts;
    size_t nd, nT;
    char route[32 * 32];  /* 's' symbolic or 'e' evaluated, per (d, T) (index i nT + k) */
    long sz_points;       /* points per row for the evaluated ones */
    double sz_log2;       /* log2 of the union bound over every evaluated row identity */
} ic_exact_cert_sweep;

/* Chooses the route of every (d, T) (symbolic when ic_exact_symbolic_work
 * <= work) and the number of points, for row_checks row identities per row.
 * nd, nT <= 32. */
void ic_exact_cert_sweep_init(ic_exact_cert_sweep *s, const long *ds, size_t nd, const long *Ts, size_t nT,
                              long work, int row_checks);
int ic_exact_cert_is_symbolic(const ic_exact_cert_sweep *s, size_t i, size_t k);
/* The plan for (d, T) number (i, k): symbolic, or points drawn from rand. */
ic_exact_plan ic_exact_cert_plan(const ic_exact_cert_sweep *s, size_t i, size_t k, ic_exact_rand *rand);

/* Checks the exact-proof options a verify sweep takes (unitary and
 * orthogonal): --symbolic-work >= 0, and --exact and --sampled each 0 or 1,
 * not both 0 (IC_EINPUT, one line). */
int ic_exact_cert_check_options(const ic_param_set *p, ic_err *err);

/* "{1, 2, 3}". */
void ic_exact_cert_list(char *buf, size_t len, const long *v, size_t n);
/* The measured line naming the routes (check "exact_routes"). */
void ic_exact_cert_routes(ic_cert *cert, const ic_exact_cert_sweep *s);
/* One row identity's check over the sweep: value = terms of the differences
 * plus mismatching points, "== 0"; proof kind symbolic when every (d, T) was
 * symbolic, else exact; how (how_eval for evaluation, NULL: how) names the
 * method; a failure's first counterexample goes to data
 * "counterexample_NAME". */
void ic_exact_cert_identity(ic_cert *cert, const char *name, const char *what, const ic_exact_result *sym,
                            const ic_exact_result *ev, const ic_exact_cert_sweep *s, const char *how,
                            const char *how_eval);
/* A family check (ic_exact_family_*): value = terms of the numerators that
 * must vanish, "== 0", proof kind symbolic with scope and method. */
void ic_exact_cert_family(ic_cert *cert, const char *name, const char *what, const ic_exact_result *res,
                          const char *scope, const char *method);

#endif
