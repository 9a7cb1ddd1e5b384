/* Claim C4: real orthogonal (rotation-block) data.  The exact expected
 * loss L_O of the non-augmented model in the conjugate-pair eigenbasis,
 * its zero-loss family C = c I + e S, the trigonometric relation
 * p_{-1} = 1/c, p_{-2} = -1/(2c) when e = c, and the minimal number of
 * heads d/2.  See doc/c4-orthogonal.md for the derivations.
 *
 * Shapes as in the unitary claim: A, B are H x d, C = B^T A, P is T x T,
 * row t = 0..T-2 uses columns 0..t+1.  Pairs are (2k, 2k+1); j^ denotes
 * the partner of j (j^ = j xor 1) and S swaps the members of each pair. */
#ifndef PROOFS_ORTHOGONAL_H
#define PROOFS_ORTHOGONAL_H

#include "ic_claim.h"
#include "icl.h"
#include "icm.h"

extern const ic_claim orthogonal_claim;

/* L_O summed over rows 0..T-2 (the authors' orthogonal.py formula). */
void ortho_loss(mpfr_ptr L, const icm_mat *C, const icm_mat *P, size_t T);
/* The same loss as an explicit sum of squares (doc, eq. SOS). */
void ortho_loss_sos(mpfr_ptr L, const icm_mat *C, const icm_mat *P, size_t T);
/* dL_O/dC (d x d) and dL_O/dP (T x T, unused entries 0). */
void ortho_grad_cp(icm_mat *gC, icm_mat *gP, const icm_mat *C, const icm_mat *P, size_t T);
/* Gradient in (A, B, P): gA = B G, gB = A G^T with G = dL_O/dC. */
void ortho_grad(icm_mat *gA, icm_mat *gB, icm_mat *gP, const icm_mat *A, const icm_mat *B,
                const icm_mat *P, size_t T);

/* Mode entry points and their parameter specs (orthogonal_verify.c,
 * orthogonal_compare.c, orthogonal_train.c), joined in orthogonal.c. */
extern const icp_spec ortho_verify_params[];
int ortho_verify(const icp_set *p, icc_cert *cert, ic_err *err);
extern const icp_spec ortho_compare_params[];
int ortho_compare(const icp_set *p, icc_cert *cert, ic_err *err);
extern const icp_spec ortho_train_params[];
int ortho_train(const icp_set *p, const char *outdir, ic_err *err);
#endif
