/*
 * feed.c - the front of the feed room: feed_parse() checks the size,
 * decodes the bytes to UTF-8 (encoding.c), asks each syntax of the format
 * table whether the text is its own ({name, sniff, parse}: XML for RSS,
 * RDF and Atom, JSON for JSON Feed) and hands it over.  Also here: the
 * entry builder and the normalisers both parsers share, so that an RSS
 * item and a JSON Feed item come out alike, and contract A's JSON writer.
 */
#include "feed/feed_int.h"

#include <string.h>

static const struct feed_syntax syntaxes[] = {
    {"xml", feed_xml_sniff, feed_xml_parse},
    {"json", feed_json_sniff, feed_json_parse},
};

const char *feed_format_name(enum feed_format fmt)
{
    switch (fmt) {
    case FEED_RSS09X: return "rss0.9x";
    case FEED_RSS10: return "rss1.0";
    case FEED_RSS20: return "rss2.0";
    case FEED_ATOM03: return "atom0.3";
    case FEED_ATOM10: return "atom1.0";
    case FEED_JSONFEED: return "jsonfeed1.x";
    case FEED_UNKNOWN: break;
    }
    return "unknown";
}

/* A short human description of bytes that are not a feed. */
static const char *what_is_it(const char *p, size_t n)
{
    const unsigned char *u = (const unsigned char *)p;
    if (n == 0)
        return "empty input";
    if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
        return "a PNG image";
    if (n >= 3 && memcmp(p, "GIF", 3) == 0)
        return "a GIF image";
    if (n >= 3 && u[0] == 0xFF && u[1] == 0xD8 && u[2] == 0xFF)
        return "a JPEG image";
    if (n >= 2 && u[0] == 0x1F && u[1] == 0x8B)
        return "gzip-compressed data";
    if (n >= 4 && memcmp(p, "%PDF", 4) == 0)
        return "a PDF document";
    if (n >= 2 && (p[0] == '[' || p[0] == '"'))
        return "JSON that is not a JSON Feed";
    return "neither XML nor JSON";
}

int feed_parse(const char *data, size_t len, const struct feed_opts *opts,
               struct feed **out, struct hw_diag *diag)
{
    static const struct feed_opts noopts = {NULL, NULL};
    struct feed_text t;
    size_t i, skip = 0;
    int rc;

    *out = NULL;
    if (!opts)
        opts = &noopts;
    if (len > FEED_MAX_INPUT)
        return hw_fail(diag, HW_ETOOBIG, "parse", opts->url ? opts->url : "",
                       "input of %zu bytes is over the %u byte limit", len,
                       FEED_MAX_INPUT);
    if (!data)
        len = 0;
    if (len == 0)
        return hw_fail(diag, HW_ENOTFEED, "parse",
                       opts->url ? opts->url : "", "not a feed: empty input");
    rc = feed_text_decode(data, len, opts->charset, &t);
    if (rc < 0)
        return hw_fail(diag, rc, "parse", opts->url ? opts->url : "",
                       "cannot decode input: %s", hw_strerror(rc));
    while (skip < t.len && (t.p[skip] == ' ' || t.p[skip] == '\t' ||
                            t.p[skip] == '\r' || t.p[skip] == '\n'))
        skip++;
    for (i = 0; i < sizeof syntaxes / sizeof syntaxes[0]; i++) {
        if (!syntaxes[i].sniff(t.p + skip, t.len - skip))
            continue;
        rc = syntaxes[i].parse(&t, opts, out, diag);
        if (rc == 0 && t.bozo_note[0])
            feed_set_bozo(*out, t.bozo_note);
        feed_text_release(&t);
        return rc;
    }
    feed_text_release(&t);
    return hw_fail(diag, HW_ENOTFEED, "parse", opts->url ? opts->url : "",
                   "not a feed: %s", what_is_it(data, len));
}

