/*
 * pages.c - the HTML views: home (trending and latest), the topic page
 * "Latest news with #Tag", category pages, one article, one story,
 * search, error pages and the unknown-tag page with the closest tags.
 *
 * Every page is HTML5 with semantic landmarks (header, main, nav,
 * article, footer), one stylesheet (/style.css) and no script.  An item
 * of a list reads as the seed page does: the source, the relative time
 * (moment.js rules, hw_reltime) in a <time> with the exact time in its
 * datetime and title attributes, the category, the title linking to
 * /article/{id}, and the start of the text.
 *
 * Every string that came from a feed, a page or the request goes through
 * web_esc() (text and attribute values alike) or web_url_esc() (URL
 * components); feed URLs are linked only when they are http(s).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed/feed.h"
#include "nlp/nlp.h"
#include "nlp/taxonomy.h"
#include "web/web_int.h"

#define PAGE_SIZE 20
#define LEAD_MAX 320

static const char *status_text(int status)
{
    switch (status) {
    case 400: return "Bad request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not found";
    case 405: return "Method not allowed";
    case 413: return "Request too large";
    case 414: return "Address too long";
    case 503: return "Unavailable";
    default: return "Server error";
    }
}

/* ---- the frame --------------------------------------------------------- */

/* Start a page: title (plain text, escaped here), extra head markup
 * (trusted, built by the caller from escaped parts), the search box's
 * value (plain text or NULL). */
static void page_begin(struct web_ctx *c, const char *title,
                       const char *head, const char *q)
{
    struct hw_buf *b = &c->resp->body;

    c->resp->type = "text/html; charset=utf-8";
    hw_buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                   "<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, "
                   "initial-scale=1\">\n"
                   "<meta name=\"color-scheme\" content=\"light dark\">\n"
                   "<title>");
    web_escs(b, title);
    hw_buf_adds(b, " \xc2\xb7 hashwire</title>\n"
                   "<link rel=\"stylesheet\" href=\"/style.css\">\n");
    if (head)
        hw_buf_adds(b, head);
    hw_buf_adds(b, "</head>\n<body>\n"
                   "<a class=\"skip\" href=\"#main\">Skip to content</a>\n"
                   "<header class=\"site\">\n"
                   "<a class=\"brand\" href=\"/\">hashwire</a>\n"
                   "<form class=\"search\" action=\"/search\" method=\"get\""
                   " role=\"search\">\n"
                   "<label for=\"q\" class=\"vh\">Search the news</label>\n"
                   "<input id=\"q\" name=\"q\" type=\"search\" "
                   "maxlength=\"200\" placeholder=\"Search the news\" "
                   "value=\"");
    web_escs(b, q);
    hw_buf_adds(b, "\">\n<button type=\"submit\">Search</button>\n</form>\n"
                   "</header>\n<main id=\"main\">\n");
}

static void page_end(struct web_ctx *c)
{
    struct hw_buf *b = &c->resp->body;
    size_t i;

    hw_buf_adds(b, "</main>\n<footer class=\"site\">\n"
                   "<nav aria-label=\"Categories\"><ul>\n");
    for (i = 0; i < nlp_ncategories; i++) {
        hw_buf_adds(b, "<li><a href=\"/category/");
        web_category_slug(b, nlp_categories[i]);
        hw_buf_adds(b, "\">");
        web_escs(b, nlp_categories[i]);
        hw_buf_adds(b, "</a></li>\n");
    }
    hw_buf_adds(b, "</ul></nav>\n<p>hashwire \xc2\xb7 "
                   "<a href=\"/api/v1/trending\">JSON API</a></p>\n"
                   "</footer>\n</body>\n</html>\n");
}

/* <time datetime=... title=...>17 hours ago</time> */
static void time_el(struct web_ctx *c, hw_time t)
{
    struct hw_buf *b = &c->resp->body;
    char iso[32], human[32];

    if (t == HW_TIME_NONE)
        return;
    hw_time_rfc3339(t, iso);
    web_human_time(t, human);
    hw_buf_printf(b, "<time datetime=\"%s\" title=\"%s\">", iso, human);
    hw_reltime(t, c->now, b);
    hw_buf_adds(b, "</time>");
}

/* /tag/{display} with the display name escaped as a path segment. */
static void tag_href(struct hw_buf *b, const char *display)
{
    hw_buf_adds(b, "/tag/");
    web_url_esc(b, display, strlen(display));
}

