/* ic_dyadic: exact products of dyadic matrices through double BLAS.
 *
 * A matrix is stored as k "digit planes" of doubles on a common grid:
 *
 *     value(i, j) = sum_{q < k} d_q(i, j) * 2^((top - 1 - q) * beta)
 *
 * where every digit is an integer with |d| <= 2^(beta - 1).  The product of
 * two planes is then a matrix of integers below n 2^(2 beta - 2), and
 * summing min(ka, kb) such products stays below 2^53 when beta is
 * ic_dyadic_beta(n): cblas_dgemm computes it without any rounding, whatever
 * order it adds in.  A product of a ka- and a kb-digit matrix is kb
 * dgemm calls (op(a)'s ka planes stacked into one tall matrix) plus a carry pass (Ozaki, Ogita and Oishi's error-free
 * splitting, with fixed-point digits instead of per-row exponents).  At
 * n = 64 and 256 bits this is several times faster than Arb's block
 * product over the integers, which is what the enclosures of src/spectra/enclosure.c
 * spend their time on.
 *
 * All operations are exact except the ones named "trunc", which drop
 * digits (for refinement iterations, whose accuracy nothing relies on).
 * Outputs must be zeroed (ic_dyadic_mat x = {0}) or hold a matrix, which is
 * replaced (its memory reused when large enough, so that an iteration
 * allocates once); ic_dyadic_init alone starts from nothing.  Freed planes
 * are kept in a small per-thread cache (at most 64 MB, freed when the
 * thread ends) that later allocations draw on: repeated enclosures then
 * do not take fresh pages from the kernel at every call.
 * Errors: IC_EINTERNAL when memory runs out or a digit count passes
 * IC_DYADIC_KMAX (the exactness bound above assumes at most IC_DYADIC_KMAX digits). */
#ifndef IC_NUMBERS_DYADIC_PRODUCT_H
#define IC_NUMBERS_DYADIC_PRODUCT_H

#include <arb_mat.h>
#include <stddef.h>

#include "base/error.h"
#include "numbers/matrix.h"

#define IC_DYADIC_KMAX 64

typedef struct {
    size_t rows, cols;
    int k;      /* number of digit planes */
    long top;   /* grid position of the leading plane */
    int beta;   /* bits per digit */
    double *d;  /* k planes of rows*cols, each row-major */
    size_t cap; /* doubles allocated at d: an output reuses them when they suffice */
    int view;   /* d belongs to another matrix (ic_dyadic_view_trunc) */
} ic_dyadic_mat;

/* Digit width for products with inner dimension n and at most IC_DYADIC_KMAX
 * digits per operand: the largest beta with n IC_DYADIC_KMAX 2^(2 beta - 2)
 * below 2^52. */
int ic_dyadic_beta(size_t n);

/* The grid position of the heaviest plane weight 2^(pos beta) that is at
 * most 2^e: floor(e / beta).  Cuts "at 2^-b" use ic_dyadic_grid_at(-b, beta). */
long ic_dyadic_grid_at(long e, int beta);

/* A rows x cols zero matrix with k planes (k >= 1). */
int ic_dyadic_init(ic_dyadic_mat *x, size_t rows, size_t cols, int k, long top, int beta, ic_err *err);
void ic_dyadic_clear(ic_dyadic_mat *x);
int ic_dyadic_copy(ic_dyadic_mat *dst, const ic_dyadic_mat *src, ic_err *err);
void ic_dyadic_swap(ic_dyadic_mat *a, ic_dyadic_mat *b);

/* x = the exact values of m, with top chosen from the largest entry.
 * The number of digits is what makes every entry exact, at most kmax;
 * *inexact is set when digits were dropped, each entry then being off
 * by less than 2^((top - k) beta) (truncated towards zero, so symmetric
 * input stays symmetric).  Entries must be finite. */
int ic_dyadic_set_mat(ic_dyadic_mat *x, const ic_mat *m, int beta, int kmax, int *inexact, ic_err *err);

/* x = the rows x cols doubles a (row-major), keeping k digits below the
 * leading one (truncation: for starting values only). */
