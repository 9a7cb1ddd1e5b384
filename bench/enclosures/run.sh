#!/bin/sh
# Eigenvalue enclosures: icalcheck (ic_encl) against Arb (acb_mat_eig_multiple)
# and mpmath (mp.eigsy / mp.eig, no bound), in one run, on the same matrices,
# at the same precision.  `make bench` runs it.
#
#   bench/enclosures/run.sh [--quick] [--grid]
#
# First it prints the machine: the CPU (lscpu), the load (uptime), mpmath's
# version and backend, and the OpenBLAS kernel (openblas_get_corename) of
# the two kernels it times: the one OpenBLAS picks itself
# (OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset) and Haswell
# (OPENBLAS_CORETYPE=Haswell OPENBLAS_L2_SIZE=512, as some machines set).
#
# Then the targets, at n = 64 and 256 bits: BENCH_REPS (default 5, at least
# 5) paired repetitions, each one ic_encl on the picked kernel (mean over at
# least BENCH_MIN_SECONDS, default 1 s), mpmath (one call), ic_encl on
# Haswell, and Arb, one after the other, so that a change of load hits ours
# and the peer alike.  It prints min / median / max of each time
# and of each repetition's ratio (mpmath / ic_encl, ic_encl / Arb), with the
# load average over the repetitions, and whether the targets hold on both
# kernels: mpmath's eigenvalues-only call at least 50x slower than
# ic_encl_eig_sym, ic_encl within 3x of Arb.  Wall time is the figure; the
# same table in processor time (CLOCK_PROCESS_CPUTIME_ID, Python's
# process_time) shows what the load did to it: on a loaded machine a run of
# 10 ms waits for the processor relatively longer than one of a second.
# BENCH_KINDS (default "sym gen") picks the symmetric and/or general
# matrices.
#
# --grid adds the old survey: n in 8..256, precision 64..512 bits, every
# route once (mean over >= 0.2 s) on the picked kernel, with LAPACK double
# (no bound) and "classic" (ic_encl with its fast routes switched off, the
# Arb-based routes alone, so cls/ice is what the fast routes gain).  A
# route is skipped when the time predicted from the previous size (x 8 per
# doubling of n) passes its cap: CAP_C seconds (default 20) for the C
# routes, CAP_PY (default 60) for mpmath.  --quick: the targets at n = 16
# and the grid to n = 32, for a smoke test.  Heavy steps run under nice.
set -u
# one thread everywhere: Arb and mpmath use one, and OpenBLAS would
# otherwise thread the larger dgemm calls of ic_encl and LAPACK
OPENBLAS_NUM_THREADS=1
export OPENBLAS_NUM_THREADS
here=$(cd "$(dirname "$0")" && pwd)
BENCH_ENCLOSURE=${BENCH_ENCLOSURE:-$here/bench_enclosure}
CAP_C=${CAP_C:-20}
CAP_PY=${CAP_PY:-60}
PYTHON=${PYTHON:-/usr/bin/python3}
. "$here/../peer_python.sh"
NS="8 16 32 64 128 256"
PRECS="64 128 256 512"
TN=64 TP=256
quick=0 grid=0
for a in "$@"; do
    case $a in
    --quick) quick=1 ;;
    --grid) grid=1 ;;
    *) echo "run.sh: unknown argument '$a' (--quick, --grid)" >&2; exit 2 ;;
    esac
done
[ $quick = 1 ] && NS="8 16 32" TN=16
REPS=${BENCH_REPS:-5}
KINDS=${BENCH_KINDS:-sym gen}
if [ "$REPS" -lt 5 ] 2>/dev/null && [ $quick = 0 ]; then
    echo "run.sh: BENCH_REPS must be at least 5" >&2
    exit 2
fi
if [ ! -x "$BENCH_ENCLOSURE" ]; then
    echo "run.sh: $BENCH_ENCLOSURE not built (run 'make bench')" >&2
    exit 2
fi
have_mpmath=1
peer_line=$(peer_python_setup "$PYTHON" "mpmath" "python3-mpmath python3-gmpy2") || have_mpmath=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# predicted KIND ROUTE PREC N: 8 x the time at N/2 (0 when none recorded,
# infinite when N/2 was skipped or failed)
predicted() {
    awk -v k="$1" -v r="$2" -v p="$3" -v n="$(($4 / 2))" \
        '$1 == k && $2 == r && $3 == p && $4 == n { t = $5 }
         END { print (t == "" ? 0 : t == "skipped" || t == "failed" ? 1e300 : 8 * t) }' \
        "$tmp/times"
}

