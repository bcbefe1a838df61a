/*
 * test_fetch.c - the fetcher against a real HTTP server on loopback
 * (tests/fetch/server.py): statuses, validators and 304, gzip, redirect
 * chains, loops and permanent moves, Retry-After, limits (trickle, body
 * cap, gzip bomb), broken connections, the per-host limit, the address
 * check (loopback refused unless allowed, also through a host name and
 * after a redirect); and, without a server, URL canonicalisation and the
 * address classes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cmocka.h>

#include "fetch/fetch.h"
#include "fetch/testserver.h"

static struct testserver srv;

/* What one fetch gave, copied out of the callback. */
struct got {
    int done, status, error, redirects;
    char errmsg[512], final_url[512], moved_url[512];
    char ctype[128], charset[64], etag[128], lm[128], address[64];
    long retry_after, max_age;
    size_t len;
    char *body;
    double seconds;
};

static void on_done(void *ctx, const struct fetch_result *r)
{
    struct got *g = r->user ? r->user : ctx;

    g->done++;
    g->status = r->status;
    g->error = r->error;
    g->redirects = r->redirects;
    snprintf(g->errmsg, sizeof g->errmsg, "%s", r->errmsg);
    snprintf(g->final_url, sizeof g->final_url, "%s", r->final_url);
    snprintf(g->moved_url, sizeof g->moved_url, "%s",
             r->moved_url ? r->moved_url : "");
    snprintf(g->ctype, sizeof g->ctype, "%s", r->content_type);
    snprintf(g->charset, sizeof g->charset, "%s",
             r->charset ? r->charset : "");
    snprintf(g->etag, sizeof g->etag, "%s", r->etag ? r->etag : "");
    snprintf(g->lm, sizeof g->lm, "%s",
             r->last_modified ? r->last_modified : "");
    snprintf(g->address, sizeof g->address, "%s", r->address);
    g->retry_after = r->retry_after;
    g->max_age = r->max_age;
    g->len = r->len;
    g->body = hw_strndup(r->body, r->len);
    g->seconds = r->seconds;
}

static void test_opts(struct fetch_opts *o)
{
    fetch_opts_default(o);
    o->allow_private = 1;
    o->connect_timeout_ms = 3000;
    o->timeout_ms = 10000;
    o->lowspeed_time = 1;
    o->max_body = 1u << 20;
    o->version = "test";
}

/* Fetch one path with options o (NULL: test_opts) into *g. */
static void get_with(const struct fetch_opts *o, const char *url,
                     const char *etag, const char *lm, struct got *g)
{
    struct fetch_opts def;
    struct fetch *f;
    struct fetch_request rq = {url, etag, lm, NULL};

    if (!o) {
        test_opts(&def);
        o = &def;
    }
    memset(g, 0, sizeof *g);
    f = fetch_new(o, on_done, g);
    assert_non_null(f);
    assert_int_equal(fetch_add(f, &rq), 0);
    assert_int_equal(fetch_run(f, 20000), 0);
    fetch_free(f);
    assert_int_equal(g->done, 1);
}

static void get(const char *path, struct got *g)
{
    char url[256];

    get_with(NULL, testserver_url(&srv, path, url, sizeof url), NULL, NULL,
             g);
}

static void got_free(struct got *g)
{
    hw_free(g->body);
    g->body = NULL;
}

/* The server's log as text (JSON), cleared. */
static char *server_log(void)
{
    struct got g;

    get("/_log?clear=1", &g);
    return g.body;
}

static int setup(void **state)
{
    (void)state;
    return testserver_start(&srv, NULL);
}

static int teardown(void **state)
{
    (void)state;
    testserver_stop(&srv);
    return 0;
}

/* ---- URL canonicalisation ----------------------------------------------- */

