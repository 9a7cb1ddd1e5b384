/* ic_html: HTML escaping and SVG figures (heatmaps, plots, histograms) into a buffer. */
#include "html/svg_figures.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------- buffer ---------- */

void ic_html_free(ic_html_buf *b)
{
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
    b->oom = 0;
}

static int reserve(ic_html_buf *b, size_t extra)
{
    if (b->oom)
        return -1;
    if (b->len + extra + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1) {
        if (cap > ((size_t)-1) / 2) {
            b->oom = 1;
            return -1;
        }
        cap *= 2;
    }
    char *s = realloc(b->s, cap);
    if (!s) {
        b->oom = 1;
        return -1;
    }
    b->s = s;
    b->cap = cap;
    return 0;
}

void ic_html_putn(ic_html_buf *b, const char *s, size_t n)
{
    if (reserve(b, n))
        return;
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void ic_html_put(ic_html_buf *b, const char *s)
{
    ic_html_putn(b, s, strlen(s));
}

void ic_html_printf(ic_html_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || reserve(b, (size_t)n)) {
        b->oom = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void ic_html_esc(ic_html_buf *b, const char *s)
{
    if (!s)
        return;
    const char *run = s;
    for (; *s; s++) {
        const char *rep = NULL;
        unsigned char ch = (unsigned char)*s;
        switch (ch) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default:
            if ((ch < 0x20 && ch != '\t' && ch != '\n') || ch == 0x7f)
                rep = "";
        }
        if (rep) {
            ic_html_putn(b, run, (size_t)(s - run));
            ic_html_put(b, rep);
            run = s + 1;
        }
    }
    ic_html_putn(b, run, (size_t)(s - run));
}

/* ---------- numbers and colours ---------- */

void ic_html_num(char out[32], double x, int sig)
{
    if (isnan(x))
        snprintf(out, 32, "nan");
    else if (isinf(x))
        snprintf(out, 32, x > 0 ? "inf" : "-inf");
    else if (x == 0)
        snprintf(out, 32, "0");
    else
        snprintf(out, 32, "%.*g", sig < 1 ? 1 : sig > 17 ? 17 : sig, x);
}

/* A coordinate: one decimal, "-0" folded to "0", trailing ".0" dropped. */
static void pc(ic_html_buf *b, double v)
{
    char s[32];
    if (!isfinite(v))
        v = 0;
    snprintf(s, sizeof s, "%.1f", v);
    if (strcmp(s, "-0.0") == 0)
        strcpy(s, "0.0");
    size_t n = strlen(s);
    if (n > 2 && strcmp(s + n - 2, ".0") == 0)
        s[n - 2] = '\0';
    ic_html_put(b, s);
}

void ic_html_diverging(double t, char out[8])
{
    static const double stop[5][3] = {
        { 33, 102, 172 }, { 103, 169, 207 }, { 247, 247, 247 }, { 239, 138, 98 }, { 178, 24, 43 }
    };
    if (!(t >= -1))
        t = -1;
    if (t > 1)
        t = 1;
    double u = (t + 1) * 2;  /* 0..4 */
    int k = (int)floor(u);
    if (k > 3)
        k = 3;
    double f = u - k;
    int rgb[3];
    for (int i = 0; i < 3; i++)
        rgb[i] = (int)floor(stop[k][i] + f * (stop[k + 1][i] - stop[k][i]) + 0.5);
    snprintf(out, 8, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
}

const char *ic_html_palette(size_t i)
{
    static const char *const pal[] = { "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e",
                                       "#9467bd", "#8c564b", "#e377c2", "#17becf" };
    return pal[i % (sizeof pal / sizeof pal[0])];
}

const char *ic_html_status_color(const char *status)
{
    if (!status)
        return "#757575";
    if (strcmp(status, "pass") == 0)
        return "#2e7d32";
    if (strcmp(status, "fail") == 0)
        return "#c62828";
    if (strcmp(status, "undecided") == 0)
        return "#e69f00";
    return "#757575";
}

static double nice_step(double raw)
{
    double p = pow(10, floor(log10(raw)));
    double m = raw / p;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

size_t ic_html_ticks(double lo, double hi, size_t max, double *out)
{
    if (max == 0 || !isfinite(lo) || !isfinite(hi))
        return 0;
    if (hi < lo) {
        double t = lo;
        lo = hi;
        hi = t;
    }
    if (hi == lo || max == 1) {
        out[0] = lo;
        return 1;
    }
    double step = nice_step((hi - lo) / (double)(max - 1));
    double k0 = ceil(lo / step - 1e-9);
    size_t n = 0;
    for (double k = k0; n < max; k++) {
        double v = k * step;
        if (v > hi + step * 1e-9)
            break;
        out[n++] = fabs(v) < step * 1e-9 ? 0 : v;
    }
    return n;
}

/* ---------- shared pieces ---------- */

/* Rough width of s at font-size 11 (no font metrics without a renderer). */
static double text_w(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++)
        if (((unsigned char)*s & 0xc0) != 0x80)
            n++;
    return 6.5 * (double)n;
}

static void svg_open(ic_html_buf *b, double w, double h, const char *title)
{
    ic_html_put(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"");
    pc(b, w);
    ic_html_put(b, "\" height=\"");
    pc(b, h);
    ic_html_put(b, "\" viewBox=\"0 0 ");
    pc(b, w);
    ic_html_put(b, " ");
    pc(b, h);
    ic_html_put(b, "\" font-family=\"sans-serif\" font-size=\"11\" role=\"img\"");
    if (title) {
        ic_html_put(b, " aria-label=\"");
        ic_html_esc(b, title);
        ic_html_put(b, "\"");
    }
    ic_html_put(b, ">\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    if (title) {
        ic_html_put(b, "<text x=\"");
        pc(b, w / 2);
        ic_html_put(b, "\" y=\"17\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\">");
        ic_html_esc(b, title);
        ic_html_put(b, "</text>\n");
    }
}

static void text_at(ic_html_buf *b, double x, double y, const char *anchor, const char *extra,
                    const char *s)
{
    ic_html_put(b, "<text x=\"");
    pc(b, x);
    ic_html_put(b, "\" y=\"");
    pc(b, y);
    ic_html_put(b, "\"");
    if (anchor)
        ic_html_printf(b, " text-anchor=\"%s\"", anchor);
    if (extra)
        ic_html_printf(b, " %s", extra);
    ic_html_put(b, ">");
    ic_html_esc(b, s);
    ic_html_put(b, "</text>\n");
}

static void line(ic_html_buf *b, double x1, double y1, double x2, double y2, const char *style)
{
    ic_html_put(b, "<line x1=\"");
    pc(b, x1);
    ic_html_put(b, "\" y1=\"");
    pc(b, y1);
    ic_html_put(b, "\" x2=\"");
    pc(b, x2);
    ic_html_put(b, "\" y2=\"");
    pc(b, y2);
    ic_html_printf(b, "\" %s/>\n", style);
}

static void rect(ic_html_buf *b, double x, double y, double w, double h, const char *fill,
                 const char *extra)
{
    ic_html_put(b, "<rect x=\"");
    pc(b, x);
    ic_html_put(b, "\" y=\"");
    pc(b, y);
    ic_html_put(b, "\" width=\"");
    pc(b, w);
    ic_html_put(b, "\" height=\"");
    pc(b, h);
    ic_html_printf(b, "\" fill=\"%s\"%s%s", fill, extra ? " " : "", extra ? extra : "");
}

/* An axis: data range [v0, v1] mapped to pixels [p0, p1]; log axes hold
 * log10 of the values. */
typedef struct {
    double v0, v1, p0, p1;
    int log;
} axis;

static double amap(const axis *a, double v)
{
    if (a->log)
        v = log10(v);
    return a->p0 + (v - a->v0) / (a->v1 - a->v0) * (a->p1 - a->p0);
}

/* Linear axis over [lo, hi] widened to nice ticks; fills ticks. */
static size_t lin_axis(axis *a, double lo, double hi, double *ticks, size_t max, double min_step)
{
    if (hi == lo) {
        double d = lo == 0 ? 1 : fabs(lo) * 0.1;
        if (min_step > 0 && d < min_step)
            d = min_step;
        lo -= d;
        hi += d;
    }
    double step = nice_step((hi - lo) / (double)(max - 1));
    if (step < min_step)
        step = min_step;
    a->v0 = floor(lo / step + 1e-9) * step;
    a->v1 = ceil(hi / step - 1e-9) * step;
    a->log = 0;
    size_t n = 0;
    for (double k = floor(a->v0 / step + 0.5); n < max + 1 && k * step <= a->v1 + step * 1e-9; k++)
        ticks[n++] = fabs(k * step) < step * 1e-9 ? 0 : k * step;
    return n;
}

/* Log axis over [lo, hi] (both > 0) widened to whole decades; fills the
 * exponents of the ticks. */
static size_t log_axis(axis *a, double lo, double hi, double *ticks, size_t max)
{
    double e0 = floor(log10(lo) + 1e-9), e1 = ceil(log10(hi) - 1e-9);
    if (e1 <= e0)
        e1 = e0 + 1;
    a->v0 = e0;
    a->v1 = e1;
    a->log = 1;
    double k = (e1 - e0) / (double)(max - 1);
    k = k <= 1 ? 1 : nice_step(k);  /* 1, 2, 5, 10, 20, ... decades */
    size_t n = 0;
    for (double e = ceil(e0 / k) * k; e <= e1 && n < max + 2; e += k)
        ticks[n++] = e;
    return n;
}

static void decade_label(char out[32], double e)
{
    if (e == 0)
        snprintf(out, 32, "1");
    else if (e == 1)
        snprintf(out, 32, "10");
    else
        snprintf(out, 32, "1e%d", (int)e);
}

static double tick_value(const axis *a, double t)
{
    return a->log ? pow(10, t) : t;
}

static void tick_label(char out[32], const axis *a, double t)
{
    if (a->log)
        decade_label(out, t);
    else
        ic_html_num(out, t, 4);
}

/* Frame, grid, ticks and axis titles of a plot area. */
static void draw_axes(ic_html_buf *b, const axis *xa, const double *xt, size_t nxt, const axis *ya,
                      const double *yt, size_t nyt, const ic_html_axes *ax)
{
    double L = xa->p0, R = xa->p1, T = ya->p1, B = ya->p0;
    char s[32];
    for (size_t i = 0; i < nyt; i++) {
        double y = amap(ya, tick_value(ya, yt[i]));
        line(b, L, y, R, y, "stroke=\"#e6e6e6\"");
        tick_label(s, ya, yt[i]);
        text_at(b, L - 5, y + 4, "end", NULL, s);
    }
    for (size_t i = 0; xt && i < nxt; i++) {
        double x = amap(xa, tick_value(xa, xt[i]));
        line(b, x, T, x, B, "stroke=\"#e6e6e6\"");
        tick_label(s, xa, xt[i]);
        text_at(b, x, B + 14, "middle", NULL, s);
    }
    rect(b, L, T, R - L, B - T, "none", "stroke=\"#888888\"/>\n");
    if (ax && ax->xlabel)
        text_at(b, (L + R) / 2, B + 32, "middle", NULL, ax->xlabel);
    if (ax && ax->ylabel) {
        ic_html_put(b, "<text transform=\"translate(14,");
        pc(b, (T + B) / 2);
        ic_html_put(b, ") rotate(-90)\" text-anchor=\"middle\">");
        ic_html_esc(b, ax->ylabel);
        ic_html_put(b, "</text>\n");
    }
}

/* ---------- heatmap ---------- */

static size_t index_step(size_t n)
{
    size_t s = 1;
    while (n / s > 8)
        s = s == 1 ? 2 : s == 2 ? 5 : s * 2;
    return s;
}

void ic_html_heatmap(ic_html_buf *b, const double *m, const unsigned char *mask, size_t rows,
                 size_t cols, const char *title)
{
    /* Square cells when the shape allows; a long thin matrix (128 x 4)
     * gets wide cells instead of a sliver. */
    size_t big = rows > cols ? rows : cols;
    double cs = big ? floor(300.0 / (double)big) : 10;
    if (cs > 26)
        cs = 26;
    if (cs < 2)
        cs = 2;
    double cw = cs, ch = cs;
    if (cols && cols * 4 < rows)
        cw = fmin(26, floor(120.0 / (double)cols));
    if (rows && rows * 4 < cols)
        ch = fmin(26, floor(120.0 / (double)rows));
    double L = 34, T = 30, MW = cw * (double)cols, MH = ch * (double)rows;
    double BH = MH < 120 ? 120 : MH, BX = L + MW + 16;
    double W = BX + 12 + 60, H = T + BH + 24;
    if (title && W < text_w(title) * 1.1 + 20)
        W = text_w(title) * 1.1 + 20;
    double mx = 0;
    for (size_t i = 0; i < rows * cols; i++)
        if ((!mask || mask[i]) && isfinite(m[i]) && fabs(m[i]) > mx)
            mx = fabs(m[i]);
    double scale = mx > 0 ? mx : 1;
    svg_open(b, W, H, title);
    char col[8], s[32];
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < cols; j++) {
            double v = m[i * cols + j];
            int used = (!mask || mask[i * cols + j]) && isfinite(v);
            if (used)
                ic_html_diverging(v / scale, col);
            rect(b, L + cw * (double)j, T + ch * (double)i, cw, ch, used ? col : "#dddddd", NULL);
            ic_html_printf(b, "><title>[%zu,%zu] ", i, j);
            if (used) {
                ic_html_num(s, v, 6);
                ic_html_printf(b, "= %s", s);
            } else {
                ic_html_put(b, "not used");
            }
            ic_html_put(b, "</title></rect>\n");
        }
    rect(b, L, T, MW, MH, "none", "stroke=\"#888888\"/>\n");
    size_t st = index_step(rows);
    for (size_t i = 0; i < rows; i += st) {
        snprintf(s, sizeof s, "%zu", i);
        text_at(b, L - 4, T + ch * ((double)i + 0.5) + 4, "end", "font-size=\"9\"", s);
    }
    st = index_step(cols);
    for (size_t j = 0; j < cols; j += st) {
        snprintf(s, sizeof s, "%zu", j);
        text_at(b, L + cw * ((double)j + 0.5), T + MH + 12, "middle", "font-size=\"9\"", s);
    }
    /* Colour bar: discrete steps, so no gradient ids are needed. */
    const int nb = 48;
    for (int k = 0; k < nb; k++) {
        ic_html_diverging(1 - 2 * (k + 0.5) / nb, col);
        rect(b, BX, T + BH * k / nb, 12, BH / nb + 0.5, col, NULL);
        ic_html_put(b, "/>\n");
    }
    rect(b, BX, T, 12, BH, "none", "stroke=\"#888888\"/>\n");
    double tk[16];
    size_t nt = ic_html_ticks(-scale, scale, 5, tk);
    if (nt < 3)  /* e.g. scale 0.47: step 0.5 would leave only 0 */
        nt = ic_html_ticks(-scale, scale, 8, tk);
    for (size_t k = 0; k < nt; k++) {
        double y = T + BH * (1 - (tk[k] + scale) / (2 * scale));
        line(b, BX + 12, y, BX + 15, y, "stroke=\"#888888\"");
        ic_html_num(s, tk[k], 3);
        text_at(b, BX + 17, y + 4, NULL, "font-size=\"9\"", s);
    }
    ic_html_put(b, "</svg>\n");
}

/* ---------- line plot ---------- */

static int point_ok(double x, double y, int logy)
{
    return isfinite(x) && isfinite(y) && (!logy || y > 0);
}

static double sx(const ic_html_series *s, size_t i)
{
    return s->x ? s->x[i] : (double)i;
}

void ic_html_lineplot(ic_html_buf *b, const ic_html_series *s, size_t ns, const ic_html_axes *ax)
{
    int logy = ax && ax->logy;
    double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
    int legend = ns > 1;
    double lw = 0;
    for (size_t k = 0; k < ns; k++) {
        if (s[k].label) {
            legend = 1;
            double w = text_w(s[k].label);
            lw = w > lw ? w : lw;
        }
        for (size_t i = 0; i < s[k].n; i++)
            if (point_ok(sx(&s[k], i), s[k].y[i], logy)) {
                double x = sx(&s[k], i), y = s[k].y[i];
                xlo = x < xlo ? x : xlo;
                xhi = x > xhi ? x : xhi;
                ylo = y < ylo ? y : ylo;
                yhi = y > yhi ? y : yhi;
            }
    }
    int ref = ax && ax->ref_label && isfinite(ax->ref) && (!logy || ax->ref > 0);
    if (ref) {
        ylo = ax->ref < ylo ? ax->ref : ylo;
        yhi = ax->ref > yhi ? ax->ref : yhi;
        legend = 1;
        lw = text_w(ax->ref_label) > lw ? text_w(ax->ref_label) : lw;
    }
    if (lw > 180)
        lw = 180;
    double L = 62, T = 30, PW = 440, PH = 230;
    double W = L + PW + 16 + (legend ? lw + 40 : 0), H = T + PH + 46;
    svg_open(b, W, H, ax ? ax->title : NULL);
    if (!(xlo <= xhi)) {
        rect(b, L, T, PW, PH, "none", "stroke=\"#888888\"/>\n");
        text_at(b, L + PW / 2, T + PH / 2, "middle", "fill=\"#888888\"", "no data");
        ic_html_put(b, "</svg>\n");
        return;
    }
    axis xa = { 0, 1, L, L + PW, 0 }, ya = { 0, 1, T + PH, T, 0 };
    double xt[16], yt[16];
    size_t nxt = lin_axis(&xa, xlo, xhi, xt, 7, ax && ax->xint ? 1 : 0);
    size_t nyt = logy ? log_axis(&ya, ylo, yhi, yt, 7) : lin_axis(&ya, ylo, yhi, yt, 6, 0);
    draw_axes(b, &xa, xt, nxt, &ya, yt, nyt, ax);
    if (ref) {
        double y = amap(&ya, ax->ref);
        line(b, L, y, L + PW, y, "stroke=\"#555555\" stroke-dasharray=\"5,4\"");
    }
    for (size_t k = 0; k < ns; k++) {
        const char *c = s[k].color ? s[k].color : ic_html_palette(k);
        if (!s[k].crosses) {
            ic_html_printf(b, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"1.6\" d=\"", c);
            int pen = 0;
            for (size_t i = 0; i < s[k].n; i++) {
                if (!point_ok(sx(&s[k], i), s[k].y[i], logy)) {
                    pen = 0;
                    continue;
                }
                ic_html_put(b, pen ? " L" : " M");
                pc(b, amap(&xa, sx(&s[k], i)));
                ic_html_put(b, " ");
                pc(b, amap(&ya, s[k].y[i]));
                pen = 1;
            }
            ic_html_put(b, "\"/>\n");
        }
        if (s[k].n <= 60 || s[k].crosses)
            for (size_t i = 0; i < s[k].n; i++) {
                if (!point_ok(sx(&s[k], i), s[k].y[i], logy))
                    continue;
                char xs[32], ys[32];
                ic_html_num(xs, sx(&s[k], i), 6);
                ic_html_num(ys, s[k].y[i], 6);
                double px = amap(&xa, sx(&s[k], i)), py = amap(&ya, s[k].y[i]);
                if (s[k].crosses) {
                    /* A cross of 2 x 4.5 px arms, drawn as one path so that
                     * its tooltip covers both strokes. */
                    ic_html_printf(b, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"2.2\" d=\"M", c);
                    pc(b, px - 4.5);
                    ic_html_put(b, " ");
                    pc(b, py - 4.5);
                    ic_html_put(b, " L");
                    pc(b, px + 4.5);
                    ic_html_put(b, " ");
                    pc(b, py + 4.5);
                    ic_html_put(b, " M");
                    pc(b, px - 4.5);
                    ic_html_put(b, " ");
                    pc(b, py + 4.5);
                    ic_html_put(b, " L");
                    pc(b, px + 4.5);
                    ic_html_put(b, " ");
                    pc(b, py - 4.5);
                    ic_html_put(b, "\"><title>");
                } else {
                    ic_html_put(b, "<circle cx=\"");
                    pc(b, px);
                    ic_html_put(b, "\" cy=\"");
                    pc(b, py);
                    ic_html_printf(b, "\" r=\"2.6\" fill=\"%s\"><title>", c);
                }
                if (s[k].tips && s[k].tips[i]) {
                    ic_html_esc(b, s[k].tips[i]);
                    ic_html_put(b, ": ");
                } else if (s[k].label) {
                    ic_html_esc(b, s[k].label);
                    ic_html_put(b, ": ");
                }
                ic_html_printf(b, "(%s, %s)</title></%s>\n", xs, ys, s[k].crosses ? "path" : "circle");
            }
    }
    if (legend) {
        double lx = L + PW + 14, ly = T + 6;
        for (size_t k = 0; k < ns; k++, ly += 16) {
            if (s[k].crosses && !s[k].label) {  /* unlabelled crosses: no entry */
                ly -= 16;
                continue;
            }
            char style[64];
            snprintf(style, sizeof style, "stroke-width=\"%s\" stroke=\"%s\"", s[k].crosses ? "2.2" : "2.5",
                     s[k].color ? s[k].color : ic_html_palette(k));
            if (s[k].crosses) {
                line(b, lx + 4.5, ly - 4.5, lx + 13.5, ly + 4.5, style);
                line(b, lx + 4.5, ly + 4.5, lx + 13.5, ly - 4.5, style);
            } else {
                line(b, lx, ly, lx + 18, ly, style);
            }
            char def[32];
            snprintf(def, sizeof def, "series %zu", k + 1);
            text_at(b, lx + 24, ly + 4, NULL, NULL, s[k].label ? s[k].label : def);
        }
        if (ref) {
            line(b, lx, ly, lx + 18, ly, "stroke=\"#555555\" stroke-dasharray=\"5,4\"");
            text_at(b, lx + 24, ly + 4, NULL, NULL, ax->ref_label);
        }
    }
    ic_html_put(b, "</svg>\n");
}

/* ---------- histogram ---------- */

void ic_html_histogram(ic_html_buf *b, const double *counts, size_t n, const double *edges,
                   const ic_html_axes *ax)
{
    double L = 62, T = 30, PW = 440, PH = 230;
    svg_open(b, L + PW + 16, T + PH + 46, ax ? ax->title : NULL);
    double x0 = edges ? edges[0] : 0, x1 = edges ? edges[n] : (double)n, cmax = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(counts[i]) && counts[i] > cmax)
            cmax = counts[i];
    if (n == 0 || !(x1 > x0)) {
        rect(b, L, T, PW, PH, "none", "stroke=\"#888888\"/>\n");
        text_at(b, L + PW / 2, T + PH / 2, "middle", "fill=\"#888888\"", "no data");
        ic_html_put(b, "</svg>\n");
        return;
    }
    axis xa = { 0, 1, L, L + PW, 0 }, ya = { 0, 1, T + PH, T, 0 };
    double xt[16], yt[16];
    size_t nxt = lin_axis(&xa, x0, x1, xt, 7, 0);
    size_t nyt = lin_axis(&ya, 0, cmax > 0 ? cmax : 1, yt, 6, 0);
    draw_axes(b, &xa, xt, nxt, &ya, yt, nyt, ax);
    char s0[32], s1[32], sc[32];
    for (size_t i = 0; i < n; i++) {
        double a = edges ? edges[i] : (double)i, c = edges ? edges[i + 1] : (double)(i + 1);
        if (!isfinite(counts[i]) || !isfinite(a) || !isfinite(c))
            continue;
        double xa0 = amap(&xa, a), xa1 = amap(&xa, c), y = amap(&ya, counts[i]);
        rect(b, xa0, y, xa1 - xa0, T + PH - y, "#4c78a8", "stroke=\"#ffffff\" stroke-width=\"0.5\"");
        ic_html_num(s0, a, 6);
        ic_html_num(s1, c, 6);
        ic_html_num(sc, counts[i], 6);
        ic_html_printf(b, "><title>[%s, %s): %s</title></rect>\n", s0, s1, sc);
    }
    ic_html_put(b, "</svg>\n");
}

