/* Claim C1: augmented tokens e_t = (0, s_t, s_{t-1}) in R^{3d}; one layer
 * of linear attention realises one step of gradient descent on
 * (1/2) sum_t ||s_t - W s_{t-1}||^2 from W = 0.  See doc/c1-augmented.md.
 *
 * Only two parts of the 3d x 3d weights reach the prediction (the first
 * token block is zero and the prediction is the first output block):
 *   K = W_KQ[d:3d, d:3d]  (2d x 2d; rows: key (s_t, s_{t-1}), cols: query (s_T, s_{T-1}))
 *   V = W_V[0:d, d:3d]    (d x 2d; value (s_t, s_{t-1}) -> output block 1)
 * and yhat_{T+1} = sum_{t=0}^T V x_t (x_t^* K x_T), x_t = (s_t, s_{t-1}),
 * s_{-1} = 0.  The GD construction is K = gamma E_{21} (x) I (key's s_{t-1}
 * against query's s_T), V = v E_{11} (x) I (value's s_t), eta = gamma v.
 *
 * Data models (s_0 = (1/sqrt d) 1, angles iid uniform):
 *   AUG_UNITARY    complex, s_{t,j} = z_j^t / sqrt d, d angles;
 *   AUG_ROTATIONS  real, d even, 2x2 rotation blocks, d/2 angles. */
#ifndef IC_PROOFS_AUGMENTED_AUGMENTED_H
#define IC_PROOFS_AUGMENTED_AUGMENTED_H

#include <stddef.h>
#include <stdint.h>

#include "certificates/claim.h"
#include "numbers/rng.h"
#include "numbers/matrix.h"
#include "exact/closed_form.h"
#include "exact/index_patterns.h"

extern const ic_claim augmented_claim;
/* What its checks establish (statements.c). */
extern const ic_claim_statement augmented_statements[];

enum { AUG_UNITARY = 0, AUG_ROTATIONS = 1 };

/* ---- closed forms (proofs/augmented/model.c), at the precision of the output ---- */
/* eta*(T) = d / (T + d - 1) and its relative loss (d - 1) / (T + d - 1). */
void aug_eta_star(mpfr_ptr eta, long d, long T);
void aug_loss_star(mpfr_ptr L, long d, long T);
/* eta*_pool = 3d / (2N + 3d - 2), min pooled loss N - (3/2) N (N+1) / (2N + 3d - 2). */
void aug_eta_pool(mpfr_ptr eta, long d, long N);
void aug_loss_pool(mpfr_ptr L, long d, long N);
/* General s_0 with weights w_k = |s_{0,k}|^2 (any positive scale):
 * eta*(T) = T sum w^2 / sum_j w_j (T^2 w_j^2 + T sum_{k != j} w_k^2). */
void aug_eta_general(mpfr_ptr eta, const mpfr_t *w, long d, long T);
/* Its loss at eta: sum_j w_j [(eta T w_j - 1)^2 + eta^2 T sum_{k != j} w_k^2]. */
void aug_loss_general(mpfr_ptr L, const mpfr_t *w, long d, long T, mpfr_srcptr eta);

/* ---- exact expectations from the model's definition (proofs/augmented/model.c) ----
 * Sum over positions T = Tlo..Thi of E ||yhat_{T+1} - s_{T+1}||^2 for the
 * effective parameters K (2d x 2d), V (d x 2d), by the character expansion
 * (src/expectations/angle_quadrature.c).  s0 = NULL means s_0 = (1/sqrt d) 1; otherwise (AUG_UNITARY
 * only) s_0 = s0 exactly (any scale).  Zero entries of K, V are skipped, so
 * the sparse construction is cheap. */
int aug_loss_mp(mpfr_ptr L, int model, size_t d, const mpfr_t *s0, const ic_mat *K,
                const ic_mat *V, long Tlo, long Thi, ic_err *err);
/* The same expectation by direct forward passes of the full 3d x 3d model
 * (W_KQ, W_V) on the uniform grid of M angles per variable (exact for
 * M > the largest exponent difference, 3 Thi + 3 suffices).  s_0 = (1/sqrt d) 1. */
