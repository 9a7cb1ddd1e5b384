/* ic_api: the library's entry points for programs that embed it (the Python
 * module python/icalcheck, doc/python.md).
 *
 * What the command line does with argv, files and stdout, these functions do
 * with name=value strings, bytes in memory and malloc'd results: run a
 * claim's verify or compare mode into a certificate's JSON bytes (the same
 * bytes `icalcheck verify|compare ... --out` writes for the same values),
 * train into a directory or into memory, list the claims with their
 * options, and render a certificate as its HTML report section.  Nothing is
 * printed; failures return IC_EINPUT (bad options or inputs) or
 * IC_EINTERNAL with the one-line message the command line would print after
 * "icalcheck: ".  Results are freed with ic_api_free / ic_api_files_free.
 *
 * Every call runs OpenBLAS on one thread, as the command line does (the
 * certificates' double-precision fields must not depend on the thread
 * count), and gives the caller's thread count back on return; calls are
 * not meant to run concurrently from several threads of one process. */
#ifndef IC_API_API_H
#define IC_API_API_H

#include <stddef.h>

#include "base/error.h"
#include "certificates/parameters.h"
#include "formats/file_io.h"

/* "icalcheck 0.1.0": the "tool" every certificate records. */
const char *ic_api_version(void);
/* sizeof(ic_err), for bindings that lay the struct out themselves. */
size_t ic_api_err_size(void);

/* Runs claim in mode "verify" or "compare".  Options are nopt pairs
 * names[i] = values[i] as on the command line without the dashes (a name
 * given twice: the last value counts); arrays are file parameters given in
 * memory (ic_param_blob: the whole bytes of a .npy, .npz or safetensors
 * file, recorded under its label).  On IC_OK, *json holds the certificate
 * (malloc'd, NUL-terminated, *json_len bytes without the NUL) whatever its
 * verdict.  Messages start with "MODE CLAIM: " where the command line says
 * "command line: ". */
int ic_api_run(const char *claim, const char *mode, const char *const *names,
               const char *const *values, size_t nopt, const ic_param_blob *arrays,
               size_t narrays, char **json, size_t *json_len, ic_err *err);

/* Runs claim's trainer.  With outdir (created if missing) the files are
 * written there exactly as `icalcheck train CLAIM ... --out DIR` writes
 * them; with outdir NULL nothing touches the disk.  Either way *files
 * receives every file written (name, bytes; *nfiles of them, in the order
 * first written; free with ic_api_files_free).  Messages start with
 * "train CLAIM: " for options. */
int ic_api_train(const char *claim, const char *const *names, const char *const *values,
                 size_t nopt, const char *outdir, ic_captured_file **files, size_t *nfiles,
                 ic_err *err);
void ic_api_files_free(ic_captured_file *files, size_t nfiles);

/* The claims as a JSON array (malloc'd, NUL-terminated): per claim its id,
 * label, title, reference, "modes" (verify, compare, train: the options
 * each accepts, common ones included, as {name, kind, default, required,
 * choices, help}) and "statements" (as `icalcheck claims --proofs`). */
int ic_api_claims(char **json, size_t *json_len, ic_err *err);

/* Renders the certificate json (len bytes) as its report section, the one
 * `icalcheck report` shows for it, inside <div class="icalcheck-report">
 * with the report's style sheet scoped to that div, so that it can be
 * shown inside another page (a notebook).  title names it (in place of the
 * certificate's file name); arrays are inputs held in memory, drawn when
 * their SHA-256 is the recorded one.  *html is malloc'd, NUL-terminated. */
int ic_api_cert_html(const char *json, size_t len, const char *title, const ic_param_blob *arrays,
                     size_t narrays, char **html, size_t *html_len, ic_err *err);

/* Frees a result of the functions above (NULL is fine). */
void ic_api_free(void *p);

#endif
