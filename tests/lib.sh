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
# wait_stopped PID: waits (up to 120 s) until PID or one of its children
# is stopped, as a trainer run with ICALCHECK_STOP_AFTER_CHECKPOINT=1 stops
# itself after writing a checkpoint; fails if PID ends first.
wait_stopped() {
    _i=0
    while [ $_i -lt 1200 ]; do
        ps -o stat= -p "$1" --ppid "$1" 2>/dev/null | grep -q '^ *T' && return 0
        kill -0 "$1" 2>/dev/null || return 1
        sleep 0.1
        _i=$((_i + 1))
    done
    return 1
}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
