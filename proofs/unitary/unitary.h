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
#include "exact/exact.h"
#include "expectations/shared_losses.h"
#include "numbers/matrix.h"

extern const ic_claim unitary_claim;
/* What its checks establish and how (statements.c). */
extern const ic_claim_statement unitary_statements[];

/* L_U summed over rows 0..T-2, from C and P: ic_loss_unitary_loss (src/expectations/shared_losses.h),
 * shared with the orthogonal claim; which is IC_LOSS_EXACT or IC_LOSS_AUTHORS. */
/* The same loss written as a sum of squares (exact loss only). */
void unitary_loss_sos(mpfr_ptr L, const ic_mat *C, const ic_mat *P, size_t T);
/* Loss and gradient in (A, B, P) of the exact loss; gA, gB H x d, gP T x T
 * (unused entries of gP are 0). */
void unitary_grad(ic_mat *gA, ic_mat *gB, ic_mat *gP, const ic_mat *A,
                  const ic_mat *B, const ic_mat *P, size_t T);

/* Exact forms of one row (exact_forms.c; sides and gradients of
 * src/exact/exact.h row identities): the sum-of-squares form, the authors'
 * loss minus the exact loss, the stated correction p_{-2}^2 ||C||_F^2 and the
 * gradient formulas (arg: pointer to IC_EXACT_LOSS_EXACT or _AUTHORS). */
int unitary_exact_sos_row(fmpq_mpoly_t out, const ic_exact_vars *v, size_t d, size_t t, void *arg, ic_err *err);
int unitary_exact_excess_row(fmpq_mpoly_t out, const ic_exact_vars *v, size_t d, size_t t, void *arg, ic_err *err);
int unitary_exact_correction_row(fmpq_mpoly_t out, const ic_exact_vars *v, size_t d, size_t t, void *arg,
                                 ic_err *err);
int unitary_exact_grad_row(fmpq_mpoly_struct *out, const ic_exact_vars *v, size_t d, size_t t, void *arg,
                           ic_err *err);

/* The exact proofs of verify (exact_proofs.c, doc/proofs.md). */
typedef struct {
    ic_exact_result model, sos, excess, grad, family;
} unitary_exact;
/* (a) model expectation = L_U, (b) SOS = L_U, (c) authors - exact =
 * p_{-2}^2 ||C||_F^2, (d) both gradient formulas = derivatives, every row of
 * (d, T), by plan. */
int unitary_exact_identities(unitary_exact *ux, size_t d, size_t T, const ic_exact_plan *plan, ic_err *err);
/* (e) the minimiser C = c diag(1_r, 0), p_{-1} = 1/c (r = min(H, d)): loss
 * `want` (the claim: (T-1)(d-r)) and zero gradient in A, B, P as rational
 * functions of c. */
int unitary_exact_minimiser(ic_exact_result *res, size_t d, size_t H, size_t T, long want, ic_err *err);
/* C3: A = M random invertible, B = c M^{-T}: B^T A = c I and A B^T = c I
 * exactly (1), not (0), M singular (-1). */
int unitary_exact_biorthogonal(size_t d, const fmpq_t c, ic_exact_rand *rand);
/* L_U >= (T-1)(d-H) at npoints exact rational points of rank <= H (half
 * random, half the minimiser nudged); counts points and violations. */
int unitary_exact_lower_bound(long *points, long *violations, size_t d, size_t H, size_t T, const fmpq_t c,
                              long npoints, ic_exact_rand *rand, ic_err *err);

/* Mode entry points and their parameter specs. */
extern const ic_param_spec unitary_verify_params[];
int unitary_verify(const ic_param_set *p, ic_cert *cert, ic_err *err);      /* verify.c */
extern const ic_param_spec unitary_compare_params[];
int unitary_compare(const ic_param_set *p, ic_cert *cert, ic_err *err);     /* compare.c */
extern const ic_param_spec unitary_train_params[];
int unitary_train(const ic_param_set *p, const char *outdir, ic_err *err);  /* train.c */
/* The parameter pre-check of every mode (ic_claim.check), check.c; the
 * trainer's checks are ic_reduced_check_params (src/training). */
int unitary_check(const char *mode, const ic_param_set *p, ic_err *err);

#endif
