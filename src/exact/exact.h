/* ic_exact: exact polynomial identities over Q on FLINT (fmpq_mpoly), the
 * layer behind the "symbolic" and "exact" proofs of the verify modes.
 *
 * An identity of the non-augmented model is checked one row t of the
 * positional matrix at a time, in the row's variables: the d^2 entries of C
 * and the t + 2 used entries P[t][0..t+1] (ic_exact_row_*).  Each side is
 * built as an fmpq_mpoly through ic_exact_vars, which stands either for the
 * variables themselves (symbolic mode: the identity is checked as polynomials),
 * for polynomials in other variables (values mode: a family such as C = c I,
 * P[t][t+1] = 1/c, with the denominator kept as a variable z and cleared by
 * ic_exact_clear_denominator), or for rational numbers (a point: exact
 * evaluation, used with the Schwartz-Zippel bound of ic_exact_sz_points when
 * the polynomials are too large).
 *
 * The model's exact expectation is computed by characters (doc/proofs.md;
 * /work/shared/notes/exact.md section 1): with lambda_j = e^{i theta_j}
 * independent and uniform, the characters prod_j lambda_j^{n_j} are
 * orthonormal under E, so for real parameters E|f|^2 = sum_n c_n^2 where
 * c_n is the coefficient of character n in f.  No product of two Laurent
 * polynomials and no constant-term extraction is formed.
 *
 * One public function family per file:
 *   vars.c            ic_exact_vars_*: what the variables stand for
 *   row_layout.c      ic_exact_row_*: variable indices and names of a row
 *   characters.c      ic_exact_char_*: E|f|^2 by characters
 *   model.c           ic_exact_model_row_expectation: the model's E of a row
 *   c_stats.c         ic_exact_cstats_*: ||C||_F^2, ||C 1||^2, tr C, C 1
 *   unitary_loss.c    ic_exact_unitary_loss_row: L_U of a row (THEORY.md C2)
 *   denominator.c     ic_exact_clear_denominator: D^k R(z = 1/D)
 *   difference.c      ic_exact_difference: lhs - rhs, its terms and text
 *   schwartz_zippel.c ic_exact_sz_*: random integer points and their number
 *   stencil.c         ic_exact_stencil5: exact derivative of a quartic
 *   decimal.c         ic_exact_fmpq_set_decimal: "-1.25" -> -5/4 exactly
 *   row_identity.c    ic_exact_row_identity, ic_exact_row_gradient: an
 *                     identity of every row, symbolic or at points
 *   family.c          ic_exact_family_*: loss and gradient on a family of
 *                     points, as rational functions of its parameters
 * and in cert_report.h (which also includes certificates/, a lower rung):
 *   cert_report.c     ic_exact_cert_*: these proofs written into a certificate */
#ifndef IC_EXACT_EXACT_H
#define IC_EXACT_EXACT_H

#include <stddef.h>
#include <stdint.h>

#include <gmp.h>
#include <flint/flint.h>
#include <flint/fmpq.h>
#include <flint/fmpq_mat.h>
#include <flint/fmpq_mpoly.h>

#include "base/error.h"

/* ---------- vars.c ---------- */

/* What variable i of an identity stands for.  Symbolic: generator i of ctx.
 * Values: val[i], a polynomial of ctx.  A point is values mode with
 * constant polynomials; num then holds the same numbers for fast paths. */
typedef struct {
    fmpq_mpoly_ctx_struct *ctx; /* the ring every result lives in */
    int own_ctx;                /* ctx allocated here (freed by clear) */
    slong n;                    /* number of variables of the identity */
    fmpq_mpoly_struct *val;     /* NULL in symbolic mode */
    fmpq *num;                  /* non-NULL at a point */
    char **names;               /* n names in symbolic mode (or NULL) */
} ic_exact_vars;

/* n variables in a fresh context (lex order); names are copied (NULL: x0, x1, ...). */
void ic_exact_vars_init_symbolic(ic_exact_vars *v, slong n, const char *const *names);
/* n variables standing for polynomials of ctx (not copied, must outlive v);
 * every value starts at 0: set them with ic_exact_vars_value(v, i). */
void ic_exact_vars_init_values(ic_exact_vars *v, slong n, fmpq_mpoly_ctx_struct *ctx);
/* n variables standing for the rational numbers x[0..n-1] (copied). */
void ic_exact_vars_init_point(ic_exact_vars *v, slong n, const fmpq *x);
void ic_exact_vars_clear(ic_exact_vars *v);
/* out = what variable i stands for (in v->ctx). */
void ic_exact_vars_get(fmpq_mpoly_t out, const ic_exact_vars *v, slong i);
/* The value polynomial of variable i (values mode), to be set by the caller. */
fmpq_mpoly_struct *ic_exact_vars_value(ic_exact_vars *v, slong i);
/* 1 in symbolic mode. */
int ic_exact_vars_symbolic(const ic_exact_vars *v);

