/* Claim C1: closed forms, the two exact-expectation routes, the double
 * loss used by the search, the search itself, and the trainer's gradient
 * (finite differences) and determinism. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "augmented/augmented.h"
#include "formats/file_io.h"
#include "numbers/test_points.h"
#include "tap.h"

#define PREC 256
#define R MPFR_RNDN

static double rel(double a, double b)
{
    return fabs(a - b) / fmax(1e-300, fmax(fabs(a), fabs(b)));
}

static void test_closed_forms(void)
{
    mpfr_t x;
    mpfr_init2(x, PREC);
    aug_eta_pool(x, 5, 49);
    ok(fabs(mpfr_get_d(x, R) - 15.0 / 111.0) < 1e-16, "eta*_pool(d=5, N=49) = 15/111 = %.6f (THEORY: 0.135135)",
       mpfr_get_d(x, R));
    aug_eta_star(x, 5, 10);
    ok(mpfr_get_d(x, R) == 5.0 / 14.0, "eta*(d=5, T=10) = 5/14");
    aug_loss_pool(x, 3, 4);
    ok(fabs(mpfr_get_d(x, R) - (4 - 1.5 * 20.0 / 15.0)) < 1e-15, "pooled minimum d=3, N=4 = 2");
    /* general s_0 with uniform weights reduces to d / (T + d - 1) */
    mpfr_t w[4], e2;
    mpfr_init2(e2, PREC);
    for (int k = 0; k < 4; k++) {
        mpfr_init2(w[k], PREC);
        mpfr_set_d(w[k], 0.25, R);
    }
    aug_eta_general(x, w, 4, 7);
    aug_eta_star(e2, 4, 7);
    ok(mpfr_equal_p(x, e2), "general-s_0 eta* with uniform weights = d/(T+d-1)");
    for (int k = 0; k < 4; k++)
        mpfr_clear(w[k]);
    mpfr_clears(x, e2, (mpfr_ptr)0);
}

/* Construction loss by characters vs the closed forms, both models. */
static void test_construction_loss(void)
{
    ic_err err = { 0 };
    size_t d = 4;
    ic_mat WKQ, WV, K, V;
    ic_mat_init(&WKQ, 3 * d, 3 * d, PREC, &err);
    ic_mat_init(&WV, 3 * d, 3 * d, PREC, &err);
    ic_mat_init(&K, 2 * d, 2 * d, PREC, &err);
    ic_mat_init(&V, d, 2 * d, PREC, &err);
    mpfr_t g, eta, Lu, Lr, want, diff;
    mpfr_inits2(PREC, g, eta, Lu, Lr, want, diff, (mpfr_ptr)0);
    mpfr_set_ui(g, 1, R);
    aug_eta_pool(eta, 4, 6);
    aug_construction(&WKQ, &WV, d, g, eta);
    aug_effective(&K, &V, &WKQ, &WV);
    int rc = aug_loss_mp(Lu, AUG_UNITARY, d, NULL, &K, &V, 1, 6, &err);
    rc |= aug_loss_mp(Lr, AUG_ROTATIONS, d, NULL, &K, &V, 1, 6, &err);
    aug_loss_pool(want, 4, 6);
    mpfr_sub(diff, Lu, want, R);
    ok(rc == 0 && mpfr_cmpabs_ui(diff, 0) >= 0 && fabs(mpfr_get_d(diff, R)) < 1e-60,
       "unitary d=4, N=6: exact pooled loss at eta*_pool = closed form %.12f (diff %.1e)", mpfr_get_d(want, R),
       mpfr_get_d(diff, R));
    mpfr_sub(diff, Lr, Lu, R);
    ok(fabs(mpfr_get_d(diff, R)) < 1e-60, "rotation-block model gives the same loss (diff %.1e)", mpfr_get_d(diff, R));
    /* eta away from the optimum is worse */
    mpfr_mul_d(eta, eta, 1.01, R);
    aug_construction(&WKQ, &WV, d, g, eta);
    aug_effective(&K, &V, &WKQ, &WV);
    aug_loss_mp(Lu, AUG_UNITARY, d, NULL, &K, &V, 1, 6, &err);
    ok(mpfr_cmp(Lu, want) > 0, "1.01 eta*_pool has a larger loss");
    mpfr_clears(g, eta, Lu, Lr, want, diff, (mpfr_ptr)0);
    ic_mat_clear(&WKQ);
    ic_mat_clear(&WV);
    ic_mat_clear(&K);
    ic_mat_clear(&V);
}

