/*
 * test_html.c - feed_html_sanitize() and feed_html_text().
 *
 * Tables of fragment -> exact expected output, worked out by hand from the
 * rules in html.c (allowlist, implied end tags, URL checks, paragraph
 * breaks), many of them the classic XSS vectors.  Every output, expected
 * or not, also goes through a structural checker: the sanitiser's output
 * must be well-formed HTML made only of allowlisted elements with quoted,
 * escaped, allowlisted attributes and safe URLs; the text's output must
 * have no runs of white space, no space next to a break and no break at
 * either end.  Both must be valid UTF-8.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "feed/feed.h"

#define BASE "http://example.com/dir/page.html"

/* ---- structural checks ------------------------------------------------ */

static const char *const ok_elems[] = {
    "p", "br", "a", "b", "strong", "i", "em", "u", "s", "sub", "sup",
    "small", "mark", "q", "cite", "abbr", "code", "pre", "kbd", "blockquote",
    "ul", "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "img", "figure", "figcaption", "table", "thead", "tbody", "tfoot",
    "tr", "th", "td", "caption", "span", "div", "section", "article",
    "header", "footer", "time", "picture", "source", "video", "audio",
    "del", "ins", NULL,
};
static const char *const void_elems[] = {"br", "hr", "img", "source", NULL};
static const char *const ok_attrs[] = {
    "href", "src", "alt", "title", "width", "height", "colspan", "rowspan",
    "datetime", "cite", "srcset", "type", "lang", "dir", "rel", NULL,
};

static int in_list(const char *const *list, const char *s, size_t n)
{
    for (; *list; list++)
        if (strlen(*list) == n && memcmp(*list, s, n) == 0)
            return 1;
    return 0;
}

/* '&' in output must start one of the four escapes. */
static size_t escape_len(const char *p)
{
    static const char *const esc[] = {"&amp;", "&lt;", "&gt;", "&quot;"};
    for (int i = 0; i < 4; i++)
        if (strncmp(p, esc[i], strlen(esc[i])) == 0)
            return strlen(esc[i]);
    return 0;
}

/* A URL attribute value (still escaped) that would be safe to follow:
 * http(s), mailto, data:image/(png|gif|jpeg|webp), or no scheme at all. */
static int safe_url(const char *v, size_t n)
{
    static const char *const ok[] = {
        "http:", "https:", "mailto:", "data:image/png", "data:image/gif",
        "data:image/jpeg", "data:image/webp", NULL,
    };
    size_t i = 0;

    if (n && ((v[0] | 0x20) >= 'a' && (v[0] | 0x20) <= 'z')) {
        for (i = 1; i < n; i++) {
            char c = (char)(v[i] | 0x20);
            if (!((c >= 'a' && c <= 'z') || (v[i] >= '0' && v[i] <= '9') ||
                  v[i] == '+' || v[i] == '-' || v[i] == '.'))
                break;
        }
    }
    if (i == 0 || i == n || v[i] != ':') {
        for (i = 0; i < n; i++) {
            if (v[i] == '/' || v[i] == '?' || v[i] == '#')
                return 1;
            if (v[i] == ':')
                return 0;
        }
        return 1;
    }
    for (int k = 0; ok[k]; k++) {
        size_t len = strlen(ok[k]), j;
        if (n < len)
            continue;
        for (j = 0; j < len; j++)
            if ((v[j] | 0x20) != (ok[k][j] | 0x20))
                break;
        if (j == len)
            return 1;
    }
    return 0;
}

