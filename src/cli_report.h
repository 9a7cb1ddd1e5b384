/* The HTML report over certificates (icalcheck report / merge) and the
 * parameter sweep (icalcheck sweep), which renders its points with it. */
#ifndef CLI_REPORT_H
#define CLI_REPORT_H

#include <jansson.h>

#include "ic_err.h"
#include "ich.h"

int cli_report(int argc, char **argv);
int cli_merge(int argc, char **argv);
int cli_sweep(int argc, char **argv);

/* One certificate as the report sees it. */
typedef struct {
    char *path;        /* the file */
    char *name;        /* its base name without .json */
    char *id;          /* section id, unique in the page */
    json_t *root;      /* the parsed certificate (owned reference) */
    double worst;      /* largest value/bound ratio over the checks; NAN if none */
    const char *worst_name;  /* the check that gave it (points into root) */
} rep_cert;

typedef struct {
    rep_cert *v;
    size_t n, cap;
} rep_set;

/* Checks that root is an icalcheck certificate and appends it (taking a
 * reference); the message names path otherwise. */
int rep_add(rep_set *s, const char *path, json_t *root, ic_err *err);
/* Reads and adds every CERT.json named, and every *.json in each DIR
 * named (not recursive).  A file that is not a certificate is an error. */
int rep_load(rep_set *s, int argc, char **argv, ic_err *err);
/* Sorts by file name (digit runs compared as numbers) and gives each a
 * unique section id. */
void rep_finish(rep_set *s);
void rep_free(rep_set *s);

/* value/bound of one check ("<=", "<": value/bound; ">=", ">": bound/value),
 * NAN when either is not a positive-bounded number. */
double rep_check_ratio(json_t *check);

/* The whole page. */
void rep_page(ich_buf *b, const rep_set *s, const char *title);
/* One certificate's <section>. */
void rep_section(ich_buf *b, const rep_cert *c);
/* Figures of where a claim holds over the parameters that vary between
 * certificates of the same claim and mode: a verdict map, and a plot of
 * the check ratios when one numeric parameter varies.  Cells link to
 * href_prefix + "#" + section id.  Returns the number of figures drawn;
 * with svg_only the first figure alone is written (plot preferred). */
int rep_param_maps(ich_buf *b, const rep_set *s, const char *href_prefix, int svg_only);

/* Writes b to path atomically. */
int rep_write(const char *path, const ich_buf *b, ic_err *err);

#endif