/* The category label, linked to its page when it is in the taxonomy. */
static void category_el(struct web_ctx *c, const char *category)
{
    struct hw_buf *b = &c->resp->body;

    if (!category)
        return;
    if (nlp_category_index(category) >= 0) {
        hw_buf_adds(b, "<li><a href=\"/category/");
        web_category_slug(b, category);
        hw_buf_adds(b, "\">");
        web_escs(b, category);
        hw_buf_adds(b, "</a></li>");
    } else {
        hw_buf_adds(b, "<li>");
        web_escs(b, category);
        hw_buf_adds(b, "</li>");
    }
}

/*
 * One item of a list, as the seed reads: source, time, category and
 * source labels, title linked to the article, start of the text.  With
 * marked title and snippet (search), those replace title and lead.
 */
static void item(struct web_ctx *c, const struct store_row *r,
                 const char *title_marked, const char *snippet_marked)
{
    struct hw_buf *b = &c->resp->body;
    const char *src = r->source && *r->source ? r->source : NULL;

    hw_buf_adds(b, "<li><article class=\"item\">\n");
    if (src) {
        hw_buf_adds(b, "<p class=\"source\">");
        web_escs(b, src);
        hw_buf_adds(b, "</p>\n");
    }
    hw_buf_adds(b, "<p class=\"when\">");
    time_el(c, r->sort_time);
    hw_buf_adds(b, "</p>\n<ul class=\"labels\">");
    category_el(c, r->category);
    if (src) {
        hw_buf_adds(b, "<li>");
        web_escs(b, src);
        hw_buf_adds(b, "</li>");
    }
    hw_buf_printf(b, "</ul>\n<h2><a href=\"/article/%lld\">",
                  (long long)r->id);
    if (title_marked)
        web_esc_marked(b, title_marked, strlen(title_marked),
                       STORE_MARK_ON, STORE_MARK_OFF);
    else
        web_escs(b, r->title && *r->title ? r->title : "(untitled)");
    hw_buf_adds(b, "</a></h2>\n<p class=\"lead\">");
    if (snippet_marked)
        web_esc_marked(b, snippet_marked, strlen(snippet_marked),
                       STORE_MARK_ON, STORE_MARK_OFF);
    else
        web_lead(b, r->text, LEAD_MAX, 1);
    hw_buf_adds(b, "</p>\n</article></li>\n");
}

/* ---- lists with keyset paging ------------------------------------------ */

struct list {
    struct web_ctx *c;
    int shown, more;
    hw_time last_time, newest;
    int64_t last_id;
};

static int list_row(void *ctx, const struct store_row *r)
{
    struct list *l = ctx;

    if (l->shown == PAGE_SIZE) {
        l->more = 1;
        return 1;
    }
    item(l->c, r, NULL, NULL);
    l->shown++;
    l->last_time = r->sort_time;
    l->last_id = r->id;
    if (r->fetched != HW_TIME_NONE &&
        (l->newest == HW_TIME_NONE || r->fetched > l->newest))
        l->newest = r->fetched;
    return 0;
}

static void list_init(struct list *l, struct web_ctx *c)
{
    memset(l, 0, sizeof *l);
    l->c = c;
    l->newest = HW_TIME_NONE;
}

/* The pager after a list: older (keyset) and back to the newest. */
static void pager(struct web_ctx *c, const struct list *l, const char *base,
                  int paged)
{
    struct hw_buf *b = &c->resp->body;

    if (!l->more && !paged)
        return;
    hw_buf_adds(b, "<nav class=\"pager\" aria-label=\"Pages\">\n");
    if (paged) {
        hw_buf_adds(b, "<a href=\"");
        hw_buf_adds(b, base);
        hw_buf_adds(b, "\">Newest</a>\n");
    }
    if (l->more) {
        hw_buf_adds(b, "<a rel=\"next\" href=\"");
        hw_buf_adds(b, base);
        hw_buf_printf(b, "?before=%lld.%lld\">Older</a>\n",
                      (long long)l->last_time, (long long)l->last_id);
    }
    hw_buf_adds(b, "</nav>\n");
}

/* ?before= for a page; answers 400 and returns -1 when malformed. */
static int get_before(struct web_ctx *c, hw_time *t, int64_t *id)
{
    int r = web_parse_before(c->req->query, t, id);

    if (r < 0) {
        web_error(c, 400, "The before parameter must be TIME.ID, as the "
                          "Older link gives it.");
        return -1;
    }
    if (r == 0) {
        *t = HW_TIME_NONE;
        *id = 0;
    }
    return r;
}

