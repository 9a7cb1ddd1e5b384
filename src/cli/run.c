/* icalcheck run [DIR|CASE...] [--out DIR] [--jobs N] [--junit FILE]: the
 * main job.  Everything that can be checked without running is checked
 * before anything is written, so a bad job stops with exit 2, one line
 * naming the file, and no output: every case file is parsed, its values
 * range-checked and its parameter set given to the claim's pre-check
 * (ic_claim.check: relations between parameters); every input file must
 * exist; two cases that would write the same OUT/NAME.json are
 * refused; --junit and every certificate path must obey the output rules
 * (src/formats/file_io.h: a regular file or nothing, not an input of the
 * job).  Cases then run (in N forked workers when --jobs N > 1, which die
 * with the parent; certificates do not depend on N), each certificate is
 * written atomically to OUT/NAME.json, and a TAP line in case order says
 * whether the verdict is the expected one.  A summary table and, on
 * request, JUnit XML follow. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "formats/file_io.h"
#include "certificates/case_file.h"
#include "numbers/number_text.h"

typedef struct {
    int done;
    int rc;             /* IC_OK when the check ran */
    char verdict[16];
    double worst;       /* max value/bound over bounded checks, -1 if none */
    double seconds;
    char msg[IC_ERR_MSG_MAX];
} run_result;

const cli_opt cli_run_opts[] = {
    { "out", "DIR", "write one certificate per case to DIR [default certs]" },
    { "jobs", "N", "run N cases at a time (1 to 256) [default 1]; output does not depend on N" },
    { "junit", "FILE", "also write a JUnit XML report" },
    { "max-bytes", "N",
      "refuse input files and arrays over N bytes (default 1 GiB) in the cases that read files, "
      "unless a case sets max-bytes itself" },
    CLI_OPT_END
};

static void usage(FILE *f)
{
    fputs("Usage: icalcheck run [DIR|CASE.case...] [OPTION...]\n"
          "Runs every case (default: the directory 'cases'), prints TAP on stdout,\n"
          "writes one certificate per case.\n"
          "Exit: 0 every case gave its expected verdict, 1 otherwise, 2 input error.\n\nOptions:\n", f);
    cli_print_options(f, NULL, cli_run_opts);
}

static int add_path(char ***v, size_t *n, size_t *cap, char *s)
{
    if (!s)
        return -1;
    if (*n == *cap) {
        *cap = *cap ? 2 * *cap : 16;
        char **nv = ic_reallocarray(*v, *cap, sizeof *nv);
        if (!nv)
            return -1;
        *v = nv;
    }
    (*v)[(*n)++] = s;
    return 0;
}

/* Expands directories into their sorted *.case files. */
static int collect(int argc, char **argv, char ***paths, size_t *n, ic_err *err)
{
    size_t cap = 0;
    *paths = NULL;
    *n = 0;
    for (int i = 0; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0)
            return ic_err_set(err, IC_EINPUT, "%s: no such file or directory", argv[i]);
        if (S_ISDIR(st.st_mode)) {
            char **sub;
            size_t m;
            int rc = ic_case_list_dir(argv[i], &sub, &m, err);
            if (rc)
                return rc;
            for (size_t k = 0; k < m; k++)
                if (add_path(paths, n, &cap, sub[k]))
                    return ic_err_set(err, IC_EINTERNAL, "out of memory");
            free(sub);
        } else if (add_path(paths, n, &cap, strdup(argv[i]))) {
            return ic_err_set(err, IC_EINTERNAL, "out of memory");
        }
    }
    if (*n == 0)
        return ic_err_set(err, IC_EINPUT, "%s: no case files found", argc ? argv[0] : "cases");
    return IC_OK;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Largest value/bound over the checks that have a numeric bound. */
static double worst_ratio(const ic_cert *cert)
{
    double w = -1;
    size_t i;
    json_t *ck;
    json_array_foreach(json_object_get(ic_cert_json(cert), "checks"), i, ck) {
        const char *v = json_string_value(json_object_get(ck, "value"));
        const char *b = json_string_value(json_object_get(ck, "bound"));
        const char *rel = json_string_value(json_object_get(ck, "relation"));
        if (!v || !b || !rel || rel[0] != '<')
            continue;
        char *e1, *e2;
        double x = strtod(v, &e1), y = strtod(b, &e2);
        if (*e1 || *e2 || y <= 0)
            continue;
        if (x / y > w)
            w = x / y;
    }
    return w;
}

