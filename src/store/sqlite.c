/*
 * sqlite.c - the SQLite backend of the store: one file, WAL journal, a
 * busy timeout, numbered migrations kept in PRAGMA user_version, and
 * prepared statements only (every value is bound, never spliced).
 *
 * Statements are prepared once at open and reset after each use.  The
 * topic page reads the partial index ae_topic (entity, time desc, article
 * desc) of the articles that belong on the page: one range scan.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "store/store_int.h"

/* ---- schema ------------------------------------------------------------
 * Each entry is one migration; user_version is the number applied.  Never
 * edit a migration that has shipped: add the next one. */
static const char *const migrations[] = {
    /* 1: the first schema */
    "CREATE TABLE feeds ("
    "  id INTEGER PRIMARY KEY,"
    "  url TEXT NOT NULL UNIQUE,"
    "  title TEXT, site_url TEXT,"
    "  etag TEXT, last_modified TEXT,"
    "  last_fetch INTEGER, last_status INTEGER,"
    "  next_poll INTEGER NOT NULL DEFAULT 0,"
    "  error_count INTEGER NOT NULL DEFAULT 0, last_error TEXT,"
    "  created INTEGER NOT NULL DEFAULT (unixepoch()));"
    "CREATE TABLE stories ("
    "  id INTEGER PRIMARY KEY, created INTEGER NOT NULL);"
    "CREATE TABLE articles ("
    "  id INTEGER PRIMARY KEY,"
    "  feed_id INTEGER REFERENCES feeds(id),"
    "  source TEXT, guid TEXT, url TEXT, canonical_url TEXT,"
    "  title TEXT, author TEXT,"
    "  published INTEGER, fetched INTEGER NOT NULL,"
    "  category TEXT, summary TEXT, text TEXT, language TEXT,"
    "  simhash INTEGER, story_id INTEGER REFERENCES stories(id));"
    "CREATE UNIQUE INDEX articles_guid ON articles(feed_id, guid)"
    "  WHERE guid IS NOT NULL;"
    "CREATE INDEX articles_canonical ON articles(canonical_url);"
    "CREATE INDEX articles_time ON articles(coalesce(published, fetched));"
    "CREATE TABLE entities ("
    "  id INTEGER PRIMARY KEY,"
    "  key TEXT NOT NULL UNIQUE,"
    "  variant_key TEXT NOT NULL,"
    "  display TEXT NOT NULL,"
    "  type TEXT);"
    "CREATE INDEX entities_variant ON entities(variant_key);"
    "CREATE TABLE entity_names ("
    "  entity_id INTEGER NOT NULL, display TEXT NOT NULL,"
    "  count INTEGER NOT NULL,"
    "  UNIQUE (entity_id, display));"
    "CREATE TABLE article_entities ("
    "  article_id INTEGER NOT NULL, entity_id INTEGER NOT NULL,"
    "  mentions INTEGER NOT NULL, salience REAL NOT NULL,"
    "  on_page INTEGER NOT NULL, time INTEGER NOT NULL,"
    "  PRIMARY KEY (article_id, entity_id)) WITHOUT ROWID;"
    "CREATE INDEX ae_topic ON article_entities"
    "  (entity_id, time DESC, article_id DESC) WHERE on_page;"
    "CREATE TABLE entity_hours ("
    "  entity_id INTEGER NOT NULL, hour INTEGER NOT NULL,"
    "  count INTEGER NOT NULL,"
    "  PRIMARY KEY (hour, entity_id)) WITHOUT ROWID;"
    "CREATE VIRTUAL TABLE articles_fts USING fts5("
    "  title, text, content='articles', content_rowid='id',"
    "  detail=column);",
    /* 2: subscriptions in folders; feeds that are gone */
    "ALTER TABLE feeds ADD COLUMN folder TEXT;"
    "ALTER TABLE feeds ADD COLUMN gone INTEGER NOT NULL DEFAULT 0;"
    "CREATE INDEX feeds_due ON feeds(next_poll) WHERE NOT gone;"
    "CREATE INDEX articles_feed ON articles(feed_id);",
};
#define NMIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

/* ---- statements ------------------------------------------------------ */

