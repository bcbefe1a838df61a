/*
 * bench_classify.c - quality and speed of the category classifier.
 *
 *     bench_classify [MODEL [DATA_DIR]]
 *
 * MODEL defaults to the default model path (models/category.model, or
 * under $HASHWIRE_MODELS), DATA_DIR to $HW_SHARED/data/categories.
 *
 * Quality: for the development split of each corpus separately (AG News,
 * HuffPost, BBC; the 10% chosen by nlp_split_bucket, never trained on),
 * after mapping the gold labels onto the taxonomy, prints accuracy and
 * macro-F1 (over the corpus's own classes) of
 *   - the model, as hashwire answers: the best of all sixteen classes;
 *   - the model restricted to the classes the corpus can express (the
 *     usual way to score a model on a corpus with fewer labels);
 *   - a multinomial naive Bayes baseline written here, over the very same
 *     features (log counts, unit length: Rennie et al. 2003, "Tackling the
 *     Poor Assumptions of Naive Bayes Text Classifiers"), trained in this
 *     run on the same training records, Laplace/Lidstone smoothing
 *     NB_ALPHA, also scored both ways;
 * then the coverage and accuracy above the model's threshold, the
 * expected calibration error (15 bins), and a confusion matrix (gold rows,
 * predicted columns, all sixteen-way).
 *
 * Speed: documents per second on one thread, through nlp_classify_n()
 * (features and scoring, no JSON), for headlines (titles of the
 * development records) and for whole articles (BBC title and text).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nlp/classify.h"

#define NB_ALPHA 0.05
#define ECE_BINS 15

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- naive Bayes ------------------------------------------------------ */

struct nb {
    double *logp;        /* [rows][NLP_NCAT] log P(feature | class) */
    double prior[NLP_NCAT];
    size_t rows;
};

static void nb_train(struct nb *nb, const struct nlp_dataset *ds,
                     const struct nlp_featcfg *cfg)
{
    double *count, total[NLP_NCAT] = {0}, docs[NLP_NCAT] = {0}, n = 0;
    struct nlp_featvec v;
    size_t i, k;
    int c;

    nb->rows = (size_t)1 << cfg->bits;
    count = calloc(nb->rows * NLP_NCAT, sizeof *count);
    nb->logp = malloc(nb->rows * NLP_NCAT * sizeof *nb->logp);
    if (!count || !nb->logp) {
        fprintf(stderr, "bench_classify: out of memory\n");
        exit(1);
    }
    nlp_featvec_init(&v);
    for (i = 0; i < ds->n; i++) {
        const struct nlp_example *e = &ds->ex[i];
        if (e->bucket == NLP_SPLIT_DEV)
            continue;
        nlp_features(cfg, e->title, strlen(e->title), e->text,
                     strlen(e->text), &v);
        for (k = 0; k < v.n; k++) {
            count[(size_t)v.f[k].idx * NLP_NCAT + (size_t)e->label] +=
                v.f[k].val;
            total[e->label] += v.f[k].val;
        }
        docs[e->label]++;
        n++;
    }
    nlp_featvec_release(&v);
    for (c = 0; c < NLP_NCAT; c++) {
        double denom = log(total[c] + NB_ALPHA * (double)nb->rows);
        nb->prior[c] = log((docs[c] + 1) / (n + NLP_NCAT));
        for (i = 0; i < nb->rows; i++)
            nb->logp[i * NLP_NCAT + (size_t)c] =
                log(count[i * NLP_NCAT + (size_t)c] + NB_ALPHA) - denom;
    }
    free(count);
}

static void nb_scores(const struct nb *nb, const struct nlp_featvec *v,
                      double z[NLP_NCAT])
{
    size_t k;
    int c;

    for (c = 0; c < NLP_NCAT; c++)
        z[c] = nb->prior[c];
    for (k = 0; k < v->n; k++)
        for (c = 0; c < NLP_NCAT; c++)
            z[c] += v->f[k].val * nb->logp[(size_t)v->f[k].idx * NLP_NCAT +
                                           (size_t)c];
}

/* ---- scoring ---------------------------------------------------------- */

struct tally {
    size_t conf[NLP_NCAT][NLP_NCAT]; /* gold, predicted */
    size_t n, right;
};

