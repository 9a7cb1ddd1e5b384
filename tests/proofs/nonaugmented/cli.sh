#!/bin/sh
# C6 from the command line: a tiny training run, determinism, the written
# trained.case through `icalcheck run`, and one-line errors on bad inputs.
. "$(dirname "$0")/../../lib.sh"
ARGS="--d 4 --heads 2 --n 6 --epochs 4 --batch 16 --train-size 64 --test-size 16 --eval-every 2 --seed 3"
"$IC" train nonaugmented $ARGS --out "$TMP/a" >/dev/null; ok $? "train nonaugmented: exit 0"
"$IC" train nonaugmented $ARGS --out "$TMP/b" >/dev/null
ok=0; for f in Wq bq Wk bk Wv bv Wo bo ln_weight ln_bias Wf bf pos; do cmp -s "$TMP/a/$f.npy" "$TMP/b/$f.npy" || ok=1; done
ok $ok "same seed: all 13 weight files byte-identical"
cmp -s "$TMP/a/loss.csv" "$TMP/b/loss.csv"; ok $? "same loss curve"
"$IC" run "$TMP/a/trained.case" --out "$TMP/c0" >"$TMP/o"; ok $? "icalcheck run trained.case passes"
"$IC" run "$TMP/a/trained.case" --out "$TMP/c1" >/dev/null && "$IC" run "$TMP/a/trained.case" --out "$TMP/c2" >/dev/null
cmp -s "$TMP/c1/trained.json" "$TMP/c2/trained.json"; ok $? "byte-identical certificates"
"$IC" train nonaugmented --d 5 --data rotations --epochs 1 --out "$TMP/x" 2>"$TMP/e" >/dev/null
[ $? -eq 2 ] && [ "$(wc -l <"$TMP/e")" -eq 1 ]; ok $? "rotations with odd d: exit 2, one line"
"$IC" compare nonaugmented --Wq "$TMP/a/Wq.npy" --bq "$TMP/a/bq.npy" --Wk "$TMP/a/Wk.npy" --bk "$TMP/a/bk.npy" \
  --Wv "$TMP/a/Wv.npy" --bv "$TMP/a/bv.npy" --Wo "$TMP/a/Wo.npy" --bo "$TMP/a/bo.npy" \
  --ln_weight "$TMP/a/ln_weight.npy" --ln_bias "$TMP/a/ln_bias.npy" --Wf "$TMP/a/Wf.npy" --bf "$TMP/a/bf.npy" \
  --pos "$TMP/a/bq.npy" --out "$TMP/bad.json" 2>"$TMP/e" >/dev/null
[ $? -eq 2 ] && [ ! -e "$TMP/bad.json" ] && grep -q "bq.npy" "$TMP/e"; ok $? "1-D pos: exit 2 naming the file"
done_testing
