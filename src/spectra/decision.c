/* ic_decide: three-valued decisions on enclosed spectra (see src/spectra/decision.h). */
#include "spectra/decision.h"

#include <stdlib.h>
#include <string.h>


void ic_decide_result_clear(ic_decide_result *res)
{
    ic_encl_spectrum_clear(&res->spec);
}

static int enclose(ic_encl_spectrum *s, ic_decide_kind kind, const ic_mat *m, ic_err *err)
{
    switch (kind) {
    case IC_DECIDE_EIG_SYM:
        return ic_encl_eig_sym(s, m, 0, err);
    case IC_DECIDE_EIG_GEN:
        return ic_encl_eig_gen(s, m, 0, err);
    default:
        return ic_encl_svd(s, m, 0, err);
    }
}

int ic_decide_decide(ic_decide_result *res, ic_decide_kind kind, ic_decide_build_fn build, const void *ctx, mpfr_prec_t prec,
               mpfr_prec_t max_prec, ic_decide_pred pred, const void *arg, ic_err *err)
{
    res->verdict = IC_DECIDE_UNDECIDED;
    res->spec.n = 0;
    res->spec.c = NULL;
    res->exact = 0;
    for (mpfr_prec_t bits = prec;; bits *= 2) {
        ic_mat m;
        int exact = 0;
        int rc = build(&m, bits, ctx, &exact, err);
        if (rc)
            return rc;
        ic_encl_spectrum_clear(&res->spec);
        rc = enclose(&res->spec, kind, &m, err);
        ic_mat_clear(&m);
        if (rc)
            return rc;
        res->bits = bits;
        res->exact = exact;
        res->verdict = exact && res->spec.rigorous ? pred(&res->spec, arg) : IC_DECIDE_UNDECIDED;
        if (res->verdict != IC_DECIDE_UNDECIDED || bits > max_prec / 2)
            return IC_OK;
    }
}

int ic_decide_build_copy(ic_mat *m, mpfr_prec_t prec, const void *ctx, int *exact, ic_err *err)
{
    const ic_mat *a = ctx;
    int rc = ic_mat_init(m, a->rows, a->cols, prec, err);
    if (rc)
        return rc;
    *exact = 1;
    for (size_t k = 0; k < a->rows * a->cols; k++)
        if (mpfr_set(m->e[k], a->e[k], MPFR_RNDN))
            *exact = 0;
    return IC_OK;
}

int ic_decide_build_tn(ic_mat *m, mpfr_prec_t prec, const void *ctx, int *exact, ic_err *err)
{
    const ic_decide_tn *p = ctx;
    int rc = ic_mat_init(m, p->a->cols, p->b->cols, prec, err);
    if (rc)
        return rc;
    *exact = ic_mat_mul_tn(m, p->a, p->b);
    return IC_OK;
}

/* Bounds of |(are + i aim) - (bre + i bim)|: up = 1 gives an upper bound,
 * up = 0 a lower one (directed rounding at every step). */
static void dist(mpfr_ptr r, mpfr_srcptr are, mpfr_srcptr aim, mpfr_srcptr bre, mpfr_srcptr bim, int up)
{
    mpfr_t x, y;
    mpfr_inits2(mpfr_get_prec(r), x, y, (mpfr_ptr)0);
    mpfr_sub(x, are, bre, up ? MPFR_RNDA : MPFR_RNDZ);
    mpfr_sub(y, aim, bim, up ? MPFR_RNDA : MPFR_RNDZ);
    mpfr_hypot(r, x, y, up ? MPFR_RNDU : MPFR_RNDD);
    mpfr_clears(x, y, (mpfr_ptr)0);
}

static mpfr_prec_t work_prec(const ic_encl_spectrum *s)
{
    return s->prec + 64;
}

ic_decide_verdict ic_decide_within(const ic_encl_spectrum *s, const void *arg)
{
    const ic_decide_disc *d = arg;
    mpfr_t t;
    mpfr_init2(t, work_prec(s));
    int inside = 1, outside = 0;
    for (size_t i = 0; i < s->n; i++) {
        /* disc i holds mult >= 1 eigenvalues: all inside when its far edge
         * is, at least one outside when its near edge is */
        dist(t, s->c[i].re, s->c[i].im, d->re, d->im, 1);
        mpfr_add(t, t, s->c[i].rad, MPFR_RNDU);
        inside &= mpfr_cmp(t, d->rad) <= 0;
        dist(t, s->c[i].re, s->c[i].im, d->re, d->im, 0);
        mpfr_sub(t, t, s->c[i].rad, MPFR_RNDD);
        outside |= mpfr_cmp(t, d->rad) > 0;
    }
    mpfr_clear(t);
    return outside ? IC_DECIDE_REFUTED : inside ? IC_DECIDE_PROVEN : IC_DECIDE_UNDECIDED;
}

