/* ic_exact_difference (difference.c): terms and text of lhs - rhs. */
#include <stdlib.h>
#include <string.h>

#include "exact/exact.h"
#include "tap.h"

int main(void)
{
    char **n = ic_exact_row_names(2, 0);
    ic_exact_vars v;
    ic_exact_vars_init_symbolic(&v, ic_exact_row_nvars(2, 0), (const char *const *)n);
    ic_exact_cstats s;
    ic_exact_cstats_init(&s, &v, 2);
    fmpq_mpoly_t diff;
    fmpq_mpoly_init(diff, v.ctx);
    char *text = NULL;
    slong nd = ic_exact_difference(diff, s.c1, s.f2, v.ctx, (const char *const *)n, &text, 1000);
    ok(nd == 2 && strstr(text, "2*C0_0*C0_1") && strstr(text, "2*C1_0*C1_1"),
       "||C 1||^2 - ||C||_F^2 = 2 C0_0 C0_1 + 2 C1_0 C1_1: %s", text);
    free(text);
    nd = ic_exact_difference(diff, s.c1, s.f2, v.ctx, (const char *const *)n, &text, 5);
    ok(nd == 2 && strlen(text) == 8 && strcmp(text + 5, "...") == 0, "the text is cut with ...: %s", text);
    free(text);
    ok(ic_exact_difference(diff, s.f2, s.f2, v.ctx, NULL, NULL, 0) == 0, "an identity has 0 terms of difference");
    fmpq_mpoly_clear(diff, v.ctx);
    ic_exact_cstats_clear(&s);
    ic_exact_vars_clear(&v);
    ic_exact_row_names_free(n, 2, 0);
    return done_testing();
}
