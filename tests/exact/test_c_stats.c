/* ic_exact_cstats (c_stats.c): ||C||_F^2, ||C 1||^2, tr C and C 1 by hand,
 * symbolic and at a point. */
#include <string.h>

#include "exact/exact.h"
#include "tap.h"

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
    fmpq_mpoly_clear(w, v.ctx);
    ic_exact_cstats_clear(&s);
    ic_exact_vars_clear(&v);
    ic_exact_row_names_free(n, 2, 0);
}

static void test_point(void)
{
    /* C = [[1, 2], [3, 4]]: ||C||_F^2 = 30, ||C 1||^2 = 9 + 49 = 58, tr = 5 */
    fmpq x[4 + 2];
    for (int i = 0; i < 6; i++)
        fmpq_init(x + i);
    for (int i = 0; i < 4; i++)
        fmpq_set_si(x + i, i + 1, 1);
    ic_exact_vars v;
    ic_exact_vars_init_point(&v, 6, x);
    ic_exact_cstats s;
    ic_exact_cstats_init(&s, &v, 2);
    fmpq_t a, b, c;
    fmpq_init(a);
    fmpq_init(b);
    fmpq_init(c);
    fmpq_mpoly_get_fmpq(a, s.f2, v.ctx);
    fmpq_mpoly_get_fmpq(b, s.c1, v.ctx);
    fmpq_mpoly_get_fmpq(c, s.tr, v.ctx);
    ok(fmpz_get_si(fmpq_numref(a)) == 30 && fmpz_get_si(fmpq_numref(b)) == 58 && fmpz_get_si(fmpq_numref(c)) == 5,
       "C = [[1, 2], [3, 4]]: 30, 58, 5");
    fmpq_clear(a);
    fmpq_clear(b);
    fmpq_clear(c);
    ic_exact_cstats_clear(&s);
    ic_exact_vars_clear(&v);
    for (int i = 0; i < 6; i++)
        fmpq_clear(x + i);
}

int main(void)
{
    test_cstats();
    test_point();
    return done_testing();
}
