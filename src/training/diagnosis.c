/* ic_diag: at the minimum for the head count, stationary, or not converged
 * (see diagnosis.h for the method; derivations in doc/c2-unitary.md and
 * doc/c4-orthogonal.md).  Exactness rests on MPFR's inexact flag: every
 * MPFR function raises it when its result was rounded, so a computation
 * that leaves it clear was exact (MPFR manual, section "Exceptions"). */
#include "training/diagnosis.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>



#define R MPFR_RNDN

unsigned long ic_diag_min_loss(size_t d, size_t H, size_t T, unsigned k)
{
    size_t need = (size_t)k * H;
    return need >= d ? 0UL : (unsigned long)((T - 1) * (d - need));
}

json_t *ic_diag_minima_json(const long *ds, size_t nd, const long *Hs, size_t nH, const long *Ts, size_t nT,
                            unsigned k)
{
    json_t *a = json_array();
    for (size_t i = 0; i < nd; i++)
        for (size_t j = 0; j < nH; j++)
            for (size_t t = 0; t < nT; t++) {
                if (ds[i] < 1 || Hs[j] < 1 || Ts[t] < 2 || (k == 2 && ds[i] % 2))
                    continue;
                json_array_append_new(a, json_pack("{s:I, s:I, s:I, s:I}", "d", (json_int_t)ds[i], "H",
                                                   (json_int_t)Hs[j], "T", (json_int_t)Ts[t], "minimum",
                                                   (json_int_t)ic_diag_min_loss((size_t)ds[i], (size_t)Hs[j],
                                                                                (size_t)Ts[t], k)));
            }
    return a;
}

void ic_diag_result_clear(ic_diag_result *r)
{
    mpfr_clears(r->L, r->Lmin, r->gap, r->gnorm, r->hlo, r->hhi, r->hmax, r->tau, (mpfr_ptr)0);
}

/* Number of used parameters: A and B, and row t of P up to column t+1. */
static size_t n_params(size_t H, size_t d, size_t T)
{
    return 2 * H * d + (T - 1) * (T + 2) / 2;
}

/* Parameter i in the order of ic_diag_hessian. */
static mpfr_ptr param_at(ic_mat *A, ic_mat *B, ic_mat *P, size_t i)
{
    size_t na = A->rows * A->cols;
    if (i < na)
        return A->e[i];
    i -= na;
    if (i < na)
        return B->e[i];
    i -= na;
    size_t t = 0;
    while (i >= t + 2) {
        i -= t + 2;
        t++;
    }
    return IC_MAT_AT(P, t, i);
}

typedef struct {
    ic_mat A, B, P, gA, gB, gP;
} work;

static void work_clear(work *w)
{
    ic_mat_clear(&w->A);
    ic_mat_clear(&w->B);
    ic_mat_clear(&w->P);
    ic_mat_clear(&w->gA);
    ic_mat_clear(&w->gB);
    ic_mat_clear(&w->gP);
}

/* Copies of A, B, P and gradient matrices at precision q. */
static int work_init(work *w, const ic_mat *A, const ic_mat *B, const ic_mat *P, mpfr_prec_t q, ic_err *err)
{
    memset(w, 0, sizeof *w);
    int rc = ic_mat_init(&w->A, A->rows, A->cols, q, err);
    if (!rc)
        rc = ic_mat_init(&w->B, B->rows, B->cols, q, err);
    if (!rc)
        rc = ic_mat_init(&w->P, P->rows, P->cols, q, err);
    if (!rc)
        rc = ic_mat_init(&w->gA, A->rows, A->cols, q, err);
    if (!rc)
        rc = ic_mat_init(&w->gB, B->rows, B->cols, q, err);
    if (!rc)
        rc = ic_mat_init(&w->gP, P->rows, P->cols, q, err);
    if (rc) {
        work_clear(w);
        return rc;
    }
    ic_mat_copy(&w->A, A);
    ic_mat_copy(&w->B, B);
    ic_mat_copy(&w->P, P);
    return IC_OK;
}

/* L at precision q; 1 when exact. */
static int loss_at(mpfr_ptr L, const ic_diag_model *m, const ic_mat *A, const ic_mat *B, const ic_mat *P,
                   mpfr_prec_t q, ic_err *err)
{
    ic_mat C;
    if (ic_mat_init(&C, A->cols, A->cols, q, err))
        return -1;
    mpfr_set_prec(L, q);
    mpfr_clear_inexflag();
    ic_mat_mul_tn(&C, B, A);
    m->loss(L, &C, P, P->rows);
    int exact = !mpfr_inexflag_p();
    ic_mat_clear(&C);
    return exact;
}

