/*
 * tree.c - the page as a flat tree, with the facts about each node that
 * do not change from one attempt to the next.
 *
 * The document is copied once into an array in document order
 * (pre-order): the subtree of node i is i..end, and a parent comes before
 * its children.  Every later pass is a loop over the array: forward loops
 * see parents first, backward loops children first (so the sums over all
 * subtrees take one pass), and no pass recurses, whatever the depth.
 * Elements whose content is never text (script, style, svg, ...) and
 * hidden ones are left out.
 */
#include <string.h>

#include "extract/extract_int.h"

#define NODES_MAX (1 << 21)

/* Case-insensitive: does s contain needle? */
static int ci_has(const char *s, const char *needle)
{
    size_t n = strlen(needle);

    for (; *s; s++) {
        size_t i = 0;
        while (i < n && s[i] && xt_lower((unsigned char)s[i]) == needle[i])
            i++;
        if (i == n)
            return 1;
    }
    return 0;
}

/* Lower-case copy of s (may be NULL) into buf, cut to cap - 1 bytes. */
static char *lower_copy(const char *s, char *buf, size_t cap)
{
    size_t n = 0;

    for (; s && *s && n + 1 < cap; s++)
        buf[n++] = (char)xt_lower((unsigned char)*s);
    buf[n] = '\0';
    return buf;
}

/* Elements left out of the tree with all they hold. */
static int is_void_of_text(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE:
    case GUMBO_TAG_SVG: case GUMBO_TAG_CANVAS: case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED: case GUMBO_TAG_APPLET:
    case GUMBO_TAG_FRAMESET: case GUMBO_TAG_FRAME: case GUMBO_TAG_MATH:
    case GUMBO_TAG_RT: case GUMBO_TAG_RP:
        return 1;
    default:
        return 0;
    }
}

/* The attributes the extractor looks at, read in one pass. */
struct eattr {
    const char *cls, *id, *role, *rel, *itemprop, *href, *style, *ahidden,
        *amodal;
    int hidden;
};

static void read_attrs(const GumboNode *g, struct eattr *e)
{
    const GumboVector *v = &g->v.element.attributes;

    memset(e, 0, sizeof *e);
    for (unsigned i = 0; i < v->length; i++) {
        const GumboAttribute *a = v->data[i];
        const char *n = a->name;
        switch (n[0]) {
        case 'a':
            if (strcmp(n, "aria-hidden") == 0)
                e->ahidden = a->value;
            else if (strcmp(n, "aria-modal") == 0)
                e->amodal = a->value;
            break;
        case 'c':
            if (strcmp(n, "class") == 0)
                e->cls = a->value;
            break;
        case 'h':
            if (strcmp(n, "href") == 0)
                e->href = a->value;
            else if (strcmp(n, "hidden") == 0)
                e->hidden = 1;
            break;
        case 'i':
            if (strcmp(n, "id") == 0)
                e->id = a->value;
            else if (strcmp(n, "itemprop") == 0)
                e->itemprop = a->value;
            break;
        case 'r':
            if (strcmp(n, "role") == 0)
                e->role = a->value;
            else if (strcmp(n, "rel") == 0)
                e->rel = a->value;
            break;
        case 's':
            if (strcmp(n, "style") == 0)
                e->style = a->value;
            break;
        default:
            break;
        }
    }
}

/* Readability's _isProbablyVisible, and modal dialogs. */
static int is_hidden(const struct eattr *e)
{
    char buf[1024];

    if (e->hidden)
        return 1;
    if (e->style) {
        size_t k = 0;
        lower_copy(e->style, buf, sizeof buf);
        /* white space inside the declaration is allowed */
        for (size_t j = 0; buf[j]; j++)
            if (!xt_is_space((unsigned char)buf[j]))
                buf[k++] = buf[j];
        buf[k] = '\0';
        if (strstr(buf, "display:none") || strstr(buf, "visibility:hidden"))
            return 1;
    }
    if (e->ahidden && xt_ci_eq(e->ahidden, "true") &&
        (!e->cls ||
         !strstr(lower_copy(e->cls, buf, sizeof buf), "fallback-image")))
        return 1;
    return e->role && xt_ci_eq(e->role, "dialog") && e->amodal &&
           xt_ci_eq(e->amodal, "true");
}

static int is_unlikely_role(const char *role)
{
    static const char *const roles[] = {
        "menu", "menubar", "complementary", "navigation", "alert",
        "alertdialog", "dialog", NULL,
    };
    for (int i = 0; role && roles[i]; i++)
        if (xt_ci_eq(role, roles[i]))
            return 1;
    return 0;
}

