/* One experiment from training to manifest (src/reproduce/experiment.h):
 * a real run of Figure 3's unitary experiment, the shortcut for a finished
 * training whose certificate was never written, retraining when a
 * manifest fails, stale leftovers of other settings, the lock that keeps
 * two processes off one experiment, and removing trees without following
 * links. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "formats/file_io.h"
#include "reproduce/experiment.h"
#include "reproduce/manifest.h"
#include "tap.h"

static int exists(const char *p)
{
    struct stat st;
    return lstat(p, &st) == 0;
}

static void put(const char *path, const char *text)
{
    ic_err err;
    ic_write_atomic(path, text, strlen(text), &err);
}

int main(void)
{
    char dir[] = "/tmp/ic_experiment_XXXXXX";
    ok(mkdtemp(dir) && chdir(dir) == 0, "a run directory");
    ic_repro_plan plan;
    ic_err err;
    ic_repro_opts o = { 1, 1, 1u, NULL, NULL, NULL, NULL };
    ic_repro_plan_build(&plan, &o, &err);
    const ic_repro_exp *e = &plan.v[0];
    ic_repro_run_opts ro = { 0 };
    char verdict[16] = "", why[600];
    int resumed = -1;
    int rc = ic_repro_experiment_run(e, &ro, verdict, &resumed, &err);
    ok(rc == IC_OK && strcmp(verdict, "pass") == 0 && resumed == 0, "fig3-unitary-s0 trains and passes (%s)",
       rc ? err.msg : verdict);
    ok(exists("runs/fig3-unitary-s0/A.npy") && exists("runs/fig3-unitary-s0/plan.txt") &&
           exists("certificates/fig3-unitary-s0.json") && !exists(".partial/fig3-unitary-s0") &&
           !exists(".partial/fig3-unitary-s0.lock"),
       "weights and plan.txt in runs/, the certificate; nothing left in .partial");
    ok(ic_repro_manifest_check(e, verdict, why, sizeof why), "its manifest verifies");

    /* killed after the rename, before the manifest: certify only */
    unlink("manifest/fig3-unitary-s0.json");
    unlink("certificates/fig3-unitary-s0.json");
    put("runs/fig3-unitary-s0/marker.txt", "not a trainer output\n");
    rc = ic_repro_experiment_run(e, &ro, verdict, &resumed, &err);
    ok(rc == IC_OK && exists("runs/fig3-unitary-s0/marker.txt") && ic_repro_manifest_check(e, verdict, why, sizeof why),
       "finished training without a certificate: certified, not trained again");
    /* a manifest that fails: runs/ is not trusted, trained again */
    put("runs/fig3-unitary-s0/A.npy", "broken");
    rc = ic_repro_experiment_run(e, &ro, verdict, &resumed, &err);
    ok(rc == IC_OK && !exists("runs/fig3-unitary-s0/marker.txt") && ic_repro_manifest_check(e, verdict, why, sizeof why),
       "an output changed under its manifest: trained again from scratch");

    /* leftovers of a run with other settings are removed, not resumed */
    const ic_repro_exp *e2 = &plan.v[1];
    mkdir(".partial/fig3-orthogonal-s0", 0777);
    put(".partial/fig3-orthogonal-s0/plan.txt", "experiment = fig3-orthogonal-s0\nlr = 1\n");
    put(".partial/fig3-orthogonal-s0/junk.npy", "junk");
    rc = ic_repro_experiment_run(e2, &ro, verdict, &resumed, &err);
    ok(rc == IC_OK && resumed == 0 && !exists("runs/fig3-orthogonal-s0/junk.npy") && strcmp(verdict, "pass") == 0,
       "a stale .partial of other settings is replaced (%s)", rc ? err.msg : verdict);

    /* the lock: another process holds it */
    unlink("manifest/fig3-orthogonal-s0.json");
    int p[2];
    if (pipe(p) != 0)
        return 1;
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        int fd = open(".partial/fig3-orthogonal-s0.lock", O_CREAT | O_RDWR, 0644);
        struct flock fl;
        memset(&fl, 0, sizeof fl);
        fl.l_type = F_WRLCK;
        fl.l_whence = SEEK_SET;
        char c = fcntl(fd, F_SETLK, &fl) == 0 ? 'y' : 'n';
        if (write(p[1], &c, 1) != 1)
            _exit(1);
        pause();
        _exit(0);
    }
    close(p[1]);
    char c = 0;
    if (read(p[0], &c, 1) != 1)
        c = 0;
    rc = ic_repro_experiment_run(e2, &ro, verdict, &resumed, &err);
    ok(c == 'y' && rc == IC_EINPUT && strstr(err.msg, "another icalcheck process"), "locked by another process: %s",
       err.msg);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    rc = ic_repro_experiment_run(e2, &ro, verdict, &resumed, &err);
    ok(rc == IC_OK, "the lock goes with its process: the run proceeds");

    /* remove_tree does not follow links out of the tree */
    mkdir("outside", 0777);
    put("outside/keep.txt", "keep");
    mkdir("tree", 0777);
    mkdir("tree/sub", 0777);
    put("tree/sub/f", "x");
    if (symlink("../outside", "tree/link") != 0)
        diag("symlink failed");
    ok(ic_repro_remove_tree("tree", &err) == IC_OK && !exists("tree") && exists("outside/keep.txt"),
       "remove_tree: the tree goes, what a link in it points to stays");
    ok(ic_repro_remove_tree("no-such-tree", &err) == IC_OK, "removing nothing is fine");

    ic_repro_plan_free(&plan);
    if (chdir("/tmp") != 0 || ic_repro_remove_tree(dir, &err) != IC_OK)
        diag("could not remove %s", dir);
    return done_testing();
}
