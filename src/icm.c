#include "icm.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

int icm_init(icm_mat *m, size_t rows, size_t cols, mpfr_prec_t prec, ic_err *err)
{
    m->rows = m->cols = 0;
    m->prec = prec;
    m->e = NULL;
    if (prec < MPFR_PREC_MIN || prec > MPFR_PREC_MAX)
        return ic_err_set(err, IC_EINTERNAL, "icm_init: bad precision %ld", (long)prec);
    if (cols && rows > SIZE_MAX / cols)
        return ic_err_set(err, IC_EINTERNAL, "icm_init: %zu x %zu overflows", rows, cols);
    size_t n = rows * cols;
    m->e = ic_calloc(n, sizeof *m->e);
    if (!m->e)
        return ic_err_set(err, IC_EINTERNAL, "icm_init: out of memory for %zu x %zu", rows, cols);
    for (size_t k = 0; k < n; k++) {
        mpfr_init2(m->e[k], prec);
        mpfr_set_zero(m->e[k], 1);
    }
    m->rows = rows;
    m->cols = cols;
    return IC_OK;
}

void icm_clear(icm_mat *m)
{
    if (!m)
        return;
    size_t n = m->rows * m->cols;
    if (m->e)
        for (size_t k = 0; k < n; k++)
            mpfr_clear(m->e[k]);
    free(m->e);
    m->e = NULL;
    m->rows = m->cols = 0;
}

static size_t icm_len(const icm_mat *m)
{
    return m->rows * m->cols;
}

void icm_zero(icm_mat *m)
{
    for (size_t k = 0; k < icm_len(m); k++)
        mpfr_set_zero(m->e[k], 1);
}

void icm_set_identity(icm_mat *m)
{
    icm_zero(m);
    size_t d = m->rows < m->cols ? m->rows : m->cols;
    for (size_t i = 0; i < d; i++)
        mpfr_set_ui(ICM(m, i, i), 1, MPFR_RNDN);
}

void icm_copy(icm_mat *dst, const icm_mat *src)
{
    if (dst == src)
        return;
    for (size_t k = 0; k < icm_len(src); k++)
        mpfr_set(dst->e[k], src->e[k], MPFR_RNDN);
}

void icm_set_d(icm_mat *m, const double *src)
{
    for (size_t k = 0; k < icm_len(m); k++)
        mpfr_set_d(m->e[k], src[k], MPFR_RNDN);
}

void icm_get_d(double *dst, const icm_mat *m)
{
    for (size_t k = 0; k < icm_len(m); k++)
        dst[k] = mpfr_get_d(m->e[k], MPFR_RNDN);
}

void icm_transpose(icm_mat *dst, const icm_mat *src)
{
    for (size_t i = 0; i < src->rows; i++)
        for (size_t j = 0; j < src->cols; j++)
            mpfr_set(ICM(dst, j, i), ICM(src, i, j), MPFR_RNDN);
}

/* Entry (i, j) of m, or of m^T when trans is set. */
static mpfr_ptr entry_t(const icm_mat *m, int trans, size_t i, size_t j)
{
    return trans ? ICM(m, j, i) : ICM(m, i, j);
}

/* c = op(a) op(b) with op = transpose when the flag is set; inner length k.
 * Each entry is one correctly rounded mpfr_dot.  Pointer tables are needed
 * by mpfr_dot; if they cannot be allocated the result is NaN (never a
 * silently wrong number) and 0 is returned. */
static int mul_general(icm_mat *c, const icm_mat *a, int ta, const icm_mat *b, int tb, size_t k)
{
    mpfr_ptr *pa = ic_calloc(k, sizeof *pa);
    mpfr_ptr *pb = ic_calloc(k, sizeof *pb);
    int exact = 1;
    if (!pa || !pb) {
        for (size_t q = 0; q < icm_len(c); q++)
            mpfr_set_nan(c->e[q]);
        free(pa);
        free(pb);
        return 0;
    }
    for (size_t i = 0; i < c->rows; i++) {
        for (size_t q = 0; q < k; q++)
            pa[q] = entry_t(a, ta, i, q);
        for (size_t j = 0; j < c->cols; j++) {
            for (size_t q = 0; q < k; q++)
                pb[q] = entry_t(b, tb, q, j);
            if (mpfr_dot(ICM(c, i, j), pa, pb, k, MPFR_RNDN) != 0)
                exact = 0;
        }
    }
    free(pa);
    free(pb);
    return exact;
}

int icm_mul(icm_mat *c, const icm_mat *a, const icm_mat *b)
{
    return mul_general(c, a, 0, b, 0, a->cols);
}

