/*
 * cmd_feeds.c - `hashwire feeds ...`: the subscriptions.
 *
 *     feeds add [--folder NAME] URL...   subscribe (URLs canonicalised)
 *     feeds import [--if-empty] FILE     OPML 1.0/2.0, folders kept
 *     feeds export                       OPML 2.0 on standard output
 *     feeds list [--format text|json]    state of every feed
 *     feeds remove ID...                 unsubscribe (articles stay)
 *
 * A site's home page may be added instead of its feed: the crawler finds
 * the feed the page links to (autodiscovery) on its first poll and moves
 * the subscription there.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "feed/opml.h"
#include "fetch/fetch.h"

static int tx_end(struct store *st, int ok)
{
    if (ok)
        return store_commit(st) == 0;
    store_rollback(st);
    return 0;
}

static int feeds_add(struct cli *c, int argc, char **argv)
{
    const char *folder = NULL;
    struct store *st;
    struct hw_buf url;
    int i = 2, r, fail = 0, n = 0;

    while (i < argc && argv[i][0] == '-') {
        if ((r = cli_opt(argc, argv, &i, "--folder", &folder)) < 0)
            return cli_usage_error("feeds", "--folder needs a name");
        if (r == 0) {
            if (strcmp(argv[i], "--") == 0) {
                i++;
                break;
            }
            return cli_usage_error("feeds", "unknown option %s", argv[i]);
        }
    }
    if (i >= argc)
        return cli_usage_error("feeds", "add: no URL given");
    if (cli_open_store(c, &st) != CLI_OK)
        return CLI_FAIL;
    hw_buf_init(&url, FETCH_URL_MAX + 1);
    for (; i < argc; i++) {
        int64_t id;
        int created;
        hw_buf_reset(&url);
        if ((r = fetch_url_canon(argv[i], strlen(argv[i]), &url)) != 0) {
            fprintf(stderr, "hashwire: feeds add: %s: %s\n", argv[i],
                    r == HW_ETOOBIG ? "URL too long"
                                    : "not an http or https URL");
            fail = 1;
            continue;
        }
        if (store_begin(st) != 0 ||
            !tx_end(st, store_feed_add(st, url.p, NULL, folder, &id,
                                       &created) == 0)) {
            fprintf(stderr, "hashwire: feeds add: %s: %s\n", url.p,
                    store_errmsg(st));
            fail = 1;
            continue;
        }
        printf("%s %lld %s\n", created ? "added" : "already subscribed",
               (long long)id, url.p);
        n++;
    }
    hw_buf_release(&url);
    store_close(st);
    (void)n;
    return fail ? CLI_FAIL : CLI_OK;
}

static int feeds_import(struct cli *c, int argc, char **argv)
{
    const char *file = NULL;
    int if_empty = 0, i, fail = 0;
    size_t k, added = 0, known = 0, bad = 0;
    struct feed_opml *o = NULL;
    struct store *st;
    struct hw_buf in, url;
    struct hw_diag d;

    for (i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--if-empty") == 0)
            if_empty = 1;
        else if (argv[i][0] == '-' && argv[i][1])
            return cli_usage_error("feeds", "unknown option %s", argv[i]);
        else if (!file)
            file = argv[i];
        else
            return cli_usage_error("feeds", "import: one file at a time");
    }
    if (!file)
        return cli_usage_error("feeds", "import: no OPML file given");
    if (cli_open_store(c, &st) != CLI_OK)
        return CLI_FAIL;
    if (if_empty) {
        struct store_stats s;
        if (store_stats(st, &s) == 0 && s.feeds > 0) {
            printf("the database has %lld feeds: nothing imported\n",
                   (long long)s.feeds);
            store_close(st);
            return CLI_OK;
        }
    }
    hw_buf_init(&in, FEED_OPML_MAX_INPUT + 1);
    if (hw_read_file(file, &in, &d) != 0 ||
        feed_opml_parse(in.p, in.len, &o, &d) != 0) {
        char why[sizeof d.why];
        memcpy(why, d.why, sizeof why);
        if (d.code == HW_ETOOBIG)
            hw_fail(&d, HW_ETOOBIG, "feeds import", file,
                    "larger than the %u MiB limit for OPML",
                    FEED_OPML_MAX_INPUT >> 20);
        else
            hw_fail(&d, d.code, "feeds import", file, "%s", why);
        hw_diag_print(&d);
        hw_buf_release(&in);
        store_close(st);
        return CLI_FAIL;
    }
    hw_buf_release(&in);
    if (o->bozo)
        fprintf(stderr, "hashwire: feeds import: %s: %s (imported what "
                        "could be read)\n",
                file, o->bozo_message);
    hw_buf_init(&url, FETCH_URL_MAX + 1);
    if (store_begin(st) != 0) {
        fail = 1;
        goto done;
    }
    for (k = 0; k < o->nitems; k++) {
        const struct feed_opml_item *it = &o->items[k];
        int64_t id;
        int created;
        hw_buf_reset(&url);
        if (fetch_url_canon(it->url, strlen(it->url), &url) != 0) {
            fprintf(stderr, "hashwire: feeds import: %s: skipped, not an "
                            "http or https URL\n",
                    it->url);
            bad++;
            continue;
        }
        if (store_feed_add(st, url.p, it->title, it->folder, &id,
                           &created) != 0) {
            fail = 1;
            break;
        }
        if (created)
            added++;
        else
            known++;
    }
    if (!tx_end(st, !fail))
        fail = 1;
done:
    if (fail)
        fprintf(stderr, "hashwire: feeds import: %s: %s\n", file,
                store_errmsg(st));
    else
        printf("imported %zu feeds from %s: %zu new, %zu already "
               "subscribed, %zu skipped\n",
               added + known, file, added, known, bad);
    hw_buf_release(&url);
    feed_opml_free(o);
    store_close(st);
    return fail ? CLI_FAIL : CLI_OK;
}

/* Subscriptions copied out of the store, for export. */
struct items {
    struct feed_opml_item *v;
    size_t n, cap;
};

