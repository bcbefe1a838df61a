/*
 * charset.c - the bytes of a page as UTF-8.
 *
 * The encoding of the page is decided as a browser does (WHATWG HTML,
 * "determining the character encoding"; WHATWG Encoding for the labels):
 *   1. a byte-order mark (UTF-8, UTF-16LE, UTF-16BE);
 *   2. the charset parameter of the HTTP Content-Type;
 *   3. the prescan of the first 1024 bytes for <meta charset> and
 *      <meta http-equiv=Content-Type content="...; charset=...">, where a
 *      UTF-16 label means UTF-8 and x-user-defined windows-1252;
 *   4. UTF-8 when the bytes are valid UTF-8;
 *   5. a <meta> further down (a browser's parser changes the encoding when
 *      it meets one), else windows-1252.
 * A label that is not in the WHATWG list is ignored and the next step
 * decides.  One departure, the same as src/feed/encoding.c: a declared
 * ASCII-compatible legacy charset is not believed on bytes that are valid
 * UTF-8 (re-saved pages and server defaults mislabel UTF-8 often; legacy
 * text that happens to be valid UTF-8 is rare).  The bytes are converted
 * with iconv(3); what cannot be converted becomes U+FFFD, and the result
 * is checked again, so gumbo always sees valid UTF-8.
 */
#include <errno.h>
#include <iconv.h>
#include <string.h>

#include "extract/extract_int.h"

/* WHATWG encodings: the iconv name, then the labels, space-separated. */
static const struct {
    const char *iconv, *labels;
} encodings[] = {
#define ENC_UTF8 0
    {"UTF-8", "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 "
              "x-unicode20utf8"},
#define ENC_UTF16LE 1
    {"UTF-16LE", "csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff "
                 "utf-16 utf-16le"},
#define ENC_UTF16BE 2
    {"UTF-16BE", "unicodefffe utf-16be"},
#define ENC_1252 3
    {"CP1252", "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 "
               "iso-8859-1 iso-ir-100 iso8859-1 iso88591 iso_8859-1 "
               "iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252"},
#define ENC_REPLACEMENT 4
    {"", "csiso2022kr hz-gb-2312 iso-2022-cn iso-2022-cn-ext iso-2022-kr "
         "replacement"},
#define ENC_USERDEF 5
    {"", "x-user-defined"},
#define ENC_2022JP 6
    {"ISO-2022-JP", "csiso2022jp iso-2022-jp"},
    {"IBM866", "866 cp866 csibm866 ibm866"},
    {"ISO-8859-2", "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 "
                   "iso_8859-2 iso_8859-2:1987 l2 latin2"},
    {"ISO-8859-3", "csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 "
                   "iso_8859-3 iso_8859-3:1988 l3 latin3"},
    {"ISO-8859-4", "csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 "
                   "iso_8859-4 iso_8859-4:1988 l4 latin4"},
    {"ISO-8859-5", "csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 "
                   "iso8859-5 iso88595 iso_8859-5 iso_8859-5:1988"},
    {"ISO-8859-6", "arabic asmo-708 csiso88596e csiso88596i "
                   "csisolatinarabic ecma-114 iso-8859-6 iso-8859-6-e "
                   "iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 "
                   "iso_8859-6:1987"},
    {"ISO-8859-7", "csisolatingreek ecma-118 elot_928 greek greek8 "
                   "iso-8859-7 iso-ir-126 iso8859-7 iso88597 iso_8859-7 "
                   "iso_8859-7:1987 sun_eu_greek"},
    {"ISO-8859-8", "csiso88598e csisolatinhebrew hebrew iso-8859-8 "
                   "iso-8859-8-e iso-ir-138 iso8859-8 iso88598 iso_8859-8 "
                   "iso_8859-8:1988 visual csiso88598i iso-8859-8-i "
                   "logical"},
    {"ISO-8859-10", "csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 "
                    "iso885910 l6 latin6"},
    {"ISO-8859-13", "iso-8859-13 iso8859-13 iso885913"},
    {"ISO-8859-14", "iso-8859-14 iso8859-14 iso885914"},
    {"ISO-8859-15", "csisolatin9 iso-8859-15 iso8859-15 iso885915 "
                    "iso_8859-15 l9"},
    {"ISO-8859-16", "iso-8859-16"},
    {"KOI8-R", "cskoi8r koi koi8 koi8-r koi8_r"},
    {"KOI8-U", "koi8-ru koi8-u"},
    {"MACINTOSH", "csmacintosh mac macintosh x-mac-roman"},
    {"CP874", "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 "
              "windows-874"},
    {"CP1250", "cp1250 windows-1250 x-cp1250"},
    {"CP1251", "cp1251 windows-1251 x-cp1251"},
    {"CP1253", "cp1253 windows-1253 x-cp1253"},
    {"CP1254", "cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 "
               "iso88599 iso_8859-9 iso_8859-9:1989 l5 latin5 windows-1254 "
               "x-cp1254"},
    {"CP1255", "cp1255 windows-1255 x-cp1255"},
    {"CP1256", "cp1256 windows-1256 x-cp1256"},
    {"CP1257", "cp1257 windows-1257 x-cp1257"},
    {"CP1258", "cp1258 windows-1258 x-cp1258"},
    {"MAC-CYRILLIC", "x-mac-cyrillic x-mac-ukrainian"},
    {"GB18030", "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 "
                "gb_2312-80 gbk iso-ir-58 x-gbk gb18030"},
    {"BIG5-HKSCS", "big5 big5-hkscs cn-big5 csbig5 x-x-big5"},
    {"EUC-JP", "cseucpkdfmtjapanese euc-jp x-euc-jp"},
    {"CP932", "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis "
              "windows-31j x-sjis"},
    {"CP949", "cseuckr csksc56011987 euc-kr iso-ir-149 korean "
              "ks_c_5601-1987 ks_c_5601-1989 ksc5601 ksc_5601 windows-949"},
};
#define ENC_NONE (-1)
#define N_ENC ((int)(sizeof encodings / sizeof encodings[0]))
#define PRESCAN_LEN 1024

