/* The report's generic rendering of a certificate's "data" object.  Claims
 * put report material there without knowing about the report, so the
 * shape of a value decides how it is drawn:
 *   [[numbers]]                      heatmap ("P": unused entries masked)
 *   [numbers]                        line plot against the index
 *   {x, y, label?, xlabel?, ylabel?, logy?}     line plot
 *   {series: [{label, x?, y}, ...], ...}        one plot, several lines
 *   {hist: [counts], edges?: [n+1]}  histogram
 *   {edges: [n+1], a: [n], b: [n]}   histograms of several count vectors
 *   {other members}                  equal-length numeric arrays share one
 *                                    plot (e.g. a row against its closed
 *                                    form), the rest recursively
 *   [{...}, ...]                     a table of the scalar members (spectra:
 *                                    re, im, rad, mult); numeric-array
 *                                    members plotted with one line per row
 *   scalars                          a name / value table
 * Numbers may be JSON numbers or decimal strings. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/data.h"
#include "base/error.h"

const char *report_str_at(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

#define REPORT_MAX_DEPTH 3
#define REPORT_MAX_SERIES 16
#define REPORT_MAX_TABLE_ROWS 200
#define REPORT_MAX_OBJ_FIGS 4


int report_num_of(json_t *v, double *x)
{
    if (json_is_number(v)) {
        *x = json_number_value(v);
        return 1;
    }
    const char *s = json_string_value(v);
    if (!s || !*s)
        return 0;
    char *e;
    *x = strtod(s, &e);
    return *e == '\0';
}

double *report_num_array(json_t *v, size_t *n)
{
    if (!json_is_array(v) || json_array_size(v) == 0)
        return NULL;
    size_t k = json_array_size(v);
    double *out = ic_calloc(k, sizeof *out);
    for (size_t i = 0; out && i < k; i++)
        if (!report_num_of(json_array_get(v, i), &out[i])) {
            free(out);
            return NULL;
        }
    if (out)
        *n = k;
    return out;
}

double *report_num_matrix(json_t *v, size_t *rows, size_t *cols)
{
    if (!json_is_array(v) || json_array_size(v) == 0 || !json_is_array(json_array_get(v, 0)))
        return NULL;
    size_t r = json_array_size(v), c = json_array_size(json_array_get(v, 0));
    if (c == 0 || r > REPORT_MAX_SIDE || c > REPORT_MAX_SIDE)
        return NULL;
    double *m = ic_calloc(r * c, sizeof *m);
    for (size_t i = 0; m && i < r; i++) {
        json_t *row = json_array_get(v, i);
        if (!json_is_array(row) || json_array_size(row) != c)
            goto bad;
        for (size_t j = 0; j < c; j++)
            if (!report_num_of(json_array_get(row, j), &m[i * c + j]))
                goto bad;
    }
    if (m) {
        *rows = r;
        *cols = c;
    }
    return m;
bad:
    free(m);
    return NULL;
}

void report_figure_open(ic_html_buf *b)
{
    ic_html_put(b, "<figure>\n");
}

void report_figure_close(ic_html_buf *b, const char *caption)
{
    if (caption) {
        ic_html_put(b, "<figcaption>");
        ic_html_esc(b, caption);
        ic_html_put(b, "</figcaption>");
    }
    ic_html_put(b, "</figure>\n");
}

void report_value_cell(ic_html_buf *b, const char *v, const char *cls)
{
    double x = 0;
    char *e;
    int numeric = v && *v && (x = strtod(v, &e), *e == '\0');
    ic_html_printf(b, "<td class=\"%s\"", numeric ? cls : "txt");
    if (numeric && strlen(v) > 8) {
        char s[32];
        ic_html_num(s, x, 6);
        ic_html_put(b, " title=\"");
        ic_html_esc(b, v);
        ic_html_put(b, "\">");
        ic_html_put(b, s);
    } else {
        ic_html_put(b, ">");
        ic_html_esc(b, v ? v : "");
    }
    ic_html_put(b, "</td>");
}

/* The entries of P that enter the loss: row t uses columns 0..t+1, the
 * last row none (THEORY.md, indexing). */
static unsigned char *p_mask(size_t T)
{
    unsigned char *m = ic_calloc(T * T, 1);
    for (size_t t = 0; m && t + 1 < T; t++)
        for (size_t k = 0; k <= t + 1; k++)
            m[t * T + k] = 1;
    return m;
}

