/* ic_rng: splitmix64, normal draws, Haar and rotation-block matrices, rollouts (see rng.h). */
#include "numbers/rng.h"

#include <math.h>
#include <mpfr.h>

#define ICG_2PI 6.283185307179586476925286766559

void ic_rng_set_state(ic_rng *r, uint64_t state)
{
    r->s = state;
    r->have = 0;
    r->spare = 0;
}

uint64_t ic_rng_u64(ic_rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

double ic_rng_unif(ic_rng *r)
{
    return (double)(ic_rng_u64(r) >> 11) * 0x1.0p-53;
}

double ic_rng_gauss(ic_rng *r)
{
    if (r->have) {
        r->have = 0;
        return r->spare;
    }
    double u = ic_rng_unif(r), v = ic_rng_unif(r);
    double m = sqrt(-2 * log(1 - u)), a = ICG_2PI * v;
    r->spare = m * sin(a);
    r->have = 1;
    return m * cos(a);
}

void ic_rng_gauss_exact(ic_rng *r, double *out, size_t n, double scale)
{
    mpfr_t u1, u2, x, y;
    mpfr_inits2(96, u1, u2, x, y, (mpfr_ptr)0);
    for (size_t i = 0; i < n; i++) {
        uint64_t a = (ic_rng_u64(r) >> 11) + 1, b = ic_rng_u64(r) >> 11;
        mpfr_set_ui_2exp(u1, a, -53, MPFR_RNDN);   /* exact: a <= 2^53 */
        mpfr_set_ui_2exp(u2, b, -53, MPFR_RNDN);
        mpfr_log(x, u1, MPFR_RNDN);
        mpfr_mul_si(x, x, -2, MPFR_RNDN);
        mpfr_sqrt(x, x, MPFR_RNDN);
        mpfr_const_pi(y, MPFR_RNDN);
        mpfr_mul(y, y, u2, MPFR_RNDN);
        mpfr_mul_2ui(y, y, 1, MPFR_RNDN);
        mpfr_cos(y, y, MPFR_RNDN);
        mpfr_mul(x, x, y, MPFR_RNDN);
        out[i] = scale * mpfr_get_d(x, MPFR_RNDN);
    }
    mpfr_clears(u1, u2, x, y, (mpfr_ptr)0);
    mpfr_free_cache();
}

void ic_rng_haar(double *W, size_t d, ic_rng *r, int passes)
{
    for (size_t i = 0; i < d * d; i++)
        W[i] = ic_rng_gauss(r);
    for (size_t j = 0; j < d; j++) {
        for (int pass = 0; pass < passes; pass++)
            for (size_t k = 0; k < j; k++) {
                double p = 0;
                for (size_t i = 0; i < d; i++)
                    p += W[i * d + j] * W[i * d + k];
                for (size_t i = 0; i < d; i++)
                    W[i * d + j] -= p * W[i * d + k];
            }
        double nr = 0;
        for (size_t i = 0; i < d; i++)
            nr += W[i * d + j] * W[i * d + j];
        nr = sqrt(nr);
        for (size_t i = 0; i < d; i++)
            W[i * d + j] /= nr;
    }
}

void ic_rng_rotations(double *W, size_t d, ic_rng *r)
{
    for (size_t i = 0; i < d * d; i++)
        W[i] = 0;
    for (size_t k = 0; k < d / 2; k++) {
        double th = ICG_2PI * ic_rng_unif(r), c = cos(th), sn = sin(th);
        size_t i = 2 * k;
        W[i * d + i] = c;
        W[i * d + i + 1] = -sn;
        W[(i + 1) * d + i] = sn;
        W[(i + 1) * d + i + 1] = c;
    }
}

void ic_rng_rollout(double *s, const double *W, size_t d, size_t n)
{
    for (size_t t = 0; t < n; t++)
        for (size_t i = 0; i < d; i++) {
            double a = 0;
            for (size_t k = 0; k < d; k++)
                a += W[i * d + k] * s[t * d + k];
            s[(t + 1) * d + i] = a;
        }
}
