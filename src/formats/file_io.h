/* ic_io: whole-file reads with a size cap, and atomic writes that only ever
 * replace regular files.
 *
 * Results are never written in place: ic_write_atomic writes a temporary
 * file beside the target, fsyncs it, and renames it over the target, so an
 * interrupted run leaves either the old file or the new one, never a part.
 *
 * The output rules (ic_io_check_output, applied by ic_write_atomic before
 * the temporary file is made and again just before the rename): the target
 * is absent or a regular file, never a symbolic link (whatever it points
 * to: /dev/stdout is one), a device, a FIFO, a socket or a directory
 * (lstat: rename would replace the link or node itself, as root even in
 * /dev), and, once ic_io_guard_inputs is on, never a file this process
 * read or declared as an input (same device and inode, so hard links and
 * other spellings of the path count too).  A refused target is IC_EINPUT
 * and is left untouched.
 *
 * A temporary file is removed on every error path, including a write
 * refused by the file-size limit (EFBIG, when SIGXFSZ is ignored, as the
 * CLI does), and ic_io_abandon_temp removes the one being written from a
 * signal handler.  Nothing else is ever deleted. */
#ifndef IC_FORMATS_FILE_IO_H
#define IC_FORMATS_FILE_IO_H

#include <stddef.h>

#include "base/error.h"

/* Reads the whole regular file at path into a malloc'd buffer (with a
 * terminating NUL not counted in *len).  Refuses directories, unreadable
 * files and files larger than max_bytes (IC_EINPUT, message names path). */
int ic_read_file(const char *path, size_t max_bytes, unsigned char **buf,
                 size_t *len, ic_err *err);

/* Atomically replaces path with len bytes of buf (the output rules above). */
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

/* Checks the output rules for path without writing: IC_OK when path is
 * absent or a regular file that is not a guarded input. */
int ic_io_check_output(const char *path, ic_err *err);

/* Turns the input guard on (1) or off and forgets the inputs (0).  While
 * on, ic_read_file records the device and inode of every file it reads,
 * and outputs that are one of them are refused.  Process-wide and not
 * thread-safe: the command line turns it on once; library users who want
 * it call it likewise. */
void ic_io_guard_inputs(int on);

/* Records path (following symbolic links) as an input while the guard is
 * on, without reading it; a path that does not exist is ignored (reading
 * it will fail later with its own message).  For inputs known before they
 * are read, so a command can refuse its output before doing any work. */
int ic_io_note_input(const char *path, ic_err *err);

/* Forgets path as an input: for files a command reads back as its own
 * state rather than as input (a trainer's checkpoint, which it writes again;
 * the outputs a rerun hashes against its manifest before replacing them). */
void ic_io_forget_input(const char *path);

/* Removes the temporary file ic_write_atomic is writing, if any.
 * Async-signal-safe: for the handlers of SIGINT, SIGTERM and SIGHUP. */
void ic_io_abandon_temp(void);
/* Removes the file at path, if any, and, while a capture is active, the
 * captured file of that name: a file written and then removed (a trainer's
 * checkpoint) is not an output either way. */
void ic_remove_file(const char *path);

/* Creates directory path (and parents) if missing. */
int ic_mkdir_p(const char *path, ic_err *err);

#endif
