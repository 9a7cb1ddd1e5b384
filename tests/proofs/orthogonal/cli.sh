#!/bin/sh
# icalcheck verify/compare orthogonal: vacuous checks are not_applicable, and
# compare names where trained weights sit: at the minimum (T-1)(d-2H), stuck
# at a stationary point (of the e = -c family or not), or not converged.
. "$(dirname "$0")/../../lib.sh"
check() { # check FILE NAME STATUS
    grep -A8 "\"name\": \"$2\"" "$1" | grep -q "\"status\": \"$3\""
}
"$IC" verify orthogonal --d 4 --H 2,4 --T 3 --out "$TMP/v.json" >/dev/null
ok $? "verify orthogonal without H < d/2: exit 0"
check "$TMP/v.json" lower_bound_H_lt_d_half not_applicable; ok $? "the lower bound with 0 points is not_applicable"
! grep -q '"name": "minimum_below_d_half"' "$TMP/v.json"; ok $? "no minimum_below_d_half finding"
"$IC" run "$CASES/orthogonal_trained_d4_H2_stalled.case" "$CASES/orthogonal_trained_d6_H2.case" \
    "$CASES/orthogonal_authors.case" --out "$TMP/c" >/dev/null
ok $? "the three cases give their expected verdicts"
s="$TMP/c/orthogonal_trained_d4_H2_stalled.json"
grep -q '"name": "stationary_point"' "$s" && grep -q 'of the e = -c family: every pair' "$s" &&
    check "$s" gradient_norm pass && check "$s" hessian_min_eigenvalue pass
ok $? "stalled run: stationary_point of the e = -c family, no negative curvature"
m="$TMP/c/orthogonal_trained_d6_H2.json"
grep -q '"name": "at_minimum_for_heads"' "$m" && grep -A3 '"name": "min_loss_for_heads"' "$m" | grep -q '"value": "1.4e+01"'
ok $? "d = 6, H = 2: at the minimum (T-1)(d-2H) = 14"
a="$TMP/c/orthogonal_authors.json"
grep -q '"name": "not_converged"' "$a" && grep -q 'proven negative curvature' "$a" &&
    check "$a" loss_gap_to_min_for_heads pass && check "$a" gradient_norm info
ok $? "authors' tensors: within tol-gap of 0 but not converged (negative curvature proven)"
"$IC" train orthogonal --d 10 --T 20 --H 3 --seed 2 --out "$TMP/t" >/dev/null &&
    "$IC" compare orthogonal --A "$TMP/t/A.npy" --B "$TMP/t/B.npy" --P "$TMP/t/P.npy" --out "$TMP/t.json" >/dev/null
[ $? -eq 1 ] && grep -q '"name": "at_minimum_for_heads"' "$TMP/t.json" && grep -q '3 solved (e = c), 0 at e = -c, 2 zero' "$TMP/t.json"
ok $? "d = 10, H = 3, seed 2: at the minimum 76 (3 pairs solved, 2 zero), not 'not converged'"
done_testing
