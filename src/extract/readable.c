/*
 * readable.c - the main text of a page found as Mozilla's Readability
 * finds it (Readability.js, after Arc90's readability of 2009), on the
 * flat tree of tree.c.
 *
 * Paragraphs of MIN_PARA characters or more score 1 + their commas + a
 * point per 100 characters (at most 3), for five ancestors (in full,
 * half, then a third of the level); an ancestor starts from its tag and
 * class/id hints and is scaled by 1 - link density; the best of the top
 * five may give way to a shared ancestor or a better parent; its
 * siblings join when they score well, share its class or are prose; the
 * result is cleaned (asides, share tools, "fishy" blocks by their counts
 * of paragraphs, images, list items, links); a short result is tried
 * again with fewer rules.  On top of Readability: a page's own
 * articleBody (itemprop, or its one <article>) is preferred to a part of
 * it; page furniture named in class/id is dropped; the JSON-LD
 * articleBody replaces a text that misses most of it; and a result that
 * is mostly links is no article.  Each attempt is a few loops over the
 * tree: linear.
 */
#include <string.h>

#include "extract/extract_int.h"

#define MIN_PARA 25                   /* shorter blocks do not score */
#define MIN_ARTICLE 250               /* less text: maybe no article */
#define MIN_PROSE 80                  /* a sentence, at least */
#define SHARE_MAX 500  /* a "share" block shorter than this is dropped */
#define CHAR_THRESHOLD 500 /* a shorter result is tried again, relaxed */

/* ---- one attempt: live nodes, sums, scores ------------------------------ */

struct flags {
    int strip, weight, clean;
};

static void tree_live(struct xt_tree *t, int strip)
{
    for (int i = 0; i < t->n; i++) {
        const struct xt_node *d = &t->v[i];
        t->live[i] = (d->parent < 0 || t->live[d->parent]) &&
                     !(d->flags & DN_GONE) &&
                     !(strip && (d->flags & DN_UNLIKELY));
        t->drop[i] = 0;
        t->cand[i] = 0;
        t->score[i] = 0;
    }
}

static int is_heading(GumboTag t)
{
    return t == GUMBO_TAG_H1 || t == GUMBO_TAG_H2 || t == GUMBO_TAG_H3 ||
           t == GUMBO_TAG_H4 || t == GUMBO_TAG_H5 || t == GUMBO_TAG_H6;
}

static int is_textish(GumboTag t)
{
    return t == GUMBO_TAG_SPAN || t == GUMBO_TAG_LI || t == GUMBO_TAG_TD ||
           xt_is_div_block(t);
}

/* Readability's _cleanConditionally on node i with sums s; 1 to drop. */
static int fishy(const struct xt_tree *t, int i, const struct xt_agg *s,
                 GumboTag tag, const struct flags *f)
{
    const struct xt_node *d = &t->v[i];
    int weight = f->weight ? d->cw : 0;
    int is_list = tag == GUMBO_TAG_UL || tag == GUMBO_TAG_OL;
    int fig = (d->flags & DN_FIGURE) && tag != GUMBO_TAG_FIGURE;
    double ld, hd, td;
    long li;
    int bad;

    if (!is_list && s->chars && (double)s->list / s->chars > 0.9)
        is_list = 1;
    if ((tag == GUMBO_TAG_TABLE && (d->flags & DN_DATA)) ||
        (d->parent >= 0 && (t->v[d->parent].flags & DN_DATA)) ||
        (d->flags & DN_CODE))
        return 0;
    if (weight < 0)
        return 1;
    if (s->commas >= 10)
        return 0;
    if (s->ad && s->ad == s->chars)
        return 1;
    ld = s->chars ? s->link / s->chars : 0;
    hd = s->chars ? (double)s->heading / s->chars : 0;
    td = s->chars ? (double)s->textish / s->chars : 0;
    li = (long)s->li - 100;
    bad = (!fig && s->img > 1 && (double)s->p / s->img < 0.5) ||
          (!is_list && li > (long)s->p) ||
          ((tag == GUMBO_TAG_FORM || tag == GUMBO_TAG_FIELDSET) &&
           s->input > s->p / 3) ||
          (!is_list && !fig && hd < 0.9 && s->chars < 25 &&
           (s->img == 0 || s->img > 2) && ld > 0) ||
          (!is_list && weight < 25 && ld > 0.2) ||
          (weight >= 25 && ld > 0.5) ||
          (s->img == 0 && td == 0);
    if (bad && is_list && s->img == s->li && s->li > 0)
        bad = 0; /* a list of images stays */
    return bad;
}

