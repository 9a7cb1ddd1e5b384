/* Claim C4 trainer: gradient descent on L_O with the authors' defaults
 * (orthogonal.py: d = 10, H = 8, T = 20, lr 1e-3, 100,000 steps,
 * init 0.1 N(0, 1)).  L_O equals the authors' formula, so --loss authors
 * is accepted and trains the same loss. */
#include "orthogonal/orthogonal.h"
#include "training/reduced_descent.h"

const ic_param_spec ortho_train_params[] = {
    { "d", IC_PARAM_INT, "10", NULL, "token dimension (even)" },
    { "H", IC_PARAM_INT, "8", NULL, "number of heads" },
    { "T", IC_PARAM_INT, "20", NULL, "sequence length (rows 0..T-2 enter the loss)" },
    { "steps", IC_PARAM_INT, "100000", NULL,
      "full-batch gradient steps (the authors' 100000: enough to reach the minimum (T-1) max(d-2H, 0) or to stall "
      "at a stationary point, depending on the seed; compare orthogonal says which)" },
    { "lr", IC_PARAM_REAL, "1e-3", NULL, "learning rate" },
    { "init-scale", IC_PARAM_REAL, "0.1", NULL, "initial values are init-scale * N(0, 1)" },
    { "seed", IC_PARAM_INT, "0", NULL, "seed of the initial values" },
    { "loss", IC_PARAM_WORD, "exact", "exact|authors", "loss: exact L_O (identical to the authors' formula)" },
    { "log-every", IC_PARAM_INT, "0", NULL, "loss curve interval in steps (0: steps/1000)" },
    { "checkpoint-every", IC_PARAM_INT, "1000", NULL, "write OUT/checkpoint.npy every this many steps (0: never)" },
    { "resume", IC_PARAM_WORD, "no", "yes|no", "continue from OUT/checkpoint.npy when there is one (same bytes as an uninterrupted run)" },
    IC_PARAM_END
};

int ortho_train(const ic_param_set *p, const char *outdir, ic_err *err)
{
    return ic_reduced_train(p, outdir, 1, err);
}
