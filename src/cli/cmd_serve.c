/*
 * cmd_serve.c - `hashwire serve [--listen HOST:PORT] [--crawl]
 * [--admin-token T]`: the web pages, JSON API and Atom feeds (web.h), and
 * with --crawl the crawler in the same process.
 *
 * Threads: the server's own pool (web_start), the crawler's thread with a
 * store connection of its own (so a crawl never holds up a request), and
 * this one, which only waits for SIGINT or SIGTERM.  Both signals are
 * blocked in every thread and taken here with sigwait(): on either, the
 * crawler is told to stop (transfers in flight are abandoned, everything
 * recorded stays), the server finishes the requests in flight and closes
 * its connections, and the command exits 0.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "nlp/classify.h"
#include "crawl/crawl.h"
#include "web/web.h"

static volatile sig_atomic_t stop_crawl;

struct crawler {
    const char *db;
    int allow_private;
    int rc;
};

static void *crawl_thread(void *arg)
{
    struct crawler *cr = arg;
    struct nlp_classifier *model;
    struct crawl_opts o;
    struct crawl_stats s;
    struct store *st;
    struct hw_diag d;

    if (store_open(cr->db, &st, &d) != 0) {
        hw_diag_print(&d);
        cr->rc = 1;
        return NULL;
    }
    crawl_opts_default(&o);
    o.fetch.version = HW_VERSION;
    o.fetch.allow_private = cr->allow_private;
    o.stop = &stop_crawl;
    o.progress = 0;
    o.classifier = model = cli_load_classifier();
    memset(&s, 0, sizeof s);
    if (crawl_run(st, &o, &s, &d) != 0) {
        hw_diag_print(&d);
        cr->rc = 1;
    }
    nlp_classifier_free(model);
    store_close(st);
    fprintf(stderr, "hashwire: serve: crawled %zu feeds: %zu ok, %zu not "
                    "modified, %zu failed; %zu new articles\n",
            s.polled, s.ok, s.not_modified, s.failed, s.created);
    return NULL;
}

/* "127.0.0.1:8080", "[::1]:8080", ":8080" or "8080" into host and port. */
static int parse_listen(const char *s, char *host, size_t cap, long *port)
{
    const char *colon;
    size_t n;

    if (s[0] == '[') {
        const char *end = strchr(s, ']');
        if (!end || end[1] != ':')
            return -1;
        n = (size_t)(end - s - 1);
        if (n == 0 || n >= cap)
            return -1;
        memcpy(host, s + 1, n);
        host[n] = '\0';
        return cli_uint(end + 2, 65535, port);
    }
    colon = strrchr(s, ':');
    if (!colon) {
        snprintf(host, cap, "127.0.0.1");
        return cli_uint(s, 65535, port);
    }
    n = (size_t)(colon - s);
    if (n >= cap)
        return -1;
    if (n == 0) {
        snprintf(host, cap, "127.0.0.1");
    } else {
        memcpy(host, s, n);
        host[n] = '\0';
    }
    return cli_uint(colon + 1, 65535, port);
}

int cmd_serve(struct cli *c, int argc, char **argv)
{
    struct web_opts o;
    struct web *w;
    struct hw_diag d;
    struct crawler cr;
    pthread_t crawler;
    sigset_t sigs, old;
    char host[64];
    const char *v, *token = NULL;
    int i = 1, r, crawl = 0, sig, started = 0, no_cache = 0;
    long port = 8080, threads = 0;

    snprintf(host, sizeof host, "127.0.0.1");
    memset(&cr, 0, sizeof cr);
    while (i < argc) {
        if ((r = cli_opt(argc, argv, &i, "--listen", &v)) != 0) {
            if (r < 0 || parse_listen(v, host, sizeof host, &port) != 0)
                return cli_usage_error("serve", "--listen takes HOST:PORT, "
                                                "e.g. 127.0.0.1:8080");
            continue;
        }
        if ((r = cli_opt(argc, argv, &i, "--admin-token", &token)) != 0) {
            if (r < 0 || !*token)
                return cli_usage_error("serve", "--admin-token needs a "
                                                "value");
            continue;
        }
        if ((r = cli_opt(argc, argv, &i, "--threads", &v)) != 0) {
            if (r < 0 || cli_uint(v, 64, &threads) != 0 || threads < 1)
                return cli_usage_error("serve", "--threads needs a number "
                                                "from 1 to 64");
            continue;
        }
        if (strcmp(argv[i], "--crawl") == 0) {
            crawl = 1;
            i++;
            continue;
        }
        if (strcmp(argv[i], "--no-cache") == 0) { /* for benchmarks */
            no_cache = 1;
            i++;
            continue;
        }
        if (strcmp(argv[i], "--allow-private-networks") == 0) {
            cr.allow_private = 1;
            i++;
            continue;
        }
        return cli_usage_error("serve", "unknown argument %s", argv[i]);
    }
    if (!token) {
        token = getenv("HASHWIRE_ADMIN_TOKEN");
        if (token && !*token)
            token = NULL;
    }
    web_opts_default(&o);
    o.store = c->db;
    o.host = host;
    o.port = (int)port;
    o.admin_token = token;
    /* without --now, pages follow the clock */
    o.now = c->now_fixed ? c->now : HW_TIME_NONE;
    o.version = HW_VERSION;
    o.threads = (int)threads;
    o.quiet = 1;
    o.no_cache = no_cache;

    /* every thread started from here on inherits the blocked signals */
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, &old);
    signal(SIGPIPE, SIG_IGN);

    if (web_start(&o, &w, &d) != 0) {
        hw_diag_print(&d);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        return CLI_FAIL;
    }
    if (crawl) {
        cr.db = c->db;
        stop_crawl = 0;
        if (pthread_create(&crawler, NULL, crawl_thread, &cr) == 0)
            started = 1;
        else
            fprintf(stderr, "hashwire: serve: cannot start the crawler\n");
    }
    printf("hashwire %s: serving %s%s%s\nOpen %s in a browser.\n",
           HW_VERSION, c->db, crawl ? " and crawling its feeds" : "",
           token ? " (write API on)" : "", web_url(w));
    fflush(stdout);

    sigwait(&sigs, &sig);
    fprintf(stderr, "hashwire: serve: %s: stopping\n",
            sig == SIGTERM ? "SIGTERM" : "SIGINT");
    stop_crawl = 1;
    if (started)
        pthread_join(crawler, NULL);
    web_stop(w);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return CLI_OK;
}
