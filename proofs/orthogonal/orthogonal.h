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
#include "exact/exact.h"
#include "expectations/shared_losses.h"
#include "numbers/matrix.h"

extern const ic_claim orthogonal_claim;
/* What its checks establish and how (statements.c). */
extern const ic_claim_statement orthogonal_statements[];

/* L_O summed over rows 0..T-2 (the authors' orthogonal.py formula). */
void ortho_loss(mpfr_ptr L, const ic_mat *C, const ic_mat *P, size_t T);
/* The same loss as an explicit sum of squares (doc, eq. SOS). */
void ortho_loss_sos(mpfr_ptr L, const ic_mat *C, const ic_mat *P, size_t T);
/* dL_O/dC (d x d) and dL_O/dP (T x T, unused entries 0). */
void ortho_grad_cp(ic_mat *gC, ic_mat *gP, const ic_mat *C, const ic_mat *P, size_t T);
/* Gradient in (A, B, P): gA = B G, gB = A G^T with G = dL_O/dC. */
void ortho_grad(ic_mat *gA, ic_mat *gB, ic_mat *gP, const ic_mat *A, const ic_mat *B,
                const ic_mat *P, size_t T);

/* Exact forms of one row (exact_forms.c; sides and gradients of
 * src/exact/exact.h row identities): L_O, its sum-of-squares form and the
 * gradient formulas of ortho_grad_cp. */
int ortho_exact_loss_row(fmpq_mpoly_t out, const ic_exact_vars *v, size_t d, size_t t, void *arg, ic_err *err);
int ortho_exact_sos_row(fmpq_mpoly_t out, const ic_exact_vars *v, size_t d, size_t t, void *arg, ic_err *err);
int ortho_exact_grad_row(fmpq_mpoly_struct *out, const ic_exact_vars *v, size_t d, size_t t, void *arg, ic_err *err);

/* The exact proofs of verify (exact_proofs.c, doc/proofs.md). */
typedef struct {
    ic_exact_result model, sos, grad, umodel, uexcess;
} ortho_exact;
/* L_O = the model's exact expectation (pairs law), SOS form = L_O, gradient
 * formulas = derivatives, every row of (d, T), by plan. */
int ortho_exact_identities(ortho_exact *ox, size_t d, size_t T, const ic_exact_plan *plan, ic_err *err);
/* Unitary data: L_U = the unitary model's expectation, and the authors'
 * loss = that expectation + p_{-2}^2 ||C||_F^2. */
int ortho_exact_unitary(ortho_exact *ox, size_t d, size_t T, const ic_exact_plan *plan, ic_err *err);
/* The zero-loss family as rational functions of (c, e): L_O = 0, dL/dC = 0,
 * dL/dP = 0 (ortho_exact_family_q with minus_in_den = 1: the wrong
 * p_{-2} = -e/(c(c-e)), for refutation tests). */
int ortho_exact_family(ic_exact_result *res, size_t d, size_t T, ic_err *err);
int ortho_exact_family_q(ic_exact_result *res, size_t d, size_t T, int minus_in_den, ic_err *err);
/* L_O exactly on the family at rational (c, e) with the first block's
 * coupling e + 1/2 (d >= 4). */
int ortho_exact_common_e(fmpq_t L, size_t d, size_t T, const fmpq_t c, const fmpq_t e, ic_err *err);
/* The H-head construction: L_O = want (the claim: (T-1) max(d-2H, 0)), zero
 * gradient in A, B, P. */
int ortho_exact_heads(ic_exact_result *res, size_t d, size_t H, size_t T, long want, ic_err *err);
/* The e = -c stationary points: L_O = d sum_t 1/(t+2), zero gradient. */
int ortho_exact_stall(ic_exact_result *res, size_t d, size_t T, ic_err *err);
/* L_O >= (T-1)(d-2H) and tr(C)^2 <= 2H ||C'||_F^2 at npoints exact rational
 * points of rank <= H (half random, half the construction nudged). */
int ortho_exact_lower_bound(long *points, long *violations, size_t d, size_t H, size_t T, const fmpq_t c,
                            long npoints, ic_exact_rand *rand, ic_err *err);

/* Mode entry points and their parameter specs (proofs/orthogonal/verify.c,
 * proofs/orthogonal/compare.c, proofs/orthogonal/train.c), joined in proofs/orthogonal/claim.c. */
extern const ic_param_spec ortho_verify_params[];
int ortho_verify(const ic_param_set *p, ic_cert *cert, ic_err *err);
extern const ic_param_spec ortho_compare_params[];
int ortho_compare(const ic_param_set *p, ic_cert *cert, ic_err *err);
extern const ic_param_spec ortho_train_params[];
int ortho_train(const ic_param_set *p, const char *outdir, ic_err *err);
/* The parameter pre-check of every mode (ic_claim.check), check.c; the
 * trainer's checks are ic_reduced_check_params (src/training). */
int ortho_check(const char *mode, const ic_param_set *p, ic_err *err);
#endif
