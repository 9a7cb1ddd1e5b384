/* Tests of ic_ipat: pattern counts exhaust the tuples, the augmented index sums (THEORY.md C1) in closed
 * form for the unitary, pairs and weighted models, per-(t, t') terms against literal enumeration, and
 * the sums the solver must refuse to write as one polynomial. */
#include <stdlib.h>
#include <string.h>

#include "exact/closed_form.h"
#include "exact/index_patterns.h"
#include "tap.h"

static fmpq_mpoly_ctx_t ctx;

/* num: sum_t sum_{j,k} E[z_j^{t-T-1} z_k^{T-t+1}] (weights w_j w_k) */
static const ic_ipat_sum NUM = {
    .npos = 2, .nsum = 1, .names = "jk",
    .expo = {{.s = {1, 0}, .T = -1, .c = -1}, {.s = {-1, 0}, .T = 1, .c = 1}},
    .weight = {1, 1},
};
/* den: sum_{t,t'} sum_{j,k,l} E[z_j^{t-t'} z_k^{T-t+1} z_l^{t'-1-T}] */
static const ic_ipat_sum DEN = {
    .npos = 3, .nsum = 2, .names = "jkl",
    .expo = {{.s = {1, -1}, .T = 0, .c = 0}, {.s = {-1, 0}, .T = 1, .c = 1}, {.s = {0, 1}, .T = -1, .c = -1}},
    .weight = {1, 1, 1},
};

static int poly_is(const fmpq_mpoly_t p, const char *text)
{
    ic_err err;
    fmpq_mpoly_t q;
    fmpq_mpoly_init(q, ctx);
    ic_cf_poly_set_str(q, text, ctx, &err);
    int eq = fmpq_mpoly_equal(p, q, ctx);
    if (!eq) {
        char *s = ic_cf_poly_str(p, ctx);
        diag("got %s, want %s", s, text);
        free(s);
    }
    fmpq_mpoly_clear(q, ctx);
    return eq;
}

/* Per-(t, t') terms and totals against the literal enumeration, d <= dmax, T <= 4. */
static int literal_mismatches(const ic_ipat_result *r, const ic_ipat_sum *s, int model, long dmin, long dstep,
                              long dmax, const fmpq *w)
{
    int bad = 0;
    fmpq_t a, b;
    fmpq_init(a);
    fmpq_init(b);
    for (long d = dmin; d <= dmax; d += dstep)
        for (long T = 1; T <= 4; T++) {
            long tv[2] = {1, 1};
            for (;;) {
                ic_ipat_term(a, r, s, tv, T, d, w, ctx);
                ic_ipat_term_literal(b, s, model, tv, T, d, w);
                bad += !fmpq_equal(a, b);
                int k = s->nsum - 1;
                while (k >= 0 && ++tv[k] > T)
                    tv[k--] = 1;
                if (k < 0)
                    break;
            }
            ic_ipat_total_eval(a, r, T, d, w, ctx);
            ic_ipat_total_literal(b, s, model, T, d, w);
            bad += !fmpq_equal(a, b);
        }
    fmpq_clear(a);
    fmpq_clear(b);
    return bad;
}