int icm_mul_tn(icm_mat *c, const icm_mat *a, const icm_mat *b)
{
    return mul_general(c, a, 1, b, 0, a->rows);
}

int icm_mul_nt(icm_mat *c, const icm_mat *a, const icm_mat *b)
{
    return mul_general(c, a, 0, b, 1, a->cols);
}

void icm_add(icm_mat *c, const icm_mat *a, const icm_mat *b)
{
    for (size_t k = 0; k < icm_len(c); k++)
        mpfr_add(c->e[k], a->e[k], b->e[k], MPFR_RNDN);
}

void icm_sub(icm_mat *c, const icm_mat *a, const icm_mat *b)
{
    for (size_t k = 0; k < icm_len(c); k++)
        mpfr_sub(c->e[k], a->e[k], b->e[k], MPFR_RNDN);
}

void icm_scale(icm_mat *c, const icm_mat *a, mpfr_srcptr s)
{
    for (size_t k = 0; k < icm_len(c); k++)
        mpfr_mul(c->e[k], a->e[k], s, MPFR_RNDN);
}

void icm_axpy(icm_mat *c, mpfr_srcptr s, const icm_mat *a)
{
    /* One rounding per entry (fused multiply-add). */
    for (size_t k = 0; k < icm_len(c); k++)
        mpfr_fma(c->e[k], s, a->e[k], c->e[k], MPFR_RNDN);
}

void icm_trace(mpfr_ptr r, const icm_mat *m)
{
    size_t n = m->rows < m->cols ? m->rows : m->cols;
    mpfr_ptr *p = ic_calloc(n, sizeof *p);
    if (!p) {
        mpfr_set_nan(r);
        return;
    }
    for (size_t i = 0; i < n; i++)
        p[i] = ICM(m, i, i);
    mpfr_sum(r, p, n, MPFR_RNDN); /* correctly rounded, like the products */
    free(p);
}

/* r = sum over all entries of x_k y_k, one rounding; NaN on OOM. */
static void dot_all(mpfr_ptr r, const icm_mat *x, const icm_mat *y)
{
    size_t n = icm_len(x);
    mpfr_ptr *px = ic_calloc(n, sizeof *px);
    mpfr_ptr *py = ic_calloc(n, sizeof *py);
    if (!px || !py) {
        mpfr_set_nan(r);
    } else {
        for (size_t k = 0; k < n; k++) {
            px[k] = x->e[k];
            py[k] = y->e[k];
        }
        mpfr_dot(r, px, py, n, MPFR_RNDN);
    }
    free(px);
    free(py);
}

void icm_frob2(mpfr_ptr r, const icm_mat *m)
{
    dot_all(r, m, m);
}

void icm_frob(mpfr_ptr r, const icm_mat *m)
{
    /* frob2 at a wider precision first so that sqrt adds the only
     * significant rounding. */
    mpfr_t t;
    mpfr_init2(t, mpfr_get_prec(r) + 32);
    dot_all(t, m, m);
    mpfr_sqrt(r, t, MPFR_RNDN);
    mpfr_clear(t);
}

void icm_max_abs(mpfr_ptr r, const icm_mat *m)
{
    size_t best = 0;
    if (icm_len(m) == 0) {
        mpfr_set_zero(r, 1);
        return;
    }
    for (size_t k = 1; k < icm_len(m); k++)
        if (mpfr_cmpabs(m->e[k], m->e[best]) > 0 || mpfr_nan_p(m->e[k]))
            best = k;
    mpfr_abs(r, m->e[best], MPFR_RNDN);
}

void icm_dot(mpfr_ptr r, const icm_mat *x, const icm_mat *y)
{
    dot_all(r, x, y);
}

/* Swaps rows i and j of m (pointer-free: mpfr_swap exchanges limbs). */
static void swap_rows(icm_mat *m, size_t i, size_t j)
{
    for (size_t c = 0; c < m->cols; c++)
        mpfr_swap(ICM(m, i, c), ICM(m, j, c));
}

/* Row index >= j with the largest |lu(i, j)|. */
static size_t pivot_row(const icm_mat *lu, size_t j)
{
    size_t p = j;
    for (size_t i = j + 1; i < lu->rows; i++)
        if (mpfr_cmpabs(ICM(lu, i, j), ICM(lu, p, j)) > 0)
            p = i;
    return p;
}

/* row_i(m) -= f * row_j(m) for columns >= c0, one rounding per entry. */
static void row_elim(icm_mat *m, size_t i, size_t j, mpfr_srcptr f, size_t c0)
{
    for (size_t c = c0; c < m->cols; c++) {
        mpfr_fms(ICM(m, i, c), f, ICM(m, j, c), ICM(m, i, c), MPFR_RNDN);
        mpfr_neg(ICM(m, i, c), ICM(m, i, c), MPFR_RNDN);
    }
}

