/*
 * buf.c - growable byte buffers and string views.
 *
 * A struct hw_buf is never NULL-pointered after init and always
 * NUL-terminated.  Its max is the cap for this use site: an append past it
 * fails with HW_ETOOBIG, and that first error sticks, so a run of appends
 * is checked once at the end (the sqlite printf and curl dynbuf habit).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "util/hw.h"

static char empty_[1];

void hw_buf_init(struct hw_buf *b, size_t max)
{
    b->p = empty_;
    b->len = b->cap = 0;
    b->max = max;
    b->err = 0;
}

void hw_buf_release(struct hw_buf *b)
{
    if (b->cap)
        hw_free(b->p);
    hw_buf_init(b, b->max);
}

void hw_buf_reset(struct hw_buf *b)
{
    b->len = 0;
    b->p[0] = '\0';
    b->err = 0;
}

/* Make room for n more bytes plus the terminator. */
static int grow(struct hw_buf *b, size_t n)
{
    size_t need, cap;

    if (b->err)
        return b->err;
    if (n > b->max || b->len > b->max - n) {
        b->err = HW_ETOOBIG;
        return b->err;
    }
    need = b->len + n + 1;
    if (need <= b->cap)
        return 0;
    cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > ((size_t)-1) / 2 ? need : cap * 2;
    if (b->cap) {
        b->p = hw_realloc(b->p, cap);
    } else {
        b->p = hw_malloc(cap);
        b->p[0] = '\0';
    }
    b->cap = cap;
    return 0;
}

int hw_buf_add(struct hw_buf *b, const void *p, size_t n)
{
    if (grow(b, n))
        return b->err;
    if (n)
        memcpy(b->p + b->len, p, n);
    b->len += n;
    b->p[b->len] = '\0';
    return 0;
}

int hw_buf_adds(struct hw_buf *b, const char *s)
{
    return hw_buf_add(b, s, strlen(s));
}

int hw_buf_addc(struct hw_buf *b, char c)
{
    return hw_buf_add(b, &c, 1);
}

int hw_buf_vprintf(struct hw_buf *b, const char *fmt, va_list ap)
{
    va_list cp;
    int n;

    if (b->err)
        return b->err;
    va_copy(cp, ap);
    n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        return b->err = HW_EINVAL;
    if (grow(b, (size_t)n))
        return b->err;
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int hw_buf_printf(struct hw_buf *b, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = hw_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return r;
}

void hw_buf_truncate(struct hw_buf *b, size_t len)
{
    if (len < b->len) {
        b->len = len;
        b->p[len] = '\0';
    }
}

char *hw_buf_detach(struct hw_buf *b, size_t *len)
{
    char *p;

    if (len)
        *len = b->len;
    p = b->cap ? b->p : hw_strndup("", 0);
    hw_buf_init(b, b->max);
    return p;
}

int hw_read_file(const char *path, struct hw_buf *b, struct hw_diag *d)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    char chunk[65536];
    size_t n;

    if (!f)
        return hw_fail(d, HW_EIO, "read", path, "%s", strerror(errno));
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (hw_buf_add(b, chunk, n)) {
            if (f != stdin)
                fclose(f);
            return hw_fail(d, HW_ETOOBIG, "read", path,
                           "file is larger than %zu bytes", b->max);
        }
    }
    if (ferror(f)) {
        int e = errno;
        if (f != stdin)
            fclose(f);
        return hw_fail(d, HW_EIO, "read", path, "%s", strerror(e));
    }
    if (f != stdin)
        fclose(f);
    return 0;
}

/* ---- views ----------------------------------------------------------- */

struct hw_str hw_str_of(const char *s)
{
    struct hw_str r = {"", 0};

    if (s) {
        r.p = s;
        r.len = strlen(s);
    }
    return r;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

struct hw_str hw_str_trim(struct hw_str s)
{
    while (s.len && is_space(s.p[0])) {
        s.p++;
        s.len--;
    }
    while (s.len && is_space(s.p[s.len - 1]))
        s.len--;
    return s;
}

int hw_str_eq(struct hw_str a, const char *b)
{
    size_t n = strlen(b);

    return a.len == n && memcmp(a.p, b, n) == 0;
}

int hw_str_ieq(struct hw_str a, const char *b)
{
    size_t i, n = strlen(b);

    if (a.len != n)
        return 0;
    for (i = 0; i < n; i++) {
        unsigned char x = (unsigned char)a.p[i], y = (unsigned char)b[i];
        if (x >= 'A' && x <= 'Z')
            x = (unsigned char)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (unsigned char)(y + 32);
        if (x != y)
            return 0;
    }
    return 1;
}
