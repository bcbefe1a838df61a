/*
 * cmd_ingest.c - `hashwire ingest FILE...`: store the articles of feed
 * files.  Each file is one transaction; a bad file is reported and the
 * rest go on; the exit status is 1 if any file failed.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "feed/feed.h"
#include "ingest/ingest.h"
#include "nlp/classify.h"

int cmd_ingest(struct cli *c, int argc, char **argv)
{
    struct ingest_stats stats = {0};
    struct nlp_classifier *model = NULL;
    struct hw_diag md;
    struct store *st;
    struct hw_buf in, url;
    int i, fail = 0, tty = isatty(2);

    if (argc < 2)
        return cli_usage_error("ingest", "no files given");
    if (cli_open_store(c, &st) != CLI_OK)
        return CLI_FAIL;
    /* the category model is optional: without it, articles whose
     * publisher section does not map simply have no category */
    {
        struct hw_buf mp;
        hw_buf_init(&mp, PATH_MAX);
        nlp_classifier_default_path(&mp);
        if (access(mp.p, R_OK) == 0 &&
            nlp_classifier_load(mp.p, &model, &md) != 0) {
            hw_diag_print(&md);
            model = NULL;
        }
        hw_buf_release(&mp);
    }
    hw_buf_init(&in, FEED_MAX_INPUT + 1);
    hw_buf_init(&url, PATH_MAX + 16);
    for (i = 1; i < argc; i++) {
        struct ingest_opts o = {NULL, NULL, c->now, model};
        struct hw_diag d;
        char *real = realpath(argv[i], NULL);

        hw_buf_reset(&in);
        hw_buf_reset(&url);
        hw_buf_printf(&url, "file://%s", real ? real : argv[i]);
        free(real);
        o.url = url.p;
        if (hw_read_file(argv[i], &in, &d) != 0) {
            if (d.code == HW_ETOOBIG)
                hw_fail(&d, HW_ETOOBIG, "ingest", argv[i],
                        "larger than the %u MiB limit for a feed",
                        FEED_MAX_INPUT >> 20);
            hw_diag_print(&d);
            stats.files++;
            stats.failed++;
            fail = 1;
            continue;
        }
        if (ingest_feed(st, in.p, in.len, &o, &stats, &d) != 0) {
            if (d.code != HW_EDB) {
                char why[sizeof d.why];
                memcpy(why, d.why, sizeof why);
                hw_fail(&d, d.code, "ingest", argv[i], "%s", why);
            }
            hw_diag_print(&d);
            fail = 1;
        }
        if (tty)
            fprintf(stderr, "\r%d/%d files, %zu new articles", i, argc - 1,
                    stats.created);
    }
    if (tty)
        fputc('\n', stderr);
    hw_buf_release(&in);
    hw_buf_release(&url);
    store_close(st);
    nlp_classifier_free(model);
    printf("ingested %zu files (%zu failed, %zu bozo): %zu entries, %zu new, "
           "%zu already stored\n",
           stats.files, stats.failed, stats.bozo, stats.entries,
           stats.created, stats.existing);
    return fail ? CLI_FAIL : CLI_OK;
}
