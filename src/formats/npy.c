/* ic_npy: strict reader and writer of NumPy .npy arrays (see src/formats/npy.h).
 *
 * The header is a Python dict literal; it is parsed by a small hand-written
 * recursive-descent parser that accepts exactly the subset numpy writes for
 * float arrays, so no input can make us evaluate anything.  Every size is
 * checked for overflow before anything is allocated. */
#include "formats/npy.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/file_io.h"

/* Conversion reinterprets the bytes of IEEE binary32/binary64 values. */
_Static_assert(sizeof(float) == 4 && FLT_MANT_DIG == 24 && FLT_MAX_EXP == 128,
               "float must be IEEE binary32");
_Static_assert(sizeof(double) == 8 && DBL_MANT_DIG == 53 && DBL_MAX_EXP == 1024,
               "double must be IEEE binary64");

#define IC_NPY_DEFAULT_MAX_BYTES ((size_t)1 << 30)
/* Real float headers are about 120 bytes; refusing long ones bounds the
 * work a hostile file can cause (numpy itself refuses > 10000 by default). */
#define IC_NPY_HEADER_MAX 65535u
#define IC_NPY_MAGIC_LEN 6
#define IC_NPY_ALIGN 64
/* numpy pads the header so the first axis can grow to this many digits. */
#define IC_NPY_GROWTH_DIGITS 21
#define IC_NPY_SHAPE_STR 256

static const unsigned char ic_npy_magic[IC_NPY_MAGIC_LEN] = {0x93, 'N', 'U', 'M', 'P', 'Y'};

static const char *nm(const char *name)
{
    return name ? name : "(buffer)";
}

/* ---- formatting shapes and indices ---- */

/* Writes "(3, 4)", "(5,)" or "()"; entries equal to SIZE_MAX print as
 * "any" when any_ok is set. */
static void format_dims(char *buf, size_t cap, size_t ndim, const size_t *dims, int any_ok)
{
    size_t n = 0;
    n += (size_t)snprintf(buf, cap, "(");
    for (size_t i = 0; i < ndim && n < cap; i++) {
        const char *sep = i ? ", " : "";
        if (any_ok && dims[i] == SIZE_MAX)
            n += (size_t)snprintf(buf + n, cap - n, "%sany", sep);
        else
            n += (size_t)snprintf(buf + n, cap - n, "%s%zu", sep, dims[i]);
    }
    if (n < cap)
        snprintf(buf + n, cap - n, ndim == 1 ? ",)" : ")");
}

/* The multi-index of C-order position flat, formatted like a shape. */
static void format_index(char *buf, size_t cap, size_t ndim, const size_t *shape, size_t flat)
{
    size_t idx[IC_NPY_MAX_DIMS];
    for (size_t i = ndim; i-- > 0;) {
        idx[i] = flat % shape[i];
        flat /= shape[i];
    }
    format_dims(buf, cap, ndim, idx, 0);
}

/* Element count of a shape; returns -1 if it overflows size_t.  A zero
 * dimension makes the count 0 whatever the others are, as in numpy. */
static int shape_count(size_t ndim, const size_t *shape, size_t *count)
{
    size_t n = 1;
    for (size_t i = 0; i < ndim; i++)
        if (shape[i] == 0) {
            *count = 0;
            return 0;
        }
    for (size_t i = 0; i < ndim; i++) {
        if (n > SIZE_MAX / shape[i])
            return -1;
        n *= shape[i];
    }
    *count = n;
    return 0;
}

/* ---- preamble: magic, version, header length ---- */

typedef struct {
    size_t hdr_off;   /* first byte of the header text */
    size_t hdr_len;   /* as declared */
} ic_npy_preamble;

