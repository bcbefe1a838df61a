/*
 * server.c - the web room's HTTP server on libmicrohttpd.
 *
 * Threads: libmicrohttpd's internal thread pool, each thread with its own
 * epoll set (MHD_USE_EPOLL_INTERNAL_THREAD + MHD_OPTION_THREAD_POOL_SIZE),
 * so thousands of idle connections cost a file descriptor each and no
 * thread.  A request runs to completion on its thread with a store
 * connection taken from a pool (SQLite connections are not shared between
 * threads); the crawler, if any, writes through a connection of its own
 * and WAL keeps readers and the writer out of each other's way.
 *
 * HTTP, done here once for every route:
 *   - the request target is taken raw (MHD_OPTION_URI_LOG_CALLBACK) and
 *     parsed by router.c, never by the library's lenient unescaping;
 *   - limits: connections in all and per client address, the memory of
 *     one connection (request line and headers; larger gets 431/414 from
 *     the library), POST bodies (WEB_BODY_MAX: 413), idle timeout;
 *   - validators: a strong ETag (a hash of the body; "-gz" for the gzip
 *     variant) and Last-Modified where the view knows it; If-None-Match,
 *     else If-Modified-Since, give 304 (RFC 9110 13.2.2);
 *   - gzip (RFC 1952) of HTML, JSON, Atom, CSS and text when the client's
 *     Accept-Encoding allows it, with Vary: Accept-Encoding;
 *   - every response: Content-Type with charset, X-Content-Type-Options,
 *     a Content-Security-Policy that allows no script at all, no framing,
 *     Referrer-Policy; Cache-Control from the view.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "web/web_int.h"

#define CSP                                                                  \
    "default-src 'none'; style-src 'self'; img-src 'self'; "                 \
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

/* One request's state, from the raw target to the metrics. */
struct req_state {
    struct timespec t0;
    char *target;
    size_t target_len;
    int too_long;
    int started;
    struct hw_buf body;
    int body_too_big;
    int route;  /* index in web_routes, or web_nroutes */
    int status; /* 0 until answered */
};

/* One cached answer: the finished responses (libmicrohttpd reference
 * counts them, so one can be queued on many connections at once and
 * outlive its slot), their validators, and the route for the metrics. */
struct web_cached {
    _Atomic int refs;       /* the slot's and each reader's */
    _Atomic int refreshing; /* a reader is making the next one */
    char *key; /* the raw request target */
    uint64_t born_ms;
    int route;
    struct MHD_Response *plain, *gz; /* gz NULL: not compressible */
    size_t plain_len, gz_len;
    char etag[48], etag_gz[48];
    hw_time last_modified;
    int vary, max_age;
};

static uint64_t mono_ms(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000 + (uint64_t)t.tv_nsec / 1000000;
}

/* Drop one reference; the last one frees the entry (its responses live
 * on in libmicrohttpd for the connections they are queued on). */
static void cached_unref(struct web_cached *e)
{
    if (!e || atomic_fetch_sub_explicit(&e->refs, 1, memory_order_acq_rel) != 1)
        return;
    if (e->plain)
        MHD_destroy_response(e->plain);
    if (e->gz)
        MHD_destroy_response(e->gz);
    hw_free(e->key);
    hw_free(e);
}

void web_opts_default(struct web_opts *o)
{
    memset(o, 0, sizeof *o);
    o->store = "hashwire.db";
    o->host = "127.0.0.1";
    o->port = 8080;
    o->now = HW_TIME_NONE;
    o->version = "0";
}

/* ---- the pool of store connections ------------------------------------ */

static struct store *store_acquire(struct web *w)
{
    struct store *st;

    pthread_mutex_lock(&w->lock);
    while (w->nfree == 0)
        pthread_cond_wait(&w->freed, &w->lock);
    st = w->free[--w->nfree];
    pthread_mutex_unlock(&w->lock);
    return st;
}

static void store_release(struct web *w, struct store *st)
{
    pthread_mutex_lock(&w->lock);
    w->free[w->nfree++] = st;
    pthread_cond_signal(&w->freed);
    pthread_mutex_unlock(&w->lock);
}

