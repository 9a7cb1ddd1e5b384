/* ic_exact_stencil5 (stencil.c): exact on quartics and not beyond. */
#include "exact/exact.h"
#include "tap.h"

/* f(s) = sum a_i s^i at s = -2, -1, 1, 2, and f'(0) = a_1 by the stencil. */
static int stencil_exact(const long *a, int deg)
{
    fmpq_t f[4], out;
    static const int s[4] = {-2, -1, 1, 2};
    for (int q = 0; q < 4; q++) {
        fmpq_init(f[q]);
        long v = 0, p = 1;
        for (int i = 0; i <= deg; i++, p *= s[q])
            v += a[i] * p;
        fmpq_set_si(f[q], v, 1);
    }
    fmpq_init(out);
    ic_exact_stencil5(out, f[0], f[1], f[2], f[3]);
    int r = fmpz_is_one(fmpq_denref(out)) && fmpz_get_si(fmpq_numref(out)) == a[1];
    for (int q = 0; q < 4; q++)
        fmpq_clear(f[q]);
    fmpq_clear(out);
    return r;
}

static void test_stencil(void)
{
    long quartic[5] = {7, -3, 11, 5, -2}, quintic[6] = {7, -3, 11, 5, -2, 1};
    ok(stencil_exact(quartic, 4), "five-point stencil: f'(0) = -3 exactly for a quartic");
    ok(!stencil_exact(quintic, 5), "and not for a quintic (its error term is h^4 f^(5)/30)");
}

int main(void)
{
    test_stencil();
    return done_testing();
}
