#!/usr/bin/env python3
"""server.py - the HTTP test server of hashwire's fetcher and crawler.

Listens on 127.0.0.1 on a free port (printed as the first line of standard
output) and serves one path per case the crawler must survive: feeds in
every format, conditional GET, compression, redirect chains and loops,
permanent moves, error statuses with and without Retry-After, a trickle,
oversized bodies, a gzip bomb, a wrong charset header, a truncated body, a
reset connection, and an HTML page with autodiscovery links.  /art/ holds a
feed of teasers and the pages they link to (an article, a page of links,
404, 503, a page robots.txt disallows), with /robots.txt.  /_log returns
the requests seen (path and headers) as JSON.

    python3 server.py [--shared DIR] [--bench N] [--parent PID]

--bench N adds /b/<i>.xml for i < N: a 50 KB RSS feed of 20 items each,
answered 304 when If-None-Match matches its ETag.  The server exits when
its standard input closes or its parent process goes away, and never
talks to anything but loopback.
"""
import gzip
import http.server
import json
import os
import socket
import socketserver
import struct
import sys
import threading
import time
import zlib
from email.utils import formatdate

SHARED = os.environ.get("HW_SHARED", "../shared")
LOG = []
LOG_LOCK = threading.Lock()
BENCH = 0


def rss2(title, slug, n=2, extra="", chan_extra=""):
    items = "".join(
        "<item><title>%s item %d</title><link>http://example.com/%s/%d"
        "</link><guid>%s-%d</guid><pubDate>Sun, 13 Jul 2025 0%d:00:00 GMT"
        "</pubDate><description>%s story number %d about Kim Jong Un."
        "</description>%s</item>" % (title, i, slug, i, slug, i, i % 10,
                                     title, i, extra)
        for i in range(n))
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0">'
            "<channel><title>%s</title><link>http://example.com/%s</link>"
            "<description>test</description>%s%s</channel></rss>\n"
            % (title, slug, chan_extra, items)).encode()


ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Test</title>
<link href="http://example.com/atom"/><id>urn:test:atom</id>
<updated>2025-07-13T03:00:00Z</updated>
<entry><title>Atom entry one</title><id>urn:test:atom:1</id>
<link href="http://example.com/atom/1"/><updated>2025-07-13T03:00:00Z</updated>
<summary>First atom entry.</summary></entry>
<entry><title>Atom entry two</title><id>urn:test:atom:2</id>
<link href="http://example.com/atom/2"/><updated>2025-07-13T04:00:00Z</updated>
<summary>Second atom entry.</summary></entry>
</feed>
"""

RSS1 = b"""<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns="http://purl.org/rss/1.0/"
 xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://example.com/rss1"><title>RSS1 Test</title>
<link>http://example.com/rss1</link><description>t</description>
<sy:updatePeriod>daily</sy:updatePeriod>
<sy:updateFrequency>2</sy:updateFrequency>
<items><rdf:Seq><rdf:li rdf:resource="http://example.com/rss1/1"/>
</rdf:Seq></items></channel>
<item rdf:about="http://example.com/rss1/1"><title>RSS1 item</title>
<link>http://example.com/rss1/1</link><description>An item.</description>
<dc:date>2025-07-13T03:00:00Z</dc:date></item>
</rdf:RDF>
"""

RSS09 = b"""<?xml version="1.0"?>
<rss version="0.91"><channel><title>RSS091 Test</title>
<link>http://example.com/rss091</link><description>t</description>
<language>en</language>
<item><title>Old style item</title><link>http://example.com/rss091/1</link>
<description>An old item.</description></item>
</channel></rss>
"""

JSONFEED = json.dumps({
    "version": "https://jsonfeed.org/version/1.1",
    "title": "JSON Test",
    "home_page_url": "http://example.com/json",
    "items": [
        {"id": "json-1", "url": "http://example.com/json/1",
         "title": "JSON item one", "content_text": "One.",
         "date_published": "2025-07-13T03:00:00Z"},
        {"id": "json-2", "url": "http://example.com/json/2",
         "title": "JSON item two", "content_text": "Two.",
         "date_published": "2025-07-13T04:00:00Z"},
    ]}).encode()

HOME = b"""<!DOCTYPE html>
<html><head><title>A news site</title>
<LINK REL="stylesheet" href="/style.css">
<link rel="alternate" type="application/rss+xml" title="Top stories"
      href="/discovered.xml">
