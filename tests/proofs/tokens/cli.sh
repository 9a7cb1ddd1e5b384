#!/bin/sh
# C7 from the command line: the shipped synthetic cases, byte-identical
# certificates, and a bad input.
. "$(dirname "$0")/../../lib.sh"
D="$CASES/data/tokens"
"$IC" compare tokens --embeddings "$D/embeddings.npy" --ids "$D/ids_ar.npy" --seq-len 8 --out "$TMP/a.json" >"$TMP/o"
ok $? "AR ids: exit 0"
"$IC" compare tokens --embeddings "$D/embeddings.npy" --ids "$D/ids_ar.npy" --seq-len 8 --out "$TMP/b.json" >/dev/null
cmp -s "$TMP/a.json" "$TMP/b.json"; ok $? "byte-identical certificates"
"$IC" compare tokens --embeddings "$D/embeddings.npy" --ids "$D/ids_random.npy" --seq-len 8 >/dev/null
[ $? -eq 1 ]; ok $? "random ids: exit 1"
"$IC" compare tokens --embeddings "$D/ids_ar.npy" --ids "$D/ids_ar.npy" --out "$TMP/c.json" 2>"$TMP/e" >/dev/null
[ $? -eq 2 ] && [ "$(wc -l <"$TMP/e")" -eq 1 ] && [ ! -e "$TMP/c.json" ]; ok $? "1-D embeddings: exit 2, one line, no output"
"$IC" compare tokens --embeddings "$D/embeddings.npy" --ids "$D/ids_ar.npy" --seq-len 8 --out "$TMP/via_compare.json" >/dev/null
"$IC" tokens --embeddings "$D/embeddings.npy" --ids "$D/ids_ar.npy" --seq-len 8 --out "$TMP/via_alias.json" >/dev/null
ok $? "icalcheck tokens: exit 0"
cmp -s "$TMP/via_compare.json" "$TMP/via_alias.json"; ok $? "icalcheck tokens = icalcheck compare tokens, byte for byte"
done_testing
