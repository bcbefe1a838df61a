#!/bin/sh
# bench_web.sh DB - the load half of bench_web (bench_web.c builds DB and
# runs this): `hashwire serve` on 127.0.0.1 against wrk (64 connections,
# 2 threads, 10 s) on a popular tag's page, a rare tag's page and
# /api/v1/tags/{tag}/articles, and in the same run nginx serving a static
# copy of the popular page, as the floor.  Prints requests/s, p50 and p99
# latency, and hashwire's resident memory, each as a "web:" line, with
# MISSED where a target (>= 50% of nginx's requests/s, p99 < 5 ms, < 200
# MB resident) is missed.  Everything stays on loopback and stops by
# itself.
set -u
DB=$1
BIN=${HW_BIN:-build/release/hashwire}
CONNS=64
THREADS=2
SECS=10
for tool in wrk nginx curl sqlite3 python3; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "web: $tool is not installed (make deps installs it)"
        exit 1
    }
done
NGINX=$(command -v nginx)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/hwbenchweb.XXXXXX")
SERVER_PID=""
NGINX_PID=""
cleanup() {
    [ -n "$SERVER_PID" ] && kill -TERM "$SERVER_PID" 2>/dev/null
    [ -n "$NGINX_PID" ] && kill -QUIT "$NGINX_PID" 2>/dev/null
    sleep 0.3
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

popular=$(sqlite3 "$DB" "SELECT display FROM entities WHERE id = 1")
rare=$(sqlite3 "$DB" "SELECT display FROM entities ORDER BY id DESC LIMIT 1")
npop=$(sqlite3 "$DB" "SELECT count(*) FROM article_entities WHERE entity_id = 1 AND on_page")
nrare=$(sqlite3 "$DB" "SELECT count(*) FROM article_entities WHERE entity_id = (SELECT max(id) FROM entities) AND on_page")

start_server() {
    rm -f "$tmp/serve.out" # no URL of an earlier run
    "$BIN" --db "$DB" --now 2025-07-13T20:00:00Z serve --listen 127.0.0.1:0 \
        "$@" >"$tmp/serve.out" 2>"$tmp/serve.err" &
    SERVER_PID=$!
    URL=""
    i=0
    while [ $i -lt 100 ] && [ -z "$URL" ]; do
        sleep 0.1
        URL=$(sed -n 's/^Open \(http:[^ ]*\) in a browser\.$/\1/p' "$tmp/serve.out")
        i=$((i + 1))
    done
    [ -n "$URL" ] || { echo "web: serve did not start: $(cat "$tmp/serve.err")"; exit 1; }
    URL=${URL%/}
}
start_server

# warm up (and fill the tag cache), and keep a copy for nginx
mkdir -p "$tmp/www/tag" "$tmp/logs"
for p in "/tag/$popular" "/tag/$rare" "/api/v1/tags/$popular/articles"; do
    curl -sf -o /dev/null "$URL$p" || { echo "web: GET $p failed"; exit 1; }
done
curl -sf -o "$tmp/www/tag/$popular" "$URL/tag/$popular"
# nginx's workers drop root: let them read the copy
chmod -R a+rX "$tmp"
size=$(wc -c <"$tmp/www/tag/$popular")

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$tmp/nginx.conf" <<CONF
worker_processes $(getconf _NPROCESSORS_ONLN);
pid $tmp/nginx.pid;
error_log $tmp/logs/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    default_type text/html;
    client_body_temp_path $tmp/body;
    proxy_temp_path $tmp/proxy;
    fastcgi_temp_path $tmp/fastcgi;
    uwsgi_temp_path $tmp/uwsgi;
    scgi_temp_path $tmp/scgi;
    server {
        listen 127.0.0.1:$port;
        root $tmp/www;
        location / { charset utf-8; etag on; }
    }
}
CONF
"$NGINX" -p "$tmp" -c "$tmp/nginx.conf" -g 'daemon off;' 2>"$tmp/nginx.err" &
NGINX_PID=$!
i=0
until curl -sf -o /dev/null "http://127.0.0.1:$port/tag/$popular"; do
    i=$((i + 1))
    [ $i -lt 50 ] || { echo "web: nginx did not start: $(cat "$tmp/nginx.err")"; exit 1; }
    sleep 0.1
