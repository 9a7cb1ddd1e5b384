#!/bin/sh
# Issue 18, defect by defect: each must be refused or handled with exit 2
# and one line, nothing replaced that was not a regular output file, no
# memory blow-up before a shape check, no report or re-verification fooled.
. "$(dirname "$0")/../lib.sh"
BAD="$top_srcdir/tests/data/bad"
TO=""
command -v timeout >/dev/null && TO="timeout 300"
cp "$W/A_unitary.npy" "$W/B_unitary.npy" "$W/P_unitary.npy" "$TMP/"
cd "$TMP" || exit 1
CMP="compare unitary --A A_unitary.npy --B B_unitary.npy --P P_unitary.npy"

# refused WORD ARGS...: icalcheck ARGS exits 2 with exactly one stderr
# line holding WORD; refused_sh WORD SCRIPT: the same for sh -c SCRIPT.
refused() {
    word=$1
    shift
    $TO "$IC" "$@" >stdout 2>stderr
    verdict "$word" $?
}
refused_sh() {
    $TO sh -c "$2" >stdout 2>stderr
    verdict "$1" $?
}
verdict() {
    word=$1 rc=$2
    if [ $rc -eq 2 ] && [ "$(wc -l <stderr)" -eq 1 ] && grep -qF -- "$word" stderr; then
        return 0
    fi
    echo "# rc=$rc stderr: $(cat stderr)"
    return 1
}

# 1. Numbers: one reader; what it cannot read exactly as written is refused.
refused "'0X1P-2' is not a finite number" $CMP --tol 0X1P-2; ok $? "1: --tol 0X1P-2 refused (was: every bound 0, exit 1)"
refused "--c" verify unitary --d 2 --H 2 --T 3 --c 0x1p1; ok $? "1: hexadecimal --c refused"
refused "too small to represent" $CMP --tol 1e-400; ok $? "1: --tol 1e-400 (would read as 0) refused"
refused "range of double" $CMP --tol 1e400; ok $? "1: --tol 1e400 refused"
refused "not a finite number" $CMP --tol " 1e-5"; ok $? "1: a leading blank refused"
refused "not a number" run "$top_srcdir/cases/unitary_theory.case" --jobs " 2" --out o; ok $? "1: run --jobs ' 2' refused"
"$IC" $CMP --tol .5 --out half.json >/dev/null; ok $? "1: --tol .5 is read (and passes)"
grep -q '"bound": "5e-01"' half.json; ok $? "1: and recorded as the bound 0.5"

# 2. Shapes and cost from headers, before any large allocation.
BIG="$BAD/npz_big_member.npz"
# 800 MB of address space: enough for the tool (OpenBLAS needs more than
# 200 MB of it), not for the 72 MB of doubles and 576 MB of MPFR numbers
# the member would become (before this work: 466 MB resident, then abort).
# AddressSanitizer reserves terabytes of address space for its shadow memory,
# so a sanitizer build runs the same refusals without the limit.
VLIMIT="ulimit -v 800000; "
if grep -q '^SAN_CFLAGS = -fsanitize' "$top_builddir/Makefile" 2>/dev/null; then
    VLIMIT=""
fi
refused_sh "--B has shape (10, 10) but --A" "${VLIMIT}exec \"$IC\" compare unitary --A $BIG --B B_unitary.npy --P P_unitary.npy"
ok $? "2: a (3000, 3000) .npz member of the wrong shape is refused from its header, under a memory limit"
grep -qF "B_unitary.npy" stderr && grep -qF "npz_big_member.npz" stderr; ok $? "2: the message names both files"
refused_sh "work ceiling" "${VLIMIT}exec \"$IC\" compare unitary --A A_unitary.npy --B B_unitary.npy --P $BIG"
ok $? "2: a square (3000, 3000) P is refused by the work ceiling, not run for minutes"
refused "memory ceiling" compare unitary --A "$BIG" --B "$BIG" --P P_unitary.npy
ok $? "2: consistent (3000, 3000) A and B: refused by the memory ceiling"
refused "memory ceiling" $CMP --max-bytes 20000
ok $? "2: --max-bytes bounds the working set (prec x size), not only the files"

