#!/bin/sh
# Bench: the exact layer (src/exact, FLINT) against the MPFR sampled check it
# replaced, on the default sweeps of `verify unitary` and `verify orthogonal`,
# and the unitary loss identity alone against a SymPy peer (peer_sympy.py, the
# character route of notes/exact.md, as one polynomial and row by row like
# icalcheck) at a few (d, T).  One run, REPS >= 5
# repetitions each, min/median/max CPU seconds and the ratios.
# Usage: bench/exact/run.sh [REPS] [--quick]  (from the build directory, after
# `make bench/exact/bench_exact`; BENCH=path overrides the program; --quick
# skips the SymPy runs above (10, 14)).
set -eu
REPS=${1:-5}
QUICK=${2:-}
HERE=$(cd "$(dirname "$0")" && pwd)
B=${BENCH:-./bench/exact/bench_exact}
PY=${PY:-/usr/bin/python3}
. "$HERE/../peer_python.sh"
peer_python_setup "$PY" "sympy" "python3-sympy python3-gmpy2" || echo "no SymPy for $PY: the peer is skipped"
echo "CPU: $(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores"
echo "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset} OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE:-unset}"
echo "load before: $(uptime)"
"$B" sweep "$REPS"
for dt in "8 12" "10 14" "14 20" "16 24" "20 28"; do
    set -- $dt
    "$B" identity "$1" "$2" "$REPS" | grep identity
    if [ "$QUICK" != --quick ] || [ "$1" -le 10 ]; then
        if [ "$1" -le 14 ] && "$PY" -c "import sympy" 2>/dev/null; then
            "$PY" "$HERE/peer_sympy.py" "$1" "$2" "$REPS" whole
            "$PY" "$HERE/peer_sympy.py" "$1" "$2" "$REPS" rows
        fi
    fi
done
echo "load after: $(uptime)"
