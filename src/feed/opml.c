/*
 * opml.c - OPML 1.0 and 2.0 subscription lists (opml.h).
 *
 * Reading: libxml2's xmlTextReader walks the document once.  A stack of
 * open <outline> elements gives each feed its folder path: every
 * non-empty outline pushes a frame, which names a folder when the outline
 * has no xmlUrl and has a text or title; the path is kept in one buffer
 * and each frame remembers the length to cut back to.  Attribute names
 * are matched ignoring case (xmlUrl, xmlurl and XMLURL are all seen in
 * the wild).  Before libxml2 sees the bytes, a document containing an
 * entity declaration is refused, in any of the ASCII-compatible or UTF-16
 * encodings (NUL bytes are skipped when looking).
 *
 * Writing: items are put in folder order by a stable sort that compares
 * paths segment by segment, then folder outlines are opened and closed
 * as the path changes from one item to the next.
 */
#include <libxml/xmlreader.h>
#include <stdlib.h>
#include <string.h>

#include "feed/opml.h"

#define VALUE_MAX 8192 /* longest attribute value kept */

/* ---- reading ------------------------------------------------------------ */

struct reader {
    struct feed_opml *o;
    size_t cap;
    struct hw_buf path;
    size_t frames[FEED_OPML_MAX_DEPTH + 1]; /* path length to restore */
    int depth;
    char errmsg[256];
};

/* 1 if s (NUL bytes skipped, ASCII case ignored) contains "<!ENTITY". */
static int declares_entities(const char *s, size_t n)
{
    static const char pat[] = "<!entity";
    size_t i, k = 0;

    for (i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\0')
            continue;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c == pat[k]) {
            if (++k == sizeof pat - 1)
                return 1;
        } else {
            k = c == pat[0];
        }
    }
    return 0;
}

static void on_error(void *ctx, xmlErrorPtr e)
{
    struct reader *r = ctx;

    if (!r->errmsg[0] && e && e->message) {
        size_t n = strlen(e->message);
        while (n && (e->message[n - 1] == '\n' || e->message[n - 1] == ' '))
            n--;
        if (n >= sizeof r->errmsg)
            n = sizeof r->errmsg - 1;
        memcpy(r->errmsg, e->message, n);
        r->errmsg[n] = '\0';
    }
}

static int name_is(const xmlChar *name, const char *want)
{
    const char *s = (const char *)name;

    for (; *s && *want; s++, want++) {
        char c = *s;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c != *want)
            return 0;
    }
    return *s == '\0' && *want == '\0';
}

/* A trimmed copy of v, or NULL if empty or too long. */
static char *value_copy(const xmlChar *v)
{
    struct hw_str s = hw_str_trim(hw_str_of((const char *)v));

    if (s.len == 0 || s.len > VALUE_MAX)
        return NULL;
    return hw_strndup(s.p, s.len);
}

static void add_item(struct reader *r, char *url, char *title, char *html)
{
    struct feed_opml *o = r->o;
    struct feed_opml_item *it;

    if (o->nitems >= FEED_OPML_MAX_ITEMS) {
        if (!o->bozo) {
            o->bozo = 1;
            o->bozo_message = hw_strdup("too many feeds; the rest ignored");
        }
        hw_free(url);
        hw_free(title);
        hw_free(html);
        return;
    }
    if (o->nitems == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 16;
        o->items = hw_realloc(o->items, r->cap * sizeof *o->items);
    }
    it = &o->items[o->nitems++];
    it->url = url;
    it->title = title;
    it->html_url = html;
    it->folder = r->path.len ? hw_strndup(r->path.p, r->path.len) : NULL;
}

