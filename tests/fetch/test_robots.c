/*
 * test_robots.c - robots.txt (src/fetch/robots.c): group selection,
 * line syntax, longest-match precedence and wildcards (cases in the
 * manner of RFC 9309 and Google's documented matching tables, strings
 * written here), percent-encoding, crawl-delay, the HTTP status rules,
 * named attack inputs (10 MB file, 100k-char line, binary junk, NUL
 * bytes, 10,000 rules, pathological wildcards, all timed), and a
 * randomised comparison of the matcher with a plain dynamic-programming
 * reference.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "fetch/robots.h"
#include "fetch/robots_ref.h"
#include "util/hw.h"

#define AGENT "hashwire"

/* Parse txt (a C string) as AGENT and ask about path. */
static int allowed_as(const char *txt, const char *agent, const char *path)
{
    struct fetch_robots *r = fetch_robots_parse(txt, strlen(txt), agent);
    int ok = fetch_robots_allowed(r, path);

    fetch_robots_free(r);
    return ok;
}

static int allowed(const char *txt, const char *path)
{
    return allowed_as(txt, AGENT, path);
}

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void test_empty(void **state)
{
    struct fetch_robots *r;

    (void)state;
    assert_true(allowed("", "/"));
    assert_true(allowed("", "/any/thing?x=1"));
    r = fetch_robots_parse(NULL, 0, AGENT);
    assert_true(fetch_robots_allowed(r, "/x"));
    assert_true(fetch_robots_allowed(r, ""));
    assert_true(fetch_robots_allowed(r, NULL));
    assert_true(fetch_robots_crawl_delay(r) == 0);
    fetch_robots_free(r);
    fetch_robots_free(NULL);
    /* only comments and unknown lines */
    assert_true(allowed("# nothing\nSitemap: https://x.test/s.xml\n", "/"));
}

static void test_disallow_all(void **state)
{
    const char *t = "User-agent: *\nDisallow: /\n";

    (void)state;
    assert_false(allowed(t, "/"));
    assert_false(allowed(t, ""));
    assert_false(allowed(t, "/a/b?c=d"));
    /* RFC 9309 2.2.2: /robots.txt is implicitly allowed */
    assert_true(allowed(t, "/robots.txt"));
    assert_true(allowed(t, "/robots.txt?x=1"));
    assert_true(allowed(t, "/robots%2Etxt"));
    assert_false(allowed(t, "/robots.txt2"));
    assert_false(allowed(t, "/ROBOTS.TXT"));
    /* "disallow:" with no value is no rule */
    assert_true(allowed("User-agent: *\nDisallow:\n", "/x"));
    assert_true(allowed("User-agent: *\nDisallow:   # nothing\n", "/x"));
    assert_true(allowed("User-agent: *\nAllow:\nDisallow: /a\n", "/b"));
}

static void test_groups(void **state)
{
    const char *t = "User-agent: *\n"
                    "Disallow: /star/\n"
                    "\n"
                    "User-agent: otherbot\n"
                    "Disallow: /\n"
                    "\n"
                    "User-agent: HashWire\n"
                    "Disallow: /ours/\n";

    (void)state;
    /* our group, matched without case; the "*" group is not merged */
    assert_false(allowed(t, "/ours/x"));
    assert_true(allowed(t, "/star/x"));
    assert_true(allowed(t, "/other"));
    assert_false(allowed_as(t, "HASHWIRE", "/ours/x"));
    assert_false(allowed_as(t, "hashwire/1.4 (+https://x.test)", "/ours/"));
    /* someone else's token: the "*" group */
    assert_false(allowed_as(t, "nobot", "/star/x"));
    assert_true(allowed_as(t, "nobot", "/ours/x"));
    assert_true(allowed_as(t, NULL, "/ours/x"));
    assert_false(allowed_as(t, NULL, "/star/x"));
    assert_false(allowed_as(t, "otherbot", "/x"));
    /* a prefix or an extension of our token is not our token */
    assert_true(allowed("User-agent: hash\nDisallow: /\n", "/x"));
    assert_true(allowed("User-agent: hashwirebot\nDisallow: /\n", "/x"));
    /* the token of a line stops at its first other character */
    assert_false(allowed("User-agent: hashwire/2.0\nDisallow: /\n", "/x"));
    assert_false(allowed("User-agent: hashwire bot\nDisallow: /\n", "/x"));
    /* no matching group and no "*": all allowed */
    assert_true(allowed("User-agent: otherbot\nDisallow: /\n", "/x"));
    /* "*" followed by other words is still the global group */
    assert_false(allowed("User-agent: * all bots\nDisallow: /\n", "/x"));
    assert_true(allowed("User-agent: *bot\nDisallow: /\n", "/x"));
}

