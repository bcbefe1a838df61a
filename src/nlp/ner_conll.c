/*
 * ner_conll.c - CoNLL token-per-line files and conlleval-style scores.
 *
 * The reader takes the CoNLL-2003 layout (TOKEN POS CHUNK NE), the GMB
 * layout (TOKEN POS NE) and bare tokens (contract C input): the first
 * column is the word, the last the label.  Labels in IOB1 (I- opens an
 * entity unless it continues one of the same type) come out in IOB2.
 *
 * Scores follow conlleval (Tjong Kim Sang, CoNLL-2000): a chunk starts at
 * B-X, or at I-X after anything but X; a predicted chunk is correct when
 * a gold chunk has the same type, start and end.
 */
#include <string.h>

#include "nlp/ner.h"

void nlp_conll_release(struct nlp_conll *c)
{
    hw_free(c->words);
    hw_free(c->gold);
    hw_free(c->flags);
    hw_free(c->tags);
    memset(c, 0, sizeof *c);
}

static uint8_t parse_label(struct hw_str t, int *inside)
{
    static const char *const types[] = {"PER", "ORG", "LOC", "MISC"};
    size_t k;

    *inside = 0;
    if (t.len < 3 || t.p[1] != '-' || (t.p[0] != 'B' && t.p[0] != 'I'))
        return NLP_NER_O;
    for (k = 0; k < 4; k++)
        if (t.len - 2 == strlen(types[k]) &&
            memcmp(t.p + 2, types[k], t.len - 2) == 0) {
            *inside = t.p[0] == 'I';
            return (uint8_t)(1 + 2 * k);
        }
    return NLP_NER_O;
}

int nlp_conll_parse(const char *s, size_t len, size_t max,
                    struct nlp_conll *c)
{
    size_t i = 0;
    int newsent = 1, newdoc = 1;
    uint8_t prev = NLP_NER_O;

