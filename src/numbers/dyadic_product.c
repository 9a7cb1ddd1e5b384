/* ic_dyadic: exact products of dyadic matrices through double BLAS (see src/numbers/dyadic_product.h). */
#include "numbers/dyadic_product.h"

#include <gmp.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

/* OpenBLAS's Fortran dgemm_.  Not cblas_dgemm, which can bind to GSL's
 * reference CBLAS (libgsl brings libgslcblas; 14x slower) depending
 * on a program's link order; libgslcblas does not export dgemm_. */
void dgemm_(const char *transa, const char *transb, const int *m, const int *n, const int *k, const double *alpha,
            const double *a, const int *lda, const double *b, const int *ldb, const double *beta, double *c,
            const int *ldc);

/* c += op(a) op(b), all row-major (c is m x n, ld n): the column-major
 * call for c^T = op(b)^T op(a)^T. */
static void gemm_rm(int ta, int tb, size_t m, size_t n, size_t k, const double *a, size_t lda, const double *b,
                    size_t ldb, double *c, int add)
{
    const int im = (int)m, in = (int)n, ik = (int)k, ia = (int)lda, ib = (int)ldb;
    const double one = 1.0, cb = add ? 1.0 : 0.0; /* add 0: c = op(a) op(b), c not read */
    dgemm_(tb ? "T" : "N", ta ? "T" : "N", &in, &im, &ik, &one, b, &ib, a, &ia, &cb, c, &in);
}

void dsyrk_(const char *uplo, const char *trans, const int *n, const int *k, const double *alpha, const double *a,
            const int *lda, const double *beta, double *c, const int *ldc);
void dsyr2k_(const char *uplo, const char *trans, const int *n, const int *k, const double *alpha, const double *a,
             const int *lda, const double *b, const int *ldb, const double *beta, double *c, const int *ldc);

/* The passes over whole digit planes (carries, sums, conversions) are
 * simple loops over doubles: built with GCC on x86-64 they are vectorised,
 * with an AVX2 clone picked at load time where the CPU has it.  The
 * arithmetic is the same IEEE operations in the same order per entry
 * (no contraction: -std=c11), so results do not depend on the clone. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__ELF__)
#define IC_PLANE_LOOP __attribute__((target_clones("avx2", "default"), optimize("tree-vectorize")))
#else
#define IC_PLANE_LOOP
#endif

/* floor(a / b) for b > 0. */
static long floor_div(long a, long b)
{
    long q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}

/* An exponent for ldexp: w clamped to +-2000, beyond which every double
 * scaled by 2^w over- or underflows anyway. */
static int clamp_exp(long w)
{
    return (int)(w < -2000 ? -2000 : w > 2000 ? 2000 : w);
}

/* Grid position top of a matrix whose entries are below 2^e in absolute
 * value: the smallest top with e <= top beta - 1. */
static long top_for_exp(long e, int beta)
{
    return -floor_div(-(e + 1), beta);
}

long ic_dyadic_grid_at(long e, int beta)
{
    return floor_div(e, beta);
}

int ic_dyadic_beta(size_t n)
{
    int l = 0;
    while (((size_t)1 << l) < n)
        l++;
    /* n IC_DYADIC_KMAX 2^(2 beta - 2) <= 2^51: room below 2^53 for carries */
    int beta = (51 + 2 - l - 6) / 2;
    return beta < 8 ? 8 : beta;
}

static size_t plane(const ic_dyadic_mat *x)
{
    return x->rows * x->cols;
}

/* Digit planes kept for reuse, per thread.  A refinement allocates a few
 * MB of planes and frees them at the end; glibc then gives the top of its
 * heap back to the kernel, and the next call takes every page afresh (a
 * page fault and a zeroed page per 4 KB: about 700 faults and a tenth
 * of the processor time of one symmetric enclosure at n = 64 and 256
 * bits, more with OpenBLAS threads running, whose TLB shootdowns every
 * unmapping pays).  Freed planes therefore go to a small
 * per-thread cache (at most IC_DYADIC_CACHE_N buffers and
 * IC_DYADIC_CACHE_BYTES), from which the next allocation of a size they
 * hold is served; a thread's cache is freed when the thread ends
 * (tss_create's destructor).  Only where memory comes from changes: every
 * buffer taken is zeroed or overwritten as before. */
#define IC_DYADIC_CACHE_N 16
#define IC_DYADIC_CACHE_BYTES ((size_t)64 << 20)

typedef struct {
    double *buf[IC_DYADIC_CACHE_N];
    size_t cap[IC_DYADIC_CACHE_N]; /* doubles */
    int n;
    size_t bytes;
} plane_cache;

static tss_t cache_key;
static int cache_ok;
static once_flag cache_once = ONCE_FLAG_INIT;

static void cache_free(void *p)
{
    plane_cache *c = p;
    for (int i = 0; c && i < c->n; i++)
        free(c->buf[i]);
    free(c);
}

