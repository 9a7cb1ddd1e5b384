/* libFuzzer harness: case files (ic_case_parse) on arbitrary text.  Nothing
 * runs: parsing and validating the parameters is the whole job. */
#include <stdint.h>

#include "fuzz_check.h"
#include "certificates/case_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ic_case cs;
    ic_err e;
    ic_err_clear(&e);
    int rc = ic_case_parse(&cs, (const char *)data, size, "fuzz/in.case", &e);
    fuzz_check_err(rc, &e, "fuzz/in.case");
    if (rc == IC_OK && (!cs.claim || !cs.mode[0] || !cs.expect[0] || !cs.name))
        fuzz_fail("accepted case lacks claim, mode or expect", &e);
    ic_case_free(&cs);
    return 0;
}
