/* ic_claim: lookup in the claim table, running a mode into a certificate, loading inputs. */
#include "certificates/claim.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "formats/file_io.h"
#include "formats/weights.h"

const ic_claim *ic_claim_find(const char *id)
{
    for (size_t i = 0; ic_claims[i]; i++)
        if (strcmp(ic_claims[i]->id, id) == 0)
            return ic_claims[i];
    return NULL;
}

const ic_param_spec *ic_claim_params(const ic_claim *c, const char *mode)
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
static void record_params(ic_cert *cert, const ic_param_set *p)
{
    for (size_t i = 0; i < ic_param_count(p); i++) {
        const ic_param_spec *sp = ic_param_spec_at(p, i);
        const char *v = ic_param_get(p, sp->name);
        if (v)
            ic_cert_add_param(cert, sp->name, v);
    }
}

int ic_claim_run(const ic_claim *c, const char *mode, const ic_param_set *p,
                 const char *case_path, ic_cert **out, ic_err *err)
{
    int (*fn)(const ic_param_set *, ic_cert *, ic_err *) =
        strcmp(mode, "verify") == 0 ? c->verify : strcmp(mode, "compare") == 0 ? c->compare : NULL;
    if (!fn)
        return ic_err_set(err, IC_EINPUT, "claim '%s' has no mode '%s'", c->id, mode);
    int rc = ic_param_check_required(p, case_path ? case_path : "command line", err);
    if (rc)
        return rc;
    ic_cert *cert = ic_cert_new(c->id, c->label, c->reference, mode);
    if (!cert)
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    if (case_path)
        ic_cert_set_case(cert, case_path);
    record_params(cert, p);
    ic_cert_set_precision(cert, ic_param_int(p, "prec"));
    rc = fn(p, cert, err);
    if (rc) {
        ic_cert_free(cert);
        return rc;
    }
    ic_cert_finish(cert);
    *out = cert;
    return IC_OK;
}

/* A regular file at path?  (stat follows links, like opening does.) */
static int is_regular_file(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* Splits "FILE:NAME" at the last ':' when FILE is an existing regular file
 * and the whole value is not, so paths that contain ':' keep working.
 * *file is malloc'd; *member points into it, or is NULL for no member. */
static int split_member(const char *spec, char **file, const char **member, ic_err *err)
{
    *file = strdup(spec);
    *member = NULL;
    if (!*file)
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    char *colon = strrchr(*file, ':');
    if (!colon || is_regular_file(spec))
        return IC_OK;
    *colon = '\0';
    if (!is_regular_file(*file)) {
        *colon = ':';
        return IC_OK;
    }
    if (!colon[1])
        return ic_err_set(err, IC_EINPUT, "%s: empty array name after ':'", spec);
    *member = colon + 1;
    return IC_OK;
}

/* Room for the largest array plus a safetensors header of up to 100 MB. */
#define IC_INPUT_MAX_BYTES (((size_t)1 << 30) + ((size_t)128 << 20))

/* An input held in memory (ic_param_set_blobs): read as the file would be,
 * with the same limit, and recorded under its label. */
static int load_blob(const ic_param_set *p, const ic_param_blob *blob, ic_cert *cert,
                     ic_npy_array *out, ic_err *err)
{
    size_t max = ic_param_given(p, "max-bytes") ? (size_t)ic_param_int(p, "max-bytes") : 0;
    ic_npy_opts opts = { max, 0 };
    size_t cap = max ? max : IC_INPUT_MAX_BYTES;
    if (blob->len > cap)
        return ic_err_set(err, IC_EINPUT, "%s: %zu bytes exceed the limit of %zu bytes", blob->label,
                          blob->len, cap);
    int rc = ic_weights_load(out, blob->bytes, blob->len, blob->label, NULL, &opts, err);
    if (rc == IC_OK && cert) {
        ic_cert_add_input(cert, blob->name, blob->label, blob->bytes, blob->len);
        ic_cert_input_array(cert, blob->name, out->dtype, out->ndim, out->shape);
    }
    return rc;
}

int ic_load_array(const ic_param_set *p, const char *name, ic_cert *cert,
                  ic_npy_array *out, ic_err *err)
{
    const char *spec = ic_param_get(p, name);
    if (!spec)
        return ic_err_set(err, IC_EINPUT, "missing required --%s", name);
    const ic_param_blob *blob = ic_param_blob_of(p, name);
    if (blob)
        return load_blob(p, blob, cert, out, err);
    char *path;
    const char *member;
    int rc = split_member(spec, &path, &member, err);
    if (rc) {
        free(path);
        return rc;
    }
    /* --max-bytes N bounds both the file read and the array's data. */
    size_t max = ic_param_given(p, "max-bytes") ? (size_t)ic_param_int(p, "max-bytes") : 0;
    ic_npy_opts opts = { max, 0 };
    unsigned char *buf;
    size_t len;
    rc = ic_read_file(path, max ? max : IC_INPUT_MAX_BYTES, &buf, &len, err);
    if (rc) {
        free(path);
        return rc;
    }
    rc = ic_weights_load(out, buf, len, path, member, &opts, err);
    if (rc == IC_OK && cert) {
        ic_cert_add_input(cert, name, path, buf, len);
        if (member)
            ic_cert_input_member(cert, name, member);
        ic_cert_input_array(cert, name, out->dtype, out->ndim, out->shape);
    }
    free(buf);
    free(path);
    return rc;
}

int ic_load_matrix(const ic_param_set *p, const char *name, ic_cert *cert,
                   ic_mat *out, mpfr_prec_t prec, ic_err *err)
{
    ic_npy_array a;
    int rc = ic_load_array(p, name, cert, &a, err);
    if (rc)
        return rc;
    if (a.ndim != 2 || a.size == 0) {
        rc = ic_err_set(err, IC_EINPUT, "%s: --%s must be a non-empty 2-D array, got %zu dimensions",
                        ic_param_get(p, name), name, a.ndim);
    } else {
        rc = ic_mat_init(out, a.shape[0], a.shape[1], prec, err);
        if (rc == IC_OK)
            ic_mat_set_d(out, a.data);
    }
    ic_npy_free(&a);
    return rc;
}
