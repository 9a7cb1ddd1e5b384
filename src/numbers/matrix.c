/* ic_mat: dense MPFR matrices: arithmetic, products, solves (see src/numbers/matrix.h). */
#include "numbers/matrix.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

int ic_mat_init(ic_mat *m, size_t rows, size_t cols, mpfr_prec_t prec, ic_err *err)
{
    m->rows = m->cols = 0;
    m->prec = prec;
    m->e = NULL;
    if (prec < MPFR_PREC_MIN || prec > MPFR_PREC_MAX)
        return ic_err_set(err, IC_EINTERNAL, "ic_mat_init: bad precision %ld", (long)prec);
    if (cols && rows > SIZE_MAX / cols)
        return ic_err_set(err, IC_EINTERNAL, "ic_mat_init: %zu x %zu overflows", rows, cols);
    size_t n = rows * cols;
    m->e = ic_calloc(n, sizeof *m->e);
    if (!m->e)
        return ic_err_set(err, IC_EINTERNAL, "ic_mat_init: out of memory for %zu x %zu", rows, cols);
    for (size_t k = 0; k < n; k++) {
        mpfr_init2(m->e[k], prec);
        mpfr_set_zero(m->e[k], 1);
    }
    m->rows = rows;
    m->cols = cols;
    return IC_OK;
}

void ic_mat_clear(ic_mat *m)
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

static size_t ic_mat_len(const ic_mat *m)
{
    return m->rows * m->cols;
}

void ic_mat_zero(ic_mat *m)
{
    for (size_t k = 0; k < ic_mat_len(m); k++)
        mpfr_set_zero(m->e[k], 1);
}

void ic_mat_set_identity(ic_mat *m)
{
    ic_mat_zero(m);
    size_t d = m->rows < m->cols ? m->rows : m->cols;
    for (size_t i = 0; i < d; i++)
        mpfr_set_ui(IC_MAT_AT(m, i, i), 1, MPFR_RNDN);
}

void ic_mat_copy(ic_mat *dst, const ic_mat *src)
{
    if (dst == src)
        return;
    for (size_t k = 0; k < ic_mat_len(src); k++)
        mpfr_set(dst->e[k], src->e[k], MPFR_RNDN);
}

void ic_mat_set_d(ic_mat *m, const double *src)
{
    for (size_t k = 0; k < ic_mat_len(m); k++)
        mpfr_set_d(m->e[k], src[k], MPFR_RNDN);
}

void ic_mat_get_d(double *dst, const ic_mat *m)
{
    for (size_t k = 0; k < ic_mat_len(m); k++)
        dst[k] = mpfr_get_d(m->e[k], MPFR_RNDN);
}

void ic_mat_transpose(ic_mat *dst, const ic_mat *src)
{
    for (size_t i = 0; i < src->rows; i++)
        for (size_t j = 0; j < src->cols; j++)
            mpfr_set(IC_MAT_AT(dst, j, i), IC_MAT_AT(src, i, j), MPFR_RNDN);
}

/* Entry (i, j) of m, or of m^T when trans is set. */
static mpfr_ptr entry_t(const ic_mat *m, int trans, size_t i, size_t j)
{
    return trans ? IC_MAT_AT(m, j, i) : IC_MAT_AT(m, i, j);
}

/* c = op(a) op(b) with op = transpose when the flag is set; inner length k.
 * Each entry is one correctly rounded mpfr_dot.  Pointer tables are needed
 * by mpfr_dot; if they cannot be allocated the result is NaN (never a
 * silently wrong number) and 0 is returned. */
static int mul_general(ic_mat *c, const ic_mat *a, int ta, const ic_mat *b, int tb, size_t k)
{
    mpfr_ptr *pa = ic_calloc(k, sizeof *pa);
    mpfr_ptr *pb = ic_calloc(k, sizeof *pb);
    int exact = 1;
    if (!pa || !pb) {
        for (size_t q = 0; q < ic_mat_len(c); q++)
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
            if (mpfr_dot(IC_MAT_AT(c, i, j), pa, pb, k, MPFR_RNDN) != 0)
                exact = 0;
        }
    }
    free(pa);
    free(pb);
    return exact;
}