static int parse_preamble(const unsigned char *buf, size_t len, const char *name,
                          ic_npy_preamble *pre, ic_err *err)
{
    if (len == 0)
        return ic_err_set(err, IC_EINPUT, "%s: empty file (0 bytes), not a .npy file", nm(name));
    size_t m = len < IC_NPY_MAGIC_LEN ? len : IC_NPY_MAGIC_LEN;
    if (memcmp(buf, ic_npy_magic, m) != 0)
        return ic_err_set(err, IC_EINPUT, "%s: not a .npy file (bad magic)", nm(name));
    if (len < IC_NPY_MAGIC_LEN + 2)
        return ic_err_set(err, IC_EINPUT, "%s: truncated preamble: %zu bytes", nm(name), len);
    unsigned major = buf[6], minor = buf[7];
    if (minor != 0 || major < 1 || major > 3)
        return ic_err_set(err, IC_EINPUT, "%s: unsupported .npy version %u.%u", nm(name),
                          major, minor);
    size_t lenbytes = major == 1 ? 2 : 4;
    if (len < IC_NPY_MAGIC_LEN + 2 + lenbytes)
        return ic_err_set(err, IC_EINPUT, "%s: truncated preamble: %zu bytes", nm(name), len);
    const unsigned char *p = buf + IC_NPY_MAGIC_LEN + 2;
    unsigned long hl = (unsigned long)p[0] | (unsigned long)p[1] << 8;
    if (lenbytes == 4)
        hl |= (unsigned long)p[2] << 16 | (unsigned long)p[3] << 24;
    pre->hdr_off = IC_NPY_MAGIC_LEN + 2 + lenbytes;
    if (hl > len - pre->hdr_off)
        return ic_err_set(err, IC_EINPUT,
                          "%s: header length %lu runs past end of file (%zu bytes follow the preamble)",
                          nm(name), hl, len - pre->hdr_off);
    if (hl > IC_NPY_HEADER_MAX)
        return ic_err_set(err, IC_EINPUT, "%s: header length %lu exceeds the limit of %u bytes",
                          nm(name), hl, IC_NPY_HEADER_MAX);
    pre->hdr_len = (size_t)hl;
    return IC_OK;
}

/* Header bytes must be printable ASCII or whitespace.  Version 3.0 allows
 * utf-8, but nothing non-ASCII can occur in a float array's header. */
static int check_header_bytes(const unsigned char *h, size_t n, const char *name, ic_err *err)
{
    for (size_t i = 0; i < n; i++) {
        unsigned c = h[i];
        if (c >= 0x80)
            return ic_err_set(err, IC_EINPUT, "%s: non-ASCII byte 0x%02x in header at offset %zu",
                              nm(name), c, i);
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
            return ic_err_set(err, IC_EINPUT, "%s: control byte 0x%02x in header at offset %zu",
                              nm(name), c, i);
    }
    if (n == 0 || h[n - 1] != '\n')
        return ic_err_set(err, IC_EINPUT, "%s: header not terminated by a newline", nm(name));
    return IC_OK;
}

/* ---- header dict parser ---- */

enum { KEY_DESCR, KEY_FORTRAN, KEY_SHAPE, KEY_COUNT };
static const char *const key_names[KEY_COUNT] = {"descr", "fortran_order", "shape"};

typedef struct {
    const char *start, *p, *end;  /* header text and cursor */
    const char *name;
    ic_err *err;
    int seen[KEY_COUNT];
    ic_npy_array *out;
} hparser;

typedef struct {
    const char *s;
    size_t n;
} span;

static int hp_fail(hparser *hp, const char *what)
{
    return ic_err_set(hp->err, IC_EINPUT, "%s: malformed header at offset %zu: %s",
                      nm(hp->name), (size_t)(hp->p - hp->start), what);
}

static void hp_ws(hparser *hp)
{
    while (hp->p < hp->end && (*hp->p == ' ' || *hp->p == '\t' || *hp->p == '\n' || *hp->p == '\r'))
        hp->p++;
}

static int hp_peek(const hparser *hp)
{
    return hp->p < hp->end ? (unsigned char)*hp->p : -1;
}

