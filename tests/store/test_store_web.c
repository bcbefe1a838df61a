/*
 * test_store_web.c - the store's reads for the web room: one article and
 * its hashtags, category and latest pages with keyset paging (ties by
 * id), full-text search (every word must match, operators mean nothing,
 * title and recency rank, marks around matches), trending against the
 * week before, entities by key prefix, and the counts of /metrics.
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
static struct store *st;
static const hw_time T0 = 1752400000; /* 2025-07-13T09:46:40Z */

struct rows {
    int64_t id[64];
    hw_time t[64];
    char title[64][128];
    int n;
};

static int collect(void *ctx, const struct store_row *r)
{
    struct rows *rs = ctx;

    if (rs->n < 64) {
        rs->id[rs->n] = r->id;
        rs->t[rs->n] = r->sort_time;
        snprintf(rs->title[rs->n], sizeof rs->title[0], "%s",
                 r->title ? r->title : "");
        rs->n++;
    }
    return 0;
}

static int64_t add(const char *guid, const char *title, const char *text,
                   const char *category, hw_time t)
{
    struct store_article a;
    int64_t id;
    int created;

    memset(&a, 0, sizeof a);
    a.source = "Test Wire";
    a.guid = guid;
    a.title = title;
    a.text = text;
    a.category = category;
    a.published = t;
    a.fetched = T0;
    assert_int_equal(store_article_put(st, &a, &id, &created), 0);
    assert_int_equal(created, 1);
    return id;
}

static void mention(int64_t id, hw_time t, const char *key, int n,
                    double salience)
{
    struct store_mention m;

    memset(&m, 0, sizeof m);
    m.key = key;
    m.variant_key = key;
    m.display = key;
    m.type = "PER";
    m.mentions = n;
    m.salience = salience;
    m.on_page = 1;
    assert_int_equal(store_article_mentions(st, id, t, &m, 1), 0);
}

static int setup(void **state)
{
    struct hw_diag d;
    int i;
    char guid[32], title[64];

    (void)state;
    if (tmpdb_name(path, sizeof path, "storeweb") != 0)
        return -1;
    if (store_open(path, &st, &d) != 0)
        return -1;
    store_begin(st);
    /* five Politics articles an hour apart, two at the same time */
    for (i = 0; i < 5; i++) {
        int64_t id;
        hw_time t = T0 - (i < 2 ? 0 : i) * 3600;
        snprintf(guid, sizeof guid, "p%d", i);
        snprintf(title, sizeof title, "Politics story %d", i);
        id = add(guid, title, "Parliament debated the budget today.",
                 "Politics", t);
        mention(id, t, "adalovelace", i + 1, 0.1 * (i + 1));
    }
    add("s1", "Centre court final", "The tennis final went to five sets.",
        "Sports", T0 - 86400);
    add("s2", "A shark fin soup", "Soup made from shark fins is banned.",
        "Food & Drink", T0 - 40 * 86400);
    add("s3", "Banned soup returns", "Shark fin soup returns, banned or "
                                     "not, to the menus of shark lovers.",
        "Food & Drink", T0 - 3600);
    /* an entity mentioned much last week, a little today; a new one */
    {
        int64_t id = add("old", "Old news", "Charles Babbage again.", NULL,
                         T0 - 3 * 86400);
        mention(id, T0 - 3 * 86400, "charlesbabbage", 20, 0.5);
        id = add("new", "Fresh news", "Charles Babbage today.", NULL, T0);
        mention(id, T0, "charlesbabbage", 2, 0.5);
        mention(id, T0, "gracehopper", 6, 0.9);
    }
    store_commit(st);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    store_close(st);
    tmpdb_remove(path);
    return 0;
}

static void test_article_get(void **state)
{
    struct rows rs;

    (void)state;
    memset(&rs, 0, sizeof rs);
    assert_int_equal(store_article_get(st, 1, collect, &rs), 0);
    assert_int_equal(rs.n, 1);
    assert_string_equal(rs.title[0], "Politics story 0");
    assert_int_equal(rs.t[0], T0);
    assert_int_equal(store_article_get(st, 999, collect, &rs),
                     HW_ENOTFOUND);
    assert_int_equal(store_article_get(st, 0, collect, &rs), HW_ENOTFOUND);
    assert_int_equal(rs.n, 1);
}

static int tag_keys(void *ctx, const struct store_tag *t)
{
    char *out = ctx;
    size_t n = strlen(out);

    snprintf(out + n, 256 - n, "%s(%s) ", t->key,
             t->articles < 0 ? "-" : "n");
    return 0;
}

