/*
 * router.c - request targets, percent decoding, query strings and route
 * matching (see router.h).  Cursor-style: views into the caller's bytes,
 * decoding only into the caller's capped buffers.
 */
#include <string.h>

#include "web/router.h"

unsigned web_method_bit(const char *method)
{
    if (!method)
        return 0;
    if (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0)
        return WEB_GET;
    if (strcmp(method, "POST") == 0)
        return WEB_POST;
    return 0;
}

/* RFC 3986 characters that may appear in a request target. */
static int uri_char(unsigned char c)
{
    if (c >= 'a' && c <= 'z')
        return 1;
    if (c >= 'A' && c <= 'Z')
        return 1;
    if (c >= '0' && c <= '9')
        return 1;
    return c && strchr("-._~:/?#[]@!$&'()*+,;=%", c) != NULL;
}

int web_target_split(const char *target, size_t len, struct hw_str *path,
                     struct hw_str *query)
{
    size_t i, q = len, end = len;

    path->p = query->p = "";
    path->len = query->len = 0;
    if (len > WEB_TARGET_MAX)
        return HW_ETOOBIG;
    if (len == 0 || target[0] != '/')
        return HW_EPARSE;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)target[i];
        if (!uri_char(c))
            return HW_EPARSE;
        if (c == '?' && q == len)
            q = i;
        if (c == '#') {
            end = i;
            break;
        }
    }
    if (q > end)
        q = end;
    path->p = target;
    path->len = q;
    if (q < end) {
        query->p = target + q + 1;
        query->len = end - q - 1;
    }
    return 0;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int web_pct_decode(struct hw_str s, int plus_space, struct hw_buf *out)
{
    size_t i, start = out->len;

    for (i = 0; i < s.len; i++) {
        unsigned char c = (unsigned char)s.p[i];
        if (c == '%') {
            int h, l;
            if (i + 2 >= s.len)
                return HW_EPARSE;
            h = hexval(s.p[i + 1]);
            l = hexval(s.p[i + 2]);
            if (h < 0 || l < 0)
                return HW_EPARSE;
            c = (unsigned char)(h * 16 + l);
            i += 2;
        } else if (c == '+' && plus_space) {
            c = ' ';
        }
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return HW_EPARSE;
        if (hw_buf_addc(out, (char)c))
            return out->err;
    }
    if (!hw_utf8_valid(out->p + start, out->len - start))
        return HW_EENCODING;
    return 0;
}

int web_query_get(struct hw_str query, const char *name, struct hw_buf *out)
{
    size_t i = 0, nlen = strlen(name);

    hw_buf_reset(out);
    while (i <= query.len && query.len) {
        size_t start = i, eq, end;
        while (i < query.len && query.p[i] != '&' && query.p[i] != ';')
            i++;
        end = i;
        for (eq = start; eq < end && query.p[eq] != '='; eq++)
            ;
        /* names are compared raw: ours are plain ASCII */
        if (eq - start == nlen && memcmp(query.p + start, name, nlen) == 0) {
            struct hw_str v;
            int r;
            v.p = query.p + (eq < end ? eq + 1 : end);
            v.len = eq < end ? end - eq - 1 : 0;
            r = web_pct_decode(v, 1, out);
            return r < 0 ? r : 1;
        }
        i++;
    }
    return 0;
}

/* The next segment of path from *pos (just after a '/'); sets *seg and
 * moves *pos past it and its '/'.  0 when the path is used up. */
static int next_segment(struct hw_str path, size_t *pos, struct hw_str *seg)
{
    size_t i = *pos;

    if (i > path.len)
        return 0;
    seg->p = path.p + i;
    while (i < path.len && path.p[i] != '/')
        i++;
    seg->len = (size_t)(path.p + i - seg->p);
    *pos = i + 1;
    return 1;
}

/* Decode one captured segment into m->buf; -400 when it is not a plain
 * name (see router.h). */
static int capture(struct web_match *m, struct hw_str raw)
{
    size_t start = m->buf.len;
    const char *p;
    size_t len;

    if (m->nparams >= WEB_MAX_PARAMS)
        return -400;
    if (web_pct_decode(raw, 0, &m->buf) != 0)
        return -400;
    len = m->buf.len - start;
    if (memchr(m->buf.p + start, '/', len))
        return -400;
    if ((len == 1 && m->buf.p[start] == '.') ||
        (len == 2 && memcmp(m->buf.p + start, "..", 2) == 0))
        return -400;
    hw_buf_addc(&m->buf, '\0'); /* each capture is NUL-terminated */
    if (m->buf.err)
        return -400;
    /* the buffer may move while growing: record offsets, fix below */
    p = (const char *)(uintptr_t)start;
    m->params[m->nparams].p = p;
    m->params[m->nparams].len = len;
    m->nparams++;
    return 0;
}

/* Does raw path match pattern?  1 yes (captures in m), 0 no, -400. */
static int match_one(const char *pattern, struct hw_str path,
                     struct web_match *m)
{
    size_t sp = 1;
    struct hw_str seg;
    const char *pat = pattern + 1; /* patterns start with '/' */

    hw_buf_reset(&m->buf);
    m->nparams = 0;
    if (path.len == 0 || path.p[0] != '/')
        return 0;
    /* one trailing slash is ignored */
    if (path.len > 2 && path.p[path.len - 1] == '/' &&
        path.p[path.len - 2] != '/')
        path.len--;
    if (path.len == 1) /* "/" */
        return *pat == '\0';
    for (;;) {
        const char *end = strchr(pat, '/');
        size_t plen = end ? (size_t)(end - pat) : strlen(pat);
        int r;
        if (!next_segment(path, &sp, &seg))
            return 0;
        if (plen == 0) /* the pattern is "/" */
            return 0;
        if (pat[0] == '*') {
            const char *ext = pat + 1; /* "" or ".atom" */
            size_t elen = plen - 1;
            if (seg.len <= elen ||
                memcmp(seg.p + seg.len - elen, ext, elen) != 0)
                return 0;
            seg.len -= elen;
            if ((r = capture(m, seg)) != 0)
                return r;
        } else if (seg.len != plen || memcmp(seg.p, pat, plen) != 0) {
            return 0;
        }
        if (!end)
            return sp > path.len; /* both used up */
        pat = end + 1;
    }
}

int web_route_match(const struct web_route *routes, size_t n,
                    const char *method, struct hw_str path,
                    struct web_match *m, unsigned *allowed)
{
    unsigned bit = web_method_bit(method), allow = 0;
    size_t i;
    int found = -404, k;

    memset(m, 0, sizeof *m);
    hw_buf_init(&m->buf, WEB_TARGET_MAX * 2);
    for (i = 0; i < n; i++) {
        int r = match_one(routes[i].pattern, path, m);
        if (r < 0) {
            found = r;
            break;
        }
        if (r == 0)
            continue;
        if (routes[i].methods & bit) {
            found = (int)i;
            break;
        }
        allow |= routes[i].methods;
        found = -405;
    }
    if (allowed)
        *allowed = allow;
    if (found < 0) {
        m->nparams = 0;
        m->route = found;
        return found;
    }
    /* turn capture offsets into pointers now that the buffer is final */
    for (k = 0; k < m->nparams; k++)
        m->params[k].p = m->buf.p + (size_t)(uintptr_t)m->params[k].p;
    m->route = found;
    return found;
}
