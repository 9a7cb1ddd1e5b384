/* ic_safetensors: the strict safetensors reader (see src/formats/safetensors.h).
 *
 * The header is parsed by jansson with duplicate keys rejected, then every
 * entry is checked (keys, dtype, shape, offsets, sizes) and the offsets are
 * checked to tile the data section, all before any tensor is converted. */
#include "formats/safetensors.h"

#include <float.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(sizeof(float) == 4 && FLT_MANT_DIG == 24, "float must be IEEE binary32");
_Static_assert(sizeof(double) == 8 && DBL_MANT_DIG == 53, "double must be IEEE binary64");

#define ST_HEADER_MAX 100000000u /* the reference implementation's limit */
#define ST_DEFAULT_MAX_BYTES ((size_t)1 << 30)
#define ST_METADATA "__metadata__"

/* ---- conversions ---- */

double ic_safetensors_f16_to_double(uint16_t h)
{
    int sign = h >> 15, e = (h >> 10) & 0x1f;
    unsigned m = h & 0x3ff;
    double v;
    if (e == 0x1f)
        v = m ? NAN : INFINITY;
    else if (e == 0)
        v = ldexp((double)m, -24); /* subnormal: m * 2^-14 * 2^-10 */
    else
        v = ldexp((double)(m | 0x400), e - 25);
    return sign ? -v : v;
}

double ic_safetensors_bf16_to_double(uint16_t b)
{
    /* bfloat16 is the top half of a binary32. */
    uint32_t w = (uint32_t)b << 16;
    float f;
    memcpy(&f, &w, sizeof f);
    return (double)f;
}

/* ---- dtypes ---- */

enum { DT_F16 = 1, DT_BF16, DT_F32, DT_F64 }; /* supported; 0 otherwise */

typedef struct {
    const char *name;
    size_t itemsize;
    int kind;
} st_dtype;

static const st_dtype st_dtypes[] = {
    {"F16", 2, DT_F16},   {"BF16", 2, DT_BF16}, {"F32", 4, DT_F32},  {"F64", 8, DT_F64},
    {"BOOL", 1, 0},       {"U8", 1, 0},         {"I8", 1, 0},        {"F8_E4M3", 1, 0},
    {"F8_E5M2", 1, 0},    {"U16", 2, 0},        {"I16", 2, 0},       {"U32", 4, 0},
    {"I32", 4, 0},        {"U64", 8, 0},        {"I64", 8, 0},
};

static const st_dtype *find_dtype(const char *s)
{
    for (size_t i = 0; i < sizeof st_dtypes / sizeof st_dtypes[0]; i++)
        if (strcmp(st_dtypes[i].name, s) == 0)
            return &st_dtypes[i];
    return NULL;
}

