/* ic_budget: ratios against the rounding budget, and the certificate entry. */
#include <string.h>

#include "certificates/rounding_budget.h"
#include "tap.h"

int main(void)
{
    ic_budget_budget b;
    ic_err e;
    ok(ic_budget_init(&b, 256, 2, &e) == IC_OK, "init");
    ok(mpfr_cmp_ui_2exp(b.eps, 1, 40 - 256) == 0, "eps = 2^(40 - prec)");
    mpfr_t err, scale, x;
    mpfr_inits2(256, err, scale, x, (mpfr_ptr)0);
    mpfr_set_ui_2exp(err, 1, 40 - 256 - 1, MPFR_RNDN);       /* eps / 2 */
    mpfr_set_d(scale, 0.25, MPFR_RNDN);                       /* |scale| < 1 counts as 1 */
    ok(ic_budget_note(&b, 0, err, scale) == 1 && b.worst[0] == 0.5, "eps/2 at scale 1/4: ratio 0.5");
    mpfr_set_d(scale, -8, MPFR_RNDN);
    mpfr_mul_si(err, err, -2, MPFR_RNDN);                     /* -eps, sign ignored */
    ok(ic_budget_note(&b, 0, err, scale) == 1 && b.worst[0] == 0.5, "-eps at scale 8: ratio 1/8, worst stays 0.5");
    mpfr_set_ui_2exp(err, 3, 40 - 256, MPFR_RNDN);
    mpfr_set_ui(scale, 1, MPFR_RNDN);
    ok(ic_budget_note(&b, 1, err, scale) == 0 && b.worst[1] == 3, "3 eps: over budget, ratio 3");
    mpfr_set_ui(x, 1, MPFR_RNDN);
    mpfr_set_ui_2exp(err, 1, 40 - 256 - 2, MPFR_RNDN);
    mpfr_add(err, x, err, MPFR_RNDN);                         /* 1 + eps/4 */
    ok(ic_budget_note_diff(&b, 0, err, x, scale) == 1, "difference within budget");
    ic_budget_bound(x, &b, scale);
    ok(mpfr_equal_p(x, b.eps), "bound at scale 1 is eps");
    ic_cert *c = ic_cert_new("demo", "C0", "ref", "verify");
    ok(ic_budget_report(&b, 0, c, "a", "first") == 1, "check 0 passes");
    ok(ic_budget_report(&b, 1, c, "b", "second") == 0, "check 1 fails");
    ok(strcmp(ic_cert_finish(c), "fail") == 0, "verdict fail");
    ic_cert_free(c);
    mpfr_clears(err, scale, x, (mpfr_ptr)0);
    ic_budget_clear(&b);
    return done_testing();
}
