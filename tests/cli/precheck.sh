#!/bin/sh
# The claims' parameter pre-check (ic_claim.check, issue 18 item 10): a job
# whose parameters break a constraint between them (an even d, c != 0 and
# e != -c, one --k per (T, mu) pair, ...) is refused when `run` loads it,
# with exit 2, one line naming the case file, and nothing written, not
# even the first case's certificate or --out itself; `train`, `sweep` and
# `reproduce` refuse likewise before writing, with the same line as the
# mode's entry point.
. "$(dirname "$0")/../lib.sh"
cp "$W/A_unitary.npy" "$W/B_unitary.npy" "$W/P_unitary.npy" "$TMP/"
cd "$TMP" || exit 1

# refused_run WORD CASE: `run first.case CASE --out out` exits 2 with one
# stderr line holding "CASE: WORD", prints no TAP, and out does not exist.
refused_run() {
    "$IC" run first.case "$2" --out out >stdout 2>stderr
    rc=$?
    if [ $rc -eq 2 ] && [ "$(wc -l <stderr)" -eq 1 ] && grep -qF -- "$2: $1" stderr && [ ! -s stdout ] &&
        [ ! -e out ]; then
        return 0
    fi
    echo "# rc=$rc stderr: $(cat stderr) stdout: $(head -c 200 stdout) out: $(ls out 2>&1)"
    return 1
}
# refused WORD ARGS...: exit 2 with exactly one stderr line holding WORD.
refused() {
    word=$1
    shift
    "$IC" "$@" >stdout 2>stderr
    rc=$?
    if [ $rc -eq 2 ] && [ "$(wc -l <stderr)" -eq 1 ] && grep -qF -- "$word" stderr; then
        return 0
    fi
    echo "# rc=$rc stderr: $(cat stderr)"
    return 1
}

# the first case of every run: fine, and quick
printf 'claim = unitary\nmode = verify\nexpect = pass\nd = 1\nH = 1\nT = 2\n' >first.case

# unitary: the exact proofs and the sampled cross-check both off
printf 'claim = unitary\nmode = verify\nd = 2\nexact = 0\nsampled = 0\n' >u.case
refused_run "--exact, --sampled: each 0 or 1, and not both 0" u.case; ok $? "unitary: --exact 0 with --sampled 0 refused at load"

# orthogonal: an odd d; the zero-loss family at e = -c
printf 'claim = orthogonal\nmode = verify\nexpect = pass\nd = 3\nH = 2\nT = 2\n' >o_odd.case
refused_run "--d: 3 is odd (the orthogonal case pairs coordinates)" o_odd.case; ok $? "orthogonal: odd --d refused at load"
printf 'claim = orthogonal\nmode = verify\nd = 2\nc = 1.5\ne = -1.5\n' >o_family.case
refused_run "--c, --e: the family needs c != 0 and e != -c" o_family.case; ok $? "orthogonal: e = -c refused at load"

# augmented: rotation data at an odd d; --WKQ beside --WQ; a dense search
# beyond its size limit
printf 'claim = augmented\nmode = compare\nWKQ = A_unitary.npy\nWV = B_unitary.npy\nd = 3\n' >a_odd.case
refused_run "--d: rotation data needs an even d, got 3 (use --data haar)" a_odd.case; ok $? "augmented: rotation data with odd --d refused at load"
printf 'claim = augmented\nmode = compare\nWKQ = A_unitary.npy\nWQ = A_unitary.npy\nWK = B_unitary.npy\nWV = B_unitary.npy\nd = 4\n' >a_both.case
refused_run "give either --WKQ or --WQ and --WK, not both" a_both.case; ok $? "augmented: --WKQ with --WQ/--WK refused at load"
printf 'claim = augmented\nmode = compare\nWKQ = A_unitary.npy\nWV = B_unitary.npy\nbK = P_unitary.npy\nd = 4\n' >a_extra.case
refused_run "--bK: not part of the model the other files describe" a_extra.case; ok $? "augmented: a bias without --bQ refused at load"
printf 'claim = augmented\nmode = verify\nd = 2\nT = 1\nN = 1\nsearch-d = 8\nsearch-N = 200\n' >a_search.case
refused_run "dense search: d = 8, T = 1..200 needs about" a_search.case; ok $? "augmented: --search-d x --search-N beyond the search's limit refused at load"

