/* Tests of ic_npy, the strict .npy reader and writer.
 *
 * Valid fixtures under tests/data/npy/ were written by numpy (see
 * make_fixtures.py, which also states the values checked here).  Malformed
 * inputs are mostly built in memory from a valid image, so each test says
 * exactly which bytes are wrong. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "formats/file_io.h"
#include "formats/npy.h"
#include "tap.h"

/* ---- expected values (mirrors make_fixtures.py) ---- */

static const double M64[12] = {
    0.1, -2.5, 1e-310, 1e300,
    -0.0, 3.0, 0x1p-1074, 1.0 / 3.0,
    123456789.125, -1e-5, 0x1p60, 0.5,
};

/* float32 values widened to double; numpy rounds the double to float32,
 * which is what the casts below do. */
static double m32(size_t k)
{
    const double v[8] = {
        (double)0.1f, -2.5, 0x1p-140, 0x1p-149,
        (double)FLT_MAX, (double)(float)(1.0 / 3.0), -0.0, 16777216.0,
    };
    return v[k];
}

static const double VEC[5] = {1.0, -1.0, 0.25, 1e-3, 7.0};

/* Bitwise equality, so -0.0 differs from 0.0. */
static int same(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

static int msg_ok(const ic_err *e, const char *name, const char *word)
{
    return strstr(e->msg, name) && strstr(e->msg, word) && !strchr(e->msg, '\n');
}

/* ---- reading valid fixtures ---- */

static int read_fixture(ic_npy_array *a, const char *file)
{
    char rel[256];
    ic_err e;
    ic_err_clear(&e);
    snprintf(rel, sizeof rel, "tests/data/npy/%s", file);
    int rc = ic_npy_read(a, srcpath(rel), NULL, &e);
    if (rc)
        diag("%s: %s", file, e.msg);
    return rc;
}

static void check_header(const ic_npy_array *a, const char *file, size_t ndim, const size_t *shape,
                         const char *dtype, int fortran)
{
    int good = a->ndim == ndim && strcmp(a->dtype, dtype) == 0 && a->fortran_order == fortran;
    for (size_t i = 0; good && i < ndim; i++)
        good = a->shape[i] == shape[i];
    ok(good, "%s: ndim %zu, dtype %s, fortran_order %d", file, ndim, dtype, fortran);
}

static void test_matrix_fixture(const char *file, const char *dtype, int fortran)
{
    ic_npy_array a;
    int f4 = dtype[2] == '4';
    size_t shape[2] = {f4 ? 2 : 3, 4};
    if (!ok(read_fixture(&a, file) == IC_OK, "%s: reads", file))
        return;
    check_header(&a, file, 2, shape, dtype, fortran);
    int good = a.size == shape[0] * shape[1];
    for (size_t k = 0; good && k < a.size; k++)
        good = same(a.data[k], f4 ? m32(k) : M64[k]);
    ok(good, "%s: all %zu values exact, in C order", file, a.size);
    ic_npy_free(&a);
}

static void test_matrices(void)
{
    test_matrix_fixture("f8_le_c.npy", "<f8", 0);
    test_matrix_fixture("f8_be_c.npy", ">f8", 0);
    test_matrix_fixture("f8_le_f.npy", "<f8", 1);
    test_matrix_fixture("f8_be_f.npy", ">f8", 1);
    test_matrix_fixture("f4_le_c.npy", "<f4", 0);
    test_matrix_fixture("f4_be_c.npy", ">f4", 0);
    test_matrix_fixture("f4_le_f.npy", "<f4", 1);
    test_matrix_fixture("f4_be_f.npy", ">f4", 1);
    test_matrix_fixture("f8_le_c_v2.npy", "<f8", 0);
    test_matrix_fixture("f4_be_f_v3.npy", ">f4", 1);
}

static void test_specific_values(void)
{
    ic_npy_array a;
    if (read_fixture(&a, "f4_le_c.npy") != IC_OK)
        return;
    ok(a.data[0] == (double)0.1f && a.data[0] != 0.1, "0.1f converts exactly to (double)0.1f");
    ok(a.data[3] == 0x1p-149 && a.data[2] == 0x1p-140, "float32 subnormals 2^-149, 2^-140 exact");
    ok(a.data[4] == FLT_MAX && signbit(a.data[6]) && a.data[6] == 0.0,
       "FLT_MAX and -0.0 survive");
    ic_npy_free(&a);
    if (read_fixture(&a, "f8_be_c.npy") != IC_OK)
        return;
    ok(a.data[6] == 0x1p-1074 && a.data[2] == 1e-310, "float64 subnormals exact (big endian)");
    ic_npy_free(&a);
}

static double cube_value(size_t i, size_t j, size_t k)
{
    return (double)(12 * i + 4 * j + k) + 0.5;
}

static void test_cube(const char *file, const char *dtype, int fortran)
{
    ic_npy_array a;
    size_t shape[3] = {2, 3, 4};
    if (!ok(read_fixture(&a, file) == IC_OK, "%s: reads", file))
        return;
    check_header(&a, file, 3, shape, dtype, fortran);
    int good = a.size == 24;
    for (size_t i = 0; good && i < 2; i++)
        for (size_t j = 0; good && j < 3; j++)
            for (size_t k = 0; good && k < 4; k++)
                good = a.data[(i * 3 + j) * 4 + k] == cube_value(i, j, k);
    ok(good, "%s: element (i, j, k) is at C position (i*3 + j)*4 + k", file);
    ic_npy_free(&a);
}

static void test_c_fortran_equivalence(void)
{
    ic_npy_array c, f;
    if (read_fixture(&c, "f8_le_c.npy") || read_fixture(&f, "f8_le_f.npy"))
        return;
    ok(c.size == f.size && memcmp(c.data, f.data, c.size * sizeof *c.data) == 0,
       "f8 C-order and Fortran-order files read to identical arrays");
    ic_npy_free(&c);
    ic_npy_free(&f);
    if (read_fixture(&c, "cube_c.npy") || read_fixture(&f, "cube_f.npy"))
        return;
    ok(c.size == f.size && memcmp(c.data, f.data, c.size * sizeof *c.data) == 0,
       "3-d C-order and Fortran-order files read to identical arrays");
    ic_npy_free(&c);
    ic_npy_free(&f);
}

static void test_small_shapes(void)
{
    ic_npy_array a;
    if (ok(read_fixture(&a, "scalar.npy") == IC_OK, "scalar.npy: reads")) {
        ok(a.ndim == 0 && a.size == 1 && a.data[0] == 2.75, "0-d array: ndim 0, one value 2.75");
        ic_npy_free(&a);
    }
    if (ok(read_fixture(&a, "vec.npy") == IC_OK, "vec.npy: reads")) {
        int good = a.ndim == 1 && a.shape[0] == 5 && a.size == 5;
        for (size_t k = 0; good && k < 5; k++)
            good = same(a.data[k], VEC[k]);
        ok(good, "1-d array (5,) exact");
        ic_npy_free(&a);
    }
    if (ok(read_fixture(&a, "empty.npy") == IC_OK, "empty.npy: reads")) {
        ok(a.ndim == 2 && a.shape[0] == 0 && a.shape[1] == 3 && a.size == 0 && a.data,
           "empty (0, 3) array: size 0, data not NULL");
        ic_npy_free(&a);
    }
    ok(a.data == NULL && a.size == 0, "ic_npy_free zeroes the array");
    ic_npy_free(&a);
    ok(1, "ic_npy_free twice is harmless");
}

/* ---- options ---- */

static void test_options(void)
{
    ic_npy_array a;
    ic_err e;
    ic_npy_opts o = {95, 0};
    const char *p = srcpath("tests/data/npy/f8_le_c.npy");
    int rc = ic_npy_read(&a, p, &o, &e);
    ok(rc == IC_EINPUT && msg_ok(&e, p, "exceeds the limit of 95"),
       "max_bytes 95 refuses 96 bytes of data: %s", e.msg);
    o.max_bytes = 96;
    rc = ic_npy_read(&a, p, &o, &e);
    ok(rc == IC_OK, "max_bytes 96 admits 96 bytes of data");
    ic_npy_free(&a);

    p = srcpath("tests/data/npy/bad/nan.npy");
    o = (ic_npy_opts){0, 1};
    rc = ic_npy_read(&a, p, &o, &e);
    ok(rc == IC_OK && isnan(a.data[2]) && a.data[3] == 4.0, "allow_nonfinite reads NaN");
    ic_npy_free(&a);

    p = "/nonexistent/dir/x.npy";
    rc = ic_npy_read(&a, p, NULL, &e);
    ok(rc == IC_EINPUT && msg_ok(&e, p, "cannot open"), "missing file: %s", e.msg);
}

/* ---- ic_npy_expect_shape ---- */

static void test_expect_shape(void)
{
    ic_npy_array a = {0};
    ic_err e;
    a.ndim = 3;
    a.shape[0] = 3, a.shape[1] = 4, a.shape[2] = 5;
    size_t want2[2] = {10, SIZE_MAX};
    int rc = ic_npy_expect_shape(&a, "A.npy", 2, want2, &e);
    ok(rc == IC_EINPUT && strcmp(e.msg, "A.npy: expected shape (10, any), got (3, 4, 5)") == 0,
       "expect_shape mismatch message: %s", e.msg);
    size_t want3[3] = {3, SIZE_MAX, 5};
    ok(ic_npy_expect_shape(&a, "A.npy", 3, want3, &e) == IC_OK, "expect_shape (3, any, 5) matches");
    want3[2] = 6;
    ok(ic_npy_expect_shape(&a, "A.npy", 3, want3, &e) == IC_EINPUT, "expect_shape (3, any, 6) fails");
    a.ndim = 1;
    a.shape[0] = 7;
    size_t want1[1] = {8};
    rc = ic_npy_expect_shape(&a, "v.npy", 1, want1, &e);
    ok(rc == IC_EINPUT && strcmp(e.msg, "v.npy: expected shape (8,), got (7,)") == 0,
       "expect_shape 1-d message: %s", e.msg);
    a.ndim = 0;
    ok(ic_npy_expect_shape(&a, "s.npy", 0, NULL, &e) == IC_OK, "expect_shape () matches a 0-d array");
}

/* ---- writing ---- */

static char tmpdir[64];

static const char *tmpfile_path(const char *file)
{
    static char buf[4][256];
    static int k;
    char *b = buf[k++ & 3];
    snprintf(b, 256, "%s/%s", tmpdir, file);
    return b;
}

static int same_bytes(const char *a, const char *b)
{
    unsigned char *x, *y;
    size_t nx, ny;
    ic_err e;
    if (ic_read_file(a, 1 << 20, &x, &nx, &e))
        return 0;
    if (ic_read_file(b, 1 << 20, &y, &ny, &e)) {
        free(x);
        return 0;
    }
    int same_ = nx == ny && memcmp(x, y, nx) == 0;
    free(x);
    free(y);
    return same_;
}

static void test_write_identical_to_numpy(void)
{
    ic_err e;
    size_t s34[2] = {3, 4}, s5[1] = {5}, s03[2] = {0, 3}, s234[3] = {2, 3, 4};
    double cube[24], scalar = 2.75;
    for (size_t k = 0; k < 24; k++)
        cube[k] = (double)k + 0.5;
    const char *p = tmpfile_path("w.npy");

    ok(ic_npy_write(p, M64, 2, s34, 0, &e) == IC_OK
           && same_bytes(p, srcpath("tests/data/npy/f8_le_c.npy")),
       "ic_npy_write (3, 4) <f8 is byte-identical to np.save");
    ok(ic_npy_write(p, VEC, 1, s5, 1, &e) == IC_OK
           && same_bytes(p, srcpath("tests/data/npy/vec_f4.npy")),
       "ic_npy_write (5,) <f4 is byte-identical to np.save");
    ok(ic_npy_write(p, &scalar, 0, NULL, 0, &e) == IC_OK
           && same_bytes(p, srcpath("tests/data/npy/scalar.npy")),
       "ic_npy_write () is byte-identical to np.save");
    ok(ic_npy_write(p, NULL, 2, s03, 0, &e) == IC_OK
           && same_bytes(p, srcpath("tests/data/npy/empty.npy")),
       "ic_npy_write (0, 3) is byte-identical to np.save");
    ok(ic_npy_write(p, cube, 3, s234, 0, &e) == IC_OK
           && same_bytes(p, srcpath("tests/data/npy/cube_c.npy")),
       "ic_npy_write (2, 3, 4) is byte-identical to np.save");
    unlink(p);
}

static void test_round_trip(void)
{
    ic_err e;
    ic_npy_array a;
    size_t s34[2] = {3, 4};
    const char *p = tmpfile_path("rt.npy");

    int rc = ic_npy_write(p, M64, 2, s34, 0, &e) || ic_npy_read(&a, p, NULL, &e);
    if (ok(rc == IC_OK, "f8 round trip: write and read")) {
        int good = a.size == 12 && !strcmp(a.dtype, "<f8");
        for (size_t k = 0; good && k < 12; k++)
            good = same(a.data[k], M64[k]);
        ok(good, "f8 round trip is exact (incl. -0.0 and subnormals)");
        ic_npy_free(&a);
    }

    /* 1 + 2^-24 is a tie between two floats: round to even gives 1. */
    const double x[8] = {0.1, 1.0 / 3.0, 1e-45, 3.4028235e38,
                         1e-50, -0.0, 16777217.0, 1.0 + 0x1p-24};
    const double want[8] = {(double)0.1f, (double)(float)(1.0 / 3.0), 0x1p-149, (double)FLT_MAX,
                            0.0, -0.0, 16777216.0, 1.0};
    size_t s8[1] = {8};
    rc = ic_npy_write(p, x, 1, s8, 1, &e) || ic_npy_read(&a, p, NULL, &e);
    if (ok(rc == IC_OK, "f4 round trip: write and read")) {
        int good = a.size == 8 && !strcmp(a.dtype, "<f4");
        for (size_t k = 0; good && k < 8; k++)
            good = same(a.data[k], want[k]);
        ok(good, "f4 write rounds to nearest float32 (ties to even, underflow to 0)");
        ic_npy_free(&a);
    }
    unlink(p);
}

static void test_write_refusals(void)
{
    ic_err e;
    size_t s4[1] = {4}, s22[2] = {2, 2}, s9[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1};
    const char *p = tmpfile_path("refused.npy");
    double v[4] = {1.0, 2.0, 3.0, NAN};

    ok(ic_npy_write(p, v, 1, s4, 0, &e) == IC_EINPUT && msg_ok(&e, p, "non-finite value at index (3,)"),
       "write refuses NaN: %s", e.msg);
    v[3] = 0.0;
    v[2] = -INFINITY;
    ok(ic_npy_write(p, v, 2, s22, 1, &e) == IC_EINPUT && msg_ok(&e, p, "index (1, 0)"),
       "write f4 refuses -Inf: %s", e.msg);
    v[2] = 1e39;
    ok(ic_npy_write(p, v, 1, s4, 1, &e) == IC_EINPUT && msg_ok(&e, p, "overflows float32"),
       "write f4 refuses 1e39: %s", e.msg);
    v[2] = 0x1.ffffffp127;
    ok(ic_npy_write(p, v, 1, s4, 1, &e) == IC_EINPUT, "write f4 refuses FLT_MAX + half ulp");
    v[2] = 0x1.fffffefffffffp127;
    ok(ic_npy_write(p, v, 1, s4, 1, &e) == IC_OK, "write f4 rounds just below FLT_MAX + half ulp");
    unlink(p);
    v[2] = NAN;
    ic_npy_write(p, v, 1, s4, 0, &e);
    ok(access(p, F_OK) != 0, "a refused write leaves no file");
    ok(ic_npy_write(p, v, 9, s9, 0, &e) == IC_EINPUT && msg_ok(&e, p, "dimensions"),
       "write refuses 9 dimensions: %s", e.msg);
}

/* ---- malformed input in memory ---- */

typedef struct {
    unsigned char b[1024];
    size_t n;
} img;

static void put_f8le(unsigned char *p, double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    for (int i = 0; i < 8; i++, u >>= 8)
        p[i] = (unsigned char)u;
}

/* An image with this header dict (padded with spaces and a newline to 64
 * bytes, as numpy does) followed by ndata little-endian doubles 1, 2, .... */
static void mk(img *m, int major, const char *dict, size_t ndata)
{
    size_t pre = major == 1 ? 10 : 12, dl = strlen(dict);
    size_t hl = dl + 1 + (64 - (pre + dl + 1) % 64) % 64;
    memcpy(m->b, "\x93NUMPY", 6);
    m->b[6] = (unsigned char)major;
    m->b[7] = 0;
    for (size_t i = 0; i < pre - 8; i++)
        m->b[8 + i] = (unsigned char)(hl >> (8 * i));
    memset(m->b + pre, ' ', hl);
    memcpy(m->b + pre, dict, dl);
    m->b[pre + hl - 1] = '\n';
    m->n = pre + hl;
    for (size_t k = 0; k < ndata; k++, m->n += 8)
        put_f8le(m->b + m->n, (double)(k + 1));
}

static const char *D23 = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }";

