/* ic_api: runs from options and in-memory arrays (the same certificate as
 * from the files, paths replaced by labels), messages, training into
 * memory and into a directory (the same files), the claims' JSON, and a
 * certificate's section with every style rule scoped. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "api/api.h"
#include "config.h"
#include "formats/file_io.h"
#include "tap.h"

void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);

static const char *const names3[] = { "A", "B", "P", "tol" };

/* Every selector of every rule inside the <style> of html starts with the
 * wrapper's class (at-rules: their inner rules). */
static int all_scoped(const char *html)
{
    const char *s = strstr(html, "<style>\n"), *end = strstr(html, "</style>");
    if (!s || !end)
        return 0;
    s += 8;
    int depth = 0, rules = 0;
    while (s < end) {
        while (s < end && (*s == '\n' || *s == ' '))
            s++;
        if (s >= end)
            break;
        if (*s == '}') {
            depth--;
            s++;
            continue;
        }
        const char *brace = memchr(s, '{', (size_t)(end - s));
        if (!brace)
            return 0;
        if (*s == '@') {
            depth++;
            s = brace + 1;
            continue;
        }
        for (const char *p = s; p < brace;) {  /* each comma-separated selector */
            while (*p == ' ')
                p++;
            if (strncmp(p, ".icalcheck-report", 17) != 0)
                return 0;
            const char *comma = memchr(p, ',', (size_t)(brace - p));
            p = comma ? comma + 1 : brace;
        }
        rules++;
        const char *close = memchr(brace, '}', (size_t)(end - brace));
        if (!close)
            return 0;
        s = close + 1;
    }
    return depth == 0 && rules > 20;
}

