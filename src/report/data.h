/* The report's rendering of a certificate's "data" object, and the small
 * JSON and figure helpers the other renderers share. */
#ifndef IC_REPORT_DATA_H
#define IC_REPORT_DATA_H

#include <jansson.h>

#include "html/svg_figures.h"

/* The string at key of object o, NULL when absent or not a string. */
const char *report_str_at(json_t *o, const char *key);

/* Matrices with a side above this are not drawn. */
#define REPORT_MAX_SIDE 300

/* Where a certificate's data goes: figures, tables, a name/value list and
 * raw JSON, emitted in that order. */
typedef struct {
    ic_html_buf figs, tables, values, other;
} report_parts;

/* Renders one data value (see data.c for the shapes). */
void report_data(report_parts *o, const char *name, json_t *v, int depth);
/* Appends the parts under their headings and frees them. */
void report_parts_emit(ic_html_buf *b, report_parts *o);

/* A JSON number or decimal string. */
int report_num_of(json_t *v, double *x);
/* A non-empty array of numbers / of equal rows of numbers (malloc'd). */
double *report_num_array(json_t *v, size_t *n);
double *report_num_matrix(json_t *v, size_t *rows, size_t *cols);
/* A heatmap in a <figure>; "P" gets its unused entries masked. */
void report_heatmap_fig(ic_html_buf *b, const char *name, const double *m, size_t r, size_t c,
                     const char *caption);
void report_figure_open(ic_html_buf *b);
void report_figure_close(ic_html_buf *b, const char *caption);
/* A table cell; long numeric strings shortened, the full text as tooltip. */
void report_value_cell(ic_html_buf *b, const char *v, const char *cls);

#endif
