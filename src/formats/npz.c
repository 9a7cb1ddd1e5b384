/* ic_npz: the strict .npz reader, members inflated by libzip from memory
 * and parsed by ic_npy (see src/formats/npz.h and src/formats/weights.h). */
#include "formats/npz.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

/* Deflate cannot expand data by more than about 1032:1 (258-byte matches
 * coded in one bit each); a member declaring more is a zip bomb. */
#define NPZ_DEFLATE_RATIO 1032u
#define NPZ_DEFLATE_SLACK 1024u
#define NPZ_DEFAULT_MAX_BYTES ((size_t)1 << 30)
/* The longest .npy preamble + header ic_npy accepts. */
#define NPZ_NPY_HEADER_MAX (6 + 2 + 4 + 65535)
#define NPZ_NPY_SUFFIX ".npy"

typedef struct {
    zip_t *za;
    ic_array_names names;     /* sorted, without ".npy" */
    zip_uint64_t *index; /* zip entry of names.name[i] */
} npz_archive;

static void npz_close(npz_archive *a)
{
    if (a->za)
        zip_discard(a->za);
    ic_array_names_free(&a->names);
    free(a->index);
    memset(a, 0, sizeof *a);
}

static int npz_open(npz_archive *a, const unsigned char *buf, size_t len, const char *path,
                    ic_err *err)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(buf, len, 0, &ze);
    if (!src) {
        zip_error_fini(&ze);
        return ic_err_set(err, IC_EINTERNAL, "%s: cannot create a zip source", path);
    }
    /* ZIP_CHECKCONS: local headers must agree with the central directory. */
    a->za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    if (!a->za) {
        int rc = zip_error_code_zip(&ze) == ZIP_ER_EXISTS
                     ? ic_err_set(err, IC_EINPUT, "%s: duplicate member names in .npz", path)
                     : ic_err_set(err, IC_EINPUT, "%s: not a valid .npz (zip) archive: %s", path,
                                  zip_error_strerror(&ze));
        zip_source_free(src);
        zip_error_fini(&ze);
        return rc;
    }
    zip_error_fini(&ze);
    return IC_OK;
}

/* A member name must be "NAME.npy" with a plain, printable NAME. */
static int npz_check_name(const char *nm, const char *path, ic_err *err)
{
    size_t n = strlen(nm), sl = strlen(NPZ_NPY_SUFFIX);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)nm[i];
        if (c < 0x20 || c == 0x7f)
            return ic_err_set(err, IC_EINPUT, "%s: member name with control byte 0x%02x", path, c);
    }
    if (strchr(nm, '/') || strchr(nm, '\\') || strstr(nm, ".."))
        return ic_err_set(err, IC_EINPUT,
                          "%s: member '%s': names with '/', '\\' or '..' are refused", path, nm);
    if (n <= sl || strcmp(nm + n - sl, NPZ_NPY_SUFFIX) != 0)
        return ic_err_set(err, IC_EINPUT,
                          "%s: member '%s' is not a NAME.npy array (an .npz holds only those)",
                          path, nm);
    return IC_OK;
}

/* Checks what the central directory says about entry i before anything
 * is inflated. */
static int npz_check_entry(const zip_stat_t *st, const char *path, size_t max_member,
                           ic_err *err)
{
    const zip_uint64_t need = ZIP_STAT_NAME | ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE |
                              ZIP_STAT_COMP_METHOD | ZIP_STAT_ENCRYPTION_METHOD;
    if ((st->valid & need) != need)
        return ic_err_set(err, IC_EINPUT, "%s: incomplete zip directory entry", path);
    int rc = npz_check_name(st->name, path, err);
    if (rc)
        return rc;
    if (st->encryption_method != ZIP_EM_NONE)
        return ic_err_set(err, IC_EINPUT, "%s: member '%s' is encrypted", path, st->name);
    if (st->comp_method != ZIP_CM_STORE && st->comp_method != ZIP_CM_DEFLATE)
        return ic_err_set(err, IC_EINPUT,
                          "%s: member '%s' uses compression method %d (need stored or deflated)",
                          path, st->name, (int)st->comp_method);
    unsigned long long size = st->size, comp = st->comp_size;
    if (size > max_member)
        return ic_err_set(err, IC_EINPUT,
                          "%s: member '%s' declares %llu bytes uncompressed, over the limit of %zu",
                          path, st->name, size, max_member);
    if (st->comp_method == ZIP_CM_STORE && size != comp)
        return ic_err_set(err, IC_EINPUT,
                          "%s: stored member '%s' declares %llu bytes but holds %llu", path,
                          st->name, size, comp);
    if (st->comp_method == ZIP_CM_DEFLATE &&
        comp <= (UINT64_MAX - NPZ_DEFLATE_SLACK) / NPZ_DEFLATE_RATIO &&
        size > comp * NPZ_DEFLATE_RATIO + NPZ_DEFLATE_SLACK)
        return ic_err_set(err, IC_EINPUT,
                          "%s: member '%s' declares %llu bytes from %llu compressed, more than "
                          "deflate can produce (zip bomb)", path, st->name, size, comp);
    return IC_OK;
}

