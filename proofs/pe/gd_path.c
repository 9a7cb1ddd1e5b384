/* C5: the closed-form gradient-descent path P_k = e - (I - eta G)^k e in
 * MPFR, the authors' stopping rule, and an a priori bound on the rounding
 * error of the whole run (doc/c5-pe.md, "Error bound of the path"). */
#include <stdlib.h>

#include "numbers/number_text.h"
#include "pe/pe.h"

typedef struct {
    size_t T, rows;
    mpfr_t *g;        /* moments g[0..T-1] */
    mpfr_ptr *gsym;   /* 2T-1 pointers: gsym[T-1+j] = g[|j|] */
    mpfr_t *r, *y;    /* residuals and G r, row t at offset off[t] */
    mpfr_ptr *rp, *yp;
    size_t *off;
} path_ws;

static void ws_clear(path_ws *w)
{
    size_t tot = w->off ? w->off[w->rows] : 0;
    if (w->g)
        for (size_t k = 0; k < w->T; k++)
            mpfr_clear(w->g[k]);
    if (w->r)
        for (size_t k = 0; k < tot; k++) {
            mpfr_clear(w->r[k]);
            mpfr_clear(w->y[k]);
        }
    free(w->g);
    free(w->gsym);
    free(w->r);
    free(w->y);
    free(w->rp);
    free(w->yp);
    free(w->off);
}

static int ws_init(path_ws *w, size_t T, mpfr_srcptr mu, mpfr_prec_t prec, ic_err *err)
{
    w->T = T;
    w->rows = T - 1;
    w->off = ic_calloc(T, sizeof *w->off);
    w->g = ic_calloc(T, sizeof *w->g);
    w->gsym = ic_calloc(2 * T - 1, sizeof *w->gsym);
    if (!w->off || !w->g || !w->gsym) {
        free(w->g);
        w->g = NULL;
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    }
    for (size_t t = 0; t < w->rows; t++)
        w->off[t + 1] = w->off[t] + t + 2;
    size_t tot = w->off[w->rows];
    w->r = ic_calloc(tot, sizeof *w->r);
    w->y = ic_calloc(tot, sizeof *w->y);
    w->rp = ic_calloc(tot, sizeof *w->rp);
    w->yp = ic_calloc(tot, sizeof *w->yp);
    if (!w->r || !w->y || !w->rp || !w->yp) {
        free(w->r);
        free(w->y);
        w->r = w->y = NULL;
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    }
    for (size_t k = 0; k < T; k++)
        mpfr_init2(w->g[k], prec);
    pe_moments(w->g, T, mu);
    for (size_t j = 0; j < 2 * T - 1; j++)
        w->gsym[j] = w->g[j >= T - 1 ? j - (T - 1) : (T - 1) - j];
    for (size_t k = 0; k < tot; k++) {
        mpfr_init2(w->r[k], prec);
        mpfr_init2(w->y[k], prec);
        mpfr_set_zero(w->r[k], 1);
        w->rp[k] = w->r[k];
        w->yp[k] = w->y[k];
    }
    /* r_0 = p_0 - e_{t+1} = -e_{t+1}; the sign is irrelevant to the loss,
     * so we carry r = e_{t+1} - p, starting at e_{t+1}. */
    for (size_t t = 0; t < w->rows; t++)
        mpfr_set_ui(w->r[w->off[t] + t + 1], 1, MPFR_RNDN);
    return IC_OK;
}

/* y = G r for every row, and the loss (1/(T-1)) sum_t r_t . y_t.  Dot
 * products are correctly rounded (mpfr_dot). */
