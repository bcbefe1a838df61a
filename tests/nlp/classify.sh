#!/bin/sh
# Contract D through the real binary: `hashwire classify` reads JSON Lines
# {"title", "text"} and prints one {"category", "score"} line per input
# line.  Then bad input: empty articles, a 10 MB text, other languages,
# invalid JSON lines (each named on stderr as stdin:LINE, the others still
# answered, exit 1), a missing model (exit 1, a clear message), usage
# errors (exit 2).  Uses the committed model models/category.model.
set -u
BIN=${HW_BIN:-build/release/hashwire}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "classify.sh: FAIL: $*"; exit 1; }

[ -f models/category.model ] || fail "no models/category.model (make models)"

# --- contract D ----------------------------------------------------------
cat >"$tmp/in.jsonl" <<'JSONL'
{"title": "Manchester United beat Chelsea 2-1 in Premier League thriller", "text": "The striker scored twice in the second half as the home side came from behind to win the match."}
{"title": "Stocks fall as oil prices surge", "text": "Shares on Wall Street slid on Tuesday as investors worried about crude oil prices and quarterly profits."}
{"title": "Senate passes spending bill", "text": "Republicans and Democrats in Congress voted on the budget bill that the White House supports."}
{"title": "Apple unveils new iPhone with faster chip", "text": "The company said its new software and processor make the smartphone faster."}
JSONL
"$BIN" classify <"$tmp/in.jsonl" >"$tmp/out" 2>"$tmp/err" ||
    fail "classify exited $?: $(cat "$tmp/err")"
[ -s "$tmp/err" ] && fail "unexpected stderr: $(cat "$tmp/err")"
python3 - "$tmp/out" <<'PY' || fail "contract D output is wrong"
import json, sys
cats = {"Politics", "World", "Business", "Technology", "Science", "Health",
        "Sports", "Entertainment", "Arts & Culture", "Lifestyle",
        "Food & Drink", "Travel", "Environment", "Crime & Justice",
        "Education", "Society"}
lines = open(sys.argv[1]).read().split("\n")
assert lines[-1] == "", "output must end with a newline"
rows = [json.loads(l) for l in lines[:-1]]
assert len(rows) == 4, rows
for r in rows:
    assert set(r) == {"category", "score"}, r
    assert r["category"] is None or r["category"] in cats, r
    assert isinstance(r["score"], float) and 0 <= r["score"] <= 1, r
want = ["Sports", "Business", "Politics", "Technology"]
got = [r["category"] for r in rows]
assert got == want, got
PY

# the same from a file argument, and from "-"
"$BIN" classify "$tmp/in.jsonl" >"$tmp/out2" || fail "classify FILE exited $?"
cmp -s "$tmp/out" "$tmp/out2" || fail "classify FILE differs from stdin"
"$BIN" classify - <"$tmp/in.jsonl" >"$tmp/out2" || fail "classify - exited $?"
cmp -s "$tmp/out" "$tmp/out2" || fail "classify - differs from stdin"

# --model and HASHWIRE_MODELS find the same model elsewhere
mkdir "$tmp/m" && cp models/category.model "$tmp/m/"
"$BIN" classify --model "$tmp/m/category.model" <"$tmp/in.jsonl" \
    >"$tmp/out2" || fail "--model exited $?"
cmp -s "$tmp/out" "$tmp/out2" || fail "--model gives other answers"
HASHWIRE_MODELS="$tmp/m" "$BIN" classify <"$tmp/in.jsonl" >"$tmp/out2" ||
    fail "HASHWIRE_MODELS exited $?"
cmp -s "$tmp/out" "$tmp/out2" || fail "HASHWIRE_MODELS gives other answers"

# --- bad input -----------------------------------------------------------
# empty title and text, missing members, nulls: no category
printf '%s\n' '{"title": "", "text": ""}' '{}' '{"title": null, "text": null}' \
    '{"title": "   ", "text": "... --- !!!"}' >"$tmp/empty.jsonl"
"$BIN" classify <"$tmp/empty.jsonl" >"$tmp/out" || fail "empty: exit $?"
[ "$(grep -c '^{"category":null,"score":0.0000}$' "$tmp/out")" -eq 4 ] ||
    fail "empty articles: $(cat "$tmp/out")"

# other languages and scripts: no category
cat >"$tmp/foreign.jsonl" <<'JSONL'
{"title": "北朝鮮の指導者が葬儀で涙", "text": "金正恩氏は棺に身を投げ出して泣いた。"}
{"title": "Новости дня", "text": "Президент заявил сегодня о новых мерах поддержки экономики."}
{"title": "Ein spätes Tor entscheidet das Spiel", "text": "Die Mannschaft gewann nach einer schwachen ersten Hälfte doch noch."}
JSONL
"$BIN" classify <"$tmp/foreign.jsonl" >"$tmp/out" || fail "foreign: exit $?"
[ "$(grep -c '^{"category":null,' "$tmp/out")" -eq 3 ] ||
    fail "other languages got a category: $(cat "$tmp/out")"

