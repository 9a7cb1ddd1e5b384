/* Claim C2+C3 (unitary data): what its checks establish and how, as
 * `icalcheck claims --proofs` shows it (doc/proofs.md, "Unitary (C2+C3)"). */
#include "unitary/unitary.h"

#define SWEEP "each swept (d, T), all real C and used P entries"

const ic_claim_statement unitary_statements[] = {
    { "loss_formula_vs_model", "verify",
      "the model's exact expected loss (by characters) equals L_U = (||p||^2 - p_{-2}^2) ||C||_F^2 + "
      "p_{-2}^2 ||C 1||^2 - 2 tr(C) p_{-1} + d, row by row",
      IC_PROOF_SYMBOLIC, SWEEP,
      "fmpq_mpoly identity per row in the d^2 + t + 2 row variables; above --symbolic-work exact evaluation "
      "with the Schwartz-Zippel bound (kind exact)" },
    { "sum_of_squares_identity", "verify",
      "L_U = sum_{t'<t} p_{t'}^2 ||C||^2 + p_{-2}^2 ||C 1||^2 + p_{-1}^2 ||C - (tr C/d) I||^2 + "
      "(p_{-1} tr C - d)^2 / d",
      IC_PROOF_SYMBOLIC, SWEEP, "fmpq_mpoly identity per row (exact evaluation above --symbolic-work)" },
    { "authors_loss_correction", "verify",
      "the authors' unitary.py loss minus L_U is exactly sum_t p_{-2}^2 ||C||_F^2",
      IC_PROOF_SYMBOLIC, SWEEP, "fmpq_mpoly identity per row (exact evaluation above --symbolic-work)" },
    { "gradient", "verify",
      "dL/dC = 2 S C + 2 Q (C 1) 1^T - 2 R I and the P gradients, for the exact and the authors' loss",
      IC_PROOF_SYMBOLIC, SWEEP,
      "fmpq_mpoly_derivative of each row's loss against the formula; above --symbolic-work the directional "
      "derivative by an exact five-point stencil at random points (kind exact)" },
    { "minimum_value", "verify",
      "C = c diag(1_r, 0), p_{-1} = 1/c (r = min(H, d)) has loss (T-1)(d-r) and zero gradient in A, B, P",
      IC_PROOF_SYMBOLIC, "every c != 0, each swept (d, H, T)",
      "rational functions of c: Q[c, z], z = 1/c, numerators compared with 0" },
    { "heads_biorthogonal", "verify",
      "H = d: B^T A = c I implies A B^T = c I_H (C3)",
      IC_PROOF_EXACT, "H = d in the sweep, one random invertible rational M per (d, T)",
      "exact rational linear algebra (fmpq_mat); the general argument is one line in doc/c2-unitary.md" },
    { "lower_bound_H_lt_d", "verify",
      "with H < d heads every point has L_U >= (T-1)(d-H)",
      IC_PROOF_PAPER, "H < d in the sweep",
      "doc/c2-unitary.md, \"Fewer heads than dimensions (H < d)\" (tr(C)^2 <= rank(C) ||C||_F^2); sampled at exact rational points, compared exactly" },
    { "loss_formula_vs_model_sampled", "verify",
      "the same identities at random dyadic points in MPFR (also sum_of_squares_sampled, gradient_sampled, "
      "minimum_value_sampled)",
      IC_PROOF_NUMERIC, "the random points of the run", "sampled cross-check against a rounding budget" },
    { "C_identity_residual", "compare", "trained C is c I up to tol-C",
      IC_PROOF_NUMERIC, "the given weights", "tolerance; no proof" },
    { "C_spectrum_clusters", "compare", "every eigenvalue of trained C lies within tol-C |c| of c",
      IC_PROOF_ENCLOSURE, "the given weights", "Arb ball enclosure of the spectrum, decided against tol-C" },
    { "P_newest_key", "compare", "c P[t,t+1] = 1 and the other used entries 0 (also P_other_entries)",
      IC_PROOF_NUMERIC, "the given weights", "tolerance; no proof" },
    { "heads_biorthogonal", "compare", "A B^T = c I_H for trained heads (C3)",
      IC_PROOF_NUMERIC, "the given weights", "tolerance; no proof" },
    { "loss_relative", "compare", "the trained loss L_U / ((T-1) d) is small",
      IC_PROOF_NUMERIC, "the given weights", "tolerance; no proof" },
    { NULL, NULL, NULL, NULL, NULL, NULL },
};
