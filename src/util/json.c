/*
 * json.c - writing JSON strings (RFC 8259).  Output is always valid
 * UTF-8: invalid input bytes become U+FFFD.  Control characters are
 * escaped, and so is '/' after '<' so that a string can sit in a page.
 */
#include <string.h>

#include "util/hw.h"

int hw_json_strn(struct hw_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t i = 0, run = 0;

    hw_buf_addc(b, '"');
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        char u[6];

        if (c >= 0x80) {
            uint32_t cp;
            int l = hw_utf8_decode(s + i, n - i, &cp);
            if (l > 0) {
                i += (size_t)l;
                continue;
            }
            hw_buf_add(b, s + run, i - run);
            hw_buf_adds(b, "\xEF\xBF\xBD");
            i++;
            while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
                i++;
            run = i;
            continue;
        }
        switch (c) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        case '/':
            if (i > 0 && s[i - 1] == '<')
                esc = "\\/";
            break;
        default:
            if (c < 0x20) {
                u[0] = '\\';
                u[1] = 'u';
                u[2] = '0';
                u[3] = '0';
                u[4] = hex[c >> 4];
                u[5] = hex[c & 15];
                hw_buf_add(b, s + run, i - run);
                hw_buf_add(b, u, 6);
                run = ++i;
                continue;
            }
        }
        if (esc) {
            hw_buf_add(b, s + run, i - run);
            hw_buf_adds(b, esc);
            run = ++i;
            continue;
        }
        i++;
    }
    hw_buf_add(b, s + run, n - run);
    return hw_buf_addc(b, '"');
}

int hw_json_str(struct hw_buf *b, const char *s)
{
    return hw_json_strn(b, s, strlen(s));
}

int hw_json_str_or_null(struct hw_buf *b, const char *s)
{
    return s ? hw_json_str(b, s) : hw_buf_adds(b, "null");
}

int hw_json_time(struct hw_buf *b, hw_time t)
{
    char out[32];

    if (t == HW_TIME_NONE)
        return hw_buf_adds(b, "null");
    hw_time_rfc3339(t, out);
    if (!out[0])
        return hw_buf_adds(b, "null");
    return hw_json_str(b, out);
}