ic_decide_verdict ic_decide_simple(const ic_encl_spectrum *s, const void *unused)
{
    (void)unused;
    /* disjoint discs, each holding exactly one eigenvalue */
    for (size_t i = 0; i < s->n; i++)
        if (s->c[i].mult != 1)
            return IC_DECIDE_UNDECIDED;
    return IC_DECIDE_PROVEN;
}

int ic_decide_kth_interval(mpfr_ptr lo, mpfr_ptr hi, const ic_encl_spectrum *s, size_t k)
{
    /* The clusters are disjoint intervals sorted by decreasing centre, so
     * cluster i holds the values of rank cum .. cum + mult - 1. */
    size_t cum = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (k < cum + s->c[i].mult) {
            mpfr_sub(lo, s->c[i].re, s->c[i].rad, MPFR_RNDD);
            mpfr_add(hi, s->c[i].re, s->c[i].rad, MPFR_RNDU);
            return 1;
        }
        cum += s->c[i].mult;
    }
    return 0;
}

/* Threshold interval [tlo, thi]: factor * value_0 or abs. */
static int threshold(mpfr_ptr tlo, mpfr_ptr thi, const ic_encl_spectrum *s, mpfr_srcptr factor, mpfr_srcptr abs)
{
    if (!factor) {
        mpfr_set(tlo, abs, MPFR_RNDD);
        mpfr_set(thi, abs, MPFR_RNDU);
        return 1;
    }
    if (!ic_decide_kth_interval(tlo, thi, s, 0))
        return 0;
    mpfr_mul(tlo, tlo, factor, MPFR_RNDD);
    mpfr_mul(thi, thi, factor, MPFR_RNDU);
    return 1;
}

/* Verdict on value k > threshold, given the threshold interval. */
static ic_decide_verdict above(const ic_encl_spectrum *s, size_t k, mpfr_srcptr tlo, mpfr_srcptr thi)
{
    mpfr_t lo, hi;
    mpfr_inits2(work_prec(s), lo, hi, (mpfr_ptr)0);
    ic_decide_verdict v = IC_DECIDE_UNDECIDED;
    if (!ic_decide_kth_interval(lo, hi, s, k))
        v = IC_DECIDE_REFUTED; /* there is no value k */
    else if (mpfr_cmp(lo, thi) > 0)
        v = IC_DECIDE_PROVEN;
    else if (mpfr_cmp(hi, tlo) <= 0)
        v = IC_DECIDE_REFUTED;
    mpfr_clears(lo, hi, (mpfr_ptr)0);
    return v;
}

ic_decide_verdict ic_decide_kth_above(const ic_encl_spectrum *s, const void *arg)
{
    const ic_decide_kth *q = arg;
    mpfr_t tlo, thi;
    mpfr_inits2(work_prec(s), tlo, thi, (mpfr_ptr)0);
    ic_decide_verdict v = threshold(tlo, thi, s, q->factor, q->abs) ? above(s, q->k, tlo, thi) : IC_DECIDE_REFUTED;
    mpfr_clears(tlo, thi, (mpfr_ptr)0);
    return v;
}

void ic_decide_count_above(const ic_encl_spectrum *s, mpfr_srcptr factor, mpfr_srcptr abs, size_t *lo, size_t *hi)
{
    size_t total = 0;
    for (size_t i = 0; i < s->n; i++)
        total += s->c[i].mult;
    *lo = *hi = 0;
    mpfr_t tlo, thi;
    mpfr_inits2(work_prec(s), tlo, thi, (mpfr_ptr)0);
    if (threshold(tlo, thi, s, factor, abs))
        for (size_t k = 0; k < total; k++) {
            ic_decide_verdict v = above(s, k, tlo, thi);
            *lo += v == IC_DECIDE_PROVEN;
            *hi += v != IC_DECIDE_REFUTED;
        }
    mpfr_clears(tlo, thi, (mpfr_ptr)0);
}

void ic_decide_max_dist(mpfr_ptr r, const ic_encl_spectrum *s, mpfr_srcptr re, mpfr_srcptr im)
{
    mpfr_t t;
    mpfr_init2(t, mpfr_get_prec(r));
    mpfr_set_zero(r, 1);
    for (size_t i = 0; i < s->n; i++) {
        dist(t, s->c[i].re, s->c[i].im, re, im, 1);
        mpfr_add(t, t, s->c[i].rad, MPFR_RNDU);
        mpfr_max(r, r, t, MPFR_RNDU);
    }
    mpfr_clear(t);
}

