/* ic_exact_unitary_loss_row: L_U equals the model's exact expectation row by
 * row (symbolic and at random points), and perturbed closed forms are
 * refuted with their smallest counterexample (d, T) and exact discrepancy
 * (notes/exact.md section 1). */
#include <string.h>

#include "exact/exact.h"
#include "tap.h"

/* L_U with a perturbation: 1 doubles the p_{-2}^2 ||C 1||^2 coefficient,
 * 2 replaces ||C 1||^2 by ||C||_F^2, 3 multiplies -2 tr(C) p_{-1} by
 * 1 + 1/1000. */
static int side_perturbed(fmpq_mpoly_t out, const ic_exact_vars *v, size_t d, size_t t, void *arg, ic_err *err)
{
    int which = IC_EXACT_LOSS_EXACT, kind = *(const int *)arg;
    ic_exact_side_unitary_loss(out, v, d, t, &which, err);
    ic_exact_cstats s;
    ic_exact_cstats_init(&s, v, d);
    fmpq_mpoly_t q, u;
    fmpq_mpoly_init(q, v->ctx);
    fmpq_mpoly_init(u, v->ctx);
    ic_exact_vars_get(q, v, ic_exact_row_p(d, t));
    fmpq_mpoly_mul(q, q, q, v->ctx);
    if (kind == 1) {
        fmpq_mpoly_mul(u, q, s.c1, v->ctx);
        fmpq_mpoly_add(out, out, u, v->ctx);
    } else if (kind == 2) {
        fmpq_mpoly_sub(u, s.f2, s.c1, v->ctx);
        fmpq_mpoly_mul(u, u, q, v->ctx);
        fmpq_mpoly_add(out, out, u, v->ctx);
    } else if (kind == 3) {
        ic_exact_vars_get(u, v, ic_exact_row_p(d, t + 1));
        fmpq_mpoly_mul(u, u, s.tr, v->ctx);
        fmpq_mpoly_scalar_div_si(u, u, 500, v->ctx); /* 2/1000 */
        fmpq_mpoly_sub(out, out, u, v->ctx);
    }
    fmpq_mpoly_clear(q, v->ctx);
    fmpq_mpoly_clear(u, v->ctx);
    ic_exact_cstats_clear(&s);
    return IC_OK;
}

static void test_identity(void)
{
    int law = IC_EXACT_LAW_UNITARY, exact = IC_EXACT_LOSS_EXACT, authors = IC_EXACT_LOSS_AUTHORS;
    ic_exact_plan sym = { 1, 0, 0, NULL };
    ic_exact_result r;
    ic_exact_result_init(&r);
    for (size_t d = 1; d <= 4; d++)
        for (size_t T = 2; T <= 5; T++)
            ic_exact_row_identity(&r, d, T, ic_exact_side_model, &law, ic_exact_side_unitary_loss, &exact, &sym, NULL);
    ok(!r.failed && r.diff_terms == 0 && r.rows == 40, "L_U = model expectation, every row, d <= 4, T <= 5 (%ld rows)",
       r.rows);
    ic_exact_result_clear(&r);
    ic_exact_result_init(&r);
    ic_exact_row_identity(&r, 3, 4, ic_exact_side_model, &law, ic_exact_side_unitary_loss, &authors, &sym, NULL);
    ok(r.failed && r.diff_terms > 0 && strstr(r.fail_text, "P0_0^2"),
       "the authors' formula is not the expectation; the difference involves p_{-2}^2: %.60s", r.fail_text);
    ic_exact_result_clear(&r);
    /* the same by exact evaluation */
    ic_exact_rand rand;
    ic_exact_rand_init(&rand, 5);
    ic_exact_plan ev = { 0, 3, 32, &rand };
    ic_exact_result_init(&r);
    ic_exact_row_identity(&r, 5, 4, ic_exact_side_model, &law, ic_exact_side_unitary_loss, &exact, &ev, NULL);
    ok(!r.failed && r.points == 9 && r.mismatches == 0, "exact evaluation: 3 rows x 3 points agree");
    ic_exact_result_clear(&r);
    ic_exact_result_init(&r);
    ic_exact_row_identity(&r, 5, 4, ic_exact_side_model, &law, ic_exact_side_unitary_loss, &authors, &ev, NULL);
    ok(r.failed && r.mismatches == 9, "exact evaluation: the authors' formula differs at all 9 points");
    ic_exact_result_clear(&r);
    ic_exact_rand_clear(&rand);
}

static void test_refutations(void)
{
    static const char *const what[4] = { "", "p_{-2}^2 ||C 1||^2 doubled", "||C 1||^2 -> ||C||_F^2",
                                         "-2 tr(C) p_{-1} times 1 + 1/1000" };
    /* smallest counterexamples over d >= 1, T >= 2 (notes/exact.md: the
     * doubled term and the factor show at (1, 2); ||C 1|| and ||C||_F agree
     * at d = 1, so that one first at (2, 2)) */
    static const size_t want_d[4] = { 0, 1, 2, 1 }, want_T[4] = { 0, 2, 2, 2 };
    int law = IC_EXACT_LAW_UNITARY;
    for (int k = 1; k <= 3; k++) {
        ic_exact_result r;
        ic_exact_result_init(&r);
        int found = ic_exact_find_counterexample(&r, 1, 1, 4, 5, ic_exact_side_model, &law, side_perturbed, &k, NULL);
        ok(found == 1 && r.fail_d == want_d[k] && r.fail_T == want_T[k] && r.fail_t == 0,
           "%s refuted first at (d, T) = (%zu, %zu), row %zu: E - L = %s", what[k], r.fail_d, r.fail_T, r.fail_t,
           r.fail_text ? r.fail_text : "(none)");
        ic_exact_result_clear(&r);
        /* in the regime the sweeps use for refutations, d >= 2, T >= 3 */
        ic_exact_result_init(&r);
        ic_exact_plan sym = { 1, 0, 0, NULL };
        ic_exact_row_identity(&r, 2, 3, ic_exact_side_model, &law, side_perturbed, &k, &sym, NULL);
        ok(r.failed && r.diff_terms > 0, "%s refuted at (2, 3) too (%ld terms of difference)", what[k],
           (long)r.diff_terms);
        ic_exact_result_clear(&r);
    }
    /* the exact discrepancy of the doubled term at (1, 2): -P0_0^2 C0_0^2 */
    int k = 1;
    ic_exact_result r;
    ic_exact_result_init(&r);
    ic_exact_find_counterexample(&r, 1, 1, 2, 3, ic_exact_side_model, &law, side_perturbed, &k, NULL);
    ok(r.fail_text && strcmp(r.fail_text, "-C0_0^2*P0_0^2") == 0, "its discrepancy is exactly -C0_0^2*P0_0^2: %s",
       r.fail_text ? r.fail_text : "(none)");
    ic_exact_result_clear(&r);
    int none = 0;
    ic_exact_result_init(&r);
    int exact = IC_EXACT_LOSS_EXACT;
    ok(ic_exact_find_counterexample(&r, 1, 1, 3, 4, ic_exact_side_model, &law, ic_exact_side_unitary_loss, &exact,
                                    NULL) == 0 && !r.failed, "the true L_U has no counterexample for d <= 3, T <= 4");
    (void)none;
    ic_exact_result_clear(&r);
}

int main(void)
{
    test_identity();
    test_refutations();
    return done_testing();
}
