/* ic_io: capped whole-file reads, and atomic writes under the output rules
 * (see src/formats/file_io.h). */
#include "formats/file_io.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- the input guard: device and inode of every input ---- */

typedef struct {
    dev_t dev;
    ino_t ino;
} file_id;

static int guard_on;
static file_id *guard_ids;
static size_t guard_n, guard_cap;

void ic_io_guard_inputs(int on)
{
    guard_on = on;
    if (!on) {
        free(guard_ids);
        guard_ids = NULL;
        guard_n = guard_cap = 0;
    }
}

static int guard_add(const struct stat *st)
{
    if (!guard_on)
        return 0;
    for (size_t i = 0; i < guard_n; i++)
        if (guard_ids[i].dev == st->st_dev && guard_ids[i].ino == st->st_ino)
            return 0;
    if (guard_n == guard_cap) {
        size_t cap = guard_cap ? 2 * guard_cap : 16;
        file_id *v = ic_reallocarray(guard_ids, cap, sizeof *v);
        if (!v)
            return -1;
        guard_ids = v;
        guard_cap = cap;
    }
    guard_ids[guard_n].dev = st->st_dev;
    guard_ids[guard_n].ino = st->st_ino;
    guard_n++;
    return 0;
}

static int guarded(const struct stat *st)
{
    for (size_t i = 0; i < guard_n; i++)
        if (guard_ids[i].dev == st->st_dev && guard_ids[i].ino == st->st_ino)
            return 1;
    return 0;
}

int ic_io_note_input(const char *path, ic_err *err)
{
    struct stat st;
    if (!guard_on || stat(path, &st) != 0)
        return IC_OK;
    if (guard_add(&st))
        return ic_err_set(err, IC_EINTERNAL, "%s: out of memory", path);
    return IC_OK;
}

void ic_io_forget_input(const char *path)
{
    struct stat st;
    if (!guard_on || stat(path, &st) != 0)
        return;
    for (size_t i = 0; i < guard_n; i++)
        if (guard_ids[i].dev == st.st_dev && guard_ids[i].ino == st.st_ino) {
            guard_ids[i] = guard_ids[--guard_n];
            return;
        }
}

static const char *kind_of(mode_t m)
{
    return S_ISLNK(m) ? "a symbolic link" : S_ISDIR(m) ? "a directory" : S_ISFIFO(m) ? "a FIFO"
         : S_ISCHR(m) ? "a character device" : S_ISBLK(m) ? "a block device"
         : S_ISSOCK(m) ? "a socket" : "not a regular file";
}

int ic_io_check_output(const char *path, ic_err *err)
{
    struct stat st;
    if (!*path)
        return ic_err_set(err, IC_EINPUT, "output path is empty");
    if (lstat(path, &st) != 0) {
        if (errno != ENOENT)
            return ic_err_set(err, IC_EINPUT, "%s: cannot write: %s", path, strerror(errno));
        /* A new file: its directory must exist, found now rather than
         * after the work. */
        const char *slash = strrchr(path, '/');
        char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
        if (!dir)
            return ic_err_set(err, IC_EINTERNAL, "%s: out of memory", path);
        int isdir = stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
        free(dir);
        if (!isdir)
            return ic_err_set(err, IC_EINPUT, "%s: cannot write: its directory does not exist", path);
        return IC_OK;
    }
    if (!S_ISREG(st.st_mode))
        return ic_err_set(err, IC_EINPUT, "%s: refusing to replace %s (outputs only replace regular files)",
                          path, kind_of(st.st_mode));
    if (guarded(&st))
        return ic_err_set(err, IC_EINPUT, "%s: refusing to overwrite an input of this command", path);
    return IC_OK;
}

/* ---- the temporary file being written, for ic_io_abandon_temp ---- */

static char temp_path[4096 + 32];
static volatile sig_atomic_t temp_live;

void ic_io_abandon_temp(void)
{
    if (temp_live) {
        temp_live = 0;
        (void)unlink(temp_path);
    }
}