/* Readability's adWords and loadingWords: a block that says only this. */
static int is_ad_text(const char *s, size_t n)
{
    static const char *const words[] = {
        "ad", "ads", "advertising", "advertisement", "pub", "publicité",
        "werbung", "anzeige", "广告", "Реклама", "anuncio", "loading",
        "loading...", "loading…", "chargement", "cargando", NULL,
    };
    struct hw_str t = hw_str_trim((struct hw_str){s, n});

    if (t.len == 0 || t.len > 20)
        return 0;
    for (int i = 0; words[i]; i++)
        if (hw_str_ieq(t, words[i]))
            return 1;
    return 0;
}

/* Length of a text node, a run of white space counted once. */
static void text_len(const char *s, uint32_t *len, uint32_t *commas,
                     int *ws_only)
{
    uint32_t n = 0, c = 0;
    int in_ws = 0, any = 0;

    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (xt_is_space(*p)) {
            if (!in_ws)
                n++;
            in_ws = 1;
            continue;
        }
        in_ws = 0;
        any = 1;
        if ((*p & 0xC0) != 0x80)
            n++;
        if (*p == ',')
            c++;
        else if (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8C)
            c++; /* U+FF0C fullwidth comma */
        else if (p[0] == 0xD8 && p[1] == 0x8C)
            c++; /* U+060C Arabic comma */
        else if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x81)
            c++; /* U+3001 ideographic comma */
    }
    *len = n;
    *commas = c;
    *ws_only = !any;
}

static int tree_add(struct xt_tree *t, const GumboNode *g, int parent)
{
    struct xt_node *d;

    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 1024;
        t->v = hw_realloc(t->v, (size_t)t->cap * sizeof *t->v);
    }
    d = &t->v[t->n];
    memset(d, 0, sizeof *d);
    d->g = g;
    d->parent = parent;
    d->end = t->n;
    d->tag = GUMBO_TAG_UNKNOWN;
    if (parent >= 0)
        d->flags = t->v[parent].flags & (DN_LINK | DN_HASH | DN_PRE |
                                         DN_TABLE | DN_CODE | DN_FIGURE);
    return t->n++;
}

/* The static facts of element i: tag, inherited context, hints. */
static void tree_element(struct xt_tree *t, int i, const struct eattr *e)
{
    struct xt_node *d = &t->v[i];
    const GumboNode *g = d->g;
    char lc[4096], li[1024]; /* a class may run long: read it all */
    unsigned fc, fi;

    d->tag = g->v.element.tag;
    switch (d->tag) {
    case GUMBO_TAG_A:
        /* javascript: links are text to Readability */
        if (!e->href || !xt_ci_prefix(e->href, strlen(e->href), "javascript:"))
            d->flags |= DN_LINK;
        if (e->href && e->href[0] == '#')
            d->flags |= DN_HASH;
        break;
    case GUMBO_TAG_PRE: d->flags |= DN_PRE; break;
    case GUMBO_TAG_TABLE: d->flags |= DN_TABLE; break;
    case GUMBO_TAG_CODE: d->flags |= DN_CODE; break;
    case GUMBO_TAG_FIGURE: d->flags |= DN_FIGURE; break;
    default: break;
    }
    fc = e->cls ? extract_hint_scan(lower_copy(e->cls, lc, sizeof lc)) : 0;
    fi = e->id ? extract_hint_scan(lower_copy(e->id, li, sizeof li)) : 0;
    if (e->cls)
        d->cw += extract_hint_weight(lc, fc);
    if (e->id)
        d->cw += extract_hint_weight(li, fi);
    if ((((fc | fi) & XT_H_UNLIKELY) && !((fc | fi) & XT_H_MAYBE) &&
         !(d->flags & (DN_TABLE | DN_CODE)) && d->tag != GUMBO_TAG_A) ||
        is_unlikely_role(e->role)) {
        if (d->tag != GUMBO_TAG_BODY && d->tag != GUMBO_TAG_HTML)
            d->flags |= DN_UNLIKELY;
    }
    if ((e->cls && extract_hint_share(lc)) || (e->id && extract_hint_share(li)))
        d->flags |= DN_SHARE;
    if ((fc | fi) & XT_H_JUNK)
        d->flags |= DN_JUNK;
    if (e->itemprop && ci_has(e->itemprop, "articlebody"))
        d->flags |= DN_ABODY;
    if ((e->rel && xt_ci_eq(e->rel, "author")) ||
        (e->itemprop && ci_has(e->itemprop, "author")) ||
        ((fc | fi) & XT_H_BYLINE))
        d->flags |= DN_BYLINE;
}

struct bstack {
    const GumboNode *g;
    int parent;
};

/*
 * Copy the document under root into t.  At most NODES_MAX nodes; a page
 * with more is cut there (every node of it is kept in order, so the cut
 * only loses the end).
 */
