/*
 * meta.c - the publisher's metadata of a page, in one pass over gumbo's
 * tree.
 *
 * Each value goes to a slot, filled by the most trusted source that has
 * it (a lower rank wins): JSON-LD article objects (also inside @graph and
 * arrays), OpenGraph/article:*, Twitter cards, Dublin Core and common
 * meta names, <link rel=canonical>, <html lang>, <time datetime>, and
 * <title> or the first <h1> for the title.  A value is trimmed, its white
 * space runs made one space, and capped at XT_META_MAX.  The walk is
 * iterative; JSON-LD nesting and the text of an element are depth-capped.
 */
#include <string.h>

#include <jansson.h>

#include "extract/extract_int.h"
#include "feed/feed.h"

#define DEPTH_MAX 256                 /* recursion cap inside a block */
#define JSONLD_DEPTH 8                /* nesting of @graph and arrays */

/* ---- slots ------------------------------------------------------------ */

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

static void meta_set(struct xt_slots *m, enum xt_slot s, const char *v,
                     size_t n, int rank)
{
    struct hw_str t;
    struct hw_buf b;

    if (!v || rank >= m->rank[s])
        return;
    t = hw_str_trim((struct hw_str){v, n});
    if (t.len == 0 || t.len > XT_META_MAX)
        return;
    hw_buf_init(&b, XT_META_MAX * 4);
    /* collapse white space runs to one space */
    for (size_t i = 0; i < t.len; i++) {
        char c = t.p[i];
        if (xt_is_space((unsigned char)c))
            xt_add_space(&b);
        else
            hw_buf_addc(&b, c);
    }
    if (b.err) {
        hw_buf_release(&b);
        return;
    }
    hw_free(m->v[s]);
    m->v[s] = hw_buf_detach(&b, NULL);
    m->rank[s] = rank;
}

static void meta_sets(struct xt_slots *m, enum xt_slot s, const char *v,
                      int rank)
{
    if (v)
        meta_set(m, s, v, strlen(v), rank);
}

/* A date for slot s (XT_PUB or XT_MOD), kept in c->pub or c->mod. */
static void meta_date(struct xt_meta *c, enum xt_slot s, const char *v,
                      int rank)
{
    hw_time t;

    if (!v || rank >= c->m.rank[s])
        return;
    if (feed_date_parse(v, strlen(v), &t) != 0)
        return;
    if (s == XT_PUB)
        c->pub = t;
    else
        c->mod = t;
    c->m.rank[s] = rank;
}

/* Slot s from v at rank: a date parsed, any other value as text. */
static void slot_set(struct xt_meta *c, enum xt_slot s, const char *v,
                     int rank)
{
    if (s == XT_PUB || s == XT_MOD)
        meta_date(c, s, v, rank);
    else
        meta_sets(&c->m, s, v, rank);
}

