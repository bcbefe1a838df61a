/*
 * mem.c - the one allocator.  Out of memory aborts, as in redis and git:
 * no caller has to handle it, and hostile input never gets that far
 * because every buffer sized by input has a cap.  A counter and a
 * fail-after hook let tests exercise the abort path deliberately.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/hw.h"

static unsigned long alloc_count;
static unsigned long fail_at;

static void *check(void *p, size_t n)
{
    alloc_count++;
    if (fail_at && alloc_count >= fail_at)
        p = NULL;
    if (!p && n) {
        fprintf(stderr, "hashwire: out of memory (%zu bytes)\n", n);
        abort();
    }
    return p;
}

void *hw_malloc(size_t n)
{
    return check(malloc(n ? n : 1), n ? n : 1);
}

void *hw_calloc(size_t count, size_t size)
{
    if (size && count > (size_t)-1 / size) {
        fprintf(stderr, "hashwire: allocation overflow\n");
        abort();
    }
    return check(calloc(count ? count : 1, size ? size : 1), 1);
}

void *hw_realloc(void *p, size_t n)
{
    return check(realloc(p, n ? n : 1), n ? n : 1);
}

char *hw_strndup(const char *s, size_t n)
{
    char *d = hw_malloc(n + 1);

    if (n)
        memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *hw_strdup(const char *s)
{
    return s ? hw_strndup(s, strlen(s)) : NULL;
}

void hw_free(void *p)
{
    free(p);
}

void hw_alloc_fail_after(unsigned long n)
{
    fail_at = n ? alloc_count + n : 0;
}

unsigned long hw_alloc_count(void)
{
    return alloc_count;
}
