/* C6: gradient of the hand-written backward pass against central finite
 * differences, data (Haar O(d), rotations, unitary), determinism, causal
 * masking, a closed-form loss, the fast path against the reference (loss,
 * gradient, float32, thread counts, instruction sets), short training runs
 * (threads, float32) and compare on them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "formats/file_io.h"
#include "certificates/case_file.h"
#include "nonaugmented/nonaugmented.h"
#include "tap.h"

static const char *value_of(ic_cert *cert, const char *name)
{
    size_t i;
    json_t *ck;
    json_array_foreach(json_object_get(ic_cert_json(cert), "checks"), i, ck)
        if (strcmp(json_string_value(json_object_get(ck, "name")), name) == 0)
            return json_string_value(json_object_get(ck, "value"));
    return "nan";
}

static void test_gradient(void)
{
    na_shape s;
    na_shape_init(&s, 3, 2, 5);
    size_t P = s.off[NA_NPARAM];
    double *th = malloc(P * sizeof *th), *g = calloc(P, sizeof *g), *S = malloc(4 * 6 * 3 * sizeof *S);
    na_rng r;
    ic_err e;
    na_rng_seed(&r, 7);
    na_init_params(th, &s, &r);
    /* Move LayerNorm off its (1, 0) start so its gradients are generic. */
    for (size_t i = s.off[NA_LNW]; i < s.off[NA_LNB + 1]; i++)
        th[i] += 0.3 * ic_rng_gauss(&r);
    na_gen_data(S, 4, 5, 3, NA_DATA_HAAR, &r, &e);
    size_t idx[3] = { 2, 0, 3 };
    na_batch_loss(th, &s, S, idx, 3, g, NULL);
    double worst = 0, h = 1e-5;
    size_t worst_i = 0;
    int block_seen[NA_NPARAM] = { 0 };
    for (size_t i = 0; i < P; i++) {
        double o = th[i];
        th[i] = o + h;
        double a = na_batch_loss(th, &s, S, idx, 3, NULL, NULL);
        th[i] = o - h;
        double b = na_batch_loss(th, &s, S, idx, 3, NULL, NULL);
        th[i] = o;
        double fd = (a - b) / (2 * h), err = fabs(fd - g[i]) / (1e-6 + fabs(fd));
        if (err > worst) {
            worst = err;
            worst_i = i;
        }
        for (int k = 0; k < NA_NPARAM; k++)
            if (i >= s.off[k] && i < s.off[k + 1] && g[i] != 0)
                block_seen[k] = 1;
    }
    ok(worst < 1e-5, "gradient = central differences on all %zu parameters (worst rel %.2g at %zu)", P,
       worst, worst_i);
    int all = 1;
    for (int k = 0; k < NA_NPARAM; k++)
        all &= block_seen[k];
    ok(all, "every tensor (including pos and the biases) receives a nonzero gradient");
    free(th);
    free(g);
    free(S);
}

static void test_data(void)
{
    na_rng r;
    na_rng_seed(&r, 3);
    size_t d = 5, m = 4000;
    double W[25], worst = 0, tr = 0;
    size_t neg = 0;
    for (size_t k = 0; k < m; k++) {
        ic_rng_haar(W, d, &r, 2);
        for (size_t i = 0; i < d; i++)
            for (size_t j = 0; j < d; j++) {
                double a = 0;
                for (size_t l = 0; l < d; l++)
                    a += W[i * d + l] * W[j * d + l];
                worst = fmax(worst, fabs(a - (i == j)));
            }
        for (size_t i = 0; i < d; i++)
            tr += W[i * d + i];
        /* det sign from Gaussian elimination */
        double A[25], det = 1;
        memcpy(A, W, sizeof A);
        for (size_t c = 0; c < d; c++) {
            size_t p = c;
            for (size_t i = c + 1; i < d; i++)
                if (fabs(A[i * d + c]) > fabs(A[p * d + c]))
                    p = i;
            if (p != c) {
                det = -det;
                for (size_t j = 0; j < d; j++) {
                    double t = A[c * d + j];
                    A[c * d + j] = A[p * d + j];
                    A[p * d + j] = t;
                }
            }
            det *= A[c * d + c];
            for (size_t i = c + 1; i < d; i++) {
                double f = A[i * d + c] / A[c * d + c];
                for (size_t j = c; j < d; j++)
                    A[i * d + j] -= f * A[c * d + j];
            }
        }
        neg += det < 0;
    }
    ok(worst < 1e-13, "Haar samples are orthogonal (max |W W^T - I| = %.2g)", worst);
    /* Haar O(d): E tr W = 0 (sd of tr W is 1), det = -1 with probability 1/2. */
    ok(fabs(tr / (double)m) < 0.08, "mean trace %.4f ~ 0 over %zu samples", tr / (double)m, m);
    ok(fabs((double)neg / (double)m - 0.5) < 0.04, "det = -1 in %.3f of samples (Haar: 1/2)",
       (double)neg / (double)m);
    for (int kind = 0; kind < 3; kind++) {
        double S[3 * 11 * 4];
        ic_err e;
        int rc = na_gen_data(S, 3, 10, 4, kind, &r, &e);
        double w = 0;
        for (size_t t = 0; t < 33; t++) {
            double nr = 0;
            for (size_t i = 0; i < 4; i++)
                nr += S[t * 4 + i] * S[t * 4 + i];
            w = fmax(w, fabs(nr - 1));
        }
        ok(rc == IC_OK && w < 1e-14, "data kind %d: every token has unit norm (%.2g)", kind, w);
    }
    double S[2 * 6 * 5];
    ic_err e;
    ok(na_gen_data(S, 2, 5, 5, NA_DATA_ROTATIONS, &r, &e) == IC_EINPUT, "rotations with odd d refused: %s",
       e.msg);
}