/* ---- text of a subtree ------------------------------------------------- */

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
    if (xt_is_text(n)) {
        const char *s = n->v.text.text;
        for (; *s; s++) {
            unsigned char c = (unsigned char)*s;
            if (xt_is_space(c)) {
                if (b)
                    xt_add_space(b);
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
        if (b)
            xt_add_space(b);
        return;
    }
    if (n->v.element.tag == GUMBO_TAG_A)
        in_link = 1;
    k = xt_kids(n);
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
    const GumboVector *k = xt_kids(n);

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

static void jsonld_authors(struct xt_slots *m, json_t *a)
{
    struct hw_buf b;

    hw_buf_init(&b, XT_META_MAX);
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
        meta_set(m, XT_BYLINE, b.p, b.len, R_JSONLD);
    hw_buf_release(&b);
}

/* Slot s from property key of JSON-LD object v (the sub key of an object
 * there), at rank. */
static void jsonld_set(struct xt_meta *c, json_t *v, const char *key,
                       const char *sub, enum xt_slot s, int rank)
{
    slot_set(c, s, jsonld_str(json_object_get(v, key), sub), rank);
}

static void jsonld_walk(struct xt_meta *c, json_t *v, int depth)
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
            json_string_length(b) < XT_TEXT_MAX)
            c->body = hw_strndup(json_string_value(b),
                                 json_string_length(b));
    }
    jsonld_set(c, v, "headline", "@value", XT_TITLE, R_JSONLD);
    jsonld_set(c, v, "name", "@value", XT_TITLE, R_JSONLD);
    if (json_object_get(v, "author"))
        jsonld_authors(&c->m, json_object_get(v, "author"));
    jsonld_set(c, v, "datePublished", "@value", XT_PUB, R_JSONLD);
    jsonld_set(c, v, "dateModified", "@value", XT_MOD, R_JSONLD);
    jsonld_set(c, v, "articleSection", "name", XT_SECTION, R_JSONLD);
    jsonld_set(c, v, "publisher", "name", XT_SITE, R_JSONLD);
    jsonld_set(c, v, "image", "url", XT_IMAGE, R_JSONLD);
    jsonld_set(c, v, "inLanguage", "name", XT_LANG, R_JSONLD);
    /* The page's own <link rel=canonical> is trusted over JSON-LD's url. */
    jsonld_set(c, v, "url", "@id", XT_CANON, R_LINK + 1);
    jsonld_set(c, v, "mainEntityOfPage", "@id", XT_CANON, R_LINK + 1);
}

static void jsonld_parse(struct xt_meta *c, const GumboNode *script)
{
    const GumboVector *k = xt_kids(script);
    json_error_t err;
    json_t *root;

    if (!k || k->length == 0 || !xt_is_text(k->data[0]))
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
    return xt_ci_prefix(s, strlen(s), "http:") ||
           xt_ci_prefix(s, strlen(s), "https:") || s[0] == '/';
}

static void meta_tag(struct xt_meta *c, const GumboNode *n)
{
    const char *key = xt_attr(n, "property"), *v = xt_attr(n, "content");
    struct xt_slots *m = &c->m;
    static const struct {
        const char *key;
        enum xt_slot s;
        int rank;
    } map[] = {
        {"og:title", XT_TITLE, R_OG},
        {"og:site_name", XT_SITE, R_OG},
        {"og:image", XT_IMAGE, R_OG},
        {"og:image:url", XT_IMAGE, R_OG},
        {"og:image:secure_url", XT_IMAGE, R_OG},
        {"og:url", XT_CANON, R_LINK + 2},
        {"article:section", XT_SECTION, R_OG},
        {"article:published_time", XT_PUB, R_OG},
        {"article:modified_time", XT_MOD, R_OG},
        {"og:updated_time", XT_MOD, R_OG + 1},
        {"twitter:title", XT_TITLE, R_TWITTER},
        {"twitter:image", XT_IMAGE, R_TWITTER},
        {"twitter:image:src", XT_IMAGE, R_TWITTER},
        {"author", XT_BYLINE, R_META},
        {"byl", XT_BYLINE, R_META},
        {"byline", XT_BYLINE, R_META},
        {"dc.creator", XT_BYLINE, R_META},
        {"dcterms.creator", XT_BYLINE, R_META},
        {"sailthru.author", XT_BYLINE, R_META},
        {"parsely-author", XT_BYLINE, R_META},
        {"dc.title", XT_TITLE, R_META},
        {"dcterms.title", XT_TITLE, R_META},
        {"title", XT_TITLE, R_META},
        {"headline", XT_TITLE, R_META},
        {"parsely-title", XT_TITLE, R_META},
        {"application-name", XT_SITE, R_META},
        {"section", XT_SECTION, R_META},
        {"parsely-section", XT_SECTION, R_META},
        {"dc.date", XT_PUB, R_META},
        {"dcterms.created", XT_PUB, R_META},
        {"dc.date.issued", XT_PUB, R_META},
        {"date", XT_PUB, R_META},
        {"pubdate", XT_PUB, R_META},
        {"publishdate", XT_PUB, R_META},
        {"publish-date", XT_PUB, R_META},
        {"datepublished", XT_PUB, R_META},
        {"sailthru.date", XT_PUB, R_META},
        {"parsely-pub-date", XT_PUB, R_META},
        {"article.published", XT_PUB, R_META},
        {"dcterms.modified", XT_MOD, R_META},
        {"lastmod", XT_MOD, R_META},
        {"datemodified", XT_MOD, R_META},
        {"dc.language", XT_LANG, R_META},
        {"language", XT_LANG, R_META},
    };

    if (!v)
        return;
    if ((key = xt_attr(n, "property")) != NULL &&
        ((xt_ci_eq(key, "og:type") &&
          (xt_ci_prefix(v, strlen(v), "article") ||
           xt_ci_prefix(v, strlen(v), "video"))) ||
         xt_ci_eq(key, "article:published_time")))
        c->is_content = 1;
    for (int pass = 0; pass < 3; pass++) {
        key = pass == 0 ? xt_attr(n, "property")
              : pass == 1 ? xt_attr(n, "name") : xt_attr(n, "itemprop");
        if (!key)
            continue;
        if (xt_ci_eq(key, "article:author") && !is_url(v)) {
            meta_sets(m, XT_BYLINE, v, R_OG);
            continue;
        }
        if (pass == 1 && xt_ci_eq(key, "description"))
            continue;
        for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
            if (!xt_ci_eq(key, map[i].key))
                continue;
            if (map[i].s != XT_BYLINE || !is_url(v))
                slot_set(c, map[i].s, v, map[i].rank);
        }
    }
    {
        const char *he = xt_attr(n, "http-equiv");
        if (he && xt_ci_eq(he, "content-language"))
            meta_sets(m, XT_LANG, v, R_META);
    }
}

