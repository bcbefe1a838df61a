/*
 * ner_int.h - private to the tagger (ner.c, ner_train.c, cluster.c): the
 * model file format, the lexicon tables, hashing and feature extraction
 * shared by training and tagging, and the word-cluster learner.
 *
 * The model file (all integers little-endian; offsets from the file
 * start, each section 64-byte aligned):
 *
 *     offset  size  field
 *     0       8     magic "HWNER\0\0\0"
 *     8       4     version (NER_VERSION)
 *     12      4     nlabels (NER_NL, the BILOU labels)
 *     16      4     rows_log2: features hash to 2^rows_log2 rows
 *     20      4     vocab_log2: vocabulary slots
 *     24      4     gaz_log2: gazetteer slots
 *     28      4     cl_bits: bits of a cluster path (2^cl_bits classes)
 *     32      4     scale: float, weight = int16 value * scale
 *     36      4     nrows: weight rows stored (the nonzero ones)
 *     40      8     offset of the transition scores
 *     48      8     offset of the vocabulary table
 *     56      8     offset of the gazetteer table
 *     64      8     offset of the row index
 *     72      8     offset of the weight rows
 *     80      8     file size
 *
 *   transitions  int32[NER_NL + 1][NER_NL]: row NER_NL is the start; in
 *                units of scale; illegal BILOU moves are not stored but
 *                enforced by the decoder
 *   vocabulary   struct ner_vslot[2^vocab_log2]
 *   gazetteer    struct ner_gslot[2^gaz_log2]
 *   row index    uint8 off[2^rows_log2], then uint32 base[2^rows_log2 /
 *                NER_BLOCK]: which hashed rows are stored, and where
 *   weights      struct ner_row[nrows]
 *
 * Weights.  The averaged perceptron leaves most hashed rows at zero
 * (about five in six: only features seen in a training mistake are ever
 * updated), so only the nonzero rows are stored, in row order, and the
 * row index says where.  Hashed rows come in blocks of NER_BLOCK; base[b]
 * counts the rows stored before block b, and off[r] is 0 for a row not
 * stored, else 1 + the rows of its block stored before it: hashed row r
 * is stored row base[r / NER_BLOCK] + off[r] - 1.  (A bitmap with a rank
 * directory would be eight times smaller, but costs a population count
 * per lookup, which baseline x86-64 lacks.)  A stored row is one cache
 * line: NER_NL int16 weights in units of scale, and zeros.  Weights stay
 * int16: int8 rows with a scale each would save another 1.4 MB, but with
 * baseline SSE2 widening them costs the tagger more time than the
 * smaller table saves, and int16 keeps the trained weights to 1/32000 of
 * the largest.
 *
 * Version 1 stored all 2^rows_log2 rows and tables of 64-bit keys, 23 MB
 * for the same model; version 2 is about 6 MB.
 *
 * Lookup tables.  Open addressing with linear probing: a 64-bit key
 * (ner_hash() and friends) starts at slot key & mask, and slots hold only
 * a 32-bit fingerprint of the key, its high half (ner_fp(); 0 marks an
 * empty slot).  Tables are at most half full, so a lookup compares one
 * or two fingerprints, and a key that is not in the table matches one by
 * chance about once in three billion lookups: a harmless extra feature,
 * as a hash collision of the weights is.
 *
 * Vocabulary keys are ner_hash() of a word's normalised form (exact case)
 * for cluster entries, and of its lower form xor NER_SALT_LOWER for the
 * entries that carry corpus statistics (how often the word is written
 * with a capital in mid-sentence, and how frequent it is).  A cluster
 * entry stores the class; its path in the hierarchy is the class number
 * in cl_bits bits (cluster.c).  Gazetteer keys are the hash of a
 * phrase's lower-form word hashes (ner_phrase_*).
 */
#ifndef HW_NLP_NER_INT_H
#define HW_NLP_NER_INT_H

#include <stddef.h>
#include <stdint.h>

#include "nlp/ner.h"

#define NER_VERSION 2u
#define NER_NL 17 /* O, then B I L U for PER ORG LOC MISC */
#define NER_NTYPES 4

/* BILOU label of type t (0..3) and position p (0 B, 1 I, 2 L, 3 U). */
#define NER_LAB(t, p) (1 + 4 * (t) + (p))
#define NER_LTYPE(l) (((l) - 1) / 4)
#define NER_LPOS(l) (((l) - 1) % 4)
enum { NER_B = 0, NER_I = 1, NER_L = 2, NER_U = 3 };

