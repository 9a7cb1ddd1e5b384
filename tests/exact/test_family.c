/* ic_exact_family_*: the unitary minimiser C = c I, p_{-1} = 1/c has zero
 * loss and gradient as rational functions of c; p_{-1} = 2/c does not, and
 * the numerator says by how much. */
#include <string.h>

#include "exact/exact.h"
#include "tap.h"

typedef struct {
    const fmpq_mpoly_struct *c, *x;
    const fmpq_mpoly_ctx_struct *ctx;
} fam;

static void set(ic_exact_vars *v, size_t d, size_t t, void *arg)
{
    const fam *f = arg;
    for (size_t j = 0; j < d; j++)
        fmpq_mpoly_set(ic_exact_vars_value(v, ic_exact_row_c(d, j, j)), f->c, f->ctx);
    fmpq_mpoly_set(ic_exact_vars_value(v, ic_exact_row_p(d, t + 1)), f->x, f->ctx);
}

/* dL_U/dx of a row, on the family only: 2 ||p||^2 C - 2 p_{-1} I (Q = 0 there
 * is not assumed: the full formula with Q is in tests/exact/test_row_identity.c;
 * here the family has p_{-2} = 0). */
static int grad(fmpq_mpoly_struct *out, const ic_exact_vars *v, size_t d, size_t t, void *arg, ic_err *err)
{
    const fmpq_mpoly_ctx_struct *ctx = v->ctx;
    ic_exact_cstats s;
    ic_exact_cstats_init(&s, v, d);
    fmpq_mpoly_t x, u;
    fmpq_mpoly_init(x, ctx);
    fmpq_mpoly_init(u, ctx);
    ic_exact_vars_get(x, v, ic_exact_row_p(d, t + 1));
    fmpq_mpoly_mul(u, x, x, ctx);
    for (size_t j = 0; j < d; j++)
        for (size_t k = 0; k < d; k++) {
            fmpq_mpoly_struct *o = out + ic_exact_row_c(d, j, k);
            fmpq_mpoly_mul(o, u, s.c + j * d + k, ctx);
            if (j == k)
                fmpq_mpoly_sub(o, o, x, ctx);
            fmpq_mpoly_scalar_mul_si(o, o, 2, ctx);
        }
    for (size_t tp = 0; tp <= t + 1; tp++)
        fmpq_mpoly_zero(out + ic_exact_row_p(d, tp), ctx);
    fmpq_mpoly_mul(out + ic_exact_row_p(d, t + 1), x, s.f2, ctx);
    fmpq_mpoly_sub(out + ic_exact_row_p(d, t + 1), out + ic_exact_row_p(d, t + 1), s.tr, ctx);
    fmpq_mpoly_scalar_mul_si(out + ic_exact_row_p(d, t + 1), out + ic_exact_row_p(d, t + 1), 2, ctx);
    fmpq_mpoly_clear(x, ctx);
    fmpq_mpoly_clear(u, ctx);
    ic_exact_cstats_clear(&s);
    return IC_OK;
}

static ic_exact_result run(long xnum, size_t d, size_t T)
{
    static const char *const names[2] = {"c", "z"};
    fmpq_mpoly_ctx_t ctx;
    fmpq_mpoly_ctx_init(ctx, 2, ORD_LEX);
    fmpq_mpoly_t c, z, x, L;
    fmpq_mpoly_init(c, ctx);
    fmpq_mpoly_init(z, ctx);
    fmpq_mpoly_init(x, ctx);
    fmpq_mpoly_init(L, ctx);
    fmpq_mpoly_gen(c, 0, ctx);
    fmpq_mpoly_gen(z, 1, ctx);
    fmpq_mpoly_scalar_mul_si(x, z, xnum, ctx);
    fmpq_mpoly_struct *G = malloc(d * d * sizeof *G), *A = malloc(d * d * sizeof *A), *B = malloc(d * d * sizeof *B);
    for (size_t i = 0; i < d * d; i++) {
        fmpq_mpoly_init(G + i, ctx);
        fmpq_mpoly_init(A + i, ctx);
        fmpq_mpoly_init(B + i, ctx);
    }
    for (size_t j = 0; j < d; j++) {
        fmpq_mpoly_one(A + j * d + j, ctx);
        fmpq_mpoly_set(B + j * d + j, c, ctx);
    }
    ic_exact_family f = { ctx, names, 1, c };
    fam a = { c, x, ctx };
    ic_exact_result r;
    ic_exact_result_init(&r);
    int exact = IC_EXACT_LOSS_EXACT;
    ic_exact_family_rows(L, G, &r, &f, d, T, set, &a, ic_exact_side_unitary_loss, &exact, grad, NULL, "here", NULL);
    ic_exact_family_zero(&r, &f, L, "L", "here");
    ic_exact_family_heads(&r, &f, A, B, G, d, d, "here");
    for (size_t i = 0; i < d * d; i++) {
        fmpq_mpoly_clear(G + i, ctx);
        fmpq_mpoly_clear(A + i, ctx);
        fmpq_mpoly_clear(B + i, ctx);
    }
    free(G);
    free(A);
    free(B);
    fmpq_mpoly_clear(c, ctx);
    fmpq_mpoly_clear(z, ctx);
    fmpq_mpoly_clear(x, ctx);
    fmpq_mpoly_clear(L, ctx);
    fmpq_mpoly_ctx_clear(ctx);
    return r;
}

int main(void)
{
    ic_exact_result r = run(1, 3, 4);
    ok(!r.failed && r.diff_terms == 0 && r.rows == 3 && r.configs == 1,
       "C = c I, p_{-1} = 1/c: loss and gradient in A, B, P vanish for every c (d = 3, T = 4)");
    ic_exact_result_clear(&r);
    r = run(2, 2, 2);
    /* one row, d = 2: dL/dp_{-1} = 2 (2/c) (2 c^2) - 2 (2c) = 4c: numerator 4 c^2 (k = 1, D = c) */
    ok(r.failed && strcmp(r.fail_text, "here: numerator of dL/dP = 4*c^2") == 0,
       "p_{-1} = 2/c refuted; first: %s", r.fail_text);
    ic_exact_result_clear(&r);
    return done_testing();
}
