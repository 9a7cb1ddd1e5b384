/* ic_repro_manifest: per-experiment manifests with SHA-256 of every output
 * (src/reproduce/manifest.h). */
#include "reproduce/manifest.h"

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certificates/certificate.h"
#include "formats/file_io.h"

#define MANIFEST_FORMAT "icalcheck-reproduce-manifest/1"
/* Outputs are at most a few hundred MB (a user's embedding matrix). */
#define MANIFEST_MAX_FILE (((size_t)1 << 31) - 1)

void ic_repro_manifest_path(char *out, size_t n, const ic_repro_exp *e)
{
    snprintf(out, n, "manifest/%s.json", e->name);
}

char *ic_repro_identity(const ic_repro_exp *e)
{
    size_t cap = 256;
    for (size_t i = 0; i < e->np; i++)
        cap += strlen(e->p[i].key) + strlen(e->p[i].ident) + strlen(e->p[i].value) + 16;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    size_t len = (size_t)snprintf(s, cap, "experiment = %s\nclaim = %s\nseed = %ld\nexpect = %s\n", e->name,
                                  e->claim, e->seed, e->expect);
    for (size_t i = 0; i < e->np; i++)
        len += (size_t)snprintf(s + len, cap - len, "%s = %s\n", e->p[i].key, e->p[i].ident);
    return s;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The regular files of dir, sorted by name (malloc'd names). */
static int list_files(const char *dir, char ***names, size_t *n, ic_err *err)
{
    *names = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return ic_err_set(err, IC_EINPUT, "%s: cannot open directory", dir);
    size_t cap = 0;
    struct dirent *de;
    int rc = IC_OK;
    while (!rc && (de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        if (*n == cap) {
            cap = cap ? 2 * cap : 16;
            char **v = ic_reallocarray(*names, cap, sizeof *v);
            if (!v) {
                rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
                break;
            }
            *names = v;
        }
        if (!((*names)[*n] = strdup(de->d_name)))
            rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
        else
            (*n)++;
    }
    closedir(d);
    if (!rc && *n)
        qsort(*names, *n, sizeof **names, cmp_str);
    return rc;
}

static int hash_file(const char *path, char hex[65], size_t *bytes, ic_err *err)
{
    unsigned char *buf;
    size_t len;
    int rc = ic_read_file(path, MANIFEST_MAX_FILE, &buf, &len, err);
    /* an output checked, not an input: a rerun may replace it */
    ic_io_forget_input(path);
    if (rc)
        return rc;
    ic_cert_sha256_hex(buf, len, hex);
    free(buf);
    *bytes = len;
    return IC_OK;
}

static int add_file(json_t *files, const char *path, ic_err *err)
{
    char hex[65];
    size_t bytes;
    int rc = hash_file(path, hex, &bytes, err);
    if (rc)
        return rc;
    json_t *f = json_pack("{s:s, s:s, s:I}", "path", path, "sha256", hex, "bytes", (json_int_t)bytes);
    if (!f || json_array_append_new(files, f))
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    return IC_OK;
}

static json_t *identity_json(const ic_repro_exp *e)
{
    json_t *params = json_object();
    for (size_t i = 0; params && i < e->np; i++)
        if (json_object_set_new(params, e->p[i].key, json_string(e->p[i].ident))) {
            json_decref(params);
            return NULL;
        }
    if (!params)
        return NULL;
    return json_pack("{s:s, s:s, s:s, s:s, s:I, s:o, s:s}", "format", MANIFEST_FORMAT, "experiment", e->name,
                     "figure", ic_repro_figures[e->figure].id, "claim", e->claim, "seed", (json_int_t)e->seed,
                     "parameters", params, "expect", e->expect);
}

int ic_repro_manifest_write(const ic_repro_exp *e, const char *verdict, ic_err *err)
{
    char dir[256], path[512];
    snprintf(dir, sizeof dir, "runs/%s", e->name);
    char **names;
    size_t n;
    int rc = list_files(dir, &names, &n, err);
    if (rc)
        return rc;
    json_t *root = identity_json(e), *files = json_array();
    if (!root || !files || json_object_set_new(root, "verdict", json_string(verdict)))
        rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
    for (size_t i = 0; !rc && i < n; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        rc = add_file(files, path, err);
    }
    if (!rc) {
        snprintf(path, sizeof path, "certificates/%s.json", e->name);
        rc = add_file(files, path, err);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    if (!rc && json_object_set(root, "files", files))
        rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
    json_decref(files);
    char *text = rc ? NULL : json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
    json_decref(root);
    if (!rc && !text)
        rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
    if (!rc) {
        size_t len = strlen(text);
        char *t = realloc(text, len + 2);
        if (!t) {
            rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
        } else {
            text = t;
            text[len++] = '\n';
            ic_repro_manifest_path(path, sizeof path, e);
            rc = ic_write_atomic(path, text, len, err);
        }
    }
    free(text);
    return rc;
}

int ic_repro_manifest_check(const ic_repro_exp *e, char *verdict, char *why, size_t nwhy)
{
    char path[512];
    ic_repro_manifest_path(path, sizeof path, e);
    unsigned char *buf;
    size_t len;
    ic_err err;
    int rd = ic_read_file(path, (size_t)16 << 20, &buf, &len, &err);
    ic_io_forget_input(path);
    if (rd != IC_OK) {
        snprintf(why, nwhy, "not run yet");
        return 0;
    }
    json_error_t jerr;
    json_t *root = json_loadb((const char *)buf, len, 0, &jerr), *want = identity_json(e);
    free(buf);
    int ok = 0;
    const char *v = root ? json_string_value(json_object_get(root, "verdict")) : NULL;
    json_t *files = root ? json_object_get(root, "files") : NULL;
    if (!root || !want || !v || !json_is_array(files)) {
        snprintf(why, nwhy, "%s is not a manifest", path);
        goto out;
    }
    const char *k;
    json_t *x;
    json_object_foreach(want, k, x) {
        if (!json_equal(x, json_object_get(root, k))) {
            snprintf(why, nwhy, "%s: run with other settings (%s differs)", path, k);
            goto out;
        }
    }
    size_t i;
    json_t *f;
    char cert[256];
    snprintf(cert, sizeof cert, "certificates/%s.json", e->name);
    int has_cert = 0;
    json_array_foreach(files, i, f) {
        const char *fp = json_string_value(json_object_get(f, "path"));
        const char *sha = json_string_value(json_object_get(f, "sha256"));
        char hex[65];
        size_t bytes;
        if (!fp || !sha) {
            snprintf(why, nwhy, "%s is not a manifest", path);
            goto out;
        }
        if (hash_file(fp, hex, &bytes, &err) != IC_OK) {
            snprintf(why, nwhy, "%s is missing", fp);
            goto out;
        }
        if (strcmp(hex, sha) != 0) {
            snprintf(why, nwhy, "%s changed since it was written", fp);
            goto out;
        }
        has_cert |= strcmp(fp, cert) == 0;
    }
    if (!has_cert) {
        snprintf(why, nwhy, "%s lists no certificate", path);
        goto out;
    }
    snprintf(verdict, 16, "%s", v);
    ok = 1;
out:
    json_decref(root);
    json_decref(want);
    return ok;
}
