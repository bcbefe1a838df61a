/*
 * tagged.c - the trained tagger behind nlp_analyze(): which model the
 * process uses (nlp_tagger(), nlp_set_tagger()), the tagger's mentions
 * laid out as the scanner's (nlp__scan_tagged()) so that analyze.c
 * resolves and aggregates them exactly as it does the finder's, and the
 * rule of what makes a hashtag (nlp__makes_hashtag()).
 *
 * From tagger spans to scan mentions.  A span's words are its runs of
 * bytes between white space and hyphens, each keyed with nlp_key(); a
 * word whose key is empty ("&") is no word, so a mention's key is still
 * the concatenation of its words' keys.  Dropped: spans without a word,
 * one-word spans that are a function word or a common sentence opener
 * of the lexicon ("According", "Separately"; an ALL CAPS "US" is no
 * "us"), and such words at the end of a longer span.  A span with
 * words joined by a hyphen is cut in two at that hyphen when each half
 * is, by key, a mention of the same article on its own or ends in a
 * country of the lexicon ("North Korea-Russia", "US-China"; not
 * "Khasan-Tumen").
 *
 * Titles (nlp.h, nlp_analyze_ex()).  Title Case is recognised word by
 * word: a title with at least two capitalised words and no lowercase
 * word but function words of the lexicon, one-letter words and words
 * after a hyphen ("Jong-un", "Russia-led") is in Title Case.  Such a
 * title is cut into the names the text's mentions confirm: its tokens
 * (token.h: clitics and punctuation apart, so "Jong-Un's" gives "Jong",
 * "Un") are matched leftmost-longest against the word keys of the text's
 * mentions, a match never crossing punctuation and always starting at a
 * capitalised word; a capitalised word left over that is one of the
 * words of a person's name in the text becomes a one-word person.  When
 * the text has no mentions at all, the title is tagged alone.
 *
 * Cost: one tagger call per article (title and text together), one key
 * per word of a mention, and a hash set of the mentions' keys for the
 * hyphen rule; the title match is words times text mentions, both
 * capped.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "nlp/ner.h"
#include "nlp/nlp_int.h"
#include "nlp/token.h"

/* Words of one mention at most; the rest of a longer span is cut off. */
#define MAX_MWORDS NLP_MAX_RUN
/* Tokens of a title looked at, at most. */
#define MAX_TITLE_TOKENS 4096

/* ---- the process-wide tagger ----------------------------------------- */

static pthread_mutex_t tagger_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t tagger_once = PTHREAD_ONCE_INIT;
static int tagger_overridden; /* nlp_set_tagger() was called */
static const struct nlp_ner *tagger_set;
static struct nlp_ner *tagger_default; /* opened here, never closed */

static void open_default(void)
{
    const char *e = getenv("HASHWIRE_TAGGER");
    struct hw_diag d;
    int r;

    if (e && strcmp(e, "finder") == 0)
        return;
    memset(&d, 0, sizeof d);
    r = nlp_ner_open_default(&tagger_default, &d);
    if (r != 0) {
        tagger_default = NULL;
        if (r != HW_ENOTFOUND)
            hw_warn("ner model: %s: %s; using the proper-noun finder", d.where,
                    d.why);
    }
}

void nlp_set_tagger(const struct nlp_ner *m)
{
    pthread_mutex_lock(&tagger_lock);
    tagger_overridden = 1;
    tagger_set = m;
    pthread_mutex_unlock(&tagger_lock);
}

const struct nlp_ner *nlp_tagger(void)
{
    const struct nlp_ner *m;
    int over;

    pthread_mutex_lock(&tagger_lock);
    over = tagger_overridden;
    m = tagger_set;
    pthread_mutex_unlock(&tagger_lock);
    if (over)
        return m;
    pthread_once(&tagger_once, open_default);
    return tagger_default;
}

/* ---- characters and words -------------------------------------------- */

/* Decode the code point at t[i..n); *l gets its length (1 for a bad
 * byte, which comes back as U+FFFD). */
static uint32_t cp_at(const char *t, size_t n, size_t i, size_t *l)
{
    uint32_t cp;
    int k;

    if ((unsigned char)t[i] < 0x80) {
        *l = 1;
        return (unsigned char)t[i];
    }
    k = hw_utf8_decode(t + i, n - i, &cp);
    if (k == 0) {
        *l = 1;
        return 0xFFFD;
    }
    *l = (size_t)k;
    return cp;
}

