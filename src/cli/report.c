/* icalcheck report CERT|DIR... --out FILE.html, and icalcheck merge (the
 * same over the certificates of sweep directories): one self-contained
 * HTML page, written only when every certificate could be read. */
#include "cli/report.h"

#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "report/model.h"
#include "report/page.h"

const cli_opt cli_report_opts[] = {
    { "out", "FILE.html", "the page to write [required]" },
    { "title", "TEXT", "the page's title" },
    CLI_OPT_END
};

static void report_usage(FILE *f, const char *cmd)
{
    if (strcmp(cmd, "report") == 0)
        fputs("Usage: icalcheck report CERT.json|DIR... --out REPORT.html [OPTION...]\n"
              "Writes one self-contained HTML page (inline SVG, no scripts, no network) with a\n"
              "summary table and, per certificate (sorted by file name), its checks, findings and\n"
              "figures: heatmaps of the weights (A, B, C = B^T A, the used part of P), plots of\n"
              "the certificate's data, training curves (loss.csv beside the inputs).\n"
              "A DIR contributes every *.json in it.  Exit 2 (nothing written) when a file\n"
              "is not an icalcheck certificate.\n\nOptions:\n", f);
    else
        fputs("Usage: icalcheck merge DIR|CERT.json... --out REPORT.html [OPTION...]\n"
              "Joins certificates, e.g. the point-K.json files of a sweep run as separate\n"
              "tasks (GNU parallel, Slurm), into one report with a map of the verdicts over\n"
              "the parameters that vary.  Same page as 'icalcheck report'.\n\nOptions:\n", f);
    cli_print_options(f, NULL, cli_report_opts);
}

static int report_cmd(int argc, char **argv, const char *cmd, const char *default_title)
{
    if (cli_wants_help(argc, argv)) {
        report_usage(stdout, cmd);
        return IC_OK;
    }
    char **pos = calloc((size_t)argc + 1, sizeof *pos);
    int npos = 0;
    const char *vals[2] = { NULL, NULL };
    ic_err perr;
    ic_err_clear(&perr);
    if (!pos)
        return IC_EINTERNAL;
    if (cli_parse(cmd, argc, argv, cli_report_opts, vals, NULL, pos, argc, &npos, &perr)) {
        free(pos);
        return cli_fail(&perr);
    }
    const char *out = vals[0], *title = vals[1] ? vals[1] : default_title;
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
    report_set s = { 0 };
    int rc = report_load(&s, npos, pos, &err);
    free(pos);
    if (!rc) {
        report_finish(&s);
        ic_html_buf b = { 0 };
        report_page(&b, &s, title);
        rc = report_write(out, &b, &err);
        ic_html_free(&b);
    }
    if (!rc)
        fprintf(stderr, "icalcheck: %s: %zu certificate%s -> %s\n", cmd, s.n, s.n == 1 ? "" : "s", out);
    report_free(&s);
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
