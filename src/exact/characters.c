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

/* A monomial of degree <= 4 in sparse form: variables increasing, with
 * their exponents, and its coefficient. */
typedef struct {
    int32_t var[4];
    uint8_t exp[4];
    int n;
    int64_t coef;
} smono;

static void smono_mul_var(smono *m, int32_t v)
{
    if (v < 0)
        return;
    int i = 0;
    while (i < m->n && m->var[i] < v)
        i++;
    if (i < m->n && m->var[i] == v) {
        m->exp[i]++;
        return;
    }
    for (int k = m->n; k > i; k--) {
        m->var[k] = m->var[k - 1];
        m->exp[k] = m->exp[k - 1];
    }
    m->var[i] = v;
    m->exp[i] = 1;
    m->n++;
}

/* FLINT's lex order (variable 0 most significant), descending: a negative
 * result puts a first. */
static int smono_cmp_desc(const void *x, const void *y)
{
    const smono *a = x, *b = y;
    for (int i = 0;; i++) {
        int ea = i < a->n, eb = i < b->n;
        if (!ea && !eb)
            return 0;
        if (!eb || (ea && a->var[i] < b->var[i]))
            return -1; /* a has a positive exponent where b has 0: a is larger */
        if (!ea || b->var[i] < a->var[i])
            return 1;
        if (a->exp[i] != b->exp[i])
            return a->exp[i] > b->exp[i] ? -1 : 1;
    }
}

/* Symbolic: every product of two terms of a run is a monomial of degree
 * <= 4, kept in sparse form, sorted in FLINT's order and combined here (a
 * radix sort of packed exponent vectors costs time in the number of
 * variables, which is large), then pushed in order. */
static int mean_square_symbolic(fmpq_mpoly_t out, const ic_exact_lterm *t, size_t n, const ic_exact_vars *v,
                                ic_err *err)
{
    const fmpq_mpoly_ctx_struct *ctx = v->ctx;
    size_t cap = 0;
    for (size_t a = 0; a < n;) {
        size_t b = a + 1;
        while (b < n && cmp_key(t + a, t + b) == 0)
            b++;
        cap += (b - a) * (b - a);
        a = b;
    }
    smono *m = malloc((cap ? cap : 1) * sizeof *m);
    if (!m)
        return ic_err_set(err, IC_EINTERNAL, "characters: out of memory (%zu monomials)", cap);
    size_t nm = 0;
    for (size_t a = 0; a < n;) {
        size_t b = a + 1;
        while (b < n && cmp_key(t + a, t + b) == 0)
            b++;
        for (size_t i = a; i < b; i++)
            for (size_t k = a; k < b; k++) {
                smono *x = m + nm++;
                x->n = 0;
                x->coef = (int64_t)t[i].coef * (int64_t)t[k].coef;
                for (int q = 0; q < 2; q++) {
                    smono_mul_var(x, t[i].var[q]);
                    smono_mul_var(x, t[k].var[q]);
                }
            }
        a = b;
    }
    qsort(m, nm, sizeof *m, smono_cmp_desc);
    fmpz_mpoly_t Z;
    fmpz_mpoly_init(Z, ctx->zctx);
    ulong *e = calloc((size_t)v->n, sizeof *e);
    for (size_t a = 0; a < nm;) {
        size_t b = a + 1;
        int64_t c = m[a].coef;
        while (b < nm && smono_cmp_desc(m + a, m + b) == 0)
            c += m[b++].coef;
        if (c) {
            for (int i = 0; i < m[a].n; i++)
                e[m[a].var[i]] = m[a].exp[i];
            fmpz_mpoly_push_term_si_ui(Z, (slong)c, e, ctx->zctx);
            for (int i = 0; i < m[a].n; i++)
                e[m[a].var[i]] = 0;
        }
        a = b;
    }
    free(e);
    free(m);
    fmpq_mpoly_t Q;
    fmpq_mpoly_init(Q, ctx);
    fmpz_mpoly_swap(Q->zpoly, Z, ctx->zctx);
    fmpq_one(Q->content);
    fmpq_mpoly_reduce(Q, ctx);
    fmpq_mpoly_add(out, out, Q, ctx);
    fmpq_mpoly_clear(Q, ctx);
    fmpz_mpoly_clear(Z, ctx->zctx);
    return IC_OK;
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
        /* |coef| < 2^15 keeps every combined coefficient within 64 bits */
        if (terms[i].coef >= 32768 || terms[i].coef <= -32768)
            return ic_err_set(err, IC_EINTERNAL, "characters: coefficient %d outside (-2^15, 2^15)",
                              (int)terms[i].coef);
        ic_exact_lterm_canon(terms + i);
    }
    qsort(terms, n, sizeof *terms, cmp_lterm);
    if (ic_exact_vars_symbolic(v))
        return mean_square_symbolic(out, terms, n, v, err);
    if (v->num)
        mean_square_point(out, terms, n, v);
    else
        mean_square_values(out, terms, n, v);
    return IC_OK;
}
