#!/bin/sh
# C6 bench: optimizer steps of `icalcheck train nonaugmented` (its code path,
# bench_fast.c; 1 and 2 threads, float64 and float32) against PyTorch ports of
# the authors' non_augmented.py (port.py: the authors' formulation, and a
# fairer one that computes the positional branch once per batch; float64 and
# float32, 2 threads), at the paper's Figure 7 setting (d 5, H 64, n 50,
# batch 1024), on the same data and initial weights, in one run.  Each
# implementation runs REPS + 1 optimizer steps on consecutive batches from
# the same start; the first step is a warm-up, the other REPS are the timing
# samples (min/median/max); the batch losses of all REPS + 1 steps give the
# largest gap between the loss curves.  Ours runs with the OpenBLAS kernel
# picked for this CPU and again with OPENBLAS_CORETYPE=Haswell
# OPENBLAS_L2_SIZE=512; `uptime` is recorded beside every timing.
#
#   bench/nonaugmented/bench.sh [ICALCHECK] [--quick] [--reps N] [--no-torch]
#
# --quick: H 8, n 20, batch 128 (a smoke test); BENCH_OUT=DIR keeps the raw
# files; PYTHON (default /usr/bin/python3, with torch and numpy: apt-get
# install python3-torch).  Prints a Markdown table (bench/nonaugmented/summarize.py).
set -u
IC=./icalcheck
case "${1:-}" in -*|"") ;; *) IC=$1; shift ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
BENCH_FAST=${BENCH_FAST:-$(dirname "$IC")/bench/nonaugmented/bench_fast}
PY=${PYTHON:-/usr/bin/python3}
REPS=5 H=64 N=50 B=1024 TORCH=yes
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) H=8 N=20 B=128 ;;
        --reps) REPS=$2; shift ;;
        --no-torch) TORCH=no ;;
        *) echo "bench.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
if [ ! -x "$BENCH_FAST" ]; then
    echo "bench.sh: $BENCH_FAST not built (run 'make bench-nonaugmented')" >&2
    exit 2
fi
OUT=${BENCH_OUT:-$(mktemp -d)}
mkdir -p "$OUT"
STEPS=$((REPS + 1))
{
    echo "cpu,$(lscpu | sed -n 's/^Model name: *//p' | head -1)"
    echo "cores,$(nproc)"
    echo "setting,d 5 H $H n $N batch $B steps $STEPS"
} >"$OUT/machine.csv"
"$IC" train nonaugmented --d 5 --heads $H --n $N --epochs 0 --batch $B --train-size $((B * STEPS)) \
    --test-size 16 --shuffle no --save-init yes --save-data yes --out "$OUT/data" >/dev/null || exit 3
up() { uptime | sed 's/.*load average: */load /' ; }
for env in default haswell; do
    if [ $env = haswell ]; then
        set -- env OPENBLAS_CORETYPE=Haswell OPENBLAS_L2_SIZE=512
    else
        set -- env
    fi
    "$@" "$BENCH_FAST" peak >"$OUT/peak_$env.csv"
    echo "uptime,$(up)" >>"$OUT/peak_$env.csv"
    for th in 1 2; do
        for dt in float64 float32; do
            f="$OUT/ours_${env}_${th}_$dt.csv"
            echo "uptime_before,$(up)" >"$f"
            "$@" "$BENCH_FAST" steps "$OUT/data" $STEPS $B $th $dt >>"$f"
            echo "uptime_after,$(up)" >>"$f"
            echo "ours $env threads $th $dt done" >&2
        done
    done
done
if [ $TORCH = yes ]; then
    for v in authors fair; do
        for dt in float64 float32; do
            f="$OUT/torch_${v}_2_$dt.csv"
            echo "uptime_before,$(up)" >"$f"
            "$PY" "$HERE/port.py" "$OUT/data" $v $dt 2 $STEPS $B >>"$f"
            echo "uptime_after,$(up)" >>"$f"
            echo "torch $v $dt done" >&2
        done
    done
fi
"$PY" "$HERE/summarize.py" "$OUT" $B
[ -n "${BENCH_OUT:-}" ] || rm -rf "$OUT"
