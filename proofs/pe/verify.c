/* Claim C5 (positional encodings only): the exact optimum, the
 * early-stopped gradient-descent path in closed form, conditioning, and
 * the authors' Figure 6 matrices compared with the path.  Derivations and
 * error bounds: doc/c5-pe.md. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expectations/angle_quadrature.h"
#include "numbers/test_points.h"
#include "pe/pe.h"

/* ---------- small helpers ---------- */

int pe_parse_real(mpfr_ptr x, const ic_param_set *ps, const char *name, ic_err *err)
{
    if (ic_param_real_mpfr(ps, name, x) || !mpfr_number_p(x))
        return ic_err_set(err, IC_EINPUT, "--%s: '%s' is not a number", name, ic_param_get(ps, name));
    return IC_OK;
}

static json_t *row_json(const ic_mat *P, size_t t, size_t len)
{
    json_t *a = json_array();
    for (size_t j = 0; j < len; j++)
        json_array_append_new(a, json_real(mpfr_get_d(IC_MAT_AT(P, t, j), MPFR_RNDN)));
    return a;
}

/* Moments of phi uniform on [0, 2 pi / mu] for ic_quad: E exp(i n phi). */
static void angle_moment(mpfr_ptr re, mpfr_ptr im, long n, void *ctx)
{
    mpfr_srcptr mu = ctx;
    if (n == 0) {
        mpfr_set_ui(re, 1, MPFR_RNDN);
        mpfr_set_zero(im, 1);
        return;
    }
    mpfr_t y, c;
    mpfr_inits2(mpfr_get_prec(re), y, c, (mpfr_ptr)0);
    mpfr_const_pi(y, MPFR_RNDN);
    mpfr_mul_si(y, y, 2 * n, MPFR_RNDN);
    mpfr_div(y, y, mu, MPFR_RNDN);
    mpfr_sin_cos(re, c, y, MPFR_RNDN);
    mpfr_div(re, re, y, MPFR_RNDN);
    mpfr_ui_sub(c, 1, c, MPFR_RNDN);
    mpfr_div(im, c, y, MPFR_RNDN);
    mpfr_clears(y, c, (mpfr_ptr)0);
}

/* |(p - e)^T G_t (p - e) - E|yhat_t - s_{t+2}|^2| at a random dyadic row p,
 * the expectation computed from the model (tokens lambda^t, prediction
 * sum_t' p_t' conj(s_t) s_t'^2) by ic_quad; returns the worst relative gap. */
static int gram_vs_model(mpfr_ptr worst, size_t T, mpfr_srcptr mu, mpfr_prec_t prec,
                         ic_testpoint_state *rs, ic_err *err)
{
    mpfr_t *g = ic_calloc(T, sizeof *g);
    if (!g)
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    for (size_t k = 0; k < T; k++)
        mpfr_init2(g[k], prec);
    pe_moments(g, T, mu);
    ic_quad_poly f;
    int rc = ic_quad_init(&f, 1, prec, err);
    mpfr_t q[PE_T_MAX], L, M, c;
    mpfr_inits2(prec, L, M, c, (mpfr_ptr)0);
    for (size_t k = 0; k < T; k++)
        mpfr_init2(q[k], prec);
    mpfr_set_zero(worst, 1);
    size_t rows[3] = { 0, T / 2 - 1, T - 2 };
    for (int ri = 0; ri < 3 && !rc; ri++) {
        size_t t = rows[ri], n = t + 2;
        ic_quad_reset(&f);
        for (size_t a = 0; a < n && !rc; a++) {
            ic_testpoint_dyadic(q[a], rs, 0);
            int32_t e = (int32_t)(2 * a) - (int32_t)t;
            rc = ic_quad_add_term(&f, q[a], &e, err);
        }
        int32_t e = (int32_t)t + 2;
        mpfr_set_si(c, -1, MPFR_RNDN);
        if (!rc)
            rc = ic_quad_add_term(&f, c, &e, err);
        if (!rc)
            rc = ic_quad_mean_sq(M, &f, angle_moment, (void *)mu, err);
        /* quadratic form with q - e_{t+1} */
        mpfr_sub_ui(q[t + 1], q[t + 1], 1, MPFR_RNDN);
        mpfr_set_zero(L, 1);
        for (size_t a = 0; a < n; a++)
            for (size_t b = 0; b < n; b++) {
                mpfr_mul(c, q[a], q[b], MPFR_RNDN);
                mpfr_mul(c, c, g[a > b ? a - b : b - a], MPFR_RNDN);
                mpfr_add(L, L, c, MPFR_RNDN);
            }
        mpfr_sub(c, L, M, MPFR_RNDN);
        mpfr_abs(c, c, MPFR_RNDN);
        mpfr_abs(M, M, MPFR_RNDN);
        if (mpfr_cmp_ui(M, 1) < 0)
            mpfr_set_ui(M, 1, MPFR_RNDN);
        mpfr_div(c, c, M, MPFR_RNDN);
        mpfr_max(worst, worst, c, MPFR_RNDN);
    }
    ic_quad_clear(&f);
    for (size_t k = 0; k < T; k++) {
        mpfr_clear(q[k]);
        mpfr_clear(g[k]);
    }
    free(g);
    mpfr_clears(L, M, c, (mpfr_ptr)0);
    return rc;
}

