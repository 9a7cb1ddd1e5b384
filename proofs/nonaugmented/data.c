/* C6 data: deterministic random numbers and the sequences s_{t+1} = W s_t
 * (Haar O(d), commuting rotation blocks, or unitary in real form). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nonaugmented/nonaugmented.h"


void na_rng_seed(na_rng *r, uint64_t seed)
{
    ic_rng_set_state(r, seed * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull);
}

int na_data_kind(const char *word)
{
    if (strcmp(word, "haar") == 0)
        return NA_DATA_HAAR;
    if (strcmp(word, "rotations") == 0)
        return NA_DATA_ROTATIONS;
    if (strcmp(word, "unitary") == 0)
        return NA_DATA_UNITARY;
    return -1;
}


int na_gen_data(double *S, size_t nseq, size_t n, size_t d, int kind, na_rng *r, ic_err *err)
{
    int rc = na_data_check(kind, d, err);
    if (rc)
        return rc;
    double *W = malloc(d * d * sizeof *W);
    if (!W)
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    for (size_t b = 0; b < nseq; b++) {
        double *s = S + b * (n + 1) * d;
        if (kind == NA_DATA_HAAR)
            ic_rng_haar(W, d, r, 2);
        else
            ic_rng_rotations(W, d, r);
        /* Unitary data: the pair (Re z_j, Im z_j) rotates by theta_j and
         * starts at (1, 0)/sqrt(d/2); the rotation blocks start at 1/sqrt d. */
        for (size_t i = 0; i < d; i++)
            s[i] = kind == NA_DATA_UNITARY ? (i % 2 ? 0 : 1 / sqrt(d / 2.0)) : 1 / sqrt((double)d);
        ic_rng_rollout(s, W, d, n);
    }
    free(W);
    return IC_OK;
}
