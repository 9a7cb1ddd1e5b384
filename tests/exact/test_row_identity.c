/* ic_exact_row_identity, ic_exact_row_gradient, ic_exact_symbolic_work:
 * the gradient of L_U against its formula (written out here) symbolically
 * and at random points, and a wrong formula caught both ways. */
#include <string.h>

#include "exact/exact.h"
#include "tap.h"

/* Row t of dL_U/dx: 2 S C + 2 Q (C 1) 1^T - 2 R I (S = ||p||^2 - p_{-2}^2,
 * Q = p_{-2}^2, R = p_{-1}); in P: 2 p ||C||_F^2, 2 p_{-2} ||C 1||^2 and
 * 2 p_{-1} ||C||_F^2 - 2 tr C.  arg: 1 drops the -2 R I term (wrong). */
static int grad(fmpq_mpoly_struct *out, const ic_exact_vars *v, size_t d, size_t t, void *arg, ic_err *err)
{
    int wrong = *(const int *)arg;
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
        else
            fmpq_mpoly_add(S, S, u, ctx);
        if (tp == t + 1)
            fmpq_mpoly_set(R, p, ctx);
        fmpq_mpoly_struct *o = out + ic_exact_row_p(d, tp);
        fmpq_mpoly_mul(o, p, tp == t ? s.c1 : s.f2, ctx);
        if (tp == t + 1)
            fmpq_mpoly_sub(o, o, s.tr, ctx);
        fmpq_mpoly_scalar_mul_si(o, o, 2, ctx);
    }
    for (size_t j = 0; j < d; j++)
        for (size_t k = 0; k < d; k++) {
            fmpq_mpoly_struct *o = out + ic_exact_row_c(d, j, k);
            fmpq_mpoly_mul(o, S, s.c + j * d + k, ctx);
            fmpq_mpoly_mul(u, Q, s.r + j, ctx);
            fmpq_mpoly_add(o, o, u, ctx);
            if (j == k && !wrong)
                fmpq_mpoly_sub(o, o, R, ctx);
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

int main(void)
{
    int exact = IC_EXACT_LOSS_EXACT, right = 0, wrong = 1;
    ic_exact_plan sym = { 1, 0, 0, NULL };
    ic_exact_rand rand;
    ic_exact_rand_init(&rand, 3);
    ic_exact_plan ev = { 0, 4, 32, &rand };
    ic_exact_result r;

    ic_exact_result_init(&r);
    ic_exact_row_gradient(&r, 3, 4, ic_exact_side_unitary_loss, &exact, grad, &right, &sym, NULL);
    ok(!r.failed && r.diff_terms == 0 && r.rows == 3 && r.nvars_max == 9 + 4,
       "symbolic: dL_U/dx = formula for every variable of (d, T) = (3, 4)");
    ic_exact_result_clear(&r);
    ic_exact_result_init(&r);
    ic_exact_row_gradient(&r, 3, 4, ic_exact_side_unitary_loss, &exact, grad, &wrong, &sym, NULL);
    ok(r.failed && r.fail_t == 0 && strncmp(r.fail_text, "d/dC0_0: ", 9) == 0 && strstr(r.fail_text, "P0_1"),
       "symbolic: the formula without -2 R I is refuted at d/dC0_0, row 0: %s", r.fail_text);
    ic_exact_result_clear(&r);

    ic_exact_result_init(&r);
    ic_exact_row_gradient(&r, 4, 3, ic_exact_side_unitary_loss, &exact, grad, &right, &ev, NULL);
    ok(!r.failed && r.points == 8 && r.mismatches == 0, "at points: directional derivatives agree at 2 rows x 4 points");
    ic_exact_result_clear(&r);
    ic_exact_result_init(&r);
    ic_exact_row_gradient(&r, 4, 3, ic_exact_side_unitary_loss, &exact, grad, &wrong, &ev, NULL);
    ok(r.failed && r.mismatches == 8 && strstr(r.fail_text, "directional derivative"),
       "at points: the wrong formula differs at all 8 points");
    ic_exact_result_clear(&r);

    /* the estimate that picks the route grows with d and T */
    ok(ic_exact_symbolic_work(10, 20) < ic_exact_symbolic_work(10, 21) &&
           ic_exact_symbolic_work(10, 20) < ic_exact_symbolic_work(11, 20) && ic_exact_symbolic_work(1, 2) == 4.0,
       "symbolic work: 4 words at (1, 2), increasing in d and T");
    ic_exact_rand_clear(&rand);
    return done_testing();
}
