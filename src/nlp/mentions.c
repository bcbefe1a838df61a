/*
 * mentions.c - the proper-noun phrase finder: nlp_find_mentions() and the
 * scanner nlp__scan() that nlp_analyze() builds on.
 *
 * One pass over the UTF-8 text reads words (letters, marks and digits,
 * with apostrophes inside them, dotted acronyms like "U.S." and "AT&T")
 * and the gaps between them (a space, a hyphen, or anything else, which
 * breaks).  Capitalised words form runs, joined by spaces or hyphens
 * ("Kim Jong Un", "Kim Jong-un", "Khasan-Tumen"), by lowercase particles
 * between capitalised words ("Bank of England", "Mohammed bin Salman") and
 * by the short lowercase syllable of Korean given names ("Jong-un",
 * "Jae-in").  A possessive 's ends a run and is not part of it.  A run is
 * broken by capitalised function words ("The", "In", "To"), and a hyphen
 * between two country names splits it ("North Korea-Russia").
 *
 * Each finished run is cut and cleaned:
 *   - a title with its descriptors is cut off the name it introduces
 *     ("Russian Defence Minister Sergei Shoigu" -> "Sergei Shoigu", typed
 *     PER; "U.S. President Joe Biden" -> "U.S." and "Joe Biden"), but a
 *     title after a name stays in it ("Stephen King");
 *   - month and weekday names at the start are dropped ("Saturday");
 *   - runs of demonyms and directions are not entities ("Russian", "North
 *     Korean", "Russian-North Korean");
 *   - a single capitalised word at the start of a sentence is kept only if
 *     the same word is also capitalised somewhere not at a sentence start
 *     ("Lavrov was seen ..." is kept when "Sergey Lavrov" occurs; "Experts
 *     believe ..." is not), or it is an acronym, a country, an organisation
 *     or a first name of the lexicon.
 *
 *   - a weekday or month at the end is dropped ("Bermuda Wednesday"),
 *     unless it is also a name ("Theresa May");
 *   - "of" joins only after one word or a word that ends organisations and
 *     places ("Bank of England", "United States of America"), not after a
 *     person ("Marco Rubio of Florida").
 *
 * A sentence-initial single word needs a second sighting: capitalised
 * where no sentence starts, and never in lowercase ("Shark meat ..." next
 * to "shark fin soup" and "Shark Fin Sales Act" is no name).  The
 * lowercase words go into a Bloom filter as they are read.
 *
 * Headlines make every word look like a name.  A stretch of words with
 * no lowercase content word between them that holds two or more
 * capitalised function words ("10 Cheap Fish That Are Absolutely Not
 * Worth Buying Kim Jong-Un's love ...") is Title Case, and so is a title
 * without one lowercase content word ("How North Korea Is Giving Russia
 * an Edge").  Those runs are cut into the names that the rest of the text
 * (and, for a title, the article's text) mentions in ordinary sentences,
 * leftmost-longest, and what none explains is dropped ("Ethically Dubious
 * Soup Kim Jong-Un Loves" -> "Kim Jong-Un").  When nothing else is known
 * the runs are kept as they are.  ALL CAPS phrases with a long word
 * ("RUSSIAN FOREIGN MINISTRY") are treated the same way.

 * The type is a guess: PER after a title or a role noun ("leader Kim Jong
 * Un") or with a known first name; LOC, ORG or MISC from the last word
 * ("... Sea", "... Group", "... Act") or the lexicon; ORG for a lone
 * acronym; else UNK.
 *
 * Cost: one pass; a hash lookup per capitalised word and per short
 * lowercase word; no allocation per word; ASCII never leaves the fast
 * path.  About 70 MB/s on news text on one core.
 */
#include <stdlib.h>
#include <string.h>

#include "nlp/nlp_int.h"

/* Words longer than this are never part of a name. */
#define MAX_WORD 128
/* Longest text scanned; the rest is ignored (keys fit in 32 bits). */
#define MAX_SCAN ((size_t)64 * 1024 * 1024)
/* Pool entries examined per word when cutting Title Case runs. */
#define MAX_CHAIN 64

/* Word flags. */
enum {
    W_CAP = 1u << 0,     /* first letter uppercase */
    W_LOWER = 1u << 1,   /* first letter lowercase */
    W_DIGIT = 1u << 2,   /* starts with a digit */
    W_ALLCAPS = 1u << 3, /* two or more letters, none lowercase */
    W_POSS = 1u << 4,    /* a possessive 's was cut off */
    W_DOTTED = 1u << 5,  /* "U.S.", the final period included */
    W_INITIAL = 1u << 6, /* first word of a sentence */
    W_SINGLE = 1u << 7,  /* one capital letter: an initial, "I", "A" */
    W_ASCII = 1u << 8,
    W_CONN = 1u << 9,    /* a lowercase particle inside a run */
    W_LONG = 1u << 10    /* longer than MAX_WORD */
};

/* The gap before a word. */
enum { G_SPACE, G_HYPHEN, G_BREAK };

struct rword {
    size_t start, end; /* end excludes a possessive */
    uint32_t hash;     /* nlp__hash() of the bytes [start, end) */
    uint32_t lex;
    uint16_t f;
    uint8_t gap;
};

struct state {
    struct nlp__scan *s;
    struct rword run[NLP_MAX_RUN];
    size_t nrun;
    int run_per;            /* the run follows a role noun */
    struct rword prev;      /* the word before the current one */
    int have_prev;
    size_t raw_end;         /* where the last word read ended */
    size_t sent_m;          /* first mention of the current sentence */
    unsigned cap, lower;    /* its capitalised and lowercase words */
    unsigned allcaps, anylower; /* its ALL CAPS and lowercase words */
    size_t stretch_m;       /* first mention since a lowercase word */
    unsigned s_caphard, s_cap; /* capitalised function and other words */
    int full;               /* NLP_MAX_MENTIONS reached */
};

/* ---- small helpers --------------------------------------------------- */

