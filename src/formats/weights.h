/* ic_weights: weights files holding several named arrays (.npz and safetensors),
 * and the one entry point that loads an array from any supported format.
 *
 * The format is chosen from the content, never from the file name:
 *   .npy          magic "\x93NUMPY": one unnamed array, read by ic_npy;
 *   .npz          a zip archive ("PK\3\4", or "PK\5\6" when empty) whose
 *                 members, stored or deflated, are NAME.npy files (what
 *                 np.savez and np.savez_compressed write), read by libzip
 *                 from memory and parsed by ic_npy;
 *   safetensors   8-byte little-endian header length N, N bytes of JSON
 *                 header starting with '{', then the data section.
 * Readers are strict: anything else, or anything malformed, is refused
 * with a one-line IC_EINPUT message naming the file (and the array).
 *
 * npz: every member must be "NAME.npy" with no '/', '\\', "..", control
 * bytes or duplicates; entries must be unencrypted and stored or deflated.
 * A member's declared uncompressed size is checked against the limit
 * (opts->max_bytes plus the longest .npy header) before anything is
 * inflated, a declared size that deflate cannot reach from the compressed
 * size is refused as a zip bomb, and inflation stops as soon as the output
 * passes the declared size; CRC errors are refused.  Only the selected
 * member is ever inflated, so one load does at most one member's work.
 *
 * safetensors: the whole header is validated before any tensor is read:
 * N <= file size - 8 and N <= 100 MB, JSON without duplicate keys, an
 * object of tensors {"dtype", "shape", "data_offsets": [begin, end]} and an
 * optional "__metadata__" object of strings; no other keys.  Offsets are
 * relative to the data section and must tile it exactly, as the format
 * requires: no overlaps, no gaps, no trailing bytes.  end - begin must
 * equal the shape's element count times the item size (overflow-checked).
 * Known dtypes are BOOL, U8, I8, F8_E4M3, F8_E5M2, U16, I16, F16, BF16,
 * U32, I32, F32, U64, I64, F64; an unknown dtype string refuses the file,
 * and loading a tensor of a known dtype other than F16, BF16, F32 or F64
 * is refused with a message naming the file, tensor and dtype.  F16 and
 * BF16 (subnormals included) and F32 convert exactly to double.
 *
 * The loaded array has dtype "<f4"/"<f8"/... for npy and npz members (as in
 * the .npy header) and "F32", "F64", "F16" or "BF16" for safetensors,
 * values in C order.  NaN and Inf are refused unless opts->allow_nonfinite.
 * opts->max_bytes (0: 1 GiB) bounds the data of the loaded array. */
#ifndef IC_FORMATS_WEIGHTS_H
#define IC_FORMATS_WEIGHTS_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "formats/array_names.h"
#include "formats/npy.h"

enum { IC_WEIGHTS_UNKNOWN = 0, IC_WEIGHTS_NPY, IC_WEIGHTS_NPZ, IC_WEIGHTS_SAFETENSORS };

/* The format of a file's content (IC_WEIGHTS_UNKNOWN when nothing matches). */
int ic_weights_format(const unsigned char *buf, size_t len);

/* Names of the arrays in a file (see formats/array_names.h).  A .npy file
 * holds one unnamed array: IC_OK with n == 0. */
int ic_weights_list(ic_array_names *out, const unsigned char *buf, size_t len, const char *path,
                    ic_err *err);

/* Loads the array called member (npz: "A" or "A.npy") from the file image
 * buf of len bytes; member NULL means the only array in the file, and is an
 * error (listing the names) when there are several.  path is used in
 * messages, as "path:member" once a member is known.  On failure *out is
 * zeroed.  Release with ic_npy_free. */
int ic_weights_load(ic_npy_array *out, const unsigned char *buf, size_t len, const char *path,
                    const char *member, const ic_npy_opts *opts, ic_err *err);

#endif
