/* C6 model: the authors' non_augmented.py forward pass and its gradient,
 * written out by hand (double precision, fixed summation order, so the
 * same inputs give the same bits). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nonaugmented/nonaugmented.h"

const char *const na_param_names[NA_NPARAM] = {
    "Wq", "bq", "Wk", "bk", "Wv", "bv", "Wo", "bo", "ln_weight", "ln_bias", "Wf", "bf", "pos",
};

#define LN_EPS 1e-5  /* nn.LayerNorm's default */

void na_shape_init(na_shape *s, size_t d, size_t H, size_t n)
{
    size_t D = 2 * d, HD = H * D;
    s->d = d;
    s->D = D;
    s->H = H;
    s->n = n;
    size_t r[NA_NPARAM] = { HD, HD, HD, HD, HD, HD, D, D, D, D, d, d, n };
    size_t c[NA_NPARAM] = { D, 0, D, 0, D, 0, D, 0, 0, 0, D, 0, D };
    s->off[0] = 0;
    for (int i = 0; i < NA_NPARAM; i++) {
        s->rows[i] = r[i];
        s->cols[i] = c[i];
        s->off[i + 1] = s->off[i] + r[i] * (c[i] ? c[i] : 1);
    }
}

void na_init_params(double *theta, const na_shape *s, na_rng *r)
{
    double bound = 1 / sqrt((double)s->D);  /* every Linear here has fan_in D */
    for (int i = 0; i < NA_NPARAM; i++) {
        double *p = theta + s->off[i];
        size_t m = s->off[i + 1] - s->off[i];
        for (size_t j = 0; j < m; j++) {
            if (i == NA_LNW)
                p[j] = 1;
            else if (i == NA_LNB)
                p[j] = 0;
            else if (i == NA_POS)
                p[j] = ic_rng_gauss(r);
            else
                p[j] = bound * (2 * ic_rng_unif(r) - 1);
        }
    }
}

static double dot(const double *a, const double *b, size_t m)
{
    double s = 0;
    for (size_t i = 0; i < m; i++)
        s += a[i] * b[i];
    return s;
}

/* out (rows x HD) = X (rows x D) W^T + b, W is HD x D. */
static void linear(double *out, const double *X, size_t rows, const double *W, const double *b,
                   size_t nout, size_t nin)
{
    for (size_t t = 0; t < rows; t++)
        for (size_t o = 0; o < nout; o++)
            out[t * nout + o] = b[o] + dot(W + o * nin, X + t * nin, nin);
}

/* gW += G^T X, gb += column sums of G (G rows x nout, X rows x nin). */
static void linear_back(double *gW, double *gb, const double *G, const double *X, size_t rows,
                        size_t nout, size_t nin)
{
    for (size_t t = 0; t < rows; t++)
        for (size_t o = 0; o < nout; o++) {
            double g = G[t * nout + o];
            if (g == 0)
                continue;
            gb[o] += g;
            for (size_t i = 0; i < nin; i++)
                gW[o * nin + i] += g * X[t * nin + i];
        }
}

/* Positional queries and keys (n x HD each). */
static void pos_qk(double *qp, double *kp, const double *theta, const na_shape *s)
{
    size_t HD = s->H * s->D;
    const double *E = theta + s->off[NA_POS];
    linear(qp, E, s->n, theta + s->off[NA_WQ], theta + s->off[NA_BQ], HD, s->D);
    linear(kp, E, s->n, theta + s->off[NA_WK], theta + s->off[NA_BK], HD, s->D);
}

static void softmax_rows(double *pos, const double *qp, const double *kp, const na_shape *s)
{
    size_t n = s->n, D = s->D, HD = s->H * D;
    double isd = 1 / sqrt((double)D);
    for (size_t h = 0; h < s->H; h++)
        for (size_t t = 0; t < n; t++) {
            double *row = pos + (h * n + t) * n, mx = -INFINITY, sum = 0;
            for (size_t l = 0; l <= t; l++) {
                row[l] = dot(qp + t * HD + h * D, kp + l * HD + h * D, D) * isd;
                if (row[l] > mx)
                    mx = row[l];
            }
            for (size_t l = 0; l <= t; l++)
                sum += row[l] = exp(row[l] - mx);
            for (size_t l = 0; l <= t; l++)
                row[l] /= sum;
            for (size_t l = t + 1; l < n; l++)
                row[l] = 0;  /* causal mask: exp(-1e20) is exactly 0 in the authors' code too */
        }
}