/* An <outline> start tag.  Returns 0 or HW_EPARSE (too deep). */
static int outline(struct reader *r, xmlTextReaderPtr x)
{
    char *url = NULL, *text = NULL, *title = NULL, *html = NULL;
    int empty = xmlTextReaderIsEmptyElement(x) == 1;

    while (xmlTextReaderMoveToNextAttribute(x) == 1) {
        const xmlChar *n = xmlTextReaderConstName(x);
        const xmlChar *v = xmlTextReaderConstValue(x);
        char **dst = name_is(n, "xmlurl")    ? &url
                     : name_is(n, "text")    ? &text
                     : name_is(n, "title")   ? &title
                     : name_is(n, "htmlurl") ? &html
                                             : NULL;
        if (dst && !*dst && v)
            *dst = value_copy(v);
    }
    xmlTextReaderMoveToElement(x);
    if (url) {
        char *name;
        if (!title && text && strcmp(text, url) == 0) {
            hw_free(text); /* a writer's stand-in for "no title" */
            text = NULL;
        }
        name = title ? title : text;
        add_item(r, url, name, html);
        hw_free(name == title ? text : title);
        text = NULL;
    } else {
        hw_free(html);
        if (!text)
            text = title;
        else
            hw_free(title);
    }
    if (empty) {
        hw_free(text);
        return 0;
    }
    if (r->depth >= FEED_OPML_MAX_DEPTH) {
        hw_free(text);
        return HW_EPARSE;
    }
    r->frames[r->depth++] = r->path.len;
    if (text) {
        /* '/' separates folders: one inside a name becomes a space */
        struct hw_str name;
        char *p;
        for (p = text; *p; p++)
            if (*p == '/')
                *p = ' ';
        name = hw_str_trim(hw_str_of(text));
        if (name.len) {
            if (r->path.len)
                hw_buf_addc(&r->path, '/');
            hw_buf_add(&r->path, name.p, name.len);
        }
        hw_free(text);
    }
    return 0;
}

int feed_opml_parse(const char *data, size_t len, struct feed_opml **out,
                    struct hw_diag *d)
{
    struct reader r;
    xmlTextReaderPtr x;
    int rc, seen_root = 0, in_head = 0, err = 0;

