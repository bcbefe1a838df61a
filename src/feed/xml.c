/*
 * xml.c - RSS 0.90-0.94 and 2.0, RSS 1.0 (RDF) and Atom 0.3/1.0 on
 * libxml2's SAX2 interface: a streaming parse, no tree of the document is
 * ever built, so memory stays near the size of what is kept.
 *
 * Why SAX2 and not xmlTextReader: the reader of libxml2 2.9 stops at the
 * first well-formedness error (it checks ctxt->wellFormed after every
 * chunk, whatever XML_PARSE_RECOVER says), so a feed with one stray '&'
 * would lose everything after the 512-byte chunk that held it.  The SAX2
 * parser with XML_PARSE_RECOVER goes on, which is what "bozo" needs, and it
 * does no per-node allocation at all.
 *
 * Safety: XML_PARSE_NONET, no XML_PARSE_NOENT (so external entities are
 * never loaded: libxml2 only fetches them for NOENT or DTDVALID), no
 * DTDLOAD, no HUGE (libxml2's limits on entity amplification, depth 256,
 * name and text lengths stay on; a billion-laughs document stops at once
 * with "Detected an entity reference loop").  Errors come through the
 * per-context structured handler (sax->serror), never to stderr.
 *
 * HTML named entities that XML does not define (&nbsp; &eacute; ...) are
 * supplied by the getEntity hook, after the document's own DTD has had its
 * say: in text as a predefined entity (libxml2 then passes its characters
 * on, and CDATA sections are never touched), in attribute values as an
 * internal entity that libxml2 leaves as "&name;" for attr_decode() below.
 *
 * The state machine.  Every open element has a frame: its namespace and
 * name classes, the context its children are read in (top, channel, item,
 * author, media group, skip) and its xml:base.  An element whose text is
 * wanted starts a capture: text (and, for HTML content, the child elements
 * serialised back as markup) gathers in one buffer until the element
 * ends; the result is offered to a slot with a priority (content:encoded
 * beats description, dc:creator beats author, ...): the highest priority
 * wins, the first among equals.  Entries are finished when they end (or at
 * the end of input for a truncated feed): only then are the winning
 * summary and content sanitised.
 *
 * Namespaces are matched by URI (libxml2 interns names and URIs in its
 * dictionary, so each distinct pointer is classified once and cached); a
 * prefix is only looked at when the document forgot to declare it.
 */
#include "feed/feed_int.h"

#include <libxml/SAX2.h>
#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <pthread.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ---- HTML 4 named entities ------------------------------------------- */

struct html_ent {
    const char *name;
    uint32_t cp;
};

/* ISO 8859-1 characters 160-255, in code point order. */
static const char *const latin1_names[96] = {
    "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect",
    "uml", "copy", "ordf", "laquo", "not", "shy", "reg", "macr",
    "deg", "plusmn", "sup2", "sup3", "acute", "micro", "para", "middot",
    "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
    "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil",
    "Egrave", "Eacute", "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml",
    "ETH", "Ntilde", "Ograve", "Oacute", "Ocirc", "Otilde", "Ouml", "times",
    "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute", "THORN", "szlig",
    "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil",
    "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml",
    "eth", "ntilde", "ograve", "oacute", "ocirc", "otilde", "ouml", "divide",
    "oslash", "ugrave", "uacute", "ucirc", "uuml", "yacute", "thorn", "yuml",
};

/* The symbol and special sets of HTML 4.01 (with &apos;). */
static const struct html_ent other_ents[] = {
    {"quot", 34}, {"amp", 38}, {"apos", 39}, {"lt", 60}, {"gt", 62},
    {"OElig", 338}, {"oelig", 339}, {"Scaron", 352}, {"scaron", 353},
    {"Yuml", 376}, {"fnof", 402}, {"circ", 710}, {"tilde", 732},
    {"Alpha", 913}, {"Beta", 914}, {"Gamma", 915}, {"Delta", 916},
    {"Epsilon", 917}, {"Zeta", 918}, {"Eta", 919}, {"Theta", 920},
    {"Iota", 921}, {"Kappa", 922}, {"Lambda", 923}, {"Mu", 924},
    {"Nu", 925}, {"Xi", 926}, {"Omicron", 927}, {"Pi", 928}, {"Rho", 929},
    {"Sigma", 931}, {"Tau", 932}, {"Upsilon", 933}, {"Phi", 934},
    {"Chi", 935}, {"Psi", 936}, {"Omega", 937}, {"alpha", 945},
    {"beta", 946}, {"gamma", 947}, {"delta", 948}, {"epsilon", 949},
    {"zeta", 950}, {"eta", 951}, {"theta", 952}, {"iota", 953},
    {"kappa", 954}, {"lambda", 955}, {"mu", 956}, {"nu", 957}, {"xi", 958},
    {"omicron", 959}, {"pi", 960}, {"rho", 961}, {"sigmaf", 962},
    {"sigma", 963}, {"tau", 964}, {"upsilon", 965}, {"phi", 966},
    {"chi", 967}, {"psi", 968}, {"omega", 969}, {"thetasym", 977},
    {"upsih", 978}, {"piv", 982}, {"ensp", 8194}, {"emsp", 8195},
    {"thinsp", 8201}, {"zwnj", 8204}, {"zwj", 8205}, {"lrm", 8206},
    {"rlm", 8207}, {"ndash", 8211}, {"mdash", 8212}, {"lsquo", 8216},
    {"rsquo", 8217}, {"sbquo", 8218}, {"ldquo", 8220}, {"rdquo", 8221},
    {"bdquo", 8222}, {"dagger", 8224}, {"Dagger", 8225}, {"bull", 8226},
    {"hellip", 8230}, {"permil", 8240}, {"prime", 8242}, {"Prime", 8243},
    {"lsaquo", 8249}, {"rsaquo", 8250}, {"oline", 8254}, {"frasl", 8260},
    {"euro", 8364}, {"image", 8465}, {"weierp", 8472}, {"real", 8476},
    {"trade", 8482}, {"alefsym", 8501}, {"larr", 8592}, {"uarr", 8593},
    {"rarr", 8594}, {"darr", 8595}, {"harr", 8596}, {"crarr", 8629},
    {"lArr", 8656}, {"uArr", 8657}, {"rArr", 8658}, {"dArr", 8659},
    {"hArr", 8660}, {"forall", 8704}, {"part", 8706}, {"exist", 8707},
    {"empty", 8709}, {"nabla", 8711}, {"isin", 8712}, {"notin", 8713},
    {"ni", 8715}, {"prod", 8719}, {"sum", 8721}, {"minus", 8722},
    {"lowast", 8727}, {"radic", 8730}, {"prop", 8733}, {"infin", 8734},
    {"ang", 8736}, {"and", 8743}, {"or", 8744}, {"cap", 8745},
    {"cup", 8746}, {"int", 8747}, {"there4", 8756}, {"sim", 8764},
    {"cong", 8773}, {"asymp", 8776}, {"ne", 8800}, {"equiv", 8801},
    {"le", 8804}, {"ge", 8805}, {"sub", 8834}, {"sup", 8835},
    {"nsub", 8836}, {"sube", 8838}, {"supe", 8839}, {"oplus", 8853},
    {"otimes", 8855}, {"perp", 8869}, {"sdot", 8901}, {"lceil", 8968},
    {"rceil", 8969}, {"lfloor", 8970}, {"rfloor", 8971}, {"lang", 9001},
    {"rang", 9002}, {"loz", 9674}, {"spades", 9824}, {"clubs", 9827},
    {"hearts", 9829}, {"diams", 9830},
};

#define N_OTHER (sizeof other_ents / sizeof other_ents[0])
#define N_ENTS (96 + N_OTHER)

/* All entities sorted by name, built once. */
static struct html_ent ents[N_ENTS];
static pthread_once_t ents_once = PTHREAD_ONCE_INIT;

static int ent_cmp(const void *a, const void *b)
{
    return strcmp(((const struct html_ent *)a)->name,
                  ((const struct html_ent *)b)->name);
}

static void ents_build(void)
{
    size_t i;
    for (i = 0; i < 96; i++)
        ents[i] = (struct html_ent){latin1_names[i], (uint32_t)(160 + i)};
    for (i = 0; i < N_OTHER; i++)
        ents[96 + i] = other_ents[i];
    qsort(ents, N_ENTS, sizeof ents[0], ent_cmp);
}

/* Index of an HTML entity name in ents[], or -1. */
static int html_ent_find(const char *name, size_t n)
{
    size_t lo = 0, hi = N_ENTS;
    pthread_once(&ents_once, ents_build);
    if (n == 0 || n > 8)
        return -1;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strncmp(name, ents[mid].name, n);
        if (c == 0 && ents[mid].name[n] != '\0')
            c = -1;
        if (c == 0)
            return (int)mid;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return -1;
}