static void db_failed(struct web_ctx *c)
{
    hw_buf_reset(&c->resp->body);
    web_error(c, 500, "The database could not be read.");
}

/* ---- the topic page ---------------------------------------------------- */

/*
 * Close a paged list whose store query returned r: the pager, the page's
 * end and its caching headers, or the database error page.  empty is the
 * sentence shown when the page has no article.
 */
static void list_end(struct web_ctx *c, const struct list *l, int r,
                     const char *base, int paged, const char *empty)
{
    hw_buf_adds(&c->resp->body, "</ol>\n");
    if (r != 0) {
        db_failed(c);
        return;
    }
    if (l->shown == 0) {
        hw_buf_adds(&c->resp->body, "<p class=\"empty\">");
        hw_buf_adds(&c->resp->body, empty);
        hw_buf_adds(&c->resp->body, "</p>\n");
    }
    pager(c, l, base, paged);
    page_end(c);
    c->resp->last_modified = l->newest;
    c->resp->max_age = 30;
}

void web_page_tag(struct web_ctx *c)
{
    struct hw_str seg = c->req->m->params[0];
    struct store_entity e;
    struct hw_buf title, head, base;
    struct list l;
    hw_time bt;
    int64_t bid;
    int r, paged;

    r = web_find_entity(c, seg, &e);
    if (r == HW_ENOTFOUND || r == HW_EINVAL || r == HW_ETOOBIG) {
        web_page_unknown_tag(c, seg);
        return;
    }
    if (r != 0) {
        db_failed(c);
        return;
    }
    if ((paged = get_before(c, &bt, &bid)) < 0)
        return;
    hw_buf_init(&title, 512);
    hw_buf_init(&head, 2048);
    hw_buf_init(&base, 1024);
    hw_buf_printf(&title, "Latest news with #%s", e.display);
    tag_href(&base, e.display);
    hw_buf_adds(&head, "<link rel=\"alternate\" type=\"application/atom+xml\""
                       " title=\"");
    web_esc(&head, title.p, title.len);
    hw_buf_adds(&head, "\" href=\"");
    hw_buf_adds(&head, base.p);
    hw_buf_adds(&head, ".atom\">\n<link rel=\"canonical\" href=\"");
    hw_buf_adds(&head, base.p);
    hw_buf_adds(&head, "\">\n");
    page_begin(c, title.p, head.p, NULL);
    hw_buf_adds(&c->resp->body, "<header class=\"page\">\n<h1>");
    web_esc(&c->resp->body, title.p, title.len);
    hw_buf_adds(&c->resp->body, "</h1>\n<p class=\"feed\"><a href=\"");
    hw_buf_adds(&c->resp->body, base.p);
    hw_buf_adds(&c->resp->body,
                ".atom\" type=\"application/atom+xml\">Atom feed</a></p>\n"
                "</header>\n");
    hw_buf_adds(&c->resp->body, "<ol class=\"items\">\n");
    list_init(&l, c);
    r = store_topic(c->st, e.id, bt, bid, PAGE_SIZE + 1, list_row, &l);
    list_end(c, &l, r, base.p, paged, "No older articles.");
    hw_buf_release(&title);
    hw_buf_release(&head);
    hw_buf_release(&base);
}

/* ---- unknown tags: the closest ones ------------------------------------ */

#define SUGGEST_MAX 8
#define CAND_MAX 64

struct cand {
    int64_t id, articles;
    char display[128];
    int dist;
};

struct cands {
    struct cand c[CAND_MAX];
    int n;
    const char *key;
};

/* Levenshtein distance of a and b (each cut to 64 bytes). */
static int edit_distance(const char *a, const char *b)
{
    int row[65], i, j, la = (int)strlen(a), lb = (int)strlen(b);

    if (la > 64)
        la = 64;
    if (lb > 64)
        lb = 64;
    for (j = 0; j <= lb; j++)
        row[j] = j;
    for (i = 1; i <= la; i++) {
        int prev = row[0], tmp;
        row[0] = i;
        for (j = 1; j <= lb; j++) {
            int best = prev + (a[i - 1] != b[j - 1]);
            tmp = row[j];
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            prev = tmp;
            row[j] = best;
        }
    }
    return row[lb];
}

