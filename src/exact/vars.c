/* ic_exact_vars: what the variables of an exact identity stand for
 * (generators, polynomials of another ring, or rational numbers). */
#include "exact/exact.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ic_exact_vars_init_symbolic(ic_exact_vars *v, slong n, const char *const *names)
{
    memset(v, 0, sizeof *v);
    v->ctx = malloc(sizeof *v->ctx);
    fmpq_mpoly_ctx_init(v->ctx, n, ORD_LEX);
    v->own_ctx = 1;
    v->n = n;
    v->names = malloc((size_t)n * sizeof *v->names);
    for (slong i = 0; i < n; i++) {
        char buf[32];
        if (!names)
            snprintf(buf, sizeof buf, "x%ld", (long)i);
        v->names[i] = strdup(names ? names[i] : buf);
    }
}

void ic_exact_vars_init_values(ic_exact_vars *v, slong n, fmpq_mpoly_ctx_struct *ctx)
{
    memset(v, 0, sizeof *v);
    v->ctx = ctx;
    v->n = n;
    v->val = malloc((size_t)n * sizeof *v->val);
    for (slong i = 0; i < n; i++)
        fmpq_mpoly_init(v->val + i, ctx);
}

void ic_exact_vars_init_point(ic_exact_vars *v, slong n, const fmpq *x)
{
    memset(v, 0, sizeof *v);
    v->ctx = malloc(sizeof *v->ctx);
    fmpq_mpoly_ctx_init(v->ctx, 1, ORD_LEX);
    v->own_ctx = 1;
    v->n = n;
    v->val = malloc((size_t)n * sizeof *v->val);
    v->num = _fmpq_vec_init(n);
    for (slong i = 0; i < n; i++) {
        fmpq_mpoly_init(v->val + i, v->ctx);
        fmpq_mpoly_set_fmpq(v->val + i, x + i, v->ctx);
        fmpq_set(v->num + i, x + i);
    }
}

void ic_exact_vars_clear(ic_exact_vars *v)
{
    if (v->val) {
        for (slong i = 0; i < v->n; i++)
            fmpq_mpoly_clear(v->val + i, v->ctx);
        free(v->val);
    }
    if (v->num)
        _fmpq_vec_clear(v->num, v->n);
    if (v->names) {
        for (slong i = 0; i < v->n; i++)
            free(v->names[i]);
        free(v->names);
    }
    if (v->own_ctx) {
        fmpq_mpoly_ctx_clear(v->ctx);
        free(v->ctx);
    }
    memset(v, 0, sizeof *v);
}

void ic_exact_vars_get(fmpq_mpoly_t out, const ic_exact_vars *v, slong i)
{
    if (v->val)
        fmpq_mpoly_set(out, v->val + i, v->ctx);
    else
        fmpq_mpoly_gen(out, i, v->ctx);
}

fmpq_mpoly_struct *ic_exact_vars_value(ic_exact_vars *v, slong i)
{
    return v->val + i;
}

int ic_exact_vars_symbolic(const ic_exact_vars *v)
{
    return v->val == NULL;
}
