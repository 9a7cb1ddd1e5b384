/* ic_claim: the table, lookup by id, parameter specs per mode, a verify run
 * into a certificate, and the statements tables' well-formedness. */
#include <string.h>

#include "certificates/claim.h"
#include "tap.h"

int main(void)
{
    size_t n = 0;
    int ids_unique = 1;
    for (size_t i = 0; ic_claims[i]; i++, n++)
        for (size_t j = 0; j < i; j++)
            ids_unique &= strcmp(ic_claims[i]->id, ic_claims[j]->id) != 0;
    ok(n == 6, "six claims in the table (%zu)", n);
    ok(ids_unique, "claim ids are unique");
    static const char *const ids[] = {"unitary", "orthogonal", "augmented", "pe", "nonaugmented", "tokens"};
    for (size_t i = 0; i < 6; i++) {
        const ic_claim *c = ic_claim_find(ids[i]);
        ok(c && strcmp(c->id, ids[i]) == 0, "ic_claim_find(\"%s\")", ids[i]);
    }
    ok(ic_claim_find("unitarity") == NULL, "unknown id is not found");
    ok(ic_claim_find("") == NULL, "empty id is not found");

    const ic_claim *na = ic_claim_find("nonaugmented");
    ok(ic_claim_params(na, "verify") == NULL, "nonaugmented has no verify mode");
    ok(ic_claim_params(na, "compare") != NULL, "nonaugmented has a compare mode");
    ok(ic_claim_params(na, "bogus") == NULL, "unknown mode has no spec");

    int kinds_ok = 1;
    for (size_t i = 0; ic_claims[i]; i++)
        for (const ic_claim_statement *s = ic_claims[i]->statements; s && s->check; s++)
            kinds_ok &= ic_cert_proof_kind_valid(s->kind) && s->statement && s->scope && s->method &&
                        s->mode && (!strcmp(s->mode, "verify") || !strcmp(s->mode, "compare"));
    ok(kinds_ok, "every statement has a valid proof kind, mode, scope and method");

    /* a small verify run: the unitary theory at d = 2, H = 2, T = 3 */
    const ic_claim *u = ic_claim_find("unitary");
    ic_param_set ps;
    ic_err err;
    ic_err_clear(&err);
    ok(ic_param_init(&ps, ic_claim_params(u, "verify"), &err) == IC_OK, "parameter set for verify unitary");
    ic_param_set_value(&ps, "d", "2", "test", &err);
    ic_param_set_value(&ps, "H", "2", "test", &err);
    ic_param_set_value(&ps, "T", "3", "test", &err);
    ic_cert *cert = NULL;
    int rc = ic_claim_run(u, "verify", &ps, NULL, &cert, &err);
    ok(rc == IC_OK && cert, "verify unitary runs (%s)", rc ? err.msg : "ok");
    if (cert) {
        ok(strcmp(ic_cert_verdict(cert), "pass") == 0, "verify unitary d=2 H=2 T=3 passes");
        json_t *checks = json_object_get(ic_cert_json(cert), "checks");
        int all_labelled = json_array_size(checks) > 0;
        size_t i;
        json_t *ck;
        json_array_foreach(checks, i, ck) {
            json_t *p = json_object_get(ck, "proof");
            all_labelled &= p && ic_cert_proof_kind_valid(json_string_value(json_object_get(p, "kind")));
        }
        ok(all_labelled, "every check of the certificate carries a proof kind");
        ic_cert_free(cert);
    }
    ic_param_clear(&ps);

    ic_param_init(&ps, ic_claim_params(u, "verify"), &err);
    ic_err_clear(&err);
    rc = ic_param_set_value(&ps, "d", "zero", "test", &err);
    ok(rc == IC_EINPUT, "a non-integer d is refused");
    ic_param_clear(&ps);
    return done_testing();
}
