#!/usr/bin/env python3
"""browser_check.py URL OUTDIR - drive Debian's headless chromium through
chromedriver (the W3C WebDriver wire protocol, plain HTTP JSON from the
standard library) against a running `hashwire serve` (see browser.sh).

Checks: the #KimJongUn page lists the five seed articles in order with the
seed's relative times and no Kim Kardashian item; keyset paging by
clicking "Older"; search from the box finds an article by a word of its
body; no script from the hostile feed runs (the marker window.__hw_pwned
stays unset) and no page has a script element; no layout overflows the
viewport at 375 px.  Screenshots of the topic page at 1280 px and 375 px
go to OUTDIR.  Exit 0 when all pass, 1 otherwise; 77 when chromium or
chromedriver is missing (the caller prints SKIPPED).
"""
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

URL, OUT = sys.argv[1].rstrip("/"), sys.argv[2]
SEED_SOURCES = ["Al Jazeera", "Bloomberg", "Yahoo", "Daily Mail",
                "Free Malaysia Today"]
SEED_TIMES = ["17 hours ago", "20 hours ago", "a day ago", "2 days ago",
              "2 days ago"]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
if not CHROMIUM or not DRIVER:
    sys.exit(77)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


class Driver:
    def __init__(self):
        self.port = free_port()
        self.profile = tempfile.mkdtemp(prefix="hwchrome.")
        self.proc = subprocess.Popen(
            [DRIVER, "--port=%d" % self.port, "--allowed-ips=127.0.0.1"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = "http://127.0.0.1:%d" % self.port
        for _ in range(100):
            try:
                self.call("GET", "/status")
                break
            except OSError:
                time.sleep(0.1)
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": ["--headless", "--no-sandbox", "--disable-gpu",
                         "--disable-quic", "--no-first-run",
                         "--disable-background-networking",
                         "--disable-component-update", "--disable-sync",
                         "--disable-dev-shm-usage",
                         "--user-data-dir=" + self.profile,
                         "--window-size=1280,1000"]}}}}
        r = self.call("POST", "/session", caps)
        self.sid = r["value"]["sessionId"]

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        rq = urllib.request.Request(self.base + path, data=data,
                                    method=method,
                                    headers={"Content-Type":
                                             "application/json"})
        try:
            with urllib.request.urlopen(rq, timeout=60) as f:
                return json.loads(f.read())
        except urllib.error.HTTPError as e:
            raise AssertionError("webdriver %s %s: %s" %
                                 (method, path, e.read()[:300]))

    def s(self, method, path, body=None):
        return self.call(method, "/session/%s%s" % (self.sid, path),
                         body)["value"]

    def go(self, url):
        self.s("POST", "/url", {"url": url})

    def js(self, script, *args):
        return self.s("POST", "/execute/sync",
                      {"script": script, "args": list(args)})

    def cdp(self, cmd, params):
        return self.s("POST", "/goog/cdp/execute",
                      {"cmd": cmd, "params": params})

    def width(self, w, h):
        self.cdp("Emulation.setDeviceMetricsOverride",
                 {"width": w, "height": h, "deviceScaleFactor": 1,
                  "mobile": w < 600})

    def find(self, css):
        r = self.s("POST", "/element", {"using": "css selector",
                                        "value": css})
        return list(r.values())[0]

    def shot(self, path):
        png = self.s("GET", "/screenshot")
        with open(path, "wb") as f:
            f.write(base64.b64decode(png))

    def quit(self):
        try:
            self.call("DELETE", "/session/" + self.sid)
        except Exception:
            pass
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


ITEMS = """return Array.from(document.querySelectorAll('article.item')).map(
  a => ({source: (a.querySelector('.source') || {}).textContent,
         time: (a.querySelector('time') || {}).textContent,
         datetime: (a.querySelector('time') || {getAttribute: () => null})
                   .getAttribute('datetime'),
         href: (a.querySelector('h2 a') || {getAttribute: () => null})
               .getAttribute('href'),
         title: (a.querySelector('h2') || {}).textContent}));"""
OVERFLOW = """return [document.documentElement.scrollWidth, window.innerWidth];"""
PWNED = """return [typeof window.__hw_pwned,
                   document.querySelectorAll('script').length,
                   document.querySelectorAll('iframe,object,embed,svg').length];"""

failures = []
ran = []


def check(fn):
    ran.append(fn.__name__)
    try:
        fn()
        print("  ok   %s" % fn.__name__)
    except AssertionError as e:
        failures.append(fn.__name__)
        print("  FAIL %s: %s" % (fn.__name__, e))
    except Exception as e:
        failures.append(fn.__name__)
        print("  FAIL %s: %r" % (fn.__name__, e))