#define NER_SALT_LOWER 0x6c6f776572ULL
#define NER_SALT_TITLE 0x7469746c65ULL

/* Gazetteer sources: one bit each in ner_gslot.types. */
enum {
    NER_G_CONLL_PER = 0, /* CoNLL-2003 train annotations, by type */
    NER_G_CONLL_ORG,
    NER_G_CONLL_LOC,
    NER_G_CONLL_MISC,
    NER_G_GMB_PER, /* GMB annotations */
    NER_G_GMB_ORG,
    NER_G_GMB_GEO,
    NER_G_GMB_GPE,
    NER_G_GMB_OTHER, /* art, eve, nat */
    NER_G_R_PEOPLE,  /* Reuters-21578 index terms */
    NER_G_R_ORGS,
    NER_G_R_PLACES,
    NER_G_R_COMPANY, /* <Company Name> marks in Reuters bodies */
    NER_G_DATELINE,  /* dateline cities of Reuters and AG News */
    NER_G_NSOURCES
};
#define NER_GAZ_MAXLEN 8 /* words in one gazetteer phrase */

/* A vocabulary slot. */
struct ner_vslot {
    uint32_t fp;   /* ner_fp() of the key; 0: empty */
    uint16_t cls;  /* cluster entries: class + 1 (0: none) */
    uint8_t info;  /* lower entries: capital ratio (low 4 bits, 0 none)
                      and frequency class (high 4 bits) */
    uint8_t flags; /* lower entries: NER_VF_* */
};

/* Flags of lower-form vocabulary entries. */
#define NER_VF_GAZSTART 1u /* a gazetteer phrase starts with this word */

/* A gazetteer slot. */
struct ner_gslot {
    uint32_t fp;
    uint16_t types; /* bit per source */
    uint8_t prefix; /* 1 if a longer phrase starts with this one */
    uint8_t pad;
};

/* Hashed rows per block of the row index. */
#define NER_BLOCK 128

/* A stored weight row: one cache line, NER_NL weights and zeros.  The
 * first NER_LANES lanes are summed, a multiple of every vector width, so
 * that the compiler vectorizes the sum. */
#define NER_LANES 24
struct ner_row {
    int16_t q[32];
};

struct ner_hdr {
    char magic[8];
    uint32_t version, nlabels, rows_log2, vocab_log2, gaz_log2, cl_bits;
    float scale;
    uint32_t nrows;
    uint64_t off_trans, off_vocab, off_gaz, off_index, off_weights, size;
};

/* The read-only lexicon the feature extractor consults. */
struct ner_lex {
    const struct ner_vslot *vocab;
    uint64_t vmask;
    const struct ner_gslot *gaz;
    uint64_t gmask;
    uint32_t rows_log2;
    uint32_t cl_bits; /* bits of a cluster path */
    /* training only: per gazetteer slot, the CoNLL folds (bit f) in which
     * the phrase was annotated with each type; NULL at run time */
    const uint16_t (*folds)[NER_NTYPES];
};

/* ---- hashing ----------------------------------------------------------- */

/* A 64-bit hash of n bytes (never 0).  Fixed forever: models store it. */
uint64_t ner_hash(const void *p, size_t n);

static inline uint64_t ner_mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

/* Phrase hash: start with NER_PHRASE0, then add each word's lower hash. */
#define NER_PHRASE0 0x9e3779b97f4a7c15ULL
static inline uint64_t ner_phrase_add(uint64_t h, uint64_t word)
{
    h = ner_mix(h ^ (word * 0x9ddfea08eb382d69ULL));
    return h ? h : 1;
}

/* ---- word forms -------------------------------------------------------- */

/* Longest word prefix looked at for forms; longer words are cut. */
#define NER_WORD_MAX 64

/*
 * The normalised form of a word (curly quotes and apostrophes to ASCII,
 * en and em dashes to "--", the ellipsis to "...", invalid bytes to '?')
 * into norm, and its lower form (lower case, digits to '0') into lower;
 * at most NER_WORD_MAX input bytes.  Returns the lengths; each buffer
 * needs NER_WORD_MAX * 2 bytes.
 */
void ner_forms(const char *p, size_t len, char *norm, size_t *nnorm,
               char *lower, size_t *nlower);

