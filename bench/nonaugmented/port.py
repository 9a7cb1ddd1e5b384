#!/usr/bin/env python3
"""PyTorch peer of `icalcheck train nonaugmented`: the authors' non_augmented.py
model (SelfAttention with linear token scores x softmax positional scores,
norm1, fc_out; the unused feed-forward/norm2 left out) trained with Adam on
the data and initial weights our trainer wrote (--save-init/--save-data),
sequential batches (--shuffle no).  Writes loss.csv in our format.

usage: port.py DIR LR BATCH EPOCHS EVAL_EVERY DTYPE(float64|float32) THREADS
"""
import sys
import time

import numpy as np
import torch
import torch.nn as nn

d_, lr, bs, epochs, every, dt, threads = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), \
    int(sys.argv[4]), int(sys.argv[5]), sys.argv[6], int(sys.argv[7])
torch.set_num_threads(threads)
dtype = torch.float64 if dt == "float64" else torch.float32
L = lambda n: torch.tensor(np.load(f"{d_}/init_{n}.npy"), dtype=dtype)
train = torch.tensor(np.load(f"{d_}/train.npy"), dtype=dtype)
test = torch.tensor(np.load(f"{d_}/test.npy"), dtype=dtype)
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
        mask = torch.tril(torch.ones((T, T), dtype=dtype)).expand(N, 1, T, T)
        pe = self.pos(torch.arange(T).expand(N, T))
        q = self.queries(x).reshape(N, T, H, D)
        k = self.keys(x).reshape(N, T, H, D)
        v = self.values(x).reshape(N, T, H, D)
        energy = torch.einsum("nqhd,nkhd->nhqk", [q, k]).masked_fill(mask == 0, float("-1e20"))
        att_tok = energy / (D ** 0.5)
        qp = self.queries(pe).reshape(N, T, H, D)
        kp = self.keys(pe).reshape(N, T, H, D)
        ep = torch.einsum("nqhd,nkhd->nhqk", [qp, kp]).masked_fill(mask == 0, float("-1e20"))
        att = att_tok * torch.softmax(ep / (D ** 0.5), dim=3)
        out = torch.einsum("nhql,nlhd->nqhd", [att, v]).sum(2)
        return self.fc_out(self.norm1(self.fc_att(out)))


model = Model().to(dtype)
opt = torch.optim.Adam(model.parameters(), lr=lr)
crit = nn.MSELoss()


def test_loss():
    with torch.no_grad():
        return crit(model(test[:, :-1]), test[:, 1:]).item()


rows = ["epoch,train_loss,test_loss", f"0,,{test_loss():.17g}"]
t0 = time.time()
for e in range(1, epochs + 1):
    s, nb = 0.0, 0
    for b0 in range(0, train.shape[0], bs):
        xb = train[b0:b0 + bs]
        opt.zero_grad()
        loss = crit(model(xb[:, :-1]), xb[:, 1:])
        loss.backward()
        opt.step()
        s, nb = s + loss.item(), nb + 1
    if e % every == 0 or e == epochs:
        rows.append(f"{e},{s / nb:.17g},{test_loss():.17g}")
el = time.time() - t0
open(f"{d_}/torch_loss_{dt}.csv", "w").write("\n".join(rows) + "\n")
print(f"{el:.3f}")
