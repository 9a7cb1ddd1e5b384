/* ic_ipat: exact expectations of index sums for all dimensions d, by coincidence patterns of the indices.
 *
 * A sum  S(d, T) = sum_{t in [1, T]^nsum} sum_{i in [1, d]^npos} prod_p w_{i_p}^{r_p} E[prod_p lambda_{i_p}^{e_p(t, T)}]
 * (lambda's on the unit circle, exponents e_p affine in the summation
 * variables t, t' and the parameter T) is grouped by which positions carry
 * the same index: a set partition of the positions (a pattern).  Under the
 * unitary model (lambda_1..lambda_d independent and uniform) the
 * expectation of a tuple is 1 when every block's exponent sum is 0, else
 * 0; the tuples of a pattern with b blocks number d(d-1)...(d-b+1) (their
 * weighted sum is the Moebius inversion over partitions of the blocks, in
 * power sums p_r = sum_k w_k^r).  Under the pairs model (d even, lambda_{2m+1}
 * = conj lambda_{2m}: the real rotation-block model in its eigenbasis) a
 * pattern also says which blocks share a conjugate pair, and a pair's
 * exponent is the difference of its two blocks' sums; its tuples number
 * d(d-2)...(d-2q+2) for q pairs used.  Every pattern's block equations are
 * solved exactly and the number of (t, t') in [1, T]^nsum that satisfy them
 * is written as a polynomial in T valid for every T >= 1 (or the pattern
 * is reported undecided).  The whole sum is then a polynomial in d (or the
 * p_r) and T for all d >= 1, T >= 1.
 *
 * What the code checks itself: the patterns exhaust the tuples (their
 * counts sum to d^npos, resp. prod_p p_{r_p}, as polynomials), and each
 * per-(t, t') term agrees with a literal enumeration of the d^npos tuples
 * for small d, T.  What rests on paper (doc/proofs.md, "Augmented (C1)"):
 * the reduction of a model's expectation to such a sum.  Method: notes in
 * doc/proofs.md after M. Aigner, A Course in Enumeration (2007), sections 3.1
 * (set partitions) and 5.2 (Moebius inversion on the partition lattice). */
#ifndef IC_EXACT_INDEX_PATTERNS_H
#define IC_EXACT_INDEX_PATTERNS_H

#include <stddef.h>

#include <flint/fmpq.h>
#include <flint/fmpq_mpoly.h>

#include "base/error.h"

#define IC_IPAT_MAXPOS 6
#define IC_IPAT_MAXSUM 2

/* s[0] t + s[1] t' + T T + c, integer coefficients. */
typedef struct {
    long s[IC_IPAT_MAXSUM];
    long T;
    long c;
} ic_ipat_affine;

enum { IC_IPAT_UNITARY = 0, IC_IPAT_PAIRS = 1 };

typedef struct {
    int npos;                            /* index positions, each over 1..d */
    int nsum;                            /* summation variables t, t', each over 1..T (0..2) */
    ic_ipat_affine expo[IC_IPAT_MAXPOS]; /* exponent of lambda_{i_p} */
    int weight[IC_IPAT_MAXPOS];          /* r_p: power of w_{i_p} (general s_0); 0..6 */
    const char *names;                   /* one letter per position, e.g. "jkl" */
} ic_ipat_sum;

typedef struct {
    int nblocks;
    int block[IC_IPAT_MAXPOS];   /* block of each position (restricted growth string) */
    int partner[IC_IPAT_MAXPOS]; /* pairs model: the block sharing a pair with block b, or -1 */
    int neq;
    ic_ipat_affine eq[IC_IPAT_MAXPOS]; /* the equations: each = 0 */
    fmpq_mpoly_t count;                /* (weighted) number of index tuples with this pattern */
    fmpq_mpoly_t box;                  /* number of (t, t') in [1, T]^nsum solving every equation */
    char pattern[64];                  /* "{j,l}{k}"; pairs: "{j}~{k}" for a shared pair */
    char solution[96];                 /* "never", "always", "t' = t", ... */
} ic_ipat_pattern;

typedef struct {
    int model, weighted;
    size_t npat;
    ic_ipat_pattern *pat;
    fmpq_mpoly_t total;    /* S(d, T): sum over patterns of count * box */
    fmpq_mpoly_t tuples;   /* sum over patterns of count */
    fmpq_mpoly_t expected; /* d^npos, resp. prod_p p_{r_p} (d for r_p = 0) */
    int exhaustive;        /* tuples == expected as polynomials */
} ic_ipat_result;

/* Expands s under model (IC_IPAT_UNITARY, IC_IPAT_PAIRS; weighted only for
 * unitary) into r (polynomials in the context of exact/closed_form.h:
 * variables d, T and p1..p6).  IC_EINPUT for a sum outside the limits,
 * IC_EINTERNAL when a pattern's equations have a solution set this solver
 * does not write as one polynomial in T for all T >= 1 (the message names
 * the pattern).  ic_ipat_result_clear releases r (also after a failure). */
int ic_ipat_expand(ic_ipat_result *r, const ic_ipat_sum *s, int model, int weighted, const fmpq_mpoly_ctx_t ctx,
                   ic_err *err);
void ic_ipat_result_clear(ic_ipat_result *r, const fmpq_mpoly_ctx_t ctx);

/* The term of the sum at fixed summation values tv[0..nsum-1] and T, from
 * the patterns: the sum of their counts at (d, w) over the patterns whose
 * equations hold there.  w: d weights (NULL: all 1). */
void ic_ipat_term(fmpq_t out, const ic_ipat_result *r, const ic_ipat_sum *s, const long *tv, long T, long d,
                  const fmpq *w, const fmpq_mpoly_ctx_t ctx);
/* The same term by enumerating all d^npos index tuples and the exponent of
 * each lambda (pairs model: of each pair's angle). */
void ic_ipat_term_literal(fmpq_t out, const ic_ipat_sum *s, int model, const long *tv, long T, long d,
                          const fmpq *w);
/* The whole sum at (d, T) literally (every t, t' and tuple). */
void ic_ipat_total_literal(fmpq_t out, const ic_ipat_sum *s, int model, long T, long d, const fmpq *w);
/* The polynomial r->total at (d, T, weights w; NULL: all 1). */
void ic_ipat_total_eval(fmpq_t out, const ic_ipat_result *r, long T, long d, const fmpq *w,
                        const fmpq_mpoly_ctx_t ctx);

#endif
