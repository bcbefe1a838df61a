/*
 * store.h - the storage interface of hashwire.
 *
 * One interface, several backends behind a table of operations (SQLite
 * now; PostgreSQL later, without touching callers).  Callers see plain
 * structs and callbacks; no SQL and no backend type crosses this header.
 *
 * Tables, in words (DESIGN.md "Storage"): feeds, articles, entities and
 * their observed display names, article_entities (denormalised with the
 * article's time so a topic page is one index range scan), stories, and
 * hourly mention counts for trending.  Schema changes are numbered
 * migrations.  Every write happens inside store_begin()/store_commit().
 */
#ifndef HW_STORE_H
#define HW_STORE_H

#include "util/hw.h"

struct store;

/*
 * Open a store.  spec is a file path or "sqlite:PATH" (SQLite, created
 * and migrated as needed), or a "postgres://" / "postgresql://" URI or
 * "pg:CONNINFO" (PostgreSQL).  *out is freed with store_close().
 */
int store_open(const char *spec, struct store **out, struct hw_diag *d);
void store_close(struct store *st); /* NULL does nothing */

/* Transactions.  Nested calls are an error (HW_EINVAL). */
int store_begin(struct store *st);
int store_commit(struct store *st);
int store_rollback(struct store *st);

/* The last backend error message (never NULL). */
const char *store_errmsg(struct store *st);

/* ---- feeds ----------------------------------------------------------- */

/*
 * Find the feed with this URL or create it; a non-NULL title or site_url
 * updates the stored one.  Sets *id.
 */
int store_feed_upsert(struct store *st, const char *url, const char *title,
                      const char *site_url, int64_t *id);

/* A subscription as stored; strings valid during the callback only. */
struct store_feed {
    int64_t id;
    const char *url, *title, *site_url, *folder;
    const char *etag, *last_modified; /* HTTP validators, or NULL */
    const char *last_error;           /* NULL after a success */
    hw_time last_fetch, next_poll;    /* HW_TIME_NONE: never / now */
    int last_status;                  /* HTTP status, 0 if none yet */
    int error_count;                  /* consecutive failures */
    int gone;                         /* 410 seen: never polled again */
    int64_t articles;
};
typedef int (*store_feed_cb)(void *ctx, const struct store_feed *f);

/*
 * Subscribe to url (in folder, may be NULL).  *created is 0 when it was
 * already there (title and folder are then filled only if unset).
 */
int store_feed_add(struct store *st, const char *url, const char *title,
                   const char *folder, int64_t *id, int *created);
/* Unsubscribe; the feed's articles stay.  HW_ENOTFOUND if no such id. */
int store_feed_remove(struct store *st, int64_t id);
/* Every feed, by folder then title. */
int store_feeds_list(struct store *st, store_feed_cb cb, void *ctx);
/* Feeds due at now (next_poll <= now, not gone), most overdue first. */
int store_feeds_due(struct store *st, hw_time now, int limit,
                    store_feed_cb cb, void *ctx);

/* What one poll of a feed found, to record. */
struct store_fetch {
    int64_t feed_id;
    int status;                       /* HTTP status, 0 for no response */
    const char *etag, *last_modified; /* new validators (NULL keeps old) */
    const char *error;                /* NULL on success */
    const char *new_url;              /* a permanent redirect's target */
    hw_time fetched, next_poll;
    int gone;
};
/* Record a poll: success clears the error count, failure adds one. */
int store_feed_fetched(struct store *st, const struct store_fetch *f);

/* ---- articles -------------------------------------------------------- */

/* An article to store.  All strings borrowed; NULL means absent. */
struct store_article {
    int64_t feed_id;
    const char *source; /* the publisher's name: the feed's title */
    const char *guid, *url, *canonical_url;
    const char *title, *author, *category, *summary, *text, *language;
    hw_time published, fetched;
    uint64_t simhash;
    /* 1: text is a teaser; the page at url is to be fetched for the
     * whole text (see "full text of teasers" below) */
    int extract;
};

/*
 * Store a new article unless it is already there: the same feed and guid,
 * or (guid absent, or unknown but the URL known) the same canonical URL.
 * Sets *id to the article's id and *created to 1 when it was inserted,
 * 0 when it existed (nothing is changed then).
 */
int store_article_put(struct store *st, const struct store_article *a,
                      int64_t *id, int *created);

/* ---- entities -------------------------------------------------------- */

/* One entity of one article, as nlp found it. */
struct store_mention {
    const char *key;         /* nlp_key() */
    const char *variant_key; /* nlp_variant_key(); spelling variants meet */
    const char *display;     /* display form of this article's surface */
    const char *type;        /* "PER", "ORG", ... or NULL */
    int mentions;
    double salience;
    int on_page; /* the article belongs on the entity's topic page */
};

