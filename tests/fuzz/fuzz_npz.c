/* libFuzzer harness: the npz reader.  Lists the arrays, then loads the
 * only one (member NULL) and, by name, each of the first few listed. */
#include <math.h>
#include <stdint.h>

#include "fuzz_check.h"
#include "icz.h"

static void load_npz(const uint8_t *data, size_t size, const char *member)
{
    static const icn_opts opts[] = { { 1 << 20, 0 }, { 64, 1 } };
    for (size_t k = 0; k < 2; k++) {
        icn_array a;
        ic_err e;
        ic_err_clear(&e);
        int rc = icz_npz_load(&a, data, size, "fuzz.npz", member, &opts[k], &e);
        fuzz_check_err(rc, &e, "fuzz.npz");
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
        icn_free(&a);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    icz_names names = { 0, NULL };
    ic_err e;
    ic_err_clear(&e);
    int rc = icz_npz_list(&names, data, size, "fuzz.npz", &e);
    fuzz_check_err(rc, &e, "fuzz.npz");
    load_npz(data, size, NULL);
    if (rc == IC_OK) {
        for (size_t i = 0; i < names.n && i < 4; i++)
            load_npz(data, size, names.name[i]);
        icz_names_free(&names);
    }
    /* The format-sniffing entry point as ic_load_array uses it. */
    icn_array a;
    ic_err_clear(&e);
    rc = icz_load(&a, data, size, "fuzz.npz", NULL, &(icn_opts){ 1 << 20, 0 }, &e);
    fuzz_check_err(rc, &e, "fuzz.npz");
    if (rc == IC_OK)
        icn_free(&a);
    return 0;
}
