#!/bin/sh
# Named attack and broken-input cases through the command line: each gets
# a clear error (exit 1) or a bozo feed with what could be read (exit 0),
# and nothing half-written lands in the database.
set -u
BIN=${HW_BIN:-build/release/hashwire}
SEED=${HW_SHARED:-../shared}/seed
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "bad_input: FAIL: $*"; exit 1; }
db="$tmp/t.db"
articles() { sqlite3 "$db" 'SELECT count(*) FROM articles'; }

# expect STATUS CMD...: run, check the exit status, keep stderr in $tmp/err
expect() {
    want=$1; shift
    "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    [ "$got" -eq "$want" ] ||
        fail "$*: exit $got, want $want: $(head -c 300 "$tmp/err")"
}

: >"$tmp/empty.xml"
printf '<!DOCTYPE html><html><head><title>x</title></head><body><p>hello</p></body></html>\n' >"$tmp/page.html"
printf '\211PNG\r\n\032\n\000\000\000\rIHDR\000\000\000\001' >"$tmp/img.png"
cat >"$tmp/laughs.xml" <<'XML'
<?xml version="1.0"?>
<!DOCTYPE rss [
<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
<!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
<!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
]>
<rss version="2.0"><channel><title>Laughs</title>
<item><title>&h;</title><link>https://l.example/1</link><description>&h;</description></item>
</channel></rss>
XML
cat >"$tmp/xxe.xml" <<'XML'
<?xml version="1.0"?>
<!DOCTYPE rss [ <!ENTITY leak SYSTEM "file:///etc/passwd"> ]>
<rss version="2.0"><channel><title>XXE</title>
<item><title>secret &leak; here</title><link>https://x.example/1</link>
<description>before &leak; after</description></item>
</channel></rss>
XML
head -c 3000 "$SEED/feeds/aljazeera.rss.xml" >"$tmp/truncated.xml"
printf '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bad \377\376 bytes \300\257</title><item><title>Caf\351 \355\240\200</title><link>https://u.example/1</link><description>ok \370\210\200\200\200</description></item></channel></rss>\n' >"$tmp/utf8.xml"
python3 -c "
import sys
item = '<item><title>t</title><description>' + 'x' * 1000 + '</description></item>'
with open(sys.argv[1], 'w') as f:
    f.write('<rss version=\"2.0\"><channel><title>Big</title>')
    n = 0
    while n < 33 * 1024 * 1024:
        f.write(item); n += len(item)
    f.write('</channel></rss>')
" "$tmp/big.xml"

# not feeds at all: exit 1, a message naming the file, nothing stored
for f in empty.xml page.html img.png; do
    expect 1 "$BIN" --db "$db" ingest "$tmp/$f"
    grep -q "hashwire: .*$f" "$tmp/err" || fail "$f: no clear error: $(cat "$tmp/err")"
    expect 1 "$BIN" parse "$tmp/$f"
    grep -q "hashwire: " "$tmp/err" || fail "parse $f: no error message"
done
[ "$(articles)" -eq 0 ] || fail "something was stored from a non-feed"

# too big: refused before parsing
expect 1 "$BIN" --db "$db" ingest "$tmp/big.xml"
grep -q "MiB\|too large\|larger" "$tmp/err" || fail "33 MiB: unclear error: $(cat "$tmp/err")"
expect 1 "$BIN" parse "$tmp/big.xml"

# billion laughs: never expanded into gigabytes (a runaway expansion
# would also meet the time limit; no timing is asserted here)
timeout 120 "$BIN" parse "$tmp/laughs.xml" >"$tmp/out" 2>"$tmp/err"
[ $? -ne 124 ] || fail "billion laughs did not finish in 120 s"
[ "$(wc -c <"$tmp/out")" -lt 1000000 ] || fail "billion laughs expanded"

# external entity: never fetched, the file's content never appears
"$BIN" parse "$tmp/xxe.xml" >"$tmp/out" 2>"$tmp/err"
grep -q "root:" "$tmp/out" && fail "XXE: /etc/passwd leaked into the output"
"$BIN" --db "$db" ingest "$tmp/xxe.xml" >/dev/null 2>&1
[ "$(sqlite3 "$db" "SELECT count(*) FROM articles WHERE text LIKE '%root:%' OR title LIKE '%root:%'")" -eq 0 ] ||
    fail "XXE: /etc/passwd leaked into the database"

# truncated: bozo, with the complete first item read
expect 0 "$BIN" parse "$tmp/truncated.xml"
python3 - "$tmp/out" <<'PY' || fail "truncated feed: not bozo with its first item"
import json, sys
f = json.load(open(sys.argv[1]))
assert f["bozo"] is True and f["bozo_message"], f
assert f["entries"] and f["entries"][0]["title"].startswith("\u2018North Korea"), f["entries"]
PY

# invalid UTF-8: output is valid UTF-8 with replacement characters
expect 0 "$BIN" parse "$tmp/utf8.xml"
python3 - "$tmp/out" <<'PY' || fail "invalid UTF-8 passed on"
import json, sys
raw = open(sys.argv[1], 'rb').read()
raw.decode('utf-8')  # raises on invalid UTF-8
f = json.loads(raw)
assert "\ufffd" in f["title"] or "\ufffd" in f["entries"][0]["title"], f
PY

# a bad file among good ones: the good ones are stored, exit 1
db2="$tmp/t2.db"
expect 1 "$BIN" --db "$db2" ingest "$SEED/feeds/yahoo.rss.xml" "$tmp/img.png" "$SEED/feeds/bloomberg.atom.xml"
[ "$(sqlite3 "$db2" 'SELECT count(*) FROM articles')" -eq 4 ] || fail "good files around a bad one were not stored"

# usage errors
expect 2 "$BIN" ingest
expect 2 "$BIN" parse
expect 2 "$BIN" nosuchcommand
expect 0 "$BIN" --help
expect 0 "$BIN" topic --help
grep -q "usage: hashwire topic" "$tmp/out" || fail "topic --help"
echo "bad_input: ok"