d = Driver()
try:
    def topic_page_in_a_browser():
        d.width(1280, 1000)
        d.go(URL + "/tag/KimJongUn")
        items = d.js(ITEMS)
        assert [i["source"] for i in items] == SEED_SOURCES, items
        assert [i["time"] for i in items] == SEED_TIMES, items
        assert items[0]["datetime"] == "2025-07-13T03:00:00Z"
        text = d.js("return document.body.innerText;")
        assert "Kardashian" not in text
        assert "Latest news with #KimJongUn" in text
        title = d.js("return document.querySelector('time').title;")
        assert title == "2025-07-13 03:00 UTC", title
        css = d.js("return getComputedStyle(document.body).fontFamily;")
        assert "system-ui" in css, "the stylesheet did not load: " + css
        d.shot(os.path.join(OUT, "topic-KimJongUn-1280.png"))
        d.width(375, 1400)
        d.go(URL + "/tag/KimJongUn")
        sw, iw = d.js(OVERFLOW)
        assert iw == 375 and sw <= iw, (sw, iw)
        d.shot(os.path.join(OUT, "topic-KimJongUn-375.png"))
    check(topic_page_in_a_browser)

    def pagination_by_clicking_older():
        d.width(1280, 1000)
        d.go(URL + "/tag/AdaLovelace")
        first = d.js(ITEMS)
        assert len(first) == 20, len(first)
        d.s("POST", "/element/%s/click" % d.find('a[rel="next"]'), {})
        for _ in range(50):
            if "before=" in d.s("GET", "/url"):
                break
            time.sleep(0.1)
        second = d.js(ITEMS)
        assert len(second) == 5, len(second)
        hrefs = [i["href"] for i in first + second]
        assert len(set(hrefs)) == 25, hrefs
        assert d.js("return document.querySelector('a[rel=\"next\"]');") \
            is None
    check(pagination_by_clicking_older)

    def search_from_the_box():
        d.go(URL + "/")
        box = d.find("#q")
        d.s("POST", "/element/%s/value" % box, {"text": "Fujimoto"})
        d.s("POST", "/element/%s/click" % d.find("form.search button"), {})
        for _ in range(50):
            if "/search" in d.s("GET", "/url"):
                break
            time.sleep(0.1)
        items = d.js(ITEMS)
        assert any("Ethically Dubious Soup" in (i["title"] or "")
                   for i in items), items
        assert d.js("return document.querySelector('#q').value;") == \
            "Fujimoto"
        assert d.js("return document.querySelectorAll('mark').length;") > 0
    check(search_from_the_box)

    def no_hostile_script_runs():
        d.width(1280, 1000)
        d.go(URL + "/tag/MalloryHacker")
        pages = [URL + i["href"] for i in d.js(ITEMS)]
        assert len(pages) >= 4, pages
        pages += [URL + "/tag/MalloryHacker", URL + "/",
                  URL + "/search?q=Mallory",
                  URL + "/search?q=%3Cscript%3Ewindow.__hw_pwned%3D1"
                        "%3C%2Fscript%3E",
                  URL + "/tag/MalloryHacker.atom"]
        for p in pages:
            d.go(p)
            time.sleep(0.05)
            pw, scripts, active = d.js(PWNED)
            assert pw == "undefined", "script ran on %s" % p
            assert scripts == 0 and active == 0, (p, scripts, active)
            # links a reader could click: none may be javascript:
            bad = d.js("return Array.from(document.links).filter("
                       "l => !/^https?:$/.test(l.protocol)).length;")
            assert bad == 0, "non-http link on %s" % p
    check(no_hostile_script_runs)

    def nothing_overflows_at_375():
        d.width(375, 900)
        d.go(URL + "/tag/MalloryHacker")
        hostile = d.js(ITEMS)
        pages = [URL + i["href"] for i in hostile]
        longest = [URL + i["href"] for i in hostile
                   if "very long word" in (i["title"] or "")]
        assert longest, "no article with the 5,000-character word"
        pages += [URL + "/", URL + "/tag/MalloryHacker",
                  URL + "/search?q=Mallory", URL + "/tag/NoSuchTagHere",
                  URL + "/category/politics", URL + "/search?q=" + "w" * 200]
        d.go(URL + "/tag/KimJongUn")
        pages += [URL + i["href"] for i in d.js(ITEMS)]
        for p in pages:
            d.go(p)
            sw, iw = d.js(OVERFLOW)
            assert sw <= iw, "%s: scrollWidth %d > innerWidth %d" % (p, sw,
                                                                     iw)
        d.go(longest[0])
        sw, iw = d.js(OVERFLOW)
        assert sw <= iw, (sw, iw)
        d.shot(os.path.join(OUT, "hostile-long-word-375.png"))
    check(nothing_overflows_at_375)
finally:
    d.quit()

print("web browser checks: %d passed, %d failed" %
      (len(ran) - len(failures), len(failures)))
sys.exit(1 if failures else 0)