static void cache_init(void)
{
    cache_ok = tss_create(&cache_key, cache_free) == thrd_success;
}

static plane_cache *cache_get(void)
{
    call_once(&cache_once, cache_init);
    if (!cache_ok)
        return NULL;
    plane_cache *c = tss_get(cache_key);
    if (!c) {
        c = calloc(1, sizeof *c);
        if (c && tss_set(cache_key, c) != thrd_success) {
            free(c);
            c = NULL;
        }
    }
    return c;
}

/* A buffer of at least need doubles (*cap: its size in doubles): the
 * smallest cached one that fits, zeroed when zero is set, else a fresh
 * one (calloc when zero is set: fresh pages need no clearing pass). */
static double *planes_take(size_t need, size_t *cap, int zero)
{
    plane_cache *c = cache_get();
    int best = -1;
    for (int i = 0; c && i < c->n; i++)
        if (c->cap[i] >= need && (best < 0 || c->cap[i] < c->cap[best]))
            best = i;
    if (best >= 0) {
        double *d = c->buf[best];
        *cap = c->cap[best];
        c->bytes -= c->cap[best] * sizeof(double);
        c->n--;
        c->buf[best] = c->buf[c->n];
        c->cap[best] = c->cap[c->n];
        if (zero)
            memset(d, 0, need * sizeof *d);
        return d;
    }
    *cap = need;
    if (need > SIZE_MAX / sizeof(double))
        return NULL;
    return zero ? calloc(need, sizeof(double)) : malloc(need * sizeof(double));
}

/* Gives d (cap doubles) back: into the cache when it has room (evicting
 * its smallest buffer when that is smaller than d), else free. */
static void planes_give(double *d, size_t cap)
{
    if (!d)
        return;
    plane_cache *c = cache_get();
    size_t bytes = cap * sizeof(double);
    if (!c || bytes > IC_DYADIC_CACHE_BYTES) {
        free(d);
        return;
    }
    while (c->n > 0 && (c->n == IC_DYADIC_CACHE_N || c->bytes + bytes > IC_DYADIC_CACHE_BYTES)) {
        int small = 0;
        for (int i = 1; i < c->n; i++)
            if (c->cap[i] < c->cap[small])
                small = i;
        if (c->cap[small] >= cap) {
            free(d);
            return;
        }
        free(c->buf[small]);
        c->bytes -= c->cap[small] * sizeof(double);
        c->n--;
        c->buf[small] = c->buf[c->n];
        c->cap[small] = c->cap[c->n];
    }
    c->buf[c->n] = d;
    c->cap[c->n] = cap;
    c->n++;
    c->bytes += bytes;
}

int ic_dyadic_init(ic_dyadic_mat *x, size_t rows, size_t cols, int k, long top, int beta, ic_err *err)
{
    memset(x, 0, sizeof *x);
    if (k < 1)
        k = 1;
    if (k > 4 * IC_DYADIC_KMAX)
        return ic_err_set(err, IC_EINTERNAL, "ic_dyadic: %d digit planes", k);
    size_t need = (size_t)k * rows * cols + 1, cap = 0;
    if (rows && cols > (SIZE_MAX / sizeof(double) - 1) / (4 * IC_DYADIC_KMAX) / rows)
        return ic_err_set(err, IC_EINTERNAL, "ic_dyadic: out of memory");
    x->d = planes_take(need, &cap, 1);
    if (!x->d)
        return ic_err_set(err, IC_EINTERNAL, "ic_dyadic: out of memory");
    x->rows = rows;
    x->cols = cols;
    x->k = k;
    x->top = top;
    x->beta = beta;
    x->cap = cap;
    return IC_OK;
}

void ic_dyadic_clear(ic_dyadic_mat *x)
{
    if (!x->view)
        planes_give(x->d, x->cap);
    memset(x, 0, sizeof *x);
}

/* An output's new shape, all digits zero: ic_dyadic_init, but into x's
 * memory when it holds enough (iterations then allocate once instead of
 * taking fresh, zero-filled pages from the kernel at every step). */
static int reshape_keep(ic_dyadic_mat *x, size_t rows, size_t cols, int k, long top, int beta, int zero, ic_err *err)
{
    if (k < 1)
        k = 1;
    size_t need = (size_t)k * rows * cols + 1;
    if (!x->d || x->view || x->cap < need || k > 4 * IC_DYADIC_KMAX) {
        ic_dyadic_clear(x);
        return ic_dyadic_init(x, rows, cols, k, top, beta, err);
    }
    if (zero)
        memset(x->d, 0, need * sizeof *x->d);
    x->rows = rows;
    x->cols = cols;
    x->k = k;
    x->top = top;
    x->beta = beta;
    return IC_OK;
}

static int reshape(ic_dyadic_mat *x, size_t rows, size_t cols, int k, long top, int beta, ic_err *err)
{
    return reshape_keep(x, rows, cols, k, top, beta, 1, err);
}