/* Case classes of a word. */
enum {
    NER_CC_NONE = 0, /* no letter */
    NER_CC_LOWER,    /* first letter lower case: "the", "iPhone" */
    NER_CC_INIT,     /* first letter upper, some lower: "Kim" */
    NER_CC_ALL,      /* two letters or more, all upper: "BBC" */
    NER_CC_ONE       /* one letter, upper: "A", "W." */
};
/* The case class of a word. */
int ner_case_class(const char *p, size_t len);

/* The fingerprint a table slot keeps of a 64-bit key: never 0. */
static inline uint32_t ner_fp(uint64_t key)
{
    uint32_t f = (uint32_t)(key >> 32);

    return f ? f : 1;
}

/* Vocabulary lookup: the slot with this key, or NULL. */
const struct ner_vslot *ner_vocab_get(const struct ner_lex *lx, uint64_t key);
/* Gazetteer lookup; *slot gets the slot number. */
const struct ner_gslot *ner_gaz_get(const struct ner_lex *lx, uint64_t key,
                                    size_t *slot);

/* ---- features ---------------------------------------------------------- */

#define NER_MAXF 64 /* feature slots per token */

/*
 * The features of one document: for token i, feats[i * NER_MAXF + k],
 * k < nf[i], are weight-row numbers.  fold is the CoNLL fold the document
 * belongs to when training (its own annotations are hidden from the
 * gazetteer features), or -1.  sent[i] nonzero starts a sentence.
 * Scratch memory is allocated inside.
 */
void ner_features(const struct ner_lex *lx, const struct hw_str *words,
                  const uint8_t *sent, size_t n, int fold, uint32_t *feats,
                  uint8_t *nf);

/*
 * The emission scores of one document, for tests: emit[i * NER_NL + l]
 * for token i and label l, as the tagger computes them (fast nonzero:
 * its word cache and neighbour scores), or as the sum of the rows
 * ner_features() gives, the features training sees (fast 0).  The two
 * must agree exactly.  sent as for nlp_ner_tag(); n at most
 * NLP_NER_DOC_MAX and no sentence longer than NLP_SENT_MAX.
 */
void ner_emissions(const struct nlp_ner *m, const struct hw_str *words,
                   const uint8_t *sent, size_t n, int fast, int32_t *emit);

/* 1 if label b may follow label a (a == NER_NL: the start). */
int ner_allowed(int a, int b);
/* 1 if l may end a sentence. */
int ner_may_end(int l);

/*
 * Viterbi over one sentence of n tokens: emit[i * NER_NL + l] are the
 * emission scores, trans[(a) * NER_NL + b] the transition scores (row
 * NER_NL is the start).  best[i] gets the labels.  bp is scratch of
 * n * NER_NL bytes.  Scores are double in training, int32 at run time:
 * two versions.
 */
void ner_viterbi_i32(const int32_t *emit, const int32_t *trans, size_t n,
                     uint8_t *bp, uint8_t *best);
void ner_viterbi_f(const float *emit, const float *trans, size_t n,
                   uint8_t *bp, uint8_t *best);

/* BILOU labels of a sentence to IOB2 (NLP_NER_*), repairing illegal
 * sequences; and IOB2 to BILOU. */
void ner_bilou_to_iob2(const uint8_t *in, size_t n, uint8_t *out);
void ner_iob2_to_bilou(const uint8_t *in, size_t n, uint8_t *out);

/* ---- word clusters (cluster.c) ---------------------------------------- */

/*
 * Exchange clustering (Kneser & Ney 1993; Martin, Liermann & Ney 1998)
 * of a corpus given as word ids (0 .. nwords-1, by descending frequency;
 * NER_CL_BOUNDARY between sentences; ids >= nclusterable are rare words,
 * kept as context but in a class of their own), then a binary hierarchy
 * over the classes by greedy merging (Brown et al. 1992).  path[w] and
 * plen[w] get each clusterable word's bit string, cls[w] its class.
 * Deterministic.
 */
#define NER_CL_BOUNDARY 0xffffffffu
struct ner_cluster_opts {
    uint32_t nclasses;
    int iterations;      /* exchange passes per level, at most */
    int leaf_iterations; /* passes over all leaves at the end */
    int verbose;
};
int ner_cluster(const uint32_t *corpus, size_t ntok, uint32_t nwords,
                uint32_t nclusterable, const struct ner_cluster_opts *o,
                uint32_t *path, uint8_t *plen, uint16_t *cls);

#endif
