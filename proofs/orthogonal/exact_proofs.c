/* The orthogonal claim's exact proofs (doc/proofs.md, "Orthogonal (C4)"):
 * L_O = the model's exact expectation, its sum-of-squares form and gradient
 * formulas as identities of every row over Q (or by exact evaluation with the
 * Schwartz-Zippel bound); the unitary loss and the authors' excess on unitary
 * data; the zero-loss family C = c I + e S, p_{-1} = 1/c,
 * p_{-2} = -e/(c(c+e)) as rational functions of (c, e); the explicit
 * constructions with H heads and the stationary points at e = -c as rational
 * functions of c; the lower bound for H < d/2 at exact rational points
 * (sampled: its proof is on paper). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <flint/fmpq_mat.h>

#include "orthogonal/orthogonal.h"

#define PARTNER(j) ((j) ^ (size_t)1)

int ortho_exact_identities(ortho_exact *ox, size_t d, size_t T, const ic_exact_plan *plan, ic_err *err)
{
    int law = IC_EXACT_LAW_PAIRS;
    int rc = ic_exact_row_identity(&ox->model, d, T, ic_exact_side_model, &law, ortho_exact_loss_row, NULL, plan,
                                   err);
    if (!rc)
        rc = ic_exact_row_identity(&ox->sos, d, T, ortho_exact_sos_row, NULL, ortho_exact_loss_row, NULL, plan, err);
    if (!rc)
        rc = ic_exact_row_gradient(&ox->grad, d, T, ortho_exact_loss_row, NULL, ortho_exact_grad_row, NULL, plan,
                                   err);
    return rc;
}

/* The unitary model's expectation plus the stated excess p_{-2}^2 ||C||_F^2. */
static int side_model_plus_excess(fmpq_mpoly_t out, const ic_exact_vars *v, size_t d, size_t t, void *arg,
                                  ic_err *err)
{
    int law = IC_EXACT_LAW_UNITARY;
    int rc = ic_exact_model_row_expectation(out, v, d, t, law, NULL, err);
    if (rc)
        return rc;
    ic_exact_cstats s;
    ic_exact_cstats_init(&s, v, d);
    fmpq_mpoly_t q;
    fmpq_mpoly_init(q, v->ctx);
    ic_exact_vars_get(q, v, ic_exact_row_p(d, t));
    fmpq_mpoly_mul(q, q, q, v->ctx);
    fmpq_mpoly_mul(q, q, s.f2, v->ctx);
    fmpq_mpoly_add(out, out, q, v->ctx);
    fmpq_mpoly_clear(q, v->ctx);
    ic_exact_cstats_clear(&s);
    return IC_OK;
}

int ortho_exact_unitary(ortho_exact *ox, size_t d, size_t T, const ic_exact_plan *plan, ic_err *err)
{
    int law = IC_EXACT_LAW_UNITARY, exact = IC_EXACT_LOSS_EXACT, authors = IC_EXACT_LOSS_AUTHORS;
    int rc = ic_exact_row_identity(&ox->umodel, d, T, ic_exact_side_model, &law, ic_exact_side_unitary_loss, &exact,
                                   plan, err);
    if (!rc)
        rc = ic_exact_row_identity(&ox->uexcess, d, T, ic_exact_side_unitary_loss, &authors, side_model_plus_excess,
                                   NULL, plan, err);
    return rc;
}

/* ---------- families ---------- */

/* Values of one row on a family: C (d^2 polynomials, shared by the rows);
 * every used entry t' < t gets o[t] (or `other`, NULL: 0), p_{-2} gets q[t]
 * (or q0 when q is NULL) and p_{-1} gets x[t] (or x0). */
typedef struct {
    const fmpq_mpoly_struct *C;     /* d^2 */
    const fmpq_mpoly_struct *other; /* NULL: 0 */
    const fmpq_mpoly_struct *q0, *x0;
    const fmpq_mpoly_struct *q, *x, *o; /* per row (T-1), or NULL */
    const fmpq_mpoly_ctx_struct *ctx;
} family_arg;

