/* ic_rng: the deterministic random generator of the trainers (splitmix64).
 *
 * Integer-only, so the same state gives the same stream on every machine.
 * Each trainer keeps its own seeding rule (how a user seed becomes the
 * state), which fixes the streams behind the shipped trained weights; the
 * generator itself is this one.  ic_rng_gauss uses libm (fast, what the
 * large trainers use); ic_rng_gauss_exact evaluates Box-Muller with MPFR, so
 * its last bits do not depend on the system's libm. */
#ifndef IC_NUMBERS_RNG_H
#define IC_NUMBERS_RNG_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint64_t s;
    int have;       /* ic_rng_gauss keeps the second value of each pair */
    double spare;
} ic_rng;

/* Sets the raw state (callers derive it from their seed). */
void ic_rng_set_state(ic_rng *r, uint64_t state);
uint64_t ic_rng_u64(ic_rng *r);
/* Uniform in [0, 1) with 53 random bits. */
double ic_rng_unif(ic_rng *r);
/* Standard normal by Box-Muller in double (libm). */
double ic_rng_gauss(ic_rng *r);
/* n values scale * N(0, 1), Box-Muller with u1 in (0, 1], u2 in [0, 1)
 * evaluated by MPFR and rounded once to double. */
void ic_rng_gauss_exact(ic_rng *r, double *out, size_t n, double scale);

/* A Haar-distributed orthogonal d x d matrix (row-major): Gram-Schmidt on
 * the columns of a Gaussian matrix, R's diagonal kept positive.  passes = 2
 * re-orthogonalises each column ("twice is enough"); the trainers keep the
 * pass count their shipped weights were made with. */
void ic_rng_haar(double *W, size_t d, ic_rng *r, int passes);

/* W = blockdiag of d/2 rotations [[c, -s], [s, c]] by independent angles
 * uniform on [0, 2 pi) (d even; W is d x d, row-major). */
void ic_rng_rotations(double *W, size_t d, ic_rng *r);

/* s_{t+1} = W s_t for t = 0..n-1: s holds n+1 rows of d, s_0 given. */
void ic_rng_rollout(double *s, const double *W, size_t d, size_t n);

#endif
