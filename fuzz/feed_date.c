/*
 * feed_date.c - libFuzzer harness for feed_date_parse().
 *
 * Any bytes must give 0 or HW_EPARSE without reading past the input.  A
 * parsed instant must lie in years 0-9999 (offsets can push it a day
 * either side), and printed as RFC 3339 it must parse back to itself.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "feed/feed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* An exact-size copy, so that ASan sees any read past the end. */
    char *s = malloc(size ? size : 1);
    hw_time t, back;
    char out[32];
    int r;

    if (!s)
        return 0;
    if (size)
        memcpy(s, data, size);
    r = feed_date_parse(s, size, &t);
    if (r != 0 && r != HW_EPARSE)
        abort();
    if (r == 0) {
        /* -0000-01-01 minus a day .. 9999-12-31 plus a day */
        if (t < -62167219200LL - 86400 || t > 253402300799LL + 86400)
            abort();
        hw_time_rfc3339(t, out);
        if (out[0] && (feed_date_parse(out, strlen(out), &back) != 0 ||
                       back != t))
            abort();
    }
    free(s);
    return 0;
}
