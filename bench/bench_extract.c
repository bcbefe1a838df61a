/*
 * bench_extract.c - accuracy and speed of the article extractor on three
 * public sets of real pages with ground truth.
 *
 *     bench_extract [--shared DIR] [--per-page FILE] [--dump DIR]
 *                   [--score DIR [--label NAME]] [--list FILE]
 *
 * The sets, under DIR/data/articles (DIR is --shared, else $HW_SHARED,
 * else ../shared):
 *   readability-test-pages/NAME/source.html, truth expected.html (the
 *     article HTML Readability.js is expected to give), made text with
 *     feed_html_text(); page URL http://fakehost/test/page.html, as the
 *     Readability tests use;
 *   newspaper-testdata/html/SITEn.html, truth text/SITEn.txt (pages
 *     without a text are language samples and are skipped); the URL is
 *     found in fulltext_url_list.txt the way newspaper named the files:
 *     the host's last two labels (three for co.uk and com.au) and a
 *     counter per such domain, in list order;
 *   trafilatura-eval-en/html/FILE, truth annotations.jsonl: snippets that
 *     must be in the text ("with") and must not ("without"), and the URL.
 *
 * Token scores (readability and newspaper), per page: both texts are cut
 * into tokens at every byte that is neither an ASCII letter or digit nor
 * part of a non-ASCII character (so words of any script are tokens), with
 * one exception: the Unicode spaces (U+00A0, U+2000-U+200B, U+3000, ...)
 * separate too, so that whether a tool keeps a no-break space or writes a
 * plain one does not change the score.  ASCII is lowercased.  The tokens
 * are matched as multisets (both sorted, then merged): precision is the
 * matched share of the extracted tokens, recall that of the truth, F1
 * their harmonic mean.  An empty text (an error, "no article found")
 * scores 0 on all three.  The set's figure is the mean over its pages,
 * and "F1" alone is the mean per-page F1 over both sets together.
 *
 * Snippet scores (trafilatura), per page: recall is the share of "with"
 * snippets found in the text, precision the share of "without" snippets
 * not found.  Text and snippets first have every run of white space
 * (ASCII or the Unicode spaces above) made one space and are then
 * compared case-sensitively, as trafilatura's own evaluation compares
 * them.  Means are over the pages that have such snippets; F1 is of the
 * two means.  An empty text finds no "with" snippet (recall 0) and no
 * "without" one either (precision 1), as in trafilatura's evaluation.
 *
 * Speed: every page is read into memory first; then extract_page() and
 * extract_free() run over all pages of all three sets on one thread,
 * three passes (fewer when a pass is slow), and the best pass in wall
 * clock time gives pages/s and MB/s of HTML.  Scoring is not timed.
 *
 * --score DIR reads another tool's texts from DIR/SET/PAGE.txt instead of
 * running extract_page() (a missing file is an empty text) and scores
 * them with the very same code; --label NAME names that tool in the
 * figure lines.  --dump DIR writes hashwire's texts in that layout.
 * --per-page FILE writes "set TAB page TAB P TAB R TAB F1" per page (for
 * trafilatura P and R are the snippet figures).  --list FILE writes the
 * pages, "set TAB page TAB url TAB path" ("-" for no URL), and stops: the
 * peer script reads it, so both tools see the same pages.
 *
 * Exit status 0 when it ran, 1 when the data could not be read, 2 on a
 * usage error.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "extract/extract.h"
#include "feed/feed.h"

#define PASSES 3
#define PASS_BUDGET 20.0 /* seconds: no further timed pass after this */
#define TRUTH_MAX ((size_t)8 << 20)
#define READABILITY_URL "http://fakehost/test/page.html"

enum set_id { SET_RDB, SET_NP, SET_TRAF, NSETS };

static const struct {
    const char *dir;   /* under data/articles, and under --score DIR */
    const char *label; /* in the figure lines */
} sets[NSETS] = {
    {"readability-test-pages", "readability-pages"},
    {"newspaper-testdata", "newspaper"},
    {"trafilatura-eval-en", "trafilatura"},
};

/* A sorted multiset of tokens: views into buf, a lowercased copy. */
struct toks {
    char *buf;
    struct hw_str *v;
    size_t n;
};

