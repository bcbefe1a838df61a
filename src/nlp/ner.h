/*
 * ner.h - the trained named-entity tagger: people, organisations, places
 * and other names (PER, ORG, LOC, MISC) in news English.
 *
 * The tagger is a linear sequence model over BILOU labels, decoded
 * exactly by Viterbi, with hashed features of each word and its
 * neighbours, word clusters learned from unlabelled news, gazetteers
 * harvested from annotated corpora, and document-level capitalisation
 * evidence (ner.c describes the model, ner_train.c the training).  A
 * model is one file, mapped read-only into memory and shared by every
 * thread: nlp_ner_tag() and nlp_ner_find() only read it.
 *
 * Typical use, from text to mentions:
 *
 *     struct nlp_ner *m;
 *     if (nlp_ner_open_default(&m, &diag) == 0) {
 *         nlp_ner_find(m, text, len, &mentions, &n);
 *         ...
 *         nlp_ner_close(m);
 *     }
 */
#ifndef HW_NLP_NER_H
#define HW_NLP_NER_H

#include <stddef.h>
#include <stdint.h>

#include "nlp/nlp.h"
#include "nlp/token.h"
#include "util/hw.h"

struct nlp_ner;

/*
 * IOB2 labels as the tagger reports them: NLP_NER_O, then B- and I- of
 * each type in the order of enum nlp_type (PER, ORG, LOC, MISC).
 */
enum {
    NLP_NER_O = 0,
    NLP_NER_NLABELS = 9
};
/* The label opening (B-) or continuing (I-) an entity of type t. */
#define NLP_NER_B(t) ((uint8_t)(1 + 2 * ((t) - NLP_PER)))
#define NLP_NER_I(t) ((uint8_t)(2 + 2 * ((t) - NLP_PER)))
/* The type of a label (NLP_UNK for O). */
enum nlp_type nlp_ner_label_type(uint8_t label);
/* 1 for a B- label. */
int nlp_ner_label_begins(uint8_t label);
/* "O", "B-PER", "I-PER", ... "I-MISC". */
const char *nlp_ner_label_name(uint8_t label);

/* The model file name inside a models directory. */
#define NLP_NER_MODEL_FILE "ner.model"

/*
 * Map the model file at path.  *m is a new model (nlp_ner_close), or NULL
 * on error, with the reason in d (may be NULL).  A file that is not a
 * model, of another version, or truncated gives HW_EPARSE.
 */
int nlp_ner_open(const char *path, struct nlp_ner **m, struct hw_diag *d);
/*
 * Open the default model: $HASHWIRE_MODELS/ner.model when that variable
 * is set, else models/ner.model relative to the working directory.
 * HW_ENOTFOUND when there is no such file.
 */
int nlp_ner_open_default(struct nlp_ner **m, struct hw_diag *d);
/* Unmap and free; NULL does nothing. */
void nlp_ner_close(struct nlp_ner *m);

/*
 * Tag one document given as words: words[i] is the i-th token's text
 * (UTF-8, as written), sent[i] is nonzero where a sentence starts (word 0
 * always starts one).  labels[i] gets an IOB2 label.  Document-level
 * features look at every word given, so pass a whole article (or a whole
 * CoNLL document) at once; long inputs are cut into windows of at most
 * NLP_NER_DOC_MAX words at sentence starts, and sentences longer than
 * NLP_SENT_MAX words are cut too.  Memory used is proportional to the
 * window, never to n.  Returns 0; words may hold anything, even invalid
 * UTF-8.
 */
int nlp_ner_tag(const struct nlp_ner *m, const struct hw_str *words,
                const uint8_t *sent, size_t n, uint8_t *labels);

#define NLP_NER_DOC_MAX 20000

/*
 * Tokenize text[0..len) (nlp_tokenize), tag it, and return the entities
 * as mentions with byte offsets into text: *out is a new array (hw_free)
 * of *n mentions in text order, *out NULL when *n is 0.  Text is cut
 * into windows as for nlp_ner_tag(), so any length is taken.  Returns 0
 * or an HW_E code.
 */
int nlp_ner_find(const struct nlp_ner *m, const char *text, size_t len,
                 struct nlp_mention **out, size_t *n);