/* ---- classes of namespaces and names ---------------------------------- */

enum ns {
    NS_NONE, NS_RSS, NS_RSS090, NS_ATOM10, NS_ATOM03, NS_CONTENT, NS_DC,
    NS_DCTERMS, NS_MEDIA, NS_ITUNES, NS_XHTML, NS_RDF, NS_XML, NS_OTHER
};

static const struct {
    const char *uri;
    enum ns ns;
} ns_table[] = {
    {"http://purl.org/rss/1.0/", NS_RSS},
    {"http://purl.org/rss/1.0", NS_RSS},
    {"http://my.netscape.com/rdf/simple/0.9/", NS_RSS090},
    {"http://my.netscape.com/rdf/simple/0.9", NS_RSS090},
    {"http://backend.userland.com/rss2", NS_RSS},
    {"http://backend.userland.com/rss", NS_RSS},
    {"http://blogs.law.harvard.edu/tech/rss", NS_RSS},
    {"http://www.w3.org/2005/Atom", NS_ATOM10},
    {"http://www.w3.org/2005/atom", NS_ATOM10},
    {"http://purl.org/atom/ns#", NS_ATOM03},
    {"http://purl.org/rss/1.0/modules/content/", NS_CONTENT},
    {"http://purl.org/rss/1.0/modules/content", NS_CONTENT},
    {"http://purl.org/dc/elements/1.1/", NS_DC},
    {"http://purl.org/dc/elements/1.1", NS_DC},
    {"http://purl.org/dc/terms/", NS_DCTERMS},
    {"http://search.yahoo.com/mrss/", NS_MEDIA},
    {"http://search.yahoo.com/mrss", NS_MEDIA},
    {"http://search.yahoo.com/rss/", NS_MEDIA},
    {"http://www.itunes.com/dtds/podcast-1.0.dtd", NS_ITUNES},
    {"http://www.w3.org/1999/xhtml", NS_XHTML},
    {"http://www.w3.org/1999/02/22-rdf-syntax-ns#", NS_RDF},
    {"http://www.w3.org/XML/1998/namespace", NS_XML},
};

/* Prefixes guessed only when a document uses one it never declared. */
static const struct {
    const char *prefix;
    enum ns ns;
} prefix_table[] = {
    {"dc", NS_DC}, {"content", NS_CONTENT}, {"media", NS_MEDIA},
    {"itunes", NS_ITUNES}, {"atom", NS_ATOM10}, {"rdf", NS_RDF},
    {"dcterms", NS_DCTERMS}, {"xhtml", NS_XHTML}, {"rss", NS_RSS},
};

/*
 * Exact URIs first; then, as recovery for what real feeds write (iTunes'
 * URI in every case, stray spaces), trimmed and case-insensitively.
 */
static enum ns ns_classify(const char *uri)
{
    size_t i;
    struct hw_str u;
    if (!uri || !*uri)
        return NS_NONE;
    for (i = 0; i < sizeof ns_table / sizeof ns_table[0]; i++)
        if (strcmp(uri, ns_table[i].uri) == 0)
            return ns_table[i].ns;
    u = hw_str_trim(hw_str_of(uri));
    for (i = 0; i < sizeof ns_table / sizeof ns_table[0]; i++)
        if (hw_str_ieq(u, ns_table[i].uri))
            return ns_table[i].ns;
    return NS_OTHER;
}

enum el {
    E_OTHER, E_RSS, E_RDF, E_FEED, E_CHANNEL, E_ITEM, E_ENTRY, E_TITLE,
    E_LINK, E_DESCRIPTION, E_GUID, E_PUBDATE, E_LASTBUILDDATE, E_CATEGORY,
    E_AUTHOR, E_ENCLOSURE, E_LANGUAGE, E_CONTENT, E_ENCODED, E_CREATOR,
    E_DATE, E_SUBJECT, E_SUMMARY, E_SUBTITLE, E_TAGLINE, E_ID, E_PUBLISHED,
    E_UPDATED, E_ISSUED, E_MODIFIED, E_CREATED, E_NAME, E_EMAIL,
    E_THUMBNAIL, E_GROUP, E_BODY, E_IDENTIFIER, E_DIV, E_ABOUT, E_BASE,
    E_LANG, E_HREF, E_REL, E_TYPE, E_LENGTH, E_URL, E_TERM, E_LABEL,
    E_MODE, E_SRC, E_VERSION, E_ISPERMALINK, E_FILESIZE, E_MEDIUM,
    E_CONTRIBUTOR, E_DATE_DC, E_COUNT
};

static const char *const el_names[E_COUNT] = {
    [E_RSS] = "rss", [E_RDF] = "RDF", [E_FEED] = "feed",
    [E_CHANNEL] = "channel", [E_ITEM] = "item", [E_ENTRY] = "entry",
    [E_TITLE] = "title", [E_LINK] = "link",
    [E_DESCRIPTION] = "description", [E_GUID] = "guid",
    [E_PUBDATE] = "pubDate", [E_LASTBUILDDATE] = "lastBuildDate",
    [E_CATEGORY] = "category", [E_AUTHOR] = "author",
    [E_ENCLOSURE] = "enclosure", [E_LANGUAGE] = "language",
    [E_CONTENT] = "content", [E_ENCODED] = "encoded",
    [E_CREATOR] = "creator", [E_DATE] = "date", [E_SUBJECT] = "subject",
    [E_SUMMARY] = "summary", [E_SUBTITLE] = "subtitle",
    [E_TAGLINE] = "tagline", [E_ID] = "id", [E_PUBLISHED] = "published",
    [E_UPDATED] = "updated", [E_ISSUED] = "issued",
    [E_MODIFIED] = "modified", [E_CREATED] = "created", [E_NAME] = "name",
    [E_EMAIL] = "email", [E_THUMBNAIL] = "thumbnail", [E_GROUP] = "group",
    [E_BODY] = "body", [E_IDENTIFIER] = "identifier", [E_DIV] = "div",
    [E_ABOUT] = "about", [E_BASE] = "base", [E_LANG] = "lang",
    [E_HREF] = "href", [E_REL] = "rel", [E_TYPE] = "type",
    [E_LENGTH] = "length", [E_URL] = "url", [E_TERM] = "term",
    [E_LABEL] = "label", [E_MODE] = "mode", [E_SRC] = "src",
    [E_VERSION] = "version", [E_ISPERMALINK] = "isPermaLink",
    [E_FILESIZE] = "fileSize", [E_MEDIUM] = "medium",
    [E_CONTRIBUTOR] = "contributor",
};

static enum el el_classify(const char *name)
{
    int i;
    for (i = 1; i < E_COUNT; i++)
        if (el_names[i] && strcmp(name, el_names[i]) == 0)
            return (enum el)i;
    return E_OTHER;
}

/*
 * A direct-mapped cache from interned (dictionary) pointers to classes:
 * libxml2 hands every name and namespace URI over as a pointer into its
 * dictionary, which lives as long as the parse, so each is classified by
 * string comparison once.
 */
#define PCACHE 512
struct pcache {
    const void *key[PCACHE];
    uint8_t val[PCACHE];
};

static size_t pc_slot(const void *p)
{
    uintptr_t u = (uintptr_t)p;
    return (size_t)((u >> 3) ^ (u >> 12)) & (PCACHE - 1);
}

/* ---- parser state ----------------------------------------------------- */

enum ctx { C_SKIP, C_TOP, C_CHANNEL, C_ITEM, C_AUTHOR, C_MEDIA, C_CAPTURE };
enum family { FAM_RSS, FAM_ATOM };
enum kind { K_TEXT, K_HTML, K_XHTML, K_SKIP }; /* what a text holds */
enum field {
    F_NONE, F_ID, F_TITLE, F_LINK, F_AUTHOR, F_SUMMARY, F_CONTENT,
    F_PUBLISHED, F_UPDATED, F_CATEGORY, F_GUID, F_SUBTITLE, F_LANGUAGE
};

#define MAX_FRAMES 512

struct frame {
    uint8_t ns, el, ctx, base_owned, starts_entry;
    const char *base; /* in effect for this element; NULL if none */
};

/* A candidate value with its priority, its kind and its xml:base. */
struct slot {
    char *s;
    int prio;
    enum kind kind;
    char *base;
};

struct xp {
    xmlParserCtxtPtr ctxt;
    const struct feed_opts *opts;
    struct feed *f;
    enum family fam;
    int root_seen, not_feed, atom_nons, stopped, line_offset, nomem;
    char root_name[64];
    char first_err[400];
    unsigned long nerrors, amp_errors;