static void family_set(ic_exact_vars *v, size_t d, size_t t, void *arg)
{
    const family_arg *a = arg;
    for (size_t i = 0; i < d * d; i++)
        fmpq_mpoly_set(ic_exact_vars_value(v, (slong)i), a->C + i, a->ctx);
    for (size_t tp = 0; tp < t; tp++) {
        const fmpq_mpoly_struct *o = a->o ? a->o + t : a->other;
        if (o)
            fmpq_mpoly_set(ic_exact_vars_value(v, ic_exact_row_p(d, tp)), o, a->ctx);
    }
    fmpq_mpoly_set(ic_exact_vars_value(v, ic_exact_row_p(d, t)), a->q ? a->q + t : a->q0, a->ctx);
    fmpq_mpoly_set(ic_exact_vars_value(v, ic_exact_row_p(d, t + 1)), a->x ? a->x + t : a->x0, a->ctx);
}

static fmpq_mpoly_struct *poly_vec(size_t n, const fmpq_mpoly_ctx_t ctx)
{
    fmpq_mpoly_struct *v = malloc(n * sizeof *v);
    for (size_t i = 0; i < n; i++)
        fmpq_mpoly_init(v + i, ctx);
    return v;
}

static void poly_vec_free(fmpq_mpoly_struct *v, size_t n, const fmpq_mpoly_ctx_t ctx)
{
    for (size_t i = 0; i < n; i++)
        fmpq_mpoly_clear(v + i, ctx);
    free(v);
}

static void note_config(ic_exact_result *res, size_t d, size_t T)
{
    if (res->failed && !res->fail_d) {
        res->fail_d = d;
        res->fail_T = T;
    }
}

/* C = c I + e S (S swaps the members of each pair), p_{-1} = 1/c,
 * p_{-2} = -e/(c(c+e)), other used entries 0: in Q[c, e, z] with
 * z = 1/(c(c+e)), p_{-1} = (c+e) z and p_{-2} = -e z.  minus_in_den = 1
 * puts c - e in place of c + e (p_{-2} = -e/(c(c-e))): a wrong statement the
 * refutation tests must see fail. */
int ortho_exact_family_q(ic_exact_result *res, size_t d, size_t T, int minus_in_den, ic_err *err)
{
    static const char *const names[3] = {"c", "e", "z"};
    fmpq_mpoly_ctx_t ctx;
    fmpq_mpoly_ctx_init(ctx, 3, ORD_LEX);
    fmpq_mpoly_t c, e, z, D, ce, x, q, L;
    fmpq_mpoly_init(c, ctx);
    fmpq_mpoly_init(e, ctx);
    fmpq_mpoly_init(z, ctx);
    fmpq_mpoly_init(D, ctx);
    fmpq_mpoly_init(ce, ctx);
    fmpq_mpoly_init(x, ctx);
    fmpq_mpoly_init(q, ctx);
    fmpq_mpoly_init(L, ctx);
    fmpq_mpoly_gen(c, 0, ctx);
    fmpq_mpoly_gen(e, 1, ctx);
    fmpq_mpoly_gen(z, 2, ctx);
    /* the stated family has c + e in the denominator; a refutation test uses c - e */
    if (minus_in_den)
        fmpq_mpoly_sub(ce, c, e, ctx);
    else
        fmpq_mpoly_add(ce, c, e, ctx);
    fmpq_mpoly_mul(D, c, ce, ctx);
    fmpq_mpoly_mul(x, ce, z, ctx);
    fmpq_mpoly_mul(q, e, z, ctx);
    fmpq_mpoly_neg(q, q, ctx);
    fmpq_mpoly_struct *C = poly_vec(d * d, ctx), *G = poly_vec(d * d, ctx);
    for (size_t j = 0; j < d; j++) {
        fmpq_mpoly_set(C + j * d + j, c, ctx);
        fmpq_mpoly_set(C + j * d + PARTNER(j), e, ctx);
    }
    ic_exact_family f = { ctx, names, 2, D };
    family_arg a = { C, NULL, q, x, NULL, NULL, NULL, ctx };
    char label[96];
    snprintf(label, sizeof label, "(d, T) = (%zu, %zu)", d, T);
    int rc = ic_exact_family_rows(L, G, res, &f, d, T, family_set, &a, ortho_exact_loss_row, NULL,
                                  ortho_exact_grad_row, NULL, label, err);
    if (!rc) {
        ic_exact_family_zero(res, &f, L, "L_O", label);
        for (size_t i = 0; i < d * d; i++)
            ic_exact_family_zero(res, &f, G + i, "dL/dC", label);
    }
    note_config(res, d, T);
    poly_vec_free(C, d * d, ctx);
    poly_vec_free(G, d * d, ctx);
    fmpq_mpoly_clear(c, ctx);
    fmpq_mpoly_clear(e, ctx);
    fmpq_mpoly_clear(z, ctx);
    fmpq_mpoly_clear(D, ctx);
    fmpq_mpoly_clear(ce, ctx);
    fmpq_mpoly_clear(x, ctx);
    fmpq_mpoly_clear(q, ctx);
    fmpq_mpoly_clear(L, ctx);
    fmpq_mpoly_ctx_clear(ctx);
    return rc;
}

