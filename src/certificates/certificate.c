/* ic_cert: building, labelling and writing certificates (see src/certificates/certificate.h). */
#include "certificates/certificate.h"

#include <math.h>
#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "formats/file_io.h"

struct ic_cert {
    json_t *root;
    json_t *params, *inputs, *checks, *findings, *data;
    json_t *default_proof; /* ic_cert_default_proof, or NULL */
};

ic_cert *ic_cert_new(const char *claim_id, const char *label, const char *reference,
                  const char *mode)
{
    ic_cert *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->root = json_object();
    json_object_set_new(c->root, "format", json_string("icalcheck-certificate/1"));
    json_object_set_new(c->root, "tool", json_string(PACKAGE_STRING));
    json_object_set_new(c->root, "claim", json_pack("{s:s, s:s, s:s}", "id", claim_id,
                                                    "label", label, "reference", reference));
    json_object_set_new(c->root, "mode", json_string(mode));
    c->params = json_object();
    c->inputs = json_array();
    c->checks = json_array();
    c->findings = json_array();
    c->data = json_object();
    json_object_set(c->root, "parameters", c->params);
    json_object_set(c->root, "inputs", c->inputs);
    json_object_set_new(c->root, "precision_bits", json_integer(0));
    json_object_set(c->root, "checks", c->checks);
    json_object_set(c->root, "findings", c->findings);
    json_object_set(c->root, "data", c->data);
    json_object_set_new(c->root, "verdict", json_string("undecided"));
    return c;
}

void ic_cert_free(ic_cert *c)
{
    if (!c)
        return;
    json_decref(c->params);
    json_decref(c->inputs);
    json_decref(c->checks);
    json_decref(c->default_proof);
    json_decref(c->findings);
    json_decref(c->data);
    json_decref(c->root);
    free(c);
}

json_t *ic_cert_json(const ic_cert *c)
{
    return c->root;
}

void ic_cert_set_precision(ic_cert *c, long bits)
{
    json_object_set_new(c->root, "precision_bits", json_integer(bits));
}

void ic_cert_set_case(ic_cert *c, const char *case_path)
{
    json_object_set_new(c->root, "case", json_string(case_path));
}

void ic_cert_set_expect(ic_cert *c, const char *expect)
{
    json_object_set_new(c->root, "expect", json_string(expect));
}

int ic_cert_add_param(ic_cert *c, const char *name, const char *value)
{
    return json_object_set_new(c->params, name, json_string(value));
}

void ic_cert_sha256_hex(const unsigned char *bytes, size_t len, char out[65])
{
    struct sha256_ctx ctx;
    uint8_t dig[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, len, bytes);
    sha256_digest(&ctx, sizeof dig, dig);
    static const char hx[] = "0123456789abcdef";
    for (size_t i = 0; i < sizeof dig; i++) {
        out[2 * i] = hx[dig[i] >> 4];
        out[2 * i + 1] = hx[dig[i] & 15];
    }
    out[64] = '\0';
}

int ic_cert_add_input(ic_cert *c, const char *name, const char *path,
                  const unsigned char *bytes, size_t len)
{
    char hex[65];
    ic_cert_sha256_hex(bytes, len, hex);
    json_t *in = json_pack("{s:s, s:s, s:s, s:I}", "name", name, "path", path,
                           "sha256", hex, "bytes", (json_int_t)len);
    return json_array_append_new(c->inputs, in);
}

int ic_cert_input_array(ic_cert *c, const char *name, const char *dtype,
                    size_t ndim, const size_t *shape)
{
    size_t i;
    json_t *in;
    json_array_foreach(c->inputs, i, in) {
        if (strcmp(json_string_value(json_object_get(in, "name")), name) == 0) {
            json_t *sh = json_array();
            for (size_t k = 0; k < ndim; k++)
                json_array_append_new(sh, json_integer((json_int_t)shape[k]));
            json_object_set_new(in, "dtype", json_string(dtype));
            json_object_set_new(in, "shape", sh);
            return 0;
        }
    }
    return -1;
}

int ic_cert_input_member(ic_cert *c, const char *name, const char *member)
{
    size_t i;
    json_t *in;
    json_array_foreach(c->inputs, i, in) {
        if (strcmp(json_string_value(json_object_get(in, "name")), name) == 0)
            return json_object_set_new(in, "member", json_string(member));
    }
    return -1;
}

/* Shortest %e form that reads back as the same double, for values that
 * are doubles (tolerances given on the command line, float64 results):
 * "1e-02" rather than "1.0000000000000000208e-02". */