# time_route KIND ROUTE PREC N: records "KIND ROUTE PREC N SECONDS" or skipped
time_route() {
    kind=$1 route=$2 prec=$3 n=$4
    cap=$CAP_C
    [ "$route" = mpmath ] || [ "$route" = mpmath-vec ] && cap=$CAP_PY
    pred=$(predicted "$kind" "$route" "$prec" "$n")
    if awk -v a="$pred" -v c="$cap" 'BEGIN { exit !(a > c) }'; then
        echo "$kind $route $prec $n skipped" >>"$tmp/times"
        return
    fi
    case $route in
    mpmath) out=$(nice "$PYTHON" "$here/peer_mpmath.py" "$kind" "$n" "$prec") ;;
    mpmath-vec) out=$(nice "$PYTHON" "$here/peer_mpmath.py" "$kind-vec" "$n" "$prec") ;;
    *) out=$(picked env BENCH_MIN_SECONDS=0.2 nice "$BENCH_ENCLOSURE" "$kind" "$n" "$prec" "$route") ;;
    esac
    t=$(echo "$out" | awk '{ print $2 }')
    echo "$kind $route $prec $n ${t:-failed}" >>"$tmp/times"
    [ "$route" = ic_encl ] || [ "$route" = classic ] || [ "$route" = arb ] && echo "$out" | awk -v k="$kind" -v p="$prec" -v n="$n" \
        '{ print k, $1, p, n, $3 }' >>"$tmp/radii"
    return 0
}

# ---- the machine ----
picked() { env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$@"; }
haswell() { env OPENBLAS_CORETYPE=Haswell OPENBLAS_L2_SIZE=512 "$@"; }
# In the paired repetitions each ic_encl time is the mean over at least a
# second, about as long as mpmath's one call, so that both average over a
# like stretch of the machine's load (the survey keeps 0.2 s).
PAIR_SECONDS=${BENCH_MIN_SECONDS:-1}
core_p=$(picked "$BENCH_ENCLOSURE" info | awk '/corename/ { print $2 }')
core_h=$(haswell "$BENCH_ENCLOSURE" info | awk '/corename/ { print $2 }')
cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)
ncpu=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')
echo "CPU: ${cpu:-unknown} ($ncpu CPUs online); $(uname -m), $(uname -r)"
echo "OpenBLAS: $(picked "$BENCH_ENCLOSURE" info | sed -n 's/^openblas_config //p')"
echo "kernels: picked = $core_p (OPENBLAS_CORETYPE, OPENBLAS_L2_SIZE unset);" \
    "Haswell = $core_h (OPENBLAS_CORETYPE=Haswell OPENBLAS_L2_SIZE=512); one thread"
if [ $have_mpmath = 1 ]; then
    echo "$peer_line"
fi
echo "load at start: $(uptime)"

# ---- the targets: paired repetitions at n = TN, TP bits ----
# pairs: KIND REP WALL_picked WALL_mpmath WALL_haswell WALL_arb LOAD CPU_picked CPU_mpmath CPU_haswell CPU_arb
: >"$tmp/pairs"
for kind in $KINDS; do
    echo "timing $kind n = $TN, $TP bits: $REPS paired repetitions ..." >&2
    r=1
    while [ $r -le "$REPS" ]; do
        load=$(awk '{ print $1 }' /proc/loadavg 2>/dev/null || echo '?')
        # "WALL CPU" of one run, or nothing when it failed
        p=$(picked env BENCH_MIN_SECONDS="$PAIR_SECONDS" nice "$BENCH_ENCLOSURE" "$kind" "$TN" "$TP" ic_encl |
            awk '$1 == "ic_encl" && NF == 4 { print $2, $4 }')
        m="- -"
        [ $have_mpmath = 1 ] && m=$(nice "$PYTHON" "$here/peer_mpmath.py" "$kind" "$TN" "$TP" |
            awk '$1 == "mpmath" && NF == 3 { print $2, $3 }')
        h=$(haswell env BENCH_MIN_SECONDS="$PAIR_SECONDS" nice "$BENCH_ENCLOSURE" "$kind" "$TN" "$TP" ic_encl |
            awk '$1 == "ic_encl" && NF == 4 { print $2, $4 }')
        a=$(picked nice "$BENCH_ENCLOSURE" "$kind" "$TN" "$TP" arb | awk '$1 == "arb" && NF == 4 { print $2, $4 }')
        if [ -z "$p" ] || [ -z "$m" ] || [ -z "$h" ] || [ -z "$a" ]; then
            echo "run.sh: $kind repetition $r: a run failed, repetition left out" >&2
        else
            # KIND REP WALL_p WALL_m WALL_h WALL_a LOAD CPU_p CPU_m CPU_h CPU_a
            echo "$kind $r $p $m $h $a $load" |
                awk '{ print $1, $2, $3, $5, $7, $9, $11, $4, $6, $8, $10 }' >>"$tmp/pairs"
        fi
        r=$((r + 1))
    done
