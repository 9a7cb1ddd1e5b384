/* ic_param: typed named parameters, their validation and typed reads (see parameters.h). */
#include "certificates/parameters.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const ic_param_spec ic_param_common[] = {
    { "prec", IC_PARAM_INT, "256", NULL, "working precision in bits (64 to 65536)" },
    /* Optional with no recorded default: certificates name it only when given. */
    { "max-bytes", IC_PARAM_INT, "", NULL,
      "refuse input files and arrays larger than this many bytes (default 1 GiB)" },
    /* Optional likewise; src/spectra/decision.c applies the default. */
    { "max-prec", IC_PARAM_INT, "", NULL,
      "precision cap in bits for undecided spectrum statements, raised by doubling (default 4096)" },
    IC_PARAM_END
};

static size_t spec_len(const ic_param_spec *spec)
{
    size_t n = 0;
    while (spec && spec[n].name)
        n++;
    return n;
}

size_t ic_param_count(const ic_param_set *s)
{
    return s->n;
}

const ic_param_spec *ic_param_spec_at(const ic_param_set *s, size_t i)
{
    size_t own = spec_len(s->spec);
    return i < own ? &s->spec[i] : &ic_param_common[i - own];
}

int ic_param_init(ic_param_set *s, const ic_param_spec *spec, ic_err *err)
{
    s->spec = spec;
    s->n = spec_len(spec) + spec_len(ic_param_common);
    s->value = ic_calloc(s->n, sizeof *s->value);
    s->blobs = NULL;
    s->nblobs = 0;
    if (!s->value)
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    return IC_OK;
}

void ic_param_clear(ic_param_set *s)
{
    if (s->value)
        for (size_t i = 0; i < s->n; i++)
            free(s->value[i]);
    free(s->value);
    s->value = NULL;
    s->n = 0;
    s->blobs = NULL;
    s->nblobs = 0;
}

static long index_of(const ic_param_set *s, const char *name)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(ic_param_spec_at(s, i)->name, name) == 0)
            return (long)i;
    return -1;
}

const ic_param_spec *ic_param_find(const ic_param_set *s, const char *name)
{
    long i = index_of(s, name);
    return i < 0 ? NULL : ic_param_spec_at(s, (size_t)i);
}

static int parse_long(const char *v, long *out)
{
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (errno || end == v || *end)
        return -1;
    *out = x;
    return 0;
}

static int parse_real(const char *v, double *out)
{
    char *end;
    errno = 0;
    double x = strtod(v, &end);
    if (errno == ERANGE && fabs(x) > 1)
        return -1;
    if (end == v || *end || !isfinite(x))
        return -1;
    *out = x;
    return 0;
}

static int word_in(const char *choices, const char *v)
{
    size_t n = strlen(v);
    const char *p = choices;
    while (p && *p) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == n && strncmp(p, v, n) == 0)
            return 1;
        p = bar ? bar + 1 : NULL;
    }
    return 0;
}

int ic_param_validate(const ic_param_spec *sp, const char *v, const char *where, ic_err *err)
{
    long l;
    double d;
    switch (sp->kind) {
    case IC_PARAM_FILE:
        if (!*v)
            return ic_err_set(err, IC_EINPUT, "%s: --%s: empty path", where, sp->name);
        return IC_OK;
    case IC_PARAM_REAL:
        if (parse_real(v, &d))
            return ic_err_set(err, IC_EINPUT, "%s: --%s: '%s' is not a finite number", where, sp->name, v);
        return IC_OK;
    case IC_PARAM_INT:
        if (parse_long(v, &l))
            return ic_err_set(err, IC_EINPUT, "%s: --%s: '%s' is not an integer", where, sp->name, v);
        if (strcmp(sp->name, "prec") == 0 && (l < 64 || l > 65536))
            return ic_err_set(err, IC_EINPUT, "%s: --prec: %ld is outside 64..65536", where, l);
        if (strcmp(sp->name, "max-prec") == 0 && (l < 64 || l > 65536))
            return ic_err_set(err, IC_EINPUT, "%s: --max-prec: %ld is outside 64..65536", where, l);
        if (strcmp(sp->name, "max-bytes") == 0 && l < 1)
            return ic_err_set(err, IC_EINPUT, "%s: --max-bytes: %ld is not a positive size", where, l);
        return IC_OK;
    case IC_PARAM_INTS: {
        const char *p = v;
        if (!*p)
            return ic_err_set(err, IC_EINPUT, "%s: --%s: empty list", where, sp->name);
        while (*p) {
            char *end;
            errno = 0;
            (void)strtol(p, &end, 10);
            if (errno || end == p || (*end && *end != ','))
                return ic_err_set(err, IC_EINPUT, "%s: --%s: '%s' is not a comma-separated list of integers",
                                  where, sp->name, v);
            p = *end ? end + 1 : end;
            if (*end == ',' && !*p)
                return ic_err_set(err, IC_EINPUT, "%s: --%s: trailing comma in '%s'", where, sp->name, v);
        }
        return IC_OK;
    }
    case IC_PARAM_WORD:
        if (!*v || (sp->choices && !word_in(sp->choices, v)))
            return ic_err_set(err, IC_EINPUT, "%s: --%s: '%s' is not one of %s", where, sp->name, v,
                              sp->choices ? sp->choices : "the accepted words");
        return IC_OK;
    }
    return ic_err_set(err, IC_EINTERNAL, "%s: --%s: unknown parameter kind", where, sp->name);
}

