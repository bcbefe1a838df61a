/*
 * discover.c - feed autodiscovery: the feed a web page names in its
 * <link rel="alternate" type="..." href="..."> elements (the RSS
 * Autodiscovery convention, also used for Atom and JSON Feed).
 *
 * A tolerant scanner rather than an HTML parser: home pages are large
 * and often broken, and only <link> start tags matter.  It skips
 * comments, finds "<link" in any case, reads the attributes (double,
 * single or no quotes), and takes the first whose rel has the token
 * "alternate" and whose type is a feed type.  &amp; and the other common
 * character references in href are decoded; the result is resolved
 * against the page's URL with feed_url_resolve().
 */
#include <string.h>

#include "crawl/crawl.h"
#include "feed/feed.h"

#define SCAN_MAX (1u << 20)

static int lc(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int ieq(const char *a, size_t n, const char *b)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (!b[i] || lc((unsigned char)a[i]) != b[i])
            return 0;
    return b[n] == '\0';
}

/* 1 if the space-separated list v has the token t (ignoring case). */
static int has_token(struct hw_str v, const char *t)
{
    size_t i = 0;

    while (i < v.len) {
        size_t s;
        while (i < v.len && space((unsigned char)v.p[i]))
            i++;
        s = i;
        while (i < v.len && !space((unsigned char)v.p[i]))
            i++;
        if (i > s && ieq(v.p + s, i - s, t))
            return 1;
    }
    return 0;
}

static int feed_type(struct hw_str v)
{
    size_t i;

    v = hw_str_trim(v);
    for (i = 0; i < v.len && v.p[i] != ';'; i++)
        ;
    v = hw_str_trim((struct hw_str){v.p, i});
    return ieq(v.p, v.len, "application/rss+xml") ||
           ieq(v.p, v.len, "application/atom+xml") ||
           ieq(v.p, v.len, "application/feed+json") ||
           ieq(v.p, v.len, "application/rdf+xml");
}

/* Decode the character references that appear in hrefs. */
static void decode_href(struct hw_str v, struct hw_buf *out)
{
    static const struct {
        const char *name;
        char c;
    } refs[] = {{"&amp;", '&'},  {"&#38;", '&'}, {"&#x26;", '&'},
                {"&quot;", '"'}, {"&#39;", '\''}, {"&apos;", '\''},
                {"&lt;", '<'},   {"&gt;", '>'}};
    size_t i = 0, k;

    while (i < v.len) {
        if (v.p[i] == '&') {
            for (k = 0; k < sizeof refs / sizeof refs[0]; k++) {
                size_t n = strlen(refs[k].name);
                if (i + n <= v.len &&
                    ieq(v.p + i, n, refs[k].name)) {
                    hw_buf_addc(out, refs[k].c);
                    i += n;
                    break;
                }
            }
            if (k < sizeof refs / sizeof refs[0])
                continue;
        }
        hw_buf_addc(out, v.p[i++]);
    }
}

int crawl_discover(const char *html, size_t len, const char *base,
                   struct hw_buf *out)
{
    const char *p = html, *end;
    struct hw_buf href;
    int r = HW_ENOTFOUND;

    end = html + (len > SCAN_MAX ? SCAN_MAX : len);
    hw_buf_init(&href, FETCH_URL_MAX);
    while (p < end) {
        struct hw_str rel = {"", 0}, type = {"", 0}, ref = {NULL, 0};
        const char *lt = memchr(p, '<', (size_t)(end - p));
        if (!lt)
            break;
        p = lt + 1;
        if (end - p >= 3 && memcmp(p, "!--", 3) == 0) {
            const char *q = p + 3;
            while (q + 3 <= end && memcmp(q, "-->", 3) != 0)
                q++;
            p = q + 3;
            continue;
        }
        if (end - p < 5 || !ieq(p, 4, "link") ||
            !(space((unsigned char)p[4]) || p[4] == '/'))
            continue;
        p += 4;
        /* attributes up to '>' */
        while (p < end && *p != '>') {
            const char *ns, *vs;
            size_t nn;
            struct hw_str v;
            while (p < end && (space((unsigned char)*p) || *p == '/'))
                p++;
            ns = p;
            while (p < end && !space((unsigned char)*p) && *p != '=' &&
                   *p != '>' && *p != '/')
                p++;
            nn = (size_t)(p - ns);
            while (p < end && space((unsigned char)*p))
                p++;
            if (p >= end || *p != '=') {
                if (nn == 0 && p < end && *p != '>')
                    p++;
                continue;
            }
            p++;
            while (p < end && space((unsigned char)*p))
                p++;
            if (p < end && (*p == '"' || *p == '\'')) {
                char q = *p++;
                vs = p;
                while (p < end && *p != q)
                    p++;
                v = (struct hw_str){vs, (size_t)(p - vs)};
                if (p < end)
                    p++;
            } else {
                vs = p;
                while (p < end && !space((unsigned char)*p) && *p != '>')
                    p++;
                v = (struct hw_str){vs, (size_t)(p - vs)};
            }
            if (ieq(ns, nn, "rel"))
                rel = v;
            else if (ieq(ns, nn, "type"))
                type = v;
            else if (ieq(ns, nn, "href"))
                ref = v;
        }
        if (ref.p && has_token(rel, "alternate") && feed_type(type)) {
            hw_buf_reset(&href);
            decode_href(hw_str_trim(ref), &href);
            if (!href.err && href.len &&
                feed_url_resolve(base, href.p, out) == 0) {
                r = 0;
                break;
            }
        }
    }
    hw_buf_release(&href);
    return r;
}
