/*
 * crawl.c - the crawl loop: due feeds from the store into the fetcher,
 * finished fetches through ingest into the store.
 *
 * Everything runs in the caller's thread: fetch_run() drives the
 * transfers and calls on_done() for each response, which parses and
 * stores it (ingest_feed(), one transaction) and records the poll
 * (store_feed_fetched(), one more).  A kill at any moment loses nothing
 * committed; a feed whose poll was not recorded is simply due again.
 *
 * Once mode loads every due feed at the start and returns when all are
 * done.  Run mode refills the fetcher from the store whenever it holds
 * fewer than twice its concurrency, skipping the feeds in flight, and
 * sleeps briefly when nothing is due.  On stop, running transfers are
 * abandoned without records.
 *
 * The charset of Content-Type reaches the parser, except where the body
 * shows it wrong: a header naming another charset on a body that is
 * valid UTF-8 with non-ASCII bytes in it (or naming UTF-8 on a body that
 * is not valid UTF-8) is dropped, and the document's own declaration
 * decides.  Misconfigured servers send a default charset far more often
 * than Latin-1 text happens to be valid UTF-8.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "crawl/crawl_int.h"
#include "ingest/ingest.h"

void crawl_opts_default(struct crawl_opts *o)
{
    memset(o, 0, sizeof *o);
    fetch_opts_default(&o->fetch);
    o->now = HW_TIME_NONE;
    o->articles = 1;
}

/* Once mode waits this long at most for a page behind a crawl-delay. */
#define ONCE_WAIT_MS 5000

hw_time crawl_now(const struct crawl *c)
{
    return c->o->now != HW_TIME_NONE ? c->o->now : hw_time_now();
}

void crawl_job_free(struct job *j)
{
    hw_free(j->url);
    hw_free(j->etag);
    hw_free(j->lm);
    hw_free(j);
}

static void inflight_del(struct crawl *c, int64_t id)
{
    size_t i;

    for (i = 0; i < c->nids; i++)
        if (c->ids[i] == id) {
            c->ids[i] = c->ids[--c->nids];
            return;
        }
}

static int inflight_has(const struct crawl *c, int64_t id)
{
    size_t i;

    for (i = 0; i < c->nids; i++)
        if (c->ids[i] == id)
            return 1;
    return 0;
}

static void start(struct crawl *c, struct job *j)
{
    struct fetch_request rq = {j->url, j->etag, j->lm, j};
    hw_time now = crawl_now(c);

    if (fetch_add(c->f, &rq) != 0) {
        struct store_fetch sf = {0};
        sf.feed_id = j->id;
        sf.error = "not an http or https URL";
        sf.fetched = now;
        sf.next_poll = now + CRAWL_MAX_INTERVAL;
        if (store_begin(c->st) == 0) {
            if (store_feed_fetched(c->st, &sf) == 0)
                store_commit(c->st);
            else
                store_rollback(c->st);
        }
        c->stats->failed++;
        crawl_job_free(j);
        return;
    }
    if (!c->o->once) {
        if (c->nids == c->capids) {
            c->capids = c->capids ? c->capids * 2 : 64;
            c->ids = hw_realloc(c->ids, c->capids * sizeof *c->ids);
        }
        c->ids[c->nids++] = j->id;
    }
    c->total++;
}

/* Record one poll in its own transaction. */
static void record(struct crawl *c, const struct store_fetch *sf)
{
    if (store_begin(c->st) != 0 || store_feed_fetched(c->st, sf) != 0 ||
        store_commit(c->st) != 0) {
        store_rollback(c->st);
        hw_warn("crawl: cannot record the poll of feed %lld: %s",
                (long long)sf->feed_id, store_errmsg(c->st));
    }
}

const char *crawl_reason(int status)
{
    switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 410: return "Gone";
    case 429: return "Too Many Requests";
    case 451: return "Unavailable For Legal Reasons";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "";
    }
}