static void test_model(void)
{
    na_shape s;
    na_shape_init(&s, 4, 3, 8);
    size_t P = s.off[NA_NPARAM], idx[2] = { 0, 1 };
    double *th = malloc(P * sizeof *th), *S = malloc(2 * 9 * 4 * sizeof *S);
    double Y1[2 * 8 * 4], Y2[2 * 8 * 4];
    na_rng r;
    ic_err e;
    na_rng_seed(&r, 11);
    na_init_params(th, &s, &r);
    na_gen_data(S, 2, 8, 4, NA_DATA_HAAR, &r, &e);
    double L1 = na_batch_loss(th, &s, S, idx, 2, NULL, Y1), L2 = na_batch_loss(th, &s, S, idx, 2, NULL, Y2);
    ok(L1 == L2 && memcmp(Y1, Y2, sizeof Y1) == 0, "forward pass is bit-reproducible");
    /* Causal: change tokens 4..8 of sequence 0; predictions 0..3 unchanged. */
    for (size_t j = 4 * 4; j < 9 * 4; j++)
        S[j] = -S[j] + 0.25;
    na_batch_loss(th, &s, S, idx, 2, NULL, Y2);
    ok(memcmp(Y1, Y2, 4 * 4 * sizeof *Y1) == 0 && memcmp(Y1, Y2, 5 * 4 * sizeof *Y1) != 0,
       "predictions at t <= 3 ignore tokens after 3; t = 4 sees token 4");
    /* Zero output layer: y = 0, loss = mean x_{t+1}^2 = 1/d for unit tokens. */
    memset(th + s.off[NA_WF], 0, (s.off[NA_BF + 1] - s.off[NA_WF]) * sizeof *th);
    double L0 = na_batch_loss(th, &s, S, idx + 1, 1, NULL, NULL);  /* sequence 1: still unit tokens */
    ok(fabs(L0 - 0.25) < 1e-15, "zero output layer: loss = 1/d (%.17g)", L0);
    /* Positional rows are distributions over l <= t. */
    double *pos = malloc(3 * 64 * sizeof *pos), w = 0;
    na_pos_attention(pos, th, &s);
    for (size_t h = 0; h < 3; h++)
        for (size_t t = 0; t < 8; t++) {
            double sum = 0;
            for (size_t l = 0; l < 8; l++)
                sum += pos[(h * 8 + t) * 8 + l];
            w = fmax(w, fabs(sum - 1) + (t < 7 ? fabs(pos[(h * 8 + t) * 8 + 7]) : 0));
        }
    ok(w < 1e-15 && pos[0] == 1, "positional rows sum to 1, zero above the diagonal, row 0 = (1, 0..)");
    free(pos);
    free(th);
    free(S);
}


