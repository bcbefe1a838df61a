/*
 * token.c - the tokenizer and sentence splitter for news English (see
 * token.h for the rules).
 *
 * The tokenizer is one forward scan over the bytes.  ASCII goes through a
 * 128-entry class table; other code points are decoded and classified by
 * utf8proc's general category (letters and marks continue a word, Nd is a
 * digit, Z* is space, P* punctuation, the rest symbols).  At each token
 * start the scanner tries, in order: a URL, an e-mail address, a hashtag
 * or handle, a clitic ("'s", "n't"), a number, a word, a punctuation run,
 * and otherwise takes one code point as a symbol.  Nothing is allocated
 * but the token array itself.
 *
 * The splitter then walks the tokens once (see nlp_sentences()).
 */
#include <string.h>

#include <utf8proc.h>

#include "nlp/token.h"
#include "util/hw.h"

/* ---- character classes ------------------------------------------------ */

enum {
    C_SP = 1,   /* white space (and zero-width format characters) */
    C_UP,       /* upper-case letter */
    C_LO,       /* other letter, combining mark */
    C_DIG,      /* decimal digit */
    C_APOS,     /* ' and U+2019, U+02BC */
    C_HYPH,     /* - and U+2010, U+2011 */
    C_DASH,     /* U+2013, U+2014, U+2015 */
    C_QUOTE,    /* " and curly or angle quotes */
    C_ELLIP,    /* U+2026 */
    C_PUNCT,    /* other punctuation */
    C_SYM       /* everything else, invalid bytes */
};

#define SP C_SP
#define UP C_UP
#define LO C_LO
#define DG C_DIG
#define AP C_APOS
#define HY C_HYPH
#define QU C_QUOTE
#define PU C_PUNCT
#define SY C_SYM
/* Classes of ASCII; control characters count as space. */
static const unsigned char ascii_cls[128] = {
    SP, SP, SP, SP, SP, SP, SP, SP,
    SP, SP, SP, SP, SP, SP, SP, SP,
    SP, SP, SP, SP, SP, SP, SP, SP,
    SP, SP, SP, SP, SP, SP, SP, SP,
    SP, PU, QU, PU, SY, PU, PU, AP,
    PU, PU, PU, SY, PU, HY, PU, PU,
    DG, DG, DG, DG, DG, DG, DG, DG,
    DG, DG, PU, PU, SY, SY, SY, PU,
    PU, UP, UP, UP, UP, UP, UP, UP,
    UP, UP, UP, UP, UP, UP, UP, UP,
    UP, UP, UP, UP, UP, UP, UP, UP,
    UP, UP, UP, PU, PU, PU, SY, PU,
    SY, LO, LO, LO, LO, LO, LO, LO,
    LO, LO, LO, LO, LO, LO, LO, LO,
    LO, LO, LO, LO, LO, LO, LO, LO,
    LO, LO, LO, PU, SY, PU, SY, SP,
};
#undef SP
#undef UP
#undef LO
#undef DG
#undef AP
#undef HY
#undef QU
#undef PU
#undef SY

static int uni_cls(uint32_t cp)
{
    switch (cp) {
    case 0x2019: case 0x02BC:
        return C_APOS;
    case 0x2010: case 0x2011:
        return C_HYPH;
    case 0x2013: case 0x2014: case 0x2015:
        return C_DASH;
    case 0x201C: case 0x201D: case 0x201E: case 0x2018: case 0x201A:
    case 0x00AB: case 0x00BB: case 0x2039: case 0x203A:
        return C_QUOTE;
    case 0x2026:
        return C_ELLIP;
    case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF:
    case 0x00AD:
        return C_SP;
    default:
        break;
    }
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT:
        return C_UP;
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return C_LO;
    case UTF8PROC_CATEGORY_ND:
        return C_DIG;
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC:
        return C_SP;
    case UTF8PROC_CATEGORY_PC:
    case UTF8PROC_CATEGORY_PD:
    case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI:
    case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
        return C_PUNCT;
    default:
        return C_SYM;
    }
}