int aug_loss_grid(mpfr_ptr L, int model, size_t d, const ic_mat *WKQ, const ic_mat *WV,
                  long Tlo, long Thi, long M, ic_err *err);
/* The GD construction as full 3d x 3d weights (W_KQ block (3,2) = gamma I,
 * W_V block (1,2) = v I) and as effective K, V. */
void aug_construction(ic_mat *WKQ, ic_mat *WV, size_t d, mpfr_srcptr gamma, mpfr_srcptr v);
void aug_effective(ic_mat *K, ic_mat *V, const ic_mat *WKQ, const ic_mat *WV);
/* Attention forward on real tokens: prediction yhat (d) at position T of the
 * sequence s (rows s_0..s_T, each d), from full weights. */
void aug_forward_mp(mpfr_t *yhat, const ic_mat *WKQ, const ic_mat *WV, const ic_mat *s, size_t T);

/* ---- parametric proofs (proofs/augmented/parametric.c, literal.c; doc/proofs.md "Augmented (C1)") ----
 * The construction's loss at step eta is eta^2 den_T - 2 eta num_T + E||s_{T+1}||^2 with
 * num_T = E <s_{T+1}, G_T s_T>, den_T = E ||G_T s_T||^2; both are index sums (aug_num_sum,
 * aug_den_sum, s_0 = 1 and weights w_k = |s_{0,k}|^2) expanded by coincidence patterns for all d, T,
 * and summed over T = 1..N in closed form. */
enum {
    AUG_CF_NUM, AUG_CF_DEN, AUG_CF_ETA, AUG_CF_LOSS, AUG_CF_NUM_POOL, AUG_CF_DEN_POOL, AUG_CF_ETA_POOL,
    AUG_CF_LOSS_POOL, AUG_CF_ETA_GENERAL, AUG_CF_N
};
extern const char *const aug_cf_name[AUG_CF_N];
/* (numerator, denominator) as THEORY.md states each form. */
extern const char *const aug_cf_stated[AUG_CF_N][2];
extern const ic_ipat_sum aug_num_sum, aug_den_sum;

typedef struct {
    fmpq_mpoly_ctx_t ctx;
    /* [unitary, pairs (rotation blocks), weighted unitary][num, den] */
    ic_ipat_result pat[3][2];
    int expanded[3][2], ready;
    ic_ratfun form[AUG_CF_N];     /* the derived closed forms */
    ic_cf_domain dom[AUG_CF_N];   /* where each holds */
    int exhaustive;               /* every pattern set exhausts its tuples */
    int rotations_equal;          /* pairs sums = unitary sums as polynomials */
    int den_positive, pool_positive; /* den_T > 0 on d, T >= 1; pooled den > 0 on d, N >= 1 */
} aug_derivation;

/* Runs the derivation (patterns, solving, Faulhaber, optima).  Call
 * aug_derivation_clear afterwards, also on failure. */
int aug_derive(aug_derivation *dv, ic_err *err);
void aug_derivation_clear(aug_derivation *dv);
/* Decides the claimed form num/den of statement `which` against the
 * derived one on its domain: v->refuted = 0 when equal as rational
 * functions, else the smallest refuting (d, T) or (d, N) and the exact
 * discrepancy (eta_general: equality only, no point). */
int aug_check_form(ic_cf_verdict *v, const aug_derivation *dv, int which, const char *num, const char *den,
                   ic_err *err);
/* num terms (T of them, t = 1..T) and den terms (T x T, row t, column t')
 * of the construction with s_0 = 1, computed from the model's definition
 * (tokens generated by W, Laurent polynomials in the angles); unitary
 * d <= 8, rotations even d <= 8, T <= 12. */
int aug_literal_terms(fmpq *num_terms, fmpq *den_terms, int model, long d, long T, ic_err *err);
/* Per-term comparison for d <= dmax, T <= Tmax (rotations: even d):
 * patterns = tuple enumeration = aug_literal_terms for each (t, t'), and
 * num_T, den_T = the derived forms.  Counts compared values and mismatches. */
int aug_crosscheck_literal(const aug_derivation *dv, long dmax, long Tmax, long *compared, long *mismatched,
                           ic_err *err);
