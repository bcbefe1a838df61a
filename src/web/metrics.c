/*
 * metrics.c - request counters and latency histograms by route, kept
 * with relaxed atomics (each pool thread adds; /metrics reads), and their
 * Prometheus text exposition (format 0.0.4).  The store's counts (articles,
 * feeds by status, crawl errors) are added by the /metrics view in api.c.
 */
#include <stdio.h>

#include "web/web_int.h"

static const int statuses[WEB_NSTATUS] = {200, 201, 204, 301, 302, 303,
                                          304, 400, 401, 403, 404, 405,
                                          413, 414, 431, 500, 503, 0};

/* Upper bounds of the latency buckets, in microseconds (+Inf last). */
static const uint64_t bounds[WEB_NBUCKETS] = {
    250, 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000,
    1000000, UINT64_MAX};

static int status_index(int status)
{
    int i;

    for (i = 0; i < WEB_NSTATUS - 1; i++)
        if (statuses[i] == status)
            return i;
    return WEB_NSTATUS - 1; /* other */
}

void web_metrics_record(struct web_metrics *m, int route, int status,
                        uint64_t usec)
{
    int i;

    if (route < 0 || route > (int)web_nroutes || route > WEB_MAX_ROUTES)
        route = (int)web_nroutes;
    atomic_fetch_add_explicit(&m->requests[route][status_index(status)], 1,
                              memory_order_relaxed);
    for (i = 0; i < WEB_NBUCKETS; i++) {
        if (usec <= bounds[i]) {
            atomic_fetch_add_explicit(&m->buckets[route][i], 1,
                                      memory_order_relaxed);
            break;
        }
    }
    atomic_fetch_add_explicit(&m->usec_sum[route], usec,
                              memory_order_relaxed);
    atomic_fetch_add_explicit(&m->count[route], 1, memory_order_relaxed);
}

static const char *route_name(int r)
{
    return r < (int)web_nroutes ? web_routes[r].name : "none";
}

int web_metrics_write(struct web_metrics *m, struct hw_buf *b)
{
    int r, i;

    hw_buf_adds(b, "# HELP hashwire_http_requests_total HTTP requests "
                   "answered, by route and status.\n"
                   "# TYPE hashwire_http_requests_total counter\n");
    for (r = 0; r <= (int)web_nroutes; r++) {
        for (i = 0; i < WEB_NSTATUS; i++) {
            uint64_t n = atomic_load_explicit(&m->requests[r][i],
                                              memory_order_relaxed);
            if (!n)
                continue;
            if (statuses[i])
                hw_buf_printf(b,
                              "hashwire_http_requests_total{route=\"%s\","
                              "status=\"%d\"} %llu\n",
                              route_name(r), statuses[i],
                              (unsigned long long)n);
            else
                hw_buf_printf(b,
                              "hashwire_http_requests_total{route=\"%s\","
                              "status=\"other\"} %llu\n",
                              route_name(r), (unsigned long long)n);
        }
    }
    hw_buf_adds(b, "# HELP hashwire_http_request_duration_seconds Time "
                   "from the request line to the response, by route.\n"
                   "# TYPE hashwire_http_request_duration_seconds "
                   "histogram\n");
    for (r = 0; r <= (int)web_nroutes; r++) {
        uint64_t cum = 0, count = atomic_load_explicit(
                              &m->count[r], memory_order_relaxed);
        if (!count)
            continue;
        for (i = 0; i < WEB_NBUCKETS; i++) {
            cum += atomic_load_explicit(&m->buckets[r][i],
                                        memory_order_relaxed);
            if (bounds[i] == UINT64_MAX)
                hw_buf_printf(b,
                              "hashwire_http_request_duration_seconds_bucket"
                              "{route=\"%s\",le=\"+Inf\"} %llu\n",
                              route_name(r), (unsigned long long)cum);
            else
                hw_buf_printf(b,
                              "hashwire_http_request_duration_seconds_bucket"
                              "{route=\"%s\",le=\"%g\"} %llu\n",
                              route_name(r), (double)bounds[i] / 1e6,
                              (unsigned long long)cum);
        }
        hw_buf_printf(b,
                      "hashwire_http_request_duration_seconds_sum"
                      "{route=\"%s\"} %.6f\n"
                      "hashwire_http_request_duration_seconds_count"
                      "{route=\"%s\"} %llu\n",
                      route_name(r),
                      (double)atomic_load_explicit(&m->usec_sum[r],
                                                   memory_order_relaxed) /
                          1e6,
                      route_name(r), (unsigned long long)count);
    }
    hw_buf_printf(b,
                  "# HELP hashwire_http_response_bytes_total Body bytes "
                  "sent (after compression).\n"
                  "# TYPE hashwire_http_response_bytes_total counter\n"
                  "hashwire_http_response_bytes_total %llu\n",
                  (unsigned long long)atomic_load_explicit(
                      &m->bytes_out, memory_order_relaxed));
    hw_buf_printf(b,
                  "# HELP hashwire_start_time_seconds When the server "
                  "started (Unix time).\n"
                  "# TYPE hashwire_start_time_seconds gauge\n"
                  "hashwire_start_time_seconds %lld\n",
                  (long long)m->started);
    return b->err;
}
