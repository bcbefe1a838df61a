/*
 * classify.h - the category classifier: hashed features, the model file,
 * inference with a calibrated score, contract D lines, the training
 * corpora and the trainer.
 *
 * The model is multinomial logistic regression (a softmax over the
 * sixteen categories of taxonomy.h) on hashed unigrams and bigrams of the
 * title and the text.  A linear model is the right tool here: news
 * categories are carried by words and short phrases, a bag of n-grams
 * with a linear classifier is within a point or two of far larger models
 * on AG News (Joulin et al. 2016, "Bag of Tricks for Efficient Text
 * Classification"), it classifies a headline in a few microseconds, and
 * its scores become calibrated probabilities with one temperature
 * (Guo et al. 2017, "On Calibration of Modern Neural Networks").
 *
 * Features (version NLP_FEAT_VERSION, fixed by a model file):
 *   - text is read as UTF-8 (invalid bytes are separators); a token is a
 *     run of letters, digits and marks, lower-cased; apostrophes and all
 *     other punctuation separate ("Iraq's", "Iraq 's" and "Iraq s" give
 *     the same tokens, which matters for the punctuation-stripped AG
 *     rows); a token of digits only reads as its shape ("2004" -> "0000");
 *     HTML entity remnants ("#39;", "&amp;", " quot;") are skipped;
 *     tokens over NLP_MAX_TOKEN bytes are skipped;
 *   - each token gives a unigram and, with the token before it in the same
 *     field, a bigram; both are hashed (FNV-1a, 64 bits, then mixed) into
 *     2^bits buckets;
 *   - a title feature counts title_weight times, a text feature once;
 *   - counts c become log(1 + c) and the vector is scaled to unit length,
 *     so a headline and a long article score on the same footing.
 *   Only the first NLP_MAX_TITLE bytes of a title and NLP_MAX_TEXT bytes
 *   of a text are read: a 10 MB text costs no more than a long article.
 *
 * A category is given only when there is evidence for it: when fewer than
 * min_known of the text's words are words the model was trained on (an
 * empty article, another language, noise), or when the calibrated score
 * is below the model's threshold, the answer is "no category" (NULL).
 *
 * Model file (all integers and floats little-endian):
 *
 *     offset  size        field
 *     0       8           magic "HWCLASS1"
 *     8       4           u32 format version (1)
 *     12      4           u32 feature version (NLP_FEAT_VERSION)
 *     16      4           u32 bits (hashed feature space: 2^bits rows)
 *     20      4           u32 ncat (16)
 *     24      4           u32 vocab_bits (known-word bitset: 2^vocab_bits)
 *     28      4           f32 title_weight
 *     32      4           f32 temperature (logits are divided by it)
 *     36      4           f32 threshold (score below it: no category)
 *     40      4           f32 min_known (known-word fraction below it:
 *                         no category)
 *     44      4*ncat      f32 scale[c] (weight of class c = int8 * scale)
 *     ..      4*ncat      f32 bias[c]
 *     ..      ncat*16     category names, NUL-padded, checked against
 *                         taxonomy.h on load
 *     ..      2^bits*ncat int8 weights, row r = bucket r, one byte a class
 *     ..      2^vocab_bits/8  known-word bitset
 *     ..      8           u64 FNV-1a of every byte before it
 *
 * Development split: a record is in the development split when
 * nlp_split_bucket(KEY) == NLP_SPLIT_DEV, and in the calibration split
 * when it is NLP_SPLIT_CAL, where KEY is the AG News "id", the HuffPost
 * "link" or the BBC "id", and the bucket is FNV-1a 64 of
 * "hashwire-split-v1:" KEY, mixed (splitmix64 finaliser), modulo 10.
 * The trainer drops a development record as soon as it has read its
 * key, and the calibration split is only held out of the first of the
 * trainer's two passes (see classify_train.c).
 *
 * The threshold is 0.5 by default: with calibrated scores, that is
 * Chow's rule (1970) for a rejection that costs half an error, i.e. a
 * category is given when it is more likely right than wrong.
 */
#ifndef HW_CLASSIFY_H
#define HW_CLASSIFY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "nlp/taxonomy.h"
#include "util/hw.h"

#define NLP_FEAT_VERSION 1
#define NLP_MAX_TITLE 2048          /* bytes of a title read */
#define NLP_MAX_TEXT (16 * 1024)    /* bytes of a text read */
#define NLP_MAX_TOKEN 48            /* longer tokens are skipped */
#define NLP_MODEL_MAX (64u << 20)   /* the largest model file read */
#define NLP_MODEL_FILE "category.model"
#define NLP_SPLIT_DEV 0
#define NLP_SPLIT_CAL 1

