/* ic_exact_model_row_expectation: the non-augmented model's exact expected
 * loss of one row, built from the model's definition (THEORY.md,
 * "Non-augmented model") as Laurent polynomials in the angles and reduced by
 * characters (characters.c).  Nothing of the closed forms is used here. */
#include "exact/exact.h"

#include <stdlib.h>

/* lambda_j^n as (angle, power): unitary lambda_j = z_j; pairs
 * lambda_{2k} = z_k, lambda_{2k+1} = conj z_k = z_k^{-1}. */
static void power_of(int32_t *ang, int32_t *pow, size_t j, long n, int law)
{
    if (law == IC_EXACT_LAW_PAIRS) {
        *ang = (int32_t)(j / 2);
        *pow = (int32_t)((j % 2) ? -n : n);
    } else {
        *ang = (int32_t)j;
        *pow = (int32_t)n;
    }
}

int ic_exact_model_row_expectation(fmpq_mpoly_t out, const ic_exact_vars *v, size_t d, size_t t, int law,
                                   size_t *nterms, ic_err *err)
{
    if (law == IC_EXACT_LAW_PAIRS && d % 2)
        return ic_err_set(err, IC_EINPUT, "model expectation: d = %zu is odd for conjugate pairs", d);
    if (v->n != ic_exact_row_nvars(d, t))
        return ic_err_set(err, IC_EINTERNAL, "model expectation: %ld variables, the row has %ld",
                          (long)v->n, (long)ic_exact_row_nvars(d, t));
    size_t n = d * ((t + 2) * d + 1);
    ic_exact_lterm *terms = malloc(n * sizeof *terms);
    if (!terms)
        return ic_err_set(err, IC_EINTERNAL, "model expectation: out of memory (%zu terms)", n);
    size_t m = 0;
    /* yhat_j - s_{t+2,j} = sum_{t', k} p_{t'} C_jk lambda_k^{t'-t} lambda_j^{t'} - lambda_j^{t+2}
     * (s_0 = 1, s_t = lambda^t, conj lambda = lambda^{-1}). */
    for (size_t j = 0; j < d; j++) {
        for (size_t tp = 0; tp <= t + 1; tp++)
            for (size_t k = 0; k < d; k++) {
                ic_exact_lterm *x = terms + m++;
                x->group = (int32_t)j;
                power_of(&x->ang[0], &x->pow[0], k, (long)tp - (long)t, law);
                power_of(&x->ang[1], &x->pow[1], j, (long)tp, law);
                x->var[0] = (int32_t)ic_exact_row_p(d, tp);
                x->var[1] = (int32_t)ic_exact_row_c(d, j, k);
                x->coef = 1;
            }
        ic_exact_lterm *x = terms + m++;
        x->group = (int32_t)j;
        power_of(&x->ang[0], &x->pow[0], j, (long)t + 2, law);
        x->ang[1] = -1;
        x->pow[1] = 0;
        x->var[0] = x->var[1] = -1;
        x->coef = -1;
    }
    if (nterms)
        *nterms = m;
    fmpq_mpoly_zero(out, v->ctx);
    int rc = ic_exact_char_mean_square(out, terms, m, v, err);
    free(terms);
    return rc;
}