    struct frame frames[MAX_FRAMES];
    int depth;    /* number of open elements */
    int overflow; /* open elements beyond MAX_FRAMES */

    /* the capture in progress */
    struct {
        int active, depth, skip_div, seen_child;
        enum field field;
        int prio, scope_entry, permalink;
        enum kind kind;
        const char *base;
    } cap;
    struct hw_buf buf;  /* captured text */
    struct hw_buf abuf; /* one decoded attribute value */
    struct hw_buf tmp;

    /* the entry in progress */
    int in_entry;
    size_t entry_idx;
    struct slot e_id, e_title, e_link, e_author, e_summary, e_content,
        e_thumb;
    hw_time e_pub, e_upd;
    int e_pub_prio, e_upd_prio;

    /* feed-level */
    struct slot f_title, f_link, f_subtitle, f_lang;
    struct slot f_author; /* an Atom feed's own author, for its entries */
    char *self;           /* the feed's absolute rel="self" URL, or NULL */
    int f_upd_prio;

    struct pcache names, nss;
    xmlEntity *ent_text, *ent_attr; /* lazily made HTML entities */
    char (*ent_utf8)[5];
};

static void slot_free(struct slot *s)
{
    hw_free(s->s);
    hw_free(s->base);
    memset(s, 0, sizeof *s);
}

/* Offer v (owned, may be NULL) to s with priority prio. */
static void slot_offer(struct slot *s, int prio, char *v, enum kind kind,
                       const char *base)
{
    if (!v)
        return;
    if (s->s && s->prio >= prio) {
        hw_free(v);
        return;
    }
    slot_free(s);
    s->s = v;
    s->prio = prio;
    s->kind = kind;
    s->base = base ? hw_strdup(base) : NULL;
}

static char *slot_take(struct slot *s)
{
    char *v = s->s;
    s->s = NULL;
    slot_free(s);
    return v;
}

/* ---- small helpers ---------------------------------------------------- */

static enum ns ns_of(struct xp *x, const xmlChar *uri, const xmlChar *prefix)
{
    size_t k;
    enum ns c;
    if (!uri) {
        size_t i;
        if (!prefix)
            return NS_NONE;
        for (i = 0; i < sizeof prefix_table / sizeof prefix_table[0]; i++)
            if (strcmp((const char *)prefix, prefix_table[i].prefix) == 0)
                return prefix_table[i].ns;
        return NS_OTHER;
    }
    k = pc_slot(uri);
    if (x->nss.key[k] == uri)
        return (enum ns)x->nss.val[k];
    c = ns_classify((const char *)uri);
    if (xmlDictOwns(x->ctxt->dict, uri) == 1) {
        x->nss.key[k] = uri;
        x->nss.val[k] = (uint8_t)c;
    }
    return c;
}

static enum el el_of(struct xp *x, const xmlChar *name)
{
    size_t k = pc_slot(name);
    enum el c;
    if (x->names.key[k] == name)
        return (enum el)x->names.val[k];
    c = el_classify((const char *)name);
    if (xmlDictOwns(x->ctxt->dict, name) == 1) {
        x->names.key[k] = name;
        x->names.val[k] = (uint8_t)c;
    }
    return c;
}

/* Is (ns) the core vocabulary of the feed's family? */
static int core(const struct xp *x, enum ns ns)
{
    if (x->fam == FAM_RSS)
        return ns == NS_NONE || ns == NS_RSS || ns == NS_RSS090;
    return ns == NS_ATOM10 || ns == NS_ATOM03 ||
           (x->atom_nons && ns == NS_NONE);
}

/* Append a code point as UTF-8. */
static void add_cp(struct hw_buf *b, uint32_t cp)
{
    char u[4];
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    hw_buf_add(b, u, (size_t)hw_utf8_encode(cp, u));
}

/*
 * Decode an attribute value as libxml2 hands it over without entity
 * substitution: "&#38;" for '&', "&name;" for entities other than the five
 * predefined ones (resolved from the internal DTD when simple text, else
 * from the HTML table; left as written when unknown).
 */
static void attr_decode(struct xp *x, const char *s, size_t n,
                        struct hw_buf *out)
{
    size_t i = 0;
    hw_buf_reset(out);
    while (i < n) {
        const char *amp = memchr(s + i, '&', n - i);
        if (!amp) {
            hw_buf_add_utf8(out, s + i, n - i);
            break;
        }
        size_t a = (size_t)(amp - s);
        hw_buf_add_utf8(out, s + i, a - i);
        const char *semi = memchr(amp, ';', n - a < 40 ? n - a : 40);
        if (!semi) {
            hw_buf_addc(out, '&');
            i = a + 1;
            continue;
        }
        size_t nl = (size_t)(semi - amp - 1);
        const char *nm = amp + 1;
        if (nl >= 2 && nm[0] == '#') {
            uint32_t cp = 0;
            size_t j = 1;
            int hex = (nm[1] == 'x' || nm[1] == 'X');
            int ok = 1;
            if (hex)
                j++;
            if (j >= nl)
                ok = 0;
            for (; ok && j < nl && cp <= 0x10FFFF; j++) {
                char c = nm[j];
                int d;
                if (c >= '0' && c <= '9')
                    d = c - '0';
                else if (hex && c >= 'a' && c <= 'f')
                    d = c - 'a' + 10;
                else if (hex && c >= 'A' && c <= 'F')
                    d = c - 'A' + 10;
                else {
                    ok = 0;
                    break;
                }
                cp = cp * (hex ? 16u : 10u) + (uint32_t)d;
            }
            if (ok) {
                add_cp(out, cp);
                i = (size_t)(semi - s) + 1;
                continue;
            }
        } else if (nl > 0) {
            char name[48];
            memcpy(name, nm, nl);
            name[nl] = '\0';
            xmlEntityPtr e = xmlSAX2GetEntity(x->ctxt, (const xmlChar *)name);
            if (e && e->etype == XML_INTERNAL_GENERAL_ENTITY && e->content &&
                !strchr((const char *)e->content, '&') &&
                !strchr((const char *)e->content, '<')) {
                hw_buf_add_utf8(out, (const char *)e->content,
                                strlen((const char *)e->content));
                i = (size_t)(semi - s) + 1;
                continue;
            }
            int k = html_ent_find(name, nl);
            if (k >= 0) {
                add_cp(out, ents[k].cp);
                i = (size_t)(semi - s) + 1;
                continue;
            }
        }
        hw_buf_addc(out, '&');
        i = a + 1;
    }
}

/*
 * Find attribute local (in namespace class ns; NS_NONE for unprefixed)
 * and decode it into x->abuf.  Returns 1 when found.
 */
static int attr_get(struct xp *x, int na, const xmlChar **at, enum el local,
                    enum ns ns)
{
    int i;
    for (i = 0; i < na; i++) {
        const xmlChar **a = at + 5 * i;
        if (el_of(x, a[0]) != local)
            continue;
        if (ns_of(x, a[2], a[1]) != ns)
            continue;
        attr_decode(x, (const char *)a[3], (size_t)(a[4] - a[3]), &x->abuf);
        return 1;
    }
    return 0;
}

static int abuf_is(struct xp *x, const char *s)
{
    return hw_str_ieq(hw_str_trim((struct hw_str){x->abuf.p, x->abuf.len}),
                      s);
}

/* Append s escaped for HTML text or attribute values. */
static void add_escaped(struct hw_buf *b, const char *s, size_t n)
{
    size_t i, from = 0;
    for (i = 0; i < n; i++) {
        const char *rep;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        default: continue;
        }
        hw_buf_add(b, s + from, i - from);
        hw_buf_adds(b, rep);
        from = i + 1;
    }
    hw_buf_add(b, s + from, n - from);
}

static int is_void_element(const char *n)
{
    static const char *const v[] = {"area", "base", "br", "col", "embed",
                                    "hr", "img", "input", "link", "meta",
                                    "param", "source", "track", "wbr", NULL};
    size_t i;
    for (i = 0; v[i]; i++)
        if (strcmp(n, v[i]) == 0)
            return 1;
    return 0;
}

/* ---- entries ---------------------------------------------------------- */

static void entry_begin(struct xp *x)
{
    struct feed_entry *e = feed_entry_add(x->f);
    if (!e)
        return; /* over FEED_MAX_ENTRIES: the rest is read, not kept */
    x->in_entry = 1;
    x->entry_idx = x->f->nentries - 1;
    x->e_pub = x->e_upd = HW_TIME_NONE;
    x->e_pub_prio = x->e_upd_prio = 0;
}

