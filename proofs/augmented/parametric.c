/* Claim C1: the closed forms eta*(T), the minimal losses and eta*_pool proved for all d, T, N by index
 * patterns (src/exact/index_patterns.h), Faulhaber sums and exact rational functions; the one-step-GD
 * realisation as a polynomial identity; the exact cross-check against the model's definition.
 * The argument the code rests on: doc/proofs.md, "Augmented (C1)". */
#include <stdlib.h>
#include <string.h>

#include "augmented/augmented.h"
#include "exact/faulhaber.h"

/* GCC 12 misreads FLINT's array-typed parameters reached through struct
 * members as 56-byte reads "from a region of size 8" (see
 * src/exact/index_patterns.c); valgrind sees no such access. */
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 12
#pragma GCC diagnostic ignored "-Wstringop-overflow"
#pragma GCC diagnostic ignored "-Wstringop-overread"
#endif

const char *const aug_cf_name[AUG_CF_N] = {
    "num_T", "den_T", "eta_star", "loss_star", "num_pool", "den_pool", "eta_pool", "loss_pool", "eta_general",
};

/* As THEORY.md (C1) and doc/c1-augmented.md state them; loss_pool is
 * N - 3N(N+1)/(2(2N+3d-2)) over one denominator; eta_general is
 * T sum w^2 / sum_j w_j (T^2 w_j^2 + T sum_{k != j} w_k^2) in power sums
 * (sum_j w_j sum_{k != j} w_k^2 = p1 p2 - p3). */
const char *const aug_cf_stated[AUG_CF_N][2] = {
    {"T", "d"},
    {"T*(T+d-1)", "d^2"},
    {"d", "T+d-1"},
    {"d-1", "T+d-1"},
    {"N*(N+1)", "2*d"},
    {"N*(N+1)*(2*N+3*d-2)", "6*d^2"},
    {"3*d", "2*N+3*d-2"},
    {"2*N*(2*N+3*d-2) - 3*N*(N+1)", "2*(2*N+3*d-2)"},
    {"T*p2", "T^2*p3+T*(p1*p2-p3)"},
};

/* The index sums (s_0 = 1, weights w_k = |s_{0,k}|^2 when weighted):
 * num_T = sum_t sum_{j,k} w_j w_k E[z_j^{t-T-1} z_k^{T-t+1}] (E <s_{T+1}, s_t s_{t-1}^* s_T>),
 * den_T = sum_{t,t'} sum_{j,k,l} w_j w_k w_l E[z_j^{t-t'} z_k^{T-t+1} z_l^{t'-1-T}] (E ||G_T s_T||^2). */
const ic_ipat_sum aug_num_sum = {
    .npos = 2, .nsum = 1, .names = "jk",
    .expo = {{.s = {1, 0}, .T = -1, .c = -1}, {.s = {-1, 0}, .T = 1, .c = 1}},
    .weight = {1, 1},
};
const ic_ipat_sum aug_den_sum = {
    .npos = 3, .nsum = 2, .names = "jkl",
    .expo = {{.s = {1, -1}, .T = 0, .c = 0}, {.s = {-1, 0}, .T = 1, .c = 1}, {.s = {0, 1}, .T = -1, .c = -1}},
    .weight = {1, 1, 1},
};

static void domain_dT(ic_cf_domain *dom, int second, const char *text)
{
    memset(dom, 0, sizeof *dom);
    dom->nvars = 2;
    dom->var[0] = IC_CF_D, dom->lo[0] = 1, dom->step[0] = 1;
    dom->var[1] = second, dom->lo[1] = 1, dom->step[1] = 1;
    dom->text = text;
}

/* f = p / (d^k) */
static void over_dpow(ic_ratfun *f, const fmpq_mpoly_t p, int k, const fmpq_mpoly_ctx_t ctx)
{
    ic_ratfun a, b;
    ic_ratfun_init(&a, ctx);
    ic_ratfun_init(&b, ctx);
    ic_ratfun_set_poly(&a, p, ctx);
    fmpq_mpoly_gen(b.num, IC_CF_D, ctx);
    fmpq_mpoly_pow_ui(b.den, b.num, (ulong)k, ctx);
    fmpq_mpoly_one(b.num, ctx);
    ic_ratfun_mul(f, &a, &b, ctx);
    ic_ratfun_clear(&a, ctx);
    ic_ratfun_clear(&b, ctx);
}

