/*
 * sqlite.c - the SQLite backend of the store: one file, WAL journal, a
 * busy timeout, numbered migrations kept in PRAGMA user_version, and
 * prepared statements only (every value is bound, never spliced).
 *
 * Statements are prepared once at open and reset after each use.  The
 * topic page reads the partial index ae_topic (entity, time desc, article
 * desc) of the articles that belong on the page: one range scan.
 *
 * Writing an article costs mostly its search index and the commit.  FTS5
 * holds the words of a transaction's articles in memory and writes them
 * as one segment at commit; but any statement that needs a statement
 * journal (one that writes several rows and may fail halfway, such as a
 * multi-row INSERT ... ON CONFLICT) makes FTS5 write them at once, a
 * segment per article, several times dearer.  So the rows of an
 * article's mentions are written one statement each.  Entities are found
 * through an in-memory cache (id_cache below), which also knows which
 * ones have a type, so that a mention does not ask to fill it in.
 */
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "store/store_int.h"

/* ---- schema ------------------------------------------------------------
 * Each entry is one migration; user_version is the number applied.  Never
 * edit a migration that has shipped: add the next one.  Each entry is in
 * parentheses, so that the compiler knows its literals join on purpose. */
static const char *const migrations[] = {
    /* 1: the first schema */
    ("CREATE TABLE feeds ("
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
    "  detail=column);"),
    /* 2: subscriptions in folders; feeds that are gone */
    ("ALTER TABLE feeds ADD COLUMN folder TEXT;"
    "ALTER TABLE feeds ADD COLUMN gone INTEGER NOT NULL DEFAULT 0;"
    "CREATE INDEX feeds_due ON feeds(next_poll) WHERE NOT gone;"
    "CREATE INDEX articles_feed ON articles(feed_id);"),
    /* 3: category pages, one range scan each (the web) */
    ("CREATE INDEX articles_category ON articles"
    "  (category, coalesce(published, fetched)) WHERE category IS NOT NULL;"),
    /* 4: retagging.  meta: the store's own settings and the progress of
     * long jobs (`retag` keeps the last article done).  The display name
     * each article voted for (entity_names), so that the vote can be
     * taken back when the article is tagged again; NULL in rows written
     * before this migration or by store_article_mentions(). */
    ("CREATE TABLE meta ("
    "  key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
    "ALTER TABLE article_entities ADD COLUMN display TEXT;"),
    /* 5: full text of teasers.  extract_status is NULL when the feed
     * gave the whole text; else 'pending' (its page is to be fetched at
     * extract_next), 'ok', 'none' (the page holds no article), 'blocked'
     * (robots.txt) or 'failed', with the last error in extract_error. */
    ("ALTER TABLE articles ADD COLUMN extract_status TEXT;"
    "ALTER TABLE articles ADD COLUMN extract_error TEXT;"
    "ALTER TABLE articles ADD COLUMN extract_tries INTEGER NOT NULL"
    "  DEFAULT 0;"
    "ALTER TABLE articles ADD COLUMN extract_next INTEGER;"
    "CREATE INDEX articles_extract ON articles(extract_next, id)"
    "  WHERE extract_status = 'pending';"),
    /* 6: the search index merges its segments 8 at a time, not 4.  Each
     * commit (one per feed) writes a small segment; merged 4 at a time,
     * each indexed word was written again once per level of a deep tree,
     * about half of what indexing cost at commit.  At 8 the tree is
     * shallower: a few more segments for a search to read, less to
     * write. */
    ("INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', 8);"),
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
      " language, simhash, extract_status, extract_next) VALUES"             \
      " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"       \
      " CASE WHEN ?15 THEN 'pending' END, CASE WHEN ?15 THEN ?9 END)")      \
    X(FTS_INSERT,                                                            \
      "INSERT INTO articles_fts(rowid, title, text) VALUES (?1, ?2, ?3)")    \
    X(ENT_BY_KEY, ENTITY_COLS " WHERE e.key = ?1")                          \
    X(ENT_BY_VARIANT, ENTITY_COLS " WHERE e.variant_key = ?1"               \
                      " ORDER BY e.id LIMIT 1")                              \
    X(ENT_ID_LOOKUP, "SELECT id, type IS NOT NULL FROM entities"             \
                     " WHERE key = ?1 OR variant_key = ?2"                   \
                     " ORDER BY key = ?1 DESC, id LIMIT 1")                  \
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
      " a.published, a.fetched, ae.time, a.extract_status,"                 \
      " a.extract_error"                                                     \
      " FROM article_entities ae JOIN articles a ON a.id = ae.article_id"    \
      " WHERE ae.entity_id = ?1 AND ae.on_page"                              \
      " AND (?2 IS NULL OR ae.time < ?2"                                     \
      "      OR (ae.time = ?2 AND ae.article_id < ?3))"                      \
      " ORDER BY ae.time DESC, ae.article_id DESC LIMIT ?4")                 \
    X(STATS, "SELECT (SELECT count(*) FROM feeds),"                          \
             " (SELECT count(*) FROM articles),"                             \
             " (SELECT count(*) FROM entities),"                             \
             " (SELECT count(*) FROM article_entities)")                  \
    X(ART_GET, ROW_COLS " WHERE a.id = ?1")                                  \
    X(ART_TAGS,                                                              \
      "SELECT e.id, e.key, " ENTITY_DISPLAY ", e.type, ae.mentions,"         \
      " ae.salience, -1 FROM article_entities ae"                    \
      " JOIN entities e ON e.id = ae.entity_id"                              \
      " WHERE ae.article_id = ?1 AND ae.on_page"                             \
      " ORDER BY ae.salience DESC, ae.mentions DESC, e.id")                  \
    X(CATEGORY, ROW_COLS " WHERE a.category = ?1 AND (?2 IS NULL"            \
      " OR coalesce(a.published, a.fetched) < ?2"                            \
      " OR (coalesce(a.published, a.fetched) = ?2 AND a.id < ?3))"           \
      " ORDER BY coalesce(a.published, a.fetched) DESC, a.id DESC LIMIT ?4") \
    X(LATEST, ROW_COLS " WHERE (?2 IS NULL"                                  \
      " OR coalesce(a.published, a.fetched) < ?2"                            \
      " OR (coalesce(a.published, a.fetched) = ?2 AND a.id < ?3))"           \
      " ORDER BY coalesce(a.published, a.fetched) DESC, a.id DESC LIMIT ?4") \
    X(SEARCH_RANK,                                                           \
      "SELECT articles_fts.rowid, bm25(articles_fts, 4.0, 1.0) / (1.0 +"     \
      " max(0, ?2 - coalesce(a.published, a.fetched)) / 1209600.0) AS score" \
      " FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid"      \
      " WHERE articles_fts MATCH ?1 ORDER BY score, articles_fts.rowid DESC" \
      " LIMIT ?3 OFFSET ?4")                                                 \
    X(SEARCH_MARK,                                                           \
      "SELECT highlight(articles_fts, 0, char(1), char(2)),"                 \
      " snippet(articles_fts, 1, char(1), char(2), '\xe2\x80\xa6', 32)"      \
      " FROM articles_fts WHERE articles_fts MATCH ?1 AND rowid = ?2")       \
    X(TRENDING,                                                              \
      "SELECT e.id, e.key, " ENTITY_DISPLAY ", e.type, t.cur, t.prev FROM"   \
      " (SELECT entity_id, sum(CASE WHEN hour >= ?2 THEN count ELSE 0 END)"  \
      " AS cur, sum(CASE WHEN hour < ?2 THEN count ELSE 0 END) AS prev"      \
      " FROM entity_hours WHERE hour >= ?1 AND hour <= ?3"                   \
      " GROUP BY entity_id) t JOIN entities e ON e.id = t.entity_id"         \
      " WHERE t.cur > 0 ORDER BY t.cur DESC, e.id LIMIT 2000")              \
    X(ENT_PREFIX, ENTITY_COLS " WHERE e.id IN (SELECT id FROM entities"      \
      " WHERE key >= ?1 AND key < ?2 LIMIT 200)"                             \
      " ORDER BY 5 DESC, e.key LIMIT ?3")                                    \
    X(COUNTS, "SELECT (SELECT count(*) FROM articles),"                      \
      " (SELECT count(*) FROM entities), (SELECT count(*) FROM feeds),"      \
      " (SELECT count(*) FROM feeds WHERE NOT gone AND last_fetch IS NOT"    \
      "  NULL AND error_count = 0),"                                         \
      " (SELECT count(*) FROM feeds WHERE NOT gone AND error_count > 0),"    \
      " (SELECT count(*) FROM feeds WHERE gone),"                            \
      " (SELECT count(*) FROM feeds WHERE NOT gone AND last_fetch IS NULL"   \
      "  AND error_count = 0),"                                              \
      " (SELECT coalesce(sum(error_count), 0) FROM feeds),"                  \
      " (SELECT coalesce(max(id), 0) FROM articles)")                        \
    X(CATEGORIES, "SELECT category, count(*) FROM articles"                  \
      " WHERE category IS NOT NULL GROUP BY category ORDER BY 2 DESC, 1")    \
    X(ENT_FIND_KEY, "SELECT e.id, e.key, " ENTITY_DISPLAY ", e.type, -1"     \
      " FROM entities e WHERE e.key = ?1")                                   \
    X(ENT_FIND_VARIANT, "SELECT e.id, e.key, " ENTITY_DISPLAY ", e.type, -1" \
      " FROM entities e WHERE e.variant_key = ?1 ORDER BY e.id LIMIT 1")    \
    X(META_GET, "SELECT value FROM meta WHERE key = ?1")                    \
    X(META_SET, "INSERT INTO meta(key, value) VALUES (?1, ?2)"              \
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value")   \
    X(META_DEL, "DELETE FROM meta WHERE key = ?1")                          \
    X(ARTS_AFTER, ROW_COLS " WHERE a.id > ?1 ORDER BY a.id LIMIT ?2")       \
    X(ART_PENDING, "SELECT id, url, extract_tries FROM articles"              \
                   " WHERE extract_status = 'pending' AND extract_next <= ?1" \
                   " ORDER BY extract_next, id LIMIT ?2")                     \
    X(ART_EXTRACTED,                                                         \
      "UPDATE articles SET extract_status = ?2, extract_error = ?3,"         \
      " extract_next = ?4, extract_tries = extract_tries + 1,"               \
      " author = coalesce(author, ?5), category = coalesce(category, ?6),"   \
      " language = coalesce(language, ?7),"                                  \
      " canonical_url = coalesce(?8, canonical_url),"                        \
      " published = coalesce(published, ?9) WHERE id = ?1")                 \
    X(FTS_DELETE, "INSERT INTO articles_fts(articles_fts, rowid, title,"     \
                  " text) SELECT 'delete', id, title, text FROM articles"    \
                  " WHERE id = ?1")                                          \
    X(ART_SET_TEXT, "UPDATE articles SET text = ?2 WHERE id = ?1")           \
    X(FTS_REINDEX, "INSERT INTO articles_fts(rowid, title, text)"            \
                   " SELECT id, title, text FROM articles WHERE id = ?1")    \
    X(EXTRACT_COUNTS, "SELECT extract_status, count(*) FROM articles"       \
                      " WHERE extract_status IS NOT NULL"                    \
                      " GROUP BY extract_status ORDER BY 1")                 \
    X(ARTS_COUNT_AFTER, "SELECT count(*) FROM articles WHERE id > ?1")      \
    X(AE_OF_ARTICLE, "SELECT entity_id, mentions, time, display"            \
                     " FROM article_entities WHERE article_id = ?1")        \
    X(AE_DELETE, "DELETE FROM article_entities WHERE article_id = ?1")      \
    X(AE_INSERT_NAMED,                                                      \
      "INSERT INTO article_entities(article_id, entity_id, mentions,"       \
      " salience, on_page, time, display) VALUES"                           \
      " (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING")               \
    X(HOUR_SUB, "UPDATE entity_hours SET count = count - ?3"                \
                " WHERE entity_id = ?1 AND hour = ?2")                      \
    X(HOUR_GC, "DELETE FROM entity_hours WHERE entity_id = ?1"              \
               " AND hour = ?2 AND count <= 0")                             \
    X(NAME_SUB, "UPDATE entity_names SET count = count - 1"                 \
                " WHERE entity_id = ?1 AND display = ?2 AND count > 0")     \
    X(NAME_GC, "DELETE FROM entity_names WHERE entity_id = ?1"              \
               " AND display = ?2 AND count <= 0")                          \
    X(ENT_TYPE_FILL, "UPDATE entities SET type = ?2"                        \
                     " WHERE id = ?1 AND type IS NULL")

/* The columns of an article as struct store_row reads them (web). */
#define ROW_COLS                                                             \
    "SELECT a.id, a.feed_id, a.source, a.guid, a.url, a.canonical_url,"      \
    " a.title, a.author, a.category, a.summary, a.text, a.language,"         \
    " a.published, a.fetched, coalesce(a.published, a.fetched),"             \
    " a.extract_status, a.extract_error FROM articles a"

/* An entity's display name seen in most articles (as ENTITY_COLS). */
#define ENTITY_DISPLAY                                                       \
    "coalesce((SELECT n.display FROM entity_names n"                         \
    " WHERE n.entity_id = e.id ORDER BY n.count DESC, n.rowid LIMIT 1),"     \
    " e.display)"

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
 * With each id, whether the entity is known to have a type: a type, once
 * set, is never taken away, so a mention of a typed entity need not ask
 * to fill it in.  Cleared on rollback, since ids created (and types
 * filled) in the transaction are gone.
 */
struct id_cache {
    char **keys;
    int64_t *ids;
    unsigned char *typed;
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
    hw_free(c->typed);
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

static int cache_get(const struct id_cache *c, const char *key, int64_t *id,
                     int *typed)
{
    size_t i;

    if (!c->cap)
        return 0;
    i = cache_slot(c, key);
    if (!c->keys[i])
        return 0;
    *id = c->ids[i];
    *typed = c->typed[i];
    return 1;
}

static void cache_put(struct id_cache *c, const char *key, int64_t id,
                      int typed)
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
        n.typed = hw_calloc(n.cap, sizeof *n.typed);
        for (j = 0; j < c->cap; j++) {
            if (c->keys[j]) {
                size_t k = cache_slot(&n, c->keys[j]);
                n.keys[k] = c->keys[j];
                n.ids[k] = c->ids[j];
                n.typed[k] = c->typed[j];
            }
        }
        hw_free(c->keys);
        hw_free(c->ids);
        hw_free(c->typed);
        *c = n;
    }
    i = cache_slot(c, key);
    if (!c->keys[i]) {
        c->keys[i] = hw_strdup(key);
        c->used++;
    }
    c->ids[i] = id;
    c->typed[i] = typed != 0;
}

/* Mark key typed, if it is there and stands for entity id. */
static void cache_set_typed(struct id_cache *c, const char *key, int64_t id)
{
    size_t i;

    if (!c->cap)
        return;
    i = cache_slot(c, key);
    if (c->keys[i] && c->ids[i] == id)
        c->typed[i] = 1;
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
    sqlite3_bind_int(q, 15, a->extract != 0);
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

/* An entity by key, else by variant key, through the two statements
 * given (with or without the article count). */
static int entity_lookup(struct sq_store *s, int by_key, int by_variant,
                         const char *key, const char *variant_key,
                         struct store_entity *e)
{
    sqlite3_stmt *q = stmt(s, by_key);
    int r;

    bind_text(q, 1, key);
    if ((r = read_entity(s, q, e)) != 0)
        return r < 0 ? r : 0;
    if (variant_key) {
        q = stmt(s, by_variant);
        bind_text(q, 1, variant_key);
        if ((r = read_entity(s, q, e)) != 0)
            return r < 0 ? r : 0;
    }
    return HW_ENOTFOUND;
}

static int sq_entity_get(struct store *st, const char *key,
                         const char *variant_key, struct store_entity *e)
{
    return entity_lookup(sq(st), S_ENT_BY_KEY, S_ENT_BY_VARIANT, key,
                         variant_key, e);
}

static int sq_entity_top(struct store *st, struct store_entity *e)
{
    struct sq_store *s = sq(st);
    int r = read_entity(s, stmt(s, S_ENT_TOP), e);

    return r < 0 ? r : r ? 0 : HW_ENOTFOUND;
}

/* The cache keys of a mention ("k:" + key, "v:" + variant key) in ck and
 * cv; 0 when a key is too long for them (the cache is then bypassed). */
static int cache_keys(const struct store_mention *m, char *ck, char *cv,
                      size_t cap)
{
    const char *vk = m->variant_key ? m->variant_key : m->key;

    if (strlen(m->key) + 3 > cap || strlen(vk) + 3 > cap)
        return 0;
    snprintf(ck, cap, "k:%s", m->key);
    snprintf(cv, cap, "v:%s", vk);
    return 1;
}

/*
 * Find or create the entity of one mention (cache, key, variant); *id,
 * and *typed 1 when the entity is known to have a type.
 */
static int entity_for(struct sq_store *s, const struct store_mention *m,
                      int64_t *id, int *typed)
{
    const char *vk = m->variant_key ? m->variant_key : m->key;
    char ck[300], cv[300];
    sqlite3_stmt *q;
    int r, cacheable = cache_keys(m, ck, cv, sizeof ck);

    if (cacheable && (cache_get(&s->cache, ck, id, typed) ||
                      cache_get(&s->cache, cv, id, typed)))
        return 0;
    q = stmt(s, S_ENT_ID_LOOKUP);
    bind_text(q, 1, m->key);
    bind_text(q, 2, vk);
    r = sqlite3_step(q);
    if (r == SQLITE_ROW) {
        *id = sqlite3_column_int64(q, 0);
        *typed = sqlite3_column_int(q, 1);
    }
    sqlite3_reset(q);
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        return db_error(s, "find entity");
    if (r == SQLITE_DONE) {
        q = stmt(s, S_ENT_INSERT);
        bind_text(q, 1, m->key);
        bind_text(q, 2, vk);
        bind_text(q, 3, m->display);
        bind_text(q, 4, m->type);
        if (run(s, q, "insert entity"))
            return HW_EDB;
        *id = sqlite3_last_insert_rowid(s->db);
        *typed = m->type != NULL;
    }
    if (cacheable) {
        cache_put(&s->cache, ck, *id, *typed);
        cache_put(&s->cache, cv, *id, *typed);
    }
    return 0;
}

/* Remember that entity id, found for mention m, has a type now. */
static void entity_typed(struct sq_store *s, const struct store_mention *m,
                         int64_t id)
{
    char ck[300], cv[300];

    if (cache_keys(m, ck, cv, sizeof ck)) {
        cache_set_typed(&s->cache, ck, id);
        cache_set_typed(&s->cache, cv, id);
    }
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
        int r, typed;

        /* only what belongs on a page is kept: a passing mention makes
         * no topic page and no trend */
        if (!m[i].on_page)
            continue;
        if ((r = entity_for(s, &m[i], &eid, &typed)) != 0)
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

static int each_row(struct sq_store *s, sqlite3_stmt *q, store_row_cb cb,
                    void *ctx, const char *what);

static int sq_topic(struct store *st, int64_t entity_id, hw_time before_time,
                    int64_t before_id, int limit, store_row_cb cb, void *ctx)
{
    struct sq_store *s = sq(st);
    sqlite3_stmt *q = stmt(s, S_TOPIC);

    sqlite3_bind_int64(q, 1, entity_id);
    bind_time(q, 2, before_time);
    sqlite3_bind_int64(q, 3, before_id);
    sqlite3_bind_int(q, 4, limit);
    return each_row(s, q, cb, ctx, "topic");
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

/* ---- reading, for the web ------------------------------------------- */

/* Fill r from a statement whose columns are ROW_COLS (or TOPIC's). */
static void read_row(sqlite3_stmt *q, struct store_row *r)
{
    r->id = sqlite3_column_int64(q, 0);
    r->feed_id = sqlite3_column_int64(q, 1);
    r->source = col_text(q, 2);
    r->guid = col_text(q, 3);
    r->url = col_text(q, 4);
    r->canonical_url = col_text(q, 5);
    r->title = col_text(q, 6);
    r->author = col_text(q, 7);
    r->category = col_text(q, 8);
    r->summary = col_text(q, 9);
    r->text = col_text(q, 10);
    r->language = col_text(q, 11);
    r->published = col_time(q, 12);
    r->fetched = col_time(q, 13);
    r->sort_time = col_time(q, 14);
    r->extract_status = col_text(q, 15);
    r->extract_error = col_text(q, 16);
}

/* Step q to its end, handing each row to cb; what is the error's name. */
static int each_row(struct sq_store *s, sqlite3_stmt *q, store_row_cb cb,
                    void *ctx, const char *what)
{
    int rc;

    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct store_row r;
        read_row(q, &r);
        if (cb(ctx, &r))
            break;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        sqlite3_reset(q);
        return db_error(s, what);
    }
    sqlite3_reset(q);
    return 0;
}

static int sq_article_get(struct store *st, int64_t id, store_row_cb cb,
                          void *ctx)
{
    struct sq_store *s = sq(st);
    sqlite3_stmt *q = stmt(s, S_ART_GET);
    struct store_row r;
    int rc;

    sqlite3_bind_int64(q, 1, id);
    rc = sqlite3_step(q);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(q);
        return rc == SQLITE_DONE ? HW_ENOTFOUND : db_error(s, "article");
    }
    read_row(q, &r);
    cb(ctx, &r);
    sqlite3_reset(q);
    return 0;
}

/* Step q (columns id, key, display, type, mentions, salience, articles
 * or ENTITY_COLS when short) handing each entity to cb. */
static int each_tag(struct sq_store *s, sqlite3_stmt *q, int short_cols,
                    store_tag_cb cb, void *ctx, const char *what)
{
    int rc;

    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct store_tag t;
        t.id = sqlite3_column_int64(q, 0);
        t.key = col_text(q, 1);
        t.display = col_text(q, 2);
        t.type = col_text(q, 3);
        if (short_cols) {
            t.mentions = 0;
            t.salience = 0;
            t.articles = sqlite3_column_int64(q, 4);
        } else {
            t.mentions = sqlite3_column_int(q, 4);
            t.salience = sqlite3_column_double(q, 5);
            t.articles = sqlite3_column_int64(q, 6);
        }
        if (cb(ctx, &t))
            break;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        sqlite3_reset(q);
        return db_error(s, what);
    }
    sqlite3_reset(q);
    return 0;
}

static int sq_article_tags(struct store *st, int64_t article_id,
                           store_tag_cb cb, void *ctx)
{
    struct sq_store *s = sq(st);
    sqlite3_stmt *q = stmt(s, S_ART_TAGS);

    sqlite3_bind_int64(q, 1, article_id);
    return each_tag(s, q, 0, cb, ctx, "article tags");
}

static int sq_category(struct store *st, const char *category,
                       hw_time before_time, int64_t before_id, int limit,
                       store_row_cb cb, void *ctx)
{
    struct sq_store *s = sq(st);
    sqlite3_stmt *q = stmt(s, category ? S_CATEGORY : S_LATEST);

    if (category)
        bind_text(q, 1, category);
    bind_time(q, 2, before_time);
    sqlite3_bind_int64(q, 3, before_id);
    sqlite3_bind_int(q, 4, limit);
    return each_row(s, q, cb, ctx, category ? "category" : "latest");
}

/*
 * The FTS5 expression for a user's query: each run of letters, digits
 * and combining marks becomes one double-quoted string (a quoted string
 * is never an operator, and a run holds nothing the unicode61 tokenizer
 * splits, so it is one token: no phrase, which detail=column refuses).
 * Strings are joined by spaces: all must match.  At most 16 words of at
 * most 64 bytes each.  Returns the number of words.
 */
static int fts_query(const char *text, struct hw_buf *out)
{
    size_t n = strlen(text), i = 0;
    int words = 0;

    while (i < n && words < 16) {
        size_t start, len = 0;
        uint32_t cp;
        int l;
        /* skip to the next word character */
        while (i < n) {
            l = hw_utf8_decode(text + i, n - i, &cp);
            if (l == 0)
                l = 1;
            if (cp < 0x80 ? ((cp | 0x20) - 'a' < 26 || cp - '0' < 10)
                          : (cp != 0xFFFD && utf8proc_category((int32_t)cp) >=
                                                 UTF8PROC_CATEGORY_LU &&
                             utf8proc_category((int32_t)cp) <=
                                 UTF8PROC_CATEGORY_NO))
                break;
            i += (size_t)l;
        }
        start = i;
        while (i < n) {
            l = hw_utf8_decode(text + i, n - i, &cp);
            if (l == 0)
                break;
            if (!(cp < 0x80 ? ((cp | 0x20) - 'a' < 26 || cp - '0' < 10)
                            : (utf8proc_category((int32_t)cp) >=
                                   UTF8PROC_CATEGORY_LU &&
                               utf8proc_category((int32_t)cp) <=
                                   UTF8PROC_CATEGORY_NO)))
                break;
            i += (size_t)l;
        }
        len = i - start;
        if (len == 0)
            continue;
        if (len > 64)
            len = 64;
        while (len && (text[start + len] & 0xC0) == 0x80 && len < i - start)
            len--; /* never cut a character */
        if (words)
            hw_buf_addc(out, ' ');
        hw_buf_addc(out, '"');
        hw_buf_add(out, text + start, len);
        hw_buf_addc(out, '"');
        words++;
    }
    return out->err ? 0 : words;
}

#define SEARCH_MAX 100

static int sq_search(struct store *st, const char *query, hw_time now,
                     int offset, int limit, store_hit_cb cb, void *ctx)
{
    struct sq_store *s = sq(st);
    int64_t ids[SEARCH_MAX];
    double scores[SEARCH_MAX];
    struct hw_buf fq;
    sqlite3_stmt *q;
    int n = 0, i, rc, r = 0;

    if (limit > SEARCH_MAX)
        limit = SEARCH_MAX;
    hw_buf_init(&fq, 2048);
    if (fts_query(query, &fq) == 0 || limit == 0) {
        hw_buf_release(&fq);
        return 0;
    }
    q = stmt(s, S_SEARCH_RANK);
    bind_text(q, 1, fq.p);
    sqlite3_bind_int64(q, 2, now == HW_TIME_NONE ? 0 : now);
    sqlite3_bind_int(q, 3, limit);
    sqlite3_bind_int(q, 4, offset);
    while (n < limit && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        ids[n] = sqlite3_column_int64(q, 0);
        scores[n++] = sqlite3_column_double(q, 1);
    }
    if (n < limit && rc != SQLITE_DONE) {
        sqlite3_reset(q);
        hw_buf_release(&fq);
        return db_error(s, "search");
    }
    sqlite3_reset(q);
    for (i = 0; i < n && r == 0; i++) {
        sqlite3_stmt *m = stmt(s, S_SEARCH_MARK), *a;
        struct store_hit h;
        bind_text(m, 1, fq.p);
        sqlite3_bind_int64(m, 2, ids[i]);
        if (sqlite3_step(m) != SQLITE_ROW) {
            sqlite3_reset(m);
            continue; /* gone meanwhile */
        }
        a = stmt(s, S_ART_GET);
        sqlite3_bind_int64(a, 1, ids[i]);
        if (sqlite3_step(a) != SQLITE_ROW) {
            sqlite3_reset(a);
            sqlite3_reset(m);
            continue;
        }
        read_row(a, &h.row);
        h.title_marked = col_text(m, 0);
        h.snippet_marked = col_text(m, 1);
        h.score = scores[i];
        if (cb(ctx, &h))
            r = 1;
        sqlite3_reset(a);
        sqlite3_reset(m);
    }
    hw_buf_release(&fq);
    return 0;
}

struct trend_item {
    struct store_trend t;
    char *key, *display, *type;
};

static int trend_cmp(const void *a, const void *b)
{
    const struct trend_item *x = a, *y = b;

    if (x->t.score != y->t.score)
        return x->t.score < y->t.score ? 1 : -1;
    if (x->t.count != y->t.count)
        return x->t.count < y->t.count ? 1 : -1;
    return x->t.id < y->t.id ? -1 : x->t.id > y->t.id;
}

/*
 * Trending: the window's mention count c against e, what the week
 * before predicts for a window of that length (its count times
 * hours/168).  The score (c - e) / sqrt(e + 4) is how many "standard
 * deviations" (Poisson, smoothed so that one mention of something new is
 * not a sensation) c stands above e.
 */
static int sq_trending(struct store *st, hw_time now, int hours, int limit,
                       store_trend_cb cb, void *ctx)
{
    struct sq_store *s = sq(st);
    sqlite3_stmt *q = stmt(s, S_TRENDING);
    struct trend_item *items = NULL;
    size_t n = 0, cap = 0, i;
    hw_time start = now - (hw_time)hours * 3600;
    int rc;

    sqlite3_bind_int64(q, 1, start - 7 * 86400);
    sqlite3_bind_int64(q, 2, start);
    sqlite3_bind_int64(q, 3, now);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct trend_item *it;
        double e;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            items = hw_realloc(items, cap * sizeof *items);
        }
        it = &items[n++];
        it->t.id = sqlite3_column_int64(q, 0);
        it->key = hw_strdup(col_text(q, 1));
        it->display = hw_strdup(col_text(q, 2));
        it->type = hw_strdup(col_text(q, 3));
        it->t.count = sqlite3_column_int64(q, 4);
        it->t.before = sqlite3_column_int64(q, 5);
        e = (double)it->t.before * hours / 168.0;
        it->t.score = ((double)it->t.count - e) / sqrt(e + 4.0);
    }
    sqlite3_reset(q);
    if (rc != SQLITE_DONE) {
        for (i = 0; i < n; i++) {
            hw_free(items[i].key);
            hw_free(items[i].display);
            hw_free(items[i].type);
        }
        hw_free(items);
        return db_error(s, "trending");
    }
    if (n)
        qsort(items, n, sizeof *items, trend_cmp);
    for (i = 0; i < n; i++) {
        if ((int)i < limit) {
            items[i].t.key = items[i].key;
            items[i].t.display = items[i].display;
            items[i].t.type = items[i].type;
            if (cb(ctx, &items[i].t))
                limit = 0;
        }
        hw_free(items[i].key);
        hw_free(items[i].display);
        hw_free(items[i].type);
    }
    hw_free(items);
    return 0;
}

