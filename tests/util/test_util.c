/*
 * test_util.c - buffers, UTF-8, JSON strings, civil time and relative time.
 *
 * The relative-time table was produced by moment.js 2.x fromNow() with
 * now = 2025-07-13T20:00:00Z in UTC, so every threshold is checked on both
 * sides against the behaviour hashwire promises to match.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/hw.h"

static void test_buf_cap_sticky(void **state)
{
    struct hw_buf b;

    (void)state;
    hw_buf_init(&b, 8);
    assert_string_equal(b.p, "");
    assert_int_equal(hw_buf_adds(&b, "abcd"), 0);
    assert_int_equal(hw_buf_adds(&b, "efghi"), HW_ETOOBIG);
    /* the first failure sticks: a smaller append is refused too */
    assert_int_equal(hw_buf_adds(&b, "x"), HW_ETOOBIG);
    assert_string_equal(b.p, "abcd");
    hw_buf_reset(&b);
    assert_int_equal(hw_buf_printf(&b, "%d-%s", 42, "ok"), 0);
    assert_string_equal(b.p, "42-ok");
    size_t n;
    char *p = hw_buf_detach(&b, &n);
    assert_int_equal(n, 5);
    assert_string_equal(p, "42-ok");
    assert_int_equal(b.len, 0);
    hw_free(p);
    hw_buf_release(&b);
}

static void test_utf8(void **state)
{
    struct hw_buf b;
    uint32_t cp;

    (void)state;
    assert_true(hw_utf8_valid("caf\xC3\xA9", 5));
    assert_false(hw_utf8_valid("\xC0\xAF", 2));         /* overlong '/' */
    assert_false(hw_utf8_valid("\xED\xA0\x80", 3));     /* surrogate */
    assert_false(hw_utf8_valid("\xF4\x90\x80\x80", 4)); /* > U+10FFFF */
    assert_false(hw_utf8_valid("\xE2\x82", 2));         /* truncated */
    assert_int_equal(hw_utf8_decode("\xE2\x82\xAC", 3, &cp), 3);
    assert_int_equal(cp, 0x20AC);
    hw_buf_init(&b, HW_BUF_NOLIMIT);
    hw_buf_add_utf8(&b, "a\xFF" "b\xE2\x82" "c", 6);
    assert_string_equal(b.p, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c");
    hw_buf_release(&b);
}

static void test_json(void **state)
{
    struct hw_buf b;

    (void)state;
    hw_buf_init(&b, HW_BUF_NOLIMIT);
    hw_json_str(&b, "a\"b\\c\n\x01</script>\xFF");
    assert_string_equal(b.p,
                        "\"a\\\"b\\\\c\\n\\u0001<\\/script>\xEF\xBF\xBD\"");
    hw_buf_reset(&b);
    hw_json_time(&b, HW_TIME_NONE);
    assert_string_equal(b.p, "null");
    hw_buf_release(&b);
}

static void test_civil(void **state)
{
    char out[32];
    hw_time t;

    (void)state;
    assert_int_equal(hw_time_from_civil(1970, 1, 1, 0, 0, 0), 0);
    assert_int_equal(hw_time_from_civil(2000, 3, 1, 0, 0, 0), 951868800);
    hw_time_rfc3339(hw_time_from_civil(2024, 2, 29, 23, 59, 59), out);
    assert_string_equal(out, "2024-02-29T23:59:59Z");
    hw_time_rfc3339(-1, out);
    assert_string_equal(out, "1969-12-31T23:59:59Z");
    assert_int_equal(hw_time_parse_rfc3339("2025-07-13T06:00:00+03:00", &t),
                     0);
    hw_time_rfc3339(t, out);
    assert_string_equal(out, "2025-07-13T03:00:00Z");
    assert_int_equal(hw_time_parse_rfc3339("2025-07-13T20:00:00.5Z", &t), 0);
    assert_int_equal(hw_time_parse_rfc3339("2025-02-29T00:00:00Z", &t),
                     HW_EPARSE);
    assert_int_equal(hw_time_parse_rfc3339("2025-07-13", &t), HW_EPARSE);
    assert_int_equal(hw_time_parse_rfc3339("2025-07-13T20:00:00Zjunk", &t),
                     HW_EPARSE);
}

struct rel_case {
    int64_t secs;
    const char *past, *future;
};

/* moment.js fromNow() at now = 2025-07-13T20:00:00Z (see file header). */
static const struct rel_case rel_cases[] = {
    {0, "a few seconds ago", "a few seconds ago"},
    {44, "a few seconds ago", "in a few seconds"},
    {45, "a minute ago", "in a minute"},
    {89, "a minute ago", "in a minute"},
    {90, "2 minutes ago", "in 2 minutes"},
    {2669, "44 minutes ago", "in 44 minutes"},
    {2670, "an hour ago", "in an hour"},
    {5369, "an hour ago", "in an hour"},
    {5400, "2 hours ago", "in 2 hours"},
    {77399, "21 hours ago", "in 21 hours"},
    {77400, "a day ago", "in a day"},
    {129599, "a day ago", "in a day"},
    {129600, "2 days ago", "in 2 days"},
    {2203199, "25 days ago", "in 25 days"},
    {2203200, "a month ago", "in a month"},
    {3888000, "a month ago", "in a month"},
    {3974400, "a month ago", "in a month"},
    {4060800, "2 months ago", "in 2 months"},
    {4147200, "2 months ago", "in 2 months"},
    {4320000, "2 months ago", "in 2 months"},
    {5184000, "2 months ago", "in 2 months"},
    {8640000, "3 months ago", "in 3 months"},
    {25920000, "10 months ago", "in 10 months"},
    {27216000, "10 months ago", "in 10 months"},
    {27648000, "a year ago", "in a year"},
    {31536000, "a year ago", "in a year"},
    {47260800, "2 years ago", "in a year"},
    {94608000, "3 years ago", "in 3 years"},
};

static void test_reltime(void **state)
{
    hw_time now = hw_time_from_civil(2025, 7, 13, 20, 0, 0);
    struct hw_buf b;
    size_t i;

    (void)state;
    hw_buf_init(&b, 64);
    for (i = 0; i < sizeof rel_cases / sizeof rel_cases[0]; i++) {
        hw_buf_reset(&b);
        hw_reltime(now - rel_cases[i].secs, now, &b);
        if (strcmp(b.p, rel_cases[i].past) != 0)
            fail_msg("past %lld s: got \"%s\", want \"%s\"",
                     (long long)rel_cases[i].secs, b.p, rel_cases[i].past);
        hw_buf_reset(&b);
        hw_reltime(now + rel_cases[i].secs, now, &b);
        if (strcmp(b.p, rel_cases[i].future) != 0)
            fail_msg("future %lld s: got \"%s\", want \"%s\"",
                     (long long)rel_cases[i].secs, b.p,
                     rel_cases[i].future);
    }
    hw_buf_release(&b);
}

static void test_errors(void **state)
{
    struct hw_diag d;

    (void)state;
    assert_string_equal(hw_strerror(HW_ETOOBIG), "input too large");
    assert_string_equal(hw_strerror(0), "success");
    assert_int_equal(hw_fail(&d, HW_EIO, "read", "x.xml", "gone %d", 7),
                     HW_EIO);
    assert_string_equal(d.why, "gone 7");
    assert_int_equal(hw_fail(NULL, HW_EIO, "a", "b", NULL), HW_EIO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf_cap_sticky), cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_json),           cmocka_unit_test(test_civil),
        cmocka_unit_test(test_reltime),        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
