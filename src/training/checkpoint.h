/* ic_ckpt: training checkpoints, so that an interrupted run resumes and
 * ends with the same bytes as an uninterrupted one.
 *
 * A checkpoint is one float64 .npy vector, written atomically (readable
 * with numpy.load):
 *     [IC_CKPT_MAGIC, IC_CKPT_VERSION, tag, payload...]
 * The payload is the trainer's whole state (step, parameters, optimizer
 * moments, loss curve so far), stored exactly, so the resumed run repeats
 * the arithmetic of the uninterrupted one.  The tag, an integer below 2^52
 * (exact in a double), is taken from the SHA-256 of the options that
 * determine the result: a checkpoint left by a run with other options is
 * refused rather than continued. */
#ifndef IC_TRAINING_CHECKPOINT_H
#define IC_TRAINING_CHECKPOINT_H

#include <stddef.h>

#include "base/error.h"
#include "certificates/parameters.h"

#define IC_CKPT_MAGIC 1229147723.0  /* "ICCK" read as a big-endian integer */
#define IC_CKPT_VERSION 1.0

/* The file name trainers use in their output directory. */
#define IC_CKPT_FILE "checkpoint.npy"

/* The tag of a parameter set: SHA-256 of "name=value\n" for every
 * parameter in spec order (defaults included) except those named in
 * ignore (NULL-terminated; may be NULL), its first 52 bits. */
double ic_ckpt_tag_params(const ic_param_set *p, const char *const *ignore);

/* Writes [magic, version, tag, payload[0..n)] to path atomically.  With the
 * environment variable ICALCHECK_STOP_AFTER_CHECKPOINT set (non-empty), the
 * process then stops itself with SIGSTOP, so a test can kill it at a known
 * point, after a whole checkpoint (doc/robustness.md). */
int ic_ckpt_write(const char *path, double tag, const double *payload, size_t n, ic_err *err);

/* Reads a checkpoint.  No file at path: IC_OK with *payload NULL and *n 0.
 * A file that is not a checkpoint, or whose tag differs: IC_EINPUT with a
 * message naming path.  Otherwise *payload (malloc'd) holds *n values. */
int ic_ckpt_read(const char *path, double tag, double **payload, size_t *n, ic_err *err);

/* Removes the checkpoint at path, if any (a finished run leaves none). */
void ic_ckpt_remove(const char *path);

#endif
