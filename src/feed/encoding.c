/*
 * encoding.c - turn the bytes of a feed into UTF-8 before any parser sees
 * them, so that every later stage handles one encoding only.
 *
 * Which encoding, in order (the WHATWG "encoding sniffing" order, adapted
 * to XML, see also XML 1.0 appendix F):
 *   1. a byte-order mark: UTF-8, UTF-16LE/BE, UTF-32LE/BE;
 *   2. UTF-16 without a mark, seen from the zero bytes around the first
 *      ASCII character ('<' 0 is little endian, 0 '<' big endian);
 *   3. the caller's charset (from the HTTP Content-Type), which overrides
 *   4. the encoding in the XML declaration;
 *   5. UTF-8.
 * A declared or given 8-bit charset is not believed when the bytes are
 * valid UTF-8 with at least one multi-byte sequence: real text in an 8-bit
 * charset is practically never valid UTF-8, mislabelled UTF-8 is common.
 * Nor is a declared ISO-8859-1 or windows-1252 when the bytes are UTF-8
 * but for a few stray bytes (at least four valid multi-byte sequences for
 * each byte that is not UTF-8, as in a UTF-8 feed pasted into a Latin-1
 * template): the stray bytes are read as windows-1252, the rest as UTF-8,
 * and the document is bozo.  A label iconv does not know on bytes that
 * are valid UTF-8 is read as UTF-8, and the document is bozo.
 * ISO-8859-1 and US-ASCII are read as windows-1252, as browsers do: bytes
 * 0x80-0x9F are curly quotes and dashes in practice, not C1 controls.
 *
 * The output is valid UTF-8 without the characters XML 1.0 forbids (C0
 * controls other than tab, newline and return; U+FFFE, U+FFFF): invalid
 * sequences become U+FFFD, forbidden controls a space.  Valid clean UTF-8
 * input is not copied.  Other charsets go through iconv(3).
 *
 * The XML declaration is left in place; the XML parser is told to ignore
 * its encoding (XML_PARSE_IGNORE_ENC).
 */
#include "feed/feed_int.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>

/* windows-1252 0x80-0x9F; the five holes map to the C1 code points. */
static const uint16_t cp1252_hi[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

enum enc { ENC_UTF8, ENC_CP1252, ENC_UTF16LE, ENC_UTF16BE, ENC_UTF32LE,
           ENC_UTF32BE, ENC_ICONV, ENC_UTF8_CP1252 };

/* 1 for a code point XML 1.0 does not allow in a document. */
static int xml_forbidden(uint32_t cp)
{
    if (cp < 0x20)
        return cp != 0x09 && cp != 0x0A && cp != 0x0D;
    return cp == 0xFFFE || cp == 0xFFFF;
}

/* Append one code point, with the XML-forbidden ones replaced. */
static void put_cp(struct hw_buf *b, uint32_t cp)
{
    char u[4];
    if (cp < 0x20 && xml_forbidden(cp))
        cp = ' ';
    else if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ||
             xml_forbidden(cp))
        cp = 0xFFFD;
    if (cp < 0x80) {
        hw_buf_addc(b, (char)cp);
        return;
    }
    hw_buf_add(b, u, (size_t)hw_utf8_encode(cp, u));
}

/*
 * Scan UTF-8: returns 1 if s is valid and clean (no forbidden code point).
 * *multi counts valid multi-byte sequences, *bad invalid bytes.
 */
static int utf8_scan(const char *s, size_t n, size_t *multi, size_t *bad)
{
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *end = p + n;
    int clean = 1;
    *multi = *bad = 0;
    while (p < end) {
        unsigned char c = *p;
        /* eight bytes at a time while they are all printable ASCII */
        while (end - p >= 8) {
            uint64_t w;
            memcpy(&w, p, 8);
            if ((w & 0x8080808080808080u) ||
                ((w - 0x2020202020202020u) & ~w & 0x8080808080808080u))
                break;
            p += 8;
        }
        if (p >= end)
            break;
        c = *p;
        if (c >= 0x20 && c < 0x80) {
            p++;
            continue;
        }
        if (c < 0x80) {
            if (xml_forbidden(c))
                clean = 0;
            p++;
            continue;
        }
        uint32_t cp;
        int k = hw_utf8_decode((const char *)p, (size_t)(end - p), &cp);
        if (k <= 0) {
            clean = 0;
            (*bad)++;
            p++;
            continue;
        }
        if (xml_forbidden(cp))
            clean = 0;
        (*multi)++;
        p += k;
    }
    return clean;
}

