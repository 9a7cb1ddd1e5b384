/* Claim C4, verify mode: the theory of the orthogonal case proved exactly
 * over a sweep of (d, T, H) (exact_proofs.c, doc/proofs.md), with the former
 * MPFR checks at random dyadic points kept as a sampled cross-check.  Items
 * (a)-(e):
 *  (a) L_O = the model's exact expectation, its SOS form and gradient
 *      formulas, as polynomial identities of every row (symbolic, or exact
 *      evaluation with the Schwartz-Zippel bound above --symbolic-work);
 *  (b) the same for the unitary loss, and the authors' unitary.py excess
 *      sum_t p_{-2}^2 ||C||_F^2;
 *  (c) L_O = 0 and zero gradient on C = c I + e S, p_{-1} = 1/c,
 *      p_{-2} = -e/(c(c+e)) as rational functions of (c, e); a
 *      block-dependent e is not (exact values);
 *  (d) zero loss with H >= d/2 heads (explicit construction, rational in c);
 *  (e) for H < d/2 the construction attains (T-1)(d-2H), a critical point
 *      (rational in c), and the lower bound (T-1)(d-2H) (proof on paper)
 *      holds at exact random and perturbed points.
 * The MPFR cross-check: grid quadrature and characters at random dyadic
 * points, the families at (c, e) in {e, c, 0, -c/2}, within rounding budgets. */
#include <stdio.h>
#include <stdlib.h>

#include "certificates/rounding_budget.h"
#include "numbers/test_points.h"
#include "exact/cert_report.h"
#include "expectations/shared_losses.h"
#include "training/diagnosis.h"
#include "orthogonal/orthogonal.h"

const ic_param_spec ortho_verify_params[] = {
    { "d", IC_PARAM_INTS, "2,4,6,10", NULL, "token dimensions to sweep (even)", "[2, 64]" },
    { "T", IC_PARAM_INTS, "2,3,5,20", NULL, "sequence lengths to sweep", "[2, 200]" },
    { "H", IC_PARAM_INTS, "1,2,3,4,5,8", NULL, "head counts for the minimal-heads checks", "[1, 128]" },
    { "ud", IC_PARAM_INTS, "1,2,3", NULL, "token dimensions for the unitary quadrature check (b)", "[1, 6]" },
    { "uT", IC_PARAM_INTS, "2,3,4", NULL, "sequence lengths for the unitary quadrature check (b)", "[2, 12]" },
    { "c", IC_PARAM_REAL, "-1.25", NULL, "scale c of the zero-loss family" },
    { "e", IC_PARAM_REAL, "0.75", NULL, "pair coupling e of the zero-loss family (e != -c)" },
    { "grid-work", IC_PARAM_INT, "200000", NULL,
      "largest grid points x terms per polynomial for the MPFR quadrature cross-check (else characters only)", "[1, 100000000]" },
    { "seed", IC_PARAM_INT, "1", NULL, "seed of the random test points" },
    { "symbolic-work", IC_PARAM_INT, "16000000", NULL,
      "largest estimated work (terms x exponent words over the rows) of a (d, T) proved symbolically; "
      "larger ones are checked by exact evaluation at random points (0: always)", "[0, 1000000000]" },
    { "exact", IC_PARAM_INT, "1", NULL,
      "1: run the exact proofs; 0: skip them (timings only: the certificate then proves nothing)", "[0, 1]" },
    { "sampled", IC_PARAM_INT, "1", NULL, "1: run the MPFR sampled cross-check; 0: skip it", "[0, 1]" },
    IC_PARAM_PREC,
    IC_PARAM_END
};

/* The MPFR cross-check's quantities, each with its rounding budget. */
enum { K_GRID, K_CHARS, K_SOS, K_GRAD, K_UGRID, K_UAUTH, K_FAMILY, K_HEADS, K_STALL, NK };

static const char *const k_name[NK] = {
    "loss_formula_vs_grid_sampled", "loss_formula_vs_characters_sampled", "sum_of_squares_sampled",
    "gradient_sampled", "unitary_formula_vs_grid_sampled", "unitary_authors_excess_sampled",
    "zero_loss_family_sampled", "heads_construction_sampled", "stationary_point_sampled",
};

static const char *const k_what[NK] = {
    "max |L_O - E||yhat - s||^2| / budget in MPFR, expectation by exact uniform-grid quadrature of the model",
    "max |L_O - E||yhat - s||^2| / budget in MPFR, expectation by characters",
    "max |L_O - sum-of-squares form| / budget in MPFR",
    "max |analytic gradient - exact 5-point stencil| / budget in MPFR, in A, B, P and C",
    "max |L_U(exact) - grid quadrature of the unitary model| / budget in MPFR",
    "max |(L_authors - grid) - sum_t p_{-2}^2 ||C||_F^2| / budget in MPFR",
    "max |L_O|, |model|, |dL/dC|, |dL/dP| / budget in MPFR on C = cI + eS, p_{-1} = 1/c, p_{-2} = -e/(c(c+e)) "
    "for e in {e, c, 0, -c/2}",
    "max |L - (T-1) max(d-2H, 0)| and |gradient in A, B, P| / budget in MPFR at the explicit construction",
    "max |L_O - d sum_t 1/(t+2)|, |model - same| and |gradient in A, B, P| / budget in MPFR at the e = -c "
    "stationary points",
};