/* nlp__cp_class() of the ASCII characters, for the hot loop. */
#define U_ (NLP_C_WORD | NLP_C_UPPER)
#define L_ (NLP_C_WORD | NLP_C_LOWER)
#define D_ (NLP_C_WORD | NLP_C_DIGIT)
#define S_ NLP_C_SPACE
static const uint8_t ascii_cls[128] = {
    0,  0,  0,  0,  0,  0,  0,  0,  0,  S_, S_, S_, S_, S_, 0,  0,
    0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    S_, 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    D_, D_, D_, D_, D_, D_, D_, D_, D_, D_, 0,  0,  0,  0,  0,  0,
    0,  U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_,
    U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, 0,  0,  0,  0,  0,
    0,  L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_,
    L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, 0,  0,  0,  0,  0,
};
#undef U_
#undef L_
#undef D_
#undef S_

static int ascii_alnum(unsigned char c)
{
    return c < 0x80 && (ascii_cls[c] & NLP_C_WORD);
}

/* Classes of the code point at s (n > 0 bytes); *l gets its length. */
static unsigned cls_at(const char *s, size_t n, size_t *l)
{
    unsigned char c = (unsigned char)s[0];
    uint32_t cp;
    int k;

    if (c < 0x80) {
        *l = 1;
        return ascii_cls[c];
    }
    k = hw_utf8_decode(s, n, &cp);
    if (k == 0) {
        *l = 1;
        return 0;
    }
    *l = (size_t)k;
    return nlp__cp_class(cp);
}

static int word_at(const char *s, size_t n)
{
    size_t l;

    return n > 0 && (cls_at(s, n, &l) & NLP_C_WORD);
}

/* Byte length of a right single quote (’) at s, or 0. */
static size_t rsquo(const char *s, size_t n)
{
    return n >= 3 && (unsigned char)s[0] == 0xE2 &&
                   (unsigned char)s[1] == 0x80 &&
                   (unsigned char)s[2] == 0x99
               ? 3
               : 0;
}

/* Length of a quote character at s, or 0. */
static size_t quote_len(const char *s, size_t n)
{
    unsigned char c = (unsigned char)s[0];

    if (c == '"' || c == '\'')
        return 1;
    if (n >= 3 && c == 0xE2 && (unsigned char)s[1] == 0x80 &&
        (unsigned char)s[2] >= 0x98 && (unsigned char)s[2] <= 0x9F)
        return 3;
    if (n >= 2 && c == 0xC2 &&
        ((unsigned char)s[1] == 0xAB || (unsigned char)s[1] == 0xBB))
        return 2;
    return 0;
}

/* 1 if the next word after pos (past spaces and an opening quote) is a
 * capitalised function word: then a period before it ends a sentence. */
static int next_is_hard(const char *t, size_t len, size_t pos)
{
    size_t k;

    while (pos < len && (t[pos] == ' ' || t[pos] == '\t' || t[pos] == '\n' ||
                         t[pos] == '\r'))
        pos++;
    if (pos < len) {
        size_t q = quote_len(t + pos, len - pos);
        pos += q;
    }
    if (pos >= len || !(t[pos] >= 'A' && t[pos] <= 'Z'))
        return 0;
    for (k = pos; k < len && ascii_alnum((unsigned char)t[k]); k++)
        ;
    if (k < len && (unsigned char)t[k] >= 0x80)
        return 0;
    return (nlp__lex(t + pos, k - pos) & NLP_L_HARD) != 0;
}

static uint32_t wlex(const struct state *st, const struct rword *w)
{
    if (!(w->f & W_ASCII) || (w->f & W_LONG))
        return 0;
    if ((w->f & W_LOWER) && w->end - w->start <= 4)
        return nlp__lex_short(st->s->text + w->start, w->end - w->start);
    return nlp__lex(st->s->text + w->start, w->end - w->start);
}

static int word_is(const struct state *st, const struct rword *w,
                   const char *lit)
{
    size_t n = strlen(lit);

    return w->end - w->start == n &&
           memcmp(st->s->text + w->start, lit, n) == 0;
}

/* ---- the set of capitalised words ------------------------------------ */

static void capset_put(struct nlp__capset *c, uint32_t h, size_t start,
                       size_t len)
{
    size_t i, mask;

    if (c->size == 0 || (c->count + 1) * 2 > c->size) {
        struct nlp__capset n = {NULL, c->size ? c->size * 2 : 64, 0, c->text};
        n.tab = hw_calloc(n.size, sizeof *n.tab);
        for (i = 0; i < c->size; i++)
            if (c->tab[i].len)
                capset_put(&n, c->tab[i].hash, c->tab[i].start,
                           c->tab[i].len);
        hw_free(c->tab);
        *c = n;
    }
    mask = c->size - 1;
    for (i = h & mask;; i = (i + 1) & mask) {
        struct nlp__capent *e = &c->tab[i];
        if (e->len == 0) {
            e->hash = h;
            e->len = (uint32_t)len;
            e->start = start;
            c->count++;
            return;
        }
        if (e->hash == h && e->len == len &&
            memcmp(c->text + e->start, c->text + start, len) == 0)
            return;
    }
}

static int capset_has(const struct nlp__capset *c, const char *p, size_t len)
{
    uint32_t h;
    size_t i, mask;

    if (c->size == 0)
        return 0;
    h = nlp__hash(p, len);
    mask = c->size - 1;
    for (i = h & mask; c->tab[i].len; i = (i + 1) & mask) {
        const struct nlp__capent *e = &c->tab[i];
        if (e->hash == h && e->len == len &&
            memcmp(c->text + e->start, p, len) == 0)
            return 1;
    }
    return 0;
}

/* ---- the lowercase words ------------------------------------------- */

/* The two bits of the Bloom filter for a word's hash. */
static void lower_bits(const struct nlp__scan *s, uint32_t h, size_t *a,
                       size_t *b)
{
    uint32_t g = ((h >> 16) | (h << 16)) * 0x9E3779B1u;

    *a = h & (s->lower_bits - 1);
    *b = g & (s->lower_bits - 1);
}

