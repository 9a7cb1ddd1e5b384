/* ic_cf: closed forms as exact rational functions over Q, their equality, positivity on a box and the
 * smallest counterexample of a wrong one (see closed_form.h, doc/proofs.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exact/closed_form.h"

const char *ic_cf_names[IC_CF_NVARS] = {"d", "T", "N", "H", "c", "i", "p1", "p2", "p3", "p4", "p5", "p6"};

void ic_cf_ctx_init(fmpq_mpoly_ctx_t ctx)
{
    fmpq_mpoly_ctx_init(ctx, IC_CF_NVARS, ORD_LEX);
}

int ic_cf_poly_set_str(fmpq_mpoly_t p, const char *text, const fmpq_mpoly_ctx_t ctx, ic_err *err)
{
    if (fmpq_mpoly_set_str_pretty(p, text, ic_cf_names, ctx) != 0)
        return ic_err_set(err, IC_EINPUT, "closed form '%s' does not parse (variables d, T, N, H, c, i, p1..p6)",
                          text);
    return IC_OK;
}

/* FLINT's strings are flint_malloc'd; the project's callers free() theirs. */
static char *dup_flint(char *s)
{
    char *r = strdup(s ? s : "");
    flint_free(s);
    return r;
}

char *ic_cf_poly_str(const fmpq_mpoly_t p, const fmpq_mpoly_ctx_t ctx)
{
    return dup_flint(fmpq_mpoly_get_str_pretty(p, ic_cf_names, ctx));
}

void ic_ratfun_init(ic_ratfun *f, const fmpq_mpoly_ctx_t ctx)
{
    fmpq_mpoly_init(f->num, ctx);
    fmpq_mpoly_init(f->den, ctx);
    fmpq_mpoly_one(f->den, ctx);
}

void ic_ratfun_clear(ic_ratfun *f, const fmpq_mpoly_ctx_t ctx)
{
    fmpq_mpoly_clear(f->num, ctx);
    fmpq_mpoly_clear(f->den, ctx);
}

void ic_ratfun_set(ic_ratfun *f, const ic_ratfun *g, const fmpq_mpoly_ctx_t ctx)
{
    fmpq_mpoly_set(f->num, g->num, ctx);
    fmpq_mpoly_set(f->den, g->den, ctx);
}

/* Removes the common factor of num and den and makes den monic, so that a
 * function has one printed form. */
static void reduce(ic_ratfun *f, const fmpq_mpoly_ctx_t ctx)
{
    if (fmpq_mpoly_is_zero(f->num, ctx)) {
        fmpq_mpoly_one(f->den, ctx);
        return;
    }
    fmpq_mpoly_t g;
    fmpq_mpoly_init(g, ctx);
    if (fmpq_mpoly_gcd(g, f->num, f->den, ctx) && !fmpq_mpoly_is_one(g, ctx) && !fmpq_mpoly_is_zero(g, ctx)) {
        fmpq_mpoly_div(f->num, f->num, g, ctx);
        fmpq_mpoly_div(f->den, f->den, g, ctx);
    }
    /* den primitive over Z with a positive leading coefficient */
    fmpq_t lc;
    fmpq_init(lc);
    fmpq_mpoly_content(lc, f->den, ctx);
    fmpq_mpoly_scalar_div_fmpq(f->num, f->num, lc, ctx);
    fmpq_mpoly_scalar_div_fmpq(f->den, f->den, lc, ctx);
    fmpq_mpoly_get_term_coeff_fmpq(lc, f->den, 0, ctx);
    if (fmpq_sgn(lc) < 0) {
        fmpq_mpoly_neg(f->num, f->num, ctx);
        fmpq_mpoly_neg(f->den, f->den, ctx);
    }
    fmpq_clear(lc);
    fmpq_mpoly_clear(g, ctx);
}

int ic_ratfun_set_str(ic_ratfun *f, const char *num, const char *den, const fmpq_mpoly_ctx_t ctx, ic_err *err)
{
    int rc = ic_cf_poly_set_str(f->num, num, ctx, err);
    if (!rc)
        rc = ic_cf_poly_set_str(f->den, den, ctx, err);
    if (!rc && fmpq_mpoly_is_zero(f->den, ctx))
        rc = ic_err_set(err, IC_EINPUT, "closed form %s/(%s): the denominator is zero", num, den);
    if (rc) {
        fmpq_mpoly_zero(f->num, ctx);
        fmpq_mpoly_one(f->den, ctx);
        return rc;
    }
    reduce(f, ctx);
    return IC_OK;
}