typedef struct {
    long prec;
    long grid_work;
    ic_budget_budget b;
    long n_points, n_grid, n_upoints, n_family, n_heads, n_stall;
    long grid_max_n;
} sweep;

/* Magnitude of the terms behind a loss: (T-1)(d + ||C||_F^2 (1 + ||P||^2)). */
static void magnitude(mpfr_ptr m, const ic_mat *C, const ic_mat *P, size_t T)
{
    mpfr_t a, b;
    mpfr_inits2(64, a, b, (mpfr_ptr)0);
    ic_mat_frob2(a, C);
    ic_mat_frob2(b, P);
    mpfr_add_ui(b, b, 1, MPFR_RNDU);
    mpfr_mul(a, a, b, MPFR_RNDU);
    mpfr_add_ui(a, a, C->rows, MPFR_RNDU);
    mpfr_mul_ui(m, a, T - 1, MPFR_RNDU);
    mpfr_clears(a, b, (mpfr_ptr)0);
}

/* Grid work estimate for one polynomial: N^nv points times terms. */
static double grid_work(size_t d, size_t T, size_t nv)
{
    double N = 2.0 * (double)T - 1, pts = 1;
    for (size_t v = 0; v < nv; v++)
        pts *= N;
    return pts * (double)(T * d + 1);
}

/* ---------- (a) and the identities at random points ---------- */

typedef struct {
    ic_mat *A, *B, *C, *P;
    size_t T;
    int wrt_c;  /* differentiate the loss of C directly (C not from A, B) */
} loss_ctx;

static int loss_fn(mpfr_ptr out, void *vctx)
{
    loss_ctx *x = vctx;
    if (!x->wrt_c)
        ic_mat_mul_tn(x->C, x->B, x->A);
    ortho_loss(out, x->C, x->P, x->T);
    return 0;
}

static int check_random(sweep *sw, size_t d, size_t T, ic_testpoint_state *rs, ic_err *err)
{
    mpfr_prec_t p = sw->prec;
    size_t H = d;
    ic_mat A, B, C, P, gA, gB, gP, gC;
    ic_mat_init(&A, H, d, p, NULL);
    ic_mat_init(&B, H, d, p, NULL);
    ic_mat_init(&C, d, d, p, NULL);
    ic_mat_init(&P, T, T, p, NULL);
    ic_mat_init(&gA, H, d, p, NULL);
    ic_mat_init(&gB, H, d, p, NULL);
    ic_mat_init(&gP, T, T, p, NULL);
    ic_mat_init(&gC, d, d, p, NULL);
    ic_testpoint_dyadic_mat(&A, rs);
    ic_testpoint_dyadic_mat(&B, rs);
    ic_testpoint_dyadic_mat(&P, rs);
    ic_mat_mul_tn(&C, &B, &A);
    mpfr_t L, M, m, g;
    mpfr_inits2(p, L, M, m, g, (mpfr_ptr)0);
    ortho_loss(L, &C, &P, T);
    magnitude(m, &C, &P, T);
    int rc = ic_loss_model_loss(M, &C, &P, T, IC_LOSS_LAW_PAIRS, 0, NULL, err);
    if (!rc)
        ic_budget_note_diff(&sw->b, K_CHARS, L, M, m);
    if (!rc && grid_work(d, T, d / 2) <= (double)sw->grid_work) {
        long N;
        rc = ic_loss_model_loss(M, &C, &P, T, IC_LOSS_LAW_PAIRS, 1, &N, err);
        if (!rc) {
            ic_budget_note_diff(&sw->b, K_GRID, L, M, m);
            sw->n_grid++;
            if (N > sw->grid_max_n)
                sw->grid_max_n = N;
        }
    }
    ortho_loss_sos(M, &C, &P, T);
    ic_budget_note_diff(&sw->b, K_SOS, L, M, m);

    /* Gradient: corners of each block against the exact stencil (L_O is
     * quadratic in each single entry). */
    ortho_grad(&gA, &gB, &gP, &A, &B, &P, T);
    ortho_grad_cp(&gC, &gP, &C, &P, T);
    loss_ctx lc = { &A, &B, &C, &P, T, 0 };
    struct { ic_mat *m, *g; size_t i, j; int wrt_c; } pick[] = {
        { &A, &gA, 0, 0, 0 }, { &A, &gA, H - 1, d - 1, 0 }, { &B, &gB, 0, d - 1, 0 },
        { &B, &gB, H - 1, 0, 0 }, { &P, &gP, T - 2, T - 1, 0 }, { &P, &gP, T - 2, T - 2, 0 },
        { &P, &gP, T - 2, 0, 0 }, { &C, &gC, 0, 1, 1 }, { &C, &gC, d - 1, d - 2, 1 },
        { &C, &gC, 0, d - 1, 1 }, { &C, &gC, d - 1, d - 1, 1 },
    };
    for (size_t k = 0; k < sizeof pick / sizeof pick[0] && !rc; k++) {
        lc.wrt_c = pick[k].wrt_c;
        ic_mat_mul_tn(&C, &B, &A);
        rc = ic_testpoint_deriv5(g, IC_MAT_AT(pick[k].m, pick[k].i, pick[k].j), 0, loss_fn, &lc);
        ic_budget_note_diff(&sw->b, K_GRAD, g, IC_MAT_AT(pick[k].g, pick[k].i, pick[k].j), m);
    }
    sw->n_points++;
    mpfr_clears(L, M, m, g, (mpfr_ptr)0);
    ic_mat_clear(&A);
    ic_mat_clear(&B);
    ic_mat_clear(&C);
    ic_mat_clear(&P);
    ic_mat_clear(&gA);
    ic_mat_clear(&gB);
    ic_mat_clear(&gP);
    ic_mat_clear(&gC);
    return rc;
}