/* Returns NULL if html is well-formed sanitiser output, else why not. */
static const char *check_sanitized(const char *h, size_t n)
{
    const char *stack[512];
    int depth = 0;
    size_t i = 0;

    if (!hw_utf8_valid(h, n))
        return "invalid UTF-8";
    while (i < n) {
        unsigned char c = (unsigned char)h[i];
        if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
            return "control character";
        if (c == '>')
            return "bare '>'";
        if (c == '&') {
            size_t l = escape_len(h + i);
            if (!l)
                return "bare '&'";
            i += l;
            continue;
        }
        if (c != '<') {
            i++;
            continue;
        }
        i++;
        int end = i < n && h[i] == '/';
        if (end)
            i++;
        size_t s = i;
        while (i < n && ((h[i] >= 'a' && h[i] <= 'z') ||
                         (h[i] >= '0' && h[i] <= '9')))
            i++;
        if (!in_list(ok_elems, h + s, i - s))
            return "element not allowed";
        int is_void = in_list(void_elems, h + s, i - s);
        if (end) {
            if (i >= n || h[i] != '>' || depth == 0 ||
                strlen(stack[depth - 1]) != i - s ||
                memcmp(stack[depth - 1], h + s, i - s) != 0)
                return "end tag does not match";
            depth--;
            i++;
            continue;
        }
        const char *name = NULL;
        for (const char *const *e = ok_elems; *e; e++)
            if (strlen(*e) == i - s && memcmp(*e, h + s, i - s) == 0)
                name = *e;
        while (i < n && h[i] == ' ') {
            size_t a = ++i;
            while (i < n && h[i] >= 'a' && h[i] <= 'z')
                i++;
            if (!in_list(ok_attrs, h + a, i - a))
                return "attribute not allowed";
            int is_url = (i - a == 4 && !memcmp(h + a, "href", 4)) ||
                         (i - a == 3 && !memcmp(h + a, "src", 3)) ||
                         (i - a == 4 && !memcmp(h + a, "cite", 4));
            if (i + 1 >= n || h[i] != '=' || h[i + 1] != '"')
                return "attribute not quoted";
            i += 2;
            size_t v = i;
            while (i < n && h[i] != '"') {
                if (h[i] == '<' || h[i] == '>')
                    return "raw '<' or '>' in attribute";
                if (h[i] == '&') {
                    size_t l = escape_len(h + i);
                    if (!l)
                        return "bare '&' in attribute";
                    i += l;
                    continue;
                }
                i++;
            }
            if (i >= n)
                return "attribute not closed";
            if (is_url && !safe_url(h + v, i - v))
                return "unsafe URL";
            i++;
        }
        if (i >= n || h[i] != '>')
            return "tag not closed";
        i++;
        if (!is_void) {
            if (depth == 512)
                return "too deep";
            stack[depth++] = name;
        }
    }
    return depth ? "element left open" : NULL;
}

/* Returns NULL if t is well-formed text output, else why not. */
static const char *check_text(const char *t, size_t n)
{
    if (!hw_utf8_valid(t, n))
        return "invalid UTF-8";
    if (n && (t[0] == ' ' || t[0] == '\n' || t[n - 1] == ' ' ||
              t[n - 1] == '\n'))
        return "white space at an end";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t[i];
        if ((c < 0x20 && c != '\n') || c == 0x7F)
            return "control character or tab";
        if (c == ' ' && i + 1 < n && (t[i + 1] == ' ' || t[i + 1] == '\n'))
            return "space before space or break";
        if (c == '\n') {
            if (i + 1 >= n || t[i + 1] != '\n')
                return "lone newline";
            if (i + 2 < n && (t[i + 2] == '\n' || t[i + 2] == ' '))
                return "more than one break, or space after one";
            i++;
        }
        if (c == 0xC2 && i + 1 < n && (unsigned char)t[i + 1] == 0xA0)
            return "no-break space kept";
    }
    return NULL;
}

/* ---- helpers ---------------------------------------------------------- */

struct row {
    const char *in, *want;
};

static void sanitize_rows(const struct row *rows, size_t n, const char *base)
{
    struct hw_buf b;
    hw_buf_init(&b, HW_BUF_NOLIMIT);
    for (size_t i = 0; i < n; i++) {
        const char *why;
        hw_buf_reset(&b);
        if (feed_html_sanitize(rows[i].in, strlen(rows[i].in), base, &b) != 0)
            fail_msg("sanitize \"%s\": error", rows[i].in);
        if (strcmp(b.p, rows[i].want) != 0)
            fail_msg("sanitize \"%s\"\n  want [%s]\n  got  [%s]", rows[i].in,
                     rows[i].want, b.p);
        if ((why = check_sanitized(b.p, b.len)) != NULL)
            fail_msg("sanitize \"%s\": %s: [%s]", rows[i].in, why, b.p);
    }
    hw_buf_release(&b);
}

static void text_rows(const struct row *rows, size_t n)
{
    struct hw_buf b;
    hw_buf_init(&b, HW_BUF_NOLIMIT);
    for (size_t i = 0; i < n; i++) {
        const char *why;
        hw_buf_reset(&b);
        if (feed_html_text(rows[i].in, strlen(rows[i].in), &b) != 0)
            fail_msg("text \"%s\": error", rows[i].in);
        if (strcmp(b.p, rows[i].want) != 0)
            fail_msg("text \"%s\"\n  want [%s]\n  got  [%s]", rows[i].in,
                     rows[i].want, b.p);
        if ((why = check_text(b.p, b.len)) != NULL)
            fail_msg("text \"%s\": %s: [%s]", rows[i].in, why, b.p);
    }
    hw_buf_release(&b);
}