/* 2 x 2 matrix power by squaring: m <- m^k (row-major m[4]). */
static void pow22(mpfr_t *m, long k, mpfr_prec_t prec)
{
    mpfr_t r[4], b[4], t[4], x;
    for (int i = 0; i < 4; i++) {
        mpfr_inits2(prec, r[i], b[i], t[i], (mpfr_ptr)0);
        mpfr_set(b[i], m[i], MPFR_RNDN);
        mpfr_set_ui(r[i], i == 0 || i == 3, MPFR_RNDN);
    }
    mpfr_init2(x, prec);
    for (; k > 0; k >>= 1) {
        if (k & 1) {
            for (int i = 0; i < 2; i++)
                for (int j = 0; j < 2; j++) {
                    mpfr_mul(t[2 * i + j], r[2 * i], b[j], MPFR_RNDN);
                    mpfr_mul(x, r[2 * i + 1], b[2 + j], MPFR_RNDN);
                    mpfr_add(t[2 * i + j], t[2 * i + j], x, MPFR_RNDN);
                }
            for (int i = 0; i < 4; i++)
                mpfr_set(r[i], t[i], MPFR_RNDN);
        }
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++) {
                mpfr_mul(t[2 * i + j], b[2 * i], b[j], MPFR_RNDN);
                mpfr_mul(x, b[2 * i + 1], b[2 + j], MPFR_RNDN);
                mpfr_add(t[2 * i + j], t[2 * i + j], x, MPFR_RNDN);
            }
        for (int i = 0; i < 4; i++)
            mpfr_set(b[i], t[i], MPFR_RNDN);
    }
    for (int i = 0; i < 4; i++) {
        mpfr_set(m[i], r[i], MPFR_RNDN);
        mpfr_clears(r[i], b[i], t[i], (mpfr_ptr)0);
    }
    mpfr_clear(x);
}

/* Rows 0 and 1 in closed form (doc/c5-pe.md, "Rows 0 and 1"):
 *   P[0,0] = (b^k - a^k)/2, a = 1 - eta (1 + g1), b = 1 - eta (1 - g1);
 *   row 1 splits into the antisymmetric eigenvector (-1,0,1)/sqrt2 with
 *   eigenvalue 1 - g2 and the symmetric 2 x 2 block
 *   Gs = [[1 + g2, sqrt2 g1], [sqrt2 g1, 1]] on ((1,0,1)/sqrt2, (0,1,0)):
 *   P[1,0] = (beta^k - [M^k]_00)/2, P[1,1] = -[M^k]_10 / sqrt2,
 *   M = I - eta Gs, beta = 1 - eta (1 - g2). */
