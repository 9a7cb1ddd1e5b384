/* ic_decide: three-valued decisions on enclosed spectra.
 *
 * A statement about the eigenvalues or singular values of an exact matrix
 * is PROVEN when a rigorous enclosure (ic_encl) implies it, REFUTED when the
 * enclosure implies its negation, and UNDECIDED otherwise: radii too wide,
 * a non-rigorous enclosure, or a matrix that could not be formed exactly.
 * ic_decide_decide recomputes the enclosure at doubled precision until the
 * statement is decided or the next precision would pass max_prec, and
 * reports the precision that decided.  Decisions use enclosures computed
 * with cluster tolerance 0 (only overlapping discs merged), the tightest
 * information ic_encl gives; merging by a tolerance could hide a refutation.
 *
 * Statements are predicates on an enclosure (ic_decide_pred).  Comparisons are
 * done in MPFR with directed rounding, so a verdict never rests on a
 * rounding in the direction that favours it. */
#ifndef IC_SPECTRA_DECISION_H
#define IC_SPECTRA_DECISION_H

#include <jansson.h>

#include "spectra/enclosure.h"

typedef enum { IC_DECIDE_UNDECIDED = 0, IC_DECIDE_PROVEN = 1, IC_DECIDE_REFUTED = 2 } ic_decide_verdict;

/* What is enclosed: eigenvalues of a symmetric matrix (upper triangle
 * read), of a general square matrix, or singular values. */
typedef enum { IC_DECIDE_EIG_SYM, IC_DECIDE_EIG_GEN, IC_DECIDE_SVD } ic_decide_kind;

/* Forms the matrix the statement is about at precision prec into m (the
 * callee initialises m); *exact = 1 when m equals that matrix exactly. */
typedef int (*ic_decide_build_fn)(ic_mat *m, mpfr_prec_t prec, const void *ctx, int *exact, ic_err *err);

/* A statement: its verdict on the rigorous enclosure s (called only when
 * s->rigorous and the matrix was exact). */
typedef ic_decide_verdict (*ic_decide_pred)(const ic_encl_spectrum *s, const void *arg);

typedef struct {
    ic_decide_verdict verdict;
    mpfr_prec_t bits;   /* precision of the deciding (else the last) enclosure */
    int exact;          /* the matrix was formed exactly at bits */
    ic_encl_spectrum spec;  /* that enclosure; ic_decide_result_clear frees it */
} ic_decide_result;

/* Decides pred from prec upwards (prec, 2 prec, ... <= max_prec). */
int ic_decide_decide(ic_decide_result *res, ic_decide_kind kind, ic_decide_build_fn build, const void *ctx, mpfr_prec_t prec,
               mpfr_prec_t max_prec, ic_decide_pred pred, const void *arg, ic_err *err);
void ic_decide_result_clear(ic_decide_result *res);

/* Builders.  ic_decide_build_copy: ctx is a const ic_mat * holding the exact
 * matrix (copied, exact whenever prec >= its precision; rounded below).
 * ic_decide_build_tn: ctx is a const ic_decide_tn *, the product a^T b. */
typedef struct {
    const ic_mat *a, *b;
} ic_decide_tn;
int ic_decide_build_copy(ic_mat *m, mpfr_prec_t prec, const void *ctx, int *exact, ic_err *err);
int ic_decide_build_tn(ic_mat *m, mpfr_prec_t prec, const void *ctx, int *exact, ic_err *err);

/* Statements. */

/* ic_decide_within: every eigenvalue lies in the closed disc |z - (re + i im)| <= rad. */
typedef struct {
    mpfr_srcptr re, im, rad;
} ic_decide_disc;
ic_decide_verdict ic_decide_within(const ic_encl_spectrum *s, const void *disc);

/* ic_decide_simple: the eigenvalues are pairwise distinct (never refuted: an
 * enclosure cannot prove two eigenvalues equal). */
ic_decide_verdict ic_decide_simple(const ic_encl_spectrum *s, const void *unused);

/* ic_decide_kth_above: for a real spectrum sorted decreasingly (singular values,
 * symmetric eigenvalues), value k (0-based, counting multiplicity) exceeds
 * the threshold factor * value_0 when factor is given (factor >= 0), else
 * the absolute threshold abs. */
typedef struct {
    size_t k;
    mpfr_srcptr factor, abs;
} ic_decide_kth;
ic_decide_verdict ic_decide_kth_above(const ic_encl_spectrum *s, const void *kth);

/* How many values (counting multiplicity) exceed the threshold of
 * ic_decide_kth_above: at least *lo and at most *hi (s rigorous). */
void ic_decide_count_above(const ic_encl_spectrum *s, mpfr_srcptr factor, mpfr_srcptr abs, size_t *lo, size_t *hi);

/* Interval [lo, hi] (rounded outwards into lo, hi) holding value k of a
 * real spectrum; returns 0 when k is out of range. */
int ic_decide_kth_interval(mpfr_ptr lo, mpfr_ptr hi, const ic_encl_spectrum *s, size_t k);

/* Upper bound of max over eigenvalues of |lambda - (re + i im)|. */
void ic_decide_max_dist(mpfr_ptr r, const ic_encl_spectrum *s, mpfr_srcptr re, mpfr_srcptr im);

/* "pass", "fail" or "undecided" for ic_cert_check_status. */
const char *ic_decide_status(ic_decide_verdict v);

/* The default precision cap of the decisions (--max-prec; see
 * certificates/max_precision.h). */
#define IC_DECIDE_MAX_PREC 4096

/* Spectrum as certificate data: [{re, im, rad, mult}], decimal strings. */
json_t *ic_decide_spectrum_json(const ic_encl_spectrum *s);

#endif