static int is_hyphen(uint32_t cp)
{
    return cp == '-' || cp == 0x2010 || cp == 0x2011;
}

/* White space or a hyphen: what separates the words of a name. */
static int is_sep(uint32_t cp)
{
    return is_hyphen(cp) || (nlp__cp_class(cp) & NLP_C_SPACE);
}

/* Word flags, worked out from a word's bytes. */
enum {
    WF_CAP = 1,     /* first letter uppercase */
    WF_LOWER = 2,   /* first letter lowercase */
    WF_ALLCAPS = 4, /* two or more letters, none lowercase */
    WF_INNERCAP = 8 /* an uppercase letter after the first ("iPhone") */
};

static unsigned word_flags(const char *t, size_t a, size_t b)
{
    unsigned f = 0, letters = 0, lower = 0, first = 1;
    size_t i = a, l;

    while (i < b) {
        unsigned c = nlp__cp_class(cp_at(t, b, i, &l));
        if (c & (NLP_C_UPPER | NLP_C_LOWER)) {
            letters++;
            if (c & NLP_C_UPPER) {
                if (first)
                    f |= WF_CAP;
                else
                    f |= WF_INNERCAP;
            } else {
                lower++;
                if (first)
                    f |= WF_LOWER;
            }
            first = 0;
        } else if (c & NLP_C_WORD) {
            first = 0;
        }
        i += l;
    }
    if (letters >= 2 && lower == 0)
        f |= WF_ALLCAPS;
    return f;
}

/* Lexicon classes of the word t[a..b) (0 for non-ASCII and long words). */
static uint32_t word_lex(const char *t, size_t a, size_t b)
{
    return b - a < 32 ? nlp__lex(t + a, b - a) : 0;
}

/* A word of the lexicon that is never a name alone: a function word or
 * a common sentence opener; in ALL CAPS only the real stop words. */
static int hard_word(const char *t, size_t a, size_t b)
{
    uint32_t lx = word_lex(t, a, b);

    if (!(lx & NLP_L_HARD))
        return 0;
    return !(word_flags(t, a, b) & WF_ALLCAPS) || (lx & NLP_L_CAPSTOP);
}

/* Append word t[a..b) to s with its key; 0 when its key is empty. */
static int add_word(struct nlp__scan *s, size_t a, size_t b)
{
    struct nlp__word *w;
    size_t off = s->keys.len;

    nlp__key_append(s->text + a, b - a, &s->keys);
    if (s->keys.len == off)
        return 0;
    if (s->nw == s->wcap) {
        s->wcap = s->wcap ? s->wcap * 2 : 64;
        s->w = hw_realloc(s->w, s->wcap * sizeof *s->w);
    }
    w = &s->w[s->nw++];
    w->start = a;
    w->end = b;
    w->koff = (uint32_t)off;
    w->klen = (uint32_t)(s->keys.len - off);
    w->hash = nlp__hash(s->keys.p + off, w->klen);
    return 1;
}

/* 1 if a hyphen stands between words p and q (p before q) of s. */
static int hyphen_between(const struct nlp__scan *s, const struct nlp__word *p,
                          const struct nlp__word *q)
{
    size_t i = p->end, l;

    while (i < q->start) {
        if (is_hyphen(cp_at(s->text, q->start, i, &l)))
            return 1;
        i += l;
    }
    return 0;
}

/* The flags resolution reads, from the words of m. */
static uint16_t ment_flags(const struct nlp__scan *s, const struct nlp__ment *m)
{
    uint16_t f = 0;
    uint32_t k;

    for (k = 0; k < m->nw; k++) {
        const struct nlp__word *w = &s->w[m->w0 + k];
        unsigned wf = word_flags(s->text, w->start, w->end);
        if (wf & WF_ALLCAPS)
            f |= NLP_M_ACRONYM;
        if (wf & WF_LOWER)
            f |= NLP_M_LOWER;
        if (k > 0 && hyphen_between(s, w - 1, w))
            f |= NLP_M_HYPHEN;
    }
    if (m->nw > 0 &&
        (word_lex(s->text, s->w[m->w0].start, s->w[m->w0].end) & NLP_L_GEOPRE))
        f |= NLP_M_GEOPRE;
    return f;
}