static int sq_entities_prefix(struct store *st, const char *prefix,
                              int limit, store_tag_cb cb, void *ctx)
{
    struct sq_store *s = sq(st);
    sqlite3_stmt *q = stmt(s, S_ENT_PREFIX);
    struct hw_buf hi;
    int r;

    /* every key that starts with prefix sorts below prefix + U+10FFFF */
    hw_buf_init(&hi, HW_BUF_NOLIMIT);
    hw_buf_adds(&hi, prefix);
    hw_buf_adds(&hi, "\xf4\x8f\xbf\xbf");
    bind_text(q, 1, prefix);
    bind_text(q, 2, hi.p);
    sqlite3_bind_int(q, 3, limit);
    r = each_tag(s, q, 1, cb, ctx, "entities by prefix");
    hw_buf_release(&hi);
    return r;
}

static int sq_counts(struct store *st, struct store_counts *c)
{
    struct sq_store *s = sq(st);
    sqlite3_stmt *q = stmt(s, S_COUNTS);

    if (sqlite3_step(q) != SQLITE_ROW) {
        sqlite3_reset(q);
        return db_error(s, "counts");
    }
    c->articles = sqlite3_column_int64(q, 0);
    c->entities = sqlite3_column_int64(q, 1);
    c->feeds = sqlite3_column_int64(q, 2);
    c->feeds_ok = sqlite3_column_int64(q, 3);
    c->feeds_failing = sqlite3_column_int64(q, 4);
    c->feeds_gone = sqlite3_column_int64(q, 5);
    c->feeds_new = sqlite3_column_int64(q, 6);
    c->feed_errors = sqlite3_column_int64(q, 7);
    c->max_article_id = sqlite3_column_int64(q, 8);
    sqlite3_reset(q);
    return 0;
}

