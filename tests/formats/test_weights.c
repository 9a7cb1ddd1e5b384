/* Tests of ic_weights, the .npz and safetensors readers and the format dispatch.
 *
 * Valid fixtures under tests/data/weights/ were written by numpy (np.savez,
 * np.savez_compressed) and by the small safetensors writer in
 * make_fixtures.py, which also states the values checked here.  Malformed
 * files are under tests/data/weights/bad/; a few more are built in memory. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/file_io.h"
#include "formats/weights.h"
#include "formats/npz.h"
#include "formats/safetensors.h"
#include "tap.h"

/* ---- expected values (mirror make_fixtures.py) ---- */

static const double M64[12] = {
    0.1, -2.5, 1e-310, 1e300,
    -0.0, 3.0, 0x1p-1074, 1.0 / 3.0,
    123456789.125, -1e-5, 0x1p60, 0.5,
};

static double m32(size_t k)
{
    const double v[8] = {
        (double)0.1f, -2.5, 0x1p-140, 0x1p-149,
        (double)FLT_MAX, (double)(float)(1.0 / 3.0), -0.0, 16777216.0,
    };
    return v[k];
}

static const double VEC[5] = {1.0, -1.0, 0.25, 1e-3, 7.0};

/* binary16 fixture: smallest/largest subnormal, smallest normal, largest
 * finite, -0 and 1/3 rounded to half precision (1365/4096). */
static const double F16[8] = {
    1.0, -2.5, 0x1p-24, 1023 * 0x1p-24, 0x1p-14, 65504.0, -0.0, 0x1.554p-2,
};
/* bfloat16 fixture: smallest/largest subnormal, largest finite, 1/3. */
static const double BF16[6] = {
    1.0, -2.5, 0x1p-133, 127 * 0x1p-133, 0x1.fep127, 0x1.56p-2,
};