static int ieq(const char *a, const char *b)
{
    return hw_str_ieq(hw_str_of(a), b);
}

static int has_high_bytes(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return 1;
    return 0;
}

/* The charset to hand to the parser (see the top of the file). */
static const char *charset_for(const struct fetch_result *r)
{
    int utf8;

    if (!r->charset)
        return NULL;
    utf8 = ieq(r->charset, "utf-8") || ieq(r->charset, "utf8");
    if (!has_high_bytes(r->body, r->len))
        return r->charset;
    if (utf8 != hw_utf8_valid(r->body, r->len))
        return NULL;
    return r->charset;
}

static int looks_html(const struct fetch_result *r)
{
    size_t i, n = r->len < 1024 ? r->len : 1024;

    if (strstr(r->content_type, "html"))
        return 1;
    for (i = 0; i + 5 <= n; i++)
        if (r->body[i] == '<' && (r->body[i + 1] | 0x20) == 'h' &&
            (r->body[i + 2] | 0x20) == 't' && (r->body[i + 3] | 0x20) == 'm' &&
            (r->body[i + 4] | 0x20) == 'l')
            return 1;
    return 0;
}

static void progress(struct crawl *c)
{
    const struct crawl_stats *s = c->stats;

    if (c->o->progress)
        fprintf(stderr,
                "\r%zu/%zu feeds: %zu ok, %zu not modified, %zu failed; "
                "%zu new articles ",
                s->polled, c->total, s->ok, s->not_modified, s->failed,
                s->created);
}

/* The interval that led to this poll, when the last poll succeeded;
 * else 0 (start over from the default). */
static long prev_interval(const struct job *j)
{
    if (j->error_count == 0 && j->last_fetch != HW_TIME_NONE &&
        j->next_poll > j->last_fetch)
        return (long)(j->next_poll - j->last_fetch);
    return 0;
}

/* Seconds since the last poll when it succeeded, else -1. */
static long since_success(const struct job *j, hw_time now)
{
    if (j->error_count == 0 && j->last_fetch != HW_TIME_NONE &&
        now > j->last_fetch)
        return (long)(now - j->last_fetch);
    return -1;
}

/* The body of a 2xx: ingest it, or discover the feed of a home page. */
static void got_content(struct crawl *c, struct job *j,
                        const struct fetch_result *r, const char *url,
                        struct store_fetch *sf, hw_time now, char *err,
                        size_t errn)
{
    struct ingest_stats is = {0};
    struct ingest_opts io;
    struct hw_diag d;
    long hint;

    /* every field, so that one added to ingest_opts starts out off */
    memset(&io, 0, sizeof io);
    io.url = url;
    io.charset = charset_for(r);
    io.now = now;
    io.classifier = c->o->classifier;
    io.extract = c->o->articles;
    if (ingest_feed(c->st, r->body, r->len, &io, &is, &d) == 0) {
        c->stats->ok++;
        c->stats->entries += is.entries;
        c->stats->created += is.created;
        hint = crawl_feed_hint(r->body, r->len);
        if (r->max_age > hint)
            hint = r->max_age > CRAWL_MAX_INTERVAL ? CRAWL_MAX_INTERVAL
                                                   : r->max_age;
        sf->next_poll = now + crawl_interval(prev_interval(j),
                                             since_success(j, now),
                                             is.created, hint, j->id);
        return;
    }
    if (d.code == HW_ENOTFEED && !j->discovered && looks_html(r)) {
        hw_buf_reset(&c->canon);
        {
            struct hw_buf found;
            hw_buf_init(&found, FETCH_URL_MAX);
            if (crawl_discover(r->body, r->len, r->final_url, &found) == 0 &&
                fetch_url_canon(found.p, found.len, &c->canon) == 0 &&
                strcmp(c->canon.p, url) != 0) {
                struct job *n = hw_calloc(1, sizeof *n);
                hw_buf_release(&found);
                sf->new_url = c->canon.p;
                sf->next_poll = now; /* fetched right below */
                c->stats->discovered++;
                n->id = j->id;
                n->url = hw_strdup(c->canon.p);
                n->error_count = j->error_count;
                n->last_fetch = j->last_fetch;
                n->next_poll = j->next_poll;
                n->discovered = 1;
                record(c, sf);
                sf->feed_id = 0; /* recorded */
                if (!c->o->once)
                    inflight_del(c, j->id);
                start(c, n);
                return;
            }
            hw_buf_release(&found);
        }
        snprintf(err, errn, "not a feed: an HTML page that links to no feed");
    } else {
        snprintf(err, errn, "%s: %s",
                 d.code == HW_ENOTFEED ? "not a feed" : hw_strerror(d.code),
                 d.why);
    }
    sf->error = err;
    sf->next_poll = now + crawl_backoff(j->error_count, -1);
    c->stats->failed++;
}

