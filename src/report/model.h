/* The report's model: the certificates read, checked and ordered once.  The
 * renderers (page, section, map) read it; it knows nothing of HTML. */
#ifndef IC_REPORT_MODEL_H
#define IC_REPORT_MODEL_H

#include <jansson.h>

#include "base/error.h"
#include "certificates/parameters.h"

/* One certificate as the report sees it. */
typedef struct {
    char *path;        /* the file */
    char *name;        /* its base name without .json */
    char *id;          /* section id, unique in the page */
    json_t *root;      /* the parsed certificate (owned reference) */
    double worst;      /* largest value/bound ratio over the checks; NAN if none */
    const char *worst_name;  /* the check that gave it (points into root) */
    /* Inputs held in memory (the embedding API, src/api/cert_html.c), found
     * by the path the certificate records before any file is tried. */
    const ic_param_blob *mem;
    size_t nmem;
} report_cert;

typedef struct {
    report_cert *v;
    size_t n, cap;
} report_set;

/* Checks that root is an icalcheck certificate and appends it (taking a
 * reference); the message names path otherwise.  The verdict must be the
 * one its checks give (fail if any failed, else undecided if any is, else
 * pass) and each pass or fail must agree with its value, relation and
 * bound wherever the written digits decide it: an edited certificate is
 * refused (IC_EINPUT) rather than shown with a badge its checks deny. */
int report_add(report_set *s, const char *path, json_t *root, ic_err *err);
/* Reads and adds every CERT.json named, and every *.json in each DIR
 * named (not recursive).  A file that is not a certificate is an error. */
int report_load(report_set *s, int argc, char **argv, ic_err *err);
/* Sorts by file name (digit runs compared as numbers) and gives each a
 * unique section id. */
void report_finish(report_set *s);
void report_free(report_set *s);

/* value/bound of one check ("<=", "<": value/bound; ">=", ">": bound/value),
 * NAN when either is not a positive-bounded number. */
double report_check_ratio(json_t *check);

#endif
