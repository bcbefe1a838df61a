/*
 * routes.c - the routes of DESIGN.md "Web" and what their views share:
 * the tag-name resolver (any spelling of a tag in a URL), the cache of
 * resolved tags, keyset and limit parameters, categories in URLs, and
 * errors that answer in the request's language (JSON or HTML).
 *
 * Order matters in the table: the first pattern that matches wins, so
 * "/tag/{tag}.atom" comes before "/tag/{tag}".
 */
#include <string.h>

#include "nlp/nlp.h"
#include "nlp/taxonomy.h"
#include "web/web_int.h"

const struct web_route web_routes[] = {
    {"home", WEB_GET, "/", (void (*)(void))web_page_home},
    {"style", WEB_GET, "/style.css", (void (*)(void))web_page_style},
    {"tag_atom", WEB_GET, "/tag/*.atom", (void (*)(void))web_atom_tag},
    {"tag", WEB_GET, "/tag/*", (void (*)(void))web_page_tag},
    {"category", WEB_GET, "/category/*", (void (*)(void))web_page_category},
    {"article", WEB_GET, "/article/*", (void (*)(void))web_page_article},
    {"story", WEB_GET, "/story/*", (void (*)(void))web_page_story},
    {"search", WEB_GET, "/search", (void (*)(void))web_page_search},
    {"healthz", WEB_GET, "/healthz", (void (*)(void))web_healthz},
    {"metrics", WEB_GET, "/metrics", (void (*)(void))web_metrics_page},
    {"api_tag_articles", WEB_GET, "/api/v1/tags/*/articles",
     (void (*)(void))web_api_tag_articles},
    {"api_tag", WEB_GET, "/api/v1/tags/*", (void (*)(void))web_api_tag},
    {"api_article", WEB_GET, "/api/v1/articles/*",
     (void (*)(void))web_api_article},
    {"api_latest", WEB_GET, "/api/v1/articles", (void (*)(void))web_api_latest},
    {"api_search", WEB_GET, "/api/v1/search", (void (*)(void))web_api_search},
    {"api_trending", WEB_GET, "/api/v1/trending",
     (void (*)(void))web_api_trending},
    {"api_categories", WEB_GET, "/api/v1/categories",
     (void (*)(void))web_api_categories},
    {"api_category_articles", WEB_GET, "/api/v1/categories/*/articles",
     (void (*)(void))web_api_category_articles},
    {"api_feeds", WEB_POST, "/api/v1/feeds", (void (*)(void))web_api_feeds_add},
    {"api_opml", WEB_POST, "/api/v1/opml", (void (*)(void))web_api_opml},
};
const size_t web_nroutes = sizeof web_routes / sizeof web_routes[0];

int web_tag_key(struct hw_str seg, struct hw_buf *key, struct hw_buf *vkey)
{
    hw_buf_reset(key);
    hw_buf_reset(vkey);
    if (seg.len > 512)
        return HW_ETOOBIG;
    nlp_tag_key(seg.p, seg.len, key);
    if (key->err)
        return HW_ETOOBIG;
    if (key->len == 0)
        return HW_EINVAL;
    nlp_variant_key(key->p, key->len, vkey);
    return vkey->err ? HW_ETOOBIG : 0;
}

static uint64_t slot_of(const char *key)
{
    return web_hash(key, strlen(key)) % WEB_TAGCACHE;
}

int web_find_entity(struct web_ctx *c, struct hw_str seg,
                    struct store_entity *e)
{
    struct hw_buf key, vkey;
    struct web_tagslot *s;
    int r;

    hw_buf_init(&key, 1024);
    hw_buf_init(&vkey, 1024);
    if ((r = web_tag_key(seg, &key, &vkey)) != 0)
        goto out;
    s = NULL;
    if (key.len < sizeof s->key) {
        s = &c->w->tags[slot_of(key.p)];
        pthread_mutex_lock(&c->w->tag_lock);
        if (strcmp(s->key, key.p) == 0 && s->expires > hw_time_now()) {
            *e = s->e;
            pthread_mutex_unlock(&c->w->tag_lock);
            goto out;
        }
        pthread_mutex_unlock(&c->w->tag_lock);
    }
    r = store_entity_find(c->st, key.p, vkey.p, e);
    if (r == 0 && s) {
        pthread_mutex_lock(&c->w->tag_lock);
        memcpy(s->key, key.p, key.len + 1);
        s->e = *e;
        s->expires = hw_time_now() + WEB_TAGCACHE_TTL;
        pthread_mutex_unlock(&c->w->tag_lock);
    }
out:
    hw_buf_release(&key);
    hw_buf_release(&vkey);
    return r;
}

