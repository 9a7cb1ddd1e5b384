/* ic_exact_difference: the difference of the two sides of an identity, the
 * number of its terms (0 when the identity holds) and, for reports and
 * refutations, its text. */
#include "exact/exact.h"

#include <stdlib.h>
#include <string.h>

slong ic_exact_difference(fmpq_mpoly_t diff, const fmpq_mpoly_t lhs, const fmpq_mpoly_t rhs,
                          const fmpq_mpoly_ctx_t ctx, const char *const *names, char **text, size_t maxlen)
{
    fmpq_mpoly_sub(diff, lhs, rhs, ctx);
    slong n = fmpq_mpoly_length(diff, ctx);
    if (text) {
        char *s = fmpq_mpoly_get_str_pretty(diff, (const char **)names, ctx);
        size_t len = strlen(s);
        *text = malloc((len < maxlen ? len : maxlen) + 4);
        if (len > maxlen) {
            memcpy(*text, s, maxlen);
            strcpy(*text + maxlen, "...");
        } else {
            strcpy(*text, s);
        }
        flint_free(s);
    }
    return n;
}