static void ws_apply(path_ws *w, mpfr_ptr loss)
{
    mpfr_t s;
    mpfr_init2(s, mpfr_get_prec(loss));
    mpfr_set_zero(loss, 1);
    for (size_t t = 0; t < w->rows; t++) {
        size_t n = t + 2, o = w->off[t];
        for (size_t a = 0; a < n; a++)
            mpfr_dot(w->y[o + a], (const mpfr_ptr *)&w->gsym[w->T - 1 - a],
                     (const mpfr_ptr *)&w->rp[o], n, MPFR_RNDN);
        mpfr_dot(s, (const mpfr_ptr *)&w->rp[o], (const mpfr_ptr *)&w->yp[o], n, MPFR_RNDN);
        mpfr_add(loss, loss, s, MPFR_RNDN);
    }
    mpfr_div_ui(loss, loss, (unsigned long)w->rows, MPFR_RNDN);
    mpfr_clear(s);
}

/* r -= eta y */
static void ws_step(path_ws *w, mpfr_srcptr eta)
{
    size_t tot = w->off[w->rows];
    mpfr_t q;
    mpfr_init2(q, mpfr_get_prec(eta));
    for (size_t k = 0; k < tot; k++) {
        mpfr_mul(q, eta, w->y[k], MPFR_RNDN);
        mpfr_sub(w->r[k], w->r[k], q, MPFR_RNDN);
    }
    mpfr_clear(q);
}

void pe_path_clear(pe_path *p)
{
    mpfr_clears(p->loss_prev, p->loss_stop, p->loss_k, p->err_r, p->err_loss, p->eta, (mpfr_ptr)0);
    ic_mat_clear(&p->P);
}

/* Bounds (doc/c5-pe.md): with u = 2^-prec, n = T, R = 2,
 *   per step   ||f|| <= u R (1 + 14 eta n)
 *   residual   B = K u R (1 + 14 eta n)                (needs B <= 1)
 *   loss       E = n ((45 + 4 T) u + 3 B). */
static void bounds(mpfr_ptr B, mpfr_ptr E, long K, size_t T, mpfr_srcptr eta, mpfr_prec_t prec)
{
    mpfr_t u, t;
    mpfr_inits2(64, u, t, (mpfr_ptr)0);
    mpfr_set_ui_2exp(u, 1, -prec, MPFR_RNDU);
    mpfr_mul_ui(t, eta, 14 * (unsigned long)T, MPFR_RNDU);
    mpfr_add_ui(t, t, 1, MPFR_RNDU);
    mpfr_mul(t, t, u, MPFR_RNDU);
    mpfr_mul_ui(t, t, 2, MPFR_RNDU);
    mpfr_mul_ui(B, t, (unsigned long)(K > 0 ? K : 1), MPFR_RNDU);
    mpfr_mul_ui(E, u, 45 + 4 * (unsigned long)T, MPFR_RNDU);
    mpfr_mul_ui(t, B, 3, MPFR_RNDU);
    mpfr_add(E, E, t, MPFR_RNDU);
    mpfr_mul_ui(E, E, (unsigned long)T, MPFR_RNDU);
    mpfr_clears(u, t, (mpfr_ptr)0);
}

int pe_path_check_lr(size_t T, mpfr_srcptr lr, mpfr_prec_t prec, ic_err *err)
{
    /* eta n <= 2 <=> lr <= (T-1)/T keeps I - eta G non-expansive. */
    mpfr_t chk;
    mpfr_init2(chk, prec);
    mpfr_mul_ui(chk, lr, (unsigned long)T, MPFR_RNDU);
    int bad = mpfr_sgn(lr) <= 0 || mpfr_cmp_ui(chk, (unsigned long)(T - 1)) > 0;
    mpfr_clear(chk);
    if (bad)
        return ic_err_set(err, IC_EINPUT,
                          "lr must lie in (0, (T-1)/T] for the proven error bound (eta lambda_max <= 2)");
    return IC_OK;
}