static int cand_add(void *ctx, const struct store_tag *t)
{
    struct cands *cs = ctx;
    int i;

    for (i = 0; i < cs->n; i++)
        if (cs->c[i].id == t->id)
            return 0;
    if (cs->n == CAND_MAX || !t->key || !t->display)
        return cs->n == CAND_MAX;
    cs->c[cs->n].id = t->id;
    cs->c[cs->n].articles = t->articles;
    snprintf(cs->c[cs->n].display, sizeof cs->c[cs->n].display, "%s",
             t->display);
    cs->c[cs->n].dist = edit_distance(cs->key, t->key);
    cs->n++;
    return 0;
}

static int cand_cmp(const void *a, const void *b)
{
    const struct cand *x = a, *y = b;

    if (x->dist != y->dist)
        return x->dist - y->dist;
    if (x->articles != y->articles)
        return x->articles < y->articles ? 1 : -1;
    return strcmp(x->display, y->display);
}

void web_page_unknown_tag(struct web_ctx *c, struct hw_str seg)
{
    struct hw_buf key, vkey, shown, title;
    struct hw_buf *b;
    struct cands cs;
    int r, i;

    hw_buf_init(&key, 1024);
    hw_buf_init(&vkey, 1024);
    hw_buf_init(&shown, 512);
    hw_buf_init(&title, 512);
    r = web_tag_key(seg, &key, &vkey);
    /* the tag as asked for, cut for display */
    hw_buf_add_utf8(&shown, seg.p, seg.len > 80 ? 80 : seg.len);
    if (seg.len > 80)
        hw_buf_adds(&shown, "\xe2\x80\xa6");
    hw_buf_printf(&title, "No news with #%s", shown.p);
    memset(&cs, 0, sizeof cs);
    cs.key = key.p;
    if (r == 0) {
        /* candidates sharing ever shorter prefixes of the key */
        static const size_t plen[] = {6, 4, 2, 1};
        size_t k;
        for (k = 0; k < sizeof plen / sizeof plen[0] && cs.n < 16; k++) {
            char pre[8];
            size_t n = key.len < plen[k] ? key.len : plen[k];
            while (n && ((unsigned char)key.p[n] & 0xC0) == 0x80)
                n--;
            memcpy(pre, key.p, n);
            pre[n] = '\0';
            if (store_entities_prefix(c->st, pre, 24, cand_add, &cs) != 0)
                break;
        }
        if (cs.n)
            qsort(cs.c, (size_t)cs.n, sizeof cs.c[0], cand_cmp);
    }
    c->resp->status = 404;
    c->resp->max_age = 0;
    page_begin(c, title.p, "<meta name=\"robots\" content=\"noindex\">\n",
               NULL);
    b = &c->resp->body;
    hw_buf_adds(b, "<header class=\"page\">\n<h1>");
    web_esc(b, title.p, title.len);
    hw_buf_adds(b, "</h1>\n</header>\n");
    if (r != 0) {
        hw_buf_adds(b, "<p>That is not a hashtag: a tag is a name, such as "
                       "<a href=\"/tag/KimJongUn\">#KimJongUn</a>.</p>\n");
    } else if (cs.n == 0) {
        hw_buf_adds(b, "<p>No article has this hashtag yet, and no tag is "
                       "close to it.</p>\n");
    } else {
        hw_buf_adds(b, "<p>No article has this hashtag yet. The closest "
                       "tags:</p>\n<ul class=\"tags suggest\">\n");
        for (i = 0; i < cs.n && i < SUGGEST_MAX; i++) {
            hw_buf_adds(b, "<li><a href=\"");
            tag_href(b, cs.c[i].display);
            hw_buf_adds(b, "\">#");
            web_escs(b, cs.c[i].display);
            hw_buf_printf(b, "</a> <span class=\"count\">%lld</span></li>\n",
                          (long long)cs.c[i].articles);
        }
        hw_buf_adds(b, "</ul>\n");
    }
    page_end(c);
    hw_buf_release(&key);
    hw_buf_release(&vkey);
    hw_buf_release(&shown);
    hw_buf_release(&title);
}

/* ---- category pages ---------------------------------------------------- */

static void category_list(struct web_ctx *c)
{
    struct hw_buf *b = &c->resp->body;
    size_t i;

    hw_buf_adds(b, "<ul class=\"tags\">\n");
    for (i = 0; i < nlp_ncategories; i++) {
        hw_buf_adds(b, "<li><a href=\"/category/");
        web_category_slug(b, nlp_categories[i]);
        hw_buf_adds(b, "\">");
        web_escs(b, nlp_categories[i]);
        hw_buf_adds(b, "</a></li>\n");
    }
    hw_buf_adds(b, "</ul>\n");
}

