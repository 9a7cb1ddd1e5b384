/* ic_cert_parse: a certificate read back and its parameters validated (see cert_reader.h). */
#include "certificates/cert_reader.h"

#include <string.h>

void ic_cert_parsed_free(ic_cert_parsed *c)
{
    ic_param_clear(&c->params);
    json_decref(c->root);
    memset(c, 0, sizeof *c);
}

int ic_cert_parse(ic_cert_parsed *out, const unsigned char *buf, size_t len, const char *path,
                   ic_err *err)
{
    memset(out, 0, sizeof *out);
    json_error_t jerr;
    json_t *root = json_loadb((const char *)buf, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root)
        return ic_err_set(err, IC_EINPUT, "%s:%d: not a certificate: %s", path, jerr.line, jerr.text);
    out->root = root;
    const char *fmt = json_string_value(json_object_get(root, "format"));
    const char *id = json_string_value(json_object_get(json_object_get(root, "claim"), "id"));
    const char *mode = json_string_value(json_object_get(root, "mode"));
    json_t *cp = json_object_get(root, "case");
    json_t *params = json_object_get(root, "parameters");
    if (!fmt || strcmp(fmt, "icalcheck-certificate/1") != 0 || !mode || !json_is_object(params))
        return ic_err_set(err, IC_EINPUT,
                          "%s: not an icalcheck certificate (format, mode or parameters missing)", path);
    if (cp && !json_is_string(cp))
        return ic_err_set(err, IC_EINPUT, "%s: \"case\" is not a string", path);
    const ic_claim *c = id ? ic_claim_find(id) : NULL;
    if (!c)
        return ic_err_set(err, IC_EINPUT, "%s: unknown claim '%.64s'", path, id ? id : "(none)");
    if (strcmp(mode, "train") == 0 || !ic_claim_params(c, mode))
        return ic_err_set(err, IC_EINPUT, "%s: claim '%s' has no mode '%.32s'", path, c->id, mode);
    int rc = ic_param_init(&out->params, ic_claim_params(c, mode), err);
    if (rc)
        return rc;
    out->claim = c;
    out->mode = mode;
    out->case_path = json_string_value(cp);
    const char *k;
    json_t *v;
    json_object_foreach(params, k, v) {
        if (!json_is_string(v))
            return ic_err_set(err, IC_EINPUT, "%s: parameter '%.64s' is not a string", path, k);
        if ((rc = ic_param_set_value(&out->params, k, json_string_value(v), path, err)))
            return rc;
    }
    return IC_OK;
}