static void test_groups_merge(void **state)
{
    (void)state;
    /* consecutive user-agent lines share one group */
    {
        const char *t = "User-agent: a\nUser-agent: hashwire\n"
                        "User-agent: b\nDisallow: /shared\n";
        assert_false(allowed(t, "/shared"));
        assert_false(allowed_as(t, "b", "/shared"));
    }
    /* a sitemap line does not end the user-agent lines */
    assert_false(allowed("User-agent: hashwire\nSitemap: /s.xml\n"
                         "User-agent: x\nDisallow: /a\n",
                         "/a"));
    /* a rule ends the group: the next user-agent starts a new one */
    {
        const char *t = "User-agent: hashwire\nDisallow: /a\n"
                        "User-agent: other\nDisallow: /b\n";
        assert_false(allowed(t, "/a"));
        assert_true(allowed(t, "/b"));
    }
    /* RFC 9309 2.2.1: the groups for our token are merged */
    {
        const char *t = "User-agent: hashwire\nDisallow: /a\n"
                        "User-agent: *\nDisallow: /c\n"
                        "User-agent: hashwire\nDisallow: /b\n";
        assert_false(allowed(t, "/a"));
        assert_false(allowed(t, "/b"));
        assert_true(allowed(t, "/c"));
    }
    /* "*" groups merge too */
    {
        const char *t = "User-agent: *\nDisallow: /a\n"
                        "User-agent: x\nDisallow: /b\n"
                        "User-agent: *\nDisallow: /c\n";
        assert_false(allowed(t, "/a"));
        assert_true(allowed(t, "/b"));
        assert_false(allowed(t, "/c"));
    }
    /* rules before any user-agent line are ignored */
    assert_true(allowed("Disallow: /\nUser-agent: *\nDisallow: /x\n", "/a"));
    assert_true(allowed("Disallow: /\n", "/a"));
    /* our group with no rules at all: everything allowed, "*" ignored */
    assert_true(allowed("User-agent: *\nDisallow: /\n"
                        "User-agent: hashwire\n",
                        "/x"));
    /* a blank line does not split user-agent lines */
    assert_false(allowed("User-agent: hashwire\n\nUser-agent: *\n"
                         "Disallow: /\n",
                         "/x"));
}

static void test_most_specific(void **state)
{
    const char *t = "User-agent: hashwire-news\nDisallow: /news-only\n"
                    "User-agent: *\nDisallow: /star\n"
                    "User-agent: hashwire\nDisallow: /plain\n";

    (void)state;
    /* hashwire-news: its own group, the most specific */
    assert_false(allowed_as(t, "hashwire-news", "/news-only"));
    assert_true(allowed_as(t, "hashwire-news", "/plain"));
    assert_true(allowed_as(t, "hashwire-news", "/star"));
    /* hashwire-images: no group of its own, "hashwire" is more specific
     * than "*" */
    assert_false(allowed_as(t, "hashwire-images/1.0", "/plain"));
    assert_true(allowed_as(t, "hashwire-images", "/star"));
    /* plain hashwire: not the -news group */
    assert_true(allowed_as(t, "hashwire", "/news-only"));
    assert_false(allowed_as(t, "hashwire", "/plain"));
    /* the order in the file does not matter */
    assert_false(allowed_as("User-agent: hashwire\nDisallow: /p\n"
                            "User-agent: hashwire-news\nDisallow: /n\n",
                            "hashwire-news", "/n"));
    assert_true(allowed_as("User-agent: hashwire\nDisallow: /p\n"
                           "User-agent: hashwire-news\nDisallow: /n\n",
                           "hashwire-news", "/p"));
}

static void test_lines(void **state)
{
    (void)state;
    /* LF, CRLF, CR alone */
    assert_false(allowed("User-agent: *\nDisallow: /a\n", "/a"));
    assert_false(allowed("User-agent: *\r\nDisallow: /a\r\n", "/a"));
    assert_false(allowed("User-agent: *\rDisallow: /a\r", "/a"));
    assert_false(allowed("User-agent: *\r\n\r\nDisallow: /a", "/a"));
    assert_false(allowed("User-agent: *\n\rDisallow: /a", "/a"));
    /* no final newline */
    assert_false(allowed("User-agent: *\nDisallow: /a", "/a"));
    /* the value ends before a CR */
    assert_true(allowed("User-agent: *\r\nDisallow: /a\r\n", "/b"));
    /* comments, everywhere */
    assert_false(allowed("# top\nUser-agent: * # all\n"
                         "Disallow: /a # not /b\n# Disallow: /b\n",
                         "/a"));
    assert_true(allowed("# top\nUser-agent: * # all\n"
                        "Disallow: /a # not /b\n# Disallow: /b\n",
                        "/b"));
    assert_true(allowed("User-agent: *\nDisallow: #/a\n", "/a"));
    /* a UTF-8 byte order mark */
    assert_false(allowed("\xEF\xBB\xBFUser-agent: *\nDisallow: /a\n", "/a"));
    /* keys without case, white space around keys and values */
    assert_false(allowed("USER-AGENT:*\nDISALLOW:/a\n", "/a"));
    assert_false(allowed("  user-agent  :  *  \n\tdisallow\t:\t/a\t\n", "/a"));
    /* a few misspellings, and white space for a missing colon */
    assert_false(allowed("useragent: *\ndissallow: /a\n", "/a"));
    assert_false(allowed("User agent: *\ndisalow: /a\n", "/a"));
    assert_false(allowed("User-agent *\nDisallow /a\n", "/a"));
    /* unknown keys are ignored */
    assert_true(allowed("User-agent: *\nNoindex: /a\nDisalloww: /a\n", "/a"));
    assert_true(allowed("User-agent: *\nDisallow\n", "/a"));
}

