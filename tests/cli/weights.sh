#!/bin/sh
# Weights in .npz and safetensors, arrays named as FILE:NAME: the authors'
# unitary tensors repackaged (tests/data/weights/make_fixtures.py) must give
# the same measured values as the .npy originals; bad files exit 2.
. "$(dirname "$0")/../lib.sh"
WD="$top_srcdir/tests/data/weights"
BAD="$WD/bad"

# The measured part of a certificate: everything after the inputs.
measured() { sed -n '/"precision_bits"/,$p' "$1"; }

"$IC" compare unitary --A "$W/A_unitary.npy" --B "$W/B_unitary.npy" --P "$W/P_unitary.npy" \
    --out "$TMP/npy.json" >/dev/null
ok $? "reference run on the .npy files"

for f in unitary.npz unitary_z.npz unitary.safetensors; do
    "$IC" compare unitary --A "$WD/$f:A" --B "$WD/$f:B" --P "$WD/$f:P" --out "$TMP/$f.json" >/dev/null
    ok $? "$f: compare unitary --A $f:A ... exits 0"
    grep -q '"verdict": "pass"' "$TMP/$f.json"; ok $? "$f: verdict pass"
    measured "$TMP/npy.json" >"$TMP/m0"
    measured "$TMP/$f.json" >"$TMP/m1"
    [ -s "$TMP/m1" ] && cmp -s "$TMP/m0" "$TMP/m1"; ok $? "$f: every measured value equals the .npy run's"
    grep -q "\"sha256\": \"$(sha256sum "$WD/$f" | cut -c1-64)\"" "$TMP/$f.json" \
        && grep -q "\"path\": \"$WD/$f\"," "$TMP/$f.json" && grep -q '"member": "P"' "$TMP/$f.json"
    ok $? "$f: certificate records the file's path and SHA-256 and the member"
    "$IC" cert verify "$TMP/$f.json" >/dev/null; ok $? "$f: cert verify reproduces it"
done
grep -q '"dtype": "F32"' "$TMP/unitary.safetensors.json"; ok $? "safetensors dtype recorded as F32"

"$IC" compare unitary --A "$WD/unitary.safetensors:A" --B "$WD/unitary_z.npz:B" --P "$W/P_unitary.npy" \
    --out "$TMP/mix.json" >/dev/null
ok $? "formats mix freely across parameters"
! grep -q '"member"' "$TMP/npy.json"; ok $? "no member recorded for a plain .npy"

# Paths that contain ':' still work, with and without a member.
cp "$W/A_unitary.npy" "$TMP/a:b.npy"
cp "$WD/unitary.npz" "$TMP/w:x.npz"
"$IC" compare unitary --A "$TMP/a:b.npy" --B "$TMP/w:x.npz:B" --P "$TMP/w:x.npz:P" --out "$TMP/colon.json" >/dev/null
ok $? "paths containing ':' (a:b.npy, w:x.npz:B)"
measured "$TMP/colon.json" >"$TMP/m2"
cmp -s "$TMP/m0" "$TMP/m2"; ok $? "same values through the ':' paths"

# Case files name members relative to themselves.
cp "$WD/unitary_z.npz" "$TMP/w.npz"
printf 'claim = unitary\nmode = compare\nexpect = pass\nA = w.npz:A\nB = w.npz:B\nP = w.npz:P\ntol = 1e-5\n' >"$TMP/w.case"
"$IC" run "$TMP/w.case" --out "$TMP/certs" >"$TMP/tap"
ok $? "run: a case file with FILE:NAME parameters passes"

expect_err() { # expect_err WORD ARGS... : exit 2, one stderr line containing WORD, no --out file
    word=$1; shift
    rm -f "$TMP/out.json"
    "$IC" "$@" >"$TMP/stdout" 2>"$TMP/stderr"
    rc=$?
    lines=$(wc -l <"$TMP/stderr")
    if [ $rc -eq 2 ] && [ "$lines" -eq 1 ] && grep -q -- "$word" "$TMP/stderr" && [ ! -e "$TMP/out.json" ]; then
        return 0
    fi
    echo "# rc=$rc lines=$lines stderr: $(cat "$TMP/stderr")"
    return 1
}
cmp_a() { echo compare unitary --A "$1" --B "$W/B_unitary.npy" --P "$W/P_unitary.npy" --out "$TMP/out.json"; }

expect_err "holds 3 arrays (A, B, P)" $(cmp_a "$WD/unitary.npz"); ok $? "no member in a 3-array .npz"
expect_err "no array 'Z'" $(cmp_a "$WD/unitary.npz:Z"); ok $? "unknown member"
expect_err "empty array name" $(cmp_a "$WD/unitary.npz:"); ok $? "empty member"
expect_err "one unnamed array" $(cmp_a "$W/A_unitary.npy:A"); ok $? "member of a .npy file"
expect_err "cannot open" $(cmp_a "$TMP/none.npz:A"); ok $? "missing file with a member"
expect_err "shape" $(cmp_a "$WD/unitary.safetensors:P"); ok $? "wrong shape from a safetensors member"
for spec in truncated.npz bad_crc.npz:A encrypted.npz:A bomb_declared.npz:A bomb_ratio.npz:A \
        bomb_lying.npz:A duplicate.npz:A non_npy.npz:A slash.npz dotdot.npz bzip2.npz:A \
        int_member.npz:A nan_member.npz:A empty.npz garbage.bin len_lying.safetensors \
        len_huge.safetensors not_json.safetensors dup_key.safetensors overlap.safetensors:a \
        out_of_range.safetensors:a size_mismatch.safetensors:a hole.safetensors:a \
        int64.safetensors:step f8.safetensors:q unknown_dtype.safetensors:a nan.safetensors:a \
        inf_f16.safetensors:h shape_overflow.safetensors:a unknown_key.safetensors:a; do
    expect_err "${spec%%:*}" $(cmp_a "$BAD/$spec"); ok $? "bad/$spec: exit 2, one line naming the file"
done
done_testing
