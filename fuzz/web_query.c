/*
 * web_query.c - libFuzzer harness for the web room's request parsing: the
 * request target splitter, route matching on the real route table,
 * percent decoding of every capture and query parameter the views read,
 * the ?before= and ?limit= parsers, the tag-name resolver (a URL segment
 * to its entity key) and category names.
 *
 * Invariants checked (abort on violation):
 *   - split: 0 gives a path starting with '/' inside the input and a query
 *     inside the input; errors are only HW_EPARSE and HW_ETOOBIG;
 *   - a matched route has decoded captures that are valid UTF-8 with no
 *     NUL, no '/', and are not "." or "..";
 *   - decoded parameters are valid UTF-8 with no control character but
 *     tab;
 *   - a tag key, when there is one, is non-empty, lowercase-stable (the
 *     key of the key is itself) and has no ASCII punctuation or space;
 *   - web_esc() of anything is valid UTF-8 with no raw < > " ' and no &
 *     that does not start a reference.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/web_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_text(const struct hw_buf *b, int allow_slash)
{
    size_t i;

    if (!hw_utf8_valid(b->p, b->len))
        abort();
    for (i = 0; i < b->len; i++) {
        unsigned char c = (unsigned char)b->p[i];
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            abort();
        if (!allow_slash && c == '/')
            abort();
    }
}

static void check_key(struct hw_str seg)
{
    struct hw_buf k, v, k2, v2;
    size_t i;

    hw_buf_init(&k, 1024);
    hw_buf_init(&v, 1024);
    hw_buf_init(&k2, 1024);
    hw_buf_init(&v2, 1024);
    if (web_tag_key(seg, &k, &v) == 0) {
        if (k.len == 0 || !hw_utf8_valid(k.p, k.len))
            abort();
        for (i = 0; i < k.len; i++) {
            unsigned char c = (unsigned char)k.p[i];
            if (c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
                abort();
        }
        if (web_tag_key((struct hw_str){k.p, k.len}, &k2, &v2) != 0 ||
            strcmp(k.p, k2.p) != 0)
            abort();
    }
    hw_buf_release(&k);
    hw_buf_release(&v);
    hw_buf_release(&k2);
    hw_buf_release(&v2);
}

static void check_esc(struct hw_str s)
{
    struct hw_buf b;
    size_t i;

    hw_buf_init(&b, HW_BUF_NOLIMIT);
    web_esc(&b, s.p, s.len);
    if (!hw_utf8_valid(b.p, b.len))
        abort();
    for (i = 0; i < b.len; i++) {
        if (strchr("<>\"'", b.p[i]) && b.p[i])
            abort();
        if (b.p[i] == '&' && !(b.p[i + 1] == '#' || b.p[i + 1] == 'a' ||
                               b.p[i + 1] == 'l' || b.p[i + 1] == 'g' ||
                               b.p[i + 1] == 'q'))
            abort();
    }
    hw_buf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const methods[] = {"GET", "HEAD", "POST", "PUT"};
    static const char *const params[] = {"q", "before", "limit", "page",
                                         "offset", "hours"};
    const char *target = (const char *)data;
    struct hw_str path, query;
    struct web_match m;
    struct hw_buf v;
    hw_time t;
    int64_t id;
    size_t i;
    int r;

    r = web_target_split(target, size, &path, &query);
    if (r != 0) {
        if (r != HW_EPARSE && r != HW_ETOOBIG)
            abort();
        return 0;
    }
    if (path.len == 0 || path.p != target || path.p[0] != '/')
        abort();
    if (query.len && (query.p < target || query.p + query.len > target + size))
        abort();
    r = web_route_match(web_routes, web_nroutes, methods[size % 4], path, &m,
                        NULL);
    if (r >= 0) {
        for (i = 0; i < (size_t)m.nparams; i++) {
            struct hw_buf c = {(char *)(uintptr_t)m.params[i].p,
                               m.params[i].len, 0, 0, 0};
            check_text(&c, 0);
            if (hw_str_eq(m.params[i], ".") || hw_str_eq(m.params[i], ".."))
                abort();
            check_key(m.params[i]);
            check_esc(m.params[i]);
            (void)web_category_find(m.params[i]);
        }
    } else if (r != -400 && r != -404 && r != -405) {
        abort();
    }
    hw_buf_release(&m.buf);
    hw_buf_init(&v, 4096);
    for (i = 0; i < sizeof params / sizeof params[0]; i++) {
        if (web_query_get(query, params[i], &v) == 1) {
            check_text(&v, 1);
            check_esc((struct hw_str){v.p, v.len});
        }
    }
    hw_buf_release(&v);
    r = web_parse_before(query, &t, &id);
    if (r != 0 && r != 1 && r != HW_EPARSE)
        abort();
    if (r == 1 && id < 0)
        abort();
    r = web_parse_limit(query, 20, 100);
    if (r < 1 || r > 100)
        abort();
    check_key(path);
    return 0;
}
