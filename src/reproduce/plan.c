/* ic_repro_plan: the paper's experiments at their own size, or scaled
 * down for a smoke test (src/reproduce/plan.h, doc/reproduce.md).
 *
 * The sizes are the authors' scripts' (THEORY.md): unitary.py and
 * orthogonal.py for Figure 3, validation_token_encoding.py's statistic on
 * the shipped token case for Figure 4, augmented.py for Figure 5,
 * pe_only.py for Figure 6, non_augmented.py for Figure 7.  Every
 * parameter is written out here rather than left to a trainer's default,
 * so the plan records what was run. */
#include "reproduce/plan.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "certificates/case_file.h"
#include "certificates/certificate.h"
#include "formats/file_io.h"

const ic_repro_figure ic_repro_figures[] = {
    { "fig3", "Figure 3: gradient descent on the reduced losses, unitary (C2+C3) and orthogonal (C4) data",
      "unitary: C = c I and p_{-1} = 1/c; orthogonal: C = c I + e S, p_{-1} = 1/c, p_{-2} = -e/(c(c+e)) "
      "(THEORY.md C2, C4)" },
    { "fig4", "Figure 4: per-sequence AR fit of token sequences against the same tokens shuffled (C7)",
      "sequences that follow s_{t+1} = W s_t fit with smaller MSE than shuffled ones (one-sided "
      "Mann-Whitney test; THEORY.md C7)" },
    { "fig5", "Figure 5: augmented tokens, the authors' model (C1)",
      "one step of GD with eta*(T) = d/(T+d-1) for commuting W; for Haar W the Monte Carlo eta*(T) "
      "(THEORY.md C1); the authors' model with LayerNorm is not one GD step (a finding)" },
    { "fig6", "Figure 6: positional encodings only, mu = 50, 100, 200, 300 (C5)",
      "the trained P is the early-stopped GD path P_k in closed form, k = 887, 767, 662, 474 "
      "(THEORY.md C5)" },
    { "fig7", "Figure 7: non-augmented model on non-commuting W (C6)",
      "no closed form (experimental): exact checks of the trained model (shapes, causality, "
      "stochastic rows, loss recomputed) and the measured invariants of C2-C4 (THEORY.md C6)" },
};
const size_t ic_repro_nfigures = sizeof ic_repro_figures / sizeof ic_repro_figures[0];

int ic_repro_figure_find(const char *name)
{
    const char *n = name;
    if (strncmp(n, "figure", 6) == 0)
        n += 6;
    else if (strncmp(n, "fig", 3) == 0)
        n += 3;
    for (size_t i = 0; i < ic_repro_nfigures; i++)
        if (strcmp(n, ic_repro_figures[i].id + 3) == 0)
            return (int)i;
    return -1;
}

/* One trained setting: its parameters at full size and scaled down. */
typedef struct {
    size_t figure;
    const char *setting;   /* the name's middle part */
    const char *claim;
    long seed0;            /* the trainer's default seed: --seeds 1 reproduces `train` */
    const char *full, *quick;  /* "key=value key=value ..." */
    const char *expect;
    double (*cost)(const ic_repro_exp *e);
} repro_setting;

static double num(const ic_repro_exp *e, const char *key, double def)
{
    const char *v = ic_repro_param_get(e, key);
    return v ? strtod(v, NULL) : def;
}

/* Cost models: seconds on one core of the machine of doc/reproduce.md
 * (the constants were measured there; the time-left estimate rescales
 * them by what the run measures). */
static double cost_reduced(const ic_repro_exp *e)
{
    double d = num(e, "d", 10), H = num(e, "H", 10), T = num(e, "T", 20), steps = num(e, "steps", 100);
    /* about 4 ns per unit of H d^2 + T^2 per step, plus a checkpoint per
     * thousand steps (an fsync) */
    return 0.2 + steps * (H * d * d + T * T) * 4.2e-9 + steps / 1000 * 0.01;
}

static double cost_pe(const ic_repro_exp *e)
{
    double T = num(e, "T", 30);
    return 0.3 + 9e-5 * T * T * T;  /* compare's MPFR path dominates: 2.5 s at T = 30 */
}

static double cost_augmented(const ic_repro_exp *e)
{
    double ep = num(e, "epochs", 50), ns = num(e, "train", 2048), n = num(e, "n", 20), d = num(e, "d", 4);
    return 0.3 + ep * ns * n * n * d * 5.0e-9;  /* 205 s at the Figure 5 size (203 s of CPU measured) */
}

