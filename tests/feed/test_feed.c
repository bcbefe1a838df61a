/*
 * test_feed.c - feed_parse() end to end: the seed feeds, small hand-written
 * documents for each format and namespace rule, the named attacks (empty,
 * HTML, PNG, billion laughs, external entity, truncation, invalid UTF-8,
 * oversize input, deep nesting), the golden pairs listed in
 * tests/data/feed/golden.tsv, and a sweep over every file of the shared
 * feed corpus (HW_SHARED, default ../shared) that must never crash.
 *
 * Expected values were read off the input documents by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <jansson.h>

#include "feed/feed.h"

static const char *shared(void)
{
    const char *s = getenv("HW_SHARED");
    return s && *s ? s : "../shared";
}

/* Read a file under the shared tree into b; 0 or an error. */
static int read_shared(const char *rel, struct hw_buf *b)
{
    char path[8192];
    struct hw_diag d;
    snprintf(path, sizeof path, "%s/%s", shared(), rel);
    hw_buf_init(b, FEED_MAX_INPUT + 1);
    return hw_read_file(path, b, &d);
}

static struct feed *parse_str(const char *s, const struct feed_opts *o)
{
    struct feed *f = NULL;
    struct hw_diag d;
    int r = feed_parse(s, strlen(s), o, &f, &d);
    if (r != 0)
        fprintf(stderr, "parse failed: %s\n", d.why);
    assert_int_equal(r, 0);
    assert_non_null(f);
    return f;
}

static struct feed *parse_shared(const char *rel)
{
    struct hw_buf b;
    struct feed *f = NULL;
    struct hw_diag d;
    assert_int_equal(read_shared(rel, &b), 0);
    assert_int_equal(feed_parse(b.p, b.len, NULL, &f, &d), 0);
    hw_buf_release(&b);
    return f;
}

static void assert_time(hw_time t, const char *want)
{
    char out[32];
    if (!want) {
        assert_true(t == HW_TIME_NONE);
        return;
    }
    hw_time_rfc3339(t, out);
    assert_string_equal(out, want);
}

static void assert_prefix(const char *s, const char *prefix)
{
    assert_non_null(s);
    if (strncmp(s, prefix, strlen(prefix)) != 0)
        fail_msg("\"%.80s\" does not start with \"%s\"", s, prefix);
}

/* ---- the seed feeds --------------------------------------------------- */

static void test_seed_aljazeera(void **state)
{
    (void)state;
    struct feed *f = parse_shared("seed/feeds/aljazeera.rss.xml");
    assert_int_equal(f->format, FEED_RSS20);
    assert_string_equal(f->title, "Al Jazeera");
    assert_false(f->bozo);
    assert_true(f->nentries >= 1);
    struct feed_entry *e = &f->entries[0];
    assert_string_equal(e->id, "aje-2025-07-13-0001");
    assert_string_equal(e->link, "https://www.aljazeera.example/news/2025/7/"
                                 "13/north-korea-russia-ally");
    assert_time(e->published, "2025-07-13T03:00:00Z");
    assert_int_equal(e->ncategories, 1);
    assert_string_equal(e->categories[0], "Politics");
    assert_prefix(e->content, "<p>North Korean leader");
    assert_prefix(e->summary, "North Korean leader Kim Jong Un wept");
    assert_prefix(e->title, "\xe2\x80\x98North Korea is now");
    feed_free(f);
}

static void test_seed_bloomberg(void **state)
{
    (void)state;
    struct feed *f = parse_shared("seed/feeds/bloomberg.atom.xml");
    assert_int_equal(f->format, FEED_ATOM10);
    assert_string_equal(f->link, "https://www.bloomberg.example/");
    assert_time(f->updated, "2025-07-13T01:00:00Z");
    assert_int_equal(f->nentries, 2);
    struct feed_entry *e = &f->entries[0];
    assert_string_equal(e->title, "How North Korea Is Giving Russia an Edge "
                                  "in the War on Ukraine");
    assert_string_equal(e->author, "Soo-Hyang Choi");
    assert_time(e->published, "2025-07-13T00:00:00Z");
    assert_string_equal(e->categories[0], "Politics");
    /* type="html": the escaped markup is HTML again */
    assert_prefix(e->content, "<p>By and Soo-Hyang Choi");
    assert_null(e->summary);
    assert_string_equal(f->entries[1].categories[0], "Markets");
    assert_prefix(f->entries[1].summary, "Crude oil held");
    feed_free(f);
}