static void lower_put(struct nlp__scan *s, uint32_t h)
{
    size_t a, b;

    lower_bits(s, h, &a, &b);
    s->lower[a / 64] |= (uint64_t)1 << (a % 64);
    s->lower[b / 64] |= (uint64_t)1 << (b % 64);
}

/* 1 if p[0..n) may have been seen in lowercase (Bloom filter). */
static int lower_has(const struct nlp__scan *s, const char *p, size_t n)
{
    size_t a, b;

    if (!s->lower)
        return 0;
    lower_bits(s, nlp__hash(p, n), &a, &b);
    return (s->lower[a / 64] >> (a % 64) & 1) &&
           (s->lower[b / 64] >> (b % 64) & 1);
}

/* ---- emitting mentions ----------------------------------------------- */

static int all_have(const struct rword *r, size_t a, size_t b, uint32_t lx)
{
    size_t k;

    for (k = a; k < b; k++)
        if (!(r[k].lex & lx))
            return 0;
    return 1;
}

static enum nlp_type guess_type(const struct state *st, const struct rword *r,
                                size_t a, size_t b, int per)
{
    size_t head = b - 1, k;
    uint32_t lh;

    for (k = a + 1; k < b; k++)
        if ((r[k].f & W_CONN) && word_is(st, &r[k], "of")) {
            head = k - 1;
            break;
        }
    if (per)
        return NLP_PER;
    lh = r[head].lex;
    if (b - a == 1 && (lh & NLP_L_ORG))
        return NLP_ORG;
    if (lh & (NLP_L_LOCEND | NLP_L_COUNTRY))
        return NLP_LOC;
    if (lh & (NLP_L_ORGEND | NLP_L_ORG))
        return NLP_ORG;
    if (lh & NLP_L_MISCEND)
        return NLP_MISC;
    if (b - a == 1 && (r[a].f & W_ALLCAPS))
        return NLP_ORG;
    if (b - a >= 2 && (r[a].lex & NLP_L_FIRST))
        return NLP_PER;
    return NLP_UNK;
}

static void push_mention(struct state *st, const struct rword *r, size_t a,
                         size_t b, int per)
{
    struct nlp__scan *s = st->s;
    struct nlp__ment *m;
    size_t k;
    uint16_t flags = 0;

    if (s->nm >= NLP_MAX_MENTIONS) {
        st->full = 1;
        return;
    }
    if (s->nm == s->mcap) {
        s->mcap = s->mcap ? s->mcap * 2 : 32;
        s->m = hw_realloc(s->m, s->mcap * sizeof *s->m);
    }
    if (s->nw + (b - a) > s->wcap) {
        while (s->nw + (b - a) > s->wcap)
            s->wcap = s->wcap ? s->wcap * 2 : 64;
        s->w = hw_realloc(s->w, s->wcap * sizeof *s->w);
    }
    m = &s->m[s->nm++];
    memset(m, 0, sizeof *m);
    m->start = r[a].start;
    m->end = r[b - 1].end;
    m->w0 = (uint32_t)s->nw;
    m->nw = (uint32_t)(b - a);
    for (k = a; k < b; k++) {
        struct nlp__word *w = &s->w[s->nw++];
        memset(w, 0, sizeof *w);
        w->start = r[k].start;
        w->end = r[k].end;
        if (r[k].f & W_ALLCAPS)
            flags |= NLP_M_ACRONYM;
        if (r[k].f & W_LOWER)
            flags |= NLP_M_LOWER;
        if (k > a && r[k].gap == G_HYPHEN)
            flags |= NLP_M_HYPHEN;
    }
    if (r[a].lex & NLP_L_GEOPRE)
        flags |= NLP_M_GEOPRE;
    /* ALL CAPS words in a row, one of them long: shouting, not a name
     * ("RUSSIAN FOREIGN MINISTRY"); cut like Title Case */
    if (b - a >= 2) {
        int caps = 1, longw = 0;
        for (k = a; k < b; k++) {
            caps &= (r[k].f & W_ALLCAPS) != 0;
            longw |= r[k].end - r[k].start > 4;
        }
        if (caps && longw)
            flags |= NLP_M_TC | NLP_M_TCSTRONG;
    }
    if (b - a == 1 && (r[a].f & W_INITIAL) && !(r[a].f & W_ALLCAPS) &&
        !(r[a].lex & (NLP_L_COUNTRY | NLP_L_FIRST | NLP_L_ORG)))
        flags |= NLP_M_PENDING;
    m->flags = flags;
    m->type = (uint16_t)guess_type(st, r, a, b, per);
}

/* A Roman numeral of I, V and X alone ("Part IV") is no name. */
static int roman(const struct state *st, const struct rword *w)
{
    size_t k;

    if (!(w->f & W_ALLCAPS) || w->end - w->start > 5)
        return 0;
    for (k = w->start; k < w->end; k++) {
        char c = st->s->text[k];
        if (c != 'I' && c != 'V' && c != 'X')
            return 0;
    }
    return 1;
}

/* Clean one piece [a, b) of a run and emit it. */
static void emit_segment(struct state *st, size_t a, size_t b, int per)
{
    const struct rword *r = st->run;

    while (a < b && ((r[a].lex & NLP_L_DATE) || (r[a].f & W_CONN) ||
                     ((r[a].lex & NLP_L_SOFT) && (r[a].f & W_INITIAL))))
        a++;
    /* a trailing weekday or month is a date ("Bermuda Wednesday"), but
     * not in "Theresa May" */
    while (b > a && ((r[b - 1].f & W_CONN) ||
                     ((r[b - 1].lex & (NLP_L_DATE | NLP_L_SOFT)) ==
                      NLP_L_DATE)))
        b--;
    if (a >= b)
        return;
    if (all_have(r, a, b, NLP_L_DEMONYM | NLP_L_DIR))
        return;
    if (b - a == 1 &&
        ((r[a].lex & (NLP_L_TITLE | NLP_L_TITLE2 | NLP_L_MODIFIER |
                      NLP_L_SOFT | NLP_L_DATE)) ||
         (r[a].f & W_SINGLE) || roman(st, &r[a])))
        return;
    push_mention(st, r, a, b, per);
}

