/*
 * analyze.c - one article to its entities: nlp_analyze().
 *
 * 1. Mentions.  With the tagger (tagged.c), its entities in title and
 *    text, typed.  With the finder, the text is scanned, then the title,
 *    with the text's scan at hand (mentions.c): a title in Title Case is
 *    cut into the names the text mentions, and a title that opens with a
 *    lone surname ("Lavrov meets Kim Jong Un") keeps it when the text has
 *    it too.  Either way the mentions come as scans (nlp_int.h), so that
 *    what follows is the same.
 * 2. The lead: the text up to the end of its third sentence (sentence.c).
 * 3. Resolution (DESIGN.md "Hashtags").  A short mention - one word, or
 *    two joined by a hyphen ("Kim", "Lavrov", "Jong-Un"), not an acronym -
 *    resolves to a longer mention that contains its words as a contiguous
 *    run, compared word by word on keys ("Kim" and "Kim Jong Un", "Jong-Un"
 *    and "Kim Jong-Un"), when all such mentions are one entity.  Candidates
 *    are the mentions before it (the title counts as before the text; a
 *    short name in the title may resolve to any full name of the article,
 *    since headlines shorten what the text spells out).  Two candidates
 *    ("Kim Jong Un" and "Kim Yo Jong") leave it alone, as its own entity.
 *    Only names guessed PER or UNK are candidates: "Shark" is no short
 *    form of "Shark Fin Sales Elimination Act", nor "Group" of "Crisis
 *    Group"; and a place prefixed by a direction or "New" is none either:
 *    "Korea" is not "North Korea", "Sudan" not "South Sudan".
 * 4. Aggregation by key.  mentions counts every mention, short ones
 *    included; surface is the longest unresolved spelling; display is
 *    nlp_display() of the most frequent unresolved spelling (ties: the
 *    first seen); type is the type most of its mentions have, short ones
 *    included, UNK aside (ties: the first seen).  Entities that make no
 *    hashtag (nlp.h: demonyms, adjectives, common nouns) are left out
 *    unless the caller keeps them all.
 * 5. Salience, in 0..1:
 *        0.40 * in_title + 0.20 * in_lead
 *      + 0.25 * min(1, mentions / 5)
 *      + 0.15 * (1 - first / length)
 *    where first is the byte offset of the first mention in the text (0
 *    when in the title) and length the text's length: the title weighs
 *    most, then the lead, then how often, then how early.  on_page is
 *    in_title || in_lead || mentions >= 2.
 *
 * Entities come out in order of first appearance (title first).  All of
 * a document's strings live in the one block that holds its entity array:
 * one allocation per article, freed by nlp_doc_release().
 */
#include <string.h>

#include "nlp/nlp_int.h"

/* Longest title and text analysed; the rest is ignored. */
#define MAX_TITLE ((size_t)16 * 1024)
#define MAX_TEXT ((size_t)4 * 1024 * 1024)

struct am {
    const struct nlp__scan *s;
    const struct nlp__ment *m;
    int title;
    size_t pos;     /* offset in the text; 0 in the title */
    int root;       /* the mention it resolves to, or -1 */
    int ent;        /* its entity */
    int next;       /* next unresolved mention of the same entity */
};

struct ent {
    struct hw_str key;
    uint32_t hash;
    int first;      /* first unresolved mention */
    int last;
    int mentions, in_title, in_lead;
    size_t pos;
    enum nlp_type type;
    int votes[NLP_MISC + 1];      /* mentions of each type */
    int first_vote[NLP_MISC + 1]; /* the first mention of each type */
    int hashtag;
};

static struct hw_str am_key(const struct am *a)
{
    return nlp__ment_key(a->s, a->m);
}

static struct hw_str am_surface(const struct am *a)
{
    struct hw_str v = {a->s->text + a->m->start, a->m->end - a->m->start};
    return v;
}

static int str_same(struct hw_str a, struct hw_str b)
{
    return a.len == b.len && memcmp(a.p, b.p, a.len) == 0;
}

