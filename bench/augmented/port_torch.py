"""PyTorch port of the authors' augmented.py (github:michaelsdr/ical, MIT
licence, Copyright (c) 2024 Michael E. Sander): the same modules (queries,
keys, values and fc_out with biases, scores masked to 0 above the diagonal
and divided by sqrt(3d), LayerNorm, residual, outer fc_out), the same loss
(nn.MSELoss of outputs[:, :, :d] against s_{t+1}), Adam.  Changes: jax and
scipy data generation replaced by data.npy, initial values loaded from the
*_init.npy files written by `icalcheck train augmented --preset authors`,
no shuffling (both trainers then see the same batches), no test loop.

Usage: port_torch.py DIR EPOCHS BATCH LR DTYPE THREADS
Writes DIR/torch_loss_DTYPE.csv (epoch, mean batch loss) and prints the
seconds spent in the training loop (imports and loading excluded)."""
import sys
import time

import numpy as np
import torch
import torch.nn as nn


class SelfAttention(nn.Module):
    def __init__(self, embed_size):
        super().__init__()
        self.embed_size = embed_size
        self.values = nn.Linear(embed_size, embed_size)
        self.keys = nn.Linear(embed_size, embed_size)
        self.queries = nn.Linear(embed_size, embed_size)
        self.fc_out = nn.Linear(embed_size, embed_size)

    def forward(self, values, keys, query, mask):
        values, keys, queries = self.values(values), self.keys(keys), self.queries(query)
        energy = torch.einsum("nqd,nkd->nqk", [queries, keys])
        energy = energy.masked_fill(mask == 0, float("0."))
        attention = energy / (self.embed_size ** (1 / 2))
        out = torch.einsum("nql,nld->nqd", [attention, values])
        return self.fc_out(out)


class Transformer(nn.Module):
    """Transformer(dim_in=3d, embed_size=3d, num_layers=1, heads=1) of
    augmented.py, with Decoder and TransformerBlock inlined."""

    def __init__(self, embed_size):
        super().__init__()
        self.attention = SelfAttention(embed_size)
        self.norm1 = nn.LayerNorm(embed_size)
        self.fc_out = nn.Linear(embed_size, embed_size)

    def forward(self, src):
        n = src.shape[1]
        mask = torch.tril(torch.ones((n, n), dtype=src.dtype))
        out = src + self.norm1(self.attention(src, src, src, mask))
        return self.fc_out(out)


def load_init(model, dr, dtype):
    """Copies icalcheck's initial values into the module (nn.Linear: y = W x + b)."""
    names = {
        "attention.queries.weight": "WQ", "attention.queries.bias": "bQ",
        "attention.keys.weight": "WK", "attention.keys.bias": "bK",
        "attention.values.weight": "WV", "attention.values.bias": "bV",
        "attention.fc_out.weight": "WO", "attention.fc_out.bias": "bO",
        "norm1.weight": "ln_g", "norm1.bias": "ln_b",
        "fc_out.weight": "WF", "fc_out.bias": "bF",
    }
    state = {k: torch.tensor(np.load(f"{dr}/{v}_init.npy"), dtype=dtype) for k, v in names.items()}
    model.load_state_dict(state)


def augment(S):
    """(b, n+1, d) -> tokens (b, n+1, 3d) = [0, s_t, s_{t-1}] as in augmented.py."""
    shifted = np.pad(S[:, :-1, :], ((0, 0), (1, 0), (0, 0)))
    return np.concatenate([np.zeros_like(S), S, shifted], axis=-1)


def main():
    dr, epochs, batch, lr, dt, threads = sys.argv[1:7]
    epochs, batch, lr, threads = int(epochs), int(batch), float(lr), int(threads)
    dtype = {"float64": torch.float64, "float32": torch.float32}[dt]
    torch.set_num_threads(threads)
    S = np.load(f"{dr}/data.npy")
    d = S.shape[2]
    X = torch.tensor(augment(S), dtype=dtype)
    inputs, targets = X[:, :-1, :], X[:, 1:, :]
    model = Transformer(3 * d).to(dtype)
    load_init(model, dr, dtype)
    criterion = nn.MSELoss()
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    rows = ["epoch,loss"]
    t0 = time.perf_counter()
    for e in range(epochs):
        tot, nb = 0.0, 0
        for b0 in range(0, X.shape[0], batch):
            x, y = inputs[b0:b0 + batch], targets[b0:b0 + batch]
            opt.zero_grad()
            out = model(x)
            loss = criterion(out[:, :, :d], y[:, :, d:2 * d])
            loss.backward()
            opt.step()
            tot += loss.item()
            nb += 1
        rows.append(f"{e + 1},{tot / nb!r}")
    elapsed = time.perf_counter() - t0
    with open(f"{dr}/torch_loss_{dt}.csv", "w") as f:
        f.write("\n".join(rows) + "\n")
    print(f"{elapsed:.6f}")


if __name__ == "__main__":
    main()
