#!/bin/sh
# Every --help tells the truth: the test walks every command of
# `icalcheck --help` and every claim of each claim command (verify,
# compare, train, sweep), and checks that
#  - every option the help lists is accepted, with a value exactly when the
#    help shows one (all of them given at once, then an unknown option: the
#    parse must get past them all and stop at the unknown one);
#  - every option it does not list is refused, among the options that leak
#    most easily: the shared parameters (--prec, --max-bytes, --max-prec),
#    every option of the commands without a claim, and every option the
#    same claim lists in its other modes;
#  - `tokens` lists exactly what `compare tokens` lists;
#  - an option given twice is refused with exit 2 and one line;
#  - the claims each command offers are those `icalcheck claims` lists.
. "$(dirname "$0")/../lib.sh"
OPENBLAS_NUM_THREADS=1
export OPENBLAS_NUM_THREADS
# About 600 runs: the binary itself rather than libtool's wrapper script
# when it runs (twice as fast to start).
if [ -x "$top_builddir/.libs/icalcheck" ] &&
    LD_LIBRARY_PATH="$top_builddir/.libs" "$top_builddir/.libs/icalcheck" --version >/dev/null 2>&1; then
    IC="$top_builddir/.libs/icalcheck"
    LD_LIBRARY_PATH="$top_builddir/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    export LD_LIBRARY_PATH
fi

# The options a help lists, one per line: NAME META DEFAULT CHOICE ("-" for
# none).  Option lines start with two spaces and a dash; the text starts at
# column 26 and continues on lines indented by 24 spaces.
options() {
    awk '
    function flush() {
        if (line == "") return
        lhs = substr(line, 3, 22); text = substr(line, 26)
        n = split(lhs, w, " ")
        name = w[1]; meta = n > 1 ? w[n] : "-"
        if (name == "-h,") { name = "--help"; meta = "-" }
        def = "-"
        if (match(text, /\[default [^]]*\]/)) def = substr(text, RSTART + 9, RLENGTH - 10)
        choice = "-"
        if (match(text, /\(([A-Za-z0-9-]+\|)+[A-Za-z0-9-]+\)/)) {
            choice = substr(text, RSTART + 1, RLENGTH - 2); sub(/\|.*/, "", choice)
        }
        print name, meta, def, choice
        line = ""
    }
    /^  -/ { flush(); line = $0; next }
    /^                        / && line != "" { line = line " " substr($0, 25); next }
    { flush() }
    END { flush() }'
}

# A valid value for an option: its default, else its first choice, else
# one that fits its placeholder.
value() { # value META DEFAULT CHOICE
    if [ "$2" != "-" ]; then echo "$2"; return; fi
    if [ "$3" != "-" ]; then echo "$3"; return; fi
    case $1 in
    FILE*) echo "$TMP/in.npy" ;;
    DIR) echo "$TMP/outdir" ;;
    N) echo 64 ;;
    *) echo 1 ;;
    esac
}

# The contexts: each command, and each command followed by each of its claims.
cmds=$("$IC" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }')
[ -n "$cmds" ]; ok $? "icalcheck --help lists the commands"
: >"$TMP/contexts"
for cmd in $cmds; do
    "$IC" "$cmd" --help >"$TMP/h" 2>&1 || { ok 1 "$cmd --help exits 0"; continue; }
    first=$(head -n 1 "$TMP/h")
    case $first in
    "Usage: icalcheck $cmd CLAIM"*)
        echo "$cmd" >>"$TMP/contexts"
        claims=$(sed -n 's/^Claims[^:]*://p' "$TMP/h")
        [ -n "$claims" ]; ok $? "$cmd --help names its claims:$claims"
        for c in $claims; do echo "$cmd $c" >>"$TMP/contexts"; done
        echo "$cmd:$claims" >>"$TMP/claims_of" ;;
    "Usage: icalcheck $cmd verify"*) echo "$cmd verify" >>"$TMP/contexts" ;;
    *) echo "$cmd" >>"$TMP/contexts" ;;
    esac
done

# The claims of each mode agree with `icalcheck claims`.
for m in verify compare train; do
    want=$("$IC" claims | awk -v m="$m" '$0 ~ "\\[.*" m { print $1 }' | sort | tr '\n' ' ')
    got=$(sed -n "s/^$m://p" "$TMP/claims_of" | tr ' ' '\n' | sed '/^$/d' | sort | tr '\n' ' ')
    [ "$want" = "$got" ]; ok $? "$m offers the claims with a $m mode: $got"
done
want=$("$IC" claims | awk '/\[verify/ { print $1 }' | sort | tr '\n' ' ')
got=$(sed -n "s/^sweep://p" "$TMP/claims_of" | tr ' ' '\n' | sed '/^$/d' | sort | tr '\n' ' ')
[ "$want" = "$got" ]; ok $? "sweep offers the claims with a verify mode: $got"