static void on_done(void *ctx, const struct fetch_result *r)
{
    struct crawl *c = ctx;
    struct job *j = r->user;
    struct store_fetch sf;
    hw_time now = crawl_now(c);
    const char *url = j->url;
    char err[600];

    if (c->stopping) {
        crawl_job_free(j);
        return;
    }
    if (j->kind != JOB_FEED) {
        pages_done(c, j, r);
        progress(c);
        return;
    }
    if (!c->o->once)
        inflight_del(c, j->id);
    c->stats->polled++;
    c->stats->bytes += r->len;
    memset(&sf, 0, sizeof sf);
    sf.feed_id = j->id;
    sf.status = r->status;
    sf.fetched = now;
    err[0] = '\0';

    /* a permanent move: recorded first, so ingest finds the feed by it */
    if (r->moved_url && (r->status == 304 ||
                         (r->status >= 200 && r->status < 300))) {
        hw_buf_reset(&c->canon);
        if (fetch_url_canon(r->moved_url, strlen(r->moved_url),
                            &c->canon) == 0 &&
            strcmp(c->canon.p, j->url) != 0) {
            struct store_fetch mv = sf;
            mv.new_url = c->canon.p;
            mv.next_poll = now;
            record(c, &mv);
            hw_free(j->url);
            url = j->url = hw_strdup(c->canon.p);
            c->stats->moved++;
        }
    }
    if (r->error) {
        snprintf(err, sizeof err, "%s", r->errmsg);
        sf.error = err;
        sf.next_poll = now + crawl_backoff(j->error_count, -1);
        c->stats->failed++;
    } else if (r->status == 304) {
        long hint = r->max_age > 0 ? r->max_age : 0;
        sf.etag = r->etag;
        sf.last_modified = r->last_modified;
        if (hint > CRAWL_MAX_INTERVAL)
            hint = CRAWL_MAX_INTERVAL;
        sf.next_poll = now + crawl_interval(prev_interval(j),
                                            since_success(j, now), 0, hint,
                                            j->id);
        c->stats->not_modified++;
    } else if (r->status >= 200 && r->status < 300) {
        sf.etag = r->etag;
        sf.last_modified = r->last_modified;
        got_content(c, j, r, url, &sf, now, err, sizeof err);
    } else if (r->status == 410) {
        snprintf(err, sizeof err, "HTTP 410 Gone: the feed was removed");
        sf.error = err;
        sf.gone = 1;
        sf.next_poll = now + CRAWL_MAX_INTERVAL;
        c->stats->gone++;
        c->stats->failed++;
    } else {
        long ra = (r->status == 429 || r->status == 503) ? r->retry_after
                                                         : -1;
        snprintf(err, sizeof err, "HTTP %d%s%s", r->status,
                 *crawl_reason(r->status) ? " " : "",
                 crawl_reason(r->status));
        sf.error = err;
        sf.next_poll = now + crawl_backoff(j->error_count, ra);
        c->stats->failed++;
    }
    if (sf.feed_id)
        record(c, &sf);
    progress(c);
    crawl_job_free(j);
}

