/* The float64 trainers: loss against the MPFR formulas, analytic
 * gradients against finite differences, the seeded generator, the lower
 * bound during training, byte-identical outputs for a seed, and resuming
 * from a checkpoint's state with identical bits. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "formats/file_io.h"
#include "orthogonal/orthogonal.h"
#include "training/reduced_descent.h"
#include "expectations/shared_losses.h"
#include "tap.h"

static const char *const loss_name[3] = { "unitary exact", "unitary authors", "orthogonal" };

static void fill(double *x, size_t n, ic_reduced_rng *g)
{
    ic_reduced_normals(g, x, n, 0.7);
}

/* MPFR value of the same loss. */
static double mpfr_loss(const ic_reduced_model *m, const double *A, const double *B, const double *P)
{
    ic_mat a, b, c, p;
    ic_mat_init(&a, m->H, m->d, 256, NULL);
    ic_mat_init(&b, m->H, m->d, 256, NULL);
    ic_mat_init(&c, m->d, m->d, 256, NULL);
    ic_mat_init(&p, m->T, m->T, 256, NULL);
    ic_mat_set_d(&a, A);
    ic_mat_set_d(&b, B);
    ic_mat_set_d(&p, P);
    ic_mat_mul_tn(&c, &b, &a);
    mpfr_t L;
    mpfr_init2(L, 256);
    if (m->loss == IC_REDUCED_ORTHO)
        ortho_loss(L, &c, &p, m->T);
    else
        ic_loss_unitary_loss(L, &c, &p, m->T, m->loss == IC_REDUCED_UNITARY_AUTHORS ? IC_LOSS_AUTHORS : IC_LOSS_EXACT);
    double v = mpfr_get_d(L, MPFR_RNDN);
    mpfr_clear(L);
    ic_mat_clear(&a);
    ic_mat_clear(&b);
    ic_mat_clear(&c);
    ic_mat_clear(&p);
    return v;
}

static void test_loss_and_gradient(void)
{
    ic_reduced_rng g;
    ic_reduced_rng_seed(&g, 3);
    for (int kind = 0; kind < 3; kind++) {
        ic_reduced_model m = { (ic_reduced_loss)kind, 6, 4, 5 };
        size_t hd = m.H * m.d, tt = m.T * m.T;
        double *x = malloc((2 * hd + tt) * sizeof *x), *gr = malloc((2 * hd + tt) * sizeof *gr);
        double *A = x, *B = x + hd, *P = x + 2 * hd;
        fill(x, 2 * hd + tt, &g);
        ic_reduced_work w;
        ic_reduced_work_init(&w, m.d);
        double L = ic_reduced_loss_grad(&m, A, B, P, gr, gr + hd, gr + 2 * hd, &w);
        double Lm = mpfr_loss(&m, A, B, P);
        ok(fabs(L - Lm) <= 1e-12 * fabs(Lm), "%s: float64 loss %.15g = MPFR %.15g", loss_name[kind], L, Lm);
        /* Central differences on every parameter; the loss is quadratic in
         * each single entry, so the only error is rounding. */
        double worst = 0, h = 1e-4;
        for (size_t i = 0; i < 2 * hd + tt; i++) {
            double x0 = x[i];
            x[i] = x0 + h;
            double Lp = ic_reduced_loss_grad(&m, A, B, P, NULL, NULL, NULL, &w);
            x[i] = x0 - h;
            double Ln = ic_reduced_loss_grad(&m, A, B, P, NULL, NULL, NULL, &w);
            x[i] = x0;
            double fd = (Lp - Ln) / (2 * h), e = fabs(fd - gr[i]) / (1 + fabs(gr[i]));
            if (e > worst)
                worst = e;
        }
        ok(worst < 1e-7, "%s: gradient = central differences on all %zu entries (worst rel %.2g)",
           loss_name[kind], 2 * hd + tt, worst);
        /* Unused entries of P (columns > t+1, last row) get no gradient. */
        int clean = 1;
        for (size_t t = 0; t < m.T; t++)
            for (size_t k = 0; k < m.T; k++)
                if ((t + 1 == m.T || k > t + 1) && gr[2 * hd + t * m.T + k] != 0)
                    clean = 0;
        ok(clean, "%s: unused entries of P have zero gradient", loss_name[kind]);
        ic_reduced_work_clear(&w);
        free(x);
        free(gr);
    }
}

