/* The unitary claim's closed forms as exact polynomials of one row's
 * variables (src/exact/exact.h, row layout): the sum-of-squares form, the
 * authors' excess and the gradient formulas of THEORY.md C2 and
 * doc/c2-unitary.md.  L_U itself is shared (src/exact/unitary_loss.c). */
#include "exact/exact.h"
#include "unitary/unitary.h"

/* Row t: sum_{t'<t} p_{t'}^2 ||C||_F^2 + p_{-2}^2 ||C 1||^2
 * + p_{-1}^2 ||C - (tr C / d) I||_F^2 + (p_{-1} tr C - d)^2 / d. */
int unitary_exact_sos_row(fmpq_mpoly_t out, const ic_exact_vars *v, size_t d, size_t t, void *arg, ic_err *err)
{
    const fmpq_mpoly_ctx_struct *ctx = v->ctx;
    ic_exact_cstats s;
    ic_exact_cstats_init(&s, v, d);
    fmpq_mpoly_t p, u, m, dev;
    fmpq_mpoly_init(p, ctx);
    fmpq_mpoly_init(u, ctx);
    fmpq_mpoly_init(m, ctx);
    fmpq_mpoly_init(dev, ctx);
    fmpq_mpoly_zero(out, ctx);
    for (size_t tp = 0; tp < t; tp++) {
        ic_exact_vars_get(p, v, ic_exact_row_p(d, tp));
        fmpq_mpoly_mul(u, p, p, ctx);
        fmpq_mpoly_add(out, out, u, ctx);
    }
    fmpq_mpoly_mul(out, out, s.f2, ctx);
    ic_exact_vars_get(p, v, ic_exact_row_p(d, t));
    fmpq_mpoly_mul(u, p, p, ctx);
    fmpq_mpoly_mul(u, u, s.c1, ctx);
    fmpq_mpoly_add(out, out, u, ctx);
    /* ||C - (tr C / d) I||_F^2 from the entries */
    fmpq_mpoly_scalar_div_si(m, s.tr, (slong)d, ctx);
    for (size_t j = 0; j < d; j++)
        for (size_t k = 0; k < d; k++) {
            fmpq_mpoly_set(u, s.c + j * d + k, ctx);
            if (j == k)
                fmpq_mpoly_sub(u, u, m, ctx);
            fmpq_mpoly_mul(u, u, u, ctx);
            fmpq_mpoly_add(dev, dev, u, ctx);
        }
    ic_exact_vars_get(p, v, ic_exact_row_p(d, t + 1));
    fmpq_mpoly_mul(u, p, p, ctx);
    fmpq_mpoly_mul(u, u, dev, ctx);
    fmpq_mpoly_add(out, out, u, ctx);
    fmpq_mpoly_mul(u, p, s.tr, ctx);
    fmpq_mpoly_sub_si(u, u, (slong)d, ctx);
    fmpq_mpoly_mul(u, u, u, ctx);
    fmpq_mpoly_scalar_div_si(u, u, (slong)d, ctx);
    fmpq_mpoly_add(out, out, u, ctx);
    fmpq_mpoly_clear(p, ctx);
    fmpq_mpoly_clear(u, ctx);
    fmpq_mpoly_clear(m, ctx);
    fmpq_mpoly_clear(dev, ctx);
    ic_exact_cstats_clear(&s);
    return IC_OK;
}

/* Row t of the authors' loss minus the exact loss. */
int unitary_exact_excess_row(fmpq_mpoly_t out, const ic_exact_vars *v, size_t d, size_t t, void *arg, ic_err *err)
{
    ic_exact_cstats s;
    ic_exact_cstats_init(&s, v, d);
    fmpq_mpoly_t e;
    fmpq_mpoly_init(e, v->ctx);
    ic_exact_unitary_loss_row(out, v, &s, t, IC_EXACT_LOSS_AUTHORS);
    ic_exact_unitary_loss_row(e, v, &s, t, IC_EXACT_LOSS_EXACT);
    fmpq_mpoly_sub(out, out, e, v->ctx);
    fmpq_mpoly_clear(e, v->ctx);
    ic_exact_cstats_clear(&s);
    return IC_OK;
}

