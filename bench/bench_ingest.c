/*
 * bench_ingest.c - the rate at which feed items become stored articles:
 * parse, HTML to text, mentions and hashtags, category, SQLite.  No page
 * is fetched.
 *
 * The workload is real news text: the Reuters-21578 stories and the
 * Wikinews articles of $HW_SHARED/data/corpus (JSONL: title, body, date,
 * topics), written in memory as RSS 2.0 feeds of ITEMS_PER_FEED items the
 * way publishers write them (CDATA description of <p> paragraphs, RFC 822
 * pubDate, a category, a non-permalink guid).  The corpus is walked
 * several times until at least TARGET_ARTICLES items have been offered;
 * each pass gives every item a new guid and link and every feed a new
 * URL, so each one is a new article.  Each feed goes through the two
 * halves of ingest_feed(), timed apart: ingest_prepare() (parse, HTML to
 * text, category, nlp; every article is new, so all are analysed, as
 * ingest_feed() would) and ingest_store() (one transaction per feed),
 * into a fresh SQLite store in a temporary directory, removed afterwards.
 * Only those calls are timed (CLOCK_MONOTONIC); writing the XML is not.
 * The rate counts the articles the store reports as created.
 *
 * The CPU time of those calls is printed beside the wall time (the gap
 * is waiting: fsync, or other processes on the machine), then the time
 * per article of each half, and a short re-run of the first feeds stage
 * by stage (parse, HTML to text, nlp) splits the first half.
 *
 * The run stops early at TIME_CAP seconds (HW_BENCH_INGEST_SECONDS
 * overrides it) and says so.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "feed/feed.h"
#include "ingest/ingest.h"
#include "nlp/nlp.h"
#include "store/store.h"
#include "util/hw.h"

#define TARGET_ARTICLES 50000
#define TARGET_RATE 20000.0 /* articles per second */
#define ITEMS_PER_FEED 50
#define MAX_STORIES 100000
#define MAX_PASSES 50
#define TIME_CAP 75.0
#define BREAKDOWN_FEEDS 40 /* feeds re-run stage by stage afterwards */

/* One story of the corpus. */
struct story {
    const char *source; /* static: "Reuters" or "Wikinews" */
    char *id, *title, *body, *topic;
    hw_time date;
};

static double now_sec(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of this process: wall time above it is waiting (I/O, other
 * processes on the machine). */
static double cpu_sec(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* n decimal digits at s, or -1. */
static int digits(const char *s, int n)
{
    int v = 0, i;

    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS" (UTC), else HW_TIME_NONE. */
static hw_time corpus_date(const char *s)
{
    int y, mo, d, h = 0, mi = 0, se = 0;

    if (!s || strlen(s) < 10 || s[4] != '-' || s[7] != '-')
        return HW_TIME_NONE;
    y = digits(s, 4);
    mo = digits(s + 5, 2);
    d = digits(s + 8, 2);
    if (strlen(s) >= 19 && s[10] == 'T') {
        h = digits(s + 11, 2);
        mi = digits(s + 14, 2);
        se = digits(s + 17, 2);
    }
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || mi < 0 ||
        se < 0)
        return HW_TIME_NONE;
    return hw_time_from_civil(y, mo, d, h, mi, se);
}

static char *get_str(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));

    return s ? hw_strdup(s) : NULL;
}

/*
 * Append the stories of one JSONL file to st[*n]; returns 0, or -1 when
 * the file cannot be read.
 */
static int load_corpus(const char *path, const char *source, struct story *st,
                       size_t *n)
{
    struct hw_buf in;
    struct hw_diag d;
    size_t pos = 0;

    hw_buf_init(&in, 256u * 1024 * 1024);
    if (hw_read_file(path, &in, &d) != 0) {
        hw_diag_print(&d);
        hw_buf_release(&in);
        return -1;
    }
    while (pos < in.len && *n < MAX_STORIES) {
        const char *nl = memchr(in.p + pos, '\n', in.len - pos);
        size_t end = nl ? (size_t)(nl - in.p) : in.len;
        json_error_t err;
        json_t *o = json_loadb(in.p + pos, end - pos, 0, &err);
        struct story *s = &st[*n];
        const char *topic;

        pos = end + 1;
        if (!o)
            continue;
        memset(s, 0, sizeof *s);
        s->source = source;
        s->id = get_str(o, "id");
        s->title = get_str(o, "title");
        s->body = get_str(o, "body");
        s->date = corpus_date(json_string_value(json_object_get(o, "date")));
        topic =
            json_string_value(json_array_get(json_object_get(o, "topics"), 0));
        s->topic = topic ? hw_strdup(topic) : NULL;
        json_decref(o);
        if (!s->id || !s->title || !s->body) {
            hw_free(s->id);
            hw_free(s->title);
            hw_free(s->body);
            hw_free(s->topic);
            continue;
        }
        (*n)++;
    }
    hw_buf_release(&in);
    return 0;
}

