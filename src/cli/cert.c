/* icalcheck cert verify CERT.json: re-runs the check a certificate
 * describes, from the inputs it names, and compares the result byte for
 * byte.  A changed input shows as a SHA-256 mismatch; an edited
 * certificate as the first field that differs.  Every field is re-derived,
 * none copied from the certificate being verified: a certificate that names
 * a case file is re-run from that case file (claim, mode, parameters and
 * the expected verdict as the case gives them; --max-bytes, which `run`
 * can add from its command line, from the certificate when the case does
 * not set it), one without a case from its recorded parameters, and with
 * no "expect" (only a case gives one). */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "formats/file_io.h"
#include "certificates/cert_reader.h"
#include "certificates/case_file.h"

#define CERT_MAX_BYTES (64u << 20)

const cli_opt cli_cert_opts[] = { CLI_OPT_END };

static void usage(FILE *f)
{
    fputs("Usage: icalcheck cert verify CERT.json...\n"
          "Re-runs each certificate's check from its recorded inputs and parameters\n"
          "(paths as recorded, relative to the current directory) and compares.\n"
          "Exit: 0 all reproduced exactly, 1 a difference, 2 unreadable certificate.\n\nOptions:\n", f);
    cli_print_options(f, NULL, cli_cert_opts);
}

/* First path at which two JSON values differ, written into buf. */
static int first_diff(const json_t *a, const json_t *b, char *buf, size_t n, const char *at)
{
    if (json_typeof(a) != json_typeof(b)) {
        snprintf(buf, n, "%s", at[0] ? at : "/");
        return 1;
    }
    char sub[512];
    if (json_is_object(a)) {
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)a, k, v) {
            snprintf(sub, sizeof sub, "%s/%s", at, k);
            json_t *w = json_object_get(b, k);
            if (!w) {
                snprintf(buf, n, "%s", sub);
                return 1;
            }
            if (first_diff(v, w, buf, n, sub))
                return 1;
        }
        json_object_foreach((json_t *)b, k, v)
            if (!json_object_get(a, k)) {
                snprintf(buf, n, "%s/%s", at, k);
                return 1;
            }
        return 0;
    }
    if (json_is_array(a)) {
        size_t na = json_array_size(a), nb = json_array_size(b);
        for (size_t i = 0; i < na && i < nb; i++) {
            snprintf(sub, sizeof sub, "%s/%zu", at, i);
            if (first_diff(json_array_get(a, i), json_array_get(b, i), buf, n, sub))
                return 1;
        }
        if (na != nb) {
            snprintf(buf, n, "%s (length %zu vs %zu)", at, na, nb);
            return 1;
        }
        return 0;
    }
    if (!json_equal((json_t *)a, (json_t *)b)) {
        snprintf(buf, n, "%s", at);
        return 1;
    }
    return 0;
}

/* Reports inputs whose bytes changed since the certificate was made. */
static int input_changes(const json_t *old, const json_t *neu, const char *cert)
{
    size_t i;
    json_t *in;
    int changed = 0;
    json_array_foreach(json_object_get(old, "inputs"), i, in) {
        json_t *now = json_array_get(json_object_get(neu, "inputs"), i);
        const char *h0 = json_string_value(json_object_get(in, "sha256"));
        const char *h1 = now ? json_string_value(json_object_get(now, "sha256")) : NULL;
        const char *p0 = json_string_value(json_object_get(in, "path"));
        const char *p1 = now ? json_string_value(json_object_get(now, "path")) : NULL;
        /* Another file read is not a changed input: first_diff names it. */
        if (!p0 || !p1 || strcmp(p0, p1) != 0)
            continue;
        if (!h0 || !h1 || strcmp(h0, h1) != 0) {
            printf("%s: input %s (%s) changed: sha256 %s, certificate says %s\n", cert,
                   json_string_value(json_object_get(in, "name")),
                   json_string_value(json_object_get(in, "path")), h1 ? h1 : "?", h0 ? h0 : "?");
            changed = 1;
        }
    }
    return changed;
}

static int verify_one(const char *path)
{
    ic_err err;
    ic_err_clear(&err);
    unsigned char *buf;
    size_t len;
    int rc = ic_read_file(path, CERT_MAX_BYTES, &buf, &len, &err);
    if (rc)
        return cli_fail(&err);
    ic_cert_parsed cv;
    rc = ic_cert_parse(&cv, buf, len, path, &err);
    ic_cert *cert = NULL;
    ic_case cs;
    memset(&cs, 0, sizeof cs);
    if (!rc && cv.case_path) {
        rc = ic_case_load(&cs, cv.case_path, &err);
        if (rc)
            ic_err_prefix(&err, "%s: the case file it names", path);
        else if (!ic_param_given(&cs.params, "max-bytes") && ic_param_given(&cv.params, "max-bytes"))
            rc = ic_param_set_value(&cs.params, "max-bytes", ic_param_get(&cv.params, "max-bytes"), path, &err);
        if (!rc)
            rc = ic_claim_run(cs.claim, cs.mode, &cs.params, cv.case_path, &cert, &err);
        /* `run` records the case's expected verdict after the check. */
        if (!rc)
            ic_cert_set_expect(cert, cs.expect);
    } else if (!rc) {
        rc = ic_claim_run(cv.claim, cv.mode, &cv.params, NULL, &cert, &err);
    }
    ic_case_free(&cs);
    if (rc) {
        ic_cert_parsed_free(&cv);
        free(buf);
        return cli_fail(&err);
    }
    json_t *root = cv.root;
    const char *id = json_string_value(json_object_get(json_object_get(ic_cert_json(cert), "claim"), "id"));
    const char *mode = json_string_value(json_object_get(ic_cert_json(cert), "mode"));
    char *again = ic_cert_dump(cert);
    int same = again && strlen(again) == len && memcmp(again, buf, len) == 0;
    if (same) {
        printf("%s: reproduced exactly (%s %s: %s)\n", path, id, mode, ic_cert_verdict(cert));
    } else if (!input_changes(root, ic_cert_json(cert), path)) {
        char where[512] = "(formatting)";
        first_diff(root, ic_cert_json(cert), where, sizeof where, "");
        printf("%s: differs from the re-run at %s\n", path, where);
    }
    free(again);
    ic_cert_free(cert);
    ic_cert_parsed_free(&cv);
    free(buf);
    return same ? IC_OK : IC_FAIL;
}

int cli_cert(int argc, char **argv)
{
    if (argc >= 1 && (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0)) {
        usage(stdout);
        return IC_OK;
    }
    if (argc < 1 || strcmp(argv[0], "verify") != 0)
        return cli_usage("cert: expected 'cert verify CERT.json...'");
    if (cli_wants_help(argc - 1, argv + 1)) {
        usage(stdout);
        return IC_OK;
    }
    char **pos = calloc((size_t)argc, sizeof *pos);
    int npos = 0;
    ic_err err;
    ic_err_clear(&err);
    if (!pos)
        return IC_EINTERNAL;
    if (cli_parse("cert verify", argc - 1, argv + 1, cli_cert_opts, NULL, NULL, pos, argc, &npos, &err)) {
        free(pos);
        return cli_fail(&err);
    }
    free(pos);
    if (npos < 1)
        return cli_usage("cert verify: missing CERT.json");
    int worst = IC_OK;
    for (int i = 1; i < argc; i++) {
        int rc = verify_one(argv[i]);
        if (rc > worst)
            worst = rc;
    }
    return worst;
}
