/* ic_rowmin: (T-1)(d-H) and (T-1)(d-2H) evaluated exactly at the families attaining them (see row_minima.h). */
#include <string.h>

#include "exact/faulhaber.h"
#include "exact/row_minima.h"

/* out = sum_{i=1}^{H} f (f free of i here: H f; written as a sum so the
 * aggregate is read off the block, not typed in). */
static int sum_over_H(ic_ratfun *out, const ic_ratfun *f, const fmpq_mpoly_ctx_t ctx, ic_err *err)
{
    if (fmpq_mpoly_degree_si(f->den, IC_CF_I, ctx) > 0)
        return ic_err_set(err, IC_EINTERNAL, "row minima: a denominator depends on the summation index");
    fmpq_mpoly_t lo, hi;
    fmpq_mpoly_init(lo, ctx);
    fmpq_mpoly_init(hi, ctx);
    fmpq_mpoly_one(lo, ctx);
    fmpq_mpoly_gen(hi, IC_CF_H, ctx);
    fmpq_mpoly_set(out->den, f->den, ctx);
    int rc = ic_faulhaber_sum(out->num, f->num, IC_CF_I, lo, hi, ctx, err);
    fmpq_mpoly_clear(lo, ctx);
    fmpq_mpoly_clear(hi, ctx);
    return rc;
}

/* total = sum_{t=0}^{T-2} row (row free of t). */
static int sum_rows(ic_ratfun *total, const ic_ratfun *row, const fmpq_mpoly_ctx_t ctx, ic_err *err)
{
    fmpq_mpoly_t lo, hi;
    fmpq_mpoly_init(lo, ctx);
    fmpq_mpoly_init(hi, ctx);
    fmpq_mpoly_zero(lo, ctx);
    fmpq_mpoly_gen(hi, IC_CF_T, ctx);
    fmpq_mpoly_sub_si(hi, hi, 2, ctx);
    ic_ratfun r;
    ic_ratfun_init(&r, ctx);
    fmpq_mpoly_set(r.den, row->den, ctx);
    int rc = ic_faulhaber_sum(r.num, row->num, IC_CF_I, lo, hi, ctx, err);
    if (!rc) {
        ic_ratfun one;
        ic_ratfun_init(&one, ctx);
        fmpq_mpoly_one(one.num, ctx);
        ic_ratfun_mul(total, &r, &one, ctx); /* reduced */
        ic_ratfun_clear(&one, ctx);
    }
    ic_ratfun_clear(&r, ctx);
    fmpq_mpoly_clear(lo, ctx);
    fmpq_mpoly_clear(hi, ctx);
    return rc;
}

static void rf_si(ic_ratfun *f, long num, long cpow, long den, const fmpq_mpoly_ctx_t ctx)
{
    /* num c^cpow / den, cpow may be negative */
    fmpq_mpoly_t c;
    fmpq_mpoly_init(c, ctx);
    fmpq_mpoly_gen(c, IC_CF_C, ctx);
    fmpq_mpoly_set_si(f->num, num, ctx);
    fmpq_mpoly_set_si(f->den, den, ctx);
    for (long k = 0; k < (cpow < 0 ? -cpow : cpow); k++)
        fmpq_mpoly_mul(cpow < 0 ? f->den : f->num, cpow < 0 ? f->den : f->num, c, ctx);
    fmpq_mpoly_clear(c, ctx);
}

static void rf_gen(ic_ratfun *f, int var, const fmpq_mpoly_ctx_t ctx)
{
    fmpq_mpoly_gen(f->num, var, ctx);
    fmpq_mpoly_one(f->den, ctx);
}

