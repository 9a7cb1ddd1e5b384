#!/bin/sh
# The Python module (python/icalcheck/, doc/python.md) on the library just
# built: tests/python/test_module.py prints the TAP, run from the source tree
# so that the relative paths it gives match the command line's.
. "$(dirname "$0")/../lib.sh"
PY=${PYTHON:-/usr/bin/python3}
if [ "$PY" = ":" ] || ! "$PY" -c "import numpy" 2>/dev/null; then
    echo "1..0 # SKIP no python3 with numpy ($PY; sh bootstrap installs python3-numpy)"
    exit 0
fi
ICALCHECK_LIB="$top_builddir/.libs/libicalcheck.so.0"
PYTHONPATH="$top_srcdir/python"
PYTHONDONTWRITEBYTECODE=1
export ICALCHECK_LIB PYTHONPATH PYTHONDONTWRITEBYTECODE
# A sanitizer build's library needs the ASan runtime loaded first, which
# python3 is not linked with; Python's own allocations are not ours to
# check for leaks.
case "$SAN_CFLAGS" in
*address*)
    LD_PRELOAD=$(${CC:-gcc} -print-file-name=libasan.so)
    ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
    export LD_PRELOAD ASAN_OPTIONS
    ;;
esac
cd "$top_srcdir" || exit 99
"$PY" "$top_srcdir/tests/python/test_module.py" "$IC" "$TMP"