/* Upper bound of the 2-norm of the gradient held in w (rounded upwards). */
static void grad_norm_up(mpfr_ptr out, const work *w)
{
    mpfr_t s, u;
    mpfr_inits2(64, s, u, (mpfr_ptr)0);
    mpfr_set_zero(s, 1);
    const ic_mat *g[3] = { &w->gA, &w->gB, &w->gP };
    for (int k = 0; k < 3; k++)
        for (size_t i = 0; i < g[k]->rows * g[k]->cols; i++) {
            mpfr_sqr(u, g[k]->e[i], MPFR_RNDU);
            mpfr_add(s, s, u, MPFR_RNDU);
        }
    mpfr_sqrt(out, s, MPFR_RNDU);
    mpfr_clears(s, u, (mpfr_ptr)0);
}

int ic_diag_hessian(ic_mat *hm, mpfr_prec_t *bits, const ic_diag_model *m, const ic_mat *A, const ic_mat *B,
                    const ic_mat *P, mpfr_prec_t prec, mpfr_prec_t max_prec, ic_err *err)
{
    size_t H = A->rows, d = A->cols, T = P->rows, n = n_params(H, d, T);
    *bits = 0;
    memset(hm, 0, sizeof *hm);
    if (prec > max_prec)
        max_prec = prec;
    for (mpfr_prec_t q = prec;; q = 2 * q > max_prec ? max_prec : 2 * q) {
        work up, dn;
        int rc = work_init(&up, A, B, P, q, err);
        if (rc)
            return rc;
        if ((rc = work_init(&dn, A, B, P, q, err))) {
            work_clear(&up);
            return rc;
        }
        ic_mat_clear(hm);
        if ((rc = ic_mat_init(hm, n, n, q, err))) {
            work_clear(&up);
            work_clear(&dn);
            return rc;
        }
        mpfr_clear_inexflag();
        for (size_t i = 0; i < n; i++) {
            mpfr_ptr xu = param_at(&up.A, &up.B, &up.P, i), xd = param_at(&dn.A, &dn.B, &dn.P, i);
            mpfr_add_ui(xu, xu, 1, R);
            mpfr_sub_ui(xd, xd, 1, R);
            m->grad(&up.gA, &up.gB, &up.gP, &up.A, &up.B, &up.P, T);
            m->grad(&dn.gA, &dn.gB, &dn.gP, &dn.A, &dn.B, &dn.P, T);
            mpfr_sub_ui(xu, xu, 1, R);
            mpfr_add_ui(xd, xd, 1, R);
            for (size_t j = 0; j < n; j++) {
                mpfr_ptr h = IC_MAT_AT(hm, j, i);
                mpfr_sub(h, param_at(&up.gA, &up.gB, &up.gP, j), param_at(&dn.gA, &dn.gB, &dn.gP, j), R);
                mpfr_div_2ui(h, h, 1, R);
            }
        }
        int exact = !mpfr_inexflag_p();
        work_clear(&up);
        work_clear(&dn);
        if (exact) {
            *bits = q;
            return IC_OK;
        }
        if (q >= max_prec)
            return IC_OK;
    }
}

/* Cholesky R^T R of the n x n row-major a (upper triangle read) in
 * place into r (upper triangle), with plain loops in a fixed order (no
 * BLAS: the outcome must not depend on the CPU kernel); 1 when every pivot
 * is positive and finite. */
static int cholesky(double *r, const double *a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            r[i * n + j] = j >= i ? a[i * n + j] : 0;
    for (size_t k = 0; k < n; k++) {
        double p = r[k * n + k];
        for (size_t i = 0; i < k; i++)
            p -= r[i * n + k] * r[i * n + k];
        if (!(p > 0) || !isfinite(p))
            return 0;
        p = sqrt(p);
        r[k * n + k] = p;
        for (size_t j = k + 1; j < n; j++) {
            double v = r[k * n + j];
            for (size_t i = 0; i < k; i++)
                v -= r[i * n + k] * r[i * n + j];
            r[k * n + j] = v / p;
        }
    }
    return 1;
}

/* x <- (R^T R)^{-1} x (forward then back substitution). */
static void chol_solve(double *x, const double *r, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        double v = x[i];
        for (size_t k = 0; k < i; k++)
            v -= r[k * n + i] * x[k];
        x[i] = v / r[i * n + i];
    }
    for (size_t i = n; i-- > 0;) {
        double v = x[i];
        for (size_t k = i + 1; k < n; k++)
            v -= r[i * n + k] * x[k];
        x[i] = v / r[i * n + i];
    }
}

/* Upper bound of the Rayleigh quotient v^T H v / v^T v of the exact hm,
 * with directed rounding: (H v)_i is bounded above where v_i >= 0 and
 * below where v_i < 0, so every term v_i (H v)_i is bounded above. */
