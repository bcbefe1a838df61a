/*
 * out.h - writing what the web room sends: text escaped for HTML and XML,
 * URL components, HTTP dates, entity tags, gzip.  Mechanism only; nothing
 * here knows what a page is about.
 *
 * Escaping is the single door through which any string from a feed, a
 * page or a request reaches an HTML page or an Atom document: invalid
 * UTF-8 becomes U+FFFD, characters XML 1.0 forbids (C0 controls but tab
 * and newline, U+FFFE, U+FFFF) are dropped, and & < > " ' become
 * references, so the same function is right for text and for quoted
 * attribute values.
 */
#ifndef HW_WEB_OUT_H
#define HW_WEB_OUT_H

#include "util/hw.h"

/* Append s[0..n) escaped for HTML/XML text or a quoted attribute. */
int web_esc(struct hw_buf *b, const char *s, size_t n);
/* The same for a NUL-terminated string; NULL appends nothing. */
int web_escs(struct hw_buf *b, const char *s);

/*
 * Append s[0..n) escaped as web_esc(), turning the bytes on and off (as
 * store_search() marks matches) into <mark> and </mark>, balanced.
 */
int web_esc_marked(struct hw_buf *b, const char *s, size_t n, char on,
                   char off);

/* Append s percent-encoded for a path segment or a query value
 * (everything but unreserved characters, RFC 3986). */
int web_url_esc(struct hw_buf *b, const char *s, size_t n);

/* 1 if url is an absolute http: or https: URL (safe for href). */
int web_url_is_http(const char *url);

/*
 * Append at most max bytes of the text s with paragraph breaks and other
 * white space runs as one space, cut at a word boundary when one is near
 * (else mid-word, never mid-character), and "…" when cut.  Escaped for
 * HTML when esc, raw otherwise.
 */
int web_lead(struct hw_buf *b, const char *s, size_t max, int esc);

/* "Sun, 13 Jul 2025 03:00:00 GMT" (RFC 9110 IMF-fixdate); out[32]. */
void web_http_date(hw_time t, char out[32]);
/* Parse an IMF-fixdate; HW_EPARSE for anything else. */
int web_http_date_parse(const char *s, hw_time *out);

/* "2025-07-13 03:00 UTC", for a title attribute; out[32]. */
void web_human_time(hw_time t, char out[32]);

/* A 64-bit FNV-1a hash of bytes, for entity tags. */
uint64_t web_hash(const void *p, size_t n);

/*
 * Does an If-None-Match header value match the entity tag etag (written
 * with its quotes)?  "*" matches; W/ prefixes are ignored (weak
 * comparison, RFC 9110 13.1.2).
 */
int web_etag_match(const char *header, const char *etag);

/*
 * Does an Accept-Encoding header allow gzip (named with q > 0, or "*"
 * with q > 0 and gzip not refused)?
 */
int web_accepts_gzip(const char *header);

/* Gzip (RFC 1952) in[0..n) into out (appended). */
int web_gzip(const char *in, size_t n, struct hw_buf *out);

#endif
