/* libFuzzer harness: the npz reader (body in fuzz_archive.h). */
#include "fuzz_archive.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_archive(data, size, "fuzz.npz", icz_npz_list, icz_npz_load);
}