/*
 * Sums over the subtrees of lo..hi (children first).  With clean, the
 * article is cleaned as Readability's _prepArticle does, inner nodes
 * before outer ones, so a dropped node no longer counts in its parent:
 * asides, footers, navigation and form controls go; "share" blocks under
 * the top level (root_of_piece) shorter than SHARE_MAX; h1/h2 with a
 * negative class weight; and, with f->clean, fishy forms, tables, lists
 * and divs.
 */
static void tree_sum(struct xt_tree *t, int lo, int hi, int clean, int top,
                     int whole, const struct flags *f)
{
    struct xt_agg *a = t->a;

    for (int i = lo; i <= hi; i++)
        memset(&a[i], 0, sizeof a[i]);
    for (int i = hi; i >= lo; i--) {
        const struct xt_node *d = &t->v[i];
        struct xt_agg *s = &a[i];
        int p = d->parent;
        GumboTag tag = d->tag;

        if (!t->live[i])
            continue;
        if (d->flags & DN_TEXT) {
            s->chars = d->len;
            s->commas = d->commas;
            s->link = (d->flags & DN_HASH) ? 0.3f * (float)d->len
                      : (d->flags & DN_LINK) ? (float)d->len : 0;
            s->ad = (d->flags & DN_AD) ? d->len : 0;
        } else {
            s->p += (tag == GUMBO_TAG_P || (d->flags & DN_ASP)) + t->runs[i];
            s->img += tag == GUMBO_TAG_IMG;
            s->li += tag == GUMBO_TAG_LI;
            s->input += tag == GUMBO_TAG_INPUT;
            if (is_heading(tag))
                s->heading = s->chars;
            if (tag == GUMBO_TAG_UL || tag == GUMBO_TAG_OL)
                s->list = s->chars;
            if (is_textish(tag))
                s->textish = s->chars;
        }
        if (clean && !(d->flags & DN_TEXT)) {
            int drop = 0;
            GumboTag ct = tag;
            if (i == top && !whole && ct != GUMBO_TAG_DIV &&
                ct != GUMBO_TAG_ARTICLE && ct != GUMBO_TAG_SECTION &&
                ct != GUMBO_TAG_P)
                ct = GUMBO_TAG_DIV; /* Readability turns it into a div */
            switch (tag) {
            case GUMBO_TAG_ASIDE: case GUMBO_TAG_FOOTER: case GUMBO_TAG_NAV:
            case GUMBO_TAG_BUTTON: case GUMBO_TAG_SELECT:
            case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_INPUT:
                drop = 1;
                break;
            case GUMBO_TAG_H1: case GUMBO_TAG_H2:
                drop = f->weight && d->cw < 0;
                break;
            default:
                break;
            }
            if (!drop && (d->flags & (DN_SHARE | DN_JUNK)) &&
                !(whole ? p == top : i == top) &&
                s->chars < SHARE_MAX)
                drop = 1;
            if (!drop && f->clean && !(d->flags & (DN_ASP | DN_ONEP)) &&
                (ct == GUMBO_TAG_DIV || ct == GUMBO_TAG_UL ||
                 ct == GUMBO_TAG_TABLE || ct == GUMBO_TAG_FORM ||
                 ct == GUMBO_TAG_FIELDSET))
                drop = fishy(t, i, s, ct, f);
            if (drop) {
                t->drop[i] = 1;
                if (tag == GUMBO_TAG_INPUT && p >= lo)
                    a[p].input++;
                continue;
            }
        }
        if (p >= lo && p <= hi) {
            struct xt_agg *q = &a[p];
            q->chars += s->chars;
            q->commas += s->commas;
            q->link += s->link;
            q->ad += s->ad;
            q->p += s->p;
            q->img += s->img;
            q->li += s->li;
            q->input += s->input;
            q->heading += s->heading;
            q->list += s->list;
            q->textish += s->textish;
        }
    }
}

