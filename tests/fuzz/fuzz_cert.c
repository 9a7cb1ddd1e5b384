/* libFuzzer harness: certificates, the JSON -> claim, mode, parameters path
 * of `cert verify` (ic_cert_parse); the check itself is not re-run. */
#include <stdint.h>

#include "fuzz_check.h"
#include "certificates/cert_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ic_cert_parsed c;
    ic_err e;
    ic_err_clear(&e);
    int rc = ic_cert_parse(&c, data, size, "fuzz.json", &e);
    fuzz_check_err(rc, &e, "fuzz.json");
    if (rc == IC_OK) {
        if (!c.claim || !c.mode || !ic_claim_params(c.claim, c.mode))
            fuzz_fail("accepted certificate without claim or mode", &e);
        /* What ic_claim_run does first; must not crash on any accepted set. */
        ic_err e2;
        ic_err_clear(&e2);
        fuzz_check_err(ic_param_check_required(&c.params, "fuzz.json", &e2), &e2, "fuzz.json");
    }
    ic_cert_parsed_free(&c);
    return 0;
}
