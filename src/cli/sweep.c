/* icalcheck sweep CLAIM --d LIST --H LIST ... [--out DIR] [--emit-tasks]
 *
 * The grid is the cartesian product of the lists given to the claim's
 * list-valued (IC_PARAM_INTS) verify parameters (their defaults where not
 * given); every other parameter is passed through unchanged.  Point K
 * runs `verify` with one value per list, exactly as the command printed
 * by --emit-tasks would, so both ways give the same DIR/point-K.json bytes.
 * The last listed parameter varies fastest. */
#define _XOPEN_SOURCE 700  /* realpath */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "report/model.h"
#include "cli/report.h"
#include "report/map.h"
#include "report/page.h"
#include "formats/file_io.h"
#include "reproduce/tasks.h"

#define SWEEP_MAX_LIST 256
#define SWEEP_MAX_POINTS 100000

typedef struct {
    const char *name;
    long v[SWEEP_MAX_LIST];
    size_t n;
} sweep_axis;

typedef struct {
    const ic_claim *claim;
    const ic_param_set *p;
    sweep_axis ax[16];
    size_t na, npoints;
} sweep_grid;

const cli_opt cli_sweep_opts[] = {
    { "out", "DIR", "output directory [default sweep]" },
    { "emit-tasks", NULL,
      "print one shell command per point instead of running them, and write them to DIR/tasks/ for GNU "
      "parallel (parallel.sh) and as a Slurm job array with a merge job (submit.sh); see doc/sweep.md" },
    { "merge", NULL,
      "run nothing: read DIR/point-K.json written by the tasks and write sweep.svg, sweep.html and the "
      "table as the sweep would" },
    { "program", "CMD", "the icalcheck command the tasks call [default icalcheck]" },
    CLI_OPT_END
};

static void usage(FILE *f, const ic_claim *c)
{
    fputs("Usage: icalcheck sweep CLAIM [--PARAM LIST...] [OPTION...]\n"
          "Runs CLAIM's verify mode at every point of the grid spanned by its list\n"
          "parameters (e.g. --d 1,2,3 --H 1,2 --T 2,6; defaults where not given), one\n"
          "value per list and point; other parameters are passed to every point.\n"
          "Writes DIR/point-K.json (certificates), DIR/sweep.svg (verdict map, or a plot\n"
          "when one parameter varies) and DIR/sweep.html (report), and prints a table.\n"
          "Exit: 0 every point passed, 1 some point failed or was undecided, 2 input error.\n", f);
    if (!c) {
        fputs("Claims:", f);
        for (size_t i = 0; ic_claims[i]; i++)
            if (ic_claim_params(ic_claims[i], "verify"))
                fprintf(f, " %s", ic_claims[i]->id);
        fputs("\n'icalcheck sweep CLAIM --help' lists a claim's parameters.\n\nOptions:\n", f);
        cli_print_options(f, NULL, NULL);
        return;
    }
    fprintf(f, "\nOptions of sweep %s (LIST parameters span the grid):\n", c->id);
    cli_print_options(f, ic_claim_params(c, "verify"), cli_sweep_opts);
}

/* Appends s quoted for sh when it needs quoting. */
static void shell_word(ic_html_buf *b, const char *s)
{
    char *w = NULL;
    size_t n = 0;
    if (ic_tasks_shell_word(&w, &n, s))
        b->oom = 1;
    else
        ic_html_putn(b, w, n);
    free(w);
}

static int build_grid(sweep_grid *g, ic_err *err)
{
    g->na = 0;
    g->npoints = 1;
    for (size_t i = 0; i < ic_param_count(g->p); i++) {
        const ic_param_spec *sp = ic_param_spec_at(g->p, i);
        const char *v = ic_param_get(g->p, sp->name);
        if (sp->kind != IC_PARAM_INTS || !v)
            continue;
        if (g->na == sizeof g->ax / sizeof g->ax[0])
            return ic_err_set(err, IC_EINPUT, "sweep: too many list parameters");
        size_t commas = 0;
        for (const char *q = v; *q; q++)
            commas += *q == ',';
        if (commas + 1 > SWEEP_MAX_LIST)
            return ic_err_set(err, IC_EINPUT, "--%s: more than %d values", sp->name, SWEEP_MAX_LIST);
        sweep_axis *a = &g->ax[g->na++];
        a->name = sp->name;
        a->n = ic_param_ints(g->p, sp->name, a->v, SWEEP_MAX_LIST);
        if (a->n == 0)
            return ic_err_set(err, IC_EINPUT, "--%s: empty list", sp->name);
        if (g->npoints > SWEEP_MAX_POINTS / a->n)
            return ic_err_set(err, IC_EINPUT, "sweep: more than %d grid points", SWEEP_MAX_POINTS);
        g->npoints *= a->n;
    }
    return IC_OK;
}

