/* Claim C1, the parameter pre-check (ic_claim.check): what verify, compare
 * and train refuse of a parameter set before reading a file or doing any
 * work (list ranges, the dense search's size, an even d for rotation data,
 * which weight files go together).  The entry points call it first, `run`
 * before anything is written, so both give the same line.  The shapes of
 * the weight files stay with compare (compare.c). */
#include <stdio.h>
#include <string.h>

#include "augmented/augmented.h"

int aug_search_configs(aug_search_cfg *out, size_t *n, const ic_param_set *ps, ic_err *err)
{
    long ds[32], Ns[32];
    size_t nd = ic_param_ints(ps, "search-d", ds, 32), nN = ic_param_ints(ps, "search-N", Ns, 32);
    double work = 0, limit = ic_param_real(ps, "search-work");
    aug_search_cfg one;
    *n = 0;
    for (size_t i = 0; i < nd; i++)
        if (ds[i] < 1 || ds[i] > 8)
            return ic_err_set(err, IC_EINPUT, "--search-d: %ld is outside 1..8 (the dense search's limit)", ds[i]);
    for (size_t k = 0; k < nN; k++)
        if (Ns[k] < 1 || Ns[k] > 200)
            return ic_err_set(err, IC_EINPUT, "--search-N: %ld is outside 1..200", Ns[k]);
    for (size_t i = 0; i < nd; i++)
        for (int model = AUG_UNITARY; model <= AUG_ROTATIONS; model++) {
            if (model == AUG_ROTATIONS && ds[i] % 2)
                continue;
            for (size_t k = 0; k < nN; k++)
                for (int pooled = 1; pooled >= 0; pooled--) {
                    if (pooled && Ns[k] == 1)
                        continue;
                    if (*n == AUG_SEARCH_MAX)
                        return ic_err_set(err, IC_EINPUT, "--search-d x --search-N: more than %d configurations",
                                          AUG_SEARCH_MAX);
                    aug_search_cfg *c = out ? &out[*n] : &one;
                    ++*n;
                    c->model = model;
                    c->d = (size_t)ds[i];
                    c->Thi = Ns[k];
                    c->Tlo = pooled ? 1 : Ns[k];
                    const char *mn = model == AUG_UNITARY ? "unitary" : "rotations";
                    if (pooled)
                        snprintf(c->label, sizeof c->label, "%s d=%zu, pooled T=1..%ld", mn, c->d, c->Thi);
                    else
                        snprintf(c->label, sizeof c->label, "%s d=%zu, single T=%ld", mn, c->d, c->Thi);
                    int rc = aug_terms_check(model, c->d, c->Tlo, c->Thi, err);
                    work += aug_terms_estimate(model, c->d, c->Tlo, c->Thi);
                    if (rc) {
                        size_t len = strlen(err->msg);
                        snprintf(err->msg + len, sizeof err->msg - len,
                                 " (--search-d %ld, --search-N %ld: choose smaller values or --search off)", ds[i],
                                 Ns[k]);
                        return rc;
                    }
                }
        }
    work *= 2.0 * (double)ic_param_int(ps, "restarts") * (double)ic_param_int(ps, "iters");
    if (!(work <= limit))
        return ic_err_set(err, IC_EINPUT,
                          "dense search at --search-d x --search-N needs about %.3g term evaluations (terms x "
                          "restarts x iters x 2 classes), above --search-work %.3g: choose smaller values, raise "
                          "--search-work, or --search off",
                          work, limit);
    return IC_OK;
}

static int check_verify(const ic_param_set *ps, ic_err *err)
{
    int rc = ic_param_check_ints(ps, "d", 1, 16, err);
    if (!rc)
        rc = ic_param_check_ints(ps, "T", 1, 200, err);
    if (!rc)
        rc = ic_param_check_ints(ps, "N", 1, 200, err);
    if (rc)
        return rc;
    long gN = ic_param_int(ps, "grid-N");
    if (gN < 0 || gN > 6)
        return ic_err_set(err, IC_EINPUT, "--grid-N: %ld is outside 0..6", gN);
    if (strcmp(ic_param_get(ps, "search"), "on") != 0)
        return IC_OK;
    long restarts = ic_param_int(ps, "restarts"), iters = ic_param_int(ps, "iters");
    if (restarts < 1 || restarts > 1000 || iters < 1 || iters > 100000)
        return ic_err_set(err, IC_EINPUT, "--restarts 1..1000 and --iters 1..100000 expected");
    size_t n;
    return aug_search_configs(NULL, &n, ps, err);
}

const char *aug_compare_param(const aug_net *net, int k)
{
    return k == AUG_P_LNG ? "ln-g" : k == AUG_P_LNB ? "ln-b" : aug_net_name(net, k);
}

static int given(const ic_param_set *ps, const char *name)
{
    return ic_param_get(ps, name) != NULL;
}

