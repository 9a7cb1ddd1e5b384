/* icl: closed forms that several claims share.
 *
 * The unitary model's loss (THEORY.md C2) is checked by the unitary claim
 * and, as the loss the orthogonal claim's reduced model is compared with,
 * by the orthogonal claim; one implementation serves both.  It depends on
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

#endif