const char *ic_decide_status(ic_decide_verdict v)
{
    return v == IC_DECIDE_PROVEN ? "pass" : v == IC_DECIDE_REFUTED ? "fail" : "undecided";
}

/* Decimal string of x with k significant digits (round to nearest);
 * err += an upper bound of its distance to x, |x| 10^(1-k). */
static char *dec(mpfr_srcptr x, int k, mpfr_ptr err)
{
    char *s = NULL, *r;
    if (mpfr_zero_p(x))
        return strdup("0");
    if (mpfr_asprintf(&s, "%.*RNe", k - 1, x) < 0)
        return NULL;
    r = strdup(s);
    mpfr_free_str(s);
    mpfr_t t, a;
    mpfr_inits2(64, t, a, (mpfr_ptr)0);
    mpfr_ui_pow_ui(t, 10, (unsigned long)(k - 1), MPFR_RNDD);
    mpfr_ui_div(t, 1, t, MPFR_RNDU);
    mpfr_abs(a, x, MPFR_RNDU);
    mpfr_mul(t, t, a, MPFR_RNDU);
    mpfr_add(err, err, t, MPFR_RNDU);
    mpfr_clears(t, a, (mpfr_ptr)0);
    return r;
}

json_t *ic_decide_spectrum_json(const ic_encl_spectrum *s)
{
    /* Enough digits to keep the centre's precision; the radius, written
     * rounded up, also covers the decimal rounding of the centre, so each
     * written ball contains the eigenvalues its binary ball does. */
    int k = (int)(s->prec * 0.30103) + 2;
    json_t *arr = json_array();
    mpfr_t err;
    mpfr_init2(err, 64);
    mpfr_t zero, mag, floor_rad;
    mpfr_inits2(64, zero, mag, floor_rad, (mpfr_ptr)0);
    mpfr_set_zero(zero, 1);
    /* floor for balls around 0: 2^-prec times the spectral radius, as a
     * power of 2 (0 for a zero spectrum) */
    mpfr_set_zero(floor_rad, 1);
    for (size_t i = 0; i < s->n; i++) {
        mpfr_abs(mag, s->c[i].re, MPFR_RNDU);
        mpfr_add(mag, mag, s->c[i].rad, MPFR_RNDU);
        if (mpfr_cmp(mag, floor_rad) > 0)
            mpfr_set(floor_rad, mag, MPFR_RNDU);
    }
    if (!mpfr_zero_p(floor_rad))
        mpfr_set_ui_2exp(floor_rad, 1, mpfr_get_exp(floor_rad) - (mpfr_exp_t)s->prec, MPFR_RNDU);
    for (size_t i = 0; arr && i < s->n; i++) {
        mpfr_set(err, s->c[i].rad, MPFR_RNDU);
        mpfr_srcptr cre = s->c[i].re;
        /* A ball around 0 (a zero singular value, say) has a centre and a
         * radius that are rounding noise of the LAPACK start: write it as
         * centre 0 and a radius max(|centre| + rad, 2^-prec rho) (rho: the
         * spectral radius) rounded up to a power 2^(8j).  The computed
         * radius is far below the floor, so the bytes do not depend on the
         * BLAS kernel, and the ball still holds. */
        if (mpfr_zero_p(s->c[i].im) && mpfr_cmpabs(cre, s->c[i].rad) <= 0 && !mpfr_zero_p(err)) {
            mpfr_abs(mag, cre, MPFR_RNDU);
            mpfr_add(err, err, mag, MPFR_RNDU);
            if (mpfr_cmp(err, floor_rad) < 0)
                mpfr_set(err, floor_rad, MPFR_RNDU);
            mpfr_exp_t e = mpfr_get_exp(err);            /* err < 2^e */
            e = e >= 0 ? ((e + 7) / 8) * 8 : -((-e) / 8) * 8;
            mpfr_set_ui_2exp(err, 1, e, MPFR_RNDU);
            cre = zero;
        }
        char *re = dec(cre, k, err), *im = dec(s->c[i].im, k, err), *rad = NULL;
        if (mpfr_asprintf(&rad, "%.5RUe", err) < 0)
            rad = NULL;
        if (re && im && rad)
            json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:I}", "re", re, "im", im, "rad", rad,
                                                 "mult", (json_int_t)s->c[i].mult));
        free(re);
        free(im);
        if (rad)
            mpfr_free_str(rad);
    }
    mpfr_clears(err, zero, mag, floor_rad, (mpfr_ptr)0);
    return arr;
}
