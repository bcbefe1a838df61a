/*
 * api.c - the JSON API under /api/v1/ (documented in docs/api.md), the
 * write API for subscriptions (Bearer token), /healthz and /metrics.
 *
 * Lists are paged as the pages are: newest first, ?before=TIME.ID from the
 * "next" link of the previous page, ?limit=1..100 (20 by default); search
 * pages by ?offset.  Every string goes through hw_json_str(), which also
 * replaces invalid UTF-8.  Errors are {"error": {"status", "message"}}.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "feed/opml.h"
#include "fetch/fetch.h"
#include "nlp/taxonomy.h"
#include "web/web_int.h"

#define API_LIMIT 20
#define API_LIMIT_MAX 100
#define FEEDS_MAX 1000

static void json_begin(struct web_ctx *c)
{
    c->resp->type = "application/json; charset=utf-8";
}

void web_api_error(struct web_ctx *c, int status, const char *message)
{
    struct hw_buf *b = &c->resp->body;

    hw_buf_reset(b);
    json_begin(c);
    c->resp->status = status;
    c->resp->max_age = status == 404 ? 0 : -1;
    c->resp->last_modified = HW_TIME_NONE;
    hw_buf_printf(b, "{\"error\":{\"status\":%d,\"message\":", status);
    hw_json_str(b, message);
    hw_buf_adds(b, "}}\n");
}

void web_article_json(struct hw_buf *b, const struct store_row *r,
                      hw_time now, int full)
{
    hw_buf_printf(b, "{\"id\":%lld,\"url\":", (long long)r->id);
    hw_json_str_or_null(b, web_url_is_http(r->url) ? r->url : NULL);
    hw_buf_adds(b, ",\"source\":");
    hw_json_str_or_null(b, r->source);
    hw_buf_adds(b, ",\"title\":");
    hw_json_str_or_null(b, r->title);
    hw_buf_adds(b, ",\"author\":");
    hw_json_str_or_null(b, r->author);
    hw_buf_adds(b, ",\"category\":");
    hw_json_str_or_null(b, r->category);
    hw_buf_adds(b, ",\"published\":");
    hw_json_time(b, r->published);
    hw_buf_adds(b, ",\"time\":");
    hw_json_time(b, r->sort_time);
    hw_buf_adds(b, ",\"time_ago\":");
    if (r->sort_time != HW_TIME_NONE) {
        struct hw_buf t;
        hw_buf_init(&t, 64);
        hw_reltime(r->sort_time, now, &t);
        hw_json_str(b, t.p);
        hw_buf_release(&t);
    } else {
        hw_buf_adds(b, "null");
    }
    if (full) {
        hw_buf_adds(b, ",\"language\":");
        hw_json_str_or_null(b, r->language);
        hw_buf_adds(b, ",\"canonical_url\":");
        hw_json_str_or_null(b, web_url_is_http(r->canonical_url)
                                   ? r->canonical_url
                                   : NULL);
        hw_buf_adds(b, ",\"text\":");
        hw_json_str_or_null(b, r->text);
        /* what became of the page of a teaser (null: the feed gave the
         * whole text) */
        hw_buf_adds(b, ",\"extraction\":");
        if (r->extract_status) {
            hw_buf_adds(b, "{\"status\":");
            hw_json_str(b, r->extract_status);
            hw_buf_adds(b, ",\"error\":");
            hw_json_str_or_null(b, r->extract_error);
            hw_buf_addc(b, '}');
        } else {
            hw_buf_adds(b, "null");
        }
    } else {
        struct hw_buf t;
        hw_buf_init(&t, 4096);
        web_lead(&t, r->text, 320, 0);
        hw_buf_adds(b, ",\"lead\":");
        hw_json_str(b, t.p);
        hw_buf_release(&t);
    }
    hw_buf_printf(b, ",\"links\":{\"html\":\"/article/%lld\","
                     "\"api\":\"/api/v1/articles/%lld\"}}",
                  (long long)r->id, (long long)r->id);
}

