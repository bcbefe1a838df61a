/*
 * bench_memory.c - peak memory of `hashwire parse` on a feed just under
 * the 32 MiB input limit (FEED_MAX_INPUT), as RSS 2.0 and as Atom 1.0.
 *
 * The feeds are written into a temporary directory from the Reuters-21578
 * stories of $HW_SHARED/data/corpus (real wire text: title, date, topic,
 * body as <p> paragraphs), walked as often as needed with a new guid and
 * link on every walk, until one more item would pass the limit.  The
 * binary ($HW_BIN, default build/release/hashwire) runs on each with its
 * standard output sent to /dev/null, and its peak resident set size is
 * read with getrusage(RUSAGE_CHILDREN).  That figure is the largest of
 * all children ever waited for, and a forked child counts the pages it
 * shared with its parent before exec; so each run is made by this program
 * started again in a measure mode (small, no other child), which reports
 * the figure back through a pipe.  A run on a tiny feed gives the fixed
 * cost of the process (binary, libraries, allocator) for reference; the
 * ratio is the whole peak over the feed's size, that fixed cost included.
 *
 * Set HW_BENCH_KEEP=1 to keep the generated feeds (their directory is
 * printed).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "feed/feed.h"
#include "util/hw.h"

#define TARGET_RATIO 4.0
#define MAX_STORIES 100000
#define MAX_WALKS 100
#define RUN_CAP 60.0       /* seconds for one run of the binary */
#define MARGIN (4u * 1024) /* stay this far under FEED_MAX_INPUT */
#define MIB (1024.0 * 1024.0)

/* One story of the corpus. */
struct story {
    char *id, *title, *body, *topic;
    hw_time date;
};

/* What one run of the binary gave. */
struct run {
    int status;     /* exit status, 128 + signal, or -1 (not run / killed) */
    long maxrss_kb; /* peak resident set size, KiB */
    double secs;
};

