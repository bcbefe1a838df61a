/*
 * sentence.c - a sentence splitter for English news text, used to find
 * the lead (the first three sentences, DESIGN.md "Salience").
 *
 * A sentence ends at '.', '!', '?' or an ellipsis, after any closing
 * quotes and brackets, when white space and then a capital letter, a digit
 * or an opening quote follow, or the text ends; and at a blank line.  A
 * period is not an end after a title or abbreviation ("Mr.", "Gen.",
 * "Jan."), an initial ("George W. Bush") or a dotted acronym ("the U.S.
 * Army"), unless the next word is a capitalised function word ("... in
 * the U.S. The report ..."); periods inside numbers ("3.5") and names
 * ("example.com") are never followed by space, so never ends.
 */
#include <string.h>

#include "nlp/nlp_int.h"

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

static int is_upper(unsigned char c)
{
    return c >= 'A' && c <= 'Z';
}

static int is_alpha(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* Length of a closing quote or bracket at s (n bytes left), or 0. */
static size_t closer(const char *s, size_t n)
{
    unsigned char c = (unsigned char)s[0];

    if (c == '"' || c == '\'' || c == ')' || c == ']')
        return 1;
    if (n >= 3 && c == 0xE2 && (unsigned char)s[1] == 0x80 &&
        ((unsigned char)s[2] == 0x99 || (unsigned char)s[2] == 0x9D))
        return 3;
    if (n >= 2 && c == 0xC2 && (unsigned char)s[1] == 0xBB)
        return 2;
    return 0;
}

/* 1 if s (n bytes left) starts with an opening quote or bracket. */
static size_t opener(const char *s, size_t n)
{
    unsigned char c = (unsigned char)s[0];

    if (c == '"' || c == '\'' || c == '(' || c == '[')
        return 1;
    if (n >= 3 && c == 0xE2 && (unsigned char)s[1] == 0x80 &&
        ((unsigned char)s[2] == 0x98 || (unsigned char)s[2] == 0x9C))
        return 3;
    if (n >= 2 && c == 0xC2 && (unsigned char)s[1] == 0xAB)
        return 2;
    return 0;
}

/* 1 if s starts with a non-ASCII uppercase or titlecase letter. */
static int starts_upper_utf8(const char *s, size_t n)
{
    uint32_t cp;
    int l = hw_utf8_decode(s, n, &cp);

    return l > 0 && (nlp__cp_class(cp) & NLP_C_UPPER);
}

/* 1 if the word at s is a capitalised function word ("The", "But"). */
static int next_is_hard(const char *s, size_t n)
{
    size_t i = 0, k;

    i += i < n ? opener(s, n) : 0;
    if (i >= n || !is_upper((unsigned char)s[i]))
        return 0;
    for (k = i; k < n && is_alpha((unsigned char)s[k]); k++)
        ;
    return (nlp__lex(s + i, k - i) & NLP_L_HARD) != 0;
}

size_t nlp__sentence_end(const char *text, size_t len, size_t from)
{
    size_t i = from;

    while (i < len) {
        unsigned char c = (unsigned char)text[i];
        size_t j, k, ws;

        if (c == '\n') {
            /* a blank line ends a sentence */
            for (j = i + 1; j < len && (text[j] == ' ' || text[j] == '\t' ||
                                        text[j] == '\r');
                 j++)
                ;
            if (j < len && text[j] == '\n')
                return j + 1;
            i++;
            continue;
        }
        if (c == '.' || c == '!' || c == '?') {
            j = i + 1;
        } else if (c == 0xE2 && i + 2 < len &&
                   (unsigned char)text[i + 1] == 0x80 &&
                   (unsigned char)text[i + 2] == 0xA6) {
            j = i + 3; /* ellipsis */
        } else {
            i++;
            continue;
        }
        while (j < len && (text[j] == '.' || text[j] == '!' || text[j] == '?'))
            j++;
        while (j < len) {
            size_t l = closer(text + j, len - j);
            if (!l)
                break;
            j += l;
        }
        if (j >= len)
            return len;
        if (!is_space((unsigned char)text[j])) {
            i = j;
            continue;
        }
        for (k = j; k < len && is_space((unsigned char)text[k]); k++)
            ;
        if (k >= len)
            return len;
        if (!(is_upper((unsigned char)text[k]) ||
              (text[k] >= '0' && text[k] <= '9') ||
              opener(text + k, len - k) ||
              starts_upper_utf8(text + k, len - k))) {
            i = j;
            continue;
        }
        if (c == '.' && j == i + 1) {
            /* the word before the period */
            int dotted = 0;
            uint32_t lx;

            for (ws = i; ws > from && (is_alpha((unsigned char)text[ws - 1]) ||
                                       text[ws - 1] == '.');
                 ws--)
                if (text[ws - 1] == '.')
                    dotted = 1;
            lx = nlp__lex(text + ws, i - ws);
            if ((i - ws == 1 && is_upper((unsigned char)text[ws])) || dotted ||
                (lx & NLP_L_MAYEND)) {
                if (!next_is_hard(text + k, len - k)) {
                    i = j;
                    continue;
                }
            } else if ((lx & NLP_L_ABBREV) && i > ws &&
                       is_upper((unsigned char)text[ws])) {
                i = j;
                continue;
            }
        }
        return j;
    }
    return len;
}

size_t nlp__lead_end(const char *text, size_t len, int n)
{
    size_t pos = 0;
    int count = 0;

    if (n <= 0)
        return 0;
    while (pos < len) {
        size_t e = nlp__sentence_end(text, len, pos), i;
        int content = 0;

        for (i = pos; i < e && !content; i++) {
            unsigned char c = (unsigned char)text[i];
            content = is_alpha(c) || (c >= '0' && c <= '9') || c >= 0x80;
        }
        if (content && ++count == n)
            return e;
        pos = e > pos ? e : pos + 1;
    }
    return len;
}
