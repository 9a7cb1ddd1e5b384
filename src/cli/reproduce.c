/* icalcheck reproduce [FIGURE...] [--out DIR] [--quick] [--seeds N] ...
 *
 * Trains every experiment of the paper (src/reproduce/plan.c), certifies
 * each result with its claim's compare mode, and writes DIR/report.html
 * with the reproduced figures beside the closed forms (doc/reproduce.md).
 * The run directory is the current directory while the experiments run,
 * so certificates and the report name their files relative to it and a
 * run gives the same bytes wherever DIR is (locally or as Slurm tasks).
 * Each experiment runs in a child process that reports its progress
 * through a pipe; the parent shows one line with the time left.  A killed
 * run resumes: finished experiments are skipped after their manifest
 * verifies, the one in progress goes on from its checkpoint. */
#define _XOPEN_SOURCE 700  /* realpath */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/report.h"
#include "reproduce/figures.h"
#include "report/model.h"
#include "report/page.h"
#include "certificates/case_file.h"
#include "formats/file_io.h"
#include "reproduce/experiment.h"
#include "reproduce/manifest.h"
#include "reproduce/plan.h"
#include "reproduce/tasks.h"
#include "training/progress.h"

#ifndef IC_PKGDATADIR
#define IC_PKGDATADIR "/usr/local/share/icalcheck"
#endif

const cli_opt cli_reproduce_opts[] = {
    { "out", "DIR", "run directory [default reproduce]" },
    { "quick", NULL, "scaled-down sizes: a smoke test of a few seconds" },
    { "seeds", "N", "each experiment over N seeds (1 to 1000); the report counts how many reach the "
                    "closed form [default 1]" },
    { "embeddings", "FILE", "Figure 4 on your embedding matrix (V x D .npy), with --ids" },
    { "ids", "FILE", "and token ids (.npy), instead of the shipped case" },
    { "seq-len", "N", "tokens per sequence for --ids (2 to 100000) [default 5]" },
    { "cases", "DIR", "where the shipped tokens_*.case files are [default cases, else the installed cases]" },
    { "threads", "N", "passed to trainers that take --threads (1 to 1024; same results)" },
    { "emit-tasks", NULL, "write DIR/tasks/ (tasks.txt, parallel.sh for GNU parallel, array.sbatch, "
                          "merge.sbatch, submit.sh for Slurm) and print one command per experiment, instead "
                          "of running them" },
    { "program", "CMD", "the icalcheck the tasks call [default icalcheck]" },
    { "experiment", "NAME", "run only this experiment (what a task does)" },
    { "merge", NULL, "run nothing: check that every experiment is done and write the report (what the "
                     "merge job does)" },
    CLI_OPT_END
};

static void usage(FILE *f)
{
    fputs("Usage: icalcheck reproduce [FIGURE...] [--out DIR] [OPTION...]\n"
          "Trains every experiment of the paper at its own size, certifies each result\n"
          "with its claim's compare mode and writes DIR/report.html, the reproduced\n"
          "figures beside the closed forms.  FIGURE: fig3 (unitary, orthogonal), fig4\n"
          "(token AR fit), fig5 (augmented), fig6 (PE only, mu 50-300), fig7\n"
          "(non-augmented); default all.  Interrupt it at any time: the same command\n"
          "resumes (finished experiments are skipped after their hashes verify, the\n"
          "one in progress goes on from its checkpoint).\n"
          "Progress and the time left go to stderr; stdout gets the summary table.\n"
          "Exit: 0 every experiment gave the verdict the theory predicts, 1 otherwise\n"
          "(e.g. a seed that stalls), 2 usage or input error, 3 internal error.\n\nOptions:\n",
          f);
    cli_print_options(f, NULL, cli_reproduce_opts);
}