/* The class of the code point at s[i] (i < n); *len gets its length. */
static inline int cls_at(const char *s, size_t n, size_t i, size_t *len)
{
    unsigned char c = (unsigned char)s[i];
    uint32_t cp;
    int l;

    if (c < 0x80) {
        *len = 1;
        return ascii_cls[c];
    }
    l = hw_utf8_decode(s + i, n - i, &cp);
    if (l == 0) {
        *len = 1;
        return C_SYM;
    }
    *len = (size_t)l;
    return uni_cls(cp);
}

/* Class at i, or 0 past the end. */
static inline int cls_peek(const char *s, size_t n, size_t i)
{
    size_t l;

    return i < n ? cls_at(s, n, i, &l) : 0;
}

static inline int is_wordc(int k)
{
    return k == C_UP || k == C_LO || k == C_DIG;
}

static inline int is_letter(int k)
{
    return k == C_UP || k == C_LO;
}

static inline int lower_ascii(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* s[0..n) equals the lowercase ASCII word w, ignoring case. */
static int ieq(const char *s, size_t n, const char *w)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (!w[i] || lower_ascii((unsigned char)s[i]) != w[i])
            return 0;
    return w[n] == '\0';
}

/* ---- abbreviations ---------------------------------------------------- */

/* Sorted, lowercase, without the period. */
static const char *const abbrevs[] = {
    "adm", "ala", "approx", "apr", "ariz", "ark", "assn", "aug", "ave",
    "bhd", "blvd", "brig", "bros", "calif", "capt", "cdr", "cmdr", "co", "col",
    "colo", "conn", "corp", "cpl", "dec", "del", "dept", "dr", "esq", "est",
    "etc", "feb", "fig", "fla", "fri", "ft", "ga", "gen", "gov", "hon",
    "ill", "inc", "ind", "jan", "jr", "jul", "jun", "kan", "ky", "la",
    "lt", "ltd", "maj", "mar", "mass", "md", "messrs", "mich", "minn",
    "miss", "mo", "mon", "mont", "mr", "mrs", "ms", "mt", "neb", "nev",
    "no", "nos", "nov", "oct", "okla", "ore", "pa", "plc", "pres", "prof",
    "pty", "rep", "reps", "rev", "sat", "sen", "sens", "sep", "sept", "sgt",
    "sr", "st", "sun", "supt", "tenn", "tex", "thu", "thur", "thurs", "tue",
    "tues", "va", "vs", "vt", "wash", "wed", "wis", "wyo"};

/* Abbreviations that often end a sentence too. */
static const char *const mayend[] = {"bros", "co",  "corp", "etc", "inc",
                                     "jr",   "ltd", "plc",  "pty", "sr"};

static int in_list(const char *const *list, size_t count, const char *s,
                   size_t n)
{
    char w[16];
    size_t lo = 0, hi = count, i;

    if (n == 0 || n >= sizeof w)
        return 0;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80)
            return 0;
        w[i] = (char)lower_ascii(c);
    }
    w[n] = '\0';
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int r = strcmp(w, list[mid]);
        if (r == 0)
            return 1;
        if (r < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return 0;
}

int nlp_is_abbrev(const char *s, size_t n)
{
    size_t i;
    int letters = 0;

    if (n < 2 || s[n - 1] != '.')
        return 0;
    /* letter-dot patterns: "U.S.", "e.g.", "a.m.", "W." */
    for (i = 0; i + 1 < n; i += 2) {
        unsigned char c = (unsigned char)s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) ||
            s[i + 1] != '.')
            break;
        letters++;
    }
    if (i == n)
        return 1;
    (void)letters;
    return in_list(abbrevs, sizeof abbrevs / sizeof *abbrevs, s, n - 1);
}

