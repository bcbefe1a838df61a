#!/bin/sh
# run.sh - run the benchmarks of bench/ in order, then summarise them.
#
#   sh bench/run.sh BUILD_DIR        (make bench passes build/release)
#
# Environment: HW_SHARED (default ../shared), HW_BIN (default
# BUILD_DIR/hashwire).  Needs no network.  bench_parse, bench_ingest and
# bench_memory run first, then any other program built in BUILD_DIR/bench,
# by name.  Each runs under a time limit and also bounds its own work.
# The figure lines of a program bench_X are the lines that start with
# "X:" (and hashwire/xmllint's ratio); the summary repeats them.  Exit
# status 1 when a benchmark could not run or failed; a figure that misses
# its target says MISSED and is not a failure.
set -u

B=${1:-build/release}
: "${HW_SHARED:=../shared}"
: "${HW_BIN:=$B/hashwire}"
export HW_SHARED HW_BIN
LIMIT=240 # seconds per benchmark
FIRST="bench_parse bench_ingest bench_memory"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hwbench-run.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
: >"$tmp/summary"

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null |
    head -n 1)
echo "== hashwire benchmarks"
echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "host:    $(uname -srm), $(getconf _NPROCESSORS_ONLN 2>/dev/null)" \
    "CPUs${cpu:+, $cpu}; load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
echo "binary:  $HW_BIN"
echo "data:    $HW_SHARED/data"
if command -v xmllint >/dev/null 2>&1; then
    echo "peer:    $(xmllint --version 2>&1 | head -n 1)"
else
    echo "peer:    xmllint not installed (sh tools/deps.sh installs" \
        "libxml2-utils); the parse ratio is skipped"
fi

limit=""
command -v timeout >/dev/null 2>&1 && limit="timeout $LIMIT"

# The benchmarks in order: ours first, then the others built.
others=""
for p in "$B"/bench/*; do
    [ -f "$p" ] && [ -x "$p" ] || continue
    n=${p##*/}
    case " $FIRST " in *" $n "*) continue ;; esac
    others="$others $n"
done

fail=0
t_all=$(date +%s)
for name in $FIRST $others; do
    prog=$B/bench/$name
    echo
    echo "== $name"
    if [ ! -x "$prog" ]; then
        echo "$name: not built ($prog)" | tee -a "$tmp/summary"
        fail=1
        continue
    fi
    # arguments of the benchmarks that take some
    case $name in
    bench_crawl) args="2000 200" ;;
    bench_classify) args="models/category.model $HW_SHARED/data/categories" ;;
    *) args="" ;;
    esac
    t0=$(date +%s)
    # shellcheck disable=SC2086
    { $limit "$prog" $args; echo $? >"$tmp/rc"; } 2>&1 | tee "$tmp/out"
    rc=$(cat "$tmp/rc" 2>/dev/null || echo 1)
    echo "($name: $(($(date +%s) - t0)) s, exit $rc)"
    grep -E "^(${name#bench_}:|hashwire/xmllint|xmllint)" "$tmp/out" \
        >>"$tmp/summary"
    if [ "$rc" -ne 0 ]; then
        echo "$name: failed (exit $rc)" >>"$tmp/summary"
        fail=1
    fi
done

# The NER peers (npm compromise and wink-nlp, installed into bench/ on
# first use; skipped without node or the registry) on the same sentences.
echo
echo "== ner peers"
sh bench/ner_peers.sh "$B" 2>&1 | tee "$tmp/peers.out"
grep -E "^ner" "$tmp/peers.out" >>"$tmp/summary" || true

# The article extractor beside Mozilla Readability (npm, installed into
# bench/node_modules/.extract-peer on first use; skipped without node or
# the registry), on the same pages, both scored by bench_extract.
echo
echo "== extract peers"
sh bench/extract_peer.sh "$B" 2>&1 | tee "$tmp/extract-peers.out"
grep -E "^extract: (readability F1 .*pages/s|hashwire/readability)" \
    "$tmp/extract-peers.out" >>"$tmp/summary" || true

# The command line's ingest over the real feed corpus, one pass: real
# feed items (mostly short), the reader thread preparing files while the
# main thread stores them.
echo
echo "== hashwire ingest (real feed corpus)"
cdb="$tmp/corpus.db"
awk -F'\t' -v d="$HW_SHARED/data/feeds" \
    '$2 == "feed" && $9 == "" { print d "/" $1 }' \
    "$HW_SHARED/data/feeds/manifest.tsv" >"$tmp/feeds"
t0=$(date +%s%N)
xargs -d "\n" "$HW_BIN" --db "$cdb" ingest <"$tmp/feeds" >"$tmp/ingest.out" \
    2>/dev/null
t1=$(date +%s%N)
new=$(sed -n 's/.* \([0-9]*\) new,.*/\1/p' "$tmp/ingest.out" |
      awk '{ s += $1 } END { print s + 0 }')
ms=$(( (t1 - t0) / 1000000 ))
line="ingest-cli: $new articles from $(wc -l <"$tmp/feeds") feed files in ${ms} ms = $(( new * 1000 / (ms > 0 ? ms : 1) )) articles/s (target >= 20000/s)"
echo "$line" | tee -a "$tmp/summary"

echo
echo "== summary ($(($(date +%s) - t_all)) s)"
cat "$tmp/summary"
exit $fail