/* eta = num/den; loss = c0 - num^2/den, c0 a polynomial */
static int optimum(ic_ratfun *eta, ic_ratfun *loss, const ic_ratfun *num, const ic_ratfun *den,
                   const fmpq_mpoly_t c0, const fmpq_mpoly_ctx_t ctx, ic_err *err)
{
    int rc = ic_ratfun_div(eta, num, den, ctx, err);
    if (rc)
        return rc;
    ic_ratfun x, c;
    ic_ratfun_init(&x, ctx);
    ic_ratfun_init(&c, ctx);
    ic_ratfun_mul(&x, eta, num, ctx);
    ic_ratfun_set_poly(&c, c0, ctx);
    ic_ratfun_sub(loss, &c, &x, ctx);
    ic_ratfun_clear(&x, ctx);
    ic_ratfun_clear(&c, ctx);
    return IC_OK;
}

static int positive(const ic_ratfun *f, const ic_cf_domain *dom, const fmpq_mpoly_ctx_t ctx)
{
    return ic_cf_positive_on_box(f->num, dom, ctx) && ic_cf_positive_on_box(f->den, dom, ctx);
}

int aug_derive(aug_derivation *dv, ic_err *err)
{
    memset(dv, 0, sizeof *dv);
    ic_cf_ctx_init(dv->ctx);
    for (int k = 0; k < AUG_CF_N; k++)
        ic_ratfun_init(&dv->form[k], dv->ctx);
    dv->ready = 1;
    static const int models[3] = {IC_IPAT_UNITARY, IC_IPAT_PAIRS, IC_IPAT_UNITARY};
    int rc = IC_OK;
    for (int m = 0; m < 3 && !rc; m++)
        for (int q = 0; q < 2 && !rc; q++) {
            rc = ic_ipat_expand(&dv->pat[m][q], q ? &aug_den_sum : &aug_num_sum, models[m], m == 2, dv->ctx, err);
            dv->expanded[m][q] = 1;
        }
    if (rc)
        return rc;
    dv->exhaustive = 1;
    for (int m = 0; m < 3; m++)
        for (int q = 0; q < 2; q++)
            dv->exhaustive &= dv->pat[m][q].exhaustive;
    dv->rotations_equal = fmpq_mpoly_equal(dv->pat[0][0].total, dv->pat[1][0].total, dv->ctx) &&
                          fmpq_mpoly_equal(dv->pat[0][1].total, dv->pat[1][1].total, dv->ctx);
    /* s_0 = (1/sqrt d) 1: every weight 1/d, so the sums scale by d^-2, d^-3 */
    over_dpow(&dv->form[AUG_CF_NUM], dv->pat[0][0].total, 2, dv->ctx);
    over_dpow(&dv->form[AUG_CF_DEN], dv->pat[0][1].total, 3, dv->ctx);
    fmpq_mpoly_t one, Np, sum;
    fmpq_mpoly_init(one, dv->ctx);
    fmpq_mpoly_init(Np, dv->ctx);
    fmpq_mpoly_init(sum, dv->ctx);
    fmpq_mpoly_one(one, dv->ctx);
    fmpq_mpoly_gen(Np, IC_CF_N, dv->ctx);
    rc = optimum(&dv->form[AUG_CF_ETA], &dv->form[AUG_CF_LOSS], &dv->form[AUG_CF_NUM], &dv->form[AUG_CF_DEN], one,
                 dv->ctx, err);
    /* pooled over T = 1..N: Faulhaber on the polynomial sums */
    if (!rc)
        rc = ic_faulhaber_sum_to(sum, dv->pat[0][0].total, IC_CF_T, IC_CF_N, dv->ctx, err);
    if (!rc) {
        over_dpow(&dv->form[AUG_CF_NUM_POOL], sum, 2, dv->ctx);
        rc = ic_faulhaber_sum_to(sum, dv->pat[0][1].total, IC_CF_T, IC_CF_N, dv->ctx, err);
    }
    if (!rc) {
        over_dpow(&dv->form[AUG_CF_DEN_POOL], sum, 3, dv->ctx);
        rc = optimum(&dv->form[AUG_CF_ETA_POOL], &dv->form[AUG_CF_LOSS_POOL], &dv->form[AUG_CF_NUM_POOL],
                     &dv->form[AUG_CF_DEN_POOL], Np, dv->ctx, err);
    }
    /* general s_0: the weighted sums in power sums */
    if (!rc) {
        ic_ratfun n, dd;
        ic_ratfun_init(&n, dv->ctx);
        ic_ratfun_init(&dd, dv->ctx);
        ic_ratfun_set_poly(&n, dv->pat[2][0].total, dv->ctx);
        ic_ratfun_set_poly(&dd, dv->pat[2][1].total, dv->ctx);
        rc = ic_ratfun_div(&dv->form[AUG_CF_ETA_GENERAL], &n, &dd, dv->ctx, err);
        ic_ratfun_clear(&n, dv->ctx);
        ic_ratfun_clear(&dd, dv->ctx);
    }
    fmpq_mpoly_clear(one, dv->ctx);
    fmpq_mpoly_clear(Np, dv->ctx);
    fmpq_mpoly_clear(sum, dv->ctx);
    for (int k = 0; k < AUG_CF_N; k++)
        domain_dT(&dv->dom[k], k >= AUG_CF_NUM_POOL && k <= AUG_CF_LOSS_POOL ? IC_CF_N : IC_CF_T,
                  k >= AUG_CF_NUM_POOL && k <= AUG_CF_LOSS_POOL ? "all d >= 1, N >= 1" : "all d >= 1, T >= 1");
    dv->dom[AUG_CF_ETA_GENERAL].text = "all d >= 1, T >= 1, every s_0 != 0";
    if (!rc) {
        dv->den_positive = positive(&dv->form[AUG_CF_DEN], &dv->dom[AUG_CF_DEN], dv->ctx);
        dv->pool_positive = positive(&dv->form[AUG_CF_DEN_POOL], &dv->dom[AUG_CF_DEN_POOL], dv->ctx);
    }
    return rc;
}