const char *nlp_tok_kind_name(enum nlp_tok_kind k)
{
    static const char *const names[] = {"word", "num",   "punct",  "sym",
                                        "url",  "email", "hashtag", "handle"};

    return (unsigned)k < sizeof names / sizeof *names ? names[k] : "?";
}

/* ---- token array ------------------------------------------------------ */

void nlp_tokens_init(struct nlp_tokens *ts, size_t max)
{
    ts->t = NULL;
    ts->n = ts->cap = 0;
    ts->max = max;
}

void nlp_tokens_release(struct nlp_tokens *ts)
{
    hw_free(ts->t);
    nlp_tokens_init(ts, ts->max);
}

static int push(struct nlp_tokens *ts, size_t start, size_t end, int kind,
                int flags)
{
    struct nlp_token *t;

    if (ts->n >= ts->max)
        return HW_ELIMIT;
    if (ts->n == ts->cap) {
        size_t c = ts->cap ? ts->cap * 2 : 256;
        if (c > ts->max)
            c = ts->max;
        ts->t = hw_realloc(ts->t, c * sizeof *ts->t);
        ts->cap = c;
    }
    t = &ts->t[ts->n++];
    t->start = start;
    t->end = end;
    t->kind = (uint8_t)kind;
    t->flags = (uint8_t)flags;
    return 0;
}

/* ---- scanners --------------------------------------------------------- */

/* Each returns the end of what it recognises at i, or i for nothing. */

static int is_url_char(unsigned char c)
{
    if (c >= 0x80)
        return 0;
    if (c <= ' ' || c == '"' || c == '<' || c == '>' || c == '\\' ||
        c == '^' || c == '`' || c == '{' || c == '|' || c == '}' || c == 127)
        return 0;
    return 1;
}

static int has_prefix_ci(const char *s, size_t n, size_t i, const char *p)
{
    size_t k;

    for (k = 0; p[k]; k++)
        if (i + k >= n || lower_ascii((unsigned char)s[i + k]) != p[k])
            return 0;
    return 1;
}

static size_t scan_url(const char *s, size_t n, size_t i)
{
    size_t j = i, opens = 0, closes = 0;

    if (has_prefix_ci(s, n, i, "http://"))
        j = i + 7;
    else if (has_prefix_ci(s, n, i, "https://"))
        j = i + 8;
    else if (has_prefix_ci(s, n, i, "ftp://"))
        j = i + 6;
    else if (has_prefix_ci(s, n, i, "www.") && i + 4 < n &&
             is_wordc(cls_peek(s, n, i + 4)))
        j = i + 4;
    else
        return i;
    if (j >= n || !is_url_char((unsigned char)s[j]))
        return i;
    while (j < n && is_url_char((unsigned char)s[j])) {
        if (s[j] == '(')
            opens++;
        else if (s[j] == ')')
            closes++;
        j++;
    }
    /* Trailing punctuation belongs to the sentence, not the URL. */
    while (j > i) {
        char c = s[j - 1];
        if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' ||
            c == '?' || c == '\'' || c == ']') {
            j--;
        } else if (c == ')' && closes > opens) {
            closes--;
            j--;
        } else {
            break;
        }
    }
    return j;
}

static int is_email_local(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '%' ||
           c == '+' || c == '-';
}

static int is_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

