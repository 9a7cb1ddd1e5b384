/* Tests of ic_faulhaber: F_k against direct sums, sums with polynomial bounds, empty ranges, bad bounds. */
#include <string.h>

#include <flint/fmpq.h>

#include "exact/closed_form.h"
#include "exact/faulhaber.h"
#include "tap.h"

int main(void)
{
    /* F_k(n) = sum_{x=1}^n x^k for k <= 12, n <= 25 */
    fmpq_poly_t F;
    fmpq_poly_init(F);
    fmpz_t direct, pw, val;
    fmpz_init(direct);
    fmpz_init(pw);
    fmpz_init(val);
    fmpq_t v, n;
    fmpq_init(v);
    fmpq_init(n);
    int bad = 0;
    for (unsigned long k = 0; k <= 12; k++) {
        ic_faulhaber_poly(F, k);
        fmpz_zero(direct);
        for (long x = 0; x <= 25; x++) {
            if (x > 0) {
                fmpz_set_si(pw, x);
                fmpz_pow_ui(pw, pw, k);
                fmpz_add(direct, direct, pw);
            }
            fmpq_set_si(n, x, 1);
            fmpq_poly_evaluate_fmpq(v, F, n);
            if (!fmpz_is_one(fmpq_denref(v)) || !fmpz_equal(fmpq_numref(v), direct))
                bad++;
        }
    }
    ok(bad == 0, "F_k(n) = sum_{x=1}^n x^k for k = 0..12, n = 0..25 (%d mismatches)", bad);
    ic_faulhaber_poly(F, 3);
    char *s = fmpq_poly_get_str_pretty(F, "n");
    ok(strcmp(s, "1/4*n^4 + 1/2*n^3 + 1/4*n^2") == 0, "F_3(n) = n^2 (n+1)^2 / 4: %s", s);
    flint_free(s);

    fmpq_mpoly_ctx_t ctx;
    ic_cf_ctx_init(ctx);
    ic_err err;
    ic_err_clear(&err);
    fmpq_mpoly_t f, lo, hi, out, want;
    fmpq_mpoly_init(f, ctx);
    fmpq_mpoly_init(lo, ctx);
    fmpq_mpoly_init(hi, ctx);
    fmpq_mpoly_init(out, ctx);
    fmpq_mpoly_init(want, ctx);
    /* sum_{T=1}^{N} T (T + d - 1) = N(N+1)(2N + 3d - 2)/6 */
    ic_cf_poly_set_str(f, "T*(T+d-1)", ctx, &err);
    int rc = ic_faulhaber_sum_to(out, f, IC_CF_T, IC_CF_N, ctx, &err);
    ic_cf_poly_set_str(want, "N*(N+1)*(2*N+3*d-2)/6", ctx, &err);
    ok(rc == IC_OK && fmpq_mpoly_equal(out, want, ctx), "sum_{T=1}^N T(T+d-1) = N(N+1)(2N+3d-2)/6");
    /* polynomial bounds: sum_{i=d}^{d+H-1} i^2 checked at points against direct sums */
    ic_cf_poly_set_str(f, "i^2*c", ctx, &err);
    ic_cf_poly_set_str(lo, "d", ctx, &err);
    ic_cf_poly_set_str(hi, "d+H-1", ctx, &err);
    rc = ic_faulhaber_sum(out, f, IC_CF_I, lo, hi, ctx, &err);
    fmpq x[IC_CF_NVARS];
    for (int i = 0; i < IC_CF_NVARS; i++)
        fmpq_init(&x[i]);
    fmpq *vals[IC_CF_NVARS];
    for (int i = 0; i < IC_CF_NVARS; i++)
        vals[i] = &x[i];
    bad = 0;
    for (long d = -3; d <= 6; d++)
        for (long H = 0; H <= 6; H++) {
            long sum = 0;
            for (long i = d; i <= d + H - 1; i++)
                sum += 3 * i * i;
            fmpq_set_si(&x[IC_CF_D], d, 1);
            fmpq_set_si(&x[IC_CF_H], H, 1);
            fmpq_set_si(&x[IC_CF_C], 3, 1);
            fmpq_mpoly_evaluate_all_fmpq(v, out, vals, ctx);
            if (fmpq_cmp_si(v, sum) != 0)
                bad++;
        }
    ok(rc == IC_OK && bad == 0, "sum_{i=d}^{d+H-1} c i^2 matches direct sums for d = -3..6, H = 0..6 (empty when H = 0)");
    /* a bound that contains the summation variable */
    ic_cf_poly_set_str(hi, "i+1", ctx, &err);
    rc = ic_faulhaber_sum(out, f, IC_CF_I, lo, hi, ctx, &err);
    ok(rc == IC_EINPUT, "a bound containing the summation variable is refused: %s", err.msg);
    for (int i = 0; i < IC_CF_NVARS; i++)
        fmpq_clear(&x[i]);
    fmpq_mpoly_clear(f, ctx);
    fmpq_mpoly_clear(lo, ctx);
    fmpq_mpoly_clear(hi, ctx);
    fmpq_mpoly_clear(out, ctx);
    fmpq_mpoly_clear(want, ctx);
    fmpq_mpoly_ctx_clear(ctx);
    fmpq_poly_clear(F);
    fmpz_clear(direct);
    fmpz_clear(pw);
    fmpz_clear(val);
    fmpq_clear(v);
    fmpq_clear(n);
    return done_testing();
}
