/*
 * pages.c - the whole text of teaser articles: their pages fetched with
 * the feeds' limits and address checks, robots.txt honoured, the main
 * text extracted and stored in place of the teaser.
 *
 * An article the ingest path stored as "pending" (its feed gave only a
 * teaser) is taken when due.  Its host's robots.txt is fetched first,
 * once per host and day, while the host's pages wait in a queue; a page
 * the rules disallow is recorded "blocked" and never fetched.  A crawl-
 * delay (up to MAX_DELAY) spaces the host's pages.  robots.txt that
 * cannot be reached (network error, 5xx) means "not now": the pages are
 * tried again later, as RFC 9309 asks.
 *
 * Each attempt is recorded with store_article_extracted(): "ok" (the
 * text, when longer than the teaser, replaces it and the article's
 * mentions are found again from it; the page's byline, section,
 * language, date and canonical URL fill what the feed left empty),
 * "none" (the page holds no article), "blocked", "pending" (a transient
 * failure: 429, 5xx, a timeout; tried again after 30 min, doubled, at
 * most PAGES_TRIES times) or "failed" (given up, with the reason).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "crawl/crawl_int.h"
#include "extract/extract.h"
#include "fetch/robots.h"
#include "ingest/ingest.h"
#include "nlp/classify.h"
#include "nlp/nlp.h"
#include "nlp/taxonomy.h"

#define PAGES_TRIES 3           /* attempts before an article is given up */
#define PAGES_RETRY (30 * 60)   /* wait after the first transient failure */
#define ROBOTS_TTL (24 * 3600)  /* a host's rules are asked again after */
#define ROBOTS_RETRY (10 * 60)  /* robots.txt unreachable: asked again */
#define MAX_DELAY 30.0          /* crawl-delay honoured up to, seconds */
#define MAX_HOSTS 4096          /* hosts remembered; idle ones make room */
#define ROBOTS_AGENT "hashwire"

struct host {
    char *origin;               /* "https://example.com:8080" */
    struct fetch_robots *rules; /* NULL until fetched */
    int fetching;               /* robots.txt is on its way */
    hw_time expires;            /* rules asked again from then */
    char error[200];            /* robots.txt unreachable: why, or "" */
    double delay;               /* seconds between two pages */
    long long next_ms;          /* monotonic: the next page may start */
    struct job *head, *tail;    /* pages waiting */
};

