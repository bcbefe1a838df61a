/*
 * bench_analyze.c - what the trained tagger costs ingest: nlp_analyze()
 * with the tagger against nlp_analyze() with the proper-noun finder, on
 * the same Reuters-21578 stories.
 *
 *     bench_analyze [MODEL [CORPUS]]
 *
 * MODEL defaults to the default model (models/ner.model, or under
 * $HASHWIRE_MODELS), CORPUS to $HW_SHARED/data/corpus/reuters21578.jsonl.
 * At most HW_BENCH_ANALYZE_N stories (default 5000) are read, title and
 * body, and each mode runs over all of them, on one thread:
 *   - finder: nlp_analyze_ex() with no tagger;
 *   - tagger: nlp_analyze_ex() with the model (one nlp_ner_find() per
 *     story, title and text together);
 *   - ner_find: nlp_ner_find() alone on title + "\n\n" + body, the
 *     tagger's own share of the above;
 *   - per call: nlp_ner_find() on a one-word text, 2000 times: the fixed
 *     cost of a call (its scratch memory set up and freed), which every
 *     story pays once;
 * then the tagger mode again on two threads sharing the model, each on
 * half the stories.  Each figure is the best of PASSES passes.  Prints
 * articles/s and MB/s of text for each, the entities per story, and the
 * tagger/finder ratio.  No target: the
 * figures are for deciding whether ingest needs a workspace kept across
 * calls.
 */
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nlp/ner.h"
#include "nlp/nlp.h"

/* Each figure is the best of this many passes (the machine may be busy). */
#define PASSES 3

struct story {
    char *title, *body;
    size_t bytes;
};

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t load(const char *path, struct story *s, size_t max)
{
    struct hw_buf b;
    struct hw_diag d;
    size_t n = 0, i = 0;

    hw_buf_init(&b, (size_t)256 << 20);
    if (hw_read_file(path, &b, &d) != 0) {
        hw_diag_print(&d);
        exit(1);
    }
    while (i < b.len && n < max) {
        size_t e = i;
        json_t *o;
        while (e < b.len && b.p[e] != '\n')
            e++;
        o = json_loadb(b.p + i, e - i, 0, NULL);
        i = e + 1;
        if (!o)
            continue;
        {
            json_t *t = json_object_get(o, "title");
            json_t *x = json_object_get(o, "body");
            if (json_is_string(t) && json_is_string(x) &&
                json_string_length(x) > 0) {
                s[n].title = hw_strdup(json_string_value(t));
                s[n].body = hw_strdup(json_string_value(x));
                s[n].bytes = strlen(s[n].title) + strlen(s[n].body);
                n++;
            }
        }
        json_decref(o);
    }
    hw_buf_release(&b);
    return n;
}

struct run {
    const struct story *s;
    size_t n;
    const struct nlp_ner *m;
    size_t entities;
};

static void *analyze_all(void *arg)
{
    struct run *r = arg;
    struct nlp_analyze_opts o = {r->m, 0};
    size_t i;

    for (i = 0; i < r->n; i++) {
        struct nlp_doc d;
        if (nlp_analyze_ex(r->s[i].title, r->s[i].body, &o, &d) != 0) {
            fprintf(stderr, "bench_analyze: analysis failed\n");
            exit(1);
        }
        r->entities += d.nentities;
        nlp_doc_release(&d);
    }
    return NULL;
}

static void report(const char *what, double secs, size_t n, size_t bytes,
                   size_t entities)
{
    printf("analyze: %-22s %8.0f articles/s  %6.2f MB/s", what, n / secs,
           bytes / secs / 1e6);
    if (entities)
        printf("  %.1f entities/article", (double)entities / n);
    printf("\n");
}

