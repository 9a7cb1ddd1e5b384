/* ic_exact_fmpq_set_decimal: a decimal number ("-1.25", "3e-2") read as the
 * rational it denotes, exactly (FLINT's fmpq_set_str reads only "p/q"). */
#include "exact/exact.h"

#include <ctype.h>
#include <stdlib.h>

int ic_exact_fmpq_set_decimal(fmpq_t x, const char *s, ic_err *err)
{
    const char *p = s;
    int neg = 0, digits = 0;
    long frac = 0, ex = 0;
    fmpz_t num, ten;
    fmpz_init(num);
    fmpz_init_set_ui(ten, 10);
    if (*p == '+' || *p == '-')
        neg = *p++ == '-';
    for (; isdigit((unsigned char)*p); p++, digits++) {
        fmpz_mul_ui(num, num, 10);
        fmpz_add_ui(num, num, (ulong)(*p - '0'));
    }
    if (*p == '.')
        for (p++; isdigit((unsigned char)*p); p++, digits++, frac++) {
            fmpz_mul_ui(num, num, 10);
            fmpz_add_ui(num, num, (ulong)(*p - '0'));
        }
    int ok = digits > 0;
    if (ok && (*p == 'e' || *p == 'E')) {
        char *end;
        ex = strtol(p + 1, &end, 10);
        ok = end != p + 1 && ex > -10000 && ex < 10000;
        p = end;
    }
    ok = ok && *p == '\0';
    if (ok) {
        long e10 = ex - frac;
        fmpz_t pw;
        fmpz_init(pw);
        fmpz_pow_ui(pw, ten, (ulong)(e10 < 0 ? -e10 : e10));
        if (e10 >= 0) {
            fmpz_mul(num, num, pw);
            fmpq_set_fmpz(x, num);
        } else {
            fmpq_set_fmpz_frac(x, num, pw);
        }
        if (neg)
            fmpq_neg(x, x);
        fmpz_clear(pw);
    }
    fmpz_clear(num);
    fmpz_clear(ten);
    return ok ? IC_OK : ic_err_set(err, IC_EINPUT, "'%s' is not a decimal number", s);
}
