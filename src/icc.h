/* icc: certificates, one JSON document per check.
 *
 * A certificate records what was checked (claim, mode, parameters), on
 * what (inputs with SHA-256, dtype and shape), how (precision, tolerances)
 * and what came out (every measured quantity as a decimal string with its
 * bound and status, findings, verdict).  It holds no time stamps or host
 * names, so the same inputs give byte-identical certificates; `cert
 * verify` relies on that by re-running the check and comparing bytes.
 *
 * Check statuses: "pass", "fail", "info" (measured only) and, for
 * three-valued verdicts, "undecided".  The verdict is "fail" if any check
 * failed, else "undecided" if any is undecided, else "pass". */
#ifndef ICC_H
#define ICC_H

#include <jansson.h>
#include <mpfr.h>

#include "ic_err.h"
#include "icm.h"

typedef struct icc_cert icc_cert;

/* Decimal digits written for measured values. */
#define ICC_DIGITS 20

icc_cert *icc_new(const char *claim_id, const char *label, const char *reference,
                  const char *mode);
void icc_free(icc_cert *c);

void icc_set_precision(icc_cert *c, long bits);
void icc_set_case(icc_cert *c, const char *case_path);
/* The verdict the case file expects ("pass" or "fail"): negative cases
 * are meant to fail, and reports say so. */
void icc_set_expect(icc_cert *c, const char *expect);
int icc_add_param(icc_cert *c, const char *name, const char *value);

/* Hashes the bytes of an input file already read by the caller. */
int icc_add_input(icc_cert *c, const char *name, const char *path,
                  const unsigned char *bytes, size_t len);
/* Adds dtype and shape to the input named name (after icc_add_input). */
int icc_input_array(icc_cert *c, const char *name, const char *dtype,
                    size_t ndim, const size_t *shape);
/* Adds "member" (the array's name inside an .npz or safetensors file) to
 * the input named name (after icc_add_input). */
int icc_input_member(icc_cert *c, const char *name, const char *member);

/* A check: value relation bound, e.g. "<=".  Returns 1 if it passed. */
int icc_check(icc_cert *c, const char *name, const char *what,
              mpfr_srcptr value, const char *rel, mpfr_srcptr bound);
int icc_check_d(icc_cert *c, const char *name, const char *what,
                double value, const char *rel, double bound);
/* A three-valued check decided elsewhere (status "pass", "fail" or
 * "undecided"), with the value text as computed. */
void icc_check_status(icc_cert *c, const char *name, const char *what,
                      const char *value, const char *rel, const char *bound,
                      const char *status);
/* A measured quantity with no bound. */
void icc_measure(icc_cert *c, const char *name, const char *what, mpfr_srcptr value);
void icc_measure_d(icc_cert *c, const char *name, const char *what, double value);
void icc_measure_str(icc_cert *c, const char *name, const char *what, const char *value);
/* Attaches any JSON value (taken over) to the "data" object, for report
 * material such as spectra or matrices. */
void icc_data(icc_cert *c, const char *name, json_t *value);
/* A matrix as report data: rows of doubles (nearest). */
json_t *icc_matrix_json(const icm_mat *m);

/* A finding: a statement the check established that the paper does not
 * say, or says differently. */
void icc_finding(icc_cert *c, const char *name, const char *text, const char *value);

/* Computes and stores the verdict; returns "pass", "fail" or "undecided". */
const char *icc_finish(icc_cert *c);
const char *icc_verdict(const icc_cert *c);

/* Serialised bytes (malloc'd, ending in a newline). */
char *icc_dump(const icc_cert *c);
int icc_write(const icc_cert *c, const char *path, ic_err *err);

/* Formats x as a decimal string with ICC_DIGITS significant digits. */
char *icc_fmt(mpfr_srcptr x);
/* The same as a JSON string (NULL if memory runs out). */
json_t *icc_fmt_json(mpfr_srcptr x);

/* Read access for CLI summaries and the verifier. */
json_t *icc_json(const icc_cert *c);

/* SHA-256 of a buffer as 64 lowercase hex digits plus NUL. */
void icc_sha256_hex(const unsigned char *bytes, size_t len, char out[65]);

#endif
