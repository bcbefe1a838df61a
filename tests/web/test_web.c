/*
 * test_web.c - the web room's mechanisms without a browser: request
 * targets, percent decoding, query strings, route matching on the real
 * table, escaping, leads, HTTP dates, entity tags, Accept-Encoding, gzip,
 * the tag-name resolver, paging parameters, categories in URLs; and the
 * server's life cycle (start on a free port, answer, stop) on a fresh
 * database.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <cmocka.h>

#include "nlp/taxonomy.h"
#include "web/web_int.h"

static struct hw_str S(const char *s)
{
    return hw_str_of(s);
}

/* ---- targets, decoding, queries ------------------------------------------ */

static void test_target_split(void **state)
{
    struct hw_str p, q;
    char big[WEB_TARGET_MAX + 2];

    (void)state;
    assert_int_equal(web_target_split("/tag/x?before=1.2", 17, &p, &q), 0);
    assert_true(hw_str_eq(p, "/tag/x"));
    assert_true(hw_str_eq(q, "before=1.2"));
    assert_int_equal(web_target_split("/a#frag", 7, &p, &q), 0);
    assert_true(hw_str_eq(p, "/a"));
    assert_int_equal(q.len, 0);
    assert_int_equal(web_target_split("/a?b#c?d", 8, &p, &q), 0);
    assert_true(hw_str_eq(q, "b"));
    assert_int_equal(web_target_split("/", 1, &p, &q), 0);
    assert_int_equal(web_target_split("", 0, &p, &q), HW_EPARSE);
    assert_int_equal(web_target_split("tag/x", 5, &p, &q), HW_EPARSE);
    assert_int_equal(web_target_split("http://x/", 9, &p, &q), HW_EPARSE);
    assert_int_equal(web_target_split("/a b", 4, &p, &q), HW_EPARSE);
    assert_int_equal(web_target_split("/a\r\n", 4, &p, &q), HW_EPARSE);
    assert_int_equal(web_target_split("/a\"<", 4, &p, &q), HW_EPARSE);
    assert_int_equal(web_target_split("/\xc3\xa9", 3, &p, &q), HW_EPARSE);
    memset(big, 'a', sizeof big);
    big[0] = '/';
    assert_int_equal(web_target_split(big, sizeof big, &p, &q), HW_ETOOBIG);
    assert_int_equal(web_target_split(big, WEB_TARGET_MAX, &p, &q), 0);
}

static int decode(const char *s, int plus, char *out, size_t cap)
{
    struct hw_buf b;
    int r;

    hw_buf_init(&b, 64);
    r = web_pct_decode(S(s), plus, &b);
    snprintf(out, cap, "%s", b.p);
    hw_buf_release(&b);
    return r;
}

static void test_pct_decode(void **state)
{
    char out[128];

    (void)state;
    assert_int_equal(decode("Kim%20Jong-un", 0, out, sizeof out), 0);
    assert_string_equal(out, "Kim Jong-un");
    assert_int_equal(decode("a+b%2Bc", 1, out, sizeof out), 0);
    assert_string_equal(out, "a b+c");
    assert_int_equal(decode("a+b", 0, out, sizeof out), 0);
    assert_string_equal(out, "a+b");
    assert_int_equal(decode("%C3%A9t%c3%a9", 0, out, sizeof out), 0);
    assert_string_equal(out, "\xc3\xa9t\xc3\xa9");
    assert_int_equal(decode("%zz", 0, out, sizeof out), HW_EPARSE);
    assert_int_equal(decode("%", 0, out, sizeof out), HW_EPARSE);
    assert_int_equal(decode("%4", 0, out, sizeof out), HW_EPARSE);
    assert_int_equal(decode("ab%4", 0, out, sizeof out), HW_EPARSE);
    assert_int_equal(decode("%41", 0, out, sizeof out), 0);
    assert_string_equal(out, "A");
    assert_int_equal(decode("%00", 0, out, sizeof out), HW_EPARSE);
    assert_int_equal(decode("%0d%0a", 0, out, sizeof out), HW_EPARSE);
    assert_int_equal(decode("%7f", 0, out, sizeof out), HW_EPARSE);
    assert_int_equal(decode("%09", 0, out, sizeof out), 0);
    assert_int_equal(decode("%ff%fe", 0, out, sizeof out), HW_EENCODING);
    assert_int_equal(decode("%c0%af", 0, out, sizeof out), HW_EENCODING);
    assert_int_equal(decode("%ed%a0%80", 0, out, sizeof out), HW_EENCODING);
    assert_int_equal(
        decode("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
               "aaaaaaaa",
               0, out, sizeof out),
        HW_ETOOBIG);
}