/* The parent, past divs that Readability replaces by their one <p>. */
static int up(const struct xt_tree *t, int i)
{
    int p = t->v[i].parent;

    while (p >= 0 && (t->v[p].flags & DN_ONEP))
        p = t->v[p].parent;
    return p;
}

static double tag_weight(const struct xt_node *d)
{
    if (d->flags & DN_ASP)
        return 0;
    switch (d->tag) {
    case GUMBO_TAG_DIV:
        return 5;
    case GUMBO_TAG_PRE: case GUMBO_TAG_TD: case GUMBO_TAG_BLOCKQUOTE:
        return 3;
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_OL: case GUMBO_TAG_UL:
    case GUMBO_TAG_DL: case GUMBO_TAG_DD: case GUMBO_TAG_DT:
    case GUMBO_TAG_LI: case GUMBO_TAG_FORM:
        return -3;
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
    case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_TH:
        return -5;
    default:
        return 0;
    }
}

/* Give node a its starting score, unless it has one: its tag and, with
 * f->weight, its class weight. */
static void make_cand(struct xt_tree *t, int a, const struct flags *f)
{
    if (!t->cand[a]) {
        t->cand[a] = 1;
        t->score[a] = (float)(tag_weight(&t->v[a]) +
                              (f->weight ? t->v[a].cw : 0));
    }
}

/* A paragraph of chars characters and commas commas, whose parent is a:
 * its score goes to five ancestors, less at each level. */
static void score_block(struct xt_tree *t, int a, uint32_t chars,
                        uint32_t commas, const struct flags *f)
{
    double s;

    if (chars < MIN_PARA)
        return;
    s = 1.0 + commas + (chars / 100 > 3 ? 3 : chars / 100);
    for (int level = 0; level < 5 && a >= 0; level++, a = up(t, a)) {
        if (t->v[a].parent < 0)
            break; /* <html> */
        make_cand(t, a, f);
        t->score[a] += (float)(s / (level == 0 ? 1 : level == 1 ? 2
                                                 : level * 3));
    }
}

/* Score the inline runs of div i, each read as a paragraph. */
static void score_runs(struct xt_tree *t, int i, const struct flags *f)
{
    uint32_t chars = 0, commas = 0;
    int in_run = 0;

    for (int c = xt_first_child(t, i); c >= 0; c = xt_next_sibling(t, c)) {
        const struct xt_node *k = &t->v[c];
        if (!t->live[c])
            continue;
        if (xt_is_phrasing(k)) {
            if (!in_run && xt_is_ws_node(k))
                continue;
            in_run = 1;
            chars += t->a[c].chars;
            commas += t->a[c].commas;
            continue;
        }
        if (in_run)
            score_block(t, i, chars, commas, f);
        in_run = 0;
        chars = commas = 0;
    }
    if (in_run)
        score_block(t, i, chars, commas, f);
}

static void score_all(struct xt_tree *t, const struct flags *f)
{
    for (int i = 0; i < t->n; i++) {
        const struct xt_node *d = &t->v[i];
        if (!t->live[i] || (d->flags & DN_TEXT))
            continue;
        switch (d->tag) {
        case GUMBO_TAG_SECTION: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
        case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
        case GUMBO_TAG_P: case GUMBO_TAG_TD: case GUMBO_TAG_PRE:
            score_block(t, up(t, i), t->a[i].chars, t->a[i].commas, f);
            break;
        case GUMBO_TAG_DIV:
            if (d->flags & DN_ONEP)
                break;
            if (d->flags & DN_ASP)
                score_block(t, up(t, i), t->a[i].chars, t->a[i].commas, f);
            else
                score_runs(t, i, f);
            break;
        default:
            break;
        }
    }
}