static char *html_of(struct slot *s, const char *fallback_base)
{
    const char *base = s->base ? s->base : fallback_base;
    char *v = NULL;
    if (!s->s)
        return NULL;
    switch (s->kind) {
    case K_TEXT:
        v = feed_norm_text_html(s->s, strlen(s->s));
        break;
    case K_HTML:
    case K_XHTML:
        v = feed_norm_html(s->s, strlen(s->s), base);
        break;
    case K_SKIP:
        break;
    }
    slot_free(s);
    return v;
}

static void entry_end(struct xp *x)
{
    struct feed_entry *e;
    if (!x->in_entry)
        return;
    x->in_entry = 0;
    e = &x->f->entries[x->entry_idx];
    e->link = slot_take(&x->e_link);
    e->id = slot_take(&x->e_id);
    if (!e->id && e->link)
        e->id = hw_strdup(e->link);
    e->title = slot_take(&x->e_title);
    e->author = slot_take(&x->e_author);
    e->summary = html_of(&x->e_summary, e->link);
    e->content = html_of(&x->e_content, e->link);
    if (x->e_thumb.s && e->nenclosures == 0)
        feed_entry_add_enclosure(e, x->e_thumb.s, NULL, -1);
    slot_free(&x->e_thumb);
    e->published = x->e_pub;
    e->updated = x->e_upd;
}