void web_page_category(struct web_ctx *c)
{
    const char *cat = web_category_find(c->req->m->params[0]);
    struct hw_buf title, base;
    struct list l;
    hw_time bt;
    int64_t bid;
    int r, paged;

    if (!cat) {
        c->resp->status = 404;
        page_begin(c, "No such category", NULL, NULL);
        hw_buf_adds(&c->resp->body, "<h1>No such category</h1>\n"
                                    "<p>The categories are:</p>\n");
        category_list(c);
        page_end(c);
        return;
    }
    if ((paged = get_before(c, &bt, &bid)) < 0)
        return;
    hw_buf_init(&title, 256);
    hw_buf_init(&base, 256);
    hw_buf_printf(&title, "Latest news in %s", cat);
    hw_buf_adds(&base, "/category/");
    web_category_slug(&base, cat);
    page_begin(c, title.p, NULL, NULL);
    hw_buf_adds(&c->resp->body, "<header class=\"page\">\n<h1>");
    web_esc(&c->resp->body, title.p, title.len);
    hw_buf_adds(&c->resp->body, "</h1>\n</header>\n<ol class=\"items\">\n");
    list_init(&l, c);
    r = store_category(c->st, cat, bt, bid, PAGE_SIZE + 1, list_row, &l);
    list_end(c, &l, r, base.p, paged, "No articles.");
    hw_buf_release(&title);
    hw_buf_release(&base);
}

/* ---- one article ------------------------------------------------------- */

#define TAGS_MAX 12

struct art_page {
    struct web_ctx *c;
    int found;
    int64_t id;
    hw_time fetched;
    struct {
        int64_t id;
        char display[128];
    } tags[TAGS_MAX];
    int ntags;
    int related;
};

/* Paragraphs of plain text (blank-line separated) as <p> elements. */
static void paragraphs(struct hw_buf *b, const char *text)
{
    const char *p = text;

    while (p && *p) {
        const char *end = strstr(p, "\n\n");
        size_t n = end ? (size_t)(end - p) : strlen(p);
        struct hw_str s = hw_str_trim((struct hw_str){p, n});
        if (s.len) {
            hw_buf_adds(b, "<p>");
            web_esc(b, s.p, s.len);
            hw_buf_adds(b, "</p>\n");
        }
        if (!end)
            break;
        p = end + 2;
    }
}

/* Why a teaser is all there is, when its page did not give the text. */
static void teaser_note(struct hw_buf *b, const char *status)
{
    static const char *const why[][2] = {
        {"pending", "the whole text is yet to be fetched from the "
                    "publisher's page"},
        {"none", "the publisher's page holds no article text"},
        {"blocked", "the publisher's robots.txt does not allow fetching "
                    "the page"},
        {"failed", "the publisher's page could not be read"},
    };
    size_t i;

    if (!status)
        return;
    for (i = 0; i < sizeof why / sizeof why[0]; i++)
        if (strcmp(status, why[i][0]) == 0) {
            hw_buf_printf(b, "<p class=\"note\">The feed gave a summary "
                             "only; %s.</p>\n", why[i][1]);
            return;
        }
}

