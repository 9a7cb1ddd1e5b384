/* C7: the AR fit (exact AR sequences, the exact-when-independent finding,
 * a rank-deficient sequence with a closed-form MSE), the Mann-Whitney
 * statistic against brute force, and compare on the shipped cases. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "formats/npy.h"
#include "certificates/case_file.h"
#include "tap.h"
#include "tokens/tokens.h"

static double gauss(unsigned *st)
{
    double u = (rand_r(st) + 1.0) / (RAND_MAX + 2.0), v = (rand_r(st) + 1.0) / (RAND_MAX + 2.0);
    return sqrt(-2 * log(u)) * cos(6.283185307179586 * v);
}

static void test_fit(void)
{
    unsigned st = 1;
    size_t r;
    /* Exact AR in D = 3 with T = 8 (overdetermined): W a rotation about an axis. */
    double S[8 * 3], c = cos(0.7), s = sin(0.7);
    S[0] = 0.6, S[1] = 0, S[2] = 0.8;
    for (size_t k = 1; k < 8; k++) {
        const double *p = S + (k - 1) * 3;
        S[k * 3] = c * p[0] - s * p[1];
        S[k * 3 + 1] = s * p[0] + c * p[1];
        S[k * 3 + 2] = p[2];
    }
    double m = tok_ar_mse(S, 8, 3, 1e-10, &r);
    ok(m < 1e-28 && r == 3, "exact AR sequence (rotation about an axis, spans R^3): MSE %.2g, rank(X X^T) %zu", m, r);
    /* Random Gaussian tokens with T - 1 <= D: regenerated exactly. */
    double G[5 * 10];
    for (size_t i = 0; i < 50; i++)
        G[i] = gauss(&st);
    m = tok_ar_mse(G, 5, 10, 1e-10, &r);
    ok(m < 1e-26 && r == 4, "independent tokens, T - 1 = 4 <= D = 10: MSE %.2g (exact up to rounding)", m);
    /* Repeated token: s = e0, e1, e0, e3, e4 in R^6: MSE = 2.25 / (5 * 6). */
    double E[5 * 6] = { 0 };
    size_t ids[5] = { 0, 1, 0, 3, 4 };
    for (size_t k = 0; k < 5; k++)
        E[k * 6 + ids[k]] = 1;
    m = tok_ar_mse(E, 5, 6, 1e-10, &r);
    ok(fabs(m - 0.075) < 1e-15 && r == 3, "repeated token: MSE %.17g = 2.25/30, rank 3", m);
}

static void test_stats(void)
{
    double a[3] = { 1, 2, 3 }, b[3] = { 4, 5, 6 };
    tok_mwu w;
    tok_mann_whitney(a, 3, b, 3, &w);
    ok(w.U == 0 && fabs(w.z + 4.5 / sqrt(5.25)) < 1e-14, "separated samples: U = 0, z = -4.5/sqrt(5.25)");
    ok(fabs(w.p_less - 0.024767306717813370) < 1e-12, "p_less = Phi(z) = %.12f", w.p_less);
    /* Ties and random data: U against the pair count. */
    unsigned st = 9;
    double x[200], y[150];
    for (int i = 0; i < 200; i++)
        x[i] = rand_r(&st) % 20;
    for (int i = 0; i < 150; i++)
        y[i] = rand_r(&st) % 23;
    double U = 0;
    for (int i = 0; i < 200; i++)
        for (int j = 0; j < 150; j++)
            U += x[i] > y[j] ? 1 : x[i] == y[j] ? 0.5 : 0;
    tok_mann_whitney(x, 200, y, 150, &w);
    ok(w.U == U, "U from mid-ranks = pair count with ties (%g)", U);
    ok(fabs(w.p_two - 2 * fmin(w.p_less, 1 - w.p_less)) < 1e-12, "two-sided p consistent");
    double med[4] = { 4, 1, 3, 2 };
    ok(tok_median(med, 4) == 2.5 && tok_median(med, 3) == 3, "median (even and odd)");
}

static ic_cert *run_case(const char *rel, int *rc, ic_err *e)
{
    ic_case cs;
    ic_cert *cert = NULL;
    *rc = ic_case_load(&cs, srcpath(rel), e);
    if (*rc)
        return NULL;
    *rc = ic_claim_run(cs.claim, "compare", &cs.params, srcpath(rel), &cert, e);
    ic_case_free(&cs);
    return cert;
}

static const char *value_of(ic_cert *cert, const char *name)
{
    size_t i;
    json_t *ck;
    json_array_foreach(json_object_get(ic_cert_json(cert), "checks"), i, ck)
        if (strcmp(json_string_value(json_object_get(ck, "name")), name) == 0)
            return json_string_value(json_object_get(ck, "value"));
    return "nan";
}

static void test_cases(void)
{
    int rc;
    ic_err e;
    ic_cert *c = run_case("cases/tokens_ar_vs_shuffled.case", &rc, &e);
    ok(rc == 0 && c && strcmp(ic_cert_verdict(c), "pass") == 0, "AR sequences vs shuffled: pass");
    if (c) {
        double mo = atof(value_of(c, "median_original")), msh = atof(value_of(c, "median_shuffled"));
        ok(mo < 1e-25 && msh > 1e-3, "median MSE original %.3g << shuffled %.3g", mo, msh);
        ok(atof(value_of(c, "exact_fraction_original")) == 1, "every original sequence fits exactly");
        json_t *h = json_object_get(json_object_get(ic_cert_json(c), "data"), "histogram");
        ok(json_array_size(json_object_get(h, "original")) == 40, "histogram data with 40 bins");
        ic_cert_free(c);
    }
    c = run_case("cases/tokens_random.case", &rc, &e);
    ok(rc == 0 && c && strcmp(ic_cert_verdict(c), "fail") == 0, "random ids vs shuffled: fail (no AR structure)");
    ic_cert_free(c);
}

static void test_bad_ids(void)
{
    char path[] = "/tmp/test_tokens_ids_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) {
        ok(0, "mkstemp");
        return;
    }
    close(fd);
    double ids[10] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 999 };
    size_t shape[1] = { 10 };
    ic_err e;
    ic_npy_write(path, ids, 1, shape, 0, &e);
    ic_param_set p;
    ic_param_init(&p, tokens_claim.compare_params, &e);
    ic_param_set_value(&p, "embeddings", srcpath("cases/data/tokens/embeddings.npy"), "test", &e);
    ic_param_set_value(&p, "ids", path, "test", &e);
    ic_cert *c = NULL;
    int rc = ic_claim_run(&tokens_claim, "compare", &p, NULL, &c, &e);
    ok(rc == IC_EINPUT && strstr(e.msg, path) && strstr(e.msg, "999"), "id out of range refused: %s", e.msg);
    ic_cert_free(c);
    ic_param_clear(&p);
    unlink(path);
}

int main(void)
{
    test_fit();
    test_stats();
    test_cases();
    test_bad_ids();
    return done_testing();
}
