/*
 * robots.h - robots.txt (RFC 9309, the Robots Exclusion Protocol): parse
 * a site's file for our product token and answer "may we fetch this
 * path?".
 *
 * Parsers take bytes: the caller fetches http(s)://host/robots.txt and
 * hands over the status and body; fetch_robots_for_status() applies the
 * RFC's rules for unavailable and unreachable files.
 *
 * What is read (RFC 9309 section 2):
 *   - only the first FETCH_ROBOTS_MAX_BYTES of the body (a line cut by
 *     that limit is dropped); a UTF-8 byte order mark is skipped; lines
 *     end with CR, LF or CRLF; '#' starts a comment;
 *   - "user-agent", "allow", "disallow" (keys without case, a few common
 *     misspellings of them, ':' or white space after the key) and the
 *     non-standard "crawl-delay"; other lines ("sitemap", ...) are
 *     ignored and do not end a group;
 *   - a group is one or more consecutive user-agent lines and the rules
 *     after them; rules before the first user-agent line are ignored.
 *
 * Which group applies: the product token of a user-agent line is its
 * leading run of letters, '_' and '-' ("HashWire/1.0" gives "HashWire"),
 * compared without case to our own token.  A line matches when it equals
 * our token, or names a prefix of it that ends before a '-' (the line
 * "hashwire" matches the agent "hashwire-news"); the longest matching
 * line wins, "*" matches with the lowest rank, and every group that
 * holds a line of the winning rank is merged (RFC 9309 2.2.1).  With no
 * matching group everything is allowed.
 *
 * Which rule applies (RFC 9309 2.2.2): the rule with the longest pattern
 * that matches the start of the path and query; on a tie allow wins; with
 * no match the path is allowed.  '*' matches any run of bytes, a '$' that
 * ends the pattern anchors it at the end of the path.  Path and pattern
 * are compared after the same percent-encoding normalisation as
 * fetch_url_canon(): escapes of unreserved characters decoded, hex
 * uppercased, non-ASCII (a rule's raw UTF-8) and other bytes that may not
 * appear raw escaped.  "/robots.txt" is always allowed.
 *
 * Bounds: at most FETCH_ROBOTS_MAX_RULES rules are kept for the chosen
 * group (later ones are ignored); a pattern with more literal bytes than
 * any acceptable path can never match and is dropped.  Matching one
 * pattern is linear in the path and pattern (greedy wildcard matching
 * with KMP searches), so no pattern can make a lookup blow up.
 */
#ifndef HW_FETCH_ROBOTS_H
#define HW_FETCH_ROBOTS_H

#include <stddef.h>

/* Bytes of a robots.txt body that are parsed (RFC 9309 2.5: >= 500 KiB). */
#define FETCH_ROBOTS_MAX_BYTES (500 * 1024)
/* Rules kept for the chosen group. */
#define FETCH_ROBOTS_MAX_RULES 20000

struct fetch_robots;

/*
 * Parse txt[0..len) (any bytes; txt may be NULL when len is 0) for the
 * product token of agent (e.g. "hashwire" or "hashwire/1.2"; NULL or a
 * token-less string matches "*" groups only).  Nothing is borrowed after
 * the call.  Never NULL; free with fetch_robots_free().
 */
struct fetch_robots *fetch_robots_parse(const char *txt, size_t len,
                                        const char *agent);

/* Everything allowed, or everything but "/robots.txt" disallowed.  Never
 * NULL; free with fetch_robots_free(). */
struct fetch_robots *fetch_robots_allow_all(void);
struct fetch_robots *fetch_robots_deny_all(void);

/*
 * The rules that follow from fetching robots.txt (RFC 9309 2.3.1), with
 * http_status that of the final response after redirects:
 *   - 2xx: body[0..len) parsed as fetch_robots_parse() does;
 *   - 4xx (404 included): unavailable, everything allowed;
 *   - 3xx (redirects that did not end, more than five): unavailable too,
 *     everything allowed (RFC 9309 2.3.1.2);
 *   - 5xx, 0 (unreachable, network error) and anything else: everything
 *     disallowed; the caller may fetch robots.txt again later.
 * Never NULL; free with fetch_robots_free().
 */
struct fetch_robots *fetch_robots_for_status(long http_status, const char *body,
                                             size_t len, const char *agent);

/*
 * 1 if path_and_query ("/a/b?x=1", as in the URL; a fragment is ignored;
 * NULL or "" means "/") may be fetched, else 0.  A path longer than
 * FETCH_URL_MAX after normalisation is disallowed.
 */
int fetch_robots_allowed(const struct fetch_robots *r,
                         const char *path_and_query);

/* The chosen group's crawl-delay in seconds (non-standard; the largest
 * when merged groups give several), 0 when none.  At most 86400. */
double fetch_robots_crawl_delay(const struct fetch_robots *r);

void fetch_robots_free(struct fetch_robots *r); /* NULL does nothing */

#endif