/* ---------- (b) the unitary loss against the quadrature ---------- */

typedef struct {
    mpfr_t diff, pred;   /* at the first point: authors - grid, and the predicted excess */
    int have;
} excess_rec;

static int check_unitary(sweep *sw, size_t d, size_t T, ic_testpoint_state *rs, excess_rec *ex, ic_err *err)
{
    mpfr_prec_t p = sw->prec;
    ic_mat C, P;
    ic_mat_init(&C, d, d, p, NULL);
    ic_mat_init(&P, T, T, p, NULL);
    ic_testpoint_dyadic_mat(&C, rs);
    ic_testpoint_dyadic_mat(&P, rs);
    mpfr_t L, Au, G, m, x, f2;
    mpfr_inits2(p, L, Au, G, m, x, f2, (mpfr_ptr)0);
    magnitude(m, &C, &P, T);
    ic_loss_unitary_loss(L, &C, &P, T, IC_LOSS_EXACT);
    ic_loss_unitary_loss(Au, &C, &P, T, IC_LOSS_AUTHORS);
    long N;
    int rc = ic_loss_model_loss(G, &C, &P, T, IC_LOSS_LAW_UNITARY, 1, &N, err);
    if (!rc) {
        ic_budget_note_diff(&sw->b, K_UGRID, L, G, m);
        ic_mat_frob2(f2, &C);
        mpfr_set_zero(x, 1);
        for (size_t t = 0; t + 1 < T; t++)
            mpfr_fma(x, IC_MAT_AT(&P, t, t), IC_MAT_AT(&P, t, t), x, MPFR_RNDN);
        mpfr_mul(x, x, f2, MPFR_RNDN);
        mpfr_sub(Au, Au, G, MPFR_RNDN);
        ic_budget_note_diff(&sw->b, K_UAUTH, Au, x, m);
        if (!ex->have) {
            mpfr_set(ex->diff, Au, MPFR_RNDN);
            mpfr_set(ex->pred, x, MPFR_RNDN);
            ex->have = 1;
        }
        sw->n_upoints++;
    }
    mpfr_clears(L, Au, G, m, x, f2, (mpfr_ptr)0);
    ic_mat_clear(&C);
    ic_mat_clear(&P);
    return rc;
}

/* ---------- (c) the zero-loss family ---------- */

/* P with p_{-1} = 1/c and p_{-2} = q on every used row, other used entries
 * 0, unused entries random (they must not matter). */
static void family_P(ic_mat *P, mpfr_srcptr c, mpfr_srcptr q, size_t T, ic_testpoint_state *rs)
{
    ic_testpoint_dyadic_mat(P, rs);
    for (size_t t = 0; t + 1 < T; t++)
        for (size_t k = 0; k <= t + 1; k++) {
            if (k == t + 1)
                mpfr_ui_div(IC_MAT_AT(P, t, k), 1, c, MPFR_RNDN);
            else if (k == t)
                mpfr_set(IC_MAT_AT(P, t, k), q, MPFR_RNDN);
            else
                mpfr_set_zero(IC_MAT_AT(P, t, k), 1);
        }
}

/* C = c I + e S. */
static void family_C(ic_mat *C, mpfr_srcptr c, mpfr_srcptr e)
{
    ic_mat_zero(C);
    for (size_t j = 0; j < C->rows; j++) {
        mpfr_set(IC_MAT_AT(C, j, j), c, MPFR_RNDN);
        mpfr_set(IC_MAT_AT(C, j, j ^ 1), e, MPFR_RNDN);
    }
}

static int check_family(sweep *sw, size_t d, size_t T, mpfr_srcptr c, mpfr_srcptr e,
                        ic_testpoint_state *rs, ic_err *err)
{
    mpfr_prec_t p = sw->prec;
    ic_mat C, P, gC, gP;
    ic_mat_init(&C, d, d, p, NULL);
    ic_mat_init(&P, T, T, p, NULL);
    ic_mat_init(&gC, d, d, p, NULL);
    ic_mat_init(&gP, T, T, p, NULL);
    mpfr_t q, L, m, g, zero;
    mpfr_inits2(p, q, L, m, g, zero, (mpfr_ptr)0);
    mpfr_set_zero(zero, 1);
    /* q = -e / (c (c + e)) */
    mpfr_add(q, c, e, MPFR_RNDN);
    mpfr_mul(q, q, c, MPFR_RNDN);
    mpfr_div(q, e, q, MPFR_RNDN);
    mpfr_neg(q, q, MPFR_RNDN);
    family_C(&C, c, e);
    family_P(&P, c, q, T, rs);
    magnitude(m, &C, &P, T);
    ortho_loss(L, &C, &P, T);
    mpfr_abs(L, L, MPFR_RNDN);
    ic_budget_note(&sw->b, K_FAMILY, L, m);
    int rc = ic_loss_model_loss(L, &C, &P, T, IC_LOSS_LAW_PAIRS, 0, NULL, err);
    mpfr_abs(L, L, MPFR_RNDN);
    ic_budget_note(&sw->b, K_FAMILY, L, m);
    ortho_grad_cp(&gC, &gP, &C, &P, T);
    ic_mat_max_abs(g, &gC);
    ic_budget_note(&sw->b, K_FAMILY, g, m);
    ic_mat_max_abs(g, &gP);
    ic_budget_note(&sw->b, K_FAMILY, g, m);
    sw->n_family++;
    mpfr_clears(q, L, m, g, zero, (mpfr_ptr)0);
    ic_mat_clear(&C);
    ic_mat_clear(&P);
    ic_mat_clear(&gC);
    ic_mat_clear(&gP);
    return rc;
}

