/* One certificate's section of the report: header, inputs, parameters,
 * checks, findings, and figures drawn generically from its "data" object,
 * from the input arrays it names (when the files are still there with the
 * recorded SHA-256) and from a trainer's loss.csv beside them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/model.h"
#include "report/section.h"
#include "report/data.h"
#include "certificates/claim.h"
#include "formats/file_io.h"
#include "certificates/certificate.h"
#include "formats/npy.h"
#include "formats/weights.h"

/* Larger matrices are listed, not drawn (a cell would be under 1 px). */
#define REPORT_MAX_CURVE 1500


/* ---------- header, inputs, parameters ---------- */

static void header(ic_html_buf *b, const report_cert *c)
{
    json_t *root = c->root, *claim = json_object_get(root, "claim");
    const char *id = report_str_at(claim, "id"), *verdict = report_str_at(root, "verdict");
    const ic_claim *known = ic_claim_find(id);
    ic_html_put(b, "<div class=\"head\"><h2>");
    ic_html_esc(b, c->name);
    ic_html_printf(b, "</h2><span class=\"badge %s\">%s</span><span class=\"small\">claim <b>", verdict, verdict);
    ic_html_esc(b, id);
    ic_html_put(b, "</b>");
    if (report_str_at(claim, "label")) {
        ic_html_put(b, " (");
        ic_html_esc(b, report_str_at(claim, "label"));
        ic_html_put(b, ")");
    }
    ic_html_put(b, " &middot; mode <b>");
    ic_html_esc(b, report_str_at(root, "mode"));
    ic_html_put(b, "</b></span></div>\n<p class=\"sub\">");
    if (known && known->title) {
        ic_html_esc(b, known->title);
        ic_html_put(b, "<br>");
    }
    ic_html_put(b, "<span class=\"small\">");
    ic_html_esc(b, report_str_at(claim, "reference"));
    ic_html_put(b, "</span></p>\n<p class=\"small\">certificate <code>");
    ic_html_esc(b, c->path);
    ic_html_put(b, "</code>");
    if (report_str_at(root, "case")) {
        ic_html_put(b, " &middot; case <code>");
        ic_html_esc(b, report_str_at(root, "case"));
        ic_html_put(b, "</code>");
    }
    json_t *pb = json_object_get(root, "precision_bits");
    if (json_is_integer(pb) && json_integer_value(pb) > 0)  /* 0: a double-only mode */
        ic_html_printf(b, " &middot; %lld-bit MPFR", (long long)json_integer_value(pb));
    if (report_str_at(root, "tool")) {
        ic_html_put(b, " &middot; ");
        ic_html_esc(b, report_str_at(root, "tool"));
    }
    ic_html_put(b, "</p>\n");
}

static void inputs_params(ic_html_buf *b, json_t *root)
{
    json_t *in = json_object_get(root, "inputs"), *p = json_object_get(root, "parameters");
    int has_in = json_is_array(in) && json_array_size(in) > 0;
    if (has_in) {
        ic_html_put(b, "<h3>Inputs</h3><table><thead><tr><th>name</th><th>path</th><th>sha256</th>"
                   "<th>dtype</th><th>shape</th></tr></thead><tbody>\n");
        size_t i, k;
        json_t *e, *d;
        json_array_foreach(in, i, e) {
            const char *sha = report_str_at(e, "sha256");
            ic_html_put(b, "<tr><td><b>");
            ic_html_esc(b, report_str_at(e, "name"));
            ic_html_put(b, "</b></td><td class=\"num path\">");
            ic_html_esc(b, report_str_at(e, "path"));
            ic_html_put(b, "</td><td class=\"num\" title=\"");
            ic_html_esc(b, sha);
            ic_html_put(b, "\">");
            if (sha)
                ic_html_putn(b, sha, strlen(sha) < 12 ? strlen(sha) : 12);
            ic_html_put(b, "</td><td class=\"num\">");
            ic_html_esc(b, report_str_at(e, "dtype"));
            ic_html_put(b, "</td><td class=\"num\">");
            json_t *shape = json_object_get(e, "shape");
            if (json_is_array(shape)) {
                ic_html_put(b, "(");
                json_array_foreach(shape, k, d)
                    ic_html_printf(b, "%s%lld", k ? ", " : "", (long long)json_integer_value(d));
                ic_html_put(b, ")");
            }
            ic_html_put(b, "</td></tr>\n");
        }
        ic_html_put(b, "</tbody></table>\n");
    }
    ic_html_put(b, "<h3>Parameters</h3><div class=\"chips\">");
    const char *k;
    json_t *v;
    json_object_foreach(p, k, v) {
        ic_html_put(b, "<span class=\"chip\"><b>");
        ic_html_esc(b, k);
        ic_html_put(b, "</b> = ");
        ic_html_esc(b, json_string_value(v) ? json_string_value(v) : "?");
        ic_html_put(b, "</span>");
    }
    ic_html_put(b, "</div>\n");
}

