#!/bin/sh
# Certificates do not depend on OpenBLAS's CPU kernel: the shipped cases
# that take under a second give byte-identical certificates with the
# kernel OpenBLAS picks and with OPENBLAS_CORETYPE=Nehalem (SSE only, runs
# on every x86-64), and Haswell where the CPU has AVX2.  Enclosures form
# their products exactly (ic_dyadic), balls around 0 are floored at 2^-prec times
# the spectral radius, C5 keeps only whether double solves fail, and GSL
# keeps its own CBLAS (doc/robustness.md).
. "$(dirname "$0")/../lib.sh"
case $(uname -m) in
x86_64) ;;
*) echo "1..0 # SKIP OPENBLAS_CORETYPE names are x86-64 kernels"; exit 0 ;;
esac
slow="augmented_theory orthogonal_theory pe_theory pe_authors_mu50 pe_authors_mu100 pe_authors_mu200"
for c in "$CASES"/*.case; do
    name=$(basename "$c" .case)
    case " $slow " in *" $name "*) continue ;; esac
    echo "$c"
done >"$TMP/list"
run() { # run DIR [CORETYPE]
    dir=$1
    shift
    while read -r c; do
        env ${1:+OPENBLAS_CORETYPE=$1} "$IC" run "$c" --out "$TMP/$dir" >/dev/null 2>&1
    done <"$TMP/list"
}
run ref
kinds=Nehalem
grep -q avx2 /proc/cpuinfo 2>/dev/null && kinds="$kinds Haswell"
n=$(wc -l <"$TMP/list")
for k in $kinds; do
    run "$k" "$k"
    same=0
    for f in "$TMP/ref"/*.json; do
        cmp -s "$f" "$TMP/$k/$(basename "$f")" && same=$((same + 1)) || echo "# differs with $k: $(basename "$f")"
    done
    [ "$same" -eq "$n" ]; ok $? "OPENBLAS_CORETYPE=$k: $same of $n certificates byte-identical to the default kernel's"
done
done_testing
