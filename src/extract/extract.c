/*
 * extract.c - article page extraction on gumbo's HTML5 parser.
 *
 * The bytes are first made UTF-8 the way a browser decides the encoding
 * (byte-order mark, HTTP charset, <meta> prescan, else UTF-8 or
 * windows-1252; iconv for the rest), then what can never be text (script
 * and style content, comments, unread attributes) is cut out before gumbo
 * parses the page.
 *
 * One pass over the tree collects the metadata into slots, each filled by
 * the most trusted source that has it (a lower rank wins): JSON-LD article
 * objects, OpenGraph/article:*, Twitter cards, Dublin Core and common meta
 * names, <link rel=canonical>, <html lang>, <time datetime>, <title>.
 *
 * The main text follows Mozilla's Readability (Readability.js, after
 * Arc90's readability of 2009) closely, since its results are the ones
 * readers know: paragraphs of 25 characters or more score 1 + their
 * commas + a point per 100 characters (at most 3), for five ancestors (in
 * full, half, then a third of the level); an ancestor starts from its tag
 * and class/id hints and is scaled by 1 - link density; the best of the
 * top five may give way to a shared ancestor or a better parent; its
 * siblings join when they score well, share its class or are prose; the
 * result is cleaned (asides, share tools, "fishy" blocks by their counts
 * of paragraphs, images, list items, links); a short result is tried
 * again with fewer rules.  On top of Readability: a page's own
 * articleBody (itemprop, or its one <article>) is preferred to a part of
 * it; page furniture named in class/id (newsletter, paywall, related,
 * bylines, ...) and boilerplate lines (credits, prompts, copyright) are
 * dropped; a second copy of the article (for small screens) is dropped;
 * the JSON-LD articleBody replaces a text that misses most of it; and a
 * result that is mostly links is no article.
 *
 * Linear time: the tree is copied into an array in document order, and
 * every pass is a loop over it (or over part of it) with a fixed amount
 * of work per node; no walk recurses without a depth cap.
 */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>

#include <gumbo.h>
#include <jansson.h>

#include "extract/extract.h"
#include "feed/feed.h"

#define TEXT_MAX (8u * 1024 * 1024)   /* cap on the extracted text */
#define HTML_MAX (16u * 1024 * 1024)  /* cap on the article HTML */
#define META_MAX 4096                 /* cap on one metadata value */
#define DEPTH_MAX 256                 /* recursion cap inside a block */
#define JSONLD_DEPTH 8                /* nesting of @graph and arrays */
#define MIN_PARA 25                   /* shorter blocks do not score */
#define MIN_ARTICLE 250               /* less text: maybe no article */
#define MIN_PROSE 80                  /* a sentence, at least */

/* ---- metadata slots ---------------------------------------------------- */

/* Sources in order of trust; a lower rank replaces a higher one. */
enum rank {
    R_JSONLD = 1,
    R_OG,
    R_TWITTER,
    R_META,
    R_LINK,
    R_DOC,
    R_NONE = 100,
};

enum slot {
    S_CANON, S_TITLE, S_BYLINE, S_SITE, S_LANG, S_IMAGE, S_SECTION,
    S_PUB, S_MOD, S_NSLOTS,
};

struct meta {
    char *v[S_NSLOTS];
    int rank[S_NSLOTS];
};

static void meta_set(struct meta *m, enum slot s, const char *v, size_t n,
                     int rank)
{
    struct hw_str t;
    struct hw_buf b;

    if (!v || rank >= m->rank[s])
        return;
    t = hw_str_trim((struct hw_str){v, n});
    if (t.len == 0 || t.len > META_MAX)
        return;
    hw_buf_init(&b, META_MAX * 4);
    /* collapse white space runs to one space */
    for (size_t i = 0; i < t.len; i++) {
        char c = t.p[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            if (b.len && b.p[b.len - 1] != ' ')
                hw_buf_addc(&b, ' ');
        } else {
            hw_buf_addc(&b, c);
        }
    }
    if (b.err) {
        hw_buf_release(&b);
        return;
    }
    hw_free(m->v[s]);
    m->v[s] = hw_buf_detach(&b, NULL);
    m->rank[s] = rank;
}

static void meta_sets(struct meta *m, enum slot s, const char *v, int rank)
{
    if (v)
        meta_set(m, s, v, strlen(v), rank);
}

/* ---- small string helpers ---------------------------------------------- */

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Case-insensitive: does s contain needle? */
static int ci_has(const char *s, const char *needle)
{
    size_t n = strlen(needle);

    for (; *s; s++) {
        size_t i = 0;
        while (i < n && s[i] && lower((unsigned char)s[i]) == needle[i])
            i++;
        if (i == n)
            return 1;
    }
    return 0;
}

static int ci_eq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (lower((unsigned char)*a) != lower((unsigned char)*b))
            return 0;
    return *a == *b;
}

static int ci_prefix(const char *s, size_t n, const char *p)
{
    size_t i;

    for (i = 0; p[i]; i++)
        if (i >= n || lower((unsigned char)s[i]) != p[i])
            return 0;
    return 1;
}

/* ---- tree helpers ------------------------------------------------------ */

static const char *attr(const GumboNode *n, const char *name)
{
    const GumboAttribute *a;

    if (n->type != GUMBO_NODE_ELEMENT)
        return NULL;
    a = gumbo_get_attribute(&n->v.element.attributes, name);
    return a ? a->value : NULL;
}

static const GumboVector *kids(const GumboNode *n)
{
    if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE)
        return &n->v.element.children;
    if (n->type == GUMBO_NODE_DOCUMENT)
        return &n->v.document.children;
    return NULL;
}

static int is_text(const GumboNode *n)
{
    return n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
           n->type == GUMBO_NODE_CDATA;
}

/* Elements whose content is never article text. */
static int is_junk_tag(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE: case GUMBO_TAG_FORM:
    case GUMBO_TAG_BUTTON: case GUMBO_TAG_IFRAME: case GUMBO_TAG_SVG:
    case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_INPUT:
    case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED: case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_MATH: case GUMBO_TAG_CANVAS: case GUMBO_TAG_HEAD:
    case GUMBO_TAG_TITLE: case GUMBO_TAG_FOOTER: case GUMBO_TAG_MENU:
        return 1;
    default:
        return 0;
    }
}

/* ---- text of a subtree ------------------------------------------------- */

struct tstats {
    size_t chars, link_chars, commas;
};

/*
 * Append the text of n to b (white space collapsed) and count it in st.
 * Junk elements are skipped; <br> is a space.  Depth-capped.
 */
static void text_of(const GumboNode *n, struct hw_buf *b, struct tstats *st,
                    int in_link, int depth)
{
    const GumboVector *k;

    if (depth > DEPTH_MAX)
        return;
    if (is_text(n)) {
        const char *s = n->v.text.text;
        for (; *s; s++) {
            unsigned char c = (unsigned char)*s;
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
                c == '\f') {
                if (b && b->len && b->p[b->len - 1] != ' ')
                    hw_buf_addc(b, ' ');
                continue;
            }
            if (b)
                hw_buf_addc(b, (char)c);
            if ((c & 0xC0) != 0x80) {
                st->chars++;
                if (in_link)
                    st->link_chars++;
            }
            if (c == ',')
                st->commas++;
        }
        return;
    }
    if (n->type != GUMBO_NODE_ELEMENT)
        return;
    if (is_junk_tag(n->v.element.tag))
        return;
    if (n->v.element.tag == GUMBO_TAG_BR) {
        if (b && b->len && b->p[b->len - 1] != ' ')
            hw_buf_addc(b, ' ');
        return;
    }
    if (n->v.element.tag == GUMBO_TAG_A)
        in_link = 1;
    k = kids(n);
    for (unsigned i = 0; i < k->length; i++)
        text_of(k->data[i], b, st, in_link, depth + 1);
}

/* ---- a growable stack of nodes for iterative walks ---------------------- */

struct nstack {
    const GumboNode **v;
    int *depth;
    size_t n, cap;
};

static void ns_push(struct nstack *s, const GumboNode *n, int depth)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->v = hw_realloc(s->v, s->cap * sizeof *s->v);
        s->depth = hw_realloc(s->depth, s->cap * sizeof *s->depth);
    }
    s->v[s->n] = n;
    s->depth[s->n++] = depth;
}

/* Push the children of n in reverse, so they pop in document order. */
static void ns_push_kids(struct nstack *s, const GumboNode *n, int depth)
{
    const GumboVector *k = kids(n);

    if (!k)
        return;
    for (unsigned i = k->length; i-- > 0;)
        ns_push(s, k->data[i], depth);
}

static void ns_free(struct nstack *s)
{
    hw_free(s->v);
    hw_free(s->depth);
}

/* ---- JSON-LD ----------------------------------------------------------- */

static int jsonld_is_article(json_t *type)
{
    static const char *const types[] = {
        "NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting",
        "AnalysisNewsArticle", "OpinionNewsArticle", "ReviewNewsArticle",
        "BackgroundNewsArticle", "LiveBlogPosting", "Report",
        "ScholarlyArticle", "TechArticle", NULL,
    };
    if (json_is_array(type)) {
        size_t i;
        json_t *t;
        json_array_foreach(type, i, t)
            if (jsonld_is_article(t))
                return 1;
        return 0;
    }
    if (!json_is_string(type))
        return 0;
    for (int i = 0; types[i]; i++) {
        const char *s = json_string_value(type);
        /* "http://schema.org/NewsArticle" counts too */
        const char *slash = strrchr(s, '/');
        if (strcmp(slash ? slash + 1 : s, types[i]) == 0)
            return 1;
    }
    return 0;
}

/* A string, or the "name"/"url"/"@id" of an object, or the first of an
 * array. */
static const char *jsonld_str(json_t *v, const char *key)
{
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_array(v) && json_array_size(v) > 0)
        return jsonld_str(json_array_get(v, 0), key);
    if (json_is_object(v)) {
        json_t *s = json_object_get(v, key);
        if (json_is_string(s))
            return json_string_value(s);
    }
    return NULL;
}

static void jsonld_authors(struct meta *m, json_t *a)
{
    struct hw_buf b;

    hw_buf_init(&b, META_MAX);
    if (json_is_array(a)) {
        size_t i;
        json_t *x;
        json_array_foreach(a, i, x) {
            const char *s = jsonld_str(x, "name");
            if (!s || !*s)
                continue;
            if (b.len)
                hw_buf_adds(&b, ", ");
            hw_buf_adds(&b, s);
        }
    } else {
        const char *s = jsonld_str(a, "name");
        if (s)
            hw_buf_adds(&b, s);
    }
    if (!b.err)
        meta_set(m, S_BYLINE, b.p, b.len, R_JSONLD);
    hw_buf_release(&b);
}

static void jsonld_date(struct meta *m, enum slot s, json_t *v, hw_time *t)
{
    const char *str = jsonld_str(v, "@value");
    hw_time x;

    if (!str || m->rank[s] <= R_JSONLD)
        return;
    if (feed_date_parse(str, strlen(str), &x) == 0) {
        *t = x;
        m->rank[s] = R_JSONLD;
    }
}

struct ctx {
    struct meta m;
    hw_time pub, mod;
    char *title_tag; /* <title> */
    char *h1;        /* the first <h1> */
    int is_content;  /* the page says it is an article or a video */
    char *body;      /* JSON-LD articleBody, as given */
};

static void jsonld_walk(struct ctx *c, json_t *v, int depth)
{
    json_t *g;

    if (depth > JSONLD_DEPTH)
        return;
    if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x)
            jsonld_walk(c, x, depth + 1);
        return;
    }
    if (!json_is_object(v))
        return;
    if ((g = json_object_get(v, "@graph")) != NULL)
        jsonld_walk(c, g, depth + 1);
    if (!jsonld_is_article(json_object_get(v, "@type")))
        return;
    c->is_content = 1;
    {
        json_t *b = json_object_get(v, "articleBody");
        if (!c->body && json_is_string(b) &&
            json_string_length(b) < TEXT_MAX)
            c->body = hw_strndup(json_string_value(b),
                                 json_string_length(b));
    }
    meta_sets(&c->m, S_TITLE, jsonld_str(json_object_get(v, "headline"),
                                         "@value"), R_JSONLD);
    meta_sets(&c->m, S_TITLE, jsonld_str(json_object_get(v, "name"),
                                         "@value"), R_JSONLD);
    if (json_object_get(v, "author"))
        jsonld_authors(&c->m, json_object_get(v, "author"));
    jsonld_date(&c->m, S_PUB, json_object_get(v, "datePublished"), &c->pub);
    jsonld_date(&c->m, S_MOD, json_object_get(v, "dateModified"), &c->mod);
    meta_sets(&c->m, S_SECTION,
              jsonld_str(json_object_get(v, "articleSection"), "name"),
              R_JSONLD);
    meta_sets(&c->m, S_SITE,
              jsonld_str(json_object_get(v, "publisher"), "name"), R_JSONLD);
    meta_sets(&c->m, S_IMAGE, jsonld_str(json_object_get(v, "image"), "url"),
              R_JSONLD);
    meta_sets(&c->m, S_LANG,
              jsonld_str(json_object_get(v, "inLanguage"), "name"),
              R_JSONLD);
    /* The page's own <link rel=canonical> is trusted over JSON-LD's url. */
    meta_sets(&c->m, S_CANON, jsonld_str(json_object_get(v, "url"), "@id"),
              R_LINK + 1);
    meta_sets(&c->m, S_CANON,
              jsonld_str(json_object_get(v, "mainEntityOfPage"), "@id"),
              R_LINK + 1);
}

static void jsonld_parse(struct ctx *c, const GumboNode *script)
{
    const GumboVector *k = kids(script);
    json_error_t err;
    json_t *root;

    if (!k || k->length == 0 || !is_text(k->data[0]))
        return;
    {
        const char *s = ((const GumboNode *)k->data[0])->v.text.text;
        root = json_loadb(s, strlen(s), JSON_DECODE_ANY, &err);
    }
    if (!root)
        return;
    jsonld_walk(c, root, 0);
    json_decref(root);
}

/* ---- meta tags --------------------------------------------------------- */

static int is_url(const char *s)
{
    return ci_prefix(s, strlen(s), "http:") ||
           ci_prefix(s, strlen(s), "https:") || s[0] == '/';
}

static void meta_date(struct ctx *c, enum slot s, const char *v, int rank)
{
    hw_time t;

    if (!v || rank >= c->m.rank[s])
        return;
    if (feed_date_parse(v, strlen(v), &t) != 0)
        return;
    if (s == S_PUB)
        c->pub = t;
    else
        c->mod = t;
    c->m.rank[s] = rank;
}

static void meta_tag(struct ctx *c, const GumboNode *n)
{
    const char *key = attr(n, "property"), *v = attr(n, "content");
    struct meta *m = &c->m;
    static const struct {
        const char *key;
        enum slot s;
        int rank;
    } map[] = {
        {"og:title", S_TITLE, R_OG},
        {"og:site_name", S_SITE, R_OG},
        {"og:image", S_IMAGE, R_OG},
        {"og:image:url", S_IMAGE, R_OG},
        {"og:image:secure_url", S_IMAGE, R_OG},
        {"og:url", S_CANON, R_LINK + 2},
        {"article:section", S_SECTION, R_OG},
        {"article:published_time", S_PUB, R_OG},
        {"article:modified_time", S_MOD, R_OG},
        {"og:updated_time", S_MOD, R_OG + 1},
        {"twitter:title", S_TITLE, R_TWITTER},
        {"twitter:image", S_IMAGE, R_TWITTER},
        {"twitter:image:src", S_IMAGE, R_TWITTER},
        {"author", S_BYLINE, R_META},
        {"byl", S_BYLINE, R_META},
        {"byline", S_BYLINE, R_META},
        {"dc.creator", S_BYLINE, R_META},
        {"dcterms.creator", S_BYLINE, R_META},
        {"sailthru.author", S_BYLINE, R_META},
        {"parsely-author", S_BYLINE, R_META},
        {"dc.title", S_TITLE, R_META},
        {"dcterms.title", S_TITLE, R_META},
        {"title", S_TITLE, R_META},
        {"headline", S_TITLE, R_META},
        {"parsely-title", S_TITLE, R_META},
        {"application-name", S_SITE, R_META},
        {"section", S_SECTION, R_META},
        {"parsely-section", S_SECTION, R_META},
        {"dc.date", S_PUB, R_META},
        {"dcterms.created", S_PUB, R_META},
        {"dc.date.issued", S_PUB, R_META},
        {"date", S_PUB, R_META},
        {"pubdate", S_PUB, R_META},
        {"publishdate", S_PUB, R_META},
        {"publish-date", S_PUB, R_META},
        {"datepublished", S_PUB, R_META},
        {"sailthru.date", S_PUB, R_META},
        {"parsely-pub-date", S_PUB, R_META},
        {"article.published", S_PUB, R_META},
        {"dcterms.modified", S_MOD, R_META},
        {"lastmod", S_MOD, R_META},
        {"datemodified", S_MOD, R_META},
        {"dc.language", S_LANG, R_META},
        {"language", S_LANG, R_META},
    };

    if (!v)
        return;
    if ((key = attr(n, "property")) != NULL &&
        ((ci_eq(key, "og:type") && (ci_prefix(v, strlen(v), "article") ||
                                    ci_prefix(v, strlen(v), "video"))) ||
         ci_eq(key, "article:published_time")))
        c->is_content = 1;
    for (int pass = 0; pass < 3; pass++) {
        key = pass == 0 ? attr(n, "property")
              : pass == 1 ? attr(n, "name") : attr(n, "itemprop");
        if (!key)
            continue;
        if (ci_eq(key, "article:author") && !is_url(v)) {
            meta_sets(m, S_BYLINE, v, R_OG);
            continue;
        }
        if (pass == 1 && ci_eq(key, "description"))
            continue;
        for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
            if (!ci_eq(key, map[i].key))
                continue;
            if (map[i].s == S_PUB || map[i].s == S_MOD)
                meta_date(c, map[i].s, v, map[i].rank);
            else if (map[i].s != S_BYLINE || !is_url(v))
                meta_sets(m, map[i].s, v, map[i].rank);
        }
    }
    {
        const char *he = attr(n, "http-equiv");
        if (he && ci_eq(he, "content-language"))
            meta_sets(m, S_LANG, v, R_META);
    }
}