static void rows01(mpfr_ptr p00, mpfr_ptr p10, mpfr_ptr p11, mpfr_srcptr mu, mpfr_srcptr eta,
                   long k, mpfr_prec_t prec)
{
    mpfr_t g[3], a, b, s2, m[4];
    for (int i = 0; i < 3; i++)
        mpfr_init2(g[i], prec);
    mpfr_inits2(prec, a, b, s2, (mpfr_ptr)0);
    for (int i = 0; i < 4; i++)
        mpfr_init2(m[i], prec);
    pe_moments(g, 3, mu);
    mpfr_add_ui(a, g[1], 1, MPFR_RNDN);
    mpfr_mul(a, a, eta, MPFR_RNDN);
    mpfr_ui_sub(a, 1, a, MPFR_RNDN);
    mpfr_pow_si(a, a, k, MPFR_RNDN);
    mpfr_ui_sub(b, 1, g[1], MPFR_RNDN);
    mpfr_mul(b, b, eta, MPFR_RNDN);
    mpfr_ui_sub(b, 1, b, MPFR_RNDN);
    mpfr_pow_si(b, b, k, MPFR_RNDN);
    mpfr_sub(p00, b, a, MPFR_RNDN);
    mpfr_div_2ui(p00, p00, 1, MPFR_RNDN);
    mpfr_sqrt_ui(s2, 2, MPFR_RNDN);
    mpfr_add_ui(m[0], g[2], 1, MPFR_RNDN);
    mpfr_mul(m[1], s2, g[1], MPFR_RNDN);
    mpfr_set(m[2], m[1], MPFR_RNDN);
    mpfr_set_ui(m[3], 1, MPFR_RNDN);
    for (int i = 0; i < 4; i++) {
        mpfr_mul(m[i], m[i], eta, MPFR_RNDN);
        mpfr_neg(m[i], m[i], MPFR_RNDN);
    }
    mpfr_add_ui(m[0], m[0], 1, MPFR_RNDN);
    mpfr_add_ui(m[3], m[3], 1, MPFR_RNDN);
    pow22(m, k, prec);
    mpfr_ui_sub(b, 1, g[2], MPFR_RNDN);
    mpfr_mul(b, b, eta, MPFR_RNDN);
    mpfr_ui_sub(b, 1, b, MPFR_RNDN);
    mpfr_pow_si(b, b, k, MPFR_RNDN);
    mpfr_sub(p10, b, m[0], MPFR_RNDN);
    mpfr_div_2ui(p10, p10, 1, MPFR_RNDN);
    mpfr_div(p11, m[2], s2, MPFR_RNDN);
    mpfr_neg(p11, p11, MPFR_RNDN);
    for (int i = 0; i < 3; i++)
        mpfr_clear(g[i]);
    for (int i = 0; i < 4; i++)
        mpfr_clear(m[i]);
    mpfr_clears(a, b, s2, (mpfr_ptr)0);
}

/* ---------- verify ---------- */

const ic_param_spec pe_verify_params[] = {
    { "mu", IC_PARAM_INTS, "50,100,200,300", NULL, "angle scales mu to sweep", "[1, 100000]" },
    { "T", IC_PARAM_INTS, "30", NULL, "sequence lengths to sweep", "[3, 200]" },
    { "lr", IC_PARAM_REAL, "0.5", NULL, "learning rate of the authors' SGD (eta = 2 lr / (T-1))", "(0, 1)" },
    { "stop-loss", IC_PARAM_REAL, "1e-3", NULL, "the authors' stopping threshold", "(0, inf)" },
    { "k", IC_PARAM_INTS, "", NULL,
      "expected stopping indices, one per (T, mu) in sweep order (checked when given)" },
    { "structure", IC_PARAM_WORD, "yes", "yes|no", "certify the spectral (DPSS) form of the last row" },
    { "seed", IC_PARAM_INT, "1", NULL, "seed of the random test points" },
    IC_PARAM_PREC,
    IC_PARAM_END
};

typedef struct {
    ic_cert *cert;
    mpfr_prec_t prec;
    mpfr_t lr;
    const char *stop;
    ic_testpoint_state rs;
    json_t *table;
    int fail_gram, fail_rows, fail_pd, fail_opt, undecided, fail_struct, fail_k;
    double worst_rows, worst_opt, best_double, worst_struct, worst_gram;
    long *kexp;
    size_t nk, idx;
} vstate;

