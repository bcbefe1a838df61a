/*
 * robots.c - robots.txt parsing and matching (RFC 9309); the rules are
 * described in robots.h.
 *
 * Parsing is one pass of a cursor over the lines.  Which groups apply is
 * known line by line: a run of user-agent lines gets the rank of its
 * best line, and when its first rule comes the run is kept (a better
 * rank than seen so far drops what was kept before), merged (the same
 * rank) or skipped.  So only the chosen group's rules are ever stored,
 * normalised, in one pool of bytes.
 *
 * A stored pattern has its runs of '*' collapsed into one and a final
 * '$' taken off into a flag; its priority is its length as written
 * (after percent-encoding normalisation), as RFC 9309 2.2.2 counts
 * octets.  The rules are sorted by priority, allow first on a tie, so
 * the first rule that matches decides.
 *
 * Matching "*"-only wildcards greedily is exact: the first segment must
 * be a prefix, each middle segment is taken at its leftmost occurrence
 * after the previous one (any later match could be moved left), and the
 * last must end the path when anchored, or just occur.  Each search is
 * Knuth-Morris-Pratt with a failure table computed once per pattern, so
 * one pattern costs O(path + pattern) whatever its shape.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fetch/fetch.h"
#include "fetch/robots.h"

/* Longest path compared (after normalisation), and so the most literal
 * bytes a pattern that can match may have. */
#define PATH_MAX_ FETCH_URL_MAX
#define DELAY_MAX 86400.0

enum { MODE_RULES, MODE_ALLOW, MODE_DENY };

struct rule {
    size_t off, len; /* pattern in the pool: '*' collapsed, no final '$' */
    size_t lit;      /* bytes other than '*' */
    size_t prio;     /* length as written, normalised */
    size_t seq;      /* order in the file, for a stable sort */
    int allow, anchored;
};

struct fetch_robots {
    int mode;
    struct rule *rules;
    size_t nrules;
    char *pool;
    uint16_t *fail; /* KMP failure function, per pool byte */
    double delay;
};