struct page {
    enum set_id set;
    char *name, *url, *path;
    char *html;
    size_t len;
    struct toks truth;           /* SET_RDB, SET_NP */
    char **with, **without;      /* SET_TRAF, whitespace normalised */
    size_t nwith, nwithout;
    double p, r, f;              /* the page's scores */
    int empty;                   /* the text was empty */
};

struct pages {
    struct page *v;
    size_t n, cap;
    size_t notes; /* newspaper pages left out: no text to score against */
};

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- the extractor ----------------------------------------------------- */

/*
 * The page being extracted, for the crash note: a crash in the extractor
 * on one real page should name the page, not only kill the run.
 */
static const char *volatile cur_set, *volatile cur_page;

static void say(const char *s)
{
    ssize_t r = write(2, s, strlen(s));
    (void)r;
}

static void on_crash(int sig)
{
    if (cur_page) {
        say("bench_extract: extract_page crashed on ");
        say(cur_set);
        say("/");
        say(cur_page);
        say("\n");
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

static void catch_crashes(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_crash;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGFPE, &sa, NULL);
    sigaction(SIGABRT, &sa, NULL);
}

/*
 * The one call of extract_page() in this file, so that a change of its
 * signature takes one line.  The sets keep no HTTP headers, so there is
 * no Content-Type: the page's own <meta> charset or sniffing decides.
 */
static int run_extract(const struct page *pg, struct extract_result **out,
                       struct hw_diag *d)
{
    int rc;

    cur_set = sets[pg->set].dir;
    cur_page = pg->name;
    rc = extract_page(pg->html, pg->len, pg->url, NULL, out, d);
    cur_page = NULL;
    return rc;
}

/* ---- text ------------------------------------------------------------ */

/* The Unicode spaces that separate tokens and count as white space. */
static int is_uspace(uint32_t cp)
{
    return cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) ||
           cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
           cp == 0x3000 || cp == 0xFEFF;
}

/*
 * The length of the separator at s (n > 0 bytes left), 0 when s starts a
 * word character.  ASCII letters and digits are word characters, other
 * ASCII separates; non-ASCII is word unless it is a Unicode space.
 */
static int sep_len(const char *s, size_t n)
{
    unsigned char c = (unsigned char)s[0];
    uint32_t cp;
    int k;

    if (c < 0x80)
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                       (c >= 'A' && c <= 'Z')
                   ? 0
                   : 1;
    k = hw_utf8_decode(s, n, &cp);
    return k > 0 && is_uspace(cp) ? k : 0;
}

static int cmp_tok(const void *a, const void *b)
{
    const struct hw_str *x = a, *y = b;
    size_t m = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->p, y->p, m);

    if (c)
        return c;
    return x->len < y->len ? -1 : x->len > y->len;
}

/* Cut s[0..n) into a sorted token multiset t (see the top of the file). */
static void toks_make(struct toks *t, const char *s, size_t n)
{
    size_t i = 0, cap = 64, start;
    int k;

    t->buf = hw_malloc(n + 1);
    memcpy(t->buf, s, n);
    t->buf[n] = '\0';
    t->v = hw_malloc(cap * sizeof *t->v);
    t->n = 0;
    while (i < n) {
        if ((k = sep_len(t->buf + i, n - i)) > 0) {
            i += (size_t)k;
            continue;
        }
        start = i;
        while (i < n && sep_len(t->buf + i, n - i) == 0) {
            char *c = t->buf + i;
            if (*c >= 'A' && *c <= 'Z')
                *c = (char)(*c - 'A' + 'a');
            i++;
        }
        if (t->n == cap) {
            cap *= 2;
            t->v = hw_realloc(t->v, cap * sizeof *t->v);
        }
        t->v[t->n++] = (struct hw_str){t->buf + start, i - start};
    }
    qsort(t->v, t->n, sizeof *t->v, cmp_tok);
}

static void toks_release(struct toks *t)
{
    hw_free(t->buf);
    hw_free(t->v);
}