/* ---- picking the article ------------------------------------------------ */

/* The pieces of the article, in document order. */
struct pick {
    struct xt_piece *v;
    int n, cap;
};

static void pick_add(struct pick *k, int root, int lo, int hi, int whole)
{
    if (k->n == k->cap) {
        k->cap = k->cap ? k->cap * 2 : 16;
        k->v = hw_realloc(k->v, (size_t)k->cap * sizeof *k->v);
    }
    k->v[k->n++] = (struct xt_piece){root, lo, hi, whole};
}

/* Live element children of i, up to 2. */
static int child_elements(const struct xt_tree *t, int i)
{
    int n = 0;

    for (int c = xt_first_child(t, i); c >= 0 && n < 2;
         c = xt_next_sibling(t, c))
        if (t->live[c] && !(t->v[c].flags & DN_TEXT))
            n++;
    return n;
}

/* The plain text of nodes lo..hi (live ones), white space collapsed, cut
 * at cap bytes. */
static void range_text(const struct xt_tree *t, int lo, int hi,
                       struct hw_buf *b, size_t cap)
{
    for (int i = lo; i <= hi && b->len < cap; i++) {
        if (!t->live[i]) {
            i = t->v[i].end;
            continue;
        }
        if (t->v[i].flags & DN_TEXT) {
            for (const char *s = t->v[i].g->v.text.text; *s; s++) {
                if (xt_is_space((unsigned char)*s))
                    xt_add_space(b);
                else
                    hw_buf_addc(b, *s);
            }
        }
    }
}

/* Readability's test for a short sibling paragraph: it ends sentences. */
static int has_sentence_end(const struct xt_tree *t, int lo, int hi)
{
    struct hw_buf b;
    int yes = 0;

    hw_buf_init(&b, 4096);
    range_text(t, lo, hi, &b, 400);
    while (b.len && b.p[b.len - 1] == ' ')
        b.len--;
    for (size_t i = 0; i < b.len && !yes; i++)
        yes = b.p[i] == '.' && (i + 1 == b.len || b.p[i + 1] == ' ');
    hw_buf_release(&b);
    return yes;
}

/* Readability's rule for a sibling that is a paragraph (no score). */
static int sibling_para(const struct xt_tree *t, int lo, int hi,
                        uint32_t chars, float link)
{
    double ld = chars ? link / chars : 0;

    if (chars > 80 && ld < 0.25)
        return 1;
    return chars < 80 && chars > 0 && ld == 0 &&
           has_sentence_end(t, lo, hi);
}

/*
 * A page that marks its article body (one element with itemprop
 * articleBody, else one <article>) is believed when the best candidate
 * sits inside that element with less than 80% of its text (and not in a
 * footer or aside of it): the body was split (by ads, by sub-heads) and
 * the scores picked a part of it.
 */
static int prefer_body(struct xt_tree *t, int best, const struct flags *f)
{
    int ab = -1, nab = 0, art = -1, nart = 0;

    for (int i = 0; i < t->n; i++) {
        if (!t->live[i] || (t->v[i].flags & DN_TEXT))
            continue;
        if (t->v[i].tag == GUMBO_TAG_ARTICLE && nart++ == 0)
            art = i;
        if ((t->v[i].flags & DN_ABODY) && nab++ == 0)
            ab = i;
    }
    if (nab != 1) {
        ab = nart == 1 ? art : -1;
        if (ab < 0)
            return best;
    }
    if (best <= ab || best > t->v[ab].end ||
        t->a[best].chars >= 0.8 * t->a[ab].chars ||
        t->a[ab].link > 0.3 * t->a[ab].chars)
        return best;
    /* not when the best is in what the cleaning drops (a footer) */
    for (int a = t->v[best].parent; a > ab; a = t->v[a].parent)
        if (t->v[a].tag == GUMBO_TAG_FOOTER || t->v[a].tag == GUMBO_TAG_ASIDE ||
            t->v[a].tag == GUMBO_TAG_NAV)
            return best;
    make_cand(t, ab, f);
    return ab;
}

