/* C5: the trigonometric structure of the trained rows.  G_t is (mu/4)
 * times the prolate (sinc-kernel) matrix with bandwidth W = 2/mu, so its
 * eigenvectors are discrete prolate spheroidal sequences (DPSS).  In that
 * basis the path is diagonal:
 *   P_k[t, .] = sum_i (1 - (1 - eta l_i)^k) v_i[t+1] v_i,
 * a filtered DPSS expansion of the spike e_{t+1}.  Eigenpairs come from
 * arb (approximate QR, then Rump's enclosure, which needs simple
 * eigenvalues), so the comparison with the iterated path is independent
 * of the iteration. */
#include <acb_mat.h>
#include <math.h>
#include <stdlib.h>

#include "pe/pe.h"

void pe_struct_clear(pe_struct *s)
{
    free(s->lambda);
    free(s->filter);
    free(s->lrad);
    free(s->zeros);
    s->lambda = s->filter = s->lrad = s->zeros = NULL;
}

static double ubound_abs(const acb_t x)
{
    arf_t u;
    arf_init(u);
    acb_get_abs_ubound_arf(u, x, 53);
    double d = arf_get_d(u, ARF_RND_UP);
    arf_clear(u);
    return d;
}

int pe_struct_row(pe_struct *s, size_t n, mpfr_srcptr mu, mpfr_srcptr eta, long k,
                  const ic_mat *P, size_t t, slong prec, ic_err *err)
{
    slong N = (slong)n;
    s->n = n;
    s->lambda = calloc(n, sizeof *s->lambda);
    s->filter = calloc(n, sizeof *s->filter);
    s->lrad = calloc(n, sizeof *s->lrad);
    s->zeros = calloc(n, sizeof *s->zeros);
    size_t *ord = calloc(n, sizeof *ord);
    if (!s->lambda || !s->filter || !s->lrad || !s->zeros || !ord) {
        free(ord);
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    }
    arb_mat_t G;
    acb_mat_t A, R, R2;
    acb_ptr E = _acb_vec_init(N), E2 = _acb_vec_init(N);
    arb_mat_init(G, N, N);
    acb_mat_init(A, N, N);
    acb_mat_init(R, N, N);
    acb_mat_init(R2, N, N);
    int ok = 0;
    /* Rump's test needs the eigenvector residuals far below the smallest
     * eigenvalue gaps: raise the precision until it goes through. */
    for (; !ok && prec <= 4096; prec *= 2) {
        pe_gram_arb(G, N, mu, prec);
        acb_mat_set_arb_mat(A, G);
        acb_mat_approx_eig_qr(E, NULL, R, A, NULL, 0, prec);
        ok = acb_mat_eig_simple_rump(E2, NULL, R2, A, E, R, prec);
    }
    prec /= 2;
    int rc = IC_OK;
    if (!ok) {
        rc = ic_err_set(err, IC_FAIL, "the eigenvalues of G (n = %zu) could not be enclosed as simple", n);
        goto out;
    }
    /* order by decreasing eigenvalue */
    for (size_t i = 0; i < n; i++) {
        ord[i] = i;
        s->lambda[i] = arf_get_d(arb_midref(acb_realref(E2 + i)), ARF_RND_NEAR);
    }
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && s->lambda[ord[j]] > s->lambda[ord[j - 1]]; j--) {
            size_t x = ord[j];
            ord[j] = ord[j - 1];
            ord[j - 1] = x;
        }
    acb_t f, w, nrm, e, one, row, trunc;
    acb_init(f);
    acb_init(w);
    acb_init(nrm);
    acb_init(e);
    acb_init(one);
    acb_ptr sp = _acb_vec_init(N), tr = _acb_vec_init(N);
    acb_one(one);
    {
        arf_t ef;
        arf_init(ef);
        arf_set_mpfr(ef, eta);
        acb_zero(e);
        arb_set_arf(acb_realref(e), ef);
        arf_clear(ef);
    }
    double lam[PE_T_MAX], fil[PE_T_MAX], lr[PE_T_MAX];
    s->m = 0;
    double keta = (double)k * mpfr_get_d(eta, MPFR_RNDN);
    for (size_t ii = 0; ii < n; ii++) {
        size_t i = ord[ii];
        acb_ptr lam_i = E2 + i;
        lam[ii] = s->lambda[i];
        lr[ii] = mag_get_d(arb_radref(acb_realref(lam_i)));
        /* f = 1 - (1 - eta l)^k */
        acb_mul(f, e, lam_i, prec);
        acb_sub(f, one, f, prec);
        acb_pow_ui(f, f, (ulong)k, prec);
        acb_sub(f, one, f, prec);
        fil[ii] = arf_get_d(arb_midref(acb_realref(f)), ARF_RND_NEAR);
        int fitted = keta * lam[ii] >= 1.0;
        if (fitted)
            s->m++;
        acb_zero(nrm);
        for (slong j = 0; j < N; j++)
            acb_addmul(nrm, acb_mat_entry(R2, j, (slong)i), acb_mat_entry(R2, j, (slong)i), prec);
        for (slong j = 0; j < N; j++) {
            acb_mul(w, acb_mat_entry(R2, j, (slong)i), acb_mat_entry(R2, (slong)t + 1, (slong)i), prec);
            acb_div(w, w, nrm, prec);
            if (fitted)
                acb_add(tr + j, tr + j, w, prec);
            acb_addmul(sp + j, f, w, prec);
        }
    }
    for (size_t i = 0; i < n; i++) {
        s->lambda[i] = lam[i];
        s->filter[i] = fil[i];
        s->lrad[i] = lr[i];
    }
    /* compare with the path's row (entries 0..t+1) */
    s->spectral_dev = s->dpss_dev = 0;
    acb_init(row);
    acb_init(trunc);
    for (slong j = 0; j < N; j++) {
        acb_zero(row);
        arf_set_mpfr(arb_midref(acb_realref(row)), IC_MAT_AT(P, t, j));
        acb_sub(trunc, sp + j, row, prec);
        s->spectral_dev = fmax(s->spectral_dev, ubound_abs(trunc));
        acb_sub(trunc, tr + j, row, prec);
        s->dpss_dev = fmax(s->dpss_dev, ubound_abs(trunc));
    }
    /* sign changes of the saved part of the row, by linear interpolation */
    s->nzeros = 0;
    for (size_t j = 0; j + 1 <= t; j++) {
        double a = mpfr_get_d(IC_MAT_AT(P, t, j), MPFR_RNDN), b = mpfr_get_d(IC_MAT_AT(P, t, j + 1), MPFR_RNDN);
        if ((a < 0) != (b < 0))
            s->zeros[s->nzeros++] = (double)j + a / (a - b);
    }
    acb_clear(row);
    acb_clear(trunc);
    acb_clear(f);
    acb_clear(w);
    acb_clear(nrm);
    acb_clear(e);
    acb_clear(one);
    _acb_vec_clear(sp, N);
    _acb_vec_clear(tr, N);
out:
    free(ord);
    _acb_vec_clear(E, N);
    _acb_vec_clear(E2, N);
    arb_mat_clear(G);
    acb_mat_clear(A);
    acb_mat_clear(R);
    acb_mat_clear(R2);
    return rc;
}
