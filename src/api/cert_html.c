/* ic_api_cert_html: one certificate as its report section, for a page that
 * is not the report's (a notebook cell): the report's own renderer
 * (src/report/section.c) and style sheet, the sheet's selectors scoped
 * to the section's wrapper so that they style nothing else on the page. */
#include "api/api.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "report/model.h"
#include "report/page.h"
#include "report/section.h"
#include "html/svg_figures.h"

#define SCOPE ".icalcheck-report"

/* Appends selector sel (n bytes, trimmed here) under the scope: "body"
 * and "html" become the wrapper itself, everything else its descendant. */
static void scoped_selector(ic_html_buf *b, const char *sel, size_t n)
{
    while (n && isspace((unsigned char)*sel)) {
        sel++;
        n--;
    }
    while (n && isspace((unsigned char)sel[n - 1]))
        n--;
    if ((n == 4 && strncmp(sel, "body", 4) == 0) || (n == 4 && strncmp(sel, "html", 4) == 0)) {
        ic_html_put(b, SCOPE);
        return;
    }
    ic_html_put(b, SCOPE " ");
    ic_html_putn(b, sel, n);
}

/* Copies the rules of css from *i up to the end or an unmatched '}' with
 * every selector scoped; at-rules ("@media print{...}") keep their
 * condition and have their inner rules scoped. */
static void scope_rules(ic_html_buf *b, const char *css, size_t *i)
{
    for (;;) {
        while (css[*i] && isspace((unsigned char)css[*i]))
            ic_html_putn(b, &css[(*i)++], 1);
        if (!css[*i] || css[*i] == '}')
            return;
        size_t start = *i;
        while (css[*i] && css[*i] != '{' && css[*i] != '}')
            (*i)++;
        if (css[*i] != '{') {  /* stray text: copied as it is */
            ic_html_putn(b, css + start, *i - start);
            continue;
        }
        if (css[start] == '@') {
            ic_html_putn(b, css + start, *i - start + 1);
            (*i)++;
            scope_rules(b, css, i);
            if (css[*i] == '}')
                ic_html_putn(b, &css[(*i)++], 1);
            continue;
        }
        for (size_t s = start, k = start; k <= *i; k++)
            if (k == *i || css[k] == ',') {
                if (s > start)
                    ic_html_put(b, ",");
                scoped_selector(b, css + s, k - s);
                s = k + 1;
            }
        size_t body = *i;
        while (css[*i] && css[*i] != '}')
            (*i)++;
        if (css[*i] == '}')
            (*i)++;
        ic_html_putn(b, css + body, *i - body);
    }
}

int ic_api_cert_html(const char *json, size_t len, const char *title, const ic_param_blob *arrays,
                     size_t narrays, char **html, size_t *html_len, ic_err *err)
{
    *html = NULL;
    *html_len = 0;
    if (!title || !*title)
        title = "certificate";
    json_error_t je;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return ic_err_set(err, IC_EINPUT, "%s: not valid JSON (line %d: %s)", title, je.line, je.text);
    report_set s = { 0 };
    int rc = report_add(&s, title, root, err);
    json_decref(root);
    if (rc) {
        report_free(&s);
        return rc;
    }
    report_finish(&s);
    s.v[0].mem = arrays;
    s.v[0].nmem = narrays;
    ic_html_buf b = { 0 };
    ic_html_put(&b, "<div class=\"icalcheck-report\">\n<style>\n");
    size_t i = 0;
    scope_rules(&b, report_css, &i);
    ic_html_put(&b, "</style>\n");
    report_section(&b, &s.v[0]);
    ic_html_put(&b, "</div>\n");
    report_free(&s);
    if (b.oom) {
        ic_html_free(&b);
        return ic_err_set(err, IC_EINTERNAL, "out of memory while rendering %s", title);
    }
    *html = b.s;
    *html_len = b.len;
    return IC_OK;
}