/* The value index of axis a at point k (last axis fastest). */
static size_t coord(const sweep_grid *g, size_t k, size_t a)
{
    for (size_t b = g->na; b-- > a + 1;)
        k /= g->ax[b].n;
    return k % g->ax[a].n;
}

/* The parameters of point k, in spec order: one value per list parameter,
 * the others as given (defaults are left to the claim, as on the command
 * line).  Calls fn(name, value) for each. */
static int point_params(const sweep_grid *g, size_t k,
                        int (*fn)(void *ctx, const char *name, const char *value), void *ctx)
{
    for (size_t i = 0; i < ic_param_count(g->p); i++) {
        const ic_param_spec *sp = ic_param_spec_at(g->p, i);
        char num[32];
        const char *v = NULL;
        for (size_t a = 0; a < g->na; a++)
            if (strcmp(g->ax[a].name, sp->name) == 0) {
                snprintf(num, sizeof num, "%ld", g->ax[a].v[coord(g, k, a)]);
                v = num;
            }
        if (!v && ic_param_given(g->p, sp->name))
            v = ic_param_get(g->p, sp->name);
        if (v) {
            int rc = fn(ctx, sp->name, v);
            if (rc)
                return rc;
        }
    }
    return IC_OK;
}

static int add_task_arg(void *ctx, const char *name, const char *value)
{
    ic_html_buf *b = ctx;
    ic_html_printf(b, " --%s ", name);
    shell_word(b, value);
    return 0;
}

typedef struct {
    ic_param_set *p;
    char where[48];
    ic_err *err;
} set_ctx;

static int set_arg(void *ctx, const char *name, const char *value)
{
    set_ctx *x = ctx;
    return ic_param_set_value(x->p, name, value, x->where, x->err);
}

static void point_path(char *out, size_t n, const char *dir, size_t k)
{
    size_t dl = strlen(dir);
    snprintf(out, n, "%s%spoint-%zu.json", dir, dl && dir[dl - 1] == '/' ? "" : "/", k);
}

/* The command of point k (one line, no newline). */
static void task_line(ic_html_buf *b, const sweep_grid *g, size_t k, const char *dir, const char *prog)
{
    char path[4096];
    shell_word(b, prog);
    ic_html_put(b, " verify ");
    shell_word(b, g->claim->id);
    point_params(g, k, add_task_arg, b);
    point_path(path, sizeof path, dir, k);
    ic_html_put(b, " --out ");
    shell_word(b, path);
}

/* The sweep itself with --merge: the given parameters, lists as given. */
static void merge_line(ic_html_buf *b, const sweep_grid *g, const char *dir, const char *prog)
{
    shell_word(b, prog);
    ic_html_put(b, " sweep ");
    shell_word(b, g->claim->id);
    for (size_t i = 0; i < ic_param_count(g->p); i++) {
        const ic_param_spec *sp = ic_param_spec_at(g->p, i);
        if (ic_param_given(g->p, sp->name))
            add_task_arg(b, sp->name, ic_param_get(g->p, sp->name));
    }
    ic_html_put(b, " --out ");
    shell_word(b, dir);
    ic_html_put(b, " --merge");
}

/* Prints the task lines and writes DIR/tasks/ (src/reproduce/tasks.h):
 * the tasks run where the sweep was emitted, so DIR may be relative. */
