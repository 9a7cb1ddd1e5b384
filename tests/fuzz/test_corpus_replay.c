/* Parser robustness without a fuzzer: every fuzz harness (tests/fuzz/) is
 * replayed on its seed corpus (tests/fuzz/corpus/T/) and on the regression
 * inputs (tests/data/regress/T/: inputs that once crashed a parser or broke
 * an invariant; see doc/robustness.md).  A harness aborts on a crash or a
 * broken invariant, so reaching the ok line is the test; under
 * --enable-sanitizers ASan/UBSan watch every call.  Then the two entry
 * points added for fuzzing are checked against the routes they factor out:
 * ic_case_parse vs ic_case_load, and ic_cert_parse vs the certificate it reads. */
#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "formats/file_io.h"
#include "certificates/case_file.h"
#include "certificates/cert_reader.h"
#include "tap.h"

#define LLVMFuzzerTestOneInput fuzz_npy
#include "fuzz/fuzz_npy.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_npz
#include "fuzz/fuzz_npz.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_safetensors
#include "fuzz/fuzz_safetensors.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_case
#include "fuzz/fuzz_case.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_cert
#include "fuzz/fuzz_cert.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_params
#include "fuzz/fuzz_params.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_cmdline
#include "fuzz/fuzz_cmdline.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_number
#include "fuzz/fuzz_number.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_output
#include "fuzz/fuzz_output.c"
#undef LLVMFuzzerTestOneInput

typedef struct {
    const char *name;
    int (*fn)(const uint8_t *, size_t);
} harness;

static const harness harnesses[] = {
    { "npy", fuzz_npy },   { "npz", fuzz_npz },       { "safetensors", fuzz_safetensors },
    { "case", fuzz_case }, { "cert", fuzz_cert },     { "params", fuzz_params },
    { "cmdline", fuzz_cmdline }, { "number", fuzz_number }, { "output", fuzz_output },
};

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Feeds every regular file of dir to h; returns the number fed. */
static size_t replay(const harness *h, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    char *names[4096];
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d)) && n < 4096)
        if (de->d_name[0] != '.')
            names[n++] = strdup(de->d_name);
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    size_t fed = 0;
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unsigned char *buf;
        size_t len;
        ic_err e;
        if (ic_read_file(path, 1 << 20, &buf, &len, &e) == IC_OK) {
            h->fn(buf, len);
            free(buf);
            fed++;
        }
        free(names[i]);
    }
    return fed;
}

static void check_ics_parse(void)
{
    const char *path = srcpath("cases/unitary_authors.case");
    ic_case a, b;
    ic_err e;
    ic_err_clear(&e);
    int ra = ic_case_load(&a, path, &e);
    unsigned char *buf;
    size_t len;
    int rb = ic_read_file(path, 1 << 20, &buf, &len, &e);
    if (rb == IC_OK) {
        rb = ic_case_parse(&b, (const char *)buf, len, path, &e);
        free(buf);
    }
    ok(ra == IC_OK && rb == IC_OK, "ic_case_load and ic_case_parse accept %s", path);
    int same = ra == IC_OK && rb == IC_OK && a.claim == b.claim && !strcmp(a.mode, b.mode) &&
               !strcmp(a.expect, b.expect) && !strcmp(a.name, "unitary_authors") &&
               !strcmp(a.name, b.name) && ic_param_count(&a.params) == ic_param_count(&b.params);
    for (size_t i = 0; same && i < ic_param_count(&a.params); i++) {
        const char *k = ic_param_spec_at(&a.params, i)->name;
        const char *va = ic_param_get(&a.params, k), *vb = ic_param_get(&b.params, k);
        same = (!va && !vb) || (va && vb && !strcmp(va, vb));
    }
    ok(same, "ic_case_parse gives the case ic_case_load gives (claim, mode, expect, every parameter)");
    ok(same && strstr(ic_param_get(&a.params, "A"), "cases/data/sander2024/A_unitary.npy") != NULL,
       "file parameters are resolved against the case file's directory");
    ic_case_free(&a);
    ic_case_free(&b);
    /* Not NUL-terminated and with an embedded NUL. */
    static const char txt[] = "claim = unitary\nmode = verify\nd = 2XXXX";
    ic_case c;
    int rc = ic_case_parse(&c, txt, sizeof txt - 1 - 4, "mem.case", &e);
    ok(rc == IC_OK && !strcmp(ic_param_get(&c.params, "d"), "2"), "ic_case_parse honours len (no NUL needed)");
    ic_case_free(&c);
    rc = ic_case_parse(&c, "claim = unitary\0\nmode = verify\n", 31, "nul.case", &e);
    ok(rc == IC_EINPUT && strstr(e.msg, "nul.case") && strstr(e.msg, "NUL"), "ic_case_parse refuses a NUL byte: %s", e.msg);
    ic_case_free(&c);
}

