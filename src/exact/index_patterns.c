/* ic_ipat: index sums for all d by coincidence patterns: enumeration, counts, exact solution of the
 * block equations and the count of their solutions in the box [1, T]^nsum (see index_patterns.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exact/closed_form.h"
#include "exact/index_patterns.h"

/* GCC 12 reports FLINT's array-typed parameters (fmpq_mpoly_t) reached
 * through struct members here as 56-byte accesses "in a region of size 8";
 * valgrind and the sanitizer build see no such access (tests/exact). */
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 12
#pragma GCC diagnostic ignored "-Wstringop-overflow"
#pragma GCC diagnostic ignored "-Wstringop-overread"
#endif

static const char *const sum_name[IC_IPAT_MAXSUM] = {"t", "t'"};

/* ---------- small integer helpers ---------- */

static long gcdl(long a, long b)
{
    if (a < 0)
        a = -a;
    if (b < 0)
        b = -b;
    while (b) {
        long t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* Row [a0, a1, aT, c]: divided by the gcd of its entries, first non-zero
 * entry positive.  Returns 0 for the zero row. */
static int normalise(long r[4])
{
    long g = 0;
    for (int i = 0; i < 4; i++)
        g = gcdl(g, r[i]);
    if (g == 0)
        return 0;
    int sign = 1;
    for (int i = 0; i < 4; i++)
        if (r[i]) {
            sign = r[i] > 0 ? 1 : -1;
            break;
        }
    for (int i = 0; i < 4; i++)
        r[i] = r[i] / g * sign;
    return 1;
}

/* r = p[col] r - r[col] p, then normalised. */
static void eliminate(long r[4], const long p[4], int col)
{
    long f = r[col], g = p[col];
    for (int i = 0; i < 4; i++)
        r[i] = g * r[i] - f * p[i];
    normalise(r);
}

/* floor and ceiling of a / b, b > 0 */
static long floordiv(long a, long b)
{
    long q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}
static long ceildiv(long a, long b)
{
    return -floordiv(-a, b);
}

/* Affine text "A x + B T + C" into buf. */
static void affine_text(char *buf, size_t n, long A, const char *x, long B, long C)
{
    size_t off = 0;
    int first = 1;
    struct {
        long k;
        const char *v;
    } terms[3] = {{A, x}, {B, "T"}, {C, NULL}};
    for (int i = 0; i < 3 && off < n; i++) {
        long k = terms[i].k;
        if (k == 0 || (terms[i].v == NULL && k == 0))
            continue;
        const char *sgn = k < 0 ? (first ? "-" : " - ") : (first ? "" : " + ");
        long m = k < 0 ? -k : k;
        if (terms[i].v && m == 1)
            off += (size_t)snprintf(buf + off, n - off, "%s%s", sgn, terms[i].v);
        else if (terms[i].v)
            off += (size_t)snprintf(buf + off, n - off, "%s%ld %s", sgn, m, terms[i].v);
        else
            off += (size_t)snprintf(buf + off, n - off, "%s%ld", sgn, m);
        first = 0;
    }
    if (first)
        snprintf(buf, n, "0");
}

/* ---------- one variable fixed: x = (-aT T - c) / a, a != 0 ----------
 * Returns 1 when 1 <= x <= T with x an integer for every T >= 1, 0 when
 * for no integer T >= 1, -1 when it depends on T. */
static int fixed_status(long a, long aT, long c)
{
    if (a < 0) {
        a = -a;
        aT = -aT;
        c = -c;
    }
    /* constraints u T + w >= 0: x >= 1 and x <= T */
    long u[2] = {-aT, a + aT}, w[2] = {-c - a, c};
    /* interval of real T >= 1: lo = lon/lod, hi = hin/hid (hid = 0: infinite) */
    long lon = 1, lod = 1, hin = 0, hid = 0;
    for (int i = 0; i < 2; i++) {
        if (u[i] > 0) { /* T >= -w/u */
            if (-w[i] * lod > lon * u[i]) {
                lon = -w[i];
                lod = u[i];
            }
        } else if (u[i] < 0) { /* T <= w/(-u) */
            if (hid == 0 || w[i] * hid < hin * (-u[i])) {
                hin = w[i];
                hid = -u[i];
            }
        } else if (w[i] < 0) {
            return 0;
        }
    }
    long tlo = ceildiv(lon, lod);
    if (tlo < 1)
        tlo = 1;
    if (hid != 0 && floordiv(hin, hid) < tlo)
        return 0;
    int integral = aT % a == 0 && c % a == 0;
    if (integral && tlo == 1 && hid == 0)
        return 1;
    return -1;
}

/* ---------- the box count ---------- */

/* Solves the equations eq[0..neq) (each = 0) over (t, t') in [1, T]^nsum and
 * writes the number of solutions as a polynomial in T into box (variable
 * IC_CF_T), with a description.  IC_EINTERNAL when the count is not one
 * polynomial for all T >= 1. */
static int box_count(fmpq_mpoly_struct *box, char *desc, size_t dn, const ic_ipat_affine *eq, int neq, int nsum,
                     const fmpq_mpoly_ctx_t ctx, ic_err *err)
{
    long rows[IC_IPAT_MAXPOS][4];
    int n = 0;
    for (int i = 0; i < neq; i++) {
        long r[4] = {nsum > 0 ? eq[i].s[0] : 0, nsum > 1 ? eq[i].s[1] : 0, eq[i].T, eq[i].c};
        if (normalise(r))
            memcpy(rows[n++], r, sizeof r);
    }
    int piv[IC_IPAT_MAXSUM] = {-1, -1}, rank = 0;
    for (int col = 0; col < nsum; col++) {
        int p = -1;
        for (int i = rank; i < n; i++)
            if (rows[i][col]) {
                p = i;
                break;
            }
        if (p < 0)
            continue;
        if (p != rank) {
            long t[4];
            memcpy(t, rows[p], sizeof t);
            memcpy(rows[p], rows[rank], sizeof t);
            memcpy(rows[rank], t, sizeof t);
        }
        for (int i = 0; i < n; i++)
            if (i != rank && rows[i][col])
                eliminate(rows[i], rows[rank], col);
        piv[col] = rank++;
    }
    /* rows rank..n-1 are free of t, t': conditions on T alone */
    for (int i = rank; i < n; i++) {
        long aT = rows[i][2], c = rows[i][3];
        if (aT == 0 && c == 0)
            continue;
        if (aT != 0 && c % aT == 0 && -c / aT >= 1)
            return ic_err_set(err, IC_EINTERNAL, "pattern holds only at T = %ld", -c / aT);
        fmpq_mpoly_zero(box, ctx);
        snprintf(desc, dn, "never (%ld T + %ld = 0 has no root T >= 1)", aT, c);
        return IC_OK;
    }
    fmpq_mpoly_t Tp;
    fmpq_mpoly_init(Tp, ctx);
    fmpq_mpoly_gen(Tp, IC_CF_T, ctx);
    int rc = IC_OK;
    if (rank == 0) {
        fmpq_mpoly_pow_ui(box, Tp, (ulong)nsum, ctx);
        snprintf(desc, dn, "always");
    } else if (rank == nsum) {
        /* a unique (t, t'): each pivot row reads a x_v + aT T + c = 0 */
        int st = 1;
        char part[2][40];
        for (int v = 0; v < nsum; v++) {
            const long *r = rows[piv[v]];
            int s1 = fixed_status(r[v], r[2], r[3]);
            if (s1 == 0)
                st = 0;
            else if (s1 < 0 && st != 0)
                st = -1;
            if (s1 > 0)
                affine_text(part[v], sizeof part[v], 0, "", -r[2] / r[v], -r[3] / r[v]);
        }
        if (st < 0) {
            rc = ic_err_set(err, IC_EINTERNAL, "a pattern's unique solution lies in [1, T] for some T only");
        } else if (st == 0) {
            fmpq_mpoly_zero(box, ctx);
            snprintf(desc, dn, "never (the unique solution lies outside [1, T])");
        } else {
            fmpq_mpoly_one(box, ctx);
            if (nsum == 1)
                snprintf(desc, dn, "t = %s", part[0]);
            else
                snprintf(desc, dn, "t = %s and t' = %s", part[0], part[1]);
        }
    } else {
        /* nsum = 2, rank 1: one equation a0 t + a1 t' + aT T + c = 0 */
        const long *r = rows[0];
        int fixedv = r[0] == 0 ? 1 : r[1] == 0 ? 0 : -1;
        if (fixedv >= 0) {
            int s1 = fixed_status(r[fixedv], r[2], r[3]);
            if (s1 < 0) {
                rc = ic_err_set(err, IC_EINTERNAL, "a pattern fixes %s in [1, T] for some T only", sum_name[fixedv]);
            } else if (s1 == 0) {
                fmpq_mpoly_zero(box, ctx);
                snprintf(desc, dn, "never (%s would lie outside [1, T])", sum_name[fixedv]);
            } else {
                fmpq_mpoly_set(box, Tp, ctx);
                char a[48];
                affine_text(a, sizeof a, 0, "", -r[2] / r[fixedv], -r[3] / r[fixedv]);
                snprintf(desc, dn, "%s = %s, %s free", sum_name[fixedv], a, sum_name[1 - fixedv]);
            }
        } else {
            /* y = A x + B T + C with the unit-coefficient variable as y */
            int y = (r[1] == 1 || r[1] == -1) ? 1 : (r[0] == 1 || r[0] == -1) ? 0 : -1;
            if (y < 0) {
                rc = ic_err_set(err, IC_EINTERNAL, "a pattern's equation has no unit coefficient");
            } else {
                int x = 1 - y;
                long ay = r[y], A = -r[x] * ay, B = -r[2] * ay, C = -r[3] * ay;
                if (A != 1 && A != -1) {
                    rc = ic_err_set(err, IC_EINTERNAL, "a pattern's equation has slope %ld", A);
                } else {
                    /* bounds on x: (slope, intercept) pairs */
                    long lo[2][2] = {{0, 1}, {0, 0}}, hi[2][2] = {{1, 0}, {0, 0}};
                    if (A == 1) {
                        lo[1][0] = -B, lo[1][1] = 1 - C;
                        hi[1][0] = 1 - B, hi[1][1] = -C;
                    } else {
                        hi[1][0] = B, hi[1][1] = C - 1;
                        lo[1][0] = B - 1, lo[1][1] = C;
                    }
                    /* the bound that dominates the other for every T >= 1 */
                    int L = -1, U = -1;
                    for (int i = 0; i < 2; i++) {
                        long ds = lo[i][0] - lo[1 - i][0], di = lo[i][1] - lo[1 - i][1];
                        if (ds >= 0 && ds + di >= 0)
                            L = i;
                        ds = hi[1 - i][0] - hi[i][0], di = hi[1 - i][1] - hi[i][1];
                        if (ds >= 0 && ds + di >= 0)
                            U = i;
                    }
                    long cs = L >= 0 && U >= 0 ? hi[U][0] - lo[L][0] : 0,
                         ci = L >= 0 && U >= 0 ? hi[U][1] - lo[L][1] + 1 : 0;
                    char a[64];
                    affine_text(a, sizeof a, A, sum_name[x], B, C);
                    if (L < 0 || U < 0) {
                        rc = ic_err_set(err, IC_EINTERNAL, "a pattern's range for %s changes with T", sum_name[x]);
                    } else if (cs >= 0 && cs + ci >= 0) {
                        fmpq_mpoly_scalar_mul_si(box, Tp, cs, ctx);
                        fmpq_mpoly_add_si(box, box, ci, ctx);
                        snprintf(desc, dn, "%s = %s", sum_name[y], a);
                    } else if (cs <= 0 && cs + ci <= 0) {
                        fmpq_mpoly_zero(box, ctx);
                        snprintf(desc, dn, "never (%s = %s leaves [1, T])", sum_name[y], a);
                    } else {
                        rc = ic_err_set(err, IC_EINTERNAL, "a pattern's count changes sign with T");
                    }
                }
            }
        }
    }
    fmpq_mpoly_clear(Tp, ctx);
    return rc;
}

/* ---------- counts ---------- */

/* p_r as a polynomial: d for r = 0, else the power sum variable. */
static int power_sum(fmpq_mpoly_struct *out, int r, const fmpq_mpoly_ctx_t ctx, ic_err *err)
{
    if (r < 0 || r > 6)
        return ic_err_set(err, IC_EINPUT, "index sum: block weight %d outside 0..6", r);
    fmpq_mpoly_gen(out, r == 0 ? IC_CF_D : IC_CF_P1 + r - 1, ctx);
    return IC_OK;
}

/* Next restricted growth string of length n (a[0] = 0, a[i] <= 1 + max
 * a[0..i-1]); returns 0 after the last. */
static int next_rgs(int *a, int n)
{
    for (int i = n - 1; i > 0; i--) {
        int m = 0;
        for (int j = 0; j < i; j++)
            m = a[j] > m ? a[j] : m;
        if (a[i] <= m) {
            a[i]++;
            for (int j = i + 1; j < n; j++)
                a[j] = 0;
            return 1;
        }
    }
    return 0;
}

static const long factorial[7] = {1, 1, 2, 6, 24, 120, 720};

/* Sum over injective maps of the b blocks into [1, d] of prod_B w^{r_B}:
 * Moebius inversion over the partitions of the blocks,
 * sum_pi prod_{C in pi} (-1)^{|C|-1} (|C|-1)! p_{r_C}. */
static int injective_count(fmpq_mpoly_struct *out, const int *r, int b, const fmpq_mpoly_ctx_t ctx, ic_err *err)
{
    int a[IC_IPAT_MAXPOS] = {0};
    fmpq_mpoly_t term, p;
    fmpq_mpoly_init(term, ctx);
    fmpq_mpoly_init(p, ctx);
    fmpq_mpoly_zero(out, ctx);
    int rc = IC_OK;
    do {
        int size[IC_IPAT_MAXPOS] = {0}, wsum[IC_IPAT_MAXPOS] = {0}, ng = 0;
        for (int i = 0; i < b; i++) {
            size[a[i]]++;
            wsum[a[i]] += r[i];
            ng = a[i] + 1 > ng ? a[i] + 1 : ng;
        }
        fmpq_mpoly_one(term, ctx);
        for (int g = 0; g < ng && !rc; g++) {
            rc = power_sum(p, wsum[g], ctx, err);
            fmpq_mpoly_mul(term, term, p, ctx);
            fmpq_mpoly_scalar_mul_si(term, term, ((size[g] - 1) % 2 ? -1 : 1) * factorial[size[g] - 1], ctx);
        }
        fmpq_mpoly_add(out, out, term, ctx);
    } while (!rc && b > 0 && next_rgs(a, b));
    fmpq_mpoly_clear(term, ctx);
    fmpq_mpoly_clear(p, ctx);
    return rc;
}

/* d (d - 2) ... (d - 2q + 2): tuples using q distinct conjugate pairs,
 * each of whose blocks picks one of the pair's two indices (the partner
 * block, if any, takes the other). */
static void pair_count(fmpq_mpoly_struct *out, int q, const fmpq_mpoly_ctx_t ctx)
{
    fmpq_mpoly_t f;
    fmpq_mpoly_init(f, ctx);
    fmpq_mpoly_one(out, ctx);
    for (int i = 0; i < q; i++) {
        fmpq_mpoly_gen(f, IC_CF_D, ctx);
        fmpq_mpoly_sub_si(f, f, 2 * i, ctx);
        fmpq_mpoly_mul(out, out, f, ctx);
    }
    fmpq_mpoly_clear(f, ctx);
}

/* ---------- patterns ---------- */

static void block_sum(ic_ipat_affine *e, const ic_ipat_sum *s, const int *block, int b, int sign)
{
    for (int p = 0; p < s->npos; p++)
        if (block[p] == b) {
            for (int k = 0; k < IC_IPAT_MAXSUM; k++)
                e->s[k] += sign * s->expo[p].s[k];
            e->T += sign * s->expo[p].T;
            e->c += sign * s->expo[p].c;
        }
}

static void pattern_text(ic_ipat_pattern *pt, const ic_ipat_sum *s)
{
    size_t off = 0, n = sizeof pt->pattern;
    int done[IC_IPAT_MAXPOS] = {0};
    for (int b = 0; b < pt->nblocks && off < n; b++) {
        if (done[b])
            continue;
        int group[2] = {b, pt->partner[b]};
        for (int g = 0; g < 2 && off < n; g++) {
            int bb = group[g];
            if (bb < 0)
                continue;
            done[bb] = 1;
            off += (size_t)snprintf(pt->pattern + off, n - off, "%s{", g ? "~" : "");
            int first = 1;
            for (int p = 0; p < s->npos && off < n; p++)
                if (pt->block[p] == bb) {
                    off += (size_t)snprintf(pt->pattern + off, n - off, "%s%c", first ? "" : ",",
                                            s->names && (int)strlen(s->names) > p ? s->names[p] : '0' + p);
                    first = 0;
                }
            off += (size_t)snprintf(pt->pattern + off, n - off, "}");
        }
    }
}

static int add_pattern(ic_ipat_result *r, const ic_ipat_sum *s, const int *block, int nb, const int *partner,
                       const fmpq_mpoly_ctx_t ctx, ic_err *err)
{
    ic_ipat_pattern *np = ic_reallocarray(r->pat, r->npat + 1, sizeof *np);
    if (!np)
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    r->pat = np;
    ic_ipat_pattern *pt = &r->pat[r->npat++];
    memset(pt, 0, sizeof *pt);
    fmpq_mpoly_init(pt->count, ctx);
    fmpq_mpoly_init(pt->box, ctx);
    pt->nblocks = nb;
    memcpy(pt->block, block, sizeof pt->block);
    for (int b = 0; b < IC_IPAT_MAXPOS; b++)
        pt->partner[b] = partner ? partner[b] : -1;
    int q = 0, rc = IC_OK;
    for (int b = 0; b < nb; b++) {
        if (pt->partner[b] >= 0 && pt->partner[b] < b)
            continue; /* the pair was written with its first block */
        ic_ipat_affine *e = &pt->eq[pt->neq++];
        memset(e, 0, sizeof *e);
        block_sum(e, s, block, b, 1);
        if (pt->partner[b] >= 0)
            block_sum(e, s, block, pt->partner[b], -1);
        q++;
    }
    if (r->model == IC_IPAT_PAIRS) {
        pair_count(pt->count, q, ctx);
    } else {
        int rw[IC_IPAT_MAXPOS] = {0};
        for (int p = 0; p < s->npos; p++)
            rw[block[p]] += r->weighted ? s->weight[p] : 0;
        rc = injective_count(pt->count, rw, nb, ctx, err);
    }
    pattern_text(pt, s);
    if (!rc) {
        rc = box_count(pt->box, pt->solution, sizeof pt->solution, pt->eq, pt->neq, s->nsum, ctx, err);
        if (rc)
            ic_err_prefix(err, "pattern %s", pt->pattern);
    }
    if (!rc) {
        fmpq_mpoly_t x;
        fmpq_mpoly_init(x, ctx);
        fmpq_mpoly_mul(x, pt->count, pt->box, ctx);
        fmpq_mpoly_add(r->total, r->total, x, ctx);
        fmpq_mpoly_add(r->tuples, r->tuples, pt->count, ctx);
        fmpq_mpoly_clear(x, ctx);
    }
    return rc;
}

/* Every partial matching of the nb blocks into conjugate-pair partners. */
static int matchings(ic_ipat_result *r, const ic_ipat_sum *s, const int *block, int nb, int *partner, int from,
                     const fmpq_mpoly_ctx_t ctx, ic_err *err)
{
    while (from < nb && partner[from] != -1)
        from++;
    if (from >= nb) {
        int pt[IC_IPAT_MAXPOS];
        for (int b = 0; b < IC_IPAT_MAXPOS; b++)
            pt[b] = partner[b] >= 0 ? partner[b] : -1;
        return add_pattern(r, s, block, nb, pt, ctx, err);
    }
    /* block `from` alone in its pair (marked -2 while open) */
    partner[from] = -2;
    int rc = matchings(r, s, block, nb, partner, from + 1, ctx, err);
    partner[from] = -1;
    for (int b = from + 1; b < nb && !rc; b++)
        if (partner[b] == -1) {
            partner[from] = b;
            partner[b] = from;
            rc = matchings(r, s, block, nb, partner, from + 1, ctx, err);
            partner[from] = partner[b] = -1;
        }
    return rc;
}

int ic_ipat_expand(ic_ipat_result *r, const ic_ipat_sum *s, int model, int weighted, const fmpq_mpoly_ctx_t ctx,
                   ic_err *err)
{
    memset(r, 0, sizeof *r);
    r->model = model;
    r->weighted = weighted;
    fmpq_mpoly_init(r->total, ctx);
    fmpq_mpoly_init(r->tuples, ctx);
    fmpq_mpoly_init(r->expected, ctx);
    if (s->npos < 1 || s->npos > IC_IPAT_MAXPOS || s->nsum < 0 || s->nsum > IC_IPAT_MAXSUM)
        return ic_err_set(err, IC_EINPUT, "index sum: 1..%d positions and 0..%d summation variables expected",
                          IC_IPAT_MAXPOS, IC_IPAT_MAXSUM);
    if (model != IC_IPAT_UNITARY && model != IC_IPAT_PAIRS)
        return ic_err_set(err, IC_EINPUT, "index sum: unknown model %d", model);
    if (model == IC_IPAT_PAIRS && weighted)
        return ic_err_set(err, IC_EINPUT, "index sum: the pairs model takes equal weights only");
    int rc = IC_OK;
    fmpq_mpoly_t p;
    fmpq_mpoly_init(p, ctx);
    fmpq_mpoly_one(r->expected, ctx);
    for (int i = 0; i < s->npos && !rc; i++) {
        rc = power_sum(p, weighted ? s->weight[i] : 0, ctx, err);
        fmpq_mpoly_mul(r->expected, r->expected, p, ctx);
    }
    fmpq_mpoly_clear(p, ctx);
    int block[IC_IPAT_MAXPOS] = {0};
    do {
        int nb = 0;
        for (int i = 0; i < s->npos; i++)
            nb = block[i] + 1 > nb ? block[i] + 1 : nb;
        if (model == IC_IPAT_PAIRS) {
            int partner[IC_IPAT_MAXPOS];
            for (int b = 0; b < IC_IPAT_MAXPOS; b++)
                partner[b] = -1;
            rc = matchings(r, s, block, nb, partner, 0, ctx, err);
        } else {
            rc = add_pattern(r, s, block, nb, NULL, ctx, err);
        }
    } while (!rc && next_rgs(block, s->npos));
    if (!rc)
        r->exhaustive = fmpq_mpoly_equal(r->tuples, r->expected, ctx);
    return rc;
}

void ic_ipat_result_clear(ic_ipat_result *r, const fmpq_mpoly_ctx_t ctx)
{
    for (size_t i = 0; i < r->npat; i++) {
        fmpq_mpoly_clear(r->pat[i].count, ctx);
        fmpq_mpoly_clear(r->pat[i].box, ctx);
    }
    free(r->pat);
    r->pat = NULL;
    r->npat = 0;
    fmpq_mpoly_clear(r->total, ctx);
    fmpq_mpoly_clear(r->tuples, ctx);
    fmpq_mpoly_clear(r->expected, ctx);
}

/* ---------- evaluation and the literal cross-check ---------- */

static long affine_at(const ic_ipat_affine *e, const long *tv, int nsum, long T)
{
    long v = e->T * T + e->c;
    for (int k = 0; k < nsum; k++)
        v += e->s[k] * tv[k];
    return v;
}

/* The point (d, T, p_r = sum_k w_k^r) of the shared context. */
static void point(fmpq *x, long d, long T, const fmpq *w)
{
    for (int i = 0; i < IC_CF_NVARS; i++)
        fmpq_zero(&x[i]);
    fmpq_set_si(&x[IC_CF_D], d, 1);
    fmpq_set_si(&x[IC_CF_T], T, 1);
    fmpq_t pw;
    fmpq_init(pw);
    for (int r = 1; r <= 6; r++)
        for (long k = 0; k < d; k++) {
            if (w)
                fmpq_pow_si(pw, &w[k], r);
            else
                fmpq_one(pw);
            fmpq_add(&x[IC_CF_P1 + r - 1], &x[IC_CF_P1 + r - 1], pw);
        }
    fmpq_clear(pw);
}

static void eval_at(fmpq_t out, const fmpq_mpoly_t f, const fmpq *x, const fmpq_mpoly_ctx_t ctx)
{
    fmpq *vals[IC_CF_NVARS];
    for (int i = 0; i < IC_CF_NVARS; i++)
        vals[i] = (fmpq *)&x[i];
    fmpq_mpoly_evaluate_all_fmpq(out, f, vals, ctx);
}

void ic_ipat_term(fmpq_t out, const ic_ipat_result *r, const ic_ipat_sum *s, const long *tv, long T, long d,
                  const fmpq *w, const fmpq_mpoly_ctx_t ctx)
{
    fmpq x[IC_CF_NVARS];
    for (int i = 0; i < IC_CF_NVARS; i++)
        fmpq_init(&x[i]);
    point(x, d, T, w);
    fmpq_t c;
    fmpq_init(c);
    fmpq_zero(out);
    for (size_t i = 0; i < r->npat; i++) {
        const ic_ipat_pattern *pt = &r->pat[i];
        int holds = 1;
        for (int k = 0; k < pt->neq && holds; k++)
            holds = affine_at(&pt->eq[k], tv, s->nsum, T) == 0;
        if (!holds)
            continue;
        eval_at(c, pt->count, x, ctx);
        fmpq_add(out, out, c);
    }
    fmpq_clear(c);
    for (int i = 0; i < IC_CF_NVARS; i++)
        fmpq_clear(&x[i]);
}

void ic_ipat_term_literal(fmpq_t out, const ic_ipat_sum *s, int model, const long *tv, long T, long d,
                          const fmpq *w)
{
    long e[IC_IPAT_MAXPOS], idx[IC_IPAT_MAXPOS] = {0};
    for (int p = 0; p < s->npos; p++)
        e[p] = affine_at(&s->expo[p], tv, s->nsum, T);
    long nvar = model == IC_IPAT_PAIRS ? d / 2 : d;
    long *acc = calloc((size_t)(nvar > 0 ? nvar : 1), sizeof *acc);
    fmpq_t wt, pw;
    fmpq_init(wt);
    fmpq_init(pw);
    fmpq_zero(out);
    for (;;) {
        /* exponent of each lambda (pairs: of each pair's angle) */
        memset(acc, 0, (size_t)(nvar > 0 ? nvar : 1) * sizeof *acc);
        for (int p = 0; p < s->npos; p++) {
            if (model == IC_IPAT_PAIRS)
                acc[idx[p] / 2] += idx[p] % 2 ? -e[p] : e[p];
            else
                acc[idx[p]] += e[p];
        }
        int zero = 1;
        for (long v = 0; v < nvar; v++)
            zero &= acc[v] == 0;
        if (zero) {
            fmpq_one(wt);
            for (int p = 0; w && p < s->npos; p++) {
                fmpq_pow_si(pw, &w[idx[p]], s->weight[p]);
                fmpq_mul(wt, wt, pw);
            }
            fmpq_add(out, out, wt);
        }
        int p = s->npos - 1;
        while (p >= 0 && ++idx[p] == d)
            idx[p--] = 0;
        if (p < 0)
            break;
    }
    free(acc);
    fmpq_clear(wt);
    fmpq_clear(pw);
}

void ic_ipat_total_literal(fmpq_t out, const ic_ipat_sum *s, int model, long T, long d, const fmpq *w)
{
    long tv[IC_IPAT_MAXSUM] = {1, 1};
    fmpq_t term;
    fmpq_init(term);
    fmpq_zero(out);
    if (T < 1 && s->nsum > 0) {
        fmpq_clear(term);
        return;
    }
    for (;;) {
        ic_ipat_term_literal(term, s, model, tv, T, d, w);
        fmpq_add(out, out, term);
        int k = s->nsum - 1;
        while (k >= 0 && ++tv[k] > T)
            tv[k--] = 1;
        if (k < 0)
            break;
    }
    fmpq_clear(term);
}

void ic_ipat_total_eval(fmpq_t out, const ic_ipat_result *r, long T, long d, const fmpq *w,
                        const fmpq_mpoly_ctx_t ctx)
{
    fmpq x[IC_CF_NVARS];
    for (int i = 0; i < IC_CF_NVARS; i++)
        fmpq_init(&x[i]);
    point(x, d, T, w);
    eval_at(out, r->total, x, ctx);
    for (int i = 0; i < IC_CF_NVARS; i++)
        fmpq_clear(&x[i]);
}
