/*
 * bench_web.c - the web server under load: build a large database from
 * the real news text of ../shared/data, then hand over to bench_web.sh,
 * which serves it with `hashwire serve` and measures it with wrk against
 * nginx serving a static copy of the same page (the floor).
 *
 *     bench_web [ARTICLES] [DB]     (default 1000000, build/bench-web/)
 *
 * The database is built fast and directly (a bench-only shortcut, not the
 * ingest path): the schema comes from store_open() (the real migrations),
 * then plain SQL inserts in one transaction with the secondary indexes
 * dropped and rebuilt at the end.  Articles are the Reuters-21578 and
 * Wikinews stories of ../shared/data/corpus, reused in turn, one an every
 * ~30 seconds over the year before 2025-07-13T20:00:00Z.  Hashtags are
 * the corpus's own capitalised names (words seen capitalised far more
 * often than not), ranked by how often they occur, and each article gets
 * 3 to 6 of them drawn by a Zipf law (s = 1: the second most common tag
 * is on half as many articles as the first), as tag and entity
 * frequencies in news are.  Full-text search and trending counts are not
 * built (the load is on tag pages and the tag API).
 *
 * A database already there with the same number of articles is reused.
 * Prints "web: ..." figure lines; bench_web.sh prints the rest.
 */
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"

#define NOW 1752436800 /* 2025-07-13T20:00:00Z */
#define MAX_TAGS 50000

struct story {
    char *title, *text;
};

struct word {
    char *w;
    long upper, lower;
};

static struct story *stories;
static size_t nstories;
static struct word *words;
static size_t nwords, wcap;
static size_t *slots;
static size_t nslots;

static double now_s(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint64_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static uint64_t hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    size_t i;

    for (i = 0; i < n; i++)
        h = (h ^ (unsigned char)(s[i] | 0x20)) * 1099511628211ull;
    return h;
}

/* Count one word, by its lowercased form, as capitalised or not. */
static void count_word(const char *s, size_t n, int upper)
{
    size_t i = hash(s, n) & (nslots - 1);

    while (slots[i] != (size_t)-1) {
        struct word *w = &words[slots[i]];
        if (strlen(w->w) == n && strncasecmp(w->w, s, n) == 0) {
            if (upper)
                w->upper++;
            else
                w->lower++;
            return;
        }
        i = (i + 1) & (nslots - 1);
    }
    if (nwords == wcap) {
        wcap = wcap ? wcap * 2 : 4096;
        words = realloc(words, wcap * sizeof *words);
    }
    words[nwords].w = strndup(s, n);
    words[nwords].upper = upper;
    words[nwords].lower = !upper;
    slots[i] = nwords++;
}

static void scan_words(const char *t)
{
    const char *p = t;

    while (*p) {
        const char *s;
        while (*p && !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
            p++;
        s = p;
        while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
            p++;
        if (p - s >= 3 && p - s < 24) {
            int upper = s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'a' &&
                        s[1] <= 'z';
            int lower = s[0] >= 'a' && s[0] <= 'z';
            if (upper || lower)
                count_word(s, (size_t)(p - s), upper);
        }
    }
}

static int by_upper(const void *a, const void *b)
{
    const struct word *x = a, *y = b;

    if (x->upper != y->upper)
        return x->upper < y->upper ? 1 : -1;
    return strcmp(x->w, y->w);
}

static int load_corpus(const char *dir)
{
    static const char *const files[] = {"reuters21578.jsonl",
                                        "wikinews_2019_2020.jsonl"};
    size_t f, cap = 0;
    char path[1200], *line = NULL;
    size_t lcap = 0;

    for (f = 0; f < 2; f++) {
        FILE *in;
        snprintf(path, sizeof path, "%s/%s", dir, files[f]);
        if (!(in = fopen(path, "r"))) {
            fprintf(stderr, "bench_web: %s: cannot open\n", path);
            return -1;
        }
        while (getline(&line, &lcap, in) > 0) {
            json_t *j = json_loads(line, 0, NULL);
            const char *title = json_string_value(json_object_get(j, "title"));
            const char *body = json_string_value(json_object_get(j, "body"));
            if (title && body && strlen(body) > 200) {
                if (nstories == cap) {
                    cap = cap ? cap * 2 : 4096;
                    stories = realloc(stories, cap * sizeof *stories);
                }
                stories[nstories].title = strdup(title);
                stories[nstories].text = strdup(body);
                nstories++;
            }
            json_decref(j);
        }
        fclose(in);
    }
    free(line);
    return nstories ? 0 : -1;
}

/* The tag vocabulary: words capitalised at least 10 times as often as
 * not, most frequent first. */
static size_t build_tags(void)
{
    size_t i, n = 0;

    nslots = 1u << 20;
    slots = malloc(nslots * sizeof *slots);
    memset(slots, 0xff, nslots * sizeof *slots);
    for (i = 0; i < nstories; i++)
        scan_words(stories[i].text);
    static const char *const stop[] = {
        "January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December", "Monday",
        "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
        "Inc", "Corp", "Ltd", "Co", "Mr", "Mrs", "Dlrs", "Dlr", "Mln",
        "Reuter", "Reuters", NULL};
    for (i = 0; i < nwords; i++) {
        size_t k;
        for (k = 0; stop[k] && strcmp(stop[k], words[i].w) != 0; k++)
            ;
        if (!stop[k] && words[i].upper >= 2 &&
            words[i].upper >= 10 * words[i].lower)
            words[n++] = words[i];
    }
    qsort(words, n, sizeof *words, by_upper);
    return n < MAX_TAGS ? n : MAX_TAGS;
}

static int exec(sqlite3 *db, const char *sql)
{
    char *err = NULL;

    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "bench_web: %s: %s\n", sql, err);
        sqlite3_free(err);
        return -1;
    }
    return 0;
}