#define STATEMENTS(X)                                                        \
    X(BEGIN, "BEGIN IMMEDIATE")                                              \
    X(COMMIT, "COMMIT")                                                      \
    X(ROLLBACK, "ROLLBACK")                                                  \
    X(FEED_FIND, "SELECT id FROM feeds WHERE url = ?1")                      \
    X(FEED_INSERT,                                                           \
      "INSERT INTO feeds(url, title, site_url) VALUES (?1, ?2, ?3)")         \
    X(FEED_UPDATE, "UPDATE feeds SET title = coalesce(?2, title),"           \
                   " site_url = coalesce(?3, site_url) WHERE id = ?1"        \
                   " AND (title IS NOT ?2 OR site_url IS NOT ?3)")           \
    X(FEED_ADD, "INSERT INTO feeds(url, title, folder) VALUES (?1, ?2, ?3)"  \
                " ON CONFLICT(url) DO NOTHING")                              \
    X(FEED_FILL, "UPDATE feeds SET title = coalesce(title, ?2),"             \
                 " folder = coalesce(folder, ?3) WHERE id = ?1")             \
    X(FEED_REMOVE, "DELETE FROM feeds WHERE id = ?1")                        \
    X(FEED_UNLINK, "UPDATE articles SET feed_id = NULL WHERE feed_id = ?1")  \
    X(FEEDS_ALL, FEED_COLS " ORDER BY coalesce(f.folder, ''),"               \
                 " coalesce(f.title, f.url), f.id")                          \
    X(FEEDS_DUE, FEED_COLS " WHERE NOT f.gone AND f.next_poll <= ?1"         \
                 " ORDER BY f.next_poll, f.id LIMIT ?2")                     \
    X(FEED_OK,                                                               \
      "UPDATE feeds SET last_fetch = ?2, last_status = ?3,"                  \
      " etag = coalesce(?4, etag), last_modified = coalesce(?5,"             \
      " last_modified), next_poll = ?6, error_count = 0, last_error = NULL," \
      " gone = ?7 WHERE id = ?1")                                            \
    X(FEED_ERR,                                                              \
      "UPDATE feeds SET last_fetch = ?2, last_status = ?3,"                  \
      " next_poll = ?6, error_count = error_count + 1, last_error = ?8,"     \
      " gone = ?7 WHERE id = ?1")                                            \
    X(FEED_MOVE, "UPDATE feeds SET url = ?2 WHERE id = ?1 AND NOT EXISTS"    \
                 " (SELECT 1 FROM feeds WHERE url = ?2)")                    \
    X(ART_BY_GUID, "SELECT id FROM articles WHERE feed_id IS ?1"             \
                   " AND guid = ?2")                                         \
    X(ART_BY_URL, "SELECT id FROM articles WHERE canonical_url = ?1")        \
    X(ART_INSERT,                                                            \
      "INSERT INTO articles(feed_id, source, guid, url, canonical_url,"      \
      " title, author, published, fetched, category, summary, text,"         \
      " language, simhash) VALUES"                                           \
      " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)")     \
    X(FTS_INSERT,                                                            \
      "INSERT INTO articles_fts(rowid, title, text) VALUES (?1, ?2, ?3)")    \
    X(ENT_BY_KEY, ENTITY_COLS " WHERE e.key = ?1")                          \
    X(ENT_BY_VARIANT, ENTITY_COLS " WHERE e.variant_key = ?1"               \
                      " ORDER BY e.id LIMIT 1")                              \
    X(ENT_ID_LOOKUP, "SELECT id FROM entities WHERE key = ?1"                \
                     " OR variant_key = ?2 ORDER BY key = ?1 DESC, id"       \
                     " LIMIT 1")                                             \
    X(ENT_INSERT, "INSERT INTO entities(key, variant_key, display, type)"    \
                  " VALUES (?1, ?2, ?3, ?4)")                                \
    X(ENT_TOP, ENTITY_COLS " WHERE e.id = (SELECT entity_id FROM"            \
               " article_entities WHERE on_page GROUP BY entity_id"          \
               " ORDER BY count(*) DESC, entity_id LIMIT 1)")                \
    X(NAME_ADD,                                                              \
      "INSERT INTO entity_names(entity_id, display, count) VALUES"           \
      " (?1, ?2, 1) ON CONFLICT DO UPDATE SET count = count + 1")            \
    X(AE_INSERT,                                                             \
      "INSERT INTO article_entities(article_id, entity_id, mentions,"        \
      " salience, on_page, time) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"            \
      " ON CONFLICT DO NOTHING")                                             \
    X(HOUR_ADD,                                                              \
      "INSERT INTO entity_hours(entity_id, hour, count) VALUES (?1, ?2, ?3)" \
      " ON CONFLICT DO UPDATE SET count = count + excluded.count")           \
    X(TOPIC,                                                                 \
      "SELECT a.id, a.feed_id, a.source, a.guid, a.url, a.canonical_url,"    \
      " a.title, a.author, a.category, a.summary, a.text, a.language,"       \
      " a.published, a.fetched, ae.time"                                     \
      " FROM article_entities ae JOIN articles a ON a.id = ae.article_id"    \
      " WHERE ae.entity_id = ?1 AND ae.on_page"                              \
      " AND (?2 IS NULL OR ae.time < ?2"                                     \
      "      OR (ae.time = ?2 AND ae.article_id < ?3))"                      \
      " ORDER BY ae.time DESC, ae.article_id DESC LIMIT ?4")                 \
    X(STATS, "SELECT (SELECT count(*) FROM feeds),"                          \
             " (SELECT count(*) FROM articles),"                             \
             " (SELECT count(*) FROM entities),"                             \
             " (SELECT count(*) FROM article_entities)")

