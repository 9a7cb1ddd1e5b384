/* The reproduce plan (src/reproduce/plan.h): the experiments of every
 * figure in order, the paper's sizes and the scaled-down ones, seeds,
 * Figure 4 from the shipped cases or a user's files, and that every
 * trainer accepts the parameters the plan gives it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certificates/claim.h"
#include "reproduce/plan.h"
#include "tap.h"

static ic_repro_opts opts(int quick, long seeds, unsigned figs)
{
    ic_repro_opts o = { quick, seeds, figs, srcpath("cases"), NULL, NULL, NULL };
    return o;
}

static void test_figures(void)
{
    ok(ic_repro_nfigures == 5 && ic_repro_figure_find("fig3") == 0 && ic_repro_figure_find("3") == 0 &&
           ic_repro_figure_find("figure7") == 4 && ic_repro_figure_find("fig8") == -1 &&
           ic_repro_figure_find("fig") == -1 && ic_repro_figure_find("") == -1,
       "figures fig3..fig7, named fig3, 3 or figure3");
}

static void test_full(void)
{
    ic_repro_plan p;
    ic_err err;
    ic_repro_opts o = opts(0, 1, 0);
    int rc = ic_repro_plan_build(&p, &o, &err);
    static const char *const names[] = { "fig3-unitary-s0", "fig3-orthogonal-s0", "fig4-tokens-ar-vs-shuffled-s1",
                                         "fig4-tokens-random-s1", "fig5-augmented-s1", "fig6-pe-mu50-s1",
                                         "fig6-pe-mu100-s1", "fig6-pe-mu200-s1", "fig6-pe-mu300-s1",
                                         "fig7-nonaugmented-s1" };
    int names_ok = rc == IC_OK && p.n == 10;
    for (size_t i = 0; names_ok && i < 10; i++)
        names_ok = strcmp(p.v[i].name, names[i]) == 0;
    ok(names_ok, "all figures: 10 experiments in figure order (%s)", rc ? err.msg : "built");
    if (!names_ok) {
        ic_repro_plan_free(&p);
        return;
    }
    const ic_repro_exp *f5 = ic_repro_plan_find(&p, "fig5-augmented-s1");
    const ic_repro_exp *f7 = ic_repro_plan_find(&p, "fig7-nonaugmented-s1");
    const ic_repro_exp *o3 = ic_repro_plan_find(&p, "fig3-orthogonal-s0");
    ok(f5 && strcmp(ic_repro_param_get(f5, "epochs"), "200") == 0 && strcmp(ic_repro_param_get(f5, "train"), "16384") == 0 &&
           strcmp(ic_repro_param_get(f5, "preset"), "authors") == 0 && strcmp(f5->expect, "fail") == 0,
       "Figure 5 at the paper's size (authors' preset, 16384 sequences, 200 epochs), predicted to fail");
    ok(f7 && strcmp(ic_repro_param_get(f7, "heads"), "64") == 0 && strcmp(ic_repro_param_get(f7, "n"), "50") == 0 &&
           f7->cost > 300 && f7->cost < 1200,
       "Figure 7 at the paper's size: 64 heads, n = 50, estimated %.0f s (667 CPU-s measured, doc/c6-nonaugmented.md)",
       f7 ? f7->cost : 0);
    ok(o3 && strcmp(ic_repro_param_get(o3, "steps"), "100000") == 0 && strcmp(ic_repro_param_get(o3, "seed"), "0") == 0 &&
           o3->trains && strcmp(o3->case_file, "trained.case") == 0,
       "Figure 3 orthogonal: 100000 steps, seed 0, compare reads trained.case");
    const ic_repro_exp *tr = ic_repro_plan_find(&p, "fig4-tokens-random-s1"),
                       *ta = ic_repro_plan_find(&p, "fig4-tokens-ar-vs-shuffled-s1");
    const char *emb = ic_repro_param_get(ta, "embeddings");
    const char *src = NULL, *ident = NULL;
    for (size_t i = 0; i < ta->np; i++)
        if (strcmp(ta->p[i].key, "embeddings") == 0) {
            src = ta->p[i].source;
            ident = ta->p[i].ident;
        }
    ok(!ta->trains && strcmp(ta->expect, "pass") == 0 && strcmp(tr->expect, "fail") == 0 &&
           strcmp(ta->case_file, "inputs.case") == 0 && emb && strcmp(emb, "embeddings.npy") == 0 && src &&
           strstr(src, "cases/data/tokens/embeddings.npy") && ident && strncmp(ident, "sha256:", 7) == 0 &&
           strlen(ident) == 71 && strcmp(ic_repro_param_get(ta, "seq-len"), "8") == 0,
       "Figure 4: both shipped cases with their expectations; inputs copied as embeddings.npy, known by SHA-256");
    /* every trainer takes the plan's parameters today */
    int accepted = 1;
    char bad[IC_ERR_MSG_MAX] = "";
    for (size_t i = 0; i < p.n; i++) {
        const ic_claim *c = ic_claim_find(p.v[i].claim);
        const ic_param_spec *spec = c ? ic_claim_params(c, p.v[i].trains ? "train" : "compare") : NULL;
        ic_param_set ps;
        if (!spec || ic_param_init(&ps, spec, &err)) {
            accepted = 0;
            continue;
        }
        for (size_t j = 0; j < p.v[i].np; j++)
            if (ic_param_set_value(&ps, p.v[i].p[j].key, p.v[i].p[j].value, p.v[i].name, &err)) {
                accepted = 0;
                snprintf(bad, sizeof bad, "%s", err.msg);
            }
        ic_param_clear(&ps);
    }
    ok(accepted, "every experiment's parameters are accepted by its claim's trainer (or compare) %s", bad);
    ic_repro_plan_free(&p);
}

