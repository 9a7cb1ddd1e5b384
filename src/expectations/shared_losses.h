/* ic_loss: losses that several claims share.
 *
 * The unitary model's loss (THEORY.md C2) is checked by the unitary claim
 * and, as the loss the orthogonal claim's reduced model is compared with,
 * by the orthogonal claim; so is the model's exact expectation, which both
 * claims compare their formulas with.  One implementation serves both.  It depends on
 * C only through ||C||_F^2, ||C 1||^2 and tr C, and on row t of the
 * positional matrix P through its used entries 0..t+1 (p_{-2} = P[t][t],
 * p_{-1} = P[t][t+1]).  All results at the output's precision plus 16
 * guard bits, rounded to nearest. */
#ifndef IC_EXPECTATIONS_SHARED_LOSSES_H
#define IC_EXPECTATIONS_SHARED_LOSSES_H

#include "numbers/matrix.h"

/* ||C||_F^2, ||C 1||^2 and tr C. */
typedef struct {
    mpfr_t f2, c1, tr;
} ic_loss_cstats;

void ic_loss_cstats_init(ic_loss_cstats *s, const ic_mat *C, mpfr_prec_t p);
void ic_loss_cstats_clear(ic_loss_cstats *s);

/* r[j] = (C 1)_j (r has C->rows initialised entries). */
void ic_loss_row_sums(mpfr_t *r, const ic_mat *C);

/* r = sum_{k <= t+1} P[t][k]^2. */
void ic_loss_row_norm2(mpfr_ptr r, const ic_mat *P, size_t t);

/* Which unitary loss: the exact expectation, or the authors' unitary.py
 * formula, which adds p_{-2}^2 ||C||_F^2 per row (same minimisers). */
enum { IC_LOSS_EXACT = 0, IC_LOSS_AUTHORS = 1 };

/* L_U = sum_{t < T-1} [(||p_t||^2 - p_{-2}^2) ||C||_F^2 + p_{-2}^2 ||C 1||^2
 *                     - 2 p_{-1} tr C + d]   (IC_LOSS_EXACT; IC_LOSS_AUTHORS keeps
 * the full ||p_t||^2). */
void ic_loss_unitary_loss(mpfr_ptr L, const ic_mat *C, const ic_mat *P, size_t T, int which);

/* Which data law a model expectation is taken over: IC_LOSS_LAW_PAIRS has
 * d/2 independent angles (conjugate pairs lambda_{2k+1} = conj
 * lambda_{2k}, the orthogonal case), IC_LOSS_LAW_UNITARY d (the unitary case). */
enum { IC_LOSS_LAW_PAIRS = 0, IC_LOSS_LAW_UNITARY = 1 };

/* E sum_j |yhat_j - s_{t+2,j}|^2 summed over rows 0..T-2, built from the
 * model's definition as Laurent polynomials in the independent angles,
 * independently of the closed forms.  grid = 0: by characters (exact);
 * grid = 1: by the uniform grid whose size exceeds the polynomial's degree
 * (also exact), refused (IC_EINPUT) above 10^7 points.  *npts (if not
 * NULL) gets the grid size N used (0 for characters). */
int ic_loss_model_loss(mpfr_ptr L, const ic_mat *C, const ic_mat *P, size_t T, int law, int grid, long *npts,
                   ic_err *err);

/* How far P is from the positional pattern of the minima, given c:
 * rnew = max_t |c P[t,t+1] - 1|, rq = max_t |c P[t,t] - target| and
 * ro = |c| max_{t'<t} |P[t,t']| over the used entries. */
void ic_loss_p_residuals(mpfr_ptr rnew, mpfr_ptr rq, mpfr_ptr ro, const ic_mat *P, mpfr_srcptr c, mpfr_srcptr target,
                     size_t T);

#endif