static const char *matrix_caption(const char *name)
{
    if (strcmp(name, "C") == 0)
        return "C = B^T A, the only combination of A and B the loss depends on";
    if (strcmp(name, "P") == 0)
        return "positional weights; grey: entries that never enter the loss (t' > t+1, and the last row)";
    return NULL;
}

void report_heatmap_fig(ic_html_buf *b, const char *name, const double *m, size_t r, size_t c,
                     const char *caption)
{
    unsigned char *mask = strcmp(name, "P") == 0 && r == c && r >= 2 ? p_mask(r) : NULL;
    char title[128];
    snprintf(title, sizeof title, "%s  (%zu x %zu)", name, r, c);
    report_figure_open(b);
    ic_html_heatmap(b, m, mask, r, c, title);
    report_figure_close(b, caption ? caption : matrix_caption(name));
    free(mask);
}

/* Log scale when every value is positive and they span three decades. */
static int auto_logy(const ic_html_series *s, size_t ns)
{
    double lo = INFINITY, hi = 0;
    for (size_t k = 0; k < ns; k++)
        for (size_t i = 0; i < s[k].n; i++) {
            double y = s[k].y[i];
            if (!isfinite(y))
                continue;
            if (y <= 0)
                return 0;
            lo = y < lo ? y : lo;
            hi = y > hi ? y : hi;
        }
    return hi > 0 && hi >= 1e3 * lo;
}

static void plot(report_parts *o, const char *title, ic_html_series *s, size_t ns, const char *xlabel,
                 const char *ylabel, int logy, const char *caption)
{
    if (logy < 0)
        logy = auto_logy(s, ns);
    ic_html_axes ax = { title, xlabel, ylabel, logy, NAN, NULL, 0 };
    int integer = 1;
    for (size_t k = 0; k < ns; k++)
        for (size_t i = 0; i < s[k].n; i++)
            integer &= !s[k].x || s[k].x[i] == floor(s[k].x[i]);
    ax.xint = integer;
    report_figure_open(&o->figs);
    ic_html_lineplot(&o->figs, s, ns, &ax);
    report_figure_close(&o->figs, caption);
}

static int logy_of(json_t *v)
{
    json_t *l = json_object_get(v, "logy");
    return l ? json_is_true(l) : -1;
}

/* {x?, y, label?} -> a series; arrays malloc'd into x, y. */
static int xy_series(json_t *o, ic_html_series *s, double **x, double **y)
{
    size_t nx = 0, ny = 0;
    *x = NULL;
    *y = report_num_array(json_object_get(o, "y"), &ny);
    if (!*y)
        return 0;
    if (json_object_get(o, "x")) {
        *x = report_num_array(json_object_get(o, "x"), &nx);
        if (!*x || nx != ny) {
            free(*x);
            free(*y);
            return 0;
        }
    }
    s->label = report_str_at(o, "label");
    s->x = *x;
    s->y = *y;
    s->n = ny;
    return 1;
}

/* {x, y, ...} or {series: [...]}: returns 1 when drawn. */
static int explicit_plot(report_parts *o, const char *name, json_t *v)
{
    json_t *ser = json_object_get(v, "series");
    size_t ns = json_is_array(ser) ? json_array_size(ser) : json_object_get(v, "y") ? 1 : 0;
    if (ns == 0 || ns > 64)
        return 0;
    ic_html_series *s = ic_calloc(ns, sizeof *s);
    double **buf = ic_calloc(2 * ns, sizeof *buf);
    size_t got = 0;
    for (size_t i = 0; s && buf && i < ns; i++)
        got += xy_series(json_is_array(ser) ? json_array_get(ser, i) : v, &s[got], &buf[2 * got],
                         &buf[2 * got + 1]);
    int drawn = got == ns;
    if (drawn)
        plot(o, report_str_at(v, "title") ? report_str_at(v, "title") : name, s, ns, report_str_at(v, "xlabel"),
             report_str_at(v, "ylabel"), logy_of(v), report_str_at(v, "caption"));
    for (size_t i = 0; buf && i < 2 * got; i++)
        free(buf[i]);
    free(buf);
    free(s);
    return drawn;
}

