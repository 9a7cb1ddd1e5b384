/* Tests of ic_rowmin: the losses at the minimising families are d - H and d - 2H per row and
 * (T-1)(d-H), (T-1)(d-2H) in total; wrong minima are refuted at the smallest (d, H, T) with the exact
 * discrepancy. */
#include <stdlib.h>
#include <string.h>

#include "exact/row_minima.h"
#include "tap.h"

static fmpq_mpoly_ctx_t ctx;

static int is(const ic_ratfun *f, const char *num)
{
    ic_err err;
    ic_ratfun g;
    ic_ratfun_init(&g, ctx);
    ic_ratfun_set_str(&g, num, "1", ctx, &err);
    int eq = ic_ratfun_equal(f, &g, ctx);
    if (!eq) {
        char *s = ic_ratfun_str(f, ctx);
        diag("got %s, want %s", s, num);
        free(s);
    }
    ic_ratfun_clear(&g, ctx);
    return eq;
}

static void refute(const char *claimed, const ic_ratfun *derived, const ic_cf_domain *dom, const char *want_point,
                   long want_disc)
{
    ic_err err;
    ic_err_clear(&err);
    ic_ratfun c;
    ic_ratfun_init(&c, ctx);
    ic_ratfun_set_str(&c, claimed, "1", ctx, &err);
    ic_cf_verdict v;
    ic_cf_verdict_init(&v);
    int rc = ic_cf_refute(&v, &c, derived, dom, ctx, &err);
    char buf[96] = "";
    if (rc == IC_OK && v.refuted)
        ic_cf_point_str(buf, sizeof buf, dom, v.x);
    ok(rc == IC_OK && v.refuted && strcmp(buf, want_point) == 0 && fmpq_equal_si(v.discrepancy, want_disc),
       "%s refuted at %s (want %s), discrepancy %ld", claimed, buf, want_point, want_disc);
    ic_cf_verdict_clear(&v);
    ic_ratfun_clear(&c, ctx);
}

int main(void)
{
    ic_cf_ctx_init(ctx);
    ic_err err;
    ic_err_clear(&err);
    ic_ratfun row, total;
    ic_ratfun_init(&row, ctx);
    ic_ratfun_init(&total, ctx);
    ic_cf_domain du, dor;
    ic_rowmin_unitary_domain(&du);
    ic_rowmin_orthogonal_domain(&dor);

    int rc = ic_rowmin_unitary(&row, &total, ctx, &err);
    ok(rc == IC_OK && is(&row, "d-H"), "unitary: a row of the rank-H family costs d - H (c cancels)");
    ok(rc == IC_OK && is(&total, "(T-1)*(d-H)"), "unitary: total (T-1)(d-H) for all d, H, T");
    ic_cf_verdict v;
    ic_cf_verdict_init(&v);
    ic_ratfun c;
    ic_ratfun_init(&c, ctx);
    ic_ratfun_set_str(&c, "(T-1)*(d-H)", "1", ctx, &err);
    rc = ic_cf_refute(&v, &c, &total, &du, ctx, &err);
    ok(rc == IC_OK && !v.refuted, "the stated (T-1)(d-H) holds on %s", du.text);
    refute("(T-1)*(d-H+1)", &total, &du, "d = 2, H = 1, T = 2", 1);
    refute("T*(d-H)", &total, &du, "d = 2, H = 1, T = 1", 1);

    rc = ic_rowmin_orthogonal(&row, &total, ctx, &err);
    ok(rc == IC_OK && is(&row, "d-2*H"), "orthogonal: a row of the solved-pairs family costs d - 2H");
    ok(rc == IC_OK && is(&total, "(T-1)*(d-2*H)"), "orthogonal: total (T-1)(d-2H) for all d, H, T");
    ic_ratfun_set_str(&c, "(T-1)*(d-2*H)", "1", ctx, &err);
    rc = ic_cf_refute(&v, &c, &total, &dor, ctx, &err);
    ok(rc == IC_OK && !v.refuted, "the stated (T-1)(d-2H) holds on %s", dor.text);
    refute("(T-1)*(d-2*H+1)", &total, &dor, "d = 2, H = 1, T = 2", 1);
    refute("(T-1)*(d-H)", &total, &dor, "d = 2, H = 1, T = 2", 1);

    ic_cf_verdict_clear(&v);
    ic_ratfun_clear(&c, ctx);
    ic_ratfun_clear(&row, ctx);
    ic_ratfun_clear(&total, ctx);
    fmpq_mpoly_ctx_clear(ctx);
    return done_testing();
}
