/*
 * emit.c - the article written out as text and as HTML.
 *
 * The picked pieces are written out in one forward pass with a stack of
 * open elements.  Inline content collects into the paragraph being read
 * (plain text and HTML side by side); a block element ends it.  Each
 * paragraph is written with the tag of the innermost open block: p,
 * h2-h6 (h1 becomes h2), pre, figcaption, a list item or a table cell;
 * lists, block quotes, figures and data tables are kept as containers.
 * Images go out as <img src alt> (a lazy image's real source when the
 * src is a placeholder).  The HTML is sanitised afterwards by
 * feed_html_sanitize(), which also makes the links absolute.
 * Boilerplate lines, the byline and the title are left out of the text,
 * and so is a second copy of the article (for small screens).
 */
#include <string.h>

#include "extract/extract_int.h"
#include "feed/feed.h"

/* src is tried first, then these; strip.c keeps them for us. */
const char *const extract_lazy_src[] = {
    "data-src", "data-original", "data-lazy-src", "data-url",
    "data-hi-res-src", "data-srcset", "srcset", NULL,
};

static void html_escape(struct hw_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '<': hw_buf_adds(b, "&lt;"); break;
        case '>': hw_buf_adds(b, "&gt;"); break;
        case '&': hw_buf_adds(b, "&amp;"); break;
        case '"': hw_buf_adds(b, "&quot;"); break;
        default: hw_buf_addc(b, s[i]); break;
        }
    }
}

void extract_out_init(struct xt_out *o)
{
    memset(o, 0, sizeof *o);
    hw_buf_init(&o->text, XT_TEXT_MAX);
    hw_buf_init(&o->html, XT_HTML_MAX);
    hw_buf_init(&o->pt, XT_TEXT_MAX);
    hw_buf_init(&o->ph, XT_HTML_MAX);
    hw_buf_init(&o->row, XT_TEXT_MAX);
    hw_buf_init(&o->pend_t, XT_TEXT_MAX);
    hw_buf_init(&o->pend_h, XT_HTML_MAX);
}

void extract_out_reset(struct xt_out *o)
{
    hw_buf_reset(&o->text);
    hw_buf_reset(&o->html);
    hw_buf_reset(&o->pt);
    hw_buf_reset(&o->ph);
    hw_buf_reset(&o->row);
    o->space = o->has_img = o->pre = 0;
    o->pchars = o->plink = 0;
    o->chars = o->link = o->paras = o->linked_heads = 0;
    o->sn = 0;
    o->rows = o->figs = 0;
    o->pending = o->copy_run = 0;
    if (o->seen)
        memset(o->seen, 0, o->seen_cap * sizeof *o->seen);
    o->nseen = 0;
}

void extract_out_release(struct xt_out *o)
{
    hw_buf_release(&o->text);
    hw_buf_release(&o->html);
    hw_buf_release(&o->pt);
    hw_buf_release(&o->ph);
    hw_buf_release(&o->row);
    hw_buf_release(&o->pend_t);
    hw_buf_release(&o->pend_h);
    hw_free(o->st);
    hw_free(o->seen);
}

/* Inside a data-table row, a figure?  Counted, so no walk of the stack. */
static int in_row(const struct xt_out *o)
{
    return o->rows > 0;
}

static int in_figure(const struct xt_out *o)
{
    return o->figs > 0;
}

