// ner_peers.js - the npm taggers on the sentences hashwire's tagger is
// measured on: CoNLL-2003 eng.testa, one sentence at a time, the words
// joined by single spaces.
//
//   node bench/ner_peers.js ../shared/data/ner/conll2003/eng.testa
//
// compromise: people(), organizations(), places() with character offsets
// become PER, ORG and LOC spans.  wink-nlp with wink-eng-lite-web-model:
// its entity recogniser knows DATE, TIME, MONEY, PERCENT, URL, EMAIL and
// the like but no person, organisation or place type, so none of its
// entities maps; for a fair look we also score its proper-noun runs
// (PROPN tokens in a row) as spans with the type ignored, and print that
// figure apart.  Scores are conlleval's (exact span and type) over PER,
// ORG and LOC, MISC left out of gold and predictions.  Tokens per second
// count the CoNLL words over the CPU time spent inside each library (CPU
// time, as bench_ner measures ours, so a busy machine skews neither).
//
// The packages live in bench/node_modules (npm install --prefix bench),
// never in the project's dependencies.
'use strict';
const fs = require('fs');

const path = require('path');

// bench/node_modules is found from this file's folder, as node resolves.
const req = (name) => require(name);
// A package's version, read from its package.json on disk.
const version = (name) => JSON.parse(fs.readFileSync(
  path.join(__dirname, 'node_modules', name, 'package.json'), 'utf8')).version;

function readConll(file) {
  const sents = [];
  let cur = null;
  let prev = 'O';
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const cols = line.trim().split(/\s+/);
    if (line.trim() === '' || cols[0] === '-DOCSTART-') {
      if (cur && cur.words.length) sents.push(cur);
      cur = null;
      prev = 'O';
      continue;
    }
    if (!cur) cur = { words: [], gold: [] };
    let tag = cols.length > 1 ? cols[cols.length - 1] : 'O';
    // IOB1 -> IOB2, then MISC out
    if (tag.startsWith('I-') && !(prev !== 'O' && prev.slice(2) === tag.slice(2)))
      tag = 'B-' + tag.slice(2);
    prev = tag;
    cur.words.push(cols[0]);
    cur.gold.push(tag.endsWith('MISC') ? 'O' : tag);
  }
  if (cur && cur.words.length) sents.push(cur);
  return sents;
}

// Character offsets of each word in the words joined by spaces.
function layout(words) {
  const starts = [];
  let pos = 0;
  for (const w of words) {
    starts.push(pos);
    pos += w.length + 1;
  }
  return { text: words.join(' '), starts };
}

// Label words covered by [start, end) character spans.
function spansToTags(words, starts, spans) {
  const tags = words.map(() => 'O');
  for (const s of spans) {
    let first = true;
    for (let i = 0; i < words.length; i++) {
      const a = starts[i], b = a + words[i].length;
      if (a >= s.start && b <= s.end && tags[i] === 'O') {
        tags[i] = (first ? 'B-' : 'I-') + s.type;
        first = false;
      }
    }
  }
  return tags;
}

function chunks(tags) {
  const out = new Set();
  for (let i = 0; i < tags.length; i++) {
    if (tags[i] === 'O') continue;
    const t = tags[i].slice(2);
    if (tags[i][0] === 'I' && i > 0 && tags[i - 1] !== 'O' && tags[i - 1].slice(2) === t) continue;
    let j = i + 1;
    while (j < tags.length && tags[j] === 'I-' + t) j++;
    out.add(`${i}:${j}:${t}`);
  }
  return out;
}

function score(sents, preds, untyped) {
  let g = 0, p = 0, c = 0;
  sents.forEach((s, k) => {
    const strip = (x) => (untyped ? x.replace(/^([BI])-.*$/, '$1-X') : x);
    const gc = chunks(s.gold.map(strip));
    const pc = chunks(preds[k].map(strip));
    g += gc.size;
    p += pc.size;
    for (const x of pc) if (gc.has(x)) c++;
  });
  const P = p ? (100 * c) / p : 0, R = g ? (100 * c) / g : 0;
  return { P, R, F: P + R ? (2 * P * R) / (P + R) : 0 };
}

function run(name, sents, tagger) {
  const preds = [];
  let ms = 0;
  for (const s of sents) {
    const { text, starts } = layout(s.words);
    const t0 = process.cpuUsage();
    const spans = tagger(text);
    const dt = process.cpuUsage(t0);
    ms += (dt.user + dt.system) / 1000;
    preds.push(spansToTags(s.words, starts, spans));
  }
  return { name, preds, secs: ms / 1000 };
}

function main() {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node ner_peers.js eng.testa');
    process.exit(2);
  }
  const sents = readConll(file);
  const nwords = sents.reduce((a, s) => a + s.words.length, 0);
  const results = [];

  const nlp = req('compromise');
  const cver = version('compromise');
  results.push(run(`compromise ${cver}`, sents, (text) => {
    const doc = nlp(text);
    const spans = [];
    for (const [type, sel] of [['PER', doc.people()], ['ORG', doc.organizations()], ['LOC', doc.places()]])
      for (const m of sel.json({ offset: true }))
        spans.push({ start: m.offset.start, end: m.offset.start + m.offset.length, type });
    spans.sort((a, b) => a.start - b.start);
    return spans;
  }));

  const winkNLP = req('wink-nlp');
  const model = req('wink-eng-lite-web-model');
  const wver = version('wink-nlp');
  const wink = winkNLP(model);
  const its = wink.its;
  const typeMap = { PERSON: 'PER', ORG: 'ORG', GPE: 'LOC', LOC: 'LOC' };
  const propn = [];
  results.push(run(`wink-nlp ${wver}`, sents, (text) => {
    const doc = wink.readDoc(text);
    const toks = doc.tokens().out();
    const pos = doc.tokens().out(its.pos);
    const offs = [];
    let cur = 0;
    for (const t of toks) {
      const at = text.indexOf(t, cur);
      offs.push(at < 0 ? cur : at);
      cur = at < 0 ? cur : at + t.length;
    }
    const spans = [];
    doc.entities().each((e) => {
      const type = typeMap[e.out(its.type)];
      const [a, b] = e.out(its.span);
      if (type) spans.push({ start: offs[a], end: offs[b] + toks[b].length, type });
    });
    // proper-noun runs, for the untyped figure
    const runs = [];
    for (let i = 0; i < toks.length; i++) {
      if (pos[i] !== 'PROPN') continue;
      let j = i;
      while (j + 1 < toks.length && pos[j + 1] === 'PROPN') j++;
      runs.push({ start: offs[i], end: offs[j] + toks[j].length, type: 'X' });
      i = j;
    }
    propn.push(runs);
    return spans;
  }));

  for (const r of results) {
    const s = score(sents, r.preds, false);
    console.log(`ner: ${r.name} PER/ORG/LOC (MISC left out): P ${s.P.toFixed(2)} R ${s.R.toFixed(2)} ` +
      `F1 ${s.F.toFixed(2)}; ${Math.round(nwords / r.secs)} tokens/s (${nwords} words, one thread)`);
  }
  const wp = sents.map((s, k) => {
    const { starts } = layout(s.words);
    return spansToTags(s.words, starts, propn[k]);
  });
  const u = score(sents, wp, true);
  console.log(`ner: wink-nlp ${wver} proper-noun runs, type ignored: P ${u.P.toFixed(2)} R ${u.R.toFixed(2)} F1 ${u.F.toFixed(2)}`);
}

main();
