/* icm: dense real matrices of MPFR numbers at a run-time precision.
 *
 * Storage is row-major; a vector is a matrix with one column.  All entries
 * of one matrix share the precision given to icm_init.  Functions whose
 * output is a matrix require it to be initialised with the right shape and
 * not to alias an input unless stated.  Rounding is MPFR_RNDN throughout.
 * Dot products use mpfr_dot (correctly rounded), and report whether every
 * entry was computed exactly, which lets callers state that C = B^T A was
 * formed without error from float inputs. */
#ifndef ICM_H
#define ICM_H

#include <mpfr.h>
#include <stddef.h>

#include "ic_err.h"

typedef struct {
    size_t rows, cols;
    mpfr_prec_t prec;
    mpfr_t *e; /* rows*cols entries, row-major */
} icm_mat;

/* Entry (i, j). */
#define ICM(m, i, j) ((m)->e[(size_t)(i) * (m)->cols + (size_t)(j)])

/* Initialises a rows x cols zero matrix; IC_EINTERNAL on overflow/OOM. */
int icm_init(icm_mat *m, size_t rows, size_t cols, mpfr_prec_t prec, ic_err *err);
void icm_clear(icm_mat *m);

/* Same shape required unless stated. */
void icm_zero(icm_mat *m);
void icm_set_identity(icm_mat *m);                 /* square or not: ones on the diagonal */
void icm_copy(icm_mat *dst, const icm_mat *src);
void icm_set_d(icm_mat *m, const double *src);     /* row-major doubles, exact when prec >= 53 */
void icm_get_d(double *dst, const icm_mat *m);     /* row-major, rounded to nearest */
/* MPFR exponent E of the largest entry (max |m_ij| in [2^(E-1), 2^E)), 0
 * for a zero matrix; and the doubles m * 2^-E (rounded), which LAPACK can
 * take whatever the MPFR exponents are. */
mpfr_exp_t icm_emax(const icm_mat *m);
void icm_get_d_scaled(double *dst, const icm_mat *m);
void icm_transpose(icm_mat *dst, const icm_mat *src); /* dst is cols x rows */

/* c = a b, c = a^T b, c = a b^T.  Return 1 when every entry is exact
 * (mpfr_dot ternary 0), else 0.  (If the pointer tables mpfr_dot needs
 * cannot be allocated, c is set to NaN and 0 is returned.) */
int icm_mul(icm_mat *c, const icm_mat *a, const icm_mat *b);
int icm_mul_tn(icm_mat *c, const icm_mat *a, const icm_mat *b);
int icm_mul_nt(icm_mat *c, const icm_mat *a, const icm_mat *b);

void icm_add(icm_mat *c, const icm_mat *a, const icm_mat *b);   /* may alias */
void icm_sub(icm_mat *c, const icm_mat *a, const icm_mat *b);   /* may alias */
void icm_scale(icm_mat *c, const icm_mat *a, mpfr_srcptr s);    /* may alias */
/* c += s * a (may alias). */
void icm_axpy(icm_mat *c, mpfr_srcptr s, const icm_mat *a);

/* trace, frob2 and dot are correctly rounded to r's precision (mpfr_sum,
 * mpfr_dot); frob rounds frob2 at 32 extra bits, then the sqrt. */
void icm_trace(mpfr_ptr r, const icm_mat *m);        /* square */
void icm_frob2(mpfr_ptr r, const icm_mat *m);        /* sum of squares */
void icm_frob(mpfr_ptr r, const icm_mat *m);         /* sqrt of frob2 */
void icm_max_abs(mpfr_ptr r, const icm_mat *m);      /* max |m_ij|, 0 for empty */
void icm_dot(mpfr_ptr r, const icm_mat *x, const icm_mat *y); /* sum x_i y_i over all entries */

/* Solves a x = b by Gaussian elimination with partial pivoting at the
 * matrix precision (a square, b n x k).  IC_FAIL when a pivot is zero;
 * IC_EINPUT for mismatched shapes or a non-finite entry. */
int icm_solve(icm_mat *x, const icm_mat *a, const icm_mat *b, ic_err *err);

#endif
