/* ic_diag: where trained weights of the reduced non-augmented models sit:
 * at the minimum for their head count, at another stationary point, or not
 * converged.
 *
 * Shared by `compare unitary` (L_U, claims C2+C3) and `compare orthogonal`
 * (L_O, claim C4); both are losses in (A, B, P) with C = B^T A.  The
 * minimum over weights with H heads is (T-1) max(d - k H, 0) with k = 1
 * (unitary, doc/c2-unitary.md "Fewer heads than dimensions") or k = 2
 * (orthogonal, doc/c4-orthogonal.md section 4).  The diagnosis
 * (doc/c4-orthogonal.md section 6, doc/c2-unitary.md "compare"):
 *
 *   1. L exactly: inputs are floats, L is a polynomial in them with
 *      dyadic coefficients, so MPFR computes it without rounding once the
 *      precision is large enough.  The precision is doubled until no MPFR
 *      operation reported an inexact result (the inexact flag, which MPFR
 *      keeps per thread), up to max_prec.  Check: L >= the minimum (exact).
 *   2. The gap (L - Lmin) / ((T-1) d) against tol_gap.
 *   3. The gradient in (A, B, P), exact in the same way, and an upper
 *      bound of its 2-norm (rounded upwards) against tol_grad.  The state
 *      is NOT_CONVERGED when the gradient is not small, else AT_MINIMUM
 *      when the gap is within tol_gap, else STATIONARY (stuck above the
 *      minimum).  Where the gap is within tol_gap the gradient is measured
 *      (status info): the verdict there rests on the claim's own
 *      tolerances (the zero-loss family), which admit gradients far above
 *      tol_grad (float32 rounding of the authors' weights alone gives about
 *      lambda_max ||theta|| 2^-24).
 *   4. At a stationary point, or at the minimum value, if the number n of
 *      used parameters is at most hess_max: the exact Hessian and a
 *      rigorous enclosure of its smallest eigenvalue (ic_diag_hessian,
 *      ic_diag_min_eig).  Symmetries (A, B) -> (M A, M^{-T} B) make zero
 *      eigenvalues the rule, so the statement decided is
 *      lambda_min >= -tol_hess * max(1, |lambda_max|): proven (no direction
 *      of negative curvature beyond the tolerance), refuted (a strict
 *      saddle: negative curvature proven), or undecided.  A check at a
 *      stationary point above the minimum, measured otherwise.
 *
 * Every value goes into the certificate as a check with its bound; the
 * caller then adds exactly one finding with ic_diag_finding. */
#ifndef IC_TRAINING_DIAGNOSIS_H
#define IC_TRAINING_DIAGNOSIS_H

#include <mpfr.h>

#include "certificates/certificate.h"
#include "numbers/matrix.h"

/* L(C, P) summed over rows 0..T-2, at L's precision (plus guard bits). */
typedef void (*ic_diag_loss_fn)(mpfr_ptr L, const ic_mat *C, const ic_mat *P, size_t T);
/* Gradient in (A, B, P) at the precision of gA (gA, gB: H x d; gP: T x T,
 * unused entries 0). */
typedef void (*ic_diag_grad_fn)(ic_mat *gA, ic_mat *gB, ic_mat *gP, const ic_mat *A, const ic_mat *B,
                                const ic_mat *P, size_t T);

typedef struct {
    const char *loss_name;     /* "L_U", "L_O" */
    ic_diag_loss_fn loss;
    ic_diag_grad_fn grad;
    unsigned heads_factor;     /* k: the minimum is (T-1) max(d - k H, 0) */
    const char *min_formula;   /* "(T-1) max(d-H, 0)" */
    const char *min_proof;     /* where the minimum is derived */
} ic_diag_model;

typedef struct {
    double tol_gap;      /* (L - Lmin) / ((T-1) d) <= tol_gap: at the minimum */
    double tol_grad;     /* ||grad L||_2 <= tol_grad: stationary */
    double tol_hess;     /* lambda_min >= -tol_hess max(1, |lambda_max|): no negative curvature */
    long hess_max;       /* largest number of used parameters for the Hessian (0: never) */
    mpfr_prec_t prec;    /* first precision tried */
    mpfr_prec_t max_prec;
} ic_diag_opts;

typedef enum { IC_DIAG_AT_MINIMUM = 0, IC_DIAG_STATIONARY = 1, IC_DIAG_NOT_CONVERGED = 2 } ic_diag_state;

/* Hessian outcome. */
typedef enum {
    IC_DIAG_HESS_NONE = 0,       /* not computed (not stationary, or too large) */
    IC_DIAG_HESS_NO_NEGATIVE,    /* lambda_min >= -tau proven */
    IC_DIAG_HESS_SADDLE,         /* lambda_min < -tau proven */
    IC_DIAG_HESS_UNDECIDED
} ic_diag_hess;