/* Expects IC_EINPUT, a message naming <label>.npy with word in it, on one
 * line, and a zeroed result. */
static void bad(const char *label, const unsigned char *buf, size_t len, const char *word)
{
    char name[128];
    ic_npy_array a;
    ic_err e;
    ic_err_clear(&e);
    snprintf(name, sizeof name, "%s.npy", label);
    int rc = ic_npy_parse(&a, buf, len, name, NULL, &e);
    ok(rc == IC_EINPUT && e.code == IC_EINPUT, "%s: refused with IC_EINPUT", label);
    ok(msg_ok(&e, name, word), "%s: message names file and says '%s': %s", label, word, e.msg);
    ok(a.data == NULL && a.size == 0, "%s: result zeroed", label);
    ic_npy_free(&a);
}

static void bad_dict(const char *label, int major, const char *dict, size_t ndata,
                     const char *word)
{
    img m;
    mk(&m, major, dict, ndata);
    bad(label, m.b, m.n, word);
}

static void test_bad_preamble(void)
{
    img m;
    mk(&m, 1, D23, 6);
    bad("empty", m.b, 0, "empty");
    bad("magic_cut", m.b, 3, "truncated");
    bad("version_cut", m.b, 7, "truncated");
    bad("hlen_cut", m.b, 9, "truncated");
    bad("header_cut", m.b, 40, "past end");
    bad("data_cut", m.b, m.n - 4, "truncated data: 48 bytes declared, 44 present");
    bad("trailing", m.b, m.n + 8, "trailing bytes: 48 bytes declared, 56 present");

    m.b[5] = 'Z';
    bad("wrong_magic", m.b, m.n, "bad magic");
    bad("zip_magic", (const unsigned char *)"PK\3\4abcdefgh", 12, "bad magic");

    mk(&m, 1, D23, 6);
    m.b[6] = 4;
    bad("version_4_0", m.b, m.n, "version 4.0");
    m.b[6] = 1, m.b[7] = 1;
    bad("version_1_1", m.b, m.n, "version 1.1");
    m.b[6] = 0, m.b[7] = 0;
    bad("version_0_0", m.b, m.n, "version 0.0");

    mk(&m, 2, D23, 6);
    bad("v2_hlen_cut", m.b, 11, "truncated");
    m.b[11] = 0x80;
    bad("v2_lying_hlen_huge", m.b, m.n, "past end");

    mk(&m, 1, D23, 6);
    m.b[9] = 0x10;
    bad("lying_hlen_long", m.b, m.n, "past end");
    mk(&m, 1, D23, 6);
    m.b[8] -= 8;
    bad("lying_hlen_short", m.b, m.n, "newline");
    mk(&m, 1, D23, 6);
    m.b[8] += 8;
    bad("lying_hlen_into_data", m.b, m.n, "control byte 0x00");
    mk(&m, 1, D23, 6);
    m.b[127] = ' ';
    bad("no_newline", m.b, m.n, "not terminated by a newline");
    mk(&m, 1, D23, 6);
    m.b[100] = 0xc3, m.b[101] = 0xa9;
    bad("non_ascii_padding", m.b, m.n, "non-ASCII byte 0xc3");
    mk(&m, 1, D23, 6);
    m.b[100] = 0x01;
    bad("control_padding", m.b, m.n, "control byte 0x01");
    mk(&m, 1, D23, 6);
    m.b[100] = 'x';
    bad("junk_after_dict", m.b, m.n, "junk");
}

