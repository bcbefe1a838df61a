/*
 * extract_int.h - private interface of the extract room, shared by its
 * files; nothing here is visible outside src/extract/.
 *
 * The flow of one page (extract_page() in extract.c):
 *
 *     bytes --charset.c--> UTF-8 --strip.c--> what gumbo needs to see
 *           --gumbo--> tree --meta.c--> metadata slots
 *                          --tree.c (hints.c)--> flat tree
 *                          --readable.c--> the article's pieces
 *                          --emit.c--> text and HTML
 *
 * Names: extract_* have external linkage (the static library is shared
 * with the other rooms); xt_* and XT_* are the types, constants and
 * small inline helpers the files share; DN_* are the flags of a node of
 * the flat tree.  Everything else is static to its file.
 */
#ifndef HW_EXTRACT_INT_H
#define HW_EXTRACT_INT_H

#include <stdint.h>
#include <string.h>

#include <gumbo.h>

#include "extract/extract.h"

#define XT_TEXT_MAX (8u * 1024 * 1024)   /* cap on the extracted text */
#define XT_HTML_MAX (16u * 1024 * 1024)  /* cap on the article HTML */
#define XT_META_MAX 4096                 /* cap on one metadata value */

/* ---- small string helpers ---------------------------------------------- */

static inline int xt_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* HTML's ASCII white space. */
static inline int xt_is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static inline int xt_is_alpha(int c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* ASCII case-insensitive equality. */
static inline int xt_ci_eq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (xt_lower((unsigned char)*a) != xt_lower((unsigned char)*b))
            return 0;
    return *a == *b;
}

/* Does s[0..n) start with p?  ASCII case-insensitive; p is lower case. */
static inline int xt_ci_prefix(const char *s, size_t n, const char *p)
{
    size_t i;

    for (i = 0; p[i]; i++)
        if (i >= n || xt_lower((unsigned char)s[i]) != p[i])
            return 0;
    return 1;
}

/* One space for a run of white space: none at the start of b, nor after
 * another. */
static inline void xt_add_space(struct hw_buf *b)
{
    if (b->len && b->p[b->len - 1] != ' ')
        hw_buf_addc(b, ' ');
}

/* FNV-1a of s[0..n), ASCII lower-cased when fold; never 0 (an empty
 * slot in the open-addressing tables that use it). */
static inline uint64_t xt_hash(const char *s, size_t n, int fold)
{
    uint64_t h = 1469598103934665603ull;

    for (size_t i = 0; i < n; i++) {
        int c = (unsigned char)s[i];
        h = (h ^ (unsigned char)(fold ? xt_lower(c) : c)) * 1099511628211ull;
    }
    return h | 1;
}

/* ---- gumbo's tree ------------------------------------------------------ */

/* The value of attribute name of element n, or NULL. */
static inline const char *xt_attr(const GumboNode *n, const char *name)
{
    const GumboAttribute *a;

    if (n->type != GUMBO_NODE_ELEMENT)
        return NULL;
    a = gumbo_get_attribute(&n->v.element.attributes, name);
    return a ? a->value : NULL;
}

/* The children of n, or NULL for a node that has none. */
static inline const GumboVector *xt_kids(const GumboNode *n)
{
    if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE)
        return &n->v.element.children;
    if (n->type == GUMBO_NODE_DOCUMENT)
        return &n->v.document.children;
    return NULL;
}

static inline int xt_is_text(const GumboNode *n)
{
    return n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
           n->type == GUMBO_NODE_CDATA;
}

/* ---- charset.c: the bytes as UTF-8 ------------------------------------- */

/*
 * Append p[0..n), fetched with the HTTP Content-Type ct (may be NULL), to
 * b as valid UTF-8: the encoding sniffed as extract_page() documents it,
 * a byte-order mark skipped, bytes that do not decode as U+FFFD.
 */
void extract_charset_decode(struct hw_buf *b, const char *p, size_t n,
                            const char *ct);

/* ---- strip.c: what gumbo need not see ---------------------------------- */