static double now_sec(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* n decimal digits at s, or -1. */
static int digits(const char *s, int n)
{
    int v = 0, i;

    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* "YYYY-MM-DDTHH:MM:SS" or "YYYY-MM-DD" (UTC), else HW_TIME_NONE. */
static hw_time corpus_date(const char *s)
{
    int y, mo, d, h = 0, mi = 0, se = 0;

    if (!s || strlen(s) < 10 || s[4] != '-' || s[7] != '-')
        return HW_TIME_NONE;
    y = digits(s, 4);
    mo = digits(s + 5, 2);
    d = digits(s + 8, 2);
    if (strlen(s) >= 19 && s[10] == 'T') {
        h = digits(s + 11, 2);
        mi = digits(s + 14, 2);
        se = digits(s + 17, 2);
    }
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || mi < 0 ||
        se < 0)
        return HW_TIME_NONE;
    return hw_time_from_civil(y, mo, d, h, mi, se);
}

/* Load the stories of one JSONL file; returns how many. */
static size_t load_corpus(const char *path, struct story *st)
{
    struct hw_buf in;
    struct hw_diag d;
    size_t pos = 0, n = 0;

    hw_buf_init(&in, 256u * 1024 * 1024);
    if (hw_read_file(path, &in, &d) != 0) {
        hw_diag_print(&d);
        hw_buf_release(&in);
        return 0;
    }
    while (pos < in.len && n < MAX_STORIES) {
        const char *nl = memchr(in.p + pos, '\n', in.len - pos);
        size_t end = nl ? (size_t)(nl - in.p) : in.len;
        json_error_t err;
        json_t *o = json_loadb(in.p + pos, end - pos, 0, &err);
        const char *id, *title, *body, *topic;

        pos = end + 1;
        if (!o)
            continue;
        id = json_string_value(json_object_get(o, "id"));
        title = json_string_value(json_object_get(o, "title"));
        body = json_string_value(json_object_get(o, "body"));
        topic =
            json_string_value(json_array_get(json_object_get(o, "topics"), 0));
        if (id && title && body) {
            st[n].id = hw_strdup(id);
            st[n].title = hw_strdup(title);
            st[n].body = hw_strdup(body);
            st[n].topic = topic ? hw_strdup(topic) : NULL;
            st[n].date =
                corpus_date(json_string_value(json_object_get(o, "date")));
            n++;
        }
        json_decref(o);
    }
    hw_buf_release(&in);
    return n;
}

/* Append s[0..n) with &, < and > escaped. */
static void add_escaped(struct hw_buf *b, const char *s, size_t n)
{
    size_t i, run = 0;

    for (i = 0; i < n; i++) {
        const char *e = s[i] == '&'   ? "&amp;"
                        : s[i] == '<' ? "&lt;"
                        : s[i] == '>' ? "&gt;"
                                      : NULL;
        if (!e)
            continue;
        hw_buf_add(b, s + run, i - run);
        hw_buf_adds(b, e);
        run = i + 1;
    }
    hw_buf_add(b, s + run, n - run);
}

/*
 * The body as HTML paragraphs (a line break followed by indentation, or a
 * blank line, starts one; any other line break is a space), appended to b
 * as HTML.
 */
static void add_paragraphs(struct hw_buf *b, const char *body)
{
    const char *p = body;

    hw_buf_adds(b, "<p>");
    while (*p) {
        const char *q = p;

        while (*q && *q != '\n')
            q++;
        add_escaped(b, p, (size_t)(q - p));
        if (!*q)
            break;
        p = q + 1;
        if (*p == ' ' || *p == '\t' || *p == '\n') {
            while (*p == ' ' || *p == '\t' || *p == '\n')
                p++;
            if (*p)
                hw_buf_adds(b, "</p><p>");
        } else {
            hw_buf_addc(b, ' ');
        }
    }
    hw_buf_adds(b, "</p>");
}

static void add_rfc822(struct hw_buf *b, hw_time t)
{
    char out[64];
    time_t tt = (time_t)t;
    struct tm tm;

    if (gmtime_r(&tt, &tm) &&
        strftime(out, sizeof out, "%a, %d %b %Y %H:%M:%S +0000", &tm))
        hw_buf_adds(b, out);
}

/* One item (RSS 2.0) or entry (Atom 1.0) of story s in walk w. */
static void write_item(struct hw_buf *b, const struct story *s, size_t w,
                       int atom, struct hw_buf *html)
{
    hw_buf_reset(html);
    add_paragraphs(html, s->body);
    if (!atom) {
        hw_buf_adds(b, "<item>\n<title>");
        add_escaped(b, s->title, strlen(s->title));
        hw_buf_printf(b,
                      "</title>\n<link>https://example.com/news/%zu/%s</link>\n"
                      "<guid isPermaLink=\"false\">%s/%zu</guid>\n",
                      w, s->id, s->id, w);
        if (s->date != HW_TIME_NONE) {
            hw_buf_adds(b, "<pubDate>");
            add_rfc822(b, s->date);
            hw_buf_adds(b, "</pubDate>\n");
        }
        if (s->topic) {
            hw_buf_adds(b, "<category>");
            add_escaped(b, s->topic, strlen(s->topic));
            hw_buf_adds(b, "</category>\n");
        }
        hw_buf_adds(b, "<description><![CDATA[");
        hw_buf_add(b, html->p, html->len);
        hw_buf_adds(b, "]]></description>\n</item>\n");
        return;
    }
    hw_buf_adds(b, "<entry>\n<title>");
    add_escaped(b, s->title, strlen(s->title));
    hw_buf_printf(b,
                  "</title>\n<id>tag:example.com,2025:%s/%zu</id>\n"
                  "<link rel=\"alternate\" type=\"text/html\" "
                  "href=\"https://example.com/news/%zu/%s\"/>\n",
                  s->id, w, w, s->id);
    if (s->date != HW_TIME_NONE) {
        char t[32];

        hw_time_rfc3339(s->date, t);
        hw_buf_printf(b,
                      "<published>%s</published>\n"
                      "<updated>%s</updated>\n",
                      t, t);
    }
    if (s->topic) {
        hw_buf_adds(b, "<category term=\"");
        add_escaped(b, s->topic, strlen(s->topic));
        hw_buf_adds(b, "\"/>\n");
    }
    hw_buf_adds(b, "<author><name>Reuters</name></author>\n"
                   "<content type=\"html\">");
    add_escaped(b, html->p, html->len);
    hw_buf_adds(b, "</content>\n</entry>\n");
}

/*
 * Write a feed of at most limit bytes to path: the stories walked as
 * often as needed (at most max_items items; 0 means no bound but the
 * size).  Returns its size, or 0 on failure.
 */
static size_t write_feed(const char *path, const struct story *st, size_t n,
                         int atom, size_t limit, size_t max_items)
{
    static const char rss_head[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<rss version=\"2.0\"><channel>\n<title>Reuters</title>\n"
        "<link>https://example.com/reuters/</link>\n"
        "<description>Reuters news</description>\n"
        "<language>en</language>\n";
    static const char rss_tail[] = "</channel></rss>\n";
    static const char atom_head[] =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">\n"
        "<title>Reuters</title>\n<id>tag:example.com,2025:reuters</id>\n"
        "<updated>2025-07-13T20:00:00Z</updated>\n"
        "<link rel=\"alternate\" href=\"https://example.com/reuters/\"/>\n";
    static const char atom_tail[] = "</feed>\n";
    const char *tail = atom ? atom_tail : rss_tail;
    struct hw_buf b, item, html;
    size_t w, i, items = 0, size = 0;
    FILE *fp;
    int full = 0;

    hw_buf_init(&b, HW_BUF_NOLIMIT);
    hw_buf_init(&item, HW_BUF_NOLIMIT);
    hw_buf_init(&html, HW_BUF_NOLIMIT);
    hw_buf_adds(&b, atom ? atom_head : rss_head);
    for (w = 0; w < MAX_WALKS && !full; w++) {
        for (i = 0; i < n && !full; i++) {
            hw_buf_reset(&item);
            write_item(&item, &st[i], w, atom, &html);
            if (b.len + item.len + strlen(tail) > limit ||
                (max_items && items == max_items)) {
                full = 1;
                break;
            }
            hw_buf_add(&b, item.p, item.len);
            items++;
        }
    }
    hw_buf_adds(&b, tail);
    fp = fopen(path, "wb");
    if (fp && !b.err && fwrite(b.p, 1, b.len, fp) == b.len)
        size = b.len;
    if (fp && fclose(fp) != 0)
        size = 0;
    if (!size)
        fprintf(stderr, "bench_memory: cannot write %s\n", path);
    hw_buf_release(&b);
    hw_buf_release(&item);
    hw_buf_release(&html);
    return size;
}

/*
 * Measure mode (this program run again as "--measure BIN FILE"): run
 * "BIN parse FILE" with its output to /dev/null, wait for it at most
 * RUN_CAP seconds, and write its struct run to standard output.  This
 * process is small and has had no other child, so RUSAGE_CHILDREN is
 * exactly that one run.  (A plain fork of the main process would not do:
 * a child's peak RSS counts the pages it shared with its parent before
 * exec, and the main process holds the whole corpus.)
 */
static int measure_main(const char *bin, const char *file)
{
    struct run r = {-1, 0, 0};
    struct rusage ru;
    double t0 = now_sec();
    pid_t pid;
    int st;

    pid = fork();
    if (pid == 0) {
        char *argv[4];
        int fd = open("/dev/null", O_WRONLY);

        if (fd >= 0)
            dup2(fd, 1);
        argv[0] = hw_strdup(bin);
        argv[1] = hw_strdup("parse");
        argv[2] = hw_strdup(file);
        argv[3] = NULL;
        execv(bin, argv);
        _exit(127);
    }
    while (pid > 0) {
        struct timespec nap = {0, 1000000};
        pid_t w = waitpid(pid, &st, WNOHANG);

        if (w == pid) {
            r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
            break;
        }
        if ((w < 0 && errno != EINTR) || now_sec() - t0 > RUN_CAP) {
            kill(pid, SIGKILL);
            waitpid(pid, &st, 0);
            break;
        }
        nanosleep(&nap, NULL);
    }
    r.secs = now_sec() - t0;
    if (getrusage(RUSAGE_CHILDREN, &ru) == 0)
        r.maxrss_kb = ru.ru_maxrss;
    return write(1, &r, sizeof r) == (ssize_t)sizeof r ? 0 : 1;
}

/* Run "self --measure bin file" and read back what it measured. */
static struct run measure(const char *self, const char *bin, const char *file)
{
    struct run res = {-1, 0, 0};
    int fds[2], st;
    pid_t pid;

    fflush(stdout);
    fflush(stderr);
    if (pipe(fds) != 0)
        return res;
    pid = fork();
    if (pid == 0) {
        char *argv[5];

        close(fds[0]);
        if (dup2(fds[1], 1) < 0)
            _exit(126);
        argv[0] = hw_strdup(self);
        argv[1] = hw_strdup("--measure");
        argv[2] = hw_strdup(bin);
        argv[3] = hw_strdup(file);
        argv[4] = NULL;
        execv(self, argv);
        _exit(127);
    }
    close(fds[1]);
    if (pid > 0 && read(fds[0], &res, sizeof res) != (ssize_t)sizeof res)
        res.status = -1;
    close(fds[0]);
    if (pid > 0)
        waitpid(pid, &st, 0);
    return res;
}

/* Measure one generated feed and print its line; 0 when it ran. */
static int report(const char *self, const char *bin, const char *file,
                  const char *kind, size_t size, long base_kb)
{
    struct run r = measure(self, bin, file);
    double rss = (double)r.maxrss_kb / 1024.0, mib = (double)size / MIB;
    double ratio = rss / mib;

    if (r.status != 0) {
        printf("memory: %s feed of %.1f MiB: hashwire parse failed "
               "(status %d)\n",
               kind, mib, r.status);
        return -1;
    }
    printf("memory: peak RSS %.1f MiB parsing a %.1f MiB %s feed = %.2fx "
           "(target <= %.0fx) %s\n",
           rss, mib, kind, ratio, TARGET_RATIO,
           ratio <= TARGET_RATIO ? "met" : "MISSED");
    printf("  (%.2f s; %.1f MiB above the fixed cost = %.2fx the feed)\n",
           r.secs, (double)(r.maxrss_kb - base_kb) / 1024.0,
           (double)(r.maxrss_kb - base_kb) / 1024.0 / mib);
    return 0;
}

int main(int argc, char **argv)
{
    const char *shared = getenv("HW_SHARED");
    const char *bin = getenv("HW_BIN");
    const char *tmp = getenv("TMPDIR");
    const char *keep = getenv("HW_BENCH_KEEP");
    struct story *st;
    struct hw_buf path, rss, atom, tiny;
    struct run base;
    size_t n, i, rss_size, atom_size;
    char dir[4096];
    int rc = 0;

    if (argc == 4 && strcmp(argv[1], "--measure") == 0)
        return measure_main(argv[2], argv[3]);
    if (argc != 1 || !strchr(argv[0], '/')) {
        fprintf(stderr, "usage: path/to/bench_memory (no arguments)\n");
        return 2;
    }
    if (!shared || !*shared)
        shared = "../shared";
    if (!bin || !*bin)
        bin = "build/release/hashwire";
    if (!tmp || !*tmp)
        tmp = "/tmp";
    if (access(bin, X_OK) != 0) {
        fprintf(stderr, "bench_memory: %s: not built\n", bin);
        return 1;
    }
    st = hw_calloc(MAX_STORIES, sizeof *st);
    hw_buf_init(&path, 4096);
    hw_buf_printf(&path, "%s/data/corpus/reuters21578.jsonl", shared);
    n = load_corpus(path.p, st);
    if (n == 0) {
        fprintf(stderr, "bench_memory: no stories in %s\n", path.p);
        return 1;
    }
    if ((size_t)snprintf(dir, sizeof dir, "%s/hwbench.XXXXXX", tmp) >=
            sizeof dir ||
        !mkdtemp(dir)) {
        fprintf(stderr, "bench_memory: cannot make a directory in %s\n", tmp);
        return 1;
    }
    hw_buf_init(&rss, 4096);
    hw_buf_init(&atom, 4096);
    hw_buf_init(&tiny, 4096);
    hw_buf_printf(&rss, "%s/reuters.rss", dir);
    hw_buf_printf(&atom, "%s/reuters.atom", dir);
    hw_buf_printf(&tiny, "%s/tiny.rss", dir);
    rss_size = write_feed(rss.p, st, n, 0, FEED_MAX_INPUT - MARGIN, 0);
    atom_size = write_feed(atom.p, st, n, 1, FEED_MAX_INPUT - MARGIN, 0);
    if (!rss_size || !atom_size ||
        !write_feed(tiny.p, st, n, 0, FEED_MAX_INPUT, 3)) {
        rc = 1;
        goto out;
    }
    base = measure(argv[0], bin, tiny.p);
    if (base.status != 0) {
        printf("memory: hashwire parse failed on a tiny feed (status %d)\n",
               base.status);
        rc = 1;
        goto out;
    }
    printf("fixed cost: peak RSS %.1f MiB parsing a 3-item feed\n",
           (double)base.maxrss_kb / 1024.0);
    if (report(argv[0], bin, rss.p, "RSS 2.0", rss_size, base.maxrss_kb) != 0)
        rc = 1;
    if (report(argv[0], bin, atom.p, "Atom 1.0", atom_size, base.maxrss_kb) !=
        0)
        rc = 1;
out:
    if (keep && *keep == '1') {
        printf("  (feeds kept in %s)\n", dir);
    } else {
        unlink(rss.p);
        unlink(atom.p);
        unlink(tiny.p);
        rmdir(dir);
    }
    for (i = 0; i < n; i++) {
        hw_free(st[i].id);
        hw_free(st[i].title);
        hw_free(st[i].body);
        hw_free(st[i].topic);
    }
    hw_free(st);
    hw_buf_release(&path);
    hw_buf_release(&rss);
    hw_buf_release(&atom);
    hw_buf_release(&tiny);
    return rc;
}