int pe_path_run(pe_path *out, size_t T, mpfr_srcptr mu, mpfr_srcptr lr, const char *stop,
                mpfr_prec_t prec, ic_err *err)
{
    mpfr_inits2(prec, out->loss_prev, out->loss_stop, out->loss_k, out->eta, (mpfr_ptr)0);
    mpfr_inits2(64, out->err_r, out->err_loss, (mpfr_ptr)0);
    out->P.e = NULL;
    out->P.rows = out->P.cols = 0;
    out->T = T;
    out->prec = prec;
    out->k = out->kprime = -1;
    out->decided = 0;
    mpfr_set_nan(out->loss_prev);
    if (T < 2 || T > PE_T_MAX)
        return ic_err_set(err, IC_EINPUT, "T = %zu is outside 2..%d", T, PE_T_MAX);
    if (mpfr_sgn(mu) <= 0)
        return ic_err_set(err, IC_EINPUT, "mu must be positive");
    mpfr_t thr_lo, thr_hi, chk, L;
    mpfr_inits2(prec, thr_lo, thr_hi, chk, L, (mpfr_ptr)0);
    int rc = pe_path_check_lr(T, lr, prec, err);
    if (rc)
        goto out0;
    if (ic_number_real_mpfr(thr_lo, stop, MPFR_RNDD) != IC_NUMBER_OK ||
        ic_number_real_mpfr(thr_hi, stop, MPFR_RNDU) != IC_NUMBER_OK || mpfr_sgn(thr_lo) <= 0) {
        rc = ic_err_set(err, IC_EINPUT, "stop-loss '%s' must be a positive number", stop);
        goto out0;
    }
    mpfr_mul_ui(out->eta, lr, 2, MPFR_RNDN);
    mpfr_div_ui(out->eta, out->eta, (unsigned long)(T - 1), MPFR_RNDN);

    path_ws w = { 0 };
    rc = ws_init(&w, T, mu, prec, err);
    long kp = -1;
    for (long k = 0; rc == IC_OK && k <= PE_STEPS_MAX; k++) {
        ws_apply(&w, L);
        if (mpfr_cmp(L, thr_hi) < 0) { /* the rule compares with the rounded threshold */
            kp = k;
            break;
        }
        mpfr_set(out->loss_prev, L, MPFR_RNDN);
        ws_step(&w, out->eta);
    }
    if (rc == IC_OK && kp < 0)
        rc = ic_err_set(err, IC_EINPUT, "the loss stays above %s for %ld steps", stop, PE_STEPS_MAX);
    if (rc == IC_OK) {
        mpfr_set(out->loss_stop, L, MPFR_RNDN);
        ws_step(&w, out->eta); /* the authors' rule returns one step more */
        ws_apply(&w, out->loss_k);
        out->kprime = kp;
        out->k = kp + 1;
        bounds(out->err_r, out->err_loss, out->k, T, out->eta, prec);
        /* decided: L(k'-1) - E >= thr and L(k') + E < thr, for the exact
         * threshold (it lies in [thr_lo, thr_hi]). */
        mpfr_add(chk, out->loss_stop, out->err_loss, MPFR_RNDU);
        int below = mpfr_cmp(chk, thr_lo) < 0;
        int above = 1;
        if (kp > 0) {
            mpfr_sub(chk, out->loss_prev, out->err_loss, MPFR_RNDD);
            above = mpfr_cmp(chk, thr_hi) >= 0;
        }
        out->decided = below && above && mpfr_cmp_ui(out->err_r, 1) <= 0;
        rc = ic_mat_init(&out->P, T, T, prec, err);
        for (size_t t = 0; rc == IC_OK && t + 1 < T; t++)
            for (size_t a = 0; a < t + 2; a++) {
                mpfr_ptr x = IC_MAT_AT(&out->P, t, a);
                mpfr_neg(x, w.r[w.off[t] + a], MPFR_RNDN);
                if (a == t + 1)
                    mpfr_add_ui(x, x, 1, MPFR_RNDN);
            }
    }
    ws_clear(&w);
out0:
    mpfr_clears(thr_lo, thr_hi, chk, L, (mpfr_ptr)0);
    return rc;
}