/* One article as a list item (or in full, with text). */
static void article_json(struct web_ctx *c, struct hw_buf *b,
                         const struct store_row *r, int full)
{
    web_article_json(b, r, c->now, full);
}

struct jlist {
    struct web_ctx *c;
    int limit, shown, more;
    hw_time last_time, newest;
    int64_t last_id;
};

static int jlist_row(void *ctx, const struct store_row *r)
{
    struct jlist *l = ctx;
    struct hw_buf *b = &l->c->resp->body;

    if (l->shown == l->limit) {
        l->more = 1;
        return 1;
    }
    if (l->shown)
        hw_buf_addc(b, ',');
    article_json(l->c, b, r, 0);
    l->shown++;
    l->last_time = r->sort_time;
    l->last_id = r->id;
    if (r->fetched != HW_TIME_NONE &&
        (l->newest == HW_TIME_NONE || r->fetched > l->newest))
        l->newest = r->fetched;
    return 0;
}

/* ],"next":... } after a list; base is the list's path (URL-safe). */
static void jlist_end(struct web_ctx *c, struct jlist *l, const char *base)
{
    struct hw_buf *b = &c->resp->body;

    hw_buf_adds(b, "],\"next\":");
    if (l->more)
        hw_buf_printf(b, "\"%s?before=%lld.%lld&limit=%d\"", base,
                      (long long)l->last_time, (long long)l->last_id,
                      l->limit);
    else
        hw_buf_adds(b, "null");
    hw_buf_adds(b, "}\n");
    c->resp->last_modified = l->newest;
    c->resp->max_age = 30;
}

static int api_before(struct web_ctx *c, hw_time *t, int64_t *id)
{
    int r = web_parse_before(c->req->query, t, id);

    if (r < 0) {
        web_api_error(c, 400, "before must be TIME.ID, as in the next link");
        return -1;
    }
    if (r == 0) {
        *t = HW_TIME_NONE;
        *id = 0;
    }
    return 0;
}

static void jlist_init(struct jlist *l, struct web_ctx *c)
{
    memset(l, 0, sizeof *l);
    l->c = c;
    l->newest = HW_TIME_NONE;
    l->limit = web_parse_limit(c->req->query, API_LIMIT, API_LIMIT_MAX);
}

/* ---- tags -------------------------------------------------------------- */

static int api_entity(struct web_ctx *c, struct store_entity *e)
{
    int r = web_find_entity(c, c->req->m->params[0], e);

    if (r == HW_ENOTFOUND || r == HW_EINVAL || r == HW_ETOOBIG) {
        web_api_error(c, 404, "no articles with this hashtag");
        return -1;
    }
    if (r != 0) {
        web_api_error(c, 500, "the database could not be read");
        return -1;
    }
    return 0;
}

static void tag_json(struct hw_buf *b, const struct store_entity *e)
{
    hw_buf_adds(b, "{\"hashtag\":");
    hw_json_str(b, e->display);
    hw_buf_adds(b, ",\"key\":");
    hw_json_str(b, e->key);
    hw_buf_adds(b, ",\"type\":");
    hw_json_str_or_null(b, e->type[0] ? e->type : NULL);
    if (e->articles >= 0)
        hw_buf_printf(b, ",\"articles\":%lld", (long long)e->articles);
    hw_buf_adds(b, ",\"links\":{\"html\":\"/tag/");
    web_url_esc(b, e->display, strlen(e->display));
    hw_buf_adds(b, "\",\"atom\":\"/tag/");
    web_url_esc(b, e->display, strlen(e->display));
    hw_buf_adds(b, ".atom\",\"articles\":\"/api/v1/tags/");
    web_url_esc(b, e->display, strlen(e->display));
    hw_buf_adds(b, "/articles\"}}");
}

