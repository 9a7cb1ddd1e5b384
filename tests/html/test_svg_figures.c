/* ic_html: escaping, number formats, colour scale, ticks and the SVG figures. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "html/svg_figures.h"
#include "tap.h"

static size_t count(const char *s, const char *needle)
{
    size_t n = 0;
    for (const char *p = s; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

/* Every "http" in a figure is the SVG namespace. */
static int only_xmlns(const char *s)
{
    return count(s, "http") == count(s, "xmlns=\"http://www.w3.org/2000/svg\"");
}

static int well_formed_svg(const char *s)
{
    return strncmp(s, "<svg xmlns=\"http://www.w3.org/2000/svg\"", 39) == 0 &&
           strcmp(s + strlen(s) - 7, "</svg>\n") == 0 && count(s, "<svg") == 1 && only_xmlns(s) &&
           count(s, "<text") == count(s, "</text>") && count(s, "<title>") == count(s, "</title>") &&
           !strstr(s, "nan") && !strstr(s, "inf");
}

int main(void)
{
    ic_html_buf b = { 0 };
    ic_html_esc(&b, "<a href=\"x\">&'y'</a>");
    ok(b.s && strcmp(b.s, "&lt;a href=&quot;x&quot;&gt;&amp;&#39;y&#39;&lt;/a&gt;") == 0, "HTML escaping: %s", b.s);
    ic_html_free(&b);
    ic_html_esc(&b, "a\x01" "b\tc\x7f" "\xc3\xa9");
    ok(b.s && strcmp(b.s, "ab\tc\xc3\xa9") == 0, "control characters dropped, tab and UTF-8 kept");
    ic_html_free(&b);
    ic_html_printf(&b, "%d-%s", 42, "x");
    ic_html_put(&b, "y");
    ok(b.len == 5 && strcmp(b.s, "42-xy") == 0 && !b.oom, "printf and put append");
    ic_html_free(&b);

    char s[32];
    ic_html_num(s, 0.0, 4);
    ok(strcmp(s, "0") == 0, "0 prints as 0");
    ic_html_num(s, -0.0, 4);
    ok(strcmp(s, "0") == 0, "-0 prints as 0");
    ic_html_num(s, 1.0 / 3, 3);
    ok(strcmp(s, "0.333") == 0, "1/3 to 3 digits: %s", s);
    ic_html_num(s, -1.5e-20, 6);
    ok(strcmp(s, "-1.5e-20") == 0, "small values in exponent form: %s", s);
    ic_html_num(s, NAN, 3);
    ok(strcmp(s, "nan") == 0, "NaN prints as nan");

    char c[8];
    ic_html_diverging(-1, c);
    ok(strcmp(c, "#2166ac") == 0, "-1 is blue: %s", c);
    ic_html_diverging(0, c);
    ok(strcmp(c, "#f7f7f7") == 0, "0 is near-white: %s", c);
    ic_html_diverging(1, c);
    ok(strcmp(c, "#b2182b") == 0, "+1 is red: %s", c);
    ic_html_diverging(0.25, c);
    ok(strcmp(c, "#f3c1ad") == 0, "0.25 halfway between #f7f7f7 and #ef8a62: %s", c);
    ic_html_diverging(7, c);
    ok(strcmp(c, "#b2182b") == 0, "clamped above 1");
    ic_html_diverging(NAN, c);
    ok(strcmp(c, "#2166ac") == 0, "NaN clamps to the low end");

    double t[16];
    size_t n = ic_html_ticks(0, 1, 6, t);
    ok(n == 6 && t[0] == 0 && fabs(t[1] - 0.2) < 1e-15 && fabs(t[5] - 1) < 1e-15, "ticks of [0,1]: 0, 0.2, ..., 1");
    n = ic_html_ticks(-3.7, 12.1, 5, t);
    ok(n == 3 && t[0] == 0 && t[1] == 5 && t[2] == 10, "ticks of [-3.7, 12.1]: step 5, %zu ticks", n);
    n = ic_html_ticks(-1, 1, 5, t);
    ok(n == 5 && t[0] == -1 && t[2] == 0 && t[4] == 1, "symmetric ticks hit 0 exactly");
    n = ic_html_ticks(2, 2, 5, t);
    ok(n == 1 && t[0] == 2, "a single value gives one tick");

    /* Heatmap: 2 x 2 with one masked cell. */
    double m[4] = { 1, -1, 0, 0.5 };
    unsigned char mask[4] = { 1, 1, 0, 1 };
    ic_html_heatmap(&b, m, mask, 2, 2, "M & <x>");
    ok(b.s && well_formed_svg(b.s), "heatmap is one well-formed SVG element");
    ok(strstr(b.s, "#b2182b") && strstr(b.s, "#2166ac"), "the extremes +-1 get the end colours");
    ok(strstr(b.s, "fill=\"#dddddd\"><title>[1,0] not used</title>") != NULL, "masked cell grey, titled");
    ok(strstr(b.s, "<title>[0,1] = -1</title>") != NULL, "cells carry their values");
    ok(strstr(b.s, "M &amp; &lt;x&gt;") != NULL, "title escaped");
    ok(count(b.s, "<rect") == 1 + 4 + 1 + 48 + 1, "background, 4 cells, frame, 48 colour steps, bar frame");
    ok(strstr(b.s, ">-1</text>") && strstr(b.s, ">1</text>"), "colour bar labelled -1 .. 1");
    ic_html_buf b2 = { 0 };
    ic_html_heatmap(&b2, m, mask, 2, 2, "M & <x>");
    ok(b2.s && strcmp(b.s, b2.s) == 0, "same input, same bytes");
    ic_html_free(&b);
    ic_html_free(&b2);

    /* Line plots. */
    double y1[3] = { 1e-3, 1e-1, 10 }, y2[3] = { 0, 1, 2 }, x[3] = { 1, 2, 4 };
    ic_html_series ser[2] = { { "a<b", x, y1, 3 }, { NULL, x, y2, 3 } };
    ic_html_axes ax = { "loss", "step", "value", 1, 1, "bound", 0 };
    ic_html_lineplot(&b, ser, 2, &ax);
    ok(b.s && well_formed_svg(b.s), "log line plot is well-formed");
    ok(strstr(b.s, ">1e-3</text>") && strstr(b.s, ">10</text>"), "decade ticks 1e-3 .. 10");
    ok(count(b.s, "<path") == 2 && count(b.s, " M") == 2, "one path per series; the 0 skipped on a log axis");
    ok(strstr(b.s, ">a&lt;b</text>") && strstr(b.s, ">series 2</text>") && strstr(b.s, ">bound</text>"),
       "legend: labels escaped, default label, reference line");
    ok(count(b.s, "<circle") == 5, "markers at the 5 drawable points");
    ic_html_free(&b);
    ax.logy = 0;
    ax.ref_label = NULL;
    double ynan[3] = { 1, NAN, 3 };
    ic_html_series s1 = { NULL, NULL, ynan, 3 };
    ic_html_lineplot(&b, &s1, 1, &ax);
    ok(b.s && well_formed_svg(b.s) && count(b.s, " M") == 2, "a NaN breaks the line");
    ic_html_free(&b);
    double xi[4] = { 1, 2, 3, 4 }, yi[4] = { 1, 2, 3, 4 };
    ic_html_series si = { NULL, xi, yi, 4 };
    ax.xint = 1;
    ic_html_lineplot(&b, &si, 1, &ax);
    ok(b.s && strstr(b.s, ">2</text>") && !strstr(b.s, ">1.5</text>"), "integer x axis: no ticks between integers");
    ic_html_free(&b);
    ax.xint = 0;
    ic_html_lineplot(&b, &si, 1, &ax);
    ok(b.s && strstr(b.s, ">1.5</text>"), "real x axis on [1, 4]: step 0.5");
    ic_html_free(&b);
    ic_html_series s0 = { NULL, NULL, ynan + 1, 1 };
    ic_html_lineplot(&b, &s0, 1, &ax);
    ok(b.s && strstr(b.s, ">no data</text>") != NULL, "no drawable point: 'no data'");
    ic_html_free(&b);

    double counts[3] = { 1, 3, 2 }, edges[4] = { 0, 0.5, 1, 1.5 };
    ic_html_axes hx = { "hist", "x", "count", 0, NAN, NULL, 0 };
    ic_html_histogram(&b, counts, 3, edges, &hx);
    ok(b.s && well_formed_svg(b.s) && strstr(b.s, "<title>[0.5, 1): 3</title>"), "histogram bins titled");
    ic_html_free(&b);

    const char *lab[3] = { "r1", "r2", "zero" }, *st[3] = { "pass", "fail", "pass" };
    double v[3] = { 1e-3, 2, 0 };
    ic_html_axes mx = { "ratios", NULL, NULL, 0, 1, "bound", 0 };
    ic_html_markers(&b, lab, v, st, 3, &mx);
    ok(b.s && well_formed_svg(b.s), "marker plot well-formed");
    ok(strstr(b.s, "r=\"5\" fill=\"#c62828\"") && strstr(b.s, "fill=\"#ffffff\" stroke=\"#2e7d32\""),
       "failed check red, zero drawn hollow");
    ic_html_free(&b);

    const char *xl[2] = { "1", "2" }, *yl[1] = { "a" }, *fill[2] = { "#43a047", "#f4b400" };
    const char *txt[2] = { "0.1", "x" }, *href[2] = { "#p&1", NULL };
    ic_html_cells cells = { 2, 1, xl, yl, fill, txt, NULL, href };
    ic_html_axes cx = { "map", "H", "d", 0, NAN, NULL, 0 };
    ic_html_cellmap(&b, &cells, &cx);
    ok(b.s && well_formed_svg(b.s) && strstr(b.s, "<a href=\"#p&amp;1\">") && count(b.s, "<a ") == 1,
       "cell map: escaped link on the linked cell only");
    ic_html_free(&b);
    return done_testing();
}
