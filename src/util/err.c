/*
 * err.c - error codes, diagnostics and warnings.
 *
 * Error codes come from the one X-macro list in hw.h, which gives both the
 * enum and the messages here.  A struct hw_diag carries what failed, where
 * and why, and prints as "hashwire: WHAT: WHERE: WHY".
 */
#include <stdio.h>
#include <string.h>

#include "util/hw.h"

const char *hw_strerror(int err)
{
    switch (err) {
    case HW_OK:
        return "success";
#define HW_X_(name, num, msg)                                               \
    case HW_##name:                                                         \
        return msg;
        HW_ERRORS(HW_X_)
#undef HW_X_
    }
    return "unknown error";
}

/* Copy a C string into a fixed array, truncating, always terminated. */
static void copy_field(char *dst, size_t cap, const char *src)
{
    size_t n = src ? strlen(src) : 0;

    if (n >= cap)
        n = cap - 1;
    if (n)
        memcpy(dst, src, n);
    dst[n] = '\0';
}

int hw_fail(struct hw_diag *d, int code, const char *what, const char *where,
            const char *fmt, ...)
{
    va_list ap;

    if (!d)
        return code;
    d->code = code;
    d->line = d->col = 0;
    copy_field(d->what, sizeof d->what, what);
    copy_field(d->where, sizeof d->where, where);
    if (fmt) {
        va_start(ap, fmt);
        vsnprintf(d->why, sizeof d->why, fmt, ap);
        va_end(ap);
    } else {
        copy_field(d->why, sizeof d->why, hw_strerror(code));
    }
    return code;
}

void hw_diag_print(const struct hw_diag *d)
{
    char pos[48] = "";

    if (d->line > 0)
        snprintf(pos, sizeof pos, ":%d:%d", d->line, d->col);
    fprintf(stderr, "hashwire: %s: %s%s: %s\n", d->what[0] ? d->what : "error",
            d->where[0] ? d->where : "-", pos,
            d->why[0] ? d->why : hw_strerror(d->code));
}

void hw_warn(const char *fmt, ...)
{
    va_list ap;

    fputs("hashwire: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}