/* ---------- (d), (e): heads ---------- */

/* The construction: heads h < min(H, d/2) read and write pair h:
 * a_h = e_{2h} + e_{2h+1}, b_h = c (e_{2h} + e_{2h+1}), so B^T A = c blockdiag(J)
 * on the first min(H, d/2) pairs (J = [[1,1],[1,1]]); p_{-1} = 1/c,
 * p_{-2} = -1/(2c).  (doc uses the normalised V^T = A / sqrt 2, B = 2c V^T.) */
static void construction(ic_mat *A, ic_mat *B, ic_mat *P, mpfr_srcptr c, size_t T, ic_testpoint_state *rs)
{
    size_t H = A->rows, d = A->cols;
    ic_mat_zero(A);
    ic_mat_zero(B);
    for (size_t h = 0; h < H && h < d / 2; h++)
        for (size_t j = 2 * h; j < 2 * h + 2; j++) {
            mpfr_set_ui(IC_MAT_AT(A, h, j), 1, MPFR_RNDN);
            mpfr_set(IC_MAT_AT(B, h, j), c, MPFR_RNDN);
        }
    mpfr_t q;
    mpfr_init2(q, A->prec);
    mpfr_mul_si(q, c, -2, MPFR_RNDN);
    mpfr_ui_div(q, 1, q, MPFR_RNDN);
    family_P(P, c, q, T, rs);
    mpfr_clear(q);
}

/* Notes under key: |L_O - want| by formula and by characters, and the
 * largest gradient entry in A, B, P, at C = B^T A (C is workspace). */
static int note_critical(sweep *sw, int key, const ic_mat *A, const ic_mat *B, const ic_mat *P, ic_mat *C,
                         size_t T, mpfr_srcptr want, ic_err *err)
{
    mpfr_prec_t p = sw->prec;
    ic_mat gA, gB, gP;
    ic_mat_init(&gA, A->rows, A->cols, p, NULL);
    ic_mat_init(&gB, B->rows, B->cols, p, NULL);
    ic_mat_init(&gP, T, T, p, NULL);
    mpfr_t L, m, g;
    mpfr_inits2(p, L, m, g, (mpfr_ptr)0);
    ic_mat_mul_tn(C, B, A);
    magnitude(m, C, P, T);
    ortho_loss(L, C, P, T);
    ic_budget_note_diff(&sw->b, (size_t)key, L, want, m);
    int rc = ic_loss_model_loss(L, C, P, T, IC_LOSS_LAW_PAIRS, 0, NULL, err);
    ic_budget_note_diff(&sw->b, (size_t)key, L, want, m);
    ortho_grad(&gA, &gB, &gP, A, B, P, T);
    const ic_mat *gs[3] = {&gA, &gB, &gP};
    for (int i = 0; i < 3; i++) {
        ic_mat_max_abs(g, gs[i]);
        ic_budget_note(&sw->b, (size_t)key, g, m);
    }
    mpfr_clears(L, m, g, (mpfr_ptr)0);
    ic_mat_clear(&gA);
    ic_mat_clear(&gB);
    ic_mat_clear(&gP);
    return rc;
}

static int check_heads(sweep *sw, size_t d, size_t H, size_t T, mpfr_srcptr c, ic_testpoint_state *rs,
                       ic_err *err)
{
    mpfr_prec_t p = sw->prec;
    ic_mat A, B, C, P;
    ic_mat_init(&A, H, d, p, NULL);
    ic_mat_init(&B, H, d, p, NULL);
    ic_mat_init(&C, d, d, p, NULL);
    ic_mat_init(&P, T, T, p, NULL);
    mpfr_t L, want, m, g;
    mpfr_inits2(p, L, want, m, g, (mpfr_ptr)0);
    long deficit = (long)d - 2 * (long)H;
    mpfr_set_si(want, (long)(T - 1) * (deficit > 0 ? deficit : 0), MPFR_RNDN);
    construction(&A, &B, &P, c, T, rs);
    int rc = note_critical(sw, K_HEADS, &A, &B, &P, &C, T, want, err);
    sw->n_heads++;

    mpfr_clears(L, want, m, g, (mpfr_ptr)0);
    ic_mat_clear(&A);
    ic_mat_clear(&B);
    ic_mat_clear(&C);
    ic_mat_clear(&P);
    return rc;
}

/* ---------- finding: the stationary points at e = -c ---------- */