static size_t scan_email(const char *s, size_t n, size_t i)
{
    size_t j = i, at, lastdot = 0, end;

    if (!is_alnum((unsigned char)s[i]))
        return i;
    while (j < n && j - i < 256 && is_email_local((unsigned char)s[j]))
        j++;
    if (j >= n || s[j] != '@' || j == i)
        return i;
    at = j++;
    while (j < n && j - at < 256 &&
           (is_alnum((unsigned char)s[j]) || s[j] == '-' || s[j] == '.')) {
        if (s[j] == '.')
            lastdot = j;
        j++;
    }
    end = j;
    while (end > at && s[end - 1] == '.')
        end--;
    if (lastdot == 0 || lastdot <= at + 1 || lastdot + 2 >= end + 1)
        return i;
    /* the top-level domain: two letters or more */
    {
        size_t k = lastdot + 1;
        if (end - k < 2)
            return i;
        for (; k < end; k++)
            if (!((s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'z'))
                return i;
    }
    return end;
}

/* "#tag", "@handle": the sigil, then word characters and '_'. */
static size_t scan_tag(const char *s, size_t n, size_t i, int handle)
{
    size_t j = i + 1, l;
    int k, letters = 0;

    while (j < n) {
        if (s[j] == '_') {
            j++;
            continue;
        }
        k = cls_at(s, n, j, &l);
        if (!is_wordc(k) || (handle && l > 1))
            break;
        letters += is_letter(k);
        j += l;
    }
    if (j == i + 1 || (!handle && !letters))
        return i;
    return j;
}

/* A clitic at i ("'s", "'S", "'re", "'ve", "'ll", "'d", "'m"), ended by a
 * non-word character; returns its end or i. */
static size_t scan_clitic(const char *s, size_t n, size_t i)
{
    size_t l, j, m;

    if (cls_at(s, n, i, &l) != C_APOS)
        return i;
    j = i + l;
    for (m = j; m < n && m - j < 3 && is_alnum((unsigned char)s[m]); m++)
        ;
    if (m < n && is_wordc(cls_peek(s, n, m)))
        return i;
    if (ieq(s + j, m - j, "s") || ieq(s + j, m - j, "re") ||
        ieq(s + j, m - j, "ve") || ieq(s + j, m - j, "ll") ||
        ieq(s + j, m - j, "d") || ieq(s + j, m - j, "m"))
        return m;
    return i;
}

/* "n't" at i, ended by a non-word character. */
static size_t scan_nt(const char *s, size_t n, size_t i)
{
    size_t l, j;

    if (i + 2 >= n || (s[i] | 0x20) != 'n')
        return i;
    if (cls_at(s, n, i + 1, &l) != C_APOS)
        return i;
    j = i + 1 + l;
    if (j >= n || (s[j] | 0x20) != 't')
        return i;
    j++;
    if (j < n && is_wordc(cls_peek(s, n, j)))
        return i;
    return j;
}

/* Word characters from i on. */
static size_t scan_alnum(const char *s, size_t n, size_t i)
{
    size_t l;

    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (!is_alnum(c))
                break;
            i++;
            continue;
        }
        if (!is_wordc(cls_at(s, n, i, &l)))
            break;
        i += l;
    }
    return i;
}

/* A number: digits, then separators [.,:/-] each followed by a digit (or
 * "-" by a word: "20-year-old"), letters attached ("1990s", "3rd"). */
static size_t scan_number(const char *s, size_t n, size_t i)
{
    size_t j = scan_alnum(s, n, i), l;

    while (j + 1 < n) {
        char c = s[j];
        int k;
        if (c == '.' || c == ',' || c == ':' || c == '/') {
            if (!(s[j + 1] >= '0' && s[j + 1] <= '9'))
                break;
        } else if (cls_at(s, n, j, &l) == C_HYPH) {
            if (j + l >= n)
                break;
            k = cls_peek(s, n, j + l);
            if (!is_wordc(k))
                break;
            j += l;
            j = scan_alnum(s, n, j);
            continue;
        } else {
            break;
        }
        j = scan_alnum(s, n, j + 1);
    }
    return j;
}

/* "example.com" style: ".com" etc. after a word, then a non-letter. */
static size_t scan_domain_tail(const char *s, size_t n, size_t j)
{
    static const char *const tlds[] = {"com", "org", "net", "gov", "edu",
                                       "io"};
    size_t t, m;

    if (j + 2 >= n || s[j] != '.')
        return j;
    for (m = j + 1; m < n && s[m] >= 'a' && s[m] <= 'z'; m++)
        ;
    if (m < n && is_wordc(cls_peek(s, n, m)))
        return j;
    for (t = 0; t < sizeof tlds / sizeof *tlds; t++)
        if (m - j - 1 == strlen(tlds[t]) &&
            memcmp(s + j + 1, tlds[t], m - j - 1) == 0)
            return m;
    return j;
}

