/*
 * jsonfeed.c - JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1)
 * on jansson.
 *
 * Mapping onto struct feed:
 *   feed:  title, home_page_url -> link, description -> subtitle,
 *          language (1.1) -> language; JSON Feed has no feed date.
 *   item:  id (string, or a number written as text; else url), url ->
 *          link (external_url when there is no url), title (plain text),
 *          summary (plain text per the spec, so escaped into HTML),
 *          content_html (sanitised) or else content_text (escaped) ->
 *          content, date_published, date_modified, authors[0].name (1.1)
 *          or author.name (1.0), tags -> categories, attachments ->
 *          enclosures (url, mime_type, size_in_bytes); image or
 *          banner_image as an enclosure when there is no attachment.
 * Relative URLs are resolved against opts->url, then feed_url.
 *
 * A document is a JSON Feed when it is an object whose "version" starts
 * with "https://jsonfeed.org/version/" (or http://), or, lacking a
 * version, when it has an "items" array and a "title" or "feed_url".
 * JSON cannot be recovered like XML: a syntax error is HW_EPARSE.
 */
#include "feed/feed_int.h"

#include <jansson.h>
#include <string.h>

int feed_json_sniff(const char *p, size_t len)
{
    return len > 0 && p[0] == '{';
}

/* The string value of key in o, or NULL (non-strings count as absent). */
static const char *jstr(json_t *o, const char *key, size_t *n)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_string(v))
        return NULL;
    *n = json_string_length(v);
    return json_string_value(v);
}

static char *jtext(json_t *o, const char *key)
{
    size_t n;
    const char *s = jstr(o, key, &n);
    return s ? feed_norm_plain(s, n) : NULL;
}

static char *jurl(json_t *o, const char *key, const char *base)
{
    size_t n;
    const char *s = jstr(o, key, &n);
    return s ? feed_norm_url(base, s, n) : NULL;
}

static hw_time jdate(json_t *o, const char *key)
{
    size_t n;
    const char *s = jstr(o, key, &n);
    return s ? feed_norm_date(s, n) : HW_TIME_NONE;
}

static int is_jsonfeed(json_t *root)
{
    size_t n;
    const char *v = jstr(root, "version", &n);
    if (v)
        return strncmp(v, "https://jsonfeed.org/version/", 29) == 0 ||
               strncmp(v, "http://jsonfeed.org/version/", 28) == 0;
    return json_is_array(json_object_get(root, "items")) &&
           (json_object_get(root, "title") ||
            json_object_get(root, "feed_url"));
}

static char *item_author(json_t *it)
{
    json_t *a = json_object_get(it, "authors");
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v) {
        char *name = jtext(v, "name");
        if (name)
            return name;
    }
    a = json_object_get(it, "author");
    return json_is_object(a) ? jtext(a, "name") : NULL;
}

static void item_read(json_t *it, struct feed_entry *e, const char *base)
{
    json_t *v, *a;
    size_t i, n;
    const char *s;

    e->link = jurl(it, "url", base);
    if (!e->link)
        e->link = jurl(it, "external_url", base);
    v = json_object_get(it, "id");
    if (json_is_string(v))
        e->id = feed_norm_text(json_string_value(v), json_string_length(v));
    else if (json_is_integer(v)) {
        struct hw_buf b;
        hw_buf_init(&b, 64);
        hw_buf_printf(&b, "%lld", (long long)json_integer_value(v));
        e->id = hw_buf_detach(&b, NULL);
    }
    if (!e->id && e->link)
        e->id = hw_strdup(e->link);
    e->title = jtext(it, "title");
    if ((s = jstr(it, "summary", &n)))
        e->summary = feed_norm_text_html(s, n);
    if ((s = jstr(it, "content_html", &n)))
        e->content = feed_norm_html(s, n, e->link ? e->link : base);
    if (!e->content && (s = jstr(it, "content_text", &n)))
        e->content = feed_norm_text_html(s, n);
    e->published = jdate(it, "date_published");
    e->updated = jdate(it, "date_modified");
    e->author = item_author(it);
    a = json_object_get(it, "tags");
    json_array_foreach(a, i, v) {
        if (json_is_string(v))
            feed_entry_add_category(e, json_string_value(v),
                                    json_string_length(v));
    }
    a = json_object_get(it, "attachments");
    json_array_foreach(a, i, v) {
        char *url = jurl(v, "url", base);
        char *type = NULL;
        json_t *sz = json_object_get(v, "size_in_bytes");
        int64_t len = -1;
        if ((s = jstr(v, "mime_type", &n)))
            type = hw_strndup(s, n);
        if (json_is_integer(sz) && json_integer_value(sz) >= 0)
            len = (int64_t)json_integer_value(sz);
        else if (json_is_real(sz) && json_real_value(sz) >= 0 &&
                 json_real_value(sz) < 9e18)
            len = (int64_t)json_real_value(sz);
        if (url)
            feed_entry_add_enclosure(e, url, type, len);
        hw_free(url);
        hw_free(type);
    }
    if (e->nenclosures == 0) {
        char *img = jurl(it, "image", base);
        if (!img)
            img = jurl(it, "banner_image", base);
        if (img)
            feed_entry_add_enclosure(e, img, NULL, -1);
        hw_free(img);
    }
}

int feed_json_parse(const struct feed_text *t, const struct feed_opts *opts,
                    struct feed **out, struct hw_diag *diag)
{
    const char *where = opts->url ? opts->url : "";
    json_error_t err;
    json_t *root, *items, *it, *lang;
    struct feed *f;
    size_t i;
    char *feed_url = NULL;
    const char *base;

    *out = NULL;
    root = json_loadb(t->p, t->len, 0, &err);
    if (!root)
        return hw_fail(diag, HW_EPARSE, "parse", where,
                       "not valid JSON: line %d: %s", err.line, err.text);
    if (!json_is_object(root) || !is_jsonfeed(root)) {
        json_decref(root);
        return hw_fail(diag, HW_ENOTFEED, "parse", where,
                       "not a feed: JSON without a JSON Feed version");
    }
    f = feed_new(FEED_JSONFEED);
    feed_url = jurl(root, "feed_url", opts->url);
    base = opts->url ? opts->url : feed_url;
    f->title = jtext(root, "title");
    f->link = jurl(root, "home_page_url", base);
    f->subtitle = jtext(root, "description");
    lang = json_object_get(root, "language");
    if (json_is_string(lang))
        f->language = feed_norm_text(json_string_value(lang),
                                     json_string_length(lang));
    items = json_object_get(root, "items");
    if (!json_is_array(items) && items)
        feed_set_bozo(f, "\"items\" is not an array");
    json_array_foreach(items, i, it) {
        struct feed_entry *e;
        if (!json_is_object(it))
            continue;
        e = feed_entry_add(f);
        if (!e)
            break;
        item_read(it, e, base);
    }
    hw_free(feed_url);
    json_decref(root);
    *out = f;
    return 0;
}