static int is_ident(int c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/* A quoted string without escapes; prefixes (b'', u'') are not accepted. */
static int hp_string(hparser *hp, span *s, const char *what)
{
    int q = hp_peek(hp);
    if (q != '\'' && q != '"')
        return hp_fail(hp, what);
    const char *b = ++hp->p;
    while (hp->p < hp->end && *hp->p != q) {
        if (*hp->p == '\\' || *hp->p == '\n')
            return hp_fail(hp, "escape or newline in string");
        hp->p++;
    }
    if (hp->p == hp->end)
        return hp_fail(hp, "unterminated string");
    s->s = b;
    s->n = (size_t)(hp->p - b);
    hp->p++;
    return IC_OK;
}

static int hp_key(hparser *hp, int *which)
{
    span k;
    int rc = hp_string(hp, &k, "expected a quoted key");
    if (rc)
        return rc;
    for (int i = 0; i < KEY_COUNT; i++)
        if (strlen(key_names[i]) == k.n && memcmp(key_names[i], k.s, k.n) == 0) {
            if (hp->seen[i])
                return ic_err_set(hp->err, IC_EINPUT, "%s: duplicate key '%s' in header",
                                  nm(hp->name), key_names[i]);
            hp->seen[i] = 1;
            *which = i;
            return IC_OK;
        }
    return ic_err_set(hp->err, IC_EINPUT, "%s: unknown key '%.*s' in header", nm(hp->name),
                      k.n > 40 ? 40 : (int)k.n, k.s);
}

static int hp_descr(hparser *hp)
{
    static const char *const ok_types[] = {"<f4", "<f8", ">f4", ">f8"};
    if (hp_peek(hp) == '[')
        return ic_err_set(hp->err, IC_EINPUT, "%s: unsupported dtype (structured array)",
                          nm(hp->name));
    span d;
    int rc = hp_string(hp, &d, "descr must be a quoted string");
    if (rc)
        return rc;
    for (size_t i = 0; i < sizeof ok_types / sizeof ok_types[0]; i++)
        if (d.n == 3 && memcmp(d.s, ok_types[i], 3) == 0) {
            memcpy(hp->out->dtype, ok_types[i], 4);
            return IC_OK;
        }
    return ic_err_set(hp->err, IC_EINPUT,
                      "%s: unsupported dtype '%.*s' (need <f4, <f8, >f4 or >f8)", nm(hp->name),
                      d.n > 40 ? 40 : (int)d.n, d.s);
}

static int hp_word(hparser *hp, const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(hp->end - hp->p) < n || memcmp(hp->p, w, n) != 0)
        return 0;
    if (hp->p + n < hp->end && is_ident((unsigned char)hp->p[n]))
        return 0;
    hp->p += n;
    return 1;
}

static int hp_fortran(hparser *hp)
{
    if (hp_word(hp, "True"))
        hp->out->fortran_order = 1;
    else if (hp_word(hp, "False"))
        hp->out->fortran_order = 0;
    else
        return hp_fail(hp, "fortran_order must be True or False");
    return IC_OK;
}

/* The token at the cursor, for messages about a bad dimension. */
static span hp_token(const hparser *hp)
{
    const char *e = hp->p;
    if (e < hp->end && (*e == '-' || *e == '+'))
        e++;
    while (e < hp->end && (is_ident((unsigned char)*e) || *e == '.' || *e == '+' || *e == '-'))
        e++;
    size_t n = (size_t)(e - hp->p);
    return (span){hp->p, n > 40 ? 40 : n};
}

/* A non-negative decimal integer without sign, leading zeros or suffix. */
static int hp_dim(hparser *hp, size_t *v)
{
    span t = hp_token(hp);
    int c = hp_peek(hp);
    if (c == '-')
        return ic_err_set(hp->err, IC_EINPUT, "%s: negative dimension '%.*s' in shape",
                          nm(hp->name), (int)t.n, t.s);
    if (c < '0' || c > '9')
        return hp_fail(hp, "expected a non-negative integer dimension");
    size_t x = 0;
    const char *b = hp->p;
    while (hp->p < hp->end && *hp->p >= '0' && *hp->p <= '9') {
        unsigned d = (unsigned)(*hp->p - '0');
        if (x > (SIZE_MAX - d) / 10)
            return ic_err_set(hp->err, IC_EINPUT, "%s: dimension '%.*s' too large for size_t",
                              nm(hp->name), (int)t.n, t.s);
        x = x * 10 + d;
        hp->p++;
    }
    c = hp_peek(hp);
    if (is_ident(c) || c == '.')
        return ic_err_set(hp->err, IC_EINPUT, "%s: non-integer dimension '%.*s' in shape",
                          nm(hp->name), (int)t.n, t.s);
    if (hp->p - b > 1 && *b == '0')
        return ic_err_set(hp->err, IC_EINPUT, "%s: dimension '%.*s' has a leading zero",
                          nm(hp->name), (int)t.n, t.s);
    *v = x;
    return IC_OK;
}