/* A new mention of s over its words [w0, w0 + nw); NULL when full. */
static struct nlp__ment *add_ment(struct nlp__scan *s, uint32_t w0, uint32_t nw,
                                  enum nlp_type type, uint16_t extra)
{
    struct nlp__ment *m;
    const struct nlp__word *a = &s->w[w0], *b = &s->w[w0 + nw - 1];

    if (s->nm >= NLP_MAX_MENTIONS)
        return NULL;
    if (s->nm == s->mcap) {
        s->mcap = s->mcap ? s->mcap * 2 : 32;
        s->m = hw_realloc(s->m, s->mcap * sizeof *s->m);
    }
    m = &s->m[s->nm++];
    memset(m, 0, sizeof *m);
    m->start = a->start;
    m->end = b->end;
    m->w0 = w0;
    m->nw = nw;
    m->koff = a->koff;
    m->klen = b->koff + b->klen - a->koff;
    m->hash = nlp__hash(s->keys.p + m->koff, m->klen);
    m->type = (uint16_t)type;
    m->flags = (uint16_t)(ment_flags(s, m) | extra);
    return m;
}

/* Add the tagger's span [a, b) of s->text as a mention, unless it has no
 * word or is a lone function word. */
static void add_span(struct nlp__scan *s, size_t a, size_t b,
                     enum nlp_type type)
{
    size_t i = a, start = a, l = 1, w0 = s->nw;
    uint32_t nw = 0;

    if (s->nm >= NLP_MAX_MENTIONS)
        return;
    while (i <= b && nw < MAX_MWORDS) {
        int sep = i == b || is_sep(cp_at(s->text, b, i, &l));
        if (i == b)
            l = 1;
        if (sep) {
            if (i > start)
                nw += (uint32_t)add_word(s, start, i);
            start = i + l;
        }
        i += l;
    }
    /* no name ends in a function word ("Choi Save Without the ...") */
    while (nw > 1 &&
           hard_word(s->text, s->w[w0 + nw - 1].start, s->w[w0 + nw - 1].end)) {
        nw--;
        s->nw--;
    }
    if (nw == 0)
        return;
    if (nw == 1 && hard_word(s->text, s->w[w0].start, s->w[w0].end)) {
        s->nw = w0; /* the words go with it; their keys stay unused */
        return;
    }
    add_ment(s, (uint32_t)w0, nw, type, 0);
}

static void scan_init(struct nlp__scan *s, const char *text, size_t len)
{
    memset(s, 0, sizeof *s);
    s->text = text ? text : "";
    s->len = len;
    hw_buf_init(&s->keys, len * 20 + 4096);
}

/* ---- the hyphen rule ------------------------------------------------- */

/* The keys of every mention of an article, for the hyphen rule. */
struct keyset {
    struct kent {
        const char *p;
        uint32_t len, hash;
        uint16_t type, used;
    } * tab;
    size_t size; /* power of two */
};

static void keyset_add(struct keyset *ks, const struct nlp__scan *s,
                       const struct nlp__ment *m)
{
    size_t i, mask = ks->size - 1;

    for (i = m->hash & mask; ks->tab[i].used; i = (i + 1) & mask)
        if (ks->tab[i].hash == m->hash && ks->tab[i].len == m->klen &&
            memcmp(ks->tab[i].p, s->keys.p + m->koff, m->klen) == 0)
            return;
    ks->tab[i].p = s->keys.p + m->koff;
    ks->tab[i].len = m->klen;
    ks->tab[i].hash = m->hash;
    ks->tab[i].type = m->type;
    ks->tab[i].used = 1;
}

/* The type of the mention whose key is p[0..len), or -1 if none. */
static int keyset_type(const struct keyset *ks, const char *p, uint32_t len)
{
    uint32_t h = nlp__hash(p, len);
    size_t i, mask = ks->size - 1;

    for (i = h & mask; ks->tab[i].used; i = (i + 1) & mask)
        if (ks->tab[i].hash == h && ks->tab[i].len == len &&
            memcmp(ks->tab[i].p, p, len) == 0)
            return ks->tab[i].type;
    return -1;
}

/* Is w a country of the lexicon ("Korea", "Russia", "US", not "Us")? */
static int country(const struct nlp__scan *s, const struct nlp__word *w)
{
    size_t n = w->end - w->start;

    if (!(word_lex(s->text, w->start, w->end) & NLP_L_COUNTRY))
        return 0;
    return n > 3 || (word_flags(s->text, w->start, w->end) & WF_ALLCAPS);
}

