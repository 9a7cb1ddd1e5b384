# Shared helpers for the shell tests: TAP output and the binary's path.
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
IC="$top_builddir/icalcheck"
CASES="$top_srcdir/cases"
W="$CASES/data/sander2024"
T=0
FAILED=0
ok() { # ok CONDITION-EXIT-STATUS DESCRIPTION
    T=$((T + 1))
    if [ "$1" -eq 0 ]; then echo "ok $T - $2"; else echo "not ok $T - $2"; FAILED=$((FAILED + 1)); fi
}
done_testing() { echo "1..$T"; [ "$FAILED" -eq 0 ]; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