static void test_tags_and_prefix(void **state)
{
    char keys[256] = "";

    (void)state;
    /* article "new" (id 10): grace hopper (0.9) before babbage (0.5) */
    assert_int_equal(store_article_tags(st, 10, tag_keys, keys), 0);
    assert_string_equal(keys, "gracehopper(-) charlesbabbage(-) ");
    keys[0] = '\0';
    assert_int_equal(store_entities_prefix(st, "char", 10, tag_keys, keys),
                     0);
    assert_string_equal(keys, "charlesbabbage(n) ");
    keys[0] = '\0';
    assert_int_equal(store_entities_prefix(st, "", 10, tag_keys, keys), 0);
    /* most articles first: ada lovelace (5), babbage (2), grace (1) */
    assert_string_equal(keys,
                        "adalovelace(n) charlesbabbage(n) gracehopper(n) ");
    keys[0] = '\0';
    assert_int_equal(store_entities_prefix(st, "zz", 10, tag_keys, keys), 0);
    assert_string_equal(keys, "");
    assert_int_equal(store_entities_prefix(st, NULL, 10, tag_keys, keys),
                     HW_EINVAL);
}

static void test_entity_find(void **state)
{
    struct store_entity e;

    (void)state;
    /* found without counting; store_entity_get counts */
    assert_int_equal(store_entity_find(st, "adalovelace", NULL, &e), 0);
    assert_string_equal(e.display, "adalovelace");
    assert_int_equal(e.articles, -1);
    assert_int_equal(store_entity_get(st, "adalovelace", NULL, &e), 0);
    assert_int_equal(e.articles, 5);
    assert_int_equal(store_entity_find(st, "nobody", "gracehopper", &e), 0);
    assert_string_equal(e.key, "gracehopper");
    assert_int_equal(store_entity_find(st, "nobody", "noone", &e),
                     HW_ENOTFOUND);
}

static void test_category_keyset(void **state)
{
    struct rows a, b, c;
    int i;

    (void)state;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    memset(&c, 0, sizeof c);
    assert_int_equal(store_category(st, "Politics", HW_TIME_NONE, 0, 2,
                                    collect, &a),
                     0);
    assert_int_equal(a.n, 2);
    /* the two at the same time: highest id first */
    assert_int_equal(a.t[0], a.t[1]);
    assert_true(a.id[0] > a.id[1]);
    assert_int_equal(store_category(st, "Politics", a.t[1], a.id[1], 2,
                                    collect, &b),
                     0);
    assert_int_equal(b.n, 2);
    assert_true(b.t[0] < a.t[1]);
    assert_int_equal(store_category(st, "Politics", b.t[1], b.id[1], 2,
                                    collect, &c),
                     0);
    assert_int_equal(c.n, 1);
    assert_int_equal(store_category(st, "Nope", HW_TIME_NONE, 0, 2, collect,
                                    &c),
                     0);
    assert_int_equal(c.n, 1);
    assert_int_equal(store_category(st, NULL, HW_TIME_NONE, 0, 2, collect,
                                    &c),
                     HW_EINVAL);
    memset(&a, 0, sizeof a);
    assert_int_equal(store_latest(st, HW_TIME_NONE, 0, 64, collect, &a), 0);
    assert_int_equal(a.n, 10);
    for (i = 1; i < a.n; i++)
        assert_true(a.t[i - 1] > a.t[i] ||
                    (a.t[i - 1] == a.t[i] && a.id[i - 1] > a.id[i]));
}

struct hits {
    char title[16][160];
    char snippet[16][256];
    int n;
};

static int hit(void *ctx, const struct store_hit *h)
{
    struct hits *hs = ctx;

    if (hs->n < 16) {
        snprintf(hs->title[hs->n], sizeof hs->title[0], "%s",
                 h->title_marked ? h->title_marked : "");
        snprintf(hs->snippet[hs->n], sizeof hs->snippet[0], "%s",
                 h->snippet_marked ? h->snippet_marked : "");
        hs->n++;
    }
    return 0;
}