typedef struct {
    char *name;
    zip_uint64_t index;
} npz_entry;

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const npz_entry *)a)->name, ((const npz_entry *)b)->name);
}

/* Sorts the names (carrying the zip index along) and refuses duplicates. */
static int npz_sort(npz_archive *a, const char *path, ic_err *err)
{
    size_t n = a->names.n;
    npz_entry *e = ic_calloc(n ? n : 1, sizeof *e);
    if (!e)
        return ic_err_set(err, IC_EINTERNAL, "%s: out of memory", path);
    for (size_t i = 0; i < n; i++)
        e[i] = (npz_entry){a->names.name[i], a->index[i]};
    qsort(e, n, sizeof *e, cmp_entry);
    for (size_t i = 0; i < n; i++) {
        a->names.name[i] = e[i].name;
        a->index[i] = e[i].index;
    }
    free(e);
    for (size_t i = 1; i < n; i++)
        if (strcmp(a->names.name[i - 1], a->names.name[i]) == 0)
            return ic_err_set(err, IC_EINPUT, "%s: duplicate member '%s.npy'", path,
                              a->names.name[i]);
    return IC_OK;
}

static size_t max_data(const ic_npy_opts *opts)
{
    return opts && opts->max_bytes ? opts->max_bytes : NPZ_DEFAULT_MAX_BYTES;
}

static uint64_t le(const unsigned char *p, int n)
{
    uint64_t v = 0;
    while (n-- > 0)
        v = v << 8 | p[n];
    return v;
}

/* libzip hands member names out as C strings, so a name with a NUL byte
 * ("A.npy\0.txt") would pass for its prefix: the raw names of the central
 * directory are read here and any NUL in them refused.  Walks the end of
 * central directory record (and its zip64 form) and the directory entries,
 * bounds-checked; the archive was already accepted by libzip. */
static int npz_check_raw_names(const unsigned char *buf, size_t len, const char *path, ic_err *err)
{
    size_t eocd = SIZE_MAX;
    for (size_t p = len >= 22 ? len - 22 : 0; len >= 22; p--) {
        if (le(buf + p, 4) == 0x06054b50u) {
            eocd = p;
            break;
        }
        if (p == 0 || len - p > 22 + 65535)
            break;
    }
    if (eocd == SIZE_MAX)
        return ic_err_set(err, IC_EINPUT, "%s: no zip end of central directory record", path);
    uint64_t count = le(buf + eocd + 10, 2), off = le(buf + eocd + 16, 4);
    if (count == 0xffff || off == 0xffffffffu) {
        /* zip64: the locator sits just before the record. */
        if (eocd < 20 || le(buf + eocd - 20, 4) != 0x07064b50u)
            return ic_err_set(err, IC_EINPUT, "%s: bad zip64 end of central directory locator", path);
        uint64_t z = le(buf + eocd - 20 + 8, 8);
        if (z > len || len - z < 56 || le(buf + z, 4) != 0x06064b50u)
            return ic_err_set(err, IC_EINPUT, "%s: bad zip64 end of central directory record", path);
        count = le(buf + z + 32, 8);
        off = le(buf + z + 48, 8);
    }
    for (uint64_t i = 0; i < count; i++) {
        if (off > len || len - off < 46 || le(buf + off, 4) != 0x02014b50u)
            return ic_err_set(err, IC_EINPUT, "%s: bad zip central directory entry %llu", path,
                              (unsigned long long)i);
        size_t nl = (size_t)le(buf + off + 28, 2), xl = (size_t)le(buf + off + 30, 2),
               cl = (size_t)le(buf + off + 32, 2);
        if (len - off - 46 < nl + xl + cl)
            return ic_err_set(err, IC_EINPUT, "%s: bad zip central directory entry %llu", path,
                              (unsigned long long)i);
        if (memchr(buf + off + 46, '\0', nl))
            return ic_err_set(err, IC_EINPUT, "%s: member name with a NUL byte (entry %llu)", path,
                              (unsigned long long)i);
        off += 46 + nl + xl + cl;
    }
    return IC_OK;
}