/* The encoding a label names (trimmed, ASCII case-insensitive), or
 * ENC_NONE. */
static int enc_of_label(const char *s, size_t n)
{
    while (n && xt_is_space((unsigned char)*s))
        s++, n--;
    while (n && xt_is_space((unsigned char)s[n - 1]))
        n--;
    if (n == 0 || n > 32)
        return ENC_NONE;
    for (int e = 0; e < N_ENC; e++) {
        const char *l = encodings[e].labels;
        while (*l) {
            size_t k = strcspn(l, " ");
            if (k == n) {
                size_t i = 0;
                while (i < n && xt_lower((unsigned char)s[i]) == l[i])
                    i++;
                if (i == n)
                    return e;
            }
            l += k;
            while (*l == ' ')
                l++;
        }
    }
    return ENC_NONE;
}

/*
 * The encoding named by "charset=" in s[0..n): WHATWG HTML's "extract a
 * character encoding from a meta element", also used here for the HTTP
 * Content-Type value.  ENC_NONE when there is none or it is unknown.
 */
static int enc_of_content(const char *s, size_t n)
{
    size_t i = 0, j;

    for (;;) {
        while (i + 7 <= n && !xt_ci_prefix(s + i, n - i, "charset"))
            i++;
        if (i + 7 > n)
            return ENC_NONE;
        i += 7;
        while (i < n && xt_is_space((unsigned char)s[i]))
            i++;
        if (i < n && s[i] == '=')
            break;
    }
    i++;
    while (i < n && xt_is_space((unsigned char)s[i]))
        i++;
    if (i >= n)
        return ENC_NONE;
    if (s[i] == '"' || s[i] == '\'') {
        char q = s[i++];
        for (j = i; j < n && s[j] != q; j++)
            ;
        return j < n ? enc_of_label(s + i, j - i) : ENC_NONE;
    }
    for (j = i; j < n && !xt_is_space((unsigned char)s[j]) && s[j] != ';'; j++)
        ;
    return enc_of_label(s + i, j - i);
}

/* One attribute of a tag, as the prescan reads it: the name and value
 * lower-cased, cut short (a longer one cannot hold a label). */
struct pattr {
    char name[16], value[512];
    size_t nlen, vlen;
    int long_name;
};

static void pa_name(struct pattr *a, char c)
{
    if (a->nlen + 1 < sizeof a->name)
        a->name[a->nlen++] = (char)xt_lower((unsigned char)c);
    else
        a->long_name = 1;
}

static void pa_value(struct pattr *a, char c)
{
    if (a->vlen + 1 < sizeof a->value)
        a->value[a->vlen++] = (char)xt_lower((unsigned char)c);
}

