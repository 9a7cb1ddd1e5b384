/* ic_exact_row_identity, ic_exact_row_gradient: an identity between two
 * polynomials of the row variables (C, P[t][0..t+1]) checked for every row
 * t of a (d, T): as polynomials, or by exact evaluation at random integer
 * points (Schwartz-Zippel, schwartz_zippel.c) where the polynomials would be
 * too large.  The loss is a sum over rows of terms that each involve one
 * row's entries of P only, so the row identities imply the summed ones. */
#include "exact/exact.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_MAX 600

void ic_exact_result_init(ic_exact_result *r)
{
    memset(r, 0, sizeof *r);
}

void ic_exact_result_clear(ic_exact_result *r)
{
    free(r->fail_text);
    memset(r, 0, sizeof *r);
}

static void note_failure(ic_exact_result *res, size_t d, size_t T, size_t t, char *text)
{
    if (res->failed) {
        free(text);
        return;
    }
    res->failed = 1;
    res->fail_d = d;
    res->fail_T = T;
    res->fail_t = t;
    res->fail_text = text;
}

double ic_exact_symbolic_work(size_t d, size_t T)
{
    double w = 0, dd = (double)d;
    for (size_t t = 0; t + 1 < T; t++) {
        double terms = (double)(t + 1) * dd * dd + dd * dd * (dd + 1) / 2 + dd + 1;
        double words = (double)((ic_exact_row_nvars(d, t) * 8 + 63) / 64);
        w += terms * words;
    }
    return w;
}

int ic_exact_side_model(fmpq_mpoly_t out, const ic_exact_vars *v, size_t d, size_t t, void *arg, ic_err *err)
{
    return ic_exact_model_row_expectation(out, v, d, t, *(const int *)arg, NULL, err);
}

/* A random integer point of the row, and the text naming it. */
static void random_point(fmpq *x, slong n, const ic_exact_plan *plan)
{
    for (slong i = 0; i < n; i++)
        ic_exact_rand_fmpq(x + i, plan->rand, plan->bits);
}

static char *point_text(const char *what, const fmpq_t diff)
{
    char *v = fmpq_get_str(NULL, 10, diff);
    size_t len = strlen(v) + strlen(what) + 64;
    char *s = malloc(len);
    snprintf(s, len, "%s: difference %s at a random integer point", what, v);
    flint_free(v);
    return s;
}

static int row_symbolic(ic_exact_result *res, size_t d, size_t T, size_t t, ic_exact_side_fn lhs, void *larg,
                        ic_exact_side_fn rhs, void *rarg, ic_err *err)
{
    char **names = ic_exact_row_names(d, t);
    ic_exact_vars v;
    ic_exact_vars_init_symbolic(&v, ic_exact_row_nvars(d, t), (const char *const *)names);
    fmpq_mpoly_t a, b, diff;
    fmpq_mpoly_init(a, v.ctx);
    fmpq_mpoly_init(b, v.ctx);
    fmpq_mpoly_init(diff, v.ctx);
    int rc = lhs(a, &v, d, t, larg, err);
    if (!rc)
        rc = rhs(b, &v, d, t, rarg, err);
    if (!rc) {
        char *text = NULL;
        slong nd = ic_exact_difference(diff, a, b, v.ctx, (const char *const *)v.names, &text, TEXT_MAX);
        res->terms += fmpq_mpoly_length(a, v.ctx);
        res->diff_terms += nd;
        if (v.n > res->nvars_max)
            res->nvars_max = v.n;
        if (nd)
            note_failure(res, d, T, t, text);
        else
            free(text);
    }
    fmpq_mpoly_clear(a, v.ctx);
    fmpq_mpoly_clear(b, v.ctx);
    fmpq_mpoly_clear(diff, v.ctx);
    ic_exact_vars_clear(&v);
    ic_exact_row_names_free(names, d, t);
    return rc;
}

