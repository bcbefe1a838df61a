/*
 * test_crawl.c - one crawl of every case the loopback test server knows
 * (tests/fetch/server.py), all feeds in the same run, then what the store
 * and `hashwire feeds list` say about each; then a second crawl a day
 * later (304, backoff, gone feeds left alone, nothing stored twice); and
 * loopback refused without --allow-private-networks, through the CLI.
 *
 * The tests of the first crawl read the state the group setup left; the
 * second crawl runs last (cmocka runs tests in the order given).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "tmpdb.h"
#include "crawl/crawl.h"
#include "fetch/testserver.h"
#include "store/store.h"

/* Each case: the path subscribed to. */
static const char *const paths[] = {
    "/rss2.xml",      "/atom.xml",      "/rss1.xml",
    "/rss091.xml",    "/feed.json",     "/seed/aljazeera.rss.xml",
    "/seed/bloomberg.atom.xml", "/seed/dailymail.rss.xml",
    "/seed/freemalaysiatoday.json", "/seed/yahoo.rss.xml",
    "/cond.xml",      "/maxage.xml",    "/gzip.xml",
    "/redir/a",       "/loop.xml",      "/hop/0",
    "/old.xml",       "/mixed.xml",     "/404.xml",
    "/410.xml",       "/500.xml",       "/429.xml",
    "/503.xml",       "/trickle.xml",   "/big.xml",
    "/bomb.xml",      "/charset.xml",   "/truncated.xml",
    "/reset.xml",     "/home.html",     "/notfeed.html",
};
#define NPATHS (sizeof paths / sizeof paths[0])

static struct testserver srv;
static char dbpath[64];
static char *listing; /* `feeds list` after the first crawl */
static struct crawl_stats stats1;
static const hw_time T0 = 1798761600; /* 2027-01-01T00:00:00Z */
static double crawl_seconds;

/* A feed as the store has it, read with plain SQL. */
struct row {
    int64_t id;
    char url[256], title[128], error[512];
    int status, error_count, gone;
    hw_time last_fetch, next_poll;
    int64_t articles;
    char etag[64];
};

static void url_of(const char *path, char *out, size_t n)
{
    testserver_url(&srv, path, out, n);
}

static int row_by_id(int64_t id, struct row *r)
{
    sqlite3 *db;
    sqlite3_stmt *q;
    int rc;

    memset(r, 0, sizeof r[0]);
    assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_prepare_v2(db,
                           "SELECT id, url, coalesce(title, ''),"
                           " coalesce(last_error, ''), coalesce(last_status,"
                           " 0), error_count, gone, coalesce(last_fetch, -1),"
                           " next_poll, (SELECT count(*) FROM articles a"
                           " WHERE a.feed_id = f.id), coalesce(etag, '')"
                           " FROM feeds f WHERE id = ?1",
                           -1, &q, NULL),
        SQLITE_OK);
    sqlite3_bind_int64(q, 1, id);
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        r->id = sqlite3_column_int64(q, 0);
        snprintf(r->url, sizeof r->url, "%s", sqlite3_column_text(q, 1));
        snprintf(r->title, sizeof r->title, "%s", sqlite3_column_text(q, 2));
        snprintf(r->error, sizeof r->error, "%s", sqlite3_column_text(q, 3));
        r->status = sqlite3_column_int(q, 4);
        r->error_count = sqlite3_column_int(q, 5);
        r->gone = sqlite3_column_int(q, 6);
        r->last_fetch = sqlite3_column_int64(q, 7);
        r->next_poll = sqlite3_column_int64(q, 8);
        r->articles = sqlite3_column_int64(q, 9);
        snprintf(r->etag, sizeof r->etag, "%s", sqlite3_column_text(q, 10));
    }
    sqlite3_finalize(q);
    sqlite3_close(db);
    return rc == SQLITE_ROW ? 0 : -1;
}

/* The feed subscribed as paths[i] has id i + 1. */
static struct row get(const char *path)
{
    struct row r;
    size_t i;

    for (i = 0; i < NPATHS; i++)
        if (strcmp(paths[i], path) == 0)
            break;
    assert_true(i < NPATHS);
    assert_int_equal(row_by_id((int64_t)i + 1, &r), 0);
    return r;
}

static int64_t sql_count(const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *q;
    int64_t n = -1;

    assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
    if (sqlite3_step(q) == SQLITE_ROW)
        n = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(db);
    return n;
}