void na_pos_forward(double *qp, double *kp, double *pos, const double *theta, const na_shape *s)
{
    pos_qk(qp, kp, theta, s);
    softmax_rows(pos, qp, kp, s);
}

void na_pos_attention(double *pos, const double *theta, const na_shape *s)
{
    size_t HD = s->H * s->D;
    double *qp = malloc(2 * s->n * HD * sizeof *qp);
    if (!qp)
        return;
    pos_qk(qp, qp + s->n * HD, theta, s);
    softmax_rows(pos, qp, qp + s->n * HD, s);
    free(qp);
}

typedef struct {
    double *u, *q, *k, *v, *tok, *o, *a, *z, *rstd, *nrm, *y;
    double *dy, *dn, *da, *dO, *dq, *dk, *dv;
} work;

static int work_alloc(work *w, const na_shape *s)
{
    size_t n = s->n, D = s->D, HD = s->H * D, d = s->d;
    size_t total = n * D + 3 * n * HD + s->H * n * n + 4 * n * D + n + n * d
                 + n * d + 3 * n * D + 3 * n * HD;
    double *p = calloc(total, sizeof *p);
    if (!p)
        return -1;
    w->u = p; p += n * D;
    w->q = p; p += n * HD;
    w->k = p; p += n * HD;
    w->v = p; p += n * HD;
    w->tok = p; p += s->H * n * n;
    w->o = p; p += n * D;
    w->a = p; p += n * D;
    w->z = p; p += n * D;
    w->nrm = p; p += n * D;
    w->rstd = p; p += n;
    w->y = p; p += n * d;
    w->dy = p; p += n * d;
    w->dn = p; p += n * D;
    w->da = p; p += n * D;
    w->dO = p; p += n * D;
    w->dq = p; p += n * HD;
    w->dk = p; p += n * HD;
    w->dv = p;
    return 0;
}

/* Forward pass of one sequence x (n + 1 tokens); returns the sum of
 * squared errors and leaves the intermediates in w. */
static double forward(work *w, const double *theta, const na_shape *s, const double *pos,
                      const double *x)
{
    size_t n = s->n, d = s->d, D = s->D, H = s->H, HD = H * D;
    double isd = 1 / sqrt((double)D);
    for (size_t t = 0; t < n; t++) {
        memcpy(w->u + t * D, x + t * d, d * sizeof(double));
        memcpy(w->u + t * D + d, x + t * d, d * sizeof(double));
    }
    linear(w->q, w->u, n, theta + s->off[NA_WQ], theta + s->off[NA_BQ], HD, D);
    linear(w->k, w->u, n, theta + s->off[NA_WK], theta + s->off[NA_BK], HD, D);
    linear(w->v, w->u, n, theta + s->off[NA_WV], theta + s->off[NA_BV], HD, D);
    memset(w->o, 0, n * D * sizeof(double));
    for (size_t h = 0; h < H; h++)
        for (size_t t = 0; t < n; t++) {
            const double *qt = w->q + t * HD + h * D, *prow = pos + (h * n + t) * n;
            double *trow = w->tok + (h * n + t) * n, *ot = w->o + t * D;
            for (size_t l = 0; l <= t; l++) {
                trow[l] = dot(qt, w->k + l * HD + h * D, D) * isd;
                double at = trow[l] * prow[l];
                const double *vl = w->v + l * HD + h * D;
                for (size_t i = 0; i < D; i++)
                    ot[i] += at * vl[i];
            }
        }
    linear(w->a, w->o, n, theta + s->off[NA_WO], theta + s->off[NA_BO], D, D);
    const double *g = theta + s->off[NA_LNW], *b = theta + s->off[NA_LNB];
    for (size_t t = 0; t < n; t++) {
        const double *a = w->a + t * D;
        double mu = 0, var = 0;
        for (size_t i = 0; i < D; i++)
            mu += a[i];
        mu /= (double)D;
        for (size_t i = 0; i < D; i++)
            var += (a[i] - mu) * (a[i] - mu);
        var /= (double)D;
        w->rstd[t] = 1 / sqrt(var + LN_EPS);
        for (size_t i = 0; i < D; i++) {
            w->z[t * D + i] = (a[i] - mu) * w->rstd[t];
            w->nrm[t * D + i] = g[i] * w->z[t * D + i] + b[i];
        }
    }
    linear(w->y, w->nrm, n, theta + s->off[NA_WF], theta + s->off[NA_BF], d, D);
    double sse = 0;
    for (size_t t = 0; t < n; t++)
        for (size_t i = 0; i < d; i++) {
            double e = w->y[t * d + i] - x[(t + 1) * d + i];
            w->dy[t * d + i] = e;
            sse += e * e;
        }
    return sse;
}