/* {hist, edges?} or {edges, counts...}: returns 1 when drawn. */
static int histograms(report_parts *o, const char *name, json_t *v)
{
    size_t ne = 0, n;
    double *e = json_object_get(v, "edges") ? report_num_array(json_object_get(v, "edges"), &ne) : NULL;
    const char *title = report_str_at(v, "title") ? report_str_at(v, "title") : name;
    const char *xlabel = report_str_at(v, "xlabel") ? report_str_at(v, "xlabel") : report_str_at(v, "x");
    double *h = report_num_array(json_object_get(v, "hist"), &n);
    if (h && (!e || ne == n + 1)) {
        ic_html_axes ax = { title, xlabel, "count", 0, NAN, NULL, 0 };
        report_figure_open(&o->figs);
        ic_html_histogram(&o->figs, h, n, e, &ax);
        report_figure_close(&o->figs, report_str_at(v, "caption"));
        free(h);
        free(e);
        return 1;
    }
    free(h);
    if (!e || ne < 2) {
        free(e);
        return 0;
    }
    /* Count vectors over the same edges: one histogram, or, for several,
     * frequency polygons over the bin centres so they can be compared. */
    ic_html_series s[REPORT_MAX_SERIES];
    double *ys[REPORT_MAX_SERIES];
    size_t ns = 0;
    const char *k;
    json_t *m;
    json_object_foreach(v, k, m) {
        if (ns == REPORT_MAX_SERIES || strcmp(k, "edges") == 0)
            continue;
        double *y = report_num_array(m, &n);
        if (y && n == ne - 1) {
            ys[ns] = y;
            s[ns++] = (ic_html_series){ .label = k, .y = y, .n = n };
        } else {
            free(y);
        }
    }
    if (ns == 1) {
        ic_html_axes ax = { title, xlabel, s[0].label, 0, NAN, NULL, 0 };
        report_figure_open(&o->figs);
        ic_html_histogram(&o->figs, ys[0], ne - 1, e, &ax);
        report_figure_close(&o->figs, report_str_at(v, "caption"));
    } else if (ns > 1) {
        double *mid = ic_calloc(ne - 1, sizeof *mid);
        for (size_t i = 0; mid && i + 1 < ne; i++)
            mid[i] = (e[i] + e[i + 1]) / 2;
        for (size_t i = 0; i < ns; i++)
            s[i].x = mid;
        if (mid)
            plot(o, title, s, ns, xlabel, "count per bin", 0,
                 "histograms over the same bins, drawn as lines through the bin centres");
        free(mid);
    }
    for (size_t i = 0; i < ns; i++)
        free(ys[i]);
    free(e);
    return ns > 0;
}

static void scalar_row(report_parts *o, const char *name, json_t *v)
{
    ic_html_put(&o->values, "<tr><td><b>");
    ic_html_esc(&o->values, name);
    ic_html_put(&o->values, "</b></td>");
    double x;
    char s[32];
    if (json_is_string(v)) {
        report_value_cell(&o->values, json_string_value(v), "num");
    } else if (json_is_number(v) && report_num_of(v, &x)) {
        ic_html_num(s, x, 10);
        ic_html_printf(&o->values, "<td class=\"num\">%s</td>", s);
    } else {
        ic_html_printf(&o->values, "<td class=\"num\">%s</td>",
                   json_is_true(v) ? "yes" : json_is_false(v) ? "no" : "null");
    }
    ic_html_put(&o->values, "</tr>\n");
}

static void raw_json(report_parts *o, const char *name, json_t *v)
{
    ic_html_put(&o->other, "<details><summary>");
    ic_html_esc(&o->other, name);
    ic_html_put(&o->other, "</summary><pre>");
    char *s = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
    if (s && strlen(s) > 8192)
        strcpy(s + 8180, " ...");
    ic_html_esc(&o->other, s ? s : "");
    free(s);
    ic_html_put(&o->other, "</pre></details>\n");
}

static char *member_name(const char *name, const char *k)
{
    char *s = malloc(strlen(name) + strlen(k) + 2);
    if (s)
        sprintf(s, "%s.%s", name, k);
    return s;
}

/* An object without a known shape: its equal-length numeric arrays in
 * shared plots (x when there is one), everything else recursively. */
