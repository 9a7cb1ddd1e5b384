#!/bin/sh
# Bash completion (icalcheck completion bash): written from the tables that
# parse the commands, so for every command and claim the options it offers
# are exactly those --help lists; values complete as files, directories or
# the listed words; options already given are not offered again.
. "$(dirname "$0")/../lib.sh"
if ! command -v bash >/dev/null 2>&1; then
    T=$((T + 1)); echo "ok $T # SKIP bash not installed"
    done_testing
    exit 0
fi
"$IC" completion bash >"$TMP/c.bash"
ok $? "completion bash: exit 0"
bash -n "$TMP/c.bash"; ok $? "the script parses"
grep -q '^complete -o filenames -F _icalcheck icalcheck$' "$TMP/c.bash"; ok $? "it registers _icalcheck for icalcheck"
# What `make install` installs is this output.
if [ -f "$top_builddir/completion/icalcheck" ]; then
    cmp -s "$TMP/c.bash" "$top_builddir/completion/icalcheck"; ok $? "completion/icalcheck (installed by make install) is up to date"
else
    T=$((T + 1)); echo "ok $T # SKIP completion/icalcheck not built"
fi
"$IC" completion zsh >/dev/null 2>"$TMP/err"
[ $? -eq 2 ] && [ "$(wc -l <"$TMP/err")" -eq 1 ]; ok $? "completion zsh: exit 2, one line"

# comp WORD...: the completions of the last word, sorted, one per line.
comp() {
    bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _icalcheck
             printf "%s\n" "${COMPREPLY[@]}"' _ "$TMP/c.bash" icalcheck "$@" | sed '/^$/d' | sort
}
# The options a --help lists, sorted.
listed() { "$IC" "$@" --help | grep -o '^  --[A-Za-z0-9_-]*\|^  -h, --help' | sed 's/^  //; s/^-h, //' | sort; }

comp "" | grep -qx completion && comp "" | grep -qx run && comp "" | grep -qx -- --version
ok $? "commands complete"
[ "$(comp train "" | tr '\n' ' ')" = "augmented nonaugmented orthogonal pe unitary " ]
ok $? "train CLAIM: the claims with a trainer"
[ "$(comp verify "" | tr '\n' ' ')" = "augmented orthogonal pe unitary " ]; ok $? "verify CLAIM: the claims with verify"
[ "$(comp train augmented --p | tr '\n' ' ')" = "--preset " ]; ok $? "train augmented --p: --preset, no --prec"
for ctx in "train augmented" "train pe" "compare unitary" "compare tokens" "verify orthogonal" "sweep pe" \
    "compare nonaugmented" run report merge claims tokens "cert verify"; do
    # shellcheck disable=SC2086
    comp $ctx -- >"$TMP/got"
    # shellcheck disable=SC2086
    listed $ctx >"$TMP/want"
    [ -s "$TMP/want" ] && cmp -s "$TMP/got" "$TMP/want"; ok $? "$ctx --: the options --help lists ($(wc -l <"$TMP/want"))"
done
[ "$(comp train augmented --data "" | tr '\n' ' ')" = "haar rotations " ]; ok $? "--data completes to its choices"
[ "$(comp train augmented --data=r | tr '\n' ' ')" = "--data=rotations " ]; ok $? "--data=r completes in one word"
[ -z "$(comp train augmented --seed "")" ]; ok $? "a number is not completed"
mkdir -p "$TMP/w/sub"
: >"$TMP/w/A.npy"
comp compare unitary --A "$TMP/w/" | grep -qx "$TMP/w/A.npy"; ok $? "a FILE option completes file names"
[ "$(comp run --out "$TMP/w/" | tr '\n' ' ')" = "$TMP/w/sub " ]; ok $? "a DIR option completes directories only"
comp compare unitary --prec 128 --A=x -- >"$TMP/got"
grep -qx -- --P "$TMP/got" && grep -qx -- --max-prec "$TMP/got" && ! grep -qx -- --prec "$TMP/got" &&
    ! grep -qx -- --A "$TMP/got"
ok $? "options already given (--prec 128, --A=x) are not offered again"
[ "$(comp completion "" | tr '\n' ' ')" = "bash " ]; ok $? "completion SHELL: bash"
[ "$(comp cert "" | tr '\n' ' ')" = "--help verify " ]; ok $? "cert: verify"
done_testing
