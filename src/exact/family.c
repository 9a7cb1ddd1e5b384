/* ic_exact_family: the loss and its gradient on a family of points given by
 * polynomials in a few parameters and one denominator (such as C = c I + e S,
 * p_{-1} = 1/c, p_{-2} = -e/(c(c+e))), reduced to polynomial numerators: a
 * value or a gradient entry vanishes as a rational function of the
 * parameters exactly when its numerator is the zero polynomial. */
#include "exact/exact.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_MAX 600

void ic_exact_family_zero(ic_exact_result *res, const ic_exact_family *f, const fmpq_mpoly_t R, const char *what,
                          const char *label)
{
    fmpq_mpoly_t num;
    fmpq_mpoly_init(num, f->ctx);
    ic_exact_clear_denominator(num, NULL, R, f->z, f->D, f->ctx);
    slong n = fmpq_mpoly_length(num, f->ctx);
    res->diff_terms += n;
    if (n && !res->failed) {
        char *s = fmpq_mpoly_get_str_pretty(num, (const char **)f->names, f->ctx);
        size_t len = strlen(s) + strlen(what) + strlen(label) + 64;
        res->fail_text = malloc(len);
        snprintf(res->fail_text, len, "%s: numerator of %s = %.*s%s", label, what, TEXT_MAX, s,
                 strlen(s) > TEXT_MAX ? "..." : "");
        flint_free(s);
        res->failed = 1;
    }
    fmpq_mpoly_clear(num, f->ctx);
}

int ic_exact_family_rows(fmpq_mpoly_t L, fmpq_mpoly_struct *G, ic_exact_result *res, const ic_exact_family *f,
                         size_t d, size_t T, ic_exact_family_set set, void *sarg, ic_exact_side_fn loss, void *larg,
                         ic_exact_grad_fn grad, void *garg, const char *label, ic_err *err)
{
    fmpq_mpoly_ctx_struct *ctx = f->ctx;
    fmpq_mpoly_t Lt;
    fmpq_mpoly_init(Lt, ctx);
    fmpq_mpoly_zero(L, ctx);
    for (size_t i = 0; i < d * d; i++)
        fmpq_mpoly_zero(G + i, ctx);
    int rc = IC_OK;
    res->configs++;
    for (size_t t = 0; t + 1 < T && !rc; t++) {
        slong n = ic_exact_row_nvars(d, t);
        ic_exact_vars v;
        ic_exact_vars_init_values(&v, n, ctx);
        set(&v, d, t, sarg);
        rc = loss(Lt, &v, d, t, larg, err);
        fmpq_mpoly_add(L, L, Lt, ctx);
        fmpq_mpoly_struct *g = malloc((size_t)n * sizeof *g);
        for (slong i = 0; i < n; i++)
            fmpq_mpoly_init(g + i, ctx);
        if (!rc)
            rc = grad(g, &v, d, t, garg, err);
        for (size_t i = 0; i < d * d && !rc; i++)
            fmpq_mpoly_add(G + i, G + i, g + i, ctx);
        for (size_t tp = 0; tp <= t + 1 && !rc; tp++)
            ic_exact_family_zero(res, f, g + ic_exact_row_p(d, tp), "dL/dP", label);
        for (slong i = 0; i < n; i++)
            fmpq_mpoly_clear(g + i, ctx);
        free(g);
        ic_exact_vars_clear(&v);
        res->rows++;
    }
    fmpq_mpoly_clear(Lt, ctx);
    return rc;
}

void ic_exact_family_heads(ic_exact_result *res, const ic_exact_family *f, const fmpq_mpoly_struct *A,
                           const fmpq_mpoly_struct *B, const fmpq_mpoly_struct *G, size_t H, size_t d,
                           const char *label)
{
    fmpq_mpoly_ctx_struct *ctx = f->ctx;
    fmpq_mpoly_t a, b, u;
    fmpq_mpoly_init(a, ctx);
    fmpq_mpoly_init(b, ctx);
    fmpq_mpoly_init(u, ctx);
    for (size_t h = 0; h < H; h++)
        for (size_t k = 0; k < d; k++) {
            fmpq_mpoly_zero(a, ctx);
            fmpq_mpoly_zero(b, ctx);
            for (size_t j = 0; j < d; j++) {
                fmpq_mpoly_mul(u, B + h * d + j, G + j * d + k, ctx); /* (B G)_hk */
                fmpq_mpoly_add(a, a, u, ctx);
                fmpq_mpoly_mul(u, A + h * d + j, G + k * d + j, ctx); /* (A G^T)_hk */
                fmpq_mpoly_add(b, b, u, ctx);
            }
            ic_exact_family_zero(res, f, a, "dL/dA", label);
            ic_exact_family_zero(res, f, b, "dL/dB", label);
        }
    fmpq_mpoly_clear(a, ctx);
    fmpq_mpoly_clear(b, ctx);
    fmpq_mpoly_clear(u, ctx);
}
