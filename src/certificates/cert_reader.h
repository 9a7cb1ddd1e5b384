/* ic_cert_reader: reading a certificate back (the parsing half of `cert verify`).
 *
 * A certificate is JSON (doc/certificates.md).  ic_cert_parse checks that
 * it is one of ours (format "icalcheck-certificate/1"), finds the claim and
 * mode, and refills the parameters it records through the same validator
 * as the command line and case files, without running anything.  The
 * caller re-runs the check (ic_claim_run) and compares. */
#ifndef IC_CERTIFICATES_CERT_READER_H
#define IC_CERTIFICATES_CERT_READER_H

#include <jansson.h>
#include <stddef.h>

#include "certificates/claim.h"

typedef struct {
    json_t *root;            /* the whole certificate */
    const ic_claim *claim;
    const char *mode;        /* "verify" or "compare"; points into root */
    const char *case_path;   /* the case file it came from, or NULL */
    ic_param_set params;          /* validated, as recorded */
} ic_cert_parsed;

/* Parses len bytes of buf (need not be NUL-terminated); path names the
 * certificate in messages.  IC_EINPUT with a one-line message on anything
 * malformed; *out is usable by ic_cert_parsed_free in every case. */
int ic_cert_parse(ic_cert_parsed *out, const unsigned char *buf, size_t len, const char *path,
                   ic_err *err);
void ic_cert_parsed_free(ic_cert_parsed *c);

#endif
