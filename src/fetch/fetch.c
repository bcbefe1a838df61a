/*
 * fetch.c - many HTTP downloads at once on one curl multi handle, driven
 * by the caller's thread.
 *
 * Scheduling.  Requests wait in per-host FIFO queues.  A host with queued
 * requests and fewer than max_per_host running is on the ready ring;
 * starting a transfer takes the host at the head of the ring and puts it
 * back at the tail if it can take more, so hosts take turns and one big
 * host cannot starve the others.  At most max_total transfers run.  Each
 * operation is O(1) apart from the host lookup (a hash table).
 *
 * Responses.  The header callback sees every response of a redirect
 * chain; it notes whether every redirect was permanent and keeps the
 * headers of the last response only (validators, Content-Type, Retry-After,
 * Cache-Control).  The write callback appends the decompressed body to a
 * capped buffer and stops the transfer when the cap is reached.
 *
 * Safety.  The open-socket callback sees the very address curl is about
 * to connect to (after DNS, for every attempt, redirects included) and
 * refuses it unless it is public (fetch_addr_public) or allow_private is
 * set.  Environment proxies are switched off so that this address is the
 * server's.
 */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fetch/fetch.h"

#define HOST_MAX 256
#define NBUCKETS 1024

struct host;

struct job {
    struct job *next;          /* in the host's queue */
    struct job *rprev, *rnext; /* in the list of running jobs */
    struct host *host;
    struct fetch *f;
    CURL *easy;
    struct curl_slist *headers;
    char *url, *etag_in, *lm_in;
    void *user;
    struct hw_buf body;
    /* the last response's headers */
    int status;
    int all_permanent; /* every redirect so far was 301 or 308 */
    int too_big, refused;
    char etag[512], last_modified[128], content_type[128], charset[64];
    long retry_after, max_age;
    char address[64];
    char errbuf[CURL_ERROR_SIZE];
    struct timespec t0;
};

struct host {
    struct host *hnext;      /* hash chain */
    struct host *rnext;      /* ready ring */
    struct job *head, *tail; /* queued */
    int active, ready;
    char name[HOST_MAX];
};

struct fetch {
    CURLM *multi;
    struct fetch_opts o;
    fetch_done_cb done;
    void *ctx;
    struct curl_slist *resolve;
    char ua[256];
    struct host *buckets[NBUCKETS];
    struct host *rhead, *rtail;
    struct job *run; /* running jobs */
    size_t queued, running;
    CURL **pool;
    int npool;
};

void fetch_opts_default(struct fetch_opts *o)
{
    memset(o, 0, sizeof *o);
    o->max_total = 32;
    o->max_per_host = 2;
    o->connect_timeout_ms = 10000;
    o->timeout_ms = 30000;
    o->lowspeed_limit = 1024;
    o->lowspeed_time = 15;
    o->max_body = 16u * 1024 * 1024;
    o->max_redirects = 5;
}

/* ---- addresses -------------------------------------------------------- */

static int v4_public(uint32_t a)
{
    static const struct {
        uint32_t net;
        int bits;
    } bad[] = {
        {0x00000000, 8},  /* "this network" */
        {0x0a000000, 8},  /* private */
        {0x64400000, 10}, /* shared address space (CGN) */
        {0x7f000000, 8},  /* loopback */
        {0xa9fe0000, 16}, /* link-local */
        {0xac100000, 12}, /* private */
        {0xc0000000, 24}, /* IETF protocol assignments */
        {0xc0000200, 24}, /* TEST-NET-1 */
        {0xc0586300, 24}, /* 6to4 relay anycast */
        {0xc0a80000, 16}, /* private */
        {0xc6120000, 15}, /* benchmarking */
        {0xc6336400, 24}, /* TEST-NET-2 */
        {0xcb007100, 24}, /* TEST-NET-3 */
        {0xe0000000, 4},  /* multicast */
        {0xf0000000, 4},  /* reserved, broadcast */
    };
    size_t i;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint32_t mask = 0xffffffffu << (32 - bad[i].bits);
        if ((a & mask) == bad[i].net)
            return 0;
    }
    return 1;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
           (uint32_t)p[2] << 8 | p[3];
}

