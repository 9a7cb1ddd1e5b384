/* Claim C4 (orthogonal data): what its checks establish and how, as
 * `icalcheck claims --proofs` shows it (doc/proofs.md, "Orthogonal (C4)"). */
#include "orthogonal/orthogonal.h"

#define SWEEP "each swept (d, T), d even, all real C and used P entries"

const ic_claim_statement orthogonal_statements[] = {
    { "loss_formula_vs_model", "verify",
      "the model's exact expected loss on conjugate-pair data (by characters) equals the authors' L_O, row by row",
      IC_PROOF_SYMBOLIC, SWEEP,
      "fmpq_mpoly identity per row in the d^2 + t + 2 row variables; above --symbolic-work exact evaluation "
      "with the Schwartz-Zippel bound (kind exact)" },
    { "sum_of_squares_identity", "verify", "L_O equals its sum-of-squares form (doc/c4-orthogonal.md)",
      IC_PROOF_SYMBOLIC, SWEEP, "fmpq_mpoly identity per row (exact evaluation above --symbolic-work)" },
    { "gradient", "verify", "the gradient formulas of L_O in C and P are its derivatives",
      IC_PROOF_SYMBOLIC, SWEEP,
      "fmpq_mpoly_derivative per row; above --symbolic-work a directional derivative by an exact five-point "
      "stencil at random points (kind exact)" },
    { "unitary_formula_vs_model", "verify",
      "on unitary data L_U is the model's exact expectation; the authors' unitary.py loss exceeds it by "
      "sum_t p_{-2}^2 ||C||_F^2 (also unitary_authors_excess)",
      IC_PROOF_SYMBOLIC, "each swept (ud, uT)", "fmpq_mpoly identity per row" },
    { "zero_loss_family", "verify",
      "C = c I + e S, p_{-1} = 1/c, p_{-2} = -e/(c(c+e)) has L_O = 0 and zero gradient in C and P",
      IC_PROOF_SYMBOLIC, "every c != 0, e != -c, each swept (d, T)",
      "rational functions of (c, e): Q[c, e, z], z = 1/(c(c+e)), numerators compared with 0" },
    { "family_needs_common_e", "verify", "a different e in one block gives L_O > 0",
      IC_PROOF_EXACT, "the given c and e in {e, c, 0, -c/2}, d >= 4", "exact rational value of L_O" },
    { "heads_construction", "verify",
      "with H heads solving min(H, d/2) pairs (C = c blockdiag(J), p_{-1} = 1/c, p_{-2} = -1/(2c)) the loss is "
      "(T-1) max(d-2H, 0) at a critical point in A, B, P",
      IC_PROOF_SYMBOLIC, "every c != 0, each swept (d, H, T)",
      "rational functions of c: Q[c, z], z = 1/c, numerators compared with 0" },
    { "lower_bound_H_lt_d_half", "verify", "with H < d/2 heads every point has L_O >= (T-1)(d-2H)",
      IC_PROOF_PAPER, "H < d/2 in the sweep",
      "doc/c4-orthogonal.md, section 4 (tr(C)^2 <= 2H ||C'||_F^2); sampled at exact rational points, compared exactly" },
    { "stationary_point_e_minus_c", "verify",
      "H = d/2, C = c(I - S) with its best P is a stationary point of loss d sum_t 1/(t+2) for every p_{-2}",
      IC_PROOF_SYMBOLIC, "every c != 0 and p_{-2}, each swept (d, T)",
      "rational functions of (c, q_0..q_{T-2}), numerators compared with 0" },
    { "loss_formula_vs_grid_sampled", "verify",
      "the identities and families at random dyadic points in MPFR, by grid quadrature and characters (and the "
      "other *_sampled checks)",
      IC_PROOF_NUMERIC, "the random points of the run", "sampled cross-check against a rounding budget" },
    { "C_family_residual", "compare", "trained C is c I + e S up to tol-C (also C_off_block)",
      IC_PROOF_NUMERIC, "the given weights", "tolerance; no proof" },
    { "implied_heads_at_least_d_half", "compare", "trained C has rank >= d/2 above the threshold tol-rank sigma_1",
      IC_PROOF_ENCLOSURE, "the given weights", "Arb ball enclosure of the singular values, decided on the threshold" },
    { "P_newest_key", "compare",
      "c P[t,t+1] = 1, c P[t,t] = -e/(c+e), other used entries 0 (also P_query_key, P_other_entries)",
      IC_PROOF_NUMERIC, "the given weights", "tolerance; no proof" },
    { "loss_relative", "compare", "the trained loss L_O / ((T-1) d) is small",
      IC_PROOF_NUMERIC, "the given weights", "tolerance; no proof" },
    { NULL, NULL, NULL, NULL, NULL, NULL },
};