/* Run the hashwire binary; its standard output, or NULL. */
static char *run_bin(const char *args)
{
    const char *bin = getenv("HW_BIN");
    char cmd[1024];
    struct hw_buf b;
    FILE *p;
    char chunk[4096];
    size_t n;

    if (!bin)
        bin = "build/release/hashwire";
    snprintf(cmd, sizeof cmd, "%s --db %s %s 2>&1", bin, dbpath, args);
    if (!(p = popen(cmd, "r")))
        return NULL;
    hw_buf_init(&b, HW_BUF_NOLIMIT);
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
        hw_buf_add(&b, chunk, n);
    pclose(p);
    return hw_buf_detach(&b, NULL);
}

/* The `feeds list` line (and error line, if any) of a feed id. */
static void list_entry(int64_t id, char *out, size_t n)
{
    char key[32];
    const char *p = listing, *e;

    out[0] = '\0';
    snprintf(key, sizeof key, "\n%-5lld ", (long long)id);
    if (!p || !(p = strstr(p, key)))
        return;
    p++;
    e = strchr(p, '\n');
    if (e && strncmp(e + 1, "      error: ", 13) == 0)
        e = strchr(e + 1, '\n');
    if (!e)
        e = p + strlen(p);
    snprintf(out, n, "%.*s", (int)(e - p), p);
}

static void test_opts(struct crawl_opts *o, hw_time now)
{
    crawl_opts_default(o);
    o->now = now;
    o->once = 1;
    o->articles = 0; /* the test feeds link to pages that do not exist */
    o->fetch.allow_private = 1;
    o->fetch.connect_timeout_ms = 3000;
    o->fetch.timeout_ms = 10000;
    /* the trickle fails in seconds; but a small answer that a loaded
     * machine delays for a second must not count as too slow */
    o->fetch.lowspeed_time = 3;
    o->fetch.max_body = 1u << 20;
    o->fetch.version = "test";
}

static void remove_db(void)
{
    tmpdb_remove(dbpath);
}

