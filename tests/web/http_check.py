#!/usr/bin/env python3
"""http_check.py URL BIN DB TOKEN - check every route of a running
`hashwire serve` over real HTTP on loopback (see serve.sh).

Each check is a function; all run, failures are listed, the exit status
is 1 when any failed.  Loads are bounded in count and time.
"""
import gzip
import http.client
import json
import re
import resource
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

URL, BIN, DB, TOKEN = sys.argv[1:5]
U = urllib.parse.urlsplit(URL)
HOST, PORT = U.hostname, U.port
SEED_SOURCES = ["Al Jazeera", "Bloomberg", "Yahoo", "Daily Mail",
                "Free Malaysia Today"]
SEED_TIMES = ["17 hours ago", "20 hours ago", "a day ago", "2 days ago",
              "2 days ago"]
failures = []
ran = []


def req(method, path, headers=None, body=None, timeout=10):
    c = http.client.HTTPConnection(HOST, PORT, timeout=timeout)
    c.putrequest(method, path, skip_accept_encoding=True)
    for k, v in (headers or {}).items():
        c.putheader(k, v)
    if body is not None:
        c.putheader("Content-Length", str(len(body)))
    c.endheaders(body)
    r = c.getresponse()
    data = r.read()
    hdrs = {k.lower(): v for k, v in r.getheaders()}
    c.close()
    return r.status, hdrs, data


def get(path, **kw):
    return req("GET", path, **kw)


def raw(data, timeout=10):
    """Send raw bytes, return the status code of the answer (0: none)."""
    s = socket.create_connection((HOST, PORT), timeout=timeout)
    try:
        s.sendall(data)
        buf = b""
        while b"\r\n" not in buf:
            chunk = s.recv(4096)
            if not chunk:
                break
            buf += chunk
    finally:
        s.close()
    m = re.match(rb"HTTP/1\.[01] (\d{3})", buf)
    return int(m.group(1)) if m else 0


def check(fn):
    ran.append(fn.__name__)
    try:
        fn()
        print("  ok   %s" % fn.__name__)
    except AssertionError as e:
        failures.append(fn.__name__)
        print("  FAIL %s: %s" % (fn.__name__, e))
    except Exception as e:  # a crash of the check is a failure too
        failures.append(fn.__name__)
        print("  FAIL %s: %r" % (fn.__name__, e))
    return fn


def items(html):
    """(source, time text, datetime, article href, title) per item."""
    out = []
    for art in re.findall(r'<article class="item">(.*?)</article>', html,
                          re.S):
        src = re.search(r'<p class="source">(.*?)</p>', art, re.S)
        tm = re.search(r'<time datetime="([^"]+)" title="([^"]+)">(.*?)'
                       r'</time>', art)
        a = re.search(r'<h2><a href="(/article/\d+)">(.*?)</a></h2>', art,
                      re.S)
        out.append((src.group(1) if src else None,
                    tm.group(3) if tm else None,
                    tm.group(1) if tm else None,
                    a.group(1) if a else None, a.group(2) if a else None))
    return out


def no_active_markup(html, where):
    low = html.lower()
    assert "<script" not in low, "%s: a <script> element" % where
    assert "<iframe" not in low and "<svg" not in low, \
        "%s: an iframe or svg element" % where
    m = re.search(r"<[a-z][^>]*\son[a-z]+\s*=", low)
    assert not m, "%s: an event handler attribute: %s" % (where, m.group(0))
    assert 'href="javascript:' not in low and "href='javascript:" not in low,\
        "%s: a javascript: link" % where
    assert "__hw_pwned=1</script" not in low


# ---- the topic page ----------------------------------------------------

@check
def topic_page_reads_like_the_seed():
    st, h, body = get("/tag/KimJongUn")
    assert st == 200, st
    assert h["content-type"] == "text/html; charset=utf-8", h
    html = body.decode("utf-8")
    assert "<h1>Latest news with #KimJongUn</h1>" in html
    it = items(html)
    assert [i[0] for i in it] == SEED_SOURCES, [i[0] for i in it]
    assert [i[1] for i in it] == SEED_TIMES, [i[1] for i in it]
    assert it[0][2] == "2025-07-13T03:00:00Z", it[0]
    assert 'title="2025-07-13 03:00 UTC"' in html
    assert all(i[3] for i in it)
    assert "Kardashian" not in html
    assert '<a href="/category/politics">Politics</a>' in html
    assert 'href="/tag/KimJongUn.atom"' in html
    assert "North Korean leader Kim Jong Un wept" in html


