/*
 * cmd_retag.c - `hashwire retag [--batch N] [--batches N] [--restart]`:
 * tag the stored articles again, after the tagger's model (or the rules
 * after it) changed, and replace their mentions.
 *
 * The articles are read in id order, N at a time (--batch, default 200).
 * Each batch is analysed outside any transaction (nlp_analyze(), as
 * ingest does: the tagger of nlp_tagger()), then written in one
 * transaction that also records the last article done under the key
 * "retag.after" of the store's meta table.  A run that is stopped - by
 * SIGINT or SIGTERM (the batch in hand is finished first), by --batches
 * N (at most N batches per run), by an error or by a kill - loses at
 * most the batch it was writing, and the next run resumes after the last
 * article committed.  A run that reaches the end deletes the key, so the
 * next one starts from the first article; --restart starts from it
 * anyway.  On a terminal a progress line is kept on stderr.
 *
 * Exit status: 0 when done or stopped by --batches; 1 on an error or
 * when interrupted.  The summary goes to standard output.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "ingest/ingest.h"
#include "nlp/nlp.h"

#define RETAG_KEY "retag.after"
#define BATCH_DEFAULT 200
#define BATCH_MAX 100000

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

/* One stored article to tag again. */
struct item {
    int64_t id;
    hw_time t;
    char *title, *text;
    struct nlp_doc doc;
};

struct batch {
    struct item *items;
    size_t n, cap;
};

static int collect(void *ctx, const struct store_row *r)
{
    struct batch *b = ctx;
    struct item *it;

    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 64;
        b->items = hw_realloc(b->items, b->cap * sizeof *b->items);
    }
    it = &b->items[b->n++];
    memset(it, 0, sizeof *it);
    it->id = r->id;
    it->t = r->published != HW_TIME_NONE ? r->published : r->fetched;
    it->title = hw_strdup(r->title ? r->title : "");
    it->text = hw_strdup(r->text ? r->text : "");
    return 0;
}

static void batch_clear(struct batch *b)
{
    size_t i;

    for (i = 0; i < b->n; i++) {
        hw_free(b->items[i].title);
        hw_free(b->items[i].text);
        nlp_doc_release(&b->items[i].doc);
    }
    b->n = 0;
}

/* The article id saved by an earlier run, or 0. */
static int saved_position(struct store *st, int64_t *after)
{
    struct hw_buf v;
    char *end;
    long long x;
    int r;

    *after = 0;
    hw_buf_init(&v, 64);
    r = store_meta_get(st, RETAG_KEY, &v);
    if (r == HW_ENOTFOUND) {
        hw_buf_release(&v);
        return 0;
    }
    if (r == 0) {
        errno = 0;
        x = strtoll(v.p, &end, 10);
        if (errno || end == v.p || *end || x < 0)
            r = HW_EPARSE;
        else
            *after = (int64_t)x;
    }
    hw_buf_release(&v);
    return r;
}

/* Write the analysed batch and the position after it: one transaction. */
static int write_batch(struct store *st, struct batch *b)
{
    char pos[32];
    size_t i;
    int r;

    if ((r = store_begin(st)) != 0)
        return r;
    for (i = 0; i < b->n && r == 0; i++)
        r = ingest_replace_mentions(st, b->items[i].id, b->items[i].t,
                                    &b->items[i].doc);
    if (r == 0) {
        snprintf(pos, sizeof pos, "%lld", (long long)b->items[b->n - 1].id);
        r = store_meta_set(st, RETAG_KEY, pos);
    }
    if (r == 0 && (r = store_commit(st)) == 0)
        return 0;
    store_rollback(st);
    return r;
}

static int fail(struct store *st, int r, const char *what)
{
    fprintf(stderr, "hashwire: retag: %s: %s\n", what,
            r == HW_EDB ? store_errmsg(st) : hw_strerror(r));
    return CLI_FAIL;
}

int cmd_retag(struct cli *c, int argc, char **argv)
{
    long batch = BATCH_DEFAULT, max_batches = -1, nb = 0;
    int i = 1, r, restart = 0, end = 0, tty = isatty(2), status = CLI_OK;
    int64_t after, start, total = 0, done = 0;
    struct sigaction sa, old_int, old_term;
    struct batch b = {NULL, 0, 0};
    struct store *st;
    const char *v;

    while (i < argc) {
        if ((r = cli_opt(argc, argv, &i, "--batch", &v)) != 0) {
            if (r < 0 || cli_uint(v, BATCH_MAX, &batch) != 0 || batch < 1)
                return cli_usage_error("retag", "--batch wants 1 to %d",
                                       BATCH_MAX);
            continue;
        }
        if ((r = cli_opt(argc, argv, &i, "--batches", &v)) != 0) {
            if (r < 0 || cli_uint(v, 1000000000L, &max_batches) != 0 ||
                max_batches < 1)
                return cli_usage_error("retag", "--batches wants a number "
                                                "of batches, 1 or more");
            continue;
        }
        if (strcmp(argv[i], "--restart") == 0) {
            restart = 1;
            i++;
            continue;
        }
        return cli_usage_error("retag", "unknown argument %s", argv[i]);
    }
    if (cli_open_store(c, &st) != CLI_OK)
        return CLI_FAIL;
    if ((r = saved_position(st, &after)) != 0 ||
        (r = store_articles_after(st, restart ? 0 : after, 0, NULL, NULL,
                                  &total)) != 0) {
        fail(st, r, "reading the saved position");
        store_close(st);
        return CLI_FAIL;
    }
    if (restart)
        after = 0;
    start = after;
    if (after > 0)
        fprintf(stderr, "hashwire: retag: resuming after article %lld\n",
                (long long)after);

    stop_flag = 0;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    while (!stop_flag && (max_batches < 0 || nb < max_batches)) {
        size_t k;

        r = store_articles_after(st, after, (int)batch, collect, &b, NULL);
        if (r != 0) {
            status = fail(st, r, "reading articles");
            break;
        }
        if (b.n == 0) {
            end = 1;
            break;
        }
        for (k = 0; k < b.n && r == 0; k++)
            r = nlp_analyze(b.items[k].title, b.items[k].text, &b.items[k].doc);
        if (r != 0 || (r = write_batch(st, &b)) != 0) {
            status = fail(st, r, "writing mentions");
            break;
        }
        after = b.items[b.n - 1].id;
        done += (int64_t)b.n;
        nb++;
        end = b.n < (size_t)batch;
        batch_clear(&b);
        if (tty)
            fprintf(stderr, "\rretag: %lld/%lld articles", (long long)done,
                    (long long)total);
        if (end)
            break;
    }
    batch_clear(&b);
    hw_free(b.items);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    if (tty && done > 0)
        fputc('\n', stderr);
    if (status == CLI_OK && end) {
        /* the end: the next run starts from the first article */
        if ((r = store_begin(st)) != 0 ||
            (r = store_meta_set(st, RETAG_KEY, NULL)) != 0 ||
            (r = store_commit(st)) != 0) {
            store_rollback(st);
            status = fail(st, r, "clearing the saved position");
        }
    }
    if (status == CLI_OK && end) {
        printf("retagged %lld articles", (long long)done);
        if (start > 0)
            printf(" (resumed after article %lld)", (long long)start);
        printf("\n");
    } else {
        printf("retagged %lld of %lld articles; stopped after article "
               "%lld, `hashwire retag` resumes there\n",
               (long long)done, (long long)total, (long long)after);
        if (stop_flag && status == CLI_OK) {
            fprintf(stderr, "hashwire: retag: interrupted\n");
            status = CLI_FAIL;
        }
    }
    store_close(st);
    return status;
}
