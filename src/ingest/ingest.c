/*
 * ingest.c - feed bytes to stored articles.
 *
 * For each entry: the text is the plain text of content (or of summary
 * when there is no content), paragraphs kept; the category is the first
 * publisher section that maps onto the taxonomy, else the classifier's
 * answer when it is confident enough, else none; the source is the
 * feed's title.  Mentions are found only for articles that are new, so running
 * the same file twice changes nothing.
 */
#include <string.h>

#include "feed/feed.h"
#include "ingest/ingest.h"
#include "nlp/classify.h"
#include "nlp/nlp.h"
#include "nlp/taxonomy.h"

/* Cap on one article's text; longer text is cut, not refused. */
#define TEXT_MAX (4u * 1024 * 1024)

/* Store one entry; mentions too when it is new. */
static int put_entry(struct store *st, const struct feed *f,
                     const struct feed_entry *e, int64_t feed_id,
                     const struct ingest_opts *o, struct hw_buf *text,
                     struct hw_buf *keys, struct ingest_stats *stats)
{
    const char *body = e->content ? e->content : e->summary;
    struct store_article a;
    struct nlp_doc doc;
    struct store_mention *m;
    size_t i, *offs;
    int64_t id;
    int created, r;

    hw_buf_reset(text);
    if (body)
        feed_html_text(body, strlen(body), text);
    text->err = 0; /* over TEXT_MAX: keep what fitted */
    memset(&a, 0, sizeof a);
    a.feed_id = feed_id;
    a.source = f->title;
    a.guid = e->id;
    a.url = e->link;
    a.canonical_url = e->link;
    a.title = e->title;
    a.author = e->author;
    a.category = nlp_category_map_any(e->categories, e->ncategories);
    if (!a.category && o->classifier)
        nlp_classify(o->classifier, e->title, text->p, &a.category, NULL);
    a.summary = e->summary;
    a.text = text->p;
    a.language = f->language;
    a.published = e->published != HW_TIME_NONE ? e->published : e->updated;
    a.fetched = o->now;
    if ((r = store_article_put(st, &a, &id, &created)) != 0)
        return r;
    stats->entries++;
    if (!created) {
        stats->existing++;
        return 0;
    }
    stats->created++;
    if ((r = nlp_analyze(e->title ? e->title : "", text->p, &doc)) != 0)
        return r;
    /* keys and variant keys of all entities, in one buffer */
    m = hw_calloc(doc.nentities ? doc.nentities : 1, sizeof *m);
    offs = hw_calloc(doc.nentities ? doc.nentities : 1, sizeof *offs);
    hw_buf_reset(keys);
    for (i = 0; i < doc.nentities; i++) {
        const char *k = doc.entities[i].key;
        offs[i] = keys->len;
        nlp_variant_key(k, strlen(k), keys);
        hw_buf_addc(keys, '\0');
    }
    for (i = 0; i < doc.nentities && !keys->err; i++) {
        const struct nlp_entity *ne = &doc.entities[i];
        m[i].key = ne->key;
        m[i].variant_key = keys->p + offs[i];
        m[i].display = ne->display;
        m[i].type = ne->type == NLP_UNK ? NULL : nlp_type_name(ne->type);
        m[i].mentions = ne->mentions;
        m[i].salience = ne->salience;
        m[i].on_page = ne->on_page;
    }
    r = keys->err ? keys->err
                  : store_article_mentions(
                        st, id, a.published != HW_TIME_NONE ? a.published
                                                            : a.fetched,
                        m, doc.nentities);
    hw_free(m);
    hw_free(offs);
    nlp_doc_release(&doc);
    return r;
}

int ingest_feed(struct store *st, const char *data, size_t len,
                const struct ingest_opts *o, struct ingest_stats *stats,
                struct hw_diag *d)
{
    struct feed_opts fo = {o->url, o->charset};
    struct hw_buf text, keys;
    struct feed *f = NULL;
    int64_t feed_id;
    size_t i;
    int r;

    stats->files++;
    if ((r = feed_parse(data, len, &fo, &f, d)) != 0) {
        stats->failed++;
        return r;
    }
    if (f->bozo)
        stats->bozo++;
    if ((r = store_begin(st)) != 0)
        goto db_fail;
    if ((r = store_feed_upsert(st, o->url, f->title, f->link, &feed_id)))
        goto db_fail;
    hw_buf_init(&text, TEXT_MAX);
    hw_buf_init(&keys, HW_BUF_NOLIMIT);
    for (i = 0; i < f->nentries && r == 0; i++)
        r = put_entry(st, f, &f->entries[i], feed_id, o, &text, &keys,
                      stats);
    hw_buf_release(&text);
    hw_buf_release(&keys);
    if (r != 0)
        goto db_fail;
    if ((r = store_commit(st)) != 0)
        goto db_fail;
    feed_free(f);
    return 0;
db_fail:
    store_rollback(st); /* does nothing outside a transaction */
    stats->failed++;
    feed_free(f);
    if (r == HW_EDB)
        return hw_fail(d, r, "ingest", o->url, "%s", store_errmsg(st));
    return hw_fail(d, r, "ingest", o->url, "%s", hw_strerror(r));
}
