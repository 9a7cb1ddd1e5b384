#!/bin/sh
# icalcheck report: one self-contained HTML page from the certificates of
# the shipped unitary cases; bad inputs; and, where chromium is installed,
# a headless screenshot that must not be blank.
. "$(dirname "$0")/../lib.sh"
cd "$top_srcdir" || exit 1
"$IC" run cases/unitary_authors.case cases/unitary_perturbed.case cases/unitary_theory.case \
    --out "$TMP/certs" >/dev/null
ok $? "certificates of the unitary cases"

"$IC" report "$TMP/certs" --out "$TMP/report.html" 2>"$TMP/err"
ok $? "report: exit 0"
H="$TMP/report.html"
for c in unitary_authors unitary_perturbed unitary_theory; do
    grep -q "<section class=\"card cert\" id=\"$c\">" "$H"; ok $? "section id=$c"
    grep -q "<a href=\"#$c\">$c</a>" "$H"; ok $? "summary links to $c"
done
grep -q '<svg xmlns="http://www.w3.org/2000/svg"' "$H"; ok $? "inline SVG"
[ "$(grep -o 'https\{0,1\}://' "$H" | wc -l)" -eq "$(grep -o 'xmlns="http://www.w3.org/2000/svg"' "$H" | wc -l)" ]
ok $? "no URL but the SVG namespace (no network)"
! grep -qi '<script\|<link\|<img\|@import\|url(' "$H"; ok $? "no script, no external resource"
# The perturbed case fails on P_newest_key (c P[7,8] - 1 = 0.01, ratio 1e3).
sed -n '/id="unitary_perturbed"/,/<\/section>/p' "$H" >"$TMP/pert"
grep -q '<span class="badge fail">fail</span>' "$TMP/pert"; ok $? "perturbed case: fail badge"
grep -q '<td class="st st-fail">fail</td><td><b>P_newest_key</b>' "$TMP/pert"; ok $? "the failed check is marked"
grep -q '<td class="num over">1e+03</td>' "$TMP/pert"; ok $? "its value/bound ratio 1e+03 flagged"
# Figure 3: A and B re-read from the inputs (hash checked), C and the used part of P.
sed -n '/id="unitary_authors"/,/<\/section>/p' "$H" >"$TMP/auth"
for f in 'A  (10 x 10)' 'B  (10 x 10)' 'C  (10 x 10)' 'P  (20 x 20)'; do
    grep -q "font-weight=\"bold\">$f</text>" "$TMP/auth"; ok $? "heatmap $f"
done
# P is 20 x 20; rows 0..18 use columns 0..t+1: 19*20/2 + 19 = 209 used, 191 masked.
[ "$(grep -c 'not used</title>' "$TMP/auth")" -eq 191 ]; ok $? "191 unused entries of P masked"
grep -q '<title>\[7,8\] = -0.83' "$TMP/auth"; ok $? "P[7,8] = 1/c = -0.83 in its cell"
grep -q '<th colspan="4">C_spectrum</th>' "$TMP/auth"; ok $? "spectrum table"
"$IC" report "$TMP/certs" --out "$TMP/again.html" 2>/dev/null && cmp -s "$H" "$TMP/again.html"
ok $? "same certificates, same bytes"

# A trainer's directory: weights and loss.csv side by side (extra column, a bad row).
mkdir -p "$TMP/trained"
cp "$W/A_unitary.npy" "$TMP/trained/A.npy"; cp "$W/B_unitary.npy" "$TMP/trained/B.npy"
cp "$W/P_unitary.npy" "$TMP/trained/P.npy"
printf 'step,loss,lr\n0,4.0,0.1\n10,0.5,0.1\nbad row\n20,0.01,0.1\n30,1e-6,0.1\n' >"$TMP/trained/loss.csv"
mkdir -p "$TMP/c2"
"$IC" compare unitary --A "$TMP/trained/A.npy" --B "$TMP/trained/B.npy" --P "$TMP/trained/P.npy" \
    --out "$TMP/c2/trained.json" >/dev/null
"$IC" report "$TMP/c2" --out "$TMP/t.html" 2>/dev/null
ok $? "report of a trained run"
grep -q 'font-weight="bold">Training loss</text>' "$TMP/t.html"; ok $? "training curve drawn"
[ "$(grep -c '<title>loss: (' "$TMP/t.html")" -eq 4 ] && grep -q '<title>loss: (30, 1e-06)' "$TMP/t.html"
ok $? "four loss points, the bad row skipped"
grep -q '>1e-6</text>' "$TMP/t.html"; ok $? "log axis down to 1e-6"
# A changed input file is not drawn (its hash no longer matches).
cp "$W/P_unitary_perturbed.npy" "$TMP/trained/A.npy"
"$IC" report "$TMP/c2" --out "$TMP/t2.html" 2>/dev/null
grep -q 'input A: .* changed since the certificate, not drawn' "$TMP/t2.html"; ok $? "changed input reported, not drawn"

# Bad inputs: exit 2, one line naming the file, nothing written.
printf '{"format": "something-else"}\n' >"$TMP/certs/zz_foreign.json"
"$IC" report "$TMP/certs" --out "$TMP/bad.html" 2>"$TMP/err"
[ $? -eq 2 ] && [ ! -e "$TMP/bad.html" ]; ok $? "foreign certificate: exit 2, no output"
[ "$(wc -l <"$TMP/err")" -eq 1 ] && grep -q 'zz_foreign.json: not an icalcheck certificate' "$TMP/err"
ok $? "one line naming the file"
rm "$TMP/certs/zz_foreign.json"
head -c 100 "$TMP/certs/unitary_theory.json" >"$TMP/trunc.json"
"$IC" report "$TMP/trunc.json" --out "$TMP/bad.html" 2>"$TMP/err"
[ $? -eq 2 ] && [ ! -e "$TMP/bad.html" ] && grep -q 'trunc.json: not valid JSON' "$TMP/err"
ok $? "truncated certificate: exit 2"
sed 's/"verdict": "pass"/"verdict": "maybe"/' "$TMP/certs/unitary_theory.json" >"$TMP/v.json"
"$IC" report "$TMP/v.json" --out "$TMP/bad.html" 2>/dev/null
[ $? -eq 2 ] && [ ! -e "$TMP/bad.html" ]; ok $? "unknown verdict: exit 2"
mkdir "$TMP/empty"
"$IC" report "$TMP/empty" --out "$TMP/bad.html" 2>/dev/null
[ $? -eq 2 ] && [ ! -e "$TMP/bad.html" ]; ok $? "directory without certificates: exit 2"
"$IC" report "$TMP/nonexistent" --out "$TMP/bad.html" 2>/dev/null
[ $? -eq 2 ]; ok $? "missing path: exit 2"
"$IC" report "$TMP/certs" 2>/dev/null
[ $? -eq 2 ]; ok $? "missing --out: exit 2"

# The browser: a headless screenshot must show a page, not a blank one.
if command -v chromium >/dev/null 2>&1; then
    timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$TMP/prof" --screenshot="$TMP/shot.png" --window-size=1200,2000 \
        "file://$H" >/dev/null 2>&1
    [ -s "$TMP/shot.png" ]; ok $? "chromium took a screenshot"
    size=$(wc -c <"$TMP/shot.png" 2>/dev/null || echo 0)
    # A blank 1200x2000 page compresses to ~10 KB; this one is well over 100 KB.
    [ "$size" -gt 60000 ]; ok $? "screenshot is not blank ($size bytes)"
    if command -v convert >/dev/null 2>&1 && convert "$TMP/shot.png" ppm:- >"$TMP/shot.ppm" 2>/dev/null &&
        n=$("$top_builddir/tests/cli/ppm_colors" <"$TMP/shot.ppm"); then
        [ "$n" -gt 10 ]; ok $? "screenshot has $n colours (> 10)"
    else
        T=$((T + 1)); echo "ok $T # SKIP no convert to count colours"
    fi
else
    T=$((T + 1)); echo "ok $T # SKIP chromium not installed (./bootstrap installs it)"
fi
done_testing