/* The stated correction of row t: p_{-2}^2 ||C||_F^2 (THEORY.md C2, finding). */
int unitary_exact_correction_row(fmpq_mpoly_t out, const ic_exact_vars *v, size_t d, size_t t, void *arg,
                                 ic_err *err)
{
    ic_exact_cstats s;
    ic_exact_cstats_init(&s, v, d);
    fmpq_mpoly_t q;
    fmpq_mpoly_init(q, v->ctx);
    ic_exact_vars_get(q, v, ic_exact_row_p(d, t));
    fmpq_mpoly_mul(out, q, q, v->ctx);
    fmpq_mpoly_mul(out, out, s.f2, v->ctx);
    fmpq_mpoly_clear(q, v->ctx);
    ic_exact_cstats_clear(&s);
    return IC_OK;
}

/* Row t's share of the gradient formulas (arg: pointer to the loss, exact
 * or authors'): dL/dC = 2 S C + 2 Q (C 1) 1^T - 2 R I with S = ||p||^2 - p_{-2}^2
 * (exact; ||p||^2 for the authors' loss, THEORY.md C2), Q = p_{-2}^2, R = p_{-1};
 * dL/dp_{t'} = 2 p_{t'} ||C||_F^2 for t' < t, at p_{-2}: 2 p_{-2} ||C 1||^2
 * (+ 2 p_{-2} ||C||_F^2 for the authors' loss), at p_{-1}: 2 p_{-1} ||C||_F^2 - 2 tr C.
 * These are the formulas unitary_grad (loss.c) evaluates in MPFR. */
int unitary_exact_grad_row(fmpq_mpoly_struct *out, const ic_exact_vars *v, size_t d, size_t t, void *arg,
                           ic_err *err)
{
    int which = *(const int *)arg;
    const fmpq_mpoly_ctx_struct *ctx = v->ctx;
    ic_exact_cstats s;
    ic_exact_cstats_init(&s, v, d);
    fmpq_mpoly_t S, Q, R, p, u;
    fmpq_mpoly_init(S, ctx);
    fmpq_mpoly_init(Q, ctx);
    fmpq_mpoly_init(R, ctx);
    fmpq_mpoly_init(p, ctx);
    fmpq_mpoly_init(u, ctx);
    for (size_t tp = 0; tp <= t + 1; tp++) {
        ic_exact_vars_get(p, v, ic_exact_row_p(d, tp));
        fmpq_mpoly_mul(u, p, p, ctx);
        if (tp == t)
            fmpq_mpoly_set(Q, u, ctx);
        if (tp != t || which == IC_EXACT_LOSS_AUTHORS)
            fmpq_mpoly_add(S, S, u, ctx);
        if (tp == t + 1)
            fmpq_mpoly_set(R, p, ctx);
    }
    for (size_t j = 0; j < d; j++)
        for (size_t k = 0; k < d; k++) {
            fmpq_mpoly_struct *o = out + ic_exact_row_c(d, j, k);
            fmpq_mpoly_mul(o, S, s.c + j * d + k, ctx);
            fmpq_mpoly_mul(u, Q, s.r + j, ctx);
            fmpq_mpoly_add(o, o, u, ctx);
            if (j == k)
                fmpq_mpoly_sub(o, o, R, ctx);
            fmpq_mpoly_scalar_mul_si(o, o, 2, ctx);
        }
    for (size_t tp = 0; tp <= t + 1; tp++) {
        fmpq_mpoly_struct *o = out + ic_exact_row_p(d, tp);
        ic_exact_vars_get(p, v, ic_exact_row_p(d, tp));
        if (tp == t) {
            fmpq_mpoly_set(u, s.c1, ctx);
            if (which == IC_EXACT_LOSS_AUTHORS)
                fmpq_mpoly_add(u, u, s.f2, ctx);
            fmpq_mpoly_mul(o, p, u, ctx);
        } else {
            fmpq_mpoly_mul(o, p, s.f2, ctx);
            if (tp == t + 1)
                fmpq_mpoly_sub(o, o, s.tr, ctx);
        }
        fmpq_mpoly_scalar_mul_si(o, o, 2, ctx);
    }
    fmpq_mpoly_clear(S, ctx);
    fmpq_mpoly_clear(Q, ctx);
    fmpq_mpoly_clear(R, ctx);
    fmpq_mpoly_clear(p, ctx);
    fmpq_mpoly_clear(u, ctx);
    ic_exact_cstats_clear(&s);
    return IC_OK;
}
