/*
 * robots.c - libFuzzer harness for the robots.txt parser and matcher
 * (src/fetch/robots.c).
 *
 * Any bytes parse, for two agents; fixed paths and one taken from the
 * input (its first line) must give 0 or 1, the same answer twice, and
 * "/robots.txt" always 1; an overlong path gives 0 (checked for one
 * input in 16, as it is slow under the sanitizers); the crawl-delay stays
 * within 0..86400; fetch_robots_for_status() with a status from the
 * input is never NULL.  The first bytes also build a small allow/disallow pair
 * over the alphabet "/ab*$" and a path over "/ab$", whose answer is
 * checked against a plain dynamic-programming matcher.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fetch/robots.h"
#include "../tests/fetch/robots_ref.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const paths[] = {
    "/",
    "",
    "/a/b?c=d",
    "/%7Efoo",
    "/~foo",
    "/fish.php",
    "/*",
    "/$",
    "/a%2Fb",
    "/f%C3%BCr",
    "/x#y",
    "?q=1",
    "/admin/",
    "/private",
    "/robots.txt?x",
    "/\xC3\xA9t\xC3\xA9",
    NULL,
};

static void check_path(const struct fetch_robots *r, const char *path)
{
    int a = fetch_robots_allowed(r, path);

    if ((a != 0 && a != 1) || fetch_robots_allowed(r, path) != a)
        abort();
}

static void check(const struct fetch_robots *r, const char *own,
                  const char *longpath)
{
    double d = fetch_robots_crawl_delay(r);
    size_t i;

    for (i = 0; paths[i]; i++)
        check_path(r, paths[i]);
    check_path(r, own);
    if (fetch_robots_allowed(r, "/robots.txt") != 1)
        abort();
    if (longpath && fetch_robots_allowed(r, longpath) != 0)
        abort();
    if (!(d >= 0 && d <= 86400))
        abort();
}

static void differential(const uint8_t *data, size_t size)
{
    char a[8], d[8], path[12], txt[80];
    size_t an, dn, pn, i, k;
    int ap, dp, am, dm, want;
    struct fetch_robots *r;

    if (size < 2)
        return;
    an = data[0] % 8;
    dn = (data[0] >> 3) % 8;
    pn = data[1] % 11;
    k = 2;
#define NEXT() (k < size ? data[k++] : 0)
    for (i = 0; i < an; i++)
        a[i] = "/ab*$"[NEXT() % 5];
    for (i = 0; i < dn; i++)
        d[i] = "/ab*$"[NEXT() % 5];
    path[0] = '/';
    for (i = 1; i <= pn; i++)
        path[i] = "/ab$"[NEXT() % 4];
#undef NEXT
    a[an] = d[dn] = path[pn + 1] = '\0';
    am = robots_ref_rule(a, path, &ap);
    dm = robots_ref_rule(d, path, &dp);
    want = !dm || (am && ap >= dp);
    snprintf(txt, sizeof txt, "User-agent: *\nAllow: %s\nDisallow: %s\n", a, d);
    r = fetch_robots_parse(txt, strlen(txt), "hashwire");
    if (fetch_robots_allowed(r, path) != want) {
        fprintf(stderr, "allow '%s' disallow '%s' path '%s': want %d\n", a, d,
                path, want);
        abort();
    }
    fetch_robots_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *txt = (const char *)data;
    char own[1025], *longpath;
    struct fetch_robots *r;
    size_t i;
    long status;

    /* the input's first line, up to 1024 bytes, as a path */
    for (i = 0; i < size && i < 1024 && data[i] != '\n' && data[i] != '\r' &&
                data[i] != '\0';
         i++)
        own[i] = (char)data[i];
    own[i] = '\0';
    longpath = NULL;
    if (size % 16 == 0) {
        longpath = malloc(9002);
        if (!longpath)
            return 0;
        longpath[0] = '/';
        memset(longpath + 1, 'a', 9000);
        longpath[9001] = '\0';
    }

    r = fetch_robots_parse(txt, size, "hashwire");
    check(r, own, longpath);
    fetch_robots_free(r);
    r = fetch_robots_parse(txt, size, "HashWire-News/1.0");
    check(r, own, NULL);
    fetch_robots_free(r);

    status = size ? (long)(data[0] % 7) * 100 + (long)(data[size - 1] % 3) : 0;
    r = fetch_robots_for_status(status, txt, size, NULL);
    if (!r)
        abort();
    check(r, own, NULL);
    fetch_robots_free(r);
    free(longpath);

    differential(data, size);
    return 0;
}
