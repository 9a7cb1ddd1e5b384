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

/* ---- shared by the report's files (cli_report_data.c) ---- */

/* Matrices with a side above this are not drawn. */
#define REP_MAX_SIDE 300

/* Where a certificate's data goes: figures, tables, a name/value list and
 * raw JSON, emitted in that order. */
typedef struct {
    ich_buf figs, tables, values, other;
} rep_parts;

/* Renders one data value (see cli_report_data.c for the shapes). */
void rep_data(rep_parts *o, const char *name, json_t *v, int depth);
/* Appends the parts under their headings and frees them. */
void rep_parts_emit(ich_buf *b, rep_parts *o);

/* A JSON number or decimal string. */
int rep_num_of(json_t *v, double *x);
/* A non-empty array of numbers / of equal rows of numbers (malloc'd). */
double *rep_num_array(json_t *v, size_t *n);
double *rep_num_matrix(json_t *v, size_t *rows, size_t *cols);
/* A heatmap in a <figure>; "P" gets its unused entries masked. */
void rep_heatmap_fig(ich_buf *b, const char *name, const double *m, size_t r, size_t c,
                     const char *caption);
void rep_figure_open(ich_buf *b);
void rep_figure_close(ich_buf *b, const char *caption);
/* A table cell; long numeric strings shortened, the full text as tooltip. */
void rep_value_cell(ich_buf *b, const char *v, const char *cls);

/* Writes b to path atomically. */
int rep_write(const char *path, const ich_buf *b, ic_err *err);

#endif
