/* Claim C4: real orthogonal (rotation-block) data.  The exact expected
 * loss L_O of the non-augmented model in the conjugate-pair eigenbasis,
 * its zero-loss family C = c I + e S, the trigonometric relation
 * p_{-1} = 1/c, p_{-2} = -1/(2c) when e = c, and the minimal number of
 * heads d/2.  See doc/c4-orthogonal.md for the derivations.
 *
 * Shapes as in the unitary claim: A, B are H x d, C = B^T A, P is T x T,
 * row t = 0..T-2 uses columns 0..t+1.  Pairs are (2k, 2k+1); j^ denotes
 * the partner of j (j^ = j xor 1) and S swaps the members of each pair. */
#ifndef IC_PROOFS_ORTHOGONAL_ORTHOGONAL_H
#define IC_PROOFS_ORTHOGONAL_ORTHOGONAL_H

#include "certificates/claim.h"
#include "expectations/shared_losses.h"
#include "numbers/matrix.h"

extern const ic_claim orthogonal_claim;

/* L_O summed over rows 0..T-2 (the authors' orthogonal.py formula). */
void ortho_loss(mpfr_ptr L, const ic_mat *C, const ic_mat *P, size_t T);
/* The same loss as an explicit sum of squares (doc, eq. SOS). */
void ortho_loss_sos(mpfr_ptr L, const ic_mat *C, const ic_mat *P, size_t T);
/* dL_O/dC (d x d) and dL_O/dP (T x T, unused entries 0). */
void ortho_grad_cp(ic_mat *gC, ic_mat *gP, const ic_mat *C, const ic_mat *P, size_t T);
/* Gradient in (A, B, P): gA = B G, gB = A G^T with G = dL_O/dC. */
void ortho_grad(ic_mat *gA, ic_mat *gB, ic_mat *gP, const ic_mat *A, const ic_mat *B,
                const ic_mat *P, size_t T);

/* Mode entry points and their parameter specs (proofs/orthogonal/verify.c,
 * proofs/orthogonal/compare.c, proofs/orthogonal/train.c), joined in proofs/orthogonal/claim.c. */
extern const ic_param_spec ortho_verify_params[];
int ortho_verify(const ic_param_set *p, ic_cert *cert, ic_err *err);
extern const ic_param_spec ortho_compare_params[];
int ortho_compare(const ic_param_set *p, ic_cert *cert, ic_err *err);
extern const ic_param_spec ortho_train_params[];
int ortho_train(const ic_param_set *p, const char *outdir, ic_err *err);
#endif
