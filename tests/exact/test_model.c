/* ic_exact_model_row_expectation: hand values, the number of terms of the
 * expectation (notes/exact.md section 1), and agreement with the MPFR
 * characters and grid routes of src/expectations at dyadic points. */
#include <string.h>

#include "exact/exact.h"
#include "expectations/shared_losses.h"
#include "numbers/test_points.h"
#include "tap.h"

static void test_hand_value(void)
{
    /* d = 1, t = 0: E|p0 C + (p1 C - 1) z^2|^2 = p0^2 C^2 + (p1 C - 1)^2 */
    char **names = ic_exact_row_names(1, 0);
    ic_exact_vars v;
    ic_exact_vars_init_symbolic(&v, ic_exact_row_nvars(1, 0), (const char *const *)names);
    fmpq_mpoly_t E, want;
    fmpq_mpoly_init(E, v.ctx);
    fmpq_mpoly_init(want, v.ctx);
    int law = IC_EXACT_LAW_UNITARY;
    size_t n = 0;
    ok(ic_exact_model_row_expectation(E, &v, 1, 0, law, &n, NULL) == IC_OK && n == 3, "d = 1, t = 0: 3 Laurent terms");
    fmpq_mpoly_set_str_pretty(want, "P0_0^2*C0_0^2 + (P0_1*C0_0 - 1)^2", (const char **)names, v.ctx);
    ok(fmpq_mpoly_equal(E, want, v.ctx), "d = 1, t = 0: E = p0^2 C^2 + (p1 C - 1)^2");
    fmpq_mpoly_clear(E, v.ctx);
    fmpq_mpoly_clear(want, v.ctx);
    ic_exact_vars_clear(&v);
    ic_exact_row_names_free(names, 1, 0);
}

static void test_term_counts(void)
{
    int law = IC_EXACT_LAW_UNITARY, all = 1;
    for (size_t d = 1; d <= 5; d++)
        for (size_t t = 0; t <= 4; t++) {
            ic_exact_vars v;
            ic_exact_vars_init_symbolic(&v, ic_exact_row_nvars(d, t), NULL);
            fmpq_mpoly_t E;
            fmpq_mpoly_init(E, v.ctx);
            ic_exact_model_row_expectation(E, &v, d, t, law, NULL, NULL);
            long want = (long)((t + 1) * d * d + d * d * (d + 1) / 2 + d + 1);
            if (fmpq_mpoly_length(E, v.ctx) != want) {
                all = 0;
                diag("d = %zu, t = %zu: %ld terms, formula %ld", d, t, (long)fmpq_mpoly_length(E, v.ctx), want);
            }
            fmpq_mpoly_clear(E, v.ctx);
            ic_exact_vars_clear(&v);
        }
    ok(all, "terms of a row's expectation = (t+1) d^2 + d^2 (d+1)/2 + d + 1 for d <= 5, t <= 4");
}

/* The exact expectation at a dyadic point against ic_loss_model_loss in MPFR
 * (characters and grid quadrature), which shares no code with it. */