static int emit_tasks(const sweep_grid *g, const char *dir, const char *prog, ic_err *err)
{
    int rc = ic_mkdir_p(dir, err);
    if (rc)
        return rc;
    ic_html_buf *lines = ic_calloc(g->npoints, sizeof *lines), merge = { 0 }, all = { 0 };
    char *cwd = getcwd(NULL, 0), *absdir = realpath(dir, NULL), *tdir = NULL;
    const char **tasks = ic_calloc(g->npoints, sizeof *tasks);
    if (!lines || !cwd || !absdir || !tasks || !(tdir = malloc(strlen(absdir) + 8))) {
        rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
        goto out;
    }
    snprintf(tdir, strlen(absdir) + 8, "%s/tasks", absdir);
    for (size_t k = 0; k < g->npoints; k++) {
        task_line(&lines[k], g, k, dir, prog);
        ic_html_putn(&all, lines[k].s ? lines[k].s : "", lines[k].len);
        ic_html_put(&all, "\n");
        tasks[k] = lines[k].s;
        if (lines[k].oom || !lines[k].s)
            all.oom = 1;
    }
    merge_line(&merge, g, dir, prog);
    if (all.oom || merge.oom) {
        rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
        goto out;
    }
    ic_tasks t = { tdir, cwd, "icalcheck-sweep", tasks, g->npoints, merge.s, 1 };
    rc = ic_tasks_write(&t, err);
    if (!rc)
        fwrite(all.s, 1, all.len, stdout);
out:
    for (size_t k = 0; lines && k < g->npoints; k++)
        ic_html_free(&lines[k]);
    free(lines);
    free((void *)tasks);
    ic_html_free(&merge);
    ic_html_free(&all);
    free(cwd);
    free(absdir);
    free(tdir);
    return rc;
}

/* Point k's verify run into *cert, or (cert NULL) only the claim's
 * pre-check of its parameters (ic_claim_precheck).  A message starts
 * "sweep point K (d=2 T=3)". */
static int run_point(const sweep_grid *g, size_t k, ic_cert **cert, ic_err *err)
{
    ic_param_set pp;
    int rc = ic_param_init(&pp, g->p->spec, err);
    if (rc)
        return rc;
    set_ctx x = { &pp, "", err };
    snprintf(x.where, sizeof x.where, "sweep point %zu", k);
    rc = point_params(g, k, set_arg, &x);
    if (!rc && !cert)
        rc = ic_claim_precheck(g->claim, "verify", &pp, NULL, err);
    else if (!rc)
        rc = ic_claim_run(g->claim, "verify", &pp, NULL, cert, err);
    ic_param_clear(&pp);
    if (rc) {
        ic_html_buf at = { 0 };
        for (size_t a = 0; a < g->na; a++)
            ic_html_printf(&at, "%s%s=%ld", a ? " " : "", g->ax[a].name, g->ax[a].v[coord(g, k, a)]);
        ic_err_prefix(err, "sweep point %zu (%s)", k, at.s ? at.s : "");
        ic_html_free(&at);
    }
    return rc;
}

/* Grid values, verdict and the numeric value of every bounded check. */
static void print_table(const sweep_grid *g, json_t *const *roots)
{
    json_t *cks = json_object_get(roots[0], "checks"), *ck;
    size_t i;
    printf("%6s", "point");
    for (size_t a = 0; a < g->na; a++)
        printf(" %5s", g->ax[a].name);
    printf("  %-9s", "verdict");
    json_array_foreach(cks, i, ck)
        if (json_object_get(ck, "bound"))
            printf(" %*s", (int)(strlen(json_string_value(json_object_get(ck, "name"))) > 10
                                     ? strlen(json_string_value(json_object_get(ck, "name")))
                                     : 10),
                   json_string_value(json_object_get(ck, "name")));
    putchar('\n');
    for (size_t k = 0; k < g->npoints; k++) {
        printf("%6zu", k);
        for (size_t a = 0; a < g->na; a++)
            printf(" %5ld", g->ax[a].v[coord(g, k, a)]);
        printf("  %-9s", json_string_value(json_object_get(roots[k], "verdict")));
        json_t *mine = json_object_get(roots[k], "checks");
        json_array_foreach(cks, i, ck) {
            const char *name = json_string_value(json_object_get(ck, "name"));
            if (!json_object_get(ck, "bound"))
                continue;
            int w = (int)(strlen(name) > 10 ? strlen(name) : 10);
            const char *val = "-";
            char s[32];
            size_t j;
            json_t *m;
            json_array_foreach(mine, j, m)
                if (strcmp(json_string_value(json_object_get(m, "name")), name) == 0) {
                    const char *v = json_string_value(json_object_get(m, "value"));
                    char *e;
                    double x = v ? strtod(v, &e) : 0;
                    if (v && *e == '\0' && e != v) {
                        ic_html_num(s, x, 3);
                        val = s;
                    } else if (v) {
                        val = v;
                    }
                }
            printf(" %*s", w, val);
        }
        putchar('\n');
    }
}