static void test_query_get(void **state)
{
    struct hw_buf v;

    (void)state;
    hw_buf_init(&v, 256);
    assert_int_equal(web_query_get(S("q=shark+soup&page=2"), "q", &v), 1);
    assert_string_equal(v.p, "shark soup");
    assert_int_equal(web_query_get(S("q=shark+soup&page=2"), "page", &v), 1);
    assert_string_equal(v.p, "2");
    assert_int_equal(web_query_get(S("qq=1&q=2"), "q", &v), 1);
    assert_string_equal(v.p, "2");
    assert_int_equal(web_query_get(S("q=1&q=2"), "q", &v), 1);
    assert_string_equal(v.p, "1");
    assert_int_equal(web_query_get(S("a&b="), "a", &v), 1);
    assert_string_equal(v.p, "");
    assert_int_equal(web_query_get(S("a&b="), "b", &v), 1);
    assert_int_equal(web_query_get(S("a&b="), "c", &v), 0);
    assert_int_equal(web_query_get(S(""), "q", &v), 0);
    assert_int_equal(web_query_get(S("&&&"), "q", &v), 0);
    assert_int_equal(web_query_get(S("x=1;q=%3Cb%3E"), "q", &v), 1);
    assert_string_equal(v.p, "<b>");
    assert_int_equal(web_query_get(S("q=%zz"), "q", &v), HW_EPARSE);
    assert_int_equal(web_query_get(S("q=%00"), "q", &v), HW_EPARSE);
    assert_int_equal(web_query_get(S("q=a=b"), "q", &v), 1);
    assert_string_equal(v.p, "a=b");
    hw_buf_release(&v);
}

/* ---- routing ------------------------------------------------------------- */

static const char *route_of(const char *method, const char *path,
                            struct web_match *m, unsigned *allowed)
{
    int r = web_route_match(web_routes, web_nroutes, method, S(path), m,
                            allowed);
    static char buf[16];

    if (r >= 0)
        return web_routes[r].name;
    snprintf(buf, sizeof buf, "%d", r);
    return buf;
}

