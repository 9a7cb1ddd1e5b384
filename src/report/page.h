/* The whole HTML report page over a set of certificates, and its atomic
 * write. */
#ifndef IC_REPORT_PAGE_H
#define IC_REPORT_PAGE_H

#include "base/error.h"
#include "report/model.h"
#include "html/svg_figures.h"

/* The page's style sheet (also scoped to one section by src/api/cert_html.c). */
extern const char report_css[];

/* The whole page: summary, maps, one section per certificate. */
void report_page(ic_html_buf *b, const report_set *s, const char *title);
/* The same with intro (may be NULL: report_page) placed first in the page's
 * main part, before the maps and the summary (icalcheck reproduce puts its
 * figures there). */
void report_page_with(ic_html_buf *b, const report_set *s, const char *title, const ic_html_buf *intro);

/* Writes b to path atomically. */
int report_write(const char *path, const ic_html_buf *b, ic_err *err);

#endif