/*
 * Readability's choice of the article from the scores: the best of the
 * top five candidates (scaled by 1 - link density); an ancestor shared by
 * three near-equal others instead; a parent scoring higher; a parent of
 * which it is the only child; then the siblings that score well, share
 * its class, or are paragraphs of prose.  No candidate: the whole body.
 */
static void pick_article(struct xt_tree *t, struct pick *k,
                         const struct flags *f)
{
    int top[5], nt = 0, best, parent;
    double threshold, bonus_base;
    const char *cls;

    k->n = 0;
    for (int i = 0; i < t->n; i++) {
        double ld;
        int j;
        if (!t->cand[i])
            continue;
        ld = t->a[i].chars ? t->a[i].link / t->a[i].chars : 0;
        t->score[i] *= (float)(1.0 - ld);
        for (j = nt; j > 0 && t->score[top[j - 1]] < t->score[i]; j--)
            if (j < 5)
                top[j] = top[j - 1];
        if (j < 5) {
            top[j] = i;
            if (nt < 5)
                nt++;
        }
    }
    if (nt == 0 || t->v[top[0]].tag == GUMBO_TAG_BODY) {
        int b = t->body;
        pick_add(k, b, b, t->v[b].end, 1);
        return;
    }
    best = top[0];
    {
        /* an ancestor holding three alternatives near the best */
        int alts = 0;
        for (int j = 1; j < nt; j++) {
            if (t->score[top[j]] / t->score[best] < 0.75)
                continue;
            alts++;
            for (int a = up(t, top[j]); a >= 0; a = up(t, a))
                t->mark[a]++;
        }
        if (alts >= 3)
            for (int a = up(t, best); a >= 0 && a != t->body; a = up(t, a))
                if (t->mark[a] >= 3) {
                    best = a;
                    break;
                }
        for (int j = 1; j < nt; j++)
            if (t->score[top[j]] / t->score[top[0]] >= 0.75)
                for (int a = up(t, top[j]); a >= 0; a = up(t, a))
                    t->mark[a] = 0;
    }
    make_cand(t, best, f);
    {
        /* a parent that scores higher */
        double last = t->score[best], floor_ = last / 3;
        for (int a = up(t, best); a >= 0 && a != t->body; a = up(t, a)) {
            if (!t->cand[a])
                continue;
            if (t->score[a] < floor_)
                break;
            if (t->score[a] > last) {
                best = a;
                break;
            }
            last = t->score[a];
        }
    }
    /* the only child: its parent */
    for (int a = up(t, best); a >= 0 && a != t->body &&
                              child_elements(t, a) == 1;
         a = up(t, a))
        best = a;
    make_cand(t, best, f);

    best = prefer_body(t, best, f);
    parent = up(t, best);
    if (parent < 0) {
        pick_add(k, best, best, t->v[best].end, 0);
        return;
    }
    threshold = t->score[best] * 0.2 > 10 ? t->score[best] * 0.2 : 10;
    bonus_base = t->score[best] * 0.2;
    cls = xt_attr(t->v[best].g, "class");
    for (int c = xt_first_child(t, parent); c >= 0; c = xt_next_sibling(t, c)) {
        const struct xt_node *d = &t->v[c];
        int e = c, take;
        if (!t->live[c])
            continue;
        if ((d->flags & DN_TEXT) || (xt_is_phrasing(d) && !t->cand[c])) {
            /* a run of inline content: a paragraph in a div */
            int lo = c, hi = c;
            uint32_t chars = 0;
            float link = 0;
            if (t->v[parent].tag != GUMBO_TAG_DIV || xt_is_ws_node(d))
                continue;
            for (int x = c; x >= 0 && (!t->live[x] || xt_is_phrasing(&t->v[x]));
                 x = xt_next_sibling(t, x)) {
                hi = t->v[x].end;
                c = x;
                if (!t->live[x])
                    continue;
                chars += t->a[x].chars;
                link += t->a[x].link;
            }
            if (sibling_para(t, lo, hi, chars, link))
                pick_add(k, -1, lo, hi, 0);
            continue;
        }
        while (t->v[e].flags & DN_ONEP) {
            int x = xt_first_child(t, e);
            while (x >= 0 && t->v[x].tag != GUMBO_TAG_P)
                x = xt_next_sibling(t, x);
            if (x < 0)
                break;
            e = x;
        }
        take = c == best || e == best;
        if (!take && t->cand[e]) {
            const char *sc = xt_attr(t->v[e].g, "class");
            double bonus = cls && cls[0] && sc && strcmp(sc, cls) == 0
                               ? bonus_base : 0;
            take = t->score[e] + bonus >= threshold;
        }
        if (!take && (t->v[e].tag == GUMBO_TAG_P ||
                      (t->v[e].flags & DN_ASP)))
            take = sibling_para(t, e, t->v[e].end, t->a[e].chars,
                                t->a[e].link);
        if (take)
            pick_add(k, e, e, t->v[e].end, 0);
    }
}

