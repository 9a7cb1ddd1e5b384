/* ic_claim_check_abp_shapes: the (A, B, P) inputs of the unitary and
 * orthogonal compare modes, checked from their headers. */
#ifndef IC_CERTIFICATES_ABP_SHAPES_H
#define IC_CERTIFICATES_ABP_SHAPES_H

#include <mpfr.h>

#include "certificates/claim.h"

/* --A and --B non-empty 2-D of the same shape H x d (d even when even_d),
 * --P square T x T with T >= 2, and the compare's work within the ceilings
 * at precision p (ic_claim_check_work).  IC_EINPUT naming the file. */
int ic_claim_check_abp_shapes(const ic_param_set *ps, mpfr_prec_t p, int even_d, ic_err *err);

#endif
