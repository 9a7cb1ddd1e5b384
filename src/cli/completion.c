/* icalcheck completion bash: a bash completion script written from the
 * same tables that parse the commands (cli_commands, each command's
 * cli_opt table, each claim's ic_param_spec per mode), so completion
 * offers exactly the options a command accepts.  `make install` installs
 * its output as the completion of `icalcheck` (Makefile.am). */
#include <string.h>

#include "cli/cli.h"
#include "config.h"

const cli_opt cli_completion_opts[] = { CLI_OPT_END };

/* How an option's value completes: file names, directory names, the
 * listed words, or nothing. */
static void opt_value(FILE *f, const char *metavar)
{
    if (!metavar)
        return;
    if (strncmp(metavar, "FILE", 4) == 0)
        fputs("=file", f);
    else if (strcmp(metavar, "DIR") == 0)
        fputs("=dir", f);
    else
        fputs("=", f);
}

/* One context's case branch: the options and, per option taking a value,
 * how its value completes ("--out=dir --seed= --data=haar|rotations"). */
static void context(FILE *f, const char *key, const ic_param_spec *spec, const cli_opt *opts)
{
    fprintf(f, "    \"%s\")\n        opts=\"", key);
    for (const ic_param_spec *s = spec; s && s->name; s++)
        fprintf(f, "--%s ", s->name);
    for (const cli_opt *o = opts; o && o->name; o++)
        fprintf(f, "--%s ", o->name);
    fputs("--help\"\n        vals=\"", f);
    int sp = 0;
    for (const ic_param_spec *s = spec; s && s->name; s++, sp = 1) {
        fprintf(f, "%s--%s=", sp ? " " : "", s->name);
        if (s->kind == IC_PARAM_FILE)
            fputs("file", f);
        else if (s->kind == IC_PARAM_WORD && s->choices)
            fputs(s->choices, f);
    }
    for (const cli_opt *o = opts; o && o->name; o++)
        if (o->metavar) {
            fprintf(f, "%s--%s", sp ? " " : "", o->name);
            opt_value(f, o->metavar);
            sp = 1;
        }
    fputs("\" ;;\n", f);
}

