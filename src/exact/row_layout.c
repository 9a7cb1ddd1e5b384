/* ic_exact_row: the variables of one row t of the non-augmented model:
 * the d^2 entries of C, then the t + 2 used entries of row t of P. */
#include "exact/exact.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

slong ic_exact_row_nvars(size_t d, size_t t)
{
    return (slong)(d * d + t + 2);
}

slong ic_exact_row_c(size_t d, size_t j, size_t k)
{
    return (slong)(j * d + k);
}

slong ic_exact_row_p(size_t d, size_t tp)
{
    return (slong)(d * d + tp);
}

char **ic_exact_row_names(size_t d, size_t t)
{
    slong n = ic_exact_row_nvars(d, t);
    char **names = malloc((size_t)n * sizeof *names);
    for (size_t j = 0; j < d; j++)
        for (size_t k = 0; k < d; k++) {
            char buf[48];
            snprintf(buf, sizeof buf, "C%zu_%zu", j, k);
            names[ic_exact_row_c(d, j, k)] = strdup(buf);
        }
    for (size_t tp = 0; tp <= t + 1; tp++) {
        char buf[48];
        snprintf(buf, sizeof buf, "P%zu_%zu", t, tp);
        names[ic_exact_row_p(d, tp)] = strdup(buf);
    }
    return names;
}

void ic_exact_row_names_free(char **names, size_t d, size_t t)
{
    if (!names)
        return;
    for (slong i = 0; i < ic_exact_row_nvars(d, t); i++)
        free(names[i]);
    free(names);
}