static void test_url_canon(void **state)
{
    static const char *const cases[][2] = {
        {"HTTP://Example.COM/a", "http://example.com/a"},
        {"  https://example.com  ", "https://example.com/"},
        {"http://example.com:80/x", "http://example.com/x"},
        {"https://example.com:443/x", "https://example.com/x"},
        {"https://example.com:8443/x", "https://example.com:8443/x"},
        {"http://example.com:0080/", "http://example.com/"},
        {"http://example.com./x", "http://example.com/x"},
        {"http://example.com/a/./b/../c", "http://example.com/a/c"},
        {"http://example.com/a/b/..", "http://example.com/a/"},
        {"http://example.com/../../x", "http://example.com/x"},
        {"http://example.com/%7euser/%2E%2E/y", "http://example.com/y"},
        {"http://example.com/%7Efoo", "http://example.com/~foo"},
        {"http://example.com/a%2fb", "http://example.com/a%2Fb"},
        {"http://example.com/a b", "http://example.com/a%20b"},
        {"http://example.com/100%", "http://example.com/100%25"},
        {"http://example.com/caf\xc3\xa9", "http://example.com/caf%C3%A9"},
        {"http://example.com/x#frag", "http://example.com/x"},
        {"http://example.com/x?utm_source=a&id=3&utm_medium=b",
         "http://example.com/x?id=3"},
        {"http://example.com/x?fbclid=1&GCLID=2", "http://example.com/x"},
        {"http://example.com/x?b=2&a=1", "http://example.com/x?b=2&a=1"},
        {"http://example.com/x?a=1&&b", "http://example.com/x?a=1&b"},
        {"http://example.com/x?utm%5Fsource=z", "http://example.com/x"},
        {"http://example.com?q", "http://example.com/?q"},
        {"http://user:pw@Example.com/", "http://user:pw@example.com/"},
        {"http://[2001:DB8::1]:80/", "http://[2001:db8::1]/"},
        {"feed://example.com/rss", "http://example.com/rss"},
        {"feed:https://example.com/rss", "https://example.com/rss"},
    };
    static const char *const bad[] = {
        "ftp://example.com/",  "example.com/feed", "http://",
        "http:///x",           "http://exa mple.com/", "http://h:99999/",
        "http://h:12ab/",      "javascript:alert(1)", "http://[::1/",
        "http://h:0/",         "file:///etc/passwd",
    };
    struct hw_buf b, b2;
    size_t i;

    (void)state;
    hw_buf_init(&b, HW_BUF_NOLIMIT);
    hw_buf_init(&b2, HW_BUF_NOLIMIT);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        hw_buf_reset(&b);
        if (fetch_url_canon(cases[i][0], strlen(cases[i][0]), &b) != 0)
            fail_msg("canon failed: %s", cases[i][0]);
        if (strcmp(b.p, cases[i][1]) != 0)
            fail_msg("canon(%s) = %s, want %s", cases[i][0], b.p,
                     cases[i][1]);
        hw_buf_reset(&b2);
        assert_int_equal(fetch_url_canon(b.p, b.len, &b2), 0);
        assert_string_equal(b.p, b2.p);
    }
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        hw_buf_reset(&b);
        hw_buf_adds(&b, "keep");
        if (fetch_url_canon(bad[i], strlen(bad[i]), &b) == 0)
            fail_msg("canon accepted %s: %s", bad[i], b.p);
        assert_string_equal(b.p, "keep");
    }
    hw_buf_release(&b);
    hw_buf_release(&b2);
}

/* ---- address classes -------------------------------------------------- */

static int v4(const char *s)
{
    struct sockaddr_in a;

    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    assert_int_equal(inet_pton(AF_INET, s, &a.sin_addr), 1);
    return fetch_addr_public((struct sockaddr *)&a);
}

static int v6(const char *s)
{
    struct sockaddr_in6 a;

    memset(&a, 0, sizeof a);
    a.sin6_family = AF_INET6;
    assert_int_equal(inet_pton(AF_INET6, s, &a.sin6_addr), 1);
    return fetch_addr_public((struct sockaddr *)&a);
}

