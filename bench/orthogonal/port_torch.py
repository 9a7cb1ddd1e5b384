"""PyTorch port of the authors' orthogonal.py (float64, CPU): their loss
formula, line for line, differentiated by autograd; full-batch gradient
descent from A0/B0/P0.npy written by `icalcheck train`.
Usage: port_torch.py DIR STEPS LR  -> prints the final loss."""
import sys
import numpy as np
import torch


def loss_function(C, p):
    d = C.shape[0]
    t1 = (C.T @ C).sum()
    t2 = (C ** 2).sum()
    t3 = (C.sum(-1)[::2] * torch.diagonal(C, 1)[::2] + C.sum(-1)[1::2] * torch.diagonal(C, -1)[::2]).sum()
    t4 = (torch.diagonal(C, 1)[::2] ** 2).sum() + (torch.diagonal(C, -1)[::2] ** 2).sum()
    t5 = -2 * torch.trace(C)
    p_no_2 = torch.cat([p[:-2], p[-1:]])
    return (p[-2] ** 2 * t1 + ((p ** 2).sum() - p[-2] ** 2) * t2
            + 2 * (t3 * ((p[-2] * p).sum() - p[-2] ** 2))
            + ((p_no_2.sum() ** 2) - (p_no_2 ** 2).sum()) * t4 + t5 * p[-1] + d)


def final_loss(A, B, P):
    C = B.T @ A
    return sum(loss_function(C, P[t, : t + 2]) for t in range(P.shape[0] - 1))


if __name__ == "__main__":
    torch.set_num_threads(1)
    dr, steps, lr = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    A, B, P = (torch.tensor(np.load(f"{dr}/{n}0.npy"), requires_grad=True) for n in "ABP")
    for _ in range(steps):
        L = final_loss(A, B, P)
        gA, gB, gP = torch.autograd.grad(L, (A, B, P))
        with torch.no_grad():
            A -= lr * gA
            B -= lr * gB
            P -= lr * gP
    with torch.no_grad():
        print(repr(float(final_loss(A, B, P))))