static void test_rng(void)
{
    enum { N = 100000 };
    double *a = malloc(N * sizeof *a), *b = malloc(N * sizeof *b);
    ic_reduced_rng g;
    ic_reduced_rng_seed(&g, 0);
    ic_reduced_normals(&g, a, N, 1.0);
    ic_reduced_rng_seed(&g, 0);
    ic_reduced_normals(&g, b, N, 1.0);
    ok(memcmp(a, b, N * sizeof *a) == 0, "same seed, same draws");
    ic_reduced_rng_seed(&g, 1);
    ic_reduced_normals(&g, b, N, 1.0);
    ok(memcmp(a, b, N * sizeof *a) != 0, "another seed, other draws");
    double s = 0, s2 = 0, s4 = 0;
    for (int i = 0; i < N; i++) {
        s += a[i];
        s2 += a[i] * a[i];
        s4 += a[i] * a[i] * a[i] * a[i];
    }
    s /= N;
    s2 /= N;
    s4 /= N;
    /* Standard errors: 0.0032 (mean), 0.0045 (E x^2), 0.033 (E x^4 = 3). */
    ok(fabs(s) < 0.02 && fabs(s2 - 1) < 0.03 && fabs(s4 - 3) < 0.2,
       "N(0,1) moments: mean %.4f, E x^2 %.4f, E x^4 %.3f", s, s2, s4);
    free(a);
    free(b);
}

static double train(ic_reduced_loss kind, size_t d, size_t H, size_t T, long steps, double lr, unsigned long seed,
                    double *first)
{
    ic_reduced_opts o = { .m = { kind, d, H, T }, .steps = steps, .lr = lr, .init_scale = 0.1, .seed = seed,
                  .log_every = steps };
    size_t hd = H * d, tt = T * T;
    double *A = malloc(hd * sizeof *A), *B = malloc(hd * sizeof *B), *P = malloc(tt * sizeof *P);
    double *scr = malloc((2 * hd + tt) * sizeof *scr), curve[4];
    size_t nc;
    ic_reduced_work w;
    ic_reduced_work_init(&w, d);
    ic_reduced_init(&o, A, B, P);
    double L = ic_reduced_run(&o, A, B, P, curve, &nc, &w, scr);
    *first = curve[0];
    ic_reduced_work_clear(&w);
    free(A);
    free(B);
    free(P);
    free(scr);
    return L;
}

static void test_training(void)
{
    double L0, L;
    L = train(IC_REDUCED_UNITARY, 10, 10, 20, 100, 0.01, 0, &L0);
    ok(L0 > 150 && L < 1e-9, "unitary, authors' settings: %.4g -> %.3g in 100 steps", L0, L);
    L = train(IC_REDUCED_ORTHO, 4, 2, 6, 100000, 0.001, 4, &L0);
    ok(L < 1e-10, "orthogonal d = 4, H = d/2 = 2, T = 6, seed 4: %.4g -> %.3g", L0, L);
    /* Seed 0 stalls at the spurious stationary point C = c(I - S) in both
     * pairs, whose loss is d sum_{t=0}^{T-2} 1/(t+2) = 4 (1/2+1/3+1/4+1/5+1/6) = 5.8. */
    L = train(IC_REDUCED_ORTHO, 4, 2, 6, 100000, 0.001, 0, &L0);
    ok(fabs(L - 5.8) < 1e-9, "seed 0 stalls at e = -c with loss d (H_T - 1) = 5.8 (%.15g)", L);
    /* H = 1 < d/2: training must stop at or above (T-1)(d-2H) = 10. */
    L = train(IC_REDUCED_ORTHO, 4, 1, 6, 20000, 0.01, 0, &L0);
    ok(L >= 10 - 1e-9 && L < 10.5, "orthogonal d = 4, H = 1: loss %.12g >= (T-1)(d-2H) = 10", L);
}