static void rayleigh_up(mpfr_ptr out, const ic_mat *hm, const double *v)
{
    size_t n = hm->rows;
    mpfr_t num, t, u, dlo, dhi;
    mpfr_inits2(hm->prec + 64, num, t, u, (mpfr_ptr)0);
    mpfr_inits2(64, dlo, dhi, (mpfr_ptr)0);
    mpfr_set_zero(num, 1);
    mpfr_set_zero(dlo, 1);
    mpfr_set_zero(dhi, 1);
    for (size_t i = 0; i < n; i++) {
        mpfr_rnd_t dir = v[i] >= 0 ? MPFR_RNDU : MPFR_RNDD;
        mpfr_set_zero(t, 1);
        for (size_t j = 0; j < n; j++) {
            mpfr_mul_d(u, IC_MAT_AT(hm, i, j), v[j], dir);
            mpfr_add(t, t, u, dir);
        }
        mpfr_mul_d(u, t, v[i], MPFR_RNDU);
        mpfr_add(num, num, u, MPFR_RNDU);
        mpfr_set_d(u, v[i], MPFR_RNDN);
        mpfr_sqr(t, u, MPFR_RNDN);                  /* exact: 106 bits fit */
        mpfr_add(dlo, dlo, t, MPFR_RNDD);
        mpfr_add(dhi, dhi, t, MPFR_RNDU);
    }
    if (mpfr_sgn(num) >= 0)
        mpfr_div(out, num, dlo, MPFR_RNDU);
    else
        mpfr_div(out, num, dhi, MPFR_RNDU);
    mpfr_clears(num, t, u, dlo, dhi, (mpfr_ptr)0);
}

/* The extreme eigenvalues of the symmetric n x n row-major a (copied into
 * w, which is overwritten) in double: Householder reduction to
 * tridiagonal form, then bisection with Sturm counts (Golub and Van Loan,
 * Matrix Computations, 4th ed., sections 8.3.1 and 8.4.1).  Plain loops in
 * a fixed order, no BLAS and no GSL (GSL's CBLAS calls bind to libgslcblas
 * in the command line and to numpy's OpenBLAS in the Python module), so the values are the same in the
 * command line, the Python module and on every CPU kernel. */
static void extreme_eigenvalues(double *lmin, double *lmax, double *w, const double *a, size_t n, double *v,
                                double *p)
{
    memcpy(w, a, n * n * sizeof *w);
    double *d = v + n, *e = p + n;   /* v, p have 2n entries */
    for (size_t k = 0; k + 2 < n; k++) {
        size_t m = n - k - 1;         /* size of the trailing block */
        double nx = 0;
        for (size_t i = 0; i < m; i++)
            nx += w[(k + 1 + i) * n + k] * w[(k + 1 + i) * n + k];
        nx = sqrt(nx);
        double x0 = w[(k + 1) * n + k], alpha = x0 > 0 ? -nx : nx;
        for (size_t i = 0; i < m; i++)
            v[i] = w[(k + 1 + i) * n + k];
        v[0] -= alpha;
        double nv = 0;
        for (size_t i = 0; i < m; i++)
            nv += v[i] * v[i];
        e[k] = alpha;
        if (!(nv > 0)) {
            e[k] = x0;
            continue;
        }
        nv = sqrt(nv);
        for (size_t i = 0; i < m; i++)
            v[i] /= nv;
        /* A22 <- (I - 2vv^T) A22 (I - 2vv^T) = A22 - 2 (v q^T + q v^T), q = p - (v^T p) v, p = A22 v. */
        double K = 0;
        for (size_t i = 0; i < m; i++) {
            double s = 0;
            for (size_t j = 0; j < m; j++)
                s += w[(k + 1 + i) * n + k + 1 + j] * v[j];
            p[i] = s;
            K += v[i] * s;
        }
        for (size_t i = 0; i < m; i++)
            p[i] -= K * v[i];
        for (size_t i = 0; i < m; i++)
            for (size_t j = 0; j < m; j++)
                w[(k + 1 + i) * n + k + 1 + j] -= 2 * (v[i] * p[j] + p[i] * v[j]);
    }
    for (size_t k = 0; k < n; k++)
        d[k] = w[k * n + k];
    if (n >= 2)
        e[n - 2] = w[(n - 1) * n + n - 2];
    /* Gershgorin interval of the tridiagonal matrix. */
    double lo = d[0], hi = d[0];
    for (size_t k = 0; k < n; k++) {
        double r = (k > 0 ? fabs(e[k - 1]) : 0) + (k + 1 < n ? fabs(e[k]) : 0);
        lo = fmin(lo, d[k] - r);
        hi = fmax(hi, d[k] + r);
    }
    double span = fmax(hi - lo, 1e-300);
    lo -= 1e-3 * span;
    hi += 1e-3 * span;
    /* Bisection: count(x) = number of eigenvalues below x. */
    for (int which = 0; which < 2; which++) {
        double a0 = lo, b0 = hi;
        for (int it = 0; it < 200 && b0 - a0 > 4e-16 * fmax(fabs(a0), fabs(b0)); it++) {
            double x = 0.5 * (a0 + b0);
            size_t count = 0;
            double q = 1;
            for (size_t k = 0; k < n; k++) {
                double ek = k > 0 ? e[k - 1] : 0;
                q = d[k] - x - (k > 0 ? ek * ek / q : 0);
                if (q == 0)
                    q = -1e-300;      /* a tiny negative pivot: x is (nearly) an eigenvalue */
                count += q < 0;
            }
            /* which 0: smallest eigenvalue (first x with count >= 1); 1: largest (count >= n). */
            if (which == 0 ? count >= 1 : count >= n)
                b0 = x;
            else
                a0 = x;
        }
        if (which == 0)
            *lmin = 0.5 * (a0 + b0);
        else
            *lmax = 0.5 * (a0 + b0);
    }
}