static void test_addr_public(void **state)
{
    static const char *const no4[] = {
        "127.0.0.1",   "127.255.1.2", "10.1.2.3",     "172.16.0.1",
        "172.31.255.1", "192.168.1.1", "169.254.169.254", "0.0.0.0",
        "100.64.0.1",  "224.0.0.1",   "239.255.255.250", "255.255.255.255",
        "240.0.0.1",   "192.0.2.1",   "198.51.100.7", "203.0.113.9",
        "198.18.0.1",  "192.0.0.8",
    };
    static const char *const yes4[] = {"8.8.8.8", "1.1.1.1", "172.32.0.1",
                                       "151.101.1.1", "100.128.0.1"};
    static const char *const no6[] = {
        "::",           "::1",         "fe80::1",        "fc00::1",
        "fd12:3456::1", "ff02::1",     "::ffff:127.0.0.1", "::ffff:10.0.0.1",
        "64:ff9b::a00:1", "2002:7f00:1::", "2001:db8::1", "2001::1",
        "::127.0.0.1",  "3fff::1",     "fec0::1",        "100::1",
    };
    static const char *const yes6[] = {"2606:4700::1111", "2a00:1450::1",
                                       "::ffff:8.8.8.8", "64:ff9b::808:808",
                                       "2002:808:808::1"};
    struct sockaddr sa;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof no4 / sizeof no4[0]; i++)
        if (v4(no4[i]))
            fail_msg("%s should be refused", no4[i]);
    for (i = 0; i < sizeof yes4 / sizeof yes4[0]; i++)
        if (!v4(yes4[i]))
            fail_msg("%s should be allowed", yes4[i]);
    for (i = 0; i < sizeof no6 / sizeof no6[0]; i++)
        if (v6(no6[i]))
            fail_msg("%s should be refused", no6[i]);
    for (i = 0; i < sizeof yes6 / sizeof yes6[0]; i++)
        if (!v6(yes6[i]))
            fail_msg("%s should be allowed", yes6[i]);
    memset(&sa, 0, sizeof sa);
    sa.sa_family = AF_UNIX;
    assert_int_equal(fetch_addr_public(&sa), 0);
    assert_int_equal(fetch_addr_public(NULL), 0);
}

/* ---- HTTP ------------------------------------------------------------- */

static void test_ok_and_headers(void **state)
{
    struct got g;
    char *log;

    (void)state;
    free(server_log());
    get("/rss2.xml", &g);
    assert_int_equal(g.error, 0);
    assert_int_equal(g.status, 200);
    assert_string_equal(g.ctype, "application/rss+xml");
    assert_string_equal(g.charset, "utf-8");
    assert_non_null(strstr(g.body, "<title>RSS2 Test</title>"));
    assert_string_equal(g.moved_url, "");
    assert_int_equal(g.redirects, 0);
    assert_string_equal(g.address, "127.0.0.1");
    got_free(&g);
    log = server_log();
    assert_non_null(strstr(log, "\"user-agent\": \"hashwire/test "
                                "(+https://github.com/hashwire/hashwire)\""));
    assert_non_null(strstr(log, "\"accept-encoding\": \""));
    assert_non_null(strstr(log, "gzip"));
    hw_free(log);

    get("/maxage.xml", &g);
    assert_int_equal(g.max_age, 7200);
    assert_int_equal(g.retry_after, -1);
    got_free(&g);
}