static void test_precedence(void **state)
{
    (void)state;
    /* the longest matching pattern wins */
    assert_true(allowed("User-agent: *\nAllow: /p\nDisallow: /\n", "/page"));
    assert_false(allowed("User-agent: *\nAllow: /p\nDisallow: /pa\n", "/page"));
    assert_true(
        allowed("User-agent: *\nDisallow: /pa\nAllow: /pag\n", "/page"));
    /* a tie goes to allow, whatever the order */
    assert_true(allowed("User-agent: *\nAllow: /folder\nDisallow: /folder\n",
                        "/folder/page"));
    assert_true(allowed("User-agent: *\nDisallow: /folder\nAllow: /folder\n",
                        "/folder/page"));
    /* a wildcard pattern counts its length as written */
    assert_false(allowed("User-agent: *\nAllow: /page\nDisallow: /*.htm\n",
                         "/page.htm"));
    assert_true(
        allowed("User-agent: *\nAllow: /page\nDisallow: /*.ht\n", "/page.htm"));
    /* "/$" against "/" */
    {
        const char *t = "User-agent: *\nAllow: /$\nDisallow: /\n";
        assert_true(allowed(t, "/"));
        assert_true(allowed(t, ""));
        assert_false(allowed(t, "/page.htm"));
        assert_false(allowed(t, "/?x"));
    }
    /* a longer pattern that does not match does not count */
    assert_true(
        allowed("User-agent: *\nAllow: /a\nDisallow: /abcdef\n", "/abc"));
    /* an RFC 9309 style file */
    {
        const char *t = "User-agent: *\n"
                        "Disallow: *.gif$\n"
                        "Disallow: /example/\n"
                        "Allow: /publications/\n"
                        "\n"
                        "User-agent: hashwire\n"
                        "Disallow: /\n"
                        "Allow: /example/page.html\n"
                        "Allow: /example/allowed.gif\n"
                        "\n"
                        "User-agent: barbot\n"
                        "User-agent: bazbot\n"
                        "Disallow: /example/page.html\n"
                        "\n"
                        "User-agent: quxbot\n";
        assert_true(allowed(t, "/example/page.html"));
        assert_true(allowed(t, "/example/allowed.gif"));
        assert_false(allowed(t, "/example/other.html"));
        assert_false(allowed(t, "/publications/"));
        assert_false(allowed_as(t, "x", "/a/b.gif"));
        assert_true(allowed_as(t, "x", "/a/b.gif?v=1"));
        assert_false(allowed_as(t, "x", "/example/x"));
        assert_true(allowed_as(t, "x", "/publications/x"));
        assert_false(allowed_as(t, "bazbot", "/example/page.html"));
        assert_true(allowed_as(t, "barbot", "/example/other.html"));
        assert_true(allowed_as(t, "quxbot", "/example/x.gif"));
    }
}

struct mcase {
    const char *path;
    int match;
};

/* Check that pattern (as a disallow rule) matches exactly as listed. */
static void check_pattern(const char *pattern, const struct mcase *c)
{
    char txt[256];
    struct fetch_robots *r;

    snprintf(txt, sizeof txt, "User-agent: *\nDisallow: %s\n", pattern);
    r = fetch_robots_parse(txt, strlen(txt), AGENT);
    for (; c->path; c++) {
        if (fetch_robots_allowed(r, c->path) != !c->match)
            fail_msg("pattern %s, path %s: expected %s", pattern, c->path,
                     c->match ? "match" : "no match");
    }
    fetch_robots_free(r);
}

