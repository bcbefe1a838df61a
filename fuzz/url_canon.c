/*
 * url_canon.c - libFuzzer harness for fetch_url_canon().
 *
 * Any bytes must give 0, HW_EINVAL or HW_ETOOBIG, never touch the output
 * on failure, and on success give an http(s) URL of printable ASCII with
 * no fragment that is its own canonical form (idempotence).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fetch/fetch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size ? size : 1);
    struct hw_buf a, b;
    size_t i;
    int r;

    if (!s)
        return 0;
    if (size)
        memcpy(s, data, size);
    hw_buf_init(&a, HW_BUF_NOLIMIT);
    hw_buf_init(&b, HW_BUF_NOLIMIT);
    hw_buf_adds(&a, "x");
    r = fetch_url_canon(s, size, &a);
    free(s);
    if (r != 0) {
        if ((r != HW_EINVAL && r != HW_ETOOBIG) || strcmp(a.p, "x") != 0)
            abort();
    } else {
        const char *u = a.p + 1;
        size_t n = a.len - 1;
        if (strncmp(u, "http://", 7) != 0 && strncmp(u, "https://", 8) != 0)
            abort();
        if (memchr(u, '#', n))
            abort();
        for (i = 0; i < n; i++)
            if ((unsigned char)u[i] <= 0x20 || (unsigned char)u[i] >= 0x7f) {
                /* raw UTF-8 is allowed in the host only */
                const char *h = strstr(u, "://") + 3;
                const char *pe = strchr(h, '/');
                if ((unsigned char)u[i] < 0x80 || !pe || u + i >= pe)
                    abort();
            }
        if (fetch_url_canon(u, n, &b) != 0 || strcmp(u, b.p) != 0)
            abort();
    }
    hw_buf_release(&a);
    hw_buf_release(&b);
    return 0;
}
