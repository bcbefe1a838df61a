/*
 * feed_html.c - libFuzzer harness for feed_html_sanitize() and
 * feed_html_text().
 *
 * The first input byte picks the base URL (none, http, a hostile one);
 * the rest is the fragment.  Beyond "no crash, no leak, no read past the
 * end", the harness checks what the functions promise and aborts when a
 * promise breaks:
 *   sanitize: valid UTF-8; no control characters; every '<' opens or
 *     closes an allowlisted element, end tags match, all are closed; every
 *     attribute is allowlisted, double-quoted, with no raw '<', '>' or
 *     '"' inside; every '&' is one of &amp; &lt; &gt; &quot;; href, src
 *     and cite are http(s), mailto, data:image/... or relative;
 *   text: valid UTF-8; no tabs or controls; no white space at either end;
 *     no double space; newlines only as single "\n\n" breaks.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "feed/feed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const elems[] = {
    "p", "br", "a", "b", "strong", "i", "em", "u", "s", "sub", "sup",
    "small", "mark", "q", "cite", "abbr", "code", "pre", "kbd", "blockquote",
    "ul", "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "img", "figure", "figcaption", "table", "thead", "tbody", "tfoot",
    "tr", "th", "td", "caption", "span", "div", "section", "article",
    "header", "footer", "time", "picture", "source", "video", "audio",
    "del", "ins", NULL,
};
static const char *const voids[] = {"br", "hr", "img", "source", NULL};
static const char *const attrs[] = {
    "href", "src", "alt", "title", "width", "height", "colspan", "rowspan",
    "datetime", "cite", "srcset", "type", "lang", "dir", "rel", NULL,
};

static int in_list(const char *const *l, const char *s, size_t n)
{
    for (; *l; l++)
        if (strlen(*l) == n && memcmp(*l, s, n) == 0)
            return 1;
    return 0;
}

static size_t esc_len(const char *p, const char *e)
{
    static const char *const esc[] = {"&amp;", "&lt;", "&gt;", "&quot;"};
    for (int i = 0; i < 4; i++) {
        size_t n = strlen(esc[i]);
        if ((size_t)(e - p) >= n && memcmp(p, esc[i], n) == 0)
            return n;
    }
    return 0;
}

/* A URL the sanitiser may write: http(s), mailto, data:image or none. */
static int url_ok(const char *v, size_t n)
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
        /* no scheme: then no ':' before the path, query or fragment */
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

static void check_sanitized(const char *h, size_t n)
{
    const char *e = h + n, *p = h;
    const char *stack[256];
    size_t lens[256];
    int depth = 0;

    if (!hw_utf8_valid(h, n))
        abort();
    while (p < e) {
        unsigned char c = (unsigned char)*p;
        const char *s;
        int end;
        if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F || c == '>')
            abort();
        if (c == '&') {
            size_t l = esc_len(p, e);
            if (!l)
                abort();
            p += l;
            continue;
        }
        if (c != '<') {
            p++;
            continue;
        }
        end = ++p < e && *p == '/';
        p += end;
        s = p;
        while (p < e && ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
            p++;
        if (!in_list(elems, s, (size_t)(p - s)))
            abort();
        if (end) {
            if (p >= e || *p != '>' || depth == 0 ||
                lens[depth - 1] != (size_t)(p - s) ||
                memcmp(stack[depth - 1], s, (size_t)(p - s)) != 0)
                abort();
            depth--;
            p++;
            continue;
        }
        {
            const char *name = s;
            size_t nlen = (size_t)(p - s);
            while (p < e && *p == ' ') {
                const char *a = ++p, *v;
                int is_url;
                while (p < e && *p >= 'a' && *p <= 'z')
                    p++;
                if (!in_list(attrs, a, (size_t)(p - a)))
                    abort();
                is_url = (p - a == 4 && !memcmp(a, "href", 4)) ||
                         (p - a == 3 && !memcmp(a, "src", 3)) ||
                         (p - a == 4 && !memcmp(a, "cite", 4));
                if (e - p < 2 || p[0] != '=' || p[1] != '"')
                    abort();
                p += 2;
                v = p;
                while (p < e && *p != '"') {
                    if (*p == '<' || *p == '>')
                        abort();
                    if (*p == '&') {
                        size_t l = esc_len(p, e);
                        if (!l)
                            abort();
                        p += l;
                    } else {
                        p++;
                    }
                }
                if (p >= e || (is_url && !url_ok(v, (size_t)(p - v))))
                    abort();
                p++;
            }
            if (p >= e || *p != '>')
                abort();
            p++;
            if (!in_list(voids, name, nlen)) {
                if (depth == 256)
                    abort();
                stack[depth] = name;
                lens[depth++] = nlen;
            }
        }
    }
    if (depth)
        abort();
}

static void check_text(const char *t, size_t n)
{
    if (!hw_utf8_valid(t, n))
        abort();
    if (n && (t[0] == ' ' || t[0] == '\n' || t[n - 1] == ' ' ||
              t[n - 1] == '\n'))
        abort();
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t[i];
        if ((c < 0x20 && c != '\n') || c == 0x7F)
            abort();
        if (c == ' ' && i + 1 < n && (t[i + 1] == ' ' || t[i + 1] == '\n'))
            abort();
        if (c == '\n') {
            if (i + 1 >= n || t[i + 1] != '\n')
                abort();
            if (i + 2 < n && (t[i + 2] == '\n' || t[i + 2] == ' '))
                abort();
            i++;
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const bases[] = {
        NULL, "http://example.com/dir/page.html", "javascript:alert(1)//",
        "https://h\xc3\xa9.example/a/b?q#f",
    };
    const char *base;
    struct hw_buf out;
    char *s;

    if (size == 0)
        return 0;
    base = bases[data[0] % 4];
    data++;
    size--;
    /* An exact-size copy, so that ASan sees any read past the end. */
    s = malloc(size ? size : 1);
    if (!s)
        return 0;
    if (size)
        memcpy(s, data, size);

    hw_buf_init(&out, HW_BUF_NOLIMIT);
    if (feed_html_sanitize(s, size, base, &out) != 0)
        abort();
    check_sanitized(out.p, out.len);
    hw_buf_reset(&out);
    if (feed_html_text(s, size, &out) != 0)
        abort();
    check_text(out.p, out.len);

    /* A small cap fails cleanly. */
    hw_buf_release(&out);
    hw_buf_init(&out, 32);
    (void)feed_html_sanitize(s, size, base, &out);
    hw_buf_reset(&out);
    (void)feed_html_text(s, size, &out);
    hw_buf_release(&out);
    free(s);
    return 0;
}
