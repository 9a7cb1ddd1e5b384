/* ic_quad: exact expectations over random angles by characters and grid quadrature. */
#include "expectations/angle_quadrature.h"

#include <stdlib.h>
#include <string.h>

int ic_quad_init(ic_quad_poly *f, size_t nvars, mpfr_prec_t prec, ic_err *err)
{
    memset(f, 0, sizeof *f);
    if (nvars == 0)
        return ic_err_set(err, IC_EINTERNAL, "ic_quad_init: no variables");
    f->nvars = nvars;
    f->prec = prec;
    f->normalized = 1;
    return IC_OK;
}

void ic_quad_clear(ic_quad_poly *f)
{
    for (size_t i = 0; i < f->cap; i++)
        mpfr_clear(f->coef[i]);
    free(f->coef);
    free(f->exp);
    free(f->idx);
    free(f->sexp);
    free(f->scoef);
    memset(f, 0, sizeof *f);
}

void ic_quad_reset(ic_quad_poly *f)
{
    f->n = 0;
    f->normalized = 1;
}

static int grow(ic_quad_poly *f, ic_err *err)
{
    size_t cap = f->cap ? 2 * f->cap : 64;
    int32_t *e = ic_reallocarray(f->exp, cap, f->nvars * sizeof *e);
    if (!e)
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    f->exp = e;
    mpfr_t *c = ic_reallocarray(f->coef, cap, sizeof *c);
    if (!c)
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    f->coef = c;
    size_t *ix = ic_reallocarray(f->idx, cap, sizeof *ix);
    if (!ix)
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    f->idx = ix;
    int32_t *se = ic_reallocarray(f->sexp, cap, f->nvars * sizeof *se);
    if (!se)
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    f->sexp = se;
    mpfr_t *sc = ic_reallocarray(f->scoef, cap, sizeof *sc);
    if (!sc)
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    f->scoef = sc;
    for (size_t i = f->cap; i < cap; i++)
        mpfr_init2(f->coef[i], f->prec);
    f->cap = cap;
    return IC_OK;
}

int ic_quad_add_term(ic_quad_poly *f, mpfr_srcptr coef, const int32_t *exps, ic_err *err)
{
    if (f->n == f->cap && grow(f, err))
        return err ? err->code : IC_EINTERNAL;
    memcpy(f->exp + f->n * f->nvars, exps, f->nvars * sizeof *exps);
    mpfr_set(f->coef[f->n], coef, MPFR_RNDN);
    f->n++;
    f->normalized = 0;
    return IC_OK;
}

/* Sorting permutes an index array; qsort has no context argument in C11,
 * so the comparison reads the polynomial through a file-scope pointer set
 * only for the duration of the call (the library is not used from several
 * threads on one polynomial). */
static _Thread_local const ic_quad_poly *sort_poly;

static int cmp_idx(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b, n = sort_poly->nvars;
    for (size_t v = 0; v < n; v++) {
        int32_t x = sort_poly->exp[i * n + v], y = sort_poly->exp[j * n + v];
        if (x != y)
            return x < y ? -1 : 1;
    }
    return i < j ? -1 : i > j;
}

void ic_quad_normalize(ic_quad_poly *f)
{
    if (f->normalized)
        return;
    if (f->n == 0) {
        f->normalized = 1;
        return;
    }
    size_t n = f->n, nv = f->nvars;
    size_t *idx = f->idx;
    int32_t *exp = f->sexp;
    mpfr_t *coef = f->scoef;
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    sort_poly = f;
    qsort(idx, n, sizeof *idx, cmp_idx);
    sort_poly = NULL;
    /* Move terms into sorted order (swapping mpfr_t structs is legal). */
    for (size_t i = 0; i < n; i++) {
        memcpy(exp + i * nv, f->exp + idx[i] * nv, nv * sizeof *exp);
        coef[i][0] = f->coef[idx[i]][0];
    }
    for (size_t i = 0; i < n; i++)
        f->coef[i][0] = coef[i][0];
    memcpy(f->exp, exp, n * nv * sizeof *exp);
    /* Merge runs of equal exponents; drop zero sums. */
    size_t out = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && memcmp(f->exp + j * nv, f->exp + i * nv, nv * sizeof *exp) == 0) {
            mpfr_add(f->coef[i], f->coef[i], f->coef[j], MPFR_RNDN);
            j++;
        }
        if (!mpfr_zero_p(f->coef[i])) {
            if (out != i) {
                mpfr_swap(f->coef[out], f->coef[i]);
                memmove(f->exp + out * nv, f->exp + i * nv, nv * sizeof *exp);
            }
            out++;
        }
        i = j;
    }
    f->n = out;
    f->normalized = 1;
}

long ic_quad_max_diff(ic_quad_poly *f)
{
    ic_quad_normalize(f);
    long best = 0;
    for (size_t v = 0; v < f->nvars; v++) {
        long lo = 0, hi = 0;
        for (size_t i = 0; i < f->n; i++) {
            long x = f->exp[i * f->nvars + v];
            if (i == 0 || x < lo)
                lo = x;
            if (i == 0 || x > hi)
                hi = x;
        }
        if (hi - lo > best)
            best = hi - lo;
    }
    return best;
}