static void test_search(void **state)
{
    static const char *const harmless[] = {
        "\"", "soup OR", "NEAR(soup shark)", "title:soup", "soup*", "-soup",
        "soup AND NOT shark", "'; DROP TABLE articles; --", "^soup", "(",
        "\xff\xfe", "soup \xe2\x80\x94 shark", "\x01\x02"};
    struct hits h;
    size_t i;

    (void)state;
    memset(&h, 0, sizeof h);
    assert_int_equal(store_search(st, "shark soup", T0, 0, 10, hit, &h), 0);
    assert_int_equal(h.n, 2);
    /* the newer one first: both match in title and text */
    assert_string_equal(h.title[0], "Banned \001soup\002 returns");
    assert_non_null(strstr(h.snippet[0], "\001Shark\002"));
    memset(&h, 0, sizeof h);
    assert_int_equal(store_search(st, "tennis", T0, 0, 10, hit, &h), 0);
    assert_int_equal(h.n, 1); /* a word of the body only */
    assert_string_equal(h.title[0], "Centre court final");
    memset(&h, 0, sizeof h);
    assert_int_equal(store_search(st, "soup", T0, 1, 10, hit, &h), 0);
    assert_int_equal(h.n, 1); /* offset */
    memset(&h, 0, sizeof h);
    assert_int_equal(store_search(st, "  ...  ", T0, 0, 10, hit, &h), 0);
    assert_int_equal(h.n, 0);
    for (i = 0; i < sizeof harmless / sizeof harmless[0]; i++) {
        memset(&h, 0, sizeof h);
        assert_int_equal(store_search(st, harmless[i], T0, 0, 10, hit, &h),
                         0);
    }
    memset(&h, 0, sizeof h);
    assert_int_equal(store_search(st, "soup AND NOT shark", T0, 0, 10, hit,
                                  &h),
                     0);
    assert_int_equal(h.n, 0); /* the words "and" and "not" are not there */
    assert_int_equal(store_search(st, "x", T0, -1, 10, hit, &h), HW_EINVAL);
}

struct trends {
    char key[8][32];
    int64_t count[8], before[8];
    int n;
};

static int trend(void *ctx, const struct store_trend *t)
{
    struct trends *ts = ctx;

    if (ts->n < 8) {
        snprintf(ts->key[ts->n], sizeof ts->key[0], "%s", t->key);
        ts->count[ts->n] = t->count;
        ts->before[ts->n] = t->before;
        ts->n++;
    }
    return 0;
}

static void test_trending(void **state)
{
    struct trends t;

    (void)state;
    memset(&t, 0, sizeof t);
    assert_int_equal(store_trending(st, T0 + 60, 24, 10, trend, &t), 0);
    /* new today: ada lovelace (1+2+3+4+5 mentions), grace hopper (6);
     * babbage has 2 today but 20 the week before, so comes last */
    assert_int_equal(t.n, 3);
    assert_string_equal(t.key[0], "adalovelace");
    assert_int_equal(t.count[0], 15);
    assert_string_equal(t.key[1], "gracehopper");
    assert_int_equal(t.count[1], 6);
    assert_int_equal(t.before[1], 0);
    assert_string_equal(t.key[2], "charlesbabbage");
    assert_int_equal(t.count[2], 2);
    assert_int_equal(t.before[2], 20);
    memset(&t, 0, sizeof t);
    assert_int_equal(store_trending(st, T0 + 60, 24, 1, trend, &t), 0);
    assert_int_equal(t.n, 1);
    assert_int_equal(store_trending(st, T0, 0, 1, trend, &t), HW_EINVAL);
}

static int cat(void *ctx, const char *name, int64_t n)
{
    char *out = ctx;
    size_t len = strlen(out);

    snprintf(out + len, 256 - len, "%s=%lld ", name, (long long)n);
    return 0;
}

static void test_counts(void **state)
{
    struct store_counts c;
    char cats[256] = "";
    int64_t id;
    int created;

    (void)state;
    assert_int_equal(store_counts(st, &c), 0);
    assert_int_equal(c.articles, 10);
    assert_int_equal(c.entities, 3);
    assert_int_equal(c.max_article_id, 10);
    assert_int_equal(c.feeds, 0);
    store_begin(st);
    assert_int_equal(store_feed_add(st, "https://a.example/feed", NULL, NULL,
                                    &id, &created),
                     0);
    store_commit(st);
    assert_int_equal(store_counts(st, &c), 0);
    assert_int_equal(c.feeds, 1);
    assert_int_equal(c.feeds_new, 1);
    assert_int_equal(c.feeds_ok + c.feeds_failing + c.feeds_gone, 0);
    assert_int_equal(store_categories(st, cat, cats), 0);
    assert_string_equal(cats, "Politics=5 Food & Drink=2 Sports=1 ");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_article_get),
        cmocka_unit_test(test_tags_and_prefix),
        cmocka_unit_test(test_entity_find),
        cmocka_unit_test(test_category_keyset),
        cmocka_unit_test(test_search),
        cmocka_unit_test(test_trending),
        cmocka_unit_test(test_counts),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