/* ---- libmicrohttpd callbacks ------------------------------------------ */

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    struct req_state *rs = hw_calloc(1, sizeof *rs);
    size_t n = uri ? strlen(uri) : 0;

    (void)cls;
    (void)conn;
    clock_gettime(CLOCK_MONOTONIC, &rs->t0);
    if (n > WEB_TARGET_MAX) {
        rs->too_long = 1;
        n = 0;
    }
    rs->target = hw_strndup(uri ? uri : "", n);
    rs->target_len = n;
    rs->route = (int)web_nroutes;
    hw_buf_init(&rs->body, WEB_BODY_MAX);
    return rs;
}

static void on_completed(void *cls, struct MHD_Connection *conn,
                         void **req_cls, enum MHD_RequestTerminationCode toe)
{
    struct web *w = cls;
    struct req_state *rs = *req_cls;
    struct timespec t1;

    (void)conn;
    (void)toe;
    if (!rs)
        return;
    if (rs->status) {
        uint64_t us;
        clock_gettime(CLOCK_MONOTONIC, &t1);
        us = (uint64_t)((t1.tv_sec - rs->t0.tv_sec) * 1000000 +
                        (t1.tv_nsec - rs->t0.tv_nsec) / 1000);
        web_metrics_record(&w->metrics, rs->route, rs->status, us);
    }
    hw_free(rs->target);
    hw_buf_release(&rs->body);
    hw_free(rs);
    *req_cls = NULL;
}

static const char *get_header(void *conn, const char *name)
{
    return MHD_lookup_connection_value(conn, MHD_HEADER_KIND, name);
}

/* Is this content type worth compressing? */
static int compressible(const char *type)
{
    return type && (strncmp(type, "text/", 5) == 0 ||
                    strncmp(type, "application/json", 16) == 0 ||
                    strncmp(type, "application/atom+xml", 20) == 0);
}

static void add_headers(struct MHD_Response *r, const struct web_resp *resp,
                        const char *etag, int gz, int vary)
{
    char date[32], cc[64];

    if (resp->type)
        MHD_add_response_header(r, "Content-Type", resp->type);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Content-Security-Policy", CSP);
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Referrer-Policy", "same-origin");
    if (resp->max_age > 0)
        snprintf(cc, sizeof cc, "public, max-age=%d", resp->max_age);
    else
        snprintf(cc, sizeof cc, "%s",
                 resp->max_age < 0 ? "no-store" : "no-cache");
    MHD_add_response_header(r, "Cache-Control", cc);
    if (etag)
        MHD_add_response_header(r, "ETag", etag);
    if (resp->last_modified != HW_TIME_NONE) {
        web_http_date(resp->last_modified, date);
        MHD_add_response_header(r, "Last-Modified", date);
    }
    if (gz)
        MHD_add_response_header(r, "Content-Encoding", "gzip");
    if (vary)
        MHD_add_response_header(r, "Vary", "Accept-Encoding");
    if (resp->allow)
        MHD_add_response_header(r, "Allow", resp->allow);
    if (resp->auth_challenge)
        MHD_add_response_header(r, "WWW-Authenticate",
                                "Bearer realm=\"hashwire\"");
    if (resp->location[0])
        MHD_add_response_header(r, "Location", resp->location);
}

/* Not modified?  If-None-Match wins over If-Modified-Since. */
static int not_modified(struct MHD_Connection *conn, const char *etag,
                        const char *etag_gz, hw_time last_modified)
{
    const char *inm = get_header(conn, "If-None-Match");
    const char *ims;
    hw_time t;

    if (inm)
        return web_etag_match(inm, etag) || web_etag_match(inm, etag_gz);
    ims = get_header(conn, "If-Modified-Since");
    if (ims && last_modified != HW_TIME_NONE &&
        web_http_date_parse(ims, &t) == 0)
        return last_modified <= t;
    return 0;
}

static const char *allow_list(unsigned methods)
{
    if ((methods & WEB_GET) && (methods & WEB_POST))
        return "GET, HEAD, POST";
    return methods & WEB_POST ? "POST" : "GET, HEAD";
}

static enum MHD_Result queue_304(struct MHD_Connection *conn,
                                 const struct web_resp *resp,
                                 const char *etag, int vary)
{
    struct web_resp h = *resp;
    struct MHD_Response *r;
    enum MHD_Result ret;

    r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
    if (!r)
        return MHD_NO;
    h.type = NULL;
    add_headers(r, &h, etag, 0, vary);
    ret = MHD_queue_response(conn, 304, r);
    MHD_destroy_response(r);
    return ret;
}