void ic_ratfun_set_poly(ic_ratfun *f, const fmpq_mpoly_t p, const fmpq_mpoly_ctx_t ctx)
{
    fmpq_mpoly_set(f->num, p, ctx);
    fmpq_mpoly_one(f->den, ctx);
}

static void addsub(ic_ratfun *f, const ic_ratfun *a, const ic_ratfun *b, int sub, const fmpq_mpoly_ctx_t ctx)
{
    fmpq_mpoly_t x, y, z;
    fmpq_mpoly_init(x, ctx);
    fmpq_mpoly_init(y, ctx);
    fmpq_mpoly_init(z, ctx);
    fmpq_mpoly_mul(x, a->num, b->den, ctx);
    fmpq_mpoly_mul(y, b->num, a->den, ctx);
    if (sub)
        fmpq_mpoly_sub(x, x, y, ctx);
    else
        fmpq_mpoly_add(x, x, y, ctx);
    fmpq_mpoly_mul(z, a->den, b->den, ctx);
    fmpq_mpoly_swap(f->num, x, ctx);
    fmpq_mpoly_swap(f->den, z, ctx);
    reduce(f, ctx);
    fmpq_mpoly_clear(x, ctx);
    fmpq_mpoly_clear(y, ctx);
    fmpq_mpoly_clear(z, ctx);
}

void ic_ratfun_add(ic_ratfun *f, const ic_ratfun *a, const ic_ratfun *b, const fmpq_mpoly_ctx_t ctx)
{
    addsub(f, a, b, 0, ctx);
}

void ic_ratfun_sub(ic_ratfun *f, const ic_ratfun *a, const ic_ratfun *b, const fmpq_mpoly_ctx_t ctx)
{
    addsub(f, a, b, 1, ctx);
}

void ic_ratfun_mul(ic_ratfun *f, const ic_ratfun *a, const ic_ratfun *b, const fmpq_mpoly_ctx_t ctx)
{
    fmpq_mpoly_t x, z;
    fmpq_mpoly_init(x, ctx);
    fmpq_mpoly_init(z, ctx);
    fmpq_mpoly_mul(x, a->num, b->num, ctx);
    fmpq_mpoly_mul(z, a->den, b->den, ctx);
    fmpq_mpoly_swap(f->num, x, ctx);
    fmpq_mpoly_swap(f->den, z, ctx);
    reduce(f, ctx);
    fmpq_mpoly_clear(x, ctx);
    fmpq_mpoly_clear(z, ctx);
}

int ic_ratfun_div(ic_ratfun *f, const ic_ratfun *a, const ic_ratfun *b, const fmpq_mpoly_ctx_t ctx, ic_err *err)
{
    if (fmpq_mpoly_is_zero(b->num, ctx))
        return ic_err_set(err, IC_EINPUT, "division by the zero rational function");
    fmpq_mpoly_t x, z;
    fmpq_mpoly_init(x, ctx);
    fmpq_mpoly_init(z, ctx);
    fmpq_mpoly_mul(x, a->num, b->den, ctx);
    fmpq_mpoly_mul(z, a->den, b->num, ctx);
    fmpq_mpoly_swap(f->num, x, ctx);
    fmpq_mpoly_swap(f->den, z, ctx);
    reduce(f, ctx);
    fmpq_mpoly_clear(x, ctx);
    fmpq_mpoly_clear(z, ctx);
    return IC_OK;
}

/* x = a.num b.den - b.num a.den */
static void cross_diff(fmpq_mpoly_t x, const ic_ratfun *a, const ic_ratfun *b, const fmpq_mpoly_ctx_t ctx)
{
    fmpq_mpoly_t y;
    fmpq_mpoly_init(y, ctx);
    fmpq_mpoly_mul(x, a->num, b->den, ctx);
    fmpq_mpoly_mul(y, b->num, a->den, ctx);
    fmpq_mpoly_sub(x, x, y, ctx);
    fmpq_mpoly_clear(y, ctx);
}

int ic_ratfun_equal(const ic_ratfun *a, const ic_ratfun *b, const fmpq_mpoly_ctx_t ctx)
{
    fmpq_mpoly_t x;
    fmpq_mpoly_init(x, ctx);
    cross_diff(x, a, b, ctx);
    int eq = fmpq_mpoly_is_zero(x, ctx);
    fmpq_mpoly_clear(x, ctx);
    return eq;
}