void aug_derivation_clear(aug_derivation *dv)
{
    if (!dv->ready)
        return;
    for (int m = 0; m < 3; m++)
        for (int q = 0; q < 2; q++)
            if (dv->expanded[m][q])
                ic_ipat_result_clear(&dv->pat[m][q], dv->ctx);
    for (int k = 0; k < AUG_CF_N; k++)
        ic_ratfun_clear(&dv->form[k], dv->ctx);
    fmpq_mpoly_ctx_clear(dv->ctx);
    dv->ready = 0;
}

int aug_check_form(ic_cf_verdict *v, const aug_derivation *dv, int which, const char *num, const char *den,
                   ic_err *err)
{
    if (which < 0 || which >= AUG_CF_N)
        return ic_err_set(err, IC_EINPUT, "no closed form %d", which);
    ic_ratfun c;
    ic_ratfun_init(&c, dv->ctx);
    int rc = ic_ratfun_set_str(&c, num, den, dv->ctx, err);
    if (!rc && which == AUG_CF_ETA_GENERAL) {
        /* a rational function of T and the power sums: equality only */
        v->refuted = !ic_ratfun_equal(&c, &dv->form[which], dv->ctx);
        v->searched = 0;
    } else if (!rc) {
        rc = ic_cf_refute(v, &c, &dv->form[which], &dv->dom[which], dv->ctx, err);
    }
    ic_ratfun_clear(&c, dv->ctx);
    return rc;
}

