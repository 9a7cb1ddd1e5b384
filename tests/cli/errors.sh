#!/bin/sh
# Bad input: exit 2, exactly one line on stderr naming the problem, nothing written.
. "$(dirname "$0")/../lib.sh"
BAD="$top_srcdir/tests/data/npy/bad"

expect_err() { # expect_err WORD ARGS... : exit 2, one stderr line containing WORD, no --out file
    word=$1; shift
    rm -f "$TMP/out.json"
    "$IC" "$@" >"$TMP/stdout" 2>"$TMP/stderr"
    rc=$?
    lines=$(wc -l <"$TMP/stderr")
    if [ $rc -eq 2 ] && [ "$lines" -eq 1 ] && grep -q -- "$word" "$TMP/stderr" && [ ! -e "$TMP/out.json" ] \
       && ! ls "$TMP" | grep -q tmp; then
        return 0
    fi
    echo "# rc=$rc lines=$lines stderr: $(cat "$TMP/stderr")"
    return 1
}
cmp_args() { echo compare unitary --A "$1" --B "$W/B_unitary.npy" --P "$W/P_unitary.npy" --out "$TMP/out.json"; }

expect_err "missing COMMAND"; ok $? "no command"
expect_err "unknown command" frobnicate; ok $? "unknown command"
expect_err "unknown claim" compare nope; ok $? "unknown claim"
expect_err "unknown option --frob" compare unitary --frob 1; ok $? "unknown option"
expect_err "needs a value" compare unitary --A; ok $? "option without value"
expect_err "missing required --B" compare unitary --A "$W/A_unitary.npy" --P "$W/P_unitary.npy"; ok $? "missing required input"
expect_err "not a finite number" compare unitary --A x --B y --P z --tol nan; ok $? "NaN tolerance"
expect_err "outside 64..65536" verify unitary --prec 8; ok $? "precision out of range"
expect_err "outside 1..64" verify unitary --d 0; ok $? "d out of range"
for f in truncated trailing lying_header empty_file not_npy int32 complex object nan inf huge_shape negative_shape missing_key; do
    expect_err "$f.npy" $(cmp_args "$BAD/$f.npy"); ok $? "bad .npy '$f' names the file"
done
expect_err "cannot open" $(cmp_args "$TMP/nope.npy"); ok $? "missing file"
expect_err "not a regular file" $(cmp_args "$TMP"); ok $? "directory as input"
expect_err "shape" compare unitary --A "$W/A_unitary.npy" --B "$W/P_unitary.npy" --P "$W/P_unitary.npy" --out "$TMP/out.json"; ok $? "wrong shape"
expect_err "no such file" run "$TMP/none.case"; ok $? "run: missing case"
printf 'claim = unitary\nmode = compare\nA = a.npy\n' >"$TMP/bad.case"
printf 'claim = unitary\nmode = verify\nexpect = pass\nd = 2\nH = 2\nT = 2\n' >"$TMP/good.case"
expect_err "missing required" run "$TMP/good.case" "$TMP/bad.case" --out "$TMP/certs"; ok $? "run: a bad case stops the job"
test ! -e "$TMP/certs"; ok $? "run: nothing written when a case file is bad"
expect_err "not a certificate" cert verify "$W/LICENSE"; ok $? "cert verify: not JSON"
echo '{"format": "x"}' >"$TMP/c.json"
expect_err "not an icalcheck certificate" cert verify "$TMP/c.json"; ok $? "cert verify: foreign JSON"
"$IC" --help >/dev/null; ok $? "--help exits 0"
"$IC" --version | grep -q "icalcheck 0.1.0"; ok $? "--version"
"$IC" compare unitary --help | grep -q -- "--tol-C"; ok $? "compare unitary --help lists options"
done_testing