/* Backward pass of one sequence after forward(); scale = dLoss/dSSE.  The
 * gradient reaching the positional attention is accumulated in dpos. */
static void backward(work *w, const double *theta, const na_shape *s, const double *pos,
                     double scale, double *grad, double *dpos)
{
    size_t n = s->n, d = s->d, D = s->D, H = s->H, HD = H * D;
    double isd = 1 / sqrt((double)D);
    for (size_t j = 0; j < n * d; j++)
        w->dy[j] *= 2 * scale;
    linear_back(grad + s->off[NA_WF], grad + s->off[NA_BF], w->dy, w->nrm, n, d, D);
    const double *Wf = theta + s->off[NA_WF], *g = theta + s->off[NA_LNW];
    double *gg = grad + s->off[NA_LNW], *gb = grad + s->off[NA_LNB];
    for (size_t t = 0; t < n; t++) {
        double *dn = w->dn + t * D, *da = w->da + t * D;
        const double *z = w->z + t * D;
        for (size_t i = 0; i < D; i++) {
            dn[i] = 0;
            for (size_t j = 0; j < d; j++)
                dn[i] += Wf[j * D + i] * w->dy[t * d + j];
            gg[i] += dn[i] * z[i];
            gb[i] += dn[i];
        }
        /* LayerNorm: da = rstd (dz - mean(dz) - z mean(dz z)), dz = g dn. */
        double m1 = 0, m2 = 0;
        for (size_t i = 0; i < D; i++) {
            double dz = g[i] * dn[i];
            m1 += dz;
            m2 += dz * z[i];
        }
        m1 /= (double)D;
        m2 /= (double)D;
        for (size_t i = 0; i < D; i++)
            da[i] = w->rstd[t] * (g[i] * dn[i] - m1 - z[i] * m2);
    }
    linear_back(grad + s->off[NA_WO], grad + s->off[NA_BO], w->da, w->o, n, D, D);
    const double *Wo = theta + s->off[NA_WO];
    for (size_t t = 0; t < n; t++)
        for (size_t i = 0; i < D; i++) {
            double a = 0;
            for (size_t j = 0; j < D; j++)
                a += Wo[j * D + i] * w->da[t * D + j];
            w->dO[t * D + i] = a;
        }
    memset(w->dq, 0, 3 * n * HD * sizeof(double));  /* dq, dk, dv are contiguous */
    for (size_t h = 0; h < H; h++)
        for (size_t t = 0; t < n; t++) {
            const double *dot_ = w->dO + t * D, *qt = w->q + t * HD + h * D;
            const double *prow = pos + (h * n + t) * n, *trow = w->tok + (h * n + t) * n;
            double *dqt = w->dq + t * HD + h * D, *dprow = dpos + (h * n + t) * n;
            for (size_t l = 0; l <= t; l++) {
                const double *vl = w->v + l * HD + h * D, *kl = w->k + l * HD + h * D;
                double *dvl = w->dv + l * HD + h * D, *dkl = w->dk + l * HD + h * D;
                double gatt = dot(dot_, vl, D), at = trow[l] * prow[l];
                for (size_t i = 0; i < D; i++)
                    dvl[i] += at * dot_[i];
                dprow[l] += gatt * trow[l];
                double gtok = gatt * prow[l] * isd;
                for (size_t i = 0; i < D; i++) {
                    dqt[i] += gtok * kl[i];
                    dkl[i] += gtok * qt[i];
                }
            }
        }
    linear_back(grad + s->off[NA_WQ], grad + s->off[NA_BQ], w->dq, w->u, n, HD, D);
    linear_back(grad + s->off[NA_WK], grad + s->off[NA_BK], w->dk, w->u, n, HD, D);
    linear_back(grad + s->off[NA_WV], grad + s->off[NA_BV], w->dv, w->u, n, HD, D);
}