/* A response from bytes handed over (freed by libmicrohttpd). */
static struct MHD_Response *response_of(struct hw_buf *b, size_t *len)
{
    char *bytes = hw_buf_detach(b, len);
    struct MHD_Response *r =
        MHD_create_response_from_buffer_with_free_callback(*len, bytes,
                                                             hw_free);

    if (!r)
        hw_free(bytes);
    return r;
}

/* Answer a cacheable 200 and keep it: both encodings are made now, so
 * that every later reader in the next WEB_CACHE_MS gets a finished
 * response. */
static enum MHD_Result cache_fill(struct web *w, struct MHD_Connection *conn,
                                  struct req_state *rs,
                                  struct web_resp *resp, const char *etag,
                                  const char *etag_gz, int want_gz)
{
    struct web_cached *n = hw_calloc(1, sizeof *n), *old;
    struct hw_buf z;
    size_t slot = (size_t)(web_hash(rs->target, rs->target_len) %
                           WEB_CACHE_SLOTS);
    pthread_mutex_t *lock = &w->cache_lock[slot % WEB_CACHE_LOCKS];
    enum MHD_Result ret;

    atomic_init(&n->refs, 1);
    atomic_init(&n->refreshing, 0);
    n->vary = compressible(resp->type);
    n->route = rs->route;
    n->last_modified = resp->last_modified;
    n->max_age = resp->max_age;
    snprintf(n->etag, sizeof n->etag, "%s", etag);
    snprintf(n->etag_gz, sizeof n->etag_gz, "%s", etag_gz);
    if (n->vary && resp->body.len >= 256) {
        hw_buf_init(&z, WEB_OUT_MAX);
        if (web_gzip(resp->body.p, resp->body.len, &z) == 0 &&
            (n->gz = response_of(&z, &n->gz_len)) != NULL)
            add_headers(n->gz, resp, etag_gz, 1, 1);
        hw_buf_release(&z);
    }
    if (!(n->plain = response_of(&resp->body, &n->plain_len))) {
        cached_unref(n);
        return MHD_NO;
    }
    add_headers(n->plain, resp, etag, 0, n->vary);
    n->key = hw_strndup(rs->target, rs->target_len);
    n->born_ms = mono_ms();
    rs->status = 200;
    want_gz = want_gz && n->gz;
    ret = MHD_queue_response(conn, 200, want_gz ? n->gz : n->plain);
    atomic_fetch_add_explicit(&w->metrics.bytes_out,
                              want_gz ? n->gz_len : n->plain_len,
                              memory_order_relaxed);
    pthread_mutex_lock(lock);
    old = w->cache[slot];
    w->cache[slot] = n;
    pthread_mutex_unlock(lock);
    cached_unref(old);
    return ret;
}

/* Answer from the cache when this target was answered less than
 * WEB_CACHE_MS ago: 1 answered (*ret set), 0 not cached.  The slot's
 * lock is held only to take a reference. */
static int cache_hit(struct web *w, struct MHD_Connection *conn,
                     struct req_state *rs, enum MHD_Result *ret)
{
    size_t slot = (size_t)(web_hash(rs->target, rs->target_len) %
                           WEB_CACHE_SLOTS);
    pthread_mutex_t *lock = &w->cache_lock[slot % WEB_CACHE_LOCKS];
    struct web_cached *e;
    struct web_resp h;
    int gz;

    uint64_t age = 0;