/* ---------- row_layout.c ---------- */

/* Row t of a model with token dimension d: variables C_jk (index j d + k)
 * then P[t][t'] for t' = 0..t+1 (index d^2 + t'); p_{-2} = P[t][t],
 * p_{-1} = P[t][t+1]. */
slong ic_exact_row_nvars(size_t d, size_t t);
slong ic_exact_row_c(size_t d, size_t j, size_t k);
slong ic_exact_row_p(size_t d, size_t tp);
/* Names "C{j}_{k}" and "P{t}_{t'}" (malloc'd array of malloc'd strings). */
char **ic_exact_row_names(size_t d, size_t t);
void ic_exact_row_names_free(char **names, size_t d, size_t t);

/* ---------- characters.c ---------- */

/* One term of a Laurent polynomial in the angles z_a = e^{i theta_a}:
 * coef * x_{var[0]} * x_{var[1]} * prod_{i<2} z_{ang[i]}^{pow[i]}
 * (var -1: factor 1; ang -1: no factor).  Terms of different groups belong
 * to different functions f_g, and the mean square is sum_g E|f_g|^2. */
typedef struct {
    int32_t group;
    int32_t ang[2], pow[2];
    int32_t var[2];
    int32_t coef;
} ic_exact_lterm;

/* Brings a term's character to its canonical form (angles merged, zero
 * powers dropped, angles increasing). */
void ic_exact_lterm_canon(ic_exact_lterm *t);
/* out += sum_g E|f_g|^2 = sum over (group, character) of coefficient^2, in
 * v's mode (reorders terms).  Parameters are real. */
int ic_exact_char_mean_square(fmpq_mpoly_t out, ic_exact_lterm *terms, size_t n, const ic_exact_vars *v,
                              ic_err *err);

/* ---------- model.c ---------- */

/* Data laws (THEORY.md Setting): unitary, lambda_j = z_j (d angles); pairs,
 * lambda_{2k} = z_k, lambda_{2k+1} = conj z_k (d/2 angles, d even). */
enum { IC_EXACT_LAW_UNITARY = 0, IC_EXACT_LAW_PAIRS = 1 };

/* out = E sum_j |yhat_j - s_{t+2,j}|^2 for row t, from the model's
 * definition yhat_j = sum_{t'<=t+1} p_{t'} sum_k C_jk conj(s_{t,k}) s_{t',k} s_{t',j},
 * s_t = (lambda_j^t)_j, by characters; v has ic_exact_row_nvars(d, t)
 * variables in the row layout.  *nterms (if not NULL) gets the number of
 * Laurent terms built. */
int ic_exact_model_row_expectation(fmpq_mpoly_t out, const ic_exact_vars *v, size_t d, size_t t, int law,
                                   size_t *nterms, ic_err *err);

/* ---------- c_stats.c ---------- */

/* The statistics of C that the closed forms use, in v's ring. */
typedef struct {
    fmpq_mpoly_t f2, c1, tr;  /* ||C||_F^2, ||C 1||^2, tr C */
    fmpq_mpoly_struct *r;     /* (C 1)_j, d entries */
    fmpq_mpoly_struct *c;     /* C_jk, d^2 entries (row-major) */
    size_t d;
    const fmpq_mpoly_ctx_struct *ctx;
} ic_exact_cstats;

void ic_exact_cstats_init(ic_exact_cstats *s, const ic_exact_vars *v, size_t d);
void ic_exact_cstats_clear(ic_exact_cstats *s);

/* ---------- unitary_loss.c ---------- */

/* Which unitary loss (src/expectations/shared_losses.h): the exact
 * expectation, or the authors' unitary.py formula. */
enum { IC_EXACT_LOSS_EXACT = 0, IC_EXACT_LOSS_AUTHORS = 1 };

/* Row t of L_U = (||p||^2 - p_{-2}^2) ||C||_F^2 + p_{-2}^2 ||C 1||^2 - 2 tr(C) p_{-1} + d
 * (THEORY.md C2; the authors' form keeps the full ||p||^2), in the row layout. */
void ic_exact_unitary_loss_row(fmpq_mpoly_t out, const ic_exact_vars *v, const ic_exact_cstats *s, size_t t,
                               int which);
