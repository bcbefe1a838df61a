#!/bin/sh
# The golden test of the topic page: ingest the seed feeds (five formats
# and encodings) into a fresh database, render #KimJongUn at a fixed time,
# and compare byte for byte with the seed's expected page.  Re-ingesting
# must change nothing, and every spelling of the tag gives the same page.
set -u
BIN=${HW_BIN:-build/release/hashwire}
SEED=${HW_SHARED:-../shared}/seed
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "seed_topic: FAIL: $*"; exit 1; }

[ -d "$SEED/feeds" ] || fail "no seed feeds at $SEED/feeds"
db="$tmp/seed.db"
"$BIN" --db "$db" ingest "$SEED"/feeds/* >"$tmp/ingest1" ||
    fail "ingest exited $?"
"$BIN" --db "$db" --now 2025-07-13T20:00:00Z topic '#KimJongUn' \
    --format text >"$tmp/page" || fail "topic exited $?"
cmp "$tmp/page" "$SEED/expected-topic-KimJongUn.txt" || {
    diff "$tmp/page" "$SEED/expected-topic-KimJongUn.txt" | head -20
    fail "topic page differs from the expected page"
}
grep -q Kardashian "$tmp/page" && fail "the Kim Kardashian item is on the page"

# same files again: nothing new, and the page is the same
"$BIN" --db "$db" ingest "$SEED"/feeds/* >"$tmp/ingest2" ||
    fail "second ingest exited $?"
grep -q ' 0 new' "$tmp/ingest2" || fail "re-ingest stored something: $(cat "$tmp/ingest2")"
for tag in kimjongun KimJongUn Kim_Jong-un '#kim-jong-un'; do
    "$BIN" --db "$db" --now 2025-07-13T20:00:00Z topic "$tag" >"$tmp/p2" ||
        fail "topic $tag exited $?"
    cmp -s "$tmp/p2" "$SEED/expected-topic-KimJongUn.txt" ||
        fail "topic $tag differs"
done

# JSON form: five articles, newest first
"$BIN" --db "$db" --now 2025-07-13T20:00:00Z topic kimjongun --format json \
    >"$tmp/page.json" || fail "topic json exited $?"
python3 - "$tmp/page.json" <<'PY' || fail "topic json is wrong"
import json, sys
p = json.load(open(sys.argv[1]))
assert p["hashtag"] == "KimJongUn", p["hashtag"]
srcs = [a["source"] for a in p["articles"]]
assert srcs == ["Al Jazeera", "Bloomberg", "Yahoo", "Daily Mail",
                "Free Malaysia Today"], srcs
assert p["articles"][0]["time_ago"] == "17 hours ago"
assert p["articles"][0]["published"] == "2025-07-13T03:00:00Z"
PY

# usage errors exit 2; an unknown tag exits 1
"$BIN" --db "$db" topic >/dev/null 2>&1; [ $? -eq 2 ] || fail "no tag: want 2"
"$BIN" --db "$db" topic '#NoSuchThing' >/dev/null 2>&1
[ $? -eq 1 ] || fail "unknown tag: want 1"
"$BIN" --db "$db" --now yesterday topic x >/dev/null 2>&1
[ $? -eq 2 ] || fail "bad --now: want 2"
echo "seed_topic: ok"
