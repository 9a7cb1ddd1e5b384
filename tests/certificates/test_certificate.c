#include <stdlib.h>
#include <string.h>

#include "certificates/certificate.h"
#include "tap.h"

int main(void)
{
    char hex[65];
    ic_cert_sha256_hex((const unsigned char *)"abc", 3, hex);
    ok(strcmp(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad") == 0,
       "SHA-256 of 'abc' (FIPS 180-2 test vector)");
    ic_cert_sha256_hex((const unsigned char *)"", 0, hex);
    ok(strcmp(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855") == 0, "SHA-256 of ''");

    mpfr_t x, b;
    mpfr_inits2(256, x, b, (mpfr_ptr)0);
    mpfr_set_ui(x, 1, MPFR_RNDN);
    mpfr_div_ui(x, x, 3, MPFR_RNDN);
    char *s = ic_cert_fmt(x);
    ok(strcmp(s, "3.3333333333333333333e-01") == 0, "20 significant digits: %s", s);
    free(s);
    mpfr_set_zero(x, 1);
    s = ic_cert_fmt(x);
    ok(strcmp(s, "0") == 0, "zero prints as 0");
    free(s);
    mpfr_set_ui(x, 2, MPFR_RNDN);
    mpfr_div_ui(x, x, 3, MPFR_RNDN);
    json_t *js = ic_cert_fmt_json(x);
    ok(json_is_string(js) && strcmp(json_string_value(js), "6.6666666666666666667e-01") == 0,
       "ic_cert_fmt_json: the same digits as a JSON string");
    json_decref(js);

    ic_cert *c = ic_cert_new("demo", "C0", "ref", "compare");
    ic_cert_set_precision(c, 256);
    ic_cert_add_param(c, "tol", "1e-5");
    ic_cert_add_input(c, "A", "a.npy", (const unsigned char *)"abc", 3);
    size_t shape[2] = { 2, 3 };
    ok(ic_cert_input_array(c, "A", "<f4", 2, shape) == 0, "dtype and shape attached");
    ok(ic_cert_input_array(c, "Z", "<f4", 2, shape) != 0, "unknown input refused");
    mpfr_set_d(x, 1e-7, MPFR_RNDN);
    mpfr_set_d(b, 1e-5, MPFR_RNDN);
    ok(ic_cert_check(c, "r", "residual", x, "<=", b) == 1, "1e-7 <= 1e-5 passes");
    ok(ic_cert_check_d(c, "q", "other", 2.0, "<", 1.0) == 0, "2 < 1 fails");
    ic_cert_measure_d(c, "m", "measured", 0.5);
    ic_cert_finding(c, "f", "a finding", "42");
    ok(strcmp(ic_cert_finish(c), "fail") == 0, "a failed check makes the verdict fail");
    char *d1 = ic_cert_dump(c), *d2 = ic_cert_dump(c);
    ok(d1 && d2 && strcmp(d1, d2) == 0 && d1[strlen(d1) - 1] == '\n', "dump is deterministic and ends in newline");
    ok(strstr(d1, "\"sha256\": \"ba7816bf") != NULL, "input hash in the certificate");
    ok(strstr(d1, "\"shape\": [\n") != NULL || strstr(d1, "\"shape\": [2, 3]") != NULL, "shape recorded");
    ok(strstr(d1, "\"verdict\": \"fail\"") != NULL, "verdict serialised");
    ok(strstr(d1, "time") == NULL && strstr(d1, "host") == NULL, "no time stamps or host names");
    free(d1);
    free(d2);
    ic_cert_free(c);

    c = ic_cert_new("demo", "C0", "ref", "verify");
    ic_cert_check_status(c, "u", "three-valued", "?", NULL, NULL, "undecided");
    ok(strcmp(ic_cert_finish(c), "undecided") == 0, "undecided check makes the verdict undecided");
    ic_cert_free(c);
    c = ic_cert_new("demo", "C0", "ref", "verify");
    ic_cert_measure_d(c, "m", "measured only", 1.0);
    ok(strcmp(ic_cert_finish(c), "pass") == 0, "info-only certificate passes");
    ic_cert_free(c);
    /* not_applicable: neither a pass nor a fail, with its reason and a proof
     * that claims nothing. */
    c = ic_cert_new("demo", "C0", "ref", "verify");
    ic_cert_not_applicable(c, "na", "a bound at H < d", NULL, NULL, NULL, "no H < d in the sweep");
    ic_cert_check_d(c, "q", "failing", 2.0, "<", 1.0);
    ok(strcmp(ic_cert_finish(c), "fail") == 0, "not_applicable does not hide a failed check");
    json_t *na = json_array_get(json_object_get(ic_cert_json(c), "checks"), 0);
    ok(strcmp(json_string_value(json_object_get(na, "status")), "not_applicable") == 0 &&
       strcmp(json_string_value(json_object_get(na, "reason")), "no H < d in the sweep") == 0 &&
       strcmp(json_string_value(json_object_get(na, "value")), "-") == 0 && !json_object_get(na, "bound"),
       "not_applicable check has status, reason, value '-' and no bound");
    ok(strcmp(json_string_value(json_object_get(json_object_get(na, "proof"), "kind")), "measured") == 0,
       "not_applicable check gets proof kind measured");
    ic_cert_free(c);
    c = ic_cert_new("demo", "C0", "ref", "verify");
    ic_cert_not_applicable(c, "na", "a bound", "3", "<=", "1", "the hypothesis did not occur");
    ic_cert_check_status(c, "u", "three-valued", "?", NULL, NULL, "undecided");
    ok(strcmp(ic_cert_finish(c), "undecided") == 0, "not_applicable with value 3 > bound 1 does not fail");
    na = json_array_get(json_object_get(ic_cert_json(c), "checks"), 0);
    ok(strcmp(json_string_value(json_object_get(na, "bound")), "1") == 0, "not_applicable keeps a computed value and bound");
    ic_cert_free(c);
    c = ic_cert_new("demo", "C0", "ref", "verify");
    ic_cert_check_d(c, "p", "passing", 0.5, "<", 1.0);
    ic_cert_not_applicable(c, "na", "a bound", NULL, NULL, NULL, "nothing to check");
    ok(strcmp(ic_cert_finish(c), "pass") == 0, "pass and not_applicable give pass");
    ic_err e;
    ok(ic_cert_write(c, "/nonexistent-dir/x.json", &e) == IC_EINPUT, "write to a missing directory refused: %s", e.msg);
    ic_cert_free(c);
    ic_mat m;
    ic_mat_init(&m, 2, 3, 128, NULL);
    mpfr_set_d(IC_MAT_AT(&m, 1, 2), -0.25, MPFR_RNDN);
    mpfr_set_ui(IC_MAT_AT(&m, 0, 0), 1, MPFR_RNDN);
    mpfr_div_ui(IC_MAT_AT(&m, 0, 0), IC_MAT_AT(&m, 0, 0), 3, MPFR_RNDN);
    json_t *mj = ic_cert_matrix_json(&m);
    ok(json_array_size(mj) == 2 && json_array_size(json_array_get(mj, 0)) == 3, "matrix JSON has 2 rows of 3");
    ok(json_real_value(json_array_get(json_array_get(mj, 1), 2)) == -0.25 &&
       json_real_value(json_array_get(json_array_get(mj, 0), 0)) == 1.0 / 3, "entries rounded to nearest double");
    json_decref(mj);
    ic_mat_clear(&m);
    mpfr_clears(x, b, (mpfr_ptr)0);
    return done_testing();
}