/* The attention output of the construction (aug_construction, symbolic
 * gamma and v) equals one GD step's prediction as polynomials in the
 * sequence entries s_{t,i}, gamma, v: *holds, with the number of variables
 * and of terms of the prediction. */
int aug_gd_symbolic(long d, long T, long *nvars, long *nterms, int *holds, ic_err *err);

/* ---- double-precision exact loss and the dense search (proofs/augmented/dense_search.c) ---- */
typedef struct aug_terms aug_terms;
/* Class of parameters searched: all of K, V; or only the GD blocks (K's
 * (s_{t-1}, s_T) block Gamma and V's s_t block, each a dense d x d matrix). */
enum { AUG_CLASS_FULL = 0, AUG_CLASS_BLOCKS = 1 };
/* Precomputes the character expansion of the loss pooled over T = Tlo..Thi
 * (s_0 = (1/sqrt d) 1).  NULL on bad sizes (too many monomials) or OOM. */
aug_terms *aug_terms_new(int model, size_t d, long Tlo, long Thi, ic_err *err);
/* IC_OK when aug_terms_new accepts the sizes (d <= 8, even d for
 * rotations, about 3e7 terms at most), else IC_EINPUT naming the limit:
 * callers check every configuration before searching any. */
int aug_terms_check(int model, size_t d, long Tlo, long Thi, ic_err *err);
/* The number of terms of one loss evaluation (the cost unit of the search). */
double aug_terms_estimate(int model, size_t d, long Tlo, long Thi);
void aug_terms_free(aug_terms *tm);
/* Exact expected loss at (K, V) (row-major doubles), gradient optional. */
double aug_terms_loss(aug_terms *tm, const double *K, const double *V, double *gK, double *gV);
/* Multi-start L-BFGS over the class; writes the best (K, V) found and
 * returns its loss.  Deterministic in seed. */
double aug_search(aug_terms *tm, int cls, int restarts, int iters, uint64_t seed, double *K,
                  double *V);

/* ---- trainer (proofs/augmented/train.c) ---- */
/* splitmix64-based deterministic generator shared by trainer and compare. */
typedef ic_rng aug_rng;
void aug_rng_seed(aug_rng *r, uint64_t seed);

enum { AUG_DATA_ROTATIONS = 0, AUG_DATA_HAAR = 1 };
/* nseq sequences s_0..s_{n} (n+1 rows of d each, row-major, nseq blocks):
 * s_0 = (1/sqrt d) 1, s_{t+1} = W s_t with W rotation blocks (d even) or
 * Haar O(d). */
int aug_gen_data(double *S, size_t nseq, size_t n, size_t d, int data, aug_rng *r, ic_err *err);
/* IC_EINPUT "--d: rotation data needs an even d" unless d fits the data
 * (check.c; aug_gen_data and the trainer's pre-check call it). */
int aug_data_check(int data, size_t d, ic_err *err);
/* Model on one sequence: predictions at positions 0..n-1 from full weights
 * (3d x 3d, row-major), score scale sc.  Y is n x d. */
void aug_predict(double *Y, const double *WKQ, const double *WV, const double *s, size_t n,
                 size_t d, double sc);
/* Mean-squared loss over a batch (mean over sequences, positions, coords)
 * and its gradient in W_KQ, W_V (3d x 3d each, accumulated, may be NULL). */
double aug_batch_loss(const double *WKQ, const double *WV, const double *S, const size_t *idx,
                      size_t nb, size_t n, size_t d, double sc, double *gKQ, double *gV);
/* The same for a part of a batch: the squared errors are multiplied by inv
 * (1 / (batch x n x d) of the whole batch) instead of the part's own mean. */
double aug_batch_loss_part(const double *WKQ, const double *WV, const double *S, const size_t *idx, size_t nb,
                           size_t n, size_t d, double sc, double inv, double *gKQ, double *gV);

/* ---- the authors' extras (proofs/augmented/extras_net.c) ----
 * Parameters in one flat vector, in this order, each present or not:
 * weights D x D (nn.Linear convention y = W x + b), biases and LayerNorm
 * gain/offset of length D.  Merged (theory): W_Q is W_KQ (score
 * e_t^T W_KQ e_T) and there is no W_K; split (authors): score
 * (W_K e_t + b_K) . (W_Q e_T + b_Q).  File names: aug_net_name + ".npy". */
