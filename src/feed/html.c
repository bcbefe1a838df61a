/*
 * html.c - HTML fragments from feeds (summary, content): an allowlist
 * sanitiser and a plain-text extractor, on one hand-written tokenizer.
 *
 * Why not libxml2's HTML parser: the 2.9 parser builds a tree we would
 * walk once and throw away, falls back to Latin-1 on the first invalid
 * UTF-8 byte, and tokenizes differently from browsers in corners that
 * matter for a sanitiser.  A fragment needs far less than a parser: the
 * tokenizer below follows the HTML5 tokenization rules (WHATWG HTML,
 * section 13.2.5) for what feeds contain -- tags with quoted, unquoted
 * and valueless attributes, comments ("<!-->" and "--!>" included), bogus
 * comments ("<!x>", "<?x>", "</ x>"), raw-text and RCDATA elements whose
 * content runs to their end tag (script, style, textarea, title, ...),
 * character references -- and a small tree builder keeps a stack of open
 * elements with the implied end tags of section 13.2.6 that change what a
 * reader sees (a new <p> or block closes an open <p>, <li> closes <li>,
 * table rows and cells close their siblings).
 *
 * Safety does not rest on matching a browser's parse exactly: the output
 * is written anew from tokens.  Only allowlisted element and attribute
 * names are written, spelled from our own tables; every text and value is
 * entity-decoded, filtered to valid UTF-8 without control characters and
 * escaped again; every element written is closed, in order.  So the output
 * holds no markup we did not write, and a browser reads it as we do.
 *
 * Cost: one pass over the input, work per tag bounded by the stack depth
 * (HTML_MAX_DEPTH) and the attribute count (HTML_MAX_ATTRS).  Input with
 * no '<' and no '&' takes a fast path with no tokenizer at all.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "feed/feed.h"

/* Open elements kept at once; deeper start tags are unwrapped. */
#define HTML_MAX_DEPTH 128
/* Attributes looked at per tag; the rest are ignored. */
#define HTML_MAX_ATTRS 64

/* ---- element and attribute tables ------------------------------------- */

enum {
    EL_ALLOW = 1 << 0,   /* written by the sanitiser */
    EL_VOID = 1 << 1,    /* never has content or an end tag */
    EL_DROP = 1 << 2,    /* dropped with everything inside */
    EL_RAW = 1 << 3,     /* raw text / RCDATA: content runs to </name> */
    EL_BLOCK = 1 << 4,   /* text: a paragraph break before and after */
    EL_CELL = 1 << 5,    /* text: a space before and after */
    EL_CLOSEP = 1 << 6,  /* its start tag closes an open <p> */
    EL_TEXTKEEP = 1 << 7, /* text keeps the content of this dropped one */
    /* scope boundaries for the implied end tags (san_implied_ends) */
    EL_B_CELL = 1 << 8,  /* td, th, caption */
    EL_B_TABLE = 1 << 9, /* table */
    EL_B_LIST = 1 << 10, /* ul, ol */
    EL_B_DL = 1 << 11,   /* dl */
    EL_B_TR = 1 << 12    /* tr */
};

/* Known elements, sorted by name (strcmp order) for binary search. */
static const struct {
    const char *name;
    unsigned flags;
} elems[] = {
    {"a", EL_ALLOW},
    {"abbr", EL_ALLOW},
    {"address", EL_BLOCK | EL_CLOSEP},
    {"applet", EL_DROP},
    {"article", EL_ALLOW | EL_BLOCK | EL_CLOSEP},
    {"aside", EL_BLOCK | EL_CLOSEP},
    {"audio", EL_ALLOW},
    {"b", EL_ALLOW},
    {"base", EL_DROP | EL_VOID},
    {"blockquote", EL_ALLOW | EL_BLOCK | EL_CLOSEP},
    {"br", EL_ALLOW | EL_VOID | EL_BLOCK},
    {"button", EL_DROP | EL_TEXTKEEP},
    {"caption", EL_ALLOW | EL_BLOCK | EL_B_CELL},
    {"center", EL_BLOCK | EL_CLOSEP},
    {"cite", EL_ALLOW},
    {"code", EL_ALLOW},
    {"dd", EL_ALLOW | EL_BLOCK | EL_CLOSEP},
    {"del", EL_ALLOW},
    {"details", EL_BLOCK | EL_CLOSEP},
    {"div", EL_ALLOW | EL_BLOCK | EL_CLOSEP},
    {"dl", EL_ALLOW | EL_BLOCK | EL_CLOSEP | EL_B_DL},
    {"dt", EL_ALLOW | EL_BLOCK | EL_CLOSEP},
    {"em", EL_ALLOW},
    {"embed", EL_DROP | EL_VOID},
    {"figcaption", EL_ALLOW | EL_BLOCK | EL_CLOSEP},
    {"figure", EL_ALLOW | EL_BLOCK | EL_CLOSEP},
    {"footer", EL_ALLOW | EL_BLOCK | EL_CLOSEP},
    {"form", EL_DROP | EL_TEXTKEEP | EL_BLOCK},
    {"frame", EL_DROP | EL_VOID},
    {"frameset", EL_DROP},
    {"h1", EL_ALLOW | EL_BLOCK | EL_CLOSEP},
    {"h2", EL_ALLOW | EL_BLOCK | EL_CLOSEP},
    {"h3", EL_ALLOW | EL_BLOCK | EL_CLOSEP},
    {"h4", EL_ALLOW | EL_BLOCK | EL_CLOSEP},
    {"h5", EL_ALLOW | EL_BLOCK | EL_CLOSEP},
    {"h6", EL_ALLOW | EL_BLOCK | EL_CLOSEP},
    {"header", EL_ALLOW | EL_BLOCK | EL_CLOSEP},
    {"hr", EL_ALLOW | EL_VOID | EL_BLOCK | EL_CLOSEP},
    {"i", EL_ALLOW},
    {"iframe", EL_DROP | EL_RAW},
    {"img", EL_ALLOW | EL_VOID},
    {"input", EL_DROP | EL_VOID},
    {"ins", EL_ALLOW},
    {"kbd", EL_ALLOW},
    {"li", EL_ALLOW | EL_BLOCK | EL_CLOSEP},
    {"link", EL_DROP | EL_VOID},
    {"main", EL_BLOCK | EL_CLOSEP},
    {"mark", EL_ALLOW},
    {"math", EL_DROP},
    {"meta", EL_DROP | EL_VOID},
    {"nav", EL_BLOCK | EL_CLOSEP},
    {"noembed", EL_DROP | EL_RAW},
    {"noframes", EL_DROP | EL_RAW},
    {"noscript", EL_DROP | EL_RAW},
    {"object", EL_DROP},
    {"ol", EL_ALLOW | EL_BLOCK | EL_CLOSEP | EL_B_LIST},
    {"p", EL_ALLOW | EL_BLOCK | EL_CLOSEP},
    {"picture", EL_ALLOW},
    {"plaintext", EL_DROP | EL_RAW},
    {"pre", EL_ALLOW | EL_BLOCK | EL_CLOSEP},
    {"q", EL_ALLOW},
    {"s", EL_ALLOW},
    {"script", EL_DROP | EL_RAW},
    {"section", EL_ALLOW | EL_BLOCK | EL_CLOSEP},
    {"select", EL_DROP},
    {"small", EL_ALLOW},
    {"source", EL_ALLOW | EL_VOID},
    {"span", EL_ALLOW},
    {"strong", EL_ALLOW},
    {"style", EL_DROP | EL_RAW},
    {"sub", EL_ALLOW},
    {"sup", EL_ALLOW},
    {"svg", EL_DROP},
    {"table", EL_ALLOW | EL_BLOCK | EL_CLOSEP | EL_B_TABLE},
    {"tbody", EL_ALLOW},
    {"td", EL_ALLOW | EL_CELL | EL_B_CELL},
    {"template", EL_DROP},
    {"textarea", EL_DROP | EL_RAW},
    {"tfoot", EL_ALLOW},
    {"th", EL_ALLOW | EL_CELL | EL_B_CELL},
    {"thead", EL_ALLOW},
    {"time", EL_ALLOW},
    {"title", EL_DROP | EL_RAW},
    {"tr", EL_ALLOW | EL_BLOCK | EL_B_TR},
    {"u", EL_ALLOW},
    {"ul", EL_ALLOW | EL_BLOCK | EL_CLOSEP | EL_B_LIST},
    {"video", EL_ALLOW},
    {"xmp", EL_DROP | EL_RAW},
};
#define NELEMS ((int)(sizeof elems / sizeof elems[0]))