static void test_routes(void **state)
{
    struct web_match m;
    unsigned allowed = 0;

    (void)state;
    assert_string_equal(route_of("GET", "/", &m, NULL), "home");
    hw_buf_release(&m.buf);
    assert_string_equal(route_of("HEAD", "/tag/Kim_Jong-un", &m, NULL),
                        "tag");
    assert_int_equal(m.nparams, 1);
    assert_true(hw_str_eq(m.params[0], "Kim_Jong-un"));
    hw_buf_release(&m.buf);
    assert_string_equal(route_of("GET", "/tag/KimJongUn.atom", &m, NULL),
                        "tag_atom");
    assert_true(hw_str_eq(m.params[0], "KimJongUn"));
    hw_buf_release(&m.buf);
    assert_string_equal(route_of("GET", "/tag/Kim%20Jong%20Un/", &m, NULL),
                        "tag");
    assert_true(hw_str_eq(m.params[0], "Kim Jong Un"));
    hw_buf_release(&m.buf);
    assert_string_equal(
        route_of("GET", "/api/v1/tags/KimJongUn/articles", &m, NULL),
        "api_tag_articles");
    assert_true(hw_str_eq(m.params[0], "KimJongUn"));
    hw_buf_release(&m.buf);
    assert_string_equal(route_of("GET", "/api/v1/tags/KimJongUn", &m, NULL),
                        "api_tag");
    hw_buf_release(&m.buf);
    assert_string_equal(route_of("GET", "/tag/a/b", &m, NULL), "-404");
    hw_buf_release(&m.buf);
    assert_string_equal(route_of("GET", "/tag/", &m, NULL), "-404");
    hw_buf_release(&m.buf);
    assert_string_equal(route_of("GET", "/tags", &m, NULL), "-404");
    hw_buf_release(&m.buf);
    assert_string_equal(route_of("GET", "//", &m, NULL), "-404");
    hw_buf_release(&m.buf);
    assert_string_equal(route_of("GET", "/tag/%2e%2e", &m, NULL), "-400");
    hw_buf_release(&m.buf);
    assert_string_equal(route_of("GET", "/tag/..", &m, NULL), "-400");
    hw_buf_release(&m.buf);
    assert_string_equal(route_of("GET", "/tag/a%2Fb", &m, NULL), "-400");
    hw_buf_release(&m.buf);
    assert_string_equal(route_of("GET", "/tag/%zz", &m, NULL), "-400");
    hw_buf_release(&m.buf);
    assert_string_equal(route_of("POST", "/tag/x", &m, &allowed), "-405");
    assert_int_equal(allowed, WEB_GET);
    hw_buf_release(&m.buf);
    assert_string_equal(route_of("GET", "/api/v1/feeds", &m, &allowed),
                        "-405");
    assert_int_equal(allowed, WEB_POST);
    hw_buf_release(&m.buf);
    assert_string_equal(route_of("DELETE", "/", &m, &allowed), "-405");
    hw_buf_release(&m.buf);
    assert_string_equal(route_of("POST", "/api/v1/opml", &m, NULL),
                        "api_opml");
    hw_buf_release(&m.buf);
    assert_int_equal(web_method_bit("HEAD"), WEB_GET);
    assert_int_equal(web_method_bit("get"), 0);
    assert_true(web_nroutes <= WEB_MAX_ROUTES);
}

/* ---- escaping ------------------------------------------------------------ */

static void test_escape(void **state)
{
    struct hw_buf b;
    const char in[] = "<a href=\"x\" onclick='y'>&amp;</a>\t\n\x01\x7f"
                      "\xc2\x85\xef\xbf\xbe\xe2\x80\x94\xff!";

    (void)state;
    hw_buf_init(&b, HW_BUF_NOLIMIT);
    web_esc(&b, in, sizeof in - 1);
    assert_string_equal(b.p,
                        "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;"
                        "&amp;amp;&lt;/a&gt;\t\n\xe2\x80\x94\xef\xbf\xbd!");
    hw_buf_reset(&b);
    web_escs(&b, NULL);
    assert_int_equal(b.len, 0);
    web_esc_marked(&b, "a\001<b>\002 c \001d", 11, '\001', '\002');
    assert_string_equal(b.p, "a<mark>&lt;b&gt;</mark> c <mark>d</mark>");
    hw_buf_reset(&b);
    web_esc_marked(&b, "\002x\002", 3, '\001', '\002');
    assert_string_equal(b.p, "x");
    hw_buf_reset(&b);
    web_url_esc(&b, "Kim Jong-un/é?&#", strlen("Kim Jong-un/é?&#"));
    assert_string_equal(b.p, "Kim%20Jong-un%2F%C3%A9%3F%26%23");
    assert_true(web_url_is_http("https://example.com/a?b"));
    assert_true(web_url_is_http("HTTP://example.com/"));
    assert_false(web_url_is_http("javascript:alert(1)"));
    assert_false(web_url_is_http(" http://x/"));
    assert_false(web_url_is_http("http://x/ y"));
    assert_false(web_url_is_http("data:text/html,x"));
    assert_false(web_url_is_http("//x/"));
    assert_false(web_url_is_http(NULL));
    hw_buf_release(&b);
}