/* ---- the attempts ------------------------------------------------------ */

/* One attempt with flags f: scores, the pick, the cleaning, the text. */
static void attempt(struct xt_tree *t, const struct flags *f, struct pick *k,
                    struct xt_out *o)
{
    tree_live(t, f->strip);
    tree_sum(t, 0, t->n - 1, 0, -1, 0, f);
    score_all(t, f);
    pick_article(t, k, f);
    for (int j = 0; j < k->n; j++)
        tree_sum(t, k->v[j].lo, k->v[j].hi, 1, k->v[j].root, k->v[j].whole,
                 f);
    extract_out_reset(o);
    for (int j = 0; j < k->n; j++)
        extract_emit_piece(o, t, &k->v[j]);
}

/*
 * Readability's retries: a result shorter than CHAR_THRESHOLD is tried
 * again without removing unlikely candidates, then without class
 * weights, then without conditional cleaning; if none is long enough the
 * longest wins.  Unlike Readability, text in links does not count here:
 * a result that is mostly links (a menu) is no success, and the longest
 * is the one with the most text outside links, times the share of such
 * text.  Each attempt is linear in the page.
 */
void extract_find_article(struct xt_tree *t, struct xt_out *o)
{
    static const struct flags tries[] = {
        {1, 1, 1}, {0, 1, 1}, {0, 0, 1}, {0, 0, 0},
    };
    struct pick k = {NULL, 0, 0};
    double best_len = 0;
    int best = 0, last = -1;

    if (t->n == 0 || !t->body) {
        hw_free(k.v);
        return;
    }
    for (int a = 0; a < 4; a++) {
        double own;
        attempt(t, &tries[a], &k, o);
        last = a;
        /* text out of links, weighed by its share of the text */
        own = o->chars ? (double)(o->chars - o->link) *
                             (double)(o->chars - o->link) / (double)o->chars
                       : 0;
        if (o->text.len >= CHAR_THRESHOLD && o->link * 2 <= o->chars) {
            best = a;
            break;
        }
        if (own > best_len) {
            best_len = own;
            best = a;
        }
    }
    if (best != last)
        attempt(t, &tries[best], &k, o);
    hw_free(k.v);
}

/* ---- JSON-LD articleBody as a cross-check ------------------------------ */

/*
 * Many publishers put the whole article text in the JSON-LD articleBody
 * (others a teaser, or nothing).  When the body is long and the text
 * found in the page holds less than half of its words, the page was read
 * wrong (a script-built page, a body the scorer missed) and the body is
 * the better text (extract_use_body() has the rule).  Words are compared
 * as a multiset of hashes in an open-addressing table: linear.
 */
