/* Where a claim holds: certificates of one claim and mode that differ in
 * their parameters (a sweep's points) drawn as a verdict map over those
 * parameters, and, when a single numeric parameter varies, as a plot of
 * every check's value/bound against it.
 *
 * Negative controls (certificates whose case expects "fail") are kept
 * apart from the cases that must pass: in the map they get rows of their
 * own, so that a cell's colour says whether the verdict is the expected
 * one (green) or not (red; amber for undecided) and never mixes a control
 * with a case that must pass; in the plot they are crosses off the curve. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/model.h"
#include "report/map.h"
#include "report/data.h"
#include "base/error.h"

#define MAP_MAX_AXES 8
#define MAP_MAX_VALUES 512
/* A map row's key: the control flag, then the value indices of the axes
 * other than x (at most MAP_MAX_AXES - 1). */
#define MAP_KEY (MAP_MAX_AXES + 1)


static const char *param(const report_cert *c, const char *name)
{
    const char *v = report_str_at(json_object_get(c->root, "parameters"), name);
    return v ? v : "";
}

typedef struct {
    const char *name;
    const char *val[MAP_MAX_VALUES];
    size_t n;
    int numeric;
} map_axis;

static int is_num(const char *s, double *x)
{
    char *e;
    if (!*s)
        return 0;
    *x = strtod(s, &e);
    return *e == '\0';
}

static int val_index(const map_axis *a, const char *v)
{
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->val[i], v) == 0)
            return (int)i;
    return -1;
}

static const map_axis *sort_axis;
static int cmp_val(const void *pa, const void *pb)
{
    const char *a = *(const char *const *)pa, *b = *(const char *const *)pb;
    double x, y;
    if (sort_axis->numeric && is_num(a, &x) && is_num(b, &y) && x != y)
        return x < y ? -1 : 1;
    return strcmp(a, b);
}

/* The parameters whose values differ within the group g (indices into s). */
static size_t find_axes(const report_set *s, const size_t *g, size_t ng, map_axis *ax)
{
    size_t na = 0;
    for (size_t gi = 0; gi < ng; gi++) {
        const char *k;
        json_t *v;
        json_object_foreach(json_object_get(s->v[g[gi]].root, "parameters"), k, v) {
            int known = 0;
            for (size_t a = 0; a < na; a++)
                known |= strcmp(ax[a].name, k) == 0;
            if (known || na == MAP_MAX_AXES)
                continue;
            int differs = 0;
            for (size_t j = 0; j < ng; j++)
                differs |= strcmp(param(&s->v[g[j]], k), param(&s->v[g[0]], k)) != 0;
            if (!differs)
                continue;
            map_axis *m = &ax[na];
            memset(m, 0, sizeof *m);
            m->name = k;
            m->numeric = 1;
            for (size_t j = 0; j < ng; j++) {
                const char *val = param(&s->v[g[j]], k);
                double x;
                m->numeric &= is_num(val, &x);
                if (val_index(m, val) < 0 && m->n < MAP_MAX_VALUES)
                    m->val[m->n++] = val;
            }
            if (!m->numeric)  /* e.g. different input files: cases, not a grid */
                continue;
            sort_axis = m;
            qsort(m->val, m->n, sizeof m->val[0], cmp_val);
            na++;
        }
    }
    return na;
}

static int key_less(const size_t *a, const size_t *b)
{
    for (size_t m = 0; m < MAP_KEY; m++)
        if (a[m] != b[m])
            return a[m] < b[m];
    return 0;
}

/* A negative control: its case expects the check to fail. */
static int is_control(const report_cert *c)
{
    const char *e = report_str_at(c->root, "expect");
    return e && strcmp(e, "fail") == 0;
}

/* How a verdict compares with what its case expects (certificates made
 * without a case, e.g. a sweep's points, are expected to pass): 0 as
 * expected, 1 undecided, 2 not as expected. */
static int surprise(const report_cert *c)
{
    const char *v = report_str_at(c->root, "verdict"), *e = report_str_at(c->root, "expect");
    if (strcmp(v, e ? e : "pass") == 0)
        return 0;
    return strcmp(v, "undecided") == 0 ? 1 : 2;
}

static const char *const surprise_fill[3] = { "#43a047", "#f4b400", "#e53935" };

/* The verdict map: x = the axis with most values, rows = the
 * combinations of the other axes that occur, the cases that must pass
 * first, then the negative controls in rows of their own. */
