/*
 * hints.c - what class and id names say of an element: Readability's
 * regular expressions as one pass of string compares.
 *
 * One pass over a lower-cased class or id gives the categories of the
 * words found in it.  Generated from the lists of Readability's REGEXPS
 * (unlikelyCandidates, okMaybeItsACandidate, negative, positive, byline)
 * and our own list of page furniture (XT_H_JUNK: newsletter and paywall
 * boxes, share and print tools, related links, comments, bylines and
 * time stamps, ad slots).
 */
#include <string.h>

#include "extract/extract_int.h"

#define HINT(w, m)                                                          \
    if (strncmp(p, w, sizeof w - 1) == 0)                                   \
        f |= (m)

unsigned extract_hint_scan(const char *s)
{
    unsigned f = 0;

    for (const char *p = s; *p; p++) {
        switch (*p) {
        case '-':
            HINT("-ad-", XT_H_UNLIKELY | XT_H_NEG);
            break;
        case 'a':
            HINT("about-author", XT_H_JUNK);
            HINT("ad-container", XT_H_JUNK);
            HINT("article-meta", XT_H_JUNK);
            HINT("author-info", XT_H_JUNK);
            HINT("ad-wrapper", XT_H_JUNK);
            HINT("author-bio", XT_H_JUNK);
            HINT("authorbio", XT_H_JUNK);
            HINT("ad-break", XT_H_UNLIKELY);
            HINT("ad-slot", XT_H_JUNK);
            HINT("agegate", XT_H_UNLIKELY);
            HINT("ai2html", XT_H_UNLIKELY);
            HINT("article", XT_H_MAYBE | XT_H_POS);
            HINT("adslot", XT_H_JUNK);
            HINT("advert", XT_H_JUNK);
            HINT("author", XT_H_BYLINE);
            HINT("and", XT_H_MAYBE);
            break;
        case 'b':
            HINT("breadcrumbs", XT_H_UNLIKELY);
            HINT("breadcrumb", XT_H_JUNK);
            HINT("bio-box", XT_H_JUNK);
            HINT("banner", XT_H_UNLIKELY | XT_H_NEG);
            HINT("byline", XT_H_BYLINE | XT_H_JUNK);
            HINT("blog", XT_H_POS);
            HINT("body", XT_H_MAYBE | XT_H_POS);
            break;
        case 'c':
            HINT("cover-wrap", XT_H_UNLIKELY);
            HINT("community", XT_H_UNLIKELY);
            HINT("comment", XT_H_UNLIKELY | XT_H_NEG | XT_H_JUNK);
            HINT("consent", XT_H_JUNK);
            HINT("contact", XT_H_NEG);
            HINT("content", XT_H_MAYBE | XT_H_POS);
            HINT("column", XT_H_MAYBE);
            HINT("cookie", XT_H_JUNK);
            HINT("combx", XT_H_UNLIKELY | XT_H_NEG);
            HINT("com-", XT_H_NEG);
            break;
        case 'd':
            HINT("disclaimer", XT_H_JUNK);
            HINT("disclosure", XT_H_JUNK);
            HINT("dateline", XT_H_BYLINE | XT_H_JUNK);
            HINT("disqus", XT_H_UNLIKELY);
            break;
        case 'e':
            HINT("entry-meta", XT_H_JUNK);
            HINT("entry", XT_H_POS);
            HINT("extra", XT_H_UNLIKELY);
            break;
        case 'f':
            HINT("follow-us", XT_H_JUNK);
            HINT("footer", XT_H_UNLIKELY | XT_H_NEG);
            break;
        case 'g':
            HINT("gdpr", XT_H_UNLIKELY | XT_H_NEG | XT_H_JUNK);
            break;
        case 'h':
            HINT("h-entry", XT_H_POS);
            HINT("header", XT_H_UNLIKELY);
            HINT("hentry", XT_H_POS);
            HINT("hidden", XT_H_NEG);
            break;
        case 'l':
            HINT("legends", XT_H_UNLIKELY);
            break;
        case 'm':
            HINT("more-stories", XT_H_JUNK);
            HINT("masthead", XT_H_NEG);
            HINT("mathjax", XT_H_MAYBE);
            HINT("media", XT_H_NEG);
            HINT("main", XT_H_MAYBE | XT_H_POS);
            HINT("menu", XT_H_UNLIKELY);
            HINT("meta", XT_H_NEG);
            break;
        case 'n':
            HINT("newsletter", XT_H_JUNK);
            break;
        case 'o':
            HINT("outbrain", XT_H_NEG | XT_H_JUNK);
            break;
        case 'p':
            HINT("pagination", XT_H_UNLIKELY | XT_H_POS);
            HINT("post-meta", XT_H_JUNK);
            HINT("p-author", XT_H_BYLINE);
            HINT("paywall", XT_H_JUNK);
            HINT("pager", XT_H_UNLIKELY);
            HINT("popup", XT_H_UNLIKELY);
            HINT("print", XT_H_JUNK);
            HINT("promo", XT_H_NEG | XT_H_JUNK);
            HINT("page", XT_H_POS);
            HINT("post", XT_H_POS);
            break;
        case 'r':
            HINT("read-more", XT_H_JUNK);
            HINT("recommend", XT_H_JUNK);
            HINT("readmore", XT_H_JUNK);
            HINT("related", XT_H_UNLIKELY | XT_H_NEG | XT_H_JUNK);
            HINT("replies", XT_H_UNLIKELY);
            HINT("remark", XT_H_UNLIKELY);
            HINT("rss", XT_H_UNLIKELY);
            break;
        case 's':
            HINT("supplemental", XT_H_UNLIKELY);
            HINT("skyscraper", XT_H_UNLIKELY | XT_H_NEG);
            HINT("shopping", XT_H_NEG);
            HINT("shoutbox", XT_H_UNLIKELY | XT_H_NEG);
            HINT("sharing", XT_H_JUNK);
            HINT("sidebar", XT_H_UNLIKELY | XT_H_NEG);
            HINT("sign-up", XT_H_JUNK);
            HINT("sponsor", XT_H_UNLIKELY | XT_H_NEG | XT_H_JUNK);
            HINT("subscri", XT_H_JUNK);
            HINT("scroll", XT_H_NEG);
            HINT("shadow", XT_H_MAYBE);
            HINT("signup", XT_H_JUNK);
            HINT("social", XT_H_UNLIKELY | XT_H_JUNK);
            HINT("share", XT_H_NEG | XT_H_JUNK);
            HINT("story", XT_H_POS);
            break;
        case 't':
            HINT("timestamp", XT_H_JUNK);
            HINT("tag-list", XT_H_JUNK);
            HINT("taboola", XT_H_JUNK);
            HINT("toolbar", XT_H_JUNK);
            HINT("tags", XT_H_NEG | XT_H_JUNK);
            HINT("text", XT_H_POS);
            break;
        case 'w':
            HINT("writtenby", XT_H_BYLINE);
            HINT("widget", XT_H_NEG);
            break;
        case 'y':
            HINT("yom-remote", XT_H_UNLIKELY);
            break;
        default:
            break;
        }
    }
    return f;
}
#undef HINT

/* "hid" as a whole space-separated word. */
static int has_hid(const char *s)
{
    for (const char *p = s; (p = strstr(p, "hid")) != NULL; p += 3)
        if ((p == s || p[-1] == ' ') && (p[3] == '\0' || p[3] == ' '))
            return 1;
    return 0;
}

/* Readability's _getClassWeight for a class or an id (lc, its scan f). */
int extract_hint_weight(const char *lc, unsigned f)
{
    int w = 0;

    if ((f & XT_H_NEG) || has_hid(lc))
        w -= 25;
    if (f & XT_H_POS)
        w += 25;
    return w;
}

/* Share widgets: Readability's (\b|_)(share|sharedaddy)(\b|_). */
int extract_hint_share(const char *lc)
{
    for (const char *p = lc; (p = strstr(p, "share")) != NULL; p += 5) {
        const char *e = p + 5;
        int before = p == lc || !((p[-1] >= 'a' && p[-1] <= 'z') ||
                                  (p[-1] >= '0' && p[-1] <= '9'));
        if (strncmp(e, "daddy", 5) == 0)
            e += 5;
        if (before && !((*e >= 'a' && *e <= 'z') || (*e >= '0' && *e <= '9')))
            return 1;
    }
    return 0;
}

