/*
 * bench_crawl.c - the crawler against N feeds on the loopback test server
 * (tests/fetch/server.py --bench N), crawled once:
 *
 *   (b) every feed answers 200 with a 50 KB RSS feed of 20 new items:
 *       fetch, parse, text, entities, store;
 *   (a) a day later every feed answers 304 to the validators of (b);
 *   and, for reference, the same N fetches through fetch.h alone (no
 *   parse, no store): what the transport costs by itself.
 *
 * Prints feeds per second, CPU seconds per feed of this process (the
 * server's CPU is its own), and the peak resident memory (reached in
 * (b), which runs first).  Feeds are spread over host names (200 by
 * default, all resolved to 127.0.0.1) so that the per-host limit of 2
 * does not serialise them.  Nothing leaves loopback; the whole run is
 * bounded by an alarm.
 *
 *     bench_crawl [FEEDS] [HOSTS]      (defaults 2000, 200)
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "../tests/fetch/testserver.h"
#include "crawl/crawl.h"
#include "store/store.h"

static double now_s(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double cpu_s(void)
{
    struct rusage u;

    getrusage(RUSAGE_SELF, &u);
    return (double)u.ru_utime.tv_sec + (double)u.ru_utime.tv_usec / 1e6 +
           (double)u.ru_stime.tv_sec + (double)u.ru_stime.tv_usec / 1e6;
}

static long peak_mb(void)
{
    struct rusage u;

    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss / 1024;
}

struct plain {
    size_t ok, bytes;
};

static void plain_done(void *ctx, const struct fetch_result *r)
{
    struct plain *p = ctx;

    if (!r->error && r->status == 200)
        p->ok++;
    p->bytes += r->len;
}

static void report(const char *what, size_t n, size_t ok, double wall,
                   double cpu)
{
    printf("%-34s %6zu feeds (%zu ok) in %6.2f s: %7.0f feeds/s, "
           "%.5f CPU s/feed\n",
           what, n, ok, wall, (double)n / wall, cpu / (double)n);
}

int main(int argc, char **argv)
{
    int nfeeds = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 2000;
    int nhosts = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 200;
    struct testserver srv;
    char dbpath[64], nbuf[16], **maps, url[256];
    const char **resolve;
    struct crawl_opts o;
    struct crawl_stats s;
    struct store *st;
    struct hw_diag d;
    double t, c;
    int i, fd;
    const hw_time T0 = 1798761600;

    if (nfeeds < 1 || nhosts < 1) {
        fprintf(stderr, "usage: bench_crawl [FEEDS] [HOSTS]\n");
        return 2;
    }
    alarm(600); /* never runs away */
    snprintf(nbuf, sizeof nbuf, "%d", nfeeds);
    if (testserver_start(&srv, nbuf) != 0) {
        fprintf(stderr, "bench_crawl: cannot start tests/fetch/server.py "
                        "(run from the project root)\n");
        return 1;
    }
    maps = calloc((size_t)nhosts, sizeof *maps);
    resolve = calloc((size_t)nhosts + 1, sizeof *resolve);
    for (i = 0; i < nhosts; i++) {
        maps[i] = malloc(64);
        snprintf(maps[i], 64, "h%d.bench.test:%d:127.0.0.1", i, srv.port);
        resolve[i] = maps[i];
    }
    snprintf(dbpath, sizeof dbpath, "/tmp/hw-bench-XXXXXX");
    if ((fd = mkstemp(dbpath)) < 0)
        return 1;
    close(fd);
    unlink(dbpath);
    if (store_open(dbpath, &st, &d) != 0) {
        hw_diag_print(&d);
        return 1;
    }
    store_begin(st);
    for (i = 0; i < nfeeds; i++) {
        int64_t id;
        int created;
        snprintf(url, sizeof url, "http://h%d.bench.test:%d/b/%d.xml",
                 i % nhosts, srv.port, i);
        store_feed_add(st, url, NULL, NULL, &id, &created);
    }
    store_commit(st);

    crawl_opts_default(&o);
    o.once = 1;
    o.articles = 0; /* feeds only: the figures are those of polling */
    o.fetch.allow_private = 1;
    o.fetch.resolve = resolve;
    o.fetch.version = "bench";
    printf("bench_crawl: %d feeds on %d host names, concurrency %d "
           "(at most %d per host), loopback\n",
           nfeeds, nhosts, o.fetch.max_total, o.fetch.max_per_host);

    /* (b) 200 with 50 KB and 20 new items each */
    o.now = T0;
    memset(&s, 0, sizeof s);
    t = now_s();
    c = cpu_s();
    if (crawl_run(st, &o, &s, &d) != 0) {
        hw_diag_print(&d);
        return 1;
    }
    t = now_s() - t;
    c = cpu_s() - c;
    report("(b) 200, 50 KB, 20 new items", s.polled, s.ok, t, c);
    printf("    %zu new articles (%.0f/s), %.1f MB received, peak RSS "
           "%ld MB (target < 200)\n",
           s.created, (double)s.created / t, (double)s.bytes / 1e6,
           peak_mb());

    /* (a) a day later: all 304 */
    o.now = T0 + 86400;
    memset(&s, 0, sizeof s);
    t = now_s();
    c = cpu_s();
    if (crawl_run(st, &o, &s, &d) != 0) {
        hw_diag_print(&d);
        return 1;
    }
    t = now_s() - t;
    c = cpu_s() - c;
    report("(a) 304 Not Modified", s.polled, s.not_modified, t, c);
    store_close(st);

    /* reference: the same fetches without parse and store */
    {
        struct plain p = {0, 0};
        struct fetch *f = fetch_new(&o.fetch, plain_done, &p);
        for (i = 0; i < nfeeds; i++) {
            struct fetch_request rq = {url, NULL, NULL, NULL};
            snprintf(url, sizeof url, "http://h%d.bench.test:%d/b/%d.xml",
                     i % nhosts, srv.port, i);
            fetch_add(f, &rq);
        }
        t = now_s();
        c = cpu_s();
        fetch_run(f, 300000);
        t = now_s() - t;
        c = cpu_s() - c;
        fetch_free(f);
        report("(ref) 200 fetch only, no parse", (size_t)nfeeds, p.ok, t,
               c);
    }
    printf("targets on 2 cores: (a) 1000 feeds/s, (b) 300 feeds/s, "
           "peak < 200 MB\n");

    testserver_stop(&srv);
    for (i = 0; i < nhosts; i++)
        free(maps[i]);
    free(maps);
    free(resolve);
    unlink(dbpath);
    snprintf(url, sizeof url, "%s-wal", dbpath);
    unlink(url);
    snprintf(url, sizeof url, "%s-shm", dbpath);
    unlink(url);
    return 0;
}
