/* The report's reproduced figures: each experiment of the paper as trained
 * by icalcheck reproduce, beside the closed form of THEORY.md, with how
 * many seeds reach it. */
#ifndef IC_REPRODUCE_FIGURES_H
#define IC_REPRODUCE_FIGURES_H

#include "report/model.h"
#include "html/svg_figures.h"
#include "reproduce/plan.h"

/* One card per figure of the plan.  s holds the plan's certificates
 * (named after the experiments); the trainers' files are read from
 * runs/NAME/ relative to the current directory (the run directory). */
void report_reproduction(ic_html_buf *b, const report_set *s, const ic_repro_plan *plan, int quick);

#endif
