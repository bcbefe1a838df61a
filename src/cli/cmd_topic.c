/*
 * cmd_topic.c - `hashwire topic TAG`: the "Latest news with #Tag" page,
 * as text (the layout of the seed page) or JSON.
 *
 * Text layout, per article, newest first:
 *     Source / relative time / "- Category" / "- Source" / title / text
 * then two blank lines.  The text is printed on one line (paragraphs
 * joined by a space), as the page shows it.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "nlp/nlp.h"

struct page {
    hw_time now;
    int json, count;
    struct hw_buf out, tmp;
};

/* Append text with paragraph breaks and other newlines as one space. */
static void add_flat(struct hw_buf *b, const char *s)
{
    int space = 0;

    for (; s && *s; s++) {
        if (*s == '\n' || *s == '\r') {
            space = 1;
            continue;
        }
        if (space && b->len && b->p[b->len - 1] != ' ')
            hw_buf_addc(b, ' ');
        space = 0;
        hw_buf_addc(b, *s);
    }
}

static int text_row(struct page *p, const struct store_row *r)
{
    struct hw_buf *b = &p->out;
    const char *src = r->source ? r->source : "";

    hw_buf_printf(b, "%s\n", src);
    if (r->sort_time != HW_TIME_NONE)
        hw_reltime(r->sort_time, p->now, b);
    hw_buf_addc(b, '\n');
    if (r->category)
        hw_buf_printf(b, "- %s\n", r->category);
    hw_buf_printf(b, "- %s\n", src);
    add_flat(b, r->title ? r->title : "");
    hw_buf_addc(b, '\n');
    add_flat(b, r->text ? r->text : "");
    return hw_buf_adds(b, "\n\n\n");
}

static int json_row(struct page *p, const struct store_row *r)
{
    struct hw_buf *b = &p->out;

    if (p->count)
        hw_buf_addc(b, ',');
    hw_buf_printf(b, "{\"id\":%lld,\"source\":", (long long)r->id);
    hw_json_str_or_null(b, r->source);
    hw_buf_adds(b, ",\"url\":");
    hw_json_str_or_null(b, r->url);
    hw_buf_adds(b, ",\"title\":");
    hw_json_str_or_null(b, r->title);
    hw_buf_adds(b, ",\"author\":");
    hw_json_str_or_null(b, r->author);
    hw_buf_adds(b, ",\"category\":");
    hw_json_str_or_null(b, r->category);
    hw_buf_adds(b, ",\"published\":");
    hw_json_time(b, r->published);
    hw_buf_adds(b, ",\"time_ago\":");
    hw_buf_reset(&p->tmp);
    hw_reltime(r->sort_time, p->now, &p->tmp);
    hw_json_str(b, p->tmp.p);
    hw_buf_adds(b, ",\"text\":");
    hw_json_str_or_null(b, r->text);
    return hw_buf_addc(b, '}');
}

static int row(void *ctx, const struct store_row *r)
{
    struct page *p = ctx;
    int e = p->json ? json_row(p, r) : text_row(p, r);

    p->count++;
    return e;
}

int cmd_topic(struct cli *c, int argc, char **argv)
{
    const char *tag = NULL, *v, *format = "text";
    struct hw_buf key, vkey;
    struct store_entity e;
    struct store *st;
    struct page p;
    long limit = 50;
    int i = 1, r, top = 0, status = CLI_OK;

    while (i < argc) {
        if ((r = cli_opt(argc, argv, &i, "--limit", &v)) != 0) {
            if (r < 0 || cli_uint(v, 100000, &limit) || limit == 0)
                return cli_usage_error("topic", "--limit needs a number "
                                                "from 1 to 100000");
            continue;
        }
        if ((r = cli_opt(argc, argv, &i, "--format", &format)) != 0) {
            if (r < 0 || (strcmp(format, "text") && strcmp(format, "json")))
                return cli_usage_error("topic", "--format is text or json");
            continue;
        }
        if (strcmp(argv[i], "--top") == 0) {
            top = 1;
            i++;
            continue;
        }
        if (argv[i][0] == '-' && argv[i][1] == '-')
            return cli_usage_error("topic", "unknown option %s", argv[i]);
        if (tag)
            return cli_usage_error("topic", "one hashtag at a time");
        tag = argv[i++];
    }
    if (!tag && !top)
        return cli_usage_error("topic", "no hashtag given");
    hw_buf_init(&key, 1024);
    hw_buf_init(&vkey, 1024);
    if (tag) {
        nlp_tag_key(tag, strlen(tag), &key);
        nlp_variant_key(key.p, key.len, &vkey);
        if (key.err || !key.len) {
            hw_buf_release(&key);
            hw_buf_release(&vkey);
            return cli_usage_error("topic", "'%s' is not a hashtag", tag);
        }
    }
    if (cli_open_store(c, &st) != CLI_OK) {
        hw_buf_release(&key);
        hw_buf_release(&vkey);
        return CLI_FAIL;
    }
    r = top ? store_entity_top(st, &e)
            : store_entity_get(st, key.p, vkey.p, &e);
    hw_buf_release(&key);
    hw_buf_release(&vkey);
    if (r != 0) {
        if (r == HW_ENOTFOUND)
            fprintf(stderr, "hashwire: topic: %s: no articles with this "
                            "hashtag\n",
                    top ? "--top" : tag);
        else
            fprintf(stderr, "hashwire: topic: %s\n", store_errmsg(st));
        store_close(st);
        return CLI_FAIL;
    }
    memset(&p, 0, sizeof p);
    p.now = c->now;
    p.json = strcmp(format, "json") == 0;
    hw_buf_init(&p.out, HW_BUF_NOLIMIT);
    hw_buf_init(&p.tmp, 256);
    if (p.json) {
        hw_buf_adds(&p.out, "{\"hashtag\":");
        hw_json_str(&p.out, e.display);
        hw_buf_adds(&p.out, ",\"key\":");
        hw_json_str(&p.out, e.key);
        hw_buf_adds(&p.out, ",\"articles\":[");
    } else {
        hw_buf_printf(&p.out, "Latest news with #%s\n\n\n", e.display);
    }
    r = store_topic(st, e.id, HW_TIME_NONE, 0, (int)limit, row, &p);
    if (p.json)
        hw_buf_adds(&p.out, "]}\n");
    if (r != 0) {
        fprintf(stderr, "hashwire: topic: %s\n", store_errmsg(st));
        status = CLI_FAIL;
    } else {
        fwrite(p.out.p, 1, p.out.len, stdout);
    }
    hw_buf_release(&p.out);
    hw_buf_release(&p.tmp);
    store_close(st);
    return status;
}
