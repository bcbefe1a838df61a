#!/bin/sh
# ner_cli.sh - contract C through the command line: `hashwire ner` in
# both formats, against the committed model.
#
# conll: every input line gives one output line; blank lines stay where
# they were; a token line is "token<TAB>TAG" with the token as the first
# input column and an IOB2 tag; -DOCSTART- lines give "-DOCSTART-<TAB>O";
# a file tagged as a whole and tagged from standard input agree.  json:
# one object {"entities": [...]} whose text fields are exactly the input
# bytes at [start, end), with key and hashtag; bad usage exits 2, a
# missing model 1.
set -u
BIN=${HW_BIN:-build/release/hashwire}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "ner_cli: FAIL: $*"; exit 1; }

cat >"$tmp/in.conll" <<'IN'
-DOCSTART- -X- O O

EU NNP I-NP I-ORG
rejects VBZ I-VP O
German JJ I-NP I-MISC
call NN I-NP O
.

Peter NNP I-NP I-PER
Blackburn NNP I-NP I-PER

BRUSSELS NNP I-NP I-LOC
1996-08-22 CD I-NP O
IN
"$BIN" ner --format conll "$tmp/in.conll" >"$tmp/out" 2>"$tmp/err" ||
    fail "conll: exit $?: $(cat "$tmp/err")"
[ "$(wc -l <"$tmp/in.conll")" -eq "$(wc -l <"$tmp/out")" ] ||
    fail "conll: line counts differ"
awk -F'\t' '
    FNR == NR { split($0, c, " "); first[FNR] = c[1]; blank[FNR] = ($0 == ""); next }
    blank[FNR] { if ($0 != "") { print "line " FNR ": not blank"; bad = 1 }; next }
    NF != 2 || $1 != first[FNR] || $2 !~ /^(O|[BI]-(PER|ORG|LOC|MISC))$/ {
        print "line " FNR ": " $0; bad = 1 }
    END { exit bad }' "$tmp/in.conll" "$tmp/out" || fail "conll: bad lines"
grep -q "^-DOCSTART-	O$" "$tmp/out" || fail "conll: -DOCSTART- line"
grep -q "^EU	B-ORG$" "$tmp/out" || fail "conll: EU is B-ORG"
grep -q "^German	B-MISC$" "$tmp/out" || fail "conll: German is B-MISC"
grep -q "^Peter	B-PER$" "$tmp/out" || fail "conll: Peter is B-PER"
grep -q "^Blackburn	I-PER$" "$tmp/out" || fail "conll: Blackburn is I-PER"
grep -q "^BRUSSELS	B-LOC$" "$tmp/out" || fail "conll: BRUSSELS is B-LOC"
# standard input, the default format, the same answer
"$BIN" ner <"$tmp/in.conll" >"$tmp/out2" || fail "conll from stdin"
cmp -s "$tmp/out" "$tmp/out2" || fail "conll: stdin and file differ"

# json: offsets point at the text
printf 'North Korean leader Kim Jong-un met Sergei Lavrov in Pyongyang.\n\n\342\200\234We agree,\342\200\235 Vladimir Putin said in Moscow.\n' >"$tmp/in.txt"
"$BIN" ner --format json "$tmp/in.txt" >"$tmp/out.json" 2>"$tmp/err" ||
    fail "json: exit $?: $(cat "$tmp/err")"
grep -q '"text": "Kim Jong-un", "type": "PER", "start": 20, "end": 31, "key": "kimjongun", "hashtag": "KimJongUn"' "$tmp/out.json" ||
    fail "json: Kim Jong-un: $(cat "$tmp/out.json")"
grep -q '"text": "Vladimir Putin", "type": "PER"' "$tmp/out.json" ||
    fail "json: Vladimir Putin"
if command -v python3 >/dev/null 2>&1; then
    python3 - "$tmp/in.txt" "$tmp/out.json" <<'PY' || fail "json: offsets"
import json, sys
text = open(sys.argv[1], "rb").read()
doc = json.load(open(sys.argv[2], encoding="utf-8"))
assert list(doc) == ["entities"], doc
assert doc["entities"], "no entities"
prev = 0
for e in doc["entities"]:
    assert set(e) == {"text", "type", "start", "end", "key", "hashtag"}, e
    assert e["type"] in ("PER", "ORG", "LOC", "MISC"), e
    assert prev <= e["start"] < e["end"] <= len(text), e
    assert text[e["start"]:e["end"]].decode("utf-8") == e["text"], e
    prev = e["end"]
PY
fi
printf '' | "$BIN" ner --format json >"$tmp/empty.json" || fail "json: empty input"
[ "$(cat "$tmp/empty.json")" = '{"entities": []}' ] || fail "json: empty output"

# usage and missing model
"$BIN" ner --format xml </dev/null >/dev/null 2>&1
[ $? -eq 2 ] || fail "bad --format must exit 2"
HASHWIRE_MODELS="$tmp/none" "$BIN" ner </dev/null >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] || fail "missing model must exit 1"
grep -q "make models" "$tmp/err" || fail "missing model: say how to build it"
echo "ner_cli: all passed"
