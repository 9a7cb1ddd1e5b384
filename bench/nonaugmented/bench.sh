#!/bin/sh
# C6 bench: `icalcheck train nonaugmented` against a PyTorch port of the
# authors' non_augmented.py on the same data, initial weights and batch
# order (no shuffle).  Prints both loss curves' largest relative gap and the
# time ratio.  Usage: bench/nonaugmented/bench.sh [ICALCHECK] [PYTHON]
# Peer: python3 with torch and numpy (apt-get install python3-torch).
set -e
IC=${1:-./icalcheck}
PY=${2:-/usr/bin/python3}
HERE=$(dirname "$0")
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
ARGS="--d 5 --heads 8 --n 20 --epochs 10 --batch 128 --train-size 1024 --test-size 256 --eval-every 2 --lr 1e-2 --seed 1 --shuffle no"
t0=$(date +%s.%N)
"$IC" train nonaugmented $ARGS --save-init yes --save-data yes --out "$DIR" >/dev/null
t1=$(date +%s.%N)
# Our time includes data generation and file output; the peer's is the
# training loop only, so the ratio favours the peer.
ours=$(echo "$t1 - $t0" | bc)
t64=$("$PY" "$HERE/port.py" "$DIR" 1e-2 128 10 2 float64 1)
t32=$("$PY" "$HERE/port.py" "$DIR" 1e-2 128 10 2 float32 1)
"$PY" - "$DIR" "$ours" "$t64" "$t32" <<'PYEOF'
import sys
d, ours, t64, t32 = sys.argv[1], *map(float, sys.argv[2:])
def read(p):
    return [list(map(lambda x: float(x) if x else None, l.split(","))) for l in open(p).read().split("\n")[1:] if l]
a = read(f"{d}/loss.csv")
for dt, t in (("float64", t64), ("float32", t32)):
    b = read(f"{d}/torch_loss_{dt}.csv")
    gap = max(abs(x - y) / abs(y) for ra, rb in zip(a, b) for x, y in zip(ra[1:], rb[1:]) if x is not None)
    print(f"torch {dt} (1 thread): max relative gap of the loss curves {gap:.3g}; "
          f"time icalcheck {ours:.2f} s / torch {t:.2f} s = {ours / t:.2f}")
print("final test loss: icalcheck %.10g" % a[-1][2])
PYEOF