static int article_row(void *ctx, const struct store_row *r)
{
    struct art_page *a = ctx;
    struct web_ctx *c = a->c;
    struct hw_buf *b = &c->resp->body;
    const char *src = r->source && *r->source ? r->source : NULL;
    const char *title = r->title && *r->title ? r->title : "(untitled)";
    int link = web_url_is_http(r->url);

    a->found = 1;
    a->fetched = r->fetched;
    page_begin(c, title, NULL, NULL);
    hw_buf_adds(b, "<article class=\"full\">\n<header>\n");
    if (src) {
        hw_buf_adds(b, "<p class=\"source\">");
        web_escs(b, src);
        hw_buf_adds(b, "</p>\n");
    }
    hw_buf_adds(b, "<h1>");
    web_escs(b, title);
    hw_buf_adds(b, "</h1>\n<p class=\"byline\">");
    if (r->author && *r->author) {
        hw_buf_adds(b, "<span class=\"author\">By ");
        web_escs(b, r->author);
        hw_buf_adds(b, "</span> \xc2\xb7 ");
    }
    time_el(c, r->sort_time);
    hw_buf_adds(b, "</p>\n<ul class=\"labels\">");
    category_el(c, r->category);
    if (src) {
        hw_buf_adds(b, "<li>");
        web_escs(b, src);
        hw_buf_adds(b, "</li>");
    }
    hw_buf_adds(b, "</ul>\n</header>\n<div class=\"text\">\n");
    if (r->text && *r->text) {
        paragraphs(b, r->text);
    } else if (r->summary && *r->summary) {
        struct hw_buf t;
        hw_buf_init(&t, 1024 * 1024);
        feed_html_text(r->summary, strlen(r->summary), &t);
        paragraphs(b, t.p);
        hw_buf_release(&t);
    }
    hw_buf_adds(b, "</div>\n");
    teaser_note(b, r->extract_status);
    if (link) {
        hw_buf_adds(b, "<p class=\"original\"><a href=\"");
        web_escs(b, r->url);
        hw_buf_adds(b, "\" rel=\"noopener noreferrer nofollow\">Read it at ");
        web_escs(b, src ? src : "the source");
        hw_buf_adds(b, "</a></p>\n");
    }
    return 1;
}

static int article_tag(void *ctx, const struct store_tag *t)
{
    struct art_page *a = ctx;

    if (a->ntags == TAGS_MAX)
        return 1;
    if (!t->display)
        return 0;
    a->tags[a->ntags].id = t->id;
    snprintf(a->tags[a->ntags].display, sizeof a->tags[0].display, "%s",
             t->display);
    a->ntags++;
    return 0;
}

static int related_row(void *ctx, const struct store_row *r)
{
    struct art_page *a = ctx;
    struct hw_buf *b = &a->c->resp->body;

    if (r->id == a->id)
        return 0;
    if (a->related == 5)
        return 1;
    hw_buf_printf(b, "<li><a href=\"/article/%lld\">", (long long)r->id);
    web_escs(b, r->title && *r->title ? r->title : "(untitled)");
    hw_buf_adds(b, "</a> <span class=\"meta\">");
    web_escs(b, r->source);
    hw_buf_adds(b, " \xc2\xb7 ");
    time_el(a->c, r->sort_time);
    hw_buf_adds(b, "</span></li>\n");
    a->related++;
    return 0;
}

void web_page_article(struct web_ctx *c)
{
    struct art_page a;
    struct hw_buf *b = &c->resp->body;
    int r, i;

    memset(&a, 0, sizeof a);
    a.c = c;
    a.id = web_parse_id(c->req->m->params[0]);
    if (a.id < 0) {
        web_error(c, 404, "There is no article with this number.");
        return;
    }
    r = store_article_get(c->st, a.id, article_row, &a);
    if (r == HW_ENOTFOUND) {
        web_error(c, 404, "There is no article with this number.");
        return;
    }
    if (r != 0 || store_article_tags(c->st, a.id, article_tag, &a) != 0) {
        db_failed(c);
        return;
    }
    if (a.ntags) {
        hw_buf_adds(b, "<nav class=\"tags\" aria-label=\"Hashtags\">\n"
                       "<h2>Hashtags</h2>\n<ul>\n");
        for (i = 0; i < a.ntags; i++) {
            hw_buf_adds(b, "<li><a href=\"");
            tag_href(b, a.tags[i].display);
            hw_buf_adds(b, "\">#");
            web_escs(b, a.tags[i].display);
            hw_buf_adds(b, "</a></li>\n");
        }
        hw_buf_adds(b, "</ul>\n</nav>\n");
    }
    hw_buf_adds(b, "</article>\n");
    for (i = 0; i < a.ntags && i < 3; i++) {
        size_t mark = b->len;
        hw_buf_adds(b, "<section class=\"related\">\n<h2>More with <a "
                       "href=\"");
        tag_href(b, a.tags[i].display);
        hw_buf_adds(b, "\">#");
        web_escs(b, a.tags[i].display);
        hw_buf_adds(b, "</a></h2>\n<ul>\n");
        a.related = 0;
        if (store_topic(c->st, a.tags[i].id, HW_TIME_NONE, 0, 6,
                        related_row, &a) != 0) {
            db_failed(c);
            return;
        }
        if (a.related == 0)
            hw_buf_truncate(b, mark);
        else
            hw_buf_adds(b, "</ul>\n</section>\n");
    }
    page_end(c);
    c->resp->last_modified = a.fetched;
    c->resp->max_age = 60;
}