/* Cut script and style bodies, comments and unread attributes out of
 * p[0..n) in place; returns the new length (p is NUL-terminated there). */
size_t extract_strip_raw(char *p, size_t n);

/* The length of p[0..len) to parse: len, or where the nesting of
 * unclosed elements passes what gumbo parses in reasonable time. */
size_t extract_nest_cut(const char *p, size_t len);

/* ---- meta.c: the metadata ---------------------------------------------- */

enum xt_slot {
    XT_CANON, XT_TITLE, XT_BYLINE, XT_SITE, XT_LANG, XT_IMAGE, XT_SECTION,
    XT_PUB, XT_MOD, XT_NSLOTS,
};

/* Each slot's value (owned, or NULL) and the rank of its source. */
struct xt_slots {
    char *v[XT_NSLOTS];
    int rank[XT_NSLOTS];
};

/* What one pass over the tree finds; every string is owned. */
struct xt_meta {
    struct xt_slots m;
    hw_time pub, mod;
    char *title_tag; /* <title> */
    char *h1;        /* the first <h1> */
    int is_content;  /* the page says it is an article or a video */
    char *body;      /* JSON-LD articleBody, as given */
};

/*
 * Fill c (its old contents are not looked at) from the document under
 * root; the title falls back to <title>, then the first <h1>.  The
 * caller frees the strings of c.
 */
void extract_meta_collect(struct xt_meta *c, const GumboNode *root);

/* The text of n's children, white space collapsed, as a new string
 * (cut at XT_META_MAX); NULL when there is none. */
char *extract_node_text(const GumboNode *n);

/* ---- hints.c: class and id names --------------------------------------- */

/* What a class or id name says of its element. */
enum {
    XT_H_UNLIKELY = 1, XT_H_MAYBE = 2, XT_H_NEG = 4, XT_H_POS = 8,
    XT_H_BYLINE = 16, XT_H_JUNK = 32,
};

/* The XT_H_* categories of the words in lc, a lower-cased class or id. */
unsigned extract_hint_scan(const char *lc);

/* Readability's class weight of lc (scanned to f): -25, 0 or 25. */
int extract_hint_weight(const char *lc, unsigned f);

/* Does lc name a share widget? */
int extract_hint_share(const char *lc);

/* ---- tree.c: the page as a flat tree ----------------------------------- */

enum {
    DN_TEXT = 1 << 0,      /* a text node */
    DN_LINK = 1 << 1,      /* inside <a> */
    DN_HASH = 1 << 2,      /* inside <a href="#..."> (counts 0.3) */
    DN_PRE = 1 << 3,       /* inside <pre>: white space is kept */
    DN_TABLE = 1 << 4,     /* inside a <table> */
    DN_CODE = 1 << 5,      /* inside <code> */
    DN_FIGURE = 1 << 6,    /* inside <figure> */
    DN_DATA = 1 << 7,      /* a data table, or inside one */
    DN_UNLIKELY = 1 << 8,  /* boilerplate by class, id or role */
    DN_BLOCKS = 1 << 9,    /* a block (Readability's DIV_TO_P) inside */
    DN_NONPHR = 1 << 10,   /* a child that is not phrasing content */
    DN_ASP = 1 << 11,      /* a <div> that reads as a <p> */
    DN_ONEP = 1 << 12,     /* a <div> around one <p>: not an ancestor */
    DN_SHARE = 1 << 13,    /* class/id names a share widget */
    DN_BYLINE = 1 << 14,   /* class/id/rel/itemprop names the author */
    DN_WS = 1 << 15,       /* text of white space only */
    DN_GONE = 1 << 16,     /* left out: the byline, the title again */
    DN_AD = 1 << 17,       /* text that is just "Advertisement" */
    DN_EBLK = 1 << 18,     /* an emitted block element inside */
    DN_JUNK = 1 << 19,     /* class/id names page furniture (XT_H_JUNK) */
    DN_ABODY = 1 << 20,    /* itemprop articleBody */
};

