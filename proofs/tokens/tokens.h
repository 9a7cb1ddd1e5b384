/* Claim C7: token encodings behave like AR sequences (the authors'
 * validation_token_encoding.py, Figure 4).  For each sequence of T unit
 * embeddings s_0..s_{T-1}, the minimum-norm least-squares AR matrix
 * A = argmin ||X A^T - Y||_F (X = s_0..s_{T-2}, Y = s_1..s_{T-1}) is fitted,
 * the sequence regenerated from s_0 by s_{k+1} = A s_k, and its MSE taken;
 * the same for tokens shuffled across sequences; the two samples are
 * compared by medians and a Mann-Whitney test.  See doc/c7-tokens.md. */
#ifndef IC_PROOFS_TOKENS_TOKENS_H
#define IC_PROOFS_TOKENS_TOKENS_H

#include <stddef.h>
#include <stdint.h>

#include "certificates/claim.h"

extern const ic_claim tokens_claim;
/* What its checks establish (statements.c). */
extern const ic_claim_statement tokens_statements[];

/* AR fit and regeneration of one sequence S (T x D, row-major): returns the
 * MSE over T x D entries.  A = Y^T X^{+T}, applied without forming D x D:
 * A s = Y^T G^+ X s with G = X X^T ((T-1) x (T-1)), G^+ by a symmetric
 * eigendecomposition with eigenvalues below rtol * max dropped.  *rank
 * receives rank(G) at that threshold. */
double tok_ar_mse(const double *S, size_t T, size_t D, double rtol, size_t *rank);

/* Mann-Whitney test of sample a against b: U = #{(i,j): a_i > b_j} plus
 * half the ties (from mid-ranks), z = (U - na nb / 2) / sd with the tie
 * correction of the variance, p_less = Phi(z) the one-sided p-value of "a
 * is stochastically smaller than b", p_two the two-sided one.  Returns -1
 * when out of memory. */
typedef struct {
    double U, z, p_less, p_two;
} tok_mwu;
int tok_mann_whitney(const double *a, size_t na, const double *b, size_t nb, tok_mwu *out);

double tok_median(const double *x, size_t m);

/* Compare mode (compare.c). */
extern const ic_param_spec tokens_compare_params[];
int tokens_compare(const ic_param_set *p, ic_cert *cert, ic_err *err);
/* The parameter pre-check of every mode (ic_claim.check), check.c. */
int tokens_check(const char *mode, const ic_param_set *p, ic_err *err);

#endif