typedef struct {
    ic_repro_opts ro;
    const char *out, *program, *experiment, *threads_s, *seeds_s, *seq_len_s;
    const char *fig_args[16];
    size_t nfig;
    int emit, merge;
    long threads;
    char *cases_abs, *emb_abs, *ids_abs, *out_abs;
} repro_args;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* "45s", "3m10s", "2h05m". */
static void fmt_dur(char out[32], double s)
{
    if (!(s >= 0) || s > 1e8)
        s = 0;
    long t = (long)(s + 0.5);
    if (t < 60)
        snprintf(out, 32, "%lds", t);
    else if (t < 3600)
        snprintf(out, 32, "%ldm%02lds", t / 60, t % 60);
    else
        snprintf(out, 32, "%ldh%02ldm", t / 3600, (t % 3600) / 60);
}

static int parse_long(const char *s, long lo, long hi, long *out)
{
    char *e;
    errno = 0;
    long v = strtol(s, &e, 10);
    if (errno || *e || e == s || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

static int parse_args(repro_args *a, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    a->ro.seeds = 1;
    /* The option table parses (and writes --help); the words left are figures. */
    const char *v[12] = { NULL };
    char **pos = calloc((size_t)argc + 1, sizeof *pos);
    int npos = 0;
    ic_err err;
    ic_err_clear(&err);
    if (!pos)
        return IC_EINTERNAL;
    if (cli_parse("reproduce", argc, argv, cli_reproduce_opts, v, NULL, pos, argc, &npos, &err)) {
        free(pos);
        return cli_fail(&err);
    }
    a->out = v[0] ? v[0] : "reproduce";
    a->ro.quick = v[1] != NULL;
    a->seeds_s = v[2];
    a->ro.embeddings = v[3];
    a->ro.ids = v[4];
    a->seq_len_s = v[5];
    a->ro.cases_dir = v[6];
    a->threads_s = v[7];
    a->emit = v[8] != NULL;
    a->program = v[9] ? v[9] : "icalcheck";
    a->experiment = v[10];
    a->merge = v[11] != NULL;
    for (int i = 0; i < npos; i++) {
        int f = ic_repro_figure_find(pos[i]);
        if (f < 0 || a->nfig == sizeof a->fig_args / sizeof a->fig_args[0]) {
            int rc = f < 0 ? cli_usage("reproduce: unknown figure '%s' (fig3, fig4, fig5, fig6, fig7)", pos[i])
                           : cli_usage("reproduce: too many figures");
            free(pos);
            return rc;
        }
        a->fig_args[a->nfig++] = ic_repro_figures[f].id;
        a->ro.figures |= 1u << f;
    }
    free(pos);
    if (!*a->out)
        return cli_usage("reproduce: --out needs a directory");
    if (a->seeds_s && parse_long(a->seeds_s, 1, 1000, &a->ro.seeds))
        return cli_usage("reproduce: --seeds must be an integer in 1..1000, not '%s'", a->seeds_s);
    if (a->threads_s && parse_long(a->threads_s, 1, 1024, &a->threads))
        return cli_usage("reproduce: --threads must be an integer in 1..1024, not '%s'", a->threads_s);
    long sl;
    if (a->seq_len_s && parse_long(a->seq_len_s, 2, 100000, &sl))
        return cli_usage("reproduce: --seq-len must be an integer >= 2, not '%s'", a->seq_len_s);
    a->ro.seq_len = a->seq_len_s;
    if (!a->ro.embeddings != !a->ro.ids)
        return cli_usage("reproduce: --embeddings and --ids go together");
    if (a->emit + a->merge + (a->experiment != NULL) > 1)
        return cli_usage("reproduce: --emit-tasks, --merge and --experiment exclude each other");
    return IC_OK;
}

static int has_token_cases(const char *dir)
{
    char **paths;
    size_t n;
    ic_err err;
    if (ic_case_list_dir(dir, &paths, &n, &err) != IC_OK)
        return 0;
    int found = 0;
    for (size_t i = 0; i < n; i++) {
        const char *b = strrchr(paths[i], '/');
        found |= strncmp(b ? b + 1 : paths[i], "tokens_", 7) == 0;
        free(paths[i]);
    }
    free(paths);
    return found;
}

/* Absolute paths for everything the plan reads, since the run happens in
 * DIR: a bad one is an input error before anything is written. */
static int resolve_inputs(repro_args *a, ic_err *err)
{
    int fig4 = !a->ro.figures || (a->ro.figures & 2u);
    if (a->ro.embeddings) {
        a->emb_abs = realpath(a->ro.embeddings, NULL);
        a->ids_abs = realpath(a->ro.ids, NULL);
        if (!a->emb_abs)
            return ic_err_set(err, IC_EINPUT, "%s: no such file (--embeddings)", a->ro.embeddings);
        if (!a->ids_abs)
            return ic_err_set(err, IC_EINPUT, "%s: no such file (--ids)", a->ro.ids);
        a->ro.embeddings = a->emb_abs;
        a->ro.ids = a->ids_abs;
    } else if (fig4) {
        const char *dir = a->ro.cases_dir;
        if (!dir)
            dir = has_token_cases("cases") ? "cases" : IC_PKGDATADIR "/cases";
        a->cases_abs = realpath(dir, NULL);
        if (!a->cases_abs || !has_token_cases(a->cases_abs))
            return ic_err_set(err, IC_EINPUT,
                              "%s: no tokens_*.case files for Figure 4; give --cases DIR or --embeddings and --ids",
                              dir);
        a->ro.cases_dir = a->cases_abs;
    }
    return IC_OK;
}

/* ---------- the command a task runs ---------- */

/* Appends a space (unless first) and w quoted for sh. */
static int add_word(char **buf, size_t *len, const char *w)
{
    if (*len) {
        char *b = realloc(*buf, *len + 2);
        if (!b)
            return -1;
        b[(*len)++] = ' ';
        b[*len] = '\0';
        *buf = b;
    }
    return ic_tasks_shell_word(buf, len, w);
}

/* PROGRAM reproduce FIGS --out ABS [options] then tail (NULL-terminated). */
static char *task_command(const repro_args *a, const char *const *tail)
{
    char *b = NULL, num[32];
    size_t len = 0;
    int bad = add_word(&b, &len, a->program) || add_word(&b, &len, "reproduce");
    for (size_t i = 0; i < a->nfig && !bad; i++)
        bad = add_word(&b, &len, a->fig_args[i]);
    bad = bad || add_word(&b, &len, "--out") || add_word(&b, &len, a->out_abs);
    if (a->ro.quick)
        bad = bad || add_word(&b, &len, "--quick");
    if (a->ro.seeds != 1) {
        snprintf(num, sizeof num, "%ld", a->ro.seeds);
        bad = bad || add_word(&b, &len, "--seeds") || add_word(&b, &len, num);
    }
    if (a->emb_abs)
        bad = bad || add_word(&b, &len, "--embeddings") || add_word(&b, &len, a->emb_abs) ||
              add_word(&b, &len, "--ids") || add_word(&b, &len, a->ids_abs);
    if (a->emb_abs && a->seq_len_s)
        bad = bad || add_word(&b, &len, "--seq-len") || add_word(&b, &len, a->seq_len_s);
    if (a->cases_abs)
        bad = bad || add_word(&b, &len, "--cases") || add_word(&b, &len, a->cases_abs);
    if (a->threads > 0) {
        snprintf(num, sizeof num, "%ld", a->threads);
        bad = bad || add_word(&b, &len, "--threads") || add_word(&b, &len, num);
    }
    for (const char *const *t = tail; *t && !bad; t++)
        bad = add_word(&b, &len, *t);
    if (bad) {
        free(b);
        return NULL;
    }
    return b;
}

static int emit_tasks(const repro_args *a, const ic_repro_plan *plan, ic_err *err)
{
    char **lines = ic_calloc(plan->n, sizeof *lines);
    if (!lines)
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    int rc = IC_OK;
    for (size_t i = 0; i < plan->n && !rc; i++) {
        const char *tail[] = { "--experiment", plan->v[i].name, NULL };
        if (!(lines[i] = task_command(a, tail)))
            rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
    }
    const char *mtail[] = { "--merge", NULL };
    char *merge = rc ? NULL : task_command(a, mtail);
    size_t dl = strlen(a->out_abs) + 8;
    char *dir = malloc(dl);
    if (!rc && (!merge || !dir))
        rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
    if (!rc) {
        snprintf(dir, dl, "%s/tasks", a->out_abs);
        ic_tasks t = { dir, a->out_abs, "icalcheck-reproduce", (const char *const *)lines, plan->n, merge,
                       a->threads > 0 ? a->threads : 1 };
        rc = ic_tasks_write(&t, err);
    }
    if (!rc) {
        for (size_t i = 0; i < plan->n; i++)
            printf("%s\n", lines[i]);
        fprintf(stderr,
                "icalcheck: reproduce: %zu tasks in %s/: tasks.txt (one per line), parallel.sh (GNU\n"
                "parallel, then the merge), submit.sh (a Slurm array and a merge job after it)\n",
                plan->n, dir);
    }
    for (size_t i = 0; i < plan->n; i++)
        free(lines[i]);
    free(lines);
    free(merge);
    free(dir);
    return rc;
}

/* ---------- running experiments in child processes ---------- */

typedef struct {
    int kind;  /* 1: progress, 2: result */
    double done, total;
    int rc, resumed;
    char verdict[16];
    char msg[IC_ERR_MSG_MAX];
} repro_msg;

static int child_fd = -1;
static volatile pid_t child_pid;  /* the experiment running, for on_signal */
static double child_last;

static void child_progress(void *ctx, double done, double total)
{
    double t = now();
    if (t - child_last < 0.2 && done < total)
        return;
    child_last = t;
    repro_msg m = { 1, done, total, 0, 0, "", "" };
    if (write(child_fd, &m, sizeof m) < 0) {
        /* the parent is gone; the run is killed with it */
    }
}

typedef struct {
    int tty, width;
    double t0;            /* start of this command */
    double est_left;      /* estimated seconds of the experiments not started */
    double done_est, done_real;  /* estimates and real seconds of those finished here */
    size_t k, n;          /* experiment k of n to run */
    double last_plain;
} display;

static double scale_of(const display *d)
{
    if (d->done_real < 5 || d->done_est <= 0)
        return 1;
    double f = d->done_real / d->done_est;
    return f < 0.05 ? 0.05 : f > 20 ? 20 : f;
}

/* The time left: this experiment's from its progress when it reports
 * some, else from its estimate; the rest from the estimates, rescaled by
 * what the finished ones took. */
static double time_left(const display *d, const ic_repro_exp *e, double elapsed, double frac)
{
    double f = scale_of(d), cur;
    if (frac > 0.02 && elapsed > 1)
        cur = elapsed * (1 - frac) / frac;
    else
        cur = e->cost * f - elapsed;
    /* past its estimate with no progress reported: a quarter more, rather
     * than a time left that stands still */
    if (cur < 0.25 * elapsed && !(frac > 0.02))
        cur = 0.25 * elapsed;
    if (cur < 0)
        cur = 0;
    return cur + d->est_left * f;
}

/* start: the line saying an experiment begins (plain output only). */
static void show(display *d, const ic_repro_exp *e, double elapsed, double frac, int start)
{
    char el[32], left[32], est[32], line[512];
    fmt_dur(el, elapsed);
    fmt_dur(left, time_left(d, e, elapsed, frac));
    fmt_dur(est, e->cost * scale_of(d));
    if (start)
        snprintf(line, sizeof line, "[%zu/%zu] %s: running (about %s), about %s left in all", d->k, d->n, e->name,
                 est, left);
    else if (frac > 0)
        snprintf(line, sizeof line, "[%zu/%zu] %s: %.0f%% in %s, about %s left in all", d->k, d->n, e->name,
                 100 * frac, el, left);
    else
        snprintf(line, sizeof line, "[%zu/%zu] %s: %s so far, about %s left in all", d->k, d->n, e->name, el,
                 left);
    if (d->tty) {
        int w = d->width > 20 ? d->width - 1 : 79;
        fprintf(stderr, "\r\033[K%.*s", w, line);
        fflush(stderr);
    } else if (start || now() - d->last_plain >= 60) {
        d->last_plain = now();
        fprintf(stderr, "icalcheck: reproduce: %s\n", line);
    }
}

static void end_line(display *d)
{
    if (d->tty) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
    }
}

/* Runs e in a child; fills verdict.  Returns the experiment's status. */
static int run_child(const ic_repro_exp *e, const ic_repro_run_opts *ro, display *d, char *verdict, int *resumed,
                     ic_err *err)
{
    int p[2];
    if (pipe(p) != 0)
        return ic_err_set(err, IC_EINTERNAL, "pipe: %s", strerror(errno));
    fflush(stdout);
    fflush(stderr);
    pid_t parent = getpid(), pid = fork();
    if (pid < 0) {
        close(p[0]);
        close(p[1]);
        return ic_err_set(err, IC_EINTERNAL, "fork: %s", strerror(errno));
    }
    if (pid == 0) {
        close(p[0]);
        /* the command line's handlers (temporary files removed on a
         * signal), and death with the parent (src/cli/signals.c) */
        cli_signals_init();
        if (cli_worker_start(parent) != 0)
            _exit(3);
        child_fd = p[1];
        ic_progress_set(child_progress, NULL);
        repro_msg m = { 2, 0, 0, 0, 0, "", "" };
        ic_err cerr;
        ic_err_clear(&cerr);
        m.rc = ic_repro_experiment_run(e, ro, m.verdict, &m.resumed, &cerr);
        snprintf(m.msg, sizeof m.msg, "%s", cerr.msg);
        ssize_t w = write(p[1], &m, sizeof m);
        _exit(w == (ssize_t)sizeof m ? 0 : 3);
    }
    close(p[1]);
    cli_worker_add(pid);
    child_pid = pid;
    double t0 = now(), frac = 0;
    repro_msg res = { 0 };
    int got = 0;
    show(d, e, 0, 0, 1);
    for (;;) {
        struct pollfd pf = { p[0], POLLIN, 0 };
        int r = poll(&pf, 1, d->tty ? 250 : 1000);
        if (r < 0 && errno != EINTR)
            break;
        if (r > 0) {
            repro_msg m;
            ssize_t k = read(p[0], &m, sizeof m);
            if (k == 0)
                break;
            if (k == (ssize_t)sizeof m && m.kind == 1 && m.total > 0)
                frac = m.done / m.total;
            if (k == (ssize_t)sizeof m && m.kind == 2) {
                res = m;
                got = 1;
            }
            if (k < 0 && errno != EINTR)
                break;
        }
        show(d, e, now() - t0, frac, 0);
    }
    close(p[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    cli_worker_remove(pid);
    child_pid = 0;
    double took = now() - t0;
    d->done_est += e->cost;
    d->done_real += took;
    end_line(d);
    if (!got) {
        if (WIFSIGNALED(status))
            return ic_err_set(err, IC_EINTERNAL, "%s: the experiment's process ended by signal %d", e->name,
                              WTERMSIG(status));
        return ic_err_set(err, IC_EINTERNAL, "%s: the experiment's process ended without a result", e->name);
    }
    if (res.rc)
        return ic_err_set(err, res.rc, "%s", res.msg);
    snprintf(verdict, 16, "%s", res.verdict);
    *resumed = res.resumed;
    char t[32];
    fmt_dur(t, took);
    int as = strcmp(verdict, e->expect) == 0;
    /* a terminal keeps its one line; a verdict the theory does not predict
     * gets a line of its own there too */
    if (!d->tty || !as)
        fprintf(stderr, "icalcheck: reproduce: [%zu/%zu] %s: %s, %s%s (%s%s)\n", d->k, d->n, e->name, verdict,
            as ? "as the theory predicts" : "the theory predicts ", as ? "" : e->expect, t,
            *resumed ? ", resumed from its checkpoint" : "");
    return IC_OK;
}

/* SIGINT, SIGTERM, SIGHUP while experiments run: what src/cli/signals.c
 * does (the experiment's process is told, the temporary file removed, the
 * same signal ends the process), after saying how to go on. */
static void on_signal(int sig)
{
    static const char msg[] = "\nicalcheck: reproduce: interrupted; the same command resumes where it stopped\n";
    if (write(2, msg, sizeof msg - 1) < 0) {
        /* nothing more can be done in a signal handler */
    }
    if (child_pid > 0)
        (void)kill(child_pid, SIGTERM);
    ic_io_abandon_temp();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* ---------- report and summary ---------- */

static int write_report(const ic_repro_plan *plan, int quick, ic_err *err)
{
    char **paths = ic_calloc(plan->n, sizeof *paths);
    if (!paths)
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    int rc = IC_OK;
    for (size_t i = 0; i < plan->n && !rc; i++) {
        size_t n = strlen(plan->v[i].name) + 24;
        if (!(paths[i] = malloc(n)))
            rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
        else
            snprintf(paths[i], n, "certificates/%s.json", plan->v[i].name);
    }
    report_set s = { 0 };
    if (!rc)
        rc = report_load(&s, (int)plan->n, paths, err);
    if (!rc) {
        report_finish(&s);
        ic_html_buf intro = { 0 }, html = { 0 };
        report_reproduction(&intro, &s, plan, quick);
        report_page_with(&html, &s,
                         quick ? "icalcheck reproduce --quick: the paper's experiments scaled down"
                               : "icalcheck reproduce: the paper's experiments",
                         &intro);
        rc = report_write("report.html", &html, err);
        ic_html_free(&intro);
        ic_html_free(&html);
    }
    report_free(&s);
    for (size_t i = 0; i < plan->n; i++)
        free(paths[i]);
    free(paths);
    return rc;
}

/* One line per setting; returns the number of experiments whose verdict
 * is not the one the theory predicts. */
static size_t summary(const ic_repro_plan *plan, char (*verdicts)[16], const char *dir)
{
    size_t off = 0;
    printf("%-28s %-13s %5s  %-22s %-7s %s\n", "setting", "claim", "seeds", "reach the closed form", "expect",
           "other than expected");
    for (size_t i = 0; i < plan->n;) {
        const ic_repro_exp *e = &plan->v[i];
        size_t n = 0, np = 0, j;
        char odd[256] = "";
        size_t ol = 0;
        for (j = i; j < plan->n && strcmp(plan->v[j].setting, e->setting) == 0; j++) {
            n++;
            np += strcmp(verdicts[j], "pass") == 0;
            if (strcmp(verdicts[j], plan->v[j].expect) != 0) {
                off++;
                if (ol < sizeof odd - 40)
                    ol += (size_t)snprintf(odd + ol, sizeof odd - ol, "%sseed %ld (%s)", ol ? ", " : "",
                                           plan->v[j].seed, verdicts[j]);
            }
        }
        char reach[40];
        snprintf(reach, sizeof reach, "%zu of %zu", np, n);
        printf("%-28s %-13s %5zu  %-22s %-7s %s\n", e->setting, e->claim, n, reach, e->expect, ol ? odd : "-");
        i = j;
    }
    printf("report: %s/report.html; certificates: %s/certificates/\n", dir, dir);
    return off;
}

int cli_reproduce(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        return IC_OK;
    }
    repro_args a;
    int rc = parse_args(&a, argc, argv);
    if (rc)
        return rc;
    ic_err err;
    ic_err_clear(&err);
    ic_repro_plan plan = { 0 };
    char (*verdicts)[16] = NULL;
    rc = resolve_inputs(&a, &err);
    if (!rc)
        rc = ic_repro_plan_build(&plan, &a.ro, &err);
    const ic_repro_exp *only = NULL;
    if (!rc && a.experiment && !(only = ic_repro_plan_find(&plan, a.experiment)))
        rc = ic_err_set(&err, IC_EINPUT, "reproduce: no experiment '%s' in this plan", a.experiment);
    /* every experiment's parameters through its claim's pre-check, before
     * the run directory is made */
    ic_repro_run_opts ro = { a.threads };
    for (size_t i = 0; !rc && !a.merge && i < plan.n; i++)
        if (!only || &plan.v[i] == only)
            rc = ic_repro_experiment_check(&plan.v[i], &ro, &err);
    /* the run directory, then everything relative to it */
    if (!rc)
        rc = ic_mkdir_p(a.out, &err);
    if (!rc && !(a.out_abs = realpath(a.out, NULL)))
        rc = ic_err_set(&err, IC_EINPUT, "%s: %s", a.out, strerror(errno));
    if (!rc && chdir(a.out_abs) != 0)
        rc = ic_err_set(&err, IC_EINPUT, "%s: cannot enter: %s", a.out, strerror(errno));
    if (!rc && a.emit) {
        rc = emit_tasks(&a, &plan, &err);
        goto out;
    }
    verdicts = rc ? NULL : ic_calloc(plan.n, sizeof *verdicts);
    if (!rc && !verdicts)
        rc = ic_err_set(&err, IC_EINTERNAL, "out of memory");
    /* what is done already (outputs verified by hash), what is left */
    display d = { isatty(2), 80, now(), 0, 0, 0, 0, 0, 0 };
    struct winsize ws;
    if (d.tty && ioctl(2, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        d.width = ws.ws_col;
    unsigned char *todo = rc ? NULL : ic_calloc(plan.n, 1);
    if (!rc && !todo)
        rc = ic_err_set(&err, IC_EINTERNAL, "out of memory");
    size_t ndone = 0;
    for (size_t i = 0; i < plan.n && !rc; i++) {
        const ic_repro_exp *e = &plan.v[i];
        if (only && e != only)
            continue;
        char why[600];
        if (ic_repro_manifest_check(e, verdicts[i], why, sizeof why)) {
            ndone++;
            continue;
        }
        if (a.merge) {
            rc = ic_err_set(&err, IC_EINPUT, "reproduce --merge: %s: %s", e->name, why);
            break;
        }
        if (strcmp(why, "not run yet") != 0)
            fprintf(stderr, "icalcheck: reproduce: %s: %s; running it again\n", e->name, why);
        todo[i] = 1;
        d.n++;
        d.est_left += e->cost;
    }
    if (!rc && ndone && d.n)
        fprintf(stderr, "icalcheck: reproduce: %zu experiment%s done before (outputs verified), %zu to run\n", ndone,
                ndone == 1 ? "" : "s", d.n);
    if (!rc && d.n) {
        struct sigaction sa, old;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigfillset(&sa.sa_mask);
        static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
        for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
            if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)  /* nohup stays */
                sigaction(sigs[i], &sa, NULL);
    }
    for (size_t i = 0; i < plan.n && !rc; i++) {
        if (!todo[i])
            continue;
        d.k++;
        d.est_left -= plan.v[i].cost;
        int resumed = 0;
        rc = run_child(&plan.v[i], &ro, &d, verdicts[i], &resumed, &err);
    }
    free(todo);
    (void)rmdir(".partial");  /* only when empty: nothing is in progress */
    if (!rc && only) {
        size_t i = (size_t)(only - plan.v);
        printf("%s: %s (the theory predicts %s)\n", only->name, verdicts[i], only->expect);
        rc = strcmp(verdicts[i], only->expect) == 0 ? IC_OK : IC_FAIL;
        goto out;
    }
    if (!rc)
        rc = write_report(&plan, a.ro.quick, &err);
    if (!rc) {
        char el[32];
        fmt_dur(el, now() - d.t0);
        if (d.n)
            fprintf(stderr, "icalcheck: reproduce: %zu experiment%s run in %s\n", d.n, d.n == 1 ? "" : "s", el);
        rc = summary(&plan, verdicts, a.out) ? IC_FAIL : IC_OK;
    }
out:
    free(verdicts);
    ic_repro_plan_free(&plan);
    free(a.cases_abs);
    free(a.emb_abs);
    free(a.ids_abs);
    free(a.out_abs);
    if (rc == IC_FAIL)
        return rc;
    return rc ? cli_fail(&err) : IC_OK;
}
