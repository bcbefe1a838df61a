/*
 * extract.c - article page extraction on gumbo's HTML5 parser.
 *
 * One pass over the tree collects the metadata into slots, each filled by
 * the most trusted source that has it (a lower rank wins): JSON-LD article
 * objects, OpenGraph/article:*, Twitter cards, Dublin Core and common meta
 * names, <link rel=canonical>, <html lang>, <time datetime>, <title>.
 *
 * The main text follows the scoring of Mozilla's Readability (Arc90's
 * readability.js, 2009): every paragraph block (p, pre, and div/section/td
 * without block children) of 25 characters or more scores 1 + its commas +
 * one point per 100 characters (at most 3); that score goes to its parent,
 * half to its grandparent and a third of a level's worth further up, five
 * levels in all.  A candidate starts from its tag and class/id hints
 * (content +25, boilerplate -25) and is scaled by 1 - link density.  The
 * best candidate and the siblings that score near it make the article;
 * inside them, navigation, share, "related" and notice blocks, link lists
 * and short boilerplate lines are dropped.  Too little text left means the
 * page has no article (a home page, a list of teasers).
 *
 * The input is first made valid UTF-8 (invalid bytes become U+FFFD).  Every
 * walk over the tree is iterative or depth-capped, so deep nesting cannot
 * overflow the stack.
 */
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
#define MIN_ARTICLE 250               /* less text: no article found */

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

