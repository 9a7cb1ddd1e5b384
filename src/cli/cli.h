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

/* Parses `--name value` / `--name=value` pairs into p.  CLI-level options
 * (--out, and those in extra, NULL-terminated) are returned in extra_vals
 * (parallel to extra) instead.  Returns IC_EINPUT on unknown options. */
int cli_parse_params(ic_param_set *p, int argc, char **argv, const char *const *extra,
                     const char **extra_vals, ic_err *err);

/* Prints the options of a spec, for --help. */
void cli_print_params(FILE *f, const ic_param_spec *spec);

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

/* 1 when argv holds --help or -h. */
int cli_wants_help(int argc, char **argv);

#endif