static int utf8_clean(const char *s, size_t n, int *multi)
{
    size_t m, bad;
    int clean = utf8_scan(s, n, &m, &bad);
    *multi = m > 0;
    return clean;
}

/* Copy UTF-8 with invalid sequences replaced; returns replacements. */
static size_t utf8_repair(const char *s, size_t n, struct hw_buf *b)
{
    size_t bad = 0, i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            size_t j = i;
            while (j < n && (unsigned char)s[j] >= 0x20 &&
                   (unsigned char)s[j] < 0x80)
                j++;
            if (j > i) {
                hw_buf_add(b, s + i, j - i);
                i = j;
                continue;
            }
            if (xml_forbidden(c))
                bad++;
            put_cp(b, c);
            i++;
            continue;
        }
        uint32_t cp;
        int k = hw_utf8_decode(s + i, n - i, &cp);
        if (k <= 0) {
            bad++;
            put_cp(b, 0xFFFD);
            i++;
            continue;
        }
        put_cp(b, cp);
        i += (size_t)k;
    }
    return bad;
}

static void cp1252_decode(const char *s, size_t n, struct hw_buf *b)
{
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && (unsigned char)s[j] >= 0x20 &&
               (unsigned char)s[j] < 0x80)
            j++;
        if (j > i) {
            hw_buf_add(b, s + i, j - i);
            i = j;
            continue;
        }
        unsigned char c = (unsigned char)s[i++];
        if (c >= 0x80 && c < 0xA0)
            put_cp(b, cp1252_hi[c - 0x80]);
        else
            put_cp(b, c);
    }
}

/*
 * UTF-8 with stray bytes: valid sequences as UTF-8, every other byte as
 * windows-1252.  Returns the number of stray bytes.
 */
static size_t utf8_cp1252_decode(const char *s, size_t n, struct hw_buf *b)
{
    size_t stray = 0, i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        uint32_t cp;
        int k;
        if (c < 0x80) {
            put_cp(b, c);
            i++;
            continue;
        }
        k = hw_utf8_decode(s + i, n - i, &cp);
        if (k > 0) {
            put_cp(b, cp);
            i += (size_t)k;
            continue;
        }
        stray++;
        put_cp(b, c < 0xA0 ? cp1252_hi[c - 0x80] : c);
        i++;
    }
    return stray;
}

/* UTF-16 (be = 1 for big endian); lone surrogates become U+FFFD. */
static size_t utf16_decode(const char *s, size_t n, int be, struct hw_buf *b)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t bad = 0, i = 0;
    while (i + 1 < n) {
        uint32_t u = be ? (uint32_t)(p[i] << 8 | p[i + 1])
                        : (uint32_t)(p[i + 1] << 8 | p[i]);
        i += 2;
        if (u >= 0xD800 && u <= 0xDBFF && i + 1 < n) {
            uint32_t v = be ? (uint32_t)(p[i] << 8 | p[i + 1])
                            : (uint32_t)(p[i + 1] << 8 | p[i]);
            if (v >= 0xDC00 && v <= 0xDFFF) {
                i += 2;
                put_cp(b, 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00));
                continue;
            }
        }
        if (u >= 0xD800 && u <= 0xDFFF)
            bad++;
        put_cp(b, u);
    }
    if (i < n)
        bad++;
    return bad;
}

static size_t utf32_decode(const char *s, size_t n, int be, struct hw_buf *b)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t bad = 0, i;
    for (i = 0; i + 3 < n; i += 4) {
        uint32_t u = be ? ((uint32_t)p[i] << 24 | (uint32_t)p[i + 1] << 16 |
                           (uint32_t)p[i + 2] << 8 | p[i + 3])
                        : ((uint32_t)p[i + 3] << 24 | (uint32_t)p[i + 2] << 16 |
                           (uint32_t)p[i + 1] << 8 | p[i]);
        if (u > 0x10FFFF || (u >= 0xD800 && u <= 0xDFFF))
            bad++;
        put_cp(b, u);
    }
    return bad;
}

/* Convert with iconv; returns replacements or (size_t)-1 if unsupported. */
static size_t iconv_decode(const char *name, const char *s, size_t n,
                           struct hw_buf *b)
{
    iconv_t cd = iconv_open("UTF-8", name);
    if (cd == (iconv_t)-1)
        return (size_t)-1;
    size_t bad = 0;
    char tmp[8192];
    char *in = (char *)(uintptr_t)s; /* iconv's prototype is not const */
    size_t inleft = n;
    while (inleft > 0 && b->err == 0) {
        char *out = tmp;
        size_t outleft = sizeof tmp;
        size_t r = iconv(cd, &in, &inleft, &out, &outleft);
        int e = errno;
        /* Re-check what iconv produced: it is ours to guarantee. */
        utf8_repair(tmp, (size_t)(out - tmp), b);
        if (r != (size_t)-1)
            break;
        if (e == E2BIG)
            continue;
        /* EILSEQ or EINVAL (truncated): one byte becomes U+FFFD. */
        bad++;
        put_cp(b, 0xFFFD);
        in++;
        inleft--;
    }
    iconv_close(cd);
    return bad;
}