static int v6_public(const unsigned char *b)
{
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0,    0,
                                             0, 0, 0, 0, 0xff, 0xff};
    static const unsigned char nat64[12] = {0, 0x64, 0xff, 0x9b};

    if (memcmp(b, mapped, 12) == 0 || memcmp(b, nat64, 12) == 0)
        return v4_public(be32(b + 12));
    if (b[0] == 0x20 && b[1] == 0x02) /* 6to4 */
        return v4_public(be32(b + 2));
    if ((b[0] & 0xe0) != 0x20) /* only 2000::/3 is global unicast */
        return 0;
    if (b[0] == 0x20 && b[1] == 0x01 && b[2] < 0x02)
        return 0; /* 2001::/23 special purpose (Teredo, ORCHID, ...) */
    if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8)
        return 0; /* documentation */
    if (b[0] == 0x3f && b[1] == 0xff && (b[2] & 0xf0) == 0)
        return 0; /* documentation 3fff::/20 */
    return 1;
}

int fetch_addr_public(const struct sockaddr *sa)
{
    if (!sa)
        return 0;
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *s = (const struct sockaddr_in *)sa;
        return v4_public(ntohl(s->sin_addr.s_addr));
    }
    if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *s = (const struct sockaddr_in6 *)sa;
        return v6_public(s->sin6_addr.s6_addr);
    }
    return 0;
}

static void addr_text(const struct sockaddr *sa, char *out, size_t n)
{
    out[0] = '\0';
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out,
                  (socklen_t)n);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr,
                  out, (socklen_t)n);
}

static curl_socket_t open_socket(void *clientp, curlsocktype purpose,
                                 struct curl_sockaddr *a)
{
    struct job *j = clientp;
    curl_socket_t s;

    addr_text(&a->addr, j->address, sizeof j->address);
    if (purpose != CURLSOCKTYPE_IPCXN ||
        (!j->f->o.allow_private && !fetch_addr_public(&a->addr))) {
        j->refused = 1;
        return CURL_SOCKET_BAD;
    }
    s = socket(a->family, a->socktype, a->protocol);
    if (s >= 0)
        fcntl(s, F_SETFD, FD_CLOEXEC);
    return s;
}

/* ---- headers and body -------------------------------------------------- */

static int ieq_prefix(const char *s, size_t n, const char *p)
{
    size_t k = strlen(p), i;

    if (n < k)
        return 0;
    for (i = 0; i < k; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c != p[i])
            return 0;
    }
    return 1;
}

/* Copy a trimmed header value into out (cap n); too long or with control
 * characters: leave out empty. */
static void copy_value(char *out, size_t n, struct hw_str v)
{
    size_t i;

    out[0] = '\0';
    v = hw_str_trim(v);
    if (v.len >= n)
        return;
    for (i = 0; i < v.len; i++)
        if ((unsigned char)v.p[i] < 0x20 || v.p[i] == 0x7f)
            return;
    memcpy(out, v.p, v.len);
    out[v.len] = '\0';
}

static long parse_seconds(struct hw_str v)
{
    long s = 0;
    size_t i;

    if (v.len == 0)
        return -1;
    for (i = 0; i < v.len; i++) {
        if (v.p[i] < '0' || v.p[i] > '9')
            return -1;
        if (s < 100000000)
            s = s * 10 + (v.p[i] - '0');
    }
    return s;
}

static void content_type(struct job *j, struct hw_str v)
{
    size_t i = 0, k;

    v = hw_str_trim(v);
    while (i < v.len && v.p[i] != ';')
        i++;
    copy_value(j->content_type, sizeof j->content_type,
               (struct hw_str){v.p, i});
    for (k = 0; j->content_type[k]; k++)
        if (j->content_type[k] >= 'A' && j->content_type[k] <= 'Z')
            j->content_type[k] = (char)(j->content_type[k] + 32);
    /* parameters: look for charset=VALUE or charset="VALUE" */
    while (i < v.len) {
        struct hw_str p;
        size_t s = ++i;
        while (i < v.len && v.p[i] != ';')
            i++;
        p = hw_str_trim((struct hw_str){v.p + s, i - s});
        if (ieq_prefix(p.p, p.len, "charset=")) {
            struct hw_str c = {p.p + 8, p.len - 8};
            if (c.len >= 2 && c.p[0] == '"' && c.p[c.len - 1] == '"')
                c.p++, c.len -= 2;
            for (k = 0; k < c.len; k++) {
                char ch = c.p[k];
                if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                      (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' ||
                      ch == '.' || ch == ':'))
                    break;
            }
            if (k == c.len)
                copy_value(j->charset, sizeof j->charset, c);
        }
    }
}

