/*
 * router.h - the HTTP mechanism of the web room: request targets, percent
 * decoding, query strings and a table-driven router.  It knows nothing of
 * news: the routes, their names and their handlers are the caller's.
 *
 * A request target ("/tag/Kim_Jong-un?before=1752375600.1") is taken raw,
 * as the client sent it (RFC 9112 origin-form), and split into a path and
 * a query; both stay percent-encoded views into the caller's bytes until a
 * segment or a parameter is asked for, and only then is it decoded into a
 * caller's buffer.  Decoding refuses what no honest client sends: a bad
 * escape ("%zz", a lone "%"), an encoded NUL or control character, bytes
 * that are not UTF-8, and, in path segments, an encoded "/" and the dot
 * segments "." and ".." (path traversal has no meaning here; refusing it
 * keeps every handler's parameters plain names).
 *
 * Patterns are paths whose segments are literals, "*" (one segment,
 * captured) or "*.ext" (one segment ending in .ext, captured without
 * it); the first route whose pattern matches wins.  One trailing "/" on a
 * request path is ignored.
 */
#ifndef HW_WEB_ROUTER_H
#define HW_WEB_ROUTER_H

#include "util/hw.h"

/* Longest request target accepted (longer: 414). */
#define WEB_TARGET_MAX 4096
/* Captures per route. */
#define WEB_MAX_PARAMS 4

/* Methods, as a bit set in a route. */
enum {
    WEB_GET = 1,  /* HEAD goes where GET goes */
    WEB_POST = 2,
};

/* 1 for "GET"/"HEAD", 2 for "POST", 0 for anything else. */
unsigned web_method_bit(const char *method);

/*
 * Split a raw request target into path and query views (no "?"; query is
 * empty when absent; a "#fragment", which clients never send, is cut).
 * Returns 0, HW_ETOOBIG over WEB_TARGET_MAX, or HW_EPARSE when the target
 * is not origin-form (does not start with "/") or holds a byte that may
 * not appear in a URI (controls, space, DEL, non-ASCII).
 */
int web_target_split(const char *target, size_t len, struct hw_str *path,
                     struct hw_str *query);

/*
 * Percent-decode s into out (appended).  plus_space: "+" means space (a
 * query string).  Returns 0, or HW_EPARSE for a bad escape or a decoded
 * NUL or control character other than tab, HW_EENCODING when the result
 * is not valid UTF-8, HW_ETOOBIG when out's cap is reached.
 */
int web_pct_decode(struct hw_str s, int plus_space, struct hw_buf *out);

/*
 * The value of the first parameter called name in a raw query string,
 * decoded into out (reset first).  Returns 1 found, 0 absent, or a
 * negative web_pct_decode() error.  "a&b=" gives "a" and "b" the value "".
 */
int web_query_get(struct hw_str query, const char *name, struct hw_buf *out);

/* One route: a name (for metrics), the methods, a pattern, and a
 * handler the caller casts back to its own type. */
struct web_route {
    const char *name;
    unsigned methods;
    const char *pattern;
    void (*handler)(void);
};

/* What matching found: the route and its decoded captures.  The captures
 * point into buf (owned by the caller, released with hw_buf_release). */
struct web_match {
    int route;
    int nparams;
    struct hw_str params[WEB_MAX_PARAMS];
    struct hw_buf buf;
};

/*
 * Match method and raw path against routes[0..n).  m->buf is initialised
 * here (release it whatever the result).  Returns the route's index, or
 * -404 when no pattern matches the path, -405 when one matches but not
 * for this method (allowed, if not NULL, gets the methods that would),
 * -400 when a captured segment does not decode (see above).
 */
int web_route_match(const struct web_route *routes, size_t n,
                    const char *method, struct hw_str path,
                    struct web_match *m, unsigned *allowed);

#endif
