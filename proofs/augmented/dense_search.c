/* The exact expected loss of the augmented model in double precision, as a
 * precomputed character expansion, and a multi-start L-BFGS search over
 * dense parameters.  Used to look for parameters better than the GD
 * construction; the best point's loss is then certified in MPFR by
 * aug_loss_mp (proofs/augmented/model.c), never taken from here. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "augmented/augmented.h"

struct aug_terms {
    size_t d, n_ent, n_slot;
    int32_t *slot, *iv, *ik;   /* per entry: residual slot, V index, K index */
    double *cr, *ci;           /* per entry: coefficient of V[iv] K[ik] */
    double *tr, *ti;           /* per slot: constant (minus the target) */
    double *rr, *ri;           /* per slot: residual workspace */
};

void aug_terms_free(aug_terms *tm)
{
    if (!tm)
        return;
    free(tm->slot);
    free(tm->iv);
    free(tm->ik);
    free(tm->cr);
    free(tm->ci);
    free(tm->tr);
    free(tm->ti);
    free(tm->rr);
    free(tm->ri);
    free(tm);
}

typedef struct {
    double cr, ci;
    int var, sign;
} cterm;

/* Terms of s_{t,a} with s_0 = 1 (see coord_terms in proofs/augmented/model.c). */
static int cterms(cterm *o, int model, size_t a)
{
    if (model == AUG_UNITARY) {
        o[0] = (cterm){ 1, 0, (int)a, 1 };
        return 1;
    }
    int k = (int)(a / 2);
    if (a % 2 == 0) {
        o[0] = (cterm){ 0.5, 0.5, k, 1 };
        o[1] = (cterm){ 0.5, -0.5, k, -1 };
    } else {
        o[0] = (cterm){ 0.5, -0.5, k, 1 };
        o[1] = (cterm){ 0.5, 0.5, k, -1 };
    }
    return 2;
}

/* Open-addressing map monomial code -> slot, reset per (T, j). */
typedef struct {
    uint64_t *key;
    int32_t *val;
    size_t cap;
} mono_map;

static int32_t map_get(mono_map *m, uint64_t key, int32_t *next)
{
    size_t h = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 20) & (m->cap - 1);
    while (m->val[h] >= 0 && m->key[h] != key)
        h = (h + 1) & (m->cap - 1);
    if (m->val[h] < 0) {
        m->key[h] = key;
        m->val[h] = (*next)++;
    }
    return m->val[h];
}

static int grow(aug_terms *tm, size_t *cap)
{
    size_t nc = *cap ? 2 * *cap : 1 << 16;
    int32_t *a = realloc(tm->slot, nc * sizeof *a), *b, *c;
    if (!a)
        return -1;
    tm->slot = a;
    if (!(b = realloc(tm->iv, nc * sizeof *b)))
        return -1;
    tm->iv = b;
    if (!(c = realloc(tm->ik, nc * sizeof *c)))
        return -1;
    tm->ik = c;
    double *x = realloc(tm->cr, nc * sizeof *x), *y;
    if (!x)
        return -1;
    tm->cr = x;
    if (!(y = realloc(tm->ci, nc * sizeof *y)))
        return -1;
    tm->ci = y;
    *cap = nc;
    return 0;
}

/* Grows the per-slot constants to hold n slots (new ones zero). */
static int ensure_slots(aug_terms *tm, size_t *scap, size_t n)
{
    if (n <= *scap)
        return 0;
    size_t ns = *scap ? 2 * *scap : 1 << 14;
    while (ns < n)
        ns *= 2;
    double *a = realloc(tm->tr, ns * sizeof *a);
    if (!a)
        return -1;
    tm->tr = a;
    if (!(a = realloc(tm->ti, ns * sizeof *a)))
        return -1;
    tm->ti = a;
    for (size_t q = *scap; q < ns; q++)
        tm->tr[q] = tm->ti[q] = 0;
    *scap = ns;
    return 0;
}

double aug_terms_estimate(int model, size_t d, long Tlo, long Thi)
{
    double D2 = 2.0 * (double)d;
    return (double)(Thi - Tlo + 1) * (double)d * (double)(Thi + 1) * D2 * D2 * D2 * (model == AUG_UNITARY ? 1 : 8);
}