/*
 * Attach the mentions to article article_id published at t: each finds
 * its entity by key, else by variant key, else creates it; the entity's
 * display name is the one seen in most articles.  Hourly counts for
 * trending are added.  Call once per new article.
 */
int store_article_mentions(struct store *st, int64_t article_id, hw_time t,
                           const struct store_mention *m, size_t n);

/* An entity as stored. */
struct store_entity {
    int64_t id;
    char key[256];
    char display[256];
    char type[8];
    int64_t articles; /* articles on its page */
};

/*
 * Find an entity by key, then by variant key.  HW_ENOTFOUND if none.
 */
int store_entity_get(struct store *st, const char *key,
                     const char *variant_key, struct store_entity *e);

/* The entity with the most articles on its page.  HW_ENOTFOUND if none. */
int store_entity_top(struct store *st, struct store_entity *e);

/* ---- reading articles ------------------------------------------------ */

/* An article as read back; strings valid during the callback only. */
struct store_row {
    int64_t id, feed_id;
    const char *source, *guid, *url, *canonical_url, *title, *author;
    const char *category, *summary, *text, *language;
    hw_time published, fetched;
    hw_time sort_time; /* published, or fetched when there is no date */
    /* NULL when the feed gave the whole text; else "pending", "ok",
     * "none", "blocked" or "failed", with the last error or NULL */
    const char *extract_status, *extract_error;
};

/* Return non-zero from a callback to stop the iteration early. */
typedef int (*store_row_cb)(void *ctx, const struct store_row *r);

/*
 * The articles on entity_id's page, newest first (ties by id, highest
 * first), strictly older than (before_time, before_id) when before_time
 * is not HW_TIME_NONE (keyset paging), at most limit.
 */
int store_topic(struct store *st, int64_t entity_id, hw_time before_time,
                int64_t before_id, int limit, store_row_cb cb, void *ctx);

/* Counts, for tests and reports. */
struct store_stats {
    int64_t feeds, articles, entities, mentions;
};
int store_stats(struct store *st, struct store_stats *s);

/* ---- reading, for the web ----------------------------------------------
 * Added for src/web/: one article, its hashtags, category and latest
 * pages (keyset, as store_topic), full-text search, trending, entities by
 * key prefix (the "closest tags" of a 404) and counts for /metrics. */

/* The article with this id: cb is called once.  HW_ENOTFOUND if none. */
int store_article_get(struct store *st, int64_t id, store_row_cb cb,
                      void *ctx);

/* An entity as listed with an article or a prefix; strings valid during
 * the callback only. */
struct store_tag {
    int64_t id;
    const char *key, *display, *type;
    int mentions;     /* in this article (0 when not about an article) */
    double salience;  /* in this article (0 likewise) */
    int64_t articles; /* articles on its page; -1: not counted */
};
typedef int (*store_tag_cb)(void *ctx, const struct store_tag *t);

/* The entities of an article that it is on the page of, most salient
 * first (articles not counted: -1). */
int store_article_tags(struct store *st, int64_t article_id,
                       store_tag_cb cb, void *ctx);

/* Articles of one category (the taxonomy name, exactly), newest first,
 * keyset paged as store_topic() on (published or fetched, id). */
int store_category(struct store *st, const char *category,
                   hw_time before_time, int64_t before_id, int limit,
                   store_row_cb cb, void *ctx);

/* Every article, newest first, keyset paged likewise. */
int store_latest(struct store *st, hw_time before_time, int64_t before_id,
                 int limit, store_row_cb cb, void *ctx);

/* One search result: the article, its title and an excerpt of its text
 * with each matching term between the bytes STORE_MARK_ON (0x01) and
 * STORE_MARK_OFF (0x02) (so that the caller escapes the text and then
 * turns the marks into markup), and the blended score (lower is better). */
#define STORE_MARK_ON '\001'
#define STORE_MARK_OFF '\002'
struct store_hit {
    struct store_row row;
    const char *title_marked, *snippet_marked;
    double score;
};
typedef int (*store_hit_cb)(void *ctx, const struct store_hit *h);

/*
 * Full-text search for the words of query (plain text as a user types
 * it: every run of letters and digits is one word, all must match;
 * operators and quotes have no meaning, so no input can change the
 * query's form).  Ranked by bm25 (title weighted 4, text 1) blended with
 * recency: the score is divided by 1 + age/14 days at now.  Results
 * offset .. offset+limit.  A query with no word finds nothing.
 */
int store_search(struct store *st, const char *query, hw_time now,
                 int offset, int limit, store_hit_cb cb, void *ctx);

/* A trending entity: mentions in the window, and in the week before. */
struct store_trend {
    int64_t id;
    const char *key, *display, *type;
    int64_t count;    /* mentions in [now - hours, now] */
    int64_t before;   /* mentions in the 7 days before that window */
    double score;     /* how far count is above what the week predicts */
};
typedef int (*store_trend_cb)(void *ctx, const struct store_trend *t);

