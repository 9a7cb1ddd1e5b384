#!/bin/sh
# C1 bench: the authors' Figure 5 configuration (augmented.py: d = 5,
# n = 50, 2^14 Haar sequences, batch 1024, Adam lr 1e-2, one layer with
# biases, 1/sqrt(3d) scale, LayerNorm, residual, output maps) trained by
# `icalcheck train augmented --preset authors` and by a PyTorch port of
# augmented.py (port_torch.py) from the same data and initial values
# (data.npy, *_init.npy written by icalcheck) with the same batch order
# (no shuffling).  Prints the largest relative gap between the two
# per-epoch loss curves (float64 port: must be <= 1e-9; float32 port:
# reported only) and the time ratios.  icalcheck runs on one thread, the
# port on two (torch.set_num_threads(2)).
# Usage: bench/augmented/run.sh [EPOCHS] [ICALCHECK] [PYTHON]
#   EPOCHS defaults to 5 (the paper uses 200; the port needs about 6 s an
#   epoch on two cores, icalcheck about 1 s on one).
set -eu
EPOCHS=${1:-5}
IC=${2:-./icalcheck}
PY=${3:-/usr/bin/python3}
HERE=$(cd "$(dirname "$0")" && pwd)
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
now() { date +%s.%N; }
t0=$(now)
nice "$IC" train augmented --preset authors --data haar --d 5 --n 50 --train 16384 --batch 1024 \
    --epochs "$EPOCHS" --lr 1e-2 --shuffle 0 --seed 1 --save-data yes --out "$DIR" >/dev/null
t1=$(now)
# Our time includes generating the data and writing data.npy (33 MB) and
# the weights; the port's is its training loop only.
ours=$(echo "$t1 - $t0" | bc -l)
t64=$(nice "$PY" "$HERE/port_torch.py" "$DIR" "$EPOCHS" 1024 1e-2 float64 2)
t32=$(nice "$PY" "$HERE/port_torch.py" "$DIR" "$EPOCHS" 1024 1e-2 float32 2)
"$PY" - "$DIR" "$ours" "$t64" "$t32" "$EPOCHS" <<'PYEOF'
import sys
d, ours, t64, t32, ep = sys.argv[1], *map(float, sys.argv[2:5]), int(sys.argv[5])
def curve(p):
    return [float(l.split(",")[1]) for l in open(p).read().split("\n")[1:] if l]
a = curve(f"{d}/loss.csv")
print(f"Figure 5 configuration, {ep} epochs of 16 batches; icalcheck 1 thread, torch 2 threads")
print("icalcheck loss per epoch: " + " ".join(f"{x:.10g}" for x in a))
ok = True
for dt, t in (("float64", t64), ("float32", t32)):
    b = curve(f"{d}/torch_loss_{dt}.csv")
    gap = max(abs(x - y) / abs(y) for x, y in zip(a, b))
    line = f"torch {dt}: max relative gap of the loss curves {gap:.3g}"
    if dt == "float64":
        ok = ok and len(a) == len(b) and gap <= 1e-9
        line += " (tolerance 1e-9)"
    print(line + f"; time icalcheck {ours:.2f} s, torch {t:.2f} s: icalcheck is {t / ours:.2f}x faster")
sys.exit(0 if ok else 1)
PYEOF