int main(void)
{
    ic_cf_ctx_init(ctx);
    ic_err err;
    ic_err_clear(&err);
    ic_ipat_result r;

    /* exhaustion: counts sum to d^n for n = 1..5, both models */
    for (int model = 0; model < 2; model++)
        for (int n = 1; n <= 5; n++) {
            ic_ipat_sum s = {.npos = n, .nsum = 0, .names = "abcde"};
            for (int p = 0; p < n; p++)
                s.expo[p].c = p + 1; /* never zero: every pattern "never" */
            int rc = ic_ipat_expand(&r, &s, model, 0, ctx, &err);
            char want[16];
            snprintf(want, sizeof want, "d^%d", n);
            ok(rc == IC_OK && r.exhaustive && poly_is(r.tuples, want),
               "%s model, %d positions: %zu patterns, counts sum to d^%d", model ? "pairs" : "unitary", n, r.npat, n);
            ic_ipat_result_clear(&r, ctx);
        }
    /* weighted: sum of counts = prod_p p_{r_p} */
    {
        ic_ipat_sum s = {.npos = 4, .nsum = 0, .names = "abcd", .weight = {1, 2, 0, 1}};
        for (int p = 0; p < 4; p++)
            s.expo[p].c = 1;
        int rc = ic_ipat_expand(&r, &s, IC_IPAT_UNITARY, 1, ctx, &err);
        ok(rc == IC_OK && r.exhaustive && poly_is(r.tuples, "p1^2*p2*d") && r.npat == 15,
           "weighted counts (Moebius inversion in power sums) sum to p1^2 p2 d over 15 patterns");
        ic_ipat_result_clear(&r, ctx);
    }

    /* the augmented numerator and denominator, unitary model */
    int rc = ic_ipat_expand(&r, &NUM, IC_IPAT_UNITARY, 0, ctx, &err);
    ok(rc == IC_OK && r.npat == 2 && poly_is(r.total, "d*T"), "num: 2 patterns, sum = d T (num_T = T/d)");
    ok(literal_mismatches(&r, &NUM, IC_IPAT_UNITARY, 1, 1, 4, NULL) == 0, "num: per-t terms = literal, d, T <= 4");
    ic_ipat_result_clear(&r, ctx);
    rc = ic_ipat_expand(&r, &DEN, IC_IPAT_UNITARY, 0, ctx, &err);
    ok(rc == IC_OK && r.npat == 5 && r.exhaustive && poly_is(r.total, "d*T*(T+d-1)"),
       "den: 5 patterns, sum = d T (T + d - 1) (den_T = T(T+d-1)/d^2)");
    int diag_pat = -1;
    for (size_t i = 0; i < r.npat; i++)
        if (strcmp(r.pat[i].pattern, "{j}{k,l}") == 0)
            diag_pat = (int)i;
    ok(diag_pat >= 0 && strcmp(r.pat[diag_pat].solution, "t' = t") == 0 && poly_is(r.pat[diag_pat].count, "d^2-d") &&
           poly_is(r.pat[diag_pat].box, "T"),
       "den: pattern {j}{k,l} has d(d-1) tuples, solution t' = t, T pairs (t, t')");
    ok(literal_mismatches(&r, &DEN, IC_IPAT_UNITARY, 1, 1, 4, NULL) == 0,
       "den: per-(t, t') terms and totals = literal enumeration, d, T <= 4");
    ic_ipat_result_clear(&r, ctx);

    /* pairs model (real rotation blocks): the same sums */
    rc = ic_ipat_expand(&r, &NUM, IC_IPAT_PAIRS, 0, ctx, &err);
    ok(rc == IC_OK && r.exhaustive && poly_is(r.total, "d*T"), "pairs num: d T");
    ok(literal_mismatches(&r, &NUM, IC_IPAT_PAIRS, 2, 2, 6, NULL) == 0, "pairs num: terms = literal, d = 2, 4, 6");
    ic_ipat_result_clear(&r, ctx);
    rc = ic_ipat_expand(&r, &DEN, IC_IPAT_PAIRS, 0, ctx, &err);
    ok(rc == IC_OK && r.exhaustive && poly_is(r.total, "d*T*(T+d-1)"), "pairs den: %zu patterns, d T (T + d - 1)",
       r.npat);
    ok(literal_mismatches(&r, &DEN, IC_IPAT_PAIRS, 2, 2, 4, NULL) == 0, "pairs den: terms = literal, d = 2, 4");
    ic_ipat_result_clear(&r, ctx);

    /* weighted (general s_0): num = T p2, den = T^2 p3 + T (p1 p2 - p3) */
    fmpq w[3];
    for (int k = 0; k < 3; k++)
        fmpq_init(&w[k]);
    fmpq_set_si(&w[0], 1, 3);
    fmpq_set_si(&w[1], 5, 7);
    fmpq_set_si(&w[2], 2, 1);
    rc = ic_ipat_expand(&r, &NUM, IC_IPAT_UNITARY, 1, ctx, &err);
    ok(rc == IC_OK && r.exhaustive && poly_is(r.total, "T*p2"), "weighted num: T p2");
    ok(literal_mismatches(&r, &NUM, IC_IPAT_UNITARY, 3, 1, 3, w) == 0, "weighted num: terms = literal at d = 3");
    ic_ipat_result_clear(&r, ctx);
    rc = ic_ipat_expand(&r, &DEN, IC_IPAT_UNITARY, 1, ctx, &err);
    ok(rc == IC_OK && r.exhaustive && poly_is(r.total, "T^2*p3+T*(p1*p2-p3)"), "weighted den: T^2 p3 + T(p1 p2 - p3)");
    ok(literal_mismatches(&r, &DEN, IC_IPAT_UNITARY, 3, 1, 3, w) == 0, "weighted den: terms = literal at d = 3");
    ic_ipat_result_clear(&r, ctx);
    for (int k = 0; k < 3; k++)
        fmpq_clear(&w[k]);

    /* a wrong index sum is caught by the literal cross-check: the den of
     * code that forgets the conjugate on s_{t-1} */
    {
        ic_ipat_sum bad = DEN;
        bad.expo[1].s[0] = 1; /* k: t + T - 1 instead of T - t + 1 */
        bad.expo[1].c = -1;
        rc = ic_ipat_expand(&r, &bad, IC_IPAT_UNITARY, 0, ctx, &err);
        fmpq_mpoly_t q;
        fmpq_mpoly_init(q, ctx);
        ic_cf_poly_set_str(q, "d*T*(T+d-1)", ctx, &err);
        ok(rc == IC_OK && !fmpq_mpoly_equal(r.total, q, ctx), "a different sum gives a different polynomial");
        fmpq_mpoly_clear(q, ctx);
        ic_ipat_result_clear(&r, ctx);
    }

    /* sums the solver must not write as one polynomial in T */
    {
        ic_ipat_sum half = {.npos = 1, .nsum = 1, .names = "j", .expo = {{.s = {2, 0}, .T = -1, .c = 0}}};
        rc = ic_ipat_expand(&r, &half, IC_IPAT_UNITARY, 0, ctx, &err);
        ok(rc == IC_EINTERNAL, "2t = T (solutions for even T only) is reported undecided: %s", err.msg);
        ic_ipat_result_clear(&r, ctx);
        ic_ipat_sum late = {.npos = 1, .nsum = 1, .names = "j", .expo = {{.s = {1, 0}, .T = 0, .c = -3}}};
        rc = ic_ipat_expand(&r, &late, IC_IPAT_UNITARY, 0, ctx, &err);
        ok(rc == IC_EINTERNAL, "t = 3 (in range for T >= 3 only) is reported undecided: %s", err.msg);
        ic_ipat_result_clear(&r, ctx);
        ic_ipat_sum nosum = {.npos = 1, .nsum = 0, .names = "j", .expo = {{.T = 1, .c = -2}}};
        rc = ic_ipat_expand(&r, &nosum, IC_IPAT_UNITARY, 0, ctx, &err);
        ok(rc == IC_EINTERNAL, "T = 2 only is reported undecided: %s", err.msg);
        ic_ipat_result_clear(&r, ctx);
        ic_ipat_sum shift = {.npos = 2, .nsum = 2, .names = "jk",
                             .expo = {{.s = {1, -1}, .c = -1}, {.s = {-1, 1}, .c = 1}}};
        rc = ic_ipat_expand(&r, &shift, IC_IPAT_UNITARY, 0, ctx, &err);
        ok(rc == IC_OK && poly_is(r.total, "d^2*(T-1) + d*T^2 - d*(T-1)"),
           "t = t' + 1 counts T - 1 pairs (for every T >= 1): %s", rc ? err.msg : "ok");
        ok(rc == IC_OK && literal_mismatches(&r, &shift, IC_IPAT_UNITARY, 1, 1, 3, NULL) == 0,
           "the shifted diagonal matches the literal enumeration");
        ic_ipat_result_clear(&r, ctx);
    }
    /* bad inputs */
    {
        ic_ipat_sum s = {.npos = 7};
        ok(ic_ipat_expand(&r, &s, IC_IPAT_UNITARY, 0, ctx, &err) == IC_EINPUT, "7 positions refused");
        ic_ipat_result_clear(&r, ctx);
        ok(ic_ipat_expand(&r, &NUM, IC_IPAT_PAIRS, 1, ctx, &err) == IC_EINPUT, "weighted pairs model refused");
        ic_ipat_result_clear(&r, ctx);
    }
    fmpq_mpoly_ctx_clear(ctx);
    return done_testing();
}