# pe: one --k for two (T, mu) pairs; lr beyond (T-1)/T for T = 3
printf 'claim = pe\nmode = verify\nmu = 50,100\nT = 30\nk = 5\n' >p_k.case
refused_run "--k: 1 values given for 2 (T, mu) pairs" p_k.case; ok $? "pe: --k count against the (T, mu) pairs refused at load"
printf 'claim = pe\nmode = verify\nmu = 50\nT = 30,3\nlr = 0.9\n' >p_lr.case
refused_run "lr must lie in (0, (T-1)/T]" p_lr.case; ok $? "pe: lr > (T-1)/T for the second T refused at load"
printf 'claim = pe\nmode = compare\nP = P_unitary.npy\nmu = 50\nT = 3\nlr = 0.9\n' >p_cmp.case
refused_run "lr must lie in (0, (T-1)/T]" p_cmp.case; ok $? "pe compare: lr against --T refused at load"

# The same line from the entry point itself (verify), without the prefix.
"$IC" verify orthogonal --d 3 --H 2 --T 2 >/dev/null 2>direct
grep -qxF "icalcheck: --d: 3 is odd (the orthogonal case pairs coordinates)" direct; ok $? "verify gives the same line"
"$IC" verify pe --mu 50 --T 3 --lr 0.9 >/dev/null 2>direct
[ $? -eq 2 ] && grep -qF "lr must lie in (0, (T-1)/T]" direct; ok $? "verify pe gives the same line, exit 2"

# In range: a job that passes the pre-check still runs, whole.
printf 'claim = orthogonal\nmode = verify\nexpect = pass\nd = 2\nH = 1\nT = 2\nud = 1\nuT = 2\nc = 1\ne = 1\n' >o_ok.case
printf 'claim = pe\nmode = verify\nexpect = pass\nmu = 50\nT = 3\nlr = 0.5\n' >p_ok.case
"$IC" run first.case o_ok.case p_ok.case --out good >stdout 2>stderr; ok $? "an in-range job runs (exit 0)"
[ -s good/first.json ] && [ -s good/o_ok.json ] && [ -s good/p_ok.json ]; ok $? "and writes every certificate"
grep -q '^ok 2 - o_ok: orthogonal verify pass' stdout; ok $? "with the expected verdict"

# nonaugmented and tokens: every constraint of their compare modes is a
# range of the spec, refused when the case is read (FILE:LINE); their
# trainers' constraints go through the pre-check in `train`, before --out
# is made.
refused "--d: data 'unitary' needs an even d, got 3" train nonaugmented --d 3 --data unitary --out tr_na
ok $? "train nonaugmented: unitary data with odd --d refused"
[ ! -e tr_na ]; ok $? "before --out is made"
refused "--d: 5 is odd (the orthogonal case pairs coordinates)" train orthogonal --d 5 --out tr_o
ok $? "train orthogonal: odd --d refused"
[ ! -e tr_o ]; ok $? "before --out is made"
refused "--class blocks: only in the theory setting" train augmented --class blocks --preset authors --out tr_a
ok $? "train augmented: --class blocks with the authors' extras refused"
[ ! -e tr_a ]; ok $? "before --out is made"

# sweep: every point is pre-checked before any runs or any task is written.
refused "sweep point 1 (d=3 T=2 H=1 ud=1 uT=2): --d: 3 is odd" sweep orthogonal --d 2,3 --T 2 --H 1 --ud 1 --uT 2 \
    --out sw --emit-tasks
ok $? "sweep --emit-tasks: an odd d at point 1 refused"
[ ! -e sw ]; ok $? "no tasks written"
refused "sweep point 1 (mu=50 T=3): lr must lie in" sweep pe --mu 50 --T 30,3 --lr 0.9 --out sw
ok $? "sweep pe: lr against the second point's T refused"
[ ! -e sw ]; ok $? "nothing written"

# reproduce: every experiment's parameters are checked before the run
# directory is made (here tokens' --seq-len from the command line).
TOK="$CASES/data/tokens"
refused "fig4-tokens-user-s1: --seq-len: 300 is outside 2..256" reproduce fig4 --embeddings "$TOK/embeddings.npy" \
    --ids "$TOK/ids_ar.npy" --seq-len 300 --out rep
ok $? "reproduce: a tokens setting beyond its claim's range refused"
[ ! -e rep ]; ok $? "before the run directory is made"
done_testing