static void test_bad_long_header(void)
{
    /* A version 2.0 header longer than 65535 bytes. */
    size_t hl = 70000, n = 12 + hl + 48;
    unsigned char *b = malloc(n);
    if (!b)
        return;
    memcpy(b, "\x93NUMPY\2\0", 8);
    for (int i = 0; i < 4; i++)
        b[8 + i] = (unsigned char)(hl >> (8 * i));
    memset(b + 12, ' ', hl);
    memcpy(b + 12, D23, strlen(D23));
    b[12 + hl - 1] = '\n';
    memset(b + 12 + hl, 0, 48);
    bad("long_header", b, n, "exceeds the limit of 65535");
    free(b);
}

static void test_bad_dtype(void)
{
    bad_dict("int32", 1, "{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }", 3,
             "unsupported dtype '<i4'");
    bad_dict("uint8", 1, "{'descr': '|u1', 'fortran_order': False, 'shape': (2, 3), }", 1,
             "unsupported dtype '|u1'");
    bad_dict("complex", 1, "{'descr': '<c16', 'fortran_order': False, 'shape': (2, 3), }", 12,
             "unsupported dtype '<c16'");
    bad_dict("object", 1, "{'descr': '|O', 'fortran_order': False, 'shape': (2, 3), }", 6,
             "unsupported dtype '|O'");
    bad_dict("half", 1, "{'descr': '<f2', 'fortran_order': False, 'shape': (2, 3), }", 2,
             "unsupported dtype '<f2'");
    bad_dict("native_order", 1, "{'descr': '=f8', 'fortran_order': False, 'shape': (2, 3), }", 6,
             "unsupported dtype '=f8'");
    bad_dict("structured", 1,
             "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (2, 3), }", 6,
             "structured");
    bad_dict("descr_not_string", 1, "{'descr': 8, 'fortran_order': False, 'shape': (2, 3), }", 6,
             "quoted string");
    bad_dict("eval_attempt", 1,
             "{'descr': __import__('os').system('x'), 'fortran_order': False, 'shape': (2,), }",
             2, "quoted string");
    bad_dict("escape", 1, "{'descr': '<f\\x38', 'fortran_order': False, 'shape': (2, 3), }", 6,
             "escape");
}