static void script(FILE *f)
{
    fprintf(f, "# bash completion for icalcheck (%s), written by 'icalcheck completion bash'\n"
               "# from the option tables that parse its commands: do not edit.\n\n",
            PACKAGE_STRING);
    /* The options of every command and claim. */
    fputs("_icalcheck_context() {\n    opts=\"\" vals=\"\"\n    case $1 in\n", f);
    for (const cli_command *c = cli_commands; c->name; c++) {
        if (!c->mode) {
            if (strcmp(c->name, "tokens") == 0)
                context(f, c->name, ic_claim_params(ic_claim_find("tokens"), "compare"), c->opts);
            else if (strcmp(c->name, "cert") == 0)
                context(f, "cert verify", NULL, c->opts);
            else
                context(f, c->name, NULL, c->opts);
            continue;
        }
        for (size_t i = 0; ic_claims[i]; i++) {
            const ic_param_spec *spec = ic_claim_params(ic_claims[i], c->mode);
            char key[96];
            if (!spec)
                continue;
            snprintf(key, sizeof key, "%s %s", c->name, ic_claims[i]->id);
            context(f, key, spec, c->opts);
        }
    }
    fputs("    *) opts=\"--help\" ;;\n    esac\n}\n\n", f);
    /* The claims of each mode, the commands and their positional words. */
    fputs("_icalcheck_claims() {\n    case $1 in\n", f);
    for (const cli_command *c = cli_commands; c->name; c++) {
        if (!c->mode)
            continue;
        fprintf(f, "    %s) echo \"", c->name);
        for (size_t i = 0, n = 0; ic_claims[i]; i++)
            if (ic_claim_params(ic_claims[i], c->mode))
                fprintf(f, "%s%s", n++ ? " " : "", ic_claims[i]->id);
        fputs("\" ;;\n", f);
    }
    fputs("    esac\n}\n\n_icalcheck_commands=\"", f);
    for (const cli_command *c = cli_commands; c->name; c++)
        fprintf(f, "%s ", c->name);
    fputs("--help --version\"\n\n_icalcheck_positional() {\n    case $1 in\n", f);
    for (const cli_command *c = cli_commands; c->name; c++)
        if (c->positional)
            fprintf(f, "    %s) echo \"%s\" ;;\n", c->name, c->positional);
    fputs("    esac\n}\n\n", f);
    fputs("_icalcheck() {\n"
          "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
          "    local cmd=${COMP_WORDS[1]} key opts vals v w kind\n"
          "    COMPREPLY=()\n"
          "    if [ \"$COMP_CWORD\" -eq 1 ]; then\n"
          "        COMPREPLY=($(compgen -W \"$_icalcheck_commands\" -- \"$cur\"))\n"
          "        return\n"
          "    fi\n"
          "    key=$cmd\n"
          "    if [ -n \"$(_icalcheck_claims \"$cmd\")\" ]; then\n"
          "        if [ \"$COMP_CWORD\" -eq 2 ]; then\n"
          "            COMPREPLY=($(compgen -W \"$(_icalcheck_claims \"$cmd\")\" -- \"$cur\"))\n"
          "            return\n"
          "        fi\n"
          "        key=\"$cmd ${COMP_WORDS[2]}\"\n"
          "    elif [ \"$cmd\" = cert ]; then\n"
          "        if [ \"$COMP_CWORD\" -eq 2 ]; then\n"
          "            COMPREPLY=($(compgen -W \"verify --help\" -- \"$cur\"))\n"
          "            return\n"
          "        fi\n"
          "        key=\"cert verify\"\n"
          "    fi\n"
          "    _icalcheck_context \"$key\"\n"
          "    # --name=VALUE in one word: complete the value.\n"
          "    local pre=\"\"\n"
          "    case $cur in\n"
          "    --*=*) prev=${cur%%=*} pre=$prev= cur=${cur#*=} ;;\n"
          "    esac\n"
          "    for v in $vals; do\n"
          "        if [ \"${v%%=*}\" = \"$prev\" ]; then\n"
          "            kind=${v#*=}\n"
          "            case $kind in\n"
          "            file) COMPREPLY=($(compgen -f -- \"$cur\")) ;;\n"
          "            dir) COMPREPLY=($(compgen -d -- \"$cur\")) ;;\n"
          "            '') ;;\n"
          "            *) COMPREPLY=($(compgen -W \"${kind//|/ }\" -- \"$cur\")) ;;\n"
          "            esac\n"
          "            [ -n \"$pre\" ] && COMPREPLY=(\"${COMPREPLY[@]/#/$pre}\")\n"
          "            return\n"
          "        fi\n"
          "    done\n"
          "    if [ \"${cur#-}\" != \"$cur\" ]; then\n"
          "        # Options given once already are refused a second time: not offered.\n"
          "        local left=\"\"\n"
          "        for v in $opts; do\n"
          "            for w in \"${COMP_WORDS[@]:0:COMP_CWORD}\"; do\n"
          "                [ \"${w%%=*}\" = \"$v\" ] && continue 2\n"
          "            done\n"
          "            left=\"$left $v\"\n"
          "        done\n"
          "        COMPREPLY=($(compgen -W \"$left\" -- \"$cur\"))\n"
          "        return\n"
          "    fi\n"
          "    v=$(_icalcheck_positional \"$cmd\")\n"
          "    case $v in\n"
          "    files) COMPREPLY=($(compgen -f -- \"$cur\")) ;;\n"
          "    shells) COMPREPLY=($(compgen -W bash -- \"$cur\")) ;;\n"
          "    words:*) COMPREPLY=($(compgen -W \"${v#words:}\" -- \"$cur\")) ;;\n"
          "    esac\n"
          "}\n"
          "complete -o filenames -F _icalcheck icalcheck\n",
          f);
}

int cli_completion(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs("Usage: icalcheck completion bash\n"
              "Prints a bash completion script for icalcheck, generated from the option\n"
              "tables that parse its commands.  Load it with\n"
              "  source <(icalcheck completion bash)\n"
              "('make install' installs it in the bash-completion directory).\n\nOptions:\n",
              stdout);
        cli_print_options(stdout, NULL, cli_completion_opts);
        return IC_OK;
    }
    char *pos[1];
    int npos = 0;
    ic_err err;
    ic_err_clear(&err);
    if (cli_parse("completion", argc, argv, cli_completion_opts, NULL, NULL, pos, 1, &npos, &err))
        return cli_fail(&err);
    if (npos != 1 || strcmp(pos[0], "bash") != 0)
        return cli_usage("completion: expected 'completion bash'");
    script(stdout);
    return IC_OK;
}
