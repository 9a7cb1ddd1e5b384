/* ic_exact_char: the mean square of Laurent polynomials in uniform angles,
 * by characters.  With z_a = e^{i theta_a}, theta_a independent and
 * uniform, the characters prod_a z_a^{n_a} are orthonormal under E, so for
 * f = sum_n c_n z^n with real coefficients E|f|^2 = sum_n c_n^2
 * (doc/proofs.md; notes/exact.md section 1).  Terms are sorted by
 * (group, character); each run's coefficient is squared and summed, which
 * never forms the product of two Laurent polynomials. */
#include "exact/exact.h"

#include <stdlib.h>
#include <string.h>

void ic_exact_lterm_canon(ic_exact_lterm *t)
{
    if (t->ang[0] >= 0 && t->ang[0] == t->ang[1]) {
        t->pow[0] += t->pow[1];
        t->ang[1] = -1;
        t->pow[1] = 0;
    }
    for (int i = 0; i < 2; i++)
        if (t->ang[i] < 0 || t->pow[i] == 0) {
            t->ang[i] = -1;
            t->pow[i] = 0;
        }
    /* Used angles first, increasing. */
    if (t->ang[0] < 0 || (t->ang[1] >= 0 && t->ang[1] < t->ang[0])) {
        int32_t a = t->ang[0], p = t->pow[0];
        t->ang[0] = t->ang[1];
        t->pow[0] = t->pow[1];
        t->ang[1] = a;
        t->pow[1] = p;
    }
}

static int cmp_key(const ic_exact_lterm *a, const ic_exact_lterm *b)
{
    if (a->group != b->group)
        return a->group < b->group ? -1 : 1;
    for (int i = 0; i < 2; i++) {
        if (a->ang[i] != b->ang[i])
            return a->ang[i] < b->ang[i] ? -1 : 1;
        if (a->pow[i] != b->pow[i])
            return a->pow[i] < b->pow[i] ? -1 : 1;
    }
    return 0;
}

static int cmp_lterm(const void *x, const void *y)
{
    int c = cmp_key(x, y);
    if (c)
        return c;
    /* A total order, so the sort (and every result) is the same everywhere. */
    const ic_exact_lterm *a = x, *b = y;
    for (int i = 0; i < 2; i++)
        if (a->var[i] != b->var[i])
            return a->var[i] < b->var[i] ? -1 : 1;
    return a->coef < b->coef ? -1 : a->coef > b->coef;
}

/* Symbolic: push every product of two terms of a run as a monomial of
 * degree <= 4 into an integer polynomial, then sort and combine once. */
static void mean_square_symbolic(fmpq_mpoly_t out, const ic_exact_lterm *t, size_t n, const ic_exact_vars *v)
{
    const fmpq_mpoly_ctx_struct *ctx = v->ctx;
    fmpz_mpoly_t Z;
    fmpz_mpoly_init(Z, ctx->zctx);
    ulong *e = calloc((size_t)v->n, sizeof *e);
    for (size_t a = 0; a < n;) {
        size_t b = a + 1;
        while (b < n && cmp_key(t + a, t + b) == 0)
            b++;
        for (size_t i = a; i < b; i++)
            for (size_t k = a; k < b; k++) {
                const ic_exact_lterm *x = t + i, *y = t + k;
                for (int q = 0; q < 2; q++) {
                    if (x->var[q] >= 0)
                        e[x->var[q]]++;
                    if (y->var[q] >= 0)
                        e[y->var[q]]++;
                }
                fmpz_mpoly_push_term_si_ui(Z, (slong)x->coef * (slong)y->coef, e, ctx->zctx);
                for (int q = 0; q < 2; q++) {
                    if (x->var[q] >= 0)
                        e[x->var[q]] = 0;
                    if (y->var[q] >= 0)
                        e[y->var[q]] = 0;
                }
            }
        a = b;
    }
    free(e);
    fmpz_mpoly_sort_terms(Z, ctx->zctx);
    fmpz_mpoly_combine_like_terms(Z, ctx->zctx);
    fmpq_mpoly_t Q;
    fmpq_mpoly_init(Q, ctx);
    fmpz_mpoly_swap(Q->zpoly, Z, ctx->zctx);
    fmpq_one(Q->content);
    fmpq_mpoly_reduce(Q, ctx);
    fmpq_mpoly_add(out, out, Q, ctx);
    fmpq_mpoly_clear(Q, ctx);
    fmpz_mpoly_clear(Z, ctx->zctx);
}

/* At a point: rational arithmetic on the numbers. */
static void mean_square_point(fmpq_mpoly_t out, const ic_exact_lterm *t, size_t n, const ic_exact_vars *v)
{
    fmpq_t acc, c, u;
    fmpq_init(acc);
    fmpq_init(c);
    fmpq_init(u);
    for (size_t a = 0; a < n;) {
        size_t b = a + 1;
        while (b < n && cmp_key(t + a, t + b) == 0)
            b++;
        fmpq_zero(c);
        for (size_t i = a; i < b; i++) {
            fmpq_set_si(u, t[i].coef, 1);
            for (int q = 0; q < 2; q++)
                if (t[i].var[q] >= 0)
                    fmpq_mul(u, u, v->num + t[i].var[q]);
            fmpq_add(c, c, u);
        }
        fmpq_mul(c, c, c);
        fmpq_add(acc, acc, c);
        a = b;
    }
    fmpq_mpoly_add_fmpq(out, out, acc, v->ctx);
    fmpq_clear(acc);
    fmpq_clear(c);
    fmpq_clear(u);
}

/* Values: polynomial arithmetic on the values (families; small rings). */
static void mean_square_values(fmpq_mpoly_t out, const ic_exact_lterm *t, size_t n, const ic_exact_vars *v)
{
    const fmpq_mpoly_ctx_struct *ctx = v->ctx;
    fmpq_mpoly_t c, u;
    fmpq_mpoly_init(c, ctx);
    fmpq_mpoly_init(u, ctx);
    for (size_t a = 0; a < n;) {
        size_t b = a + 1;
        while (b < n && cmp_key(t + a, t + b) == 0)
            b++;
        fmpq_mpoly_zero(c, ctx);
        for (size_t i = a; i < b; i++) {
            fmpq_mpoly_set_si(u, t[i].coef, ctx);
            for (int q = 0; q < 2; q++)
                if (t[i].var[q] >= 0)
                    fmpq_mpoly_mul(u, u, v->val + t[i].var[q], ctx);
            fmpq_mpoly_add(c, c, u, ctx);
        }
        fmpq_mpoly_mul(c, c, c, ctx);
        fmpq_mpoly_add(out, out, c, ctx);
        a = b;
    }
    fmpq_mpoly_clear(c, ctx);
    fmpq_mpoly_clear(u, ctx);
}

int ic_exact_char_mean_square(fmpq_mpoly_t out, ic_exact_lterm *terms, size_t n, const ic_exact_vars *v,
                              ic_err *err)
{
    for (size_t i = 0; i < n; i++) {
        for (int q = 0; q < 2; q++)
            if (terms[i].var[q] >= v->n)
                return ic_err_set(err, IC_EINTERNAL, "characters: variable %d outside 0..%ld",
                                  (int)terms[i].var[q], (long)v->n - 1);
        ic_exact_lterm_canon(terms + i);
    }
    qsort(terms, n, sizeof *terms, cmp_lterm);
    if (ic_exact_vars_symbolic(v))
        mean_square_symbolic(out, terms, n, v);
    else if (v->num)
        mean_square_point(out, terms, n, v);
    else
        mean_square_values(out, terms, n, v);
    return IC_OK;
}
