/*
 * test_pages.c - the pages of teaser articles, fetched by the crawler
 * from the loopback test server (tests/fetch/server.py, /art/): a page
 * whose article completes the teaser (text, byline, section, canonical
 * URL, hashtags), a page robots.txt disallows (never requested), a page
 * of links ("none"), 404 (given up), 503 with Retry-After (tried again
 * later), and an item whose feed gave the whole text (never requested).
 * A second crawl after the Retry-After tries the busy page again and
 * nothing else.  Also ingest_is_teaser() on its own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <curl/curl.h>
#include <sqlite3.h>

#include "tmpdb.h"
#include "crawl/crawl.h"
#include "fetch/testserver.h"
#include "ingest/ingest.h"
#include "store/store.h"
#include "web/web.h"

static struct testserver srv;
static char dbpath[64];
static const hw_time T0 = 1798761600; /* 2027-01-01T00:00:00Z */
static struct crawl_stats stats1;
static char *log1; /* the requests of the first crawl, as JSON */

/* One article as stored, by its guid. */
struct art {
    char status[16], error[256], author[64], category[32], canon[256];
    int tries, has_status;
    int64_t id;
    hw_time next;
    char *text;
};

static void art_get(const char *guid, struct art *a)
{
    sqlite3 *db;
    sqlite3_stmt *q;

    memset(a, 0, sizeof *a);
    assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_prepare_v2(db,
                           "SELECT extract_status IS NOT NULL,"
                           " coalesce(extract_status, ''),"
                           " coalesce(extract_error, ''), extract_tries,"
                           " coalesce(extract_next, -1),"
                           " coalesce(author, ''), coalesce(category, ''),"
                           " coalesce(canonical_url, ''), coalesce(text, ''),"
                           " id FROM articles WHERE guid = ?1",
                           -1, &q, NULL),
        SQLITE_OK);
    sqlite3_bind_text(q, 1, guid, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    a->has_status = sqlite3_column_int(q, 0);
    snprintf(a->status, sizeof a->status, "%s", sqlite3_column_text(q, 1));
    snprintf(a->error, sizeof a->error, "%s", sqlite3_column_text(q, 2));
    a->tries = sqlite3_column_int(q, 3);
    a->next = sqlite3_column_int64(q, 4);
    snprintf(a->author, sizeof a->author, "%s", sqlite3_column_text(q, 5));
    snprintf(a->category, sizeof a->category, "%s",
             sqlite3_column_text(q, 6));
    snprintf(a->canon, sizeof a->canon, "%s", sqlite3_column_text(q, 7));
    a->text = strdup((const char *)sqlite3_column_text(q, 8));
    a->id = sqlite3_column_int64(q, 9);
    sqlite3_finalize(q);
    sqlite3_close(db);
}

static size_t collect(char *p, size_t size, size_t n, void *ctx)
{
    hw_buf_add(ctx, p, size * n);
    return size * n;
}

/* The body of a GET of url. */
static char *get_body(const char *url)
{
    struct hw_buf b;
    CURL *e = curl_easy_init();

    assert_non_null(e);
    hw_buf_init(&b, HW_BUF_NOLIMIT);
    curl_easy_setopt(e, CURLOPT_URL, url);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(e, CURLOPT_NOPROXY, "*");
    assert_int_equal(curl_easy_perform(e), CURLE_OK);
    curl_easy_cleanup(e);
    hw_buf_addc(&b, '\0');
    return hw_buf_detach(&b, NULL);
}

/* The server's request log since the last call (it is cleared). */
static char *server_log(void)
{
    char url[128];

    testserver_url(&srv, "/_log?clear", url, sizeof url);
    return get_body(url);
}

/* How many times the log shows a request for path. */
static int requests(const char *log, const char *path)
{
    char key[256];
    const char *p = log;
    int n = 0;

    snprintf(key, sizeof key, "\"%s\"", path);
    while ((p = strstr(p, key))) {
        n++;
        p += strlen(key);
    }
    return n;
}