/*
 * WHATWG HTML "get an attribute" at *pos: 1 and the attribute in a, or 0
 * at '>' or the end of the bytes.
 */
static int prescan_attr(const char *p, size_t n, size_t *pos,
                        struct pattr *a)
{
    size_t i = *pos;
    int got = 1;

    a->nlen = a->vlen = 0;
    a->long_name = 0;
    while (i < n && (xt_is_space((unsigned char)p[i]) || p[i] == '/'))
        i++;
    if (i >= n || p[i] == '>') {
        got = 0;
        goto out;
    }
    for (;; i++) { /* the name */
        if (i >= n) {
            got = 0;
            goto out;
        }
        if (p[i] == '=' && a->nlen)
            break;
        if (xt_is_space((unsigned char)p[i])) {
            while (i < n && xt_is_space((unsigned char)p[i]))
                i++;
            if (i >= n || p[i] != '=')
                goto out;
            break;
        }
        if (p[i] == '/' || p[i] == '>')
            goto out;
        pa_name(a, p[i]);
    }
    for (i++; i < n && xt_is_space((unsigned char)p[i]); i++)
        ;
    if (i >= n) {
        got = 0;
    } else if (p[i] == '"' || p[i] == '\'') {
        char q = p[i];
        for (i++; i < n && p[i] != q; i++)
            pa_value(a, p[i]);
        if (i >= n)
            got = 0;
        else
            i++;
    } else {
        for (; i < n && !xt_is_space((unsigned char)p[i]) && p[i] != '>'; i++)
            pa_value(a, p[i]);
    }
out:
    a->name[a->nlen] = '\0';
    a->value[a->vlen] = '\0';
    *pos = i;
    return got;
}

/* The encoding a <meta> declares, its attributes read from *pos. */
static int prescan_meta(const char *p, size_t n, size_t *pos)
{
    struct pattr a;
    int seen_he = 0, seen_ct = 0, seen_cs = 0, pragma = 0, need = -1;
    int enc = ENC_NONE;

    while (prescan_attr(p, n, pos, &a)) {
        if (a.long_name)
            continue;
        if (strcmp(a.name, "http-equiv") == 0 && !seen_he) {
            seen_he = 1;
            pragma = strcmp(a.value, "content-type") == 0;
        } else if (strcmp(a.name, "content") == 0 && !seen_ct) {
            seen_ct = 1;
            if (enc == ENC_NONE &&
                (enc = enc_of_content(a.value, a.vlen)) != ENC_NONE)
                need = 1;
        } else if (strcmp(a.name, "charset") == 0 && !seen_cs) {
            seen_cs = 1;
            enc = enc_of_label(a.value, a.vlen);
            need = 0;
        }
    }
    if (need < 0 || (need == 1 && !pragma) || enc == ENC_NONE)
        return ENC_NONE;
    if (enc == ENC_UTF16LE || enc == ENC_UTF16BE)
        return ENC_UTF8;
    if (enc == ENC_USERDEF)
        return ENC_1252;
    return enc;
}

/*
 * WHATWG HTML "prescan a byte stream to determine its encoding" over
 * p[0..n): comments, other tags and their attributes are skipped; the
 * first <meta> that names a known encoding decides.  Linear in n.
 */
static int prescan(const char *p, size_t n)
{
    size_t i = 0;
    struct pattr a;

    while (i < n) {
        const char *q = memchr(p + i, '<', n - i);
        int enc;

        if (!q)
            break;
        i = (size_t)(q - p);
        if (n - i >= 4 && memcmp(p + i, "<!--", 4) == 0) {
            /* to the '>' of the first "-->" after "<!" */
            size_t j = i + 2;
            while (j + 3 <= n && memcmp(p + j, "-->", 3) != 0)
                j++;
            if (j + 3 > n)
                break;
            i = j + 3;
            continue;
        }
        if (n - i >= 6 && xt_ci_prefix(p + i, n - i, "<meta") &&
            (xt_is_space((unsigned char)p[i + 5]) || p[i + 5] == '/')) {
            i += 6;
            if ((enc = prescan_meta(p, n, &i)) != ENC_NONE)
                return enc;
            i++;
            continue;
        }
        if (n - i >= 2 && (xt_is_alpha((unsigned char)p[i + 1]) ||
                           (p[i + 1] == '/' && n - i >= 3 &&
                            xt_is_alpha((unsigned char)p[i + 2])))) {
            while (i < n && !xt_is_space((unsigned char)p[i]) && p[i] != '>')
                i++;
            while (prescan_attr(p, n, &i, &a))
                ;
            i++;
            continue;
        }
        if (n - i >= 2 && (p[i + 1] == '!' || p[i + 1] == '/' ||
                           p[i + 1] == '?')) {
            q = memchr(p + i, '>', n - i);
            if (!q)
                break;
            i = (size_t)(q - p) + 1;
            continue;
        }
        i++;
    }
    return ENC_NONE;
}

