/*
 * strip.c - the page cut down to what gumbo needs to see.
 *
 * Before gumbo sees the page, what can never be article text is cut out
 * of it in place, because gumbo reads every byte of it one character at
 * a time, and raw text is half of a news page: the content of <script>
 * (all but JSON-LD, which holds metadata), <style> and <svg>, and
 * comments; and attributes that are never read (event handlers, data-*
 * but lazy image sources, ...).  The start and end tags stay, so the tree
 * keeps its shape.
 * Tags are read as the HTML tokenizer reads them (quoted attribute values
 * may hold '<' and '>'), and the content of title, textarea and the other
 * raw-text elements is left alone, so a "<script" in an attribute or a
 * <textarea> is not taken for a tag.  A script holding "<!--" and
 * "<script" (the tokenizer's double-escaped state, where "</script>"
 * does not end it) is left to gumbo.  Linear in the page.
 *
 * Then extract_nest_cut() bounds how deep gumbo has to nest (below).
 */
#include <string.h>

#include "extract/extract_int.h"

/* The index of the name s[0..n) in list (NULL-terminated, lower case),
 * ASCII case-insensitive; -1 if it is not there. */
static int find_name(const char *s, size_t n, const char *const *list)
{
    for (int k = 0; list[k]; k++)
        if (strlen(list[k]) == n && xt_ci_prefix(s, n, list[k]))
            return k;
    return -1;
}

/* Find "</name" (ASCII case-insensitive) in p[i..n); n if none. */
static size_t find_end_tag(const char *p, size_t n, size_t i,
                           const char *name)
{
    size_t k = strlen(name);

    for (;;) {
        const char *q = memchr(p + i, '<', n - i);
        if (!q)
            return n;
        i = (size_t)(q - p);
        if (n - i >= k + 2 && p[i + 1] == '/' &&
            xt_ci_prefix(p + i + 2, n - i - 2, name))
            return i;
        i++;
    }
}

/* The end of the start tag at p[i] == '<' (the index after its '>'),
 * reading quoted attribute values whole; n if it never ends.  *ldjson is
 * set when an attribute value says "ld+json". */
static size_t tag_end(const char *p, size_t n, size_t i, int *ldjson)
{
    *ldjson = 0;
    for (i++; i < n; i++) {
        if (p[i] == '>')
            return i + 1;
        if (p[i] == '"' || p[i] == '\'') {
            const char *q = memchr(p + i + 1, p[i], n - i - 1);
            size_t e = q ? (size_t)(q - p) : n;
            for (size_t j = i + 1; j + 7 <= e; j++)
                if (xt_ci_prefix(p + j, e - j, "ld+json"))
                    *ldjson = 1;
            i = e;
        } else if (p[i] == 'l' || p[i] == 'L') {
            if (xt_ci_prefix(p + i, n - i, "ld+json"))
                *ldjson = 1;
        }
    }
    return n;
}

/* Does p[i..n) start with "<name" and then the end of the name? */
static int at_tag(const char *p, size_t n, size_t i, const char *name)
{
    size_t k = strlen(name);
    char c;

    if (n - i < k + 2 || !xt_ci_prefix(p + i + 1, n - i - 1, name))
        return 0;
    c = p[i + 1 + k];
    return c == '>' || c == '/' || xt_is_space((unsigned char)c);
}

/* Is the attribute name[0..n) = value one the extractor never reads? */
static int idle_attr(const char *name, size_t n, const char *v, size_t vn)
{
    if (n > 2 && xt_ci_prefix(name, n, "on"))
        return 1; /* event handlers */
    if (n > 5 && xt_ci_prefix(name, n, "data-"))
        return find_name(name, n, extract_lazy_src) < 0; /* emit.c reads */
    if (n > 5 && xt_ci_prefix(name, n, "aria-"))
        return !(n == 11 && xt_ci_prefix(name, n, "aria-hidden")) &&
               !(n == 10 && xt_ci_prefix(name, n, "aria-modal"));
    if (n == 5 && xt_ci_prefix(name, n, "style")) {
        for (size_t i = 0; i + 4 <= vn; i++)
            if (xt_ci_prefix(v + i, vn - i, "none") ||
                xt_ci_prefix(v + i, vn - i, "hidden"))
                return 0;
        return 1; /* only display:none and visibility:hidden count */
    }
    return 0;
}