static void entry_release(struct feed_entry *e)
{
    size_t i;
    hw_free(e->id);
    hw_free(e->title);
    hw_free(e->link);
    hw_free(e->author);
    hw_free(e->summary);
    hw_free(e->content);
    for (i = 0; i < e->ncategories; i++)
        hw_free(e->categories[i]);
    hw_free(e->categories);
    for (i = 0; i < e->nenclosures; i++) {
        hw_free(e->enclosures[i].url);
        hw_free(e->enclosures[i].type);
    }
    hw_free(e->enclosures);
}

void feed_free(struct feed *f)
{
    size_t i;
    if (!f)
        return;
    for (i = 0; i < f->nentries; i++)
        entry_release(&f->entries[i]);
    hw_free(f->entries);
    hw_free(f->title);
    hw_free(f->link);
    hw_free(f->subtitle);
    hw_free(f->language);
    hw_free(f->bozo_message);
    hw_free(f);
}

/* ---- JSON (contract A) --------------------------------------------- */

int feed_to_json(const struct feed *f, struct hw_buf *b)
{
    size_t i, j;
    hw_buf_adds(b, "{\"format\":");
    hw_json_str(b, feed_format_name(f->format));
    hw_buf_adds(b, ",\"title\":");
    hw_json_str_or_null(b, f->title);
    hw_buf_adds(b, ",\"link\":");
    hw_json_str_or_null(b, f->link);
    hw_buf_adds(b, ",\"subtitle\":");
    hw_json_str_or_null(b, f->subtitle);
    hw_buf_adds(b, ",\"language\":");
    hw_json_str_or_null(b, f->language);
    hw_buf_adds(b, ",\"updated\":");
    hw_json_time(b, f->updated);
    hw_buf_adds(b, f->bozo ? ",\"bozo\":true" : ",\"bozo\":false");
    hw_buf_adds(b, ",\"bozo_message\":");
    hw_json_str_or_null(b, f->bozo_message);
    hw_buf_adds(b, ",\"entries\":[");
    for (i = 0; i < f->nentries; i++) {
        const struct feed_entry *e = &f->entries[i];
        hw_buf_adds(b, i ? ",{\"id\":" : "{\"id\":");
        hw_json_str_or_null(b, e->id);
        hw_buf_adds(b, ",\"title\":");
        hw_json_str_or_null(b, e->title);
        hw_buf_adds(b, ",\"link\":");
        hw_json_str_or_null(b, e->link);
        hw_buf_adds(b, ",\"published\":");
        hw_json_time(b, e->published);
        hw_buf_adds(b, ",\"updated\":");
        hw_json_time(b, e->updated);
        hw_buf_adds(b, ",\"author\":");
        hw_json_str_or_null(b, e->author);
        hw_buf_adds(b, ",\"summary\":");
        hw_json_str_or_null(b, e->summary);
        hw_buf_adds(b, ",\"content\":");
        hw_json_str_or_null(b, e->content);
        hw_buf_adds(b, ",\"categories\":[");
        for (j = 0; j < e->ncategories; j++) {
            if (j)
                hw_buf_addc(b, ',');
            hw_json_str(b, e->categories[j]);
        }
        hw_buf_adds(b, "],\"enclosures\":[");
        for (j = 0; j < e->nenclosures; j++) {
            const struct feed_enclosure *x = &e->enclosures[j];
            hw_buf_adds(b, j ? ",{\"url\":" : "{\"url\":");
            hw_json_str_or_null(b, x->url);
            hw_buf_adds(b, ",\"type\":");
            hw_json_str_or_null(b, x->type);
            if (x->length >= 0)
                hw_buf_printf(b, ",\"length\":%lld}", (long long)x->length);
            else
                hw_buf_adds(b, ",\"length\":null}");
        }
        hw_buf_adds(b, "]}");
    }
    hw_buf_adds(b, "]}");
    return b->err;
}

/* ---- building -------------------------------------------------------- */

struct feed *feed_new(enum feed_format fmt)
{
    struct feed *f = hw_calloc(1, sizeof *f);
    f->format = fmt;
    f->updated = HW_TIME_NONE;
    return f;
}