static int ci_has_any(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (ci_has(s, *list))
            return 1;
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

static GumboTag tag_of(const GumboNode *n)
{
    return n->type == GUMBO_NODE_ELEMENT ? n->v.element.tag : GUMBO_TAG_LAST;
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

static int is_block_tag(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN: case GUMBO_TAG_UL:
    case GUMBO_TAG_OL: case GUMBO_TAG_LI: case GUMBO_TAG_DL:
    case GUMBO_TAG_DT: case GUMBO_TAG_DD: case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH:
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE: case GUMBO_TAG_H1:
    case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
    case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE: case GUMBO_TAG_FORM:
    case GUMBO_TAG_HR: case GUMBO_TAG_ADDRESS: case GUMBO_TAG_CENTER:
        return 1;
    default:
        return 0;
    }
}

/* ---- class/id hints (after Readability's regular expressions) ---------- */

static const char *const unlikely_words[] = {
    "-ad-", "ai2html", "banner", "breadcrumb", "combx", "comment",
    "community", "cover-wrap", "disqus", "extra", "footer", "gdpr",
    "header", "legends", "menu", "related", "remark", "replies", "rss",
    "shoutbox", "sidebar", "skyscraper", "social", "sponsor",
    "supplemental", "ad-break", "agegate", "pagination", "pager", "popup",
    "yom-remote", "share", "newsletter", "subscribe", "cookie", "promo",
    "outbrain", "taboola", "signup", "sign-up", "navbar", "masthead", NULL,
};
static const char *const maybe_words[] = {
    "and", "article", "body", "column", "content", "main", "shadow", NULL,
};
static const char *const negative_words[] = {
    "-ad-", "hidden", "banner", "combx", "comment", "com-", "contact",
    "foot", "footnote", "gdpr", "masthead", "media", "meta", "outbrain",
    "promo", "related", "scroll", "share", "shoutbox", "sidebar",
    "skyscraper", "sponsor", "shopping", "tags", "tool", "widget",
    "newsletter", "subscribe", "cookie", "byline", "credit", "caption",
    NULL,
};
static const char *const positive_words[] = {
    "article", "body", "content", "entry", "hentry", "h-entry", "main",
    "page", "post", "text", "blog", "story", NULL,
};

/* class and id of n, joined, into buf (truncated). */
static const char *hints(const GumboNode *n, char *buf, size_t cap)
{
    const char *c = attr(n, "class"), *i = attr(n, "id");
    size_t len = 0;

    buf[0] = '\0';
    for (int k = 0; k < 2; k++) {
        const char *s = k ? i : c;
        if (!s)
            continue;
        while (*s && len + 2 < cap)
            buf[len++] = *s++;
        buf[len++] = ' ';
        buf[len] = '\0';
    }
    return buf;
}

static int class_weight(const GumboNode *n)
{
    char h[256];
    int w = 0;

    hints(n, h, sizeof h);
    if (!h[0])
        return 0;
    if (ci_has_any(h, negative_words))
        w -= 25;
    if (ci_has_any(h, positive_words))
        w += 25;
    return w;
}

static int is_unlikely(const GumboNode *n)
{
    char h[256];
    const char *role = attr(n, "role");
    GumboTag t = tag_of(n);

    if (t == GUMBO_TAG_BODY || t == GUMBO_TAG_ARTICLE || t == GUMBO_TAG_MAIN)
        return 0;
    if (role && (ci_eq(role, "navigation") || ci_eq(role, "complementary") ||
                 ci_eq(role, "banner") || ci_eq(role, "contentinfo") ||
                 ci_eq(role, "menu") || ci_eq(role, "dialog")))
        return 1;
    if (attr(n, "hidden") || (attr(n, "aria-hidden") &&
                              ci_eq(attr(n, "aria-hidden"), "true")))
        return 1;
    {
        const char *st = attr(n, "style");
        if (st && (ci_has(st, "display:none") || ci_has(st, "display: none")))
            return 1;
    }
    hints(n, h, sizeof h);
    return h[0] && ci_has_any(h, unlikely_words) &&
           !ci_has_any(h, maybe_words);
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

static struct tstats stats_of(const GumboNode *n)
{
    struct tstats st = {0, 0, 0};

    text_of(n, NULL, &st, 0, 0);
    return st;
}

static double link_density(const struct tstats *st)
{
    return st->chars ? (double)st->link_chars / (double)st->chars : 0.0;
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

/* ---- scoring ----------------------------------------------------------- */

/* An open-addressing table: node -> score. */
struct scores {
    const GumboNode **key;
    double *val;
    size_t n, cap;
};

static size_t sc_slot(const struct scores *t, const GumboNode *k)
{
    size_t h = ((size_t)(uintptr_t)k >> 4) * 0x9E3779B97F4A7C15ull;
    size_t i = h & (t->cap - 1);

    while (t->key[i] && t->key[i] != k)
        i = (i + 1) & (t->cap - 1);
    return i;
}

static double *sc_get(struct scores *t, const GumboNode *k, int *fresh)
{
    size_t i;

    if ((t->n + 1) * 2 > t->cap) {
        struct scores u = {NULL, NULL, 0, t->cap ? t->cap * 2 : 64};
        u.key = hw_calloc(u.cap, sizeof *u.key);
        u.val = hw_calloc(u.cap, sizeof *u.val);
        for (size_t j = 0; j < t->cap; j++) {
            if (!t->key[j])
                continue;
            i = sc_slot(&u, t->key[j]);
            u.key[i] = t->key[j];
            u.val[i] = t->val[j];
            u.n++;
        }
        hw_free(t->key);
        hw_free(t->val);
        *t = u;
    }
    i = sc_slot(t, k);
    *fresh = t->key[i] == NULL;
    if (*fresh) {
        t->key[i] = k;
        t->val[i] = 0;
        t->n++;
    }
    return &t->val[i];
}

static double tag_weight(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_DIV: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN:
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

static int has_block_child(const GumboNode *n)
{
    const GumboVector *k = kids(n);

    for (unsigned i = 0; k && i < k->length; i++)
        if (is_block_tag(tag_of(k->data[i])))
            return 1;
    return 0;
}

/* A paragraph block: it scores and its ancestors collect the score. */
static int is_para(const GumboNode *n)
{
    switch (tag_of(n)) {
    case GUMBO_TAG_P: case GUMBO_TAG_PRE:
        return 1;
    case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION: case GUMBO_TAG_TD:
    case GUMBO_TAG_ARTICLE:
        return !has_block_child(n);
    default:
        return 0;
    }
}

static void score_para(struct scores *sc, const GumboNode *p, int relaxed)
{
    struct tstats st = stats_of(p);
    const GumboNode *a = p->parent;
    double score;

    if (st.chars < MIN_PARA)
        return;
    score = 1.0 + (double)st.commas +
            (double)(st.chars / 100 > 3 ? 3 : st.chars / 100);
    for (int level = 0; a && level < 5; level++, a = a->parent) {
        int fresh;
        double *v;

        if (a->type != GUMBO_NODE_ELEMENT || tag_of(a) == GUMBO_TAG_HTML)
            break;
        v = sc_get(sc, a, &fresh);
        if (fresh)
            *v = tag_weight(tag_of(a)) + (relaxed ? 0 : class_weight(a));
        *v += level == 0 ? score : level == 1 ? score / 2
                                              : score / (level * 3);
    }
}

/* Score every paragraph outside junk (and, unless relaxed, unlikely)
 * subtrees. */
static void score_tree(struct scores *sc, const GumboNode *body,
                       int relaxed)
{
    struct nstack s = {NULL, NULL, 0, 0};

    ns_push(&s, body, 0);
    while (s.n) {
        const GumboNode *n = s.v[--s.n];

        if (n->type != GUMBO_NODE_ELEMENT)
            continue;
        if (is_junk_tag(n->v.element.tag) || (!relaxed && is_unlikely(n)))
            continue;
        if (is_para(n)) {
            score_para(sc, n, relaxed);
            if (tag_of(n) == GUMBO_TAG_P || tag_of(n) == GUMBO_TAG_PRE)
                continue;
        }
        ns_push_kids(&s, n, 0);
    }
    ns_free(&s);
}

/* ---- output ------------------------------------------------------------ */

struct out {
    struct hw_buf text, html;
    const char *skip_line; /* the byline, not repeated in the text */
    const char *title;
    int in_list;
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

static int is_boilerplate(const char *s, size_t n)
{
    static const char *const lines[] = {
        "read more", "advertisement", "related", "share", "subscribe",
        "sign up", "click here", "follow us", "image:", "photo:", "image ",
        "photograph:", "getty images", "copyright", "\xc2\xa9", "all rights",
        "continue reading", "most read", "most popular", "recommended",
        "newsletter", "cookie", "we use cookies", "skip to", "listen to",
        "watch:", "story continues", "see also", "more:", "more from",
        "editor's note", NULL,
    };
    if (n > 100)
        return 0;
    for (int i = 0; lines[i]; i++)
        if (ci_prefix(s, n, lines[i]))
            return 1;
    return 0;
}

/* Emit one block of text as a paragraph of kind tag (p, h2, li, ...). */
static void emit(struct out *o, const char *tag, const char *s, size_t n)
{
    while (n && s[n - 1] == ' ')
        n--;
    while (n && s[0] == ' ')
        s++, n--;
    if (n == 0 || is_boilerplate(s, n))
        return;
    if (o->skip_line && strlen(o->skip_line) == n &&
        memcmp(o->skip_line, s, n) == 0)
        return;
    if (o->title && strlen(o->title) == n && memcmp(o->title, s, n) == 0)
        return;
    if (o->text.len)
        hw_buf_adds(&o->text, "\n\n");
    hw_buf_add(&o->text, s, n);
    if (strcmp(tag, "li") == 0 && !o->in_list) {
        hw_buf_adds(&o->html, "<ul>");
        o->in_list = 1;
    } else if (strcmp(tag, "li") != 0 && o->in_list) {
        hw_buf_adds(&o->html, "</ul>");
        o->in_list = 0;
    }
    hw_buf_printf(&o->html, "<%s>", tag);
    html_escape(&o->html, s, n);
    hw_buf_printf(&o->html, "</%s>", tag);
}

static const char *block_kind(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_P: return "p";
    case GUMBO_TAG_PRE: return "pre";
    case GUMBO_TAG_LI: return "li";
    case GUMBO_TAG_DT: case GUMBO_TAG_DD: return "p";
    case GUMBO_TAG_FIGCAPTION: return "p";
    case GUMBO_TAG_H2: return "h2";
    case GUMBO_TAG_H3: return "h3";
    case GUMBO_TAG_H4: return "h4";
    case GUMBO_TAG_H5: return "h5";
    case GUMBO_TAG_H6: return "h6";
    default: return NULL;
    }
}

/* Write out a finished run of inline content held in run. */
static void flush_run(struct out *o, struct hw_buf *run, struct tstats *st)
{
    if (run->len && st->chars >= 2 && link_density(st) < 0.5)
        emit(o, "p", run->p, run->len);
    hw_buf_reset(run);
    *st = (struct tstats){0, 0, 0};
}

/*
 * Emit the article blocks under n.  Leaf blocks (p, li, h2-h6, ...) are
 * emitted with their text; containers are walked; inline content directly
 * inside a container forms paragraphs of its own.  Depth-capped.
 */
static void emit_tree(struct out *o, const GumboNode *n, int depth)
{
    const GumboVector *k = kids(n);
    struct hw_buf run;
    struct tstats rst = {0, 0, 0};

    if (!k || depth > DEPTH_MAX)
        return;
    hw_buf_init(&run, TEXT_MAX);
    for (unsigned i = 0; i < k->length; i++) {
        const GumboNode *c = k->data[i];
        GumboTag t = tag_of(c);
        const char *kind;

        if (is_text(c) || (c->type == GUMBO_NODE_ELEMENT &&
                           !is_block_tag(t) && !is_junk_tag(t) &&
                           t != GUMBO_TAG_BR && t != GUMBO_TAG_TIME)) {
            text_of(c, &run, &rst, t == GUMBO_TAG_A, 0);
            continue;
        }
        if (c->type != GUMBO_NODE_ELEMENT)
            continue;
        if (t == GUMBO_TAG_BR) {
            /* two breaks in a row end a paragraph */
            if (i + 1 < k->length && tag_of(k->data[i + 1]) == GUMBO_TAG_BR)
                flush_run(o, &run, &rst);
            else if (run.len && run.p[run.len - 1] != ' ')
                hw_buf_addc(&run, ' ');
            continue;
        }
        flush_run(o, &run, &rst);
        if (is_junk_tag(t) || t == GUMBO_TAG_H1 || t == GUMBO_TAG_TIME ||
            is_unlikely(c))
            continue;
        if (class_weight(c) < 0 && t != GUMBO_TAG_P)
            continue;
        kind = block_kind(t);
        if (kind && !has_block_child(c)) {
            struct hw_buf b;
            struct tstats st = {0, 0, 0};
            double ld;

            hw_buf_init(&b, TEXT_MAX);
            text_of(c, &b, &st, 0, 0);
            ld = link_density(&st);
            if (!b.err && ld < (t == GUMBO_TAG_LI ? 0.3 : 0.5))
                emit(o, kind, b.p, b.len);
            hw_buf_release(&b);
            continue;
        }
        if (t == GUMBO_TAG_UL || t == GUMBO_TAG_OL) {
            struct tstats st = stats_of(c);
            if (link_density(&st) > 0.3)
                continue;
        }
        emit_tree(o, c, depth + 1);
    }
    flush_run(o, &run, &rst);
    hw_buf_release(&run);
}

/* Pick the best candidate and emit it with its worthy siblings. */
static int emit_article(struct out *o, struct scores *sc)
{
    const GumboNode *top = NULL, *parent;
    double best = 0, floor_;
    const GumboVector *k;
    char top_class[256];

    for (size_t i = 0; i < sc->cap; i++) {
        struct tstats st;
        if (!sc->key[i])
            continue;
        st = stats_of(sc->key[i]);
        sc->val[i] *= 1.0 - link_density(&st);
        if (!top || sc->val[i] > best) {
            top = sc->key[i];
            best = sc->val[i];
        }
    }
    if (!top)
        return HW_ENOTFOUND;
    parent = top->parent;
    if (!parent || parent->type != GUMBO_NODE_ELEMENT ||
        tag_of(top) == GUMBO_TAG_BODY) {
        emit_tree(o, top, 0);
        return 0;
    }
    floor_ = best * 0.2 > 10 ? best * 0.2 : 10;
    hints(top, top_class, sizeof top_class);
    k = kids(parent);
    for (unsigned i = 0; i < k->length; i++) {
        const GumboNode *c = k->data[i];
        int fresh, take = c == top;
        char h[256];

        if (c->type != GUMBO_NODE_ELEMENT)
            continue;
        if (!take) {
            double bonus = 0, *v;
            hints(c, h, sizeof h);
            if (top_class[0] && strcmp(h, top_class) == 0)
                bonus = best * 0.2;
            v = sc_get(sc, c, &fresh);
            if (!fresh && *v + bonus >= floor_)
                take = 1;
            else if (tag_of(c) == GUMBO_TAG_P) {
                struct tstats st = stats_of(c);
                double ld = link_density(&st);
                if (st.chars > 80 && ld < 0.25)
                    take = 1;
                else if (st.chars > 0 && ld == 0 && st.chars < 80) {
                    struct hw_buf b;
                    hw_buf_init(&b, TEXT_MAX);
                    text_of(c, &b, &st, 0, 0);
                    take = b.len && b.p[b.len - 1] == '.';
                    hw_buf_release(&b);
                }
            }
        }
        if (!take)
            continue;
        if (tag_of(c) == GUMBO_TAG_P || block_kind(tag_of(c))) {
            struct hw_buf b;
            struct tstats st = {0, 0, 0};
            hw_buf_init(&b, TEXT_MAX);
            text_of(c, &b, &st, 0, 0);
            if (!b.err)
                emit(o, block_kind(tag_of(c)), b.p, b.len);
            hw_buf_release(&b);
        } else {
            emit_tree(o, c, 0);
        }
    }
    return 0;
}

/* ---- the page ---------------------------------------------------------- */

static void *g_alloc(void *ud, size_t n)
{
    (void)ud;
    return hw_malloc(n ? n : 1);
}

static void g_free(void *ud, void *p)
{
    (void)ud;
    hw_free(p);
}

/* Not HTML: empty, a known binary signature, or NUL bytes early on. */
static const char *not_html(const char *p, size_t len)
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
    size_t i;

    if (hw_str_trim((struct hw_str){p, len}).len == 0)
        return "an empty page";
    for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        if (len >= sigs[i].n && memcmp(p, sigs[i].sig, sigs[i].n) == 0)
            return sigs[i].what;
    for (i = 0; i < len && i < 1024; i++)
        if (p[i] == '\0')
            return "binary data";
    return NULL;
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

static const GumboNode *find_body(const GumboNode *root)
{
    const GumboVector *k = kids(root);

    for (unsigned i = 0; k && i < k->length; i++)
        if (tag_of(k->data[i]) == GUMBO_TAG_BODY)
            return k->data[i];
    return root;
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
                 struct extract_result **out, struct hw_diag *d)
{
    const char *where = url ? url : "-", *why;
    GumboOptions opt = kGumboDefaultOptions;
    GumboOutput *g;
    struct extract_result *r;
    struct scores sc = {NULL, NULL, 0, 0};
    struct ctx c;
    struct out o;
    struct hw_buf in;
    int rc;

    *out = NULL;
    if (len > EXTRACT_MAX_INPUT)
        return hw_fail(d, HW_ETOOBIG, "extract", where,
                       "page of %zu bytes is over the limit of %u", len,
                       EXTRACT_MAX_INPUT);
    if ((why = not_html(html, len)) != NULL)
        return hw_fail(d, HW_EPARSE, "extract", where,
                       "not an HTML page: %s", why);

    /* Valid UTF-8 for gumbo; invalid bytes become U+FFFD. */
    hw_buf_init(&in, EXTRACT_MAX_INPUT * 3);
    if (hw_utf8_valid(html, len))
        hw_buf_add(&in, html, len);
    else
        hw_buf_add_utf8(&in, html, len);
    if (in.err) {
        hw_buf_release(&in);
        return hw_fail(d, HW_ETOOBIG, "extract", where, "page too large");
    }
    opt.allocator = g_alloc;
    opt.deallocator = g_free;
    opt.max_errors = 100;
    g = gumbo_parse_with_options(&opt, in.p, nest_cut(in.p, in.len));

    memset(&c, 0, sizeof c);
    for (int i = 0; i < S_NSLOTS; i++)
        c.m.rank[i] = R_NONE;
    c.pub = c.mod = HW_TIME_NONE;
    collect_meta(&c, g->document);
    meta_sets(&c.m, S_TITLE, c.title_tag, R_DOC);
    meta_sets(&c.m, S_TITLE, c.h1, R_DOC + 1);

    memset(&o, 0, sizeof o);
    hw_buf_init(&o.text, TEXT_MAX);
    hw_buf_init(&o.html, HTML_MAX);
    o.skip_line = c.m.v[S_BYLINE];
    o.title = c.m.v[S_TITLE];
    /*
     * As Readability does, a result too short is tried again without the
     * class/id hints: some sites mark their article body with words that
     * look like boilerplate.
     */
    for (int relaxed = 0; relaxed < 2; relaxed++) {
        hw_buf_reset(&o.text);
        hw_buf_reset(&o.html);
        o.in_list = 0;
        hw_free(sc.key);
        hw_free(sc.val);
        memset(&sc, 0, sizeof sc);
        score_tree(&sc, find_body(g->root), relaxed);
        rc = emit_article(&o, &sc);
        if (rc == 0 && o.text.len >= MIN_ARTICLE)
            break;
    }
    if (o.in_list)
        hw_buf_adds(&o.html, "</ul>");
    hw_free(sc.key);
    hw_free(sc.val);
    gumbo_destroy_output(&opt, g);
    hw_buf_release(&in);

    if (rc == 0 && o.text.len < MIN_ARTICLE)
        rc = HW_ENOTFOUND;
    if (rc == 0 && (o.text.err || o.html.err))
        rc = HW_ETOOBIG;
    if (rc != 0) {
        hw_buf_release(&o.text);
        hw_buf_release(&o.html);
        for (int i = 0; i < S_NSLOTS; i++)
            hw_free(c.m.v[i]);
        hw_free(c.title_tag);
        hw_free(c.h1);
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
    hw_buf_release(&o.html);
    hw_free(c.title_tag);
    hw_free(c.h1);
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
