/* ic_number: the strict decimal reader: what it accepts, what it refuses
 * and why, and that the double and MPFR readings are one number. */
#include <float.h>
#include <math.h>
#include <string.h>

#include "numbers/number_text.h"
#include "tap.h"

static int real_is(const char *s, double want)
{
    double d = -12345;
    return ic_number_real(&d, s) == IC_NUMBER_OK && d == want && !(want == 0 && signbit(d) != signbit(want));
}

static int real_status(const char *s)
{
    double d;
    return (int)ic_number_real(&d, s);
}

int main(void)
{
    /* Accepted: plain decimal, read to nearest. */
    ok(real_is("1e-5", 1e-5) && real_is("0.25", 0.25) && real_is(".5", 0.5) && real_is("5.", 5.0) &&
           real_is("+3", 3.0) && real_is("-2.5E+3", -2500.0) && real_is("1.e2", 100.0),
       "plain decimals are read (1e-5, 0.25, .5, 5., +3, -2.5E+3, 1.e2)");
    ok(real_is("0", 0.0) && real_is("-0", -0.0) && real_is("0e9999", 0.0) && real_is("0.000e-9999", 0.0),
       "zero in any spelling is zero");
    ok(real_is("1.7976931348623157e308", DBL_MAX) && real_is("2.2250738585072014e-308", DBL_MIN),
       "the largest double and the smallest normal one are accepted");
    /* Refused: what a check by strtod let through and MPFR read otherwise. */
    ok(real_status("0X1P-2") == IC_NUMBER_SYNTAX && real_status("0x1p-2") == IC_NUMBER_SYNTAX,
       "hexadecimal floats refused (strtod read 0.25, mpfr_set_str base 10 read 0)");
    ok(real_status("inf") == IC_NUMBER_SYNTAX && real_status("-Infinity") == IC_NUMBER_SYNTAX &&
           real_status("nan") == IC_NUMBER_SYNTAX && real_status("NAN(123)") == IC_NUMBER_SYNTAX,
       "inf and nan in every spelling refused");
    ok(real_status(" 1") == IC_NUMBER_SYNTAX && real_status("1 ") == IC_NUMBER_SYNTAX &&
           real_status("1e5x") == IC_NUMBER_SYNTAX && real_status("1,5") == IC_NUMBER_SYNTAX &&
           real_status("") == IC_NUMBER_SYNTAX && real_status(".") == IC_NUMBER_SYNTAX &&
           real_status("e5") == IC_NUMBER_SYNTAX && real_status("1e") == IC_NUMBER_SYNTAX &&
           real_status("--1") == IC_NUMBER_SYNTAX && real_status("1_000") == IC_NUMBER_SYNTAX,
       "blanks, trailing text, commas, empty, lone '.', bare exponents refused");
    ok(real_status("1e400") == IC_NUMBER_RANGE && real_status("-1.8e308") == IC_NUMBER_RANGE,
       "beyond double's range refused");
    ok(real_status("0e10000") == IC_NUMBER_RANGE && real_status("1e-99999") == IC_NUMBER_RANGE &&
           real_is("0e9999", 0.0) && real_is("1e0000000005", 1e5),
       "exponents of 10000 or more refused, as the exact reader of the proofs does (leading zeros are fine)");
    ok(real_status("1e-400") == IC_NUMBER_TINY && real_status("1e-310") == IC_NUMBER_TINY &&
           real_status("2.2250738585072011e-308") == IC_NUMBER_TINY,
       "nonzero values that would become 0 or subnormal refused (1e-400, 1e-310, just below DBL_MIN)");
    ok(strstr(ic_number_why(IC_NUMBER_SYNTAX, 1), "not a finite number") &&
           strstr(ic_number_why(IC_NUMBER_TINY, 1), "too small") &&
           strstr(ic_number_why(IC_NUMBER_SYNTAX, 0), "not an integer"),
       "reasons are phrases for one-line messages");

    /* MPFR reads the same strings, the same numbers, at any precision. */
    mpfr_t x, y;
    mpfr_inits2(256, x, y, (mpfr_ptr)0);
    ok(ic_number_real_mpfr(x, "1e-5", MPFR_RNDN) == IC_NUMBER_OK && mpfr_set_str(y, "1e-5", 10, MPFR_RNDN) == 0 &&
           mpfr_equal_p(x, y) && mpfr_cmp_d(x, 1e-5) != 0,
       "1e-5 in MPFR at 256 bits is 1e-5 rounded at 256 bits, not the double");
    ok(ic_number_real_mpfr(x, "0X1P-2", MPFR_RNDN) == IC_NUMBER_SYNTAX, "MPFR refuses what the double reader refuses");
    mpfr_set_ui(x, 7, MPFR_RNDN);
    ok(ic_number_real_mpfr(x, "1e-400", MPFR_RNDN) == IC_NUMBER_TINY && mpfr_cmp_ui(x, 7) == 0,
       "a refused value leaves x untouched");
    mpfr_t lo, hi;
    mpfr_inits2(64, lo, hi, (mpfr_ptr)0);
    ok(ic_number_real_mpfr(lo, "0.1", MPFR_RNDD) == IC_NUMBER_OK && ic_number_real_mpfr(hi, "0.1", MPFR_RNDU) == 0 &&
           mpfr_cmp(lo, hi) < 0 && mpfr_cmp_d(lo, 0.1) != 0,
       "directed roundings enclose 0.1");
    mpfr_set_prec(x, 53);
    ok(ic_number_real_mpfr(x, "0.1", MPFR_RNDN) == IC_NUMBER_OK && mpfr_get_d(x, MPFR_RNDN) == 0.1,
       "at 53 bits the MPFR reading is the double");
    ok(ic_number_real_mpfr(x, "-0", MPFR_RNDN) == IC_NUMBER_OK && mpfr_zero_p(x) && mpfr_signbit(x),
       "-0 reads as negative zero in MPFR too");
    mpfr_clears(x, y, lo, hi, (mpfr_ptr)0);

    /* Integers. */
    long l = 0;
    ok(ic_number_long(&l, "42") == IC_NUMBER_OK && l == 42 && ic_number_long(&l, "-7") == IC_NUMBER_OK && l == -7 &&
           ic_number_long(&l, "+8") == IC_NUMBER_OK && l == 8,
       "integers with an optional sign");
    ok(ic_number_long(&l, "1e3") == IC_NUMBER_SYNTAX && ic_number_long(&l, "2.0") == IC_NUMBER_SYNTAX &&
           ic_number_long(&l, " 4") == IC_NUMBER_SYNTAX && ic_number_long(&l, "0x10") == IC_NUMBER_SYNTAX &&
           ic_number_long(&l, "") == IC_NUMBER_SYNTAX,
       "exponents, fractions, blanks (strtol skipped them), hexadecimal and empty refused");
    ok(ic_number_long(&l, "9223372036854775807") == IC_NUMBER_OK && ic_number_long(&l, "9223372036854775808") ==
           IC_NUMBER_RANGE,
       "LONG_MAX accepted, one more refused");
    return done_testing();
}
