/* ic_param: named parameters, validated once by kind, grammar and range
 * (see src/certificates/parameters.h). */
#include "certificates/parameters.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numbers/number_text.h"

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
    return &s->spec[i];
}

int ic_param_init(ic_param_set *s, const ic_param_spec *spec, ic_err *err)
{
    s->spec = spec;
    s->n = spec_len(spec);
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

/* Interval notation of the trusted spec tables: "[1, 64]", "(0, inf)". */
int ic_param_range_parse(const char *range, double *lo, double *hi, int *lo_open, int *hi_open)
{
    if (!range || (range[0] != '[' && range[0] != '('))
        return -1;
    *lo_open = range[0] == '(';
    char *end;
    *lo = strtod(range + 1, &end);
    if (end == range + 1 || *end != ',')
        return -1;
    const char *p = end + 1;
    while (*p == ' ')
        p++;
    *hi = strtod(p, &end);
    if (end == p || (*end != ']' && *end != ')') || end[1] || *lo > *hi)
        return -1;
    *hi_open = *end == ')';
    return 0;
}

static int in_range(double x, const char *range)
{
    double lo, hi;
    int lo_open, hi_open;
    if (!range)
        return 1;
    if (ic_param_range_parse(range, &lo, &hi, &lo_open, &hi_open))
        return 0;
    return (lo_open ? x > lo : x >= lo) && (hi_open ? x < hi : x <= hi);
}

/* "1..64" for a closed integer range, the interval as written otherwise. */
static void range_text(char *buf, size_t n, const char *range)
{
    double lo, hi;
    int lo_open, hi_open;
    if (ic_param_range_parse(range, &lo, &hi, &lo_open, &hi_open) == 0 && !lo_open && !hi_open &&
        isfinite(lo) && isfinite(hi))
        snprintf(buf, n, "%.0f..%.0f", lo, hi);
    else
        snprintf(buf, n, "%s", range ? range : "");
}

static int int_ok(const ic_param_spec *sp, const char *item, const char *v, const char *where, ic_err *err)
{
    long l;
    ic_number_status st = ic_number_long(&l, item);
    if (st != IC_NUMBER_OK) {
        if (item == v)
            return ic_err_set(err, IC_EINPUT, "%s: --%s: '%s' %s", where, sp->name, v, ic_number_why(st, 0));
        return ic_err_set(err, IC_EINPUT, "%s: --%s: '%s' is not a comma-separated list of integers (%s)",
                          where, sp->name, v, ic_number_why(st, 0));
    }
    if (!in_range((double)l, sp->range)) {
        char r[64];
        range_text(r, sizeof r, sp->range);
        return ic_err_set(err, IC_EINPUT, "%s: --%s: %ld is outside %s", where, sp->name, l, r);
    }
    return IC_OK;
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
    switch (sp->kind) {
    case IC_PARAM_FILE:
        if (!*v)
            return ic_err_set(err, IC_EINPUT, "%s: --%s: empty path", where, sp->name);
        return IC_OK;
    case IC_PARAM_REAL: {
        double d;
        ic_number_status st = ic_number_real(&d, v);
        if (st != IC_NUMBER_OK)
            return ic_err_set(err, IC_EINPUT, "%s: --%s: '%s' %s", where, sp->name, v, ic_number_why(st, 1));
        if (!in_range(d, sp->range))
            return ic_err_set(err, IC_EINPUT, "%s: --%s: %s is outside %s", where, sp->name, v, sp->range);
        return IC_OK;
    }
    case IC_PARAM_INT:
        return int_ok(sp, v, v, where, err);
    case IC_PARAM_INTS: {
        if (!*v)
            return ic_err_set(err, IC_EINPUT, "%s: --%s: empty list", where, sp->name);
        size_t count = 0;
        char item[32];
        for (const char *p = v;; ) {
            const char *comma = strchr(p, ',');
            size_t len = comma ? (size_t)(comma - p) : strlen(p);
            if (++count > IC_PARAM_LIST_MAX)
                return ic_err_set(err, IC_EINPUT, "%s: --%s: more than %d values in '%.40s...'", where,
                                  sp->name, IC_PARAM_LIST_MAX, v);
            if (len == 0 && comma && !comma[1])
                return ic_err_set(err, IC_EINPUT, "%s: --%s: trailing comma in '%s'", where, sp->name, v);
            if (len >= sizeof item)
                return ic_err_set(err, IC_EINPUT, "%s: --%s: '%.40s...' is not a comma-separated list of integers",
                                  where, sp->name, v);
            memcpy(item, p, len);
            item[len] = '\0';
            int rc = int_ok(sp, item, v, where, err);
            if (rc)
                return rc;
            if (!comma)
                break;
            p = comma + 1;
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
    double d;
    return v && ic_number_real(&d, v) == IC_NUMBER_OK ? d : NAN;
}

int ic_param_real_mpfr_rnd(const ic_param_set *s, const char *name, mpfr_ptr x, mpfr_rnd_t rnd)
{
    const char *v = ic_param_get(s, name);
    if (!v || ic_number_real_mpfr(x, v, rnd) != IC_NUMBER_OK) {
        mpfr_set_nan(x);
        return -1;
    }
    return 0;
}

int ic_param_real_mpfr(const ic_param_set *s, const char *name, mpfr_ptr x)
{
    return ic_param_real_mpfr_rnd(s, name, x, MPFR_RNDN);
}

long ic_param_int(const ic_param_set *s, const char *name)
{
    const char *v = ic_param_get(s, name);
    long l;
    return v && ic_number_long(&l, v) == IC_NUMBER_OK ? l : 0;
}

size_t ic_param_ints(const ic_param_set *s, const char *name, long *out, size_t max)
{
    const char *p = ic_param_get(s, name);
    size_t n = 0;
    char item[32];
    while (p && *p && n < max) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len >= sizeof item)
            break;
        memcpy(item, p, len);
        item[len] = '\0';
        if (ic_number_long(&out[n], item) != IC_NUMBER_OK)
            break;
        n++;
        p = comma ? comma + 1 : NULL;
    }
    return n;
}

int ic_param_check_ints(const ic_param_set *s, const char *name, long lo, long hi, ic_err *err)
{
    long v[IC_PARAM_LIST_MAX];
    size_t n = ic_param_ints(s, name, v, IC_PARAM_LIST_MAX);
    for (size_t i = 0; i < n; i++)
        if (v[i] < lo || v[i] > hi)
            return ic_err_set(err, IC_EINPUT, "--%s: %ld is outside %ld..%ld", name, v[i], lo, hi);
    return IC_OK;
}
