"""numpy port of the authors' orthogonal.py training loop (float64).

Same reduced loss L_O, full-batch gradient descent, analytic gradients
(the authors differentiate with jax; numpy has no autodiff, so the
gradient formulas of doc/c4-orthogonal.md are used, vectorised over the
rows of P).  Starts from A0/B0/P0.npy written by `icalcheck train`.
Usage: port_numpy.py DIR STEPS LR  -> prints the final loss."""
import sys
import numpy as np


def setup(T):
    rows = np.arange(T - 1)
    used = np.zeros((T - 1, T), dtype=bool)
    for t in rows:
        used[t, : t + 2] = True
    q_mask = np.zeros((T - 1, T), dtype=bool)
    q_mask[rows, rows] = True
    x_mask = np.zeros((T - 1, T), dtype=bool)
    x_mask[rows, rows + 1] = True
    return used, q_mask, x_mask, used & ~q_mask


def loss_grad(A, B, P, masks):
    used, q_mask, x_mask, pp_mask = masks
    d = A.shape[1]
    C = B.T @ A
    r = C.sum(1)
    sw = np.arange(d) ^ 1
    e = C[np.arange(d), sw]
    t1, t2, t3, t4, tr = r @ r, (C * C).sum(), r @ e, e @ e, np.trace(C)
    R = P[:-1]
    q = R[q_mask]
    x = R[x_mask]
    Rp = np.where(pp_mask, R, 0.0)
    sp = Rp.sum(1)
    npp = (Rp * Rp).sum(1)
    L = (q * q * t1 + npp * t2 + 2 * q * sp * t3 + (sp * sp - npp) * t4 - 2 * x * tr + d).sum()
    a, b, g, h, X = (q * q).sum(), npp.sum(), (q * sp).sum(), (sp * sp - npp).sum(), x.sum()
    G = 2 * (a * r[:, None] + b * C)
    G[np.arange(d), np.arange(d)] -= 2 * X
    G += 2 * g * e[:, None]
    G[np.arange(d), sw] += 2 * (g * r + h * e)
    gR = 2 * Rp * t2 + 2 * (q * t3)[:, None] + 2 * (sp[:, None] - Rp) * t4
    gR = np.where(pp_mask, gR, 0.0)
    gR[x_mask] -= 2 * tr
    gR[q_mask] = 2 * q * t1 + 2 * sp * t3
    gP = np.zeros_like(P)
    gP[:-1] = gR
    return L, B @ G, A @ G.T, gP


def train(A, B, P, steps, lr):
    masks = setup(P.shape[0])
    for _ in range(steps):
        _, gA, gB, gP = loss_grad(A, B, P, masks)
        A = A - lr * gA
        B = B - lr * gB
        P = P - lr * gP
    return loss_grad(A, B, P, masks)[0]


if __name__ == "__main__":
    dr, steps, lr = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    A, B, P = (np.load(f"{dr}/{n}0.npy") for n in "ABP")
    print(repr(train(A, B, P, steps, lr)))
