// extract_peer.js - Mozilla Readability (the reader view of Firefox) on
// the pages bench_extract measures hashwire's extractor on.
//
//   node bench/extract_peer.js PAGES.tsv OUTDIR
//
// PAGES.tsv is bench_extract --list's output: "set TAB page TAB url TAB
// path" per page.  For each page: linkedom's parseHTML() builds the DOM
// and new Readability(document).parse() finds the article.  The article
// HTML (article.content) is made text the way feed_html_text() makes the
// truth of the readability set text: a paragraph break around each block
// element, a space around table cells, script/style/svg/math and the
// like dropped, white space collapsed.  article.textContent would be
// unfair to Readability: it has no break between blocks, so the last word
// of a paragraph and the first of the next ("end.</p><p>Start") would be
// one token.  The text goes to OUTDIR/SET/PAGE.txt; a page where
// Readability throws or returns null gets no file (bench_extract --score
// then scores it 0) and is counted.
//
// Speed: the pages are read into memory first (decoded by the charset
// their <meta> declares, else as UTF-8); parseHTML() +
// parse() is timed in wall-clock time, on one thread, and the best of
// three passes over all pages is kept (no further pass once 45 s are
// spent: the first pass also pays for the JIT warming up, so two at least
// when the machine allows).  Turning article.content into text is not
// timed.
//
// The packages live in bench/node_modules/.extract-peer (installed there
// by extract_peer.sh), never in the project's dependencies.
'use strict';
const fs = require('fs');
const path = require('path');

const MODS = path.join(__dirname, 'node_modules', '.extract-peer',
  'node_modules');
const req = (name) => require(path.join(MODS, name));
const version = (name) => JSON.parse(fs.readFileSync(
  path.join(MODS, name, 'package.json'), 'utf8')).version;

const PASSES = 3;
const PASS_BUDGET_MS = 45000;

// The element classes of feed_html_text() (src/feed/html.c).
const BLOCK = new Set(['address', 'article', 'aside', 'blockquote', 'br',
  'caption', 'center', 'dd', 'details', 'div', 'dl', 'dt', 'figcaption',
  'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header',
  'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'tr',
  'ul']);
const CELL = new Set(['td', 'th']);
const DROP = new Set(['applet', 'base', 'embed', 'frame', 'frameset',
  'iframe', 'input', 'link', 'math', 'meta', 'noembed', 'noframes',
  'noscript', 'object', 'plaintext', 'script', 'select', 'style', 'svg',
  'template', 'textarea', 'title', 'xmp']);
const BREAK = '\u0000';

// The text of node's subtree: pieces, with BREAK at block boundaries.
function walk(node, out) {
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 3) {
      out.push(c.nodeValue);
      continue;
    }
    if (c.nodeType !== 1) continue;
    const tag = c.localName ? c.localName.toLowerCase() : '';
    if (DROP.has(tag)) continue;
    const sep = BLOCK.has(tag) ? BREAK : CELL.has(tag) ? ' ' : '';
    out.push(sep);
    walk(c, out);
    out.push(sep);
  }
}

// Paragraphs separated by blank lines, as hashwire's text is.
function htmlToText(parseHTML, html) {
  const { document } = parseHTML(
    `<!doctype html><html><body>${html}</body></html>`);
  const out = [];
  walk(document.body, out);
  return out.join('').split(BREAK)
    .map((p) => p.replace(/[ \t\n\r\f]+/g, ' ').trim())
    .filter((p) => p.length)
    .join('\n\n');
}

// Bytes to a string: the charset the page declares in its first 4 KB
// (as a browser would, simplified), else UTF-8.
function decode(buf) {
  const head = buf.subarray(0, 4096).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)/i.exec(head);
  if (m) {
    try {
      return new TextDecoder(m[1]).decode(buf);
    } catch (e) {
      // an unknown label: fall back to UTF-8
    }
  }
  return buf.toString('utf8');
}

function readPages(list) {
  return fs.readFileSync(list, 'utf8').split('\n').filter((l) => l)
    .map((l) => {
      const [set, page, url, file] = l.split('\t');
      const buf = fs.readFileSync(file);
      return { set, page, url: url === '-' ? null : url, bytes: buf.length,
        html: decode(buf) };
    });
}

// One pass over all pages: milliseconds spent in parseHTML + parse.
function pass(pages, parseHTML, Readability, keep) {
  let ms = 0;
  for (const p of pages) {
    const t0 = performance.now();
    let article = null, err = null;
    try {
      const { document } = parseHTML(p.html);
      article = new Readability(document).parse();
    } catch (e) {
      err = e;
    }
    ms += performance.now() - t0;
    if (keep) keep(p, article, err);
  }
  return ms;
}

function main() {
  const [list, outdir] = process.argv.slice(2);
  if (!list || !outdir) {
    console.error('usage: node extract_peer.js PAGES.tsv OUTDIR');
    process.exit(2);
  }
  const { parseHTML } = req('linkedom');
  const { Readability } = req('@mozilla/readability');
  const pages = readPages(list);
  const bytes = pages.reduce((a, p) => a + p.bytes, 0);
  let threw = 0, nulls = 0, empty = 0;
  const keep = (p, article, err) => {
    if (err) {
      threw++;
      return;
    }
    if (!article) {
      nulls++;
      return;
    }
    const text = htmlToText(parseHTML, article.content || '');
    if (!text) empty++;
    const dir = path.join(outdir, p.set);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${p.page}.txt`), text);
  };
  let best = pass(pages, parseHTML, Readability, keep), n = 1;
  for (let spent = best; n < PASSES && spent < PASS_BUDGET_MS; n++) {
    const ms = pass(pages, parseHTML, Readability, null);
    spent += ms;
    best = Math.min(best, ms);
  }
  console.log(`extract: readability ${version('@mozilla/readability')} ` +
    `(linkedom ${version('linkedom')}): ${threw} pages threw, ${nulls} ` +
    `returned null, ${empty} empty, of ${pages.length}`);
  console.log(`extract: readability speed ${Math.round(pages.length * 1000 / best)} ` +
    `pages/s, ${(bytes / 1e3 / best).toFixed(1)} MB/s (parseHTML + ` +
    `Readability.parse over ${pages.length} pages in memory, one thread, ` +
    `best of ${n} passes)`);
}

main();