done
awk -v cp="$core_p" -v ch="$core_h" -v tn="$TN" -v tp="$TP" '
function sort(a, n,   i, j, t) { for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t } }
function mmm(a, n) { sort(a, n); return sprintf("%10.4g %10.4g %10.4g", a[1], n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2, a[n]) }
function lo(a, n) { sort(a, n); return a[1] }
function hi(a, n) { sort(a, n); return a[n] }
function lmin(k, m,   i, v) { v = L[k, 1]; for (i = 2; i <= m; i++) if (L[k, i] < v) v = L[k, i]; return v }
function lmax(k, m,   i, v) { v = L[k, 1]; for (i = 2; i <= m; i++) if (L[k, i] > v) v = L[k, i]; return v }
# one block: seconds of each route and the paired ratios, from the columns
# c (wall: 3 4 5 6, processor: 8 9 10 11); returns 1 when the targets hold
function block(k, m, what, c1, c2, c3, c4,   i, ok, peer) {
    peer = k == "sym" ? "mp.eigsy (eigenvalues only)" : "mp.eig (eigenvalues only)"
    printf("%-34s %10s %10s %10s\n", what, "min", "median", "max")
    for (i = 1; i <= m; i++) x[i] = V[k, i, c1]; printf("%-34s %s\n", "ic_encl, " cp, mmm(x, m))
    for (i = 1; i <= m; i++) x[i] = V[k, i, c3]; printf("%-34s %s\n", "ic_encl, " ch, mmm(x, m))
    for (i = 1; i <= m; i++) x[i] = V[k, i, c4]; printf("%-34s %s\n", "arb", mmm(x, m))
    if (V[k, 1, c2] != "-") { for (i = 1; i <= m; i++) x[i] = V[k, i, c2]; printf("%-34s %s\n", peer, mmm(x, m)) }
    ok = 1
    if (V[k, 1, c2] != "-") {
        for (i = 1; i <= m; i++) x[i] = V[k, i, c2] / V[k, i, c1]; printf("%-34s %s\n", "  ratio mpmath / ic_encl, " cp, mmm(x, m))
        if (k == "sym" && lo(x, m) < 50) ok = 0
        for (i = 1; i <= m; i++) x[i] = V[k, i, c2] / V[k, i, c3]; printf("%-34s %s\n", "  ratio mpmath / ic_encl, " ch, mmm(x, m))
        if (k == "sym" && lo(x, m) < 50) ok = 0
    }
    for (i = 1; i <= m; i++) x[i] = V[k, i, c1] / V[k, i, c4]; printf("%-34s %s\n", "  ratio ic_encl / arb, " cp, mmm(x, m))
    if (hi(x, m) > 3) ok = 0
    for (i = 1; i <= m; i++) x[i] = V[k, i, c3] / V[k, i, c4]; printf("%-34s %s\n", "  ratio ic_encl / arb, " ch, mmm(x, m))
    if (hi(x, m) > 3) ok = 0
    return ok
}
{ k = $1; n[k]++; i = n[k]; for (c = 3; c <= NF; c++) V[k, i, c] = $c; L[k, i] = $7; if (!(k in seen)) { seen[k] = 1; kinds[++nk] = k } }
END {
    for (q = 1; q <= nk; q++) {
        k = kinds[q]; m = n[k]
        printf("\n%s matrices, n = %d, %d bits: %d paired repetitions (load average %s .. %s)\n", k, tn, tp, m,
               lmin(k, m), lmax(k, m))
        okw = block(k, m, "wall seconds", 3, 4, 5, 6)
        okc = block(k, m, "processor seconds", 8, 9, 10, 11)
        t = k == "sym" ? "mpmath / ic_encl >= 50 and ic_encl / arb <= 3" : "ic_encl / arb <= 3"
        printf("targets (%s in every repetition, both kernels): wall time %s; processor time %s\n", t,
               okw ? "hold" : "DO NOT HOLD", okc ? "hold" : "DO NOT HOLD")
    }
}' "$tmp/pairs"
echo "load at end: $(uptime)"
[ $grid = 1 ] || exit 0