static void test_conditional(void **state)
{
    char url[256];
    struct got g;

    (void)state;
    get("/cond.xml", &g);
    assert_int_equal(g.status, 200);
    assert_string_equal(g.etag, "\"v1\"");
    assert_string_equal(g.lm, "Sat, 12 Jul 2025 10:00:00 GMT");
    got_free(&g);
    testserver_url(&srv, "/cond.xml", url, sizeof url);
    get_with(NULL, url, "\"v1\"", NULL, &g);
    assert_int_equal(g.error, 0);
    assert_int_equal(g.status, 304);
    assert_int_equal(g.len, 0);
    got_free(&g);
    get_with(NULL, url, NULL, "Sat, 12 Jul 2025 10:00:00 GMT", &g);
    assert_int_equal(g.status, 304);
    got_free(&g);
    get_with(NULL, url, "\"v0\"", NULL, &g);
    assert_int_equal(g.status, 200);
    got_free(&g);
}

static void test_gzip(void **state)
{
    struct got g;

    (void)state;
    get("/gzip.xml", &g);
    assert_int_equal(g.error, 0);
    assert_int_equal(g.status, 200);
    assert_non_null(strstr(g.body, "<title>Gzip Test</title>"));
    got_free(&g);
}

static void test_redirects(void **state)
{
    struct got g;

    (void)state;
    get("/redir/a", &g);
    assert_int_equal(g.error, 0);
    assert_int_equal(g.status, 200);
    assert_int_equal(g.redirects, 3);
    assert_non_null(strstr(g.final_url, "/chain.xml"));
    assert_string_equal(g.moved_url, "");
    got_free(&g);

    get("/old.xml", &g);
    assert_int_equal(g.status, 200);
    assert_non_null(strstr(g.moved_url, "/new.xml"));
    got_free(&g);

    get("/mixed.xml", &g); /* 301 then 302: not a permanent move */
    assert_int_equal(g.status, 200);
    assert_string_equal(g.moved_url, "");
    got_free(&g);

    get("/loop.xml", &g);
    assert_int_equal(g.error, HW_ELIMIT);
    assert_non_null(strstr(g.errmsg, "redirects"));
    got_free(&g);

    get("/hop/0", &g); /* 301 forever: 5 followed, then refused */
    assert_int_equal(g.error, HW_ELIMIT);
    assert_string_equal(g.moved_url, "");
    got_free(&g);
}

static void test_statuses(void **state)
{
    struct got g;
    long r;

    (void)state;
    get("/404.xml", &g);
    assert_int_equal(g.error, 0);
    assert_int_equal(g.status, 404);
    got_free(&g);
    get("/410.xml", &g);
    assert_int_equal(g.status, 410);
    got_free(&g);
    get("/500.xml", &g);
    assert_int_equal(g.status, 500);
    got_free(&g);
    get("/429.xml", &g);
    assert_int_equal(g.status, 429);
    assert_int_equal(g.retry_after, 3600);
    got_free(&g);
    get("/503.xml", &g);
    assert_int_equal(g.status, 503);
    r = g.retry_after;
    assert_true(r > 7000 && r <= 7201);
    got_free(&g);
}

static void test_limits(void **state)
{
    struct fetch_opts o;
    char url[256];
    struct got g;

    (void)state;
    get("/trickle.xml", &g); /* 1 byte/s under 1 KB/s for 1 s */
    assert_int_equal(g.error, HW_ELIMIT); /* cut, not left to finish */
    print_message("  trickle cut after %.1f s\n", g.seconds);
    got_free(&g);

    get("/big.xml", &g); /* Content-Length over the cap */
    assert_int_equal(g.error, HW_ETOOBIG);
    got_free(&g);

    get("/bigstream.xml", &g); /* no length: the write cap stops it */
    assert_int_equal(g.error, HW_ETOOBIG);
    assert_true(g.len <= (1u << 20));
    got_free(&g);

    get("/bomb.xml", &g); /* 64 MiB of gzip */
    assert_int_equal(g.error, HW_ETOOBIG);
    assert_true(g.len <= (1u << 20));
    got_free(&g);

    /* the production cap of 16 MiB stops the bomb too */
    test_opts(&o);
    o.max_body = 16u << 20;
    get_with(&o, testserver_url(&srv, "/bomb.xml", url, sizeof url), NULL,
             NULL, &g);
    assert_int_equal(g.error, HW_ETOOBIG);
    assert_true(g.len <= (16u << 20));
    got_free(&g);

    /* a total time limit */
    test_opts(&o);
    o.lowspeed_time = 30;
    o.timeout_ms = 1500;
    get_with(&o, testserver_url(&srv, "/trickle.xml", url, sizeof url),
             NULL, NULL, &g);
    assert_int_equal(g.error, HW_ELIMIT);
    print_message("  total limit cut after %.1f s\n", g.seconds);
    got_free(&g);
}