static void verdict_map(ic_html_buf *b, const report_set *s, const size_t *g, size_t ng,
                        const map_axis *ax, size_t na, const char *href_prefix, const char *title)
{
    size_t xa = 0;
    for (size_t a = 0; a < na; a++)
        if (ax[a].n >= ax[xa].n)
            xa = a;
    /* Row key of a certificate: control or not, then its value indices on
     * the other axes. */
    size_t nx = ax[xa].n, ny = 0;
    size_t *rowkey = ic_calloc(ng * MAP_KEY, sizeof *rowkey), *row_of = ic_calloc(ng, sizeof *row_of);
    size_t *rows = ic_calloc(ng * MAP_KEY, sizeof *rows);
    if (!rowkey || !row_of || !rows) {
        b->oom = 1;
        goto out;
    }
    for (size_t gi = 0; gi < ng; gi++) {
        size_t *k = rowkey + gi * MAP_KEY;
        k[0] = (size_t)is_control(&s->v[g[gi]]);
        for (size_t a = 0, m = 1; a < na; a++)
            if (a != xa)
                k[m++] = (size_t)val_index(&ax[a], param(&s->v[g[gi]], ax[a].name));
        size_t r = 0;
        while (r < ny && memcmp(rows + r * MAP_KEY, k, MAP_KEY * sizeof *k) != 0)
            r++;
        if (r == ny)
            memcpy(rows + ny++ * MAP_KEY, k, MAP_KEY * sizeof *k);
        row_of[gi] = r;
    }
    /* Rows in lexicographic order of their keys: controls last. */
    size_t *order = ic_calloc(ny ? ny : 1, sizeof *order);
    if (!order) {
        b->oom = 1;
        goto out;
    }
    for (size_t r = 0; r < ny; r++) {
        size_t pos = 0;
        for (size_t q = 0; q < ny; q++)
            pos += key_less(rows + q * MAP_KEY, rows + r * MAP_KEY);
        order[r] = pos;
    }
    size_t nc = nx * (ny ? ny : 1);
    char **ylab = ic_calloc(ny ? ny : 1, sizeof *ylab), **text = ic_calloc(nc, sizeof *text);
    char **tip = ic_calloc(nc, sizeof *tip), **href = ic_calloc(nc, sizeof *href);
    const char **fill = ic_calloc(nc, sizeof *fill);
    int *worst = ic_calloc(nc, sizeof *worst);
    size_t *count = ic_calloc(nc, sizeof *count);
    ic_html_buf yname = { 0 };
    for (size_t a = 0, m = 0; a < na; a++)
        if (a != xa)
            ic_html_printf(&yname, "%s%s", m++ ? ", " : "", ax[a].name);
    for (size_t r = 0; ylab && r < ny; r++) {
        ic_html_buf l = { 0 };
        const size_t *key = rows + r * MAP_KEY;
        if (key[0])
            ic_html_put(&l, na > 1 ? "control: " : "negative control");
        else if (na == 1 && ny > 1)
            ic_html_put(&l, "must pass");
        for (size_t a = 0, m = 1; a < na; a++)
            if (a != xa) {
                size_t vi = key[m];
                if (na > 2)
                    ic_html_printf(&l, "%s%s=%s", m > 1 ? ", " : "", ax[a].name, ax[a].val[vi]);
                else
                    ic_html_put(&l, ax[a].val[vi]);
                m++;
            }
        ylab[order[r]] = l.s ? l.s : strdup("");
    }
    for (size_t gi = 0; text && tip && href && fill && worst && count && gi < ng; gi++) {
        const report_cert *c = &s->v[g[gi]];
        size_t k = (ny ? order[row_of[gi]] : 0) * nx + (size_t)val_index(&ax[xa], param(c, ax[xa].name));
        const char *verdict = report_str_at(c->root, "verdict");
        char r[32];
        ic_html_num(r, c->worst, 2);
        ic_html_buf t = { 0 }, h = { 0 };
        ic_html_printf(&t, "%s: %s", c->name, verdict);
        if (is_control(c))
            ic_html_printf(&t, " (negative control, expected fail)");
        for (size_t a = 0; a < na; a++)
            ic_html_printf(&t, "%s %s=%s", a ? "," : "", ax[a].name, param(c, ax[a].name));
        if (!isnan(c->worst))
            ic_html_printf(&t, "; worst %s = %s of its bound", c->worst_name, r);
        int sp = surprise(c);
        if (!fill[k]) {
            fill[k] = surprise_fill[sp];
            worst[k] = sp;
            text[k] = strdup(isnan(c->worst) ? verdict : r);
            ic_html_printf(&h, "%s#%s", href_prefix, c->id);
            tip[k] = t.s;
            href[k] = h.s;
            count[k] = 1;
            continue;
        }
        /* Several certificates on one cell (they differ in non-numeric
         * parameters such as input files, never in what they expect): the
         * colour of the most surprising, a count, all names in the tooltip,
         * the link to the first. */
        if (sp > worst[k]) {
            worst[k] = sp;
            fill[k] = surprise_fill[sp];
        }
        char cs[32];
        snprintf(cs, sizeof cs, "%zu certs", ++count[k]);
        free(text[k]);
        text[k] = strdup(cs);
        ic_html_buf u = { 0 };
        ic_html_printf(&u, "%s\n%s", tip[k], t.s ? t.s : "");
        free(tip[k]);
        tip[k] = u.s;
        ic_html_free(&t);
    }
    const char *xl[MAP_MAX_VALUES];
    for (size_t i = 0; i < nx; i++)
        xl[i] = ax[xa].val[i];
    static const char *const one_row[] = { "" };
    ic_html_cells cells = { nx, ny ? ny : 1, xl, ylab ? (const char *const *)ylab : one_row, fill,
                        (const char *const *)text, (const char *const *)tip, (const char *const *)href };
    ic_html_axes axl = { title, ax[xa].name, yname.s, 0, NAN, NULL, 0 };
    if (ylab && text && tip && href && fill && worst && count)
        ic_html_cellmap(b, &cells, &axl);
    else
        b->oom = 1;
    for (size_t i = 0; i < nc; i++) {
        if (text)
            free(text[i]);
        if (tip)
            free(tip[i]);
        if (href)
            free(href[i]);
    }
    for (size_t r = 0; ylab && r < ny; r++)
        free(ylab[r]);
    free(ylab);
    free(text);
    free(tip);
    free(href);
    free((void *)fill);
    free(worst);
    free(count);
    free(order);
    ic_html_free(&yname);
out:
    free(rowkey);
    free(row_of);
    free(rows);
}