/* A one-cell map when the sweep has a single point (nothing varies). */
static void single_point_svg(ic_html_buf *b, const report_set *s)
{
    const char *xl[] = { s->v[0].name }, *yl[] = { "" };
    const char *v = json_string_value(json_object_get(s->v[0].root, "verdict"));
    const char *fill[] = { ic_html_status_color(v) }, *text[] = { v };
    ic_html_cells c = { 1, 1, xl, yl, fill, text, NULL, NULL };
    ic_html_axes ax = { "sweep: one point", NULL, NULL, 0, 0, NULL, 0 };
    ic_html_cellmap(b, &c, &ax);
}

/* sweep.svg and sweep.html from the points' certificates (in memory after
 * a sweep, read back from the files after --merge: the same bytes). */
static int write_report(const sweep_grid *g, report_set *s, const char *dir, ic_err *err)
{
    char path[4096];
    report_finish(s);
    ic_html_buf svg = { 0 }, html = { 0 };
    if (report_param_maps(&svg, s, "sweep.html", 1) == 0)
        single_point_svg(&svg, s);
    char title[160];
    snprintf(title, sizeof title, "icalcheck sweep: %s (%s)", g->claim->id, g->claim->label);
    report_page(&html, s, title);
    size_t dl = strlen(dir);
    const char *sep = dl && dir[dl - 1] == '/' ? "" : "/";
    snprintf(path, sizeof path, "%s%ssweep.svg", dir, sep);
    int rc = report_write(path, &svg, err);
    snprintf(path, sizeof path, "%s%ssweep.html", dir, sep);
    if (!rc)
        rc = report_write(path, &html, err);
    ic_html_free(&svg);
    ic_html_free(&html);
    return rc;
}

static int write_outputs(const sweep_grid *g, ic_cert *const *certs, const char *dir, ic_err *err)
{
    int rc = ic_mkdir_p(dir, err);
    char path[4096];
    report_set s = { 0 };
    for (size_t k = 0; k < g->npoints && !rc; k++) {
        point_path(path, sizeof path, dir, k);
        rc = ic_cert_write(certs[k], path, err);
        if (!rc)
            rc = report_add(&s, path, ic_cert_json(certs[k]), err);
    }
    if (!rc)
        rc = write_report(g, &s, dir, err);
    report_free(&s);
    return rc;
}

/* --merge: the points' certificates as the tasks wrote them.  A missing
 * point is an input error (its task did not run or failed). */
static int merge_outputs(const sweep_grid *g, const char *dir, json_t **roots, ic_err *err)
{
    char path[4096];
    report_set s = { 0 };
    int rc = IC_OK;
    for (size_t k = 0; k < g->npoints && !rc; k++) {
        point_path(path, sizeof path, dir, k);
        unsigned char *buf;
        size_t len;
        rc = ic_read_file(path, (size_t)256 << 20, &buf, &len, err);
        if (rc) {
            ic_err_prefix(err, "sweep --merge: point %zu of %zu", k, g->npoints);
            break;
        }
        json_error_t jerr;
        roots[k] = json_loadb((const char *)buf, len, 0, &jerr);
        free(buf);
        if (!roots[k])
            rc = ic_err_set(err, IC_EINPUT, "%s: not JSON: %s", path, jerr.text);
        else
            rc = report_add(&s, path, roots[k], err);
    }
    if (!rc)
        rc = write_report(g, &s, dir, err);
    report_free(&s);
    return rc;
}