static void test_broken(void **state)
{
    struct got g;

    (void)state;
    get("/truncated.xml", &g);
    assert_int_equal(g.error, HW_EIO);
    got_free(&g);
    get("/reset.xml", &g);
    assert_int_equal(g.error, HW_EIO);
    got_free(&g);
}

static void test_private_refused(void **state)
{
    struct fetch_opts o;
    char url[256], map[128];
    const char *resolve[2] = {map, NULL};
    struct got g;

    (void)state;
    test_opts(&o);
    o.allow_private = 0;
    get_with(&o, testserver_url(&srv, "/rss2.xml", url, sizeof url), NULL,
             NULL, &g);
    assert_int_equal(g.error, HW_EINVAL);
    assert_int_equal(g.status, 0);
    assert_non_null(strstr(g.errmsg, "127.0.0.1"));
    got_free(&g);

    /* a host name whose DNS answer is loopback */
    snprintf(map, sizeof map, "feeds.example.com:%d:127.0.0.1", srv.port);
    o.resolve = resolve;
    snprintf(url, sizeof url, "http://feeds.example.com:%d/rss2.xml",
             srv.port);
    get_with(&o, url, NULL, NULL, &g);
    assert_int_equal(g.error, HW_EINVAL);
    got_free(&g);

    /* and allowed when asked */
    o.allow_private = 1;
    get_with(&o, url, NULL, NULL, &g);
    assert_int_equal(g.error, 0);
    assert_int_equal(g.status, 200);
    got_free(&g);

    /* only http and https, also as a redirect target */
    o.allow_private = 1;
    memset(&g, 0, sizeof g);
    {
        struct fetch *f = fetch_new(&o, on_done, &g);
        struct fetch_request rq = {"ftp://127.0.0.1/x", NULL, NULL, NULL};
        assert_int_equal(fetch_add(f, &rq), HW_EINVAL);
        rq.url = "file:///etc/passwd";
        assert_int_equal(fetch_add(f, &rq), HW_EINVAL);
        assert_int_equal(fetch_pending(f), 0);
        fetch_free(f);
    }
}

