/* ic_html: HTML escaping and SVG figures for the report, written into a
 * growing text buffer.
 *
 * Every figure is a complete <svg> element (with its xmlns, so the same
 * text is a valid standalone .svg file) that needs no script, no style
 * sheet and no network.  Numbers are printed with fixed printf formats in
 * the C locale and no element gets a generated id, so the same inputs give
 * the same bytes whatever the order or number of figures on a page.
 * Non-finite values are skipped (heatmaps draw them as masked cells). */
#ifndef IC_HTML_SVG_FIGURES_H
#define IC_HTML_SVG_FIGURES_H

#include <stddef.h>

/* A growing NUL-terminated string.  Zero-initialise; after an allocation
 * failure oom is set and further appends are ignored. */
typedef struct {
    char *s;
    size_t len, cap;
    int oom;
} ic_html_buf;

void ic_html_free(ic_html_buf *b);
void ic_html_put(ic_html_buf *b, const char *s);
void ic_html_putn(ic_html_buf *b, const char *s, size_t n);
void ic_html_printf(ic_html_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s with & < > " ' escaped; drops control characters other than
 * tab and newline (they are not allowed in HTML text). */
void ic_html_esc(ic_html_buf *b, const char *s);

/* x with sig significant digits ("%.*g"), "0" for zero and negative zero,
 * "nan"/"inf"/"-inf" for non-finite values. */
void ic_html_num(char out[32], double x, int sig);

/* Diverging colour for t in [-1, 1] (clamped): blue (-1), near-white (0),
 * red (+1), as "#rrggbb". */
void ic_html_diverging(double t, char out[8]);
/* The i-th colour of the series palette (cycles). */
const char *ic_html_palette(size_t i);

/* Up to max "nice" tick values (multiples of 1, 2 or 5 times a power of
 * ten) covering [lo, hi]; returns the count.  lo == hi gives one tick. */
size_t ic_html_ticks(double lo, double hi, size_t max, double *out);

/* Common labels of a plot; any may be NULL.  logy: logarithmic y axis
 * (values <= 0 are skipped).  ref: a dashed reference line at y = ref
 * (not drawn when ref_label is NULL). */
typedef struct {
    const char *title, *xlabel, *ylabel;
    int logy;
    double ref;
    const char *ref_label;
    int xint;  /* x values are integers: no ticks between them */
} ic_html_axes;

typedef struct {
    const char *label;   /* legend text; NULL for none */
    const double *x;     /* NULL: 0, 1, 2, ... */
    const double *y;
    size_t n;
    /* Optional (zero-initialised: a line through dots in the palette's
     * colour for the series' index, tooltips "label: (x, y)"): */
    const char *color;        /* "#rrggbb" instead of the palette's */
    int crosses;              /* a cross at each point and no line: points that
                                 are not part of a curve (negative controls);
                                 without a label, no legend entry */
    const char *const *tips;  /* per-point tooltip text (entries may be NULL) */
} ic_html_series;

/* Heatmap of a rows x cols row-major matrix on a colour scale symmetric
 * about zero (max |entry| over the shown cells), with a colour bar and
 * row/column indices.  mask (may be NULL): cells with mask 0 are not part
 * of the data and are drawn grey.  Each cell carries its value as a
 * tooltip (<title>). */
void ic_html_heatmap(ic_html_buf *b, const double *m, const unsigned char *mask, size_t rows,
                 size_t cols, const char *title);

/* Line plot of ns series with axes, ticks and a legend. */
void ic_html_lineplot(ic_html_buf *b, const ic_html_series *s, size_t ns, const ic_html_axes *ax);

/* Histogram: n bins with counts; edges has n + 1 entries or is NULL (bins
 * 0..n). */
void ic_html_histogram(ic_html_buf *b, const double *counts, size_t n, const double *edges,
                   const ic_html_axes *ax);

/* One row per item: a marker at values[i] on a logarithmic axis, coloured
 * by status[i] ("pass", "fail", "undecided", other: grey), and a dashed
 * line at ax->ref.  Used for measured value / bound ratios, where the line
 * at 1 is the tolerance.  Zero values are drawn at the left edge. */
void ic_html_markers(ic_html_buf *b, const char *const *labels, const double *values,
                 const char *const *status, size_t n, const ic_html_axes *ax);

/* A grid of coloured cells: ny rows (ylabels, top to bottom) by nx
 * columns (xlabels).  fill, text, tip and href are row-major nx * ny
 * arrays; text, tip and href (and their entries) may be NULL. */
typedef struct {
    size_t nx, ny;
    const char *const *xlabels, *const *ylabels;
    const char *const *fill, *const *text, *const *tip, *const *href;
} ic_html_cells;
void ic_html_cellmap(ic_html_buf *b, const ic_html_cells *c, const ic_html_axes *ax);

/* The colour the report gives a status word. */
const char *ic_html_status_color(const char *status);

#endif
