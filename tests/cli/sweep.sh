#!/bin/sh
# icalcheck sweep / --emit-tasks / merge on a small grid of the unitary
# claim: the task lines, run by plain sh, must give the same certificate
# bytes as the in-process sweep.
. "$(dirname "$0")/../lib.sh"
cd "$TMP" || exit 1
"$IC" sweep unitary --d 1,2 --H 1,3 --T 2,4 --out "$TMP/in" >"$TMP/table"
ok $? "sweep: exit 0 (every point passes)"
[ "$(ls "$TMP/in" | grep -c '^point-[0-7]\.json$')" -eq 8 ] && [ "$(ls "$TMP/in" | wc -l)" -eq 10 ]
ok $? "8 certificates, sweep.svg, sweep.html"
head -n 1 "$TMP/table" | grep -q '8 points, 8 pass, 0 not'; ok $? "table heading counts the points"
sed -n 2p "$TMP/table" | grep -q 'point *d *H *T *verdict *loss_formula_vs_model.*gradient *minimum_value'
ok $? "table columns: grid values, verdict, check values"
# Last list fastest: point 5 is d=2, H=1, T=4.
awk '$1 == 5' "$TMP/table" | grep -q '^ *5 *2 *1 *4 *pass'; ok $? "point 5 is (d, H, T) = (2, 1, 4)"
grep -q '"d": "2"' "$TMP/in/point-5.json" && grep -q '"H": "1"' "$TMP/in/point-5.json" &&
    grep -q '"T": "4"' "$TMP/in/point-5.json"
ok $? "its certificate records single values"
"$IC" verify unitary --d 2 --H 1 --T 4 --out "$TMP/direct.json" >/dev/null
cmp -s "$TMP/direct.json" "$TMP/in/point-5.json"; ok $? "point 5 = icalcheck verify at that point, byte for byte"