/* Do the words of short mention b occur, in a row, among those of a? */
static int contains(const struct am *a, const struct am *b)
{
    const struct nlp__ment *x = a->m, *y = b->m;
    uint32_t i, k;

    for (i = 0; i + y->nw <= x->nw; i++) {
        for (k = 0; k < y->nw; k++) {
            const struct nlp__word *p = &a->s->w[x->w0 + i + k];
            const struct nlp__word *q = &b->s->w[y->w0 + k];
            if (p->hash != q->hash || p->klen != q->klen ||
                memcmp(a->s->keys.p + p->koff, b->s->keys.p + q->koff,
                       p->klen))
                break;
        }
        if (k == y->nw)
            return 1;
    }
    return 0;
}

static int is_short(const struct am *a)
{
    const struct nlp__ment *m = a->m;

    if (m->flags & NLP_M_ACRONYM)
        return 0;
    return m->nw == 1 || (m->nw == 2 && (m->flags & NLP_M_HYPHEN));
}

/* The key that mention i stands for. */
static struct hw_str root_key(const struct am *v, int i)
{
    return am_key(&v[v[i].root >= 0 ? v[i].root : i]);
}

static void resolve(struct am *v, size_t n)
{
    size_t j, i;
    int *cand = hw_malloc((n ? n : 1) * sizeof *cand);
    size_t nc = 0;

    /* candidates: mentions of two or more words, one per key */
    for (i = 0; i < n; i++) {
        size_t c;
        if (v[i].m->nw < 2 || (v[i].m->flags & NLP_M_GEOPRE) ||
            (v[i].m->type != NLP_PER && v[i].m->type != NLP_UNK))
            continue;
        for (c = 0; c < nc; c++)
            if (v[cand[c]].m->hash == v[i].m->hash &&
                v[cand[c]].m->nw == v[i].m->nw &&
                str_same(am_key(&v[cand[c]]), am_key(&v[i])))
                break;
        if (c == nc)
            cand[nc++] = (int)i;
    }
    for (j = 0; j < n; j++) {
        int found = -1, many = 0;
        size_t c;

        if (!is_short(&v[j]))
            continue;
        for (c = 0; c < nc && !many; c++) {
            int k = cand[c];
            if (v[k].m->nw <= v[j].m->nw)
                continue;
            /* in the text, only what came before counts */
            if (!v[j].title && (size_t)k > j)
                continue;
            if (!contains(&v[k], &v[j]))
                continue;
            if (found < 0)
                found = k;
            else if (!str_same(root_key(v, found), root_key(v, k)))
                many = 1;
        }
        if (found >= 0 && !many)
            v[j].root = v[found].root >= 0 ? v[found].root : found;
    }
    /* a title mention may point to one resolved after it: follow the
     * chain (it ends, as every step goes to more words) */
    for (j = 0; j < n; j++)
        while (v[j].root >= 0 && v[v[j].root].root >= 0)
            v[j].root = v[v[j].root].root;
    hw_free(cand);
}

/* Find or add the entity of key k; tab is open addressing over ents. */
static int ent_of(struct ent *e, size_t *ne, int *tab, size_t size,
                  struct hw_str k)
{
    uint32_t h = nlp__hash(k.p, k.len);
    size_t i, mask = size - 1;
    int t;

    for (i = h & mask; tab[i] >= 0; i = (i + 1) & mask)
        if (e[tab[i]].hash == h && str_same(e[tab[i]].key, k))
            return tab[i];
    memset(&e[*ne], 0, sizeof e[*ne]);
    e[*ne].key = k;
    e[*ne].hash = h;
    e[*ne].first = e[*ne].last = -1;
    e[*ne].type = NLP_UNK;
    for (t = 0; t <= NLP_MISC; t++)
        e[*ne].first_vote[t] = -1;
    tab[i] = (int)*ne;
    return (int)(*ne)++;
}

/*
 * The most frequent spelling among an entity's unresolved mentions; the
 * spellings cut out of headlines ("BAHIA" in "BAHIA COCOA REVIEW") vote
 * only when there is nothing else.
 */