static void test_seed_dailymail(void **state)
{
    (void)state;
    struct feed *f = parse_shared("seed/feeds/dailymail.rss.xml");
    assert_int_equal(f->format, FEED_RSS20);
    struct feed_entry *e = &f->entries[0];
    /* no guid: the link is the id */
    assert_string_equal(e->id, e->link);
    assert_time(e->published, "2025-07-12T00:00:00Z");
    assert_prefix(e->summary, "Kim Jong Un's military");
    /* &#8217; in an ISO-8859-1 document */
    assert_prefix(f->entries[1].summary, "The men\xe2\x80\x99s final");
    feed_free(f);
}

static void test_seed_json(void **state)
{
    (void)state;
    struct feed *f = parse_shared("seed/feeds/freemalaysiatoday.json");
    assert_int_equal(f->format, FEED_JSONFEED);
    assert_string_equal(f->title, "Free Malaysia Today");
    assert_string_equal(f->link, "https://www.freemalaysiatoday.example/");
    assert_int_equal(f->nentries, 2);
    assert_time(f->entries[0].published, "2025-07-11T18:00:00Z");
    assert_prefix(f->entries[0].content, "<p>Russian foreign minister");
    assert_string_equal(f->entries[0].categories[0], "Politics");
    /* content_text is text: it comes out as (escaped) HTML */
    assert_prefix(f->entries[1].content, "The ringgit opened");
    feed_free(f);
}

static void test_seed_yahoo(void **state)
{
    (void)state;
    struct feed *f = parse_shared("seed/feeds/yahoo.rss.xml");
    struct feed_entry *e = &f->entries[0];
    assert_string_equal(e->author, "The Takeout");
    assert_time(e->published, "2025-07-12T14:00:00Z");
    assert_prefix(e->summary, "<p>Among the many notorious");
    assert_int_equal(e->nenclosures, 1);
    assert_string_equal(e->enclosures[0].url, "https://s.yimg.example/soup.jpg");
    assert_int_equal(f->entries[1].enclosures ? 1 : 0, 0);
    feed_free(f);
}

/* ---- formats and namespaces ------------------------------------------- */

static void test_rss2_namespaces(void **state)
{
    (void)state;
    const char *doc =
        "<?xml version=\"1.0\"?>\n"
        "<rss version=\"2.0\" xmlns:c=\"http://purl.org/rss/1.0/modules/"
        "content/\" xmlns:d=\"http://purl.org/dc/elements/1.1/\" "
        "xmlns:m=\"http://search.yahoo.com/mrss/\" xmlns:a=\"http://www.w3."
        "org/2005/Atom\" xmlns:i=\"http://www.itunes.com/dtds/podcast-1.0.dtd\""
        " xmlns:evil=\"http://example.com/not-dc\">\n"
        "<channel><title>T &amp; U</title>"
        "<a:link rel=\"self\" href=\"http://ex.com/feed.xml\"/>"
        "<a:link rel=\"alternate\" href=\"http://ex.com/\"/>"
        "<i:subtitle>Sub</i:subtitle>"
        "<image><title>not the title</title><link>http://img/</link></image>"
        "<item><title>A &lt;b&gt;bold&lt;/b&gt; title</title>"
        "<link>/a/1</link><guid isPermaLink=\"false\">g1</guid>"
        "<description>short</description>"
        "<c:encoded><![CDATA[<p>long &nbsp;</p>]]></c:encoded>"
        "<d:creator>Jane</d:creator><author>x@y.z (Joe)</author>"
        "<evil:creator>Not Me</evil:creator>"
        "<d:date>2025-07-13T03:00:00Z</d:date>"
        "<d:subject>World</d:subject><category>World</category>"
        "<category> Politics </category>"
        "<enclosure url=\"http://ex.com/a.mp3\" type=\"audio/mpeg\" "
        "length=\"123\"/>"
        "<m:group><m:content url=\"/v.mp4\" type=\"video/mp4\" "
        "fileSize=\"9\"/><m:thumbnail url=\"/t.jpg\"/></m:group>"
        "</item>"
        "<item><i:author>Pod</i:author><i:summary>Pod summary</i:summary>"
        "<guid>http://ex.com/p/2</guid><m:thumbnail url=\"/t2.jpg\"/></item>"
        "</channel></rss>";
    struct feed_opts o = {"http://ex.com/feed.xml", NULL};
    struct feed *f = parse_str(doc, &o);
    assert_string_equal(f->title, "T & U");
    assert_string_equal(f->link, "http://ex.com/"); /* not rel=self */
    assert_string_equal(f->subtitle, "Sub");
    assert_int_equal(f->nentries, 2);
    struct feed_entry *e = &f->entries[0];
    assert_string_equal(e->title, "A bold title");
    assert_string_equal(e->link, "http://ex.com/a/1");
    assert_string_equal(e->id, "g1");
    assert_string_equal(e->summary, "short");
    assert_non_null(strstr(e->content, "long"));
    assert_string_equal(e->author, "Jane");
    assert_time(e->published, "2025-07-13T03:00:00Z");
    assert_int_equal(e->ncategories, 2);
    assert_string_equal(e->categories[0], "World");
    assert_string_equal(e->categories[1], "Politics");
    assert_int_equal(e->nenclosures, 2);
    assert_string_equal(e->enclosures[0].url, "http://ex.com/a.mp3");
    assert_string_equal(e->enclosures[0].type, "audio/mpeg");
    assert_int_equal(e->enclosures[0].length, 123);
    assert_string_equal(e->enclosures[1].url, "http://ex.com/v.mp4");
    assert_int_equal(e->enclosures[1].length, 9);
    e = &f->entries[1];
    assert_string_equal(e->author, "Pod");
    assert_string_equal(e->summary, "Pod summary");
    /* a guid that is a permalink (the default) is also the link */
    assert_string_equal(e->link, "http://ex.com/p/2");
    assert_int_equal(e->nenclosures, 1);
    assert_string_equal(e->enclosures[0].url, "http://ex.com/t2.jpg");
    feed_free(f);
}

