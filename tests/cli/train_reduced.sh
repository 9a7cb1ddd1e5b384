#!/bin/sh
# icalcheck train unitary|orthogonal: outputs, the generated case, bad input.
. "$(dirname "$0")/../lib.sh"
"$IC" train orthogonal --d 4 --H 2 --T 6 --seed 4 --out "$TMP/o" >/dev/null
ok $? "train orthogonal d = 4, H = d/2 (seed 4: GD reaches zero loss): exit 0"
for f in A.npy B.npy P.npy A0.npy B0.npy P0.npy loss.csv trained.case; do
    [ -s "$TMP/o/$f" ] || break
done
ok $? "all outputs written"
head -1 "$TMP/o/loss.csv" | grep -q '^step,loss$'; ok $? "loss curve has a header"
"$IC" run "$TMP/o" --out "$TMP/oc" >"$TMP/out"; ok $? "icalcheck run on the output directory passes"
grep -q '"verdict": "pass"' "$TMP/oc/trained.json"; ok $? "its certificate says pass"
"$IC" train unitary --out "$TMP/u" >/dev/null && "$IC" run "$TMP/u" --out "$TMP/uc" >/dev/null
ok $? "train unitary (authors' settings) and its case passes"
"$IC" train unitary --d 4 --H 3 --T 5 --steps 2000 --lr 0.01 --out "$TMP/u3" >/dev/null &&
    "$IC" run "$TMP/u3" --out "$TMP/u3c" >/dev/null
ok $? "unitary H < d: the trained case expects fail and fails"
"$IC" train orthogonal --d 5 --out "$TMP/bad" 2>"$TMP/err"
[ $? -eq 2 ]; ok $? "odd d: exit 2"
[ "$(wc -l <"$TMP/err")" -eq 1 ] && grep -q "odd" "$TMP/err"; ok $? "one-line error naming the problem"
[ ! -e "$TMP/bad/A.npy" ]; ok $? "no partial output"
"$IC" train orthogonal --steps 10 --loss other --out "$TMP/bad2" 2>/dev/null
[ $? -eq 2 ]; ok $? "unknown --loss: exit 2"
"$IC" train orthogonal --d 4 --H 2 --lr 10 --steps 100 --out "$TMP/div" 2>"$TMP/err"
[ $? -eq 2 ] && grep -q diverged "$TMP/err"; ok $? "lr 10 diverges: exit 2 with a message"
[ -z "$(ls "$TMP/div")" ]; ok $? "a diverged run writes nothing"
# ---- checkpoints: killed mid-way, resumed, the same bytes ----
"$IC" train orthogonal --d 4 --H 2 --T 6 --seed 4 --out "$TMP/full" >/dev/null
ok $? "an uninterrupted 100000-step run"
[ ! -e "$TMP/full/checkpoint.npy" ]; ok $? "a finished run leaves no checkpoint"
ICALCHECK_STOP_AFTER_CHECKPOINT=1 "$IC" train orthogonal --d 4 --H 2 --T 6 --seed 4 --out "$TMP/cut" >/dev/null 2>&1 &
pid=$!
wait_stopped $pid
stopped=$?
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
[ $stopped -eq 0 ] && [ -e "$TMP/cut/checkpoint.npy" ] && [ ! -e "$TMP/cut/A.npy" ]
ok $? "killed after its first checkpoint: a checkpoint, no weights"
"$IC" train orthogonal --d 4 --H 2 --T 6 --seed 4 --lr 2e-3 --resume yes --out "$TMP/cut" \
    >/dev/null 2>"$TMP/err"
[ $? -eq 2 ] && grep -q "other options" "$TMP/err" && [ ! -e "$TMP/cut/A.npy" ]
ok $? "--resume with another --lr: exit 2, the checkpoint is refused"
"$IC" train orthogonal --d 4 --H 2 --T 6 --seed 4 --resume yes --out "$TMP/cut" >/dev/null
ok $? "--resume yes: exit 0"
same=0
for f in A.npy B.npy P.npy A0.npy B0.npy P0.npy loss.csv trained.case; do
    cmp -s "$TMP/full/$f" "$TMP/cut/$f" || { same=1; echo "# differs: $f"; }
done
ok $same "the resumed run's files equal the uninterrupted run's, byte for byte"
[ "$(ls "$TMP/cut" | wc -l)" -eq 8 ]; ok $? "and nothing else is left (checkpoint and temporaries removed)"
"$IC" train unitary --resume yes --out "$TMP/u2" >/dev/null && cmp -s "$TMP/u/A.npy" "$TMP/u2/A.npy"
ok $? "--resume yes without a checkpoint: an ordinary run"
done_testing
