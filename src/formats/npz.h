/* ic_npz: the strict .npz reader (what np.savez and np.savez_compressed
 * write); the rules it enforces are listed in src/formats/weights.h. */
#ifndef IC_FORMATS_NPZ_H
#define IC_FORMATS_NPZ_H

#include <stddef.h>

#include "base/error.h"
#include "formats/array_names.h"
#include "formats/npy.h"

/* Lists the members of the archive image buf (len bytes), without ".npy". */
int ic_npz_list(ic_array_names *out, const unsigned char *buf, size_t len, const char *path,
                ic_err *err);
/* Loads member ("A" or "A.npy"; NULL: the only one).  On failure *out is
 * zeroed.  Release with ic_npy_free. */
int ic_npz_load(ic_npy_array *out, const unsigned char *buf, size_t len, const char *path,
                const char *member, const ic_npy_opts *opts, ic_err *err);

#endif
