/* libFuzzer harness: parameter values (icp_validate and the converters).
 * The first byte picks the kind (and whether the name is "prec", which has
 * a range check); the rest, cut at the first NUL, is the value.  Whatever
 * validates must convert: reals finite, integer lists of the counted
 * length. */
#include <math.h>
#include <stdint.h>

#include "fuzz_check.h"
#include "icp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const icp_kind kinds[] = { ICP_FILE, ICP_REAL, ICP_INT, ICP_INTS, ICP_WORD, ICP_WORD };
    icp_kind kind = kinds[data[0] % 6];
    const char *name = (data[0] & 0x80) && kind == ICP_INT ? "prec" : "x";
    const char *choices = data[0] % 6 == 5 ? "exact|authors|a" : NULL;
    icp_spec spec[] = { { name, kind, "", choices, "fuzzed" }, ICP_END };
    char *v = strndup((const char *)data + 1, size - 1);
    if (!v)
        return 0;
    icp_set s;
    ic_err e;
    ic_err_clear(&e);
    if (icp_init(&s, strcmp(name, "prec") ? spec : NULL, &e) != IC_OK)
        abort();
    int rc = icp_validate(&spec[0], v, "fuzz", &e);
    fuzz_check_err(rc, &e, "fuzz");
    ic_err e2;
    ic_err_clear(&e2);
    int rc2 = icp_set_value(&s, name, v, "fuzz", &e2);
    if (rc2 != rc)
        fuzz_fail("icp_set_value and icp_validate disagree", &e2);
    if (rc == IC_OK) {
        if (strcmp(icp_get(&s, name), v) != 0)
            fuzz_fail("value not kept as given", &e);
        if (kind == ICP_REAL) {
            if (!isfinite(icp_real(&s, name)))
                fuzz_fail("accepted real is not finite", &e);
            mpfr_t x;
            mpfr_init2(x, 256);
            if (icp_real_mpfr(&s, name, x) != 0 || !mpfr_number_p(x))
                fuzz_fail("accepted real does not parse in MPFR", &e);
            mpfr_clear(x);
        } else if (kind == ICP_INT) {
            long l = icp_int(&s, name);
            if (strcmp(name, "prec") == 0 && (l < 64 || l > 65536))
                fuzz_fail("prec out of range accepted", &e);
        } else if (kind == ICP_INTS) {
            size_t commas = 0;
            for (const char *p = v; *p; p++)
                commas += *p == ',';
            long out[64];
            size_t n = icp_ints(&s, name, out, 64);
            if (n != (commas + 1 < 64 ? commas + 1 : 64))
                fuzz_fail("integer list count differs from its commas", &e);
        }
    }
    icp_clear(&s);
    free(v);
    return 0;
}