int ic_read_file(const char *path, size_t max_bytes, unsigned char **buf,
                 size_t *len, ic_err *err)
{
    *buf = NULL;
    *len = 0;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer; the file is
     * refused below anyway when it is not a regular file. */
    int fd = open(path, O_RDONLY | O_NONBLOCK);
    if (fd < 0)
        return ic_err_set(err, IC_EINPUT, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) {
        close(fd);
        return ic_err_set(err, IC_EINPUT, "%s: cannot stat: %s", path, strerror(errno));
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return ic_err_set(err, IC_EINPUT, "%s: not a regular file", path);
    }
    if (guard_add(&st)) {
        close(fd);
        return ic_err_set(err, IC_EINTERNAL, "%s: out of memory", path);
    }
    if ((unsigned long long)st.st_size > (unsigned long long)max_bytes) {
        close(fd);
        return ic_err_set(err, IC_EINPUT, "%s: file of %lld bytes exceeds the limit of %zu bytes",
                          path, (long long)st.st_size, max_bytes);
    }
    size_t cap = (size_t)st.st_size;
    unsigned char *b = malloc(cap + 1);
    if (!b) {
        close(fd);
        return ic_err_set(err, IC_EINTERNAL, "%s: out of memory", path);
    }
    size_t got = 0;
    for (;;) {
        if (got == cap) {
            /* The file may have grown since fstat; one probe byte tells. */
            char probe;
            ssize_t r = read(fd, &probe, 1);
            if (r == 0)
                break;
            if (r < 0 && errno == EINTR)
                continue;
            free(b);
            close(fd);
            if (r < 0)
                return ic_err_set(err, IC_EINPUT, "%s: read error: %s", path, strerror(errno));
            return ic_err_set(err, IC_EINPUT, "%s: file changed while reading", path);
        }
        ssize_t r = read(fd, b + got, cap - got);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            free(b);
            close(fd);
            return ic_err_set(err, IC_EINPUT, "%s: read error: %s", path, strerror(e));
        }
        if (r == 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    b[got] = '\0';
    *buf = b;
    *len = got;
    return IC_OK;
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Makes a rename durable across a power loss by syncing the directory
 * entry; best effort (some file systems refuse fsync on directories). */
static void sync_dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
    if (!dir)
        return;
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
    free(dir);
}

/* The capture active on this thread (ic_capture_begin), NULL when none. */
static _Thread_local ic_write_capture *capture;

void ic_capture_begin(ic_write_capture *c, const char *dir, int tee)
{
    memset(c, 0, sizeof *c);
    c->dir = dir;
    c->tee = tee;
    capture = c;
}

void ic_capture_end(ic_write_capture *c)
{
    if (capture == c)
        capture = NULL;
}

void ic_capture_free(ic_write_capture *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->files[i].name);
        free(c->files[i].bytes);
    }
    free(c->files);
    c->files = NULL;
    c->n = c->cap = 0;
}

/* The NAME of path when path is "dir/NAME" for the active capture's dir. */
static const char *captured_name(const char *path)
{
    if (!capture)
        return NULL;
    size_t dl = strlen(capture->dir);
    if (strncmp(path, capture->dir, dl) != 0 || path[dl] != '/' || !path[dl + 1] ||
        strchr(path + dl + 1, '/'))
        return NULL;
    return path + dl + 1;
}

/* Keeps a copy of a file written into the capture's directory. */
static int capture_file(const char *path, const char *name, const void *buf, size_t len, ic_err *err)
{
    ic_write_capture *c = capture;
    unsigned char *copy = malloc(len ? len : 1);
    if (!copy) {
        c->oom = 1;
        return ic_err_set(err, IC_EINTERNAL, "%s: out of memory", path);
    }
    if (len)
        memcpy(copy, buf, len);
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->files[i].name, name) == 0) {
            free(c->files[i].bytes);
            c->files[i].bytes = copy;
            c->files[i].len = len;
            return IC_OK;
        }
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 8;
        ic_captured_file *f = ic_reallocarray(c->files, cap, sizeof *f);
        if (!f) {
            free(copy);
            c->oom = 1;
            return ic_err_set(err, IC_EINTERNAL, "%s: out of memory", path);
        }
        c->files = f;
        c->cap = cap;
    }
    char *nm = strdup(name);
    if (!nm) {
        free(copy);
        c->oom = 1;
        return ic_err_set(err, IC_EINTERNAL, "%s: out of memory", path);
    }
    c->files[c->n++] = (ic_captured_file){ nm, copy, len };
    return IC_OK;
}