#define ROWS(r) (r), sizeof(r) / sizeof((r)[0])
#define NF " rel=\"nofollow noopener\""

/* ---- sanitize --------------------------------------------------------- */

static const struct row san_basic[] = {
    {"", ""},
    {"plain text", "plain text"},
    {"1 > 0 \"quoted\"", "1 &gt; 0 \"quoted\""},
    {"<p>A  b</p><p>c<br>d</p>", "<p>A  b</p><p>c<br>d</p>"},
    {"AT&amp;T &eacute;t&eacute;", "AT&amp;T \xc3\xa9t\xc3\xa9"},
    {"&lt;script&gt;alert(1)&lt;/script&gt;",
     "&lt;script&gt;alert(1)&lt;/script&gt;"},
    /* unknown elements are unwrapped, their content kept */
    {"<font color=red>red</font> <center>c</center>", "red c"},
    {"<custom-el x=1>inside</custom-el>", "inside"},
    {"<html><body><p>x</p></body></html>", "<p>x</p>"},
    /* attributes: allowlisted only, always quoted and escaped */
    {"<p onclick=\"x\" class=c style=\"color:red\" id=i>t</p>", "<p>t</p>"},
    {"<img src=\"/i.png\" width=10 height='20' alt=pic>",
     "<img src=\"http://example.com/i.png\" width=\"10\" height=\"20\" "
     "alt=\"pic\">"},
    {"<abbr title='a \"b\" &amp; <c>'>x</abbr>",
     "<abbr title=\"a &quot;b&quot; &amp; &lt;c&gt;\">x</abbr>"},
    {"<td colspan=2 rowspan=\"3\" nowrap>x</td>",
     "<td colspan=\"2\" rowspan=\"3\">x</td>"},
    {"<time datetime=\"2025-07-13\">today</time>",
     "<time datetime=\"2025-07-13\">today</time>"},
    {"<p lang=fr dir=ltr>x</p>", "<p lang=\"fr\" dir=\"ltr\">x</p>"},
    {"<img alt>", "<img alt=\"\">"},
    {"<p title=a title=b>x</p>", "<p title=\"a\">x</p>"},
    {"<P TITLE=Up>x</P>", "<p title=\"Up\">x</p>"},
    /* links */
    {"<a href=foo.html title=hi>rel</a>",
     "<a href=\"http://example.com/dir/foo.html\" title=\"hi\"" NF
     ">rel</a>"},
    {"<a href='/x?a=1&b=2'>q</a>",
     "<a href=\"http://example.com/x?a=1&amp;b=2\"" NF ">q</a>"},
    {"<a href=\"?a=1&copy=2\">c</a>",
     "<a href=\"http://example.com/dir/page.html?a=1&amp;copy=2\"" NF
     ">c</a>"},
    {"<a href=\"mailto:a@b.c\">m</a>", "<a href=\"mailto:a@b.c\"" NF ">m</a>"},
    {"<a href=\"https://x.org/\" rel=\"opener\" target=_blank>x</a>",
     "<a href=\"https://x.org/\"" NF ">x</a>"},
    {"<a href=\"//cdn.example/x\">p</a>",
     "<a href=\"http://cdn.example/x\"" NF ">p</a>"},
    {"<a href=\"ftp://x/\">f</a>", "<a" NF ">f</a>"},
    {"<a href=\"  http://x.org/a  \">s</a>",
     "<a href=\"http://x.org/a\"" NF ">s</a>"},
    {"<a href=\"#frag\">f</a>",
     "<a href=\"http://example.com/dir/page.html#frag\"" NF ">f</a>"},
    {"<blockquote cite=\"src.html\">q</blockquote>",
     "<blockquote cite=\"http://example.com/dir/src.html\">q</blockquote>"},
    /* media */
    {"<video src=\"v.mp4\"><source src=\"v.webm\" type=\"video/webm\">"
     "fallback</video>",
     "<video src=\"http://example.com/dir/v.mp4\"><source "
     "src=\"http://example.com/dir/v.webm\" type=\"video/webm\">"
     "fallback</video>"},
    {"<img src=\"a.jpg\" srcset=\"a.jpg 1x, b.jpg 2x, javascript:x 3x\">",
     "<img src=\"http://example.com/dir/a.jpg\" "
     "srcset=\"http://example.com/dir/a.jpg 1x, "
     "http://example.com/dir/b.jpg 2x\">"},
    {"<img srcset=\"javascript:a 1x,vbscript:b\">", "<img>"},
    {"<picture><source srcset=\"s.webp 300w\" type=\"image/webp\">"
     "<img src=s.jpg></picture>",
     "<picture><source srcset=\"http://example.com/dir/s.webp 300w\" "
     "type=\"image/webp\"><img src=\"http://example.com/dir/s.jpg\">"
     "</picture>"},
    {"<img src=\"data:image/png;base64,iVBOR\">",
     "<img src=\"data:image/png;base64,iVBOR\">"},
    {"<img src=\"DATA:image/JPEG;base64,/9j/\">",
     "<img src=\"DATA:image/JPEG;base64,/9j/\">"},
    /* structure: implied end tags and balancing */
    {"<p>unclosed <b>bold <i>it", "<p>unclosed <b>bold <i>it</i></b></p>"},
    {"<b><i>x</b>y</i>", "<b><i>x</i></b>y"},
    {"<ul><li>one<li>two</ul>", "<ul><li>one</li><li>two</li></ul>"},
    {"<ul><li>a<ul><li>b</ul><li>c</ul>",
     "<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>"},
    {"<dl><dt>t<dd>d<dt>u</dl>",
     "<dl><dt>t</dt><dd>d</dd><dt>u</dt></dl>"},
    {"<table><tr><td>a<td>b<tr><td>c</table>",
     "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>"},
    {"<table><thead><tr><th>h<tbody><tr><td>d</table>",
     "<table><thead><tr><th>h</th></tr></thead><tbody><tr><td>d</td></tr>"
     "</tbody></table>"},
    {"<p>a<div>b</div>c</p>", "<p>a</p><div>b</div>c"},
    {"<p>a<p>b", "<p>a</p><p>b</p>"},
    {"<table><tr><td><p>x<td>y</table>",
     "<table><tr><td><p>x</p></td><td>y</td></tr></table>"},
    {"<div><h1>T</h1><h2>U<h3>V</h3></div>",
     "<div><h1>T</h1><h2>U</h2><h3>V</h3></div>"},
    {"<a href=\"http://a.com/\">a<a href=\"http://b.com/\">b</a>",
     "<a href=\"http://a.com/\"" NF ">a</a><a href=\"http://b.com/\"" NF
     ">b</a>"},
    {"</br>x</p>y<br/>z</div>", "<br>xy<br>z"},
    {"<p/>x", "<p>x</p>"},
    {"<hr/><hr>", "<hr><hr>"},
    /* comments, doctype, processing instructions, CDATA */
    {"<!-- comment --><p>x</p><!-- unterminated", "<p>x</p>"},
    {"a<!-->b<!--->c<!-- x --!>d", "abcd"},
    {"<!DOCTYPE html><?xml version=\"1.0\"?>x</ y>z", "xz"},
    {"<![CDATA[<p>Hello</p>]]>", "<p>Hello</p>"},
    {"a ]]> b", "a ]]&gt; b"},
    {"a < b <3 </>", "a &lt; b &lt;3 "},
    {"x</", "x&lt;/"},
    /* entities */
    {"<p>&copy 2025 &notit; &amp &ampx &#x1F600; &#0; &#x110000; &#128; "
     "&#xD800;</p>",
     "<p>\xc2\xa9 2025 \xc2\xacit; &amp; &amp;x \xf0\x9f\x98\x80 "
     "\xef\xbf\xbd \xef\xbf\xbd \xe2\x82\xac \xef\xbf\xbd</p>"},
    {"&nbsp;&hellip;&rsquo;&apos;&unknown;&#65&#x42;", "\xc2\xa0\xe2\x80\xa6"
                                                       "\xe2\x80\x99'"
                                                       "&amp;unknown;AB"},
    {"&#99999999999999999999;", "\xef\xbf\xbd"},
    /* invalid UTF-8 and controls */
    {"a\xff\xfe" "b \xc0\xaf \xe2\x82 c", "a\xef\xbf\xbd\xef\xbf\xbd"
                                          "b \xef\xbf\xbd\xef\xbf\xbd "
                                          "\xef\xbf\xbd\xef\xbf\xbd c"},
    {"<b title=\"\xff\">\x01x\x7f\xc2\x80y&#1;&#x7f;</b>",
     "<b title=\"\xef\xbf\xbd\">xy</b>"},
    {"a\r\nb\rc\fd", "a\nb\nc d"},
};