    pthread_mutex_lock(lock);
    e = w->cache[slot];
    if (e && strcmp(e->key, rs->target) == 0 &&
        (age = mono_ms() - e->born_ms) < WEB_CACHE_STALE_MS)
        atomic_fetch_add_explicit(&e->refs, 1, memory_order_relaxed);
    else
        e = NULL;
    pthread_mutex_unlock(lock);
    if (!e)
        return 0;
    /* past its second: the first reader to see it makes the next one,
     * the others meanwhile get this one (no stampede on a popular page) */
    if (age >= WEB_CACHE_MS &&
        atomic_exchange_explicit(&e->refreshing, 1, memory_order_acq_rel) ==
            0) {
        cached_unref(e);
        return 0;
    }
    gz = e->gz && web_accepts_gzip(get_header(conn, "Accept-Encoding"));
    rs->route = e->route;
    if (not_modified(conn, e->etag, e->etag_gz, e->last_modified)) {
        memset(&h, 0, sizeof h);
        h.max_age = e->max_age;
        h.last_modified = e->last_modified;
        *ret = queue_304(conn, &h, gz ? e->etag_gz : e->etag, e->vary);
        rs->status = 304;
    } else {
        *ret = MHD_queue_response(conn, 200, gz ? e->gz : e->plain);
        rs->status = 200;
        atomic_fetch_add_explicit(&w->metrics.bytes_out,
                                  gz ? e->gz_len : e->plain_len,
                                  memory_order_relaxed);
    }
    cached_unref(e);
    return 1;
}

static enum MHD_Result dispatch(struct web *w, struct MHD_Connection *conn,
                                struct req_state *rs, const char *method)
{
    struct web_resp resp;
    struct web_req req;
    struct web_ctx c;
    struct web_match m;
    struct MHD_Response *r;
    char etag[48], etag_gz[48];
    int ok, gz = 0, vary = 0, is_get;
    unsigned allowed = 0;
    enum MHD_Result ret;
    size_t len;
    char *bytes;

    memset(&resp, 0, sizeof resp);
    resp.status = 200;
    resp.last_modified = HW_TIME_NONE;
    hw_buf_init(&resp.body, WEB_OUT_MAX);
    memset(&req, 0, sizeof req);
    memset(&m, 0, sizeof m);
    hw_buf_init(&m.buf, 16);
    req.method = method;
    req.header = get_header;
    req.conn = conn;
    req.path = HW_STR("/");
    req.m = &m;
    if (rs->body.len || strcmp(method, "POST") == 0) {
        req.body = rs->body.p;
        req.body_len = rs->body.len;
    }
    c.w = w;
    c.st = NULL;
    c.now = w->o.now != HW_TIME_NONE ? w->o.now : hw_time_now();
    c.req = &req;
    c.resp = &resp;
    is_get = web_method_bit(method) == WEB_GET;
    if (is_get && !rs->too_long && !w->o.no_cache &&
        cache_hit(w, conn, rs, &ret)) {
        hw_buf_release(&m.buf);
        hw_buf_release(&resp.body);
        return ret;
    }

    ok = rs->too_long ? HW_ETOOBIG
                      : web_target_split(rs->target, rs->target_len,
                                         &req.path, &req.query);
    if (ok == HW_ETOOBIG) {
        req.path = HW_STR("/");
        web_error(&c, 414, "The address is too long.");
    } else if (ok != 0) {
        req.path = HW_STR("/");
        web_error(&c, 400, "The address is not a valid URL path.");
    } else {
        int ri;
        hw_buf_release(&m.buf);
        ri = web_route_match(web_routes, web_nroutes, method, req.path, &m,
                             &allowed);
        if (ri >= 0) {
            rs->route = ri;
            if (rs->body_too_big) {
                web_error(&c, 413, "The request body is too large.");
            } else {
                web_handler h = (web_handler)web_routes[ri].handler;
                c.st = store_acquire(w);
                h(&c);
                store_release(w, c.st);
                c.st = NULL;
            }
        } else if (ri == -405) {
            resp.allow = allow_list(allowed);
            web_error(&c, 405, "This address does not take that method.");
        } else if (ri == -400) {
            web_error(&c, 400, "The address is not valid.");
        } else {
            web_error(&c, 404, "There is no page at this address.");
        }
    }
    hw_buf_release(&m.buf);

    if (resp.body.err) { /* a view outgrew WEB_OUT_MAX */
        hw_buf_reset(&resp.body);
        resp.body.err = 0;
        resp.type = "text/plain; charset=utf-8";
        resp.status = 500;
        hw_buf_adds(&resp.body, "internal error: response too large\n");
    }