static void object(report_parts *o, const char *name, json_t *v, int depth)
{
    const char *k;
    json_t *m;
    size_t nx = 0;
    double *x = report_num_array(json_object_get(v, "x"), &nx);
    unsigned char done[64] = { 0 };
    size_t idx = 0;
    json_object_foreach(v, k, m) {
        size_t n = 0;
        double *y = idx < 64 && !done[idx] && !(x && strcmp(k, "x") == 0) ? report_num_array(m, &n) : NULL;
        free(y);
        if (!y || n < 2) {
            idx++;
            continue;
        }
        /* Gather every later numeric array of the same length. */
        ic_html_series s[REPORT_MAX_SERIES];
        double *ys[REPORT_MAX_SERIES];
        size_t ns = 0, j = 0, len = n;
        const char *k2;
        json_t *m2;
        json_object_foreach(v, k2, m2) {
            if (j >= idx && j < 64 && !done[j] && ns < REPORT_MAX_SERIES && !(x && strcmp(k2, "x") == 0)) {
                double *y2 = report_num_array(m2, &n);
                if (y2 && n == len) {
                    ys[ns] = y2;
                    s[ns++] = (ic_html_series){ .label = k2, .x = x && nx == len ? x : NULL, .y = y2, .n = len };
                    done[j] = 1;
                } else {
                    free(y2);
                }
            }
            j++;
        }
        char title[160];
        snprintf(title, sizeof title, "%s", name);
        plot(o, title, s, ns, report_str_at(v, "xlabel") ? report_str_at(v, "xlabel") : x && nx == len ? "x" : "index",
             report_str_at(v, "ylabel"), logy_of(v), ns > 1 ? "curves of the same length drawn together" : NULL);
        for (size_t i = 0; i < ns; i++)
            free(ys[i]);
        idx++;
    }
    free(x);
    idx = 0;
    json_object_foreach(v, k, m) {
        if ((idx < 64 && done[idx]) || strcmp(k, "x") == 0 || strcmp(k, "xlabel") == 0 ||
            strcmp(k, "ylabel") == 0 || strcmp(k, "logy") == 0) {
            idx++;
            continue;
        }
        char *mn = member_name(name, k);
        if (mn)
            report_data(o, mn, m, depth + 1);
        free(mn);
        idx++;
    }
}

/* An array of objects: a table of their scalar members, plots of their
 * numeric-array members (one line per row), their matrices (first few). */
static void object_array(report_parts *o, const char *name, json_t *v, int depth)
{
    json_t *first = json_array_get(v, 0), *e, *m;
    const char *cols[16], *k;
    size_t nc = 0, i, nrows = json_array_size(v);
    json_object_foreach(first, k, m)
        if (nc < 16 && (json_is_string(m) || json_is_number(m) || json_is_boolean(m)))
            cols[nc++] = k;
    if (nc) {
        ic_html_buf *t = &o->tables;
        ic_html_printf(t, "<figure><table><thead><tr><th colspan=\"%zu\">", nc);
        ic_html_esc(t, name);
        ic_html_put(t, "</th></tr><tr>");
        for (size_t c = 0; c < nc; c++) {
            ic_html_put(t, "<th>");
            ic_html_esc(t, cols[c]);
            ic_html_put(t, "</th>");
        }
        ic_html_put(t, "</tr></thead><tbody>\n");
        json_array_foreach(v, i, e) {
            if (i == REPORT_MAX_TABLE_ROWS) {
                ic_html_printf(t, "<tr><td colspan=\"%zu\">... %zu more rows</td></tr>\n", nc, nrows - i);
                break;
            }
            ic_html_put(t, "<tr>");
            for (size_t c = 0; c < nc; c++) {
                json_t *x = json_object_get(e, cols[c]);
                char s[32];
                double d;
                if (json_is_string(x))
                    report_value_cell(t, json_string_value(x), "num");
                else if (json_is_integer(x))
                    ic_html_printf(t, "<td class=\"num\">%lld</td>", (long long)json_integer_value(x));
                else if (report_num_of(x, &d))
                    ic_html_num(s, d, 6), ic_html_printf(t, "<td class=\"num\">%s</td>", s);
                else
                    ic_html_printf(t, "<td>%s</td>", json_is_true(x) ? "yes" : json_is_false(x) ? "no" : "");
            }
            ic_html_put(t, "</tr>\n");
        }
        ic_html_put(t, "</tbody></table></figure>\n");
    }
    /* Row label: the first scalar member, "mu=50". */
    json_object_foreach(first, k, m) {
        size_t n;
        double *y = report_num_array(m, &n);
        free(y);
        if (!y || nrows > REPORT_MAX_SERIES)
            continue;
        ic_html_series s[REPORT_MAX_SERIES];
        double *ys[REPORT_MAX_SERIES];
        char lab[REPORT_MAX_SERIES][64];
        size_t ns = 0;
        json_array_foreach(v, i, e) {
            double *y2 = report_num_array(json_object_get(e, k), &n);
            if (!y2)
                continue;
            if (nc) {
                json_t *l = json_object_get(e, cols[0]);
                char s1[32];
                double d;
                if (json_is_string(l))
                    snprintf(lab[ns], sizeof lab[ns], "%s=%s", cols[0], json_string_value(l));
                else if (report_num_of(l, &d))
                    ic_html_num(s1, d, 6), snprintf(lab[ns], sizeof lab[ns], "%s=%s", cols[0], s1);
                else
                    snprintf(lab[ns], sizeof lab[ns], "row %zu", i);
            } else {
                snprintf(lab[ns], sizeof lab[ns], "row %zu", i);
            }
            ys[ns] = y2;
            s[ns] = (ic_html_series){ .label = lab[ns], .y = y2, .n = n };
            ns++;
        }
        char *mn = member_name(name, k);
        if (ns && mn)
            plot(o, mn, s, ns, "index", NULL, -1, NULL);
        free(mn);
        for (size_t j = 0; j < ns; j++)
            free(ys[j]);
    }
    json_array_foreach(v, i, e) {
        if (i == REPORT_MAX_OBJ_FIGS || depth >= REPORT_MAX_DEPTH)
            break;
        json_object_foreach(e, k, m) {
            size_t r, c;
            double *mat = report_num_matrix(m, &r, &c);
            if (!mat)
                continue;
            char nm[160];
            if (nc && json_object_get(e, cols[0]) && !json_is_string(json_object_get(e, cols[0])))
                snprintf(nm, sizeof nm, "%s[%s=%lld].%s", name, cols[0],
                         (long long)json_number_value(json_object_get(e, cols[0])), k);
            else
                snprintf(nm, sizeof nm, "%s[%zu].%s", name, i, k);
            report_heatmap_fig(&o->figs, nm, mat, r, c, NULL);
            free(mat);
        }
    }
}

