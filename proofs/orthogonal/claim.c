/* Claim C4: the descriptor joining the modes of the orthogonal claim. */
#include "orthogonal/orthogonal.h"

const ic_claim orthogonal_claim = {
    .id = "orthogonal",
    .label = "C4",
    .title = "real rotations: zero-loss family C = cI + eS, trigonometric relation, d/2 heads suffice",
    .reference = "Sander et al. 2024 (arXiv:2402.05787), non-augmented orthogonal case; THEORY.md C4",
    .verify_params = ortho_verify_params,
    .verify = ortho_verify,
    .compare_params = ortho_compare_params,
    .compare = ortho_compare,
    .train_params = ortho_train_params,
    .train = ortho_train,
    .check = ortho_check,
    .statements = orthogonal_statements,
};