/* The text of n's children (n itself may be a <title>). */
char *extract_node_text(const GumboNode *n)
{
    struct hw_buf b;
    struct tstats st = {0, 0, 0};

    const GumboVector *k = xt_kids(n);

    hw_buf_init(&b, XT_META_MAX);
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
void extract_meta_collect(struct xt_meta *c, const GumboNode *root)
{
    struct nstack s = {NULL, NULL, 0, 0};

    memset(c, 0, sizeof *c);
    for (int i = 0; i < XT_NSLOTS; i++)
        c->m.rank[i] = R_NONE;
    c->pub = c->mod = HW_TIME_NONE;
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
            meta_sets(&c->m, XT_LANG, xt_attr(n, "lang"), R_DOC);
            meta_sets(&c->m, XT_LANG, xt_attr(n, "xml:lang"), R_DOC);
            break;
        case GUMBO_TAG_META:
            meta_tag(c, n);
            break;
        case GUMBO_TAG_LINK:
            if ((v = xt_attr(n, "rel")) && xt_ci_eq(v, "canonical"))
                meta_sets(&c->m, XT_CANON, xt_attr(n, "href"), R_LINK);
            break;
        case GUMBO_TAG_TITLE:
            if (!c->title_tag)
                c->title_tag = extract_node_text(n);
            continue;
        case GUMBO_TAG_H1:
            if (!c->h1)
                c->h1 = extract_node_text(n);
            break;
        case GUMBO_TAG_TIME:
            if ((v = xt_attr(n, "datetime")) != NULL)
                meta_date(c, XT_PUB, v, R_DOC);
            break;
        case GUMBO_TAG_SCRIPT:
            if ((v = xt_attr(n, "type")) &&
                xt_ci_eq(v, "application/ld+json"))
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
    meta_sets(&c->m, XT_TITLE, c->title_tag, R_DOC);
    meta_sets(&c->m, XT_TITLE, c->h1, R_DOC + 1);
}