int ic_mat_mul(ic_mat *c, const ic_mat *a, const ic_mat *b)
{
    return mul_general(c, a, 0, b, 0, a->cols);
}

int ic_mat_mul_tn(ic_mat *c, const ic_mat *a, const ic_mat *b)
{
    return mul_general(c, a, 1, b, 0, a->rows);
}

int ic_mat_mul_nt(ic_mat *c, const ic_mat *a, const ic_mat *b)
{
    return mul_general(c, a, 0, b, 1, a->cols);
}

void ic_mat_add(ic_mat *c, const ic_mat *a, const ic_mat *b)
{
    for (size_t k = 0; k < ic_mat_len(c); k++)
        mpfr_add(c->e[k], a->e[k], b->e[k], MPFR_RNDN);
}

void ic_mat_sub(ic_mat *c, const ic_mat *a, const ic_mat *b)
{
    for (size_t k = 0; k < ic_mat_len(c); k++)
        mpfr_sub(c->e[k], a->e[k], b->e[k], MPFR_RNDN);
}

void ic_mat_scale(ic_mat *c, const ic_mat *a, mpfr_srcptr s)
{
    for (size_t k = 0; k < ic_mat_len(c); k++)
        mpfr_mul(c->e[k], a->e[k], s, MPFR_RNDN);
}

void ic_mat_axpy(ic_mat *c, mpfr_srcptr s, const ic_mat *a)
{
    /* One rounding per entry (fused multiply-add). */
    for (size_t k = 0; k < ic_mat_len(c); k++)
        mpfr_fma(c->e[k], s, a->e[k], c->e[k], MPFR_RNDN);
}

void ic_mat_trace(mpfr_ptr r, const ic_mat *m)
{
    size_t n = m->rows < m->cols ? m->rows : m->cols;
    mpfr_ptr *p = ic_calloc(n, sizeof *p);
    if (!p) {
        mpfr_set_nan(r);
        return;
    }
    for (size_t i = 0; i < n; i++)
        p[i] = IC_MAT_AT(m, i, i);
    mpfr_sum(r, p, n, MPFR_RNDN); /* correctly rounded, like the products */
    free(p);
}