/* Is run word i a title here? */
static int is_title(const struct rword *r, size_t i)
{
    if (r[i].f & W_CONN)
        return 0;
    if (r[i].lex & NLP_L_TITLE)
        return 1;
    return (r[i].lex & NLP_L_TITLE2) && i > 0 &&
           (r[i - 1].lex & (NLP_L_TITLE | NLP_L_MODIFIER));
}

/* Words that may stand before a title: "Russian", "U.S.", "Defence". */
static int is_descriptor(const struct rword *w)
{
    return (w->lex & (NLP_L_DEMONYM | NLP_L_MODIFIER | NLP_L_DIR |
                      NLP_L_COUNTRY | NLP_L_ORG | NLP_L_TITLE)) ||
           (w->f & (W_ALLCAPS | W_DOTTED));
}

static void flush(struct state *st)
{
    struct rword *r = st->run;
    size_t n = st->nrun, seg = 0, i;
    int per = st->run_per;

    st->nrun = 0;
    st->run_per = 0;
    while (n > 0 && (r[n - 1].f & W_CONN))
        n--;
    if (n == 0 || st->full)
        return;
    for (i = 0; i < n; i++) {
        size_t e, k, d;

        if (!is_title(r, i))
            continue;
        for (k = seg; k < i && is_descriptor(&r[k]); k++)
            ;
        /* the title phrase: more titles, then "of State" */
        for (e = i + 1; e < n && !(r[e].f & W_CONN) &&
                        (r[e].lex & (NLP_L_TITLE | NLP_L_TITLE2 |
                                     NLP_L_MODIFIER));
             e++)
            ;
        if (e < n && (r[e].f & W_CONN) && word_is(st, &r[e], "of")) {
            k = e + 1;
            if (k < n && (r[k].f & W_CONN) && word_is(st, &r[k], "the"))
                k++;
            if (k < n && !(r[k].f & W_CONN) && (r[k].lex & NLP_L_OFFICE)) {
                for (e = k + 1; e < n && !(r[e].f & W_CONN) &&
                                (r[e].lex & NLP_L_OFFICE);
                     e++)
                    ;
            }
        }
        /* a name before it keeps it ("Stephen King", "Martin Luther King
         * Jr"), unless a full name follows ("Emergencies Minister Yevgeny
         * Zinichev") */
        if (k < i && !((r[i].lex & NLP_L_TITLE) && e + 2 <= n &&
                       !(r[e].f & W_CONN) && !(r[e + 1].f & W_CONN)))
            continue;
        /* what stands before: "U.S." stays, "Russian Defence" goes */
        for (d = i; d > seg && (r[d - 1].lex & (NLP_L_DEMONYM |
                                                NLP_L_MODIFIER | NLP_L_DIR |
                                                NLP_L_TITLE));
             d--)
            ;
        emit_segment(st, seg, d, 0);
        seg = e;
        per = e < n && !(r[e].f & W_CONN); /* not "President of Russia" */
        if (e >= n)
            return; /* a title and nothing after it */
        i = e - 1;
    }
    emit_segment(st, seg, n, per);
}

/* ---- Title Case sentences -------------------------------------------- */

static void mark_tc(struct state *st, size_t from, uint16_t f)
{
    size_t i;

    for (i = from; i < st->s->nm; i++)
        st->s->m[i].flags |= f;
}

/*
 * A stretch is what lies between two lowercase content words.  Two
 * capitalised function words in one ("10 Cheap Fish That Are Absolutely
 * Not Worth Buying Kim Jong-Un's") make it a headline inside the text.
 */
static void end_stretch(struct state *st)
{
    if (st->s_caphard >= 2 && st->s_cap + st->s_caphard >= 3)
        mark_tc(st, st->stretch_m, NLP_M_TC | NLP_M_TCSTRONG);
    st->stretch_m = st->s->nm;
    st->s_caphard = st->s_cap = 0;
}

/*
 * A sentence without one lowercase content word is Title Case too; one
 * in ALL CAPS ("BAHIA COCOA REVIEW", a wire headline) is shouted.
 */
static void end_sentence(struct state *st)
{
    flush(st);
    end_stretch(st);
    if (st->anylower == 0 && st->allcaps >= 3)
        mark_tc(st, st->sent_m, NLP_M_TC | NLP_M_TCSTRONG);
    else if (st->lower == 0 && st->cap >= 4)
        mark_tc(st, st->sent_m, NLP_M_TC);
    st->sent_m = st->s->nm;
    st->cap = st->lower = st->allcaps = st->anylower = 0;
}

/* ---- reading words --------------------------------------------------- */

