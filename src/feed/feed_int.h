/*
 * feed_int.h - private interface of the feed room, shared by feed.c (the
 * format table, the entry builder and the normalisers), encoding.c (bytes
 * to UTF-8), xml.c (RSS, RDF and Atom on libxml2's SAX2 interface) and
 * jsonfeed.c (JSON Feed on jansson).
 *
 * Nothing here is visible outside src/feed/.
 *
 * The flow of one parse:
 *
 *     bytes --encoding.c--> UTF-8 text --sniff--> xml.c or jsonfeed.c
 *           --> struct feed (strings normalised by the feed_norm_*()
 *               helpers below: titles plain text, HTML sanitised, links
 *               absolute, dates parsed)
 */
#ifndef HW_FEED_INT_H
#define HW_FEED_INT_H

#include "feed/feed.h"

/* Caps on what one document may produce; the input cap bounds the rest. */
#define FEED_MAX_ENTRIES 200000
#define FEED_MAX_CATEGORIES 64 /* per entry */
#define FEED_MAX_ENCLOSURES 32 /* per entry */
#define FEED_MAX_FIELD (FEED_MAX_INPUT + 1024u * 1024) /* one text field */

/* ---- encoding.c ------------------------------------------------------ */

/*
 * The input as UTF-8.  p points either into the caller's bytes (already
 * valid UTF-8 free of characters XML forbids: zero copy) or into owned.
 * bozo_note is non-empty when bytes had to be replaced or the declared
 * encoding was unusable: the parse then reports bozo with that note.
 */
struct feed_text {
    const char *p;
    size_t len;
    char *owned;         /* NULL or the converted copy, freed by release */
    char charset[32];    /* what was used: "utf-8", "windows-1252", ... */
    char bozo_note[160]; /* "" or why the document is not clean */
};

/*
 * Decode data[0..len) to UTF-8.  charset (may be NULL) is the caller's
 * (HTTP) charset; it overrides the document's declaration but not a
 * byte-order mark.  Never fails on content: undecodable bytes become
 * U+FFFD.  Free with feed_text_release().
 */
int feed_text_decode(const char *data, size_t len, const char *charset,
                     struct feed_text *t);
void feed_text_release(struct feed_text *t);

/* ---- the format table (feed.c) ---------------------------------------- */

/*
 * One input syntax.  sniff() looks at the first bytes of the decoded text
 * (leading white space already skipped) and says whether parse() should
 * have it.  parse() returns like feed_parse().
 */
struct feed_syntax {
    const char *name;
    int (*sniff)(const char *p, size_t len);
    int (*parse)(const struct feed_text *t, const struct feed_opts *opts,
                 struct feed **out, struct hw_diag *diag);
};

int feed_xml_sniff(const char *p, size_t len);
int feed_xml_parse(const struct feed_text *t, const struct feed_opts *opts,
                   struct feed **out, struct hw_diag *diag);
int feed_json_sniff(const char *p, size_t len);
int feed_json_parse(const struct feed_text *t, const struct feed_opts *opts,
                    struct feed **out, struct hw_diag *diag);

/* ---- building (feed.c) ------------------------------------------------ */

/* A new empty feed of format fmt; free with feed_free(). */
struct feed *feed_new(enum feed_format fmt);
/*
 * Append an empty entry (dates HW_TIME_NONE) and return it, or NULL when
 * the feed already holds FEED_MAX_ENTRIES.  The pointer is valid until
 * the next feed_entry_add().
 */
struct feed_entry *feed_entry_add(struct feed *f);
/* Add a category (normalised to plain text; duplicates and blanks dropped;
 * capped at FEED_MAX_CATEGORIES). */
void feed_entry_add_category(struct feed_entry *e, const char *s, size_t n);
/* Add an enclosure; url must be non-empty (copied), type may be NULL;
 * length -1 when unknown.  Same URL twice is kept once. */
void feed_entry_add_enclosure(struct feed_entry *e, const char *url,
                              const char *type, int64_t length);
/* Set bozo and keep msg as bozo_message if it is the first one. */
void feed_set_bozo(struct feed *f, const char *msg);

/* ---- normalisers (feed.c): each returns a new string or NULL ---------- */

/* Plain text for titles: markup ('<' or '&') stripped by feed_html_text,
 * white space collapsed, trimmed; NULL when empty. */
char *feed_norm_plain(const char *s, size_t n);
/* Plain text that is known not to be markup: only white space collapsed. */
char *feed_norm_text(const char *s, size_t n);
/* Sanitised HTML; fast path copy when there is no '<' nor '&'; NULL when
 * blank.  base may be NULL. */
char *feed_norm_html(const char *s, size_t n, const char *base);
/* Plain text turned into HTML (&, <, > escaped); NULL when blank. */
char *feed_norm_text_html(const char *s, size_t n);
/* An absolute URL: trimmed, resolved against base (may be NULL). */
char *feed_norm_url(const char *base, const char *s, size_t n);
/* A date, or HW_TIME_NONE. */
hw_time feed_norm_date(const char *s, size_t n);
/* "Name" from RSS's "mail@example.com (Name)"; otherwise trimmed. */
char *feed_norm_author(const char *s, size_t n);
/* A non-negative integer, or -1. */
int64_t feed_norm_length(const char *s, size_t n);

#endif
