#!/bin/sh
# Crash safety: `icalcheck run` killed with SIGKILL at several moments
# leaves no partial certificate.  Every certificate present is complete
# (starts with '{', ends with "}\n", and `cert verify` reproduces a sample
# of them); a SIGKILL between writing and renaming may leave an orphan
# NAME.json.tmpXXXXXX, which icalcheck never deletes afterwards (it could be
# a user's file: it deletes only temporary files it made itself).  SIGTERM
# and SIGINT leave no orphan: the handler removes the file being written.
. "$(dirname "$0")/../lib.sh"
N=60
mkdir -p "$TMP/cases"
i=1
# hessian-max 0: the Hessian of the diagnosis (about 0.7 s per case) is not
# what this test is about, and the kills must land while cases finish.
while [ $i -le $N ]; do
    printf 'claim = unitary\nmode = compare\nA = %s\nB = %s\nP = %s\nhessian-max = 0\n' "$W/A_unitary.npy" \
        "$W/B_unitary.npy" "$W/P_unitary.npy" >"$TMP/cases/c$(printf %03d $i).case"
    i=$((i + 1))
done

# complete DIR: every *.json is a whole certificate; prints the count.
complete() {
    n=0
    for f in "$1"/*.json; do
        [ -e "$f" ] || continue
        n=$((n + 1))
        if [ "$(head -c 1 "$f")" != "{" ] || [ "$(tail -c 2 "$f" | od -An -c | tr -d ' ')" != '}\n' ]; then
            echo "# partial certificate: $f" >&2
            return 1
        fi
    done
    echo $n
}
# stray DIR: files that are neither certificates nor temp-file orphans.
stray() { ls "$1" | grep -v '\.json$' | grep -v '\.json\.tmp......$' | wc -l; }

total=0
for t in 0.05 0.1 0.2 0.3 0.5 0.8 1.2; do
    out="$TMP/out_$t"
    "$IC" run "$TMP/cases" --out "$out" >/dev/null 2>&1 &
    pid=$!
    sleep "$t"
    kill -KILL $pid 2>/dev/null
    wait $pid 2>/dev/null
    n=$(complete "$out")
    ok $? "killed after ${t}s: the $n certificates present are complete"
    [ "$(stray "$out" 2>/dev/null || echo 0)" -eq 0 ]; ok $? "killed after ${t}s: nothing else but temp orphans"
    total=$((total + ${n:-0}))
done
# The kills must have landed mid-run at least once, or the test shows nothing.
[ $total -gt 0 ] && [ $total -lt $((7 * N)) ]; ok $? "kills landed mid-run ($total of $((7 * N)) certificates written)"

# Parallel workers: kill the whole process group.
if command -v setsid >/dev/null; then
    out="$TMP/out_jobs"
    setsid "$IC" run "$TMP/cases" --jobs 2 --out "$out" >/dev/null 2>&1 &
    pid=$!
    sleep 0.4
    kill -KILL -- -$pid 2>/dev/null || kill -KILL $pid
    wait $pid 2>/dev/null
    sleep 0.2
    n=$(complete "$out")
    ok $? "--jobs 2 killed after 0.4s: the $n certificates present are complete"
else
    T=$((T + 1)); echo "ok $T # SKIP setsid not available"
fi

# A sample of what survived a kill still verifies byte for byte.
for f in $(ls "$TMP"/out_0.5/*.json 2>/dev/null | head -n 3); do
    "$IC" cert verify "$f" >/dev/null 2>&1; ok $? "cert verify $(basename "$f") after a kill"
done

# SIGTERM at the same moments: no orphan at all.
orphans=0
for t in 0.1 0.3 0.5 0.8; do
    out="$TMP/term_$t"
    "$IC" run "$TMP/cases" --out "$out" >/dev/null 2>&1 &
    pid=$!
    sleep "$t"
    kill -TERM $pid 2>/dev/null
    wait $pid 2>/dev/null
    orphans=$((orphans + $(ls "$out" 2>/dev/null | grep -c 'tmp')))
    complete "$out" >/dev/null; ok $? "SIGTERM after ${t}s: the certificates present are complete"
done
[ $orphans -eq 0 ]; ok $? "SIGTERM leaves no temporary file ($orphans)"

# Files that look like orphans are left alone: icalcheck deletes only the
# temporary files it made itself (before, `run` deleted any NAME.json.tmp??????
# of the certificates it was about to write, a user's file included).
out="$TMP/out_clean"
mkdir -p "$out"
echo partial >"$out/c001.json.tmpAbC123"
echo keep >"$out/other.json.tmpAbC123"
"$IC" run "$TMP/cases/c001.case" "$TMP/cases/c060.case" --out "$out" >/dev/null 2>&1; ok $? "run into a directory with orphans"
[ "$(cat "$out/c001.json.tmpAbC123")" = partial ] && [ -e "$out/other.json.tmpAbC123" ]; ok $? "files named like orphans kept"
[ "$(complete "$out")" -eq 2 ]; ok $? "both certificates written"
"$IC" run "$TMP/cases" --out "$TMP/out_0.3" >/dev/null 2>&1; ok $? "full run into a killed run's directory"
[ "$(complete "$TMP/out_0.3")" -eq $N ]; ok $? "all $N certificates"
done_testing
