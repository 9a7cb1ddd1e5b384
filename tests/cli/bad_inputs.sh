#!/bin/sh
# The bad-input corpus (tests/data/bad/, made by make_bad.py there, plus
# inputs made here that cannot be committed): every one must give exit 2,
# exactly one line on stderr naming the file and the problem, and no
# output file.  As root (CI) a chmod 000 file is still readable, so
# "unreadable" is covered by a FIFO and a directory; the chmod 000 check
# runs only as another user.
. "$(dirname "$0")/../lib.sh"
BAD="$top_srcdir/tests/data/bad"
OUT="$TMP/out"
# A reader that blocks (a FIFO) must fail the test, not hang it.
TO=""
command -v timeout >/dev/null && TO="timeout 120"

# check NAME WORD ARGS...: exit 2, one stderr line holding NAME and WORD,
# nothing under $OUT but empty directories.
check() {
    name=$1 word=$2
    shift 2
    rm -rf "$OUT"
    mkdir -p "$OUT"
    $TO "$IC" "$@" >"$TMP/stdout" 2>"$TMP/stderr"
    rc=$?
    lines=$(wc -l <"$TMP/stderr")
    files=$(find "$OUT" -type f | wc -l)
    if [ $rc -eq 2 ] && [ "$lines" -eq 1 ] && LC_ALL=C grep -qF -- "$name" "$TMP/stderr" \
       && LC_ALL=C grep -qF -- "$word" "$TMP/stderr" && [ "$files" -eq 0 ]; then
        return 0
    fi
    echo "# rc=$rc lines=$lines files=$files stderr: $(cat "$TMP/stderr")"
    return 1
}
array() { # array FILE WORD: the file as the A (and B) matrix of compare unitary;
    # B is the same file so that shapes agree and the data is read (shapes
    # are checked from the headers first).
    check "$(basename "$1")" "$2" compare unitary --A "$1" --B "$1" \
        --P "$W/P_unitary.npy" --out "$OUT/cert.json"
}
casefile() { check "$(basename "$1")" "$2" run "$1" --out "$OUT/certs"; }
cert() { check "$(basename "$1")" "$2" cert verify "$1"; }

while read -r kind file word; do
    case $kind in ''|'#'*) continue ;; esac
    case $kind in
        array) array "$BAD/$file" "$word" ;;
        case) casefile "$BAD/$file" "$word" ;;
        cert) cert "$BAD/$file" "$word" ;;
    esac
    ok $? "$kind $file: $word"
done <<'TABLE'
array npy_truncated_data.npy truncated data
array npy_truncated_header.npy runs past end of file
array npy_lying_header_len.npy header length 60000
array npy_int64.npy unsupported dtype '<i8'
array npy_float16.npy unsupported dtype '<f2'
array npy_negative_shape.npy negative dimension
array npy_overflow_shape.npy overflows
array npy_huge_declared.npy exceeds the limit
array npy_nan.npy non-finite value nan
array npy_inf.npy non-finite value -inf
array npy_bad_version.npy unsupported .npy version
array npy_trailing.npy trailing bytes
array npy_empty.npy empty file
array npy_nine_dims.npy more than 8 dimensions
array npy_non_ascii_header.npy non-ASCII byte
array npy_three_dims.npy 2-D array
array npy_text.npy not a .npy, .npz or safetensors file
array npz_truncated.npz not a valid .npz
array npz_two_members.npz holds 2 arrays
array npz_not_npy_member.npz not a NAME.npy
array npz_int64_member.npz unsupported dtype '<i8'
array npz_nan_member.npz non-finite value nan
array npz_traversal.npz are refused
array npz_empty.npz holds no arrays
array npz_crc.npz CRC error
array npz_huge_declared.npz over the limit
array st_truncated.safetensors run past the data section
array st_header_len_past_end.safetensors runs past the end
array st_huge_header_len.safetensors header length
array st_bad_json.safetensors not valid JSON
array st_duplicate_keys.safetensors duplicate
array st_gap.safetensors unused bytes
array st_int32.safetensors not supported
array st_unknown_dtype.safetensors unknown dtype
array st_size_mismatch.safetensors need 48
array st_nan.safetensors non-finite value nan
array st_negative_shape.safetensors shape entry 0
array st_overflow_shape.safetensors overflows
array st_extra_key.safetensors unknown key
case case_no_claim.case no 'claim
case case_unknown_claim.case unknown claim
case case_bad_mode.case mode must be
case case_no_equals.case expected 'key = value'
case case_unknown_key.case unknown key 'frob'
case case_bad_value.case not a comma-separated list
case case_bad_prec.case outside 64..65536
case case_nul.case NUL byte
case case_binary.case expected 'key = value'
case case_hex_value.case not a finite number
case case_tiny_value.case too small to represent
case case_repeated_key.case key 'd' repeated (first given on line 3)
case case_repeated_mode.case key 'mode' repeated
case case_out_of_range.case outside 1..64
case case_long_list.case more than 32 values
case case_grid_work.case outside 1..100000000
case case_sweep_ceiling.case sweep ceiling
array npz_nul_name.npz NUL byte
cert cert_truncated.json premature end of input
cert cert_not_json.json not a certificate
cert cert_wrong_format.json not an icalcheck certificate
cert cert_unknown_claim.json unknown claim
cert cert_bad_param.json outside 64..65536
cert cert_param_not_string.json not a string
cert cert_train_mode.json no mode 'train'
cert cert_unknown_param.json unknown option --frob
cert cert_duplicate_keys.json duplicate object key
cert cert_nul_escape.json not a certificate
TABLE

