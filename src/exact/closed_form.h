/* ic_cf: closed forms in named parameters (d, T, N, H, ...) as exact rational functions over Q.
 *
 * A closed form such as eta*(T) = d/(T + d - 1) is a quotient of two
 * FLINT fmpq_mpoly polynomials in one shared context whose variables are
 * named below.  Two forms are equal as rational functions when their
 * cross products are equal polynomials (valid wherever both denominators
 * are non-zero); a form that is not equal to the derived one is refuted by
 * the smallest point of its domain where the two values differ, with the
 * exact discrepancy.  Positivity on a box is shown by shifting every
 * variable to its lower bound and reading the signs of the coefficients.
 * Method and its limits: doc/proofs.md ("Augmented (C1)", "Closed forms"). */
#ifndef IC_EXACT_CLOSED_FORM_H
#define IC_EXACT_CLOSED_FORM_H

#include <flint/fmpq_mpoly.h>

#include "base/error.h"

/* The variables of the shared context, in this order.  P1..P6 are the
 * power sums p_r = sum_k w_k^r of the weights w_k = |s_{0,k}|^2 (general
 * initial token); C is a model scale (unitary/orthogonal families), I a
 * summation index. */
enum {
    IC_CF_D, IC_CF_T, IC_CF_N, IC_CF_H, IC_CF_C, IC_CF_I,
    IC_CF_P1, IC_CF_P2, IC_CF_P3, IC_CF_P4, IC_CF_P5, IC_CF_P6,
    IC_CF_NVARS
};

/* Names as fmpq_mpoly_set_str_pretty reads them: "d", "T", "N", "H", "c",
 * "i", "p1" .. "p6". */
extern const char *ic_cf_names[IC_CF_NVARS];

/* The shared context (lexicographic order, IC_CF_NVARS variables). */
void ic_cf_ctx_init(fmpq_mpoly_ctx_t ctx);

/* Sets p to the polynomial written in text (variables as above, + - * ^,
 * rational constants).  IC_EINPUT when text does not parse. */
int ic_cf_poly_set_str(fmpq_mpoly_t p, const char *text, const fmpq_mpoly_ctx_t ctx, ic_err *err);
/* The polynomial as text (malloc'd). */
char *ic_cf_poly_str(const fmpq_mpoly_t p, const fmpq_mpoly_ctx_t ctx);

/* A rational function num/den; den is never the zero polynomial. */
typedef struct {
    fmpq_mpoly_t num, den;
} ic_ratfun;

void ic_ratfun_init(ic_ratfun *f, const fmpq_mpoly_ctx_t ctx);
void ic_ratfun_clear(ic_ratfun *f, const fmpq_mpoly_ctx_t ctx);
void ic_ratfun_set(ic_ratfun *f, const ic_ratfun *g, const fmpq_mpoly_ctx_t ctx);
/* f = num / den from text; IC_EINPUT when either does not parse or den is 0. */
int ic_ratfun_set_str(ic_ratfun *f, const char *num, const char *den, const fmpq_mpoly_ctx_t ctx,
                      ic_err *err);
/* f = p / 1. */
void ic_ratfun_set_poly(ic_ratfun *f, const fmpq_mpoly_t p, const fmpq_mpoly_ctx_t ctx);
/* f = a op b.  ic_ratfun_div returns IC_EINPUT when b is zero.  The
 * results are reduced (common factor removed, den primitive over Z with a
 * positive leading coefficient), so equal functions print the same. */
void ic_ratfun_add(ic_ratfun *f, const ic_ratfun *a, const ic_ratfun *b, const fmpq_mpoly_ctx_t ctx);
void ic_ratfun_sub(ic_ratfun *f, const ic_ratfun *a, const ic_ratfun *b, const fmpq_mpoly_ctx_t ctx);
void ic_ratfun_mul(ic_ratfun *f, const ic_ratfun *a, const ic_ratfun *b, const fmpq_mpoly_ctx_t ctx);
int ic_ratfun_div(ic_ratfun *f, const ic_ratfun *a, const ic_ratfun *b, const fmpq_mpoly_ctx_t ctx,
                  ic_err *err);
/* 1 when a = b as rational functions (a.num b.den = b.num a.den). */
int ic_ratfun_equal(const ic_ratfun *a, const ic_ratfun *b, const fmpq_mpoly_ctx_t ctx);
/* "num" or "(num)/(den)" (malloc'd). */
char *ic_ratfun_str(const ic_ratfun *f, const fmpq_mpoly_ctx_t ctx);
/* Value at the point x (IC_CF_NVARS rationals); returns 1 when the
 * denominator vanishes there (out untouched), else 0. */
int ic_ratfun_eval(fmpq_t out, const ic_ratfun *f, const fmpq *x, const fmpq_mpoly_ctx_t ctx);

/* A domain of integer parameters: var[i] = lo[i] + step[i] k, k >= 0, and
 * the linear constraints sum_i a[c][i] var[i] + b[c] >= 0 (e.g. H < d is
 * d - H - 1 >= 0).  Variables not listed are not allowed in the forms
 * tested on the domain. */
#define IC_CF_DOM_MAX 4
typedef struct {
    int nvars;
    int var[IC_CF_DOM_MAX];
    long lo[IC_CF_DOM_MAX];
    long step[IC_CF_DOM_MAX];
    int ncons;
    long a[IC_CF_DOM_MAX][IC_CF_DOM_MAX];
    long b[IC_CF_DOM_MAX];
    const char *text; /* the range in words, "all d >= 1, T >= 1" */
} ic_cf_domain;

/* The result of comparing a claimed closed form with a derived one. */
typedef struct {
    int refuted;                 /* 1: a point of the domain where they differ */
    long x[IC_CF_DOM_MAX];       /* that point, in the domain's variable order */
    fmpq_t claimed, derived;     /* the two values there */
    fmpq_t discrepancy;          /* claimed - derived */
    long searched;               /* domain points evaluated */
} ic_cf_verdict;

void ic_cf_verdict_init(ic_cf_verdict *v);
void ic_cf_verdict_clear(ic_cf_verdict *v);

/* Decides claimed = derived on dom.  Equal as rational functions: refuted
 * = 0 (the claim holds wherever the derived form does).  Otherwise the
 * smallest refuting point (by sum of k, then lexicographic in k) with the
 * exact discrepancy; the search stops after points with sum of k up to
 * 4 nvars (deg + 1) + 8, deg the total degree of the cross difference,
 * which holds a non-root of every non-zero polynomial of that degree on
 * the domains used here; IC_EINTERNAL when none was found there, IC_EINPUT
 * when a form uses a variable outside the domain. */
int ic_cf_refute(ic_cf_verdict *v, const ic_ratfun *claimed, const ic_ratfun *derived,
                 const ic_cf_domain *dom, const fmpq_mpoly_ctx_t ctx, ic_err *err);

/* 1 when p > 0 is shown on the box var[i] >= lo[i] of dom (constraints and
 * steps ignored, so the box may be larger than dom): after substituting
 * var = lo + y every coefficient is >= 0 and the constant term is > 0.
 * 0 means not shown (p may still be positive). */
int ic_cf_positive_on_box(const fmpq_mpoly_t p, const ic_cf_domain *dom, const fmpq_mpoly_ctx_t ctx);

/* The domain's point as text, "d = 2, T = 3" (into buf of size n). */
void ic_cf_point_str(char *buf, size_t n, const ic_cf_domain *dom, const long *x);

#endif
