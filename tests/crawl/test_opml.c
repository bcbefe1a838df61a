/*
 * test_opml.c - OPML import and export (src/feed/opml.c): nested folders
 * in OPML 1.0 and 2.0, attribute names in any case, what is not OPML,
 * entity declarations refused (billion laughs, XXE), broken documents
 * read as far as they go, folders nested too deep, and a round trip
 * through export and import that keeps every feed, title and folder.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "feed/opml.h"

static struct feed_opml *parse_ok(const char *s)
{
    struct feed_opml *o = NULL;
    struct hw_diag d;

    if (feed_opml_parse(s, strlen(s), &o, &d) != 0)
        fail_msg("parse failed: %s", d.why);
    return o;
}

static int parse_err(const char *s)
{
    struct feed_opml *o = NULL;
    struct hw_diag d;
    int r = feed_opml_parse(s, strlen(s), &o, &d);

    assert_null(o);
    return r;
}

static const char *str(const char *s)
{
    return s ? s : "(null)";
}

static void test_opml2_nested(void **state)
{
    struct feed_opml *o = parse_ok(
        "<?xml version=\"1.0\"?>\n<opml version=\"2.0\"><head>"
        "<title>My feeds</title></head><body>"
        "<outline text=\"News\">"
        "  <outline text=\"World\" title=\"World\">"
        "    <outline type=\"rss\" text=\"BBC\" title=\"BBC World\""
        "      xmlUrl=\"https://feeds.bbci.co.uk/news/world/rss.xml\""
        "      htmlUrl=\"https://www.bbc.com/news/world\"/>"
        "  </outline>"
        "  <outline type=\"rss\" text=\"AP\" xmlUrl=\"https://ap.example/"
        "rss\"/>"
        "</outline>"
        "<outline type=\"rss\" text=\"Top &amp; level\" "
        "xmlUrl=\" https://top.example/feed?a=1&amp;b=2 \"/>"
        "<outline text=\"Empty folder\"/>"
        "</body></opml>");

    (void)state;
    assert_string_equal(str(o->title), "My feeds");
    assert_int_equal(o->nitems, 3);
    assert_int_equal(o->bozo, 0);
    assert_string_equal(o->items[0].url,
                        "https://feeds.bbci.co.uk/news/world/rss.xml");
    assert_string_equal(str(o->items[0].title), "BBC World");
    assert_string_equal(str(o->items[0].html_url),
                        "https://www.bbc.com/news/world");
    assert_string_equal(str(o->items[0].folder), "News/World");
    assert_string_equal(str(o->items[1].title), "AP");
    assert_string_equal(str(o->items[1].folder), "News");
    assert_string_equal(o->items[2].url, "https://top.example/feed?a=1&b=2");
    assert_string_equal(str(o->items[2].title), "Top & level");
    assert_null(o->items[2].folder);
    feed_opml_free(o);
}

static void test_opml1_case(void **state)
{
    struct feed_opml *o = parse_ok(
        "<opml version=\"1.0\"><body>"
        "<outline title=\"Tech\"><outline text=\"Ars\" type=\"rss\" "
        "XMLURL=\"http://feeds.arstechnica.com/arstechnica/index\" "
        "HTMLUrl=\"https://arstechnica.com\"/></outline>"
        "<outline text=\"a/b\"><outline xmlurl=\"http://x.example/f\"/>"
        "</outline></body></opml>");

    (void)state;
    assert_int_equal(o->nitems, 2);
    assert_string_equal(str(o->items[0].folder), "Tech");
    assert_string_equal(str(o->items[0].html_url), "https://arstechnica.com");
    assert_string_equal(str(o->items[1].folder), "a b"); /* '/' in a name */
    assert_null(o->items[1].title);
    feed_opml_free(o);
}

static void test_not_opml(void **state)
{
    (void)state;
    assert_int_equal(parse_err("<rss version=\"2.0\"><channel/></rss>"),
                     HW_ENOTFEED);
    assert_int_equal(parse_err(""), HW_ENOTFEED);
    assert_int_equal(parse_err("just text"), HW_ENOTFEED);
    assert_int_equal(parse_err("<opml><body><outline xmlUrl=\"x\""),
                     HW_EPARSE);
}

