/* C5: the same gradient descent in double, on any Toeplitz moments: the
 * trainer runs it on a batch's empirical moments, compare on the exact
 * ones to fit k.  Rows are independent least-squares problems, so the
 * loop keeps one residual vector per row. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pe/pe.h"
#include "training/progress.h"

/* One pass: y = G r per row, returns the loss (1/(T-1)) sum r.y. */
static double apply(double *y, const double *r, const double *g, size_t T)
{
    double L = 0;
    size_t o = 0;
    for (size_t t = 0; t + 1 < T; t++) {
        size_t n = t + 2;
        for (size_t a = 0; a < n; a++) {
            double s = 0;
            for (size_t b = 0; b < n; b++)
                s += g[a > b ? a - b : b - a] * r[o + b];
            y[o + a] = s;
            L += r[o + a] * s;
        }
        o += n;
    }
    return L / (double)(T - 1);
}

static void to_P(double *P, const double *r, size_t T)
{
    memset(P, 0, T * T * sizeof *P);
    size_t o = 0;
    for (size_t t = 0; t + 1 < T; t++) {
        for (size_t a = 0; a < t + 2; a++)
            P[t * T + a] = (a == t + 1 ? 1.0 : 0.0) - r[o + a];
        o += t + 2;
    }
}

size_t pe_gd_state_len(size_t T)
{
    return (T - 1) * (T + 2) / 2;
}

static long descend(double *P, const double *g, size_t T, double lr, double stop, long steps,
                    int use_stop, double *loss, const pe_gd_resume *res)
{
    size_t tot = pe_gd_state_len(T);
    double *r = calloc(tot, sizeof *r), *y = calloc(tot, sizeof *y);
    if (!r || !y) {
        free(r);
        free(y);
        return -2;
    }
    long start = 0;
    if (res && res->r && res->start > 0) {
        memcpy(r, res->r, tot * sizeof *r);
        start = res->start;
    } else {
        size_t o = 0;
        for (size_t t = 0; t + 1 < T; t++) {
            r[o + t + 1] = 1.0;
            o += t + 2;
        }
    }
    double eta = 2.0 * lr / (double)(T - 1);
    long k = -1;
    for (long i = start; i <= steps; i++) {
        if (res && res->checkpoint && res->every > 0 && i > start && i % res->every == 0 &&
            res->checkpoint(res->ctx, i, r, loss)) {
            k = -3;
            break;
        }
        if (res && (i & 255) == 0)
            ic_progress_report((double)i, (double)steps);
        double L = apply(y, r, g, T);
        if (loss)
            loss[i] = L;
        if (use_stop ? L < stop : i == steps) {
            k = use_stop ? i + 1 : i;
            if (use_stop) {
                for (size_t j = 0; j < tot; j++)
                    r[j] -= eta * y[j];
                if (loss && i + 1 <= steps)
                    loss[i + 1] = apply(y, r, g, T);
            }
            break;
        }
        for (size_t j = 0; j < tot; j++)
            r[j] -= eta * y[j];
    }
    to_P(P, r, T);
    free(r);
    free(y);
    return k;
}

long pe_gd_d(double *P, const double *g, size_t T, double lr, double stop, long max_steps,
             double *loss)
{
    return descend(P, g, T, lr, stop, max_steps, 1, loss, NULL);
}

long pe_gd_d_resumable(double *P, const double *g, size_t T, double lr, double stop, long max_steps,
                       double *loss, const pe_gd_resume *res)
{
    return descend(P, g, T, lr, stop, max_steps, 1, loss, res);
}

void pe_gd_steps_d(double *P, const double *g, size_t T, double lr, long k)
{
    descend(P, g, T, lr, 0, k, 0, NULL, NULL);
}

static double saved_dev(const double *Pf, const double *r, size_t T)
{
    double m = 0;
    size_t o = 0;
    for (size_t t = 0; t + 1 < T; t++) {
        for (size_t a = 0; a <= t; a++) {
            double d = Pf[t * T + a] + r[o + a]; /* closed form is -r off the newest key */
            m = d > m ? d : -d > m ? -d : m;
        }
        o += t + 2;
    }
    return m;
}

long pe_fit_k(double *best_dev, const double *Pf, const double *g, size_t T, double lr, long kmax)
{
    size_t tot = (T - 1) * (T + 2) / 2;
    double *r = calloc(tot, sizeof *r), *y = calloc(tot, sizeof *y);
    long best = -1;
    *best_dev = INFINITY;
    if (r && y) {
        size_t o = 0;
        for (size_t t = 0; t + 1 < T; t++) {
            r[o + t + 1] = 1.0;
            o += t + 2;
        }
        double eta = 2.0 * lr / (double)(T - 1);
        for (long k = 1; k <= kmax; k++) {
            apply(y, r, g, T);
            for (size_t j = 0; j < tot; j++)
                r[j] -= eta * y[j];
            double d = saved_dev(Pf, r, T);
            if (d < *best_dev) {
                *best_dev = d;
                best = k;
            }
        }
    }
    free(r);
    free(y);
    return best;
}