# a 10 MB text: answered, and only its start is read
python3 - "$tmp/big.jsonl" <<'PY'
import json, sys
text = ("The striker scored a late goal and the team won the league "
        "match. ") * 150000
with open(sys.argv[1], "w") as f:
    f.write(json.dumps({"title": "Cup final", "text": text}) + "\n")
    f.write(json.dumps({"title": "x" * (10 << 20), "text": ""}) + "\n")
PY
"$BIN" classify <"$tmp/big.jsonl" >"$tmp/out" || fail "10 MB: exit $?"
[ "$(wc -l <"$tmp/out")" -eq 2 ] || fail "10 MB: want 2 lines"
head -1 "$tmp/out" | grep -q '"category":"Sports"' ||
    fail "10 MB text: $(head -1 "$tmp/out")"
sed -n 2p "$tmp/out" | grep -q '^{"category":null,"score":0.0000}$' ||
    fail "10 MB word: $(sed -n 2p "$tmp/out")"

# invalid lines: each named by number, the others answered, exit 1
printf '%s\n' '{"title": "Stocks fall as oil prices surge", "text": ""}' \
    '{"title": "broken' '[1, 2]' '{"title": "Senate passes budget bill"}' \
    '' '{"title": 42}' '{"title": "Football: United win the cup"}' \
    >"$tmp/bad.jsonl"
"$BIN" classify <"$tmp/bad.jsonl" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 1 ] || fail "bad lines: want exit 1"
[ "$(wc -l <"$tmp/out")" -eq 7 ] || fail "bad lines: want 7 answers"
for n in 2 3 5 6; do
    grep -q "^hashwire: classify: stdin:$n: " "$tmp/err" ||
        fail "line $n not named: $(cat "$tmp/err")"
    sed -n "${n}p" "$tmp/out" | grep -q '"error":' ||
        fail "line $n answer has no error"
done
[ "$(wc -l <"$tmp/err")" -eq 4 ] || fail "want 4 errors: $(cat "$tmp/err")"
sed -n 1p "$tmp/out" | grep -q '"category":"Business"' || fail "line 1"
sed -n 4p "$tmp/out" | grep -q '"category":"Politics"' || fail "line 4"
sed -n 7p "$tmp/out" | grep -q '"category":"Sports"' || fail "line 7"
# named by file when given one
"$BIN" classify "$tmp/bad.jsonl" >/dev/null 2>"$tmp/err"
grep -q "^hashwire: classify: $tmp/bad.jsonl:2: " "$tmp/err" ||
    fail "file lines not named: $(cat "$tmp/err")"
# a raw NUL byte is a bad line, and does not swallow the next one
printf '{"title": "a\000b"}\n{"title": "Stocks fall"}\n' |
    "$BIN" classify >"$tmp/out" 2>"$tmp/err"
[ $? -eq 1 ] || fail "NUL byte: want exit 1"
[ "$(wc -l <"$tmp/out")" -eq 2 ] || fail "NUL byte: want 2 answers"
grep -q "stdin:1: " "$tmp/err" || fail "NUL byte: $(cat "$tmp/err")"
# CRLF and a last line without a newline are fine
printf '{"title": "Stocks fall"}\r\n{"title": "United win"}' |
    "$BIN" classify >"$tmp/out" || fail "CRLF: exit $?"
[ "$(wc -l <"$tmp/out")" -eq 2 ] || fail "CRLF: want 2 lines"

# a missing or damaged model: exit 1 with a clear message
echo '{"title": "x"}' | HASHWIRE_MODELS="$tmp/none" "$BIN" classify \
    >"$tmp/out" 2>"$tmp/err"
[ $? -eq 1 ] || fail "missing model: want exit 1"
grep -q "make models" "$tmp/err" || fail "missing model: $(cat "$tmp/err")"
head -c 1000 models/category.model >"$tmp/m/category.model"
echo '{"title": "x"}' | "$BIN" classify --model "$tmp/m/category.model" \
    >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] || fail "damaged model: want exit 1"
grep -q "truncated" "$tmp/err" || fail "damaged model: $(cat "$tmp/err")"

# usage errors exit 2
"$BIN" classify --bogus </dev/null >/dev/null 2>&1
[ $? -eq 2 ] || fail "unknown option: want 2"
"$BIN" classify a b </dev/null >/dev/null 2>&1
[ $? -eq 2 ] || fail "two inputs: want 2"
"$BIN" classify --model </dev/null >/dev/null 2>&1
[ $? -eq 2 ] || fail "--model without value: want 2"
"$BIN" train >/dev/null 2>&1
[ $? -eq 2 ] || fail "train without a model name: want 2"
"$BIN" train classifier --bits 99 >/dev/null 2>&1
[ $? -eq 2 ] || fail "train --bits 99: want 2"
echo "classify.sh: ok"