/* A decimal integer filling s[0..n) exactly, optionally negative. */
static int parse_int64(const char *s, size_t n, int64_t *out)
{
    int64_t v = 0;
    size_t i = 0;
    int neg = 0;

    if (n && s[0] == '-') {
        neg = 1;
        i = 1;
    }
    if (i >= n || n - i > 18)
        return HW_EPARSE;
    for (; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return HW_EPARSE;
        v = v * 10 + (s[i] - '0');
    }
    *out = neg ? -v : v;
    return 0;
}

int web_parse_before(struct hw_str query, hw_time *t, int64_t *id)
{
    struct hw_buf v;
    const char *dot;
    int r;

    hw_buf_init(&v, 64);
    r = web_query_get(query, "before", &v);
    if (r <= 0) {
        hw_buf_release(&v);
        return r < 0 ? HW_EPARSE : 0;
    }
    dot = memchr(v.p, '.', v.len);
    if (!dot || parse_int64(v.p, (size_t)(dot - v.p), t) != 0 ||
        parse_int64(dot + 1, v.len - (size_t)(dot - v.p) - 1, id) != 0 ||
        *id < 0) {
        hw_buf_release(&v);
        return HW_EPARSE;
    }
    hw_buf_release(&v);
    return 1;
}

int64_t web_parse_id(struct hw_str s)
{
    int64_t v = 0;
    size_t i;

    if (s.len == 0 || s.len > 18)
        return -1;
    for (i = 0; i < s.len; i++) {
        if (s.p[i] < '0' || s.p[i] > '9')
            return -1;
        v = v * 10 + (s.p[i] - '0');
    }
    return v;
}

int web_parse_limit(struct hw_str query, int def, int max)
{
    struct hw_buf v;
    int64_t n;
    int r;

    hw_buf_init(&v, 32);
    r = web_query_get(query, "limit", &v);
    if (r == 1 && parse_int64(v.p, v.len, &n) == 0 && n >= 1 && n <= max)
        def = (int)n;
    hw_buf_release(&v);
    return def;
}

/* Letters and digits of s, lowercased ASCII, "and" words dropped:
 * "Arts & Culture", "arts-culture", "Arts and culture" -> "artsculture". */
static void category_norm(const char *s, size_t n, char *out, size_t cap)
{
    size_t i, o = 0;

    for (i = 0; i < n && o + 1 < cap; i++) {
        char ch = s[i];
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch - 'A' + 'a');
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')))
            continue;
        /* the word "and" between words */
        if (ch == 'a' && i + 3 < n && (s[i + 1] | 0x20) == 'n' &&
            (s[i + 2] | 0x20) == 'd' && (i == 0 || s[i - 1] == ' ' ||
                                          s[i - 1] == '-') &&
            (s[i + 3] == ' ' || s[i + 3] == '-') && i > 0) {
            i += 2;
            continue;
        }
        out[o++] = ch;
    }
    out[o] = '\0';
}

const char *web_category_find(struct hw_str name)
{
    char want[64], have[64];
    size_t i;

    if (name.len == 0 || name.len > 60)
        return NULL;
    category_norm(name.p, name.len, want, sizeof want);
    for (i = 0; i < nlp_ncategories; i++) {
        const char *c = nlp_categories[i];
        category_norm(c, strlen(c), have, sizeof have);
        if (strcmp(want, have) == 0)
            return c;
    }
    return NULL;
}

int web_category_slug(struct hw_buf *b, const char *name)
{
    int dash = 0;

    for (; *name; name++) {
        char ch = *name;
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch - 'A' + 'a');
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
            if (dash && b->len && b->p[b->len - 1] != '/')
                hw_buf_addc(b, '-');
            dash = 0;
            hw_buf_addc(b, ch);
        } else {
            dash = 1;
        }
    }
    return b->err;
}

int web_is_api(const struct web_ctx *c)
{
    return c->req->path.len >= 5 && memcmp(c->req->path.p, "/api/", 5) == 0;
}

void web_error(struct web_ctx *c, int status, const char *message)
{
    if (web_is_api(c))
        web_api_error(c, status, message);
    else
        web_page_error(c, status, message);
}
