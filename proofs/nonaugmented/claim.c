/* Claim C6 (non-augmented, non-commuting W): the descriptor joining its modes, the one symbol
 * proofs/claims.c lists. */
#include "nonaugmented/nonaugmented.h"

const ic_claim nonaugmented_claim = {
    .id = "nonaugmented",
    .label = "C6",
    .title = "non-commuting W, softmax positional attention, many heads (experimental)",
    .reference = "Sander et al. 2024 (arXiv:2402.05787), Figure 7, non_augmented.py; THEORY.md C6",
    .compare_params = na_compare_params,
    .compare = na_compare,
    .train_params = na_train_params,
    .train = na_train,
    .check = na_check,
    .statements = nonaugmented_statements,
};