static int collect(void *ctx, const struct store_feed *f)
{
    struct items *it = ctx;
    struct feed_opml_item *x;

    if (it->n == it->cap) {
        it->cap = it->cap ? it->cap * 2 : 64;
        it->v = hw_realloc(it->v, it->cap * sizeof *it->v);
    }
    x = &it->v[it->n++];
    x->url = hw_strdup(f->url);
    x->title = hw_strdup(f->title);
    x->html_url = hw_strdup(f->site_url);
    x->folder = hw_strdup(f->folder);
    return 0;
}

static int feeds_export(struct cli *c)
{
    struct items it = {NULL, 0, 0};
    struct store *st;
    struct hw_buf out;
    size_t k;
    int r;

    if (cli_open_store(c, &st) != CLI_OK)
        return CLI_FAIL;
    r = store_feeds_list(st, collect, &it);
    if (r != 0)
        fprintf(stderr, "hashwire: feeds export: %s\n", store_errmsg(st));
    hw_buf_init(&out, HW_BUF_NOLIMIT);
    if (r == 0) {
        feed_opml_write(NULL, it.v, it.n, c->now, &out);
        fwrite(out.p, 1, out.len, stdout);
    }
    hw_buf_release(&out);
    for (k = 0; k < it.n; k++) {
        hw_free(it.v[k].url);
        hw_free(it.v[k].title);
        hw_free(it.v[k].html_url);
        hw_free(it.v[k].folder);
    }
    hw_free(it.v);
    store_close(st);
    return r ? CLI_FAIL : CLI_OK;
}

struct lister {
    int json, first;
    struct hw_buf b;
};

static void time_or_dash(hw_time t, char out[32])
{
    if (t == HW_TIME_NONE)
        memcpy(out, "-", 2);
    else
        hw_time_rfc3339(t, out);
}

static int list_one(void *ctx, const struct store_feed *f)
{
    struct lister *l = ctx;
    char last[32], next[32], status[16];

    hw_buf_reset(&l->b);
    if (l->json) {
        hw_buf_printf(&l->b, "%s\n  {\"id\": %lld, \"url\": ",
                      l->first ? "" : ",", (long long)f->id);
        hw_json_str(&l->b, f->url);
        hw_buf_adds(&l->b, ", \"title\": ");
        hw_json_str_or_null(&l->b, f->title);
        hw_buf_adds(&l->b, ", \"site_url\": ");
        hw_json_str_or_null(&l->b, f->site_url);
        hw_buf_adds(&l->b, ", \"folder\": ");
        hw_json_str_or_null(&l->b, f->folder);
        hw_buf_adds(&l->b, ", \"last_fetch\": ");
        hw_json_time(&l->b, f->last_fetch);
        hw_buf_printf(&l->b, ", \"last_status\": %d", f->last_status);
        hw_buf_adds(&l->b, ", \"next_poll\": ");
        hw_json_time(&l->b, f->next_poll);
        hw_buf_adds(&l->b, ", \"last_error\": ");
        hw_json_str_or_null(&l->b, f->last_error);
        hw_buf_printf(&l->b,
                      ", \"error_count\": %d, \"gone\": %s, "
                      "\"articles\": %lld, \"etag\": ",
                      f->error_count, f->gone ? "true" : "false",
                      (long long)f->articles);
        hw_json_str_or_null(&l->b, f->etag);
        hw_buf_adds(&l->b, ", \"last_modified\": ");
        hw_json_str_or_null(&l->b, f->last_modified);
        hw_buf_addc(&l->b, '}');
    } else {
        if (l->first)
            printf("%-5s %-6s %-20s %-20s %8s  %s\n", "ID", "STATUS",
                   "LAST FETCH", "NEXT POLL", "ARTICLES", "FEED");
        time_or_dash(f->last_fetch, last);
        if (f->gone)
            memcpy(next, "never", 6);
        else if (f->next_poll == HW_TIME_NONE || f->next_poll == 0)
            memcpy(next, "now", 4);
        else
            hw_time_rfc3339(f->next_poll, next);
        if (f->gone)
            snprintf(status, sizeof status, "gone");
        else if (f->last_fetch == HW_TIME_NONE)
            snprintf(status, sizeof status, "-");
        else if (f->last_status == 0)
            snprintf(status, sizeof status, "error");
        else
            snprintf(status, sizeof status, "%d", f->last_status);
        hw_buf_printf(&l->b, "%-5lld %-6s %-20s %-20s %8lld  ",
                      (long long)f->id, status, last, next,
                      (long long)f->articles);
        if (f->folder)
            hw_buf_printf(&l->b, "[%s] ", f->folder);
        if (f->title)
            hw_buf_add_utf8(&l->b, f->title, strlen(f->title));
        hw_buf_printf(&l->b, "%s<%s>", f->title ? " " : "", f->url);
        if (f->last_error) {
            hw_buf_adds(&l->b, "\n      error: ");
            hw_buf_add_utf8(&l->b, f->last_error, strlen(f->last_error));
            hw_buf_printf(&l->b, " (%d in a row)", f->error_count);
        }
        hw_buf_addc(&l->b, '\n');
    }
    fwrite(l->b.p, 1, l->b.len, stdout);
    l->first = 0;
    return 0;
}

