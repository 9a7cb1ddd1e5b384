/* ic_read_file, ic_write_atomic, ic_mkdir_p: whole-file reads with a cap, atomic writes. */
#include "formats/file_io.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

int ic_write_atomic(const char *path, const void *buf, size_t len, ic_err *err)
{
    const char *cname = captured_name(path);
    if (cname) {
        int rc = capture_file(path, cname, buf, len, err);
        if (rc || !capture->tee)
            return rc;
    }
    size_t n = strlen(path);
    char *tmp = malloc(n + 16);
    if (!tmp)
        return ic_err_set(err, IC_EINTERNAL, "%s: out of memory", path);
    snprintf(tmp, n + 16, "%s.tmpXXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        return ic_err_set(err, IC_EINPUT, "%s: cannot create: %s", path, strerror(e));
    }
    /* mkstemp makes 0600 files; results are ordinary readable files. */
    (void)fchmod(fd, 0644);
    if (write_all(fd, buf, len) != 0 || fsync(fd) != 0) {
        int e = errno;
        close(fd);
        unlink(tmp);
        free(tmp);
        return ic_err_set(err, IC_EINPUT, "%s: write error: %s", path, strerror(e));
    }
    if (close(fd) != 0 || rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        free(tmp);
        return ic_err_set(err, IC_EINPUT, "%s: cannot write: %s", path, strerror(e));
    }
    free(tmp);
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
