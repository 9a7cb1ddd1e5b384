/* ic_claim: the descriptor every claim module in proofs/ exports.
 *
 * The CLI knows claims only through the table ic_claims (proofs/claims.c):
 * adding a claim means adding its module in proofs/ and one line there.
 * Entry points return IC_OK when the check ran to a verdict (recorded in
 * the certificate, pass or fail), IC_EINPUT for bad parameters or inputs,
 * IC_EINTERNAL for failures of the method.  A NULL entry point means the
 * claim has no such mode. */
#ifndef IC_CLAIM_H
#define IC_CLAIM_H

#include "icc.h"
#include "icm.h"
#include "icn.h"
#include "icp.h"

typedef struct ic_claim {
    const char *id;        /* command-line name: "unitary" */
    const char *label;     /* the paper's claims it covers: "C2+C3" */
    const char *title;     /* one line */
    const char *reference; /* where in the paper / THEORY.md */

    const icp_spec *verify_params;
    int (*verify)(const icp_set *p, icc_cert *cert, ic_err *err);

    const icp_spec *compare_params;
    int (*compare)(const icp_set *p, icc_cert *cert, ic_err *err);

    const icp_spec *train_params;
    int (*train)(const icp_set *p, const char *outdir, ic_err *err);
} ic_claim;

/* NULL-terminated table, defined in proofs/claims.c. */
extern const ic_claim *const ic_claims[];

const ic_claim *ic_claim_find(const char *id);

/* Parameter spec for a mode ("verify", "compare", "train"); NULL when the
 * claim has no such mode. */
const icp_spec *ic_claim_params(const ic_claim *c, const char *mode);

/* Runs a claim in mode "verify" or "compare" into a fresh certificate
 * (parameters and precision recorded, verdict computed).  *out is set
 * only on IC_OK. */
int ic_claim_run(const ic_claim *c, const char *mode, const icp_set *p,
                 const char *case_path, icc_cert **out, ic_err *err);

/* Loads the array named by parameter `name`, records it (path, SHA-256 of
 * the whole file, member, dtype, shape) in cert, and returns it.  The value
 * is FILE or FILE:NAME (split at the last ':' when FILE is an existing
 * regular file and the whole value is not); the format (.npy, .npz,
 * safetensors) is chosen from the content (see icz.h, doc/weights.md). */
int ic_load_array(const icp_set *p, const char *name, icc_cert *cert,
                  icn_array *out, ic_err *err);

/* ic_load_array for a 2-D array, converted exactly to an icm matrix at
 * precision prec (>= 53).  Shape checks beyond "2-D" are the caller's. */
int ic_load_matrix(const icp_set *p, const char *name, icc_cert *cert,
                   icm_mat *out, mpfr_prec_t prec, ic_err *err);

#endif