/*
 * A word at i (a letter there).  Letters, marks and digits, joined by
 * hyphens ("Jong-un"), inner apostrophes that are not clitics
 * ("O'Brien"), '&' between capitals ("S&P"), a currency '$' after a short
 * capital prefix ("US$"), and a final period for initials, dotted
 * acronyms and known abbreviations.
 */
static size_t scan_word(const char *s, size_t n, size_t i)
{
    size_t j = i, l, w0 = i;

    for (;;) {
        j = scan_alnum(s, n, j);
        if (j >= n)
            break;
        int k = cls_at(s, n, j, &l);
        if (k == C_HYPH && j + l < n && is_wordc(cls_peek(s, n, j + l))) {
            j += l;
            continue;
        }
        if (k == C_APOS && j + l < n && is_letter(cls_peek(s, n, j + l))) {
            /* "don't": stop before the 'n' of "n't" */
            if (j - 1 > w0 && (s[j - 1] | 0x20) == 'n' &&
                scan_nt(s, n, j - 1) != j - 1)
                return j - 1;
            if (scan_clitic(s, n, j) != j)
                return j;
            j += l;
            continue;
        }
        if (s[j] == '&' && j + 1 < n && s[j - 1] >= 'A' && s[j - 1] <= 'Z' &&
            s[j + 1] >= 'A' && s[j + 1] <= 'Z') {
            j++;
            continue;
        }
        if (s[j] == '$' && j - w0 <= 3) {
            size_t m;
            for (m = w0; m < j && s[m] >= 'A' && s[m] <= 'Z'; m++)
                ;
            if (m == j)
                return j + 1;
        }
        if (s[j] == '.') {
            /* initials and dotted acronyms: single letters and periods */
            if (j - w0 == 1 && is_alnum((unsigned char)s[w0])) {
                size_t m = j + 1;
                while (m + 1 < n && is_alnum((unsigned char)s[m]) &&
                       !is_alnum((unsigned char)s[m + 1]) && s[m + 1] == '.')
                    m += 2;
                /* "U.S.-led" */
                if (m < n && cls_at(s, n, m, &l) == C_HYPH && m + l < n &&
                    is_letter(cls_peek(s, n, m + l))) {
                    j = m + l;
                    w0 = j;
                    continue;
                }
                return m;
            }
            if (in_list(abbrevs, sizeof abbrevs / sizeof *abbrevs, s + w0,
                        j - w0)) {
                /* "No." only before a number: "No. 1" */
                if (ieq(s + w0, j - w0, "no") &&
                    !(j + 2 < n && s[j + 1] == ' ' && s[j + 2] >= '0' &&
                      s[j + 2] <= '9'))
                    return j;
                return j + 1;
            }
            return scan_domain_tail(s, n, j);
        }
        break;
    }
    return j;
}

/* Punctuation runs: "--", "...", "?!"; else one code point. */
static size_t scan_punct(const char *s, size_t n, size_t i, size_t l)
{
    size_t j;
    char c = s[i];

    if (c == '-' || c == '.') {
        for (j = i; j < n && s[j] == c; j++)
            ;
        if (c == '.' && j - i == 2)
            return i + 1;
        return j;
    }
    if (c == '!' || c == '?') {
        for (j = i; j < n && (s[j] == '!' || s[j] == '?'); j++)
            ;
        return j;
    }
    return i + l;
}

/* ---- the tokenizer ---------------------------------------------------- */