/* An entity with the display name seen in most articles (first seen on a
 * tie) and its number of articles, both worked out when read (from
 * entity_names and the topic index) rather than kept on every write.
 * Among spelling variants the first entity created is the one used. */
#define ENTITY_COLS                                                          \
    "SELECT e.id, e.key, coalesce((SELECT n.display FROM entity_names n"     \
    " WHERE n.entity_id = e.id ORDER BY n.count DESC, n.rowid LIMIT 1),"     \
    " e.display), e.type, (SELECT count(*) FROM article_entities c"          \
    " WHERE c.entity_id = e.id AND c.on_page) FROM entities e"

#define FEED_COLS                                                            \
    "SELECT f.id, f.url, f.title, f.site_url, f.folder, f.etag,"             \
    " f.last_modified, f.last_error, f.last_fetch, f.next_poll,"             \
    " f.last_status, f.error_count, f.gone,"                                 \
    " (SELECT count(*) FROM articles a WHERE a.feed_id = f.id)"              \
    " FROM feeds f"

enum {
#define X_(name, sql) S_##name,
    STATEMENTS(X_)
#undef X_
        S_COUNT
};

static const char *const statement_sql[] = {
#define X_(name, sql) sql,
    STATEMENTS(X_)
#undef X_
};

/*
 * Entity ids by key and by variant key, remembered for the life of the
 * connection so that ingest asks SQLite only for entities it has not seen.
 * Open addressing, linear probing; a key is stored as "k:" or "v:" + key.
 * Cleared on rollback, since ids created in the transaction are gone.
 */
struct id_cache {
    char **keys;
    int64_t *ids;
    size_t cap, used;
};

struct sq_store {
    struct store base;
    sqlite3 *db;
    sqlite3_stmt *st[S_COUNT];
    struct id_cache cache;
};

#define CACHE_MAX (1u << 20) /* entries; past this the cache is reset */

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static void cache_clear(struct id_cache *c)
{
    size_t i;

    for (i = 0; i < c->cap; i++)
        hw_free(c->keys[i]);
    hw_free(c->keys);
    hw_free(c->ids);
    memset(c, 0, sizeof *c);
}

/* The slot of key: where it is, or the empty slot where it would go. */
static size_t cache_slot(const struct id_cache *c, const char *key)
{
    size_t i = (size_t)hash_str(key) & (c->cap - 1);

    while (c->keys[i] && strcmp(c->keys[i], key) != 0)
        i = (i + 1) & (c->cap - 1);
    return i;
}

static int cache_get(const struct id_cache *c, const char *key, int64_t *id)
{
    size_t i;

    if (!c->cap)
        return 0;
    i = cache_slot(c, key);
    if (!c->keys[i])
        return 0;
    *id = c->ids[i];
    return 1;
}