void extract_tree_build(struct xt_tree *t, const GumboNode *root)
{
    struct bstack *s = NULL;
    size_t sn = 0, scap = 0;
    struct eattr ea;

    memset(t, 0, sizeof *t);
    s = hw_malloc((scap = 256) * sizeof *s);
    s[sn++] = (struct bstack){root, -1};
    while (sn && t->n < NODES_MAX) {
        struct bstack it = s[--sn];
        const GumboNode *g = it.g;
        const GumboVector *k;
        int i;

        if (xt_is_text(g)) {
            int ws;
            i = tree_add(t, g, it.parent);
            t->v[i].flags |= DN_TEXT;
            text_len(g->v.text.text, &t->v[i].len, &t->v[i].commas, &ws);
            if (ws)
                t->v[i].flags |= DN_WS;
            else if (is_ad_text(g->v.text.text, strlen(g->v.text.text)))
                t->v[i].flags |= DN_AD;
            continue;
        }
        if (g->type != GUMBO_NODE_ELEMENT ||
            is_void_of_text(g->v.element.tag))
            continue;
        read_attrs(g, &ea);
        if (is_hidden(&ea))
            continue;
        i = tree_add(t, g, it.parent);
        tree_element(t, i, &ea);
        if (t->v[i].tag == GUMBO_TAG_BODY && !t->body)
            t->body = i;
        k = xt_kids(g);
        if (sn + k->length > scap) {
            while (sn + k->length > scap)
                scap *= 2;
            s = hw_realloc(s, scap * sizeof *s);
        }
        for (unsigned j = k->length; j-- > 0;)
            s[sn++] = (struct bstack){k->data[j], i};
    }
    hw_free(s);
}

static int isword(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_';
}

/* Is w[0..n) one of the words of s (ASCII case-insensitive)? */
static int has_word(const char *s, const char *w, size_t n)
{
    while (*s) {
        const char *b;
        while (*s && !isword((unsigned char)*s))
            s++;
        for (b = s; isword((unsigned char)*s); s++)
            ;
        if ((size_t)(s - b) == n) {
            size_t i = 0;
            while (i < n && xt_lower((unsigned char)b[i]) ==
                                xt_lower((unsigned char)w[i]))
                i++;
            if (i == n)
                return 1;
        }
    }
    return 0;
}

/* Readability's textSimilarity(a, b): the share of b's words in a. */
static double similarity(const char *a, const char *b)
{
    size_t lb = 0, ub = 0;
    const char *p = b;

    if (!a || !b)
        return 0;
    while (*p) {
        const char *s;
        size_t n;
        while (*p && !isword((unsigned char)*p))
            p++;
        if (!*p)
            break;
        for (s = p; isword((unsigned char)*p); p++)
            ;
        n = (size_t)(p - s);
        lb += n + (lb ? 1 : 0);
        if (!has_word(a, s, n))
            ub += n + (ub ? 1 : 0);
    }
    return lb ? 1.0 - (double)ub / (double)lb : 0;
}

/*
 * The static facts that need a subtree: where each subtree ends, block
 * and phrasing content inside, divs that read as paragraphs, data tables,
 * the byline and the heading that repeats the title (both left out, the
 * first of each, as Readability does; only the first 64 h1 and h2 are
 * compared with the title, to bound the work).  title may be NULL.
 */