static void test_bad_keys(void)
{
    bad_dict("unknown_key", 1,
             "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), 'foo': 1}", 6,
             "unknown key 'foo'");
    bad_dict("duplicate_key", 1,
             "{'descr': '<f8', 'shape': (6,), 'fortran_order': False, 'shape': (2, 3), }", 6,
             "duplicate key 'shape'");
    bad_dict("missing_shape", 1, "{'descr': '<f8', 'fortran_order': False, }", 1,
             "missing key 'shape'");
    bad_dict("missing_descr", 1, "{'fortran_order': False, 'shape': (2, 3), }", 6,
             "missing key 'descr'");
    bad_dict("empty_dict", 1, "{}", 0, "missing key");
    bad_dict("fortran_int", 1, "{'descr': '<f8', 'fortran_order': 0, 'shape': (2, 3), }", 6,
             "True or False");
    bad_dict("fortran_suffix", 1, "{'descr': '<f8', 'fortran_order': Truex, 'shape': (2, 3), }",
             6, "True or False");
    bad_dict("no_colon", 1, "{'descr' '<f8', 'fortran_order': False, 'shape': (2, 3), }", 6,
             "expected ':'");
    bad_dict("no_brace", 1, "dict(descr='<f8', fortran_order=False, shape=(2, 3))", 6,
             "start with '{'");
    bad_dict("no_comma", 1, "{'descr': '<f8' 'fortran_order': False, 'shape': (2, 3), }", 6,
             "expected ',' or '}'");
    bad_dict("v3_utf8_key", 3,
             "{'d\xc3\xa9scr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", 6,
             "non-ASCII");
}

