/* libFuzzer harness: the safetensors reader (body in fuzz_archive.h). */
#include "fuzz_archive.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_archive(data, size, "fuzz.safetensors", ic_safetensors_list, ic_safetensors_load);
}