/* The times (server clock, seconds) of the log's requests for paths
 * starting with prefix, in order; returns how many (at most max). */
static int request_times(const char *log, const char *prefix, double *t,
                         int max)
{
    char key[128];
    const char *p = log, *q;
    int n = 0;

    snprintf(key, sizeof key, "\"path\": \"%s", prefix);
    while (n < max && (p = strstr(p, key))) {
        p += strlen(key);
        if (!(q = strstr(p, "\"t\": ")))
            break;
        t[n++] = strtod(q + 5, NULL);
    }
    return n;
}

static void crawl_at(hw_time now, struct crawl_stats *s)
{
    struct crawl_opts o;
    struct store *st;
    struct hw_diag d;

    crawl_opts_default(&o);
    o.now = now;
    o.once = 1;
    o.fetch.allow_private = 1;
    o.fetch.connect_timeout_ms = 3000;
    o.fetch.timeout_ms = 10000;
    o.fetch.version = "test";
    assert_int_equal(o.articles, 1); /* on by default */
    assert_int_equal(store_open(dbpath, &st, &d), 0);
    memset(s, 0, sizeof *s);
    assert_int_equal(crawl_run(st, &o, s, &d), 0);
    store_close(st);
}

static int setup(void **state)
{
    struct store *st;
    struct hw_diag d;
    char url[128];
    int64_t id;
    int created;

    (void)state;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (testserver_start(&srv, NULL) != 0 ||
        tmpdb_name(dbpath, sizeof dbpath, "pages") != 0)
        return -1;
    if (store_open(dbpath, &st, &d) != 0)
        return -1;
    testserver_url(&srv, "/art/feed.xml", url, sizeof url);
    if (store_begin(st) || store_feed_add(st, url, NULL, NULL, &id, &created)
        || store_commit(st))
        return -1;
    store_close(st);
    free(server_log());
    crawl_at(T0, &stats1);
    log1 = server_log();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(log1);
    testserver_stop(&srv);
    tmpdb_remove(dbpath);
    curl_global_cleanup();
    return 0;
}

static void test_article_completed(void **state)
{
    struct art a;
    char canon[128];
    sqlite3 *db;
    sqlite3_stmt *q;

    (void)state;
    art_get("art-0", &a);
    assert_string_equal(a.status, "ok");
    assert_string_equal(a.error, "");
    assert_int_equal(a.tries, 1);
    /* the page's whole text replaced the teaser, without its navigation */
    assert_non_null(strstr(a.text, "Paragraph 0 of the report."));
    assert_non_null(strstr(a.text, "Paragraph 5 of the report."));
    assert_null(strstr(a.text, "\xe2\x80\xa6"));
    assert_null(strstr(a.text, "Copyright"));
    /* the page's metadata filled what the feed left empty */
    assert_string_equal(a.author, "Jane Reporter");
    assert_string_equal(a.category, "World");
    testserver_url(&srv, "/art/canonical-1", canon, sizeof canon);
    assert_string_equal(a.canon, canon);
    free(a.text);
    /* its hashtags come from the whole text, and the search finds it */
    assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_prepare_v2(db,
                           "SELECT (SELECT count(*) FROM article_entities ae"
                           " JOIN entities e ON e.id = ae.entity_id"
                           " JOIN articles a ON a.id = ae.article_id"
                           " WHERE a.guid = 'art-0' AND e.key = 'seoul'),"
                           " (SELECT count(*) FROM articles_fts WHERE"
                           " articles_fts MATCH 'weapons AND paragraph')",
                           -1, &q, NULL),
        SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(q, 0), 1);
    assert_int_equal(sqlite3_column_int(q, 1), 1);
    sqlite3_finalize(q);
    sqlite3_close(db);
}