static void test_lead(void **state)
{
    struct hw_buf b;
    char word[700];

    (void)state;
    hw_buf_init(&b, HW_BUF_NOLIMIT);
    web_lead(&b, "Short  text.\n\nTwo <b>paras</b>.", 100, 1);
    assert_string_equal(b.p, "Short text. Two &lt;b&gt;paras&lt;/b&gt;.");
    hw_buf_reset(&b);
    web_lead(&b, "one two three four five six seven", 20, 0);
    assert_string_equal(b.p, "one two three four\xe2\x80\xa6");
    hw_buf_reset(&b);
    /* an unbroken word is cut at max, never inside a character */
    memset(word, 0, sizeof word);
    for (int i = 0; i < 300; i++)
        memcpy(word + 2 * i, "\xc3\xa9", 2);
    web_lead(&b, word, 101, 0);
    assert_true(hw_utf8_valid(b.p, b.len));
    assert_true(b.len <= 104);
    hw_buf_reset(&b);
    web_lead(&b, NULL, 10, 1);
    assert_int_equal(b.len, 0);
    web_lead(&b, "exactly ten", 11, 1);
    assert_string_equal(b.p, "exactly ten");
    hw_buf_release(&b);
}

/* ---- HTTP helpers -------------------------------------------------------- */

static void test_http_dates(void **state)
{
    char s[32];
    hw_time t = hw_time_from_civil(2025, 7, 13, 3, 0, 0), back;

    (void)state;
    web_http_date(t, s);
    assert_string_equal(s, "Sun, 13 Jul 2025 03:00:00 GMT");
    assert_int_equal(web_http_date_parse(s, &back), 0);
    assert_int_equal(back, t);
    web_http_date(0, s);
    assert_string_equal(s, "Thu, 01 Jan 1970 00:00:00 GMT");
    web_http_date(hw_time_from_civil(2024, 2, 29, 23, 59, 59), s);
    assert_string_equal(s, "Thu, 29 Feb 2024 23:59:59 GMT");
    web_human_time(t, s);
    assert_string_equal(s, "2025-07-13 03:00 UTC");
    assert_int_equal(web_http_date_parse("Sunday, 13-Jul-25 03:00:00 GMT",
                                         &back),
                     HW_EPARSE);
    assert_int_equal(web_http_date_parse("Sun, 13 Jux 2025 03:00:00 GMT",
                                         &back),
                     HW_EPARSE);
    assert_int_equal(web_http_date_parse(NULL, &back), HW_EPARSE);
}

static void test_etag_and_encoding(void **state)
{
    (void)state;
    assert_true(web_etag_match("\"abc\"", "\"abc\""));
    assert_true(web_etag_match("\"x\", W/\"abc\"", "\"abc\""));
    assert_true(web_etag_match("*", "\"abc\""));
    assert_false(web_etag_match("\"abcd\"", "\"abc\""));
    assert_false(web_etag_match("", "\"abc\""));
    assert_false(web_etag_match(NULL, "\"abc\""));
    assert_true(web_accepts_gzip("gzip, deflate, br"));
    assert_true(web_accepts_gzip("GZIP;q=0.5"));
    assert_true(web_accepts_gzip("*"));
    assert_true(web_accepts_gzip("x-gzip"));
    assert_false(web_accepts_gzip("gzip;q=0"));
    assert_false(web_accepts_gzip("gzip; q=0.000"));
    assert_false(web_accepts_gzip("identity"));
    assert_false(web_accepts_gzip("*;q=0"));
    assert_false(web_accepts_gzip("gzip;q=0, *"));
    assert_false(web_accepts_gzip("gzipx"));
    assert_false(web_accepts_gzip(NULL));
}

static void test_gzip(void **state)
{
    struct hw_buf z;
    char text[5000], back[6000];
    uLongf n = sizeof back;
    z_stream s;
    int i;

    (void)state;
    for (i = 0; i < (int)sizeof text; i++)
        text[i] = "news "[i % 5];
    hw_buf_init(&z, HW_BUF_NOLIMIT);
    assert_int_equal(web_gzip(text, sizeof text, &z), 0);
    assert_true(z.len > 18 && z.len < 200);
    assert_int_equal((unsigned char)z.p[0], 0x1f);
    assert_int_equal((unsigned char)z.p[1], 0x8b);
    memset(&s, 0, sizeof s);
    assert_int_equal(inflateInit2(&s, 15 + 16), Z_OK);
    s.next_in = (unsigned char *)z.p;
    s.avail_in = (uInt)z.len;
    s.next_out = (unsigned char *)back;
    s.avail_out = (uInt)n;
    assert_int_equal(inflate(&s, Z_FINISH), Z_STREAM_END);
    assert_int_equal(s.total_out, sizeof text);
    assert_memory_equal(back, text, sizeof text);
    inflateEnd(&s);
    hw_buf_release(&z);
}

