/* ic_mat: dense real matrices of MPFR numbers at a run-time precision.
 *
 * Storage is row-major; a vector is a matrix with one column.  All entries
 * of one matrix share the precision given to ic_mat_init.  Functions whose
 * output is a matrix require it to be initialised with the right shape and
 * not to alias an input unless stated.  Rounding is MPFR_RNDN throughout.
 * Dot products use mpfr_dot (correctly rounded), and report whether every
 * entry was computed exactly, which lets callers state that C = B^T A was
 * formed without error from float inputs. */
#ifndef IC_NUMBERS_MATRIX_H
#define IC_NUMBERS_MATRIX_H

#include <mpfr.h>
#include <stddef.h>

#include "base/error.h"

typedef struct {
    size_t rows, cols;
    mpfr_prec_t prec;
    mpfr_t *e; /* rows*cols entries, row-major */
} ic_mat;

/* Entry (i, j). */
#define IC_MAT_AT(m, i, j) ((m)->e[(size_t)(i) * (m)->cols + (size_t)(j)])

/* Initialises a rows x cols zero matrix; IC_EINTERNAL on overflow/OOM. */
int ic_mat_init(ic_mat *m, size_t rows, size_t cols, mpfr_prec_t prec, ic_err *err);
void ic_mat_clear(ic_mat *m);

/* Same shape required unless stated. */
void ic_mat_zero(ic_mat *m);
void ic_mat_set_identity(ic_mat *m);                 /* square or not: ones on the diagonal */
void ic_mat_copy(ic_mat *dst, const ic_mat *src);
void ic_mat_set_d(ic_mat *m, const double *src);     /* row-major doubles, exact when prec >= 53 */
void ic_mat_get_d(double *dst, const ic_mat *m);     /* row-major, rounded to nearest */
/* MPFR exponent E of the largest entry (max |m_ij| in [2^(E-1), 2^E)), 0
 * for a zero matrix; and the doubles m * 2^-E (rounded), which LAPACK can
 * take whatever the MPFR exponents are. */
mpfr_exp_t ic_mat_emax(const ic_mat *m);
void ic_mat_get_d_scaled(double *dst, const ic_mat *m);
void ic_mat_transpose(ic_mat *dst, const ic_mat *src); /* dst is cols x rows */

/* c = a b, c = a^T b, c = a b^T.  Return 1 when every entry is exact
 * (mpfr_dot ternary 0), else 0.  (If the pointer tables mpfr_dot needs
 * cannot be allocated, c is set to NaN and 0 is returned.) */
int ic_mat_mul(ic_mat *c, const ic_mat *a, const ic_mat *b);
int ic_mat_mul_tn(ic_mat *c, const ic_mat *a, const ic_mat *b);
int ic_mat_mul_nt(ic_mat *c, const ic_mat *a, const ic_mat *b);

void ic_mat_add(ic_mat *c, const ic_mat *a, const ic_mat *b);   /* may alias */
void ic_mat_sub(ic_mat *c, const ic_mat *a, const ic_mat *b);   /* may alias */
void ic_mat_scale(ic_mat *c, const ic_mat *a, mpfr_srcptr s);    /* may alias */
/* c += s * a (may alias). */
void ic_mat_axpy(ic_mat *c, mpfr_srcptr s, const ic_mat *a);

/* trace, frob2 and dot are correctly rounded to r's precision (mpfr_sum,
 * mpfr_dot); frob rounds frob2 at 32 extra bits, then the sqrt. */
void ic_mat_trace(mpfr_ptr r, const ic_mat *m);        /* square */
void ic_mat_frob2(mpfr_ptr r, const ic_mat *m);        /* sum of squares */
void ic_mat_frob(mpfr_ptr r, const ic_mat *m);         /* sqrt of frob2 */
void ic_mat_max_abs(mpfr_ptr r, const ic_mat *m);      /* max |m_ij|, 0 for empty */
void ic_mat_dot(mpfr_ptr r, const ic_mat *x, const ic_mat *y); /* sum x_i y_i over all entries */

/* Solves a x = b by Gaussian elimination with partial pivoting at the
 * matrix precision (a square, b n x k).  IC_FAIL when a pivot is zero;
 * IC_EINPUT for mismatched shapes or a non-finite entry. */
int ic_mat_solve(ic_mat *x, const ic_mat *a, const ic_mat *b, ic_err *err);

#endif
