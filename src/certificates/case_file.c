/* ic_case: reading and validating case files (see src/certificates/case_file.h). */
#include "certificates/case_file.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/file_io.h"

/* Case files are tiny; anything larger is not a case file. */
#define IC_CASE_MAX_BYTES (1 << 20)

static char *trim(char *s)
{
    while (*s && isspace((unsigned char)*s))
        s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = '\0';
    return s;
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup("");
    size_t n = (size_t)(slash - path) + 1;
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, path, n);
        d[n] = '\0';
    }
    return d;
}

static char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *b = slash ? slash + 1 : path;
    size_t n = strlen(b);
    if (n > 5 && strcmp(b + n - 5, ".case") == 0)
        n -= 5;
    return strndup(b, n);
}

static char *join(const char *dir, const char *rel)
{
    if (rel[0] == '/' || !dir[0])
        return strdup(rel);
    size_t n = strlen(dir) + strlen(rel) + 1;
    char *r = malloc(n);
    if (r)
        snprintf(r, n, "%s%s", dir, rel);
    return r;
}

void ic_case_free(ic_case *cs)
{
    free(cs->path);
    free(cs->name);
    free(cs->description);
    ic_param_clear(&cs->params);
    memset(cs, 0, sizeof *cs);
}

/* Steps through the text one `key = value` line at a time, cutting it in
 * place; blank and comment lines are skipped.  Returns 1 with *k, *v set,
 * 0 at the end, -1 on a line without '='.  *line counts lines. */
static int next_kv(char **p, int *line, char **k, char **v)
{
    while (*p && **p) {
        char *nl = strchr(*p, '\n');
        if (nl)
            *nl = '\0';
        (*line)++;
        char *s = trim(*p);
        *p = nl ? nl + 1 : NULL;
        if (!*s || *s == '#')
            continue;
        char *eq = strchr(s, '=');
        if (!eq)
            return -1;
        *eq = '\0';
        *k = trim(s);
        *v = trim(eq + 1);
        return 1;
    }
    return 0;
}

/* A key given twice would leave the reader to guess which one the author
 * meant (before, the last one silently won): refused, naming both lines. */
static int repeated(const ic_case *cs, const char *k, int line, int *first, ic_err *err)
{
    if (*first)
        return ic_err_set(err, IC_EINPUT, "%s:%d: key '%s' repeated (first given on line %d)", cs->path,
                          line, k, *first);
    *first = line;
    return IC_OK;
}

/* First pass: the reserved keys, which decide the parameter spec. */
static int read_header(ic_case *cs, char *text, ic_err *err)
{
    int line = 0, got;
    int first_claim = 0, first_mode = 0, first_expect = 0, first_description = 0;
    char *p = text, *k, *v;
    while ((got = next_kv(&p, &line, &k, &v)) != 0) {
        if (got < 0)
            return ic_err_set(err, IC_EINPUT, "%s:%d: expected 'key = value'", cs->path, line);
        int *first = !strcmp(k, "claim") ? &first_claim : !strcmp(k, "mode") ? &first_mode
                   : !strcmp(k, "expect") ? &first_expect : !strcmp(k, "description") ? &first_description
                   : NULL;
        if (first && repeated(cs, k, line, first, err))
            return IC_EINPUT;
        if (strcmp(k, "claim") == 0) {
            cs->claim = ic_claim_find(v);
            if (!cs->claim)
                return ic_err_set(err, IC_EINPUT, "%s:%d: unknown claim '%s'", cs->path, line, v);
        } else if (strcmp(k, "mode") == 0) {
            if (strcmp(v, "verify") && strcmp(v, "compare"))
                return ic_err_set(err, IC_EINPUT, "%s:%d: mode must be verify or compare, not '%s'",
                                  cs->path, line, v);
            snprintf(cs->mode, sizeof cs->mode, "%s", v);
        } else if (strcmp(k, "expect") == 0) {
            if (strcmp(v, "pass") && strcmp(v, "fail"))
                return ic_err_set(err, IC_EINPUT, "%s:%d: expect must be pass or fail, not '%s'",
                                  cs->path, line, v);
            snprintf(cs->expect, sizeof cs->expect, "%s", v);
        } else if (strcmp(k, "description") == 0) {
            free(cs->description);
            cs->description = strdup(v);
        }
    }
    if (!cs->claim)
        return ic_err_set(err, IC_EINPUT, "%s: no 'claim = ...' line", cs->path);
    if (!cs->mode[0])
        return ic_err_set(err, IC_EINPUT, "%s: no 'mode = ...' line", cs->path);
    if (!cs->expect[0])
        snprintf(cs->expect, sizeof cs->expect, "pass");
    return IC_OK;
}

