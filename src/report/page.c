/* The whole report page: style, summary table, one section per certificate
 * and the maps of where each claim holds (see src/report/page.h). */
#include "report/page.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/data.h"
#include "report/map.h"
#include "report/section.h"
#include "config.h"
#include "formats/file_io.h"

const char report_css[] =
    "*{box-sizing:border-box}\n"
    "body{margin:0;background:#f3f4f6;color:#1f2430;font:14px/1.45 system-ui,-apple-system,"
    "'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif}\n"
    "header.top{background:#1f2a44;color:#fff;padding:22px 0 18px}\n"
    "header.top h1{margin:0 0 4px;font-size:24px;font-weight:650}\n"
    "header.top p{margin:0;color:#c9d1e3}\n"
    ".wrap{max-width:1160px;margin:0 auto;padding:0 24px}\n"
    "main.wrap{padding-bottom:40px}\n"
    "h2{font-size:19px;margin:0}\n"
    "h3{font-size:14px;margin:18px 0 8px;color:#3b4660;text-transform:uppercase;letter-spacing:.05em}\n"
    ".card{background:#fff;border-radius:10px;box-shadow:0 1px 3px rgba(20,30,60,.12);"
    "padding:18px 22px;margin:22px 0}\n"
    ".head{display:flex;align-items:center;gap:12px;flex-wrap:wrap}\n"
    ".sub{color:#5b6478;margin:6px 0 0}\n"
    ".badge{display:inline-block;padding:2px 10px;border-radius:11px;font-size:12px;font-weight:700;"
    "text-transform:uppercase;letter-spacing:.05em;color:#fff}\n"
    ".badge.pass{background:#2e7d32}.badge.fail{background:#c62828}"
    ".badge.undecided{background:#e69f00;color:#2b1d00}\n"
    ".counts{display:flex;gap:10px;margin-top:12px}\n"
    ".count{background:rgba(255,255,255,.1);border-radius:8px;padding:6px 14px;font-size:13px}\n"
    ".count b{font-size:18px;display:block}\n"
    "table{border-collapse:collapse;width:100%;font-size:13px}\n"
    "th{text-align:left;font-weight:600;color:#3b4660;background:#f6f7f9;border-bottom:2px solid #dde1e8}\n"
    "th,td{padding:5px 9px;vertical-align:top}\n"
    "td{border-bottom:1px solid #eceef2}\n"
    "tr:hover td{background:#fafbfc}\n"
    "td.path{white-space:normal;word-break:break-all}\n.num{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:nowrap;font-size:12.5px}\n"
    ".what{color:#4a5366}\ntd.what{min-width:220px}\n"
    ".txt{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px;"
    "overflow-wrap:anywhere}\n"
    "td.st{font-weight:700;text-align:center;white-space:nowrap}\n"
    "td.st-pass{background:#e7f4e8;color:#1b5e20}td.st-fail{background:#fdeaea;color:#b71c1c}\n"
    "td.st-undecided{background:#fff4da;color:#7a4f00}td.st-info{color:#8a93a6;font-weight:400}\n"
    "td.st-not_applicable{color:#8a93a6;font-style:italic;font-weight:400}\n"
    "td.over{color:#b71c1c;font-weight:700}\n"
    ".chips{display:flex;flex-wrap:wrap;gap:6px}\n"
    ".chip{background:#eef1f6;border-radius:6px;padding:2px 8px;font-size:12.5px}\n"
    ".chip b{font-weight:600;color:#3b4660}\n"
    ".findings li{margin:4px 0}\n"
    ".finding-v{color:#5b6478}\n"
    ".figs{display:flex;flex-wrap:wrap;gap:14px;align-items:flex-start}\n"
    "figure{margin:0;border:1px solid #e3e6ec;border-radius:8px;padding:8px;background:#fff;max-width:100%;"
    "overflow-x:auto}\n"
    "figcaption{font-size:12px;color:#5b6478;margin-top:4px;max-width:560px}\n"
    "svg{max-width:100%;height:auto;display:block}\n"
    "a{color:#1f5fbf;text-decoration:none}a:hover{text-decoration:underline}\n"
    ".small{font-size:12px;color:#6b7385}\n"
    "details pre{white-space:pre-wrap;word-break:break-all;font-size:12px;background:#f6f7f9;padding:8px}\n"
    "@media print{body{background:#fff}.card{box-shadow:none;border:1px solid #ccc}}\n";

