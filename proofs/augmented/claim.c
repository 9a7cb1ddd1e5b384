/* Claim C1 (augmented tokens): the descriptor joining its modes, the one symbol
 * proofs/claims.c lists. */
#include "augmented/augmented.h"

const ic_claim augmented_claim = {
    .id = "augmented",
    .label = "C1",
    .title = "augmented tokens: one layer of linear attention = one GD step, eta* = d/(T+d-1)",
    .reference = "Sander et al. 2024 (arXiv:2402.05787), augmented tokens; THEORY.md C1",
    .verify_params = augmented_verify_params,
    .verify = augmented_verify,
    .compare_params = aug_compare_params,
    .compare = aug_compare,
    .train_params = aug_train_params,
    .train = aug_train,
    .check = augmented_check,
    .statements = augmented_statements,
};