/* A model with generic LayerNorm parameters and data for the fast-path tests. */
static void fast_setup(na_shape *s, double **th, double **S, size_t **idx, size_t d, size_t H, size_t n,
                       size_t nseq, size_t nb)
{
    na_shape_init(s, d, H, n);
    size_t P = s->off[NA_NPARAM];
    na_rng r;
    ic_err e;
    *th = malloc(P * sizeof **th);
    *S = malloc(nseq * (n + 1) * d * sizeof **S);
    *idx = malloc(nb * sizeof **idx);
    na_rng_seed(&r, 17 + d);
    na_init_params(*th, s, &r);
    for (size_t i = s->off[NA_LNW]; i < s->off[NA_LNB + 1]; i++)
        (*th)[i] += 0.3 * ic_rng_gauss(&r);
    na_gen_data(*S, nseq, n, d, NA_DATA_HAAR, &r, &e);
    for (size_t i = 0; i < nb; i++)
        (*idx)[i] = (i * 7 + 3) % nseq;  /* a permutation-like order with repeats */
}

/* Largest |a - b| relative to the largest |b| of each tensor. */
static double grad_gap(const na_shape *s, const double *a, const double *b)
{
    double worst = 0;
    for (int k = 0; k < NA_NPARAM; k++) {
        double m = 0, w = 0;
        for (size_t i = s->off[k]; i < s->off[k + 1]; i++) {
            m = fmax(m, fabs(b[i]));
            w = fmax(w, fabs(a[i] - b[i]));
        }
        if (m > 0)
            worst = fmax(worst, w / m);
    }
    return worst;
}

static void test_fast_matches_reference(void)
{
    /* d = 3 and 5 use the register kernels, d = 8 the general one; 150
     * sequences make two groups (128 + 22) and partial chunks and lanes. */
    size_t ds[] = { 3, 5, 8 }, Hs[] = { 2, 3, 2 }, ns[] = { 5, 9, 4 };
    for (int c = 0; c < 3; c++) {
        na_shape s;
        double *th, *S;
        size_t *idx, nb = 150;
        ic_err e;
        fast_setup(&s, &th, &S, &idx, ds[c], Hs[c], ns[c], 97, nb);
        size_t P = s.off[NA_NPARAM];
        double *g0 = calloc(P, sizeof *g0), *g1 = calloc(P, sizeof *g1), *g2 = calloc(P, sizeof *g2);
        double L0 = na_batch_loss(th, &s, S, idx, nb, g0, NULL);
        na_fast *f = na_fast_new(&s, 2, NA_F64, &e), *f32 = na_fast_new(&s, 2, NA_F32, &e);
        double L1 = na_fast_loss(f, th, S, idx, nb, g1), L2 = na_fast_loss(f32, th, S, idx, nb, g2);
        ok(fabs(L1 - L0) <= 1e-13 * L0 && grad_gap(&s, g1, g0) < 1e-12,
           "fast float64 = reference (d %zu, H %zu, n %zu): loss rel %.2g, gradient rel %.2g", ds[c], Hs[c], ns[c],
           fabs(L1 - L0) / L0, grad_gap(&s, g1, g0));
        ok(fabs(L2 - L0) <= 1e-5 * L0 && grad_gap(&s, g2, g0) < 1e-4,
           "fast float32 ~ reference (d %zu): loss rel %.2g, gradient rel %.2g", ds[c], fabs(L2 - L0) / L0,
           grad_gap(&s, g2, g0));
        /* The loss alone (no gradient requested) has the same bits. */
        ok(na_fast_loss(f, th, S, idx, nb, NULL) == L1, "loss without gradient: same bits (d %zu)", ds[c]);
        na_fast_free(f);
        na_fast_free(f32);
        free(g0);
        free(g1);
        free(g2);
        free(th);
        free(S);
        free(idx);
    }
}

static void test_fast_gradient_fd(void)
{
    na_shape s;
    double *th, *S;
    size_t *idx, nb = 11;
    ic_err e;
    fast_setup(&s, &th, &S, &idx, 3, 2, 5, 13, nb);
    size_t P = s.off[NA_NPARAM];
    double *g = calloc(P, sizeof *g), worst = 0, h = 1e-5;
    na_fast *f = na_fast_new(&s, 1, NA_F64, &e);
    na_fast_loss(f, th, S, idx, nb, g);
    for (size_t i = 0; i < P; i++) {
        double o = th[i];
        th[i] = o + h;
        double a = na_fast_loss(f, th, S, idx, nb, NULL);
        th[i] = o - h;
        double b = na_fast_loss(f, th, S, idx, nb, NULL);
        th[i] = o;
        double fd = (a - b) / (2 * h);
        worst = fmax(worst, fabs(fd - g[i]) / (1e-6 + fabs(fd)));
    }
    ok(worst < 1e-5, "fast-path gradient = central differences on all %zu parameters (worst rel %.2g)", P, worst);
    na_fast_free(f);
    free(g);
    free(th);
    free(S);
    free(idx);
}