/* Does url start with a scheme ("http:", "urn:", ...)? */
static int has_scheme(const char *url)
{
    const char *p = url;

    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
        return 0;
    while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
           (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.')
        p++;
    return *p == ':';
}

/* A link still relative (no URL given, no xml:base) made absolute against
 * the feed's own rel="self" URL; *u is replaced. */
static void resolve_self(const char *self, char **u)
{
    struct hw_buf b;

    if (!*u || has_scheme(*u))
        return;
    hw_buf_init(&b, 8192);
    if (feed_url_resolve(self, *u, &b) == 0) {
        hw_free(*u);
        *u = hw_buf_detach(&b, NULL);
        return;
    }
    hw_buf_release(&b);
}

/* Where the parse was given no URL, relative links of the feed and its
 * entries are resolved against the feed's rel="self" link, the only
 * other place that says where the feed lives. */
static void resolve_against_self(struct xp *x)
{
    size_t i, k;

    if (!x->self)
        return;
    resolve_self(x->self, &x->f->link);
    for (i = 0; i < x->f->nentries; i++) {
        struct feed_entry *e = &x->f->entries[i];
        resolve_self(x->self, &e->link);
        for (k = 0; k < e->nenclosures; k++)
            resolve_self(x->self, &e->enclosures[k].url);
    }
}

/* RFC 4287 4.2.1: an Atom entry without an author has its feed's. */
static void inherit_author(struct xp *x)
{
    size_t i;

    if (x->fam == FAM_ATOM && x->f_author.s)
        for (i = 0; i < x->f->nentries; i++)
            if (!x->f->entries[i].author)
                x->f->entries[i].author = hw_strdup(x->f_author.s);
    slot_free(&x->f_author);
}

static void offer_date(hw_time *t, int *have, int prio, const char *s,
                       size_t n)
{
    hw_time v;
    if (*have >= prio)
        return;
    v = feed_norm_date(s, n);
    if (v == HW_TIME_NONE)
        return;
    *t = v;
    *have = prio;
}

static int blank_text(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
            return 0;
    return 1;
}

/* ---- captures --------------------------------------------------------- */

static void cap_start(struct xp *x, enum field field, int prio,
                      enum kind kind, const char *base)
{
    x->cap.active = 1;
    x->cap.depth = x->depth - 1; /* the frame of the captured element */
    x->cap.field = field;
    x->cap.prio = prio;
    x->cap.kind = kind;
    x->cap.base = base;
    x->cap.skip_div = -1;
    x->cap.seen_child = 0;
    x->cap.permalink = 0;
    x->cap.scope_entry = x->in_entry;
    hw_buf_reset(&x->buf);
}

/* The captured element ended: offer what was gathered. */
static void cap_end(struct xp *x)
{
    const char *s = x->buf.p;
    size_t n = x->buf.len;
    int ent = x->cap.scope_entry && x->in_entry;
    enum kind kind = x->cap.kind;
    int prio = x->cap.prio;
    char *v;

    x->cap.active = 0;
    if (x->buf.err) {
        feed_set_bozo(x->f, "a text field is over the size limit");
        hw_buf_reset(&x->buf);
        return;
    }
    switch (x->cap.field) {
    case F_NONE:
        break;
    case F_TITLE:
        v = kind == K_TEXT ? feed_norm_text(s, n) : feed_norm_plain(s, n);
        slot_offer(ent ? &x->e_title : &x->f_title, prio, v, K_TEXT, NULL);
        break;
    case F_SUBTITLE:
        v = kind == K_TEXT ? feed_norm_text(s, n) : feed_norm_plain(s, n);
        slot_offer(&x->f_subtitle, prio, v, K_TEXT, NULL);
        break;
    case F_LINK:
        v = feed_norm_url(x->cap.base, s, n);
        slot_offer(ent ? &x->e_link : &x->f_link, prio, v, K_TEXT, NULL);
        break;
    case F_ID:
        if (ent)
            slot_offer(&x->e_id, prio, feed_norm_text(s, n), K_TEXT, NULL);
        break;
    case F_GUID:
        if (!ent)
            break;
        slot_offer(&x->e_id, prio, feed_norm_text(s, n), K_TEXT, NULL);
        if (x->cap.permalink) {
            struct hw_str t = hw_str_trim((struct hw_str){s, n});
            if ((t.len > 7 && strncasecmp(t.p, "http://", 7) == 0) ||
                (t.len > 8 && strncasecmp(t.p, "https://", 8) == 0))
                slot_offer(&x->e_link, 2, feed_norm_url(NULL, t.p, t.len),
                           K_TEXT, NULL);
        }
        break;
    case F_AUTHOR:
        slot_offer(ent ? &x->e_author : &x->f_author, prio,
                   feed_norm_author(s, n), K_TEXT, NULL);
        break;
    case F_SUMMARY:
    case F_CONTENT: {
        struct slot *sl;
        if (!ent || kind == K_SKIP)
            break;
        sl = x->cap.field == F_SUMMARY ? &x->e_summary : &x->e_content;
        if (sl->s && sl->prio >= prio)
            break;
        if (blank_text(s, n))
            break;
        slot_offer(sl, prio, hw_strndup(s, n), kind, x->cap.base);
        break;
    }
    case F_PUBLISHED:
        if (ent)
            offer_date(&x->e_pub, &x->e_pub_prio, prio, s, n);
        break;
    case F_UPDATED:
        if (ent)
            offer_date(&x->e_upd, &x->e_upd_prio, prio, s, n);
        else
            offer_date(&x->f->updated, &x->f_upd_prio, prio, s, n);
        break;
    case F_CATEGORY:
        if (ent)
            feed_entry_add_category(&x->f->entries[x->entry_idx], s, n);
        break;
    case F_LANGUAGE:
        if (!ent)
            slot_offer(&x->f_lang, prio, feed_norm_text(s, n), K_TEXT,
                       NULL);
        break;
    }
    hw_buf_reset(&x->buf);
}

/* ---- element handlers ------------------------------------------------- */

/*
 * The kind of an Atom text construct or content element from its type
 * (1.0: text, html, xhtml or a MIME type; 0.3: a MIME type) and mode (0.3:
 * xml, escaped, base64) attributes.  Out-of-line content (src) is skipped.
 */
static enum kind atom_kind(struct xp *x, int na, const xmlChar **at,
                           int is_content)
{
    enum kind k = K_TEXT;
    int mode = 0; /* 0 none, 1 xml, 2 escaped */
    if (is_content && attr_get(x, na, at, E_SRC, NS_NONE))
        return K_SKIP;
    if (attr_get(x, na, at, E_MODE, NS_NONE)) {
        if (abuf_is(x, "base64"))
            return K_SKIP;
        mode = abuf_is(x, "escaped") ? 2 : 1;
    } else if (x->f->format == FEED_ATOM03) {
        mode = 1; /* Atom 0.3's default */
    }
    if (attr_get(x, na, at, E_TYPE, NS_NONE)) {
        if (abuf_is(x, "html") || abuf_is(x, "text/html"))
            k = K_HTML;
        else if (abuf_is(x, "xhtml") || abuf_is(x, "application/xhtml+xml"))
            k = K_XHTML;
        else if (abuf_is(x, "text") || abuf_is(x, "text/plain") ||
                 (x->abuf.len > 5 && strncasecmp(x->abuf.p, "text/", 5) == 0))
            k = K_TEXT;
        else if (x->abuf.len > 4 &&
                 (strstr(x->abuf.p, "+xml") || strstr(x->abuf.p, "/xml")))
            k = K_XHTML;
        else if (mode == 2)
            k = K_HTML; /* an unknown type, escaped: read as HTML */
        else if (mode == 1)
            k = K_XHTML; /* an unknown type as XML: serialise it */
        else if (x->abuf.len > 0)
            return K_SKIP; /* Atom 1.0: base64 of some binary type */
    }
    if (mode == 1 && k == K_HTML)
        k = K_XHTML; /* child elements, text to be escaped */
    return k;
}

/* atom:link (in Atom or RSS): the alternate link or an enclosure. */
static void on_link(struct xp *x, int na, const xmlChar **at,
                    const char *base, int is_core)
{
    char rel[32] = "alternate", type[128] = "";
    int64_t length = -1;
    int prio;
    char *href;

    if (attr_get(x, na, at, E_REL, NS_NONE)) {
        struct hw_str r = hw_str_trim((struct hw_str){x->abuf.p, x->abuf.len});
        if (r.len < sizeof rel) {
            memcpy(rel, r.p, r.len);
            rel[r.len] = '\0';
        } else {
            rel[0] = '\0';
        }
    }
    if (attr_get(x, na, at, E_TYPE, NS_NONE)) {
        struct hw_str r = hw_str_trim((struct hw_str){x->abuf.p, x->abuf.len});
        if (r.len < sizeof type) {
            memcpy(type, r.p, r.len);
            type[r.len] = '\0';
        }
    }
    if (attr_get(x, na, at, E_LENGTH, NS_NONE))
        length = feed_norm_length(x->abuf.p, x->abuf.len);
    if (!attr_get(x, na, at, E_HREF, NS_NONE))
        return;
    href = feed_norm_url(base, x->abuf.p, x->abuf.len);
    if (!href)
        return;
    if (strcasecmp(rel, "alternate") == 0 ||
        strcasecmp(rel, "http://www.iana.org/assignments/relation/alternate")
            == 0) {
        prio = is_core ? 5 : 3;
        if (type[0] && !strstr(type, "html"))
            prio--;
        slot_offer(x->in_entry ? &x->e_link : &x->f_link, prio, href, K_TEXT,
                   NULL);
        return;
    }
    if (strcasecmp(rel, "enclosure") == 0 && x->in_entry)
        feed_entry_add_enclosure(&x->f->entries[x->entry_idx], href,
                                 type[0] ? type : NULL, length);
    if (strcasecmp(rel, "self") == 0 && !x->in_entry && !x->self &&
        has_scheme(href)) {
        x->self = href;
        return;
    }
    hw_free(href);
}

/* <enclosure url type length> and <media:content url type fileSize>. */
static void on_enclosure(struct xp *x, int na, const xmlChar **at,
                         const char *base, enum el len_attr)
{
    char type[128] = "";
    int64_t length = -1;
    char *url;
    if (!x->in_entry)
        return;
    if (attr_get(x, na, at, E_TYPE, NS_NONE)) {
        struct hw_str r = hw_str_trim((struct hw_str){x->abuf.p, x->abuf.len});
        if (r.len < sizeof type) {
            memcpy(type, r.p, r.len);
            type[r.len] = '\0';
        }
    }
    if (attr_get(x, na, at, len_attr, NS_NONE))
        length = feed_norm_length(x->abuf.p, x->abuf.len);
    if (!attr_get(x, na, at, E_URL, NS_NONE))
        return;
    url = feed_norm_url(base, x->abuf.p, x->abuf.len);
    if (url)
        feed_entry_add_enclosure(&x->f->entries[x->entry_idx], url,
                                 type[0] ? type : NULL, length);
    hw_free(url);
}

/* Media RSS, in an item or a media:group / media:content. */
static enum ctx on_media(struct xp *x, enum el el, int na, const xmlChar **at,
                         const char *base)
{
    enum kind k;
    switch (el) {
    case E_GROUP:
        return C_MEDIA;
    case E_CONTENT:
        on_enclosure(x, na, at, base, E_FILESIZE);
        return C_MEDIA;
    case E_THUMBNAIL:
        if (x->in_entry && !x->e_thumb.s &&
            attr_get(x, na, at, E_URL, NS_NONE))
            slot_offer(&x->e_thumb, 1,
                       feed_norm_url(base, x->abuf.p, x->abuf.len), K_TEXT,
                       NULL);
        return C_SKIP;
    case E_DESCRIPTION:
    case E_TITLE:
        k = K_TEXT;
        if (attr_get(x, na, at, E_TYPE, NS_NONE) && abuf_is(x, "html"))
            k = K_HTML;
        cap_start(x, el == E_TITLE ? F_TITLE : F_SUMMARY, 1, k, base);
        return C_CAPTURE;
    default:
        return C_SKIP;
    }
}

/* Start capturing field at prio; the element's children are captured. */
static enum ctx cap(struct xp *x, enum field field, int prio, enum kind k,
                    const char *base)
{
    cap_start(x, field, prio, k, base);
    return C_CAPTURE;
}

/* An item or entry element: open an entry, with rdf:about as an id. */
static enum ctx open_entry(struct xp *x, struct frame *fr, int na,
                           const xmlChar **at)
{
    entry_begin(x);
    if (!x->in_entry)
        return C_SKIP;
    fr->starts_entry = 1;
    if (x->fam == FAM_RSS && attr_get(x, na, at, E_ABOUT, NS_RDF))
        slot_offer(&x->e_id, 2, feed_norm_text(x->abuf.p, x->abuf.len),
                   K_TEXT, NULL);
    return C_ITEM;
}

static enum ctx on_channel_child(struct xp *x, struct frame *fr, enum ns ns,
                                 enum el el, int na, const xmlChar **at)
{
    const char *base = fr->base;
    if (core(x, ns)) {
        if (x->fam == FAM_ATOM) {
            switch (el) {
            case E_ENTRY: return open_entry(x, fr, na, at);
            case E_TITLE:
                return cap(x, F_TITLE, 5, atom_kind(x, na, at, 0), base);
            case E_SUBTITLE:
            case E_TAGLINE:
                return cap(x, F_SUBTITLE, 5, atom_kind(x, na, at, 0), base);
            case E_LINK: on_link(x, na, at, base, 1); return C_SKIP;
            case E_UPDATED:
            case E_MODIFIED: return cap(x, F_UPDATED, 5, K_TEXT, base);
            case E_AUTHOR: return C_AUTHOR;
            default: return C_SKIP;
            }
        }
        switch (el) {
        case E_ITEM: return open_entry(x, fr, na, at);
        case E_TITLE: return cap(x, F_TITLE, 5, K_HTML, base);
        case E_LINK: return cap(x, F_LINK, 5, K_TEXT, base);
        case E_DESCRIPTION: return cap(x, F_SUBTITLE, 5, K_HTML, base);
        case E_LANGUAGE: return cap(x, F_LANGUAGE, 5, K_TEXT, base);
        case E_LASTBUILDDATE: return cap(x, F_UPDATED, 5, K_TEXT, base);
        case E_PUBDATE: return cap(x, F_UPDATED, 4, K_TEXT, base);
        default: return C_SKIP;
        }
    }
    switch (ns) {
    case NS_ATOM10:
    case NS_ATOM03:
        if (el == E_LINK)
            on_link(x, na, at, base, 0);
        else if (el == E_UPDATED)
            return cap(x, F_UPDATED, 3, K_TEXT, base);
        return C_SKIP;
    case NS_DC:
        switch (el) {
        case E_TITLE: return cap(x, F_TITLE, 3, K_HTML, base);
        case E_DESCRIPTION: return cap(x, F_SUBTITLE, 3, K_HTML, base);
        case E_LANGUAGE: return cap(x, F_LANGUAGE, 4, K_TEXT, base);
        case E_DATE: return cap(x, F_UPDATED, 3, K_TEXT, base);
        default: return C_SKIP;
        }
    case NS_DCTERMS:
        if (el == E_MODIFIED)
            return cap(x, F_UPDATED, 3, K_TEXT, base);
        return C_SKIP;
    case NS_ITUNES:
        if (el == E_SUBTITLE)
            return cap(x, F_SUBTITLE, 2, K_HTML, base);
        if (el == E_SUMMARY)
            return cap(x, F_SUBTITLE, 1, K_HTML, base);
        return C_SKIP;
    default:
        return C_SKIP;
    }
}

static enum ctx on_item_child(struct xp *x, struct frame *fr, enum ns ns,
                              enum el el, int na, const xmlChar **at)
{
    const char *base = fr->base;
    if (core(x, ns)) {
        if (x->fam == FAM_ATOM) {
            switch (el) {
            case E_TITLE:
                return cap(x, F_TITLE, 5, atom_kind(x, na, at, 0), base);
            case E_LINK: on_link(x, na, at, base, 1); return C_SKIP;
            case E_ID: return cap(x, F_ID, 5, K_TEXT, base);
            case E_UPDATED:
            case E_MODIFIED: return cap(x, F_UPDATED, 5, K_TEXT, base);
            case E_PUBLISHED:
            case E_ISSUED: return cap(x, F_PUBLISHED, 5, K_TEXT, base);
            case E_CREATED: return cap(x, F_PUBLISHED, 4, K_TEXT, base);
            case E_SUMMARY:
                return cap(x, F_SUMMARY, 5, atom_kind(x, na, at, 0), base);
            case E_CONTENT:
                return cap(x, F_CONTENT, 5, atom_kind(x, na, at, 1), base);
            case E_AUTHOR: return C_AUTHOR;
            case E_CATEGORY:
                if (attr_get(x, na, at, E_LABEL, NS_NONE) &&
                    !blank_text(x->abuf.p, x->abuf.len))
                    feed_entry_add_category(&x->f->entries[x->entry_idx],
                                            x->abuf.p, x->abuf.len);
                else if (attr_get(x, na, at, E_TERM, NS_NONE))
                    feed_entry_add_category(&x->f->entries[x->entry_idx],
                                            x->abuf.p, x->abuf.len);
                return C_SKIP;
            default: return C_SKIP;
            }
        }
        switch (el) {
        case E_TITLE: return cap(x, F_TITLE, 5, K_HTML, base);
        case E_LINK: return cap(x, F_LINK, 5, K_TEXT, base);
        case E_DESCRIPTION: return cap(x, F_SUMMARY, 5, K_HTML, base);
        case E_GUID:
            cap_start(x, F_GUID, 5, K_TEXT, base);
            x->cap.permalink =
                !(attr_get(x, na, at, E_ISPERMALINK, NS_NONE) &&
                  abuf_is(x, "false"));
            return C_CAPTURE;
        case E_PUBDATE: return cap(x, F_PUBLISHED, 5, K_TEXT, base);
        case E_CATEGORY: return cap(x, F_CATEGORY, 0, K_TEXT, base);
        case E_AUTHOR: return cap(x, F_AUTHOR, 4, K_TEXT, base);
        case E_ENCLOSURE:
            on_enclosure(x, na, at, base, E_LENGTH);
            return C_SKIP;
        default: return C_SKIP;
        }
    }
    switch (ns) {
    case NS_CONTENT:
        if (el == E_ENCODED)
            return cap(x, F_CONTENT, 5, K_HTML, base);
        return C_SKIP;
    case NS_DC:
        switch (el) {
        case E_CREATOR: return cap(x, F_AUTHOR, 5, K_TEXT, base);
        case E_DATE: return cap(x, F_PUBLISHED, 4, K_TEXT, base);
        case E_SUBJECT: return cap(x, F_CATEGORY, 0, K_TEXT, base);
        case E_TITLE: return cap(x, F_TITLE, 3, K_HTML, base);
        case E_DESCRIPTION: return cap(x, F_SUMMARY, 3, K_HTML, base);
        case E_IDENTIFIER: return cap(x, F_ID, 3, K_TEXT, base);
        default: return C_SKIP;
        }
    case NS_DCTERMS:
        switch (el) {
        case E_MODIFIED: return cap(x, F_UPDATED, 4, K_TEXT, base);
        case E_CREATED:
        case E_ISSUED:
        case E_DATE: return cap(x, F_PUBLISHED, 3, K_TEXT, base);
        default: return C_SKIP;
        }
    case NS_ATOM10:
    case NS_ATOM03:
        switch (el) {
        case E_LINK: on_link(x, na, at, base, 0); return C_SKIP;
        case E_UPDATED: return cap(x, F_UPDATED, 3, K_TEXT, base);
        case E_PUBLISHED: return cap(x, F_PUBLISHED, 3, K_TEXT, base);
        default: return C_SKIP;
        }
    case NS_XHTML:
        if (el == E_BODY)
            return cap(x, F_CONTENT, 4, K_XHTML, base);
        return C_SKIP;
    case NS_ITUNES:
        switch (el) {
        case E_AUTHOR: return cap(x, F_AUTHOR, 3, K_TEXT, base);
        case E_SUMMARY: return cap(x, F_SUMMARY, 2, K_HTML, base);
        case E_SUBTITLE: return cap(x, F_SUMMARY, 1, K_HTML, base);
        default: return C_SKIP;
        }
    case NS_MEDIA:
        return on_media(x, el, na, at, base);
    default:
        return C_SKIP;
    }
}

/* The root element decides the format, or that this is not a feed. */
static enum ctx on_root(struct xp *x, struct frame *fr, enum ns ns,
                        enum el el, const xmlChar *local, int nns,
                        const xmlChar **nsd, int na, const xmlChar **at)
{
    enum feed_format fmt = FEED_UNKNOWN;
    enum ctx c = C_TOP;
    int i;
    size_t n = strlen((const char *)local);

    x->root_seen = 1;
    if (n >= sizeof x->root_name)
        n = sizeof x->root_name - 1;
    memcpy(x->root_name, local, n);
    x->root_name[n] = '\0';

    if (el == E_RSS && (ns == NS_NONE || ns == NS_RSS)) {
        x->fam = FAM_RSS;
        fmt = FEED_RSS20;
        if (attr_get(x, na, at, E_VERSION, NS_NONE)) {
            struct hw_str v =
                hw_str_trim((struct hw_str){x->abuf.p, x->abuf.len});
            if (v.len >= 3 && memcmp(v.p, "0.9", 3) == 0)
                fmt = FEED_RSS09X;
        }
    } else if (el == E_RDF && ns == NS_RDF) {
        x->fam = FAM_RSS;
        fmt = FEED_RSS10;
        for (i = 0; i < nns; i++)
            if (ns_of(x, nsd[2 * i + 1], NULL) == NS_RSS090)
                fmt = FEED_RSS09X;
    } else if ((el == E_FEED || el == E_ENTRY) &&
               (ns == NS_ATOM10 || ns == NS_ATOM03 || ns == NS_NONE)) {
        x->fam = FAM_ATOM;
        fmt = ns == NS_ATOM03 ? FEED_ATOM03 : FEED_ATOM10;
        if (ns == NS_NONE) {
            x->atom_nons = 1;
            if (attr_get(x, na, at, E_VERSION, NS_NONE) && abuf_is(x, "0.3"))
                fmt = FEED_ATOM03;
        }
        c = C_CHANNEL;
    } else if (el == E_CHANNEL && ns == NS_NONE) {
        x->fam = FAM_RSS;
        fmt = FEED_RSS20;
        c = C_CHANNEL;
    } else {
        x->not_feed = 1;
        x->stopped = 1;
        xmlStopParser(x->ctxt);
        return C_SKIP;
    }
    x->f = feed_new(fmt);
    if (attr_get(x, na, at, E_LANG, NS_XML))
        slot_offer(&x->f_lang, x->fam == FAM_ATOM ? 3 : 2,
                   feed_norm_text(x->abuf.p, x->abuf.len), K_TEXT, NULL);
    if (el == E_ENTRY)
        return open_entry(x, fr, na, at);
    return c;
}

/* ---- SAX2 callbacks --------------------------------------------------- */

/* Serialise a child element of HTML content back into markup. */
static void cap_child_start(struct xp *x, int idx, enum ns ns, enum el el,
                            const xmlChar *local, int na, const xmlChar **at)
{
    int i;
    if (x->cap.kind != K_HTML && x->cap.kind != K_XHTML)
        return;
    if (x->cap.kind == K_XHTML && !x->cap.seen_child &&
        idx == x->cap.depth + 1 && el == E_DIV && ns == NS_XHTML &&
        blank_text(x->buf.p, x->buf.len)) {
        x->cap.seen_child = 1;
        x->cap.skip_div = idx; /* Atom's wrapper div */
        return;
    }
    x->cap.seen_child = 1;
    hw_buf_addc(&x->buf, '<');
    hw_buf_adds(&x->buf, (const char *)local);
    for (i = 0; i < na; i++) {
        const xmlChar **a = at + 5 * i;
        hw_buf_addc(&x->buf, ' ');
        hw_buf_adds(&x->buf, (const char *)a[0]);
        hw_buf_adds(&x->buf, "=\"");
        attr_decode(x, (const char *)a[3], (size_t)(a[4] - a[3]), &x->abuf);
        add_escaped(&x->buf, x->abuf.p, x->abuf.len);
        hw_buf_addc(&x->buf, '"');
    }
    hw_buf_addc(&x->buf, '>');
}

static void sax_start(void *ud, const xmlChar *local, const xmlChar *prefix,
                      const xmlChar *uri, int nns, const xmlChar **nsd,
                      int na, int ndef, const xmlChar **at)
{
    struct xp *x = ud;
    struct frame *fr, *parent;
    enum ns ns;
    enum el el;
    int i, idx;

    (void)ndef;
    if (x->stopped)
        return;
    if (x->depth >= MAX_FRAMES) {
        x->overflow++;
        return;
    }
    ns = ns_of(x, uri, prefix);
    el = el_of(x, local);
    idx = x->depth++;
    fr = &x->frames[idx];
    parent = idx ? &x->frames[idx - 1] : NULL;
    fr->ns = (uint8_t)ns;
    fr->el = (uint8_t)el;
    fr->starts_entry = 0;
    fr->base_owned = 0;
    fr->base = parent ? parent->base : x->opts->url;
    for (i = 0; i < na; i++) {
        const xmlChar **a = at + 5 * i;
        if (el_of(x, a[0]) == E_BASE && ns_of(x, a[2], a[1]) == NS_XML) {
            struct hw_buf b;
            attr_decode(x, (const char *)a[3], (size_t)(a[4] - a[3]),
                        &x->abuf);
            hw_buf_init(&b, 128 * 1024);
            feed_url_resolve(fr->base, x->abuf.p, &b);
            if (!b.err) {
                fr->base = hw_buf_detach(&b, NULL);
                fr->base_owned = 1;
            } else {
                hw_buf_release(&b);
            }
            break;
        }
    }

    if (!parent) {
        fr->ctx = (uint8_t)on_root(x, fr, ns, el, local, nns, nsd, na, at);
        return;
    }
    switch ((enum ctx)parent->ctx) {
    case C_CAPTURE:
        cap_child_start(x, idx, ns, el, local, na, at);
        fr->ctx = C_CAPTURE;
        return;
    case C_SKIP:
        /* Items are found even inside an element left open by mistake
         * (<itunes:category> never closed, say). */
        if (!x->in_entry && core(x, ns) &&
            el == (x->fam == FAM_RSS ? E_ITEM : E_ENTRY))
            fr->ctx = (uint8_t)open_entry(x, fr, na, at);
        else
            fr->ctx = C_SKIP;
        return;
    case C_TOP:
        if (core(x, ns) && el == E_CHANNEL)
            fr->ctx = C_CHANNEL;
        else if (core(x, ns) && el == E_ITEM)
            fr->ctx = (uint8_t)open_entry(x, fr, na, at);
        else
            fr->ctx = C_SKIP;
        return;
    case C_CHANNEL:
        fr->ctx = (uint8_t)on_channel_child(x, fr, ns, el, na, at);
        return;
    case C_ITEM:
        fr->ctx = (uint8_t)(x->in_entry ? on_item_child(x, fr, ns, el, na, at)
                                        : C_SKIP);
        return;
    case C_MEDIA:
        fr->ctx = (uint8_t)(ns == NS_MEDIA && x->in_entry
                                ? on_media(x, el, na, at, fr->base)
                                : C_SKIP);
        return;
    case C_AUTHOR:
        fr->ctx = C_SKIP;
        if (core(x, ns) && el == E_NAME)
            fr->ctx = (uint8_t)cap(x, F_AUTHOR, 5, K_TEXT, fr->base);
        else if (core(x, ns) && el == E_EMAIL)
            fr->ctx = (uint8_t)cap(x, F_AUTHOR, 2, K_TEXT, fr->base);
        return;
    }
}

static void sax_end(void *ud, const xmlChar *local, const xmlChar *prefix,
                    const xmlChar *uri)
{
    struct xp *x = ud;
    struct frame *fr;
    int idx;

    (void)prefix;
    (void)uri;
    if (x->overflow) {
        x->overflow--;
        return;
    }
    if (x->depth == 0)
        return;
    idx = x->depth - 1;
    fr = &x->frames[idx];
    if (x->cap.active) {
        if (idx == x->cap.depth) {
            cap_end(x);
        } else if (idx == x->cap.skip_div) {
            x->cap.skip_div = -1;
        } else if (idx > x->cap.depth &&
                   (x->cap.kind == K_HTML || x->cap.kind == K_XHTML) &&
                   !is_void_element((const char *)local)) {
            hw_buf_adds(&x->buf, "</");
            hw_buf_adds(&x->buf, (const char *)local);
            hw_buf_addc(&x->buf, '>');
        }
    }
    if (fr->starts_entry)
        entry_end(x);
    if (fr->base_owned)
        hw_free((char *)(uintptr_t)fr->base);
    fr->base = NULL;
    fr->base_owned = 0;
    x->depth--;
}

static void sax_chars(void *ud, const xmlChar *s, int n)
{
    struct xp *x = ud;
    if (!x->cap.active || n <= 0)
        return;
    if (x->cap.kind == K_XHTML)
        add_escaped(&x->buf, (const char *)s, (size_t)n);
    else
        hw_buf_add(&x->buf, s, (size_t)n);
}

static void sax_reference(void *ud, const xmlChar *name)
{
    /* Internal entities reach the content callbacks by themselves (libxml2
     * replays their content in SAX mode); external ones are never read. */
    (void)ud;
    (void)name;
}

static void sax_start_document(void *ud)
{
    struct xp *x = ud;
    xmlSAX2StartDocument(x->ctxt);
}

static void sax_internal_subset(void *ud, const xmlChar *name,
                                const xmlChar *ext, const xmlChar *sys)
{
    struct xp *x = ud;
    xmlSAX2InternalSubset(x->ctxt, name, ext, sys);
}

static void sax_entity_decl(void *ud, const xmlChar *name, int type,
                            const xmlChar *pub, const xmlChar *sys,
                            xmlChar *content)
{
    struct xp *x = ud;
    xmlSAX2EntityDecl(x->ctxt, name, type, pub, sys, content);
}

static xmlEntityPtr sax_get_parameter_entity(void *ud, const xmlChar *name)
{
    struct xp *x = ud;
    return xmlSAX2GetParameterEntity(x->ctxt, name);
}

/*
 * The document's own entities first; then the HTML set, as a predefined
 * entity in text (its characters are passed on as they are) or, inside an
 * attribute value, as an internal one (left as "&name;" for attr_decode).
 */
static xmlEntityPtr sax_get_entity(void *ud, const xmlChar *name)
{
    struct xp *x = ud;
    xmlEntityPtr e = xmlSAX2GetEntity(x->ctxt, name);
    int k, in_attr;
    xmlEntity *tab;

    if (e)
        return e;
    k = html_ent_find((const char *)name, strlen((const char *)name));
    if (k < 0)
        return NULL;
    if (!x->ent_text) {
        x->ent_text = hw_calloc(N_ENTS, sizeof(xmlEntity));
        x->ent_attr = hw_calloc(N_ENTS, sizeof(xmlEntity));
        x->ent_utf8 = hw_calloc(N_ENTS, sizeof *x->ent_utf8);
    }
    in_attr = x->ctxt->instate == XML_PARSER_ATTRIBUTE_VALUE;
    tab = in_attr ? x->ent_attr : x->ent_text;
    e = &tab[k];
    if (!e->name) {
        int len = hw_utf8_encode(ents[k].cp, x->ent_utf8[k]);
        x->ent_utf8[k][len] = '\0';
        e->type = XML_ENTITY_DECL;
        e->name = (const xmlChar *)ents[k].name;
        e->content = (xmlChar *)x->ent_utf8[k];
        e->length = len;
        e->etype = in_attr ? XML_INTERNAL_GENERAL_ENTITY
                           : XML_INTERNAL_PREDEFINED_ENTITY;
    }
    return e;
}

static void sax_error(void *ud, xmlErrorPtr err)
{
    struct xp *x = ud;
    size_t n;
    if (!err || err->level < XML_ERR_ERROR)
        return;
    /* A namespace name that is not a valid URI is no XML error. */
    if (err->domain == XML_FROM_NAMESPACE &&
        (err->code == XML_WAR_NS_URI || err->code == XML_WAR_NS_URI_RELATIVE))
        return;
    x->nerrors++;
    if (err->domain == XML_FROM_PARSER &&
        (err->code == XML_ERR_ENTITYREF_SEMICOL_MISSING ||
         err->code == XML_ERR_NAME_REQUIRED))
        x->amp_errors++;
    if (x->first_err[0])
        return;
    snprintf(x->first_err, sizeof x->first_err, "line %d: %s",
             err->line + x->line_offset,
             err->message ? err->message : "XML error");
    n = strcspn(x->first_err, "\n");
    x->first_err[n] = '\0';
    while (n > 0 && (x->first_err[n - 1] == '\n' ||
                     x->first_err[n - 1] == ' '))
        x->first_err[--n] = '\0';
}

/* ---- the parse -------------------------------------------------------- */

/* The first occurrence of the NUL-terminated needle in h[0..n), or NULL. */
static const char *memmem_s(const char *h, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    while (n >= k) {
        const char *p = memchr(h, needle[0], n - k + 1);
        if (!p)
            return NULL;
        if (memcmp(p, needle, k) == 0)
            return p;
        n -= (size_t)(p - h) + 1;
        h = p + 1;
    }
    return NULL;
}

int feed_xml_sniff(const char *p, size_t len)
{
    return len > 0 && p[0] == '<';
}

static void xp_release(struct xp *x)
{
    int i;
    for (i = 0; i < x->depth && i < MAX_FRAMES; i++)
        if (x->frames[i].base_owned)
            hw_free((char *)(uintptr_t)x->frames[i].base);
    slot_free(&x->e_id);
    slot_free(&x->e_title);
    slot_free(&x->e_link);
    slot_free(&x->e_author);
    slot_free(&x->e_summary);
    slot_free(&x->e_content);
    slot_free(&x->e_thumb);
    slot_free(&x->f_title);
    slot_free(&x->f_link);
    slot_free(&x->f_author);
    hw_free(x->self);
    x->self = NULL;
    slot_free(&x->f_subtitle);
    slot_free(&x->f_lang);
    hw_buf_release(&x->buf);
    hw_buf_release(&x->abuf);
    hw_buf_release(&x->tmp);
    hw_free(x->ent_text);
    hw_free(x->ent_attr);
    hw_free(x->ent_utf8);
    hw_free(x);
}

/*
 * Copy s with every '&' that does not start a reference ("&name;",
 * "&#123;", "&#x1F;") written as "&amp;", outside CDATA sections and
 * comments: the usual fault of hand-made feeds (unescaped query strings).
 */
static void amp_fix(const char *s, size_t n, struct hw_buf *b)
{
    size_t i = 0, from = 0;
    while (i < n) {
        if (s[i] == '<' && n - i >= 9 && memcmp(s + i, "<![CDATA[", 9) == 0) {
            const char *e = memmem_s(s + i, n - i, "]]>");
            i = e ? (size_t)(e - s) + 3 : n;
            continue;
        }
        if (s[i] == '<' && n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
            const char *e = memmem_s(s + i, n - i, "-->");
            i = e ? (size_t)(e - s) + 3 : n;
            continue;
        }
        if (s[i] != '&') {
            i++;
            continue;
        }
        size_t j = i + 1;
        if (j < n && s[j] == '#') {
            j++;
            if (j < n && (s[j] == 'x' || s[j] == 'X'))
                j++;
            while (j < n && j - i < 12 &&
                   ((s[j] >= '0' && s[j] <= '9') ||
                    (s[j] >= 'a' && s[j] <= 'f') ||
                    (s[j] >= 'A' && s[j] <= 'F')))
                j++;
        } else {
            while (j < n && j - i < 64 &&
                   ((s[j] >= 'a' && s[j] <= 'z') ||
                    (s[j] >= 'A' && s[j] <= 'Z') ||
                    (s[j] >= '0' && s[j] <= '9') || s[j] == '_' ||
                    s[j] == '-' || s[j] == '.' || s[j] == ':'))
                j++;
        }
        if (j < n && s[j] == ';' && j > i + 1) {
            i = j + 1;
            continue;
        }
        hw_buf_add(b, s + from, i + 1 - from);
        hw_buf_adds(b, "amp;");
        from = ++i;
    }
    hw_buf_add(b, s + from, n - from);
}

/* Run one SAX2 parse of p[0..len) into a new state (never NULL). */
static struct xp *xp_run(const char *p, size_t len,
                         const struct feed_opts *opts, int line_offset)
{
    struct xp *x = hw_calloc(1, sizeof *x);
    xmlParserCtxtPtr ctxt;
    xmlSAXHandler *sax;
    xmlDocPtr doc;

    x->opts = opts;
    x->line_offset = line_offset;
    hw_buf_init(&x->buf, FEED_MAX_FIELD);
    hw_buf_init(&x->abuf, 1024 * 1024);
    hw_buf_init(&x->tmp, FEED_MAX_FIELD);
    ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        x->nomem = 1;
        return x;
    }
    x->ctxt = ctxt;
    sax = ctxt->sax;
    memset(sax, 0, sizeof *sax);
    sax->initialized = XML_SAX2_MAGIC;
    sax->startDocument = sax_start_document;
    sax->internalSubset = sax_internal_subset;
    sax->entityDecl = sax_entity_decl;
    sax->getEntity = sax_get_entity;
    sax->getParameterEntity = sax_get_parameter_entity;
    sax->startElementNs = sax_start;
    sax->endElementNs = sax_end;
    sax->characters = sax_chars;
    sax->ignorableWhitespace = sax_chars;
    sax->cdataBlock = sax_chars;
    sax->reference = sax_reference;
    sax->serror = sax_error;
    ctxt->userData = x;

    doc = xmlCtxtReadMemory(ctxt, p, (int)len, NULL, NULL,
                            XML_PARSE_RECOVER | XML_PARSE_NONET |
                                XML_PARSE_IGNORE_ENC | XML_PARSE_NOWARNING);
    if (doc)
        xmlFreeDoc(doc);
    if (ctxt->myDoc) {
        xmlFreeDoc(ctxt->myDoc);
        ctxt->myDoc = NULL;
    }
    xmlFreeParserCtxt(ctxt);
    x->ctxt = NULL;
    return x;
}

