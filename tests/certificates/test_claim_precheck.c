/* ic_claim.check, the claims' parameter pre-check, called through the
 * table as `run` calls it: every claim's defaults pass, and parameter sets
 * that break a constraint between parameters are refused with the line the
 * mode's entry point gives; ic_claim_precheck adds the case file. */
#include <stdlib.h>
#include <string.h>

#include "certificates/claim.h"
#include "tap.h"

/* A parameter set of claim id, mode: the defaults, every required value
 * filled (files are not read by the pre-check), then n name/value pairs. */
static int make(ic_param_set *ps, const char *id, const char *mode, const char *const *kv, size_t n)
{
    ic_err err;
    ic_err_clear(&err);
    const ic_claim *c = ic_claim_find(id);
    if (!c || ic_param_init(ps, ic_claim_params(c, mode), &err))
        return -1;
    for (size_t i = 0; i < ic_param_count(ps); i++) {
        const ic_param_spec *sp = ic_param_spec_at(ps, i);
        if (!sp->def && ic_param_set_value(ps, sp->name, sp->kind == IC_PARAM_FILE ? "x.npy" : "1", "test", &err))
            return -1;
    }
    for (size_t i = 0; i < n; i++)
        if (ic_param_set_value(ps, kv[2 * i], kv[2 * i + 1], "test", &err))
            return -1;
    return 0;
}

/* The hook's verdict on claim id, mode with the given pairs: IC_OK, or the
 * code with its message in msg. */
static int check(const char *id, const char *mode, const char *const *kv, size_t n, char *msg)
{
    ic_param_set ps;
    ic_err err;
    ic_err_clear(&err);
    msg[0] = 0;
    if (make(&ps, id, mode, kv, n)) {
        ic_param_clear(&ps);
        return -1;
    }
    int rc = ic_claim_find(id)->check(mode, &ps, &err);
    if (rc)
        strcpy(msg, err.msg);
    ic_param_clear(&ps);
    return rc;
}

#define CHECK(id, mode, ...) check(id, mode, (const char *const[]){ __VA_ARGS__ }, \
                                   sizeof((const char *const[]){ __VA_ARGS__ }) / (2 * sizeof(char *)), msg)

