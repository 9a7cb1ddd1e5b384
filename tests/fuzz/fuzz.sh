#!/bin/sh
# Builds the libFuzzer harnesses tests/fuzz/fuzz_*.c with clang and runs
# each for FUZZ_SECONDS (default 60).  Called by `make fuzz`, which passes
# the library sources, flags and libraries; usable by hand too:
#   FUZZ_SECONDS=600 make fuzz            all harnesses, 10 minutes each
#   make fuzz FUZZ_TARGETS="npy case"     some of them
#   FUZZ_RUN=0 make fuzz                  build only
# Work (new corpus entries, crash files, logs) goes to $builddir/fuzz/;
# the seed corpora in tests/fuzz/corpus/ are read, never written.
set -u
srcdir=${srcdir:-.}
builddir=${builddir:-.}
FUZZ_CC=${FUZZ_CC:-clang}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_RUN=${FUZZ_RUN:-1}
FUZZ_SOURCES=${FUZZ_SOURCES:?library sources (make fuzz sets it)}
FUZZ_EXTRA_SOURCES=${FUZZ_EXTRA_SOURCES:-src/cli/options_output.c}
FUZZ_CPPFLAGS=${FUZZ_CPPFLAGS:-}
FUZZ_LIBS=${FUZZ_LIBS:-}
out="$builddir/fuzz"
mkdir -p "$out/obj" "$out/work" "$out/crashes" || exit 2

# libFuzzer ships with clang (Debian: libclang-rt-14-dev); check it links.
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { return 0; }\n' >"$out/probe.c"
if ! "$FUZZ_CC" -fsanitize=fuzzer "$out/probe.c" -o "$out/probe" 2>/dev/null; then
    echo "make fuzz: '$FUZZ_CC' cannot link -fsanitize=fuzzer (install clang and libclang-rt-dev)" >&2
    exit 2
fi

SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
CFLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 $SAN -I$builddir -I$srcdir/src -I$srcdir/proofs -I$srcdir/tests/fuzz -DHAVE_CONFIG_H $FUZZ_CPPFLAGS"
headers=$(find "$srcdir"/src "$srcdir"/proofs -name "*.h" 2>/dev/null)

# One object per source, rebuilt when the source or any header is newer.
objs=""
for s in $FUZZ_SOURCES $FUZZ_EXTRA_SOURCES; do
    case $s in *.c) ;; *) continue ;; esac
    o="$out/obj/$(echo "$s" | tr / _ | sed 's/\.c$/.o/')"
    objs="$objs $o"
    stale=0
    [ -f "$o" ] || stale=1
    [ "$stale" = 1 ] || [ -z "$(find "$srcdir/$s" $headers -newer "$o" 2>/dev/null | head -n 1)" ] || stale=1
    if [ "$stale" = 1 ]; then
        echo "  FUZZCC   $s"
        "$FUZZ_CC" $CFLAGS -fsanitize=fuzzer-no-link -c "$srcdir/$s" -o "$o" || exit 2
    fi
done

# An archive: each harness pulls in only the objects it needs.
rm -f "$out/libfuzz.a"
ar rcs "$out/libfuzz.a" $objs || exit 2

targets=${FUZZ_TARGETS:-$(cd "$srcdir/tests/fuzz" && ls fuzz_*.c | sed 's/^fuzz_//; s/\.c$//')}
for t in $targets; do
    echo "  FUZZLD   fuzz_$t"
    "$FUZZ_CC" $CFLAGS -fsanitize=fuzzer "$srcdir/tests/fuzz/fuzz_$t.c" "$out/libfuzz.a" $FUZZ_LIBS -o "$out/fuzz_$t" || exit 2
done
[ "$FUZZ_RUN" = 1 ] || exit 0

# Runs one at a time, niced: the suite must not starve other work.
status=0
for t in $targets; do
    mkdir -p "$out/work/$t"
    seeds="$srcdir/tests/fuzz/corpus/$t"
    [ -d "$seeds" ] || seeds=""
    log="$out/$t.log"
    dict=""
    [ -f "$srcdir/tests/fuzz/$t.dict" ] && dict="-dict=$srcdir/tests/fuzz/$t.dict"
    nice -n 19 "$out/fuzz_$t" -max_total_time="$FUZZ_SECONDS" -timeout=20 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 $dict -artifact_prefix="$out/crashes/$t-" \
        "$out/work/$t" $seeds >"$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log")
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
    if [ "$rc" -eq 0 ]; then
        echo "fuzz_$t: ${runs:-?} executions in ${secs:-?} s, $cov, no crash"
    else
        echo "fuzz_$t: CRASH (exit $rc), see $log and $out/crashes/$t-*"
        status=1
    fi
done
exit $status