static void cache_put(struct id_cache *c, const char *key, int64_t id)
{
    size_t i;

    if (c->used >= CACHE_MAX)
        cache_clear(c);
    if ((c->used + 1) * 2 > c->cap) {
        struct id_cache n;
        size_t j;
        n.cap = c->cap ? c->cap * 2 : 1024;
        n.used = c->used;
        n.keys = hw_calloc(n.cap, sizeof *n.keys);
        n.ids = hw_calloc(n.cap, sizeof *n.ids);
        for (j = 0; j < c->cap; j++) {
            if (c->keys[j]) {
                size_t k = cache_slot(&n, c->keys[j]);
                n.keys[k] = c->keys[j];
                n.ids[k] = c->ids[j];
            }
        }
        hw_free(c->keys);
        hw_free(c->ids);
        *c = n;
    }
    i = cache_slot(c, key);
    if (!c->keys[i]) {
        c->keys[i] = hw_strdup(key);
        c->used++;
    }
    c->ids[i] = id;
}

static struct sq_store *sq(struct store *st)
{
    return (struct sq_store *)st;
}

/* Record the connection's error and return HW_EDB. */
static int db_error(struct sq_store *s, const char *what)
{
    snprintf(s->base.errmsg, sizeof s->base.errmsg, "%s: %s", what,
             sqlite3_errmsg(s->db));
    return HW_EDB;
}

static sqlite3_stmt *stmt(struct sq_store *s, int which)
{
    sqlite3_stmt *q = s->st[which];

    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    return q;
}

static void bind_text(sqlite3_stmt *q, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(q, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(q, i);
}

static void bind_time(sqlite3_stmt *q, int i, hw_time t)
{
    if (t == HW_TIME_NONE)
        sqlite3_bind_null(q, i);
    else
        sqlite3_bind_int64(q, i, t);
}

static hw_time col_time(sqlite3_stmt *q, int i)
{
    return sqlite3_column_type(q, i) == SQLITE_NULL
               ? HW_TIME_NONE
               : sqlite3_column_int64(q, i);
}

/* Run a statement that returns no row. */
static int run(struct sq_store *s, sqlite3_stmt *q, const char *what)
{
    int rc = sqlite3_step(q);

    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return db_error(s, what);
    sqlite3_reset(q);
    return 0;
}

static int migrate(struct sq_store *s, struct hw_diag *d, const char *path)
{
    sqlite3_stmt *q;
    int version = 0, i;
    char *err = NULL;

    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &q, NULL))
        return hw_fail(d, HW_EDB, "open", path, "%s", sqlite3_errmsg(s->db));
    if (sqlite3_step(q) == SQLITE_ROW)
        version = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    if (version > NMIGRATIONS)
        return hw_fail(d, HW_EDB, "open", path,
                       "database schema %d is newer than this hashwire (%d)",
                       version, NMIGRATIONS);
    for (i = version; i < NMIGRATIONS; i++) {
        char sql[64];
        snprintf(sql, sizeof sql, ";PRAGMA user_version = %d;", i + 1);
        if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, &err) ||
            sqlite3_exec(s->db, migrations[i], NULL, NULL, &err) ||
            sqlite3_exec(s->db, sql, NULL, NULL, &err) ||
            sqlite3_exec(s->db, "COMMIT", NULL, NULL, &err)) {
            hw_fail(d, HW_EDB, "migrate", path, "migration %d: %s", i + 1,
                    err ? err : sqlite3_errmsg(s->db));
            sqlite3_free(err);
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            return HW_EDB;
        }
    }
    return 0;
}

static void sq_close(struct store *st)
{
    struct sq_store *s = sq(st);
    int i;

    if (st->in_tx)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    for (i = 0; i < S_COUNT; i++)
        sqlite3_finalize(s->st[i]);
    sqlite3_close(s->db);
    cache_clear(&s->cache);
    hw_free(s);
}

static int sq_exec_tx(struct store *st, int op)
{
    static const int which[] = {S_BEGIN, S_COMMIT, S_ROLLBACK};
    struct sq_store *s = sq(st);

    if (op == 2)
        cache_clear(&s->cache);
    return run(s, stmt(s, which[op]), "transaction");
}