static void check_icv_parse(void)
{
    const ic_claim *u = ic_claim_find("unitary");
    ic_param_set p;
    ic_err e;
    ic_err_clear(&e);
    ic_param_init(&p, ic_claim_params(u, "verify"), &e);
    ic_param_set_value(&p, "d", "2", "test", &e);
    ic_param_set_value(&p, "H", "1,2", "test", &e);
    ic_param_set_value(&p, "T", "2,3", "test", &e);
    ic_param_set_value(&p, "prec", "128", "test", &e);
    ic_cert *cert = NULL;
    int rc = ic_claim_run(u, "verify", &p, "x/y.case", &cert, &e);
    ok(rc == IC_OK, "unitary verify runs (%s)", e.msg);
    if (rc)
        return;
    char *text = ic_cert_dump(cert);
    ic_cert_parsed cv;
    rc = ic_cert_parse(&cv, (const unsigned char *)text, strlen(text), "mem.json", &e);
    ok(rc == IC_OK && cv.claim == u && !strcmp(cv.mode, "verify") && cv.case_path &&
           !strcmp(cv.case_path, "x/y.case"),
       "ic_cert_parse reads back claim, mode and case");
    int same = rc == IC_OK;
    for (size_t i = 0; same && i < ic_param_count(&p); i++) {
        const char *k = ic_param_spec_at(&p, i)->name;
        const char *va = ic_param_get(&p, k), *vb = ic_param_get(&cv.params, k);
        same = (!va && !vb) || (va && vb && !strcmp(va, vb));
    }
    ok(same, "ic_cert_parse reads back every parameter (defaults and --prec included)");
    ic_cert_parsed_free(&cv);
    /* One byte short: refused, naming the certificate. */
    rc = ic_cert_parse(&cv, (const unsigned char *)text, strlen(text) - 2, "short.json", &e);
    ok(rc == IC_EINPUT && strstr(e.msg, "short.json:"), "a truncated certificate is refused: %s", e.msg);
    ic_cert_parsed_free(&cv);
    free(text);
    ic_cert_free(cert);
    ic_param_clear(&p);
}

int main(void)
{
    for (size_t i = 0; i < sizeof harnesses / sizeof harnesses[0]; i++) {
        const harness *h = &harnesses[i];
        char dir[512];
        snprintf(dir, sizeof dir, "tests/fuzz/corpus/%s", h->name);
        size_t seeds = replay(h, srcpath(dir));
        ok(seeds > 0, "fuzz_%s: %zu seed inputs replayed", h->name, seeds);
        snprintf(dir, sizeof dir, "tests/data/regress/%s", h->name);
        size_t reg = replay(h, srcpath(dir));
        diag("fuzz_%s: %zu regression inputs replayed", h->name, reg);
    }
    /* The bad corpus holds inputs for several parsers: each must hold. */
    size_t bad = replay(&harnesses[0], srcpath("tests/data/bad"));
    for (size_t i = 1; i < sizeof harnesses / sizeof harnesses[0]; i++)
        replay(&harnesses[i], srcpath("tests/data/bad"));
    ok(bad >= 40, "every harness holds on the %zu-file bad-input corpus", bad);
    check_ics_parse();
    check_icv_parse();
    return done_testing();
}
