/*
 * ner.c - the named-entity tagger at run time: the model file, features,
 * and Viterbi decoding.
 *
 * The model.  A linear-chain model over the 17 BILOU labels (O, and
 * Begin, Inside, Last, Unit of PER, ORG, LOC, MISC; Ratinov & Roth 2009
 * found BILOU better than IOB for this task).  The score of a labelling
 * y of a sentence x is
 *
 *     sum_i  ( trans[y(i-1)][y(i)]  +  sum_{f in F(x, i)} w[f][y(i)] )
 *
 * where F(x, i) are the features of token i, hashed into a flat table
 * of 2^rows_log2 rows of NER_NL int16 weights ("the hashing trick",
 * Weinberger et al. 2009): a feature is a template number and the values
 * it looks at, mixed into a 64-bit hash whose top bits pick the row.  No
 * feature strings are stored, no lookup compares keys, and nothing is
 * allocated per token.  Decoding is exact (Viterbi), with the BILOU
 * constraints (I and L only after B or I of the same type, a sentence
 * never ends inside an entity) enforced by the decoder.
 *
 * The features of token i (ner_features()):
 *   - the word as written, its lower form (digits folded to 0), its
 *     shape ("Xx", "X.X.", "dd-dd") short and long, prefixes and
 *     suffixes of 1 to 4 bytes of the lower form;
 *   - the lower forms of the words within two tokens, the shapes of the
 *     neighbours, shape bigrams, and each neighbour's word with the
 *     token's shape ("Mr" + "Xx");
 *   - capitalisation in context: the case pattern of i-1, i, i+1, whether
 *     i starts the sentence, and whether the sentence is a headline in
 *     capitals;
 *   - word clusters learned from unlabelled news (cluster.c): prefixes of
 *     4, 6 and 8 bits of the word's path in the class hierarchy and
 *     its class, and the classes of the neighbours;
 *   - corpus statistics of the lower form: how often it is capitalised
 *     in mid-sentence in unlabelled news, and its frequency class;
 *   - gazetteers: every phrase of up to 8 words starting at each token is
 *     looked up (lower-cased) in a table of names harvested from CoNLL
 *     and GMB annotations, Reuters index terms, company marks and
 *     datelines; the source and the token's B/I/L/U position in the match
 *     are features, with whether the token is capitalised;
 *   - document evidence: whether the same word appears elsewhere in the
 *     document in lower case, or capitalised in mid-sentence (it tells a
 *     sentence-initial name from a sentence-initial common word).
 *
 * Weights are learned by the averaged perceptron (ner_train.c), and
 * stored sparse: only the hashed rows that are not zero (ner_int.h has
 * the format).
 *
 * Speed.  The model is small (6 MB) and mostly stays in the caches.  A
 * hashed row is looked up in the row index (two loads) and dropped when
 * it is not stored.  The features that depend on one word alone are
 * summed once per word and kept in a direct-mapped cache per call: the
 * word's own rows (its forms, clusters, affixes, with whether it starts
 * a sentence) and, apart, the rows it gives each neighbour that sees it
 * (the word before a token, after it, two before and two after).  A
 * token then adds five cached score vectors and sums only the rows that
 * look at pairs of words, the sentence, gazetteers and the document,
 * about a quarter of its features.  Those rows are prefetched for a whole
 * sentence before the first is summed, so that memory latency overlaps
 * work.  Viterbi walks only the 97 legal BILOU transitions, branch-free.
 * All scratch memory lives in one workspace per call, of which only the
 * cache keys are cleared; nothing is allocated per token or per
 * sentence.
 */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <utf8proc.h>

#include "nlp/ner_int.h"

/* The features a token takes from one neighbour's word alone. */
enum {
    NB_PREV,  /* the word before: its lower form, shape and clusters */
    NB_NEXT,  /* the word after, likewise */
    NB_PREV2, /* two words before: its lower form */
    NB_NEXT2, /* two words after */
    NB_N
};

/* Lanes of a vector of scores: NER_NL rounded up to 4. */
#define VL 20

struct nlp_ner {
    void *map;
    size_t maplen;
    struct ner_lex lex;
    const uint8_t *roff;     /* row index: 2^rows_log2 offsets */
    const uint32_t *rbase;   /* and 2^rows_log2 / NER_BLOCK bases */
    const struct ner_row *w; /* the stored rows */
    int32_t trans[(NER_NL + 1) * NER_NL];
    int32_t edge[NB_N][VL]; /* edge_scores() */
    uint32_t vocab_log2, gaz_log2;
};

/* ---- labels ------------------------------------------------------------ */

static const char *const label_names[NLP_NER_NLABELS] = {
    "O",     "B-PER", "I-PER",  "B-ORG", "I-ORG",
    "B-LOC", "I-LOC", "B-MISC", "I-MISC"};

const char *nlp_ner_label_name(uint8_t l)
{
    return l < NLP_NER_NLABELS ? label_names[l] : "O";
}

enum nlp_type nlp_ner_label_type(uint8_t l)
{
    if (l == 0 || l >= NLP_NER_NLABELS)
        return NLP_UNK;
    return (enum nlp_type)(NLP_PER + (l - 1) / 2);
}

int nlp_ner_label_begins(uint8_t l)
{
    return l > 0 && l < NLP_NER_NLABELS && (l - 1) % 2 == 0;
}

int ner_allowed(int a, int b)
{
    int ain = a != NER_NL && a != 0 &&
              (NER_LPOS(a) == NER_B || NER_LPOS(a) == NER_I);

    if (ain) /* inside an entity: only I or L of its type */
        return b != 0 && NER_LTYPE(b) == NER_LTYPE(a) &&
               (NER_LPOS(b) == NER_I || NER_LPOS(b) == NER_L);
    return b == 0 || NER_LPOS(b) == NER_B || NER_LPOS(b) == NER_U;
}

int ner_may_end(int l)
{
    return l == 0 || NER_LPOS(l) == NER_L || NER_LPOS(l) == NER_U;
}

void ner_bilou_to_iob2(const uint8_t *in, size_t n, uint8_t *out)
{
    size_t i;
    int prev = 0;

    for (i = 0; i < n; i++) {
        int l = in[i], t, p;
        if (l == 0 || l >= NER_NL) {
            out[i] = NLP_NER_O;
            prev = 0;
            continue;
        }
        t = NER_LTYPE(l);
        p = NER_LPOS(l);
        /* an I or L that does not continue an entity opens one */
        if ((p == NER_I || p == NER_L) &&
            !(prev && NER_LTYPE(prev) == t &&
              (NER_LPOS(prev) == NER_B || NER_LPOS(prev) == NER_I)))
            p = NER_B;
        out[i] = (uint8_t)(p == NER_B || p == NER_U ? 1 + 2 * t : 2 + 2 * t);
        prev = l;
    }
}

void ner_iob2_to_bilou(const uint8_t *in, size_t n, uint8_t *out)
{
    size_t i;

    for (i = 0; i < n; i++) {
        int l = in[i], t, cont;
        if (l == 0 || l >= NLP_NER_NLABELS) {
            out[i] = 0;
            continue;
        }
        t = (l - 1) / 2;
        cont = i + 1 < n && in[i + 1] == 2 + 2 * t;
        if ((l - 1) % 2 == 0 ||
            !(i > 0 && (in[i - 1] == 1 + 2 * t || in[i - 1] == 2 + 2 * t)))
            out[i] = (uint8_t)NER_LAB(t, cont ? NER_B : NER_U);
        else
            out[i] = (uint8_t)NER_LAB(t, cont ? NER_I : NER_L);
    }
}

/* ---- hashing ----------------------------------------------------------- */

