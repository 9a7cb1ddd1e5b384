/* icalcheck verify CLAIM ... / icalcheck compare CLAIM ... */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "formats/file_io.h"

const cli_opt cli_check_opts[] = {
    { "out", "FILE", "write the certificate (JSON) to FILE" },
    CLI_OPT_END
};

static void usage(FILE *f, const char *mode, const ic_claim *c)
{
    if (!c) {
        fprintf(f, "Usage: icalcheck %s CLAIM [OPTION...]\nClaims:", mode);
        for (size_t i = 0; ic_claims[i]; i++)
            if (ic_claim_params(ic_claims[i], mode))
                fprintf(f, " %s", ic_claims[i]->id);
        fprintf(f, "\n'icalcheck %s CLAIM --help' lists a claim's options.\n\nOptions:\n", mode);
        cli_print_options(f, NULL, NULL);
        return;
    }
    fprintf(f, "Usage: icalcheck %s %s [OPTION...]\n%s (%s)\n\nOptions:\n", mode, c->id, c->title, c->label);
    cli_print_options(f, ic_claim_params(c, mode), cli_check_opts);
}

int cli_check(int argc, char **argv, const char *mode)
{
    if (argc < 1 || argv[0][0] == '-') {
        if (argc >= 1 && cli_wants_help(argc, argv)) {
            usage(stdout, mode, NULL);
            return IC_OK;
        }
        return cli_usage("%s: missing CLAIM", mode);
    }
    const ic_claim *c = ic_claim_find(argv[0]);
    if (!c)
        return cli_usage("%s: unknown claim '%s'", mode, argv[0]);
    const ic_param_spec *spec = ic_claim_params(c, mode);
    if (!spec)
        return cli_usage("claim '%s' has no %s mode", c->id, mode);
    if (cli_wants_help(argc - 1, argv + 1)) {
        usage(stdout, mode, c);
        return IC_OK;
    }
    ic_err err;
    ic_err_clear(&err);
    ic_param_set p;
    if (ic_param_init(&p, spec, &err))
        return cli_fail(&err);
    const char *vals[1] = { NULL };
    int rc = cli_parse(mode, argc - 1, argv + 1, cli_check_opts, vals, &p, NULL, 0, NULL, &err);
    ic_cert *cert = NULL;
    /* The output rules before the work: --out must not be an input, a
     * link, a device or a FIFO (ic_write_atomic checks again). */
    if (!rc && vals[0])
        rc = ic_claim_note_inputs(&p, NULL, &err);
    if (!rc && vals[0])
        rc = ic_io_check_output(vals[0], &err);
    if (!rc)
        rc = ic_claim_run(c, mode, &p, NULL, &cert, &err);
    if (!rc && vals[0])
        rc = ic_cert_write(cert, vals[0], &err);
    if (rc) {
        ic_cert_free(cert);
        ic_param_clear(&p);
        return cli_fail(&err);
    }
    printf("%s %s (%s): %s\n", mode, c->id, c->label, ic_cert_verdict(cert));
    cli_print_cert(stdout, cert);
    rc = strcmp(ic_cert_verdict(cert), "pass") == 0 ? IC_OK : IC_FAIL;
    ic_cert_free(cert);
    ic_param_clear(&p);
    return rc;
}
