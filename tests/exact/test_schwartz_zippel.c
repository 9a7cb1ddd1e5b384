/* ic_exact_sz_*, ic_exact_rand_* (schwartz_zippel.c): the number of points
 * for a false-pass bound, the bound, the generator's range and
 * reproducibility. */
#include "exact/exact.h"
#include "tap.h"

static void test_points(void)
{
    /* (4/2^32)^k = 2^-30k < 2^-100 needs k = 4 (2^-120); k = 3 gives 2^-90 */
    ok(ic_exact_sz_points(4, 32, 100) == 4, "deg 4, 32 bits, 2^-100: 4 points");
    ok(ic_exact_sz_points(4, 32, 119) == 4 && ic_exact_sz_points(4, 32, 120) == 5, "2^-119 needs 4, 2^-120 needs 5");
    ok(ic_exact_sz_points(1, 64, 100) == 2, "deg 1, 64 bits: 2 points (2^-128)");
    ok(ic_exact_sz_log2_bound(4, 32, 4) == -120.0, "bound of 4 points: 2^-120");
    ok(ic_exact_sz_log2_bound(3, 32, 4) == -121.66, "deg 3: (3/2^32)^4 = 2^-121.66 (rounded up to 0.01)");
}

static void test_rand(void)
{
    ic_exact_rand a, b;
    ic_exact_rand_init(&a, 9);
    ic_exact_rand_init(&b, 9);
    fmpq_t x, y, top;
    fmpq_init(x);
    fmpq_init(y);
    fmpq_init(top);
    fmpz_one(fmpq_numref(top));
    fmpz_mul_2exp(fmpq_numref(top), fmpq_numref(top), 20);
    int same = 1, inrange = 1, varied = 0;
    fmpq_t first;
    fmpq_init(first);
    for (int i = 0; i < 200; i++) {
        ic_exact_rand_fmpq(x, &a, 20);
        ic_exact_rand_fmpq(y, &b, 20);
        same &= fmpq_equal(x, y);
        inrange &= fmpq_sgn(x) >= 0 && fmpq_cmp(x, top) < 0 && fmpz_is_one(fmpq_denref(x));
        if (i == 0)
            fmpq_set(first, x);
        else
            varied |= !fmpq_equal(first, x);
    }
    ok(same, "the same seed gives the same points");
    ok(inrange, "points are integers in [0, 2^20)");
    ok(varied, "points vary");
    fmpq_clear(x);
    fmpq_clear(y);
    fmpq_clear(top);
    fmpq_clear(first);
    ic_exact_rand_clear(&a);
    ic_exact_rand_clear(&b);
}


int main(void)
{
    test_points();
    test_rand();
    return done_testing();
}