/* The same as a side of a row identity (ic_exact_side_fn; arg: pointer to
 * which). */
int ic_exact_side_unitary_loss(fmpq_mpoly_t out, const ic_exact_vars *v, size_t d, size_t t, void *arg,
                               ic_err *err);

/* ---------- denominator.c ---------- */

/* R is a polynomial of ctx in which variable z stands for 1/D.  out =
 * D^k R(z = 1/D) with k the degree of R in z (*k, if not NULL): a
 * polynomial without z, zero exactly when R(1/D) is zero as a rational
 * function (D nonzero). */
void ic_exact_clear_denominator(fmpq_mpoly_t out, slong *k, const fmpq_mpoly_t R, slong z, const fmpq_mpoly_t D,
                                const fmpq_mpoly_ctx_t ctx);

/* ---------- difference.c ---------- */

/* diff = lhs - rhs; returns its number of terms (0: the identity holds).
 * text (if not NULL) gets a malloc'd rendering of the difference with
 * names (NULL: x1, x2, ...), cut after maxlen characters with "...". */
slong ic_exact_difference(fmpq_mpoly_t diff, const fmpq_mpoly_t lhs, const fmpq_mpoly_t rhs,
                          const fmpq_mpoly_ctx_t ctx, const char *const *names, char **text, size_t maxlen);

/* ---------- schwartz_zippel.c ---------- */

/* Schwartz-Zippel: a nonzero polynomial of total degree deg vanishes at a
 * point drawn uniformly from S^n with probability <= deg / |S|.  Points are
 * integers in S = [0, 2^bits); the number of independent points making
 * (deg / 2^bits)^k < 2^-target_bits. */
long ic_exact_sz_points(long deg, long bits, long target_bits);
/* log2 of the false-pass bound (deg / 2^bits)^k, rounded up to 0.01. */
double ic_exact_sz_log2_bound(long deg, long bits, long k);

typedef struct {
    gmp_randstate_t st;
    mpz_t tmp;
} ic_exact_rand;

void ic_exact_rand_init(ic_exact_rand *r, unsigned long seed);
void ic_exact_rand_clear(ic_exact_rand *r);
/* x uniform in [0, 2^bits). */
void ic_exact_rand_fmpq(fmpq_t x, ic_exact_rand *r, long bits);
/* Entries n / 2^6 with n uniform in [-2^10, 2^10): the lower bounds' sample points. */
void ic_exact_rand_mat(fmpq_mat_t M, ic_exact_rand *r);
/* M += 2^-8 times an ic_exact_rand_mat matrix. */
void ic_exact_nudge_mat(fmpq_mat_t M, ic_exact_rand *r);

/* ---------- stencil.c ---------- */

/* f'(0) = [f(-2) - 8 f(-1) + 8 f(1) - f(2)] / 12, exact for polynomials of
 * degree <= 4 (fm2 = f(-2), ..., fp2 = f(2)). */
void ic_exact_stencil5(fmpq_t out, const fmpq_t fm2, const fmpq_t fm1, const fmpq_t fp1, const fmpq_t fp2);

/* ---------- decimal.c ---------- */

/* x = the decimal number s exactly ("-1.25", "3e-2", "7"); IC_EINPUT if s
 * is not one. */
int ic_exact_fmpq_set_decimal(fmpq_t x, const char *s, ic_err *err);

/* ---------- row_identity.c ---------- */

/* One side of a row identity: out = the side for row t of a model with
 * token dimension d, in v's ring (v has ic_exact_row_nvars(d, t) variables
 * in the row layout). */
typedef int (*ic_exact_side_fn)(fmpq_mpoly_t out, const ic_exact_vars *v, size_t d, size_t t, void *arg,
                                ic_err *err);
/* The gradient formula of a row: out[i] = the formula for d side / d x_i,
 * i < ic_exact_row_nvars(d, t) (out initialised in v->ctx). */
typedef int (*ic_exact_grad_fn)(fmpq_mpoly_struct *out, const ic_exact_vars *v, size_t d, size_t t, void *arg,
                                ic_err *err);

/* How a row identity is checked: as polynomials (symbolic = 1), or by exact
 * evaluation at `points` random integer points of [0, 2^bits)^n per row. */
typedef struct {
    int symbolic;
    long points, bits;
    ic_exact_rand *rand;
} ic_exact_plan;

/* What a row identity check found, summed over the rows (and calls: a
 * result can collect several (d, T)). */
