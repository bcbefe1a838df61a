/*
 * web_int.h - private to the web room: the server's state, one request
 * and its response as handlers see them, the route table, metrics, and
 * the helpers the views share (tag and category resolution, paging
 * parameters, the page frame).
 *
 * The split: server.c speaks libmicrohttpd and HTTP (validators, gzip,
 * security headers, limits) and knows no route; routes.c holds the table
 * and the news-specific helpers; pages.c, atom.c and api.c are views that
 * read the store and write a body; metrics.c counts.  No libmicrohttpd
 * type appears outside server.c.
 */
#ifndef HW_WEB_INT_H
#define HW_WEB_INT_H

#include <pthread.h>
#include <stdatomic.h>

#include "store/store.h"
#include "web/out.h"
#include "web/router.h"
#include "web/web.h"

/* ---- requests and responses ------------------------------------------- */

/* Largest POST body read (larger: 413). */
#define WEB_BODY_MAX (1024 * 1024)
/* Largest page or document produced (a safety cap; pages are far
 * smaller). */
#define WEB_OUT_MAX (8 * 1024 * 1024)

struct web_req {
    const char *method;       /* "GET", "HEAD", "POST" */
    struct hw_str path, query; /* raw, percent-encoded */
    const struct web_match *m; /* decoded captures of the route */
    const char *body;         /* POST body (not NUL-terminated), or NULL */
    size_t body_len;
    /* A request header's value, or NULL (server.c supplies it). */
    const char *(*header)(void *conn, const char *name);
    void *conn;
};

struct web_resp {
    int status;            /* 200 unless set */
    const char *type;      /* Content-Type, with charset */
    struct hw_buf body;
    hw_time last_modified; /* HW_TIME_NONE: none sent */
    int max_age;           /* Cache-Control max-age; -1: no-store */
    const char *allow;     /* Allow, for 405 */
    int auth_challenge;    /* 1: WWW-Authenticate: Bearer */
    char location[1024];   /* Location, for redirects and 201 */
};

struct web;

/* What a handler gets: the server, its own store connection, the clock
 * of this request, the request and the response to fill. */
struct web_ctx {
    struct web *w;
    struct store *st;
    hw_time now;
    const struct web_req *req;
    struct web_resp *resp;
};

typedef void (*web_handler)(struct web_ctx *c);

/* The route table (routes.c). */
extern const struct web_route web_routes[];
extern const size_t web_nroutes;

/* ---- metrics ----------------------------------------------------------- */

#define WEB_NSTATUS 18
#define WEB_NBUCKETS 12
#define WEB_MAX_ROUTES 40

/* Counters, updated lock-free by every pool thread.  Route index
 * web_nroutes is "no route" (404 before routing, bad targets). */
struct web_metrics {
    _Atomic uint64_t requests[WEB_MAX_ROUTES + 1][WEB_NSTATUS];
    _Atomic uint64_t buckets[WEB_MAX_ROUTES + 1][WEB_NBUCKETS];
    _Atomic uint64_t usec_sum[WEB_MAX_ROUTES + 1];
    _Atomic uint64_t count[WEB_MAX_ROUTES + 1];
    _Atomic uint64_t bytes_out;
    _Atomic int64_t in_flight;
    hw_time started;
};

void web_metrics_record(struct web_metrics *m, int route, int status,
                        uint64_t usec);
/* Append the request metrics in Prometheus text format (0.0.4). */
int web_metrics_write(struct web_metrics *m, struct hw_buf *b);

/* ---- the server -------------------------------------------------------- */

/* Tags already resolved, kept a little while (a popular page must not
 * pay for counting its articles on every request). */
#define WEB_TAGCACHE 512
#define WEB_TAGCACHE_TTL 30
struct web_tagslot {
    char key[160];
    struct store_entity e;
    hw_time expires;
};

/* The response cache: a page or list answered in the last second is
 * answered again from memory (what a popular page costs is then one
 * lookup), so a burst of readers costs one rendering per second per URL. */
#define WEB_CACHE_SLOTS 1024
#define WEB_CACHE_LOCKS 16
#define WEB_CACHE_MS 1000
#define WEB_CACHE_STALE_MS 10000 /* served while one reader refreshes */
struct web_cached;

