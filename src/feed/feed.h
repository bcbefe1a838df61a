/*
 * feed.h - parse a syndication feed held in memory into plain structs.
 *
 * Formats: RSS 0.90-0.94 and 2.0, RSS 1.0 (RDF), Atom 0.3 and 1.0 (libxml2,
 * streaming reader, no network, no DTD, no external entities), JSON Feed
 * 1.0 and 1.1 (jansson).  Parsers take bytes, never URLs or handles.
 *
 * All strings in the result are valid UTF-8, owned by the struct feed and
 * freed by feed_free().  title fields are plain text; summary and content
 * are HTML sanitised by an allowlist (feed_html_sanitize()).  Links are
 * absolute where a base is known (xml:base, the feed URL given in opts).
 */
#ifndef HW_FEED_H
#define HW_FEED_H

#include "util/hw.h"

/* Input larger than this is refused with HW_ETOOBIG. */
#define FEED_MAX_INPUT (32u * 1024 * 1024)

enum feed_format {
    FEED_UNKNOWN = 0,
    FEED_RSS09X,   /* RSS 0.90-0.94 */
    FEED_RSS10,    /* RDF */
    FEED_RSS20,
    FEED_ATOM03,
    FEED_ATOM10,
    FEED_JSONFEED, /* 1.0 and 1.1 */
};

struct feed_enclosure {
    char *url, *type;
    int64_t length; /* -1 when unknown */
};

struct feed_entry {
    char *id, *title, *link;
    hw_time published, updated; /* HW_TIME_NONE when absent/unparseable */
    char *author, *summary, *content;
    char **categories;
    size_t ncategories;
    struct feed_enclosure *enclosures;
    size_t nenclosures;
};

struct feed {
    enum feed_format format;
    char *title, *link, *subtitle, *language;
    hw_time updated;
    int bozo;           /* not well-formed, but something was read */
    char *bozo_message; /* the first error, or NULL */
    struct feed_entry *entries;
    size_t nentries;
};

struct feed_opts {
    const char *url;     /* where the bytes came from, for relative links */
    const char *charset; /* from HTTP Content-Type; overrides the document */
};

/*
 * Parse data[0..len).  On success *out is a new feed (free with
 * feed_free()).  Errors: HW_ETOOBIG (over FEED_MAX_INPUT), HW_ENOTFEED
 * (not a feed at all: empty, HTML, binary), HW_EPARSE (nothing readable).
 * A broken but readable feed is a success with bozo set.  opts may be NULL.
 */
int feed_parse(const char *data, size_t len, const struct feed_opts *opts,
               struct feed **out, struct hw_diag *diag);
void feed_free(struct feed *f); /* NULL does nothing */

/* "rss2.0", "rss1.0", "rss0.9x", "atom1.0", "atom0.3", "jsonfeed1.x" */
const char *feed_format_name(enum feed_format fmt);

/* Append contract A (DESIGN.md) for f as one JSON object to b. */
int feed_to_json(const struct feed *f, struct hw_buf *b);

/*
 * Dates as feeds write them: RFC 822/2822 and their wild variants, RFC 3339
 * and ISO 8601 (basic and extended, fractional seconds, no zone = UTC), W3C
 * partial dates (YYYY, YYYY-MM, YYYY-MM-DD).  Returns 0 and sets *out, or
 * HW_EPARSE.  Never "now".
 */
int feed_date_parse(const char *s, size_t len, hw_time *out);

/*
 * HTML helpers for feed fragments.
 * feed_html_sanitize: keep an allowlist of elements and attributes, drop
 *   script/style/iframe/object/embed/form (with their content), event
 *   handler attributes, and javascript:/vbscript:/data: URLs (data: images
 *   excepted); relative href/src resolved against base (may be NULL).
 * feed_html_text: the text of an HTML fragment, entities decoded, runs of
 *   white space collapsed to one space, block elements (p, div, br, li,
 *   h1-h6, blockquote, ...) separated by "\n\n" (paragraphs), no leading or
 *   trailing space.
 * Both append valid UTF-8 to out.
 */
int feed_html_sanitize(const char *html, size_t len, const char *base,
                       struct hw_buf *out);
int feed_html_text(const char *html, size_t len, struct hw_buf *out);

/* Resolve ref against base (RFC 3986); appends to out.  base may be NULL. */
int feed_url_resolve(const char *base, const char *ref, struct hw_buf *out);

#endif