static int verify_one(vstate *v, size_t T, long mu_i, ic_err *err)
{
    mpfr_prec_t prec = v->prec;
    mpfr_t mu, a, b, c, d;
    mpfr_inits2(prec, mu, a, b, c, d, (mpfr_ptr)0);
    mpfr_set_si(mu, mu_i, MPFR_RNDN);
    pe_path path;
    int rc = pe_path_run(&path, T, mu, v->lr, v->stop, prec, err);
    json_t *row = json_object();
    if (rc)
        goto out;
    if (!path.decided)
        v->undecided = 1;
    if (v->kexp && v->idx < v->nk && v->kexp[v->idx] != path.k)
        v->fail_k = 1;
    v->idx++;
    /* model expectation == Gram quadratic form */
    rc = gram_vs_model(a, T, mu, prec, &v->rs, err);
    if (rc)
        goto out;
    double gv = mpfr_get_d(a, MPFR_RNDU);
    if (gv > ldexp(1.0, 40 - (int)prec))
        v->fail_gram = 1;
    v->worst_gram = fmax(v->worst_gram, gv);
    /* rows 0 and 1 in closed form vs the iterated path */
    rows01(a, b, c, mu, path.eta, path.k, prec);
    double dr = 0;
    mpfr_sub(d, a, IC_MAT_AT(&path.P, 0, 0), MPFR_RNDN);
    dr = fmax(dr, fabs(mpfr_get_d(d, MPFR_RNDU)));
    if (T >= 3) {
        mpfr_sub(d, b, IC_MAT_AT(&path.P, 1, 0), MPFR_RNDN);
        dr = fmax(dr, fabs(mpfr_get_d(d, MPFR_RNDU)));
        mpfr_sub(d, c, IC_MAT_AT(&path.P, 1, 1), MPFR_RNDN);
        dr = fmax(dr, fabs(mpfr_get_d(d, MPFR_RNDU)));
    }
    double bound = mpfr_get_d(path.err_r, MPFR_RNDU) + ldexp(1.0, 30 - (int)prec);
    if (dr > bound)
        v->fail_rows = 1;
    v->worst_rows = fmax(v->worst_rows, dr / bound);
    /* row sums including the superdiagonal */
    double rs_dev = 0;
    for (size_t t = 0; t + 1 < T; t++) {
        mpfr_set_si(d, -1, MPFR_RNDN);
        for (size_t j = 0; j <= t + 1; j++)
            mpfr_add(d, d, IC_MAT_AT(&path.P, t, j), MPFR_RNDN);
        rs_dev = fmax(rs_dev, fabs(mpfr_get_d(d, MPFR_RNDN)));
    }
    /* conditioning of the largest Gram matrix (interlacing: the worst) */
    pe_cond cd;
    pe_cond_init(&cd);
    rc = pe_cond_enclose(&cd, (slong)T, mu, prec < 128 ? 128 : prec, err);
    if (rc) {
        pe_cond_clear(&cd);
        goto out;
    }
    if (mpfr_sgn(cd.lmin_lo) <= 0)
        v->fail_pd = 1;
    mpfr_prec_t ps = pe_solve_prec(cd.cond_hi, T);
    double x0[PE_T_MAX], e1[PE_T_MAX];
    for (size_t i = 0; i < T; i++) {
        x0[i] = (double)ic_testpoint_int(&v->rs, -1024, 1024) / 1024.0;
        e1[i] = i == T - 1;
    }
    double em_opt = 1, em_gen = 1, ea = INFINITY, ec, el, dc_opt, dl_opt;
    int cok, cok_opt;
    rc = pe_solve_mpfr(&em_opt, T, mu, ps, e1, err);
    if (!rc)
        rc = pe_solve_mpfr(&em_gen, T, mu, ps, x0, err);
    if (rc) {
        pe_cond_clear(&cd);
        goto out;
    }
    slong pa = cd.prec;
    while (pa <= 8192 && (pe_solve_arb(&ea, (slong)T, mu, pa, x0) != IC_OK || !(ea <= 0x1p-64)))
        pa *= 2;
    pe_solve_double(&ec, &cok, &el, T, (double)mu_i, x0);
    pe_solve_double(&dc_opt, &cok_opt, &dl_opt, T, (double)mu_i, e1);
    if (em_opt > 0x1p-64 || em_gen > 0x1p-64 || !(ea <= 0x1p-64))
        v->fail_opt = 1;
    v->worst_opt = fmax(v->worst_opt, fmax(fmax(em_gen, em_opt), ea));
    double dbest = fmin(cok ? ec : INFINITY, el);
    /* double precision is expected to fail only where cond > 1/eps */
    if (mpfr_cmp_d(cd.cond_lo, 1e17) > 0)
        v->best_double = fmin(v->best_double, dbest);
    /* spectral (DPSS) form of the last row */
    pe_struct st = { 0 };
    int have_struct = 0;
    if (v->fail_struct >= 0) {
        int sr = pe_struct_row(&st, T, mu, path.eta, path.k, &path.P, T - 2, cd.prec, err);
        if (sr == IC_EINTERNAL) {
            rc = sr;
            pe_cond_clear(&cd);
            goto out;
        }
        have_struct = 1;
        if (sr != IC_OK)
            v->worst_struct = INFINITY; /* not proved: the check below fails */
        else
            v->worst_struct = fmax(v->worst_struct, st.spectral_dev);
    }
    /* table row */
    json_object_set_new(row, "mu", json_integer(mu_i));
    json_object_set_new(row, "T", json_integer((json_int_t)T));
    json_object_set_new(row, "k", json_integer(path.k));
    json_object_set_new(row, "decided", json_boolean(path.decided));
    json_object_set_new(row, "loss_k_minus_2", ic_cert_fmt_json(path.loss_prev));
    json_object_set_new(row, "loss_k_minus_1", ic_cert_fmt_json(path.loss_stop));
    json_object_set_new(row, "loss_error_bound", ic_cert_fmt_json(path.err_loss));
    json_object_set_new(row, "P00", json_real(mpfr_get_d(IC_MAT_AT(&path.P, 0, 0), MPFR_RNDN)));
    if (T >= 3)
        json_object_set_new(row, "P11", json_real(mpfr_get_d(IC_MAT_AT(&path.P, 1, 1), MPFR_RNDN)));
    json_object_set_new(row, "rowsum_max_dev", json_real(rs_dev));
    json_object_set_new(row, "cond_lo", ic_cert_fmt_json(cd.cond_lo));
    json_object_set_new(row, "cond_hi", ic_cert_fmt_json(cd.cond_hi));
    json_object_set_new(row, "lambda_min_lo", ic_cert_fmt_json(cd.lmin_lo));
    json_object_set_new(row, "enclosure_prec", json_integer(cd.prec));
    json_object_set_new(row, "solve_prec", json_integer(ps));
    json_object_set_new(row, "arb_solve_prec", json_integer(pa));
    json_object_set_new(row, "mpfr_solve_err_optimum", json_real(em_opt));
    json_object_set_new(row, "mpfr_solve_err_generic", json_real(em_gen));
    json_object_set_new(row, "double_cholesky_ok", json_boolean(cok));
    json_object_set_new(row, "double_lu_fails_generic", json_boolean(el >= 1e-2));
    json_object_set_new(row, "double_cholesky_ok_optimum", json_boolean(cok_opt));
    json_object_set_new(row, "double_lu_fails_optimum", json_boolean(dl_opt >= 1e-2));
    /* Row T-2 in full, the superdiagonal P[T-2][T-1] (the weight on the
     * newest key) included, and every used row t = 0..T-2 up to column t+1. */
    json_object_set_new(row, "last_row", row_json(&path.P, T - 2, T));
    {
        json_t *rows = json_array();
        for (size_t t = 0; t + 1 < T; t++)
            json_array_append_new(rows, row_json(&path.P, t, t + 2));
        json_object_set_new(row, "path_rows", rows);
    }
    if (have_struct) {
        json_t *ev = json_array(), *fl = json_array(), *zr = json_array();
        for (size_t i = 0; i < st.n; i++) {
            json_array_append_new(ev, json_real(st.lambda[i]));
            json_array_append_new(fl, json_real(st.filter[i]));
        }
        for (size_t i = 0; i < st.nzeros; i++)
            json_array_append_new(zr, json_real(st.zeros[i]));
        json_object_set_new(row, "eigenvalues", ev);
        json_object_set_new(row, "filter_factors", fl);
        json_object_set_new(row, "fitted_modes", json_integer((json_int_t)st.m));
        json_object_set_new(row, "last_row_sign_changes", zr);
        json_object_set_new(row, "spectral_form_dev", json_real(st.spectral_dev));
        json_object_set_new(row, "fitted_dpss_projection_dev", json_real(st.dpss_dev));
        pe_struct_clear(&st);
    }
    json_array_append(v->table, row);
    pe_cond_clear(&cd);
out:
    json_decref(row);
    pe_path_clear(&path);
    mpfr_clears(mu, a, b, c, d, (mpfr_ptr)0);
    return rc;
}

