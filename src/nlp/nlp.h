/*
 * nlp.h - mentions, entity keys and hashtags.
 *
 * Implements the hashtag rules of DESIGN.md "Hashtags": the key (NFKD,
 * diacritics dropped, case folded, letters and digits only), the display
 * form, tags spelled in URLs, in-article resolution of short names, the
 * cross-article variant rule, and salience.
 *
 * Mention detection is a proper-noun phrase finder for now (capitalised
 * runs); the trained tagger replaces nlp_find_mentions() later and nothing
 * else.
 */
#ifndef HW_NLP_H
#define HW_NLP_H

#include "util/hw.h"

enum nlp_type { NLP_UNK = 0, NLP_PER, NLP_ORG, NLP_LOC, NLP_MISC };

/* "PER", "ORG", "LOC", "MISC" or "UNK". */
const char *nlp_type_name(enum nlp_type t);

/* One mention in a text: byte offsets [start, end) into that text. */
struct nlp_mention {
    size_t start, end;
    enum nlp_type type;
};

/*
 * Find candidate entity mentions in UTF-8 text.  *out is a new array
 * (hw_free) of *n mentions in text order.  Returns 0 or an HW_E code.
 */
int nlp_find_mentions(const char *text, size_t len, struct nlp_mention **out,
                      size_t *n);

/* Append the key of a surface form ("Kim Jong-un" -> "kimjongun"). */
int nlp_key(const char *s, size_t len, struct hw_buf *out);
/* Append the display form ("Kim Jong-un" -> "KimJongUn", "BBC", "iPhone"). */
int nlp_display(const char *s, size_t len, struct hw_buf *out);
/* Key of a tag as written in a URL or by a user: "#Kim_Jong-un",
 * "kimjongun", "KimJongUn" all give "kimjongun". */
int nlp_tag_key(const char *tag, size_t len, struct hw_buf *out);
/*
 * The variant key: a looser form of a key under which spelling variants
 * of one name meet ("sergeilavrov" and "sergeylavrov", "zelenskyy" and
 * "zelensky"), and different names stay apart ("kimjongun", "kimjongil",
 * "kimkardashian").  Appends to out.
 */
int nlp_variant_key(const char *key, size_t len, struct hw_buf *out);

/* One entity of one article, after resolution and aggregation. */
struct nlp_entity {
    char *key;       /* nlp_key() of the canonical surface */
    char *surface;   /* the canonical (longest resolved) surface form */
    char *display;   /* nlp_display() of the most frequent full surface */
    enum nlp_type type;
    int mentions;    /* total mentions, short forms included */
    int in_title;    /* mentioned in the title */
    int in_lead;     /* mentioned in the first three sentences of text */
    double salience; /* 0..1, for ranking */
    int on_page;     /* in_title || in_lead || mentions >= 2 */
};

struct nlp_doc {
    struct nlp_entity *entities;
    size_t nentities;
};

/*
 * Analyse one article: find mentions in title and text, resolve short
 * person names to the one earlier full name they match (exactly one, else
 * left alone), aggregate by key, score salience.  Free with
 * nlp_doc_release().
 */
int nlp_analyze(const char *title, const char *text, struct nlp_doc *doc);
void nlp_doc_release(struct nlp_doc *doc);

#endif