static double load_value(const unsigned char *p, int kind)
{
    uint64_t u = 0;
    size_t n = kind == DT_F64 ? 8 : kind == DT_F32 ? 4 : 2;
    for (size_t i = n; i-- > 0;)
        u = u << 8 | p[i]; /* little-endian */
    if (kind == DT_F16)
        return ic_safetensors_f16_to_double((uint16_t)u);
    if (kind == DT_BF16)
        return ic_safetensors_bf16_to_double((uint16_t)u);
    if (kind == DT_F32) {
        uint32_t w = (uint32_t)u;
        float f;
        memcpy(&f, &w, sizeof f);
        return (double)f;
    }
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

/* ---- header ---- */

typedef struct {
    const char *name;   /* owned by the JSON root */
    const st_dtype *dt;
    size_t ndim, shape[IC_NPY_MAX_DIMS], count;
    uint64_t begin, end;
} st_entry;

typedef struct {
    json_t *root;
    st_entry *e;        /* sorted by offsets */
    size_t n;
    const unsigned char *data;
    uint64_t data_len;
} st_file;

static void st_close(st_file *f)
{
    json_decref(f->root);
    free(f->e);
    memset(f, 0, sizeof *f);
}

/* Names end up in one-line messages and certificates. */
static int check_name(const char *name, const char *path, ic_err *err)
{
    if (!*name)
        return ic_err_set(err, IC_EINPUT, "%s: tensor with an empty name", path);
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return ic_err_set(err, IC_EINPUT, "%s: tensor name with control byte 0x%02x", path,
                              *p);
    return IC_OK;
}

static int check_metadata(json_t *md, const char *path, ic_err *err)
{
    const char *k;
    json_t *v;
    if (!json_is_object(md))
        return ic_err_set(err, IC_EINPUT, "%s: __metadata__ must be an object of strings", path);
    json_object_foreach(md, k, v) {
        if (!json_is_string(v))
            return ic_err_set(err, IC_EINPUT, "%s: __metadata__ value of '%.60s' is not a string",
                              path, k);
    }
    return IC_OK;
}

/* A JSON integer in [0, max]. */
static int get_uint(json_t *v, uint64_t max, uint64_t *out)
{
    if (!json_is_integer(v) || json_integer_value(v) < 0 ||
        (uint64_t)json_integer_value(v) > max)
        return -1;
    *out = (uint64_t)json_integer_value(v);
    return 0;
}

static int parse_shape(st_entry *t, json_t *sh, const char *path, ic_err *err)
{
    if (!json_is_array(sh))
        return ic_err_set(err, IC_EINPUT, "%s: tensor '%s': shape must be an array", path, t->name);
    t->ndim = json_array_size(sh);
    if (t->ndim > IC_NPY_MAX_DIMS)
        return ic_err_set(err, IC_EINPUT, "%s: tensor '%s': %zu dimensions (at most %d)", path,
                          t->name, t->ndim, IC_NPY_MAX_DIMS);
    int zero = 0;
    for (size_t i = 0; i < t->ndim; i++) {
        uint64_t d;
        if (get_uint(json_array_get(sh, i), SIZE_MAX, &d))
            return ic_err_set(err, IC_EINPUT,
                              "%s: tensor '%s': shape entry %zu is not a non-negative integer",
                              path, t->name, i);
        t->shape[i] = (size_t)d;
        zero |= d == 0;
    }
    t->count = 1;
    for (size_t i = 0; i < t->ndim && !zero; i++) {
        if (t->count > SIZE_MAX / t->shape[i])
            return ic_err_set(err, IC_EINPUT, "%s: tensor '%s': element count overflows", path,
                              t->name);
        t->count *= t->shape[i];
    }
    if (zero)
        t->count = 0;
    if (t->count > SIZE_MAX / t->dt->itemsize)
        return ic_err_set(err, IC_EINPUT, "%s: tensor '%s': byte count overflows", path, t->name);
    return IC_OK;
}

static int parse_offsets(st_entry *t, json_t *off, uint64_t data_len, const char *path,
                         ic_err *err)
{
    if (!json_is_array(off) || json_array_size(off) != 2 ||
        get_uint(json_array_get(off, 0), UINT64_MAX, &t->begin) ||
        get_uint(json_array_get(off, 1), UINT64_MAX, &t->end))
        return ic_err_set(err, IC_EINPUT,
                          "%s: tensor '%s': data_offsets must be [begin, end] of non-negative "
                          "integers", path, t->name);
    unsigned long long b = t->begin, e = t->end;
    if (b > e)
        return ic_err_set(err, IC_EINPUT, "%s: tensor '%s': data_offsets [%llu, %llu] decrease",
                          path, t->name, b, e);
    if (e > data_len)
        return ic_err_set(err, IC_EINPUT,
                          "%s: tensor '%s': data_offsets [%llu, %llu] run past the data section "
                          "(%llu bytes)", path, t->name, b, e, (unsigned long long)data_len);
    uint64_t need = (uint64_t)t->count * t->dt->itemsize;
    if (e - b != need)
        return ic_err_set(err, IC_EINPUT,
                          "%s: tensor '%s': data_offsets [%llu, %llu] hold %llu bytes, shape and "
                          "dtype %s need %llu", path, t->name, b, e, e - b, t->dt->name,
                          (unsigned long long)need);
    return IC_OK;
}

static int parse_entry(st_entry *t, const char *name, json_t *v, uint64_t data_len,
                       const char *path, ic_err *err)
{
    t->name = name;
    int rc = check_name(name, path, err);
    if (rc)
        return rc;
    if (!json_is_object(v))
        return ic_err_set(err, IC_EINPUT, "%s: tensor '%s' is not an object", path, name);
    const char *k;
    json_t *x;
    json_object_foreach(v, k, x) {
        if (strcmp(k, "dtype") && strcmp(k, "shape") && strcmp(k, "data_offsets"))
            return ic_err_set(err, IC_EINPUT, "%s: tensor '%s': unknown key '%.40s'", path, name,
                              k);
    }
    json_t *dt = json_object_get(v, "dtype"), *sh = json_object_get(v, "shape"),
           *off = json_object_get(v, "data_offsets");
    if (!dt || !sh || !off)
        return ic_err_set(err, IC_EINPUT, "%s: tensor '%s': missing key '%s'", path, name,
                          !dt ? "dtype" : !sh ? "shape" : "data_offsets");
    if (!json_is_string(dt))
        return ic_err_set(err, IC_EINPUT, "%s: tensor '%s': dtype must be a string", path, name);
    t->dt = find_dtype(json_string_value(dt));
    if (!t->dt)
        return ic_err_set(err, IC_EINPUT, "%s: tensor '%s': unknown dtype '%.20s'", path, name,
                          json_string_value(dt));
    rc = parse_shape(t, sh, path, err);
    return rc ? rc : parse_offsets(t, off, data_len, path, err);
}

static int cmp_offsets(const void *a, const void *b)
{
    const st_entry *x = a, *y = b;
    if (x->begin != y->begin)
        return x->begin < y->begin ? -1 : 1;
    return x->end < y->end ? -1 : x->end > y->end;
}

/* The format requires the tensors to tile the data section exactly. */
static int check_tiling(st_file *f, const char *path, ic_err *err)
{
    qsort(f->e, f->n, sizeof *f->e, cmp_offsets);
    uint64_t at = 0;
    for (size_t i = 0; i < f->n; i++) {
        const st_entry *t = &f->e[i];
        if (t->begin < at)
            return ic_err_set(err, IC_EINPUT, "%s: tensors '%s' and '%s' overlap", path,
                              f->e[i - 1].name, t->name);
        if (t->begin > at)
            return ic_err_set(err, IC_EINPUT,
                              "%s: %llu unused bytes before tensor '%s' (holes are refused)", path,
                              (unsigned long long)(t->begin - at), t->name);
        at = t->end;
    }
    if (at != f->data_len)
        return ic_err_set(err, IC_EINPUT, "%s: %llu trailing bytes after the last tensor", path,
                          (unsigned long long)(f->data_len - at));
    return IC_OK;
}

/* Replaces control characters so a parser message stays one line. */
static void one_line(char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20)
            *s = ' ';
}

