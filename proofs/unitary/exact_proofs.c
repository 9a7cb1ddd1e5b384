/* The unitary claim's exact proofs (doc/proofs.md, "Unitary (C2+C3)"):
 * the loss identities and the gradient formulas of every row as polynomial
 * identities over Q (or by exact evaluation with the Schwartz-Zippel bound),
 * the minimiser family C = c diag(1_r, 0), p_{-1} = 1/c as rational functions
 * of c, the heads' biorthogonality by exact linear algebra, and the lower
 * bound for H < d at random integer points (exactly, but sampled: its proof
 * is on paper). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <flint/fmpq_mat.h>

#include "unitary/unitary.h"

int unitary_exact_identities(unitary_exact *ux, size_t d, size_t T, const ic_exact_plan *plan, ic_err *err)
{
    int law = IC_EXACT_LAW_UNITARY, exact = IC_EXACT_LOSS_EXACT, authors = IC_EXACT_LOSS_AUTHORS;
    int rc = ic_exact_row_identity(&ux->model, d, T, ic_exact_side_model, &law, ic_exact_side_unitary_loss, &exact,
                                   plan, err);
    if (!rc)
        rc = ic_exact_row_identity(&ux->sos, d, T, unitary_exact_sos_row, NULL, ic_exact_side_unitary_loss, &exact,
                                   plan, err);
    if (!rc)
        rc = ic_exact_row_identity(&ux->excess, d, T, unitary_exact_excess_row, NULL, unitary_exact_correction_row,
                                   NULL, plan, err);
    if (!rc)
        rc = ic_exact_row_gradient(&ux->grad, d, T, ic_exact_side_unitary_loss, &exact, unitary_exact_grad_row,
                                   &exact, plan, err);
    if (!rc)
        rc = ic_exact_row_gradient(&ux->grad, d, T, ic_exact_side_unitary_loss, &authors, unitary_exact_grad_row,
                                   &authors, plan, err);
    return rc;
}

/* The minimiser's values in row t: C_jj = c for j < r, p_{-1} = z = 1/c. */
typedef struct {
    size_t r;
    const fmpq_mpoly_struct *c, *z;
    const fmpq_mpoly_ctx_struct *ctx;
} minimiser_arg;

static void minimiser_set(ic_exact_vars *v, size_t d, size_t t, void *arg)
{
    const minimiser_arg *m = arg;
    for (size_t j = 0; j < m->r; j++)
        fmpq_mpoly_set(ic_exact_vars_value(v, ic_exact_row_c(d, j, j)), m->c, m->ctx);
    fmpq_mpoly_set(ic_exact_vars_value(v, ic_exact_row_p(d, t + 1)), m->z, m->ctx);
}

/* The minimiser of (d, H, T), r = min(H, d) heads used: a_h = e_h,
 * b_h = c e_h (h < r), so C = c diag(1_r, 0); every row p_{-1} = 1/c, the
 * other used entries 0.  In Q[c, z] with z standing for 1/c, the loss minus
 * the claimed value and every gradient entry in A, B and P, cleared of z,
 * must be the zero polynomial: they vanish as rational functions of c. */
