/*
 * policy.c - when to poll a feed next.
 *
 * After a success the interval moves toward the observed time between
 * new articles: with n new articles in the t seconds since the last poll
 * the next interval is the mean of the previous one and t/n (so a burst
 * halves it quickly and one quiet poll does not undo it); a poll with
 * nothing new stretches the interval by half.  The publisher's own
 * minimum (RSS ttl, sy:updatePeriod/Frequency, Cache-Control max-age) is
 * a floor; the whole stays within CRAWL_MIN_INTERVAL..CRAWL_MAX_INTERVAL.
 * A deterministic jitter of up to 10% from the feed id keeps feeds added
 * together from staying in lockstep.
 *
 * After a failure the wait doubles per consecutive failure from
 * CRAWL_MIN_BACKOFF (exponential backoff), or is what Retry-After asked.
 *
 * The publisher hints are read from the feed's bytes by a small scanner
 * (crawl_feed_hint), since the feed parser does not expose them yet.
 */
#include <string.h>

#include "crawl/crawl.h"

static long clamp(long v, long lo, long hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

long crawl_interval(long prev, long since, size_t created, long hint,
                    int64_t id)
{
    long v, jitter;
    uint64_t h = (uint64_t)id * 0x9E3779B97F4A7C15ull;

    if (prev <= 0)
        prev = CRAWL_DEFAULT_INTERVAL;
    if (since < 0)
        v = prev; /* first poll: nothing to learn from yet */
    else if (created > 0)
        v = (prev + since / (long)created) / 2;
    else
        v = prev + prev / 2;
    if (hint > 0)
        v = v < hint ? hint : v;
    v = clamp(v, CRAWL_MIN_INTERVAL, CRAWL_MAX_INTERVAL);
    jitter = (long)((h >> 33) % 1000) * (v / 10) / 1000;
    return clamp(v + jitter, CRAWL_MIN_INTERVAL, CRAWL_MAX_INTERVAL);
}

long crawl_backoff(int earlier, long retry_after)
{
    long v = CRAWL_MIN_BACKOFF;

    if (retry_after >= 0)
        return clamp(retry_after, 60, CRAWL_MAX_INTERVAL);
    while (earlier-- > 0 && v < CRAWL_MAX_INTERVAL)
        v *= 2;
    return clamp(v, CRAWL_MIN_BACKOFF, CRAWL_MAX_INTERVAL);
}

/* Find "<NAME>" or "<prefix:NAME>" in s; return the trimmed text up to
 * the next '<', or a view of length 0. */
static struct hw_str element_text(const char *s, size_t n, const char *name)
{
    size_t k = strlen(name), i;

    for (i = 0; i + k + 1 < n; i++) {
        const char *p = s + i;
        size_t j;
        if (*p != '<')
            continue;
        j = 1;
        /* an optional prefix "xx:" */
        while (i + j < n && j < 32 && p[j] != ':' && p[j] != '>' &&
               p[j] != '<' && p[j] != ' ')
            j++;
        j = (i + j < n && p[j] == ':') ? j + 1 : 1;
        if (i + j + k + 1 <= n && memcmp(p + j, name, k) == 0 &&
            p[j + k] == '>') {
            const char *t = p + j + k + 1, *e = t;
            while (e < s + n && *e != '<' && e - t < 64)
                e++;
            return hw_str_trim((struct hw_str){t, (size_t)(e - t)});
        }
    }
    return (struct hw_str){"", 0};
}

static long number(struct hw_str v)
{
    long x = 0;
    size_t i;

    if (v.len == 0 || v.len > 9)
        return 0;
    for (i = 0; i < v.len; i++) {
        if (v.p[i] < '0' || v.p[i] > '9')
            return 0;
        x = x * 10 + (v.p[i] - '0');
    }
    return x;
}

long crawl_feed_hint(const char *data, size_t len)
{
    struct hw_str per;
    long ttl, period = 0, freq, best;

    if (len > 65536)
        len = 65536;
    ttl = number(element_text(data, len, "ttl")) * 60;
    per = element_text(data, len, "updatePeriod");
    if (hw_str_ieq(per, "hourly"))
        period = 3600;
    else if (hw_str_ieq(per, "daily"))
        period = 86400;
    else if (hw_str_ieq(per, "weekly"))
        period = 7 * 86400;
    else if (hw_str_ieq(per, "monthly"))
        period = 30 * 86400;
    else if (hw_str_ieq(per, "yearly"))
        period = 365 * 86400;
    if (period) {
        freq = number(element_text(data, len, "updateFrequency"));
        period /= freq > 0 ? freq : 1;
    }
    best = ttl > period ? ttl : period;
    return best > CRAWL_MAX_INTERVAL ? CRAWL_MAX_INTERVAL : best;
}
