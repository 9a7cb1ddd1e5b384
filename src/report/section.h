/* One certificate's <section> of the report. */
#ifndef IC_REPORT_SECTION_H
#define IC_REPORT_SECTION_H

#include "report/model.h"
#include "html/svg_figures.h"

/* Appends the section of certificate c to b. */
void report_section(ic_html_buf *b, const report_cert *c);

#endif
