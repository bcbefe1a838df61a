/*
 * url.c - canonical form of http and https URLs (fetch_url_canon), so
 * that one feed or one article has one URL however it was written.
 *
 * The URL is split as RFC 3986 section 3 describes (scheme "://"
 * authority path ["?" query] ["#" fragment]) by a cursor over the bytes,
 * then each part is normalised as RFC 3986 section 6.2.2 describes
 * (case, percent-encoding, dot segments) plus two scheme-based rules of
 * 6.2.3 (default port, empty path).  Beyond the RFC, tracking parameters
 * are dropped from the query.  Every step maps its own output to itself,
 * so the whole is idempotent; fuzz/url_canon.c checks that.
 */
#include <string.h>

#include "fetch/fetch.h"

/* Query parameters that only track the reader (matched ignoring case);
 * any name starting with "utm_" is one too. */
static const char *const tracking[] = {
    "fbclid", "gclid",  "dclid",      "gbraid",      "wbraid",  "msclkid",
    "mc_cid", "mc_eid", "yclid",      "igshid",      "_ga",     "_gl",
    "_hsenc", "_hsmi",  "mkt_tok",    "oly_anon_id", "oly_enc_id",
    "vero_id", "twclid", "ttclid",    "srsltid",     NULL,
};

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = lower(c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

static int is_alnum(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

/* RFC 3986 unreserved: ALPHA DIGIT "-" "." "_" "~" */
static int unreserved(int c)
{
    return is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/* Bytes that may not appear raw in a URL and get escaped. */
static int must_escape(unsigned char c)
{
    return c <= 0x20 || c >= 0x7f || strchr("\"<>\\^`{|}", c) != NULL;
}

static void add_escape(struct hw_buf *b, unsigned char c)
{
    static const char hex[] = "0123456789ABCDEF";
    char e[3] = {'%', hex[c >> 4], hex[c & 15]};

    hw_buf_add(b, e, 3);
}

/* Append s[0..n) with its percent-encoding normalised. */
static void add_normal(struct hw_buf *b, const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '%') {
            if (i + 2 < n && hexval(s[i + 1]) >= 0 &&
                hexval(s[i + 2]) >= 0) {
                int v = hexval(s[i + 1]) * 16 + hexval(s[i + 2]);
                if (unreserved(v))
                    hw_buf_addc(b, (char)v);
                else
                    add_escape(b, (unsigned char)v);
                i += 2;
            } else {
                hw_buf_adds(b, "%25");
            }
        } else if (must_escape(c)) {
            add_escape(b, c);
        } else {
            hw_buf_addc(b, (char)c);
        }
    }
}

/* Append the path p (normalised, starting with '/') without dot
 * segments (RFC 3986 5.2.4, written as a stack of segments). */
static void add_path(struct hw_buf *b, const char *p, size_t n)
{
    size_t start = b->len, i = 1;

    hw_buf_addc(b, '/');
    while (i <= n) {
        size_t j = i;
        int last;
        while (j < n && p[j] != '/')
            j++;
        last = j >= n;
        if (j - i == 1 && p[i] == '.') {
            /* "." : nothing */
        } else if (j - i == 2 && p[i] == '.' && p[i + 1] == '.') {
            /* b always ends with '/' here: drop the last segment */
            if (!b->err && b->len - start > 1) {
                size_t k = b->len - 1;
                while (k > start && b->p[k - 1] != '/')
                    k--;
                hw_buf_truncate(b, k);
            }
        } else {
            hw_buf_add(b, p + i, j - i);
            if (!last)
                hw_buf_addc(b, '/');
        }
        i = j + 1;
    }
}

static int is_tracking(const char *name, size_t n)
{
    size_t i, k;

    if (n >= 4 && lower(name[0]) == 'u' && lower(name[1]) == 't' &&
        lower(name[2]) == 'm' && name[3] == '_')
        return 1;
    for (k = 0; tracking[k]; k++) {
        const char *t = tracking[k];
        if (strlen(t) != n)
            continue;
        for (i = 0; i < n && lower(name[i]) == t[i]; i++)
            ;
        if (i == n)
            return 1;
    }
    return 0;
}

/* Append "?query" without tracking parameters and empty pieces. */
static void add_query(struct hw_buf *b, const char *q, size_t n,
                      struct hw_buf *tmp)
{
    size_t i = 0;
    int first = 1;

    while (i <= n) {
        size_t j = i, k;
        while (j < n && q[j] != '&')
            j++;
        hw_buf_reset(tmp);
        add_normal(tmp, q + i, j - i);
        for (k = 0; k < tmp->len && tmp->p[k] != '='; k++)
            ;
        if (tmp->len && !is_tracking(tmp->p, k)) {
            hw_buf_addc(b, first ? '?' : '&');
            hw_buf_add(b, tmp->p, tmp->len);
            first = 0;
        }
        if (tmp->err)
            b->err = tmp->err;
        i = j + 1;
    }
}

/* Append the host, lowercased, checked.  0 or HW_EINVAL. */
static int add_host(struct hw_buf *b, const char *h, size_t n)
{
    size_t i;

    if (n && h[0] == '[') {
        if (n < 3 || h[n - 1] != ']')
            return HW_EINVAL;
        for (i = 1; i + 1 < n; i++)
            if (hexval(h[i]) < 0 && h[i] != ':' && h[i] != '.')
                return HW_EINVAL;
        for (i = 0; i < n; i++)
            hw_buf_addc(b, (char)lower(h[i]));
        return 0;
    }
    while (n > 1 && h[n - 1] == '.')
        n--;
    if (n == 0 || (n == 1 && h[0] == '.'))
        return HW_EINVAL;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)h[i];
        if (!(unreserved(c) || c >= 0x80))
            return HW_EINVAL;
    }
    if (!hw_utf8_valid(h, n))
        return HW_EINVAL;
    for (i = 0; i < n; i++)
        hw_buf_addc(b, (char)lower(h[i]));
    return 0;
}

