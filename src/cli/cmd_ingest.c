/*
 * cmd_ingest.c - `hashwire ingest FILE...`: store the articles of feed
 * files.  Each file is one transaction; a bad file is reported and the
 * rest go on; the exit status is 1 if any file failed.
 *
 * With several files the work runs on two cores: a reader thread reads
 * and prepares the files in order (parse, text, category, mentions) and
 * hands them over through a small queue, while this thread stores them.
 */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "feed/feed.h"
#include "ingest/ingest.h"
#include "nlp/classify.h"

#define QUEUE 4 /* prepared files waiting to be stored, at most */

/* One file, prepared or failed. */
struct job {
    struct ingest_batch *batch; /* NULL when it failed */
    struct hw_diag diag;
};

struct reader {
    char **files;
    int nfiles;
    struct ingest_opts opts;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    struct job queue[QUEUE];
    int head, count;
};

/* Read and prepare file i; fills job. */
static void prepare_file(struct reader *rd, int i, struct hw_buf *in,
                         struct hw_buf *url, struct job *job)
{
    struct ingest_opts o = rd->opts;
    char *real = realpath(rd->files[i], NULL);

    memset(job, 0, sizeof *job);
    hw_buf_reset(in);
    hw_buf_reset(url);
    hw_buf_printf(url, "file://%s", real ? real : rd->files[i]);
    free(real);
    o.url = url->p;
    if (hw_read_file(rd->files[i], in, &job->diag) != 0) {
        if (job->diag.code == HW_ETOOBIG)
            hw_fail(&job->diag, HW_ETOOBIG, "ingest", rd->files[i],
                    "larger than the %u MiB limit for a feed",
                    FEED_MAX_INPUT >> 20);
        return;
    }
    if (ingest_prepare(in->p, in->len, &o, 1, &job->batch, &job->diag)) {
        char why[sizeof job->diag.why];
        memcpy(why, job->diag.why, sizeof why);
        hw_fail(&job->diag, job->diag.code, "ingest", rd->files[i], "%s",
                why);
    }
}

static void *reader_main(void *arg)
{
    struct reader *rd = arg;
    struct hw_buf in, url;
    int i;

    hw_buf_init(&in, FEED_MAX_INPUT + 1);
    hw_buf_init(&url, PATH_MAX + 16);
    for (i = 0; i < rd->nfiles; i++) {
        struct job job;
        prepare_file(rd, i, &in, &url, &job);
        pthread_mutex_lock(&rd->lock);
        while (rd->count == QUEUE)
            pthread_cond_wait(&rd->changed, &rd->lock);
        rd->queue[(rd->head + rd->count) % QUEUE] = job;
        rd->count++;
        pthread_cond_broadcast(&rd->changed);
        pthread_mutex_unlock(&rd->lock);
    }
    hw_buf_release(&in);
    hw_buf_release(&url);
    return NULL;
}

/* The next job, in file order (waits for the reader). */
static struct job next_job(struct reader *rd)
{
    struct job job;

    pthread_mutex_lock(&rd->lock);
    while (rd->count == 0)
        pthread_cond_wait(&rd->changed, &rd->lock);
    job = rd->queue[rd->head];
    rd->head = (rd->head + 1) % QUEUE;
    rd->count--;
    pthread_cond_broadcast(&rd->changed);
    pthread_mutex_unlock(&rd->lock);
    return job;
}

int cmd_ingest(struct cli *c, int argc, char **argv)
{
    struct ingest_stats stats = {0};
    struct nlp_classifier *model;
    struct reader rd;
    pthread_t thread;
    struct store *st;
    int i, fail = 0, tty = isatty(2);

    if (argc < 2)
        return cli_usage_error("ingest", "no files given");
    if (cli_open_store(c, &st) != CLI_OK)
        return CLI_FAIL;
    /* the category model is optional: without it, articles whose
     * publisher section does not map simply have no category */
    model = cli_load_classifier();
    memset(&rd, 0, sizeof rd);
    rd.files = argv + 1;
    rd.nfiles = argc - 1;
    rd.opts.now = c->now;
    rd.opts.classifier = model;
    pthread_mutex_init(&rd.lock, NULL);
    pthread_cond_init(&rd.changed, NULL);
    if (pthread_create(&thread, NULL, reader_main, &rd) != 0) {
        fprintf(stderr, "hashwire: ingest: cannot start a thread\n");
        store_close(st);
        nlp_classifier_free(model);
        return CLI_FAIL;
    }
    for (i = 0; i < rd.nfiles; i++) {
        struct job job = next_job(&rd);

        if (!job.batch) {
            hw_diag_print(&job.diag);
            stats.files++;
            stats.failed++;
            fail = 1;
        } else if (ingest_store(st, job.batch, &stats, &job.diag) != 0) {
            hw_diag_print(&job.diag);
            fail = 1;
        }
        ingest_batch_free(job.batch);
        if (tty)
            fprintf(stderr, "\r%d/%d files, %zu new articles", i + 1,
                    rd.nfiles, stats.created);
    }
    pthread_join(thread, NULL);
    pthread_mutex_destroy(&rd.lock);
    pthread_cond_destroy(&rd.changed);
    if (tty)
        fputc('\n', stderr);
    store_close(st);
    nlp_classifier_free(model);
    printf("ingested %zu files (%zu failed, %zu bozo): %zu entries, %zu new, "
           "%zu already stored\n",
           stats.files, stats.failed, stats.bozo, stats.entries,
           stats.created, stats.existing);
    return fail ? CLI_FAIL : CLI_OK;
}
