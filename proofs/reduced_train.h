/* reduced_train: full-batch gradient descent on the exact reduced losses
 * of the non-augmented model (unitary L_U, the authors' unitary.py
 * variant, orthogonal L_O), in double precision with analytic gradients.
 *
 * Shared by the trainers of claims C2+C3 (unitary) and C4 (orthogonal);
 * it is not a claim module.  Results are deterministic for a seed on any
 * IEEE-754 machine: the initial values come from an integer generator
 * (splitmix64) and correctly rounded MPFR transcendental functions, and
 * training uses only +, -, *, / in a fixed order (C11 mode: no FMA
 * contraction). */
#ifndef PROOFS_REDUCED_TRAIN_H
#define PROOFS_REDUCED_TRAIN_H

#include <stddef.h>
#include <stdint.h>

#include "ic_claim.h"
#include "icg.h"

typedef enum { RT_UNITARY = 0, RT_UNITARY_AUTHORS = 1, RT_ORTHO = 2 } rt_loss;

typedef struct {
    rt_loss loss;
    size_t d, H, T;
} rt_model;

/* Workspace for rt_loss_grad (C, G, row sums). */
typedef struct {
    double *C, *G, *r;
} rt_work;

int rt_work_init(rt_work *w, size_t d);
void rt_work_clear(rt_work *w);

/* Loss at (A, B, P) (A, B: H x d, P: T x T, row-major); when gA is not
 * NULL also the gradient (gA, gB, gP of the same shapes; unused entries of
 * gP are 0). */
double rt_loss_grad(const rt_model *m, const double *A, const double *B, const double *P,
                    double *gA, double *gB, double *gP, rt_work *w);

/* n values 0.1-style: scale * N(0, 1) draws from the seeded generator,
 * appended in order (A, then B, then P in the trainer). */
typedef icg_rng rt_rng;

void rt_rng_seed(rt_rng *g, uint64_t seed);
void rt_normals(rt_rng *g, double *out, size_t n, double scale);

/* Options of one training run. */
typedef struct {
    rt_model m;
    long steps;
    double lr, init_scale;
    unsigned long seed;
    long log_every;      /* loss curve every log_every steps (and the last) */
    const char *claim;   /* claim id written into trained.case */
    int expect_pass;     /* expected verdict of the trained case */
} rt_opts;

/* Runs GD from the seeded initial values; the caller gets the final
 * parameters and loss.  A, B, P must hold H*d, H*d, T*T doubles; curve
 * (may be NULL) receives the loss at step 0, log_every, ..., steps as
 * ncurve values. */
void rt_init(const rt_opts *o, double *A, double *B, double *P);
double rt_run(const rt_opts *o, double *A, double *B, double *P, double *curve, size_t *ncurve,
              rt_work *w, double *scratch);

/* The whole trainer: reads the options from p (d, H, T, steps, lr,
 * init-scale, seed, loss, log-every), trains, and writes into outdir
 * A0/B0/P0.npy (initial values), A/B/P.npy (final, float64), loss.csv and
 * trained.case, each atomically.  ortho selects L_O. */
int rt_train(const icp_set *p, const char *outdir, int ortho, ic_err *err);

/* Trainer of the unitary claim (proofs/unitary_train.c). */
extern const icp_spec unitary_train_params[];
int unitary_train(const icp_set *p, const char *outdir, ic_err *err);

#endif
