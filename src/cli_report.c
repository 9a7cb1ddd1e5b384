/* icalcheck report CERT|DIR... --out FILE.html, and icalcheck merge (the
 * same over the certificates of sweep directories): one self-contained
 * HTML page, written only when every certificate could be read. */
#include <ctype.h>
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "cli_report.h"
#include "config.h"
#include "ic_io.h"

#define REP_MAX_CERT_BYTES ((size_t)64 << 20)

/* ---------- loading ---------- */

static int is_one_of(const char *s, const char *const *words)
{
    for (; s && *words; words++)
        if (strcmp(s, *words) == 0)
            return 1;
    return 0;
}

static const char *str_at(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static int not_cert(const char *path, const char *why, ic_err *err)
{
    return ic_err_set(err, IC_EINPUT, "%s: not an icalcheck certificate (%s)", path, why);
}

double rep_check_ratio(json_t *check)
{
    const char *v = str_at(check, "value"), *b = str_at(check, "bound"), *rel = str_at(check, "relation");
    if (!v || !b || !rel)
        return NAN;
    char *e1, *e2;
    double x = strtod(v, &e1), y = strtod(b, &e2);
    if (*e1 || *e2 || e1 == v || e2 == b || !isfinite(x) || !isfinite(y))
        return NAN;
    if ((strcmp(rel, "<=") == 0 || strcmp(rel, "<") == 0) && y > 0)
        return fabs(x) / y;
    if ((strcmp(rel, ">=") == 0 || strcmp(rel, ">") == 0) && x > 0 && y > 0)
        return y / x;
    return NAN;
}

int rep_add(rep_set *s, const char *path, json_t *root, ic_err *err)
{
    static const char *const verdicts[] = { "pass", "fail", "undecided", NULL };
    static const char *const statuses[] = { "pass", "fail", "undecided", "info", NULL };
    if (!json_is_object(root))
        return not_cert(path, "not a JSON object", err);
    const char *fmt = str_at(root, "format");
    if (!fmt || strcmp(fmt, "icalcheck-certificate/1") != 0)
        return not_cert(path, fmt ? "unknown format" : "no \"format\"", err);
    json_t *claim = json_object_get(root, "claim"), *checks = json_object_get(root, "checks");
    if (!json_is_object(claim) || !str_at(claim, "id"))
        return not_cert(path, "no claim id", err);
    if (!str_at(root, "mode"))
        return not_cert(path, "no mode", err);
    if (!is_one_of(str_at(root, "verdict"), verdicts))
        return not_cert(path, "no valid verdict", err);
    if (!json_is_array(checks))
        return not_cert(path, "no checks", err);
    size_t i;
    json_t *ck;
    json_array_foreach(checks, i, ck) {
        if (!json_is_object(ck) || !str_at(ck, "name") || !is_one_of(str_at(ck, "status"), statuses))
            return ic_err_set(err, IC_EINPUT, "%s: check %zu has no name or a bad status", path, i);
    }
    json_t *p = json_object_get(root, "parameters"), *in = json_object_get(root, "inputs");
    if ((p && !json_is_object(p)) || (in && !json_is_array(in)))
        return not_cert(path, "bad parameters or inputs", err);
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 16;
        rep_cert *v = ic_reallocarray(s->v, cap, sizeof *v);
        if (!v)
            return ic_err_set(err, IC_EINTERNAL, "out of memory");
        s->v = v;
        s->cap = cap;
    }
    rep_cert *c = &s->v[s->n];
    memset(c, 0, sizeof *c);
    c->path = strdup(path);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t bl = strlen(base);
    if (bl > 5 && strcmp(base + bl - 5, ".json") == 0)
        bl -= 5;
    c->name = strndup(base, bl);
    if (!c->path || !c->name) {
        free(c->path);
        free(c->name);
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    }
    c->root = json_incref(root);
    c->worst = NAN;
    json_array_foreach(checks, i, ck) {
        double r = rep_check_ratio(ck);
        if (isfinite(r) && (isnan(c->worst) || r > c->worst)) {
            c->worst = r;
            c->worst_name = str_at(ck, "name");
        }
    }
    s->n++;
    return IC_OK;
}

