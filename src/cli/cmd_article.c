/*
 * cmd_article.c - `hashwire article ID`: one stored article as JSON, in
 * the API's format (web_article_json()), with what became of its page
 * when the feed gave only a teaser.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "web/web.h"

struct shown {
    struct hw_buf out;
    hw_time now;
};

static int print_row(void *ctx, const struct store_row *r)
{
    struct shown *s = ctx;

    web_article_json(&s->out, r, s->now, 1);
    hw_buf_addc(&s->out, '\n');
    return 1;
}

int cmd_article(struct cli *c, int argc, char **argv)
{
    struct store *st;
    struct shown s;
    long id;
    int r;

    if (argc != 2 || cli_uint(argv[1], 0x7fffffffL, &id) != 0)
        return cli_usage_error("article", "needs one article id");
    if (cli_open_store(c, &st) != CLI_OK)
        return CLI_FAIL;
    hw_buf_init(&s.out, HW_BUF_NOLIMIT);
    s.now = c->now;
    r = store_article_get(st, id, print_row, &s);
    if (r == 0)
        fwrite(s.out.p, 1, s.out.len, stdout);
    else if (r == HW_ENOTFOUND)
        fprintf(stderr, "hashwire: article: no article %ld\n", id);
    else
        fprintf(stderr, "hashwire: article: %s\n", store_errmsg(st));
    hw_buf_release(&s.out);
    store_close(st);
    return r == 0 ? CLI_OK : CLI_FAIL;
}
