/* ic_weights: format detection by content, and loading an array from any
 * supported weights file (see src/formats/weights.h). */
#include "formats/weights.h"

#include <string.h>

#include "formats/npz.h"
#include "formats/safetensors.h"

static const unsigned char npy_magic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};

int ic_weights_format(const unsigned char *buf, size_t len)
{
    size_t m = len < sizeof npy_magic ? len : sizeof npy_magic;
    if (len > 0 && memcmp(buf, npy_magic, m) == 0)
        return IC_WEIGHTS_NPY;
    if (len >= 4 && buf[0] == 'P' && buf[1] == 'K' &&
        ((buf[2] == 3 && buf[3] == 4) || (buf[2] == 5 && buf[3] == 6)))
        return IC_WEIGHTS_NPZ;
    /* The header length is validated by the reader, with its own message. */
    if (len >= 9 && buf[8] == '{')
        return IC_WEIGHTS_SAFETENSORS;
    return IC_WEIGHTS_UNKNOWN;
}

int ic_weights_list(ic_array_names *out, const unsigned char *buf, size_t len, const char *path,
             ic_err *err)
{
    memset(out, 0, sizeof *out);
    switch (ic_weights_format(buf, len)) {
    case IC_WEIGHTS_NPY:
        return IC_OK;
    case IC_WEIGHTS_NPZ:
        return ic_npz_list(out, buf, len, path, err);
    case IC_WEIGHTS_SAFETENSORS:
        return ic_safetensors_list(out, buf, len, path, err);
    default:
        return ic_err_set(err, IC_EINPUT, "%s: not a .npy, .npz or safetensors file", path);
    }
}

int ic_weights_load(ic_npy_array *out, const unsigned char *buf, size_t len, const char *path,
             const char *member, const ic_npy_opts *opts, ic_err *err)
{
    memset(out, 0, sizeof *out);
    switch (ic_weights_format(buf, len)) {
    case IC_WEIGHTS_NPY:
        if (member)
            return ic_err_set(err, IC_EINPUT,
                              "%s: a .npy file holds one unnamed array; cannot select '%s'",
                              path, member);
        return ic_npy_parse(out, buf, len, path, opts, err);
    case IC_WEIGHTS_NPZ:
        return ic_npz_load(out, buf, len, path, member, opts, err);
    case IC_WEIGHTS_SAFETENSORS:
        return ic_safetensors_load(out, buf, len, path, member, opts, err);
    default:
        if (len == 0)
            return ic_err_set(err, IC_EINPUT, "%s: empty file (0 bytes)", path);
        return ic_err_set(err, IC_EINPUT, "%s: not a .npy, .npz or safetensors file", path);
    }
}
