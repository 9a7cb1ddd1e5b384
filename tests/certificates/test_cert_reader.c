/* ic_cert_parse: a certificate written by a verify run reads back with its
 * claim, mode and parameters; damaged or foreign documents are refused. */
#include <stdlib.h>
#include <string.h>

#include "certificates/cert_reader.h"
#include "tap.h"

static int parse_str(const char *s, ic_cert_parsed *out, ic_err *err)
{
    ic_err_clear(err);
    int rc = ic_cert_parse(out, (const unsigned char *)s, strlen(s), "t.json", err);
    if (rc)
        ic_cert_parsed_free(out); /* the contract: *out is freed in every case */
    return rc;
}

int main(void)
{
    const ic_claim *u = ic_claim_find("unitary");
    ic_param_set ps;
    ic_err err;
    ic_err_clear(&err);
    ic_param_init(&ps, ic_claim_params(u, "verify"), &err);
    ic_param_set_value(&ps, "d", "2", "test", &err);
    ic_param_set_value(&ps, "T", "3", "test", &err);
    ic_cert *cert = NULL;
    ok(ic_claim_run(u, "verify", &ps, NULL, &cert, &err) == IC_OK, "verify unitary d=2 T=3 runs");
    char *bytes = ic_cert_dump(cert);

    ic_cert_parsed p;
    ok(parse_str(bytes, &p, &err) == IC_OK, "its certificate parses back (%s)", err.msg);
    ok(p.claim == u, "claim read back");
    ok(p.mode && strcmp(p.mode, "verify") == 0, "mode read back");
    ok(p.case_path == NULL, "no case path");
    ok(strcmp(ic_param_get(&p.params, "d"), "2") == 0 && strcmp(ic_param_get(&p.params, "T"), "3") == 0,
       "parameters read back as recorded");
    ic_cert_parsed_free(&p);

    /* damaged: truncated JSON */
    char *half = strdup(bytes);
    half[strlen(half) / 2] = '\0';
    ok(parse_str(half, &p, &err) == IC_EINPUT && strstr(err.msg, "t.json"), "truncated JSON refused, file named: %s",
       err.msg);
    free(half);
    /* foreign: a claim this build does not have */
    char *other = strdup(bytes);
    char *at = strstr(other, "\"unitary\"");
    if (at)
        memcpy(at, "\"unitarz\"", 9);
    ok(at && parse_str(other, &p, &err) == IC_EINPUT, "unknown claim refused: %s", err.msg);
    free(other);
    ok(parse_str("[1, 2]", &p, &err) == IC_EINPUT, "a JSON array is not a certificate");
    ok(parse_str("", &p, &err) == IC_EINPUT, "an empty file is not a certificate");

    free(bytes);
    ic_cert_free(cert);
    ic_param_clear(&ps);
    return done_testing();
}