static void test_fast_threads_isa(void)
{
    /* 300 sequences: three groups, so 2 and 3 threads split them differently. */
    na_shape s;
    double *th, *S;
    size_t *idx, nb = 300;
    ic_err e;
    fast_setup(&s, &th, &S, &idx, 5, 4, 7, 211, nb);
    size_t P = s.off[NA_NPARAM];
    for (int dt = 0; dt < 2; dt++) {
        double *g[4], L[4];
        for (int k = 0; k < 4; k++) {
            g[k] = calloc(P, sizeof *g[k]);
            na_fast *f = na_fast_new(&s, k < 3 ? (size_t)k + 1 : 2, dt, &e);
            if (k == 3)
                na_fast_use_generic(f);
            L[k] = na_fast_loss(f, th, S, idx, nb, g[k]);
            na_fast_free(f);
        }
        int same = 1, isa = L[3] == L[0] && memcmp(g[3], g[0], P * sizeof *g[0]) == 0;
        for (int k = 1; k < 3; k++)
            same &= L[k] == L[0] && memcmp(g[k], g[0], P * sizeof *g[0]) == 0;
        ok(same, "%s: 1, 2 and 3 threads give bit-identical loss and gradient", dt ? "float32" : "float64");
        ok(isa, "%s: the portable kernel gives the bits of the %s one", dt ? "float32" : "float64", na_fast_isa());
        for (int k = 0; k < 4; k++)
            free(g[k]);
    }
    free(th);
    free(S);
    free(idx);
}

static int read_all(const char *path, unsigned char **b, size_t *n)
{
    ic_err e;
    return ic_read_file(path, 1 << 26, b, n, &e);
}

static int train_into(const char *dir, const char *epochs, const char *threads, const char *dtype)
{
    ic_param_set p;
    ic_err e;
    ic_param_init(&p, nonaugmented_claim.train_params, &e);
    const char *kv[][2] = { { "d", "4" }, { "heads", "4" }, { "n", "10" }, { "epochs", epochs },
                            { "batch", "32" }, { "train-size", "256" }, { "test-size", "64" },
                            { "eval-every", "5" }, { "seed", "5" }, { "data", "rotations" },
                            { "threads", threads }, { "dtype", dtype } };
    for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++)
        ic_param_set_value(&p, kv[i][0], kv[i][1], "test", &e);
    ic_mkdir_p(dir, &e);
    int rc = nonaugmented_claim.train(&p, dir, &e);
    if (rc)
        diag("train: %s", e.msg);
    ic_param_clear(&p);
    return rc;
}