/* Append s[0..n) with &, < and > escaped. */
static void add_escaped(struct hw_buf *b, const char *s, size_t n)
{
    size_t i, run = 0;

    for (i = 0; i < n; i++) {
        const char *e = s[i] == '&'   ? "&amp;"
                        : s[i] == '<' ? "&lt;"
                        : s[i] == '>' ? "&gt;"
                                      : NULL;
        if (!e)
            continue;
        hw_buf_add(b, s + run, i - run);
        hw_buf_adds(b, e);
        run = i + 1;
    }
    hw_buf_add(b, s + run, n - run);
}

/*
 * The body as HTML paragraphs: a line break followed by indentation, or
 * a blank line, starts a paragraph (the wire's and Wikinews' layouts);
 * any other line break is a space.
 */
static void add_paragraphs(struct hw_buf *b, const char *body)
{
    const char *p = body;

    hw_buf_adds(b, "<p>");
    while (*p) {
        const char *q = p;

        while (*q && *q != '\n')
            q++;
        add_escaped(b, p, (size_t)(q - p));
        if (!*q)
            break;
        p = q + 1;
        if (*p == ' ' || *p == '\t' || *p == '\n') {
            while (*p == ' ' || *p == '\t' || *p == '\n')
                p++;
            if (*p)
                hw_buf_adds(b, "</p><p>");
        } else {
            hw_buf_addc(b, ' ');
        }
    }
    hw_buf_adds(b, "</p>");
}

/* Append t as an RFC 822 date, as RSS 2.0 wants it. */
static void add_rfc822(struct hw_buf *b, hw_time t)
{
    char out[64];
    time_t tt = (time_t)t;
    struct tm tm;

    if (!gmtime_r(&tt, &tm))
        return;
    if (strftime(out, sizeof out, "%a, %d %b %Y %H:%M:%S +0000", &tm))
        hw_buf_adds(b, out);
}

/* Write stories st[0..n) as one RSS 2.0 feed for pass pass into b. */
static void write_feed(struct hw_buf *b, const struct story *st, size_t n,
                       size_t pass)
{
    size_t i;

    hw_buf_reset(b);
    hw_buf_printf(b,
                  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<rss version=\"2.0\"><channel>\n"
                  "<title>%s</title>\n"
                  "<link>https://example.com/%s/</link>\n"
                  "<description>%s news</description>\n"
                  "<language>en</language>\n",
                  st[0].source, st[0].source, st[0].source);
    for (i = 0; i < n; i++) {
        const struct story *s = &st[i];

        hw_buf_adds(b, "<item>\n<title>");
        add_escaped(b, s->title, strlen(s->title));
        hw_buf_printf(b,
                      "</title>\n<link>https://example.com/news/%zu/%s</link>\n"
                      "<guid isPermaLink=\"false\">%s/%zu</guid>\n",
                      pass, s->id, s->id, pass);
        if (s->date != HW_TIME_NONE) {
            hw_buf_adds(b, "<pubDate>");
            add_rfc822(b, s->date);
            hw_buf_adds(b, "</pubDate>\n");
        }
        if (s->topic) {
            hw_buf_adds(b, "<category>");
            add_escaped(b, s->topic, strlen(s->topic));
            hw_buf_adds(b, "</category>\n");
        }
        hw_buf_adds(b, "<description><![CDATA[");
        add_paragraphs(b, s->body);
        hw_buf_adds(b, "]]></description>\n</item>\n");
    }
    hw_buf_adds(b, "</channel></rss>\n");
}

/*
 * Where the time of ingest_prepare() goes: the first BREAKDOWN_FEEDS
 * feeds of the workload again, through its stages (parse, HTML to text,
 * nlp_analyze()), each timed on its own.  No store is touched.  Prints
 * microseconds per article.
 */
