#!/bin/sh
# reproduce --emit-tasks and sweep --emit-tasks run by real GNU parallel
# (Debian's package parallel, which bootstrap installs): the merged report,
# certificates, manifests and runs are byte-identical to the local runs',
# a failing task stops the merge, and arguments reach parallel.
. "$(dirname "$0")/../lib.sh"
if ! parallel --version 2>/dev/null | grep -q 'GNU parallel'; then
    echo "1..0 # SKIP GNU parallel is not installed (sh bootstrap installs the package parallel)"
    exit 0
fi
# GNU parallel asks once per user to be cited; the test's HOME says so.
HOME=$TMP/home
mkdir -p "$HOME/.parallel" && touch "$HOME/.parallel/will-cite"
export HOME
echo "# $(parallel --version | head -n 1)"

mkdir -p "$TMP/local" "$TMP/par"
(cd "$TMP/local" && "$IC" reproduce --quick --cases "$CASES" fig3 fig6 --out run >/dev/null 2>&1)
ok $? "reproduce fig3 fig6 --quick locally: exit 0"
(cd "$TMP/local" && "$IC" sweep unitary --d 1,2 --H 1,3 --T 2,4 --out sw >/dev/null)
ok $? "sweep locally: exit 0"

(cd "$TMP/par" && "$IC" reproduce --quick --cases "$CASES" fig3 fig6 --out run --emit-tasks --program "$IC" \
    >/dev/null 2>&1)
ok $? "reproduce --emit-tasks: exit 0"
[ "$(wc -l <"$TMP/par/run/tasks/tasks.txt")" -eq 6 ]; ok $? "tasks.txt: one line per experiment (6)"
(cd / && sh "$TMP/par/run/tasks/parallel.sh" -j 2 >"$TMP/par/out.txt" 2>"$TMP/par/err.txt")
ok $? "parallel.sh -j 2, from another directory: exit 0"
[ "$(awk -F'\t' 'NR > 1' "$TMP/par/run/tasks/logs/parallel.log" | wc -l)" -eq 6 ]
ok $? "GNU parallel's job log has the 6 tasks"
diff -r -x tasks "$TMP/local/run" "$TMP/par/run" >"$TMP/diff.txt" 2>&1
ok $? "reproduce: report, certificates, manifests and runs byte-identical to the local run"
grep -q "fig6-pe-mu300" "$TMP/par/out.txt"; ok $? "the merge printed the summary table"

(cd "$TMP/par" && "$IC" sweep unitary --d 1,2 --H 1,3 --T 2,4 --out sw --emit-tasks --program "$IC" >/dev/null)
ok $? "sweep --emit-tasks: exit 0"
sh "$TMP/par/sw/tasks/parallel.sh" -j 2 >/dev/null 2>>"$TMP/par/err.txt"
ok $? "sweep parallel.sh: exit 0"
diff -r -x tasks "$TMP/local/sw" "$TMP/par/sw" >>"$TMP/diff.txt" 2>&1
ok $? "sweep: point certificates, sweep.svg and sweep.html byte-identical to the local sweep"

# A task that fails (exit 2) stops the merge: no report, exit 2, a message.
printf '#!/bin/sh\nexit 2\n' >"$TMP/fails" && chmod 755 "$TMP/fails"
(cd "$TMP/par" && "$IC" sweep unitary --d 1,2 --out bad --emit-tasks --program "$TMP/fails" >/dev/null)
sh "$TMP/par/bad/tasks/parallel.sh" >/dev/null 2>"$TMP/bad.err"
rc=$?
[ $rc -eq 2 ] && [ ! -e "$TMP/par/bad/sweep.html" ] && grep -q "not every task ran to a verdict" "$TMP/bad.err"
ok $? "a failing task: exit 2, no merge, one line saying so (exit $rc)"
if [ "$FAILED" -ne 0 ]; then
    sed 's/^/# /' "$TMP/diff.txt" "$TMP/par/err.txt" "$TMP/bad.err" | head -n 40
fi
done_testing
