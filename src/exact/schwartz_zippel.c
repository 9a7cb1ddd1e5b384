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

/* Centred random rational entries n / 2^6, |n| < 2^10. */
void ic_exact_rand_mat(fmpq_mat_t M, ic_exact_rand *rand)
{
    for (slong i = 0; i < fmpq_mat_nrows(M); i++)
        for (slong j = 0; j < fmpq_mat_ncols(M); j++) {
            fmpq *x = fmpq_mat_entry(M, i, j);
            ic_exact_rand_fmpq(x, rand, 11);
            fmpz_sub_ui(fmpq_numref(x), fmpq_numref(x), 1024);
            fmpz_set_ui(fmpq_denref(x), 64);
            fmpq_canonicalise(x);
        }
}

/* M += 2^-8 times a random matrix (ic_exact_rand_mat). */
void ic_exact_nudge_mat(fmpq_mat_t M, ic_exact_rand *rand)
{
    fmpq_mat_t R;
    fmpq_mat_init(R, fmpq_mat_nrows(M), fmpq_mat_ncols(M));
    ic_exact_rand_mat(R, rand);
    fmpq_t s;
    fmpq_init(s);
    fmpq_set_si(s, 1, 256);
    fmpq_mat_scalar_mul_fmpq(R, R, s);
    fmpq_mat_add(M, M, R);
    fmpq_clear(s);
    fmpq_mat_clear(R);
}