char *ic_ratfun_str(const ic_ratfun *f, const fmpq_mpoly_ctx_t ctx)
{
    char *n = ic_cf_poly_str(f->num, ctx);
    if (fmpq_mpoly_is_one(f->den, ctx))
        return n;
    char *d = ic_cf_poly_str(f->den, ctx);
    size_t len = strlen(n) + strlen(d) + 6;
    char *s = malloc(len);
    /* parentheses only around sums and fractions */
    int pn = strpbrk(n, " +-/") != NULL, pd = strpbrk(d, " +-/*^") != NULL;
    if (s)
        snprintf(s, len, "%s%s%s/%s%s%s", pn ? "(" : "", n, pn ? ")" : "", pd ? "(" : "", d, pd ? ")" : "");
    free(n);
    free(d);
    return s;
}

int ic_ratfun_eval(fmpq_t out, const ic_ratfun *f, const fmpq *x, const fmpq_mpoly_ctx_t ctx)
{
    fmpq *vals[IC_CF_NVARS];
    for (int i = 0; i < IC_CF_NVARS; i++)
        vals[i] = (fmpq *)&x[i];
    fmpq_t n, d;
    fmpq_init(n);
    fmpq_init(d);
    fmpq_mpoly_evaluate_all_fmpq(n, f->num, vals, ctx);
    fmpq_mpoly_evaluate_all_fmpq(d, f->den, vals, ctx);
    int zero = fmpq_is_zero(d);
    if (!zero)
        fmpq_div(out, n, d);
    fmpq_clear(n);
    fmpq_clear(d);
    return zero;
}

void ic_cf_verdict_init(ic_cf_verdict *v)
{
    memset(v, 0, sizeof *v);
    fmpq_init(v->claimed);
    fmpq_init(v->derived);
    fmpq_init(v->discrepancy);
}

void ic_cf_verdict_clear(ic_cf_verdict *v)
{
    fmpq_clear(v->claimed);
    fmpq_clear(v->derived);
    fmpq_clear(v->discrepancy);
}

/* 1 when f uses only the domain's variables. */
static int uses_only(const fmpq_mpoly_t f, const ic_cf_domain *dom, const fmpq_mpoly_ctx_t ctx)
{
    for (int v = 0; v < IC_CF_NVARS; v++) {
        int in = 0;
        for (int i = 0; i < dom->nvars; i++)
            in |= dom->var[i] == v;
        if (!in && fmpq_mpoly_degree_si(f, v, ctx) > 0)
            return 0;
    }
    return 1;
}

typedef struct {
    const ic_ratfun *claimed, *derived;
    const ic_cf_domain *dom;
    const fmpq_mpoly_ctx_struct *ctx;
    ic_cf_verdict *v;
    fmpq x[IC_CF_NVARS];
    long k[IC_CF_DOM_MAX];
    fmpq_t a, b;
} search_state;

/* Tests the point k; 1 when it refutes. */
static int test_point(search_state *s)
{
    const ic_cf_domain *dom = s->dom;
    long val[IC_CF_DOM_MAX];
    for (int i = 0; i < dom->nvars; i++)
        val[i] = dom->lo[i] + (dom->step[i] > 0 ? dom->step[i] : 1) * s->k[i];
    for (int c = 0; c < dom->ncons; c++) {
        long acc = dom->b[c];
        for (int i = 0; i < dom->nvars; i++)
            acc += dom->a[c][i] * val[i];
        if (acc < 0)
            return 0;
    }
    for (int i = 0; i < dom->nvars; i++)
        fmpq_set_si(&s->x[dom->var[i]], val[i], 1);
    s->v->searched++;
    if (ic_ratfun_eval(s->a, s->claimed, s->x, s->ctx) || ic_ratfun_eval(s->b, s->derived, s->x, s->ctx))
        return 0;
    if (fmpq_equal(s->a, s->b))
        return 0;
    s->v->refuted = 1;
    memcpy(s->v->x, val, sizeof val);
    fmpq_set(s->v->claimed, s->a);
    fmpq_set(s->v->derived, s->b);
    fmpq_sub(s->v->discrepancy, s->a, s->b);
    return 1;
}

/* All k with k[level..] summing to rem, lexicographic (largest first
 * entry last), until a refutation. */
static int search_rec(search_state *s, int level, long rem)
{
    int n = s->dom->nvars;
    if (level == n - 1) {
        s->k[level] = rem;
        return test_point(s);
    }
    for (long k = 0; k <= rem; k++) {
        s->k[level] = k;
        if (search_rec(s, level + 1, rem - k))
            return 1;
    }
    return 0;
}