static void test_robots(void **state)
{
    struct art a;

    (void)state;
    art_get("art-1", &a);
    assert_string_equal(a.status, "blocked");
    assert_non_null(strstr(a.error, "robots.txt"));
    assert_non_null(strstr(a.text, "state media said"));
    free(a.text);
    /* asked once for the host, before any page; the page never fetched */
    assert_int_equal(requests(log1, "/robots.txt"), 1);
    assert_int_equal(requests(log1, "/art/private/secret.html"), 0);
    assert_true(strstr(log1, "\"/robots.txt\"") <
                strstr(log1, "\"/art/full.html\""));
    assert_int_equal(stats1.blocked, 1);
}

/* robots.txt asks for a second between pages: the host's pages are
 * spaced by it (a lower bound, which load cannot make fail). */
static void test_crawl_delay(void **state)
{
    double t[16];
    int n, i;

    (void)state;
    n = request_times(log1, "/art/", t, 16);
    /* the feed, then four pages */
    assert_int_equal(n, 5);
    for (i = 2; i < n; i++)
        assert_true(t[i] - t[i - 1] >= 0.95);
}

static void test_no_article_and_errors(void **state)
{
    struct art a;

    (void)state;
    art_get("art-2", &a);
    assert_string_equal(a.status, "none");
    assert_non_null(strstr(a.error, "no article"));
    assert_non_null(strstr(a.text, "state media said")); /* teaser kept */
    free(a.text);

    art_get("art-3", &a);
    assert_string_equal(a.status, "failed"); /* 404: given up at once */
    assert_string_equal(a.error, "HTTP 404 Not Found");
    assert_int_equal(a.tries, 1);
    free(a.text);

    art_get("art-4", &a);
    assert_string_equal(a.status, "pending"); /* 503: tried again */
    assert_string_equal(a.error, "HTTP 503 Service Unavailable");
    assert_int_equal(a.tries, 1);
    assert_int_equal(a.next, T0 + 7200); /* the Retry-After */
    free(a.text);

    assert_int_equal(stats1.pages, 4);
    assert_int_equal(stats1.extracted, 1);
    assert_int_equal(stats1.no_article, 1);
    assert_int_equal(stats1.page_errors, 2);
}

/* `hashwire article ID` shows the status and error of the page. */
static void test_cli_article(void **state)
{
    const char *bin = getenv("HW_BIN");
    char cmd[512], out[65536];
    struct art a;
    size_t n;
    FILE *p;

    (void)state;
    art_get("art-1", &a);
    free(a.text);
    snprintf(cmd, sizeof cmd, "%s --db %s article %lld 2>&1",
             bin ? bin : "build/release/hashwire", dbpath, (long long)a.id);
    assert_non_null(p = popen(cmd, "r"));
    n = fread(out, 1, sizeof out - 1, p);
    out[n] = '\0';
    assert_int_equal(pclose(p), 0);
    assert_non_null(strstr(out, "\"title\":\"Private page\""));
    assert_non_null(strstr(out, "\"extraction\":{\"status\":\"blocked\","
                                "\"error\":\"disallowed by the site's "
                                "robots.txt\"}"));
    snprintf(cmd, sizeof cmd, "%s --db %s article 999999 2>&1",
             bin ? bin : "build/release/hashwire", dbpath);
    assert_non_null(p = popen(cmd, "r"));
    n = fread(out, 1, sizeof out - 1, p);
    out[n] = '\0';
    assert_int_not_equal(pclose(p), 0);
    assert_non_null(strstr(out, "no article 999999"));
}

/* The web: the article page says why only a summary is shown; the API
 * and /metrics give the status. */
