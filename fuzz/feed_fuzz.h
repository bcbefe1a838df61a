/*
 * feed_fuzz.h - the body shared by the feed harnesses (feed_xml.c,
 * feed_json.c), which differ only in their seeds and dictionaries.
 *
 * Any bytes must give 0 or one of HW_ENOTFEED, HW_EPARSE, HW_ETOOBIG; a
 * parsed feed must serialise to valid UTF-8 JSON.  The first byte, when it
 * is a digit, picks a caller charset, so the encoding paths are fuzzed too.
 */
#ifndef HW_FEED_FUZZ_H
#define HW_FEED_FUZZ_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "feed/feed.h"

static int feed_fuzz_one(const uint8_t *data, size_t size)
{
    static const char *const charsets[] = {
        NULL, "utf-8", "iso-8859-1", "windows-1251", "utf-16", "koi8-r",
        "gb2312", "shift_jis", "bogus", "windows-1252"};
    struct feed_opts o = {"http://fuzz.example/dir/feed.xml", NULL};
    struct feed *f = NULL;
    struct hw_diag d;
    char *s;
    int r;

    if (size > 0 && data[0] >= '0' && data[0] <= '9') {
        o.charset = charsets[data[0] - '0'];
        data++;
        size--;
    }
    /* An exact-size copy, so that ASan sees any read past the end. */
    s = malloc(size ? size : 1);
    if (!s)
        return 0;
    if (size)
        memcpy(s, data, size);
    r = feed_parse(s, size, &o, &f, &d);
    if (r == 0) {
        struct hw_buf b;
        hw_buf_init(&b, HW_BUF_NOLIMIT);
        if (feed_to_json(f, &b) != 0 || !hw_utf8_valid(b.p, b.len))
            abort();
        hw_buf_release(&b);
        feed_free(f);
    } else if (r != HW_ENOTFEED && r != HW_EPARSE && r != HW_ETOOBIG) {
        abort();
    }
    free(s);
    return 0;
}

#endif