static void test_bad_shape(void)
{
    bad_dict("negative_dim", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (-1, 3), }",
             6, "negative dimension '-1'");
    bad_dict("float_dim", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2.0, 3), }", 6,
             "non-integer dimension '2.0'");
    bad_dict("long_suffix_dim", 1,
             "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3L), }", 6,
             "non-integer dimension '3L'");
    bad_dict("leading_zero", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (02, 3), }",
             6, "leading zero");
    bad_dict("int_not_tuple", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (6), }", 6,
             "not a tuple");
    bad_dict("list_shape", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': [2, 3], }", 6,
             "must be a tuple");
    bad_dict("nine_dims", 1,
             "{'descr': '<f8', 'fortran_order': False, 'shape': (1,1,1,1,1,1,1,1,1), }", 1,
             "more than 8 dimensions");
    bad_dict("huge_count", 1,
             "{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 8), }", 2,
             "element count overflows");
    bad_dict("huge_bytes", 1,
             "{'descr': '<f8', 'fortran_order': False, 'shape': (2305843009213693952,), }", 2,
             "byte count overflows");
    bad_dict("dim_too_large", 1,
             "{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999999,), }",
             2, "too large");
    bad_dict("over_limit", 1,
             "{'descr': '<f8', 'fortran_order': False, 'shape': (1099511627776,), }", 2,
             "exceeds the limit");
    bad_dict("shape_mismatch", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 4), }",
             6, "truncated data: 64 bytes declared, 48 present");
}