int nlp_tokenize(const char *s, size_t n, struct nlp_tokens *ts)
{
    size_t i = 0, l, j, first = ts->n;
    int flags = 0, prev_word = 0, r = 0;

    while (i < n) {
        int k = cls_at(s, n, i, &l);
        int kind;

        if (k == C_SP) {
            int nl = 0;
            flags |= NLP_TOKF_SPACE;
            while (i < n) {
                k = cls_at(s, n, i, &l);
                if (k != C_SP)
                    break;
                if (s[i] == '\n')
                    nl++;
                i += l;
            }
            if (nl >= 1)
                flags |= NLP_TOKF_NEWLINE;
            if (nl >= 2)
                flags |= NLP_TOKF_PARA;
            prev_word = 0;
            continue;
        }
        kind = NLP_TOK_WORD;
        if (k == C_APOS && prev_word && (j = scan_clitic(s, n, i)) != i) {
            flags |= NLP_TOKF_CLITIC;
            goto emit;
        }
        if (is_wordc(k) || s[i] == '#' || s[i] == '@') {
            if ((s[i] | 0x20) == 'h' || (s[i] | 0x20) == 'w' ||
                (s[i] | 0x20) == 'f') {
                if ((j = scan_url(s, n, i)) != i) {
                    kind = NLP_TOK_URL;
                    goto emit;
                }
            }
            if (k == C_UP || k == C_LO || k == C_DIG) {
                if ((j = scan_email(s, n, i)) != i) {
                    kind = NLP_TOK_EMAIL;
                    goto emit;
                }
            }
            if (s[i] == '#' || s[i] == '@') {
                if (!prev_word &&
                    (j = scan_tag(s, n, i, s[i] == '@')) != i) {
                    kind = s[i] == '#' ? NLP_TOK_HASHTAG : NLP_TOK_HANDLE;
                    goto emit;
                }
                j = i + 1;
                kind = NLP_TOK_PUNCT;
                goto emit;
            }
            if (prev_word && (s[i] | 0x20) == 'n' &&
                (j = scan_nt(s, n, i)) != i) {
                flags |= NLP_TOKF_CLITIC;
                goto emit;
            }
            if (k == C_DIG) {
                j = scan_number(s, n, i);
                kind = NLP_TOK_NUM;
            } else {
                j = scan_word(s, n, i);
            }
            goto emit;
        }
        switch (k) {
        case C_APOS:
        case C_HYPH:
        case C_DASH:
        case C_QUOTE:
        case C_ELLIP:
        case C_PUNCT:
            j = scan_punct(s, n, i, l);
            kind = NLP_TOK_PUNCT;
            break;
        default:
            j = i + l;
            kind = NLP_TOK_SYM;
            break;
        }
    emit:
        if ((r = push(ts, i, j, kind, flags)) != 0)
            break;
        prev_word = kind == NLP_TOK_WORD || kind == NLP_TOK_NUM;
        flags = 0;
        i = j;
    }
    if (ts->n > first) {
        ts->t[first].flags |= NLP_TOKF_SENT;
        nlp_sentences(s, ts->t + first, ts->n - first);
    }
    return r;
}

/* ---- sentences -------------------------------------------------------- */

static int tok_is(const char *s, const struct nlp_token *t, const char *w)
{
    size_t n = t->end - t->start;

    return strlen(w) == n && memcmp(s + t->start, w, n) == 0;
}

static int is_terminal(const char *s, const struct nlp_token *t)
{
    char c;

    if (t->kind != NLP_TOK_PUNCT)
        return 0;
    c = s[t->start];
    if (c == '.' || c == '!' || c == '?')
        return 1;
    return tok_is(s, t, "\xE2\x80\xA6");
}

/* Closing quotes and brackets after a terminal stay with its sentence. */
static int is_closer(const char *s, const struct nlp_token *t)
{
    char c = s[t->start];

    if (t->kind != NLP_TOK_PUNCT || (t->flags & NLP_TOKF_SPACE))
        return 0;
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == '}' ||
           tok_is(s, t, "\xE2\x80\x9D") || tok_is(s, t, "\xE2\x80\x99") ||
           tok_is(s, t, "\xC2\xBB");
}

