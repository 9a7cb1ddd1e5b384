/* ic_repro_manifest: what a finished experiment left in the run directory,
 * with the SHA-256 of every file, so that a rerun skips it only when its
 * outputs are still the ones it wrote.
 *
 * One manifest per experiment, manifest/NAME.json, written atomically
 * last: an experiment is complete exactly when its manifest exists and
 * verifies.  Separate files let the tasks of a Slurm array, or of GNU
 * parallel, finish experiments at the same time without sharing a file.
 * A manifest holds no times or host names: the same run gives the same
 * bytes wherever it ran.  All paths are relative to the run directory,
 * which is the current directory of these functions. */
#ifndef IC_REPRODUCE_MANIFEST_H
#define IC_REPRODUCE_MANIFEST_H

#include "base/error.h"
#include "reproduce/plan.h"

/* manifest/NAME.json (the path callers use). */
void ic_repro_manifest_path(char *out, size_t n, const ic_repro_exp *e);

/* Writes the manifest of e: its identity (claim, figure, seed,
 * parameters, expected verdict), the verdict found, and the hash of every
 * file in runs/NAME/ (sorted) and of certificates/NAME.json. */
int ic_repro_manifest_write(const ic_repro_exp *e, const char *verdict, ic_err *err);

/* 1 when e's manifest exists, describes e exactly and every file it lists
 * has the recorded SHA-256; then verdict (16 bytes) gets the recorded
 * verdict.  0 otherwise, with the reason in why (e.g. "not run",
 * "runs/x/A.npy changed"). */
int ic_repro_manifest_check(const ic_repro_exp *e, char *verdict, char *why, size_t nwhy);

/* The experiment's identity as "key = value" lines (claim, seed,
 * parameters with files by hash, expected verdict): written into
 * runs/NAME/plan.txt, so that leftovers of a run with other settings are
 * recognised.  malloc'd. */
char *ic_repro_identity(const ic_repro_exp *e);

#endif