/* ---------- markers (value / bound ratios) ---------- */

void ic_html_markers(ic_html_buf *b, const char *const *labels, const double *values,
                 const char *const *status, size_t n, const ic_html_axes *ax)
{
    double lw = 0;
    for (size_t i = 0; i < n; i++)
        lw = text_w(labels[i]) > lw ? text_w(labels[i]) : lw;
    if (lw > 230)
        lw = 230;
    double L = lw + 16, T = 30, PW = 320, RH = 20, PH = RH * (double)(n ? n : 1);
    double W = L + PW + 70, H = T + PH + 46;
    svg_open(b, W, H, ax ? ax->title : NULL);
    double lo = INFINITY, hi = -INFINITY;
    int ref = ax && ax->ref_label && ax->ref > 0 && isfinite(ax->ref);
    for (size_t i = 0; i < n; i++)
        if (isfinite(values[i]) && values[i] > 0) {
            lo = values[i] < lo ? values[i] : lo;
            hi = values[i] > hi ? values[i] : hi;
        }
    if (ref) {
        lo = ax->ref < lo ? ax->ref : lo;
        hi = ax->ref > hi ? ax->ref : hi;
    }
    if (!(lo <= hi))
        lo = hi = 1;
    axis xa = { 0, 1, L, L + PW, 1 }, ya = { 0, (double)(n ? n : 1), T + PH, T, 0 };
    double xt[16];
    size_t nxt = log_axis(&xa, lo, hi, xt, 7);
    draw_axes(b, &xa, xt, nxt, &ya, NULL, 0, ax);
    if (ref) {
        double x = amap(&xa, ax->ref);
        line(b, x, T, x, T + PH, "stroke=\"#555555\" stroke-dasharray=\"5,4\"");
        text_at(b, x, T - 3, "middle", "font-size=\"9\" fill=\"#555555\"", ax->ref_label);
    }
    char s[32];
    for (size_t i = 0; i < n; i++) {
        double y = T + RH * ((double)i + 0.5);
        if (i % 2)
            rect(b, 2, y - RH / 2, L + PW - 2, RH, "#000000", "fill-opacity=\"0.035\"/>\n");
        text_at(b, L - 6, y + 4, "end", NULL, labels[i]);
        if (!isfinite(values[i]))
            continue;
        int zero = !(values[i] > 0);
        double x = zero ? L : amap(&xa, values[i]);
        const char *c = ic_html_status_color(status ? status[i] : NULL);
        ic_html_put(b, "<circle cx=\"");
        pc(b, x);
        ic_html_put(b, "\" cy=\"");
        pc(b, y);
        if (zero)
            ic_html_printf(b, "\" r=\"5\" fill=\"#ffffff\" stroke=\"%s\" stroke-width=\"2\">", c);
        else
            ic_html_printf(b, "\" r=\"5\" fill=\"%s\">", c);
        ic_html_num(s, values[i], 4);
        ic_html_put(b, "<title>");
        ic_html_esc(b, labels[i]);
        ic_html_printf(b, ": %s</title></circle>\n", s);
        text_at(b, L + PW + 8, y + 4, NULL, "font-size=\"10\" fill=\"#444444\"", s);
    }
    ic_html_put(b, "</svg>\n");
}