/* Forward elimination of lu with the same row operations applied to y. */
static int eliminate(icm_mat *lu, icm_mat *y, mpfr_ptr f)
{
    size_t n = lu->rows;
    for (size_t j = 0; j < n; j++) {
        size_t p = pivot_row(lu, j);
        if (mpfr_zero_p(ICM(lu, p, j)))
            return IC_FAIL;
        if (p != j) {
            swap_rows(lu, p, j);
            swap_rows(y, p, j);
        }
        for (size_t i = j + 1; i < n; i++) {
            if (mpfr_zero_p(ICM(lu, i, j)))
                continue;
            mpfr_div(f, ICM(lu, i, j), ICM(lu, j, j), MPFR_RNDN);
            row_elim(lu, i, j, f, j + 1);
            row_elim(y, i, j, f, 0);
            mpfr_set_zero(ICM(lu, i, j), 1);
        }
    }
    return IC_OK;
}

/* Back substitution in place: y <- u^{-1} y (u upper triangular). */
static void back_substitute(const icm_mat *u, icm_mat *y, mpfr_ptr t)
{
    size_t n = u->rows;
    for (size_t c = 0; c < y->cols; c++) {
        for (size_t i = n; i-- > 0;) {
            mpfr_set(t, ICM(y, i, c), MPFR_RNDN);
            for (size_t k = i + 1; k < n; k++) {
                mpfr_fms(t, ICM(u, i, k), ICM(y, k, c), t, MPFR_RNDN);
                mpfr_neg(t, t, MPFR_RNDN);
            }
            mpfr_div(ICM(y, i, c), t, ICM(u, i, i), MPFR_RNDN);
        }
    }
}

static int all_finite(const icm_mat *m)
{
    for (size_t k = 0; k < icm_len(m); k++)
        if (!mpfr_number_p(m->e[k]))
            return 0;
    return 1;
}

int icm_solve(icm_mat *x, const icm_mat *a, const icm_mat *b, ic_err *err)
{
    size_t n = a->rows;
    if (a->cols != n || b->rows != n || x->rows != n || x->cols != b->cols)
        return ic_err_set(err, IC_EINPUT, "icm_solve: shape mismatch (%zux%zu, %zux%zu, %zux%zu)",
                          a->rows, a->cols, b->rows, b->cols, x->rows, x->cols);
    if (!all_finite(a) || !all_finite(b))
        return ic_err_set(err, IC_EINPUT, "icm_solve: non-finite entry");
    icm_mat lu, y;
    int rc = icm_init(&lu, n, n, a->prec, err);
    if (rc)
        return rc;
    rc = icm_init(&y, n, b->cols, a->prec, err);
    if (rc) {
        icm_clear(&lu);
        return rc;
    }
    icm_copy(&lu, a);
    icm_copy(&y, b);
    mpfr_t t;
    mpfr_init2(t, a->prec);
    rc = eliminate(&lu, &y, t);
    if (rc == IC_OK) {
        back_substitute(&lu, &y, t);
        icm_copy(x, &y);
    } else {
        ic_err_set(err, rc, "icm_solve: matrix is singular at %ld bits (zero pivot)", (long)a->prec);
    }
    mpfr_clear(t);
    icm_clear(&lu);
    icm_clear(&y);
    return rc;
}

/* MPFR exponent E of the largest entry (max |m_ij| in [2^(E-1), 2^E)),
 * 0 for a zero matrix. */
mpfr_exp_t icm_emax(const icm_mat *m)
{
    mpfr_exp_t emax = 0;
    int any = 0;
    for (size_t k = 0; k < m->rows * m->cols; k++)
        if (!mpfr_zero_p(m->e[k]) && (!any || mpfr_get_exp(m->e[k]) > emax)) {
            emax = mpfr_get_exp(m->e[k]);
            any = 1;
        }
    return emax;
}

/* Doubles m * 2^-E, E = icm_emax(m), so that LAPACK sees neither overflow
 * nor needless underflow whatever the MPFR exponents are. */
void icm_get_d_scaled(double *dst, const icm_mat *m)
{
    mpfr_exp_t emax = icm_emax(m);
    for (size_t k = 0; k < m->rows * m->cols; k++) {
        long e;
        double d = mpfr_get_d_2exp(&e, m->e[k], MPFR_RNDN);
        dst[k] = d == 0 ? 0 : ldexp(d, (int)(e - emax < -2000 ? -2000 : e - emax));
    }
}
