#!/bin/sh
# icalcheck verify/compare/train unitary: checks with nothing to check are
# not_applicable, findings only when their hypothesis occurred, and compare
# names where trained weights sit (at the minimum for the head count, or not
# converged) with the closed-form minimum in the certificate.
. "$(dirname "$0")/../../lib.sh"
check() { # check FILE NAME STATUS: the check NAME has status STATUS
    grep -A8 "\"name\": \"$2\"" "$1" | grep -q "\"status\": \"$3\""
}
"$IC" verify unitary --d 3 --H 3,5 --T 3 --out "$TMP/v1.json" >/dev/null
ok $? "verify unitary without H < d: exit 0"
check "$TMP/v1.json" lower_bound_H_lt_d not_applicable && grep -q '"reason": "no configuration of the sweep has H < d"' "$TMP/v1.json"
ok $? "lower_bound_H_lt_d is not_applicable, with the reason (not a pass)"
! grep -q '"name": "heads_below_d"' "$TMP/v1.json"; ok $? "no heads_below_d finding without H < d"
"$IC" verify unitary --d 3 --H 2,3 --T 3 --out "$TMP/v2.json" >/dev/null
check "$TMP/v2.json" lower_bound_H_lt_d pass && grep -q '"scope": "H < d in the sweep: 8 exact rational points"' "$TMP/v2.json" &&
    grep -q '"name": "heads_below_d"' "$TMP/v2.json"
ok $? "with H = 2 < d = 3: the bound is checked at 8 points and the finding is written"

# H < d with the default steps (20000 there): the minimum (T-1)(d-H) = 8.
"$IC" train unitary --d 4 --H 3 --T 9 --out "$TMP/t" >/dev/null
tail -1 "$TMP/t/loss.csv" | grep -q '^20000,'; ok $? "train unitary with H < d runs 20000 steps by default"
"$IC" compare unitary --A "$TMP/t/A.npy" --B "$TMP/t/B.npy" --P "$TMP/t/P.npy" --out "$TMP/c.json" >/dev/null
[ $? -eq 1 ]; ok $? "compare: exit 1 (C = cI needs H >= d)"
grep -A3 '"name": "min_loss_for_heads"' "$TMP/c.json" | grep -q '"value": "8e+00"' &&
    check "$TMP/c.json" loss_at_least_min_for_heads pass && check "$TMP/c.json" loss_gap_to_min_for_heads pass
ok $? "the minimum 8 is stored; L >= 8 holds exactly and L is within tol-gap of it"
grep -q '"name": "at_minimum_for_heads"' "$TMP/c.json" && ! grep -q '"name": "not_converged"' "$TMP/c.json" &&
    ! grep -q '"name": "stationary_point"' "$TMP/c.json"
ok $? "exactly one finding: at_minimum_for_heads"
"$IC" train unitary --d 4 --H 3 --T 9 --steps 100 --out "$TMP/t100" >/dev/null
"$IC" compare unitary --A "$TMP/t100/A.npy" --B "$TMP/t100/B.npy" --P "$TMP/t100/P.npy" --out "$TMP/c100.json" >/dev/null
grep -q '"name": "not_converged"' "$TMP/c100.json" && check "$TMP/c100.json" gradient_norm fail &&
    check "$TMP/c100.json" hessian_min_eigenvalue not_applicable
ok $? "100 steps: not_converged (gradient check fails, curvature not applicable)"
"$IC" compare unitary --A "$W/A_unitary.npy" --B "$W/B_unitary.npy" --P "$W/P_unitary.npy" --out "$TMP/a.json" >/dev/null
[ $? -eq 0 ] && grep -q '"name": "at_minimum_for_heads"' "$TMP/a.json" && check "$TMP/a.json" hessian_min_eigenvalue info
ok $? "authors' tensors: pass, at the minimum 0, curvature measured"
cd "$TMP" && "$IC" cert verify c.json >/dev/null; ok $? "cert verify reproduces the diagnosis byte for byte"
done_testing