/* The text of n's children (n itself may be a <title>). */
static char *text_dup(const GumboNode *n)
{
    struct hw_buf b;
    struct tstats st = {0, 0, 0};

    const GumboVector *k = kids(n);

    hw_buf_init(&b, META_MAX);
    for (unsigned i = 0; k && i < k->length; i++)
        text_of(k->data[i], &b, &st, 0, 0);
    if (b.err || b.len == 0) {
        hw_buf_release(&b);
        return NULL;
    }
    while (b.len && b.p[b.len - 1] == ' ')
        hw_buf_truncate(&b, b.len - 1);
    return hw_buf_detach(&b, NULL);
}

/* One iterative pass over the whole tree for metadata. */
static void collect_meta(struct ctx *c, const GumboNode *root)
{
    struct nstack s = {NULL, NULL, 0, 0};

    ns_push(&s, root, 0);
    while (s.n) {
        const GumboNode *n = s.v[--s.n];
        GumboTag t;
        const char *v;

        if (n->type != GUMBO_NODE_ELEMENT) {
            if (n->type == GUMBO_NODE_DOCUMENT)
                ns_push_kids(&s, n, 0);
            continue;
        }
        t = n->v.element.tag;
        switch (t) {
        case GUMBO_TAG_HTML:
            meta_sets(&c->m, S_LANG, attr(n, "lang"), R_DOC);
            meta_sets(&c->m, S_LANG, attr(n, "xml:lang"), R_DOC);
            break;
        case GUMBO_TAG_META:
            meta_tag(c, n);
            break;
        case GUMBO_TAG_LINK:
            if ((v = attr(n, "rel")) && ci_eq(v, "canonical"))
                meta_sets(&c->m, S_CANON, attr(n, "href"), R_LINK);
            break;
        case GUMBO_TAG_TITLE:
            if (!c->title_tag)
                c->title_tag = text_dup(n);
            continue;
        case GUMBO_TAG_H1:
            if (!c->h1)
                c->h1 = text_dup(n);
            break;
        case GUMBO_TAG_TIME:
            if ((v = attr(n, "datetime")) != NULL)
                meta_date(c, S_PUB, v, R_DOC);
            break;
        case GUMBO_TAG_SCRIPT:
            if ((v = attr(n, "type")) && ci_eq(v, "application/ld+json"))
                jsonld_parse(c, n);
            continue;
        case GUMBO_TAG_STYLE:
            continue;
        default:
            break;
        }
        ns_push_kids(&s, n, 0);
    }
    ns_free(&s);
}

/* ---- character encoding ------------------------------------------------ */

/*
 * The encoding of the page, decided as a browser does (WHATWG HTML,
 * "determining the character encoding"; WHATWG Encoding for the labels):
 *   1. a byte-order mark (UTF-8, UTF-16LE, UTF-16BE);
 *   2. the charset parameter of the HTTP Content-Type;
 *   3. the prescan of the first 1024 bytes for <meta charset> and
 *      <meta http-equiv=Content-Type content="...; charset=...">, where a
 *      UTF-16 label means UTF-8 and x-user-defined windows-1252;
 *   4. UTF-8 when the bytes are valid UTF-8;
 *   5. a <meta> further down (a browser's parser changes the encoding when
 *      it meets one), else windows-1252.
 * A label that is not in the WHATWG list is ignored and the next step
 * decides.  One departure, the same as src/feed/encoding.c: a declared
 * ASCII-compatible legacy charset is not believed on bytes that are valid
 * UTF-8 (re-saved pages and server defaults mislabel UTF-8 often; legacy
 * text that happens to be valid UTF-8 is rare).  The bytes are converted
 * with iconv(3); what cannot be converted becomes U+FFFD, and the result
 * is checked again, so gumbo always sees valid UTF-8.
 */

/* WHATWG encodings: the iconv name, then the labels, space-separated. */
static const struct {
    const char *iconv, *labels;
} encodings[] = {
#define ENC_UTF8 0
    {"UTF-8", "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 "
              "x-unicode20utf8"},
#define ENC_UTF16LE 1
    {"UTF-16LE", "csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff "
                 "utf-16 utf-16le"},
#define ENC_UTF16BE 2
    {"UTF-16BE", "unicodefffe utf-16be"},
#define ENC_1252 3
    {"CP1252", "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 "
               "iso-8859-1 iso-ir-100 iso8859-1 iso88591 iso_8859-1 "
               "iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252"},
#define ENC_REPLACEMENT 4
    {"", "csiso2022kr hz-gb-2312 iso-2022-cn iso-2022-cn-ext iso-2022-kr "
         "replacement"},
#define ENC_USERDEF 5
    {"", "x-user-defined"},
#define ENC_2022JP 6
    {"ISO-2022-JP", "csiso2022jp iso-2022-jp"},
    {"IBM866", "866 cp866 csibm866 ibm866"},
    {"ISO-8859-2", "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 "
                   "iso_8859-2 iso_8859-2:1987 l2 latin2"},
    {"ISO-8859-3", "csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 "
                   "iso_8859-3 iso_8859-3:1988 l3 latin3"},
    {"ISO-8859-4", "csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 "
                   "iso_8859-4 iso_8859-4:1988 l4 latin4"},
    {"ISO-8859-5", "csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 "
                   "iso8859-5 iso88595 iso_8859-5 iso_8859-5:1988"},
    {"ISO-8859-6", "arabic asmo-708 csiso88596e csiso88596i "
                   "csisolatinarabic ecma-114 iso-8859-6 iso-8859-6-e "
                   "iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 "
                   "iso_8859-6:1987"},
    {"ISO-8859-7", "csisolatingreek ecma-118 elot_928 greek greek8 "
                   "iso-8859-7 iso-ir-126 iso8859-7 iso88597 iso_8859-7 "
                   "iso_8859-7:1987 sun_eu_greek"},
    {"ISO-8859-8", "csiso88598e csisolatinhebrew hebrew iso-8859-8 "
                   "iso-8859-8-e iso-ir-138 iso8859-8 iso88598 iso_8859-8 "
                   "iso_8859-8:1988 visual csiso88598i iso-8859-8-i "
                   "logical"},
    {"ISO-8859-10", "csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 "
                    "iso885910 l6 latin6"},
    {"ISO-8859-13", "iso-8859-13 iso8859-13 iso885913"},
    {"ISO-8859-14", "iso-8859-14 iso8859-14 iso885914"},
    {"ISO-8859-15", "csisolatin9 iso-8859-15 iso8859-15 iso885915 "
                    "iso_8859-15 l9"},
    {"ISO-8859-16", "iso-8859-16"},
    {"KOI8-R", "cskoi8r koi koi8 koi8-r koi8_r"},
    {"KOI8-U", "koi8-ru koi8-u"},
    {"MACINTOSH", "csmacintosh mac macintosh x-mac-roman"},
    {"CP874", "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 "
              "windows-874"},
    {"CP1250", "cp1250 windows-1250 x-cp1250"},
    {"CP1251", "cp1251 windows-1251 x-cp1251"},
    {"CP1253", "cp1253 windows-1253 x-cp1253"},
    {"CP1254", "cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 "
               "iso88599 iso_8859-9 iso_8859-9:1989 l5 latin5 windows-1254 "
               "x-cp1254"},
    {"CP1255", "cp1255 windows-1255 x-cp1255"},
    {"CP1256", "cp1256 windows-1256 x-cp1256"},
    {"CP1257", "cp1257 windows-1257 x-cp1257"},
    {"CP1258", "cp1258 windows-1258 x-cp1258"},
    {"MAC-CYRILLIC", "x-mac-cyrillic x-mac-ukrainian"},
    {"GB18030", "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 "
                "gb_2312-80 gbk iso-ir-58 x-gbk gb18030"},
    {"BIG5-HKSCS", "big5 big5-hkscs cn-big5 csbig5 x-x-big5"},
    {"EUC-JP", "cseucpkdfmtjapanese euc-jp x-euc-jp"},
    {"CP932", "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis "
              "windows-31j x-sjis"},
    {"CP949", "cseuckr csksc56011987 euc-kr iso-ir-149 korean "
              "ks_c_5601-1987 ks_c_5601-1989 ksc5601 ksc_5601 windows-949"},
};
#define ENC_NONE (-1)
#define N_ENC ((int)(sizeof encodings / sizeof encodings[0]))
#define PRESCAN_LEN 1024

static int is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* The encoding a label names (trimmed, ASCII case-insensitive), or
 * ENC_NONE. */
static int enc_of_label(const char *s, size_t n)
{
    while (n && is_space((unsigned char)*s))
        s++, n--;
    while (n && is_space((unsigned char)s[n - 1]))
        n--;
    if (n == 0 || n > 32)
        return ENC_NONE;
    for (int e = 0; e < N_ENC; e++) {
        const char *l = encodings[e].labels;
        while (*l) {
            size_t k = strcspn(l, " ");
            if (k == n) {
                size_t i = 0;
                while (i < n && lower((unsigned char)s[i]) == l[i])
                    i++;
                if (i == n)
                    return e;
            }
            l += k;
            while (*l == ' ')
                l++;
        }
    }
    return ENC_NONE;
}

/*
 * The encoding named by "charset=" in s[0..n): WHATWG HTML's "extract a
 * character encoding from a meta element", also used here for the HTTP
 * Content-Type value.  ENC_NONE when there is none or it is unknown.
 */
static int enc_of_content(const char *s, size_t n)
{
    size_t i = 0, j;

    for (;;) {
        while (i + 7 <= n && !ci_prefix(s + i, n - i, "charset"))
            i++;
        if (i + 7 > n)
            return ENC_NONE;
        i += 7;
        while (i < n && is_space((unsigned char)s[i]))
            i++;
        if (i < n && s[i] == '=')
            break;
    }
    i++;
    while (i < n && is_space((unsigned char)s[i]))
        i++;
    if (i >= n)
        return ENC_NONE;
    if (s[i] == '"' || s[i] == '\'') {
        char q = s[i++];
        for (j = i; j < n && s[j] != q; j++)
            ;
        return j < n ? enc_of_label(s + i, j - i) : ENC_NONE;
    }
    for (j = i; j < n && !is_space((unsigned char)s[j]) && s[j] != ';'; j++)
        ;
    return enc_of_label(s + i, j - i);
}

/* One attribute of a tag, as the prescan reads it: the name and value
 * lower-cased, cut short (a longer one cannot hold a label). */
struct pattr {
    char name[16], value[512];
    size_t nlen, vlen;
    int long_name;
};

static void pa_name(struct pattr *a, char c)
{
    if (a->nlen + 1 < sizeof a->name)
        a->name[a->nlen++] = (char)lower((unsigned char)c);
    else
        a->long_name = 1;
}

static void pa_value(struct pattr *a, char c)
{
    if (a->vlen + 1 < sizeof a->value)
        a->value[a->vlen++] = (char)lower((unsigned char)c);
}

/*
 * WHATWG HTML "get an attribute" at *pos: 1 and the attribute in a, or 0
 * at '>' or the end of the bytes.
 */
static int prescan_attr(const char *p, size_t n, size_t *pos,
                        struct pattr *a)
{
    size_t i = *pos;
    int got = 1;

    a->nlen = a->vlen = 0;
    a->long_name = 0;
    while (i < n && (is_space((unsigned char)p[i]) || p[i] == '/'))
        i++;
    if (i >= n || p[i] == '>') {
        got = 0;
        goto out;
    }
    for (;; i++) { /* the name */
        if (i >= n) {
            got = 0;
            goto out;
        }
        if (p[i] == '=' && a->nlen)
            break;
        if (is_space((unsigned char)p[i])) {
            while (i < n && is_space((unsigned char)p[i]))
                i++;
            if (i >= n || p[i] != '=')
                goto out;
            break;
        }
        if (p[i] == '/' || p[i] == '>')
            goto out;
        pa_name(a, p[i]);
    }
    for (i++; i < n && is_space((unsigned char)p[i]); i++)
        ;
    if (i >= n) {
        got = 0;
    } else if (p[i] == '"' || p[i] == '\'') {
        char q = p[i];
        for (i++; i < n && p[i] != q; i++)
            pa_value(a, p[i]);
        if (i >= n)
            got = 0;
        else
            i++;
    } else {
        for (; i < n && !is_space((unsigned char)p[i]) && p[i] != '>'; i++)
            pa_value(a, p[i]);
    }
out:
    a->name[a->nlen] = '\0';
    a->value[a->vlen] = '\0';
    *pos = i;
    return got;
}

/* The encoding a <meta> declares, its attributes read from *pos. */
static int prescan_meta(const char *p, size_t n, size_t *pos)
{
    struct pattr a;
    int seen_he = 0, seen_ct = 0, seen_cs = 0, pragma = 0, need = -1;
    int enc = ENC_NONE;

    while (prescan_attr(p, n, pos, &a)) {
        if (a.long_name)
            continue;
        if (strcmp(a.name, "http-equiv") == 0 && !seen_he) {
            seen_he = 1;
            pragma = strcmp(a.value, "content-type") == 0;
        } else if (strcmp(a.name, "content") == 0 && !seen_ct) {
            seen_ct = 1;
            if (enc == ENC_NONE &&
                (enc = enc_of_content(a.value, a.vlen)) != ENC_NONE)
                need = 1;
        } else if (strcmp(a.name, "charset") == 0 && !seen_cs) {
            seen_cs = 1;
            enc = enc_of_label(a.value, a.vlen);
            need = 0;
        }
    }
    if (need < 0 || (need == 1 && !pragma) || enc == ENC_NONE)
        return ENC_NONE;
    if (enc == ENC_UTF16LE || enc == ENC_UTF16BE)
        return ENC_UTF8;
    if (enc == ENC_USERDEF)
        return ENC_1252;
    return enc;
}