    /* validators, for successful GETs that may be cached at all */
    etag[0] = etag_gz[0] = '\0';
    if (resp.status == 200 && is_get && resp.max_age >= 0) {
        uint64_t h = web_hash(resp.body.p, resp.body.len);
        snprintf(etag, sizeof etag, "\"%016llx\"", (unsigned long long)h);
        snprintf(etag_gz, sizeof etag_gz, "\"%016llx-gz\"",
                 (unsigned long long)h);
    }
    vary = compressible(resp.type);
    if (vary && resp.body.len >= 256 &&
        web_accepts_gzip(get_header(conn, "Accept-Encoding")))
        gz = 1;
    if (etag[0] && not_modified(conn, etag, etag_gz, resp.last_modified)) {
        ret = queue_304(conn, &resp, gz ? etag_gz : etag, vary);
        rs->status = 304;
        hw_buf_release(&resp.body);
        return ret;
    }
    if (etag[0] && resp.max_age > 0 && !rs->too_long && !w->o.no_cache)
        return cache_fill(w, conn, rs, &resp, etag, etag_gz, gz);
    if (gz) {
        struct hw_buf z;
        hw_buf_init(&z, WEB_OUT_MAX);
        if (web_gzip(resp.body.p, resp.body.len, &z) == 0) {
            hw_buf_release(&resp.body);
            resp.body = z;
        } else {
            hw_buf_release(&z);
            gz = 0;
        }
    }
    bytes = hw_buf_detach(&resp.body, &len);
    r = MHD_create_response_from_buffer_with_free_callback(len, bytes,
                                                             hw_free);
    if (!r) {
        hw_free(bytes);
        return MHD_NO;
    }
    add_headers(r, &resp, etag[0] ? (gz ? etag_gz : etag) : NULL, gz, vary);
    rs->status = resp.status;
    atomic_fetch_add_explicit(&w->metrics.bytes_out, len,
                              memory_order_relaxed);
    ret = MHD_queue_response(conn, (unsigned)resp.status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version,
                                  const char *upload_data,
                                  size_t *upload_size, void **req_cls)
{
    struct web *w = cls;
    struct req_state *rs = *req_cls;

    (void)url;
    (void)version;
    if (!rs) /* no URI callback happened: cannot be, but be safe */
        *req_cls = rs = on_uri(NULL, url, conn);
    /* Never answer in the first call: libmicrohttpd 0.9.7x closes the
     * connection after a response queued before the request (even an
     * empty GET body) was read, which would end keep-alive. */
    if (!rs->started) {
        rs->started = 1;
        if (strcmp(method, "POST") == 0) {
            const char *cl = get_header(conn, "Content-Length");
            size_t n = 0;
            for (; cl && *cl >= '0' && *cl <= '9' && n <= WEB_BODY_MAX; cl++)
                n = n * 10 + (size_t)(*cl - '0');
            if (n > WEB_BODY_MAX)
                rs->body_too_big = 1; /* answered once the body is in */
        }
        return MHD_YES;
    }
    if (*upload_size) {
        if (!rs->body_too_big &&
            hw_buf_add(&rs->body, upload_data, *upload_size) != 0)
            rs->body_too_big = 1;
        *upload_size = 0;
        if (rs->body_too_big) /* 413 now; the rest is never read */
            return dispatch(w, conn, rs, method);
        return MHD_YES;
    }
    return dispatch(w, conn, rs, method);
}

/* ---- start and stop ---------------------------------------------------- */

static int cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);

    return n > 0 ? (int)n : 1;
}

/* Room for every connection: raise the soft limit on open files. */
static void raise_nofile(rlim_t want)
{
    struct rlimit rl;

    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= want)
        return;
    rl.rlim_cur = want < rl.rlim_max ? want : rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
}

static void free_web(struct web *w)
{
    int i;

    for (i = 0; i < w->nstores; i++)
        store_close(w->stores[i]);
    hw_free(w->stores);
    hw_free(w->free);
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->freed);
    pthread_mutex_destroy(&w->tag_lock);
    for (i = 0; i < WEB_CACHE_SLOTS; i++)
        cached_unref(w->cache[i]);
    hw_free(w->cache);
    for (i = 0; i < WEB_CACHE_LOCKS; i++)
        pthread_mutex_destroy(&w->cache_lock[i]);
    hw_free(w);
}

