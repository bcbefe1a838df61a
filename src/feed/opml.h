/*
 * opml.h - subscription lists in OPML 1.0 and 2.0: read one from bytes,
 * write one as OPML 2.0.
 *
 * An outline with an xmlUrl attribute is a feed; an outline without one
 * that has children is a folder, and the folders around a feed make its
 * folder path, their names joined with '/' ("News/World").  Reading uses
 * libxml2's streaming reader with no network access, no DTD loading and
 * no entity expansion; a document that declares entities is refused, so
 * neither billion laughs nor external entities can happen.  Parsers take
 * bytes, never files or URLs.
 */
#ifndef HW_FEED_OPML_H
#define HW_FEED_OPML_H

#include "util/hw.h"

/* Input larger than this is refused with HW_ETOOBIG. */
#define FEED_OPML_MAX_INPUT (16u * 1024 * 1024)
/* At most this many feeds are read; the rest set bozo. */
#define FEED_OPML_MAX_ITEMS 100000
/* Folders nested deeper than this are refused (HW_EPARSE). */
#define FEED_OPML_MAX_DEPTH 64

/* One feed of the list.  Strings are UTF-8, trimmed, owned by the list. */
struct feed_opml_item {
    char *url;      /* xmlUrl, as written (not resolved or checked) */
    char *title;    /* title, else text, or NULL */
    char *html_url; /* htmlUrl or NULL */
    char *folder;   /* "News/World", or NULL at the top level */
};

struct feed_opml {
    char *title; /* head/title or NULL */
    struct feed_opml_item *items;
    size_t nitems;
    int bozo;           /* not well-formed or too many items: partial */
    char *bozo_message; /* the first problem, or NULL */
};

/*
 * Read an OPML document from data[0..len).  On success *out is a new list
 * (free with feed_opml_free()).  Errors: HW_ETOOBIG (over
 * FEED_OPML_MAX_INPUT), HW_ENOTFEED (the root element is not <opml>),
 * HW_EPARSE (entity declarations, folders too deep, or nothing readable),
 * with diag filled.  A broken document after some feeds were read is a
 * success with bozo set.
 */
int feed_opml_parse(const char *data, size_t len, struct feed_opml **out,
                    struct hw_diag *diag);
void feed_opml_free(struct feed_opml *o); /* NULL does nothing */

/*
 * Append an OPML 2.0 document listing items[0..n) to out: head with title
 * (NULL: "hashwire subscriptions") and dateCreated (now, unless
 * HW_TIME_NONE), then the feeds as outlines of type "rss" inside nested
 * folder outlines, folders in name order, feeds in the order given within
 * each folder.  Text is escaped for XML; invalid UTF-8 becomes U+FFFD.
 * Returns out's error state (0 or HW_ETOOBIG).
 */
int feed_opml_write(const char *title, const struct feed_opml_item *items,
                    size_t n, hw_time now, struct hw_buf *out);

#endif