/* Random dense weights: characters = grid forward passes = double terms. */
static void test_routes(void)
{
    ic_err err = { 0 };
    ic_testpoint_state rs;
    ic_testpoint_init(&rs, 5);
    for (int model = 0; model < 2; model++) {
        size_t d = 2;
        long N = 2;
        ic_mat WKQ, WV, K, V;
        ic_mat_init(&WKQ, 3 * d, 3 * d, PREC, &err);
        ic_mat_init(&WV, 3 * d, 3 * d, PREC, &err);
        ic_mat_init(&K, 2 * d, 2 * d, PREC, &err);
        ic_mat_init(&V, d, 2 * d, PREC, &err);
        ic_testpoint_dyadic_mat(&WKQ, &rs);
        ic_testpoint_dyadic_mat(&WV, &rs);
        aug_effective(&K, &V, &WKQ, &WV);
        mpfr_t Lc, Lg;
        mpfr_inits2(PREC, Lc, Lg, (mpfr_ptr)0);
        int rc = aug_loss_mp(Lc, model, d, NULL, &K, &V, 0, N, &err);
        rc |= aug_loss_grid(Lg, model, d, &WKQ, &WV, 0, N, model ? 6 * N + 3 : 3 * N + 4, &err);
        double a = mpfr_get_d(Lc, R), b = mpfr_get_d(Lg, R);
        ok(rc == 0 && rel(a, b) < 1e-60 + 1e-15 && a > 0, "%s: characters %.15g = grid %.15g",
           model ? "rotations" : "unitary", a, b);
        mpfr_sub(Lg, Lg, Lc, R);
        ok(fabs(mpfr_get_d(Lg, R)) < 1e-50 * fmax(1, a), "  and agree to %.1e in MPFR", mpfr_get_d(Lg, R));
        /* the grid with too few points is NOT exact: the test can fail */
        aug_loss_grid(Lg, model, d, &WKQ, &WV, 0, N, 3, &err);
        ok(rel(mpfr_get_d(Lg, R), a) > 1e-6, "  a 3-point grid is not exact (%.6g), so the check has power",
           mpfr_get_d(Lg, R));
        /* double terms */
        aug_terms *tm = aug_terms_new(model, d, 0, N, &err);
        double Kd[16], Vd[8], gK[16], gV[8];
        ic_mat_get_d(Kd, &K);
        ic_mat_get_d(Vd, &V);
        double f = aug_terms_loss(tm, Kd, Vd, gK, gV);
        ok(rel(f, a) < 1e-12, "  double term list %.15g", f);
        /* gradient vs central differences */
        double worst = 0;
        for (int i = 0; i < 24; i++) {
            double *x = i < 16 ? &Kd[i] : &Vd[i - 16], g = i < 16 ? gK[i] : gV[i - 16], h = 1e-6, x0 = *x;
            *x = x0 + h;
            double fp = aug_terms_loss(tm, Kd, Vd, NULL, NULL);
            *x = x0 - h;
            double fm = aug_terms_loss(tm, Kd, Vd, NULL, NULL);
            *x = x0;
            worst = fmax(worst, fabs((fp - fm) / (2 * h) - g) / fmax(1, fabs(g)));
        }
        ok(worst < 1e-6, "  analytic gradient = central differences (worst %.1e)", worst);
        aug_terms_free(tm);
        mpfr_clears(Lc, Lg, (mpfr_ptr)0);
        ic_mat_clear(&WKQ);
        ic_mat_clear(&WV);
        ic_mat_clear(&K);
        ic_mat_clear(&V);
    }
    ic_testpoint_clear(&rs);
}

/* Single position T = 1, unitary d = 2: the dense optimum (2d-3)/(2d-1) = 1/3
 * is below the construction's (d-1)/d = 1/2. */
static void test_search(void)
{
    ic_err err = { 0 };
    aug_terms *tm = aug_terms_new(AUG_UNITARY, 2, 1, 1, &err);
    double K[16], V[8];
    double f = aug_search(tm, AUG_CLASS_FULL, 4, 300, 3, K, V);
    ok(f < 1.0 / 3 + 1e-8, "dense search, unitary d=2, T=1: %.10f <= 1/3 < 1/2 (construction)", f);
    double f2 = aug_search(tm, AUG_CLASS_FULL, 4, 300, 3, K, V);
    ok(f2 == f, "search is deterministic in the seed");
    aug_terms_free(tm);
}