/* The XSS vectors: what must vanish, and what stays. */
static const struct row san_xss[] = {
    {"<script>alert(1)</script>ok", "ok"},
    {"<SCRIPT SRC=//evil/x.js></SCRIPT>ok", "ok"},
    {"<script>document.write('</scr'+'ipt>')</script>ok", "ok"},
    {"<script>x='</script >';</script>ok", "';ok"},
    {"<img src=x onerror=alert(1)>",
     "<img src=\"http://example.com/dir/x\">"},
    {"<img src=x onerror=\"alert(1)\"/>",
     "<img src=\"http://example.com/dir/x\">"},
    {"<img src=\"javascript:alert(1)\">", "<img>"},
    {"<a href=\"JaVaScRiPt:alert(1)\">x</a>", "<a" NF ">x</a>"},
    {"<a href=\" javascript:x\">x</a>", "<a" NF ">x</a>"},
    {"<a href=\"\x01\x02javascript:x\">x</a>", "<a" NF ">x</a>"},
    {"<a href=\"jav&#x61;script:alert(1)\">x</a>", "<a" NF ">x</a>"},
    {"<a href=\"jav&#x09;ascript:alert(1)\">x</a>", "<a" NF ">x</a>"},
    {"<a href=\"jav\tascript:alert(1)\">x</a>", "<a" NF ">x</a>"},
    {"<a href=\"java\nscript:alert(1)\">x</a>", "<a" NF ">x</a>"},
    {"<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;"
     "&#58;alert(1)\">x</a>",
     "<a" NF ">x</a>"},
    {"<a href=\"&#0000106&#0000097vascript:alert(1)\">x</a>", "<a" NF ">x</a>"},
    {"<a href=\"javascript&colon;alert(1)\">x</a>", "<a" NF ">x</a>"},
    {"<a href=\"javascript :alert(1)\">x</a>", "<a" NF ">x</a>"},
    {"<a href=\"vbscript:msgbox(1)\">x</a>", "<a" NF ">x</a>"},
    {"<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
     "<a" NF ">x</a>"},
    {"<a href=\"data:image/png;base64,iVBOR\">x</a>", "<a" NF ">x</a>"},
    {"<img src=\"data:image/svg+xml;base64,PHN2Zz4=\">", "<img>"},
    {"<img src=\"data:image/pngx,abc\">", "<img>"},
    {"<svg onload=alert(1)><circle/></svg>after", "after"},
    {"<svg><svg></svg><script>alert(1)</script></svg>after", "after"},
    {"<svg/>after", "after"},
    {"<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>y", "y"},
    {"<scr<script>ipt>alert(1)</script>", "ipt&gt;alert(1)"},
    {"<<script>script>alert(1)<</script>/script>", "&lt;/script&gt;"},
    {"<iframe src=\"http://evil\"></iframe>ok", "ok"},
    {"<iframe src=x><p>inside</p></iframe>ok", "ok"},
    {"<style>body{color:red}</style>ok", "ok"},
    {"<style>a</STYLE >b", "b"},
    {"<object data=x><param name=a><p>fallback</p></object>ok", "ok"},
    {"<embed src=x.swf>ok", "ok"},
    {"<applet code=x>a</applet>ok", "ok"},
    {"<form action=x><input name=y>text</form>after", "after"},
    {"<button onclick=x>b</button><select><option>o</select>ok", "ok"},
    {"<textarea><img src=x onerror=alert(1)></textarea>ok", "ok"},
    {"<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
     "<img src=\"http://example.com/dir/x\">\"&gt;"},
    {"<template><img src=x></template>ok", "ok"},
    {"<link rel=stylesheet href=x.css><meta http-equiv=refresh "
     "content=\"0;url=javascript:x\"><base href=\"javascript:/\">ok",
     "ok"},
    {"<title>t</title><xmp><b></xmp><noembed>n</noembed>ok", "ok"},
    {"<plaintext><b>all the rest</b>", ""},
    {"<p style=\"background:url(javascript:x)\">x</p>", "<p>x</p>"},
    {"<a href=\"http://x/\" onmouseover=\"alert(1)\">x</a>",
     "<a href=\"http://x/\"" NF ">x</a>"},
    {"<img \"\"\"><script>alert(1)</script>\">",
     "<img>\"&gt;"},
    {"<img src=`x`onerror=alert(1)>",
     "<img src=\"http://example.com/dir/`x`onerror=alert(1)\">"},
    {"<a href=\"http://x/\"onclick=\"alert(1)\">x</a>",
     "<a href=\"http://x/\"" NF ">x</a>"},
    {"<img src=\"x\" / onerror=alert(1)>",
     "<img src=\"http://example.com/dir/x\">"},
    {"<a href='x", ""},
    {"<p title=\"unterminated>rest of it", ""},
    {"<!--><script>alert(1)</script>-->", "--&gt;"},
    {"<div id=\"</div><script>alert(1)</script>\">x</div>", "<div>x</div>"},
};