/* A token that may begin a sentence: capital, digit, opening quote. */
static int is_opener(const char *s, const struct nlp_token *t)
{
    size_t l;
    int k = cls_at(s, t->end, t->start, &l);

    if (k == C_UP || k == C_DIG)
        return 1;
    if (t->kind == NLP_TOK_PUNCT)
        return k == C_QUOTE || k == C_APOS || s[t->start] == '(' ||
               s[t->start] == '[' || k == C_DASH || s[t->start] == '-';
    return t->kind == NLP_TOK_HASHTAG || t->kind == NLP_TOK_HANDLE ||
           t->kind == NLP_TOK_URL;
}

/* Capitalised words that begin sentences far more often than names do. */
static int is_starter(const char *s, const struct nlp_token *t)
{
    static const char *const w[] = {
        "a",     "after", "also",  "an",    "and",   "as",    "at",
        "but",   "by",    "for",   "he",    "her",   "his",   "however",
        "i",     "if",    "in",    "it",    "its",   "meanwhile", "mr",
        "mrs",   "ms",    "on",    "one",   "she",   "since", "so",
        "that",  "the",   "their", "there", "these", "they",  "this",
        "those", "to",    "under", "we",    "when",  "while", "with",
        "yet"};
    size_t i, n = t->end - t->start;

    if (t->kind != NLP_TOK_WORD)
        return 0;
    for (i = 0; i < sizeof w / sizeof *w; i++)
        if (ieq(s + t->start, n, w[i]))
            return 1;
    return 0;
}

void nlp_sentences(const char *s, struct nlp_token *t, size_t n)
{
    size_t i, start = 0, line_start = 0;

    if (n == 0)
        return;
    t[0].flags |= NLP_TOKF_SENT;
    for (i = 1; i < n; i++) {
        const struct nlp_token *p = &t[i - 1];
        size_t pn = p->end - p->start;
        int brk = 0;

        if (t[i].flags & NLP_TOKF_PARA) {
            brk = 1;
        } else if (i - start >= NLP_SENT_MAX) {
            brk = 1;
        } else if (is_terminal(s, p)) {
            brk = is_opener(s, &t[i]) && !is_closer(s, &t[i]);
        } else if (is_closer(s, p)) {
            /* ... ." Next: look back over closers to a terminal */
            size_t k = i - 1;
            while (k > start && is_closer(s, &t[k]))
                k--;
            brk = k < i - 1 && is_terminal(s, &t[k]) &&
                  is_opener(s, &t[i]) && !is_closer(s, &t[i]);
        } else if (p->kind == NLP_TOK_WORD && pn > 1 &&
                   s[p->end - 1] == '.') {
            /* an abbreviation that kept its period */
            int acronym = pn >= 4 && s[p->start + 1] == '.';
            int ends = acronym ||
                       in_list(mayend, sizeof mayend / sizeof *mayend,
                               s + p->start, pn - 1);
            brk = ends && (is_starter(s, &t[i]) ||
                           (t[i].flags & NLP_TOKF_NEWLINE));
        }
        if (!brk && (t[i].flags & NLP_TOKF_NEWLINE)) {
            /* a short line without final punctuation: headline, dateline */
            size_t bytes = p->end - t[line_start].start;
            size_t l;
            int k = cls_at(s, t[i].end, t[i].start, &l);
            brk = line_start == start && bytes < 60 && i - line_start < 12 &&
                  (k == C_UP || k == C_DIG || k == C_QUOTE) &&
                  p->kind != NLP_TOK_PUNCT;
        }
        if (t[i].flags & NLP_TOKF_NEWLINE)
            line_start = i;
        if (brk) {
            t[i].flags |= NLP_TOKF_SENT;
            start = i;
            line_start = i;
        }
    }
}