/* Step a statement of (name, count) rows, handing each to cb. */
static int each_count(struct sq_store *s, int which, store_count_cb cb,
                      void *ctx, const char *what)
{
    sqlite3_stmt *q = stmt(s, which);
    int rc;

    while ((rc = sqlite3_step(q)) == SQLITE_ROW)
        if (cb(ctx, col_text(q, 0), sqlite3_column_int64(q, 1)))
            break;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        sqlite3_reset(q);
        return db_error(s, what);
    }
    sqlite3_reset(q);
    return 0;
}

static int sq_categories(struct store *st, store_count_cb cb, void *ctx)
{
    return each_count(sq(st), S_CATEGORIES, cb, ctx, "categories");
}

static int sq_entity_find(struct store *st, const char *key,
                          const char *variant_key, struct store_entity *e)
{
    return entity_lookup(sq(st), S_ENT_FIND_KEY, S_ENT_FIND_VARIANT, key,
                         variant_key, e);
}

/* ---- retagging --------------------------------------------------------- */

static int sq_meta_get(struct store *st, const char *key, struct hw_buf *out)
{
    struct sq_store *s = sq(st);
    sqlite3_stmt *q = stmt(s, S_META_GET);
    int rc;

    bind_text(q, 1, key);
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        hw_buf_reset(out);
        hw_buf_add(out, sqlite3_column_text(q, 0),
                   (size_t)sqlite3_column_bytes(q, 0));
        sqlite3_reset(q);
        return out->err;
    }
    sqlite3_reset(q);
    return rc == SQLITE_DONE ? HW_ENOTFOUND : db_error(s, "read meta");
}