<link rel="alternate" type="application/atom+xml" href="/atom.xml">
</head><body><p>Hello</p></body></html>
"""

NOTFEED = b"<!DOCTYPE html><html><head><title>x</title></head>" \
          b"<body>No feed here</body></html>"

CHARSET = ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0">'
           "<channel><title>Caf\u00e9 Cr\u00e8me</title>"
           "<link>http://example.com/charset</link><description>t"
           "</description><item><title>Na\u00efve r\u00e9sum\u00e9</title>"
           "<link>http://example.com/charset/1</link>"
           "<guid>charset-1</guid><description>d\u00e9j\u00e0 vu"
           "</description></item></channel></rss>\n").encode("utf-8")

BOMB = None
BOMB_LOCK = threading.Lock()


ROBOTS = b"""# the article-page tests
User-agent: *
Disallow: /art/private/
Crawl-delay: 1

User-agent: SomeOtherBot
Disallow: /
"""

ART_TEXT = (
    "Kim Jong Un inspected a new weapons factory in the north of the "
    "country on Tuesday, state media said, in the latest of a series of "
    "visits meant to show the pace of the arms programme. "
    "The visit came days after officials in Seoul warned of a possible "
    "test before the end of the year.")


def art_feed():
    teaser = "Kim Jong Un inspected a factory, state media said\u2026"
    full = " ".join([ART_TEXT] * 6)
    items = [
        ("Factory visit", "/art/full.html", teaser),
        ("Private page", "/art/private/secret.html", teaser),
        ("Home page", "/art/home.html", teaser),
        ("Missing page", "/art/missing.html", teaser),
        ("Busy page", "/art/busy.html", teaser),
        ("Whole text", "/art/whole.html", full),
    ]
    body = "".join(
        "<item><title>%s</title><link>%s</link><guid>art-%d</guid>"
        "<pubDate>Sun, 13 Jul 2025 0%d:00:00 GMT</pubDate>"
        "<description>%s</description></item>" % (t, link, i, i, d)
        for i, (t, link, d) in enumerate(items))
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0">'
            "<channel><title>Teasers</title><link>/art/</link>"
            "<description>test</description>%s</channel></rss>\n"
            % body).encode()


def art_page():
    paras = "".join("<p>%s Paragraph %d of the report.</p>" % (ART_TEXT, i)
                    for i in range(6))
    return ("<!DOCTYPE html><html lang=en><head><title>Factory visit | "
            "Test News</title>"
            '<link rel="canonical" href="/art/canonical-1">'
            '<meta name="author" content="Jane Reporter">'
            '<meta property="article:section" content="World">'
            "</head><body><nav><a href=/>Home</a> <a href=/w>World</a>"
            "</nav><article><h1>Factory visit</h1>%s</article>"
            "<footer>Copyright Test News</footer></body></html>"
            % paras).encode()


ART_HOME = ("<!DOCTYPE html><html><head><title>Test News</title></head>"
            "<body><ul>%s</ul></body></html>" % "".join(
                '<li><a href="/art/%d.html">Headline number %d</a></li>'
                % (i, i) for i in range(40))).encode()


def bomb():
    """About 64 MiB of XML-ish whitespace, gzipped to a few dozen KB."""
    global BOMB
    with BOMB_LOCK:
        if BOMB is None:
            c = zlib.compressobj(9, zlib.DEFLATED, 31)
            head = b'<?xml version="1.0"?><rss version="2.0"><channel>'
            parts = [c.compress(head)]
            chunk = b" " * (1 << 20)
            for _ in range(64):
                parts.append(c.compress(chunk))
            parts.append(c.flush())
            BOMB = b"".join(parts)
        return BOMB


def bench_feed(i):
    items = []
    for k in range(20):
        body = ("Paragraph about the economy of country %d and market %d. "
                % (i, k)) * 38
        items.append(
            "<item><title>Bench feed %d story %d</title>"
            "<link>http://bench%d.example/story/%d</link>"
            "<guid>bench-%d-%d</guid>"
            "<pubDate>Sun, 13 Jul 2025 03:%02d:00 GMT</pubDate>"
            "<description>%s</description></item>"
            % (i, k, i, k, i, k, k, body))
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0">'
            "<channel><title>Bench %d</title><link>http://bench%d.example/"
            "</link><description>bench</description>%s</channel></rss>\n"
            % (i, i, "".join(items))).encode()


BENCH_CACHE = {}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "hwtest/1"

    def log_message(self, fmt, *args):
        pass

    def send(self, status, body=b"", ctype="application/rss+xml",
             headers=(), encoding=None):
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        if encoding:
            self.send_header("Content-Encoding", encoding)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def redirect(self, status, to):
        self.send(status, b"moved", "text/plain", [("Location", to)])

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if not path.startswith("/b/") and path != "/_log":
            with LOG_LOCK:
                LOG.append({"path": self.path,
                            "headers": {k.lower(): v for k, v in
                                        self.headers.items()},
                            "t": time.monotonic()})
        try:
            self.route(path)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def route(self, path):
        h = self.headers
        if path == "/_log":
            with LOG_LOCK:
                body = json.dumps(LOG).encode()
                if "clear" in self.path:
                    LOG.clear()
            return self.send(200, body, "application/json")
        if path.startswith("/b/") and path.endswith(".xml"):
            i = int(path[3:-4])
            etag = '"b%d"' % i
            if h.get("If-None-Match") == etag:
                return self.send(304, b"", None, [("ETag", etag)])
            if i not in BENCH_CACHE:
                BENCH_CACHE[i] = bench_feed(i)
            return self.send(200, BENCH_CACHE[i], "application/rss+xml",
                             [("ETag", etag)])
        if path == "/rss2.xml":
            return self.send(200, rss2("RSS2 Test", "rss2",
                                       chan_extra="<ttl>120</ttl>"),
                             "application/rss+xml; charset=utf-8")
        if path == "/atom.xml":
            return self.send(200, ATOM, "application/atom+xml")
        if path == "/rss1.xml":
            return self.send(200, RSS1, "application/rdf+xml")
        if path == "/rss091.xml":
            return self.send(200, RSS09, "text/xml")
        if path == "/feed.json":
            return self.send(200, JSONFEED, "application/feed+json")
        if path.startswith("/seed/"):
            name = os.path.basename(path)
            try:
                with open(os.path.join(SHARED, "seed", "feeds", name),
                          "rb") as f:
                    data = f.read()
            except OSError:
                return self.send(404, b"no", "text/plain")
            return self.send(200, data, "application/xml")
        if path == "/cond.xml":
            etag, lm = '"v1"', "Sat, 12 Jul 2025 10:00:00 GMT"
            if h.get("If-None-Match") == etag or \
                    h.get("If-Modified-Since") == lm:
                return self.send(304, b"", None, [("ETag", etag)])
            return self.send(200, rss2("Cond Test", "cond"),
                             "application/rss+xml",
                             [("ETag", etag), ("Last-Modified", lm)])
        if path == "/maxage.xml":
            return self.send(200, rss2("MaxAge Test", "maxage"),
                             "application/rss+xml",
                             [("Cache-Control", "public, max-age=7200")])
        if path == "/gzip.xml":
            body = rss2("Gzip Test", "gzip", n=3)
            if "gzip" in h.get("Accept-Encoding", ""):
                return self.send(200, gzip.compress(body), encoding="gzip")
            return self.send(200, body)
        if path == "/redir/a":
            return self.redirect(302, "/redir/b")
        if path == "/redir/b":
            return self.redirect(307, "/redir/c")
        if path == "/redir/c":
            return self.redirect(302, "/chain.xml")
        if path == "/chain.xml":
            return self.send(200, rss2("Chain Test", "chain"))
        if path == "/loop.xml":
            return self.redirect(302, "/loop.xml")
        if path.startswith("/hop/"):
            n = int(path[5:])
            return self.redirect(301, "/hop/%d" % (n + 1))
        if path == "/old.xml":
            return self.redirect(301, "/new.xml")
        if path == "/new.xml":
            return self.send(200, rss2("Moved Test", "moved"))
        if path == "/mixed.xml":
            return self.redirect(301, "/mixed2.xml")
        if path == "/mixed2.xml":
            return self.redirect(302, "/mixed-final.xml")
        if path == "/mixed-final.xml":
            return self.send(200, rss2("Mixed Test", "mixed"))
        if path == "/slow.xml":
            time.sleep(0.3)
            return self.send(200, rss2("Slow Test", "slow"))
        if path == "/404.xml":
            return self.send(404, b"not found", "text/html")
        if path == "/410.xml":
            return self.send(410, b"gone", "text/html")
        if path == "/500.xml":
            return self.send(500, b"oops", "text/html")
        if path == "/429.xml":
            return self.send(429, b"slow down", "text/plain",
                             [("Retry-After", "3600")])
        if path == "/503.xml":
            when = formatdate(time.time() + 7200, usegmt=True)
            return self.send(503, b"later", "text/plain",
                             [("Retry-After", when)])
        if path == "/trickle.xml":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", "60")
            self.end_headers()
            for _ in range(60):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(1)
            return None
        if path == "/big.xml":
            body = b'<?xml version="1.0"?><rss version="2.0"><channel>' + \
                b" " * (2 << 20) + b"</channel></rss>"
            return self.send(200, body)
        if path == "/bigstream.xml":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            for _ in range(64):
                self.wfile.write(b" " * 65536)
            return None
        if path == "/bomb.xml":
            return self.send(200, bomb(), encoding="gzip")
        if path == "/charset.xml":
            return self.send(200, CHARSET, "text/xml; charset=ISO-8859-1")
        if path == "/truncated.xml":
            body = rss2("Truncated Test", "trunc", n=20)
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[:len(body) // 3])
            self.wfile.flush()
            self.close_connection = True
            return None
        if path == "/reset.xml":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b'<?xml version="1.0"?><rss')
            self.wfile.flush()
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()
            return None
        if path == "/robots.txt":
            return self.send(200, ROBOTS, "text/plain")
        if path == "/art/feed.xml":
            return self.send(200, art_feed())
        if path in ("/art/full.html", "/art/private/secret.html",
                    "/art/whole.html"):
            return self.send(200, art_page(), "text/html; charset=utf-8")
        if path == "/art/home.html":
            return self.send(200, ART_HOME, "text/html; charset=utf-8")
        if path == "/art/busy.html":
            return self.send(503, b"busy", "text/plain",
                             [("Retry-After", "7200")])
        if path == "/home.html":
            return self.send(200, HOME, "text/html; charset=utf-8")
        if path == "/discovered.xml":
            return self.send(200, rss2("Discovered Test", "disc"))
        if path == "/notfeed.html":
            return self.send(200, NOTFEED, "text/html")
        return self.send(404, b"unknown path", "text/plain")

    do_HEAD = do_GET


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    request_queue_size = 256
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        pass  # clients that hang up are part of the tests


def watch(parent):
    """Exit when stdin closes or the parent is gone."""
    def run():
        while True:
            if parent and os.getppid() != parent:
                os._exit(0)
            time.sleep(0.5)
    threading.Thread(target=run, daemon=True).start()

    def stdin():
        try:
            sys.stdin.buffer.read()
        except Exception:
            pass
        os._exit(0)
    threading.Thread(target=stdin, daemon=True).start()


class BenchProtocol:
    """A lean HTTP/1.1 server for /b/<i>.xml only (asyncio, one thread),
    so that the benchmark measures the crawler, not http.server."""

    def __init__(self):
        self.buf = b""
        self.tr = None

    def connection_made(self, tr):
        self.tr = tr

    def data_received(self, data):
        self.buf += data
        while b"\r\n\r\n" in self.buf:
            head, self.buf = self.buf.split(b"\r\n\r\n", 1)
            lines = head.split(b"\r\n")
            parts = lines[0].split(b" ")
            path = parts[1].decode("latin-1") if len(parts) > 1 else "/"
            inm = None
            for ln in lines[1:]:
                if ln[:14].lower() == b"if-none-match:":
                    inm = ln[14:].strip().decode("latin-1")
            self.tr.write(bench_response(path, inm))

    def connection_lost(self, exc):
        pass

    def eof_received(self):
        return False


def bench_response(path, inm):
    if path.startswith("/b/") and path.endswith(".xml") and \
            path[3:-4].isdigit() and int(path[3:-4]) < BENCH:
        i = int(path[3:-4])
        etag = '"b%d"' % i
        if inm == etag:
            return ("HTTP/1.1 304 Not Modified\r\nETag: %s\r\n"
                    "Content-Length: 0\r\n\r\n" % etag).encode()
        if i not in BENCH_CACHE:
            body = bench_feed(i)
            BENCH_CACHE[i] = ("HTTP/1.1 200 OK\r\nContent-Type: "
                              "application/rss+xml\r\nETag: %s\r\n"
                              "Content-Length: %d\r\n\r\n"
                              % (etag, len(body))).encode() + body
        return BENCH_CACHE[i]
    return b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"


def bench_main(parent):
    import asyncio

    async def run():
        loop = asyncio.get_running_loop()
        srv = await loop.create_server(BenchProtocol, "127.0.0.1", 0,
                                       backlog=1024)
        print(srv.sockets[0].getsockname()[1], flush=True)
        watch(parent)
        await srv.serve_forever()
    asyncio.run(run())


def main():
    global SHARED, BENCH
    args = sys.argv[1:]
    parent = 0
    while args:
        a = args.pop(0)
        if a == "--shared":
            SHARED = args.pop(0)
        elif a == "--bench":
            BENCH = int(args.pop(0))
        elif a == "--parent":
            parent = int(args.pop(0))
    if BENCH:
        return bench_main(parent)
    bomb()  # ready before the first request, so it streams at once
    srv = Server(("127.0.0.1", 0), Handler)
    print(srv.server_address[1], flush=True)
    watch(parent)
    srv.serve_forever()


if __name__ == "__main__":
    main()
