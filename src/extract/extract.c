/*
 * extract.c - article page extraction on gumbo's HTML5 parser: the steps
 * of extract_page(), and the arena gumbo allocates from.
 *
 * The bytes are first made UTF-8 the way a browser decides the encoding
 * (byte-order mark, HTTP charset, <meta> prescan, else UTF-8 or
 * windows-1252; iconv for the rest: charset.c), then what can never be
 * text (script and style content, comments, unread attributes) is cut out
 * before gumbo parses the page (strip.c).
 *
 * One pass over the tree collects the metadata into slots, each filled by
 * the most trusted source that has it (a lower rank wins): JSON-LD article
 * objects, OpenGraph/article:*, Twitter cards, Dublin Core and common meta
 * names, <link rel=canonical>, <html lang>, <time datetime>, <title>
 * (meta.c).
 *
 * The main text follows Mozilla's Readability (Readability.js, after
 * Arc90's readability of 2009) closely, since its results are the ones
 * readers know: paragraphs are scored, the scores go to their ancestors,
 * the best ancestor and its good siblings are the article, cleaned of
 * what Readability cleans, and a short result is tried again with fewer
 * rules (readable.c describes it, on the flat tree of tree.c and the
 * class/id hints of hints.c).  On top of Readability: a page's own
 * articleBody (itemprop, or its one <article>) is preferred to a part of
 * it; page furniture named in class/id (newsletter, paywall, related,
 * bylines, ...) and boilerplate lines (credits, prompts, copyright) are
 * dropped; a second copy of the article (for small screens) is dropped
 * (emit.c, which writes the text and the HTML); the JSON-LD articleBody
 * replaces a text that misses most of it; and a result that is mostly
 * links is no article.
 *
 * Linear time: the tree is copied into an array in document order, and
 * every pass is a loop over it (or over part of it) with a fixed amount
 * of work per node; no walk recurses without a depth cap.
 */
#include <string.h>

#include "extract/extract_int.h"
#include "feed/feed.h"

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

static char *resolve(const char *base, char *v)
{
    struct hw_buf b;

    if (!v || !base)
        return v;
    hw_buf_init(&b, XT_META_MAX * 2);
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
    struct xt_tree t;
    struct arena arena = {NULL, 0, 0, 0, 0, 0, NULL};
    struct xt_meta c;
    struct xt_out o;
    struct hw_buf in;
    int rc;

    *out = NULL;
    if (len > EXTRACT_MAX_INPUT)
        return hw_fail(d, HW_ETOOBIG, "extract", where,
                       "page of %zu bytes is over the limit of %u", len,
                       EXTRACT_MAX_INPUT);
    if ((why = binary_sig(html, len)) != NULL)
        return hw_fail(d, HW_EPARSE, "extract", where,
                       "not an HTML page: %s", why);

    /* Valid UTF-8 for gumbo (an 8-bit page grows at most threefold). */
    hw_buf_init(&in, EXTRACT_MAX_INPUT * 3 + 4);
    extract_charset_decode(&in, html, len, content_type);
    if (in.err) {
        hw_buf_release(&in);
        return hw_fail(d, HW_ETOOBIG, "extract", where, "page too large");
    }
    if ((why = not_text(in.p, in.len)) != NULL) {
        hw_buf_release(&in);
        return hw_fail(d, HW_EPARSE, "extract", where,
                       "not an HTML page: %s", why);
    }
    in.len = extract_strip_raw(in.p, in.len);
    opt.allocator = g_alloc;
    opt.deallocator = g_free;
    opt.userdata = &arena;
    opt.max_errors = 100;
    g = gumbo_parse_with_options(&opt, in.p, extract_nest_cut(in.p, in.len));

    extract_meta_collect(&c, g->document);

    extract_out_init(&o);
    o.byline = c.m.v[XT_BYLINE];
    o.title = c.m.v[XT_TITLE];
    extract_tree_build(&t, g->root);
    extract_tree_finish(&t, c.m.v[XT_TITLE], c.title_tag);
    extract_find_article(&t, &o);
    rc = extract_is_article(&t, &o, c.is_content) ? 0 : HW_ENOTFOUND;
    if (c.body && extract_use_body(c.body, &o, rc) &&
        extract_emit_body(c.body, &o))
        rc = 0;
    extract_tree_free(&t);
    arena_free(&arena); /* and with it g, not walked again */
    hw_buf_release(&in);

    if (rc == 0 && (o.text.err || o.html.err))
        rc = HW_ETOOBIG;
    if (rc != 0) {
        extract_out_release(&o);
        for (int i = 0; i < XT_NSLOTS; i++)
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
    r->canonical_url = resolve(url, c.m.v[XT_CANON]);
    r->title = c.m.v[XT_TITLE];
    r->byline = c.m.v[XT_BYLINE];
    r->site_name = c.m.v[XT_SITE];
    r->lang = c.m.v[XT_LANG];
    r->image = resolve(url, c.m.v[XT_IMAGE]);
    r->section = c.m.v[XT_SECTION];
    hw_free(c.m.v[XT_PUB]);
    hw_free(c.m.v[XT_MOD]);
    r->published = c.pub;
    r->modified = c.mod;
    r->text = hw_buf_detach(&o.text, NULL);
    {
        struct hw_buf san;
        hw_buf_init(&san, XT_HTML_MAX);
        feed_html_sanitize(o.html.p, o.html.len, url, &san);
        r->html = hw_buf_detach(&san, NULL);
    }
    extract_out_release(&o);
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