static int sq_feed_upsert(struct store *st, const char *url, const char *title,
                          const char *site_url, int64_t *id)
{
    struct sq_store *s = sq(st);
    sqlite3_stmt *q = stmt(s, S_FEED_FIND);

    bind_text(q, 1, url);
    if (sqlite3_step(q) == SQLITE_ROW) {
        *id = sqlite3_column_int64(q, 0);
        sqlite3_reset(q);
        q = stmt(s, S_FEED_UPDATE);
        sqlite3_bind_int64(q, 1, *id);
        bind_text(q, 2, title);
        bind_text(q, 3, site_url);
        return run(s, q, "update feed");
    }
    sqlite3_reset(q);
    q = stmt(s, S_FEED_INSERT);
    bind_text(q, 1, url);
    bind_text(q, 2, title);
    bind_text(q, 3, site_url);
    if (run(s, q, "insert feed"))
        return HW_EDB;
    *id = sqlite3_last_insert_rowid(s->db);
    return 0;
}

static int sq_feed_add(struct store *st, const char *url, const char *title,
                       const char *folder, int64_t *id, int *created)
{
    struct sq_store *s = sq(st);
    sqlite3_stmt *q = stmt(s, S_FEED_ADD);

    bind_text(q, 1, url);
    bind_text(q, 2, title);
    bind_text(q, 3, folder);
    if (run(s, q, "add feed"))
        return HW_EDB;
    *created = sqlite3_changes(s->db) > 0;
    if (*created) {
        *id = sqlite3_last_insert_rowid(s->db);
        return 0;
    }
    q = stmt(s, S_FEED_FIND);
    bind_text(q, 1, url);
    if (sqlite3_step(q) != SQLITE_ROW) {
        sqlite3_reset(q);
        return db_error(s, "find feed");
    }
    *id = sqlite3_column_int64(q, 0);
    sqlite3_reset(q);
    q = stmt(s, S_FEED_FILL);
    sqlite3_bind_int64(q, 1, *id);
    bind_text(q, 2, title);
    bind_text(q, 3, folder);
    return run(s, q, "update feed");
}

static int sq_feed_remove(struct store *st, int64_t id)
{
    struct sq_store *s = sq(st);
    sqlite3_stmt *q = stmt(s, S_FEED_UNLINK);

    sqlite3_bind_int64(q, 1, id);
    if (run(s, q, "unlink articles"))
        return HW_EDB;
    q = stmt(s, S_FEED_REMOVE);
    sqlite3_bind_int64(q, 1, id);
    if (run(s, q, "remove feed"))
        return HW_EDB;
    return sqlite3_changes(s->db) > 0 ? 0 : HW_ENOTFOUND;
}

static int sq_feeds_query(struct store *st, hw_time due, int limit,
                          store_feed_cb cb, void *ctx)
{
    struct sq_store *s = sq(st);
    sqlite3_stmt *q = stmt(s, due == HW_TIME_NONE ? S_FEEDS_ALL : S_FEEDS_DUE);
    int rc;

    if (due != HW_TIME_NONE) {
        sqlite3_bind_int64(q, 1, due);
        sqlite3_bind_int(q, 2, limit);
    }
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct store_feed f;
        f.id = sqlite3_column_int64(q, 0);
        f.url = (const char *)sqlite3_column_text(q, 1);
        f.title = (const char *)sqlite3_column_text(q, 2);
        f.site_url = (const char *)sqlite3_column_text(q, 3);
        f.folder = (const char *)sqlite3_column_text(q, 4);
        f.etag = (const char *)sqlite3_column_text(q, 5);
        f.last_modified = (const char *)sqlite3_column_text(q, 6);
        f.last_error = (const char *)sqlite3_column_text(q, 7);
        f.last_fetch = col_time(q, 8);
        f.next_poll = col_time(q, 9);
        f.last_status = sqlite3_column_int(q, 10);
        f.error_count = sqlite3_column_int(q, 11);
        f.gone = sqlite3_column_int(q, 12);
        f.articles = sqlite3_column_int64(q, 13);
        if (cb(ctx, &f))
            break;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        sqlite3_reset(q);
        return db_error(s, "list feeds");
    }
    sqlite3_reset(q);
    return 0;
}

