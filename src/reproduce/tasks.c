/* ic_tasks: task lists for GNU parallel and Slurm job arrays
 * (src/reproduce/tasks.h).  Slurm usage follows its sbatch manual:
 * --array, --dependency=afterok:JOBID, --kill-on-invalid-dep=yes,
 * --parsable; GNU parallel's --joblog columns are Seq, Host, Starttime,
 * JobRuntime, Send, Receive, Exitval, Signal, Command. */
#include "reproduce/tasks.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "formats/file_io.h"

static int append(char **buf, size_t *len, const char *s, size_t n)
{
    char *b = realloc(*buf, *len + n + 1);
    if (!b)
        return -1;
    memcpy(b + *len, s, n);
    *len += n;
    b[*len] = '\0';
    *buf = b;
    return 0;
}

int ic_tasks_shell_word(char **buf, size_t *len, const char *s)
{
    int plain = *s != '\0';
    for (const char *q = s; *q; q++)
        if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_@%+=:,./-", *q))
            plain = 0;
    if (plain)
        return append(buf, len, s, strlen(s));
    if (append(buf, len, "'", 1))
        return -1;
    for (; *s; s++)
        if (*s == '\'' ? append(buf, len, "'\\''", 4) : append(buf, len, s, 1))
            return -1;
    return append(buf, len, "'", 1);
}

/* A growing script: printf text for the fixed parts, raw() for commands
 * and word() for values quoted for sh. */
typedef struct {
    char *s;
    size_t len;
    int oom;
} script;

