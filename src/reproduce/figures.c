/* The reproduced figures beside the closed forms (src/reproduce/figures.h).
 * Closed forms: THEORY.md C2 (C = c I, p_{-1} = 1/c), C4 (C = c I + e S,
 * p_{-1} = 1/c, p_{-2} = -e/(c(c+e))), C5 (the GD path P_k computed by the
 * compare mode in MPFR), C1 (eta*(T) as the compare mode gives it). */
#include "reproduce/figures.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/data.h"
#include "formats/file_io.h"
#include "formats/npy.h"

static const report_cert *find_cert(const report_set *s, const char *name)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i].name, name) == 0)
            return &s->v[i];
    return NULL;
}

/* A check's value as a number; NAN when absent or not numeric. */
static double check_value(const report_cert *c, const char *name)
{
    size_t i;
    json_t *ck;
    json_array_foreach(json_object_get(c->root, "checks"), i, ck) {
        const char *n = report_str_at(ck, "name");
        double x;
        if (n && strcmp(n, name) == 0 && report_num_of(json_object_get(ck, "value"), &x))
            return x;
    }
    return NAN;
}

static json_t *data_at(const report_cert *c, const char *key)
{
    return json_object_get(json_object_get(c->root, "data"), key);
}

/* Rows 0..T-2, entries t' <= t + 1 + extra - 1 (extra 1: up to the newest
 * key t + 1; extra 0: up to the query key t, the authors' save mask). */
static unsigned char *used_mask(size_t T, int newest)
{
    unsigned char *m = calloc(T * T, 1);
    for (size_t t = 0; m && t + 1 < T; t++)
        for (size_t u = 0; u <= t + (size_t)newest && u < T; u++)
            m[t * T + u] = 1;
    return m;
}

static void heatmap(ic_html_buf *b, const double *m, const unsigned char *mask, size_t r, size_t c,
                    const char *title, const char *caption)
{
    report_figure_open(b);
    ic_html_heatmap(b, m, mask, r, c, title);
    report_figure_close(b, caption);
}

/* Figure 3: trained C and P beside c I (+ e S) and the closed-form P. */
static void reduced_figs(ic_html_buf *b, const report_cert *c, int ortho)
{
    size_t d, d2, T, T2;
    double *C = report_num_matrix(data_at(c, "C"), &d, &d2);
    double *P = report_num_matrix(data_at(c, "P"), &T, &T2);
    double cc = check_value(c, "c"), e = ortho ? check_value(c, "e") : 0;
    if (!C || !P || d != d2 || T != T2 || T < 2 || !isfinite(cc) || cc == 0 || !isfinite(e) ||
        (ortho && (cc + e == 0 || d % 2))) {
        ic_html_put(b, "<p class=\"small\">The certificate holds no C, P, c");
        ic_html_put(b, ortho ? ", e" : "");
        ic_html_put(b, " to draw.</p>\n");
        free(C);
        free(P);
        return;
    }
    double *Cs = calloc(d * d, sizeof *Cs), *Ps = calloc(T * T, sizeof *Ps);
    unsigned char *mask = used_mask(T, 1);
    if (Cs && Ps && mask) {
        for (size_t j = 0; j < d; j++) {
            Cs[j * d + j] = cc;
            if (ortho)
                Cs[j * d + (j ^ 1)] = e;
        }
        for (size_t t = 0; t + 1 < T; t++) {
            Ps[t * T + t + 1] = 1 / cc;
            if (ortho)
                Ps[t * T + t] = -e / (cc * (cc + e));
        }
        char num[2][32], cap[256];
        ic_html_num(num[0], cc, 6);
        ic_html_num(num[1], e, 6);
        ic_html_put(b, "<div class=\"figs\">\n");
        heatmap(b, C, NULL, d, d, "trained C = B^T A", "C of the trained weights (the certificate's data)");
        snprintf(cap, sizeof cap, ortho ? "closed form c I + e S with the fitted c = %s, e = %s" :
                                          "closed form c I with the fitted c = %s%s",
                 num[0], ortho ? num[1] : "");
        heatmap(b, Cs, NULL, d, d, ortho ? "closed form c I + e S" : "closed form c I", cap);
        heatmap(b, P, mask, T, T, "trained P (used entries)", "rows 0..T-2, keys 0..t+1; grey: never used");
        snprintf(cap, sizeof cap,
                 ortho ? "closed form: p_{-1} = 1/c on the newest key, p_{-2} = -e/(c(c+e)) on the query key, 0 elsewhere"
                       : "closed form: p_{-1} = 1/c on the newest key, 0 elsewhere");
        heatmap(b, Ps, mask, T, T, "closed-form P", cap);
        ic_html_put(b, "</div>\n");
    }
    free(C);
    free(P);
    free(Cs);
    free(Ps);
    free(mask);
}