/* Lines that are never article text, whatever block they are in. */
static int is_boilerplate(const char *s, size_t n)
{
    /* a whole paragraph that says only this */
    static const char *const lines[] = {
        "advertisement", "advertisements", "sponsored", "ad", "loading",
        "comments", "share", "share this", "share this article",
        "share this story", "related", "related articles",
        "related stories", "related content", "read more", "see more",
        "more", "photo", "photos", "image", "video", NULL,
    };
    /* a short paragraph that starts so: a prompt, a credit */
    static const char *const starts[] = {
        "read more:", "related:", "see also:", "more:", "watch:",
        "listen:", "also read:", "recommended:", "click here to",
        "sign up for", "subscribe to", "follow us on", "share on ",
        "share this", "continue reading", "story continues below",
        "article continues below", "skip to", "photo:", "photos:",
        "photo by ", "photos by ", "photograph:", "photograph by ",
        "photography:", "photography by ", "image:", "images:",
        "image by ", "image credit", "credit:", "credits:", "picture:",
        "pictures:", "illustration:", "illustration by ", "(photo",
        "(image", "file photo", "copyright \xc2\xa9", "\xc2\xa9 ",
        "published:", "updated:", "posted:", "last updated",
        "first published", "posted on ", "published on ", NULL,
    };
    /* a short paragraph that ends so: an image credit */
    static const char *const ends[] = {
        "getty images", "getty images)", "/reuters", "/ reuters",
        "/ap", "/ap)", "/afp", "afp/getty", "shutterstock", "/istock",
        "istockphoto", NULL,
    };
    /* a paragraph of no more than a few lines that says this */
    static const char *const says[] = {
        "all rights reserved", "post a comment", "leave a comment",
        "add a comment", "to comment", "comments are subject",
        "sign up for our", "subscribe to our", "join our newsletter",
        "our newsletter", "download the app", "download our app",
        "follow us on", "like us on facebook", "terms of service",
        "terms of use", "privacy policy", "without permission",
        "may not be reproduced", "copyrighted property", NULL,
    };
    struct hw_str t = {s, n};

    for (int i = 0; lines[i]; i++)
        if (hw_str_ieq(t, lines[i]))
            return 1;
    if (n <= 300)
        for (int i = 0; says[i]; i++)
            for (size_t j = 0; j + strlen(says[i]) <= n; j++)
                if (xt_ci_prefix(s + j, n - j, says[i]))
                    return 1;
    if (n > 100)
        return 0;
    for (int i = 0; starts[i]; i++)
        if (xt_ci_prefix(s, n, starts[i]))
            return 1;
    for (int i = 0; ends[i]; i++) {
        size_t k = strlen(ends[i]);
        if (n >= k && xt_ci_prefix(s + n - k, k, ends[i]))
            return 1;
    }
    return 0;
}

/*
 * Has a paragraph of this text been written already, from another
 * container?  (And note it.)  A page that holds its article twice (one
 * copy for small screens) has each paragraph in two containers; the same
 * paragraph repeated in one container is the text.  Short ones (a name,
 * "Photo") are let repeat.
 */
static int seen_before(struct xt_out *o, const char *s, size_t n, int where)
{
    uint64_t h;
    size_t i;

    if (n < 40)
        return 0;
    h = xt_hash(s, n, 0);
    if ((o->nseen + 1) * 2 > o->seen_cap) {
        size_t cap = o->seen_cap ? o->seen_cap * 2 : 256;
        struct xt_seen *v = hw_calloc(cap, sizeof *v);
        for (size_t j = 0; j < o->seen_cap; j++) {
            if (!o->seen[j].h)
                continue;
            for (i = (size_t)o->seen[j].h & (cap - 1); v[i].h;
                 i = (i + 1) & (cap - 1))
                ;
            v[i] = o->seen[j];
        }
        hw_free(o->seen);
        o->seen = v;
        o->seen_cap = cap;
    }
    for (i = (size_t)h & (o->seen_cap - 1); o->seen[i].h;
         i = (i + 1) & (o->seen_cap - 1))
        if (o->seen[i].h == h)
            return o->seen[i].where != where;
    o->seen[i] = (struct xt_seen){h, where};
    o->nseen++;
    return 0;
}

/* The container of the paragraph being read: the parent of its block. */
static int cur_where(const struct xt_out *o)
{
    return o->sn && o->st[o->sn - 1].block >= 0
               ? o->st[o->st[o->sn - 1].block].where : -1;
}

/* Append a paragraph of text s[0..n) to the article's text. */
static void add_para(struct xt_out *o, const char *s, size_t n)
{
    if (o->text.len)
        hw_buf_adds(&o->text, "\n\n");
    hw_buf_add(&o->text, s, n);
    o->paras++;
}

/* Append the paragraph's HTML ph to b, inside <wrap> unless wrap is
 * NULL. */