int unitary_exact_minimiser(ic_exact_result *res, size_t d, size_t H, size_t T, long want, ic_err *err)
{
    static const char *const names[2] = {"c", "z"};
    fmpq_mpoly_ctx_t ctx;
    fmpq_mpoly_ctx_init(ctx, 2, ORD_LEX);
    size_t r = H < d ? H : d;
    fmpq_mpoly_t c, z, L;
    fmpq_mpoly_init(c, ctx);
    fmpq_mpoly_init(z, ctx);
    fmpq_mpoly_init(L, ctx);
    fmpq_mpoly_gen(c, 0, ctx);
    fmpq_mpoly_gen(z, 1, ctx);
    fmpq_mpoly_struct *G = malloc(d * d * sizeof *G), *A = malloc(H * d * sizeof *A), *B = malloc(H * d * sizeof *B);
    for (size_t i = 0; i < d * d; i++)
        fmpq_mpoly_init(G + i, ctx);
    for (size_t i = 0; i < H * d; i++) {
        fmpq_mpoly_init(A + i, ctx);
        fmpq_mpoly_init(B + i, ctx);
    }
    for (size_t h = 0; h < r; h++) {
        fmpq_mpoly_one(A + h * d + h, ctx);
        fmpq_mpoly_set(B + h * d + h, c, ctx);
    }
    ic_exact_family f = { ctx, names, 1, c };
    minimiser_arg m = { r, c, z, ctx };
    char label[96];
    snprintf(label, sizeof label, "(d, H, T) = (%zu, %zu, %zu)", d, H, T);
    int exact = IC_EXACT_LOSS_EXACT;
    int rc = ic_exact_family_rows(L, G, res, &f, d, T, minimiser_set, &m, ic_exact_side_unitary_loss, &exact,
                                  unitary_exact_grad_row, &exact, label, err);
    if (!rc) {
        fmpq_mpoly_sub_si(L, L, (slong)want, ctx);
        ic_exact_family_zero(res, &f, L, "L - claimed minimum", label);
        ic_exact_family_heads(res, &f, A, B, G, H, d, label);
    }
    if (res->failed && !res->fail_d) {
        res->fail_d = d;
        res->fail_T = T;
    }
    for (size_t i = 0; i < d * d; i++)
        fmpq_mpoly_clear(G + i, ctx);
    for (size_t i = 0; i < H * d; i++) {
        fmpq_mpoly_clear(A + i, ctx);
        fmpq_mpoly_clear(B + i, ctx);
    }
    free(G);
    free(A);
    free(B);
    fmpq_mpoly_clear(c, ctx);
    fmpq_mpoly_clear(z, ctx);
    fmpq_mpoly_clear(L, ctx);
    fmpq_mpoly_ctx_clear(ctx);
    return rc;
}

/* A random rational matrix with entries n / 2^6, |n| < 2^10, made strictly
 * diagonally dominant (so invertible) by adding 2^4 H to the diagonal. */
static void random_dominant(fmpq_mat_t M, ic_exact_rand *rand)
{
    slong n = fmpq_mat_nrows(M);
    for (slong i = 0; i < n; i++)
        for (slong j = 0; j < n; j++) {
            fmpq *x = fmpq_mat_entry(M, i, j);
            ic_exact_rand_fmpq(x, rand, 11);
            fmpz_sub_ui(fmpq_numref(x), fmpq_numref(x), 1024);
            fmpz_set_ui(fmpq_denref(x), 64);
            fmpq_canonicalise(x);
            if (i == j) {
                fmpq_t s;
                fmpq_init(s);
                fmpq_set_si(s, 16 * n, 1);
                fmpq_add(x, x, s);
                fmpq_clear(s);
            }
        }
}

/* C3 with H = d: A = M, B = c M^{-T} (solved exactly) has B^T A = c I, the
 * minimiser of the family, and A B^T = c I_H.  Returns 1 when both hold
 * exactly, 0 if not, -1 if M was singular. */
int unitary_exact_biorthogonal(size_t d, const fmpq_t c, ic_exact_rand *rand)
{
    slong n = (slong)d;
    fmpq_mat_t M, Mt, cI, B, X;
    fmpq_mat_init(M, n, n);
    fmpq_mat_init(Mt, n, n);
    fmpq_mat_init(cI, n, n);
    fmpq_mat_init(B, n, n);
    fmpq_mat_init(X, n, n);
    random_dominant(M, rand);
    fmpq_mat_one(cI);
    fmpq_mat_scalar_mul_fmpq(cI, cI, c);
    fmpq_mat_transpose(Mt, M);
    int res = -1;
    if (fmpq_mat_solve(B, Mt, cI)) { /* M^T B = c I: B = c M^{-T}, rows are heads */
        fmpq_mat_transpose(Mt, B);    /* B^T A */
        fmpq_mat_mul(X, Mt, M);
        res = fmpq_mat_equal(X, cI);
        fmpq_mat_transpose(Mt, B);    /* A B^T */
        fmpq_mat_mul(X, M, Mt);
        res = res && fmpq_mat_equal(X, cI);
    }
    fmpq_mat_clear(M);
    fmpq_mat_clear(Mt);
    fmpq_mat_clear(cI);
    fmpq_mat_clear(B);
    fmpq_mat_clear(X);
    return res;
}

