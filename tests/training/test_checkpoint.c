/* Training checkpoints (src/training/checkpoint.h): the file round trip
 * bit for bit, the tag that refuses another run's checkpoint, files that
 * are not checkpoints, removal with the temporaries of a killed write. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "formats/npy.h"
#include "orthogonal/orthogonal.h"
#include "training/checkpoint.h"
#include "tap.h"

/* Checkpoint files: round trip, the tag guard, and what is not one. */
static void test_checkpoint_file(void)
{
    char dir[] = "/tmp/ic_ckpt_XXXXXX", path[64], other[64];
    ok(mkdtemp(dir) != NULL, "temporary directory");
    snprintf(path, sizeof path, "%s/%s", dir, IC_CKPT_FILE);
    snprintf(other, sizeof other, "%s/other.npy", dir);
    ic_err err;
    double *v = NULL;
    size_t n = 99;
    ok(ic_ckpt_read(path, 1.0, &v, &n, &err) == IC_OK && !v && n == 0, "no file: nothing to resume");
    double payload[4] = { 3000, -0.1, 1e-300, 0x1.fffffffffffffp-1 };
    double tag = 123456789012345.0;
    ok(ic_ckpt_write(path, tag, payload, 4, &err) == IC_OK, "write");
    ok(ic_ckpt_read(path, tag, &v, &n, &err) == IC_OK && n == 4 && memcmp(v, payload, sizeof payload) == 0,
       "read back bit for bit");
    free(v);
    ok(ic_ckpt_read(path, tag + 1, &v, &n, &err) == IC_EINPUT && strstr(err.msg, "other options") && !v,
       "another tag is refused: %s", err.msg);
    size_t shape[1] = { 4 };
    ic_npy_write(other, payload, 1, shape, 0, &err);
    ok(ic_ckpt_read(other, tag, &v, &n, &err) == IC_EINPUT && strstr(err.msg, "not an icalcheck checkpoint"),
       "an ordinary .npy is refused: %s", err.msg);
    /* a temporary file left by a killed write goes with the checkpoint */
    char tmp[96];
    snprintf(tmp, sizeof tmp, "%s.tmpAbC123", path);
    FILE *f = fopen(tmp, "w");
    if (f)
        fclose(f);
    ic_ckpt_remove(path);
    ok(access(path, F_OK) != 0 && access(tmp, F_OK) != 0 && access(other, F_OK) == 0,
       "remove: the checkpoint and its stray temporary, nothing else");
    unlink(other);
    rmdir(dir);
}

/* The tag covers the options that change the result, not the others. */
static void test_checkpoint_tag(void)
{
    ic_param_set a, b;
    ic_err err;
    ic_param_init(&a, ortho_train_params, &err);
    ic_param_init(&b, ortho_train_params, &err);
    static const char *const untagged[] = { "checkpoint-every", "resume", NULL };
    double t0 = ic_ckpt_tag_params(&a, untagged);
    ic_param_set_value(&b, "checkpoint-every", "10", "test", &err);
    ic_param_set_value(&b, "resume", "yes", "test", &err);
    ok(ic_ckpt_tag_params(&b, untagged) == t0, "checkpoint-every and resume leave the tag alone");
    ic_param_set_value(&b, "lr", "2e-3", "test", &err);
    double t1 = ic_ckpt_tag_params(&b, untagged);
    ok(t1 != t0 && t0 == floor(t0) && t0 >= 0 && t0 < 4503599627370496.0 && t1 < 4503599627370496.0,
       "lr changes it; tags are integers below 2^52 (%.0f, %.0f)", t0, t1);
    ic_param_clear(&a);
    ic_param_clear(&b);
}

int main(void)
{
    test_checkpoint_file();
    test_checkpoint_tag();
    return done_testing();
}
