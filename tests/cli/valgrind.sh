#!/bin/sh
# The main job's code paths under valgrind: a compare of the authors'
# unitary tensors, a verify sweep of the unitary claim, a run of the
# unitary cases with --jobs 2 (forked workers) and a cert verify.  Any
# invalid access or definite/indirect leak fails (exit 9).  Skipped when
# valgrind is absent or the build uses the sanitizers (ASan and valgrind
# do not mix).
. "$(dirname "$0")/../lib.sh"
if ! command -v valgrind >/dev/null; then
    echo "1..0 # SKIP valgrind not installed"
    exit 0
fi
if grep -q '^SAN_CFLAGS = -fsanitize' "$top_builddir/Makefile" 2>/dev/null; then
    echo "1..0 # SKIP sanitizer build (valgrind cannot run ASan binaries)"
    exit 0
fi
# The libtool wrapper is a script: run the real binary with the library path set.
VG="$top_builddir/libtool --mode=execute valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite,indirect"

vg() { # vg DESCRIPTION EXPECTED-EXIT ARGS...
    what=$1 want=$2
    shift 2
    $VG "$IC" "$@" >"$TMP/out" 2>"$TMP/err"
    rc=$?
    # Forked workers' errors do not reach the exit status: read them too.
    # ("possibly lost": OpenBLAS thread stacks inherited across fork.)
    [ $rc -eq "$want" ] && ! grep -q 'Invalid\|uninitialised\|definitely lost\|indirectly lost' "$TMP/err"
    r=$?
    [ $r -eq 0 ] || { echo "# exit $rc (wanted $want)"; sed 's/^/# /' "$TMP/err" | head -n 40; }
    ok $r "valgrind clean: $what"
}
vg "compare unitary (authors' tensors)" 0 compare unitary --A "$W/A_unitary.npy" \
    --B "$W/B_unitary.npy" --P "$W/P_unitary.npy" --out "$TMP/compare.json"
vg "verify unitary (small sweep)" 0 verify unitary --d 2,3 --H 1,2,3 --T 2,5 --out "$TMP/verify.json"
vg "compare unitary, perturbed tensors (check fails)" 1 compare unitary --A "$W/A_unitary.npy" \
    --B "$W/B_unitary.npy" --P "$W/P_unitary_perturbed.npy"
vg "run unitary cases --jobs 2" 0 run "$CASES/unitary_authors.case" "$CASES/unitary_perturbed.case" \
    --jobs 2 --out "$TMP/certs"
vg "cert verify" 0 cert verify "$TMP/compare.json" "$TMP/verify.json"
vg "bad input (non-finite .npy)" 2 compare unitary --A "$top_srcdir/tests/data/bad/npy_nan.npy" \
    --B "$W/B_unitary.npy" --P "$W/P_unitary.npy"
vg "bad certificate" 2 cert verify "$top_srcdir/tests/data/bad/cert_bad_param.json"
done_testing