struct feed_entry *feed_entry_add(struct feed *f)
{
    struct feed_entry *e;
    if (f->nentries >= FEED_MAX_ENTRIES)
        return NULL;
    /* Grow by powers of two: the capacity is implied by nentries. */
    if ((f->nentries & (f->nentries - 1)) == 0) {
        size_t cap = f->nentries ? 2 * f->nentries : 1;
        f->entries = hw_realloc(f->entries, cap * sizeof *f->entries);
    }
    e = &f->entries[f->nentries++];
    memset(e, 0, sizeof *e);
    e->published = HW_TIME_NONE;
    e->updated = HW_TIME_NONE;
    return e;
}

void feed_entry_add_category(struct feed_entry *e, const char *s, size_t n)
{
    size_t i;
    char *c;
    if (e->ncategories >= FEED_MAX_CATEGORIES)
        return;
    c = feed_norm_plain(s, n);
    if (!c)
        return;
    for (i = 0; i < e->ncategories; i++) {
        if (strcmp(e->categories[i], c) == 0) {
            hw_free(c);
            return;
        }
    }
    if ((e->ncategories & (e->ncategories - 1)) == 0) {
        size_t cap = e->ncategories ? 2 * e->ncategories : 1;
        e->categories = hw_realloc(e->categories, cap * sizeof(char *));
    }
    e->categories[e->ncategories++] = c;
}

void feed_entry_add_enclosure(struct feed_entry *e, const char *url,
                              const char *type, int64_t length)
{
    size_t i;
    struct feed_enclosure *x;
    if (!url || !*url || e->nenclosures >= FEED_MAX_ENCLOSURES)
        return;
    for (i = 0; i < e->nenclosures; i++) {
        x = &e->enclosures[i];
        if (strcmp(x->url, url) == 0) {
            /* the same file seen twice (enclosure and media:content):
             * fill in what the first one lacked */
            if (!x->type && type && *type)
                x->type = hw_strdup(type);
            if (x->length < 0)
                x->length = length;
            return;
        }
    }
    if ((e->nenclosures & (e->nenclosures - 1)) == 0) {
        size_t cap = e->nenclosures ? 2 * e->nenclosures : 1;
        e->enclosures = hw_realloc(e->enclosures, cap * sizeof *x);
    }
    x = &e->enclosures[e->nenclosures++];
    x->url = hw_strdup(url);
    x->type = (type && *type) ? hw_strdup(type) : NULL;
    x->length = length;
}

void feed_set_bozo(struct feed *f, const char *msg)
{
    f->bozo = 1;
    if (!f->bozo_message && msg && *msg)
        f->bozo_message = hw_strdup(msg);
}

/* ---- normalisers ----------------------------------------------------- */

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Detach b as a string, or NULL when it is empty or failed. */
static char *detach_or_null(struct hw_buf *b)
{
    if (b->err || b->len == 0) {
        hw_buf_release(b);
        return NULL;
    }
    return hw_buf_detach(b, NULL);
}

/*
 * Append s with runs of white space (including U+00A0 no-break space
 * left over as plain text) collapsed to one space, trimmed both ends.
 */
static void add_collapsed(struct hw_buf *b, const char *s, size_t n)
{
    size_t i = 0;
    int pend = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (is_space(c)) {
            pend = 1;
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < n && !is_space((unsigned char)s[j]))
            j++;
        if (pend && b->len > 0)
            hw_buf_addc(b, ' ');
        pend = 0;
        hw_buf_add(b, s + i, j - i);
        i = j;
    }
}

char *feed_norm_text(const char *s, size_t n)
{
    struct hw_buf b;
    hw_buf_init(&b, FEED_MAX_FIELD);
    add_collapsed(&b, s, n);
    return detach_or_null(&b);
}

