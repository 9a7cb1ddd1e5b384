/* ic_param: typed parameters: validation per kind, defaults, required ones,
 * typed reads, ranges and list ceilings, the messages that name where a
 * value came from, and every claim's spec table (ranges well formed,
 * defaults inside them). */
#include <string.h>

#include "certificates/claim.h"
#include "certificates/parameters.h"
#include "tap.h"

static const ic_param_spec ranged[] = {
    {"tol", IC_PARAM_REAL, "0.01", NULL, "tolerance", "[0, inf)"},
    {"lr", IC_PARAM_REAL, "0.5", NULL, "rate", "(0, 1)"},
    {"d", IC_PARAM_INTS, "2,3", NULL, "dimensions", "[1, 64]"},
    {"work", IC_PARAM_INT, "4000000", NULL, "work", "[1, 100000000]"},
    IC_PARAM_END,
};

/* Every claim's tables: ranges parse, defaults validate (range included). */
static void check_claim_specs(void)
{
    size_t specs = 0, bad = 0, ranges = 0;
    for (size_t i = 0; ic_claims[i]; i++) {
        static const char *const modes[] = { "verify", "compare", "train" };
        for (int m = 0; m < 3; m++) {
            const ic_param_spec *sp = ic_claim_params(ic_claims[i], modes[m]);
            for (; sp && sp->name; sp++) {
                specs++;
                double lo, hi;
                int lo_open, hi_open;
                if (sp->range) {
                    ranges++;
                    if (ic_param_range_parse(sp->range, &lo, &hi, &lo_open, &hi_open) != 0 ||
                        (sp->kind != IC_PARAM_INT && sp->kind != IC_PARAM_INTS && sp->kind != IC_PARAM_REAL)) {
                        diag("%s %s --%s: bad range '%s'", ic_claims[i]->id, modes[m], sp->name, sp->range);
                        bad++;
                    }
                }
                ic_err e;
                if (sp->def && *sp->def && ic_param_validate(sp, sp->def, "default", &e) != IC_OK) {
                    diag("%s %s: %s", ic_claims[i]->id, modes[m], e.msg);
                    bad++;
                }
            }
        }
    }
    ok(bad == 0 && ranges >= 40, "every claim's spec: %zu ranges well formed, every default inside its range "
       "(%zu parameters)", ranges, specs);
    static const ic_param_spec shared[] = { IC_PARAM_PREC, IC_PARAM_MAX_BYTES, IC_PARAM_MAX_PREC, IC_PARAM_END };
    for (const ic_param_spec *sp = shared; sp->name; sp++) {
        double lo, hi;
        int a, b;
        ok(!sp->range || ic_param_range_parse(sp->range, &lo, &hi, &a, &b) == 0, "shared --%s range '%s'",
           sp->name, sp->range ? sp->range : "none");
    }
}

static void check_ranges(void)
{
    ic_param_set s;
    ic_err err;
    ic_err_clear(&err);
    ic_param_init(&s, ranged, &err);
    ok(ic_param_set_value(&s, "tol", "0", "c.case:3", &err) == IC_OK, "[0, inf): 0 accepted");
    ok(ic_param_set_value(&s, "tol", "-1e-9", "c.case:3", &err) == IC_EINPUT && strstr(err.msg, "c.case:3") &&
           strstr(err.msg, "outside [0, inf)"),
       "[0, inf): a negative tolerance refused, file:line and interval named: %s", err.msg);
    ok(ic_param_set_value(&s, "lr", "1", "cmd", &err) == IC_EINPUT && ic_param_set_value(&s, "lr", "0", "cmd", &err) ==
           IC_EINPUT && ic_param_set_value(&s, "lr", "0.999", "cmd", &err) == IC_OK,
       "(0, 1): open ends refused, inside accepted");
    ok(ic_param_set_value(&s, "d", "2,65", "x.case:2", &err) == IC_EINPUT && strstr(err.msg, "65 is outside 1..64"),
       "a list element outside [1, 64] refused: %s", err.msg);
    ok(ic_param_set_value(&s, "work", "-5", "cmd", &err) == IC_EINPUT && strstr(err.msg, "outside 1..100000000") &&
           ic_param_set_value(&s, "work", "0", "cmd", &err) == IC_EINPUT,
       "a negative or zero work bound refused: %s", err.msg);
    char list[400] = "1";
    for (int i = 2; i <= IC_PARAM_LIST_MAX; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), ",%d", i);
    ok(ic_param_set_value(&s, "d", list, "cmd", &err) == IC_OK, "a list of IC_PARAM_LIST_MAX = %d values accepted",
       IC_PARAM_LIST_MAX);
    strcat(list, ",1");
    ok(ic_param_set_value(&s, "d", list, "cmd", &err) == IC_EINPUT && strstr(err.msg, "more than 32 values"),
       "one more refused: %s", err.msg);
    ok(ic_param_set_value(&s, "tol", "0X1P-2", "cmd", &err) == IC_EINPUT && strstr(err.msg, "not a finite number"),
       "hexadecimal tolerance refused by the validator: %s", err.msg);
    mpfr_t x;
    mpfr_init2(x, 256);
    ic_param_set_value(&s, "tol", "1e-5", "cmd", &err);
    ok(ic_param_real_mpfr(&s, "tol", x) == 0 && mpfr_cmp_d(x, 1e-5) != 0 && mpfr_cmp_d(x, 9.99e-6) > 0,
       "the MPFR conversion reads the decimal at 256 bits");
    ok(ic_param_real_mpfr_rnd(&s, "tol", x, MPFR_RNDD) == 0, "directed conversion");
    mpfr_clear(x);
    ok(ic_param_set_value(&s, "work", " 7", "cmd", &err) == IC_EINPUT, "an integer with a blank refused");
    ic_param_clear(&s);
}

