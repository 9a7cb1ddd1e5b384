/* Claim C5: the positional-encoding-only model (authors' pe_only.py).
 *
 * Scalar data s_t = lambda^t, lambda = exp(i phi), phi uniform on
 * [0, 2 pi / mu].  Row t = 0..T-2 of P predicts s_{t+2} from keys
 * s_0..s_{t+1}; its expected loss is (p - e_{t+1})^T G_t (p - e_{t+1}) with
 * the (t+2) x (t+2) Toeplitz Gram matrix G_t[a][b] = g(a - b),
 *   g(k) = sin(4 pi k / mu) / (4 pi k / mu),  g(0) = 1.
 * Full-batch SGD with step lr on the mean over the T-1 rows is gradient
 * descent with eta = 2 lr / (T - 1) on every row, so after k steps from 0
 *   P_k[t, .] = e_{t+1} - (I - eta G_t)^k e_{t+1}.
 * See doc/c5-pe.md for the derivation and the error bounds. */
#ifndef IC_PROOFS_PE_PE_H
#define IC_PROOFS_PE_PE_H

#include <arb_mat.h>

#include "certificates/claim.h"
#include "numbers/rng.h"
#include "numbers/matrix.h"

extern const ic_claim pe_claim;
/* What its checks establish (statements.c). */
extern const ic_claim_statement pe_statements[];

/* Largest T accepted (rows are (T-1) Gram matrices of size up to T). */
#define PE_T_MAX 200
/* Largest number of gradient steps before a run is declared non-stopping. */
#define PE_STEPS_MAX 200000L

/* ---- Gram matrices (proofs/pe/gram.c) ---- */

/* g[k] = sinc(4 pi k / mu) for k = 0..n-1 at g's precision (g[k] already
 * initialised).  Each entry is within 8 u of the exact value, u = 2^-prec
 * (derivation in doc/c5-pe.md). */
void pe_moments(mpfr_t *g, size_t n, mpfr_srcptr mu);
/* The same moments in double (the trainer's exact-moment reference). */
void pe_moments_d(double *g, size_t n, double mu);
/* G_t as balls that contain the exact entries (n x n, arb precision prec). */
void pe_gram_arb(arb_mat_t G, slong n, mpfr_srcptr mu, slong prec);
/* G_t as an MPFR matrix from moments g[0..n-1]. */
void pe_gram_icm(ic_mat *G, mpfr_t *const g);

/* ---- the gradient-descent path (proofs/pe/gd_path.c) ---- */

typedef struct {
    size_t T;
    mpfr_prec_t prec;
    long kprime;      /* first step whose loss is below the threshold */
    long k;           /* steps applied: kprime + 1 (the authors' rule) */
    int decided;      /* the threshold comparisons hold beyond the error bound */
    mpfr_t loss_prev; /* L(kprime - 1), or NaN when kprime = 0 */
    mpfr_t loss_stop; /* L(kprime) */
    mpfr_t loss_k;    /* L(k): loss of the returned matrix */
    mpfr_t err_r;     /* bound on || computed - exact residual ||_2 per row */
    mpfr_t err_loss;  /* bound on |computed - exact loss| */
    mpfr_t eta;       /* 2 lr / (T-1), rounded */
    ic_mat P;        /* T x T: rows 0..T-2, entries 0..t+1 (superdiagonal
                         included); everything else 0 */
} pe_path;

/* Runs the closed-form path to the authors' stopping rule in MPFR at
 * precision prec.  mu, lr are exact binary values; stop is the threshold
 * as decimal text.  IC_EINPUT when lr exceeds (T-1)/T (the error bound
 * needs eta * lambda_max <= 2) or the loss never falls below stop within
 * PE_STEPS_MAX steps. */
int pe_path_run(pe_path *out, size_t T, mpfr_srcptr mu, mpfr_srcptr lr, const char *stop,
                mpfr_prec_t prec, ic_err *err);