static void test_web(void **state)
{
    struct web_opts o;
    struct web *w;
    struct hw_diag d;
    struct art blocked, ok, busy;
    char url[256], *body;

    (void)state;
    art_get("art-1", &blocked);
    art_get("art-0", &ok);
    art_get("art-4", &busy);
    free(blocked.text);
    free(ok.text);
    free(busy.text);
    web_opts_default(&o);
    o.store = dbpath;
    o.port = 0;
    o.threads = 2;
    o.quiet = 1;
    o.now = T0;
    assert_int_equal(web_start(&o, &w, &d), 0);

    snprintf(url, sizeof url, "%sarticle/%lld", web_url(w),
             (long long)blocked.id);
    body = get_body(url);
    assert_non_null(strstr(body, "The feed gave a summary only; the "
                                 "publisher's robots.txt does not allow"));
    free(body);
    snprintf(url, sizeof url, "%sarticle/%lld", web_url(w), (long long)ok.id);
    body = get_body(url);
    assert_non_null(strstr(body, "Paragraph 5 of the report."));
    assert_null(strstr(body, "class=\"note\""));
    free(body);
    snprintf(url, sizeof url, "%sapi/v1/articles/%lld", web_url(w),
             (long long)busy.id);
    body = get_body(url);
    assert_non_null(strstr(body, "\"extraction\":{\"status\":\"pending\","
                                 "\"error\":\"HTTP 503 Service "
                                 "Unavailable\"}"));
    free(body);
    snprintf(url, sizeof url, "%smetrics", web_url(w));
    body = get_body(url);
    assert_non_null(strstr(body, "hashwire_article_pages{status=\"blocked\"} 1\n"));
    assert_non_null(strstr(body, "hashwire_article_pages{status=\"ok\"} 1\n"));
    free(body);
    web_stop(w);
}

static void test_whole_text_not_fetched(void **state)
{
    struct art a;

    (void)state;
    art_get("art-5", &a);
    assert_int_equal(a.has_status, 0);
    assert_non_null(strstr(a.text, "weapons factory"));
    free(a.text);
    assert_int_equal(requests(log1, "/art/whole.html"), 0);
}

/* Runs last: a later crawl tries the busy page again, nothing else. */
static void test_second_crawl(void **state)
{
    struct crawl_stats s;
    struct art a;
    char *log;

    (void)state;
    crawl_at(T0 + 3600, &s); /* before the Retry-After: not yet */
    log = server_log();
    assert_int_equal(requests(log, "/art/busy.html"), 0);
    free(log);
    crawl_at(T0 + 7200, &s);
    log = server_log();
    assert_int_equal(requests(log, "/art/busy.html"), 1);
    assert_int_equal(requests(log, "/art/full.html"), 0);
    assert_int_equal(requests(log, "/art/missing.html"), 0);
    assert_int_equal(requests(log, "/art/home.html"), 0);
    free(log);
    art_get("art-4", &a);
    assert_string_equal(a.status, "pending");
    assert_int_equal(a.tries, 2);
    free(a.text);
}

static void test_is_teaser(void **state)
{
    char long_text[3000];

    (void)state;
    assert_true(ingest_is_teaser(""));
    assert_true(ingest_is_teaser("A short summary of the story."));
    memset(long_text, 'a', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    long_text[100] = ' ';
    assert_false(ingest_is_teaser(long_text));
    memcpy(long_text + sizeof long_text - 4, "...", 3);
    assert_true(ingest_is_teaser(long_text));
    memcpy(long_text + sizeof long_text - 11, " Read More", 10);
    assert_true(ingest_is_teaser(long_text));
    memcpy(long_text + sizeof long_text - 11, " [\xe2\x80\xa6]  \n", 10);
    assert_true(ingest_is_teaser(long_text));
    memcpy(long_text + sizeof long_text - 11, "n the end.", 10);
    assert_false(ingest_is_teaser(long_text));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_is_teaser),
        cmocka_unit_test(test_article_completed),
        cmocka_unit_test(test_robots),
        cmocka_unit_test(test_crawl_delay),
        cmocka_unit_test(test_no_article_and_errors),
        cmocka_unit_test(test_whole_text_not_fetched),
        cmocka_unit_test(test_cli_article),
        cmocka_unit_test(test_web),
        cmocka_unit_test(test_second_crawl),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