static int load_file(rep_set *s, const char *path, ic_err *err)
{
    unsigned char *buf;
    size_t len;
    int rc = ic_read_file(path, REP_MAX_CERT_BYTES, &buf, &len, err);
    if (rc)
        return rc;
    json_error_t je;
    json_t *root = json_loadb((const char *)buf, len, JSON_REJECT_DUPLICATES, &je);
    free(buf);
    if (!root)
        return ic_err_set(err, IC_EINPUT, "%s: not valid JSON (line %d: %s)", path, je.line, je.text);
    rc = rep_add(s, path, root, err);
    json_decref(root);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_dir(rep_set *s, const char *dir, ic_err *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return ic_err_set(err, IC_EINPUT, "%s: cannot open directory", dir);
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = IC_OK;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && !rc) {
        size_t l = strlen(e->d_name);
        if (e->d_name[0] == '.' || l <= 5 || strcmp(e->d_name + l - 5, ".json") != 0)
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 32;
            char **nv = ic_reallocarray(names, cap, sizeof *nv);
            if (!nv) {
                rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
                break;
            }
            names = nv;
        }
        size_t dl = strlen(dir);
        names[n] = malloc(dl + l + 2);
        if (!names[n]) {
            rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
            break;
        }
        sprintf(names[n++], "%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", e->d_name);
    }
    closedir(d);
    if (names)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        if (!rc)
            rc = load_file(s, names[i], err);
        free(names[i]);
    }
    free(names);
    return rc;
}

int rep_load(rep_set *s, int argc, char **argv, ic_err *err)
{
    for (int i = 0; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0)
            return ic_err_set(err, IC_EINPUT, "%s: no such file or directory", argv[i]);
        size_t before = s->n;
        int rc = S_ISDIR(st.st_mode) ? load_dir(s, argv[i], err) : load_file(s, argv[i], err);
        if (rc)
            return rc;
        if (S_ISDIR(st.st_mode) && s->n == before)
            return ic_err_set(err, IC_EINPUT, "%s: no certificates (*.json) in this directory", argv[i]);
    }
    return IC_OK;
}

/* strcmp with digit runs compared as numbers: point-9 before point-10. */
static int natcmp(const char *a, const char *b)
{
    while (*a && *b) {
        if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
            while (*a == '0' && isdigit((unsigned char)a[1]))
                a++;
            while (*b == '0' && isdigit((unsigned char)b[1]))
                b++;
            size_t la = 0, lb = 0;
            while (isdigit((unsigned char)a[la]))
                la++;
            while (isdigit((unsigned char)b[lb]))
                lb++;
            if (la != lb)
                return la < lb ? -1 : 1;
            int c = strncmp(a, b, la);
            if (c)
                return c;
            a += la;
            b += lb;
        } else {
            if (*a != *b)
                return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
            a++;
            b++;
        }
    }
    return *a ? 1 : *b ? -1 : 0;
}

static int cmp_cert(const void *pa, const void *pb)
{
    const rep_cert *a = pa, *b = pb;
    int c = natcmp(a->name, b->name);
    return c ? c : natcmp(a->path, b->path);
}

/* Section ids: the name with characters outside [A-Za-z0-9_.-] replaced,
 * and "-2", "-3", ... where two certificates share a name. */
void rep_finish(rep_set *s)
{
    if (s->n > 1)
        qsort(s->v, s->n, sizeof *s->v, cmp_cert);
    for (size_t i = 0; i < s->n; i++) {
        rep_cert *c = &s->v[i];
        size_t l = strlen(c->name);
        c->id = malloc(l + 24);
        if (!c->id)
            continue;
        for (size_t k = 0; k <= l; k++) {
            char ch = c->name[k];
            c->id[k] = (!ch || isalnum((unsigned char)ch) || ch == '_' || ch == '-' || ch == '.') ? ch : '_';
        }
        size_t dup = 1;
        for (size_t j = 0; j < i; j++)
            if (strcmp(s->v[j].name, c->name) == 0)
                dup++;
        if (dup > 1)
            sprintf(c->id + l, "-%zu", dup);
    }
}

void rep_free(rep_set *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].path);
        free(s->v[i].name);
        free(s->v[i].id);
        json_decref(s->v[i].root);
    }
    free(s->v);
    memset(s, 0, sizeof *s);
}

int rep_write(const char *path, const ich_buf *b, ic_err *err)
{
    if (b->oom)
        return ic_err_set(err, IC_EINTERNAL, "out of memory while rendering %s", path);
    return ic_write_atomic(path, b->s ? b->s : "", b->len, err);
}

/* ---------- the page ---------- */

static const char css[] =
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

static void badge(ich_buf *b, const char *verdict)
{
    ich_put(b, "<span class=\"badge ");
    ich_esc(b, verdict);
    ich_put(b, "\">");
    ich_esc(b, verdict);
    ich_put(b, "</span>");
}

/* Negative cases are meant to fail: say whether the verdict is the one
 * the case file expected. */
static void expectation(ich_buf *b, json_t *root)
{
    const char *e = str_at(root, "expect"), *v = str_at(root, "verdict");
    if (!e || !v)
        return;
    if (strcmp(e, v) == 0)
        ich_printf(b, " <span class=\"small\">as expected</span>");
    else
        ich_printf(b, " <span class=\"small over\">expected %s</span>", strcmp(e, "pass") == 0 ? "pass" : "fail");
}