static void add_wrapped(struct hw_buf *b, const char *wrap,
                        const struct hw_buf *ph)
{
    if (wrap)
        hw_buf_printf(b, "<%s>", wrap);
    hw_buf_add(b, ph->p, ph->len);
    if (wrap)
        hw_buf_printf(b, "</%s>", wrap);
}

/* Write a paragraph held back as a possible copy: it was not one. */
static void settle(struct xt_out *o)
{
    if (!o->pending)
        return;
    o->pending = 0;
    add_para(o, o->pend_t.p, o->pend_t.len);
    hw_buf_add(&o->html, o->pend_h.p, o->pend_h.len);
    o->chars += o->pend_chars;
    o->link += o->pend_link;
}

static void flush(struct xt_out *o, const char *wrap)
{
    struct hw_str t = hw_str_trim((struct hw_str){o->pt.p, o->pt.len});
    int keep = t.len > 0, row = in_row(o), copy = 0;

    if (keep && (is_boilerplate(t.p, t.len) ||
                 (o->byline && hw_str_eq(t, o->byline)) ||
                 (o->title && hw_str_eq(t, o->title))))
        keep = 0;
    if (keep && wrap && strcmp(wrap, "figcaption") == 0) {
        /* in the HTML, not in the text: credits and repeats, mostly */
        settle(o);
        add_wrapped(&o->html, wrap, &o->ph);
        keep = 0;
        o->has_img = 0;
    }
    /*
     * A paragraph seen before in another container may be the second copy
     * of the article; two such in a row are, and so is the rest of the
     * run.  A single one (a pull quote) is written after all.
     */
    if (keep && !row)
        copy = seen_before(o, t.p, t.len, cur_where(o));
    if (copy && (o->copy_run || o->pending)) {
        o->pending = 0;
        o->copy_run = 1;
        keep = 0;
    } else if (copy) {
        hw_buf_reset(&o->pend_t);
        hw_buf_reset(&o->pend_h);
        hw_buf_add(&o->pend_t, t.p, t.len);
        add_wrapped(&o->pend_h, wrap, &o->ph);
        o->pend_chars = o->pchars;
        o->pend_link = o->plink;
        o->pending = 1;
        keep = 0;
        o->has_img = 0;
    } else if (keep) {
        o->copy_run = 0;
    }
    if (keep || o->has_img)
        settle(o);
    if (keep) {
        if (row) {
            if (o->row.len)
                hw_buf_adds(&o->row, " | ");
            hw_buf_add(&o->row, t.p, t.len);
        } else {
            add_para(o, t.p, t.len);
        }
        o->chars += o->pchars;
        o->link += o->plink;
        if (wrap && wrap[0] == 'h' && wrap[1] >= '2' && wrap[1] <= '6' &&
            o->plink * 5 >= o->pchars * 4)
            o->linked_heads++;
    }
    if (keep || o->has_img)
        add_wrapped(&o->html, wrap, &o->ph);
    hw_buf_reset(&o->pt);
    hw_buf_reset(&o->ph);
    o->space = o->has_img = 0;
    o->pchars = o->plink = 0;
}

/* The paragraph tag of the innermost open block. */
static const char *cur_wrap(const struct xt_out *o)
{
    return o->sn && o->st[o->sn - 1].block >= 0
               ? o->st[o->st[o->sn - 1].block].wrap : "p";
}

static void push(struct xt_out *o, int end, const char *wrap,
                 const char *close, int inline_)
{
    int where = o->where;

    if (o->sn == o->scap) {
        o->scap = o->scap ? o->scap * 2 : 64;
        o->st = hw_realloc(o->st, (size_t)o->scap * sizeof *o->st);
    }
    o->st[o->sn] =
        (struct xt_open){end, where, -1, wrap, close, inline_, 0, 0};
    o->st[o->sn].block = !inline_ ? o->sn : o->sn ? o->st[o->sn - 1].block
                                                   : -1;
    o->sn++;
}

