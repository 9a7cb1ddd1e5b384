#!/usr/bin/env python3
"""Synthetic input for `icalcheck compare tokens` (claim C7).

Vocabulary: 8 orbits of 16 tokens in R^4; token 16*o + j embeds
W_o^j u_o with W_o = blockdiag(R(2 pi a_o/16), R(2 pi b_o/16)) and u_o a
random unit vector, so consecutive tokens of one orbit follow s_{k+1} =
W_o s_k exactly.  ids_ar.npy: 300 sequences of 8 consecutive orbit tokens
(an AR process; with T - 1 = 7 > D = 4 the fit is overdetermined).
ids_random.npy: 2400 uniformly random ids (no AR structure).
Run from this directory: python3 make_synthetic.py (numpy only, seed 7).
"""
import numpy as np

rng = np.random.default_rng(7)
D, M, O, T, N = 4, 16, 8, 8, 300


def rot(a):
    c, s = np.cos(2 * np.pi * a / M), np.sin(2 * np.pi * a / M)
    return np.array([[c, -s], [s, c]])


E = np.zeros((O * M, D))
for o in range(O):
    W = np.zeros((D, D))
    W[:2, :2] = rot(rng.integers(1, M))
    W[2:, 2:] = rot(rng.integers(1, M))
    u = rng.standard_normal(D)
    u /= np.linalg.norm(u)
    for j in range(M):
        E[o * M + j] = u
        u = W @ u
ids = []
for _ in range(N):
    o, j = rng.integers(O), rng.integers(M)
    ids += [o * M + (j + k) % M for k in range(T)]
np.save("embeddings.npy", E)
np.save("ids_ar.npy", np.array(ids, dtype=np.float64))
np.save("ids_random.npy", rng.integers(0, O * M, size=N * T).astype(np.float64))