/* ---- news helpers -------------------------------------------------------- */

static void test_tag_key(void **state)
{
    struct hw_buf k, v;
    char big[600];

    (void)state;
    hw_buf_init(&k, 1024);
    hw_buf_init(&v, 1024);
    assert_int_equal(web_tag_key(S("Kim_Jong-un"), &k, &v), 0);
    assert_string_equal(k.p, "kimjongun");
    assert_int_equal(web_tag_key(S("#KimJongUn"), &k, &v), 0);
    assert_string_equal(k.p, "kimjongun");
    assert_int_equal(web_tag_key(S("KIM JONG UN"), &k, &v), 0);
    assert_string_equal(k.p, "kimjongun");
    assert_true(v.len > 0);
    assert_int_equal(web_tag_key(S("!!!"), &k, &v), HW_EINVAL);
    assert_int_equal(web_tag_key(S(""), &k, &v), HW_EINVAL);
    memset(big, 'k', sizeof big);
    assert_int_equal(web_tag_key((struct hw_str){big, sizeof big}, &k, &v),
                     HW_ETOOBIG);
    hw_buf_release(&k);
    hw_buf_release(&v);
}

static void test_before_and_limit(void **state)
{
    hw_time t;
    int64_t id;

    (void)state;
    assert_int_equal(web_parse_before(S("before=1752375600.12"), &t, &id), 1);
    assert_int_equal(t, 1752375600);
    assert_int_equal(id, 12);
    assert_int_equal(web_parse_before(S("x=1&before=-5.3"), &t, &id), 1);
    assert_int_equal(t, -5);
    assert_int_equal(web_parse_before(S("x=1"), &t, &id), 0);
    assert_int_equal(web_parse_before(S("before=abc"), &t, &id), HW_EPARSE);
    assert_int_equal(web_parse_before(S("before=1.2.3"), &t, &id), HW_EPARSE);
    assert_int_equal(web_parse_before(S("before=1."), &t, &id), HW_EPARSE);
    assert_int_equal(web_parse_before(S("before=.1"), &t, &id), HW_EPARSE);
    assert_int_equal(web_parse_before(S("before=1.-2"), &t, &id), HW_EPARSE);
    assert_int_equal(web_parse_before(S("before=1%27--.2"), &t, &id),
                     HW_EPARSE);
    assert_int_equal(
        web_parse_before(S("before=99999999999999999999.1"), &t, &id),
        HW_EPARSE);
    assert_int_equal(web_parse_limit(S("limit=5"), 20, 100), 5);
    assert_int_equal(web_parse_limit(S("limit=0"), 20, 100), 20);
    assert_int_equal(web_parse_limit(S("limit=101"), 20, 100), 20);
    assert_int_equal(web_parse_limit(S("limit=5x"), 20, 100), 20);
    assert_int_equal(web_parse_limit(S(""), 20, 100), 20);
}

static void test_categories(void **state)
{
    struct hw_buf b;
    size_t i;

    (void)state;
    assert_string_equal(web_category_find(S("politics")), "Politics");
    assert_string_equal(web_category_find(S("POLITICS")), "Politics");
    assert_string_equal(web_category_find(S("Arts & Culture")),
                        "Arts & Culture");
    assert_string_equal(web_category_find(S("arts-culture")),
                        "Arts & Culture");
    assert_string_equal(web_category_find(S("food-and-drink")),
                        "Food & Drink");
    assert_string_equal(web_category_find(S("Crime and Justice")),
                        "Crime & Justice");
    assert_null(web_category_find(S("nope")));
    assert_null(web_category_find(S("")));
    /* punctuation is ignored, so this is still Politics */
    assert_string_equal(web_category_find(S("politics'--")), "Politics");
    hw_buf_init(&b, 256);
    for (i = 0; i < nlp_ncategories; i++) {
        hw_buf_reset(&b);
        web_category_slug(&b, nlp_categories[i]);
        assert_string_equal(web_category_find(S(b.p)), nlp_categories[i]);
    }
    hw_buf_reset(&b);
    web_category_slug(&b, "Arts & Culture");
    assert_string_equal(b.p, "arts-culture");
    hw_buf_release(&b);
}