/* ---------- checks and findings ---------- */

/* Inline colours of the proof-kind badges (the page's stylesheet is shared
 * with other sections; these stay local to the check rows). */
static const char *kind_style(const char *kind)
{
    static const char *const k[][2] = {
        {IC_PROOF_SYMBOLIC, "#1b5e20;background:#e3f2e5"}, {IC_PROOF_PARAMETRIC, "#0d47a1;background:#e3ecfa"},
        {IC_PROOF_EXACT, "#004d40;background:#e0f2f1"},     {IC_PROOF_ENCLOSURE, "#4a148c;background:#f1e8f8"},
        {IC_PROOF_PAPER, "#6d4c00;background:#fff3d6"},     {IC_PROOF_NUMERIC, "#5b6478;background:#eef1f6"},
        {IC_PROOF_MEASURED, "#8a93a6;background:#f6f7f9"},
    };
    for (size_t i = 0; kind && i < sizeof k / sizeof *k; i++)
        if (strcmp(kind, k[i][0]) == 0)
            return k[i][1];
    return "#5b6478;background:#fff";
}

/* A proof-kind badge; its tooltip gives scope and method. */
static void proof_badge(ic_html_buf *b, const char *kind, const char *scope, const char *method)
{
    int valid = ic_cert_proof_kind_valid(kind);
    ic_html_printf(b, "<span class=\"pk pk-%s\" style=\"display:inline-block;padding:0 7px;border-radius:9px;"
                      "font-size:11.5px;font-weight:600;color:%s\" title=\"",
                   valid ? kind : "other", kind_style(valid ? kind : NULL));
    ic_html_esc(b, scope ? scope : "");
    if (method) {
        ic_html_put(b, "; by ");
        ic_html_esc(b, method);
    }
    ic_html_put(b, "\">");
    ic_html_esc(b, kind ? kind : "none");
    ic_html_put(b, "</span>");
}

static void checks(ic_html_buf *b, json_t *root)
{
    json_t *cks = json_object_get(root, "checks"), *ck;
    size_t i, nr = 0, n = json_array_size(cks);
    ic_html_put(b, "<h3>Checks</h3><table><thead><tr><th>status</th><th>check</th><th>what</th>"
               "<th>value</th><th></th><th>bound</th><th>value / bound</th><th>proof</th></tr></thead><tbody>\n");
    const char **labels = ic_calloc(n ? n : 1, sizeof *labels), **st = ic_calloc(n ? n : 1, sizeof *st);
    double *ratio = ic_calloc(n ? n : 1, sizeof *ratio);
    json_array_foreach(cks, i, ck) {
        const char *s = report_str_at(ck, "status"), *rel = report_str_at(ck, "relation");
        double r = report_check_ratio(ck);
        int na = strcmp(s, "not_applicable") == 0;
        ic_html_printf(b, "<tr><td class=\"st st-%s\">%s</td><td><b>", s, na ? "n/a" : s);
        ic_html_esc(b, report_str_at(ck, "name"));
        ic_html_put(b, "</b></td><td class=\"what\">");
        ic_html_esc(b, report_str_at(ck, "what"));
        if (na && report_str_at(ck, "reason")) {
            ic_html_put(b, " <i>(not applicable: ");
            ic_html_esc(b, report_str_at(ck, "reason"));
            ic_html_put(b, ")</i>");
        }
        ic_html_put(b, "</td>");
        report_value_cell(b, report_str_at(ck, "value"), "num");
        ic_html_put(b, "<td class=\"num\">");
        if (report_str_at(ck, "bound"))
            ic_html_esc(b, rel ? rel : "<=");
        ic_html_put(b, "</td>");
        report_value_cell(b, report_str_at(ck, "bound"), "num");
        char rs[32];
        ic_html_num(rs, r, 3);
        ic_html_printf(b, "<td class=\"num%s\">%s</td><td>", r > 1 ? " over" : "", isnan(r) ? "" : rs);
        json_t *pf = json_object_get(ck, "proof");
        if (json_is_object(pf))
            proof_badge(b, report_str_at(pf, "kind"), report_str_at(pf, "scope"), report_str_at(pf, "method"));
        ic_html_put(b, "</td></tr>\n");
        if (isfinite(r) && labels && st && ratio) {
            labels[nr] = report_str_at(ck, "name");
            st[nr] = s;
            ratio[nr++] = r;
        }
    }
    ic_html_put(b, "</tbody></table>\n");
    if (nr > 0) {
        ic_html_axes ax = { "Measured value / bound, per check", "value / bound (log scale)", NULL, 0, 1,
                        "bound", 0 };
        ic_html_put(b, "<div class=\"figs\" style=\"margin-top:12px\">");
        report_figure_open(b);
        ic_html_markers(b, labels, ratio, st, nr, &ax);
        report_figure_close(b, "Each marker is one check's value divided by its tolerance; the dashed line is "
                        "the tolerance.  A hollow marker at the left edge is a value of exactly 0.");
        ic_html_put(b, "</div>\n");
    }
    free(labels);
    free(st);
    free(ratio);
}

