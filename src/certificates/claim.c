/* ic_claim: lookup in the claim table, running a mode into a certificate, loading inputs. */
#include "certificates/claim.h"

#include <errno.h>
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

int ic_claim_check_sweep(const ic_param_set *p, const char *where, ic_err *err)
{
    double configs = 1;
    for (size_t i = 0; i < ic_param_count(p); i++) {
        const ic_param_spec *sp = ic_param_spec_at(p, i);
        const char *v = sp->kind == IC_PARAM_INTS && sp->def && *sp->def ? ic_param_get(p, sp->name) : NULL;
        if (!v)
            continue;
        double n = 1;
        for (; *v; v++)
            n += *v == ',';
        configs *= n;
    }
    double prec = (double)ic_param_int(p, "prec");
    if (prec * configs > IC_SWEEP_WORK_MAX)
        return ic_err_set(err, IC_EINPUT,
                          "%s: %.0f configurations at %.0f bits exceed the sweep ceiling prec x configurations "
                          "<= 2^20 (shorten the lists or lower --prec)", where, configs, prec);
    return IC_OK;
}

int ic_claim_precheck(const ic_claim *c, const char *mode, const ic_param_set *p, const char *where,
                      ic_err *err)
{
    int rc = c->check ? c->check(mode, p, err) : IC_OK;
    if (rc && where)
        ic_err_prefix(err, "%s", where);
    return rc;
}

