#!/bin/sh
# The main job: TAP, certificates, exit codes.
. "$(dirname "$0")/lib.sh"
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
done_testing