/* Opens the archive and validates every entry (names, sizes, methods). */
static int npz_scan(npz_archive *a, const unsigned char *buf, size_t len, const char *path,
                    size_t max_member, ic_err *err)
{
    memset(a, 0, sizeof *a);
    int rc = npz_open(a, buf, len, path, err);
    if (rc)
        return rc;
    zip_int64_t ne = zip_get_num_entries(a->za, 0);
    if (ne < 0)
        return ic_err_set(err, IC_EINPUT, "%s: unreadable zip directory", path);
    rc = npz_check_raw_names(buf, len, path, err);
    if (rc)
        return rc;
    size_t n = (size_t)ne;
    a->names.name = ic_calloc(n ? n : 1, sizeof *a->names.name);
    a->index = ic_calloc(n ? n : 1, sizeof *a->index);
    if (!a->names.name || !a->index)
        return ic_err_set(err, IC_EINTERNAL, "%s: out of memory for %zu members", path, n);
    for (size_t i = 0; i < n; i++) {
        zip_stat_t st;
        zip_stat_init(&st);
        if (zip_stat_index(a->za, i, 0, &st) != 0)
            return ic_err_set(err, IC_EINPUT, "%s: bad zip entry %zu: %s", path, i,
                              zip_strerror(a->za));
        rc = npz_check_entry(&st, path, max_member, err);
        if (rc)
            return rc;
        size_t nl = strlen(st.name) - strlen(NPZ_NPY_SUFFIX);
        char *s = malloc(nl + 1);
        if (!s)
            return ic_err_set(err, IC_EINTERNAL, "%s: out of memory", path);
        memcpy(s, st.name, nl);
        s[nl] = '\0';
        a->names.name[a->names.n] = s;
        a->index[a->names.n++] = i;
    }
    return npz_sort(a, path, err);
}

static size_t max_member_bytes(const ic_npy_opts *opts)
{
    size_t m = max_data(opts);
    return m > SIZE_MAX - NPZ_NPY_HEADER_MAX - 1 ? SIZE_MAX - 1 : m + NPZ_NPY_HEADER_MAX;
}

int ic_npz_list(ic_array_names *out, const unsigned char *buf, size_t len, const char *path,
                 ic_err *err)
{
    npz_archive a;
    memset(out, 0, sizeof *out);
    int rc = npz_scan(&a, buf, len, path, max_member_bytes(NULL), err);
    if (rc == IC_OK) {
        *out = a.names;
        a.names.n = 0;
        a.names.name = NULL;
    }
    npz_close(&a);
    return rc;
}

/* Inflates entry idx into a buffer of exactly its declared size, stopping
 * as soon as the output would pass it; libzip checks the CRC at the end. */
static int npz_inflate(zip_t *za, zip_uint64_t idx, const char *name, unsigned char **out,
                       size_t *outlen, ic_err *err)
{
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(za, idx, 0, &st) != 0)
        return ic_err_set(err, IC_EINPUT, "%s: bad zip entry: %s", name, zip_strerror(za));
    size_t cap = (size_t)st.size; /* bounded by npz_check_entry */
    unsigned char *data = malloc(cap + 1);
    if (!data)
        return ic_err_set(err, IC_EINTERNAL, "%s: out of memory for %zu bytes", name, cap);
    zip_file_t *zf = zip_fopen_index(za, idx, 0);
    if (!zf) {
        free(data);
        return ic_err_set(err, IC_EINPUT, "%s: cannot open member: %s", name, zip_strerror(za));
    }
    size_t got = 0;
    int rc = IC_OK;
    for (;;) {
        zip_int64_t r = zip_fread(zf, data + got, cap + 1 - got);
        if (r < 0) {
            rc = ic_err_set(err, IC_EINPUT, "%s: corrupt member: %s", name,
                            zip_file_strerror(zf));
            break;
        }
        if (r == 0)
            break;
        got += (size_t)r;
        if (got > cap) {
            rc = ic_err_set(err, IC_EINPUT, "%s: member inflates past its declared %zu bytes",
                            name, cap);
            break;
        }
    }
    zip_fclose(zf);
    if (rc == IC_OK && got != cap)
        rc = ic_err_set(err, IC_EINPUT, "%s: member inflates to %zu bytes, %zu declared", name,
                        got, cap);
    if (rc) {
        free(data);
        return rc;
    }
    *out = data;
    *outlen = got;
    return IC_OK;
}