S="$TMP/in/sweep.svg"
head -c 40 "$S" | grep -q '^<svg xmlns="http://www.w3.org/2000/svg"' && tail -n 1 "$S" | grep -q '^</svg>$'
ok $? "sweep.svg is a standalone SVG"
grep -q 'verdict over (d, H, T)' "$S" && [ "$(grep -c 'fill="#43a047"' "$S")" -eq 8 ]
ok $? "verdict map: 8 green cells"
grep -q '<a href="sweep.html#point-5">' "$S"; ok $? "cells link into sweep.html"
for k in 0 1 2 3 4 5 6 7; do
    grep -q "id=\"point-$k\"" "$TMP/in/sweep.html" || break
done
[ "$k" = 7 ] && grep -q "id=\"point-7\"" "$TMP/in/sweep.html"; ok $? "sweep.html has a section per point"

# --emit-tasks: one command per point; run them with plain sh.
"$IC" sweep unitary --d 1,2 --H 1,3 --T 2,4 --out "$TMP/tasks" --emit-tasks --program "$IC" >"$TMP/tasks.txt"
ok $? "emit-tasks: exit 0"
[ "$(wc -l <"$TMP/tasks.txt")" -eq 8 ] && [ "$(ls "$TMP/tasks")" = tasks ] &&
    cmp -s "$TMP/tasks.txt" "$TMP/tasks/tasks/tasks.txt"
ok $? "8 task lines, also in DIR/tasks/tasks.txt; nothing run"
grep -q -- '--array=1-8$' "$TMP/tasks/tasks/array.sbatch" && grep -q 'afterok' "$TMP/tasks/tasks/submit.sh" &&
    grep -q 'kill-on-invalid-dep=yes' "$TMP/tasks/tasks/submit.sh" && [ -x "$TMP/tasks/tasks/parallel.sh" ] &&
    grep -q " sweep unitary --d 1,2 --H 1,3 --T 2,4 --out $TMP/tasks --merge\$" "$TMP/tasks/tasks/merge.sh"
ok $? "DIR/tasks/: a Slurm array of 8, a merge job after it (afterok), parallel.sh, merge.sh"
sed -n 6p "$TMP/tasks.txt" | grep -q " verify unitary --d 2 --H 1 --T 4 --out $TMP/tasks/point-5.json\$"
ok $? "task line 6: verify at (2, 1, 4) into point-5.json"
sh -e "$TMP/tasks.txt" >/dev/null; ok $? "tasks run with sh"
same=0
for k in 0 1 2 3 4 5 6 7; do
    cmp -s "$TMP/in/point-$k.json" "$TMP/tasks/point-$k.json" && same=$((same + 1))
done
[ "$same" -eq 8 ]; ok $? "task certificates = in-process certificates, byte for byte ($same/8)"
# Slurm style: line $SLURM_ARRAY_TASK_ID of the task file.
rm "$TMP/tasks/point-2.json"
SLURM_ARRAY_TASK_ID=3 sh -c 'sh -c "$(sed -n "${SLURM_ARRAY_TASK_ID}p" "$1")"' sh "$TMP/tasks.txt" >/dev/null
cmp -s "$TMP/in/point-2.json" "$TMP/tasks/point-2.json"; ok $? "job-array line 3 rebuilds point-2"

# sweep --merge (what merge.sh runs): the local sweep's files, byte for byte,
# when both ran with the same --out from their own directories.
mkdir "$TMP/m1" "$TMP/m2"
(cd "$TMP/m1" && "$IC" sweep unitary --d 1,2 --H 1,3 --T 2,4 --out sw >../m1.txt)
(cd "$TMP/m2" && "$IC" sweep unitary --d 1,2 --H 1,3 --T 2,4 --out sw --emit-tasks --program "$IC" >/dev/null)
(cd "$TMP/m2" && while read -r l; do sh -c "$l" >/dev/null || exit 1; done <sw/tasks/tasks.txt)
sh "$TMP/m2/sw/tasks/merge.sh" >"$TMP/m2.txt"
ok $? "merge.sh (sweep --merge): exit 0"
diff -r -x tasks "$TMP/m1/sw" "$TMP/m2/sw" >/dev/null && cmp -s "$TMP/m1.txt" "$TMP/m2.txt"
ok $? "sweep.svg, sweep.html, certificates and the table equal the local sweep's"
rm "$TMP/m2/sw/point-3.json"
sh "$TMP/m2/sw/tasks/merge.sh" >/dev/null 2>"$TMP/err"
[ $? -eq 2 ] && grep -q 'sweep --merge: point 3 of 8' "$TMP/err"
ok $? "sweep --merge with a point missing: exit 2 naming it"

# merge: one report over the task certificates, with the map.
"$IC" merge "$TMP/tasks" --out "$TMP/merged.html" 2>/dev/null
ok $? "merge: exit 0"
grep -q 'id="point-7"' "$TMP/merged.html" && grep -q 'verdict over (d, H, T)' "$TMP/merged.html"
ok $? "merged report: sections and verdict map"
[ "$(grep -o 'https\{0,1\}://' "$TMP/merged.html" | wc -l)" -eq "$(grep -o 'xmlns="http://www.w3.org/2000/svg"' "$TMP/merged.html" | wc -l)" ]
ok $? "merged report: no URL but the SVG namespace"
sed -n '/id="summary"/,/<\/section>/p' "$TMP/merged.html" | grep -q '<td>d=2, H=1, T=4</td>'
ok $? "summary names each point's parameters"

# One parameter varying: a plot of the check ratios against it.
"$IC" sweep unitary --d 2 --H 1,2,3 --T 3 --out "$TMP/one" >/dev/null
ok $? "one-axis sweep"
grep -q 'value / bound of each check' "$TMP/one/sweep.svg" && grep -q '<path fill="none"' "$TMP/one/sweep.svg"
ok $? "one-axis sweep.svg is a line plot"

# Bad input: exit 2, no files.
"$IC" sweep unitary --d 1,x --out "$TMP/bad1" 2>"$TMP/err"
[ $? -eq 2 ] && [ ! -e "$TMP/bad1" ] && [ "$(wc -l <"$TMP/err")" -eq 1 ]; ok $? "bad list: exit 2, one line, nothing written"
"$IC" sweep unitary --d 1,100 --H 1 --T 2 --out "$TMP/bad2" 2>"$TMP/err"
[ $? -eq 2 ] && [ ! -e "$TMP/bad2" ] && grep -q -- '--d: 100 is outside 1..64' "$TMP/err"
ok $? "a value outside its range: exit 2 before any point runs, nothing written"
"$IC" sweep orthogonal --d 2,3 --T 2 --H 1 --ud 1 --uT 2 --out "$TMP/bad3" 2>"$TMP/err"
[ $? -eq 2 ] && [ ! -e "$TMP/bad3" ] && grep -q 'sweep point 1 (d=3 T=2 H=1 ud=1 uT=2)' "$TMP/err"
ok $? "a bad point (odd d, found when it runs): exit 2 naming it, no partial sweep"
"$IC" sweep nosuchclaim --out "$TMP/bad3" 2>/dev/null
[ $? -eq 2 ] && [ ! -e "$TMP/bad3" ]; ok $? "unknown claim: exit 2"
"$IC" sweep unitary --nosuch 1 --out "$TMP/bad4" 2>/dev/null
[ $? -eq 2 ] && [ ! -e "$TMP/bad4" ]; ok $? "unknown parameter: exit 2"
printf '{"format": "icalcheck-certificate/1"}\n' >"$TMP/tasks/point-99.json"
"$IC" merge "$TMP/tasks" --out "$TMP/m2.html" 2>"$TMP/err"
[ $? -eq 2 ] && [ ! -e "$TMP/m2.html" ] && grep -q 'point-99.json: not an icalcheck certificate' "$TMP/err"
ok $? "merge with a broken certificate: exit 2, no output"
done_testing