    *out = NULL;
    if (len > FEED_OPML_MAX_INPUT)
        return hw_fail(d, HW_ETOOBIG, "opml", "-", "larger than %u MiB",
                       FEED_OPML_MAX_INPUT >> 20);
    if (declares_entities(data, len))
        return hw_fail(d, HW_EPARSE, "opml", "-",
                       "entity declarations are not allowed");
    x = xmlReaderForMemory(data, (int)len, NULL, NULL,
                           XML_PARSE_NONET | XML_PARSE_NOERROR |
                               XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
    if (!x)
        return hw_fail(d, HW_EPARSE, "opml", "-", "cannot read the input");
    memset(&r, 0, sizeof r);
    r.o = hw_calloc(1, sizeof *r.o);
    hw_buf_init(&r.path, 64 * 1024);
    xmlTextReaderSetStructuredErrorHandler(x, on_error, &r);
    while ((rc = xmlTextReaderRead(x)) == 1) {
        int type = xmlTextReaderNodeType(x);
        const xmlChar *name = xmlTextReaderConstLocalName(x);
        if (type == XML_READER_TYPE_ELEMENT) {
            if (!seen_root) {
                seen_root = 1;
                if (!name || !name_is(name, "opml")) {
                    err = hw_fail(d, HW_ENOTFEED, "opml", "-",
                                  "the root element is not <opml>");
                    break;
                }
            } else if (name_is(name, "outline")) {
                if ((err = outline(&r, x)) != 0) {
                    hw_fail(d, err, "opml", "-",
                            "folders nested more than %d deep",
                            FEED_OPML_MAX_DEPTH);
                    break;
                }
            } else if (name_is(name, "head")) {
                in_head = xmlTextReaderIsEmptyElement(x) != 1;
            } else if (in_head && name_is(name, "title") && !r.o->title) {
                xmlChar *t = xmlTextReaderReadString(x);
                if (t)
                    r.o->title = value_copy(t);
                xmlFree(t);
            }
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            if (name_is(name, "outline") && r.depth > 0)
                hw_buf_truncate(&r.path, r.frames[--r.depth]);
            else if (name_is(name, "head"))
                in_head = 0;
        }
    }
    xmlFreeTextReader(x);
    hw_buf_release(&r.path);
    if (!err && !seen_root)
        err = hw_fail(d, HW_ENOTFEED, "opml", "-", "not an OPML document%s%s",
                      r.errmsg[0] ? ": " : "", r.errmsg);
    if (!err && rc < 0) {
        if (r.o->nitems == 0)
            err = hw_fail(d, HW_EPARSE, "opml", "-", "%s",
                          r.errmsg[0] ? r.errmsg : "not well-formed");
        else if (!r.o->bozo) {
            r.o->bozo = 1;
            r.o->bozo_message =
                hw_strdup(r.errmsg[0] ? r.errmsg : "not well-formed");
        }
    }
    if (err) {
        feed_opml_free(r.o);
        return err;
    }
    *out = r.o;
    return 0;
}

void feed_opml_free(struct feed_opml *o)
{
    size_t i;

    if (!o)
        return;
    for (i = 0; i < o->nitems; i++) {
        hw_free(o->items[i].url);
        hw_free(o->items[i].title);
        hw_free(o->items[i].html_url);
        hw_free(o->items[i].folder);
    }
    hw_free(o->items);
    hw_free(o->title);
    hw_free(o->bozo_message);
    hw_free(o);
}

/* ---- writing ------------------------------------------------------------ */

/* Append s as XML attribute or text content. */
static void add_escaped(struct hw_buf *b, const char *s, size_t n)
{
    size_t i = 0;

    while (i < n) {
        uint32_t cp;
        int k = hw_utf8_decode(s + i, n - i, &cp);
        char enc[4];
        if (k == 0) {
            k = 1;
            cp = 0xfffd;
        }
        i += (size_t)k;
        switch (cp) {
        case '&': hw_buf_adds(b, "&amp;"); break;
        case '<': hw_buf_adds(b, "&lt;"); break;
        case '>': hw_buf_adds(b, "&gt;"); break;
        case '"': hw_buf_adds(b, "&quot;"); break;
        case '\t': hw_buf_adds(b, "&#9;"); break;
        case '\n': hw_buf_adds(b, "&#10;"); break;
        case '\r': hw_buf_adds(b, "&#13;"); break;
        default:
            if (cp < 0x20 || cp == 0xfffe || cp == 0xffff)
                break; /* not allowed in XML 1.0 */
            hw_buf_add(b, enc, (size_t)hw_utf8_encode(cp, enc));
        }
    }
}

/* Order of a byte in folder paths: the end first, then '/', then the
 * rest, so that a folder's subfolders sort right after it. */
static int rank(char c)
{
    return c == '\0' ? 0 : c == '/' ? 1 : (unsigned char)c + 2;
}

/* Compare folder paths segment by segment (NULL first). */
static int folder_cmp(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    for (; *a && *a == *b; a++, b++)
        ;
    return rank(*a) - rank(*b);
}

struct sorted {
    const char *folder;
    size_t i;
};

static int sorted_cmp(const void *x, const void *y)
{
    const struct sorted *a = x, *b = y;
    int c = folder_cmp(a->folder, b->folder);

    return c ? c : (a->i > b->i) - (a->i < b->i);
}

/* Length of the i-th segment start..end of path (0-based); -1 if none. */
static int segment(const char *path, int i, size_t *start, size_t *len)
{
    size_t s = 0, e;

    if (!path)
        return -1;
    while (i-- > 0) {
        while (path[s] && path[s] != '/')
            s++;
        if (!path[s])
            return -1;
        s++;
    }
    for (e = s; path[e] && path[e] != '/'; e++)
        ;
    *start = s;
    *len = e - s;
    return 0;
}

static int nsegments(const char *path)
{
    int n = 1;

    if (!path)
        return 0;
    for (; *path; path++)
        n += *path == '/';
    return n;
}

static void indent(struct hw_buf *b, int level)
{
    int i;

    for (i = 0; i < level + 2; i++)
        hw_buf_adds(b, "  ");
}

static void rfc822(hw_time t, struct hw_buf *b)
{
    static const char *const days[] = {"Thu", "Fri", "Sat", "Sun",
                                       "Mon", "Tue", "Wed"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr",
                                         "May", "Jun", "Jul", "Aug",
                                         "Sep", "Oct", "Nov", "Dec"};
    char iso[32];
    int64_t day = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    int mon;

    /* reuse the RFC 3339 form for the civil date: YYYY-MM-DDTHH:MM:SS */
    hw_time_rfc3339(t, iso);
    mon = (iso[5] - '0') * 10 + (iso[6] - '0');
    if (mon < 1 || mon > 12)
        return;
    hw_buf_printf(b, "%s, %.2s %s %.4s %.8s GMT",
                  days[((day % 7) + 7) % 7], iso + 8, months[mon - 1], iso,
                  iso + 11);
}

int feed_opml_write(const char *title, const struct feed_opml_item *items,
                    size_t n, hw_time now, struct hw_buf *out)
{
    struct sorted *order = hw_calloc(n ? n : 1, sizeof *order);
    const char *cur = NULL;
    int open = 0;
    size_t i;

    for (i = 0; i < n; i++) {
        order[i].folder = items[i].folder;
        order[i].i = i;
    }
    qsort(order, n, sizeof *order, sorted_cmp); /* stable by index */
    hw_buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<opml version=\"2.0\">\n  <head>\n    <title>");
    title = title ? title : "hashwire subscriptions";
    add_escaped(out, title, strlen(title));
    hw_buf_adds(out, "</title>\n");
    if (now != HW_TIME_NONE) {
        hw_buf_adds(out, "    <dateCreated>");
        rfc822(now, out);
        hw_buf_adds(out, "</dateCreated>\n");
    }
    hw_buf_adds(out, "  </head>\n  <body>\n");
    for (i = 0; i < n && !out->err; i++) {
        const struct feed_opml_item *it = &items[order[i].i];
        int want = nsegments(it->folder), common = 0, j;
        size_t s1 = 0, l1 = 0, s2 = 0, l2 = 0;
        /* the segments shared with the open path stay open */
        while (common < open && common < want &&
               segment(cur, common, &s1, &l1) == 0 &&
               segment(it->folder, common, &s2, &l2) == 0 && l1 == l2 &&
               memcmp(cur + s1, it->folder + s2, l1) == 0)
            common++;
        while (open > common) {
            indent(out, --open);
            hw_buf_adds(out, "</outline>\n");
        }
        for (j = open; j < want; j++) {
            segment(it->folder, j, &s2, &l2);
            indent(out, j);
            hw_buf_adds(out, "<outline text=\"");
            add_escaped(out, it->folder + s2, l2);
            hw_buf_adds(out, "\" title=\"");
            add_escaped(out, it->folder + s2, l2);
            hw_buf_adds(out, "\">\n");
        }
        open = want;
        cur = it->folder;
        indent(out, open);
        hw_buf_adds(out, "<outline type=\"rss\" text=\"");
        if (it->title)
            add_escaped(out, it->title, strlen(it->title));
        else
            add_escaped(out, it->url, strlen(it->url));
        if (it->title) {
            hw_buf_adds(out, "\" title=\"");
            add_escaped(out, it->title, strlen(it->title));
        }
        hw_buf_adds(out, "\" xmlUrl=\"");
        add_escaped(out, it->url, strlen(it->url));
        if (it->html_url) {
            hw_buf_adds(out, "\" htmlUrl=\"");
            add_escaped(out, it->html_url, strlen(it->html_url));
        }
        hw_buf_adds(out, "\"/>\n");
    }
    while (open > 0) {
        indent(out, --open);
        hw_buf_adds(out, "</outline>\n");
    }
    hw_buf_adds(out, "  </body>\n</opml>\n");
    hw_free(order);
    return out->err;
}
