/* icalcheck: entry point and subcommand dispatch. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/report.h"
#include "formats/file_io.h"
#include "config.h"

static int cli_verify(int argc, char **argv)
{
    return cli_check(argc, argv, "verify");
}

static int cli_compare(int argc, char **argv)
{
    return cli_check(argc, argv, "compare");
}

/* `icalcheck tokens ...` is `icalcheck compare tokens ...` (claim C7). */
static int cli_tokens(int argc, char **argv)
{
    char **v = calloc((size_t)argc + 2, sizeof *v);
    if (!v)
        return IC_EINTERNAL;
    v[0] = "tokens";
    memcpy(v + 1, argv, (size_t)argc * sizeof *v);
    int rc = cli_check(argc + 1, v, "compare");
    free(v);
    return rc;
}

/* Every command: its usage line, the option table that parses it (and
 * writes its --help and completion), and its entry point. */
const cli_command cli_commands[] = {
    { "run", "[DIR|CASE.case...] [OPTION...]", "run case files, TAP on stdout, certificates in DIR",
      NULL, cli_run_opts, "files", cli_run },
    { "verify", "CLAIM [OPTION...]", "check a claim's closed forms in MPFR", "verify", cli_check_opts, NULL,
      cli_verify },
    { "compare", "CLAIM [OPTION...]", "compare trained weights with the closed form", "compare", cli_check_opts,
      NULL, cli_compare },
    { "train", "CLAIM [OPTION...] --out DIR", "train weights in C", "train", cli_train_opts, NULL, cli_train },
    { "cert", "verify CERT.json...", "re-run certificates and compare byte for byte", NULL, cli_cert_opts,
      "files", cli_cert },
    { "report", "CERT.json|DIR... --out FILE.html [OPTION...]", "HTML report with figures (self-contained)",
      NULL, cli_report_opts, "files", cli_report },
    { "sweep", "CLAIM [--PARAM LIST...] [OPTION...]", "verify over a parameter grid", "verify", cli_sweep_opts,
      NULL, cli_sweep },
    { "merge", "DIR|CERT.json... --out FILE.html [OPTION...]",
      "join the certificates of sweep tasks into one report", NULL, cli_report_opts, "files", cli_merge },
    { "reproduce", "[FIGURE...] [--out DIR] [OPTION...]", "train the paper's experiments, certify, one report",
      NULL, cli_reproduce_opts, "words:fig3 fig4 fig5 fig6 fig7", cli_reproduce },
    { "tokens", "[OPTION...]", "C7 token-encoding statistic (= compare tokens)", NULL, cli_check_opts, NULL,
      cli_tokens },
    { "claims", "[OPTION...]", "list the claims", NULL, cli_claims_opts, NULL, cli_claims },
    { "completion", "bash", "print a bash completion script", NULL, cli_completion_opts, "shells",
      cli_completion },
    { NULL, NULL, NULL, NULL, NULL, NULL, NULL }
};

const cli_command *cli_command_find(const char *name)
{
    for (const cli_command *c = cli_commands; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}

static void usage(FILE *f)
{
    fputs("Usage: icalcheck COMMAND [ARG...]\n"
          "Checks the theory of Sander et al., 'How do Transformers Perform In-Context\n"
          "Autoregressive Learning?' (ICML 2024) in high precision.\n\nCommands:\n", f);
    for (const cli_command *c = cli_commands; c->name; c++)
        fprintf(f, "  %-11s %s\n", c->name, c->summary);
    fputs("\nOptions: -h, --help; --version.  'icalcheck COMMAND --help' describes a command.\n"
          "Exit status: 0 all checks passed, 1 a check failed, 2 usage or input error,\n"
          "3 internal error.\n", f);
}

const cli_opt cli_claims_opts[] = {
    { "proofs", NULL,
      "per claim, each statement its checks establish, with the proof kind (symbolic, exact, parametric, "
      "enclosure, paper, numeric, measured), the parameters it holds for, and the method" },
    CLI_OPT_END
};

int cli_claims(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs("Usage: icalcheck claims [OPTION...]\nLists the claims icalcheck checks: id, the paper's claim label,\n"
              "a one-line statement, and the modes (verify, compare, train) it offers.\n\nOptions:\n", stdout);
        cli_print_options(stdout, NULL, cli_claims_opts);
        return IC_OK;
    }
    const char *vals[1] = { NULL };
    ic_err err;
    ic_err_clear(&err);
    if (cli_parse("claims", argc, argv, cli_claims_opts, vals, NULL, NULL, 0, NULL, &err))
        return cli_fail(&err);
    int proofs = vals[0] != NULL;
    for (size_t i = 0; ic_claims[i]; i++) {
        const ic_claim *c = ic_claims[i];
        printf("%-12s %-8s %s  [%s%s%s]\n", c->id, c->label, c->title, c->verify ? "verify " : "",
               c->compare ? "compare " : "", c->train ? "train" : "");
        if (!proofs)
            continue;
        for (const ic_claim_statement *s = c->statements; s && s->check; s++)
            printf("    %-10s %-8s %s\n               check %s; for %s; by %s\n", s->kind, s->mode,
                   s->statement, s->check, s->scope, s->method);
        putchar('\n');
    }
    return IC_OK;
}

/* OpenBLAS's threaded kernels sum in a thread-count-dependent order, and a
 * few certified fields come from double-precision LAPACK (starting values,
 * the double-solve demonstration of C5, the least-squares fits of C7): one
 * thread makes certificates independent of the machine's core count. */
void openblas_set_num_threads(int num_threads);

int main(int argc, char **argv)
{
    openblas_set_num_threads(1);
    cli_signals_init();
    /* No command overwrites one of its own inputs (src/formats/file_io.h). */
    ic_io_guard_inputs(1);
    if (argc < 2)
        return cli_usage("missing COMMAND");
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        usage(stdout);
        return IC_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("%s\nLicense: MIT.\nThe bundled tensors of Sander et al. (cases/data/sander2024) are under\n"
               "their own MIT licence.  There is NO WARRANTY, to the extent permitted by law.\n",
               PACKAGE_STRING);
        return IC_OK;
    }
    const cli_command *c = cli_command_find(cmd);
    if (!c)
        return cli_usage("unknown command '%s'", cmd);
    return c->run(argc - 2, argv + 2);
}