static int sq_meta_set(struct store *st, const char *key, const char *value)
{
    struct sq_store *s = sq(st);
    sqlite3_stmt *q = stmt(s, value ? S_META_SET : S_META_DEL);

    bind_text(q, 1, key);
    if (value)
        bind_text(q, 2, value);
    return run(s, q, "write meta");
}

static int sq_articles_after(struct store *st, int64_t after_id, int limit,
                             store_row_cb cb, void *ctx, int64_t *left)
{
    struct sq_store *s = sq(st);
    sqlite3_stmt *q;

    if (left) {
        q = stmt(s, S_ARTS_COUNT_AFTER);
        sqlite3_bind_int64(q, 1, after_id);
        if (sqlite3_step(q) != SQLITE_ROW) {
            sqlite3_reset(q);
            return db_error(s, "count articles");
        }
        *left = sqlite3_column_int64(q, 0);
        sqlite3_reset(q);
    }
    if (!cb)
        return 0;
    q = stmt(s, S_ARTS_AFTER);
    sqlite3_bind_int64(q, 1, after_id);
    sqlite3_bind_int(q, 2, limit);
    return each_row(s, q, cb, ctx, "articles");
}

/* One row of article_entities taken back. */
struct old_ae {
    int64_t entity_id, time;
    int mentions;
    char *display; /* NULL when not recorded */
};