int aug_terms_check(int model, size_t d, long Tlo, long Thi, ic_err *err)
{
    if (d < 1 || d > 8 || Tlo < 0 || Thi < Tlo || Thi > 200)
        return ic_err_set(err, IC_EINPUT, "dense search: unsupported sizes d = %zu, T = %ld..%ld (d must be 1..8)", d,
                          Tlo, Thi);
    if (model == AUG_ROTATIONS && d % 2)
        return ic_err_set(err, IC_EINPUT, "dense search: the rotation model needs an even d, got %zu", d);
    double est = aug_terms_estimate(model, d, Tlo, Thi);
    if (est > 3e7)
        return ic_err_set(err, IC_EINPUT,
                          "dense search: d = %zu, T = %ld..%ld needs about %.0f terms per loss evaluation (limit 3e7)",
                          d, Tlo, Thi, est);
    return IC_OK;
}

aug_terms *aug_terms_new(int model, size_t d, long Tlo, long Thi, ic_err *err)
{
    if (aug_terms_check(model, d, Tlo, Thi, err))
        return NULL;
    size_t nv = model == AUG_UNITARY ? d : d / 2, D2 = 2 * d;
    aug_terms *tm = calloc(1, sizeof *tm);
    mono_map mp = { 0 };
    size_t per = (size_t)(Thi + 1) * D2 * D2 * D2 * (model == AUG_UNITARY ? 1 : 8) + 4;
    mp.cap = 1;
    while (mp.cap < 2 * per)
        mp.cap <<= 1;
    mp.key = malloc(mp.cap * sizeof *mp.key);
    mp.val = malloc(mp.cap * sizeof *mp.val);
    size_t cap = 0, scap = 0;
    if (!tm || !mp.key || !mp.val)
        goto oom;
    tm->d = d;
    uint64_t base = (uint64_t)(4 * Thi + 8), off = (uint64_t)(2 * Thi + 4);
    int32_t e[8];
    cterm ta[2], tb[2], tc[2];
    double ks = 1.0 / (double)d;
    for (long T = Tlo; T <= Thi; T++)
        for (size_t j = 0; j < d; j++) {
            for (size_t h = 0; h < mp.cap; h++)
                mp.val[h] = -1;
            int32_t next = (int32_t)tm->n_slot;
            for (long t = 0; t <= T; t++)
                for (size_t a = 0; a < D2; a++) {
                    if (a >= d && t == 0)
                        continue;
                    long at = a < d ? t : t - 1;
                    int na = cterms(ta, model, a % d);
                    for (size_t b = 0; b < D2; b++) {
                        if (b >= d && t == 0)
                            continue;
                        long bt = b < d ? t : t - 1;
                        int nb = cterms(tb, model, b % d);
                        for (size_t c = 0; c < D2; c++) {
                            if (c >= d && T == 0)
                                continue;
                            long ct = c < d ? T : T - 1;
                            int nc = cterms(tc, model, c % d);
                            for (int ia = 0; ia < na; ia++)
                                for (int ib = 0; ib < nb; ib++)
                                    for (int ic = 0; ic < nc; ic++) {
                                        double br = tb[ib].cr, bi = -tb[ib].ci;
                                        double pr = ta[ia].cr * br - ta[ia].ci * bi;
                                        double pi = ta[ia].cr * bi + ta[ia].ci * br;
                                        double qr = pr * tc[ic].cr - pi * tc[ic].ci;
                                        double qi = pr * tc[ic].ci + pi * tc[ic].cr;
                                        memset(e, 0, sizeof e);
                                        e[ta[ia].var] += (int32_t)(ta[ia].sign * at);
                                        e[tb[ib].var] -= (int32_t)(tb[ib].sign * bt);
                                        e[tc[ic].var] += (int32_t)(tc[ic].sign * ct);
                                        uint64_t key = 0;
                                        for (size_t v = nv; v-- > 0;)
                                            key = key * base + (uint64_t)((int64_t)e[v] + (int64_t)off);
                                        if (tm->n_ent == cap && grow(tm, &cap))
                                            goto oom;
                                        size_t k = tm->n_ent++;
                                        tm->slot[k] = map_get(&mp, key, &next);
                                        tm->iv[k] = (int32_t)(j * D2 + a);
                                        tm->ik[k] = (int32_t)(b * D2 + c);
                                        tm->cr[k] = qr * ks;
                                        tm->ci[k] = qi * ks;
                                    }
                        }
                    }
                }
            /* target */
            int nj = cterms(ta, model, j);
            for (int ia = 0; ia < nj; ia++) {
                memset(e, 0, sizeof e);
                e[ta[ia].var] = (int32_t)(ta[ia].sign * (T + 1));
                uint64_t key = 0;
                for (size_t v = nv; v-- > 0;)
                    key = key * base + (uint64_t)((int64_t)e[v] + (int64_t)off);
                int32_t s = map_get(&mp, key, &next);
                if (ensure_slots(tm, &scap, (size_t)next))
                    goto oom;
                tm->tr[s] -= ta[ia].cr;
                tm->ti[s] -= ta[ia].ci;
            }
            if (ensure_slots(tm, &scap, (size_t)next))
                goto oom;
            tm->n_slot = (size_t)next;
        }
    tm->rr = malloc((tm->n_slot + 1) * sizeof *tm->rr);
    tm->ri = malloc((tm->n_slot + 1) * sizeof *tm->ri);
    if (!tm->rr || !tm->ri)
        goto oom;
    free(mp.key);
    free(mp.val);
    return tm;
oom:
    free(mp.key);
    free(mp.val);
    aug_terms_free(tm);
    ic_err_set(err, IC_EINTERNAL, "search: out of memory");
    return NULL;
}