/* 1 if iconv can convert from the encoding called name. */
static int iconv_knows(const char *name)
{
    iconv_t cd = iconv_open("UTF-8", name);
    if (cd == (iconv_t)-1)
        return 0;
    iconv_close(cd);
    return 1;
}

/* Lower-case copy of an encoding label, '_' as '-'; "" if too long. */
static void label_norm(const char *s, size_t n, char out[32])
{
    size_t i;
    if (n >= 32) {
        out[0] = '\0';
        return;
    }
    for (i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c == '_')
            c = '-';
        out[i] = c;
    }
    out[n] = '\0';
}

/* Map a label to an encoding; ENC_ICONV for the rest. */
static enum enc label_enc(const char *l)
{
    static const char *const utf8[] = {"utf-8", "utf8", "unicode-1-1-utf-8",
                                       NULL};
    static const char *const w1252[] = {
        "iso-8859-1", "iso8859-1", "iso-88591", "latin1", "latin-1", "l1",
        "windows-1252", "cp1252", "x-cp1252", "us-ascii", "ascii",
        "iso-ir-100", "ibm819", "cp819", "csisolatin1", "ansi-x3.4-1968",
        NULL};
    size_t i;
    for (i = 0; utf8[i]; i++)
        if (strcmp(l, utf8[i]) == 0)
            return ENC_UTF8;
    for (i = 0; w1252[i]; i++)
        if (strcmp(l, w1252[i]) == 0)
            return ENC_CP1252;
    if (strncmp(l, "utf-16", 6) == 0 || strncmp(l, "utf16", 5) == 0 ||
        strcmp(l, "ucs-2") == 0 || strncmp(l, "utf-32", 6) == 0)
        return ENC_UTF16LE; /* a 16/32-bit label on 8-bit bytes */
    return ENC_ICONV;
}

/*
 * The encoding named in an XML declaration at the start of s, copied to
 * out (normalised); "" when there is none.
 */
static void xml_decl_encoding(const char *s, size_t n, char out[32])
{
    size_t i = 0, lim;
    out[0] = '\0';
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' ||
                     s[i] == '\n'))
        i++;
    if (n - i < 6 || memcmp(s + i, "<?xml", 5) != 0)
        return;
    lim = i + 256 < n ? i + 256 : n;
    for (i += 5; i + 8 < lim; i++) {
        if (s[i] == '?' && s[i + 1] == '>')
            return;
        if (memcmp(s + i, "encoding", 8) != 0)
            continue;
        i += 8;
        while (i < lim && (s[i] == ' ' || s[i] == '='))
            i++;
        if (i >= lim || (s[i] != '"' && s[i] != '\''))
            return;
        char q = s[i++];
        size_t j = i;
        while (j < lim && s[j] != q)
            j++;
        if (j < lim)
            label_norm(s + i, j - i, out);
        return;
    }
}

int feed_text_decode(const char *data, size_t len, const char *charset,
                     struct feed_text *t)
{
    const unsigned char *u = (const unsigned char *)data;
    enum enc enc = ENC_UTF8;
    size_t skip = 0, bad = 0;
    char label[32] = "";
    int multi = 0;

