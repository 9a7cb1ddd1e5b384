/* The command line's shared pieces: error and usage lines, option parsing
 * (one table parses a command and prints its --help), certificates on stdout. */
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

static const cli_opt *find_opt(const cli_opt *opts, const char *name, size_t n, size_t *k)
{
    for (size_t i = 0; opts && opts[i].name; i++)
        if (strlen(opts[i].name) == n && strncmp(opts[i].name, name, n) == 0) {
            *k = i;
            return &opts[i];
        }
    return NULL;
}

int cli_parse(const char *cmd, int argc, char **argv, const cli_opt *opts, const char **vals,
              ic_param_set *p, char **pos, int maxpos, int *npos, ic_err *err)
{
    if (npos)
        *npos = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || !a[1]) {
            if (!npos || *npos >= maxpos)
                return ic_err_set(err, IC_EINPUT, "%s: unexpected argument '%s'", cmd, a);
            pos[(*npos)++] = argv[i];
            continue;
        }
        if (a[1] != '-' || !a[2])
            return ic_err_set(err, IC_EINPUT, "%s: unknown option %s", cmd, a);
        const char *name = a + 2, *eq = strchr(name, '='), *val = eq ? eq + 1 : NULL;
        size_t n = eq ? (size_t)(eq - name) : strlen(name), k;
        char nm[128];
        if (n >= sizeof nm)
            return ic_err_set(err, IC_EINPUT, "%s: option name too long", cmd);
        memcpy(nm, name, n);
        nm[n] = '\0';
        const cli_opt *o = find_opt(opts, name, n, &k);
        const ic_param_spec *sp = !o && p ? ic_param_find(p, nm) : NULL;
        if (!o && !sp)
            return ic_err_set(err, IC_EINPUT, "%s: unknown option --%s", cmd, nm);
        if (o && !o->metavar) {
            if (eq)
                return ic_err_set(err, IC_EINPUT, "%s: option --%s takes no value", cmd, nm);
            val = "";
        } else if (!val) {
            if (i + 1 >= argc)
                return ic_err_set(err, IC_EINPUT, "%s: option --%s needs a value", cmd, nm);
            val = argv[++i];
        }
        /* A second value would silently replace the first: refused. */
        if (o ? vals[k] != NULL : ic_param_given(p, nm))
            return ic_err_set(err, IC_EINPUT, "%s: option --%s given twice", cmd, nm);
        if (o) {
            vals[k] = val;
            continue;
        }
        int rc = ic_param_set_value(p, nm, val, "command line", err);
        if (rc)
            return rc;
    }
    return IC_OK;
}

const char *cli_param_metavar(const ic_param_spec *s)
{
    switch (s->kind) {
    case IC_PARAM_FILE: return "FILE";
    case IC_PARAM_REAL: return "X";
    case IC_PARAM_INT: return "N";
    case IC_PARAM_INTS: return "LIST";
    case IC_PARAM_WORD: break;
    }
    return "WORD";
}

/* One option: "  --name META" in a 24-column field, then the text wrapped
 * at 79 columns with continuation lines under the text. */
static void print_option(FILE *f, const char *name, const char *meta, const char *text)
{
    char lhs[96];
    snprintf(lhs, sizeof lhs, "%s%s%s", name, meta ? " " : "", meta ? meta : "");
    int col = fprintf(f, "  %-22s", lhs);
    const char *w = text;
    int first = 1;
    while (*w) {
        while (*w == ' ')
            w++;
        size_t len = strcspn(w, " ");
        if (!len)
            break;
        if (!first && col + 1 + (int)len > 79) {
            fputc('\n', f);
            col = fprintf(f, "%24s", "");
            first = 1;
        }
        /* '\1' stands for a space that must not break ("[default 1]"). */
        fputc(' ', f);
        for (size_t i = 0; i < len; i++)
            fputc(w[i] == '\1' ? ' ' : w[i], f);
        col += 1 + (int)len;
        first = 0;
        w += len;
    }
    fputc('\n', f);
}

void cli_print_options(FILE *f, const ic_param_spec *spec, const cli_opt *opts)
{
    char text[1024], name[96];
    for (const ic_param_spec *s = spec; s && s->name; s++) {
        int n = snprintf(text, sizeof text, "%s", s->help ? s->help : "");
        if (s->choices && n < (int)sizeof text)
            n += snprintf(text + n, sizeof text - (size_t)n, " (%s)", s->choices);
        if (s->def && *s->def && n < (int)sizeof text)
            snprintf(text + n, sizeof text - (size_t)n, " [default\1%s]", s->def);
        else if (!s->def && n < (int)sizeof text)
            snprintf(text + n, sizeof text - (size_t)n, " [required]");
        snprintf(name, sizeof name, "--%s", s->name);
        print_option(f, name, cli_param_metavar(s), text);
    }
    for (const cli_opt *o = opts; o && o->name; o++) {
        snprintf(name, sizeof name, "--%s", o->name);
        print_option(f, name, o->metavar, o->help ? o->help : "");
    }
    print_option(f, "-h, --help", NULL, "print this help and exit");
}

void cli_print_cert(FILE *f, const ic_cert *cert)
{
    json_t *root = ic_cert_json(cert), *ck;
    size_t i;
    json_array_foreach(json_object_get(root, "checks"), i, ck) {
        const char *st = json_string_value(json_object_get(ck, "status"));
        const char *bound = json_string_value(json_object_get(ck, "bound"));
        const char *rel = json_string_value(json_object_get(ck, "relation"));
        int na = strcmp(st, "not_applicable") == 0;
        fprintf(f, "  %-9s %-26s %s", na ? "n/a" : strcmp(st, "info") ? st : "",
                json_string_value(json_object_get(ck, "name")), json_string_value(json_object_get(ck, "value")));
        if (bound)
            fprintf(f, " %s %s", rel ? rel : "<=", bound);
        if (na)
            fprintf(f, " (not applicable: %s)", json_string_value(json_object_get(ck, "reason")));
        fputc('\n', f);
    }
    json_array_foreach(json_object_get(root, "findings"), i, ck)
        fprintf(f, "  finding   %s: %s\n", json_string_value(json_object_get(ck, "name")),
                json_string_value(json_object_get(ck, "text")));
    fprintf(f, "  verdict   %s\n", ic_cert_verdict(cert));
}
