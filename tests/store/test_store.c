/*
 * test_store.c - the SQLite backend through the store interface: schema
 * migration, feed upsert, article dedup by guid and by canonical URL,
 * entities found by key and by variant key, the display name seen most,
 * topic order and keyset paging, and rollback leaving nothing behind.
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

#include "tmpdb.h"
#include "store/store.h"

static char path[64];

static int setup(void **state)
{
    (void)state;
    if (tmpdb_name(path, sizeof path, "store") != 0)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tmpdb_remove(path);
    return 0;
}

static struct store *open_store(void)
{
    struct store *st = NULL;
    struct hw_diag d;

    assert_int_equal(store_open(path, &st, &d), 0);
    return st;
}

static struct store_article art(int64_t feed, const char *guid,
                                const char *url, const char *title,
                                hw_time t)
{
    struct store_article a;

    memset(&a, 0, sizeof a);
    a.feed_id = feed;
    a.source = "Example News";
    a.guid = guid;
    a.url = url;
    a.title = title;
    a.text = "Body text.";
    a.published = t;
    a.fetched = 1000;
    return a;
}

static void test_feed_and_dedup(void **state)
{
    struct store *st = open_store();
    struct store_stats s;
    struct store_article a;
    int64_t f1, f1b, id, id2;
    int created;

    (void)state;
    assert_int_equal(store_begin(st), 0);
    assert_int_equal(store_begin(st), HW_EINVAL); /* no nesting */
    assert_int_equal(store_feed_upsert(st, "file:///a.xml", "A", NULL, &f1),
                     0);
    assert_int_equal(store_feed_upsert(st, "file:///a.xml", "A2", NULL, &f1b),
                     0);
    assert_int_equal(f1, f1b);
    a = art(f1, "g1", "https://x.example/1", "One", 5000);
    assert_int_equal(store_article_put(st, &a, &id, &created), 0);
    assert_true(created);
    /* same guid: nothing new */
    a.title = "One, edited";
    assert_int_equal(store_article_put(st, &a, &id2, &created), 0);
    assert_false(created);
    assert_int_equal(id, id2);
    /* no guid, same URL: the same article */
    a = art(f1, NULL, "https://x.example/1", "One", 5000);
    assert_int_equal(store_article_put(st, &a, &id2, &created), 0);
    assert_false(created);
    assert_int_equal(id, id2);
    /* an unstable guid but the same URL: still the same article */
    a = art(f1, "g1-changed", "https://x.example/1", "One", 5000);
    assert_int_equal(store_article_put(st, &a, &id2, &created), 0);
    assert_false(created);
    /* another article */
    a = art(f1, "g2", "https://x.example/2", "Two", 6000);
    assert_int_equal(store_article_put(st, &a, &id2, &created), 0);
    assert_true(created);
    assert_int_not_equal(id, id2);
    assert_int_equal(store_commit(st), 0);
    assert_int_equal(store_stats(st, &s), 0);
    assert_int_equal(s.feeds, 1);
    assert_int_equal(s.articles, 2);
    store_close(st);

    /* reopening runs no migration twice and keeps the data */
    st = open_store();
    assert_int_equal(store_stats(st, &s), 0);
    assert_int_equal(s.articles, 2);
    store_close(st);
}

static void test_rollback(void **state)
{
    struct store *st = open_store();
    struct store_stats s;
    struct store_article a;
    int64_t f, id;
    int created;

    (void)state;
    assert_int_equal(store_begin(st), 0);
    assert_int_equal(store_feed_upsert(st, "file:///b.xml", "B", NULL, &f), 0);
    a = art(f, "g", "https://y.example/1", "T", 1);
    assert_int_equal(store_article_put(st, &a, &id, &created), 0);
    assert_int_equal(store_rollback(st), 0);
    assert_int_equal(store_stats(st, &s), 0);
    assert_int_equal(s.feeds, 0);
    assert_int_equal(s.articles, 0);
    store_close(st);
}

struct seen {
    int n;
    int64_t ids[16];
    hw_time times[16];
};

static int collect(void *ctx, const struct store_row *r)
{
    struct seen *s = ctx;

    s->ids[s->n] = r->id;
    s->times[s->n] = r->sort_time;
    s->n++;
    return s->n >= 16;
}

