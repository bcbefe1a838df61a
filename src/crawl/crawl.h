/*
 * crawl.h - keep the subscribed feeds fresh: take the feeds that are due
 * from the store, fetch them (fetch.h), put new articles through the
 * ingest path (ingest.h), and record each poll (status, validators,
 * error, next poll, a permanent move) with store_feed_fetched().
 *
 * The policy of polling lives here, the mechanism in fetch/:
 *   - the poll interval adapts to how often the feed brings new articles,
 *     within 5 min .. 24 h, never shorter than what the publisher asks
 *     (RSS <ttl>, sy:updatePeriod / sy:updateFrequency, Cache-Control
 *     max-age), with a small per-feed jitter so feeds added together
 *     spread out;
 *   - failures back off exponentially (10 min, 20 min, ... up to 24 h);
 *     429 and 503 wait for Retry-After when given;
 *   - 410 marks a feed gone: it is never polled again;
 *   - a permanent redirect (every hop 301 or 308) moves the subscription;
 *   - an HTML page where a feed was expected is searched for
 *     <link rel="alternate" type="application/rss+xml|atom+xml|feed+json">
 *     (autodiscovery) and the subscription moves to the feed it names,
 *     which is fetched in the same run.
 */
#ifndef HW_CRAWL_H
#define HW_CRAWL_H

#include <signal.h>

#include "fetch/fetch.h"
#include "store/store.h"
#include "util/hw.h"

#define CRAWL_MIN_INTERVAL (5 * 60)
#define CRAWL_MAX_INTERVAL (24 * 3600)
#define CRAWL_DEFAULT_INTERVAL 3600
#define CRAWL_MIN_BACKOFF (10 * 60)

struct nlp_classifier;

struct crawl_opts {
    struct fetch_opts fetch; /* limits, concurrency, allow_private */
    /* The clock: HW_TIME_NONE reads the real one at each step; a fixed
     * time (tests, --now) is used for every decision and record. */
    hw_time now;
    int once; /* 1: poll the feeds due now once and return */
    /* Set (by a signal handler) to stop: running transfers are abandoned,
     * everything already recorded stays.  May be NULL. */
    volatile sig_atomic_t *stop;
    int progress; /* 1: a progress line on stderr */
    /* decides the category of new articles whose section does not map;
     * NULL: they have none (see ingest.h) */
    const struct nlp_classifier *classifier;
    /* 1 (the default): the pages of teaser articles are fetched and
     * their main text extracted (see pages.c); 0: feeds only */
    int articles;
};

/* Production defaults: fetch_opts_default(), the real clock, run mode. */
void crawl_opts_default(struct crawl_opts *o);

struct crawl_stats {
    size_t polled;       /* responses handled (moves and discoveries too) */
    size_t ok;           /* 2xx stored */
    size_t not_modified; /* 304 */
    size_t failed;       /* errors of any kind recorded */
    size_t gone;         /* 410 */
    size_t moved;        /* permanent redirects followed */
    size_t discovered;   /* home pages turned into feeds */
    size_t entries, created; /* entries seen, new articles stored */
    size_t bytes;        /* body bytes received */
    /* article pages (teasers made whole) */
    size_t pages;        /* page responses handled */
    size_t extracted;    /* pages whose article was stored */
    size_t no_article;   /* pages that hold no article */
    size_t blocked;      /* pages robots.txt disallows */
    size_t page_errors;  /* attempts that failed (some tried again) */
};

/*
 * Poll feeds until done (once) or until *o->stop is set (run mode: due
 * feeds are taken as they become due).  Adds to *stats.  A failing feed
 * never stops the others; the return value is 0, or HW_EIO / HW_EDB when
 * the crawl itself cannot go on (diag filled).
 */
int crawl_run(struct store *st, const struct crawl_opts *o,
              struct crawl_stats *stats, struct hw_diag *d);

/* ---- policy, exposed for tests ------------------------------------------ */

/*
 * What a feed's own bytes ask of pollers, in seconds (0 when absent):
 * RSS <ttl> (minutes), and sy:updatePeriod / sy:updateFrequency (period
 * divided by frequency).  Looks at the first 64 KB only (the channel
 * head).  A stopgap until the feed parser exposes these fields.
 */
long crawl_feed_hint(const char *data, size_t len);

/*
 * Append the absolute URL of the first feed an HTML page links to with
 * <link rel="alternate" type="application/rss+xml|atom+xml|feed+json"
 * href="..."> to out, resolved against base.  Returns 0, or HW_ENOTFOUND
 * when the page names no feed.  A small tolerant scanner: any case, any
 * quoting, comments skipped, the first 1 MiB looked at.
 */
int crawl_discover(const char *html, size_t len, const char *base,
                   struct hw_buf *out);

/*
 * The next poll interval in seconds after a successful poll: prev is the
 * last interval (0: none yet), since the seconds since the last poll (<0:
 * first poll), created the new articles found, hint the publisher's
 * minimum (0: none), id spreads feeds apart (jitter of up to 10%).
 */
long crawl_interval(long prev, long since, size_t created, long hint,
                    int64_t id);

/*
 * Seconds to wait after a failure: Retry-After when given (at least a
 * minute), else CRAWL_MIN_BACKOFF doubled per earlier consecutive
 * failure; at most CRAWL_MAX_INTERVAL.
 */
long crawl_backoff(int earlier_failures, long retry_after);

#endif
