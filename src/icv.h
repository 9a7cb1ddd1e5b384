/* icv: reading a certificate back (the parsing half of `cert verify`).
 *
 * A certificate is JSON (doc/certificates.md).  icv_parse_cert checks that
 * it is one of ours (format "icalcheck-certificate/1"), finds the claim and
 * mode, and refills the parameters it records through the same validator
 * as the command line and case files, without running anything.  The
 * caller re-runs the check (ic_claim_run) and compares. */
#ifndef ICV_H
#define ICV_H

#include <jansson.h>
#include <stddef.h>

#include "ic_claim.h"

typedef struct {
    json_t *root;            /* the whole certificate */
    const ic_claim *claim;
    const char *mode;        /* "verify" or "compare"; points into root */
    const char *case_path;   /* the case file it came from, or NULL */
    icp_set params;          /* validated, as recorded */
} icv_cert;

/* Parses len bytes of buf (need not be NUL-terminated); path names the
 * certificate in messages.  IC_EINPUT with a one-line message on anything
 * malformed; *out is usable by icv_free in every case. */
int icv_parse_cert(icv_cert *out, const unsigned char *buf, size_t len, const char *path,
                   ic_err *err);
void icv_free(icv_cert *c);

#endif