static void test_quick_and_seeds(void)
{
    ic_repro_plan p;
    ic_err err;
    ic_repro_opts o = opts(1, 1, 1u << 2 | 1u << 4);
    int rc = ic_repro_plan_build(&p, &o, &err);
    ok(rc == IC_OK && p.n == 2 && strcmp(ic_repro_param_get(&p.v[0], "epochs"), "10") == 0 &&
           strcmp(ic_repro_param_get(&p.v[1], "heads"), "8") == 0 && p.v[0].cost < 5 && p.v[1].cost < 5,
       "--quick fig5 fig7: scaled down, a few seconds each by the estimate");
    ic_repro_plan_free(&p);
    o = opts(0, 3, 1u);
    rc = ic_repro_plan_build(&p, &o, &err);
    ok(rc == IC_OK && p.n == 6 && strcmp(p.v[2].name, "fig3-unitary-s2") == 0 &&
           strcmp(p.v[3].name, "fig3-orthogonal-s0") == 0 && strcmp(p.v[0].setting, p.v[2].setting) == 0 &&
           strcmp(ic_repro_param_get(&p.v[5], "seed"), "2") == 0,
       "--seeds 3 fig3: seeds 0, 1, 2 of each setting, next to each other");
    ic_repro_plan_free(&p);
    o = opts(0, 0, 1u);
    ok(ic_repro_plan_build(&p, &o, &err) == IC_EINPUT && strstr(err.msg, "--seeds"), "--seeds 0: %s", err.msg);
    o = opts(0, 1001, 1u);
    ok(ic_repro_plan_build(&p, &o, &err) == IC_EINPUT, "--seeds 1001 refused");
}

static void test_tokens_inputs(void)
{
    ic_repro_plan p;
    ic_err err;
    ic_repro_opts o = opts(0, 2, 1u << 1);
    o.embeddings = srcpath("cases/data/tokens/embeddings.npy");
    o.ids = srcpath("cases/data/tokens/ids_ar.npy");
    int rc = ic_repro_plan_build(&p, &o, &err);
    ok(rc == IC_OK && p.n == 2 && strcmp(p.v[1].name, "fig4-tokens-user-s2") == 0 &&
           strcmp(ic_repro_param_get(&p.v[0], "seq-len"), "5") == 0 &&
           strcmp(ic_repro_param_get(&p.v[1], "shuffle-seed"), "2") == 0 && strcmp(p.v[0].expect, "pass") == 0,
       "a user's embeddings: setting fig4-tokens-user, seq-len 5, shuffle seeds 1 and 2");
    ic_repro_plan_free(&p);
    o.ids = NULL;
    ok(ic_repro_plan_build(&p, &o, &err) == IC_EINPUT && strstr(err.msg, "go together"), "--embeddings alone: %s",
       err.msg);
    o.ids = "/nonexistent/ids.npy";
    ok(ic_repro_plan_build(&p, &o, &err) == IC_EINPUT && strstr(err.msg, "/nonexistent/ids.npy"), "a missing file: %s",
       err.msg);
    o = opts(0, 1, 1u << 1);
    o.cases_dir = srcpath("tests");
    ok(ic_repro_plan_build(&p, &o, &err) == IC_EINPUT && strstr(err.msg, "no tokens_*.case"),
       "a cases folder without token cases: %s", err.msg);
}

int main(void)
{
    test_figures();
    test_full();
    test_quick_and_seeds();
    test_tokens_inputs();
    return done_testing();
}