static void test_wildcards(void **state)
{
    (void)state;
    check_pattern("/", (struct mcase[]){{"/", 1}, {"/x/y", 1}, {NULL, 0}});
    check_pattern("/*", (struct mcase[]){{"/", 1}, {"/x/y", 1}, {NULL, 0}});
    check_pattern("*", (struct mcase[]){{"/", 1}, {"/x", 1}, {NULL, 0}});
    check_pattern("/$", (struct mcase[]){{"/", 1}, {"/x", 0}, {NULL, 0}});
    check_pattern("/fish", (struct mcase[]){{"/fish", 1},
                                            {"/fish.html", 1},
                                            {"/fish/salmon.html", 1},
                                            {"/fishheads", 1},
                                            {"/fishheads/yummy.html", 1},
                                            {"/fish.php?id=anything", 1},
                                            {"/Fish.asp", 0},
                                            {"/catfish", 0},
                                            {"/?id=fish", 0},
                                            {"/desert/fish", 0},
                                            {NULL, 0}});
    check_pattern("/fish*", (struct mcase[]){{"/fish", 1},
                                             {"/fishheads", 1},
                                             {"/Fish.asp", 0},
                                             {"/catfish", 0},
                                             {NULL, 0}});
    check_pattern("/fish/", (struct mcase[]){{"/fish/", 1},
                                             {"/fish/?id=anything", 1},
                                             {"/fish/salmon.htm", 1},
                                             {"/fish", 0},
                                             {"/fish.html", 0},
                                             {"/animals/fish/", 0},
                                             {"/Fish/Salmon.asp", 0},
                                             {NULL, 0}});
    check_pattern("/*.php", (struct mcase[]){{"/index.php", 1},
                                             {"/filename.php", 1},
                                             {"/folder/filename.php", 1},
                                             {"/folder/filename.php?p", 1},
                                             {"/folder/any.php.file.html", 1},
                                             {"/filename.php/", 1},
                                             {"/", 0},
                                             {"/windows.PHP", 0},
                                             {NULL, 0}});
    check_pattern("/*.php$", (struct mcase[]){{"/filename.php", 1},
                                              {"/folder/filename.php", 1},
                                              {"/filename.php?p", 0},
                                              {"/filename.php/", 0},
                                              {"/filename.php5", 0},
                                              {"/windows.PHP", 0},
                                              {NULL, 0}});
    check_pattern("/fish*.php", (struct mcase[]){{"/fish.php", 1},
                                                 {"/fishheads/cat.php?p", 1},
                                                 {"/Fish.PHP", 0},
                                                 {NULL, 0}});
    /* '$' is an anchor only at the end; elsewhere a plain byte */
    check_pattern(
        "/a$b",
        (struct mcase[]){{"/a$b", 1}, {"/a$bc", 1}, {"/ab", 0}, {NULL, 0}});
    check_pattern(
        "/a**b",
        (struct mcase[]){{"/ab", 1}, {"/a/x/b", 1}, {"/a", 0}, {NULL, 0}});
    check_pattern(
        "/*a*b*$",
        (struct mcase[]){{"/ab", 1}, {"/xaxbx", 1}, {"/ba", 0}, {NULL, 0}});
    check_pattern(
        "/*ab$",
        (struct mcase[]){{"/aab", 1}, {"/abab", 1}, {"/aba", 0}, {NULL, 0}});
    check_pattern("/*abab*x", (struct mcase[]){{"/ababab_x", 1},
                                               {"/aabaabab/x", 1},
                                               {"/abaxbab", 0},
                                               {NULL, 0}});
    /* a pattern without a leading '/' gets one */
    check_pattern("fish",
                  (struct mcase[]){{"/fish", 1}, {"/catfish", 0}, {NULL, 0}});
    /* the query takes part */
    check_pattern("/*?sort=", (struct mcase[]){{"/list?sort=up", 1},
                                               {"/list?page=2&sort=up", 0},
                                               {"/list", 0},
                                               {NULL, 0}});
    check_pattern("/*sort=",
                  (struct mcase[]){{"/list?page=2&sort=up", 1}, {NULL, 0}});
}

