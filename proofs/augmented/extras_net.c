/* C1: the authors' extras around linear attention on augmented tokens
 * (augmented.py: query/key/value maps with biases, the 1/sqrt(3d) score
 * scale, the attention's output map, LayerNorm, the residual and the outer
 * output map), forward and backward written out for one sequence at a
 * time.  Every extra can be switched off separately; with all of them off
 * and merged W_KQ this is the theory model of proofs/augmented/train.c (a second,
 * independent implementation: tests compare the two).
 *
 * Per position T (tokens e_t = (0, s_t, s_{t-1}), D = 3d):
 *   q_T = W_Q e_T + b_Q      k_t = W_K e_t + b_K  (merged: k_t = e_t, W_Q = W_KQ)
 *   v_t = W_V e_t + b_V      a_T = sc sum_{t <= T} (k_t . q_T) v_t = sc S_T q_T,
 *                            S_T = sum_{t <= T} v_t k_t^T
 *   o_T = W_O a_T + b_O      h_T = LN(o_T) = g * (o_T - mean) / sqrt(var + 1e-5) + b
 *   r_T = e_T + h_T          y_T = W_F r_T + b_F,  prediction y_T[0:d] of s_{T+1}.
 * The backward pass of everything after a_T is local to T, so da_T and
 * dq_T = sc S_T^T da_T are formed during the forward sweep; dv_t, dk_t
 * need R_t = sc sum_{T >= t} da_T q_T^T, a reverse sweep. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "augmented/augmented.h"

#define LN_EPS 1e-5 /* nn.LayerNorm's default */

static const char *const names_split[AUG_NP] = { "WQ", "WK", "WV", "bQ", "bK", "bV",
                                                 "WO", "bO", "ln_g", "ln_b", "WF", "bF" };

void aug_net_init(aug_net *net, size_t d, int split, int bias, int ln, int out, int resid, double sc)
{
    memset(net, 0, sizeof *net);
    net->d = d;
    net->D = 3 * d;
    net->split = split;
    net->bias = bias;
    net->ln = ln;
    net->out = out;
    net->resid = resid;
    net->sc = sc;
    int present[AUG_NP] = {
        [AUG_P_WQ] = 1, [AUG_P_WK] = split, [AUG_P_WV] = 1,
        [AUG_P_BQ] = bias, [AUG_P_BK] = split && bias, [AUG_P_BV] = bias,
        [AUG_P_WO] = out, [AUG_P_BO] = out && bias, [AUG_P_LNG] = ln, [AUG_P_LNB] = ln,
        [AUG_P_WF] = out, [AUG_P_BF] = out && bias,
    };
    size_t o = 0;
    for (int k = 0; k < AUG_NP; k++) {
        if (!present[k]) {
            net->off[k] = SIZE_MAX;
            continue;
        }
        net->off[k] = o;
        o += aug_net_is_matrix(k) ? net->D * net->D : net->D;
    }
    net->np = o;
}

int aug_net_is_matrix(int k)
{
    return k == AUG_P_WQ || k == AUG_P_WK || k == AUG_P_WV || k == AUG_P_WO || k == AUG_P_WF;
}

const char *aug_net_name(const aug_net *net, int k)
{
    return k == AUG_P_WQ && !net->split ? "WKQ" : names_split[k];
}

int aug_net_extras(const aug_net *net)
{
    return net->split || net->bias || net->ln || net->out || net->resid;
}

/* y[i] = sum_{c in [d, 3d)} W[i, c] e[c] (+ b[i]) for i < rows: the first
 * token block is zero. */
static void project(double *y, const double *W, const double *b, const double *e, size_t rows, size_t d)
{
    size_t D = 3 * d;
    for (size_t i = 0; i < rows; i++) {
        const double *w = W + i * D + d;
        double a = b ? b[i] : 0;
        for (size_t c = 0; c < 2 * d; c++)
            a += w[c] * e[d + c];
        y[i] = a;
    }
}