int ortho_exact_family(ic_exact_result *res, size_t d, size_t T, ic_err *err)
{
    return ortho_exact_family_q(res, d, T, 0, err);
}

/* L_O summed over rows at rational C and P (row t's used entries). */
static int loss_at(fmpq_t L, const fmpq_mat_t C, const fmpq_mat_t P, size_t T, ic_err *err)
{
    size_t d = (size_t)fmpq_mat_nrows(C);
    int rc = IC_OK;
    fmpq_zero(L);
    for (size_t t = 0; t + 1 < T && !rc; t++) {
        slong n = ic_exact_row_nvars(d, t);
        fmpq *x = _fmpq_vec_init(n);
        for (size_t j = 0; j < d; j++)
            for (size_t k = 0; k < d; k++)
                fmpq_set(x + ic_exact_row_c(d, j, k), fmpq_mat_entry(C, (slong)j, (slong)k));
        for (size_t tp = 0; tp <= t + 1; tp++)
            fmpq_set(x + ic_exact_row_p(d, tp), fmpq_mat_entry(P, (slong)t, (slong)tp));
        ic_exact_vars v;
        ic_exact_vars_init_point(&v, n, x);
        fmpq_mpoly_t Lt;
        fmpq_mpoly_init(Lt, v.ctx);
        rc = ortho_exact_loss_row(Lt, &v, d, t, NULL, err);
        fmpq_t u;
        fmpq_init(u);
        fmpq_mpoly_get_fmpq(u, Lt, v.ctx);
        fmpq_add(L, L, u);
        fmpq_clear(u);
        fmpq_mpoly_clear(Lt, v.ctx);
        ic_exact_vars_clear(&v);
        _fmpq_vec_clear(x, n);
    }
    return rc;
}

/* The family at rational (c, e) with the first block's coupling changed to
 * e + 1/2 (d >= 4): L_O exactly, which must be > 0. */
int ortho_exact_common_e(fmpq_t L, size_t d, size_t T, const fmpq_t c, const fmpq_t e, ic_err *err)
{
    fmpq_mat_t C, P;
    fmpq_mat_init(C, (slong)d, (slong)d);
    fmpq_mat_init(P, (slong)T, (slong)T);
    fmpq_t q, u;
    fmpq_init(q);
    fmpq_init(u);
    for (size_t j = 0; j < d; j++) {
        fmpq_set(fmpq_mat_entry(C, (slong)j, (slong)j), c);
        fmpq_set(fmpq_mat_entry(C, (slong)j, (slong)PARTNER(j)), e);
    }
    fmpq_set_si(u, 1, 2);
    fmpq_add(fmpq_mat_entry(C, 0, 1), e, u);
    fmpq_add(fmpq_mat_entry(C, 1, 0), e, u);
    fmpq_add(q, c, e); /* p_{-2} = -e / (c (c + e)) */
    fmpq_mul(q, q, c);
    fmpq_div(q, e, q);
    fmpq_neg(q, q);
    for (size_t t = 0; t + 1 < T; t++) {
        fmpq_set(fmpq_mat_entry(P, (slong)t, (slong)t), q);
        fmpq_inv(fmpq_mat_entry(P, (slong)t, (slong)t + 1), c);
    }
    int rc = loss_at(L, C, P, T, err);
    fmpq_clear(q);
    fmpq_clear(u);
    fmpq_mat_clear(C);
    fmpq_mat_clear(P);
    return rc;
}