static void cache_control(struct job *j, struct hw_str v)
{
    size_t i = 0;

    while (i < v.len) {
        struct hw_str d;
        size_t s = i;
        while (i < v.len && v.p[i] != ',')
            i++;
        d = hw_str_trim((struct hw_str){v.p + s, i - s});
        if (ieq_prefix(d.p, d.len, "max-age="))
            j->max_age = parse_seconds(hw_str_trim(
                (struct hw_str){d.p + 8, d.len - 8}));
        i++;
    }
}

static void retry_after(struct job *j, struct hw_str v)
{
    char tmp[128];
    time_t t;

    v = hw_str_trim(v);
    if ((j->retry_after = parse_seconds(v)) >= 0)
        return;
    copy_value(tmp, sizeof tmp, v);
    if (!tmp[0] || (t = curl_getdate(tmp, NULL)) == -1)
        return;
    j->retry_after = t > time(NULL) ? (long)(t - time(NULL)) : 0;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
    struct job *j = ud;
    size_t len = size * n, c;
    struct hw_str v;

    if (len >= 5 && memcmp(p, "HTTP/", 5) == 0) {
        int st = 0;
        size_t i = 5;
        while (i < len && p[i] != ' ')
            i++;
        while (i < len && p[i] == ' ')
            i++;
        for (c = 0; c < 3 && i < len && p[i] >= '0' && p[i] <= '9'; c++)
            st = st * 10 + (p[i++] - '0');
        if (st >= 100 && st < 200)
            return len; /* interim response */
        if (j->status == 302 || j->status == 303 || j->status == 307)
            j->all_permanent = 0;
        j->status = st;
        j->etag[0] = j->last_modified[0] = '\0';
        j->content_type[0] = j->charset[0] = '\0';
        j->retry_after = j->max_age = -1;
        return len;
    }
    for (c = 0; c < len && p[c] != ':'; c++)
        ;
    if (c == len)
        return len;
    v = (struct hw_str){p + c + 1, len - c - 1};
    if (ieq_prefix(p, c, "etag") && c == 4)
        copy_value(j->etag, sizeof j->etag, v);
    else if (c == 13 && ieq_prefix(p, c, "last-modified"))
        copy_value(j->last_modified, sizeof j->last_modified, v);
    else if (c == 12 && ieq_prefix(p, c, "content-type"))
        content_type(j, v);
    else if (c == 11 && ieq_prefix(p, c, "retry-after"))
        retry_after(j, v);
    else if (c == 13 && ieq_prefix(p, c, "cache-control"))
        cache_control(j, v);
    return len;
}

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    struct job *j = ud;
    size_t len = size * n;

    if (hw_buf_add(&j->body, p, len) != 0) {
        j->too_big = 1;
        return 0; /* abort the transfer */
    }
    return len;
}

/* ---- hosts and queues --------------------------------------------------- */

/* The host name of an http(s) URL, lowercased, into out.  0 or EINVAL. */
static int url_host(const char *url, char out[HOST_MAX])
{
    const char *p = strstr(url, "://"), *e, *h;
    size_t n, i;

    if (!p)
        return HW_EINVAL;
    if (!((p - url == 4 && ieq_prefix(url, 4, "http")) ||
          (p - url == 5 && ieq_prefix(url, 5, "https"))))
        return HW_EINVAL;
    p += 3;
    for (e = p; *e && *e != '/' && *e != '?' && *e != '#'; e++)
        ;
    for (h = e; h > p && h[-1] != '@'; h--)
        ;
    if (*h == '[') {
        for (n = 0; h + n < e && h[n] != ']'; n++)
            ;
        n++;
    } else {
        for (n = 0; h + n < e && h[n] != ':'; n++)
            ;
    }
    if (n == 0 || n >= HOST_MAX || h + n > e)
        return HW_EINVAL;
    for (i = 0; i < n; i++)
        out[i] = (char)(h[i] >= 'A' && h[i] <= 'Z' ? h[i] + 32 : h[i]);
    out[n] = '\0';
    return 0;
}

