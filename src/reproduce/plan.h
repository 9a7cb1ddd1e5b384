/* ic_repro_plan: the paper's experiments as a list of runs, one per
 * figure setting and seed (icalcheck reproduce, doc/reproduce.md).
 *
 * Each experiment names a claim, the parameters of its trainer (or, for
 * Figure 4, the inputs of its compare mode), its seed and the verdict the
 * theory predicts for the claim's compare mode on the result.  Experiment
 * names are file names in the run directory (runs/NAME/,
 * certificates/NAME.json, manifest/NAME.json) and sort in figure order.
 * The plan depends only on the options, so every task of a Slurm array
 * rebuilds the same plan. */
#ifndef IC_REPRODUCE_PLAN_H
#define IC_REPRODUCE_PLAN_H

#include <stddef.h>

#include "base/error.h"

#define IC_REPRO_NAME_MAX 96
#define IC_REPRO_MAX_PARAMS 24

/* The figures, in order: "fig3" .. "fig7". */
typedef struct {
    const char *id;       /* "fig3" */
    const char *title;    /* one line */
    const char *closed_form;  /* what the theory predicts, one sentence */
} ic_repro_figure;

extern const ic_repro_figure ic_repro_figures[];
extern const size_t ic_repro_nfigures;

/* The index of a figure named "fig3", "figure3" or "3"; -1 if none. */
int ic_repro_figure_find(const char *name);

/* One parameter of an experiment.  For Figure 4's input files, value is
 * the file's name inside the run directory, source the file copied there
 * and ident "sha256:HEX" of its bytes; otherwise ident is value. */
typedef struct {
    char *key, *value, *source, *ident;
} ic_repro_param;

typedef struct {
    char name[IC_REPRO_NAME_MAX + 24];  /* "fig6-pe-mu50-s1" */
    char setting[IC_REPRO_NAME_MAX];  /* "fig6-pe-mu50": the name without the seed */
    size_t figure;                    /* index into ic_repro_figures */
    const char *claim;                /* claim id */
    long seed;
    char expect[8];                   /* "pass" or "fail": the theory's verdict */
    int trains;                       /* 1: the claim's trainer; 0: inputs copied (Figure 4) */
    const char *case_file;            /* the case in runs/NAME/ that compare runs */
    size_t np;
    ic_repro_param p[IC_REPRO_MAX_PARAMS];
    double cost;                      /* estimated seconds, train and compare, one core */
} ic_repro_exp;

typedef struct {
    ic_repro_exp *v;
    size_t n;
} ic_repro_plan;

typedef struct {
    int quick;                /* the scaled-down smoke-test sizes */
    long seeds;               /* runs per setting, seeds base .. base + seeds - 1 */
    unsigned figures;         /* bit i: ic_repro_figures[i]; 0: all */
    const char *cases_dir;    /* where the shipped tokens_*.case files are (Figure 4) */
    const char *embeddings;   /* a user's Figure 4 input (both or neither) */
    const char *ids;
    const char *seq_len;      /* tokens per sequence for a user's input; NULL: 5 */
} ic_repro_opts;

/* Builds the plan.  Figure 4 reads the case files or the user's files
 * (IC_EINPUT naming them when they are unusable). */
int ic_repro_plan_build(ic_repro_plan *plan, const ic_repro_opts *o, ic_err *err);
void ic_repro_plan_free(ic_repro_plan *plan);

/* The experiment named name, NULL if the plan has none. */
const ic_repro_exp *ic_repro_plan_find(const ic_repro_plan *plan, const char *name);

/* The value of parameter key, NULL if the experiment has none. */
const char *ic_repro_param_get(const ic_repro_exp *e, const char *key);

#endif