# Cases whose text is fine but whose inputs are not: the error comes at
# run time and names the input file; no certificate is written.
check nonexistent_A.npy "cannot open" run "$BAD/case_missing_input.case" --out "$OUT/certs"
ok $? "case case_missing_input.case: names the missing input"
check npy_nan.npy "non-finite" run "$BAD/case_bad_array.case" --out "$OUT/certs"
ok $? "case case_bad_array.case: names the bad array"

# Made here: a directory, a FIFO (must not block), a non-UTF-8 file name.
mkdir -p "$TMP/dir.npy" "$TMP/dir.case" "$TMP/dir.json"
array "$TMP/dir.npy" "not a regular file"; ok $? "array: a directory"
check dir.case "no case files" run "$TMP/dir.case" --out "$OUT/certs"
ok $? "case: a directory named .case (run reads it as a directory of cases)"
cert "$TMP/dir.json" "not a regular file"; ok $? "cert: a directory"
mkfifo "$TMP/fifo.npy" "$TMP/fifo.case" "$TMP/fifo.json"
array "$TMP/fifo.npy" "not a regular file"; ok $? "array: a FIFO (no writer; must not hang)"
casefile "$TMP/fifo.case" "not a regular file"; ok $? "case: a FIFO"
cert "$TMP/fifo.json" "not a regular file"; ok $? "cert: a FIFO"
u=$(printf 'bad\377\376name')
cp "$BAD/npy_nan.npy" "$TMP/$u.npy"
array "$TMP/$u.npy" "non-finite"; ok $? "array: non-UTF-8 file name is named as is"
printf 'claim = unitary\nmode = verify\nd = x\n' >"$TMP/$u.case"
casefile "$TMP/$u.case" "not a comma-separated list"; ok $? "case: non-UTF-8 file name"
cp "$BAD/cert_train_mode.json" "$TMP/$u.json"
cert "$TMP/$u.json" "no mode 'train'"; ok $? "cert: non-UTF-8 file name"
if [ "$(id -u)" -ne 0 ]; then
    cp "$W/A_unitary.npy" "$TMP/locked.npy" && chmod 000 "$TMP/locked.npy"
    array "$TMP/locked.npy" "Permission denied"; ok $? "array: unreadable file"
else
    T=$((T + 1)); echo "ok $T # SKIP chmod 000 cannot make a file unreadable to root"
fi

# --max-bytes: the limit of every array reader, on the command line and in run.
check A_unitary.npy "exceeds the limit of 100 bytes" compare unitary --A "$W/A_unitary.npy" \
    --B "$W/B_unitary.npy" --P "$W/P_unitary.npy" --max-bytes 100 --out "$OUT/cert.json"
ok $? "--max-bytes 100 refuses a 528-byte .npy"
check "max-bytes" "is outside 1.." compare unitary --A "$W/A_unitary.npy" \
    --B "$W/B_unitary.npy" --P "$W/P_unitary.npy" --max-bytes 0 --out "$OUT/cert.json"
ok $? "--max-bytes 0 is a usage error"
printf 'claim = unitary\nmode = compare\nA = %s\nB = %s\nP = %s\n' "$W/A_unitary.npy" \
    "$W/B_unitary.npy" "$W/P_unitary.npy" >"$TMP/cmp.case"
check A_unitary.npy "exceeds the limit" run "$TMP/cmp.case" --max-bytes 64 --out "$OUT/certs"
ok $? "run --max-bytes applies to every case"
# Bad command lines: the problem and the option are named.
check "--prec" "outside 64..65536" verify unitary --prec 9999999 --out "$OUT/c.json"; ok $? "cmdline: --prec too large"
check "--tol" "not a finite number" compare unitary --A a --B b --P p --tol inf --out "$OUT/c.json"; ok $? "cmdline: --tol inf"
check "--d" "not a comma-separated list" verify unitary --d 2,,3 --out "$OUT/c.json"; ok $? "cmdline: --d 2,,3"
check "--jobs" "not a number" run "$TMP/cmp.case" --jobs 0 --out "$OUT/certs"; ok $? "cmdline: run --jobs 0"
check "--max-bytes" "needs a value" run "$TMP/cmp.case" --max-bytes; ok $? "cmdline: run --max-bytes without value"
done_testing
