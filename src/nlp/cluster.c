/*
 * cluster.c - word classes with a binary hierarchy, learned from
 * unlabelled text, for the tagger's cluster features.
 *
 * The model is the class bigram model of Brown et al. (1992): each word
 * w belongs to one class c(w), and the likelihood of a corpus is, up to
 * terms that do not depend on the classes,
 *
 *     L = sum_{a,b} F(N(a,b)) - sum_a F(N(a,.)) - sum_b F(N(.,b))
 *
 * with N(a,b) the number of bigrams whose first word is in class a and
 * second in b, and F(x) = x log x.  Brown's bottom-up merging is cubic in
 * the number of classes; we grow the hierarchy top-down instead, which
 * is linear in it per level:
 *
 *   1. Divisive exchange.  Start with one class.  At each of D levels,
 *      split every class c into 2c and 2c+1 (words alternate by
 *      frequency), then run the exchange algorithm (Kneser & Ney 1993;
 *      Martin, Liermann & Ney 1998) where each word may only move between
 *      the two halves of its parent: a word is taken out of its class,
 *      the change of L is computed for both halves from the word's own
 *      bigram counts by class, and it goes where L is largest.  A word's
 *      path is the sequence of halves it ends up in: the class number in
 *      binary.
 *   2. Exchange at the leaves.  A few passes (each costs more than all
 *      the levels together) where each word may move to any of the 2^D
 *      leaf classes; the tree of leaves stays as it is, and a moved word
 *      takes its new leaf's path.
 *
 * Words rarer than the vocabulary cut (ids >= nclusterable) and sentence
 * boundaries are context only: two fixed classes that never move.  Every
 * loop runs in word-id order and ties keep the current class, so the
 * result depends on nothing but the corpus.  Cost per pass is the number
 * of candidate classes times the number of distinct (word, neighbour
 * class) pairs: a few seconds at the leaves for ten million words.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nlp/ner_int.h"

#define FTAB 65536

struct cl {
    uint32_t nw;      /* word ids: clusterable, then RARE, BOUNDARY */
    uint32_t nmove;   /* clusterable words */
    uint32_t K;       /* matrix dimension: 2^D + 2 */
    uint32_t fixed0;  /* class of RARE; BOUNDARY is fixed0 + 1 */
    /* bigrams by word, both directions (CSR) */
    uint32_t *roff, *rnb, *rcnt;
    uint32_t *loff, *lnb, *lcnt;
    uint64_t *nl, *nr; /* word counts as left / right element */
    uint32_t *cls;
    int64_t *M, *MT;   /* K x K class bigrams and the transpose */
    int64_t *Nl, *Nr;  /* class counts */
    double *ftab;
    /* scratch */
    int64_t *rc, *lc;
    uint32_t *rt, *lt;
    uint8_t *rseen, *lseen;
};