uint64_t ner_hash(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t h, v = 0;
    size_t i = 0;

    if (n <= 8) { /* most words: one mix */
        memcpy(&v, s, n);
        h = ner_mix(v ^ (n * 0x9e3779b97f4a7c15ULL) ^ 0x243f6a8885a308d3ULL);
        return h ? h : 1;
    }
    h = 0x243f6a8885a308d3ULL ^ (n * 0x9e3779b97f4a7c15ULL);
    for (; i + 8 <= n; i += 8) {
        memcpy(&v, s + i, 8);
        h = (h ^ v) * 0x9ddfea08eb382d69ULL;
        h = (h << 29) | (h >> 35);
    }
    if (i < n) {
        v = 0;
        memcpy(&v, s + i, n - i);
        h = (h ^ v ^ 0x5bd1e995) * 0x9ddfea08eb382d69ULL;
    }
    h = ner_mix(h);
    return h ? h : 1;
}

/* ---- word forms -------------------------------------------------------- */

enum {
    CC_NONE = NER_CC_NONE,
    CC_LOWER = NER_CC_LOWER,
    CC_INIT = NER_CC_INIT,
    CC_ALL = NER_CC_ALL,
    CC_ONE = NER_CC_ONE
};

struct form {
    char norm[NER_WORD_MAX * 2], lower[NER_WORD_MAX * 2];
    size_t nnorm, nlower;
    char sh[16], lsh[20];
    size_t nsh, nlsh;
    int cc;
};

static inline char shape_char(uint32_t cp, int *kind)
{
    if (cp < 0x80) {
        if (cp >= 'A' && cp <= 'Z') {
            *kind = 2;
            return 'X';
        }
        if (cp >= 'a' && cp <= 'z') {
            *kind = 1;
            return 'x';
        }
        if (cp >= '0' && cp <= '9') {
            *kind = 3;
            return 'd';
        }
        *kind = 0;
        return (char)cp;
    }
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT:
        *kind = 2;
        return 'X';
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
        *kind = 1;
        return 'x';
    case UTF8PROC_CATEGORY_ND:
        *kind = 3;
        return 'd';
    default:
        *kind = 0;
        return 'o';
    }
}

static size_t put_utf8(char *out, uint32_t cp)
{
    return (size_t)hw_utf8_encode(cp, out);
}

