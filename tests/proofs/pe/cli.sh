#!/bin/sh
# icalcheck verify/compare/train pe: the shipped cases, the trainer's case,
# byte-identical certificates, bad input.
. "$(dirname "$0")/../../lib.sh"
"$IC" run "$CASES/pe_authors_mu50.case" "$CASES/pe_authors_mu300.case" "$CASES/pe_wrong_mu.case" \
    --out "$TMP/c" >"$TMP/out"
ok $? "authors' mu 50 and 300 matrices pass, the wrong-mu case fails as expected"
"$IC" compare pe --P "$W/pe_eps_mu_50.npy" --mu 50 --out "$TMP/a.json" >/dev/null &&
    "$IC" compare pe --P "$W/pe_eps_mu_50.npy" --mu 50 --out "$TMP/b.json" >/dev/null &&
    cmp -s "$TMP/a.json" "$TMP/b.json"
ok $? "same inputs give byte-identical certificates"
grep -q '"k"' "$TMP/a.json"; ok $? "the certificate records the stopping index"
"$IC" compare pe --P "$W/pe_eps_mu_50.npy" --mu 300 >/dev/null
[ $? -eq 1 ]; ok $? "wrong mu: exit 1"
"$IC" train pe --mu 200 --seed 3 --out "$TMP/t" >/dev/null
ok $? "train pe --mu 200: exit 0"
[ -s "$TMP/t/P.npy" ] && [ -s "$TMP/t/loss.csv" ] && [ -s "$TMP/t/trained.case" ]; ok $? "outputs written"
"$IC" run "$TMP/t" --out "$TMP/tc" >/dev/null; ok $? "the trained matrix passes its own case"
# The trainer writes the superdiagonal (weight on the newest key) and compare checks it;
# the authors' files mask it, so there the check is not applicable, with the reason.
grep -A6 '"name": "superdiagonal_deviation"' "$TMP/tc/trained.json" | grep -q '"status": "pass"'
ok $? "trained matrix: superdiagonal compared with P_k (pass)"
grep -A6 '"name": "superdiagonal_deviation"' "$TMP/c/pe_authors_mu50.json" | grep -q '"status": "not_applicable"' &&
    grep -A8 '"name": "superdiagonal_deviation"' "$TMP/c/pe_authors_mu50.json" | grep -q '"reason": ".*masked when saved'
ok $? "authors' matrix: superdiagonal check not applicable (masked when saved)"
"$IC" compare pe --P "$W/A_unitary.npy" --mu 50 2>"$TMP/err"
[ $? -eq 2 ] && [ "$(wc -l <"$TMP/err")" -eq 1 ] && grep -q "A_unitary.npy" "$TMP/err"
ok $? "a 10 x 10 matrix: exit 2, one line naming the file"
"$IC" compare pe --P "$TMP/missing.npy" --mu 50 2>/dev/null
[ $? -eq 2 ]; ok $? "missing file: exit 2"
"$IC" train pe --mu -3 --out "$TMP/bad" 2>/dev/null
[ $? -eq 2 ]; ok $? "negative mu: exit 2"
done_testing