static void breakdown(const struct story *st, size_t n, size_t nreuters)
{
    struct hw_buf feed, text;
    double t_parse = 0, t_text = 0, t_nlp = 0, t0;
    size_t start = 0, feeds = 0, articles = 0, i;

    hw_buf_init(&feed, HW_BUF_NOLIMIT);
    hw_buf_init(&text, 4u * 1024 * 1024);
    while (start < n && feeds < BREAKDOWN_FEEDS) {
        size_t lim = start < nreuters ? nreuters : n;
        size_t cnt =
            lim - start < ITEMS_PER_FEED ? lim - start : ITEMS_PER_FEED;
        struct feed *f = NULL;

        write_feed(&feed, st + start, cnt, 0);
        start += cnt;
        feeds++;
        t0 = now_sec();
        if (feed_parse(feed.p, feed.len, NULL, &f, NULL) != 0)
            continue;
        t_parse += now_sec() - t0;
        for (i = 0; i < f->nentries; i++) {
            const struct feed_entry *e = &f->entries[i];
            const char *body = e->content ? e->content : e->summary;
            struct nlp_doc doc;

            hw_buf_reset(&text);
            t0 = now_sec();
            if (body)
                feed_html_text(body, strlen(body), &text);
            t_text += now_sec() - t0;
            t0 = now_sec();
            if (nlp_analyze(e->title ? e->title : "", text.p, &doc) == 0)
                nlp_doc_release(&doc);
            t_nlp += now_sec() - t0;
            articles++;
        }
        feed_free(f);
    }
    hw_buf_release(&feed);
    hw_buf_release(&text);
    if (!articles)
        return;
    t_parse *= 1e6 / (double)articles;
    t_text *= 1e6 / (double)articles;
    t_nlp *= 1e6 / (double)articles;
    printf("  prepare per article (%zu articles re-run stage by stage): "
           "parse %.0f us, HTML to text %.0f us, nlp %.0f us\n",
           articles, t_parse, t_text, t_nlp);
}

static double time_cap(void)
{
    const char *e = getenv("HW_BENCH_INGEST_SECONDS");
    char *end;
    double v;

    if (!e || !*e)
        return TIME_CAP;
    v = strtod(e, &end);
    return *end == '\0' && v > 0 && v < 3600 ? v : TIME_CAP;
}

static void remove_store(const char *db, const char *dir)
{
    const char *suffix[] = {"", "-wal", "-shm", "-journal"};
    struct hw_buf p;
    size_t i;

    hw_buf_init(&p, 4096);
    for (i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
        hw_buf_reset(&p);
        hw_buf_printf(&p, "%s%s", db, suffix[i]);
        unlink(p.p);
    }
    hw_buf_release(&p);
    rmdir(dir);
}