int ic_diag_min_eig(mpfr_ptr lo, mpfr_ptr hi, mpfr_ptr hmax, int *rigorous, const ic_mat *hm,
                    mpfr_prec_t work_prec, ic_err *err)
{
    (void)work_prec;
    size_t n = hm->rows;
    *rigorous = 0;
    if (n == 0)
        return ic_err_set(err, IC_EINPUT, "ic_diag_min_eig: empty matrix");
    double *a = ic_calloc(n * n, sizeof *a), *r = ic_calloc(n * n, sizeof *r), *x = ic_calloc(2 * n, sizeof *x);
    double *y = ic_calloc(2 * n, sizeof *y);
    int rc = IC_OK;
    mpfr_t e, s, u, gam;
    mpfr_inits2(hm->prec + 64, e, (mpfr_ptr)0);
    mpfr_inits2(64, s, u, gam, (mpfr_ptr)0);
    if (!a || !r || !x || !y) {
        rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
        goto out;
    }
    /* The nearest doubles and e1 >= ||hm - a||_F (the differences are exact). */
    ic_mat_get_d(a, hm);
    mpfr_set_zero(s, 1);
    for (size_t i = 0; i < n * n; i++) {
        if (!isfinite(a[i])) {
            rc = ic_err_set(err, IC_EINPUT, "Hessian entry outside the double range");
            goto out;
        }
        mpfr_sub_d(e, hm->e[i], a[i], MPFR_RNDN);
        mpfr_sqr(u, e, MPFR_RNDU);
        mpfr_add(s, s, u, MPFR_RNDU);
    }
    mpfr_sqrt(s, s, MPFR_RNDU);               /* e1 */
    /* Approximate extreme eigenvalues in double (r and x, y as workspace). */
    double lmin = 0, lmax = 0;
    extreme_eigenvalues(&lmin, &lmax, r, a, n, x, y);
    double scale = fmax(1.0, fmax(fabs(lmin), fabs(lmax)));
    mpfr_set_d(hmax, lmax, MPFR_RNDN);
    /* gamma_{n+1} = (n+1) u / (1 - (n+1) u), u = 2^-53, rounded upwards. */
    mpfr_set_ui(gam, (unsigned long)(n + 1), MPFR_RNDU);
    mpfr_div_2ui(gam, gam, 53, MPFR_RNDU);
    mpfr_ui_sub(u, 1, gam, MPFR_RNDD);
    mpfr_div(gam, gam, u, MPFR_RNDU);
    /* Lower bound: a Cholesky factorisation of fl(a - sigma I) that runs
     * to completion has R^T R = fl(a - sigma I) + dA with |dA| <= gamma_{n+1}
     * |R|^T |R| (Higham, Accuracy and Stability of Numerical Algorithms,
     * 2nd ed., Theorem 10.3), so ||dA||_2 <= gamma_{n+1} ||R||_F^2, and
     * fl(a - sigma I) differs from hm - sigma I by at most e1 + e2 in the
     * 2-norm (e2: the rounding of the shifted diagonal).  Hence
     * lambda_min(hm) >= sigma - gamma_{n+1} ||R||_F^2 - e1 - e2 - (underflow). */
    double margin = ldexp(scale, -30);
    for (int attempt = 0; attempt < 8 && !*rigorous; attempt++, margin *= 16) {
        double sigma = lmin - margin, e2 = 0;
        memcpy(r, a, n * n * sizeof *a);
        for (size_t i = 0; i < n; i++) {
            r[i * n + i] = a[i * n + i] - sigma;
            e2 = fmax(e2, fabs(r[i * n + i]));
        }
        double *fac = ic_calloc(n * n, sizeof *fac);
        if (!fac) {
            rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
            goto out;
        }
        if (!cholesky(fac, r, n)) {
            free(fac);
            continue;
        }
        *rigorous = 1;
        mpfr_t rho, b;
        mpfr_inits2(64, rho, b, (mpfr_ptr)0);
        mpfr_set_zero(rho, 1);
        for (size_t i = 0; i < n * n; i++) {
            mpfr_set_d(u, fac[i], MPFR_RNDN);
            mpfr_sqr(u, u, MPFR_RNDU);
            mpfr_add(rho, rho, u, MPFR_RNDU);
        }
        mpfr_mul(rho, rho, gam, MPFR_RNDU);            /* gamma ||R||_F^2 */
        mpfr_set_d(b, e2, MPFR_RNDU);
        mpfr_mul_2si(b, b, -53, MPFR_RNDU);            /* e2 = u max |shifted diagonal| */
        mpfr_add(rho, rho, b, MPFR_RNDU);
        mpfr_add(rho, rho, s, MPFR_RNDU);              /* + e1 */
        mpfr_set_ui_2exp(b, (unsigned long)(n + 1) * (n + 1), -1021, MPFR_RNDU); /* underflow */
        mpfr_add(rho, rho, b, MPFR_RNDU);
        mpfr_set_d(lo, sigma, MPFR_RNDN);              /* sigma is a double: exact */
        mpfr_sub(lo, lo, rho, MPFR_RNDD);
        mpfr_clears(rho, b, (mpfr_ptr)0);
        /* Upper bound: inverse iteration with the same factor (sigma lies
         * just below lambda_min, so it converges to lambda_min's
         * eigenspace), then an upward-rounded Rayleigh quotient of hm. */
        for (size_t i = 0; i < n; i++)
            x[i] = 1.0 + (double)(i % 7) / 8.0;
        for (int it = 0; it < 12; it++) {
            chol_solve(x, fac, n);
            double nx = 0;
            for (size_t i = 0; i < n; i++)
                nx = fmax(nx, fabs(x[i]));
            if (!(nx > 0) || !isfinite(nx))
                break;
            for (size_t i = 0; i < n; i++)
                x[i] /= nx;
        }
        rayleigh_up(hi, hm, x);
        free(fac);
    }
    if (!*rigorous) {   /* estimates only */
        mpfr_set_d(lo, lmin, MPFR_RNDD);
        mpfr_set_d(hi, lmin, MPFR_RNDU);
    }
out:
    free(a);
    free(r);
    free(x);
    free(y);
    mpfr_clears(e, s, u, gam, (mpfr_ptr)0);
    return rc;
}