static struct host *host_get(struct fetch *f, const char *name)
{
    uint32_t h = 2166136261u;
    const char *s;
    struct host *x;

    for (s = name; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u; /* FNV-1a */
    for (x = f->buckets[h % NBUCKETS]; x; x = x->hnext)
        if (strcmp(x->name, name) == 0)
            return x;
    x = hw_calloc(1, sizeof *x);
    memcpy(x->name, name, strlen(name) + 1);
    x->hnext = f->buckets[h % NBUCKETS];
    f->buckets[h % NBUCKETS] = x;
    return x;
}

static void ready_push(struct fetch *f, struct host *h)
{
    if (h->ready || !h->head || h->active >= f->o.max_per_host)
        return;
    h->ready = 1;
    h->rnext = NULL;
    if (f->rtail)
        f->rtail->rnext = h;
    else
        f->rhead = h;
    f->rtail = h;
}

static struct host *ready_pop(struct fetch *f)
{
    struct host *h = f->rhead;

    if (h) {
        f->rhead = h->rnext;
        if (!f->rhead)
            f->rtail = NULL;
        h->ready = 0;
    }
    return h;
}

/* ---- lifecycle ---------------------------------------------------------- */

struct fetch *fetch_new(const struct fetch_opts *o, fetch_done_cb done,
                        void *ctx)
{
    static int global;
    struct fetch *f;
    const char *const *r;

    if (!global) {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
            return NULL;
        global = 1;
    }
    f = hw_calloc(1, sizeof *f);
    if (o)
        f->o = *o;
    else
        fetch_opts_default(&f->o);
    if (f->o.max_total < 1)
        f->o.max_total = 1;
    if (f->o.max_total > 1024)
        f->o.max_total = 1024;
    if (f->o.max_per_host < 1)
        f->o.max_per_host = 1;
    if (!(f->multi = curl_multi_init())) {
        hw_free(f);
        return NULL;
    }
    curl_multi_setopt(f->multi, CURLMOPT_MAXCONNECTS,
                      (long)f->o.max_total * 2);
    f->done = done;
    f->ctx = ctx;
    for (r = f->o.resolve; r && *r; r++)
        f->resolve = curl_slist_append(f->resolve, *r);
    if (f->o.user_agent)
        snprintf(f->ua, sizeof f->ua, "%s", f->o.user_agent);
    else
        snprintf(f->ua, sizeof f->ua, FETCH_USER_AGENT_FMT,
                 f->o.version ? f->o.version : "dev");
    f->pool = hw_calloc((size_t)f->o.max_total, sizeof *f->pool);
    return f;
}

static void job_free(struct job *j)
{
    curl_slist_free_all(j->headers);
    hw_buf_release(&j->body);
    hw_free(j->url);
    hw_free(j->etag_in);
    hw_free(j->lm_in);
    hw_free(j);
}

void fetch_free(struct fetch *f)
{
    size_t i;
    int k;

    if (!f)
        return;
    f->done = NULL; /* no callbacks from here on */
    fetch_abandon(f);
    for (i = 0; i < NBUCKETS; i++) {
        struct host *h = f->buckets[i];
        while (h) {
            struct host *n = h->hnext;
            hw_free(h);
            h = n;
        }
    }
    for (k = 0; k < f->npool; k++)
        curl_easy_cleanup(f->pool[k]);
    hw_free(f->pool);
    curl_slist_free_all(f->resolve);
    curl_multi_cleanup(f->multi);
    hw_free(f);
}

int fetch_add(struct fetch *f, const struct fetch_request *req)
{
    char name[HOST_MAX];
    struct job *j;
    struct host *h;

    if (!req->url || strlen(req->url) > FETCH_URL_MAX ||
        url_host(req->url, name) != 0)
        return HW_EINVAL;
    j = hw_calloc(1, sizeof *j);
    j->f = f;
    j->url = hw_strdup(req->url);
    j->etag_in = hw_strdup(req->etag);
    j->lm_in = hw_strdup(req->last_modified);
    j->user = req->user;
    h = j->host = host_get(f, name);
    if (h->tail)
        h->tail->next = j;
    else
        h->head = j;
    h->tail = j;
    f->queued++;
    ready_push(f, h);
    return 0;
}

size_t fetch_pending(const struct fetch *f)
{
    return f->queued + f->running;
}

/* Add a validator header if the value is printable and short. */
static void add_header(struct job *j, const char *name, const char *v)
{
    char line[700];
    size_t i;

    if (!v || !*v || strlen(v) > 600)
        return;
    for (i = 0; v[i]; i++)
        if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
            return;
    snprintf(line, sizeof line, "%s: %s", name, v);
    j->headers = curl_slist_append(j->headers, line);
}

static void setup(struct fetch *f, struct job *j)
{
    CURL *e = j->easy;

    hw_buf_init(&j->body, f->o.max_body);
    j->all_permanent = 1;
    j->retry_after = j->max_age = -1;
    add_header(j, "If-None-Match", j->etag_in);
    add_header(j, "If-Modified-Since", j->lm_in);
    j->headers = curl_slist_append(
        j->headers, "Accept: application/rss+xml, application/atom+xml, "
                    "application/feed+json, application/xml;q=0.9, "
                    "text/xml;q=0.9, application/json;q=0.8, "
                    "text/html;q=0.7, */*;q=0.5");
    curl_easy_setopt(e, CURLOPT_URL, j->url);
    curl_easy_setopt(e, CURLOPT_PRIVATE, j);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_PROXY, "");
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(e, CURLOPT_MAXREDIRS, (long)f->o.max_redirects);
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
    curl_easy_setopt(e, CURLOPT_USERAGENT, f->ua);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, j->headers);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, f->o.connect_timeout_ms);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, f->o.timeout_ms);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, f->o.lowspeed_limit);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, f->o.lowspeed_time);
    curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE,
                     (curl_off_t)f->o.max_body);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, j);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, j);
    curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, open_socket);
    curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, j);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, j->errbuf);
    if (f->resolve)
        curl_easy_setopt(e, CURLOPT_RESOLVE, f->resolve);
}