/* Read the word at t[i] (a word character); returns its raw end. */
static size_t read_word(struct state *st, size_t i, struct rword *w)
{
    const char *t = st->s->text;
    size_t len = st->s->len, start = i, l, apos = 0, j;
    unsigned nupper = 0, nlower = 0, seg = 0, first = 0;
    uint32_t h = 2166136261u, h_apos = 0; /* FNV-1a, as nlp__hash() */
    int dotted = 0, ascii = 1, have_first = 0;

    while (i < len) {
        unsigned char c = (unsigned char)t[i];
        unsigned k;

        if (c < 0x80 && (ascii_cls[c] & NLP_C_WORD)) {
            /* the fast path: a stretch of ASCII letters and digits */
            if (!have_first) {
                first = ascii_cls[c];
                have_first = 1;
            }
            do {
                k = ascii_cls[c];
                nupper += (k & NLP_C_UPPER) != 0;
                nlower += (k & NLP_C_LOWER) != 0;
                seg = (k & NLP_C_DIGIT) ? 2 : seg + 1;
                h = (h ^ c) * 16777619u;
                i++;
            } while (i < len && (c = (unsigned char)t[i]) < 0x80 &&
                     (ascii_cls[c] & NLP_C_WORD));
            continue;
        } else if (c >= 0x80 && ((k = cls_at(t + i, len - i, &l)) &
                                 NLP_C_WORD)) {
            ascii = 0;
        } else if ((c == '\'' || rsquo(t + i, len - i)) && i > start) {
            size_t q = c == '\'' ? 1 : 3;
            if (!word_at(t + i + q, len - i - q))
                break;
            apos = i;
            h_apos = h;
            ascii &= c == '\'';
            for (j = 0; j < q; j++)
                h = (h ^ (unsigned char)t[i + j]) * 16777619u;
            i += q;
            continue;
        } else if (c == '.' && seg == 1 && !apos && i + 1 < len &&
                   ((t[i + 1] >= 'A' && t[i + 1] <= 'Z') ||
                    (t[i + 1] >= 'a' && t[i + 1] <= 'z')) &&
                   (i + 2 >= len || !word_at(t + i + 2, len - i - 2))) {
            dotted = 1;
            seg = 0;
            h = (h ^ c) * 16777619u;
            i++;
            continue;
        } else if (c == '&' && i > start && i + 1 < len &&
                   t[i - 1] >= 'A' && t[i - 1] <= 'Z' && t[i + 1] >= 'A' &&
                   t[i + 1] <= 'Z') {
            h = (h ^ c) * 16777619u;
            i++;
            continue;
        } else {
            break;
        }
        if (!have_first) {
            first = k;
            have_first = 1;
        }
        if (k & NLP_C_UPPER)
            nupper++;
        if (k & NLP_C_LOWER)
            nlower++;
        if (k & (NLP_C_UPPER | NLP_C_LOWER)) {
            seg++;
        } else {
            seg = 2; /* a digit: no dotted acronym */
        }
        for (j = 0; j < l; j++)
            h = (h ^ (unsigned char)t[i + j]) * 16777619u;
        i += l;
    }
    memset(w, 0, sizeof *w);
    w->start = start;
    w->end = i;
    if (dotted && seg == 1 && i < len && t[i] == '.') {
        h = (h ^ '.') * 16777619u;
        i++;
        w->end = i;
        w->f |= W_DOTTED;
    } else if (dotted) {
        w->f |= W_DOTTED;
    }
    /* possessive: "Un's", "Kim’s" */
    if (apos && (t[i - 1] == 's' || t[i - 1] == 'S') &&
        i - apos == (t[apos] == '\'' ? 2u : 4u)) {
        w->end = apos;
        h = h_apos;
        w->f |= W_POSS;
        if (nlower && t[i - 1] == 's')
            nlower--;
        else if (nupper && t[i - 1] == 'S')
            nupper--;
    }
    if (first & NLP_C_UPPER)
        w->f |= W_CAP;
    else if (first & NLP_C_LOWER)
        w->f |= W_LOWER;
    else if (first & NLP_C_DIGIT)
        w->f |= W_DIGIT;
    if (nupper >= 2 && nlower == 0)
        w->f |= W_ALLCAPS;
    if (nupper == 1 && nlower == 0 && w->end - w->start == 1)
        w->f |= W_SINGLE;
    if (ascii)
        w->f |= W_ASCII;
    w->hash = h;
    if (w->end - w->start > MAX_WORD)
        w->f = (uint16_t)((w->f & ~(W_CAP | W_LOWER | W_ALLCAPS)) | W_LONG);
    return i;
}

/* 1 if a lowercase word after a hyphen continues a name ("Jong-un"). */
static int name_syllable(const struct state *st, const struct rword *last,
                         const struct rword *w)
{
    size_t n = w->end - w->start, k;
    const char *p = st->s->text + w->start;

    if (n > 4 || !(w->f & W_ASCII) || (w->f & W_POSS))
        return 0;
    for (k = 0; k < n; k++)
        if (!(p[k] >= 'a' && p[k] <= 'z'))
            return 0;
    if (!(last->f & W_CAP) || (last->f & (W_ALLCAPS | W_CONN)) ||
        last->end - last->start > 5 ||
        (last->lex & (NLP_L_COUNTRY | NLP_L_DEMONYM)))
        return 0;
    return !(wlex(st, w) & NLP_L_HYSUFFIX);
}

static void push_word(struct state *st, const struct rword *w)
{
    if (st->nrun == 0) {
        /* a role noun just before: "leader Kim Jong Un" */
        st->run_per = st->have_prev && w->gap == G_SPACE &&
                      (st->prev.f & W_LOWER) &&
                      (wlex(st, &st->prev) & (NLP_L_ROLE | NLP_L_TITLE));
    }
    st->run[st->nrun++] = *w;
    if (st->nrun == NLP_MAX_RUN)
        flush(st);
}

/*
 * May "of" continue the run?  After one word ("Bank of England", "House
 * of Representatives") or after a word that ends organisations and places
 * ("Royal Bank of Scotland", "United States of America"); not after a
 * person's name ("Mike Lee of Utah").
 */
static int of_joins(const struct state *st)
{
    size_t k, words = 0;
    const struct rword *last = &st->run[st->nrun - 1];

    for (k = st->nrun; k > 0 && !(st->run[k - 1].f & W_CONN); k--)
        words++;
    if (last->f & W_CONN)
        return 0;
    if (words == 1)
        return !(last->lex & NLP_L_FIRST);
    return (last->lex & (NLP_L_ORGEND | NLP_L_LOCEND | NLP_L_MISCEND |
                         NLP_L_TITLE | NLP_L_TITLE2)) != 0;
}