static int is_alpha(int c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/*
 * WHATWG HTML "prescan a byte stream to determine its encoding" over
 * p[0..n): comments, other tags and their attributes are skipped; the
 * first <meta> that names a known encoding decides.  Linear in n.
 */
static int prescan(const char *p, size_t n)
{
    size_t i = 0;
    struct pattr a;

    while (i < n) {
        const char *q = memchr(p + i, '<', n - i);
        int enc;

        if (!q)
            break;
        i = (size_t)(q - p);
        if (n - i >= 4 && memcmp(p + i, "<!--", 4) == 0) {
            /* to the '>' of the first "-->" after "<!" */
            size_t j = i + 2;
            while (j + 3 <= n && memcmp(p + j, "-->", 3) != 0)
                j++;
            if (j + 3 > n)
                break;
            i = j + 3;
            continue;
        }
        if (n - i >= 6 && ci_prefix(p + i, n - i, "<meta") &&
            (is_space((unsigned char)p[i + 5]) || p[i + 5] == '/')) {
            i += 6;
            if ((enc = prescan_meta(p, n, &i)) != ENC_NONE)
                return enc;
            i++;
            continue;
        }
        if (n - i >= 2 && (is_alpha((unsigned char)p[i + 1]) ||
                           (p[i + 1] == '/' && n - i >= 3 &&
                            is_alpha((unsigned char)p[i + 2])))) {
            while (i < n && !is_space((unsigned char)p[i]) && p[i] != '>')
                i++;
            while (prescan_attr(p, n, &i, &a))
                ;
            i++;
            continue;
        }
        if (n - i >= 2 && (p[i + 1] == '!' || p[i + 1] == '/' ||
                           p[i + 1] == '?')) {
            q = memchr(p + i, '>', n - i);
            if (!q)
                break;
            i = (size_t)(q - p) + 1;
            continue;
        }
        i++;
    }
    return ENC_NONE;
}

/* A declared legacy encoding is not believed on valid UTF-8 (above). */
static int believe(int enc, const char *p, size_t n)
{
    if (enc == ENC_UTF8 || enc == ENC_UTF16LE || enc == ENC_UTF16BE ||
        enc == ENC_REPLACEMENT || enc == ENC_2022JP)
        return enc;
    return hw_utf8_valid(p, n) ? ENC_UTF8 : enc;
}

/*
 * The encoding of p[0..n) given the HTTP Content-Type ct (may be NULL);
 * *bom is the length of a byte-order mark to skip.
 */
static int page_encoding(const char *p, size_t n, const char *ct,
                         size_t *bom)
{
    const unsigned char *u = (const unsigned char *)p;
    int enc;

    *bom = 0;
    if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
        return *bom = 3, ENC_UTF8;
    if (n >= 2 && u[0] == 0xFE && u[1] == 0xFF)
        return *bom = 2, ENC_UTF16BE;
    if (n >= 2 && u[0] == 0xFF && u[1] == 0xFE)
        return *bom = 2, ENC_UTF16LE;
    if (ct && (enc = enc_of_content(ct, strlen(ct))) != ENC_NONE)
        return believe(enc, p, n);
    if ((enc = prescan(p, n < PRESCAN_LEN ? n : PRESCAN_LEN)) != ENC_NONE)
        return believe(enc, p, n);
    if (hw_utf8_valid(p, n))
        return ENC_UTF8;
    if (n > PRESCAN_LEN && (enc = prescan(p, n)) != ENC_NONE)
        return enc;
    return ENC_1252;
}

/* Append U+FFFD. */
static void add_fffd(struct hw_buf *b)
{
    hw_buf_add(b, "\xEF\xBF\xBD", 3);
}

/* Append s[0..n), in encoding enc, to b as valid UTF-8. */
static void decode(struct hw_buf *b, int enc, const char *s, size_t n)
{
    char tmp[16384], *in = (char *)(uintptr_t)s; /* iconv is not const */
    size_t left = n;
    iconv_t cd;

    if (enc == ENC_UTF8) {
        hw_buf_add_utf8(b, s, n);
        return;
    }
    if (enc == ENC_REPLACEMENT) { /* WHATWG: the whole input is one error */
        if (n)
            add_fffd(b);
        return;
    }
    if (enc == ENC_USERDEF) {
        for (size_t i = 0; i < n; i++) {
            char u[4];
            unsigned char c = (unsigned char)s[i];
            if (c < 0x80)
                hw_buf_addc(b, (char)c);
            else
                hw_buf_add(b, u, (size_t)hw_utf8_encode(0xF700u + c, u));
        }
        return;
    }
    cd = iconv_open("UTF-8", encodings[enc].iconv);
    if (cd == (iconv_t)-1) { /* no gconv module: read it as UTF-8 */
        hw_buf_add_utf8(b, s, n);
        return;
    }
    while (left > 0 && !b->err) {
        char *out = tmp;
        size_t room = sizeof tmp, r;
        int e;

        r = iconv(cd, &in, &left, &out, &room);
        e = errno;
        hw_buf_add_utf8(b, tmp, (size_t)(out - tmp)); /* checked again */
        if (r != (size_t)-1 || e == E2BIG)
            continue;
        /* EILSEQ, or EINVAL at a truncated end: U+FFFD, skip a unit */
        add_fffd(b);
        if (e == EINVAL)
            break;
        {
            size_t unit = enc == ENC_UTF16LE || enc == ENC_UTF16BE ? 2 : 1;
            if (unit > left)
                unit = left;
            in += unit;
            left -= unit;
        }
    }
    iconv_close(cd);
}

/* ---- class/id hints (Readability's regular expressions) ---------------- */

/*
 * One pass over a lower-cased class or id: the categories of the words
 * found in it.  Generated from the lists of Readability's REGEXPS
 * (unlikelyCandidates, okMaybeItsACandidate, negative, positive, byline)
 * and our own list of page furniture (H_JUNK: newsletter and paywall
 * boxes, share and print tools, related links, comments, bylines and
 * time stamps, ad slots).
 */
enum {
    H_UNLIKELY = 1, H_MAYBE = 2, H_NEG = 4, H_POS = 8, H_BYLINE = 16,
    H_JUNK = 32,
};

#define HW_(w, m)                                                           \
    if (strncmp(p, w, sizeof w - 1) == 0)                                   \
        f |= (m)

static unsigned hint_scan(const char *s)
{
    unsigned f = 0;

    for (const char *p = s; *p; p++) {
        switch (*p) {
        case '-':
            HW_("-ad-", H_UNLIKELY | H_NEG);
            break;
        case 'a':
            HW_("about-author", H_JUNK);
            HW_("ad-container", H_JUNK);
            HW_("article-meta", H_JUNK);
            HW_("author-info", H_JUNK);
            HW_("ad-wrapper", H_JUNK);
            HW_("author-bio", H_JUNK);
            HW_("authorbio", H_JUNK);
            HW_("ad-break", H_UNLIKELY);
            HW_("ad-slot", H_JUNK);
            HW_("agegate", H_UNLIKELY);
            HW_("ai2html", H_UNLIKELY);
            HW_("article", H_MAYBE | H_POS);
            HW_("adslot", H_JUNK);
            HW_("advert", H_JUNK);
            HW_("author", H_BYLINE);
            HW_("and", H_MAYBE);
            break;
        case 'b':
            HW_("breadcrumbs", H_UNLIKELY);
            HW_("breadcrumb", H_JUNK);
            HW_("bio-box", H_JUNK);
            HW_("banner", H_UNLIKELY | H_NEG);
            HW_("byline", H_BYLINE | H_JUNK);
            HW_("blog", H_POS);
            HW_("body", H_MAYBE | H_POS);
            break;
        case 'c':
            HW_("cover-wrap", H_UNLIKELY);
            HW_("community", H_UNLIKELY);
            HW_("comment", H_UNLIKELY | H_NEG | H_JUNK);
            HW_("consent", H_JUNK);
            HW_("contact", H_NEG);
            HW_("content", H_MAYBE | H_POS);
            HW_("column", H_MAYBE);
            HW_("cookie", H_JUNK);
            HW_("combx", H_UNLIKELY | H_NEG);
            HW_("com-", H_NEG);
            break;
        case 'd':
            HW_("disclaimer", H_JUNK);
            HW_("disclosure", H_JUNK);
            HW_("dateline", H_BYLINE | H_JUNK);
            HW_("disqus", H_UNLIKELY);
            break;
        case 'e':
            HW_("entry-meta", H_JUNK);
            HW_("entry", H_POS);
            HW_("extra", H_UNLIKELY);
            break;
        case 'f':
            HW_("follow-us", H_JUNK);
            HW_("footer", H_UNLIKELY | H_NEG);
            break;
        case 'g':
            HW_("gdpr", H_UNLIKELY | H_NEG | H_JUNK);
            break;
        case 'h':
            HW_("h-entry", H_POS);
            HW_("header", H_UNLIKELY);
            HW_("hentry", H_POS);
            HW_("hidden", H_NEG);
            break;
        case 'l':
            HW_("legends", H_UNLIKELY);
            break;
        case 'm':
            HW_("more-stories", H_JUNK);
            HW_("masthead", H_NEG);
            HW_("mathjax", H_MAYBE);
            HW_("media", H_NEG);
            HW_("main", H_MAYBE | H_POS);
            HW_("menu", H_UNLIKELY);
            HW_("meta", H_NEG);
            break;
        case 'n':
            HW_("newsletter", H_JUNK);
            break;
        case 'o':
            HW_("outbrain", H_NEG | H_JUNK);
            break;
        case 'p':
            HW_("pagination", H_UNLIKELY | H_POS);
            HW_("post-meta", H_JUNK);
            HW_("p-author", H_BYLINE);
            HW_("paywall", H_JUNK);
            HW_("pager", H_UNLIKELY);
            HW_("popup", H_UNLIKELY);
            HW_("print", H_JUNK);
            HW_("promo", H_NEG | H_JUNK);
            HW_("page", H_POS);
            HW_("post", H_POS);
            break;
        case 'r':
            HW_("read-more", H_JUNK);
            HW_("recommend", H_JUNK);
            HW_("readmore", H_JUNK);
            HW_("related", H_UNLIKELY | H_NEG | H_JUNK);
            HW_("replies", H_UNLIKELY);
            HW_("remark", H_UNLIKELY);
            HW_("rss", H_UNLIKELY);
            break;
        case 's':
            HW_("supplemental", H_UNLIKELY);
            HW_("skyscraper", H_UNLIKELY | H_NEG);
            HW_("shopping", H_NEG);
            HW_("shoutbox", H_UNLIKELY | H_NEG);
            HW_("sharing", H_JUNK);
            HW_("sidebar", H_UNLIKELY | H_NEG);
            HW_("sign-up", H_JUNK);
            HW_("sponsor", H_UNLIKELY | H_NEG | H_JUNK);
            HW_("subscri", H_JUNK);
            HW_("scroll", H_NEG);
            HW_("shadow", H_MAYBE);
            HW_("signup", H_JUNK);
            HW_("social", H_UNLIKELY | H_JUNK);
            HW_("share", H_NEG | H_JUNK);
            HW_("story", H_POS);
            break;
        case 't':
            HW_("timestamp", H_JUNK);
            HW_("tag-list", H_JUNK);
            HW_("taboola", H_JUNK);
            HW_("toolbar", H_JUNK);
            HW_("tags", H_NEG | H_JUNK);
            HW_("text", H_POS);
            break;
        case 'w':
            HW_("writtenby", H_BYLINE);
            HW_("widget", H_NEG);
            break;
        case 'y':
            HW_("yom-remote", H_UNLIKELY);
            break;
        default:
            break;
        }
    }
    return f;
}
#undef HW_

/* Lower-case copy of s (may be NULL) into buf, cut to cap - 1 bytes. */
static char *lower_copy(const char *s, char *buf, size_t cap)
{
    size_t n = 0;

    for (; s && *s && n + 1 < cap; s++)
        buf[n++] = (char)lower((unsigned char)*s);
    buf[n] = '\0';
    return buf;
}

/* "hid" as a whole space-separated word. */
static int has_hid(const char *s)
{
    for (const char *p = s; (p = strstr(p, "hid")) != NULL; p += 3)
        if ((p == s || p[-1] == ' ') && (p[3] == '\0' || p[3] == ' '))
            return 1;
    return 0;
}

/* Readability's _getClassWeight for a class or an id (lc, its scan f). */
static int weigh(const char *lc, unsigned f)
{
    int w = 0;

    if ((f & H_NEG) || has_hid(lc))
        w -= 25;
    if (f & H_POS)
        w += 25;
    return w;
}

/* Share widgets: Readability's (\b|_)(share|sharedaddy)(\b|_). */
static int has_share(const char *lc)
{
    for (const char *p = lc; (p = strstr(p, "share")) != NULL; p += 5) {
        const char *e = p + 5;
        int before = p == lc || !((p[-1] >= 'a' && p[-1] <= 'z') ||
                                  (p[-1] >= '0' && p[-1] <= '9'));
        if (strncmp(e, "daddy", 5) == 0)
            e += 5;
        if (before && !((*e >= 'a' && *e <= 'z') || (*e >= '0' && *e <= '9')))
            return 1;
    }
    return 0;
}

/* ---- the page as a flat tree ------------------------------------------- */

/*
 * The document is copied once into an array in document order
 * (pre-order): the subtree of node i is i..end, and a parent comes before
 * its children.  Every later pass is a loop over the array: forward loops
 * see parents first, backward loops children first (so the sums over all
 * subtrees take one pass), and no pass recurses, whatever the depth.
 * Elements whose content is never text (script, style, svg, ...) and
 * hidden ones are left out.
 */
#define NODES_MAX (1 << 21)
#define SHARE_MAX 500  /* a "share" block shorter than this is dropped */
#define CHAR_THRESHOLD 500 /* a shorter result is tried again, relaxed */

enum {
    DN_TEXT = 1 << 0,      /* a text node */
    DN_LINK = 1 << 1,      /* inside <a> */
    DN_HASH = 1 << 2,      /* inside <a href="#..."> (counts 0.3) */
    DN_PRE = 1 << 3,       /* inside <pre>: white space is kept */
    DN_TABLE = 1 << 4,     /* inside a <table> */
    DN_CODE = 1 << 5,      /* inside <code> */
    DN_FIGURE = 1 << 6,    /* inside <figure> */
    DN_DATA = 1 << 7,      /* a data table, or inside one */
    DN_UNLIKELY = 1 << 8,  /* boilerplate by class, id or role */
    DN_BLOCKS = 1 << 9,    /* a block (Readability's DIV_TO_P) inside */
    DN_NONPHR = 1 << 10,   /* a child that is not phrasing content */
    DN_ASP = 1 << 11,      /* a <div> that reads as a <p> */
    DN_ONEP = 1 << 12,     /* a <div> around one <p>: not an ancestor */
    DN_SHARE = 1 << 13,    /* class/id names a share widget */
    DN_BYLINE = 1 << 14,   /* class/id/rel/itemprop names the author */
    DN_WS = 1 << 15,       /* text of white space only */
    DN_GONE = 1 << 16,     /* left out: the byline, the title again */
    DN_AD = 1 << 17,       /* text that is just "Advertisement" */
    DN_EBLK = 1 << 18,     /* an emitted block element inside */
    DN_JUNK = 1 << 19,     /* class/id names page furniture (H_JUNK) */
    DN_ABODY = 1 << 20,    /* itemprop articleBody */
};

struct dn {
    const GumboNode *g;
    int parent, end;
    unsigned flags;
    GumboTag tag;          /* GUMBO_TAG_UNKNOWN for text */
    int cw;                /* class weight, -50..50 */
    uint32_t len, commas;  /* text: length (a white space run is one) */
};

/* Sums over a subtree, for one attempt. */
struct agg {
    uint32_t chars, commas, p, img, li, input, heading, list, textish, ad;
    float link;
};

struct tree {
    struct dn *v;
    int n, cap;
    int body;              /* index of <body>, 0 if none */
    uint32_t body_chars;   /* all the text of the body */
    float body_link;       /* of which in links */
    unsigned char *live;   /* in this attempt */
    unsigned char *drop;   /* cleaned out of the article */
    unsigned char *cand;   /* has a score */
    int *mark;
    uint32_t *runs;        /* inline runs read as paragraphs, per div */
    float *score;
    struct agg *a;
};

static int is_heading(GumboTag t)
{
    return t == GUMBO_TAG_H1 || t == GUMBO_TAG_H2 || t == GUMBO_TAG_H3 ||
           t == GUMBO_TAG_H4 || t == GUMBO_TAG_H5 || t == GUMBO_TAG_H6;
}

/* Readability's DIV_TO_P_ELEMS: what makes a <div> more than a <p>. */
static int is_div_block(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_DL: case GUMBO_TAG_DIV:
    case GUMBO_TAG_IMG: case GUMBO_TAG_OL: case GUMBO_TAG_P:
    case GUMBO_TAG_PRE: case GUMBO_TAG_TABLE: case GUMBO_TAG_UL:
        return 1;
    default:
        return 0;
    }
}

/* Readability's PHRASING_ELEMS (a, del, ins count when all inside do). */
static int is_phrasing_tag(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_ABBR: case GUMBO_TAG_AUDIO: case GUMBO_TAG_B:
    case GUMBO_TAG_BDO: case GUMBO_TAG_BR: case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_CITE: case GUMBO_TAG_CODE: case GUMBO_TAG_DATA:
    case GUMBO_TAG_DATALIST: case GUMBO_TAG_DFN: case GUMBO_TAG_EM:
    case GUMBO_TAG_EMBED: case GUMBO_TAG_I: case GUMBO_TAG_IMG:
    case GUMBO_TAG_INPUT: case GUMBO_TAG_KBD: case GUMBO_TAG_LABEL:
    case GUMBO_TAG_MARK: case GUMBO_TAG_MATH: case GUMBO_TAG_METER:
    case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_OBJECT: case GUMBO_TAG_OUTPUT:
    case GUMBO_TAG_PROGRESS: case GUMBO_TAG_Q: case GUMBO_TAG_RUBY:
    case GUMBO_TAG_SAMP: case GUMBO_TAG_SCRIPT: case GUMBO_TAG_SELECT:
    case GUMBO_TAG_SMALL: case GUMBO_TAG_SPAN: case GUMBO_TAG_STRONG:
    case GUMBO_TAG_SUB: case GUMBO_TAG_SUP: case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_TIME: case GUMBO_TAG_VAR: case GUMBO_TAG_WBR:
    case GUMBO_TAG_FONT: case GUMBO_TAG_U: case GUMBO_TAG_S:
        return 1;
    default:
        return 0;
    }
}