/* ---------- cell map ---------- */

static int dark(const char *fill)
{
    unsigned r, g, bl;
    if (!fill || sscanf(fill, "#%2x%2x%2x", &r, &g, &bl) != 3)
        return 0;
    return 0.299 * r + 0.587 * g + 0.114 * bl < 150;
}

void ic_html_cellmap(ic_html_buf *b, const ic_html_cells *c, const ic_html_axes *ax)
{
    double yw = 0, cw = 34, ch = 22;
    for (size_t j = 0; j < c->ny; j++)
        yw = text_w(c->ylabels[j]) > yw ? text_w(c->ylabels[j]) : yw;
    for (size_t i = 0; i < c->nx; i++)
        cw = text_w(c->xlabels[i]) + 10 > cw ? text_w(c->xlabels[i]) + 10 : cw;
    for (size_t k = 0; c->text && k < c->nx * c->ny; k++)
        if (c->text[k] && text_w(c->text[k]) * 0.85 + 8 > cw)
            cw = text_w(c->text[k]) * 0.85 + 8;
    if (ax && ax->ylabel && text_w(ax->ylabel) > yw)
        yw = text_w(ax->ylabel);
    double L = yw + 12, T = ax && ax->ylabel ? 44 : 30;
    double W = L + cw * (double)c->nx + 12, H = T + ch * (double)c->ny + 40;
    if (ax && ax->title && W < text_w(ax->title) * 1.1 + 20)
        W = text_w(ax->title) * 1.1 + 20;
    svg_open(b, W, H, ax ? ax->title : NULL);
    for (size_t j = 0; j < c->ny; j++) {
        text_at(b, L - 5, T + ch * ((double)j + 0.5) + 4, "end", NULL, c->ylabels[j]);
        for (size_t i = 0; i < c->nx; i++) {
            size_t k = j * c->nx + i;
            const char *href = c->href ? c->href[k] : NULL;
            if (href) {
                ic_html_put(b, "<a href=\"");
                ic_html_esc(b, href);
                ic_html_put(b, "\">");
            }
            const char *fill = c->fill[k] ? c->fill[k] : "#eeeeee";
            rect(b, L + cw * (double)i, T + ch * (double)j, cw, ch, fill,
                 "stroke=\"#ffffff\" stroke-width=\"1.5\"");
            ic_html_put(b, ">");
            if (c->tip && c->tip[k]) {
                ic_html_put(b, "<title>");
                ic_html_esc(b, c->tip[k]);
                ic_html_put(b, "</title>");
            }
            ic_html_put(b, "</rect>\n");
            if (c->text && c->text[k])
                text_at(b, L + cw * ((double)i + 0.5), T + ch * ((double)j + 0.5) + 3.5, "middle",
                        dark(fill) ? "font-size=\"9.5\" fill=\"#ffffff\" pointer-events=\"none\""
                                   : "font-size=\"9.5\" fill=\"#000000\" pointer-events=\"none\"",
                        c->text[k]);
            if (href)
                ic_html_put(b, "</a>\n");
        }
    }
    for (size_t i = 0; i < c->nx; i++)
        text_at(b, L + cw * ((double)i + 0.5), T + ch * (double)c->ny + 14, "middle", NULL,
                c->xlabels[i]);
    if (ax && ax->xlabel)
        text_at(b, L + cw * (double)c->nx / 2, T + ch * (double)c->ny + 32, "middle",
                "font-weight=\"bold\"", ax->xlabel);
    /* The rows' parameter names head the label column: a rotated label
     * would not fit beside a grid of one or two rows. */
    if (ax && ax->ylabel)
        text_at(b, L - 5, T - 7, "end", "font-weight=\"bold\"", ax->ylabel);
    ic_html_put(b, "</svg>\n");
}