/* Attributes kept, by bit; URL-valued ones are checked (url_*). */
enum attr_kind { AT_PLAIN, AT_URL, AT_SRCSET };
static const struct {
    const char *name;
    enum attr_kind kind;
} attrs_allowed[] = {
    {"alt", AT_PLAIN},     {"cite", AT_URL},     {"colspan", AT_PLAIN},
    {"datetime", AT_PLAIN}, {"dir", AT_PLAIN},    {"height", AT_PLAIN},
    {"href", AT_URL},      {"lang", AT_PLAIN},   {"rowspan", AT_PLAIN},
    {"src", AT_URL},       {"srcset", AT_SRCSET}, {"title", AT_PLAIN},
    {"type", AT_PLAIN},    {"width", AT_PLAIN},
};
#define NATTRS ((int)(sizeof attrs_allowed / sizeof attrs_allowed[0]))

/*
 * Named character references: the HTML 4.01 set (with HTML5's values for
 * lang and rang), HTML5's ASCII punctuation names and a few common others.
 * legacy marks the names HTML5 also decodes without a ';' ("&copy 2025").
 * Sorted by name in strcmp order.
 */
static const struct entity {
    const char *name;
    uint32_t cp;
    int legacy;
} entities[] = {
    {"AElig", 0x00C6, 1}, {"AMP", 0x0026, 1}, {"Aacute", 0x00C1, 1},
    {"Acirc", 0x00C2, 1}, {"Agrave", 0x00C0, 1}, {"Alpha", 0x0391, 0},
    {"Aring", 0x00C5, 1}, {"Atilde", 0x00C3, 1}, {"Auml", 0x00C4, 1},
    {"Beta", 0x0392, 0}, {"COPY", 0x00A9, 1}, {"Ccedil", 0x00C7, 1},
    {"CenterDot", 0x00B7, 0}, {"Chi", 0x03A7, 0}, {"Dagger", 0x2021, 0},
    {"Delta", 0x0394, 0}, {"DiacriticalGrave", 0x0060, 0}, {"ETH", 0x00D0, 1},
    {"Eacute", 0x00C9, 1}, {"Ecirc", 0x00CA, 1}, {"Egrave", 0x00C8, 1},
    {"Epsilon", 0x0395, 0}, {"Eta", 0x0397, 0}, {"Euml", 0x00CB, 1},
    {"GT", 0x003E, 1}, {"Gamma", 0x0393, 0}, {"Hat", 0x005E, 0},
    {"Iacute", 0x00CD, 1}, {"Icirc", 0x00CE, 1}, {"Igrave", 0x00CC, 1},
    {"Iota", 0x0399, 0}, {"Iuml", 0x00CF, 1}, {"Kappa", 0x039A, 0},
    {"LT", 0x003C, 1}, {"Lambda", 0x039B, 0}, {"MediumSpace", 0x205F, 0},
    {"Mu", 0x039C, 0}, {"NewLine", 0x000A, 0}, {"NoBreak", 0x2060, 0},
    {"NonBreakingSpace", 0x00A0, 0}, {"Ntilde", 0x00D1, 1}, {"Nu", 0x039D, 0},
    {"OElig", 0x0152, 0}, {"Oacute", 0x00D3, 1}, {"Ocirc", 0x00D4, 1},
    {"Ograve", 0x00D2, 1}, {"Omega", 0x03A9, 0}, {"Omicron", 0x039F, 0},
    {"Oslash", 0x00D8, 1}, {"Otilde", 0x00D5, 1}, {"Ouml", 0x00D6, 1},
    {"Phi", 0x03A6, 0}, {"Pi", 0x03A0, 0}, {"Prime", 0x2033, 0},
    {"Psi", 0x03A8, 0}, {"QUOT", 0x0022, 1}, {"REG", 0x00AE, 1},
    {"Rho", 0x03A1, 0}, {"Scaron", 0x0160, 0}, {"Sigma", 0x03A3, 0},
    {"THORN", 0x00DE, 1}, {"TRADE", 0x2122, 0}, {"Tab", 0x0009, 0},
    {"Tau", 0x03A4, 0}, {"Theta", 0x0398, 0}, {"ThinSpace", 0x2009, 0},
    {"Uacute", 0x00DA, 1}, {"Ucirc", 0x00DB, 1}, {"Ugrave", 0x00D9, 1},
    {"UnderBar", 0x005F, 0}, {"Upsilon", 0x03A5, 0}, {"Uuml", 0x00DC, 1},
    {"VerticalLine", 0x007C, 0}, {"Xi", 0x039E, 0}, {"Yacute", 0x00DD, 1},
    {"Yuml", 0x0178, 0}, {"ZeroWidthSpace", 0x200B, 0}, {"Zeta", 0x0396, 0},
    {"aacute", 0x00E1, 1}, {"acirc", 0x00E2, 1}, {"acute", 0x00B4, 1},
    {"aelig", 0x00E6, 1}, {"agrave", 0x00E0, 1}, {"alefsym", 0x2135, 0},
    {"alpha", 0x03B1, 0}, {"amp", 0x0026, 1}, {"and", 0x2227, 0},
    {"ang", 0x2220, 0}, {"angst", 0x00C5, 0}, {"apos", 0x0027, 0},
    {"approx", 0x2248, 0}, {"aring", 0x00E5, 1}, {"ast", 0x002A, 0},
    {"asymp", 0x2248, 0}, {"atilde", 0x00E3, 1}, {"auml", 0x00E4, 1},
    {"bdquo", 0x201E, 0}, {"beta", 0x03B2, 0}, {"bigstar", 0x2605, 0},
    {"brvbar", 0x00A6, 1}, {"bsol", 0x005C, 0}, {"bull", 0x2022, 0},
    {"bullet", 0x2022, 0}, {"cap", 0x2229, 0}, {"caret", 0x2041, 0},
    {"ccedil", 0x00E7, 1}, {"cedil", 0x00B8, 1}, {"cent", 0x00A2, 1},
    {"centerdot", 0x00B7, 0}, {"check", 0x2713, 0}, {"chi", 0x03C7, 0},
    {"circ", 0x02C6, 0}, {"clubs", 0x2663, 0}, {"colon", 0x003A, 0},
    {"comma", 0x002C, 0}, {"commat", 0x0040, 0}, {"complexes", 0x2102, 0},
    {"cong", 0x2245, 0}, {"copy", 0x00A9, 1}, {"copysr", 0x2117, 0},
    {"crarr", 0x21B5, 0}, {"cross", 0x2717, 0}, {"cup", 0x222A, 0},
    {"curren", 0x00A4, 1}, {"dArr", 0x21D3, 0}, {"dagger", 0x2020, 0},
    {"darr", 0x2193, 0}, {"dash", 0x2010, 0}, {"deg", 0x00B0, 1},
    {"delta", 0x03B4, 0}, {"diams", 0x2666, 0}, {"div", 0x00F7, 0},
    {"divide", 0x00F7, 1}, {"dollar", 0x0024, 0}, {"eacute", 0x00E9, 1},
    {"ecirc", 0x00EA, 1}, {"egrave", 0x00E8, 1}, {"ell", 0x2113, 0},
    {"empty", 0x2205, 0}, {"emsp", 0x2003, 0}, {"emsp13", 0x2004, 0},
    {"emsp14", 0x2005, 0}, {"ensp", 0x2002, 0}, {"epsilon", 0x03B5, 0},
    {"equals", 0x003D, 0}, {"equiv", 0x2261, 0}, {"eta", 0x03B7, 0},
    {"eth", 0x00F0, 1}, {"euml", 0x00EB, 1}, {"euro", 0x20AC, 0},
    {"excl", 0x0021, 0}, {"exist", 0x2203, 0}, {"female", 0x2640, 0},
    {"flat", 0x266D, 0}, {"fnof", 0x0192, 0}, {"forall", 0x2200, 0},
    {"frac12", 0x00BD, 1}, {"frac13", 0x2153, 0}, {"frac14", 0x00BC, 1},
    {"frac15", 0x2155, 0}, {"frac16", 0x2159, 0}, {"frac18", 0x215B, 0},
    {"frac23", 0x2154, 0}, {"frac25", 0x2156, 0}, {"frac34", 0x00BE, 1},
    {"frac35", 0x2157, 0}, {"frac38", 0x215C, 0}, {"frac45", 0x2158, 0},
    {"frac56", 0x215A, 0}, {"frac58", 0x215D, 0}, {"frac78", 0x215E, 0},
    {"frasl", 0x2044, 0}, {"gamma", 0x03B3, 0}, {"ge", 0x2265, 0},
    {"grave", 0x0060, 0}, {"gt", 0x003E, 1}, {"hArr", 0x21D4, 0},
    {"hairsp", 0x200A, 0}, {"half", 0x00BD, 0}, {"harr", 0x2194, 0},
    {"hbar", 0x210F, 0}, {"hearts", 0x2665, 0}, {"hellip", 0x2026, 0},
    {"horbar", 0x2015, 0}, {"hyphen", 0x2010, 0}, {"iacute", 0x00ED, 1},
    {"icirc", 0x00EE, 1}, {"iexcl", 0x00A1, 1}, {"igrave", 0x00EC, 1},
    {"image", 0x2111, 0}, {"imath", 0x0131, 0}, {"incare", 0x2105, 0},
    {"infin", 0x221E, 0}, {"inodot", 0x0131, 0}, {"int", 0x222B, 0},
    {"integers", 0x2124, 0}, {"iota", 0x03B9, 0}, {"iquest", 0x00BF, 1},
    {"isin", 0x2208, 0}, {"iuml", 0x00EF, 1}, {"kappa", 0x03BA, 0},
    {"lArr", 0x21D0, 0}, {"lambda", 0x03BB, 0}, {"lang", 0x27E8, 0},
    {"laquo", 0x00AB, 1}, {"larr", 0x2190, 0}, {"lbrace", 0x007B, 0},
    {"lbrack", 0x005B, 0}, {"lceil", 0x2308, 0}, {"lcub", 0x007B, 0},
    {"ldquo", 0x201C, 0}, {"ldquor", 0x201E, 0}, {"le", 0x2264, 0},
    {"lfloor", 0x230A, 0}, {"lowast", 0x2217, 0}, {"lowbar", 0x005F, 0},
    {"loz", 0x25CA, 0}, {"lozenge", 0x25CA, 0}, {"lpar", 0x0028, 0},
    {"lrm", 0x200E, 0}, {"lsaquo", 0x2039, 0}, {"lsqb", 0x005B, 0},
    {"lsquo", 0x2018, 0}, {"lsquor", 0x201A, 0}, {"lt", 0x003C, 1},
    {"macr", 0x00AF, 1}, {"male", 0x2642, 0}, {"mdash", 0x2014, 0},
    {"micro", 0x00B5, 1}, {"midast", 0x002A, 0}, {"middot", 0x00B7, 1},
    {"minus", 0x2212, 0}, {"mldr", 0x2026, 0}, {"mu", 0x03BC, 0},
    {"nabla", 0x2207, 0}, {"natural", 0x266E, 0}, {"naturals", 0x2115, 0},
    {"nbsp", 0x00A0, 1}, {"ndash", 0x2013, 0}, {"ne", 0x2260, 0},
    {"ni", 0x220B, 0}, {"nldr", 0x2025, 0}, {"not", 0x00AC, 1},
    {"notin", 0x2209, 0}, {"nsub", 0x2284, 0}, {"ntilde", 0x00F1, 1},
    {"nu", 0x03BD, 0}, {"num", 0x0023, 0}, {"numsp", 0x2007, 0},
    {"oacute", 0x00F3, 1}, {"ocirc", 0x00F4, 1}, {"oelig", 0x0153, 0},
    {"ograve", 0x00F2, 1}, {"ohm", 0x03A9, 0}, {"oline", 0x203E, 0},
    {"omega", 0x03C9, 0}, {"omicron", 0x03BF, 0}, {"oplus", 0x2295, 0},
    {"or", 0x2228, 0}, {"ordf", 0x00AA, 1}, {"ordm", 0x00BA, 1},
    {"oslash", 0x00F8, 1}, {"otilde", 0x00F5, 1}, {"otimes", 0x2297, 0},
    {"ouml", 0x00F6, 1}, {"para", 0x00B6, 1}, {"part", 0x2202, 0},
    {"percnt", 0x0025, 0}, {"period", 0x002E, 0}, {"permil", 0x2030, 0},
    {"perp", 0x22A5, 0}, {"phi", 0x03C6, 0}, {"phone", 0x260E, 0},
    {"pi", 0x03C0, 0}, {"piv", 0x03D6, 0}, {"planck", 0x210F, 0},
    {"plus", 0x002B, 0}, {"plusmn", 0x00B1, 1}, {"pm", 0x00B1, 0},
    {"pound", 0x00A3, 1}, {"prime", 0x2032, 0}, {"primes", 0x2119, 0},
    {"prod", 0x220F, 0}, {"prop", 0x221D, 0}, {"psi", 0x03C8, 0},
    {"puncsp", 0x2008, 0}, {"quest", 0x003F, 0}, {"quot", 0x0022, 1},
    {"rArr", 0x21D2, 0}, {"radic", 0x221A, 0}, {"rang", 0x27E9, 0},
    {"raquo", 0x00BB, 1}, {"rarr", 0x2192, 0}, {"rationals", 0x211A, 0},
    {"rbrace", 0x007D, 0}, {"rbrack", 0x005D, 0}, {"rceil", 0x2309, 0},
    {"rcub", 0x007D, 0}, {"rdquo", 0x201D, 0}, {"rdquor", 0x201D, 0},
    {"real", 0x211C, 0}, {"reals", 0x211D, 0}, {"reg", 0x00AE, 1},
    {"rfloor", 0x230B, 0}, {"rho", 0x03C1, 0}, {"rlm", 0x200F, 0},
    {"rpar", 0x0029, 0}, {"rsaquo", 0x203A, 0}, {"rsqb", 0x005D, 0},
    {"rsquo", 0x2019, 0}, {"rsquor", 0x2019, 0}, {"sbquo", 0x201A, 0},
    {"scaron", 0x0161, 0}, {"sdot", 0x22C5, 0}, {"sect", 0x00A7, 1},
    {"semi", 0x003B, 0}, {"sharp", 0x266F, 0}, {"shy", 0x00AD, 1},
    {"sigma", 0x03C3, 0}, {"sigmaf", 0x03C2, 0}, {"sim", 0x223C, 0},
    {"sol", 0x002F, 0}, {"spades", 0x2660, 0}, {"star", 0x2606, 0},
    {"starf", 0x2605, 0}, {"sub", 0x2282, 0}, {"sube", 0x2286, 0},
    {"sum", 0x2211, 0}, {"sung", 0x266A, 0}, {"sup", 0x2283, 0},
    {"sup1", 0x00B9, 1}, {"sup2", 0x00B2, 1}, {"sup3", 0x00B3, 1},
    {"supe", 0x2287, 0}, {"szlig", 0x00DF, 1}, {"tau", 0x03C4, 0},
    {"there4", 0x2234, 0}, {"theta", 0x03B8, 0}, {"thetasym", 0x03D1, 0},
    {"thinsp", 0x2009, 0}, {"thorn", 0x00FE, 1}, {"tilde", 0x02DC, 0},
    {"times", 0x00D7, 1}, {"trade", 0x2122, 0}, {"uArr", 0x21D1, 0},
    {"uacute", 0x00FA, 1}, {"uarr", 0x2191, 0}, {"ucirc", 0x00FB, 1},
    {"ugrave", 0x00F9, 1}, {"uml", 0x00A8, 1}, {"upsih", 0x03D2, 0},
    {"upsilon", 0x03C5, 0}, {"uuml", 0x00FC, 1}, {"verbar", 0x007C, 0},
    {"vert", 0x007C, 0}, {"weierp", 0x2118, 0}, {"xi", 0x03BE, 0},
    {"yacute", 0x00FD, 1}, {"yen", 0x00A5, 1}, {"yuml", 0x00FF, 1},
    {"zeta", 0x03B6, 0}, {"zwj", 0x200D, 0}, {"zwnj", 0x200C, 0},
};
#define NENTITIES (sizeof entities / sizeof entities[0])
#define ENTITY_MAX_NAME 32

