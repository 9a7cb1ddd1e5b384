/* Claim C2+C3 trainer: gradient descent on L_U with the authors' defaults
 * (unitary.py: d = H = 10, T = 20, lr 0.01, 100 steps, init 0.1 N(0, 1)),
 * except that with H < d the default is 20000 steps, which reach the
 * minimum (T-1)(d-H) where the authors' 100 do not.
 * --loss authors trains the authors' formula, which adds
 * sum_t p_{-2}^2 ||C||_F^2 to the exact expectation. */
#include "training/reduced_descent.h"
#include "unitary/unitary.h"

const ic_param_spec unitary_train_params[] = {
    { "d", IC_PARAM_INT, "10", NULL, "token dimension" },
    { "H", IC_PARAM_INT, "10", NULL, "number of heads" },
    { "T", IC_PARAM_INT, "20", NULL, "sequence length (rows 0..T-2 enter the loss)" },
    { "steps", IC_PARAM_INT, "", NULL,
      "full-batch gradient steps (default: 100 when H >= d, the authors' setting, which reaches the minimum 0; "
      "20000 when H < d: 100 steps leave the loss far above the minimum (T-1)(d-H), 20000 reach it on the "
      "seeds tested, doc/c2-unitary.md)" },
    { "lr", IC_PARAM_REAL, "0.01", NULL, "learning rate" },
    { "init-scale", IC_PARAM_REAL, "0.1", NULL, "initial values are init-scale * N(0, 1)" },
    { "seed", IC_PARAM_INT, "0", NULL, "seed of the initial values" },
    { "loss", IC_PARAM_WORD, "exact", "exact|authors", "loss: exact L_U or the authors' unitary.py formula" },
    { "log-every", IC_PARAM_INT, "0", NULL, "loss curve interval in steps (0: steps/1000)" },
    { "checkpoint-every", IC_PARAM_INT, "1000", NULL, "write OUT/checkpoint.npy every this many steps (0: never)" },
    { "resume", IC_PARAM_WORD, "no", "yes|no", "continue from OUT/checkpoint.npy when there is one (same bytes as an uninterrupted run)" },
    IC_PARAM_END
};

int unitary_train(const ic_param_set *p, const char *outdir, ic_err *err)
{
    return ic_reduced_train(p, outdir, 0, err);
}