@check
def security_headers():
    st, h, _ = get("/tag/KimJongUn")
    csp = h.get("content-security-policy", "")
    assert "default-src 'none'" in csp and "style-src 'self'" in csp, csp
    assert "unsafe-inline" not in csp and "script-src" not in csp, csp
    assert h.get("x-content-type-options") == "nosniff"
    assert h.get("x-frame-options") == "DENY"
    for path in ["/", "/api/v1/trending", "/tag/KimJongUn.atom",
                 "/style.css", "/metrics", "/nope"]:
        st, h, _ = get(path)
        assert "charset=utf-8" in h.get("content-type", ""), (path, h)
        assert h.get("x-content-type-options") == "nosniff", path


@check
def tag_spelled_any_way():
    _, _, want = get("/tag/KimJongUn")
    for p in ["/tag/kimjongun", "/tag/Kim_Jong-un", "/tag/%23KimJongUn",
              "/tag/KIM-JONG-UN", "/tag/Kim%20Jong%20Un", "/tag/KimJongUn/"]:
        st, _, body = get(p)
        assert st == 200 and body == want, p


@check
def unknown_tag_404_with_closest():
    st, h, body = get("/tag/KimJongUm")
    html = body.decode()
    assert st == 404, st
    assert 'href="/tag/KimJongUn"' in html, html[-1500:]
    st, _, body = get("/tag/" + "%21" * 5)
    assert st == 404, st


@check
def validators_and_304():
    st, h, body = get("/tag/KimJongUn")
    etag, lm = h.get("etag"), h.get("last-modified")
    assert etag and lm, h
    st, h2, b2 = get("/tag/KimJongUn", headers={"If-None-Match": etag})
    assert st == 304 and b2 == b"", st
    assert h2.get("etag") == etag
    st, _, _ = get("/tag/KimJongUn", headers={"If-None-Match": '"nope"'})
    assert st == 200, st
    st, _, _ = get("/tag/KimJongUn", headers={"If-Modified-Since": lm})
    assert st == 304, st
    st, _, _ = get("/tag/KimJongUn",
                   headers={"If-Modified-Since": "Thu, 01 Jan 1970 00:00:00 GMT"})
    assert st == 200, st
    st, h, _ = get("/api/v1/tags/KimJongUn/articles")
    st, _, _ = get("/api/v1/tags/KimJongUn/articles",
                   headers={"If-None-Match": h["etag"]})
    assert st == 304, st