int feed_xml_parse(const struct feed_text *t, const struct feed_opts *opts,
                   struct feed **out, struct hw_diag *diag)
{
    const char *where = opts->url ? opts->url : "";
    struct xp *x;
    size_t skip = 0, i;
    int rc = 0, line_offset = 0;

    *out = NULL;
    /* White space before the XML declaration is an error libxml2 would
     * report for nothing: step over it. */
    while (skip < t->len && (t->p[skip] == ' ' || t->p[skip] == '\t' ||
                             t->p[skip] == '\r' || t->p[skip] == '\n'))
        skip++;
    for (i = 0; i < skip; i++)
        if (t->p[i] == '\n')
            line_offset++;
    if (t->len - skip > (size_t)INT32_MAX / 2)
        return hw_fail(diag, HW_ETOOBIG, "parse", where, "input too large");

    xmlInitParser();
    x = xp_run(t->p + skip, t->len - skip, opts, line_offset);
    if (x->nomem) {
        xp_release(x);
        return hw_fail(diag, HW_ENOMEM, "parse", where,
                       "cannot create an XML parser");
    }
    if (x->amp_errors && x->root_seen && !x->not_feed) {
        /* Unescaped '&': libxml2 drops what follows it.  Parse again with
         * them escaped, keep the first pass's error for bozo. */
        struct hw_buf fixed;
        struct xp *y;
        hw_buf_init(&fixed, 2 * (size_t)FEED_MAX_INPUT + 1024);
        amp_fix(t->p + skip, t->len - skip, &fixed);
        if (!fixed.err) {
            y = xp_run(fixed.p, fixed.len, opts, line_offset);
            if (!y->nomem && y->root_seen && !y->not_feed) {
                memcpy(y->first_err, x->first_err, sizeof y->first_err);
                feed_free(x->f);
                xp_release(x);
                x = y;
            } else {
                feed_free(y->f);
                xp_release(y);
            }
        }
        hw_buf_release(&fixed);
    }