    memset(t, 0, sizeof *t);
    /* 1. byte-order marks */
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        skip = 3;
    } else if (len >= 4 && u[0] == 0xFF && u[1] == 0xFE && u[2] == 0 &&
               u[3] == 0) {
        enc = ENC_UTF32LE, skip = 4;
    } else if (len >= 4 && u[0] == 0 && u[1] == 0 && u[2] == 0xFE &&
               u[3] == 0xFF) {
        enc = ENC_UTF32BE, skip = 4;
    } else if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
        enc = ENC_UTF16LE, skip = 2;
    } else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
        enc = ENC_UTF16BE, skip = 2;
    } else if (len >= 4 && u[0] != 0 && u[0] < 0x80 && u[1] == 0 &&
               u[2] != 0 && u[3] == 0) {
        /* 2. UTF-16 without a mark */
        enc = ENC_UTF16LE;
    } else if (len >= 4 && u[0] == 0 && u[1] != 0 && u[1] < 0x80 &&
               u[2] == 0 && u[3] != 0) {
        enc = ENC_UTF16BE;
    } else {
        size_t nmulti, nbad;
        /* 3., 4. the caller's charset, else the declaration */
        if (charset && *charset)
            label_norm(charset, strlen(charset), label);
        else
            xml_decl_encoding(data, len, label);
        if (label[0]) {
            enc = label_enc(label);
            if (enc == ENC_UTF16LE) /* ASCII-compatible bytes: not UTF-16 */
                enc = ENC_UTF8;
        }
        if (!label[0] && !utf8_scan(data, len, &nmulti, &nbad) &&
            nbad > 0 && nbad >= nmulti) {
            /* Undeclared and not UTF-8 at all: the usual culprit. */
            enc = ENC_CP1252;
            snprintf(t->bozo_note, sizeof t->bozo_note,
                     "no encoding declared and not UTF-8; read as "
                     "windows-1252");
        }
        if (enc != ENC_UTF8 && label[0]) {
            int clean = utf8_scan(data, len, &nmulti, &nbad);
            if (clean && enc == ENC_ICONV && !iconv_knows(label))
                snprintf(t->bozo_note, sizeof t->bozo_note,
                         "unknown encoding \"%s\", read as UTF-8", label);
            if (clean)
                enc = ENC_UTF8; /* mislabelled UTF-8, or pure ASCII */
            else if (enc == ENC_CP1252 && nmulti > 0 && nmulti / 4 >= nbad)
                enc = ENC_UTF8_CP1252; /* UTF-8 with stray bytes */
        }
    }

    const char *s = data + skip;
    size_t n = len - skip;
    struct hw_buf b;
    static const char *const names[] = {"utf-8", "windows-1252", "utf-16le",
                                        "utf-16be", "utf-32le", "utf-32be",
                                        "", "utf-8"};

    if (enc == ENC_UTF8) {
        memcpy(t->charset, "utf-8", 6);
        if (utf8_clean(s, n, &multi)) {
            t->p = s;
            t->len = n;
            return 0;
        }
    } else if (enc == ENC_ICONV) {
        memcpy(t->charset, label, sizeof label);
    } else {
        size_t k = strlen(names[enc]);
        memcpy(t->charset, names[enc], k + 1);
    }

    /* The longest growth is 1 byte to 3 (8-bit to the BMP); the cap is
     * there for the rule, the input cap already bounds it. */
    hw_buf_init(&b, 3 * (size_t)FEED_MAX_INPUT + 16);
    switch (enc) {
    case ENC_UTF8:
        bad = utf8_repair(s, n, &b);
        break;
    case ENC_CP1252:
        cp1252_decode(s, n, &b);
        break;
    case ENC_UTF8_CP1252:
        bad = utf8_cp1252_decode(s, n, &b);
        if (bad)
            snprintf(t->bozo_note, sizeof t->bozo_note,
                     "declared %s but written in UTF-8; %zu stray byte%s "
                     "read as windows-1252", label, bad, bad == 1 ? "" : "s");
        bad = 0;
        break;
    case ENC_UTF16LE:
    case ENC_UTF16BE:
        bad = utf16_decode(s, n, enc == ENC_UTF16BE, &b);
        break;
    case ENC_UTF32LE:
    case ENC_UTF32BE:
        bad = utf32_decode(s, n, enc == ENC_UTF32BE, &b);
        break;
    case ENC_ICONV:
        bad = iconv_decode(label, s, n, &b);
        if (bad == (size_t)-1) {
            hw_buf_reset(&b);
            bad = utf8_repair(s, n, &b);
            snprintf(t->bozo_note, sizeof t->bozo_note,
                     "unknown encoding \"%s\", read as UTF-8", label);
            memcpy(t->charset, "utf-8", 6);
            bad = 0;
        }
        break;
    }
    if (b.err) {
        int err = b.err;
        hw_buf_release(&b);
        return err;
    }
    if (bad)
        snprintf(t->bozo_note, sizeof t->bozo_note,
                 "%zu invalid byte%s or control character%s in %s replaced", bad,
                 bad == 1 ? "" : "s", bad == 1 ? "" : "s", t->charset);
    t->owned = hw_buf_detach(&b, &t->len);
    t->p = t->owned;
    return 0;
}

void feed_text_release(struct feed_text *t)
{
    if (!t)
        return;
    hw_free(t->owned);
    t->owned = NULL;
    t->p = NULL;
    t->len = 0;
}