int ic_dyadic_copy(ic_dyadic_mat *dst, const ic_dyadic_mat *src, ic_err *err)
{
    if (dst == src)
        return IC_OK;
    int rc = reshape(dst, src->rows, src->cols, src->k, src->top, src->beta, err);
    if (!rc)
        memcpy(dst->d, src->d, (size_t)src->k * plane(src) * sizeof *dst->d);
    return rc;
}

void ic_dyadic_swap(ic_dyadic_mat *a, ic_dyadic_mat *b)
{
    ic_dyadic_mat t = *a;
    *a = *b;
    *b = t;
}

long ic_dyadic_lsb(const ic_dyadic_mat *x)
{
    return x->top - x->k;
}

static int plane_zero(const ic_dyadic_mat *x, int q)
{
    const double *p = x->d + (size_t)q * plane(x);
    for (size_t i = 0; i < plane(x); i++)
        if (p[i] != 0)
            return 0;
    return 1;
}

int ic_dyadic_is_zero(const ic_dyadic_mat *x)
{
    for (int q = 0; q < x->k; q++)
        if (!plane_zero(x, q))
            return 0;
    return 1;
}

/* Removes all-zero leading and trailing planes (keeps at least one). */
static void trim(ic_dyadic_mat *x)
{
    int lead = 0, tail = 0;
    while (lead < x->k - 1 && plane_zero(x, lead))
        lead++;
    while (tail < x->k - 1 - lead && plane_zero(x, x->k - 1 - tail))
        tail++;
    if (lead)
        memmove(x->d, x->d + (size_t)lead * plane(x), (size_t)(x->k - lead) * plane(x) * sizeof *x->d);
    x->top -= lead;
    x->k -= lead + tail;
}

/* One plane's carries into the plane above: p keeps the balanced
 * remainder, h gets the carry. */
IC_PLANE_LOOP static void carry_plane(double *restrict p, double *restrict h, size_t np, double up, double down)
{
    const double magic = 0x1.8p52; /* (y + magic) - magic rounds |y| < 2^51 to an integer */
    for (size_t i = 0; i < np; i++) {
        double c = (p[i] * down + magic) - magic;
        p[i] -= c * up;
        h[i] += c;
    }
}

/* Carry pass: every plane but the first ends with |digit| <= 2^(beta-1).
 * Exact: the planes hold integers below 2^52 and carries add less than
 * 2^(53 - beta). */
static void normalise(ic_dyadic_mat *x)
{
    size_t np = plane(x);
    double up = ldexp(1.0, x->beta), down = ldexp(1.0, -x->beta);
    for (int q = x->k - 1; q >= 1; q--) {
        double *p = x->d + (size_t)q * np;
        carry_plane(p, p - np, np, up, down);
    }
    trim(x);
}

/* End of a setter: x freed on error, else trimmed. */
static int set_done(ic_dyadic_mat *x, int rc)
{
    if (rc)
        ic_dyadic_clear(x);
    else
        trim(x);
    return rc;
}

/* Digits of the integer z (|z| < 2^(k beta - 1)) into planes 0..k-1 of
 * entry idx, least significant last. Returns 0 if z did not fit. */
static int z_to_digits(ic_dyadic_mat *x, size_t idx, mpz_t z, mpz_t r)
{
    size_t np = plane(x);
    long half = 1L << (x->beta - 1);
    for (int q = x->k - 1; q >= 0; q--) {
        if (mpz_fits_slong_p(z)) {
            long v = mpz_get_si(z);
            for (; q >= 0; q--) {
                long m = v & ((1L << x->beta) - 1);
                if (m > half)
                    m -= 1L << x->beta;
                x->d[(size_t)q * np + idx] = (double)m;
                v = (v - m) / (1L << x->beta);
            }
            return v == 0;
        }
        mpz_fdiv_r_2exp(r, z, (mp_bitcnt_t)x->beta);
        long m = (long)mpz_get_ui(r);
        if (m > half)
            m -= 1L << x->beta;
        x->d[(size_t)q * np + idx] = (double)m;
        if (m >= 0)
            mpz_sub_ui(z, z, (unsigned long)m);
        else
            mpz_add_ui(z, z, (unsigned long)-m);
        mpz_fdiv_q_2exp(z, z, (mp_bitcnt_t)x->beta);
    }
    return mpz_sgn(z) == 0;
}

/* Digits of the doubles r (overwritten by the remainders) on planes
 * q0 .. x->k-1, plane by plane: d = round(r 2^-w), r -= d 2^w (exact: d 2^w
 * is the multiple of 2^w nearest r).  Entries with |r| >= 2^(w + beta - 1)
 * at the first plane are not allowed. */
