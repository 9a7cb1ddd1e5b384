/* icalcheck: entry point and subcommand dispatch. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/report.h"
#include "formats/file_io.h"
#include "config.h"

static void usage(FILE *f)
{
    fputs("Usage: icalcheck COMMAND [ARG...]\n"
          "Checks the theory of Sander et al., 'How do Transformers Perform In-Context\n"
          "Autoregressive Learning?' (ICML 2024) in high precision.\n\n"
          "Commands:\n"
          "  run [DIR|CASE...] [--out DIR]   run case files, TAP on stdout, certificates in DIR\n"
          "  verify CLAIM [OPTION...]        check a claim's closed forms in MPFR\n"
          "  compare CLAIM [OPTION...]       compare trained weights with the closed form\n"
          "  train CLAIM [OPTION...] --out DIR   train weights in C\n"
          "  cert verify CERT.json...        re-run certificates and compare byte for byte\n"
          "  report CERT|DIR... --out FILE.html   HTML report with figures (self-contained)\n"
          "  sweep CLAIM --d LIST ... [--out DIR] [--emit-tasks]   verify over a parameter grid\n"
          "  merge DIR... --out FILE.html    join the certificates of sweep tasks into one report\n"
          "  reproduce [FIGURE...] [--out DIR] [--quick] [--seeds N] [--emit-tasks]\n"
          "                                  train the paper's experiments, certify, one report\n"
          "  tokens [OPTION...]              C7 token-encoding statistic (= compare tokens)\n"
          "  claims                          list the claims\n\n"
          "Options: --help, --version.  'icalcheck COMMAND --help' describes a command.\n"
          "Exit status: 0 all checks passed, 1 a check failed, 2 usage or input error,\n"
          "3 internal error.\n", f);
}

int cli_claims(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs("Usage: icalcheck claims [--proofs]\nLists the claims icalcheck checks: id, the paper's claim label,\n"
              "a one-line statement, and the modes (verify, compare, train) it offers.\n"
              "  --proofs   per claim, each statement its checks establish, with the proof\n"
              "             kind (symbolic, exact, parametric, enclosure, paper, numeric,\n"
              "             measured), the parameters it holds for, and the method\n", stdout);
        return IC_OK;
    }
    int proofs = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--proofs") == 0)
            proofs = 1;
        else
            return cli_usage("claims: unexpected argument '%s'", argv[i]);
    }
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
    if (strcmp(cmd, "run") == 0)
        return cli_run(argc - 2, argv + 2);
    if (strcmp(cmd, "verify") == 0 || strcmp(cmd, "compare") == 0)
        return cli_check(argc - 2, argv + 2, cmd);
    if (strcmp(cmd, "tokens") == 0) {
        /* `icalcheck tokens ...` is `icalcheck compare tokens ...` (claim C7). */
        argv[1] = "tokens";
        return cli_check(argc - 1, argv + 1, "compare");
    }
    if (strcmp(cmd, "train") == 0)
        return cli_train(argc - 2, argv + 2);
    if (strcmp(cmd, "cert") == 0)
        return cli_cert(argc - 2, argv + 2);
    if (strcmp(cmd, "report") == 0)
        return cli_report(argc - 2, argv + 2);
    if (strcmp(cmd, "merge") == 0)
        return cli_merge(argc - 2, argv + 2);
    if (strcmp(cmd, "sweep") == 0)
        return cli_sweep(argc - 2, argv + 2);
    if (strcmp(cmd, "reproduce") == 0)
        return cli_reproduce(argc - 2, argv + 2);
    if (strcmp(cmd, "claims") == 0)
        return cli_claims(argc - 2, argv + 2);
    return cli_usage("unknown command '%s'", cmd);
}