static void test_percent(void **state)
{
    (void)state;
    /* escapes of unreserved characters equal the characters */
    check_pattern("/%7Ejoe", (struct mcase[]){{"/~joe/x", 1},
                                              {"/%7ejoe", 1},
                                              {"/%7Ejoe", 1},
                                              {NULL, 0}});
    check_pattern("/~joe",
                  (struct mcase[]){{"/%7Ejoe", 1}, {"/%7ejoe", 1}, {NULL, 0}});
    check_pattern("/%61b", (struct mcase[]){{"/ab", 1}, {NULL, 0}});
    /* reserved characters stay escaped: %2F is not '/' */
    check_pattern(
        "/a%2Fb",
        (struct mcase[]){{"/a%2fb", 1}, {"/a%2Fb", 1}, {"/a/b", 0}, {NULL, 0}});
    check_pattern("/a/b", (struct mcase[]){{"/a%2Fb", 0}, {NULL, 0}});
    /* raw UTF-8 in a rule compares as its escapes, any hex case */
    check_pattern("/f\xC3\xBC\x72", (struct mcase[]){{"/f%C3%BCr", 1},
                                                     {"/f%c3%bcr", 1},
                                                     {"/f\xC3\xBCr", 1},
                                                     {"/fur", 0},
                                                     {NULL, 0}});
    check_pattern("/f%c3%bcr", (struct mcase[]){{"/f\xC3\xBCr", 1}, {NULL, 0}});
    /* a space, a stray '%' */
    check_pattern("/a b",
                  (struct mcase[]){{"/a%20b", 1}, {"/a b", 1}, {NULL, 0}});
    check_pattern(
        "/100%",
        (struct mcase[]){{"/100%25", 1}, {"/100%", 1}, {"/100", 0}, {NULL, 0}});
    /* an escaped '*' is a literal '*', not a wildcard */
    check_pattern(
        "/a%2Ab",
        (struct mcase[]){{"/a*b", 1}, {"/a%2ab", 1}, {"/axb", 0}, {NULL, 0}});
    /* the path: a fragment is ignored, a missing '/' is added */
    check_pattern("/x$", (struct mcase[]){{"/x#frag", 1}, {"x", 1}, {NULL, 0}});
    check_pattern("/?q", (struct mcase[]){{"?q=1", 1}, {NULL, 0}});
}

static void test_crawl_delay(void **state)
{
    struct fetch_robots *r;
    const char *t = "User-agent: *\nCrawl-delay: 7\nDisallow: /x\n"
                    "User-agent: hashwire\nCrawl-delay: 2.5\n"
                    "User-agent: hashwire\nCrawl-delay: 1\n";

    (void)state;
    r = fetch_robots_parse(t, strlen(t), AGENT);
    /* two hashwire groups merged: the larger delay */
    assert_true(fetch_robots_crawl_delay(r) == 2.5);
    assert_true(fetch_robots_allowed(r, "/x"));
    fetch_robots_free(r);
    r = fetch_robots_parse(t, strlen(t), "other");
    assert_true(fetch_robots_crawl_delay(r) == 7);
    assert_false(fetch_robots_allowed(r, "/x"));
    fetch_robots_free(r);
    {
        static const struct {
            const char *txt;
            double want;
        } c[] = {
            {"User-agent: *\nCrawl-delay: 10\n", 10},
            {"User-agent: *\ncrawl-delay:0.5 # half\n", 0.5},
            {"User-agent: *\nCrawl-delay: .25\n", 0.25},
            {"User-agent: *\nCrawl-delay: 3 seconds\n", 3},
            {"User-agent: *\nCrawl-delay: soon\n", 0},
            {"User-agent: *\nCrawl-delay: -5\n", 0},
            {"User-agent: *\nCrawl-delay:\n", 0},
            {"User-agent: *\nCrawl-delay: 99999999999999999999999\n", 86400},
            {"Crawl-delay: 5\nUser-agent: *\n", 0},
            {"User-agent: other\nCrawl-delay: 5\n", 0},
        };
        size_t i;
        for (i = 0; i < sizeof c / sizeof c[0]; i++) {
            r = fetch_robots_parse(c[i].txt, strlen(c[i].txt), AGENT);
            if (fetch_robots_crawl_delay(r) != c[i].want)
                fail_msg("case %zu: %g", i, fetch_robots_crawl_delay(r));
            fetch_robots_free(r);
        }
    }
}

static void test_for_status(void **state)
{
    const char *body = "User-agent: *\nDisallow: /private\n";
    size_t n = strlen(body);
    static const struct {
        long status;
        int allow_x, allow_private;
    } c[] = {
        {200, 1, 0}, {203, 1, 0}, {299, 1, 0}, /* 2xx: parsed */
        {400, 1, 1}, {401, 1, 1}, {403, 1, 1}, /* 4xx: unavailable */
        {404, 1, 1}, {410, 1, 1}, {429, 1, 1}, {499, 1, 1},
        {301, 1, 1}, {302, 1, 1}, {308, 1, 1}, /* endless redirects */
        {500, 0, 0}, {503, 0, 0}, {599, 0, 0}, /* unreachable */
        {0, 0, 0},   {-1, 0, 0},  {100, 0, 0}, {600, 0, 0},
    };
    struct fetch_robots *r;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof c / sizeof c[0]; i++) {
        r = fetch_robots_for_status(c[i].status, body, n, AGENT);
        assert_non_null(r);
        if (fetch_robots_allowed(r, "/x") != c[i].allow_x ||
            fetch_robots_allowed(r, "/private/a") != c[i].allow_private)
            fail_msg("status %ld", c[i].status);
        /* robots.txt itself stays fetchable, also after a 5xx */
        assert_true(fetch_robots_allowed(r, "/robots.txt"));
        assert_true(fetch_robots_crawl_delay(r) == 0);
        fetch_robots_free(r);
    }
    /* a 2xx with an empty body */
    r = fetch_robots_for_status(204, NULL, 0, AGENT);
    assert_true(fetch_robots_allowed(r, "/x"));
    fetch_robots_free(r);
    r = fetch_robots_allow_all();
    assert_true(fetch_robots_allowed(r, "/x"));
    fetch_robots_free(r);
    r = fetch_robots_deny_all();
    assert_false(fetch_robots_allowed(r, "/"));
    assert_true(fetch_robots_allowed(r, "/robots.txt"));
    fetch_robots_free(r);
}

