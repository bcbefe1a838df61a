/*
 * nlp_int.h - private to src/nlp: the word lexicon, the proper-noun
 * scanner behind nlp_find_mentions() and nlp_analyze(), and the sentence
 * splitter that finds the lead.
 *
 * The scanner reads UTF-8 text once, word by word, and keeps two arrays:
 * the mentions it found and, for each mention, its words (byte spans and
 * the key of each word).  A mention's key is the concatenation of the keys
 * of its words, which is what nlp_key() gives for the whole span, so the
 * words are keyed once and never again.  nlp_analyze() scans the text
 * first and then the title, handing the text's scan to the title's so that
 * a title written in Title Case can be cut into the names the text knows.
 */
#ifndef HW_NLP_INT_H
#define HW_NLP_INT_H

#include <stdint.h>

#include "nlp/nlp.h"

/* ---- lexicon --------------------------------------------------------- */

/*
 * Word classes, as bits: one word may be in several classes ("may" is a
 * month and a modal verb).  The table is in lexicon.c, sorted by word.
 */
enum {
    NLP_L_HARD = 1u << 0,     /* function word or common sentence opener */
    NLP_L_SOFT = 1u << 1,     /* "Will", "May": a name only mid-run */
    NLP_L_DATE = 1u << 2,     /* month and weekday names */
    NLP_L_DEMONYM = 1u << 3,  /* "Russian", "Korean"; plural -s accepted */
    NLP_L_DIR = 1u << 4,      /* "North", "Western": directions */
    NLP_L_TITLE = 1u << 5,    /* "President", "Mr", "leader" */
    NLP_L_TITLE2 = 1u << 6,   /* "General": a title only after a modifier */
    NLP_L_MODIFIER = 1u << 7, /* "Prime", "Foreign", "Deputy" before a title */
    NLP_L_OFFICE = 1u << 8,   /* "State" in "Secretary of State" */
    NLP_L_CONNECT = 1u << 9,  /* "of", "de", "van", "bin" inside names */
    NLP_L_COUNTRY = 1u << 10, /* countries and a few capitals */
    NLP_L_FIRST = 1u << 11,   /* common first names */
    NLP_L_ABBREV = 1u << 12,  /* "Mr.", "St.", "Jan.": no sentence end */
    NLP_L_MAYEND = 1u << 13,  /* "Inc.", "Jr.": may end a sentence */
    NLP_L_ORGEND = 1u << 14,  /* last word of an organisation */
    NLP_L_LOCEND = 1u << 15,  /* last word of a place */
    NLP_L_MISCEND = 1u << 16, /* last word of an event, law, treaty */
    NLP_L_ORG = 1u << 17,     /* one-word organisations: "Kremlin" */
    NLP_L_HYSUFFIX = 1u << 18, /* "led", "based": not a name after '-' */
    NLP_L_GEOPRE = 1u << 19,  /* "North", "New", "United": place prefix */
    NLP_L_CAPSTOP = 1u << 20, /* a stop word even in ALL CAPS ("THE") */
    NLP_L_ROLE = 1u << 21     /* lowercase noun before a person's name */
};

/*
 * Classes of the ASCII word s[0..n), compared case-insensitively with
 * periods ignored ("U.S." is "us").  0 for words not in the table,
 * non-ASCII words and words longer than 31 bytes.
 */
uint32_t nlp__lex(const char *s, size_t n);
/* nlp__lex() for a lowercase word of at most four bytes, as written:
 * the fast path for the function words between capitalised ones. */
uint32_t nlp__lex_short(const char *s, size_t n);
/* 1 if the table is sorted, every entry is lowercase ASCII and every
 * entry is found by both lookups. */
int nlp__lex_selfcheck(void);

/* ---- characters ------------------------------------------------------ */

enum {
    NLP_C_WORD = 1,  /* letter, mark or digit: part of a word */
    NLP_C_UPPER = 2, /* uppercase or titlecase letter */
    NLP_C_LOWER = 4, /* lowercase letter */
    NLP_C_DIGIT = 8, /* number */
    NLP_C_SPACE = 16 /* white space (Zs and ASCII) */
};

/* Classes of one code point (any, ASCII included). */
unsigned nlp__cp_class(uint32_t cp);

/* ---- keys ------------------------------------------------------------ */

/* nlp_key() without the checks: append the key of s[0..n) to out. */
void nlp__key_append(const char *s, size_t n, struct hw_buf *out);

/* ---- scanner --------------------------------------------------------- */

/* One word of a mention. */
struct nlp__word {
    size_t start, end; /* bytes in the scanned text */
    uint32_t koff;     /* its key in nlp__scan.keys */
    uint32_t klen;
    uint32_t hash;     /* hash of the key */
};