static int is_phrasing(const struct dn *d)
{
    if (d->flags & DN_TEXT)
        return 1;
    if (is_phrasing_tag(d->tag))
        return 1;
    return (d->tag == GUMBO_TAG_A || d->tag == GUMBO_TAG_DEL ||
            d->tag == GUMBO_TAG_INS) && !(d->flags & DN_NONPHR);
}

/* Elements that end a paragraph in the output. */
static int is_emit_block(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN: case GUMBO_TAG_UL:
    case GUMBO_TAG_OL: case GUMBO_TAG_LI: case GUMBO_TAG_DL:
    case GUMBO_TAG_DT: case GUMBO_TAG_DD: case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH:
    case GUMBO_TAG_CAPTION: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE:
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
    case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER: case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FORM: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_HR:
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_CENTER: case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY: case GUMBO_TAG_HGROUP: case GUMBO_TAG_LEGEND:
        return 1;
    default:
        return 0;
    }
}

/* Elements left out of the tree with all they hold. */
static int is_void_of_text(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE:
    case GUMBO_TAG_SVG: case GUMBO_TAG_CANVAS: case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED: case GUMBO_TAG_APPLET:
    case GUMBO_TAG_FRAMESET: case GUMBO_TAG_FRAME: case GUMBO_TAG_MATH:
    case GUMBO_TAG_RT: case GUMBO_TAG_RP:
        return 1;
    default:
        return 0;
    }
}

/* The attributes the extractor looks at, read in one pass. */
struct eattr {
    const char *cls, *id, *role, *rel, *itemprop, *href, *style, *ahidden,
        *amodal;
    int hidden;
};

static void read_attrs(const GumboNode *g, struct eattr *e)
{
    const GumboVector *v = &g->v.element.attributes;

    memset(e, 0, sizeof *e);
    for (unsigned i = 0; i < v->length; i++) {
        const GumboAttribute *a = v->data[i];
        const char *n = a->name;
        switch (n[0]) {
        case 'a':
            if (strcmp(n, "aria-hidden") == 0)
                e->ahidden = a->value;
            else if (strcmp(n, "aria-modal") == 0)
                e->amodal = a->value;
            break;
        case 'c':
            if (strcmp(n, "class") == 0)
                e->cls = a->value;
            break;
        case 'h':
            if (strcmp(n, "href") == 0)
                e->href = a->value;
            else if (strcmp(n, "hidden") == 0)
                e->hidden = 1;
            break;
        case 'i':
            if (strcmp(n, "id") == 0)
                e->id = a->value;
            else if (strcmp(n, "itemprop") == 0)
                e->itemprop = a->value;
            break;
        case 'r':
            if (strcmp(n, "role") == 0)
                e->role = a->value;
            else if (strcmp(n, "rel") == 0)
                e->rel = a->value;
            break;
        case 's':
            if (strcmp(n, "style") == 0)
                e->style = a->value;
            break;
        default:
            break;
        }
    }
}

/* Readability's _isProbablyVisible, and modal dialogs. */
static int is_hidden(const struct eattr *e)
{
    char buf[1024];

    if (e->hidden)
        return 1;
    if (e->style) {
        size_t k = 0;
        lower_copy(e->style, buf, sizeof buf);
        /* white space inside the declaration is allowed */
        for (size_t j = 0; buf[j]; j++)
            if (!is_space((unsigned char)buf[j]))
                buf[k++] = buf[j];
        buf[k] = '\0';
        if (strstr(buf, "display:none") || strstr(buf, "visibility:hidden"))
            return 1;
    }
    if (e->ahidden && ci_eq(e->ahidden, "true") &&
        (!e->cls ||
         !strstr(lower_copy(e->cls, buf, sizeof buf), "fallback-image")))
        return 1;
    return e->role && ci_eq(e->role, "dialog") && e->amodal &&
           ci_eq(e->amodal, "true");
}

static int is_unlikely_role(const char *role)
{
    static const char *const roles[] = {
        "menu", "menubar", "complementary", "navigation", "alert",
        "alertdialog", "dialog", NULL,
    };
    for (int i = 0; role && roles[i]; i++)
        if (ci_eq(role, roles[i]))
            return 1;
    return 0;
}

/* Readability's adWords and loadingWords: a block that says only this. */
static int is_ad_text(const char *s, size_t n)
{
    static const char *const words[] = {
        "ad", "ads", "advertising", "advertisement", "pub", "publicité",
        "werbung", "anzeige", "广告", "Реклама", "anuncio", "loading",
        "loading...", "loading…", "chargement", "cargando", NULL,
    };
    struct hw_str t = hw_str_trim((struct hw_str){s, n});

    if (t.len == 0 || t.len > 20)
        return 0;
    for (int i = 0; words[i]; i++)
        if (hw_str_ieq(t, words[i]))
            return 1;
    return 0;
}

/* Length of a text node, a run of white space counted once. */
static void text_len(const char *s, uint32_t *len, uint32_t *commas,
                     int *ws_only)
{
    uint32_t n = 0, c = 0;
    int in_ws = 0, any = 0;

    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (is_space(*p)) {
            if (!in_ws)
                n++;
            in_ws = 1;
            continue;
        }
        in_ws = 0;
        any = 1;
        if ((*p & 0xC0) != 0x80)
            n++;
        if (*p == ',')
            c++;
        else if (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8C)
            c++; /* U+FF0C fullwidth comma */
        else if (p[0] == 0xD8 && p[1] == 0x8C)
            c++; /* U+060C Arabic comma */
        else if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x81)
            c++; /* U+3001 ideographic comma */
    }
    *len = n;
    *commas = c;
    *ws_only = !any;
}

static int tree_add(struct tree *t, const GumboNode *g, int parent)
{
    struct dn *d;

    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 1024;
        t->v = hw_realloc(t->v, (size_t)t->cap * sizeof *t->v);
    }
    d = &t->v[t->n];
    memset(d, 0, sizeof *d);
    d->g = g;
    d->parent = parent;
    d->end = t->n;
    d->tag = GUMBO_TAG_UNKNOWN;
    if (parent >= 0)
        d->flags = t->v[parent].flags & (DN_LINK | DN_HASH | DN_PRE |
                                         DN_TABLE | DN_CODE | DN_FIGURE);
    return t->n++;
}

/* The static facts of element i: tag, inherited context, hints. */
static void tree_element(struct tree *t, int i, const struct eattr *e)
{
    struct dn *d = &t->v[i];
    const GumboNode *g = d->g;
    char lc[4096], li[1024]; /* a class may run long: read it all */
    unsigned fc, fi;

    d->tag = g->v.element.tag;
    switch (d->tag) {
    case GUMBO_TAG_A:
        /* javascript: links are text to Readability */
        if (!e->href || !ci_prefix(e->href, strlen(e->href), "javascript:"))
            d->flags |= DN_LINK;
        if (e->href && e->href[0] == '#')
            d->flags |= DN_HASH;
        break;
    case GUMBO_TAG_PRE: d->flags |= DN_PRE; break;
    case GUMBO_TAG_TABLE: d->flags |= DN_TABLE; break;
    case GUMBO_TAG_CODE: d->flags |= DN_CODE; break;
    case GUMBO_TAG_FIGURE: d->flags |= DN_FIGURE; break;
    default: break;
    }
    fc = e->cls ? hint_scan(lower_copy(e->cls, lc, sizeof lc)) : 0;
    fi = e->id ? hint_scan(lower_copy(e->id, li, sizeof li)) : 0;
    if (e->cls)
        d->cw += weigh(lc, fc);
    if (e->id)
        d->cw += weigh(li, fi);
    if ((((fc | fi) & H_UNLIKELY) && !((fc | fi) & H_MAYBE) &&
         !(d->flags & (DN_TABLE | DN_CODE)) && d->tag != GUMBO_TAG_A) ||
        is_unlikely_role(e->role)) {
        if (d->tag != GUMBO_TAG_BODY && d->tag != GUMBO_TAG_HTML)
            d->flags |= DN_UNLIKELY;
    }
    if ((e->cls && has_share(lc)) || (e->id && has_share(li)))
        d->flags |= DN_SHARE;
    if ((fc | fi) & H_JUNK)
        d->flags |= DN_JUNK;
    if (e->itemprop && ci_has(e->itemprop, "articlebody"))
        d->flags |= DN_ABODY;
    if ((e->rel && ci_eq(e->rel, "author")) ||
        (e->itemprop && ci_has(e->itemprop, "author")) ||
        ((fc | fi) & H_BYLINE))
        d->flags |= DN_BYLINE;
}

struct bstack {
    const GumboNode *g;
    int parent;
};

/*
 * Copy the document under root into t.  At most NODES_MAX nodes; a page
 * with more is cut there (every node of it is kept in order, so the cut
 * only loses the end).
 */
static void tree_build(struct tree *t, const GumboNode *root)
{
    struct bstack *s = NULL;
    size_t sn = 0, scap = 0;
    struct eattr ea;

    memset(t, 0, sizeof *t);
    s = hw_malloc((scap = 256) * sizeof *s);
    s[sn++] = (struct bstack){root, -1};
    while (sn && t->n < NODES_MAX) {
        struct bstack it = s[--sn];
        const GumboNode *g = it.g;
        const GumboVector *k;
        int i;

        if (is_text(g)) {
            int ws;
            i = tree_add(t, g, it.parent);
            t->v[i].flags |= DN_TEXT;
            text_len(g->v.text.text, &t->v[i].len, &t->v[i].commas, &ws);
            if (ws)
                t->v[i].flags |= DN_WS;
            else if (is_ad_text(g->v.text.text, strlen(g->v.text.text)))
                t->v[i].flags |= DN_AD;
            continue;
        }
        if (g->type != GUMBO_NODE_ELEMENT ||
            is_void_of_text(g->v.element.tag))
            continue;
        read_attrs(g, &ea);
        if (is_hidden(&ea))
            continue;
        i = tree_add(t, g, it.parent);
        tree_element(t, i, &ea);
        if (t->v[i].tag == GUMBO_TAG_BODY && !t->body)
            t->body = i;
        k = kids(g);
        if (sn + k->length > scap) {
            while (sn + k->length > scap)
                scap *= 2;
            s = hw_realloc(s, scap * sizeof *s);
        }
        for (unsigned j = k->length; j-- > 0;)
            s[sn++] = (struct bstack){k->data[j], i};
    }
    hw_free(s);
}

/* Children of i in the tree: the first, then each next one. */
static int first_child(const struct tree *t, int i)
{
    return i + 1 <= t->v[i].end ? i + 1 : -1;
}

static int next_sibling(const struct tree *t, int c)
{
    int p = t->v[c].parent;

    return p >= 0 && t->v[c].end + 1 <= t->v[p].end ? t->v[c].end + 1 : -1;
}

/* White space to Readability: a blank text node or a <br>. */
static int is_ws_node(const struct dn *d)
{
    return (d->flags & DN_WS) || d->tag == GUMBO_TAG_BR;
}

static int isword(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_';
}

/* Is w[0..n) one of the words of s (ASCII case-insensitive)? */
static int has_word(const char *s, const char *w, size_t n)
{
    while (*s) {
        const char *b;
        while (*s && !isword((unsigned char)*s))
            s++;
        for (b = s; isword((unsigned char)*s); s++)
            ;
        if ((size_t)(s - b) == n) {
            size_t i = 0;
            while (i < n && lower((unsigned char)b[i]) ==
                                lower((unsigned char)w[i]))
                i++;
            if (i == n)
                return 1;
        }
    }
    return 0;
}

/* Readability's textSimilarity(a, b): the share of b's words in a. */
static double similarity(const char *a, const char *b)
{
    size_t lb = 0, ub = 0;
    const char *p = b;

    if (!a || !b)
        return 0;
    while (*p) {
        const char *s;
        size_t n;
        while (*p && !isword((unsigned char)*p))
            p++;
        if (!*p)
            break;
        for (s = p; isword((unsigned char)*p); p++)
            ;
        n = (size_t)(p - s);
        lb += n + (lb ? 1 : 0);
        if (!has_word(a, s, n))
            ub += n + (ub ? 1 : 0);
    }
    return lb ? 1.0 - (double)ub / (double)lb : 0;
}

/*
 * The static facts that need a subtree: where each subtree ends, block
 * and phrasing content inside, divs that read as paragraphs, data tables,
 * the byline and the heading that repeats the title (both left out, the
 * first of each, as Readability does; only the first 64 h1 and h2 are
 * compared with the title, to bound the work).  title may be NULL.
 */
static void tree_finish(struct tree *t, const char *title, const char *title2)
{
    int *rows, *cols, *cells, byline = 0, dup = 0, headings = 0;
    unsigned char *hint;
    struct agg *a;

    t->live = hw_calloc((size_t)t->n + 1, 1);
    t->drop = hw_calloc((size_t)t->n + 1, 1);
    t->cand = hw_calloc((size_t)t->n + 1, 1);
    t->mark = hw_calloc((size_t)t->n + 1, sizeof *t->mark);
    t->runs = hw_calloc((size_t)t->n + 1, sizeof *t->runs);
    t->score = hw_calloc((size_t)t->n + 1, sizeof *t->score);
    t->a = a = hw_calloc((size_t)t->n + 1, sizeof *t->a);
    rows = hw_calloc((size_t)t->n + 1, sizeof *rows);
    cols = hw_calloc((size_t)t->n + 1, sizeof *cols);
    cells = hw_calloc((size_t)t->n + 1, sizeof *cells);
    hint = hw_calloc((size_t)t->n + 1, 1); /* 1 data hint, 2 a table */

    /*
     * Children before parents.  A data table (Readability's
     * _markDataTables): a summary, a caption, th, thead, tfoot, col or
     * colgroup inside; else no table inside and 10 rows, 5 columns or
     * more than 10 cells.
     */
    for (int i = t->n - 1; i >= 0; i--) {
        struct dn *d = &t->v[i];
        int p = d->parent;
        GumboTag tag = d->tag;

        if (d->flags & DN_TEXT) {
            a[i].chars = d->len;
            a[i].link = (d->flags & DN_LINK) ? (float)d->len : 0;
        } else if (tag == GUMBO_TAG_TR) {
            rows[i]++;
            if (cells[i] > cols[i])
                cols[i] = cells[i];
        } else if (tag == GUMBO_TAG_TABLE) {
            const char *role = attr(d->g, "role"), *dt = attr(d->g,
                                                              "datatable");
            int data;
            if ((role && ci_eq(role, "presentation")) ||
                (dt && strcmp(dt, "0") == 0))
                data = 0;
            else if (attr(d->g, "summary") || (hint[i] & 1))
                data = 1;
            else if (hint[i] & 2)
                data = 0;
            else
                data = rows[i] >= 10 || cols[i] > 4 ||
                       (long)rows[i] * cols[i] > 10;
            if (data)
                d->flags |= DN_DATA;
        }
        if (p < 0)
            continue;
        if (d->end > t->v[p].end)
            t->v[p].end = d->end;
        if (is_div_block(tag) || (d->flags & DN_BLOCKS))
            t->v[p].flags |= DN_BLOCKS;
        if (!is_phrasing(d))
            t->v[p].flags |= DN_NONPHR;
        if (is_emit_block(tag) || (d->flags & DN_EBLK))
            t->v[p].flags |= DN_EBLK;
        a[p].chars += a[i].chars;
        a[p].link += a[i].link;
        hint[p] |= hint[i];
        if (tag == GUMBO_TAG_TH || tag == GUMBO_TAG_THEAD ||
            tag == GUMBO_TAG_TFOOT || tag == GUMBO_TAG_COL ||
            tag == GUMBO_TAG_COLGROUP ||
            (tag == GUMBO_TAG_CAPTION && first_child(t, i) >= 0))
            hint[p] |= 1;
        if (tag == GUMBO_TAG_TABLE)
            hint[p] |= 2;
        rows[p] += rows[i];
        if (cols[i] > cols[p])
            cols[p] = cols[i];
        if (t->v[p].tag == GUMBO_TAG_TR &&
            (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH))
            cells[p]++;
    }
    hw_free(rows);
    hw_free(cols);
    hw_free(cells);
    hw_free(hint);
    if (t->body) {
        t->body_chars = a[t->body].chars;
        t->body_link = a[t->body].link;
    }

    /* parents before children */
    for (int i = 0; i < t->n; i++) {
        struct dn *d = &t->v[i];
        int p = d->parent;

        if (p >= 0 && (t->v[p].flags & DN_DATA))
            d->flags |= DN_DATA;
        if (d->flags & DN_TEXT)
            continue;
        if (!byline && (d->flags & DN_BYLINE) && a[i].chars > 0 &&
            a[i].chars < 100) {
            d->flags |= DN_GONE;
            byline = 1;
        }
        if (!dup && (d->tag == GUMBO_TAG_H1 || d->tag == GUMBO_TAG_H2) &&
            a[i].chars < 1000 && headings++ < 64) {
            char *h = text_dup(d->g);
            if (h && (similarity(title, h) > 0.75 ||
                      similarity(title2, h) > 0.75)) {
                d->flags |= DN_GONE;
                dup = 1;
            }
            hw_free(h);
        }
        if (d->tag == GUMBO_TAG_DIV) {
            int runs = 0, in_run = 0, nonphr = 0, onep = 0;
            double ld = a[i].chars ? a[i].link / a[i].chars : 0;
            for (int c = first_child(t, i); c >= 0; c = next_sibling(t, c)) {
                const struct dn *k = &t->v[c];
                if (is_phrasing(k)) {
                    if (!in_run && !is_ws_node(k))
                        in_run = 1, runs++;
                    continue;
                }
                in_run = 0;
                nonphr++;
                onep = k->tag == GUMBO_TAG_P;
            }
            t->runs[i] = (uint32_t)runs;
            if (runs == 0 && nonphr == 1 && onep && ld < 0.25)
                d->flags |= DN_ONEP;
            else if (runs == 1 && nonphr == 0 && ld < 0.25)
                d->flags |= DN_ASP;
            else if (runs == 0 && !(d->flags & DN_BLOCKS))
                d->flags |= DN_ASP;
        }
    }
}

