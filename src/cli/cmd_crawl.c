/*
 * cmd_crawl.c - `hashwire crawl [--once] [--concurrency N]
 * [--allow-private-networks] [--no-articles]`: poll the subscribed feeds,
 * and fetch the pages of teaser articles for their whole text (unless
 * --no-articles).
 *
 * --once polls every feed due now and exits; without it the crawl goes
 * on, taking feeds as they fall due, until SIGINT or SIGTERM, then
 * abandons the transfers in flight (everything recorded so far stays)
 * and exits 0.  Per-feed failures are recorded for `feeds list`, not
 * reflected in the exit status.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "crawl/crawl.h"
#include "nlp/classify.h"

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

int cmd_crawl(struct cli *c, int argc, char **argv)
{
    struct crawl_opts o;
    struct crawl_stats s;
    struct sigaction sa, old_int, old_term;
    struct nlp_classifier *model;
    struct store *st;
    struct hw_diag d;
    const char *v;
    int i = 1, r;
    long n;

    crawl_opts_default(&o);
    o.fetch.version = HW_VERSION;
    while (i < argc) {
        if (strcmp(argv[i], "--once") == 0) {
            o.once = 1;
            i++;
        } else if (strcmp(argv[i], "--no-articles") == 0) {
            o.articles = 0;
            i++;
        } else if (strcmp(argv[i], "--allow-private-networks") == 0) {
            o.fetch.allow_private = 1;
            i++;
        } else if ((r = cli_opt(argc, argv, &i, "--concurrency", &v)) != 0) {
            if (r < 0 || cli_uint(v, 1024, &n) != 0 || n < 1)
                return cli_usage_error("crawl", "--concurrency needs a "
                                                "number from 1 to 1024");
            o.fetch.max_total = (int)n;
        } else {
            return cli_usage_error("crawl", "unknown argument %s", argv[i]);
        }
    }
    /* a fixed --now makes a run mode crawl pointless; use it for --once */
    if (o.once)
        o.now = c->now;
    o.progress = isatty(2);
    if (cli_open_store(c, &st) != CLI_OK)
        return CLI_FAIL;
    stop_flag = 0;
    o.stop = &stop_flag;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    memset(&s, 0, sizeof s);
    o.classifier = model = cli_load_classifier();
    r = crawl_run(st, &o, &s, &d);
    nlp_classifier_free(model);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    store_close(st);
    if (r != 0) {
        hw_diag_print(&d);
        return CLI_FAIL;
    }
    printf("crawled %zu feeds%s: %zu ok, %zu not modified, %zu failed "
           "(%zu gone), %zu moved, %zu discovered; %zu entries, %zu new "
           "articles\n",
           s.polled, stop_flag ? " (stopped)" : "", s.ok, s.not_modified,
           s.failed, s.gone, s.moved, s.discovered, s.entries, s.created);
    if (o.articles)
        printf("article pages: %zu fetched, %zu extracted, %zu without an "
               "article, %zu blocked by robots.txt, %zu failed attempts\n",
               s.pages, s.extracted, s.no_article, s.blocked, s.page_errors);
    return CLI_OK;
}