void extract_tree_finish(struct xt_tree *t, const char *title,
                         const char *title2)
{
    int *rows, *cols, *cells, byline = 0, dup = 0, headings = 0;
    unsigned char *hint;
    struct xt_agg *a;

    t->live = hw_calloc((size_t)t->n + 1, 1);
    t->drop = hw_calloc((size_t)t->n + 1, 1);
    t->cand = hw_calloc((size_t)t->n + 1, 1);
    t->mark = hw_calloc((size_t)t->n + 1, sizeof *t->mark);
    t->runs = hw_calloc((size_t)t->n + 1, sizeof *t->runs);
    t->score = hw_calloc((size_t)t->n + 1, sizeof *t->score);
    t->a = a = hw_calloc((size_t)t->n + 1, sizeof *t->a);
    rows = hw_calloc((size_t)t->n + 1, sizeof *rows);
    cols = hw_calloc((size_t)t->n + 1, sizeof *cols);
    cells = hw_calloc((size_t)t->n + 1, sizeof *cells);
    hint = hw_calloc((size_t)t->n + 1, 1); /* 1 data hint, 2 a table */

    /*
     * Children before parents.  A data table (Readability's
     * _markDataTables): a summary, a caption, th, thead, tfoot, col or
     * colgroup inside; else no table inside and 10 rows, 5 columns or
     * more than 10 cells.
     */
    for (int i = t->n - 1; i >= 0; i--) {
        struct xt_node *d = &t->v[i];
        int p = d->parent;
        GumboTag tag = d->tag;

        if (d->flags & DN_TEXT) {
            a[i].chars = d->len;
            a[i].link = (d->flags & DN_LINK) ? (float)d->len : 0;
        } else if (tag == GUMBO_TAG_TR) {
            rows[i]++;
            if (cells[i] > cols[i])
                cols[i] = cells[i];
        } else if (tag == GUMBO_TAG_TABLE) {
            const char *role = xt_attr(d->g, "role"), *dt = xt_attr(d->g,
                                                              "datatable");
            int data;
            if ((role && xt_ci_eq(role, "presentation")) ||
                (dt && strcmp(dt, "0") == 0))
                data = 0;
            else if (xt_attr(d->g, "summary") || (hint[i] & 1))
                data = 1;
            else if (hint[i] & 2)
                data = 0;
            else
                data = rows[i] >= 10 || cols[i] > 4 ||
                       (long)rows[i] * cols[i] > 10;
            if (data)
                d->flags |= DN_DATA;
        }
        if (p < 0)
            continue;
        if (d->end > t->v[p].end)
            t->v[p].end = d->end;
        if (xt_is_div_block(tag) || (d->flags & DN_BLOCKS))
            t->v[p].flags |= DN_BLOCKS;
        if (!xt_is_phrasing(d))
            t->v[p].flags |= DN_NONPHR;
        if (xt_is_emit_block(tag) || (d->flags & DN_EBLK))
            t->v[p].flags |= DN_EBLK;
        a[p].chars += a[i].chars;
        a[p].link += a[i].link;
        hint[p] |= hint[i];
        if (tag == GUMBO_TAG_TH || tag == GUMBO_TAG_THEAD ||
            tag == GUMBO_TAG_TFOOT || tag == GUMBO_TAG_COL ||
            tag == GUMBO_TAG_COLGROUP ||
            (tag == GUMBO_TAG_CAPTION && xt_first_child(t, i) >= 0))
            hint[p] |= 1;
        if (tag == GUMBO_TAG_TABLE)
            hint[p] |= 2;
        rows[p] += rows[i];
        if (cols[i] > cols[p])
            cols[p] = cols[i];
        if (t->v[p].tag == GUMBO_TAG_TR &&
            (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH))
            cells[p]++;
    }
    hw_free(rows);
    hw_free(cols);
    hw_free(cells);
    hw_free(hint);
    if (t->body) {
        t->body_chars = a[t->body].chars;
        t->body_link = a[t->body].link;
    }

    /* parents before children */
    for (int i = 0; i < t->n; i++) {
        struct xt_node *d = &t->v[i];
        int p = d->parent;

        if (p >= 0 && (t->v[p].flags & DN_DATA))
            d->flags |= DN_DATA;
        if (d->flags & DN_TEXT)
            continue;
        if (!byline && (d->flags & DN_BYLINE) && a[i].chars > 0 &&
            a[i].chars < 100) {
            d->flags |= DN_GONE;
            byline = 1;
        }
        if (!dup && (d->tag == GUMBO_TAG_H1 || d->tag == GUMBO_TAG_H2) &&
            a[i].chars < 1000 && headings++ < 64) {
            char *h = extract_node_text(d->g);
            if (h && (similarity(title, h) > 0.75 ||
                      similarity(title2, h) > 0.75)) {
                d->flags |= DN_GONE;
                dup = 1;
            }
            hw_free(h);
        }
        if (d->tag == GUMBO_TAG_DIV) {
            int runs = 0, in_run = 0, nonphr = 0, onep = 0;
            double ld = a[i].chars ? a[i].link / a[i].chars : 0;
            for (int c = xt_first_child(t, i); c >= 0;
                 c = xt_next_sibling(t, c)) {
                const struct xt_node *k = &t->v[c];
                if (xt_is_phrasing(k)) {
                    if (!in_run && !xt_is_ws_node(k))
                        in_run = 1, runs++;
                    continue;
                }
                in_run = 0;
                nonphr++;
                onep = k->tag == GUMBO_TAG_P;
            }
            t->runs[i] = (uint32_t)runs;
            if (runs == 0 && nonphr == 1 && onep && ld < 0.25)
                d->flags |= DN_ONEP;
            else if (runs == 1 && nonphr == 0 && ld < 0.25)
                d->flags |= DN_ASP;
            else if (runs == 0 && !(d->flags & DN_BLOCKS))
                d->flags |= DN_ASP;
        }
    }
}

void extract_tree_free(struct xt_tree *t)
{
    hw_free(t->v);
    hw_free(t->live);
    hw_free(t->drop);
    hw_free(t->cand);
    hw_free(t->mark);
    hw_free(t->runs);
    hw_free(t->score);
    hw_free(t->a);
}

