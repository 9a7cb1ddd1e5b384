/* ic_safetensors: the strict safetensors reader; the rules it enforces are
 * listed in src/formats/weights.h. */
#ifndef IC_FORMATS_SAFETENSORS_H
#define IC_FORMATS_SAFETENSORS_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "formats/array_names.h"
#include "formats/npy.h"

/* Lists the tensors of the file image buf (len bytes). */
int ic_safetensors_list(ic_array_names *out, const unsigned char *buf, size_t len,
                        const char *path, ic_err *err);
/* Loads tensor member (NULL: the only one) as doubles.  On failure *out is
 * zeroed.  Release with ic_npy_free. */
int ic_safetensors_load(ic_npy_array *out, const unsigned char *buf, size_t len, const char *path,
                        const char *member, const ic_npy_opts *opts, ic_err *err);

/* Exact conversions of IEEE binary16 and bfloat16 bit patterns. */
double ic_safetensors_f16_to_double(uint16_t h);
double ic_safetensors_bf16_to_double(uint16_t b);

#endif
