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

    /* Checks what the claim can check of a parameter set of mode ("verify",
     * "compare", "train") without reading any file or doing any work:
     * relations between parameters (an even d, c != 0 and e != -c, one
     * expected index per (T, mu) pair, --WKQ or --WQ/--WK) and ranges only
     * the claim knows (list values, a dense search's size).  IC_EINPUT with
     * one line, the same line the mode's entry point gives, since each entry
     * point calls it first; `run`, `sweep`, `reproduce` and `train` call it
     * (ic_claim_precheck) for every job before anything is written.  Shapes
     * of input files stay with the entry points.  NULL: nothing beyond the
     * ranges of the spec (checked when values are set). */
    int (*check)(const char *mode, const ic_param_set *p, ic_err *err);

    /* What the claim's checks establish and how (proofs/CLAIM/statements.c). */
    const ic_claim_statement *statements;
} ic_claim;

/* NULL-terminated table, defined in proofs/claims.c. */
extern const ic_claim *const ic_claims[];

const ic_claim *ic_claim_find(const char *id);

/* Parameter spec for a mode ("verify", "compare", "train"); NULL when the
 * claim has no such mode. */
const ic_param_spec *ic_claim_params(const ic_claim *c, const char *mode);

/* c->check of a parameter set of mode, when the claim has one; with where
 * non-NULL (a case file, a sweep point, an experiment) the message starts
 * "where: ".  IC_OK when c->check is NULL. */
int ic_claim_precheck(const ic_claim *c, const char *mode, const ic_param_set *p, const char *where,
                      ic_err *err);

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

/* Declares the files named by p's file parameters (FILE or FILE:NAME) as
 * inputs of this command (ic_io_note_input), so an output that is one of
 * them is refused before any work is done.  With where non-NULL, each
 * must also exist as a regular file (IC_EINPUT "where: --NAME: FILE: ..."):
 * `run` checks every case's inputs before the first case runs. */
int ic_claim_note_inputs(const ic_param_set *p, const char *where, ic_err *err);

/* ic_load_array with the shape checked from the file's header before the
 * data is converted (or, in an .npz, inflated): ndim dimensions, where an
 * entry of shape equal to SIZE_MAX matches any extent.  The message of a
 * mismatch names the file and both shapes. */
int ic_load_array_shaped(const ic_param_set *p, const char *name, ic_cert *cert, size_t ndim,
                         const size_t *shape, ic_npy_array *out, ic_err *err);

/* The header of the array parameter name names: ndim, shape, size and
 * dtype, data NULL.  Reads the file (within the input limits) but neither
 * converts nor inflates the data: the compare modes check every input's
 * shape, and the cost of the work those shapes imply, before loading any. */
int ic_probe_array(const ic_param_set *p, const char *name, ic_npy_array *head, ic_err *err);

/* ic_load_array for a 2-D array, converted exactly to an ic_mat matrix at
 * precision prec (>= 53).  The MPFR matrix must fit the memory ceiling
 * (ic_claim_check_work with n = 0), checked before it is built; shape
 * checks beyond "2-D" are the caller's, best made with ic_probe_array
 * before anything is loaded. */
int ic_load_matrix(const ic_param_set *p, const char *name, ic_cert *cert,
                   ic_mat *out, mpfr_prec_t prec, ic_err *err);

/* The memory ceiling in bytes: --max-bytes when given, else
 * IC_DEFAULT_MAX_BYTES.  It bounds each input file and array and, through
 * ic_claim_check_work, the high-precision working set. */
#define IC_DEFAULT_MAX_BYTES ((size_t)1 << 30)
size_t ic_claim_max_bytes(const ic_param_set *p);

/* Bytes of `entries` MPFR numbers of prec bits (struct and limbs). */
double ic_mpfr_bytes(double entries, mpfr_prec_t prec);

/* The ceiling on prec * n^3 for MPFR matrix work on n x n matrices (the
 * cost of a product or an eigenvalue enclosure grows as n^3 and faster
 * than linearly in prec): 2^31, e.g. n = 128 at 1024 bits, n = 64 at
 * 8192 bits, n = 10 at any precision (doc/robustness.md). */
#define IC_WORK_MAX 2147483648.0

/* The ceiling on prec times the number of configurations a verify sweep
 * visits (the product of the lengths of its integer lists, optional lists
 * such as pe's expected indices --k excepted): 2^20, e.g. 4096
 * configurations at 256 bits, 16 at 65536 bits.  With each list value
 * range-checked, this bounds a sweep's time (doc/robustness.md). */
#define IC_SWEEP_WORK_MAX 1048576.0

/* Refuses a verify parameter set beyond IC_SWEEP_WORK_MAX (IC_EINPUT,
 * message starting with where). */
int ic_claim_check_sweep(const ic_param_set *p, const char *where, ic_err *err);

/* Refuses (IC_EINPUT, one line naming what) MPFR work beyond the ceilings:
 * `entries` numbers of prec bits must fit ic_claim_max_bytes, and prec * n^3
 * must not exceed IC_WORK_MAX (n = 0: no time check). */
int ic_claim_check_work(const ic_param_set *p, double entries, size_t n, mpfr_prec_t prec,
                        const char *what, ic_err *err);

#endif
