#!/bin/sh
# The main job: TAP, certificates, exit codes.
. "$(dirname "$0")/../lib.sh"
cd "$top_srcdir" || exit 1
"$IC" run cases/unitary_authors.case cases/unitary_perturbed.case cases/unitary_theory.case --out "$TMP/certs" >"$TMP/tap"
ok $? "expected verdicts: exit 0"
head -n 1 "$TMP/tap" | grep -q '^1\.\.3$'; ok $? "TAP plan"
[ "$(grep -c '^ok ' "$TMP/tap")" -eq 3 ]; ok $? "three ok lines"
grep -q 'unitary_perturbed: unitary compare fail (expected fail)' "$TMP/tap"; ok $? "negative case fails as expected"
[ -f "$TMP/certs/unitary_authors.json" ] && [ -f "$TMP/certs/unitary_perturbed.json" ] && [ -f "$TMP/certs/unitary_theory.json" ]
ok $? "one certificate per case"
grep -q '"case": "cases/unitary_authors.case"' "$TMP/certs/unitary_authors.json"; ok $? "certificate names its case"
sed 's/expect = fail/expect = pass/' cases/unitary_perturbed.case >"$TMP/wrong.case"
sed -i "s|data/|$top_srcdir/cases/data/|" "$TMP/wrong.case"
"$IC" run "$TMP/wrong.case" --out "$TMP/c2" >"$TMP/tap2"
[ $? -eq 1 ]; ok $? "a case with the wrong expectation: exit 1"
grep -q '^not ok 1' "$TMP/tap2"; ok $? "reported as not ok"
ls "$TMP/certs" | grep -qv '\.json$'; [ $? -ne 0 ]; ok $? "no temporary files left"
U="cases/unitary_authors.case cases/unitary_perturbed.case cases/unitary_theory.case"
"$IC" run $U --jobs 3 --junit "$TMP/j.xml" --out "$TMP/par" >"$TMP/tap3"; ok $? "--jobs 3: exit 0"
diff -r "$TMP/certs" "$TMP/par" >/dev/null; ok $? "--jobs 3 gives byte-identical certificates"
grep -v '^#' "$TMP/tap" >"$TMP/t1"; grep -v '^#' "$TMP/tap3" >"$TMP/t3"
cmp -s "$TMP/t1" "$TMP/t3"; ok $? "--jobs 3 gives the same TAP lines in the same order"
grep -q '<testsuite name="icalcheck" tests="3" failures="0" errors="0"' "$TMP/j.xml"; ok $? "JUnit counts"
grep -q 'classname="unitary.compare" name="unitary_authors"' "$TMP/j.xml"; ok $? "JUnit test case"
"$IC" run "$TMP/wrong.case" --junit "$TMP/j2.xml" --out "$TMP/c3" >/dev/null
grep -q '<failure message="verdict fail, expected pass"/>' "$TMP/j2.xml"; ok $? "JUnit failure recorded"
grep -q '^# unitary_theory *unitary *verify *pass *pass' "$TMP/tap"; ok $? "summary table row"
"$IC" run $U --jobs 0 >/dev/null 2>&1; [ $? -eq 2 ]; ok $? "--jobs 0 refused"
done_testing
