/* The orthogonal loss L_O, its sum-of-squares form and its gradient.  The
 * model's exact expectation and the unitary loss it is compared with are
 * shared with the unitary claim (src/expectations/shared_losses.c).  All at the output's
 * precision plus guard bits. */
#include <stdlib.h>

#include "orthogonal/orthogonal.h"

#define PARTNER(j) ((j) ^ (size_t)1)

/* The scalars L_O depends on (THEORY.md C4):
 * t1 = ||C 1||^2, t2 = ||C||_F^2, t3 = sum_j r_j C_{j j^}, t4 = sum_j C_{j j^}^2,
 * tr = tr C, with r = C 1. */
typedef struct {
    mpfr_t t1, t2, t3, t4, tr;
    mpfr_t *r;
    size_t d;
} c_terms;

static void terms_init(c_terms *s, const ic_mat *C, mpfr_prec_t p)
{
    size_t d = C->rows;
    s->d = d;
    mpfr_inits2(p, s->t1, s->t2, s->t3, s->t4, s->tr, (mpfr_ptr)0);
    s->r = malloc(d * sizeof *s->r);
    mpfr_t u;
    mpfr_init2(u, p);
    mpfr_set_zero(s->t1, 1);
    mpfr_set_zero(s->t3, 1);
    mpfr_set_zero(s->t4, 1);
    for (size_t j = 0; j < d; j++) {
        mpfr_init2(s->r[j], p);
        mpfr_set_zero(s->r[j], 1);
        for (size_t k = 0; k < d; k++)
            mpfr_add(s->r[j], s->r[j], IC_MAT_AT(C, j, k), MPFR_RNDN);
        mpfr_sqr(u, s->r[j], MPFR_RNDN);
        mpfr_add(s->t1, s->t1, u, MPFR_RNDN);
        if (PARTNER(j) < d) {
            mpfr_mul(u, s->r[j], IC_MAT_AT(C, j, PARTNER(j)), MPFR_RNDN);
            mpfr_add(s->t3, s->t3, u, MPFR_RNDN);
            mpfr_sqr(u, IC_MAT_AT(C, j, PARTNER(j)), MPFR_RNDN);
            mpfr_add(s->t4, s->t4, u, MPFR_RNDN);
        }
    }
    ic_mat_frob2(s->t2, C);
    ic_mat_trace(s->tr, C);
    mpfr_clear(u);
}

static void terms_clear(c_terms *s)
{
    for (size_t j = 0; j < s->d; j++)
        mpfr_clear(s->r[j]);
    free(s->r);
    mpfr_clears(s->t1, s->t2, s->t3, s->t4, s->tr, (mpfr_ptr)0);
}

/* Row t's scalars: q = p_{-2}, x = p_{-1}, sp = sum p' and np = ||p'||^2
 * (p' = the used entries without p_{-2}), m = ||p'||^2 - p_{-1}^2. */
typedef struct {
    mpfr_t q, x, sp, np, m;
} row_terms;

static void row_init(row_terms *w, mpfr_prec_t p)
{
    mpfr_inits2(p, w->q, w->x, w->sp, w->np, w->m, (mpfr_ptr)0);
}

static void row_clear(row_terms *w)
{
    mpfr_clears(w->q, w->x, w->sp, w->np, w->m, (mpfr_ptr)0);
}

static void row_get(row_terms *w, const ic_mat *P, size_t t)
{
    mpfr_set(w->q, IC_MAT_AT(P, t, t), MPFR_RNDN);
    mpfr_set(w->x, IC_MAT_AT(P, t, t + 1), MPFR_RNDN);
    mpfr_set_zero(w->sp, 1);
    mpfr_set_zero(w->m, 1);
    for (size_t k = 0; k < t; k++) {
        mpfr_add(w->sp, w->sp, IC_MAT_AT(P, t, k), MPFR_RNDN);
        mpfr_fma(w->m, IC_MAT_AT(P, t, k), IC_MAT_AT(P, t, k), w->m, MPFR_RNDN);
    }
    mpfr_add(w->sp, w->sp, w->x, MPFR_RNDN);
    mpfr_fma(w->np, w->x, w->x, w->m, MPFR_RNDN);
}

