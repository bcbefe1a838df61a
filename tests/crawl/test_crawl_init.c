/*
 * test_crawl_init.c - the crawler hands ingest options it has set in
 * full.  A field of struct ingest_opts that got_content() left unset
 * (the classifier, once) is whatever the stack held: NULL in most runs,
 * a wild pointer in some, depending on which transfers finished first.
 *
 * So that such a field fails every run, crawl.c is compiled into this
 * test once more with GCC's -ftrivial-auto-var-init=pattern (by pragma):
 * every automatic variable the code does not set is filled with 0xFE
 * bytes.  A feed and a home page are crawled from the loopback server
 * (tests/fetch/server.py); both reach ingest, and the articles are stored
 * without a category (the crawler has no classifier).
 */
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 12
#pragma GCC optimize("trivial-auto-var-init=pattern")
#endif
#include "tmpdb.h"
#include "crawl/crawl.c"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "fetch/testserver.h"

static int64_t sql_count(const char *db, const char *sql)
{
    sqlite3 *h;
    sqlite3_stmt *q;
    int64_t n = -1;

    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &q, NULL), SQLITE_OK);
    if (sqlite3_step(q) == SQLITE_ROW)
        n = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(h);
    return n;
}

static void test_ingest_opts_set(void **state)
{
    static const char *const paths[] = {"/rss2.xml", "/home.html"};
    struct testserver srv;
    struct crawl_opts o;
    struct crawl_stats s;
    struct store *st;
    struct hw_diag d;
    char db[64];
    size_t i;

    (void)state;
    assert_int_equal(testserver_start(&srv, NULL), 0);
    assert_int_equal(tmpdb_name(db, sizeof db, "crawl-init"), 0);
    assert_int_equal(store_open(db, &st, &d), 0);
    for (i = 0; i < 2; i++) {
        char url[256];
        int64_t id;
        int created;
        testserver_url(&srv, paths[i], url, sizeof url);
        assert_int_equal(store_begin(st), 0);
        assert_int_equal(store_feed_add(st, url, NULL, NULL, &id, &created),
                         0);
        assert_int_equal(store_commit(st), 0);
    }
    crawl_opts_default(&o);
    o.now = 1798761600;
    o.once = 1;
    o.articles = 0;
    o.fetch.allow_private = 1;
    o.fetch.version = "test";
    memset(&s, 0, sizeof s);
    assert_int_equal(crawl_run(st, &o, &s, &d), 0);
    store_close(st);
    testserver_stop(&srv);

    assert_int_equal(s.ok, 2);
    assert_int_equal(s.discovered, 1);
    assert_int_equal(sql_count(db, "SELECT count(*) FROM articles"), 4);
    assert_int_equal(sql_count(db, "SELECT count(*) FROM articles"
                                   " WHERE category IS NOT NULL"),
                     0);
    tmpdb_remove(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ingest_opts_set),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