struct xt_node {
    const GumboNode *g;
    int parent, end;
    unsigned flags;
    GumboTag tag;          /* GUMBO_TAG_UNKNOWN for text */
    int cw;                /* class weight, -50..50 */
    uint32_t len, commas;  /* text: length (a white space run is one) */
};

/* Sums over a subtree, for one attempt. */
struct xt_agg {
    uint32_t chars, commas, p, img, li, input, heading, list, textish, ad;
    float link;
};

/* The nodes in document order (tree.c describes the layout), the static
 * facts first, then the state of one attempt (readable.c). */
struct xt_tree {
    struct xt_node *v;
    int n, cap;
    int body;              /* index of <body>, 0 if none */
    uint32_t body_chars;   /* all the text of the body */
    float body_link;       /* of which in links */
    unsigned char *live;   /* in this attempt */
    unsigned char *drop;   /* cleaned out of the article */
    unsigned char *cand;   /* has a score */
    int *mark;
    uint32_t *runs;        /* inline runs read as paragraphs, per div */
    float *score;
    struct xt_agg *a;
};

/* Copy the document under root into t (its old contents are not looked
 * at); free with extract_tree_free(). */
void extract_tree_build(struct xt_tree *t, const GumboNode *root);

/* The facts that need a subtree; title and title2 (may be NULL) are the
 * page's titles, for the heading that repeats one. */
void extract_tree_finish(struct xt_tree *t, const char *title,
                         const char *title2);

void extract_tree_free(struct xt_tree *t);

/* Readability's DIV_TO_P_ELEMS: what makes a <div> more than a <p>. */
static inline int xt_is_div_block(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_DL: case GUMBO_TAG_DIV:
    case GUMBO_TAG_IMG: case GUMBO_TAG_OL: case GUMBO_TAG_P:
    case GUMBO_TAG_PRE: case GUMBO_TAG_TABLE: case GUMBO_TAG_UL:
        return 1;
    default:
        return 0;
    }
}

/* Readability's PHRASING_ELEMS (a, del, ins count when all inside do). */
static inline int xt_is_phrasing_tag(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_ABBR: case GUMBO_TAG_AUDIO: case GUMBO_TAG_B:
    case GUMBO_TAG_BDO: case GUMBO_TAG_BR: case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_CITE: case GUMBO_TAG_CODE: case GUMBO_TAG_DATA:
    case GUMBO_TAG_DATALIST: case GUMBO_TAG_DFN: case GUMBO_TAG_EM:
    case GUMBO_TAG_EMBED: case GUMBO_TAG_I: case GUMBO_TAG_IMG:
    case GUMBO_TAG_INPUT: case GUMBO_TAG_KBD: case GUMBO_TAG_LABEL:
    case GUMBO_TAG_MARK: case GUMBO_TAG_MATH: case GUMBO_TAG_METER:
    case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_OBJECT: case GUMBO_TAG_OUTPUT:
    case GUMBO_TAG_PROGRESS: case GUMBO_TAG_Q: case GUMBO_TAG_RUBY:
    case GUMBO_TAG_SAMP: case GUMBO_TAG_SCRIPT: case GUMBO_TAG_SELECT:
    case GUMBO_TAG_SMALL: case GUMBO_TAG_SPAN: case GUMBO_TAG_STRONG:
    case GUMBO_TAG_SUB: case GUMBO_TAG_SUP: case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_TIME: case GUMBO_TAG_VAR: case GUMBO_TAG_WBR:
    case GUMBO_TAG_FONT: case GUMBO_TAG_U: case GUMBO_TAG_S:
        return 1;
    default:
        return 0;
    }
}

static inline int xt_is_phrasing(const struct xt_node *d)
{
    if (d->flags & DN_TEXT)
        return 1;
    if (xt_is_phrasing_tag(d->tag))
        return 1;
    return (d->tag == GUMBO_TAG_A || d->tag == GUMBO_TAG_DEL ||
            d->tag == GUMBO_TAG_INS) && !(d->flags & DN_NONPHR);
}