static void test_atom_xml_base_xhtml(void **state)
{
    (void)state;
    const char *doc =
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"fr\" "
        "xml:base=\"http://ex.org/blog/\">"
        "<title type=\"html\">A &amp;amp; B</title>"
        "<subtitle>S</subtitle><updated>2025-01-02T03:04:05+01:00</updated>"
        "<link href=\"index.html\"/>"
        "<entry xml:base=\"posts/\"><id>urn:1</id>"
        "<title type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">"
        "X <b>Y</b></div></title>"
        "<link rel=\"related\" href=\"r.html\"/>"
        "<link rel=\"alternate\" type=\"application/pdf\" href=\"p.pdf\"/>"
        "<link href=\"one.html\"/>"
        "<link rel=\"enclosure\" href=\"e.mp3\" length=\"5\" "
        "type=\"audio/mpeg\"/>"
        "<author><name>Ann</name><email>ann@ex.org</email></author>"
        "<category term=\"t1\"/><category term=\"t2\" label=\"Label 2\"/>"
        "<published>2025-07-13T06:00:00+03:00</published>"
        "<summary type=\"text\">1 &lt; 2</summary>"
        "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">"
        "<p>Hi <a href=\"x.html\">there</a></p></div></content>"
        "</entry></feed>";
    struct feed *f = parse_str(doc, NULL);
    assert_int_equal(f->format, FEED_ATOM10);
    assert_string_equal(f->title, "A & B");
    assert_string_equal(f->language, "fr");
    assert_string_equal(f->link, "http://ex.org/blog/index.html");
    assert_time(f->updated, "2025-01-02T02:04:05Z");
    struct feed_entry *e = &f->entries[0];
    assert_string_equal(e->title, "X Y");
    assert_string_equal(e->link, "http://ex.org/blog/posts/one.html");
    assert_string_equal(e->author, "Ann");
    assert_int_equal(e->ncategories, 2);
    assert_string_equal(e->categories[0], "t1");
    assert_string_equal(e->categories[1], "Label 2");
    assert_time(e->published, "2025-07-13T03:00:00Z");
    assert_string_equal(e->summary, "1 &lt; 2");
    assert_non_null(strstr(e->content, "<p>Hi "));
    assert_null(strstr(e->content, "<div"));
    assert_non_null(strstr(e->content, "http://ex.org/blog/posts/x.html"));
    assert_int_equal(e->nenclosures, 1);
    assert_string_equal(e->enclosures[0].url, "http://ex.org/blog/posts/e.mp3");
    assert_int_equal(e->enclosures[0].length, 5);
    feed_free(f);
}

/* RFC 4287 4.2.1: an Atom entry without an author has its feed's (named
 * before or after the entries); an RSS channel's editor is no byline. */
static void test_feed_author_inherited(void **state)
{
    struct feed *f;

    (void)state;
    f = parse_str("<feed xmlns='http://www.w3.org/2005/Atom'><title>t</title>"
                  "<entry><id>a</id><title>A</title>"
                  "<author><name>Own Writer</name></author></entry>"
                  "<entry><id>b</id><title>B</title></entry>"
                  "<author><name>Desk Editor</name>"
                  "<email>desk@example.com</email></author></feed>",
                  NULL);
    assert_int_equal(f->nentries, 2);
    assert_string_equal(f->entries[0].author, "Own Writer");
    assert_string_equal(f->entries[1].author, "Desk Editor");
    feed_free(f);
    f = parse_str("<rss version='2.0'><channel><title>t</title>"
                  "<managingEditor>ed@example.com (Ed)</managingEditor>"
                  "<item><title>A</title><guid>a</guid></item>"
                  "</channel></rss>",
                  NULL);
    assert_int_equal(f->nentries, 1);
    assert_null(f->entries[0].author);
    feed_free(f);
}

