/* icd: three-valued decisions on enclosed spectra.
 *
 * A statement about the eigenvalues or singular values of an exact matrix
 * is PROVEN when a rigorous enclosure (ice) implies it, REFUTED when the
 * enclosure implies its negation, and UNDECIDED otherwise: radii too wide,
 * a non-rigorous enclosure, or a matrix that could not be formed exactly.
 * icd_decide recomputes the enclosure at doubled precision until the
 * statement is decided or the next precision would pass max_prec, and
 * reports the precision that decided.  Decisions use enclosures computed
 * with cluster tolerance 0 (only overlapping discs merged), the tightest
 * information ice gives; merging by a tolerance could hide a refutation.
 *
 * Statements are predicates on an enclosure (icd_pred).  Comparisons are
 * done in MPFR with directed rounding, so a verdict never rests on a
 * rounding in the direction that favours it. */
#ifndef ICD_H
#define ICD_H

#include <jansson.h>

#include "ice.h"
#include "icp.h"

typedef enum { ICD_UNDECIDED = 0, ICD_PROVEN = 1, ICD_REFUTED = 2 } icd_verdict;

/* What is enclosed: eigenvalues of a symmetric matrix (upper triangle
 * read), of a general square matrix, or singular values. */
typedef enum { ICD_EIG_SYM, ICD_EIG_GEN, ICD_SVD } icd_kind;

/* Forms the matrix the statement is about at precision prec into m (the
 * callee initialises m); *exact = 1 when m equals that matrix exactly. */
typedef int (*icd_build_fn)(icm_mat *m, mpfr_prec_t prec, const void *ctx, int *exact, ic_err *err);

/* A statement: its verdict on the rigorous enclosure s (called only when
 * s->rigorous and the matrix was exact). */
typedef icd_verdict (*icd_pred)(const ice_spectrum *s, const void *arg);

typedef struct {
    icd_verdict verdict;
    mpfr_prec_t bits;   /* precision of the deciding (else the last) enclosure */
    int exact;          /* the matrix was formed exactly at bits */
    ice_spectrum spec;  /* that enclosure; icd_result_clear frees it */
} icd_result;

/* Decides pred from prec upwards (prec, 2 prec, ... <= max_prec). */
int icd_decide(icd_result *res, icd_kind kind, icd_build_fn build, const void *ctx, mpfr_prec_t prec,
               mpfr_prec_t max_prec, icd_pred pred, const void *arg, ic_err *err);
void icd_result_clear(icd_result *res);

/* Builders.  icd_build_copy: ctx is a const icm_mat * holding the exact
 * matrix (copied, exact whenever prec >= its precision; rounded below).
 * icd_build_tn: ctx is a const icd_tn *, the product a^T b. */
typedef struct {
    const icm_mat *a, *b;
} icd_tn;
int icd_build_copy(icm_mat *m, mpfr_prec_t prec, const void *ctx, int *exact, ic_err *err);
int icd_build_tn(icm_mat *m, mpfr_prec_t prec, const void *ctx, int *exact, ic_err *err);

/* Statements. */

/* icd_within: every eigenvalue lies in the closed disc |z - (re + i im)| <= rad. */
typedef struct {
    mpfr_srcptr re, im, rad;
} icd_disc;
icd_verdict icd_within(const ice_spectrum *s, const void *disc);

/* icd_simple: the eigenvalues are pairwise distinct (never refuted: an
 * enclosure cannot prove two eigenvalues equal). */
icd_verdict icd_simple(const ice_spectrum *s, const void *unused);

/* icd_kth_above: for a real spectrum sorted decreasingly (singular values,
 * symmetric eigenvalues), value k (0-based, counting multiplicity) exceeds
 * the threshold factor * value_0 when factor is given (factor >= 0), else
 * the absolute threshold abs. */
typedef struct {
    size_t k;
    mpfr_srcptr factor, abs;
} icd_kth;
icd_verdict icd_kth_above(const ice_spectrum *s, const void *kth);

/* How many values (counting multiplicity) exceed the threshold of
 * icd_kth_above: at least *lo and at most *hi (s rigorous). */
void icd_count_above(const ice_spectrum *s, mpfr_srcptr factor, mpfr_srcptr abs, size_t *lo, size_t *hi);

/* Interval [lo, hi] (rounded outwards into lo, hi) holding value k of a
 * real spectrum; returns 0 when k is out of range. */
int icd_kth_interval(mpfr_ptr lo, mpfr_ptr hi, const ice_spectrum *s, size_t k);

/* Upper bound of max over eigenvalues of |lambda - (re + i im)|. */
void icd_max_dist(mpfr_ptr r, const ice_spectrum *s, mpfr_srcptr re, mpfr_srcptr im);

/* "pass", "fail" or "undecided" for icc_check_status. */
const char *icd_status(icd_verdict v);

/* The precision cap: --max-prec if given, else ICD_MAX_PREC, never below
 * prec. */
#define ICD_MAX_PREC 4096
mpfr_prec_t icd_max_prec(const icp_set *p, mpfr_prec_t prec);

/* Spectrum as certificate data: [{re, im, rad, mult}], decimal strings. */
json_t *icd_spectrum_json(const ice_spectrum *s);

#endif