char *feed_norm_plain(const char *s, size_t n)
{
    struct hw_buf b, t;
    if (!memchr(s, '<', n) && !memchr(s, '&', n))
        return feed_norm_text(s, n);
    hw_buf_init(&t, FEED_MAX_FIELD);
    if (feed_html_text(s, n, &t) < 0) {
        hw_buf_release(&t);
        return feed_norm_text(s, n);
    }
    /* feed_html_text keeps paragraph breaks; a title is one line. */
    hw_buf_init(&b, FEED_MAX_FIELD);
    add_collapsed(&b, t.p, t.len);
    hw_buf_release(&t);
    return detach_or_null(&b);
}

static int blank(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (!is_space((unsigned char)s[i]))
            return 0;
    return 1;
}

char *feed_norm_html(const char *s, size_t n, const char *base)
{
    struct hw_buf b;
    struct hw_str v = hw_str_trim((struct hw_str){s, n});
    if (blank(v.p, v.len))
        return NULL;
    hw_buf_init(&b, FEED_MAX_FIELD);
    /* the sanitiser has its own fast path for text without markup, and
     * it also drops control characters and escapes '>' there */
    if (feed_html_sanitize(v.p, v.len, base, &b) < 0) {
        /* Could not sanitise: fall back to the text, escaped. */
        hw_buf_release(&b);
        char *t = feed_norm_plain(v.p, v.len);
        char *h = t ? feed_norm_text_html(t, strlen(t)) : NULL;
        hw_free(t);
        return h;
    }
    return detach_or_null(&b);
}

char *feed_norm_text_html(const char *s, size_t n)
{
    struct hw_buf b;
    struct hw_str v = hw_str_trim((struct hw_str){s, n});
    size_t i, from = 0;
    if (blank(v.p, v.len))
        return NULL;
    hw_buf_init(&b, FEED_MAX_FIELD * 2);
    for (i = 0; i < v.len; i++) {
        const char *rep;
        switch (v.p[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        default: continue;
        }
        hw_buf_add(&b, v.p + from, i - from);
        hw_buf_adds(&b, rep);
        from = i + 1;
    }
    hw_buf_add(&b, v.p + from, v.len - from);
    return detach_or_null(&b);
}

char *feed_norm_url(const char *base, const char *s, size_t n)
{
    struct hw_buf b, r;
    struct hw_str v = hw_str_trim((struct hw_str){s, n});
    if (v.len == 0 || v.len > 64 * 1024)
        return NULL;
    hw_buf_init(&r, 64 * 1024 + 1);
    hw_buf_add(&r, v.p, v.len);
    hw_buf_init(&b, 128 * 1024);
    feed_url_resolve(base, r.p, &b);
    hw_buf_release(&r);
    return detach_or_null(&b);
}

hw_time feed_norm_date(const char *s, size_t n)
{
    struct hw_str v = hw_str_trim((struct hw_str){s, n});
    hw_time t;
    if (v.len == 0 || v.len > 256)
        return HW_TIME_NONE;
    if (feed_date_parse(v.p, v.len, &t) < 0)
        return HW_TIME_NONE;
    return t;
}

char *feed_norm_author(const char *s, size_t n)
{
    struct hw_str v = hw_str_trim((struct hw_str){s, n});
    const char *at = memchr(v.p, '@', v.len);
    /* "joe@example.com (Joe Bloggs)" -> "Joe Bloggs" */
    if (at && v.len > 2 && v.p[v.len - 1] == ')') {
        const char *open = memchr(v.p, '(', v.len);
        if (open && open > at) {
            char *name = feed_norm_plain(open + 1,
                                         (size_t)(v.p + v.len - 1 - open - 1));
            if (name)
                return name;
        }
    }
    return feed_norm_plain(v.p, v.len);
}

int64_t feed_norm_length(const char *s, size_t n)
{
    struct hw_str v = hw_str_trim((struct hw_str){s, n});
    int64_t x = 0;
    size_t i;
    if (v.len == 0 || v.len > 18)
        return -1;
    for (i = 0; i < v.len; i++) {
        if (v.p[i] < '0' || v.p[i] > '9')
            return -1;
        x = x * 10 + (v.p[i] - '0');
    }
    return x;
}