/* With no URL given and no xml:base, relative links resolve against the
 * feed's rel="self"; a URL given still wins. */
static void test_links_against_self(void **state)
{
    static const char xml[] =
        "<feed xmlns='http://www.w3.org/2005/Atom'><title>t</title>"
        "<link rel='self' href='https://example.org/news/feed.atom'/>"
        "<link href='/news/'/>"
        "<entry><id>urn:a</id><title>A</title><link href='2025/a.html'/>"
        "<link rel='enclosure' href='/media/a.mp3' type='audio/mpeg'/>"
        "</entry><entry><id>urn:b</id><title>B</title>"
        "<link href='https://other.example/b'/></entry></feed>";
    struct feed_opts o = {"http://given.example/x/feed", NULL};
    struct feed *f;

    (void)state;
    f = parse_str(xml, NULL);
    assert_string_equal(f->link, "https://example.org/news/");
    assert_string_equal(f->entries[0].link,
                        "https://example.org/news/2025/a.html");
    assert_string_equal(f->entries[0].enclosures[0].url,
                        "https://example.org/media/a.mp3");
    assert_string_equal(f->entries[1].link, "https://other.example/b");
    feed_free(f);
    f = parse_str(xml, &o);
    assert_string_equal(f->entries[0].link,
                        "http://given.example/x/2025/a.html");
    feed_free(f);
}

static void test_atom03_rdf_rss09(void **state)
{
    (void)state;
    struct feed *f = parse_str(
        "<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\">"
        "<title>Old</title><tagline>tag</tagline>"
        "<modified>2004-01-01T00:00:00Z</modified>"
        "<entry><title>E</title><id>i</id>"
        "<issued>2003-12-13T08:29:29-04:00</issued>"
        "<modified>2003-12-14T00:00:00Z</modified>"
        "<link rel=\"alternate\" type=\"text/html\" href=\"http://a/\"/>"
        "<content type=\"text/html\" mode=\"escaped\">&lt;i&gt;x&lt;/i&gt;"
        "</content></entry></feed>",
        NULL);
    assert_int_equal(f->format, FEED_ATOM03);
    assert_string_equal(f->subtitle, "tag");
    assert_time(f->entries[0].published, "2003-12-13T12:29:29Z");
    assert_time(f->entries[0].updated, "2003-12-14T00:00:00Z");
    assert_string_equal(f->entries[0].link, "http://a/");
    assert_non_null(strstr(f->entries[0].content, "<i>x</i>"));
    feed_free(f);

    f = parse_str("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-"
                  "syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\">"
                  "<channel rdf:about=\"x\"><title>R</title></channel>"
                  "<item rdf:about=\"http://r/1\"><title>I</title>"
                  "<link>http://r/1</link></item></rdf:RDF>",
                  NULL);
    assert_int_equal(f->format, FEED_RSS10);
    assert_string_equal(f->title, "R");
    assert_string_equal(f->entries[0].id, "http://r/1");
    feed_free(f);

    f = parse_str("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-"
                  "syntax-ns#\" xmlns=\"http://my.netscape.com/rdf/simple/0.9/"
                  "\"><channel><title>N</title></channel><item><title>I</title>"
                  "</item></rdf:RDF>",
                  NULL);
    assert_int_equal(f->format, FEED_RSS09X);
    assert_int_equal(f->nentries, 1);
    feed_free(f);

    f = parse_str("<rss version=\"0.91\"><channel><title>x</title></channel>"
                  "</rss>", NULL);
    assert_int_equal(f->format, FEED_RSS09X);
    feed_free(f);
}

static void test_json_feed(void **state)
{
    (void)state;
    struct feed_opts o = {"https://j.example/feed.json", NULL};
    struct feed *f = parse_str(
        "{\"version\":\"https://jsonfeed.org/version/1\",\"title\":\"J\","
        "\"items\":[{\"id\":7,\"url\":\"/p/7\",\"summary\":\"a<b\","
        "\"content_text\":\"x & y\",\"author\":{\"name\":\"Al\"},"
        "\"date_modified\":\"2020-01-01T00:00:00Z\","
        "\"attachments\":[{\"url\":\"/f.mp3\",\"mime_type\":\"audio/mpeg\","
        "\"size_in_bytes\":42}]}]}",
        &o);
    struct feed_entry *e = &f->entries[0];
    assert_string_equal(e->id, "7");
    assert_string_equal(e->link, "https://j.example/p/7");
    assert_string_equal(e->summary, "a&lt;b");
    assert_string_equal(e->content, "x &amp; y");
    assert_string_equal(e->author, "Al");
    assert_time(e->updated, "2020-01-01T00:00:00Z");
    assert_string_equal(e->enclosures[0].url, "https://j.example/f.mp3");
    assert_int_equal(e->enclosures[0].length, 42);
    feed_free(f);
}