static void test_gd_step(void)
{
    size_t d = 3, T = 4;
    ic_mat WKQ, WV, s;
    ic_mat_init(&WKQ, 9, 9, PREC, NULL);
    ic_mat_init(&WV, 9, 9, PREC, NULL);
    ic_mat_init(&s, T + 1, d, PREC, NULL);
    ic_testpoint_state rs;
    ic_testpoint_init(&rs, 11);
    ic_testpoint_dyadic_mat(&s, &rs);
    mpfr_t g, v, y[3], z, t1;
    mpfr_inits2(PREC, g, v, z, t1, y[0], y[1], y[2], (mpfr_ptr)0);
    mpfr_set_d(g, 0.75, R);
    mpfr_set_d(v, -1.5, R);
    aug_construction(&WKQ, &WV, d, g, v);
    aug_forward_mp(y, &WKQ, &WV, &s, T);
    int exact = 1;
    for (size_t i = 0; i < d; i++) {
        /* eta sum_{t=1}^T s_{t,i} <s_{t-1}, s_T> */
        mpfr_set_zero(z, 1);
        for (size_t t = 1; t <= T; t++) {
            mpfr_set_zero(t1, 1);
            for (size_t k = 0; k < d; k++)
                mpfr_fma(t1, IC_MAT_AT(&s, t - 1, k), IC_MAT_AT(&s, T, k), t1, R);
            mpfr_fma(z, IC_MAT_AT(&s, t, i), t1, z, R);
        }
        mpfr_mul(z, z, g, R);
        mpfr_mul(z, z, v, R);
        exact &= mpfr_equal_p(z, y[i]);
    }
    ok(exact, "attention with the construction = eta G_T s_T exactly on a random dyadic sequence");
    mpfr_clears(g, v, z, t1, y[0], y[1], y[2], (mpfr_ptr)0);
    ic_mat_clear(&WKQ);
    ic_mat_clear(&WV);
    ic_mat_clear(&s);
    ic_testpoint_clear(&rs);
}

static void test_trainer_grad(void)
{
    size_t d = 2, n = 5, ns = 3, D = 6, P = 36;
    double S[3 * 6 * 2], W[72], G[72];
    aug_rng r;
    aug_rng_seed(&r, 9);
    ic_err err = { 0 };
    ok(aug_gen_data(S, ns, n, d, AUG_DATA_ROTATIONS, &r, &err) == 0, "rotation data generated");
    double nrm = S[5 * 2] * S[5 * 2] + S[5 * 2 + 1] * S[5 * 2 + 1];
    ok(fabs(nrm - 1) < 1e-14, "rotations preserve ||s_t|| = 1 (%.17g)", nrm);
    ok(aug_gen_data(S, 1, n, 3, AUG_DATA_ROTATIONS, &r, &err) == IC_EINPUT, "odd d refused for rotations: %s",
       err.msg);
    aug_gen_data(S, ns, n, d, AUG_DATA_HAAR, &r, &err);
    for (size_t i = 0; i < 2 * P; i++)
        W[i] = 0.5 * ic_rng_gauss(&r);
    for (int k = 0; k < 2; k++) {
        double sc = k ? 1 / sqrt(6.0) : 1;
        memset(G, 0, sizeof G);
        aug_batch_loss(W, W + P, S, NULL, ns, n, d, sc, G, G + P);
        double worst = 0;
        for (size_t i = 0; i < 2 * P; i++) {
            double x0 = W[i], h = 1e-6;
            W[i] = x0 + h;
            double fp = aug_batch_loss(W, W + P, S, NULL, ns, n, d, sc, NULL, NULL);
            W[i] = x0 - h;
            double fm = aug_batch_loss(W, W + P, S, NULL, ns, n, d, sc, NULL, NULL);
            W[i] = x0;
            worst = fmax(worst, fabs((fp - fm) / (2 * h) - G[i]) / fmax(1e-3, fabs(G[i])));
        }
        ok(worst < 1e-6, "trainer backward = central differences, scale %s (worst rel %.1e)", k ? "1/sqrt(3d)" : "1",
           worst);
    }
    (void)D;
}


/* The authors' extras (proofs/augmented/extras_net.c): backward = central differences in
 * all 32 on/off combinations of (split, bias, LayerNorm, output maps,
 * residual), tiny sizes. */