static double cost_nonaugmented(const ic_repro_exp *e)
{
    double ep = num(e, "epochs", 200), ns = num(e, "train-size", 16384), n = num(e, "n", 50);
    double H = num(e, "heads", 64);
    /* the fast trainer: 0.18 ms of CPU per sequence-step at the Figure 7
     * size in float64 (doc/c6-nonaugmented.md), mostly per head and key
     * pair: about 580 s for the whole run */
    return 0.5 + ep * ns * n * n * H * 1.1e-9;
}

static double cost_tokens(const ic_repro_exp *e)
{
    return 0.3;
}

static const repro_setting settings[] = {
    { 0, "unitary", "unitary", 0,
      "d=10 H=10 T=20 steps=100 lr=0.01 init-scale=0.1 loss=exact",
      "d=10 H=10 T=20 steps=100 lr=0.01 init-scale=0.1 loss=exact", "pass", cost_reduced },
    { 0, "orthogonal", "orthogonal", 0,
      "d=10 H=8 T=20 steps=100000 lr=1e-3 init-scale=0.1 loss=exact",
      "d=10 H=8 T=20 steps=100000 lr=1e-3 init-scale=0.1 loss=exact", "pass", cost_reduced },
    { 2, "augmented", "augmented", 1,
      "preset=authors data=haar d=5 n=50 train=16384 batch=1024 epochs=200 lr=1e-2",
      "preset=authors data=haar d=5 n=20 train=1024 batch=256 epochs=10 lr=1e-2", "fail", cost_augmented },
    { 3, "pe-mu50", "pe", 1, "mu=50 T=30 batch=1000 lr=0.5 stop-loss=1e-3",
      "mu=50 T=20 batch=1000 lr=0.5 stop-loss=1e-3", "pass", cost_pe },
    { 3, "pe-mu100", "pe", 1, "mu=100 T=30 batch=1000 lr=0.5 stop-loss=1e-3",
      "mu=100 T=20 batch=1000 lr=0.5 stop-loss=1e-3", "pass", cost_pe },
    { 3, "pe-mu200", "pe", 1, "mu=200 T=30 batch=1000 lr=0.5 stop-loss=1e-3",
      "mu=200 T=20 batch=1000 lr=0.5 stop-loss=1e-3", "pass", cost_pe },
    { 3, "pe-mu300", "pe", 1, "mu=300 T=30 batch=1000 lr=0.5 stop-loss=1e-3",
      "mu=300 T=20 batch=1000 lr=0.5 stop-loss=1e-3", "pass", cost_pe },
    { 4, "nonaugmented", "nonaugmented", 1,
      "d=5 heads=64 n=50 epochs=200 batch=1024 lr=1e-2 data=haar train-size=16384 test-size=1024 eval-every=10",
      "d=5 heads=8 n=10 epochs=5 batch=128 lr=1e-2 data=haar train-size=512 test-size=128 eval-every=1", "pass",
      cost_nonaugmented },
};

const char *ic_repro_param_get(const ic_repro_exp *e, const char *key)
{
    for (size_t i = 0; i < e->np; i++)
        if (strcmp(e->p[i].key, key) == 0)
            return e->p[i].value;
    return NULL;
}

static int add_param(ic_repro_exp *e, const char *key, const char *value, const char *source,
                     const char *ident, ic_err *err)
{
    if (e->np == IC_REPRO_MAX_PARAMS)
        return ic_err_set(err, IC_EINTERNAL, "%s: too many parameters", e->name);
    ic_repro_param *p = &e->p[e->np];
    p->key = strdup(key);
    p->value = strdup(value);
    p->source = source ? strdup(source) : NULL;
    p->ident = strdup(ident ? ident : value);
    if (!p->key || !p->value || !p->ident || (source && !p->source)) {
        free(p->key);
        free(p->value);
        free(p->source);
        free(p->ident);
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    }
    e->np++;
    return IC_OK;
}

/* Parses "k=v k=v" into e's parameters. */
static int add_params(ic_repro_exp *e, const char *list, ic_err *err)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", list);
    char *save = NULL;
    for (char *w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        char *eq = strchr(w, '=');
        if (!eq)
            return ic_err_set(err, IC_EINTERNAL, "plan: bad parameter '%s'", w);
        *eq = '\0';
        int rc = add_param(e, w, eq + 1, NULL, NULL, err);
        if (rc)
            return rc;
    }
    return IC_OK;
}

static ic_repro_exp *grow(ic_repro_plan *plan, ic_err *err)
{
    ic_repro_exp *v = ic_reallocarray(plan->v, plan->n + 1, sizeof *v);
    if (!v) {
        ic_err_set(err, IC_EINTERNAL, "out of memory");
        return NULL;
    }
    plan->v = v;
    memset(&v[plan->n], 0, sizeof v[plan->n]);
    return &v[plan->n++];
}

