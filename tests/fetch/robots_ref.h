/*
 * robots_ref.h - a slow reading of one robots.txt rule that is plainly
 * right (RFC 9309 2.2.2), to check fetch_robots_allowed() against: the
 * unit test and the fuzz harness (fuzz/robots.c) share it.  Header-only.
 */
#ifndef HW_ROBOTS_REF_H
#define HW_ROBOTS_REF_H

#include <stdlib.h>
#include <string.h>

/* Does pattern p[0..pn) ('*' any run) match all of s[0..sn)?  The
 * textbook O(pn * sn) table. */
static inline int robots_ref_glob(const char *p, size_t pn, const char *s,
                                  size_t sn)
{
    unsigned char *d = calloc((pn + 1) * (sn + 1), 1);
    size_t i, j;
    int r;

    if (!d)
        abort();
#define D(i, j) d[(i) * (sn + 1) + (j)]
    D(0, 0) = 1;
    for (i = 1; i <= pn; i++)
        for (j = 0; j <= sn; j++) {
            if (p[i - 1] == '*')
                D(i, j) = D(i - 1, j) || (j > 0 && D(i, j - 1));
            else
                D(i, j) = j > 0 && D(i - 1, j - 1) && p[i - 1] == s[j - 1];
        }
    r = D(pn, sn);
#undef D
    free(d);
    return r;
}

/* Does the rule raw match path, and with what priority (its length; -1
 * when the rule is empty, which is no rule)?  A rule not starting with
 * '/' or '*' is read with a '/' before it; '$' at its end anchors it. */
static inline int robots_ref_rule(const char *raw, const char *path,
                                  int *prio)
{
    size_t n = strlen(raw), k = 0;
    int anchored = 0, r;
    char *p;

    *prio = -1;
    if (n == 0)
        return 0;
    *prio = (int)n;
    if (raw[n - 1] == '$')
        anchored = 1, n--;
    if (!(p = malloc(n + 2)))
        abort();
    if (n == 0 || (raw[0] != '/' && raw[0] != '*'))
        p[k++] = '/', (*prio)++;
    memcpy(p + k, raw, n);
    k += n;
    if (!anchored)
        p[k++] = '*';
    r = robots_ref_glob(p, k, path, strlen(path));
    free(p);
    return r;
}

#endif
