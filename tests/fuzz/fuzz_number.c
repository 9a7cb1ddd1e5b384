/* libFuzzer harness: the number reader (src/numbers/number_text.h).  The
 * input, cut at the first NUL, is the text.  Invariants: the double and
 * the MPFR readers accept the same strings and read the same number (the
 * MPFR value at 53 bits is the double); an accepted real consists of
 * decimal characters only, reads back whole with strtod to the same
 * double, and is 0 exactly when its mantissa digits are; a string of
 * decimal characters that strtod and MPFR both read whole to a normal
 * double, with an exponent below 10000, is accepted (the grammar loses no
 * honest number); integers agree
 * with strtol; ic_param_validate accepts a real or an integer exactly when
 * the reader does. */
#include <float.h>
#include <math.h>
#include <stdint.h>

#include "fuzz_check.h"
#include "numbers/number_text.h"
#include "certificates/parameters.h"

static int only(const char *s, const char *set)
{
    for (; *s; s++)
        if (!strchr(set, *s))
            return 0;
    return 1;
}

static void check_param(const char *v, ic_param_kind kind, int accepted)
{
    ic_param_spec spec = { "x", kind, "", NULL, "fuzzed", NULL };
    ic_err e;
    ic_err_clear(&e);
    int rc = ic_param_validate(&spec, v, "fuzz", &e);
    fuzz_check_err(rc, &e, "fuzz");
    if ((rc == IC_OK) != accepted)
        fuzz_fail("ic_param_validate disagrees with the number reader", &e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = strndup((const char *)data, size);
    if (!s)
        return 0;
    ic_err none;
    ic_err_clear(&none);
    double d = 0;
    ic_number_status sd = ic_number_real(&d, s);
    mpfr_t x, y;
    mpfr_inits2(53, x, (mpfr_ptr)0);
    mpfr_init2(y, 256);
    ic_number_status sx = ic_number_real_mpfr(x, s, MPFR_RNDN), sy = ic_number_real_mpfr(y, s, MPFR_RNDN);
    if ((sd == IC_NUMBER_OK) != (sx == IC_NUMBER_OK) || sx != sy)
        fuzz_fail("double and MPFR readers disagree on acceptance", &none);
    if (sd == IC_NUMBER_OK) {
        if (!only(s, "0123456789+-.eE"))
            fuzz_fail("accepted a real with a non-decimal character", &none);
        char *end;
        double r = strtod(s, &end);
        if (*end || r != d || !isfinite(d))
            fuzz_fail("accepted real does not read back whole to the same double", &none);
        if (mpfr_get_d(x, MPFR_RNDN) != d || (d != 0 && mpfr_cmp_d(x, d) != 0))
            fuzz_fail("MPFR at 53 bits is not the double", &none);
        if (mpfr_cmp_d(y, d) != 0 && mpfr_get_d(y, MPFR_RNDN) != d && !(d == 0 && mpfr_zero_p(y)))
            fuzz_fail("MPFR at 256 bits rounds to another double", &none);
        int nonzero = 0;
        for (const char *p = s; *p && *p != 'e' && *p != 'E'; p++)
            nonzero |= *p >= '1' && *p <= '9';
        if ((d != 0) != nonzero || (d != 0 && fabs(d) < DBL_MIN))
            fuzz_fail("zero or tiny value disagrees with the digits written", &none);
    } else if (only(s, "0123456789+-.eE") && *s) {
        char *end;
        double r = strtod(s, &end);
        mpfr_t z;
        mpfr_init2(z, 53);
        char *zend;
        mpfr_strtofr(z, s, &zend, 10, MPFR_RNDN);
        const char *ep = strpbrk(s, "eE");
        long ex = ep ? labs(strtol(ep + 1, NULL, 10)) : 0;
        if (!*end && !*zend && isfinite(r) && fabs(r) >= DBL_MIN && ex < 10000)
            fuzz_fail("refused a decimal number strtod and MPFR read whole", &none);
        mpfr_clear(z);
    }
    check_param(s, IC_PARAM_REAL, sd == IC_NUMBER_OK);
    long l = 0;
    ic_number_status sl = ic_number_long(&l, s);
    if (sl == IC_NUMBER_OK) {
        char *end;
        if (!only(s, "0123456789+-") || strtol(s, &end, 10) != l || *end)
            fuzz_fail("accepted integer disagrees with strtol", &none);
    }
    check_param(s, IC_PARAM_INT, sl == IC_NUMBER_OK);
    mpfr_clears(x, y, (mpfr_ptr)0);
    free(s);
    return 0;
}
