/* ic_number: the one reader of numbers written as text (options, case files,
 * certificates' parameters).
 *
 * What it accepts is exactly what it converts: a check and a conversion
 * that disagree gave wrong verdicts before (a tolerance "0X1P-2" passed
 * strtod's check and became 0 in mpfr_set_str's base-10 read).  The
 * grammar is plain decimal, nothing else:
 *
 *   integer   [+-]? DIGITS                          (fits a long)
 *   real      [+-]? (DIGITS [. DIGITS?] | . DIGITS) ([eE] [+-]? DIGITS)?
 *
 * No blanks, hexadecimal, "inf", "nan", locale separators, or trailing
 * characters, and no exponent of magnitude 10000 or more (no double needs
 * one).  A real must be representable as written: one that
 * overflows double, or whose nonzero value rounds to zero or to a
 * subnormal double (below 2^-1022, where digits are lost), is refused; so
 * the double and the MPFR reading are the same number rounded at two
 * precisions, never a different one.  Reals are otherwise rounded to
 * nearest, as decimal fractions must be. */
#ifndef IC_NUMBERS_NUMBER_TEXT_H
#define IC_NUMBERS_NUMBER_TEXT_H

#include <mpfr.h>

typedef enum {
    IC_NUMBER_OK = 0,
    IC_NUMBER_SYNTAX,     /* not in the grammar above */
    IC_NUMBER_RANGE,      /* integer outside long, or real outside double's range */
    IC_NUMBER_TINY        /* nonzero real that double cannot hold without losing digits */
} ic_number_status;

/* The reason for a status, as a phrase for messages ("is not a decimal
 * number", ...). */
const char *ic_number_why(ic_number_status st, int real);

/* Reads s whole as an integer; *out is set only on IC_NUMBER_OK. */
ic_number_status ic_number_long(long *out, const char *s);

/* Reads s whole as a real, rounded to the nearest double. */
ic_number_status ic_number_real(double *out, const char *s);

/* Reads s whole as a real at x's precision, rounded in direction rnd.
 * Accepts exactly the strings ic_number_real accepts; x is untouched on
 * failure. */
ic_number_status ic_number_real_mpfr(mpfr_ptr x, const char *s, mpfr_rnd_t rnd);

#endif
