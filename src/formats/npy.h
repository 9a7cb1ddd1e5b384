/* ic_npy: strict reader and writer of NumPy .npy arrays.
 *
 * Reads versions 1.0, 2.0 and 3.0, dtypes <f4 <f8 >f4 >f8, C or Fortran
 * order, 0 to 8 dimensions.  Everything else (other dtypes, object arrays,
 * lying or truncated headers, trailing bytes, shapes whose byte size
 * overflows or exceeds max_bytes) is refused with a one-line message that
 * names the file and the problem (code IC_EINPUT).  Values are returned as
 * doubles in C (row-major) order; float32 values convert exactly.  NaN and
 * Inf are refused unless allow_nonfinite is set. */
#ifndef IC_FORMATS_NPY_H
#define IC_FORMATS_NPY_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

#define IC_NPY_MAX_DIMS 8

typedef struct {
    size_t ndim;
    size_t shape[IC_NPY_MAX_DIMS];
    size_t size;          /* product of shape (1 for 0-d) */
    char dtype[8];        /* as written: "<f4", ">f8", ...; "F32", "BF16", ... (safetensors) */
    int fortran_order;    /* as written in the file */
    double *data;         /* size values, C order */
} ic_npy_array;

typedef struct {
    size_t max_bytes;     /* refuse data larger than this; 0 means default (1 GiB) */
    int allow_nonfinite;
    /* Read the header only: on success the array has its ndim, shape, size,
     * dtype and order, and data NULL; the data is neither converted nor (in
     * an .npz) inflated, so a shape can be checked before any large
     * allocation.  Sizes are still checked against max_bytes and the bytes
     * the file declares. */
    int header_only;
} ic_npy_opts;

/* Parses a whole .npy image held in memory.  name is used in messages.
 * On success out->data holds out->size values (never NULL, even when
 * size is 0); on failure *out is zeroed.  Release with ic_npy_free.  Headers
 * longer than 65535 bytes are refused. */
int ic_npy_parse(ic_npy_array *out, const unsigned char *buf, size_t len,
              const char *name, const ic_npy_opts *opts, ic_err *err);

/* The header of a .npy image of total bytes of which buf holds the first
 * len (at least the preamble and header): as ic_npy_parse with
 * header_only set.  For .npz members, whose data need not be inflated to
 * learn their shape. */
int ic_npy_parse_prefix(ic_npy_array *out, const unsigned char *buf, size_t len, size_t total,
                        const char *name, const ic_npy_opts *opts, ic_err *err);

/* Reads a file (whole, at most max_bytes + header) and parses it. */
int ic_npy_read(ic_npy_array *out, const char *path, const ic_npy_opts *opts, ic_err *err);

/* Writes a C-order <f8 (or <f4 when f32 is set) array, version 1.0, to path
 * atomically (temporary file in the same directory + rename).  The bytes
 * are those np.save would write.  With f32 values are rounded to nearest;
 * non-finite values, and values that overflow float32, are refused
 * (IC_EINPUT, message names the index). */
int ic_npy_write(const char *path, const double *data, size_t ndim,
              const size_t *shape, int f32, ic_err *err);

/* Frees a->data and zeroes *a; safe on a zeroed or already freed array. */
void ic_npy_free(ic_npy_array *a);

/* Checks that a has ndim dimensions matching shape, where an entry of
 * SIZE_MAX ((size_t)-1) matches any extent.  On mismatch returns IC_EINPUT
 * with a message such as "A.npy: expected shape (10, any), got (3, 4, 5)";
 * name is the file name to put in it. */
int ic_npy_expect_shape(const ic_npy_array *a, const char *name, size_t ndim,
                     const size_t *shape, ic_err *err);

#endif
