/* ic_exact_cert_* (cert_report.c): routes of a sweep, the number of points
 * for its bound, and the checks written into a certificate with their proof
 * kind, scope, method and counterexample. */
#include <string.h>

#include "exact/cert_report.h"
#include "tap.h"

static json_t *check_named(ic_cert *c, const char *name)
{
    size_t i;
    json_t *ck;
    json_array_foreach(json_object_get(ic_cert_json(c), "checks"), i, ck)
        if (strcmp(json_string_value(json_object_get(ck, "name")), name) == 0)
            return ck;
    return NULL;
}

static const char *field(json_t *ck, const char *a, const char *b)
{
    json_t *x = json_object_get(ck, a);
    if (b)
        x = json_object_get(x, b);
    return x ? json_string_value(x) : "";
}

int main(void)
{
    {
        /* the exact-proof options of a verify sweep */
        static const ic_param_spec spec[] = {
            { "symbolic-work", IC_PARAM_INT, "16000000", NULL, "work", NULL },
            { "exact", IC_PARAM_INT, "1", NULL, "exact", NULL },
            { "sampled", IC_PARAM_INT, "1", NULL, "sampled", NULL },
            IC_PARAM_END
        };
        ic_param_set p;
        ic_err e;
        ic_err_clear(&e);
        ok(ic_param_init(&p, spec, &e) == IC_OK && ic_exact_cert_check_options(&p, &e) == IC_OK, "options: the defaults pass");
        ic_param_set_value(&p, "exact", "0", "t", &e);
        ok(ic_exact_cert_check_options(&p, &e) == IC_OK, "options: --exact 0 alone passes");
        ic_param_set_value(&p, "sampled", "0", "t", &e);
        ok(ic_exact_cert_check_options(&p, &e) == IC_EINPUT && strstr(e.msg, "not both 0"),
           "options: --exact 0 --sampled 0 refused: %s", e.msg);
        ic_param_set_value(&p, "sampled", "2", "t", &e);
        ok(ic_exact_cert_check_options(&p, &e) == IC_EINPUT, "options: --sampled 2 refused");
        ic_param_set_value(&p, "sampled", "1", "t", &e);
        ic_param_set_value(&p, "symbolic-work", "-1", "t", &e);
        ok(ic_exact_cert_check_options(&p, &e) == IC_EINPUT && strcmp(e.msg, "--symbolic-work: -1 is negative") == 0,
           "options: negative --symbolic-work refused: %s", e.msg);
        ic_param_clear(&p);
    }
    static const long ds[2] = {2, 64}, Ts[2] = {3, 20};
    ic_exact_cert_sweep s;
    ic_exact_cert_sweep_init(&s, ds, 2, Ts, 2, 16000000, 5);
    ok(ic_exact_cert_is_symbolic(&s, 0, 0) && ic_exact_cert_is_symbolic(&s, 0, 1) &&
           !ic_exact_cert_is_symbolic(&s, 1, 0) && !ic_exact_cert_is_symbolic(&s, 1, 1),
       "d = 2 symbolic, d = 64 evaluated at the default work");
    /* 5 identities x (2 + 19) rows = 105 evaluated row identities: 2^7 >= 105,
     * target 2^-107 needs 4 points of (4/2^32) each: bound 2^-120 + 7 = 2^-113 */
    ok(s.sz_points == 4 && s.sz_log2 == -113.0, "4 points per row, union bound 2^-113 (%ld, %.2f)", s.sz_points,
       s.sz_log2);
    ic_exact_rand rand;
    ic_exact_rand_init(&rand, 1);
    ic_exact_plan p0 = ic_exact_cert_plan(&s, 0, 1, &rand), p1 = ic_exact_cert_plan(&s, 1, 0, &rand);
    ok(p0.symbolic && !p1.symbolic && p1.points == 4 && p1.bits == IC_EXACT_SZ_BITS && p1.rand == &rand,
       "plans: symbolic, and 4 points of 32 bits");
    char buf[64];
    ic_exact_cert_list(buf, sizeof buf, ds, 2);
    ok(strcmp(buf, "{2, 64}") == 0, "list text {2, 64}");

    ic_cert *c = ic_cert_new("x", "X", "ref", "verify");
    ic_exact_result sym, ev;
    ic_exact_result_init(&sym);
    ic_exact_result_init(&ev);
    sym.rows = 3;
    sym.terms = 40;
    sym.nvars_max = 9;
    ic_exact_cert_identity(c, "id_sym", "what", &sym, &ev, &s, "how", NULL);
    json_t *ck = check_named(c, "id_sym");
    ok(ck && strcmp(field(ck, "status", NULL), "pass") == 0 && strcmp(field(ck, "value", NULL), "0") == 0 &&
           strcmp(field(ck, "proof", "kind"), "symbolic") == 0 && strstr(field(ck, "proof", "method"), "40 terms"),
       "only symbolic configurations: kind symbolic, value 0, method with the terms");
    ev.configs = 1;
    ev.rows = 19;
    ev.points = 76;
    ic_exact_cert_identity(c, "id_ev", "what", &sym, &ev, &s, "how", "how at points");
    ck = check_named(c, "id_ev");
    ok(ck && strcmp(field(ck, "proof", "kind"), "exact") == 0 &&
           strstr(field(ck, "proof", "method"), "Schwartz-Zippel") && strstr(field(ck, "proof", "method"), "2^-113") &&
           strstr(field(ck, "proof", "scope"), "exact evaluation for (64, 3), (64, 20)"),
       "with evaluated configurations: kind exact, the bound and the evaluated (d, T) named");
    ev.failed = 1;
    ev.mismatches = 2;
    ev.fail_d = 64;
    ev.fail_T = 20;
    ev.fail_t = 5;
    ev.fail_text = strdup("lhs - rhs: difference 7 at a random integer point");
    ic_exact_cert_identity(c, "id_bad", "what", &sym, &ev, &s, "how", NULL);
    ck = check_named(c, "id_bad");
    json_t *cx = json_object_get(json_object_get(ic_cert_json(c), "data"), "counterexample_id_bad");
    ok(ck && strcmp(field(ck, "status", NULL), "fail") == 0 && strcmp(field(ck, "value", NULL), "2") == 0 && cx &&
           strstr(json_string_value(cx), "(d, T) = (64, 20), row t = 5"),
       "a failure: status fail, value 2 mismatches, counterexample in the data");
    ic_exact_result fam;
    ic_exact_result_init(&fam);
    fam.diff_terms = 1;
    fam.failed = 1;
    fam.fail_text = strdup("here: numerator of L = c");
    ic_exact_cert_family(c, "fam", "what", &fam, "scope", "method");
    ck = check_named(c, "fam");
    ok(ck && strcmp(field(ck, "status", NULL), "fail") == 0 && strcmp(field(ck, "proof", "kind"), "symbolic") == 0,
       "a family check: fail, kind symbolic");
    ic_exact_result_clear(&fam);
    ic_exact_result_clear(&ev);
    ic_exact_result_clear(&sym);
    ic_cert_free(c);
    ic_exact_rand_clear(&rand);
    return done_testing();
}