/* ---- encodings -------------------------------------------------------- */

static void test_encodings(void **state)
{
    (void)state;
    struct feed *f;
    struct hw_diag d;
    /* ISO-8859-1 read as windows-1252: 0x80 is the euro sign */
    const char l1[] = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"
                      "<rss><channel><title>Caf\xe9 \x80</title></channel></rss>";
    f = parse_str(l1, NULL);
    assert_string_equal(f->title, "Caf\xc3\xa9 \xe2\x82\xac");
    assert_false(f->bozo);
    feed_free(f);

    /* the caller's charset overrides a wrong declaration */
    const char w1251[] = "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                         "<rss><channel><title>\xcf\xf0\xe8</title>"
                         "</channel></rss>";
    struct feed_opts o = {NULL, "windows-1251"};
    f = parse_str(w1251, &o);
    assert_string_equal(f->title, "\xd0\x9f\xd1\x80\xd0\xb8"); /* При */
    feed_free(f);

    /* invalid UTF-8 in a UTF-8 document: U+FFFD, bozo, never a failure */
    const char bad[] = "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                       "<rss><channel><title>a\xff" "b\xc3\xa9</title>"
                       "</channel></rss>";
    f = parse_str(bad, NULL);
    assert_string_equal(f->title, "a\xef\xbf\xbd" "b\xc3\xa9");
    assert_true(f->bozo);
    feed_free(f);

    /* UTF-16LE with and without a BOM, UTF-16BE with one */
    const char *ascii = "<rss><channel><title>\xc3\xa9t\xc3\xa9</title>"
                        "</channel></rss>";
    uint16_t units[128];
    size_t n = 0, i = 0;
    while (ascii[i]) {
        uint32_t cp;
        int k = hw_utf8_decode(ascii + i, strlen(ascii + i), &cp);
        units[n++] = (uint16_t)cp;
        i += (size_t)k;
    }
    for (int variant = 0; variant < 3; variant++) {
        char buf[300];
        size_t len = 0;
        int be = variant == 2;
        if (variant != 1) {
            buf[len++] = be ? '\xfe' : '\xff';
            buf[len++] = be ? '\xff' : '\xfe';
        }
        for (i = 0; i < n; i++) {
            char hi = (char)(units[i] >> 8), lo = (char)(units[i] & 0xff);
            buf[len++] = be ? hi : lo;
            buf[len++] = be ? lo : hi;
        }
        assert_int_equal(feed_parse(buf, len, NULL, &f, &d), 0);
        assert_string_equal(f->title, "\xc3\xa9t\xc3\xa9");
        feed_free(f);
    }

    /* HTML entities XML does not know, outside CDATA, in text and
     * attributes; a DTD's own definition wins */
    f = parse_str("<rss><channel><item><title>a&nbsp;b&eacute;&mdash;"
                  "<![CDATA[&eacute;]]></title>"
                  "<enclosure url=\"http://x/?a=1&amp;b=&eacute;\"/>"
                  "</item></channel></rss>",
                  NULL);
    /* the CDATA "&eacute;" is kept by XML; the title then looks like HTML
     * and is read as HTML text once (where U+00A0 is a space) */
    assert_string_equal(f->entries[0].title,
                        "a b\xc3\xa9\xe2\x80\x94\xc3\xa9");
    assert_string_equal(f->entries[0].enclosures[0].url,
                        "http://x/?a=1&b=\xc3\xa9");
    feed_free(f);
    f = parse_str("<!DOCTYPE rss [<!ENTITY eacute \"E\">]>"
                  "<rss><channel><title>&eacute;</title></channel></rss>",
                  NULL);
    assert_string_equal(f->title, "E");
    feed_free(f);
}

/* ---- attacks ---------------------------------------------------------- */

static void expect_error(const char *data, size_t len, int code)
{
    struct feed *f = (struct feed *)1;
    struct hw_diag d;
    memset(&d, 0, sizeof d);
    assert_int_equal(feed_parse(data, len, NULL, &f, &d), code);
    assert_null(f);
    assert_true(d.why[0] != '\0');
}

static void test_not_feeds(void **state)
{
    (void)state;
    static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01";
    expect_error("", 0, HW_ENOTFEED);
    expect_error("   \n", 4, HW_ENOTFEED);
    expect_error(png, sizeof png - 1, HW_ENOTFEED);
    const char *html = "<!DOCTYPE html><html><head><title>x</title></head>"
                       "<body><p>hi<br></body></html>";
    expect_error(html, strlen(html), HW_ENOTFEED);
    const char *json = "{\"name\": \"not a feed\", \"items\": [1]}";
    expect_error(json, strlen(json), HW_ENOTFEED);
    expect_error("[1,2,3]", 7, HW_ENOTFEED);
    const char *opml = "<opml version=\"2.0\"><body/></opml>";
    expect_error(opml, strlen(opml), HW_ENOTFEED);
}

