/* icg: the deterministic random generator of the trainers (splitmix64).
 *
 * Integer-only, so the same state gives the same stream on every machine.
 * Each trainer keeps its own seeding rule (how a user seed becomes the
 * state), which fixes the streams behind the shipped trained weights; the
 * generator itself is this one.  icg_gauss uses libm (fast, what the
 * large trainers use); icg_gauss_exact evaluates Box-Muller with MPFR, so
 * its last bits do not depend on the system's libm. */
#ifndef ICG_H
#define ICG_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint64_t s;
    int have;       /* icg_gauss keeps the second value of each pair */
    double spare;
} icg_rng;

/* Sets the raw state (callers derive it from their seed). */
void icg_set_state(icg_rng *r, uint64_t state);
uint64_t icg_u64(icg_rng *r);
/* Uniform in [0, 1) with 53 random bits. */
double icg_unif(icg_rng *r);
/* Standard normal by Box-Muller in double (libm). */
double icg_gauss(icg_rng *r);
/* n values scale * N(0, 1), Box-Muller with u1 in (0, 1], u2 in [0, 1)
 * evaluated by MPFR and rounded once to double. */
void icg_gauss_exact(icg_rng *r, double *out, size_t n, double scale);

/* A Haar-distributed orthogonal d x d matrix (row-major): Gram-Schmidt on
 * the columns of a Gaussian matrix, R's diagonal kept positive.  passes = 2
 * re-orthogonalises each column ("twice is enough"); the trainers keep the
 * pass count their shipped weights were made with. */
void icg_haar(double *W, size_t d, icg_rng *r, int passes);

/* W = blockdiag of d/2 rotations [[c, -s], [s, c]] by independent angles
 * uniform on [0, 2 pi) (d even; W is d x d, row-major). */
void icg_rotations(double *W, size_t d, icg_rng *r);

/* s_{t+1} = W s_t for t = 0..n-1: s holds n+1 rows of d, s_0 given. */
void icg_rollout(double *s, const double *W, size_t d, size_t n);

#endif