/* "()", "(5,)", "(3, 4)" or "(3, 4,)"; "(5)" is an int in Python, so no. */
static int hp_shape(hparser *hp)
{
    ic_npy_array *a = hp->out;
    if (hp_peek(hp) != '(')
        return hp_fail(hp, "shape must be a tuple");
    hp->p++;
    hp_ws(hp);
    a->ndim = 0;
    int comma = 0;
    while (hp_peek(hp) != ')') {
        if (a->ndim == IC_NPY_MAX_DIMS)
            return ic_err_set(hp->err, IC_EINPUT, "%s: shape has more than %d dimensions",
                              nm(hp->name), IC_NPY_MAX_DIMS);
        int rc = hp_dim(hp, &a->shape[a->ndim++]);
        if (rc)
            return rc;
        hp_ws(hp);
        comma = hp_peek(hp) == ',';
        if (comma) {
            hp->p++;
            hp_ws(hp);
        } else if (hp_peek(hp) != ')') {
            return hp_fail(hp, "expected ',' or ')' in shape");
        }
    }
    if (a->ndim == 1 && !comma)
        return hp_fail(hp, "shape '(n)' is not a tuple; numpy writes '(n,)'");
    hp->p++;
    return IC_OK;
}

static int hp_value(hparser *hp, int key)
{
    switch (key) {
    case KEY_DESCR:
        return hp_descr(hp);
    case KEY_FORTRAN:
        return hp_fortran(hp);
    default:
        return hp_shape(hp);
    }
}

static int hp_item(hparser *hp)
{
    int key = KEY_DESCR, rc = hp_key(hp, &key);
    if (rc)
        return rc;
    hp_ws(hp);
    if (hp_peek(hp) != ':')
        return hp_fail(hp, "expected ':' after key");
    hp->p++;
    hp_ws(hp);
    return hp_value(hp, key);
}

/* '{' item (',' item)* [','] '}' followed only by spaces up to the final
 * newline, which check_header_bytes has already found. */
static int hp_dict(hparser *hp)
{
    hp_ws(hp);
    if (hp_peek(hp) != '{')
        return hp_fail(hp, "header must start with '{'");
    hp->p++;
    hp_ws(hp);
    while (hp_peek(hp) != '}') {
        int rc = hp_item(hp);
        if (rc)
            return rc;
        hp_ws(hp);
        if (hp_peek(hp) == ',') {
            hp->p++;
            hp_ws(hp);
        } else if (hp_peek(hp) != '}') {
            return hp_fail(hp, "expected ',' or '}'");
        }
    }
    hp->p++;
    while (hp->p < hp->end - 1 && *hp->p == ' ')
        hp->p++;
    if (hp->p != hp->end - 1)
        return hp_fail(hp, "junk after the header dict (padding must be spaces)");
    for (int i = 0; i < KEY_COUNT; i++)
        if (!hp->seen[i])
            return ic_err_set(hp->err, IC_EINPUT, "%s: missing key '%s' in header",
                              nm(hp->name), key_names[i]);
    return IC_OK;
}

static int parse_header(const unsigned char *h, size_t n, const char *name, ic_npy_array *out,
                        ic_err *err)
{
    int rc = check_header_bytes(h, n, name, err);
    if (rc)
        return rc;
    hparser hp = {0};
    hp.start = hp.p = (const char *)h;
    hp.end = hp.start + n;
    hp.name = name;
    hp.err = err;
    hp.out = out;
    return hp_dict(&hp);
}