/* ---- hostile inputs ------------------------------------------------- */

static void test_big_file(void **state)
{
    size_t cap = 10u << 20, n = 0, beyond = 0, line;
    char *t = malloc(cap + 1), path[64];
    struct fetch_robots *r;

    (void)state;
    assert_non_null(t);
    n += (size_t)snprintf(t, cap, "User-agent: *\nDisallow: /early\n");
    while (n + 64 < cap) {
        if (!beyond && n > 600 * 1024)
            beyond = n;
        n += (size_t)snprintf(t + n, cap - n, "Disallow: /late%zu$\n", n);
    }
    t[n] = '\0';
    r = fetch_robots_parse(t, n, AGENT);
    assert_false(fetch_robots_allowed(r, "/early"));
    /* a rule inside the first 500 KiB counts, one past it does not */
    assert_false(fetch_robots_allowed(r, "/late31"));
    snprintf(path, sizeof path, "/late%zu", beyond);
    assert_true(fetch_robots_allowed(r, path));
    fetch_robots_free(r);

    /* the line cut by the limit is dropped, not shortened to "/abc" */
    n = (size_t)snprintf(t, cap, "User-agent: *\n");
    memset(t + n, '#', FETCH_ROBOTS_MAX_BYTES - n);
    n = FETCH_ROBOTS_MAX_BYTES - 14;
    t[n - 1] = '\n';
    line = (size_t)snprintf(t + n, cap - n, "Disallow: /abcdefgh\n");
    r = fetch_robots_parse(t, n + line, AGENT);
    assert_true(fetch_robots_allowed(r, "/abc"));
    assert_true(fetch_robots_allowed(r, "/abcdefgh"));
    fetch_robots_free(r);
    /* ... while one ending right at the limit is kept */
    n = FETCH_ROBOTS_MAX_BYTES - 20;
    t[n - 1] = '\n';
    line = (size_t)snprintf(t + n, cap - n, "Disallow: /abcdefgh\n");
    assert_int_equal(line, 20);
    memcpy(t + n + line, "Disallow: /zz\n", 14);
    r = fetch_robots_parse(t, n + line + 14, AGENT);
    assert_false(fetch_robots_allowed(r, "/abcdefgh"));
    assert_true(fetch_robots_allowed(r, "/zz"));
    fetch_robots_free(r);
    free(t);
}

static void test_long_line(void **state)
{
    size_t k = 100000, n;
    char *t = malloc(3 * k + 100), *path = malloc(k + 2);
    struct fetch_robots *r;

    (void)state;
    assert_non_null(t);
    assert_non_null(path);
    /* a 100k-character rule can match no path we compare: dropped */
    n = (size_t)snprintf(t, 100, "User-agent: *\nDisallow: /");
    memset(t + n, 'a', k);
    n += k;
    n += (size_t)snprintf(t + n, 100, "\nDisallow: /b\n");
    r = fetch_robots_parse(t, n, AGENT);
    assert_true(fetch_robots_allowed(r, "/aaaa"));
    assert_false(fetch_robots_allowed(r, "/b"));
    path[0] = '/';
    memset(path + 1, 'a', k);
    path[k + 1] = '\0';
    /* a path over FETCH_URL_MAX: disallowed */
    assert_false(fetch_robots_allowed(r, path));
    /* one that only grows over it when escaped */
    memset(path + 1, ' ', 4000);
    path[4001] = '\0';
    assert_false(fetch_robots_allowed(r, path));
    path[2000] = '\0';
    assert_true(fetch_robots_allowed(r, path));
    fetch_robots_free(r);

    /* a 100k-character comment, user-agent and unknown line */
    n = 0;
    memset(t, '#', k);
    n = k;
    n += (size_t)snprintf(t + n, 100, "\nUser-agent: ");
    memset(t + n, 'h', k);
    n += k;
    n += (size_t)snprintf(t + n, 100, "\nUser-agent: *\nDisallow: /c\nx");
    memset(t + n, ':', k);
    n += k;
    r = fetch_robots_parse(t, n, AGENT);
    assert_false(fetch_robots_allowed(r, "/c"));
    fetch_robots_free(r);
    /* a 100k-character wildcard rule still ends fast */
    n = (size_t)snprintf(t, 100, "User-agent: *\nDisallow: /");
    for (size_t i = 0; i < k / 2; i++) {
        t[n++] = '*';
        t[n++] = (char)('a' + i % 2);
    }
    r = fetch_robots_parse(t, n, AGENT);
    assert_true(fetch_robots_allowed(r, "/abab"));
    fetch_robots_free(r);
    free(t);
    free(path);
}

