/* ic_cert: certificates, one JSON document per check.
 *
 * A certificate records what was checked (claim, mode, parameters), on
 * what (inputs with SHA-256, dtype and shape), how (precision, tolerances)
 * and what came out (every measured quantity as a decimal string with its
 * bound and status, findings, verdict).  It holds no time stamps or host
 * names, so the same inputs give byte-identical certificates; `cert
 * verify` relies on that by re-running the check and comparing bytes.
 *
 * Check statuses: "pass", "fail", "info" (measured only), for
 * three-valued verdicts "undecided", and "not_applicable" for a check
 * whose hypothesis did not occur in the run (nothing to check; it carries
 * a "reason" and neither passes nor fails).  The verdict is "fail" if any
 * check failed, else "undecided" if any is undecided, else "pass". */
#ifndef IC_CERTIFICATES_CERTIFICATE_H
#define IC_CERTIFICATES_CERTIFICATE_H

#include <jansson.h>
#include <mpfr.h>

#include "base/error.h"
#include "numbers/matrix.h"

typedef struct ic_cert ic_cert;

/* Decimal digits written for measured values. */
#define IC_CERT_DIGITS 20

ic_cert *ic_cert_new(const char *claim_id, const char *label, const char *reference,
                  const char *mode);
void ic_cert_free(ic_cert *c);

void ic_cert_set_precision(ic_cert *c, long bits);
void ic_cert_set_case(ic_cert *c, const char *case_path);
/* The verdict the case file expects ("pass" or "fail"): negative cases
 * are meant to fail, and reports say so. */
void ic_cert_set_expect(ic_cert *c, const char *expect);
int ic_cert_add_param(ic_cert *c, const char *name, const char *value);

/* Hashes the bytes of an input file already read by the caller. */
int ic_cert_add_input(ic_cert *c, const char *name, const char *path,
                  const unsigned char *bytes, size_t len);
/* Adds dtype and shape to the input named name (after ic_cert_add_input). */
int ic_cert_input_array(ic_cert *c, const char *name, const char *dtype,
                    size_t ndim, const size_t *shape);
/* Adds "member" (the array's name inside an .npz or safetensors file) to
 * the input named name (after ic_cert_add_input). */
int ic_cert_input_member(ic_cert *c, const char *name, const char *member);

/* A check: value relation bound, e.g. "<=".  Returns 1 if it passed. */
int ic_cert_check(ic_cert *c, const char *name, const char *what,
              mpfr_srcptr value, const char *rel, mpfr_srcptr bound);
int ic_cert_check_d(ic_cert *c, const char *name, const char *what,
                double value, const char *rel, double bound);
/* A three-valued check decided elsewhere (status "pass", "fail" or
 * "undecided"), with the value text as computed. */
void ic_cert_check_status(ic_cert *c, const char *name, const char *what,
                      const char *value, const char *rel, const char *bound,
                      const char *status);
/* A check with nothing to check (its hypothesis did not occur in this
 * run: no H < d in the sweep, no point tested, ...): status
 * "not_applicable" with the reason; value and bound may be NULL.  It
 * neither passes nor fails, so it never turns an empty check into a pass. */
void ic_cert_not_applicable(ic_cert *c, const char *name, const char *what, const char *value,
                            const char *rel, const char *bound, const char *reason);
/* A measured quantity with no bound. */
void ic_cert_measure(ic_cert *c, const char *name, const char *what, mpfr_srcptr value);
void ic_cert_measure_d(ic_cert *c, const char *name, const char *what, double value);
void ic_cert_measure_str(ic_cert *c, const char *name, const char *what, const char *value);
/* Attaches any JSON value (taken over) to the "data" object, for report
 * material such as spectra or matrices. */
void ic_cert_data(ic_cert *c, const char *name, json_t *value);
/* A matrix as report data: rows of doubles (nearest). */
json_t *ic_cert_matrix_json(const ic_mat *m);

/* What a check's pass rests on (doc/proofs.md): every check of a finished
 * certificate carries "proof": {"kind", "scope", "method"}.  Kinds:
 *   symbolic    an identity of exact polynomials or rational functions
 *               (method names the number of variables and terms);
 *   exact       exact rational evaluation with a stated Schwartz-Zippel
 *               bound, or an exact decision (rank, LDL^T);
 *   parametric  proved for all parameters in the stated scope;
 *   enclosure   rigorous ball arithmetic;
 *   paper       derivation on paper (doc/ section), sampled here;
 *   numeric     a tolerance, no proof (compare of trained weights, samples);
 *   measured    status info, nothing claimed.
 * A label is a claim about the code that computed the value: never put a
 * proof kind on a sample. */
#define IC_PROOF_SYMBOLIC "symbolic"
#define IC_PROOF_EXACT "exact"
#define IC_PROOF_PARAMETRIC "parametric"
#define IC_PROOF_ENCLOSURE "enclosure"
#define IC_PROOF_PAPER "paper"
#define IC_PROOF_NUMERIC "numeric"
#define IC_PROOF_MEASURED "measured"

/* 1 when kind is one of the kinds above. */
int ic_cert_proof_kind_valid(const char *kind);
/* Attaches the proof to the check added last (replacing any). */
void ic_cert_proof(ic_cert *c, const char *kind, const char *scope, const char *method);
/* The proof given at ic_cert_finish to every check that has none and is
 * not "info" ("info" checks get "measured").  Without a default such
 * checks get "numeric": a value against its bound, nothing proved. */
void ic_cert_default_proof(ic_cert *c, const char *kind, const char *scope, const char *method);

/* A finding: a statement the check established that the paper does not
 * say, or says differently. */
void ic_cert_finding(ic_cert *c, const char *name, const char *text, const char *value);

/* Computes and stores the verdict; returns "pass", "fail" or "undecided". */
const char *ic_cert_finish(ic_cert *c);
const char *ic_cert_verdict(const ic_cert *c);

/* Serialised bytes (malloc'd, ending in a newline). */
char *ic_cert_dump(const ic_cert *c);
int ic_cert_write(const ic_cert *c, const char *path, ic_err *err);

/* Formats x as a decimal string with IC_CERT_DIGITS significant digits. */
char *ic_cert_fmt(mpfr_srcptr x);
/* The same as a JSON string (NULL if memory runs out). */
json_t *ic_cert_fmt_json(mpfr_srcptr x);

/* Read access for CLI summaries and the verifier. */
json_t *ic_cert_json(const ic_cert *c);

/* SHA-256 of a buffer as 64 lowercase hex digits plus NUL. */
void ic_cert_sha256_hex(const unsigned char *bytes, size_t len, char out[65]);

#endif
