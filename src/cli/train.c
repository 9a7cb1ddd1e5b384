/* icalcheck train CLAIM [OPTION...] --out DIR */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "formats/file_io.h"
#include "training/progress.h"

const cli_opt cli_train_opts[] = {
    { "out", "DIR", "directory for the weights, loss curve and case file [required]" },
    CLI_OPT_END
};

static void usage(FILE *f, const ic_claim *c)
{
    if (!c) {
        fputs("Usage: icalcheck train CLAIM [OPTION...] --out DIR\nClaims with a trainer:", f);
        for (size_t i = 0; ic_claims[i]; i++)
            if (ic_claims[i]->train)
                fprintf(f, " %s", ic_claims[i]->id);
        fputs("\n'icalcheck train CLAIM --help' lists a claim's options.\n\nOptions:\n", f);
        cli_print_options(f, NULL, NULL);
        return;
    }
    fprintf(f, "Usage: icalcheck train %s [OPTION...] --out DIR\n%s\n\nOptions:\n", c->id, c->title);
    cli_print_options(f, c->train_params, cli_train_opts);
}

int cli_train(int argc, char **argv)
{
    if (argc < 1 || argv[0][0] == '-') {
        if (cli_wants_help(argc, argv)) {
            usage(stdout, NULL);
            return IC_OK;
        }
        return cli_usage("train: missing CLAIM");
    }
    const ic_claim *c = ic_claim_find(argv[0]);
    if (!c)
        return cli_usage("train: unknown claim '%s'", argv[0]);
    if (!c->train)
        return cli_usage("claim '%s' has no trainer", c->id);
    if (cli_wants_help(argc - 1, argv + 1)) {
        usage(stdout, c);
        return IC_OK;
    }
    ic_err err;
    ic_err_clear(&err);
    ic_param_set p;
    if (ic_param_init(&p, c->train_params, &err))
        return cli_fail(&err);
    const char *vals[1] = { NULL };
    int rc = cli_parse("train", argc - 1, argv + 1, cli_train_opts, vals, &p, NULL, 0, NULL, &err);
    if (!rc && !vals[0])
        rc = ic_err_set(&err, IC_EINPUT, "train: missing --out DIR");
    if (!rc)
        rc = ic_param_check_required(&p, "command line", &err);
    /* the claim's checks between parameters, before --out is made */
    if (!rc)
        rc = ic_claim_precheck(c, "train", &p, NULL, &err);
    if (!rc)
        rc = ic_claim_note_inputs(&p, NULL, &err);
    if (!rc)
        rc = ic_mkdir_p(vals[0], &err);
    char task[64];
    snprintf(task, sizeof task, "train %s", c->id);
    if (!rc) {
        cli_progress_install(task);
        rc = c->train(&p, vals[0], &err);
        ic_progress_set(NULL, NULL);
    }
    ic_param_clear(&p);
    if (rc)
        return cli_fail(&err);
    printf("train %s: wrote %s/\n", c->id, vals[0]);
    return IC_OK;
}
