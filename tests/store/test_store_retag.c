/*
 * test_store_retag.c - what `hashwire retag` needs of the store: the meta
 * table, articles in id order, and replacing an article's mentions
 * (store_article_mentions_replace()): rows, hourly counts and name votes
 * taken back exactly, ties among display names kept, a vote recorded by
 * store_article_mentions() (no display kept) taken back through the new
 * display, types filled in (once, and again after a rollback took the
 * fill back), and the call refused outside a transaction.
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
#include "store/store.h"

static char path[64];

static int setup(void **state)
{
    (void)state;
    if (tmpdb_name(path, sizeof path, "retag") != 0)
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

/* One number from the database file, read with its own connection. */
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

/* n articles of one feed, ids into ids[]. */
static void add_articles(struct store *st, int n, int64_t *ids)
{
    int64_t f;
    int i, created;

    assert_int_equal(store_begin(st), 0);
    assert_int_equal(store_feed_upsert(st, "u", "F", NULL, &f), 0);
    for (i = 0; i < n; i++) {
        struct store_article a;
        char guid[16], title[16];
        memset(&a, 0, sizeof a);
        snprintf(guid, sizeof guid, "g%d", i);
        snprintf(title, sizeof title, "T%d", i);
        a.feed_id = f;
        a.guid = guid;
        a.title = title;
        a.text = "Body.";
        a.published = 36000 + i;
        a.fetched = 1;
        assert_int_equal(store_article_put(st, &a, &ids[i], &created), 0);
        assert_true(created);
    }
    assert_int_equal(store_commit(st), 0);
}

static struct store_mention ment(const char *key, const char *display,
                                 const char *type, int mentions)
{
    struct store_mention m = {key, key, display, type, mentions, 0.5, 1};

    return m;
}

static void test_meta(void **state)
{
    struct store *st = open_store();
    struct hw_buf v;

    (void)state;
    hw_buf_init(&v, 64);
    assert_int_equal(store_meta_get(st, "retag.after", &v), HW_ENOTFOUND);
    assert_int_equal(store_begin(st), 0);
    assert_int_equal(store_meta_set(st, "retag.after", "12"), 0);
    assert_int_equal(store_meta_set(st, "other", "x"), 0);
    assert_int_equal(store_commit(st), 0);
    assert_int_equal(store_meta_get(st, "retag.after", &v), 0);
    assert_string_equal(v.p, "12");
    assert_int_equal(store_meta_set(st, "retag.after", "345"), 0);
    assert_int_equal(store_meta_get(st, "retag.after", &v), 0);
    assert_string_equal(v.p, "345");
    assert_int_equal(store_meta_set(st, "retag.after", NULL), 0);
    assert_int_equal(store_meta_get(st, "retag.after", &v), HW_ENOTFOUND);
    assert_int_equal(store_meta_get(st, "other", &v), 0);
    assert_string_equal(v.p, "x");
    assert_int_equal(store_meta_get(st, NULL, &v), HW_EINVAL);
    hw_buf_release(&v);
    store_close(st);
    /* the schema is the newest (6, the search index merged 8 segments
     * at a time): the meta table and the display column of 4 and the
     * extraction columns of 5 are there */
    assert_int_equal(count("PRAGMA user_version"), 6);
    assert_int_equal(count("SELECT v FROM articles_fts_config"
                           " WHERE k = 'automerge'"),
                     8);
    assert_int_equal(count("SELECT count(*) FROM pragma_table_info("
                           "'articles') WHERE name LIKE 'extract_%'"),
                     4);
    assert_int_equal(count("SELECT count(*) FROM pragma_table_info("
                           "'article_entities') WHERE name = 'display'"),
                     1);
}

struct seen {
    int64_t ids[16];
    int n;
};

static int collect(void *ctx, const struct store_row *r)
{
    struct seen *s = ctx;

    if (s->n < 16)
        s->ids[s->n++] = r->id;
    return 0;
}

static void test_articles_after(void **state)
{
    struct store *st = open_store();
    struct seen seen;
    int64_t ids[5], left;

    (void)state;
    add_articles(st, 5, ids);
    memset(&seen, 0, sizeof seen);
    assert_int_equal(store_articles_after(st, 0, 2, collect, &seen, &left), 0);
    assert_int_equal(left, 5);
    assert_int_equal(seen.n, 2);
    assert_int_equal(seen.ids[0], ids[0]);
    assert_int_equal(seen.ids[1], ids[1]);
    memset(&seen, 0, sizeof seen);
    assert_int_equal(
        store_articles_after(st, ids[1], 10, collect, &seen, &left), 0);
    assert_int_equal(left, 3);
    assert_int_equal(seen.n, 3);
    assert_int_equal(seen.ids[2], ids[4]);
    assert_int_equal(store_articles_after(st, ids[4], 10, NULL, NULL, &left),
                     0);
    assert_int_equal(left, 0);
    assert_int_equal(store_articles_after(st, 0, -1, NULL, NULL, &left),
                     HW_EINVAL);
    store_close(st);
}

