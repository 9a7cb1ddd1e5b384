/* ic_exact_clear_denominator: D^k R(z = 1/D) on hand examples. */
#include "exact/exact.h"
#include "tap.h"

static int check(const char *R, const char *D, const char *want, slong want_k)
{
    static const char *names[3] = {"c", "e", "z"};
    fmpq_mpoly_ctx_t ctx;
    fmpq_mpoly_ctx_init(ctx, 3, ORD_LEX);
    fmpq_mpoly_t r, d, w, out;
    fmpq_mpoly_init(r, ctx);
    fmpq_mpoly_init(d, ctx);
    fmpq_mpoly_init(w, ctx);
    fmpq_mpoly_init(out, ctx);
    fmpq_mpoly_set_str_pretty(r, R, names, ctx);
    fmpq_mpoly_set_str_pretty(d, D, names, ctx);
    fmpq_mpoly_set_str_pretty(w, want, names, ctx);
    slong k = -1;
    ic_exact_clear_denominator(out, &k, r, 2, d, ctx);
    int good = fmpq_mpoly_equal(out, w, ctx) && k == want_k;
    if (!good) {
        char *s = fmpq_mpoly_get_str_pretty(out, names, ctx);
        diag("R = %s, D = %s: got %s (k = %ld)", R, D, s, (long)k);
        flint_free(s);
    }
    fmpq_mpoly_clear(r, ctx);
    fmpq_mpoly_clear(d, ctx);
    fmpq_mpoly_clear(w, ctx);
    fmpq_mpoly_clear(out, ctx);
    fmpq_mpoly_ctx_clear(ctx);
    return good;
}

int main(void)
{
    ok(check("c^2*z^2 - 1", "c", "0", 2), "c^2 (1/c)^2 - 1 clears to 0");
    ok(check("c*z - 1", "c", "0", 1), "c (1/c) - 1 = 0");
    ok(check("z", "c", "1", 1), "1/c clears to the nonzero 1");
    ok(check("c*z - 1", "c + e", "-e", 1), "c/(c+e) - 1 clears to -e");
    ok(check("(c + e)*z + e*z - 1", "c*(c + e)", "c + 2*e - c^2 - c*e", 1),
       "((c+e) + e)/(c(c+e)) - 1: numerator c + 2e - c^2 - ce");
    ok(check("3*c - 2", "c", "3*c - 2", 0), "no z: unchanged, k = 0");
    ok(check("0", "c", "0", 0), "zero stays zero");
    ok(check("z^2/4 + z/2", "c", "1/4 + c/2", 2), "rational coefficients: 1/(4c^2) + 1/(2c) -> 1/4 + c/2");
    return done_testing();
}