static int same_file(const char *a, const char *b)
{
    unsigned char *x, *y;
    size_t nx, ny;
    if (ic_read_file(a, 1 << 24, &x, &nx, NULL) || ic_read_file(b, 1 << 24, &y, &ny, NULL))
        return 0;
    int s = nx == ny && memcmp(x, y, nx) == 0;
    free(x);
    free(y);
    return s;
}

static void test_outputs(void)
{
    char d1[] = "/tmp/ictrainXXXXXX", d2[] = "/tmp/ictrainXXXXXX";
    if (!mkdtemp(d1) || !mkdtemp(d2)) {
        ok(0, "temporary directories");
        return;
    }
    ic_param_set p;
    ic_param_init(&p, orthogonal_claim.train_params, NULL);
    ic_param_set_value(&p, "d", "4", "test", NULL);
    ic_param_set_value(&p, "H", "1", "test", NULL);
    ic_param_set_value(&p, "T", "5", "test", NULL);
    ic_param_set_value(&p, "steps", "300", "test", NULL);
    ic_param_set_value(&p, "lr", "0.01", "test", NULL);
    ic_err err;
    ok(orthogonal_claim.train(&p, d1, &err) == IC_OK && orthogonal_claim.train(&p, d2, &err) == IC_OK,
       "train orthogonal twice");
    static const char *const files[] = { "A.npy", "B.npy", "P.npy", "A0.npy", "B0.npy", "P0.npy",
                                         "loss.csv", "trained.case" };
    int same = 1;
    char a[128], b[128];
    for (size_t i = 0; i < 8; i++) {
        snprintf(a, sizeof a, "%s/%s", d1, files[i]);
        snprintf(b, sizeof b, "%s/%s", d2, files[i]);
        same &= same_file(a, b);
    }
    ok(same, "same seed: all 8 outputs byte-identical");
    unsigned char *cs;
    size_t n;
    snprintf(a, sizeof a, "%s/trained.case", d1);
    ok(ic_read_file(a, 1 << 20, &cs, &n, NULL) == IC_OK && strstr((char *)cs, "expect = fail")
       && strstr((char *)cs, "claim = orthogonal"), "H < d/2: trained.case expects fail");
    free(cs);
    ic_param_set_value(&p, "d", "5", "test", NULL);
    ok(orthogonal_claim.train(&p, d1, &err) == IC_EINPUT && strstr(err.msg, "odd"), "odd d refused: %s", err.msg);
    ic_param_set_value(&p, "d", "4", "test", NULL);
    ic_param_set_value(&p, "lr", "10", "test", NULL);
    ic_param_set_value(&p, "H", "2", "test", NULL);
    ok(orthogonal_claim.train(&p, d1, &err) == IC_EINPUT && strstr(err.msg, "diverged"),
       "lr 10 diverges: %s", err.msg);
    ic_param_clear(&p);
    for (size_t i = 0; i < 8; i++) {
        snprintf(a, sizeof a, "%s/%s", d1, files[i]);
        snprintf(b, sizeof b, "%s/%s", d2, files[i]);
        unlink(a);
        unlink(b);
    }
    rmdir(d1);
    rmdir(d2);
}

/* A checkpoint callback that keeps the state at step `at` and stops the
 * run there, as a kill after that checkpoint would. */
typedef struct {
    long at, step;
    size_t hd, tt, nc;
    double *A, *B, *P, *curve;
} capture;

static int capture_at(void *ctx, long step, const double *A, const double *B, const double *P,
                      const double *curve, size_t nc)
{
    capture *c = ctx;
    if (step != c->at)
        return 0;
    c->step = step;
    memcpy(c->A, A, c->hd * sizeof *A);
    memcpy(c->B, B, c->hd * sizeof *B);
    memcpy(c->P, P, c->tt * sizeof *P);
    memcpy(c->curve, curve, nc * sizeof *curve);
    c->nc = nc;
    return 1;
}

