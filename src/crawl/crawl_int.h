/*
 * crawl_int.h - private to the crawl room: the jobs in the fetcher and
 * the state of one crawl, shared by the feed loop (crawl.c) and the
 * fetching of article pages (pages.c).
 */
#ifndef HW_CRAWL_INT_H
#define HW_CRAWL_INT_H

#include "crawl/crawl.h"

enum job_kind {
    JOB_FEED,   /* a subscribed feed */
    JOB_ROBOTS, /* a host's robots.txt, before its article pages */
    JOB_PAGE    /* the page of a teaser article */
};

struct host;

struct job {
    enum job_kind kind;
    int64_t id; /* the feed's, or the article's */
    char *url, *etag, *lm;
    int error_count; /* a feed's failures in a row; a page's tries */
    hw_time last_fetch, next_poll;
    int discovered;   /* 1: this is the feed found on a home page */
    struct host *host; /* robots and page jobs */
    struct job *next;  /* in its host's queue while it waits */
};

struct crawl {
    struct store *st;
    const struct crawl_opts *o;
    struct crawl_stats *stats;
    struct fetch *f;
    int stopping, fatal;
    struct hw_diag *d;
    /* feed ids in flight (run mode), to skip when refilling */
    int64_t *ids;
    size_t nids, capids;
    size_t total; /* feeds taken, for progress */
    struct hw_buf canon;
    /* article pages: the hosts seen (robots.txt rules and the queue of
     * pages waiting for them), the article ids taken and not yet done */
    struct host **hosts;
    size_t nhosts;
    int64_t *pages;
    size_t npages, cappages;
    size_t waiting; /* pages parked in host queues */
};

hw_time crawl_now(const struct crawl *c);
void crawl_job_free(struct job *j);
/* The reason phrase of an HTTP status ("Not Found"), or "". */
const char *crawl_reason(int status);

/* pages.c */
long pages_refill(struct crawl *c, int limit); /* taken, or HW_EDB */
void pages_pump(struct crawl *c);   /* start the pages whose wait is over */
long long pages_wait_ms(const struct crawl *c); /* until the next may go */
void pages_done(struct crawl *c, struct job *j,
                const struct fetch_result *r); /* frees j */
void pages_free(struct crawl *c);

#endif