static void test_entities_and_topic(void **state)
{
    struct store *st = open_store();
    struct store_entity e;
    struct seen seen;
    int64_t f, ids[4];
    int created, i;
    static const hw_time times[4] = {3000, 1000, 2000, 2000};

    (void)state;
    assert_int_equal(store_begin(st), 0);
    assert_int_equal(store_feed_upsert(st, "u", "F", NULL, &f), 0);
    for (i = 0; i < 4; i++) {
        char guid[16], url[48];
        struct store_article a;
        snprintf(guid, sizeof guid, "g%d", i);
        snprintf(url, sizeof url, "https://z.example/%d", i);
        a = art(f, guid, url, "T", times[i]);
        assert_int_equal(store_article_put(st, &a, &ids[i], &created), 0);
    }
    {
        /* article 0 spells it Sergey, 1 and 2 Sergei; 3 mentions once */
        struct store_mention m = {"sergeylavrov", "sergeilavrov",
                                  "SergeyLavrov", "PER", 3, 0.9, 1};
        assert_int_equal(store_article_mentions(st, ids[0], times[0], &m, 1),
                         0);
        m.key = "sergeilavrov";
        m.display = "SergeiLavrov";
        assert_int_equal(store_article_mentions(st, ids[1], times[1], &m, 1),
                         0);
        assert_int_equal(store_article_mentions(st, ids[2], times[2], &m, 1),
                         0);
        m.on_page = 0;
        m.mentions = 1;
        assert_int_equal(store_article_mentions(st, ids[3], times[3], &m, 1),
                         0);
    }
    assert_int_equal(store_commit(st), 0);

    /* both spellings find the one entity; the display seen most wins */
    assert_int_equal(store_entity_get(st, "sergeilavrov", "sergeilavrov", &e), 0);
    assert_string_equal(e.key, "sergeylavrov");
    assert_string_equal(e.display, "SergeiLavrov");
    assert_int_equal(e.articles, 3);
    assert_int_equal(store_entity_get(st, "sergeylavrov", NULL, &e), 0);
    assert_int_equal(store_entity_get(st, "lavrov", "lavrov", &e),
                     HW_ENOTFOUND);
    assert_int_equal(store_entity_top(st, &e), 0);
    assert_string_equal(e.key, "sergeylavrov");

    /* newest first; article 3 is not on the page */
    memset(&seen, 0, sizeof seen);
    assert_int_equal(store_topic(st, e.id, HW_TIME_NONE, 0, 10, collect,
                                 &seen),
                     0);
    assert_int_equal(seen.n, 3);
    assert_int_equal(seen.ids[0], ids[0]);
    assert_int_equal(seen.ids[1], ids[2]);
    assert_int_equal(seen.ids[2], ids[1]);
    /* keyset paging: after the first row */
    memset(&seen, 0, sizeof seen);
    assert_int_equal(store_topic(st, e.id, 3000, ids[0], 1, collect, &seen),
                     0);
    assert_int_equal(seen.n, 1);
    assert_int_equal(seen.ids[0], ids[2]);
    store_close(st);
}

struct feeds_seen {
    int n;
    char urls[4][64];
    int status[4], errors[4], gone[4];
    char last_error[4][64];
};

static int collect_feed(void *ctx, const struct store_feed *f)
{
    struct feeds_seen *s = ctx;

    snprintf(s->urls[s->n], sizeof s->urls[0], "%s", f->url);
    s->status[s->n] = f->last_status;
    s->errors[s->n] = f->error_count;
    s->gone[s->n] = f->gone;
    snprintf(s->last_error[s->n], sizeof s->last_error[0], "%s",
             f->last_error ? f->last_error : "");
    s->n++;
    return s->n >= 4;
}

static void test_feeds(void **state)
{
    struct store *st = open_store();
    struct feeds_seen seen;
    struct store_fetch fx;
    int64_t a, b, a2;
    int created;

    (void)state;
    assert_int_equal(store_feed_add(st, "https://a.example/feed", "A", "News",
                                    &a, &created),
                     0);
    assert_true(created);
    assert_int_equal(store_feed_add(st, "https://a.example/feed", NULL, NULL,
                                    &a2, &created),
                     0);
    assert_false(created);
    assert_int_equal(a, a2);
    assert_int_equal(store_feed_add(st, "https://b.example/rss", "B", NULL,
                                    &b, &created),
                     0);
    /* both are due at once */
    memset(&seen, 0, sizeof seen);
    assert_int_equal(store_feeds_due(st, 100, 10, collect_feed, &seen), 0);
    assert_int_equal(seen.n, 2);

    /* a fails twice, b succeeds and moves (301), then a is gone (410) */
    memset(&fx, 0, sizeof fx);
    fx.feed_id = a;
    fx.status = 500;
    fx.error = "HTTP 500";
    fx.fetched = 100;
    fx.next_poll = 200;
    assert_int_equal(store_feed_fetched(st, &fx), 0);
    assert_int_equal(store_feed_fetched(st, &fx), 0);
    memset(&fx, 0, sizeof fx);
    fx.feed_id = b;
    fx.status = 200;
    fx.etag = "\"v1\"";
    fx.new_url = "https://b.example/feed.xml";
    fx.fetched = 100;
    fx.next_poll = 5000;
    assert_int_equal(store_feed_fetched(st, &fx), 0);
    memset(&seen, 0, sizeof seen);
    assert_int_equal(store_feeds_due(st, 300, 10, collect_feed, &seen), 0);
    assert_int_equal(seen.n, 1);
    assert_string_equal(seen.urls[0], "https://a.example/feed");
    assert_int_equal(seen.errors[0], 2);
    assert_string_equal(seen.last_error[0], "HTTP 500");
    fx.feed_id = a;
    fx.status = 410;
    fx.error = "gone (HTTP 410)";
    fx.new_url = NULL;
    fx.gone = 1;
    assert_int_equal(store_feed_fetched(st, &fx), 0);
    memset(&seen, 0, sizeof seen);
    assert_int_equal(store_feeds_due(st, 1000000, 10, collect_feed, &seen),
                     0);
    assert_int_equal(seen.n, 1); /* only b; a is gone */
    assert_string_equal(seen.urls[0], "https://b.example/feed.xml");
    memset(&seen, 0, sizeof seen);
    assert_int_equal(store_feeds_list(st, collect_feed, &seen), 0);
    assert_int_equal(seen.n, 2);
    assert_int_equal(store_feed_remove(st, a), 0);
    assert_int_equal(store_feed_remove(st, a), HW_ENOTFOUND);
    store_close(st);
}

static void test_bad_path(void **state)
{
    struct store *st = NULL;
    struct hw_diag d;

    (void)state;
    assert_int_equal(store_open("/nonexistent-dir/x/y.db", &st, &d), HW_EDB);
    assert_null(st);
    assert_int_equal(store_open("postgres://localhost/x", &st, &d),
                     HW_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_feed_and_dedup, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rollback, setup, teardown),
        cmocka_unit_test_setup_teardown(test_entities_and_topic, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_feeds, setup, teardown),
        cmocka_unit_test(test_bad_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
