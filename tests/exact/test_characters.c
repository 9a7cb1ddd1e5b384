/* ic_exact_char_mean_square: E|f|^2 by characters against hand values,
 * in symbolic, point and values mode, with groups kept apart. */
#include <string.h>

#include "exact/exact.h"
#include "tap.h"

static ic_exact_lterm T1(int32_t g, int32_t a0, int32_t p0, int32_t a1, int32_t p1, int32_t v0, int32_t v1,
                         int32_t c)
{
    ic_exact_lterm t = { g, { a0, a1 }, { p0, p1 }, { v0, v1 }, c };
    return t;
}

/* The value of out (a constant) as a long, or -999 if not constant. */
static long const_of(const fmpq_mpoly_t p, const fmpq_mpoly_ctx_t ctx)
{
    if (!fmpq_mpoly_is_fmpq(p, ctx))
        return -999;
    fmpq_t c;
    fmpq_init(c);
    fmpq_mpoly_get_fmpq(c, p, ctx);
    long v = fmpz_is_one(fmpq_denref(c)) ? fmpz_get_si(fmpq_numref(c)) : -998;
    fmpq_clear(c);
    return v;
}

static void test_constants(void)
{
    ic_exact_vars v;
    ic_exact_vars_init_symbolic(&v, 2, NULL);
    fmpq_mpoly_t out;
    fmpq_mpoly_init(out, v.ctx);
    /* f = 1 + z_0: E|f|^2 = 2 */
    ic_exact_lterm t[4] = { T1(0, -1, 0, -1, 0, -1, -1, 1), T1(0, 0, 1, -1, 0, -1, -1, 1) };
    ic_exact_char_mean_square(out, t, 2, &v, NULL);
    ok(const_of(out, v.ctx) == 2, "E|1 + z|^2 = 2");
    /* f = z_0 z_1^-1 + z_1^-1 z_0 (the same character twice): 4 */
    t[0] = T1(0, 0, 1, 1, -1, -1, -1, 1);
    t[1] = T1(0, 1, -1, 0, 1, -1, -1, 1);
    fmpq_mpoly_zero(out, v.ctx);
    ic_exact_char_mean_square(out, t, 2, &v, NULL);
    ok(const_of(out, v.ctx) == 4, "one character written two ways merges: E|2 z0/z1|^2 = 4");
    /* z_0^2 z_0^-2 is the constant character: f = 3 + z0^2 z0^-2 => 16 */
    t[0] = T1(0, -1, 0, -1, 0, -1, -1, 3);
    t[1] = T1(0, 0, 2, 0, -2, -1, -1, 1);
    fmpq_mpoly_zero(out, v.ctx);
    ic_exact_char_mean_square(out, t, 2, &v, NULL);
    ok(const_of(out, v.ctx) == 16, "z^2 z^-2 merges with the constant: E|4|^2 = 16");
    /* two groups with the same character are not combined: 1 + 1 */
    t[0] = T1(0, 0, 1, -1, 0, -1, -1, 1);
    t[1] = T1(1, 0, 1, -1, 0, -1, -1, 1);
    fmpq_mpoly_zero(out, v.ctx);
    ic_exact_char_mean_square(out, t, 2, &v, NULL);
    ok(const_of(out, v.ctx) == 2, "groups apart: E|z|^2 + E|z|^2 = 2, not E|2z|^2 = 4");
    /* out accumulates */
    ic_exact_char_mean_square(out, t, 2, &v, NULL);
    ok(const_of(out, v.ctx) == 4, "the result adds to out");
    fmpq_mpoly_clear(out, v.ctx);
    ic_exact_vars_clear(&v);
}

static void test_symbolic_and_point(void)
{
    /* f = x0 z + x1 z^-1 + x0 x1 - 2 x1 z: E|f|^2 = (x0 - 2 x1)^2 + x1^2 + x0^2 x1^2 */
    ic_exact_lterm t[4] = { T1(0, 0, 1, -1, 0, 0, -1, 1), T1(0, 0, -1, -1, 0, 1, -1, 1),
                            T1(0, -1, 0, -1, 0, 0, 1, 1), T1(0, 0, 1, -1, 0, 1, -1, -2) };
    ic_exact_vars v;
    ic_exact_vars_init_symbolic(&v, 2, NULL);
    fmpq_mpoly_t out, want;
    fmpq_mpoly_init(out, v.ctx);
    fmpq_mpoly_init(want, v.ctx);
    ok(ic_exact_char_mean_square(out, t, 4, &v, NULL) == IC_OK, "symbolic mean square runs");
    fmpq_mpoly_set_str_pretty(want, "(x0 - 2*x1)^2 + x1^2 + x0^2*x1^2", (const char **)v.names, v.ctx);
    ok(fmpq_mpoly_equal(out, want, v.ctx), "E|x0 z + x1/z + x0 x1 - 2 x1 z|^2 = (x0 - 2 x1)^2 + x1^2 + x0^2 x1^2");
    /* at the point (3, -5): 169 + 25 + 225 = 419 */
    fmpq x[2];
    fmpq_init(x + 0);
    fmpq_init(x + 1);
    fmpq_set_si(x + 0, 3, 1);
    fmpq_set_si(x + 1, -5, 1);
    ic_exact_vars p;
    ic_exact_vars_init_point(&p, 2, x);
    fmpq_mpoly_t po;
    fmpq_mpoly_init(po, p.ctx);
    ic_exact_char_mean_square(po, t, 4, &p, NULL);
    ok(const_of(po, p.ctx) == 419, "the same at (3, -5) by rational arithmetic: 419");
    fmpq_mpoly_clear(po, p.ctx);
    ic_exact_vars_clear(&p);
    /* values mode: x0 = y, x1 = y - 1 in Q[y] */
    fmpq_mpoly_ctx_t ctx;
    fmpq_mpoly_ctx_init(ctx, 1, ORD_LEX);
    ic_exact_vars w;
    ic_exact_vars_init_values(&w, 2, ctx);
    const char *yn[1] = {"y"};
    fmpq_mpoly_set_str_pretty(ic_exact_vars_value(&w, 0), "y", yn, ctx);
    fmpq_mpoly_set_str_pretty(ic_exact_vars_value(&w, 1), "y - 1", yn, ctx);
    fmpq_mpoly_t wo, ww;
    fmpq_mpoly_init(wo, ctx);
    fmpq_mpoly_init(ww, ctx);
    ic_exact_char_mean_square(wo, t, 4, &w, NULL);
    fmpq_mpoly_set_str_pretty(ww, "(2 - y)^2 + (y - 1)^2 + y^2*(y - 1)^2", yn, ctx);
    ok(fmpq_mpoly_equal(wo, ww, ctx), "values mode: the same with x0 = y, x1 = y - 1");
    /* a variable outside the set is refused */
    t[0].var[0] = 7;
    ic_err err = {0};
    ok(ic_exact_char_mean_square(out, t, 4, &v, &err) == IC_EINTERNAL && strstr(err.msg, "variable 7"),
       "a term naming variable 7 of 2 is refused: %s", err.msg);
    fmpq_mpoly_clear(wo, ctx);
    fmpq_mpoly_clear(ww, ctx);
    ic_exact_vars_clear(&w);
    fmpq_mpoly_ctx_clear(ctx);
    fmpq_clear(x + 0);
    fmpq_clear(x + 1);
    fmpq_mpoly_clear(out, v.ctx);
    fmpq_mpoly_clear(want, v.ctx);
    ic_exact_vars_clear(&v);
}

int main(void)
{
    test_constants();
    test_symbolic_and_point();
    return done_testing();
}