/* The claim's statements for this certificate's mode (ic_claim_statement):
 * what each check establishes, for which parameters and how. */
static void statements(ic_html_buf *b, json_t *root)
{
    const ic_claim *c = ic_claim_find(report_str_at(json_object_get(root, "claim"), "id"));
    const char *mode = report_str_at(root, "mode");
    int n = 0;
    for (const ic_claim_statement *s = c ? c->statements : NULL; s && s->check; s++)
        n += mode && strcmp(s->mode, mode) == 0;
    if (n == 0)
        return;
    ic_html_put(b, "<details class=\"statements\"><summary><b>Statements</b> of the claim in this mode, "
                   "with their proof kinds</summary><table><thead><tr><th>check</th><th>statement</th>"
                   "<th>proof</th><th>for</th><th>by</th></tr></thead><tbody>\n");
    for (const ic_claim_statement *s = c->statements; s->check; s++) {
        if (strcmp(s->mode, mode) != 0)
            continue;
        ic_html_put(b, "<tr><td><b>");
        ic_html_esc(b, s->check);
        ic_html_put(b, "</b></td><td class=\"what\">");
        ic_html_esc(b, s->statement);
        ic_html_put(b, "</td><td>");
        proof_badge(b, s->kind, s->scope, s->method);
        ic_html_put(b, "</td><td class=\"what\">");
        ic_html_esc(b, s->scope);
        ic_html_put(b, "</td><td class=\"what\">");
        ic_html_esc(b, s->method);
        ic_html_put(b, "</td></tr>\n");
    }
    ic_html_put(b, "</tbody></table></details>\n");
}

static void findings(ic_html_buf *b, json_t *root)
{
    json_t *fs = json_object_get(root, "findings"), *f;
    size_t i;
    if (!json_is_array(fs) || json_array_size(fs) == 0)
        return;
    ic_html_put(b, "<h3>Findings</h3><ul class=\"findings\">\n");
    json_array_foreach(fs, i, f) {
        ic_html_put(b, "<li><b>");
        ic_html_esc(b, report_str_at(f, "name"));
        ic_html_put(b, "</b>: ");
        ic_html_esc(b, report_str_at(f, "text"));
        if (report_str_at(f, "value")) {
            ic_html_put(b, " <span class=\"finding-v\">(");
            ic_html_esc(b, report_str_at(f, "value"));
            ic_html_put(b, ")</span>");
        }
        ic_html_put(b, "</li>\n");
    }
    ic_html_put(b, "</ul>\n");
}

/* ---------- matrices: data, inputs, B^T A ---------- */

/* An input array re-read for the figures: the file named in the
 * certificate (or beside the certificate), used only when its SHA-256 is
 * still the recorded one. */
typedef struct {
    const char *name;
    char *path;      /* as resolved, NULL when unusable */
    ic_npy_array a;
    int loaded;
    int in_memory;   /* read from report_cert.mem: no directory, no loss.csv beside it */
    char note[160];
} report_input;

static char *join_dir(const char *file, const char *rel)
{
    const char *slash = strrchr(file, '/');
    size_t dl = slash ? (size_t)(slash - file) : 0;
    char *p = malloc(dl + strlen(rel) + 2);
    if (p)
        sprintf(p, "%.*s%s%s", (int)dl, file, dl ? "/" : "", rel);
    return p;
}

