#!/bin/sh
# The house rules of doc/architecture.md, checked on the sources: the one-way
# include ladder, no claim including another, no include cycles, a one-line
# summary atop every file, and a test file for every library module.
. "$(dirname "$0")/lib.sh"
cd "$top_srcdir" || exit 1

files=$(find src proofs -name '*.[ch]' | LC_ALL=C sort)
edges="$TMP/edges"

# One line per include between project files: FROM TO (paths from the root).
for f in $files; do
    sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f" | while read -r h; do
        case $h in
        config.h) ;;
        *) if [ -f "src/$h" ]; then echo "$f src/$h"
           elif [ -f "proofs/$h" ]; then echo "$f proofs/$h"
           elif [ -f "$(dirname "$f")/$h" ]; then echo "$f $(dirname "$f")/$h"
           else echo "$f MISSING/$h"; fi ;;
        esac
    done
done >"$edges"

ok "$(grep -c ' MISSING/' "$edges" | tr -d ' ')" "every include names a project header that exists"

# The ladder: a file includes only headers of its own folder or of a lower rung.
rung() {
    case $1 in
    src/base/*) echo 0 ;;
    src/numbers/* | src/formats/* | src/html/*) echo 1 ;;
    src/spectra/* | src/expectations/*) echo 2 ;;
    src/certificates/*) echo 3 ;;
    src/training/* | src/exact/* | src/report/*) echo 4 ;;
    proofs/claims.c | src/reproduce/*) echo 6 ;;
    proofs/*) echo 5 ;;
    src/cli/*) echo 7 ;;
    src/api/*) echo 8 ;;
    *) echo 99 ;;
    esac
}
folder() { # the module folder: src/X or proofs/X
    echo "$1" | awk -F/ '{ print (NF > 2) ? $1 "/" $2 : $1 }'
}
bad=""
while read -r from to; do
    fr=$(rung "$from")
    tr_=$(rung "$to")
    ff=$(folder "$from")
    tf=$(folder "$to")
    if [ "$ff" != "$tf" ] && [ "$tr_" -ge "$fr" ]; then
        bad="$bad $from->$to"
    fi
done <"$edges"
ok "$(echo "$bad" | wc -w | tr -d ' ')" "includes follow the ladder base < numbers, formats, html < spectra, expectations < certificates < training, exact < proofs < reproduce < cli < api:$bad"

# No claim includes another claim.
cross=$(awk '$1 ~ /^proofs\/[a-z]+\// && $2 ~ /^proofs\// {
    split($1, a, "/"); split($2, b, "/"); if (a[2] != b[2]) print $1 "->" $2 }' "$edges")
ok "$(echo $cross | wc -w | tr -d ' ')" "no claim includes another claim's header $cross"

# No include cycle between files (a .c and its own .h are one module).
cycles=$(awk '
    function mod(p) { sub(/\.[ch]$/, "", p); return p }
    { a = mod($1); b = mod($2); if (a != b && !seen[a SUBSEP b]++) { adj[a] = adj[a] " " b; nodes[a]; nodes[b] } }
    function dfs(u,   i, n, v, parts) {
        state[u] = 1
        n = split(adj[u], parts, " ")
        for (i = 1; i <= n; i++) {
            v = parts[i]
            if (state[v] == 1) { found = found " " u "<->" v }
            else if (state[v] == 0) dfs(v)
        }
        state[u] = 2
    }
    END { for (u in nodes) if (state[u] == 0) dfs(u); print found }' "$edges")
ok "$(echo $cycles | wc -w | tr -d ' ')" "no two modules include each other, directly or in a circle $cycles"

# Every file opens with a one-line summary comment.
nosum=""
for f in $files; do
    head -n 1 "$f" | grep -q '^/\* [^ ]' || nosum="$nosum $f"
done
ok "$(echo $nosum | wc -w | tr -d ' ')" "every source file opens with a one-line summary:$nosum"

# Every library module has its test, in the mirrored folder (the report's
# renderers are tested through the report command: tests/cli/report.sh,
# report_controls.sh, reproduce.sh for src/reproduce/figures.c, and
# tests/api/test_api.c); the modules
# tested through a sibling's test say which.
covered_by() {
    case $1 in
    src/spectra/enclosure_symmetric.c | src/spectra/enclosure_general.c) echo tests/spectra/test_enclosure.c ;;
    src/formats/npz.c | src/formats/safetensors.c) echo tests/formats/test_weights.c ;;
    src/certificates/max_precision.c) echo tests/spectra/test_decision.c ;;
    src/api/cert_html.c) echo tests/api/test_api.c ;;
    *) d=$(dirname "$1" | sed 's|^src/||'); echo "tests/$d/test_$(basename "$1" .c).c" ;;
    esac
}
missing=""
for f in $(find src -name '*.c' ! -path 'src/cli/*' ! -path 'src/report/*' ! -path src/reproduce/figures.c | LC_ALL=C sort); do
    t=$(covered_by "$f")
    [ -f "$t" ] && grep -q "$(basename "$f" .c | sed 's/_/./g')\|include \"$(echo "$f" | sed 's|^src/||; s|\.c$|.h|')\"" "$t" ||
        missing="$missing $f"
done
ok "$(echo $missing | wc -w | tr -d ' ')" "every library module has a test that includes it:$missing"

# Every claim folder has its descriptor, build fragment and README.
for d in proofs/*/; do
    c=$(basename "$d")
    [ -f "$d/claim.c" ] && [ -f "$d/$c.am" ] && [ -f "$d/README.md" ]
    ok $? \
        "proofs/$c has claim.c, $c.am and README.md"
done
done_testing
