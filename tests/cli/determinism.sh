#!/bin/sh
# Determinism: the shipped cases give byte-identical certificates in two
# runs, and with --jobs 1 and --jobs 2.  Cases that take more than a few
# seconds are skipped (the first pass times each under `timeout`), and the
# first pass stops adding cases after about 10 s, to keep `make check` fast.
. "$(dirname "$0")/../lib.sh"
LIMIT=2
BUDGET_MS=10000
TO=""
command -v timeout >/dev/null && TO="timeout $LIMIT"
ms() { date +%s%3N; }

quick=""
skipped=0
t0=$(ms)
for c in "$CASES"/*.case; do
    if [ $(( $(ms) - t0 )) -gt $BUDGET_MS ]; then
        skipped=$((skipped + 1))
        continue
    fi
    $TO "$IC" run "$c" --out "$TMP/a" >/dev/null 2>&1
    rc=$?
    case $rc in
        0|1) quick="$quick $c" ;;
        124) echo "# skipped (over ${LIMIT}s): $(basename "$c")"; skipped=$((skipped + 1)) ;;
        *) echo "# skipped (exit $rc): $(basename "$c")"; skipped=$((skipped + 1)) ;;
    esac
done
n=$(echo $quick | wc -w)
echo "# $n quick cases, $skipped skipped"
[ "$n" -gt 0 ]; ok $? "at least one quick shipped case"

# shellcheck disable=SC2086
"$IC" run $quick --out "$TMP/b" --jobs 1 >"$TMP/b.tap" 2>/dev/null
rc_b=$?
# shellcheck disable=SC2086
"$IC" run $quick --out "$TMP/c" --jobs 2 >"$TMP/c.tap" 2>/dev/null
rc_c=$?
[ $rc_b -eq $rc_c ]; ok $? "same exit status with --jobs 1 and --jobs 2 ($rc_b)"

same_runs=0 same_jobs=0 total=0
for c in $quick; do
    name=$(basename "$c" .case)
    total=$((total + 1))
    cmp -s "$TMP/a/$name.json" "$TMP/b/$name.json" && same_runs=$((same_runs + 1)) ||
        echo "# differs between two runs: $name"
    cmp -s "$TMP/b/$name.json" "$TMP/c/$name.json" && same_jobs=$((same_jobs + 1)) ||
        echo "# differs between --jobs 1 and --jobs 2: $name"
done
[ $same_runs -eq $total ]; ok $? "two runs: $same_runs of $total certificates byte-identical"
[ $same_jobs -eq $total ]; ok $? "--jobs 1 vs --jobs 2: $same_jobs of $total certificates byte-identical"
# The TAP stream differs only in the timing column of the summary.
sed 's/ *[0-9.]*s$//; s/in [0-9.]*s;/in Xs;/' "$TMP/b.tap" >"$TMP/b.norm"
sed 's/ *[0-9.]*s$//; s/in [0-9.]*s;/in Xs;/' "$TMP/c.tap" >"$TMP/c.norm"
sed 's|certificates in .*|certificates|' "$TMP/b.norm" >"$TMP/b.n2"
sed 's|certificates in .*|certificates|' "$TMP/c.norm" >"$TMP/c.n2"
cmp -s "$TMP/b.n2" "$TMP/c.n2"; ok $? "TAP output identical up to timings and the output directory"
done_testing