static void digits_from_doubles(ic_dyadic_mat *x, double *r, int q0)
{
    size_t np = plane(x);
    const double magic = 0x1.8p52;
    for (int q = q0; q < x->k; q++) {
        long w = (x->top - 1 - q) * x->beta;
        double *d = x->d + (size_t)q * np;
        if (w > -960 && w < 960) {
            double sc = ldexp(1.0, (int)-w), isc = ldexp(1.0, (int)w);
            for (size_t i = 0; i < np; i++) {
                double dq = (r[i] * sc + magic) - magic;
                r[i] -= dq * isc;
                d[i] = dq;
            }
        } else
            for (size_t i = 0; i < np; i++) {
                if (r[i] == 0)
                    continue;
                double dq = nearbyint(ldexp(r[i], clamp_exp(-w)));
                r[i] -= ldexp(dq, clamp_exp(w));
                d[i] = dq;
            }
    }
}

int ic_dyadic_set_mat(ic_dyadic_mat *x, const ic_mat *m, int beta, int kmax, int *inexact, ic_err *err)
{
    size_t n = m->rows * m->cols;
    long emax = 0, lsb = 0;
    int any = 0, dbl = 1;
    for (size_t i = 0; i < n; i++) {
        mpfr_srcptr v = m->e[i];
        if (!mpfr_number_p(v))
            return ic_err_set(err, IC_EINPUT, "ic_dyadic: entry %zu is not finite", i);
        if (mpfr_zero_p(v))
            continue;
        long e = mpfr_get_exp(v), l = e - (long)mpfr_min_prec(v);
        dbl &= mpfr_min_prec(v) <= 53 && e < 900 && l > -900;
        if (!any || e > emax)
            emax = e;
        if (!any || l < lsb)
            lsb = l;
        any = 1;
    }
    long top = any ? top_for_exp(emax, beta) : 0;
    long want = any ? top - floor_div(lsb, beta) : 1;
    int k = want > kmax ? kmax : (int)want;
    *inexact = want > kmax;
    int rc = reshape(x, m->rows, m->cols, k, top, beta, err);
    if (rc)
        return rc;
    if (dbl) { /* every entry is a double: no big integers */
        double *v = ic_calloc(n ? n : 1, sizeof *v);
        if (!v) {
            ic_dyadic_clear(x);
            return ic_err_set(err, IC_EINTERNAL, "ic_dyadic: out of memory");
        }
        for (size_t i = 0; i < n; i++)
            v[i] = mpfr_get_d(m->e[i], MPFR_RNDZ); /* exact, or cut towards zero */
        digits_from_doubles(x, v, 0);
        free(v);
        trim(x);
        return IC_OK;
    }
    mpz_t z, r;
    mpfr_t t;
    mpz_init(z);
    mpz_init(r);
    mpfr_init2(t, m->prec);
    for (size_t i = 0; i < n && !rc; i++) {
        if (mpfr_zero_p(m->e[i]))
            continue;
        mpfr_set_prec(t, mpfr_get_prec(m->e[i]));
        mpfr_mul_2si(t, m->e[i], -(top - k) * beta, MPFR_RNDN); /* exact */
        mpfr_get_z(z, t, MPFR_RNDZ);
        if (!z_to_digits(x, i, z, r))
            rc = ic_err_set(err, IC_EINTERNAL, "ic_dyadic: entry %zu outside its grid", i);
    }
    mpz_clear(z);
    mpz_clear(r);
    mpfr_clear(t);
    return set_done(x, rc);
}

int ic_dyadic_set_d_trunc(ic_dyadic_mat *x, const double *a, size_t rows, size_t cols, int beta, int k, ic_err *err)
{
    double mx = 0;
    for (size_t i = 0; i < rows * cols; i++) {
        if (!isfinite(a[i]))
            return ic_err_set(err, IC_EINPUT, "ic_dyadic: entry %zu is not finite", i);
        if (fabs(a[i]) > mx)
            mx = fabs(a[i]);
    }
    int e = 0;
    if (mx > 0)
        frexp(mx, &e); /* mx < 2^e */
    long top = top_for_exp(e, beta);
    int rc = reshape(x, rows, cols, k, top, beta, err);
    if (rc)
        return rc;
    size_t nv = rows * cols;
    double *v = ic_calloc(nv > 0 ? nv : 1, sizeof *v);
    if (!v) {
        ic_dyadic_clear(x);
        return ic_err_set(err, IC_EINTERNAL, "ic_dyadic: out of memory");
    }
    memcpy(v, a, nv * sizeof *v);
    digits_from_doubles(x, v, 0);
    free(v);
    trim(x);
    return IC_OK;
}