/* The new display of entity eid among m[0..n) (eids[i] its entity, -1 if
 * not kept), or NULL. */
static const char *new_display(const struct store_mention *m,
                               const int64_t *eids, size_t n, int64_t eid)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (eids[i] == eid)
            return m[i].display;
    return NULL;
}

/* Count a name vote down (by one) and, when gc, drop names at zero. */
static int name_sub(struct sq_store *s, int which, int64_t eid,
                    const char *display)
{
    sqlite3_stmt *q = stmt(s, which);

    sqlite3_bind_int64(q, 1, eid);
    bind_text(q, 2, display);
    return run(s, q, "count name");
}

static int sq_article_mentions_replace(struct store *st, int64_t article_id,
                                       hw_time t, const struct store_mention *m,
                                       size_t n)
{
    struct sq_store *s = sq(st);
    hw_time hour = t - ((t % 3600) + 3600) % 3600;
    struct old_ae *old = NULL;
    size_t nold = 0, cap = 0, i;
    int64_t *eids = hw_malloc((n ? n : 1) * sizeof *eids);
    int *typed = hw_calloc(n ? n : 1, sizeof *typed);
    sqlite3_stmt *q;
    int r = 0, rc = SQLITE_DONE;

    /* 1. the entities of the new mentions (found or created) */
    for (i = 0; i < n && r == 0; i++) {
        eids[i] = -1;
        if (m[i].on_page)
            r = entity_for(s, &m[i], &eids[i], &typed[i]);
    }
    /* 2. what the article contributed so far */
    q = stmt(s, S_AE_OF_ARTICLE);
    sqlite3_bind_int64(q, 1, article_id);
    while (r == 0 && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *d = col_text(q, 3);
        if (nold == cap) {
            cap = cap ? cap * 2 : 16;
            old = hw_realloc(old, cap * sizeof *old);
        }
        old[nold].entity_id = sqlite3_column_int64(q, 0);
        old[nold].mentions = sqlite3_column_int(q, 1);
        old[nold].time = sqlite3_column_int64(q, 2);
        old[nold].display = hw_strdup(d);
        nold++;
    }
    if (r == 0 && rc != SQLITE_DONE)
        r = db_error(s, "read article entities");
    sqlite3_reset(q);
    /* 3. taken back: hourly counts, name votes, the rows */
    for (i = 0; i < nold && r == 0; i++) {
        const struct old_ae *o = &old[i];
        hw_time h = o->time - ((o->time % 3600) + 3600) % 3600;
        const char *d =
            o->display ? o->display : new_display(m, eids, n, o->entity_id);
        q = stmt(s, S_HOUR_SUB);
        sqlite3_bind_int64(q, 1, o->entity_id);
        sqlite3_bind_int64(q, 2, h);
        sqlite3_bind_int(q, 3, o->mentions);
        if ((r = run(s, q, "count hour")) != 0)
            break;
        q = stmt(s, S_HOUR_GC);
        sqlite3_bind_int64(q, 1, o->entity_id);
        sqlite3_bind_int64(q, 2, h);
        if ((r = run(s, q, "count hour")) != 0)
            break;
        if (d)
            r = name_sub(s, S_NAME_SUB, o->entity_id, d);
    }
    if (r == 0) {
        q = stmt(s, S_AE_DELETE);
        sqlite3_bind_int64(q, 1, article_id);
        r = run(s, q, "detach entities");
    }
    /* 4. the new mentions, as sq_article_mentions() adds them, with the
     *    display each one voted for */
    for (i = 0; i < n && r == 0; i++) {
        if (!m[i].on_page)
            continue;
        q = stmt(s, S_AE_INSERT_NAMED);
        sqlite3_bind_int64(q, 1, article_id);
        sqlite3_bind_int64(q, 2, eids[i]);
        sqlite3_bind_int(q, 3, m[i].mentions);
        sqlite3_bind_double(q, 4, m[i].salience);
        sqlite3_bind_int(q, 5, 1);
        sqlite3_bind_int64(q, 6, t);
        bind_text(q, 7, m[i].display);
        if ((r = run(s, q, "attach entity")) != 0)
            break;
        if (sqlite3_changes(s->db) == 0)
            continue;
        if (m[i].display) {
            q = stmt(s, S_NAME_ADD);
            sqlite3_bind_int64(q, 1, eids[i]);
            bind_text(q, 2, m[i].display);
            if ((r = run(s, q, "count name")) != 0)
                break;
        }
        q = stmt(s, S_HOUR_ADD);
        sqlite3_bind_int64(q, 1, eids[i]);
        sqlite3_bind_int64(q, 2, hour);
        sqlite3_bind_int(q, 3, m[i].mentions);
        if ((r = run(s, q, "count hour")) != 0)
            break;
        /* an entity known to have a type keeps it: nothing to fill */
        if (m[i].type && !typed[i]) {
            q = stmt(s, S_ENT_TYPE_FILL);
            sqlite3_bind_int64(q, 1, eids[i]);
            bind_text(q, 2, m[i].type);
            if ((r = run(s, q, "type entity")) != 0)
                break;
            entity_typed(s, &m[i], eids[i]);
        }
    }
    /* 5. names no article votes for any more go; a name voted for again
     *    was counted back up above and keeps its place in the ties */
    for (i = 0; i < nold && r == 0; i++) {
        const char *d = old[i].display
                            ? old[i].display
                            : new_display(m, eids, n, old[i].entity_id);
        if (d)
            r = name_sub(s, S_NAME_GC, old[i].entity_id, d);
    }
    for (i = 0; i < nold; i++)
        hw_free(old[i].display);
    hw_free(old);
    hw_free(eids);
    hw_free(typed);
    return r;
}