typedef struct {
    long rows, points, configs;
    slong terms;       /* terms of the left-hand sides (symbolic) */
    slong nvars_max;
    slong diff_terms;  /* terms of the differences: 0 when every identity held */
    long mismatches;   /* points where the sides differed */
    int failed;
    size_t fail_d, fail_T, fail_t; /* the first failing (d, T) and row t */
    char *fail_text;   /* and its difference (malloc'd) */
} ic_exact_result;

void ic_exact_result_init(ic_exact_result *r);
void ic_exact_result_clear(ic_exact_result *r);

/* lhs(row t) = rhs(row t) for t = 0..T-2, by plan. */
int ic_exact_row_identity(ic_exact_result *res, size_t d, size_t T, ic_exact_side_fn lhs, void *larg,
                          ic_exact_side_fn rhs, void *rarg, const ic_exact_plan *plan, ic_err *err);
/* d loss / d x_i = grad[i] for every variable of every row.  Symbolic:
 * fmpq_mpoly_derivative of the loss against each formula.  At points: the
 * directional derivative along a random integer direction r, by the exact
 * five-point stencil (the loss has total degree <= 4), against
 * sum_i r_i grad[i]; a nonzero difference in any component gives a nonzero
 * polynomial of total degree <= 4 in (x, r). */
int ic_exact_row_gradient(ic_exact_result *res, size_t d, size_t T, ic_exact_side_fn loss, void *larg,
                          ic_exact_grad_fn grad, void *garg, const ic_exact_plan *plan, ic_err *err);

/* The work of the symbolic route for (d, T), to choose it or exact
 * evaluation: sum over rows of the terms of the model's expectation,
 * (t+1) d^2 + d^2 (d+1)/2 + d + 1 (notes/exact.md section 1, per row), times
 * the words of one packed exponent vector (8 bits per variable). */
double ic_exact_symbolic_work(size_t d, size_t T);

/* The smallest counterexample of lhs = rhs: searches (d, T) with
 * d = d_min, d_min + d_step, ... <= d_max and 2 <= T <= T_max by increasing
 * d + T, then d, checking symbolically; returns 1 with res->fail_d, fail_T,
 * fail_t and fail_text (the exact difference) at the first failure, 0 if
 * the identity held everywhere, or -1 on error. */
int ic_exact_find_counterexample(ic_exact_result *res, size_t d_min, size_t d_step, size_t d_max, size_t T_max,
                                 ic_exact_side_fn lhs, void *larg, ic_exact_side_fn rhs, void *rarg, ic_err *err);

/* A side that is the model's exact expectation (arg: pointer to the law). */
int ic_exact_side_model(fmpq_mpoly_t out, const ic_exact_vars *v, size_t d, size_t t, void *arg, ic_err *err);

/* ---------- family.c ---------- */

/* Sets the values of row t's variables (C and P[t][0..t+1]) on a family:
 * polynomials of the family's ring, where variable z stands for 1/D. */
typedef void (*ic_exact_family_set)(ic_exact_vars *v, size_t d, size_t t, void *arg);

/* A family of points in a ring ctx of parameters (names for texts), with
 * z the variable standing for 1/D. */
typedef struct {
    fmpq_mpoly_ctx_struct *ctx;
    const char *const *names;
    slong z;
    const fmpq_mpoly_struct *D;
} ic_exact_family;

/* Notes that R(z = 1/D) must vanish: adds the terms of D^k R(1/D) to
 * res->diff_terms and keeps the first nonzero one as res->fail_text
 * ("<label>: <what> = <numerator>"). */
void ic_exact_family_zero(ic_exact_result *res, const ic_exact_family *f, const fmpq_mpoly_t R, const char *what,
                          const char *label);
/* L = sum_t loss(row t) and G = sum_t the C part of grad(row t) (d^2
 * entries, row-major) on the family; each row's P gradient must vanish
 * (ic_exact_family_zero, what "dL/dP"). */
int ic_exact_family_rows(fmpq_mpoly_t L, fmpq_mpoly_struct *G, ic_exact_result *res, const ic_exact_family *f,
                         size_t d, size_t T, ic_exact_family_set set, void *sarg, ic_exact_side_fn loss, void *larg,
                         ic_exact_grad_fn grad, void *garg, const char *label, ic_err *err);
/* The gradient in heads: with C = B^T A (A, B: H x d, row-major arrays of
 * polynomials of the family) and G = dL/dC, dL/dA = B G and dL/dB = A G^T
 * must vanish (ic_exact_family_zero). */
void ic_exact_family_heads(ic_exact_result *res, const ic_exact_family *f, const fmpq_mpoly_struct *A,
                           const fmpq_mpoly_struct *B, const fmpq_mpoly_struct *G, size_t H, size_t d,
                           const char *label);

#endif
