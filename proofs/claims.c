/* The table of claims: the only place the CLI learns about them. */
#include "ic_claim.h"
#include "unitary.h"

const ic_claim *const ic_claims[] = {
    &unitary_claim,
    NULL,
};
