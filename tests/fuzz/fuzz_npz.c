/* libFuzzer harness: the npz reader (body in fuzz_archive.h). */
#include "fuzz_archive.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_archive(data, size, "fuzz.npz", ic_npz_list, ic_npz_load);
}
