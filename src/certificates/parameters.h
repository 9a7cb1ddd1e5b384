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
    /* INT, INTS (every element) and REAL: the accepted interval, in
     * interval notation: "[1, 64]", "(0, 1)", "(0, inf)"; NULL: any value
     * the kind can hold.  Checked when the value is set, so a case file's
     * out-of-range value is refused with its file and line before anything
     * runs, and the message states the interval. */
    const char *range;
} ic_param_spec;

/* Terminates a spec array. */
#define IC_PARAM_END { NULL, IC_PARAM_WORD, NULL, NULL, NULL, NULL }

/* The longest integer list (IC_PARAM_INTS) accepted: sweeps multiply their
 * lists' lengths, so the ceiling bounds a run's work (doc/robustness.md). */
#define IC_PARAM_LIST_MAX 32

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

/* Parameters shared between claims.  A mode lists in its own spec those it
 * uses, after its own parameters and in this order (so certificates record
 * them last, as they always have): IC_PARAM_PREC where it computes in MPFR,
 * IC_PARAM_MAX_BYTES where it reads input files, IC_PARAM_MAX_PREC where it
 * decides spectrum statements (src/spectra/decision.h).  The command line
 * accepts, and --help lists, exactly a mode's spec. */
#define IC_PARAM_PREC \
    { "prec", IC_PARAM_INT, "256", NULL, "working precision in bits (64 to 65536)", "[64, 65536]" }
/* Optional with no recorded default: certificates name it only when given. */
#define IC_PARAM_MAX_BYTES                                                                                   \
    { "max-bytes", IC_PARAM_INT, "", NULL,                                                                  \
      "refuse input files and arrays larger than this many bytes, and work whose high-precision "           \
      "matrices would take more (default 1 GiB)", "[1, 1099511627776]" }
/* Optional likewise; src/certificates/max_precision.c applies the default. */
#define IC_PARAM_MAX_PREC                                                                                    \
    { "max-prec", IC_PARAM_INT, "", NULL,                                                                   \
      "precision cap in bits for undecided spectrum statements, raised by doubling (default 4096)",         \
      "[64, 65536]" }

int ic_param_init(ic_param_set *s, const ic_param_spec *spec, ic_err *err);
void ic_param_clear(ic_param_set *s);

/* Sets one parameter after validating its name and value.  where names the
 * origin for messages ("command line", "cases/x.case:4").  Setting a
 * parameter that is already set replaces it (the certificate reader and
 * `run --max-bytes` rely on that); case files refuse repeated keys before
 * calling this. */
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

/* Looks up a declared parameter. */
const ic_param_spec *ic_param_find(const ic_param_set *s, const char *name);

/* Value as given, else the default; NULL when neither. */
const char *ic_param_get(const ic_param_set *s, const char *name);
int ic_param_given(const ic_param_set *s, const char *name);

/* Conversions, all through the one number reader (numbers/number_text.h),
 * so they read exactly the values ic_param_validate accepted. */
double ic_param_real(const ic_param_set *s, const char *name);
/* The value parsed in decimal at x's precision (so "1e-5" is not first
 * rounded to double); returns 0, or -1 when the parameter has no value. */
int ic_param_real_mpfr(const ic_param_set *s, const char *name, mpfr_ptr x);
/* The same rounded in direction rnd (enclosing a threshold from below or
 * above). */
int ic_param_real_mpfr_rnd(const ic_param_set *s, const char *name, mpfr_ptr x, mpfr_rnd_t rnd);
long ic_param_int(const ic_param_set *s, const char *name);
/* Fills up to max values, returns the count (values validated at set time,
 * at most IC_PARAM_LIST_MAX of them: give max >= IC_PARAM_LIST_MAX). */
size_t ic_param_ints(const ic_param_set *s, const char *name, long *out, size_t max);

/* Checks that every value of the integer list parameter name lies in
 * lo..hi: IC_EINPUT "--NAME: V is outside LO..HI" for the first that does
 * not (a claim's pre-check, where the range depends on the mode). */
int ic_param_check_ints(const ic_param_set *s, const char *name, long lo, long hi, ic_err *err);

/* Number of entries of the spec and the i-th entry's spec. */
size_t ic_param_count(const ic_param_set *s);
const ic_param_spec *ic_param_spec_at(const ic_param_set *s, size_t i);

/* Validates a value for a spec (kind, grammar, range, list length); used
 * by ic_param_set_value. */
int ic_param_validate(const ic_param_spec *sp, const char *value, const char *where, ic_err *err);

/* Parses a spec's range text into [lo, hi] with open ends flagged; returns
 * -1 when the text is malformed (a bug in a spec table, which the unit
 * test of every claim's specs catches). */
int ic_param_range_parse(const char *range, double *lo, double *hi, int *lo_open, int *hi_open);

#endif
