/* ic_case: case files.
 *
 * A case is a small text file, one `key = value` per line, `#` starts a
 * comment line.  Reserved keys: claim (a claim id), mode (verify or
 * compare), expect (pass or fail: the verdict the case must produce),
 * description (free text).  Every other key is a parameter of the claim's
 * mode, validated against its spec; file parameters are paths relative to
 * the case file's directory.  See doc/cases.md. */
#ifndef IC_CERTIFICATES_CASE_FILE_H
#define IC_CERTIFICATES_CASE_FILE_H

#include "certificates/claim.h"

typedef struct {
    char *path;          /* as given */
    char *name;          /* file name without directory and .case */
    const ic_claim *claim;
    char mode[16];       /* "verify" or "compare" */
    char expect[16];     /* "pass" or "fail" */
    char *description;
    ic_param_set params;
} ic_case;

/* Parses and validates a case file (IC_EINPUT with "file:line: problem"). */
int ic_case_load(ic_case *cs, const char *path, ic_err *err);
/* The same for a case file's text already in memory (len bytes, need not
 * be NUL-terminated); path names it in messages and anchors relative file
 * parameters.  Used by ic_case_load and by the fuzz harness.  Release with
 * ic_case_free on success and on failure. */
int ic_case_parse(ic_case *cs, const char *text, size_t len, const char *path, ic_err *err);
void ic_case_free(ic_case *cs);

/* Lists the *.case files in dir, sorted by name (malloc'd strings). */
int ic_case_list_dir(const char *dir, char ***paths, size_t *n, ic_err *err);

#endif
