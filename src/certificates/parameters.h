/* ic_param: named parameters shared by the command line, case files and
 * certificates.
 *
 * A claim declares, per mode, the parameters it accepts (ic_param_spec).  The
 * CLI (--name value), a case file (name = value) and `cert verify` (the
 * certificate's "parameters" object) all fill the same ic_param_set, so one
 * parser and one validator serve all three.  Values are kept as the
 * strings given and converted on demand; conversion errors name the
 * parameter. */
#ifndef IC_CERTIFICATES_PARAMETERS_H
#define IC_CERTIFICATES_PARAMETERS_H

#include <mpfr.h>
#include <stddef.h>

#include "base/error.h"

typedef enum {
    IC_PARAM_FILE,   /* a path to an input file */
    IC_PARAM_REAL,   /* a finite real number */
    IC_PARAM_INT,    /* an integer */
    IC_PARAM_INTS,   /* a comma-separated list of integers, e.g. "2,4,10" */
    IC_PARAM_WORD    /* one of the words listed in choices ("a|b|c"), or any word if NULL */
} ic_param_kind;

typedef struct {
    const char *name;
    ic_param_kind kind;
    const char *def;      /* default as text; NULL: required; "": optional, no default */
    const char *choices;  /* IC_PARAM_WORD only: "exact|authors" */
    const char *help;
} ic_param_spec;

/* Terminates a spec array. */
#define IC_PARAM_END { NULL, IC_PARAM_WORD, NULL, NULL, NULL }

/* An input file's content given in memory instead of a file (the embedding
 * API, src/api/api.h): the whole image of a .npy, .npz or safetensors file.
 * ic_load_array reads it in place of the file and records label as the
 * input's path; the parameter's value is set to label too. */
typedef struct {
    const char *name;            /* the parameter: "A" */
    const char *label;           /* what the certificate records: "<array A>" */
    const unsigned char *bytes;  /* the file's bytes, owned by the caller */
    size_t len;
} ic_param_blob;

typedef struct {
    const ic_param_spec *spec;
    size_t n;
    char **value;  /* n entries parallel to spec; NULL where not given */
    const ic_param_blob *blobs;  /* inputs held in memory (ic_param_set_blobs); NULL: none */
    size_t nblobs;
} ic_param_set;

/* Parameters every claim accepts in every mode (prec, max-bytes). */
extern const ic_param_spec ic_param_common[];

int ic_param_init(ic_param_set *s, const ic_param_spec *spec, ic_err *err);
void ic_param_clear(ic_param_set *s);

/* Sets one parameter after validating its name and value.  where names the
 * origin for messages ("command line", "cases/x.case:4"). */
int ic_param_set_value(ic_param_set *s, const char *name, const char *value,
                  const char *where, ic_err *err);

/* Gives each file parameter blobs[i].name the content blobs[i].bytes in
 * place of a file, and sets its value to blobs[i].label.  The set keeps
 * the pointer: blobs must outlive it.  Refuses a name that is not a file
 * parameter of the set, or given twice (IC_EINPUT, message from where). */
int ic_param_set_blobs(ic_param_set *s, const ic_param_blob *blobs, size_t n, const char *where,
                       ic_err *err);
/* The blob given for parameter name, NULL when it names a file. */
const ic_param_blob *ic_param_blob_of(const ic_param_set *s, const char *name);

/* Fails with a message naming the first required parameter not given. */
int ic_param_check_required(const ic_param_set *s, const char *where, ic_err *err);

/* Looks up a declared parameter (own spec first, then ic_param_common). */
const ic_param_spec *ic_param_find(const ic_param_set *s, const char *name);

/* Value as given, else the default; NULL when neither. */
const char *ic_param_get(const ic_param_set *s, const char *name);
int ic_param_given(const ic_param_set *s, const char *name);

double ic_param_real(const ic_param_set *s, const char *name);
/* The value parsed in decimal at x's precision (so "1e-5" is not first
 * rounded to double); returns 0, or -1 when the parameter has no value. */
int ic_param_real_mpfr(const ic_param_set *s, const char *name, mpfr_ptr x);
long ic_param_int(const ic_param_set *s, const char *name);
/* Fills up to max values, returns the count (values validated at set time). */
size_t ic_param_ints(const ic_param_set *s, const char *name, long *out, size_t max);

/* Number of entries (own spec plus common) and the i-th entry's spec. */
size_t ic_param_count(const ic_param_set *s);
const ic_param_spec *ic_param_spec_at(const ic_param_set *s, size_t i);

/* Validates a value for a spec; used by ic_param_set_value. */
int ic_param_validate(const ic_param_spec *sp, const char *value, const char *where, ic_err *err);

#endif