static int trained_settings(ic_repro_plan *plan, const ic_repro_opts *o, unsigned figs, ic_err *err)
{
    for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++) {
        const repro_setting *s = &settings[i];
        if (!(figs & (1u << s->figure)))
            continue;
        for (long k = 0; k < o->seeds; k++) {
            ic_repro_exp *e = grow(plan, err);
            if (!e)
                return IC_EINTERNAL;
            e->figure = s->figure;
            e->claim = s->claim;
            e->seed = s->seed0 + k;
            e->trains = 1;
            e->case_file = "trained.case";
            snprintf(e->expect, sizeof e->expect, "%s", s->expect);
            snprintf(e->setting, sizeof e->setting, "%s-%s", ic_repro_figures[s->figure].id, s->setting);
            snprintf(e->name, sizeof e->name, "%s-s%ld", e->setting, e->seed);
            int rc = add_params(e, o->quick ? s->quick : s->full, err);
            char seed[32];
            snprintf(seed, sizeof seed, "%ld", e->seed);
            if (!rc)
                rc = add_param(e, "seed", seed, NULL, NULL, err);
            if (rc)
                return rc;
            e->cost = s->cost(e);
        }
    }
    return IC_OK;
}

/* "sha256:HEX" of a file's bytes. */
static int file_ident(char out[80], const char *path, ic_err *err)
{
    unsigned char *buf;
    size_t len;
    int rc = ic_read_file(path, ((size_t)1 << 31) - 1, &buf, &len, err);
    if (rc)
        return rc;
    char hex[65];
    ic_cert_sha256_hex(buf, len, hex);
    free(buf);
    snprintf(out, 80, "sha256:%s", hex);
    return IC_OK;
}