typedef struct {
    ic_diag_state state;
    size_t d, H, T, n;             /* n: used parameters (A, B, P rows 0..T-2 up to column t+1) */
    mpfr_t L, Lmin, gap, gnorm;    /* gap = (L - Lmin) / ((T-1) d); gnorm: upper bound of ||grad||_2 */
    mpfr_prec_t loss_bits, grad_bits;  /* precision at which L, grad were exact (0: not exact) */
    ic_diag_hess hess;
    mpfr_t hlo, hhi, hmax, tau;    /* lambda_min in [hlo, hhi]; lambda_max <= hmax; tau */
    mpfr_prec_t hess_bits;         /* precision at which the Hessian was exact (0: not exact) */
    long fewer_heads;              /* k < H whose minimum L matches within tol_gap, else -1 */
    int near_min;                  /* the gap is within tol_gap (also when not converged) */
} ic_diag_result;

/* The minimum (T-1) max(d - k H, 0), exactly (an integer). */
unsigned long ic_diag_min_loss(size_t d, size_t H, size_t T, unsigned k);

/* The minima for every (d, H, T) of a sweep as report data:
 * [{"d", "H", "T", "minimum"}] with minimum = (T-1) max(d - k H, 0);
 * d values not divisible by the pair size are skipped when k = 2. */
json_t *ic_diag_minima_json(const long *ds, size_t nd, const long *Hs, size_t nH, const long *Ts, size_t nT,
                            unsigned k);

/* Runs steps 1-4 and writes the checks (names: min_loss_for_heads,
 * loss_at_least_min_for_heads, loss_gap_to_min_for_heads, gradient_norm,
 * hessian_min_eigenvalue).  A, B are H x d, P is T x T. */
int ic_diag_run(ic_diag_result *r, const ic_diag_model *m, const ic_mat *A, const ic_mat *B, const ic_mat *P,
                const ic_diag_opts *o, ic_cert *cert, ic_err *err);
void ic_diag_result_clear(ic_diag_result *r);

/* Adds the one finding of the diagnosis: "at_minimum_for_heads",
 * "stationary_point" or "not_converged", with its values; extra (may be
 * NULL) is appended to the text (the orthogonal claim says there whether
 * the point is of the e = -c family). */
void ic_diag_finding(ic_cert *cert, const ic_diag_model *m, const ic_diag_result *r, const char *extra);

/* The exact Hessian of m's loss in the n used parameters (order: A row by
 * row, B row by row, then P[t][0..t+1] for t = 0..T-2), by central
 * differences of the gradient with step 1: exact because L has degree at
 * most 2 in every single parameter, so each gradient entry is a
 * polynomial of degree at most 2 in it.  hm is initialised here (n x n) at
 * the first precision prec, 2 prec, ... <= max_prec at which no operation
 * was inexact; *bits gets that precision, or 0 (hm then holds the
 * max_prec values, rounded). */
int ic_diag_hessian(ic_mat *hm, mpfr_prec_t *bits, const ic_diag_model *m, const ic_mat *A, const ic_mat *B,
                    const ic_mat *P, mpfr_prec_t prec, mpfr_prec_t max_prec, ic_err *err);

/* Rigorous interval [lo, hi] of the smallest eigenvalue of the symmetric
 * matrix hm (exact), and hmax, its largest eigenvalue computed in double
 * (a scale for tolerances, not a bound).  lo: a Cholesky factorisation in
 * double of the nearest doubles shifted to just below the smallest
 * eigenvalue computed in double runs to completion, which with Higham's
 * backward error bound (Theorem 10.3) and the rounding of hm to doubles
 * proves every eigenvalue >= lo; hi: an upward-rounded Rayleigh quotient of
 * hm at the vector of a few inverse-iteration steps with that factor.  The
 * double-precision parts (Householder tridiagonalisation, Sturm bisection,
 * Cholesky) are plain loops in a fixed order, never BLAS, so the values do
 * not depend on the CPU kernel or on which CBLAS a process binds.  O(n^3)
 * in double and O(n^2) in MPFR: well under a second at n = 400, where the
 * refining routes of ic_encl_eig_sym take minutes on the Hessians'
 * clusters of zero eigenvalues.  *rigorous = 0 (lo, hi then estimates)
 * when no factorisation completed; work_prec is unused. */
int ic_diag_min_eig(mpfr_ptr lo, mpfr_ptr hi, mpfr_ptr hmax, int *rigorous, const ic_mat *hm,
                    mpfr_prec_t work_prec, ic_err *err);

#endif