static inline double F(const struct cl *c, int64_t x)
{
    if (x < FTAB)
        return c->ftab[x];
    return (double)x * log((double)x);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

/* CSR lists of (neighbour, count) from sorted (key << 32 | value) pairs. */
static void build_csr(uint64_t *pairs, size_t np, uint32_t nw,
                      uint32_t **off, uint32_t **nb, uint32_t **cnt)
{
    size_t i, u = 0;

    qsort(pairs, np, sizeof *pairs, cmp_u64);
    *off = hw_calloc((size_t)nw + 1, sizeof **off);
    *nb = hw_malloc((np ? np : 1) * sizeof **nb);
    *cnt = hw_malloc((np ? np : 1) * sizeof **cnt);
    for (i = 0; i < np;) {
        size_t j = i;
        while (j < np && pairs[j] == pairs[i])
            j++;
        (*nb)[u] = (uint32_t)pairs[i];
        (*cnt)[u] = (uint32_t)(j - i);
        (*off)[(pairs[i] >> 32) + 1]++;
        u++;
        i = j;
    }
    for (i = 0; i < nw; i++)
        (*off)[i + 1] += (*off)[i];
}

/* Counts of w's neighbours by class, w itself left out. */
static int64_t gather(struct cl *c, uint32_t w, size_t *nrt, size_t *nlt)
{
    uint32_t k;
    size_t nr = 0, nl = 0;
    int64_t self = 0;

    for (k = c->roff[w]; k < c->roff[w + 1]; k++) {
        uint32_t v = c->rnb[k], cv;
        if (v == w) {
            self += c->rcnt[k];
            continue;
        }
        cv = c->cls[v];
        if (!c->rseen[cv]) {
            c->rseen[cv] = 1;
            c->rt[nr++] = cv;
            c->rc[cv] = 0;
        }
        c->rc[cv] += c->rcnt[k];
    }
    for (k = c->loff[w]; k < c->loff[w + 1]; k++) {
        uint32_t v = c->lnb[k], cv;
        if (v == w)
            continue;
        cv = c->cls[v];
        if (!c->lseen[cv]) {
            c->lseen[cv] = 1;
            c->lt[nl++] = cv;
            c->lc[cv] = 0;
        }
        c->lc[cv] += c->lcnt[k];
    }
    *nrt = nr;
    *nlt = nl;
    return self;
}

static void ungather(struct cl *c, size_t nr, size_t nl)
{
    size_t i;

    for (i = 0; i < nr; i++)
        c->rseen[c->rt[i]] = 0;
    for (i = 0; i < nl; i++)
        c->lseen[c->lt[i]] = 0;
}

/* Add (sign 1) or remove (sign -1) word w to/from class k. */
static void move(struct cl *c, uint32_t w, uint32_t k, int64_t self,
                 size_t nr, size_t nl, int sign)
{
    size_t i;
    int64_t *Mk = c->M + (size_t)k * c->K, *MTk = c->MT + (size_t)k * c->K;

    for (i = 0; i < nr; i++) {
        uint32_t d = c->rt[i];
        Mk[d] += sign * c->rc[d];
        c->MT[(size_t)d * c->K + k] += sign * c->rc[d];
    }
    for (i = 0; i < nl; i++) {
        uint32_t d = c->lt[i];
        MTk[d] += sign * c->lc[d];
        c->M[(size_t)d * c->K + k] += sign * c->lc[d];
    }
    Mk[k] += sign * self;
    MTk[k] += sign * self;
    c->Nl[k] += sign * (int64_t)c->nl[w];
    c->Nr[k] += sign * (int64_t)c->nr[w];
}

/* Change of L if w (removed) joins class k. */
static double gain(const struct cl *c, uint32_t w, uint32_t k, int64_t self,
                   size_t nr, size_t nl)
{
    const int64_t *Mk = c->M + (size_t)k * c->K;
    const int64_t *MTk = c->MT + (size_t)k * c->K;
    double g = 0;
    size_t i;
    int64_t diag = self;

    for (i = 0; i < nr; i++) {
        uint32_t d = c->rt[i];
        if (d == k) {
            diag += c->rc[d];
            continue;
        }
        g += F(c, Mk[d] + c->rc[d]) - F(c, Mk[d]);
    }
    for (i = 0; i < nl; i++) {
        uint32_t d = c->lt[i];
        if (d == k) {
            diag += c->lc[d];
            continue;
        }
        g += F(c, MTk[d] + c->lc[d]) - F(c, MTk[d]);
    }
    g += F(c, Mk[k] + diag) - F(c, Mk[k]);
    g -= F(c, c->Nl[k] + (int64_t)c->nl[w]) - F(c, c->Nl[k]);
    g -= F(c, c->Nr[k] + (int64_t)c->nr[w]) - F(c, c->Nr[k]);
    return g;
}

/* Recount M, MT, Nl, Nr from the word classes. */
static void recount(struct cl *c)
{
    uint32_t w, k;
    size_t kk = (size_t)c->K * c->K;

    memset(c->M, 0, kk * sizeof *c->M);
    memset(c->MT, 0, kk * sizeof *c->MT);
    memset(c->Nl, 0, c->K * sizeof *c->Nl);
    memset(c->Nr, 0, c->K * sizeof *c->Nr);
    for (w = 0; w < c->nw; w++) {
        uint32_t a = c->cls[w];
        for (k = c->roff[w]; k < c->roff[w + 1]; k++) {
            uint32_t b = c->cls[c->rnb[k]];
            c->M[(size_t)a * c->K + b] += c->rcnt[k];
            c->MT[(size_t)b * c->K + a] += c->rcnt[k];
        }
        c->Nl[a] += (int64_t)c->nl[w];
        c->Nr[a] += (int64_t)c->nr[w];
    }
}

/*
 * One exchange pass.  Candidates for word w: classes first .. first+n-1
 * where first = base(w); with split nonzero, the two halves 2p, 2p+1 of
 * w's parent p = cls/2; else all nleaves classes.  Returns moves made.
 */
static size_t pass(struct cl *c, int split, uint32_t nleaves)
{
    uint32_t w, k;
    size_t moves = 0, nr, nl;

    for (w = 0; w < c->nmove; w++) {
        uint32_t a = c->cls[w], lo, hi, best;
        int64_t self = gather(c, w, &nr, &nl);
        double bg;

        move(c, w, a, self, nr, nl, -1);
        if (split) {
            lo = a & ~1u;
            hi = lo + 2;
        } else {
            lo = 0;
            hi = nleaves;
        }
        best = a;
        bg = gain(c, w, a, self, nr, nl);
        for (k = lo; k < hi; k++) {
            double g;
            if (k == a)
                continue;
            g = gain(c, w, k, self, nr, nl);
            if (g > bg + 1e-9) {
                bg = g;
                best = k;
            }
        }
        /* w's neighbour counts by class do not depend on w's class
         * (w itself is left out of them), so they serve both moves */
        move(c, w, best, self, nr, nl, 1);
        ungather(c, nr, nl);
        if (best != a) {
            c->cls[w] = best;
            moves++;
        }
    }
    return moves;
}

int ner_cluster(const uint32_t *corpus, size_t ntok, uint32_t nwords,
                uint32_t nclusterable, const struct ner_cluster_opts *o,
                uint32_t *path, uint8_t *plen, uint16_t *clsout)
{
    struct cl c;
    uint64_t *pairs;
    size_t i, np = 0;
    uint32_t depth = 0, leaves, w, d;
    int it;

    (void)nwords;
    memset(&c, 0, sizeof c);
    for (leaves = 1; leaves < o->nclasses; leaves *= 2)
        depth++;
    if (depth == 0 || depth > 15)
        return HW_EINVAL;
    c.nmove = nclusterable;
    c.nw = nclusterable + 2;
    c.fixed0 = leaves;
    c.K = leaves + 2;

    /* bigrams; rare words to RARE, boundaries to BOUNDARY */
    pairs = hw_malloc((ntok ? ntok : 1) * sizeof *pairs);
#define ID(x) ((x) == NER_CL_BOUNDARY ? nclusterable + 1                      \
               : (x) >= nclusterable  ? nclusterable                          \
                                      : (x))
    for (i = 0; i + 1 < ntok; i++)
        pairs[np++] = ((uint64_t)ID(corpus[i]) << 32) | ID(corpus[i + 1]);
    build_csr(pairs, np, c.nw, &c.roff, &c.rnb, &c.rcnt);
    for (i = 0; i + 1 < ntok; i++)
        pairs[i] = ((uint64_t)ID(corpus[i + 1]) << 32) | ID(corpus[i]);
#undef ID
    build_csr(pairs, np, c.nw, &c.loff, &c.lnb, &c.lcnt);
    hw_free(pairs);

    c.nl = hw_calloc(c.nw, sizeof *c.nl);
    c.nr = hw_calloc(c.nw, sizeof *c.nr);
    for (w = 0; w < c.nw; w++) {
        uint32_t k;
        for (k = c.roff[w]; k < c.roff[w + 1]; k++)
            c.nl[w] += c.rcnt[k];
        for (k = c.loff[w]; k < c.loff[w + 1]; k++)
            c.nr[w] += c.lcnt[k];
    }
    c.ftab = hw_malloc(FTAB * sizeof *c.ftab);
    c.ftab[0] = 0;
    for (i = 1; i < FTAB; i++)
        c.ftab[i] = (double)i * log((double)i);
    c.cls = hw_calloc(c.nw, sizeof *c.cls);
    c.M = hw_malloc((size_t)c.K * c.K * sizeof *c.M);
    c.MT = hw_malloc((size_t)c.K * c.K * sizeof *c.MT);
    c.Nl = hw_malloc(c.K * sizeof *c.Nl);
    c.Nr = hw_malloc(c.K * sizeof *c.Nr);
    c.rc = hw_calloc(c.K, sizeof *c.rc);
    c.lc = hw_calloc(c.K, sizeof *c.lc);
    c.rt = hw_malloc(c.K * sizeof *c.rt);
    c.lt = hw_malloc(c.K * sizeof *c.lt);
    c.rseen = hw_calloc(c.K, 1);
    c.lseen = hw_calloc(c.K, 1);
    c.cls[nclusterable] = c.fixed0;
    c.cls[nclusterable + 1] = c.fixed0 + 1;

    /* 1. divisive exchange */
    for (d = 1; d <= depth; d++) {
        uint32_t *rank = hw_calloc((size_t)1 << d, sizeof *rank);
        for (w = 0; w < c.nmove; w++) {
            uint32_t p = c.cls[w];
            c.cls[w] = 2 * p + (rank[p] & 1);
            rank[p]++;
        }
        hw_free(rank);
        recount(&c);
        for (it = 0; it < o->iterations; it++) {
            size_t mv = pass(&c, 1, 0);
            if (o->verbose)
                fprintf(stderr, "  clusters: level %u pass %d: %zu moves\n",
                        d, it + 1, mv);
            if (mv * 1000 < c.nmove)
                break;
        }
    }
    /* 2. exchange at the leaves */
    for (it = 0; it < o->leaf_iterations; it++) {
        size_t mv = pass(&c, 0, leaves);
        if (o->verbose)
            fprintf(stderr, "  clusters: leaves pass %d: %zu moves\n",
                    it + 1, mv);
        if (mv * 1000 < c.nmove)
            break;
    }
    for (w = 0; w < c.nmove; w++) {
        path[w] = c.cls[w] << (32 - depth);
        plen[w] = (uint8_t)depth;
        clsout[w] = (uint16_t)c.cls[w];
    }

    hw_free(c.roff);
    hw_free(c.rnb);
    hw_free(c.rcnt);
    hw_free(c.loff);
    hw_free(c.lnb);
    hw_free(c.lcnt);
    hw_free(c.nl);
    hw_free(c.nr);
    hw_free(c.ftab);
    hw_free(c.cls);
    hw_free(c.M);
    hw_free(c.MT);
    hw_free(c.Nl);
    hw_free(c.Nr);
    hw_free(c.rc);
    hw_free(c.lc);
    hw_free(c.rt);
    hw_free(c.lt);
    hw_free(c.rseen);
    hw_free(c.lseen);
    return 0;
}