@check
def gzip_when_asked():
    _, _, plain = get("/tag/KimJongUn")
    for path in ["/tag/KimJongUn", "/api/v1/tags/KimJongUn/articles",
                 "/tag/KimJongUn.atom"]:
        st, h, body = get(path, headers={"Accept-Encoding": "gzip, br"})
        assert st == 200 and h.get("content-encoding") == "gzip", (path, h)
        assert "Accept-Encoding" in h.get("vary", ""), h
        data = gzip.decompress(body)
        if path == "/tag/KimJongUn":
            assert data == plain
            assert h["etag"].endswith('-gz"'), h["etag"]
            st, _, _ = get(path, headers={"Accept-Encoding": "gzip",
                                          "If-None-Match": h["etag"]})
            assert st == 304, st
    st, h, _ = get("/tag/KimJongUn", headers={"Accept-Encoding": "gzip;q=0"})
    assert "content-encoding" not in h, h
    st, h, _ = get("/tag/KimJongUn", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in h, h


@check
def head_has_no_body():
    st, h, body = req("HEAD", "/tag/KimJongUn")
    assert st == 200 and body == b"", (st, len(body))
    assert int(h["content-length"]) > 1000, h


@check
def keyset_pagination():
    st, _, body = get("/tag/AdaLovelace")
    html = body.decode()
    assert st == 200, st
    first = items(html)
    assert len(first) == 20, len(first)
    m = re.search(r'<a rel="next" href="(/tag/AdaLovelace\?before=-?\d+\.\d+)"',
                  html)
    assert m, "no Older link"
    st, _, body = get(m.group(1))
    second = items(body.decode())
    assert st == 200 and len(second) == 5, (st, len(second))
    ids = [i[3] for i in first + second]
    assert len(set(ids)) == 25, ids
    times = [i[2] for i in first + second]
    assert times == sorted(times, reverse=True), times
    assert 'rel="next"' not in body.decode()
    assert get("/tag/AdaLovelace?before=yesterday")[0] == 400
    assert get("/tag/AdaLovelace?before=1.2.3")[0] == 400


@check
def atom_feed_is_valid():
    st, h, body = get("/tag/kimjongun.atom")
    assert st == 200, st
    assert h["content-type"] == "application/atom+xml; charset=utf-8", h
    with tempfile.NamedTemporaryFile(suffix=".atom") as f:
        f.write(body)
        f.flush()
        r = subprocess.run(["xmllint", "--noout", f.name],
                           capture_output=True)
        assert r.returncode == 0, r.stderr
        r = subprocess.run([BIN, "parse", f.name], capture_output=True)
        assert r.returncode == 0, r.stderr
        feed = json.loads(r.stdout)
    assert feed["format"] == "atom1.0" and not feed["bozo"], feed["bozo_message"]
    assert feed["title"] == "Latest news with #KimJongUn", feed["title"]
    ents = feed["entries"]
    assert len(ents) == 5, len(ents)
    assert all(e["id"].startswith("http://") for e in ents)
    assert ents[0]["published"] == "2025-07-13T03:00:00Z", ents[0]
    assert ents[0]["link"].startswith("https://www.aljazeera"), ents[0]
    text = body.decode()
    for tag in ["<id>", "<updated>", "<author>", 'rel="self"']:
        assert tag in text, tag
    # the hostile tag's feed: still well-formed, nothing active
    st, _, body = get("/tag/MalloryHacker.atom")
    assert st == 200, st
    with tempfile.NamedTemporaryFile(suffix=".atom") as f:
        f.write(body)
        f.flush()
        r = subprocess.run(["xmllint", "--noout", f.name],
                           capture_output=True)
        assert r.returncode == 0, r.stderr
        r = subprocess.run([BIN, "parse", f.name], capture_output=True)
        assert r.returncode == 0 and not json.loads(r.stdout)["bozo"]
    assert "<script" not in body.decode().lower()


@check
def article_page():
    _, _, body = get("/tag/KimJongUn")
    href = items(body.decode())[0][3]
    st, h, body = get(href)
    html = body.decode()
    assert st == 200, st
    assert "Rajin" in html and "<div class=\"text\">" in html
    assert 'href="/tag/KimJongUn">#KimJongUn</a>' in html
    assert 'href="https://www.aljazeera.example/' in html
    assert '<time datetime="2025-07-13T03:00:00Z"' in html
    assert "More with" in html
    assert get("/article/999999")[0] == 404
    assert get("/article/abc")[0] == 404
    assert get("/story/1")[0] == 200
    assert get("/story/999999")[0] == 404


@check
def category_pages():
    st, _, body = get("/category/politics")
    assert st == 200 and "Latest news in Politics" in body.decode(), st
    for p in ["/category/Politics", "/category/POLITICS"]:
        assert get(p)[0] == 200, p
    assert get("/category/Arts%20%26%20Culture")[0] == 200
    assert get("/category/arts-culture")[0] == 200
    assert get("/category/food-and-drink")[0] == 200
    assert get("/category/nope")[0] == 404


@check
def search_page():
    st, _, body = get("/search?q=coffin")
    html = body.decode()
    assert st == 200, st
    assert "North Korea is now a more important ally" in html, html[-2000:]
    assert "<mark>coffin</mark>" in html
    assert 'value="coffin"' in html
    st, _, body = get("/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    html = body.decode()
    assert st == 200 and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    no_active_markup(html, "search")
    st, _, body = get("/search?q=")
    assert st == 200
    st, _, body = get("/search?q=zzzznothing")
    assert st == 200 and "Nothing found" in body.decode()


@check
def home_page():
    st, _, body = get("/")
    html = body.decode()
    assert st == 200, st
    assert "Trending" in html and "Latest news" in html
    assert 'href="/tag/KimJongUn"' in html
    assert len(items(html)) == 20


@check
def json_api():
    st, h, body = get("/api/v1/tags/kim_jong-un/articles?limit=2")
    assert st == 200 and h["content-type"].startswith("application/json")
    d = json.loads(body)
    assert d["tag"]["hashtag"] == "KimJongUn", d["tag"]
    assert [a["source"] for a in d["articles"]] == SEED_SOURCES[:2]
    assert d["articles"][0]["time_ago"] == "17 hours ago"
    seen = [a["id"] for a in d["articles"]]
    nxt = d["next"]
    while nxt:
        d = json.loads(get(nxt)[2])
        seen += [a["id"] for a in d["articles"]]
        nxt = d["next"]
    assert len(seen) == 5 and len(set(seen)) == 5, seen
    st, _, body = get("/api/v1/articles/%d" % seen[0])
    a = json.loads(body)["article"]
    assert st == 200 and "Rajin" in a["text"]
    assert any(t["hashtag"] == "KimJongUn" for t in a["hashtags"])
    st, _, body = get("/api/v1/search?q=coffin")
    r = json.loads(body)["results"]
    assert st == 200 and r and "<mark>coffin</mark>" in r[0]["snippet_html"]
    st, _, body = get("/api/v1/trending")
    t = json.loads(body)
    assert st == 200 and t["hours"] == 24 and t["tags"], t
    assert t["tags"][0]["count"] >= 1
    st, _, body = get("/api/v1/categories")
    c = json.loads(body)["categories"]
    assert st == 200 and len(c) == 16
    assert [x for x in c if x["name"] == "Politics"][0]["articles"] >= 5
    st, _, body = get("/api/v1/categories/politics/articles?limit=3")
    assert st == 200 and len(json.loads(body)["articles"]) == 3
    st, _, body = get("/api/v1/articles?limit=5")
    assert st == 200 and len(json.loads(body)["articles"]) == 5
    st, _, body = get("/api/v1/tags/kim-jong-un")
    t = json.loads(body)["tag"]
    assert st == 200 and t["key"] == "kimjongun" and t["articles"] == 5, t
    st, _, body = get("/api/v1/tags/NoSuchTagAtAll/articles")
    assert st == 404 and json.loads(body)["error"]["status"] == 404
    st, _, body = get("/api/v1/search")
    assert st == 400 and "error" in json.loads(body)
    assert get("/api/v1/trending?hours=0")[0] == 400


@check
def healthz_and_metrics():
    st, h, body = get("/healthz")
    assert st == 200 and body == b"ok\n" and h["cache-control"] == "no-store"
    st, h, body = get("/metrics")
    text = body.decode()
    assert st == 200 and h["content-type"].startswith("text/plain; version=0.0.4")
    assert re.search(r'hashwire_http_requests_total\{route="tag",'
                     r'status="200"\} \d+', text), text[:500]
    assert 'hashwire_http_request_duration_seconds_bucket{route="tag",' \
           'le="+Inf"}' in text
    assert re.search(r"^hashwire_articles \d+$", text, re.M)
    assert 'hashwire_feeds{status="ok"}' in text
    assert "hashwire_crawl_errors" in text


@check
def cached_answers_stay_right():
    """Answers repeated from the one-second cache, across its refresh,
    from several threads at once: always whole and the same."""
    import threading
    want = {p: get(p)[2] for p in ["/tag/KimJongUn", "/api/v1/articles",
                                   "/tag/AdaLovelace?before=1751328000.99"]}
    bad = []

    def worker(n):
        for i in range(40):
            p = list(want)[(n + i) % len(want)]
            st, h, body = get(p, headers={"Accept-Encoding": "gzip"}
                              if i % 2 else None)
            if h.get("content-encoding") == "gzip":
                body = gzip.decompress(body)
            if st != 200 or body != want[p]:
                bad.append((p, st))
            if i % 10 == 0:
                time.sleep(0.15)
    ts = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(30)
    assert not bad, bad[:5]


# ---- hostile content ---------------------------------------------------

@check
def hostile_feed_is_escaped():
    st, _, body = get("/tag/MalloryHacker")
    html = body.decode()
    assert st == 200, st
    it = items(html)
    assert len(it) >= 4, len(it)
    no_active_markup(html, "/tag/MalloryHacker")
    assert "&lt;/title&gt;&lt;script&gt;" in html
    pages = ["/", "/search?q=Mallory", "/search?q=javascript"]
    pages += [i[3] for i in it]
    for p in pages:
        st, _, body = get(p)
        html = body.decode("utf-8")  # valid UTF-8 whatever was stored
        assert st == 200, (p, st)
        no_active_markup(html, p)
        assert "\x07" not in html, p
    st, _, body = get("/api/v1/tags/MalloryHacker/articles")
    json.loads(body.decode("utf-8"))


# ---- bad input ---------------------------------------------------------

@check
def path_traversal_and_bad_encoding():
    for target in [b"/tag/../../etc/passwd", b"/tag/%2e%2e", b"/tag/a%2fb",
                   b"/../../../../etc/passwd", b"/tag/%zz", b"/tag/%",
                   b"/tag/%00", b"/tag/%ff%fe", b"/style.css/../etc/passwd",
                   b"/tag/%0d%0aSet-Cookie:x=1"]:
        st = raw(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        assert st in (400, 404), (target, st)
    st = raw(b"GET http://evil.example/ HTTP/1.1\r\nHost: x\r\n\r\n")
    assert st in (400, 404), st


@check
def overlong_urls_and_headers():
    st, _, _ = get("/tag/" + "a" * 5000)
    assert st == 414, st
    st, _, _ = get("/tag/" + "K" * 10000)
    assert st in (414, 431, 404), st
    st, _, body = get("/tag/" + "K" * 3000)
    assert st == 404, st
    st = raw(b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 40000 +
             b"\r\n\r\n")
    assert st in (0, 400, 413, 414, 431), st
    assert get("/healthz")[0] == 200


@check
def sql_in_every_parameter():
    _, _, before = get("/metrics")
    n0 = re.search(rb"^hashwire_articles (\d+)$", before, re.M).group(1)
    sql = "x' OR '1'='1'; DROP TABLE articles; --"
    q = urllib.parse.quote(sql, safe="")
    for p in ["/tag/" + q, "/tag/" + q + ".atom", "/category/" + q,
              "/article/" + q, "/story/" + q, "/search?q=" + q,
              "/search?q=" + q + "&page=" + q,
              "/tag/KimJongUn?before=" + q,
              "/api/v1/tags/" + q + "/articles",
              "/api/v1/tags/KimJongUn/articles?before=" + q + "&limit=" + q,
              "/api/v1/articles/" + q, "/api/v1/search?q=" + q + "&offset=" + q,
              "/api/v1/trending?hours=" + q + "&limit=" + q,
              "/api/v1/categories/" + q + "/articles",
              "/search?q=%22%20OR%20NEAR(a%20b)%20*%20%5E",
              "/api/v1/search?q=title%3Ax%20NOT%20y%20AND%20-z"]:
        st, _, body = get(p)
        assert st in (200, 400, 404), (p, st)
        assert b"SQL" not in body and b"sqlite" not in body.lower(), p
    _, _, after = get("/metrics")
    n1 = re.search(rb"^hashwire_articles (\d+)$", after, re.M).group(1)
    assert n0 == n1, (n0, n1)
    assert get("/tag/KimJongUn")[0] == 200


@check
def methods_and_bodies():
    st, h, _ = req("PUT", "/tag/KimJongUn")
    assert st == 405 and "GET" in h.get("allow", ""), (st, h)
    st, h, _ = req("GET", "/api/v1/feeds")
    assert st == 405 and h.get("allow") == "POST", (st, h)
    st, _, _ = req("DELETE", "/")
    assert st == 405, st
    big = b"{" + b" " * (2 * 1024 * 1024) + b"}"
    try:
        st, _, _ = req("POST", "/api/v1/feeds", body=big,
                       headers={"Authorization": "Bearer " + TOKEN,
                                "Content-Type": "application/json"})
        assert st == 413, st
    except (ConnectionError, socket.timeout):
        pass  # closed on us: refused too
    assert get("/healthz")[0] == 200


@check
def write_api_needs_the_token():
    body = json.dumps({"urls": ["https://feeds.example/a.xml",
                                "javascript:alert(1)"],
                       "folder": "Tests"}).encode()
    st, h, _ = req("POST", "/api/v1/feeds", body=body)
    assert st == 401 and h.get("www-authenticate", "").startswith("Bearer"), st
    st, _, _ = req("POST", "/api/v1/feeds", body=body,
                   headers={"Authorization": "Bearer wrong"})
    assert st == 401, st
    st, _, _ = req("POST", "/api/v1/feeds", body=body,
                   headers={"Authorization": "Bearer " + TOKEN + "x"})
    assert st == 401, st
    st, _, out = req("POST", "/api/v1/feeds", body=body,
                     headers={"Authorization": "Bearer " + TOKEN,
                              "Content-Type": "application/json"})
    d = json.loads(out)
    assert st == 200 and d["created"] == 1 and len(d["errors"]) == 1, d
    st, _, out = req("POST", "/api/v1/feeds", body=body,
                     headers={"Authorization": "Bearer " + TOKEN})
    assert st == 200 and json.loads(out)["created"] == 0
    st, _, _ = req("POST", "/api/v1/feeds", body=b"not json",
                   headers={"Authorization": "Bearer " + TOKEN})
    assert st == 400, st
    opml = (b'<?xml version="1.0"?><opml version="2.0"><head><title>t'
            b'</title></head><body><outline text="World"><outline '
            b'type="rss" text="B" xmlUrl="https://feeds.example/b.xml"/>'
            b'</outline></body></opml>')
    st, _, out = req("POST", "/api/v1/opml", body=opml,
                     headers={"Authorization": "Bearer " + TOKEN})
    assert st == 200 and json.loads(out)["created"] == 1, out
    st, _, _ = req("POST", "/api/v1/opml", body=b"<html></html>",
                   headers={"Authorization": "Bearer " + TOKEN})
    assert st == 400, st
    r = subprocess.run([BIN, "--db", DB, "feeds", "list"],
                       capture_output=True, text=True)
    assert "feeds.example/a.xml" in r.stdout and \
        "feeds.example/b.xml" in r.stdout, r.stdout


@check
def thousand_idle_connections():
    """1,000 idle connections from four other loopback addresses (250
    each, under the per-address limit), then 1,000 more from one address
    (over it): the server must keep answering 127.0.0.1 quickly."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 8192), hard))
    socks = []
    try:
        for n in range(1000):
            s = socket.socket()
            s.bind(("127.0.0.%d" % (2 + n // 250), 0))
            s.settimeout(5)
            s.connect((HOST, PORT))
            if n % 2:
                s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")  # never ends
            socks.append(s)
        time.sleep(0.3)
        t0 = time.time()
        for _ in range(20):
            assert get("/healthz", timeout=5)[0] == 200
        assert get("/tag/KimJongUn", timeout=5)[0] == 200
        took = time.time() - t0
        assert took < 5, "21 requests took %.1f s" % took
        for n in range(1000):
            s = socket.socket()
            s.bind(("127.0.0.9", 0))
            s.settimeout(5)
            try:
                s.connect((HOST, PORT))
            except OSError:
                s.close()
                continue
            socks.append(s)
        time.sleep(0.3)
        t0 = time.time()
        assert get("/tag/KimJongUn", timeout=5)[0] == 200
        assert time.time() - t0 < 2
    finally:
        for s in socks:
            s.close()
    time.sleep(0.2)
    assert get("/healthz")[0] == 200


print("web http checks: %d passed, %d failed" %
      (len(ran) - len(failures), len(failures)))
sys.exit(1 if failures else 0)
