/* ic_io: whole-file reads with a size cap, and atomic writes.
 *
 * Results are never written in place: ic_write_atomic writes a temporary
 * file beside the target, fsyncs it, and renames it over the target, so an
 * interrupted run leaves either the old file or the new one, never a part. */
#ifndef IC_FORMATS_FILE_IO_H
#define IC_FORMATS_FILE_IO_H

#include <stddef.h>

#include "base/error.h"

/* Reads the whole regular file at path into a malloc'd buffer (with a
 * terminating NUL not counted in *len).  Refuses directories, unreadable
 * files and files larger than max_bytes (IC_EINPUT, message names path). */
int ic_read_file(const char *path, size_t max_bytes, unsigned char **buf,
                 size_t *len, ic_err *err);

/* Atomically replaces path with len bytes of buf. */
int ic_write_atomic(const char *path, const void *buf, size_t len, ic_err *err);

/* A capture of ic_write_atomic's output, for training into memory (the
 * embedding API, src/api/api.h): while a capture is active on the calling
 * thread, every file written directly into its directory dir (path
 * "dir/NAME", NAME without '/') is kept in files[], later writes of the same
 * NAME replacing earlier ones, in the order first written.  With tee set
 * the file is also written to disk as usual; without it nothing reaches the
 * disk, and dir need not exist.  The trainers then stay unaware of where
 * their output goes: they write "outdir/A.npy" either way. */
typedef struct {
    char *name;             /* "A.npy" */
    unsigned char *bytes;
    size_t len;
} ic_captured_file;

typedef struct {
    const char *dir;
    int tee;
    ic_captured_file *files;
    size_t n, cap;
    int oom;                /* a copy failed: ic_write_atomic returned IC_EINTERNAL */
} ic_write_capture;

/* Starts capturing this thread's writes into dir (c zeroed first); captures
 * do not nest: a second begin replaces the first until ic_capture_end. */
void ic_capture_begin(ic_write_capture *c, const char *dir, int tee);
/* Stops capturing; the files stay in c. */
void ic_capture_end(ic_write_capture *c);
/* Frees the captured files. */
void ic_capture_free(ic_write_capture *c);

/* Creates directory path (and parents) if missing. */
int ic_mkdir_p(const char *path, ic_err *err);

#endif