int aug_crosscheck_literal(const aug_derivation *dv, long dmax, long Tmax, long *compared, long *mismatched,
                           ic_err *err)
{
    *compared = *mismatched = 0;
    int rc = IC_OK;
    fmpq_t a, b, nsum, dsum;
    fmpq_init(a);
    fmpq_init(b);
    fmpq_init(nsum);
    fmpq_init(dsum);
    fmpq x[IC_CF_NVARS];
    for (int i = 0; i < IC_CF_NVARS; i++)
        fmpq_init(&x[i]);
    for (int model = AUG_UNITARY; model <= AUG_ROTATIONS && !rc; model++)
        for (long d = model == AUG_ROTATIONS ? 2 : 1; d <= dmax && !rc; d += model == AUG_ROTATIONS ? 2 : 1)
            for (long T = 1; T <= Tmax && !rc; T++) {
                const ic_ipat_result *pn = &dv->pat[model == AUG_ROTATIONS][0], *pd = &dv->pat[model == AUG_ROTATIONS][1];
                int im = model == AUG_ROTATIONS ? IC_IPAT_PAIRS : IC_IPAT_UNITARY;
                fmpq *nt = _fmpq_vec_init(T), *dt = _fmpq_vec_init(T * T);
                rc = aug_literal_terms(nt, dt, model, d, T, err);
                fmpq_zero(nsum);
                fmpq_zero(dsum);
                for (long t = 1; t <= T && !rc; t++) {
                    long tv[2] = {t, 0};
                    /* patterns, tuple enumeration and the model's definition agree term by term */
                    ic_ipat_term(a, pn, &aug_num_sum, tv, T, d, NULL, dv->ctx);
                    ic_ipat_term_literal(b, &aug_num_sum, im, tv, T, d, NULL);
                    *mismatched += !fmpq_equal(a, b) + !fmpq_equal(a, &nt[t - 1]);
                    *compared += 2;
                    fmpq_add(nsum, nsum, &nt[t - 1]);
                    for (long u = 1; u <= T; u++) {
                        long tw[2] = {t, u};
                        ic_ipat_term(a, pd, &aug_den_sum, tw, T, d, NULL, dv->ctx);
                        ic_ipat_term_literal(b, &aug_den_sum, im, tw, T, d, NULL);
                        *mismatched += !fmpq_equal(a, b) + !fmpq_equal(a, &dt[(t - 1) * T + u - 1]);
                        *compared += 2;
                        fmpq_add(dsum, dsum, &dt[(t - 1) * T + u - 1]);
                    }
                }
                /* the whole num_T, den_T against the derived rational functions */
                for (int i = 0; i < IC_CF_NVARS; i++)
                    fmpq_zero(&x[i]);
                fmpq_set_si(&x[IC_CF_D], d, 1);
                fmpq_set_si(&x[IC_CF_T], T, 1);
                for (int q = 0; q < 2 && !rc; q++) {
                    fmpq *lit = q ? dsum : nsum;
                    fmpq_div_fmpz(a, lit, fmpq_numref(&x[IC_CF_D])); /* / d^2, / d^3 */
                    fmpq_div_fmpz(a, a, fmpq_numref(&x[IC_CF_D]));
                    if (q)
                        fmpq_div_fmpz(a, a, fmpq_numref(&x[IC_CF_D]));
                    ic_ratfun_eval(b, &dv->form[q ? AUG_CF_DEN : AUG_CF_NUM], x, dv->ctx);
                    *mismatched += !fmpq_equal(a, b);
                    *compared += 1;
                }
                _fmpq_vec_clear(nt, T);
                _fmpq_vec_clear(dt, T * T);
            }
    for (int i = 0; i < IC_CF_NVARS; i++)
        fmpq_clear(&x[i]);
    fmpq_clear(a);
    fmpq_clear(b);
    fmpq_clear(nsum);
    fmpq_clear(dsum);
    return rc;
}

/* ---------- the one-step-GD realisation as a polynomial identity ---------- */

/* An exact rational from an MPFR value (the construction's entries are
 * small dyadics; IC_EINTERNAL otherwise). */