static char *fmt_short_double(double v)
{
    char buf[40];
    for (int prec = 0; prec < 17; prec++) {
        snprintf(buf, sizeof buf, "%.*e", prec, v);
        if (strtod(buf, NULL) == v)
            return strdup(buf);
    }
    snprintf(buf, sizeof buf, "%.16e", v);
    return strdup(buf);
}

char *ic_cert_fmt(mpfr_srcptr x)
{
    char *s = NULL;
    if (mpfr_nan_p(x))
        return strdup("nan");
    if (mpfr_inf_p(x))
        return strdup(mpfr_sgn(x) > 0 ? "inf" : "-inf");
    if (mpfr_zero_p(x))
        return strdup("0");
    double d = mpfr_get_d(x, MPFR_RNDN);
    if (mpfr_cmp_d(x, d) == 0 && fabs(d) > 1e-300 && fabs(d) < 1e300)
        return fmt_short_double(d);
    if (mpfr_asprintf(&s, "%.*Re", IC_CERT_DIGITS - 1, x) < 0)
        return NULL;
    char *r = strdup(s);
    mpfr_free_str(s);
    return r;
}

static char *fmt_d(double v)
{
    mpfr_t x;
    mpfr_init2(x, 53);
    mpfr_set_d(x, v, MPFR_RNDN);
    char *s = ic_cert_fmt(x);
    mpfr_clear(x);
    return s;
}

json_t *ic_cert_fmt_json(mpfr_srcptr x)
{
    char *s = ic_cert_fmt(x);
    json_t *j = s ? json_string(s) : NULL;
    free(s);
    return j;
}

static int holds(mpfr_srcptr v, const char *rel, mpfr_srcptr b)
{
    if (mpfr_nan_p(v) || mpfr_nan_p(b))
        return 0;
    int cmp = mpfr_cmp(v, b);
    if (strcmp(rel, "<=") == 0) return cmp <= 0;
    if (strcmp(rel, "<") == 0) return cmp < 0;
    if (strcmp(rel, ">=") == 0) return cmp >= 0;
    if (strcmp(rel, ">") == 0) return cmp > 0;
    if (strcmp(rel, "==") == 0) return cmp == 0;
    return 0;
}

static void append_check(ic_cert *c, const char *name, const char *what, const char *value,
                         const char *rel, const char *bound, const char *status)
{
    json_t *o = json_pack("{s:s, s:s, s:s}", "name", name, "what", what, "value", value ? value : "?");
    if (rel)
        json_object_set_new(o, "relation", json_string(rel));
    if (bound)
        json_object_set_new(o, "bound", json_string(bound));
    json_object_set_new(o, "status", json_string(status));
    json_array_append_new(c->checks, o);
}

int ic_cert_check(ic_cert *c, const char *name, const char *what,
              mpfr_srcptr value, const char *rel, mpfr_srcptr bound)
{
    int ok = holds(value, rel, bound);
    char *vs = ic_cert_fmt(value), *bs = ic_cert_fmt(bound);
    append_check(c, name, what, vs, rel, bs, ok ? "pass" : "fail");
    free(vs);
    free(bs);
    return ok;
}

int ic_cert_check_d(ic_cert *c, const char *name, const char *what,
                double value, const char *rel, double bound)
{
    mpfr_t v, b;
    mpfr_inits2(53, v, b, (mpfr_ptr)0);
    mpfr_set_d(v, value, MPFR_RNDN);
    mpfr_set_d(b, bound, MPFR_RNDN);
    int ok = ic_cert_check(c, name, what, v, rel, b);
    mpfr_clears(v, b, (mpfr_ptr)0);
    return ok;
}

void ic_cert_check_status(ic_cert *c, const char *name, const char *what,
                      const char *value, const char *rel, const char *bound,
                      const char *status)
{
    append_check(c, name, what, value, rel, bound, status);
}

void ic_cert_not_applicable(ic_cert *c, const char *name, const char *what, const char *value,
                            const char *rel, const char *bound, const char *reason)
{
    append_check(c, name, what, value ? value : "-", value ? rel : NULL, value ? bound : NULL, "not_applicable");
    json_object_set_new(json_array_get(c->checks, json_array_size(c->checks) - 1), "reason",
                        json_string(reason));
}

void ic_cert_measure(ic_cert *c, const char *name, const char *what, mpfr_srcptr value)
{
    char *vs = ic_cert_fmt(value);
    append_check(c, name, what, vs, NULL, NULL, "info");
    free(vs);
}

void ic_cert_measure_d(ic_cert *c, const char *name, const char *what, double value)
{
    char *vs = fmt_d(value);
    append_check(c, name, what, vs, NULL, NULL, "info");
    free(vs);
}