static int best_display(const struct am *v, const struct ent *e)
{
    int i, j, best = -1, bestc = 0, pass;

    for (pass = 0; pass < 2 && best < 0; pass++) {
        for (i = e->first; i >= 0; i = v[i].next) {
            int c = 0;
            struct hw_str s = am_surface(&v[i]);
            if (pass == 0 && (v[i].m->flags & NLP_M_CUT))
                continue;
            for (j = e->first; j >= 0; j = v[j].next)
                c += str_same(s, am_surface(&v[j]));
            if (c > bestc) {
                bestc = c;
                best = i;
            }
        }
    }
    return best;
}

static int best_surface(const struct am *v, const struct ent *e)
{
    int i, best = e->first;

    for (i = e->first; i >= 0; i = v[i].next)
        if (v[i].m->end - v[i].m->start > v[best].m->end - v[best].m->start)
            best = i;
    return best;
}

/* The first mention of entity k. */
static int first_of(const struct am *v, size_t n, int k)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (v[i].ent == k)
            return (int)i;
    return 0;
}

/* The type most mentions of x have, UNK aside; ties: the first seen. */
static enum nlp_type vote(const struct ent *x)
{
    int t, best = NLP_UNK;

    for (t = NLP_PER; t <= NLP_MISC; t++) {
        if (x->votes[t] == 0)
            continue;
        if (best == NLP_UNK || x->votes[t] > x->votes[best] ||
            (x->votes[t] == x->votes[best] &&
             x->first_vote[t] < x->first_vote[best]))
            best = t;
    }
    return (enum nlp_type)best;
}

static double clamp01(double x)
{
    return x < 0 ? 0 : x > 1 ? 1 : x;
}

int nlp_analyze(const char *title, const char *text, struct nlp_doc *doc)
{
    struct nlp_analyze_opts o = {nlp_tagger(), 0};

    return nlp_analyze_ex(title, text, &o, doc);
}