static int sq_feed_fetched(struct store *st, const struct store_fetch *f)
{
    struct sq_store *s = sq(st);
    sqlite3_stmt *q = stmt(s, f->error ? S_FEED_ERR : S_FEED_OK);

    sqlite3_bind_int64(q, 1, f->feed_id);
    bind_time(q, 2, f->fetched);
    sqlite3_bind_int(q, 3, f->status);
    bind_text(q, 4, f->etag);
    bind_text(q, 5, f->last_modified);
    sqlite3_bind_int64(q, 6, f->next_poll == HW_TIME_NONE ? 0 : f->next_poll);
    sqlite3_bind_int(q, 7, f->gone != 0);
    bind_text(q, 8, f->error);
    if (run(s, q, "record fetch"))
        return HW_EDB;
    if (f->new_url) {
        q = stmt(s, S_FEED_MOVE);
        sqlite3_bind_int64(q, 1, f->feed_id);
        bind_text(q, 2, f->new_url);
        return run(s, q, "move feed");
    }
    return 0;
}

/* Look up one id by a text key (and optionally a feed id). */
static int find_id(struct sq_store *s, int which, int64_t feed_id,
                   const char *key, int64_t *id)
{
    sqlite3_stmt *q = stmt(s, which);
    int rc, col = 1;

    if (which == S_ART_BY_GUID) {
        if (feed_id)
            sqlite3_bind_int64(q, 1, feed_id);
        col = 2;
    }
    bind_text(q, col, key);
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(q, 0);
        sqlite3_reset(q);
        return 1;
    }
    sqlite3_reset(q);
    return rc == SQLITE_DONE ? 0 : db_error(s, "find article");
}

static int sq_article_put(struct store *st, const struct store_article *a,
                          int64_t *id, int *created)
{
    struct sq_store *s = sq(st);
    const char *canon = a->canonical_url ? a->canonical_url : a->url;
    sqlite3_stmt *q;
    int r;

    *created = 0;
    if (a->guid && (r = find_id(s, S_ART_BY_GUID, a->feed_id, a->guid, id)))
        return r < 0 ? r : 0;
    if (canon && (r = find_id(s, S_ART_BY_URL, 0, canon, id)))
        return r < 0 ? r : 0;
    q = stmt(s, S_ART_INSERT);
    if (a->feed_id)
        sqlite3_bind_int64(q, 1, a->feed_id);
    bind_text(q, 2, a->source);
    bind_text(q, 3, a->guid);
    bind_text(q, 4, a->url);
    bind_text(q, 5, canon);
    bind_text(q, 6, a->title);
    bind_text(q, 7, a->author);
    bind_time(q, 8, a->published);
    sqlite3_bind_int64(q, 9, a->fetched);
    bind_text(q, 10, a->category);
    bind_text(q, 11, a->summary);
    bind_text(q, 12, a->text);
    bind_text(q, 13, a->language);
    sqlite3_bind_int64(q, 14, (sqlite3_int64)a->simhash);
    if (run(s, q, "insert article"))
        return HW_EDB;
    *id = sqlite3_last_insert_rowid(s->db);
    q = stmt(s, S_FTS_INSERT);
    sqlite3_bind_int64(q, 1, *id);
    bind_text(q, 2, a->title);
    bind_text(q, 3, a->text);
    if (run(s, q, "index article"))
        return HW_EDB;
    *created = 1;
    return 0;
}

static void copy_col(char *dst, size_t cap, sqlite3_stmt *q, int i)
{
    const unsigned char *v = sqlite3_column_text(q, i);
    size_t n = v ? (size_t)sqlite3_column_bytes(q, i) : 0;

    if (n >= cap)
        n = cap - 1;
    if (n)
        memcpy(dst, v, n);
    dst[n] = '\0';
}

/* Step an entity query; fill e.  1 found, 0 not, <0 error. */
static int read_entity(struct sq_store *s, sqlite3_stmt *q,
                       struct store_entity *e)
{
    int rc = sqlite3_step(q);

    if (rc == SQLITE_ROW) {
        if (e) {
            e->id = sqlite3_column_int64(q, 0);
            copy_col(e->key, sizeof e->key, q, 1);
            copy_col(e->display, sizeof e->display, q, 2);
            copy_col(e->type, sizeof e->type, q, 3);
            e->articles = sqlite3_column_int64(q, 4);
        }
        sqlite3_reset(q);
        return 1;
    }
    sqlite3_reset(q);
    return rc == SQLITE_DONE ? 0 : db_error(s, "find entity");
}