static int setup(void **state)
{
    struct crawl_opts o;
    struct store *st;
    struct hw_diag d;
    struct timespec t0, t1;
    size_t i;
    int fd;

    (void)state;
    if (testserver_start(&srv, NULL) != 0)
        return -1;
    snprintf(dbpath, sizeof dbpath, "/tmp/hw-crawl-XXXXXX");
    if ((fd = mkstemp(dbpath)) < 0)
        return -1;
    close(fd);
    remove_db();
    if (store_open(dbpath, &st, &d) != 0)
        return -1;
    for (i = 0; i < NPATHS; i++) {
        char url[256];
        int64_t id;
        int created;
        url_of(paths[i], url, sizeof url);
        if (store_begin(st) || store_feed_add(st, url, NULL, NULL, &id,
                                              &created) ||
            store_commit(st) || id != (int64_t)i + 1)
            return -1;
    }
    test_opts(&o, T0);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (crawl_run(st, &o, &stats1, &d) != 0) {
        hw_diag_print(&d);
        return -1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    crawl_seconds = (double)(t1.tv_sec - t0.tv_sec) +
                    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    store_close(st);
    listing = run_bin("feeds list");
    return listing ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    testserver_stop(&srv);
    hw_free(listing);
    remove_db();
    return 0;
}

/* A feed that was fetched and stored: status, articles, no error. */
static struct row stored(const char *path, int64_t articles,
                         const char *title)
{
    struct row r = get(path);
    char line[1024];

    if (r.status != 200 || r.error[0] || r.articles != articles)
        fail_msg("%s: status %d, %lld articles, error '%s'", path, r.status,
                 (long long)r.articles, r.error);
    assert_int_equal(r.error_count, 0);
    assert_int_equal(r.last_fetch, T0);
    assert_true(r.next_poll >= T0 + CRAWL_MIN_INTERVAL &&
                r.next_poll <= T0 + CRAWL_MAX_INTERVAL);
    if (title)
        assert_string_equal(r.title, title);
    list_entry(r.id, line, sizeof line);
    assert_non_null(strstr(line, " 200 "));
    assert_null(strstr(line, "error:"));
    if (title)
        assert_non_null(strstr(line, title));
    return r;
}

/* A feed whose poll failed: the error, counted once, backed off. */
static struct row failed(const char *path, const char *error_part,
                         int status)
{
    struct row r = get(path);
    char line[1024];

    if (!strstr(r.error, error_part))
        fail_msg("%s: error '%s', want '%s'", path, r.error, error_part);
    assert_int_equal(r.status, status);
    assert_int_equal(r.error_count, 1);
    assert_int_equal(r.articles, 0);
    assert_int_equal(r.last_fetch, T0);
    list_entry(r.id, line, sizeof line);
    assert_non_null(strstr(line, "error: "));
    assert_non_null(strstr(line, error_part));
    assert_non_null(strstr(line, "(1 in a row)"));
    return r;
}

static void test_formats(void **state)
{
    struct row r;

    (void)state;
    r = stored("/rss2.xml", 2, "RSS2 Test");
    assert_true(r.next_poll >= T0 + 7200); /* <ttl>120</ttl> */
    stored("/atom.xml", 2, "Atom Test");
    r = stored("/rss1.xml", 1, "RSS1 Test");
    assert_true(r.next_poll >= T0 + 43200); /* daily, twice */
    stored("/rss091.xml", 1, "RSS091 Test");
    stored("/feed.json", 2, "JSON Test");
    r = stored("/maxage.xml", 2, "MaxAge Test");
    assert_true(r.next_poll >= T0 + 7200); /* Cache-Control max-age */
}

static void test_seed_feeds(void **state)
{
    static const char *const seed[] = {
        "/seed/aljazeera.rss.xml", "/seed/bloomberg.atom.xml",
        "/seed/dailymail.rss.xml", "/seed/freemalaysiatoday.json",
        "/seed/yahoo.rss.xml"};
    size_t i;

    (void)state;
    for (i = 0; i < 5; i++) {
        struct row r = get(seed[i]);
        if (r.status != 200 || r.error[0] || r.articles < 1)
            fail_msg("%s: status %d, %lld articles, error '%s'", seed[i],
                     r.status, (long long)r.articles, r.error);
    }
}

static void test_conditional_first(void **state)
{
    struct row r;

    (void)state;
    r = stored("/cond.xml", 2, "Cond Test");
    assert_string_equal(r.etag, "\"v1\"");
}

static void test_gzip(void **state)
{
    (void)state;
    stored("/gzip.xml", 3, "Gzip Test");
}

static void test_redirects(void **state)
{
    char url[256];
    struct row r;

    (void)state;
    /* temporary redirects: the subscription keeps its URL */
    r = stored("/redir/a", 2, "Chain Test");
    url_of("/redir/a", url, sizeof url);
    assert_string_equal(r.url, url);
    r = stored("/mixed.xml", 2, "Mixed Test");
    url_of("/mixed.xml", url, sizeof url);
    assert_string_equal(r.url, url);
    /* a 301 moves it */
    r = stored("/old.xml", 2, "Moved Test");
    url_of("/new.xml", url, sizeof url);
    assert_string_equal(r.url, url);
    assert_true(stats1.moved >= 1);
    /* loops and long chains fail */
    r = failed("/loop.xml", "redirects", 302);
    assert_int_equal(r.next_poll, T0 + CRAWL_MIN_BACKOFF);
    failed("/hop/0", "redirects", 301);
}

static void test_error_statuses(void **state)
{
    struct row r;
    char line[1024];

    (void)state;
    r = failed("/404.xml", "HTTP 404 Not Found", 404);
    assert_int_equal(r.next_poll, T0 + CRAWL_MIN_BACKOFF);
    assert_int_equal(r.gone, 0);
    r = failed("/500.xml", "HTTP 500", 500);
    assert_int_equal(r.next_poll, T0 + CRAWL_MIN_BACKOFF);
    r = failed("/429.xml", "HTTP 429", 429);
    assert_int_equal(r.next_poll, T0 + 3600); /* Retry-After: 3600 */
    r = failed("/503.xml", "HTTP 503", 503);   /* Retry-After: a date */
    assert_true(r.next_poll >= T0 + 7000 && r.next_poll <= T0 + 7201);

    r = get("/410.xml");
    assert_int_equal(r.gone, 1);
    assert_int_equal(r.status, 410);
    assert_non_null(strstr(r.error, "410"));
    list_entry(r.id, line, sizeof line);
    assert_non_null(strstr(line, " gone "));
    assert_non_null(strstr(line, " never "));
}

static void test_limits(void **state)
{
    (void)state;
    failed("/trickle.xml", "too slow", 200);
    failed("/big.xml", "larger than the limit", 200);
    failed("/bomb.xml", "larger than the limit", 200);
    /* the limits cost seconds, not the whole timeout per feed (printed,
     * not asserted: the machines are shared) */
    print_message("  the whole crawl took %.1f s\n", crawl_seconds);
}

static void test_charset(void **state)
{
    sqlite3 *db;
    sqlite3_stmt *q;
    struct row r;

    (void)state;
    /* header says ISO-8859-1, the body is UTF-8 and says so */
    r = stored("/charset.xml", 1, "Caf\xc3\xa9 Cr\xc3\xa8me");
    assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT title FROM articles WHERE"
                                        " feed_id = ?1",
                                        -1, &q, NULL),
                     SQLITE_OK);
    sqlite3_bind_int64(q, 1, r.id);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(q, 0),
                        "Na\xc3\xafve r\xc3\xa9sum\xc3\xa9");
    sqlite3_finalize(q);
    sqlite3_close(db);
}

