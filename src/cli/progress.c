/* Progress of `icalcheck train` on stderr: one line updated in place on a
 * terminal, plain lines (every 10 s at most) otherwise, with the time left
 * estimated from the rate since the first report (so a resumed run does not
 * count the work it skipped).  Trainers report through the process-wide
 * hook of src/training/progress.h (`reproduce` installs its own). */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "training/progress.h"

typedef struct {
    const char *task;
    int tty;
    double t0, done0;  /* time and work of the first report; t0 < 0: none yet */
    double last;       /* time of the last line shown; < 0: none yet */
    int width;         /* length of the last in-place line */
} cli_progress_state;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void fmt_time(char *buf, size_t cap, double s)
{
    if (s < 0)
        snprintf(buf, cap, "?");
    else if (s < 60)
        snprintf(buf, cap, "%.0f s", s);
    else if (s < 3600)
        snprintf(buf, cap, "%d min %02d s", (int)(s / 60), (int)s % 60);
    else
        snprintf(buf, cap, "%d h %02d min", (int)(s / 3600), (int)(s / 60) % 60);
}

static void show(void *ctx, double done, double total)
{
    cli_progress_state *st = ctx;
    double t = now();
    if (st->t0 < 0) {
        st->t0 = t;
        st->done0 = done;
    }
    double el = t - st->t0;
    int final = done >= total;
    double gap = st->tty ? 0.2 : 10.0, first = st->tty ? 0.5 : 2.0;
    if (!final && (el < first || (st->last >= 0 && t - st->last < gap)))
        return;
    if (final && st->last < 0 && el < first)
        return; /* short tasks stay silent */
    st->last = t;
    double left = done > st->done0 ? el / (done - st->done0) * (total - done) : -1;
    char e1[32], e2[32], line[256];
    fmt_time(e1, sizeof e1, el);
    fmt_time(e2, sizeof e2, left);
    int pct = total > 0 ? (int)(100.0 * done / total) : 100;
    int len = final ? snprintf(line, sizeof line, "%s: %.0f/%.0f (100%%), %s in all", st->task, done, total, e1)
                    : snprintf(line, sizeof line, "%s: %.0f/%.0f (%d%%), %s elapsed, %s left", st->task, done,
                               total, pct, e1, e2);
    if (len >= (int)sizeof line)
        len = (int)sizeof line - 1;
    if (st->tty) {
        fprintf(stderr, "\r%s%*s", line, st->width > len ? st->width - len : 0, "");
        st->width = final ? 0 : len;
        if (final)
            fputc('\n', stderr);
    } else {
        fprintf(stderr, "%s\n", line);
    }
    fflush(stderr);
    if (final) {
        st->t0 = st->last = -1;
    }
}

void cli_progress_install(const char *task)
{
    static cli_progress_state st;
    st.task = task;
    st.tty = isatty(2);
    st.t0 = st.last = -1;
    st.width = 0;
    ic_progress_set(show, &st);
}
