/*
 * cmd_article.c - `hashwire article ID`: one stored article as JSON, with
 * what became of its page when the feed gave only a teaser.
 */
#include <stdio.h>

#include "cli/cli.h"

static int print_row(void *ctx, const struct store_row *r)
{
    struct hw_buf *b = ctx;

    hw_buf_printf(b, "{\"id\":%lld,\"source\":", (long long)r->id);
    hw_json_str_or_null(b, r->source);
    hw_buf_adds(b, ",\"url\":");
    hw_json_str_or_null(b, r->url);
    hw_buf_adds(b, ",\"canonical_url\":");
    hw_json_str_or_null(b, r->canonical_url);
    hw_buf_adds(b, ",\"title\":");
    hw_json_str_or_null(b, r->title);
    hw_buf_adds(b, ",\"author\":");
    hw_json_str_or_null(b, r->author);
    hw_buf_adds(b, ",\"category\":");
    hw_json_str_or_null(b, r->category);
    hw_buf_adds(b, ",\"language\":");
    hw_json_str_or_null(b, r->language);
    hw_buf_adds(b, ",\"published\":");
    hw_json_time(b, r->published);
    hw_buf_adds(b, ",\"fetched\":");
    hw_json_time(b, r->fetched);
    hw_buf_adds(b, ",\"extraction\":");
    if (r->extract_status) {
        hw_buf_adds(b, "{\"status\":");
        hw_json_str(b, r->extract_status);
        hw_buf_adds(b, ",\"error\":");
        hw_json_str_or_null(b, r->extract_error);
        hw_buf_addc(b, '}');
    } else {
        hw_buf_adds(b, "null");
    }
    hw_buf_adds(b, ",\"text\":");
    hw_json_str_or_null(b, r->text);
    hw_buf_adds(b, "}\n");
    return 1;
}

int cmd_article(struct cli *c, int argc, char **argv)
{
    struct store *st;
    struct hw_buf out;
    long id;
    int r;

    if (argc != 2 || cli_uint(argv[1], 0x7fffffffL, &id) != 0)
        return cli_usage_error("article", "needs one article id");
    if (cli_open_store(c, &st) != CLI_OK)
        return CLI_FAIL;
    hw_buf_init(&out, HW_BUF_NOLIMIT);
    r = store_article_get(st, id, print_row, &out);
    if (r == 0)
        fwrite(out.p, 1, out.len, stdout);
    else if (r == HW_ENOTFOUND)
        fprintf(stderr, "hashwire: article: no article %ld\n", id);
    else
        fprintf(stderr, "hashwire: article: %s\n", store_errmsg(st));
    hw_buf_release(&out);
    store_close(st);
    return r == 0 ? CLI_OK : CLI_FAIL;
}
