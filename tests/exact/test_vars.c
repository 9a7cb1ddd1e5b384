/* ic_exact_vars (vars.c): what the variables of an identity stand for, in
 * symbolic and point mode (values mode: tests/exact/test_characters.c). */
#include <string.h>

#include "exact/exact.h"
#include "tap.h"

static void test_vars(void)
{
    ic_exact_vars v;
    const char *names[2] = {"a", "b"};
    ic_exact_vars_init_symbolic(&v, 2, names);
    fmpq_mpoly_t g;
    fmpq_mpoly_init(g, v.ctx);
    ic_exact_vars_get(g, &v, 1);
    ok(ic_exact_vars_symbolic(&v) && fmpq_mpoly_is_gen(g, 1, v.ctx) && strcmp(v.names[1], "b") == 0,
       "symbolic: variable 1 is generator 1, named b");
    fmpq_mpoly_clear(g, v.ctx);
    ic_exact_vars_clear(&v);
    fmpq x[2];
    fmpq_init(x);
    fmpq_init(x + 1);
    fmpq_set_si(x + 1, -3, 7);
    ic_exact_vars_init_point(&v, 2, x);
    fmpq_mpoly_init(g, v.ctx);
    ic_exact_vars_get(g, &v, 1);
    fmpq_t c;
    fmpq_init(c);
    fmpq_mpoly_get_fmpq(c, g, v.ctx);
    ok(!ic_exact_vars_symbolic(&v) && fmpq_mpoly_is_fmpq(g, v.ctx) && fmpq_equal(c, x + 1) && fmpq_equal(v.num + 1, x + 1),
       "point: variable 1 is the constant -3/7");
    fmpq_clear(c);
    fmpq_mpoly_clear(g, v.ctx);
    ic_exact_vars_clear(&v);
    fmpq_clear(x);
    fmpq_clear(x + 1);
}



int main(void)
{
    test_vars();
    return done_testing();
}
