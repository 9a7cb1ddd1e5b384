/* Tests of the claims' statement tables (ic_claim_statement): valid kinds and modes, no duplicates, and the
 * augmented verify certificate labels each stated check with the stated kind. */
#include <string.h>

#include "certificates/claim.h"
#include "tap.h"

static json_t *find_check(json_t *cert, const char *name)
{
    size_t i;
    json_t *ck;
    json_array_foreach(json_object_get(cert, "checks"), i, ck) {
        if (strcmp(json_string_value(json_object_get(ck, "name")), name) == 0)
            return ck;
    }
    return NULL;
}

int main(void)
{
    static const char *const with_tables[] = {"augmented", "unitary", "orthogonal", "pe", "tokens", "nonaugmented"};
    for (size_t k = 0; k < sizeof with_tables / sizeof *with_tables; k++) {
        const ic_claim *c = ic_claim_find(with_tables[k]);
        ok(c && c->statements && c->statements[0].check, "%s has a statement table", with_tables[k]);
    }
    for (size_t i = 0; ic_claims[i]; i++) {
        const ic_claim *c = ic_claims[i];
        int bad = 0, n = 0;
        for (const ic_claim_statement *s = c->statements; s && s->check; s++, n++) {
            int verify = strcmp(s->mode, "verify") == 0, compare = strcmp(s->mode, "compare") == 0;
            if (!ic_cert_proof_kind_valid(s->kind) || (!verify && !compare) || (verify && !c->verify) ||
                (compare && !c->compare) || !s->statement[0] || !s->scope[0] || !s->method[0])
                bad++;
            for (const ic_claim_statement *t = c->statements; t != s; t++)
                if (strcmp(t->check, s->check) == 0 && strcmp(t->mode, s->mode) == 0)
                    bad++;
        }
        ok(bad == 0, "%s: %d statements, kinds and modes valid, no duplicates", c->id, n);
    }
    /* the augmented certificate carries the stated kinds */
    const ic_claim *c = ic_claim_find("augmented");
    ic_err err;
    ic_err_clear(&err);
    ic_param_set p;
    ic_param_init(&p, c->verify_params, &err);
    ic_param_set_value(&p, "d", "2", "test", &err);
    ic_param_set_value(&p, "T", "1", "test", &err);
    ic_param_set_value(&p, "N", "2", "test", &err);
    ic_param_set_value(&p, "grid-N", "1", "test", &err);
    ic_param_set_value(&p, "search", "on", "test", &err);
    ic_param_set_value(&p, "restarts", "1", "test", &err);
    ic_param_set_value(&p, "iters", "20", "test", &err);
    ic_cert *cert = NULL;
    int rc = ic_claim_run(c, "verify", &p, NULL, &cert, &err);
    ok(rc == IC_OK, "augmented verify runs: %s", rc ? err.msg : "ok");
    if (rc == IC_OK) {
        json_t *j = ic_cert_json(cert);
        int missing = 0, wrong = 0;
        for (const ic_claim_statement *s = c->statements; s->check; s++) {
            if (strcmp(s->mode, "verify"))
                continue;
            json_t *ck = find_check(j, s->check);
            if (!ck) {
                diag("no check %s", s->check);
                missing++;
                continue;
            }
            const char *kind = json_string_value(json_object_get(json_object_get(ck, "proof"), "kind"));
            if (!kind || strcmp(kind, s->kind)) {
                diag("%s: certificate says %s, table %s", s->check, kind ? kind : "-", s->kind);
                wrong++;
            }
        }
        ok(missing == 0 && wrong == 0, "every stated verify check is in the certificate with the stated kind");
        size_t i;
        json_t *ck;
        int unlabelled = 0;
        json_array_foreach(json_object_get(j, "checks"), i, ck) {
            const char *kind = json_string_value(json_object_get(json_object_get(ck, "proof"), "kind"));
            unlabelled += !ic_cert_proof_kind_valid(kind);
        }
        ok(unlabelled == 0, "every check of the certificate has a valid proof kind");
        ic_cert_free(cert);
    }
    ic_param_clear(&p);
    return done_testing();
}
