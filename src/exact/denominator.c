/* ic_exact_clear_denominator: a rational function of the form R(x, 1/D(x)),
 * kept as a polynomial R(x, z), brought to the polynomial D^k R(x, 1/D)
 * (k = deg_z R) by Horner's rule in D: sum_i R_i D^{k-i}. */
#include "exact/exact.h"

#include <stdlib.h>

void ic_exact_clear_denominator(fmpq_mpoly_t out, slong *kout, const fmpq_mpoly_t R, slong z, const fmpq_mpoly_t D,
                                const fmpq_mpoly_ctx_t ctx)
{
    slong k = fmpq_mpoly_is_zero(R, ctx) ? 0 : fmpq_mpoly_degree_si(R, z, ctx);
    slong nv = fmpq_mpoly_ctx_nvars(ctx), len = fmpq_mpoly_length(R, ctx);
    fmpq_mpoly_struct *b = malloc((size_t)(k + 1) * sizeof *b);
    for (slong i = 0; i <= k; i++)
        fmpq_mpoly_init(b + i, ctx);
    ulong *e = malloc((size_t)nv * sizeof *e);
    fmpq_t c;
    fmpq_init(c);
    for (slong i = 0; i < len; i++) {
        fmpq_mpoly_get_term_exp_ui(e, R, i, ctx);
        fmpq_mpoly_get_term_coeff_fmpq(c, R, i, ctx);
        slong iz = (slong)e[z];
        e[z] = 0;
        fmpq_mpoly_push_term_fmpq_ui(b + iz, c, e, ctx);
    }
    fmpq_clear(c);
    free(e);
    fmpq_mpoly_t acc;
    fmpq_mpoly_init(acc, ctx);
    for (slong i = 0; i <= k; i++) {
        fmpq_mpoly_sort_terms(b + i, ctx);
        fmpq_mpoly_combine_like_terms(b + i, ctx);
        if (i)
            fmpq_mpoly_mul(acc, acc, D, ctx);
        fmpq_mpoly_add(acc, acc, b + i, ctx);
        fmpq_mpoly_clear(b + i, ctx);
    }
    free(b);
    fmpq_mpoly_swap(out, acc, ctx);
    fmpq_mpoly_clear(acc, ctx);
    if (kout)
        *kout = k;
}