/* Inflates the first min(declared size, want) bytes of entry idx: the .npy
 * preamble and header, enough to learn the member's shape. */
static int npz_inflate_prefix(zip_t *za, zip_uint64_t idx, const char *name, size_t want,
                              unsigned char **out, size_t *outlen, size_t *total, ic_err *err)
{
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(za, idx, 0, &st) != 0)
        return ic_err_set(err, IC_EINPUT, "%s: bad zip entry: %s", name, zip_strerror(za));
    size_t cap = (size_t)st.size < want ? (size_t)st.size : want;
    unsigned char *data = malloc(cap + 1);
    if (!data)
        return ic_err_set(err, IC_EINTERNAL, "%s: out of memory for %zu bytes", name, cap);
    zip_file_t *zf = zip_fopen_index(za, idx, 0);
    if (!zf) {
        free(data);
        return ic_err_set(err, IC_EINPUT, "%s: cannot open member: %s", name, zip_strerror(za));
    }
    size_t got = 0;
    int rc = IC_OK;
    while (got < cap) {
        zip_int64_t r = zip_fread(zf, data + got, cap - got);
        if (r < 0) {
            rc = ic_err_set(err, IC_EINPUT, "%s: corrupt member: %s", name, zip_file_strerror(zf));
            break;
        }
        if (r == 0)
            break;
        got += (size_t)r;
    }
    zip_fclose(zf);
    if (rc) {
        free(data);
        return rc;
    }
    *out = data;
    *outlen = got;
    *total = (size_t)st.size;
    return IC_OK;
}

int ic_npz_load(ic_npy_array *out, const unsigned char *buf, size_t len, const char *path,
                 const char *member, const ic_npy_opts *opts, ic_err *err)
{
    memset(out, 0, sizeof *out);
    npz_archive a;
    int rc = npz_scan(&a, buf, len, path, max_member_bytes(opts), err);
    /* numpy's NpzFile accepts "A" and "A.npy" alike. */
    char *plain = NULL;
    size_t ml = member ? strlen(member) : 0, sl = strlen(NPZ_NPY_SUFFIX);
    if (rc == IC_OK && ml > sl && strcmp(member + ml - sl, NPZ_NPY_SUFFIX) == 0) {
        plain = strdup(member);
        if (!plain)
            rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
        else
            plain[ml - sl] = '\0';
    }
    const char *chosen = NULL;
    if (rc == IC_OK)
        rc = ic_array_select(&a.names, path, plain ? plain : member, &chosen, err);
    free(plain);
    if (rc) {
        npz_close(&a);
        return rc;
    }
    size_t k = 0;
    while (a.names.name[k] != chosen)
        k++;
    size_t nl = strlen(path) + strlen(chosen) + 2;
    char *name = malloc(nl);
    if (!name) {
        npz_close(&a);
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    }
    snprintf(name, nl, "%s:%s", path, chosen);
    unsigned char *data = NULL;
    size_t dlen = 0;
    if (opts && opts->header_only) {
        size_t total = 0;
        rc = npz_inflate_prefix(a.za, a.index[k], name, NPZ_NPY_HEADER_MAX, &data, &dlen, &total, err);
        if (rc == IC_OK)
            rc = ic_npy_parse_prefix(out, data, dlen, total, name, opts, err);
        if (rc == IC_EINPUT) {
            /* A bad header may be a corrupt member: its CRC, checked only
             * at the end of a whole inflate (bounded by the declared size
             * checked above), names that better. */
            unsigned char *whole = NULL;
            size_t wlen = 0;
            ic_err crc;
            if (npz_inflate(a.za, a.index[k], name, &whole, &wlen, &crc) != IC_OK)
                *err = crc;
            free(whole);
        }
    } else {
        rc = npz_inflate(a.za, a.index[k], name, &data, &dlen, err);
        if (rc == IC_OK)
            rc = ic_npy_parse(out, data, dlen, name, opts, err);
    }
    free(data);
    free(name);
    npz_close(&a);
    return rc;
}