static long count_articles(const char *path)
{
    sqlite3 *db;
    sqlite3_stmt *q;
    long n = -1;
    struct stat sb;

    if (stat(path, &sb) != 0)
        return -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        return -1;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM articles", -1, &q,
                           NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        n = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(db);
    return n;
}

static int build(const char *path, long n, size_t ntags)
{
    struct store *st;
    struct hw_diag d;
    sqlite3 *db;
    sqlite3_stmt *art, *ae, *ent, *name, *idx;
    char **index_sql = NULL, **index_name = NULL;
    size_t nidx = 0, i;
    double *cdf, sum = 0;
    long a;
    char wal[1100];

    unlink(path);
    snprintf(wal, sizeof wal, "%s-wal", path);
    unlink(wal);
    snprintf(wal, sizeof wal, "%s-shm", path);
    unlink(wal);
    if (store_open(path, &st, &d) != 0) { /* the real schema */
        hw_diag_print(&d);
        return -1;
    }
    store_close(st);
    if (sqlite3_open(path, &db) != SQLITE_OK)
        return -1;
    if (exec(db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                 " PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY;"))
        return -1;
    /* secondary indexes: dropped now, rebuilt after the inserts */
    sqlite3_prepare_v2(db,
                       "SELECT name, sql FROM sqlite_master WHERE type ="
                       " 'index' AND sql IS NOT NULL AND tbl_name IN"
                       " ('articles', 'article_entities', 'entities')",
                       -1, &idx, NULL);
    while (sqlite3_step(idx) == SQLITE_ROW) {
        index_name = realloc(index_name, (nidx + 1) * sizeof *index_name);
        index_sql = realloc(index_sql, (nidx + 1) * sizeof *index_sql);
        index_name[nidx] = strdup((const char *)sqlite3_column_text(idx, 0));
        index_sql[nidx++] = strdup((const char *)sqlite3_column_text(idx, 1));
    }
    sqlite3_finalize(idx);
    for (i = 0; i < nidx; i++) {
        char drop[300];
        snprintf(drop, sizeof drop, "DROP INDEX %s;", index_name[i]);
        if (exec(db, drop))
            return -1;
        free(index_name[i]);
    }
    free(index_name);
    exec(db, "BEGIN");
    sqlite3_prepare_v2(db,
                       "INSERT INTO entities(id, key, variant_key, display,"
                       " type) VALUES (?1, ?2, ?2, ?3, 'ORG')",
                       -1, &ent, NULL);
    sqlite3_prepare_v2(db,
                       "INSERT INTO entity_names(entity_id, display, count)"
                       " VALUES (?1, ?2, 1)",
                       -1, &name, NULL);
    for (i = 0; i < ntags; i++) {
        char key[32];
        size_t k;
        for (k = 0; words[i].w[k] && k < sizeof key - 1; k++)
            key[k] = (char)(words[i].w[k] | 0x20);
        key[k] = '\0';
        sqlite3_bind_int64(ent, 1, (sqlite3_int64)i + 1);
        sqlite3_bind_text(ent, 2, key, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ent, 3, words[i].w, -1, SQLITE_STATIC);
        sqlite3_step(ent);
        sqlite3_reset(ent);
        sqlite3_bind_int64(name, 1, (sqlite3_int64)i + 1);
        sqlite3_bind_text(name, 2, words[i].w, -1, SQLITE_STATIC);
        sqlite3_step(name);
        sqlite3_reset(name);
    }
    sqlite3_finalize(ent);
    sqlite3_finalize(name);
    /* Zipf, s = 1 */
    cdf = malloc(ntags * sizeof *cdf);
    for (i = 0; i < ntags; i++)
        cdf[i] = (sum += 1.0 / (double)(i + 1));
    sqlite3_prepare_v2(db,
                       "INSERT INTO articles(id, source, guid, url,"
                       " canonical_url, title, published, fetched, category,"
                       " text, language) VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6,"
                       " ?6, ?7, ?8, 'en')",
                       -1, &art, NULL);
    sqlite3_prepare_v2(db,
                       "INSERT OR IGNORE INTO article_entities(article_id,"
                       " entity_id, mentions, salience, on_page, time)"
                       " VALUES (?1, ?2, ?3, ?4, 1, ?5)",
                       -1, &ae, NULL);
    for (a = 1; a <= n; a++) {
        const struct story *s = &stories[(size_t)a % nstories];
        static const char *const cats[] = {"Business", "World", "Politics",
                                           "Technology", "Sports"};
        char guid[32], url[96];
        hw_time t = NOW - (hw_time)((n - a) * (365.0 * 86400 / n));
        int k, ntag = 3 + (int)(next_rand() % 4);
        snprintf(guid, sizeof guid, "bench-%ld", a);
        snprintf(url, sizeof url, "https://bench.example/news/%ld", a);
        sqlite3_bind_int64(art, 1, a);
        sqlite3_bind_text(art, 2, a % 3 ? "Reuters" : "Wikinews", -1,
                          SQLITE_STATIC);
        sqlite3_bind_text(art, 3, guid, -1, SQLITE_STATIC);
        sqlite3_bind_text(art, 4, url, -1, SQLITE_STATIC);
        sqlite3_bind_text(art, 5, s->title, -1, SQLITE_STATIC);
        sqlite3_bind_int64(art, 6, t);
        sqlite3_bind_text(art, 7, cats[a % 5], -1, SQLITE_STATIC);
        sqlite3_bind_text(art, 8, s->text, -1, SQLITE_STATIC);
        if (sqlite3_step(art) != SQLITE_DONE) {
            fprintf(stderr, "bench_web: insert: %s\n", sqlite3_errmsg(db));
            return -1;
        }
        sqlite3_reset(art);
        for (k = 0; k < ntag; k++) {
            double u = (double)(next_rand() >> 11) / 9007199254740992.0 * sum;
            size_t lo = 0, hi = ntags - 1;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (cdf[mid] < u)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            sqlite3_bind_int64(ae, 1, a);
            sqlite3_bind_int64(ae, 2, (sqlite3_int64)lo + 1);
            sqlite3_bind_int(ae, 3, 1 + (int)(next_rand() % 3));
            sqlite3_bind_double(ae, 4, 0.2 + 0.1 * k);
            sqlite3_bind_int64(ae, 5, t);
            sqlite3_step(ae);
            sqlite3_reset(ae);
        }
        if (a % 100000 == 0 && isatty(2))
            fprintf(stderr, "\rbench_web: %ld articles", a);
    }
    if (isatty(2))
        fputc('\n', stderr);
    sqlite3_finalize(art);
    sqlite3_finalize(ae);
    free(cdf);
    for (i = 0; i < nidx; i++) {
        exec(db, index_sql[i]);
        free(index_sql[i]);
    }
    free(index_sql);
    if (exec(db, "COMMIT") || exec(db, "ANALYZE") ||
        exec(db, "PRAGMA journal_mode = WAL"))
        return -1;
    sqlite3_close(db);
    return 0;
}