void ic_quad_mean_sq_circle(mpfr_ptr r, ic_quad_poly *f)
{
    ic_quad_normalize(f);
    mpfr_t t;
    mpfr_init2(t, mpfr_get_prec(r));
    mpfr_set_zero(r, 1);
    for (size_t i = 0; i < f->n; i++) {
        mpfr_sqr(t, f->coef[i], MPFR_RNDN);
        mpfr_add(r, r, t, MPFR_RNDN);
    }
    mpfr_clear(t);
}

int ic_quad_mean_sq(mpfr_ptr r, ic_quad_poly *f, ic_quad_moment_fn mu, void *ctx, ic_err *err)
{
    ic_quad_normalize(f);
    mpfr_prec_t p = mpfr_get_prec(r) + 32;
    mpfr_t pr, pi, mr, mi, t, acc, u;
    mpfr_inits2(p, pr, pi, mr, mi, t, acc, u, (mpfr_ptr)0);
    mpfr_set_zero(acc, 1);
    size_t nv = f->nvars;
    for (size_t i = 0; i < f->n; i++) {
        for (size_t j = 0; j < f->n; j++) {
            /* prod_v mu(m_v - m'_v), complex; only its real part survives
             * the symmetric double sum. */
            mpfr_set_ui(pr, 1, MPFR_RNDN);
            mpfr_set_zero(pi, 1);
            for (size_t v = 0; v < nv; v++) {
                long dlt = (long)f->exp[i * nv + v] - (long)f->exp[j * nv + v];
                mu(mr, mi, dlt, ctx);
                mpfr_mul(t, pr, mr, MPFR_RNDN);
                mpfr_mul(u, pi, mi, MPFR_RNDN);
                mpfr_sub(t, t, u, MPFR_RNDN);
                mpfr_mul(u, pr, mi, MPFR_RNDN);
                mpfr_mul(pi, pi, mr, MPFR_RNDN);
                mpfr_add(pi, pi, u, MPFR_RNDN);
                mpfr_set(pr, t, MPFR_RNDN);
            }
            mpfr_mul(t, f->coef[i], f->coef[j], MPFR_RNDN);
            mpfr_mul(t, t, pr, MPFR_RNDN);
            mpfr_add(acc, acc, t, MPFR_RNDN);
        }
    }
    mpfr_set(r, acc, MPFR_RNDN);
    mpfr_clears(pr, pi, mr, mi, t, acc, u, (mpfr_ptr)0);
    (void)err;
    return IC_OK;
}

int ic_quad_grid_mean_sq(mpfr_ptr r, ic_quad_poly *f, long N, ic_err *err)
{
    ic_quad_normalize(f);
    size_t nv = f->nvars;
    double pts = 1;
    for (size_t v = 0; v < nv; v++)
        pts *= (double)N;
    if (N < 1 || pts > 1e7)
        return ic_err_set(err, IC_EINPUT, "grid of %ld^%zu points is too large", N, nv);
    mpfr_prec_t p = mpfr_get_prec(r) + 32;
    /* cos/sin tables of 2 pi k / N. */
    mpfr_t *cs = malloc(2 * (size_t)N * sizeof *cs);
    long *k = calloc(nv, sizeof *k);
    if (!cs || !k) {
        free(cs);
        free(k);
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    }
    mpfr_t ang, re, im, acc, t;
    mpfr_inits2(p, ang, re, im, acc, t, (mpfr_ptr)0);
    for (long j = 0; j < N; j++) {
        mpfr_inits2(p, cs[2 * j], cs[2 * j + 1], (mpfr_ptr)0);
        mpfr_const_pi(ang, MPFR_RNDN);
        mpfr_mul_si(ang, ang, 2 * j, MPFR_RNDN);
        mpfr_div_si(ang, ang, N, MPFR_RNDN);
        mpfr_sin_cos(cs[2 * j + 1], cs[2 * j], ang, MPFR_RNDN);
    }
    mpfr_set_zero(acc, 1);
    for (;;) {
        mpfr_set_zero(re, 1);
        mpfr_set_zero(im, 1);
        for (size_t i = 0; i < f->n; i++) {
            long ph = 0;
            for (size_t v = 0; v < nv; v++)
                ph += (long)f->exp[i * nv + v] * k[v];
            ph %= N;
            if (ph < 0)
                ph += N;
            mpfr_mul(t, f->coef[i], cs[2 * ph], MPFR_RNDN);
            mpfr_add(re, re, t, MPFR_RNDN);
            mpfr_mul(t, f->coef[i], cs[2 * ph + 1], MPFR_RNDN);
            mpfr_add(im, im, t, MPFR_RNDN);
        }
        mpfr_sqr(re, re, MPFR_RNDN);
        mpfr_sqr(im, im, MPFR_RNDN);
        mpfr_add(acc, acc, re, MPFR_RNDN);
        mpfr_add(acc, acc, im, MPFR_RNDN);
        size_t v = 0;
        while (v < nv && ++k[v] == N)
            k[v++] = 0;
        if (v == nv)
            break;
    }
    mpfr_div_d(r, acc, pts, MPFR_RNDN);
    for (long j = 0; j < 2 * N; j++)
        mpfr_clear(cs[j]);
    mpfr_clears(ang, re, im, acc, t, (mpfr_ptr)0);
    free(cs);
    free(k);
    return IC_OK;
}
