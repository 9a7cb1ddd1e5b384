/* The table of claims: the only place the CLI learns about them. */
#include "certificates/claim.h"
#include "augmented/augmented.h"
#include "nonaugmented/nonaugmented.h"
#include "orthogonal/orthogonal.h"
#include "pe/pe.h"
#include "tokens/tokens.h"
#include "unitary/unitary.h"

const ic_claim *const ic_claims[] = {
    &unitary_claim,
    &orthogonal_claim,
    &augmented_claim,
    &pe_claim,
    &nonaugmented_claim,
    &tokens_claim,
    NULL,
};