int fetch_url_canon(const char *url, size_t len, struct hw_buf *out)
{
    struct hw_str u = hw_str_trim((struct hw_str){url, len});
    const char *p = u.p, *end = u.p + u.len, *a, *ae, *host, *he, *port;
    size_t start = out->len, plen;
    struct hw_buf tmp;
    int https, r = 0;
    long pn = -1;

    if (u.len > FETCH_URL_MAX)
        return HW_ETOOBIG;
    /* feed://host/x and feed:https://host/x */
    https = -1;
    if (u.len > 5 && hw_str_ieq((struct hw_str){p, 5}, "feed:")) {
        p += 5;
        if (end - p > 2 && p[0] == '/' && p[1] == '/')
            https = 0, p += 2;
    }
    if (https >= 0)
        ;
    else if (end - p > 7 && hw_str_ieq((struct hw_str){p, 7}, "http://"))
        https = 0, p += 7;
    else if (end - p > 8 && hw_str_ieq((struct hw_str){p, 8}, "https://"))
        https = 1, p += 8;
    else
        return HW_EINVAL;

    /* authority: up to the first '/', '?' or '#' */
    for (ae = p; ae < end && *ae != '/' && *ae != '?' && *ae != '#'; ae++)
        ;
    a = p;
    for (host = ae; host > a && host[-1] != '@'; host--)
        ;
    if (host < ae && host[0] == '[') {
        for (he = host; he < ae && *he != ']'; he++)
            ;
        if (he == ae)
            return HW_EINVAL;
        he++;
        if (he < ae && *he != ':')
            return HW_EINVAL;
    } else {
        for (he = host; he < ae && *he != ':'; he++)
            ;
    }
    port = he < ae ? he + 1 : NULL;
    if (port) {
        const char *q;
        pn = 0;
        if (port == ae)
            pn = -1;
        for (q = port; q < ae; q++) {
            if (*q < '0' || *q > '9')
                return HW_EINVAL;
            pn = pn * 10 + (*q - '0');
            if (pn > 65535)
                return HW_EINVAL;
        }
        if (pn == 0 && port < ae)
            return HW_EINVAL;
    }

    hw_buf_init(&tmp, FETCH_URL_MAX * 3 + 16);
    hw_buf_adds(out, https ? "https://" : "http://");
    if (host > a) {
        add_normal(out, a, (size_t)(host - 1 - a));
        hw_buf_addc(out, '@');
    }
    if ((r = add_host(out, host, (size_t)(he - host))) != 0)
        goto fail;
    if (pn > 0 && pn != (https ? 443 : 80))
        hw_buf_printf(out, ":%ld", pn);

    /* path */
    p = ae;
    for (a = p; a < end && *a != '?' && *a != '#'; a++)
        ;
    plen = (size_t)(a - p);
    hw_buf_reset(&tmp);
    if (plen == 0 || p[0] != '/')
        hw_buf_addc(&tmp, '/');
    add_normal(&tmp, p, plen);
    add_path(out, tmp.p, tmp.len);
    if (tmp.err)
        out->err = tmp.err;

    /* query */
    if (a < end && *a == '?') {
        const char *q = a + 1;
        for (a = q; a < end && *a != '#'; a++)
            ;
        add_query(out, q, (size_t)(a - q), &tmp);
    }
    hw_buf_release(&tmp);
    if (out->err || out->len - start > FETCH_URL_MAX) {
        r = out->err ? out->err : HW_ETOOBIG;
        goto fail_released;
    }
    return 0;
fail:
    hw_buf_release(&tmp);
fail_released:
    out->err = 0;
    hw_buf_truncate(out, start);
    return r;
}