/*
 * The entities mentioned most above their usual rate: count in the last
 * hours against the week before (scaled to the window), highest score
 * first, at most limit.  Only entities mentioned in the window appear.
 */
int store_trending(struct store *st, hw_time now, int hours, int limit,
                   store_trend_cb cb, void *ctx);

/* Entities whose key starts with prefix (a key, as nlp_key gives), most
 * articles first, at most limit (of the first 200 by key). */
int store_entities_prefix(struct store *st, const char *prefix, int limit,
                          store_tag_cb cb, void *ctx);

/*
 * As store_entity_get(), without counting the entity's articles
 * (e->articles is -1): what a page needs to find its entity, at a cost
 * that does not grow with the entity's popularity.
 */
int store_entity_find(struct store *st, const char *key,
                      const char *variant_key, struct store_entity *e);

/* Counts for /metrics and the home page. */
struct store_counts {
    int64_t articles, entities, feeds;
    int64_t feeds_ok;      /* last poll succeeded */
    int64_t feeds_failing; /* last poll failed */
    int64_t feeds_gone;    /* 410: never polled again */
    int64_t feeds_new;     /* never polled */
    int64_t feed_errors;   /* consecutive failures, summed over feeds */
    int64_t max_article_id;
};
int store_counts(struct store *st, struct store_counts *c);

/* Each category in use with its number of articles, most first. */
typedef int (*store_count_cb)(void *ctx, const char *name, int64_t n);
int store_categories(struct store *st, store_count_cb cb, void *ctx);

/* ---- retagging ---------------------------------------------------------
 * Added for `hashwire retag`: a small table of settings and progress
 * (meta), the articles in id order, and replacing what one article
 * contributes to its entities. */

/* Copy the value of key in meta into out (replacing what it held).
 * HW_ENOTFOUND if there is none. */
int store_meta_get(struct store *st, const char *key, struct hw_buf *out);
/* Set key to value in meta; value NULL deletes the key. */
int store_meta_set(struct store *st, const char *key, const char *value);

/*
 * The articles whose id is greater than after_id, in id order, at most
 * limit; cb may be NULL.  When left is not NULL it gets the number of
 * such articles (all of them, not only the first limit).
 */
int store_articles_after(struct store *st, int64_t after_id, int limit,
                         store_row_cb cb, void *ctx, int64_t *left);

/*
 * Replace the mentions of article article_id (published at t): what it
 * contributed is taken back - its article_entities rows, its hourly
 * counts (entity_hours), its vote for a display name (entity_names) -
 * and m[0..n) are attached as store_article_mentions() attaches them,
 * recording the display each row voted for.  An entity without a type
 * takes the type of its new mention.  A row that did not record its
 * display (stored before schema 4, or by store_article_mentions()) takes
 * back the vote of the display the new mentions give the same entity,
 * if any.  A name left with no vote is deleted; one voted for again
 * keeps its place among ties.  Entities left without articles stay
 * (their pages are empty).  Must run inside store_begin() (HW_EINVAL
 * otherwise).
 */
int store_article_mentions_replace(struct store *st, int64_t article_id,
                                   hw_time t, const struct store_mention *m,
                                   size_t n);

/* ---- full text of teasers ---------------------------------------------
 * An article stored with extract set is "pending": its page is fetched
 * and its main text replaces the teaser.  Each attempt is recorded with
 * its outcome, so that what happened to every article can be shown. */

/* A pending article; url valid during the callback only. */
struct store_pending {
    int64_t id;
    const char *url;
    int tries; /* attempts recorded so far */
};
typedef int (*store_pending_cb)(void *ctx, const struct store_pending *p);

/* Pending articles due at now (extract_next <= now), the longest
 * waiting first, at most limit. */
int store_articles_pending(struct store *st, hw_time now, int limit,
                           store_pending_cb cb, void *ctx);

/*
 * Record one attempt at article id's page.  status is "ok", "none" (the
 * page holds no article), "blocked" (robots.txt), "failed" (given up) or
 * "pending" (tried again at next); error says why (NULL on success).
 * When text is not NULL it replaces the article's text (and its entry in
 * the search index).  author, category, language and published fill the
 * fields the feed left empty; canonical_url, when given, replaces the
 * stored one.  HW_ENOTFOUND if there is no such article.
 */
struct store_extracted {
    int64_t id;
    const char *status, *error;
    hw_time next; /* HW_TIME_NONE unless status is "pending" */
    const char *text, *author, *category, *language, *canonical_url;
    hw_time published;
};
int store_article_extracted(struct store *st,
                            const struct store_extracted *x);

/* The number of articles in each extraction status (NULL not counted). */
int store_extract_counts(struct store *st, store_count_cb cb, void *ctx);

#endif