static void test_against_mpfr(int law)
{
    ic_testpoint_state rs;
    ic_testpoint_init(&rs, 11);
    int worst_ok = 1;
    for (int rep = 0; rep < 6; rep++) {
        size_t d = law == IC_EXACT_LAW_PAIRS ? 2 * (size_t)ic_testpoint_int(&rs, 1, 2) : (size_t)ic_testpoint_int(&rs, 1, 3);
        size_t T = (size_t)ic_testpoint_int(&rs, 2, 4);
        ic_mat C, P;
        ic_mat_init(&C, d, d, 256, NULL);
        ic_mat_init(&P, T, T, 256, NULL);
        ic_testpoint_dyadic_mat(&C, &rs);
        ic_testpoint_dyadic_mat(&P, &rs);
        fmpq_t sum, u;
        fmpq_init(sum);
        fmpq_init(u);
        for (size_t t = 0; t + 1 < T; t++) {
            slong n = ic_exact_row_nvars(d, t);
            fmpq *x = _fmpq_vec_init(n);
            mpq_t q;
            mpq_init(q);
            for (size_t j = 0; j < d; j++)
                for (size_t k = 0; k < d; k++) {
                    mpfr_get_q(q, IC_MAT_AT(&C, j, k));
                    fmpq_set_mpq(x + ic_exact_row_c(d, j, k), q);
                }
            for (size_t tp = 0; tp <= t + 1; tp++) {
                mpfr_get_q(q, IC_MAT_AT(&P, t, tp));
                fmpq_set_mpq(x + ic_exact_row_p(d, tp), q);
            }
            mpq_clear(q);
            ic_exact_vars v;
            ic_exact_vars_init_point(&v, n, x);
            fmpq_mpoly_t E;
            fmpq_mpoly_init(E, v.ctx);
            ic_exact_model_row_expectation(E, &v, d, t, law, NULL, NULL);
            fmpq_mpoly_get_fmpq(u, E, v.ctx);
            fmpq_add(sum, sum, u);
            fmpq_mpoly_clear(E, v.ctx);
            ic_exact_vars_clear(&v);
            _fmpq_vec_clear(x, n);
        }
        mpfr_t M, G, X, diff;
        mpfr_inits2(256, M, G, X, diff, (mpfr_ptr)0);
        int mlaw = law == IC_EXACT_LAW_PAIRS ? IC_LOSS_LAW_PAIRS : IC_LOSS_LAW_UNITARY;
        ic_loss_model_loss(M, &C, &P, T, mlaw, 0, NULL, NULL);
        ic_loss_model_loss(G, &C, &P, T, mlaw, 1, NULL, NULL);
        mpq_t q;
        mpq_init(q);
        fmpq_get_mpq(q, sum);
        mpfr_set_q(X, q, MPFR_RNDN);
        mpq_clear(q);
        mpfr_sub(diff, X, M, MPFR_RNDN);
        double r1 = mpfr_get_d(diff, MPFR_RNDN) / (1 + mpfr_get_d(X, MPFR_RNDN));
        mpfr_sub(diff, X, G, MPFR_RNDN);
        double r2 = mpfr_get_d(diff, MPFR_RNDN) / (1 + mpfr_get_d(X, MPFR_RNDN));
        if (!(r1 < 1e-60 && r1 > -1e-60 && r2 < 1e-60 && r2 > -1e-60)) {
            worst_ok = 0;
            diag("d = %zu, T = %zu: relative differences %g, %g", d, T, r1, r2);
        }
        mpfr_clears(M, G, X, diff, (mpfr_ptr)0);
        fmpq_clear(sum);
        fmpq_clear(u);
        ic_mat_clear(&C);
        ic_mat_clear(&P);
    }
    ic_testpoint_clear(&rs);
    ok(worst_ok, "%s law: the exact expectation at 6 dyadic points agrees with MPFR characters and grid to 1e-60",
       law == IC_EXACT_LAW_PAIRS ? "pairs" : "unitary");
}

/* The symbolic route (sparse monomials sorted here, pushed in FLINT's order)
 * against the values route with every variable standing for its own
 * generator (products and sums of fmpq_mpoly), which shares none of it. */
static void test_two_routes(void)
{
    int all = 1;
    for (int law = 0; law < 2; law++)
        for (size_t d = 2; d <= 4; d += 2)
            for (size_t t = 0; t <= 3; t++) {
                slong n = ic_exact_row_nvars(d, t);
                ic_exact_vars s, v;
                ic_exact_vars_init_symbolic(&s, n, NULL);
                ic_exact_vars_init_values(&v, n, s.ctx);
                for (slong i = 0; i < n; i++)
                    fmpq_mpoly_gen(ic_exact_vars_value(&v, i), i, s.ctx);
                fmpq_mpoly_t a, b;
                fmpq_mpoly_init(a, s.ctx);
                fmpq_mpoly_init(b, s.ctx);
                ic_exact_model_row_expectation(a, &s, d, t, law, NULL, NULL);
                ic_exact_model_row_expectation(b, &v, d, t, law, NULL, NULL);
                fmpq_mpoly_assert_canonical(a, s.ctx); /* aborts if the pushed terms were out of order */
                all &= fmpq_mpoly_equal(a, b, s.ctx);
                fmpq_mpoly_clear(a, s.ctx);
                fmpq_mpoly_clear(b, s.ctx);
                ic_exact_vars_clear(&v);
                ic_exact_vars_clear(&s);
            }
    ok(all, "symbolic route = polynomial arithmetic route, canonical, both laws, d = 2, 4, t <= 3");
}

static void test_refusals(void)
{
    ic_exact_vars v;
    ic_exact_vars_init_symbolic(&v, ic_exact_row_nvars(3, 1), NULL);
    fmpq_mpoly_t E;
    fmpq_mpoly_init(E, v.ctx);
    ic_err err = {0};
    ok(ic_exact_model_row_expectation(E, &v, 3, 1, IC_EXACT_LAW_PAIRS, NULL, &err) == IC_EINPUT &&
           strstr(err.msg, "odd"), "pairs law with odd d refused: %s", err.msg);
    ok(ic_exact_model_row_expectation(E, &v, 3, 2, IC_EXACT_LAW_UNITARY, NULL, &err) == IC_EINTERNAL,
       "variables not matching the row layout refused: %s", err.msg);
    fmpq_mpoly_clear(E, v.ctx);
    ic_exact_vars_clear(&v);
}

int main(void)
{
    test_hand_value();
    test_term_counts();
    test_against_mpfr(IC_EXACT_LAW_UNITARY);
    test_against_mpfr(IC_EXACT_LAW_PAIRS);
    test_two_routes();
    test_refusals();
    return done_testing();
}