/* Gradient through the softmax positional scores, from dpos (H x n x n). */
void na_pos_backward(const double *theta, const na_shape *s, const double *pos,
                         const double *qp, const double *kp, const double *dpos, double *grad)
{
    size_t n = s->n, D = s->D, H = s->H, HD = H * D;
    double isd = 1 / sqrt((double)D);
    double *dqp = calloc(2 * n * HD, sizeof *dqp);
    if (!dqp)
        return;
    double *dkp = dqp + n * HD;
    for (size_t h = 0; h < H; h++)
        for (size_t t = 0; t < n; t++) {
            const double *prow = pos + (h * n + t) * n, *drow = dpos + (h * n + t) * n;
            double m = 0;
            for (size_t l = 0; l <= t; l++)
                m += prow[l] * drow[l];
            for (size_t l = 0; l <= t; l++) {
                double de = prow[l] * (drow[l] - m) * isd;
                for (size_t i = 0; i < D; i++) {
                    dqp[t * HD + h * D + i] += de * kp[l * HD + h * D + i];
                    dkp[l * HD + h * D + i] += de * qp[t * HD + h * D + i];
                }
            }
        }
    const double *E = theta + s->off[NA_POS];
    linear_back(grad + s->off[NA_WQ], grad + s->off[NA_BQ], dqp, E, n, HD, D);
    linear_back(grad + s->off[NA_WK], grad + s->off[NA_BK], dkp, E, n, HD, D);
    const double *Wq = theta + s->off[NA_WQ], *Wk = theta + s->off[NA_WK];
    double *gE = grad + s->off[NA_POS];
    for (size_t t = 0; t < n; t++)
        for (size_t o = 0; o < HD; o++) {
            double a = dqp[t * HD + o], b = dkp[t * HD + o];
            for (size_t i = 0; i < D; i++)
                gE[t * D + i] += a * Wq[o * D + i] + b * Wk[o * D + i];
        }
    free(dqp);
}

double na_batch_loss(const double *theta, const na_shape *s, const double *S, const size_t *idx,
                     size_t nb, double *grad, double *Y)
{
    size_t n = s->n, d = s->d, HD = s->H * s->D, nn = s->H * n * n;
    double *qp = malloc((2 * n * HD + 2 * nn) * sizeof *qp);
    work w;
    if (!qp || work_alloc(&w, s)) {
        free(qp);
        return NAN;
    }
    double *kp = qp + n * HD, *pos = kp + n * HD, *dpos = pos + nn;
    memset(dpos, 0, nn * sizeof *dpos);
    na_pos_forward(qp, kp, pos, theta, s);
    double scale = 1 / ((double)nb * (double)n * (double)d), sse = 0;
    for (size_t b = 0; b < nb; b++) {
        const double *x = S + idx[b] * (n + 1) * d;
        sse += forward(&w, theta, s, pos, x);
        if (Y)
            memcpy(Y + b * n * d, w.y, n * d * sizeof *Y);
        if (grad)
            backward(&w, theta, s, pos, scale, grad, dpos);
    }
    if (grad)
        na_pos_backward(theta, s, pos, qp, kp, dpos, grad);
    free(w.u);
    free(qp);
    return sse * scale;
}
