/*
 * fetch.h - an HTTP client for many small downloads at once, on libcurl's
 * multi interface, and the URL rules that go with it.
 *
 * A mechanism that knows nothing of news: the caller queues requests
 * (a URL, optional cache validators and an opaque pointer), drives the
 * fetcher from one thread, and gets one callback per finished request
 * with the status, the body and the response headers that matter for
 * polite polling (validators, Retry-After, Cache-Control max-age, the
 * charset of Content-Type, a permanent redirect's target).
 *
 * Politeness and safety are built in and apply to every transfer:
 *   - at most max_total transfers at once, at most max_per_host per host
 *     name (a request waits in its host's queue; hosts take turns);
 *   - a real User-Agent; conditional GET from the validators given;
 *   - gzip, deflate and brotli (whatever curl was built with);
 *   - at most max_redirects redirects, http and https only, also after a
 *     redirect;
 *   - connect and total time limits, a low-speed abort, and a cap on the
 *     body after decompression (a decompression bomb stops at the cap);
 *   - the address of every connection is checked as the socket is opened
 *     (so a DNS answer that changes between a check and the connect
 *     cannot get around it): loopback, private, link-local, multicast,
 *     documentation and reserved ranges of IPv4 and IPv6 are refused
 *     unless allow_private is set;
 *   - proxies from the environment are not used (the address check must
 *     see the server's own address).
 *
 * Only this room includes curl.h; no curl type crosses this header.
 */
#ifndef HW_FETCH_H
#define HW_FETCH_H

#include <sys/socket.h>

#include "util/hw.h"

/* The User-Agent sent unless fetch_opts.user_agent says otherwise. */
#define FETCH_USER_AGENT_FMT                                                  \
    "hashwire/%s (+https://github.com/hashwire/hashwire)"
/* Longest URL accepted anywhere in this room. */
#define FETCH_URL_MAX 8192

/*
 * Limits and switches.  fetch_opts_default() fills the production values;
 * tests shorten the timeouts and lower the body cap.
 */
struct fetch_opts {
    int max_total;           /* transfers at once in all (32) */
    int max_per_host;        /* transfers at once per host name (2) */
    long connect_timeout_ms; /* 10 000 */
    long timeout_ms;         /* whole transfer, 30 000 */
    long lowspeed_limit;     /* bytes/s ... (1024) */
    long lowspeed_time;      /* ... for this many seconds aborts (15) */
    size_t max_body;         /* bytes after decompression (16 MiB) */
    int max_redirects;       /* 5 */
    int allow_private;       /* 1: private and loopback addresses allowed */
    const char *user_agent;  /* NULL: "hashwire/VERSION (+URL)" */
    const char *version;     /* VERSION in the default User-Agent */
    /*
     * Extra name resolutions, as curl's --resolve: "HOST:PORT:ADDRESS"
     * strings, NULL-terminated, or NULL.  For tests and benchmarks that
     * need many host names on loopback.  Borrowed until fetch_free().
     */
    const char *const *resolve;
};

/* The production limits (the values in the comments above). */
void fetch_opts_default(struct fetch_opts *o);

/* One request.  The strings are copied by fetch_add(). */
struct fetch_request {
    const char *url;
    const char *etag;          /* sent as If-None-Match, or NULL */
    const char *last_modified; /* sent as If-Modified-Since, or NULL */
    void *user;                /* handed back in the result */
};

/*
 * What one request gave.  Every pointer is valid during the callback
 * only; strings are NUL-terminated, header values trimmed and without
 * control characters.  error is 0 when an HTTP response was received
 * whole (whatever its status), else a negative HW_E code with errmsg
 * saying why (timeout, refused address, body over the cap, ...); status
 * is then the status seen, if any.
 */