# 3. report re-derives verdicts: an edited certificate is refused.
"$IC" $CMP --out good.json >/dev/null
"$IC" $CMP --tol 1e-300 --out bad.json >/dev/null
sed 's/"verdict": "fail"/"verdict": "pass"/' bad.json >edited.json
refused "verdict 'pass' but check" report edited.json --out r.html; ok $? "3: verdict fail edited to pass: refused"
[ ! -e r.html ]; ok $? "3: no report written"
sed 's/"status": "fail"/"status": "pass"/g; s/"verdict": "fail"/"verdict": "pass"/' bad.json >edited2.json
refused "does not hold" report edited2.json --out r.html; ok $? "3: statuses and verdict edited: the values contradict them"
sed 's/"verdict": "pass"/"verdict": "fail"/' good.json >edited3.json
refused "its checks give 'pass'" report edited3.json --out r.html; ok $? "3: verdict pass edited to fail: refused"
"$IC" report good.json bad.json --out r.html 2>/dev/null; ok $? "3: consistent certificates, passing or failing, are reported"

# 4. Outputs replace only regular files that are not inputs.
refused "input of this command" $CMP --out A_unitary.npy; ok $? "4: --out the input weights refused"
cmp -s A_unitary.npy "$W/A_unitary.npy"; ok $? "4: the input is unchanged"
ln A_unitary.npy hard.npy
refused "input of this command" $CMP --out hard.npy; ok $? "4: --out a hard link to an input refused"
ln -s good.json link.json
refused "symbolic link" $CMP --out link.json; ok $? "4: --out a symbolic link refused"
[ -L link.json ]; ok $? "4: the link is still there"
ln -s /dev/stdout stdout.json
refused "symbolic link" $CMP --out stdout.json; ok $? "4: --out a link to /dev/stdout refused"
mkfifo fifo.json
refused "FIFO" $CMP --out fifo.json; ok $? "4: --out a FIFO refused (and does not block)"
refused "character device" $CMP --out /dev/null; ok $? "4: --out a device refused"
refused "input of this command" report good.json --out good.json; ok $? "4: report --out its own input refused"
refused "directory does not exist" $CMP --out nodir/c.json; ok $? "4: a missing output directory found before the work"

# 5. Two cases, one certificate name: refused before running.
mkdir -p a b
printf 'claim = unitary\nmode = verify\nd = 2\nH = 2\nT = 3\n' >a/same.case
cp a/same.case b/same.case
refused "would both write" run a/same.case b/same.case --out certs5; ok $? "5: same base name in two folders refused"
[ ! -e certs5 ]; ok $? "5: nothing written"

# 6. cert verify covers every field.
"$IC" run "$top_srcdir/cases/unitary_authors.case" --out certs6 >/dev/null
C6=certs6/unitary_authors.json
"$IC" cert verify "$C6" >out; ok $? "6: a run certificate reproduces"
sed 's/"expect": "pass"/"expect": "fail"/' "$C6" >e6.json
"$IC" cert verify e6.json >out; [ $? -eq 1 ]; ok $? "6: an edited expect is detected (exit 1)"
grep -q "at /expect" out; ok $? "6: and named"
sed 's|unitary_authors.case"|unitary_perturbed.case"|' "$C6" >e6b.json
"$IC" cert verify e6b.json >out; [ $? -eq 1 ]; ok $? "6: an edited case path is detected"
"$IC" $CMP --out plain.json >/dev/null
sed 's/"mode": "compare",/"mode": "compare",\n  "expect": "pass",/' plain.json >e6c.json
"$IC" cert verify e6c.json >out; [ $? -eq 1 ] && grep -q "at /expect" out; ok $? "6: an expect added to a certificate without case is detected"

# 7. A file-size limit: exit 2, a message, no temporary file.
refused_sh "file size limit" "ulimit -f 2; exec \"$IC\" $CMP --out limited.json"
ok $? "7: over ulimit -f: exit 2 with a message (was: killed by SIGXFSZ)"
[ -z "$(ls | grep tmp)" ] && [ ! -e limited.json ]; ok $? "7: no partial or temporary file left"

# 8. Ceilings on time-bounded parameters.
refused "more than 32 values" verify unitary --T 2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34
ok $? "8: a list of 33 values refused"
refused "outside 1..100000000" verify orthogonal --grid-work -1; ok $? "8: --grid-work -1 refused"
refused "outside 1..100000000" verify orthogonal --grid-work 1000000000; ok $? "8: --grid-work 1e9 refused"
refused "sweep ceiling" verify unitary --prec 65536; ok $? "8: prec x configurations over 2^20 refused"

