/* Claims C2 and C3: global minima of the non-augmented one-layer diagonal
 * linear multi-head Transformer on unitary (commuting) data, and the
 * orthogonality of its heads.  See doc/c2-unitary.md for the derivation.
 *
 * Shapes: A, B are H x d (rows are heads), C = B^T A is d x d, P is T x T
 * with row t = 0..T-2 using columns 0..t+1 (P[t][t+1] = p_{-1} weighs the
 * newest key, P[t][t] = p_{-2} the key equal to the query). */
#ifndef PROOFS_UNITARY_H
#define PROOFS_UNITARY_H

#include "ic_claim.h"
#include "icl.h"
#include "icm.h"

extern const ic_claim unitary_claim;

/* L_U summed over rows 0..T-2, from C and P: icl_unitary_loss (src/icl.h),
 * shared with the orthogonal claim; which is ICL_EXACT or ICL_AUTHORS. */
/* The same loss written as a sum of squares (exact loss only). */
void unitary_loss_sos(mpfr_ptr L, const icm_mat *C, const icm_mat *P, size_t T);
/* Loss and gradient in (A, B, P) of the exact loss; gA, gB H x d, gP T x T
 * (unused entries of gP are 0). */
void unitary_grad(icm_mat *gA, icm_mat *gB, icm_mat *gP, const icm_mat *A,
                  const icm_mat *B, const icm_mat *P, size_t T);

#endif