static void test_junk(void **state)
{
    size_t n = 1u << 20, i;
    unsigned char *t = malloc(n);
    uint32_t x = 2463534242u;
    struct fetch_robots *r;
    char path[64];

    (void)state;
    assert_non_null(t);
    for (i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        t[i] = (unsigned char)x;
    }
    r = fetch_robots_parse((const char *)t, n, AGENT);
    assert_true(fetch_robots_allowed(r, "/robots.txt"));
    for (i = 0; i < 64; i++) {
        size_t j;
        for (j = 0; j + 1 < sizeof path; j++)
            path[j] = (char)(t[i * 64 + j] | 1);
        path[sizeof path - 1] = '\0';
        assert_true(fetch_robots_allowed(r, path) <= 1);
    }
    fetch_robots_free(r);
    /* junk with a real group inside it */
    memcpy(t + 400000, "\nUser-agent: *\nDisallow: /j\n", 28);
    r = fetch_robots_parse((const char *)t, n, AGENT);
    assert_false(fetch_robots_allowed(r, "/j"));
    fetch_robots_free(r);
    free(t);
}

static void test_nul_bytes(void **state)
{
    static const char t[] = "User-agent: *\n\0\0\0\nDisallow: /a\n"
                            "Disallow: /b\0c\n"
                            "\0Disallow: /d\n"
                            "Disallow: /e\n";
    struct fetch_robots *r;

    (void)state;
    r = fetch_robots_parse(t, sizeof t - 1, AGENT);
    assert_false(fetch_robots_allowed(r, "/a"));
    /* the NUL is part of the pattern: no path holds one */
    assert_true(fetch_robots_allowed(r, "/b"));
    assert_true(fetch_robots_allowed(r, "/bc"));
    /* "\0Disallow" is no key */
    assert_true(fetch_robots_allowed(r, "/d"));
    assert_false(fetch_robots_allowed(r, "/e"));
    fetch_robots_free(r);
}

static void test_many_rules(void **state)
{
    size_t cap = 1u << 20, n = 0, i;
    char *t = malloc(cap);
    struct fetch_robots *r;
    char path[64];

    (void)state;
    assert_non_null(t);
    n += (size_t)snprintf(t, cap, "User-agent: *\nAllow: /p5000/ok\n");
    for (i = 0; i < 10000; i++)
        n += (size_t)snprintf(t + n, cap - n, "Disallow: /p%zu/\n", i);
    r = fetch_robots_parse(t, n, AGENT);
    assert_false(fetch_robots_allowed(r, "/p0/x"));
    assert_false(fetch_robots_allowed(r, "/p9999/x"));
    assert_true(fetch_robots_allowed(r, "/p5000/ok"));
    assert_true(fetch_robots_allowed(r, "/p10000/x"));
    for (i = 0; i < 1000; i++) {
        snprintf(path, sizeof path, "/q%zu/x", i);
        assert_true(fetch_robots_allowed(r, path));
    }
    fetch_robots_free(r);

    /* past FETCH_ROBOTS_MAX_RULES the rest are ignored */
    n = (size_t)snprintf(t, cap, "User-agent: *\n");
    for (i = 0; i < FETCH_ROBOTS_MAX_RULES + 100; i++)
        n += (size_t)snprintf(t + n, cap - n, "Disallow: /r%zu$\n", i);
    r = fetch_robots_parse(t, n, AGENT);
    snprintf(path, sizeof path, "/r%d", FETCH_ROBOTS_MAX_RULES - 1);
    assert_false(fetch_robots_allowed(r, path));
    snprintf(path, sizeof path, "/r%d", FETCH_ROBOTS_MAX_RULES + 1);
    assert_true(fetch_robots_allowed(r, path));
    fetch_robots_free(r);
    free(t);
}

