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
 *   - the words, shapes and lower-form bigrams within two tokens;
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
 * Weights are learned by the averaged perceptron (ner_train.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <utf8proc.h>

#include "nlp/ner_int.h"

struct nlp_ner {
    void *map;
    size_t maplen;
    struct ner_lex lex;
    const int16_t *w;
    int32_t trans[(NER_NL + 1) * NER_NL];
    uint32_t nclusters;
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

const struct ner_vent *ner_vocab_get(const struct ner_lex *lx, uint64_t key)
{
    uint64_t i;

    if (!lx->vocab)
        return NULL;
    for (i = key & lx->vmask;; i = (i + 1) & lx->vmask) {
        if (lx->vocab[i].key == key)
            return &lx->vocab[i];
        if (lx->vocab[i].key == 0)
            return NULL;
    }
}

const struct ner_gent *ner_gaz_get(const struct ner_lex *lx, uint64_t key,
                                   size_t *slot)
{
    uint64_t i;

    if (!lx->gaz)
        return NULL;
    for (i = key & lx->gmask;; i = (i + 1) & lx->gmask) {
        if (lx->gaz[i].key == key) {
            *slot = (size_t)i;
            return &lx->gaz[i];
        }
        if (lx->gaz[i].key == 0)
            return NULL;
    }
}

/* ---- features ---------------------------------------------------------- */

/* Templates. */
enum {
    T_BIAS = 1, T_W, T_LW, T_SH, T_LSH, T_PRE, T_SUF, T_CL, T_FINE, T_NOCL,
    T_INFO, T_GAZ, T_CAPSENT, T_START, T_DOC, T_LWM1, T_LWP1, T_LWM2,
    T_LWP2, T_SHM1, T_SHP1, T_SH2M, T_SH2P, T_SH3, T_BIM, T_BIP, T_CLM1,
    T_CLP1, T_FINEM1, T_FINEP1, T_GAZM1, T_GAZP1, T_CC3, T_LWM1SH, T_SHLWP1,
    T_WM1, T_WP1, T_CCSTART
};

/* What pass 1 keeps of each token for its neighbours. */
struct tokinfo {
    uint64_t w, lw, sh;
    uint64_t gaz;   /* bit 4 * source + position (B I L U) */
    uint32_t path;
    uint16_t fine;
    uint8_t plen, cc;
};

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

/* Gazetteer matches of the sentence s[0..n) into ti[].gaz. */
static void gaz_match(const struct ner_lex *lx, struct tokinfo *ti,
                      const uint64_t *lw, size_t n, int fold)
{
    size_t i, k, slot;

    if (!lx->gaz)
        return;
    for (i = 0; i < n; i++) {
        uint64_t h = NER_PHRASE0;
        for (k = 0; k < NER_GAZ_MAXLEN && i + k < n; k++) {
            const struct ner_gent *e;
            uint32_t types;
            int b;

            h = ner_phrase_add(h, lw[i + k]);
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

void ner_features(const struct ner_lex *lx, const struct hw_str *words,
                  const uint8_t *sent, size_t n, int fold, uint32_t *feats,
                  uint8_t *nf)
{
    struct tokinfo *ti;
    uint64_t *lwv;
    uint8_t *capsent, *start;
    struct docset ds;
    size_t i, s0, cap;

    if (n == 0)
        return;
    ti = hw_calloc(n, sizeof *ti);
    lwv = hw_malloc(n * sizeof *lwv);
    capsent = hw_malloc(n);
    start = hw_malloc(n);
    for (cap = 16; cap < 2 * n; cap *= 2)
        ;
    ds.t = hw_calloc(cap, sizeof *ds.t);
    ds.mask = cap - 1;

    /* Pass 1: forms, lexicon, local features. */
    for (i = 0; i < n; i++) {
        struct form f;
        struct tokinfo *t = &ti[i];
        uint32_t *fv = feats + i * NER_MAXF;
        const struct ner_vent *v, *vi;
        size_t k, m = 0;
        uint64_t key;

        start[i] = i == 0 || sent[i];
        make_form(words[i].p, words[i].len, &f);
        t->w = ner_hash(f.norm, f.nnorm);
        t->lw = ner_hash(f.lower, f.nlower);
        t->sh = ner_hash(f.sh, f.nsh);
        t->cc = (uint8_t)f.cc;
        lwv[i] = t->lw;

        v = ner_vocab_get(lx, t->w);
        if ((!v || !v->fine) && (f.cc == CC_ALL || f.cc == CC_ONE)) {
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
        if (!v || !v->fine) {
            char low[NER_WORD_MAX * 2];
            size_t j;
            for (j = 0; j < f.nnorm; j++)
                low[j] = (f.norm[j] >= 'A' && f.norm[j] <= 'Z')
                             ? (char)(f.norm[j] + 32)
                             : f.norm[j];
            v = ner_vocab_get(lx, ner_hash(low, f.nnorm));
        }
        if (v && v->fine) {
            t->path = v->path;
            t->plen = v->plen;
            t->fine = v->fine;
        }
        vi = ner_vocab_get(lx, t->lw ^ NER_SALT_LOWER);

        /* document statistics */
        {
            struct docent *de = doc_slot(&ds, t->lw);
            if (f.cc == CC_LOWER)
                de->lower++;
            else if ((f.cc == CC_INIT || f.cc == CC_ONE) && !start[i])
                de->capmid++;
        }

        fv[m++] = row(lx, T_BIAS, 0);
        fv[m++] = row(lx, T_W, t->w);
        fv[m++] = row(lx, T_LW, t->lw);
        fv[m++] = row(lx, T_SH, t->sh);
        fv[m++] = row(lx, T_LSH, ner_hash(f.lsh, f.nlsh));
        /* prefixes and suffixes of 1-4 bytes: the bytes are the value */
        for (k = 1; k <= 4 && k <= f.nlower; k++) {
            uint32_t a = 0, z = 0;
            memcpy(&a, f.lower, k);
            memcpy(&z, f.lower + f.nlower - k, k);
            fv[m++] = row(lx, T_PRE, ((uint64_t)k << 32) | a);
            fv[m++] = row(lx, T_SUF, ((uint64_t)k << 32) | z);
        }
        if (t->fine) {
            static const uint8_t pl[3] = {4, 6, 8};
            for (k = 0; k < 3; k++) {
                uint32_t l = pl[k] < t->plen ? pl[k] : t->plen;
                uint64_t bits = l ? (t->path >> (32 - l)) : 0;
                fv[m++] = row(lx, T_CL, pair(pl[k], bits | (1ULL << 40)));
            }
            fv[m++] = row(lx, T_FINE, t->fine);
        } else {
            fv[m++] = row(lx, T_NOCL, (uint64_t)f.cc);
        }
        key = vi ? vi->info : 0;
        fv[m++] = row(lx, T_INFO, pair(key, (uint64_t)f.cc * 2 + start[i]));
        fv[m++] = row(lx, T_START,
                      pair(t->sh, start[i] ? 1 : (uint64_t)f.cc + 2));
        nf[i] = (uint8_t)m;
    }

    /* Sentences: headline capitals, gazetteers. */
    for (s0 = 0; s0 < n;) {
        size_t e = s0 + 1, alpha = 0, allc = 0, j;
        while (e < n && !start[e])
            e++;
        for (j = s0; j < e; j++) {
            if (ti[j].cc != CC_NONE)
                alpha++;
            if (ti[j].cc == CC_ALL)
                allc++;
        }
        for (j = s0; j < e; j++)
            capsent[j] = alpha >= 2 && allc * 10 >= alpha * 8;
        gaz_match(lx, ti + s0, lwv + s0, e - s0, fold);
        s0 = e;
    }

    /* Pass 2: context, gazetteers, document. */
    for (i = 0; i < n; i++) {
        const struct tokinfo *t = &ti[i];
        uint32_t *fv = feats + i * NER_MAXF;
        size_t m = nf[i];
        int hasp = !start[i], hasp2 = hasp && i >= 2 && !start[i - 1];
        int hasn = i + 1 < n && !start[i + 1];
        int hasn2 = hasn && i + 2 < n && !start[i + 2];
        uint64_t lwm1 = hasp ? ti[i - 1].lw : BOS_HASH;
        uint64_t lwp1 = hasn ? ti[i + 1].lw : EOS_HASH;
        uint64_t shm1 = hasp ? ti[i - 1].sh : BOS_HASH;
        uint64_t shp1 = hasn ? ti[i + 1].sh : EOS_HASH;
        uint64_t ccm1 = hasp ? ti[i - 1].cc : 7, ccp1 = hasn ? ti[i + 1].cc : 7;
        uint64_t g = t->gaz;
        struct docent *de;
        uint32_t src;
        int b;

        fv[m++] = row(lx, T_LWM1, lwm1);
        fv[m++] = row(lx, T_LWP1, lwp1);
        fv[m++] = row(lx, T_LWM2, hasp2 ? ti[i - 2].lw : BOS_HASH);
        fv[m++] = row(lx, T_LWP2, hasn2 ? ti[i + 2].lw : EOS_HASH);
        fv[m++] = row(lx, T_WM1, hasp ? ti[i - 1].w : BOS_HASH);
        fv[m++] = row(lx, T_WP1, hasn ? ti[i + 1].w : EOS_HASH);
        fv[m++] = row(lx, T_SHM1, shm1);
        fv[m++] = row(lx, T_SHP1, shp1);
        fv[m++] = row(lx, T_SH2M, pair(shm1, t->sh));
        fv[m++] = row(lx, T_SH2P, pair(t->sh, shp1));
        fv[m++] = row(lx, T_SH3, pair(pair(shm1, t->sh), shp1));
        fv[m++] = row(lx, T_BIM, pair(lwm1, t->lw));
        fv[m++] = row(lx, T_BIP, pair(t->lw, lwp1));
        fv[m++] = row(lx, T_LWM1SH, pair(lwm1, t->sh));
        fv[m++] = row(lx, T_SHLWP1, pair(t->sh, lwp1));
        fv[m++] = row(lx, T_CC3, ccm1 * 64 + t->cc * 8 + ccp1);
        if (hasp && ti[i - 1].fine) {
            fv[m++] = row(lx, T_FINEM1, ti[i - 1].fine);
            fv[m++] = row(lx, T_CLM1,
                          (uint64_t)(ti[i - 1].path >> 26));
        }
        if (hasn && ti[i + 1].fine) {
            fv[m++] = row(lx, T_FINEP1, ti[i + 1].fine);
            fv[m++] = row(lx, T_CLP1,
                          (uint64_t)(ti[i + 1].path >> 26));
        }
        if (capsent[i])
            fv[m++] = row(lx, T_CAPSENT, t->lw);
        fv[m++] = row(lx, T_CCSTART,
                      (uint64_t)t->cc * 4 + start[i] * 2 + capsent[i]);

        /* document evidence, this occurrence left out */
        de = doc_slot(&ds, t->lw);
        {
            uint32_t lo = de->lower - (t->cc == CC_LOWER);
            uint32_t cm = de->capmid -
                          ((t->cc == CC_INIT || t->cc == CC_ONE) && !start[i]);
            fv[m++] = row(lx, T_DOC,
                          (uint64_t)(lo > 0) + 2 * (cm > 0) + 4 * t->cc +
                              32 * (uint64_t)start[i] +
                              64 * (uint64_t)capsent[i]);
        }

        /* gazetteers: own matches with position, neighbours' sources */
        for (b = 0; g && m < NER_MAXF - 4; b++, g >>= 1)
            if (g & 1)
                fv[m++] = row(lx, T_GAZ,
                              (uint64_t)b * 2 + (t->cc == CC_LOWER));
        src = hasp ? gaz_sources(ti[i - 1].gaz) : 0;
        for (b = 0; src && m < NER_MAXF - 2; b++, src >>= 1)
            if (src & 1)
                fv[m++] = row(lx, T_GAZM1, (uint64_t)b);
        src = hasn ? gaz_sources(ti[i + 1].gaz) : 0;
        for (b = 0; src && m < NER_MAXF; b++, src >>= 1)
            if (src & 1)
                fv[m++] = row(lx, T_GAZP1, (uint64_t)b);
        nf[i] = (uint8_t)m;
    }
    hw_free(ds.t);
    hw_free(start);
    hw_free(capsent);
    hw_free(lwv);
    hw_free(ti);
}

/* ---- Viterbi ----------------------------------------------------------- */

/*
 * Viterbi (1967) over the BILOU lattice.  delta[l] is the best score of
 * a path ending in l at token i; bp[i][l] the label before it.  Illegal
 * transitions are skipped rather than scored minus infinity.
 */
#define VITERBI(NAME, T, NEG)                                                \
    void NAME(const T *emit, const T *trans, size_t n, uint8_t *bp,          \
              uint8_t *best)                                                 \
    {                                                                        \
        T delta[NER_NL], nd[NER_NL];                                         \
        size_t i;                                                            \
        int a, b, bl = 0;                                                    \
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
            for (b = 0; b < NER_NL; b++) {                                   \
                T m = NEG;                                                   \
                int arg = 0;                                                 \
                const uint8_t *from = ner_from[b];                           \
                for (a = 0; from[a] != 0xff; a++) {                          \
                    T s = delta[from[a]] + trans[from[a] * NER_NL + b];      \
                    if (s > m) {                                             \
                        m = s;                                               \
                        arg = from[a];                                       \
                    }                                                        \
                }                                                            \
                nd[b] = m + e[b];                                            \
                p[b] = (uint8_t)arg;                                         \
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

/* For each label, the labels that may precede it, 0xff-terminated. */
static uint8_t ner_from[NER_NL][NER_NL + 1];

__attribute__((constructor)) static void ner_from_init(void)
{
    int a, b, k;

    for (b = 0; b < NER_NL; b++) {
        for (a = 0, k = 0; a < NER_NL; a++)
            if (ner_allowed(a, b))
                ner_from[b][k++] = (uint8_t)a;
        ner_from[b][k] = 0xff;
    }
}

VITERBI(ner_viterbi_i32, int32_t, INT32_MIN / 2)
VITERBI(ner_viterbi_f, float, -1e30f)

/* ---- model file -------------------------------------------------------- */

static int bad_model(struct hw_diag *d, const char *path, const char *why)
{
    return hw_fail(d, HW_EPARSE, "ner model", path, "%s", why);
}

int nlp_ner_open(const char *path, struct nlp_ner **out, struct hw_diag *d)
{
    struct nlp_ner *m;
    struct ner_hdr h;
    struct stat st;
    void *map;
    int fd;
    uint64_t ntrans, nvocab, ngaz, nw;
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
    ntrans = (uint64_t)(NER_NL + 1) * NER_NL * sizeof(int32_t);
    if (h.rows_log2 < 4 || h.rows_log2 > 28 || h.vocab_log2 > 28 ||
        h.gaz_log2 > 28 || h.size != (uint64_t)st.st_size) {
        munmap(map, (size_t)st.st_size);
        return bad_model(d, path, "bad header or truncated file");
    }
    nvocab = ((uint64_t)1 << h.vocab_log2) * sizeof(struct ner_vent);
    ngaz = ((uint64_t)1 << h.gaz_log2) * sizeof(struct ner_gent);
    nw = ((uint64_t)1 << h.rows_log2) * NER_STRIDE * sizeof(int16_t);
    if (h.off_trans % 64 || h.off_vocab % 64 || h.off_gaz % 64 ||
        h.off_weights % 64 || h.off_trans > h.size ||
        h.size - h.off_trans < ntrans || h.off_vocab > h.size ||
        h.size - h.off_vocab < nvocab || h.off_gaz > h.size ||
        h.size - h.off_gaz < ngaz || h.off_weights > h.size ||
        h.size - h.off_weights < nw) {
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
    m->lex.vocab = (const struct ner_vent *)((const char *)map + h.off_vocab);
    m->lex.vmask = ((uint64_t)1 << h.vocab_log2) - 1;
    m->lex.gaz = (const struct ner_gent *)((const char *)map + h.off_gaz);
    m->lex.gmask = ((uint64_t)1 << h.gaz_log2) - 1;
    m->lex.rows_log2 = h.rows_log2;
    m->lex.folds = NULL;
    m->w = (const int16_t *)((const char *)map + h.off_weights);
    m->nclusters = h.nclusters;
    m->vocab_log2 = h.vocab_log2;
    m->gaz_log2 = h.gaz_log2;
    /* A table with no empty slot would make lookups loop: check. */
    {
        uint64_t i, empty = 0;
        for (i = 0; i <= m->lex.vmask && !empty; i++)
            empty = m->lex.vocab[i].key == 0;
        if (empty) {
            for (i = 0, empty = 0; i <= m->lex.gmask && !empty; i++)
                empty = m->lex.gaz[i].key == 0;
        }
        if (!empty) {
            nlp_ner_close(m);
            return bad_model(d, path, "full lookup table");
        }
    }
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
    info->clusters = m->nclusters;
}

/* ---- tagging ----------------------------------------------------------- */

/* Tag one window words[0..n) whose sentence starts are in st. */
static void tag_window(const struct nlp_ner *m, const struct hw_str *words,
                       const uint8_t *st, size_t n, uint8_t *labels)
{
    uint32_t *feats = hw_malloc(n * NER_MAXF * sizeof *feats);
    uint8_t *nf = hw_malloc(n);
    int32_t *emit = hw_malloc((size_t)NLP_SENT_MAX * NER_NL * sizeof *emit);
    uint8_t *bp = hw_malloc((size_t)NLP_SENT_MAX * NER_NL);
    uint8_t best[NLP_SENT_MAX];
    size_t s0 = 0, i;

    ner_features(&m->lex, words, st, n, -1, feats, nf);
    while (s0 < n) {
        size_t e = s0 + 1;
        while (e < n && !st[e])
            e++;
        for (i = s0; i < e; i++) {
            /* 24 lanes: a multiple of every vector width, so that the
             * compiler vectorizes the sum; lanes past NER_NL are 0 */
            int32_t acc[24] = {0};
            const uint32_t *fv = feats + i * NER_MAXF;
            const uint32_t *fnext = feats + (i + 1) * NER_MAXF;
            size_t k, nnext = i + 1 < e ? nf[i + 1] : 0;
            int l;
            /* fetch the next token's rows while summing this one's */
            for (k = 0; k < nnext; k++)
                __builtin_prefetch(m->w + (size_t)fnext[k] * NER_STRIDE);
            for (k = 0; k < nf[i]; k++) {
                const int16_t *wr = m->w + (size_t)fv[k] * NER_STRIDE;
                for (l = 0; l < 24; l++)
                    acc[l] += wr[l];
            }
            memcpy(emit + (i - s0) * NER_NL, acc, NER_NL * sizeof *acc);
        }
        ner_viterbi_i32(emit, m->trans, e - s0, bp, best);
        ner_bilou_to_iob2(best, e - s0, labels + s0);
        s0 = e;
    }
    hw_free(bp);
    hw_free(emit);
    hw_free(nf);
    hw_free(feats);
}

int nlp_ner_tag(const struct nlp_ner *m, const struct hw_str *words,
                const uint8_t *sent, size_t n, uint8_t *labels)
{
    size_t w0 = 0;
    uint8_t *st;

    if (n == 0)
        return 0;
    st = hw_malloc(n < NLP_NER_DOC_MAX ? n : NLP_NER_DOC_MAX);
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
            st[i - w0] = (uint8_t)s;
            slen++;
        }
        if (lim < n && last > w0) {
            /* does the next word start a sentence?  else cut at last */
            int s = (sent && sent[lim]) || slen >= NLP_SENT_MAX;
            if (!s)
                cut = last;
        }
        tag_window(m, words + w0, st, cut - w0, labels + w0);
        w0 = cut;
    }
    hw_free(st);
    return 0;
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
        nlp_ner_tag(m, words, sent, ts.n, labels);
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