/* Windows-1252 for numeric references to 0x80-0x9F (HTML5 13.2.5.80). */
static const uint16_t cp1252[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

/* ---- small helpers ---------------------------------------------------- */

static int is_html_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_alnum(int c) { return is_alpha(c) || (c >= '0' && c <= '9'); }

static int lower(int c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

/*
 * Copy a name lower-cased into buf (cap bytes); 0 if it is too long or
 * holds a NUL (which HTML reads as U+FFFD: never one of our names).
 */
static int lower_name(const char *p, size_t n, char *buf, size_t cap)
{
    if (n == 0 || n >= cap)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '\0')
            return 0;
        buf[i] = (char)lower((unsigned char)p[i]);
    }
    buf[n] = '\0';
    return 1;
}

/* The element index of a tag name, or -1. */
static int elem_id(const char *p, size_t n)
{
    char buf[16];
    int lo = 0, hi = NELEMS - 1;

    if (!lower_name(p, n, buf, sizeof buf))
        return -1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2, c = strcmp(buf, elems[mid].name);
        if (c == 0)
            return mid;
        if (c < 0)
            hi = mid - 1;
        else
            lo = mid + 1;
    }
    return -1;
}

/* The allowed-attribute index of a name, or -1. */
static int attr_id(const char *p, size_t n)
{
    char buf[16];

    if (!lower_name(p, n, buf, sizeof buf))
        return -1;
    for (int i = 0; i < NATTRS; i++)
        if (strcmp(buf, attrs_allowed[i].name) == 0)
            return i;
    return -1;
}

