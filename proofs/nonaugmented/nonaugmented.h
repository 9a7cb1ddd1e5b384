/* Claim C6: the authors' non-augmented experiment (non_augmented.py) with
 * non-commuting W: one layer, H heads, attention = linear token scores x
 * softmax positional scores, causal, LayerNorm, output layer, trained with
 * Adam.  Written out by hand in double precision (forward and backward),
 * deterministic in the seed.  See doc/c6-nonaugmented.md.
 *
 * Model (D = 2d, head width D, as in the authors' code):
 *   u_t = (x_t, x_t)                                 token repeated to width 2d
 *   q_t = Wq u_t + bq, k_t = Wk u_t + bk, v_t = Wv u_t + bv      (H D each)
 *   qp_t = Wq E_t + bq, kp_t = Wk E_t + bk           E_t: learned position
 *   tok[h,t,l] = q_{t,h} . k_{l,h} / sqrt(D)         (l <= t, causal)
 *   pos[h,t,.] = softmax_{l <= t} (qp_{t,h} . kp_{l,h} / sqrt(D))
 *   o_t = sum_h sum_{l <= t} tok[h,t,l] pos[h,t,l] v_{l,h}
 *   y_t = Wf LayerNorm(Wo o_t + bo) + bf             prediction of x_{t+1}
 * Loss: mean over sequences, positions 0..n-1 and coordinates of
 * (y_t - x_{t+1})^2 (nn.MSELoss).  The authors' unused modules (the feed
 * forward block, norm2, positions >= n) are left out: they get no gradient
 * and do not change the outputs. */
#ifndef IC_PROOFS_NONAUGMENTED_NONAUGMENTED_H
#define IC_PROOFS_NONAUGMENTED_NONAUGMENTED_H

#include <stddef.h>
#include <stdint.h>

#include "certificates/claim.h"
#include "numbers/rng.h"

extern const ic_claim nonaugmented_claim;
/* What its checks establish (statements.c). */
extern const ic_claim_statement nonaugmented_statements[];

/* ---- deterministic random numbers (splitmix64; proofs/nonaugmented/data.c) ---- */
typedef ic_rng na_rng;
void na_rng_seed(na_rng *r, uint64_t seed);

/* Generator stream k of a run's seed: 0 initial weights, 1 training data,
 * 2 test data, 3 batch order (proofs/nonaugmented/train.c). */
uint64_t na_stream(long seed, int k);

/* ---- data (proofs/nonaugmented/data.c) ---- */
enum { NA_DATA_HAAR = 0, NA_DATA_ROTATIONS = 1, NA_DATA_UNITARY = 2 };
/* Parses "haar|rotations|unitary"; -1 if unknown. */
int na_data_kind(const char *word);
/* nseq sequences of n + 1 tokens (row-major, nseq x (n+1) x d), all of
 * unit norm: s_0 = (1/sqrt d) 1, s_{t+1} = W s_t with W Haar O(d)
 * (non-commuting), or 2x2 rotation blocks with uniform angles (commuting,
 * d even), or the real form (Re, Im per pair) of diag(e^{i theta_j}) on
 * C^{d/2} with s_0 = (1/sqrt(d/2)) 1 (unitary, d even). */
int na_gen_data(double *S, size_t nseq, size_t n, size_t d, int kind, na_rng *r, ic_err *err);
/* IC_EINPUT "--d: data 'rotations' needs an even d" unless d fits the data
 * kind (check.c; na_gen_data and the trainer's pre-check call it). */
int na_data_check(int kind, size_t d, ic_err *err);

/* ---- model (proofs/nonaugmented/model.c) ---- */
enum { NA_WQ, NA_BQ, NA_WK, NA_BK, NA_WV, NA_BV, NA_WO, NA_BO, NA_LNW, NA_LNB, NA_WF, NA_BF,
       NA_POS, NA_NPARAM };

typedef struct {
    size_t d, D, H, n;            /* token dim, width 2d, heads, positions */
    size_t off[NA_NPARAM + 1];    /* offsets of each tensor in the flat vector */
    size_t rows[NA_NPARAM], cols[NA_NPARAM];  /* cols = 0 for vectors */
} na_shape;

/* File stems of the tensors: "Wq", "bq", ..., "pos". */
extern const char *const na_param_names[NA_NPARAM];

void na_shape_init(na_shape *s, size_t d, size_t H, size_t n);
/* PyTorch's default initialisation: Linear weights and biases uniform in
 * +-1/sqrt(fan_in), LayerNorm weight 1 and bias 0, positions N(0, 1). */
