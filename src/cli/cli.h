/* The icalcheck command line: one file per subcommand. */
#ifndef IC_CLI_CLI_H
#define IC_CLI_CLI_H

#include <stdio.h>
#include <sys/types.h>

#include "certificates/claim.h"
#include "certificates/certificate.h"

int cli_check(int argc, char **argv, const char *mode);  /* verify / compare */
int cli_run(int argc, char **argv);
int cli_cert(int argc, char **argv);
int cli_train(int argc, char **argv);
int cli_claims(int argc, char **argv);
int cli_reproduce(int argc, char **argv);

/* Prints "icalcheck: <msg>" on stderr and returns the error's code. */
int cli_fail(const ic_err *err);
/* Usage error: prints the message and returns IC_EINPUT. */
int cli_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* An option of a command itself (claim parameters come from the claim's
 * ic_param_spec).  One table per command both parses the command line
 * (cli_parse) and writes its --help (cli_print_options) and its bash
 * completion (cli_completion), so the three cannot disagree. */
typedef struct {
    const char *name;     /* without the leading "--" */
    const char *metavar;  /* the value's placeholder ("DIR", "N"); NULL: a flag without value */
    const char *help;     /* one line; the printer wraps it */
} cli_opt;
#define CLI_OPT_END { NULL, NULL, NULL }

/* The option tables of the commands (each in its command's file). */
extern const cli_opt cli_run_opts[], cli_check_opts[], cli_train_opts[], cli_cert_opts[],
    cli_report_opts[], cli_sweep_opts[], cli_claims_opts[], cli_completion_opts[], cli_reproduce_opts[];

/* The commands `icalcheck --help` lists, in its order (src/cli/main.c). */
typedef struct {
    const char *name;      /* "run" */
    const char *synopsis;  /* what follows the name in the usage line */
    const char *summary;   /* one line for `icalcheck --help` */
    const char *mode;      /* "verify", "compare", "train": the command takes CLAIM and that
                              mode's parameters; NULL: no claim */
    const cli_opt *opts;   /* its own options */
    const char *positional;/* what its other words are, for completion: "files" (cases,
                              certificates, directories), "shells", "words:W1 W2 ..." (the
                              listed words), or NULL (none) */
    int (*run)(int argc, char **argv);  /* argv: the words after the command's name */
} cli_command;
extern const cli_command cli_commands[];
const cli_command *cli_command_find(const char *name);

/* Parses argv: `--name value`, `--name=value` and flags.  Options of opts
 * go into vals (parallel to opts; "" for a flag given), claim parameters
 * into p (when p is not NULL), other words into pos (at most maxpos).
 * Refused (IC_EINPUT, the message naming the command cmd): an unknown
 * option, a missing value, an option given twice, too many words. */
int cli_parse(const char *cmd, int argc, char **argv, const cli_opt *opts, const char **vals,
              ic_param_set *p, char **pos, int maxpos, int *npos, ic_err *err);

/* The option list of a --help: the parameters of spec (may be NULL), then
 * the command's own options, then -h, --help. */
void cli_print_options(FILE *f, const ic_param_spec *spec, const cli_opt *opts);

/* The placeholder of a claim parameter's value: FILE, X, N, LIST, WORD. */
const char *cli_param_metavar(const ic_param_spec *s);

/* `icalcheck completion bash`: a bash completion script generated from
 * cli_commands and the claims' parameter tables (src/cli/completion.c). */
int cli_completion(int argc, char **argv);

/* One line per check of a certificate, then the verdict. */
void cli_print_cert(FILE *f, const ic_cert *cert);

/* Signal handling (src/cli/signals.c): installs the handlers; workers of
 * `run --jobs N` are registered so that a signal to the parent reaches
 * them, and each worker calls cli_worker_start(parent) first (it dies with
 * the parent; -1 when the parent is already gone). */
void cli_signals_init(void);
void cli_worker_add(pid_t pid);
void cli_worker_remove(pid_t pid);
int cli_worker_start(pid_t parent);

/* Shows ic_progress reports of the task named on stderr, with the time
 * left (src/cli/progress.c): one line updated in place on a terminal,
 * plain lines at most every 10 s otherwise. */
void cli_progress_install(const char *task);

/* 1 when argv holds --help or -h. */
int cli_wants_help(int argc, char **argv);

#endif
