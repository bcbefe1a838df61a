/*
 * ingest.h - the path every new article takes, from feed bytes to the
 * store: parse, HTML to text, mentions and hashtags, category, store.
 * The command line's `ingest` and the crawler both go through here.
 */
#ifndef HW_INGEST_H
#define HW_INGEST_H

#include "store/store.h"
#include "util/hw.h"

struct ingest_stats {
    size_t files, bozo, failed;
    size_t entries, created, existing;
};

struct nlp_classifier;

struct ingest_opts {
    const char *url;     /* the feed's URL (for a file: "file:" + path) */
    const char *charset; /* from HTTP Content-Type, or NULL */
    hw_time now;         /* the fetch time given to new articles */
    /* decides the category when the publisher's section does not map;
     * NULL: such articles have no category */
    const struct nlp_classifier *classifier;
};

/*
 * Parse one feed and store its new articles in one transaction: either
 * every new article of the feed is committed or none is.  A bozo feed
 * stores what could be read.  Adds to *stats.  Errors: the feed parser's
 * (HW_ENOTFEED, HW_ETOOBIG, ...) and HW_EDB, with diag filled.
 */
int ingest_feed(struct store *st, const char *data, size_t len,
                const struct ingest_opts *opts, struct ingest_stats *stats,
                struct hw_diag *d);

#endif