/* Build the result of a finished (or abandoned) job and call back. */
static void finish(struct fetch *f, struct job *j, CURLcode cc,
                   const char *why)
{
    struct fetch_result r;
    char msg[CURL_ERROR_SIZE + 128];
    char *eff = NULL;
    long redirects = 0, code = 0;
    struct timespec t1;

    memset(&r, 0, sizeof r);
    msg[0] = '\0';
    r.user = j->user;
    r.url = j->url;
    r.final_url = j->url;
    r.retry_after = j->retry_after;
    r.max_age = j->max_age;
    if (j->easy) {
        curl_easy_getinfo(j->easy, CURLINFO_EFFECTIVE_URL, &eff);
        curl_easy_getinfo(j->easy, CURLINFO_REDIRECT_COUNT, &redirects);
        curl_easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &code);
        if (eff)
            r.final_url = eff;
    }
    r.redirects = (int)redirects;
    r.status = code ? (int)code : j->status;
    if (why) {
        r.error = HW_EIO;
        snprintf(msg, sizeof msg, "%s", why);
    } else if (j->too_big || cc == CURLE_FILESIZE_EXCEEDED) {
        r.error = HW_ETOOBIG;
        snprintf(msg, sizeof msg, "body larger than the limit of %zu bytes",
                 f->o.max_body);
    } else if (j->refused && cc != CURLE_OK) {
        r.error = HW_EINVAL;
        snprintf(msg, sizeof msg,
                 "refused to connect to %s: a private, loopback or "
                 "reserved address (see --allow-private-networks)",
                 j->address);
    } else if (cc == CURLE_TOO_MANY_REDIRECTS) {
        r.error = HW_ELIMIT;
        snprintf(msg, sizeof msg, "more than %d redirects",
                 f->o.max_redirects);
    } else if (cc == CURLE_OPERATION_TIMEDOUT) {
        r.error = HW_ELIMIT;
        snprintf(msg, sizeof msg, "%s",
                 j->errbuf[0] ? j->errbuf : curl_easy_strerror(cc));
    } else if (cc != CURLE_OK) {
        r.error = HW_EIO;
        snprintf(msg, sizeof msg, "%s",
                 j->errbuf[0] ? j->errbuf : curl_easy_strerror(cc));
    }
    r.errmsg = msg;
    if (!r.error && r.redirects > 0 && j->all_permanent &&
        (j->status < 300 || j->status >= 400) && eff &&
        strcmp(eff, j->url) != 0)
        r.moved_url = eff;
    r.body = j->body.p;
    r.len = j->body.len;
    r.content_type = j->content_type;
    r.charset = j->charset[0] ? j->charset : NULL;
    r.etag = j->etag[0] ? j->etag : NULL;
    r.last_modified = j->last_modified[0] ? j->last_modified : NULL;
    memcpy(r.address, j->address, sizeof r.address);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    r.seconds = (double)(t1.tv_sec - j->t0.tv_sec) +
                (double)(t1.tv_nsec - j->t0.tv_nsec) / 1e9;
    if (f->done)
        f->done(f->ctx, &r);
}