static int mpfr_to_fmpq(fmpq_t q, mpfr_srcptr x)
{
    if (!mpfr_number_p(x))
        return IC_EINTERNAL;
    if (mpfr_zero_p(x)) {
        fmpq_zero(q);
        return IC_OK;
    }
    mpz_t m;
    mpz_init(m);
    mpfr_exp_t e = mpfr_get_z_2exp(m, x);
    fmpz_set_mpz(fmpq_numref(q), m);
    fmpz_one(fmpq_denref(q));
    if (e >= 0)
        fmpq_mul_2exp(q, q, (ulong)e);
    else
        fmpq_div_2exp(q, q, (ulong)-e);
    mpz_clear(m);
    return IC_OK;
}

int aug_gd_symbolic(long d, long T, long *nvars, long *nterms, int *holds, ic_err *err)
{
    if (d < 1 || d > 64 || T < 1 || T > 64)
        return ic_err_set(err, IC_EINPUT, "GD identity: d = %ld, T = %ld outside 1..64", d, T);
    size_t D = (size_t)d, n3 = 3 * D;
    long nv = (T + 1) * d + 2; /* s_{t,i}, gamma, v */
    *nvars = nv;
    *nterms = 0;
    *holds = 0;
    fmpq_mpoly_ctx_t ctx;
    fmpq_mpoly_ctx_init(ctx, nv, ORD_LEX);
    const slong G = nv - 2, Vv = nv - 1;
    /* the construction at gamma = v = 1, read exactly: W_KQ(gamma) = gamma W_KQ(1), W_V(v) = v W_V(1) */
    ic_mat WKQ, WV;
    ic_mat_init(&WKQ, n3, n3, 64, err);
    ic_mat_init(&WV, n3, n3, 64, err);
    mpfr_t one;
    mpfr_init2(one, 64);
    mpfr_set_ui(one, 1, MPFR_RNDN);
    aug_construction(&WKQ, &WV, D, one, one);
    fmpq_mpoly_struct *e = malloc((size_t)(T + 1) * n3 * sizeof *e);
    fmpq_mpoly_t score, acc, x, y, sT, gd;
    fmpq_mpoly_struct *out = malloc(D * sizeof *out), *want = malloc(D * sizeof *want);
    fmpq_t q;
    fmpq_init(q);
    int rc = (e && out && want) ? IC_OK : ic_err_set(err, IC_EINTERNAL, "out of memory");
    if (rc) {
        free(e);
        free(out);
        free(want);
        fmpq_clear(q);
        mpfr_clear(one);
        ic_mat_clear(&WKQ);
        ic_mat_clear(&WV);
        fmpq_mpoly_ctx_clear(ctx);
        return rc;
    }
    fmpq_mpoly_init(score, ctx);
    fmpq_mpoly_init(acc, ctx);
    fmpq_mpoly_init(x, ctx);
    fmpq_mpoly_init(y, ctx);
    fmpq_mpoly_init(sT, ctx);
    fmpq_mpoly_init(gd, ctx);
    for (size_t i = 0; i < D; i++) {
        fmpq_mpoly_init(&out[i], ctx);
        fmpq_mpoly_init(&want[i], ctx);
    }
    /* tokens e_t = (0, s_t, s_{t-1}), s_{-1} = 0 */
    for (long t = 0; t <= T; t++)
        for (size_t a = 0; a < n3; a++) {
            fmpq_mpoly_struct *p = &e[(size_t)t * n3 + a];
            fmpq_mpoly_init(p, ctx);
            if (a >= D && a < 2 * D)
                fmpq_mpoly_gen(p, (slong)((size_t)t * D + a - D), ctx);
            else if (a >= 2 * D && t >= 1)
                fmpq_mpoly_gen(p, (slong)((size_t)(t - 1) * D + a - 2 * D), ctx);
        }
    /* attention: out = sum_t W_V e_t (e_t^T W_KQ e_T), first block */
    const fmpq_mpoly_struct *eT = &e[(size_t)T * n3];
    for (long t = 0; t <= T && !rc; t++) {
        const fmpq_mpoly_struct *et = &e[(size_t)t * n3];
        fmpq_mpoly_zero(score, ctx);
        for (size_t a = 0; a < n3 && !rc; a++)
            for (size_t b = 0; b < n3 && !rc; b++) {
                if (mpfr_zero_p(IC_MAT_AT(&WKQ, a, b)) || fmpq_mpoly_is_zero(&et[a], ctx) ||
                    fmpq_mpoly_is_zero(&eT[b], ctx))
                    continue;
                if (mpfr_to_fmpq(q, IC_MAT_AT(&WKQ, a, b)))
                    rc = ic_err_set(err, IC_EINTERNAL, "construction entry is not a number");
                fmpq_mpoly_mul(x, &et[a], &eT[b], ctx);
                fmpq_mpoly_scalar_mul_fmpq(x, x, q, ctx);
                fmpq_mpoly_gen(y, G, ctx);
                fmpq_mpoly_mul(x, x, y, ctx);
                fmpq_mpoly_add(score, score, x, ctx);
            }
        for (size_t i = 0; i < D && !rc; i++)
            for (size_t b = 0; b < n3; b++) {
                if (mpfr_zero_p(IC_MAT_AT(&WV, i, b)) || fmpq_mpoly_is_zero(&et[b], ctx))
                    continue;
                if (mpfr_to_fmpq(q, IC_MAT_AT(&WV, i, b)))
                    rc = ic_err_set(err, IC_EINTERNAL, "construction entry is not a number");
                fmpq_mpoly_mul(x, &et[b], score, ctx);
                fmpq_mpoly_scalar_mul_fmpq(x, x, q, ctx);
                fmpq_mpoly_gen(y, Vv, ctx);
                fmpq_mpoly_mul(x, x, y, ctx);
                fmpq_mpoly_add(&out[i], &out[i], x, ctx);
            }
    }
    /* one GD step from W = 0 on (1/2) sum_t ||s_t - W s_{t-1}||^2, step eta = gamma v:
     * W_1 = eta sum_{t=1}^T s_t s_{t-1}^T, prediction W_1 s_T */
    for (size_t i = 0; i < D && !rc; i++) {
        for (long t = 1; t <= T; t++)
            for (size_t j = 0; j < D; j++) {
                fmpq_mpoly_gen(x, (slong)((size_t)t * D + i), ctx);
                fmpq_mpoly_gen(y, (slong)((size_t)(t - 1) * D + j), ctx);
                fmpq_mpoly_mul(x, x, y, ctx);
                fmpq_mpoly_gen(y, (slong)((size_t)T * D + j), ctx);
                fmpq_mpoly_mul(x, x, y, ctx);
                fmpq_mpoly_add(&want[i], &want[i], x, ctx);
            }
        fmpq_mpoly_gen(x, G, ctx);
        fmpq_mpoly_gen(y, Vv, ctx);
        fmpq_mpoly_mul(x, x, y, ctx);
        fmpq_mpoly_mul(&want[i], &want[i], x, ctx);
    }
    if (!rc) {
        *holds = 1;
        for (size_t i = 0; i < D; i++) {
            *holds &= fmpq_mpoly_equal(&out[i], &want[i], ctx);
            *nterms += fmpq_mpoly_length(&out[i], ctx);
        }
    }
    for (long t = 0; t <= T; t++)
        for (size_t a = 0; a < n3; a++)
            fmpq_mpoly_clear(&e[(size_t)t * n3 + a], ctx);
    for (size_t i = 0; i < D; i++) {
        fmpq_mpoly_clear(&out[i], ctx);
        fmpq_mpoly_clear(&want[i], ctx);
    }
    free(e);
    free(out);
    free(want);
    fmpq_mpoly_clear(score, ctx);
    fmpq_mpoly_clear(acc, ctx);
    fmpq_mpoly_clear(x, ctx);
    fmpq_mpoly_clear(y, ctx);
    fmpq_mpoly_clear(sT, ctx);
    fmpq_mpoly_clear(gd, ctx);
    fmpq_clear(q);
    mpfr_clear(one);
    ic_mat_clear(&WKQ);
    ic_mat_clear(&WV);
    fmpq_mpoly_ctx_clear(ctx);
    return rc;
}