/* The constant value of a side at a point. */
static int side_at(fmpq_t out, const fmpq *x, slong n, ic_exact_side_fn f, void *arg, size_t d, size_t t,
                   ic_err *err)
{
    ic_exact_vars v;
    ic_exact_vars_init_point(&v, n, x);
    fmpq_mpoly_t a;
    fmpq_mpoly_init(a, v.ctx);
    int rc = f(a, &v, d, t, arg, err);
    if (!rc && !fmpq_mpoly_is_fmpq(a, v.ctx))
        rc = ic_err_set(err, IC_EINTERNAL, "exact evaluation: a side is not constant at a point");
    if (!rc)
        fmpq_mpoly_get_fmpq(out, a, v.ctx);
    fmpq_mpoly_clear(a, v.ctx);
    ic_exact_vars_clear(&v);
    return rc;
}

int ic_exact_row_identity(ic_exact_result *res, size_t d, size_t T, ic_exact_side_fn lhs, void *larg,
                          ic_exact_side_fn rhs, void *rarg, const ic_exact_plan *plan, ic_err *err)
{
    int rc = IC_OK;
    res->configs++;
    for (size_t t = 0; t + 1 < T && !rc; t++) {
        res->rows++;
        if (plan->symbolic) {
            rc = row_symbolic(res, d, T, t, lhs, larg, rhs, rarg, err);
            continue;
        }
        slong n = ic_exact_row_nvars(d, t);
        if (n > res->nvars_max)
            res->nvars_max = n;
        fmpq *x = _fmpq_vec_init(n);
        fmpq_t a, b;
        fmpq_init(a);
        fmpq_init(b);
        for (long k = 0; k < plan->points && !rc; k++) {
            random_point(x, n, plan);
            rc = side_at(a, x, n, lhs, larg, d, t, err);
            if (!rc)
                rc = side_at(b, x, n, rhs, rarg, d, t, err);
            if (rc)
                break;
            res->points++;
            if (!fmpq_equal(a, b)) {
                res->mismatches++;
                fmpq_sub(a, a, b);
                note_failure(res, d, T, t, point_text("lhs - rhs", a));
            }
        }
        fmpq_clear(a);
        fmpq_clear(b);
        _fmpq_vec_clear(x, n);
    }
    return rc;
}

static int grad_symbolic(ic_exact_result *res, size_t d, size_t T, size_t t, ic_exact_side_fn loss, void *larg,
                         ic_exact_grad_fn grad, void *garg, ic_err *err)
{
    char **names = ic_exact_row_names(d, t);
    ic_exact_vars v;
    slong n = ic_exact_row_nvars(d, t);
    ic_exact_vars_init_symbolic(&v, n, (const char *const *)names);
    fmpq_mpoly_t L, dL, diff;
    fmpq_mpoly_init(L, v.ctx);
    fmpq_mpoly_init(dL, v.ctx);
    fmpq_mpoly_init(diff, v.ctx);
    fmpq_mpoly_struct *g = malloc((size_t)n * sizeof *g);
    for (slong i = 0; i < n; i++)
        fmpq_mpoly_init(g + i, v.ctx);
    int rc = loss(L, &v, d, t, larg, err);
    if (!rc)
        rc = grad(g, &v, d, t, garg, err);
    if (!rc) {
        res->terms += fmpq_mpoly_length(L, v.ctx);
        if (n > res->nvars_max)
            res->nvars_max = n;
    }
    for (slong i = 0; i < n && !rc; i++) {
        fmpq_mpoly_derivative(dL, L, i, v.ctx);
        char *text = NULL;
        slong nd = ic_exact_difference(diff, dL, g + i, v.ctx, (const char *const *)v.names, &text, TEXT_MAX);
        res->diff_terms += nd;
        if (nd) {
            size_t len = strlen(text) + 64;
            char *s = malloc(len);
            snprintf(s, len, "d/d%s: %s", v.names[i], text);
            free(text);
            note_failure(res, d, T, t, s);
        } else {
            free(text);
        }
    }
    for (slong i = 0; i < n; i++)
        fmpq_mpoly_clear(g + i, v.ctx);
    free(g);
    fmpq_mpoly_clear(L, v.ctx);
    fmpq_mpoly_clear(dL, v.ctx);
    fmpq_mpoly_clear(diff, v.ctx);
    ic_exact_vars_clear(&v);
    ic_exact_row_names_free(names, d, t);
    return rc;
}

