/*
 * ner_train.c - building the tagger's model file from ../shared/data.
 *
 * Steps, each deterministic:
 *
 *   1. Unlabelled text: the bodies of Reuters-21578 and Wikinews, BBC
 *      articles, AG News and HuffPost descriptions, and the words of the
 *      CoNLL-2003 and GMB training files (never eng.testa) are tokenized
 *      (token.c) and counted.  Titles are left out: written in capitals
 *      or Title Case, they would blur the capitalisation statistics.
 *   2. Word clusters (cluster.c) over the most frequent words, or read
 *      from a cache file written by an earlier run with the same data.
 *   3. Corpus statistics per lower form: frequency class and how often
 *      the word is capitalised in mid-sentence.
 *   4. Gazetteers: entity phrases of the CoNLL training annotations (by
 *      type), the GMB annotations (by type), Reuters-21578 index terms
 *      (people, organisations, places, exchanges), the "<Company Ltd>"
 *      marks of Reuters bodies, and dateline cities of Reuters and AG
 *      News.  The training documents are split in ten folds by document
 *      number, and a document's CoNLL gazetteer features only see the
 *      annotations of the other nine (jackknifing): otherwise every
 *      training name would be in the gazetteer, the model would learn to
 *      trust it blindly, and fail on new names.
 *   5. The averaged structured perceptron (Collins 2002) over BILOU
 *      labels with Viterbi decoding, sentences shuffled by a fixed-seed
 *      generator each epoch.  Averaging uses the "sum of updates times
 *      time" trick (Daume III 2006): w_avg = w - u / c.  We chose the
 *      perceptron over a CRF trained by SGD: it needs no learning-rate
 *      schedule and no regularisation constant, it is fast, and its
 *      averaged weights are known to match CRF accuracy on this task
 *      with the same features (Ratinov & Roth 2009 used it too).
 *   6. Weights are quantised to int16 with one scale, and the nonzero
 *      rows are written with the row index and the tables in the layout
 *      of ner_int.h.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "nlp/ner_int.h"

#define MAX_FILE ((size_t)256 << 20)
#define NFOLDS 10

/* ---- string table ------------------------------------------------------ */

/* Interned strings with counts: open addressing on ner_hash(). */
struct strtab {
    struct sent {
        uint64_t h;
        uint32_t off, len;
        uint64_t count;
        uint32_t lower, capmid; /* lower forms: case statistics */
    } *e;
    size_t n, cap;
    uint32_t *slot; /* index + 1, 0 empty */
    size_t nslot;
    struct hw_buf chars;
};

static void st_init(struct strtab *t)
{
    memset(t, 0, sizeof *t);
    t->nslot = 1 << 16;
    t->slot = hw_calloc(t->nslot, sizeof *t->slot);
    hw_buf_init(&t->chars, HW_BUF_NOLIMIT);
}

static void st_release(struct strtab *t)
{
    hw_free(t->e);
    hw_free(t->slot);
    hw_buf_release(&t->chars);
}

static uint32_t st_add(struct strtab *t, const char *s, size_t n)
{
    uint64_t h = ner_hash(s, n), i;
    struct sent *e;

    if (t->n * 2 >= t->nslot) {
        size_t k;
        hw_free(t->slot);
        t->nslot *= 2;
        t->slot = hw_calloc(t->nslot, sizeof *t->slot);
        for (k = 0; k < t->n; k++) {
            for (i = t->e[k].h & (t->nslot - 1); t->slot[i];
                 i = (i + 1) & (t->nslot - 1))
                ;
            t->slot[i] = (uint32_t)k + 1;
        }
    }
    for (i = h & (t->nslot - 1); t->slot[i]; i = (i + 1) & (t->nslot - 1)) {
        e = &t->e[t->slot[i] - 1];
        if (e->h == h && e->len == n &&
            memcmp(t->chars.p + e->off, s, n) == 0)
            return t->slot[i] - 1;
    }
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 4096;
        t->e = hw_realloc(t->e, t->cap * sizeof *t->e);
    }
    e = &t->e[t->n];
    memset(e, 0, sizeof *e);
    e->h = h;
    e->off = (uint32_t)t->chars.len;
    e->len = (uint32_t)n;
    hw_buf_add(&t->chars, s, n);
    t->slot[i] = (uint32_t)t->n + 1;
    return (uint32_t)t->n++;
}

/* ---- the unlabelled corpus --------------------------------------------- */

struct corpus {
    struct strtab words;  /* normalised forms */
    struct strtab lowers; /* lower forms with case statistics */
    uint32_t *ids;        /* word ids, NER_CL_BOUNDARY between sentences */
    size_t n, cap;
    size_t ntokens;
};

static void corpus_push(struct corpus *c, uint32_t id)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 1 << 20;
        c->ids = hw_realloc(c->ids, c->cap * sizeof *c->ids);
    }
    c->ids[c->n++] = id;
}

/* Count one sentence of words. */
static void corpus_sentence(struct corpus *c, const struct hw_str *w,
                            size_t n)
{
    size_t i;
    int initial = 1;

    for (i = 0; i < n; i++) {
        char norm[NER_WORD_MAX * 2], lower[NER_WORD_MAX * 2];
        size_t nn, nl;
        uint32_t id;
        int cc;

        ner_forms(w[i].p, w[i].len, norm, &nn, lower, &nl);
        id = st_add(&c->words, norm, nn);
        c->words.e[id].count++;
        corpus_push(c, id);
        id = st_add(&c->lowers, lower, nl);
        c->lowers.e[id].count++;
        cc = ner_case_class(w[i].p, w[i].len);
        if (cc == NER_CC_NONE)
            continue;
        if (!initial) {
            if (cc == NER_CC_LOWER)
                c->lowers.e[id].lower++;
            else if (cc == NER_CC_INIT || cc == NER_CC_ONE)
                c->lowers.e[id].capmid++;
        }
        initial = 0;
    }
    corpus_push(c, NER_CL_BOUNDARY);
    c->ntokens += n;
}

/* Tokenize text and count its sentences. */
static void corpus_text(struct corpus *c, const char *s, size_t len,
                        struct nlp_tokens *ts, struct hw_str **wbuf,
                        size_t *wcap)
{
    size_t i, s0;

    ts->n = 0;
    if (nlp_tokenize(s, len, ts) != 0 && ts->n == 0)
        return;
    if (ts->n > *wcap) {
        *wcap = ts->n;
        *wbuf = hw_realloc(*wbuf, *wcap * sizeof **wbuf);
    }
    for (i = 0; i < ts->n; i++) {
        (*wbuf)[i].p = s + ts->t[i].start;
        (*wbuf)[i].len = ts->t[i].end - ts->t[i].start;
    }
    for (s0 = 0; s0 < ts->n;) {
        size_t e = s0 + 1;
        while (e < ts->n && !(ts->t[e].flags & NLP_TOKF_SENT))
            e++;
        corpus_sentence(c, *wbuf + s0, e - s0);
        s0 = e;
    }
}