static int sq_entity_get(struct store *st, const char *key,
                         const char *variant_key, struct store_entity *e)
{
    struct sq_store *s = sq(st);
    sqlite3_stmt *q = stmt(s, S_ENT_BY_KEY);
    int r;

    bind_text(q, 1, key);
    if ((r = read_entity(s, q, e)) != 0)
        return r < 0 ? r : 0;
    if (variant_key) {
        q = stmt(s, S_ENT_BY_VARIANT);
        bind_text(q, 1, variant_key);
        if ((r = read_entity(s, q, e)) != 0)
            return r < 0 ? r : 0;
    }
    return HW_ENOTFOUND;
}

static int sq_entity_top(struct store *st, struct store_entity *e)
{
    struct sq_store *s = sq(st);
    int r = read_entity(s, stmt(s, S_ENT_TOP), e);

    return r < 0 ? r : r ? 0 : HW_ENOTFOUND;
}

/* Find or create the entity of one mention (cache, key, variant); *id. */
static int entity_for(struct sq_store *s, const struct store_mention *m,
                      int64_t *id)
{
    const char *vk = m->variant_key ? m->variant_key : m->key;
    char ck[300], cv[300];
    sqlite3_stmt *q;
    int r;

    /* keys too long for the cache's buffers simply bypass it */
    int cacheable = strlen(m->key) < 290 && strlen(vk) < 290;

    if (cacheable) {
        snprintf(ck, sizeof ck, "k:%s", m->key);
        snprintf(cv, sizeof cv, "v:%s", vk);
        if (cache_get(&s->cache, ck, id) || cache_get(&s->cache, cv, id))
            return 0;
    }
    q = stmt(s, S_ENT_ID_LOOKUP);
    bind_text(q, 1, m->key);
    bind_text(q, 2, vk);
    r = sqlite3_step(q);
    if (r == SQLITE_ROW)
        *id = sqlite3_column_int64(q, 0);
    sqlite3_reset(q);
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        return db_error(s, "find entity");
    r = r == SQLITE_ROW;
    if (r < 0)
        return r;
    if (r == 0) {
        q = stmt(s, S_ENT_INSERT);
        bind_text(q, 1, m->key);
        bind_text(q, 2, vk);
        bind_text(q, 3, m->display);
        bind_text(q, 4, m->type);
        if (run(s, q, "insert entity"))
            return HW_EDB;
        *id = sqlite3_last_insert_rowid(s->db);
    }
    if (cacheable) {
        cache_put(&s->cache, ck, *id);
        cache_put(&s->cache, cv, *id);
    }
    return 0;
}

static int sq_article_mentions(struct store *st, int64_t article_id,
                               hw_time t, const struct store_mention *m,
                               size_t n)
{
    struct sq_store *s = sq(st);
    hw_time hour = t - ((t % 3600) + 3600) % 3600;
    size_t i;

    for (i = 0; i < n; i++) {
        sqlite3_stmt *q;
        int64_t eid;
        int r;

        /* only what belongs on a page is kept: a passing mention makes
         * no topic page and no trend */
        if (!m[i].on_page)
            continue;
        if ((r = entity_for(s, &m[i], &eid)) != 0)
            return r;
        q = stmt(s, S_AE_INSERT);
        sqlite3_bind_int64(q, 1, article_id);
        sqlite3_bind_int64(q, 2, eid);
        sqlite3_bind_int(q, 3, m[i].mentions);
        sqlite3_bind_double(q, 4, m[i].salience);
        sqlite3_bind_int(q, 5, 1);
        sqlite3_bind_int64(q, 6, t);
        if (run(s, q, "attach entity"))
            return HW_EDB;
        if (sqlite3_changes(s->db) == 0)
            continue;
        if (m[i].display) {
            q = stmt(s, S_NAME_ADD);
            sqlite3_bind_int64(q, 1, eid);
            bind_text(q, 2, m[i].display);
            if (run(s, q, "count name"))
                return HW_EDB;
        }
        q = stmt(s, S_HOUR_ADD);
        sqlite3_bind_int64(q, 1, eid);
        sqlite3_bind_int64(q, 2, hour);
        sqlite3_bind_int(q, 3, m[i].mentions);
        if (run(s, q, "count hour"))
            return HW_EDB;
    }
    return 0;
}

