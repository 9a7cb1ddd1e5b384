/* Claim C7 (token encodings): the descriptor joining its modes, the one symbol
 * proofs/claims.c lists. */
#include "tokens/tokens.h"

const ic_claim tokens_claim = {
    .id = "tokens",
    .label = "C7",
    .title = "token encodings: per-sequence AR fit, original against shuffled (Figure 4)",
    .reference = "Sander et al. 2024 (arXiv:2402.05787), Figure 4, validation_token_encoding.py; THEORY.md C7",
    .compare_params = tokens_compare_params,
    .compare = tokens_compare,
    .check = tokens_check,
    .statements = tokens_statements,
};