done

# wrk NAME URL [target]: one run; sets rps, p50, p99 (ms); "target"
# checks p99 against the target
run_wrk() {
    timeout $((SECS + 20)) wrk -c$CONNS -t$THREADS -d${SECS}s --latency "$2" \
        >"$tmp/wrk.out" 2>&1
    eval "$(python3 - "$tmp/wrk.out" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
def ms(v):
    m = re.match(r"([\d.]+)(us|ms|s)", v)
    x = float(m.group(1))
    return x / 1000 if m.group(2) == "us" else x * 1000 if m.group(2) == "s" else x
rps = re.search(r"Requests/sec:\s+([\d.]+)", t)
p50 = re.search(r"^\s+50%\s+(\S+)", t, re.M)
p99 = re.search(r"^\s+99%\s+(\S+)", t, re.M)
err = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
sock = re.search(r"Socket errors: (.*)", t)
print("rps=%s p50=%.3f p99=%.3f bad=%s sockerr='%s'" % (
    rps.group(1) if rps else 0, ms(p50.group(1)) if p50 else -1,
    ms(p99.group(1)) if p99 else -1, err.group(1) if err else 0,
    sock.group(1) if sock else ""))
PY
)"
    miss=""
    if [ "${3:-}" = target ]; then
        [ "$(python3 -c "print(int($p99 < 5))")" = 1 ] ||
            miss=" MISSED (target p99 < 5 ms)"
    fi
    [ "$bad" = 0 ] || miss="$miss; $bad non-2xx answers"
    [ -z "$sockerr" ] || miss="$miss; socket errors: $sockerr"
    printf 'web: %s: %.0f req/s, p50 %.2f ms, p99 %.2f ms%s\n' "$1" "$rps" \
        "$p50" "$p99" "$miss"
}

echo "web: wrk -c$CONNS -t$THREADS -d${SECS}s on 127.0.0.1, $(getconf _NPROCESSORS_ONLN) CPUs," \
    "load $(cut -d' ' -f1-3 /proc/loadavg)"
run_wrk "nginx, static copy of #$popular page ($size bytes)" \
    "http://127.0.0.1:$port/tag/$popular"
nginx_rps=$rps
run_wrk "hashwire, popular tag page #$popular ($npop articles)" \
    "$URL/tag/$popular" target
pop_rps=$rps
run_wrk "hashwire, rare tag page #$rare ($nrare articles)" "$URL/tag/$rare" \
    target
run_wrk "hashwire, /api/v1/tags/$popular/articles" \
    "$URL/api/v1/tags/$popular/articles" target
rss=$(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$SERVER_PID/status")
python3 - "$pop_rps" "$nginx_rps" <<'PY'
import sys
h, n = float(sys.argv[1]), float(sys.argv[2])
r = 100 * h / n if n else 0
print("web: hashwire/nginx on the popular page: %.0f%%%s" %
      (r, "" if r >= 50 else " MISSED (target >= 50%)"))
PY
hwm=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$SERVER_PID/status")
miss=""
[ "$hwm" -lt 204800 ] || miss=" MISSED (target < 200 MB)"
echo "web: hashwire resident memory: $((rss / 1024)) MB at the end, $((hwm / 1024)) MB peak$miss"
stop_server() {
    kill -TERM "$SERVER_PID"
    wait "$SERVER_PID"
    rc=$?
    SERVER_PID=""
    [ $rc -eq 0 ] || { echo "web: serve exited $rc on SIGTERM"; exit 1; }
}
stop_server

# the same without the response cache: every request renders its page
# from the database (what a cache miss costs; not the targets' figures)
start_server --no-cache
run_wrk "uncached: popular tag page #$popular" "$URL/tag/$popular"
run_wrk "uncached: rare tag page #$rare" "$URL/tag/$rare"
run_wrk "uncached: /api/v1/tags/$popular/articles" \
    "$URL/api/v1/tags/$popular/articles"
hwm=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$SERVER_PID/status")
echo "web: uncached: hashwire resident memory: $((hwm / 1024)) MB peak"
stop_server
