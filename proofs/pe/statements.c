/* Claim C5 (positional encodings only): what each check of its certificates establishes, and how
 * (`icalcheck claims --proofs`, the report, the README; doc/c5-pe.md). */
#include "pe/pe.h"

const ic_claim_statement pe_statements[] = {
    {"gram_vs_model", "verify", "each row's loss is (p - e_{t+1})^T G_t (p - e_{t+1}) with the sinc-moment Gram G_t",
     IC_PROOF_PAPER, "random rows of the swept (T, mu)", "derivation in doc/c5-pe.md; MPFR samples, rounding budget"},
    {"gram_positive_definite", "verify", "G_t is positive definite, so p = e_{t+1} is the unique optimum (loss 0)",
     IC_PROOF_ENCLOSURE, "the swept (T, mu)", "Arb Cholesky with a proven lambda_min lower bound"},
    {"optimum_mpfr_solve", "verify", "the optimum is recovered by an exact-enough solve despite cond up to 1e19",
     IC_PROOF_ENCLOSURE, "the swept (T, mu)", "Arb rigorous SPD solve; MPFR elimination as cross-check"},
    {"double_solve_fails", "verify", "a double-precision solve fails on these systems", IC_PROOF_NUMERIC,
     "swept systems with cond > 1e17", "LAPACK in double, a demonstration"},
    {"stopping_rule_decided", "verify", "the authors' stopping indices k are decided", IC_PROOF_ENCLOSURE,
     "the swept (T, mu)", "MPFR path with an a priori rounding-error bound (doc/c5-pe.md)"},
    {"stopping_indices_expected", "verify", "k = 887, 767, 662, 474 for mu = 50, 100, 200, 300 (T = 30)",
     IC_PROOF_ENCLOSURE, "the given (T, mu)", "MPFR path with an a priori rounding-error bound"},
    {"rows01_closed_form", "verify", "rows 0 and 1 of the GD path in closed form (2x2 eigen formulas)", IC_PROOF_PAPER,
     "the swept (T, mu)", "derivation in doc/c5-pe.md; MPFR within the path's error bound"},
    {"spectral_form", "verify", "the path is a filtered DPSS expansion of the spike e_{t+1}", IC_PROOF_NUMERIC,
     "the swept (T, mu)", "Arb eigenpairs, tolerance 1e-20"},
    {"k_decided", "compare", "the stopping index of the closed-form path is decided", IC_PROOF_ENCLOSURE, "the given (T, mu)",
     "MPFR path with an a priori rounding-error bound"},
    {"max_abs_deviation", "compare", "the authors' saved matrix is the closed-form early-stopped GD path", IC_PROOF_NUMERIC,
     "the given matrix", "max-abs deviation, tolerance 0.02"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
