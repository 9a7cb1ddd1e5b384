#include "ic_claim.h"

#include <stdlib.h>
#include <string.h>

#include "ic_io.h"

const ic_claim *ic_claim_find(const char *id)
{
    for (size_t i = 0; ic_claims[i]; i++)
        if (strcmp(ic_claims[i]->id, id) == 0)
            return ic_claims[i];
    return NULL;
}

const icp_spec *ic_claim_params(const ic_claim *c, const char *mode)
{
    if (strcmp(mode, "verify") == 0)
        return c->verify ? c->verify_params : NULL;
    if (strcmp(mode, "compare") == 0)
        return c->compare ? c->compare_params : NULL;
    if (strcmp(mode, "train") == 0)
        return c->train ? c->train_params : NULL;
    return NULL;
}

/* Parameters go into the certificate in spec order, defaults included, so
 * `cert verify` re-runs with exactly the values used. */
static void record_params(icc_cert *cert, const icp_set *p)
{
    for (size_t i = 0; i < icp_count(p); i++) {
        const icp_spec *sp = icp_spec_at(p, i);
        const char *v = icp_get(p, sp->name);
        if (v)
            icc_add_param(cert, sp->name, v);
    }
}

int ic_claim_run(const ic_claim *c, const char *mode, const icp_set *p,
                 const char *case_path, icc_cert **out, ic_err *err)
{
    int (*fn)(const icp_set *, icc_cert *, ic_err *) =
        strcmp(mode, "verify") == 0 ? c->verify : strcmp(mode, "compare") == 0 ? c->compare : NULL;
    if (!fn)
        return ic_err_set(err, IC_EINPUT, "claim '%s' has no mode '%s'", c->id, mode);
    int rc = icp_check_required(p, case_path ? case_path : "command line", err);
    if (rc)
        return rc;
    icc_cert *cert = icc_new(c->id, c->label, c->reference, mode);
    if (!cert)
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    if (case_path)
        icc_set_case(cert, case_path);
    record_params(cert, p);
    icc_set_precision(cert, icp_int(p, "prec"));
    rc = fn(p, cert, err);
    if (rc) {
        icc_free(cert);
        return rc;
    }
    icc_finish(cert);
    *out = cert;
    return IC_OK;
}

int ic_load_array(const icp_set *p, const char *name, icc_cert *cert,
                  icn_array *out, ic_err *err)
{
    const char *path = icp_get(p, name);
    if (!path)
        return ic_err_set(err, IC_EINPUT, "missing required --%s", name);
    icn_opts opts = { 0, 0 };
    unsigned char *buf;
    size_t len;
    int rc = ic_read_file(path, (size_t)1 << 30, &buf, &len, err);
    if (rc)
        return rc;
    rc = icn_parse(out, buf, len, path, &opts, err);
    if (rc == IC_OK && cert) {
        icc_add_input(cert, name, path, buf, len);
        icc_input_array(cert, name, out->dtype, out->ndim, out->shape);
    }
    free(buf);
    return rc;
}

int ic_load_matrix(const icp_set *p, const char *name, icc_cert *cert,
                   icm_mat *out, mpfr_prec_t prec, ic_err *err)
{
    icn_array a;
    int rc = ic_load_array(p, name, cert, &a, err);
    if (rc)
        return rc;
    if (a.ndim != 2 || a.size == 0) {
        rc = ic_err_set(err, IC_EINPUT, "%s: --%s must be a non-empty 2-D array, got %zu dimensions",
                        icp_get(p, name), name, a.ndim);
    } else {
        rc = icm_init(out, a.shape[0], a.shape[1], prec, err);
        if (rc == IC_OK)
            icm_set_d(out, a.data);
    }
    icn_free(&a);
    return rc;
}