/* value/bound of every bounded check against the one numeric axis: a
 * line per check through the cases that must pass, and the negative
 * controls as crosses of the check's colour, off the line.  Returns 0
 * (drawing nothing) when no ratio is positive. */
#define PLOT_MAX_CHECKS 16
static int ratio_plot(ic_html_buf *b, const report_set *s, const size_t *g, size_t ng, const map_axis *ax,
                      const char *title)
{
    const char *names[PLOT_MAX_CHECKS];
    size_t nn = 0, ncontrol = 0;
    for (size_t gi = 0; gi < ng; gi++) {
        size_t i;
        json_t *ck;
        ncontrol += (size_t)is_control(&s->v[g[gi]]);
        json_array_foreach(json_object_get(s->v[g[gi]].root, "checks"), i, ck) {
            const char *n = report_str_at(ck, "name");
            int known = 0;
            for (size_t k = 0; k < nn; k++)
                known |= strcmp(names[k], n) == 0;
            if (!known && nn < PLOT_MAX_CHECKS && isfinite(report_check_ratio(ck)))
                names[nn++] = n;
        }
    }
    ic_html_series ser[2 * PLOT_MAX_CHECKS];
    char labels[2 * PLOT_MAX_CHECKS][112];
    size_t nx = ax->n ? ax->n : 1, nctl = ncontrol ? ncontrol : 1;
    double *xs = ic_calloc(nx, sizeof *xs), *ys = ic_calloc(PLOT_MAX_CHECKS * nx, sizeof *ys);
    double *cx = ic_calloc(PLOT_MAX_CHECKS * nctl, sizeof *cx), *cy = ic_calloc(PLOT_MAX_CHECKS * nctl, sizeof *cy);
    const char **ctip = ic_calloc(PLOT_MAX_CHECKS * nctl, sizeof *ctip);
    int positive = 0;
    size_t ns = 0;
    if (!xs || !ys || !cx || !cy || !ctip) {
        b->oom = 1;
        goto out;
    }
    for (size_t i = 0; i < ax->n; i++)
        is_num(ax->val[i], &xs[i]);
    for (size_t k = 0; k < nn; k++) {
        double *y = ys + k * nx;
        for (size_t i = 0; i < ax->n; i++)
            y[i] = NAN;
        for (size_t gi = 0; gi < ng; gi++) {
            const report_cert *c = &s->v[g[gi]];
            int vi = val_index(ax, param(c, ax->name));
            size_t i;
            json_t *ck;
            if (vi < 0 || is_control(c))
                continue;
            json_array_foreach(json_object_get(c->root, "checks"), i, ck)
                if (strcmp(report_str_at(ck, "name"), names[k]) == 0) {
                    y[vi] = report_check_ratio(ck);
                    positive |= y[vi] > 0;
                }
        }
        int any = 0;
        for (size_t i = 0; i < ax->n; i++)
            any |= y[i] > 0;
        snprintf(labels[ns], sizeof labels[ns], "%s%s", names[k], any ? "" : " (all 0)");
        ser[ns] = (ic_html_series){ labels[ns], xs, y, ax->n, ic_html_palette(k), 0, NULL };
        ns++;
    }
    /* The controls: per check, one cross per control certificate. */
    int labelled = 0;
    for (size_t k = 0; k < nn && ncontrol; k++) {
        double *x = cx + k * nctl, *y = cy + k * nctl;
        const char **tip = ctip + k * nctl;
        size_t m = 0;
        for (size_t gi = 0; gi < ng; gi++) {
            const report_cert *c = &s->v[g[gi]];
            size_t i;
            json_t *ck;
            if (!is_control(c) || !is_num(param(c, ax->name), &x[m]))
                continue;
            json_array_foreach(json_object_get(c->root, "checks"), i, ck)
                if (strcmp(report_str_at(ck, "name"), names[k]) == 0 && m < ncontrol) {
                    y[m] = report_check_ratio(ck);
                    positive |= y[m] > 0;
                    tip[m] = c->name;
                    m++;
                    break;
                }
        }
        if (m == 0)
            continue;
        /* One legend entry for all of them: a cross has its check's colour. */
        snprintf(labels[ns], sizeof labels[ns], "negative control");
        ser[ns] = (ic_html_series){ labelled ? NULL : labels[ns], x, y, m, ic_html_palette(k), 1, tip };
        labelled = 1;
        ns++;
    }
    int integer = 1;
    for (size_t i = 0; i < ax->n; i++)
        integer &= xs[i] == floor(xs[i]);
    if (positive) {
        ic_html_axes axl = { title, ax->name, "value / bound (log scale)", 1, 1, "bound", integer };
        ic_html_lineplot(b, ser, ns, &axl);
    }
out:
    free(xs);
    free(ys);
    free(cx);
    free(cy);
    free((void *)ctip);
    return positive;
}