int ic_cf_refute(ic_cf_verdict *v, const ic_ratfun *claimed, const ic_ratfun *derived, const ic_cf_domain *dom,
                 const fmpq_mpoly_ctx_t ctx, ic_err *err)
{
    v->refuted = 0;
    v->searched = 0;
    if (dom->nvars < 1 || dom->nvars > IC_CF_DOM_MAX)
        return ic_err_set(err, IC_EINPUT, "closed-form domain: 1..%d variables expected", IC_CF_DOM_MAX);
    if (!uses_only(claimed->num, dom, ctx) || !uses_only(claimed->den, dom, ctx) ||
        !uses_only(derived->num, dom, ctx) || !uses_only(derived->den, dom, ctx))
        return ic_err_set(err, IC_EINPUT, "closed form uses a variable outside its domain (%s)",
                          dom->text ? dom->text : "?");
    fmpq_mpoly_t x;
    fmpq_mpoly_init(x, ctx);
    cross_diff(x, claimed, derived, ctx);
    int eq = fmpq_mpoly_is_zero(x, ctx);
    long deg = eq ? 0 : fmpq_mpoly_total_degree_si(x, ctx);
    fmpq_mpoly_clear(x, ctx);
    if (eq)
        return IC_OK;
    search_state s;
    memset(&s, 0, sizeof s);
    s.claimed = claimed;
    s.derived = derived;
    s.dom = dom;
    s.ctx = ctx;
    s.v = v;
    for (int i = 0; i < IC_CF_NVARS; i++)
        fmpq_init(&s.x[i]);
    fmpq_init(s.a);
    fmpq_init(s.b);
    long smax = 4L * dom->nvars * (deg + 1) + 8;
    int found = 0;
    for (long sum = 0; sum <= smax && !found; sum++)
        found = search_rec(&s, 0, sum);
    for (int i = 0; i < IC_CF_NVARS; i++)
        fmpq_clear(&s.x[i]);
    fmpq_clear(s.a);
    fmpq_clear(s.b);
    if (!found)
        return ic_err_set(err, IC_EINTERNAL,
                          "closed forms differ as rational functions but no refuting point of %s was found "
                          "up to distance %ld",
                          dom->text ? dom->text : "the domain", smax);
    return IC_OK;
}

int ic_cf_positive_on_box(const fmpq_mpoly_t p, const ic_cf_domain *dom, const fmpq_mpoly_ctx_t ctx)
{
    if (!uses_only(p, dom, ctx) || fmpq_mpoly_is_zero(p, ctx))
        return 0;
    fmpq_mpoly_struct *sub[IC_CF_NVARS];
    fmpq_mpoly_t gens[IC_CF_NVARS];
    for (int v = 0; v < IC_CF_NVARS; v++) {
        fmpq_mpoly_init(gens[v], ctx);
        fmpq_mpoly_gen(gens[v], v, ctx);
        sub[v] = gens[v];
    }
    for (int i = 0; i < dom->nvars; i++)
        fmpq_mpoly_add_si(gens[dom->var[i]], gens[dom->var[i]], dom->lo[i], ctx);
    fmpq_mpoly_t q;
    fmpq_mpoly_init(q, ctx);
    int ok = fmpq_mpoly_compose_fmpq_mpoly(q, p, sub, ctx, ctx);
    /* every coefficient >= 0 and a positive constant term */
    fmpq_t c;
    fmpq_init(c);
    int has_const = 0;
    for (slong t = 0; ok && t < fmpq_mpoly_length(q, ctx); t++) {
        fmpq_mpoly_get_term_coeff_fmpq(c, q, t, ctx);
        if (fmpq_sgn(c) < 0)
            ok = 0;
        ulong e[IC_CF_NVARS];
        fmpq_mpoly_get_term_exp_ui(e, q, t, ctx);
        int zero = 1;
        for (int v = 0; v < IC_CF_NVARS; v++)
            zero &= e[v] == 0;
        if (zero && fmpq_sgn(c) > 0)
            has_const = 1;
    }
    fmpq_clear(c);
    fmpq_mpoly_clear(q, ctx);
    for (int v = 0; v < IC_CF_NVARS; v++)
        fmpq_mpoly_clear(gens[v], ctx);
    return ok && has_const;
}

void ic_cf_point_str(char *buf, size_t n, const ic_cf_domain *dom, const long *x)
{
    size_t off = 0;
    buf[0] = '\0';
    for (int i = 0; i < dom->nvars && off < n; i++)
        off += (size_t)snprintf(buf + off, n - off, "%s%s = %ld", i ? ", " : "", ic_cf_names[dom->var[i]], x[i]);
}
