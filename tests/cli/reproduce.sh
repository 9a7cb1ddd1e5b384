#!/bin/sh
# icalcheck reproduce: a scaled-down run of Figures 3 and 6, the report
# and certificates, skipping verified experiments on a rerun, redoing one
# whose output changed, resuming after a kill with the same bytes, the
# C4 stall as a measured rate over seeds, the task list run by plain sh,
# a user's Figure 4 input, and bad input (exit 2, nothing written).
. "$(dirname "$0")/../lib.sh"
cd "$TMP" || exit 1
R() { "$IC" reproduce --cases "$CASES" "$@"; }

R fig3 fig6 --quick --out a >a.out 2>a.err
ok $? "reproduce fig3 fig6 --quick: exit 0"
[ -s a/report.html ] && [ "$(ls a/certificates | wc -l)" -eq 6 ] && [ "$(ls a/manifest | wc -l)" -eq 6 ] &&
    [ "$(ls a/runs | wc -l)" -eq 6 ] && [ ! -e a/.partial ]
ok $? "report.html, 6 certificates, 6 manifests, 6 run directories, nothing left in progress"
grep -q '^fig3-orthogonal  *orthogonal  *1  1 of 1  *pass  *-$' a.out &&
    grep -q '^fig6-pe-mu300  *pe  *1  1 of 1  *pass' a.out
ok $? "summary: every setting reaches its closed form"
grep -q '"verdict": "pass"' a/certificates/fig6-pe-mu50-s1.json &&
    grep -q '"path": "runs/fig6-pe-mu50-s1/P.npy"' a/certificates/fig6-pe-mu50-s1.json
ok $? "the certificates name their inputs relative to the run directory"
grep -q 'id="repro-fig3"' a/report.html && grep -q 'closed-form GD path P_k' a/report.html &&
    grep -q 'closed form c I + e S' a/report.html
ok $? "the report sets the trained matrices beside the closed forms"
grep -q 'about .* left' a.err && grep -q '\[6/6\] fig6-pe-mu300-s1: pass, as the theory predicts' a.err
ok $? "progress on stderr: plain lines with the time left"

# ---- a rerun skips what is done, after checking the hashes ----
cp a/report.html report.before
R fig3 fig6 --quick --out a >b.out 2>b.err
ok $? "rerun: exit 0"
! grep -q '\[1/' b.err && cmp -s a/report.html report.before && cmp -s a.out b.out
ok $? "rerun: nothing trained again, the same report and summary"
printf 'x' >>a/runs/fig3-unitary-s0/A.npy
R fig3 fig6 --quick --out a >c.out 2>c.err
ok $? "rerun after an output changed: exit 0"
grep -q 'fig3-unitary-s0: runs/fig3-unitary-s0/A.npy changed since it was written; running it again' c.err &&
    grep -q '\[1/1\] fig3-unitary-s0' c.err
ok $? "the changed experiment is named and run again, only it"
cmp -s a/report.html report.before
ok $? "and the outputs are again the same bytes"

# ---- killed in the middle, resumed: the same bytes ----
# fig3-unitary runs fewer steps than a checkpoint's interval, so the first
# process to stop after a checkpoint is fig3-orthogonal's.
ICALCHECK_STOP_AFTER_CHECKPOINT=1 "$IC" reproduce --cases "$CASES" fig3 --quick --out k >/dev/null 2>k.err &
pid=$!
wait_stopped $pid
stopped=$?
kids=$(ps -o pid= --ppid $pid | tr -d ' ')
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
# The experiment's process dies with its parent: the SIGTERM it is sent then
# waits, as signals do, until the stopped process continues.
[ -n "$kids" ] && kill -CONT $kids 2>/dev/null
n=0
while [ -n "$kids" ] && ps -o pid= -p "$kids" >/dev/null 2>&1 && [ $n -lt 300 ]; do
    sleep 0.1
    n=$((n + 1))
done
[ $stopped -eq 0 ] && [ -e k/.partial/fig3-orthogonal-s0/checkpoint.npy ] && [ -e k/manifest/fig3-unitary-s0.json ] &&
    [ ! -e k/manifest/fig3-orthogonal-s0.json ] && [ ! -e k/runs/fig3-orthogonal-s0 ] && [ ! -e k/report.html ]