static void run_case(const ic_case *cs, const char *out, run_result *r)
{
    ic_err err;
    ic_err_clear(&err);
    ic_cert *cert = NULL;
    double t0 = now();
    int rc = ic_claim_run(cs->claim, cs->mode, &cs->params, cs->path, &cert, &err);
    if (!rc)
        ic_cert_set_expect(cert, cs->expect);
    if (!rc) {
        size_t len = strlen(out) + strlen(cs->name) + 8;
        char *cpath = malloc(len);
        if (!cpath) {
            rc = ic_err_set(&err, IC_EINTERNAL, "out of memory");
        } else {
            snprintf(cpath, len, "%s/%s.json", out, cs->name);
            rc = ic_cert_write(cert, cpath, &err);
            free(cpath);
        }
    }
    r->done = 1;
    r->rc = rc;
    r->seconds = now() - t0;
    r->worst = -1;
    if (rc) {
        /* Every message names the case, whatever the layer that failed. */
        if (strstr(err.msg, cs->path))
            snprintf(r->msg, sizeof r->msg, "%s", err.msg);
        else
            snprintf(r->msg, sizeof r->msg, "%.200s: %.300s", cs->path, err.msg);
        snprintf(r->verdict, sizeof r->verdict, "error");
    } else {
        snprintf(r->verdict, sizeof r->verdict, "%s", ic_cert_verdict(cert));
        r->worst = worst_ratio(cert);
    }
    ic_cert_free(cert);
}

static void progress(size_t done, size_t n, double t0, int tty)
{
    if (tty && now() - t0 > 1.0) {
        fprintf(stderr, "\r[%zu/%zu cases, %.1fs]", done, n, now() - t0);
        if (done == n)
            fputc('\n', stderr);
        fflush(stderr);
    }
}

/* Runs the cases with up to jobs forked workers; results come back
 * through one pipe per worker as a fixed-size record. */
static int run_parallel(ic_case *cases, size_t n, const char *out, long jobs, run_result *res)
{
    pid_t *pid = calloc(n, sizeof *pid);
    int *fd = calloc(n, sizeof *fd);
    if (!pid || !fd) {
        free(pid);
        free(fd);
        return -1;
    }
    size_t next = 0, running = 0, finished = 0;
    double t0 = now();
    int tty = isatty(2);
    pid_t parent = getpid();
    fflush(stdout);
    fflush(stderr);
    while (finished < n) {
        while (running < (size_t)jobs && next < n) {
            int p[2];
            if (pipe(p) != 0)
                return -1;
            pid_t k = fork();
            if (k < 0)
                return -1;
            if (k == 0) {
                close(p[0]);
                free(pid);  /* the parent's bookkeeping: not the worker's to leak */
                free(fd);
                if (cli_worker_start(parent) != 0)
                    _exit(3);
                run_result r = { 0 };
                run_case(&cases[next], out, &r);
                ssize_t w = write(p[1], &r, sizeof r);
                _exit(w == (ssize_t)sizeof r ? 0 : 3);
            }
            close(p[1]);
            cli_worker_add(k);
            pid[next] = k;
            fd[next] = p[0];
            next++;
            running++;
        }
        int status;
        pid_t k = wait(&status);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        cli_worker_remove(k);
        for (size_t i = 0; i < next; i++) {
            if (pid[i] != k)
                continue;
            ssize_t got = read(fd[i], &res[i], sizeof res[i]);
            close(fd[i]);
            if (got != (ssize_t)sizeof res[i] || !res[i].done) {
                memset(&res[i], 0, sizeof res[i]);
                res[i].done = 1;
                res[i].rc = IC_EINTERNAL;
                snprintf(res[i].verdict, sizeof res[i].verdict, "error");
                snprintf(res[i].msg, sizeof res[i].msg, "%s: worker died (status %d)", cases[i].path, status);
            }
            running--;
            finished++;
            progress(finished, n, t0, tty);
        }
    }
    free(pid);
    free(fd);
    return 0;
}

static void xml_escape(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        default:
            if ((unsigned char)*s >= 0x20 || *s == '\t')
                fputc(*s, f);
        }
    }
}