/*
 * Copy the start tag p[r..e) to p[*w..], without the attributes gumbo
 * would copy for nothing (event handlers, data-* but lazy image sources,
 * aria-* but hidden and modal, styles that hide nothing).  *w <= r.
 */
static void copy_tag(char *p, size_t r, size_t e, size_t *w)
{
    size_t j = r + 1, end = e - 1; /* p[end] == '>' unless cut short */

    if (p[end] != '>')
        end = e;
    while (j < end && !xt_is_space((unsigned char)p[j]) && p[j] != '/')
        j++;
    memmove(p + *w, p + r, j - r);
    *w += j - r;
    while (j < end) {
        size_t k = j, ns, ne, vs = 0, ve = 0;
        while (j < end && (xt_is_space((unsigned char)p[j]) || p[j] == '/'))
            j++;
        ns = j;
        while (j < end && !xt_is_space((unsigned char)p[j]) && p[j] != '/' &&
               (p[j] != '=' || j == ns))
            j++;
        ne = j;
        {
            size_t t = j;
            while (t < end && xt_is_space((unsigned char)p[t]))
                t++;
            if (t < end && p[t] == '=') {
                for (t++; t < end && xt_is_space((unsigned char)p[t]); t++)
                    ;
                if (t < end && (p[t] == '"' || p[t] == '\'')) {
                    const char *q = memchr(p + t + 1, p[t], end - t - 1);
                    vs = t + 1;
                    ve = q ? (size_t)(q - p) : end;
                    t = q ? ve + 1 : end;
                } else {
                    vs = t;
                    while (t < end && !xt_is_space((unsigned char)p[t]))
                        t++;
                    ve = t;
                }
                j = t;
            }
        }
        if (ne > ns && idle_attr(p + ns, ne - ns, p + vs, ve - vs))
            continue;
        memmove(p + *w, p + k, j - k);
        *w += j - k;
    }
    memmove(p + *w, p + end, e - end);
    *w += e - end;
}

size_t extract_strip_raw(char *p, size_t n)
{
    static const char *const cut[] = {"script", "style", "svg", NULL};
    static const char *const keep[] = {
        "title", "textarea", "xmp", "iframe", "noembed", "noframes",
        "noscript", NULL,
    };
    size_t r = 0, w = 0; /* read and write positions */

    while (r < n) {
        const char *q = memchr(p + r, '<', n - r);
        size_t i, e, c;
        int ld, k, done = 0;

        i = q ? (size_t)(q - p) : n;
        memmove(p + w, p + r, i - r);
        w += i - r;
        r = i;
        if (r >= n)
            break;
        if (n - r >= 4 && memcmp(p + r, "<!--", 4) == 0) {
            /* a comment: to the first "-->" after "<!" ("<!-->" too) */
            for (e = r + 2; e + 3 <= n; e++) {
                if (memcmp(p + e, "-->", 3) == 0) {
                    e += 3;
                    break;
                }
                if (e + 4 <= n && memcmp(p + e, "--!>", 4) == 0) {
                    e += 4;
                    break;
                }
            }
            r = e < n ? e : n;
            continue;
        }
        if (n - r < 2 || !xt_is_alpha((unsigned char)p[r + 1])) {
            p[w++] = p[r++];
            continue;
        }
        e = tag_end(p, n, r, &ld);
        i = w; /* the tag as written: the bytes at r may be overwritten */
        copy_tag(p, r, e, &w);
        r = e;
        if (e >= n)
            continue;
        for (k = 0; cut[k] && !done; k++) {
            if (!at_tag(p, w, i, cut[k]))
                continue;
            done = 1;
            if (k == 2 && p[w - 2] == '/')
                break; /* <svg/> */
            c = find_end_tag(p, n, r, cut[k]);
            if (k == 0) {
                /* JSON-LD, and the double-escaped state (left to gumbo):
                 * the content is copied as it is */
                size_t j = r;
                int esc = 0;
                for (; j + 4 <= c && esc < 2 && !ld; j++)
                    if (esc == 0 && memcmp(p + j, "<!--", 4) == 0)
                        esc = 1;
                    else if (esc == 1 && at_tag(p, c, j, "script"))
                        esc = 2;
                if (ld || esc == 2) {
                    memmove(p + w, p + r, c - r);
                    w += c - r;
                }
            }
            r = c;
        }
        for (k = 0; keep[k] && !done; k++) {
            if (!at_tag(p, w, i, keep[k]))
                continue;
            done = 1;
            c = find_end_tag(p, n, r, keep[k]);
            memmove(p + w, p + r, c - r);
            w += c - r;
            r = c;
        }
        if (!done && at_tag(p, w, i, "plaintext")) {
            memmove(p + w, p + r, n - r);
            w += n - r;
            r = n;
        }
    }
    p[w] = '\0';
    return w;
}