int main(int argc, char **argv)
{
    const char *shared = getenv("HW_SHARED");
    const char *nenv = getenv("HW_BENCH_ANALYZE_N");
    char corpus[1024];
    struct story *s;
    struct nlp_ner *m;
    struct hw_diag d;
    size_t n, max = 5000, bytes = 0, i, k;
    double t0, t_finder = 0, t_tagger = 0, t_find = 0, t_call = 0, t_two = 0;
    size_t ent_finder = 0, ent_tagger = 0;
    struct run r;
    int pass;

    if (nenv && *nenv) {
        char *end;
        unsigned long v = strtoul(nenv, &end, 10);
        if (*end == '\0' && v > 0 && v < 1000000)
            max = v;
    }
    snprintf(corpus, sizeof corpus, "%s/data/corpus/reuters21578.jsonl",
             shared && *shared ? shared : "../shared");
    if ((argc > 1 ? nlp_ner_open(argv[1], &m, &d)
                  : nlp_ner_open_default(&m, &d)) != 0) {
        hw_diag_print(&d);
        printf("analyze: no readable model: skipped\n");
        return 0;
    }
    s = hw_calloc(max, sizeof *s);
    n = load(argc > 2 ? argv[2] : corpus, s, max);
    for (i = 0; i < n; i++)
        bytes += s[i].bytes;
    printf("analyze: %zu Reuters stories, %.2f MB of title and text\n", n,
           bytes / 1e6);
    if (n == 0)
        return 1;

    for (pass = 0; pass < PASSES; pass++) {
        double t;

        memset(&r, 0, sizeof r);
        r.s = s;
        r.n = n;
        t0 = now_s();
        analyze_all(&r);
        t = now_s() - t0;
        if (pass == 0 || t < t_finder)
            t_finder = t;
        ent_finder = r.entities;

        r.m = m;
        r.entities = 0;
        t0 = now_s();
        analyze_all(&r);
        t = now_s() - t0;
        if (pass == 0 || t < t_tagger)
            t_tagger = t;
        ent_tagger = r.entities;

        t0 = now_s();
        for (i = 0; i < n; i++) {
            struct hw_buf b;
            struct nlp_mention *ms;
            size_t nm;
            hw_buf_init(&b, HW_BUF_NOLIMIT);
            hw_buf_adds(&b, s[i].title);
            hw_buf_adds(&b, "\n\n");
            hw_buf_adds(&b, s[i].body);
            nlp_ner_find(m, b.p, b.len, &ms, &nm);
            hw_free(ms);
            hw_buf_release(&b);
        }
        t = now_s() - t0;
        if (pass == 0 || t < t_find)
            t_find = t;

        t0 = now_s();
        for (k = 0; k < 2000; k++) {
            struct nlp_mention *ms;
            size_t nm;
            nlp_ner_find(m, "Putin", 5, &ms, &nm);
            hw_free(ms);
        }
        t = (now_s() - t0) / 2000;
        if (pass == 0 || t < t_call)
            t_call = t;

        {
            struct run h[2];
            pthread_t th;
            memset(h, 0, sizeof h);
            h[0].s = s;
            h[0].n = n / 2;
            h[1].s = s + n / 2;
            h[1].n = n - n / 2;
            h[0].m = h[1].m = m;
            t0 = now_s();
            if (pthread_create(&th, NULL, analyze_all, &h[1]) != 0) {
                fprintf(stderr, "bench_analyze: no thread\n");
                return 1;
            }
            analyze_all(&h[0]);
            pthread_join(th, NULL);
            t = now_s() - t0;
            if (pass == 0 || t < t_two)
                t_two = t;
        }
    }
    report("finder", t_finder, n, bytes, ent_finder);
    report("tagger", t_tagger, n, bytes, ent_tagger);
    report("nlp_ner_find alone", t_find, n, bytes, 0);
    printf("analyze: nlp_ner_find fixed cost  %.1f us per call (a one-word "
           "text), %.0f%% of a story's tagger time\n",
           t_call * 1e6, 100.0 * t_call / (t_tagger / n));
    report("tagger, 2 threads", t_two, n, bytes, 0);
    printf("analyze: tagger/finder time %.1fx; the tagger's own share "
           "%.0f%%\n",
           t_tagger / t_finder, 100.0 * t_find / t_tagger);
    for (i = 0; i < n; i++) {
        hw_free(s[i].title);
        hw_free(s[i].body);
    }
    hw_free(s);
    nlp_ner_close(m);
    return 0;
}