int report_param_maps(ic_html_buf *b, const report_set *s, const char *href_prefix, int svg_only)
{
    int drawn = 0;
    unsigned char *seen = ic_calloc(s->n ? s->n : 1, 1);
    size_t *g = ic_calloc(s->n ? s->n : 1, sizeof *g);
    map_axis *ax = ic_calloc(MAP_MAX_AXES, sizeof *ax);
    if (!seen || !g || !ax) {
        b->oom = 1;
        goto out;
    }
    for (size_t i = 0; i < s->n && !(svg_only && drawn); i++) {
        if (seen[i])
            continue;
        const char *id = report_str_at(json_object_get(s->v[i].root, "claim"), "id"),
                   *mode = report_str_at(s->v[i].root, "mode");
        size_t ng = 0;
        for (size_t j = i; j < s->n; j++)
            if (!seen[j] && strcmp(report_str_at(json_object_get(s->v[j].root, "claim"), "id"), id) == 0 &&
                strcmp(report_str_at(s->v[j].root, "mode"), mode) == 0) {
                seen[j] = 1;
                g[ng++] = j;
            }
        if (ng < 2)
            continue;
        size_t na = find_axes(s, g, ng, ax);
        if (na == 0)
            continue;
        int controls = 0;
        for (size_t gi = 0; gi < ng; gi++)
            controls |= is_control(&s->v[g[gi]]);
        ic_html_buf title = { 0 };
        ic_html_printf(&title, "%s %s: ", id, mode);
        if (na == 1 && ax[0].numeric) {
            ic_html_put(&title, "value / bound of each check");
            ic_html_buf plot = { 0 };
            int ok = ratio_plot(&plot, s, g, ng, &ax[0], title.s);
            if (ok && !svg_only)
                ic_html_put(b, "<figure>\n");
            if (ok)
                ic_html_putn(b, plot.s, plot.len);
            if (ok && !svg_only)
                ic_html_printf(b, "<figcaption>Each line is one check%s; above the dashed line the check "
                               "fails.</figcaption></figure>\n",
                               controls ? " over the cases that must pass; crosses are negative controls "
                                          "(cases expected to fail), not part of the lines" : "");
            ic_html_free(&plot);
            drawn += ok;
            if (svg_only && ok) {
                ic_html_free(&title);
                break;
            }
            ic_html_free(&title);
            ic_html_printf(&title, "%s %s: ", id, mode);
        }
        ic_html_put(&title, "verdict over (");
        for (size_t a = 0; a < na; a++)
            ic_html_printf(&title, "%s%s", a ? ", " : "", ax[a].name);
        ic_html_put(&title, ")");
        if (!svg_only)
            ic_html_put(b, "<figure>\n");
        verdict_map(b, s, g, ng, ax, na, href_prefix, title.s);
        if (!svg_only)
            ic_html_printf(b, "<figcaption>Green: the verdict expected (%s), red: not the verdict "
                           "expected, amber: undecided, grey: no certificate.%s  The number in a cell is "
                           "the certificate's worst value / bound.</figcaption></figure>\n",
                           controls ? "pass; fail for a negative control" : "pass",
                           controls ? "  Negative controls (cases expected to fail) have rows of their own." : "");
        drawn++;
        ic_html_free(&title);
    }
out:
    free(seen);
    free(g);
    free(ax);
    return drawn;
}