# Every context's listed options.
while read -r ctx; do
    f="$TMP/opts.$(echo "$ctx" | tr ' ' _)"
    # shellcheck disable=SC2086
    "$IC" $ctx --help >"$TMP/h" 2>"$TMP/err"
    [ $? -eq 0 ] && [ ! -s "$TMP/err" ] && grep -q "^Usage: icalcheck " "$TMP/h"
    ok $? "$ctx --help: exit 0, a usage line, nothing on stderr"
    options <"$TMP/h" >"$f"
    grep -q '^--help ' "$f"; ok $? "$ctx --help lists -h, --help"
done <"$TMP/contexts"

# `tokens` is `compare tokens`.
cmp -s "$TMP/opts.tokens" "$TMP/opts.compare_tokens"; ok $? "tokens lists the options of compare tokens"

# Options of the commands without a claim, and the shared parameters.
for ctx in $(awk 'NF == 1' "$TMP/contexts"); do
    [ -n "$(sed -n "s/^$ctx://p" "$TMP/claims_of")" ] && continue
    [ "$ctx" = tokens ] && continue
    cut -d' ' -f1 "$TMP/opts.$ctx"
done >"$TMP/global"
printf '%s\n' --prec --max-bytes --max-prec --out >>"$TMP/global"

while read -r ctx; do
    set -- $ctx
    cmd=$1 claim=${2:-}
    f="$TMP/opts.$(echo "$ctx" | tr ' ' _)"
    claimless=0
    [ -z "$claim" ] && [ -n "$(sed -n "s/^$cmd://p" "$TMP/claims_of")" ] && claimless=1

    # Listed options are accepted: all of them at once, then an unknown one.
    args="" n=0
    while read -r name meta def choice; do
        [ "$name" = --help ] && continue
        n=$((n + 1))
        if [ "$meta" = "-" ]; then
            args="$args $name"
        else
            args="$args $name $(value "$meta" "$def" "$choice")"
        fi
    done <"$f"
    if [ $claimless = 1 ]; then
        # shellcheck disable=SC2086
        "$IC" $ctx --zz-bogus 1 >/dev/null 2>"$TMP/err"
        [ $? -eq 2 ] && grep -q "missing CLAIM" "$TMP/err"
        ok $? "$ctx: without a claim only --help is accepted"
    else
        # shellcheck disable=SC2086
        "$IC" $ctx $args --zz-bogus 1 >/dev/null 2>"$TMP/err"
        [ $? -eq 2 ] && [ "$(wc -l <"$TMP/err")" -eq 1 ] && grep -q "unknown option --zz-bogus" "$TMP/err"
        ok $? "$ctx: its $n listed options are accepted$( [ -s "$TMP/err" ] && ! grep -q zz-bogus "$TMP/err" &&
            echo " (got: $(cat "$TMP/err"))")"
    fi

    # Unlisted options are refused (without a claim, everything is: above).
    [ $claimless = 1 ] && continue
    {
        cat "$TMP/global"
        [ -n "$claim" ] && for g in "$TMP"/opts.*_"$claim"; do cut -d' ' -f1 "$g"; done
    } | sort -u >"$TMP/candidates"
    cut -d' ' -f1 "$f" | sort -u >"$TMP/listed"
    bad=""
    for name in $(comm -23 "$TMP/candidates" "$TMP/listed"); do
        # shellcheck disable=SC2086
        "$IC" $ctx "$name" 1 --zz-bogus 1 >/dev/null 2>"$TMP/err"
        rc=$?
        if [ $rc -ne 2 ] || { ! grep -q "unknown option $name\$" "$TMP/err" && ! grep -q "missing CLAIM" "$TMP/err"; }; then
            bad="$bad $name"
        fi
    done
    [ -z "$bad" ]; ok $? "$ctx: $(comm -23 "$TMP/candidates" "$TMP/listed" | wc -l) unlisted options refused${bad:+; accepted:$bad}"

    # An option given twice: exit 2, one line.  The first and last listed
    # option and every flag.
    { sed -n '1p' "$f"; grep -v '^--help ' "$f" | tail -n 1; awk '$2 == "-" && $1 != "--help"' "$f"; } |
        sort -u | while read -r name meta def choice; do
        [ "$name" = --help ] && continue
        v=""
        [ "$meta" != "-" ] && v=$(value "$meta" "$def" "$choice")
        # shellcheck disable=SC2086
        "$IC" $ctx $name $v $name $v >/dev/null 2>"$TMP/err"
        [ $? -eq 2 ] && [ "$(wc -l <"$TMP/err")" -eq 1 ] && grep -q "option $name given twice" "$TMP/err"
        echo "$? $ctx: $name given twice is refused"
    done >"$TMP/twice"
    while read -r rc what; do ok "$rc" "$what"; done <"$TMP/twice"
done <"$TMP/contexts"

# The bug this test was written for.
"$IC" train augmented --help >"$TMP/h"
! grep -q -- '--prec\|--max-bytes\|--max-prec' "$TMP/h"; ok $? "train augmented lists no --prec, --max-bytes, --max-prec"
grep -A1 -- '--data-file' "$TMP/h" | grep -q '\[required\]'
[ $? -ne 0 ]; ok $? "train augmented: --data-file is optional, not [required]"
done_testing
