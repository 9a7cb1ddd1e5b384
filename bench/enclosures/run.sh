#!/bin/sh
# Eigenvalue enclosures: icalcheck (ic_encl) against Arb (acb_mat_eig_multiple),
# LAPACK double (no bound) and mpmath (mp.eigsy / mp.eig, no bound), in one
# run, on the same matrices, at the same precision.  `make bench` runs it.
#
#   bench/enclosures/run.sh [--quick]
#
# Symmetric and general matrices: n in 8..256, precision 64..512 bits.  A
# route is skipped ("skipped") when the time predicted from the previous
# size (x 8 per doubling of n) passes its cap:
# CAP_C seconds (default 20) for the C routes, CAP_PY (default 60) for
# mpmath.  Ratios: peer time / ic_encl time (> 1: ic_encl is faster).  "classic"
# is ic_encl with its fast routes switched off (the Arb-based routes alone),
# so cls/ice is what the fast routes gain.  Heavy steps
# run under nice.  --quick: n <= 32, for a smoke test.
set -u
# one thread everywhere: Arb and mpmath use one, and OpenBLAS would
# otherwise thread the larger dgemm calls of ic_encl and LAPACK
OPENBLAS_NUM_THREADS=1
export OPENBLAS_NUM_THREADS
here=$(cd "$(dirname "$0")" && pwd)
BENCH_ENCLOSURE=${BENCH_ENCLOSURE:-$here/bench_enclosure}
CAP_C=${CAP_C:-20}
CAP_PY=${CAP_PY:-60}
PYTHON=${PYTHON:-python3}
NS="8 16 32 64 128 256"
PRECS="64 128 256 512"
[ "${1:-}" = "--quick" ] && NS="8 16 32"
if [ ! -x "$BENCH_ENCLOSURE" ]; then
    echo "run.sh: $BENCH_ENCLOSURE not built (run 'make bench')" >&2
    exit 2
fi
have_mpmath=1
"$PYTHON" -c "import mpmath" 2>/dev/null || have_mpmath=0
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
    *) out=$(nice "$BENCH_ENCLOSURE" "$kind" "$n" "$prec" "$route") ;;
    esac
    t=$(echo "$out" | awk '{ print $2 }')
    echo "$kind $route $prec $n ${t:-failed}" >>"$tmp/times"
    [ "$route" = ic_encl ] || [ "$route" = classic ] || [ "$route" = arb ] && echo "$out" | awk -v k="$kind" -v p="$prec" -v n="$n" \
        '{ print k, $1, p, n, $3 }' >>"$tmp/radii"
    return 0
}

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
if [ $have_mpmath = 1 ] && [ "${1:-}" != "--quick" ]; then
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
