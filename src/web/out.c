/*
 * out.c - escaping, URL components, leads, HTTP dates, entity tags and
 * gzip for the web room (see out.h).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <zlib.h>

#include "web/out.h"

/* One code point of escaped output. */
static void esc_cp(struct hw_buf *b, uint32_t cp, const char *s, int len)
{
    switch (cp) {
    case '&':
        hw_buf_add(b, "&amp;", 5);
        return;
    case '<':
        hw_buf_add(b, "&lt;", 4);
        return;
    case '>':
        hw_buf_add(b, "&gt;", 4);
        return;
    case '"':
        hw_buf_add(b, "&quot;", 6);
        return;
    case '\'':
        hw_buf_add(b, "&#39;", 5);
        return;
    }
    if ((cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0x7f ||
        cp == 0xFFFE || cp == 0xFFFF)
        return; /* not allowed in XML 1.0; never useful in a page */
    if ((cp >= 0x80 && cp < 0xA0))
        return; /* C1 controls */
    hw_buf_add(b, s, (size_t)len);
}

int web_esc(struct hw_buf *b, const char *s, size_t n)
{
    size_t i = 0;

    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        uint32_t cp;
        int l;
        if (c < 0x80) {
            size_t j = i;
            /* copy a run of plain ASCII at once */
            while (j < n && (unsigned char)s[j] < 0x80 && s[j] >= 0x20 &&
                   !strchr("&<>\"'\x7f", s[j]))
                j++;
            if (j > i) {
                hw_buf_add(b, s + i, j - i);
                i = j;
                continue;
            }
            esc_cp(b, c, s + i, 1);
            i++;
            continue;
        }
        l = hw_utf8_decode(s + i, n - i, &cp);
        if (l == 0) {
            hw_buf_add(b, "\xef\xbf\xbd", 3);
            i++;
            continue;
        }
        esc_cp(b, cp, s + i, l);
        i += (size_t)l;
    }
    return b->err;
}

int web_escs(struct hw_buf *b, const char *s)
{
    return s ? web_esc(b, s, strlen(s)) : b->err;
}

int web_esc_marked(struct hw_buf *b, const char *s, size_t n, char on,
                   char off)
{
    size_t i = 0, start = 0;
    int open = 0;

    for (i = 0; i <= n; i++) {
        if (i < n && s[i] != on && s[i] != off)
            continue;
        web_esc(b, s + start, i - start);
        if (i < n) {
            if (s[i] == on && !open) {
                hw_buf_adds(b, "<mark>");
                open = 1;
            } else if (s[i] == off && open) {
                hw_buf_adds(b, "</mark>");
                open = 0;
            }
        }
        start = i + 1;
    }
    if (open)
        hw_buf_adds(b, "</mark>");
    return b->err;
}

int web_url_esc(struct hw_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t i;

    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
            c == '~') {
            hw_buf_addc(b, (char)c);
        } else {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            hw_buf_add(b, e, 3);
        }
    }
    return b->err;
}

int web_url_is_http(const char *url)
{
    size_t i;

    if (!url)
        return 0;
    if (strncasecmp(url, "http://", 7) != 0 &&
        strncasecmp(url, "https://", 8) != 0)
        return 0;
    for (i = 0; url[i]; i++)
        if ((unsigned char)url[i] <= 0x20 || url[i] == 0x7f)
            return 0;
    return 1;
}

int web_lead(struct hw_buf *b, const char *s, size_t max, int esc)
{
    struct hw_buf t;
    size_t i, cut;
    int space = 0;

    if (!s)
        return b->err;
    hw_buf_init(&t, HW_BUF_NOLIMIT);
    /* flatten white space, stopping a little past max */
    for (i = 0; s[i] && t.len <= max + 4; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
            space = 1;
            continue;
        }
        if (space && t.len)
            hw_buf_addc(&t, ' ');
        space = 0;
        hw_buf_addc(&t, (char)c);
    }
    if (t.len <= max && !s[i]) {
        cut = t.len;
    } else {
        cut = max < t.len ? max : t.len;
        /* back to a space if one is within the last fifth */
        for (i = cut; i > max * 4 / 5; i--)
            if (t.p[i] == ' ')
                break;
        if (i > max * 4 / 5)
            cut = i;
        while (cut && ((unsigned char)t.p[cut] & 0xC0) == 0x80)
            cut--; /* never mid-character */
        while (cut && t.p[cut - 1] == ' ')
            cut--;
    }
    if (esc)
        web_esc(b, t.p, cut);
    else
        hw_buf_add_utf8(b, t.p, cut);
    if (cut < t.len)
        hw_buf_adds(b, "\xe2\x80\xa6");
    hw_buf_release(&t);
    return b->err;
}

static const char *const wdays[] = {"Thu", "Fri", "Sat", "Sun",
                                    "Mon", "Tue", "Wed"};
static const char *const months[] = {"Jan", "Feb", "Mar", "Apr",
                                     "May", "Jun", "Jul", "Aug",
                                     "Sep", "Oct", "Nov", "Dec"};

/* Civil date of t (days from civil, inverted; Howard Hinnant's method). */
static void civil(hw_time t, int *y, int *mo, int *d, int *h, int *mi,
                  int *s, int *wd)
{
    int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    int64_t secs = t - days * 86400, z = days + 719468, era, doe, yoe, doy,
            mp;

    *wd = (int)(((days % 7) + 7) % 7);
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *mo = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*mo <= 2));
    *h = (int)(secs / 3600);
    *mi = (int)(secs / 60 % 60);
    *s = (int)(secs % 60);
}