static void make_form(const char *p, size_t len, struct form *f)
{
    size_t i = 0, nn = 0, nl = 0, ns = 0, nls = 0;
    int upper = 0, lowers = 0, first = -1, letters = 0;
    char last = 0;

    if (len > NER_WORD_MAX)
        len = NER_WORD_MAX;
    while (i < len) {
        unsigned char c = (unsigned char)p[i];
        uint32_t cp, lc;
        int l, kind;
        char sc;

        if (c < 0x80) {
            cp = c;
            l = 1;
            f->norm[nn++] = (char)c;
            f->lower[nl++] = c >= 'A' && c <= 'Z'   ? (char)(c + 32)
                             : c >= '0' && c <= '9' ? '0'
                                                    : (char)c;
        } else {
            l = hw_utf8_decode(p + i, len - i, &cp);
            if (l == 0) {
                l = 1;
                cp = '?';
                f->norm[nn++] = '?';
                f->lower[nl++] = '?';
            } else if (cp == 0x2018 || cp == 0x2019 || cp == 0x02BC) {
                f->norm[nn++] = '\'';
                f->lower[nl++] = '\'';
            } else if (cp == 0x201C || cp == 0x201D || cp == 0x201E ||
                       cp == 0x00AB || cp == 0x00BB) {
                f->norm[nn++] = '"';
                f->lower[nl++] = '"';
            } else if (cp == 0x2013 || cp == 0x2014 || cp == 0x2015) {
                memcpy(f->norm + nn, "--", 2);
                memcpy(f->lower + nl, "--", 2);
                nn += 2;
                nl += 2;
            } else if (cp == 0x2026) {
                memcpy(f->norm + nn, "...", 3);
                memcpy(f->lower + nl, "...", 3);
                nn += 3;
                nl += 3;
            } else {
                memcpy(f->norm + nn, p + i, (size_t)l);
                nn += (size_t)l;
                lc = (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
                if (utf8proc_category((utf8proc_int32_t)cp) ==
                    UTF8PROC_CATEGORY_ND)
                    f->lower[nl++] = '0';
                else
                    nl += put_utf8(f->lower + nl, lc);
            }
        }
        sc = shape_char(cp, &kind);
        if (kind == 1 || kind == 2) {
            letters++;
            if (first < 0)
                first = kind;
            if (kind == 2)
                upper++;
            else
                lowers++;
        }
        if (nls < sizeof f->lsh)
            f->lsh[nls++] = sc;
        if (sc != last && ns < sizeof f->sh)
            f->sh[ns++] = sc;
        last = sc;
        i += (size_t)l;
    }
    f->nnorm = nn;
    f->nlower = nl;
    f->nsh = ns;
    f->nlsh = nls;
    if (letters == 0)
        f->cc = CC_NONE;
    else if (first == 1)
        f->cc = CC_LOWER;
    else if (lowers == 0)
        f->cc = letters == 1 ? CC_ONE : CC_ALL;
    else
        f->cc = CC_INIT;
    (void)upper;
}

void ner_forms(const char *p, size_t len, char *norm, size_t *nnorm,
               char *lower, size_t *nlower)
{
    struct form f;

    make_form(p, len, &f);
    memcpy(norm, f.norm, f.nnorm);
    memcpy(lower, f.lower, f.nlower);
    *nnorm = f.nnorm;
    *nlower = f.nlower;
}

int ner_case_class(const char *p, size_t len)
{
    struct form f;

    make_form(p, len, &f);
    return f.cc;
}

/* ---- lexicon ----------------------------------------------------------- */

const struct ner_vslot *ner_vocab_get(const struct ner_lex *lx, uint64_t key)
{
    uint32_t fp = ner_fp(key);
    uint64_t i;

    if (!lx->vocab)
        return NULL;
    for (i = key & lx->vmask;; i = (i + 1) & lx->vmask) {
        if (lx->vocab[i].fp == fp)
            return &lx->vocab[i];
        if (lx->vocab[i].fp == 0)
            return NULL;
    }
}

const struct ner_gslot *ner_gaz_get(const struct ner_lex *lx, uint64_t key,
                                    size_t *slot)
{
    uint32_t fp = ner_fp(key);
    uint64_t i;

    if (!lx->gaz)
        return NULL;
    for (i = key & lx->gmask;; i = (i + 1) & lx->gmask) {
        if (lx->gaz[i].fp == fp) {
            *slot = (size_t)i;
            return &lx->gaz[i];
        }
        if (lx->gaz[i].fp == 0)
            return NULL;
    }
}

/* ---- features ---------------------------------------------------------- */

/* Templates. */
enum {
    T_BIAS = 1, T_W, T_LW, T_SH, T_LSH, T_PRE, T_SUF, T_CL, T_FINE, T_NOCL,
    T_INFO, T_GAZ, T_CAPSENT, T_START, T_DOC, T_LWM1, T_LWP1, T_LWM2,
    T_LWP2, T_SHM1, T_SHP1, T_SH2M, T_SH2P, T_CLM1, T_CLP1, T_FINEM1,
    T_FINEP1, T_GAZM1, T_GAZP1, T_CC3, T_LWM1SH, T_SHLWP1, T_CCSTART
};

/* What the features need of each token besides its own word rows. */
struct tokinfo {
    uint64_t w, lw, sh;
    uint64_t gaz;   /* bit 4 * source + position (B I L U) */
    uint32_t path;
    uint16_t fine;
    uint8_t plen, cc, info;
    uint8_t gazstart; /* some gazetteer phrase starts with this word */
    uint32_t dsi;     /* its slot in the document statistics */
};

/* Rows of the features that depend on the word alone: at most this many. */
#define WORD_ROWS 20

#define BOS_HASH 0x1badb002deadbeefULL
#define EOS_HASH 0x0ddba11cafef00dULL

static inline uint32_t row(const struct ner_lex *lx, uint64_t tid,
                           uint64_t v)
{
    return (uint32_t)(ner_mix(v ^ (tid * 0x9e3779b97f4a7c15ULL)) >>
                      (64 - lx->rows_log2));
}

static inline uint64_t pair(uint64_t a, uint64_t b)
{
    return a * 0xc2b2ae3d27d4eb4fULL + (b ^ (b >> 29));
}

/*
 * The word's own information and the rows of its word-only features
 * into rows[]; returns how many.  Depends on the bytes of the word and
 * the lexicon only, so the tagger may cache it per word.
 */
static size_t word_rows(const struct ner_lex *lx, const char *p, size_t len,
                        struct tokinfo *t, uint32_t *rows)
{
    struct form f;
    const struct ner_vslot *v, *vi;
    size_t k, m = 0;

    make_form(p, len, &f);
    memset(t, 0, sizeof *t);
    t->w = ner_hash(f.norm, f.nnorm);
    t->lw = ner_hash(f.lower, f.nlower);
    t->sh = ner_hash(f.sh, f.nsh);
    t->cc = (uint8_t)f.cc;

    v = ner_vocab_get(lx, t->w);
    if ((!v || !v->cls) && (f.cc == CC_ALL || f.cc == CC_ONE)) {
        /* "BRUSSELS": try "Brussels" */
        char title[NER_WORD_MAX * 2];
        size_t j;
        for (j = 0; j < f.nnorm; j++)
            title[j] = j == 0 ? f.norm[0]
                       : (f.norm[j] >= 'A' && f.norm[j] <= 'Z')
                           ? (char)(f.norm[j] + 32)
                           : f.norm[j];
        v = ner_vocab_get(lx, ner_hash(title, f.nnorm));
    }
    if ((!v || !v->cls) && f.cc != CC_LOWER && f.cc != CC_NONE) {
        char low[NER_WORD_MAX * 2];
        size_t j;
        for (j = 0; j < f.nnorm; j++)
            low[j] = (f.norm[j] >= 'A' && f.norm[j] <= 'Z')
                         ? (char)(f.norm[j] + 32)
                         : f.norm[j];
        v = ner_vocab_get(lx, ner_hash(low, f.nnorm));
    }
    if (v && v->cls) {
        /* the path is the class number, cl_bits long (cluster.c) */
        t->path = (uint32_t)(v->cls - 1) << (32 - lx->cl_bits);
        t->plen = (uint8_t)lx->cl_bits;
        t->fine = v->cls;
    }
    vi = ner_vocab_get(lx, t->lw ^ NER_SALT_LOWER);
    t->info = vi ? vi->info : 0;
    t->gazstart = vi ? (vi->flags & NER_VF_GAZSTART) != 0 : 0;

    rows[m++] = row(lx, T_BIAS, 0);
    rows[m++] = row(lx, T_W, t->w);
    rows[m++] = row(lx, T_LW, t->lw);
    rows[m++] = row(lx, T_SH, t->sh);
    rows[m++] = row(lx, T_LSH, ner_hash(f.lsh, f.nlsh));
    /* prefixes and suffixes of 1-4 bytes: the bytes are the value */
    for (k = 1; k <= 4 && k <= f.nlower; k++) {
        uint32_t a = 0, z = 0;
        memcpy(&a, f.lower, k);
        memcpy(&z, f.lower + f.nlower - k, k);
        rows[m++] = row(lx, T_PRE, ((uint64_t)k << 32) | a);
        rows[m++] = row(lx, T_SUF, ((uint64_t)k << 32) | z);
    }
    if (t->fine) {
        static const uint8_t pl[3] = {4, 6, 8};
        for (k = 0; k < 3; k++) {
            uint32_t l = pl[k] < t->plen ? pl[k] : t->plen;
            uint64_t bits = l ? (t->path >> (32 - l)) : 0;
            rows[m++] = row(lx, T_CL, pair(pl[k], bits | (1ULL << 40)));
        }
        rows[m++] = row(lx, T_FINE, t->fine);
    } else {
        rows[m++] = row(lx, T_NOCL, (uint64_t)f.cc);
    }
    return m;
}

/* The document's word statistics: for each lower form, how often it is
 * written in lower case and capitalised in mid-sentence. */
struct docset {
    struct docent {
        uint64_t key;
        uint32_t lower, capmid;
    } *t;
    uint64_t mask;
};

static struct docent *doc_slot(struct docset *ds, uint64_t key)
{
    uint64_t i;

    for (i = key & ds->mask;; i = (i + 1) & ds->mask)
        if (ds->t[i].key == key || ds->t[i].key == 0) {
            ds->t[i].key = key;
            return &ds->t[i];
        }
}

/* Gazetteer matches of the sentence ti[0..n) into ti[].gaz. */
static void gaz_match(const struct ner_lex *lx, struct tokinfo *ti, size_t n,
                      int fold)
{
    size_t i, k, slot;

    if (!lx->gaz)
        return;
    for (i = 0; i < n; i++) {
        uint64_t h = NER_PHRASE0;
        if (!ti[i].gazstart)
            continue;
        for (k = 0; k < NER_GAZ_MAXLEN && i + k < n; k++) {
            const struct ner_gslot *e;
            uint32_t types;
            int b;

            h = ner_phrase_add(h, ti[i + k].lw);
            e = ner_gaz_get(lx, h, &slot);
            if (!e)
                break;
            types = e->types;
            if (lx->folds && fold >= 0) {
                int t;
                types &= ~0xfu;
                for (t = 0; t < NER_NTYPES; t++)
                    if (lx->folds[slot][t] & ~(1u << fold))
                        types |= 1u << t;
            }
            for (b = 0; types; b++, types >>= 1) {
                size_t j;
                if (!(types & 1))
                    continue;
                if (k == 0) {
                    ti[i].gaz |= 1ULL << (4 * b + NER_U);
                    continue;
                }
                ti[i].gaz |= 1ULL << (4 * b + NER_B);
                for (j = 1; j < k; j++)
                    ti[i + j].gaz |= 1ULL << (4 * b + NER_I);
                ti[i + k].gaz |= 1ULL << (4 * b + NER_L);
            }
            if (!e->prefix)
                break;
        }
    }
}

/* Sources (bits) of a token's gazetteer matches, positions dropped. */
static uint32_t gaz_sources(uint64_t g)
{
    uint32_t s = 0;
    int b;

    for (b = 0; g; b++, g >>= 4)
        if (g & 0xf)
            s |= 1u << b;
    return s;
}

/* A document (or window) being featurised; its arrays are kept and
 * reused from one window to the next. */
struct fdoc {
    const struct ner_lex *lx;
    struct tokinfo *ti;
    uint8_t *start, *capsent;
    struct docset ds;
    size_t n, cap, dcap;
};

static void fdoc_init(struct fdoc *d, const struct ner_lex *lx)
{
    memset(d, 0, sizeof *d);
    d->lx = lx;
}

/* Room for n tokens, document statistics cleared. */
static void fdoc_reset(struct fdoc *d, size_t n)
{
    size_t cap;

    if (n > d->cap) {
        d->cap = n;
        d->ti = hw_realloc(d->ti, n * sizeof *d->ti);
        d->start = hw_realloc(d->start, n);
        d->capsent = hw_realloc(d->capsent, n);
    }
    for (cap = 16; cap < 2 * n; cap *= 2)
        ;
    if (cap > d->dcap) {
        hw_free(d->ds.t);
        d->ds.t = hw_malloc(cap * sizeof *d->ds.t);
        d->dcap = cap;
    }
    memset(d->ds.t, 0, cap * sizeof *d->ds.t);
    d->ds.mask = cap - 1;
    d->n = n;
}

static void fdoc_release(struct fdoc *d)
{
    hw_free(d->ti);
    hw_free(d->start);
    hw_free(d->capsent);
    hw_free(d->ds.t);
}

/* With d->ti and d->start filled: document statistics, headline capitals
 * and gazetteer matches. */
static void fdoc_prepare(struct fdoc *d, int fold)
{
    size_t i, s0;

    for (i = 0; i < d->n; i++) {
        const struct tokinfo *t = &d->ti[i];
        struct docent *de = doc_slot(&d->ds, t->lw);
        d->ti[i].dsi = (uint32_t)(de - d->ds.t);
        if (t->cc == CC_LOWER)
            de->lower++;
        else if ((t->cc == CC_INIT || t->cc == CC_ONE) && !d->start[i])
            de->capmid++;
        d->ti[i].gaz = 0;
    }
    for (s0 = 0; s0 < d->n;) {
        size_t e = s0 + 1, alpha = 0, allc = 0, j;
        while (e < d->n && !d->start[e])
            e++;
        for (j = s0; j < e; j++) {
            if (d->ti[j].cc != CC_NONE)
                alpha++;
            if (d->ti[j].cc == CC_ALL)
                allc++;
        }
        for (j = s0; j < e; j++)
            d->capsent[j] = alpha >= 2 && allc * 10 >= alpha * 8;
        gaz_match(d->lx, d->ti + s0, e - s0, fold);
        s0 = e;
    }
}

/* Rows of the features a token takes from its neighbour t on side nb
 * (NB_*); t is NULL at a sentence edge.  At most NB_MAXROWS.  Depends
 * on t's word alone, so the tagger caches it per word and per side. */
#define NB_MAXROWS 4
static size_t nb_rows(const struct ner_lex *lx, const struct tokinfo *t,
                      int nb, uint32_t *fv)
{
    static const uint64_t tlw[NB_N] = {T_LWM1, T_LWP1, T_LWM2, T_LWP2};
    int before = nb == NB_PREV || nb == NB_PREV2;
    uint64_t edge = before ? BOS_HASH : EOS_HASH;
    size_t m = 0;

    fv[m++] = row(lx, tlw[nb], t ? t->lw : edge);
    if (nb == NB_PREV2 || nb == NB_NEXT2)
        return m;
    fv[m++] = row(lx, before ? T_SHM1 : T_SHP1, t ? t->sh : edge);
    if (t && t->fine) {
        fv[m++] = row(lx, before ? T_FINEM1 : T_FINEP1, t->fine);
        fv[m++] = row(lx, before ? T_CLM1 : T_CLP1,
                      (uint64_t)(t->path >> 26));
    }
    return m;
}

/* How many rows nb_rows() gives for t, without computing them. */
static size_t nb_count(const struct tokinfo *t, int nb)
{
    if (nb == NB_PREV2 || nb == NB_NEXT2)
        return 1;
    return t && t->fine ? 4 : 2;
}

/* Rows of the features of a word t and whether it starts its sentence:
 * its corpus statistics and its shape, with its case.  Two rows. */
#define START_ROWS 2
static size_t start_rows(const struct ner_lex *lx, const struct tokinfo *t,
                         int start, uint32_t *fv)
{
    fv[0] = row(lx, T_INFO, pair(t->info, (uint64_t)t->cc * 2 + start));
    fv[1] = row(lx, T_START, pair(t->sh, start ? 1 : (uint64_t)t->cc + 2));
    return START_ROWS;
}

/*
 * Rows of the features of token i that look beyond its word: sentence
 * position, neighbours, gazetteers, the document.  At most
 * NER_MAXF - WORD_ROWS.  With all 0, the rows that depend on one word
 * alone and which side of it the token is, or on its word and whether it
 * starts the sentence (nb_rows(), start_rows()), are left out, for the
 * caller to add from its cache; the other rows are the same either way.
 */
static size_t context_rows(struct fdoc *d, size_t i, uint32_t *fv, int all)
{
    const struct ner_lex *lx = d->lx;
    const struct tokinfo *ti = d->ti, *t = &ti[i];
    const uint8_t *start = d->start, *capsent = d->capsent;
    size_t n = d->n, m = 0, skip = 0, lim = NER_MAXF - WORD_ROWS;
    int hasp = !start[i], hasp2 = hasp && i >= 2 && !start[i - 1];
    int hasn = i + 1 < n && !start[i + 1];
    int hasn2 = hasn && i + 2 < n && !start[i + 2];
    const struct tokinfo *nt[NB_N];
    uint64_t lwm1 = hasp ? ti[i - 1].lw : BOS_HASH;
    uint64_t lwp1 = hasn ? ti[i + 1].lw : EOS_HASH;
    uint64_t shm1 = hasp ? ti[i - 1].sh : BOS_HASH;
    uint64_t shp1 = hasn ? ti[i + 1].sh : EOS_HASH;
    uint64_t ccm1 = hasp ? ti[i - 1].cc : 7, ccp1 = hasn ? ti[i + 1].cc : 7;
    uint64_t g = t->gaz;
    struct docent *de;
    uint32_t src;
    int b;

    nt[NB_PREV] = hasp ? &ti[i - 1] : NULL;
    nt[NB_NEXT] = hasn ? &ti[i + 1] : NULL;
    nt[NB_PREV2] = hasp2 ? &ti[i - 2] : NULL;
    nt[NB_NEXT2] = hasn2 ? &ti[i + 2] : NULL;
    for (b = 0; b < NB_N; b++) {
        if (all)
            m += nb_rows(lx, nt[b], b, fv + m);
        else
            skip += nb_count(nt[b], b);
    }
    if (all)
        m += start_rows(lx, t, start[i], fv + m);
    else
        skip += START_ROWS;
    fv[m++] = row(lx, T_SH2M, pair(shm1, t->sh));
    fv[m++] = row(lx, T_SH2P, pair(t->sh, shp1));
    fv[m++] = row(lx, T_LWM1SH, pair(lwm1, t->sh));
    fv[m++] = row(lx, T_SHLWP1, pair(t->sh, lwp1));
    fv[m++] = row(lx, T_CC3, ccm1 * 64 + t->cc * 8 + ccp1);
    if (capsent[i])
        fv[m++] = row(lx, T_CAPSENT, t->lw);
    fv[m++] = row(lx, T_CCSTART,
                  (uint64_t)t->cc * 4 + start[i] * 2 + capsent[i]);

    /* document evidence, this occurrence left out */
    de = &d->ds.t[t->dsi];
    {
        uint32_t lo = de->lower - (t->cc == CC_LOWER);
        uint32_t cm = de->capmid -
                      ((t->cc == CC_INIT || t->cc == CC_ONE) && !start[i]);
        fv[m++] = row(lx, T_DOC,
                      (uint64_t)(lo > 0) + 2 * (cm > 0) + 4 * t->cc +
                          32 * (uint64_t)start[i] + 64 * (uint64_t)capsent[i]);
    }

    /* gazetteers: own matches with position, neighbours' sources (the
     * limits count the rows left out, so that both ways agree) */
    for (b = 0; g && m + skip < lim - 4; b++, g >>= 1)
        if (g & 1)
            fv[m++] = row(lx, T_GAZ, (uint64_t)b * 2 + (t->cc == CC_LOWER));
    src = hasp ? gaz_sources(ti[i - 1].gaz) : 0;
    for (b = 0; src && m + skip < lim - 2; b++, src >>= 1)
        if (src & 1)
            fv[m++] = row(lx, T_GAZM1, (uint64_t)b);
    src = hasn ? gaz_sources(ti[i + 1].gaz) : 0;
    for (b = 0; src && m + skip < lim; b++, src >>= 1)
        if (src & 1)
            fv[m++] = row(lx, T_GAZP1, (uint64_t)b);
    return m;
}

void ner_features(const struct ner_lex *lx, const struct hw_str *words,
                  const uint8_t *sent, size_t n, int fold, uint32_t *feats,
                  uint8_t *nf)
{
    struct fdoc d;
    size_t i;

    if (n == 0)
        return;
    fdoc_init(&d, lx);
    fdoc_reset(&d, n);
    for (i = 0; i < n; i++) {
        d.start[i] = i == 0 || sent[i];
        nf[i] = (uint8_t)word_rows(lx, words[i].p, words[i].len, &d.ti[i],
                                   feats + i * NER_MAXF);
    }
    fdoc_prepare(&d, fold);
    for (i = 0; i < n; i++)
        nf[i] = (uint8_t)(nf[i] + context_rows(&d, i, feats + i * NER_MAXF +
                                                          nf[i], 1));
    fdoc_release(&d);
}

/* ---- Viterbi ----------------------------------------------------------- */

/*
 * Viterbi (1967) over the BILOU lattice.  delta[l] is the best score of
 * a path ending in l at token i; bp[i][l] the label before it.  BILOU
 * leaves two kinds of moves (ner_allowed()): out of an entity (O, L-x,
 * U-x) into O, B-y or U-y; and inside one (B-x, I-x) into I-x or L-x.
 * The loops walk exactly those, 97 of the 289 pairs.
 */
static const uint8_t v_out[9] = {0, 3, 4, 7, 8, 11, 12, 15, 16};
static const uint8_t v_open[9] = {0, 1, 4, 5, 8, 9, 12, 13, 16};

#define VITERBI(NAME, T, NEG)                                                \
    void NAME(const T *emit, const T *trans, size_t n, uint8_t *bp,          \
              uint8_t *best)                                                 \
    {                                                                        \
        T delta[NER_NL], nd[NER_NL];                                         \
        size_t i;                                                            \
        int a, b, k, t, bl = 0;                                              \
                                                                             \
        if (n == 0)                                                          \
            return;                                                          \
        for (b = 0; b < NER_NL; b++)                                         \
            delta[b] = ner_allowed(NER_NL, b)                                \
                           ? trans[NER_NL * NER_NL + b] + emit[b]            \
                           : NEG;                                            \
        for (i = 1; i < n; i++) {                                            \
            const T *e = emit + i * NER_NL;                                  \
            uint8_t *p = bp + i * NER_NL;                                    \
            for (k = 0; k < 9; k++) {                                        \
                T m = NEG;                                                   \
                int arg = 0, j;                                              \
                b = v_open[k];                                               \
                for (j = 0; j < 9; j++) {                                    \
                    T s;                                                     \
                    a = v_out[j];                                            \
                    s = delta[a] + trans[a * NER_NL + b];                    \
                    if (s > m) {                                             \
                        m = s;                                               \
                        arg = a;                                             \
                    }                                                        \
                }                                                            \
                nd[b] = m + e[b];                                            \
                p[b] = (uint8_t)arg;                                         \
            }                                                                \
            for (t = 0; t < NER_NTYPES; t++) {                               \
                int lb = NER_LAB(t, NER_B), li = NER_LAB(t, NER_I);          \
                for (b = li; b <= NER_LAB(t, NER_L); b++) {                  \
                    T s1 = delta[lb] + trans[lb * NER_NL + b];               \
                    T s2 = delta[li] + trans[li * NER_NL + b];               \
                    if (s1 >= s2) {                                          \
                        nd[b] = s1 + e[b];                                   \
                        p[b] = (uint8_t)lb;                                  \
                    } else {                                                 \
                        nd[b] = s2 + e[b];                                   \
                        p[b] = (uint8_t)li;                                  \
                    }                                                        \
                }                                                            \
            }                                                                \
            memcpy(delta, nd, sizeof delta);                                 \
        }                                                                    \
        {                                                                    \
            T m = NEG;                                                       \
            for (b = 0; b < NER_NL; b++)                                     \
                if (ner_may_end(b) && delta[b] > m) {                        \
                    m = delta[b];                                            \
                    bl = b;                                                  \
                }                                                            \
        }                                                                    \
        best[n - 1] = (uint8_t)bl;                                           \
        for (i = n - 1; i > 0; i--)                                          \
            best[i - 1] = bp[i * NER_NL + best[i]];                          \
    }

VITERBI(ner_viterbi_f, float, -1e30f)

/*
 * The run-time version: the same lattice, with each candidate's score
 * and label packed into one int64 (score << 8 | label), so that the
 * maximum is a branch-free compare and also gives the argument.  Ties go
 * to the higher label number.
 */
void ner_viterbi_i32(const int32_t *emit, const int32_t *trans, size_t n,
                     uint8_t *bp, uint8_t *best)
{
    int64_t delta[NER_NL], nd[NER_NL], dout[9];
    int64_t t2[9][9]; /* t2[k][j]: from v_out[j] to v_open[k] */
    const int64_t neg = (int64_t)INT32_MIN * 4;
    size_t i;
    int b, j, k, t;

    if (n == 0)
        return;
    for (k = 0; k < 9; k++)
        for (j = 0; j < 9; j++)
            t2[k][j] = (int64_t)trans[v_out[j] * NER_NL + v_open[k]] * 256 +
                       v_out[j];
    for (b = 0; b < NER_NL; b++)
        delta[b] = ner_allowed(NER_NL, b)
                       ? (int64_t)trans[NER_NL * NER_NL + b] + emit[b]
                       : neg;
    for (i = 1; i < n; i++) {
        const int32_t *e = emit + i * NER_NL;
        uint8_t *p = bp + i * NER_NL;
        for (j = 0; j < 9; j++)
            dout[j] = delta[v_out[j]] * 256;
        for (k = 0; k < 9; k++) {
            int64_t m = dout[0] + t2[k][0];
            for (j = 1; j < 9; j++) {
                int64_t s2 = dout[j] + t2[k][j];
                m = s2 > m ? s2 : m;
            }
            b = v_open[k];
            nd[b] = (m - (m & 255)) / 256 + e[b];
            p[b] = (uint8_t)(m & 255);
        }
        for (t = 0; t < NER_NTYPES; t++) {
            int lb = NER_LAB(t, NER_B), li = NER_LAB(t, NER_I);
            for (b = li; b <= NER_LAB(t, NER_L); b++) {
                int64_t s1 = (delta[lb] + trans[lb * NER_NL + b]) * 256 + lb;
                int64_t s2 = (delta[li] + trans[li * NER_NL + b]) * 256 + li;
                int64_t m = s1 > s2 ? s1 : s2;
                nd[b] = (m - (m & 255)) / 256 + e[b];
                p[b] = (uint8_t)(m & 255);
            }
        }
        memcpy(delta, nd, sizeof delta);
    }
    {
        int64_t m = INT64_MIN;
        for (b = 0; b < NER_NL; b++)
            if (ner_may_end(b)) {
                int64_t s2 = delta[b] * 256 + b;
                m = s2 > m ? s2 : m;
            }
        best[n - 1] = (uint8_t)(m & 255);
    }
    for (i = n - 1; i > 0; i--)
        best[i - 1] = bp[i * NER_NL + best[i]];
}

/* ---- model file -------------------------------------------------------- */

static void edge_scores(struct nlp_ner *m);

static int bad_model(struct hw_diag *d, const char *path, const char *why)
{
    return hw_fail(d, HW_EPARSE, "ner model", path, "%s", why);
}

/* A section of n bytes at off lies inside a file of size bytes. */
static int section_ok(uint64_t off, uint64_t n, uint64_t size)
{
    return off % 64 == 0 && off <= size && size - off >= n;
}

int nlp_ner_open(const char *path, struct nlp_ner **out, struct hw_diag *d)
{
    struct nlp_ner *m;
    struct ner_hdr h;
    struct stat st;
    void *map;
    int fd;
    uint64_t ntrans, nvocab, ngaz, nindex, nw;
    int32_t tr[(NER_NL + 1) * NER_NL];
    int a, b;

    *out = NULL;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return hw_fail(d, errno == ENOENT ? HW_ENOTFOUND : HW_EIO,
                       "ner model", path, "%s", strerror(errno));
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return hw_fail(d, HW_EIO, "ner model", path, "not a regular file");
    }
    if ((size_t)st.st_size < sizeof h) {
        close(fd);
        return bad_model(d, path, "file too short");
    }
    map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED)
        return hw_fail(d, HW_EIO, "ner model", path, "mmap: %s",
                       strerror(errno));
    memcpy(&h, map, sizeof h);
    if (memcmp(h.magic, "HWNER\0\0\0", 8) != 0) {
        munmap(map, (size_t)st.st_size);
        return bad_model(d, path, "not a hashwire NER model");
    }
    if (h.version != NER_VERSION || h.nlabels != NER_NL) {
        munmap(map, (size_t)st.st_size);
        return bad_model(d, path, "model of another version; rebuild it "
                                  "with `make models`");
    }
    if (h.rows_log2 < 7 || h.rows_log2 > 28 || h.vocab_log2 > 28 ||
        h.gaz_log2 > 28 || h.cl_bits < 1 || h.cl_bits > 15 ||
        h.nrows > ((uint32_t)1 << h.rows_log2) ||
        h.size != (uint64_t)st.st_size) {
        munmap(map, (size_t)st.st_size);
        return bad_model(d, path, "bad header or truncated file");
    }
    ntrans = (uint64_t)(NER_NL + 1) * NER_NL * sizeof(int32_t);
    nvocab = ((uint64_t)1 << h.vocab_log2) * sizeof(struct ner_vslot);
    ngaz = ((uint64_t)1 << h.gaz_log2) * sizeof(struct ner_gslot);
    nindex = ((uint64_t)1 << h.rows_log2) +
             ((uint64_t)1 << h.rows_log2) / NER_BLOCK * sizeof(uint32_t);
    nw = (uint64_t)h.nrows * sizeof(struct ner_row);
    if (!section_ok(h.off_trans, ntrans, h.size) ||
        !section_ok(h.off_vocab, nvocab, h.size) ||
        !section_ok(h.off_gaz, ngaz, h.size) ||
        !section_ok(h.off_index, nindex, h.size) ||
        !section_ok(h.off_weights, nw, h.size)) {
        munmap(map, (size_t)st.st_size);
        return bad_model(d, path, "bad section table or truncated file");
    }
    m = hw_calloc(1, sizeof *m);
    m->map = map;
    m->maplen = (size_t)st.st_size;
    memcpy(tr, (const char *)map + h.off_trans, sizeof tr);
    /* keep scores far from overflow: clamp transitions */
    for (a = 0; a <= NER_NL; a++)
        for (b = 0; b < NER_NL; b++) {
            int32_t v = tr[a * NER_NL + b];
            if (v > (1 << 24))
                v = 1 << 24;
            if (v < -(1 << 24))
                v = -(1 << 24);
            m->trans[a * NER_NL + b] = v;
        }
    m->lex.vocab = (const struct ner_vslot *)((const char *)map +
                                              h.off_vocab);
    m->lex.vmask = ((uint64_t)1 << h.vocab_log2) - 1;
    m->lex.gaz = (const struct ner_gslot *)((const char *)map + h.off_gaz);
    m->lex.gmask = ((uint64_t)1 << h.gaz_log2) - 1;
    m->lex.rows_log2 = h.rows_log2;
    m->lex.cl_bits = h.cl_bits;
    m->lex.folds = NULL;
    m->roff = (const uint8_t *)map + h.off_index;
    m->rbase = (const uint32_t *)(m->roff + ((size_t)1 << h.rows_log2));
    m->w = (const struct ner_row *)((const char *)map + h.off_weights);
    m->vocab_log2 = h.vocab_log2;
    m->gaz_log2 = h.gaz_log2;
    /* The row index must point inside the stored rows: check it all. */
    {
        size_t r, nr = (size_t)1 << h.rows_log2;
        for (r = 0; r < nr; r++) {
            uint64_t b = m->rbase[r / NER_BLOCK];
            if (b > h.nrows || (m->roff[r] && b + m->roff[r] > h.nrows))
                break;
        }
        if (r < nr) {
            nlp_ner_close(m);
            return bad_model(d, path, "bad row index");
        }
    }
    /* A table with no empty slot would make lookups loop: check. */
    {
        uint64_t i, empty = 0;
        for (i = 0; i <= m->lex.vmask && !empty; i++)
            empty = m->lex.vocab[i].fp == 0;
        if (empty) {
            for (i = 0, empty = 0; i <= m->lex.gmask && !empty; i++)
                empty = m->lex.gaz[i].fp == 0;
        }
        if (!empty) {
            nlp_ner_close(m);
            return bad_model(d, path, "full lookup table");
        }
    }
    edge_scores(m);
    *out = m;
    return 0;
}

