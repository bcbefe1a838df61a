/*
 * key.c - entity keys, display forms, tag keys and variant keys
 * (DESIGN.md "Hashtags").
 *
 * key      NFKD (compatibility decomposition), marks stripped, case folded,
 *          and only code points of the Unicode categories L* and N* kept:
 *          "Kim Jong-un", "KIM JONG UN" -> "kimjongun"; "Ségolène Royal"
 *          -> "segoleneroyal".  utf8proc does the decomposition one code
 *          point at a time, so invalid bytes are simply skipped and no
 *          intermediate string is built; ASCII never reaches utf8proc.
 * display  tokens split on white space and hyphens, a possessive 's / ’s
 *          dropped, every character that is not a letter, mark or digit
 *          dropped ("U.S." -> "US"); a token without capitals gets a
 *          capital first letter, others keep their case; then joined:
 *          "Kim Jong-un" -> "KimJongUn", "BBC", "iPhone", "Putin's" ->
 *          "Putin".
 * tag key  a tag as typed in a URL: leading '#' dropped, then the key
 *          ('_', '-' and spaces are not letters, so they vanish).
 * variant  see nlp_variant_key() below.
 */
#include <string.h>
#include <utf8proc.h>

#include "nlp/nlp_int.h"

const char *nlp_type_name(enum nlp_type t)
{
    switch (t) {
    case NLP_PER:
        return "PER";
    case NLP_ORG:
        return "ORG";
    case NLP_LOC:
        return "LOC";
    case NLP_MISC:
        return "MISC";
    default:
        return "UNK";
    }
}

uint32_t nlp__hash(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint32_t h = 2166136261u;
    size_t i;

    for (i = 0; i < n; i++) {
        h ^= s[i];
        h *= 16777619u;
    }
    return h;
}

/* 1 for the categories L* and N*. */
static int is_alnum_cat(utf8proc_category_t c)
{
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
           (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

/* 1 for L*, M* and N*: what a display form keeps. */
static int is_word_cat(utf8proc_category_t c)
{
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO;
}

unsigned nlp__cp_class(uint32_t cp)
{
    utf8proc_category_t c;

    if (cp < 0x80) {
        if (cp >= 'A' && cp <= 'Z')
            return NLP_C_WORD | NLP_C_UPPER;
        if (cp >= 'a' && cp <= 'z')
            return NLP_C_WORD | NLP_C_LOWER;
        if (cp >= '0' && cp <= '9')
            return NLP_C_WORD | NLP_C_DIGIT;
        if (cp == ' ' || (cp >= '\t' && cp <= '\r'))
            return NLP_C_SPACE;
        return 0;
    }
    if (cp > 0x10FFFF)
        return 0;
    c = utf8proc_category((utf8proc_int32_t)cp);
    switch (c) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT:
        return NLP_C_WORD | NLP_C_UPPER;
    case UTF8PROC_CATEGORY_LL:
        return NLP_C_WORD | NLP_C_LOWER;
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return NLP_C_WORD;
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return NLP_C_WORD | NLP_C_DIGIT;
    case UTF8PROC_CATEGORY_ZS:
        return NLP_C_SPACE;
    default:
        return 0;
    }
}

static void add_cp(struct hw_buf *out, uint32_t cp)
{
    char u[4];
    int n = hw_utf8_encode(cp, u);

    hw_buf_add(out, u, (size_t)n);
}

void nlp__key_append(const char *s, size_t n, struct hw_buf *out)
{
    const utf8proc_option_t opt = UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT |
                                  UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD;
    char tmp[128]; /* ASCII goes through here, in chunks */
    size_t i = 0, k = 0;

    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        utf8proc_int32_t d[32];
        utf8proc_ssize_t m, j;
        uint32_t cp;
        int l, bc = 0;

        if (c < 0x80) {
            if (c >= 'A' && c <= 'Z')
                tmp[k++] = (char)(c + ('a' - 'A'));
            else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
                tmp[k++] = (char)c;
            if (k == sizeof tmp) {
                hw_buf_add(out, tmp, k);
                k = 0;
            }
            i++;
            continue;
        }
        if (k) {
            hw_buf_add(out, tmp, k);
            k = 0;
        }
        l = hw_utf8_decode(s + i, n - i, &cp);
        if (l == 0) {
            i++; /* invalid byte: not a letter */
            continue;
        }
        i += (size_t)l;
        m = utf8proc_decompose_char((utf8proc_int32_t)cp, d, 32, opt, &bc);
        if (m < 0 || m > 32)
            continue;
        for (j = 0; j < m; j++)
            if (is_alnum_cat(utf8proc_category(d[j])))
                add_cp(out, (uint32_t)d[j]);
    }
    if (k)
        hw_buf_add(out, tmp, k);
}