    if (!x->root_seen) {
        if (x->first_err[0])
            rc = hw_fail(diag, HW_EPARSE, "parse", where,
                         "not well-formed XML, nothing readable: %s",
                         x->first_err);
        else
            rc = hw_fail(diag, HW_ENOTFEED, "parse", where,
                         "not a feed: no XML element found");
    } else if (x->not_feed) {
        const char *what = "";
        if (strcasecmp(x->root_name, "html") == 0)
            what = " (an HTML page)";
        else if (strcasecmp(x->root_name, "opml") == 0)
            what = " (an OPML outline)";
        rc = hw_fail(diag, HW_ENOTFEED, "parse", where,
                     "not a feed: the root element is <%s>%s", x->root_name,
                     what);
    }
    if (rc < 0) {
        feed_free(x->f);
        xp_release(x);
        return rc;
    }

    /* A truncated feed: keep the entry that was being read. */
    entry_end(x);
    x->f->title = slot_take(&x->f_title);
    x->f->link = slot_take(&x->f_link);
    x->f->subtitle = slot_take(&x->f_subtitle);
    x->f->language = slot_take(&x->f_lang);
    inherit_author(x);
    resolve_against_self(x);
    if (x->first_err[0])
        feed_set_bozo(x->f, x->first_err);
    else if (x->cap.active || x->depth > 0)
        feed_set_bozo(x->f, "unexpected end of input");
    *out = x->f;
    xp_release(x);
    return 0;
}