/* ---- full text of teasers ------------------------------------------- */

static int sq_articles_pending(struct store *st, hw_time now, int limit,
                               store_pending_cb cb, void *ctx)
{
    struct sq_store *s = sq(st);
    sqlite3_stmt *q = stmt(s, S_ART_PENDING);
    int rc;

    sqlite3_bind_int64(q, 1, now);
    sqlite3_bind_int(q, 2, limit);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct store_pending p;
        p.id = sqlite3_column_int64(q, 0);
        p.url = col_text(q, 1);
        p.tries = sqlite3_column_int(q, 2);
        if (!p.url)
            continue;
        if (cb(ctx, &p))
            break;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        sqlite3_reset(q);
        return db_error(s, "pending articles");
    }
    sqlite3_reset(q);
    return 0;
}

/* Run a statement that takes the article id as its only parameter. */
static int run_id(struct sq_store *s, int which, int64_t id,
                  const char *what)
{
    sqlite3_stmt *q = stmt(s, which);

    sqlite3_bind_int64(q, 1, id);
    return run(s, q, what) ? HW_EDB : 0;
}

static int sq_article_extracted(struct store *st,
                                const struct store_extracted *x)
{
    struct sq_store *s = sq(st);
    sqlite3_stmt *q;

    /* the index holds the old text until it is told what that was */
    if (x->text) {
        if (run_id(s, S_FTS_DELETE, x->id, "unindex article"))
            return HW_EDB;
        q = stmt(s, S_ART_SET_TEXT);
        sqlite3_bind_int64(q, 1, x->id);
        bind_text(q, 2, x->text);
        if (run(s, q, "article text"))
            return HW_EDB;
        if (run_id(s, S_FTS_REINDEX, x->id, "index article"))
            return HW_EDB;
    }
    q = stmt(s, S_ART_EXTRACTED);
    sqlite3_bind_int64(q, 1, x->id);
    bind_text(q, 2, x->status);
    bind_text(q, 3, x->error);
    bind_time(q, 4, x->next);
    bind_text(q, 5, x->author);
    bind_text(q, 6, x->category);
    bind_text(q, 7, x->language);
    bind_text(q, 8, x->canonical_url);
    bind_time(q, 9, x->published);
    if (run(s, q, "extraction"))
        return HW_EDB;
    return sqlite3_changes(s->db) ? 0 : HW_ENOTFOUND;
}