static void tree_free(struct tree *t)
{
    hw_free(t->v);
    hw_free(t->live);
    hw_free(t->drop);
    hw_free(t->cand);
    hw_free(t->mark);
    hw_free(t->runs);
    hw_free(t->score);
    hw_free(t->a);
}

/* ---- one attempt: live nodes, sums, scores ------------------------------ */

struct flags {
    int strip, weight, clean;
};

static void tree_live(struct tree *t, int strip)
{
    for (int i = 0; i < t->n; i++) {
        const struct dn *d = &t->v[i];
        t->live[i] = (d->parent < 0 || t->live[d->parent]) &&
                     !(d->flags & DN_GONE) &&
                     !(strip && (d->flags & DN_UNLIKELY));
        t->drop[i] = 0;
        t->cand[i] = 0;
        t->score[i] = 0;
    }
}

static int is_textish(GumboTag t)
{
    return t == GUMBO_TAG_SPAN || t == GUMBO_TAG_LI || t == GUMBO_TAG_TD ||
           is_div_block(t);
}

/* Readability's _cleanConditionally on node i with sums s; 1 to drop. */
static int fishy(const struct tree *t, int i, const struct agg *s,
                 GumboTag tag, const struct flags *f)
{
    const struct dn *d = &t->v[i];
    int weight = f->weight ? d->cw : 0;
    int is_list = tag == GUMBO_TAG_UL || tag == GUMBO_TAG_OL;
    int fig = (d->flags & DN_FIGURE) && tag != GUMBO_TAG_FIGURE;
    double ld, hd, td;
    long li;
    int bad;

    if (!is_list && s->chars && (double)s->list / s->chars > 0.9)
        is_list = 1;
    if ((tag == GUMBO_TAG_TABLE && (d->flags & DN_DATA)) ||
        (d->parent >= 0 && (t->v[d->parent].flags & DN_DATA)) ||
        (d->flags & DN_CODE))
        return 0;
    if (weight < 0)
        return 1;
    if (s->commas >= 10)
        return 0;
    if (s->ad && s->ad == s->chars)
        return 1;
    ld = s->chars ? s->link / s->chars : 0;
    hd = s->chars ? (double)s->heading / s->chars : 0;
    td = s->chars ? (double)s->textish / s->chars : 0;
    li = (long)s->li - 100;
    bad = (!fig && s->img > 1 && (double)s->p / s->img < 0.5) ||
          (!is_list && li > (long)s->p) ||
          ((tag == GUMBO_TAG_FORM || tag == GUMBO_TAG_FIELDSET) &&
           s->input > s->p / 3) ||
          (!is_list && !fig && hd < 0.9 && s->chars < 25 &&
           (s->img == 0 || s->img > 2) && ld > 0) ||
          (!is_list && weight < 25 && ld > 0.2) ||
          (weight >= 25 && ld > 0.5) ||
          (s->img == 0 && td == 0);
    if (bad && is_list && s->img == s->li && s->li > 0)
        bad = 0; /* a list of images stays */
    return bad;
}

/*
 * Sums over the subtrees of lo..hi (children first).  With clean, the
 * article is cleaned as Readability's _prepArticle does, inner nodes
 * before outer ones, so a dropped node no longer counts in its parent:
 * asides, footers, navigation and form controls go; "share" blocks under
 * the top level (root_of_piece) shorter than SHARE_MAX; h1/h2 with a
 * negative class weight; and, with f->clean, fishy forms, tables, lists
 * and divs.
 */
static void tree_sum(struct tree *t, int lo, int hi, int clean, int top,
                     int whole, const struct flags *f)
{
    struct agg *a = t->a;

    for (int i = lo; i <= hi; i++)
        memset(&a[i], 0, sizeof a[i]);
    for (int i = hi; i >= lo; i--) {
        const struct dn *d = &t->v[i];
        struct agg *s = &a[i];
        int p = d->parent;
        GumboTag tag = d->tag;

        if (!t->live[i])
            continue;
        if (d->flags & DN_TEXT) {
            s->chars = d->len;
            s->commas = d->commas;
            s->link = (d->flags & DN_HASH) ? 0.3f * (float)d->len
                      : (d->flags & DN_LINK) ? (float)d->len : 0;
            s->ad = (d->flags & DN_AD) ? d->len : 0;
        } else {
            s->p += (tag == GUMBO_TAG_P || (d->flags & DN_ASP)) + t->runs[i];
            s->img += tag == GUMBO_TAG_IMG;
            s->li += tag == GUMBO_TAG_LI;
            s->input += tag == GUMBO_TAG_INPUT;
            if (is_heading(tag))
                s->heading = s->chars;
            if (tag == GUMBO_TAG_UL || tag == GUMBO_TAG_OL)
                s->list = s->chars;
            if (is_textish(tag))
                s->textish = s->chars;
        }
        if (clean && !(d->flags & DN_TEXT)) {
            int drop = 0;
            GumboTag ct = tag;
            if (i == top && !whole && ct != GUMBO_TAG_DIV &&
                ct != GUMBO_TAG_ARTICLE && ct != GUMBO_TAG_SECTION &&
                ct != GUMBO_TAG_P)
                ct = GUMBO_TAG_DIV; /* Readability turns it into a div */
            switch (tag) {
            case GUMBO_TAG_ASIDE: case GUMBO_TAG_FOOTER: case GUMBO_TAG_NAV:
            case GUMBO_TAG_BUTTON: case GUMBO_TAG_SELECT:
            case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_INPUT:
                drop = 1;
                break;
            case GUMBO_TAG_H1: case GUMBO_TAG_H2:
                drop = f->weight && d->cw < 0;
                break;
            default:
                break;
            }
            if (!drop && (d->flags & (DN_SHARE | DN_JUNK)) &&
                !(whole ? p == top : i == top) &&
                s->chars < SHARE_MAX)
                drop = 1;
            if (!drop && f->clean && !(d->flags & (DN_ASP | DN_ONEP)) &&
                (ct == GUMBO_TAG_DIV || ct == GUMBO_TAG_UL ||
                 ct == GUMBO_TAG_TABLE || ct == GUMBO_TAG_FORM ||
                 ct == GUMBO_TAG_FIELDSET))
                drop = fishy(t, i, s, ct, f);
            if (drop) {
                t->drop[i] = 1;
                if (tag == GUMBO_TAG_INPUT && p >= lo)
                    a[p].input++;
                continue;
            }
        }
        if (p >= lo && p <= hi) {
            struct agg *q = &a[p];
            q->chars += s->chars;
            q->commas += s->commas;
            q->link += s->link;
            q->ad += s->ad;
            q->p += s->p;
            q->img += s->img;
            q->li += s->li;
            q->input += s->input;
            q->heading += s->heading;
            q->list += s->list;
            q->textish += s->textish;
        }
    }
}

/* The parent, past divs that Readability replaces by their one <p>. */
static int up(const struct tree *t, int i)
{
    int p = t->v[i].parent;

    while (p >= 0 && (t->v[p].flags & DN_ONEP))
        p = t->v[p].parent;
    return p;
}

static double tag_weight(const struct dn *d)
{
    if (d->flags & DN_ASP)
        return 0;
    switch (d->tag) {
    case GUMBO_TAG_DIV:
        return 5;
    case GUMBO_TAG_PRE: case GUMBO_TAG_TD: case GUMBO_TAG_BLOCKQUOTE:
        return 3;
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_OL: case GUMBO_TAG_UL:
    case GUMBO_TAG_DL: case GUMBO_TAG_DD: case GUMBO_TAG_DT:
    case GUMBO_TAG_LI: case GUMBO_TAG_FORM:
        return -3;
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
    case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_TH:
        return -5;
    default:
        return 0;
    }
}

/* A paragraph of chars characters and commas commas, whose parent is a:
 * its score goes to five ancestors, less at each level. */
static void score_block(struct tree *t, int a, uint32_t chars,
                        uint32_t commas, const struct flags *f)
{
    double s;

    if (chars < MIN_PARA)
        return;
    s = 1.0 + commas + (chars / 100 > 3 ? 3 : chars / 100);
    for (int level = 0; level < 5 && a >= 0; level++, a = up(t, a)) {
        if (t->v[a].parent < 0)
            break; /* <html> */
        if (!t->cand[a]) {
            t->cand[a] = 1;
            t->score[a] = (float)(tag_weight(&t->v[a]) +
                                  (f->weight ? t->v[a].cw : 0));
        }
        t->score[a] += (float)(s / (level == 0 ? 1 : level == 1 ? 2
                                                 : level * 3));
    }
}

/* Score the inline runs of div i, each read as a paragraph. */
static void score_runs(struct tree *t, int i, const struct flags *f)
{
    uint32_t chars = 0, commas = 0;
    int in_run = 0;

    for (int c = first_child(t, i); c >= 0; c = next_sibling(t, c)) {
        const struct dn *k = &t->v[c];
        if (!t->live[c])
            continue;
        if (is_phrasing(k)) {
            if (!in_run && is_ws_node(k))
                continue;
            in_run = 1;
            chars += t->a[c].chars;
            commas += t->a[c].commas;
            continue;
        }
        if (in_run)
            score_block(t, i, chars, commas, f);
        in_run = 0;
        chars = commas = 0;
    }
    if (in_run)
        score_block(t, i, chars, commas, f);
}

static void score_all(struct tree *t, const struct flags *f)
{
    for (int i = 0; i < t->n; i++) {
        const struct dn *d = &t->v[i];
        if (!t->live[i] || (d->flags & DN_TEXT))
            continue;
        switch (d->tag) {
        case GUMBO_TAG_SECTION: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
        case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
        case GUMBO_TAG_P: case GUMBO_TAG_TD: case GUMBO_TAG_PRE:
            score_block(t, up(t, i), t->a[i].chars, t->a[i].commas, f);
            break;
        case GUMBO_TAG_DIV:
            if (d->flags & DN_ONEP)
                break;
            if (d->flags & DN_ASP)
                score_block(t, up(t, i), t->a[i].chars, t->a[i].commas, f);
            else
                score_runs(t, i, f);
            break;
        default:
            break;
        }
    }
}

/* ---- picking the article ------------------------------------------------ */

/* A part of the article: the subtree of root, or (root < 0) an inline run
 * of children lo..hi read as a paragraph. */
struct piece {
    int root, lo, hi;
    int whole; /* root is the page itself: its children are the top */
};

struct pick {
    struct piece *v;
    int n, cap;
};

static void pick_add(struct pick *k, int root, int lo, int hi, int whole)
{
    if (k->n == k->cap) {
        k->cap = k->cap ? k->cap * 2 : 16;
        k->v = hw_realloc(k->v, (size_t)k->cap * sizeof *k->v);
    }
    k->v[k->n++] = (struct piece){root, lo, hi, whole};
}

/* Live element children of i, up to 2. */
static int child_elements(const struct tree *t, int i)
{
    int n = 0;

    for (int c = first_child(t, i); c >= 0 && n < 2; c = next_sibling(t, c))
        if (t->live[c] && !(t->v[c].flags & DN_TEXT))
            n++;
    return n;
}

/* The plain text of nodes lo..hi (live ones), white space collapsed, cut
 * at cap bytes. */
static void range_text(const struct tree *t, int lo, int hi,
                       struct hw_buf *b, size_t cap)
{
    for (int i = lo; i <= hi && b->len < cap; i++) {
        if (!t->live[i]) {
            i = t->v[i].end;
            continue;
        }
        if (t->v[i].flags & DN_TEXT) {
            for (const char *s = t->v[i].g->v.text.text; *s; s++) {
                if (is_space((unsigned char)*s)) {
                    if (b->len && b->p[b->len - 1] != ' ')
                        hw_buf_addc(b, ' ');
                } else {
                    hw_buf_addc(b, *s);
                }
            }
        }
    }
}

/* Readability's test for a short sibling paragraph: it ends sentences. */
static int has_sentence_end(const struct tree *t, int lo, int hi)
{
    struct hw_buf b;
    int yes = 0;

    hw_buf_init(&b, 4096);
    range_text(t, lo, hi, &b, 400);
    while (b.len && b.p[b.len - 1] == ' ')
        b.len--;
    for (size_t i = 0; i < b.len && !yes; i++)
        yes = b.p[i] == '.' && (i + 1 == b.len || b.p[i + 1] == ' ');
    hw_buf_release(&b);
    return yes;
}

/* Readability's rule for a sibling that is a paragraph (no score). */
static int sibling_para(const struct tree *t, int lo, int hi,
                        uint32_t chars, float link)
{
    double ld = chars ? link / chars : 0;

    if (chars > 80 && ld < 0.25)
        return 1;
    return chars < 80 && chars > 0 && ld == 0 &&
           has_sentence_end(t, lo, hi);
}

/*
 * A page that marks its article body (one element with itemprop
 * articleBody, else one <article>) is believed when the best candidate
 * sits inside that element with less than 80% of its text (and not in a
 * footer or aside of it): the body was split (by ads, by sub-heads) and
 * the scores picked a part of it.
 */
static int prefer_body(struct tree *t, int best, const struct flags *f)
{
    int ab = -1, nab = 0, art = -1, nart = 0;

    for (int i = 0; i < t->n; i++) {
        if (!t->live[i] || (t->v[i].flags & DN_TEXT))
            continue;
        if (t->v[i].tag == GUMBO_TAG_ARTICLE && nart++ == 0)
            art = i;
        if ((t->v[i].flags & DN_ABODY) && nab++ == 0)
            ab = i;
    }
    if (nab != 1) {
        ab = nart == 1 ? art : -1;
        if (ab < 0)
            return best;
    }
    if (best <= ab || best > t->v[ab].end ||
        t->a[best].chars >= 0.8 * t->a[ab].chars ||
        t->a[ab].link > 0.3 * t->a[ab].chars)
        return best;
    /* not when the best is in what the cleaning drops (a footer) */
    for (int a = t->v[best].parent; a > ab; a = t->v[a].parent)
        if (t->v[a].tag == GUMBO_TAG_FOOTER || t->v[a].tag == GUMBO_TAG_ASIDE ||
            t->v[a].tag == GUMBO_TAG_NAV)
            return best;
    if (!t->cand[ab]) {
        t->cand[ab] = 1;
        t->score[ab] = (float)(tag_weight(&t->v[ab]) +
                               (f->weight ? t->v[ab].cw : 0));
    }
    return ab;
}

/*
 * Readability's choice of the article from the scores: the best of the
 * top five candidates (scaled by 1 - link density); an ancestor shared by
 * three near-equal others instead; a parent scoring higher; a parent of
 * which it is the only child; then the siblings that score well, share
 * its class, or are paragraphs of prose.  No candidate: the whole body.
 */