static void release(struct fetch *f, struct job *j)
{
    struct host *h = j->host;

    if (j->easy) {
        curl_multi_remove_handle(f->multi, j->easy);
        curl_easy_reset(j->easy);
        if (f->npool < f->o.max_total)
            f->pool[f->npool++] = j->easy;
        else
            curl_easy_cleanup(j->easy);
        j->easy = NULL;
        if (j->rprev)
            j->rprev->rnext = j->rnext;
        else
            f->run = j->rnext;
        if (j->rnext)
            j->rnext->rprev = j->rprev;
        f->running--;
        h->active--;
        ready_push(f, h);
    }
    job_free(j);
}

static void start_jobs(struct fetch *f)
{
    while (f->running < (size_t)f->o.max_total && f->rhead) {
        struct host *h = ready_pop(f);
        struct job *j = h->head;

        h->head = j->next;
        if (!h->head)
            h->tail = NULL;
        j->next = NULL;
        f->queued--;
        j->easy = f->npool ? f->pool[--f->npool] : curl_easy_init();
        if (!j->easy) {
            finish(f, j, CURLE_OK, "cannot create a transfer");
            job_free(j);
            ready_push(f, h);
            continue;
        }
        setup(f, j);
        clock_gettime(CLOCK_MONOTONIC, &j->t0);
        h->active++;
        f->running++;
        j->rprev = NULL;
        j->rnext = f->run;
        if (f->run)
            f->run->rprev = j;
        f->run = j;
        if (curl_multi_add_handle(f->multi, j->easy) != CURLM_OK) {
            finish(f, j, CURLE_OK, "cannot start a transfer");
            release(f, j);
            continue;
        }
        ready_push(f, h);
    }
}

static void reap(struct fetch *f)
{
    CURLMsg *m;
    int left;

    while ((m = curl_multi_info_read(f->multi, &left)) != NULL) {
        struct job *j = NULL;
        if (m->msg != CURLMSG_DONE)
            continue;
        curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&j);
        finish(f, j, m->data.result, NULL);
        release(f, j);
    }
}

static long elapsed_ms(const struct timespec *t0)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long)(t.tv_sec - t0->tv_sec) * 1000 +
           (long)(t.tv_nsec - t0->tv_nsec) / 1000000;
}

long fetch_run(struct fetch *f, long timeout_ms)
{
    struct timespec t0;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        int running;
        long left, wait = 100;

        start_jobs(f);
        if (curl_multi_perform(f->multi, &running) != CURLM_OK)
            return HW_EIO;
        reap(f);
        start_jobs(f);
        if (fetch_pending(f) == 0)
            return 0;
        if (timeout_ms >= 0) {
            left = timeout_ms - elapsed_ms(&t0);
            if (left <= 0)
                return (long)fetch_pending(f);
            if (left < wait)
                wait = left;
        }
        if (curl_multi_poll(f->multi, NULL, 0, (int)wait, NULL) !=
            CURLM_OK)
            return HW_EIO;
    }
}

void fetch_abandon(struct fetch *f)
{
    size_t k;

    while (f->run) {
        struct job *j = f->run;
        finish(f, j, CURLE_OK, "abandoned");
        release(f, j);
    }
    for (k = 0; k < NBUCKETS; k++) {
        struct host *h;
        for (h = f->buckets[k]; h; h = h->hnext) {
            while (h->head) {
                struct job *j = h->head;
                h->head = j->next;
                f->queued--;
                finish(f, j, CURLE_OK, "abandoned");
                job_free(j);
            }
            h->tail = NULL;
            h->ready = 0;
        }
    }
    f->rhead = f->rtail = NULL;
}
