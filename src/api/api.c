/* ic_api_run, ic_api_train, ic_api_claims: the command line's verify,
 * compare, train and claims for embedding programs (src/api/api.h). */
#include "api/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "certificates/certificate.h"
#include "certificates/claim.h"
#include "config.h"

/* OpenBLAS's threaded kernels sum in a thread-count-dependent order; the
 * command line runs on one thread (src/cli/main.c) and so do these calls.
 * The caller's setting (numpy in the same process shares the library when
 * both link the same OpenBLAS) is given back afterwards. */
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);

const char *ic_api_version(void)
{
    return PACKAGE_STRING;
}

size_t ic_api_err_size(void)
{
    return sizeof(ic_err);
}

void ic_api_free(void *p)
{
    free(p);
}

/* The claim, its parameter spec for mode, and the options set into p
 * (initialised here; cleared by the caller on any return).  where is
 * "MODE CLAIM", the origin named in messages. */
static int prepare(const char *claim, const char *mode, const char *const *names,
                   const char *const *values, size_t nopt, const ic_claim **c, ic_param_set *p,
                   char *where, size_t wsize, ic_err *err)
{
    *c = ic_claim_find(claim ? claim : "");
    if (!*c)
        return ic_err_set(err, IC_EINPUT, "%s: unknown claim '%s'", mode, claim ? claim : "");
    const ic_param_spec *spec = ic_claim_params(*c, mode);
    if (!spec && strcmp(mode, "train") == 0)
        return ic_err_set(err, IC_EINPUT, "claim '%s' has no trainer", (*c)->id);
    if (!spec)
        return ic_err_set(err, IC_EINPUT, "claim '%s' has no %s mode", (*c)->id, mode);
    snprintf(where, wsize, "%s %s", mode, (*c)->id);
    int rc = ic_param_init(p, spec, err);
    for (size_t i = 0; !rc && i < nopt; i++) {
        if (!names[i] || !values[i])
            return ic_err_set(err, IC_EINPUT, "%s: option %zu has no name or value", where, i);
        rc = ic_param_set_value(p, names[i], values[i], where, err);
    }
    return rc;
}

int ic_api_run(const char *claim, const char *mode, const char *const *names,
               const char *const *values, size_t nopt, const ic_param_blob *arrays,
               size_t narrays, char **json, size_t *json_len, ic_err *err)
{
    *json = NULL;
    *json_len = 0;
    if (!mode || (strcmp(mode, "verify") != 0 && strcmp(mode, "compare") != 0))
        return ic_err_set(err, IC_EINPUT, "unknown mode '%s' (verify or compare)", mode ? mode : "");
    const ic_claim *c;
    ic_param_set p = { 0 };
    char where[160];
    int rc = prepare(claim, mode, names, values, nopt, &c, &p, where, sizeof where, err);
    if (!rc)
        rc = ic_param_set_blobs(&p, arrays, narrays, where, err);
    if (!rc)
        rc = ic_param_check_required(&p, where, err);
    ic_cert *cert = NULL;
    if (!rc) {
        int threads = openblas_get_num_threads();
        openblas_set_num_threads(1);
        rc = ic_claim_run(c, mode, &p, NULL, &cert, err);
        openblas_set_num_threads(threads);
    }
    if (!rc) {
        *json = ic_cert_dump(cert);
        if (*json)
            *json_len = strlen(*json);
        else
            rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
    }
    ic_cert_free(cert);
    ic_param_clear(&p);
    return rc;
}

/* Where in-memory training "writes": no directory of this name is created;
 * the capture (formats/file_io.h) keeps every file written into it. */
#define IC_API_MEMORY_DIR "<memory>"

int ic_api_train(const char *claim, const char *const *names, const char *const *values,
                 size_t nopt, const char *outdir, ic_captured_file **files, size_t *nfiles,
                 ic_err *err)
{
    *files = NULL;
    *nfiles = 0;
    const ic_claim *c;
    ic_param_set p = { 0 };
    char where[160];
    int rc = prepare(claim, "train", names, values, nopt, &c, &p, where, sizeof where, err);
    if (!rc)
        rc = ic_param_check_required(&p, where, err);
    if (!rc && outdir)
        rc = ic_mkdir_p(outdir, err);
    if (!rc) {
        ic_write_capture cap;
        int threads = openblas_get_num_threads();
        openblas_set_num_threads(1);
        ic_capture_begin(&cap, outdir ? outdir : IC_API_MEMORY_DIR, outdir != NULL);
        rc = c->train(&p, outdir ? outdir : IC_API_MEMORY_DIR, err);
        ic_capture_end(&cap);
        openblas_set_num_threads(threads);
        if (rc)
            ic_capture_free(&cap);
        else {
            *files = cap.files;
            *nfiles = cap.n;
        }
    }
    ic_param_clear(&p);
    return rc;
}

void ic_api_files_free(ic_captured_file *files, size_t nfiles)
{
    ic_write_capture c = { .files = files, .n = nfiles };
    ic_capture_free(&c);
}

static const char *kind_name(ic_param_kind k)
{
    switch (k) {
    case IC_PARAM_FILE: return "file";
    case IC_PARAM_REAL: return "real";
    case IC_PARAM_INT: return "int";
    case IC_PARAM_INTS: return "ints";
    case IC_PARAM_WORD: return "word";
    }
    return "?";
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* One mode's options as the command line's --help lists them: the
 * mode's spec (the shared parameters it uses included). */
static json_t *options_json(const ic_param_spec *spec)
{
    json_t *a = json_array();
    for (const ic_param_spec *s = spec; a && s && s->name; s++)
        json_array_append_new(a, json_pack("{s:s, s:s, s:o, s:b, s:o, s:s}", "name", s->name,
                                           "kind", kind_name(s->kind),
                                           "default", s->def && *s->def ? json_string(s->def) : json_null(),
                                           "required", s->def == NULL,
                                           "choices", str_or_null(s->choices),
                                           "help", s->help ? s->help : ""));
    return a;
}

int ic_api_claims(char **json, size_t *json_len, ic_err *err)
{
    static const char *const modes[] = { "verify", "compare", "train" };
    *json = NULL;
    *json_len = 0;
    json_t *all = json_array();
    for (size_t i = 0; all && ic_claims[i]; i++) {
        const ic_claim *c = ic_claims[i];
        json_t *m = json_object(), *st = json_array();
        for (size_t k = 0; m && k < 3; k++) {
            const ic_param_spec *spec = ic_claim_params(c, modes[k]);
            if (spec)
                json_object_set_new(m, modes[k], options_json(spec));
        }
        for (const ic_claim_statement *s = c->statements; st && s && s->check; s++)
            json_array_append_new(st, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "check", s->check,
                                                "mode", s->mode, "statement", s->statement,
                                                "kind", s->kind, "scope", s->scope, "method", s->method));
        json_array_append_new(all, json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}", "id", c->id,
                                             "label", c->label, "title", c->title,
                                             "reference", c->reference, "modes", m, "statements", st));
    }
    *json = all ? json_dumps(all, JSON_INDENT(1)) : NULL;
    json_decref(all);
    if (!*json)
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    *json_len = strlen(*json);
    return IC_OK;
}