int main(void)
{
    ic_err err;
    ic_err_clear(&err);
    ok(strcmp(ic_api_version(), PACKAGE_STRING) == 0 && ic_api_err_size() == sizeof(ic_err), "version, ic_err size");

    /* The authors' unitary tensors: as files, then their bytes in memory. */
    const char *files[3] = { srcpath("cases/data/sander2024/A_unitary.npy"),
                             srcpath("cases/data/sander2024/B_unitary.npy"),
                             srcpath("cases/data/sander2024/P_unitary.npy") };
    const char *vals[4] = { files[0], files[1], files[2], "1e-5" };
    char *json = NULL, *mjson = NULL;
    size_t len, mlen;
    int threads = openblas_get_num_threads();
    openblas_set_num_threads(2);
    int rc = ic_api_run("unitary", "compare", names3, vals, 4, NULL, 0, &json, &len, &err);
    ok(rc == IC_OK && json && strlen(json) == len && strstr(json, "\"verdict\": \"pass\""),
       "compare unitary from paths: pass (%s)", err.msg);
    ok(openblas_get_num_threads() == 2, "the caller's OpenBLAS thread count is given back");
    openblas_set_num_threads(threads);
    unsigned char *buf[3] = { NULL, NULL, NULL };
    size_t blen[3];
    ic_param_blob blobs[3];
    for (int i = 0; i < 3; i++) {
        ok(ic_read_file(files[i], 1 << 20, &buf[i], &blen[i], &err) == IC_OK, "read %s", files[i]);
        blobs[i] = (ic_param_blob){ names3[i], i == 0 ? "<array A>" : i == 1 ? "<array B>" : "<array P>",
                                    buf[i], blen[i] };
    }
    const char *tolv[1] = { "1e-5" };
    rc = ic_api_run("unitary", "compare", names3 + 3, tolv, 1, blobs, 3, &mjson, &mlen, &err);
    ok(rc == IC_OK && mjson, "compare unitary from bytes in memory (%s)", err.msg);
    json_t *a = json ? json_loads(json, 0, NULL) : NULL, *b = mjson ? json_loads(mjson, 0, NULL) : NULL;
    for (int i = 0; a && i < 3; i++) {
        json_object_set_new(json_object_get(a, "parameters"), names3[i], json_string(blobs[i].label));
        json_object_set_new(json_array_get(json_object_get(a, "inputs"), (size_t)i), "path",
                            json_string(blobs[i].label));
    }
    ok(a && b && json_equal(a, b), "in memory: the files' certificate with the paths replaced by the labels");
    json_decref(a);
    json_decref(b);
    ic_api_free(json);
    ic_api_free(mjson);

    /* Messages. */
    static const unsigned char junk[] = "not an array";
    ic_param_blob bad[3] = { { "A", "<array A>", junk, sizeof junk - 1 }, blobs[1], blobs[2] };
    rc = ic_api_run("unitary", "compare", NULL, NULL, 0, bad, 3, &json, &len, &err);
    ok(rc == IC_EINPUT && strncmp(err.msg, "<array A>: ", 11) == 0 && !json, "bytes that are no array: %s", err.msg);
    rc = ic_api_run("nope", "compare", NULL, NULL, 0, NULL, 0, &json, &len, &err);
    ok(rc == IC_EINPUT && strcmp(err.msg, "compare: unknown claim 'nope'") == 0, "unknown claim: %s", err.msg);
    rc = ic_api_run("unitary", "train", NULL, NULL, 0, NULL, 0, &json, &len, &err);
    ok(rc == IC_EINPUT && strstr(err.msg, "unknown mode 'train'"), "train is not a run mode: %s", err.msg);
    const char *fooname[1] = { "foo" }, *fooval[1] = { "1" };
    rc = ic_api_run("unitary", "compare", fooname, fooval, 1, blobs, 3, &json, &len, &err);
    ok(rc == IC_EINPUT && strcmp(err.msg, "compare unitary: unknown option --foo") == 0, "unknown option: %s",
       err.msg);
    rc = ic_api_run("unitary", "compare", NULL, NULL, 0, blobs, 2, &json, &len, &err);
    ok(rc == IC_EINPUT && strcmp(err.msg, "compare unitary: missing required --P") == 0, "missing input: %s",
       err.msg);
    for (int i = 0; i < 3; i++)
        free(buf[i]);

    /* Training into memory, then into a directory: the same files. */
    const char *tn[4] = { "d", "H", "T", "seed" }, *tv[4] = { "4", "2", "6", "4" };
    ic_captured_file *mem = NULL, *disk = NULL;
    size_t nmem = 0, ndisk = 0;
    rc = ic_api_train("orthogonal", tn, tv, 4, NULL, &mem, &nmem, &err);
    ok(rc == IC_OK && nmem == 8 && strcmp(mem[0].name, "A.npy") == 0, "train orthogonal into memory: %zu files",
       nmem);
    struct stat st;
    ok(stat("<memory>", &st) != 0, "no directory was created for it");
    char dir[] = "/tmp/icapi-XXXXXX";
    ok(mkdtemp(dir) != NULL, "temporary directory");
    char out[64];
    snprintf(out, sizeof out, "%s/t", dir);
    rc = ic_api_train("orthogonal", tn, tv, 4, out, &disk, &ndisk, &err);
    int same = rc == IC_OK && ndisk == nmem;
    for (size_t i = 0; same && i < nmem; i++) {
        char path[128];
        unsigned char *fb;
        size_t fl;
        snprintf(path, sizeof path, "%s/%s", out, mem[i].name);
        same = strcmp(mem[i].name, disk[i].name) == 0 && mem[i].len == disk[i].len &&
               memcmp(mem[i].bytes, disk[i].bytes, mem[i].len) == 0 &&
               ic_read_file(path, 1 << 24, &fb, &fl, &err) == IC_OK && fl == mem[i].len &&
               memcmp(fb, mem[i].bytes, fl) == 0;
        if (fl == mem[i].len)
            free(fb);
    }
    ok(same, "train into a directory: the same files, returned and on disk");
    ic_api_files_free(mem, nmem);
    ic_api_files_free(disk, ndisk);
    const char *dn[1] = { "d" }, *dv[1] = { "5" };
    rc = ic_api_train("orthogonal", dn, dv, 1, NULL, &mem, &nmem, &err);
    ok(rc == IC_EINPUT && strstr(err.msg, "--d: 5 is odd") && !mem && nmem == 0, "train --d 5: %s", err.msg);
    rc = ic_api_train("tokens", NULL, NULL, 0, NULL, &mem, &nmem, &err);
    ok(rc == IC_EINPUT && strcmp(err.msg, "claim 'tokens' has no trainer") == 0, "no trainer: %s", err.msg);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    ok(system(cmd) == 0, "cleanup");

    /* The claims. */
    rc = ic_api_claims(&json, &len, &err);
    json_t *cl = rc == IC_OK ? json_loads(json, 0, NULL) : NULL;
    json_t *u = json_array_get(cl, 0), *uc = json_object_get(json_object_get(u, "modes"), "compare");
    ok(json_array_size(cl) == 6 && strcmp(json_string_value(json_object_get(u, "id")), "unitary") == 0 &&
           strcmp(json_string_value(json_object_get(json_array_get(uc, 0), "name")), "A") == 0 &&
           json_is_true(json_object_get(json_array_get(uc, 0), "required")),
       "claims: six, unitary first, its compare options start with the required A");
    json_decref(cl);
    ic_api_free(json);

    /* A certificate's section. */
    rc = ic_api_run("unitary", "compare", names3, vals, 4, NULL, 0, &json, &len, &err);
    char *html = NULL;
    size_t hlen;
    ok(rc == IC_OK && ic_api_cert_html(json, len, "mine", NULL, 0, &html, &hlen, &err) == IC_OK &&
           strncmp(html, "<div class=\"icalcheck-report\">", 30) == 0 && strlen(html) == hlen &&
           strstr(html, "<h2>mine</h2>") && strstr(html, "badge pass") && strstr(html, "<svg"),
       "the section of a certificate, titled, with its verdict and figures");
    ok(html && all_scoped(html), "every style rule is scoped to the wrapper");
    ic_api_free(html);
    ic_api_free(json);
    ok(ic_api_cert_html("{", 1, "t", NULL, 0, &html, &hlen, &err) == IC_EINPUT && strstr(err.msg, "not valid JSON"),
       "not JSON: %s", err.msg);
    ok(ic_api_cert_html("{\"a\": 1}", 8, "t", NULL, 0, &html, &hlen, &err) == IC_EINPUT &&
           strstr(err.msg, "not an icalcheck certificate") && !html,
       "not a certificate: %s", err.msg);
    return done_testing();
}