static void test_sanitize_basic(void **state)
{
    (void)state;
    sanitize_rows(ROWS(san_basic), BASE);
}

static void test_sanitize_xss(void **state)
{
    (void)state;
    sanitize_rows(ROWS(san_xss), BASE);
}

static const struct row san_nobase[] = {
    {"<a href=\"foo.html\">f</a>", "<a href=\"foo.html\"" NF ">f</a>"},
    {"<img src=\"/a b.png\">", "<img src=\"/a b.png\">"},
    {"<a href=\"javascript:x\">j</a>", "<a" NF ">j</a>"},
    {"<a href=\"page:1\">p</a>", "<a" NF ">p</a>"},
};

/* Without a base, relative URLs stay relative; a bad base changes none. */
static void test_sanitize_base(void **state)
{
    (void)state;
    sanitize_rows(ROWS(san_nobase), NULL);
    sanitize_rows(ROWS(san_nobase), "");
    sanitize_rows(ROWS(san_nobase), "not a url");
    {
        static const struct row jsbase[] = {
            {"<a href=\"x\">x</a>", "<a" NF ">x</a>"},
            {"<a href=\"http://ok/\">x</a>", "<a href=\"http://ok/\"" NF
                                            ">x</a>"},
        };
        sanitize_rows(ROWS(jsbase), "javascript:alert(1)//");
    }
}