static void test_broken_transfers(void **state)
{
    struct row r;

    (void)state;
    r = get("/truncated.xml");
    assert_true(r.error[0] != '\0');
    assert_int_equal(r.articles, 0);
    assert_int_equal(r.error_count, 1);
    r = get("/reset.xml");
    assert_true(r.error[0] != '\0');
    assert_int_equal(r.articles, 0);
    assert_int_equal(r.error_count, 1);
}

static void test_autodiscovery(void **state)
{
    char url[256];
    struct row r;

    (void)state;
    r = stored("/home.html", 2, "Discovered Test");
    url_of("/discovered.xml", url, sizeof url);
    assert_string_equal(r.url, url);
    assert_int_equal(stats1.discovered, 1);
    failed("/notfeed.html", "not a feed", 200);
}

static void test_stats(void **state)
{
    (void)state;
    /* every subscription answered, the home page twice */
    assert_int_equal(stats1.polled, NPATHS + 1);
    assert_int_equal(stats1.gone, 1);
    assert_int_equal(sql_count("SELECT count(*) FROM feeds"), NPATHS);
}

/* A day later: validators give 304, failures back off further, the gone
 * feed is left alone, and nothing is stored twice. */
static void test_second_crawl(void **state)
{
    struct crawl_opts o;
    struct crawl_stats s;
    struct store *st;
    struct hw_diag d;
    struct row r;
    int64_t before = sql_count("SELECT count(*) FROM articles");
    hw_time t1 = T0 + 86400;

    (void)state;
    assert_int_equal(store_open(dbpath, &st, &d), 0);
    test_opts(&o, t1);
    memset(&s, 0, sizeof s);
    assert_int_equal(crawl_run(st, &o, &s, &d), 0);
    store_close(st);

    r = get("/cond.xml");
    assert_int_equal(r.status, 304);
    assert_int_equal(r.last_fetch, t1);
    assert_int_equal(r.articles, 2);
    assert_string_equal(r.error, "");
    assert_true(s.not_modified >= 1);

    r = get("/404.xml");
    assert_int_equal(r.error_count, 2);
    assert_int_equal(r.next_poll, t1 + 2 * CRAWL_MIN_BACKOFF);

    r = get("/410.xml");
    assert_int_equal(r.last_fetch, T0); /* not polled again */

    assert_int_equal(sql_count("SELECT count(*) FROM articles"), before);
    assert_int_equal(s.created, 0);
}

/* Loopback is refused unless --allow-private-networks, via the CLI. */
static void test_cli_private(void **state)
{
    char args[512], url[256];
    char *out;

    (void)state;
    remove_db();
    url_of("/rss2.xml", url, sizeof url);
    snprintf(args, sizeof args, "feeds add %s", url);
    hw_free(run_bin(args));
    /* localhost resolves to 127.0.0.1: refused too */
    snprintf(args, sizeof args,
             "feeds add http://localhost:%d/atom.xml", srv.port);
    hw_free(run_bin(args));
    out = run_bin("--now 2027-01-01T00:00:00Z crawl --once");
    assert_non_null(strstr(out, "crawled 2 feeds"));
    assert_non_null(strstr(out, "2 failed"));
    hw_free(out);
    out = run_bin("feeds list");
    assert_non_null(strstr(out, "refused to connect to 127.0.0.1"));
    assert_null(strstr(out, " 200 "));
    hw_free(out);

    out = run_bin("--now 2027-01-02T00:00:00Z crawl --once "
                  "--allow-private-networks");
    assert_non_null(strstr(out, "crawled 2 feeds: 2 ok"));
    hw_free(out);
    out = run_bin("feeds list");
    assert_non_null(strstr(out, "RSS2 Test"));
    assert_non_null(strstr(out, "Atom Test"));
    assert_null(strstr(out, "error:"));
    hw_free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formats),
        cmocka_unit_test(test_seed_feeds),
        cmocka_unit_test(test_conditional_first),
        cmocka_unit_test(test_gzip),
        cmocka_unit_test(test_redirects),
        cmocka_unit_test(test_error_statuses),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_charset),
        cmocka_unit_test(test_broken_transfers),
        cmocka_unit_test(test_autodiscovery),
        cmocka_unit_test(test_stats),
        cmocka_unit_test(test_second_crawl),
        cmocka_unit_test(test_cli_private),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