/*
 * gumbo 0.10 has no depth limit, and its tree construction is quadratic
 * in the depth of the open-element stack (100,000 nested <div>s take half
 * a minute).  A naive tag scan counts unclosed start tags (void and
 * self-closing elements, those closed implicitly, comments and raw text
 * aside) and returns the offset where that count passes NEST_MAX; the
 * page is parsed up to there.  Returns len when the page stays under it.
 */
#define NEST_MAX 10000

size_t extract_nest_cut(const char *p, size_t len)
{
    static const char *const flat[] = {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "param", "source", "track", "wbr", "p", "li", "dt", "dd",
        "option", "tr", "td", "th", "!", "?", NULL,
    };
    static const char *const raw[] = {
        "script", "style", "textarea", "title", "xmp", "plaintext", NULL,
    };
    size_t i = 0, depth = 0;

    while (i < len) {
        const char *q = memchr(p + i, '<', len - i), *gt;
        size_t at, nb, n;
        int end, flat_tag, raw_tag;

        if (!q)
            break;
        at = (size_t)(q - p);
        i = at + 1;
        if (i + 3 <= len && memcmp(p + i, "!--", 3) == 0) {
            const char *e = NULL;
            for (size_t j = i + 3; j + 3 <= len; j++)
                if (p[j] == '-' && p[j + 1] == '-' && p[j + 2] == '>') {
                    e = p + j;
                    break;
                }
            if (!e)
                break;
            i = (size_t)(e - p) + 3;
            continue;
        }
        end = i < len && p[i] == '/';
        nb = i + (size_t)end;
        for (n = nb; n < len; n++) {
            int lc = p[n] | 0x20;
            if (!((lc >= 'a' && lc <= 'z') || (p[n] >= '0' && p[n] <= '9') ||
                  p[n] == '!' || p[n] == '?'))
                break;
        }
        if (n == nb)
            continue;
        gt = memchr(p + n, '>', len - n);
        if (!gt)
            break;
        i = (size_t)(gt - p) + 1;
        flat_tag = find_name(p + nb, n - nb, flat) >= 0;
        raw_tag = find_name(p + nb, n - nb, raw);
        if (end) {
            if (!flat_tag && depth)
                depth--;
            continue;
        }
        if (raw_tag >= 0) {
            /* skip to the matching end tag */
            size_t rl = strlen(raw[raw_tag]), j;
            for (j = i; j + 2 + rl <= len; j++)
                if (p[j] == '<' && p[j + 1] == '/' &&
                    xt_ci_prefix(p + j + 2, rl, raw[raw_tag]))
                    break;
            i = j;
            continue;
        }
        if (flat_tag || gt[-1] == '/')
            continue;
        if (++depth > NEST_MAX)
            return at;
    }
    return len;
}

