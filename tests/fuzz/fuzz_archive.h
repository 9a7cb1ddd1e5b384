/* The body shared by the archive harnesses (npz, safetensors): list the
 * arrays, load the only one (member NULL) and, by name, each of the first
 * few listed, under two size limits; then the format-sniffing entry point
 * as ic_load_array uses it. */
#ifndef FUZZ_ARCHIVE_H
#define FUZZ_ARCHIVE_H

#include <math.h>
#include <stdint.h>

#include "fuzz_check.h"
#include "formats/npz.h"
#include "formats/safetensors.h"
#include "formats/weights.h"

typedef int (*fuzz_list_fn)(ic_array_names *, const unsigned char *, size_t, const char *, ic_err *);
typedef int (*fuzz_load_fn)(ic_npy_array *, const unsigned char *, size_t, const char *, const char *,
                            const ic_npy_opts *, ic_err *);

static inline void fuzz_archive_load(const uint8_t *data, size_t size, const char *name,
                                     fuzz_load_fn load, const char *member)
{
    static const ic_npy_opts opts[] = { { 1 << 20, 0 }, { 64, 1 } };
    for (size_t k = 0; k < 2; k++) {
        ic_npy_array a;
        ic_err e;
        ic_err_clear(&e);
        int rc = load(&a, data, size, name, member, &opts[k], &e);
        fuzz_check_err(rc, &e, name);
        if (rc != IC_OK)
            continue;
        size_t n = 1;
        for (size_t i = 0; i < a.ndim; i++)
            n *= a.shape[i];
        if (n != a.size || !a.data)
            fuzz_fail("inconsistent array", &e);
        if (!opts[k].allow_nonfinite)
            for (size_t i = 0; i < a.size; i++)
                if (!isfinite(a.data[i]))
                    fuzz_fail("non-finite value accepted", &e);
        /* The header alone (an .npz member not inflated past its header)
         * gives the same shape and dtype, without data. */
        ic_npy_opts ho = opts[k];
        ho.header_only = 1;
        ic_npy_array h;
        if (load(&h, data, size, name, member, &ho, &e) != IC_OK || h.data || h.ndim != a.ndim ||
            h.size != a.size || memcmp(h.shape, a.shape, sizeof h.shape) || strcmp(h.dtype, a.dtype))
            fuzz_fail("header-only load disagrees with the full load", &e);
        ic_npy_free(&a);
    }
}

static inline int fuzz_archive(const uint8_t *data, size_t size, const char *name,
                               fuzz_list_fn list, fuzz_load_fn load)
{
    ic_array_names names = { 0, NULL };
    ic_err e;
    ic_err_clear(&e);
    int rc = list(&names, data, size, name, &e);
    fuzz_check_err(rc, &e, name);
    fuzz_archive_load(data, size, name, load, NULL);
    if (rc == IC_OK) {
        for (size_t i = 0; i < names.n && i < 4; i++)
            fuzz_archive_load(data, size, name, load, names.name[i]);
        ic_array_names_free(&names);
    }
    ic_npy_array a;
    ic_err_clear(&e);
    rc = ic_weights_load(&a, data, size, name, NULL, &(ic_npy_opts){ 1 << 20, 0 }, &e);
    fuzz_check_err(rc, &e, name);
    if (rc == IC_OK)
        ic_npy_free(&a);
    return 0;
}

#endif