/* Statistics of a model, for `hashwire ner --info` and the benchmark. */
struct nlp_ner_info {
    size_t file_bytes;
    uint32_t nlabels;     /* internal labels (BILOU: 17) */
    uint32_t weight_rows; /* hashed feature rows */
    uint32_t vocab_slots, gaz_slots;
    uint32_t clusters;
};
void nlp_ner_get_info(const struct nlp_ner *m, struct nlp_ner_info *info);

/* ---- CoNLL files and scores (ner_conll.c) ------------------------------ */

/* Flags of a word of a CoNLL file. */
enum {
    NLP_CONLL_SENT = 1u << 0,    /* first word of a sentence */
    NLP_CONLL_DOC = 1u << 1,     /* first word of a document */
    NLP_CONLL_DOCMARK = 1u << 2  /* a -DOCSTART- line, not a word */
};

/*
 * A CoNLL file: one token per line, first column the word, last column
 * (when there are two or more) the IOB1 or IOB2 label, columns separated
 * by spaces or tabs; a blank line between sentences; "-DOCSTART-" lines
 * between documents.  words are views into the text given to
 * nlp_conll_parse(), which must outlive them.
 */
struct nlp_conll {
    struct hw_str *words;
    uint8_t *gold;  /* IOB2 labels (NLP_NER_O when none or unknown) */
    uint8_t *flags; /* NLP_CONLL_* */
    struct hw_str *tags; /* the last column as written ({"", 0}: none) */
    size_t n, cap;
    size_t nsent, ndoc;
};

/*
 * Parse text[0..len) into c (nlp_conll_release).  IOB1 labels are turned
 * into IOB2.  At most max words (HW_ELIMIT beyond).  Returns 0.
 */
int nlp_conll_parse(const char *text, size_t len, size_t max,
                    struct nlp_conll *c);
void nlp_conll_release(struct nlp_conll *c);

/*
 * Tag every document of c (words between -DOCSTART- markers, sentence
 * starts as in the file) into labels[0..c->n); markers get NLP_NER_O.
 */
int nlp_ner_tag_conll(const struct nlp_ner *m, const struct nlp_conll *c,
                      uint8_t *labels);

/*
 * Span scores as conlleval counts them: an entity is right when its
 * type and both ends are.  Index 0 is all types, then NLP_PER .. MISC.
 */
struct nlp_ner_score {
    size_t gold[5], pred[5], correct[5];
};
/* Add the spans of one labelled sequence (IOB2; sentence starts in
 * sent, may be NULL) to s. */
void nlp_ner_score_add(struct nlp_ner_score *s, const uint8_t *gold,
                       const uint8_t *pred, const uint8_t *sent, size_t n);
/* Precision, recall and F1 in percent for type t (0 for all). */
double nlp_ner_f1(const struct nlp_ner_score *s, int t, double *p, double *r);
/* Overall F1 over the types whose bit (1 << NLP_PER ...) is in mask. */
double nlp_ner_f1_types(const struct nlp_ner_score *s, unsigned mask,
                        double *p, double *r);

/* ---- training (ner_train.c) -------------------------------------------- */

struct nlp_ner_train_opts {
    const char *shared;   /* the shared data folder ("../shared") */
    const char *out;      /* model file to write */
    const char *clusters; /* word-cluster cache file, or NULL */
    int epochs;           /* perceptron passes (0: default) */
    int rows_log2;        /* log2 of hashed feature rows (0: default) */
    int nclusters;        /* word classes (0: default) */
    int use_gmb;          /* also train on the GMB corpus */
    unsigned long seed;   /* shuffling seed (0: default) */
    int verbose;          /* progress and dev scores on stderr */
};

/*
 * Train a model from <shared>/data: word clusters from the unlabelled
 * corpora (or read from opts->clusters when that file exists, written
 * there otherwise), gazetteers from the annotations, then the averaged
 * perceptron on CoNLL-2003 eng.train, and write it to opts->out.  The
 * same data and options give the same file, byte for byte.
 */
int nlp_ner_train(const struct nlp_ner_train_opts *opts, struct hw_diag *d);

#endif