void ortho_loss(mpfr_ptr L, const ic_mat *C, const ic_mat *P, size_t T)
{
    mpfr_prec_t p = mpfr_get_prec(L) + 16;
    c_terms s;
    terms_init(&s, C, p);
    row_terms w;
    row_init(&w, p);
    mpfr_t acc, u;
    mpfr_inits2(p, acc, u, (mpfr_ptr)0);
    mpfr_set_zero(acc, 1);
    for (size_t t = 0; t + 1 < T; t++) {
        row_get(&w, P, t);
        mpfr_sqr(u, w.q, MPFR_RNDN);                 /* p_{-2}^2 t1 */
        mpfr_mul(u, u, s.t1, MPFR_RNDN);
        mpfr_add(acc, acc, u, MPFR_RNDN);
        mpfr_mul(u, w.np, s.t2, MPFR_RNDN);          /* ||p'||^2 t2 */
        mpfr_add(acc, acc, u, MPFR_RNDN);
        mpfr_mul(u, w.q, w.sp, MPFR_RNDN);           /* 2 t3 p_{-2} sum p' */
        mpfr_mul(u, u, s.t3, MPFR_RNDN);
        mpfr_mul_2ui(u, u, 1, MPFR_RNDN);
        mpfr_add(acc, acc, u, MPFR_RNDN);
        mpfr_sqr(u, w.sp, MPFR_RNDN);                /* ((sum p')^2 - ||p'||^2) t4 */
        mpfr_sub(u, u, w.np, MPFR_RNDN);
        mpfr_mul(u, u, s.t4, MPFR_RNDN);
        mpfr_add(acc, acc, u, MPFR_RNDN);
        mpfr_mul(u, w.x, s.tr, MPFR_RNDN);           /* -2 tr(C) p_{-1} + d */
        mpfr_mul_2ui(u, u, 1, MPFR_RNDN);
        mpfr_sub(acc, acc, u, MPFR_RNDN);
        mpfr_add_ui(acc, acc, s.d, MPFR_RNDN);
    }
    mpfr_set(L, acc, MPFR_RNDN);
    mpfr_clears(acc, u, (mpfr_ptr)0);
    row_clear(&w);
    terms_clear(&s);
}

/* Per output j and row: (p_{-2} r_j + C_{j j^} sum p')^2 + (p_{-1} C_jj - 1)^2
 * + (||p'||^2 - p_{-1}^2) C_jj^2 + ||p'||^2 sum_{k outside j's pair} C_jk^2. */
void ortho_loss_sos(mpfr_ptr L, const ic_mat *C, const ic_mat *P, size_t T)
{
    mpfr_prec_t p = mpfr_get_prec(L) + 16;
    size_t d = C->rows;
    c_terms s;
    terms_init(&s, C, p);
    row_terms w;
    row_init(&w, p);
    mpfr_t acc, u, v;
    mpfr_inits2(p, acc, u, v, (mpfr_ptr)0);
    mpfr_set_zero(acc, 1);
    for (size_t t = 0; t + 1 < T; t++) {
        row_get(&w, P, t);
        for (size_t j = 0; j < d; j++) {
            mpfr_mul(u, w.q, s.r[j], MPFR_RNDN);
            mpfr_mul(v, IC_MAT_AT(C, j, PARTNER(j)), w.sp, MPFR_RNDN);
            mpfr_add(u, u, v, MPFR_RNDN);
            mpfr_sqr(u, u, MPFR_RNDN);
            mpfr_add(acc, acc, u, MPFR_RNDN);
            mpfr_mul(u, w.x, IC_MAT_AT(C, j, j), MPFR_RNDN);
            mpfr_sub_ui(u, u, 1, MPFR_RNDN);
            mpfr_sqr(u, u, MPFR_RNDN);
            mpfr_add(acc, acc, u, MPFR_RNDN);
            mpfr_sqr(u, IC_MAT_AT(C, j, j), MPFR_RNDN);
            mpfr_mul(u, u, w.m, MPFR_RNDN);
            mpfr_add(acc, acc, u, MPFR_RNDN);
            mpfr_set_zero(v, 1);
            for (size_t k = 0; k < d; k++)
                if (k / 2 != j / 2)
                    mpfr_fma(v, IC_MAT_AT(C, j, k), IC_MAT_AT(C, j, k), v, MPFR_RNDN);
            mpfr_mul(u, v, w.np, MPFR_RNDN);
            mpfr_add(acc, acc, u, MPFR_RNDN);
        }
    }
    mpfr_set(L, acc, MPFR_RNDN);
    mpfr_clears(acc, u, v, (mpfr_ptr)0);
    row_clear(&w);
    terms_clear(&s);
}