static void take_word(struct state *st, struct rword *w)
{
    int hard, capword, pushed = 0, content = 0;

    if ((w->f & W_CAP) && (w->f & W_ASCII) && !(w->f & W_LONG)) {
        w->lex = nlp__lex(st->s->text + w->start, w->end - w->start);
        if (!w->lex && st->s->text[w->end - 1] == 's')
            w->lex = nlp__lex(st->s->text + w->start,
                              w->end - w->start - 1) &
                     (NLP_L_DEMONYM | NLP_L_TITLE); /* "Senators" */
        /* "UN", "US" and "EU" are names only in capitals: "Jong Un" */
        if (!(w->f & W_ALLCAPS) && w->end - w->start <= 3)
            w->lex &= ~(uint32_t)(NLP_L_COUNTRY | NLP_L_ORG);
    }
    hard = (w->lex & NLP_L_HARD) &&
           (!(w->f & W_ALLCAPS) || (w->lex & NLP_L_CAPSTOP));
    capword = (w->f & W_CAP) && !hard;

    /* what the sentence looks like, for Title Case */
    if (w->f & W_ALLCAPS)
        st->allcaps++;
    else if (w->f & W_LOWER)
        st->anylower++;
    if ((w->f & W_CAP) && !(w->f & W_INITIAL)) {
        capset_put(&st->s->caps, w->hash, w->start, w->end - w->start);
        st->cap++;
        if (hard)
            st->s_caphard++;
        else
            st->s_cap++;
    } else if (w->f & W_LOWER) {
        if (w->end - w->start > 4 ||
            !(wlex(st, w) & (NLP_L_HARD | NLP_L_CONNECT))) {
            st->lower++;
            content = 1;
        }
        if (!(w->f & W_LONG))
            lower_put(st->s, w->hash);
    }

    if (st->nrun > 0) {
        const struct rword *last = &st->run[st->nrun - 1];

        if (w->gap == G_BREAK) {
            flush(st);
        } else if (w->gap == G_HYPHEN) {
            if (capword) {
                /* "North Korea-Russia": two places, two mentions */
                if ((last->lex | w->lex) & NLP_L_COUNTRY)
                    flush(st);
            } else if (((w->f & W_LOWER) && name_syllable(st, last, w)) ||
                       ((w->f & W_DIGIT) &&
                        (last->f & (W_ALLCAPS | W_SINGLE)))) {
                push_word(st, w); /* "Jong-un", "F-16" */
                pushed = 1;
            } else {
                flush(st);
            }
        } else if (!capword) {
            uint32_t lx = (w->f & W_LOWER) ? wlex(st, w) : 0;
            if ((lx & NLP_L_CONNECT) && word_is(st, w, "of") &&
                !of_joins(st)) {
                flush(st); /* "Marco Rubio of Florida" */
            } else if ((lx & NLP_L_CONNECT) ||
                (word_is(st, w, "the") && (last->f & W_CONN) &&
                 word_is(st, last, "of"))) {
                w->f |= W_CONN; /* kept only if a capital follows */
                push_word(st, w);
                pushed = 1;
            } else {
                flush(st);
            }
        }
    }
    if (capword && !pushed) {
        push_word(st, w);
        pushed = 1;
    }
    if (pushed && (w->f & W_POSS) && st->nrun > 0)
        flush(st);
    if (content && !pushed)
        end_stretch(st);
    st->prev = *w;
    st->have_prev = 1;
}

static void scan_text(struct state *st)
{
    const char *t = st->s->text;
    size_t len = st->s->len, i = 0, last_nl = 0;
    int initial = 1, gap = G_BREAK;

    while (i < len && !st->full) {
        unsigned char c = (unsigned char)t[i];
        size_t l;

        if (c < 0x80 ? ascii_alnum(c)
                     : (cls_at(t + i, len - i, &l) & NLP_C_WORD) != 0) {
            struct rword w;
            size_t e = read_word(st, i, &w);
            st->raw_end = e;
            w.gap = (uint8_t)gap;
            if (initial)
                w.f |= W_INITIAL;
            initial = 0;
            gap = G_SPACE;
            /* a period that does not end the sentence: "Mr.", "W." */
            if (e < len && t[e] == '.' && !(w.f & W_DOTTED) &&
                e + 1 < len && (t[e + 1] == ' ' || t[e + 1] == '\n')) {
                uint32_t lx = (w.f & W_ASCII) && !(w.f & W_LONG)
                                  ? nlp__lex(t + w.start, w.end - w.start)
                                  : 0;
                int keep = 0;
                if ((w.f & W_SINGLE) || (lx & NLP_L_MAYEND))
                    keep = !next_is_hard(t, len, e + 1);
                else if ((lx & NLP_L_ABBREV) && (w.f & W_CAP))
                    keep = 1;
                take_word(st, &w);
                if (keep) {
                    i = e + 1;
                    continue;
                }
                i = e;
                continue;
            }
            take_word(st, &w);
            if ((w.f & W_DOTTED) && next_is_hard(t, len, e)) {
                gap = G_BREAK;
                initial = 1;
                end_sentence(st);
            }
            i = e;
            continue;
        }
        if (c < 0x80) {
            l = 1;
            switch (c) {
            case ' ':
            case '\t':
            case '\r':
            case '\f':
            case '\v':
                break;
            case '\n':
                /* hard-wrapped prose: a newline inside a long line's
                 * sentence is a space; in a list of short lines, or
                 * after a sentence, it breaks */
                if (i - last_nl >= 50 && i > 0 && t[i - 1] != '.' &&
                    t[i - 1] != ':' && !(i + 1 < len && t[i + 1] == '\n')) {
                    last_nl = i;
                    break;
                }
                last_nl = i;
                gap = G_BREAK;
                initial = 1;
                end_sentence(st);
                break;
            case '-':
                if (gap == G_SPACE && st->have_prev && st->raw_end == i &&
                    word_at(t + i + 1, len - i - 1))
                    gap = G_HYPHEN;
                else
                    gap = G_BREAK;
                break;
            case '.':
            case '!':
            case '?':
            case ':': {
                size_t j = i + 1;
                while (j < len && (t[j] == '.' || t[j] == '!' || t[j] == '?'))
                    j++;
                while (j < len) {
                    size_t q = quote_len(t + j, len - j);
                    if (!q && t[j] != ')' && t[j] != ']')
                        break;
                    j += q ? q : 1;
                }
                gap = G_BREAK;
                if (j >= len || t[j] == ' ' || t[j] == '\n' ||
                    t[j] == '\t' || t[j] == '\r' || c == ':') {
                    initial = 1;
                    end_sentence(st);
                }
                l = j - i;
                break;
            }
            case '"':
            case '\'':
                gap = G_BREAK;
                if (word_at(t + i + 1, len - i - 1) &&
                    (!st->have_prev || st->raw_end != i))
                    initial = 1;
                break;
            default:
                gap = G_BREAK;
                break;
            }
            i += l;
            continue;
        }
        /* non-ASCII, not a word character */
        {
            uint32_t cp;
            int n = hw_utf8_decode(t + i, len - i, &cp);
            size_t q;

            if (n == 0) {
                gap = G_BREAK;
                i++;
                continue;
            }
            if (cp == 0x2010 || cp == 0x2011) {
                gap = gap == G_SPACE && st->have_prev && st->raw_end == i &&
                              word_at(t + i + n, len - i - (size_t)n)
                          ? G_HYPHEN
                          : G_BREAK;
            } else if (nlp__cp_class(cp) & NLP_C_SPACE) {
                /* a space */
            } else if (cp == 0x2026) {
                gap = G_BREAK;
                if (i + 3 >= len || t[i + 3] == ' ') {
                    initial = 1;
                    end_sentence(st);
                }
            } else if ((q = quote_len(t + i, len - i)) != 0) {
                gap = G_BREAK;
                if (word_at(t + i + q, len - i - q) &&
                    (!st->have_prev || st->raw_end != i))
                    initial = 1;
            } else {
                gap = G_BREAK;
            }
            i += (size_t)n;
        }
    }
    end_sentence(st);
}

