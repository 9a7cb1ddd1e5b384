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
#include <pthread.h>
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

/* The thread that installed the handlers: the one that writes the files. */
static pthread_t main_thread;

static void on_signal(int sig)
{
    /* A signal sent to the process goes to any thread that does not block
     * it, OpenBLAS's own threads included (they exist before main).  The
     * writer blocks signals only in its own thread while it creates or
     * renames its temporary file, so a handler run by another thread could
     * find the file created but not yet recorded and leave it behind (seen
     * once in tests/cli/crash_safety.sh).  Such a handler hands the signal
     * to the main thread, which takes it once out of those sections. */
    if (!pthread_equal(pthread_self(), main_thread)) {
        (void)pthread_kill(main_thread, sig);
        return;
    }
    for (size_t i = 0; i < CLI_MAX_WORKERS; i++)
        if (workers[i] > 0)
            (void)kill(workers[i], SIGTERM);
    ic_io_abandon_temp();
    signal(sig, SIG_DFL);
    raise(sig);
}

void cli_signals_init(void)
{
    main_thread = pthread_self();
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