# 9. Killing `run --jobs 2` kills its workers.
printf 'claim = unitary\nmode = verify\nd = 64\nH = 128\nT = 200\n' >slow1.case
cp slow1.case slow2.case
gone() { # gone PID...: each has exited (or is a zombie), waiting up to 60 s
    for i in $(seq 1 120); do
        alive=0
        for p in "$@"; do
            s=$(ps -o stat= -p "$p" 2>/dev/null)
            case $s in ''|Z*) ;; *) alive=1 ;; esac
        done
        [ $alive -eq 0 ] && return 0
        sleep 0.5
    done
    return 1
}
for sig in KILL TERM; do
    "$IC" run slow1.case slow2.case --jobs 2 --out certs9 >/dev/null 2>&1 &
    parent=$!
    kids=""
    for i in $(seq 1 120); do
        kids=$(ps -o pid= --ppid $parent 2>/dev/null | tr -d ' ' | tr '\n' ' ')
        [ "$(echo $kids | wc -w)" -ge 2 ] && break
        sleep 0.5
    done
    [ "$(echo $kids | wc -w)" -ge 2 ]; ok $? "9: run --jobs 2 started two workers ($kids)"
    kill -$sig $parent
    wait $parent 2>/dev/null
    gone $kids; ok $? "9: SIG$sig to the parent: the workers are gone too"
    [ -z "$(ls certs9 2>/dev/null)" ]; ok $? "9: and wrote nothing into --out"
done

# 10. All inputs of a job validated before anything is written.
printf 'claim = unitary\nmode = compare\nA = missing_A.npy\nB = B_unitary.npy\nP = P_unitary.npy\n' >z_missing.case
cp a/same.case first.case
refused "z_missing.case: --A" run first.case z_missing.case --out certs10; ok $? "10: a missing input of the last case is named"
[ ! -e certs10/first.json ]; ok $? "10: before the first case wrote its certificate"
printf 'claim = unitary\nmode = verify\nd = 2,65\n' >z_range.case
refused "z_range.case:3: --d: 65 is outside 1..64" run first.case z_range.case --out certs10; ok $? "10: a range error names the case file and line"
mkdir junitdir
refused "--junit" run first.case --junit junitdir --out certs10; ok $? "10: --junit DIR refused before the run"
[ ! -e certs10/first.json ]; ok $? "10: nothing written"
printf 'claim = orthogonal\nmode = verify\nd = 3\nT = 2\nH = 1\nud = 1\nuT = 2\n' >odd.case
refused "odd.case: --d: 3 is odd" run first.case odd.case --out certs10b; ok $? "10: a constraint between parameters names the case file"
[ ! -e certs10b ]; ok $? "10: found by the claim's pre-check before anything is written (tests/cli/precheck.sh holds more)"

# 11. Repeated keys in case files are refused (bad_inputs.sh holds more);
# so are run's own options given twice.
refused "--out given twice" run a/same.case --out o1 --out o2; ok $? "11: run --out twice refused"
[ ! -e o1 ] && [ ! -e o2 ]; ok $? "11: nothing written"
refused "--max-bytes: '1e3' is not an integer" run a/same.case --max-bytes 1e3 --out o1; ok $? "11: run --max-bytes checked even when unused"
printf 'claim = unitary\nmode = verify\nd = 2\nd = 3\n' >rep.case
refused "rep.case:4: key 'd' repeated (first given on line 3)" run rep.case --out certs11; ok $? "11: a repeated case key refused"

# 12. NUL in an .npz member name; run deletes nothing it did not create.
refused "NUL byte" compare unitary --A "$BAD/npz_nul_name.npz" --B "$BAD/npz_nul_name.npz" --P P_unitary.npy
ok $? "12: a NUL inside an .npz member name refused"
mkdir -p certs12
echo "my notes" >certs12/same.json.tmpABCDEF
"$IC" run a/same.case --out certs12 >/dev/null; ok $? "12: a run into a directory holding NAME.json.tmpXXXXXX"
[ "$(cat certs12/same.json.tmpABCDEF)" = "my notes" ]; ok $? "12: leaves the user's file alone"
done_testing