double aug_terms_loss(aug_terms *tm, const double *K, const double *V, double *gK, double *gV)
{
    size_t d = tm->d;
    memcpy(tm->rr, tm->tr, tm->n_slot * sizeof *tm->rr);
    memcpy(tm->ri, tm->ti, tm->n_slot * sizeof *tm->ri);
    for (size_t k = 0; k < tm->n_ent; k++) {
        double w = V[tm->iv[k]] * K[tm->ik[k]];
        tm->rr[tm->slot[k]] += w * tm->cr[k];
        tm->ri[tm->slot[k]] += w * tm->ci[k];
    }
    double L = 0;
    for (size_t s = 0; s < tm->n_slot; s++)
        L += tm->rr[s] * tm->rr[s] + tm->ri[s] * tm->ri[s];
    if (gK && gV) {
        memset(gK, 0, 4 * d * d * sizeof *gK);
        memset(gV, 0, 2 * d * d * sizeof *gV);
        double f = 2.0 / (double)d;
        for (size_t k = 0; k < tm->n_ent; k++) {
            int32_t s = tm->slot[k];
            double g = f * (tm->rr[s] * tm->cr[k] + tm->ri[s] * tm->ci[k]);
            gV[tm->iv[k]] += g * K[tm->ik[k]];
            gK[tm->ik[k]] += g * V[tm->iv[k]];
        }
    }
    return L / (double)d;
}

/* ---------- multi-start L-BFGS ---------- */

typedef struct {
    aug_terms *tm;
    const double *mask; /* 1 where the class lets a parameter move */
    size_t nK, n;
} objective;

static double obj_eval(objective *o, const double *x, double *g)
{
    double L = aug_terms_loss(o->tm, x, x + o->nK, g, g + o->nK);
    for (size_t i = 0; i < o->n; i++)
        g[i] *= o->mask[i];
    return L;
}

static double dot(const double *a, const double *b, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += a[i] * b[i];
    return s;
}

#define LB_M 8