static const char *col_text(sqlite3_stmt *q, int i)
{
    return (const char *)sqlite3_column_text(q, i);
}

static int sq_topic(struct store *st, int64_t entity_id, hw_time before_time,
                    int64_t before_id, int limit, store_row_cb cb, void *ctx)
{
    struct sq_store *s = sq(st);
    sqlite3_stmt *q = stmt(s, S_TOPIC);
    int rc;

    sqlite3_bind_int64(q, 1, entity_id);
    bind_time(q, 2, before_time);
    sqlite3_bind_int64(q, 3, before_id);
    sqlite3_bind_int(q, 4, limit);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct store_row r;
        r.id = sqlite3_column_int64(q, 0);
        r.feed_id = sqlite3_column_int64(q, 1);
        r.source = col_text(q, 2);
        r.guid = col_text(q, 3);
        r.url = col_text(q, 4);
        r.canonical_url = col_text(q, 5);
        r.title = col_text(q, 6);
        r.author = col_text(q, 7);
        r.category = col_text(q, 8);
        r.summary = col_text(q, 9);
        r.text = col_text(q, 10);
        r.language = col_text(q, 11);
        r.published = col_time(q, 12);
        r.fetched = col_time(q, 13);
        r.sort_time = col_time(q, 14);
        if (cb(ctx, &r))
            break;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        sqlite3_reset(q);
        return db_error(s, "topic");
    }
    sqlite3_reset(q);
    return 0;
}

static int sq_stats(struct store *st, struct store_stats *out)
{
    struct sq_store *s = sq(st);
    sqlite3_stmt *q = stmt(s, S_STATS);

    if (sqlite3_step(q) != SQLITE_ROW) {
        sqlite3_reset(q);
        return db_error(s, "stats");
    }
    out->feeds = sqlite3_column_int64(q, 0);
    out->articles = sqlite3_column_int64(q, 1);
    out->entities = sqlite3_column_int64(q, 2);
    out->mentions = sqlite3_column_int64(q, 3);
    sqlite3_reset(q);
    return 0;
}

static const struct store_ops sqlite_ops = {
    .name = "sqlite",
    .close = sq_close,
    .exec_tx = sq_exec_tx,
    .feed_upsert = sq_feed_upsert,
    .feed_add = sq_feed_add,
    .feed_remove = sq_feed_remove,
    .feeds_query = sq_feeds_query,
    .feed_fetched = sq_feed_fetched,
    .article_put = sq_article_put,
    .article_mentions = sq_article_mentions,
    .entity_get = sq_entity_get,
    .entity_top = sq_entity_top,
    .topic = sq_topic,
    .stats = sq_stats,
};

int store_sqlite_open(const char *path, struct store **out, struct hw_diag *d)
{
    struct sq_store *s = hw_calloc(1, sizeof *s);
    int i, r;

    s->base.ops = &sqlite_ops;
    if (sqlite3_open_v2(path, &s->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                            SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        r = hw_fail(d, HW_EDB, "open", path, "%s",
                    s->db ? sqlite3_errmsg(s->db) : "cannot open");
        sqlite3_close(s->db);
        hw_free(s);
        return r;
    }
    sqlite3_busy_timeout(s->db, 5000);
    if (sqlite3_exec(s->db,
                     "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                     " PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536;"
                     " PRAGMA temp_store = MEMORY;",
                     NULL, NULL, NULL) != SQLITE_OK) {
        r = hw_fail(d, HW_EDB, "open", path, "%s", sqlite3_errmsg(s->db));
        goto fail;
    }
    if ((r = migrate(s, d, path)) != 0)
        goto fail;
    for (i = 0; i < S_COUNT; i++) {
        if (sqlite3_prepare_v3(s->db, statement_sql[i], -1,
                               SQLITE_PREPARE_PERSISTENT, &s->st[i],
                               NULL) != SQLITE_OK) {
            r = hw_fail(d, HW_EDB, "open", path, "statement %d: %s", i,
                        sqlite3_errmsg(s->db));
            goto fail;
        }
    }
    *out = &s->base;
    return 0;
fail:
    for (i = 0; i < S_COUNT; i++)
        sqlite3_finalize(s->st[i]);
    sqlite3_close(s->db);
    hw_free(s);
    return r;
}