/* ---- data ---- */

/* Checks the declared size against the limit and the bytes present. */
static int check_data_size(ic_npy_array *a, size_t itemsize, size_t present, size_t max_bytes,
                           const char *name, ic_err *err)
{
    char sh[IC_NPY_SHAPE_STR];
    format_dims(sh, sizeof sh, a->ndim, a->shape, 0);
    if (shape_count(a->ndim, a->shape, &a->size) != 0)
        return ic_err_set(err, IC_EINPUT, "%s: shape %s: element count overflows size_t",
                          nm(name), sh);
    if (a->size > SIZE_MAX / itemsize)
        return ic_err_set(err, IC_EINPUT, "%s: shape %s: byte count overflows size_t",
                          nm(name), sh);
    size_t bytes = a->size * itemsize;
    if (bytes > max_bytes)
        return ic_err_set(err, IC_EINPUT, "%s: shape %s: data of %zu bytes exceeds the limit of %zu bytes",
                          nm(name), sh, bytes, max_bytes);
    if (present < bytes)
        return ic_err_set(err, IC_EINPUT, "%s: truncated data: %zu bytes declared, %zu present",
                          nm(name), bytes, present);
    if (present > bytes)
        return ic_err_set(err, IC_EINPUT, "%s: trailing bytes: %zu bytes declared, %zu present",
                          nm(name), bytes, present);
    return IC_OK;
}