static void test_billion_laughs(void **state)
{
    (void)state;
    struct hw_buf b;
    int i, j;
    struct feed *f = NULL;
    struct hw_diag d;
    clock_t t0 = clock();
    hw_buf_init(&b, HW_BUF_NOLIMIT);
    hw_buf_adds(&b, "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n"
                    "<!ENTITY lol0 \"lol\">\n");
    for (i = 1; i < 10; i++) {
        hw_buf_printf(&b, "<!ENTITY lol%d \"", i);
        for (j = 0; j < 10; j++)
            hw_buf_printf(&b, "&lol%d;", i - 1);
        hw_buf_adds(&b, "\">\n");
    }
    hw_buf_adds(&b, "]>\n<rss><channel><title>&lol9;</title>"
                    "<item><title>after</title></item></channel></rss>");
    int r = feed_parse(b.p, b.len, NULL, &f, &d);
    assert_true(r == 0 || r == HW_EPARSE);
    if (r == 0) {
        assert_true(f->bozo);
        assert_true(!f->title || strlen(f->title) < 100000);
        feed_free(f);
    }
    hw_buf_release(&b);
    print_message("  billion laughs: %.2f s of CPU\n",
                  (double)(clock() - t0) / CLOCKS_PER_SEC);
}

static void test_external_entity(void **state)
{
    (void)state;
    const char *doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n"
                      "<!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n"
                      "<!ENTITY % pe SYSTEM \"file:///etc/passwd\">\n%pe;\n]>\n"
                      "<rss><channel><title>a&xxe;b</title><item>"
                      "<description>&xxe;</description></item>"
                      "</channel></rss>";
    struct feed *f = NULL;
    struct hw_diag d;
    struct hw_buf out;
    int r = feed_parse(doc, strlen(doc), NULL, &f, &d);
    if (r != 0)
        return; /* refusing is fine too */
    hw_buf_init(&out, HW_BUF_NOLIMIT);
    feed_to_json(f, &out);
    assert_null(strstr(out.p, "root:"));
    assert_null(strstr(out.p, "/bin/"));
    hw_buf_release(&out);
    feed_free(f);
}

static void test_truncated(void **state)
{
    (void)state;
    struct feed *f = parse_str(
        "<rss version=\"2.0\"><channel><title>T</title>"
        "<item><title>one</title></item>"
        "<item><title>two</title><description>cut he", NULL);
    assert_true(f->bozo);
    assert_non_null(f->bozo_message);
    assert_int_equal(f->nentries, 2);
    assert_string_equal(f->entries[0].title, "one");
    assert_string_equal(f->entries[1].title, "two");
    feed_free(f);

    /* an unescaped '&' and a broken tag: recover the rest */
    f = parse_str("<rss><channel><item><title>AT&T</title></item>"
                  "<item><title>ok</title></item></channel></rss>",
                  NULL);
    assert_true(f->bozo);
    assert_prefix(f->bozo_message, "line 1:");
    assert_int_equal(f->nentries, 2);
    assert_string_equal(f->entries[0].title, "AT&T");
    assert_string_equal(f->entries[1].title, "ok");
    feed_free(f);
}

static void test_oversize(void **state)
{
    (void)state;
    size_t n = 33u * 1024 * 1024;
    char *big = malloc(n);
    assert_non_null(big);
    memset(big, ' ', n);
    memcpy(big, "<rss>", 5);
    expect_error(big, n, HW_ETOOBIG);
    free(big);
}

static void test_deep_nesting(void **state)
{
    (void)state;
    struct hw_buf b;
    struct feed *f = NULL;
    struct hw_diag d;
    int i;
    hw_buf_init(&b, HW_BUF_NOLIMIT);
    hw_buf_adds(&b, "<rss><channel><item><description>");
    for (i = 0; i < 100000; i++)
        hw_buf_adds(&b, "<div>");
    hw_buf_adds(&b, "deep");
    int r = feed_parse(b.p, b.len, NULL, &f, &d);
    assert_int_equal(r, 0);
    assert_true(f->bozo);
    assert_int_equal(f->nentries, 1);
    feed_free(f);
    hw_buf_release(&b);
}

static void test_garbage(void **state)
{
    (void)state;
    /* random bytes after a feed-like start never crash */
    unsigned char buf[4096];
    unsigned int seed = 12345;
    struct feed *f;
    struct hw_diag d;
    int round;
    for (round = 0; round < 200; round++) {
        size_t i, n = 64 + (size_t)(round * 19) % 4000;
        memcpy(buf, "<rss><channel><item>", 20);
        for (i = 20; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            buf[i] = (unsigned char)(seed >> 16);
            if ((seed >> 8) % 5 == 0)
                buf[i] = (unsigned char)"<>&;/\"= abc"[(seed >> 3) % 11];
        }
        f = NULL;
        if (feed_parse((const char *)buf, n, NULL, &f, &d) == 0)
            feed_free(f);
    }
}