int cli_sweep(int argc, char **argv)
{
    if (argc < 1 || argv[0][0] == '-') {
        if (cli_wants_help(argc, argv)) {
            usage(stdout, NULL);
            return IC_OK;
        }
        return cli_usage("sweep: missing CLAIM");
    }
    const ic_claim *c = ic_claim_find(argv[0]);
    if (!c)
        return cli_usage("sweep: unknown claim '%s'", argv[0]);
    const ic_param_spec *spec = ic_claim_params(c, "verify");
    if (!spec)
        return cli_usage("sweep: claim '%s' has no verify mode", c->id);
    if (cli_wants_help(argc - 1, argv + 1)) {
        usage(stdout, c);
        return IC_OK;
    }
    ic_err err;
    ic_err_clear(&err);
    ic_param_set p;
    if (ic_param_init(&p, spec, &err))
        return cli_fail(&err);
    const char *vals[4] = { NULL, NULL, NULL, NULL };
    int rc = cli_parse("sweep", argc - 1, argv + 1, cli_sweep_opts, vals, &p, NULL, 0, NULL, &err);
    int emit = vals[1] != NULL, merge = vals[2] != NULL;
    const char *dir = vals[0] ? vals[0] : "sweep", *prog = vals[3] ? vals[3] : "icalcheck";
    if (!rc && emit && merge)
        rc = ic_err_set(&err, IC_EINPUT, "sweep: --emit-tasks and --merge exclude each other");
    sweep_grid g = { .claim = c, .p = &p };
    if (!rc)
        rc = ic_param_check_required(&p, "command line", &err);
    if (!rc && !*dir)
        rc = ic_err_set(&err, IC_EINPUT, "sweep: --out needs a directory");
    if (!rc)
        rc = build_grid(&g, &err);
    /* Every point's parameters through the claim's pre-check (an even d,
     * c != 0, ...) before any point runs or any task is written. */
    for (size_t k = 0; !rc && !merge && k < g.npoints; k++)
        rc = run_point(&g, k, NULL, &err);
    if (!rc && emit) {
        rc = emit_tasks(&g, dir, prog, &err);
        ic_param_clear(&p);
        return rc ? cli_fail(&err) : IC_OK;
    }
    ic_cert **certs = rc ? NULL : ic_calloc(g.npoints, sizeof *certs);
    json_t **roots = rc ? NULL : ic_calloc(g.npoints, sizeof *roots);
    if (!rc && (!certs || !roots))
        rc = ic_err_set(&err, IC_EINTERNAL, "out of memory");
    if (!rc && merge) {
        rc = merge_outputs(&g, dir, roots, &err);
    } else {
        /* Every point runs before anything is written: a bad point (exit 2)
         * leaves no partial sweep behind. */
        for (size_t k = 0; !rc && k < g.npoints; k++)
            rc = run_point(&g, k, &certs[k], &err);
        if (!rc)
            rc = write_outputs(&g, certs, dir, &err);
        for (size_t k = 0; !rc && k < g.npoints; k++)
            roots[k] = json_incref(ic_cert_json(certs[k]));
    }
    size_t npass = 0;
    if (!rc) {
        for (size_t k = 0; k < g.npoints; k++)
            npass += strcmp(json_string_value(json_object_get(roots[k], "verdict")), "pass") == 0;
        printf("sweep %s (%s) verify: %zu point%s, %zu pass, %zu not; certificates, sweep.svg and "
               "sweep.html in %s\n",
               c->id, c->label, g.npoints, g.npoints == 1 ? "" : "s", npass, g.npoints - npass, dir);
        print_table(&g, roots);
    }
    for (size_t k = 0; certs && k < g.npoints; k++)
        ic_cert_free(certs[k]);
    for (size_t k = 0; roots && k < g.npoints; k++)
        json_decref(roots[k]);
    free(certs);
    free(roots);
    ic_param_clear(&p);
    if (rc)
        return cli_fail(&err);
    return npass == g.npoints ? IC_OK : IC_FAIL;
}
