#!/bin/sh
# The web pages in a real browser: Debian's headless chromium, driven by
# chromedriver (browser_check.py), against `hashwire serve` on a fresh
# database at a fixed --now (server.inc).  Screenshots of the topic page
# at 1280 px and 375 px go to build/test-output/.  Skipped, loudly, only
# when chromium or chromedriver is not installed (`make deps` installs
# both).
set -u
fail() { echo "web browser: FAIL: $*"; exit 1; }
if ! command -v chromium >/dev/null 2>&1 ||
    ! command -v chromedriver >/dev/null 2>&1; then
    echo "web browser: SKIPPED (no chromium): install chromium and" \
        "chromium-driver (make deps)"
    exit 0
fi
. tests/web/server.inc
out=build/test-output
mkdir -p "$out"
start_server
timeout 300 python3 tests/web/browser_check.py "$URL" "$out"
rc=$?
[ $rc -eq 77 ] && { echo "web browser: SKIPPED (no chromium)"; exit 0; }
[ $rc -eq 0 ] || fail "browser checks failed (exit $rc)"
for f in topic-KimJongUn-1280.png topic-KimJongUn-375.png; do
    [ -s "$out/$f" ] || fail "no screenshot $out/$f"
done
stop_server
echo "web browser: ok (screenshots in $out/)"
