/* ic_exact_fmpq_set_decimal: decimal strings read exactly, bad ones refused. */
#include <string.h>

#include "exact/exact.h"
#include "tap.h"

static int reads(const char *s, const char *want)
{
    fmpq_t x, w;
    fmpq_init(x);
    fmpq_init(w);
    fmpq_set_str(w, want, 10);
    int r = ic_exact_fmpq_set_decimal(x, s, NULL) == IC_OK && fmpq_equal(x, w);
    fmpq_clear(x);
    fmpq_clear(w);
    return r;
}

int main(void)
{
    ok(reads("-1.25", "-5/4"), "-1.25 = -5/4");
    ok(reads("0.1", "1/10"), "0.1 = 1/10 exactly (not the binary double)");
    ok(reads("7", "7") && reads("+7.", "7") && reads(".5", "1/2"), "7, +7., .5");
    ok(reads("3e-2", "3/100") && reads("-2.5E3", "-2500"), "3e-2, -2.5E3");
    ok(reads("0.75", "3/4") && reads("-0", "0"), "0.75, -0");
    const char *bad[] = { "", "-", "1.2.3", "abc", "1e", "1e+", "0x10", "1,5", "nan", "1 " };
    int refused = 1;
    ic_err err = {0};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        fmpq_t x;
        fmpq_init(x);
        refused &= ic_exact_fmpq_set_decimal(x, bad[i], &err) == IC_EINPUT;
        fmpq_clear(x);
    }
    ok(refused && strstr(err.msg, "not a decimal number"), "malformed strings refused: %s", err.msg);
    return done_testing();
}