static void put(script *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(script *b, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (k < 0 || (size_t)k >= sizeof tmp || append(&b->s, &b->len, tmp, (size_t)k))
        b->oom = 1;
}

static void raw(script *b, const char *s)
{
    if (append(&b->s, &b->len, s, strlen(s)))
        b->oom = 1;
}

static void word(script *b, const char *w)
{
    if (ic_tasks_shell_word(&b->s, &b->len, w))
        b->oom = 1;
}

static int write_script(const ic_tasks *t, const char *name, script *b, int exec, ic_err *err)
{
    if (b->oom) {
        free(b->s);
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    }
    size_t n = strlen(t->dir) + strlen(name) + 2;
    char *path = malloc(n);
    if (!path) {
        free(b->s);
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    }
    snprintf(path, n, "%s/%s", t->dir, name);
    int rc = ic_write_atomic(path, b->s ? b->s : "", b->len, err);
    if (!rc && exec)
        (void)chmod(path, 0755);
    free(path);
    free(b->s);
    b->s = NULL;
    b->len = 0;
    return rc;
}

int ic_tasks_write(const ic_tasks *t, ic_err *err)
{
    if (t->n == 0)
        return ic_err_set(err, IC_EINPUT, "no tasks to write");
    if (strchr(t->merge, '\n'))
        return ic_err_set(err, IC_EINTERNAL, "the merge command spans lines");
    int rc = ic_mkdir_p(t->dir, err);
    if (rc)
        return rc;
    script b = { 0 };
    for (size_t i = 0; i < t->n; i++) {
        if (strchr(t->tasks[i], '\n')) {
            free(b.s);
            return ic_err_set(err, IC_EINTERNAL, "task %zu spans lines", i + 1);
        }
        raw(&b, t->tasks[i]);
        raw(&b, "\n");
    }
    rc = write_script(t, "tasks.txt", &b, 0, err);

    if (!rc) {
        put(&b, "#!/bin/sh\n# Joins the results once every task of tasks.txt is done (written by %s).\ncd ", "icalcheck");
        word(&b, t->workdir);
        put(&b, " || exit 2\nexec ");
        raw(&b, t->merge);
        raw(&b, "\n");
        rc = write_script(t, "merge.sh", &b, 1, err);
    }

    if (!rc) {
        put(&b, "#!/bin/sh\n"
                "# Runs the %zu tasks of tasks.txt with GNU parallel, then merge.sh.  Arguments\n"
                "# go to parallel (sh parallel.sh -j 8).  A task that exits 1 ran to a verdict\n"
                "# (a check failed, its certificate is written) and counts as done; exit 2, 3 or\n"
                "# a signal fails it, and then the merge does not run.\n"
                "tasks=",
            t->n);
        word(&b, t->dir);
        put(&b, "\ncd ");
        word(&b, t->workdir);
        put(&b, " || exit 2\n"
                "mkdir -p \"$tasks/logs\" || exit 2\n"
                "parallel --joblog \"$tasks/logs/parallel.log\" \"$@\" < \"$tasks/tasks.txt\"\n"
                "awk -F'\\t' 'NR > 1 { n++ } NR > 1 && ($7 > 1 || $8 != 0) { bad++ } END { exit (bad > 0 || n != %zu) }' \\\n"
                "    \"$tasks/logs/parallel.log\" || {\n"
                "    echo \"parallel.sh: not every task ran to a verdict; see $tasks/logs/parallel.log\" >&2\n"
                "    exit 2\n"
                "}\n"
                "exec sh \"$tasks/merge.sh\"\n",
            t->n);
        rc = write_script(t, "parallel.sh", &b, 1, err);
    }

    if (!rc) {
        put(&b, "#!/bin/sh\n#SBATCH --job-name=%s\n#SBATCH --array=1-%zu\n#SBATCH --ntasks=1\n"
                "#SBATCH --cpus-per-task=%ld\n"
                "# Element K runs line K of tasks.txt.  Exit 1 (a check failed; its certificate\n"
                "# is written) counts as done, so that the merge job runs and reports it.\n"
                "tasks=",
            t->job_name, t->n, t->cpus > 0 ? t->cpus : 1);
        word(&b, t->dir);
        put(&b, "\ncd ");
        word(&b, t->workdir);
        put(&b, " || exit 2\nline=$(sed -n \"${SLURM_ARRAY_TASK_ID}p\" \"$tasks/tasks.txt\")\n"
                "if [ -z \"$line\" ]; then\n"
                "    echo \"array.sbatch: no line ${SLURM_ARRAY_TASK_ID} in $tasks/tasks.txt\" >&2\n"
                "    exit 2\n"
                "fi\n"
                "sh -c \"$line\"\n"
                "rc=$?\n"
                "[ \"$rc\" -le 1 ] && exit 0\n"
                "exit \"$rc\"\n");
        rc = write_script(t, "array.sbatch", &b, 0, err);
    }

    if (!rc) {
        put(&b, "#!/bin/sh\n#SBATCH --job-name=%s-merge\n#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=1\n"
                "# Runs once every element of the array succeeded (submit.sh: afterok).\n"
                "exec sh ",
            t->job_name);
        word(&b, t->dir);
        put(&b, "/merge.sh\n");
        rc = write_script(t, "merge.sbatch", &b, 0, err);
    }

    if (!rc) {
        put(&b, "#!/bin/sh\n"
                "# Submits array.sbatch (%zu elements, one per line of tasks.txt) and\n"
                "# merge.sbatch, which runs when every element succeeded (afterok) and is\n"
                "# cancelled when one failed (--kill-on-invalid-dep=yes).  Arguments go to both\n"
                "# sbatch calls (sh submit.sh --partition=short --time=1:00:00).  Prints the\n"
                "# array's and the merge job's ids.\n"
                "set -e\n"
                "tasks=",
            t->n);
        word(&b, t->dir);
        put(&b, "\ncd ");
        word(&b, t->workdir);
        put(&b, "\nmkdir -p \"$tasks/logs\"\n"
                "array=$(sbatch --parsable --output=\"$tasks/logs/%%x-%%A_%%a.out\" \"$@\" \"$tasks/array.sbatch\")\n"
                "array=${array%%%%;*}\n"
                "merge=$(sbatch --parsable --output=\"$tasks/logs/%%x-%%j.out\" --dependency=afterok:\"$array\" \\\n"
                "    --kill-on-invalid-dep=yes \"$@\" \"$tasks/merge.sbatch\")\n"
                "merge=${merge%%%%;*}\n"
                "echo \"$array $merge\"\n");
        rc = write_script(t, "submit.sh", &b, 1, err);
    }
    return rc;
}