/* ---- one story --------------------------------------------------------- */

static int story_row(void *ctx, const struct store_row *r)
{
    struct art_page *a = ctx;

    a->found = 1;
    item(a->c, r, NULL, NULL);
    return 1;
}

/* Stories are not clustered yet: a story is its one article. */
void web_page_story(struct web_ctx *c)
{
    struct art_page a;
    struct hw_buf *b = &c->resp->body;
    int r;

    memset(&a, 0, sizeof a);
    a.c = c;
    a.id = web_parse_id(c->req->m->params[0]);
    if (a.id < 0) {
        web_error(c, 404, "There is no story with this number.");
        return;
    }
    page_begin(c, "Story", NULL, NULL);
    hw_buf_adds(b, "<header class=\"page\"><h1>Every source on this story"
                   "</h1></header>\n<ol class=\"items\">\n");
    r = store_article_get(c->st, a.id, story_row, &a);
    if (r == HW_ENOTFOUND) {
        hw_buf_reset(b);
        web_error(c, 404, "There is no story with this number.");
        return;
    }
    if (r != 0) {
        db_failed(c);
        return;
    }
    hw_buf_adds(b, "</ol>\n");
    page_end(c);
    c->resp->max_age = 60;
}

/* ---- search ------------------------------------------------------------ */

struct search_page {
    struct web_ctx *c;
    int shown, more;
};

static int search_hit(void *ctx, const struct store_hit *h)
{
    struct search_page *s = ctx;

    if (s->shown == PAGE_SIZE) {
        s->more = 1;
        return 1;
    }
    item(s->c, &h->row, h->title_marked, h->snippet_marked);
    s->shown++;
    return 0;
}

void web_page_search(struct web_ctx *c)
{
    struct hw_buf q, pg, title;
    struct hw_buf *b = &c->resp->body;
    struct search_page s;
    long page = 1;
    int r;

    hw_buf_init(&q, 1024);
    hw_buf_init(&pg, 16);
    hw_buf_init(&title, 1024);
    r = web_query_get(c->req->query, "q", &q);
    if (r < 0 || web_query_get(c->req->query, "page", &pg) < 0) {
        hw_buf_release(&q);
        hw_buf_release(&pg);
        hw_buf_release(&title);
        web_error(c, 400, "The search could not be read.");
        return;
    }
    if (pg.len && pg.len < 4) {
        page = 0;
        for (size_t i = 0; i < pg.len; i++)
            page = pg.p[i] >= '0' && pg.p[i] <= '9'
                       ? page * 10 + (pg.p[i] - '0')
                       : -1000;
        if (page < 1 || page > 50)
            page = 1;
    }
    if (q.len > 200) { /* keep what a box would: 200 bytes, whole chars */
        size_t n = 200;
        while (n && ((unsigned char)q.p[n] & 0xC0) == 0x80)
            n--;
        hw_buf_truncate(&q, n);
    }
    if (q.len)
        hw_buf_printf(&title, "Search: %s", q.p);
    else
        hw_buf_adds(&title, "Search");
    page_begin(c, title.p, "<meta name=\"robots\" content=\"noindex\">\n",
               q.p);
    hw_buf_adds(b, "<header class=\"page\">\n<h1>");
    if (q.len) {
        hw_buf_adds(b, "Results for \xe2\x80\x9c");
        web_esc(b, q.p, q.len);
        hw_buf_adds(b, "\xe2\x80\x9d");
    } else {
        hw_buf_adds(b, "Search the news");
    }
    hw_buf_adds(b, "</h1>\n</header>\n");
    memset(&s, 0, sizeof s);
    s.c = c;
    if (q.len) {
        hw_buf_adds(b, "<ol class=\"items\">\n");
        r = store_search(c->st, q.p, c->now, (int)(page - 1) * PAGE_SIZE,
                         PAGE_SIZE + 1, search_hit, &s);
        hw_buf_adds(b, "</ol>\n");
        if (r != 0) {
            db_failed(c);
            goto out;
        }
        if (s.shown == 0)
            hw_buf_adds(b, "<p class=\"empty\">Nothing found.</p>\n");
        if (s.more || page > 1) {
            hw_buf_adds(b, "<nav class=\"pager\" aria-label=\"Pages\">\n");
            if (page > 1) {
                hw_buf_adds(b, "<a rel=\"prev\" href=\"/search?q=");
                web_url_esc(b, q.p, q.len);
                hw_buf_printf(b, "&amp;page=%ld\">Previous</a>\n", page - 1);
            }
            if (s.more) {
                hw_buf_adds(b, "<a rel=\"next\" href=\"/search?q=");
                web_url_esc(b, q.p, q.len);
                hw_buf_printf(b, "&amp;page=%ld\">Next</a>\n", page + 1);
            }
            hw_buf_adds(b, "</nav>\n");
        }
    } else {
        hw_buf_adds(b, "<p>Type words in the box: every article with all "
                       "of them, best matches and newest first.</p>\n");
    }
    page_end(c);
    c->resp->max_age = 30;
out:
    hw_buf_release(&q);
    hw_buf_release(&pg);
    hw_buf_release(&title);
}