int ic_dyadic_set_arf_trunc(ic_dyadic_mat *x, arf_srcptr v, size_t rows, size_t cols, int beta, long lsb, ic_err *err)
{
    size_t n = rows * cols;
    long emax = 0;
    int any = 0;
    for (size_t i = 0; i < n; i++) {
        if (!arf_is_finite(v + i))
            return ic_err_set(err, IC_EINPUT, "ic_dyadic: entry %zu is not finite", i);
        if (arf_is_zero(v + i))
            continue;
        long e = arf_abs_bound_lt_2exp_si(v + i);
        if (!any || e > emax)
            emax = e;
        any = 1;
    }
    long top = any ? top_for_exp(emax, beta) : lsb + 1;
    if (top <= lsb)
        top = lsb + 1;
    int k = (int)(top - lsb), rc = reshape(x, rows, cols, k, top, beta, err);
    if (rc)
        return rc;
    fmpz_t f;
    mpz_t z, r;
    fmpz_init(f);
    mpz_init(z);
    mpz_init(r);
    for (size_t i = 0; i < n && !rc; i++) {
        if (arf_is_zero(v + i))
            continue;
        arf_get_fmpz_fixed_si(f, v + i, lsb * beta);
        fmpz_get_mpz(z, f);
        if (!z_to_digits(x, i, z, r))
            rc = ic_err_set(err, IC_EINTERNAL, "ic_dyadic: entry %zu outside its grid", i);
    }
    fmpz_clear(f);
    mpz_clear(z);
    mpz_clear(r);
    return set_done(x, rc);
}

int ic_dyadic_set_identity(ic_dyadic_mat *x, size_t n, int beta, ic_err *err)
{
    int rc = reshape(x, n, n, 1, 1, beta, err); /* plane 0 has weight 2^0 */
    for (size_t i = 0; !rc && i < n; i++)
        x->d[i * n + i] = 1;
    return rc;
}

int ic_dyadic_mul(ic_dyadic_mat *c, const ic_dyadic_mat *a, int ta, const ic_dyadic_mat *b, int tb, ic_err *err)
{
    size_t m = ta ? a->cols : a->rows, kk = ta ? a->rows : a->cols;
    size_t n = tb ? b->rows : b->cols, kb_ = tb ? b->cols : b->rows;
    if (kk != kb_ || a->beta != b->beta)
        return ic_err_set(err, IC_EINTERNAL, "ic_dyadic_mul: shapes or digit widths differ");
    int beta = a->beta, kmin = a->k < b->k ? a->k : b->k;
    /* kmin kk 2^(2 beta - 2) <= 2^51 keeps every partial sum exact */
    if (kmin > IC_DYADIC_KMAX || ldexp((double)kmin * (double)kk, 2 * beta - 2) > ldexp(1.0, 51))
        return ic_err_set(err, IC_EINTERNAL, "ic_dyadic_mul: %d digits of %d bits at inner size %zu", kmin, beta, kk);
    int rc = reshape_keep(c, m, n, a->k + b->k + 1, a->top + b->top + 1, beta, 0, err);
    if (rc)
        return rc;
    size_t npa = plane(a), npb = plane(b), npc = plane(c);
    /* The ka planes of op(a), stacked, are one (ka m) x kk row-major
     * matrix whose rows p m .. p m + m - 1 are op(a_p); row-major a is
     * that matrix as it stands, a^T is transposed plane by plane into
     * scratch.  The products op(a_p) op(b_q), p < ka, go to the planes
     * q + 2 .. q + ka + 1 of c, which are contiguous with the same row
     * length n: one dgemm of (ka m) x n x kk per plane q of b forms them
     * all and adds them to what the planes hold.  kb calls instead of
     * ka kb calls on 64 x 64 blocks: less call and packing overhead,
     * though at n = 64 the gain is within the noise (the flops are the
     * same, and dgemm runs near the core's peak either way).  The sums are the same integers
     * as before (every partial sum stays below the bound above, which
     * counts all min(ka, kb) products of a plane of c), so c is the same
     * bit for bit. */
    const double *as = a->d;
    double *scratch = NULL;
    size_t scap = 0;
    if (ta) {
        scratch = planes_take((size_t)a->k * npa, &scap, 0);
        if (!scratch)
            return ic_err_set(err, IC_EINTERNAL, "ic_dyadic: out of memory");
        for (int p = 0; p < a->k; p++) {
            const double *src = a->d + (size_t)p * npa;
            double *dst = scratch + (size_t)p * npa;
            for (size_t i = 0; i < m; i++)
                for (size_t j = 0; j < kk; j++)
                    dst[i * kk + j] = src[j * m + i];
        }
        as = scratch;
    }
    /* The first call (q = 0) overwrites planes 2 .. ka + 1; the planes
     * no call overwrites are zeroed first (later calls add). */
    memset(c->d, 0, 2 * npc * sizeof *c->d);
    memset(c->d + (size_t)(a->k + 2) * npc, 0, (size_t)(c->k - a->k - 2) * npc * sizeof *c->d);
    for (int q = 0; q < b->k; q++)
        gemm_rm(0, tb, (size_t)a->k * m, n, kk, as, kk, b->d + (size_t)q * npb, b->cols, c->d + (size_t)(q + 2) * npc,
                q > 0);
    planes_give(scratch, scap);
    normalise(c);
    return IC_OK;
}