/* A declared legacy encoding is not believed on valid UTF-8 (above). */
static int believe(int enc, const char *p, size_t n)
{
    if (enc == ENC_UTF8 || enc == ENC_UTF16LE || enc == ENC_UTF16BE ||
        enc == ENC_REPLACEMENT || enc == ENC_2022JP)
        return enc;
    return hw_utf8_valid(p, n) ? ENC_UTF8 : enc;
}

/*
 * The encoding of p[0..n) given the HTTP Content-Type ct (may be NULL);
 * *bom is the length of a byte-order mark to skip.
 */
static int page_encoding(const char *p, size_t n, const char *ct,
                         size_t *bom)
{
    const unsigned char *u = (const unsigned char *)p;
    int enc;

    *bom = 0;
    if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
        return *bom = 3, ENC_UTF8;
    if (n >= 2 && u[0] == 0xFE && u[1] == 0xFF)
        return *bom = 2, ENC_UTF16BE;
    if (n >= 2 && u[0] == 0xFF && u[1] == 0xFE)
        return *bom = 2, ENC_UTF16LE;
    if (ct && (enc = enc_of_content(ct, strlen(ct))) != ENC_NONE)
        return believe(enc, p, n);
    if ((enc = prescan(p, n < PRESCAN_LEN ? n : PRESCAN_LEN)) != ENC_NONE)
        return believe(enc, p, n);
    if (hw_utf8_valid(p, n))
        return ENC_UTF8;
    if (n > PRESCAN_LEN && (enc = prescan(p, n)) != ENC_NONE)
        return enc;
    return ENC_1252;
}

/* Append U+FFFD. */
static void add_fffd(struct hw_buf *b)
{
    hw_buf_add(b, "\xEF\xBF\xBD", 3);
}

/* Append s[0..n), in encoding enc, to b as valid UTF-8. */
static void decode(struct hw_buf *b, int enc, const char *s, size_t n)
{
    char tmp[16384], *in = (char *)(uintptr_t)s; /* iconv is not const */
    size_t left = n;
    iconv_t cd;

    if (enc == ENC_UTF8) {
        hw_buf_add_utf8(b, s, n);
        return;
    }
    if (enc == ENC_REPLACEMENT) { /* WHATWG: the whole input is one error */
        if (n)
            add_fffd(b);
        return;
    }
    if (enc == ENC_USERDEF) {
        for (size_t i = 0; i < n; i++) {
            char u[4];
            unsigned char c = (unsigned char)s[i];
            if (c < 0x80)
                hw_buf_addc(b, (char)c);
            else
                hw_buf_add(b, u, (size_t)hw_utf8_encode(0xF700u + c, u));
        }
        return;
    }
    cd = iconv_open("UTF-8", encodings[enc].iconv);
    if (cd == (iconv_t)-1) { /* no gconv module: read it as UTF-8 */
        hw_buf_add_utf8(b, s, n);
        return;
    }
    while (left > 0 && !b->err) {
        char *out = tmp;
        size_t room = sizeof tmp, r;
        int e;

        r = iconv(cd, &in, &left, &out, &room);
        e = errno;
        hw_buf_add_utf8(b, tmp, (size_t)(out - tmp)); /* checked again */
        if (r != (size_t)-1 || e == E2BIG)
            continue;
        /* EILSEQ, or EINVAL at a truncated end: U+FFFD, skip a unit */
        add_fffd(b);
        if (e == EINVAL)
            break;
        {
            size_t unit = enc == ENC_UTF16LE || enc == ENC_UTF16BE ? 2 : 1;
            if (unit > left)
                unit = left;
            in += unit;
            left -= unit;
        }
    }
    iconv_close(cd);
}


void extract_charset_decode(struct hw_buf *b, const char *p, size_t n,
                            const char *ct)
{
    size_t bom;
    int enc = page_encoding(p, n, ct, &bom);

    decode(b, enc, p + bom, n - bom);
}
