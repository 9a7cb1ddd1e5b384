#!/bin/sh
# compare / verify from the command line: exit codes and certificates.
. "$(dirname "$0")/../lib.sh"
"$IC" compare unitary --A "$W/A_unitary.npy" --B "$W/B_unitary.npy" --P "$W/P_unitary.npy" --out "$TMP/a.json" >"$TMP/o"
ok $? "authors' unitary tensors: exit 0"
grep -q '"verdict": "pass"' "$TMP/a.json"; ok $? "certificate says pass"
grep -q "$(sha256sum "$W/A_unitary.npy" | cut -c1-64)" "$TMP/a.json"; ok $? "certificate holds A's SHA-256"
grep -q '"precision_bits": 256' "$TMP/a.json"; ok $? "precision recorded"
"$IC" compare unitary --A "$W/A_unitary.npy" --B "$W/B_unitary.npy" --P "$W/P_unitary_perturbed.npy" --out "$TMP/b.json" >"$TMP/o"
[ $? -eq 1 ]; ok $? "perturbed P: exit 1"
grep -q '"verdict": "fail"' "$TMP/b.json"; ok $? "certificate says fail"
"$IC" compare unitary --A "$W/A_unitary.npy" --B "$W/B_unitary.npy" --P "$W/P_unitary.npy" --out "$TMP/c.json" >/dev/null
cmp -s "$TMP/a.json" "$TMP/c.json"; ok $? "same inputs give byte-identical certificates"
"$IC" compare unitary --A "$W/A_unitary.npy" --B "$W/B_unitary.npy" --P "$W/P_unitary.npy" --prec 512 --out "$TMP/d.json" >/dev/null
grep -q '"precision_bits": 512' "$TMP/d.json"; ok $? "--prec 512 recorded"
"$IC" verify unitary --d 2,3 --H 1,2,3 --T 2,5 --out "$TMP/v.json" >/dev/null; ok $? "verify unitary on a small sweep"
grep -q '"configurations"' "$TMP/v.json" && grep -q '"value": "12"' "$TMP/v.json"; ok $? "12 configurations checked"
done_testing