/* G[i, c] += g[i] e[c] for c in [d, 3d), and gb += g. */
static void accum(double *G, double *gb, const double *g, const double *e, size_t rows, size_t d)
{
    size_t D = 3 * d;
    for (size_t i = 0; i < rows; i++) {
        double *w = G + i * D + d, gi = g[i];
        for (size_t c = 0; c < 2 * d; c++)
            w[c] += gi * e[d + c];
        if (gb)
            gb[i] += gi;
    }
}

size_t aug_net_work(size_t n, size_t d)
{
    size_t D = 3 * d;
    return 5 * n * D + 2 * D * D + 12 * D;
}

#define PAR(P, k) (net->off[k] == SIZE_MAX ? NULL : (P) + net->off[k])

/* One sequence s (n+1 rows of d): returns inv * sum of squared errors;
 * predictions into Y (n x d) if given; gradients added into G (layout of
 * P) if given.  w: aug_net_work(n, d) doubles. */
static double net_seq(const aug_net *net, const double *P, const double *s, size_t n, double inv, double *Y,
                      double *G, double *w)
{
    size_t d = net->d, D = net->D, mv = (net->out || net->ln) ? D : d;
    double sc = net->sc;
    const double *WQ = PAR(P, AUG_P_WQ), *WK = PAR(P, AUG_P_WK), *WV = PAR(P, AUG_P_WV);
    const double *bQ = PAR(P, AUG_P_BQ), *bK = PAR(P, AUG_P_BK), *bV = PAR(P, AUG_P_BV);
    const double *WO = PAR(P, AUG_P_WO), *bO = PAR(P, AUG_P_BO), *lg = PAR(P, AUG_P_LNG);
    const double *lb = PAR(P, AUG_P_LNB), *WF = PAR(P, AUG_P_WF), *bF = PAR(P, AUG_P_BF);
    double *E = w, *Q = E + n * D, *K = Q + n * D, *V = K + n * D, *DA = V + n * D;
    double *S = DA + n * D, *Rm = S + D * D, *a = Rm + D * D, *o = a + D, *xh = o + D, *r = xh + D;
    double *dr = r + D, *dxh = dr + D, *dov = dxh + D, *dq = dov + D, *dv = dq + D, *dk = dv + D, *y = dk + D,
           *dy = y + D;
    memset(S, 0, D * D * sizeof *S);
    double L = 0;
    for (size_t T = 0; T < n; T++) {
        double *e = E + T * D, *q = Q + T * D, *k = net->split ? K + T * D : e, *v = V + T * D;
        memset(e, 0, d * sizeof *e);
        memcpy(e + d, s + T * d, d * sizeof *e);
        if (T > 0)
            memcpy(e + 2 * d, s + (T - 1) * d, d * sizeof *e);
        else
            memset(e + 2 * d, 0, d * sizeof *e);
        project(q, WQ, bQ, e, D, d);
        if (net->split)
            project(k, WK, bK, e, D, d);
        project(v, WV, bV, e, mv, d);
        for (size_t i = 0; i < mv; i++) {
            double *Si = S + i * D, vi = v[i], acc = 0;
            for (size_t j = 0; j < D; j++) {
                Si[j] += vi * k[j];
                acc += Si[j] * q[j];
            }
            a[i] = sc * acc;
        }
        const double *ov = a; /* o_T */
        if (net->out) {
            for (size_t i = 0; i < D; i++) {
                double acc = bO ? bO[i] : 0;
                for (size_t j = 0; j < D; j++)
                    acc += WO[i * D + j] * a[j];
                o[i] = acc;
            }
            ov = o;
        }
        double rs = 0;
        const double *hv = ov; /* h_T */
        if (net->ln) {
            double mu = 0, var = 0;
            for (size_t i = 0; i < D; i++)
                mu += ov[i];
            mu /= (double)D;
            for (size_t i = 0; i < D; i++)
                var += (ov[i] - mu) * (ov[i] - mu);
            rs = 1 / sqrt(var / (double)D + LN_EPS);
            for (size_t i = 0; i < D; i++) {
                xh[i] = (ov[i] - mu) * rs;
                r[i] = lg[i] * xh[i] + lb[i];
            }
            hv = r;
        }
        size_t rr = net->out ? D : d; /* entries of r_T read by the output */
        if (hv != r)
            memcpy(r, hv, rr * sizeof *r);
        if (net->resid)
            for (size_t i = 0; i < rr; i++)
                r[i] += e[i];
        for (size_t i = 0; i < d; i++) {
            double acc = r[i];
            if (net->out) {
                acc = bF ? bF[i] : 0;
                for (size_t j = 0; j < D; j++)
                    acc += WF[i * D + j] * r[j];
            }
            y[i] = acc;
            if (Y)
                Y[T * d + i] = acc;
            double er = acc - s[(T + 1) * d + i];
            L += er * er;
            dy[i] = 2 * inv * er;
        }
        if (!G)
            continue;
        /* backward of the position-local part: dy -> da_T */
        if (net->out) {
            double *gWF = G + net->off[AUG_P_WF];
            for (size_t i = 0; i < d; i++)
                for (size_t j = 0; j < D; j++)
                    gWF[i * D + j] += dy[i] * r[j];
            if (bF)
                for (size_t i = 0; i < d; i++)
                    G[net->off[AUG_P_BF] + i] += dy[i];
            for (size_t j = 0; j < D; j++) {
                double acc = 0;
                for (size_t i = 0; i < d; i++)
                    acc += WF[i * D + j] * dy[i];
                dr[j] = acc;
            }
        } else {
            memcpy(dr, dy, d * sizeof *dr);
            memset(dr + d, 0, (D - d) * sizeof *dr);
        }
        double *dh = dr; /* the residual passes dr through unchanged */
        double *dout = dh;
        if (net->ln) {
            double m1 = 0, m2 = 0;
            for (size_t i = 0; i < D; i++) {
                G[net->off[AUG_P_LNG] + i] += dh[i] * xh[i];
                G[net->off[AUG_P_LNB] + i] += dh[i];
                dxh[i] = dh[i] * lg[i];
                m1 += dxh[i];
                m2 += dxh[i] * xh[i];
            }
            m1 /= (double)D;
            m2 /= (double)D;
            for (size_t i = 0; i < D; i++)
                dov[i] = rs * (dxh[i] - m1 - xh[i] * m2);
            dout = dov;
        }
        double *da = DA + T * D;
        if (net->out) {
            double *gWO = G + net->off[AUG_P_WO];
            for (size_t i = 0; i < D; i++)
                for (size_t j = 0; j < D; j++)
                    gWO[i * D + j] += dout[i] * a[j];
            if (bO)
                for (size_t i = 0; i < D; i++)
                    G[net->off[AUG_P_BO] + i] += dout[i];
            for (size_t j = 0; j < D; j++) {
                double acc = 0;
                for (size_t i = 0; i < D; i++)
                    acc += WO[i * D + j] * dout[i];
                da[j] = acc;
            }
        } else {
            memcpy(da, dout, mv * sizeof *da);
        }
        /* dq_T = sc S_T^T da_T */
        for (size_t j = 0; j < D; j++)
            dq[j] = 0;
        for (size_t i = 0; i < mv; i++) {
            const double *Si = S + i * D;
            double di = sc * da[i];
            for (size_t j = 0; j < D; j++)
                dq[j] += Si[j] * di;
        }
        accum(G + net->off[AUG_P_WQ], bQ ? G + net->off[AUG_P_BQ] : NULL, dq, e, D, d);
    }
    if (!G)
        return L * inv;
    /* reverse sweep: R_t = sc sum_{T >= t} da_T q_T^T, dv_t = R_t k_t, dk_t = R_t^T v_t */
    memset(Rm, 0, D * D * sizeof *Rm);
    for (size_t t = n; t-- > 0;) {
        const double *e = E + t * D, *q = Q + t * D, *k = net->split ? K + t * D : e, *v = V + t * D;
        const double *da = DA + t * D;
        if (net->split)
            memset(dk, 0, D * sizeof *dk);
        for (size_t i = 0; i < mv; i++) {
            double *Ri = Rm + i * D, di = sc * da[i], acc = 0;
            for (size_t j = 0; j < D; j++) {
                Ri[j] += di * q[j];
                acc += Ri[j] * k[j];
            }
            dv[i] = acc;
            if (net->split)
                for (size_t j = 0; j < D; j++)
                    dk[j] += Ri[j] * v[i];
        }
        accum(G + net->off[AUG_P_WV], bV ? G + net->off[AUG_P_BV] : NULL, dv, e, mv, d);
        if (net->split)
            accum(G + net->off[AUG_P_WK], bK ? G + net->off[AUG_P_BK] : NULL, dk, e, D, d);
    }
    return L * inv;
}