/* G = dL/dC = 2 a (C1) 1^T + 2 b C + 2 g (C_{j j^} + [k = j^] r_j) + 2 h [k = j^] C_{j j^}
 * - 2 X I, with a = sum p_{-2}^2, b = sum ||p'||^2, g = sum p_{-2} sum p',
 * h = sum ((sum p')^2 - ||p'||^2), X = sum p_{-1}.  Row t of dL/dP:
 * at p_{-2}: 2 p_{-2} t1 + 2 (sum p') t3; elsewhere:
 * 2 p_k t2 + 2 p_{-2} t3 + 2 (sum p' - p_k) t4 - 2 tr(C) [k = t+1]. */
void ortho_grad_cp(ic_mat *gC, ic_mat *gP, const ic_mat *C, const ic_mat *P, size_t T)
{
    mpfr_prec_t p = gC->prec + 16;
    size_t d = C->rows;
    c_terms s;
    terms_init(&s, C, p);
    row_terms w;
    row_init(&w, p);
    mpfr_t a, b, g, h, X, u, v;
    mpfr_inits2(p, a, b, g, h, X, u, v, (mpfr_ptr)0);
    mpfr_set_zero(a, 1);
    mpfr_set_zero(b, 1);
    mpfr_set_zero(g, 1);
    mpfr_set_zero(h, 1);
    mpfr_set_zero(X, 1);
    ic_mat_zero(gP);
    for (size_t t = 0; t + 1 < T; t++) {
        row_get(&w, P, t);
        mpfr_fma(a, w.q, w.q, a, MPFR_RNDN);
        mpfr_add(b, b, w.np, MPFR_RNDN);
        mpfr_fma(g, w.q, w.sp, g, MPFR_RNDN);
        mpfr_sqr(u, w.sp, MPFR_RNDN);
        mpfr_sub(u, u, w.np, MPFR_RNDN);
        mpfr_add(h, h, u, MPFR_RNDN);
        mpfr_add(X, X, w.x, MPFR_RNDN);
        for (size_t k = 0; k <= t + 1; k++) {
            mpfr_ptr o = IC_MAT_AT(gP, t, k);
            if (k == t) {
                mpfr_mul(o, w.q, s.t1, MPFR_RNDN);
                mpfr_fma(o, w.sp, s.t3, o, MPFR_RNDN);
            } else {
                mpfr_mul(o, IC_MAT_AT(P, t, k), s.t2, MPFR_RNDN);
                mpfr_fma(o, w.q, s.t3, o, MPFR_RNDN);
                mpfr_sub(u, w.sp, IC_MAT_AT(P, t, k), MPFR_RNDN);
                mpfr_fma(o, u, s.t4, o, MPFR_RNDN);
                if (k == t + 1)
                    mpfr_sub(o, o, s.tr, MPFR_RNDN);
            }
            mpfr_mul_2ui(o, o, 1, MPFR_RNDN);
        }
    }
    for (size_t j = 0; j < d; j++)
        for (size_t k = 0; k < d; k++) {
            mpfr_ptr o = IC_MAT_AT(gC, j, k);
            mpfr_mul(o, a, s.r[j], MPFR_RNDN);
            mpfr_fma(o, b, IC_MAT_AT(C, j, k), o, MPFR_RNDN);
            mpfr_fma(o, g, IC_MAT_AT(C, j, PARTNER(j)), o, MPFR_RNDN);
            if (k == PARTNER(j)) {
                mpfr_fma(o, g, s.r[j], o, MPFR_RNDN);
                mpfr_fma(o, h, IC_MAT_AT(C, j, k), o, MPFR_RNDN);
            }
            if (k == j)
                mpfr_sub(o, o, X, MPFR_RNDN);
            mpfr_mul_2ui(o, o, 1, MPFR_RNDN);
        }
    mpfr_clears(a, b, g, h, X, u, v, (mpfr_ptr)0);
    row_clear(&w);
    terms_clear(&s);
}

void ortho_grad(ic_mat *gA, ic_mat *gB, ic_mat *gP, const ic_mat *A, const ic_mat *B,
                const ic_mat *P, size_t T)
{
    size_t d = A->cols;
    mpfr_prec_t p = gA->prec + 16;
    ic_mat C, G;
    ic_mat_init(&C, d, d, p, NULL);
    ic_mat_init(&G, d, d, p, NULL);
    ic_mat_mul_tn(&C, B, A);
    ortho_grad_cp(&G, gP, &C, P, T);
    ic_mat_mul(gA, B, &G);
    ic_mat_mul_nt(gB, A, &G);
    ic_mat_clear(&C);
    ic_mat_clear(&G);
}
