#!/bin/sh
# The main job's code paths under valgrind: a compare of the authors'
# unitary tensors, a verify sweep of the unitary claim, a run of the
# unitary cases with --jobs 2 (forked workers), a cert verify, reproduce
# (Figure 4, its merge, its task files) and a trainer writing checkpoints.  Any
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
# reproduce: the experiments run in forked children (valgrind follows them),
# the manifests, the report with its figures, the merge and the task files.
vg "reproduce fig4 (forked experiments, manifests, report)" 0 reproduce fig4 --cases "$CASES" --out "$TMP/rep"
vg "reproduce fig4 --merge (manifests verified, report)" 0 reproduce fig4 --cases "$CASES" --out "$TMP/rep" --merge
vg "reproduce --emit-tasks" 0 reproduce --quick --cases "$CASES" --out "$TMP/rept" --emit-tasks
vg "sweep --emit-tasks" 0 sweep unitary --d 1,2 --H 1 --T 2 --out "$TMP/swt" --emit-tasks
vg "train pe with checkpoints" 0 train pe --mu 50 --T 8 --checkpoint-every 5 --out "$TMP/pe"
done_testing