static void test_entities_refused(void **state)
{
    (void)state;
    assert_int_equal(
        parse_err("<?xml version=\"1.0\"?><!DOCTYPE opml [<!ENTITY a \"aaaa"
                  "aaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
                  "<opml><body><outline text=\"&b;\" xmlUrl=\"http://x/\"/>"
                  "</body></opml>"),
        HW_EPARSE);
    assert_int_equal(
        parse_err("<?xml version=\"1.0\"?><!DOCTYPE opml [<!ENTITY x SYSTEM "
                  "\"file:///etc/passwd\">]><opml><body><outline text=\"&x;"
                  "\" xmlUrl=\"http://x/\"/></body></opml>"),
        HW_EPARSE);
    /* in UTF-16 too */
    {
        static const char u16[] = "<\0!\0E\0N\0T\0I\0T\0Y\0";
        struct feed_opml *o = NULL;
        assert_int_equal(feed_opml_parse(u16, sizeof u16 - 1, &o, NULL),
                         HW_EPARSE);
    }
}

static void test_broken_reads_what_it_can(void **state)
{
    struct feed_opml *o = parse_ok(
        "<opml><body><outline text=\"A\" xmlUrl=\"http://a.example/\"/>"
        "<outline text=\"B\" xmlUrl=\"http://b.example/\"/><oops");

    (void)state;
    assert_int_equal(o->nitems, 2);
    assert_int_equal(o->bozo, 1);
    assert_non_null(o->bozo_message);
    feed_opml_free(o);
}

static void test_too_deep(void **state)
{
    struct hw_buf b;
    int i;

    (void)state;
    hw_buf_init(&b, HW_BUF_NOLIMIT);
    hw_buf_adds(&b, "<opml><body>");
    for (i = 0; i < FEED_OPML_MAX_DEPTH + 5; i++)
        hw_buf_adds(&b, "<outline text=\"f\">");
    hw_buf_adds(&b, "<outline xmlUrl=\"http://deep.example/\"/>");
    assert_int_equal(parse_err(b.p), HW_EPARSE);
    hw_buf_release(&b);
}

static void test_round_trip(void **state)
{
    static const struct {
        const char *url, *title, *html_url, *folder;
    } want[] = {
        {"http://b.example/rss", "B <feed> & \"co\"", NULL, "News/World"},
        {"http://a.example/rss", "A", "http://a.example/", NULL},
        {"http://c.example/rss", NULL, NULL, "News"},
        {"http://d.example/rss", "D", NULL, "News/World"},
        {"http://e.example/rss", "E", NULL, "Science"},
        {"http://f.example/rss", "F\ttab", NULL, "News World"},
    };
    struct feed_opml_item items[6];
    struct feed_opml *o;
    struct hw_buf b;
    size_t i, k;

    (void)state;
    for (i = 0; i < 6; i++) {
        items[i].url = hw_strdup(want[i].url);
        items[i].title = hw_strdup(want[i].title);
        items[i].html_url = hw_strdup(want[i].html_url);
        items[i].folder = hw_strdup(want[i].folder);
    }
    hw_buf_init(&b, HW_BUF_NOLIMIT);
    assert_int_equal(feed_opml_write("Mine", items, 6, 1752436800, &b), 0);
    assert_non_null(strstr(b.p, "<opml version=\"2.0\">"));
    assert_non_null(
        strstr(b.p, "<dateCreated>Sun, 13 Jul 2025 20:00:00 GMT"));
    assert_non_null(strstr(b.p, "B &lt;feed&gt; &amp; &quot;co&quot;"));
    o = parse_ok(b.p);
    assert_string_equal(str(o->title), "Mine");
    assert_int_equal(o->nitems, 6);
    for (i = 0; i < 6; i++) {
        for (k = 0; k < o->nitems; k++)
            if (strcmp(o->items[k].url, items[i].url) == 0)
                break;
        assert_true(k < o->nitems);
        assert_string_equal(str(o->items[k].folder), str(items[i].folder));
        if (items[i].title)
            assert_string_equal(str(o->items[k].title), items[i].title);
        assert_string_equal(str(o->items[k].html_url),
                            str(items[i].html_url));
    }
    /* one "News" outline holds both its feeds and "World" */
    {
        const char *p = strstr(b.p, "text=\"News\"");
        assert_non_null(p);
        assert_null(strstr(p + 1, "text=\"News\""));
    }
    feed_opml_free(o);
    hw_buf_release(&b);
    for (i = 0; i < 6; i++) {
        hw_free(items[i].url);
        hw_free(items[i].title);
        hw_free(items[i].html_url);
        hw_free(items[i].folder);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_opml2_nested),
        cmocka_unit_test(test_opml1_case),
        cmocka_unit_test(test_not_opml),
        cmocka_unit_test(test_entities_refused),
        cmocka_unit_test(test_broken_reads_what_it_can),
        cmocka_unit_test(test_too_deep),
        cmocka_unit_test(test_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
