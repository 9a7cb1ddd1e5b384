/* libFuzzer harness: the .npy reader (ic_npy_parse) on arbitrary bytes,
 * with and without allow_nonfinite and under a small max_bytes; an accepted
 * array's header-only parse must agree with it. */
#include <math.h>
#include <stdint.h>

#include "fuzz_check.h"
#include "formats/npy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const ic_npy_opts opts[] = { { 0, 0 }, { 0, 1 }, { 64, 0 } };
    for (size_t k = 0; k < sizeof opts / sizeof opts[0]; k++) {
        ic_npy_array a;
        ic_err e;
        ic_err_clear(&e);
        int rc = ic_npy_parse(&a, data, size, "fuzz.npy", &opts[k], &e);
        fuzz_check_err(rc, &e, "fuzz.npy");
        if (rc != IC_OK)
            continue;
        /* A parsed array holds size values, all finite unless allowed, and
         * no more bytes than the input could carry. */
        size_t n = 1;
        for (size_t i = 0; i < a.ndim; i++)
            n *= a.shape[i];
        if (n != a.size || !a.data || a.size * 4 > size)
            fuzz_fail("inconsistent array", &e);
        if (!opts[k].allow_nonfinite)
            for (size_t i = 0; i < a.size; i++)
                if (!isfinite(a.data[i]))
                    fuzz_fail("non-finite value accepted", &e);
        /* The header alone (what the compare modes check shapes from)
         * gives the same shape and dtype, without data. */
        ic_npy_opts ho = opts[k];
        ho.header_only = 1;
        ic_npy_array h;
        if (ic_npy_parse(&h, data, size, "fuzz.npy", &ho, &e) != IC_OK || h.data || h.ndim != a.ndim ||
            h.size != a.size || memcmp(h.shape, a.shape, sizeof h.shape) || strcmp(h.dtype, a.dtype))
            fuzz_fail("header-only parse disagrees with the full parse", &e);
        ic_npy_free(&a);
    }
    return 0;
}
