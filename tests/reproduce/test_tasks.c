/* Task lists for GNU parallel and Slurm (src/reproduce/tasks.h): quoting
 * for sh, the files written, and the array script's rule that exit 1 (a
 * verdict) counts as done while 2 fails the element, run with sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "formats/file_io.h"
#include "reproduce/experiment.h"
#include "reproduce/tasks.h"
#include "tap.h"

static int quoted(const char *in, const char *want)
{
    char *b = NULL;
    size_t n = 0;
    int r = ic_tasks_shell_word(&b, &n, in) == 0 && b && strcmp(b, want) == 0 && n == strlen(want);
    if (!r)
        diag("%s -> %s (want %s)", in, b ? b : "(null)", want);
    free(b);
    return r;
}

static char *slurp(const char *path)
{
    unsigned char *buf = NULL;
    size_t len;
    ic_err err;
    if (ic_read_file(path, 1 << 20, &buf, &len, &err) != IC_OK)
        return NULL;
    return (char *)buf;
}

/* Runs array.sbatch as element k, returns its exit status. */
static int element(const char *dir, int k)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "SLURM_ARRAY_TASK_ID=%d sh %s/array.sbatch >/dev/null 2>&1", k, dir);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int main(void)
{
    ok(quoted("abc", "abc") && quoted("/a/b-c_d.json", "/a/b-c_d.json") && quoted("a b", "'a b'") &&
           quoted("it's", "'it'\\''s'") && quoted("", "''") && quoted("$HOME", "'$HOME'"),
       "words quoted for sh only where needed");
    char dir[] = "/tmp/ic_tasks_XXXXXX";
    ok(mkdtemp(dir) != NULL, "a directory");
    char tdir[64];
    snprintf(tdir, sizeof tdir, "%s/tasks", dir);
    const char *tasks[] = { "exit 0", "exit 1", "exit 2", "echo ran >ran.txt" };
    ic_tasks t = { tdir, dir, "icalcheck-test", tasks, 4, "echo merged >merged.txt", 2 };
    ic_err err;
    ok(ic_tasks_write(&t, &err) == IC_OK, "written");
    char p[128];
    snprintf(p, sizeof p, "%s/tasks.txt", tdir);
    char *s = slurp(p);
    ok(s && strcmp(s, "exit 0\nexit 1\nexit 2\necho ran >ran.txt\n") == 0, "tasks.txt: one task per line");
    free(s);
    snprintf(p, sizeof p, "%s/array.sbatch", tdir);
    s = slurp(p);
    ok(s && strstr(s, "#SBATCH --array=1-4\n") && strstr(s, "#SBATCH --cpus-per-task=2\n") &&
           strstr(s, "#SBATCH --job-name=icalcheck-test\n"),
       "array.sbatch: --array=1-4, 2 CPUs per element, the job name");
    free(s);
    snprintf(p, sizeof p, "%s/submit.sh", tdir);
    s = slurp(p);
    struct stat st;
    ok(s && strstr(s, "--dependency=afterok:\"$array\"") && strstr(s, "--kill-on-invalid-dep=yes") &&
           strstr(s, "sbatch --parsable") && stat(p, &st) == 0 && (st.st_mode & 0111),
       "submit.sh: the merge job after the array (afterok, --kill-on-invalid-dep=yes), executable");
    free(s);
    snprintf(p, sizeof p, "%s/parallel.sh", tdir);
    s = slurp(p);
    ok(s && strstr(s, "parallel --joblog") && strstr(s, "n != 4"), "parallel.sh: GNU parallel with a job log of 4 tasks");
    free(s);
    ok(element(tdir, 1) == 0 && element(tdir, 2) == 0 && element(tdir, 3) == 2 && element(tdir, 5) == 2,
       "array elements: exit 0 and 1 count as done, 2 fails, a line that does not exist fails");
    element(tdir, 4);
    snprintf(p, sizeof p, "%s/ran.txt", dir);
    ok(access(p, F_OK) == 0, "an element runs in the directory the tasks were emitted from");
    snprintf(p, sizeof p, "sh %s/merge.sh", tdir);
    int rc = system(p);
    snprintf(p, sizeof p, "%s/merged.txt", dir);
    ok(rc == 0 && access(p, F_OK) == 0, "merge.sh runs the merge there too");
    ic_tasks none = t;
    none.n = 0;
    ok(ic_tasks_write(&none, &err) == IC_EINPUT, "no tasks: refused");
    const char *two_lines[] = { "echo a\necho b" };
    ic_tasks bad = t;
    bad.tasks = two_lines;
    bad.n = 1;
    ok(ic_tasks_write(&bad, &err) != IC_OK, "a task spanning lines: refused (%s)", err.msg);
    ic_repro_remove_tree(dir, &err);
    return done_testing();
}
