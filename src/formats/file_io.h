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

/* Creates directory path (and parents) if missing. */
int ic_mkdir_p(const char *path, ic_err *err);

#endif
