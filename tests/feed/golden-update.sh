#!/bin/sh
# golden-update.sh - rewrite tests/data/feed/golden/*.json from the parser.
#
# Run from the project root (make golden-update does).  Each line of
# tests/data/feed/golden.tsv names a golden and its input under
# $HW_SHARED/data/feeds.  The output is a CANDIDATE: read the input and the
# diff (git diff tests/data/feed/golden) and fix whatever the parser got
# wrong before committing.  make test never runs this.
set -eu
SHARED=${HW_SHARED:-../shared}
BIN=${HW_BIN:-build/release/hashwire}
LIST=tests/data/feed/golden.tsv
OUT=tests/data/feed/golden
mkdir -p "$OUT"
n=0
while IFS='	' read -r name path; do
    case $name in ''|\#*) continue ;; esac
    if ! "$BIN" parse "$SHARED/data/feeds/$path" >"$OUT/$name.json.tmp"; then
        echo "golden-update: $name: parse failed" >&2
        rm -f "$OUT/$name.json.tmp"
        continue
    fi
    if command -v python3 >/dev/null 2>&1; then
        python3 -m json.tool --indent 1 --no-ensure-ascii \
            "$OUT/$name.json.tmp" >"$OUT/$name.json"
        rm -f "$OUT/$name.json.tmp"
    else
        mv "$OUT/$name.json.tmp" "$OUT/$name.json"
    fi
    n=$((n + 1))
done <"$LIST"
echo "golden-update: $n goldens written to $OUT; review them against the inputs"