static void test_train_compare(void)
{
    char tmpl[] = "/tmp/test_nonaug_XXXXXX";
    char *dir = mkdtemp(tmpl), a[100], b[100], path[4200];
    if (!dir) {
        ok(0, "mkdtemp");
        return;
    }
    snprintf(a, sizeof a, "%s/a", dir);
    snprintf(b, sizeof b, "%s/b", dir);
    ok(train_into(a, "20", "1", "float64") == IC_OK && train_into(b, "20", "2", "float64") == IC_OK,
       "two short training runs (1 and 2 threads)");
    unsigned char *x = NULL, *y = NULL;
    size_t nx = 0, ny = 0;
    int same = 1;
    for (int k = 0; k < NA_NPARAM; k++) {
        snprintf(path, sizeof path, "%s/%s.npy", a, na_param_names[k]);
        read_all(path, &x, &nx);
        snprintf(path, sizeof path, "%s/%s.npy", b, na_param_names[k]);
        read_all(path, &y, &ny);
        same &= x && y && nx == ny && memcmp(x, y, nx) == 0;
        free(x);
        free(y);
        x = y = NULL;
    }
    ok(same, "same seed, 1 and 2 threads: byte-identical weights (all 13 tensors)");
    /* The loss curve must go down. */
    snprintf(path, sizeof path, "%s/loss.csv", a);
    read_all(path, &x, &nx);
    double first = 0, last = 0;
    if (x) {
        char *l = strchr((char *)x, '\n');
        first = atof(strrchr(strtok(l + 1, "\n"), ',') + 1);
        for (char *t; (t = strtok(NULL, "\n"));)
            last = atof(strrchr(t, ',') + 1);
    }
    ok(last > 0 && last < 0.5 * first, "test loss falls: %.4f -> %.4f", first, last);
    free(x);
    /* compare on the written trained.case. */
    ic_case cs;
    ic_err e;
    snprintf(path, sizeof path, "%s/trained.case", a);
    ic_cert *cert = NULL;
    int rc = ic_case_load(&cs, path, &e);
    if (!rc)
        rc = ic_claim_run(cs.claim, "compare", &cs.params, path, &cert, &e);
    ok(rc == IC_OK && cert && strcmp(ic_cert_verdict(cert), "pass") == 0, "compare on trained.case passes%s%s",
       rc ? ": " : "", rc ? e.msg : "");
    if (cert) {
        ok(strcmp(value_of(cert, "causal_mask"), "identical") == 0, "causal check recorded");
        ok(fabs(atof(value_of(cert, "mse_model")) - last) <= 1e-12 * last,
           "certificate's test MSE = trainer's final test loss");
        ic_cert_free(cert);
        cert = NULL;
    }
    /* A wrong recorded loss must fail. */
    if (!rc) {
        ic_param_set_value(&cs.params, "loss-test", "0.5", "test", &e);
        rc = ic_claim_run(cs.claim, "compare", &cs.params, path, &cert, &e);
        ok(rc == IC_OK && cert && strcmp(ic_cert_verdict(cert), "fail") == 0, "wrong recorded loss: verdict fail");
        ic_cert_free(cert);
        ic_case_free(&cs);
    }
    /* Mismatched shapes are an input error naming the file. */
    snprintf(path, sizeof path, "%s/trained.case", a);
    if (ic_case_load(&cs, path, &e) == IC_OK) {
        char bad[4200];
        snprintf(bad, sizeof bad, "%s/bq.npy", a);
        ic_param_set_value(&cs.params, "bk", bad, "test", &e);
        snprintf(bad, sizeof bad, "%s/Wo.npy", a);
        ic_param_set_value(&cs.params, "bq", bad, "test", &e);
        cert = NULL;
        rc = ic_claim_run(cs.claim, "compare", &cs.params, path, &cert, &e);
        ok(rc == IC_EINPUT && strstr(e.msg, "Wo.npy"), "wrong-shape bq refused: %s", e.msg);
        ic_cert_free(cert);
        ic_case_free(&cs);
    }
    /* float32 passes: the curve falls like float64's and compare passes on it. */
    char c32[100];
    snprintf(c32, sizeof c32, "%s/c", dir);
    ok(train_into(c32, "20", "2", "float32") == IC_OK, "float32 training run");
    snprintf(path, sizeof path, "%s/loss.csv", c32);
    read_all(path, &x, &nx);
    double last32 = 0;
    if (x) {
        char *l = strchr((char *)x, '\n');
        strtok(l + 1, "\n");
        for (char *t; (t = strtok(NULL, "\n"));)
            last32 = atof(strrchr(t, ',') + 1);
    }
    free(x);
    ok(fabs(last32 - last) < 1e-3 * last, "float32 final test loss %.6f within 1e-3 (relative) of float64's %.6f",
       last32, last);
    snprintf(path, sizeof path, "%s/trained.case", c32);
    cert = NULL;
    rc = ic_case_load(&cs, path, &e);
    if (!rc)
        rc = ic_claim_run(cs.claim, "compare", &cs.params, path, &cert, &e);
    ok(rc == IC_OK && cert && strcmp(ic_cert_verdict(cert), "pass") == 0, "compare on the float32 run passes%s%s",
       rc ? ": " : "", rc ? e.msg : "");
    ic_cert_free(cert);
    if (!rc)
        ic_case_free(&cs);
    const char *files[] = { "a", "b", "c" };
    for (int k = 0; k < 3; k++) {
        snprintf(path, sizeof path, "rm -rf '%s/%s'", dir, files[k]);
        if (system(path) != 0)
            diag("cleanup failed");
    }
    rmdir(dir);
}

int main(void)
{
    test_gradient();
    test_data();
    test_model();
    test_fast_matches_reference();
    test_fast_gradient_fd();
    test_fast_threads_isa();
    test_train_compare();
    return done_testing();
}