static void test_url_resolve(void **state)
{
    (void)state;
    static const char *const rows[][3] = {
        /* RFC 3986 section 5.4 examples, base http://a/b/c/d;p?q */
        {"http://a/b/c/d;p?q", "g", "http://a/b/c/g"},
        {"http://a/b/c/d;p?q", "./g", "http://a/b/c/g"},
        {"http://a/b/c/d;p?q", "g/", "http://a/b/c/g/"},
        {"http://a/b/c/d;p?q", "/g", "http://a/g"},
        {"http://a/b/c/d;p?q", "//g", "http://g"},
        {"http://a/b/c/d;p?q", "?y", "http://a/b/c/d;p?y"},
        {"http://a/b/c/d;p?q", "g?y", "http://a/b/c/g?y"},
        {"http://a/b/c/d;p?q", "#s", "http://a/b/c/d;p?q#s"},
        {"http://a/b/c/d;p?q", "", "http://a/b/c/d;p?q"},
        {"http://a/b/c/d;p?q", ".", "http://a/b/c/"},
        {"http://a/b/c/d;p?q", "..", "http://a/b/"},
        {"http://a/b/c/d;p?q", "../g", "http://a/b/g"},
        {"http://a/b/c/d;p?q", "../..", "http://a/"},
        {"http://a/b/c/d;p?q", "../../../g", "http://a/g"},
        {"http://a/b/c/d;p?q", "/./g", "http://a/g"},
        {"http://a/b/c/d;p?q", "g.", "http://a/b/c/g."},
        {"http://a/b/c/d;p?q", "./g/.", "http://a/b/c/g/"},
        {"http://a/b/c/d;p?q", "g;x=1/../y", "http://a/b/c/y"},
        {"http://a/b/c/d;p?q", "g:h", "g:h"},
        {"http://example.com", "x", "http://example.com/x"},
        {NULL, "rel/x", "rel/x"},
        {"http://a/b", " http://c/d ", "http://c/d"},
    };
    size_t i;
    for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct hw_buf b;
        hw_buf_init(&b, 4096);
        assert_int_equal(feed_url_resolve(rows[i][0], rows[i][1], &b), 0);
        if (strcmp(b.p, rows[i][2]) != 0)
            fail_msg("resolve(%s, %s) = %s, want %s", rows[i][0],
                     rows[i][1], b.p, rows[i][2]);
        hw_buf_release(&b);
    }
}

/* ---- goldens ---------------------------------------------------------- */

static int json_same(json_t *a, json_t *b, char *path, size_t cap)
{
    if (json_equal(a, b))
        return 1;
    if (json_is_object(a) && json_is_object(b)) {
        const char *k;
        json_t *v;
        json_object_foreach(a, k, v) {
            size_t n = strlen(path);
            snprintf(path + n, cap - n, ".%s", k);
            if (!json_same(v, json_object_get(b, k), path, cap))
                return 0;
            path[n] = '\0';
        }
        return 0;
    }
    if (json_is_array(a) && json_is_array(b)) {
        size_t i, n = strlen(path);
        for (i = 0; i < json_array_size(a) && i < json_array_size(b); i++) {
            snprintf(path + n, cap - n, "[%zu]", i);
            if (!json_same(json_array_get(a, i), json_array_get(b, i), path,
                           cap))
                return 0;
            path[n] = '\0';
        }
        snprintf(path + n, cap - n, " (array sizes %zu, %zu)",
                 json_array_size(a), json_array_size(b));
    }
    return 0;
}