/* Elements that end a paragraph in the output. */
static inline int xt_is_emit_block(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN: case GUMBO_TAG_UL:
    case GUMBO_TAG_OL: case GUMBO_TAG_LI: case GUMBO_TAG_DL:
    case GUMBO_TAG_DT: case GUMBO_TAG_DD: case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH:
    case GUMBO_TAG_CAPTION: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE:
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
    case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER: case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FORM: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_HR:
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_CENTER: case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY: case GUMBO_TAG_HGROUP: case GUMBO_TAG_LEGEND:
        return 1;
    default:
        return 0;
    }
}

/* Children of i in the tree: the first, then each next one; -1 past the
 * last. */
static inline int xt_first_child(const struct xt_tree *t, int i)
{
    return i + 1 <= t->v[i].end ? i + 1 : -1;
}

static inline int xt_next_sibling(const struct xt_tree *t, int c)
{
    int p = t->v[c].parent;

    return p >= 0 && t->v[c].end + 1 <= t->v[p].end ? t->v[c].end + 1 : -1;
}

/* White space to Readability: a blank text node or a <br>. */
static inline int xt_is_ws_node(const struct xt_node *d)
{
    return (d->flags & DN_WS) || d->tag == GUMBO_TAG_BR;
}

/* ---- readable.c: finding the article ----------------------------------- */

/* A part of the article: the subtree of root, or (root < 0) an inline run
 * of children lo..hi read as a paragraph. */
struct xt_piece {
    int root, lo, hi;
    int whole; /* root is the page itself: its children are the top */
};

struct xt_out;

/* Find the article in t (finished) and write it to o (initialised). */
void extract_find_article(struct xt_tree *t, struct xt_out *o);

/* Is what o holds an article?  is_content: the page says it is one. */
int extract_is_article(const struct xt_tree *t, const struct xt_out *o,
                       int is_content);

/* Is the JSON-LD articleBody body the better text than what o holds?
 * rc: 0 when o holds an article. */
int extract_use_body(const char *body, const struct xt_out *o, int rc);

/* ---- emit.c: writing the article --------------------------------------- */

struct xt_open {
    int end;             /* the last node inside */
    int where;           /* the parent of the element */
    int block;           /* the innermost block entry, this one or below */
    const char *wrap;    /* tag for paragraphs directly inside, or NULL */
    const char *close;   /* written when it ends, or NULL */
    int inline_, row, fig;
};

/* The article being written, and its counts for readable.c. */
struct xt_out {
    struct hw_buf text, html; /* the result */
    struct hw_buf pt, ph;     /* the paragraph: text, HTML */
    struct hw_buf row;        /* a data-table row's text */
    int space, has_img, pre;
    uint32_t pchars, plink;
    uint64_t chars, link, paras;
    uint64_t linked_heads;     /* headings that are links: teasers */
    struct xt_open *st;
    int sn, scap;
    const char *title, *byline; /* not repeated in the text */
    struct xt_seen {
        uint64_t h;            /* hash of the text, 0 for none */
        int where;             /* its container */
    } *seen;                   /* the paragraphs written */
    size_t nseen, seen_cap;
    struct hw_buf pend_t, pend_h; /* a paragraph held back (a copy?) */
    uint32_t pend_chars, pend_link;
    int pending, copy_run;
    int where;                 /* parent of the element being opened */
    int rows, figs;            /* data-table rows, figures open */
};

/* o's buffers: init before the first use, reset before each attempt,
 * release at the end (the text may be detached first). */
void extract_out_init(struct xt_out *o);
void extract_out_reset(struct xt_out *o);
void extract_out_release(struct xt_out *o);

/* Write piece k of the article in t to o. */
void extract_emit_piece(struct xt_out *o, const struct xt_tree *t,
                        const struct xt_piece *k);

/* Write the articleBody (text or HTML) as paragraphs to o, reset first;
 * 0 when it holds no text. */
int extract_emit_body(const char *body, struct xt_out *o);

/*
 * The attributes where lazy loaders keep an image's real source, in the
 * order emit.c tries them after src; strip.c keeps them.  NULL-terminated.
 */
extern const char *const extract_lazy_src[];

#endif