void web_api_tag(struct web_ctx *c)
{
    struct store_entity e;

    if (api_entity(c, &e) != 0)
        return;
    /* here the count is the answer: worth its cost */
    if (store_entity_get(c->st, e.key, NULL, &e) != 0) {
        web_api_error(c, 500, "the database could not be read");
        return;
    }
    json_begin(c);
    hw_buf_adds(&c->resp->body, "{\"tag\":");
    tag_json(&c->resp->body, &e);
    hw_buf_adds(&c->resp->body, "}\n");
    c->resp->max_age = 30;
}

void web_api_tag_articles(struct web_ctx *c)
{
    struct store_entity e;
    struct hw_buf base;
    struct jlist l;
    hw_time bt;
    int64_t bid;

    if (api_entity(c, &e) != 0 || api_before(c, &bt, &bid) != 0)
        return;
    jlist_init(&l, c);
    json_begin(c);
    hw_buf_adds(&c->resp->body, "{\"tag\":");
    tag_json(&c->resp->body, &e);
    hw_buf_adds(&c->resp->body, ",\"articles\":[");
    if (store_topic(c->st, e.id, bt, bid, l.limit + 1, jlist_row, &l) != 0) {
        web_api_error(c, 500, "the database could not be read");
        return;
    }
    hw_buf_init(&base, 1024);
    hw_buf_adds(&base, "/api/v1/tags/");
    web_url_esc(&base, e.display, strlen(e.display));
    hw_buf_adds(&base, "/articles");
    jlist_end(c, &l, base.p);
    hw_buf_release(&base);
}

/* ---- articles ---------------------------------------------------------- */

struct one {
    struct web_ctx *c;
    int tags;
    hw_time fetched;
};

static int one_row(void *ctx, const struct store_row *r)
{
    struct one *o = ctx;

    article_json(o->c, &o->c->resp->body, r, 1);
    o->fetched = r->fetched;
    return 1;
}

static int one_tag(void *ctx, const struct store_tag *t)
{
    struct one *o = ctx;
    struct hw_buf *b = &o->c->resp->body;

    if (!t->display)
        return 0;
    if (o->tags++)
        hw_buf_addc(b, ',');
    hw_buf_adds(b, "{\"hashtag\":");
    hw_json_str(b, t->display);
    hw_buf_adds(b, ",\"key\":");
    hw_json_str(b, t->key);
    hw_buf_adds(b, ",\"type\":");
    hw_json_str_or_null(b, t->type);
    hw_buf_printf(b, ",\"mentions\":%d,\"salience\":%.3f}", t->mentions,
                  t->salience);
    return 0;
}

void web_api_article(struct web_ctx *c)
{
    struct hw_buf *b = &c->resp->body;
    struct one o;
    int64_t id = web_parse_id(c->req->m->params[0]);
    int r;

    memset(&o, 0, sizeof o);
    o.c = c;
    o.fetched = HW_TIME_NONE;
    if (id < 0) {
        web_api_error(c, 404, "no article with this id");
        return;
    }
    json_begin(c);
    hw_buf_adds(b, "{\"article\":");
    r = store_article_get(c->st, id, one_row, &o);
    if (r == HW_ENOTFOUND) {
        web_api_error(c, 404, "no article with this id");
        return;
    }
    /* the hashtags go inside the article object: reopen it */
    if (r == 0 && b->len && b->p[b->len - 1] == '}') {
        hw_buf_truncate(b, b->len - 1);
        hw_buf_adds(b, ",\"hashtags\":[");
        r = store_article_tags(c->st, id, one_tag, &o);
        hw_buf_adds(b, "]}");
    }
    if (r != 0) {
        web_api_error(c, 500, "the database could not be read");
        return;
    }
    hw_buf_adds(b, "}\n");
    c->resp->last_modified = o.fetched;
    c->resp->max_age = 60;
}

