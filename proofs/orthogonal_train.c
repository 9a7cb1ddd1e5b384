/* Claim C4 trainer: gradient descent on L_O with the authors' defaults
 * (orthogonal.py: d = 10, H = 8, T = 20, lr 1e-3, 100,000 steps,
 * init 0.1 N(0, 1)).  L_O equals the authors' formula, so --loss authors
 * is accepted and trains the same loss. */
#include "orthogonal.h"
#include "reduced_train.h"

const icp_spec ortho_train_params[] = {
    { "d", ICP_INT, "10", NULL, "token dimension (even)" },
    { "H", ICP_INT, "8", NULL, "number of heads" },
    { "T", ICP_INT, "20", NULL, "sequence length (rows 0..T-2 enter the loss)" },
    { "steps", ICP_INT, "100000", NULL, "full-batch gradient steps" },
    { "lr", ICP_REAL, "1e-3", NULL, "learning rate" },
    { "init-scale", ICP_REAL, "0.1", NULL, "initial values are init-scale * N(0, 1)" },
    { "seed", ICP_INT, "0", NULL, "seed of the initial values" },
    { "loss", ICP_WORD, "exact", "exact|authors", "loss: exact L_O (identical to the authors' formula)" },
    { "log-every", ICP_INT, "0", NULL, "loss curve interval in steps (0: steps/1000)" },
    ICP_END
};

int ortho_train(const icp_set *p, const char *outdir, ic_err *err)
{
    return rt_train(p, outdir, 1, err);
}
