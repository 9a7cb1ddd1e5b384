/* ic_number: strict decimal reading of integers and reals (see
 * src/numbers/number_text.h for the grammar and why it is one reader). */
#include "numbers/number_text.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

const char *ic_number_why(ic_number_status st, int real)
{
    switch (st) {
    case IC_NUMBER_OK:
        return "is a number";
    case IC_NUMBER_SYNTAX:
        return real ? "is not a finite number (decimal digits, an optional '.' and exponent; "
                      "no hexadecimal, inf, nan or blanks)"
                    : "is not an integer (decimal digits with an optional sign)";
    case IC_NUMBER_RANGE:
        return real ? "is outside the range of double (magnitude above 1.8e308, or an exponent of 10000 or more)"
                    : "is outside the range of a long integer";
    case IC_NUMBER_TINY:
        return "is nonzero but too small to represent as written (magnitude below 2.2e-308)";
    }
    return "is not a number";
}

ic_number_status ic_number_long(long *out, const char *s)
{
    const char *p = s;
    if (*p == '+' || *p == '-')
        p++;
    if (!is_digit(*p))
        return IC_NUMBER_SYNTAX;
    while (is_digit(*p))
        p++;
    if (*p)
        return IC_NUMBER_SYNTAX;
    errno = 0;
    char *end;
    long x = strtol(s, &end, 10);
    if (errno == ERANGE)
        return IC_NUMBER_RANGE;
    if (errno || *end)
        return IC_NUMBER_SYNTAX;
    *out = x;
    return IC_NUMBER_OK;
}

/* Checks the real grammar; *nonzero tells whether a mantissa digit is not
 * 0, *big_exp whether the exponent's magnitude is 10000 or more. */
static int real_syntax(const char *s, int *nonzero, int *big_exp)
{
    const char *p = s;
    size_t digits = 0;
    *nonzero = 0;
    *big_exp = 0;
    if (*p == '+' || *p == '-')
        p++;
    for (; is_digit(*p); p++, digits++)
        *nonzero |= *p != '0';
    if (*p == '.') {
        p++;
        for (; is_digit(*p); p++, digits++)
            *nonzero |= *p != '0';
    }
    if (digits == 0)
        return 0;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!is_digit(*p))
            return 0;
        long ex = 0;
        for (; is_digit(*p); p++)
            ex = ex < 100000 ? 10 * ex + (*p - '0') : ex;
        *big_exp = ex >= 10000;
    }
    return *p == '\0';
}

/* The grammar and the double range, shared by both readers. */
static ic_number_status real_check(const char *s, double *d)
{
    int nonzero, big_exp;
    if (!real_syntax(s, &nonzero, &big_exp))
        return IC_NUMBER_SYNTAX;
    /* No double needs an exponent of 10000 or more; the exact reader of the
     * proofs (src/exact/decimal.c) stops there too, so both accept the same
     * strings. */
    if (big_exp)
        return IC_NUMBER_RANGE;
    errno = 0;
    char *end;
    double x = strtod(s, &end);
    if (*end)
        return IC_NUMBER_SYNTAX;
    if (isinf(x))
        return IC_NUMBER_RANGE;
    if (nonzero && fabs(x) < DBL_MIN)
        return IC_NUMBER_TINY;
    *d = x;
    return IC_NUMBER_OK;
}

ic_number_status ic_number_real(double *out, const char *s)
{
    double d;
    ic_number_status st = real_check(s, &d);
    if (st == IC_NUMBER_OK)
        *out = d;
    return st;
}

ic_number_status ic_number_real_mpfr(mpfr_ptr x, const char *s, mpfr_rnd_t rnd)
{
    double d;
    ic_number_status st = real_check(s, &d);
    if (st != IC_NUMBER_OK)
        return st;
    if (d == 0) {
        /* All mantissa digits are 0: exactly zero, whatever the exponent. */
        mpfr_set_zero(x, s[0] == '-' ? -1 : 1);
        return IC_NUMBER_OK;
    }
    mpfr_t y;
    mpfr_init2(y, mpfr_get_prec(x));
    char *end;
    mpfr_strtofr(y, s, &end, 10, rnd);
    /* The grammar is a subset of MPFR's base-10 syntax, so the whole string
     * is read; anything else would be a disagreement, refused. */
    if (*end || !mpfr_regular_p(y)) {
        mpfr_clear(y);
        return IC_NUMBER_SYNTAX;
    }
    mpfr_set(x, y, MPFR_RNDN);
    mpfr_clear(y);
    return IC_NUMBER_OK;
}
