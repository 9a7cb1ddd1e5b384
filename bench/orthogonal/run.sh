#!/bin/sh
# Bench: the authors' orthogonal configuration (d = 10, H = 8, T = 20,
# lr 1e-3, init 0.1 N(0,1)) trained with `icalcheck train orthogonal` and,
# from the same initial values (A0/B0/P0.npy), with a numpy port and a
# PyTorch port (float64, CPU, one thread), the same number of steps.
# Checks that the final losses agree and prints the time ratios.
# Usage: bench/orthogonal/run.sh [STEPS]   (default 100000; run from the
# build directory or set IC to the icalcheck binary; NO_TORCH=1 skips the
# torch port, which needs about 10 ms a step).
set -eu
STEPS=${1:-100000}
HERE=$(cd "$(dirname "$0")" && pwd)
IC=${IC:-./icalcheck}
PY=${PY:-/usr/bin/python3}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
now() { date +%s.%N; }

t0=$(now)
"$IC" train orthogonal --steps "$STEPS" --out "$TMP/c" >/dev/null
t1=$(now)
c_loss=$(tail -1 "$TMP/c/loss.csv" | cut -d, -f2)
c_time=$(echo "$t1 - $t0" | bc -l)
echo "icalcheck (C, float64):   loss $c_loss   time ${c_time}s"

t0=$(now)
np_loss=$("$PY" "$HERE/port_numpy.py" "$TMP/c" "$STEPS" 0.001)
t1=$(now)
np_time=$(echo "$t1 - $t0" | bc -l)
echo "numpy port (float64):     loss $np_loss   time ${np_time}s"

torch_time=""
if [ "${NO_TORCH:-0}" != 1 ] && "$PY" -c "import torch" 2>/dev/null; then
    t0=$(now)
    th_loss=$("$PY" "$HERE/port_torch.py" "$TMP/c" "$STEPS" 0.001)
    t1=$(now)
    torch_time=$(echo "$t1 - $t0" | bc -l)
    echo "torch port (float64, CPU): loss $th_loss   time ${torch_time}s"
else
    echo "torch port: skipped (NO_TORCH=1 or python3-torch not installed)"
fi

"$PY" - "$c_loss" "$np_loss" ${th_loss:-} <<'PYEOF'
import sys
v = [float(x) for x in sys.argv[1:]]
worst = max(abs(x - v[0]) / abs(v[0]) for x in v)
print(f"final losses agree to relative {worst:.2e}")
sys.exit(0 if worst < 1e-6 else 1)
PYEOF
echo "speed-up over numpy: $(echo "$np_time / $c_time" | bc -l | cut -c1-6)x"
[ -n "$torch_time" ] && echo "speed-up over torch: $(echo "$torch_time / $c_time" | bc -l | cut -c1-6)x"
exit 0
