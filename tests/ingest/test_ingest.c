/*
 * test_ingest.c - the ingest path end to end on small feeds written here:
 * articles, text, category and mentions stored; re-ingest changes
 * nothing; a failure in the middle of a feed leaves nothing half-written
 * (a trigger makes the third insert fail, and the whole feed rolls back).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "tmpdb.h"
#include "ingest/ingest.h"

static const char feed_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<rss version=\"2.0\"><channel><title>Example Times</title>\n"
    "<link>https://times.example/</link>\n"
    "<item><title>Sergei Lavrov meets Kim Jong Un in Wonsan</title>\n"
    "<link>https://times.example/1</link><guid>t-1</guid>\n"
    "<pubDate>Sat, 12 Jul 2025 10:00:00 GMT</pubDate>\n"
    "<category>World News</category>\n"
    "<description>&lt;p&gt;Russian foreign minister Sergei Lavrov met "
    "Kim Jong Un on Saturday.&lt;/p&gt;&lt;p&gt;Lavrov praised "
    "Kim.&lt;/p&gt;</description></item>\n"
    "<item><title>Markets rally</title><link>https://times.example/2</link>"
    "<guid>t-2</guid><pubDate>Sat, 12 Jul 2025 11:00:00 GMT</pubDate>"
    "<category>Markets</category>"
    "<description>Stocks rose.</description></item>\n"
    "<item><title>Third</title><link>https://times.example/3</link>"
    "<guid>t-3</guid><description>Three.</description></item>\n"
    "</channel></rss>\n";

static char path[64];

static int setup(void **state)
{
    (void)state;
    if (tmpdb_name(path, sizeof path, "ingest") != 0)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tmpdb_remove(path);
    return 0;
}

static long long count(const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *q;
    long long n = -1;

    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
    if (sqlite3_step(q) == SQLITE_ROW)
        n = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(db);
    return n;
}

static int ingest(struct ingest_stats *s, const char *data, size_t len)
{
    struct store *st;
    struct hw_diag d;
    struct ingest_opts o = {"file:///test.xml", NULL, 1752400000, NULL, 0};
    int r;

    assert_int_equal(store_open(path, &st, &d), 0);
    r = ingest_feed(st, data, len, &o, s, &d);
    store_close(st);
    return r;
}

static void test_ingest_and_reingest(void **state)
{
    struct ingest_stats s = {0};

    (void)state;
    assert_int_equal(ingest(&s, feed_xml, sizeof feed_xml - 1), 0);
    assert_int_equal(s.created, 3);
    assert_int_equal(count("SELECT count(*) FROM articles"), 3);
    assert_int_equal(count("SELECT count(*) FROM articles WHERE source ="
                           " 'Example Times' AND category = 'World'"
                           " AND guid = 't-1'"),
                     1);
    assert_int_equal(count("SELECT count(*) FROM articles WHERE guid = 't-2'"
                           " AND category = 'Business'"),
                     1);
    /* paragraphs kept in the stored text */
    assert_int_equal(count("SELECT count(*) FROM articles WHERE guid = 't-1'"
                           " AND text = 'Russian foreign minister Sergei "
                           "Lavrov met Kim Jong Un on Saturday.' || "
                           "char(10, 10) || 'Lavrov praised Kim.'"),
                     1);
    /* the short "Kim" and "Lavrov" resolved to the full names */
    assert_int_equal(count("SELECT ae.mentions FROM article_entities ae"
                           " JOIN entities e ON e.id = ae.entity_id"
                           " WHERE e.key = 'kimjongun'"),
                     3);
    assert_int_equal(count("SELECT count(*) FROM entities"
                           " WHERE key = 'kim'"),
                     0);
    long long mentions = count("SELECT count(*) FROM article_entities");
    assert_int_equal(ingest(&s, feed_xml, sizeof feed_xml - 1), 0);
    assert_int_equal(s.created, 3);
    assert_int_equal(s.existing, 3);
    assert_int_equal(count("SELECT count(*) FROM articles"), 3);
    assert_int_equal(count("SELECT count(*) FROM article_entities"),
                     mentions);
    assert_int_equal(count("SELECT sum(count) FROM entity_hours eh JOIN"
                           " entities e ON e.id = eh.entity_id"
                           " WHERE e.key = 'kimjongun'"),
                     3);
}

static void test_failure_rolls_back_the_feed(void **state)
{
    struct ingest_stats s = {0};
    sqlite3 *db;
    struct store *st;
    struct hw_diag d;

    (void)state;
    /* create the schema, then a trigger that fails the third insert */
    assert_int_equal(store_open(path, &st, &d), 0);
    store_close(st);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(db,
                     "CREATE TRIGGER boom BEFORE INSERT ON articles WHEN"
                     " (SELECT count(*) FROM articles) >= 2 BEGIN"
                     " SELECT RAISE(ABORT, 'disk on fire'); END;",
                     NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(ingest(&s, feed_xml, sizeof feed_xml - 1), HW_EDB);
    assert_int_equal(s.failed, 1);
    assert_int_equal(count("SELECT count(*) FROM articles"), 0);
    assert_int_equal(count("SELECT count(*) FROM feeds"), 0);
    assert_int_equal(count("SELECT count(*) FROM entities"), 0);
}

static void test_not_a_feed(void **state)
{
    struct ingest_stats s = {0};
    static const char html[] = "<!DOCTYPE html><html><body>hi</body></html>";

    (void)state;
    assert_int_equal(ingest(&s, html, sizeof html - 1), HW_ENOTFEED);
    assert_int_equal(ingest(&s, "", 0), HW_ENOTFEED);
    assert_int_equal(s.failed, 2);
    assert_int_equal(count("SELECT count(*) FROM feeds"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_ingest_and_reingest, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_failure_rolls_back_the_feed,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_a_feed, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