enum { AUG_P_WQ, AUG_P_WK, AUG_P_WV, AUG_P_BQ, AUG_P_BK, AUG_P_BV, AUG_P_WO, AUG_P_BO,
       AUG_P_LNG, AUG_P_LNB, AUG_P_WF, AUG_P_BF, AUG_NP };
typedef struct {
    size_t d, D;
    int split, bias, ln, out, resid;
    double sc;            /* score scale: 1 or 1/sqrt(3d) */
    size_t off[AUG_NP];   /* offset in the vector; SIZE_MAX if absent */
    size_t np;            /* doubles in the vector */
} aug_net;
void aug_net_init(aug_net *net, size_t d, int split, int bias, int ln, int out, int resid, double sc);
int aug_net_is_matrix(int k);
const char *aug_net_name(const aug_net *net, int k);
int aug_net_extras(const aug_net *net);
/* Doubles of scratch space needed by the two functions below. */
size_t aug_net_work(size_t n, size_t d);
/* Mean squared error over nb sequences (rows idx[b] of S, or the first nb),
 * positions 0..n-1, coordinates; gradient added into G (may be NULL). */
double aug_net_batch(const aug_net *net, const double *P, const double *S, const size_t *idx, size_t nb, size_t n,
                     double *G, double *work);
/* The same for a part of a batch, squared errors times inv (see
 * aug_batch_loss_part). */
double aug_net_batch_part(const aug_net *net, const double *P, const double *S, const size_t *idx, size_t nb,
                          size_t n, double inv, double *G, double *work);
/* Predictions y_T[0:d] of s_{T+1}, T = 0..n-1, into Y (n x d). */
void aug_net_predict(const aug_net *net, const double *P, const double *s, size_t n, double *Y, double *work);
/* Composite maps (D x D each): KQc = sc W_K^T W_Q (merged: sc W_KQ), the
 * bilinear part of the score; Vc = W_F diag(g) (I - 11^T/D) W_O W_V (absent
 * factors = identity), the value map up to LayerNorm's per-position factor
 * 1/sigma_T and the bias/residual offsets.  Theory setting: (W_KQ, W_V). */
void aug_net_composite(const aug_net *net, const double *P, double *KQc, double *Vc);

/* The train entry point (proofs/augmented/train.c) and its parameters; the
 * score scale for --scale one|sqrt (1 or 1/sqrt(3d)). */
extern const ic_param_spec aug_train_params[];
int aug_train(const ic_param_set *p, const char *outdir, ic_err *err);
double aug_scale(const char *word, size_t d);
/* The network the trainer's options describe (--preset and the six options
 * it defaults), for token dimension d. */
void aug_train_net(aug_net *net, const ic_param_set *p, size_t d);

/* The compare entry point (proofs/augmented/compare.c) and its parameters. */
extern const ic_param_spec aug_compare_params[];
int aug_compare(const ic_param_set *p, ic_cert *cert, ic_err *err);

/* Verify mode (verify.c). */
extern const ic_param_spec augmented_verify_params[];
int augmented_verify(const ic_param_set *p, ic_cert *cert, ic_err *err);

/* The parameter pre-check of every mode (ic_claim.check), check.c. */
int augmented_check(const char *mode, const ic_param_set *p, ic_err *err);
/* Compare's parameter for parameter k of the model (ln_g -> ln-g). */
const char *aug_compare_param(const aug_net *net, int k);
/* One configuration of the dense search of verify. */
typedef struct {
    int model;
    size_t d;
    long Tlo, Thi;
    char label[64];
} aug_search_cfg;
#define AUG_SEARCH_MAX 256
/* The configurations of --search-d x --search-N (at most AUG_SEARCH_MAX,
 * into out unless NULL; *n their number): per d the unitary model and, for
 * even d, the rotation model; per N the pooled loss T = 1..N (N > 1) and
 * the single position T = N.  Every one is checked against the search's
 * size limits and their sum against --search-work, so a refusal
 * (IC_EINPUT) comes before any work (check.c). */
int aug_search_configs(aug_search_cfg *out, size_t *n, const ic_param_set *ps, ic_err *err);

#endif