static void test_golden(void **state)
{
    (void)state;
    FILE *list = fopen("tests/data/feed/golden.tsv", "r");
    char line[2048];
    int n = 0, bad = 0;
    assert_non_null(list);
    while (fgets(line, sizeof line, list)) {
        char *tab = strchr(line, '\t'), *nl;
        struct hw_buf in, out;
        struct feed *f = NULL;
        struct hw_diag d;
        char gpath[2200], rel[2200], path[512];
        json_error_t je;
        json_t *got, *want;
        if (line[0] == '#' || !tab)
            continue;
        *tab = '\0';
        if ((nl = strchr(tab + 1, '\n')))
            *nl = '\0';
        snprintf(rel, sizeof rel, "data/feeds/%s", tab + 1);
        snprintf(gpath, sizeof gpath, "tests/data/feed/golden/%s.json", line);
        assert_int_equal(read_shared(rel, &in), 0);
        if (feed_parse(in.p, in.len, NULL, &f, &d) != 0) {
            fprintf(stderr, "golden %s: parse failed: %s\n", line, d.why);
            bad++;
            hw_buf_release(&in);
            continue;
        }
        hw_buf_release(&in);
        hw_buf_init(&out, HW_BUF_NOLIMIT);
        feed_to_json(f, &out);
        feed_free(f);
        got = json_loads(out.p, 0, &je);
        hw_buf_release(&out);
        want = json_load_file(gpath, 0, &je);
        assert_non_null(got);
        if (!want) {
            fprintf(stderr, "golden %s: cannot read %s\n", line, gpath);
            bad++;
        } else {
            path[0] = '\0';
            if (!json_same(want, got, path, sizeof path)) {
                fprintf(stderr, "golden %s: differs at %s\n", line, path);
                bad++;
            }
        }
        json_decref(got);
        json_decref(want);
        n++;
    }
    fclose(list);
    printf("goldens: %d compared, %d differ\n", n, bad);
    assert_true(n >= 40);
    assert_int_equal(bad, 0);
}

/* ---- the whole corpus ------------------------------------------------- */

static void test_corpus(void **state)
{
    (void)state;
    char mpath[1024], line[4096];
    int parsed = 0, bozo = 0, errors = 0, feeds_failed = 0;
    FILE *m;
    snprintf(mpath, sizeof mpath, "%s/data/feeds/manifest.tsv", shared());
    m = fopen(mpath, "r");
    if (!m) {
        printf("feeds: corpus not found at %s, skipped\n", mpath);
        skip();
    }
    while (fgets(line, sizeof line, m)) {
        char *kind, *fmt, *t1, *t2, rel[4200];
        struct hw_buf b;
        struct feed *f = NULL;
        struct hw_diag d;
        if (strncmp(line, "path\t", 5) == 0)
            continue;
        t1 = strchr(line, '\t');
        if (!t1)
            continue;
        *t1 = '\0';
        kind = t1 + 1;
        t2 = strchr(kind, '\t');
        if (!t2)
            continue;
        *t2 = '\0';
        fmt = t2 + 1;
        snprintf(rel, sizeof rel, "data/feeds/%s", line);
        if (read_shared(rel, &b) != 0) {
            hw_buf_release(&b);
            continue;
        }
        int r = feed_parse(b.p, b.len, NULL, &f, &d);
        hw_buf_release(&b);
        if (r == 0) {
            struct hw_buf out;
            parsed++;
            bozo += f->bozo != 0;
            hw_buf_init(&out, HW_BUF_NOLIMIT);
            assert_int_equal(feed_to_json(f, &out), 0);
            assert_true(hw_utf8_valid(out.p, out.len));
            hw_buf_release(&out);
            feed_free(f);
        } else {
            errors++;
            assert_true(r == HW_ENOTFEED || r == HW_EPARSE);
            /* an RSS/Atom file is never refused, but for these: gzip
             * bytes (the fetcher inflates) and an Atom feed inside an
             * XHTML page */
            if (strcmp(kind, "feed") == 0 && !strstr(line, "gzipped") &&
                !strstr(line, "compressed.xml") &&
                !strstr(line, "DuplicateContentAtomFeed") &&
                (strncmp(fmt, "rss-", 4) == 0 ||
                 strncmp(fmt, "atom-1.0", 8) == 0 ||
                 strncmp(fmt, "atom-0.3", 8) == 0)) {
                fprintf(stderr, "refused %s: %s\n", line, d.why);
                feeds_failed++;
            }
        }
    }
    fclose(m);
    printf("feeds: %d parsed, %d bozo, %d not a feed/errors\n", parsed, bozo,
           errors);
    assert_true(parsed > 1500);
    assert_int_equal(feeds_failed, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_aljazeera),
        cmocka_unit_test(test_seed_bloomberg),
        cmocka_unit_test(test_seed_dailymail),
        cmocka_unit_test(test_seed_json),
        cmocka_unit_test(test_seed_yahoo),
        cmocka_unit_test(test_rss2_namespaces),
        cmocka_unit_test(test_atom_xml_base_xhtml),
        cmocka_unit_test(test_feed_author_inherited),
        cmocka_unit_test(test_links_against_self),
        cmocka_unit_test(test_atom03_rdf_rss09),
        cmocka_unit_test(test_json_feed),
        cmocka_unit_test(test_encodings),
        cmocka_unit_test(test_not_feeds),
        cmocka_unit_test(test_billion_laughs),
        cmocka_unit_test(test_external_entity),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_oversize),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_garbage),
        cmocka_unit_test(test_url_resolve),
        cmocka_unit_test(test_golden),
        cmocka_unit_test(test_corpus),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
