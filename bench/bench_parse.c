/*
 * bench_parse.c - feed parsing throughput against the real feed corpus,
 * with xmllint as the peer, measured in the same run.
 *
 * Every file of $HW_SHARED/data/feeds/manifest.tsv whose kind is "feed"
 * (gzip files skipped) is read into memory once.  The set is split in two:
 * JSON Feed files (format column "json...") and the XML ones (everything
 * else: RSS, RDF, Atom, odd versions).  The whole set is repeated until
 * the bytes add up to at least 50 MB, and feed_parse() + feed_free() are
 * timed in-process with CLOCK_MONOTONIC over every repetition.
 *
 * The peer is `xmllint --stream --noout --nonet` over the same XML files,
 * the same number of times (paths repeated on its command line, in
 * batches), its whole run timed from fork to exit.  It reads the files
 * from the page cache, which the loading above has warmed.  Each
 * measurement is made ROUNDS times, ours and the peer's in turn, and the
 * fastest round of each is kept, so that a busy machine disturbs the
 * ratio less.  The ratio compares hashwire's MB/s over the XML files only
 * with xmllint's MB/s over exactly those bytes; JSON feeds are reported
 * apart.  For reference, libxml2's xmlTextReader (what `xmllint --stream`
 * runs) is also timed in-process over the same memory.
 *
 * MB is 10^6 bytes.  Every loop is bounded in count and in time.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libxml/xmlreader.h>

#include "feed/feed.h"
#include "util/hw.h"

#define TARGET_BYTES 50000000.0 /* repeat the set up to this many bytes */
#define MAX_FILES 20000         /* more rows than the manifest has */
#define MAX_REPS 1000           /* bound on repetitions of the set */
#define TIME_CAP 60.0           /* seconds for one timed phase */
#define BATCH 200               /* files per xmllint invocation */
#define TARGET_RATIO 0.70
#define ROUNDS 3 /* timed rounds; the fastest is kept */

/* One feed file held in memory. */
struct file {
    char *path; /* relative to the feeds directory */
    char *data;
    size_t len;
    int json;
};

/* What one timed phase did. */
struct tally {
    double bytes, secs;
    size_t parsed, failed, entries, reps;
};