/* H = d/2 heads, a_h = e_{2h} - e_{2h+1}, b_h = c a_h: C = c (I - S), whose
 * row sums vanish.  Per row and output the loss is then
 * (u+v)^2 + (u-1)^2 + v^2/t in u = c p_{-1}, v = c sum_{t'<t} p_{t'}
 * (equal entries minimise ||p'||^2 at a given sum), minimal at
 * u = (t+1)/(t+2), v = -t/(t+2) with value 1/(t+2), and p_{-2} drops out.
 * So L_O = d sum_{t=0}^{T-2} 1/(t+2) (doc/c4-orthogonal.md, section 5). */
static int check_stall(sweep *sw, size_t d, size_t T, mpfr_srcptr c, ic_testpoint_state *rs, ic_err *err)
{
    mpfr_prec_t p = sw->prec;
    size_t H = d / 2;
    ic_mat A, B, C, P;
    ic_mat_init(&A, H, d, p, NULL);
    ic_mat_init(&B, H, d, p, NULL);
    ic_mat_init(&C, d, d, p, NULL);
    ic_mat_init(&P, T, T, p, NULL);
    mpfr_t want, u;
    mpfr_inits2(p + 16, want, u, (mpfr_ptr)0);
    for (size_t h = 0; h < H; h++) {
        mpfr_set_si(IC_MAT_AT(&A, h, 2 * h), 1, MPFR_RNDN);
        mpfr_set_si(IC_MAT_AT(&A, h, 2 * h + 1), -1, MPFR_RNDN);
        mpfr_set(IC_MAT_AT(&B, h, 2 * h), c, MPFR_RNDN);
        mpfr_neg(IC_MAT_AT(&B, h, 2 * h + 1), c, MPFR_RNDN);
    }
    ic_testpoint_dyadic_mat(&P, rs); /* p_{-2} and the unused entries stay random */
    mpfr_set_zero(want, 1);
    for (size_t t = 0; t + 1 < T; t++) {
        mpfr_mul_ui(u, c, t + 2, MPFR_RNDN);
        for (size_t k = 0; k < t; k++)
            mpfr_si_div(IC_MAT_AT(&P, t, k), -1, u, MPFR_RNDN);
        mpfr_ui_div(IC_MAT_AT(&P, t, t + 1), t + 1, u, MPFR_RNDN);
        mpfr_set_ui(u, t + 2, MPFR_RNDN);
        mpfr_ui_div(u, 1, u, MPFR_RNDN);
        mpfr_add(want, want, u, MPFR_RNDN);
    }
    mpfr_mul_ui(want, want, d, MPFR_RNDN);
    int rc = note_critical(sw, K_STALL, &A, &B, &P, &C, T, want, err);
    sw->n_stall++;
    mpfr_clears(want, u, (mpfr_ptr)0);
    ic_mat_clear(&A);
    ic_mat_clear(&B);
    ic_mat_clear(&C);
    ic_mat_clear(&P);
    return rc;
}

/* ---------- the sweep ---------- */

