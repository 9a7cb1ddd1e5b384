/* Signals of the command line: no temporary file and no worker outlives an
 * interrupted icalcheck, and a file-size limit is an input error.
 *
 * SIGINT, SIGTERM and SIGHUP: the handler sends SIGTERM to the workers of
 * `run --jobs N` (which also die with their parent by PR_SET_PDEATHSIG, for
 * a SIGKILL the parent cannot catch), removes the temporary file being
 * written (ic_io_abandon_temp), and dies of the same signal, so the shell
 * sees the usual status.  SIGXFSZ is ignored: a write over `ulimit -f`
 * then fails with EFBIG, which ic_write_atomic reports (exit 2) after
 * removing its temporary file, instead of the process dying silently and
 * leaving it behind. */
#include <signal.h>
#include <string.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "cli/cli.h"
#include "formats/file_io.h"

#define CLI_MAX_WORKERS 256

static volatile pid_t workers[CLI_MAX_WORKERS];

void cli_worker_add(pid_t pid)
{
    for (size_t i = 0; i < CLI_MAX_WORKERS; i++)
        if (workers[i] == 0) {
            workers[i] = pid;
            return;
        }
}

void cli_worker_remove(pid_t pid)
{
    for (size_t i = 0; i < CLI_MAX_WORKERS; i++)
        if (workers[i] == pid)
            workers[i] = 0;
}

static void on_signal(int sig)
{
    for (size_t i = 0; i < CLI_MAX_WORKERS; i++)
        if (workers[i] > 0)
            (void)kill(workers[i], SIGTERM);
    ic_io_abandon_temp();
    signal(sig, SIG_DFL);
    raise(sig);
}

void cli_signals_init(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigfillset(&sa.sa_mask);
    static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction old;
        /* A signal ignored by whoever started us (nohup) stays ignored. */
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        sigaction(sigs[i], &sa, NULL);
    }
    signal(SIGXFSZ, SIG_IGN);
}

int cli_worker_start(pid_t parent)
{
    /* The worker has no workers of its own. */
    for (size_t i = 0; i < CLI_MAX_WORKERS; i++)
        workers[i] = 0;
#ifdef __linux__
    if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0)
        return -1;
#endif
    /* The parent may have died before prctl took effect. */
    if (getppid() != parent)
        return -1;
    return 0;
}
