/* The orthogonal claim's closed forms as exact polynomials of one row's
 * variables (src/exact/exact.h, row layout): L_O (THEORY.md C4, the
 * authors' orthogonal.py formula), its sum-of-squares form and its gradient
 * formulas (doc/c4-orthogonal.md); the same formulas loss.c evaluates in
 * MPFR.  Pairs are (2k, 2k+1), j^ = j xor 1. */
#include "exact/exact.h"
#include "orthogonal/orthogonal.h"

#define PARTNER(j) ((j) ^ (size_t)1)

/* Row scalars: q = p_{-2}, x = p_{-1}, sp = sum p', np = ||p'||^2 and
 * m = ||p'||^2 - p_{-1}^2 (p' = the used entries without p_{-2}); C scalars
 * t3 = sum_j r_j C_{j j^}, t4 = sum_j C_{j j^}^2. */
typedef struct {
    fmpq_mpoly_t q, x, sp, np, m, t3, t4;
    const fmpq_mpoly_ctx_struct *ctx;
} terms;

static void terms_init(terms *w, const ic_exact_vars *v, const ic_exact_cstats *s, size_t t)
{
    const fmpq_mpoly_ctx_struct *ctx = v->ctx;
    size_t d = s->d;
    w->ctx = ctx;
    fmpq_mpoly_init(w->q, ctx);
    fmpq_mpoly_init(w->x, ctx);
    fmpq_mpoly_init(w->sp, ctx);
    fmpq_mpoly_init(w->np, ctx);
    fmpq_mpoly_init(w->m, ctx);
    fmpq_mpoly_init(w->t3, ctx);
    fmpq_mpoly_init(w->t4, ctx);
    fmpq_mpoly_t p, u;
    fmpq_mpoly_init(p, ctx);
    fmpq_mpoly_init(u, ctx);
    ic_exact_vars_get(w->q, v, ic_exact_row_p(d, t));
    ic_exact_vars_get(w->x, v, ic_exact_row_p(d, t + 1));
    for (size_t tp = 0; tp < t; tp++) {
        ic_exact_vars_get(p, v, ic_exact_row_p(d, tp));
        fmpq_mpoly_add(w->sp, w->sp, p, ctx);
        fmpq_mpoly_mul(u, p, p, ctx);
        fmpq_mpoly_add(w->m, w->m, u, ctx);
    }
    fmpq_mpoly_add(w->sp, w->sp, w->x, ctx);
    fmpq_mpoly_mul(u, w->x, w->x, ctx);
    fmpq_mpoly_add(w->np, w->m, u, ctx);
    for (size_t j = 0; j < d; j++)
        if (PARTNER(j) < d) {
            const fmpq_mpoly_struct *cj = s->c + j * d + PARTNER(j);
            fmpq_mpoly_mul(u, s->r + j, cj, ctx);
            fmpq_mpoly_add(w->t3, w->t3, u, ctx);
            fmpq_mpoly_mul(u, cj, cj, ctx);
            fmpq_mpoly_add(w->t4, w->t4, u, ctx);
        }
    fmpq_mpoly_clear(p, ctx);
    fmpq_mpoly_clear(u, ctx);
}

static void terms_clear(terms *w)
{
    fmpq_mpoly_clear(w->q, w->ctx);
    fmpq_mpoly_clear(w->x, w->ctx);
    fmpq_mpoly_clear(w->sp, w->ctx);
    fmpq_mpoly_clear(w->np, w->ctx);
    fmpq_mpoly_clear(w->m, w->ctx);
    fmpq_mpoly_clear(w->t3, w->ctx);
    fmpq_mpoly_clear(w->t4, w->ctx);
}

/* L_O row t = p_{-2}^2 t1 + ||p'||^2 t2 + 2 t3 p_{-2} sum p' + ((sum p')^2 - ||p'||^2) t4
 * - 2 tr(C) p_{-1} + d (THEORY.md C4, with p_{-2} sum(p) - p_{-2}^2 = p_{-2} sum p'). */