void web_api_latest(struct web_ctx *c)
{
    struct jlist l;
    hw_time bt;
    int64_t bid;

    if (api_before(c, &bt, &bid) != 0)
        return;
    jlist_init(&l, c);
    json_begin(c);
    hw_buf_adds(&c->resp->body, "{\"articles\":[");
    if (store_latest(c->st, bt, bid, l.limit + 1, jlist_row, &l) != 0) {
        web_api_error(c, 500, "the database could not be read");
        return;
    }
    jlist_end(c, &l, "/api/v1/articles");
}

/* ---- categories -------------------------------------------------------- */

struct cat_counts {
    int64_t n[64];
};

static int cat_count(void *ctx, const char *name, int64_t n)
{
    struct cat_counts *cc = ctx;
    int i = name ? nlp_category_index(name) : -1;

    if (i >= 0 && i < 64)
        cc->n[i] = n;
    return 0;
}

void web_api_categories(struct web_ctx *c)
{
    struct hw_buf *b = &c->resp->body;
    struct cat_counts cc;
    size_t i;

    memset(&cc, 0, sizeof cc);
    if (store_categories(c->st, cat_count, &cc) != 0) {
        web_api_error(c, 500, "the database could not be read");
        return;
    }
    json_begin(c);
    hw_buf_adds(b, "{\"categories\":[");
    for (i = 0; i < nlp_ncategories; i++) {
        if (i)
            hw_buf_addc(b, ',');
        hw_buf_adds(b, "{\"name\":");
        hw_json_str(b, nlp_categories[i]);
        hw_buf_adds(b, ",\"slug\":\"");
        web_category_slug(b, nlp_categories[i]);
        hw_buf_printf(b, "\",\"articles\":%lld,\"links\":{\"html\":"
                         "\"/category/",
                      (long long)(i < 64 ? cc.n[i] : 0));
        web_category_slug(b, nlp_categories[i]);
        hw_buf_adds(b, "\",\"articles\":\"/api/v1/categories/");
        web_category_slug(b, nlp_categories[i]);
        hw_buf_adds(b, "/articles\"}}");
    }
    hw_buf_adds(b, "]}\n");
    c->resp->max_age = 60;
}

void web_api_category_articles(struct web_ctx *c)
{
    const char *cat = web_category_find(c->req->m->params[0]);
    struct hw_buf base;
    struct jlist l;
    hw_time bt;
    int64_t bid;

    if (!cat) {
        web_api_error(c, 404, "no such category (see /api/v1/categories)");
        return;
    }
    if (api_before(c, &bt, &bid) != 0)
        return;
    jlist_init(&l, c);
    json_begin(c);
    hw_buf_adds(&c->resp->body, "{\"category\":");
    hw_json_str(&c->resp->body, cat);
    hw_buf_adds(&c->resp->body, ",\"articles\":[");
    if (store_category(c->st, cat, bt, bid, l.limit + 1, jlist_row, &l)) {
        web_api_error(c, 500, "the database could not be read");
        return;
    }
    hw_buf_init(&base, 256);
    hw_buf_adds(&base, "/api/v1/categories/");
    web_category_slug(&base, cat);
    hw_buf_adds(&base, "/articles");
    jlist_end(c, &l, base.p);
    hw_buf_release(&base);
}

/* ---- search and trending ----------------------------------------------- */

struct jsearch {
    struct web_ctx *c;
    int limit, shown, more;
};

static int jsearch_hit(void *ctx, const struct store_hit *h)
{
    struct jsearch *s = ctx;
    struct hw_buf *b = &s->c->resp->body;
    struct hw_buf t;

    if (s->shown == s->limit) {
        s->more = 1;
        return 1;
    }
    if (s->shown++)
        hw_buf_addc(b, ',');
    article_json(s->c, b, &h->row, 0);
    hw_buf_truncate(b, b->len - 1); /* reopen the object */
    hw_buf_init(&t, 64 * 1024);
    if (h->title_marked)
        web_esc_marked(&t, h->title_marked, strlen(h->title_marked),
                       STORE_MARK_ON, STORE_MARK_OFF);
    hw_buf_adds(b, ",\"title_html\":");
    hw_json_str(b, t.p);
    hw_buf_reset(&t);
    if (h->snippet_marked)
        web_esc_marked(&t, h->snippet_marked, strlen(h->snippet_marked),
                       STORE_MARK_ON, STORE_MARK_OFF);
    hw_buf_adds(b, ",\"snippet_html\":");
    hw_json_str(b, t.p);
    hw_buf_printf(b, ",\"score\":%.6g}", h->score);
    hw_buf_release(&t);
    return 0;
}