static void test_pathological(void **state)
{
    size_t cap = 1u << 20, n, i;
    char *t = malloc(cap), *path = malloc(8200);
    struct fetch_robots *r;
    double t0;

    (void)state;
    assert_non_null(t);
    assert_non_null(path);
    /* "/ *a*a*a...*a$" (without the space; 4000 stars), and the same
     * ending in "b$", against 8000 'a's: exponential for naive
     * backtracking */
    n = (size_t)snprintf(t, cap, "User-agent: *\nAllow: /");
    for (i = 0; i < 4000; i++)
        n += (size_t)snprintf(t + n, cap - n, "*a");
    n += (size_t)snprintf(t + n, cap - n, "b$\nDisallow: /");
    for (i = 0; i < 4000; i++)
        n += (size_t)snprintf(t + n, cap - n, "*a");
    n += (size_t)snprintf(t + n, cap - n, "$\n");
    path[0] = '/';
    memset(path + 1, 'a', 8000);
    path[8001] = '\0';
    t0 = now_s();
    r = fetch_robots_parse(t, n, AGENT);
    assert_false(fetch_robots_allowed(r, path));
    path[4000] = '\0'; /* 3999 'a's: too few for 4000 */
    assert_true(fetch_robots_allowed(r, path));
    path[4000] = 'a';
    path[8000] = 'b'; /* 7999 'a's, then 'b' */
    assert_true(fetch_robots_allowed(r, path));
    fetch_robots_free(r);

    /* 2000 rules "/ *aaaa...ab*a" (without the space; long segments, the
     * worst case of a naive search) against 8000 'a's, 10 lookups */
    n = (size_t)snprintf(t, cap, "User-agent: *\n");
    for (i = 0; i < 2000; i++) {
        n += (size_t)snprintf(t + n, cap - n, "Disallow: /*");
        memset(t + n, 'a', 200 + i % 50);
        n += 200 + i % 50;
        n += (size_t)snprintf(t + n, cap - n, "b*a\n");
    }
    path[8000] = 'a';
    t0 = now_s();
    r = fetch_robots_parse(t, n, AGENT);
    for (i = 0; i < 10; i++)
        assert_true(fetch_robots_allowed(r, path));
    fetch_robots_free(r);
    print_message("pathological: 2000 rules x 10 lookups of 8000 bytes "
                  "in %.3f s\n",
                  now_s() - t0);
    free(t);
    free(path);
}

/* ---- against a reference --------------------------------------------- */

static void test_reference(void **state)
{
    static const char pat_alpha[] = "/ab*$";
    static const char path_alpha[] = "/ab$";
    uint32_t x = 88172645u;
    int round;

    (void)state;
    for (round = 0; round < 20000; round++) {
        char a[16], d[16], path[24], txt[96];
        size_t i, an, dn, pn;
        int ap, dp, am, dm, want;
        struct fetch_robots *r;

#define RND() (x ^= x << 13, x ^= x >> 17, x ^= x << 5, x)
        an = RND() % 8;
        dn = RND() % 8;
        pn = RND() % 12;
        for (i = 0; i < an; i++)
            a[i] = pat_alpha[RND() % 5];
        for (i = 0; i < dn; i++)
            d[i] = pat_alpha[RND() % 5];
        path[0] = '/';
        for (i = 1; i < pn + 1; i++)
            path[i] = path_alpha[RND() % 4];
        a[an] = d[dn] = path[pn + 1] = '\0';
#undef RND
        am = robots_ref_rule(a, path, &ap);
        dm = robots_ref_rule(d, path, &dp);
        if (am && (!dm || ap >= dp))
            want = 1;
        else if (dm)
            want = 0;
        else
            want = 1;
        snprintf(txt, sizeof txt, "User-agent: *\nAllow: %s\nDisallow: %s\n", a,
                 d);
        r = fetch_robots_parse(txt, strlen(txt), AGENT);
        if (fetch_robots_allowed(r, path) != want)
            fail_msg("allow '%s' disallow '%s' path '%s': want %d", a, d, path,
                     want);
        fetch_robots_free(r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_disallow_all),
        cmocka_unit_test(test_groups),
        cmocka_unit_test(test_groups_merge),
        cmocka_unit_test(test_most_specific),
        cmocka_unit_test(test_lines),
        cmocka_unit_test(test_precedence),
        cmocka_unit_test(test_wildcards),
        cmocka_unit_test(test_percent),
        cmocka_unit_test(test_crawl_delay),
        cmocka_unit_test(test_for_status),
        cmocka_unit_test(test_big_file),
        cmocka_unit_test(test_long_line),
        cmocka_unit_test(test_junk),
        cmocka_unit_test(test_nul_bytes),
        cmocka_unit_test(test_many_rules),
        cmocka_unit_test(test_pathological),
        cmocka_unit_test(test_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