static void test_net_grad(void)
{
    size_t d = 2, n = 4, ns = 3;
    double S[3 * 5 * 2];
    aug_rng r;
    aug_rng_seed(&r, 21);
    ic_err err = { 0 };
    aug_gen_data(S, ns, n, d, AUG_DATA_HAAR, &r, &err);
    double worst = 0, *work = malloc(aug_net_work(n, d) * sizeof *work);
    size_t checked = 0;
    for (int m = 0; m < 32; m++) {
        aug_net net;
        aug_net_init(&net, d, m & 1, (m >> 1) & 1, (m >> 2) & 1, (m >> 3) & 1, (m >> 4) & 1, 1 / sqrt(6.0));
        double *P = malloc(net.np * sizeof *P), *G = calloc(net.np, sizeof *G);
        for (size_t i = 0; i < net.np; i++)
            P[i] = 0.5 * ic_rng_gauss(&r);
        if (net.ln)
            for (size_t i = 0; i < net.D; i++)
                P[net.off[AUG_P_LNG] + i] += 1;
        aug_net_batch(&net, P, S, NULL, ns, n, G, work);
        for (size_t i = 0; i < net.np; i++) {
            /* five-point stencil (error O(h^4)): LayerNorm is curved enough
             * that central differences sit near their own error floor */
            double x0 = P[i], h = 1e-4, f[4];
            for (int k = 0; k < 4; k++) {
                P[i] = x0 + (k < 2 ? (k + 1) : -(k - 1)) * h;
                f[k] = aug_net_batch(&net, P, S, NULL, ns, n, NULL, work);
            }
            P[i] = x0;
            double fd = (8 * (f[0] - f[2]) - (f[1] - f[3])) / (12 * h);
            worst = fmax(worst, fabs(fd - G[i]) / fmax(1e-3, fabs(G[i])));
            checked++;
        }
        free(P);
        free(G);
    }
    ok(worst < 1e-6, "extras backward = five-point differences, 32 configurations, %zu partials (worst rel %.1e)", checked,
       worst);
    free(work);
}

/* With every extra off, proofs/augmented/extras_net.c and the theory trainer
 * (proofs/augmented/train.c, effective K, V) are two implementations of one model. */
static void test_net_theory_equal(void)
{
    size_t d = 2, n = 5, ns = 3, P = 36;
    double S[3 * 6 * 2], W[72], G1[72] = { 0 }, G2[72] = { 0 };
    aug_rng r;
    aug_rng_seed(&r, 4);
    ic_err err = { 0 };
    aug_gen_data(S, ns, n, d, AUG_DATA_ROTATIONS, &r, &err);
    for (size_t i = 0; i < 2 * P; i++)
        W[i] = 0.5 * ic_rng_gauss(&r);
    aug_net net;
    aug_net_init(&net, d, 0, 0, 0, 0, 0, 0.7);
    double *work = malloc(aug_net_work(n, d) * sizeof *work);
    double a = aug_batch_loss(W, W + P, S, NULL, ns, n, d, 0.7, G1, G1 + P);
    double b = aug_net_batch(&net, W, S, NULL, ns, n, G2, work);
    double gw = 0;
    for (size_t i = 0; i < 2 * P; i++)
        gw = fmax(gw, fabs(G1[i] - G2[i]) / fmax(1e-3, fabs(G1[i])));
    ok(net.np == 2 * P && rel(a, b) < 1e-13 && gw < 1e-12,
       "extras off: same loss (%.15g vs %.15g) and gradient (worst rel %.1e) as the theory trainer", a, b, gw);
    free(work);
}

/* Without LayerNorm, biases and residual the model is the theory model of
 * its composite maps: split keys and both output maps on, predictions of
 * aug_net_predict = aug_predict(composites, scale 1). */
