#include <string.h>

#include "base/error.h"
#include "tap.h"

int main(void)
{
    ic_err e;
    ic_err_clear(&e);
    ok(e.code == IC_OK && e.msg[0] == '\0', "cleared error is empty");
    int rc = ic_err_set(&e, IC_EINPUT, "%s: truncated at %d", "x.npy", 12);
    ok(rc == IC_EINPUT && e.code == IC_EINPUT, "ic_err_set returns and stores the code");
    ok(strcmp(e.msg, "x.npy: truncated at 12") == 0, "message formatted: %s", e.msg);
    ic_err_set(&e, IC_EINPUT, "bad\nname\t%s", "y");
    ok(strchr(e.msg, '\n') == NULL && strchr(e.msg, '\t') == NULL, "control characters removed: %s", e.msg);
    ic_err_set(&e, IC_EINPUT, "inner");
    ic_err_prefix(&e, "outer %d", 1);
    ok(strcmp(e.msg, "outer 1: inner") == 0 && e.code == IC_EINPUT, "prefix keeps code and message: %s", e.msg);
    char longs[2 * IC_ERR_MSG_MAX];
    memset(longs, 'a', sizeof longs - 1);
    longs[sizeof longs - 1] = '\0';
    ic_err_set(&e, IC_EINPUT, "%s", longs);
    ic_err_prefix(&e, "%s", longs);
    ok(strlen(e.msg) < IC_ERR_MSG_MAX, "long messages are cut, not overflowed");
    ok(ic_err_set(NULL, IC_EINTERNAL, "x") == IC_EINTERNAL, "NULL error pointer tolerated");
    ok(ic_calloc((size_t)-1, 16) == NULL, "ic_calloc refuses n*size overflow");
    ok(ic_reallocarray(NULL, (size_t)1 << 62, 8) == NULL, "ic_reallocarray refuses overflow");
    return done_testing();
}