/* The message of a failed write: EFBIG is the file-size limit (ulimit -f). */
static int write_error(const char *path, int e, ic_err *err)
{
    if (e == EFBIG)
        return ic_err_set(err, IC_EINPUT, "%s: write error: file size limit exceeded (ulimit -f)", path);
    return ic_err_set(err, IC_EINPUT, "%s: write error: %s", path, strerror(e));
}

/* Removes this call's temporary file, and forgets it for the signal
 * handler if it is the one recorded (another thread may have recorded its
 * own since: the record serves the command line's signal handler only). */
static void drop_temp(const char *tmp)
{
    sigset_t all, old;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &old);
    if (temp_live && strcmp(temp_path, tmp) == 0)
        temp_live = 0;
    (void)unlink(tmp);
    sigprocmask(SIG_SETMASK, &old, NULL);
}

void ic_remove_file(const char *path)
{
    const char *cname = captured_name(path);
    if (cname) {
        ic_write_capture *c = capture;
        for (size_t i = 0; i < c->n; i++)
            if (strcmp(c->files[i].name, cname) == 0) {
                free(c->files[i].name);
                free(c->files[i].bytes);
                memmove(&c->files[i], &c->files[i + 1], (c->n - i - 1) * sizeof *c->files);
                c->n--;
                break;
            }
        if (!capture->tee)
            return;
    }
    (void)unlink(path);
}

int ic_write_atomic(const char *path, const void *buf, size_t len, ic_err *err)
{
    const char *cname = captured_name(path);
    if (cname) {
        int rc = capture_file(path, cname, buf, len, err);
        if (rc || !capture->tee)
            return rc;
    }
    int rc = ic_io_check_output(path, err);
    if (rc)
        return rc;
    size_t n = strlen(path);
    if (n + 16 > sizeof temp_path)
        return ic_err_set(err, IC_EINPUT, "%.64s...: path too long", path);
    char tmp[sizeof temp_path];
    snprintf(tmp, sizeof tmp, "%s.tmpXXXXXX", path);
    /* Signals that arrive while the name is recorded find either no
     * temporary file or this one. */
    sigset_t all, old;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &old);
    int fd = mkstemp(tmp);
    int e = errno;
    if (fd >= 0) {
        memcpy(temp_path, tmp, n + 11);
        temp_live = 1;
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (fd < 0)
        return ic_err_set(err, IC_EINPUT, "%s: cannot create: %s", path, strerror(e));
    /* mkstemp makes 0600 files; results are ordinary readable files. */
    (void)fchmod(fd, 0644);
    if (write_all(fd, buf, len) != 0 || fsync(fd) != 0) {
        e = errno;
        close(fd);
        drop_temp(tmp);
        return write_error(path, e, err);
    }
    if (close(fd) != 0) {
        e = errno;
        drop_temp(tmp);
        return write_error(path, e, err);
    }
    /* Again just before the rename: the target may have changed meanwhile. */
    rc = ic_io_check_output(path, err);
    if (rc) {
        drop_temp(tmp);
        return rc;
    }
    sigprocmask(SIG_BLOCK, &all, &old);
    if (rename(tmp, path) != 0) {
        e = errno;
        sigprocmask(SIG_SETMASK, &old, NULL);
        drop_temp(tmp);
        return ic_err_set(err, IC_EINPUT, "%s: cannot write: %s", path, strerror(e));
    }
    if (temp_live && strcmp(temp_path, tmp) == 0)
        temp_live = 0;
    sigprocmask(SIG_SETMASK, &old, NULL);
    sync_dir_of(path);
    return IC_OK;
}

int ic_mkdir_p(const char *path, ic_err *err)
{
    size_t n = strlen(path);
    char *p = malloc(n + 1);
    if (!p)
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    memcpy(p, path, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (p[i] == '/' || p[i] == '\0') {
            char c = p[i];
            p[i] = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                int e = errno;
                free(p);
                return ic_err_set(err, IC_EINPUT, "%s: cannot create directory: %s", path, strerror(e));
            }
            p[i] = c;
        }
    }
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
        free(p);
        return ic_err_set(err, IC_EINPUT, "%s: not a directory", path);
    }
    free(p);
    return IC_OK;
}