static double now_sec(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Column col (0-based) of a tab-separated line, as a view. */
static struct hw_str column(struct hw_str line, int col)
{
    size_t i = 0, start = 0;
    int c = 0;

    for (i = 0; i <= line.len; i++) {
        if (i == line.len || line.p[i] == '\t') {
            if (c == col)
                return (struct hw_str){line.p + start, i - start};
            c++;
            start = i + 1;
        }
    }
    return (struct hw_str){"", 0};
}

/*
 * Read the manifest and every feed file it lists into files[]; returns
 * the number loaded, or -1 when the manifest cannot be read.
 */
static long load_files(const char *dir, struct file *files)
{
    struct hw_buf man, path, data;
    struct hw_diag d;
    size_t pos = 0, lineno = 0;
    long n = 0;

    hw_buf_init(&man, 64u * 1024 * 1024);
    hw_buf_init(&path, 4096);
    hw_buf_printf(&path, "%s/manifest.tsv", dir);
    if (hw_read_file(path.p, &man, &d) != 0) {
        hw_diag_print(&d);
        hw_buf_release(&man);
        hw_buf_release(&path);
        return -1;
    }
    while (pos < man.len && n < MAX_FILES) {
        const char *nl = memchr(man.p + pos, '\n', man.len - pos);
        size_t end = nl ? (size_t)(nl - man.p) : man.len;
        struct hw_str line = {man.p + pos, end - pos};
        struct hw_str rel, kind, format, gz;

        pos = end + 1;
        if (lineno++ == 0 || line.len == 0)
            continue; /* header */
        rel = column(line, 0);
        kind = column(line, 1);
        format = column(line, 2);
        gz = column(line, 8);
        if (!hw_str_eq(kind, "feed") || hw_str_trim(gz).len > 0)
            continue;
        hw_buf_reset(&path);
        hw_buf_printf(&path, "%s/%.*s", dir, (int)rel.len, rel.p);
        hw_buf_init(&data, FEED_MAX_INPUT);
        if (hw_read_file(path.p, &data, &d) != 0) {
            hw_diag_print(&d);
            hw_buf_release(&data);
            continue;
        }
        files[n].path = hw_strndup(rel.p, rel.len);
        files[n].data = hw_buf_detach(&data, &files[n].len);
        files[n].json = format.len >= 4 && memcmp(format.p, "json", 4) == 0;
        n++;
    }
    hw_buf_release(&man);
    hw_buf_release(&path);
    return n;
}

/* Parse each file of the kind asked for once; add to t. */
static void parse_pass(const struct file *files, long n, int json,
                       struct tally *t)
{
    long i;

    for (i = 0; i < n; i++) {
        struct feed *f = NULL;

        if (files[i].json != json)
            continue;
        if (feed_parse(files[i].data, files[i].len, NULL, &f, NULL) == 0) {
            t->parsed++;
            t->entries += f->nentries;
        } else {
            t->failed++;
        }
        feed_free(f);
        t->bytes += (double)files[i].len;
    }
}

/* Time reps passes of feed_parse over one kind of file, within TIME_CAP. */
static void time_parse(const struct file *files, long n, int json, size_t reps,
                       struct tally *t)
{
    double t0 = now_sec();

    memset(t, 0, sizeof *t);
    while (t->reps < reps) {
        parse_pass(files, n, json, t);
        t->reps++;
        if (now_sec() - t0 > TIME_CAP) {
            printf("  (a round stopped after %zu of %zu passes: time cap)\n",
                   t->reps, reps);
            break;
        }
    }
    t->secs = now_sec() - t0;
}

/* Time reps passes of libxml2's reader over the XML files, in memory. */
static void time_xmlreader(const struct file *files, long n, size_t reps,
                           struct tally *t)
{
    double t0 = now_sec();
    long i;

    memset(t, 0, sizeof *t);
    while (t->reps < reps) {
        for (i = 0; i < n; i++) {
            xmlTextReaderPtr r;
            int ret = 1;
            long steps = 0;

            if (files[i].json)
                continue;
            r = xmlReaderForMemory(files[i].data, (int)files[i].len, NULL, NULL,
                                   XML_PARSE_NONET | XML_PARSE_NOERROR |
                                       XML_PARSE_NOWARNING);
            if (r) {
                while (steps++ < 100000000L &&
                       (ret = xmlTextReaderRead(r)) == 1)
                    ;
                xmlFreeTextReader(r);
            }
            if (ret == 0)
                t->parsed++;
            else
                t->failed++;
            t->bytes += (double)files[i].len;
        }
        t->reps++;
        if (now_sec() - t0 > TIME_CAP)
            break;
    }
    t->secs = now_sec() - t0;
}

/* Find an executable called name on PATH; 0 and its path in out. */
static int find_in_path(const char *name, struct hw_buf *out)
{
    const char *p = getenv("PATH");
    int guard = 0;

    if (!p || !*p)
        p = "/usr/local/bin:/usr/bin:/bin";
    while (*p && guard++ < 256) {
        const char *colon = strchr(p, ':');
        size_t n = colon ? (size_t)(colon - p) : strlen(p);

        hw_buf_reset(out);
        hw_buf_printf(out, "%.*s/%s", (int)n, n ? p : ".", name);
        if (!out->err && access(out->p, X_OK) == 0)
            return 0;
        p += n;
        if (*p == ':')
            p++;
    }
    return -1;
}

/*
 * Run argv[0] with argv in directory dir, standard output and error to
 * /dev/null; wait at most limit seconds (then kill it).  Returns its exit
 * status, 128 + signal, or -1 when it could not be run or timed out.
 */
static int run_quiet(char *const argv[], const char *dir, double limit)
{
    double deadline = now_sec() + limit;
    pid_t pid;
    int st;

    fflush(stdout);
    fflush(stderr);
    pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int fd = open("/dev/null", O_WRONLY);

        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        if (dir && chdir(dir) != 0)
            _exit(126);
        execv(argv[0], argv);
        _exit(127);
    }
    for (;;) {
        struct timespec nap = {0, 200000};
        pid_t w = waitpid(pid, &st, WNOHANG);

        if (w == pid)
            return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
        if (w < 0 && errno != EINTR)
            return -1;
        if (now_sec() > deadline) {
            kill(pid, SIGKILL);
            waitpid(pid, &st, 0);
            return -1;
        }
        nanosleep(&nap, NULL);
    }
}

