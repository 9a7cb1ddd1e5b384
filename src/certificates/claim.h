/* ic_claim: the descriptor every claim module in proofs/ exports.
 *
 * The CLI knows claims only through the table ic_claims (proofs/claims.c):
 * adding a claim means adding its module in proofs/ and one line there.
 * Entry points return IC_OK when the check ran to a verdict (recorded in
 * the certificate, pass or fail), IC_EINPUT for bad parameters or inputs,
 * IC_EINTERNAL for failures of the method.  A NULL entry point means the
 * claim has no such mode. */
#ifndef IC_CERTIFICATES_CLAIM_H
#define IC_CERTIFICATES_CLAIM_H

#include "certificates/certificate.h"
#include "numbers/matrix.h"
#include "formats/npy.h"
#include "certificates/parameters.h"

/* One statement a claim checks, as `icalcheck claims --proofs`, the report
 * and the README's table show it: the check's name in the certificates,
 * the statement in words, and how the check establishes it (kind, scope
 * and method as in the certificate's "proof" object; see certificate.h
 * and doc/proofs.md).  Tables end with a row whose check is NULL. */
typedef struct {
    const char *check;     /* check name in the certificate */
    const char *mode;      /* "verify" or "compare" */
    const char *statement; /* what is claimed, one line */
    const char *kind;      /* IC_PROOF_* */
    const char *scope;     /* the parameters it holds for */
    const char *method;    /* how, one line */
} ic_claim_statement;

typedef struct ic_claim {
    const char *id;        /* command-line name: "unitary" */
    const char *label;     /* the paper's claims it covers: "C2+C3" */
    const char *title;     /* one line */
    const char *reference; /* where in the paper / THEORY.md */

    const ic_param_spec *verify_params;
    int (*verify)(const ic_param_set *p, ic_cert *cert, ic_err *err);

    const ic_param_spec *compare_params;
    int (*compare)(const ic_param_set *p, ic_cert *cert, ic_err *err);

    const ic_param_spec *train_params;
    int (*train)(const ic_param_set *p, const char *outdir, ic_err *err);

    /* What the claim's checks establish and how (proofs/CLAIM/statements.c). */
    const ic_claim_statement *statements;
} ic_claim;

/* NULL-terminated table, defined in proofs/claims.c. */
extern const ic_claim *const ic_claims[];

const ic_claim *ic_claim_find(const char *id);

/* Parameter spec for a mode ("verify", "compare", "train"); NULL when the
 * claim has no such mode. */
const ic_param_spec *ic_claim_params(const ic_claim *c, const char *mode);

/* Runs a claim in mode "verify" or "compare" into a fresh certificate
 * (parameters and precision recorded, verdict computed).  *out is set
 * only on IC_OK. */
int ic_claim_run(const ic_claim *c, const char *mode, const ic_param_set *p,
                 const char *case_path, ic_cert **out, ic_err *err);

/* Loads the array named by parameter `name`, records it (path, SHA-256 of
 * the whole file, member, dtype, shape) in cert, and returns it.  The value
 * is FILE or FILE:NAME (split at the last ':' when FILE is an existing
 * regular file and the whole value is not); the format (.npy, .npz,
 * safetensors) is chosen from the content (see src/formats/weights.h, doc/weights.md).
 * A parameter given in memory (ic_param_set_blobs) is read from its bytes
 * instead and recorded with its label as path (doc/python.md). */
int ic_load_array(const ic_param_set *p, const char *name, ic_cert *cert,
                  ic_npy_array *out, ic_err *err);

/* ic_load_array for a 2-D array, converted exactly to an ic_mat matrix at
 * precision prec (>= 53).  Shape checks beyond "2-D" are the caller's. */
int ic_load_matrix(const ic_param_set *p, const char *name, ic_cert *cert,
                   ic_mat *out, mpfr_prec_t prec, ic_err *err);

#endif