int nlp_ner_open_default(struct nlp_ner **m, struct hw_diag *d)
{
    const char *dir = getenv("HASHWIRE_MODELS");
    struct hw_buf p;
    int r;

    hw_buf_init(&p, 4096);
    if (dir && *dir)
        hw_buf_printf(&p, "%s/%s", dir, NLP_NER_MODEL_FILE);
    else
        hw_buf_printf(&p, "models/%s", NLP_NER_MODEL_FILE);
    if (p.err) {
        hw_buf_release(&p);
        return hw_fail(d, HW_EINVAL, "ner model", "HASHWIRE_MODELS",
                       "path too long");
    }
    r = nlp_ner_open(p.p, m, d);
    hw_buf_release(&p);
    return r;
}

void nlp_ner_close(struct nlp_ner *m)
{
    if (!m)
        return;
    munmap(m->map, m->maplen);
    hw_free(m);
}

void nlp_ner_get_info(const struct nlp_ner *m, struct nlp_ner_info *info)
{
    info->file_bytes = m->maplen;
    info->nlabels = NER_NL;
    info->weight_rows = 1u << m->lex.rows_log2;
    info->vocab_slots = 1u << m->vocab_log2;
    info->gaz_slots = 1u << m->gaz_log2;
    info->clusters = 1u << m->lex.cl_bits;
}

