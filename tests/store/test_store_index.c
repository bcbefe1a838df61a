/*
 * test_store_index.c - the search index as ingest fills it: a transaction
 * per feed, each commit writing a small segment that later commits merge
 * (schema 6 merges them 8 at a time).  Every committed article is found
 * at once and stays found through the merges; a rolled-back one is never
 * found; and entities, names and hourly counts written on the way match
 * what was given.
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

#define FEEDS 300 /* commits: enough for merges on three levels */
#define PER_FEED 2

static char path[64];
static const hw_time T0 = 1752400000; /* 2025-07-13T09:46:40Z */

static int setup(void **state)
{
    (void)state;
    return tmpdb_name(path, sizeof path, "index");
}

static int teardown(void **state)
{
    (void)state;
    tmpdb_remove(path);
    return 0;
}

struct found {
    int n;
    int64_t id;
};

static int on_hit(void *ctx, const struct store_hit *h)
{
    struct found *f = ctx;

    f->n++;
    f->id = h->row.id;
    return 0;
}

/* The number of articles a search for word finds; *id the last one. */
static int search(struct store *st, const char *word, int64_t *id)
{
    struct found f = {0, 0};

    assert_int_equal(store_search(st, word, T0, 0, 100, on_hit, &f), 0);
    if (id)
        *id = f.id;
    return f.n;
}

/* The word only article k of feed i has: letters, since a digit would
 * join the number that precedes it into one word anyway. */
static void word_of(char *w, size_t n, int i, int k)
{
    snprintf(w, n, "zq%c%c%c%c", 'a' + i / 26 / 26 % 26, 'a' + i / 26 % 26,
             'a' + i % 26, 'a' + k);
}

/*
 * One feed, as ingest stores it: its articles, each with a word of its
 * own in the text and the word "common" in the title, and one mention
 * each of a hashtag shared by all; committed, or rolled back when commit
 * is 0.  ids[k] gets the id of article k.
 */
static void put_feed(struct store *st, int i, int commit, int64_t *ids)
{
    char url[64], guid[32], text[128], word[16];
    int64_t feed;
    int k, created;

    snprintf(url, sizeof url, "https://example.com/feed-%d.xml", i);
    assert_int_equal(store_begin(st), 0);
    assert_int_equal(store_feed_upsert(st, url, "Example", NULL, &feed), 0);
    for (k = 0; k < PER_FEED; k++) {
        struct store_article a;
        struct store_mention m;

        word_of(word, sizeof word, i, k);
        snprintf(guid, sizeof guid, "g%d-%d", i, k);
        snprintf(text, sizeof text, "Some text with %s in it.", word);
        memset(&a, 0, sizeof a);
        a.feed_id = feed;
        a.guid = guid;
        a.title = "A common title";
        a.text = text;
        a.published = T0 - 3600 * (hw_time)i;
        a.fetched = T0;
        assert_int_equal(store_article_put(st, &a, &ids[k], &created), 0);
        assert_true(created);
        memset(&m, 0, sizeof m);
        m.key = m.variant_key = "example";
        m.display = "Example";
        m.type = "ORG";
        m.mentions = 2;
        m.salience = 0.5;
        m.on_page = 1;
        assert_int_equal(
            store_article_mentions_replace(st, ids[k], a.published, &m, 1), 0);
    }
    if (commit)
        assert_int_equal(store_commit(st), 0);
    else
        assert_int_equal(store_rollback(st), 0);
}

static void test_found_after_each_commit(void **state)
{
    struct store *st = NULL;
    struct store_stats s;
    struct store_entity e;
    struct hw_diag d;
    int64_t ids[FEEDS][PER_FEED], gone[PER_FEED], id;
    char word[16];
    int i, k;

    (void)state;
    assert_int_equal(store_open(path, &st, &d), 0);
    for (i = 0; i < FEEDS; i++) {
        put_feed(st, i, 1, ids[i]);
        /* found as soon as committed, and the first feed still is */
        for (k = 0; k < PER_FEED; k++) {
            word_of(word, sizeof word, i, k);
            assert_int_equal(search(st, word, &id), 1);
            assert_int_equal(id, ids[i][k]);
        }
        word_of(word, sizeof word, 0, 0);
        assert_int_equal(search(st, word, &id), 1);
        assert_int_equal(id, ids[0][0]);
    }
    /* a feed rolled back leaves nothing to find */
    put_feed(st, FEEDS, 0, gone);
    word_of(word, sizeof word, FEEDS, 0);
    assert_int_equal(search(st, word, NULL), 0);
    store_close(st);

    /* reopened: every article once, the shared word in all of them */
    assert_int_equal(store_open(path, &st, &d), 0);
    for (i = 0; i < FEEDS; i++) {
        for (k = 0; k < PER_FEED; k++) {
            word_of(word, sizeof word, i, k);
            assert_int_equal(search(st, word, &id), 1);
            assert_int_equal(id, ids[i][k]);
        }
    }
    assert_int_equal(search(st, "common", NULL), 100); /* the most asked */
    assert_int_equal(store_stats(st, &s), 0);
    assert_int_equal(s.articles, FEEDS * PER_FEED);
    assert_int_equal(s.entities, 1);
    assert_int_equal(s.mentions, FEEDS * PER_FEED);
    assert_int_equal(store_entity_get(st, "example", NULL, &e), 0);
    assert_int_equal(e.articles, FEEDS * PER_FEED);
    assert_string_equal(e.display, "Example");
    assert_string_equal(e.type, "ORG");
    store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_found_after_each_commit, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
