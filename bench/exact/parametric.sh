#!/bin/sh
# The parametric proof of C1 (eta*(T), eta*_pool, the minimal losses, num/den, general s_0, rotation
# blocks = unitary, for all d, T, N): icalcheck (FLINT, proofs/augmented/parametric.c) against a SymPy
# peer doing the same derivation (bench/exact/parametric_sympy.py), in one run, REPS repetitions each
# (default 7, at least 5).  Prints min / median / max per side and the ratio of the medians (peer / ours),
# the CPU (lscpu), the OpenBLAS kernel and the load (uptime) before and after.  `make bench-parametric`.
#
#   bench/exact/parametric.sh [REPS]
set -u
OPENBLAS_NUM_THREADS=1
export OPENBLAS_NUM_THREADS
here=$(cd "$(dirname "$0")" && pwd)
BENCH_PARAMETRIC=${BENCH_PARAMETRIC:-$here/bench_parametric}
PYTHON=${PYTHON:-/usr/bin/python3}
. "$here/../peer_python.sh"
REPS=${1:-7}
[ "$REPS" -ge 5 ] 2>/dev/null || REPS=5
if [ ! -x "$BENCH_PARAMETRIC" ]; then
    echo "parametric.sh: $BENCH_PARAMETRIC not built (run 'make bench-parametric')" >&2
    exit 2
fi
peer_line=$(peer_python_setup "$PYTHON" "sympy" "python3-sympy python3-gmpy2") ||
    { echo "parametric.sh: SymPy is not installed (python3-sympy)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "cpu: $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
echo "$peer_line"
echo "load before: $(uptime | sed 's/.*load average: //')"
"$BENCH_PARAMETRIC" "$REPS" >"$tmp/c" || exit 1
"$PYTHON" "$here/parametric_sympy.py" "$REPS" >"$tmp/py" || exit 1
echo "load after: $(uptime | sed 's/.*load average: //')"
sed -n 's/^openblas_kernel /openblas kernel: /p' "$tmp/c"
sed -n 's/^sympy /sympy: /p' "$tmp/py"
# min, median, max of the "rep K SECONDS" lines
stats() {
    awk '$1 == "rep" { print $3 }' "$1" | sort -g | awk '{ v[NR] = $1 } END {
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%d %.6g %.6g %.6g\n", NR, v[1], m, v[NR] }'
}
set -- $(stats "$tmp/c")
cn=$1 cmin=$2 cmed=$3 cmax=$4
set -- $(stats "$tmp/py")
pn=$1 pmin=$2 pmed=$3 pmax=$4
printf '%-28s %5s %12s %12s %12s\n' "route" "reps" "min s" "median s" "max s"
printf '%-28s %5s %12s %12s %12s\n' "icalcheck (FLINT)" "$cn" "$cmin" "$cmed" "$cmax"
printf '%-28s %5s %12s %12s %12s\n' "SymPy peer" "$pn" "$pmin" "$pmed" "$pmax"
awk -v a="$pmed" -v b="$cmed" 'BEGIN { printf "ratio of medians (SymPy / icalcheck): %.1f\n", a / b }'
