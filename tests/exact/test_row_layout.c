/* ic_exact_row_* (row_layout.c): the variable indices and names of a row. */
#include <string.h>

#include "exact/exact.h"
#include "tap.h"

static void test_layout(void)
{
    ok(ic_exact_row_nvars(3, 2) == 13 && ic_exact_row_c(3, 1, 2) == 5 && ic_exact_row_p(3, 3) == 12,
       "row layout: 9 C entries then P[t][0..t+1]");
    char **n = ic_exact_row_names(3, 2);
    ok(strcmp(n[5], "C1_2") == 0 && strcmp(n[9], "P2_0") == 0 && strcmp(n[12], "P2_3") == 0, "names C1_2, P2_0, P2_3");
    ic_exact_row_names_free(n, 3, 2);
}

int main(void)
{
    test_layout();
    ok(ic_exact_row_nvars(1, 0) == 3 && ic_exact_row_p(1, 1) == 2, "d = 1, t = 0: C0_0, P0_0, P0_1");
    return done_testing();
}