/* An interrupted run resumed from its checkpoint ends with the same bits
 * (weights and loss curve) as the uninterrupted one. */
static void test_resume(void)
{
    size_t d = 4, H = 2, T = 6, hd = H * d, tt = T * T;
    long steps = 5000;
    ic_reduced_opts o = { .m = { IC_REDUCED_ORTHO, d, H, T }, .steps = steps, .lr = 1e-3, .init_scale = 0.1,
                          .seed = 4, .log_every = 7 };
    size_t ncap = (size_t)steps / 7 + 2;
    double *A = malloc(hd * sizeof *A), *B = malloc(hd * sizeof *B), *P = malloc(tt * sizeof *P);
    double *A2 = malloc(hd * sizeof *A), *B2 = malloc(hd * sizeof *B), *P2 = malloc(tt * sizeof *P);
    double *scr = malloc((2 * hd + tt) * sizeof *scr), *curve = malloc(ncap * sizeof *curve),
           *curve2 = malloc(ncap * sizeof *curve);
    capture c = { 3000, 0, hd, tt, 0, malloc(hd * sizeof *A), malloc(hd * sizeof *A), malloc(tt * sizeof *P),
                  malloc(ncap * sizeof *curve) };
    size_t nc = 0, nc2 = 0;
    ic_reduced_work w;
    ic_reduced_work_init(&w, d);
    ic_reduced_init(&o, A, B, P);
    double L = ic_reduced_run(&o, A, B, P, curve, &nc, &w, scr);
    /* the interrupted run: a checkpoint every 1000 steps, killed at 3000 */
    ic_reduced_opts oi = o;
    oi.checkpoint_every = 1000;
    oi.checkpoint = capture_at;
    oi.ctx = &c;
    ic_reduced_init(&oi, A2, B2, P2);
    double Li = ic_reduced_run(&oi, A2, B2, P2, curve2, NULL, &w, scr);
    ok(isnan(Li) && c.step == 3000 && c.nc == ic_reduced_curve_len(&o, 3000) && c.nc == 429,
       "a checkpoint callback that refuses stops the run (NAN) at step 3000 with 429 curve values");
    /* resume from the captured state */
    ic_reduced_opts orr = o;
    orr.start = c.step;
    memcpy(A2, c.A, hd * sizeof *A);
    memcpy(B2, c.B, hd * sizeof *B);
    memcpy(P2, c.P, tt * sizeof *P);
    memcpy(curve2, c.curve, c.nc * sizeof *curve);
    double L2 = ic_reduced_run(&orr, A2, B2, P2, curve2, &nc2, &w, scr);
    ok(memcmp(&L, &L2, sizeof L) == 0 && memcmp(A, A2, hd * sizeof *A) == 0 && memcmp(B, B2, hd * sizeof *B) == 0 &&
           memcmp(P, P2, tt * sizeof *P) == 0,
       "resumed at step 3000 of 5000: A, B, P and the loss bit for bit as uninterrupted (%.17g)", L2);
    ok(nc == nc2 && memcmp(curve, curve2, nc * sizeof *curve) == 0, "and the same loss curve (%zu values)", nc);
    /* a wrong start (state of step 3000 declared as 2000) gives other bits:
     * the comparison above can fail */
    orr.start = 2000;
    memcpy(A2, c.A, hd * sizeof *A);
    memcpy(B2, c.B, hd * sizeof *B);
    memcpy(P2, c.P, tt * sizeof *P);
    ic_reduced_run(&orr, A2, B2, P2, NULL, NULL, &w, scr);
    ok(memcmp(A, A2, hd * sizeof *A) != 0, "state resumed at the wrong step differs (1000 extra steps)");
    ic_reduced_work_clear(&w);
    free(A), free(B), free(P), free(A2), free(B2), free(P2), free(scr), free(curve), free(curve2);
    free(c.A), free(c.B), free(c.P), free(c.curve);
}

int main(void)
{
    test_loss_and_gradient();
    test_rng();
    test_training();
    test_outputs();
    test_resume();
    return done_testing();
}