static void test_per_host_limit(void **state)
{
    struct fetch_opts o;
    char urls[6][128], maps[6][64];
    const char *resolve[7];
    struct got g[6];
    struct fetch *f;
    struct timespec t0, t1;
    double one_host, many_hosts;
    int i;

    (void)state;
    test_opts(&o);
    for (i = 0; i < 6; i++) {
        snprintf(maps[i], sizeof maps[i], "h%d.test:%d:127.0.0.1", i,
                 srv.port);
        resolve[i] = maps[i];
    }
    resolve[6] = NULL;
    o.resolve = resolve;

    /* six requests to one host, two at a time: three rounds of 0.3 s */
    memset(g, 0, sizeof g);
    f = fetch_new(&o, on_done, NULL);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (i = 0; i < 6; i++) {
        struct fetch_request rq = {urls[i], NULL, NULL, &g[i]};
        snprintf(urls[i], sizeof urls[i], "http://h0.test:%d/slow.xml",
                 srv.port);
        assert_int_equal(fetch_add(f, &rq), 0);
    }
    assert_int_equal(fetch_pending(f), 6);
    assert_int_equal(fetch_run(f, 20000), 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    fetch_free(f);
    one_host = (double)(t1.tv_sec - t0.tv_sec) +
               (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    for (i = 0; i < 6; i++) {
        assert_int_equal(g[i].status, 200);
        got_free(&g[i]);
    }

    /* six hosts: all at once */
    memset(g, 0, sizeof g);
    f = fetch_new(&o, on_done, NULL);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (i = 0; i < 6; i++) {
        struct fetch_request rq = {urls[i], NULL, NULL, &g[i]};
        snprintf(urls[i], sizeof urls[i], "http://h%d.test:%d/slow.xml", i,
                 srv.port);
        assert_int_equal(fetch_add(f, &rq), 0);
    }
    assert_int_equal(fetch_run(f, 20000), 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    fetch_free(f);
    many_hosts = (double)(t1.tv_sec - t0.tv_sec) +
                 (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    for (i = 0; i < 6; i++) {
        assert_int_equal(g[i].status, 200);
        got_free(&g[i]);
    }
    if (!(one_host >= 0.85 && many_hosts < one_host - 0.3))
        fail_msg("one host %.2fs, six hosts %.2fs", one_host, many_hosts);
}

/* A stalled transfer does not hold back another one to the same host
 * (no waiting for a connection to multiplex on). */
static void test_no_head_of_line(void **state)
{
    struct fetch_opts o;
    struct got g[2];
    char u0[128], u1[128];
    struct fetch *f;

    (void)state;
    test_opts(&o);
    o.lowspeed_time = 30;
    memset(g, 0, sizeof g);
    f = fetch_new(&o, on_done, NULL);
    {
        struct fetch_request a = {u0, NULL, NULL, &g[0]};
        struct fetch_request b = {u1, NULL, NULL, &g[1]};
        testserver_url(&srv, "/trickle.xml", u0, sizeof u0);
        testserver_url(&srv, "/rss2.xml", u1, sizeof u1);
        assert_int_equal(fetch_add(f, &a), 0);
        assert_int_equal(fetch_add(f, &b), 0);
    }
    assert_int_equal(fetch_run(f, 2000), 1);
    assert_int_equal(g[0].done, 0);
    assert_int_equal(g[1].done, 1);
    assert_int_equal(g[1].status, 200);
    fetch_free(f); /* abandons the trickle without a callback */
    assert_int_equal(g[0].done, 0);
    got_free(&g[1]);
}

/* Abandoning running and queued requests calls each back once. */
static void test_abandon(void **state)
{
    struct fetch_opts o;
    struct got g[4];
    char url[128];
    struct fetch *f;
    int i;

    (void)state;
    test_opts(&o);
    o.max_total = 2;
    memset(g, 0, sizeof g);
    f = fetch_new(&o, on_done, NULL);
    testserver_url(&srv, "/trickle.xml", url, sizeof url);
    for (i = 0; i < 4; i++) {
        struct fetch_request rq = {url, NULL, NULL, &g[i]};
        assert_int_equal(fetch_add(f, &rq), 0);
    }
    assert_true(fetch_run(f, 300) == 4);
    fetch_abandon(f);
    assert_int_equal(fetch_pending(f), 0);
    for (i = 0; i < 4; i++) {
        assert_int_equal(g[i].done, 1);
        assert_string_equal(g[i].errmsg, "abandoned");
        got_free(&g[i]);
    }
    fetch_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_url_canon),
        cmocka_unit_test(test_addr_public),
        cmocka_unit_test(test_ok_and_headers),
        cmocka_unit_test(test_conditional),
        cmocka_unit_test(test_gzip),
        cmocka_unit_test(test_redirects),
        cmocka_unit_test(test_statuses),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_broken),
        cmocka_unit_test(test_private_refused),
        cmocka_unit_test(test_per_host_limit),
        cmocka_unit_test(test_no_head_of_line),
        cmocka_unit_test(test_abandon),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