int ic_dyadic_gram(ic_dyadic_mat *c, const ic_dyadic_mat *a, ic_err *err)
{
    size_t n = a->cols, kk = a->rows;
    int beta = a->beta;
    /* the sums of ic_dyadic_mul(c, a, 1, a, 0): the same bound */
    if (a->k > IC_DYADIC_KMAX || ldexp((double)a->k * (double)kk, 2 * beta - 2) > ldexp(1.0, 51))
        return ic_err_set(err, IC_EINTERNAL, "ic_dyadic_gram: %d digits of %d bits at inner size %zu", a->k, beta, kk);
    int rc = reshape_keep(c, n, n, 2 * a->k + 1, 2 * a->top + 1, beta, 0, err);
    if (rc)
        return rc;
    size_t npa = plane(a), npc = plane(c);
    const int in = (int)n, ik = (int)kk;
    const double one = 1.0, zero = 0.0;
    unsigned char written[4 * IC_DYADIC_KMAX + 2] = { 0 };
    /* Row-major a (kk x n) is, column-major, a^T (n x kk): "N" gives
     * a_p^T a_p (dsyrk) and a_p^T a_q + a_q^T a_p (dsyr2k), one triangle;
     * the first product into a plane overwrites it. */
    for (int p = 0; p < a->k; p++) {
        if (plane_zero(a, p))
            continue;
        const double *ap = a->d + (size_t)p * npa;
        int w = 2 * p + 2;
        dsyrk_("U", "N", &in, &ik, &one, ap, &in, written[w] ? &one : &zero, c->d + (size_t)w * npc, &in);
        written[w] = 1;
        for (int q = p + 1; q < a->k; q++) {
            w = p + q + 2;
            dsyr2k_("U", "N", &in, &ik, &one, ap, &in, a->d + (size_t)q * npa, &in, written[w] ? &one : &zero,
                    c->d + (size_t)w * npc, &in);
            written[w] = 1;
        }
    }
    /* The other triangle: column-major upper is row-major lower. */
    for (int q = 0; q < c->k; q++) {
        double *d = c->d + (size_t)q * npc;
        if (!written[q]) {
            memset(d, 0, npc * sizeof *d);
            continue;
        }
        for (size_t i = 0; i < n; i++)
            for (size_t j = i + 1; j < n; j++)
                d[i * n + j] = d[j * n + i];
    }
    normalise(c);
    return IC_OK;
}

/* dst += w src over one plane (exact: small integers times small integers). */
IC_PLANE_LOOP static void axpy_plane(double *restrict dst, const double *restrict src, size_t np, double w)
{
    for (size_t j = 0; j < np; j++)
        dst[j] += w * src[j];
}

int ic_dyadic_sum(ic_dyadic_mat *c, const ic_dyadic_mat *const *x, const int *coef, int m, ic_err *err)
{
    long top = 0, lsb = 0, wsum = 0;
    for (int i = 0; i < m; i++) {
        if (x[i]->rows != x[0]->rows || x[i]->cols != x[0]->cols || x[i]->beta != x[0]->beta)
            return ic_err_set(err, IC_EINTERNAL, "ic_dyadic_sum: shapes or digit widths differ");
        if (i == 0 || x[i]->top > top)
            top = x[i]->top;
        if (i == 0 || ic_dyadic_lsb(x[i]) < lsb)
            lsb = ic_dyadic_lsb(x[i]);
        wsum += coef[i] < 0 ? -(long)coef[i] : coef[i];
    }
    int grow = 1; /* planes of headroom for the carries of sum |coef| */
    while ((1L << (grow * x[0]->beta)) < 2 * wsum)
        grow++;
    if (m < 1 || wsum > (1L << 20))
        return ic_err_set(err, IC_EINTERNAL, "ic_dyadic_sum: %d terms, coefficients %ld", m, wsum);
    top += grow;
    /* Into c's memory unless c is one of the terms. */
    int alias = 0;
    for (int i = 0; i < m; i++)
        alias |= x[i] == c;
    ic_dyadic_mat t = { 0 };
    if (!alias)
        ic_dyadic_swap(&t, c);
    int rc = reshape(&t, x[0]->rows, x[0]->cols, (int)(top - lsb), top, x[0]->beta, err);
    if (rc)
        return rc;
    size_t np = plane(x[0]);
    for (int i = 0; i < m; i++)
        for (int q = 0; q < x[i]->k; q++)
            axpy_plane(t.d + (size_t)(top - x[i]->top + q) * np, x[i]->d + (size_t)q * np, np, coef[i]);
    normalise(&t);
    ic_dyadic_clear(c);
    *c = t;
    return IC_OK;
}

