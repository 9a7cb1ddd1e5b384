/* ic_repro_experiment: runs one experiment of the plan in the run
 * directory (the current directory), so that an interrupted run leaves
 * nothing half-written where results go and resumes where it stopped.
 *
 *   .partial/NAME/      training in progress: the trainer's outputs and its
 *                       checkpoint; plan.txt says which settings
 *   runs/NAME/          the finished training (renamed from .partial/NAME
 *                       in one step): weights, loss.csv, the case compare
 *                       reads, plan.txt
 *   certificates/NAME.json   the claim's compare mode on runs/NAME/
 *   manifest/NAME.json  written last: hashes of all of the above
 *
 * Trainers are called through their claim descriptors (ic_claim.train)
 * with the parameters they declare; resume = yes is added for a trainer
 * that declares it when .partial/NAME holds a run with the same settings,
 * and threads when the caller asks for threads and the trainer declares
 * them (neither changes the result). */
#ifndef IC_REPRODUCE_EXPERIMENT_H
#define IC_REPRODUCE_EXPERIMENT_H

#include "base/error.h"
#include "reproduce/plan.h"

typedef struct {
    long threads;   /* > 0: passed as threads to trainers that take it */
} ic_repro_run_opts;

/* Runs e (train or copy its inputs, certify, write its manifest).  On
 * IC_OK verdict (16 bytes) holds the certificate's verdict; *resumed is
 * set when training went on from a checkpoint (may be NULL). */
int ic_repro_experiment_run(const ic_repro_exp *e, const ic_repro_run_opts *o, char *verdict, int *resumed,
                            ic_err *err);

/* The parameters e gives its claim (the trainer's, with threads as o
 * asks; for an experiment that copies its inputs, its compare's) through
 * the claim's pre-check (ic_claim_precheck), message starting with e's
 * name: `reproduce` checks every experiment before it writes anything. */
int ic_repro_experiment_check(const ic_repro_exp *e, const ic_repro_run_opts *o, ic_err *err);

/* Removes a directory tree (files, links, subdirectories); best effort,
 * IC_EINPUT naming what could not be removed. */
int ic_repro_remove_tree(const char *path, ic_err *err);

#endif
