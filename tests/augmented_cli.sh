#!/bin/sh
# C1 through the CLI: the shipped compare cases, bad inputs, and a tiny
# training run whose output directory is compared and re-run as a case.
. "$(dirname "$0")/lib.sh"
A="$CASES/data/augmented"

"$IC" compare augmented --WKQ "$A/WKQ_construction.npy" --WV "$A/WV_construction.npy" --d 4 --N 19 \
    --tol-block 1e-12 --tol-eta 1e-12 --tol-pred 1e-12 --out "$TMP/c.json" >/dev/null
ok $? "exact construction passes at 1e-12"
grep -q '"verdict": "pass"' "$TMP/c.json"
ok $? "certificate says pass"

"$IC" compare augmented --WKQ "$A/WKQ_perturbed.npy" --WV "$A/WV_perturbed.npy" --d 4 --N 19 >/dev/null
[ $? -eq 1 ]
ok $? "perturbed construction fails (exit 1)"

"$IC" compare augmented --WKQ "$A/WKQ_d6.npy" --WV "$A/WV_d6.npy" --d 4 --N 19 --out "$TMP/w.json" >/dev/null
[ $? -eq 1 ]
ok $? "weights for d = 6 fail against d = 4 (exit 1)"
grep -q 'd = 6' "$TMP/w.json"
ok $? "the certificate names the wrong dimension"

"$IC" compare augmented --WKQ "$A/WKQ_construction.npy" --WV "$A/WV_d6.npy" --d 4 2>"$TMP/err" >/dev/null
[ $? -eq 2 ] && grep -q 'WV_d6.npy' "$TMP/err" && [ "$(wc -l <"$TMP/err")" -eq 1 ]
ok $? "mismatched shapes: one-line input error naming the file (exit 2)"

"$IC" compare augmented --WKQ "$A/WKQ_construction.npy" --WV "$A/WV_construction.npy" --d 5 --N 19 2>"$TMP/err" >/dev/null
[ $? -eq 2 ] && grep -q 'even' "$TMP/err"
ok $? "odd d with rotation data is a usage error"

"$IC" train augmented --d 2 --n 6 --train 128 --batch 32 --epochs 40 --lr 0.05 --class blocks --out "$TMP/tr" >/dev/null
ok $? "tiny training run (blocks class)"
for f in WKQ.npy WV.npy WKQ_init.npy WV_init.npy loss.csv trained.case; do
    [ -s "$TMP/tr/$f" ]
    ok $? "train wrote $f"
done
"$IC" run "$TMP/tr/trained.case" >"$TMP/run.out" 2>&1
rc=$?
[ $rc -eq 0 ] || [ $rc -eq 1 ]
ok $? "trained.case runs to a verdict (rc $rc)"
"$IC" compare augmented --WKQ "$TMP/tr/WKQ.npy" --WV "$TMP/tr/WV.npy" --d 2 --N 5 --out "$TMP/t.json" >/dev/null
grep -q '"eta"' "$TMP/t.json"
ok $? "certificate of trained weights reports eta"
done_testing
