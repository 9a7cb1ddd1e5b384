/* Claim C2+C3 trainer: gradient descent on L_U with the authors' defaults
 * (unitary.py: d = H = 10, T = 20, lr 0.01, 100 steps, init 0.1 N(0, 1)).
 * --loss authors trains the authors' formula, which adds
 * sum_t p_{-2}^2 ||C||_F^2 to the exact expectation. */
#include "reduced_train.h"

const icp_spec unitary_train_params[] = {
    { "d", ICP_INT, "10", NULL, "token dimension" },
    { "H", ICP_INT, "10", NULL, "number of heads" },
    { "T", ICP_INT, "20", NULL, "sequence length (rows 0..T-2 enter the loss)" },
    { "steps", ICP_INT, "100", NULL, "full-batch gradient steps" },
    { "lr", ICP_REAL, "0.01", NULL, "learning rate" },
    { "init-scale", ICP_REAL, "0.1", NULL, "initial values are init-scale * N(0, 1)" },
    { "seed", ICP_INT, "0", NULL, "seed of the initial values" },
    { "loss", ICP_WORD, "exact", "exact|authors", "loss: exact L_U or the authors' unitary.py formula" },
    { "log-every", ICP_INT, "0", NULL, "loss curve interval in steps (0: steps/1000)" },
    ICP_END
};

int unitary_train(const icp_set *p, const char *outdir, ic_err *err)
{
    return rt_train(p, outdir, 0, err);
}