static void test_replace(void **state)
{
    struct store *st = open_store();
    struct store_entity e;
    struct store_mention m[2];
    int64_t ids[3];

    (void)state;
    add_articles(st, 3, ids);
    /* article 0: Kim (3 mentions) and AFP; article 1: Kim, as "Kim" */
    assert_int_equal(store_begin(st), 0);
    m[0] = ment("kimjongun", "KimJongUn", "PER", 3);
    m[1] = ment("afp", "AFP", NULL, 1);
    assert_int_equal(store_article_mentions_replace(st, ids[0], 36000, m, 2),
                     0);
    m[0] = ment("kimjongun", "Kim", "PER", 1);
    assert_int_equal(store_article_mentions_replace(st, ids[1], 36001, m, 1),
                     0);
    assert_int_equal(store_commit(st), 0);
    assert_int_equal(count("SELECT count(*) FROM article_entities"), 3);
    assert_int_equal(count("SELECT count(*) FROM article_entities"
                           " WHERE display IS NULL"),
                     0);
    /* a tie, one vote each: the first name seen is shown */
    assert_int_equal(store_entity_get(st, "kimjongun", NULL, &e), 0);
    assert_string_equal(e.display, "KimJongUn");

    /* article 0 again: Kim with 4 mentions, TASS instead of AFP */
    assert_int_equal(store_begin(st), 0);
    m[0] = ment("kimjongun", "KimJongUn", "PER", 4);
    m[1] = ment("tass", "TASS", "ORG", 2);
    assert_int_equal(store_article_mentions_replace(st, ids[0], 36000, m, 2),
                     0);
    assert_int_equal(store_commit(st), 0);
    assert_int_equal(count("SELECT count(*) FROM article_entities ae"
                           " JOIN entities e ON e.id = ae.entity_id"
                           " WHERE e.key = 'afp'"),
                     0);
    assert_int_equal(count("SELECT count(*) FROM entity_hours h"
                           " JOIN entities e ON e.id = h.entity_id"
                           " WHERE e.key = 'afp'"),
                     0);
    assert_int_equal(count("SELECT count(*) FROM entity_names n"
                           " JOIN entities e ON e.id = n.entity_id"
                           " WHERE e.key = 'afp'"),
                     0);
    /* hourly counts: 4 from article 0, 1 from article 1, same hour */
    assert_int_equal(count("SELECT sum(count) FROM entity_hours h"
                           " JOIN entities e ON e.id = h.entity_id"
                           " WHERE e.key = 'kimjongun'"),
                     5);
    /* one vote each still, and the tie still goes to the first seen */
    assert_int_equal(count("SELECT sum(count) FROM entity_names n"
                           " JOIN entities e ON e.id = n.entity_id"
                           " WHERE e.key = 'kimjongun'"),
                     2);
    assert_int_equal(store_entity_get(st, "kimjongun", NULL, &e), 0);
    assert_string_equal(e.display, "KimJongUn");
    assert_int_equal(e.articles, 2);
    /* AFP stays as an entity, with an empty page; its type is filled
     * in when a mention brings one */
    assert_int_equal(store_entity_get(st, "afp", NULL, &e), 0);
    assert_int_equal(e.articles, 0);
    assert_string_equal(e.type, "");
    assert_int_equal(store_begin(st), 0);
    m[0] = ment("afp", "AFP", "ORG", 1);
    assert_int_equal(store_article_mentions_replace(st, ids[2], 36002, m, 1),
                     0);
    assert_int_equal(store_commit(st), 0);
    assert_int_equal(store_entity_get(st, "afp", NULL, &e), 0);
    assert_string_equal(e.type, "ORG");
    assert_int_equal(e.articles, 1);

    /* an article with no mentions left */
    assert_int_equal(store_begin(st), 0);
    assert_int_equal(store_article_mentions_replace(st, ids[2], 36002, NULL, 0),
                     0);
    assert_int_equal(store_commit(st), 0);
    assert_int_equal(count("SELECT count(*) FROM article_entities"
                           " WHERE article_id = 3"),
                     0);
    /* outside a transaction: refused */
    assert_int_equal(store_article_mentions_replace(st, ids[2], 36002, m, 1),
                     HW_EINVAL);
    store_close(st);
}

