/* ic_exact_vars, ic_exact_row_*, ic_exact_cstats, ic_exact_difference:
 * what variables stand for, the row layout, the statistics of C by hand. */
#include <string.h>

#include "exact/exact.h"
#include "tap.h"

static void test_vars(void)
{
    ic_exact_vars v;
    const char *names[2] = {"a", "b"};
    ic_exact_vars_init_symbolic(&v, 2, names);
    fmpq_mpoly_t g;
    fmpq_mpoly_init(g, v.ctx);
    ic_exact_vars_get(g, &v, 1);
    ok(ic_exact_vars_symbolic(&v) && fmpq_mpoly_is_gen(g, 1, v.ctx) && strcmp(v.names[1], "b") == 0,
       "symbolic: variable 1 is generator 1, named b");
    fmpq_mpoly_clear(g, v.ctx);
    ic_exact_vars_clear(&v);
    fmpq x[2];
    fmpq_init(x);
    fmpq_init(x + 1);
    fmpq_set_si(x + 1, -3, 7);
    ic_exact_vars_init_point(&v, 2, x);
    fmpq_mpoly_init(g, v.ctx);
    ic_exact_vars_get(g, &v, 1);
    fmpq_t c;
    fmpq_init(c);
    fmpq_mpoly_get_fmpq(c, g, v.ctx);
    ok(!ic_exact_vars_symbolic(&v) && fmpq_mpoly_is_fmpq(g, v.ctx) && fmpq_equal(c, x + 1) && fmpq_equal(v.num + 1, x + 1),
       "point: variable 1 is the constant -3/7");
    fmpq_clear(c);
    fmpq_mpoly_clear(g, v.ctx);
    ic_exact_vars_clear(&v);
    fmpq_clear(x);
    fmpq_clear(x + 1);
}

static void test_layout(void)
{
    ok(ic_exact_row_nvars(3, 2) == 13 && ic_exact_row_c(3, 1, 2) == 5 && ic_exact_row_p(3, 3) == 12,
       "row layout: 9 C entries then P[t][0..t+1]");
    char **n = ic_exact_row_names(3, 2);
    ok(strcmp(n[5], "C1_2") == 0 && strcmp(n[9], "P2_0") == 0 && strcmp(n[12], "P2_3") == 0, "names C1_2, P2_0, P2_3");
    ic_exact_row_names_free(n, 3, 2);
}

static void test_cstats(void)
{
    char **n = ic_exact_row_names(2, 0);
    ic_exact_vars v;
    ic_exact_vars_init_symbolic(&v, ic_exact_row_nvars(2, 0), (const char *const *)n);
    ic_exact_cstats s;
    ic_exact_cstats_init(&s, &v, 2);
    fmpq_mpoly_t w;
    fmpq_mpoly_init(w, v.ctx);
    const char **nn = (const char **)n;
    fmpq_mpoly_set_str_pretty(w, "C0_0^2 + C0_1^2 + C1_0^2 + C1_1^2", nn, v.ctx);
    int a = fmpq_mpoly_equal(w, s.f2, v.ctx);
    fmpq_mpoly_set_str_pretty(w, "(C0_0 + C0_1)^2 + (C1_0 + C1_1)^2", nn, v.ctx);
    int b = fmpq_mpoly_equal(w, s.c1, v.ctx);
    fmpq_mpoly_set_str_pretty(w, "C0_0 + C1_1", nn, v.ctx);
    int c = fmpq_mpoly_equal(w, s.tr, v.ctx);
    fmpq_mpoly_set_str_pretty(w, "C1_0 + C1_1", nn, v.ctx);
    int r = fmpq_mpoly_equal(w, s.r + 1, v.ctx);
    ok(a && b && c && r, "d = 2: ||C||_F^2, ||C 1||^2, tr C and (C 1)_1 by hand");
    /* the difference and its text */
    char *text = NULL;
    fmpq_mpoly_t diff;
    fmpq_mpoly_init(diff, v.ctx);
    slong nd = ic_exact_difference(diff, s.c1, s.f2, v.ctx, (const char *const *)n, &text, 1000);
    ok(nd == 2 && strstr(text, "2*C0_0*C0_1") && strstr(text, "2*C1_0*C1_1"),
       "||C 1||^2 - ||C||_F^2 = 2 C0_0 C0_1 + 2 C1_0 C1_1: %s", text);
    free(text);
    nd = ic_exact_difference(diff, s.c1, s.f2, v.ctx, (const char *const *)n, &text, 5);
    ok(nd == 2 && strlen(text) == 8 && strcmp(text + 5, "...") == 0, "the text is cut with ...: %s", text);
    free(text);
    ok(ic_exact_difference(diff, s.f2, s.f2, v.ctx, NULL, NULL, 0) == 0, "an identity has 0 terms of difference");
    fmpq_mpoly_clear(diff, v.ctx);
    fmpq_mpoly_clear(w, v.ctx);
    ic_exact_cstats_clear(&s);
    ic_exact_vars_clear(&v);
    ic_exact_row_names_free(n, 2, 0);
}

int main(void)
{
    test_vars();
    test_layout();
    test_cstats();
    return done_testing();
}