/* Figure 6: the trained P (as the authors save it) beside the GD path P_k. */
static void pe_figs(ic_html_buf *b, const report_cert *c, const char *name)
{
    json_t *pe = data_at(c, "pe");
    size_t T, T2;
    double *K = report_num_matrix(json_object_get(pe, "path_matrix"), &T, &T2);
    char path[256];
    snprintf(path, sizeof path, "runs/%s/P.npy", name);
    ic_npy_array P = { 0 };
    ic_err err;
    ic_npy_opts o = { 0, 0 };
    int have = K && T == T2 && T >= 2 && ic_npy_read(&P, path, &o, &err) == IC_OK && P.ndim == 2 &&
               P.shape[0] == T && P.shape[1] == T;
    unsigned char *mask = have ? used_mask(T, 0) : NULL;
    if (mask) {
        char cap[320];
        double k = check_value(c, "k");
        snprintf(cap, sizeof cap, "%s", path);
        heatmap(b, P.data, mask, T, T, "trained P", cap);
        snprintf(cap, sizeof cap, "closed form P_k, k = %.0f steps of GD on the exact moments (MPFR); entries "
                 "t' <= t as the authors save them", k);
        heatmap(b, K, mask, T, T, "closed-form GD path P_k", cap);
    } else {
        ic_html_printf(b, "<p class=\"small\">%s or the certificate's path matrix is missing.</p>\n", path);
    }
    free(mask);
    free(K);
    ic_npy_free(&P);
}

/* Figure 5: the fitted step per position beside eta*(T). */
static void augmented_figs(ic_html_buf *b, const report_cert *c)
{
    size_t nf, nr;
    double *fit = report_num_array(data_at(c, "eta_fit_per_position"), &nf);
    double *ref = report_num_array(data_at(c, "eta_ref_per_position"), &nr);
    if (fit && ref && nf == nr) {
        double *x = malloc(nf * sizeof *x);
        for (size_t i = 0; x && i < nf; i++)
            x[i] = (double)(i + 1);
        if (x) {
            ic_html_series s[2] = { { "fitted step of the trained model", x, fit, nf },
                                    { "eta*(T) (closed form; Monte Carlo for Haar W)", x, ref, nr } };
            ic_html_axes ax = { "one GD step: the step per position", "position T", "step eta", 0, NAN, NULL, 1 };
            report_figure_open(b);
            ic_html_lineplot(b, s, 2, &ax);
            report_figure_close(b, "the step that makes one GD step fit the trained model best at each position, "
                                   "beside the optimal step of one GD step");
        }
        free(x);
    } else {
        ic_html_put(b, "<p class=\"small\">The certificate holds no per-position steps (the theory setting "
                       "without extras has one step for all positions; see its section).</p>\n");
    }
    free(fit);
    free(ref);
}