/* Appends to what is in out; an output cap is an error, not a crash. */
static void test_sanitize_buffer(void **state)
{
    struct hw_buf b;

    (void)state;
    hw_buf_init(&b, HW_BUF_NOLIMIT);
    hw_buf_adds(&b, "pre:");
    assert_int_equal(feed_html_sanitize("<b>x</b>", 8, NULL, &b), 0);
    assert_string_equal(b.p, "pre:<b>x</b>");
    assert_int_equal(feed_html_sanitize(NULL, 0, NULL, &b), 0);
    assert_string_equal(b.p, "pre:<b>x</b>");
    assert_int_equal(feed_html_sanitize(NULL, 3, NULL, &b), HW_EINVAL);
    hw_buf_release(&b);

    hw_buf_init(&b, 16);
    assert_int_equal(
        feed_html_sanitize("<p>a long paragraph of text</p>", 31, NULL, &b),
        HW_ETOOBIG);
    hw_buf_release(&b);
    hw_buf_init(&b, 16);
    assert_int_equal(feed_html_text("<p>a long paragraph of text</p>", 31,
                                    &b),
                     HW_ETOOBIG);
    hw_buf_release(&b);
}

/* Deep nesting is capped; the output stays balanced. */
static void test_sanitize_deep(void **state)
{
    struct hw_buf in, out;
    const char *why;

    (void)state;
    hw_buf_init(&in, HW_BUF_NOLIMIT);
    hw_buf_init(&out, HW_BUF_NOLIMIT);
    for (int i = 0; i < 5000; i++)
        hw_buf_adds(&in, i % 2 ? "<div>" : "<b><blockquote>");
    hw_buf_adds(&in, "deep");
    assert_int_equal(feed_html_sanitize(in.p, in.len, BASE, &out), 0);
    why = check_sanitized(out.p, out.len);
    if (why)
        fail_msg("deep: %s", why);
    assert_non_null(strstr(out.p, "deep"));
    assert_true(out.len < 200 * 20);
    hw_buf_release(&in);
    hw_buf_release(&out);
}

/* ---- text ------------------------------------------------------------- */