int main(void)
{
    char msg[IC_ERR_MSG_MAX];
    static const char *const modes[] = { "verify", "compare", "train" };

    /* Every claim has the hook, and its defaults pass it (augmented
     * compare: with the file that is required in effect, --WKQ, and an even
     * --d: its default d = 5 does not fit its default rotation data). */
    for (size_t i = 0; ic_claims[i]; i++) {
        const ic_claim *c = ic_claims[i];
        ok(c->check != NULL, "%s has a pre-check", c->id);
        for (size_t m = 0; m < 3 && c->check; m++) {
            if (!ic_claim_params(c, modes[m]))
                continue;
            int aug_cmp = !strcmp(c->id, "augmented") && !strcmp(modes[m], "compare");
            int rc = aug_cmp ? CHECK(c->id, modes[m], "WKQ", "w.npy", "d", "4") : check(c->id, modes[m], NULL, 0, msg);
            ok(rc == IC_OK, "%s %s: the defaults pass (%s)", c->id, modes[m], msg);
        }
    }

    /* orthogonal: d even, c != 0, e != -c */
    ok(CHECK("orthogonal", "verify", "d", "4,3") == IC_EINPUT &&
       !strcmp(msg, "--d: 3 is odd (the orthogonal case pairs coordinates)"), "orthogonal: odd d in a list: %s", msg);
    ok(CHECK("orthogonal", "verify", "c", "2", "e", "-2") == IC_EINPUT &&
       !strcmp(msg, "--c, --e: the family needs c != 0 and e != -c"), "orthogonal: e = -c: %s", msg);
    ok(CHECK("orthogonal", "verify", "c", "0") == IC_EINPUT && strstr(msg, "c != 0"), "orthogonal: c = 0: %s", msg);
    ok(CHECK("orthogonal", "verify", "c", "2", "e", "-1.999") == IC_OK, "orthogonal: e = -c + 0.001 passes");
    ok(CHECK("orthogonal", "verify", "exact", "0", "sampled", "0") == IC_EINPUT && strstr(msg, "not both 0"),
       "orthogonal: --exact 0 --sampled 0: %s", msg);
    ok(CHECK("orthogonal", "train", "d", "5") == IC_EINPUT && !strcmp(msg, "--d: 5 is odd (the orthogonal case pairs coordinates)"),
       "orthogonal train: odd d: %s", msg);
    ok(CHECK("orthogonal", "train", "d", "6", "H", "2") == IC_OK, "orthogonal train: d = 6 passes");

    /* unitary */
    ok(CHECK("unitary", "verify", "c", "0") == IC_EINPUT && !strcmp(msg, "--c: must be nonzero"), "unitary: c = 0: %s", msg);
    ok(CHECK("unitary", "verify", "exact", "1", "sampled", "0") == IC_OK, "unitary: exact proofs only pass");
    ok(CHECK("unitary", "train", "d", "3") == IC_OK, "unitary train: odd d passes (no pairing)");

    /* pe: one --k per (T, mu); lr in (0, (T-1)/T] for every T */
    ok(CHECK("pe", "verify", "mu", "50,100", "T", "30", "k", "5") == IC_EINPUT &&
       !strcmp(msg, "--k: 1 values given for 2 (T, mu) pairs"), "pe: --k count: %s", msg);
    ok(CHECK("pe", "verify", "mu", "50,100", "T", "30", "k", "5,6") == IC_OK, "pe: two --k for two pairs pass");
    ok(CHECK("pe", "verify", "T", "30,3", "lr", "0.67") == IC_EINPUT && strstr(msg, "lr must lie in (0, (T-1)/T]"),
       "pe: lr 0.67 > 2/3 for T = 3: %s", msg);
    ok(CHECK("pe", "verify", "T", "30,3", "lr", "0.66") == IC_OK, "pe: lr 0.66 <= 2/3 for T = 3 passes");
    ok(CHECK("pe", "compare", "T", "4", "lr", "0.76") == IC_EINPUT && strstr(msg, "(T-1)/T"),
       "pe compare: lr 0.76 > 3/4 for T = 4: %s", msg);
    ok(CHECK("pe", "compare", "T", "4", "lr", "0.75") == IC_OK, "pe compare: lr = 3/4 exactly passes");

    /* augmented */
    ok(CHECK("augmented", "compare", "WKQ", "w.npy", "d", "3") == IC_EINPUT &&
       !strcmp(msg, "--d: rotation data needs an even d, got 3 (use --data haar)"), "augmented: odd d, rotations: %s", msg);
    ok(CHECK("augmented", "compare", "WKQ", "w.npy", "d", "3", "data", "haar") == IC_OK, "augmented: odd d, haar passes");
    ok(CHECK("augmented", "compare", "WKQ", "w.npy") == IC_EINPUT && strstr(msg, "got 5"),
       "augmented: the default d = 5 with rotation data: %s", msg);
    ok(CHECK("augmented", "compare", "d", "4", "WKQ", "w.npy", "WQ", "q.npy", "WK", "k.npy") == IC_EINPUT &&
       !strcmp(msg, "give either --WKQ or --WQ and --WK, not both"), "augmented: --WKQ and --WQ: %s", msg);
    ok(CHECK("augmented", "compare", "d", "4", "WK", "k.npy") == IC_EINPUT && !strcmp(msg, "missing required --WQ"),
       "augmented: --WK without --WQ: %s", msg);
    ok(CHECK("augmented", "compare", "d", "4", "WKQ", "w.npy", "ln-g", "g.npy") == IC_EINPUT &&
       !strcmp(msg, "missing --ln-b: the other files describe a model that has it"), "augmented: --ln-g alone: %s", msg);
    ok(CHECK("augmented", "compare", "d", "4", "WQ", "q.npy", "WK", "k.npy", "bQ", "b.npy", "bK", "b.npy", "bV",
             "b.npy") == IC_OK,
       "augmented: split keys with their three biases pass");
    ok(CHECK("augmented", "verify", "search-d", "8", "search-N", "200") == IC_EINPUT && strstr(msg, "limit 3e7"),
       "augmented: dense search too large: %s", msg);
    ok(CHECK("augmented", "verify", "search-d", "8", "search-N", "200", "search", "off") == IC_OK,
       "augmented: the same with --search off passes");
    ok(CHECK("augmented", "train", "class", "blocks", "preset", "authors") == IC_EINPUT && strstr(msg, "--class blocks"),
       "augmented train: blocks with extras: %s", msg);
    ok(CHECK("augmented", "train", "d", "3") == IC_EINPUT && !strcmp(msg, "--d: rotation data needs an even d, got 3"),
       "augmented train: odd d, rotation data: %s", msg);
    ok(CHECK("augmented", "train", "d", "3", "data-file", "data.npy") == IC_OK,
       "augmented train: a data file brings its own d");

    /* nonaugmented: the trainer's data needs an even d */
    ok(CHECK("nonaugmented", "train", "d", "3", "data", "rotations") == IC_EINPUT &&
       !strcmp(msg, "--d: data 'rotations' needs an even d, got 3"), "nonaugmented train: odd d, rotations: %s", msg);
    ok(CHECK("nonaugmented", "train", "d", "3", "data", "haar") == IC_OK, "nonaugmented train: odd d, haar passes");

    /* tokens: its constraints are also its spec's ranges (so a case file
     * cannot reach them); a value set around the validator still meets
     * the hook. */
    {
        ic_param_set ps;
        ic_err err;
        ic_err_clear(&err);
        int made = make(&ps, "tokens", "compare", NULL, 0) == 0;
        for (size_t i = 0; made && i < ic_param_count(&ps); i++)
            if (!strcmp(ic_param_spec_at(&ps, i)->name, "seq-len")) {
                free(ps.value[i]);
                ps.value[i] = strdup("300");
            }
        ok(made && ic_claim_find("tokens")->check("compare", &ps, &err) == IC_EINPUT &&
           !strcmp(err.msg, "--seq-len: 300 is outside 2..256"), "tokens: seq-len 300 refused by the hook: %s", err.msg);
        ic_param_clear(&ps);
    }

    /* ic_claim_precheck: the hook with the case file in front; a claim
     * without a hook checks nothing. */
    {
        ic_param_set ps;
        ic_err err;
        ic_err_clear(&err);
        const ic_claim *o = ic_claim_find("orthogonal");
        int made = make(&ps, "orthogonal", "verify", (const char *const[]){ "d", "3" }, 1) == 0;
        ok(made && ic_claim_precheck(o, "verify", &ps, "c/b.case", &err) == IC_EINPUT &&
           !strcmp(err.msg, "c/b.case: --d: 3 is odd (the orthogonal case pairs coordinates)"),
           "ic_claim_precheck names the case: %s", err.msg);
        ic_claim bare = *o;
        bare.check = NULL;
        ic_err_clear(&err);
        ok(ic_claim_precheck(&bare, "verify", &ps, "c/b.case", &err) == IC_OK, "a claim without a hook: IC_OK");
        ic_param_clear(&ps);
    }
    return done_testing();
}