/* Figure 7: the loss curves of loss.csv (epoch, train_loss, test_loss). */
static void nonaugmented_figs(ic_html_buf *b, const report_cert *c, const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "runs/%s/loss.csv", name);
    unsigned char *buf;
    size_t len, n = 0, m = 0;
    ic_err err;
    if (ic_read_file(path, (size_t)16 << 20, &buf, &len, &err) != IC_OK)
        return;
    size_t lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += buf[i] == '\n';
    double *xe = calloc(lines + 1, sizeof *xe), *te = calloc(lines + 1, sizeof *te);
    double *xs = calloc(lines + 1, sizeof *xs), *tr = calloc(lines + 1, sizeof *tr);
    char *save = NULL, *ln = strtok_r((char *)buf, "\n", &save);  /* header */
    while (xe && te && xs && tr && ln && (ln = strtok_r(NULL, "\n", &save)) != NULL) {
        char *e1, *e2, *e3;
        double ep = strtod(ln, &e1);
        if (*e1 != ',')
            continue;
        double a = strtod(e1 + 1, &e2);
        if (e2 != e1 + 1) {
            xs[m] = ep;
            tr[m++] = a;
        }
        if (*e2 != ',')
            continue;
        double t = strtod(e2 + 1, &e3);
        if (e3 != e2 + 1) {
            xe[n] = ep;
            te[n++] = t;
        }
    }
    if (n || m) {
        ic_html_series s[2] = { { "training loss (epoch mean)", xs, tr, m }, { "test loss", xe, te, n } };
        ic_html_axes ax = { "Figure 7: loss", "epoch", "MSE (log scale)", 1, NAN, NULL, 1 };
        report_figure_open(b);
        ic_html_lineplot(b, s, 2, &ax);
        report_figure_close(b, path);
    }
    free(buf);
    free(xe);
    free(te);
    free(xs);
    free(tr);
    /* the heads' positional attention: what the C2-C4 invariants read */
    report_parts parts = { { 0 }, { 0 }, { 0 }, { 0 } };
    json_t *v = data_at(c, "head_lag_profile");
    if (v)
        report_data(&parts, "head_lag_profile", v, 0);
    ic_html_putn(b, parts.figs.s ? parts.figs.s : "", parts.figs.len);
    ic_html_free(&parts.figs);
    ic_html_free(&parts.tables);
    ic_html_free(&parts.values);
    ic_html_free(&parts.other);
}

/* Figure 4: the certificate's histograms of per-sequence MSE. */
static void tokens_figs(ic_html_buf *b, const report_cert *c)
{
    report_parts parts = { { 0 }, { 0 }, { 0 }, { 0 } };
    json_t *v = data_at(c, "histogram");
    if (v)
        report_data(&parts, "histogram", v, 0);
    ic_html_putn(b, parts.figs.s ? parts.figs.s : "", parts.figs.len);
    ic_html_free(&parts.figs);
    ic_html_free(&parts.tables);
    ic_html_free(&parts.values);
    ic_html_free(&parts.other);
}

static void setting_figs(ic_html_buf *b, const ic_repro_exp *e, const report_cert *c)
{
    ic_html_put(b, "<div class=\"figs\">\n");
    if (strcmp(e->claim, "unitary") == 0)
        reduced_figs(b, c, 0);
    else if (strcmp(e->claim, "orthogonal") == 0)
        reduced_figs(b, c, 1);
    else if (strcmp(e->claim, "pe") == 0)
        pe_figs(b, c, e->name);
    else if (strcmp(e->claim, "augmented") == 0)
        augmented_figs(b, c);
    else if (strcmp(e->claim, "nonaugmented") == 0)
        nonaugmented_figs(b, c, e->name);
    else if (strcmp(e->claim, "tokens") == 0)
        tokens_figs(b, c);
    ic_html_put(b, "</div>\n");
}