static int sq_extract_counts(struct store *st, store_count_cb cb, void *ctx)
{
    return each_count(sq(st), S_EXTRACT_COUNTS, cb, ctx,
                      "extraction counts");
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
    .article_get = sq_article_get,
    .article_tags = sq_article_tags,
    .category = sq_category,
    .search = sq_search,
    .trending = sq_trending,
    .entities_prefix = sq_entities_prefix,
    .counts = sq_counts,
    .categories = sq_categories,
    .entity_find = sq_entity_find,
    .meta_get = sq_meta_get,
    .meta_set = sq_meta_set,
    .articles_after = sq_articles_after,
    .article_mentions_replace = sq_article_mentions_replace,
    .articles_pending = sq_articles_pending,
    .article_extracted = sq_article_extracted,
    .extract_counts = sq_extract_counts,
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
    /* A commit appends the pages it changed to the WAL (no sync with
     * synchronous = NORMAL); a checkpoint copies them into the database
     * file, each page once however many commits changed it, and syncs.
     * Ingest commits once per feed and its mentions change index pages
     * all over the file, so a checkpoint every 8192 pages (32 MiB of 4
     * KiB pages) instead of SQLite's 1000 writes and syncs far less.
     * journal_size_limit cuts the WAL file back after a checkpoint that
     * a long reader had held off. */
    if (sqlite3_exec(s->db,
                     "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                     " PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536;"
                     " PRAGMA temp_store = MEMORY;"
                     " PRAGMA wal_autocheckpoint = 8192;"
                     " PRAGMA journal_size_limit = 67108864;",
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