static void test_bad_values(void)
{
    img m;
    mk(&m, 1, D23, 6);
    put_f8le(m.b + 128 + 5 * 8, NAN);
    bad("nan", m.b, m.n, "non-finite value nan at index (1, 2)");
    mk(&m, 1, D23, 6);
    put_f8le(m.b + 128 + 1 * 8, INFINITY);
    put_f8le(m.b + 128 + 5 * 8, NAN);
    bad("inf_first", m.b, m.n, "non-finite value inf at index (0, 1)");
    /* In a Fortran file the first bad value in C order is not the first
     * in the file: file position 1 is C index (1, 0). */
    mk(&m, 1, "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", 6);
    put_f8le(m.b + 128 + 1 * 8, -INFINITY);
    bad("fortran_inf", m.b, m.n, "non-finite value -inf at index (1, 0)");
}

/* Every proper prefix of a valid image is refused as truncated. */
static void test_every_truncation(void)
{
    img m;
    mk(&m, 2, D23, 6);
    size_t good = 0;
    for (size_t len = 0; len < m.n; len++) {
        ic_npy_array a;
        ic_err e;
        int rc = ic_npy_parse(&a, m.b, len, "cut.npy", NULL, &e);
        if (rc == IC_EINPUT && a.data == NULL && !strchr(e.msg, '\n') && strstr(e.msg, "cut.npy")
            && (strstr(e.msg, "truncated") || strstr(e.msg, "past end") || strstr(e.msg, "empty")))
            good++;
        else
            diag("prefix of %zu bytes: rc %d: %s", len, rc, e.msg);
    }
    ok(good == m.n, "all %zu proper prefixes refused as truncated", m.n);
}

