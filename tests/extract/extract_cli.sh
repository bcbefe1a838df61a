#!/bin/sh
# extract_cli.sh - contract B through the command line: `hashwire extract`
# on an article (exit 0, one JSON object), with --url and --content-type;
# on what is not an article page it prints "hashwire: extract: FILE: WHY"
# and exits 1: a PDF, a PNG, an empty file, a home page of teasers (no
# article found, rather than the navigation), a missing file.  Bad usage
# exits 2.
set -u
BIN=${HW_BIN:-build/release/hashwire}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "extract_cli: FAIL: $*"; exit 1; }

# expect STATUS CMD...: run, check the exit status; stdout in $tmp/out,
# stderr in $tmp/err
expect() {
    want=$1; shift
    "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    [ "$got" -eq "$want" ] ||
        fail "$*: exit $got, want $want: $(head -c 300 "$tmp/err")"
}
# has FILE STRING: FILE contains STRING
has() { grep -F -q -- "$2" "$1" || fail "$1 lacks '$2': $(head -c 300 "$1")"; }
# field NAME: the JSON string field NAME of $tmp/out, decoded, into
# $tmp/field
field() {
    python3 -c 'import json, sys
v = json.load(open(sys.argv[1]))[sys.argv[2]]
sys.stdout.write("null" if v is None else str(v))' "$tmp/out" "$1" \
        >"$tmp/field" || fail "output is not JSON: $(head -c 300 "$tmp/out")"
}

para='<p>The city council voted on Tuesday to expand the tram network, adding three lines that will reach the northern suburbs by 2029, officials said.</p><p>Opponents argued that the cost, estimated at 1.2 billion euros, would strain the budget, while supporters pointed to falling traffic and cleaner air.</p>'

# An article in windows-1252 (0xB1 is a plus-minus sign there, an a with
# ogonek in ISO-8859-2), with a relative image.
printf '<html><head><meta charset="windows-1252"><title>Tram \261</title></head><body><article><h1>Tram</h1>%s<figure><img src="/i/tram.jpg" alt="A tram"><figcaption>The new tram line</figcaption></figure>%s</article></body></html>\n' \
    "$para" "$para" >"$tmp/a.html"
expect 0 "$BIN" extract "$tmp/a.html"
has "$tmp/out" '"title": "Tram ±"'
has "$tmp/out" '"url": null'
has "$tmp/out" 'officials said.\n\nOpponents argued'
expect 0 "$BIN" extract "$tmp/a.html" --url https://news.example/x/y.html \
    --content-type 'text/html; charset=ISO-8859-2'
has "$tmp/out" '"title": "Tram ą"'
has "$tmp/out" '"url": "https://news.example/x/y.html"'
# the figure stays in the HTML, image made absolute, with its caption;
# the text has the paragraphs, not the caption
field html
has "$tmp/field" '<figure><img src="https://news.example/i/tram.jpg" alt="A tram"><figcaption>The new tram line</figcaption></figure>'
has "$tmp/field" '<p>The city council voted on Tuesday'
field text
grep -q 'new tram line' "$tmp/field" && fail "caption in the text"
has "$tmp/field" 'Opponents argued'
expect 0 "$BIN" extract --content-type=text/html "$tmp/a.html"
has "$tmp/out" '"title": "Tram ±"'

# Not article pages: a clear message, exit 1.
printf '%%PDF-1.7\n%%\342\343\317\323\n1 0 obj\n' >"$tmp/doc.pdf"
expect 1 "$BIN" extract "$tmp/doc.pdf"
has "$tmp/err" "hashwire: extract: $tmp/doc.pdf: not an HTML page: a PDF document"
[ -s "$tmp/out" ] && fail "pdf: output on stdout"
printf '\211PNG\r\n\032\n\000\000\000\rIHDR\000\000\000\001' >"$tmp/img.png"
expect 1 "$BIN" extract "$tmp/img.png"
has "$tmp/err" "not an HTML page: a PNG image"
: >"$tmp/empty.html"
expect 1 "$BIN" extract "$tmp/empty.html"
has "$tmp/err" "not an HTML page: an empty page"
{
    printf '<html><head><title>Example News</title></head><body><header><nav>'
    printf '<a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav></header><main>'
    i=0
    while [ $i -lt 30 ]; do
        printf '<div class="teaser"><h2><a href="/s/%d">Headline number %d about the day in the city</a></h2><p><a href="/s/%d">Read the story of number %d, with more details and pictures</a></p></div>' $i $i $i $i
        i=$((i + 1))
    done
    printf '</main><footer>About us</footer></body></html>\n'
} >"$tmp/home.html"
expect 1 "$BIN" extract "$tmp/home.html" --url https://news.example/
has "$tmp/err" "hashwire: extract: https://news.example/: no article found"
expect 1 "$BIN" extract "$tmp/missing.html"
has "$tmp/err" "hashwire: "

# Usage errors: exit 2.
expect 2 "$BIN" extract
expect 2 "$BIN" extract "$tmp/a.html" --content-type
expect 2 "$BIN" extract "$tmp/a.html" "$tmp/a.html"
expect 2 "$BIN" extract "$tmp/a.html" --charset utf-8
echo "extract_cli: ok"