/* Close what ends before node i (all, for i < 0). */
static void pop_to(struct xt_out *o, int i)
{
    while (o->sn && (i < 0 || o->st[o->sn - 1].end < i)) {
        struct xt_open *e = &o->st[o->sn - 1];
        if (e->inline_) {
            if (e->close)
                hw_buf_adds(&o->ph, e->close);
            o->sn--;
            continue;
        }
        flush(o, e->wrap);
        if (e->close) {
            settle(o);
            hw_buf_adds(&o->html, e->close);
        }
        if (e->fig)
            o->figs--;
        if (e->row) {
            o->rows--;
            settle(o);
            if (o->row.len)
                add_para(o, o->row.p, o->row.len);
            hw_buf_reset(&o->row);
        }
        o->sn--;
    }
}

/* The length of a Unicode space at s (no-break, en to hair, narrow
 * no-break, ideographic), 0 if there is none. */
static size_t uspace(const unsigned char *s)
{
    if (s[0] == 0xC2 && s[1] == 0xA0)
        return 2;
    if (s[0] == 0xE2 && s[1] == 0x80 &&
        ((s[2] >= 0x80 && s[2] <= 0x8B) || s[2] == 0xAF))
        return 3;
    if (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
        return 3;
    return 0;
}

/* The white space read before the next character of the paragraph:
 * one space. */
static void put_space(struct xt_out *o)
{
    if (o->space) {
        hw_buf_addc(&o->pt, ' ');
        hw_buf_addc(&o->ph, ' ');
        o->space = 0;
    }
}

/* Append byte c of UTF-8 text to the paragraph, counted where a
 * character starts (as link text when link). */
static void put_char(struct xt_out *o, char c, int link)
{
    unsigned char u = (unsigned char)c;

    hw_buf_addc(&o->pt, c);
    html_escape(&o->ph, &c, 1);
    if ((u & 0xC0) != 0x80 && !xt_is_space(u)) {
        o->pchars++;
        o->plink += (uint32_t)link;
    }
}

/* Append text node d to the paragraph, white space collapsed (Unicode
 * spaces too) unless in <pre>. */
static void add_text(struct xt_out *o, const struct xt_node *d)
{
    const char *s = d->g->v.text.text;
    int link = (d->flags & DN_LINK) != 0;

    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (!(d->flags & DN_PRE)) {
            size_t u = xt_is_space(c) ? 1
                       : c >= 0xC2 ? uspace((const unsigned char *)s) : 0;
            if (u) {
                s += u - 1;
                o->space = o->pt.len > 0;
                continue;
            }
        }
        put_space(o);
        if (c == '\r')
            continue;
        put_char(o, (char)c, link);
    }
}

/* An attribute value, escaped, as ` name="value"`. */
static void add_attr(struct hw_buf *b, const char *name, const char *v)
{
    if (!v)
        return;
    hw_buf_printf(b, " %s=\"", name);
    html_escape(b, v, strlen(v));
    hw_buf_addc(b, '"');
}

/* The source of an image: src, or a lazy loader's when src is missing or
 * a placeholder (a data: URI, a 1x1 gif). */
static const char *img_src(const GumboNode *g)
{
    const char *const *lazy = extract_lazy_src;
    const char *s = xt_attr(g, "src");

    if (s && *s && !xt_ci_prefix(s, strlen(s), "data:"))
        return s;
    for (int i = 0; lazy[i]; i++)
        if ((s = xt_attr(g, lazy[i])) != NULL && *s &&
            !xt_ci_prefix(s, strlen(s), "data:"))
            return s;
    return NULL;
}

static void add_img(struct xt_out *o, const GumboNode *g)
{
    const char *src = img_src(g);
    char first[1024];

    if (!src)
        return;
    /* a srcset: its first URL */
    if (strchr(src, ' ') || strchr(src, ',')) {
        size_t n = strcspn(src, " ,");
        if (n == 0 || n >= sizeof first)
            return;
        memcpy(first, src, n);
        first[n] = '\0';
        src = first;
    }
    if (o->space) {
        hw_buf_addc(&o->ph, ' ');
        o->space = 0;
    }
    hw_buf_adds(&o->ph, "<img");
    add_attr(&o->ph, "src", src);
    add_attr(&o->ph, "alt", xt_attr(g, "alt"));
    hw_buf_adds(&o->ph, ">");
    o->has_img = 1;
}