void web_api_search(struct web_ctx *c)
{
    struct hw_buf *b = &c->resp->body;
    struct hw_buf q, off;
    struct jsearch s;
    long offset = 0;
    int r;

    hw_buf_init(&q, 1024);
    hw_buf_init(&off, 16);
    r = web_query_get(c->req->query, "q", &q);
    if (r < 0 || web_query_get(c->req->query, "offset", &off) < 0) {
        hw_buf_release(&q);
        hw_buf_release(&off);
        web_api_error(c, 400, "q could not be read");
        return;
    }
    if (r == 0 || q.len == 0) {
        hw_buf_release(&q);
        hw_buf_release(&off);
        web_api_error(c, 400, "give the words to find in q");
        return;
    }
    if (off.len) {
        size_t i;
        for (i = 0; i < off.len && offset <= 1000; i++)
            offset = off.p[i] >= '0' && off.p[i] <= '9'
                         ? offset * 10 + (off.p[i] - '0')
                         : 100000;
        if (offset > 1000) {
            hw_buf_release(&q);
            hw_buf_release(&off);
            web_api_error(c, 400, "offset is a number from 0 to 1000");
            return;
        }
    }
    memset(&s, 0, sizeof s);
    s.c = c;
    s.limit = web_parse_limit(c->req->query, API_LIMIT, 50);
    json_begin(c);
    hw_buf_adds(b, "{\"query\":");
    hw_json_str(b, q.p);
    hw_buf_adds(b, ",\"results\":[");
    r = store_search(c->st, q.p, c->now, (int)offset, s.limit + 1,
                     jsearch_hit, &s);
    if (r != 0) {
        hw_buf_release(&q);
        hw_buf_release(&off);
        web_api_error(c, 500, "the database could not be read");
        return;
    }
    hw_buf_adds(b, "],\"next\":");
    if (s.more) {
        hw_buf_adds(b, "\"/api/v1/search?q=");
        web_url_esc(b, q.p, q.len);
        hw_buf_printf(b, "&offset=%ld&limit=%d\"", offset + s.limit,
                      s.limit);
    } else {
        hw_buf_adds(b, "null");
    }
    hw_buf_adds(b, "}\n");
    c->resp->max_age = 30;
    hw_buf_release(&q);
    hw_buf_release(&off);
}

struct jtrend {
    struct hw_buf *b;
    int n;
};

static int jtrend_row(void *ctx, const struct store_trend *t)
{
    struct jtrend *j = ctx;

    if (!t->display)
        return 0;
    if (j->n++)
        hw_buf_addc(j->b, ',');
    hw_buf_adds(j->b, "{\"hashtag\":");
    hw_json_str(j->b, t->display);
    hw_buf_adds(j->b, ",\"key\":");
    hw_json_str(j->b, t->key);
    hw_buf_adds(j->b, ",\"type\":");
    hw_json_str_or_null(j->b, t->type);
    hw_buf_printf(j->b, ",\"count\":%lld,\"before\":%lld,\"score\":%.4g,"
                        "\"links\":{\"html\":\"/tag/",
                  (long long)t->count, (long long)t->before, t->score);
    web_url_esc(j->b, t->display, strlen(t->display));
    hw_buf_adds(j->b, "\"}}");
    return 0;
}