/* ---- features --------------------------------------------------------- */

/* One non-zero feature: a bucket and its value. */
struct nlp_feat {
    uint32_t idx;
    float val;
};

/*
 * A feature vector, sorted by bucket, each bucket once.  Init before use;
 * release frees.  It keeps a small inline array, so a headline needs no
 * allocation.
 */
struct nlp_featvec {
    struct nlp_feat *f;
    size_t n, cap;
    size_t ntokens; /* unigram tokens read */
    size_t nknown;  /* of which are in cfg->vocab (0 without a vocab) */
    struct nlp_feat small[128];
};

void nlp_featvec_init(struct nlp_featvec *v);
void nlp_featvec_release(struct nlp_featvec *v);

/* How features are made; a model file fixes all of it. */
struct nlp_featcfg {
    unsigned bits;        /* 2^bits buckets, NLP_MIN_BITS..NLP_MAX_BITS */
    float title_weight;   /* a title token counts this many times */
    const uint8_t *vocab; /* known-word bitset to count nknown, or NULL */
    unsigned vocab_bits;  /* its size: 2^vocab_bits bits */
    uint8_t *vocab_out;   /* if not NULL: set the bit of every unigram */
};
#define NLP_MIN_BITS 8
#define NLP_MAX_BITS 24

/*
 * Compute the features of one article into v (its old contents are
 * replaced).  title and text are UTF-8 of the given lengths (NULL with
 * length 0 for none; NUL bytes are separators); only their first
 * NLP_MAX_TITLE and NLP_MAX_TEXT bytes are read.  Never fails: bad bytes
 * are separators.
 */
void nlp_features(const struct nlp_featcfg *cfg, const char *title,
                  size_t tlen, const char *text, size_t xlen,
                  struct nlp_featvec *v);

/* The 0..9 split bucket of a record key (see the top of this file). */
unsigned nlp_split_bucket(const char *key, size_t len);

/* ---- the classifier --------------------------------------------------- */

struct nlp_classifier;

/*
 * Load a model file.  On success *out is a new classifier (free with
 * nlp_classifier_free).  Errors: HW_EIO (cannot read; d says why),
 * HW_ETOOBIG, HW_EPARSE (not a hashwire category model, truncated,
 * checksum or version mismatch; d says which).
 */
int nlp_classifier_load(const char *path, struct nlp_classifier **out,
                        struct hw_diag *d);
/* The same from len bytes at data (copied; data may be freed after). */
int nlp_classifier_load_mem(const void *data, size_t len,
                            struct nlp_classifier **out, struct hw_diag *d);
/* Free a classifier; NULL does nothing. */
void nlp_classifier_free(struct nlp_classifier *m);

/*
 * Where the model file is looked for when no path is given:
 * $HASHWIRE_MODELS/category.model when HASHWIRE_MODELS is set and not
 * empty, else models/category.model (relative to the working directory).
 * Replaces the contents of out.
 */
void nlp_classifier_default_path(struct hw_buf *out);

/*
 * Classify one article.  title and text are NUL-terminated UTF-8, either
 * may be NULL or empty.  *category is set to a static category name from
 * nlp_categories, or to NULL for no category (not enough evidence, or a
 * score below the model's threshold).  *score (may be NULL) gets the
 * calibrated probability of the best class, 0..1, or 0 when the article
 * has no known words.  Returns 0, or HW_EINVAL when m is NULL.  Safe to
 * call from several threads on one classifier.
 */
int nlp_classify(const struct nlp_classifier *m, const char *title,
                 const char *text, const char **category, double *score);
/* The same with lengths (the strings need no terminator). */
int nlp_classify_n(const struct nlp_classifier *m, const char *title,
                   size_t tlen, const char *text, size_t xlen,
                   const char **category, double *score);

/*
 * The full calibrated distribution for features already computed with
 * nlp_classifier_featcfg(m): probs[c] for each class (sums to 1).
 * Returns the best class (no threshold applied), or -1 when v has no
 * known words (probs are then the model's prior).
 */
int nlp_classify_dist(const struct nlp_classifier *m,
                      const struct nlp_featvec *v, double probs[NLP_NCAT]);

/* The feature configuration of a model (for nlp_features). */
struct nlp_featcfg nlp_classifier_featcfg(const struct nlp_classifier *m);

/* A model's score threshold and its size in bytes as a file. */
double nlp_classifier_threshold(const struct nlp_classifier *m);
size_t nlp_classifier_file_size(const struct nlp_classifier *m);

