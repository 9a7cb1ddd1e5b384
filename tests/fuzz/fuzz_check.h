/* Invariants every fuzz harness asserts about a parser's answer: an error
 * is IC_EINPUT (never internal, never a crash) with a non-empty one-line
 * message that names the input.  A violation aborts, so libFuzzer records
 * the input as a finding. */
#ifndef FUZZ_CHECK_H
#define FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"

static inline void fuzz_fail(const char *what, const ic_err *e)
{
    fprintf(stderr, "fuzz invariant violated: %s (code %d, message '%s')\n", what, e->code, e->msg);
    abort();
}

/* rc is the parser's return; name must appear in the message (NULL: skip). */
static inline void fuzz_check_err(int rc, const ic_err *e, const char *name)
{
    if (rc == IC_OK)
        return;
    if (rc != IC_EINPUT || e->code != IC_EINPUT)
        fuzz_fail("error is not IC_EINPUT", e);
    if (!e->msg[0])
        fuzz_fail("empty message", e);
    if (strchr(e->msg, '\n') || strchr(e->msg, '\r'))
        fuzz_fail("message spans lines", e);
    if (name && !strstr(e->msg, name))
        fuzz_fail("message does not name the input", e);
}

#endif
