/* ic_tasks: independent tasks and their merge, written out for GNU
 * parallel and as a Slurm job array (icalcheck reproduce --emit-tasks,
 * icalcheck sweep --emit-tasks; doc/sweep.md, doc/reproduce.md).
 *
 * Files written into dir; the scripts (and each array element) cd to
 * workdir first, so the tasks' relative paths mean what they meant where
 * they were emitted, however the scripts are started:
 *   tasks.txt      one shell command per line, task K on line K
 *   merge.sh       the command that joins the results once every task is done
 *   parallel.sh    runs tasks.txt with GNU parallel (its options pass
 *                  through), then merge.sh when no task failed
 *   array.sbatch   the Slurm array: element K (1-based) runs line K
 *   merge.sbatch   the merge job
 *   submit.sh      sbatch the array, then the merge job with
 *                  --dependency=afterok:ARRAY and --kill-on-invalid-dep=yes;
 *                  its arguments (partition, time, account) go to both
 * A task that exits 1 ran to a verdict (a check failed; its certificate is
 * written): the scripts count it as done, so the merge runs and reports it;
 * any other non-zero status (2 input error, 3 internal error, a signal)
 * fails the task, and the merge does not run.  Job logs go to dir/logs/. */
#ifndef IC_REPRODUCE_TASKS_H
#define IC_REPRODUCE_TASKS_H

#include <stddef.h>

#include "base/error.h"

typedef struct {
    const char *dir;          /* where the files go (created); absolute */
    const char *workdir;      /* absolute: the tasks run there (relative paths in them) */
    const char *job_name;     /* Slurm job name, e.g. "icalcheck-reproduce" */
    const char *const *tasks; /* n shell commands, one line each */
    size_t n;
    const char *merge;        /* shell command */
    long cpus;                /* --cpus-per-task of the array elements */
} ic_tasks;

int ic_tasks_write(const ic_tasks *t, ic_err *err);

/* Appends s to *buf (size *len, malloc'd), quoted for sh when it needs
 * quoting.  Returns -1 when memory runs out. */
int ic_tasks_shell_word(char **buf, size_t *len, const char *s);

#endif