int web_start(const struct web_opts *o, struct web **out, struct hw_diag *d)
{
    struct web *w = hw_calloc(1, sizeof *w);
    struct sockaddr_in sin;
    struct sockaddr_in6 sin6;
    struct sockaddr *sa;
    const union MHD_DaemonInfo *info;
    unsigned flags;
    int i, r, v6;

    *out = NULL;
    w->o = *o;
    if (w->o.threads <= 0) {
        w->o.threads = cpu_count();
        if (w->o.threads < 2)
            w->o.threads = 2;
        if (w->o.threads > 16)
            w->o.threads = 16;
    }
    if (w->o.max_connections <= 0)
        w->o.max_connections = 4096;
    if (w->o.per_ip <= 0)
        w->o.per_ip = 512;
    if (w->o.timeout <= 0)
        w->o.timeout = 30;
    if (!w->o.host || !*w->o.host)
        w->o.host = "127.0.0.1";
    snprintf(w->host, sizeof w->host, "%s", w->o.host);
    w->o.host = w->host;
    if (w->o.admin_token && !*w->o.admin_token)
        w->o.admin_token = NULL;
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->freed, NULL);
    pthread_mutex_init(&w->tag_lock, NULL);
    for (i = 0; i < WEB_CACHE_LOCKS; i++)
        pthread_mutex_init(&w->cache_lock[i], NULL);
    w->cache = hw_calloc(WEB_CACHE_SLOTS, sizeof *w->cache);
    w->metrics.started = hw_time_now();

    /* one store connection per pool thread, and one spare */
    w->nstores = w->o.threads + 1;
    w->stores = hw_calloc((size_t)w->nstores, sizeof *w->stores);
    w->free = hw_calloc((size_t)w->nstores, sizeof *w->free);
    for (i = 0; i < w->nstores; i++) {
        if ((r = store_open(w->o.store, &w->stores[i], d)) != 0) {
            w->nstores = i;
            free_web(w);
            return r;
        }
        w->free[w->nfree++] = w->stores[i];
    }

    v6 = strchr(w->host, ':') != NULL;
    memset(&sin, 0, sizeof sin);
    memset(&sin6, 0, sizeof sin6);
    if (v6) {
        sin6.sin6_family = AF_INET6;
        sin6.sin6_port = htons((uint16_t)w->o.port);
        r = inet_pton(AF_INET6, w->host, &sin6.sin6_addr);
        sa = (struct sockaddr *)&sin6;
    } else {
        sin.sin_family = AF_INET;
        sin.sin_port = htons((uint16_t)w->o.port);
        r = inet_pton(AF_INET, w->host, &sin.sin_addr);
        sa = (struct sockaddr *)&sin;
    }
    if (r != 1) {
        free_web(w);
        return hw_fail(d, HW_EINVAL, "serve", o->host,
                       "not an IP address (give one, e.g. 127.0.0.1)");
    }
    raise_nofile((rlim_t)w->o.max_connections + 256);
    flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_TURBO |
            (v6 ? MHD_USE_IPv6 : 0) |
            (w->o.quiet ? 0 : MHD_USE_ERROR_LOG);
    w->daemon = MHD_start_daemon(
        flags, (uint16_t)w->o.port, NULL, NULL, on_request, w,
        MHD_OPTION_SOCK_ADDR, sa,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)w->o.threads,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)w->o.max_connections,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)w->o.per_ip,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)w->o.timeout,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32 * 1024,
        MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, (void *)w,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, (void *)w,
        MHD_OPTION_END);
    if (!w->daemon) {
        int e = errno;
        free_web(w);
        return hw_fail(d, HW_EIO, "serve", o->host,
                       "cannot listen on port %d: %s", o->port,
                       e ? strerror(e) : "libmicrohttpd refused to start");
    }
    info = MHD_get_daemon_info(w->daemon, MHD_DAEMON_INFO_BIND_PORT);
    w->port = info && info->port ? info->port : w->o.port;
    snprintf(w->base, sizeof w->base, v6 ? "http://[%s]:%d" : "http://%s:%d",
             w->host, w->port);
    snprintf(w->url, sizeof w->url, "%s/", w->base);
    *out = w;
    return 0;
}

void web_stop(struct web *w)
{
    if (!w)
        return;
    if (w->daemon)
        MHD_stop_daemon(w->daemon);
    free_web(w);
}

int web_port(const struct web *w)
{
    return w->port;
}

const char *web_url(const struct web *w)
{
    return w->url;
}