struct fetch_result {
    void *user;
    const char *url;       /* as requested */
    const char *final_url; /* after redirects */
    /*
     * The final URL when every redirect on the way was permanent (301,
     * 308) and there was at least one; else NULL.  The caller decides
     * whether to move its subscription (typically on a 2xx or 304).
     */
    const char *moved_url;
    int status;     /* HTTP status of the last response, 0 if none */
    int error;      /* 0 or HW_E... */
    const char *errmsg; /* "" when error is 0 */
    const char *body;   /* NUL-terminated; may hold NULs */
    size_t len;
    const char *content_type; /* media type, lowercase, no parameters */
    const char *charset;      /* Content-Type's charset parameter or NULL */
    const char *etag, *last_modified; /* or NULL */
    long retry_after; /* seconds from now, -1 if absent */
    long max_age;     /* Cache-Control max-age seconds, -1 if absent */
    int redirects;    /* redirects followed */
    char address[64]; /* the address last connected to, or "" */
    double seconds;   /* wall time of the transfer */
};

struct fetch;

/* Called once per request, from inside fetch_run(). */
typedef void (*fetch_done_cb)(void *ctx, const struct fetch_result *r);

/*
 * A new fetcher with the options copied (o NULL: defaults).  done is
 * called for every request with ctx.  Free with fetch_free(), which
 * abandons whatever is still queued or running without callbacks.
 * Returns NULL if curl cannot be initialised.
 */
struct fetch *fetch_new(const struct fetch_opts *o, fetch_done_cb done,
                        void *ctx);
void fetch_free(struct fetch *f); /* NULL does nothing */

/*
 * Queue a request.  Returns 0, or HW_EINVAL for a URL that is not http or
 * https or has no host (the callback is then not called).  May be called
 * from inside the callback.
 */
int fetch_add(struct fetch *f, const struct fetch_request *req);

/* Requests queued or running. */
size_t fetch_pending(const struct fetch *f);

/*
 * Drive transfers for at most timeout_ms milliseconds (negative: until
 * nothing is pending), calling back as requests finish.  Returns the
 * number still pending, or HW_EIO if curl's multi interface fails.
 */
long fetch_run(struct fetch *f, long timeout_ms);

/*
 * Abandon every queued and running request: each gets its callback with
 * error HW_EIO and errmsg "abandoned".  For a clean stop.
 */
void fetch_abandon(struct fetch *f);

/* ---- addresses -------------------------------------------------------- */

/*
 * 1 if the socket address is a public unicast address a crawler may
 * connect to; 0 for loopback, unspecified, private (RFC 1918, RFC 4193),
 * shared (RFC 6598), link-local, multicast, documentation, benchmarking,
 * reserved and broadcast ranges, and for IPv6 forms that embed such an
 * IPv4 address (mapped, NAT64, 6to4).  Only AF_INET and AF_INET6 can pass.
 */
int fetch_addr_public(const struct sockaddr *sa);

/* ---- URLs ------------------------------------------------------------- */

/*
 * Append the canonical form of an http or https URL to out:
 *   - white space around it dropped; scheme and host lowercased; a
 *     trailing dot of the host dropped; the default port (80, 443)
 *     dropped, leading zeros of a port dropped;
 *   - the fragment dropped; an empty path becomes "/"; dot segments
 *     removed (RFC 3986 5.2.4);
 *   - percent-encoding normalised (RFC 3986 6.2.2): escapes of unreserved
 *     characters decoded, hex digits uppercased, a stray '%' written as
 *     "%25", bytes that may not appear raw (space, controls, non-ASCII,
 *     "<>\"\\^`{|}") escaped;
 *   - tracking parameters removed from the query (utm_*, fbclid, gclid,
 *     msclkid, mc_cid, mc_eid, ...), the others kept in order; an empty
 *     query dropped.
 * "feed:" prefixes ("feed://host/x", "feed:https://host/x") become http
 * and https.  canon(canon(u)) == canon(u).  Errors: HW_EINVAL (not an
 * absolute http or https URL, no host, a bad port), HW_ETOOBIG (longer
 * than FETCH_URL_MAX); out is then unchanged in length.
 */
int fetch_url_canon(const char *url, size_t len, struct hw_buf *out);

#endif