/* ---- after the pass -------------------------------------------------- */

static void key_words(struct nlp__scan *s)
{
    size_t i;

    for (i = 0; i < s->nw; i++) {
        struct nlp__word *w = &s->w[i];
        size_t off = s->keys.len;
        nlp__key_append(s->text + w->start, w->end - w->start, &s->keys);
        w->koff = (uint32_t)off;
        w->klen = (uint32_t)(s->keys.len - off);
        w->hash = nlp__hash(s->keys.p + off, w->klen);
    }
    for (i = 0; i < s->nm; i++) {
        struct nlp__ment *m = &s->m[i];
        const struct nlp__word *a = &s->w[m->w0], *b = &s->w[m->w0 + m->nw - 1];
        m->koff = a->koff;
        m->klen = b->koff + b->klen - a->koff;
        m->hash = nlp__hash(s->keys.p + m->koff, m->klen);
        if (m->klen == 0)
            m->flags |= NLP_M_DROP;
    }
}

/* A pool of known names to cut Title Case runs into, indexed by the hash
 * of each name's first word. */
struct pool {
    struct pent {
        const struct nlp__scan *s;
        size_t mi; /* s->m may move while the pool is in use */
        int next;
    } *e;
    size_t n;
    int *head;
    size_t size; /* power of two */
};

#define PM(q) (&(q)->s->m[(q)->mi])

static void pool_add(struct pool *p, const struct nlp__scan *s, size_t mi)
{
    const struct nlp__ment *m = &s->m[mi];
    uint32_t h = s->w[m->w0].hash;
    size_t b = h & (p->size - 1);
    int j;

    for (j = p->head[b]; j >= 0; j = p->e[j].next) {
        const struct nlp__ment *o = PM(&p->e[j]);
        if (o->nw == m->nw && o->hash == m->hash && o->klen == m->klen &&
            memcmp(p->e[j].s->keys.p + o->koff, s->keys.p + m->koff,
                   m->klen) == 0)
            return; /* already known */
    }
    p->e[p->n].s = s;
    p->e[p->n].mi = mi;
    p->e[p->n].next = p->head[b];
    p->head[b] = (int)p->n;
    p->n++;
}

/* Do the words of pool entry q equal words w[0..q->nw) of scan s? */
static int pool_match(const struct pent *q, const struct nlp__scan *s,
                      const struct nlp__word *w)
{
    const struct nlp__ment *m = PM(q);
    uint32_t k;

    for (k = 0; k < m->nw; k++) {
        const struct nlp__word *a = &q->s->w[m->w0 + k], *b = &w[k];
        if (a->hash != b->hash || a->klen != b->klen ||
            memcmp(q->s->keys.p + a->koff, s->keys.p + b->koff, a->klen))
            return 0;
    }
    return 1;
}

static void add_sub(struct nlp__scan *s, size_t mi, uint32_t w0, uint32_t nw,
                    const struct nlp__ment *like)
{
    struct nlp__ment *m;
    const struct nlp__word *a, *b;

    if (s->nm >= NLP_MAX_MENTIONS)
        return;
    if (s->nm == s->mcap) {
        s->mcap = s->mcap ? s->mcap * 2 : 32;
        s->m = hw_realloc(s->m, s->mcap * sizeof *s->m);
    }
    m = &s->m[s->nm++];
    *m = s->m[mi];
    a = &s->w[w0];
    b = &s->w[w0 + nw - 1];
    m->w0 = w0;
    m->nw = nw;
    m->start = a->start;
    m->end = b->end;
    m->koff = a->koff;
    m->klen = b->koff + b->klen - a->koff;
    m->hash = nlp__hash(s->keys.p + m->koff, m->klen);
    m->type = like->type;
    m->flags = (uint16_t)((like->flags & (NLP_M_GEOPRE | NLP_M_ACRONYM |
                                          NLP_M_LOWER | NLP_M_HYPHEN)) |
                          NLP_M_CUT);
}