struct parser {
    struct hw_str agent; /* our product token */
    int best;            /* rank of the groups kept, -1: none yet */
    int run;             /* 1 inside a run of user-agent lines */
    int rank;            /* best rank in the current run, -1: none */
    int keep;            /* the current group's rules are kept */
    struct hw_buf pool;
    struct rule *rules;
    size_t n, cap, seq;
    double delay;
};

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = lower(c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

static int is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* RFC 3986 unreserved: ALPHA DIGIT "-" "." "_" "~" */
static int unreserved(int c)
{
    return is_alpha(c) || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~';
}

/* Bytes that may not appear raw in a URL (as fetch_url_canon has it). */
static int must_escape(unsigned char c)
{
    return c <= 0x20 || c >= 0x7f || (c && strchr("\"<>\\^`{|}", c));
}

static void add_escape(struct hw_buf *b, unsigned char c)
{
    static const char hex[] = "0123456789ABCDEF";
    char e[3] = {'%', hex[c >> 4], hex[c & 15]};

    hw_buf_add(b, e, 3);
}

/*
 * Append the normal form of the octet or escape at s[i] (n bytes in s)
 * and return how many bytes of s it took: an escape of an unreserved
 * character is decoded, other escapes uppercased, a stray '%' and the
 * bytes that may not appear raw escaped.
 */
static size_t add_octet(struct hw_buf *b, const char *s, size_t i, size_t n)
{
    unsigned char c = (unsigned char)s[i];

    if (c == '%') {
        if (i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            int v = hexval(s[i + 1]) * 16 + hexval(s[i + 2]);
            if (unreserved(v))
                hw_buf_addc(b, (char)v);
            else
                add_escape(b, (unsigned char)v);
            return 3;
        }
        hw_buf_adds(b, "%25");
    } else if (must_escape(c)) {
        add_escape(b, c);
    } else {
        hw_buf_addc(b, (char)c);
    }
    return 1;
}

/* ---- parsing ----------------------------------------------------------- */

/* The leading run of letters, '_' and '-' of s. */
static struct hw_str product_token(struct hw_str s)
{
    size_t i = 0;

    while (i < s.len && (is_alpha(s.p[i]) || s.p[i] == '_' || s.p[i] == '-'))
        i++;
    return (struct hw_str){s.p, i};
}

static int token_ieq(const char *a, const char *b, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
            return 0;
    return 1;
}

/* The rank of a user-agent line for us: -1 no match, 0 "*", else the
 * length of the matching token plus one. */
static int ua_rank(const struct parser *ps, struct hw_str v)
{
    struct hw_str t;

    if (v.len && v.p[0] == '*' &&
        (v.len == 1 || v.p[1] == ' ' || v.p[1] == '\t'))
        return 0;
    t = product_token(v);
    if (t.len == 0 || t.len > ps->agent.len ||
        !token_ieq(t.p, ps->agent.p, t.len))
        return -1;
    if (t.len == ps->agent.len || ps->agent.p[t.len] == '-')
        return t.len > 30000 ? 30000 : (int)t.len + 1;
    return -1;
}

/* The run of user-agent lines has ended: keep its rules or not. */
static void decide(struct parser *ps)
{
    ps->keep = 0;
    if (ps->rank < 0 || ps->rank < ps->best)
        return;
    if (ps->rank > ps->best) {
        ps->best = ps->rank;
        ps->n = 0;
        ps->delay = 0;
        hw_buf_reset(&ps->pool);
    }
    ps->keep = 1;
}

/* Store an allow or disallow rule with pattern v (not empty). */
static void add_rule(struct parser *ps, struct hw_str v, int allow)
{
    struct hw_buf *b = &ps->pool;
    struct rule ru = {0};
    size_t i = 0, prio = 0, before;

    if (ps->n >= FETCH_ROBOTS_MAX_RULES)
        return;
    ru.off = b->len;
    ru.allow = allow;
    if (v.p[v.len - 1] == '$') {
        ru.anchored = 1;
        v.len--;
        prio++;
    }
    if (v.len == 0 || (v.p[0] != '/' && v.p[0] != '*')) {
        hw_buf_addc(b, '/');
        prio++;
        ru.lit++;
    }
    while (i < v.len) {
        if (v.p[i] == '*') {
            if (b->len == ru.off || b->p[b->len - 1] != '*')
                hw_buf_addc(b, '*');
            prio++;
            i++;
            continue;
        }
        before = b->len;
        i += add_octet(b, v.p, i, v.len);
        prio += b->len - before;
        ru.lit += b->len - before;
    }
    if (b->err || ru.lit > PATH_MAX_) {
        /* more literal bytes than any path we compare: never matches */
        b->err = 0;
        hw_buf_truncate(b, ru.off);
        return;
    }
    ru.len = b->len - ru.off;
    ru.prio = prio;
    ru.seq = ps->seq++;
    if (ps->n == ps->cap) {
        ps->cap = ps->cap ? ps->cap * 2 : 16;
        ps->rules = hw_realloc(ps->rules, ps->cap * sizeof *ps->rules);
    }
    ps->rules[ps->n++] = ru;
}

/* A crawl-delay value: seconds, decimals allowed; -1 if not a number. */
static double parse_delay(struct hw_str v)
{
    double x = 0, scale = 1;
    size_t i = 0;
    int digits = 0;

    for (; i < v.len && v.p[i] >= '0' && v.p[i] <= '9'; i++, digits++)
        if (x <= DELAY_MAX)
            x = x * 10 + (v.p[i] - '0');
    if (i < v.len && v.p[i] == '.')
        for (i++; i < v.len && v.p[i] >= '0' && v.p[i] <= '9'; i++) {
            digits++;
            if (scale > 1e-9) {
                scale /= 10;
                x += (v.p[i] - '0') * scale;
            }
        }
    if (!digits)
        return -1;
    return x > DELAY_MAX ? DELAY_MAX : x;
}

enum { KEY_OTHER, KEY_AGENT, KEY_ALLOW, KEY_DISALLOW, KEY_DELAY };

static int classify(struct hw_str k)
{
    static const char *const agent[] = {"user-agent", "useragent", "user agent",
                                        NULL};
    static const char *const disallow[] = {"disallow", "dissallow", "dissalow",
                                           "disalow",  "diasllow",  "disallaw",
                                           NULL};
    size_t i;

    for (i = 0; agent[i]; i++)
        if (hw_str_ieq(k, agent[i]))
            return KEY_AGENT;
    for (i = 0; disallow[i]; i++)
        if (hw_str_ieq(k, disallow[i]))
            return KEY_DISALLOW;
    if (hw_str_ieq(k, "allow"))
        return KEY_ALLOW;
    if (hw_str_ieq(k, "crawl-delay"))
        return KEY_DELAY;
    return KEY_OTHER;
}

static void parse_line(struct parser *ps, const char *s, size_t n)
{
    const char *hash = memchr(s, '#', n), *sep;
    struct hw_str line, key, val;
    int kind;
    double d;

    line = hw_str_trim((struct hw_str){s, hash ? (size_t)(hash - s) : n});
    if (line.len == 0)
        return;
    sep = memchr(line.p, ':', line.len);
    if (!sep) {
        /* "Disallow /x": white space for the missing ':' */
        for (sep = line.p;
             sep < line.p + line.len && *sep != ' ' && *sep != '\t'; sep++)
            ;
        if (sep == line.p + line.len)
            return;
    }
    key = hw_str_trim((struct hw_str){line.p, (size_t)(sep - line.p)});
    val = hw_str_trim(
        (struct hw_str){sep + 1, (size_t)(line.p + line.len - sep - 1)});
    kind = classify(key);
    if (kind == KEY_OTHER)
        return; /* sitemap and the unknown: not group members */
    if (kind == KEY_AGENT) {
        int rk = ua_rank(ps, val);
        if (!ps->run) {
            ps->run = 1;
            ps->rank = -1;
        }
        if (rk > ps->rank)
            ps->rank = rk;
        return;
    }
    if (ps->run) {
        decide(ps);
        ps->run = 0;
    }
    if (!ps->keep)
        return;
    if (kind == KEY_DELAY) {
        d = parse_delay(val);
        if (d > ps->delay)
            ps->delay = d;
    } else if (val.len) {
        add_rule(ps, val, kind == KEY_ALLOW);
    }
}

static int rule_cmp(const void *a, const void *b)
{
    const struct rule *x = a, *y = b;

    if (x->prio != y->prio)
        return x->prio > y->prio ? -1 : 1;
    if (x->allow != y->allow)
        return x->allow ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* KMP failure function of s[0..m) into f: f[i] is the longest proper
 * border of s[0..i]. */
static void kmp_table(const char *s, size_t m, uint16_t *f)
{
    size_t i, k = 0;

    if (m)
        f[0] = 0;
    for (i = 1; i < m; i++) {
        while (k > 0 && s[i] != s[k])
            k = f[k - 1];
        if (s[i] == s[k])
            k++;
        f[i] = (uint16_t)k;
    }
}

static struct fetch_robots *new_robots(int mode)
{
    struct fetch_robots *r = hw_calloc(1, sizeof *r);

    r->mode = mode;
    return r;
}

struct fetch_robots *fetch_robots_parse(const char *txt, size_t len,
                                        const char *agent)
{
    struct parser ps = {0};
    struct fetch_robots *r = new_robots(MODE_RULES);
    const char *p = txt, *end;
    size_t i, pool_len;

    if (!txt)
        len = 0, p = "";
    end = p + len;
    if (len > FETCH_ROBOTS_MAX_BYTES) {
        /* drop the line the limit cuts */
        end = p + FETCH_ROBOTS_MAX_BYTES;
        while (end > p && end[-1] != '\n' && end[-1] != '\r')
            end--;
    }
    ps.agent = product_token(hw_str_of(agent));
    ps.best = -1;
    ps.rank = -1;
    hw_buf_init(&ps.pool, 4 * (size_t)FETCH_ROBOTS_MAX_BYTES);
    if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (p < end) {
        const char *e = p;
        while (e < end && *e != '\n' && *e != '\r')
            e++;
        parse_line(&ps, p, (size_t)(e - p));
        if (e < end && *e == '\r') {
            e++;
            if (e < end && *e == '\n')
                e++;
        } else if (e < end) {
            e++;
        }
        p = e;
    }
    if (ps.run)
        decide(&ps);

    if (ps.n)
        qsort(ps.rules, ps.n, sizeof *ps.rules, rule_cmp);
    r->rules = ps.rules;
    r->nrules = ps.n;
    r->delay = ps.delay;
    r->pool = hw_buf_detach(&ps.pool, &pool_len);
    r->fail = hw_malloc((pool_len ? pool_len : 1) * sizeof *r->fail);
    for (i = 0; i < r->nrules; i++) {
        const char *s = r->pool + r->rules[i].off;
        const char *e = s + r->rules[i].len;
        while (s < e) {
            const char *star = memchr(s, '*', (size_t)(e - s));
            size_t m = star ? (size_t)(star - s) : (size_t)(e - s);
            kmp_table(s, m, r->fail + (s - r->pool));
            s += m + (star != NULL);
        }
    }
    return r;
}

struct fetch_robots *fetch_robots_allow_all(void)
{
    return new_robots(MODE_ALLOW);
}

struct fetch_robots *fetch_robots_deny_all(void)
{
    return new_robots(MODE_DENY);
}

struct fetch_robots *fetch_robots_for_status(long http_status, const char *body,
                                             size_t len, const char *agent)
{
    if (http_status >= 200 && http_status <= 299)
        return fetch_robots_parse(body, len, agent);
    if (http_status >= 300 && http_status <= 499)
        return fetch_robots_allow_all();
    return fetch_robots_deny_all();
}

void fetch_robots_free(struct fetch_robots *r)
{
    if (!r)
        return;
    hw_free(r->rules);
    hw_free(r->pool);
    hw_free(r->fail);
    hw_free(r);
}

double fetch_robots_crawl_delay(const struct fetch_robots *r)
{
    return r ? r->delay : 0;
}

/* ---- matching ---------------------------------------------------------- */

/* The leftmost occurrence of s[0..m) (failure function f) in t[pos..n),
 * or -1. */
static long kmp_find(const char *t, size_t n, size_t pos, const char *s,
                     size_t m, const uint16_t *f)
{
    size_t i, k = 0;

    if (m == 0)
        return (long)pos;
    if (n < pos || n - pos < m)
        return -1;
    for (i = pos; i < n; i++) {
        while (k > 0 && t[i] != s[k])
            k = f[k - 1];
        if (t[i] == s[k])
            k++;
        if (k == m)
            return (long)(i + 1 - m);
    }
    return -1;
}

static int rule_match(const struct fetch_robots *r, const struct rule *ru,
                      const char *t, size_t n)
{
    const char *p = r->pool + ru->off, *e = p + ru->len, *star;
    size_t pos, m;
    long at;

    if (ru->lit > n)
        return 0;
    star = memchr(p, '*', ru->len);
    if (!star) {
        if (ru->anchored)
            return ru->len == n && memcmp(p, t, n) == 0;
        return memcmp(p, t, ru->len) == 0;
    }
    m = (size_t)(star - p);
    if (memcmp(p, t, m) != 0)
        return 0;
    pos = m;
    p = star + 1;
    while ((star = memchr(p, '*', (size_t)(e - p))) != NULL) {
        m = (size_t)(star - p);
        at = kmp_find(t, n, pos, p, m, r->fail + (p - r->pool));
        if (at < 0)
            return 0;
        pos = (size_t)at + m;
        p = star + 1;
    }
    m = (size_t)(e - p);
    if (ru->anchored)
        return n - pos >= m && memcmp(t + n - m, p, m) == 0;
    return kmp_find(t, n, pos, p, m, r->fail + (p - r->pool)) >= 0;
}

int fetch_robots_allowed(const struct fetch_robots *r,
                         const char *path_and_query)
{
    const char *s = path_and_query ? path_and_query : "";
    struct hw_buf b;
    size_t i, n, plen;
    int allowed = 1;
    const char *q;

    assert(r != NULL);
    hw_buf_init(&b, PATH_MAX_);
    if (s[0] != '/')
        hw_buf_addc(&b, '/');
    for (i = 0, n = strlen(s); i < n && s[i] != '#' && !b.err;) {
        if (s[i] == '*') {
            /* a literal '*', apart from the wildcard of patterns */
            hw_buf_adds(&b, "%2A");
            i++;
        } else {
            i += add_octet(&b, s, i, n);
        }
    }
    if (b.err) {
        hw_buf_release(&b);
        return 0;
    }
    q = memchr(b.p, '?', b.len);
    plen = q ? (size_t)(q - b.p) : b.len;
    if (plen == 11 && memcmp(b.p, "/robots.txt", 11) == 0)
        allowed = 1;
    else if (r->mode != MODE_RULES)
        allowed = r->mode == MODE_ALLOW;
    else
        for (i = 0; i < r->nrules; i++)
            if (rule_match(r, &r->rules[i], b.p, b.len)) {
                allowed = r->rules[i].allow;
                break;
            }
    hw_buf_release(&b);
    return allowed;
}
