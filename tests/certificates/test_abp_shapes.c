/* ic_claim_check_abp_shapes: the authors' unitary (A, B, P) pass; a B of
 * another shape, a non-square P and an odd d for the orthogonal case are
 * refused with a message naming the file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certificates/abp_shapes.h"
#include "tap.h"

/* Names are under cases/data/sander2024/ unless they start with "tests/". */
static void path_of(char *out, size_t cap, const char *name)
{
    const char *top = getenv("top_srcdir");
    snprintf(out, cap, strncmp(name, "tests/", 6) ? "%s/cases/data/sander2024/%s" : "%s/%s", top ? top : ".", name);
}

static int run(const char *a, const char *b, const char *p, int even_d, ic_err *err)
{
    char pa[1024], pb[1024], pp[1024];
    path_of(pa, sizeof pa, a);
    path_of(pb, sizeof pb, b);
    path_of(pp, sizeof pp, p);
    ic_param_set ps;
    ic_err_clear(err);
    ic_param_init(&ps, ic_claim_params(ic_claim_find("unitary"), "compare"), err);
    ic_param_set_value(&ps, "A", pa, "test", err);
    ic_param_set_value(&ps, "B", pb, "test", err);
    ic_param_set_value(&ps, "P", pp, "test", err);
    int rc = ic_claim_check_abp_shapes(&ps, 256, even_d, err);
    ic_param_clear(&ps);
    return rc;
}

int main(void)
{
    ic_err err;
    ok(run("A_unitary.npy", "B_unitary.npy", "P_unitary.npy", 0, &err) == IC_OK, "authors' unitary A, B, P accepted (%s)",
       err.msg);
    ok(run("A_unitary.npy", "P_unitary.npy", "P_unitary.npy", 0, &err) == IC_EINPUT && strstr(err.msg, "--B has shape"),
       "B of another shape refused: %s", err.msg);
    ok(run("A_unitary.npy", "B_unitary.npy", "tests/data/npy/f8_le_c.npy", 0, &err) == IC_EINPUT && strstr(err.msg, "--P must be square"),
       "non-square P refused: %s", err.msg);
    ok(run("A_orthogonal.npy", "B_orthogonal.npy", "P_orthogonal.npy", 1, &err) == IC_OK,
       "authors' orthogonal A, B, P accepted with even d (%s)", err.msg);
    return done_testing();
}
