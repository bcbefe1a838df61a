#!/bin/sh
# Install the Debian packages hashwire needs to build, test and benchmark.
# Quick and silent when nothing is missing; uses sudo when not root.
set -e
PKGS="gcc clang make pkg-config python3 libxml2-dev libxml2-utils \
libjansson-dev libsqlite3-dev libutf8proc-dev libcmocka-dev \
libcurl4-openssl-dev libgumbo-dev libmicrohttpd-dev libpq-dev \
libclang-rt-14-dev sqlite3 zlib1g-dev chromium chromium-driver wrk nginx"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
