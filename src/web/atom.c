/*
 * atom.c - /tag/{tag}.atom: the topic page as an Atom 1.0 feed (RFC 4287),
 * the newest 50 articles, to subscribe to in any feed reader.
 *
 * What RFC 4287 requires and how it is met:
 *   - atom:feed has exactly one id, title and updated, and an author
 *     (given at feed level, "hashwire", so entries without one are valid);
 *     a link rel="self" to the feed and rel="alternate" to the HTML page;
 *   - each atom:entry has an id (the article's page, an absolute IRI
 *     that never changes), a title, an updated time (the article's time),
 *     a link rel="alternate" (the publisher's URL when it is http(s),
 *     else the article's page), and a summary (plain text, the start of
 *     the article) since there is no content element;
 *   - dates are RFC 3339 in UTC; text is escaped for XML by web_esc(),
 *     which also drops what XML 1.0 forbids.
 * Absolute IRIs are built on the address the server listens on.
 */
#include <string.h>

#include "web/web_int.h"

#define ATOM_ENTRIES 50
#define SUMMARY_MAX 600

struct atom {
    struct web_ctx *c;
    struct hw_buf entries;
    hw_time newest;
    hw_time newest_fetched;
};

static int atom_row(void *ctx, const struct store_row *r)
{
    struct atom *a = ctx;
    struct hw_buf *b = &a->entries;
    const char *base = a->c->w->base;
    char t[32];

    if (r->sort_time != HW_TIME_NONE &&
        (a->newest == HW_TIME_NONE || r->sort_time > a->newest))
        a->newest = r->sort_time;
    if (r->fetched != HW_TIME_NONE &&
        (a->newest_fetched == HW_TIME_NONE || r->fetched > a->newest_fetched))
        a->newest_fetched = r->fetched;
    hw_buf_printf(b, "<entry>\n<id>%s/article/%lld</id>\n<title "
                     "type=\"text\">",
                  base, (long long)r->id);
    web_escs(b, r->title && *r->title ? r->title : "(untitled)");
    hw_buf_adds(b, "</title>\n<link rel=\"alternate\" type=\"text/html\" "
                   "href=\"");
    if (web_url_is_http(r->url))
        web_escs(b, r->url);
    else
        hw_buf_printf(b, "%s/article/%lld", base, (long long)r->id);
    hw_buf_printf(b, "\"/>\n<link rel=\"related\" type=\"text/html\" "
                     "href=\"%s/article/%lld\"/>\n",
                  base, (long long)r->id);
    hw_time_rfc3339(r->sort_time != HW_TIME_NONE ? r->sort_time : 0, t);
    hw_buf_printf(b, "<updated>%s</updated>\n", t);
    if (r->published != HW_TIME_NONE) {
        hw_time_rfc3339(r->published, t);
        hw_buf_printf(b, "<published>%s</published>\n", t);
    }
    if ((r->author && *r->author) || (r->source && *r->source)) {
        hw_buf_adds(b, "<author><name>");
        web_escs(b, r->author && *r->author ? r->author : r->source);
        hw_buf_adds(b, "</name></author>\n");
    }
    if (r->source && *r->source) {
        hw_buf_adds(b, "<source><title>");
        web_escs(b, r->source);
        hw_buf_adds(b, "</title></source>\n");
    }
    if (r->category && *r->category) {
        hw_buf_adds(b, "<category term=\"");
        web_escs(b, r->category);
        hw_buf_adds(b, "\"/>\n");
    }
    hw_buf_adds(b, "<summary type=\"text\">");
    web_lead(b, r->text ? r->text : "", SUMMARY_MAX, 1);
    hw_buf_adds(b, "</summary>\n</entry>\n");
    return 0;
}

void web_atom_tag(struct web_ctx *c)
{
    struct hw_str seg = c->req->m->params[0];
    struct hw_buf *b = &c->resp->body;
    struct store_entity e;
    struct hw_buf path;
    struct atom a;
    char t[32];
    int r;

    r = web_find_entity(c, seg, &e);
    if (r == HW_ENOTFOUND || r == HW_EINVAL || r == HW_ETOOBIG) {
        web_page_unknown_tag(c, seg);
        return;
    }
    if (r != 0) {
        web_error(c, 500, "The database could not be read.");
        return;
    }
    memset(&a, 0, sizeof a);
    a.c = c;
    a.newest = a.newest_fetched = HW_TIME_NONE;
    hw_buf_init(&a.entries, WEB_OUT_MAX);
    if (store_topic(c->st, e.id, HW_TIME_NONE, 0, ATOM_ENTRIES, atom_row,
                    &a) != 0) {
        hw_buf_release(&a.entries);
        web_error(c, 500, "The database could not be read.");
        return;
    }
    hw_buf_init(&path, 1024);
    hw_buf_adds(&path, "/tag/");
    web_url_esc(&path, e.display, strlen(e.display));
    c->resp->type = "application/atom+xml; charset=utf-8";
    hw_buf_adds(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                   "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    hw_buf_printf(b, "<id>%s%s</id>\n<title type=\"text\">Latest news with "
                     "#",
                  c->w->base, path.p);
    web_escs(b, e.display);
    hw_buf_adds(b, "</title>\n");
    hw_time_rfc3339(a.newest != HW_TIME_NONE ? a.newest : c->now, t);
    hw_buf_printf(b, "<updated>%s</updated>\n", t);
    hw_buf_printf(b, "<link rel=\"self\" type=\"application/atom+xml\" "
                     "href=\"%s%s.atom\"/>\n"
                     "<link rel=\"alternate\" type=\"text/html\" "
                     "href=\"%s%s\"/>\n",
                  c->w->base, path.p, c->w->base, path.p);
    hw_buf_adds(b, "<author><name>hashwire</name></author>\n<generator>"
                   "hashwire</generator>\n");
    hw_buf_add(b, a.entries.p, a.entries.len);
    hw_buf_adds(b, "</feed>\n");
    c->resp->last_modified = a.newest_fetched;
    c->resp->max_age = 300;
    hw_buf_release(&a.entries);
    hw_buf_release(&path);
}