int ic_dyadic_add(ic_dyadic_mat *c, const ic_dyadic_mat *a, const ic_dyadic_mat *b, int s, ic_err *err)
{
    const ic_dyadic_mat *x[2] = {a, b};
    int coef[2] = {1, s};
    return ic_dyadic_sum(c, x, coef, 2, err);
}

void ic_dyadic_trunc(ic_dyadic_mat *x, long lsb)
{
    long keep = x->top - lsb;
    if (keep < 1)
        keep = 1;
    if (keep < x->k)
        x->k = (int)keep;
    trim(x);
}

void ic_dyadic_view_trunc(ic_dyadic_mat *v, const ic_dyadic_mat *x, long lsb)
{
    *v = *x;
    v->view = 1;
    v->cap = 0;
    long keep = v->top - lsb;
    if (keep < 1)
        keep = 1;
    if (keep < v->k)
        v->k = (int)keep;
    /* trim(), without moving anything: the leading zero planes are skipped */
    int lead = 0, tail = 0;
    while (lead < v->k - 1 && plane_zero(v, lead))
        lead++;
    while (tail < v->k - 1 - lead && plane_zero(v, v->k - 1 - tail))
        tail++;
    v->d += (size_t)lead * plane(v);
    v->top -= lead;
    v->k -= lead + tail;
}

double ic_dyadic_max_abs(const ic_dyadic_mat *x)
{
    size_t np = plane(x);
    double *v = ic_calloc(np ? np : 1, sizeof *v), m = 0;
    if (!v) { /* no memory: sum of digit bounds, still an upper bound */
        for (int q = 0; q < x->k; q++)
            m += ldexp(1.0, (int)((x->top - 1 - q) * x->beta + x->beta - 1));
        return m;
    }
    ic_dyadic_get_d(v, x); /* relative error below (k + 1) 2^-53 */
    for (size_t i = 0; i < np; i++)
        m = fmax(m, fabs(v[i]));
    free(v);
    return m * (1 + (x->k + 2) * 0x1p-52) + ldexp(1.0, -1070);
}

/* dst += p sc over one plane. */
IC_PLANE_LOOP static void add_scaled_plane(double *restrict dst, const double *restrict p, size_t np, double sc)
{
    for (size_t i = 0; i < np; i++)
        dst[i] += p[i] * sc;
}

void ic_dyadic_get_d(double *dst, const ic_dyadic_mat *x)
{
    size_t np = plane(x);
    memset(dst, 0, np * sizeof *dst);
    for (int q = x->k - 1; q >= 0; q--) {
        long w = (x->top - 1 - q) * x->beta;
        const double *p = x->d + (size_t)q * np;
        if (w > -1000 && w < 1000) /* 2^w is a normal double */
            add_scaled_plane(dst, p, np, ldexp(1.0, (int)w));
        else
            for (size_t i = 0; i < np; i++)
                dst[i] += ldexp(p[i], clamp_exp(w));
    }
}

int ic_dyadic_transpose(ic_dyadic_mat *t, const ic_dyadic_mat *x, ic_err *err)
{
    int rc = reshape(t, x->cols, x->rows, x->k, x->top, x->beta, err);
    for (int q = 0; !rc && q < x->k; q++) {
        const double *p = x->d + (size_t)q * plane(x);
        double *d = t->d + (size_t)q * plane(x);
        for (size_t i = 0; i < x->rows; i++)
            for (size_t j = 0; j < x->cols; j++)
                d[j * x->rows + i] = p[i * x->cols + j];
    }
    return rc;
}

/* Entry idx exactly: the integer sum_q d_q 2^((k-1-q) beta) is assembled in
 * two's complement limbs, least significant digit first. */
static void entry_arf(arf_t r, const ic_dyadic_mat *x, size_t idx)
{
    mp_limb_t limb[(IC_DYADIC_KMAX * 4 * 64) / 64 + 4];
    size_t np = plane(x);
    __int128 acc = 0;
    int sh = 0, nl = 0;
    for (int q = x->k - 1; q >= 0; q--) {
        acc += (__int128)(int64_t)x->d[(size_t)q * np + idx] * ((__int128)1 << sh);
        sh += x->beta;
        while (sh >= 64) {
            limb[nl++] = (mp_limb_t)(unsigned __int128)acc;
            acc >>= 64; /* arithmetic shift (GCC, Clang) */
            sh -= 64;
        }
    }
    limb[nl++] = (mp_limb_t)(unsigned __int128)acc;
    acc >>= 64;
    limb[nl++] = (mp_limb_t)(unsigned __int128)acc;
    int neg = (limb[nl - 1] >> 63) != 0;
    if (neg)
        mpn_neg(limb, limb, nl);
    while (nl > 0 && limb[nl - 1] == 0)
        nl--;
    if (nl == 0) {
        arf_zero(r);
        return;
    }
    arf_set_mpn(r, limb, nl, neg);
    arf_mul_2exp_si(r, r, ic_dyadic_lsb(x) * x->beta);
}

