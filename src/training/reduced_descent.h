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
#ifndef IC_TRAINING_REDUCED_DESCENT_H
#define IC_TRAINING_REDUCED_DESCENT_H

#include <stddef.h>
#include <stdint.h>

#include "certificates/claim.h"
#include "numbers/rng.h"

typedef enum { IC_REDUCED_UNITARY = 0, IC_REDUCED_UNITARY_AUTHORS = 1, IC_REDUCED_ORTHO = 2 } ic_reduced_loss;

typedef struct {
    ic_reduced_loss loss;
    size_t d, H, T;
} ic_reduced_model;

/* Workspace for ic_reduced_loss_grad (C, G, row sums). */
typedef struct {
    double *C, *G, *r;
} ic_reduced_work;

int ic_reduced_work_init(ic_reduced_work *w, size_t d);
void ic_reduced_work_clear(ic_reduced_work *w);

/* Loss at (A, B, P) (A, B: H x d, P: T x T, row-major); when gA is not
 * NULL also the gradient (gA, gB, gP of the same shapes; unused entries of
 * gP are 0). */
double ic_reduced_loss_grad(const ic_reduced_model *m, const double *A, const double *B, const double *P,
                    double *gA, double *gB, double *gP, ic_reduced_work *w);

/* n values 0.1-style: scale * N(0, 1) draws from the seeded generator,
 * appended in order (A, then B, then P in the trainer). */
typedef ic_rng ic_reduced_rng;

void ic_reduced_rng_seed(ic_reduced_rng *g, uint64_t seed);
void ic_reduced_normals(ic_reduced_rng *g, double *out, size_t n, double scale);

/* Options of one training run. */
typedef struct {
    ic_reduced_model m;
    long steps;
    double lr, init_scale;
    unsigned long seed;
    long log_every;      /* loss curve every log_every steps (and the last) */
    const char *claim;   /* claim id written into trained.case */
    int expect_pass;     /* expected verdict of the trained case */
    /* Resuming and checkpoints (all zero: a plain run from step 0). */
    long start;          /* steps already done on A, B, P (a resumed run) */
    long checkpoint_every;  /* call checkpoint every this many steps (0: never) */
    /* Receives the state after `step` steps and the curve so far (nc values);
     * a non-zero return stops the run (ic_reduced_run then returns NAN). */
    int (*checkpoint)(void *ctx, long step, const double *A, const double *B, const double *P,
                      const double *curve, size_t nc);
    void *ctx;
} ic_reduced_opts;

/* Runs GD from the seeded initial values; the caller gets the final
 * parameters and loss.  A, B, P must hold H*d, H*d, T*T doubles; curve
 * (may be NULL) receives the loss at step 0, log_every, ..., steps as
 * ncurve values.  With o->start > 0, A, B, P hold the state after start
 * steps and curve its first ic_reduced_curve_len(o, start) values: the run
 * goes on from there, exactly as if never interrupted. */
void ic_reduced_init(const ic_reduced_opts *o, double *A, double *B, double *P);
/* Loss-curve values recorded in the first `step` steps. */
size_t ic_reduced_curve_len(const ic_reduced_opts *o, long step);
double ic_reduced_run(const ic_reduced_opts *o, double *A, double *B, double *P, double *curve, size_t *ncurve,
              ic_reduced_work *w, double *scratch);

/* The trainer's parameter checks (d 1..256, even for ortho; H 1..1024;
 * T 2..1000; steps 0..1e9; lr > 0; init-scale, log-every, seed and
 * checkpoint-every >= 0), made before anything else by ic_reduced_train
 * and by the claims' check hooks: IC_EINPUT with one line. */
int ic_reduced_check_params(const ic_param_set *p, int ortho, ic_err *err);

/* The whole trainer: reads the options from p (d, H, T, steps, lr,
 * init-scale, seed, loss, log-every, checkpoint-every, resume), trains,
 * and writes into outdir A0/B0/P0.npy (initial values), A/B/P.npy (final,
 * float64), loss.csv and trained.case, each atomically.  ortho selects
 * L_O.  Every checkpoint-every steps the state goes to outdir/
 * checkpoint.npy (src/training/checkpoint.h); with resume = yes a run
 * starts from that checkpoint when there is one; a finished run removes
 * it.  Progress goes to ic_progress_report (steps done of steps). */
int ic_reduced_train(const ic_param_set *p, const char *outdir, int ortho, ic_err *err);


#endif