/* Single-byte changes anywhere in the preamble or header either parse or
 * are refused cleanly; run under valgrind this also checks memory safety. */
static void test_byte_mutations(void)
{
    static const unsigned char vals[] = {0x00, 0x0a, 0x20, 0x27, 0x28, 0x29, 0x2c, 0x2d,
                                         0x30, 0x39, 0x3a, 0x7b, 0x7d, 0x7f, 0xff};
    img m;
    size_t tried = 0, clean = 0;
    for (size_t pos = 0; pos < 128; pos++)
        for (size_t v = 0; v < sizeof vals; v++) {
            ic_npy_array a;
            ic_err e;
            ic_err_clear(&e);
            mk(&m, 1, D23, 6);
            m.b[pos] = vals[v];
            int rc = ic_npy_parse(&a, m.b, m.n, "mut.npy", NULL, &e);
            tried++;
            if ((rc == IC_OK && a.data && a.size * 8 == m.n - 128)
                || (rc == IC_EINPUT && !a.data && msg_ok(&e, "mut.npy", ": ")))
                clean++;
            else
                diag("byte %zu = 0x%02x: rc %d: %s", pos, vals[v], rc, e.msg);
            ic_npy_free(&a);
        }
    ok(clean == tried, "%zu single-byte mutations parse or are refused cleanly", tried);
}

