/* ic_faulhaber: sums of polynomials over ranges with polynomial bounds, from Faulhaber's formula (see faulhaber.h). */
#include <flint/arith.h>

#include "exact/faulhaber.h"

void ic_faulhaber_poly(fmpq_poly_t F, unsigned long k)
{
    fmpq_t b, c;
    fmpz_t bin;
    fmpq_init(b);
    fmpq_init(c);
    fmpz_init(bin);
    fmpq_poly_zero(F);
    for (unsigned long j = 0; j <= k; j++) {
        arith_bernoulli_number(b, j);
        if (j == 1)
            fmpq_neg(b, b); /* B_1^+ = +1/2 */
        fmpz_bin_uiui(bin, k + 1, j);
        fmpq_mul_fmpz(c, b, bin);
        fmpq_poly_set_coeff_fmpq(F, (slong)(k + 1 - j), c);
    }
    fmpq_poly_scalar_div_ui(F, F, k + 1);
    fmpz_clear(bin);
    fmpq_clear(b);
    fmpq_clear(c);
}

/* out = F(x) for a polynomial x (Horner). */
static void compose(fmpq_mpoly_t out, const fmpq_poly_t F, const fmpq_mpoly_t x, const fmpq_mpoly_ctx_t ctx)
{
    fmpq_mpoly_t acc;
    fmpq_t c;
    fmpq_mpoly_init(acc, ctx);
    fmpq_init(c);
    for (slong i = fmpq_poly_degree(F); i >= 0; i--) {
        fmpq_mpoly_mul(acc, acc, x, ctx);
        fmpq_poly_get_coeff_fmpq(c, F, i);
        fmpq_mpoly_add_fmpq(acc, acc, c, ctx);
    }
    fmpq_mpoly_swap(out, acc, ctx);
    fmpq_mpoly_clear(acc, ctx);
    fmpq_clear(c);
}

int ic_faulhaber_sum(fmpq_mpoly_t out, const fmpq_mpoly_t f, int var, const fmpq_mpoly_t lo, const fmpq_mpoly_t hi,
                     const fmpq_mpoly_ctx_t ctx, ic_err *err)
{
    if (var < 0 || var >= (int)fmpq_mpoly_ctx_nvars(ctx))
        return ic_err_set(err, IC_EINPUT, "Faulhaber sum: no variable %d", var);
    if (fmpq_mpoly_degree_si(lo, var, ctx) > 0 || fmpq_mpoly_degree_si(hi, var, ctx) > 0)
        return ic_err_set(err, IC_EINPUT, "Faulhaber sum: a bound contains the summation variable");
    slong deg = fmpq_mpoly_degree_si(f, var, ctx);
    fmpq_mpoly_t acc, ck, Fhi, Flo, lom1;
    fmpq_poly_t F;
    fmpq_mpoly_init(acc, ctx);
    fmpq_mpoly_init(ck, ctx);
    fmpq_mpoly_init(Fhi, ctx);
    fmpq_mpoly_init(Flo, ctx);
    fmpq_mpoly_init(lom1, ctx);
    fmpq_poly_init(F);
    fmpq_mpoly_sub_si(lom1, lo, 1, ctx);
    slong v = var;
    for (slong k = 0; k <= deg; k++) {
        ulong e = (ulong)k;
        /* the coefficient of var^k, a polynomial free of var */
        fmpq_mpoly_get_coeff_vars_ui(ck, f, &v, &e, 1, ctx);
        if (fmpq_mpoly_is_zero(ck, ctx))
            continue;
        ic_faulhaber_poly(F, (unsigned long)k);
        compose(Fhi, F, hi, ctx);
        compose(Flo, F, lom1, ctx);
        fmpq_mpoly_sub(Fhi, Fhi, Flo, ctx);
        fmpq_mpoly_mul(Fhi, Fhi, ck, ctx);
        fmpq_mpoly_add(acc, acc, Fhi, ctx);
    }
    fmpq_mpoly_swap(out, acc, ctx);
    fmpq_mpoly_clear(acc, ctx);
    fmpq_mpoly_clear(ck, ctx);
    fmpq_mpoly_clear(Fhi, ctx);
    fmpq_mpoly_clear(Flo, ctx);
    fmpq_mpoly_clear(lom1, ctx);
    fmpq_poly_clear(F);
    return IC_OK;
}

int ic_faulhaber_sum_to(fmpq_mpoly_t out, const fmpq_mpoly_t f, int var, int upto, const fmpq_mpoly_ctx_t ctx,
                        ic_err *err)
{
    fmpq_mpoly_t lo, hi;
    fmpq_mpoly_init(lo, ctx);
    fmpq_mpoly_init(hi, ctx);
    fmpq_mpoly_one(lo, ctx);
    fmpq_mpoly_gen(hi, upto, ctx);
    int rc = ic_faulhaber_sum(out, f, var, lo, hi, ctx, err);
    fmpq_mpoly_clear(lo, ctx);
    fmpq_mpoly_clear(hi, ctx);
    return rc;
}
