/*
 * url.c - resolve a URI reference against a base URI, RFC 3986 section 5
 * ("Reference Resolution"): split both into scheme, authority, path,
 * query and fragment (5.2.2), merge the paths (5.2.3) and remove the dot
 * segments (5.2.4).
 *
 * No percent-decoding, no case folding, no normalisation beyond what the
 * algorithm asks for: feeds and pages compare links byte for byte after
 * this, and fetch/ canonicalises separately.  A reference with a scheme is
 * returned as it is (dot segments removed), whatever the scheme; deciding
 * whether javascript: is allowed is the sanitiser's job.
 */
#include "feed/feed_int.h"

#include <string.h>

struct uri {
    struct hw_str scheme, auth, path, query, frag;
    int has_scheme, has_auth, has_query, has_frag;
};

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Split s by the regular expression of RFC 3986 appendix B. */
static void uri_split(const char *s, size_t n, struct uri *u)
{
    size_t i = 0, j;
    memset(u, 0, sizeof *u);
    if (n > 0 && is_alpha(s[0])) {
        for (j = 1; j < n; j++) {
            char c = s[j];
            if (!(is_alpha(c) || (c >= '0' && c <= '9') || c == '+' ||
                  c == '-' || c == '.'))
                break;
        }
        if (j < n && s[j] == ':') {
            u->has_scheme = 1;
            u->scheme = (struct hw_str){s, j};
            i = j + 1;
        }
    }
    if (n - i >= 2 && s[i] == '/' && s[i + 1] == '/') {
        i += 2;
        for (j = i; j < n && s[j] != '/' && s[j] != '?' && s[j] != '#'; j++)
            ;
        u->has_auth = 1;
        u->auth = (struct hw_str){s + i, j - i};
        i = j;
    }
    for (j = i; j < n && s[j] != '?' && s[j] != '#'; j++)
        ;
    u->path = (struct hw_str){s + i, j - i};
    i = j;
    if (i < n && s[i] == '?') {
        for (j = i + 1; j < n && s[j] != '#'; j++)
            ;
        u->has_query = 1;
        u->query = (struct hw_str){s + i + 1, j - i - 1};
        i = j;
    }
    if (i < n && s[i] == '#') {
        u->has_frag = 1;
        u->frag = (struct hw_str){s + i + 1, n - i - 1};
    }
}

/*
 * Append path p with dot segments removed (5.2.4), working on the output
 * buffer from offset start: each "/.." drops the last segment written.
 */
static void add_path_clean(struct hw_buf *b, struct hw_str p)
{
    size_t start = b->len, i = 0;
    while (i < p.len) {
        const char *s = p.p + i;
        size_t left = p.len - i;
        /* A: "../" or "./" prefixes */
        if (left >= 3 && memcmp(s, "../", 3) == 0) {
            i += 3;
        } else if (left >= 2 && memcmp(s, "./", 2) == 0) {
            i += 2;
        /* B: "/./" or "/." at the end */
        } else if (left >= 3 && memcmp(s, "/./", 3) == 0) {
            i += 2;
        } else if (left == 2 && memcmp(s, "/.", 2) == 0) {
            i += 1;
            hw_buf_addc(b, '/');
            i += 1;
        /* C: "/../" or "/.." at the end */
        } else if ((left >= 4 && memcmp(s, "/../", 4) == 0) ||
                   (left == 3 && memcmp(s, "/..", 3) == 0)) {
            size_t k = b->len;
            while (k > start && b->p[k - 1] != '/')
                k--;
            if (k > start)
                k--;
            hw_buf_truncate(b, k);
            if (left == 3) {
                hw_buf_addc(b, '/');
                i += 3;
            } else {
                i += 3;
            }
        /* D: "." or ".." alone */
        } else if ((left == 1 && s[0] == '.') ||
                   (left == 2 && memcmp(s, "..", 2) == 0)) {
            i += left;
        /* E: move the first segment (with its leading '/') */
        } else {
            size_t j = (s[0] == '/') ? 1 : 0;
            while (j < left && s[j] != '/')
                j++;
            hw_buf_add(b, s, j);
            i += j;
        }
    }
}

static void add_tail(struct hw_buf *b, const struct uri *u, int query)
{
    if (query && u->has_query) {
        hw_buf_addc(b, '?');
        hw_buf_add(b, u->query.p, u->query.len);
    }
    if (u->has_frag) {
        hw_buf_addc(b, '#');
        hw_buf_add(b, u->frag.p, u->frag.len);
    }
}

static void add_scheme_auth(struct hw_buf *b, const struct uri *s,
                            const struct uri *a)
{
    hw_buf_add(b, s->scheme.p, s->scheme.len);
    hw_buf_addc(b, ':');
    if (a->has_auth) {
        hw_buf_adds(b, "//");
        hw_buf_add(b, a->auth.p, a->auth.len);
    }
}

int feed_url_resolve(const char *base, const char *ref, struct hw_buf *out)
{
    struct hw_str r = hw_str_trim(hw_str_of(ref));
    struct uri R, B;

    uri_split(r.p, r.len, &R);
    if (R.has_scheme) {
        add_scheme_auth(out, &R, &R);
        add_path_clean(out, R.path);
        add_tail(out, &R, 1);
        return out->err;
    }
    struct hw_str bs = hw_str_trim(hw_str_of(base));
    uri_split(bs.p, bs.len, &B);
    if (!B.has_scheme) {
        /* No usable base: the reference stays relative. */
        hw_buf_add(out, r.p, r.len);
        return out->err;
    }
    if (R.has_auth) {
        add_scheme_auth(out, &B, &R);
        add_path_clean(out, R.path);
        add_tail(out, &R, 1);
        return out->err;
    }
    add_scheme_auth(out, &B, &B);
    if (R.path.len == 0) {
        hw_buf_add(out, B.path.p, B.path.len);
        if (R.has_query) {
            add_tail(out, &R, 1);
        } else {
            if (B.has_query) {
                hw_buf_addc(out, '?');
                hw_buf_add(out, B.query.p, B.query.len);
            }
            add_tail(out, &R, 0);
        }
        return out->err;
    }
    if (R.path.p[0] == '/') {
        add_path_clean(out, R.path);
    } else {
        /* 5.2.3 merge: base path up to its last '/', then the reference */
        struct hw_buf m;
        size_t k = B.path.len;
        hw_buf_init(&m, out->max);
        if (B.has_auth && B.path.len == 0) {
            hw_buf_addc(&m, '/');
        } else {
            while (k > 0 && B.path.p[k - 1] != '/')
                k--;
            hw_buf_add(&m, B.path.p, k);
        }
        hw_buf_add(&m, R.path.p, R.path.len);
        add_path_clean(out, (struct hw_str){m.p, m.len});
        if (m.err && !out->err)
            out->err = m.err;
        hw_buf_release(&m);
    }
    add_tail(out, &R, 1);
    return out->err;
}
