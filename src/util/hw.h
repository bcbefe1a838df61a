/*
 * hw.h - the util room of hashwire: errors and diagnostics, the one
 * allocator, growable buffers, non-owning string views, UTF-8, time and
 * relative time, and a small JSON string writer.
 *
 * Everything here knows nothing of news.  Every other room builds on it.
 *
 * Conventions (see STYLE.md of the project):
 *   - fallible functions return int: 0 on success, a negative HW_E* code;
 *   - details go into an optional struct hw_diag (NULL means "don't care");
 *   - out of memory aborts, inside hw_malloc() and friends;
 *   - struct hw_buf is never NULL-pointered, always NUL-terminated, capped,
 *     and its first failure is sticky.
 */
#ifndef HW_H
#define HW_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* ---- errors ---------------------------------------------------------- */

/* X(NAME, number, message): HW_NAME is -number. */
#define HW_ERRORS(X)                                                        \
    X(ENOMEM, 1, "out of memory")                                           \
    X(EINVAL, 2, "invalid argument")                                        \
    X(EIO, 3, "input/output error")                                         \
    X(ETOOBIG, 4, "input too large")                                        \
    X(EPARSE, 5, "cannot parse input")                                      \
    X(ENOTFEED, 6, "not a feed")                                            \
    X(EENCODING, 7, "bad character encoding")                               \
    X(EDB, 8, "database error")                                             \
    X(ENOTFOUND, 9, "not found")                                            \
    X(EUSAGE, 10, "usage error")                                            \
    X(ELIMIT, 11, "limit exceeded")

enum hw_err {
    HW_OK = 0,
#define HW_X_(name, num, msg) HW_##name = -(num),
    HW_ERRORS(HW_X_)
#undef HW_X_
};

/* A static English message for an error code; never NULL. */
const char *hw_strerror(int err);

/*
 * Where and why something failed.  Printed as "hashwire: WHAT: WHERE: WHY".
 * line and col are 0 when unknown.  The fields are fixed arrays so that a
 * diag can live on the stack and be filled without allocation.
 */
struct hw_diag {
    int code;
    char what[64];
    char where[512];
    char why[512];
    int line, col;
};

/* Fill diag (if not NULL) and return code, for "return hw_fail(...)". */
int hw_fail(struct hw_diag *d, int code, const char *what, const char *where,
            const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Print "hashwire: WHAT: WHERE[:line:col]: WHY" to stderr. */
void hw_diag_print(const struct hw_diag *d);

/* ---- memory ---------------------------------------------------------- */

/* These abort on out-of-memory.  hw_free(NULL) does nothing. */
void *hw_malloc(size_t n);
void *hw_calloc(size_t count, size_t size);
void *hw_realloc(void *p, size_t n);
char *hw_strdup(const char *s);          /* NULL in, NULL out */
char *hw_strndup(const char *s, size_t n); /* copies n bytes, adds NUL */
void hw_free(void *p);
/* Test hook: make the nth allocation from now abort-fail (0 = never). */
void hw_alloc_fail_after(unsigned long n);
unsigned long hw_alloc_count(void);

/* ---- views ----------------------------------------------------------- */

/* A non-owning {pointer, length} view, passed by value. */
struct hw_str {
    const char *p;
    size_t len;
};
#define HW_STR(lit) ((struct hw_str){(lit), sizeof(lit) - 1})
struct hw_str hw_str_of(const char *s); /* NULL gives {"", 0} */
struct hw_str hw_str_trim(struct hw_str s); /* ASCII whitespace both ends */
int hw_str_eq(struct hw_str a, const char *b);
int hw_str_ieq(struct hw_str a, const char *b); /* ASCII case-insensitive */

/* ---- buffers --------------------------------------------------------- */

/*
 * A growable byte buffer.  After hw_buf_init() p is never NULL and always
 * NUL-terminated.  An append that would grow len past max fails with
 * HW_ETOOBIG; the first failure is kept in err and later appends do
 * nothing, so a sequence of appends needs one check at the end.
 */
struct hw_buf {
    char *p;
    size_t len, cap, max;
    int err;
};
#define HW_BUF_NOLIMIT ((size_t)-1)

void hw_buf_init(struct hw_buf *b, size_t max);
void hw_buf_release(struct hw_buf *b);   /* frees; b may be re-inited */
void hw_buf_reset(struct hw_buf *b);     /* len = 0, keeps memory, clears err */
int hw_buf_add(struct hw_buf *b, const void *p, size_t n);
int hw_buf_adds(struct hw_buf *b, const char *s);
int hw_buf_addc(struct hw_buf *b, char c);
int hw_buf_printf(struct hw_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int hw_buf_vprintf(struct hw_buf *b, const char *fmt, va_list ap);
void hw_buf_truncate(struct hw_buf *b, size_t len);
/* Hand the bytes over to the caller (free with hw_free); b is re-inited. */
char *hw_buf_detach(struct hw_buf *b, size_t *len);

/* Read a whole file into b (capped by b->max).  "-" is stdin. */
int hw_read_file(const char *path, struct hw_buf *b, struct hw_diag *d);

/* ---- UTF-8 ----------------------------------------------------------- */

/* 1 if s[0..n) is valid UTF-8 (no overlongs, no surrogates), else 0. */
int hw_utf8_valid(const char *s, size_t n);
/*
 * Decode one code point at s (n bytes left).  Returns its length (1-4) and
 * sets *cp, or returns 0 and sets *cp to U+FFFD... with length 1 when the
 * bytes are not valid UTF-8 (so callers can always advance).
 */
int hw_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Encode cp into out (4 bytes room); returns the length. */
int hw_utf8_encode(uint32_t cp, char out[4]);
/* Append s to b with every invalid sequence replaced by U+FFFD. */
int hw_buf_add_utf8(struct hw_buf *b, const char *s, size_t n);

/* ---- time ------------------------------------------------------------ */

/* Seconds since the Unix epoch, UTC.  HW_TIME_NONE means "no date". */
typedef int64_t hw_time;
#define HW_TIME_NONE INT64_MIN

/* Days from civil date (proleptic Gregorian); no libc time zone involved. */
hw_time hw_time_from_civil(int year, int mon, int day, int hour, int min,
                           int sec);
/* Write "2025-07-13T03:00:00Z" (20 bytes + NUL) into out. */
void hw_time_rfc3339(hw_time t, char out[32]);
/* Parse strict RFC 3339 (as printed above, or with offset/fraction). */
int hw_time_parse_rfc3339(const char *s, hw_time *out);
hw_time hw_time_now(void);
/*
 * Relative time as moment.js fromNow() with default thresholds:
 * "17 hours ago", "a day ago", "in 2 days".  Writes into b.
 */
int hw_reltime(hw_time then, hw_time now, struct hw_buf *b);

/* ---- JSON output ----------------------------------------------------- */

/* Append s (UTF-8; invalid bytes become U+FFFD) as a quoted JSON string. */
int hw_json_str(struct hw_buf *b, const char *s);
int hw_json_strn(struct hw_buf *b, const char *s, size_t n);
/* Append a string or null. */
int hw_json_str_or_null(struct hw_buf *b, const char *s);
/* Append an RFC 3339 time string or null. */
int hw_json_time(struct hw_buf *b, hw_time t);

/* ---- logging --------------------------------------------------------- */

void hw_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