int ic_dyadic_set_d_trunc(ic_dyadic_mat *x, const double *a, size_t rows, size_t cols, int beta, int k, ic_err *err);

/* x = the arf values v (row-major), truncated to the grid of weight
 * 2^(lsb beta): the digits from the largest entry down to that weight. */
int ic_dyadic_set_arf_trunc(ic_dyadic_mat *x, arf_srcptr v, size_t rows, size_t cols, int beta, long lsb, ic_err *err);

/* x = I (n x n). */
int ic_dyadic_set_identity(ic_dyadic_mat *x, size_t n, int beta, ic_err *err);

/* c = op(a) op(b), op = transpose when ta / tb, exactly.  c must not alias
 * a or b; it is (re)allocated. */
int ic_dyadic_mul(ic_dyadic_mat *c, const ic_dyadic_mat *a, int ta, const ic_dyadic_mat *b, int tb, ic_err *err);

/* c = a^T a, exactly (c must not alias a): the same sums as
 * ic_dyadic_mul(c, a, 1, a, 0), formed with dsyrk and dsyr2k over the
 * pairs of planes p <= q, about half the work. */
int ic_dyadic_gram(ic_dyadic_mat *c, const ic_dyadic_mat *a, ic_err *err);

/* c = a + s b with s = +1 or -1, exactly (c may alias a or b). */
int ic_dyadic_add(ic_dyadic_mat *c, const ic_dyadic_mat *a, const ic_dyadic_mat *b, int s, ic_err *err);

/* c = sum_i coef[i] x[i] over m terms, exactly (c may alias any x[i]);
 * sum |coef[i]| at most 2^20. */
int ic_dyadic_sum(ic_dyadic_mat *c, const ic_dyadic_mat *const *x, const int *coef, int m, ic_err *err);

/* t = x^T (t must not alias x). */
int ic_dyadic_transpose(ic_dyadic_mat *t, const ic_dyadic_mat *x, ic_err *err);

/* Drops the planes of weight below 2^(lsb beta) (truncation). */
void ic_dyadic_trunc(ic_dyadic_mat *x, long lsb);

/* v = x truncated as ic_dyadic_trunc(copy of x, lsb) would, with the same
 * planes, top and k, but reading x's memory instead of copying it: v is
 * an operand only (never an output), valid while x is unchanged;
 * ic_dyadic_clear(v) forgets it without freeing x's memory. */
void ic_dyadic_view_trunc(ic_dyadic_mat *v, const ic_dyadic_mat *x, long lsb);

/* 1 when every entry is 0. */
int ic_dyadic_is_zero(const ic_dyadic_mat *x);

/* Grid position of the least significant plane: top - k. */
long ic_dyadic_lsb(const ic_dyadic_mat *x);

/* Largest |entry| as a double (rounded up, an upper bound), 0 if zero. */
double ic_dyadic_max_abs(const ic_dyadic_mat *x);

/* Rounded double values (for starting values and iteration control). */
void ic_dyadic_get_d(double *dst, const ic_dyadic_mat *x);

/* Double-double values hi + lo (about 106 bits, for refinement). */
void ic_dyadic_get_dd(double *hi, double *lo, const ic_dyadic_mat *x);

/* x = hi + lo (row-major double-double values), truncated to the grid of
 * weight 2^(lsb beta). */
int ic_dyadic_set_dd_trunc(ic_dyadic_mat *x, const double *hi, const double *lo, size_t rows, size_t cols, int beta, long lsb,
                     ic_err *err);

/* m = x exactly (arb balls of radius 0); m is rows x cols. */
void ic_dyadic_get_arb_mat(arb_mat_t m, const ic_dyadic_mat *x);

/* r = entry (i, j) exactly. */
void ic_dyadic_get_entry(arf_t r, const ic_dyadic_mat *x, size_t i, size_t j);

/* v[i] = entry i (row-major) exactly; v has rows*cols initialised arfs. */
void ic_dyadic_get_arf(arf_ptr v, const ic_dyadic_mat *x);

#endif