static void fmt_into(char *buf, size_t len, mpfr_srcptr x)
{
    char *s = ic_cert_fmt(x);
    snprintf(buf, len, "%s", s ? s : "?");
    free(s);
}

int ic_diag_run(ic_diag_result *r, const ic_diag_model *m, const ic_mat *A, const ic_mat *B, const ic_mat *P,
                const ic_diag_opts *o, ic_cert *cert, ic_err *err)
{
    size_t H = A->rows, d = A->cols, T = P->rows;
    memset(r, 0, sizeof *r);
    r->d = d;
    r->H = H;
    r->T = T;
    r->n = n_params(H, d, T);
    mpfr_inits2(64, r->Lmin, r->gap, r->gnorm, r->hlo, r->hhi, r->hmax, r->tau, (mpfr_ptr)0);
    mpfr_init2(r->L, o->prec);
    mpfr_prec_t maxp = o->max_prec > o->prec ? o->max_prec : o->prec;
    char buf[512], what[512], v1[64], v2[64];
    int rc = IC_OK;

    /* The closed-form minimum for H heads. */
    unsigned long lmin = ic_diag_min_loss(d, H, T, m->heads_factor);
    mpfr_set_ui(r->Lmin, lmin, R);
    snprintf(what, sizeof what, "minimum of %s over weights with H heads: %s for d = %zu, H = %zu, T = %zu (%s)",
             m->loss_name, m->min_formula, d, H, T, m->min_proof);
    ic_cert_measure(cert, "min_loss_for_heads", what, r->Lmin);

    /* 1. L exactly. */
    for (mpfr_prec_t q = o->prec;; q = 2 * q > maxp ? maxp : 2 * q) {
        int ex = loss_at(r->L, m, A, B, P, q, err);
        if (ex < 0)
            return IC_EINTERNAL;
        if (ex) {
            r->loss_bits = q;
            break;
        }
        if (q >= maxp)
            break;
    }
    snprintf(what, sizeof what, "%s >= %s: the exact loss of these weights is not below the minimum for H heads",
             m->loss_name, m->min_formula);
    ic_cert_check(cert, "loss_at_least_min_for_heads", what, r->L, ">=", r->Lmin);
    if (r->loss_bits) {
        snprintf(buf, sizeof buf,
                 "%s evaluated in MPFR at %ld bits with no inexact operation (so exactly, the inputs being "
                 "floats), compared exactly with the integer minimum",
                 m->loss_name, (long)r->loss_bits);
        ic_cert_proof(cert, IC_PROOF_EXACT, "these weights", buf);
    } else {
        snprintf(buf, sizeof buf, "%s rounded at %ld bits (not exact at the precision cap); no proof",
                 m->loss_name, (long)maxp);
        ic_cert_proof(cert, IC_PROOF_NUMERIC, "these weights", buf);
    }

    /* 2. The gap to the minimum. */
    mpfr_t gap, tol;
    mpfr_inits2(o->prec, gap, tol, (mpfr_ptr)0);
    mpfr_sub(gap, r->L, r->Lmin, R);
    mpfr_div_ui(gap, gap, (unsigned long)((T - 1) * d), R);
    mpfr_set(r->gap, gap, R);
    mpfr_set_d(tol, o->tol_gap, R);
    snprintf(what, sizeof what,
             "(%s - minimum for H heads) / ((T-1) d): at the minimum for the head count when <= tol-gap",
             m->loss_name);
    int at_min = ic_cert_check(cert, "loss_gap_to_min_for_heads", what, gap, "<=", tol);
    ic_cert_proof(cert, IC_PROOF_NUMERIC, "these weights",
                  "exact loss minus the closed-form minimum, against a tolerance on trained weights");

    /* 3. The gradient. */
    work w;
    mpfr_prec_t q = o->prec;
    for (;; q = 2 * q > maxp ? maxp : 2 * q) {
        if ((rc = work_init(&w, A, B, P, q, err)))
            goto out;
        mpfr_clear_inexflag();
        m->grad(&w.gA, &w.gB, &w.gP, &w.A, &w.B, &w.P, T);
        int ex = !mpfr_inexflag_p();
        if (ex)
            r->grad_bits = q;
        if (ex || q >= maxp)
            break;
        work_clear(&w);
    }
    grad_norm_up(r->gnorm, &w);
    work_clear(&w);
    mpfr_set_d(tol, o->tol_grad, R);
    snprintf(what, sizeof what,
             "upper bound of ||grad %s||_2 over A, B and the used entries of P: stationary when <= tol-grad "
             "(a check when the loss is above the minimum; measured when it is at the minimum value, where the "
             "family's tolerances decide the verdict and the gradient only whether the run has converged)",
             m->loss_name);
    int stat;
    snprintf(buf, sizeof buf,
             "gradient %s (MPFR, %ld bits), its 2-norm rounded upwards, against a tolerance on trained weights",
             r->grad_bits ? "exact" : "rounded", (long)(r->grad_bits ? r->grad_bits : maxp));
    if (at_min) {
        fmt_into(v1, sizeof v1, r->gnorm);
        fmt_into(v2, sizeof v2, tol);
        ic_cert_check_status(cert, "gradient_norm", what, v1, "<=", v2, "info");
        stat = mpfr_cmp(r->gnorm, tol) <= 0;
    } else {
        stat = ic_cert_check(cert, "gradient_norm", what, r->gnorm, "<=", tol);
        ic_cert_proof(cert, IC_PROOF_NUMERIC, "these weights", buf);
    }
    r->state = !stat ? IC_DIAG_NOT_CONVERGED : at_min ? IC_DIAG_AT_MINIMUM : IC_DIAG_STATIONARY;
    r->near_min = at_min;
    /* Away from the minimum: is L the minimum for fewer heads (some heads unused)? */
    r->fewer_heads = -1;
    for (size_t k = 0; !at_min && k < H; k++) {
        mpfr_sub_ui(gap, r->L, ic_diag_min_loss(d, k, T, m->heads_factor), R);
        mpfr_abs(gap, gap, R);
        mpfr_div_ui(gap, gap, (unsigned long)((T - 1) * d), R);
        if (mpfr_cmp_d(gap, o->tol_gap) <= 0) {
            r->fewer_heads = (long)k;
            break;
        }
    }

    /* 4. The Hessian's smallest eigenvalue. */
    snprintf(what, sizeof what,
             "smallest eigenvalue of the Hessian of %s in the %zu used parameters (rigorous interval): "
             "no negative curvature beyond tau = tol-hess max(1, |lambda_max|) when >= -tau; proven below -tau: "
             "a strict saddle (checked at a stationary point above the minimum; measured at the minimum value)",
             m->loss_name, r->n);
    if (r->state == IC_DIAG_NOT_CONVERGED && !at_min) {
        ic_cert_not_applicable(cert, "hessian_min_eigenvalue", what, NULL, NULL, NULL,
                               "neither a stationary point nor at the minimum value: curvature says nothing about "
                               "where the weights sit");
    } else if ((long)r->n > o->hess_max) {
        snprintf(buf, sizeof buf, "%zu parameters > hessian-max = %ld (the Hessian is not cheap here)", r->n,
                 o->hess_max);
        ic_cert_not_applicable(cert, "hessian_min_eigenvalue", what, NULL, NULL, NULL, buf);
    } else {
        ic_mat hm;
        mpfr_prec_t hq0 = r->grad_bits ? r->grad_bits : o->prec;
        rc = ic_diag_hessian(&hm, &r->hess_bits, m, A, B, P, hq0, maxp, err);
        if (rc)
            goto out;
        int rig = 0;
        rc = ic_diag_min_eig(r->hlo, r->hhi, r->hmax, &rig, &hm, 0, err);
        ic_mat_clear(&hm);
        if (rc)
            goto out;
        /* tau = tol-hess max(1, |lambda_max|); the statement is lambda_min >= -tau. */
        mpfr_abs(r->tau, r->hmax, MPFR_RNDU);
        if (mpfr_cmp_ui(r->tau, 1) < 0)
            mpfr_set_ui(r->tau, 1, R);
        mpfr_set_d(tol, o->tol_hess, R);
        mpfr_mul(r->tau, r->tau, tol, MPFR_RNDU);
        mpfr_t negtau;
        mpfr_init2(negtau, 64);
        mpfr_neg(negtau, r->tau, R);
        const char *st;
        if (r->state != IC_DIAG_STATIONARY) {
            /* At the minimum value the question is settled by the loss; the
             * curvature is reported (negative curvature there means the
             * weights are near the minimum set but not on it: the loss
             * still decreases along a slow direction). */
            r->hess = mpfr_cmp(r->hlo, negtau) >= 0 && rig && r->hess_bits ? IC_DIAG_HESS_NO_NEGATIVE
                      : mpfr_cmp(r->hhi, negtau) < 0 && rig && r->hess_bits ? IC_DIAG_HESS_SADDLE
                                                                          : IC_DIAG_HESS_UNDECIDED;
            st = "info";
        } else if (!rig || !r->hess_bits) {
            r->hess = IC_DIAG_HESS_UNDECIDED;
            st = "undecided";
        } else if (mpfr_cmp(r->hlo, negtau) >= 0) {
            r->hess = IC_DIAG_HESS_NO_NEGATIVE;
            st = "pass";
        } else if (mpfr_cmp(r->hhi, negtau) < 0) {
            r->hess = IC_DIAG_HESS_SADDLE;
            st = "fail";
        } else {
            r->hess = IC_DIAG_HESS_UNDECIDED;
            st = "undecided";
        }
        fmt_into(v1, sizeof v1, r->hlo);
        fmt_into(v2, sizeof v2, r->hhi);
        snprintf(buf, sizeof buf, "[%s, %s]", v1, v2);
        fmt_into(v1, sizeof v1, negtau);
        mpfr_clear(negtau);
        ic_cert_check_status(cert, "hessian_min_eigenvalue", what, buf, ">=", v1, st);
        snprintf(buf, sizeof buf,
                 "exact Hessian (central differences of the exact gradient with step 1, exact since %s has "
                 "degree <= 2 in each parameter; %ld bits); lower end: a completed Cholesky factorisation in double "
                 "of the Hessian shifted below it, with Higham's backward error bound and the rounding to double; "
                 "upper end: an upward-rounded Rayleigh quotient",
                 m->loss_name, (long)r->hess_bits);
        if (strcmp(st, "info") != 0)
            ic_cert_proof(cert, r->hess_bits && rig ? IC_PROOF_ENCLOSURE : IC_PROOF_NUMERIC, "these weights", buf);
        fmt_into(v1, sizeof v1, r->hmax);
        snprintf(buf, sizeof buf, "%zu parameters; exact at %ld bits; lambda_max ~ %s (double)", r->n,
                 (long)r->hess_bits, v1);
        ic_cert_measure_str(cert, "hessian_size", "the Hessian behind hessian_min_eigenvalue", buf);
    }
out:
    mpfr_clears(gap, tol, (mpfr_ptr)0);
    if (rc)
        ic_diag_result_clear(r);
    return rc;
}

