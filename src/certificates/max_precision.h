/* ic_decide_max_prec: the precision cap of three-valued spectrum decisions,
 * read from a mode's parameters (--max-prec). */
#ifndef IC_CERTIFICATES_MAX_PRECISION_H
#define IC_CERTIFICATES_MAX_PRECISION_H

#include <mpfr.h>

#include "certificates/parameters.h"
#include "spectra/decision.h"

/* --max-prec if given, else IC_DECIDE_MAX_PREC, never below prec. */
mpfr_prec_t ic_decide_max_prec(const ic_param_set *p, mpfr_prec_t prec);

#endif
