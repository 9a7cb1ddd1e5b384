/* ic_progress: how far a long computation has got, for whoever shows it.
 *
 * Library code never prints (only src/cli knows stdout and stderr), so a
 * trainer that runs for a while reports its progress through this hook and
 * the command line decides what to show (icalcheck reproduce draws a line
 * with the time left).  With no hook set, reporting costs one test. */
#ifndef IC_TRAINING_PROGRESS_H
#define IC_TRAINING_PROGRESS_H

/* Called with the work done so far and the total, in the reporter's own
 * units (steps, epochs); done <= total.  ctx is the pointer given to
 * ic_progress_set. */
typedef void (*ic_progress_fn)(void *ctx, double done, double total);

/* Installs fn (NULL removes it) for the whole process. */
void ic_progress_set(ic_progress_fn fn, void *ctx);

/* Reports done out of total to the installed hook, if any. */
void ic_progress_report(double done, double total);

#endif