void pe_path_clear(pe_path *p);
/* The condition pe_path_run puts on lr for length T, lr in (0, (T-1)/T],
 * decided as pe_path_run at precision prec decides it (IC_EINPUT
 * otherwise); the pre-check calls it for every T before any path runs. */
int pe_path_check_lr(size_t T, mpfr_srcptr lr, mpfr_prec_t prec, ic_err *err);

/* ---- the same descent in double, on any Toeplitz moments (proofs/pe/gd_double.c) ----
 * Used by the trainer (empirical moments of a batch) and by compare (fits
 * of k).  P is T x T row-major, zeroed, rows filled as in pe_path.
 * Returns the stopping index k, or -1 when max_steps is reached; loss[i]
 * (if not NULL, max_steps + 1 entries) receives L(i) for i <= k. */
long pe_gd_d(double *P, const double *g, size_t T, double lr, double stop, long max_steps,
             double *loss);
/* P after exactly k steps (no stopping rule). */
void pe_gd_steps_d(double *P, const double *g, size_t T, double lr, long k);

/* pe_gd_d, resumable: the state is the residual vector r (pe_gd_state_len
 * values: row t's p - e_{t+1}, rows one after another).  With start > 0, r
 * and loss[0..start) hold the state after start steps and the run goes on
 * from there, exactly as if never interrupted.  Every `every` steps (0:
 * never) checkpoint(ctx, i, r, loss) receives the state after i steps and
 * loss[0..i); a non-zero return stops the run with -3.  Also reports
 * progress (ic_progress_report: steps of max_steps).  Returns as pe_gd_d
 * (-2 when out of memory). */
typedef struct {
    long start;
    double *r;       /* NULL: start from P = 0 (start must be 0) */
    long every;
    int (*checkpoint)(void *ctx, long i, const double *r, const double *loss);
    void *ctx;
} pe_gd_resume;
size_t pe_gd_state_len(size_t T);
long pe_gd_d_resumable(double *P, const double *g, size_t T, double lr, double stop, long max_steps,
                       double *loss, const pe_gd_resume *res);

/* ---- conditioning and the exact optimum (proofs/pe/condition.c) ---- */

typedef struct {
    mpfr_t lmin_lo, lmin_hi, lmax_lo, lmax_hi, cond_lo, cond_hi;
    slong prec;  /* arb precision at which the enclosure was proved */
} pe_cond;

void pe_cond_init(pe_cond *c);
void pe_cond_clear(pe_cond *c);
/* Encloses the extreme eigenvalues of G (size n) and its condition number:
 * Rayleigh quotients bound from the inside, arb Cholesky factorisations of
 * G - s I and s' I - G (which succeed only if those are proven positive
 * definite) from the outside.  prec is the starting arb precision; it is
 * doubled until the proof goes through. */
int pe_cond_enclose(pe_cond *c, slong n, mpfr_srcptr mu, slong prec, ic_err *err);

/* Precision for solving G x = b to 64 correct bits given cond <= cond_hi. */
mpfr_prec_t pe_solve_prec(mpfr_srcptr cond_hi, size_t n);

/* Solves G x = G x0 (x0 exact in double; the optimum is x0 = e_{n-1}) at
 * precision prec by Gaussian elimination in MPFR; *errmax = max |x - x0|.
 * With x0 = e_{n-1} the right-hand side is a column of G and elimination
 * returns e_{n-1} exactly whatever the conditioning, so the tests use a
 * generic x0 as well. */
int pe_solve_mpfr(double *errmax, size_t n, mpfr_srcptr mu, mpfr_prec_t prec, const double *x0,
                  ic_err *err);
/* The same in double with LAPACK: Cholesky (dposv) and LU (dgesv).
 * chol_ok = 0 when dposv refuses the matrix as not positive definite;
 * the errors are INFINITY when a solver refused. */
void pe_solve_double(double *err_chol, int *chol_ok, double *err_lu, size_t n, double mu,
                     const double *x0);