int ortho_exact_loss_row(fmpq_mpoly_t out, const ic_exact_vars *v, size_t d, size_t t, void *arg, ic_err *err)
{
    const fmpq_mpoly_ctx_struct *ctx = v->ctx;
    ic_exact_cstats s;
    ic_exact_cstats_init(&s, v, d);
    terms w;
    terms_init(&w, v, &s, t);
    fmpq_mpoly_t u;
    fmpq_mpoly_init(u, ctx);
    fmpq_mpoly_mul(out, w.q, w.q, ctx);
    fmpq_mpoly_mul(out, out, s.c1, ctx);
    fmpq_mpoly_mul(u, w.np, s.f2, ctx);
    fmpq_mpoly_add(out, out, u, ctx);
    fmpq_mpoly_mul(u, w.q, w.sp, ctx);
    fmpq_mpoly_mul(u, u, w.t3, ctx);
    fmpq_mpoly_scalar_mul_si(u, u, 2, ctx);
    fmpq_mpoly_add(out, out, u, ctx);
    fmpq_mpoly_mul(u, w.sp, w.sp, ctx);
    fmpq_mpoly_sub(u, u, w.np, ctx);
    fmpq_mpoly_mul(u, u, w.t4, ctx);
    fmpq_mpoly_add(out, out, u, ctx);
    fmpq_mpoly_mul(u, w.x, s.tr, ctx);
    fmpq_mpoly_scalar_mul_si(u, u, 2, ctx);
    fmpq_mpoly_sub(out, out, u, ctx);
    fmpq_mpoly_add_si(out, out, (slong)d, ctx);
    fmpq_mpoly_clear(u, ctx);
    terms_clear(&w);
    ic_exact_cstats_clear(&s);
    return IC_OK;
}

/* Per output j: (p_{-2} r_j + C_{j j^} sum p')^2 + (p_{-1} C_jj - 1)^2
 * + (||p'||^2 - p_{-1}^2) C_jj^2 + ||p'||^2 sum_{k outside j's pair} C_jk^2. */
int ortho_exact_sos_row(fmpq_mpoly_t out, const ic_exact_vars *v, size_t d, size_t t, void *arg, ic_err *err)
{
    const fmpq_mpoly_ctx_struct *ctx = v->ctx;
    ic_exact_cstats s;
    ic_exact_cstats_init(&s, v, d);
    terms w;
    terms_init(&w, v, &s, t);
    fmpq_mpoly_t u, a;
    fmpq_mpoly_init(u, ctx);
    fmpq_mpoly_init(a, ctx);
    fmpq_mpoly_zero(out, ctx);
    for (size_t j = 0; j < d; j++) {
        const fmpq_mpoly_struct *cjj = s.c + j * d + j, *cjp = s.c + j * d + PARTNER(j);
        fmpq_mpoly_mul(u, w.q, s.r + j, ctx);
        fmpq_mpoly_mul(a, cjp, w.sp, ctx);
        fmpq_mpoly_add(u, u, a, ctx);
        fmpq_mpoly_mul(u, u, u, ctx);
        fmpq_mpoly_add(out, out, u, ctx);
        fmpq_mpoly_mul(u, w.x, cjj, ctx);
        fmpq_mpoly_sub_si(u, u, 1, ctx);
        fmpq_mpoly_mul(u, u, u, ctx);
        fmpq_mpoly_add(out, out, u, ctx);
        fmpq_mpoly_mul(u, cjj, cjj, ctx);
        fmpq_mpoly_mul(u, u, w.m, ctx);
        fmpq_mpoly_add(out, out, u, ctx);
        fmpq_mpoly_zero(a, ctx);
        for (size_t k = 0; k < d; k++)
            if (k / 2 != j / 2) {
                fmpq_mpoly_mul(u, s.c + j * d + k, s.c + j * d + k, ctx);
                fmpq_mpoly_add(a, a, u, ctx);
            }
        fmpq_mpoly_mul(u, a, w.np, ctx);
        fmpq_mpoly_add(out, out, u, ctx);
    }
    fmpq_mpoly_clear(u, ctx);
    fmpq_mpoly_clear(a, ctx);
    terms_clear(&w);
    ic_exact_cstats_clear(&s);
    return IC_OK;
}