/* Heads h < min(H, d/2) read and write pair h: a_h = e_{2h} + e_{2h+1},
 * b_h = c a_h, so C = c blockdiag(J) on the first min(H, d/2) pairs;
 * p_{-1} = 1/c, p_{-2} = -1/(2c).  Loss `want` (the claim: (T-1) max(d - 2H, 0))
 * and zero gradient in A, B, P as rational functions of c (Q[c, z], z = 1/c). */
int ortho_exact_heads(ic_exact_result *res, size_t d, size_t H, size_t T, long want, ic_err *err)
{
    static const char *const names[2] = {"c", "z"};
    fmpq_mpoly_ctx_t ctx;
    fmpq_mpoly_ctx_init(ctx, 2, ORD_LEX);
    fmpq_mpoly_t c, z, q, L;
    fmpq_mpoly_init(c, ctx);
    fmpq_mpoly_init(z, ctx);
    fmpq_mpoly_init(q, ctx);
    fmpq_mpoly_init(L, ctx);
    fmpq_mpoly_gen(c, 0, ctx);
    fmpq_mpoly_gen(z, 1, ctx);
    fmpq_mpoly_scalar_div_si(q, z, -2, ctx);
    fmpq_mpoly_struct *A = poly_vec(H * d, ctx), *B = poly_vec(H * d, ctx), *C = poly_vec(d * d, ctx),
                      *G = poly_vec(d * d, ctx);
    size_t r = H < d / 2 ? H : d / 2;
    for (size_t h = 0; h < r; h++)
        for (size_t j = 2 * h; j < 2 * h + 2; j++) {
            fmpq_mpoly_one(A + h * d + j, ctx);
            fmpq_mpoly_set(B + h * d + j, c, ctx);
            for (size_t k = 2 * h; k < 2 * h + 2; k++)
                fmpq_mpoly_set(C + j * d + k, c, ctx); /* (B^T A)_jk = c for j, k in pair h */
        }
    ic_exact_family f = { ctx, names, 1, c };
    family_arg a = { C, NULL, q, z, NULL, NULL, NULL, ctx };
    char label[96];
    snprintf(label, sizeof label, "(d, H, T) = (%zu, %zu, %zu)", d, H, T);
    int rc = ic_exact_family_rows(L, G, res, &f, d, T, family_set, &a, ortho_exact_loss_row, NULL,
                                  ortho_exact_grad_row, NULL, label, err);
    if (!rc) {
        fmpq_mpoly_sub_si(L, L, (slong)want, ctx);
        ic_exact_family_zero(res, &f, L, "L_O - claimed value", label);
        ic_exact_family_heads(res, &f, A, B, G, H, d, label);
    }
    note_config(res, d, T);
    poly_vec_free(A, H * d, ctx);
    poly_vec_free(B, H * d, ctx);
    poly_vec_free(C, d * d, ctx);
    poly_vec_free(G, d * d, ctx);
    fmpq_mpoly_clear(c, ctx);
    fmpq_mpoly_clear(z, ctx);
    fmpq_mpoly_clear(q, ctx);
    fmpq_mpoly_clear(L, ctx);
    fmpq_mpoly_ctx_clear(ctx);
    return rc;
}

/* H = d/2 heads a_h = e_{2h} - e_{2h+1}, b_h = c a_h: C = c (I - S);
 * p_{-1} = (t+1)/((t+2) c), p_{t'} = -1/((t+2) c) for t' < t, p_{-2} = q_t free.
 * Loss d sum_{t=0}^{T-2} 1/(t+2) and zero gradient in A, B, P as rational
 * functions of (c, q_0, ..., q_{T-2}) (doc/c4-orthogonal.md, section 5). */