static int read_params(ic_case *cs, char *text, ic_err *err)
{
    char *dir = dir_of(cs->path);
    int line = 0, rc = IC_OK;
    /* first[i]: the line that set parameter i (ic_param_count entries). */
    int *first = ic_calloc(ic_param_count(&cs->params), sizeof *first);
    char *p = text, *k, *v;
    if (!dir || !first)
        rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
    while (rc == IC_OK && next_kv(&p, &line, &k, &v) > 0) {
        if (!strcmp(k, "claim") || !strcmp(k, "mode") || !strcmp(k, "expect") || !strcmp(k, "description"))
            continue;
        char where[600];
        snprintf(where, sizeof where, "%s:%d", cs->path, line);
        const ic_param_spec *sp = ic_param_find(&cs->params, k);
        size_t idx = 0;
        while (sp && ic_param_spec_at(&cs->params, idx) != sp)
            idx++;
        if (!sp) {
            rc = ic_err_set(err, IC_EINPUT, "%s: unknown key '%s' for %s %s", where, k,
                            cs->claim->id, cs->mode);
        } else if (repeated(cs, k, line, &first[idx], err)) {
            rc = IC_EINPUT;
        } else if (sp->kind == IC_PARAM_FILE) {
            char *full = join(dir, v);
            rc = full ? ic_param_set_value(&cs->params, k, full, where, err)
                      : ic_err_set(err, IC_EINTERNAL, "out of memory");
            free(full);
        } else {
            rc = ic_param_set_value(&cs->params, k, v, where, err);
        }
    }
    free(dir);
    free(first);
    if (!rc)
        rc = ic_param_check_required(&cs->params, cs->path, err);
    if (!rc && strcmp(cs->mode, "verify") == 0)
        rc = ic_claim_check_sweep(&cs->params, cs->path, err);
    return rc;
}

int ic_case_parse(ic_case *cs, const char *text, size_t len, const char *path, ic_err *err)
{
    memset(cs, 0, sizeof *cs);
    cs->path = strdup(path);
    cs->name = base_name(path);
    if (!cs->path || !cs->name)
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    if (len > IC_CASE_MAX_BYTES)
        return ic_err_set(err, IC_EINPUT, "%s: %zu bytes is too large for a case file", path, len);
    if (memchr(text, '\0', len))
        return ic_err_set(err, IC_EINPUT, "%s: not a text file (NUL byte)", path);
    /* Each pass cuts its own NUL-terminated copy of the text into pieces. */
    char *copy = strndup(text, len);
    if (!copy)
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    int rc = read_header(cs, copy, err);
    if (rc == IC_OK) {
        const ic_param_spec *spec = ic_claim_params(cs->claim, cs->mode);
        if (!spec && strcmp(cs->mode, "verify") && strcmp(cs->mode, "compare"))
            rc = ic_err_set(err, IC_EINPUT, "%s: bad mode", path);
        else if (!(strcmp(cs->mode, "verify") == 0 ? cs->claim->verify : cs->claim->compare))
            rc = ic_err_set(err, IC_EINPUT, "%s: claim '%s' has no mode '%s'", path, cs->claim->id, cs->mode);
        else
            rc = ic_param_init(&cs->params, spec, err);
    }
    if (rc == IC_OK) {
        memcpy(copy, text, len);
        rc = read_params(cs, copy, err);
    }
    free(copy);
    return rc;
}

int ic_case_load(ic_case *cs, const char *path, ic_err *err)
{
    unsigned char *buf;
    size_t len;
    int rc = ic_read_file(path, IC_CASE_MAX_BYTES, &buf, &len, err);
    if (rc) {
        memset(cs, 0, sizeof *cs);
        cs->path = strdup(path);
        cs->name = base_name(path);
        return rc;
    }
    rc = ic_case_parse(cs, (const char *)buf, len, path, err);
    free(buf);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int ic_case_list_dir(const char *dir, char ***paths, size_t *n, ic_err *err)
{
    *paths = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return ic_err_set(err, IC_EINPUT, "%s: cannot open directory", dir);
    size_t cap = 0;
    struct dirent *de;
    int rc = IC_OK;
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (len <= 5 || strcmp(de->d_name + len - 5, ".case") != 0)
            continue;
        if (*n == cap) {
            cap = cap ? 2 * cap : 16;
            char **np = ic_reallocarray(*paths, cap, sizeof *np);
            if (!np) {
                rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
                break;
            }
            *paths = np;
        }
        size_t dl = strlen(dir);
        char *full = malloc(dl + len + 2);
        if (!full) {
            rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
            break;
        }
        snprintf(full, dl + len + 2, "%s%s%s", dir, (dl && dir[dl - 1] == '/') ? "" : "/", de->d_name);
        (*paths)[(*n)++] = full;
    }
    closedir(d);
    if (*n)
        qsort(*paths, *n, sizeof **paths, cmp_str);
    return rc;
}