void report_data(report_parts *o, const char *name, json_t *v, int depth)
{
    size_t r, c, n;
    double *m = report_num_matrix(v, &r, &c);
    if (m) {
        report_heatmap_fig(&o->figs, name, m, r, c, NULL);
        free(m);
        return;
    }
    double *y = report_num_array(v, &n);
    if (y) {
        ic_html_series s = { .y = y, .n = n };
        plot(o, name, &s, 1, "index", NULL, -1, NULL);
        free(y);
        return;
    }
    free(y);
    if (json_is_object(v)) {
        if (explicit_plot(o, name, v) || histograms(o, name, v))
            return;
        if (depth < REPORT_MAX_DEPTH) {
            object(o, name, v, depth);
            return;
        }
    } else if (json_is_array(v) && json_array_size(v) > 0 && json_is_object(json_array_get(v, 0))) {
        object_array(o, name, v, depth);
        return;
    } else if (json_is_string(v) || json_is_number(v) || json_is_boolean(v) || json_is_null(v)) {
        scalar_row(o, name, v);
        return;
    }
    raw_json(o, name, v);
}

void report_parts_emit(ic_html_buf *b, report_parts *o)
{
    if (o->figs.len || o->tables.len) {
        ic_html_put(b, "<h3>Figures</h3><div class=\"figs\">\n");
        if (o->figs.s)
            ic_html_putn(b, o->figs.s, o->figs.len);
        if (o->tables.s)
            ic_html_putn(b, o->tables.s, o->tables.len);
        ic_html_put(b, "</div>\n");
    }
    if (o->values.len) {
        ic_html_put(b, "<h3>Data values</h3><table style=\"width:auto\"><tbody>\n");
        ic_html_putn(b, o->values.s, o->values.len);
        ic_html_put(b, "</tbody></table>\n");
    }
    if (o->other.len) {
        ic_html_put(b, "<h3>Other data</h3>\n");
        ic_html_putn(b, o->other.s, o->other.len);
    }
    if (o->figs.oom || o->tables.oom || o->values.oom || o->other.oom)
        b->oom = 1;
    ic_html_free(&o->figs);
    ic_html_free(&o->tables);
    ic_html_free(&o->values);
    ic_html_free(&o->other);
}