static int same_group(const rep_cert *a, const rep_cert *b)
{
    return strcmp(str_at(json_object_get(a->root, "claim"), "id"),
                  str_at(json_object_get(b->root, "claim"), "id")) == 0 &&
           strcmp(str_at(a->root, "mode"), str_at(b->root, "mode")) == 0;
}

/* The parameters of c with numeric values that differ between the
 * certificates of its claim and mode (a sweep's grid): shown in the
 * summary so its rows can be told apart. */
static void varying_params(ich_buf *b, const rep_set *s, const rep_cert *c)
{
    const char *k;
    json_t *v;
    int m = 0;
    json_object_foreach(json_object_get(c->root, "parameters"), k, v) {
        int differs = 0, numeric = 1;
        for (size_t j = 0; j < s->n && numeric; j++) {
            if (!same_group(c, &s->v[j]))
                continue;
            const char *w = str_at(json_object_get(s->v[j].root, "parameters"), k);
            char *e;
            if (!w || (strtod(w, &e), *e != '\0' || e == w))
                numeric = 0;
            else
                differs |= strcmp(w, json_string_value(v) ? json_string_value(v) : "") != 0;
        }
        if (differs && numeric) {
            ich_put(b, m++ ? ", " : "");
            ich_esc(b, k);
            ich_put(b, "=");
            ich_esc(b, json_string_value(v));
        }
    }
}

static void summary(ich_buf *b, const rep_set *s)
{
    ich_buf probe = { 0 };
    for (size_t i = 0; i < s->n && !probe.len; i++)
        varying_params(&probe, s, &s->v[i]);
    int nv = probe.len > 0;
    ich_free(&probe);
    ich_put(b, "<section class=\"card\" id=\"summary\"><h2>Summary</h2>\n"
               "<table><thead><tr><th>case</th>");
    if (nv)
        ich_put(b, "<th>parameters</th>");
    ich_put(b, "<th>claim</th><th>mode</th><th>verdict</th>"
               "<th>checks passed</th><th>worst value / bound</th><th>worst check</th></tr></thead>"
               "<tbody>\n");
    for (size_t i = 0; i < s->n; i++) {
        const rep_cert *c = &s->v[i];
        json_t *claim = json_object_get(c->root, "claim"), *ck;
        size_t k, npass = 0, nbound = 0;
        json_array_foreach(json_object_get(c->root, "checks"), k, ck) {
            const char *st = str_at(ck, "status");
            if (strcmp(st, "info") != 0) {
                nbound++;
                npass += strcmp(st, "pass") == 0;
            }
        }
        ich_put(b, "<tr><td><a href=\"#");
        ich_esc(b, c->id);
        ich_put(b, "\">");
        ich_esc(b, c->name);
        ich_put(b, "</a></td><td>");
        if (nv) {
            varying_params(b, s, c);
            ich_put(b, "</td><td>");
        }
        ich_esc(b, str_at(claim, "id"));
        if (str_at(claim, "label")) {
            ich_put(b, " <span class=\"small\">");
            ich_esc(b, str_at(claim, "label"));
            ich_put(b, "</span>");
        }
        ich_put(b, "</td><td>");
        ich_esc(b, str_at(c->root, "mode"));
        ich_put(b, "</td><td>");
        badge(b, str_at(c->root, "verdict"));
        expectation(b, c->root);
        ich_printf(b, "</td><td class=\"num\">%zu / %zu</td>", npass, nbound);
        char r[32];
        ich_num(r, c->worst, 3);
        ich_printf(b, "<td class=\"num%s\">%s</td><td>", c->worst > 1 ? " over" : "",
                   isnan(c->worst) ? "&ndash;" : r);
        ich_esc(b, c->worst_name ? c->worst_name : "");
        ich_put(b, "</td></tr>\n");
    }
    ich_put(b, "</tbody></table>\n<p class=\"small\">value / bound: the measured value divided by "
               "its tolerance (bound / value for lower bounds); above 1 means the check failed.</p>"
               "</section>\n");
}