static int feeds_list(struct cli *c, int argc, char **argv)
{
    struct lister l = {0, 1, {0}};
    const char *fmt = "text";
    struct store *st;
    int i = 2, r;

    while (i < argc) {
        if ((r = cli_opt(argc, argv, &i, "--format", &fmt)) < 0)
            return cli_usage_error("feeds", "--format needs text or json");
        if (r == 0)
            return cli_usage_error("feeds", "list: unexpected %s", argv[i]);
    }
    if (strcmp(fmt, "json") == 0)
        l.json = 1;
    else if (strcmp(fmt, "text") != 0)
        return cli_usage_error("feeds", "--format is text or json");
    if (cli_open_store(c, &st) != CLI_OK)
        return CLI_FAIL;
    hw_buf_init(&l.b, HW_BUF_NOLIMIT);
    if (l.json)
        fputc('[', stdout);
    r = store_feeds_list(st, list_one, &l);
    if (l.json)
        fputs(l.first ? "]\n" : "\n]\n", stdout);
    if (r != 0)
        fprintf(stderr, "hashwire: feeds list: %s\n", store_errmsg(st));
    hw_buf_release(&l.b);
    store_close(st);
    return r ? CLI_FAIL : CLI_OK;
}

static int feeds_remove(struct cli *c, int argc, char **argv)
{
    struct store *st;
    int i, fail = 0;

    if (argc < 3)
        return cli_usage_error("feeds", "remove: no feed id given");
    for (i = 2; i < argc; i++) {
        long v;
        if (cli_uint(argv[i], 1L << 62, &v) != 0)
            return cli_usage_error("feeds", "remove: %s is not a feed id",
                                   argv[i]);
    }
    if (cli_open_store(c, &st) != CLI_OK)
        return CLI_FAIL;
    for (i = 2; i < argc; i++) {
        long v;
        int r;
        cli_uint(argv[i], 1L << 62, &v);
        if (store_begin(st) != 0) {
            fail = 1;
            break;
        }
        r = store_feed_remove(st, v);
        if (!tx_end(st, r == 0)) {
            fprintf(stderr, "hashwire: feeds remove: %s: %s\n", argv[i],
                    r == HW_ENOTFOUND ? "no such feed" : store_errmsg(st));
            fail = 1;
            continue;
        }
        printf("removed %ld\n", v);
    }
    store_close(st);
    return fail ? CLI_FAIL : CLI_OK;
}

int cmd_feeds(struct cli *c, int argc, char **argv)
{
    const char *sub = argc > 1 ? argv[1] : "";

    if (strcmp(sub, "add") == 0)
        return feeds_add(c, argc, argv);
    if (strcmp(sub, "import") == 0)
        return feeds_import(c, argc, argv);
    if (strcmp(sub, "export") == 0) {
        if (argc > 2)
            return cli_usage_error("feeds", "export takes no arguments");
        return feeds_export(c);
    }
    if (strcmp(sub, "list") == 0)
        return feeds_list(c, argc, argv);
    if (strcmp(sub, "remove") == 0)
        return feeds_remove(c, argc, argv);
    return cli_usage_error("feeds", "%s%s", *sub ? "unknown subcommand " : "",
                           *sub ? sub : "add, import, export, list or "
                                        "remove?");
}