static long long mono_ms(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static int is_web(const char *url)
{
    return strncmp(url, "http://", 7) == 0 || strncmp(url, "https://", 8) == 0;
}

/* Where the authority of an http(s) URL ends (its path or query). */
static const char *after_origin(const char *url)
{
    const char *p = strstr(url, "://") + 3;

    return p + strcspn(p, "/?#");
}

static void host_free(struct host *h)
{
    struct job *j, *n;

    for (j = h->head; j; j = n) {
        n = j->next;
        crawl_job_free(j);
    }
    fetch_robots_free(h->rules);
    hw_free(h->origin);
    hw_free(h);
}

/* The host of an http(s) URL, made when new. */
static struct host *host_for(struct crawl *c, const char *url)
{
    size_t n = (size_t)(after_origin(url) - url), i;
    struct host *h;

    for (i = 0; i < c->nhosts; i++)
        if (strncmp(c->hosts[i]->origin, url, n) == 0 &&
            c->hosts[i]->origin[n] == '\0')
            return c->hosts[i];
    if (c->nhosts == MAX_HOSTS) {
        /* forget an idle host; its rules are fetched again if needed */
        for (i = 0; i < c->nhosts; i++)
            if (!c->hosts[i]->fetching && !c->hosts[i]->head)
                break;
        if (i == c->nhosts)
            return NULL;
        host_free(c->hosts[i]);
        c->hosts[i] = c->hosts[--c->nhosts];
    }
    if (!c->hosts)
        c->hosts = hw_calloc(MAX_HOSTS, sizeof *c->hosts);
    h = hw_calloc(1, sizeof *h);
    h->origin = hw_strndup(url, n);
    for (i = 0; i < n; i++)
        if (h->origin[i] >= 'A' && h->origin[i] <= 'Z')
            h->origin[i] = (char)(h->origin[i] + 32);
    c->hosts[c->nhosts++] = h;
    return h;
}

static void park(struct crawl *c, struct host *h, struct job *j)
{
    j->next = NULL;
    if (h->tail)
        h->tail->next = j;
    else
        h->head = j;
    h->tail = j;
    c->waiting++;
}

static struct job *unpark(struct crawl *c, struct host *h)
{
    struct job *j = h->head;

    if (j) {
        h->head = j->next;
        if (!h->head)
            h->tail = NULL;
        j->next = NULL;
        c->waiting--;
    }
    return j;
}

/* The article is no longer taken: it may be taken again when due. */
static void page_finished(struct crawl *c, struct job *j)
{
    size_t i;

    for (i = 0; i < c->npages; i++)
        if (c->pages[i] == j->id) {
            c->pages[i] = c->pages[--c->npages];
            break;
        }
    crawl_job_free(j);
}

/*
 * Record an attempt in its own transaction; with doc, the article's
 * mentions are replaced by doc's (t: the article's time) in the same one.
 */
static void record(struct crawl *c, const struct store_extracted *x,
                   const struct nlp_doc *doc, hw_time t)
{
    struct store *st = c->st;

    if (store_begin(st) != 0 || store_article_extracted(st, x) != 0 ||
        (doc && ingest_replace_mentions(st, x->id, t, doc) != 0) ||
        store_commit(st) != 0) {
        store_rollback(st);
        hw_warn("crawl: cannot record the page of article %lld: %s",
                (long long)x->id, store_errmsg(st));
    }
}

static void blank(struct store_extracted *x, int64_t id)
{
    memset(x, 0, sizeof *x);
    x->id = id;
    x->next = HW_TIME_NONE;
    x->published = HW_TIME_NONE;
}

/* A failed attempt: tried again later (transient, tries left) or given
 * up.  retry_after > 0 is the server's own wait. */
static void failed(struct crawl *c, struct job *j, const char *why,
                   int transient, long retry_after)
{
    struct store_extracted x;
    long wait;

    blank(&x, j->id);
    x.error = why;
    if (transient && j->error_count + 1 < PAGES_TRIES) {
        wait = (long)PAGES_RETRY << j->error_count;
        if (retry_after > wait)
            wait = retry_after < CRAWL_MAX_INTERVAL ? retry_after
                                                    : CRAWL_MAX_INTERVAL;
        x.status = "pending";
        x.next = crawl_now(c) + wait;
    } else {
        x.status = "failed";
    }
    c->stats->page_errors++;
    record(c, &x, NULL, HW_TIME_NONE);
}

static void fetch_robots_txt(struct crawl *c, struct host *h)
{
    struct hw_buf url;
    struct job *r = hw_calloc(1, sizeof *r);
    struct fetch_request rq;

    hw_buf_init(&url, FETCH_URL_MAX + 16);
    hw_buf_printf(&url, "%s/robots.txt", h->origin);
    r->kind = JOB_ROBOTS;
    r->url = hw_strdup(url.p);
    r->host = h;
    hw_buf_release(&url);
    rq = (struct fetch_request){r->url, NULL, NULL, r};
    h->fetching = 1;
    if (fetch_add(c->f, &rq) != 0) {
        /* cannot happen for an origin that passed is_web(); be safe */
        h->fetching = 0;
        h->rules = fetch_robots_deny_all();
        h->expires = crawl_now(c) + ROBOTS_RETRY;
        snprintf(h->error, sizeof h->error, "robots.txt: a bad URL");
        crawl_job_free(r);
    }
}

/* Take a page one step further: wait for its host's rules or its turn,
 * be refused by the rules, or start. */
static void route(struct crawl *c, struct job *j)
{
    struct host *h = j->host;
    struct store_extracted x;
    struct fetch_request rq;
    const char *path = after_origin(j->url);
    char slash[FETCH_URL_MAX + 2];

    if (h->fetching) {
        park(c, h, j);
        return;
    }
    if (!h->rules || crawl_now(c) >= h->expires) {
        fetch_robots_txt(c, h);
        if (h->fetching) {
            park(c, h, j);
            return;
        }
    }
    if (h->error[0]) {
        failed(c, j, h->error, 1, ROBOTS_RETRY);
        page_finished(c, j);
        return;
    }
    if (*path == '?' && strlen(path) < sizeof slash - 1) {
        snprintf(slash, sizeof slash, "/%s", path);
        path = slash;
    }
    if (!fetch_robots_allowed(h->rules, path)) {
        blank(&x, j->id);
        x.status = "blocked";
        x.error = "disallowed by the site's robots.txt";
        c->stats->blocked++;
        record(c, &x, NULL, HW_TIME_NONE);
        page_finished(c, j);
        return;
    }
    if (h->delay > 0 && mono_ms() < h->next_ms) {
        park(c, h, j);
        return;
    }
    h->next_ms = mono_ms() + (long long)(h->delay * 1000);
    rq = (struct fetch_request){j->url, NULL, NULL, j};
    if (fetch_add(c->f, &rq) != 0) {
        failed(c, j, "not an http or https URL", 0, -1);
        page_finished(c, j);
    }
}

struct taking {
    struct crawl *c;
    long taken, limit;
};

static int take_page(void *ctx, const struct store_pending *p)
{
    struct taking *t = ctx;
    struct crawl *c = t->c;
    struct job *j;
    size_t i;

    for (i = 0; i < c->npages; i++)
        if (c->pages[i] == p->id)
            return 0;
    if (t->taken >= t->limit)
        return 1;
    j = hw_calloc(1, sizeof *j);
    j->kind = JOB_PAGE;
    j->id = p->id;
    j->url = hw_strdup(p->url);
    j->error_count = p->tries;
    if (c->npages == c->cappages) {
        c->cappages = c->cappages ? c->cappages * 2 : 64;
        c->pages = hw_realloc(c->pages, c->cappages * sizeof *c->pages);
    }
    c->pages[c->npages++] = p->id;
    t->taken++;
    if (!is_web(j->url) || strlen(j->url) > FETCH_URL_MAX ||
        !(j->host = host_for(c, j->url))) {
        failed(c, j, is_web(j->url) ? "too many hosts waiting"
                                    : "not an http or https URL",
               is_web(j->url), -1);
        page_finished(c, j);
        return 0;
    }
    route(c, j);
    return 0;
}

long pages_refill(struct crawl *c, int limit)
{
    struct taking t = {c, 0, limit};

    if (limit <= 0)
        return 0;
    if (store_articles_pending(c->st, crawl_now(c),
                               (int)c->npages + limit, take_page, &t) != 0) {
        hw_fail(c->d, HW_EDB, "crawl", "pending articles", "%s",
                store_errmsg(c->st));
        return HW_EDB;
    }
    return t.taken;
}

void pages_pump(struct crawl *c)
{
    long long now = mono_ms();
    size_t i;

    if (!c->waiting)
        return;
    for (i = 0; i < c->nhosts; i++) {
        struct host *h = c->hosts[i];
        if (h->head && !h->fetching && h->rules && now >= h->next_ms)
            route(c, unpark(c, h));
    }
}

long long pages_wait_ms(const struct crawl *c)
{
    long long now = mono_ms(), best = -1;
    size_t i;

    for (i = 0; i < c->nhosts; i++) {
        const struct host *h = c->hosts[i];
        long long w = h->next_ms - now;
        if (!h->head)
            continue;
        if (w < 0)
            w = 0;
        if (best < 0 || w < best)
            best = w;
    }
    return best < 0 ? 0 : best;
}

static void robots_done(struct crawl *c, struct job *j,
                        const struct fetch_result *r)
{
    struct host *h = j->host;
    struct job *q;
    /* redirects that did not end count as unavailable (allowed) */
    long status = !r->error || (r->status >= 300 && r->status < 400)
                      ? r->status
                      : 0;

    h->fetching = 0;
    fetch_robots_free(h->rules);
    h->rules = fetch_robots_for_status(status, r->body, r->len,
                                       ROBOTS_AGENT);
    h->error[0] = '\0';
    if (status == 0 || status >= 500) {
        h->expires = crawl_now(c) + ROBOTS_RETRY;
        if (r->error)
            snprintf(h->error, sizeof h->error,
                     "robots.txt unreachable: %s", r->errmsg);
        else
            snprintf(h->error, sizeof h->error,
                     "robots.txt unreachable: HTTP %ld", status);
    } else {
        h->expires = crawl_now(c) + ROBOTS_TTL;
    }
    h->delay = fetch_robots_crawl_delay(h->rules);
    if (h->delay > MAX_DELAY)
        h->delay = MAX_DELAY;
    crawl_job_free(j);
    /* the queue is taken whole: a page may wait again behind the delay */
    q = h->head;
    h->head = h->tail = NULL;
    while (q) {
        struct job *n = q->next;
        c->waiting--;
        q->next = NULL;
        route(c, q);
        q = n;
    }
}

/* What the article is, for the extraction to complete it. */
struct known {
    char *title, *category;
    size_t text_len;
    hw_time t;
    int found;
};

static int copy_known(void *ctx, const struct store_row *r)
{
    struct known *k = ctx;

    k->found = 1;
    k->title = hw_strdup(r->title);
    k->category = hw_strdup(r->category);
    k->text_len = r->text ? strlen(r->text) : 0;
    k->t = r->published != HW_TIME_NONE ? r->published : r->fetched;
    return 1;
}

/* The page came: extract it and complete the article. */
static void extracted(struct crawl *c, struct job *j,
                      const struct fetch_result *r)
{
    struct extract_result *x = NULL;
    struct store_extracted sx;
    struct known k;
    struct nlp_doc doc;
    struct hw_diag d;
    char ct[200];
    const char *text = NULL;
    int rc, have_doc = 0;

    snprintf(ct, sizeof ct, "%s%s%s", r->content_type,
             r->charset ? "; charset=" : "", r->charset ? r->charset : "");
    rc = extract_page(r->body, r->len, r->final_url, ct, &x, &d);
    blank(&sx, j->id);
    if (rc == HW_ENOTFOUND) {
        sx.status = "none";
        sx.error = "no article found on the page";
        c->stats->no_article++;
        record(c, &sx, NULL, HW_TIME_NONE);
        return;
    }
    if (rc != 0) {
        failed(c, j, d.why, 0, -1);
        return;
    }
    memset(&k, 0, sizeof k);
    if (store_article_get(c->st, j->id, copy_known, &k) != 0 || !k.found) {
        extract_free(x);
        return; /* gone meanwhile */
    }
    sx.status = "ok";
    if (x->text && strlen(x->text) > k.text_len) {
        text = x->text;
    } else {
        sx.error = "the page's text is no longer than the feed's, which "
                   "was kept";
    }
    sx.text = text;
    sx.author = x->byline;
    sx.language = x->lang;
    sx.published = x->published;
    if (!k.category) {
        sx.category = x->section ? nlp_category_map(x->section) : NULL;
        if (!sx.category && c->o->classifier && text)
            nlp_classify(c->o->classifier, k.title, text, &sx.category,
                         NULL);
    }
    hw_buf_reset(&c->canon);
    if (x->canonical_url &&
        fetch_url_canon(x->canonical_url, strlen(x->canonical_url),
                        &c->canon) == 0)
        sx.canonical_url = c->canon.p;
    if (text && nlp_analyze(k.title ? k.title : "", text, &doc) == 0)
        have_doc = 1;
    record(c, &sx, have_doc ? &doc : NULL, k.t);
    c->stats->extracted++;
    if (have_doc)
        nlp_doc_release(&doc);
    hw_free(k.title);
    hw_free(k.category);
    extract_free(x);
}

void pages_done(struct crawl *c, struct job *j, const struct fetch_result *r)
{
    char why[600];

    if (j->kind == JOB_ROBOTS) {
        robots_done(c, j, r);
        return;
    }
    c->stats->pages++;
    c->stats->bytes += r->len;
    if (r->error) {
        snprintf(why, sizeof why, "%s", r->errmsg);
        /* a refused address or an oversized page will not change */
        failed(c, j, why, r->error != HW_EINVAL && r->error != HW_ETOOBIG,
               -1);
    } else if (r->status >= 200 && r->status < 300) {
        extracted(c, j, r);
    } else {
        int transient = r->status == 408 || r->status == 429 ||
                        r->status >= 500;
        snprintf(why, sizeof why, "HTTP %d%s%s", r->status,
                 *crawl_reason(r->status) ? " " : "",
                 crawl_reason(r->status));
        failed(c, j, why, transient,
               (r->status == 429 || r->status == 503) ? r->retry_after
                                                      : -1);
    }
    page_finished(c, j);
}

void pages_free(struct crawl *c)
{
    size_t i;

    for (i = 0; i < c->nhosts; i++)
        host_free(c->hosts[i]);
    hw_free(c->hosts);
    hw_free(c->pages);
    c->hosts = NULL;
    c->pages = NULL;
    c->nhosts = c->npages = c->waiting = 0;
}
