/* icalcheck run [DIR|CASE...] [--out DIR]: the main job.  Every case file
 * is parsed and validated before anything runs, so a bad case file stops
 * the job with exit 2 and writes nothing.  Then each case runs, its
 * certificate is written atomically to OUT/NAME.json, and a TAP line says
 * whether the verdict is the one the case expects. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "ic_io.h"
#include "ics.h"

static void usage(FILE *f)
{
    fputs("Usage: icalcheck run [DIR|CASE.case...] [--out DIR]\n"
          "Runs every case (default: the directory 'cases'), prints TAP on stdout,\n"
          "writes one certificate per case to DIR (default: certs).\n"
          "Exit: 0 every case gave its expected verdict, 1 otherwise, 2 input error.\n", f);
}

static int add_path(char ***v, size_t *n, size_t *cap, char *s)
{
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
            int rc = ics_list_dir(argv[i], &sub, &m, err);
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

int cli_run(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        return IC_OK;
    }
    const char *out = "certs";
    char **pos = calloc((size_t)argc + 1, sizeof *pos);
    int npos = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
            out = argv[++i];
        else if (strncmp(argv[i], "--out=", 6) == 0)
            out = argv[i] + 6;
        else if (argv[i][0] == '-') {
            free(pos);
            return cli_usage("run: unknown option '%s'", argv[i]);
        } else
            pos[npos++] = argv[i];
    }
    static char *defdir[] = { "cases" };
    ic_err err;
    ic_err_clear(&err);
    char **paths;
    size_t n;
    int rc = npos ? collect(npos, pos, &paths, &n, &err) : collect(1, defdir, &paths, &n, &err);
    free(pos);
    if (rc)
        return cli_fail(&err);
    ics_case *cases = calloc(n, sizeof *cases);
    for (size_t i = 0; i < n && !rc; i++)
        rc = ics_load(&cases[i], paths[i], &err);
    if (!rc)
        rc = ic_mkdir_p(out, &err);
    if (rc) {
        for (size_t i = 0; i < n; i++) {
            ics_free(&cases[i]);
            free(paths[i]);
        }
        free(cases);
        free(paths);
        return cli_fail(&err);
    }
    printf("1..%zu\n", n);
    int worst = IC_OK;
    size_t n_ok = 0;
    for (size_t i = 0; i < n; i++) {
        ics_case *cs = &cases[i];
        icc_cert *cert = NULL;
        double t0 = now();
        ic_err_clear(&err);
        rc = ic_claim_run(cs->claim, cs->mode, &cs->params, cs->path, &cert, &err);
        char *cpath = NULL;
        if (!rc) {
            size_t len = strlen(out) + strlen(cs->name) + 8;
            cpath = malloc(len);
            snprintf(cpath, len, "%s/%s.json", out, cs->name);
            rc = icc_write(cert, cpath, &err);
        }
        double dt = now() - t0;
        if (rc) {
            printf("not ok %zu - %s # error: %s\n", i + 1, cs->name, err.msg);
            fprintf(stderr, "icalcheck: %s\n", err.msg);
            if (rc > worst || worst == IC_FAIL)
                worst = rc;
        } else {
            const char *v = icc_verdict(cert);
            int good = strcmp(v, cs->expect) == 0;
            printf("%s %zu - %s: %s %s %s (expected %s) [%.2fs]\n", good ? "ok" : "not ok", i + 1,
                   cs->name, cs->claim->id, cs->mode, v, cs->expect, dt);
            if (good)
                n_ok++;
            else if (worst == IC_OK)
                worst = IC_FAIL;
        }
        free(cpath);
        icc_free(cert);
        fflush(stdout);
    }
    printf("# %zu of %zu cases gave their expected verdict; certificates in %s/\n", n_ok, n, out);
    for (size_t i = 0; i < n; i++) {
        ics_free(&cases[i]);
        free(paths[i]);
    }
    free(cases);
    free(paths);
    return worst;
}