/* Cut the hyphenated mentions of s whose halves are names of the
 * article on their own: the left half takes the mention's place, the
 * right half is appended (s->m is sorted again afterwards). */
static void split_hyphens(struct nlp__scan *s, const struct keyset *ks)
{
    size_t i, n = s->nm;

    for (i = 0; i < n; i++) {
        struct nlp__ment m = s->m[i];
        uint32_t k;

        if (!(m.flags & NLP_M_HYPHEN) || s->nm + 1 >= NLP_MAX_MENTIONS)
            continue;
        for (k = 1; k < m.nw; k++) {
            const struct nlp__word *a = &s->w[m.w0 + k - 1];
            const struct nlp__word *b = &s->w[m.w0 + k];
            const struct nlp__word *z = &s->w[m.w0 + m.nw - 1];
            int lt, rt;

            if (!hyphen_between(s, a, b))
                continue;
            lt =
                keyset_type(ks, s->keys.p + m.koff, a->koff + a->klen - m.koff);
            rt = keyset_type(ks, s->keys.p + b->koff,
                             z->koff + z->klen - b->koff);
            if (lt < 0 && country(s, a))
                lt = NLP_LOC;
            if (rt < 0 && country(s, z))
                rt = NLP_LOC;
            if (lt < 0 || rt < 0)
                continue;
            /* the left half takes m's place, the right half is added */
            {
                struct nlp__ment *l =
                    add_ment(s, m.w0, k, (enum nlp_type)lt, 0);
                s->m[i] = *l;
                s->nm--;
                add_ment(s, m.w0 + k, m.nw - k, (enum nlp_type)rt, 0);
            }
            break;
        }
    }
}

static int cmp_ment(const void *a, const void *b)
{
    const struct nlp__ment *x = a, *y = b;

    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->w0 < y->w0 ? -1 : x->w0 > y->w0;
}

static void apply_hyphen_rule(struct nlp__scan *st, struct nlp__scan *sx)
{
    struct keyset ks;
    size_t i, total = st->nm + sx->nm;

    if (total < 2)
        return;
    for (ks.size = 16; ks.size < total * 2; ks.size *= 2)
        ;
    ks.tab = hw_calloc(ks.size, sizeof *ks.tab);
    for (i = 0; i < st->nm; i++)
        keyset_add(&ks, st, &st->m[i]);
    for (i = 0; i < sx->nm; i++)
        keyset_add(&ks, sx, &sx->m[i]);
    split_hyphens(st, &ks);
    split_hyphens(sx, &ks);
    hw_free(ks.tab);
    if (st->nm > 1)
        qsort(st->m, st->nm, sizeof *st->m, cmp_ment);
    if (sx->nm > 1)
        qsort(sx->m, sx->nm, sizeof *sx->m, cmp_ment);
}

/* ---- titles ---------------------------------------------------------- */

/* 1 if the title t[0..n) is in Title Case (see the top of the file). */
static int title_case(const char *t, size_t n)
{
    size_t i = 0, l, last_end = (size_t)-1, joined = (size_t)-1;
    int caps = 0;

    while (i < n) {
        uint32_t cp = cp_at(t, n, i, &l);
        size_t a;
        unsigned f;

        if (!(nlp__cp_class(cp) & NLP_C_WORD)) {
            if (is_hyphen(cp) && i == last_end)
                joined = i + l; /* a word starting there is joined */
            i += l;
            continue;
        }
        a = i;
        while (i < n && (nlp__cp_class(cp_at(t, n, i, &l)) & NLP_C_WORD))
            i += l;
        last_end = i;
        f = word_flags(t, a, i);
        if (f & WF_CAP)
            caps++;
        else if ((f & WF_LOWER) && a != joined && i - a > 1 &&
                 !(word_lex(t, a, i) & NLP_L_HARD))
            return 0; /* a lowercase content word: sentence case */
    }
    return caps >= 2;
}

/* Per title word: a break (punctuation, a clitic) before it, and its
 * flags. */
struct tword {
    uint8_t brk;
    uint8_t cap;
};