/* ---- tagging ----------------------------------------------------------- */

/*
 * Word cache: what the features need of a word, and the summed weights
 * of the rows that depend on the word alone: its own rows, with those of
 * being in mid-sentence (V_MID) or at the start of one (V_START), and
 * the rows it gives the token after it (as that token's NB_PREV), before
 * it (NB_NEXT), two after and two before.  Direct-mapped by a hash of the
 * bytes.  News repeats its words ("the", ",", names), so most tokens skip
 * forms, hashing, lexicon lookups and three quarters of their weight
 * rows.  Keys are apart from the values, so that only they need
 * clearing.
 */
#define WCACHE 4096
enum { V_MID = NB_N, V_START, NV };
struct wkey {
    uint64_t key;
    size_t len;
};
struct wval {
    struct tokinfo ti;
    int32_t v[NV][VL]; /* v[NB_PREV]: as the previous word, ... */
};

/* Scratch memory of one tagging call, reused by its windows and
 * sentences, so that nothing is allocated per token or per sentence. */
struct ner_ws {
    struct wkey *wk;
    struct wval *wv;
    struct fdoc d;
    int32_t *base; /* per token, the scores of its word and neighbours */
    size_t bcap;
    uint32_t feats[NLP_SENT_MAX * NER_MAXF];
    uint8_t nf[NLP_SENT_MAX];
    int32_t emit[NLP_SENT_MAX * NER_NL];
    uint8_t bp[NLP_SENT_MAX * NER_NL];
    uint8_t best[NLP_SENT_MAX];
    uint8_t st[NLP_NER_DOC_MAX];
};