int nlp_key(const char *s, size_t len, struct hw_buf *out)
{
    if (!s)
        return out->err;
    nlp__key_append(s, len, out);
    return out->err;
}

int nlp_tag_key(const char *tag, size_t len, struct hw_buf *out)
{
    size_t i = 0;

    if (!tag)
        return out->err;
    while (i < len && (tag[i] == '#' || tag[i] == ' ' || tag[i] == '\t'))
        i++;
    nlp__key_append(tag + i, len - i, out);
    return out->err;
}

/* ---- display --------------------------------------------------------- */

/* Token separators of the display form: white space and hyphens. */
static int is_display_sep(uint32_t cp)
{
    if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' ||
        cp == '\v' || cp == '-' || cp == 0x2010 || cp == 0x2011 ||
        cp == 0x2012 || cp == 0x2013)
        return 1;
    return cp >= 0x80 && utf8proc_category((utf8proc_int32_t)cp) ==
                             UTF8PROC_CATEGORY_ZS;
}

/* Decode one code point; invalid bytes come back as U+FFFD, length 1. */
static size_t next_cp(const char *s, size_t n, uint32_t *cp)
{
    int l;

    if ((unsigned char)s[0] < 0x80) {
        *cp = (unsigned char)s[0];
        return 1;
    }
    l = hw_utf8_decode(s, n, cp);
    if (l == 0) {
        *cp = 0xFFFD;
        return 1;
    }
    return (size_t)l;
}

/* Length of t[0..n) without a final possessive 's, ’s or lone '. */
static size_t strip_possessive(const char *t, size_t n)
{
    if (n >= 2 && (t[n - 1] == 's' || t[n - 1] == 'S') && t[n - 2] == '\'')
        return n - 2;
    if (n >= 4 && (t[n - 1] == 's' || t[n - 1] == 'S') &&
        memcmp(t + n - 4, "\xE2\x80\x99", 3) == 0)
        return n - 4;
    if (n >= 1 && t[n - 1] == '\'')
        return n - 1;
    if (n >= 3 && memcmp(t + n - 3, "\xE2\x80\x99", 3) == 0)
        return n - 3;
    return n;
}

/* Append the display form of one token t[0..n). */
static void display_token(const char *t, size_t n, struct hw_buf *out)
{
    size_t i, mark = out->len;
    int has_upper = 0, first = 1, first_lower = 0;

    n = strip_possessive(t, n);
    for (i = 0; i < n;) {
        uint32_t cp;
        size_t l = next_cp(t + i, n - i, &cp);
        utf8proc_category_t c;

        i += l;
        if (cp < 0x80) {
            if (cp >= 'A' && cp <= 'Z')
                has_upper = 1;
            if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
                (cp >= '0' && cp <= '9')) {
                if (first)
                    first_lower = cp >= 'a' && cp <= 'z';
                first = 0;
                hw_buf_addc(out, (char)cp);
            }
            continue;
        }
        if (cp == 0xFFFD)
            continue;
        c = utf8proc_category((utf8proc_int32_t)cp);
        if (!is_word_cat(c))
            continue;
        if (c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT)
            has_upper = 1;
        if (first)
            first_lower = c == UTF8PROC_CATEGORY_LL;
        first = 0;
        add_cp(out, cp);
    }
    if (has_upper || !first_lower || out->err)
        return;
    /* all lowercase: capitalise the first letter, in place */
    {
        uint32_t cp, up;
        size_t l = next_cp(out->p + mark, out->len - mark, &cp);
        char tail[4];
        int k;

        up = (uint32_t)utf8proc_toupper((utf8proc_int32_t)cp);
        if (up == cp)
            return;
        k = hw_utf8_encode(up, tail);
        if ((size_t)k == l) {
            memcpy(out->p + mark, tail, l);
        } else {
            /* the capital has another length: rebuild the token */
            size_t rest = out->len - mark - l;
            char *save = hw_strndup(out->p + mark + l, rest);
            hw_buf_truncate(out, mark);
            hw_buf_add(out, tail, (size_t)k);
            hw_buf_add(out, save, rest);
            hw_free(save);
        }
    }
}

int nlp_display(const char *s, size_t len, struct hw_buf *out)
{
    size_t i = 0, start = 0;

    if (!s)
        return out->err;
    while (i < len) {
        uint32_t cp;
        size_t l = next_cp(s + i, len - i, &cp);

        if (is_display_sep(cp)) {
            if (i > start)
                display_token(s + start, i - start, out);
            start = i + l;
        }
        i += l;
    }
    if (len > start)
        display_token(s + start, len - start, out);
    return out->err;
}

/* ---- variant keys ---------------------------------------------------- */