int ic_rowmin_unitary(ic_ratfun *row, ic_ratfun *total, const fmpq_mpoly_ctx_t ctx, ic_err *err)
{
    /* one solved coordinate i <= H: C_ii = c, row sum c */
    ic_ratfun Cii, sq, F, S1, tr, pm1, pm2, np2, L, x, y;
    ic_ratfun *all[] = {&Cii, &sq, &F, &S1, &tr, &pm1, &pm2, &np2, &L, &x, &y};
    for (size_t k = 0; k < sizeof all / sizeof *all; k++)
        ic_ratfun_init(all[k], ctx);
    rf_si(&Cii, 1, 1, 1, ctx);
    ic_ratfun_mul(&sq, &Cii, &Cii, ctx);
    int rc = sum_over_H(&F, &sq, ctx, err);   /* ||C||_F^2 */
    if (!rc)
        rc = sum_over_H(&S1, &sq, ctx, err);  /* ||C 1||^2: the row sums are the diagonal */
    if (!rc)
        rc = sum_over_H(&tr, &Cii, ctx, err); /* tr C */
    rf_si(&pm1, 1, -1, 1, ctx);               /* p_{-1} = 1/c */
    rf_si(&pm2, 0, 0, 1, ctx);                /* p_{-2} = 0 */
    ic_ratfun_mul(&np2, &pm1, &pm1, ctx);     /* ||p||^2 = p_{-1}^2 + p_{-2}^2 */
    ic_ratfun_mul(&x, &pm2, &pm2, ctx);
    ic_ratfun_add(&np2, &np2, &x, ctx);
    /* L_U = (||p||^2 - p_{-2}^2) ||C||_F^2 + p_{-2}^2 ||C 1||^2 - 2 tr(C) p_{-1} + d */
    ic_ratfun_sub(&y, &np2, &x, ctx);
    ic_ratfun_mul(&L, &y, &F, ctx);
    ic_ratfun_mul(&y, &x, &S1, ctx);
    ic_ratfun_add(&L, &L, &y, ctx);
    ic_ratfun_mul(&y, &tr, &pm1, ctx);
    ic_ratfun_add(&y, &y, &y, ctx);
    ic_ratfun_sub(&L, &L, &y, ctx);
    rf_gen(&y, IC_CF_D, ctx);
    ic_ratfun_add(&L, &L, &y, ctx);
    if (!rc && row)
        ic_ratfun_set(row, &L, ctx);
    if (!rc && total)
        rc = sum_rows(total, &L, ctx, err);
    for (size_t k = 0; k < sizeof all / sizeof *all; k++)
        ic_ratfun_clear(all[k], ctx);
    return rc;
}

