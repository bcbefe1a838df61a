#!/bin/sh
# The web server end to end: a fresh database (seed feeds, a hostile
# feed, 25 articles for paging, raw hostile rows), `hashwire serve` on
# 127.0.0.1 with a free port and a fixed --now, every route checked over
# real HTTP by http_check.py (pages, Atom, JSON, validators, gzip, limits,
# bad input, the write API, 1,000 idle connections), then SIGTERM.
set -u
fail() { echo "web serve: FAIL: $*"; exit 1; }
. tests/web/server.inc
start_server
python3 tests/web/http_check.py "$URL" "$BIN" "$db" "$TOKEN" ||
    fail "http checks failed (server log: $(tail -5 "$tmp/serve.err"))"
stop_server

# serve --crawl on a database without feeds: the crawler thread idles (no
# traffic leaves the machine) and SIGTERM stops it with the server
db="$tmp/crawl.db"
start_server --crawl
python3 - "$URL" <<'PY' || fail "serve --crawl does not answer"
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1] + "healthz", timeout=5) as r:
    assert r.status == 200 and r.read() == b"ok\n"
PY
stop_server
grep -q "crawled 0 feeds" "$tmp/serve.err" ||
    fail "the crawler did not report its stop: $(cat "$tmp/serve.err")"
echo "web serve: ok"