/* Row t's share of the gradient (ortho_grad_cp in loss.c): with a = p_{-2}^2,
 * b = ||p'||^2, g = p_{-2} sum p', h = (sum p')^2 - ||p'||^2, X = p_{-1}:
 * dL/dC_jk = 2 a r_j + 2 b C_jk + 2 g C_{j j^} + [k = j^] (2 g r_j + 2 h C_jk) - 2 X [k = j];
 * dL/dp_{-2} = 2 p_{-2} t1 + 2 (sum p') t3; at any other used entry p_k:
 * 2 p_k t2 + 2 p_{-2} t3 + 2 (sum p' - p_k) t4 - 2 tr(C) [k = t+1]. */
int ortho_exact_grad_row(fmpq_mpoly_struct *out, const ic_exact_vars *v, size_t d, size_t t, void *arg, ic_err *err)
{
    const fmpq_mpoly_ctx_struct *ctx = v->ctx;
    ic_exact_cstats s;
    ic_exact_cstats_init(&s, v, d);
    terms w;
    terms_init(&w, v, &s, t);
    fmpq_mpoly_t a, g, h, u, p;
    fmpq_mpoly_init(a, ctx);
    fmpq_mpoly_init(g, ctx);
    fmpq_mpoly_init(h, ctx);
    fmpq_mpoly_init(u, ctx);
    fmpq_mpoly_init(p, ctx);
    fmpq_mpoly_mul(a, w.q, w.q, ctx);
    fmpq_mpoly_mul(g, w.q, w.sp, ctx);
    fmpq_mpoly_mul(h, w.sp, w.sp, ctx);
    fmpq_mpoly_sub(h, h, w.np, ctx);
    for (size_t j = 0; j < d; j++)
        for (size_t k = 0; k < d; k++) {
            fmpq_mpoly_struct *o = out + ic_exact_row_c(d, j, k);
            const fmpq_mpoly_struct *cjk = s.c + j * d + k, *cjp = s.c + j * d + PARTNER(j);
            fmpq_mpoly_mul(o, a, s.r + j, ctx);
            fmpq_mpoly_mul(u, w.np, cjk, ctx);
            fmpq_mpoly_add(o, o, u, ctx);
            fmpq_mpoly_mul(u, g, cjp, ctx);
            fmpq_mpoly_add(o, o, u, ctx);
            if (k == PARTNER(j)) {
                fmpq_mpoly_mul(u, g, s.r + j, ctx);
                fmpq_mpoly_add(o, o, u, ctx);
                fmpq_mpoly_mul(u, h, cjk, ctx);
                fmpq_mpoly_add(o, o, u, ctx);
            }
            if (k == j)
                fmpq_mpoly_sub(o, o, w.x, ctx);
            fmpq_mpoly_scalar_mul_si(o, o, 2, ctx);
        }
    for (size_t tp = 0; tp <= t + 1; tp++) {
        fmpq_mpoly_struct *o = out + ic_exact_row_p(d, tp);
        if (tp == t) {
            fmpq_mpoly_mul(o, w.q, s.c1, ctx);
            fmpq_mpoly_mul(u, w.sp, w.t3, ctx);
            fmpq_mpoly_add(o, o, u, ctx);
        } else {
            ic_exact_vars_get(p, v, ic_exact_row_p(d, tp));
            fmpq_mpoly_mul(o, p, s.f2, ctx);
            fmpq_mpoly_mul(u, w.q, w.t3, ctx);
            fmpq_mpoly_add(o, o, u, ctx);
            fmpq_mpoly_sub(u, w.sp, p, ctx);
            fmpq_mpoly_mul(u, u, w.t4, ctx);
            fmpq_mpoly_add(o, o, u, ctx);
            if (tp == t + 1)
                fmpq_mpoly_sub(o, o, s.tr, ctx);
        }
        fmpq_mpoly_scalar_mul_si(o, o, 2, ctx);
    }
    fmpq_mpoly_clear(a, ctx);
    fmpq_mpoly_clear(g, ctx);
    fmpq_mpoly_clear(h, ctx);
    fmpq_mpoly_clear(u, ctx);
    fmpq_mpoly_clear(p, ctx);
    terms_clear(&w);
    ic_exact_cstats_clear(&s);
    return IC_OK;
}