/* The table of one figure's settings: seeds, verdicts, links. */
static void setting_table(ic_html_buf *b, const report_set *s, const ic_repro_plan *plan, size_t fig)
{
    ic_html_put(b, "<table><thead><tr><th>setting</th><th>claim</th><th>seeds</th><th>reach the closed form "
                   "(verdict pass)</th><th>theory expects</th><th>as expected</th><th>runs</th></tr></thead>"
                   "<tbody>\n");
    for (size_t i = 0; i < plan->n; i++) {
        const ic_repro_exp *e = &plan->v[i];
        if (e->figure != fig || (i > 0 && strcmp(plan->v[i - 1].setting, e->setting) == 0))
            continue;
        size_t n = 0, npass = 0, nexp = 0;
        ic_html_buf links = { 0 };
        for (size_t j = i; j < plan->n && strcmp(plan->v[j].setting, e->setting) == 0; j++) {
            const report_cert *c = find_cert(s, plan->v[j].name);
            const char *v = c ? report_str_at(c->root, "verdict") : "missing";
            n++;
            npass += strcmp(v, "pass") == 0;
            nexp += strcmp(v, plan->v[j].expect) == 0;
            ic_html_printf(&links, "%s<a href=\"#", n > 1 ? " " : "");
            ic_html_esc(&links, c ? c->id : "");
            ic_html_printf(&links, "\" title=\"%s\">seed %ld</a>&nbsp;<span class=\"badge %s\">%s</span>",
                           plan->v[j].name, plan->v[j].seed, v, v);
        }
        ic_html_put(b, "<tr><td>");
        ic_html_esc(b, e->setting);
        ic_html_put(b, "</td><td>");
        ic_html_esc(b, e->claim);
        ic_html_printf(b, "</td><td class=\"num\">%zu</td><td class=\"num\">%zu of %zu</td><td>%s</td>"
                          "<td class=\"num%s\">%zu of %zu</td><td>",
                       n, npass, n, e->expect, nexp < n ? " over" : "", nexp, n);
        ic_html_putn(b, links.s ? links.s : "", links.len);
        ic_html_put(b, "</td></tr>\n");
        if (links.oom)
            b->oom = 1;
        ic_html_free(&links);
    }
    ic_html_put(b, "</tbody></table>\n");
}

void report_reproduction(ic_html_buf *b, const report_set *s, const ic_repro_plan *plan, int quick)
{
    ic_html_printf(b, "<section class=\"card\" id=\"reproduction\"><h2>Reproduced figures</h2>\n"
                      "<p class=\"sub\">Each experiment of the paper trained by icalcheck %s, then certified by "
                      "its claim's compare mode.  Left: what training produced (the first seed); right: the "
                      "closed form.  &ldquo;Reach the closed form&rdquo; counts the seeds whose certificate "
                      "passes; the theory expects pass except where a finding says otherwise.</p>\n</section>\n",
                   quick ? "<b>scaled down (--quick: a smoke test, not the paper's sizes)</b>" : "at the paper's sizes");
    for (size_t f = 0; f < ic_repro_nfigures; f++) {
        size_t first = plan->n;
        for (size_t i = 0; i < plan->n && first == plan->n; i++)
            if (plan->v[i].figure == f)
                first = i;
        if (first == plan->n)
            continue;
        ic_html_printf(b, "<section class=\"card\" id=\"repro-%s\"><h2>", ic_repro_figures[f].id);
        ic_html_esc(b, ic_repro_figures[f].title);
        ic_html_put(b, "</h2>\n<p class=\"sub\">Closed form: ");
        ic_html_esc(b, ic_repro_figures[f].closed_form);
        ic_html_put(b, "</p>\n");
        setting_table(b, s, plan, f);
        for (size_t i = first; i < plan->n; i++) {
            const ic_repro_exp *e = &plan->v[i];
            if (e->figure != f || (i > first && strcmp(plan->v[i - 1].setting, e->setting) == 0))
                continue;
            const report_cert *c = find_cert(s, e->name);
            if (!c)
                continue;
            ic_html_put(b, "<h3>");
            ic_html_esc(b, e->setting);
            ic_html_printf(b, ", seed %ld</h3>\n", e->seed);
            setting_figs(b, e, c);
        }
        ic_html_put(b, "</section>\n");
    }
}