/* The next live sibling of c that is not blank text, or -1. */
static int next_shown(const struct xt_tree *t, int c)
{
    for (c = xt_next_sibling(t, c); c >= 0; c = xt_next_sibling(t, c))
        if (t->live[c] && !(t->v[c].flags & DN_WS))
            return c;
    return -1;
}

/*
 * The containers kept in the HTML: what is written when one opens and
 * when it ends, and the tag of the paragraphs directly inside.  Table
 * parts are kept for data tables only.
 */
static const struct box {
    GumboTag tag;
    const char *open, *close, *wrap;
    int data;
} boxes[] = {
    {GUMBO_TAG_UL, "<ul>", "</ul>", "li", 0},
    {GUMBO_TAG_OL, "<ol>", "</ol>", "li", 0},
    {GUMBO_TAG_LI, "<li>", "</li>", NULL, 0},
    {GUMBO_TAG_BLOCKQUOTE, "<blockquote>", "</blockquote>", "p", 0},
    {GUMBO_TAG_FIGURE, "<figure>", "</figure>", NULL, 0},
    {GUMBO_TAG_TABLE, "<table>", "</table>", "p", 1},
    {GUMBO_TAG_TR, "<tr>", "</tr>", NULL, 1},
    {GUMBO_TAG_TD, "<td>", "</td>", NULL, 1},
    {GUMBO_TAG_TH, "<th>", "</th>", NULL, 1},
    {GUMBO_TAG_CAPTION, "<caption>", "</caption>", NULL, 1},
};

/* The container tag is, in a data table when data; NULL if it is none. */
static const struct box *find_box(GumboTag tag, int data)
{
    for (size_t i = 0; i < sizeof boxes / sizeof boxes[0]; i++)
        if (boxes[i].tag == tag)
            return !boxes[i].data || data ? &boxes[i] : NULL;
    return NULL;
}

static void open_element(struct xt_out *o, const struct xt_tree *t, int i)
{
    const struct xt_node *d = &t->v[i];
    int end = d->end, data = (d->flags & DN_DATA) != 0;
    const struct box *bx;

    switch (d->tag) {
    case GUMBO_TAG_A: case GUMBO_TAG_EM: case GUMBO_TAG_STRONG:
    case GUMBO_TAG_B: case GUMBO_TAG_I: case GUMBO_TAG_SUP:
    case GUMBO_TAG_SUB: case GUMBO_TAG_CODE:
        if ((d->flags & DN_EBLK) || (d->flags & DN_PRE)) {
            push(o, end, NULL, NULL, 1);
            return;
        }
        put_space(o);
        if (d->tag == GUMBO_TAG_A) {
            const char *href = xt_attr(d->g, "href");
            if (!href || href[0] == '#') {
                push(o, end, NULL, NULL, 1);
                return;
            }
            hw_buf_adds(&o->ph, "<a");
            add_attr(&o->ph, "href", href);
            hw_buf_adds(&o->ph, ">");
            push(o, end, NULL, "</a>", 1);
            return;
        }
        {
            const char *n = gumbo_normalized_tagname(d->tag);
            hw_buf_printf(&o->ph, "<%s>", n);
            push(o, end, NULL, d->tag == GUMBO_TAG_EM ? "</em>"
                               : d->tag == GUMBO_TAG_STRONG ? "</strong>"
                               : d->tag == GUMBO_TAG_B ? "</b>"
                               : d->tag == GUMBO_TAG_I ? "</i>"
                               : d->tag == GUMBO_TAG_SUP ? "</sup>"
                               : d->tag == GUMBO_TAG_SUB ? "</sub>"
                                                         : "</code>", 1);
        }
        return;
    default:
        break;
    }
    if (!xt_is_emit_block(d->tag) && !(d->flags & DN_EBLK)) {
        push(o, end, NULL, NULL, 1); /* inline: only its content counts */
        return;
    }
    flush(o, cur_wrap(o));
    if ((bx = find_box(d->tag, data)) != NULL) {
        settle(o); /* HTML is written now */
        hw_buf_adds(&o->html, bx->open);
        push(o, end, bx->wrap, bx->close, 0);
        if (d->tag == GUMBO_TAG_FIGURE) {
            o->st[o->sn - 1].fig = 1;
            o->figs++;
        } else if (d->tag == GUMBO_TAG_TR) {
            o->st[o->sn - 1].row = 1;
            o->rows++;
        }
        return;
    }
    switch (d->tag) {
    case GUMBO_TAG_FIGCAPTION:
        push(o, end, "figcaption", NULL, 0);
        break;
    case GUMBO_TAG_PRE:
        push(o, end, "pre", NULL, 0);
        break;
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
    case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
        push(o, end, d->tag == GUMBO_TAG_H3 ? "h3" : d->tag == GUMBO_TAG_H4
                     ? "h4" : d->tag == GUMBO_TAG_H5 ? "h5"
                     : d->tag == GUMBO_TAG_H6 ? "h6" : "h2", NULL, 0);
        break;
    case GUMBO_TAG_TABLE: case GUMBO_TAG_TR: case GUMBO_TAG_TD:
    case GUMBO_TAG_TH: case GUMBO_TAG_CAPTION: /* a layout table */
        push(o, end, "p", NULL, 0);
        break;
    default:
        push(o, end, in_figure(o) ? NULL : "p", NULL, 0);
        break;
    }
}