void web_api_trending(struct web_ctx *c)
{
    struct hw_buf *b = &c->resp->body;
    struct hw_buf h;
    struct jtrend j;
    int hours = 24, limit;

    hw_buf_init(&h, 16);
    if (web_query_get(c->req->query, "hours", &h) == 1) {
        size_t i;
        hours = 0;
        for (i = 0; i < h.len && hours <= 168; i++)
            hours = h.p[i] >= '0' && h.p[i] <= '9'
                        ? hours * 10 + (h.p[i] - '0')
                        : 1000;
        if (hours < 1 || hours > 168) {
            hw_buf_release(&h);
            web_api_error(c, 400, "hours is a number from 1 to 168");
            return;
        }
    }
    hw_buf_release(&h);
    limit = web_parse_limit(c->req->query, API_LIMIT, API_LIMIT_MAX);
    json_begin(c);
    hw_buf_printf(b, "{\"hours\":%d,\"now\":", hours);
    hw_json_time(b, c->now);
    hw_buf_adds(b, ",\"tags\":[");
    j.b = b;
    j.n = 0;
    if (store_trending(c->st, c->now, hours, limit, jtrend_row, &j) != 0) {
        web_api_error(c, 500, "the database could not be read");
        return;
    }
    hw_buf_adds(b, "]}\n");
    c->resp->max_age = 60;
}

/* ---- the write API ----------------------------------------------------- */

/* Compare without leaking where the first difference is. */
static int same_secret(const char *a, size_t alen, const char *b)
{
    size_t blen = strlen(b), i;
    unsigned char d = (unsigned char)(alen != blen);

    for (i = 0; i < alen && i < blen; i++)
        d |= (unsigned char)(a[i] ^ b[i]);
    return d == 0;
}

/* 0 when the request carries the admin token; else answered. */
static int admin_only(struct web_ctx *c)
{
    const char *auth = c->req->header(c->req->conn, "Authorization");

    if (!c->w->o.admin_token) {
        web_api_error(c, 403, "the write API is off: start the server "
                              "with --admin-token or HASHWIRE_ADMIN_TOKEN");
        return -1;
    }
    if (!auth || strncmp(auth, "Bearer ", 7) != 0 ||
        !same_secret(auth + 7, strlen(auth + 7), c->w->o.admin_token)) {
        web_api_error(c, 401, "give the admin token as Authorization: "
                              "Bearer TOKEN");
        c->resp->auth_challenge = 1;
        return -1;
    }
    return 0;
}

struct adder {
    struct web_ctx *c;
    struct hw_buf ok, bad, url;
    int nok, nbad, created;
};

static void adder_one(struct adder *a, const char *url, const char *title,
                      const char *folder)
{
    int64_t id;
    int created, r;

    hw_buf_reset(&a->url);
    r = url ? fetch_url_canon(url, strlen(url), &a->url) : HW_EINVAL;
    if (r != 0) {
        if (a->nbad++)
            hw_buf_addc(&a->bad, ',');
        hw_buf_adds(&a->bad, "{\"url\":");
        hw_json_str_or_null(&a->bad, url);
        hw_buf_adds(&a->bad, ",\"error\":");
        hw_json_str(&a->bad, r == HW_ETOOBIG ? "URL too long"
                                             : "not an http or https URL");
        hw_buf_addc(&a->bad, '}');
        return;
    }
    if (store_feed_add(a->c->st, a->url.p, title, folder, &id, &created)) {
        if (a->nbad++)
            hw_buf_addc(&a->bad, ',');
        hw_buf_adds(&a->bad, "{\"url\":");
        hw_json_str(&a->bad, a->url.p);
        hw_buf_adds(&a->bad, ",\"error\":\"database error\"}");
        return;
    }
    a->created += created;
    if (a->nok++)
        hw_buf_addc(&a->ok, ',');
    hw_buf_printf(&a->ok, "{\"id\":%lld,\"url\":", (long long)id);
    hw_json_str(&a->ok, a->url.p);
    hw_buf_printf(&a->ok, ",\"created\":%s}", created ? "true" : "false");
}

