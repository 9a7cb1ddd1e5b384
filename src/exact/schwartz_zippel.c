/* ic_exact_sz: points for exact evaluation with the Schwartz-Zippel bound.
 * Schwartz (J. ACM 27, 1980), Zippel (EUROSAM 1979): a nonzero polynomial of
 * total degree deg over a field vanishes at a point drawn uniformly from S^n
 * with probability at most deg / |S|; k independent points all vanish with
 * probability at most (deg / |S|)^k.  Points are drawn from GMP's Mersenne
 * Twister with a fixed seed, so a certificate is the same on every run. */
#include "exact/exact.h"

#include <math.h>

long ic_exact_sz_points(long deg, long bits, long target_bits)
{
    /* (deg / 2^bits)^k < 2^-target  <=>  k (bits - log2 deg) > target. */
    double per = (double)bits - log2((double)(deg > 1 ? deg : 1));
    long k = (long)floor((double)target_bits / per) + 1;
    return k < 1 ? 1 : k;
}

double ic_exact_sz_log2_bound(long deg, long bits, long k)
{
    double b = (double)k * (log2((double)(deg > 1 ? deg : 1)) - (double)bits);
    return ceil(b * 100.0) / 100.0;
}

void ic_exact_rand_init(ic_exact_rand *r, unsigned long seed)
{
    gmp_randinit_mt(r->st);
    gmp_randseed_ui(r->st, seed);
    mpz_init(r->tmp);
}

void ic_exact_rand_clear(ic_exact_rand *r)
{
    gmp_randclear(r->st);
    mpz_clear(r->tmp);
}

void ic_exact_rand_fmpq(fmpq_t x, ic_exact_rand *r, long bits)
{
    mpz_urandomb(r->tmp, r->st, (mp_bitcnt_t)bits);
    fmpz_set_mpz(fmpq_numref(x), r->tmp);
    fmpz_one(fmpq_denref(x));
}