/* Do the words of mention q of x equal title words w[0 .. q->nw)? */
static int words_match(const struct nlp__scan *x, const struct nlp__ment *q,
                       const struct nlp__scan *s, const struct nlp__word *w)
{
    uint32_t k;

    for (k = 0; k < q->nw; k++) {
        const struct nlp__word *a = &x->w[q->w0 + k], *b = &w[k];
        if (a->hash != b->hash || a->klen != b->klen ||
            memcmp(x->keys.p + a->koff, s->keys.p + b->koff, a->klen))
            return 0;
    }
    return 1;
}

/* Is title word w one of the words of a person's name in x? */
static int in_person_name(const struct nlp__scan *x, const struct nlp__scan *s,
                          const struct nlp__word *w)
{
    size_t i;
    uint32_t k;

    for (i = 0; i < x->nm; i++) {
        const struct nlp__ment *q = &x->m[i];
        if (q->type != NLP_PER || q->nw < 2)
            continue;
        for (k = 0; k < q->nw; k++) {
            const struct nlp__word *a = &x->w[q->w0 + k];
            if (a->hash == w->hash && a->klen == w->klen &&
                memcmp(x->keys.p + a->koff, s->keys.p + w->koff, a->klen) == 0)
                return 1;
        }
    }
    return 0;
}

/* Title Case title s->text: its words, then the names x confirms. */
static int title_from_text(struct nlp__scan *s, const struct nlp__scan *x)
{
    struct nlp_tokens ts;
    struct tword *tw = NULL;
    size_t i, j, cap = 0;
    int brk = 1;

    nlp_tokens_init(&ts, MAX_TITLE_TOKENS);
    nlp_tokenize(s->text, s->len, &ts); /* HW_ELIMIT keeps the first */
    for (i = 0; i < ts.n; i++) {
        const struct nlp_token *t = &ts.t[i];
        size_t p, start, l = 1;
        int first = 1;

        if ((t->kind != NLP_TOK_WORD && t->kind != NLP_TOK_NUM) ||
            (t->flags & NLP_TOKF_CLITIC)) {
            brk = 1;
            continue;
        }
        /* a token's words: split at hyphens, no break between them */
        for (p = start = t->start; p <= t->end; p += l) {
            int sep = p == t->end || is_hyphen(cp_at(s->text, t->end, p, &l));
            if (p == t->end)
                l = 1;
            if (!sep)
                continue;
            if (p > start && add_word(s, start, p)) {
                if (s->nw > cap) {
                    cap = s->wcap;
                    tw = hw_realloc(tw, cap * sizeof *tw);
                }
                tw[s->nw - 1].brk = (uint8_t)(brk && first);
                tw[s->nw - 1].cap =
                    (word_flags(s->text, start, p) & WF_CAP) != 0;
                first = 0;
            }
            start = p + l;
        }
        brk = 0;
    }
    nlp_tokens_release(&ts);

    for (i = 0; i < s->nw && s->nm < NLP_MAX_MENTIONS;) {
        const struct nlp__ment *best = NULL;
        size_t run = 1; /* words from i without a break */

        if (!tw[i].cap) {
            i++;
            continue;
        }
        while (i + run < s->nw && run < MAX_MWORDS && !tw[i + run].brk)
            run++;
        for (j = 0; j < x->nm; j++) {
            const struct nlp__ment *q = &x->m[j];
            if (q->nw > run || (best && q->nw <= best->nw))
                continue;
            if (words_match(x, q, s, &s->w[i]))
                best = q;
        }
        if (best) {
            add_ment(s, (uint32_t)i, best->nw, (enum nlp_type)best->type,
                     NLP_M_CUT);
            i += best->nw;
            continue;
        }
        if (!hard_word(s->text, s->w[i].start, s->w[i].end) &&
            in_person_name(x, s, &s->w[i]))
            add_ment(s, (uint32_t)i, 1, NLP_PER, NLP_M_CUT);
        i++;
    }
    hw_free(tw);
    return s->keys.err;
}

/* ---- the scan -------------------------------------------------------- */

/* Tag buf[0..n) and add the mentions inside [a, b) to s, shifted by -a. */
static void add_found(struct nlp__scan *s, const struct nlp_mention *ms,
                      size_t nms, size_t a, size_t b)
{
    size_t i;

    for (i = 0; i < nms; i++)
        if (ms[i].start >= a && ms[i].end <= b && ms[i].start < ms[i].end)
            add_span(s, ms[i].start - a, ms[i].end - a, ms[i].type);
}