/* ---- malformed files on disk (also used by the CLI tests) ---- */

static void bad_file(const char *file, const char *word)
{
    char rel[256];
    ic_npy_array a;
    ic_err e;
    snprintf(rel, sizeof rel, "tests/data/npy/bad/%s", file);
    const char *p = srcpath(rel);
    int rc = ic_npy_read(&a, p, NULL, &e);
    ok(rc == IC_EINPUT && msg_ok(&e, p, word) && a.data == NULL,
       "bad/%s: refused, says '%s': %s", file, word, e.msg);
}

static void test_bad_files(void)
{
    bad_file("truncated.npy", "truncated data");
    bad_file("trailing.npy", "trailing bytes");
    bad_file("lying_header.npy", "past end");
    bad_file("empty_file.npy", "empty");
    bad_file("not_npy.npy", "bad magic");
    bad_file("int32.npy", "unsupported dtype '<i4'");
    bad_file("complex.npy", "unsupported dtype '<c16'");
    bad_file("object.npy", "unsupported dtype '|O'");
    bad_file("nan.npy", "non-finite value nan at index (1, 0)");
    bad_file("inf.npy", "non-finite value -inf at index (1,)");
    bad_file("huge_shape.npy", "overflows");
    bad_file("negative_shape.npy", "negative dimension");
    bad_file("missing_key.npy", "missing key 'fortran_order'");
}

int main(void)
{
    test_matrices();
    test_specific_values();
    test_cube("cube_c.npy", "<f8", 0);
    test_cube("cube_f.npy", "<f8", 1);
    test_cube("cube_f4_be_f.npy", ">f4", 1);
    test_c_fortran_equivalence();
    test_small_shapes();
    test_options();
    test_expect_shape();

    const char *t = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/test_npy.XXXXXX", t && strlen(t) < 40 ? t : "/tmp");
    if (ok(mkdtemp(tmpdir) != NULL, "temporary directory %s", tmpdir)) {
        test_write_identical_to_numpy();
        test_round_trip();
        test_write_refusals();
        rmdir(tmpdir);
    }

    test_bad_preamble();
    test_bad_long_header();
    test_bad_dtype();
    test_bad_keys();
    test_bad_shape();
    test_bad_values();
    test_every_truncation();
    test_byte_mutations();
    test_bad_files();
    return done_testing();
}