static int grad_point(ic_exact_result *res, size_t d, size_t T, size_t t, ic_exact_side_fn loss, void *larg,
                      ic_exact_grad_fn grad, void *garg, const ic_exact_plan *plan, ic_err *err)
{
    slong n = ic_exact_row_nvars(d, t);
    if (n > res->nvars_max)
        res->nvars_max = n;
    fmpq *x = _fmpq_vec_init(n), *r = _fmpq_vec_init(n), *y = _fmpq_vec_init(n);
    fmpq_t f[4], dd, s, u;
    for (int i = 0; i < 4; i++)
        fmpq_init(f[i]);
    fmpq_init(dd);
    fmpq_init(s);
    fmpq_init(u);
    static const int steps[4] = {-2, -1, 1, 2};
    int rc = IC_OK;
    for (long k = 0; k < plan->points && !rc; k++) {
        random_point(x, n, plan);
        random_point(r, n, plan);
        for (int q = 0; q < 4 && !rc; q++) {
            for (slong i = 0; i < n; i++) {
                fmpq_mul_si(y + i, r + i, steps[q]);
                fmpq_add(y + i, y + i, x + i);
            }
            rc = side_at(f[q], y, n, loss, larg, d, t, err);
        }
        if (rc)
            break;
        ic_exact_stencil5(dd, f[0], f[1], f[2], f[3]);
        /* sum_i r_i grad_i(x) */
        ic_exact_vars v;
        ic_exact_vars_init_point(&v, n, x);
        fmpq_mpoly_struct *g = malloc((size_t)n * sizeof *g);
        for (slong i = 0; i < n; i++)
            fmpq_mpoly_init(g + i, v.ctx);
        rc = grad(g, &v, d, t, garg, err);
        fmpq_zero(s);
        for (slong i = 0; i < n && !rc; i++) {
            if (!fmpq_mpoly_is_fmpq(g + i, v.ctx)) {
                rc = ic_err_set(err, IC_EINTERNAL, "exact evaluation: a gradient entry is not constant");
                break;
            }
            fmpq_mpoly_get_fmpq(u, g + i, v.ctx);
            fmpq_addmul(s, u, r + i);
        }
        for (slong i = 0; i < n; i++)
            fmpq_mpoly_clear(g + i, v.ctx);
        free(g);
        ic_exact_vars_clear(&v);
        if (rc)
            break;
        res->points++;
        if (!fmpq_equal(dd, s)) {
            res->mismatches++;
            fmpq_sub(dd, dd, s);
            note_failure(res, d, T, t, point_text("directional derivative - r . gradient", dd));
        }
    }
    for (int i = 0; i < 4; i++)
        fmpq_clear(f[i]);
    fmpq_clear(dd);
    fmpq_clear(s);
    fmpq_clear(u);
    _fmpq_vec_clear(x, n);
    _fmpq_vec_clear(r, n);
    _fmpq_vec_clear(y, n);
    return rc;
}

int ic_exact_row_gradient(ic_exact_result *res, size_t d, size_t T, ic_exact_side_fn loss, void *larg,
                          ic_exact_grad_fn grad, void *garg, const ic_exact_plan *plan, ic_err *err)
{
    int rc = IC_OK;
    res->configs++;
    for (size_t t = 0; t + 1 < T && !rc; t++) {
        res->rows++;
        rc = plan->symbolic ? grad_symbolic(res, d, T, t, loss, larg, grad, garg, err)
                            : grad_point(res, d, T, t, loss, larg, grad, garg, plan, err);
    }
    return rc;
}

int ic_exact_find_counterexample(ic_exact_result *res, size_t d_min, size_t d_step, size_t d_max, size_t T_max,
                                 ic_exact_side_fn lhs, void *larg, ic_exact_side_fn rhs, void *rarg, ic_err *err)
{
    ic_exact_plan plan = { 1, 0, 0, NULL };
    for (size_t sum = d_min + 2; sum <= d_max + T_max; sum++)
        for (size_t d = d_min; d <= d_max && d < sum; d += d_step) {
            size_t T = sum - d;
            if (T < 2 || T > T_max)
                continue;
            if (ic_exact_row_identity(res, d, T, lhs, larg, rhs, rarg, &plan, err))
                return -1;
            if (res->failed)
                return 1;
        }
    return 0;
}
