/*
 * ingest.h - the path every new article takes, from feed bytes to the
 * store: parse, HTML to text, category, mentions and hashtags, store.
 * The command line's `ingest` and the crawler both go through here.
 *
 * The work is split in two so that it can run on two cores: preparing a
 * feed (parse, text, category, and optionally the mentions) touches no
 * database and may run on another thread; storing it runs where the
 * store is.  ingest_feed() does both in turn.
 */
#ifndef HW_INGEST_H
#define HW_INGEST_H

#include "store/store.h"
#include "util/hw.h"

struct nlp_classifier;

struct ingest_stats {
    size_t files, bozo, failed;
    size_t entries, created, existing;
};

struct ingest_opts {
    const char *url;     /* the feed's URL (for a file: "file:" + path) */
    const char *charset; /* from HTTP Content-Type, or NULL */
    hw_time now;         /* the fetch time given to new articles */
    /* decides the category when the publisher's section does not map;
     * NULL: such articles have no category */
    const struct nlp_classifier *classifier;
    /* 1: a new article whose text is a teaser (ingest_is_teaser()) and
     * whose link is http or https is stored pending, for its page to be
     * fetched and its main text extracted (the crawler does) */
    int extract;
};

/* Shorter texts are teasers, whatever they end with. */
#define INGEST_TEASER_BYTES 1000

/*
 * 1 when the plain text of a feed entry looks like the teaser of a longer
 * article: under INGEST_TEASER_BYTES, or ending in an ellipsis ("...",
 * "\u2026", "[...]") or a link phrase ("Read more", "Continue reading",
 * "More\u00bb", ...).  An empty text is a teaser.
 */
int ingest_is_teaser(const char *text);

/* A feed parsed and analysed, ready to store. */
struct ingest_batch;

/*
 * Prepare data[0..len) for storing: parse, turn each entry's HTML into
 * text, decide its category, and when analyse is non-zero also find its
 * mentions (otherwise ingest_store() does that for new articles only).
 * Touches no store; safe to call from several threads.  opts is copied.
 * Errors: the feed parser's (HW_ENOTFEED, HW_ETOOBIG, ...), diag filled.
 */
int ingest_prepare(const char *data, size_t len,
                   const struct ingest_opts *opts, int analyse,
                   struct ingest_batch **out, struct hw_diag *d);

/*
 * Store a prepared feed's new articles in one transaction: either every
 * new article of the feed is committed or none is.  Adds to *stats (the
 * file counts included).  The batch stays the caller's.  HW_EDB on a
 * database error, with diag filled.
 */
int ingest_store(struct store *st, struct ingest_batch *b,
                 struct ingest_stats *stats, struct hw_diag *d);

void ingest_batch_free(struct ingest_batch *b); /* NULL does nothing */

struct nlp_doc;

/*
 * Replace the stored mentions of article id (published, or else fetched,
 * at t) with the entities of doc, as ingest stores them for a new article
 * (store_article_mentions_replace()): what `retag` does after a model
 * change.  Must run inside a transaction.
 */
int ingest_replace_mentions(struct store *st, int64_t id, hw_time t,
                            const struct nlp_doc *doc);

/*
 * Prepare and store one feed (mentions found only for new articles).
 * A bozo feed stores what could be read.  Adds to *stats.
 */
int ingest_feed(struct store *st, const char *data, size_t len,
                const struct ingest_opts *opts, struct ingest_stats *stats,
                struct hw_diag *d);

#endif
