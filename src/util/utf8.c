/*
 * utf8.c - UTF-8 validation, decoding and encoding (RFC 3629).
 *
 * Bytes become text once, at the edge: hw_buf_add_utf8() copies input and
 * replaces every ill-formed sequence (overlong forms, surrogates, code
 * points above U+10FFFF, truncated sequences) by U+FFFD, one per maximal
 * ill-formed subpart, so no invalid byte is ever passed on.
 */
#include "util/hw.h"

int hw_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t c;
    int len, i;

    if (n == 0) {
        *cp = 0xFFFD;
        return 0;
    }
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    if (u[0] >= 0xC2 && u[0] <= 0xDF) {
        len = 2;
        c = u[0] & 0x1F;
    } else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
        len = 3;
        c = u[0] & 0x0F;
    } else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
        len = 4;
        c = u[0] & 0x07;
    } else {
        goto bad;
    }
    if ((size_t)len > n)
        goto bad;
    for (i = 1; i < len; i++) {
        if ((u[i] & 0xC0) != 0x80)
            goto bad;
        c = (c << 6) | (u[i] & 0x3F);
    }
    if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
        c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        goto bad;
    *cp = c;
    return len;
bad:
    *cp = 0xFFFD;
    return 0;
}

int hw_utf8_valid(const char *s, size_t n)
{
    size_t i = 0;
    uint32_t cp;

    while (i < n) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        int l = hw_utf8_decode(s + i, n - i, &cp);
        if (l == 0)
            return 0;
        i += (size_t)l;
    }
    return 1;
}

int hw_utf8_encode(uint32_t cp, char out[4])
{
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

int hw_buf_add_utf8(struct hw_buf *b, const char *s, size_t n)
{
    static const char repl[3] = {(char)0xEF, (char)0xBF, (char)0xBD};
    size_t i = 0, run = 0;
    uint32_t cp;

    while (i < n) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        int l = hw_utf8_decode(s + i, n - i, &cp);
        if (l > 0) {
            i += (size_t)l;
            continue;
        }
        /* flush the valid run, then one replacement; skip continuation
         * bytes of the same broken sequence */
        hw_buf_add(b, s + run, i - run);
        hw_buf_add(b, repl, 3);
        i++;
        while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        run = i;
    }
    return hw_buf_add(b, s + run, n - run);
}