/* The size of the multiset intersection of two sorted multisets. */
static size_t toks_common(const struct toks *a, const struct toks *b)
{
    size_t i = 0, j = 0, c = 0;

    while (i < a->n && j < b->n) {
        int r = cmp_tok(&a->v[i], &b->v[j]);
        if (r == 0) {
            c++;
            i++;
            j++;
        } else if (r < 0) {
            i++;
        } else {
            j++;
        }
    }
    return c;
}

static double f1(double p, double r)
{
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

/*
 * A copy of s[0..n) with every run of white space (ASCII, NUL, or a
 * Unicode space) made one space, and none at either end.  Free with
 * hw_free().
 */
static char *ws_norm(const char *s, size_t n)
{
    char *o = hw_malloc(n + 1);
    size_t i = 0, j = 0;
    int pend = 0;

    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        uint32_t cp = c;
        int k = 1;

        if (c >= 0x80) {
            k = hw_utf8_decode(s + i, n - i, &cp);
            if (k == 0)
                k = 1;
        }
        if (c == ' ' || (c >= '\t' && c <= '\r') || c == '\0' ||
            (c >= 0x80 && is_uspace(cp))) {
            pend = j > 0;
            i += (size_t)k;
            continue;
        }
        if (pend)
            o[j++] = ' ';
        pend = 0;
        memcpy(o + j, s + i, (size_t)k);
        j += (size_t)k;
        i += (size_t)k;
    }
    o[j] = '\0';
    return o;
}

/* ---- scoring ------------------------------------------------------- */

/* Score text[0..n) (n == 0: nothing extracted) against pg's truth. */
static void score_page(struct page *pg, const char *text, size_t n)
{
    size_t i, hit = 0, clean = 0;
    char *norm;

    pg->empty = n == 0;
    if (pg->set != SET_TRAF) {
        struct toks t;
        size_t c;

        toks_make(&t, text, n);
        pg->empty = t.n == 0;
        c = toks_common(&t, &pg->truth);
        pg->p = t.n ? (double)c / (double)t.n : 0;
        pg->r = pg->truth.n ? (double)c / (double)pg->truth.n : 0;
        pg->f = f1(pg->p, pg->r);
        toks_release(&t);
        return;
    }
    norm = ws_norm(text, n);
    for (i = 0; i < pg->nwith; i++)
        hit += strstr(norm, pg->with[i]) != NULL;
    for (i = 0; i < pg->nwithout; i++)
        clean += strstr(norm, pg->without[i]) == NULL;
    hw_free(norm);
    pg->r = pg->nwith ? (double)hit / (double)pg->nwith : 0;
    pg->p = pg->nwithout ? (double)clean / (double)pg->nwithout : 0;
    pg->f = f1(pg->p, pg->r);
}

/* ---- files --------------------------------------------------------- */

static int read_all(const char *path, size_t max, char **out, size_t *len)
{
    struct hw_buf b;
    struct hw_diag d;

    hw_buf_init(&b, max);
    if (hw_read_file(path, &b, &d) != 0) {
        hw_diag_print(&d);
        hw_buf_release(&b);
        return -1;
    }
    *out = hw_buf_detach(&b, len);
    return 0;
}