static void tally_add(struct tally *t, int gold, int pred)
{
    t->conf[gold][pred]++;
    t->n++;
    t->right += gold == pred;
}

static double accuracy(const struct tally *t)
{
    return t->n ? (double)t->right / (double)t->n : 0;
}

/* Macro-F1 over the classes in mask. */
static double macro_f1(const struct tally *t, unsigned mask)
{
    double sum = 0;
    int c, k, classes = 0;

    for (c = 0; c < NLP_NCAT; c++) {
        size_t tp = t->conf[c][c], fp = 0, fn = 0;
        if (!(mask >> c & 1))
            continue;
        for (k = 0; k < NLP_NCAT; k++) {
            if (k == c)
                continue;
            fp += t->conf[k][c];
            fn += t->conf[c][k];
        }
        sum += tp ? 2.0 * (double)tp / (double)(2 * tp + fp + fn) : 0;
        classes++;
    }
    return classes ? sum / classes : 0;
}

static int argmax(const double z[NLP_NCAT], unsigned mask)
{
    int c, best = -1;

    for (c = 0; c < NLP_NCAT; c++)
        if ((mask >> c & 1) && (best < 0 || z[c] > z[best]))
            best = c;
    return best;
}

static void print_confusion(const struct tally *t, unsigned gold_mask)
{
    int g, p;
    unsigned used = 0;

    for (g = 0; g < NLP_NCAT; g++)
        for (p = 0; p < NLP_NCAT; p++)
            if (t->conf[g][p])
                used |= 1u << p;
    printf("    %-16s", "gold \\ predicted");
    for (p = 0; p < NLP_NCAT; p++)
        if (used >> p & 1)
            printf(" %5.5s", nlp_categories[p]);
    printf("\n");
    for (g = 0; g < NLP_NCAT; g++) {
        if (!(gold_mask >> g & 1))
            continue;
        printf("    %-16.16s", nlp_categories[g]);
        for (p = 0; p < NLP_NCAT; p++)
            if (used >> p & 1)
                printf(" %5zu", t->conf[g][p]);
        printf("\n");
    }
}

/* ---- speed ------------------------------------------------------------ */

static double docs_per_s(const struct nlp_classifier *m,
                         const struct nlp_dataset *ds, int corpus,
                         int with_text)
{
    double t0 = now_s(), t;
    size_t done = 0, i, pass;
    const char *cat;
    double score, sink = 0;

    for (pass = 0;; pass++) {
        for (i = 0; i < ds->n; i++) {
            const struct nlp_example *e = &ds->ex[i];
            if (corpus >= 0 && (int)e->corpus != corpus)
                continue;
            if (!with_text && !e->title[0])
                continue;
            nlp_classify_n(m, e->title, strlen(e->title),
                           with_text ? e->text : NULL,
                           with_text ? strlen(e->text) : 0, &cat, &score);
            sink += score;
            done++;
        }
        t = now_s() - t0;
        if (t >= 1.0 || done == 0)
            break;
    }
    if (sink < 0)
        printf("?\n");
    return done ? (double)done / t : 0;
}