ok $? "killed during fig3-orthogonal (after a checkpoint): unitary done, orthogonal in progress, no report"
R fig3 --quick --out k >k2.out 2>k2.err
rc=$?
ok $rc "rerun after the kill: exit 0"
[ $rc -eq 0 ] || sed 's/^/# /' k2.err
grep -q 'fig3-orthogonal-s0: pass, as the theory predicts (.*resumed from its checkpoint)' k2.err
ok $? "orthogonal resumed from its checkpoint"
same=0
for f in $(cd a && find runs/fig3-* certificates/fig3-* manifest/fig3-* -type f); do
    cmp -s "a/$f" "k/$f" || { same=1; echo "# differs: $f"; }
done
ok $same "the resumed run's weights, loss curves, certificates and manifests equal the uninterrupted run's"

# ---- seeds: the C4 stall as a measured rate ----
R fig3 --seeds 3 --out s >s.out 2>s.err
[ $? -eq 1 ]
ok $? "--seeds 3: exit 1 (a seed does not reach the closed form)"
grep -q '^fig3-orthogonal  *orthogonal  *3  2 of 3  *pass  *seed 2 (fail)$' s.out &&
    grep -q '^fig3-unitary  *unitary  *3  3 of 3 ' s.out
ok $? "summary: orthogonal 2 of 3 seeds (seed 2 stalls), unitary 3 of 3"
grep -q '"verdict": "fail"' s/certificates/fig3-orthogonal-s2.json && grep -q '>2 of 3<' s/report.html
ok $? "the stalled seed's certificate fails; the report counts 2 of 3"

# ---- the tasks, run by plain sh, give the same bytes ----
R fig3 --quick --out t --emit-tasks --program "$IC" >t.tasks 2>/dev/null
ok $? "--emit-tasks: exit 0"
[ "$(wc -l <t.tasks)" -eq 2 ] && cmp -s t.tasks t/tasks/tasks.txt && [ ! -e t/runs ] &&
    grep -q -- '--array=1-2$' t/tasks/array.sbatch && grep -q 'afterok' t/tasks/submit.sh &&
    grep -q 'kill-on-invalid-dep=yes' t/tasks/submit.sh
ok $? "two task lines, also in tasks/tasks.txt; the Slurm scripts; nothing run"
while read -r line; do sh -c "$line" >/dev/null 2>&1 || [ $? -eq 1 ]; done <t/tasks/tasks.txt
sh t/tasks/merge.sh >t.out 2>/dev/null
ok $? "the tasks and merge.sh: exit 0"
diff -r -x tasks k t >/dev/null
ok $? "the same bytes as the local run (report, certificates, manifests, runs)"
"$IC" reproduce fig3 --quick --out u --merge --cases "$CASES" 2>u.err
[ $? -eq 2 ] && grep -q 'fig3-unitary-s0: not run yet' u.err
ok $? "--merge before the tasks ran: exit 2 naming the missing experiment"

# ---- Figure 4 on a user's files ----
R fig4 --embeddings "$CASES/data/tokens/embeddings.npy" --ids "$CASES/data/tokens/ids_ar.npy" --seq-len 8 \
    --out f >f.out 2>/dev/null
ok $? "fig4 with --embeddings/--ids: exit 0"
grep -q '^fig4-tokens-user  *tokens  *1  1 of 1' f.out && cmp -s f/runs/fig4-tokens-user-s1/embeddings.npy \
    "$CASES/data/tokens/embeddings.npy"
ok $? "the user's setting passes; its inputs are copied into the run"

# ---- bad input: exit 2, one line, nothing written ----
for bad in "fig9" "--seeds 0" "--seeds x" "--embeddings e.npy" "--embeddings nosuch.npy --ids nosuch.npy" \
    "--experiment nosuch" "--frobnicate" "--emit-tasks --merge"; do
    # shellcheck disable=SC2086
    R $bad --out bad >/dev/null 2>err
    rc=$?
    [ $rc -eq 2 ] && [ "$(wc -l <err)" -eq 1 ] && [ ! -e bad ]
    ok $? "reproduce $bad: exit 2 ($rc), one line, nothing written"
done
done_testing