/* One element, converted exactly: every binary32 value is a binary64 value. */
static double load_elem(const unsigned char *p, size_t itemsize, int big)
{
    uint64_t u = 0;
    for (size_t i = 0; i < itemsize; i++)
        u = u << 8 | p[big ? i : itemsize - 1 - i];
    if (itemsize == 4) {
        uint32_t w = (uint32_t)u;
        float f;
        memcpy(&f, &w, sizeof f);
        return (double)f;
    }
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

/* Stores the elements in C order.  A Fortran-order file lists them with the
 * first index fastest; off tracks the C position of that multi-index. */
static void convert(ic_npy_array *a, const unsigned char *src, size_t itemsize, int big)
{
    if (!a->fortran_order || a->ndim < 2) {
        for (size_t k = 0; k < a->size; k++)
            a->data[k] = load_elem(src + k * itemsize, itemsize, big);
        return;
    }
    size_t stride[IC_NPY_MAX_DIMS], idx[IC_NPY_MAX_DIMS] = {0}, off = 0;
    stride[a->ndim - 1] = 1;
    for (size_t d = a->ndim - 1; d-- > 0;)
        stride[d] = stride[d + 1] * a->shape[d + 1];
    for (size_t k = 0; k < a->size; k++) {
        a->data[off] = load_elem(src + k * itemsize, itemsize, big);
        for (size_t d = 0; d < a->ndim; d++) {
            off += stride[d];
            if (++idx[d] < a->shape[d])
                break;
            off -= stride[d] * a->shape[d];
            idx[d] = 0;
        }
    }
}

static int check_finite(const ic_npy_array *a, const char *name, ic_err *err)
{
    for (size_t k = 0; k < a->size; k++)
        if (!isfinite(a->data[k])) {
            char ix[IC_NPY_SHAPE_STR];
            format_index(ix, sizeof ix, a->ndim, a->shape, k);
            const char *v = isnan(a->data[k]) ? "nan" : a->data[k] > 0 ? "inf" : "-inf";
            return ic_err_set(err, IC_EINPUT,
                              "%s: non-finite value %s at index %s (C order)", nm(name), v, ix);
        }
    return IC_OK;
}

/* ---- public API ---- */

void ic_npy_free(ic_npy_array *a)
{
    if (!a)
        return;
    free(a->data);
    memset(a, 0, sizeof *a);
}

static size_t opt_max_bytes(const ic_npy_opts *opts)
{
    return opts && opts->max_bytes ? opts->max_bytes : IC_NPY_DEFAULT_MAX_BYTES;
}

/* buf holds the first len bytes of an image of total bytes (len == total
 * unless only the header was inflated, for opts->header_only). */
static int parse_into(ic_npy_array *a, const unsigned char *buf, size_t len, size_t total,
                      const char *name, const ic_npy_opts *opts, ic_err *err)
{
    ic_npy_preamble pre = {0, 0};
    int rc = parse_preamble(buf, len, name, &pre, err);
    if (rc)
        return rc;
    rc = parse_header(buf + pre.hdr_off, pre.hdr_len, name, a, err);
    if (rc)
        return rc;
    size_t itemsize = a->dtype[2] == '4' ? 4 : 8;
    size_t data_off = pre.hdr_off + pre.hdr_len;
    rc = check_data_size(a, itemsize, total - data_off, opt_max_bytes(opts), name, err);
    if (rc || (opts && opts->header_only))
        return rc;
    a->data = ic_calloc(a->size ? a->size : 1, sizeof *a->data);
    if (!a->data)
        return ic_err_set(err, IC_EINTERNAL, "%s: out of memory for %zu values", nm(name), a->size);
    convert(a, buf + data_off, itemsize, a->dtype[0] == '>');
    if (!(opts && opts->allow_nonfinite))
        return check_finite(a, name, err);
    return IC_OK;
}

int ic_npy_parse(ic_npy_array *out, const unsigned char *buf, size_t len, const char *name,
              const ic_npy_opts *opts, ic_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = parse_into(out, buf, len, len, name, opts, err);
    if (rc)
        ic_npy_free(out);
    return rc;
}

int ic_npy_parse_prefix(ic_npy_array *out, const unsigned char *buf, size_t len, size_t total,
                        const char *name, const ic_npy_opts *opts, ic_err *err)
{
    memset(out, 0, sizeof *out);
    ic_npy_opts o = opts ? *opts : (ic_npy_opts){ 0, 0, 0 };
    o.header_only = 1;
    int rc = parse_into(out, buf, len < total ? len : total, total, name, &o, err);
    if (rc)
        ic_npy_free(out);
    return rc;
}

int ic_npy_read(ic_npy_array *out, const char *path, const ic_npy_opts *opts, ic_err *err)
{
    memset(out, 0, sizeof *out);
    /* Allow the largest permitted data plus the longest permitted header. */
    size_t slack = IC_NPY_MAGIC_LEN + 2 + 4 + IC_NPY_HEADER_MAX;
    size_t max = opt_max_bytes(opts);
    size_t cap = max > SIZE_MAX - slack ? SIZE_MAX : max + slack;
    unsigned char *buf;
    size_t len;
    int rc = ic_read_file(path, cap, &buf, &len, err);
    if (rc)
        return rc;
    rc = ic_npy_parse(out, buf, len, path, opts, err);
    free(buf);
    return rc;
}

int ic_npy_expect_shape(const ic_npy_array *a, const char *name, size_t ndim, const size_t *shape,
                     ic_err *err)
{
    int match = a->ndim == ndim;
    for (size_t i = 0; match && i < ndim; i++)
        match = shape[i] == SIZE_MAX || shape[i] == a->shape[i];
    if (match)
        return IC_OK;
    char want[IC_NPY_SHAPE_STR], got[IC_NPY_SHAPE_STR];
    /* ndim is caller-supplied; beyond IC_NPY_MAX_DIMS no array can match anyway. */
    format_dims(want, sizeof want, ndim > IC_NPY_MAX_DIMS ? IC_NPY_MAX_DIMS : ndim, shape, 1);
    format_dims(got, sizeof got, a->ndim, a->shape, 0);
    return ic_err_set(err, IC_EINPUT, "%s: expected shape %s, got %s", nm(name), want, got);
}

/* ---- writer ---- */

/* Half an ulp above FLT_MAX: from here on, rounding to float32 gives inf
 * (and the C conversion would be undefined). */
#define IC_NPY_F32_OVERFLOW 0x1.ffffffp127

static int check_writable(const char *path, const double *data, size_t ndim,
                          const size_t *shape, size_t count, int f32, ic_err *err)
{
    for (size_t k = 0; k < count; k++) {
        char ix[IC_NPY_SHAPE_STR];
        if (isfinite(data[k]) && !(f32 && fabs(data[k]) >= IC_NPY_F32_OVERFLOW))
            continue;
        format_index(ix, sizeof ix, ndim, shape, k);
        if (!isfinite(data[k]))
            return ic_err_set(err, IC_EINPUT, "%s: refusing to write non-finite value at index %s",
                              path, ix);
        return ic_err_set(err, IC_EINPUT, "%s: value %g at index %s overflows float32", path,
                          data[k], ix);
    }
    return IC_OK;
}

/* The header text exactly as numpy 1.24 writes it (dict, growth padding,
 * alignment padding, newline), so our files are byte-identical to np.save. */
static size_t build_header(char *h, size_t cap, size_t ndim, const size_t *shape, int f32)
{
    char sh[IC_NPY_SHAPE_STR];
    format_dims(sh, sizeof sh, ndim, shape, 0);
    int n = snprintf(h, cap, "{'descr': '%s', 'fortran_order': False, 'shape': %s, }",
                     f32 ? "<f4" : "<f8", sh);
    size_t len = (size_t)n;
    if (ndim > 0) {
        char first[32];
        size_t digits = (size_t)snprintf(first, sizeof first, "%zu", shape[0]);
        for (size_t i = digits; i < IC_NPY_GROWTH_DIGITS; i++)
            h[len++] = ' ';
    }
    /* numpy adds a whole IC_NPY_ALIGN of padding when already aligned. */
    size_t pad = IC_NPY_ALIGN - (IC_NPY_MAGIC_LEN + 2 + 2 + len + 1) % IC_NPY_ALIGN;
    memset(h + len, ' ', pad);
    len += pad;
    h[len++] = '\n';
    return len;
}

static void store_le(unsigned char *p, uint64_t u, size_t n)
{
    for (size_t i = 0; i < n; i++, u >>= 8)
        p[i] = (unsigned char)u;
}

static void store_data(unsigned char *dst, const double *data, size_t count, int f32)
{
    for (size_t k = 0; k < count; k++) {
        if (f32) {
            float f = (float)data[k];  /* round to nearest, checked finite */
            uint32_t w;
            memcpy(&w, &f, sizeof w);
            store_le(dst + 4 * k, w, 4);
        } else {
            uint64_t u;
            memcpy(&u, &data[k], sizeof u);
            store_le(dst + 8 * k, u, 8);
        }
    }
}

int ic_npy_write(const char *path, const double *data, size_t ndim, const size_t *shape, int f32,
              ic_err *err)
{
    size_t count, itemsize = f32 ? 4 : 8;
    if (ndim > IC_NPY_MAX_DIMS)
        return ic_err_set(err, IC_EINPUT, "%s: cannot write %zu dimensions (at most %d)", path,
                          ndim, IC_NPY_MAX_DIMS);
    if (shape_count(ndim, shape, &count) != 0 || count > (SIZE_MAX - 4096) / itemsize)
        return ic_err_set(err, IC_EINPUT, "%s: array too large to write", path);
    if (count && !data)
        return ic_err_set(err, IC_EINTERNAL, "%s: no data to write", path);
    int rc = check_writable(path, data, ndim, shape, count, f32, err);
    if (rc)
        return rc;
    /* dict (~70) + 8 dims of 20 digits + growth and alignment padding. */
    char hdr[512];
    size_t hlen = build_header(hdr, sizeof hdr, ndim, shape, f32);
    size_t pre = IC_NPY_MAGIC_LEN + 2 + 2, total = pre + hlen + count * itemsize;
    unsigned char *buf = malloc(total);
    if (!buf)
        return ic_err_set(err, IC_EINTERNAL, "%s: out of memory", path);
    memcpy(buf, ic_npy_magic, IC_NPY_MAGIC_LEN);
    buf[6] = 1;
    buf[7] = 0;
    store_le(buf + 8, hlen, 2);
    memcpy(buf + pre, hdr, hlen);
    store_data(buf + pre + hlen, data, count, f32);
    rc = ic_write_atomic(path, buf, total, err);
    free(buf);
    return rc;
}