static int same(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

static const char *base(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* ---- helpers ---- */

typedef struct {
    unsigned char *buf;
    size_t len;
    const char *path;
} image;

static image load_image(const char *rel)
{
    image im = {NULL, 0, srcpath(rel)};
    ic_err e;
    if (ic_read_file(im.path, (size_t)1 << 26, &im.buf, &im.len, &e) != IC_OK)
        diag("%s", e.msg);
    return im;
}

static int get(ic_npy_array *a, const image *im, const char *member, const ic_npy_opts *o)
{
    ic_err e;
    ic_err_clear(&e);
    int rc = im->buf ? ic_weights_load(a, im->buf, im->len, im->path, member, o, &e) : IC_EINPUT;
    if (rc)
        diag("%s:%s: %s", base(im->path), member ? member : "(only)", e.msg);
    return rc;
}

static int shape_is(const ic_npy_array *a, size_t ndim, size_t d0, size_t d1)
{
    return a->ndim == ndim && (ndim < 1 || a->shape[0] == d0) && (ndim < 2 || a->shape[1] == d1);
}

static int values_are(const ic_npy_array *a, const double *want, size_t n)
{
    if (a->size != n)
        return 0;
    for (size_t k = 0; k < n; k++)
        if (!same(a->data[k], want[k]))
            return 0;
    return 1;
}

/* ---- conversions ---- */

static void test_f16_conversion(void)
{
    /* Independent of the formula: finite positive halves are evenly spaced
     * by 2^-24 up to 2^-13 and by 2^(e-25) in binade e. */
    int good = ic_safetensors_f16_to_double(0) == 0 && signbit(ic_safetensors_f16_to_double(0x8000));
    for (uint32_t h = 1; good && h < 0x7c00; h++) {
        int e = (int)(h >> 10);
        double step = ldexp(1.0, (e ? e : 1) - 25);
        if ((h & 0x3ff) == 0 && e > 1)
            step = ldexp(1.0, e - 26); /* crossing into binade e */
        good = ic_safetensors_f16_to_double((uint16_t)h) - ic_safetensors_f16_to_double((uint16_t)(h - 1)) == step &&
               ic_safetensors_f16_to_double((uint16_t)(h | 0x8000)) == -ic_safetensors_f16_to_double((uint16_t)h);
    }
    ok(good, "F16: all finite values evenly spaced as IEEE binary16 requires, signs symmetric");
    ok(ic_safetensors_f16_to_double(0x7bff) == 65504.0 && ic_safetensors_f16_to_double(0x0001) == 0x1p-24 &&
       ic_safetensors_f16_to_double(0x03ff) == 1023 * 0x1p-24 && ic_safetensors_f16_to_double(0x0400) == 0x1p-14,
       "F16: max 65504, subnormals 2^-24 and 1023*2^-24, min normal 2^-14");
    ok(isinf(ic_safetensors_f16_to_double(0x7c00)) && ic_safetensors_f16_to_double(0xfc00) < 0 &&
       isnan(ic_safetensors_f16_to_double(0x7c01)) && isnan(ic_safetensors_f16_to_double(0xfe00)),
       "F16: inf, -inf and NaN patterns");
#ifdef __FLT16_MAX__
    /* A second route: the compiler's own binary16 type. */
    good = 1;
    for (uint32_t h = 0; good && h <= 0xffff; h++) {
        uint16_t b = (uint16_t)h;
        _Float16 f;
        memcpy(&f, &b, sizeof f);
        double want = (double)f, got = ic_safetensors_f16_to_double(b);
        good = isnan(want) ? isnan(got) : same(got, want);
    }
    ok(good, "F16: all 65536 patterns equal the compiler's _Float16 conversion");
#endif
    ok(ic_safetensors_bf16_to_double(0x3f80) == 1.0 && ic_safetensors_bf16_to_double(0x0001) == 0x1p-133 &&
       ic_safetensors_bf16_to_double(0x7f7f) == 0x1.fep127 && ic_safetensors_bf16_to_double(0x3eab) == 0x1.56p-2 &&
       isinf(ic_safetensors_bf16_to_double(0x7f80)) && isnan(ic_safetensors_bf16_to_double(0x7fc0)) &&
       signbit(ic_safetensors_bf16_to_double(0x8000)),
       "BF16: 1, subnormal 2^-133, max, 1/3, inf, NaN, -0");
}

/* ---- npz ---- */

static void test_npz_fixture(const char *rel)
{
    image im = load_image(rel);
    const char *f = base(rel);
    ic_array_names names;
    ic_err e;
    int rc = ic_weights_list(&names, im.buf, im.len, im.path, &e);
    const char *want[] = {"M32", "M64", "be", "fort", "scalar", "vec"};
    int good = rc == IC_OK && names.n == 6;
    for (size_t i = 0; good && i < 6; i++)
        good = strcmp(names.name[i], want[i]) == 0;
    ok(good, "%s: lists M32 M64 be fort scalar vec", f);
    ic_array_names_free(&names);

    ic_npy_array a;
    if (ok(get(&a, &im, "M64", NULL) == IC_OK, "%s:M64 loads", f)) {
        ok(shape_is(&a, 2, 3, 4) && strcmp(a.dtype, "<f8") == 0 && values_are(&a, M64, 12),
           "%s:M64: <f8 (3, 4), all values exact (subnormals, -0)", f);
        ic_npy_free(&a);
    }
    if (ok(get(&a, &im, "M32", NULL) == IC_OK, "%s:M32 loads", f)) {
        double w[8];
        for (size_t k = 0; k < 8; k++)
            w[k] = m32(k);
        ok(shape_is(&a, 2, 2, 4) && strcmp(a.dtype, "<f4") == 0 && values_are(&a, w, 8),
           "%s:M32: <f4 (2, 4), float32 values exact", f);
        ic_npy_free(&a);
    }
    if (ok(get(&a, &im, "be.npy", NULL) == IC_OK, "%s: member named with .npy loads", f)) {
        ok(strcmp(a.dtype, ">f8") == 0 && values_are(&a, M64, 12), "%s:be: big-endian exact", f);
        ic_npy_free(&a);
    }
    if (ok(get(&a, &im, "fort", NULL) == IC_OK, "%s:fort loads", f)) {
        const double c[6] = {1, 2, 3, 4, 5, 6};
        ok(a.fortran_order && shape_is(&a, 2, 2, 3) && values_are(&a, c, 6),
           "%s:fort: Fortran-order member returned in C order", f);
        ic_npy_free(&a);
    }
    if (ok(get(&a, &im, "scalar", NULL) == IC_OK, "%s:scalar loads", f)) {
        ok(a.ndim == 0 && a.size == 1 && a.data[0] == -0.1, "%s:scalar: 0-d, -0.1", f);
        ic_npy_free(&a);
    }
    if (ok(get(&a, &im, "vec", NULL) == IC_OK, "%s:vec loads", f)) {
        ok(shape_is(&a, 1, 5, 0) && values_are(&a, VEC, 5), "%s:vec: (5,) exact", f);
        ic_npy_free(&a);
    }
    ic_err_clear(&e);
    rc = ic_weights_load(&a, im.buf, im.len, im.path, NULL, NULL, &e);
    ok(rc == IC_EINPUT && strstr(e.msg, f) && strstr(e.msg, "holds 6 arrays") &&
       strstr(e.msg, "M32, M64, be, fort, scalar, vec") && !a.data,
       "%s: no member named -> error listing the arrays: %s", f, e.msg);
    rc = ic_weights_load(&a, im.buf, im.len, im.path, "W", NULL, &e);
    ok(rc == IC_EINPUT && strstr(e.msg, f) && strstr(e.msg, "no array 'W'"),
       "%s: unknown member -> error: %s", f, e.msg);
    ic_npy_opts small = {64, 0};
    rc = ic_weights_load(&a, im.buf, im.len, im.path, "M64", &small, &e);
    ok(rc == IC_EINPUT && strstr(e.msg, "M64") && strstr(e.msg, "exceeds the limit"),
       "%s: max_bytes 64 refuses the 96-byte M64: %s", f, e.msg);
    free(im.buf);
}

static void test_npz_big(void)
{
    image im = load_image("tests/data/weights/big_z.npz");
    ic_npy_array a;
    if (!ok(get(&a, &im, NULL, NULL) == IC_OK, "big_z.npz: the only array loads without a name"))
        return;
    int good = shape_is(&a, 2, 512, 256) && strcmp(a.dtype, "<f8") == 0;
    for (size_t k = 0; good && k < a.size; k++)
        good = a.data[k] == (double)(k % 1000) * 0.25 - 100.0;
    ok(good, "big_z.npz: 131072 deflated values (1 MiB) all exact");
    ic_npy_free(&a);
    ic_err e;
    ic_npy_opts small = {(1 << 20) - 1, 0};
    ic_err_clear(&e);
    int rc = ic_weights_load(&a, im.buf, im.len, im.path, "big", &small, &e);
    ok(rc == IC_EINPUT && strstr(e.msg, "big_z.npz:big") && strstr(e.msg, "exceeds the limit"),
       "big_z.npz: max_bytes 1 MiB - 1 refuses its 1 MiB: %s", e.msg);
    ic_npy_free(&a);
    small.max_bytes = 1 << 20;
    ok(ic_weights_load(&a, im.buf, im.len, im.path, "big", &small, &e) == IC_OK,
       "big_z.npz: loads with max_bytes equal to its size");
    ic_npy_free(&a);
    free(im.buf);

    im = load_image("tests/data/weights/one.npz");
    if (ok(get(&a, &im, NULL, NULL) == IC_OK, "one.npz: only array loads")) {
        ok(values_are(&a, VEC, 5), "one.npz: values exact");
        ic_npy_free(&a);
    }
    free(im.buf);
}

/* ---- safetensors ---- */

static void test_safetensors(void)
{
    image im = load_image("tests/data/weights/values.safetensors");
    ic_array_names names;
    ic_err e;
    int rc = ic_weights_list(&names, im.buf, im.len, im.path, &e);
    const char *want[] = {"bf16", "empty", "f16", "f64", "layer.0.weight", "scalar"};
    int good = rc == IC_OK && names.n == 6;
    for (size_t i = 0; good && i < 6; i++)
        good = strcmp(names.name[i], want[i]) == 0;
    ok(good, "values.safetensors: lists 6 tensors (not __metadata__), sorted");
    ic_array_names_free(&names);

    ic_npy_array a;
    if (ok(get(&a, &im, "f16", NULL) == IC_OK, "F16 tensor loads")) {
        ok(shape_is(&a, 2, 2, 4) && strcmp(a.dtype, "F16") == 0 && values_are(&a, F16, 8),
           "F16: 1, -2.5, subnormals 2^-24 and 1023*2^-24, 2^-14, 65504, -0, 1/3 exact");
        ic_npy_free(&a);
    }
    if (ok(get(&a, &im, "bf16", NULL) == IC_OK, "BF16 tensor loads")) {
        ok(shape_is(&a, 1, 6, 0) && strcmp(a.dtype, "BF16") == 0 && values_are(&a, BF16, 6),
           "BF16: subnormals 2^-133 and 127*2^-133, max 0x1.fep127, 1/3 exact");
        ic_npy_free(&a);
    }
    if (ok(get(&a, &im, "layer.0.weight", NULL) == IC_OK, "F32 tensor with dots in its name loads")) {
        double w[8];
        for (size_t k = 0; k < 8; k++)
            w[k] = m32(k);
        ok(shape_is(&a, 2, 2, 4) && strcmp(a.dtype, "F32") == 0 && values_are(&a, w, 8),
           "F32: float32 values (subnormals, FLT_MAX) exact");
        ic_npy_free(&a);
    }
    if (ok(get(&a, &im, "f64", NULL) == IC_OK, "F64 tensor loads")) {
        ok(shape_is(&a, 2, 3, 4) && strcmp(a.dtype, "F64") == 0 && values_are(&a, M64, 12),
           "F64: values exact (double subnormals, -0)");
        ic_npy_free(&a);
    }
    if (ok(get(&a, &im, "scalar", NULL) == IC_OK, "0-d tensor loads")) {
        ok(a.ndim == 0 && a.size == 1 && a.data[0] == -0.1, "scalar: shape [], -0.1");
        ic_npy_free(&a);
    }
    if (ok(get(&a, &im, "empty", NULL) == IC_OK, "empty tensor loads")) {
        ok(shape_is(&a, 2, 0, 3) && a.size == 0 && a.data, "empty: shape (0, 3), size 0");
        ic_npy_free(&a);
    }
    rc = ic_weights_load(&a, im.buf, im.len, im.path, "__metadata__", NULL, &e);
    ok(rc == IC_EINPUT && strstr(e.msg, "no array '__metadata__'"),
       "__metadata__ is not a tensor: %s", e.msg);
    rc = ic_weights_load(&a, im.buf, im.len, im.path, NULL, NULL, &e);
    ok(rc == IC_EINPUT && strstr(e.msg, "values.safetensors") && strstr(e.msg, "holds 6 arrays"),
       "no member named -> error listing the tensors: %s", e.msg);
    free(im.buf);

    im = load_image("tests/data/weights/one.safetensors");
    if (ok(get(&a, &im, NULL, NULL) == IC_OK, "one.safetensors: only tensor loads")) {
        ok(values_are(&a, VEC, 5) && strcmp(a.dtype, "F64") == 0, "one.safetensors: values");
        ic_npy_free(&a);
    }
    free(im.buf);

    im = load_image("tests/data/weights/with_int.safetensors");
    if (ok(get(&a, &im, "w", NULL) == IC_OK, "with_int: the F32 tensor beside an I64 one loads"))
        ic_npy_free(&a);
    rc = ic_weights_load(&a, im.buf, im.len, im.path, "step", NULL, &e);
    ok(rc == IC_EINPUT && strstr(e.msg, "with_int.safetensors") && strstr(e.msg, "'step'") &&
       strstr(e.msg, "I64"), "with_int: the I64 tensor is refused: %s", e.msg);
    free(im.buf);

    im = load_image("tests/data/weights/bad/nan.safetensors");
    ic_npy_opts nf = {0, 1};
    rc = im.buf ? ic_weights_load(&a, im.buf, im.len, im.path, NULL, &nf, &e) : IC_EINPUT;
    ok(rc == IC_OK && a.data[0] == 1.0 && isnan(a.data[1]), "NaN accepted with allow_nonfinite");
    ic_npy_free(&a);
    free(im.buf);
}

/* ---- dispatch ---- */

static void test_dispatch(void)
{
    image im = load_image("tests/data/npy/vec.npy");
    ic_npy_array a;
    ic_err e;
    if (ok(get(&a, &im, NULL, NULL) == IC_OK, ".npy content goes to ic_npy")) {
        ok(values_are(&a, VEC, 5), ".npy values");
        ic_npy_free(&a);
    }
    int rc = ic_weights_load(&a, im.buf, im.len, im.path, "x", NULL, &e);
    ok(rc == IC_EINPUT && strstr(e.msg, "vec.npy") && strstr(e.msg, "one unnamed array"),
       "a member of a .npy file is refused: %s", e.msg);
    ic_array_names names;
    ok(ic_weights_list(&names, im.buf, im.len, im.path, &e) == IC_OK && names.n == 0,
       ".npy lists no names");
    free(im.buf);
    ok(ic_weights_format((const unsigned char *)"", 0) == IC_WEIGHTS_UNKNOWN &&
       ic_weights_format((const unsigned char *)"\x93NUM", 4) == IC_WEIGHTS_NPY &&
       ic_weights_format((const unsigned char *)"PK\3\4", 4) == IC_WEIGHTS_NPZ &&
       ic_weights_format((const unsigned char *)"PK\5\6", 4) == IC_WEIGHTS_NPZ &&
       ic_weights_format((const unsigned char *)"\2\0\0\0\0\0\0\0{}", 10) == IC_WEIGHTS_SAFETENSORS &&
       ic_weights_format((const unsigned char *)"\2\0\0\0\0\0\0\0[]", 10) == IC_WEIGHTS_UNKNOWN,
       "format chosen by content");
    rc = ic_weights_load(&a, (const unsigned char *)"", 0, "empty.bin", NULL, NULL, &e);
    ok(rc == IC_EINPUT && strstr(e.msg, "empty.bin") && strstr(e.msg, "empty"),
       "empty file: %s", e.msg);
}

/* ---- malformed files ---- */

typedef struct {
    const char *file, *member, *word;
} bad_case;

static const bad_case bad_cases[] = {
    {"truncated.npz", NULL, "not a valid .npz"},
    {"bad_crc.npz", "A", "CRC"},
    {"encrypted.npz", "A", "encrypted"},
    {"bomb_declared.npz", "A", "over the limit"},
    {"bomb_ratio.npz", "A", "zip bomb"},
    {"bomb_lying.npz", "A", "A"},
    {"duplicate.npz", "A", "duplicate member"},
    {"non_npy.npz", "A", "'readme.txt' is not a NAME.npy"},
    {"slash.npz", NULL, "'sub/A.npy'"},
    {"dotdot.npz", NULL, "'..A.npy'"},
    {"bzip2.npz", "A", "compression method 12"},
    {"int_member.npz", "A", "int_member.npz:A: unsupported dtype '<i4'"},
    {"nan_member.npz", "A", "nan_member.npz:A: non-finite"},
    {"empty.npz", NULL, "holds no arrays"},
    {"garbage.bin", NULL, "not a .npy, .npz or safetensors"},
    {"len_lying.safetensors", NULL, "runs past the end"},
    {"len_huge.safetensors", NULL, "header length 1099511627776"},
    {"not_json.safetensors", NULL, "not valid JSON"},
    {"header_list.safetensors", NULL, "not a .npy, .npz or safetensors"},
    {"dup_key.safetensors", "a", "duplicate"},
    {"overlap.safetensors", "a", "'a' and 'b' overlap"},
    {"out_of_range.safetensors", "a", "run past the data section"},
    {"size_mismatch.safetensors", "a", "hold 16 bytes, shape and dtype F64 need 24"},
    {"hole.safetensors", "a", "unused bytes before tensor 'a'"},
    {"trailing.safetensors", "a", "8 trailing bytes"},
    {"int64.safetensors", "step", "tensor 'step' has dtype I64"},
    {"f8.safetensors", "q", "tensor 'q' has dtype F8_E4M3"},
    {"unknown_dtype.safetensors", "a", "unknown dtype 'F128'"},
    {"nan.safetensors", "a", "nan.safetensors:a: non-finite value nan at index (1,)"},
    {"inf_f16.safetensors", "h", "inf_f16.safetensors:h: non-finite value -inf at index (1, 0)"},
    {"negative_offset.safetensors", "a", "data_offsets must be"},
    {"shape_overflow.safetensors", "a", "overflows"},
    {"bad_metadata.safetensors", "a", "__metadata__"},
    {"unknown_key.safetensors", "a", "unknown key 'extra'"},
    {"truncated.safetensors", "a", "run past the data section"},
};

static void test_bad_files(void)
{
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const bad_case *c = &bad_cases[i];
        char rel[256];
        snprintf(rel, sizeof rel, "tests/data/weights/bad/%s", c->file);
        image im = load_image(rel);
        ic_npy_array a;
        ic_err e;
        ic_err_clear(&e);
        int rc = im.buf ? ic_weights_load(&a, im.buf, im.len, im.path, c->member, NULL, &e) : -1;
        ok(rc == IC_EINPUT && strstr(e.msg, c->file) && strstr(e.msg, c->word) &&
           !strchr(e.msg, '\n') && !a.data,
           "bad/%s: IC_EINPUT, one line naming the file: %s", c->file, e.msg);
        free(im.buf);
    }
}

/* A header length over 100 MB is refused even when the file is that long. */
static void test_header_limit(void)
{
    size_t n = 100000008, len = 8 + n;
    unsigned char *buf = calloc(len, 1);
    if (!buf) {
        ok(0, "allocate 100 MB");
        return;
    }
    for (int i = 0; i < 8; i++)
        buf[i] = (unsigned char)(n >> (8 * i));
    buf[8] = '{';
    ic_npy_array a;
    ic_err e;
    int rc = ic_weights_load(&a, buf, len, "big.safetensors", NULL, NULL, &e);
    ok(rc == IC_EINPUT && strstr(e.msg, "big.safetensors") &&
       strstr(e.msg, "exceeds the limit of 100000000"), "header of 100000008 bytes: %s", e.msg);
    free(buf);
}

/* Every proper prefix of a valid file is refused (never crashes, never
 * returns a partial array), and every single-byte change either still
 * parses or is refused as bad input. */
static void test_prefixes_and_flips(const char *rel, const char *member)
{
    image im = load_image(rel);
    if (!im.buf)
        return;
    int good = 1;
    for (size_t n = 0; good && n < im.len; n++) {
        ic_npy_array a;
        ic_err e;
        int rc = ic_weights_load(&a, im.buf, n, im.path, member, NULL, &e);
        good = rc == IC_EINPUT && !a.data && !strchr(e.msg, '\n');
        if (!good)
            diag("prefix %zu: rc %d: %s", n, rc, e.msg);
        ic_npy_free(&a);
    }
    ok(good, "%s: all %zu proper prefixes refused", base(rel), im.len);
    good = 1;
    for (size_t i = 0; good && i < im.len; i++) {
        ic_npy_array a;
        ic_err e;
        im.buf[i] ^= 0x5a;
        int rc = ic_weights_load(&a, im.buf, im.len, im.path, member, NULL, &e);
        im.buf[i] ^= 0x5a;
        good = rc == IC_OK || (rc == IC_EINPUT && !a.data);
        if (!good)
            diag("flip at %zu: rc %d: %s", i, rc, e.msg);
        ic_npy_free(&a);
    }
    ok(good, "%s: every one-byte change loads or is refused as bad input", base(rel));
    free(im.buf);
}

/* Header-only loads (opts.header_only): the shape without the data, for
 * every format; an .npz member is not inflated past its header. */
static void test_header_only(void)
{
    ic_npy_opts ho = { 0, 0, 1 };
    ic_npy_array a, h;
    const char *const files[3][2] = {
        { "tests/data/weights/mixed_z.npz", "M64" }, { "tests/data/weights/values.safetensors", "f16" },
        { "cases/data/sander2024/A_unitary.npy", NULL } };
    for (int i = 0; i < 3; i++) {
        image im = load_image(files[i][0]);
        int full = get(&a, &im, files[i][1], NULL), head = get(&h, &im, files[i][1], &ho);
        ok(full == IC_OK && head == IC_OK && h.data == NULL && h.ndim == a.ndim && h.size == a.size &&
               !memcmp(h.shape, a.shape, sizeof h.shape) && !strcmp(h.dtype, a.dtype),
           "%s: the header alone gives the full load's shape and dtype, no data", base(files[i][0]));
        ic_npy_free(&a);
        ic_npy_free(&h);
        free(im.buf);
    }
    /* 70 KB holding a deflated (3000, 3000) float64 member (72 MB). */
    image im = load_image("tests/data/bad/npz_big_member.npz");
    ok(get(&h, &im, NULL, &ho) == IC_OK && shape_is(&h, 2, 3000, 3000) && h.data == NULL,
       "npz_big_member.npz: shape (3000, 3000) read from the member's header");
    ic_npy_opts small = { 1000000, 0, 1 };
    ic_err e;
    ok(ic_weights_load(&h, im.buf, im.len, im.path, NULL, &small, &e) == IC_EINPUT && strstr(e.msg, "limit"),
       "the size limit holds for header-only loads too: %s", e.msg);
    free(im.buf);
    im = load_image("tests/data/bad/npz_nul_name.npz");
    ok(im.buf && ic_weights_load(&h, im.buf, im.len, im.path, NULL, NULL, &e) == IC_EINPUT && strstr(e.msg, "NUL"),
       "a NUL inside a member name is refused (libzip reports the name cut at it): %s", e.msg);
    free(im.buf);
}

int main(void)
{
    test_f16_conversion();
    test_header_only();
    test_npz_fixture("tests/data/weights/mixed.npz");
    test_npz_fixture("tests/data/weights/mixed_z.npz");
    test_npz_big();
    test_safetensors();
    test_dispatch();
    test_bad_files();
    test_header_limit();
    test_prefixes_and_flips("tests/data/weights/mixed_z.npz", "M64");
    test_prefixes_and_flips("tests/data/weights/values.safetensors", "f16");
    return done_testing();
}
