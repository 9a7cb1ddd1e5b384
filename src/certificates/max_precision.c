/* ic_decide_max_prec: the precision cap of spectrum decisions from --max-prec
 * (see src/certificates/max_precision.h). */
#include "certificates/max_precision.h"

mpfr_prec_t ic_decide_max_prec(const ic_param_set *p, mpfr_prec_t prec)
{
    mpfr_prec_t m = ic_param_given(p, "max-prec") ? ic_param_int(p, "max-prec") : IC_DECIDE_MAX_PREC;
    return m < prec ? prec : m;
}
