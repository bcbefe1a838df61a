/*
 * opml.c - libFuzzer harness for OPML import and export (feed_opml_parse,
 * feed_opml_write).
 *
 * Any bytes must give a list or one of the documented errors.  A list
 * read from the input, written back as OPML 2.0 and read again must hold
 * the same feeds with the same titles, home pages and folders (the
 * round trip that lets another feed reader import what we export).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "feed/opml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int same(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size ? size : 1); /* exact size: ASan sees overreads */
    struct feed_opml *o = NULL, *back = NULL;
    struct hw_buf b;
    size_t i;
    int r;

    if (!s)
        return 0;
    if (size)
        memcpy(s, data, size);
    r = feed_opml_parse(s, size, &o, NULL);
    free(s);
    if (r != 0) {
        if (o || (r != HW_EPARSE && r != HW_ENOTFEED && r != HW_ETOOBIG))
            abort();
        return 0;
    }
    hw_buf_init(&b, HW_BUF_NOLIMIT);
    if (feed_opml_write(o->title, o->items, o->nitems, 0, &b) != 0)
        abort();
    if (feed_opml_parse(b.p, b.len, &back, NULL) != 0 ||
        back->nitems != o->nitems || back->bozo)
        abort();
    /* the writer groups by folder: compare as sets, by position of url */
    for (i = 0; i < o->nitems; i++) {
        size_t k;
        int found = 0;
        for (k = 0; k < back->nitems && !found; k++) {
            const struct feed_opml_item *x = &o->items[i], *y = &back->items[k];
            found = same(x->url, y->url) && same(x->title, y->title) &&
                    same(x->html_url, y->html_url) &&
                    same(x->folder, y->folder);
        }
        if (!found)
            abort();
    }
    feed_opml_free(back);
    feed_opml_free(o);
    hw_buf_release(&b);
    return 0;
}
