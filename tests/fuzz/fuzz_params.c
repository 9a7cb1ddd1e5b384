/* libFuzzer harness: parameter values (ic_param_validate and the converters).
 * The first byte picks the kind (and whether the name is "prec", which has
 * a range check, or the spec carries the range [-5, 1000]); the rest, cut
 * at the first NUL, is the value.  Whatever validates must convert: reals
 * finite, in double and MPFR alike, integer lists of the counted length
 * (at most IC_PARAM_LIST_MAX), every value inside its range. */
#include <math.h>
#include <stdint.h>

#include "fuzz_check.h"
#include "certificates/parameters.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const ic_param_kind kinds[] = { IC_PARAM_FILE, IC_PARAM_REAL, IC_PARAM_INT, IC_PARAM_INTS, IC_PARAM_WORD, IC_PARAM_WORD };
    ic_param_kind kind = kinds[data[0] % 6];
    const char *name = (data[0] & 0x80) && kind == IC_PARAM_INT ? "prec" : "x";
    const char *choices = data[0] % 6 == 5 ? "exact|authors|a" : NULL;
    const char *range = (data[0] & 0x40) && kind != IC_PARAM_FILE && kind != IC_PARAM_WORD && strcmp(name, "prec")
                            ? "[-5, 1000]" : NULL;
    ic_param_spec spec[] = { { name, kind, "", choices, "fuzzed", range }, IC_PARAM_END };
    char *v = strndup((const char *)data + 1, size - 1);
    if (!v)
        return 0;
    ic_param_set s;
    ic_err e;
    ic_err_clear(&e);
    /* "prec" is the shared parameter, validated by its own spec
     * (IC_PARAM_PREC: range [64, 65536]), as a mode that lists it does. */
    static const ic_param_spec prec_spec[] = { IC_PARAM_PREC, IC_PARAM_END };
    const ic_param_spec *use = strcmp(name, "prec") ? spec : prec_spec;
    if (ic_param_init(&s, use, &e) != IC_OK)
        abort();
    const ic_param_spec *sp = &use[0];
    int rc = ic_param_validate(sp, v, "fuzz", &e);
    fuzz_check_err(rc, &e, "fuzz");
    ic_err e2;
    ic_err_clear(&e2);
    int rc2 = ic_param_set_value(&s, name, v, "fuzz", &e2);
    if (rc2 != rc)
        fuzz_fail("ic_param_set_value and ic_param_validate disagree", &e2);
    if (rc == IC_OK) {
        if (strcmp(ic_param_get(&s, name), v) != 0)
            fuzz_fail("value not kept as given", &e);
        if (kind == IC_PARAM_REAL) {
            double d = ic_param_real(&s, name);
            if (!isfinite(d))
                fuzz_fail("accepted real is not finite", &e);
            if (range && (d < -5 || d > 1000))
                fuzz_fail("real outside its range accepted", &e);
            mpfr_t x;
            mpfr_init2(x, 53);
            if (ic_param_real_mpfr(&s, name, x) != 0 || !mpfr_number_p(x) || mpfr_cmp_d(x, d) != 0)
                fuzz_fail("accepted real does not read to the same number in MPFR", &e);
            mpfr_clear(x);
        } else if (kind == IC_PARAM_INT) {
            long l = ic_param_int(&s, name);
            if (strcmp(name, "prec") == 0 && (l < 64 || l > 65536))
                fuzz_fail("prec out of range accepted", &e);
            if (range && (l < -5 || l > 1000))
                fuzz_fail("integer outside its range accepted", &e);
        } else if (kind == IC_PARAM_INTS) {
            size_t commas = 0;
            for (const char *p = v; *p; p++)
                commas += *p == ',';
            long out[64];
            size_t n = ic_param_ints(&s, name, out, 64);
            if (n != commas + 1 || n > IC_PARAM_LIST_MAX)
                fuzz_fail("integer list count differs from its commas or exceeds the ceiling", &e);
            for (size_t i = 0; range && i < n; i++)
                if (out[i] < -5 || out[i] > 1000)
                    fuzz_fail("list value outside its range accepted", &e);
        }
    }
    ic_param_clear(&s);
    free(v);
    return 0;
}