/* Appends to a fixed buffer (truncating). */
static void cat(char *buf, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void cat(char *buf, size_t cap, const char *fmt, ...)
{
    size_t len = strlen(buf);
    if (len + 1 >= cap)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + len, cap - len, fmt, ap);
    va_end(ap);
}

void ic_diag_finding(ic_cert *cert, const ic_diag_model *m, const ic_diag_result *r, const char *extra)
{
    char L[64], mn[64], g[64], gap[64], lo[64], hi[64], text[4096] = "", val[512] = "";
    fmt_into(L, sizeof L, r->L);
    fmt_into(mn, sizeof mn, r->Lmin);
    fmt_into(g, sizeof g, r->gnorm);
    fmt_into(gap, sizeof gap, r->gap);
    fmt_into(lo, sizeof lo, r->hlo);
    fmt_into(hi, sizeof hi, r->hhi);
    const char *name;
    if (r->state == IC_DIAG_AT_MINIMUM) {
        name = "at_minimum_for_heads";
        cat(text, sizeof text,
            "the weights sit at the minimum of %s for their head count: %s = %s for d = %zu, H = %zu, T = %zu%s, "
            "and %s = %s",
            m->loss_name, m->min_formula, mn, r->d, r->H, r->T,
            mpfr_zero_p(r->Lmin) ? " (the global minimum)" : " (above 0: too few heads for zero loss)",
            m->loss_name, L);
        cat(val, sizeof val, "minimum %s, loss %s, (loss - minimum) / ((T-1) d) = %s", mn, L, gap);
    } else if (r->state == IC_DIAG_STATIONARY) {
        name = "stationary_point";
        cat(text, sizeof text,
            "gradient descent is stuck at a stationary point above the minimum for the head count: %s = %s > "
            "minimum %s = %s (d = %zu, H = %zu, T = %zu), ||grad|| <= %s",
            m->loss_name, L, m->min_formula, mn, r->d, r->H, r->T, g);
        if (r->fewer_heads >= 0)
            cat(text, sizeof text, "; the loss equals the minimum for %ld heads, %lu: %ld of the %zu heads do no work",
                r->fewer_heads, ic_diag_min_loss(r->d, (size_t)r->fewer_heads, r->T, m->heads_factor),
                (long)r->H - r->fewer_heads, r->H);
        cat(val, sizeof val, "loss %s, minimum %s, gradient norm <= %s", L, mn, g);
    } else {
        name = "not_converged";
        if (r->near_min)
            cat(text, sizeof text,
                "not converged: %s = %s is within tol-gap of the minimum %s = %s for d = %zu, H = %zu, T = %zu, but "
                "the gradient is not small (||grad %s|| <= %s, above tol-grad): the weights are "
                "close to the minimum value without sitting at a stationary point",
                m->loss_name, L, m->min_formula, mn, r->d, r->H, r->T, m->loss_name, g);
        else
            cat(text, sizeof text,
                "not converged: the gradient is not small (||grad %s|| <= %s, above tol-grad) and %s = %s is above "
                "the minimum %s = %s for d = %zu, H = %zu, T = %zu: train longer",
                m->loss_name, g, m->loss_name, L, m->min_formula, mn, r->d, r->H, r->T);
        cat(val, sizeof val, "loss %s, minimum %s, gradient norm <= %s", L, mn, g);
    }
    switch (r->hess) {
    case IC_DIAG_HESS_NO_NEGATIVE:
        cat(text, sizeof text,
            "; Hessian: lambda_min in [%s, %s], no negative curvature beyond the tolerance%s", lo, hi,
            r->state == IC_DIAG_STATIONARY ? " (the second-order necessary condition of a local minimum holds, "
                                             "with zero eigenvalues along the symmetries: not a strict saddle)" : "");
        break;
    case IC_DIAG_HESS_SADDLE:
        if (r->state == IC_DIAG_STATIONARY)
            cat(text, sizeof text,
                "; Hessian: lambda_min in [%s, %s] < 0, a strict saddle (a direction of negative curvature exists; "
                "the gradient there is too small for gradient descent to leave quickly)",
                lo, hi);
        else
            cat(text, sizeof text,
                "; the Hessian has proven negative curvature, lambda_min in [%s, %s]: not a minimiser, the loss "
                "still decreases from here",
                lo, hi);
        break;
    case IC_DIAG_HESS_UNDECIDED:
        cat(text, sizeof text, "; Hessian: lambda_min in [%s, %s], sign undecided at the tolerance", lo, hi);
        break;
    default:
        if (r->state != IC_DIAG_NOT_CONVERGED)
            cat(text, sizeof text, "; Hessian not computed (too many parameters)");
        break;
    }
    if (extra)
        cat(text, sizeof text, "; %s", extra);
    ic_cert_finding(cert, name, text, val);
}
