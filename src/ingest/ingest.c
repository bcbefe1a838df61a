/*
 * ingest.c - feed bytes to stored articles.
 *
 * For each entry: the text is the plain text of content (or of summary
 * when there is no content), paragraphs kept; the category is the first
 * publisher section that maps onto the taxonomy, else the classifier's
 * answer when it is confident enough, else none; the source is the
 * feed's title.  Mentions are stored only for articles that are new, so
 * running the same file twice changes nothing.
 */
#include <string.h>

#include "feed/feed.h"
#include "ingest/ingest.h"
#include "nlp/classify.h"
#include "nlp/nlp.h"
#include "nlp/taxonomy.h"

/* Cap on one article's text; longer text is cut, not refused. */
#define TEXT_MAX (4u * 1024 * 1024)

struct prepared {
    char *text;          /* plain text, paragraphs kept */
    const char *category; /* static, or NULL */
    int analysed;
    struct nlp_doc doc;
};

struct ingest_batch {
    struct feed *feed;
    struct prepared *items; /* one per feed entry */
    struct ingest_opts opts;
    char *url, *charset; /* owned copies behind opts */
};

void ingest_batch_free(struct ingest_batch *b)
{
    size_t i;

    if (!b)
        return;
    for (i = 0; b->feed && i < b->feed->nentries; i++) {
        hw_free(b->items[i].text);
        if (b->items[i].analysed)
            nlp_doc_release(&b->items[i].doc);
    }
    hw_free(b->items);
    feed_free(b->feed);
    hw_free(b->url);
    hw_free(b->charset);
    hw_free(b);
}

static int analyse(const struct feed_entry *e, struct prepared *p)
{
    int r = nlp_analyze(e->title ? e->title : "", p->text, &p->doc);

    p->analysed = r == 0;
    return r;
}

int ingest_prepare(const char *data, size_t len, const struct ingest_opts *o,
                   int analyse_all, struct ingest_batch **out,
                   struct hw_diag *d)
{
    struct feed_opts fo = {o->url, o->charset};
    struct ingest_batch *b;
    struct hw_buf text;
    size_t i;
    int r;

    *out = NULL;
    b = hw_calloc(1, sizeof *b);
    if ((r = feed_parse(data, len, &fo, &b->feed, d)) != 0) {
        hw_free(b);
        return r;
    }
    b->opts = *o;
    b->url = hw_strdup(o->url);
    b->charset = hw_strdup(o->charset);
    b->opts.url = b->url;
    b->opts.charset = b->charset;
    b->items = hw_calloc(b->feed->nentries ? b->feed->nentries : 1,
                         sizeof *b->items);
    hw_buf_init(&text, TEXT_MAX);
    for (i = 0; i < b->feed->nentries; i++) {
        const struct feed_entry *e = &b->feed->entries[i];
        const char *body = e->content ? e->content : e->summary;
        struct prepared *p = &b->items[i];

        hw_buf_reset(&text);
        if (body)
            feed_html_text(body, strlen(body), &text);
        text.err = 0; /* over TEXT_MAX: keep what fitted */
        p->text = hw_strndup(text.p, text.len);
        p->category = nlp_category_map_any(e->categories, e->ncategories);
        if (!p->category && o->classifier)
            nlp_classify(o->classifier, e->title, p->text, &p->category,
                         NULL);
        if (analyse_all && (r = analyse(e, p)) != 0)
            break;
    }
    hw_buf_release(&text);
    if (r != 0) {
        ingest_batch_free(b);
        return hw_fail(d, r, "ingest", o->url, "%s", hw_strerror(r));
    }
    *out = b;
    return 0;
}

/* Does s[0..n) end with the ASCII phrase p, case aside? */
static int ends_with(const char *s, size_t n, const char *p)
{
    size_t k = strlen(p), i;

    if (k > n)
        return 0;
    for (i = 0; i < k; i++) {
        unsigned char c = (unsigned char)s[n - k + i];
        if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != (unsigned char)p[i])
            return 0;
    }
    return 1;
}

/* Does s[0..n) end with what publishers put at the end of a cut text? */
static int cut_mark(const char *s, size_t n)
{
    static const char *const tails[] = {
        "...", "\xe2\x80\xa6", "[...]", "[\xe2\x80\xa6]", "read more",
        "read more \xc2\xbb", "read more\xc2\xbb", "read more >",
        "continue reading", "continue reading \xe2\x86\x92",
        "more \xc2\xbb", "more\xc2\xbb", "read the full story",
        "read full article", "read the rest of this entry \xc2\xbb",
        "(more\xe2\x80\xa6)", "(more...)", NULL};
    size_t i;

    for (i = 0; tails[i]; i++)
        if (ends_with(s, n, tails[i]))
            return 1;
    return 0;
}

int ingest_is_teaser(const char *text)
{
    size_t n = strlen(text);

    if (n < INGEST_TEASER_BYTES)
        return 1;
    while (n && strchr(" \t\r\n", text[n - 1]))
        n--;
    if (cut_mark(text, n))
        return 1;
    /* "Read more)" or a quote closing an ellipsis */
    while (n && strchr(")]\"' \t\r\n", text[n - 1]))
        n--;
    return cut_mark(text, n);
}