static void badge(ic_html_buf *b, const char *verdict)
{
    ic_html_put(b, "<span class=\"badge ");
    ic_html_esc(b, verdict);
    ic_html_put(b, "\">");
    ic_html_esc(b, verdict);
    ic_html_put(b, "</span>");
}

/* Negative cases are meant to fail: say whether the verdict is the one
 * the case file expected. */
static void expectation(ic_html_buf *b, json_t *root)
{
    const char *e = report_str_at(root, "expect"), *v = report_str_at(root, "verdict");
    if (!e || !v)
        return;
    if (strcmp(e, v) == 0)
        ic_html_printf(b, " <span class=\"small\">as expected</span>");
    else
        ic_html_printf(b, " <span class=\"small over\">expected %s</span>", strcmp(e, "pass") == 0 ? "pass" : "fail");
}

static int same_group(const report_cert *a, const report_cert *b)
{
    return strcmp(report_str_at(json_object_get(a->root, "claim"), "id"),
                  report_str_at(json_object_get(b->root, "claim"), "id")) == 0 &&
           strcmp(report_str_at(a->root, "mode"), report_str_at(b->root, "mode")) == 0;
}

/* The parameters of c with numeric values that differ between the
 * certificates of its claim and mode (a sweep's grid): shown in the
 * summary so its rows can be told apart. */
static void varying_params(ic_html_buf *b, const report_set *s, const report_cert *c)
{
    const char *k;
    json_t *v;
    int m = 0;
    json_object_foreach(json_object_get(c->root, "parameters"), k, v) {
        int differs = 0, numeric = 1;
        for (size_t j = 0; j < s->n && numeric; j++) {
            if (!same_group(c, &s->v[j]))
                continue;
            const char *w = report_str_at(json_object_get(s->v[j].root, "parameters"), k);
            char *e;
            if (!w || (strtod(w, &e), *e != '\0' || e == w))
                numeric = 0;
            else
                differs |= strcmp(w, json_string_value(v) ? json_string_value(v) : "") != 0;
        }
        if (differs && numeric) {
            ic_html_put(b, m++ ? ", " : "");
            ic_html_esc(b, k);
            ic_html_put(b, "=");
            ic_html_esc(b, json_string_value(v));
        }
    }
}

static void summary(ic_html_buf *b, const report_set *s)
{
    ic_html_buf probe = { 0 };
    for (size_t i = 0; i < s->n && !probe.len; i++)
        varying_params(&probe, s, &s->v[i]);
    int nv = probe.len > 0;
    ic_html_free(&probe);
    ic_html_put(b, "<section class=\"card\" id=\"summary\"><h2>Summary</h2>\n"
               "<table><thead><tr><th>case</th>");
    if (nv)
        ic_html_put(b, "<th>parameters</th>");
    ic_html_put(b, "<th>claim</th><th>mode</th><th>verdict</th>"
               "<th>checks passed</th><th>worst value / bound</th><th>worst check</th></tr></thead>"
               "<tbody>\n");
    for (size_t i = 0; i < s->n; i++) {
        const report_cert *c = &s->v[i];
        json_t *claim = json_object_get(c->root, "claim"), *ck;
        size_t k, npass = 0, nbound = 0;
        json_array_foreach(json_object_get(c->root, "checks"), k, ck) {
            const char *st = report_str_at(ck, "status");
            if (strcmp(st, "info") != 0 && strcmp(st, "not_applicable") != 0) {
                nbound++;
                npass += strcmp(st, "pass") == 0;
            }
        }
        ic_html_put(b, "<tr><td><a href=\"#");
        ic_html_esc(b, c->id);
        ic_html_put(b, "\">");
        ic_html_esc(b, c->name);
        ic_html_put(b, "</a></td><td>");
        if (nv) {
            varying_params(b, s, c);
            ic_html_put(b, "</td><td>");
        }
        ic_html_esc(b, report_str_at(claim, "id"));
        if (report_str_at(claim, "label")) {
            ic_html_put(b, " <span class=\"small\">");
            ic_html_esc(b, report_str_at(claim, "label"));
            ic_html_put(b, "</span>");
        }
        ic_html_put(b, "</td><td>");
        ic_html_esc(b, report_str_at(c->root, "mode"));
        ic_html_put(b, "</td><td>");
        badge(b, report_str_at(c->root, "verdict"));
        expectation(b, c->root);
        ic_html_printf(b, "</td><td class=\"num\">%zu / %zu</td>", npass, nbound);
        char r[32];
        ic_html_num(r, c->worst, 3);
        ic_html_printf(b, "<td class=\"num%s\">%s</td><td>", c->worst > 1 ? " over" : "",
                   isnan(c->worst) ? "&ndash;" : r);
        ic_html_esc(b, c->worst_name ? c->worst_name : "");
        ic_html_put(b, "</td></tr>\n");
    }
    ic_html_put(b, "</tbody></table>\n<p class=\"small\">value / bound: the measured value divided by "
               "its tolerance (bound / value for lower bounds); above 1 means the check failed.</p>"
               "</section>\n");
}