# ---- the survey (--grid) ----
: >"$tmp/times"
: >"$tmp/radii"
routes="ic_encl classic arb lapack"
[ $have_mpmath = 1 ] && routes="$routes mpmath"
[ $have_mpmath = 1 ] || echo "mpmath not installed (apt-get install python3-mpmath): its column is skipped"
start=$(date +%s)
for prec in $PRECS; do
    for n in $NS; do
        for r in $routes; do time_route sym "$r" "$prec" "$n"; done
    done
done
for prec in $PRECS; do
    for n in $NS; do
        for r in $routes; do time_route gen "$r" "$prec" "$n"; done
    done
done
# mpmath with eigenvectors (its default), at the target point only
if [ $have_mpmath = 1 ] && [ $quick = 0 ]; then
    time_route sym mpmath-vec 256 64
    time_route gen mpmath-vec 256 64
fi
elapsed=$(($(date +%s) - start))

awk -v elapsed="$elapsed" '
FNR == NR { t[$1, $2, $3, $4] = $5; if (!seen[$1, $3, $4]++) { key[++nk] = $1 SUBSEP $3 SUBSEP $4 } next }
{ rad[$1, $2, $3, $4] = $5 }
function f(x) { return x == "" ? "-" : x == "skipped" || x == "failed" ? x : sprintf("%.3g", x) }
function ratio(a, b) { return (a + 0 > 0 && b + 0 > 0 && a != "skipped" && b != "skipped") ? sprintf("%.2f", a / b) : "-" }
END {
    for (kk = 1; kk <= 2; kk++) {
        kind = kk == 1 ? "sym" : "gen"
        printf("\n%s matrices (%s): seconds per enclosure; ratios are peer / ic_encl\n", kind,
               kind == "sym" ? "ic_encl_eig_sym vs mp.eigsy" : "ic_encl_eig_gen vs mp.eig")
        printf("%5s %5s %10s %10s %10s %10s %10s %9s %9s %9s %11s %9s %9s\n", "n", "bits", "ic_encl", "classic", "arb",
               "lapack", "mpmath", "cls/ice", "arb/ice", "mpm/ice", "ic_encl/lapack", "rad_ice", "rad_arb")
        for (i = 1; i <= nk; i++) {
            split(key[i], q, SUBSEP)
            if (q[1] != kind) continue
            k = q[1]; p = q[2]; n = q[3]
            ti = t[k, "ic_encl", p, n]; tc = t[k, "classic", p, n]; ta = t[k, "arb", p, n]; tl = t[k, "lapack", p, n]
            tm = t[k, "mpmath", p, n]
            printf("%5d %5d %10s %10s %10s %10s %10s %9s %9s %9s %11s %9s %9s\n", n, p, f(ti), f(tc), f(ta), f(tl),
                   f(tm), ratio(tc, ti), ratio(ta, ti), ratio(tm, ti), ratio(ti, tl), f(rad[k, "ic_encl", p, n]),
                   f(rad[k, "arb", p, n]))
        }
    }
    ns = "8 16 32 64 128 256"; split(ns, N, " ")
    split("64 128 256 512", B, " ")
    for (kk = 1; kk <= 2; kk++) {
        kind = kk == 1 ? "sym" : "gen"
        printf("\ngrowth of ic_encl time (%s): t(2n)/t(n) at 256 bits, t(2 bits)/t(bits) at n = 64\n", kind)
        for (j = 2; j <= 6; j++) {
            a = t[kind, "ic_encl", 256, N[j - 1]]; b = t[kind, "ic_encl", 256, N[j]]
            if (a + 0 > 0 && b + 0 > 0) printf("  n %3d -> %3d: x%.2f (n^%.2f)\n", N[j - 1], N[j], b / a, log(b / a) / log(2))
        }
        for (j = 2; j <= 4; j++) {
            a = t[kind, "ic_encl", B[j - 1], 64]; b = t[kind, "ic_encl", B[j], 64]
            if (a + 0 > 0 && b + 0 > 0) printf("  bits %3d -> %3d: x%.2f\n", B[j - 1], B[j], b / a)
        }
    }
    printf("\ntargets at n = 64, 256 bits:\n")
    for (kk = 1; kk <= 2; kk++) {
        kind = kk == 1 ? "sym" : "gen"
        ti = t[kind, "ic_encl", 256, 64]
        printf("  %s: mpmath (eigenvalues only) / ic_encl = %s (target >= 50); mpmath (with vectors) / ic_encl = %s;"\
               " ic_encl / arb = %s (target <= 3)\n", kind, ratio(t[kind, "mpmath", 256, 64], ti),
               ratio(t[kind, "mpmath-vec", 256, 64], ti), ratio(ti, t[kind, "arb", 256, 64]))
    }
    printf("\nwall time of the run: %d s\n", elapsed)
}' "$tmp/times" "$tmp/radii"