static struct ner_ws *ws_new(const struct nlp_ner *m)
{
    struct ner_ws *ws = hw_malloc(sizeof *ws);

    ws->wk = hw_calloc(WCACHE, sizeof *ws->wk);
    ws->wv = hw_malloc(WCACHE * sizeof *ws->wv);
    fdoc_init(&ws->d, &m->lex);
    ws->base = NULL;
    ws->bcap = 0;
    return ws;
}

static void ws_free(struct ner_ws *ws)
{
    fdoc_release(&ws->d);
    hw_free(ws->base);
    hw_free(ws->wv);
    hw_free(ws->wk);
    hw_free(ws);
}

/*
 * Hashed rows fv[0..n) to stored rows, in place, dropping the rows not
 * stored (their weights are all zero) and prefetching the others;
 * returns how many are left.  Branch-free: whether a row is stored is a
 * coin toss the branch predictor would lose.
 */
static inline size_t map_rows(const struct nlp_ner *m, uint32_t *fv,
                              size_t n)
{
    size_t j, k = 0;

    for (j = 0; j < n; j++) {
        uint32_t o = m->roff[fv[j]], in = o != 0;
        /* a row not stored gives s = base <= nrows, a harmless prefetch */
        uint32_t s = m->rbase[fv[j] / NER_BLOCK] + o - in;
        __builtin_prefetch(&m->w[s]);
        fv[k] = s;
        k += in;
    }
    return k;
}