static const ic_param_spec spec[] = {
    {"in", IC_PARAM_FILE, NULL, NULL, "input"},
    {"tol", IC_PARAM_REAL, "0.01", NULL, "tolerance"},
    {"steps", IC_PARAM_INT, "100", NULL, "steps"},
    {"d", IC_PARAM_INTS, "2,3", NULL, "dimensions"},
    {"loss", IC_PARAM_WORD, "exact", "exact|authors", "which loss"},
    {"note", IC_PARAM_WORD, "", NULL, "optional"},
    IC_PARAM_END,
};

int main(void)
{
    ic_param_set s;
    ic_err err;
    ic_err_clear(&err);
    ok(ic_param_init(&s, spec, &err) == IC_OK, "init");
    ok(ic_param_count(&s) == 6 && ic_param_spec_at(&s, 0) == &spec[0] && ic_param_spec_at(&s, 5) == &spec[5],
       "exactly the spec's parameters, in order (%zu): no shared ones it does not list", ic_param_count(&s));
    ok(ic_param_check_required(&s, "here", &err) == IC_EINPUT && strstr(err.msg, "in"),
       "required 'in' missing is reported: %s", err.msg);
    ok(ic_param_set_value(&s, "in", "A.npy", "cmd", &err) == IC_OK, "file value accepted");
    ok(ic_param_check_required(&s, "here", &err) == IC_OK, "nothing required missing now");

    ok(ic_param_real(&s, "tol") == 0.01, "real default read");
    ok(ic_param_int(&s, "steps") == 100, "int default read");
    long ds[4];
    ok(ic_param_ints(&s, "d", ds, 4) == 2 && ds[0] == 2 && ds[1] == 3, "int list default read");
    ok(strcmp(ic_param_get(&s, "loss"), "exact") == 0, "word default read");
    ok(!ic_param_given(&s, "tol"), "a default is not 'given'");

    ok(ic_param_set_value(&s, "tol", "2.5e-3", "cmd", &err) == IC_OK && ic_param_real(&s, "tol") == 2.5e-3,
       "real set and read");
    ok(ic_param_given(&s, "tol"), "a set value is 'given'");
    ok(ic_param_set_value(&s, "tol", "abc", "case.case", &err) == IC_EINPUT && strstr(err.msg, "case.case"),
       "non-number refused, source named: %s", err.msg);
    ok(ic_param_set_value(&s, "tol", "inf", "cmd", &err) == IC_EINPUT, "infinite real refused");
    ok(ic_param_set_value(&s, "tol", "nan", "cmd", &err) == IC_EINPUT, "NaN refused");
    ok(ic_param_set_value(&s, "steps", "12.5", "cmd", &err) == IC_EINPUT, "fractional int refused");
    ok(ic_param_set_value(&s, "steps", "99999999999999999999999", "cmd", &err) == IC_EINPUT,
       "int overflow refused");
    ok(ic_param_set_value(&s, "d", "4,,5", "cmd", &err) == IC_EINPUT, "empty list item refused");
    ok(ic_param_set_value(&s, "d", "4,5,6", "cmd", &err) == IC_OK && ic_param_ints(&s, "d", ds, 4) == 3 &&
           ds[2] == 6,
       "int list set and read");
    ic_err_clear(&err);
    ok(ic_param_check_ints(&s, "d", 4, 6, &err) == IC_OK, "4,5,6 within 4..6");
    ok(ic_param_check_ints(&s, "d", 1, 5, &err) == IC_EINPUT && strcmp(err.msg, "--d: 6 is outside 1..5") == 0,
       "6 outside 1..5, named: %s", err.msg);
    ok(ic_param_check_ints(&s, "d", 5, 9, &err) == IC_EINPUT && strcmp(err.msg, "--d: 4 is outside 5..9") == 0,
       "the first value outside is named: %s", err.msg);
    ok(ic_param_set_value(&s, "loss", "bogus", "cmd", &err) == IC_EINPUT && strstr(err.msg, "exact|authors"),
       "word outside choices refused, choices listed: %s", err.msg);
    ok(ic_param_set_value(&s, "loss", "authors", "cmd", &err) == IC_OK, "word in choices accepted");
    ok(ic_param_set_value(&s, "nosuch", "1", "cmd", &err) == IC_EINPUT, "unknown parameter refused");
    ok(ic_param_find(&s, "nosuch") == NULL && ic_param_find(&s, "tol") == &spec[1], "find by name");

    /* Inputs given in memory (ic_param_set_blobs). */
    static const unsigned char bytes[] = "\x93NUMPY";
    ic_param_blob blobs[] = { { "in", "<array in>", bytes, 6 }, { "in", "<array in>", bytes, 6 } };
    ok(ic_param_set_blobs(&s, blobs, 1, "here", &err) == IC_OK &&
           strcmp(ic_param_get(&s, "in"), "<array in>") == 0 && ic_param_blob_of(&s, "in") == &blobs[0],
       "blob set: the value is its label, the blob found by name");
    ok(ic_param_blob_of(&s, "tol") == NULL, "no blob for another parameter");
    ok(ic_param_set_value(&s, "in", "B.npy", "cmd", &err) == IC_OK && ic_param_blob_of(&s, "in") == NULL,
       "a path set later takes the parameter back from the blob");
    ic_param_blob tolb = { "tol", "<array tol>", bytes, 6 }, nob = { "nosuch", "<x>", bytes, 6 };
    ok(ic_param_set_blobs(&s, &tolb, 1, "here", &err) == IC_EINPUT &&
           strcmp(err.msg, "here: --tol takes a number, not an array") == 0,
       "blob for a number refused: %s", err.msg);
    ok(ic_param_set_blobs(&s, &nob, 1, "here", &err) == IC_EINPUT && strstr(err.msg, "unknown option --nosuch"),
       "blob for an unknown option refused: %s", err.msg);
    ok(ic_param_set_blobs(&s, blobs, 2, "here", &err) == IC_EINPUT && strstr(err.msg, "--in given twice"),
       "the same parameter twice refused: %s", err.msg);
    ok(ic_param_set_value(&s, "prec", "128", "cmd", &err) == IC_EINPUT && strstr(err.msg, "unknown option --prec"),
       "a spec without IC_PARAM_PREC refuses --prec: %s", err.msg);
    ic_param_clear(&s);
    ok(s.blobs == NULL && s.nblobs == 0, "clear forgets the blobs");

    /* The shared parameters, where a spec lists them. */
    static const ic_param_spec shared[] = { {"x", IC_PARAM_REAL, "1", NULL, "x", NULL}, IC_PARAM_PREC, IC_PARAM_MAX_BYTES,
                                            IC_PARAM_MAX_PREC, IC_PARAM_END };
    ok(ic_param_init(&s, shared, &err) == IC_OK && ic_param_int(&s, "prec") == 256 && !ic_param_get(&s, "max-bytes") &&
           !ic_param_get(&s, "max-prec"),
       "IC_PARAM_PREC defaults to 256; max-bytes and max-prec have no recorded default");
    ok(ic_param_set_value(&s, "prec", "32", "cmd", &err) == IC_EINPUT && strstr(err.msg, "64..65536"),
       "--prec 32 refused: %s", err.msg);
    ok(ic_param_set_value(&s, "max-prec", "1024", "cmd", &err) == IC_OK && ic_param_int(&s, "max-prec") == 1024,
       "--max-prec 1024 taken");
    ok(ic_param_set_value(&s, "max-bytes", "0", "cmd", &err) == IC_EINPUT, "--max-bytes 0 refused");
    ic_param_clear(&s);
    check_ranges();
    check_claim_specs();
    return done_testing();
}
