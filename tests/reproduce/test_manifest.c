/* Reproduce manifests (src/reproduce/manifest.h): written with the hash of
 * every output, verified on a rerun; a changed file, a missing one, other
 * settings and no manifest at all are each told apart. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "formats/file_io.h"
#include "reproduce/experiment.h"
#include "reproduce/manifest.h"
#include "tap.h"

static void put(const char *path, const char *text)
{
    ic_err err;
    ic_write_atomic(path, text, strlen(text), &err);
}

int main(void)
{
    char dir[] = "/tmp/ic_manifest_XXXXXX";
    ok(mkdtemp(dir) && chdir(dir) == 0, "a run directory");
    ic_repro_plan plan;
    ic_err err;
    ic_repro_opts o = { 1, 1, 1u, NULL, NULL, NULL, NULL };
    ok(ic_repro_plan_build(&plan, &o, &err) == IC_OK && plan.n == 2, "the plan of fig3 --quick");
    ic_repro_exp e = plan.v[0];
    char verdict[16] = "", why[600] = "";
    ok(!ic_repro_manifest_check(&e, verdict, why, sizeof why) && strcmp(why, "not run yet") == 0,
       "no manifest: not run yet");
    mkdir("runs", 0777);
    mkdir("runs/fig3-unitary-s0", 0777);
    mkdir("certificates", 0777);
    mkdir("manifest", 0777);
    put("runs/fig3-unitary-s0/A.npy", "weights");
    put("runs/fig3-unitary-s0/loss.csv", "step,loss\n0,1\n");
    put("certificates/fig3-unitary-s0.json", "{\"verdict\": \"pass\"}\n");
    ok(ic_repro_manifest_write(&e, "pass", &err) == IC_OK, "manifest written");
    unsigned char *buf;
    size_t len;
    ic_read_file("manifest/fig3-unitary-s0.json", 1 << 20, &buf, &len, &err);
    ok(strstr((char *)buf, "\"path\": \"runs/fig3-unitary-s0/A.npy\"") &&
           strstr((char *)buf, "\"path\": \"certificates/fig3-unitary-s0.json\"") &&
           strstr((char *)buf, "\"steps\": \"100\"") && strstr((char *)buf, "\"verdict\": \"pass\"") &&
           strstr((char *)buf, "\"sha256\": \"") && !strstr((char *)buf, dir),
       "it lists every output by relative path with its SHA-256, the settings and the verdict");
    free(buf);
    ok(ic_repro_manifest_check(&e, verdict, why, sizeof why) && strcmp(verdict, "pass") == 0,
       "verified: done, verdict pass");
    put("runs/fig3-unitary-s0/A.npy", "weightz");
    ok(!ic_repro_manifest_check(&e, verdict, why, sizeof why) && strstr(why, "A.npy changed since it was written"),
       "one byte changed: %s", why);
    put("runs/fig3-unitary-s0/A.npy", "weights");
    unlink("certificates/fig3-unitary-s0.json");
    ok(!ic_repro_manifest_check(&e, verdict, why, sizeof why) && strstr(why, "fig3-unitary-s0.json is missing"),
       "certificate removed: %s", why);
    put("certificates/fig3-unitary-s0.json", "{\"verdict\": \"pass\"}\n");
    ok(ic_repro_manifest_check(&e, verdict, why, sizeof why), "restored: verified again");
    ic_repro_exp other = e;
    char *id = other.p[4].ident;
    other.p[4].ident = "0.02";  /* lr */
    ok(!ic_repro_manifest_check(&other, verdict, why, sizeof why) && strstr(why, "other settings"),
       "the same experiment with another lr: %s", why);
    other.p[4].ident = id;
    char *ident = ic_repro_identity(&e);
    ok(ident && strstr(ident, "experiment = fig3-unitary-s0\n") && strstr(ident, "\nlr = 0.01\n") &&
           strstr(ident, "expect = pass\n"),
       "the identity written into plan.txt names the experiment, its parameters and its prediction");
    free(ident);
    put("manifest/fig3-unitary-s0.json", "not json");
    ok(!ic_repro_manifest_check(&e, verdict, why, sizeof why) && strstr(why, "is not a manifest"), "garbage: %s", why);
    ic_repro_plan_free(&plan);
    if (chdir("/tmp") != 0 || ic_repro_remove_tree(dir, &err) != IC_OK)
        diag("could not remove %s", dir);
    return done_testing();
}