void ic_cert_measure_str(ic_cert *c, const char *name, const char *what, const char *value)
{
    append_check(c, name, what, value, NULL, NULL, "info");
}

void ic_cert_data(ic_cert *c, const char *name, json_t *value)
{
    json_object_set_new(c->data, name, value);
}

json_t *ic_cert_matrix_json(const ic_mat *m)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < m->rows; i++) {
        json_t *row = json_array();
        for (size_t j = 0; j < m->cols; j++)
            json_array_append_new(row, json_real(mpfr_get_d(IC_MAT_AT(m, i, j), MPFR_RNDN)));
        json_array_append_new(rows, row);
    }
    return rows;
}

int ic_cert_proof_kind_valid(const char *kind)
{
    static const char *const kinds[] = {IC_PROOF_SYMBOLIC, IC_PROOF_EXACT, IC_PROOF_PARAMETRIC,
                                        IC_PROOF_ENCLOSURE, IC_PROOF_PAPER, IC_PROOF_NUMERIC,
                                        IC_PROOF_MEASURED, NULL};
    for (const char *const *k = kinds; kind && *k; k++)
        if (strcmp(kind, *k) == 0)
            return 1;
    return 0;
}

static json_t *proof_json(const char *kind, const char *scope, const char *method)
{
    /* A kind outside the list is a programming error, not an input error. */
    if (!ic_cert_proof_kind_valid(kind))
        abort();
    return json_pack("{s:s, s:s, s:s}", "kind", kind, "scope", scope, "method", method);
}

void ic_cert_proof(ic_cert *c, const char *kind, const char *scope, const char *method)
{
    size_t n = json_array_size(c->checks);
    if (n == 0)
        abort();
    json_object_set_new(json_array_get(c->checks, n - 1), "proof", proof_json(kind, scope, method));
}

void ic_cert_default_proof(ic_cert *c, const char *kind, const char *scope, const char *method)
{
    json_decref(c->default_proof);
    c->default_proof = proof_json(kind, scope, method);
}

void ic_cert_finding(ic_cert *c, const char *name, const char *text, const char *value)
{
    json_t *o = json_pack("{s:s, s:s}", "name", name, "text", text);
    if (value)
        json_object_set_new(o, "value", json_string(value));
    json_array_append_new(c->findings, o);
}

const char *ic_cert_finish(ic_cert *c)
{
    int fail = 0, undecided = 0;
    size_t i;
    json_t *ck;
    json_array_foreach(c->checks, i, ck) {
        const char *s = json_string_value(json_object_get(ck, "status"));
        if (!json_object_get(ck, "proof")) {
            if (strcmp(s, "info") == 0)
                json_object_set_new(ck, "proof", proof_json(IC_PROOF_MEASURED, "this run",
                                                            "measured and reported; nothing is claimed"));
            else if (strcmp(s, "not_applicable") == 0)
                json_object_set_new(ck, "proof", proof_json(IC_PROOF_MEASURED, "this run",
                                                            "not applicable: nothing was checked (see reason)"));
            else if (c->default_proof)
                json_object_set_new(ck, "proof", json_deep_copy(c->default_proof));
            else
                json_object_set_new(ck, "proof",
                                    proof_json(IC_PROOF_NUMERIC, "the inputs of this certificate",
                                               "value compared with its bound in floating point; no proof"));
        }
        if (strcmp(s, "fail") == 0)
            fail = 1;
        else if (strcmp(s, "undecided") == 0)
            undecided = 1;
    }
    const char *v = fail ? "fail" : undecided ? "undecided" : "pass";
    json_object_set_new(c->root, "verdict", json_string(v));
    return ic_cert_verdict(c);
}

const char *ic_cert_verdict(const ic_cert *c)
{
    return json_string_value(json_object_get(c->root, "verdict"));
}

char *ic_cert_dump(const ic_cert *c)
{
    char *s = json_dumps(c->root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
    if (!s)
        return NULL;
    size_t n = strlen(s);
    char *r = realloc(s, n + 2);
    if (!r) {
        free(s);
        return NULL;
    }
    r[n] = '\n';
    r[n + 1] = '\0';
    return r;
}

int ic_cert_write(const ic_cert *c, const char *path, ic_err *err)
{
    char *s = ic_cert_dump(c);
    if (!s)
        return ic_err_set(err, IC_EINTERNAL, "%s: cannot serialise certificate", path);
    int rc = ic_write_atomic(path, s, strlen(s), err);
    free(s);
    return rc;
}