int ic_param_set_value(ic_param_set *s, const char *name, const char *value,
                  const char *where, ic_err *err)
{
    long i = index_of(s, name);
    if (i < 0)
        return ic_err_set(err, IC_EINPUT, "%s: unknown option --%s", where, name);
    int rc = ic_param_validate(ic_param_spec_at(s, (size_t)i), value, where, err);
    if (rc)
        return rc;
    char *copy = strdup(value);
    if (!copy)
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    free(s->value[i]);
    s->value[i] = copy;
    return IC_OK;
}

int ic_param_set_blobs(ic_param_set *s, const ic_param_blob *blobs, size_t n, const char *where,
                       ic_err *err)
{
    for (size_t i = 0; i < n; i++) {
        const ic_param_spec *sp = ic_param_find(s, blobs[i].name);
        if (!sp)
            return ic_err_set(err, IC_EINPUT, "%s: unknown option --%s", where, blobs[i].name);
        if (sp->kind != IC_PARAM_FILE)
            return ic_err_set(err, IC_EINPUT, "%s: --%s takes a %s, not an array", where, sp->name,
                              sp->kind == IC_PARAM_INTS ? "list of integers" :
                              sp->kind == IC_PARAM_WORD ? "word" : "number");
        for (size_t j = 0; j < i; j++)
            if (strcmp(blobs[j].name, blobs[i].name) == 0)
                return ic_err_set(err, IC_EINPUT, "%s: --%s given twice", where, sp->name);
        int rc = ic_param_set_value(s, sp->name, blobs[i].label, where, err);
        if (rc)
            return rc;
    }
    s->blobs = blobs;
    s->nblobs = n;
    return IC_OK;
}

const ic_param_blob *ic_param_blob_of(const ic_param_set *s, const char *name)
{
    /* A value set later (a path) takes the parameter back from its blob. */
    const char *v = ic_param_get(s, name);
    for (size_t i = 0; v && i < s->nblobs; i++)
        if (strcmp(s->blobs[i].name, name) == 0 && strcmp(s->blobs[i].label, v) == 0)
            return &s->blobs[i];
    return NULL;
}

int ic_param_check_required(const ic_param_set *s, const char *where, ic_err *err)
{
    for (size_t i = 0; i < s->n; i++) {
        const ic_param_spec *sp = ic_param_spec_at(s, i);
        if (!s->value[i] && !sp->def)
            return ic_err_set(err, IC_EINPUT, "%s: missing required --%s", where, sp->name);
    }
    return IC_OK;
}

const char *ic_param_get(const ic_param_set *s, const char *name)
{
    long i = index_of(s, name);
    if (i < 0)
        return NULL;
    if (s->value[i])
        return s->value[i];
    const char *def = ic_param_spec_at(s, (size_t)i)->def;
    return def && *def ? def : NULL;
}

int ic_param_given(const ic_param_set *s, const char *name)
{
    long i = index_of(s, name);
    return i >= 0 && s->value[i] != NULL;
}

double ic_param_real(const ic_param_set *s, const char *name)
{
    const char *v = ic_param_get(s, name);
    return v ? strtod(v, NULL) : NAN;
}

int ic_param_real_mpfr(const ic_param_set *s, const char *name, mpfr_ptr x)
{
    const char *v = ic_param_get(s, name);
    if (!v)
        return -1;
    mpfr_set_str(x, v, 10, MPFR_RNDN);
    return 0;
}

long ic_param_int(const ic_param_set *s, const char *name)
{
    const char *v = ic_param_get(s, name);
    return v ? strtol(v, NULL, 10) : 0;
}

size_t ic_param_ints(const ic_param_set *s, const char *name, long *out, size_t max)
{
    const char *p = ic_param_get(s, name);
    size_t n = 0;
    while (p && *p && n < max) {
        char *end;
        out[n++] = strtol(p, &end, 10);
        p = *end ? end + 1 : end;
    }
    return n;
}