static void adder_init(struct adder *a, struct web_ctx *c)
{
    memset(a, 0, sizeof *a);
    a->c = c;
    hw_buf_init(&a->ok, WEB_OUT_MAX / 2);
    hw_buf_init(&a->bad, WEB_OUT_MAX / 4);
    hw_buf_init(&a->url, FETCH_URL_MAX + 1);
}

static void adder_finish(struct adder *a, int bozo)
{
    struct web_ctx *c = a->c;
    struct hw_buf *b = &c->resp->body;

    json_begin(c);
    c->resp->max_age = -1;
    hw_buf_printf(b, "{\"created\":%d,\"feeds\":[", a->created);
    hw_buf_add(b, a->ok.p, a->ok.len);
    hw_buf_adds(b, "],\"errors\":[");
    hw_buf_add(b, a->bad.p, a->bad.len);
    hw_buf_printf(b, "],\"bozo\":%s}\n", bozo ? "true" : "false");
    hw_buf_release(&a->ok);
    hw_buf_release(&a->bad);
    hw_buf_release(&a->url);
}

static int begin_tx(struct web_ctx *c)
{
    if (store_begin(c->st) != 0) {
        web_api_error(c, 503, "the database is busy; try again");
        return -1;
    }
    return 0;
}

static int end_tx(struct web_ctx *c, struct adder *a)
{
    if (store_commit(c->st) != 0) {
        store_rollback(c->st);
        hw_buf_release(&a->ok);
        hw_buf_release(&a->bad);
        hw_buf_release(&a->url);
        web_api_error(c, 503, "the database is busy; try again");
        return -1;
    }
    return 0;
}

/* POST /api/v1/feeds {"urls": ["https://..."], "folder": "News"} (or
 * "url": "..."). */
void web_api_feeds_add(struct web_ctx *c)
{
    json_t *root, *urls, *one, *folder;
    json_error_t err;
    struct adder a;
    const char *fold;
    size_t i, n;

    if (admin_only(c) != 0)
        return;
    root = json_loadb(c->req->body ? c->req->body : "", c->req->body_len,
                      JSON_REJECT_DUPLICATES, &err);
    if (!json_is_object(root)) {
        json_decref(root);
        web_api_error(c, 400, "the body must be a JSON object: "
                              "{\"urls\": [\"https://...\"]}");
        return;
    }
    urls = json_object_get(root, "urls");
    one = json_object_get(root, "url");
    folder = json_object_get(root, "folder");
    fold = json_is_string(folder) ? json_string_value(folder) : NULL;
    n = json_is_array(urls) ? json_array_size(urls) : 0;
    if ((!n && !json_is_string(one)) || n > FEEDS_MAX ||
        (folder && !json_is_string(folder))) {
        json_decref(root);
        web_api_error(c, 400, "give \"urls\": an array of 1 to 1000 feed "
                              "URLs (or \"url\"), and \"folder\" as a "
                              "string if any");
        return;
    }
    if (begin_tx(c) != 0) {
        json_decref(root);
        return;
    }
    adder_init(&a, c);
    if (json_is_string(one))
        adder_one(&a, json_string_value(one), NULL, fold);
    for (i = 0; i < n; i++) {
        json_t *u = json_array_get(urls, i);
        adder_one(&a, json_is_string(u) ? json_string_value(u) : NULL, NULL,
                  fold);
    }
    json_decref(root);
    if (end_tx(c, &a) != 0)
        return;
    adder_finish(&a, 0);
}

