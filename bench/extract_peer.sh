#!/bin/sh
# extract_peer.sh - hashwire's article extractor beside Mozilla
# Readability (npm @mozilla/readability on linkedom's DOM), on the same
# pages, scored by the same code.
#
#   sh bench/extract_peer.sh [BUILD_DIR [OUTDIR]]   (default build/release)
#
# Runs bench_extract (hashwire's figures, all of them), then
# bench_extract --list for the page list, bench/extract_peer.js over it
# (Readability's texts into OUTDIR/SET/PAGE.txt, a temporary directory
# unless OUTDIR is given, and its speed), and bench_extract --score OUTDIR
# to score those texts exactly as hashwire's are scored.  Prints
# Readability's figures, the hashwire/readability ratios against the
# targets (F1 at least Readability's, speed at least 5x), and the 15
# pages where hashwire's token F1 is lowest with Readability's beside it.
#
# The peer is installed on first use into bench/node_modules/.extract-peer
# (git-ignored), never into the project's dependencies.  It has a folder
# of its own because npm install --no-save removes the packages it was not
# asked for: sharing bench/node_modules with ner_peers.sh, each script
# would uninstall the other's peers.  Without node or npm, or offline,
# the peer is skipped with a note and the exit status stays 0; it is 1
# when bench_extract or the peer failed.
set -u
B=${1:-build/release}
keep=${2:-}
: "${HW_SHARED:=../shared}"
here=$(dirname "$0")
bin=$B/bench/bench_extract
mods=$here/node_modules/.extract-peer
LIMIT=300 # seconds for each of bench_extract and the peer

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hwextract-peer.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
out=${keep:-$tmp/readability}
limit=""
command -v timeout >/dev/null 2>&1 && limit="timeout $LIMIT"

# hashwire first; its failure (a crash on a page, say) still lets the
# peer's own figures be printed, but no ratio
$limit "$bin" --shared "$HW_SHARED" --per-page "$tmp/hw.tsv" >"$tmp/hw.out"
hw_rc=$?
cat "$tmp/hw.out"
[ "$hw_rc" -eq 0 ] ||
    echo "extract: hashwire: bench_extract failed (exit $hw_rc)"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1
then
    echo "extract: readability skipped: node and npm are not installed"
    exit 0
fi
if [ ! -d "$mods/node_modules/@mozilla/readability" ] ||
   [ ! -d "$mods/node_modules/linkedom" ]; then
    mkdir -p "$mods"
    if ! npm install --prefix "$mods" --no-save --no-audit --no-fund \
        --loglevel=error @mozilla/readability@0.6 linkedom@0.18 \
        >/dev/null 2>&1; then
        echo "extract: readability skipped: npm install failed (offline?)"
        exit 0
    fi
fi

"$bin" --shared "$HW_SHARED" --list "$tmp/pages.tsv" || exit 1
rm -rf "$out" && mkdir -p "$out" || exit 1
$limit node "$here/extract_peer.js" "$tmp/pages.tsv" "$out" >"$tmp/js.out"
rc=$?
cat "$tmp/js.out"
if [ "$rc" -ne 0 ]; then
    echo "extract: readability: extract_peer.js failed (exit $rc)"
    exit 1
fi
"$bin" --shared "$HW_SHARED" --score "$out" --label readability \
    --per-page "$tmp/rd.tsv" >"$tmp/rd.out" || exit 1
grep -v "^extract: data:" "$tmp/rd.out"

# the summary lines, from the figure lines above
fig() { sed -n "s|^extract: $1.*|\\1|p" "$2" | head -n 1; }
rd_f1=$(fig 'readability F1 \([0-9.]*\)' "$tmp/rd.out")
rd_rp=$(fig 'readability readability-pages .* F1 \([0-9.]*\) (.*' "$tmp/rd.out")
rd_np=$(fig 'readability newspaper .* F1 \([0-9.]*\) (.*' "$tmp/rd.out")
rd_tr=$(fig 'readability trafilatura snippets \(.*\) (.*' "$tmp/rd.out")
rd_ps=$(fig 'readability speed \([0-9]*\) pages/s.*' "$tmp/js.out")
echo "extract: readability F1 $rd_f1 (readability-pages $rd_rp," \
    "newspaper $rd_np), trafilatura snippets $rd_tr, $rd_ps pages/s"
[ "$hw_rc" -eq 0 ] || exit 1

hw_f1=$(fig 'F1 \([0-9.]*\)' "$tmp/hw.out")
hw_ps=$(fig 'speed \([0-9]*\) pages/s.*' "$tmp/hw.out")
awk -v hf="$hw_f1" -v rf="$rd_f1" -v hs="$hw_ps" -v rs="$rd_ps" 'BEGIN {
    fr = rf > 0 ? hf / rf : 0
    sr = rs > 0 ? hs / rs : 0
    printf "extract: hashwire/readability F1 ratio %.3f, speed ratio " \
        "%.1fx (target F1 >= readability, speed >= 5x): %s\n", fr, sr,
        (hf >= rf && sr >= 5) ? "met" : "MISSED"
}'

echo "worst 15 pages for hashwire (token F1; Readability's on the same page):"
awk -F'\t' 'NR == FNR { if (FNR > 1) rd[$1 FS $2] = $5; next }
    FNR > 1 && $1 != "trafilatura-eval-en" {
        printf "%s\t%s\t%s\t%s\n", $5, $1, $2, rd[$1 FS $2]
    }' "$tmp/rd.tsv" "$tmp/hw.tsv" | sort -g | head -n 15 |
    awk -F'\t' '{ printf "  %-24s %-40s hashwire %.3f  readability %.3f\n",
        $2, $3, $1, $4 }'
exit 0