struct due {
    struct crawl *c;
    size_t added;
};

static int take_due(void *ctx, const struct store_feed *f)
{
    struct due *u = ctx;
    struct job *j;

    if (!u->c->o->once && inflight_has(u->c, f->id))
        return 0;
    j = hw_calloc(1, sizeof *j);
    j->id = f->id;
    j->url = hw_strdup(f->url);
    j->etag = hw_strdup(f->etag);
    j->lm = hw_strdup(f->last_modified);
    j->error_count = f->error_count;
    j->last_fetch = f->last_fetch;
    j->next_poll = f->next_poll;
    start(u->c, j);
    u->added++;
    return 0;
}

/* Take due feeds into the fetcher; returns how many were new. */
static long refill(struct crawl *c, int limit)
{
    struct due u = {c, 0};

    if (store_feeds_due(c->st, crawl_now(c), limit, take_due, &u) != 0) {
        hw_fail(c->d, HW_EDB, "crawl", "due feeds", "%s",
                store_errmsg(c->st));
        return HW_EDB;
    }
    return (long)u.added;
}

static long ms_since(const struct timespec *t0)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long)(t.tv_sec - t0->tv_sec) * 1000 +
           (long)(t.tv_nsec - t0->tv_nsec) / 1000000;
}

int crawl_run(struct store *st, const struct crawl_opts *o,
              struct crawl_stats *stats, struct hw_diag *d)
{
    struct crawl c;
    struct timespec last;
    long found = 1, r;
    int rc = 0;

    memset(&c, 0, sizeof c);
    c.st = st;
    c.o = o;
    c.stats = stats;
    c.d = d;
    hw_buf_init(&c.canon, FETCH_URL_MAX);
    if (!(c.f = fetch_new(&o->fetch, on_done, &c))) {
        hw_buf_release(&c.canon);
        return hw_fail(d, HW_EIO, "crawl", "curl", "cannot start libcurl");
    }
    if (o->once && (rc = (int)refill(&c, 1 << 30)) < 0)
        goto out;
    rc = 0;
    clock_gettime(CLOCK_MONOTONIC, &last);
    for (;;) {
        size_t want = (size_t)o->fetch.max_total * 2;
        if (o->stop && *o->stop)
            break;
        if (!o->once && fetch_pending(c.f) < want &&
            (found > 0 || ms_since(&last) >= 1000)) {
            found = refill(&c, (int)(c.nids + want * 2));
            clock_gettime(CLOCK_MONOTONIC, &last);
            if (found < 0) {
                rc = (int)found;
                break;
            }
        }
        /* pages of teasers fill what room the feeds leave */
        if (o->articles && fetch_pending(c.f) < want && c.waiting < want &&
            (r = pages_refill(&c, (int)(want - fetch_pending(c.f)))) < 0) {
            rc = (int)r;
            break;
        }
        pages_pump(&c);
        if (fetch_pending(c.f) == 0) {
            struct timespec ts = {0, 200 * 1000000L};
            /* once: pages a crawl-delay holds back for long stay pending
             * for the next run rather than keep this one waiting */
            if (o->once && (!c.waiting || pages_wait_ms(&c) > ONCE_WAIT_MS))
                break;
            if (c.waiting) /* pages spaced by a crawl-delay */
                ts.tv_nsec = 20 * 1000000L;
            nanosleep(&ts, NULL);
            continue;
        }
        if ((r = fetch_run(c.f, 200)) < 0) {
            rc = hw_fail(d, HW_EIO, "crawl", "curl", "the transfer loop "
                                                    "failed");
            break;
        }
    }
out:
    c.stopping = 1;
    fetch_abandon(c.f); /* what is left: freed, not recorded */
    fetch_free(c.f);
    if (o->progress && c.total)
        fputc('\n', stderr);
    pages_free(&c);
    hw_free(c.ids);
    hw_buf_release(&c.canon);
    return rc;
}