static int write_junit(const char *path, ic_case *cases, size_t n, const run_result *res, ic_err *err)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return ic_err_set(err, IC_EINTERNAL, "%s: out of memory", path);
    size_t failures = 0, errors = 0;
    double total = 0;
    for (size_t i = 0; i < n; i++) {
        total += res[i].seconds;
        if (res[i].rc)
            errors++;
        else if (strcmp(res[i].verdict, cases[i].expect) != 0)
            failures++;
    }
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    fprintf(f, "<testsuites tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" time=\"%.3f\">\n", n, failures, errors, total);
    fprintf(f, "  <testsuite name=\"icalcheck\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" time=\"%.3f\">\n",
            n, failures, errors, total);
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "    <testcase classname=\"%s.%s\" name=\"", cases[i].claim->id, cases[i].mode);
        xml_escape(f, cases[i].name);
        fprintf(f, "\" time=\"%.3f\">", res[i].seconds);
        if (res[i].rc) {
            fprintf(f, "<error message=\"");
            xml_escape(f, res[i].msg);
            fprintf(f, "\"/>");
        } else if (strcmp(res[i].verdict, cases[i].expect) != 0) {
            fprintf(f, "<failure message=\"verdict %s, expected %s\"/>", res[i].verdict, cases[i].expect);
        }
        fprintf(f, "</testcase>\n");
    }
    fprintf(f, "  </testsuite>\n</testsuites>\n");
    fclose(f);
    int rc = ic_write_atomic(path, buf, len, err);
    free(buf);
    return rc;
}

/* Checks what can be checked before anything is written: distinct
 * certificate names, the output rules for every certificate and for
 * --junit (with every case's input files declared first, so no output can
 * be one of them).  OUT itself is created here, empty. */
static int check_outputs(ic_case *cases, size_t n, const char *out, const char *junit, ic_err *err)
{
    for (size_t i = 0; i < n; i++) {
        int rc = ic_claim_note_inputs(&cases[i].params, cases[i].path, err);
        if (rc)
            return rc;
        for (size_t j = 0; j < i; j++)
            if (strcmp(cases[i].name, cases[j].name) == 0)
                return ic_err_set(err, IC_EINPUT,
                                  "%s and %s would both write %s/%s.json: give the cases distinct file names",
                                  cases[j].path, cases[i].path, out, cases[i].name);
    }
    if (junit) {
        int rc = ic_io_check_output(junit, err);
        if (rc)
            return ic_err_prefix(err, "--junit");
    }
    int rc = ic_mkdir_p(out, err);
    for (size_t i = 0; i < n && !rc; i++) {
        size_t len = strlen(out) + strlen(cases[i].name) + 8;
        char *cpath = malloc(len);
        if (!cpath)
            return ic_err_set(err, IC_EINTERNAL, "out of memory");
        snprintf(cpath, len, "%s/%s.json", out, cases[i].name);
        rc = ic_io_check_output(cpath, err);
        free(cpath);
    }
    return rc;
}

static void free_all(ic_case *cases, char **paths, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ic_case_free(&cases[i]);
        free(paths[i]);
    }
    free(cases);
    free(paths);
}