static void load_input(report_input *in, json_t *e, const report_cert *c)
{
    const char *path = report_str_at(e, "path"), *sha = report_str_at(e, "sha256");
    in->name = report_str_at(e, "name");
    if (!path || !sha || !in->name)
        return;
    unsigned char *buf = NULL;
    size_t len;
    ic_err err;
    char hex[65];
    ic_npy_opts o = { 0, 1 };
    for (size_t k = 0; k < c->nmem; k++)
        if (strcmp(c->mem[k].label, path) == 0) {
            ic_cert_sha256_hex(c->mem[k].bytes, c->mem[k].len, hex);
            in->path = strdup(path);
            in->in_memory = 1;
            if (strcmp(hex, sha) == 0 && in->path &&
                ic_weights_load(&in->a, c->mem[k].bytes, c->mem[k].len, path, NULL, &o, &err) == IC_OK)
                in->loaded = 1;
            return;
        }
    const char *cert_path = c->path;
    char *cand[2] = { strdup(path), path[0] != '/' ? join_dir(cert_path, path) : NULL };
    for (int k = 0; k < 2 && !in->path; k++)
        if (cand[k] && ic_read_file(cand[k], (size_t)1 << 28, &buf, &len, &err) == IC_OK) {
            in->path = cand[k];
            cand[k] = NULL;
        }
    free(cand[0]);
    free(cand[1]);
    if (!in->path) {
        snprintf(in->note, sizeof in->note, "input %s: %s not found, not drawn", in->name, path);
        return;
    }
    ic_cert_sha256_hex(buf, len, hex);
    if (strcmp(hex, sha) != 0)
        snprintf(in->note, sizeof in->note, "input %s: %s changed since the certificate, not drawn",
                 in->name, in->path);
    else if (ic_npy_parse(&in->a, buf, len, in->path, &o, &err) == IC_OK)
        in->loaded = 1;
    free(buf);
}

/* C = B^T A (d x d) from H x d inputs, in double: for the picture only. */
static double *btA(const ic_npy_array *A, const ic_npy_array *B)
{
    size_t H = A->shape[0], d = A->shape[1];
    double *c = ic_calloc(d * d, sizeof *c);
    for (size_t i = 0; c && i < d; i++)
        for (size_t j = 0; j < d; j++) {
            double s = 0;
            for (size_t h = 0; h < H; h++)
                s += B->data[h * d + i] * A->data[h * d + j];
            c[i * d + j] = s;
        }
    return c;
}

static int is_2d(const report_input *in)
{
    return in->loaded && in->a.ndim == 2 && in->a.shape[0] <= REPORT_MAX_SIDE &&
           in->a.shape[1] <= REPORT_MAX_SIDE && in->a.size > 0;
}

static void matrices(ic_html_buf *b, json_t *data, report_input *in, size_t nin)
{
    const report_input *A = NULL, *B = NULL;
    for (size_t i = 0; i < nin; i++) {
        if (!is_2d(&in[i]) || json_object_get(data, in[i].name))
            continue;
        char cap[200];
        snprintf(cap, sizeof cap, "input %s (%s)", in[i].name, in[i].path);
        report_heatmap_fig(b, in[i].name, in[i].a.data, in[i].a.shape[0], in[i].a.shape[1], cap);
        if (strcmp(in[i].name, "A") == 0)
            A = &in[i];
        if (strcmp(in[i].name, "B") == 0)
            B = &in[i];
    }
    if (A && B && A->a.shape[0] == B->a.shape[0] && A->a.shape[1] == B->a.shape[1] &&
        !json_object_get(data, "C")) {
        double *c = btA(&A->a, &B->a);
        if (c)
            report_heatmap_fig(b, "B^T A", c, A->a.shape[1], A->a.shape[1],
                        "C = B^T A computed from the inputs (double precision, for the picture)");
        free(c);
    }
}

/* loss.csv written by a trainer beside its weights: a header line, then
 * rows whose first column is the step; the column named "loss" (else the
 * second) is plotted on a log axis.  Unparsable rows are skipped. */
