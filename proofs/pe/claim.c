/* Claim C5 (positional encodings only): the descriptor joining its modes, the one symbol
 * proofs/claims.c lists. */
#include "pe/pe.h"

const ic_claim pe_claim = {
    .id = "pe",
    .label = "C5",
    .title = "positional encodings only: exact optimum, early-stopped GD path in closed form, Figure 6 matrices",
    .reference = "Sander et al. 2024 (arXiv:2402.05787), positional-encoding experiment (Figure 6); THEORY.md C5",
    .verify_params = pe_verify_params,
    .verify = pe_verify,
    .compare_params = pe_compare_params,
    .compare = pe_compare,
    .train_params = pe_train_params,
    .train = pe_train_run,
    .check = pe_check,
    .statements = pe_statements,
};