int ortho_exact_stall(ic_exact_result *res, size_t d, size_t T, ic_err *err)
{
    size_t nq = T - 1, nv = 2 + nq;
    char **names = malloc(nv * sizeof *names);
    names[0] = strdup("c");
    names[1] = strdup("z");
    for (size_t t = 0; t < nq; t++) {
        char buf[32];
        snprintf(buf, sizeof buf, "q%zu", t);
        names[2 + t] = strdup(buf);
    }
    fmpq_mpoly_ctx_t ctx;
    fmpq_mpoly_ctx_init(ctx, (slong)nv, ORD_LEX);
    fmpq_mpoly_t c, z, L;
    fmpq_mpoly_init(c, ctx);
    fmpq_mpoly_init(z, ctx);
    fmpq_mpoly_init(L, ctx);
    fmpq_mpoly_gen(c, 0, ctx);
    fmpq_mpoly_gen(z, 1, ctx);
    size_t H = d / 2;
    fmpq_mpoly_struct *A = poly_vec(H * d, ctx), *B = poly_vec(H * d, ctx), *C = poly_vec(d * d, ctx),
                      *G = poly_vec(d * d, ctx), *q = poly_vec(nq, ctx), *x = poly_vec(nq, ctx),
                      *o = poly_vec(nq, ctx);
    for (size_t h = 0; h < H; h++) {
        fmpq_mpoly_one(A + h * d + 2 * h, ctx);
        fmpq_mpoly_set_si(A + h * d + 2 * h + 1, -1, ctx);
        fmpq_mpoly_set(B + h * d + 2 * h, c, ctx);
        fmpq_mpoly_neg(B + h * d + 2 * h + 1, c, ctx);
    }
    for (size_t j = 0; j < d; j++) {
        fmpq_mpoly_set(C + j * d + j, c, ctx);
        fmpq_mpoly_neg(C + j * d + PARTNER(j), c, ctx);
    }
    fmpq_t w;
    fmpq_init(w);
    fmpq_mpoly_t want;
    fmpq_mpoly_init(want, ctx);
    for (size_t t = 0; t < nq; t++) {
        fmpq_mpoly_gen(q + t, (slong)(2 + t), ctx);
        fmpq_set_si(w, (slong)t + 1, (ulong)t + 2);
        fmpq_mpoly_scalar_mul_fmpq(x + t, z, w, ctx);
        fmpq_set_si(w, -1, (ulong)t + 2);
        fmpq_mpoly_scalar_mul_fmpq(o + t, z, w, ctx);
        fmpq_set_si(w, (slong)d, (ulong)t + 2);
        fmpq_mpoly_add_fmpq(want, want, w, ctx);
    }
    ic_exact_family f = { ctx, (const char *const *)names, 1, c };
    family_arg a = { C, NULL, NULL, NULL, q, x, o, ctx };
    char label[96];
    snprintf(label, sizeof label, "(d, T) = (%zu, %zu)", d, T);
    int rc = ic_exact_family_rows(L, G, res, &f, d, T, family_set, &a, ortho_exact_loss_row, NULL,
                                  ortho_exact_grad_row, NULL, label, err);
    if (!rc) {
        fmpq_mpoly_sub(L, L, want, ctx);
        ic_exact_family_zero(res, &f, L, "L_O - d sum_t 1/(t+2)", label);
        ic_exact_family_heads(res, &f, A, B, G, H, d, label);
    }
    note_config(res, d, T);
    fmpq_clear(w);
    fmpq_mpoly_clear(want, ctx);
    poly_vec_free(A, H * d, ctx);
    poly_vec_free(B, H * d, ctx);
    poly_vec_free(C, d * d, ctx);
    poly_vec_free(G, d * d, ctx);
    poly_vec_free(q, nq, ctx);
    poly_vec_free(x, nq, ctx);
    poly_vec_free(o, nq, ctx);
    fmpq_mpoly_clear(c, ctx);
    fmpq_mpoly_clear(z, ctx);
    fmpq_mpoly_clear(L, ctx);
    fmpq_mpoly_ctx_clear(ctx);
    for (size_t i = 0; i < nv; i++)
        free(names[i]);
    free(names);
    return rc;
}