static void test_replace_old_rows(void **state)
{
    struct store *st = open_store();
    struct store_entity e;
    struct store_mention m;
    int64_t ids[2];

    (void)state;
    add_articles(st, 2, ids);
    /* rows written by store_article_mentions() keep no display */
    assert_int_equal(store_begin(st), 0);
    m = ment("kimjongun", "KimJongUn", "PER", 2);
    assert_int_equal(store_article_mentions(st, ids[0], 36000, &m, 1), 0);
    m = ment("kimjongun", "Kim", "PER", 1);
    assert_int_equal(store_article_mentions(st, ids[1], 36001, &m, 1), 0);
    assert_int_equal(store_commit(st), 0);
    assert_int_equal(count("SELECT count(*) FROM article_entities"
                           " WHERE display IS NULL"),
                     2);
    /* tagged again with the same display: the vote goes back and comes
     * back, nothing moves */
    assert_int_equal(store_begin(st), 0);
    m = ment("kimjongun", "KimJongUn", "PER", 2);
    assert_int_equal(store_article_mentions_replace(st, ids[0], 36000, &m, 1),
                     0);
    assert_int_equal(store_commit(st), 0);
    assert_int_equal(count("SELECT count FROM entity_names"
                           " WHERE display = 'KimJongUn'"),
                     1);
    assert_int_equal(count("SELECT count FROM entity_names"
                           " WHERE display = 'Kim'"),
                     1);
    assert_int_equal(store_entity_get(st, "kimjongun", NULL, &e), 0);
    assert_string_equal(e.display, "KimJongUn");
    assert_int_equal(count("SELECT sum(count) FROM entity_hours"), 3);
    store_close(st);
}

/* The type of the entity with this key ("" when it has none). */
static void assert_type(struct store *st, const char *key, const char *type)
{
    struct store_entity e;

    assert_int_equal(store_entity_find(st, key, NULL, &e), 0);
    assert_string_equal(e.type, type);
}

/* Replace the mentions of article id with m alone, then commit (or roll
 * back when commit is 0). */
static void replace_one(struct store *st, int64_t id, struct store_mention m,
                        int commit)
{
    assert_int_equal(store_begin(st), 0);
    assert_int_equal(store_article_mentions_replace(st, id, 36000, &m, 1), 0);
    if (commit)
        assert_int_equal(store_commit(st), 0);
    else
        assert_int_equal(store_rollback(st), 0);
}

/*
 * The store remembers which entities have a type, so as not to ask again:
 * what a rollback takes back is asked again, a type once there is kept,
 * and what is known of one entity is not taken for another that shares a
 * cache key with it.
 */
static void test_replace_types(void **state)
{
    struct store *st = open_store();
    struct store_mention m;
    int64_t ids[4];

    (void)state;
    add_articles(st, 4, ids);
    replace_one(st, ids[0], ment("afp", "AFP", NULL, 1), 1);
    assert_type(st, "afp", "");
    /* filled, then rolled back: not filled; filled again: filled */
    replace_one(st, ids[1], ment("afp", "AFP", "ORG", 1), 0);
    assert_type(st, "afp", "");
    replace_one(st, ids[1], ment("afp", "AFP", "ORG", 1), 1);
    assert_type(st, "afp", "ORG");
    /* a type once there stays */
    replace_one(st, ids[2], ment("afp", "AFP", "PER", 1), 1);
    assert_type(st, "afp", "ORG");

    /* created with a type, rolled back; created again without one, then
     * given one */
    replace_one(st, ids[3], ment("tass", "TASS", "ORG", 1), 0);
    replace_one(st, ids[3], ment("tass", "TASS", NULL, 1), 1);
    assert_type(st, "tass", "");
    replace_one(st, ids[3], ment("tass", "TASS", "ORG", 1), 1);
    assert_type(st, "tass", "ORG");

    /* kim (variant key "kim") and kimjong (variant "kj"), both untyped;
     * a mention keyed kimjong with variant key "kim" is kimjong's, and
     * fills kimjong only; a mention that finds kim through the variant
     * key fills kim */
    m = ment("kim", "Kim", NULL, 1);
    replace_one(st, ids[0], m, 1);
    m = ment("kimjong", "KimJong", NULL, 1);
    m.variant_key = "kj";
    replace_one(st, ids[1], m, 1);
    m = ment("kimjong", "KimJong", "PER", 1);
    m.variant_key = "kim";
    replace_one(st, ids[1], m, 1);
    assert_type(st, "kimjong", "PER");
    assert_type(st, "kim", "");
    m = ment("kimj", "KimJ", "LOC", 1);
    m.variant_key = "kim";
    replace_one(st, ids[2], m, 1);
    assert_type(st, "kim", "LOC");
    assert_int_equal(count("SELECT count(*) FROM entities WHERE key = 'kimj'"),
                     0);
    store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_meta, setup, teardown),
        cmocka_unit_test_setup_teardown(test_articles_after, setup, teardown),
        cmocka_unit_test_setup_teardown(test_replace, setup, teardown),
        cmocka_unit_test_setup_teardown(test_replace_old_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_replace_types, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