/* Write piece k of the article. */
void extract_emit_piece(struct xt_out *o, const struct xt_tree *t,
                        const struct xt_piece *k)
{
    int lo = k->lo, hi = k->hi;

    o->where = t->v[lo].parent;
    if (k->root < 0) /* an inline run: one paragraph */
        push(o, hi, "p", NULL, 0);
    for (int i = lo; i <= hi; i++) {
        const struct xt_node *d = &t->v[i];

        pop_to(o, i);
        if (!t->live[i] || t->drop[i]) {
            i = d->end;
            continue;
        }
        if (d->flags & DN_TEXT) {
            add_text(o, d);
            continue;
        }
        switch (d->tag) {
        case GUMBO_TAG_BR: {
            int nx = next_shown(t, i);
            if (nx >= 0 && t->v[nx].tag == GUMBO_TAG_BR)
                flush(o, cur_wrap(o));
            else if (o->pt.len)
                o->space = 1;
            continue;
        }
        case GUMBO_TAG_HR:
            flush(o, cur_wrap(o));
            continue;
        case GUMBO_TAG_IMG:
            add_img(o, d->g);
            continue;
        case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE: case GUMBO_TAG_FOOTER:
        case GUMBO_TAG_BUTTON: case GUMBO_TAG_SELECT:
        case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_INPUT:
        case GUMBO_TAG_OPTION:
            i = d->end;
            continue;
        default:
            break;
        }
        o->where = d->parent;
        if (i == k->root && k->whole) {
            push(o, d->end, "p", NULL, 0);
            continue;
        }
        open_element(o, t, i);
    }
    pop_to(o, -1);
    flush(o, "p");
    settle(o);
}

/* The articleBody (text or HTML) as paragraphs, into o; 0 if empty. */
int extract_emit_body(const char *body, struct xt_out *o)
{
    struct hw_buf t;
    size_t i = 0;
    int ok = 0;

    hw_buf_init(&t, XT_TEXT_MAX);
    if (strstr(body, "</") || strstr(body, "<p") || strstr(body, "<br") ||
        strstr(body, "<P") || strstr(body, "<BR"))
        feed_html_text(body, strlen(body), &t); /* HTML, not just a '<' */
    else
        hw_buf_add_utf8(&t, body, strlen(body));
    if (!t.err && hw_str_trim((struct hw_str){t.p, t.len}).len > 0) {
        extract_out_reset(o);
        /* a line break ends a paragraph */
        while (i < t.len) {
            size_t e = i;
            while (e < t.len && t.p[e] != '\n')
                e++;
            hw_buf_reset(&o->pt);
            hw_buf_reset(&o->ph);
            for (size_t j = i; j < e; j++) {
                char c = t.p[j];
                if (xt_is_space((unsigned char)c)) {
                    o->space = o->pt.len > 0;
                    continue;
                }
                put_space(o);
                put_char(o, c, 0);
            }
            flush(o, "p");
            i = e + 1;
        }
        settle(o);
        ok = o->text.len > 0;
    }
    hw_buf_release(&t);
    return ok;
}