int main(int argc, char **argv)
{
    struct nlp_classifier *m;
    struct nlp_dataset ds;
    struct nlp_featcfg cfg, nbcfg;
    struct nlp_featvec v;
    struct hw_diag d;
    struct hw_buf path, data;
    struct nb nb;
    const char *shared = getenv("HW_SHARED");
    int corpus;
    double t0;

    hw_buf_init(&path, 4096);
    hw_buf_init(&data, 4096);
    if (argc > 1)
        hw_buf_adds(&path, argv[1]);
    else
        nlp_classifier_default_path(&path);
    if (argc > 2)
        hw_buf_adds(&data, argv[2]);
    else
        hw_buf_printf(&data, "%s/data/categories",
                      shared && *shared ? shared : "../shared");
    if (nlp_classifier_load(path.p, &m, &d) != 0) {
        hw_diag_print(&d);
        return 1;
    }
    t0 = now_s();
    if (nlp_dataset_load(data.p, 0, &ds, &d) != 0) {
        hw_diag_print(&d);
        return 1;
    }
    printf("classify: model %s, %zu bytes; corpora %s, %zu records "
           "(%.1f s to read)\n",
           path.p, nlp_classifier_file_size(m), data.p, ds.n,
           now_s() - t0);
    cfg = nlp_classifier_featcfg(m);
    nbcfg = cfg;
    nbcfg.vocab = NULL;
    t0 = now_s();
    nb_train(&nb, &ds, &nbcfg);
    printf("classify: naive Bayes baseline trained in %.1f s on the same "
           "training records and features (alpha %.2f)\n",
           now_s() - t0, NB_ALPHA);

    nlp_featvec_init(&v);
    for (corpus = 0; corpus < NLP_NCORPORA; corpus++) {
        unsigned all = (1u << NLP_NCAT) - 1;
        unsigned own = nlp_corpus_classes(corpus);
        struct tally lr, lr_own, nbt, nb_own, cov;
        double ece_conf[ECE_BINS] = {0}, ece_acc[ECE_BINS] = {0}, ece = 0;
        size_t ece_n[ECE_BINS] = {0}, i, nodoc = 0;
        int b;

        memset(&lr, 0, sizeof lr);
        memset(&lr_own, 0, sizeof lr_own);
        memset(&nbt, 0, sizeof nbt);
        memset(&nb_own, 0, sizeof nb_own);
        memset(&cov, 0, sizeof cov);
        for (i = 0; i < ds.n; i++) {
            const struct nlp_example *e = &ds.ex[i];
            double p[NLP_NCAT], z[NLP_NCAT];
            int best;

            if (e->bucket != NLP_SPLIT_DEV || (int)e->corpus != corpus)
                continue;
            nlp_features(&cfg, e->title, strlen(e->title), e->text,
                         strlen(e->text), &v);
            best = nlp_classify_dist(m, &v, p);
            if (best < 0) {
                nodoc++;
                best = argmax(p, all);
            }
            tally_add(&lr, e->label, best);
            tally_add(&lr_own, e->label, argmax(p, own));
            if (v.nknown > 0 && p[best] >= nlp_classifier_threshold(m) &&
                nlp_classify_dist(m, &v, p) >= 0)
                tally_add(&cov, e->label, best);
            b = (int)(p[best] * ECE_BINS);
            if (b >= ECE_BINS)
                b = ECE_BINS - 1;
            ece_n[b]++;
            ece_conf[b] += p[best];
            ece_acc[b] += best == e->label;
            nb_scores(&nb, &v, z);
            tally_add(&nbt, e->label, argmax(z, all));
            tally_add(&nb_own, e->label, argmax(z, own));
        }
        for (b = 0; b < ECE_BINS; b++)
            if (ece_n[b])
                ece += fabs(ece_acc[b] - ece_conf[b]) / (double)lr.n;
        printf("\nclassify: %s development split, %zu records "
               "(%zu without known words)\n",
               nlp_corpus_names[corpus], lr.n, nodoc);
        printf("  %-34s %8s %8s\n", "", "accuracy", "macro-F1");
        printf("  %-34s %8.4f %8.4f\n", "logistic regression, 16-way",
               accuracy(&lr), macro_f1(&lr, own));
        printf("  %-34s %8.4f %8.4f\n", "naive Bayes, 16-way", accuracy(&nbt),
               macro_f1(&nbt, own));
        printf("  %-34s %8.4f %8.4f\n", "logistic regression, own classes",
               accuracy(&lr_own), macro_f1(&lr_own, own));
        printf("  %-34s %8.4f %8.4f\n", "naive Bayes, own classes",
               accuracy(&nb_own), macro_f1(&nb_own, own));
        printf("  above threshold %.2f: coverage %.4f, accuracy %.4f; "
               "ECE %.4f\n",
               nlp_classifier_threshold(m),
               lr.n ? (double)cov.n / (double)lr.n : 0, accuracy(&cov), ece);
        printf("  confusion (logistic regression, 16-way):\n");
        print_confusion(&lr, own);
    }
    nlp_featvec_release(&v);

    printf("\nclassify: speed, one thread, nlp_classify_n():\n");
    printf("  headlines (titles):       %10.0f docs/s\n",
           docs_per_s(m, &ds, -1, 0));
    printf("  articles (BBC, title+text): %8.0f docs/s\n",
           docs_per_s(m, &ds, NLP_CORPUS_BBC, 1));

    free(nb.logp);
    nlp_dataset_release(&ds);
    nlp_classifier_free(m);
    hw_buf_release(&path);
    hw_buf_release(&data);
    return 0;
}