/* Mention flags. */
enum {
    NLP_M_PENDING = 1u << 0, /* sentence-initial single word, unconfirmed */
    NLP_M_TC = 1u << 1,      /* in a sentence without lowercase words */
    NLP_M_TCSTRONG = 1u << 2, /* in a stretch with capitalised function
                                  words, or shouted: a headline */
    NLP_M_DROP = 1u << 3,    /* removed by a later pass */
    NLP_M_ACRONYM = 1u << 4, /* has an ALL CAPS word */
    NLP_M_LOWER = 1u << 5,   /* has a lowercase word (connector, "Jong-un") */
    NLP_M_GEOPRE = 1u << 6,  /* first word is "North", "New", ... */
    NLP_M_HYPHEN = 1u << 7,  /* has words joined by a hyphen */
    NLP_M_CUT = 1u << 8      /* cut out of a headline run */
};

struct nlp__ment {
    size_t start, end;   /* bytes, [start, end) */
    uint32_t w0, nw;     /* its words: words[w0 .. w0 + nw) */
    uint32_t koff, klen; /* key: the words' keys, contiguous in keys */
    uint32_t hash;       /* hash of the key */
    uint16_t type;       /* enum nlp_type */
    uint16_t flags;
};

/* Words that were seen capitalised but not first in a sentence. */
struct nlp__capset {
    struct nlp__capent {
        uint32_t hash, len;
        size_t start;
    } *tab;
    size_t size, count; /* size is 0 or a power of two */
    const char *text;
};

/* The result of one scan.  Release with nlp__scan_release(). */
struct nlp__scan {
    const char *text;
    size_t len;
    struct nlp__ment *m;
    size_t nm, mcap;
    struct nlp__word *w;
    size_t nw, wcap;
    struct hw_buf keys; /* word keys, back to back, no separators */
    struct nlp__capset caps; /* capitalised, not first in a sentence */
    uint64_t *lower;         /* Bloom filter of the lowercase words */
    size_t lower_bits;       /* its size in bits, a power of two */
};

/* Limits: mentions beyond NLP_MAX_MENTIONS are not reported. */
#define NLP_MAX_MENTIONS 4096
#define NLP_MAX_RUN 32 /* words in one capitalised run */

/*
 * Scan text[0..len).  other, when not NULL, is a scan of another text of
 * the same article (the body, when scanning the title): its capitalised
 * words confirm sentence-initial words here, and its mentions are the
 * names into which Title Case runs here are cut.  title nonzero marks the
 * title: Title Case there drops whatever no known name explains.
 * Returns 0 or an HW_E code; s is valid (and must be released) either way.
 */
int nlp__scan(struct nlp__scan *s, const char *text, size_t len,
              const struct nlp__scan *other, int title);
void nlp__scan_release(struct nlp__scan *s);

/* The key of mention m of s: a view into s->keys. */
static inline struct hw_str nlp__ment_key(const struct nlp__scan *s,
                                          const struct nlp__ment *m)
{
    struct hw_str k = {s->keys.p + m->koff, m->klen};
    return k;
}

/* 32-bit FNV-1a of n bytes. */
uint32_t nlp__hash(const void *p, size_t n);

/* ---- the tagger's mentions (tagged.c) -------------------------------- */

struct nlp_ner;

/*
 * Find the mentions of an article with the trained tagger m and lay them
 * out as the scanner does: st for title[0..tlen), sx for text[0..xlen),
 * each mention with its words (split at white space and hyphens) and
 * keys, the tagger's type, and the flags resolution reads (NLP_M_ACRONYM,
 * NLP_M_HYPHEN, NLP_M_GEOPRE, NLP_M_LOWER; NLP_M_CUT for names matched
 * in a Title Case title).  nlp_analyze_ex() (nlp.h) says how titles are
 * done.  Returns 0 or an HW_E code; st and sx are valid (and must be
 * released) either way.
 */
int nlp__scan_tagged(const struct nlp_ner *m, const char *title, size_t tlen,
                     const char *text, size_t xlen, struct nlp__scan *st,
                     struct nlp__scan *sx);

/* 1 if mention m of s, as the surface of an entity of type t, makes a
 * hashtag (the rule is in nlp.h). */
int nlp__makes_hashtag(const struct nlp__scan *s, const struct nlp__ment *m,
                       enum nlp_type t);

/* ---- sentences ------------------------------------------------------- */

/*
 * The end of the sentence that starts at from: the offset just after its
 * final punctuation and closing quotes, or len.  Always > from when from
 * < len.  Sentences end at '.', '!', '?' or an ellipsis followed by space
 * and a capital, digit or quote, and at blank lines; not after
 * abbreviations ("Mr.", "Gen.", "Jan."), initials ("George W. Bush"),
 * dotted acronyms inside a sentence ("the U.S. army") or inside numbers
 * ("3.5").
 */
size_t nlp__sentence_end(const char *text, size_t len, size_t from);
/* The end of the first n sentences (the lead when n is 3), or len when
 * the text has fewer; 0 when n <= 0.  Empty sentences do not count. */
size_t nlp__lead_end(const char *text, size_t len, int n);

#endif