/*
 * Contract D for one input line: parse line[0..len) as a JSON object
 * {"title", "text"} (either may be missing or null; other members are
 * ignored), classify it and append {"category":NAME|null,"score":S} to
 * out (no newline).  On bad input appends
 * {"category":null,"score":null,"error":WHY} instead, so output lines
 * stay paired with input lines, and returns HW_EPARSE with d->why set
 * (d->where is left to the caller).  A line is bad when it is not valid
 * JSON, not an object, or its title or text is neither a string nor
 * null.
 */
int nlp_classify_json(const struct nlp_classifier *m, const char *line,
                      size_t len, struct hw_buf *out, struct hw_diag *d);

/* ---- building and saving a model -------------------------------------- */

/* A model as floats, before quantisation. */
struct nlp_model_params {
    unsigned bits;         /* NLP_MIN_BITS..NLP_MAX_BITS */
    float title_weight;
    const float *weights;  /* [2^bits][NLP_NCAT], row-major */
    const float *bias;     /* [NLP_NCAT] */
    float temperature;     /* > 0 */
    float threshold;       /* 0..1 */
    float min_known;       /* 0..1 */
    const uint8_t *vocab;  /* 2^vocab_bits bits, or NULL */
    unsigned vocab_bits;   /* 0 (no vocab check) or 8..NLP_MAX_BITS */
};

/*
 * Make a classifier from float parameters: each class's weights are
 * quantised to int8 with a scale of max|w|/127.  The arrays are copied.
 * Errors: HW_EINVAL for parameters out of range.
 */
int nlp_classifier_build(const struct nlp_model_params *p,
                         struct nlp_classifier **out, struct hw_diag *d);
/* Set a built classifier's temperature and threshold. */
void nlp_classifier_calibrate(struct nlp_classifier *m, float temperature,
                              float threshold);
/* Append the model file's bytes to out. */
int nlp_classifier_serialize(const struct nlp_classifier *m,
                             struct hw_buf *out);
/* Write the model file to path (via path.tmp and rename). */
int nlp_classifier_save(const struct nlp_classifier *m, const char *path,
                        struct hw_diag *d);

/* ---- training corpora ------------------------------------------------- */

/* One labelled record, mapped onto the taxonomy. */
struct nlp_example {
    char *title;          /* may be "" (AG rows without a title) */
    char *text;
    int label;            /* enum nlp_cat */
    enum nlp_corpus corpus;
    unsigned bucket;      /* nlp_split_bucket of its key */
};

struct nlp_dataset {
    struct nlp_example *ex;
    size_t n, cap;
    size_t files;                 /* files read */
    size_t unmapped[NLP_NCORPORA]; /* records whose label does not map */
    size_t bad[NLP_NCORPORA];      /* records that could not be read */
};

/*
 * Read the corpora under dir (../shared/data/categories): every *.jsonl
 * file of dir/agnews, dir/huffpost and dir/bbc, in name order.  AG union
 * rows give title and description when the source kept them apart, else
 * text as the text; AG description-only rows give their description;
 * HuffPost gives headline and short_description; BBC title and text.
 * With skip_dev, development records are dropped as soon as their key is
 * read: their text is never kept.  ds is initialised here; release
 * with nlp_dataset_release() also on error.  Errors: HW_EIO, HW_ENOTFOUND
 * (no corpus file at all).
 */
int nlp_dataset_load(const char *dir, int skip_dev, struct nlp_dataset *ds,
                     struct hw_diag *d);
void nlp_dataset_release(struct nlp_dataset *ds);

/* ---- training --------------------------------------------------------- */

struct nlp_train_opts {
    const char *data_dir;  /* the corpora; default ../shared/data/... */
    unsigned bits;         /* hashed feature space */
    float title_weight;
    unsigned epochs;
    double lr;             /* initial learning rate, decays linearly */
    double l2;             /* L2 penalty per example, on touched rows */
    uint64_t seed;         /* shuffling; fixed for a reproducible model */
    double threshold;      /* score threshold stored in the model */
    double min_known;      /* known-word fraction stored in the model */
    unsigned vocab_bits;   /* known-word bitset size */
    int partial_labels;    /* 1: a record's softmax spans only the classes
                              its corpus can express */
    double balance;        /* class weight (mean count / count)^balance */
    FILE *log;             /* progress and figures, or NULL */
};

/* Fill o with the defaults that `make models` uses. */
void nlp_train_opts_default(struct nlp_train_opts *o);

/*
 * Train a classifier on every non-development record of o->data_dir:
 * first on the records outside the calibration split, to fit the
 * temperature on the calibration split; then on all of them with the same
 * settings, keeping that temperature.  Deterministic for a given seed and
 * data.  *out is the new classifier.  Errors: those of nlp_dataset_load.
 */
int nlp_classifier_train(const struct nlp_train_opts *o,
                         struct nlp_classifier **out, struct hw_diag *d);

#endif
