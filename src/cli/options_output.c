/* The command line's shared pieces: error and usage lines, option parsing, help and summaries. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

int cli_fail(const ic_err *err)
{
    fprintf(stderr, "icalcheck: %s\n", err->msg[0] ? err->msg : "unknown error");
    return err->code ? err->code : IC_EINTERNAL;
}

int cli_usage(const char *fmt, ...)
{
    va_list ap;
    fputs("icalcheck: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs(" (try 'icalcheck --help')\n", stderr);
    return IC_EINPUT;
}

int cli_wants_help(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return 1;
    return 0;
}

int cli_parse_params(ic_param_set *p, int argc, char **argv, const char *const *extra,
                     const char **extra_vals, ic_err *err)
{
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--", 2) != 0 || !a[2])
            return ic_err_set(err, IC_EINPUT, "unexpected argument '%s'", a);
        char name[128];
        const char *val;
        const char *eq = strchr(a + 2, '=');
        size_t n = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
        if (n >= sizeof name)
            return ic_err_set(err, IC_EINPUT, "option name too long");
        memcpy(name, a + 2, n);
        name[n] = '\0';
        if (eq) {
            val = eq + 1;
        } else {
            if (i + 1 >= argc)
                return ic_err_set(err, IC_EINPUT, "option --%s needs a value", name);
            val = argv[++i];
        }
        int handled = 0;
        for (size_t k = 0; extra && extra[k]; k++)
            if (strcmp(extra[k], name) == 0) {
                extra_vals[k] = val;
                handled = 1;
            }
        if (handled)
            continue;
        int rc = ic_param_set_value(p, name, val, "command line", err);
        if (rc)
            return rc;
    }
    return IC_OK;
}

void cli_print_params(FILE *f, const ic_param_spec *spec)
{
    for (int pass = 0; pass < 2; pass++) {
        const ic_param_spec *s = pass ? ic_param_common : spec;
        for (; s && s->name; s++) {
            char lhs[64];
            snprintf(lhs, sizeof lhs, "--%s %s", s->name,
                     s->kind == IC_PARAM_FILE ? "FILE" : s->kind == IC_PARAM_INTS ? "LIST" :
                     s->kind == IC_PARAM_WORD ? "WORD" : "X");
            fprintf(f, "  %-22s %s", lhs, s->help ? s->help : "");
            if (s->choices)
                fprintf(f, " (%s)", s->choices);
            if (s->def && *s->def)
                fprintf(f, " [default %s]", s->def);
            else if (s->kind == IC_PARAM_FILE)
                fprintf(f, " [required]");
            fputc('\n', f);
        }
    }
}

void cli_print_cert(FILE *f, const ic_cert *cert)
{
    json_t *root = ic_cert_json(cert), *ck;
    size_t i;
    json_array_foreach(json_object_get(root, "checks"), i, ck) {
        const char *st = json_string_value(json_object_get(ck, "status"));
        const char *bound = json_string_value(json_object_get(ck, "bound"));
        const char *rel = json_string_value(json_object_get(ck, "relation"));
        fprintf(f, "  %-9s %-26s %s", strcmp(st, "info") ? st : "", json_string_value(json_object_get(ck, "name")),
                json_string_value(json_object_get(ck, "value")));
        if (bound)
            fprintf(f, " %s %s", rel ? rel : "<=", bound);
        fputc('\n', f);
    }
    json_array_foreach(json_object_get(root, "findings"), i, ck)
        fprintf(f, "  finding   %s: %s\n", json_string_value(json_object_get(ck, "name")),
                json_string_value(json_object_get(ck, "text")));
    fprintf(f, "  verdict   %s\n", ic_cert_verdict(cert));
}