/* ---- home -------------------------------------------------------------- */

struct trend_list {
    struct web_ctx *c;
    int n;
};

static int trend_row(void *ctx, const struct store_trend *t)
{
    struct trend_list *tl = ctx;
    struct hw_buf *b = &tl->c->resp->body;

    if (!t->display)
        return 0;
    hw_buf_adds(b, "<li><a href=\"");
    tag_href(b, t->display);
    hw_buf_adds(b, "\">#");
    web_escs(b, t->display);
    hw_buf_printf(b, "</a> <span class=\"count\">%lld in 24 h \xc2\xb7 %lld "
                     "the week before</span></li>\n",
                  (long long)t->count, (long long)t->before);
    tl->n++;
    return 0;
}

void web_page_home(struct web_ctx *c)
{
    struct hw_buf *b = &c->resp->body;
    struct trend_list tl;
    struct list l;
    hw_time bt;
    int64_t bid;
    int paged, r;

    if ((paged = get_before(c, &bt, &bid)) < 0)
        return;
    page_begin(c, "The news by hashtag", NULL, NULL);
    hw_buf_adds(b, "<h1 class=\"vh\">hashwire: the news by hashtag</h1>\n");
    if (!paged) {
        size_t mark = b->len;
        hw_buf_adds(b, "<section class=\"trending\" aria-labelledby=\"tr\">"
                       "\n<h2 id=\"tr\">Trending</h2>\n<ol class=\"tags\">\n");
        tl.c = c;
        tl.n = 0;
        if (store_trending(c->st, c->now, 24, 20, trend_row, &tl) != 0) {
            db_failed(c);
            return;
        }
        if (tl.n)
            hw_buf_adds(b, "</ol>\n</section>\n");
        else
            hw_buf_truncate(b, mark);
    }
    hw_buf_adds(b, "<section aria-labelledby=\"latest\">\n"
                   "<h2 id=\"latest\">Latest news</h2>\n<ol class=\"items\">\n");
    list_init(&l, c);
    r = store_latest(c->st, bt, bid, PAGE_SIZE + 1, list_row, &l);
    hw_buf_adds(b, "</ol>\n");
    if (r != 0) {
        db_failed(c);
        return;
    }
    if (l.shown == 0)
        hw_buf_adds(b, "<p class=\"empty\">No articles yet: subscribe to "
                       "feeds and let the crawler run.</p>\n");
    pager(c, &l, "/", paged);
    hw_buf_adds(b, "</section>\n");
    page_end(c);
    c->resp->last_modified = l.newest;
    c->resp->max_age = 30;
}

/* ---- errors and the stylesheet ----------------------------------------- */

void web_page_error(struct web_ctx *c, int status, const char *message)
{
    struct hw_buf *b = &c->resp->body;

    hw_buf_reset(b);
    c->resp->status = status;
    c->resp->max_age = status == 404 ? 0 : -1;
    c->resp->last_modified = HW_TIME_NONE;
    page_begin(c, status_text(status),
               "<meta name=\"robots\" content=\"noindex\">\n", NULL);
    hw_buf_adds(b, "<header class=\"page\">\n<h1>");
    web_escs(b, status_text(status));
    hw_buf_adds(b, "</h1>\n</header>\n<p>");
    web_escs(b, message);
    hw_buf_adds(b, "</p>\n<p><a href=\"/\">The latest news</a></p>\n");
    page_end(c);
}

void web_page_style(struct web_ctx *c)
{
    c->resp->type = "text/css; charset=utf-8";
    c->resp->max_age = 3600;
    hw_buf_adds(&c->resp->body, web_stylesheet);
}
