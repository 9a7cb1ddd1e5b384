/* ic_exact_unitary_loss_row: one row of the unitary loss L_U of THEORY.md
 * C2 (doc/c2-unitary.md), or of the authors' unitary.py formula, built as a
 * polynomial in the row's variables. */
#include "exact/exact.h"

void ic_exact_unitary_loss_row(fmpq_mpoly_t out, const ic_exact_vars *v, const ic_exact_cstats *s, size_t t,
                               int which)
{
    const fmpq_mpoly_ctx_struct *ctx = v->ctx;
    size_t d = s->d;
    fmpq_mpoly_t n2, q2, p, u;
    fmpq_mpoly_init(n2, ctx);
    fmpq_mpoly_init(q2, ctx);
    fmpq_mpoly_init(p, ctx);
    fmpq_mpoly_init(u, ctx);
    /* n2 = ||p||^2 (without p_{-2} for the exact loss), q2 = p_{-2}^2 */
    for (size_t tp = 0; tp <= t + 1; tp++) {
        ic_exact_vars_get(p, v, ic_exact_row_p(d, tp));
        fmpq_mpoly_mul(u, p, p, ctx);
        if (tp == t)
            fmpq_mpoly_set(q2, u, ctx);
        if (tp != t || which == IC_EXACT_LOSS_AUTHORS)
            fmpq_mpoly_add(n2, n2, u, ctx);
    }
    fmpq_mpoly_mul(out, n2, s->f2, ctx);
    fmpq_mpoly_mul(u, q2, s->c1, ctx);
    fmpq_mpoly_add(out, out, u, ctx);
    ic_exact_vars_get(p, v, ic_exact_row_p(d, t + 1));
    fmpq_mpoly_mul(u, p, s->tr, ctx);
    fmpq_mpoly_scalar_mul_si(u, u, 2, ctx);
    fmpq_mpoly_sub(out, out, u, ctx);
    fmpq_mpoly_add_si(out, out, (slong)d, ctx);
    fmpq_mpoly_clear(n2, ctx);
    fmpq_mpoly_clear(q2, ctx);
    fmpq_mpoly_clear(p, ctx);
    fmpq_mpoly_clear(u, ctx);
}

int ic_exact_side_unitary_loss(fmpq_mpoly_t out, const ic_exact_vars *v, size_t d, size_t t, void *arg,
                               ic_err *err)
{
    ic_exact_cstats s;
    ic_exact_cstats_init(&s, v, d);
    ic_exact_unitary_loss_row(out, v, &s, t, *(const int *)arg);
    ic_exact_cstats_clear(&s);
    return IC_OK;
}