int cli_run(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        return IC_OK;
    }
    long jobs = 1;
    char **pos = calloc((size_t)argc + 1, sizeof *pos);
    int npos = 0;
    const char *vals[4] = { NULL, NULL, NULL, NULL };
    ic_err perr;
    ic_err_clear(&perr);
    if (!pos)
        return IC_EINTERNAL;
    if (cli_parse("run", argc, argv, cli_run_opts, vals, NULL, pos, argc, &npos, &perr)) {
        free(pos);
        return cli_fail(&perr);
    }
    const char *out = vals[0] ? vals[0] : "certs", *junit = vals[2], *max_bytes = vals[3];
    if (vals[1]) {
        if (ic_number_long(&jobs, vals[1]) != IC_NUMBER_OK || jobs < 1 || jobs > 256) {
            free(pos);
            return cli_usage("run: --jobs: '%s' is not a number from 1 to 256", vals[1]);
        }
    }
    static char *defdir[] = { "cases" };
    static const ic_param_spec max_bytes_spec = IC_PARAM_MAX_BYTES;
    ic_err err;
    ic_err_clear(&err);
    if (max_bytes && ic_param_validate(&max_bytes_spec, max_bytes, "command line", &err)) {
        free(pos);
        return cli_fail(&err);
    }
    char **paths;
    size_t n;
    int rc = npos ? collect(npos, pos, &paths, &n, &err) : collect(1, defdir, &paths, &n, &err);
    free(pos);
    if (rc)
        return cli_fail(&err);
    ic_case *cases = calloc(n, sizeof *cases);
    run_result *res = calloc(n, sizeof *res);
    if (!cases || !res) {
        free(cases);
        free(res);
        for (size_t i = 0; i < n; i++)
            free(paths[i]);
        free(paths);
        ic_err_set(&err, IC_EINTERNAL, "out of memory");
        return cli_fail(&err);
    }
    for (size_t i = 0; i < n && !rc; i++) {
        rc = ic_case_load(&cases[i], paths[i], &err);
        /* Only the modes that read files take max-bytes. */
        if (!rc && max_bytes && ic_param_find(&cases[i].params, "max-bytes") &&
            !ic_param_given(&cases[i].params, "max-bytes"))
            rc = ic_param_set_value(&cases[i].params, "max-bytes", max_bytes, "command line", &err);
        /* What the claim checks between parameters (an even d, c != 0,
         * ...), before any case runs or anything is written. */
        if (!rc)
            rc = ic_claim_precheck(cases[i].claim, cases[i].mode, &cases[i].params, cases[i].path, &err);
    }
    if (!rc)
        rc = check_outputs(cases, n, out, junit, &err);
    if (rc) {
        free(res);
        free_all(cases, paths, n);
        return cli_fail(&err);
    }
    double t0 = now();
    if (jobs > 1) {
        if (run_parallel(cases, n, out, jobs, res) != 0) {
            free(res);
            free_all(cases, paths, n);
            ic_err_set(&err, IC_EINTERNAL, "run: cannot start workers: %s", strerror(errno));
            return cli_fail(&err);
        }
    } else {
        int tty = isatty(2);
        for (size_t i = 0; i < n; i++) {
            run_case(&cases[i], out, &res[i]);
            progress(i + 1, n, t0, tty);
        }
    }
    printf("1..%zu\n", n);
    int worst = IC_OK;
    size_t n_ok = 0;
    for (size_t i = 0; i < n; i++) {
        ic_case *cs = &cases[i];
        run_result *r = &res[i];
        if (r->rc) {
            printf("not ok %zu - %s # error: %s\n", i + 1, cs->name, r->msg);
            fprintf(stderr, "icalcheck: %s\n", r->msg);
            if (worst != IC_EINTERNAL)
                worst = r->rc;
            continue;
        }
        int good = strcmp(r->verdict, cs->expect) == 0;
        printf("%s %zu - %s: %s %s %s (expected %s)\n", good ? "ok" : "not ok", i + 1, cs->name,
               cs->claim->id, cs->mode, r->verdict, cs->expect);
        if (good)
            n_ok++;
        else if (worst == IC_OK)
            worst = IC_FAIL;
    }
    int wn = 4;
    for (size_t i = 0; i < n; i++)
        if ((int)strlen(cases[i].name) > wn)
            wn = (int)strlen(cases[i].name);
    printf("# %-*s %-12s %-8s %-9s %-9s %12s %8s\n", wn, "case", "claim", "mode", "verdict", "expected",
           "worst/tol", "time");
    for (size_t i = 0; i < n; i++) {
        char w[32] = "-";
        if (res[i].worst >= 0)
            snprintf(w, sizeof w, "%.3g", res[i].worst);
        printf("# %-*s %-12s %-8s %-9s %-9s %12s %7.2fs\n", wn, cases[i].name, cases[i].claim->id, cases[i].mode,
               res[i].verdict, cases[i].expect, w, res[i].seconds);
    }
    printf("# %zu of %zu cases gave their expected verdict in %.2fs; certificates in %s/\n", n_ok, n,
           now() - t0, out);
    if (junit && write_junit(junit, cases, n, res, &err) != IC_OK) {
        cli_fail(&err);
        worst = IC_EINPUT;
    }
    free(res);
    free_all(cases, paths, n);
    return worst;
}