static void cut_title_case(struct nlp__scan *s, const struct nlp__scan *other,
                           int title)
{
    struct pool p = {0};
    size_t i, n0 = s->nm, total = s->nm + (other ? other->nm : 0);
    int any = 0;

    for (i = 0; i < s->nm; i++)
        if ((s->m[i].flags & (NLP_M_TC | NLP_M_DROP)) == NLP_M_TC &&
            (title || (s->m[i].flags & NLP_M_TCSTRONG)))
            any = 1;
    if (!any)
        return;
    p.size = 16;
    while (p.size < total * 2)
        p.size *= 2;
    p.head = hw_malloc(p.size * sizeof *p.head);
    for (i = 0; i < p.size; i++)
        p.head[i] = -1;
    p.e = hw_malloc((total ? total : 1) * sizeof *p.e);
    for (i = 0; other && i < other->nm; i++)
        if (!(other->m[i].flags & (NLP_M_DROP | NLP_M_TC)))
            pool_add(&p, other, i);
    for (i = 0; i < s->nm; i++)
        if (!(s->m[i].flags & (NLP_M_DROP | NLP_M_TC)))
            pool_add(&p, s, i);
    if (p.n == 0)
        goto out; /* nothing known: keep the runs as they are */
    for (i = 0; i < n0; i++) {
        struct nlp__ment m = s->m[i];
        uint32_t k = 0;
        int found = 0;

        if ((m.flags & (NLP_M_TC | NLP_M_DROP)) != NLP_M_TC ||
            !(title || (m.flags & NLP_M_TCSTRONG)))
            continue; /* a sentence of names in a text stays as it is */
        while (k < m.nw) {
            const struct nlp__word *w = &s->w[m.w0 + k];
            const struct pent *best = NULL;
            int j, chain = 0;

            for (j = p.head[w->hash & (p.size - 1)]; j >= 0 &&
                                                      chain < MAX_CHAIN;
                 j = p.e[j].next, chain++) {
                const struct pent *q = &p.e[j];
                uint32_t qn = PM(q)->nw;
                if (qn > m.nw - k || (best && qn <= PM(best)->nw))
                    continue;
                if (pool_match(q, s, w))
                    best = q;
            }
            if (!best) {
                k++;
                continue;
            }
            /* a sub-run that is the whole run stays as it is */
            if (PM(best)->nw == m.nw) {
                s->m[i].flags &= (uint16_t)~(NLP_M_TC | NLP_M_TCSTRONG);
                found = -1;
                break;
            }
            {
                struct nlp__ment like = *PM(best);
                add_sub(s, i, m.w0 + k, like.nw, &like);
                k += like.nw;
            }
            found = 1;
        }
        if (found >= 0)
            s->m[i].flags |= NLP_M_DROP;
    }
out:
    hw_free(p.head);
    hw_free(p.e);
}

/*
 * A word that opens a sentence is a name when it is also capitalised
 * where no sentence starts, and never written in lowercase ("Shark meat
 * ..." next to "shark fin soup" is not a name, even though "Shark Fin
 * Sales Elimination Act" is).  The lowercase words are in a Bloom filter
 * of four bits per byte of text: a false "seen" (well under 1%) costs one
 * sentence-initial name.
 */
static int confirmed(const struct nlp__scan *s, const struct nlp__scan *other,
                     const char *p, size_t n)
{
    char low[MAX_WORD];

    if (!capset_has(&s->caps, p, n) &&
        !(other && capset_has(&other->caps, p, n)))
        return 0;
    if (n > sizeof low || !(p[0] >= 'A' && p[0] <= 'Z'))
        return 1;
    memcpy(low, p, n);
    low[0] = (char)(low[0] + ('a' - 'A'));
    return !lower_has(s, low, n) && !(other && lower_has(other, low, n));
}

static int cmp_ment(const void *a, const void *b)
{
    const struct nlp__ment *x = a, *y = b;

    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->w0 != y->w0)
        return x->w0 < y->w0 ? -1 : 1;
    return 0;
}

int nlp__scan(struct nlp__scan *s, const char *text, size_t len,
              const struct nlp__scan *other, int title)
{
    struct state st;
    size_t i, k;

    memset(s, 0, sizeof *s);
    if (!text)
        text = "";
    if (len > MAX_SCAN)
        len = MAX_SCAN;
    s->text = text;
    s->len = len;
    s->caps.text = text;
    hw_buf_init(&s->keys, len * 20 + 4096);
    for (s->lower_bits = 4096;
         s->lower_bits < len * 4 && s->lower_bits < ((size_t)1 << 28);
         s->lower_bits *= 2)
        ;
    s->lower = hw_calloc(s->lower_bits / 64, sizeof *s->lower);
    memset(&st, 0, sizeof st);
    st.s = s;
    scan_text(&st);
    key_words(s);
    /* sentence-initial single words need a second sighting */
    for (i = 0; i < s->nm; i++) {
        struct nlp__ment *m = &s->m[i];
        if (!(m->flags & NLP_M_PENDING))
            continue;
        m->flags &= (uint16_t)~NLP_M_PENDING;
        if (!confirmed(s, other, text + m->start, m->end - m->start))
            m->flags |= NLP_M_DROP;
    }
    cut_title_case(s, other, title);
    for (i = k = 0; i < s->nm; i++)
        if (!(s->m[i].flags & NLP_M_DROP))
            s->m[k++] = s->m[i];
    s->nm = k;
    if (s->nm > 1)
        qsort(s->m, s->nm, sizeof *s->m, cmp_ment);
    return s->keys.err;
}

void nlp__scan_release(struct nlp__scan *s)
{
    hw_free(s->m);
    hw_free(s->w);
    hw_buf_release(&s->keys);
    hw_free(s->caps.tab);
    hw_free(s->lower);
    memset(s, 0, sizeof *s);
}

int nlp_find_mentions(const char *text, size_t len, struct nlp_mention **out,
                      size_t *n)
{
    struct nlp__scan s;
    size_t i;
    int r;

    *out = NULL;
    *n = 0;
    if (!text && len)
        return HW_EINVAL;
    r = nlp__scan(&s, text, len, NULL, 0);
    if (r == 0 && s.nm > 0) {
        *out = hw_malloc(s.nm * sizeof **out);
        for (i = 0; i < s.nm; i++) {
            (*out)[i].start = s.m[i].start;
            (*out)[i].end = s.m[i].end;
            (*out)[i].type = (enum nlp_type)s.m[i].type;
        }
        *n = s.nm;
    }
    nlp__scan_release(&s);
    return r;
}