static const struct row text_cases[] = {
    {"", ""},
    {"   ", ""},
    {"<p>A  b</p><p>c<br>d</p>", "A b\n\nc\n\nd"},
    {"AT&amp;T &eacute;t&eacute;", "AT&T \xc3\xa9t\xc3\xa9"},
    {"   lots   of \t space  \n", "lots of space"},
    {"A&nbsp;&nbsp;B \xc2\xa0 C\xe2\x80\x83" "D\xe3\x80\x80" "E", "A B C D E"},
    {"<p>a</p>  <p>b</p>", "a\n\nb"},
    {"<p>  </p><p>x</p><br><br><p> y </p>", "x\n\ny"},
    {"x<br>y<br/>z", "x\n\ny\n\nz"},
    {"<b>bold</b>text a<span>b</span>c", "boldtext abc"},
    {"<h1>Title</h1>Body", "Title\n\nBody"},
    {"<h2>One</h2><h3>Two</h3><h4>3</h4><h5>4</h5><h6>5</h6>",
     "One\n\nTwo\n\n3\n\n4\n\n5"},
    {"<pre>a\n\n  b</pre>", "a b"},
    {"<blockquote>q</blockquote>after", "q\n\nafter"},
    {"<hr>x<hr>", "x"},
    {"<ul><li>one<li>two</ul><ol><li>three</li></ol><p>c</p>",
     "one\n\ntwo\n\nthree\n\nc"},
    {"<dl><dt>t<dd>d</dl>", "t\n\nd"},
    {"<table><tr><td>a</td><td>b</td></tr><tr><th>c</th></tr></table>x",
     "a b\n\nc\n\nx"},
    {"<figure><img src=a.jpg alt=alt><figcaption>Cap</figcaption></figure>"
     "<section>S</section><article>A</article>",
     "Cap\n\nS\n\nA"},
    {"<div>a<div>b</div></div>c", "a\n\nb\n\nc"},
    {"<p>Hello&nbsp;world</p>", "Hello world"},
    {"<p>1 &lt; 2 &amp;&amp; 3 &gt; 2</p>", "1 < 2 && 3 > 2"},
    {"&lt;script&gt;alert(1)&lt;/script&gt;", "<script>alert(1)</script>"},
    {"<script>var x=\"<p>\";</script>T<style>p{}</style>U", "TU"},
    {"<title>T</title>body", "body"},
    {"x<!-- <p>c</p> -->y", "xy"},
    {"<p>x<template><p>y</p></template>z", "xz"},
    {"<iframe>f</iframe><noscript>n</noscript><svg><text>s</text></svg>ok",
     "ok"},
    {"x<button>Click</button>y", "xClicky"},
    {"<form><p>in form</p></form>after", "in form\n\nafter"},
    {"<![CDATA[<p>Hello</p>]]> world", "Hello\n\nworld"},
    {"&#8217;quoted&#8217; &hellip; &mdash; &euro;",
     "\xe2\x80\x99quoted\xe2\x80\x99 \xe2\x80\xa6 \xe2\x80\x94 "
     "\xe2\x82\xac"},
    {"a\xff" "b\xc3", "a\xef\xbf\xbd" "b\xef\xbf\xbd"},
    {"a\x01\x02 b\x7f", "a b"},
    {"<p>a\r\n\r\nb</p>", "a b"},
    {"<p>x <b>y</b> </p> <p> z</p>", "x y\n\nz"},
    {"<a href=x>link</a>", "link"},
    {"x<", "x<"},
    {"a<b", "a"},
    {"<p>unterminated <b title='x", "unterminated"},
};

static void test_text(void **state)
{
    (void)state;
    text_rows(ROWS(text_cases));
}

/* The fast path (no '<', no '&') and the slow one agree. */
static void test_fast_path(void **state)
{
    static const char *const in[] = {
        "  plain   text\twith\n\nspaces  ", "1 > 0 \"q\" 'a'",
        "\xff\xfe bad", "caf\xc3\xa9 \xc2\xa0 x", "",
    };
    struct hw_buf a, b;

    (void)state;
    hw_buf_init(&a, HW_BUF_NOLIMIT);
    hw_buf_init(&b, HW_BUF_NOLIMIT);
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
        size_t n = strlen(in[i]);
        char *tagged = malloc(n + 8);
        assert_non_null(tagged);
        memcpy(tagged, "<i></i>", 7);
        memcpy(tagged + 7, in[i], n + 1);
        hw_buf_reset(&a);
        hw_buf_reset(&b);
        assert_int_equal(feed_html_text(in[i], n, &a), 0);
        assert_int_equal(feed_html_text(tagged, n + 7, &b), 0);
        assert_string_equal(a.p, b.p);
        hw_buf_reset(&a);
        hw_buf_reset(&b);
        assert_int_equal(feed_html_sanitize(in[i], n, NULL, &a), 0);
        assert_int_equal(feed_html_sanitize(tagged, n + 7, NULL, &b), 0);
        assert_string_equal(a.p, b.p + 7);
        free(tagged);
    }
    hw_buf_release(&a);
    hw_buf_release(&b);
}