#define PATH_BOUND                                                                                          \
    "MPFR path with an a priori bound on its rounding error (doc/c5-pe.md, Error bound of the path); each "   \
    "threshold comparison decided outside the bound"

int pe_verify(const ic_param_set *ps, ic_cert *cert, ic_err *err)
{
    /* lists, --k's count, lr against every T (check.c) */
    int rc = pe_check("verify", ps, err);
    if (rc)
        return rc;
    long mus[64], Ts[64], ks[256];
    size_t nmu = ic_param_ints(ps, "mu", mus, 64), nT = ic_param_ints(ps, "T", Ts, 64);
    vstate v = { .cert = cert, .prec = ic_param_int(ps, "prec"), .stop = ic_param_get(ps, "stop-loss"),
                 .best_double = INFINITY };
    if (ic_param_given(ps, "k")) {
        v.nk = ic_param_ints(ps, "k", ks, 256);
        v.kexp = ks;
    }
    if (strcmp(ic_param_get(ps, "structure"), "no") == 0)
        v.fail_struct = -1;
    mpfr_init2(v.lr, v.prec);
    rc = pe_parse_real(v.lr, ps, "lr", err);
    if (rc) {
        mpfr_clear(v.lr);
        return rc;
    }
    ic_testpoint_init(&v.rs, (unsigned long)ic_param_int(ps, "seed"));
    v.table = json_array();
    for (size_t i = 0; i < nT && !rc; i++)
        for (size_t j = 0; j < nmu && !rc; j++)
            rc = verify_one(&v, (size_t)Ts[i], mus[j], err);
    if (rc == IC_OK) {
        char buf[512];
        size_t len = 0;
        buf[0] = 0;
        for (size_t i = 0; i < json_array_size(v.table) && len < 400; i++) {
            json_t *r = json_array_get(v.table, i);
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%lld", i ? "," : "",
                                    (long long)json_integer_value(json_object_get(r, "k")));
        }
        ic_cert_measure_str(cert, "stopping_indices", "k per (T, mu) in sweep order (the authors' rule)", buf);
        ic_cert_check_status(cert, "stopping_rule_decided",
                         "every threshold comparison L(k-2) >= stop > L(k-1) holds beyond the proven error bound",
                         v.undecided ? "some within the bound" : "all decided", NULL, NULL,
                         v.undecided ? "undecided" : "pass");
        ic_cert_proof(cert, IC_PROOF_ENCLOSURE, "the swept (T, mu)", PATH_BOUND);
        if (v.kexp) {
            ic_cert_check_status(cert, "stopping_indices_expected", "k equals the expected values given by --k",
                             buf, "==", ic_param_get(ps, "k"), v.fail_k ? "fail" : "pass");
            ic_cert_proof(cert, IC_PROOF_ENCLOSURE, "the swept (T, mu)", PATH_BOUND);
        }
        ic_cert_check_d(cert, "gram_vs_model",
                    "max relative |(p-e)^T G (p-e) - E|yhat - s|^2| at random rows, expectation from the model by characters",
                    v.worst_gram, "<=", ldexp(1.0, 40 - (int)v.prec));
        ic_cert_proof(cert, IC_PROOF_PAPER, "random rows of the swept (T, mu)",
                      "derivation in doc/c5-pe.md (each row a least-squares problem with the Gram matrix); sampled here in MPFR against a rounding budget");
        ic_cert_check_d(cert, "rows01_closed_form",
                    "max |P[0,0], P[1,0], P[1,1] (2x2 eigen formulas) - iterated path| / (path error bound + 2^(30-prec))",
                    v.worst_rows, "<=", 1.0);
        ic_cert_proof(cert, IC_PROOF_PAPER, "the swept (T, mu)",
                      "2x2 eigen formulas derived in doc/c5-pe.md, compared in MPFR with the path within its error bound");
        ic_cert_check_status(cert, "gram_positive_definite",
                         "lambda_min(G_{T-2}) > 0 proven (arb Cholesky): the optimum e_{t+1} is unique, loss 0",
                         v.fail_pd ? "not proven" : "proven", NULL, NULL, v.fail_pd ? "fail" : "pass");
        ic_cert_proof(cert, IC_PROOF_ENCLOSURE, "the largest Gram matrix of each swept (T, mu) (interlacing covers the smaller)",
                      "Arb ball arithmetic: Cholesky of G - s I with s a proven lower bound of lambda_min");
        ic_cert_check_d(cert, "optimum_mpfr_solve",
                    "max |x - x0| solving G x = G x0 in MPFR at the precision chosen from cond (x0 = e_{T-1} and random), and the arb enclosure radius",
                    v.worst_opt, "<=", 0x1p-64);
        ic_cert_proof(cert, IC_PROOF_ENCLOSURE, "the swept (T, mu)",
                      "Arb rigorous SPD solve (enclosure radius), with MPFR elimination at a precision chosen from the enclosed condition number as a cross-check");
        if (isfinite(v.best_double)) {
            ic_cert_check_status(cert, "double_solve_fails",
                             "LAPACK dposv/dgesv in double on the same systems where cond > 1e17: every solution "
                             "is off by max |x - x0| >= 1e-2 (only this is recorded: the digits of a failed double "
                             "solve depend on the BLAS kernel)",
                             v.best_double >= 1e-2 ? "every double solve off by >= 1e-2" : "a double solve succeeded",
                             NULL, NULL, v.best_double >= 1e-2 ? "pass" : "fail");
            ic_cert_proof(cert, IC_PROOF_NUMERIC, "the swept Gram matrices with cond > 1e17",
                          "LAPACK in double against the exact solution: a demonstration that double fails, nothing proved");
        } else {   /* nothing to check: not a pass */
            ic_cert_not_applicable(cert, "double_solve_fails",
                                   "LAPACK dposv/dgesv in double on the same systems where cond > 1e17: every "
                                   "solution is off by max |x - x0| >= 1e-2",
                                   NULL, NULL, NULL, "no swept Gram matrix has cond > 1e17");
        }
        if (v.fail_struct >= 0) {
            ic_cert_check_d(cert, "spectral_form",
                        "max |last row - sum_i (1 - (1 - eta l_i)^k) v_i[t+1] v_i| (eigenpairs by arb)",
                        v.worst_struct, "<=", 1e-20);
            ic_cert_proof(cert, IC_PROOF_NUMERIC, "the swept (T, mu)",
                          "eigenpairs enclosed by Arb (Rump), their midpoints compared with the path against a 1e-20 tolerance");
        }
        {
            char ct[600];
            size_t cl = (size_t)snprintf(ct, sizeof ct,
                                         "THEORY.md gives cond(G_28) ~ 4e17 (mu 50) to 3e19 (mu 300), double-precision "
                                         "artefacts; proven enclosures here:");
            for (size_t i = 0; i < json_array_size(v.table) && cl < 500; i++) {
                json_t *r = json_array_get(v.table, i);
                cl += (size_t)snprintf(ct + cl, sizeof ct - cl, " T %lld mu %lld: %.4g;",
                                       (long long)json_integer_value(json_object_get(r, "T")),
                                       (long long)json_integer_value(json_object_get(r, "mu")),
                                       atof(json_string_value(json_object_get(r, "cond_lo"))));
            }
            ic_cert_finding(cert, "condition_numbers", ct, NULL);
        }
        double rsmax = 0;
        for (size_t i = 0; i < json_array_size(v.table); i++)
            rsmax = fmax(rsmax, json_real_value(json_object_get(json_array_get(v.table, i), "rowsum_max_dev")));
        if (rsmax > 0)   /* the finding's hypothesis: some row sum differs from 1 */
            ic_cert_finding(cert, "rowsums_not_exact",
                            "row sums including the superdiagonal are not exactly 1 on the path (see rowsum_max_dev)",
                            NULL);
        ic_cert_data(cert, "sweep", v.table);
        v.table = NULL;
    }
    json_decref(v.table);
    ic_testpoint_clear(&v.rs);
    mpfr_clear(v.lr);
    return rc;
}

/* ---------- compare ---------- */