/* L_U (exact, summed over rows) at A, B (H x d, rows are heads) and P,
 * all rational. */
static int loss_at(fmpq_t L, const fmpq_mat_t A, const fmpq_mat_t B, const fmpq_mat_t P, size_t T, ic_err *err)
{
    slong d = fmpq_mat_ncols(A);
    fmpq_mat_t Bt, C;
    fmpq_mat_init(Bt, d, fmpq_mat_nrows(B));
    fmpq_mat_init(C, d, d);
    fmpq_mat_transpose(Bt, B);
    fmpq_mat_mul(C, Bt, A);
    int exact = IC_EXACT_LOSS_EXACT, rc = IC_OK;
    fmpq_zero(L);
    for (size_t t = 0; t + 1 < T && !rc; t++) {
        slong n = ic_exact_row_nvars((size_t)d, t);
        fmpq *x = _fmpq_vec_init(n);
        for (slong j = 0; j < d; j++)
            for (slong k = 0; k < d; k++)
                fmpq_set(x + ic_exact_row_c((size_t)d, (size_t)j, (size_t)k), fmpq_mat_entry(C, j, k));
        for (size_t tp = 0; tp <= t + 1; tp++)
            fmpq_set(x + ic_exact_row_p((size_t)d, tp), fmpq_mat_entry(P, (slong)t, (slong)tp));
        ic_exact_vars v;
        ic_exact_vars_init_point(&v, n, x);
        fmpq_mpoly_t Lt;
        fmpq_mpoly_init(Lt, v.ctx);
        rc = ic_exact_side_unitary_loss(Lt, &v, (size_t)d, t, &exact, err);
        fmpq_t u;
        fmpq_init(u);
        fmpq_mpoly_get_fmpq(u, Lt, v.ctx);
        fmpq_add(L, L, u);
        fmpq_clear(u);
        fmpq_mpoly_clear(Lt, v.ctx);
        ic_exact_vars_clear(&v);
        _fmpq_vec_clear(x, n);
    }
    fmpq_mat_clear(Bt);
    fmpq_mat_clear(C);
    return rc;
}



int unitary_exact_lower_bound(long *points, long *violations, size_t d, size_t H, size_t T, const fmpq_t c,
                              long npoints, ic_exact_rand *rand, ic_err *err)
{
    fmpq_mat_t A, B, P;
    fmpq_mat_init(A, (slong)H, (slong)d);
    fmpq_mat_init(B, (slong)H, (slong)d);
    fmpq_mat_init(P, (slong)T, (slong)T);
    fmpq_t L, bound;
    fmpq_init(L);
    fmpq_init(bound);
    fmpq_set_si(bound, (slong)((T - 1) * (d - H)), 1);
    int rc = IC_OK;
    for (long k = 0; k < npoints && !rc; k++) {
        if (k % 2 == 0) {        /* a random point of rank <= H */
            ic_exact_rand_mat(A, rand);
            ic_exact_rand_mat(B, rand);
            ic_exact_rand_mat(P, rand);
        } else {                 /* the minimiser of rank H, nudged */
            fmpq_mat_zero(A);
            fmpq_mat_zero(B);
            fmpq_mat_zero(P);
            for (size_t h = 0; h < H; h++) {
                fmpq_one(fmpq_mat_entry(A, (slong)h, (slong)h));
                fmpq_set(fmpq_mat_entry(B, (slong)h, (slong)h), c);
            }
            for (size_t t = 0; t + 1 < T; t++)
                fmpq_inv(fmpq_mat_entry(P, (slong)t, (slong)t + 1), c);
            ic_exact_nudge_mat(A, rand);
            ic_exact_nudge_mat(B, rand);
            ic_exact_nudge_mat(P, rand);
        }
        rc = loss_at(L, A, B, P, T, err);
        (*points)++;
        if (!rc && fmpq_cmp(L, bound) < 0)
            (*violations)++;
    }
    fmpq_clear(L);
    fmpq_clear(bound);
    fmpq_mat_clear(A);
    fmpq_mat_clear(B);
    fmpq_mat_clear(P);
    return rc;
}
