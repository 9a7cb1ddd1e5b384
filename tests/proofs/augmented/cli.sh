#!/bin/sh
# C1 through the CLI: the shipped compare cases, bad inputs, and a tiny
# training run whose output directory is compared and re-run as a case.
. "$(dirname "$0")/../../lib.sh"
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
"$IC" run "$TMP/tr/trained.case" --out "$TMP/certs" >"$TMP/run.out" 2>&1
rc=$?
[ $rc -eq 0 ] || [ $rc -eq 1 ]
ok $? "trained.case runs to a verdict (rc $rc)"
"$IC" compare augmented --WKQ "$TMP/tr/WKQ.npy" --WV "$TMP/tr/WV.npy" --d 2 --N 5 --out "$TMP/t.json" >/dev/null
grep -q '"eta"' "$TMP/t.json"
ok $? "certificate of trained weights reports eta"

# The authors' extras: a tiny run with the preset, every parameter file
# written (weights, biases, LayerNorm, output maps, initial values, data).
"$IC" train augmented --preset authors --data haar --d 2 --n 5 --train 32 --batch 16 --epochs 3 \
    --save-data yes --out "$TMP/au" >/dev/null
ok $? "tiny training run with --preset authors"
missing=0
for f in WQ WK WV bQ bK bV WO bO ln_g ln_b WF bF; do
    [ -s "$TMP/au/$f.npy" ] && [ -s "$TMP/au/${f}_init.npy" ] || missing=1
done
[ $missing -eq 0 ] && [ -s "$TMP/au/data.npy" ] && [ ! -e "$TMP/au/WKQ.npy" ]
ok $? "authors preset writes all 12 parameter files, their initial values and data.npy"
grep -q '^ln-g = ln_g.npy' "$TMP/au/trained.case" && grep -q '^residual = yes' "$TMP/au/trained.case" &&
    grep -q '^scale = sqrt' "$TMP/au/trained.case"
ok $? "its trained.case names the extras"
"$IC" train augmented --preset authors --data haar --d 2 --n 5 --train 32 --batch 16 --epochs 3 --out "$TMP/au2" >/dev/null &&
    cmp -s "$TMP/au/WQ.npy" "$TMP/au2/WQ.npy" && cmp -s "$TMP/au/ln_g.npy" "$TMP/au2/ln_g.npy" &&
    cmp -s "$TMP/au/loss.csv" "$TMP/au2/loss.csv"