static int check_compare(const ic_param_set *ps, ic_err *err)
{
    long dl = ic_param_int(ps, "d"), Nl = ic_param_int(ps, "N"), nsl = ic_param_int(ps, "sequences");
    if (dl < 1 || dl > 64)
        return ic_err_set(err, IC_EINPUT, "--d: %ld is outside 1..64", dl);
    if (Nl < 1 || Nl > 1000)
        return ic_err_set(err, IC_EINPUT, "--N: %ld is outside 1..1000", Nl);
    if (nsl < 1 || nsl > 100000)
        return ic_err_set(err, IC_EINPUT, "--sequences: %ld is outside 1..100000", nsl);
    if (strcmp(ic_param_get(ps, "data"), "haar") != 0 && dl % 2)
        return ic_err_set(err, IC_EINPUT, "--d: rotation data needs an even d, got %ld (use --data haar)", dl);
    /* Which files are given decides the model (compare.c, load_weights):
     * --WQ/--WK split, --bQ biases, --ln-g LayerNorm, --WO/--WF output maps;
     * every file of that model must be given, and no other. */
    int split = given(ps, "WQ") || given(ps, "WK");
    if (split && given(ps, "WKQ"))
        return ic_err_set(err, IC_EINPUT, "give either --WKQ or --WQ and --WK, not both");
    const char *first = split ? "WQ" : "WKQ";
    if (!given(ps, first))
        return ic_err_set(err, IC_EINPUT, "missing required --%s%s", first, split ? "" : " (or --WQ and --WK)");
    aug_net net;  /* which parameters the model has does not depend on d */
    aug_net_init(&net, 1, split, given(ps, "bQ"), given(ps, "ln-g") || given(ps, "ln-b"),
                 given(ps, "WO") || given(ps, "WF"), 0, 1.0);
    for (int k = 1; k < AUG_NP; k++) {
        const char *nm = aug_compare_param(&net, k);
        if (net.off[k] == SIZE_MAX && given(ps, nm))
            return ic_err_set(err, IC_EINPUT,
                              "--%s: not part of the model the other files describe (biases need --bQ, keys need "
                              "--WQ/--WK, output maps --WO and --WF, LayerNorm --ln-g and --ln-b)",
                              nm);
        if (net.off[k] != SIZE_MAX && !given(ps, nm))
            return ic_err_set(err, IC_EINPUT, "missing --%s: the other files describe a model that has it", nm);
    }
    return IC_OK;
}

int aug_data_check(int data, size_t d, ic_err *err)
{
    if (data == AUG_DATA_ROTATIONS && d % 2)
        return ic_err_set(err, IC_EINPUT, "--d: rotation data needs an even d, got %zu", d);
    return IC_OK;
}

static int check_train(const ic_param_set *p, ic_err *err)
{
    long dl = ic_param_int(p, "d"), nl = ic_param_int(p, "n"), nt = ic_param_int(p, "train"), bs = ic_param_int(p, "batch");
    long ep = ic_param_int(p, "epochs");
    if (dl < 1 || dl > 64)
        return ic_err_set(err, IC_EINPUT, "--d: %ld is outside 1..64", dl);
    if (nl < 2 || nl > 1000)
        return ic_err_set(err, IC_EINPUT, "--n: %ld is outside 2..1000", nl);
    if (nt < 1 || nt > (1L << 22))
        return ic_err_set(err, IC_EINPUT, "--train: %ld is outside 1..4194304", nt);
    if (bs < 1)
        return ic_err_set(err, IC_EINPUT, "--batch: must be positive");
    if (ep < 0 || ep > 100000)
        return ic_err_set(err, IC_EINPUT, "--epochs: %ld is outside 0..100000", ep);
    if (!(ic_param_real(p, "lr") > 0))
        return ic_err_set(err, IC_EINPUT, "--lr: must be positive");
    /* generated data (a --data-file brings its own d) */
    const char *df = ic_param_get(p, "data-file");
    int data = strcmp(ic_param_get(p, "data"), "haar") == 0 ? AUG_DATA_HAAR : AUG_DATA_ROTATIONS;
    int rc = df && *df ? IC_OK : aug_data_check(data, (size_t)dl, err);
    if (rc)
        return rc;
    aug_net net;
    aug_train_net(&net, p, (size_t)dl);
    if (strcmp(ic_param_get(p, "class"), "blocks") == 0 && aug_net_extras(&net))
        return ic_err_set(err, IC_EINPUT, "--class blocks: only in the theory setting (no extras, merged W_KQ)");
    long th = ic_param_int(p, "threads");
    if (th < 0 || th > 256)
        return ic_err_set(err, IC_EINPUT, "--threads: %ld is outside 0..256", th);
    long ckevery = ic_param_int(p, "checkpoint-every");
    if (ckevery < 0 || ckevery > 1000000)
        return ic_err_set(err, IC_EINPUT, "--checkpoint-every: %ld is outside 0..1000000", ckevery);
    return IC_OK;
}

int augmented_check(const char *mode, const ic_param_set *ps, ic_err *err)
{
    if (strcmp(mode, "verify") == 0)
        return check_verify(ps, err);
    if (strcmp(mode, "compare") == 0)
        return check_compare(ps, err);
    if (strcmp(mode, "train") == 0)
        return check_train(ps, err);
    return IC_OK;
}
