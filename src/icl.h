/* icl: losses that several claims share.
 *
 * The unitary model's loss (THEORY.md C2) is checked by the unitary claim
 * and, as the loss the orthogonal claim's reduced model is compared with,
 * by the orthogonal claim; so is the model's exact expectation, which both
 * claims compare their formulas with.  One implementation serves both.  It depends on
 * C only through ||C||_F^2, ||C 1||^2 and tr C, and on row t of the
 * positional matrix P through its used entries 0..t+1 (p_{-2} = P[t][t],
 * p_{-1} = P[t][t+1]).  All results at the output's precision plus 16
 * guard bits, rounded to nearest. */
#ifndef ICL_H
#define ICL_H

#include "icm.h"

/* ||C||_F^2, ||C 1||^2 and tr C. */
typedef struct {
    mpfr_t f2, c1, tr;
} icl_cstats;

void icl_cstats_init(icl_cstats *s, const icm_mat *C, mpfr_prec_t p);
void icl_cstats_clear(icl_cstats *s);

/* r[j] = (C 1)_j (r has C->rows initialised entries). */
void icl_row_sums(mpfr_t *r, const icm_mat *C);

/* r = sum_{k <= t+1} P[t][k]^2. */
void icl_row_norm2(mpfr_ptr r, const icm_mat *P, size_t t);

/* Which unitary loss: the exact expectation, or the authors' unitary.py
 * formula, which adds p_{-2}^2 ||C||_F^2 per row (same minimisers). */
enum { ICL_EXACT = 0, ICL_AUTHORS = 1 };

/* L_U = sum_{t < T-1} [(||p_t||^2 - p_{-2}^2) ||C||_F^2 + p_{-2}^2 ||C 1||^2
 *                     - 2 p_{-1} tr C + d]   (ICL_EXACT; ICL_AUTHORS keeps
 * the full ||p_t||^2). */
void icl_unitary_loss(mpfr_ptr L, const icm_mat *C, const icm_mat *P, size_t T, int which);

/* Which data law a model expectation is taken over: ICL_LAW_PAIRS has
 * d/2 independent angles (conjugate pairs lambda_{2k+1} = conj
 * lambda_{2k}, the orthogonal case), ICL_LAW_UNITARY d (the unitary case). */
enum { ICL_LAW_PAIRS = 0, ICL_LAW_UNITARY = 1 };

/* E sum_j |yhat_j - s_{t+2,j}|^2 summed over rows 0..T-2, built from the
 * model's definition as Laurent polynomials in the independent angles,
 * independently of the closed forms.  grid = 0: by characters (exact);
 * grid = 1: by the uniform grid whose size exceeds the polynomial's degree
 * (also exact), refused (IC_EINPUT) above 10^7 points.  *npts (if not
 * NULL) gets the grid size N used (0 for characters). */
int icl_model_loss(mpfr_ptr L, const icm_mat *C, const icm_mat *P, size_t T, int law, int grid, long *npts,
                   ic_err *err);

/* How far P is from the positional pattern of the minima, given c:
 * rnew = max_t |c P[t,t+1] - 1|, rq = max_t |c P[t,t] - target| and
 * ro = |c| max_{t'<t} |P[t,t']| over the used entries. */
void icl_p_residuals(mpfr_ptr rnew, mpfr_ptr rq, mpfr_ptr ro, const icm_mat *P, mpfr_srcptr c, mpfr_srcptr target,
                     size_t T);

#endif