/*
 * Time xmllint --stream over reps passes of the XML files, in batches of
 * BATCH paths per invocation.  Returns 0, or -1 when xmllint failed to
 * run (exit 126/127, a signal, or the time cap).
 */
static int time_xmllint(const char *xmllint, const char *dir,
                        const struct file *files, long n, size_t reps,
                        struct tally *t)
{
    char *argv[BATCH + 6];
    const char *fixed[] = {xmllint, "--stream", "--noout", "--nonet"};
    const int nfixed = 4;
    size_t rep;
    long i;
    int k, na = 0, r;
    double t0;

    memset(t, 0, sizeof *t);
    for (k = 0; k < nfixed; k++)
        argv[k] = hw_strdup(fixed[k]);
    t0 = now_sec();
    for (rep = 0; rep < reps; rep++) {
        for (i = 0; i <= n; i++) {
            if (i < n && files[i].json)
                continue;
            if (i < n) {
                argv[nfixed + na++] = files[i].path;
                t->bytes += (double)files[i].len;
                t->parsed++;
            }
            if (na == BATCH || (i == n && na > 0)) {
                argv[nfixed + na] = NULL;
                r = run_quiet(argv, dir, TIME_CAP);
                na = 0;
                /* xmllint exits 1..9 for documents that are not well
                 * formed; that is work done, not a failure to run. */
                if (r < 0 || r >= 126)
                    goto fail;
            }
        }
        t->reps++;
        if (now_sec() - t0 > TIME_CAP)
            break;
    }
    t->secs = now_sec() - t0;
    for (k = 0; k < nfixed; k++)
        hw_free(argv[k]);
    return 0;
fail:
    for (k = 0; k < nfixed; k++)
        hw_free(argv[k]);
    return -1;
}

/* Keep in best the faster (MB/s) of best and t. */
static void keep_best(struct tally *best, const struct tally *t)
{
    if (t->secs > 0 &&
        (best->secs <= 0 || t->bytes / t->secs > best->bytes / best->secs))
        *best = *t;
}

static void print_tally(const char *label, const struct tally *t)
{
    double mb = t->bytes / 1e6;

    printf("%s: %.1f MB in %.3f s = %.1f MB/s (%zu feeds, %zu entries)\n",
           label, mb, t->secs, t->secs > 0 ? mb / t->secs : 0.0, t->parsed,
           t->entries);
}