/* ---------- the lower bound for H < d/2, sampled exactly ---------- */



int ortho_exact_lower_bound(long *points, long *violations, size_t d, size_t H, size_t T, const fmpq_t c,
                            long npoints, ic_exact_rand *rand, ic_err *err)
{
    fmpq_mat_t A, B, Bt, C, P;
    fmpq_mat_init(A, (slong)H, (slong)d);
    fmpq_mat_init(B, (slong)H, (slong)d);
    fmpq_mat_init(Bt, (slong)d, (slong)H);
    fmpq_mat_init(C, (slong)d, (slong)d);
    fmpq_mat_init(P, (slong)T, (slong)T);
    fmpq_t L, bound, tr, f, u;
    fmpq_init(L);
    fmpq_init(bound);
    fmpq_init(tr);
    fmpq_init(f);
    fmpq_init(u);
    fmpq_set_si(bound, (slong)(T - 1) * ((slong)d - 2 * (slong)H), 1);
    int rc = IC_OK;
    for (long k = 0; k < npoints && !rc; k++) {
        if (k % 2 == 0) {
            ic_exact_rand_mat(A, rand);
            ic_exact_rand_mat(B, rand);
            ic_exact_rand_mat(P, rand);
        } else {             /* the construction, nudged by about 2^-8 */
            fmpq_mat_zero(A);
            fmpq_mat_zero(B);
            fmpq_mat_zero(P);
            for (size_t h = 0; h < H && h < d / 2; h++)
                for (size_t j = 2 * h; j < 2 * h + 2; j++) {
                    fmpq_one(fmpq_mat_entry(A, (slong)h, (slong)j));
                    fmpq_set(fmpq_mat_entry(B, (slong)h, (slong)j), c);
                }
            for (size_t t = 0; t + 1 < T; t++) {
                fmpq_inv(fmpq_mat_entry(P, (slong)t, (slong)t + 1), c);
                fmpq_set_si(u, -1, 2); /* p_{-2} = -1/(2c) */
                fmpq_mul(fmpq_mat_entry(P, (slong)t, (slong)t), fmpq_mat_entry(P, (slong)t, (slong)t + 1), u);
            }
            ic_exact_nudge_mat(A, rand);
            ic_exact_nudge_mat(B, rand);
            ic_exact_nudge_mat(P, rand);
        }
        fmpq_mat_transpose(Bt, B);
        fmpq_mat_mul(C, Bt, A);
        rc = loss_at(L, C, P, T, err);
        (*points)++;
        if (!rc && fmpq_cmp(L, bound) < 0)
            (*violations)++;
        /* the key inequality tr(C)^2 <= 2H ||C'||_F^2 (C' without the in-pair
         * off-diagonal entries) */
        fmpq_zero(tr);
        fmpq_zero(f);
        for (size_t j = 0; j < d; j++) {
            fmpq_add(tr, tr, fmpq_mat_entry(C, (slong)j, (slong)j));
            for (size_t kk = 0; kk < d; kk++)
                if (j == kk || j / 2 != kk / 2)
                    fmpq_addmul(f, fmpq_mat_entry(C, (slong)j, (slong)kk), fmpq_mat_entry(C, (slong)j, (slong)kk));
        }
        fmpq_mul(tr, tr, tr);
        fmpq_mul_si(f, f, 2 * (slong)H);
        if (fmpq_cmp(tr, f) > 0)
            (*violations)++;
    }
    fmpq_clear(L);
    fmpq_clear(bound);
    fmpq_clear(tr);
    fmpq_clear(f);
    fmpq_clear(u);
    fmpq_mat_clear(A);
    fmpq_mat_clear(B);
    fmpq_mat_clear(Bt);
    fmpq_mat_clear(C);
    fmpq_mat_clear(P);
    return rc;
}