int nlp_analyze_ex(const char *title, const char *text,
                   const struct nlp_analyze_opts *o, struct nlp_doc *doc)
{
    struct nlp__scan st, sx;
    struct am *v = NULL;
    struct ent *e = NULL;
    int *tab = NULL, *disp = NULL, *surf = NULL;
    size_t tlen, xlen, lead, n = 0, ne = 0, nout = 0, size, i, j, total;
    struct hw_buf dbuf;
    char *block, *p;
    int keep_all = o && o->keep_all;
    int r;

    doc->entities = NULL;
    doc->nentities = 0;
    title = title ? title : "";
    text = text ? text : "";
    tlen = strnlen(title, MAX_TITLE);
    xlen = strnlen(text, MAX_TEXT);
    memset(&st, 0, sizeof st);
    memset(&sx, 0, sizeof sx);

    if (o && o->tagger) {
        r = nlp__scan_tagged(o->tagger, title, tlen, text, xlen, &st, &sx);
    } else {
        r = nlp__scan(&sx, text, xlen, NULL, 0);
        if (r == 0)
            r = nlp__scan(&st, title, tlen, &sx, 1);
    }
    if (r != 0)
        goto out;
    lead = nlp__lead_end(text, xlen, 3);

    /* 1. all mentions, the title's first */
    v = hw_malloc((st.nm + sx.nm + 1) * sizeof *v);
    for (i = 0; i < st.nm; i++, n++) {
        v[n].s = &st;
        v[n].m = &st.m[i];
        v[n].title = 1;
        v[n].pos = 0;
    }
    for (i = 0; i < sx.nm; i++, n++) {
        v[n].s = &sx;
        v[n].m = &sx.m[i];
        v[n].title = 0;
        v[n].pos = sx.m[i].start;
    }
    for (i = 0; i < n; i++)
        v[i].root = v[i].ent = v[i].next = -1;

    /* 2. short names to full names */
    resolve(v, n);

    /* 3. entities by key */
    for (size = 16; size < n * 2; size *= 2)
        ;
    tab = hw_malloc(size * sizeof *tab);
    for (i = 0; i < size; i++)
        tab[i] = -1;
    e = hw_malloc((n ? n : 1) * sizeof *e);
    for (i = 0; i < n; i++) {
        int k = ent_of(e, &ne, tab, size, root_key(v, (int)i));
        struct ent *x = &e[k];

        v[i].ent = k;
        if (x->mentions == 0) /* mentions come in order of position */
            x->pos = v[i].title ? 0 : v[i].pos;
        x->mentions++;
        x->in_title |= v[i].title;
        x->in_lead |= !v[i].title && v[i].m->start < lead;
        if (v[i].m->type <= NLP_MISC) {
            int t = v[i].m->type;
            if (x->votes[t]++ == 0)
                x->first_vote[t] = (int)i;
        }
        if (v[i].root < 0) {
            if (x->last >= 0)
                v[x->last].next = (int)i;
            else
                x->first = (int)i;
            x->last = (int)i;
        }
    }

    /* 4. types, hashtags, display forms, then one block for the array
     *    and its strings */
    hw_buf_init(&dbuf, HW_BUF_NOLIMIT);
    disp = hw_malloc((ne ? ne : 1) * sizeof *disp);
    surf = hw_malloc((ne ? ne : 1) * sizeof *surf);
    total = 0;
    for (i = 0; i < ne; i++) {
        int d;
        struct hw_str s;
        if (e[i].first < 0) /* cannot happen: every root is unresolved */
            e[i].first = e[i].last = first_of(v, n, (int)i);
        e[i].type = vote(&e[i]);
        surf[i] = best_surface(v, &e[i]);
        e[i].hashtag =
            nlp__makes_hashtag(v[surf[i]].s, v[surf[i]].m, e[i].type);
        if (!e[i].hashtag && !keep_all)
            continue;
        d = best_display(v, &e[i]);
        s = am_surface(&v[d]);
        disp[i] = (int)dbuf.len;
        nlp_display(s.p, s.len, &dbuf);
        hw_buf_addc(&dbuf, '\0');
        total +=
            e[i].key.len + 1 + (v[surf[i]].m->end - v[surf[i]].m->start) + 1;
        nout++;
    }
    total += nout * sizeof *doc->entities + dbuf.len;
    if ((r = dbuf.err) != 0 || nout == 0) {
        hw_buf_release(&dbuf);
        goto out;
    }
    block = hw_malloc(total);
    doc->entities = (struct nlp_entity *)(void *)block;
    doc->nentities = nout;
    p = block + nout * sizeof *doc->entities;
    for (i = j = 0; i < ne; i++) {
        struct nlp_entity *ox = &doc->entities[j];
        struct hw_str s = am_surface(&v[surf[i]]);
        const char *d;
        size_t dl;
        double len = xlen ? (double)xlen : 1.0;

        if (!e[i].hashtag && !keep_all)
            continue;
        j++;
        d = dbuf.p + disp[i];
        dl = strlen(d);
        ox->key = p;
        memcpy(p, e[i].key.p, e[i].key.len);
        p += e[i].key.len;
        *p++ = '\0';
        ox->surface = p;
        memcpy(p, s.p, s.len);
        p += s.len;
        *p++ = '\0';
        ox->display = p;
        memcpy(p, d, dl + 1);
        p += dl + 1;
        ox->type = e[i].type;
        ox->mentions = e[i].mentions;
        ox->in_title = e[i].in_title;
        ox->in_lead = e[i].in_lead;
        ox->on_page = ox->in_title || ox->in_lead || ox->mentions >= 2;
        ox->hashtag = e[i].hashtag;
        ox->salience = clamp01(
            0.40 * ox->in_title + 0.20 * ox->in_lead +
            0.25 * clamp01(ox->mentions / 5.0) +
            0.15 * (e[i].in_title ? 1.0 : 1.0 - (double)e[i].pos / len));
    }
    hw_buf_release(&dbuf);
out:
    hw_free(v);
    hw_free(e);
    hw_free(tab);
    hw_free(disp);
    hw_free(surf);
    nlp__scan_release(&st);
    nlp__scan_release(&sx);
    return r;
}

void nlp_doc_release(struct nlp_doc *doc)
{
    if (!doc)
        return;
    hw_free(doc->entities);
    doc->entities = NULL;
    doc->nentities = 0;
}
