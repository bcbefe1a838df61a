#!/bin/sh
# ner_peers.sh - hashwire's tagger beside the npm taggers compromise and
# wink-nlp (with wink-eng-lite-web-model), on the same sentences of
# CoNLL-2003 eng.testa, in one run.
#
#   sh bench/ner_peers.sh [BUILD_DIR]      (default build/release)
#
# Prints bench_ner's figures (all of them; "ner: hashwire PER/ORG/LOC"
# is the line to compare), then one line per peer with its F1 over PER,
# ORG and LOC (MISC left out) and its tokens per second.  The peers are
# installed on first use into bench/node_modules (git-ignored), never
# into the project's dependencies.  Without node or npm, or offline, the
# peers are skipped with a note and the exit status stays 0.
set -u
B=${1:-build/release}
: "${HW_SHARED:=../shared}"
here=$(dirname "$0")
testa="$HW_SHARED/data/ner/conll2003/eng.testa"

"$B/bench/bench_ner" --testa "$testa" || exit 1

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1
then
    echo "ner: peers skipped: node and npm are not installed"
    exit 0
fi
if [ ! -d "$here/node_modules/compromise" ] ||
   [ ! -d "$here/node_modules/wink-nlp" ] ||
   [ ! -d "$here/node_modules/wink-eng-lite-web-model" ]; then
    if ! npm install --prefix "$here" --no-save --no-audit --no-fund \
        --loglevel=error compromise@14 wink-nlp@2 \
        wink-eng-lite-web-model@1 >/dev/null 2>&1; then
        echo "ner: peers skipped: npm install failed (offline?)"
        exit 0
    fi
fi
node "$here/ner_peers.js" "$testa"