static void test_net_composite(void)
{
    size_t d = 3, n = 6, D = 9;
    double s[7 * 3], Y1[6 * 3], Y2[6 * 3], KQc[81], Vc[81];
    aug_rng r;
    aug_rng_seed(&r, 8);
    ic_err err = { 0 };
    aug_gen_data(s, 1, n, d, AUG_DATA_HAAR, &r, &err);
    aug_net net;
    aug_net_init(&net, d, 1, 0, 0, 1, 0, 1 / 3.0);
    double *P = malloc(net.np * sizeof *P), *work = malloc(aug_net_work(n, d) * sizeof *work);
    for (size_t i = 0; i < net.np; i++)
        P[i] = ic_rng_gauss(&r);
    aug_net_predict(&net, P, s, n, Y1, work);
    aug_net_composite(&net, P, KQc, Vc);
    aug_predict(Y2, KQc, Vc, s, n, d, 1);
    double w = 0;
    for (size_t i = 0; i < n * d; i++)
        w = fmax(w, rel(Y1[i], Y2[i]));
    ok(w < 1e-12, "composite maps (sc W_K^T W_Q, W_F W_O W_V) reproduce the model's predictions (worst rel %.1e)", w);
    /* with LayerNorm the composite is exact up to a positive factor per position */
    aug_net_init(&net, d, 1, 0, 1, 1, 0, 1 / 3.0);
    free(P);
    P = malloc(net.np * sizeof *P);
    for (size_t i = 0; i < net.np; i++)
        P[i] = ic_rng_gauss(&r);
    for (size_t i = 0; i < D; i++)
        P[net.off[AUG_P_LNB] + i] = 0;
    aug_net_predict(&net, P, s, n, Y1, work);
    aug_net_composite(&net, P, KQc, Vc);
    aug_predict(Y2, KQc, Vc, s, n, d, 1);
    double wr = 0;
    for (size_t T = 1; T < n; T++) {
        double c = Y1[T * d] / Y2[T * d];
        for (size_t i = 0; i < d; i++)
            wr = fmax(wr, rel(Y1[T * d + i], c * Y2[T * d + i]));
        wr = c > 0 ? wr : INFINITY;
    }
    ok(wr < 1e-10, "with LayerNorm (offset 0): predictions = composite predictions times 1/sigma_T > 0 (worst %.1e)",
       wr);
    free(P);
    free(work);
}

static int read_all(const char *path, unsigned char **b, size_t *n)
{
    ic_err e;
    return ic_read_file(path, 1 << 20, b, n, &e);
}

static void test_train_runs(void)
{
    /* Outputs go to a temporary directory, removed at the end: tests leave
     * nothing in the build tree (make distcheck checks that). */
    char top[] = "/tmp/test_augmented-XXXXXX", d1[64], d2[64];
    if (!mkdtemp(top))
        return;
    snprintf(d1, sizeof d1, "%s/out1", top);
    snprintf(d2, sizeof d2, "%s/out2", top);
    const char *dirs[2] = { d1, d2 };
    ic_err err = { 0 };
    for (int k = 0; k < 2; k++) {
        ic_param_set p;
        ic_param_init(&p, aug_train_params, &err);
        ic_param_set_value(&p, "d", "2", "test", &err);
        ic_param_set_value(&p, "n", "6", "test", &err);
        ic_param_set_value(&p, "train", "64", "test", &err);
        ic_param_set_value(&p, "batch", "16", "test", &err);
        ic_param_set_value(&p, "epochs", "30", "test", &err);
        ic_param_set_value(&p, "lr", "0.05", "test", &err);
        ic_mkdir_p(dirs[k], &err);
        int rc = aug_train(&p, dirs[k], &err);
        ok(rc == 0, "tiny training run %d (%s)", k + 1, rc ? err.msg : "ok");
        ic_param_clear(&p);
    }
    char a[256], b[256];
    unsigned char *x = NULL, *y = NULL;
    size_t nx = 0, ny = 0;
    snprintf(a, sizeof a, "%s/WKQ.npy", dirs[0]);
    snprintf(b, sizeof b, "%s/WKQ.npy", dirs[1]);
    read_all(a, &x, &nx);
    read_all(b, &y, &ny);
    ok(x && y && nx == ny && memcmp(x, y, nx) == 0, "same seed, byte-identical weights");
    free(x);
    free(y);
    snprintf(a, sizeof a, "%s/loss.csv", dirs[0]);
    read_all(a, &x, &nx);
    double first = 0, last = 0;
    if (x) {
        char *line = strchr((char *)x, '\n');
        sscanf(line + 1, "%*d,%lf", &first);
        char *end = (char *)x + nx - 2;
        while (end > (char *)x && *end != '\n')
            end--;
        sscanf(end + 1, "%*d,%lf", &last);
    }
    /* zero model: MSE 0.5; construction at eta*_pool (d = 2, N = 5, plus
     * position 0 which costs 1): (1 + 5 - 45/14) / 12 = 0.232 */
    ok(first > 0.4 && last < 0.3, "training lowers the loss towards the optimum 0.232 (%.4g -> %.4g)", first, last);
    free(x);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
    if (system(cmd) != 0)
        diag("could not remove %s", top);
}

int main(void)
{
    test_closed_forms();
    test_construction_loss();
    test_routes();
    test_search();
    test_gd_step();
    test_trainer_grad();
    test_net_grad();
    test_net_theory_equal();
    test_net_composite();
    test_train_runs();
    return done_testing();
}
