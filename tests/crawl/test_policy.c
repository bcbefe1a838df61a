/*
 * test_policy.c - the crawler's decisions without a network: the poll
 * interval (adaptive, within bounds, publisher floors, jitter), backoff
 * and Retry-After, the publisher hints read from feed bytes, and feed
 * autodiscovery in HTML pages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "crawl/crawl.h"

static void test_interval(void **state)
{
    long v;
    int64_t id;

    (void)state;
    /* first poll: the default, plus at most 10% jitter */
    v = crawl_interval(0, -1, 20, 0, 1);
    assert_true(v >= CRAWL_DEFAULT_INTERVAL &&
                v <= CRAWL_DEFAULT_INTERVAL * 11 / 10);
    /* six new articles in an hour: toward ten minutes */
    v = crawl_interval(3600, 3600, 6, 0, 1);
    assert_true(v >= (3600 + 600) / 2 && v <= (3600 + 600) / 2 * 11 / 10);
    /* nothing new: longer */
    v = crawl_interval(3600, 3600, 0, 0, 1);
    assert_true(v >= 5400 && v <= 5940);
    /* bounds */
    v = crawl_interval(300, 60, 100, 0, 1);
    assert_true(v >= CRAWL_MIN_INTERVAL && v <= CRAWL_MIN_INTERVAL * 11 / 10);
    v = crawl_interval(CRAWL_MAX_INTERVAL, CRAWL_MAX_INTERVAL, 0, 0, 1);
    assert_int_equal(v, CRAWL_MAX_INTERVAL);
    /* the publisher's floor wins over a fast feed */
    v = crawl_interval(600, 600, 10, 7200, 1);
    assert_true(v >= 7200);
    /* jitter differs between feeds, and stays within 10% */
    {
        long lo = 1L << 30, hi = 0;
        for (id = 1; id <= 50; id++) {
            v = crawl_interval(3600, 3600, 1, 0, id);
            lo = v < lo ? v : lo;
            hi = v > hi ? v : hi;
        }
        assert_true(lo >= 3600 && hi <= 3960 && hi > lo);
    }
}

static void test_backoff(void **state)
{
    (void)state;
    assert_int_equal(crawl_backoff(0, -1), CRAWL_MIN_BACKOFF);
    assert_int_equal(crawl_backoff(1, -1), 2 * CRAWL_MIN_BACKOFF);
    assert_int_equal(crawl_backoff(3, -1), 8 * CRAWL_MIN_BACKOFF);
    assert_int_equal(crawl_backoff(40, -1), CRAWL_MAX_INTERVAL);
    assert_int_equal(crawl_backoff(5, 120), 120);
    assert_int_equal(crawl_backoff(0, 1), 60);
    assert_int_equal(crawl_backoff(0, 99999999), CRAWL_MAX_INTERVAL);
}

static long hint(const char *s)
{
    return crawl_feed_hint(s, strlen(s));
}

static void test_hints(void **state)
{
    (void)state;
    assert_int_equal(hint("<rss><channel><ttl>60</ttl></channel></rss>"),
                     3600);
    assert_int_equal(hint("<rss><channel><ttl> 15 </ttl>"), 900);
    assert_int_equal(hint("<x><sy:updatePeriod>hourly</sy:updatePeriod>"
                          "<sy:updateFrequency>2</sy:updateFrequency>"),
                     1800);
    assert_int_equal(hint("<syn:updatePeriod>daily</syn:updatePeriod>"),
                     86400);
    assert_int_equal(hint("<sy:updatePeriod>weekly</sy:updatePeriod>"),
                     CRAWL_MAX_INTERVAL);
    assert_int_equal(hint("<rss><channel><title>x</title></channel>"), 0);
    assert_int_equal(hint("<ttl>abc</ttl>"), 0);
    assert_int_equal(hint("<ttl>99999999999999</ttl>"), 0);
    assert_int_equal(hint("<ttl>"), 0);
    assert_int_equal(hint(""), 0);
}

static int discover(const char *html, const char *base, char *out, size_t n)
{
    struct hw_buf b;
    int r;

    hw_buf_init(&b, HW_BUF_NOLIMIT);
    r = crawl_discover(html, strlen(html), base, &b);
    snprintf(out, n, "%s", b.p);
    hw_buf_release(&b);
    return r;
}

static void test_discover(void **state)
{
    char u[512];

    (void)state;
    assert_int_equal(
        discover("<html><head><link rel=\"stylesheet\" href=\"/s.css\">"
                 "<link rel=\"alternate\" type=\"application/rss+xml\" "
                 "title=\"RSS\" href=\"/feed.xml\"></head></html>",
                 "https://news.example/index.html", u, sizeof u),
        0);
    assert_string_equal(u, "https://news.example/feed.xml");
    /* any case, single quotes, other attribute order, atom */
    assert_int_equal(
        discover("<LINK HREF='rss?a=1&amp;b=2' TYPE='application/atom+xml' "
                 "REL='Alternate'/>",
                 "http://x.example/dir/page", u, sizeof u),
        0);
    assert_string_equal(u, "http://x.example/dir/rss?a=1&b=2");
    /* unquoted, JSON Feed, absolute */
    assert_int_equal(
        discover("<link rel=alternate type=application/feed+json "
                 "href=https://other.example/feed.json>",
                 "http://x.example/", u, sizeof u),
        0);
    assert_string_equal(u, "https://other.example/feed.json");
    /* the first feed link wins; comments and non-feed alternates skipped */
    assert_int_equal(
        discover("<!-- <link rel=\"alternate\" type=\"application/rss+xml\" "
                 "href=\"/commented\"> -->"
                 "<link rel=\"alternate\" hreflang=\"fr\" href=\"/fr\">"
                 "<link rel=\"alternate nofollow\" type=\"application/rss+xml"
                 "\" href=\"/one\"><link rel=\"alternate\" "
                 "type=\"application/rss+xml\" href=\"/two\">",
                 "http://x.example/", u, sizeof u),
        0);
    assert_string_equal(u, "http://x.example/one");
    /* nothing */
    assert_int_equal(discover("<html><body>no feed</body></html>",
                              "http://x.example/", u, sizeof u),
                     HW_ENOTFOUND);
    assert_int_equal(discover("<link rel=\"alternate\" type=\"application/"
                              "rss+xml\">",
                              "http://x.example/", u, sizeof u),
                     HW_ENOTFOUND);
    assert_int_equal(discover("<link", "http://x.example/", u, sizeof u),
                     HW_ENOTFOUND);
    assert_int_equal(discover("<!-- unterminated <link rel=alternate "
                              "type=application/rss+xml href=/x>",
                              "http://x.example/", u, sizeof u),
                     HW_ENOTFOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_interval),
        cmocka_unit_test(test_backoff),
        cmocka_unit_test(test_hints),
        cmocka_unit_test(test_discover),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