/* ---- gazetteers -------------------------------------------------------- */

struct gphrase {
    uint64_t key;
    uint16_t types;
    uint8_t prefix;
    uint16_t folds[NER_NTYPES];
};

struct gazb {
    struct gphrase *p;
    size_t n, cap;
    uint64_t *first; /* lower hashes of the first words of phrases */
    size_t nfirst, capfirst;
    uint64_t *slot; /* index + 1 */
    size_t nslot;
};

static struct gphrase *gaz_entry(struct gazb *g, uint64_t key)
{
    uint64_t i;

    if (g->n * 2 >= g->nslot) {
        size_t k;
        hw_free(g->slot);
        g->nslot = g->nslot ? g->nslot * 2 : 1 << 16;
        g->slot = hw_calloc(g->nslot, sizeof *g->slot);
        for (k = 0; k < g->n; k++) {
            for (i = g->p[k].key & (g->nslot - 1); g->slot[i];
                 i = (i + 1) & (g->nslot - 1))
                ;
            g->slot[i] = k + 1;
        }
    }
    for (i = key & (g->nslot - 1); g->slot[i]; i = (i + 1) & (g->nslot - 1))
        if (g->p[g->slot[i] - 1].key == key)
            return &g->p[g->slot[i] - 1];
    if (g->n == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 4096;
        g->p = hw_realloc(g->p, g->cap * sizeof *g->p);
    }
    memset(&g->p[g->n], 0, sizeof *g->p);
    g->p[g->n].key = key;
    g->slot[i] = g->n + 1;
    return &g->p[g->n++];
}

/* Add a phrase of words with source bit src (and for CoNLL, the fold). */
static void gaz_add(struct gazb *g, const struct hw_str *w, size_t n,
                    int src, int fold)
{
    uint64_t h = NER_PHRASE0;
    size_t i;
    struct gphrase *e;

    if (n == 0 || n > NER_GAZ_MAXLEN)
        return;
    for (i = 0; i < n; i++) {
        char norm[NER_WORD_MAX * 2], lower[NER_WORD_MAX * 2];
        size_t nn, nl;
        ner_forms(w[i].p, w[i].len, norm, &nn, lower, &nl);
        if (i == 0) {
            if (g->nfirst == g->capfirst) {
                g->capfirst = g->capfirst ? g->capfirst * 2 : 4096;
                g->first = hw_realloc(g->first,
                                      g->capfirst * sizeof *g->first);
            }
            g->first[g->nfirst++] = ner_hash(lower, nl);
        }
        h = ner_phrase_add(h, ner_hash(lower, nl));
        e = gaz_entry(g, h);
        if (i + 1 < n)
            e->prefix = 1;
    }
    e->types |= (uint16_t)(1u << src);
    if (src < NER_NTYPES && fold >= 0)
        e->folds[src] |= (uint16_t)(1u << fold);
}

/* Split text into words with the tokenizer and add it. */
static void gaz_add_text(struct gazb *g, const char *s, size_t len, int src,
                         struct nlp_tokens *ts)
{
    struct hw_str w[NER_GAZ_MAXLEN];
    size_t i;

    ts->n = 0;
    if (nlp_tokenize(s, len, ts) != 0 || ts->n == 0 ||
        ts->n > NER_GAZ_MAXLEN)
        return;
    for (i = 0; i < ts->n; i++) {
        w[i].p = s + ts->t[i].start;
        w[i].len = ts->t[i].end - ts->t[i].start;
    }
    gaz_add(g, w, ts->n, src, -1);
}

/* Entity spans of IOB2 labels: call gaz_add for each. */
static void gaz_add_spans(struct gazb *g, const struct hw_str *w,
                          const uint8_t *lab, size_t n, int fold)
{
    size_t i = 0, j;

    while (i < n) {
        if (!nlp_ner_label_begins(lab[i])) {
            i++;
            continue;
        }
        for (j = i + 1; j < n && lab[j] == lab[i] + 1; j++)
            ;
        gaz_add(g, w + i, j - i, NER_G_CONLL_PER + (lab[i] - 1) / 2, fold);
        i = j;
    }
}

/* ---- reading files ----------------------------------------------------- */

struct ctx {
    const struct nlp_ner_train_opts *o;
    struct hw_diag *d;
    struct corpus cor;
    struct gazb gaz;
    struct nlp_tokens ts, ts2;
    struct hw_str *wbuf;
    size_t wcap;
    struct hw_buf tmp;
};

static int read_data(struct ctx *x, const char *rel, struct hw_buf *b)
{
    struct hw_buf path;
    int r;

    hw_buf_init(&path, 4096);
    hw_buf_printf(&path, "%s/data/%s", x->o->shared, rel);
    hw_buf_init(b, MAX_FILE);
    r = hw_read_file(path.p, b, x->d);
    hw_buf_release(&path);
    return r;
}