/* POST /api/v1/opml with an OPML document as the body. */
void web_api_opml(struct web_ctx *c)
{
    struct feed_opml *o = NULL;
    struct hw_diag d;
    struct adder a;
    size_t i;

    if (admin_only(c) != 0)
        return;
    if (feed_opml_parse(c->req->body ? c->req->body : "", c->req->body_len,
                        &o, &d) != 0) {
        char msg[700];
        snprintf(msg, sizeof msg, "not an OPML subscription list: %s",
                 d.why);
        web_api_error(c, 400, msg);
        return;
    }
    if (o->nitems > FEEDS_MAX * 10) {
        feed_opml_free(o);
        web_api_error(c, 413, "at most 10000 feeds at once");
        return;
    }
    if (begin_tx(c) != 0) {
        feed_opml_free(o);
        return;
    }
    adder_init(&a, c);
    for (i = 0; i < o->nitems; i++)
        adder_one(&a, o->items[i].url, o->items[i].title,
                  o->items[i].folder);
    if (end_tx(c, &a) != 0) {
        feed_opml_free(o);
        return;
    }
    adder_finish(&a, o->bozo);
    feed_opml_free(o);
}

/* ---- health and metrics ------------------------------------------------ */

static int no_row(void *ctx, const struct store_row *r)
{
    (void)ctx;
    (void)r;
    return 1;
}

void web_healthz(struct web_ctx *c)
{
    /* a read through this thread's connection: article 0 never exists */
    int r = store_article_get(c->st, 0, no_row, NULL);

    c->resp->type = "text/plain; charset=utf-8";
    c->resp->max_age = -1;
    if (r != 0 && r != HW_ENOTFOUND) {
        c->resp->status = 503;
        hw_buf_adds(&c->resp->body, "database unavailable\n");
        return;
    }
    hw_buf_adds(&c->resp->body, "ok\n");
}

/* One line of hashwire_article_pages; the status is one of a few
 * words the crawler writes, checked anyway (it is a label value). */
static int extract_count(void *ctx, const char *status, int64_t n)
{
    const char *p;

    for (p = status; *p; p++)
        if (*p < 'a' || *p > 'z')
            return 0;
    hw_buf_printf(ctx, "hashwire_article_pages{status=\"%s\"} %lld\n",
                  status, (long long)n);
    return 0;
}

void web_metrics_page(struct web_ctx *c)
{
    struct hw_buf *b = &c->resp->body;
    struct store_counts n;

    c->resp->type = "text/plain; version=0.0.4; charset=utf-8";
    c->resp->max_age = -1;
    web_metrics_write(&c->w->metrics, b);
    if (store_counts(c->st, &n) != 0) {
        hw_buf_adds(b, "# store counts unavailable\nhashwire_store_up 0\n");
        return;
    }
    hw_buf_printf(b,
                  "# HELP hashwire_store_up 1 when the database answers.\n"
                  "# TYPE hashwire_store_up gauge\nhashwire_store_up 1\n"
                  "# HELP hashwire_articles Articles stored.\n"
                  "# TYPE hashwire_articles gauge\nhashwire_articles %lld\n"
                  "# HELP hashwire_entities Hashtags (entities) known.\n"
                  "# TYPE hashwire_entities gauge\nhashwire_entities %lld\n"
                  "# HELP hashwire_feeds Subscribed feeds by the state of "
                  "their last poll.\n# TYPE hashwire_feeds gauge\n"
                  "hashwire_feeds{status=\"ok\"} %lld\n"
                  "hashwire_feeds{status=\"failing\"} %lld\n"
                  "hashwire_feeds{status=\"gone\"} %lld\n"
                  "hashwire_feeds{status=\"new\"} %lld\n"
                  "# HELP hashwire_crawl_errors Consecutive poll failures, "
                  "summed over the feeds.\n"
                  "# TYPE hashwire_crawl_errors gauge\n"
                  "hashwire_crawl_errors %lld\n",
                  (long long)n.articles, (long long)n.entities,
                  (long long)n.feeds_ok, (long long)n.feeds_failing,
                  (long long)n.feeds_gone, (long long)n.feeds_new,
                  (long long)n.feed_errors);
    hw_buf_adds(b, "# HELP hashwire_article_pages Teaser articles by what "
                   "became of their page.\n"
                   "# TYPE hashwire_article_pages gauge\n");
    store_extract_counts(c->st, extract_count, b);
}
