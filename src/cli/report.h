/* The report, merge and sweep subcommands (src/cli/report.c, src/cli/sweep.c). */
#ifndef IC_CLI_REPORT_H
#define IC_CLI_REPORT_H

int cli_report(int argc, char **argv);
int cli_merge(int argc, char **argv);
int cli_sweep(int argc, char **argv);

#endif
