/* Claims C2 and C3: global minima of the non-augmented one-layer diagonal
 * linear multi-head Transformer on unitary (commuting) data, and the
 * orthogonality of its heads.  See doc/c2-unitary.md for the derivation.
 *
 * Shapes: A, B are H x d (rows are heads), C = B^T A is d x d, P is T x T
 * with row t = 0..T-2 using columns 0..t+1 (P[t][t+1] = p_{-1} weighs the
 * newest key, P[t][t] = p_{-2} the key equal to the query). */
#ifndef IC_PROOFS_UNITARY_UNITARY_H
#define IC_PROOFS_UNITARY_UNITARY_H

#include "certificates/claim.h"
#include "expectations/shared_losses.h"
#include "numbers/matrix.h"

extern const ic_claim unitary_claim;

/* L_U summed over rows 0..T-2, from C and P: ic_loss_unitary_loss (src/expectations/shared_losses.h),
 * shared with the orthogonal claim; which is IC_LOSS_EXACT or IC_LOSS_AUTHORS. */
/* The same loss written as a sum of squares (exact loss only). */
void unitary_loss_sos(mpfr_ptr L, const ic_mat *C, const ic_mat *P, size_t T);
/* Loss and gradient in (A, B, P) of the exact loss; gA, gB H x d, gP T x T
 * (unused entries of gP are 0). */
void unitary_grad(ic_mat *gA, ic_mat *gB, ic_mat *gP, const ic_mat *A,
                  const ic_mat *B, const ic_mat *P, size_t T);

/* Mode entry points and their parameter specs. */
extern const ic_param_spec unitary_verify_params[];
int unitary_verify(const ic_param_set *p, ic_cert *cert, ic_err *err);      /* verify.c */
extern const ic_param_spec unitary_compare_params[];
int unitary_compare(const ic_param_set *p, ic_cert *cert, ic_err *err);     /* compare.c */
extern const ic_param_spec unitary_train_params[];
int unitary_train(const ic_param_set *p, const char *outdir, ic_err *err);  /* train.c */

#endif