void web_http_date(hw_time t, char out[32])
{
    int y, mo, d, h, mi, s, wd;

    civil(t, &y, &mo, &d, &h, &mi, &s, &wd);
    snprintf(out, 32, "%s, %02d %s %04d %02d:%02d:%02d GMT", wdays[wd], d,
             months[mo - 1], y, h, mi, s);
}

void web_human_time(hw_time t, char out[32])
{
    int y, mo, d, h, mi, s, wd;

    civil(t, &y, &mo, &d, &h, &mi, &s, &wd);
    snprintf(out, 32, "%04d-%02d-%02d %02d:%02d UTC", y, mo, d, h, mi);
}

/* n digits at s; -1 if any is not a digit. */
static int digits(const char *s, int n)
{
    int v = 0, i;

    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int web_http_date_parse(const char *s, hw_time *out)
{
    int d, mo, y, h, mi, sec, i;

    /* "Sun, 13 Jul 2025 03:00:00 GMT": exactly 29 characters */
    if (!s || strlen(s) != 29 || s[3] != ',' || s[4] != ' ' ||
        s[7] != ' ' || s[11] != ' ' || s[16] != ' ' || s[19] != ':' ||
        s[22] != ':' || strcmp(s + 25, " GMT") != 0)
        return HW_EPARSE;
    d = digits(s + 5, 2);
    y = digits(s + 12, 4);
    h = digits(s + 17, 2);
    mi = digits(s + 20, 2);
    sec = digits(s + 23, 2);
    for (mo = 0, i = 0; i < 12; i++)
        if (memcmp(s + 8, months[i], 3) == 0)
            mo = i + 1;
    if (d < 1 || d > 31 || y < 0 || h < 0 || h > 23 || mi < 0 || mi > 59 ||
        sec < 0 || sec > 60 || mo == 0)
        return HW_EPARSE;
    *out = hw_time_from_civil(y, mo, d, h, mi, sec);
    return 0;
}

uint64_t web_hash(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t h = 1469598103934665603ull;
    size_t i;

    for (i = 0; i < n; i++)
        h = (h ^ s[i]) * 1099511628211ull;
    return h;
}

int web_etag_match(const char *header, const char *etag)
{
    size_t elen = strlen(etag);
    const char *p = header;

    if (!header)
        return 0;
    while (*p) {
        const char *start;
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (*p == '*')
            return 1;
        if (p[0] == 'W' && p[1] == '/')
            p += 2;
        start = p;
        while (*p && *p != ',')
            p++;
        while (p > start && (p[-1] == ' ' || p[-1] == '\t'))
            p--;
        if ((size_t)(p - start) == elen && memcmp(start, etag, elen) == 0)
            return 1;
        while (*p && *p != ',')
            p++;
    }
    return 0;
}

/* The q value of one Accept-Encoding element at p (up to ',' or end):
 * 1000 when absent, 0..1000 otherwise. */
static int qvalue(const char *p, const char *end)
{
    const char *q = p;
    int v = 0, scale = 1000;

    while (q < end && *q != ';')
        q++;
    while (q < end) {
        q++;
        while (q < end && (*q == ' ' || *q == '\t'))
            q++;
        if (q + 1 < end && (q[0] == 'q' || q[0] == 'Q') && q[1] == '=') {
            q += 2;
            if (q < end && *q == '1')
                return 1000;
            if (q < end && *q == '0') {
                q++;
                if (q < end && *q == '.') {
                    for (q++; q < end && *q >= '0' && *q <= '9' &&
                              scale > 1;
                         q++) {
                        scale /= 10;
                        v += (*q - '0') * scale;
                    }
                }
                return v;
            }
            return 0;
        }
        while (q < end && *q != ';')
            q++;
    }
    return 1000;
}

int web_accepts_gzip(const char *header)
{
    const char *p = header;
    int gzip = -1, star = -1;

    if (!header)
        return 0;
    while (*p) {
        const char *start, *end, *tok_end;
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        start = p;
        while (*p && *p != ',')
            p++;
        end = p;
        tok_end = start;
        while (tok_end < end && *tok_end != ';' && *tok_end != ' ' &&
               *tok_end != '\t')
            tok_end++;
        if (tok_end - start == 4 && strncasecmp(start, "gzip", 4) == 0)
            gzip = qvalue(start, end);
        else if (tok_end - start == 6 && strncasecmp(start, "x-gzip", 6) == 0)
            gzip = qvalue(start, end);
        else if (tok_end - start == 1 && *start == '*')
            star = qvalue(start, end);
    }
    if (gzip >= 0)
        return gzip > 0;
    return star > 0;
}

int web_gzip(const char *in, size_t n, struct hw_buf *out)
{
    z_stream z;
    unsigned char chunk[16384];
    int rc;

    memset(&z, 0, sizeof z);
    /* 15 + 16: a gzip wrapper; level 6 is zlib's default trade-off */
    if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
        Z_OK)
        return HW_ENOMEM;
    z.next_in = (unsigned char *)(uintptr_t)in;
    z.avail_in = (uInt)n;
    do {
        z.next_out = chunk;
        z.avail_out = sizeof chunk;
        rc = deflate(&z, Z_FINISH);
        hw_buf_add(out, chunk, sizeof chunk - z.avail_out);
    } while (rc == Z_OK);
    deflateEnd(&z);
    if (rc != Z_STREAM_END)
        return HW_EIO;
    return out->err;
}