static void pick_article(struct tree *t, struct pick *k,
                         const struct flags *f)
{
    int top[5], nt = 0, best, parent;
    double threshold, bonus_base;
    const char *cls;

    k->n = 0;
    for (int i = 0; i < t->n; i++) {
        double ld;
        int j;
        if (!t->cand[i])
            continue;
        ld = t->a[i].chars ? t->a[i].link / t->a[i].chars : 0;
        t->score[i] *= (float)(1.0 - ld);
        for (j = nt; j > 0 && t->score[top[j - 1]] < t->score[i]; j--)
            if (j < 5)
                top[j] = top[j - 1];
        if (j < 5) {
            top[j] = i;
            if (nt < 5)
                nt++;
        }
    }
    if (nt == 0 || t->v[top[0]].tag == GUMBO_TAG_BODY) {
        int b = t->body;
        pick_add(k, b, b, t->v[b].end, 1);
        return;
    }
    best = top[0];
    {
        /* an ancestor holding three alternatives near the best */
        int alts = 0;
        for (int j = 1; j < nt; j++) {
            if (t->score[top[j]] / t->score[best] < 0.75)
                continue;
            alts++;
            for (int a = up(t, top[j]); a >= 0; a = up(t, a))
                t->mark[a]++;
        }
        if (alts >= 3)
            for (int a = up(t, best); a >= 0 && a != t->body; a = up(t, a))
                if (t->mark[a] >= 3) {
                    best = a;
                    break;
                }
        for (int j = 1; j < nt; j++)
            if (t->score[top[j]] / t->score[top[0]] >= 0.75)
                for (int a = up(t, top[j]); a >= 0; a = up(t, a))
                    t->mark[a] = 0;
    }
    if (!t->cand[best]) {
        t->cand[best] = 1;
        t->score[best] = (float)(tag_weight(&t->v[best]) +
                                 (f->weight ? t->v[best].cw : 0));
    }
    {
        /* a parent that scores higher */
        double last = t->score[best], floor_ = last / 3;
        for (int a = up(t, best); a >= 0 && a != t->body; a = up(t, a)) {
            if (!t->cand[a])
                continue;
            if (t->score[a] < floor_)
                break;
            if (t->score[a] > last) {
                best = a;
                break;
            }
            last = t->score[a];
        }
    }
    /* the only child: its parent */
    for (int a = up(t, best); a >= 0 && a != t->body &&
                              child_elements(t, a) == 1;
         a = up(t, a))
        best = a;
    if (!t->cand[best]) {
        t->cand[best] = 1;
        t->score[best] = (float)(tag_weight(&t->v[best]) +
                                 (f->weight ? t->v[best].cw : 0));
    }

    best = prefer_body(t, best, f);
    parent = up(t, best);
    if (parent < 0) {
        pick_add(k, best, best, t->v[best].end, 0);
        return;
    }
    threshold = t->score[best] * 0.2 > 10 ? t->score[best] * 0.2 : 10;
    bonus_base = t->score[best] * 0.2;
    cls = attr(t->v[best].g, "class");
    for (int c = first_child(t, parent); c >= 0; c = next_sibling(t, c)) {
        const struct dn *d = &t->v[c];
        int e = c, take;
        if (!t->live[c])
            continue;
        if ((d->flags & DN_TEXT) || (is_phrasing(d) && !t->cand[c])) {
            /* a run of inline content: a paragraph in a div */
            int lo = c, hi = c;
            uint32_t chars = 0;
            float link = 0;
            if (t->v[parent].tag != GUMBO_TAG_DIV || is_ws_node(d))
                continue;
            for (int x = c; x >= 0 && (!t->live[x] || is_phrasing(&t->v[x]));
                 x = next_sibling(t, x)) {
                hi = t->v[x].end;
                c = x;
                if (!t->live[x])
                    continue;
                chars += t->a[x].chars;
                link += t->a[x].link;
            }
            if (sibling_para(t, lo, hi, chars, link))
                pick_add(k, -1, lo, hi, 0);
            continue;
        }
        while (t->v[e].flags & DN_ONEP) {
            int x = first_child(t, e);
            while (x >= 0 && t->v[x].tag != GUMBO_TAG_P)
                x = next_sibling(t, x);
            if (x < 0)
                break;
            e = x;
        }
        take = c == best || e == best;
        if (!take && t->cand[e]) {
            const char *sc = attr(t->v[e].g, "class");
            double bonus = cls && cls[0] && sc && strcmp(sc, cls) == 0
                               ? bonus_base : 0;
            take = t->score[e] + bonus >= threshold;
        }
        if (!take && (t->v[e].tag == GUMBO_TAG_P ||
                      (t->v[e].flags & DN_ASP)))
            take = sibling_para(t, e, t->v[e].end, t->a[e].chars,
                                t->a[e].link);
        if (take)
            pick_add(k, e, e, t->v[e].end, 0);
    }
}

/* ---- writing the article ------------------------------------------------ */

/*
 * The picked pieces are written out in one forward pass with a stack of
 * open elements.  Inline content collects into the paragraph being read
 * (plain text and HTML side by side); a block element ends it.  Each
 * paragraph is written with the tag of the innermost open block: p,
 * h2-h6 (h1 becomes h2), pre, figcaption, a list item or a table cell;
 * lists, block quotes, figures and data tables are kept as containers.
 * Images go out as <img src alt> (a lazy image's real source when the
 * src is a placeholder).  The HTML is sanitised afterwards by
 * feed_html_sanitize(), which also makes the links absolute.
 */

struct open {
    int end;             /* the last node inside */
    int where;           /* the parent of the element */
    int block;           /* the innermost block entry, this one or below */
    const char *wrap;    /* tag for paragraphs directly inside, or NULL */
    const char *close;   /* written when it ends, or NULL */
    int inline_, row, fig;
};

struct out {
    struct hw_buf text, html; /* the result */
    struct hw_buf pt, ph;     /* the paragraph: text, HTML */
    struct hw_buf row;        /* a data-table row's text */
    int space, has_img, pre;
    uint32_t pchars, plink;
    uint64_t chars, link, paras;
    uint64_t linked_heads;     /* headings that are links: teasers */
    struct open *st;
    int sn, scap;
    const char *title, *byline; /* not repeated in the text */
    struct seen {
        uint64_t h;            /* hash of the text, 0 for none */
        int where;             /* its container */
    } *seen;                   /* the paragraphs written */
    size_t nseen, seen_cap;
    struct hw_buf pend_t, pend_h; /* a paragraph held back (a copy?) */
    uint32_t pend_chars, pend_link;
    int pending, copy_run;
    int where;                 /* parent of the element being opened */
    int rows, figs;            /* data-table rows, figures open */
};

static void html_escape(struct hw_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '<': hw_buf_adds(b, "&lt;"); break;
        case '>': hw_buf_adds(b, "&gt;"); break;
        case '&': hw_buf_adds(b, "&amp;"); break;
        case '"': hw_buf_adds(b, "&quot;"); break;
        default: hw_buf_addc(b, s[i]); break;
        }
    }
}

static void out_init(struct out *o)
{
    memset(o, 0, sizeof *o);
    hw_buf_init(&o->text, TEXT_MAX);
    hw_buf_init(&o->html, HTML_MAX);
    hw_buf_init(&o->pt, TEXT_MAX);
    hw_buf_init(&o->ph, HTML_MAX);
    hw_buf_init(&o->row, TEXT_MAX);
    hw_buf_init(&o->pend_t, TEXT_MAX);
    hw_buf_init(&o->pend_h, HTML_MAX);
}

static void out_reset(struct out *o)
{
    hw_buf_reset(&o->text);
    hw_buf_reset(&o->html);
    hw_buf_reset(&o->pt);
    hw_buf_reset(&o->ph);
    hw_buf_reset(&o->row);
    o->space = o->has_img = o->pre = 0;
    o->pchars = o->plink = 0;
    o->chars = o->link = o->paras = o->linked_heads = 0;
    o->sn = 0;
    o->rows = o->figs = 0;
    o->pending = o->copy_run = 0;
    if (o->seen)
        memset(o->seen, 0, o->seen_cap * sizeof *o->seen);
    o->nseen = 0;
}

static void out_release(struct out *o)
{
    hw_buf_release(&o->text);
    hw_buf_release(&o->html);
    hw_buf_release(&o->pt);
    hw_buf_release(&o->ph);
    hw_buf_release(&o->row);
    hw_buf_release(&o->pend_t);
    hw_buf_release(&o->pend_h);
    hw_free(o->st);
    hw_free(o->seen);
}

/* Inside a data-table row, a figure?  Counted, so no walk of the stack. */
static int in_row(const struct out *o)
{
    return o->rows > 0;
}

static int in_figure(const struct out *o)
{
    return o->figs > 0;
}

/* Lines that are never article text, whatever block they are in. */
static int is_boilerplate(const char *s, size_t n)
{
    /* a whole paragraph that says only this */
    static const char *const lines[] = {
        "advertisement", "advertisements", "sponsored", "ad", "loading",
        "comments", "share", "share this", "share this article",
        "share this story", "related", "related articles",
        "related stories", "related content", "read more", "see more",
        "more", "photo", "photos", "image", "video", NULL,
    };
    /* a short paragraph that starts so: a prompt, a credit */
    static const char *const starts[] = {
        "read more:", "related:", "see also:", "more:", "watch:",
        "listen:", "also read:", "recommended:", "click here to",
        "sign up for", "subscribe to", "follow us on", "share on ",
        "share this", "continue reading", "story continues below",
        "article continues below", "skip to", "photo:", "photos:",
        "photo by ", "photos by ", "photograph:", "photograph by ",
        "photography:", "photography by ", "image:", "images:",
        "image by ", "image credit", "credit:", "credits:", "picture:",
        "pictures:", "illustration:", "illustration by ", "(photo",
        "(image", "file photo", "copyright \xc2\xa9", "\xc2\xa9 ",
        "published:", "updated:", "posted:", "last updated",
        "first published", "posted on ", "published on ", NULL,
    };
    /* a short paragraph that ends so: an image credit */
    static const char *const ends[] = {
        "getty images", "getty images)", "/reuters", "/ reuters",
        "/ap", "/ap)", "/afp", "afp/getty", "shutterstock", "/istock",
        "istockphoto", NULL,
    };
    /* a paragraph of no more than a few lines that says this */
    static const char *const says[] = {
        "all rights reserved", "post a comment", "leave a comment",
        "add a comment", "to comment", "comments are subject",
        "sign up for our", "subscribe to our", "join our newsletter",
        "our newsletter", "download the app", "download our app",
        "follow us on", "like us on facebook", "terms of service",
        "terms of use", "privacy policy", "without permission",
        "may not be reproduced", "copyrighted property", NULL,
    };
    struct hw_str t = {s, n};

    for (int i = 0; lines[i]; i++)
        if (hw_str_ieq(t, lines[i]))
            return 1;
    if (n <= 300)
        for (int i = 0; says[i]; i++)
            for (size_t j = 0; j + strlen(says[i]) <= n; j++)
                if (ci_prefix(s + j, n - j, says[i]))
                    return 1;
    if (n > 100)
        return 0;
    for (int i = 0; starts[i]; i++)
        if (ci_prefix(s, n, starts[i]))
            return 1;
    for (int i = 0; ends[i]; i++) {
        size_t k = strlen(ends[i]);
        if (n >= k && ci_prefix(s + n - k, k, ends[i]))
            return 1;
    }
    return 0;
}

/*
 * Has a paragraph of this text been written already, from another
 * container?  (And note it.)  A page that holds its article twice (one
 * copy for small screens) has each paragraph in two containers; the same
 * paragraph repeated in one container is the text.  Short ones (a name,
 * "Photo") are let repeat.
 */