void report_page(ic_html_buf *b, const report_set *s, const char *title)
{
    report_page_with(b, s, title, NULL);
}

void report_page_with(ic_html_buf *b, const report_set *s, const char *title, const ic_html_buf *intro)
{
    size_t np = 0, nf = 0, nu = 0, nexp = 0, nas = 0;
    for (size_t i = 0; i < s->n; i++) {
        const char *v = report_str_at(s->v[i].root, "verdict"), *e = report_str_at(s->v[i].root, "expect");
        np += strcmp(v, "pass") == 0;
        nf += strcmp(v, "fail") == 0;
        nu += strcmp(v, "undecided") == 0;
        nexp += e != NULL;
        nas += e && strcmp(e, v) == 0;
    }
    ic_html_put(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    ic_html_esc(b, title);
    ic_html_printf(b, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header class=\"top\"><div class=\"wrap\">"
                  "<h1>", report_css);
    ic_html_esc(b, title);
    ic_html_printf(b, "</h1><p>%zu certificate%s checked by %s against Sander et al., "
                  "&ldquo;How do Transformers Perform In-Context Autoregressive Learning?&rdquo; "
                  "(ICML 2024)</p>\n<div class=\"counts\"><div class=\"count\"><b>%zu</b>pass</div>"
                  "<div class=\"count\"><b>%zu</b>fail</div><div class=\"count\"><b>%zu</b>undecided</div>",
               s->n, s->n == 1 ? "" : "s", PACKAGE_STRING, np, nf, nu);
    /* Cases say which verdict they expect (negative controls expect fail):
     * how many gave it is the figure that says whether all is well. */
    if (nexp)
        ic_html_printf(b, "<div class=\"count\"><b>%zu / %zu</b>as expected</div>", nas, nexp);
    ic_html_put(b, "</div></div></header>\n<main class=\"wrap\">\n");
    if (intro && intro->s)
        ic_html_putn(b, intro->s, intro->len);
    if (intro && intro->oom)
        b->oom = 1;
    ic_html_buf maps = { 0 };
    if (report_param_maps(&maps, s, "", 0) > 0) {
        ic_html_put(b, "<section class=\"card\" id=\"parameter-maps\"><h2>Where the claims hold</h2>\n"
                   "<p class=\"sub\">Certificates of one claim and mode that differ in their parameters, "
                   "one cell per certificate (click a cell for its section).</p>\n<div class=\"figs\">\n");
        ic_html_putn(b, maps.s, maps.len);
        ic_html_put(b, "</div></section>\n");
    }
    if (maps.oom)
        b->oom = 1;
    ic_html_free(&maps);
    summary(b, s);
    for (size_t i = 0; i < s->n; i++)
        report_section(b, &s->v[i]);
    ic_html_put(b, "</main>\n</body>\n</html>\n");
}

int report_write(const char *path, const ic_html_buf *b, ic_err *err)
{
    if (b->oom)
        return ic_err_set(err, IC_EINTERNAL, "out of memory while rendering %s", path);
    return ic_write_atomic(path, b->s ? b->s : "", b->len, err);
}
