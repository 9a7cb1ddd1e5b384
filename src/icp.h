/* icp: named parameters shared by the command line, case files and
 * certificates.
 *
 * A claim declares, per mode, the parameters it accepts (icp_spec).  The
 * CLI (--name value), a case file (name = value) and `cert verify` (the
 * certificate's "parameters" object) all fill the same icp_set, so one
 * parser and one validator serve all three.  Values are kept as the
 * strings given and converted on demand; conversion errors name the
 * parameter. */
#ifndef ICP_H
#define ICP_H

#include <mpfr.h>
#include <stddef.h>

#include "ic_err.h"

typedef enum {
    ICP_FILE,   /* a path to an input file */
    ICP_REAL,   /* a finite real number */
    ICP_INT,    /* an integer */
    ICP_INTS,   /* a comma-separated list of integers, e.g. "2,4,10" */
    ICP_WORD    /* one of the words listed in choices ("a|b|c"), or any word if NULL */
} icp_kind;

typedef struct {
    const char *name;
    icp_kind kind;
    const char *def;      /* default as text; NULL: required; "": optional, no default */
    const char *choices;  /* ICP_WORD only: "exact|authors" */
    const char *help;
} icp_spec;

/* Terminates a spec array. */
#define ICP_END { NULL, ICP_WORD, NULL, NULL, NULL }

typedef struct {
    const icp_spec *spec;
    size_t n;
    char **value;  /* n entries parallel to spec; NULL where not given */
} icp_set;

/* Parameters every claim accepts in every mode (prec, max-bytes). */
extern const icp_spec icp_common[];

int icp_init(icp_set *s, const icp_spec *spec, ic_err *err);
void icp_clear(icp_set *s);

/* Sets one parameter after validating its name and value.  where names the
 * origin for messages ("command line", "cases/x.case:4"). */
int icp_set_value(icp_set *s, const char *name, const char *value,
                  const char *where, ic_err *err);

/* Fails with a message naming the first required parameter not given. */
int icp_check_required(const icp_set *s, const char *where, ic_err *err);

/* Looks up a declared parameter (own spec first, then icp_common). */
const icp_spec *icp_find(const icp_set *s, const char *name);

/* Value as given, else the default; NULL when neither. */
const char *icp_get(const icp_set *s, const char *name);
int icp_given(const icp_set *s, const char *name);

double icp_real(const icp_set *s, const char *name);
/* The value parsed in decimal at x's precision (so "1e-5" is not first
 * rounded to double); returns 0, or -1 when the parameter has no value. */
int icp_real_mpfr(const icp_set *s, const char *name, mpfr_ptr x);
long icp_int(const icp_set *s, const char *name);
/* Fills up to max values, returns the count (values validated at set time). */
size_t icp_ints(const icp_set *s, const char *name, long *out, size_t max);

/* Number of entries (own spec plus common) and the i-th entry's spec. */
size_t icp_count(const icp_set *s);
const icp_spec *icp_spec_at(const icp_set *s, size_t i);

/* Validates a value for a spec; used by icp_set_value. */
int icp_validate(const icp_spec *sp, const char *value, const char *where, ic_err *err);

#endif
