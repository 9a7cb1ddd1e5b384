/* libFuzzer harness: command lines.  The input, split at NUL bytes, is the
 * argument vector after `icalcheck verify|compare CLAIM`; it goes through
 * cli_parse with the spec of every claim and mode in turn. */
#include <stdint.h>

#include "cli/cli.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    char **argv = calloc(size + 2, sizeof *argv);
    if (!text || !argv) {
        free(text);
        free(argv);
        return 0;
    }
    memcpy(text, data, size);
    text[size] = '\0';
    int argc = 0;
    for (size_t i = 0; i <= size; i++) {
        argv[argc++] = text + i;
        i += strlen(text + i);
    }
    if (size == 0)
        argc = 0;
    static const char *const modes[] = { "verify", "compare" };
    static const cli_opt opts[] = { { "out", "FILE", "" }, { "flag", NULL, "" }, CLI_OPT_END };
    for (size_t c = 0; ic_claims[c]; c++)
        for (size_t m = 0; m < 2; m++) {
            const ic_param_spec *spec = ic_claim_params(ic_claims[c], modes[m]);
            if (!spec)
                continue;
            ic_param_set p;
            ic_err e;
            ic_err_clear(&e);
            if (ic_param_init(&p, spec, &e) != IC_OK)
                abort();
            const char *vals[2] = { NULL, NULL };
            int rc = cli_parse(modes[m], argc, argv, opts, vals, &p, NULL, 0, NULL, &e);
            fuzz_check_err(rc, &e, NULL);
            if (rc == IC_OK) {
                ic_err_clear(&e);
                fuzz_check_err(ic_param_check_required(&p, "command line", &e), &e, "command line");
            }
            ic_param_clear(&p);
        }
    free(argv);
    free(text);
    return 0;
}
