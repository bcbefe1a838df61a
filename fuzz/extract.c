/*
 * extract.c - libFuzzer harness for extract_page() and extract_to_json().
 *
 * Any bytes must give 0 or one of HW_EPARSE, HW_ENOTFOUND, HW_ETOOBIG,
 * with a message; a result must hold valid UTF-8 in every string, text
 * without leading or trailing white space, and serialise to JSON.  The
 * first byte, when it is a digit, picks the page URL (none, http, a
 * hostile one), so relative-link resolution is fuzzed too; when it is one
 * of A-H, it picks an HTTP Content-Type, so the charset decoders are.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_str(const char *s)
{
    if (s && !hw_utf8_valid(s, strlen(s)))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const urls[] = {
        NULL, "http://fuzz.example/dir/page.html", "javascript:alert(1)//",
        "https://h\xc3\xa9.example/a/b?q#f",
    };
    static const char *const types[] = {
        "text/html; charset=windows-1252", "text/html;charset=\"shift_jis\"",
        "text/html; charset=utf-16le", "text/html; charset=UTF-16BE",
        "text/html; charset=gbk", "text/html; charset=iso-2022-jp",
        "text/html; charset=x-user-defined", "text/html; charset=bogus",
    };
    const char *url = NULL, *ctype = NULL;
    struct extract_result *r = NULL;
    struct hw_diag d;
    struct hw_buf b;
    char *s;
    int rc;

    if (size > 0 && data[0] >= '0' && data[0] <= '9') {
        url = urls[(data[0] - '0') % 4];
        data++;
        size--;
    } else if (size > 0 && data[0] >= 'A' && data[0] <= 'H') {
        ctype = types[data[0] - 'A'];
        data++;
        size--;
    }
    /* An exact-size copy, so that ASan sees any read past the end. */
    s = malloc(size ? size : 1);
    if (!s)
        return 0;
    if (size)
        memcpy(s, data, size);
    rc = extract_page(s, size, url, ctype, &r, &d);
    if (rc != 0) {
        if (r || (rc != HW_EPARSE && rc != HW_ENOTFOUND && rc != HW_ETOOBIG) ||
            !d.why[0])
            abort();
        free(s);
        return 0;
    }
    check_str(r->url);
    check_str(r->canonical_url);
    check_str(r->title);
    check_str(r->byline);
    check_str(r->site_name);
    check_str(r->lang);
    check_str(r->image);
    check_str(r->section);
    check_str(r->text);
    check_str(r->html);
    if (!r->text || !r->html)
        abort();
    {
        size_t n = strlen(r->text);
        if (n && (r->text[0] == ' ' || r->text[0] == '\n' ||
                  r->text[n - 1] == ' ' || r->text[n - 1] == '\n'))
            abort();
    }
    hw_buf_init(&b, HW_BUF_NOLIMIT);
    if (extract_to_json(r, &b) != 0 || !hw_utf8_valid(b.p, b.len))
        abort();
    hw_buf_release(&b);
    extract_free(r);
    free(s);
    return 0;
}