int nlp__scan_tagged(const struct nlp_ner *m, const char *title, size_t tlen,
                     const char *text, size_t xlen, struct nlp__scan *st,
                     struct nlp__scan *sx)
{
    struct nlp_mention *ms = NULL;
    size_t nms = 0;
    int tc, r;

    scan_init(st, title, tlen);
    scan_init(sx, text, xlen);
    tc = tlen > 0 && title_case(title, tlen);
    if (tlen > 0 && !tc && xlen > 0) {
        /* title, a blank line, text: one document */
        char *buf = hw_malloc(tlen + 2 + xlen);
        memcpy(buf, title, tlen);
        buf[tlen] = '\n';
        buf[tlen + 1] = '\n';
        memcpy(buf + tlen + 2, text, xlen);
        r = nlp_ner_find(m, buf, tlen + 2 + xlen, &ms, &nms);
        if (r == 0) {
            add_found(st, ms, nms, 0, tlen);
            add_found(sx, ms, nms, tlen + 2, tlen + 2 + xlen);
        }
        hw_free(buf);
    } else {
        r = xlen > 0 ? nlp_ner_find(m, text, xlen, &ms, &nms) : 0;
        if (r == 0)
            add_found(sx, ms, nms, 0, xlen);
        if (r == 0 && tlen > 0) {
            if (tc && sx->nm > 0) {
                r = title_from_text(st, sx);
            } else {
                hw_free(ms);
                ms = NULL;
                r = nlp_ner_find(m, title, tlen, &ms, &nms);
                if (r == 0)
                    add_found(st, ms, nms, 0, tlen);
            }
        }
    }
    hw_free(ms);
    if (r != 0)
        return r;
    apply_hyphen_rule(st, sx);
    if (st->keys.err)
        return st->keys.err;
    return sx->keys.err;
}

/* ---- what makes a hashtag -------------------------------------------- */

/* Does the ASCII word t[a..b) end like an adjective of nationality or
 * creed (a plural -s allowed)? */
static int adjective_ending(const char *t, size_t a, size_t b)
{
    static const char *const ends[] = {"ian", "ean", "can", "ese",
                                       "ish", "ic",  "ist", "i"};
    char w[32];
    size_t n = b - a, i, k;

    if (n >= sizeof w || n < 4)
        return 0;
    for (i = 0; i < n; i++) {
        char c = t[a + i];
        if ((unsigned char)c >= 0x80)
            return 0;
        w[i] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    }
    /* a plural -s, but "Olympics" is a noun and "Swiss" no plural */
    if (w[n - 1] == 's' && !(w[n - 2] == 'c' && w[n - 3] == 'i') &&
        w[n - 2] != 's')
        n--;
    for (k = 0; k < sizeof ends / sizeof ends[0]; k++) {
        size_t e = strlen(ends[k]);
        if (n > e + 1 && memcmp(w + n - e, ends[k], e) == 0)
            return 1;
    }
    return 0;
}

/* A demonym or a direction ("Russian", "Russians", "North"). */
static int demonym_word(const char *t, size_t a, size_t b)
{
    uint32_t lx = word_lex(t, a, b);

    if (lx & (NLP_L_DEMONYM | NLP_L_DIR))
        return 1;
    return b - a > 1 && (t[b - 1] == 's' || t[b - 1] == 'S') &&
           (word_lex(t, a, b - 1) & NLP_L_DEMONYM);
}

int nlp__makes_hashtag(const struct nlp__scan *s, const struct nlp__ment *m,
                       enum nlp_type t)
{
    uint32_t k;
    int proper = 0, adjectives = 1, noun = 0;

    for (k = 0; k < m->nw; k++) {
        const struct nlp__word *w = &s->w[m->w0 + k];
        unsigned f = word_flags(s->text, w->start, w->end);
        int adj =
            demonym_word(s->text, w->start, w->end) ||
            (t == NLP_MISC && adjective_ending(s->text, w->start, w->end));

        if (!(f & WF_LOWER) || (f & WF_INNERCAP))
            proper = 1;
        if (!adj)
            adjectives = 0;
        if ((f & (WF_CAP | WF_INNERCAP)) && !adj &&
            !hard_word(s->text, w->start, w->end))
            noun = 1;
        if (!(f & (WF_CAP | WF_LOWER)) && !adj)
            noun = 1; /* digits, caseless scripts */
    }
    if (!proper || adjectives)
        return 0;
    return t != NLP_MISC || noun;
}