/* Add the stored rows fv[0..k) into acc (NER_LANES lanes). */
static inline void add_rows(const struct ner_row *w, const uint32_t *fv,
                            size_t k, int32_t *acc)
{
    size_t j;
    int l;

    for (j = 0; j < k; j++) {
        const int16_t *q = w[fv[j]].q;
        for (l = 0; l < NER_LANES; l++)
            acc[l] += q[l];
    }
}

/* The summed weights of hashed rows fv[0..n) into v[0..VL). */
static inline void score_rows(const struct nlp_ner *m, uint32_t *fv,
                              size_t n, int32_t *v)
{
    int32_t acc[NER_LANES] = {0};

    add_rows(m->w, fv, map_rows(m, fv, n), acc);
    memcpy(v, acc, VL * sizeof *v);
}

/* a[0..VL) += b[0..VL). */
static inline void vadd(int32_t *restrict a, const int32_t *restrict b)
{
    int l;

    for (l = 0; l < VL; l++)
        a[l] += b[l];
}

/* The scores a token gets at a sentence edge, from the missing
 * neighbour on each side, into m->edge. */
static void edge_scores(struct nlp_ner *m)
{
    uint32_t fv[NB_MAXROWS];
    int nb;

    for (nb = 0; nb < NB_N; nb++)
        score_rows(m, fv, nb_rows(&m->lex, NULL, nb, fv), m->edge[nb]);
}

/* Fill cache entry v for the word p[0..len).  All rows are looked up
 * and prefetched before the first is summed. */
static void wval_fill(const struct nlp_ner *m, const char *p, size_t len,
                      struct wval *v)
{
    uint32_t fv[WORD_ROWS + 2 * START_ROWS + NB_N * NB_MAXROWS];
    size_t n[3 + NB_N], k = 0, j;
    int32_t word[NER_LANES] = {0};
    int s;

    /* segments: the word, start_rows() mid-sentence and at the start,
     * then nb_rows() of each side */
    n[0] = map_rows(m, fv, word_rows(&m->lex, p, len, &v->ti, fv));
    k = n[0];
    for (s = 0; s < 2; s++) {
        n[1 + s] = map_rows(m, fv + k, start_rows(&m->lex, &v->ti, s, fv + k));
        k += n[1 + s];
    }
    for (s = 0; s < NB_N; s++) {
        n[3 + s] = map_rows(m, fv + k, nb_rows(&m->lex, &v->ti, s, fv + k));
        k += n[3 + s];
    }
    add_rows(m->w, fv, n[0], word);
    for (j = 1, k = n[0]; j < 3 + NB_N; k += n[j], j++) {
        int32_t acc[NER_LANES];
        int vi = j == 1 ? V_MID : j == 2 ? V_START : (int)j - 3;
        if (j < 3)
            memcpy(acc, word, sizeof acc);
        else
            memset(acc, 0, sizeof acc);
        add_rows(m->w, fv + k, n[j], acc);
        memcpy(v->v[vi], acc, VL * sizeof *acc);
    }
}

/* Tag one window words[0..n) whose sentence starts are in ws->st; with
 * emit not NULL, also copy the emission scores there (ner_emissions()). */
static void tag_window(const struct nlp_ner *m, struct ner_ws *ws,
                       const struct hw_str *words, size_t n, uint8_t *labels,
                       int32_t *emit)
{
    const uint8_t *st = ws->st;
    struct fdoc *d = &ws->d;
    int32_t *base;
    size_t s0 = 0, i;

    if (n > ws->bcap) {
        ws->bcap = n;
        ws->base = hw_realloc(ws->base, n * VL * sizeof *ws->base);
    }
    base = ws->base;
    memset(base, 0, n * VL * sizeof *base);
    fdoc_reset(d, n);
    /* each word's scores go to its own token and, from the same cache
     * entry, to the neighbours that see it: what context_rows() leaves
     * out when not asked for all */
    for (i = 0; i < n; i++) {
        uint64_t key = ner_hash(words[i].p, words[i].len);
        struct wkey *k = &ws->wk[key & (WCACHE - 1)];
        struct wval *c = &ws->wv[key & (WCACHE - 1)];
        int32_t *b = base + i * VL;
        if (k->key != key || k->len != words[i].len) {
            wval_fill(m, words[i].p, words[i].len, c);
            k->key = key;
            k->len = words[i].len;
        }
        d->start[i] = st[i];
        d->ti[i] = c->ti;
        vadd(b, c->v[st[i] ? V_START : V_MID]);
        /* i is the previous word of i + 1, two before i + 2, ... */
        if (i + 1 < n && !st[i + 1]) {
            vadd(b + VL, c->v[NB_PREV]);
            if (i + 2 < n && !st[i + 2])
                vadd(b + 2 * VL, c->v[NB_PREV2]);
        }
        if (i >= 1 && !st[i]) {
            vadd(b - VL, c->v[NB_NEXT]);
            if (i >= 2 && !st[i - 1])
                vadd(b - 2 * VL, c->v[NB_NEXT2]);
        }
        /* ... or has no neighbour there */
        if (st[i])
            vadd(b, m->edge[NB_PREV]);
        if (st[i] || i < 2 || st[i - 1])
            vadd(b, m->edge[NB_PREV2]);
        if (i + 1 >= n || st[i + 1])
            vadd(b, m->edge[NB_NEXT]);
        if (i + 2 >= n || st[i + 1] || st[i + 2])
            vadd(b, m->edge[NB_NEXT2]);
    }
    fdoc_prepare(d, -1);
    while (s0 < n) {
        size_t e = s0 + 1;
        while (e < n && !st[e])
            e++;
        /* the sentence's rows, each fetched as soon as it is known, so
         * that the memory accesses overlap the hashing of the others */
        for (i = s0; i < e; i++) {
            uint32_t *fv = ws->feats + (i - s0) * NER_MAXF;
            ws->nf[i - s0] =
                (uint8_t)map_rows(m, fv, context_rows(d, i, fv, 0));
        }
        for (i = s0; i < e; i++) {
            int32_t acc[NER_LANES] = {0};
            int32_t *em = ws->emit + (i - s0) * NER_NL;
            memcpy(acc, base + i * VL, VL * sizeof *acc);
            add_rows(m->w, ws->feats + (i - s0) * NER_MAXF, ws->nf[i - s0],
                     acc);
            memcpy(em, acc, NER_NL * sizeof *em);
        }
        if (emit)
            memcpy(emit + s0 * NER_NL, ws->emit,
                   (e - s0) * NER_NL * sizeof *emit);
        ner_viterbi_i32(ws->emit, m->trans, e - s0, ws->bp, ws->best);
        ner_bilou_to_iob2(ws->best, e - s0, labels + s0);
        s0 = e;
    }
}