/*
 * Hostile shapes of input run in linear time: half a megabyte of each
 * takes well under a second (the bound is loose for sanitizer builds).
 */
static void test_hostile_speed(void **state)
{
    static const char *const unit[] = {
        "&a", "&amp", "<p>", "<div>", "</b>", "<a href=x>", "<!--",
        "<![CDATA[", "<script>", "]]>", "<b x=1 y=2 z=3 ", "<<<<",
        "&#x1111111111", "<td>", "<li>",
    };
    struct hw_buf in, out;

    (void)state;
    hw_buf_init(&in, HW_BUF_NOLIMIT);
    hw_buf_init(&out, HW_BUF_NOLIMIT);
    for (size_t u = 0; u < sizeof unit / sizeof unit[0]; u++) {
        clock_t t0 = clock();
        const char *why;
        hw_buf_reset(&in);
        while (in.len < (512u << 10))
            hw_buf_adds(&in, unit[u]);
        hw_buf_reset(&out);
        assert_int_equal(feed_html_sanitize(in.p, in.len, BASE, &out), 0);
        if ((why = check_sanitized(out.p, out.len)) != NULL)
            fail_msg("\"%s\" x N: %s", unit[u], why);
        hw_buf_reset(&out);
        assert_int_equal(feed_html_text(in.p, in.len, &out), 0);
        if ((why = check_text(out.p, out.len)) != NULL)
            fail_msg("\"%s\" x N: text: %s", unit[u], why);
        double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
        if (secs > 5.0)
            fail_msg("\"%s\" x N took %.2f s", unit[u], secs);
    }
    hw_buf_release(&in);
    hw_buf_release(&out);
}

/*
 * Real documents from the shared corpus (feeds and web pages), each read
 * whole as one fragment, give well-formed output in both modes.
 */
static void test_corpus(void **state)
{
    static const char *const files[] = {
        "data/feeds/rbren__rss-parser/test/input/guardian.rss",
        "data/feeds/rbren__rss-parser/test/input/heise.atom",
        "data/feeds/Ranchero-Software__RSParser/Tests/RSParserTests/"
        "Resources/DaringFireball.rss",
        "data/feeds/Ranchero-Software__RSParser/Tests/RSParserTests/"
        "Resources/scriptingNews.rss",
        "data/feeds/Ranchero-Software__RSParser/Tests/RSParserTests/"
        "Resources/DaringFireball.html",
        "data/feeds/Ranchero-Software__RSParser/Tests/RSParserTests/"
        "Resources/coco.html",
        "data/feeds/Ranchero-Software__RSParser/Tests/RSParserTests/"
        "Resources/furbo.html",
    };
    const char *shared = getenv("HW_SHARED");
    int seen = 0;

    (void)state;
    if (!shared || !*shared)
        shared = "../shared";
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        char path[1024];
        struct hw_buf raw, out;
        const char *why;

        snprintf(path, sizeof path, "%s/%s", shared, files[f]);
        hw_buf_init(&raw, 64u << 20);
        if (hw_read_file(path, &raw, NULL) != 0) {
            hw_buf_release(&raw);
            continue;
        }
        seen++;
        /* The whole XML file is a hostile "fragment" too. */
        hw_buf_init(&out, HW_BUF_NOLIMIT);
        assert_int_equal(feed_html_sanitize(raw.p, raw.len, BASE, &out), 0);
        if ((why = check_sanitized(out.p, out.len)) != NULL)
            fail_msg("%s: %s", files[f], why);
        hw_buf_reset(&out);
        assert_int_equal(feed_html_text(raw.p, raw.len, &out), 0);
        if ((why = check_text(out.p, out.len)) != NULL)
            fail_msg("%s: text: %s", files[f], why);
        hw_buf_release(&out);
        hw_buf_release(&raw);
    }
    if (!seen)
        skip();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sanitize_basic),
        cmocka_unit_test(test_sanitize_xss),
        cmocka_unit_test(test_sanitize_base),
        cmocka_unit_test(test_sanitize_buffer),
        cmocka_unit_test(test_sanitize_deep),
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_fast_path),
        cmocka_unit_test(test_hostile_speed),
        cmocka_unit_test(test_corpus),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