static void info(const struct ctx *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void info(const struct ctx *x, const char *fmt, ...)
{
    va_list ap;

    if (!x->o->verbose)
        return;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* A string field of a JSON object, or NULL. */
static const char *jstr(json_t *o, const char *k, size_t *n)
{
    json_t *v = json_object_get(o, k);

    if (!json_is_string(v))
        return NULL;
    *n = json_string_length(v);
    return json_string_value(v);
}

/* Reuters body: "<Company Ltd>" marks become plain text and gazetteer
 * entries; "<TICK.ER>" marks go. */
static void reuters_body(struct ctx *x, const char *s, size_t n)
{
    size_t i = 0;

    hw_buf_reset(&x->tmp);
    while (i < n) {
        if (s[i] == '<') {
            size_t j = i + 1;
            int lower = 0;
            while (j < n && s[j] != '>' && s[j] != '<' && j - i < 100) {
                if (s[j] >= 'a' && s[j] <= 'z')
                    lower = 1;
                j++;
            }
            if (j < n && s[j] == '>') {
                if (lower) {
                    gaz_add_text(&x->gaz, s + i + 1, j - i - 1,
                                 NER_G_R_COMPANY, &x->ts2);
                    hw_buf_add(&x->tmp, s + i + 1, j - i - 1);
                }
                i = j + 1;
                continue;
            }
        }
        hw_buf_addc(&x->tmp, s[i]);
        i++;
    }
}

/* "ABU SHOUK CAMP, Sudan (Reuters) - ..." -> "ABU SHOUK CAMP". */
static void dateline(struct ctx *x, const char *s, size_t n)
{
    size_t i = 0, j;

    while (i < n && s[i] == ' ')
        i++;
    for (j = i; j < n && j - i < 40; j++) {
        char c = s[j];
        if (c == ',' || c == '(' || c == '-')
            break;
        if (!((c >= 'A' && c <= 'Z') || c == ' ' || c == '.' || c == '\''))
            return;
    }
    while (j > i && s[j - 1] == ' ')
        j--;
    if (j - i >= 3 && j < n)
        gaz_add_text(&x->gaz, s + i, j - i, NER_G_DATELINE, &x->ts2);
}

/* Reuters index terms: "james-baker" -> "james baker". */
static void slugs(struct ctx *x, json_t *o, const char *k, int src)
{
    json_t *a = json_object_get(o, k), *v;
    size_t i;

    json_array_foreach(a, i, v)
    {
        const char *s;
        size_t n, j;
        if (!json_is_string(v))
            continue;
        s = json_string_value(v);
        n = json_string_length(v);
        hw_buf_reset(&x->tmp);
        for (j = 0; j < n; j++)
            hw_buf_addc(&x->tmp, s[j] == '-' ? ' ' : s[j]);
        gaz_add_text(&x->gaz, x->tmp.p, x->tmp.len, src, &x->ts2);
    }
}

/* Read a JSONL file, handing each object to fn. */
static int jsonl(struct ctx *x, const char *rel,
                 void (*fn)(struct ctx *, json_t *))
{
    struct hw_buf b;
    size_t i = 0, lines = 0;
    int r = read_data(x, rel, &b);

    if (r != 0) {
        hw_buf_release(&b);
        return r;
    }
    while (i < b.len) {
        size_t e = i;
        json_t *o;
        while (e < b.len && b.p[e] != '\n')
            e++;
        o = json_loadb(b.p + i, e - i, 0, NULL);
        if (o) {
            fn(x, o);
            json_decref(o);
            lines++;
        }
        i = e + 1;
    }
    hw_buf_release(&b);
    info(x, "  %s: %zu records", rel, lines);
    return 0;
}

static void text_field(struct ctx *x, json_t *o, const char *k)
{
    size_t n;
    const char *s = jstr(o, k, &n);

    if (s)
        corpus_text(&x->cor, s, n, &x->ts, &x->wbuf, &x->wcap);
}

static void on_reuters(struct ctx *x, json_t *o)
{
    size_t n;
    const char *s = jstr(o, "body", &n);

    if (s) {
        reuters_body(x, s, n);
        corpus_text(&x->cor, x->tmp.p, x->tmp.len, &x->ts, &x->wbuf,
                    &x->wcap);
    }
    if ((s = jstr(o, "dateline", &n)) != NULL)
        dateline(x, s, n);
    slugs(x, o, "people", NER_G_R_PEOPLE);
    slugs(x, o, "orgs", NER_G_R_ORGS);
    slugs(x, o, "places", NER_G_R_PLACES);
    slugs(x, o, "exchanges", NER_G_R_ORGS);
}

static void on_wikinews(struct ctx *x, json_t *o)
{
    text_field(x, o, "body");
}

static void on_bbc(struct ctx *x, json_t *o)
{
    text_field(x, o, "text");
}

static void on_agnews(struct ctx *x, json_t *o)
{
    size_t n;
    const char *s = jstr(o, "description", &n);

    if (s)
        dateline(x, s, n);
    text_field(x, o, "description");
}

static void on_agdesc(struct ctx *x, json_t *o)
{
    text_field(x, o, "description_tokenized");
}

static void on_huffpost(struct ctx *x, json_t *o)
{
    text_field(x, o, "short_description");
}

/* ---- annotated files --------------------------------------------------- */

struct annotated {
    struct hw_buf text;
    struct nlp_conll c;
};

static int read_conll(struct ctx *x, const char *rel, struct annotated *a)
{
    int r = read_data(x, rel, &a->text);

    if (r != 0)
        return r;
    return nlp_conll_parse(a->text.p, a->text.len, (size_t)1 << 26, &a->c);
}

static void annotated_release(struct annotated *a)
{
    nlp_conll_release(&a->c);
    hw_buf_release(&a->text);
}

/* Words of an annotated file as unlabelled sentences. */
static void corpus_conll(struct ctx *x, const struct nlp_conll *c)
{
    size_t i = 0, j;

    while (i < c->n) {
        if (c->flags[i] & NLP_CONLL_DOCMARK) {
            i++;
            continue;
        }
        for (j = i + 1; j < c->n && !(c->flags[j] & (NLP_CONLL_SENT |
                                                     NLP_CONLL_DOCMARK));
             j++)
            ;
        corpus_sentence(&x->cor, c->words + i, j - i);
        i = j;
    }
}

/* GMB tags ("B-geo") to gazetteer sources; entity spans. */
static void gaz_gmb(struct ctx *x, const struct nlp_conll *c)
{
    size_t i = 0, j;

    while (i < c->n) {
        struct hw_str t = c->tags[i];
        int src;
        if (t.len < 5 || t.p[0] != 'B' || t.p[1] != '-') {
            i++;
            continue;
        }
        for (j = i + 1; j < c->n && !(c->flags[j] & NLP_CONLL_SENT) &&
                        c->tags[j].len == t.len && c->tags[j].p[0] == 'I' &&
                        memcmp(c->tags[j].p + 1, t.p + 1, t.len - 1) == 0;
             j++)
            ;
        if (memcmp(t.p + 2, "per", 3) == 0)
            src = NER_G_GMB_PER;
        else if (memcmp(t.p + 2, "org", 3) == 0)
            src = NER_G_GMB_ORG;
        else if (memcmp(t.p + 2, "geo", 3) == 0)
            src = NER_G_GMB_GEO;
        else if (memcmp(t.p + 2, "gpe", 3) == 0)
            src = NER_G_GMB_GPE;
        else if (memcmp(t.p + 2, "tim", 3) == 0)
            src = -1;
        else
            src = NER_G_GMB_OTHER;
        if (src >= 0)
            gaz_add(&x->gaz, c->words + i, j - i, src, -1);
        i = j;
    }
}

/*
 * GMB as CoNLL training data: per -> PER, org -> ORG, geo -> LOC, gpe
 * (mostly demonyms: "Iraqi") and art, eve, nat -> MISC, tim -> O.  GMB
 * has no document marks; every 10 sentences make a pseudo-document, so
 * that document features see neighbouring sentences, as in CoNLL.
 */
static void gmb_to_conll(struct nlp_conll *c)
{
    size_t i, sents = 0;

    for (i = 0; i < c->n; i++) {
        struct hw_str t = c->tags[i];
        int type = -1;
        c->flags[i] &= (uint8_t)~NLP_CONLL_DOC;
        if ((c->flags[i] & NLP_CONLL_SENT) && sents++ % 10 == 0)
            c->flags[i] |= NLP_CONLL_DOC;
        c->gold[i] = NLP_NER_O;
        if (t.len < 5 || (t.p[0] != 'B' && t.p[0] != 'I') || t.p[1] != '-')
            continue;
        if (memcmp(t.p + 2, "per", 3) == 0)
            type = 0;
        else if (memcmp(t.p + 2, "org", 3) == 0)
            type = 1;
        else if (memcmp(t.p + 2, "geo", 3) == 0)
            type = 2;
        else if (memcmp(t.p + 2, "tim", 3) != 0)
            type = 3;
        if (type >= 0)
            c->gold[i] = (uint8_t)(t.p[0] == 'B' ? 1 + 2 * type
                                                 : 2 + 2 * type);
    }
}

/* ---- clusters ---------------------------------------------------------- */

struct clusters {
    uint32_t nword;   /* clusterable words: ids 0 .. nword-1 by rank */
    uint32_t *rank2id; /* rank -> words id */
    uint32_t *path;
    uint8_t *plen;
    uint16_t *cls;
};

static const struct ctx *sort_ctx;

static int cmp_rank(const void *a, const void *b)
{
    const struct strtab *t = &sort_ctx->cor.words;
    const struct sent *x = &t->e[*(const uint32_t *)a];
    const struct sent *y = &t->e[*(const uint32_t *)b];
    size_t n = x->len < y->len ? x->len : y->len;
    int r;

    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    r = memcmp(t->chars.p + x->off, t->chars.p + y->off, n);
    if (r)
        return r;
    return x->len < y->len ? -1 : x->len > y->len;
}

/* Cache file: one line per word, "class plen path word". */
static int clusters_load(struct ctx *x, struct clusters *cl, const char *p)
{
    struct hw_buf b;
    size_t i = 0, n = 0, cap = 0;

    hw_buf_init(&b, MAX_FILE);
    if (hw_read_file(p, &b, NULL) != 0) {
        hw_buf_release(&b);
        return -1;
    }
    while (i < b.len) {
        size_t e = i, k;
        unsigned long v[3] = {0, 0, 0};
        int f = 0;
        while (e < b.len && b.p[e] != '\n')
            e++;
        for (k = i; k < e && f < 3; k++) {
            if (b.p[k] == ' ') {
                f++;
                continue;
            }
            if (b.p[k] < '0' || b.p[k] > '9')
                break;
            v[f] = v[f] * 10 + (unsigned long)(b.p[k] - '0');
        }
        if (f == 3 && k < e) {
            if (n == cap) {
                cap = cap ? cap * 2 : 65536;
                cl->rank2id = hw_realloc(cl->rank2id, cap * 4);
                cl->path = hw_realloc(cl->path, cap * 4);
                cl->plen = hw_realloc(cl->plen, cap);
                cl->cls = hw_realloc(cl->cls, cap * 2);
            }
            cl->rank2id[n] = st_add(&x->cor.words, b.p + k, e - k);
            cl->cls[n] = (uint16_t)v[0];
            cl->plen[n] = (uint8_t)v[1];
            cl->path[n] = (uint32_t)v[2];
            n++;
        }
        i = e + 1;
    }
    hw_buf_release(&b);
    cl->nword = (uint32_t)n;
    info(x, "clusters: %zu words from %s", n, p);
    return n ? 0 : -1;
}

static void clusters_save(const struct ctx *x, const struct clusters *cl,
                          const char *p)
{
    FILE *f = fopen(p, "w");
    uint32_t i;

    if (!f)
        return;
    for (i = 0; i < cl->nword; i++) {
        const struct sent *e = &x->cor.words.e[cl->rank2id[i]];
        fprintf(f, "%u %u %u %.*s\n", cl->cls[i], cl->plen[i], cl->path[i],
                (int)e->len, x->cor.words.chars.p + e->off);
    }
    fclose(f);
}

static int clusters_learn(struct ctx *x, struct clusters *cl)
{
    struct strtab *t = &x->cor.words;
    uint32_t *order = hw_malloc(t->n * sizeof *order);
    uint32_t *id2rank = hw_malloc(t->n * sizeof *id2rank);
    uint32_t i, nclu = 0, maxw = 60000;
    struct ner_cluster_opts co;
    int r;

    for (i = 0; i < t->n; i++)
        order[i] = i;
    sort_ctx = x;
    qsort(order, t->n, sizeof *order, cmp_rank);
    for (i = 0; i < t->n; i++)
        id2rank[order[i]] = i;
    while (nclu < t->n && nclu < maxw && t->e[order[nclu]].count >= 3)
        nclu++;
    for (i = 0; i < x->cor.n; i++)
        if (x->cor.ids[i] != NER_CL_BOUNDARY)
            x->cor.ids[i] = id2rank[x->cor.ids[i]];
    cl->nword = nclu;
    cl->rank2id = hw_malloc((nclu ? nclu : 1) * sizeof *cl->rank2id);
    cl->path = hw_malloc((nclu ? nclu : 1) * sizeof *cl->path);
    cl->plen = hw_malloc(nclu ? nclu : 1);
    cl->cls = hw_malloc((nclu ? nclu : 1) * sizeof *cl->cls);
    memcpy(cl->rank2id, order, nclu * sizeof *order);
    co.nclasses = (uint32_t)(x->o->nclusters > 0 ? x->o->nclusters : 1024);
    co.iterations = 8;
    co.leaf_iterations = 8;
    co.verbose = x->o->verbose;
    info(x, "clusters: %u words, %zu tokens, %u classes", nclu, x->cor.n,
         co.nclasses);
    r = ner_cluster(x->cor.ids, x->cor.n, (uint32_t)t->n, nclu, &co,
                    cl->path, cl->plen, cl->cls);
    hw_free(order);
    hw_free(id2rank);
    return r;
}

static void clusters_release(struct clusters *cl)
{
    hw_free(cl->rank2id);
    hw_free(cl->path);
    hw_free(cl->plen);
    hw_free(cl->cls);
}

/* ---- lexicon tables ---------------------------------------------------- */

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

static uint32_t log2_slots(size_t entries)
{
    uint32_t l = 4;

    while (((size_t)1 << l) < entries * 2)
        l++;
    return l;
}

/* Sort and deduplicate; returns the new count. */
static size_t uniq_u64(uint64_t *v, size_t n)
{
    size_t i, k = 0;

    qsort(v, n, sizeof *v, cmp_u64);
    for (i = 0; i < n; i++)
        if (k == 0 || v[i] != v[k - 1])
            v[k++] = v[i];
    return k;
}

/* The slot of key in a vocabulary table: its own, or the empty one
 * where it goes. */
static struct ner_vslot *vslot(struct ner_vslot *t, uint64_t mask,
                               uint64_t key)
{
    uint32_t fp = ner_fp(key);
    uint64_t i;

    for (i = key & mask; t[i].fp && t[i].fp != fp; i = (i + 1) & mask)
        ;
    return &t[i];
}

/* The vocabulary table: clusters, then lower-form statistics.  *cl_bits
 * gets the length of the cluster paths. */
static struct ner_vslot *build_vocab(struct ctx *x,
                                     const struct clusters *cl,
                                     uint32_t *log2, uint32_t *cl_bits)
{
    const struct strtab *lw = &x->cor.lowers;
    size_t i, nlow = 0, nfirst;
    struct ner_vslot *t;
    uint64_t mask;

    for (i = 0; i < lw->n; i++)
        nlow += lw->e[i].count >= 2;
    nfirst = uniq_u64(x->gaz.first, x->gaz.nfirst);
    *log2 = log2_slots(cl->nword + nlow + nfirst);
    mask = ((uint64_t)1 << *log2) - 1;
    t = hw_calloc(mask + 1, sizeof *t);
    *cl_bits = 1;
    for (i = 0; i < cl->nword; i++)
        if (cl->plen[i] > *cl_bits)
            *cl_bits = cl->plen[i];
    for (i = 0; i < cl->nword; i++) {
        const struct sent *e = &x->cor.words.e[cl->rank2id[i]];
        struct ner_vslot *v = vslot(t, mask, e->h);
        if (v->fp)
            continue;
        v->fp = ner_fp(e->h);
        v->cls = (uint16_t)(cl->cls[i] + 1);
    }
    for (i = 0; i < lw->n; i++) {
        const struct sent *e = &lw->e[i];
        uint64_t key = e->h ^ NER_SALT_LOWER;
        struct ner_vslot *v;
        unsigned capr = 0, fc = 0;
        uint64_t c;
        if (e->count < 2)
            continue;
        v = vslot(t, mask, key);
        if (v->fp)
            continue;
        if (e->lower + e->capmid >= 2) {
            double r = (double)e->capmid / (double)(e->lower + e->capmid);
            capr = 1 + (unsigned)(r * 8.0);
            if (capr > 9)
                capr = 9;
        }
        for (c = e->count; c > 1 && fc < 15; c >>= 1)
            fc++;
        v->fp = ner_fp(key);
        v->info = (uint8_t)(capr | (fc << 4));
    }
    /* the words gazetteer phrases start with, so that the tagger looks
     * phrases up only there */
    for (i = 0; i < nfirst; i++) {
        uint64_t key = x->gaz.first[i] ^ NER_SALT_LOWER;
        struct ner_vslot *v = vslot(t, mask, key);
        v->fp = ner_fp(key);
        v->flags |= NER_VF_GAZSTART;
    }
    return t;
}

static struct ner_gslot *build_gaz(const struct gazb *g, uint32_t *log2,
                                   uint16_t (**folds)[NER_NTYPES])
{
    struct ner_gslot *t;
    uint64_t mask, i;
    size_t k;
    int f;

    *log2 = log2_slots(g->n);
    mask = ((uint64_t)1 << *log2) - 1;
    t = hw_calloc(mask + 1, sizeof *t);
    *folds = hw_calloc(mask + 1, sizeof **folds);
    for (k = 0; k < g->n; k++) {
        const struct gphrase *p = &g->p[k];
        uint32_t fp = ner_fp(p->key);
        for (i = p->key & mask; t[i].fp && t[i].fp != fp; i = (i + 1) & mask)
            ;
        /* a phrase whose fingerprint is already there (never seen at
         * these sizes) shares its slot */
        t[i].fp = fp;
        t[i].types |= p->types;
        t[i].prefix |= p->prefix;
        for (f = 0; f < NER_NTYPES; f++)
            (*folds)[i][f] |= p->folds[f];
    }
    return t;
}

/* ---- the perceptron ---------------------------------------------------- */

/* A sentence of the training or development set. */
struct tsent {
    size_t tok; /* first token in the feature arrays */
    size_t n;
};

struct tset {
    uint32_t *feats; /* NER_MAXF per token */
    uint8_t *nf;
    uint8_t *gold;   /* BILOU */
    uint8_t *gold2;  /* IOB2 */
    size_t ntok, cap;
    struct tsent *s;
    size_t ns, scap;
};

static void tset_release(struct tset *t)
{
    hw_free(t->feats);
    hw_free(t->nf);
    hw_free(t->gold);
    hw_free(t->gold2);
    hw_free(t->s);
}

/* Features of every document of c into t; fold by document number when
 * folds is nonzero. */
static void tset_add(struct tset *t, const struct ner_lex *lx,
                     const struct nlp_conll *c, int folds)
{
    size_t i = 0, j, k, doc = 0;
    uint8_t *sent = hw_malloc(c->n ? c->n : 1);

    if (t->ntok + c->n > t->cap) {
        t->cap = t->ntok + c->n;
        t->feats = hw_realloc(t->feats, t->cap * NER_MAXF * sizeof *t->feats);
        t->nf = hw_realloc(t->nf, t->cap);
        t->gold = hw_realloc(t->gold, t->cap);
        t->gold2 = hw_realloc(t->gold2, t->cap);
    }
    while (i < c->n) {
        size_t base = t->ntok;
        if (c->flags[i] & NLP_CONLL_DOCMARK) {
            i++;
            continue;
        }
        for (j = i + 1; j < c->n && !(c->flags[j] & (NLP_CONLL_DOC |
                                                     NLP_CONLL_DOCMARK));
             j++)
            ;
        for (k = i; k < j; k++)
            sent[k] = (c->flags[k] & NLP_CONLL_SENT) || k == i;
        ner_features(lx, c->words + i, sent + i, j - i,
                     folds ? (int)(doc % NFOLDS) : -1,
                     t->feats + base * NER_MAXF, t->nf + base);
        memcpy(t->gold2 + base, c->gold + i, j - i);
        for (k = i; k < j;) {
            size_t e = k + 1;
            while (e < j && !sent[e])
                e++;
            ner_iob2_to_bilou(c->gold + k, e - k, t->gold + base + (k - i));
            if (t->ns == t->scap) {
                t->scap = t->scap ? t->scap * 2 : 4096;
                t->s = hw_realloc(t->s, t->scap * sizeof *t->s);
            }
            t->s[t->ns].tok = base + (k - i);
            t->s[t->ns].n = e - k;
            t->ns++;
            k = e;
        }
        t->ntok += j - i;
        doc++;
        i = j;
    }
    hw_free(sent);
}

static uint64_t rng_next(uint64_t *s)
{
    /* xorshift64* (Vigna 2016) */
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 0x2545f4914f6cdd1dULL;
}

static void emissions(const float *w, const struct tset *t,
                      const struct tsent *s, float *emit)
{
    size_t i, k;
    int l;

    for (i = 0; i < s->n; i++) {
        const uint32_t *fv = t->feats + (s->tok + i) * NER_MAXF;
        float *e = emit + i * NER_NL;
        for (l = 0; l < NER_NL; l++)
            e[l] = 0;
        for (k = 0; k < t->nf[s->tok + i]; k++) {
            const float *wr = w + (size_t)fv[k] * NER_NL;
            for (l = 0; l < NER_NL; l++)
                e[l] += wr[l];
        }
    }
}

static double evaluate(const float *w, const float *tr, const struct tset *t,
                       struct nlp_ner_score *sc)
{
    float *emit = hw_malloc((size_t)NLP_SENT_MAX * 4 * NER_NL * sizeof *emit);
    uint8_t *bp = hw_malloc((size_t)NLP_SENT_MAX * 4 * NER_NL);
    uint8_t best[NLP_SENT_MAX * 4], iob[NLP_SENT_MAX * 4];
    size_t i;

    memset(sc, 0, sizeof *sc);
    for (i = 0; i < t->ns; i++) {
        const struct tsent *s = &t->s[i];
        if (s->n > NLP_SENT_MAX * 4)
            continue;
        emissions(w, t, s, emit);
        ner_viterbi_f(emit, tr, s->n, bp, best);
        ner_bilou_to_iob2(best, s->n, iob);
        nlp_ner_score_add(sc, t->gold2 + s->tok, iob, NULL, s->n);
    }
    hw_free(emit);
    hw_free(bp);
    return nlp_ner_f1(sc, 0, NULL, NULL);
}

struct weights {
    float *w;
    double *u;
    float tr[(NER_NL + 1) * NER_NL];
    double tru[(NER_NL + 1) * NER_NL];
    size_t nw;
};

static void average(const struct weights *p, double c, float *w, float *tr)
{
    size_t i;

    for (i = 0; i < p->nw; i++)
        w[i] = (float)((double)p->w[i] - p->u[i] / c);
    for (i = 0; i < (NER_NL + 1) * NER_NL; i++)
        tr[i] = (float)((double)p->tr[i] - p->tru[i] / c);
}

static void train(const struct ctx *x, const struct tset *tr,
                  const struct tset *dev, uint32_t rows_log2, float *wout,
                  float *trout)
{
    struct weights p;
    size_t *order = hw_malloc(tr->ns * sizeof *order);
    float *emit = hw_malloc((size_t)NLP_SENT_MAX * 4 * NER_NL * sizeof *emit);
    uint8_t *bp = hw_malloc((size_t)NLP_SENT_MAX * 4 * NER_NL);
    uint8_t pred[NLP_SENT_MAX * 4];
    uint64_t rng = x->o->seed ? x->o->seed : 0x5eed0f4e11a5ULL;
    int epochs = x->o->epochs > 0 ? x->o->epochs : 12, ep;
    double c = 1;
    size_t i, k;

    memset(&p, 0, sizeof p);
    p.nw = ((size_t)1 << rows_log2) * NER_NL;
    p.w = hw_calloc(p.nw, sizeof *p.w);
    p.u = hw_calloc(p.nw, sizeof *p.u);
    for (i = 0; i < tr->ns; i++)
        order[i] = i;
    for (ep = 0; ep < epochs; ep++) {
        size_t errs = 0;
        clock_t t0 = clock();
        for (i = tr->ns; i > 1; i--) {
            size_t j = (size_t)(rng_next(&rng) % i), tmp = order[i - 1];
            order[i - 1] = order[j];
            order[j] = tmp;
        }
        for (i = 0; i < tr->ns; i++, c++) {
            const struct tsent *s = &tr->s[order[i]];
            const uint8_t *g = tr->gold + s->tok;
            if (s->n > NLP_SENT_MAX * 4)
                continue;
            emissions(p.w, tr, s, emit);
            ner_viterbi_f(emit, p.tr, s->n, bp, pred);
            for (k = 0; k < s->n; k++) {
                int pg = k ? g[k - 1] : NER_NL, pp = k ? pred[k - 1] : NER_NL;
                const uint32_t *fv = tr->feats + (s->tok + k) * NER_MAXF;
                size_t f;
                if (pred[k] != g[k]) {
                    errs++;
                    for (f = 0; f < tr->nf[s->tok + k]; f++) {
                        size_t r = (size_t)fv[f] * NER_NL;
                        p.w[r + g[k]] += 1;
                        p.u[r + g[k]] += c;
                        p.w[r + pred[k]] -= 1;
                        p.u[r + pred[k]] -= c;
                    }
                }
                if (pg != pp || g[k] != pred[k]) {
                    p.tr[pg * NER_NL + g[k]] += 1;
                    p.tru[pg * NER_NL + g[k]] += c;
                    p.tr[pp * NER_NL + pred[k]] -= 1;
                    p.tru[pp * NER_NL + pred[k]] -= c;
                }
            }
        }
        if (x->o->verbose) {
            struct nlp_ner_score sc;
            double f1 = 0;
            if (dev && dev->ns) {
                average(&p, c, wout, trout);
                f1 = evaluate(wout, trout, dev, &sc);
            }
            fprintf(stderr,
                    "  epoch %2d: %zu token errors, dev F1 %.2f (%.1fs)\n",
                    ep + 1, errs, f1,
                    (double)(clock() - t0) / CLOCKS_PER_SEC);
        }
    }
    average(&p, c, wout, trout);
    hw_free(p.w);
    hw_free(p.u);
    hw_free(order);
    hw_free(emit);
    hw_free(bp);
}

/* ---- the model file ---------------------------------------------------- */

static int put(FILE *f, const void *p, size_t n, uint64_t *off)
{
    static const char zero[64];
    size_t pad = (64 - (*off % 64)) % 64;

    if (pad && fwrite(zero, 1, pad, f) != pad)
        return -1;
    *off += pad;
    if (n && fwrite(p, 1, n, f) != n)
        return -1;
    *off += n;
    return 0;
}

static uint64_t aligned(uint64_t off)
{
    return (off + 63) / 64 * 64;
}

/*
 * Quantisation of the averaged weights (step 6): int16 in units of one
 * scale, set by the largest weight (it becomes 32000) or, when the
 * transitions are larger still, by them, so that they fit the range the
 * tagger accepts.  Rows whose weights are all zero, or round to zero,
 * are left out; the rest are kept in row order behind the row index
 * (ner_int.h).
 */
struct quant {
    uint8_t *roff;   /* 2^rows_log2 */
    uint32_t *rbase; /* 2^rows_log2 / NER_BLOCK */
    struct ner_row *rows;
    uint32_t nrows, cap;
    int32_t trq[(NER_NL + 1) * NER_NL];
    double scale;
};

static void quantise(const float *w, const float *tr, uint32_t rows_log2,
                     struct quant *q)
{
    size_t nr = (size_t)1 << rows_log2, r, i;
    double wmax = 0, trmax = 0;
    int l;

    memset(q, 0, sizeof *q);
    for (i = 0; i < nr * NER_NL; i++)
        if (fabs(w[i]) > wmax)
            wmax = fabs(w[i]);
    for (i = 0; i < (NER_NL + 1) * NER_NL; i++)
        if (fabs(tr[i]) > trmax)
            trmax = fabs(tr[i]);
    q->scale = wmax / 32000.0;
    if (trmax / (1 << 23) > q->scale)
        q->scale = trmax / (1 << 23);
    if (q->scale <= 0)
        q->scale = 1;
    for (i = 0; i < (NER_NL + 1) * NER_NL; i++)
        q->trq[i] = (int32_t)lrint(tr[i] / q->scale);

    q->roff = hw_calloc(nr, sizeof *q->roff);
    q->rbase = hw_calloc(nr / NER_BLOCK, sizeof *q->rbase);
    for (r = 0; r < nr; r++) {
        struct ner_row row;
        int nz = 0;

        if (r % NER_BLOCK == 0)
            q->rbase[r / NER_BLOCK] = q->nrows;
        memset(&row, 0, sizeof row);
        for (l = 0; l < NER_NL; l++) {
            row.q[l] = (int16_t)lrint(w[r * NER_NL + l] / q->scale);
            nz |= row.q[l] != 0;
        }
        if (!nz)
            continue;
        if (q->nrows == q->cap) {
            q->cap = q->cap ? q->cap * 2 : 4096;
            q->rows = hw_realloc(q->rows, q->cap * sizeof *q->rows);
        }
        q->rows[q->nrows++] = row;
        q->roff[r] = (uint8_t)(q->nrows - q->rbase[r / NER_BLOCK]);
    }
}

/* The weights and transitions q stands for, as float, into w and tr. */
static void dequantise(const struct quant *q, uint32_t rows_log2, float *w,
                       float *tr)
{
    size_t nr = (size_t)1 << rows_log2, r, i;
    int l;

    for (r = 0; r < nr; r++) {
        const struct ner_row *row = NULL;
        if (q->roff[r])
            row = &q->rows[q->rbase[r / NER_BLOCK] + q->roff[r] - 1];
        for (l = 0; l < NER_NL; l++)
            w[r * NER_NL + l] = row ? (float)(row->q[l] * q->scale) : 0.0f;
    }
    for (i = 0; i < (NER_NL + 1) * NER_NL; i++)
        tr[i] = (float)(q->trq[i] * q->scale);
}

static void quant_release(struct quant *q)
{
    hw_free(q->roff);
    hw_free(q->rbase);
    hw_free(q->rows);
}

static int write_model(const struct ctx *x, const struct quant *q,
                       uint32_t rows_log2, const struct ner_vslot *vocab,
                       uint32_t vlog2, const struct ner_gslot *gaz,
                       uint32_t glog2, uint32_t cl_bits)
{
    struct ner_hdr h;
    size_t nr = (size_t)1 << rows_log2;
    uint64_t off = 0;
    struct hw_buf tmp;
    FILE *f;
    int r = 0;

    memset(&h, 0, sizeof h);
    memcpy(h.magic, "HWNER\0\0\0", 8);
    h.version = NER_VERSION;
    h.nlabels = NER_NL;
    h.rows_log2 = rows_log2;
    h.vocab_log2 = vlog2;
    h.gaz_log2 = glog2;
    h.cl_bits = cl_bits;
    h.scale = (float)q->scale;
    h.nrows = q->nrows;
    h.off_trans = aligned(sizeof h);
    h.off_vocab = aligned(h.off_trans + sizeof q->trq);
    h.off_gaz = aligned(h.off_vocab + ((uint64_t)1 << vlog2) * sizeof *vocab);
    h.off_index = aligned(h.off_gaz + ((uint64_t)1 << glog2) * sizeof *gaz);
    h.off_weights = aligned(h.off_index + nr * sizeof *q->roff +
                            nr / NER_BLOCK * sizeof *q->rbase);
    h.size = h.off_weights + (uint64_t)q->nrows * sizeof *q->rows;

    hw_buf_init(&tmp, 4096);
    hw_buf_printf(&tmp, "%s.tmp", x->o->out);
    f = fopen(tmp.p, "wb");
    if (!f) {
        r = hw_fail(x->d, HW_EIO, "train ner", tmp.p, "%s", strerror(errno));
        goto out;
    }
    if (put(f, &h, sizeof h, &off) || put(f, q->trq, sizeof q->trq, &off) ||
        put(f, vocab, ((size_t)1 << vlog2) * sizeof *vocab, &off) ||
        put(f, gaz, ((size_t)1 << glog2) * sizeof *gaz, &off) ||
        put(f, q->roff, nr * sizeof *q->roff, &off) ||
        put(f, q->rbase, nr / NER_BLOCK * sizeof *q->rbase, &off) ||
        put(f, q->rows, (size_t)q->nrows * sizeof *q->rows, &off) ||
        off != h.size) {
        fclose(f);
        remove(tmp.p);
        r = hw_fail(x->d, HW_EIO, "train ner", tmp.p, "write failed");
        goto out;
    }
    if (fclose(f) != 0 || rename(tmp.p, x->o->out) != 0) {
        remove(tmp.p);
        r = hw_fail(x->d, HW_EIO, "train ner", x->o->out, "%s",
                    strerror(errno));
        goto out;
    }
    info(x, "model: %s, %.2f MB: %u of 2^%u weight rows (%.2f MB), "
            "vocabulary 2^%u slots (%.2f MB), gazetteer 2^%u (%.2f MB)",
         x->o->out, (double)h.size / 1e6, q->nrows, rows_log2,
         (double)(h.size - h.off_index) / 1e6, vlog2,
         (double)(h.off_gaz - h.off_vocab) / 1e6, glog2,
         (double)(h.off_index - h.off_gaz) / 1e6);
out:
    hw_buf_release(&tmp);
    return r;
}

/* ---- the whole run ----------------------------------------------------- */

int nlp_ner_train(const struct nlp_ner_train_opts *o, struct hw_diag *d)
{
    struct ctx x;
    struct annotated train_a, dev_a, gmb_a, gmb2_a;
    struct clusters cl;
    struct ner_vslot *vocab = NULL;
    struct ner_gslot *gaz = NULL;
    struct quant q;
    uint16_t(*folds)[NER_NTYPES] = NULL;
    uint32_t vlog2, glog2, cl_bits, rows_log2 = o->rows_log2 > 0
                                           ? (uint32_t)o->rows_log2
                                           : 18;
    struct ner_lex lx;
    struct tset tr, dev;
    float *w = NULL, trw[(NER_NL + 1) * NER_NL];
    int r, have_dev;
    size_t i;

    memset(&x, 0, sizeof x);
    memset(&cl, 0, sizeof cl);
    memset(&tr, 0, sizeof tr);
    memset(&dev, 0, sizeof dev);
    memset(&train_a, 0, sizeof train_a);
    memset(&dev_a, 0, sizeof dev_a);
    memset(&gmb_a, 0, sizeof gmb_a);
    memset(&gmb2_a, 0, sizeof gmb2_a);
    x.o = o;
    x.d = d;
    st_init(&x.cor.words);
    st_init(&x.cor.lowers);
    nlp_tokens_init(&x.ts, (size_t)1 << 24);
    nlp_tokens_init(&x.ts2, 64);
    hw_buf_init(&x.tmp, HW_BUF_NOLIMIT);
    if (rows_log2 < 10 || rows_log2 > 24) {
        r = hw_fail(d, HW_EINVAL, "train ner", "--rows", "2^10 .. 2^24");
        goto out;
    }

    /* annotated files */
    info(&x, "reading annotated corpora");
    if ((r = read_conll(&x, "ner/conll2003/eng.train.iob2", &train_a)) ||
        (r = read_conll(&x, "ner/gmb/gmb.train.conll", &gmb_a)) ||
        (r = read_conll(&x, "ner/gmb/gmb.dev.conll", &gmb2_a)))
        goto out;
    have_dev = read_conll(&x, "ner/conll2003/eng.testa.iob2", &dev_a) == 0;

    /* 1. unlabelled text (and gazetteers found along the way) */
    info(&x, "reading unlabelled text");
    if ((r = jsonl(&x, "corpus/reuters21578.jsonl", on_reuters)) ||
        (r = jsonl(&x, "corpus/wikinews_2019_2020.jsonl", on_wikinews)) ||
        (r = jsonl(&x, "categories/bbc/bbc.train.jsonl", on_bbc)) ||
        (r = jsonl(&x, "categories/agnews/agnews_train_union.jsonl",
                   on_agnews)) ||
        (r = jsonl(&x, "categories/agnews/agnews_train_desc_only.jsonl",
                   on_agdesc)) ||
        (r = jsonl(&x, "categories/huffpost/huffpost_v3_first9999.train.jsonl",
                   on_huffpost)) ||
        (r = jsonl(&x,
                   "categories/huffpost/huffpost_extra_2012_2018.train.jsonl",
                   on_huffpost)))
        goto out;
    corpus_conll(&x, &train_a.c);
    corpus_conll(&x, &gmb_a.c);
    corpus_conll(&x, &gmb2_a.c);
    info(&x, "unlabelled: %zu tokens, %zu word forms, %zu lower forms",
         x.cor.ntokens, x.cor.words.n, x.cor.lowers.n);

    /* 2. clusters */
    if (!o->clusters || clusters_load(&x, &cl, o->clusters) != 0) {
        clusters_release(&cl);
        memset(&cl, 0, sizeof cl);
        if ((r = clusters_learn(&x, &cl)) != 0) {
            hw_fail(d, r, "train ner", "clusters", "clustering failed");
            goto out;
        }
        if (o->clusters)
            clusters_save(&x, &cl, o->clusters);
    }

    /* 3, 4. tables */
    {
        size_t s0 = 0, doc = 0;
        /* CoNLL training annotations, with their fold */
        for (i = 0; i <= train_a.c.n; i++) {
            if (i == train_a.c.n ||
                (train_a.c.flags[i] & NLP_CONLL_DOCMARK)) {
                if (i > s0) {
                    gaz_add_spans(&x.gaz, train_a.c.words + s0,
                                  train_a.c.gold + s0, i - s0,
                                  (int)(doc % NFOLDS));
                    doc++;
                }
                s0 = i + 1;
            }
        }
        gaz_gmb(&x, &gmb_a.c);
        gaz_gmb(&x, &gmb2_a.c);
    }
    vocab = build_vocab(&x, &cl, &vlog2, &cl_bits);
    gaz = build_gaz(&x.gaz, &glog2, &folds);
    info(&x, "vocabulary 2^%u slots, gazetteer %zu phrases", vlog2,
         x.gaz.n);
    memset(&lx, 0, sizeof lx);
    lx.vocab = vocab;
    lx.vmask = ((uint64_t)1 << vlog2) - 1;
    lx.gaz = gaz;
    lx.gmask = ((uint64_t)1 << glog2) - 1;
    lx.rows_log2 = rows_log2;
    lx.cl_bits = cl_bits;
    lx.folds = (const uint16_t(*)[NER_NTYPES])folds;

    /* 5. features and training */
    tset_add(&tr, &lx, &train_a.c, 1);
    if (o->use_gmb) {
        gmb_to_conll(&gmb_a.c);
        tset_add(&tr, &lx, &gmb_a.c, 0);
    }
    if (have_dev) {
        lx.folds = NULL;
        tset_add(&dev, &lx, &dev_a.c, 0);
    }
    info(&x, "training: %zu sentences, %zu tokens; dev %zu sentences",
         tr.ns, tr.ntok, dev.ns);
    w = hw_malloc(((size_t)1 << rows_log2) * NER_NL * sizeof *w);
    train(&x, &tr, have_dev ? &dev : NULL, rows_log2, w, trw);

    /* 6. the file */
    quantise(w, trw, rows_log2, &q);
    r = write_model(&x, &q, rows_log2, vocab, vlog2, gaz, glog2, cl_bits);
    if (r == 0 && o->verbose && have_dev) {
        struct nlp_ner_score sc;
        dequantise(&q, rows_log2, w, trw);
        info(&x, "dev F1 of the quantised weights: %.2f",
             evaluate(w, trw, &dev, &sc));
    }
    quant_release(&q);
out:
    hw_free(w);
    tset_release(&tr);
    tset_release(&dev);
    hw_free(vocab);
    hw_free(gaz);
    hw_free(folds);
    clusters_release(&cl);
    annotated_release(&train_a);
    annotated_release(&dev_a);
    annotated_release(&gmb_a);
    annotated_release(&gmb2_a);
    st_release(&x.cor.words);
    st_release(&x.cor.lowers);
    hw_free(x.cor.ids);
    hw_free(x.gaz.p);
    hw_free(x.gaz.slot);
    hw_free(x.gaz.first);
    nlp_tokens_release(&x.ts);
    nlp_tokens_release(&x.ts2);
    hw_free(x.wbuf);
    hw_buf_release(&x.tmp);
    return r;
}