/* r = sum over all entries of x_k y_k, one rounding; NaN on OOM. */
static void dot_all(mpfr_ptr r, const ic_mat *x, const ic_mat *y)
{
    size_t n = ic_mat_len(x);
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

/* r = sum of m_k^2 correctly rounded, as mpfr_dot(m, m) gives it, about
 * five times faster: the squares of the entries' integer mantissas summed
 * exactly in one GMP integer on the grid of the lowest bit, then rounded
 * once.  Returns 0 (r untouched) for non-finite entries or a grid so wide
 * that the integer would be huge; mpfr_dot then does it. */
static int sumsq_exact(mpfr_ptr r, const ic_mat *m)
{
    size_t n = ic_mat_len(m);
    mpfr_exp_t emin = 0, emax = 0;
    int any = 0;
    for (size_t k = 0; k < n; k++) {
        mpfr_srcptr x = m->e[k];
        if (!mpfr_number_p(x))
            return 0;
        if (mpfr_zero_p(x))
            continue;
        mpfr_exp_t lo = mpfr_get_exp(x) - (mpfr_exp_t)mpfr_min_prec(x);
        if (!any || lo < emin)
            emin = lo;
        if (!any || mpfr_get_exp(x) > emax)
            emax = mpfr_get_exp(x);
        any = 1;
    }
    if (!any) {
        mpfr_set_zero(r, 1);
        return 1;
    }
    if (emax - emin > 1 << 14 || emin < -(1L << 28) || emax > (1L << 28))
        return 0;
    mpz_t acc, z;
    mpz_init(acc);
    mpz_init(z);
    for (size_t k = 0; k < n; k++) {
        if (mpfr_zero_p(m->e[k]))
            continue;
        /* x = z 2^e exactly; e - emin >= -(trailing zero bits of z) */
        long sh = (long)(mpfr_get_z_2exp(z, m->e[k]) - emin);
        if (sh >= 0)
            mpz_mul_2exp(z, z, (mp_bitcnt_t)sh);
        else
            mpz_tdiv_q_2exp(z, z, (mp_bitcnt_t)-sh);
        mpz_addmul(acc, z, z);
    }
    mpfr_set_z_2exp(r, acc, 2 * emin, MPFR_RNDN);
    mpz_clear(acc);
    mpz_clear(z);
    return 1;
}

void ic_mat_frob2(mpfr_ptr r, const ic_mat *m)
{
    if (!sumsq_exact(r, m))
        dot_all(r, m, m);
}

void ic_mat_frob(mpfr_ptr r, const ic_mat *m)
{
    /* frob2 at a wider precision first so that sqrt adds the only
     * significant rounding. */
    mpfr_t t;
    mpfr_init2(t, mpfr_get_prec(r) + 32);
    ic_mat_frob2(t, m);
    mpfr_sqrt(r, t, MPFR_RNDN);
    mpfr_clear(t);
}

void ic_mat_max_abs(mpfr_ptr r, const ic_mat *m)
{
    size_t best = 0;
    if (ic_mat_len(m) == 0) {
        mpfr_set_zero(r, 1);
        return;
    }
    for (size_t k = 1; k < ic_mat_len(m); k++)
        if (mpfr_cmpabs(m->e[k], m->e[best]) > 0 || mpfr_nan_p(m->e[k]))
            best = k;
    mpfr_abs(r, m->e[best], MPFR_RNDN);
}

void ic_mat_dot(mpfr_ptr r, const ic_mat *x, const ic_mat *y)
{
    dot_all(r, x, y);
}

/* Swaps rows i and j of m (pointer-free: mpfr_swap exchanges limbs). */
static void swap_rows(ic_mat *m, size_t i, size_t j)
{
    for (size_t c = 0; c < m->cols; c++)
        mpfr_swap(IC_MAT_AT(m, i, c), IC_MAT_AT(m, j, c));
}

/* Row index >= j with the largest |lu(i, j)|. */
static size_t pivot_row(const ic_mat *lu, size_t j)
{
    size_t p = j;
    for (size_t i = j + 1; i < lu->rows; i++)
        if (mpfr_cmpabs(IC_MAT_AT(lu, i, j), IC_MAT_AT(lu, p, j)) > 0)
            p = i;
    return p;
}

/* row_i(m) -= f * row_j(m) for columns >= c0, one rounding per entry. */
static void row_elim(ic_mat *m, size_t i, size_t j, mpfr_srcptr f, size_t c0)
{
    for (size_t c = c0; c < m->cols; c++) {
        mpfr_fms(IC_MAT_AT(m, i, c), f, IC_MAT_AT(m, j, c), IC_MAT_AT(m, i, c), MPFR_RNDN);
        mpfr_neg(IC_MAT_AT(m, i, c), IC_MAT_AT(m, i, c), MPFR_RNDN);
    }
}

/* Forward elimination of lu with the same row operations applied to y. */
static int eliminate(ic_mat *lu, ic_mat *y, mpfr_ptr f)
{
    size_t n = lu->rows;
    for (size_t j = 0; j < n; j++) {
        size_t p = pivot_row(lu, j);
        if (mpfr_zero_p(IC_MAT_AT(lu, p, j)))
            return IC_FAIL;
        if (p != j) {
            swap_rows(lu, p, j);
            swap_rows(y, p, j);
        }
        for (size_t i = j + 1; i < n; i++) {
            if (mpfr_zero_p(IC_MAT_AT(lu, i, j)))
                continue;
            mpfr_div(f, IC_MAT_AT(lu, i, j), IC_MAT_AT(lu, j, j), MPFR_RNDN);
            row_elim(lu, i, j, f, j + 1);
            row_elim(y, i, j, f, 0);
            mpfr_set_zero(IC_MAT_AT(lu, i, j), 1);
        }
    }
    return IC_OK;
}

/* Back substitution in place: y <- u^{-1} y (u upper triangular). */
static void back_substitute(const ic_mat *u, ic_mat *y, mpfr_ptr t)
{
    size_t n = u->rows;
    for (size_t c = 0; c < y->cols; c++) {
        for (size_t i = n; i-- > 0;) {
            mpfr_set(t, IC_MAT_AT(y, i, c), MPFR_RNDN);
            for (size_t k = i + 1; k < n; k++) {
                mpfr_fms(t, IC_MAT_AT(u, i, k), IC_MAT_AT(y, k, c), t, MPFR_RNDN);
                mpfr_neg(t, t, MPFR_RNDN);
            }
            mpfr_div(IC_MAT_AT(y, i, c), t, IC_MAT_AT(u, i, i), MPFR_RNDN);
        }
    }
}

static int all_finite(const ic_mat *m)
{
    for (size_t k = 0; k < ic_mat_len(m); k++)
        if (!mpfr_number_p(m->e[k]))
            return 0;
    return 1;
}

int ic_mat_solve(ic_mat *x, const ic_mat *a, const ic_mat *b, ic_err *err)
{
    size_t n = a->rows;
    if (a->cols != n || b->rows != n || x->rows != n || x->cols != b->cols)
        return ic_err_set(err, IC_EINPUT, "ic_mat_solve: shape mismatch (%zux%zu, %zux%zu, %zux%zu)",
                          a->rows, a->cols, b->rows, b->cols, x->rows, x->cols);
    if (!all_finite(a) || !all_finite(b))
        return ic_err_set(err, IC_EINPUT, "ic_mat_solve: non-finite entry");
    ic_mat lu, y;
    int rc = ic_mat_init(&lu, n, n, a->prec, err);
    if (rc)
        return rc;
    rc = ic_mat_init(&y, n, b->cols, a->prec, err);
    if (rc) {
        ic_mat_clear(&lu);
        return rc;
    }
    ic_mat_copy(&lu, a);
    ic_mat_copy(&y, b);
    mpfr_t t;
    mpfr_init2(t, a->prec);
    rc = eliminate(&lu, &y, t);
    if (rc == IC_OK) {
        back_substitute(&lu, &y, t);
        ic_mat_copy(x, &y);
    } else {
        ic_err_set(err, rc, "ic_mat_solve: matrix is singular at %ld bits (zero pivot)", (long)a->prec);
    }
    mpfr_clear(t);
    ic_mat_clear(&lu);
    ic_mat_clear(&y);
    return rc;
}

/* MPFR exponent E of the largest entry (max |m_ij| in [2^(E-1), 2^E)),
 * 0 for a zero matrix. */
mpfr_exp_t ic_mat_emax(const ic_mat *m)
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

/* Doubles m * 2^-E, E = ic_mat_emax(m), so that LAPACK sees neither overflow
 * nor needless underflow whatever the MPFR exponents are. */
void ic_mat_get_d_scaled(double *dst, const ic_mat *m)
{
    mpfr_exp_t emax = ic_mat_emax(m);
    for (size_t k = 0; k < m->rows * m->cols; k++) {
        long e;
        double d = mpfr_get_d_2exp(&e, m->e[k], MPFR_RNDN);
        dst[k] = d == 0 ? 0 : ldexp(d, (int)(e - emax < -2000 ? -2000 : e - emax));
    }
}