#define BODY_MIN 500  /* a shorter articleBody is likely a teaser */

struct wset {
    uint64_t *key;
    uint32_t *n;
    size_t cap;
};

static int word_byte(unsigned char c)
{
    return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' &&
                                                   (c | 0x20) <= 'z');
}

/* Call f on every word of s[0..n) (runs of ASCII letters, digits and
 * non-ASCII bytes). */
static size_t for_words(const char *s, size_t n,
                        void (*f)(struct wset *, uint64_t, size_t *),
                        struct wset *w, size_t *acc)
{
    size_t words = 0, i = 0;

    while (i < n) {
        size_t b;
        while (i < n && !word_byte((unsigned char)s[i]))
            i++;
        for (b = i; i < n && word_byte((unsigned char)s[i]); i++)
            ;
        if (i > b) {
            words++;
            f(w, xt_hash(s + b, i - b, 1), acc);
        }
    }
    return words;
}

static size_t ws_slot(const struct wset *w, uint64_t h)
{
    size_t i = (size_t)(h ^ (h >> 29)) & (w->cap - 1);

    while (w->key[i] && w->key[i] != h)
        i = (i + 1) & (w->cap - 1);
    return i;
}

static void ws_add(struct wset *w, uint64_t h, size_t *acc)
{
    size_t i = ws_slot(w, h);

    (void)acc;
    w->key[i] = h;
    w->n[i]++;
}

static void ws_take(struct wset *w, uint64_t h, size_t *acc)
{
    size_t i = ws_slot(w, h);

    if (w->key[i] && w->n[i]) {
        w->n[i]--;
        (*acc)++;
    }
}

/* The share of the words of a found in b (as multisets). */
static double words_in(const char *a, size_t an, const char *b, size_t bn)
{
    struct wset w;
    size_t words = 0, common = 0, acc = 0;

    /* every word is at least two bytes with its separator */
    for (w.cap = 64; w.cap < an; w.cap *= 2)
        ;
    w.key = hw_calloc(w.cap, sizeof *w.key);
    w.n = hw_calloc(w.cap, sizeof *w.n);
    words = for_words(a, an, ws_add, &w, &acc);
    for_words(b, bn, ws_take, &w, &common);
    hw_free(w.key);
    hw_free(w.n);
    return words ? (double)common / (double)words : 0;
}

/*
 * Is the articleBody the better text?  When it is long (BODY_MIN) or
 * more than twice what was found, and the text found holds less than
 * half of its words; or when nothing was found.
 */
int extract_use_body(const char *body, const struct xt_out *o, int rc)
{
    size_t n = strlen(body);

    if (n < MIN_PROSE || (n < BODY_MIN && n < 2 * o->text.len))
        return 0;
    return rc != 0 || words_in(body, n, o->text.p, o->text.len) < 0.5;
}

/*
 * Is what was found an article?  Not when it is mostly link text (a
 * menu), nor when a quarter of its paragraphs or more are headings that
 * are links (teasers: a linked headline and a summary, over and over),
 * unless the page says it is an article.  A short text (under
 * MIN_ARTICLE) is one when the page says it is an article or a video
 * (og:type, article:published_time, JSON-LD), whose text may be a few
 * lines; when it is most of what the page has to say; or when it is at
 * least a sentence of prose.
 */
int extract_is_article(const struct xt_tree *t, const struct xt_out *o,
                       int is_content)
{
    double own, page;

    if (o->text.len == 0 || o->chars == 0)
        return 0;
    if ((double)o->link / (double)o->chars > 0.5)
        return 0;
    if (!is_content && o->linked_heads >= 3 &&
        o->linked_heads * 4 >= o->paras)
        return 0;
    if (o->text.len >= MIN_ARTICLE || is_content)
        return 1;
    own = (double)(o->chars - o->link);
    page = (double)t->body_chars - t->body_link;
    return own >= 0.4 * page ||
           (own >= MIN_PROSE && memchr(o->text.p, '.', o->text.len));
}