int main(void)
{
    const char *shared = getenv("HW_SHARED");
    struct file *files;
    struct tally xml, json, all, lint, reader, warm, t;
    struct hw_buf dir, xmllint;
    double xml_bytes = 0, json_bytes = 0, t0;
    size_t reps, nxml = 0, njson = 0;
    long n, i;
    int round, have_lint, lint_ok = 1;

    if (!shared || !*shared)
        shared = "../shared";
    hw_buf_init(&dir, 4096);
    hw_buf_printf(&dir, "%s/data/feeds", shared);
    files = hw_calloc(MAX_FILES, sizeof *files);
    n = load_files(dir.p, files);
    if (n <= 0) {
        fprintf(stderr, "bench_parse: no feed files under %s\n", dir.p);
        return 1;
    }
    for (i = 0; i < n; i++) {
        if (files[i].json) {
            json_bytes += (double)files[i].len;
            njson++;
        } else {
            xml_bytes += (double)files[i].len;
            nxml++;
        }
    }
    reps = (size_t)(TARGET_BYTES / (xml_bytes + json_bytes)) + 1;
    if (reps > MAX_REPS)
        reps = MAX_REPS;
    printf("set: %zu XML files (%.2f MB) + %zu JSON Feed files (%.2f MB) "
           "from %s, gzip skipped; %zu passes\n",
           nxml, xml_bytes / 1e6, njson, json_bytes / 1e6, dir.p, reps);

    /* one untimed pass warms caches and shows what the set holds */
    memset(&warm, 0, sizeof warm);
    parse_pass(files, n, 0, &warm);
    parse_pass(files, n, 1, &warm);
    printf("per pass: %zu files parsed, %zu refused (not a feed or "
           "unreadable), %zu entries\n",
           warm.parsed, warm.failed, warm.entries);

    hw_buf_init(&xmllint, 4096);
    have_lint = find_in_path("xmllint", &xmllint) == 0;
    if (have_lint) /* warm run: loads xmllint and its libraries */
        time_xmllint(xmllint.p, dir.p, files, n < BATCH ? n : BATCH, 1, &t);
    xmlInitParser();

    /* ROUNDS rounds, ours and the peer's in turn; the fastest of each */
    memset(&xml, 0, sizeof xml);
    memset(&json, 0, sizeof json);
    memset(&lint, 0, sizeof lint);
    memset(&reader, 0, sizeof reader);
    t0 = now_sec();
    for (round = 0; round < ROUNDS; round++) {
        time_parse(files, n, 0, reps, &t);
        keep_best(&xml, &t);
        time_parse(files, n, 1, reps, &t);
        keep_best(&json, &t);
        time_xmlreader(files, n, xml.reps, &t);
        keep_best(&reader, &t);
        if (have_lint && lint_ok) {
            if (time_xmllint(xmllint.p, dir.p, files, n, xml.reps, &t) != 0)
                lint_ok = 0;
            else
                keep_best(&lint, &t);
        }
        if (now_sec() - t0 > TIME_CAP)
            break;
    }
    printf("timing: fastest of %d rounds, hashwire and peers in turn\n",
           round < ROUNDS ? round + 1 : ROUNDS);
    all = xml;
    all.bytes += json.bytes;
    all.secs += json.secs;
    all.parsed += json.parsed;
    all.entries += json.entries;
    print_tally("parse", &all);
    print_tally("  parse XML only", &xml);
    print_tally("  parse JSON Feed only", &json);
    printf("  libxml2 xmlTextReader in memory (reference): %.1f MB in "
           "%.3f s = %.1f MB/s\n",
           reader.bytes / 1e6, reader.secs,
           reader.secs > 0 ? reader.bytes / 1e6 / reader.secs : 0.0);

    if (!have_lint) {
        printf("xmllint: not installed, ratio skipped "
               "(sh tools/deps.sh installs libxml2-utils)\n");
    } else if (!lint_ok || lint.secs <= 0 || xml.secs <= 0) {
        printf("xmllint: failed to run, ratio skipped\n");
    } else {
        double ours = xml.bytes / 1e6 / xml.secs;
        double peer = lint.bytes / 1e6 / lint.secs;
        double ratio = ours / peer;

        printf("xmllint --stream --noout: %.1f MB in %.3f s = %.1f MB/s "
               "(%zu files, same XML bytes)\n",
               lint.bytes / 1e6, lint.secs, peer, lint.parsed);
        printf("hashwire/xmllint = %.2f (target >= %.2f) %s\n", ratio,
               TARGET_RATIO, ratio >= TARGET_RATIO ? "met" : "MISSED");
    }
    xmlCleanupParser();
    for (i = 0; i < n; i++) {
        hw_free(files[i].path);
        hw_free(files[i].data);
    }
    hw_free(files);
    hw_buf_release(&dir);
    hw_buf_release(&xmllint);
    return 0;
}