int ortho_verify(const ic_param_set *ps, ic_cert *cert, ic_err *err)
{
    long ds[32], Ts[32], Hs[32], uds[32], uTs[32];
    size_t nd = ic_param_ints(ps, "d", ds, 32), nT = ic_param_ints(ps, "T", Ts, 32), nH = ic_param_ints(ps, "H", Hs, 32);
    size_t nud = ic_param_ints(ps, "ud", uds, 32), nuT = ic_param_ints(ps, "uT", uTs, 32);
    int rc = ortho_check("verify", ps, err);  /* lists (d even), flags, c != 0, e != -c */
    if (rc)
        return rc;
    long work = ic_param_int(ps, "symbolic-work");
    long do_exact = ic_param_int(ps, "exact"), do_sampled = ic_param_int(ps, "sampled");
    fmpq_t cq, eq;
    fmpq_init(cq);
    fmpq_init(eq);
    rc = ic_exact_fmpq_set_decimal(cq, ic_param_get(ps, "c"), err);  /* read as checked */
    if (!rc)
        rc = ic_exact_fmpq_set_decimal(eq, ic_param_get(ps, "e"), err);
    if (rc) {
        fmpq_clear(cq);
        fmpq_clear(eq);
        return rc;
    }
    sweep sw = { .prec = ic_param_int(ps, "prec"), .grid_work = ic_param_int(ps, "grid-work") };
    mpfr_t c, e;
    mpfr_inits2(sw.prec, c, e, (mpfr_ptr)0);
    ic_param_real_mpfr(ps, "c", c);
    ic_param_real_mpfr(ps, "e", e);
    if ((rc = ic_budget_init(&sw.b, sw.prec, NK, err))) {
        mpfr_clears(c, e, (mpfr_ptr)0);
        fmpq_clear(cq);
        fmpq_clear(eq);
        return rc;
    }

    /* ---- exact proofs ---- */
    ic_exact_cert_sweep sc, usc;
    ic_exact_cert_sweep_init(&sc, ds, nd, Ts, nT, work, 3);      /* model, SOS, gradient */
    ic_exact_cert_sweep_init(&usc, uds, nud, uTs, nuT, work, 2); /* unitary model, excess */
    ic_exact_rand er;
    ic_exact_rand_init(&er, (unsigned long)ic_param_int(ps, "seed"));
    ortho_exact xs, xe;
    ic_exact_result family, heads, stall;
    ic_exact_result *all[] = { &xs.model, &xs.sos, &xs.grad, &xs.umodel, &xs.uexcess, &xe.model, &xe.sos,
                               &xe.grad, &xe.umodel, &xe.uexcess, &family, &heads, &stall };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        ic_exact_result_init(all[i]);
    /* the common-e control at e, c, 0, -c/2 */
    fmpq_t es[4], Lce;
    for (int i = 0; i < 4; i++)
        fmpq_init(es[i]);
    fmpq_init(Lce);
    fmpq_set(es[0], eq);
    fmpq_set(es[1], cq);
    fmpq_set_si(es[3], -1, 2);
    fmpq_mul(es[3], es[3], cq);
    long ce_n = 0, ce_bad = 0, lb_points = 0, lb_viol = 0;
    for (size_t i = 0; i < nd && !rc && do_exact; i++)
        for (size_t k = 0; k < nT && !rc; k++) {
            size_t d = (size_t)ds[i], T = (size_t)Ts[k];
            ic_exact_plan plan = ic_exact_cert_plan(&sc, i, k, &er);
            rc = ortho_exact_identities(plan.symbolic ? &xs : &xe, d, T, &plan, err);
            if (!rc)
                rc = ortho_exact_family(&family, d, T, err);
            for (int f = 0; f < 4 && !rc && d >= 4; f++) {
                rc = ortho_exact_common_e(Lce, d, T, cq, es[f], err);
                ce_n++;
                ce_bad += fmpq_sgn(Lce) <= 0;
            }
            for (size_t h = 0; h < nH && !rc; h++) {
                size_t H = (size_t)Hs[h];
                {
                    long deficit = (long)d - 2 * (long)H;
                    rc = ortho_exact_heads(&heads, d, H, T, (long)(T - 1) * (deficit > 0 ? deficit : 0), err);
                }
                if (!rc && 2 * H < d)
                    rc = ortho_exact_lower_bound(&lb_points, &lb_viol, d, H, T, cq, 8, &er, err);
            }
            if (!rc)
                rc = ortho_exact_stall(&stall, d, T, err);
        }
    for (size_t i = 0; i < nud && !rc && do_exact; i++)
        for (size_t k = 0; k < nuT && !rc; k++) {
            ic_exact_plan plan = ic_exact_cert_plan(&usc, i, k, &er);
            rc = ortho_exact_unitary(plan.symbolic ? &xs : &xe, (size_t)uds[i], (size_t)uTs[k], &plan, err);
        }

    /* ---- the sampled cross-check in MPFR ---- */
    ic_testpoint_state rs;
    ic_testpoint_init(&rs, (unsigned long)ic_param_int(ps, "seed"));
    excess_rec ex = { .have = 0 };
    mpfr_inits2(sw.prec, ex.diff, ex.pred, (mpfr_ptr)0);
    /* Several (c, e): the given pair, e = c (the H = d/2 member), e = 0
     * (the unitary solution) and e = -c/2. */
    mpfr_t em[4];
    for (int i = 0; i < 4; i++)
        mpfr_init2(em[i], sw.prec);
    mpfr_set(em[0], e, MPFR_RNDN);
    mpfr_set(em[1], c, MPFR_RNDN);
    mpfr_set_zero(em[2], 1);
    mpfr_div_si(em[3], c, -2, MPFR_RNDN);
    for (size_t i = 0; i < nd && !rc && do_sampled; i++)
        for (size_t k = 0; k < nT && !rc; k++) {
            size_t d = (size_t)ds[i], T = (size_t)Ts[k];
            rc = check_random(&sw, d, T, &rs, err);
            for (int f = 0; f < 4 && !rc; f++)
                rc = check_family(&sw, d, T, c, em[f], &rs, err);
            for (size_t h = 0; h < nH && !rc; h++)
                rc = check_heads(&sw, d, (size_t)Hs[h], T, c, &rs, err);
            if (!rc)
                rc = check_stall(&sw, d, T, c, &rs, err);
        }
    for (size_t i = 0; i < nud && !rc && do_sampled; i++)
        for (size_t k = 0; k < nuT && !rc; k++)
            rc = check_unitary(&sw, (size_t)uds[i], (size_t)uTs[k], &rs, &ex, err);
    ic_testpoint_clear(&rs);
    if (rc == IC_OK) {
        char buf[1400], dl[160], tl[160], hl[160], scope[800], method[600];
        ic_exact_cert_list(dl, sizeof dl, ds, nd);
        ic_exact_cert_list(tl, sizeof tl, Ts, nT);
        ic_exact_cert_list(hl, sizeof hl, Hs, nH);
        if (do_exact) {
            ic_exact_cert_routes(cert, &sc);
            ic_exact_cert_identity(cert, "loss_formula_vs_model",
                                   "(a) terms of E||yhat - s_{t+2}||^2 - L_O row by row: the model's exact expectation on "
                                   "conjugate-pair data, built from its predictions by characters, equals the authors' "
                                   "formula L_O",
                                   &xs.model, &xe.model, &sc, "expectation by characters over the d/2 angles", NULL);
            ic_exact_cert_identity(cert, "sum_of_squares_identity",
                                   "terms of the sum-of-squares form minus L_O, row by row (doc/c4-orthogonal.md, eq. SOS)",
                                   &xs.sos, &xe.sos, &sc, "SOS form as a polynomial", NULL);
            ic_exact_cert_identity(cert, "gradient",
                                   "terms of dL_O/dx - formula for every C entry and used P entry (the formulas of "
                                   "ortho_grad_cp; dL/dA = B G, dL/dB = A G^T by the chain rule)",
                                   &xs.grad, &xe.grad, &sc, "fmpq_mpoly_derivative of the loss against the formula",
                                   "the directional derivative along a random integer direction r by the exact five-point "
                                   "stencil (the loss is quartic) against r . formula");
            if (nud && nuT) {
                ic_exact_cert_identity(cert, "unitary_formula_vs_model",
                                       "(b) terms of E||yhat - s||^2 - L_U on unitary data (d independent angles), row by "
                                       "row",
                                       &xs.umodel, &xe.umodel, &usc, "expectation by characters over the d angles", NULL);
                ic_exact_cert_identity(cert, "unitary_authors_excess",
                                       "(b) terms of L_authors - (E||yhat - s||^2 + p_{-2}^2 ||C||_F^2) on unitary data, "
                                       "row by row",
                                       &xs.uexcess, &xe.uexcess, &usc, "the authors' unitary.py loss as a polynomial", NULL);
            }
            snprintf(scope, sizeof scope, "every c != 0, e != -c and every (d, T) with d in %s, T in %s", dl, tl);
            snprintf(method, sizeof method,
                     "rational functions of (c, e): values in Q[c, e, z] with z = 1/(c(c+e)), cleared to polynomial "
                     "numerators and compared with 0; %ld configurations, %ld rows",
                     family.configs, family.rows);
            ic_exact_cert_family(cert, "zero_loss_family",
                                 "(c) terms of the numerators of L_O, dL/dC and dL/dP on C = cI + eS, p_{-1} = 1/c, "
                                 "p_{-2} = -e/(c(c+e)), other used entries 0",
                                 &family, scope, method);
            if (ce_n) {
                snprintf(buf, sizeof buf, "%ld", ce_bad);
                ic_cert_check_status(cert, "family_needs_common_e",
                                     "(c) members with the first block's coupling changed to e + 1/2 whose L_O is not > 0 "
                                     "(the same e in every block is needed)",
                                     buf, "==", "0", ce_bad ? "fail" : "pass");
                char *cs = fmpq_get_str(NULL, 10, cq), *es0 = fmpq_get_str(NULL, 10, eq);
                snprintf(scope, sizeof scope, "c = %s and e in {%s, c, 0, -c/2}, d >= 4 in %s, T in %s", cs, es0, dl, tl);
                flint_free(cs);
                flint_free(es0);
                ic_cert_proof(cert, IC_PROOF_EXACT, scope, "exact rational value of L_O (fmpq), compared with 0 exactly");
            }
            snprintf(scope, sizeof scope, "every c != 0 and every (d, H, T) with d in %s, H in %s, T in %s", dl, hl, tl);
            snprintf(method, sizeof method,
                     "rational functions of c: values in Q[c, z] with z = 1/c, numerators compared with 0; %ld "
                     "configurations, %ld rows",
                     heads.configs, heads.rows);
            ic_exact_cert_family(cert, "heads_construction",
                                 "(d, e) terms of the numerators of L - (T-1) max(d-2H, 0) and of the gradient in A, B, P "
                                 "at a_h = e_2h + e_2h+1, b_h = c a_h (h < min(H, d/2)), p_{-1} = 1/c, p_{-2} = -1/(2c)",
                                 &heads, scope, method);
            if (lb_points) {
                snprintf(buf, sizeof buf, "%ld", lb_viol);
                ic_cert_check_status(cert, "lower_bound_H_lt_d_half",
                                     "(e) exact rational points of rank <= H < d/2 (random, and the construction nudged by "
                                     "2^-8) with L_O < (T-1)(d-2H) or tr(C)^2 > 2H ||C'||_F^2",
                                     buf, "==", "0", lb_viol ? "fail" : "pass");
                snprintf(scope, sizeof scope, "H < d/2 in the sweep: %ld exact rational points", lb_points);
                ic_cert_proof(cert, IC_PROOF_PAPER, scope,
                              "proof on paper: doc/c4-orthogonal.md, section 4 (tr(C)^2 <= 2H ||C'||_F^2, from the SOS form); "
                              "sampled here at exact rational points, compared exactly");
            } else {   /* no point tested: nothing to check, not a pass */
                ic_cert_not_applicable(cert, "lower_bound_H_lt_d_half",
                                       "(e) exact rational points of rank <= H < d/2 (random, and the construction nudged "
                                       "by 2^-8) with L_O < (T-1)(d-2H) or tr(C)^2 > 2H ||C'||_F^2",
                                       NULL, NULL, NULL, "no configuration of the sweep has H < d/2, so no point was tested");
            }
            snprintf(scope, sizeof scope, "every c != 0, every p_{-2} = q_t, and every (d, T) with d in %s, T in %s, H = d/2",
                     dl, tl);
            snprintf(method, sizeof method,
                     "rational functions of (c, q_0..q_{T-2}): values in Q[c, z, q] with z = 1/c, numerators compared with "
                     "0; %ld configurations, %ld rows",
                     stall.configs, stall.rows);
            ic_exact_cert_family(cert, "stationary_point_e_minus_c",
                                 "(finding) terms of the numerators of L_O - d sum_t 1/(t+2) and of the gradient in A, B, P "
                                 "at a_h = e_2h - e_2h+1, b_h = c a_h (C = c(I - S)), p_{-1} = (t+1)/((t+2)c), "
                                 "p_t' = -1/((t+2)c) for t' < t, p_{-2} free: a stationary point with loss > 0",
                                 &stall, scope, method);
        }
        if (do_sampled) {
            /* the sampled cross-check */
            snprintf(buf, sizeof buf, "%ld random points (%ld also by grid quadrature, largest N = %ld per angle); "
                     "%ld unitary points by grid", sw.n_points, sw.n_grid, sw.grid_max_n, sw.n_upoints);
            ic_cert_measure_str(cert, "points", "random dyadic points of the MPFR cross-check", buf);
            snprintf(buf, sizeof buf, "%ld family members, %ld head configurations, %ld stalled points", sw.n_family,
                     sw.n_heads, sw.n_stall);
            ic_cert_measure_str(cert, "configurations", "configurations of the MPFR cross-check", buf);
            ic_cert_measure(cert, "eps", "rounding budget of the cross-check: 2^(40-prec) times max(1, magnitude of the "
                            "terms)", sw.b.eps);
            for (int k = 0; k < NK; k++) {
                if (k == K_GRID && sw.n_grid == 0)
                    continue;
                if ((k == K_UGRID || k == K_UAUTH) && sw.n_upoints == 0)
                    continue;
                ic_budget_report(&sw.b, (size_t)k, cert, k_name[k], k_what[k]);
                ic_cert_proof(cert, IC_PROOF_NUMERIC, "the random dyadic points of this run",
                              "sampled cross-check: MPFR at the working precision against a rounding budget; the proofs "
                              "are the checks above");
            }
            if (ex.have) {
                char *a = ic_cert_fmt(ex.diff), *b = ic_cert_fmt(ex.pred);
                snprintf(buf, sizeof buf, "at the first point (d = %ld, T = %ld): L_authors - E = %s, "
                         "sum_t p_{-2}^2 ||C||_F^2 = %s", uds[0], uTs[0], a, b);
                free(a);
                free(b);
                ic_cert_finding(cert, "authors_unitary_loss",
                            "the authors' unitary.py loss exceeds the exact expectation by exactly sum_t p_{-2}^2 "
                            "||C||_F^2 (proved above as a polynomial identity, and seen by exact grid quadrature in "
                            "MPFR); the orthogonal.py loss L_O equals the expectation exactly", buf);
            }
        }
        ic_cert_finding(cert, "minimal_heads",
                    "zero loss is reachable iff H >= d/2: with H >= d/2 heads the explicit construction "
                    "C = c blockdiag([[1,1],[1,1]]), p_{-1} = 1/c, p_{-2} = -1/(2c) has loss 0; with H < d/2 "
                    "every point has loss >= (T-1)(d-2H) > 0 (proof: doc/c4-orthogonal.md)", NULL);
        /* The closed-form minimum of every (d, H, T) of the sweep (issue 19). */
        ic_cert_data(cert, "minima_for_heads", ic_diag_minima_json(ds, nd, Hs, nH, Ts, nT, 2));
        /* Findings only where their hypothesis occurred in the sweep. */
        int below_half = 0, mid = 0;
        for (size_t i = 0; i < nd; i++)
            for (size_t j = 0; j < nH; j++) {
                below_half |= 2 * Hs[j] < ds[i];
                mid |= 2 * Hs[j] >= ds[i] && Hs[j] < ds[i];
            }
        if (below_half)
            ic_cert_finding(cert, "minimum_below_d_half",
                    "for H <= d/2 the minimum is exactly (T-1)(d-2H): upper bound by solving H pairs "
                    "(proved above, a critical point), matching lower bound from tr(C)^2 <= 2H ||C'||_F^2 (on paper)",
                    NULL);
        if ((do_exact && stall.configs > 0) || sw.n_stall > 0)
            ic_cert_finding(cert, "stationary_points_e_minus_c",
                    "with exactly H = d/2 heads, C = c(I - S) (e = -c in every pair) with its best P is a "
                    "stationary point in (A, B, P) with loss d sum_{t=0}^{T-2} 1/(t+2) > 0 (proved above as "
                    "rational functions of c and p_{-2}); plain gradient descent from small random weights often "
                    "stalls there (doc/c4-orthogonal.md, section 5)",
                    NULL);
        if (mid)
            ic_cert_finding(cert, "trigonometric_relation",
                    "with d/2 <= H < d heads a zero-loss point has rank C <= H < d, which forces e = c, "
                    "p_{-1} = 1/c, p_{-2} = -1/(2c): then yhat_j = (lambda_j + conj lambda_j) s_{t+1,j} - s_{t,j}, "
                    "the recurrence s_{t+2} = 2 cos(theta) s_{t+1} - s_t",
                    NULL);
    }
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        ic_exact_result_clear(all[i]);
    for (int i = 0; i < 4; i++) {
        mpfr_clear(em[i]);
        fmpq_clear(es[i]);
    }
    fmpq_clear(Lce);
    ic_exact_rand_clear(&er);
    fmpq_clear(cq);
    fmpq_clear(eq);
    mpfr_clears(ex.diff, ex.pred, c, e, (mpfr_ptr)0);
    ic_budget_clear(&sw.b);
    return rc;
}
