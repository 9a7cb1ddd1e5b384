/* Claim C7 (token encodings): what each check of its certificates establishes, and how
 * (`icalcheck claims --proofs`, the report, the README; doc/c7-tokens.md). */
#include "tokens/tokens.h"

const ic_claim_statement tokens_statements[] = {
    {"original_smaller_than_shuffled", "compare",
     "original token sequences are fit better by a per-sequence AR matrix than shuffled ones (Figure 4)",
     IC_PROOF_NUMERIC, "the given embeddings and sequences", "one-sided Mann-Whitney U test in double"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