int main(int argc, char **argv)
{
    const char *shared = getenv("HW_SHARED") ? getenv("HW_SHARED")
                                             : "../shared";
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    char path[1024], corpus[1024];
    size_t ntags;
    double t0 = now_s();
    long have;

    if (n < 1000) {
        fprintf(stderr, "usage: bench_web [ARTICLES >= 1000] [DB]\n");
        return 2;
    }
    if (argc > 2) {
        snprintf(path, sizeof path, "%s", argv[2]);
    } else {
        mkdir("build", 0755);
        mkdir("build/bench-web", 0755);
        snprintf(path, sizeof path, "build/bench-web/web-%ld.db", n);
    }
    have = count_articles(path);
    if (have == n) {
        printf("web: database: %s, %ld articles (reused)\n", path, n);
    } else {
        snprintf(corpus, sizeof corpus, "%s/data/corpus", shared);
        if (load_corpus(corpus) != 0)
            return 1;
        ntags = build_tags();
        if (build(path, n, ntags) != 0)
            return 1;
        printf("web: database: %s, %ld articles from %zu stories, %zu "
               "hashtags (Zipf), built in %.1f s\n",
               path, n, nstories, ntags, now_s() - t0);
    }
    fflush(stdout);
    execlp("sh", "sh", "bench/bench_web.sh", path, (char *)NULL);
    perror("bench_web: sh bench/bench_web.sh");
    return 1;
}
