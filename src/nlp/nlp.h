/*
 * nlp.h - mentions, entity keys and hashtags.
 *
 * Implements the hashtag rules of DESIGN.md "Hashtags": the key (NFKD,
 * diacritics dropped, case folded, letters and digits only), the display
 * form, tags spelled in URLs, in-article resolution of short names, the
 * cross-article variant rule, and salience.
 *
 * Mentions come from the trained tagger (ner.h) when a model is at hand,
 * with its types (PER, ORG, LOC, MISC), and from the proper-noun phrase
 * finder (nlp_find_mentions(), capitalised runs) otherwise; see
 * nlp_set_tagger().  Everything after the mentions is the same for both.
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
    int hashtag;     /* 1: the entity makes a hashtag (always 1 unless
                        nlp_analyze_ex() was asked to keep them all) */
};

struct nlp_doc {
    struct nlp_entity *entities;
    size_t nentities;
};

struct nlp_ner; /* ner.h */

/*
 * Analyse one article: find mentions in title and text (with the tagger
 * of nlp_tagger(), or the finder), resolve short person names to the one
 * earlier full name they match (exactly one, else left alone), aggregate
 * by key, score salience, and keep the entities that make hashtags (see
 * below).  Free with nlp_doc_release().  Safe to call from several
 * threads at once.
 */
int nlp_analyze(const char *title, const char *text, struct nlp_doc *doc);
void nlp_doc_release(struct nlp_doc *doc);

/*
 * What becomes a hashtag.  Every entity of type PER, ORG or LOC does, and
 * an entity the finder found (type UNK), unless it is not a proper noun
 * at all; a MISC entity only when it is a proper noun phrase that is not
 * an adjective of nationality, religion or direction.  In detail, an
 * entity makes no hashtag when:
 *   - none of its words looks like a proper noun: each begins with a
 *     lowercase letter and has no capital inside ("shark fin");
 *   - every word is a demonym or a direction of the lexicon, plural -s
 *     allowed ("Russian", "North Korean", "Russians", "Russian-North
 *     Korean"), whatever its type (the tagger calls "North Koreans" LOC);
 *   - it is MISC and every word is such a word or ends like an adjective
 *     of nationality or creed (-ian, -ean, -can, -ese, -ish, -ic, -ist,
 *     -i, with a plural -s: "East Asian", "Icelandic", "Islamist",
 *     "Yemeni"), or no word is a capitalised noun that is none of these;
 * so "World War II", "Cold War", "Korean Peninsula" and "Wimbledon" make
 * hashtags, "Russian" and "South Korean" do not.  nlp_analyze() leaves
 * such entities out (the finder never reports them in the first place).
 */

/* Options of nlp_analyze_ex(). */
struct nlp_analyze_opts {
    const struct nlp_ner *tagger; /* NULL: the proper-noun finder */
    int keep_all; /* also the entities that make no hashtag (hashtag 0) */
};

/*
 * nlp_analyze() with the tagger chosen by the caller (o NULL: the finder,
 * entities that make hashtags only).  The model is only read.
 *
 * With the tagger, the mentions are its entities, keeping its types, and
 * an entity's type is the one most of its mentions have (ties: the first
 * seen).  A one-word mention that is a function word or a common sentence
 * opener of the lexicon ("According", "Separately") is dropped, and a
 * mention joining two names by a hyphen is split ("North Korea-Russia"
 * -> "North Korea", "Russia") when each half occurs alone in the article
 * or ends in a country of the lexicon.
 * Titles: a title in sentence case is tagged together with the text
 * (title, a blank line, text: one call, and the text's evidence helps the
 * title).  A title in Title Case ("How North Korea Is Giving Russia an
 * Edge in the War on Ukraine": no lowercase word but function words)
 * defeats the tagger's capitalisation features, so there only the names
 * the text's tagged mentions confirm are kept: the title's words are
 * matched, leftmost-longest, against the text's mentions, and a single
 * capitalised word that is part of a person's name in the text ("Putin",
 * "Lavrov") is kept as a person, to resolve like any short name; the
 * rest ("Edge", "War") is dropped.  A Title Case title over a text
 * without names is tagged alone.
 */
int nlp_analyze_ex(const char *title, const char *text,
                   const struct nlp_analyze_opts *o, struct nlp_doc *doc);

/*
 * The tagger nlp_analyze() uses, for the whole process.
 *
 * By default the model is opened on first use (pthread_once): the file
 * nlp_ner_open_default() finds ($HASHWIRE_MODELS/ner.model, else
 * models/ner.model); without one, or when $HASHWIRE_TAGGER is "finder",
 * nlp_analyze() uses the proper-noun finder.  A model file that exists
 * but cannot be read is reported once on stderr, and the finder is used.
 * The default model stays mapped until the process exits.
 *
 * nlp_set_tagger(m) overrides that choice: m (borrowed; it must outlive
 * every later nlp_analyze()) or NULL for the finder.  Call it before
 * other threads analyse; the choice is read under a lock, but an
 * analysis already running keeps the tagger it started with.
 * nlp_tagger() returns the tagger in use, NULL for the finder.
 * Each nlp_analyze() with the tagger allocates the tagger's scratch
 * (about 600 KB) once and frees it.
 */
void nlp_set_tagger(const struct nlp_ner *m);
const struct nlp_ner *nlp_tagger(void);

#endif