static int seen_before(struct out *o, const char *s, size_t n, int where)
{
    uint64_t h = 1469598103934665603ull;
    size_t i;

    if (n < 40)
        return 0;
    for (i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    h |= 1;
    if ((o->nseen + 1) * 2 > o->seen_cap) {
        size_t cap = o->seen_cap ? o->seen_cap * 2 : 256;
        struct seen *v = hw_calloc(cap, sizeof *v);
        for (size_t j = 0; j < o->seen_cap; j++) {
            if (!o->seen[j].h)
                continue;
            for (i = (size_t)o->seen[j].h & (cap - 1); v[i].h;
                 i = (i + 1) & (cap - 1))
                ;
            v[i] = o->seen[j];
        }
        hw_free(o->seen);
        o->seen = v;
        o->seen_cap = cap;
    }
    for (i = (size_t)h & (o->seen_cap - 1); o->seen[i].h;
         i = (i + 1) & (o->seen_cap - 1))
        if (o->seen[i].h == h)
            return o->seen[i].where != where;
    o->seen[i] = (struct seen){h, where};
    o->nseen++;
    return 0;
}

/* The container of the paragraph being read: the parent of its block. */
static int cur_where(const struct out *o)
{
    return o->sn && o->st[o->sn - 1].block >= 0
               ? o->st[o->st[o->sn - 1].block].where : -1;
}

/* Write a paragraph held back as a possible copy: it was not one. */
static void settle(struct out *o)
{
    if (!o->pending)
        return;
    o->pending = 0;
    if (o->text.len)
        hw_buf_adds(&o->text, "\n\n");
    hw_buf_add(&o->text, o->pend_t.p, o->pend_t.len);
    hw_buf_add(&o->html, o->pend_h.p, o->pend_h.len);
    o->paras++;
    o->chars += o->pend_chars;
    o->link += o->pend_link;
}

static void flush(struct out *o, const char *wrap)
{
    struct hw_str t = hw_str_trim((struct hw_str){o->pt.p, o->pt.len});
    int keep = t.len > 0, row = in_row(o), copy = 0;

    if (keep && (is_boilerplate(t.p, t.len) ||
                 (o->byline && hw_str_eq(t, o->byline)) ||
                 (o->title && hw_str_eq(t, o->title))))
        keep = 0;
    if (keep && wrap && strcmp(wrap, "figcaption") == 0) {
        /* in the HTML, not in the text: credits and repeats, mostly */
        settle(o);
        hw_buf_printf(&o->html, "<figcaption>");
        hw_buf_add(&o->html, o->ph.p, o->ph.len);
        hw_buf_adds(&o->html, "</figcaption>");
        keep = 0;
        o->has_img = 0;
    }
    /*
     * A paragraph seen before in another container may be the second copy
     * of the article; two such in a row are, and so is the rest of the
     * run.  A single one (a pull quote) is written after all.
     */
    if (keep && !row)
        copy = seen_before(o, t.p, t.len, cur_where(o));
    if (copy && (o->copy_run || o->pending)) {
        o->pending = 0;
        o->copy_run = 1;
        keep = 0;
    } else if (copy) {
        hw_buf_reset(&o->pend_t);
        hw_buf_reset(&o->pend_h);
        hw_buf_add(&o->pend_t, t.p, t.len);
        if (wrap)
            hw_buf_printf(&o->pend_h, "<%s>", wrap);
        hw_buf_add(&o->pend_h, o->ph.p, o->ph.len);
        if (wrap)
            hw_buf_printf(&o->pend_h, "</%s>", wrap);
        o->pend_chars = o->pchars;
        o->pend_link = o->plink;
        o->pending = 1;
        keep = 0;
        o->has_img = 0;
    } else if (keep) {
        o->copy_run = 0;
    }
    if (keep || o->has_img)
        settle(o);
    if (keep) {
        if (row) {
            if (o->row.len)
                hw_buf_adds(&o->row, " | ");
            hw_buf_add(&o->row, t.p, t.len);
        } else {
            if (o->text.len)
                hw_buf_adds(&o->text, "\n\n");
            hw_buf_add(&o->text, t.p, t.len);
            o->paras++;
        }
        o->chars += o->pchars;
        o->link += o->plink;
        if (wrap && wrap[0] == 'h' && wrap[1] >= '2' && wrap[1] <= '6' &&
            o->plink * 5 >= o->pchars * 4)
            o->linked_heads++;
    }
    if (keep || o->has_img) {
        if (wrap)
            hw_buf_printf(&o->html, "<%s>", wrap);
        hw_buf_add(&o->html, o->ph.p, o->ph.len);
        if (wrap)
            hw_buf_printf(&o->html, "</%s>", wrap);
    }
    hw_buf_reset(&o->pt);
    hw_buf_reset(&o->ph);
    o->space = o->has_img = 0;
    o->pchars = o->plink = 0;
}

/* The paragraph tag of the innermost open block. */
static const char *cur_wrap(const struct out *o)
{
    return o->sn && o->st[o->sn - 1].block >= 0
               ? o->st[o->st[o->sn - 1].block].wrap : "p";
}

static void push(struct out *o, int end, const char *wrap, const char *close,
                 int inline_)
{
    int where = o->where;

    if (o->sn == o->scap) {
        o->scap = o->scap ? o->scap * 2 : 64;
        o->st = hw_realloc(o->st, (size_t)o->scap * sizeof *o->st);
    }
    o->st[o->sn] = (struct open){end, where, -1, wrap, close, inline_, 0, 0};
    o->st[o->sn].block = !inline_ ? o->sn : o->sn ? o->st[o->sn - 1].block
                                                   : -1;
    o->sn++;
}

/* Close what ends before node i (all, for i < 0). */
static void pop_to(struct out *o, int i)
{
    while (o->sn && (i < 0 || o->st[o->sn - 1].end < i)) {
        struct open *e = &o->st[o->sn - 1];
        if (e->inline_) {
            if (e->close)
                hw_buf_adds(&o->ph, e->close);
            o->sn--;
            continue;
        }
        flush(o, e->wrap);
        if (e->close) {
            settle(o);
            hw_buf_adds(&o->html, e->close);
        }
        if (e->fig)
            o->figs--;
        if (e->row) {
            o->rows--;
            settle(o);
            if (o->row.len) {
                if (o->text.len)
                    hw_buf_adds(&o->text, "\n\n");
                hw_buf_add(&o->text, o->row.p, o->row.len);
                o->paras++;
            }
            hw_buf_reset(&o->row);
        }
        o->sn--;
    }
}

/* The length of a Unicode space at s (no-break, en to hair, narrow
 * no-break, ideographic), 0 if there is none. */
static size_t uspace(const unsigned char *s)
{
    if (s[0] == 0xC2 && s[1] == 0xA0)
        return 2;
    if (s[0] == 0xE2 && s[1] == 0x80 &&
        ((s[2] >= 0x80 && s[2] <= 0x8B) || s[2] == 0xAF))
        return 3;
    if (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
        return 3;
    return 0;
}

/* Append text node d to the paragraph, white space collapsed (Unicode
 * spaces too) unless in <pre>. */
static void add_text(struct out *o, const struct dn *d)
{
    const char *s = d->g->v.text.text;
    int link = (d->flags & DN_LINK) != 0;

    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (!(d->flags & DN_PRE)) {
            size_t u = is_space(c) ? 1
                       : c >= 0xC2 ? uspace((const unsigned char *)s) : 0;
            if (u) {
                s += u - 1;
                o->space = o->pt.len > 0;
                continue;
            }
        }
        if (o->space) {
            hw_buf_addc(&o->pt, ' ');
            hw_buf_addc(&o->ph, ' ');
            o->space = 0;
        }
        if (c == '\r')
            continue;
        hw_buf_addc(&o->pt, (char)c);
        html_escape(&o->ph, (const char *)&c, 1);
        if ((c & 0xC0) != 0x80 && !is_space(c)) {
            o->pchars++;
            o->plink += (uint32_t)link;
        }
    }
}

/* An attribute value, escaped, as ` name="value"`. */
static void add_attr(struct hw_buf *b, const char *name, const char *v)
{
    if (!v)
        return;
    hw_buf_printf(b, " %s=\"", name);
    html_escape(b, v, strlen(v));
    hw_buf_addc(b, '"');
}

/* The source of an image: src, or a lazy loader's when src is missing or
 * a placeholder (a data: URI, a 1x1 gif). */
static const char *img_src(const GumboNode *g)
{
    static const char *const lazy[] = {
        "data-src", "data-original", "data-lazy-src", "data-url",
        "data-hi-res-src", "data-srcset", "srcset", NULL,
    };
    const char *s = attr(g, "src");

    if (s && *s && !ci_prefix(s, strlen(s), "data:"))
        return s;
    for (int i = 0; lazy[i]; i++)
        if ((s = attr(g, lazy[i])) != NULL && *s &&
            !ci_prefix(s, strlen(s), "data:"))
            return s;
    return NULL;
}

static void add_img(struct out *o, const GumboNode *g)
{
    const char *src = img_src(g);
    char first[1024];

    if (!src)
        return;
    /* a srcset: its first URL */
    if (strchr(src, ' ') || strchr(src, ',')) {
        size_t n = strcspn(src, " ,");
        if (n == 0 || n >= sizeof first)
            return;
        memcpy(first, src, n);
        first[n] = '\0';
        src = first;
    }
    if (o->space) {
        hw_buf_addc(&o->ph, ' ');
        o->space = 0;
    }
    hw_buf_adds(&o->ph, "<img");
    add_attr(&o->ph, "src", src);
    add_attr(&o->ph, "alt", attr(g, "alt"));
    hw_buf_adds(&o->ph, ">");
    o->has_img = 1;
}

/* The next live sibling of c that is not blank text, or -1. */
static int next_shown(const struct tree *t, int c)
{
    for (c = next_sibling(t, c); c >= 0; c = next_sibling(t, c))
        if (t->live[c] && !(t->v[c].flags & DN_WS))
            return c;
    return -1;
}

static void open_element(struct out *o, const struct tree *t, int i)
{
    const struct dn *d = &t->v[i];
    int end = d->end, data = (d->flags & DN_DATA) != 0;

    switch (d->tag) {
    case GUMBO_TAG_A: case GUMBO_TAG_EM: case GUMBO_TAG_STRONG:
    case GUMBO_TAG_B: case GUMBO_TAG_I: case GUMBO_TAG_SUP:
    case GUMBO_TAG_SUB: case GUMBO_TAG_CODE:
        if ((d->flags & DN_EBLK) || (d->flags & DN_PRE)) {
            push(o, end, NULL, NULL, 1);
            return;
        }
        if (o->space) {
            hw_buf_addc(&o->ph, ' ');
            hw_buf_addc(&o->pt, ' ');
            o->space = 0;
        }
        if (d->tag == GUMBO_TAG_A) {
            const char *href = attr(d->g, "href");
            if (!href || href[0] == '#') {
                push(o, end, NULL, NULL, 1);
                return;
            }
            hw_buf_adds(&o->ph, "<a");
            add_attr(&o->ph, "href", href);
            hw_buf_adds(&o->ph, ">");
            push(o, end, NULL, "</a>", 1);
            return;
        }
        {
            const char *n = gumbo_normalized_tagname(d->tag);
            hw_buf_printf(&o->ph, "<%s>", n);
            push(o, end, NULL, d->tag == GUMBO_TAG_EM ? "</em>"
                               : d->tag == GUMBO_TAG_STRONG ? "</strong>"
                               : d->tag == GUMBO_TAG_B ? "</b>"
                               : d->tag == GUMBO_TAG_I ? "</i>"
                               : d->tag == GUMBO_TAG_SUP ? "</sup>"
                               : d->tag == GUMBO_TAG_SUB ? "</sub>"
                                                         : "</code>", 1);
        }
        return;
    default:
        break;
    }
    if (!is_emit_block(d->tag) && !(d->flags & DN_EBLK)) {
        push(o, end, NULL, NULL, 1); /* inline: only its content counts */
        return;
    }
    flush(o, cur_wrap(o));
    if (d->tag == GUMBO_TAG_UL || d->tag == GUMBO_TAG_OL ||
        d->tag == GUMBO_TAG_LI || d->tag == GUMBO_TAG_BLOCKQUOTE ||
        d->tag == GUMBO_TAG_FIGURE || (data && (d->tag == GUMBO_TAG_TABLE ||
                                                d->tag == GUMBO_TAG_TR ||
                                                d->tag == GUMBO_TAG_TD ||
                                                d->tag == GUMBO_TAG_TH ||
                                                d->tag == GUMBO_TAG_CAPTION)))
        settle(o); /* HTML is written now */
    switch (d->tag) {
    case GUMBO_TAG_UL: case GUMBO_TAG_OL:
        hw_buf_adds(&o->html, d->tag == GUMBO_TAG_UL ? "<ul>" : "<ol>");
        push(o, end, "li", d->tag == GUMBO_TAG_UL ? "</ul>" : "</ol>", 0);
        break;
    case GUMBO_TAG_LI:
        hw_buf_adds(&o->html, "<li>");
        push(o, end, NULL, "</li>", 0);
        break;
    case GUMBO_TAG_BLOCKQUOTE:
        hw_buf_adds(&o->html, "<blockquote>");
        push(o, end, "p", "</blockquote>", 0);
        break;
    case GUMBO_TAG_FIGURE:
        hw_buf_adds(&o->html, "<figure>");
        push(o, end, NULL, "</figure>", 0);
        o->st[o->sn - 1].fig = 1;
        o->figs++;
        break;
    case GUMBO_TAG_FIGCAPTION:
        push(o, end, "figcaption", NULL, 0);
        break;
    case GUMBO_TAG_PRE:
        push(o, end, "pre", NULL, 0);
        break;
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
    case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
        push(o, end, d->tag == GUMBO_TAG_H3 ? "h3" : d->tag == GUMBO_TAG_H4
                     ? "h4" : d->tag == GUMBO_TAG_H5 ? "h5"
                     : d->tag == GUMBO_TAG_H6 ? "h6" : "h2", NULL, 0);
        break;
    case GUMBO_TAG_TABLE:
        if (data) {
            hw_buf_adds(&o->html, "<table>");
            push(o, end, "p", "</table>", 0);
        } else {
            push(o, end, "p", NULL, 0);
        }
        break;
    case GUMBO_TAG_TR:
        if (data) {
            hw_buf_adds(&o->html, "<tr>");
            push(o, end, NULL, "</tr>", 0);
            o->st[o->sn - 1].row = 1;
            o->rows++;
        } else {
            push(o, end, "p", NULL, 0);
        }
        break;
    case GUMBO_TAG_TD: case GUMBO_TAG_TH:
        if (data) {
            int th = d->tag == GUMBO_TAG_TH;
            hw_buf_adds(&o->html, th ? "<th>" : "<td>");
            push(o, end, NULL, th ? "</th>" : "</td>", 0);
        } else {
            push(o, end, "p", NULL, 0);
        }
        break;
    case GUMBO_TAG_CAPTION:
        if (data) {
            hw_buf_adds(&o->html, "<caption>");
            push(o, end, NULL, "</caption>", 0);
        } else {
            push(o, end, "p", NULL, 0);
        }
        break;
    default:
        push(o, end, in_figure(o) ? NULL : "p", NULL, 0);
        break;
    }
}

/* Write piece k of the article. */
static void emit_piece(struct out *o, const struct tree *t,
                       const struct piece *k)
{
    int lo = k->lo, hi = k->hi;

    o->where = t->v[lo].parent;
    if (k->root < 0) /* an inline run: one paragraph */
        push(o, hi, "p", NULL, 0);
    for (int i = lo; i <= hi; i++) {
        const struct dn *d = &t->v[i];

        pop_to(o, i);
        if (!t->live[i] || t->drop[i]) {
            i = d->end;
            continue;
        }
        if (d->flags & DN_TEXT) {
            add_text(o, d);
            continue;
        }
        switch (d->tag) {
        case GUMBO_TAG_BR: {
            int nx = next_shown(t, i);
            if (nx >= 0 && t->v[nx].tag == GUMBO_TAG_BR)
                flush(o, cur_wrap(o));
            else if (o->pt.len)
                o->space = 1;
            continue;
        }
        case GUMBO_TAG_HR:
            flush(o, cur_wrap(o));
            continue;
        case GUMBO_TAG_IMG:
            add_img(o, d->g);
            continue;
        case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE: case GUMBO_TAG_FOOTER:
        case GUMBO_TAG_BUTTON: case GUMBO_TAG_SELECT:
        case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_INPUT:
        case GUMBO_TAG_OPTION:
            i = d->end;
            continue;
        default:
            break;
        }
        o->where = d->parent;
        if (i == k->root && k->whole) {
            push(o, d->end, "p", NULL, 0);
            continue;
        }
        open_element(o, t, i);
    }
    pop_to(o, -1);
    flush(o, "p");
    settle(o);
}

/* ---- the attempts ------------------------------------------------------ */

/* One attempt with flags f: scores, the pick, the cleaning, the text. */
static void attempt(struct tree *t, const struct flags *f, struct pick *k,
                    struct out *o)
{
    tree_live(t, f->strip);
    tree_sum(t, 0, t->n - 1, 0, -1, 0, f);
    score_all(t, f);
    pick_article(t, k, f);
    for (int j = 0; j < k->n; j++)
        tree_sum(t, k->v[j].lo, k->v[j].hi, 1, k->v[j].root, k->v[j].whole,
                 f);
    out_reset(o);
    for (int j = 0; j < k->n; j++)
        emit_piece(o, t, &k->v[j]);
}

/*
 * Readability's retries: a result shorter than CHAR_THRESHOLD is tried
 * again without removing unlikely candidates, then without class
 * weights, then without conditional cleaning; if none is long enough the
 * longest wins.  Unlike Readability, text in links does not count here:
 * a result that is mostly links (a menu) is no success, and the longest
 * is the one with the most text outside links, times the share of such
 * text.  Each attempt is linear in the page.
 */
static void extract_text(struct tree *t, struct out *o)
{
    static const struct flags tries[] = {
        {1, 1, 1}, {0, 1, 1}, {0, 0, 1}, {0, 0, 0},
    };
    struct pick k = {NULL, 0, 0};
    double best_len = 0;
    int best = 0, last = -1;

    if (t->n == 0 || !t->body) {
        hw_free(k.v);
        return;
    }
    for (int a = 0; a < 4; a++) {
        double own;
        attempt(t, &tries[a], &k, o);
        last = a;
        /* text out of links, weighed by its share of the text */
        own = o->chars ? (double)(o->chars - o->link) *
                             (double)(o->chars - o->link) / (double)o->chars
                       : 0;
        if (o->text.len >= CHAR_THRESHOLD && o->link * 2 <= o->chars) {
            best = a;
            break;
        }
        if (own > best_len) {
            best_len = own;
            best = a;
        }
    }
    if (best != last)
        attempt(t, &tries[best], &k, o);
    hw_free(k.v);
}

/* ---- JSON-LD articleBody as a cross-check ------------------------------ */

/*
 * Many publishers put the whole article text in the JSON-LD articleBody
 * (others a teaser, or nothing).  When the body is long and the text
 * found in the page holds less than half of its words, the page was read
 * wrong (a script-built page, a body the scorer missed) and the body is
 * the better text (use_body() has the rule).  Words are compared as a
 * multiset of hashes in an open-addressing table: linear.
 */
#define BODY_MIN 500  /* a shorter articleBody is likely a teaser */

struct wset {
    uint64_t *key;
    uint32_t *n;
    size_t cap;
};

static uint64_t word_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;

    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)lower((unsigned char)s[i])) *
            1099511628211ull;
    return h | 1; /* never 0, the empty slot */
}

static int word_byte(unsigned char c)
{
    return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' &&
                                                   (c | 0x20) <= 'z');
}

/* Call f on every word of s[0..n) (runs of ASCII letters, digits and
 * non-ASCII bytes). */
static size_t for_words(const char *s, size_t n,
                        void (*f)(struct wset *, uint64_t, size_t *),
                        struct wset *w, size_t *acc)
{
    size_t words = 0, i = 0;

    while (i < n) {
        size_t b;
        while (i < n && !word_byte((unsigned char)s[i]))
            i++;
        for (b = i; i < n && word_byte((unsigned char)s[i]); i++)
            ;
        if (i > b) {
            words++;
            f(w, word_hash(s + b, i - b), acc);
        }
    }
    return words;
}

static size_t ws_slot(const struct wset *w, uint64_t h)
{
    size_t i = (size_t)(h ^ (h >> 29)) & (w->cap - 1);

    while (w->key[i] && w->key[i] != h)
        i = (i + 1) & (w->cap - 1);
    return i;
}

static void ws_add(struct wset *w, uint64_t h, size_t *acc)
{
    size_t i = ws_slot(w, h);

    (void)acc;
    w->key[i] = h;
    w->n[i]++;
}

static void ws_take(struct wset *w, uint64_t h, size_t *acc)
{
    size_t i = ws_slot(w, h);

    if (w->key[i] && w->n[i]) {
        w->n[i]--;
        (*acc)++;
    }
}

/* The share of the words of a found in b (as multisets). */
static double words_in(const char *a, size_t an, const char *b, size_t bn)
{
    struct wset w;
    size_t words = 0, common = 0, acc = 0;

    /* every word is at least two bytes with its separator */
    for (w.cap = 64; w.cap < an; w.cap *= 2)
        ;
    w.key = hw_calloc(w.cap, sizeof *w.key);
    w.n = hw_calloc(w.cap, sizeof *w.n);
    words = for_words(a, an, ws_add, &w, &acc);
    for_words(b, bn, ws_take, &w, &common);
    hw_free(w.key);
    hw_free(w.n);
    return words ? (double)common / (double)words : 0;
}

