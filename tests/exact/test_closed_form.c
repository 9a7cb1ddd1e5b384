/* Tests of ic_cf: parsing, equality of rational functions, smallest counterexamples with exact
 * discrepancies, domain constraints and steps, positivity on a box, bad inputs. */
#include <stdlib.h>
#include <string.h>

#include "exact/closed_form.h"
#include "tap.h"

static fmpq_mpoly_ctx_t ctx;

static void set(ic_ratfun *f, const char *n, const char *d)
{
    ic_err err;
    ic_err_clear(&err);
    if (ic_ratfun_set_str(f, n, d, ctx, &err))
        diag("parse: %s", err.msg);
}

int main(void)
{
    ic_cf_ctx_init(ctx);
    ic_err err;
    ic_err_clear(&err);
    ic_ratfun a, b, c;
    ic_ratfun_init(&a, ctx);
    ic_ratfun_init(&b, ctx);
    ic_ratfun_init(&c, ctx);

    /* equal as rational functions in different written forms */
    set(&a, "3*d", "2*N+3*d-2");
    set(&b, "6*d*N+6*d", "(2*N+3*d-2)*(2*N+2)");
    ok(ic_ratfun_equal(&a, &b, ctx), "3d/(2N+3d-2) = 6d(N+1)/((2N+3d-2)(2N+2))");
    char *s1 = ic_ratfun_str(&a, ctx), *s2 = ic_ratfun_str(&b, ctx);
    ok(strcmp(s1, s2) == 0, "reduced forms print the same: %s", s1);
    free(s1);
    free(s2);
    set(&c, "3*d", "2*N+3*d-1");
    ok(!ic_ratfun_equal(&a, &c, ctx), "3d/(2N+3d-2) != 3d/(2N+3d-1)");

    /* smallest counterexample of eta* = d/(T+d) against d/(T+d-1): (1, 1), discrepancy -1/2 */
    ic_cf_domain dT = {.nvars = 2, .var = {IC_CF_D, IC_CF_T}, .lo = {1, 1}, .step = {1, 1}, .text = "all d >= 1, T >= 1"};
    ic_cf_verdict v;
    ic_cf_verdict_init(&v);
    set(&a, "d", "T+d-1");
    set(&b, "d", "T+d");
    int rc = ic_cf_refute(&v, &b, &a, &dT, ctx, &err);
    ok(rc == IC_OK && v.refuted && v.x[0] == 1 && v.x[1] == 1 && fmpq_cmp_si(v.claimed, 1) != 0 &&
           fmpq_equal_si(v.derived, 1),
       "d/(T+d) refuted at (d, T) = (%ld, %ld)", v.x[0], v.x[1]);
    fmpq_t want;
    fmpq_init(want);
    fmpq_set_si(want, -1, 2);
    ok(fmpq_equal(v.discrepancy, want), "exact discrepancy 1/2 - 1 = -1/2");
    rc = ic_cf_refute(&v, &a, &a, &dT, ctx, &err);
    ok(rc == IC_OK && !v.refuted, "a form equal to the derived one is not refuted");

    /* a perturbation that vanishes at d = 1: (d-1)/(T+d-1) vs (d-1)/(T+d): first at (2, 1) */
    set(&a, "d-1", "T+d-1");
    set(&b, "d-1", "T+d");
    rc = ic_cf_refute(&v, &b, &a, &dT, ctx, &err);
    fmpq_set_si(want, -1, 6); /* 1/3 - 1/2 */
    ok(rc == IC_OK && v.refuted && v.x[0] == 2 && v.x[1] == 1 && fmpq_equal(v.discrepancy, want),
       "(d-1)/(T+d) refuted first at (d, T) = (2, 1) with discrepancy -1/6 (d = 1 agrees)");

    /* constraints and steps: d even, 2H <= d; (T-1)(d-2H) vs (T-1)(d-2H) + (T-1)(H-1): first at H = 2 */
    ic_cf_domain dom = {.nvars = 3, .var = {IC_CF_D, IC_CF_H, IC_CF_T}, .lo = {2, 1, 1}, .step = {2, 1, 1},
                        .ncons = 1, .a = {{1, -2, 0}}, .b = {0}, .text = "even d, 2H <= d"};
    set(&a, "(T-1)*(d-2*H)", "1");
    set(&b, "(T-1)*(d-2*H)+(T-1)*(H-1)", "1");
    rc = ic_cf_refute(&v, &b, &a, &dom, ctx, &err);
    ok(rc == IC_OK && v.refuted && v.x[0] == 4 && v.x[1] == 2 && v.x[2] == 2 && fmpq_equal_si(v.discrepancy, 1),
       "a perturbation vanishing at H = 1 is refuted at (d, H, T) = (%ld, %ld, %ld), the smallest even d "
       "allowing H = 2",
       v.x[0], v.x[1], v.x[2]);
    char buf[64];
    ic_cf_point_str(buf, sizeof buf, &dom, v.x);
    ok(strcmp(buf, "d = 4, H = 2, T = 2") == 0, "point text: %s", buf);

    /* a variable outside the domain */
    set(&b, "c*d", "1");
    rc = ic_cf_refute(&v, &b, &a, &dT, ctx, &err);
    ok(rc == IC_EINPUT, "a form using a variable outside the domain is refused: %s", err.msg);

    /* positivity on a box */
    fmpq_mpoly_t p;
    fmpq_mpoly_init(p, ctx);
    ic_cf_poly_set_str(p, "T*(T+d-1)", ctx, &err);
    ok(ic_cf_positive_on_box(p, &dT, ctx), "T(T+d-1) > 0 shown for d, T >= 1");
    ic_cf_poly_set_str(p, "T*(T-d+1)", ctx, &err);
    ok(!ic_cf_positive_on_box(p, &dT, ctx), "T(T-d+1) is not shown positive (it is 0 at T = d - 1)");
    ic_cf_poly_set_str(p, "T*(d-1)", ctx, &err);
    ok(!ic_cf_positive_on_box(p, &dT, ctx), "T(d-1) is not shown positive (0 at d = 1)");

    /* bad inputs */
    rc = ic_ratfun_set_str(&a, "d+", "1", ctx, &err);
    ok(rc == IC_EINPUT, "unparsable closed form refused: %s", err.msg);
    rc = ic_ratfun_set_str(&a, "d", "T-T", ctx, &err);
    ok(rc == IC_EINPUT, "zero denominator refused: %s", err.msg);
    set(&b, "0", "1");
    rc = ic_ratfun_div(&c, &a, &b, ctx, &err);
    ok(rc == IC_EINPUT, "division by zero refused");

    fmpq_clear(want);
    fmpq_mpoly_clear(p, ctx);
    ic_cf_verdict_clear(&v);
    ic_ratfun_clear(&a, ctx);
    ic_ratfun_clear(&b, ctx);
    ic_ratfun_clear(&c, ctx);
    fmpq_mpoly_ctx_clear(ctx);
    return done_testing();
}
