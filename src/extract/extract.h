/*
 * extract.h - an article page (HTML bytes) to its main text and the
 * publisher's metadata.
 *
 * Metadata comes, in order of trust, from JSON-LD (NewsArticle, Article,
 * ReportageNewsArticle, BlogPosting, also inside @graph and arrays),
 * OpenGraph and article:* meta, Twitter cards, Dublin Core and other
 * common meta names, <link rel=canonical>, <html lang>, <time datetime>
 * and <title>.  The main text is found as Mozilla's Readability finds it
 * (a scorer over paragraph blocks: text length, commas, link density,
 * class/id hints), with page furniture and boilerplate lines left out;
 * see extract.c.
 * The HTML parser (gumbo) stays inside the module; this header shows none
 * of its types.  Parsers take bytes, never URLs or handles.
 */
#ifndef HW_EXTRACT_H
#define HW_EXTRACT_H

#include "util/hw.h"

/* Input larger than this is refused with HW_ETOOBIG. */
#define EXTRACT_MAX_INPUT (32u * 1024 * 1024)

/*
 * One extracted page.  Every string is valid UTF-8, owned by the struct and
 * freed by extract_free(); a field the page does not give is NULL (and a
 * time is HW_TIME_NONE).  URLs are absolute when the page URL is known.
 *   url           the URL given to extract_page() (copied), or NULL
 *   canonical_url <link rel=canonical>, og:url or the JSON-LD url
 *   text          the main text, paragraphs separated by "\n\n" (a list
 *                 item, a heading, a data-table row -- cells joined by
 *                 " | " -- is a paragraph; figure captions are not text)
 *   html          the same as sanitised HTML (feed_html_sanitize()):
 *                 p, h2-h6, ul/ol/li, blockquote, pre, data tables,
 *                 figures as <figure><img src alt><figcaption>, links
 *                 and emphasis; URLs absolute when the page URL is known
 */
struct extract_result {
    char *url, *canonical_url, *title, *byline, *site_name, *lang, *image,
        *section, *text, *html;
    hw_time published, modified;
};

/*
 * Extract html[0..len), fetched from url (may be NULL; used to resolve
 * relative links).  content_type is the HTTP Content-Type header value,
 * or NULL; its charset parameter decides the encoding unless the page
 * starts with a byte-order mark, else a <meta> charset in the first 1024
 * bytes does, else the bytes are UTF-8 when they are valid UTF-8 and
 * windows-1252 when not (the WHATWG HTML sniffing order; a declared
 * legacy charset on bytes that are valid UTF-8 is read as UTF-8).  Labels
 * are those of the WHATWG Encoding standard; an unknown one is ignored.
 * Bytes that do not decode become U+FFFD.  Neither html nor content_type
 * is kept.  On success *out is a new result (free with extract_free()).
 * Errors, with details in d (may be NULL):
 *   HW_ETOOBIG    over EXTRACT_MAX_INPUT, or an article text over 8 MiB
 *                 ("article text too large");
 *   HW_EPARSE     "not an HTML page: ..." (empty, PDF, image, binary);
 *   HW_ENOTFOUND  "no article found": a page of navigation or teasers
 *                 only (no JSON-LD articleBody to fall back on either).
 */
int extract_page(const char *html, size_t len, const char *url,
                 const char *content_type, struct extract_result **out,
                 struct hw_diag *d);

/* Free r and its strings.  NULL does nothing. */
void extract_free(struct extract_result *r);

/* Append contract B (DESIGN.md) for r as one JSON object to b. */
int extract_to_json(const struct extract_result *r, struct hw_buf *b);

#endif