void rep_page(ich_buf *b, const rep_set *s, const char *title)
{
    size_t np = 0, nf = 0, nu = 0;
    for (size_t i = 0; i < s->n; i++) {
        const char *v = str_at(s->v[i].root, "verdict");
        np += strcmp(v, "pass") == 0;
        nf += strcmp(v, "fail") == 0;
        nu += strcmp(v, "undecided") == 0;
    }
    ich_put(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    ich_esc(b, title);
    ich_printf(b, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header class=\"top\"><div class=\"wrap\">"
                  "<h1>", css);
    ich_esc(b, title);
    ich_printf(b, "</h1><p>%zu certificate%s checked by %s against Sander et al., "
                  "&ldquo;How do Transformers Perform In-Context Autoregressive Learning?&rdquo; "
                  "(ICML 2024)</p>\n<div class=\"counts\"><div class=\"count\"><b>%zu</b>pass</div>"
                  "<div class=\"count\"><b>%zu</b>fail</div><div class=\"count\"><b>%zu</b>undecided</div>"
                  "</div></div></header>\n<main class=\"wrap\">\n",
               s->n, s->n == 1 ? "" : "s", PACKAGE_STRING, np, nf, nu);
    ich_buf maps = { 0 };
    if (rep_param_maps(&maps, s, "", 0) > 0) {
        ich_put(b, "<section class=\"card\" id=\"parameter-maps\"><h2>Where the claims hold</h2>\n"
                   "<p class=\"sub\">Certificates of one claim and mode that differ in their parameters, "
                   "one cell per certificate (click a cell for its section).</p>\n<div class=\"figs\">\n");
        ich_putn(b, maps.s, maps.len);
        ich_put(b, "</div></section>\n");
    }
    if (maps.oom)
        b->oom = 1;
    ich_free(&maps);
    summary(b, s);
    for (size_t i = 0; i < s->n; i++)
        rep_section(b, &s->v[i]);
    ich_put(b, "</main>\n</body>\n</html>\n");
}

/* ---------- commands ---------- */

static void report_usage(FILE *f, const char *cmd)
{
    if (strcmp(cmd, "report") == 0)
        fputs("Usage: icalcheck report CERT.json|DIR... --out REPORT.html [--title TEXT]\n"
              "Writes one self-contained HTML page (inline SVG, no scripts, no network) with a\n"
              "summary table and, per certificate (sorted by file name), its checks, findings and\n"
              "figures: heatmaps of the weights (A, B, C = B^T A, the used part of P), plots of\n"
              "the certificate's data, training curves (loss.csv beside the inputs).\n"
              "A DIR contributes every *.json in it.  Exit 2 (nothing written) when a file\n"
              "is not an icalcheck certificate.\n", f);
    else
        fputs("Usage: icalcheck merge DIR|CERT.json... --out REPORT.html [--title TEXT]\n"
              "Joins certificates, e.g. the point-K.json files of a sweep run as separate\n"
              "tasks (GNU parallel, Slurm), into one report with a map of the verdicts over\n"
              "the parameters that vary.  Same page as 'icalcheck report'.\n", f);
}

static int report_cmd(int argc, char **argv, const char *cmd, const char *default_title)
{
    if (cli_wants_help(argc, argv)) {
        report_usage(stdout, cmd);
        return IC_OK;
    }
    const char *out = NULL, *title = default_title;
    char **pos = calloc((size_t)argc + 1, sizeof *pos);
    int npos = 0;
    if (!pos)
        return IC_EINTERNAL;
    for (int i = 0; i < argc; i++) {
        const char **dst = strcmp(argv[i], "--out") == 0 ? &out : strcmp(argv[i], "--title") == 0 ? &title : NULL;
        if (dst) {
            if (i + 1 >= argc) {
                free(pos);
                return cli_usage("%s: %s needs a value", cmd, argv[i]);
            }
            *dst = argv[++i];
        } else if (strncmp(argv[i], "--out=", 6) == 0) {
            out = argv[i] + 6;
        } else if (strncmp(argv[i], "--title=", 8) == 0) {
            title = argv[i] + 8;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            free(pos);
            return cli_usage("%s: unknown option '%s'", cmd, argv[i]);
        } else {
            pos[npos++] = argv[i];
        }
    }
    if (!out || !*out) {
        free(pos);
        return cli_usage("%s: missing --out FILE.html", cmd);
    }
    if (npos == 0) {
        free(pos);
        return cli_usage("%s: missing certificates or directories", cmd);
    }
    ic_err err;
    ic_err_clear(&err);
    rep_set s = { 0 };
    int rc = rep_load(&s, npos, pos, &err);
    free(pos);
    if (!rc) {
        rep_finish(&s);
        ich_buf b = { 0 };
        rep_page(&b, &s, title);
        rc = rep_write(out, &b, &err);
        ich_free(&b);
    }
    if (!rc)
        fprintf(stderr, "icalcheck: %s: %zu certificate%s -> %s\n", cmd, s.n, s.n == 1 ? "" : "s", out);
    rep_free(&s);
    return rc ? cli_fail(&err) : IC_OK;
}

int cli_report(int argc, char **argv)
{
    return report_cmd(argc, argv, "report", "icalcheck report");
}

int cli_merge(int argc, char **argv)
{
    return report_cmd(argc, argv, "merge", "icalcheck sweep report");
}
