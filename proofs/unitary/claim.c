/* Claim C2+C3 (unitary data): the descriptor joining its modes, the one symbol
 * proofs/claims.c lists. */
#include "unitary/unitary.h"

const ic_claim unitary_claim = {
    .id = "unitary",
    .label = "C2+C3",
    .title = "unitary data: global minima C = c I, p_{-1} = 1/c; heads biorthogonal",
    .reference = "Sander et al. 2024 (arXiv:2402.05787), non-augmented unitary case; THEORY.md C2, C3",
    .verify_params = unitary_verify_params,
    .verify = unitary_verify,
    .compare_params = unitary_compare_params,
    .compare = unitary_compare,
    .train_params = unitary_train_params,
    .train = unitary_train,
    .check = unitary_check,
    .statements = unitary_statements,
};
