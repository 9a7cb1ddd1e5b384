/* Where a claim holds: verdict maps and ratio plots over the parameters that
 * vary between certificates of the same claim and mode. */
#ifndef IC_REPORT_MAP_H
#define IC_REPORT_MAP_H

#include "report/model.h"
#include "html/svg_figures.h"

/* Figures of where a claim holds over the parameters that vary between
 * certificates of the same claim and mode: a verdict map, and a plot of
 * the check ratios when one numeric parameter varies.  Cells link to
 * href_prefix + "#" + section id.  Returns the number of figures drawn;
 * with svg_only the first figure alone is written (plot preferred). */
int report_param_maps(ic_html_buf *b, const report_set *s, const char *href_prefix, int svg_only);

#endif