void na_init_params(double *theta, const na_shape *s, na_rng *r);

/* Positional attention pos[h][t][l] (H x n x n, zero for l > t) from theta. */
void na_pos_attention(double *pos, const double *theta, const na_shape *s);
/* The positional branch in parts, for the fast path: its queries and keys
 * qp, kp (n x HD each) and pos; and the gradient through the softmax
 * scores from dpos = dLoss/dpos (H x n x n), added to grad. */
void na_pos_forward(double *qp, double *kp, double *pos, const double *theta, const na_shape *s);
void na_pos_backward(const double *theta, const na_shape *s, const double *pos, const double *qp,
                     const double *kp, const double *dpos, double *grad);

/* Loss over sequences idx[0..nb-1] of S (each n + 1 tokens: inputs
 * 0..n-1, targets 1..n); the mean over nb x n x d squared errors.  With
 * grad != NULL, the gradient of that mean is added to grad (flat, like
 * theta).  Y (optional, nb x n x d) receives the predictions. */
double na_batch_loss(const double *theta, const na_shape *s, const double *S, const size_t *idx,
                     size_t nb, double *grad, double *Y);

/* ---- fast path (proofs/nonaugmented/fast.c) ----
 * The same loss and gradient as na_batch_loss, reorganised: the token is
 * repeated, so each head's maps act on x~ = (x, 1) in R^{d+1} (q = Aq x~
 * with Aq = [left + right half of Wq, bq]) and the token score is the
 * bilinear form x~_t^T M_h x~_l with M_h = Aq_h^T Ak_h / sqrt(D); the values
 * enter only through o = sum_h Av_h z_h.  Sequences run VL at a time in the
 * lanes of vector registers (fast_kernel.h); the maps shared by all
 * positions are GEMMs through OpenBLAS (fast_chunk.h).  A batch is cut into
 * groups of NA_GROUP sequences (a partition fixed by the batch alone), each
 * summed in a fixed order by one thread, and the groups' partial sums are
 * added in group order: the result is bit-identical for any thread count.
 * Bits differ from na_batch_loss (another summation order) and between the
 * float64 and float32 types; they also depend on the OpenBLAS kernel. */
enum { NA_GROUP = 128, NA_CHUNK = 32 };
enum { NA_F64 = 0, NA_F32 = 1 };
typedef struct na_fast na_fast;
/* threads >= 1; dtype NA_F64 or NA_F32.  NULL with err set on failure. */
na_fast *na_fast_new(const na_shape *s, size_t threads, int dtype, ic_err *err);
void na_fast_free(na_fast *f);
/* Mean loss over sequences idx[0..nb-1] of S; with grad != NULL its
 * gradient is added to grad (flat, like theta).  NAN on allocation failure. */
double na_fast_loss(na_fast *f, const double *theta, const double *S, const size_t *idx, size_t nb,
                    double *grad);
/* Floating-point operations of one sequence as the fast path executes them
 * (forward, or forward and backward; the once-per-batch positional branch
 * and Adam not included), and as the authors' formulation (model.c) does. */
double na_fast_flops(const na_shape *s, int backward);
double na_reference_flops(const na_shape *s, int backward);
/* The instruction set the core kernel uses here: "avx2+fma" or "generic". */
const char *na_fast_isa(void);
/* Forces the generic (portable C, libm fma per lane) kernel: for tests,
 * which check that it gives the same bits as the AVX2 one. */
void na_fast_use_generic(na_fast *f);

/* ---- trainer (proofs/nonaugmented/train.c) ---- */
/* PyTorch's Adam (betas 0.9, 0.999, eps 1e-8, no weight decay): one step on
 * theta from gradient g with moments m, v (P each) and step count *step. */
void na_adam_step(double *theta, double *m, double *v, long *step, const double *g, size_t P, double lr);
int na_train(const ic_param_set *p, const char *outdir, ic_err *err);
extern const ic_param_spec na_train_params[];

/* ---- compare (proofs/nonaugmented/compare.c) ---- */
extern const ic_param_spec na_compare_params[];

/* Compare mode (compare.c). */
extern const ic_param_spec na_compare_params[];
int na_compare(const ic_param_set *p, ic_cert *cert, ic_err *err);

/* The parameter pre-check of every mode (ic_claim.check), check.c. */
int na_check(const char *mode, const ic_param_set *p, ic_err *err);

#endif