static char *path_of(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
static char *path_of(const char *fmt, ...)
{
    struct hw_buf b;
    va_list ap;

    hw_buf_init(&b, 4096);
    va_start(ap, fmt);
    hw_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    return hw_buf_detach(&b, NULL);
}

static int exists(const char *path)
{
    return access(path, R_OK) == 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The names in dir that end with suffix ("" for any, dot files left
 * out), sorted so that runs are repeatable.  Returns the count, -1 when
 * dir cannot be read.  Free each name and *names with hw_free().
 */
static long list_dir(const char *dir, const char *suffix, char ***names)
{
    DIR *dp = opendir(dir);
    struct dirent *e;
    size_t n = 0, cap = 64, sl = strlen(suffix);

    if (!dp) {
        fprintf(stderr, "bench_extract: %s: %s\n", dir, strerror(errno));
        return -1;
    }
    *names = hw_malloc(cap * sizeof **names);
    while ((e = readdir(dp)) != NULL) {
        size_t l = strlen(e->d_name);
        if (e->d_name[0] == '.' || l < sl ||
            strcmp(e->d_name + l - sl, suffix) != 0)
            continue;
        if (n == cap) {
            cap *= 2;
            *names = hw_realloc(*names, cap * sizeof **names);
        }
        (*names)[n++] = hw_strdup(e->d_name);
    }
    closedir(dp);
    qsort(*names, n, sizeof **names, cmp_str);
    return (long)n;
}

static void free_names(char **names, long n)
{
    while (n > 0)
        hw_free(names[--n]);
    hw_free(names);
}

/* mkdir -p for DIR/SET; 0 or -1. */
static int make_dirs(const char *dir, const char *sub)
{
    char *p = path_of("%s/%s", dir, sub);
    size_t i;
    int rc = 0;

    for (i = 1; p[i] && rc == 0; i++) {
        if (p[i] != '/')
            continue;
        p[i] = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST)
            rc = -1;
        p[i] = '/';
    }
    if (rc == 0 && mkdir(p, 0777) != 0 && errno != EEXIST)
        rc = -1;
    if (rc)
        fprintf(stderr, "bench_extract: mkdir %s: %s\n", p, strerror(errno));
    hw_free(p);
    return rc;
}

/* ---- loading the sets ---------------------------------------------- */

static struct page *page_add(struct pages *ps, enum set_id set,
                             const char *name, const char *url, char *path)
{
    struct page *pg;

    if (ps->n == ps->cap) {
        ps->cap = ps->cap ? 2 * ps->cap : 256;
        ps->v = hw_realloc(ps->v, ps->cap * sizeof *ps->v);
    }
    pg = &ps->v[ps->n++];
    memset(pg, 0, sizeof *pg);
    pg->set = set;
    pg->name = hw_strdup(name);
    pg->url = hw_strdup(url);
    pg->path = path;
    return pg;
}

/* The truth of a readability page: the text of its expected HTML. */
static int load_expected(struct page *pg, const char *path)
{
    struct hw_buf b;
    char *s;
    size_t n;

    if (read_all(path, TRUTH_MAX, &s, &n) != 0)
        return -1;
    hw_buf_init(&b, TRUTH_MAX);
    feed_html_text(s, n, &b);
    toks_make(&pg->truth, b.p, b.len);
    hw_buf_release(&b);
    hw_free(s);
    return 0;
}

static int load_readability(struct pages *ps, const char *root)
{
    char *dir = path_of("%s/%s", root, sets[SET_RDB].dir), **names;
    long n = list_dir(dir, "", &names), i;
    int rc = n < 0 ? -1 : 0;

    for (i = 0; i < n && rc == 0; i++) {
        char *truth = path_of("%s/%s/expected.html", dir, names[i]);
        struct page *pg = page_add(ps, SET_RDB, names[i], READABILITY_URL,
                                   path_of("%s/%s/source.html", dir,
                                           names[i]));
        rc = load_expected(pg, truth);
        hw_free(truth);
    }
    if (n >= 0)
        free_names(names, n);
    hw_free(dir);
    return rc;
}

/* newspaper's file name stem for url: "reuters.com" of in.reuters.com. */
static char *np_domain(const char *url)
{
    const char *h = strstr(url, "://"), *e, *p;
    int dots = 0, want = 2;
    size_t n;

    h = h ? h + 3 : url;
    e = h + strcspn(h, "/:?#");
    n = (size_t)(e - h);
    if ((n > 6 && memcmp(e - 6, ".co.uk", 6) == 0) ||
        (n > 7 && memcmp(e - 7, ".com.au", 7) == 0))
        want = 3;
    for (p = e; p > h; p--)
        if (p[-1] == '.' && ++dots == want)
            break;
    return hw_strndup(p, (size_t)(e - p));
}

/*
 * 1 when a newspaper text is no text to score against.  The upstream
 * texts are newspaper's own output kept for its regression tests, and
 * where it failed a few are empty or hold its authors' note instead
 * ("MISSED LAST PARAGRAPH", "FAILED, ENTIRE ARTICLE LOADED VIA JS"): a
 * short text written mostly in capitals.
 */
static int np_is_note(const char *s, size_t n)
{
    size_t i, up = 0, low = 0, words = 0;

    for (i = 0; i < n; i++) {
        int sp = s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r');
        int end = i + 1 == n || s[i + 1] == ' ' ||
                  (s[i + 1] >= '\t' && s[i + 1] <= '\r');
        up += s[i] >= 'A' && s[i] <= 'Z';
        low += s[i] >= 'a' && s[i] <= 'z';
        words += !sp && end;
    }
    return up + low == 0 || (words < 30 && up > low);
}

/* The URL of newspaper page stem ("al.com1"), or NULL. */
static char *np_url(char **urls, long nurls, const char *stem)
{
    long i, j, count;

    for (i = 0; i < nurls; i++) {
        char *dom = np_domain(urls[i]), *name;
        int hit;
        for (count = 1, j = 0; j < i; j++) {
            char *d2 = np_domain(urls[j]);
            count += strcmp(d2, dom) == 0;
            hw_free(d2);
        }
        name = path_of("%s%ld", dom, count);
        hit = strcmp(name, stem) == 0;
        hw_free(dom);
        hw_free(name);
        if (hit)
            return urls[i];
    }
    return NULL;
}

/* The non-empty lines of s, in place.  Free *lines with hw_free(). */
static long split_lines(char *s, char ***lines)
{
    long n = 0, cap = 64;
    char *p = s, *e;

    *lines = hw_malloc((size_t)cap * sizeof **lines);
    for (; *p; p = e) {
        e = p + strcspn(p, "\r\n");
        if (*e)
            *e++ = '\0';
        if (!*p)
            continue;
        if (n == cap) {
            cap *= 2;
            *lines = hw_realloc(*lines, (size_t)cap * sizeof **lines);
        }
        (*lines)[n++] = p;
    }
    return n;
}

static int load_newspaper(struct pages *ps, const char *root)
{
    char *dir = path_of("%s/%s", root, sets[SET_NP].dir);
    char *hdir = path_of("%s/html", dir), *ufile = path_of(
        "%s/fulltext_url_list.txt", dir);
    char *ubuf = NULL, **urls = NULL, **names;
    long nurls = 0, n, i;
    size_t ulen;
    int rc = 0;

    if (read_all(ufile, TRUTH_MAX, &ubuf, &ulen) == 0)
        nurls = split_lines(ubuf, &urls);
    n = list_dir(hdir, ".html", &names);
    if (n < 0)
        rc = -1;
    for (i = 0; i < n && rc == 0; i++) {
        char *stem = hw_strndup(names[i], strlen(names[i]) - 5);
        char *txt = path_of("%s/text/%s.txt", dir, stem);
        char *s = NULL;
        size_t len;

        if (!exists(txt)) {
            /* a language sample, with no text */
        } else if (read_all(txt, TRUTH_MAX, &s, &len) != 0) {
            rc = -1;
        } else if (np_is_note(s, len)) {
            ps->notes++;
        } else {
            struct page *pg = page_add(ps, SET_NP, stem,
                                       np_url(urls, nurls, stem),
                                       path_of("%s/%s", hdir, names[i]));
            toks_make(&pg->truth, s, len);
        }
        hw_free(s);
        hw_free(txt);
        hw_free(stem);
    }
    if (n >= 0)
        free_names(names, n);
    hw_free(urls);
    hw_free(ubuf);
    hw_free(ufile);
    hw_free(hdir);
    hw_free(dir);
    return rc;
}

/* The strings of JSON array a, whitespace normalised; count in *n. */
static char **snippets(json_t *a, size_t *n)
{
    size_t i, k = 0;
    char **v = hw_malloc((json_array_size(a) + 1) * sizeof *v);

    for (i = 0; i < json_array_size(a); i++) {
        json_t *s = json_array_get(a, i);
        if (json_is_string(s))
            v[k++] = ws_norm(json_string_value(s), json_string_length(s));
    }
    *n = k;
    return v;
}

static int traf_line(struct pages *ps, const char *dir, const char *line,
                     long lineno)
{
    json_error_t je;
    json_t *o = json_loads(line, 0, &je);
    const char *file, *url, *base;
    struct page *pg;
    char *stem;
    size_t l;

    file = json_string_value(json_object_get(o, "file"));
    url = json_string_value(json_object_get(o, "url"));
    if (!o || !file) {
        fprintf(stderr, "bench_extract: %s/annotations.jsonl:%ld: %s\n", dir,
                lineno, o ? "no \"file\"" : je.text);
        json_decref(o);
        return -1;
    }
    base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    l = strlen(base);
    stem = hw_strndup(base, l > 5 && strcmp(base + l - 5, ".html") == 0
                                ? l - 5
                                : l);
    /* some upstream entries name no real URL ("hard::FILE") */
    if (url && !strstr(url, "://"))
        url = NULL;
    pg = page_add(ps, SET_TRAF, stem, url, path_of("%s/%s", dir, file));
    pg->with = snippets(json_object_get(o, "with"), &pg->nwith);
    pg->without = snippets(json_object_get(o, "without"), &pg->nwithout);
    hw_free(stem);
    json_decref(o);
    return 0;
}

static int load_trafilatura(struct pages *ps, const char *root)
{
    char *dir = path_of("%s/%s", root, sets[SET_TRAF].dir);
    char *file = path_of("%s/annotations.jsonl", dir), *buf, **lines;
    size_t len;
    long n, i;
    int rc = -1;

    if (read_all(file, TRUTH_MAX, &buf, &len) == 0) {
        n = split_lines(buf, &lines);
        for (rc = 0, i = 0; i < n && rc == 0; i++)
            rc = traf_line(ps, dir, lines[i], i + 1);
        hw_free(lines);
        hw_free(buf);
    }
    hw_free(file);
    hw_free(dir);
    return rc;
}

static int load_html(struct pages *ps, size_t *bytes)
{
    size_t i;

    *bytes = 0;
    for (i = 0; i < ps->n; i++) {
        if (read_all(ps->v[i].path, EXTRACT_MAX_INPUT, &ps->v[i].html,
                     &ps->v[i].len) != 0)
            return -1;
        *bytes += ps->v[i].len;
    }
    return 0;
}

static void pages_release(struct pages *ps)
{
    size_t i, k;

    for (i = 0; i < ps->n; i++) {
        struct page *pg = &ps->v[i];
        hw_free(pg->name);
        hw_free(pg->url);
        hw_free(pg->path);
        hw_free(pg->html);
        if (pg->set != SET_TRAF)
            toks_release(&pg->truth);
        for (k = 0; k < pg->nwith; k++)
            hw_free(pg->with[k]);
        for (k = 0; k < pg->nwithout; k++)
            hw_free(pg->without[k]);
        hw_free(pg->with);
        hw_free(pg->without);
    }
    hw_free(ps->v);
}

/* ---- running and reporting ----------------------------------------- */

static int write_file(const char *path, const char *s, size_t n)
{
    FILE *f = fopen(path, "wb");
    int rc = f && fwrite(s, 1, n, f) == n ? 0 : -1;

    if (f && fclose(f) != 0)
        rc = -1;
    if (rc)
        fprintf(stderr, "bench_extract: %s: %s\n", path, strerror(errno));
    return rc;
}

/* Extract every page once, score it, and dump its text when asked. */
static int extract_all(struct pages *ps, const char *dump)
{
    size_t i;
    int rc = 0;

    for (i = 0; i < ps->n && rc == 0; i++) {
        struct page *pg = &ps->v[i];
        struct extract_result *res = NULL;
        struct hw_diag d;
        const char *text = "";

        if (run_extract(pg, &res, &d) == 0 && res->text)
            text = res->text;
        score_page(pg, text, strlen(text));
        if (dump) {
            char *p = path_of("%s/%s/%s.txt", dump, sets[pg->set].dir,
                              pg->name);
            rc = write_file(p, text, strlen(text));
            hw_free(p);
        }
        extract_free(res);
    }
    return rc;
}

/* Score the texts another tool left in dir; *missing counts absent ones. */
static void score_dir(struct pages *ps, const char *dir, size_t *missing)
{
    size_t i, n;

    *missing = 0;
    for (i = 0; i < ps->n; i++) {
        struct page *pg = &ps->v[i];
        char *p = path_of("%s/%s/%s.txt", dir, sets[pg->set].dir, pg->name);
        char *s = NULL;

        if (exists(p) && read_all(p, EXTRACT_MAX_INPUT, &s, &n) == 0) {
            score_page(pg, s, n);
        } else {
            ++*missing;
            score_page(pg, "", 0);
        }
        hw_free(s);
        hw_free(p);
    }
}

/* Best of up to PASSES timed passes over all pages; seconds. */
static double time_passes(const struct pages *ps, int *passes)
{
    double best = 0, spent = 0;
    size_t i;

    for (*passes = 0; *passes < PASSES && spent < PASS_BUDGET; ++*passes) {
        double t0 = now_s(), el;
        for (i = 0; i < ps->n; i++) {
            struct extract_result *res = NULL;
            struct hw_diag d;
            if (run_extract(&ps->v[i], &res, &d) == 0)
                extract_free(res);
        }
        el = now_s() - t0;
        spent += el;
        if (*passes == 0 || el < best)
            best = el;
    }
    return best;
}

static int write_per_page(const struct pages *ps, const char *file)
{
    FILE *f = fopen(file, "w");
    size_t i;

    if (!f) {
        fprintf(stderr, "bench_extract: %s: %s\n", file, strerror(errno));
        return -1;
    }
    fprintf(f, "set\tpage\tP\tR\tF1\n");
    for (i = 0; i < ps->n; i++)
        fprintf(f, "%s\t%s\t%.4f\t%.4f\t%.4f\n", sets[ps->v[i].set].dir,
                ps->v[i].name, ps->v[i].p, ps->v[i].r, ps->v[i].f);
    return fclose(f) == 0 ? 0 : -1;
}

static int write_list(const struct pages *ps, const char *file)
{
    FILE *f = fopen(file, "w");
    size_t i;

    if (!f) {
        fprintf(stderr, "bench_extract: %s: %s\n", file, strerror(errno));
        return -1;
    }
    for (i = 0; i < ps->n; i++)
        fprintf(f, "%s\t%s\t%s\t%s\n", sets[ps->v[i].set].dir, ps->v[i].name,
                ps->v[i].url ? ps->v[i].url : "-", ps->v[i].path);
    return fclose(f) == 0 ? 0 : -1;
}

struct sums {
    double p, r, f;  /* token sets: sums of page scores */
    double sp, sr;   /* trafilatura: sums of snippet precision, recall */
    size_t n, np, nr, empty;
};

/* Print the accuracy lines; label is "" or "NAME ". */
static void report(const struct pages *ps, const char *label)
{
    struct sums s[NSETS];
    size_t i, tok_n;
    double tok_f;
    int k;

    memset(s, 0, sizeof s);
    for (i = 0; i < ps->n; i++) {
        const struct page *pg = &ps->v[i];
        struct sums *t = &s[pg->set];
        t->n++;
        t->empty += (size_t)pg->empty;
        t->p += pg->p;
        t->r += pg->r;
        t->f += pg->f;
        if (pg->set == SET_TRAF) {
            t->np += pg->nwithout > 0;
            t->nr += pg->nwith > 0;
            t->sp += pg->nwithout ? pg->p : 0;
            t->sr += pg->nwith ? pg->r : 0;
        }
    }
    for (k = 0; k < SET_TRAF; k++) {
        double n = s[k].n ? (double)s[k].n : 1;
        printf("extract: %s%s P %.3f R %.3f F1 %.3f (mean per page, %zu "
               "pages, %zu empty)\n", label, sets[k].label, s[k].p / n,
               s[k].r / n, s[k].f / n, s[k].n, s[k].empty);
    }
    {
        double p = s[SET_TRAF].np ? s[SET_TRAF].sp / (double)s[SET_TRAF].np
                                  : 0;
        double r = s[SET_TRAF].nr ? s[SET_TRAF].sr / (double)s[SET_TRAF].nr
                                  : 0;
        printf("extract: %strafilatura snippets recall %.3f precision %.3f "
               "F1 %.3f (%zu pages, %zu empty)\n", label, r, p, f1(p, r),
               s[SET_TRAF].n, s[SET_TRAF].empty);
    }
    tok_n = s[SET_RDB].n + s[SET_NP].n;
    tok_f = tok_n ? (s[SET_RDB].f + s[SET_NP].f) / (double)tok_n : 0;
    printf("extract: %sF1 %.3f (mean per-page token F1 over %zu pages: "
           "readability-pages %.3f, newspaper %.3f)\n", label, tok_f, tok_n,
           s[SET_RDB].n ? s[SET_RDB].f / (double)s[SET_RDB].n : 0,
           s[SET_NP].n ? s[SET_NP].f / (double)s[SET_NP].n : 0);
}

struct opts {
    const char *shared, *per_page, *dump, *score, *label, *list;
};

static int parse_opts(int argc, char **argv, struct opts *o)
{
    static const char *const names[] = {"--shared", "--per-page", "--dump",
                                        "--score", "--label", "--list"};
    const char **slot[] = {&o->shared, &o->per_page, &o->dump,
                           &o->score, &o->label, &o->list};
    int i, k;

    for (i = 1; i < argc; i++) {
        for (k = 0; k < 6; k++)
            if (i + 1 < argc && strcmp(argv[i], names[k]) == 0)
                break;
        if (k == 6) {
            fprintf(stderr, "usage: bench_extract [--shared DIR] "
                            "[--per-page FILE] [--dump DIR]\n"
                            "                     [--score DIR [--label "
                            "NAME]] [--list FILE]\n");
            return -1;
        }
        *slot[k] = argv[++i];
    }
    if (!o->shared) {
        o->shared = getenv("HW_SHARED");
        if (!o->shared || !*o->shared)
            o->shared = "../shared";
    }
    return 0;
}

static int load_all(struct pages *ps, const char *shared)
{
    char *root = path_of("%s/data/articles", shared);
    int rc = 0;

    if (load_readability(ps, root) != 0 || load_newspaper(ps, root) != 0 ||
        load_trafilatura(ps, root) != 0)
        rc = -1;
    hw_free(root);
    return rc;
}

int main(int argc, char **argv)
{
    struct opts o = {0};
    struct pages ps = {0};
    char *label;
    size_t bytes, count[NSETS] = {0}, i, missing = 0;
    int rc = 0, passes, k;
    double best;

    if (parse_opts(argc, argv, &o) != 0)
        return 2;
    /* lines out as they come, so a crash keeps the figures before it */
    setvbuf(stdout, NULL, _IOLBF, 0);
    catch_crashes();
    if (load_all(&ps, o.shared) != 0) {
        fprintf(stderr, "bench_extract: cannot read the articles under "
                        "%s/data/articles\n", o.shared);
        pages_release(&ps);
        return 1;
    }
    if (o.list) {
        rc = write_list(&ps, o.list);
        pages_release(&ps);
        return rc ? 1 : 0;
    }
    if (load_html(&ps, &bytes) != 0) {
        pages_release(&ps);
        return 1;
    }
    for (i = 0; i < ps.n; i++)
        count[ps.v[i].set]++;
    printf("extract: data: %zu %s, %zu %s (%zu more left out: their text "
           "is empty or a note), %zu %s pages (%.1f MB of HTML)\n",
           count[0], sets[0].dir, count[1], sets[1].dir, ps.notes, count[2],
           sets[2].dir, (double)bytes / 1e6);
    for (k = 0; o.dump && k < NSETS && rc == 0; k++)
        rc = make_dirs(o.dump, sets[k].dir);
    if (rc == 0 && o.score)
        score_dir(&ps, o.score, &missing);
    else if (rc == 0)
        rc = extract_all(&ps, o.dump);
    if (rc == 0) {
        label = path_of("%s%s", o.label ? o.label : "", o.label ? " " : "");
        if (o.score)
            printf("extract: %stexts from %s: %zu of %zu pages missing\n",
                   label, o.score, missing, ps.n);
        report(&ps, label);
        hw_free(label);
        if (o.per_page)
            rc = write_per_page(&ps, o.per_page);
    }
    if (rc == 0 && !o.score) {
        best = time_passes(&ps, &passes);
        printf("extract: speed %.0f pages/s, %.1f MB/s (extract_page + "
               "extract_free over %zu pages in memory, one thread, best of "
               "%d passes)\n", (double)ps.n / best,
               (double)bytes / 1e6 / best, ps.n, passes);
    }
    pages_release(&ps);
    return rc ? 1 : 0;
}