int ic_claim_run(const ic_claim *c, const char *mode, const ic_param_set *p,
                 const char *case_path, ic_cert **out, ic_err *err)
{
    int (*fn)(const ic_param_set *, ic_cert *, ic_err *) =
        strcmp(mode, "verify") == 0 ? c->verify : strcmp(mode, "compare") == 0 ? c->compare : NULL;
    if (!fn)
        return ic_err_set(err, IC_EINPUT, "claim '%s' has no mode '%s'", c->id, mode);
    int rc = ic_param_check_required(p, case_path ? case_path : "command line", err);
    if (!rc && strcmp(mode, "verify") == 0)
        rc = ic_claim_check_sweep(p, case_path ? case_path : "command line", err);
    if (rc)
        return rc;
    ic_cert *cert = ic_cert_new(c->id, c->label, c->reference, mode);
    if (!cert)
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    if (case_path)
        ic_cert_set_case(cert, case_path);
    record_params(cert, p);
    /* Modes without MPFR arithmetic take no --prec and record 0. */
    if (ic_param_find(p, "prec"))
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

int ic_claim_note_inputs(const ic_param_set *p, const char *where, ic_err *err)
{
    int rc = IC_OK;
    for (size_t i = 0; i < ic_param_count(p) && !rc; i++) {
        const ic_param_spec *sp = ic_param_spec_at(p, i);
        const char *v = sp->kind == IC_PARAM_FILE ? ic_param_get(p, sp->name) : NULL;
        if (!v || ic_param_blob_of(p, sp->name))
            continue;
        char *file;
        const char *member;
        rc = split_member(v, &file, &member, err);
        struct stat sb;
        if (!rc && where && stat(file, &sb) != 0)
            rc = ic_err_set(err, IC_EINPUT, "%s: --%s: %s: cannot open: %s", where, sp->name, file,
                            strerror(errno));
        else if (!rc && where && !S_ISREG(sb.st_mode))
            rc = ic_err_set(err, IC_EINPUT, "%s: --%s: %s: not a regular file", where, sp->name, file);
        if (!rc)
            rc = ic_io_note_input(file, err);
        free(file);
    }
    return rc;
}

/* Room for the largest array plus a safetensors header of up to 100 MB. */
#define IC_INPUT_MAX_BYTES (IC_DEFAULT_MAX_BYTES + ((size_t)128 << 20))

size_t ic_claim_max_bytes(const ic_param_set *p)
{
    return ic_param_given(p, "max-bytes") ? (size_t)ic_param_int(p, "max-bytes") : IC_DEFAULT_MAX_BYTES;
}

double ic_mpfr_bytes(double entries, mpfr_prec_t prec)
{
    double limbs = (double)((prec + mp_bits_per_limb - 1) / mp_bits_per_limb);
    return entries * ((double)sizeof(__mpfr_struct) + limbs * (double)sizeof(mp_limb_t));
}

int ic_claim_check_work(const ic_param_set *p, double entries, size_t n, mpfr_prec_t prec,
                        const char *what, ic_err *err)
{
    double bytes = ic_mpfr_bytes(entries, prec), max = (double)ic_claim_max_bytes(p);
    if (bytes > max)
        return ic_err_set(err, IC_EINPUT,
                          "%s: %.0f numbers of %ld bits take %.3g bytes, over the memory ceiling of %.0f "
                          "bytes (--max-bytes)", what, entries, (long)prec, bytes, max);
    double work = (double)prec * (double)n * (double)n * (double)n;
    if (work > IC_WORK_MAX)
        return ic_err_set(err, IC_EINPUT,
                          "%s: matrices of size %zu at %ld bits exceed the work ceiling prec * n^3 <= 2^31 "
                          "(lower --prec or use smaller inputs)", what, n, (long)prec);
    return IC_OK;
}

/* Reads the file behind parameter name (or takes the blob given in its
 * place, ic_param_set_blobs) and parses its header: *buf holds the image
 * (the caller decodes it, and frees it unless *blob), *path the file or the
 * blob's label, *member the array's name in an archive or NULL. */
static int open_array(const ic_param_set *p, const char *name, char **path, const char **member,
                      unsigned char **buf, size_t *len, const ic_param_blob **blob, ic_npy_array *head,
                      ic_err *err)
{
    *path = NULL;
    *buf = NULL;
    *member = NULL;
    memset(head, 0, sizeof *head);
    const char *spec = ic_param_get(p, name);
    if (!spec)
        return ic_err_set(err, IC_EINPUT, "missing required --%s", name);
    /* --max-bytes N bounds both the file read and the array's data. */
    size_t max = ic_param_given(p, "max-bytes") ? (size_t)ic_param_int(p, "max-bytes") : 0;
    size_t cap = max ? max : IC_INPUT_MAX_BYTES;
    ic_npy_opts opts = { max, 0, 1 };
    *blob = ic_param_blob_of(p, name);
    if (*blob) {
        /* An input held in memory: read as the file would be, with the
         * same limit, and recorded under its label. */
        *path = strdup((*blob)->label);
        if (!*path)
            return ic_err_set(err, IC_EINTERNAL, "out of memory");
        if ((*blob)->len > cap)
            return ic_err_set(err, IC_EINPUT, "%s: %zu bytes exceed the limit of %zu bytes", (*blob)->label,
                              (*blob)->len, cap);
        *buf = (unsigned char *)(*blob)->bytes;
        *len = (*blob)->len;
        return ic_weights_load(head, *buf, *len, *path, NULL, &opts, err);
    }
    int rc = split_member(spec, path, member, err);
    if (rc)
        return rc;
    rc = ic_read_file(*path, cap, buf, len, err);
    if (!rc)
        rc = ic_weights_load(head, *buf, *len, *path, *member, &opts, err);
    return rc;
}

int ic_probe_array(const ic_param_set *p, const char *name, ic_npy_array *head, ic_err *err)
{
    char *path;
    const char *member;
    unsigned char *buf;
    size_t len;
    const ic_param_blob *blob;
    int rc = open_array(p, name, &path, &member, &buf, &len, &blob, head, err);
    if (!blob)
        free(buf);
    free(path);
    return rc;
}

int ic_load_array_shaped(const ic_param_set *p, const char *name, ic_cert *cert, size_t ndim,
                         const size_t *shape, ic_npy_array *out, ic_err *err)
{
    char *path;
    const char *member;
    unsigned char *buf;
    size_t len;
    const ic_param_blob *blob;
    memset(out, 0, sizeof *out);
    int rc = open_array(p, name, &path, &member, &buf, &len, &blob, out, err);
    if (!rc && shape) {
        const char *v = ic_param_get(p, name);
        rc = ic_npy_expect_shape(out, v, ndim, shape, err);
        if (rc)
            ic_err_prefix(err, "--%s", name);
    }
    size_t max = ic_param_given(p, "max-bytes") ? (size_t)ic_param_int(p, "max-bytes") : 0;
    ic_npy_opts opts = { max, 0, 0 };
    if (!rc)
        rc = ic_weights_load(out, buf, len, path, member, &opts, err);
    if (rc == IC_OK && cert) {
        ic_cert_add_input(cert, blob ? blob->name : name, path, buf, len);
        if (member)
            ic_cert_input_member(cert, name, member);
        ic_cert_input_array(cert, blob ? blob->name : name, out->dtype, out->ndim, out->shape);
    }
    if (!blob)
        free(buf);
    free(path);
    return rc;
}

int ic_load_array(const ic_param_set *p, const char *name, ic_cert *cert,
                  ic_npy_array *out, ic_err *err)
{
    return ic_load_array_shaped(p, name, cert, 0, NULL, out, err);
}

int ic_load_matrix(const ic_param_set *p, const char *name, ic_cert *cert,
                   ic_mat *out, mpfr_prec_t prec, ic_err *err)
{
    ic_npy_array a;
    int rc = ic_load_array(p, name, cert, &a, err);
    if (rc)
        return rc;
    char what[64];
    snprintf(what, sizeof what, "--%s", name);
    if (a.ndim != 2 || a.size == 0)
        rc = ic_err_set(err, IC_EINPUT, "%s: --%s must be a non-empty 2-D array, got %zu dimensions",
                        ic_param_get(p, name), name, a.ndim);
    else
        /* The doubles are within --max-bytes; the MPFR copy must be too. */
        rc = ic_claim_check_work(p, (double)a.size, 0, prec, what, err);
    if (rc == IC_OK) {
        rc = ic_mat_init(out, a.shape[0], a.shape[1], prec, err);
        if (rc == IC_OK)
            ic_mat_set_d(out, a.data);
    }
    ic_npy_free(&a);
    return rc;
}