ok $? "authors preset: same seed, byte-identical weights and loss curve"
"$IC" run "$TMP/au/trained.case" --out "$TMP/auc" >/dev/null 2>&1
rc=$?
[ $rc -eq 0 ] || [ $rc -eq 1 ]
ok $? "authors trained.case runs to a verdict (rc $rc)"
grep -q '"eta_fit"' "$TMP"/auc/*.json
ok $? "its certificate reports the fitted step of the full model"
"$IC" train augmented --preset authors --layernorm no --class blocks --out "$TMP/bad" 2>"$TMP/err" >/dev/null
[ $? -eq 2 ] && grep -q 'class blocks' "$TMP/err"
ok $? "--class blocks with extras is a usage error"

X="$A/construction_extras.npz"
"$IC" compare augmented --WQ "$X:WQ" --WK "$X:WK" --WV "$X:WV" --bK "$X:bK" --d 4 --N 19 2>"$TMP/err" >/dev/null
[ $? -eq 2 ] && grep -q -- '--bK' "$TMP/err" && [ "$(wc -l <"$TMP/err")" -eq 1 ]
ok $? "a key bias without the other biases: one-line input error (exit 2)"
"$IC" compare augmented --WQ "$X:WQ" --WK "$X:WK" --WV "$X:WV" --WO "$X:WO" --d 4 --N 19 2>"$TMP/err" >/dev/null
[ $? -eq 2 ] && grep -q -- 'missing --WF' "$TMP/err"
ok $? "W_O without W_F: input error naming the missing file (exit 2)"
"$IC" compare augmented --WQ "$X:WQ" --WK "$X:WK" --WV "$X:bV" --d 4 --N 19 2>"$TMP/err" >/dev/null
[ $? -eq 2 ] && grep -q 'construction_extras.npz' "$TMP/err"
ok $? "a vector given as W_V: input error naming the file (exit 2)"

# Threads and resume: batches of 600 make three groups (256, 256, 88);
# 1 and 3 threads give the same bytes, and a run killed after its first
# checkpoint and resumed ends with the bytes of an uninterrupted one.
AU="--preset authors --data haar --d 2 --n 6 --train 1200 --batch 600 --epochs 60 --seed 4"
"$IC" train augmented $AU --threads 1 --out "$TMP/t1" 2>/dev/null >/dev/null &&
    "$IC" train augmented $AU --threads 3 --out "$TMP/t3" 2>/dev/null >/dev/null
ok $? "authors preset with 1 and 3 threads"
ok=0; for f in WQ WK WV bQ bK bV WO bO ln_g ln_b WF bF; do cmp -s "$TMP/t1/$f.npy" "$TMP/t3/$f.npy" || ok=1; done
cmp -s "$TMP/t1/loss.csv" "$TMP/t3/loss.csv" || ok=1
ok $ok "1 and 3 threads: byte-identical weights and loss curve"
ICALCHECK_STOP_AFTER_CHECKPOINT=1 "$IC" train augmented $AU --threads 2 --out "$TMP/tk" 2>/dev/null >/dev/null &
pid=$!
wait_stopped $pid; stopped=$?
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
[ $stopped -eq 0 ] && [ -s "$TMP/tk/checkpoint.npy" ] && [ ! -e "$TMP/tk/trained.case" ]
ok $? "a run killed mid-way leaves a checkpoint and no results"
"$IC" train augmented $AU --lr 0.02 --resume yes --out "$TMP/tk" 2>"$TMP/err" >/dev/null
[ $? -eq 2 ] && grep -q "checkpoint.npy: checkpoint of a run with other options" "$TMP/err" && [ "$(wc -l <"$TMP/err")" -eq 1 ]
ok $? "resume with another --lr: exit 2, one line naming the checkpoint"
"$IC" train augmented $AU --threads 1 --resume yes --out "$TMP/tk" 2>/dev/null >/dev/null
ok $? "--resume yes finishes it"
ok=0; [ ! -e "$TMP/tk/checkpoint.npy" ] || ok=1
for f in WQ WK WV bQ bK bV WO bO ln_g ln_b WF bF WQ_init loss.csv trained.case; do
    g=$f; case $f in *.*) ;; *) g=$f.npy ;; esac
    cmp -s "$TMP/t1/$g" "$TMP/tk/$g" || ok=1
done
ok $ok "resumed run: every output byte-identical to the uninterrupted run, checkpoint removed"

# The closed-form optimum for a given d and N, certified and printed.
"$IC" verify augmented --d 5 --N 49 --T 1 --search off --out "$TMP/v.json" >"$TMP/v.out"
ok $? "verify --d 5 --N 49 --search off passes"
grep -q 'eta_star_pool_d5_N49 *1.35135135135135135' "$TMP/v.out" &&
    grep -q 'eta_star_d5_T49 *9.43396226415094339' "$TMP/v.out" &&
    grep -q 'loss_star_pool_d5_N49 *1.58918918918918918' "$TMP/v.out"
ok $? "stdout shows eta*_pool = 15/111, eta*(49) = 5/53 and the pooled minimum 1764/111"
grep -q '"loss_star_d5_T49"' "$TMP/v.json"
ok $? "the certificate records the minimal single-position loss"
# Proof kinds: the parametric statements in the certificate, the report and claims --proofs.
mkdir -p "$TMP/pk"
"$IC" verify augmented --d 2 --T 1 --N 2 --grid-N 0 --search off --out "$TMP/pk/v.json" >"$TMP/pk.out"
ok $? "verify augmented --d 2 --search off passes"
grep -q 'eta_star_parametric *d/(d + T - 1) = d/(T+d-1)' "$TMP/pk.out" &&
    grep -q 'eta_pool_parametric *3\*d/(3\*d + 2\*N - 2) = 3\*d/(2\*N+3\*d-2)' "$TMP/pk.out"
ok $? "stdout shows eta*(T) and eta*_pool derived for all d, T, N next to the stated forms"
grep -A12 '"name": "eta_star_parametric"' "$TMP/pk/v.json" | grep -q '"scope": "all d >= 1, T >= 1"'
ok $? "the certificate states the range proved"
"$IC" report "$TMP/pk" --out "$TMP/pk.html" 2>/dev/null &&
    grep -q '<th>proof</th>' "$TMP/pk.html" && grep -q 'class="pk pk-parametric"' "$TMP/pk.html" &&
    grep -q 'class="pk pk-symbolic"' "$TMP/pk.html" && grep -q '<details class="statements">' "$TMP/pk.html"
ok $? "the report shows proof-kind badges and the claim's statements"
"$IC" claims --proofs | grep -A1 'parametric verify   eta\*(T) = d/(T+d-1)' | grep -q 'check eta_star_parametric; for all d >= 1, T >= 1'
ok $? "claims --proofs lists eta*(T) as parametric for all d >= 1, T >= 1"
done_testing