/* nlp_ner_tag() with a workspace. */
static void tag_words(const struct nlp_ner *m, struct ner_ws *ws,
                      const struct hw_str *words, const uint8_t *sent,
                      size_t n, uint8_t *labels)
{
    size_t w0 = 0;

    while (w0 < n) {
        /* a window: whole sentences, at most NLP_NER_DOC_MAX words */
        size_t i, last = w0, lim = n - w0 < NLP_NER_DOC_MAX
                                       ? n
                                       : w0 + NLP_NER_DOC_MAX;
        size_t cut = lim, slen = 0;
        for (i = w0; i < lim; i++) {
            int s = i == w0 || (sent && sent[i]) || slen >= NLP_SENT_MAX;
            if (s) {
                slen = 0;
                last = i;
            }
            ws->st[i - w0] = (uint8_t)s;
            slen++;
        }
        if (lim < n && last > w0) {
            /* does the next word start a sentence?  else cut at last */
            int s = (sent && sent[lim]) || slen >= NLP_SENT_MAX;
            if (!s)
                cut = last;
        }
        tag_window(m, ws, words + w0, cut - w0, labels + w0, NULL);
        w0 = cut;
    }
}

int nlp_ner_tag(const struct nlp_ner *m, const struct hw_str *words,
                const uint8_t *sent, size_t n, uint8_t *labels)
{
    struct ner_ws *ws;

    if (n == 0)
        return 0;
    ws = ws_new(m);
    tag_words(m, ws, words, sent, n, labels);
    ws_free(ws);
    return 0;
}

void ner_emissions(const struct nlp_ner *m, const struct hw_str *words,
                   const uint8_t *sent, size_t n, int fast, int32_t *emit)
{
    size_t i, k;

    if (n == 0)
        return;
    assert(n <= NLP_NER_DOC_MAX);
    if (fast) {
        struct ner_ws *ws = ws_new(m);
        uint8_t *labels = hw_malloc(n);
        for (i = 0; i < n; i++)
            ws->st[i] = i == 0 || sent[i];
        tag_window(m, ws, words, n, labels, emit);
        hw_free(labels);
        ws_free(ws);
        return;
    }
    {
        uint32_t *feats = hw_malloc(n * NER_MAXF * sizeof *feats);
        uint8_t *nf = hw_malloc(n);
        ner_features(&m->lex, words, sent, n, -1, feats, nf);
        memset(emit, 0, n * NER_NL * sizeof *emit);
        for (i = 0; i < n; i++)
            for (k = 0; k < nf[i]; k++) {
                uint32_t r = feats[i * NER_MAXF + k];
                const struct ner_row *w;
                int l;
                if (!m->roff[r])
                    continue;
                w = &m->w[m->rbase[r / NER_BLOCK] + m->roff[r] - 1];
                for (l = 0; l < NER_NL; l++)
                    emit[i * NER_NL + l] += w->q[l];
            }
        hw_free(feats);
        hw_free(nf);
    }
}

/* Text is tagged in windows of about this many bytes, cut at a line
 * break or a space. */
#define FIND_WINDOW (256 * 1024)

int nlp_ner_find(const struct nlp_ner *m, const char *text, size_t len,
                 struct nlp_mention **out, size_t *nout)
{
    struct nlp_tokens ts;
    struct hw_str *words = NULL;
    uint8_t *sent = NULL, *labels = NULL;
    struct nlp_mention *ms = NULL;
    size_t nm = 0, mcap = 0, off = 0, i, wcap = 0;
    struct ner_ws *ws = ws_new(m);
    int r = 0;

    *out = NULL;
    *nout = 0;
    nlp_tokens_init(&ts, FIND_WINDOW + 1);
    while (off < len) {
        size_t end = len - off > FIND_WINDOW ? off + FIND_WINDOW : len;
        if (end < len) {
            size_t c = end;
            while (c > off + FIND_WINDOW / 2 && text[c - 1] != '\n')
                c--;
            if (c == off + FIND_WINDOW / 2) {
                c = end;
                while (c > off + FIND_WINDOW / 2 && text[c - 1] != ' ')
                    c--;
            }
            if (c > off + FIND_WINDOW / 2)
                end = c;
            /* never cut inside a UTF-8 sequence */
            while (end > off + 1 && end < len &&
                   ((unsigned char)text[end] & 0xC0) == 0x80)
                end--;
        }
        ts.n = 0;
        r = nlp_tokenize(text + off, end - off, &ts);
        if (r != 0)
            break;
        if (ts.n > wcap) {
            wcap = ts.n;
            words = hw_realloc(words, wcap * sizeof *words);
            sent = hw_realloc(sent, wcap);
            labels = hw_realloc(labels, wcap);
        }
        for (i = 0; i < ts.n; i++) {
            words[i].p = text + off + ts.t[i].start;
            words[i].len = ts.t[i].end - ts.t[i].start;
            sent[i] = (ts.t[i].flags & NLP_TOKF_SENT) != 0;
        }
        tag_words(m, ws, words, sent, ts.n, labels);
        for (i = 0; i < ts.n;) {
            size_t j;
            if (!nlp_ner_label_begins(labels[i])) {
                i++;
                continue;
            }
            for (j = i + 1; j < ts.n && labels[j] == labels[i] + 1; j++)
                ;
            if (nm == mcap) {
                mcap = mcap ? mcap * 2 : 64;
                ms = hw_realloc(ms, mcap * sizeof *ms);
            }
            ms[nm].start = off + ts.t[i].start;
            ms[nm].end = off + ts.t[j - 1].end;
            ms[nm].type = nlp_ner_label_type(labels[i]);
            nm++;
            i = j;
        }
        off = end;
    }
    ws_free(ws);
    nlp_tokens_release(&ts);
    hw_free(words);
    hw_free(sent);
    hw_free(labels);
    if (r != 0) {
        hw_free(ms);
        return r;
    }
    *out = ms;
    *nout = nm;
    return 0;
}