/* ---- the server's life cycle --------------------------------------------- */

static char dbpath[64];

static int get_status(int port, const char *request, char *body, size_t cap)
{
    struct sockaddr_in a;
    char buf[65536];
    size_t len = 0;
    ssize_t n;
    int fd = socket(AF_INET, SOCK_STREAM, 0), status = 0;

    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) != 0)
        return -1;
    if (write(fd, request, strlen(request)) < 0)
        return -1;
    while (len < sizeof buf - 1 &&
           (n = read(fd, buf + len, sizeof buf - 1 - len)) > 0)
        len += (size_t)n;
    close(fd);
    buf[len] = '\0';
    if (len > 12 && memcmp(buf, "HTTP/1.", 7) == 0)
        status = atoi(buf + 9);
    if (body) {
        const char *b = strstr(buf, "\r\n\r\n");
        snprintf(body, cap, "%s", b ? b + 4 : "");
    }
    return status;
}

static void test_server_lifecycle(void **state)
{
    struct web_opts o;
    struct web *w, *w2;
    struct hw_diag d;
    char body[4096];
    int fd;

    (void)state;
    snprintf(dbpath, sizeof dbpath, "/tmp/hw-web-XXXXXX");
    fd = mkstemp(dbpath);
    assert_true(fd >= 0);
    close(fd);
    unlink(dbpath);
    web_opts_default(&o);
    o.store = dbpath;
    o.port = 0;
    o.threads = 2;
    o.quiet = 1;
    o.now = hw_time_from_civil(2025, 7, 13, 20, 0, 0);
    assert_int_equal(web_start(&o, &w, &d), 0);
    assert_true(web_port(w) > 0);
    assert_non_null(strstr(web_url(w), "http://127.0.0.1:"));
    assert_int_equal(get_status(web_port(w),
                                "GET /healthz HTTP/1.0\r\n\r\n", body,
                                sizeof body),
                     200);
    assert_string_equal(body, "ok\n");
    assert_int_equal(get_status(web_port(w), "GET / HTTP/1.0\r\n\r\n", body,
                                sizeof body),
                     200);
    assert_non_null(strstr(body, "No articles yet"));
    assert_int_equal(get_status(web_port(w),
                                "GET /tag/Nobody HTTP/1.0\r\n\r\n", NULL, 0),
                     404);
    assert_int_equal(get_status(web_port(w),
                                "GET /api/v1/trending HTTP/1.0\r\n\r\n",
                                body, sizeof body),
                     200);
    assert_non_null(strstr(body, "\"tags\":[]"));
    assert_int_equal(
        get_status(web_port(w),
                   "POST /api/v1/feeds HTTP/1.0\r\nContent-Length: 2\r\n\r\n"
                   "{}",
                   body, sizeof body),
        403); /* no admin token: the write API is off */
    /* the same port again: refused, with a reason */
    o.port = web_port(w);
    assert_int_equal(web_start(&o, &w2, &d), HW_EIO);
    o.port = 0;
    o.host = "not-an-address";
    assert_int_equal(web_start(&o, &w2, &d), HW_EINVAL);
    web_stop(w);
    web_stop(NULL);
    unlink(dbpath);
    {
        char p[80];
        snprintf(p, sizeof p, "%s-wal", dbpath);
        unlink(p);
        snprintf(p, sizeof p, "%s-shm", dbpath);
        unlink(p);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_target_split),
        cmocka_unit_test(test_pct_decode),
        cmocka_unit_test(test_query_get),
        cmocka_unit_test(test_routes),
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_lead),
        cmocka_unit_test(test_http_dates),
        cmocka_unit_test(test_etag_and_encoding),
        cmocka_unit_test(test_gzip),
        cmocka_unit_test(test_tag_key),
        cmocka_unit_test(test_before_and_limit),
        cmocka_unit_test(test_categories),
        cmocka_unit_test(test_server_lifecycle),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
