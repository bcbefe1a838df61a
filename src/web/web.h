/*
 * web.h - hashwire's web server: the pages, the Atom feeds and the JSON
 * API of DESIGN.md "Web", served by libmicrohttpd from a store.
 *
 *     GET  /                        trending hashtags, latest articles
 *     GET  /tag/{tag}               Latest news with #Tag (?before=T.ID)
 *     GET  /tag/{tag}.atom          the same as Atom 1.0, newest 50
 *     GET  /category/{name}         the same by category
 *     GET  /article/{id}            one article
 *     GET  /story/{id}              one story (for now: its one article)
 *     GET  /search?q=               full-text search
 *     GET  /api/v1/...              JSON (docs/api.md)
 *     POST /api/v1/feeds, /opml     subscribe (Bearer admin token)
 *     GET  /healthz, /metrics       liveness; Prometheus text format
 *     GET  /style.css               the one stylesheet
 *
 * The server runs in threads of its own (libmicrohttpd's thread pool on
 * epoll); web_start() returns once it listens and web_stop() ends it.
 * Each pool thread reads through a store connection of its own.  Limits
 * (connections in all and per client address, header and body sizes,
 * idle timeout) keep a hostile or broken client from starving the others.
 */
#ifndef HW_WEB_H
#define HW_WEB_H

#include "util/hw.h"

struct web;

struct web_opts {
    const char *store;       /* store spec (store_open) */
    const char *host;        /* address to listen on: "127.0.0.1" */
    int port;                /* 0: any free port (see web_port) */
    const char *admin_token; /* NULL or "": the write API is off */
    hw_time now;             /* HW_TIME_NONE: the clock; else fixed */
    const char *version;     /* for the generator and the Server header */
    int threads;             /* pool threads (0: one per CPU, 2..16) */
    int max_connections;     /* in all (0: 4096) */
    int per_ip;              /* per client address (0: 512) */
    int timeout;             /* idle seconds before closing (0: 30) */
    int quiet;               /* 1: no error log from the HTTP library */
    int no_cache;            /* 1: render every request (benchmarks) */
};

/* The defaults above, with host 127.0.0.1 and port 8080. */
void web_opts_default(struct web_opts *o);

/*
 * Open the store (one connection per thread, migrated on first open) and
 * start listening.  *out is stopped and freed with web_stop().  Errors:
 * HW_EDB (the store), HW_EIO (cannot listen: address in use, ...), with
 * d filled.
 */
int web_start(const struct web_opts *o, struct web **out,
              struct hw_diag *d);

/* Stop listening, finish the requests in flight, close the store
 * connections and free w.  NULL does nothing. */
void web_stop(struct web *w);

/* The port listened on (the one chosen when opts.port was 0). */
int web_port(const struct web *w);

/* The URL to open: "http://127.0.0.1:8080/". */
const char *web_url(const struct web *w);

struct store_row;

/*
 * Append the JSON object of one article as the API gives it (docs/api.md),
 * its relative time taken at now: with full, its language, canonical URL,
 * text and extraction status; else the lead of its text.  For the command
 * line, so that both speak the same format.
 */
void web_article_json(struct hw_buf *b, const struct store_row *r,
                      hw_time now, int full);

#endif
