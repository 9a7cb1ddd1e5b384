/* The table of claims: the only place the CLI learns about them. */
#include "ic_claim.h"
#include "augmented.h"
#include "nonaugmented.h"
#include "orthogonal.h"
#include "pe.h"
#include "tokens.h"
#include "unitary.h"

const ic_claim *const ic_claims[] = {
    &unitary_claim,
    &orthogonal_claim,
    &augmented_claim,
    &pe_claim,
    &nonaugmented_claim,
    &tokens_claim,
    NULL,
};