int main(void)
{
    const char *shared = getenv("HW_SHARED");
    const char *tmp = getenv("TMPDIR");
    struct story *st;
    struct store *store = NULL;
    struct ingest_stats stats;
    struct hw_buf path, feed, db;
    struct hw_diag d;
    struct stat sb;
    size_t n = 0, nreuters, pass, passes, i, feeds = 0, errors = 0;
    double secs = 0, cpu = 0, cap = time_cap(), xml_bytes = 0, t0, t1, c0;
    double wall0, prep_secs = 0, store_secs = 0, store_cpu = 0, c1;
    char dir[4096];
    int stopped = 0, rc = 0;

    if (!shared || !*shared)
        shared = "../shared";
    if (!tmp || !*tmp)
        tmp = "/tmp";
    st = hw_calloc(MAX_STORIES, sizeof *st);
    hw_buf_init(&path, 4096);
    hw_buf_printf(&path, "%s/data/corpus/reuters21578.jsonl", shared);
    if (load_corpus(path.p, "Reuters", st, &n) != 0)
        return 1;
    nreuters = n;
    hw_buf_reset(&path);
    hw_buf_printf(&path, "%s/data/corpus/wikinews_2019_2020.jsonl", shared);
    load_corpus(path.p, "Wikinews", st, &n);
    if (n == 0) {
        fprintf(stderr, "bench_ingest: no stories in %s/data/corpus\n", shared);
        return 1;
    }
    passes = (TARGET_ARTICLES + n - 1) / n;
    if (passes > MAX_PASSES)
        passes = MAX_PASSES;
    printf("workload: %zu Reuters + %zu Wikinews stories x %zu passes, "
           "RSS 2.0 feeds of %d items\n",
           nreuters, n - nreuters, passes, ITEMS_PER_FEED);

    if ((size_t)snprintf(dir, sizeof dir, "%s/hwbench.XXXXXX", tmp) >=
            sizeof dir ||
        !mkdtemp(dir)) {
        fprintf(stderr,
                "bench_ingest: cannot make a temporary directory "
                "in %s\n",
                tmp);
        return 1;
    }
    hw_buf_init(&db, 4096);
    hw_buf_printf(&db, "%s/bench.db", dir);
    if (store_open(db.p, &store, &d) != 0) {
        hw_diag_print(&d);
        remove_store(db.p, dir);
        return 1;
    }
    memset(&stats, 0, sizeof stats);
    hw_buf_init(&feed, HW_BUF_NOLIMIT);
    wall0 = now_sec();
    for (pass = 0; pass < passes && !stopped; pass++) {
        size_t start = 0;

        while (start < n) {
            /* a feed never mixes the two sources */
            size_t lim = start < nreuters ? nreuters : n;
            size_t cnt =
                lim - start < ITEMS_PER_FEED ? lim - start : ITEMS_PER_FEED;
            struct ingest_opts o;
            struct ingest_batch *b;
            int r;

            memset(&o, 0, sizeof o); /* every field: no classifier */
            write_feed(&feed, st + start, cnt, pass);
            hw_buf_reset(&path);
            hw_buf_printf(&path, "https://example.com/%s/feed-%zu-%zu.xml",
                          st[start].source, pass, start);
            o.url = path.p;
            o.charset = NULL;
            o.now = hw_time_from_civil(2025, 7, 13, 20, 0, 0);
            /* ingest_feed(), in its two halves */
            t0 = now_sec();
            c0 = cpu_sec();
            r = ingest_prepare(feed.p, feed.len, &o, 1, &b, &d);
            t1 = now_sec();
            c1 = cpu_sec();
            if (r == 0) {
                r = ingest_store(store, b, &stats, &d);
                store_secs += now_sec() - t1;
                store_cpu += cpu_sec() - c1;
                ingest_batch_free(b);
            } else {
                stats.files++;
                stats.failed++;
            }
            if (r != 0 && errors++ < 3)
                hw_diag_print(&d);
            prep_secs += t1 - t0;
            secs += now_sec() - t0;
            cpu += cpu_sec() - c0;
            xml_bytes += (double)feed.len;
            feeds++;
            start += cnt;
            if (now_sec() - wall0 > cap) {
                stopped = 1;
                break;
            }
        }
    }
    store_close(store);
    if (stat(db.p, &sb) == 0)
        printf("store: %.1f MB SQLite file, %zu feeds (%.1f MB of XML), "
               "%zu entries, %zu created, %zu existing, %zu failed\n",
               (double)sb.st_size / 1e6, feeds, xml_bytes / 1e6, stats.entries,
               stats.created, stats.existing, stats.failed);
    if (stopped)
        printf("  (stopped at the %.0f s time cap after %zu feeds)\n", cap,
               feeds);
    if (stats.created == 0 || secs <= 0) {
        printf("ingest: no article stored\n");
        rc = 1;
    } else {
        double rate = (double)stats.created / secs;

        printf("ingest: %zu articles in %.3f s = %.0f articles/s "
               "(target >= %.0f/s) %s\n",
               stats.created, secs, rate, TARGET_RATE,
               rate >= TARGET_RATE ? "met" : "MISSED");
        printf("  (CPU time of this process in those calls: %.3f s = %.0f "
               "articles per CPU second)\n",
               cpu, cpu > 0 ? (double)stats.created / cpu : 0.0);
        printf("  per article: prepare %.0f us, store %.0f us (CPU %.0f us)\n",
               prep_secs * 1e6 / (double)stats.entries,
               store_secs * 1e6 / (double)stats.entries,
               store_cpu * 1e6 / (double)stats.entries);
        breakdown(st, n, nreuters);
    }
    remove_store(db.p, dir);
    for (i = 0; i < n; i++) {
        hw_free(st[i].id);
        hw_free(st[i].title);
        hw_free(st[i].body);
        hw_free(st[i].topic);
    }
    hw_free(st);
    hw_buf_release(&path);
    hw_buf_release(&feed);
    hw_buf_release(&db);
    return rc;
}
