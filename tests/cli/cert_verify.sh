#!/bin/sh
# cert verify: reproduces certificates, detects changed inputs and edits.
. "$(dirname "$0")/../lib.sh"
cp "$W/A_unitary.npy" "$W/B_unitary.npy" "$W/P_unitary.npy" "$TMP/"
cd "$TMP" || exit 1
"$IC" compare unitary --A A_unitary.npy --B B_unitary.npy --P P_unitary.npy --out cert.json >/dev/null
ok $? "certificate made"
"$IC" cert verify cert.json >out; ok $? "cert verify reproduces it exactly"
grep -q "reproduced exactly" out; ok $? "says so"
sed 's/"verdict": "pass"/"verdict": "fail"/' cert.json >edited.json
"$IC" cert verify edited.json >out; [ $? -eq 1 ]; ok $? "edited verdict detected (exit 1)"
grep -q "differs from the re-run at /verdict" out; ok $? "names the edited field"
sed 's/"value": "1.4796/"value": "1.3796/' cert.json >edited2.json
"$IC" cert verify edited2.json >out; [ $? -eq 1 ]; ok $? "edited measured value detected"
grep -q "checks/" out; ok $? "names the check"
/usr/bin/printf '\x00' | dd of=P_unitary.npy bs=1 seek=200 conv=notrunc 2>/dev/null
"$IC" cert verify cert.json >out; [ $? -eq 1 ]; ok $? "changed input detected (exit 1)"
grep -q "input P (P_unitary.npy) changed" out; ok $? "names the changed input"
"$IC" verify unitary --d 2 --H 1,2 --T 3 --out v.json >/dev/null
"$IC" cert verify v.json >/dev/null; ok $? "verify-mode certificates reproduce too"
done_testing