/* Rigorous enclosure by arb_mat_spd_solve: *rad bounds max |x - x0| over
 * the balls; IC_FAIL when arb cannot prove positive definiteness at prec. */
int pe_solve_arb(double *rad, slong n, mpfr_srcptr mu, slong prec, const double *x0);

/* ---- trigonometric structure (proofs/pe/trig_structure.c) ---- */

/* Spectral form of row t of P_k: with G_t = sum_i l_i v_i v_i^T,
 *   P_k[t, .] = sum_i (1 - (1 - eta l_i)^k) v_i[t+1] v_i.
 * Computes the eigenpairs of G (size n) with arb (approximate QR, then a
 * rigorous enclosure of the eigenvalues when they are simple), evaluates
 * the spectral form, and reports: the eigenvalues (lambda, sorted
 * decreasing), the filter factors f_i, the number m of modes with
 * eta k l_i >= 1, and the max difference between the spectral row and
 * `row` (the path's row, n entries).  Returns IC_FAIL when the eigenvalue
 * enclosure cannot be proved. */
typedef struct {
    size_t n;
    double *lambda;   /* n, decreasing */
    double *filter;   /* n */
    double *lrad;     /* n: proven radii of the eigenvalue enclosures */
    double *zeros;    /* sign changes of the row, positions (linear interp.) */
    size_t nzeros;
    size_t m;         /* modes with eta k lambda >= 1 */
    double spectral_dev;
    double dpss_dev;  /* max |row - sum over the m fitted modes| */
} pe_struct;

int pe_struct_row(pe_struct *s, size_t n, mpfr_srcptr mu, mpfr_srcptr eta, long k,
                  const ic_mat *P, size_t t, slong prec, ic_err *err);
void pe_struct_clear(pe_struct *s);

/* ---- the trainer (proofs/pe/train.c) ---- */

/* splitmix64: a tiny deterministic generator (same stream on every machine). */
typedef ic_rng pe_rng;
void pe_rng_seed(pe_rng *r, unsigned long long seed);

/* Empirical moments of a batch: g[k] = mean_i cos(2 k phi_i), k = 0..n-1,
 * phi_i = 2 pi u_i / mu.  The batch Gram matrices are exactly Toeplitz in
 * these (|lambda| = 1), so SGD on the fixed batch is pe_gd_d on them. */
void pe_batch_moments(double *g, size_t n, double mu, long batch, unsigned long long seed);

/* The authors' loss and gradient on an explicit batch, computed from the
 * model (complex tokens, masks) rather than from the Gram matrices; used
 * by the tests to check that the Gram form is the same descent. */
double pe_model_loss_grad(double *grad, const double *P, size_t T, double mu, long batch,
                          unsigned long long seed);

/* `icalcheck train pe`: writes P.npy (float32, the authors' mask),
 * loss.csv and trained.case into outdir. */
extern const ic_param_spec pe_train_params[];
int pe_train_run(const ic_param_set *p, const char *outdir, ic_err *err);

/* Fits k: the number of exact-moment GD steps (1..kmax) whose matrix is
 * closest in max-abs over the saved entries (t' <= t) to Pf (T x T). */
long pe_fit_k(double *best_dev, const double *Pf, const double *g, size_t T, double lr, long kmax);

/* Reads the real option name of ps into x; IC_EINPUT when it is not a number. */
int pe_parse_real(mpfr_ptr x, const ic_param_set *ps, const char *name, ic_err *err);
/* Mode entry points and their parameter specs. */
extern const ic_param_spec pe_verify_params[];
int pe_verify(const ic_param_set *p, ic_cert *cert, ic_err *err);    /* verify.c */
extern const ic_param_spec pe_compare_params[];
int pe_compare(const ic_param_set *p, ic_cert *cert, ic_err *err);   /* compare.c */
/* The parameter pre-check of every mode (ic_claim.check), check.c. */
int pe_check(const char *mode, const ic_param_set *p, ic_err *err);

#endif
