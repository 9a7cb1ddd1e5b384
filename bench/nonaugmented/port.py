#!/usr/bin/env python3
"""PyTorch peers of `icalcheck train nonaugmented`: the authors' non_augmented.py
model (SelfAttention with linear token scores x softmax positional scores,
norm1, fc_out; the unused feed-forward/norm2 left out) trained with Adam
(lr 1e-2) on the data and initial weights our trainer wrote
(--save-init yes --save-data yes), sequential batches of train.npy.

Variants:
  authors  the authors' formulation: the positional branch (queries/keys of
           the position embeddings, their softmax) computed for every
           sequence of the batch, as non_augmented.py does;
  fair     the same model with the positional branch computed once per batch
           (it does not depend on the tokens) and broadcast.

usage: port.py DIR authors|fair float64|float32 THREADS STEPS BATCH
prints "step,seconds,batch_loss,cpu_seconds" per optimizer step on stdout
(wall time; CPU time of the process, all threads).
"""
import sys
import time

import numpy as np
import torch
import torch.nn as nn

d_, variant, dt, threads, steps, bs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), \
    int(sys.argv[5]), int(sys.argv[6])
torch.set_num_threads(threads)
dtype = torch.float64 if dt == "float64" else torch.float32
# Modules are created in dtype: created in float32 (the default) and
# converted afterwards, float64 weights copied in would be rounded to float32.
torch.set_default_dtype(dtype)
L = lambda n: torch.tensor(np.load(f"{d_}/init_{n}.npy"), dtype=dtype)
train = torch.tensor(np.load(f"{d_}/train.npy"), dtype=dtype)
Wq = L("Wq")
D = Wq.shape[1]
H = Wq.shape[0] // D
n, d = train.shape[1] - 1, train.shape[2]


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.queries, self.keys, self.values = (nn.Linear(D, D * H) for _ in range(3))
        self.fc_att = nn.Linear(D, D)
        self.norm1 = nn.LayerNorm(D)
        self.fc_out = nn.Linear(D, d)
        self.pos = nn.Embedding(n, D)
        with torch.no_grad():
            for mod, w, b in [(self.queries, "Wq", "bq"), (self.keys, "Wk", "bk"), (self.values, "Wv", "bv"),
                              (self.fc_att, "Wo", "bo"), (self.norm1, "ln_weight", "ln_bias"),
                              (self.fc_out, "Wf", "bf")]:
                mod.weight.copy_(L(w))
                mod.bias.copy_(L(b))
            self.pos.weight.copy_(L("pos"))

    def forward(self, src):  # the authors' Transformer.forward with one block
        N, T, _ = src.shape
        x = src.repeat(1, 1, D // d)
        q = self.queries(x).reshape(N, T, H, D)
        k = self.keys(x).reshape(N, T, H, D)
        v = self.values(x).reshape(N, T, H, D)
        if variant == "authors":
            mask = torch.tril(torch.ones((T, T), dtype=dtype)).expand(N, 1, T, T)
            energy = torch.einsum("nqhd,nkhd->nhqk", [q, k]).masked_fill(mask == 0, float("-1e20"))
            att_tok = energy / (D ** 0.5)
            pe = self.pos(torch.arange(T).expand(N, T))
            qp = self.queries(pe).reshape(N, T, H, D)
            kp = self.keys(pe).reshape(N, T, H, D)
            ep = torch.einsum("nqhd,nkhd->nhqk", [qp, kp]).masked_fill(mask == 0, float("-1e20"))
            att = att_tok * torch.softmax(ep / (D ** 0.5), dim=3)
        else:
            mask = torch.tril(torch.ones((T, T), dtype=dtype))
            att_tok = torch.einsum("nqhd,nkhd->nhqk", [q, k]) / (D ** 0.5)
            pe = self.pos.weight[:T]
            qp = self.queries(pe).reshape(T, H, D)
            kp = self.keys(pe).reshape(T, H, D)
            ep = torch.einsum("qhd,khd->hqk", [qp, kp]).masked_fill(mask == 0, float("-1e20"))
            att = att_tok * torch.softmax(ep / (D ** 0.5), dim=2)  # exactly 0 above the diagonal
        out = torch.einsum("nhql,nlhd->nqhd", [att, v]).sum(2)
        return self.fc_out(self.norm1(self.fc_att(out)))


model = Model().to(dtype)
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
crit = nn.MSELoss()
print("step,seconds,batch_loss,cpu_seconds")
for k in range(steps):
    b0 = (k * bs) % train.shape[0]
    xb = train[b0:b0 + bs]
    t, c = time.time(), time.process_time()
    opt.zero_grad()
    loss = crit(model(xb[:, :-1]), xb[:, 1:])
    loss.backward()
    opt.step()
    el, cpu = time.time() - t, time.process_time() - c
    print(f"{k + 1},{el:.6f},{loss.item():.17g},{cpu:.6f}", flush=True)