struct web {
    struct web_opts o;
    char host[64];
    char url[160];
    char base[128]; /* "http://127.0.0.1:8080", for Atom ids and links */
    int port;
    void *daemon; /* struct MHD_Daemon */
    /* the pool of store connections, one per pool thread (and a spare) */
    pthread_mutex_t lock;
    pthread_cond_t freed;
    struct store **stores;
    int nstores, nfree;
    struct store **free;
    struct web_metrics metrics;
    pthread_mutex_t tag_lock;
    struct web_tagslot tags[WEB_TAGCACHE];
    /* finished responses by request target, for WEB_CACHE_MS (server.c);
     * slot i is guarded by cache_lock[i % WEB_CACHE_LOCKS] */
    struct web_cached **cache;
    pthread_mutex_t cache_lock[WEB_CACHE_LOCKS];
};

/* ---- shared by the views (routes.c) ------------------------------------ */

/*
 * The tag-name resolver: a decoded URL segment ("Kim_Jong-un", "#KimJongUn",
 * "kimjongun") to its entity key and variant key (both reset first).
 * Returns 0, HW_ETOOBIG for a segment over 512 bytes, HW_EINVAL when it
 * holds no letter or digit.
 */
int web_tag_key(struct hw_str seg, struct hw_buf *key, struct hw_buf *vkey);

/* The entity of a tag segment, through the cache, its articles not
 * counted (-1).  0, HW_ENOTFOUND, HW_EINVAL / HW_ETOOBIG (not a tag),
 * HW_EDB. */
int web_find_entity(struct web_ctx *c, struct hw_str seg,
                    struct store_entity *e);

/*
 * ?before=T.ID (keyset paging: strictly older than time T, id ID on a
 * tie).  Returns 1 and sets both when present and well-formed, 0 when
 * absent, HW_EPARSE when malformed (digits only, T may have a "-").
 */
int web_parse_before(struct hw_str query, hw_time *t, int64_t *id);

/* A path segment that is a decimal id (1 to 18 digits, nothing else),
 * else -1. */
int64_t web_parse_id(struct hw_str s);

/* ?limit=N within 1..max, else def (malformed: def too). */
int web_parse_limit(struct hw_str query, int def, int max);

/* A category name as spelled in a URL ("politics", "Arts%20%26%20Culture"
 * decoded, "arts-culture") to its taxonomy name, or NULL. */
const char *web_category_find(struct hw_str name);
/* Append a category's URL slug: "Arts & Culture" -> "arts-culture". */
int web_category_slug(struct hw_buf *b, const char *name);

/* An error for this request: JSON under /api/, an HTML page elsewhere. */
void web_error(struct web_ctx *c, int status, const char *message);

/* 1 when the request path is under /api/. */
int web_is_api(const struct web_ctx *c);

/* ---- views ------------------------------------------------------------- */

/* pages.c */
void web_page_home(struct web_ctx *c);
void web_page_tag(struct web_ctx *c);
void web_page_category(struct web_ctx *c);
void web_page_article(struct web_ctx *c);
void web_page_story(struct web_ctx *c);
void web_page_search(struct web_ctx *c);
void web_page_style(struct web_ctx *c);
/* The HTML error page (web_error calls it outside /api/). */
void web_page_error(struct web_ctx *c, int status, const char *message);
/* The 404 page of an unknown tag, with the closest existing tags. */
void web_page_unknown_tag(struct web_ctx *c, struct hw_str seg);

/* atom.c */
void web_atom_tag(struct web_ctx *c);

/* api.c */
void web_api_tag(struct web_ctx *c);
void web_api_tag_articles(struct web_ctx *c);
void web_api_article(struct web_ctx *c);
void web_api_latest(struct web_ctx *c);
void web_api_search(struct web_ctx *c);
void web_api_trending(struct web_ctx *c);
void web_api_categories(struct web_ctx *c);
void web_api_category_articles(struct web_ctx *c);
void web_api_feeds_add(struct web_ctx *c);
void web_api_opml(struct web_ctx *c);
void web_api_error(struct web_ctx *c, int status, const char *message);
void web_healthz(struct web_ctx *c);
void web_metrics_page(struct web_ctx *c);

/* The stylesheet (style.c). */
extern const char web_stylesheet[];

#endif
