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

    /* The ceilings: memory (entries x MPFR bytes <= --max-bytes) and time
     * (prec n^3 <= 2^31), and the sweep's prec x configurations <= 2^20. */
    ic_param_init(&ps, ic_claim_params(u, "compare"), &err);
    ok(ic_mpfr_bytes(1, 256) == (double)(sizeof(__mpfr_struct) + 256 / 8), "one 256-bit number: struct and 4 limbs");
    ok(ic_claim_check_work(&ps, 1e6, 64, 256, "compare", &err) == IC_OK, "1e6 numbers, n = 64 at 256 bits: inside");
    ok(ic_claim_check_work(&ps, 2e7, 0, 256, "compare", &err) == IC_EINPUT && strstr(err.msg, "memory ceiling of 1073741824"),
       "2e7 numbers of 256 bits (1.28 GB) refused: %s", err.msg);
    ok(ic_claim_check_work(&ps, 1e3, 128, 4096, "compare", &err) == IC_EINPUT && strstr(err.msg, "work ceiling"),
       "n = 128 at 4096 bits refused: %s", err.msg);
    ok(ic_claim_check_work(&ps, 1e3, 128, 1024, "compare", &err) == IC_OK, "n = 128 at 1024 bits (2^31): inside");
    ic_param_set_value(&ps, "max-bytes", "1000", "test", &err);
    ok(ic_claim_check_work(&ps, 100, 0, 256, "x", &err) == IC_EINPUT && ic_claim_max_bytes(&ps) == 1000,
       "--max-bytes bounds the working set too: %s", err.msg);
    ic_param_clear(&ps);

    /* Shapes from headers: probe and shaped loads. */
    ic_param_init(&ps, ic_claim_params(u, "compare"), &err);
    ic_param_set_value(&ps, "A", srcpath("cases/data/sander2024/A_unitary.npy"), "test", &err);
    ic_param_set_value(&ps, "P", srcpath("tests/data/bad/npz_big_member.npz"), "test", &err);
    ic_npy_array h;
    ok(ic_probe_array(&ps, "A", &h, &err) == IC_OK && h.ndim == 2 && h.shape[0] == 10 && h.data == NULL,
       "probe: the shape of A without its data");
    ok(ic_probe_array(&ps, "P", &h, &err) == IC_OK && h.shape[0] == 3000 && h.data == NULL,
       "probe: a (3000, 3000) .npz member's shape, not inflated");
    size_t want[2] = { 10, 10 };
    ok(ic_load_array_shaped(&ps, "P", NULL, 2, want, &h, &err) == IC_EINPUT && strstr(err.msg, "--P") &&
           strstr(err.msg, "npz_big_member.npz") && strstr(err.msg, "(3000, 3000)"),
       "a shaped load refuses the wrong shape, naming the file: %s", err.msg);
    ok(ic_load_array_shaped(&ps, "A", NULL, 2, want, &h, &err) == IC_OK && h.data && h.size == 100,
       "a shaped load of the right shape reads the data");
    ic_npy_free(&h);
    ic_mat m;
    ic_param_set_value(&ps, "max-bytes", "100000000", "test", &err);
    ok(ic_load_matrix(&ps, "P", NULL, &m, 256, &err) == IC_EINPUT && strstr(err.msg, "memory ceiling"),
       "a 3000 x 3000 matrix at 256 bits (576 MB) is refused under --max-bytes 1e8 before it is built: %s", err.msg);
    ic_param_clear(&ps);

    ic_param_init(&ps, ic_claim_params(u, "verify"), &err);
    ok(ic_claim_check_sweep(&ps, "cmd", &err) == IC_OK, "the default unitary sweep is inside the sweep ceiling");
    ic_param_set_value(&ps, "prec", "65536", "test", &err);
    ok(ic_claim_check_sweep(&ps, "cmd", &err) == IC_EINPUT && strstr(err.msg, "120 configurations"),
       "120 configurations at 65536 bits refused: %s", err.msg);
    ic_param_clear(&ps);
    return done_testing();
}