    memset(c, 0, sizeof *c);
    while (i < len) {
        size_t e = i, a, b, la, lb;
        struct hw_str w, tag = {"", 0};
        int inside;
        uint8_t lab;

        while (e < len && s[e] != '\n')
            e++;
        /* columns: first and last */
        a = i;
        while (a < e && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r'))
            a++;
        if (a == e) { /* blank line */
            newsent = 1;
            i = e + 1;
            continue;
        }
        for (la = a; la < e && s[la] != ' ' && s[la] != '\t' &&
                     s[la] != '\r';
             la++)
            ;
        w.p = s + a;
        w.len = la - a;
        b = e;
        while (b > la && (s[b - 1] == ' ' || s[b - 1] == '\t' ||
                          s[b - 1] == '\r'))
            b--;
        if (b > la) {
            lb = b;
            while (lb > la && s[lb - 1] != ' ' && s[lb - 1] != '\t')
                lb--;
            tag.p = s + lb;
            tag.len = b - lb;
        }
        if (c->n >= max)
            return HW_ELIMIT;
        if (c->n == c->cap) {
            c->cap = c->cap ? c->cap * 2 : 1024;
            c->words = hw_realloc(c->words, c->cap * sizeof *c->words);
            c->tags = hw_realloc(c->tags, c->cap * sizeof *c->tags);
            c->gold = hw_realloc(c->gold, c->cap);
            c->flags = hw_realloc(c->flags, c->cap);
        }
        c->words[c->n] = w;
        c->tags[c->n] = tag;
        if (w.len == 10 && memcmp(w.p, "-DOCSTART-", 10) == 0) {
            c->gold[c->n] = NLP_NER_O;
            c->flags[c->n] = NLP_CONLL_DOCMARK;
            c->n++;
            newdoc = 1;
            newsent = 1;
            prev = NLP_NER_O;
            i = e + 1;
            continue;
        }
        lab = parse_label(tag, &inside);
        if (lab != NLP_NER_O && inside) {
            /* IOB1 -> IOB2: I- continues only its own type */
            if (!newsent && (prev == lab || prev == lab + 1))
                lab = (uint8_t)(lab + 1);
        }
        c->gold[c->n] = lab;
        c->flags[c->n] = (uint8_t)((newsent ? NLP_CONLL_SENT : 0) |
                                   (newdoc ? NLP_CONLL_DOC : 0));
        c->nsent += newsent;
        c->ndoc += newdoc;
        prev = lab;
        newsent = newdoc = 0;
        c->n++;
        i = e + 1;
    }
    return 0;
}

int nlp_ner_tag_conll(const struct nlp_ner *m, const struct nlp_conll *c,
                      uint8_t *labels)
{
    size_t i = 0, j, k;
    uint8_t *sent = hw_malloc(c->n ? c->n : 1);

    while (i < c->n) {
        if (c->flags[i] & NLP_CONLL_DOCMARK) {
            labels[i++] = NLP_NER_O;
            continue;
        }
        for (j = i + 1; j < c->n && !(c->flags[j] & (NLP_CONLL_DOC |
                                                     NLP_CONLL_DOCMARK));
             j++)
            ;
        for (k = i; k < j; k++)
            sent[k] = (c->flags[k] & NLP_CONLL_SENT) != 0;
        nlp_ner_tag(m, c->words + i, sent + i, j - i, labels + i);
        i = j;
    }
    hw_free(sent);
    return 0;
}

/* The chunk starting at i, if any: its type and end (exclusive). */
static int chunk_at(const uint8_t *l, const uint8_t *sent, size_t n,
                    size_t i, size_t *end)
{
    int t;
    size_t j;

    if (l[i] == NLP_NER_O || l[i] >= NLP_NER_NLABELS)
        return 0;
    t = (l[i] - 1) / 2;
    if ((l[i] - 1) % 2 == 1 && i > 0 && !(sent && sent[i]) &&
        l[i - 1] != NLP_NER_O && (l[i - 1] - 1) / 2 == t)
        return 0; /* continues a chunk */
    for (j = i + 1; j < n && !(sent && sent[j]) && l[j] == 2 + 2 * t; j++)
        ;
    *end = j;
    return NLP_PER + t;
}

void nlp_ner_score_add(struct nlp_ner_score *s, const uint8_t *gold,
                       const uint8_t *pred, const uint8_t *sent, size_t n)
{
    size_t i, ge, pe;

    for (i = 0; i < n; i++) {
        int gt = chunk_at(gold, sent, n, i, &ge);
        int pt = chunk_at(pred, sent, n, i, &pe);
        if (gt) {
            s->gold[0]++;
            s->gold[gt]++;
        }
        if (pt) {
            s->pred[0]++;
            s->pred[pt]++;
        }
        if (gt && gt == pt && ge == pe) {
            s->correct[0]++;
            s->correct[gt]++;
        }
    }
}

static double f1_of(size_t g, size_t p, size_t c, double *pp, double *rr)
{
    double prec = p ? 100.0 * (double)c / (double)p : 0.0;
    double rec = g ? 100.0 * (double)c / (double)g : 0.0;

    if (pp)
        *pp = prec;
    if (rr)
        *rr = rec;
    return prec + rec > 0 ? 2 * prec * rec / (prec + rec) : 0.0;
}

double nlp_ner_f1(const struct nlp_ner_score *s, int t, double *p, double *r)
{
    if (t < 0 || t > 4)
        t = 0;
    return f1_of(s->gold[t], s->pred[t], s->correct[t], p, r);
}

double nlp_ner_f1_types(const struct nlp_ner_score *s, unsigned mask,
                        double *p, double *r)
{
    size_t g = 0, pr = 0, c = 0;
    int t;

    for (t = 1; t <= 4; t++)
        if (mask & (1u << t)) {
            g += s->gold[t];
            pr += s->pred[t];
            c += s->correct[t];
        }
    return f1_of(g, pr, c, p, r);
}