/* Minimises from x in place; returns the final loss. */
static double lbfgs(objective *o, double *x, int iters)
{
    size_t n = o->n;
    double *g = malloc(n * sizeof *g), *xn = malloc(n * sizeof *xn), *gn = malloc(n * sizeof *gn);
    double *dir = malloc(n * sizeof *dir), *S = malloc(LB_M * n * sizeof *S), *Y = malloc(LB_M * n * sizeof *Y);
    double rho[LB_M], al[LB_M];
    int m = 0, head = 0;
    double f = obj_eval(o, x, g);
    for (int it = 0; it < iters; it++) {
        /* two-loop recursion */
        memcpy(dir, g, n * sizeof *dir);
        for (int k = 0; k < m; k++) {
            int i = (head - 1 - k + LB_M) % LB_M;
            al[i] = rho[i] * dot(S + i * n, dir, n);
            for (size_t q = 0; q < n; q++)
                dir[q] -= al[i] * Y[i * n + q];
        }
        double gam = 1;
        if (m > 0) {
            int i = (head - 1 + LB_M) % LB_M;
            gam = dot(S + i * n, Y + i * n, n) / dot(Y + i * n, Y + i * n, n);
        } else {
            double gn2 = sqrt(dot(g, g, n));
            gam = gn2 > 0 ? 0.1 / gn2 : 1;
        }
        for (size_t q = 0; q < n; q++)
            dir[q] *= gam;
        for (int k = m - 1; k >= 0; k--) {
            int i = (head - 1 - k + LB_M) % LB_M;
            double b = rho[i] * dot(Y + i * n, dir, n);
            for (size_t q = 0; q < n; q++)
                dir[q] += S[i * n + q] * (al[i] - b);
        }
        double slope = -dot(g, dir, n);
        if (!(slope < 0)) { /* not a descent direction: restart memory */
            for (size_t q = 0; q < n; q++)
                dir[q] = g[q] * 1e-3;
            slope = -dot(g, dir, n);
            m = 0;
            if (!(slope < 0))
                break;
        }
        double step = 1, fn = f;
        int okls = 0;
        for (int ls = 0; ls < 40; ls++) {
            for (size_t q = 0; q < n; q++)
                xn[q] = x[q] - step * dir[q];
            fn = obj_eval(o, xn, gn);
            if (fn <= f + 1e-4 * step * slope) {
                okls = 1;
                break;
            }
            step *= 0.5;
        }
        if (!okls)
            break;
        double *s = S + head * n, *y = Y + head * n;
        for (size_t q = 0; q < n; q++) {
            s[q] = xn[q] - x[q];
            y[q] = gn[q] - g[q];
        }
        double sy = dot(s, y, n);
        if (sy > 1e-300) {
            rho[head] = 1 / sy;
            head = (head + 1) % LB_M;
            if (m < LB_M)
                m++;
        }
        memcpy(x, xn, n * sizeof *x);
        memcpy(g, gn, n * sizeof *g);
        double df = f - fn;
        f = fn;
        if (df <= 1e-15 * (fabs(f) + 1e-300) && sqrt(dot(g, g, n)) < 1e-10)
            break;
    }
    free(g);
    free(xn);
    free(gn);
    free(dir);
    free(S);
    free(Y);
    return f;
}

double aug_search(aug_terms *tm, int cls, int restarts, int iters, uint64_t seed, double *K, double *V)
{
    size_t d = tm->d, nK = 4 * d * d, n = nK + 2 * d * d;
    double *mask = malloc(n * sizeof *mask), *x = malloc(n * sizeof *x), *best = malloc(n * sizeof *best);
    for (size_t i = 0; i < n; i++)
        mask[i] = 1;
    if (cls == AUG_CLASS_BLOCKS) {
        for (size_t b = 0; b < 2 * d; b++)
            for (size_t c = 0; c < 2 * d; c++)
                mask[b * 2 * d + c] = (b >= d && c < d) ? 1 : 0;
        for (size_t j = 0; j < d; j++)
            for (size_t a = 0; a < 2 * d; a++)
                mask[nK + j * 2 * d + a] = a < d ? 1 : 0;
    }
    objective o = { tm, mask, nK, n };
    aug_rng r;
    aug_rng_seed(&r, seed);
    double fbest = INFINITY;
    for (int k = 0; k < restarts; k++) {
        for (size_t i = 0; i < n; i++)
            x[i] = 0.5 * ic_rng_gauss(&r) * mask[i];
        double f = lbfgs(&o, x, iters);
        if (f < fbest) {
            fbest = f;
            memcpy(best, x, n * sizeof *x);
        }
    }
    memcpy(K, best, nK * sizeof *K);
    memcpy(V, best + nK, 2 * d * d * sizeof *V);
    free(mask);
    free(x);
    free(best);
    return fbest;
}