int ic_rowmin_orthogonal(ic_ratfun *row, ic_ratfun *total, const fmpq_mpoly_ctx_t ctx, ic_err *err)
{
    /* one solved pair: the block B = c [[1, 1], [1, 1]] */
    ic_ratfun B[2][2], rs[2], t[5], part, x, y, pm1, pm2, np2, sp, spp, npp, L;
    for (int i = 0; i < 2; i++) {
        ic_ratfun_init(&rs[i], ctx);
        for (int j = 0; j < 2; j++) {
            ic_ratfun_init(&B[i][j], ctx);
            rf_si(&B[i][j], 1, 1, 1, ctx);
        }
    }
    ic_ratfun *all[] = {&t[0], &t[1], &t[2], &t[3], &t[4], &part, &x, &y, &pm1, &pm2, &np2, &sp, &spp, &npp, &L};
    for (size_t k = 0; k < sizeof all / sizeof *all; k++)
        ic_ratfun_init(all[k], ctx);
    for (int i = 0; i < 2; i++)
        ic_ratfun_add(&rs[i], &B[i][0], &B[i][1], ctx);
    int rc = IC_OK;
    /* per pair: t1 = ||rowsums||^2, t2 = ||B||_F^2, t3 = rs_0 B_01 + rs_1 B_10,
     * t4 = B_01^2 + B_10^2, tr = B_00 + B_11; then summed over the H pairs */
    for (int k = 0; k < 5 && !rc; k++) {
        fmpq_mpoly_zero(part.num, ctx);
        fmpq_mpoly_one(part.den, ctx);
        for (int i = 0; i < 2; i++) {
            if (k == 0)
                ic_ratfun_mul(&x, &rs[i], &rs[i], ctx);
            else if (k == 1) {
                ic_ratfun_mul(&x, &B[i][0], &B[i][0], ctx);
                ic_ratfun_mul(&y, &B[i][1], &B[i][1], ctx);
                ic_ratfun_add(&x, &x, &y, ctx);
            } else if (k == 2)
                ic_ratfun_mul(&x, &rs[i], &B[i][1 - i], ctx);
            else if (k == 3)
                ic_ratfun_mul(&x, &B[i][1 - i], &B[i][1 - i], ctx);
            else
                ic_ratfun_set(&x, &B[i][i], ctx);
            ic_ratfun_add(&part, &part, &x, ctx);
        }
        rc = sum_over_H(&t[k], &part, ctx, err);
    }
    rf_si(&pm1, 1, -1, 1, ctx);  /* p_{-1} = 1/c */
    rf_si(&pm2, -1, -1, 2, ctx); /* p_{-2} = -1/(2c) */
    ic_ratfun_mul(&np2, &pm1, &pm1, ctx);
    ic_ratfun_mul(&x, &pm2, &pm2, ctx); /* x = p_{-2}^2 */
    ic_ratfun_add(&np2, &np2, &x, ctx); /* ||p||^2 */
    ic_ratfun_add(&sp, &pm1, &pm2, ctx); /* sum p */
    ic_ratfun_set(&spp, &pm1, ctx);      /* sum p' (p without p_{-2}) */
    ic_ratfun_mul(&npp, &pm1, &pm1, ctx); /* ||p'||^2 */
    /* L_O = p_{-2}^2 t1 + (||p||^2 - p_{-2}^2) t2 + 2 t3 (p_{-2} sum p - p_{-2}^2)
     *       + ((sum p')^2 - ||p'||^2) t4 - 2 tr(C) p_{-1} + d */
    ic_ratfun_mul(&L, &x, &t[0], ctx);
    ic_ratfun_sub(&y, &np2, &x, ctx);
    ic_ratfun_mul(&y, &y, &t[1], ctx);
    ic_ratfun_add(&L, &L, &y, ctx);
    ic_ratfun_mul(&y, &pm2, &sp, ctx);
    ic_ratfun_sub(&y, &y, &x, ctx);
    ic_ratfun_mul(&y, &y, &t[2], ctx);
    ic_ratfun_add(&y, &y, &y, ctx);
    ic_ratfun_add(&L, &L, &y, ctx);
    ic_ratfun_mul(&y, &spp, &spp, ctx);
    ic_ratfun_sub(&y, &y, &npp, ctx);
    ic_ratfun_mul(&y, &y, &t[3], ctx);
    ic_ratfun_add(&L, &L, &y, ctx);
    ic_ratfun_mul(&y, &t[4], &pm1, ctx);
    ic_ratfun_add(&y, &y, &y, ctx);
    ic_ratfun_sub(&L, &L, &y, ctx);
    rf_gen(&y, IC_CF_D, ctx);
    ic_ratfun_add(&L, &L, &y, ctx);
    if (!rc && row)
        ic_ratfun_set(row, &L, ctx);
    if (!rc && total)
        rc = sum_rows(total, &L, ctx, err);
    for (int i = 0; i < 2; i++) {
        ic_ratfun_clear(&rs[i], ctx);
        for (int j = 0; j < 2; j++)
            ic_ratfun_clear(&B[i][j], ctx);
    }
    for (size_t k = 0; k < sizeof all / sizeof *all; k++)
        ic_ratfun_clear(all[k], ctx);
    return rc;
}

void ic_rowmin_unitary_domain(ic_cf_domain *dom)
{
    memset(dom, 0, sizeof *dom);
    dom->nvars = 3;
    dom->var[0] = IC_CF_D, dom->lo[0] = 2, dom->step[0] = 1;
    dom->var[1] = IC_CF_H, dom->lo[1] = 1, dom->step[1] = 1;
    dom->var[2] = IC_CF_T, dom->lo[2] = 1, dom->step[2] = 1;
    dom->ncons = 1; /* d - H - 1 >= 0 */
    dom->a[0][0] = 1, dom->a[0][1] = -1, dom->b[0] = -1;
    dom->text = "all d > H >= 1, T >= 1";
}

void ic_rowmin_orthogonal_domain(ic_cf_domain *dom)
{
    memset(dom, 0, sizeof *dom);
    dom->nvars = 3;
    dom->var[0] = IC_CF_D, dom->lo[0] = 2, dom->step[0] = 2;
    dom->var[1] = IC_CF_H, dom->lo[1] = 1, dom->step[1] = 1;
    dom->var[2] = IC_CF_T, dom->lo[2] = 1, dom->step[2] = 1;
    dom->ncons = 1; /* d - 2H >= 0 */
    dom->a[0][0] = 1, dom->a[0][1] = -2, dom->b[0] = 0;
    dom->text = "all even d >= 2, 1 <= H <= d/2, T >= 1";
}