static int is_web_link(const char *u)
{
    return u && (strncmp(u, "http://", 7) == 0 ||
                 strncmp(u, "https://", 8) == 0);
}

/* The mentions of one new article, handed to the store. */
static int put_mentions(struct store *st, int64_t id, hw_time t,
                        const struct nlp_doc *doc, struct hw_buf *keys)
{
    size_t i, n = doc->nentities, *offs;
    struct store_mention *m;
    int r;

    m = hw_calloc(n ? n : 1, sizeof *m);
    offs = hw_calloc(n ? n : 1, sizeof *offs);
    hw_buf_reset(keys);
    for (i = 0; i < n; i++) {
        const char *k = doc->entities[i].key;
        offs[i] = keys->len;
        nlp_variant_key(k, strlen(k), keys);
        hw_buf_addc(keys, '\0');
    }
    for (i = 0; i < n && !keys->err; i++) {
        const struct nlp_entity *ne = &doc->entities[i];
        m[i].key = ne->key;
        m[i].variant_key = keys->p + offs[i];
        m[i].display = ne->display;
        m[i].type = ne->type == NLP_UNK ? NULL : nlp_type_name(ne->type);
        m[i].mentions = ne->mentions;
        m[i].salience = ne->salience;
        m[i].on_page = ne->on_page;
    }
    /* the replacing form records the display each mention voted for,
     * so that `retag` can take the vote back exactly later */
    r = keys->err ? keys->err : store_article_mentions_replace(st, id, t, m, n);
    hw_free(m);
    hw_free(offs);
    return r;
}

int ingest_replace_mentions(struct store *st, int64_t id, hw_time t,
                            const struct nlp_doc *doc)
{
    struct hw_buf keys;
    int r;

    hw_buf_init(&keys, HW_BUF_NOLIMIT);
    r = put_mentions(st, id, t, doc, &keys);
    hw_buf_release(&keys);
    return r;
}

/* Store one entry; its mentions too when it is new. */
static int put_entry(struct store *st, struct ingest_batch *b, size_t i,
                     int64_t feed_id, struct hw_buf *keys,
                     struct ingest_stats *stats)
{
    const struct feed_entry *e = &b->feed->entries[i];
    struct prepared *p = &b->items[i];
    struct store_article a;
    int64_t id;
    int created, r;

    memset(&a, 0, sizeof a);
    a.feed_id = feed_id;
    a.source = b->feed->title;
    a.guid = e->id;
    a.url = e->link;
    a.canonical_url = e->link;
    a.title = e->title;
    a.author = e->author;
    a.category = p->category;
    a.summary = e->summary;
    a.text = p->text;
    a.language = b->feed->language;
    a.published = e->published != HW_TIME_NONE ? e->published : e->updated;
    a.fetched = b->opts.now;
    a.extract = b->opts.extract && is_web_link(e->link) &&
                ingest_is_teaser(p->text);
    if ((r = store_article_put(st, &a, &id, &created)) != 0)
        return r;
    stats->entries++;
    if (!created) {
        stats->existing++;
        return 0;
    }
    stats->created++;
    if (!p->analysed && (r = analyse(e, p)) != 0)
        return r;
    return put_mentions(st, id,
                        a.published != HW_TIME_NONE ? a.published : a.fetched,
                        &p->doc, keys);
}

int ingest_store(struct store *st, struct ingest_batch *b,
                 struct ingest_stats *stats, struct hw_diag *d)
{
    const char *url = b->opts.url;
    struct hw_buf keys;
    int64_t feed_id;
    size_t i;
    int r;

    stats->files++;
    if (b->feed->bozo)
        stats->bozo++;
    if ((r = store_begin(st)) != 0)
        goto fail;
    if ((r = store_feed_upsert(st, url, b->feed->title, b->feed->link,
                               &feed_id)) != 0)
        goto fail;
    hw_buf_init(&keys, HW_BUF_NOLIMIT);
    for (i = 0; i < b->feed->nentries && r == 0; i++)
        r = put_entry(st, b, i, feed_id, &keys, stats);
    hw_buf_release(&keys);
    if (r == 0 && (r = store_commit(st)) == 0)
        return 0;
fail:
    store_rollback(st); /* does nothing outside a transaction */
    stats->failed++;
    if (r == HW_EDB)
        return hw_fail(d, r, "ingest", url, "%s", store_errmsg(st));
    return hw_fail(d, r, "ingest", url, "%s", hw_strerror(r));
}

int ingest_feed(struct store *st, const char *data, size_t len,
                const struct ingest_opts *o, struct ingest_stats *stats,
                struct hw_diag *d)
{
    struct ingest_batch *b;
    int r;

    if ((r = ingest_prepare(data, len, o, 0, &b, d)) != 0) {
        stats->files++;
        stats->failed++;
        return r;
    }
    r = ingest_store(st, b, stats, d);
    ingest_batch_free(b);
    return r;
}
