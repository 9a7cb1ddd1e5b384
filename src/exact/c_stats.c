/* ic_exact_cstats: the statistics of C that the closed forms of THEORY.md
 * use (||C||_F^2, ||C 1||^2, tr C, the row sums C 1), in the ring of the
 * variables (symbolic, values or a point). */
#include "exact/exact.h"

#include <stdlib.h>

void ic_exact_cstats_init(ic_exact_cstats *s, const ic_exact_vars *v, size_t d)
{
    const fmpq_mpoly_ctx_struct *ctx = v->ctx;
    s->d = d;
    s->ctx = ctx;
    fmpq_mpoly_init(s->f2, ctx);
    fmpq_mpoly_init(s->c1, ctx);
    fmpq_mpoly_init(s->tr, ctx);
    s->r = malloc(d * sizeof *s->r);
    s->c = malloc(d * d * sizeof *s->c);
    fmpq_mpoly_t u;
    fmpq_mpoly_init(u, ctx);
    for (size_t j = 0; j < d; j++) {
        fmpq_mpoly_init(s->r + j, ctx);
        for (size_t k = 0; k < d; k++) {
            fmpq_mpoly_struct *c = s->c + j * d + k;
            fmpq_mpoly_init(c, ctx);
            ic_exact_vars_get(c, v, ic_exact_row_c(d, j, k));
            fmpq_mpoly_add(s->r + j, s->r + j, c, ctx);
            fmpq_mpoly_mul(u, c, c, ctx);
            fmpq_mpoly_add(s->f2, s->f2, u, ctx);
            if (j == k)
                fmpq_mpoly_add(s->tr, s->tr, c, ctx);
        }
        fmpq_mpoly_mul(u, s->r + j, s->r + j, ctx);
        fmpq_mpoly_add(s->c1, s->c1, u, ctx);
    }
    fmpq_mpoly_clear(u, ctx);
}

void ic_exact_cstats_clear(ic_exact_cstats *s)
{
    const fmpq_mpoly_ctx_struct *ctx = s->ctx;
    for (size_t j = 0; j < s->d; j++)
        fmpq_mpoly_clear(s->r + j, ctx);
    for (size_t i = 0; i < s->d * s->d; i++)
        fmpq_mpoly_clear(s->c + i, ctx);
    free(s->r);
    free(s->c);
    fmpq_mpoly_clear(s->f2, ctx);
    fmpq_mpoly_clear(s->c1, ctx);
    fmpq_mpoly_clear(s->tr, ctx);
}
