/* ic_exact_stencil5: the exact derivative at 0 of a polynomial of degree
 * <= 4 from its values at -2, -1, 1, 2 (the five-point central difference,
 * whose error term is h^4 f^(5) / 30: zero for quartics). */
#include "exact/exact.h"

void ic_exact_stencil5(fmpq_t out, const fmpq_t fm2, const fmpq_t fm1, const fmpq_t fp1, const fmpq_t fp2)
{
    fmpq_t a;
    fmpq_init(a);
    fmpq_sub(a, fp1, fm1);
    fmpq_mul_si(a, a, 8);
    fmpq_sub(a, a, fp2);
    fmpq_add(a, a, fm2);
    fmpz_t twelve;
    fmpz_init_set_ui(twelve, 12);
    fmpq_div_fmpz(out, a, twelve);
    fmpz_clear(twelve);
    fmpq_clear(a);
}