static unsigned elem_flags(int id) { return id < 0 ? 0 : elems[id].flags; }

static int elem_is(int id, const char *name)
{
    return id >= 0 && strcmp(elems[id].name, name) == 0;
}

/* ---- character references --------------------------------------------- */

static const struct entity *entity_find(const char *name)
{
    size_t lo = 0, hi = NENTITIES;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(name, entities[mid].name);
        if (c == 0)
            return &entities[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

/*
 * A numeric reference's code point as HTML5 maps it: 0, surrogates and
 * values past U+10FFFF become U+FFFD, 0x80-0x9F are read as Windows-1252.
 */
static uint32_t numeric_cp(uint32_t v, int overflow)
{
    if (overflow || v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0xFFFD;
    if (v >= 0x80 && v <= 0x9F)
        return cp1252[v - 0x80];
    return v;
}

/*
 * The character reference at p ('&'), e the end of the text.  Returns the
 * bytes it spans and sets *cp, or 0 when it is no reference ('&' is then
 * literal).  In attribute values a legacy name without ';' followed by
 * '=' or an alphanumeric is not a reference (HTML5 13.2.5.73), so that
 * "?a=1&copy=2" survives.
 */
static size_t entity_decode(const char *p, const char *e, int in_attr,
                            uint32_t *cp)
{
    const char *q = p + 1;
    char name[ENTITY_MAX_NAME + 1];
    size_t n = 0;

    if (q >= e)
        return 0;
    if (*q == '#') {
        uint32_t v = 0;
        int hex = 0, overflow = 0;
        const char *d;
        q++;
        if (q < e && (*q == 'x' || *q == 'X')) {
            hex = 1;
            q++;
        }
        d = q;
        for (; q < e; q++) {
            int c = (unsigned char)*q, dv;
            if (c >= '0' && c <= '9')
                dv = c - '0';
            else if (hex && c >= 'a' && c <= 'f')
                dv = c - 'a' + 10;
            else if (hex && c >= 'A' && c <= 'F')
                dv = c - 'A' + 10;
            else
                break;
            v = v * (hex ? 16 : 10) + (uint32_t)dv;
            if (v > 0x10FFFF) {
                overflow = 1;
                v = 0x110000; /* stays out of range, never wraps */
            }
        }
        if (q == d)
            return 0;
        if (q < e && *q == ';')
            q++;
        *cp = numeric_cp(v, overflow);
        return (size_t)(q - p);
    }

    while (q + n < e && n < ENTITY_MAX_NAME && is_alnum((unsigned char)q[n]))
        n++;
    if (n == 0)
        return 0;
    memcpy(name, q, n);
    name[n] = '\0';
    if (q + n < e && q[n] == ';') {
        const struct entity *ent = entity_find(name);
        if (ent) {
            *cp = ent->cp;
            return n + 2;
        }
    }
    /* No ';' (or an unknown name): the longest legacy prefix. */
    for (size_t k = n < 6 ? n : 6; k >= 2; k--) {
        const struct entity *ent;
        name[k] = '\0';
        ent = entity_find(name);
        if (!ent || !ent->legacy)
            continue;
        if (in_attr && q + k < e &&
            (q[k] == '=' || is_alnum((unsigned char)q[k])))
            return 0;
        *cp = ent->cp;
        return k + 1;
    }
    return 0;
}

/*
 * The next character of text at *pp (before e): a character reference
 * decoded when refs is set, CR LF and CR read as LF, invalid UTF-8 read
 * as U+FFFD one byte at a time.
 */
static uint32_t next_char(const char **pp, const char *e, int refs,
                          int in_attr)
{
    const char *p = *pp;
    unsigned char c = (unsigned char)*p;
    uint32_t cp;
    int n;

    if (c == '&' && refs) {
        size_t m = entity_decode(p, e, in_attr, &cp);
        if (m) {
            *pp = p + m;
            return cp;
        }
    }
    if (c == '\r') {
        *pp = p + ((p + 1 < e && p[1] == '\n') ? 2 : 1);
        return '\n';
    }
    if (c < 0x80) {
        *pp = p + 1;
        return c;
    }
    n = hw_utf8_decode(p, (size_t)(e - p), &cp);
    *pp = p + (n > 0 ? n : 1);
    return cp;
}

/*
 * Filter a character for output: 0 to drop it (C0 and C1 controls other
 * than tab and newline, U+FFFE, U+FFFF: not allowed in HTML text nor in
 * XML 1.0), else 1 with form feed and vertical tab turned into spaces.
 */
static int keep_char(uint32_t *cp)
{
    uint32_t c = *cp;
    if (c == '\t' || c == '\n')
        return 1;
    if (c == '\f' || c == '\v') {
        *cp = ' ';
        return 1;
    }
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0xFFFE || c == 0xFFFF)
        return 0;
    return 1;
}

static void add_cp(struct hw_buf *b, uint32_t cp)
{
    char u[4];
    int n = hw_utf8_encode(cp, u);
    hw_buf_add(b, u, (size_t)n);
}

/* An ASCII byte that may be copied to escaped output as it is. */
static int plain_byte(unsigned char c, int in_attr)
{
    if (c < 0x20)
        return c == '\t' || c == '\n';
    return c < 0x7F && c != '&' && c != '<' && c != '>' &&
           !(in_attr && c == '"');
}

/*
 * Append text p[0..n) escaped for HTML (&amp; &lt; &gt;, and &quot; in
 * attribute values), references decoded first when refs is set.
 */
static void add_escaped(struct hw_buf *b, const char *p, size_t n, int refs,
                        int in_attr)
{
    const char *e = p + n;
    while (p < e) {
        const char *q = p;
        uint32_t cp;
        while (q < e && plain_byte((unsigned char)*q, in_attr))
            q++;
        if (q > p) {
            hw_buf_add(b, p, (size_t)(q - p));
            p = q;
            continue;
        }
        cp = next_char(&p, e, refs, in_attr);
        if (!keep_char(&cp))
            continue;
        switch (cp) {
        case '&': hw_buf_adds(b, "&amp;"); break;
        case '<': hw_buf_adds(b, "&lt;"); break;
        case '>': hw_buf_adds(b, "&gt;"); break;
        case '"':
            if (in_attr)
                hw_buf_adds(b, "&quot;");
            else
                hw_buf_addc(b, '"');
            break;
        default: add_cp(b, cp); break;
        }
    }
}

/* Append p[0..n) decoded and filtered, unescaped (for URL checks). */
static void add_decoded(struct hw_buf *b, const char *p, size_t n)
{
    const char *e = p + n;
    while (p < e) {
        uint32_t cp = next_char(&p, e, 1, 1);
        if (keep_char(&cp))
            add_cp(b, cp);
    }
}

/* ---- the tokenizer ---------------------------------------------------- */

enum tok_type { TOK_EOF, TOK_TEXT, TOK_START, TOK_END, TOK_SKIP };

struct attr {
    const char *name, *val;
    size_t nlen, vlen;
};

struct token {
    enum tok_type type;
    const char *p; /* text, or the tag name */
    size_t len;
    int id;        /* element index, -1 if unknown */
    int selfclose;
    size_t nattrs;
    struct attr attrs[HTML_MAX_ATTRS];
};

struct lexer {
    const char *p, *e;
    int raw;      /* element whose end tag ends raw text, or -1 */
    int in_cdata; /* a "<![CDATA[" was seen; its "]]>" is dropped */
};

static int starts_with(const char *p, const char *e, const char *s)
{
    size_t n = strlen(s);
    return (size_t)(e - p) >= n && memcmp(p, s, n) == 0;
}

/* First occurrence of the string s in [p, e), or NULL. */
static const char *find(const char *p, const char *e, const char *s)
{
    size_t n = strlen(s);
    while ((size_t)(e - p) >= n) {
        const char *q = memchr(p, s[0], (size_t)(e - p) - n + 1);
        if (!q)
            return NULL;
        if (memcmp(q, s, n) == 0)
            return q;
        p = q + 1;
    }
    return NULL;
}

/*
 * Raw text up to "</name" followed by white space, '/' or '>' (any case).
 * Leaves the lexer at that end tag, or at the end of input.
 */
static void lex_raw(struct lexer *lx, struct token *t)
{
    const char *name = elems[lx->raw].name;
    size_t n = strlen(name);
    const char *p = lx->p;

    t->type = TOK_SKIP;
    t->p = p;
    if (elem_is(lx->raw, "plaintext")) {
        lx->p = lx->e;
        lx->raw = -1;
        return;
    }
    while ((p = memchr(p, '<', (size_t)(lx->e - p))) != NULL) {
        const char *q = p + 2;
        size_t i;
        if ((size_t)(lx->e - p) < n + 2 || p[1] != '/') {
            p++;
            continue;
        }
        for (i = 0; i < n; i++)
            if (lower((unsigned char)q[i]) != (unsigned char)name[i])
                break;
        if (i == n && (q + n == lx->e || is_html_space((unsigned char)q[n]) ||
                       q[n] == '/' || q[n] == '>'))
            break;
        p++;
    }
    lx->p = p ? p : lx->e;
    lx->raw = -1;
}

/*
 * A start or end tag from lx->p (just past "<" or "</").  The name runs
 * to white space, '/' or '>'; attributes follow HTML5's attribute states.
 * A tag cut off by the end of input is dropped with it (HTML5 "EOF in
 * tag"): the token is then TOK_EOF.
 */
static void lex_tag(struct lexer *lx, struct token *t, enum tok_type type)
{
    const char *p = lx->p, *e = lx->e, *s;

    t->type = type;
    t->selfclose = 0;
    t->nattrs = 0;
    s = p;
    while (p < e && !is_html_space((unsigned char)*p) && *p != '/' &&
           *p != '>')
        p++;
    t->p = s;
    t->len = (size_t)(p - s);
    t->id = elem_id(s, t->len);
    for (;;) {
        struct attr a;
        while (p < e && is_html_space((unsigned char)*p))
            p++;
        if (p >= e)
            goto eof;
        if (*p == '>') {
            p++;
            break;
        }
        if (*p == '/') {
            p++;
            if (p < e && *p == '>') {
                t->selfclose = 1;
                p++;
                break;
            }
            continue;
        }
        a.name = p++; /* a first '=' belongs to the name */
        while (p < e && !is_html_space((unsigned char)*p) && *p != '/' &&
               *p != '>' && *p != '=')
            p++;
        a.nlen = (size_t)(p - a.name);
        a.val = NULL;
        a.vlen = 0;
        while (p < e && is_html_space((unsigned char)*p))
            p++;
        if (p < e && *p == '=') {
            p++;
            while (p < e && is_html_space((unsigned char)*p))
                p++;
            if (p >= e)
                goto eof;
            if (*p == '"' || *p == '\'') {
                const char *q = memchr(p + 1, *p, (size_t)(e - p - 1));
                if (!q)
                    goto eof;
                a.val = p + 1;
                a.vlen = (size_t)(q - p - 1);
                p = q + 1;
            } else {
                a.val = p;
                while (p < e && !is_html_space((unsigned char)*p) &&
                       *p != '>')
                    p++;
                a.vlen = (size_t)(p - a.val);
            }
        }
        if (t->nattrs < HTML_MAX_ATTRS)
            t->attrs[t->nattrs++] = a;
    }
    lx->p = p;
    return;
eof:
    t->type = TOK_EOF;
    lx->p = e;
}

/* Skip to just past the next '>' (bogus comments), or to the end. */
static void skip_past_gt(struct lexer *lx)
{
    const char *q = memchr(lx->p, '>', (size_t)(lx->e - lx->p));
    lx->p = q ? q + 1 : lx->e;
}

/* The next token. */
static void lex_next(struct lexer *lx, struct token *t)
{
    const char *p = lx->p, *e = lx->e;

    t->id = -1;
    if (p >= e) {
        t->type = TOK_EOF;
        return;
    }
    if (lx->raw >= 0) {
        lex_raw(lx, t);
        return;
    }
    if (*p == '<' && p + 1 < e) {
        unsigned char c = (unsigned char)p[1];
        t->type = TOK_SKIP;
        if (c == '!') {
            if (starts_with(p, e, "<!--")) {
                const char *q = p + 4;
                if (starts_with(q, e, ">")) {
                    lx->p = q + 1; /* "<!-->" */
                } else if (starts_with(q, e, "->")) {
                    lx->p = q + 2; /* "<!--->" */
                } else {
                    const char *a = find(q, e, "-->");
                    const char *b = find(q, a ? a : e, "--!>");
                    lx->p = b ? b + 4 : a ? a + 3 : e;
                }
            } else if (starts_with(p, e, "<![CDATA[")) {
                /* Content is read as markup; the delimiters vanish. */
                lx->p = p + 9;
                lx->in_cdata = 1;
            } else {
                lx->p = p + 2;
                skip_past_gt(lx);
            }
            return;
        }
        if (c == '?') {
            lx->p = p + 2;
            skip_past_gt(lx);
            return;
        }
        if (c == '/') {
            if (p + 2 < e && is_alpha((unsigned char)p[2])) {
                lx->p = p + 2;
                lex_tag(lx, t, TOK_END);
            } else if (p + 2 < e && p[2] == '>') {
                lx->p = p + 3; /* "</>" */
            } else if (p + 2 >= e) {
                t->type = TOK_TEXT; /* "</" at the end is text */
                t->p = p;
                t->len = 2;
                lx->p = e;
            } else {
                lx->p = p + 2;
                skip_past_gt(lx);
            }
            return;
        }
        if (is_alpha(c)) {
            lx->p = p + 1;
            lex_tag(lx, t, TOK_START);
            if (t->type == TOK_START && (elem_flags(t->id) & EL_RAW))
                lx->raw = t->id;
            return;
        }
    }
    if (lx->in_cdata && starts_with(p, e, "]]>")) {
        lx->in_cdata = 0;
        lx->p = p + 3;
        t->type = TOK_SKIP;
        return;
    }
    /* Text: to the next '<' (not this one), or "]]>" inside CDATA. */
    {
        const char *q = memchr(p + 1, '<', (size_t)(e - p - 1));
        if (!q)
            q = e;
        if (lx->in_cdata) {
            const char *z = find(p + 1, q, "]]>");
            if (z)
                q = z;
        }
        t->type = TOK_TEXT;
        t->p = p;
        t->len = (size_t)(q - p);
        lx->p = q;
    }
}

/* ---- URLs ------------------------------------------------------------- */

enum url_use { URL_LINK, URL_IMAGE };

/* The lower-cased scheme of an (already clean) URL, "" if relative. */
static void url_scheme(const char *u, size_t n, char *out, size_t cap)
{
    size_t i;
    out[0] = '\0';
    if (n == 0 || !is_alpha((unsigned char)u[0]))
        return;
    for (i = 1; i < n; i++) {
        unsigned char c = (unsigned char)u[i];
        if (!(is_alnum(c) || c == '+' || c == '-' || c == '.'))
            break;
    }
    if (i == n || u[i] != ':' || i >= cap)
        return;
    for (size_t j = 0; j < i; j++)
        out[j] = (char)lower((unsigned char)u[j]);
    out[i] = '\0';
}

/* data:image/(png|gif|jpeg|webp) followed by ';' or ','. */
static int data_image_ok(const char *u, size_t n)
{
    static const char *const types[] = {"png", "gif", "jpeg", "webp"};
    char head[32];
    size_t k = n < sizeof head - 1 ? n : sizeof head - 1;

    for (size_t i = 0; i < k; i++)
        head[i] = (char)lower((unsigned char)u[i]);
    head[k] = '\0';
    if (strncmp(head, "data:image/", 11) != 0)
        return 0;
    for (size_t i = 0; i < 4; i++) {
        size_t tl = strlen(types[i]);
        if (strncmp(head + 11, types[i], tl) == 0 &&
            (head[11 + tl] == ';' || head[11 + tl] == ','))
            return 1;
    }
    return 0;
}

/* 1 if an absolute or relative URL may be written. */
static int url_allowed(const char *u, size_t n, enum url_use use)
{
    char scheme[16];
    url_scheme(u, n, scheme, sizeof scheme);
    if (scheme[0] == '\0') {
        /* relative -- unless a scheme is hidden ("javascript :x" is not
         * one, but a ':' before any '/', '?' or '#' is odd enough) */
        for (size_t i = 0; i < n; i++) {
            if (u[i] == '/' || u[i] == '?' || u[i] == '#')
                return 1;
            if (u[i] == ':')
                return 0;
        }
        return 1;
    }
    if (!strcmp(scheme, "http") || !strcmp(scheme, "https") ||
        !strcmp(scheme, "mailto"))
        return 1;
    return use == URL_IMAGE && !strcmp(scheme, "data") && data_image_ok(u, n);
}

/*
 * Check the decoded URL in tmp and append its safe form to out: tab and
 * newlines removed anywhere (as browsers do), spaces trimmed; then
 * checked, resolved against base when relative, and checked again.
 * Returns 1 if appended, 0 if the URL must go (out is then unchanged).
 */
static int url_clean_decoded(struct hw_buf *tmp, const char *base,
                             enum url_use use, struct hw_buf *out)
{
    size_t i, j, start, end, mark = out->len;
    char scheme[16];

    for (i = j = 0; i < tmp->len; i++)
        if (tmp->p[i] != '\t' && tmp->p[i] != '\n')
            tmp->p[j++] = tmp->p[i];
    for (start = 0; start < j && tmp->p[start] == ' '; start++)
        ;
    for (end = j; end > start && tmp->p[end - 1] == ' '; end--)
        ;
    memmove(tmp->p, tmp->p + start, end - start);
    hw_buf_truncate(tmp, end - start);
    if (tmp->err || !url_allowed(tmp->p, tmp->len, use))
        return 0;
    url_scheme(tmp->p, tmp->len, scheme, sizeof scheme);
    if (scheme[0] == '\0' && base && *base) {
        if (feed_url_resolve(base, tmp->p, out) < 0 ||
            !url_allowed(out->p + mark, out->len - mark, use) ||
            !hw_utf8_valid(out->p + mark, out->len - mark)) {
            hw_buf_truncate(out, mark);
            return 0;
        }
        return 1;
    }
    hw_buf_add(out, tmp->p, tmp->len);
    return 1;
}

/*
 * The URL in the attribute value v[0..n) as written: references decoded
 * and control characters dropped into tmp, then url_clean_decoded().
 */
static int url_clean(const char *v, size_t n, const char *base,
                     enum url_use use, struct hw_buf *tmp, struct hw_buf *out)
{
    hw_buf_reset(tmp);
    add_decoded(tmp, v, n);
    return url_clean_decoded(tmp, base, use, out);
}

/* ---- the sanitiser ---------------------------------------------------- */

struct san {
    struct hw_buf *out;
    const char *base;
    struct hw_buf tmp, url; /* scratch for URL cleaning */
    int stack[HTML_MAX_DEPTH];
    int depth;
    int drop;       /* element being dropped with its content, or -1 */
    int drop_depth; /* nesting of that element inside itself */
};

static void san_close_top(struct san *s)
{
    int id = s->stack[--s->depth];
    hw_buf_adds(s->out, "</");
    hw_buf_adds(s->out, elems[id].name);
    hw_buf_addc(s->out, '>');
}

/* Close elements down to and including stack[i]. */
static void san_close_to(struct san *s, int i)
{
    while (s->depth > i)
        san_close_top(s);
}

/*
 * The index of the innermost open element named name, looking no further
 * out than the first element with one of the boundary flags; -1 if none.
 */
static int san_find(const struct san *s, const char *name, unsigned boundary)
{
    int id = elem_id(name, strlen(name));
    for (int i = s->depth - 1; i >= 0; i--) {
        if (s->stack[i] == id)
            return i;
        if (elems[s->stack[i]].flags & boundary)
            return -1;
    }
    return -1;
}

/* Close the innermost open name (within boundary), if there is one. */
static void san_close_open(struct san *s, const char *name, unsigned boundary)
{
    int i = san_find(s, name, boundary);
    if (i >= 0)
        san_close_to(s, i);
}

static int is_heading(int id)
{
    const char *n = elems[id].name;
    return n[0] == 'h' && n[1] >= '1' && n[1] <= '6' && n[2] == '\0';
}

/*
 * The end tags a start tag implies (WHATWG HTML 13.2.6.4.7, "in body",
 * reduced to what keeps a reader's structure): blocks close an open <p>
 * (not across a table cell), <li> closes <li> of the same list, <dt>/<dd>
 * close each other, rows and cells and table sections close their open
 * siblings, <a> closes an open <a>, a heading closes a heading.
 */
static void san_implied_ends(struct san *s, int id)
{
    const char *name = elems[id].name;
    const unsigned cell = EL_B_CELL | EL_B_TABLE;

    if (elems[id].flags & EL_CLOSEP)
        san_close_open(s, "p", cell);
    if (!strcmp(name, "li")) {
        san_close_open(s, "li", cell | EL_B_LIST);
    } else if (!strcmp(name, "dt") || !strcmp(name, "dd")) {
        san_close_open(s, "dt", cell | EL_B_DL);
        san_close_open(s, "dd", cell | EL_B_DL);
    } else if (!strcmp(name, "tr")) {
        san_close_open(s, "tr", EL_B_TABLE);
    } else if (!strcmp(name, "td") || !strcmp(name, "th")) {
        san_close_open(s, "td", EL_B_TR | EL_B_TABLE);
        san_close_open(s, "th", EL_B_TR | EL_B_TABLE);
    } else if (!strcmp(name, "thead") || !strcmp(name, "tbody") ||
               !strcmp(name, "tfoot")) {
        san_close_open(s, "thead", EL_B_TABLE);
        san_close_open(s, "tbody", EL_B_TABLE);
        san_close_open(s, "tfoot", EL_B_TABLE);
    } else if (!strcmp(name, "a")) {
        san_close_open(s, "a", 0);
    } else if (is_heading(id) && s->depth > 0 &&
               is_heading(s->stack[s->depth - 1])) {
        san_close_top(s);
    }
}

/*
 * A srcset ("a.jpg 1x, b.jpg 2x") with every candidate's URL cleaned as
 * an image URL, appended unescaped to list; 0 if no candidate is left.
 * Candidates are split as HTML5's srcset parser does: a URL is a run of
 * non-space (trailing commas end it), descriptors run to the next comma.
 * Descriptors other than digits, letters, '.' and spaces are dropped.
 */
static int san_srcset(struct san *s, const char *v, size_t n,
                      struct hw_buf *list)
{
    struct hw_buf dec;
    const char *p, *e;
    int kept = 0;

    hw_buf_init(&dec, HW_BUF_NOLIMIT);
    add_decoded(&dec, v, n);
    p = dec.p;
    e = p + dec.len;
    while (p < e) {
        const char *u, *ue, *d, *de;
        size_t before = list->len;

        while (p < e && (is_html_space((unsigned char)*p) || *p == ','))
            p++;
        if (p >= e)
            break;
        u = p;
        while (p < e && !is_html_space((unsigned char)*p))
            p++;
        ue = d = de = p;
        if (ue[-1] == ',') {
            while (ue > u && ue[-1] == ',')
                ue--;
        } else {
            while (p < e && *p != ',')
                p++;
            de = p;
            while (d < de && is_html_space((unsigned char)*d))
                d++;
            while (de > d && is_html_space((unsigned char)de[-1]))
                de--;
        }
        if (kept)
            hw_buf_adds(list, ", ");
        hw_buf_reset(&s->tmp);
        hw_buf_add(&s->tmp, u, (size_t)(ue - u));
        if (!url_clean_decoded(&s->tmp, s->base, URL_IMAGE, list)) {
            hw_buf_truncate(list, before);
            continue;
        }
        if (de > d) {
            int good = 1;
            for (const char *x = d; x < de; x++)
                if (!is_alnum((unsigned char)*x) && *x != '.' && *x != ' ')
                    good = 0;
            if (good) {
                hw_buf_addc(list, ' ');
                hw_buf_add(list, d, (size_t)(de - d));
            }
        }
        kept = 1;
    }
    hw_buf_release(&dec);
    return kept;
}

/* Write the allowed attributes of a start tag. */
static void san_attrs(struct san *s, const struct token *t)
{
    unsigned seen = 0;
    int is_img = elem_is(t->id, "img") || elem_is(t->id, "source");

    for (size_t k = 0; k < t->nattrs; k++) {
        const struct attr *a = &t->attrs[k];
        int ai = attr_id(a->name, a->nlen), ok = 1;

        if (ai < 0 || (seen & (1u << ai)))
            continue;
        seen |= 1u << ai; /* the first of duplicates wins, as in HTML */
        hw_buf_reset(&s->url);
        switch (attrs_allowed[ai].kind) {
        case AT_PLAIN:
            break;
        case AT_URL:
            ok = a->val &&
                 url_clean(a->val, a->vlen, s->base,
                           is_img && !strcmp(attrs_allowed[ai].name, "src")
                               ? URL_IMAGE
                               : URL_LINK,
                           &s->tmp, &s->url);
            break;
        case AT_SRCSET:
            ok = a->val && san_srcset(s, a->val, a->vlen, &s->url);
            break;
        }
        if (!ok)
            continue;
        hw_buf_addc(s->out, ' ');
        hw_buf_adds(s->out, attrs_allowed[ai].name);
        hw_buf_adds(s->out, "=\"");
        if (attrs_allowed[ai].kind == AT_PLAIN)
            add_escaped(s->out, a->val ? a->val : "", a->vlen, 1, 1);
        else
            add_escaped(s->out, s->url.p, s->url.len, 0, 1);
        hw_buf_addc(s->out, '"');
    }
    if (elem_is(t->id, "a"))
        hw_buf_adds(s->out, " rel=\"nofollow noopener\"");
}

static void san_start(struct san *s, const struct token *t)
{
    unsigned f = elem_flags(t->id);

    if (s->drop >= 0) {
        if (t->id == s->drop && !(f & EL_VOID) && !t->selfclose)
            s->drop_depth++;
        return;
    }
    if (t->id < 0)
        return; /* unknown: unwrapped, its content stays */
    if (f & EL_DROP) {
        if (f & EL_VOID)
            return;
        if (t->selfclose && (elem_is(t->id, "svg") || elem_is(t->id, "math")))
            return; /* foreign elements honour "/>" */
        s->drop = t->id;
        s->drop_depth = 1;
        return;
    }
    if (!(f & EL_ALLOW)) {
        if (f & EL_CLOSEP)
            san_implied_ends(s, t->id);
        return;
    }
    san_implied_ends(s, t->id);
    if (!(f & EL_VOID) && s->depth >= HTML_MAX_DEPTH)
        return; /* too deep: unwrapped */
    hw_buf_addc(s->out, '<');
    hw_buf_adds(s->out, elems[t->id].name);
    san_attrs(s, t);
    hw_buf_addc(s->out, '>');
    if (!(f & EL_VOID))
        s->stack[s->depth++] = t->id;
}

static void san_end(struct san *s, const struct token *t)
{
    unsigned f = elem_flags(t->id);
    int i;

    if (s->drop >= 0) {
        if (t->id == s->drop && --s->drop_depth == 0)
            s->drop = -1;
        return;
    }
    if (elem_is(t->id, "br")) {
        hw_buf_adds(s->out, "<br>"); /* "</br>" is read as <br> */
        return;
    }
    if (!(f & EL_ALLOW) || (f & EL_VOID))
        return;
    i = san_find(s, elems[t->id].name, 0);
    if (i >= 0)
        san_close_to(s, i);
}

/* 1 if [p, e) holds '<' or '&', i.e. needs the tokenizer. */
static int has_markup(const char *p, size_t n)
{
    return memchr(p, '<', n) != NULL || memchr(p, '&', n) != NULL;
}

int feed_html_sanitize(const char *html, size_t len, const char *base,
                       struct hw_buf *out)
{
    struct san s;
    struct lexer lx;
    struct token t;

    if (!out || (!html && len))
        return HW_EINVAL;
    if (len > FEED_MAX_INPUT)
        return HW_ETOOBIG;
    if (len == 0)
        return out->err;
    if (!has_markup(html, len)) {
        add_escaped(out, html, len, 0, 0);
        return out->err;
    }

    s.out = out;
    s.base = base;
    s.depth = 0;
    s.drop = -1;
    s.drop_depth = 0;
    hw_buf_init(&s.tmp, HW_BUF_NOLIMIT);
    hw_buf_init(&s.url, HW_BUF_NOLIMIT);
    lx.p = html;
    lx.e = html + len;
    lx.raw = -1;
    lx.in_cdata = 0;
    for (;;) {
        lex_next(&lx, &t);
        if (t.type == TOK_EOF)
            break;
        if (out->err)
            break;
        switch (t.type) {
        case TOK_TEXT:
            if (s.drop < 0)
                add_escaped(out, t.p, t.len, 1, 0);
            break;
        case TOK_START: san_start(&s, &t); break;
        case TOK_END: san_end(&s, &t); break;
        default: break;
        }
    }
    san_close_to(&s, 0);
    hw_buf_release(&s.tmp);
    hw_buf_release(&s.url);
    return out->err;
}

/* ---- the text extractor ----------------------------------------------- */

struct txt {
    struct hw_buf *out;
    int started;     /* something written */
    int pend_space;  /* white space seen since the last character */
    int pend_break;  /* a block boundary seen since the last character */
    int drop, drop_depth;
};

/* White space for collapsing: HTML's, NBSP and the Unicode spaces. */
static int is_text_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v' || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
           c == 0x202F || c == 0x205F || c == 0x3000;
}

/* Write what is pending before a visible character. */
static void txt_flush(struct txt *x)
{
    if (x->started) {
        if (x->pend_break)
            hw_buf_adds(x->out, "\n\n");
        else if (x->pend_space)
            hw_buf_addc(x->out, ' ');
    }
    x->pend_break = x->pend_space = 0;
    x->started = 1;
}

static void txt_text(struct txt *x, const char *p, size_t n, int refs)
{
    const char *e = p + n;
    while (p < e) {
        const char *q = p;
        uint32_t cp;
        /* a run of plain visible ASCII goes in one piece */
        while (q < e && (unsigned char)*q > 0x20 && (unsigned char)*q < 0x7F &&
               *q != '&')
            q++;
        if (q > p) {
            txt_flush(x);
            hw_buf_add(x->out, p, (size_t)(q - p));
            p = q;
            continue;
        }
        cp = next_char(&p, e, refs, 0);
        if (is_text_space(cp)) {
            x->pend_space = 1;
            continue;
        }
        if (!keep_char(&cp))
            continue;
        txt_flush(x);
        add_cp(x->out, cp);
    }
}

static void txt_tag(struct txt *x, const struct token *t, int start)
{
    unsigned f = elem_flags(t->id);

    if (x->drop >= 0) {
        if (t->id == x->drop) {
            if (start && !(f & EL_VOID) && !t->selfclose)
                x->drop_depth++;
            else if (!start && --x->drop_depth == 0)
                x->drop = -1;
        }
        return;
    }
    if (start && (f & EL_DROP) && !(f & EL_TEXTKEEP)) {
        if ((f & EL_VOID) || (t->selfclose && (elem_is(t->id, "svg") ||
                                               elem_is(t->id, "math"))))
            return;
        x->drop = t->id;
        x->drop_depth = 1;
        return;
    }
    if (f & EL_BLOCK)
        x->pend_break = 1;
    else if (f & EL_CELL)
        x->pend_space = 1;
}

int feed_html_text(const char *html, size_t len, struct hw_buf *out)
{
    struct txt x;
    struct lexer lx;
    struct token t;

    if (!out || (!html && len))
        return HW_EINVAL;
    if (len > FEED_MAX_INPUT)
        return HW_ETOOBIG;
    x.out = out;
    x.started = x.pend_space = x.pend_break = 0;
    x.drop = -1;
    x.drop_depth = 0;
    if (len == 0)
        return out->err;
    if (!has_markup(html, len)) {
        txt_text(&x, html, len, 0);
        return out->err;
    }
    lx.p = html;
    lx.e = html + len;
    lx.raw = -1;
    lx.in_cdata = 0;
    for (;;) {
        lex_next(&lx, &t);
        if (t.type == TOK_EOF || out->err)
            break;
        switch (t.type) {
        case TOK_TEXT:
            if (x.drop < 0)
                txt_text(&x, t.p, t.len, 1);
            break;
        case TOK_START: txt_tag(&x, &t, 1); break;
        case TOK_END: txt_tag(&x, &t, 0); break;
        default: break;
        }
    }
    return out->err;
}
