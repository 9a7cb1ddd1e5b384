/* Claim C6 (non-augmented, non-commuting W): what each check of its certificates establishes, and how
 * (`icalcheck claims --proofs`, the report, the README; doc/c6-nonaugmented.md).  C6 is experimental:
 * the paper states no exact property, so its observations are measured values. */
#include "nonaugmented/nonaugmented.h"

const ic_claim_statement nonaugmented_statements[] = {
    {"shapes", "compare", "the 13 tensors have the shapes of one model", IC_PROOF_EXACT, "the given tensors",
     "integer comparison of shapes"},
    {"loss_reproduced", "compare", "the recorded test loss is reproduced by this implementation", IC_PROOF_NUMERIC,
     "the given weights and test sequences", "double, tolerance --tol-loss"},
    {"causal_mask", "compare", "predictions do not depend on later tokens", IC_PROOF_NUMERIC, "the test sequences",
     "bit-identical double predictions after changing later tokens (sampled)"},
    {"pos_rows_stochastic", "compare", "positional attention rows are stochastic and causal", IC_PROOF_NUMERIC,
     "the given weights", "double, tolerance 1e-12"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