double aug_net_batch(const aug_net *net, const double *P, const double *S, const size_t *idx, size_t nb, size_t n,
                     double *G, double *work)
{
    return aug_net_batch_part(net, P, S, idx, nb, n, 1.0 / ((double)nb * (double)n * (double)net->d), G, work);
}

double aug_net_batch_part(const aug_net *net, const double *P, const double *S, const size_t *idx, size_t nb,
                          size_t n, double inv, double *G, double *work)
{
    double L = 0;
    for (size_t b = 0; b < nb; b++) {
        const double *s = S + (idx ? idx[b] : b) * (n + 1) * net->d;
        L += net_seq(net, P, s, n, inv, NULL, G, work);
    }
    return L;
}

void aug_net_predict(const aug_net *net, const double *P, const double *s, size_t n, double *Y, double *work)
{
    net_seq(net, P, s, n, 1, Y, NULL, work);
}

void aug_net_composite(const aug_net *net, const double *P, double *KQc, double *Vc)
{
    size_t D = net->D;
    const double *WQ = PAR(P, AUG_P_WQ), *WK = PAR(P, AUG_P_WK), *WV = PAR(P, AUG_P_WV);
    for (size_t a = 0; a < D; a++)
        for (size_t b = 0; b < D; b++) {
            double acc = 0;
            if (WK)
                for (size_t i = 0; i < D; i++)
                    acc += WK[i * D + a] * WQ[i * D + b];
            else
                acc = WQ[a * D + b];
            KQc[a * D + b] = net->sc * acc;
        }
    /* M = W_F diag(g) (I - 11^T/D) W_O, factors absent -> identity; Vc = M W_V */
    for (size_t c = 0; c < D; c++) { /* column c of M W_V; D <= 192 (d <= 64) */
        double col[3 * 64], nx[3 * 64];
        for (size_t i = 0; i < D; i++)
            col[i] = WV[i * D + c];
        if (net->out) {
            const double *WO = P + net->off[AUG_P_WO];
            for (size_t i = 0; i < D; i++) {
                double acc = 0;
                for (size_t j = 0; j < D; j++)
                    acc += WO[i * D + j] * col[j];
                nx[i] = acc;
            }
            memcpy(col, nx, D * sizeof *col);
        }
        if (net->ln) {
            const double *g = P + net->off[AUG_P_LNG];
            double mu = 0;
            for (size_t i = 0; i < D; i++)
                mu += col[i];
            mu /= (double)D;
            for (size_t i = 0; i < D; i++)
                col[i] = g[i] * (col[i] - mu);
        }
        if (net->out) {
            const double *WF = P + net->off[AUG_P_WF];
            for (size_t i = 0; i < D; i++) {
                double acc = 0;
                for (size_t j = 0; j < D; j++)
                    acc += WF[i * D + j] * col[j];
                nx[i] = acc;
            }
            memcpy(col, nx, D * sizeof *col);
        }
        for (size_t i = 0; i < D; i++)
            Vc[i * D + c] = col[i];
    }
}
