#!/bin/sh
# feeds_cli.sh - `hashwire feeds` against the real binary, offline: add
# (canonical URLs, duplicates, bad URLs), remove, list (text and JSON),
# import of data/default-feeds.opml (--if-empty too), and an export that
# imports into a fresh database with the same feeds, titles and folders.
set -u
BIN=${HW_BIN:-build/release/hashwire}
T=$(mktemp -d /tmp/hw-feeds-XXXXXX)
trap 'rm -rf "$T"' EXIT
fail=0
ok() { echo "ok - $1"; }
bad() { echo "FAIL - $1"; fail=1; }
check() { # check NAME COMMAND...: the command must succeed
    name=$1; shift
    if "$@" >"$T/out" 2>"$T/err"; then ok "$name"; else
        bad "$name"; cat "$T/out" "$T/err"; fi
}
db="$T/a.db"

check "add two feeds" "$BIN" --db "$db" feeds add \
    'HTTP://Example.COM:80/feed.xml?utm_source=x#top' https://b.example/rss
grep -q '^added 1 http://example.com/feed.xml$' "$T/out" ||
    bad "add prints the canonical URL"
check "add again" "$BIN" --db "$db" feeds add http://example.com/feed.xml
grep -q '^already subscribed 1 ' "$T/out" || bad "a duplicate is reported"
if "$BIN" --db "$db" feeds add ftp://x.example/ >"$T/out" 2>&1; then
    bad "ftp URL refused"; else ok "ftp URL refused"; fi
grep -q 'not an http or https URL' "$T/out" || bad "says why"
check "add into a folder" "$BIN" --db "$db" feeds add --folder Tech \
    https://c.example/atom
check "list" "$BIN" --db "$db" feeds list
grep -q '^3 .*\[Tech\] <https://c.example/atom>' "$T/out" ||
    bad "list shows folder and URL"
grep -q ' now ' "$T/out" || bad "a new feed is due now"
check "list json" "$BIN" --db "$db" feeds list --format json
grep -q '"url": "https://b.example/rss"' "$T/out" || bad "json has the url"
grep -q '"last_fetch": null' "$T/out" || bad "json: never fetched"
check "remove" "$BIN" --db "$db" feeds remove 2
if "$BIN" --db "$db" feeds remove 2 >"$T/out" 2>&1; then
    bad "removing twice fails"; else ok "removing twice fails"; fi
"$BIN" --db "$db" feeds list --format json | grep -q b.example &&
    bad "removed feed still listed"

# the default list: imported only into an empty database
check "import --if-empty into a used db" "$BIN" --db "$db" feeds import \
    --if-empty data/default-feeds.opml
grep -q 'nothing imported' "$T/out" || bad "--if-empty keeps a used db"
db2="$T/b.db"
check "import defaults" "$BIN" --db "$db2" feeds import --if-empty \
    data/default-feeds.opml
n=$("$BIN" --db "$db2" feeds list --format json | grep -c '"id"')
[ "$n" -ge 25 ] && ok "defaults: $n feeds" || bad "defaults: only $n feeds"
for f in World Business Technology Science; do
    "$BIN" --db "$db2" feeds list | grep -q "\[$f\]" || bad "folder $f"
done
check "import again" "$BIN" --db "$db2" feeds import data/default-feeds.opml
grep -q ' 0 new, ' "$T/out" || bad "a second import adds nothing"

# round trip: export, import elsewhere, same list
check "export" "$BIN" --db "$db2" --now 2025-07-13T20:00:00Z feeds export
cp "$T/out" "$T/export.opml"
grep -q '<opml version="2.0">' "$T/export.opml" || bad "OPML 2.0"
grep -q '<dateCreated>Sun, 13 Jul 2025 20:00:00 GMT</dateCreated>' \
    "$T/export.opml" || bad "dateCreated"
db3="$T/c.db"
check "import the export" "$BIN" --db "$db3" feeds import "$T/export.opml"
"$BIN" --db "$db2" feeds list --format json |
    grep -E '"url"|"title"|"folder"' | sed 's/"id": [0-9]*, //' >"$T/l2"
"$BIN" --db "$db3" feeds list --format json |
    grep -E '"url"|"title"|"folder"' | sed 's/"id": [0-9]*, //' >"$T/l3"
if cmp -s "$T/l2" "$T/l3"; then ok "round trip keeps every feed"; else
    bad "round trip differs"; diff "$T/l2" "$T/l3" | head; fi

# bad OPML: a clear error, exit 1
printf '<rss version="2.0"/>' >"$T/x.opml"
if "$BIN" --db "$db3" feeds import "$T/x.opml" >"$T/out" 2>&1; then
    bad "not OPML refused"; else ok "not OPML refused"; fi
grep -q 'hashwire: feeds import: .*x.opml: the root element is not <opml>' \
    "$T/out" || { bad "error message"; cat "$T/out"; }
if "$BIN" --db "$db3" feeds bogus >/dev/null 2>&1; then
    bad "unknown subcommand"; else ok "unknown subcommand"; fi

if [ $fail -eq 0 ]; then echo "feeds_cli: all passed"; fi
exit $fail