void ic_dyadic_get_entry(arf_t r, const ic_dyadic_mat *x, size_t i, size_t j)
{
    entry_arf(r, x, i * x->cols + j);
}

void ic_dyadic_get_arb_mat(arb_mat_t m, const ic_dyadic_mat *x)
{
    for (size_t i = 0; i < x->rows; i++)
        for (size_t j = 0; j < x->cols; j++) {
            arb_ptr e = arb_mat_entry(m, (slong)i, (slong)j);
            entry_arf(arb_midref(e), x, i * x->cols + j);
            mag_zero(arb_radref(e));
        }
}

void ic_dyadic_get_arf(arf_ptr v, const ic_dyadic_mat *x)
{
    for (size_t i = 0; i < plane(x); i++)
        entry_arf(v + i, x, i);
}

/* Error-free transformations for double-double values. */
static void two_sum(double a, double b, double *s, double *e)
{
    *s = a + b;
    double bb = *s - a;
    *e = (a - (*s - bb)) + (b - bb);
}

/* hi + lo += p sc over one plane (two_sum into hi, the error into lo). */
IC_PLANE_LOOP static void dd_add_plane(double *restrict hi, double *restrict lo, const double *restrict p, size_t np,
                                      double sc)
{
    for (size_t i = 0; i < np; i++) {
        double t = p[i] * sc, s = hi[i] + t, bb = s - hi[i];
        lo[i] += (hi[i] - (s - bb)) + (t - bb);
        hi[i] = s;
    }
}

void ic_dyadic_get_dd(double *hi, double *lo, const ic_dyadic_mat *x)
{
    size_t np = plane(x);
    memset(hi, 0, np * sizeof *hi);
    memset(lo, 0, np * sizeof *lo);
    for (int q = x->k - 1; q >= 0; q--) { /* least significant first */
        long w = (x->top - 1 - q) * x->beta;
        const double *p = x->d + (size_t)q * np;
        if (w > -1000 && w < 1000) { /* 2^w is a normal double */
            dd_add_plane(hi, lo, p, np, ldexp(1.0, (int)w));
            continue;
        }
        for (size_t i = 0; i < np; i++) {
            double t = ldexp(p[i], clamp_exp(w)), e;
            two_sum(hi[i], t, &hi[i], &e);
            lo[i] += e;
        }
    }
    for (size_t i = 0; i < np; i++)
        two_sum(hi[i], lo[i], &hi[i], &lo[i]);
}

int ic_dyadic_set_dd_trunc(ic_dyadic_mat *x, const double *hi, const double *lo, size_t rows, size_t cols, int beta, long lsb,
                     ic_err *err)
{
    double mx = 0;
    for (size_t i = 0; i < rows * cols; i++) {
        if (!isfinite(hi[i]) || !isfinite(lo[i]))
            return ic_err_set(err, IC_EINPUT, "ic_dyadic: entry %zu is not finite", i);
        mx = fmax(mx, fabs(hi[i]) + fabs(lo[i]));
    }
    int e = 0;
    if (mx > 0)
        frexp(mx * (1 + 0x1p-50), &e); /* |hi + lo| < 2^e */
    long top = mx > 0 ? top_for_exp(e, beta) : lsb + 1;
    if (top <= lsb)
        top = lsb + 1;
    int k = (int)(top - lsb), rc = reshape(x, rows, cols, k, top, beta, err);
    if (rc)
        return rc;
    size_t np = plane(x);
    /* 2^-w and 2^w per plane, where both are normal doubles: then
     * rh 2^-w and dq 2^w are what ldexp gives (one rounding of the exact
     * product), without a libm call per digit. */
    double sc[4 * IC_DYADIC_KMAX], isc[4 * IC_DYADIC_KMAX];
    int fast = k <= 4 * IC_DYADIC_KMAX;
    for (int q = 0; fast && q < k; q++) {
        long w = (top - 1 - q) * beta;
        fast = w > -1000 && w < 1000;
        if (fast) {
            sc[q] = ldexp(1.0, (int)-w);
            isc[q] = ldexp(1.0, (int)w);
        }
    }
    const double magic = 0x1.8p52;
    for (size_t i = 0; i < np; i++) {
        double rh = hi[i], rl = lo[i];
        for (int q = 0; q < k && (rh != 0 || rl != 0); q++) {
            int w = (int)((top - 1 - q) * beta);
            double y = fast ? rh * sc[q] : ldexp(rh, -w);
            /* nearbyint: (y + magic) - magic rounds the same way below 2^51 */
            double dq = fabs(y) < 0x1p51 ? (y + magic) - magic : nearbyint(y);
            rh -= fast ? dq * isc[q] : ldexp(dq, w); /* exact: dq 2^w is the multiple of 2^w nearest rh */
            two_sum(rh, rl, &rh, &rl);
            x->d[(size_t)q * np + i] = dq;
        }
    }
    trim(x);
    return IC_OK;
}