static int st_open(st_file *f, const unsigned char *buf, size_t len, const char *path,
                   ic_err *err)
{
    memset(f, 0, sizeof *f);
    if (len < 8)
        return ic_err_set(err, IC_EINPUT, "%s: truncated safetensors file (%zu bytes)", path, len);
    uint64_t n = 0;
    for (int i = 7; i >= 0; i--)
        n = n << 8 | buf[i];
    if (n > len - 8)
        return ic_err_set(err, IC_EINPUT,
                          "%s: safetensors header length %llu runs past the end of the file "
                          "(%zu bytes follow)", path, (unsigned long long)n, len - 8);
    if (n > ST_HEADER_MAX)
        return ic_err_set(err, IC_EINPUT,
                          "%s: safetensors header length %llu exceeds the limit of %u bytes",
                          path, (unsigned long long)n, ST_HEADER_MAX);
    if (n == 0 || buf[8] != '{')
        return ic_err_set(err, IC_EINPUT, "%s: safetensors header does not start with '{'", path);
    json_error_t je;
    f->root = json_loadb((const char *)buf + 8, (size_t)n, JSON_REJECT_DUPLICATES, &je);
    if (!f->root) {
        one_line(je.text);
        return ic_err_set(err, IC_EINPUT, "%s: safetensors header is not valid JSON: %s (byte %d)",
                          path, je.text, je.position);
    }
    if (!json_is_object(f->root))
        return ic_err_set(err, IC_EINPUT, "%s: safetensors header is not a JSON object", path);
    f->data = buf + 8 + n;
    f->data_len = len - 8 - n;
    f->e = ic_calloc(json_object_size(f->root) + 1, sizeof *f->e);
    if (!f->e)
        return ic_err_set(err, IC_EINTERNAL, "%s: out of memory", path);
    const char *k;
    json_t *v;
    json_object_foreach(f->root, k, v) {
        int rc = strcmp(k, ST_METADATA) == 0
                     ? check_metadata(v, path, err)
                     : parse_entry(&f->e[f->n++], k, v, f->data_len, path, err);
        if (rc)
            return rc;
    }
    return check_tiling(f, path, err);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of the tensors (pointers into the JSON root). */
static int st_names(const st_file *f, ic_array_names *out, const char *path, ic_err *err)
{
    out->name = ic_calloc(f->n + 1, sizeof *out->name);
    if (!out->name)
        return ic_err_set(err, IC_EINTERNAL, "%s: out of memory", path);
    for (size_t i = 0; i < f->n; i++)
        out->name[i] = (char *)f->e[i].name;
    out->n = f->n;
    qsort(out->name, out->n, sizeof *out->name, cmp_str);
    return IC_OK;
}

int ic_safetensors_list(ic_array_names *out, const unsigned char *buf, size_t len, const char *path,
                ic_err *err)
{
    st_file f;
    memset(out, 0, sizeof *out);
    int rc = st_open(&f, buf, len, path, err);
    ic_array_names view = {0, NULL};
    if (rc == IC_OK)
        rc = st_names(&f, &view, path, err);
    if (rc == IC_OK) {
        out->name = ic_calloc(view.n + 1, sizeof *out->name);
        if (!out->name)
            rc = ic_err_set(err, IC_EINTERNAL, "%s: out of memory", path);
        for (size_t i = 0; rc == IC_OK && i < view.n; i++) {
            out->name[i] = strdup(view.name[i]);
            if (!out->name[i])
                rc = ic_err_set(err, IC_EINTERNAL, "%s: out of memory", path);
            out->n = i + 1;
        }
    }
    free(view.name);
    st_close(&f);
    if (rc)
        ic_array_names_free(out);
    return rc;
}

static void format_index(char *buf, size_t cap, const st_entry *t, size_t flat)
{
    size_t idx[IC_NPY_MAX_DIMS], n = 0;
    for (size_t i = t->ndim; i-- > 0;) {
        idx[i] = flat % t->shape[i];
        flat /= t->shape[i];
    }
    n += (size_t)snprintf(buf, cap, "(");
    for (size_t i = 0; i < t->ndim && n < cap; i++)
        n += (size_t)snprintf(buf + n, cap - n, "%s%zu", i ? ", " : "", idx[i]);
    if (n < cap)
        snprintf(buf + n, cap - n, t->ndim == 1 ? ",)" : ")");
}

static int convert(ic_npy_array *out, const st_file *f, const st_entry *t, const ic_npy_opts *opts,
                   const char *path, ic_err *err)
{
    size_t bytes = t->count * t->dt->itemsize;
    size_t max = opts && opts->max_bytes ? opts->max_bytes : ST_DEFAULT_MAX_BYTES;
    if (!t->dt->kind)
        return ic_err_set(err, IC_EINPUT,
                          "%s: tensor '%s' has dtype %s, which is not supported (need F16, BF16, "
                          "F32 or F64)", path, t->name, t->dt->name);
    if (bytes > max)
        return ic_err_set(err, IC_EINPUT, "%s:%s: data of %zu bytes exceeds the limit of %zu bytes",
                          path, t->name, bytes, max);
    out->ndim = t->ndim;
    memcpy(out->shape, t->shape, sizeof out->shape);
    out->size = t->count;
    snprintf(out->dtype, sizeof out->dtype, "%s", t->dt->name);
    if (opts && opts->header_only)
        return IC_OK;
    out->data = ic_calloc(t->count ? t->count : 1, sizeof *out->data);
    if (!out->data)
        return ic_err_set(err, IC_EINTERNAL, "%s:%s: out of memory for %zu values", path,
                          t->name, t->count);
    const unsigned char *src = f->data + t->begin;
    for (size_t k = 0; k < t->count; k++) {
        out->data[k] = load_value(src + k * t->dt->itemsize, t->dt->kind);
        if (!isfinite(out->data[k]) && !(opts && opts->allow_nonfinite)) {
            char ix[256];
            format_index(ix, sizeof ix, t, k);
            const char *v = isnan(out->data[k]) ? "nan" : out->data[k] > 0 ? "inf" : "-inf";
            return ic_err_set(err, IC_EINPUT, "%s:%s: non-finite value %s at index %s (C order)",
                              path, t->name, v, ix);
        }
    }
    return IC_OK;
}

int ic_safetensors_load(ic_npy_array *out, const unsigned char *buf, size_t len, const char *path,
                const char *member, const ic_npy_opts *opts, ic_err *err)
{
    memset(out, 0, sizeof *out);
    st_file f;
    ic_array_names names = {0, NULL};
    const char *chosen = NULL;
    int rc = st_open(&f, buf, len, path, err);
    if (rc == IC_OK)
        rc = st_names(&f, &names, path, err);
    if (rc == IC_OK)
        rc = ic_array_select(&names, path, member, &chosen, err);
    if (rc == IC_OK) {
        const st_entry *t = f.e;
        while (t->name != chosen)
            t++;
        rc = convert(out, &f, t, opts, path, err);
    }
    free(names.name);
    st_close(&f);
    if (rc)
        ic_npy_free(out);
    return rc;
}
