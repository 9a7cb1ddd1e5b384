/* ic_param: typed parameters: validation per kind, defaults, required ones,
 * typed reads, and the messages that name where a value came from. */
#include <string.h>

#include "certificates/parameters.h"
#include "tap.h"

static const ic_param_spec spec[] = {
    {"in", IC_PARAM_FILE, NULL, NULL, "input"},
    {"tol", IC_PARAM_REAL, "0.01", NULL, "tolerance"},
    {"steps", IC_PARAM_INT, "100", NULL, "steps"},
    {"d", IC_PARAM_INTS, "2,3", NULL, "dimensions"},
    {"loss", IC_PARAM_WORD, "exact", "exact|authors", "which loss"},
    {"note", IC_PARAM_WORD, "", NULL, "optional"},
    IC_PARAM_END,
};

int main(void)
{
    ic_param_set s;
    ic_err err;
    ic_err_clear(&err);
    ok(ic_param_init(&s, spec, &err) == IC_OK, "init");
    ok(ic_param_count(&s) >= 6 && ic_param_spec_at(&s, 0) == &spec[0] && ic_param_spec_at(&s, 5) == &spec[5],
       "own parameters first, then the common ones (%zu in all)", ic_param_count(&s));
    ok(ic_param_check_required(&s, "here", &err) == IC_EINPUT && strstr(err.msg, "in"),
       "required 'in' missing is reported: %s", err.msg);
    ok(ic_param_set_value(&s, "in", "A.npy", "cmd", &err) == IC_OK, "file value accepted");
    ok(ic_param_check_required(&s, "here", &err) == IC_OK, "nothing required missing now");

    ok(ic_param_real(&s, "tol") == 0.01, "real default read");
    ok(ic_param_int(&s, "steps") == 100, "int default read");
    long ds[4];
    ok(ic_param_ints(&s, "d", ds, 4) == 2 && ds[0] == 2 && ds[1] == 3, "int list default read");
    ok(strcmp(ic_param_get(&s, "loss"), "exact") == 0, "word default read");
    ok(!ic_param_given(&s, "tol"), "a default is not 'given'");

    ok(ic_param_set_value(&s, "tol", "2.5e-3", "cmd", &err) == IC_OK && ic_param_real(&s, "tol") == 2.5e-3,
       "real set and read");
    ok(ic_param_given(&s, "tol"), "a set value is 'given'");
    ok(ic_param_set_value(&s, "tol", "abc", "case.case", &err) == IC_EINPUT && strstr(err.msg, "case.case"),
       "non-number refused, source named: %s", err.msg);
    ok(ic_param_set_value(&s, "tol", "inf", "cmd", &err) == IC_EINPUT, "infinite real refused");
    ok(ic_param_set_value(&s, "tol", "nan", "cmd", &err) == IC_EINPUT, "NaN refused");
    ok(ic_param_set_value(&s, "steps", "12.5", "cmd", &err) == IC_EINPUT, "fractional int refused");
    ok(ic_param_set_value(&s, "steps", "99999999999999999999999", "cmd", &err) == IC_EINPUT,
       "int overflow refused");
    ok(ic_param_set_value(&s, "d", "4,,5", "cmd", &err) == IC_EINPUT, "empty list item refused");
    ok(ic_param_set_value(&s, "d", "4,5,6", "cmd", &err) == IC_OK && ic_param_ints(&s, "d", ds, 4) == 3 &&
           ds[2] == 6,
       "int list set and read");
    ok(ic_param_set_value(&s, "loss", "bogus", "cmd", &err) == IC_EINPUT && strstr(err.msg, "exact|authors"),
       "word outside choices refused, choices listed: %s", err.msg);
    ok(ic_param_set_value(&s, "loss", "authors", "cmd", &err) == IC_OK, "word in choices accepted");
    ok(ic_param_set_value(&s, "nosuch", "1", "cmd", &err) == IC_EINPUT, "unknown parameter refused");
    ok(ic_param_find(&s, "nosuch") == NULL && ic_param_find(&s, "tol") == &spec[1], "find by name");

    /* Inputs given in memory (ic_param_set_blobs). */
    static const unsigned char bytes[] = "\x93NUMPY";
    ic_param_blob blobs[] = { { "in", "<array in>", bytes, 6 }, { "in", "<array in>", bytes, 6 } };
    ok(ic_param_set_blobs(&s, blobs, 1, "here", &err) == IC_OK &&
           strcmp(ic_param_get(&s, "in"), "<array in>") == 0 && ic_param_blob_of(&s, "in") == &blobs[0],
       "blob set: the value is its label, the blob found by name");
    ok(ic_param_blob_of(&s, "tol") == NULL, "no blob for another parameter");
    ok(ic_param_set_value(&s, "in", "B.npy", "cmd", &err) == IC_OK && ic_param_blob_of(&s, "in") == NULL,
       "a path set later takes the parameter back from the blob");
    ic_param_blob tolb = { "tol", "<array tol>", bytes, 6 }, nob = { "nosuch", "<x>", bytes, 6 };
    ok(ic_param_set_blobs(&s, &tolb, 1, "here", &err) == IC_EINPUT &&
           strcmp(err.msg, "here: --tol takes a number, not an array") == 0,
       "blob for a number refused: %s", err.msg);
    ok(ic_param_set_blobs(&s, &nob, 1, "here", &err) == IC_EINPUT && strstr(err.msg, "unknown option --nosuch"),
       "blob for an unknown option refused: %s", err.msg);
    ok(ic_param_set_blobs(&s, blobs, 2, "here", &err) == IC_EINPUT && strstr(err.msg, "--in given twice"),
       "the same parameter twice refused: %s", err.msg);
    ic_param_clear(&s);
    ok(s.blobs == NULL && s.nblobs == 0, "clear forgets the blobs");
    return done_testing();
}