/*
 * Is the articleBody the better text?  When it is long (BODY_MIN) or
 * more than twice what was found, and the text found holds less than
 * half of its words; or when nothing was found.
 */
static int use_body(const char *body, const struct out *o, int rc)
{
    size_t n = strlen(body);

    if (n < MIN_PROSE || (n < BODY_MIN && n < 2 * o->text.len))
        return 0;
    return rc != 0 || words_in(body, n, o->text.p, o->text.len) < 0.5;
}

/* The articleBody (text or HTML) as paragraphs, into o; 0 if empty. */
static int body_text(const char *body, struct out *o)
{
    struct hw_buf t;
    size_t i = 0;
    int ok = 0;

    hw_buf_init(&t, TEXT_MAX);
    if (strstr(body, "</") || strstr(body, "<p") || strstr(body, "<br") ||
        strstr(body, "<P") || strstr(body, "<BR"))
        feed_html_text(body, strlen(body), &t); /* HTML, not just a '<' */
    else
        hw_buf_add_utf8(&t, body, strlen(body));
    if (!t.err && hw_str_trim((struct hw_str){t.p, t.len}).len > 0) {
        out_reset(o);
        /* a line break ends a paragraph */
        while (i < t.len) {
            size_t e = i;
            while (e < t.len && t.p[e] != '\n')
                e++;
            hw_buf_reset(&o->pt);
            hw_buf_reset(&o->ph);
            for (size_t j = i; j < e; j++) {
                char c = t.p[j];
                if (is_space((unsigned char)c)) {
                    o->space = o->pt.len > 0;
                    continue;
                }
                if (o->space) {
                    hw_buf_addc(&o->pt, ' ');
                    hw_buf_addc(&o->ph, ' ');
                    o->space = 0;
                }
                hw_buf_addc(&o->pt, c);
                html_escape(&o->ph, &c, 1);
                if (((unsigned char)c & 0xC0) != 0x80)
                    o->pchars++;
            }
            flush(o, "p");
            i = e + 1;
        }
        settle(o);
        ok = o->text.len > 0;
    }
    hw_buf_release(&t);
    return ok;
}

/*
 * Is what was found an article?  Not when it is mostly link text (a
 * menu), nor when a quarter of its paragraphs or more are headings that
 * are links (teasers: a linked headline and a summary, over and over),
 * unless the page says it is an article.  A short text (under
 * MIN_ARTICLE) is one when the page says it is an article or a video
 * (og:type, article:published_time, JSON-LD), whose text may be a few
 * lines; when it is most of what the page has to say; or when it is at
 * least a sentence of prose.
 */
static int is_article(const struct tree *t, const struct out *o,
                      int is_content)
{
    double own, page;

    if (o->text.len == 0 || o->chars == 0)
        return 0;
    if ((double)o->link / (double)o->chars > 0.5)
        return 0;
    if (!is_content && o->linked_heads >= 3 &&
        o->linked_heads * 4 >= o->paras)
        return 0;
    if (o->text.len >= MIN_ARTICLE || is_content)
        return 1;
    own = (double)(o->chars - o->link);
    page = (double)t->body_chars - t->body_link;
    return own >= 0.4 * page ||
           (own >= MIN_PROSE && memchr(o->text.p, '.', o->text.len));
}

/* ---- the page ---------------------------------------------------------- */

/*
 * gumbo's memory: a bump arena freed at once when the page is done, since
 * a parse makes a great many small allocations that all die together
 * (malloc and free were a tenth of the time), and the tree is then
 * dropped without a walk.  Every block has a header whose byte 16 before
 * the block says where it came from: big blocks, and all blocks once the
 * arena holds ARENA_MAX, come from the heap, on a list, and are freed one
 * by one when gumbo frees them, the rest with the arena.
 */
#define ARENA_CHUNK (256u * 1024)
#define ARENA_BIG (16u * 1024)
#define ARENA_MAX (256u * 1024 * 1024)

struct big {
    struct big *prev, *next;
    char tag[16]; /* tag[0] == 'h' */
};

struct arena {
    char **chunks;
    size_t n, cap;      /* chunks */
    size_t used, room;  /* in the last chunk */
    size_t total;
    struct big *bigs;
};

static void *g_alloc(void *ud, size_t n)
{
    struct arena *a = ud;
    char *p;

    n = (n + 15) & ~(size_t)15;
    if (n > ARENA_BIG || a->total >= ARENA_MAX) {
        struct big *b = hw_malloc(sizeof *b + n);
        b->prev = NULL;
        b->next = a->bigs;
        if (a->bigs)
            a->bigs->prev = b;
        a->bigs = b;
        b->tag[0] = 'h';
        return b + 1;
    }
    if (a->used + n + 16 > a->room) {
        if (a->n == a->cap) {
            a->cap = a->cap ? a->cap * 2 : 16;
            a->chunks = hw_realloc(a->chunks, a->cap * sizeof *a->chunks);
        }
        a->chunks[a->n++] = hw_malloc(ARENA_CHUNK);
        a->used = 0;
        a->room = ARENA_CHUNK;
        a->total += ARENA_CHUNK;
    }
    p = a->chunks[a->n - 1] + a->used;
    a->used += n + 16;
    p[0] = 'a';
    return p + 16;
}

static void g_free(void *ud, void *p)
{
    struct arena *a = ud;
    struct big *b;

    if (!p || ((char *)p)[-16] != 'h')
        return;
    b = (struct big *)p - 1;
    if (b->prev)
        b->prev->next = b->next;
    else
        a->bigs = b->next;
    if (b->next)
        b->next->prev = b->prev;
    hw_free(b);
}

/* Free all gumbo allocated: its whole tree. */
static void arena_free(struct arena *a)
{
    for (size_t i = 0; i < a->n; i++)
        hw_free(a->chunks[i]);
    hw_free(a->chunks);
    while (a->bigs) {
        struct big *b = a->bigs;
        a->bigs = b->next;
        hw_free(b);
    }
}

/* Not HTML: a known binary signature in the raw bytes. */
static const char *binary_sig(const char *p, size_t len)
{
    static const struct {
        const char *sig;
        size_t n;
        const char *what;
    } sigs[] = {
        {"%PDF", 4, "a PDF document"},
        {"\x89PNG", 4, "a PNG image"},
        {"GIF8", 4, "a GIF image"},
        {"\xFF\xD8\xFF", 3, "a JPEG image"},
        {"PK\x03\x04", 4, "a ZIP archive"},
        {"\x1F\x8B", 2, "gzip data"},
        {"RIFF", 4, "a RIFF file (WebP, WAV, AVI)"},
    };

    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        if (len >= sigs[i].n && memcmp(p, sigs[i].sig, sigs[i].n) == 0)
            return sigs[i].what;
    return NULL;
}

/* Not HTML, seen in the decoded text: empty, or NUL bytes early on. */
static const char *not_text(const char *p, size_t len)
{
    if (hw_str_trim((struct hw_str){p, len}).len == 0)
        return "an empty page";
    if (memchr(p, '\0', len < 1024 ? len : 1024))
        return "binary data";
    return NULL;
}

/*
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
 */

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
            ci_prefix(p + i + 2, n - i - 2, name))
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
                if (ci_prefix(p + j, e - j, "ld+json"))
                    *ldjson = 1;
            i = e;
        } else if (p[i] == 'l' || p[i] == 'L') {
            if (ci_prefix(p + i, n - i, "ld+json"))
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

    if (n - i < k + 2 || !ci_prefix(p + i + 1, n - i - 1, name))
        return 0;
    c = p[i + 1 + k];
    return c == '>' || c == '/' || is_space((unsigned char)c);
}

/* Is the attribute name[0..n) = value one the extractor never reads? */
static int idle_attr(const char *name, size_t n, const char *v, size_t vn)
{
    static const char *const lazy[] = {
        "data-src", "data-original", "data-lazy-src", "data-srcset",
        "data-url", "data-hi-res-src", NULL,
    };

    if (n > 2 && ci_prefix(name, n, "on"))
        return 1; /* event handlers */
    if (n > 5 && ci_prefix(name, n, "data-")) {
        for (int i = 0; lazy[i]; i++)
            if (strlen(lazy[i]) == n && ci_prefix(name, n, lazy[i]))
                return 0;
        return 1;
    }
    if (n > 5 && ci_prefix(name, n, "aria-"))
        return !(n == 11 && ci_prefix(name, n, "aria-hidden")) &&
               !(n == 10 && ci_prefix(name, n, "aria-modal"));
    if (n == 5 && ci_prefix(name, n, "style")) {
        for (size_t i = 0; i + 4 <= vn; i++)
            if (ci_prefix(v + i, vn - i, "none") ||
                ci_prefix(v + i, vn - i, "hidden"))
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
    while (j < end && !is_space((unsigned char)p[j]) && p[j] != '/')
        j++;
    memmove(p + *w, p + r, j - r);
    *w += j - r;
    while (j < end) {
        size_t k = j, ns, ne, vs = 0, ve = 0;
        while (j < end && (is_space((unsigned char)p[j]) || p[j] == '/'))
            j++;
        ns = j;
        while (j < end && !is_space((unsigned char)p[j]) && p[j] != '/' &&
               (p[j] != '=' || j == ns))
            j++;
        ne = j;
        {
            size_t t = j;
            while (t < end && is_space((unsigned char)p[t]))
                t++;
            if (t < end && p[t] == '=') {
                for (t++; t < end && is_space((unsigned char)p[t]); t++)
                    ;
                if (t < end && (p[t] == '"' || p[t] == '\'')) {
                    const char *q = memchr(p + t + 1, p[t], end - t - 1);
                    vs = t + 1;
                    ve = q ? (size_t)(q - p) : end;
                    t = q ? ve + 1 : end;
                } else {
                    vs = t;
                    while (t < end && !is_space((unsigned char)p[t]))
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

static size_t strip_raw(char *p, size_t n)
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
        if (n - r < 2 || !is_alpha((unsigned char)p[r + 1])) {
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

static size_t nest_cut(const char *p, size_t len)
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
        int end, flat_tag = 0, raw_tag = -1;

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
        for (int k = 0; flat[k]; k++)
            if (strlen(flat[k]) == n - nb && ci_prefix(p + nb, n - nb,
                                                       flat[k]))
                flat_tag = 1;
        for (int k = 0; raw[k]; k++)
            if (strlen(raw[k]) == n - nb && ci_prefix(p + nb, n - nb, raw[k]))
                raw_tag = k;
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
                    ci_prefix(p + j + 2, rl, raw[raw_tag]))
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

static char *resolve(const char *base, char *v)
{
    struct hw_buf b;

    if (!v || !base)
        return v;
    hw_buf_init(&b, META_MAX * 2);
    if (feed_url_resolve(base, v, &b) != 0 || b.err || b.len == 0) {
        hw_buf_release(&b);
        return v;
    }
    hw_free(v);
    return hw_buf_detach(&b, NULL);
}

int extract_page(const char *html, size_t len, const char *url,
                 const char *content_type, struct extract_result **out,
                 struct hw_diag *d)
{
    const char *where = url ? url : "-", *why;
    GumboOptions opt = kGumboDefaultOptions;
    GumboOutput *g;
    struct extract_result *r;
    struct tree t;
    struct arena arena = {NULL, 0, 0, 0, 0, 0, NULL};
    struct ctx c;
    struct out o;
    struct hw_buf in;
    size_t bom;
    int rc, enc;

    *out = NULL;
    if (len > EXTRACT_MAX_INPUT)
        return hw_fail(d, HW_ETOOBIG, "extract", where,
                       "page of %zu bytes is over the limit of %u", len,
                       EXTRACT_MAX_INPUT);
    if ((why = binary_sig(html, len)) != NULL)
        return hw_fail(d, HW_EPARSE, "extract", where,
                       "not an HTML page: %s", why);

    /* Valid UTF-8 for gumbo (an 8-bit page grows at most threefold). */
    enc = page_encoding(html, len, content_type, &bom);
    hw_buf_init(&in, EXTRACT_MAX_INPUT * 3 + 4);
    decode(&in, enc, html + bom, len - bom);
    if (in.err) {
        hw_buf_release(&in);
        return hw_fail(d, HW_ETOOBIG, "extract", where, "page too large");
    }
    if ((why = not_text(in.p, in.len)) != NULL) {
        hw_buf_release(&in);
        return hw_fail(d, HW_EPARSE, "extract", where,
                       "not an HTML page: %s", why);
    }
    in.len = strip_raw(in.p, in.len);
    opt.allocator = g_alloc;
    opt.deallocator = g_free;
    opt.userdata = &arena;
    opt.max_errors = 100;
    g = gumbo_parse_with_options(&opt, in.p, nest_cut(in.p, in.len));

    memset(&c, 0, sizeof c);
    for (int i = 0; i < S_NSLOTS; i++)
        c.m.rank[i] = R_NONE;
    c.pub = c.mod = HW_TIME_NONE;
    collect_meta(&c, g->document);
    meta_sets(&c.m, S_TITLE, c.title_tag, R_DOC);
    meta_sets(&c.m, S_TITLE, c.h1, R_DOC + 1);

    out_init(&o);
    o.byline = c.m.v[S_BYLINE];
    o.title = c.m.v[S_TITLE];
    tree_build(&t, g->root);
    tree_finish(&t, c.m.v[S_TITLE], c.title_tag);
    extract_text(&t, &o);
    rc = is_article(&t, &o, c.is_content) ? 0 : HW_ENOTFOUND;
    if (c.body && use_body(c.body, &o, rc) && body_text(c.body, &o))
        rc = 0;
    tree_free(&t);
    arena_free(&arena); /* and with it g, not walked again */
    hw_buf_release(&in);

    if (rc == 0 && (o.text.err || o.html.err))
        rc = HW_ETOOBIG;
    if (rc != 0) {
        out_release(&o);
        for (int i = 0; i < S_NSLOTS; i++)
            hw_free(c.m.v[i]);
        hw_free(c.title_tag);
        hw_free(c.h1);
        hw_free(c.body);
        return hw_fail(d, rc, "extract", where, "%s",
                       rc == HW_ENOTFOUND ? "no article found"
                                          : "article text too large");
    }

    r = hw_calloc(1, sizeof *r);
    r->url = hw_strdup(url);
    r->canonical_url = resolve(url, c.m.v[S_CANON]);
    r->title = c.m.v[S_TITLE];
    r->byline = c.m.v[S_BYLINE];
    r->site_name = c.m.v[S_SITE];
    r->lang = c.m.v[S_LANG];
    r->image = resolve(url, c.m.v[S_IMAGE]);
    r->section = c.m.v[S_SECTION];
    hw_free(c.m.v[S_PUB]);
    hw_free(c.m.v[S_MOD]);
    r->published = c.pub;
    r->modified = c.mod;
    r->text = hw_buf_detach(&o.text, NULL);
    {
        struct hw_buf san;
        hw_buf_init(&san, HTML_MAX);
        feed_html_sanitize(o.html.p, o.html.len, url, &san);
        r->html = hw_buf_detach(&san, NULL);
    }
    out_release(&o);
    hw_free(c.title_tag);
    hw_free(c.h1);
    hw_free(c.body);
    *out = r;
    return 0;
}

void extract_free(struct extract_result *r)
{
    if (!r)
        return;
    hw_free(r->url);
    hw_free(r->canonical_url);
    hw_free(r->title);
    hw_free(r->byline);
    hw_free(r->site_name);
    hw_free(r->lang);
    hw_free(r->image);
    hw_free(r->section);
    hw_free(r->text);
    hw_free(r->html);
    hw_free(r);
}

int extract_to_json(const struct extract_result *r, struct hw_buf *b)
{
    static const char *const names[] = {
        "url", "canonical_url", "title", "byline", "published", "modified",
        "section", "site_name", "lang", "image", "text", "html",
    };
    const char *vals[] = {
        r->url, r->canonical_url, r->title, r->byline, NULL, NULL,
        r->section, r->site_name, r->lang, r->image, r->text, r->html,
    };

    hw_buf_addc(b, '{');
    for (int i = 0; i < 12; i++) {
        if (i)
            hw_buf_adds(b, ", ");
        hw_json_str(b, names[i]);
        hw_buf_adds(b, ": ");
        if (i == 4)
            hw_json_time(b, r->published);
        else if (i == 5)
            hw_json_time(b, r->modified);
        else
            hw_json_str_or_null(b, vals[i]);
    }
    hw_buf_addc(b, '}');
    return b->err;
}