/*
 * The variant key: where transliterations of one name meet.  It is a fixed
 * string transform of a key, applied to its ASCII letters (other letters
 * and all digits pass through unchanged), in four steps:
 *
 *   1. runs of one letter collapse to one ("zelenskyy" -> "zelensky",
 *      "gaddafi" -> "gadafi", "mohammed" -> "mohamed"); digits never
 *      collapse, so "G7" and "G77" stay apart;
 *   2. letters that transliterations of Cyrillic and Arabic names swap:
 *      'y' -> 'i' ("Sergey"/"Sergei", "Dmitry"/"Dmitri", "Zelenskyy"/
 *      "Zelenskiy"), 'q' -> 'k' ("Qaddafi", "Iraq"/"Irak"); "ph" -> 'f';
 *      "ck" -> 'k'; "ks" before a vowel -> 'x' ("Aleksei"/"Alexei",
 *      "Aleksandr"/"Alexandr"; not at the end of a name, so "Marks" and
 *      "Marx" stay apart);
 *   3. step 1 again, for the runs step 2 made ("zelenskii");
 *   4. a short table of whole spellings that no letter rule can join
 *      safely: Muhammad/Mohammad/Muhammed -> "mohamed", Kadafi/Gadhafi/
 *      Kadhafi -> "gadafi", Alexander -> "alexandr".
 *
 * Vowels other than y are never touched and no consonant is dropped, so
 * names that differ in a real letter stay apart: Kim Jong Un, Kim Jong Il,
 * Kim Yo Jong and Kim Kardashian; Paris and Parish; Austria and Australia;
 * Iran and Iraq; Kerry and Kelly; Sudan and South Sudan; Georgia and
 * George; Bush and Busch (two surnames, "sch" is not folded).  What the
 * rule accepts as the same: names that differ only in y/i, doubled
 * letters, q/k, ph/f, ck/k or ks/x ("Bryan" and "Brian", "Philip" and
 * "Filip", "Dickson" and "Dixon").  Not joined on purpose: Kyiv and Kiev,
 * Volodymyr and Wolodymyr (v/w would join "Vest" and "West").
 */
static const struct {
    const char *from, *to;
} variant_table[] = {
    {"muhamad", "mohamed"}, {"muhamed", "mohamed"}, {"mohamad", "mohamed"},
    {"kadafi", "gadafi"},   {"kadhafi", "gadafi"},  {"gadhafi", "gadafi"},
    {"alexander", "alexandr"},
};

static int is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' ||
           c == 'y';
}

static int is_lower_ascii(char c)
{
    return c >= 'a' && c <= 'z';
}

/* Step 1 and 3: collapse runs of one ASCII letter, in place. */
static size_t collapse(char *p, size_t n)
{
    size_t i, k = 0;

    for (i = 0; i < n; i++) {
        if (k > 0 && is_lower_ascii(p[i]) && p[k - 1] == p[i])
            continue;
        p[k++] = p[i];
    }
    return k;
}

/* Step 2, in place (the output is never longer than the input). */
static size_t letters(char *p, size_t n)
{
    size_t i, k = 0;

    for (i = 0; i < n; i++) {
        char c = p[i], nx = i + 1 < n ? p[i + 1] : '\0';

        if (c == 'y') {
            c = 'i';
        } else if (c == 'q') {
            c = 'k';
        } else if (c == 'p' && nx == 'h') {
            c = 'f';
            i++;
        } else if (c == 'c' && nx == 'k') {
            c = 'k';
            i++;
        } else if (c == 's' && k > 0 && p[k - 1] == 'k' && is_vowel(nx)) {
            p[k - 1] = 'x';
            continue;
        }
        p[k++] = c;
    }
    return k;
}

int nlp_variant_key(const char *key, size_t len, struct hw_buf *out)
{
    struct hw_buf t;
    size_t i, n;

    if (!key)
        return out->err;
    /* normalise the input to a key first: lowercase ASCII letters and
     * digits, valid UTF-8 letters; anything else is dropped */
    hw_buf_init(&t, len + 16);
    nlp__key_append(key, len, &t);
    if (t.err) {
        hw_buf_release(&t);
        return out->err ? out->err : HW_ETOOBIG;
    }
    n = collapse(t.p, t.len);
    n = letters(t.p, n);
    n = collapse(t.p, n);
    for (i = 0; i < n;) {
        size_t j, best = 0, which = 0;

        for (j = 0; j < sizeof variant_table / sizeof variant_table[0];
             j++) {
            size_t fl = strlen(variant_table[j].from);
            if (fl > best && fl <= n - i &&
                memcmp(t.p + i, variant_table[j].from, fl) == 0) {
                best = fl;
                which = j;
            }
        }
        if (best) {
            hw_buf_adds(out, variant_table[which].to);
            i += best;
        } else {
            hw_buf_addc(out, t.p[i]);
            i++;
        }
    }
    hw_buf_release(&t);
    return out->err;
}