static int loss_curve(ic_html_buf *b, const char *path)
{
    unsigned char *buf;
    size_t len;
    ic_err err;
    if (ic_read_file(path, (size_t)64 << 20, &buf, &len, &err) != IC_OK)
        return 0;
    char *save = NULL, *ln = strtok_r((char *)buf, "\n", &save);
    int col = 1;
    char xname[64] = "step";
    if (ln) {
        char *s2 = NULL, *f = strtok_r(ln, ",\r", &s2);
        for (int k = 0; f; k++, f = strtok_r(NULL, ",\r", &s2)) {
            while (*f == ' ')
                f++;
            if (k == 0)
                snprintf(xname, sizeof xname, "%s", f);
            if (strcmp(f, "loss") == 0)
                col = k;
        }
    }
    size_t n = 0, cap = 0;
    double *x = NULL, *y = NULL;
    while ((ln = strtok_r(NULL, "\n", &save)) != NULL) {
        double v[2];
        int got = 0;
        char *s2 = NULL, *f = strtok_r(ln, ",\r", &s2);
        for (int k = 0; f && got < 2; k++, f = strtok_r(NULL, ",\r", &s2)) {
            char *e;
            if (k != 0 && k != col)
                continue;
            double t = strtod(f, &e);
            if (e == f)
                break;
            v[k == 0 ? 0 : 1] = t;
            got++;
        }
        if (got < 2)
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 256;
            double *nx = ic_reallocarray(x, cap, sizeof *nx), *ny = nx ? ic_reallocarray(y, cap, sizeof *ny) : NULL;
            if (nx)
                x = nx;
            if (!nx || !ny)
                break;
            y = ny;
        }
        x[n] = v[0];
        y[n++] = v[1];
    }
    free(buf);
    if (n > REPORT_MAX_CURVE) {  /* thin out evenly, keep the last point */
        size_t step = (n + REPORT_MAX_CURVE - 1) / REPORT_MAX_CURVE, m = 0;
        for (size_t i = 0; i < n; i++)
            if (i % step == 0 || i + 1 == n) {
                x[m] = x[i];
                y[m++] = y[i];
            }
        n = m;
    }
    if (n > 0) {
        ic_html_series s = { .label = "loss", .x = x, .y = y, .n = n };
        ic_html_axes ax = { "Training loss", xname, "loss (log scale)", 1, NAN, NULL, 0 };
        char cap[300];
        snprintf(cap, sizeof cap, "from %s", path);
        report_figure_open(b);
        ic_html_lineplot(b, &s, 1, &ax);
        report_figure_close(b, cap);
    }
    free(x);
    free(y);
    return n > 0;
}

static void loss_curves(ic_html_buf *b, report_input *in, size_t nin)
{
    for (size_t i = 0; i < nin; i++) {
        if (!in[i].path || in[i].in_memory)
            continue;
        char *p = join_dir(in[i].path, "loss.csv");
        int seen = 0;
        for (size_t j = 0; j < i && p; j++)
            if (in[j].path && !in[j].in_memory) {
                char *q = join_dir(in[j].path, "loss.csv");
                seen |= q && strcmp(p, q) == 0;
                free(q);
            }
        if (p && !seen)
            loss_curve(b, p);
        free(p);
    }
}

/* ---------- the section ---------- */

void report_section(ic_html_buf *b, const report_cert *c)
{
    json_t *root = c->root, *data = json_object_get(root, "data"), *in = json_object_get(root, "inputs");
    if (!json_is_object(data))
        data = NULL;
    ic_html_put(b, "<section class=\"card cert\" id=\"");
    ic_html_esc(b, c->id);
    ic_html_put(b, "\">\n");
    header(b, c);
    inputs_params(b, root);
    checks(b, root);
    statements(b, root);
    findings(b, root);

    size_t nin = json_is_array(in) ? json_array_size(in) : 0;
    report_input *ins = ic_calloc(nin ? nin : 1, sizeof *ins);
    for (size_t i = 0; ins && i < nin; i++)
        load_input(&ins[i], json_array_get(in, i), c);
    report_parts parts = { { 0 }, { 0 }, { 0 }, { 0 } };
    if (ins)
        matrices(&parts.figs, data, ins, nin);
    const char *k;
    json_t *v;
    json_object_foreach(data, k, v)
        report_data(&parts, k, v, 0);
    if (ins)
        loss_curves(&parts.figs, ins, nin);
    report_parts_emit(b, &parts);
    for (size_t i = 0; ins && i < nin; i++)
        if (ins[i].note[0]) {
            ic_html_put(b, "<p class=\"small\">");
            ic_html_esc(b, ins[i].note);
            ic_html_put(b, "</p>\n");
        }
    for (size_t i = 0; ins && i < nin; i++) {
        free(ins[i].path);
        ic_npy_free(&ins[i].a);
    }
    free(ins);
    ic_html_put(b, "</section>\n");
}