static const char *base_of(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* A Figure 4 setting: the compare inputs of one source (a case file, or
 * the user's files), copied into the run directory, over the seeds of
 * the shuffle. */
static int tokens_setting(ic_repro_plan *plan, const ic_repro_opts *o, const char *setting,
                          const char *const *keys, const char *const *values, const int *is_file,
                          size_t nkv, const char *expect, ic_err *err)
{
    long seed0 = 1;
    for (size_t j = 0; j < nkv; j++)
        if (strcmp(keys[j], "shuffle-seed") == 0)
            seed0 = strtol(values[j], NULL, 10);
    char idents[IC_REPRO_MAX_PARAMS][80];
    for (size_t j = 0; j < nkv && j < IC_REPRO_MAX_PARAMS; j++)
        if (is_file[j]) {
            int rc = file_ident(idents[j], values[j], err);
            if (rc)
                return rc;
        }
    for (long k = 0; k < o->seeds; k++) {
        ic_repro_exp *e = grow(plan, err);
        if (!e)
            return IC_EINTERNAL;
        e->figure = 1;
        e->claim = "tokens";
        e->seed = seed0 + k;
        e->trains = 0;
        e->case_file = "inputs.case";
        snprintf(e->expect, sizeof e->expect, "%s", expect);
        snprintf(e->setting, sizeof e->setting, "fig4-tokens-%s", setting);
        snprintf(e->name, sizeof e->name, "%s-s%ld", e->setting, e->seed);
        int rc = IC_OK;
        for (size_t j = 0; j < nkv && !rc; j++) {
            if (strcmp(keys[j], "shuffle-seed") == 0)
                continue;
            if (is_file[j]) {
                char dest[IC_REPRO_NAME_MAX + 16];
                /* one name per parameter, so two inputs never collide */
                snprintf(dest, sizeof dest, "%s%s", keys[j],
                         strrchr(base_of(values[j]), '.') ? strrchr(base_of(values[j]), '.') : "");
                rc = add_param(e, keys[j], dest, values[j], idents[j], err);
            } else {
                rc = add_param(e, keys[j], values[j], NULL, NULL, err);
            }
        }
        char seed[32];
        snprintf(seed, sizeof seed, "%ld", e->seed);
        if (!rc)
            rc = add_param(e, "shuffle-seed", seed, NULL, NULL, err);
        if (rc)
            return rc;
        e->cost = cost_tokens(e);
    }
    return IC_OK;
}

static int is_regular(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int tokens_settings(ic_repro_plan *plan, const ic_repro_opts *o, ic_err *err)
{
    if (o->embeddings || o->ids) {
        if (!o->embeddings || !o->ids)
            return ic_err_set(err, IC_EINPUT, "reproduce: --embeddings and --ids go together");
        const char *keys[] = { "embeddings", "ids", "seq-len" };
        const char *values[] = { o->embeddings, o->ids, o->seq_len ? o->seq_len : "5" };
        const int is_file[] = { 1, 1, 0 };
        for (int j = 0; j < 2; j++)
            if (!is_regular(values[j]))
                return ic_err_set(err, IC_EINPUT, "%s: no such file (--%s)", values[j], keys[j]);
        return tokens_setting(plan, o, "user", keys, values, is_file, 3, "pass", err);
    }
    char **paths;
    size_t n;
    int rc = ic_case_list_dir(o->cases_dir, &paths, &n, err);
    if (rc)
        return rc;
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        const char *b = base_of(paths[i]);
        if (rc || strncmp(b, "tokens_", 7) != 0)
            continue;
        ic_case cs;
        rc = ic_case_load(&cs, paths[i], err);
        if (!rc && (strcmp(cs.claim->id, "tokens") != 0 || strcmp(cs.mode, "compare") != 0))
            rc = ic_err_set(err, IC_EINPUT, "%s: not a tokens compare case", paths[i]);
        const char *keys[IC_REPRO_MAX_PARAMS], *values[IC_REPRO_MAX_PARAMS];
        int is_file[IC_REPRO_MAX_PARAMS];
        size_t nkv = 0;
        for (size_t j = 0; !rc && j < ic_param_count(&cs.params); j++) {
            const ic_param_spec *sp = ic_param_spec_at(&cs.params, j);
            if (!ic_param_given(&cs.params, sp->name))
                continue;
            if (nkv == IC_REPRO_MAX_PARAMS - 1) {
                rc = ic_err_set(err, IC_EINPUT, "%s: too many parameters", paths[i]);
                break;
            }
            keys[nkv] = sp->name;
            values[nkv] = ic_param_get(&cs.params, sp->name);
            is_file[nkv] = sp->kind == IC_PARAM_FILE;
            if (is_file[nkv] && !is_regular(values[nkv]))
                rc = ic_err_set(err, IC_EINPUT, "%s: %s: no such file", paths[i], values[nkv]);
            nkv++;
        }
        if (!rc) {
            /* the setting is the case's name without "tokens_" and ".case" */
            char setting[IC_REPRO_NAME_MAX];
            snprintf(setting, sizeof setting, "%.*s", (int)(strlen(b) - 12), b + 7);
            for (char *q = setting; *q; q++)
                if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-", *q))
                    *q = '-';
            rc = tokens_setting(plan, o, setting, keys, values, is_file, nkv, cs.expect, err);
            used++;
        }
        ic_case_free(&cs);
    }
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
    if (!rc && used == 0)
        rc = ic_err_set(err, IC_EINPUT, "%s: no tokens_*.case files (Figure 4 needs one, or --embeddings and --ids)",
                        o->cases_dir);
    return rc;
}

int ic_repro_plan_build(ic_repro_plan *plan, const ic_repro_opts *o, ic_err *err)
{
    plan->v = NULL;
    plan->n = 0;
    if (o->seeds < 1 || o->seeds > 1000)
        return ic_err_set(err, IC_EINPUT, "--seeds: %ld is outside 1..1000", o->seeds);
    unsigned figs = o->figures ? o->figures : (1u << ic_repro_nfigures) - 1;
    int rc = IC_OK;
    /* in figure order: Figure 3's settings, Figure 4, then the rest */
    if (figs & 1u)
        rc = trained_settings(plan, o, 1u, err);
    if (!rc && (figs & 2u))
        rc = tokens_settings(plan, o, err);
    if (!rc)
        rc = trained_settings(plan, o, figs & ~3u, err);
    if (rc)
        ic_repro_plan_free(plan);
    return rc;
}

void ic_repro_plan_free(ic_repro_plan *plan)
{
    for (size_t i = 0; i < plan->n; i++)
        for (size_t j = 0; j < plan->v[i].np; j++) {
            free(plan->v[i].p[j].key);
            free(plan->v[i].p[j].value);
            free(plan->v[i].p[j].source);
            free(plan->v[i].p[j].ident);
        }
    free(plan->v);
    plan->v = NULL;
    plan->n = 0;
}

const ic_repro_exp *ic_repro_plan_find(const ic_repro_plan *plan, const char *name)
{
    for (size_t i = 0; i < plan->n; i++)
        if (strcmp(plan->v[i].name, name) == 0)
            return &plan->v[i];
    return NULL;
}
