/*
 * cmd_tag.c - `hashwire tag [--model FILE | --finder] [--all] [FILE|-]`:
 * one article in, its entities and hashtags out, as nlp_analyze() finds
 * them for ingest.
 *
 * Input (FILE, or standard input for "-" or none):
 *   - a JSON object when the first byte that is not white space is '{':
 *     "title" and "text" (plain text); without "text", the article's HTML
 *     in "content", else "summary", is turned into text as ingest does
 *     (feed_html_text()), so an entry of `hashwire parse` may be given as
 *     it is.  Members may be missing or null; others are ignored.
 *   - otherwise plain UTF-8 text: the first line is the title, the rest
 *     (blank lines after the title skipped) is the text.  Start with an
 *     empty line for a text without a title.
 *
 * Output: one JSON object,
 *     {"tagger": "ner"|"finder", "entities": [{"text", "type", "mentions",
 *      "salience", "in_title", "in_lead", "on_page", "key",
 *      "variant_key", "hashtag"}]}
 * in order of first appearance (title first): text is the entity's
 * longest spelling, type PER, ORG, LOC, MISC (UNK for a finder's guess
 * it could not make), key and variant_key as nlp_key() and
 * nlp_variant_key() make them (the store merges spelling variants on the
 * latter), hashtag the display form without '#'.  With --all, entities
 * that make no hashtag ("Russian") are listed too, with "hashtag": null.
 *
 * The tagger is the one nlp_analyze() uses (models/ner.model or
 * $HASHWIRE_MODELS/ner.model, else the finder), --model FILE, or the
 * proper-noun finder with --finder.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "feed/feed.h"
#include "nlp/ner.h"
#include "nlp/nlp.h"

#define TAG_MAX_INPUT ((size_t)64 << 20)
#define TAG_MAX_TEXT ((size_t)4 << 20) /* as ingest */

/* The article: title and text, owned. */
struct article {
    char *title, *text;
};

/* A string member of o, or NULL (missing, null); -1 for another type. */
static int member(json_t *o, const char *name, const char **out)
{
    json_t *v = json_object_get(o, name);

    *out = NULL;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return -1;
    *out = json_string_value(v);
    return 0;
}

static int read_json(const struct hw_buf *in, struct article *a,
                     struct hw_diag *d, const char *where)
{
    const char *title, *text, *content, *summary;
    json_error_t err;
    json_t *o;

    o = json_loadb(in->p, in->len, 0, &err);
    if (!o)
        return hw_fail(d, HW_EPARSE, "tag", where, "%d:%d: %s", err.line,
                       err.column, err.text);
    if (!json_is_object(o) || member(o, "title", &title) ||
        member(o, "text", &text) || member(o, "content", &content) ||
        member(o, "summary", &summary)) {
        json_decref(o);
        return hw_fail(d, HW_EPARSE, "tag", where,
                       "want an object whose title, text, content and "
                       "summary are strings or null");
    }
    a->title = hw_strdup(title ? title : "");
    if (text) {
        a->text = hw_strdup(text);
    } else {
        const char *html = content ? content : summary;
        struct hw_buf t;
        hw_buf_init(&t, TAG_MAX_TEXT);
        if (html)
            feed_html_text(html, strlen(html), &t);
        a->text = hw_strndup(t.p, t.len); /* over the cap: what fitted */
        hw_buf_release(&t);
    }
    json_decref(o);
    return 0;
}

static void read_plain(const struct hw_buf *in, struct article *a)
{
    size_t e = 0, s, tl;

    while (e < in->len && in->p[e] != '\n')
        e++;
    tl = e > 0 && in->p[e - 1] == '\r' ? e - 1 : e;
    a->title = hw_strndup(in->p, tl);
    s = e;
    while (s < in->len && (in->p[s] == '\n' || in->p[s] == '\r'))
        s++;
    a->text = hw_strndup(in->p + s, in->len - s);
}

static void print_doc(const struct nlp_doc *doc, const char *tagger)
{
    struct hw_buf o, vk;
    size_t i;

    hw_buf_init(&o, HW_BUF_NOLIMIT);
    hw_buf_init(&vk, HW_BUF_NOLIMIT);
    hw_buf_adds(&o, "{\"tagger\": ");
    hw_json_str(&o, tagger);
    hw_buf_adds(&o, ", \"entities\": [");
    for (i = 0; i < doc->nentities; i++) {
        const struct nlp_entity *e = &doc->entities[i];

        hw_buf_adds(&o, i ? ",\n  {\"text\": " : "\n  {\"text\": ");
        hw_json_str(&o, e->surface);
        hw_buf_printf(&o,
                      ", \"type\": \"%s\", \"mentions\": %d, \"salience\": "
                      "%.3f, \"in_title\": %s, \"in_lead\": %s, "
                      "\"on_page\": %s, \"key\": ",
                      nlp_type_name(e->type), e->mentions, e->salience,
                      e->in_title ? "true" : "false",
                      e->in_lead ? "true" : "false",
                      e->on_page ? "true" : "false");
        hw_json_str(&o, e->key);
        hw_buf_reset(&vk);
        nlp_variant_key(e->key, strlen(e->key), &vk);
        hw_buf_adds(&o, ", \"variant_key\": ");
        hw_json_strn(&o, vk.p, vk.len);
        hw_buf_adds(&o, ", \"hashtag\": ");
        hw_json_str_or_null(&o, e->hashtag ? e->display : NULL);
        hw_buf_addc(&o, '}');
    }
    hw_buf_adds(&o, doc->nentities ? "\n]}\n" : "]}\n");
    fwrite(o.p, 1, o.len, stdout);
    hw_buf_release(&o);
    hw_buf_release(&vk);
}

int cmd_tag(struct cli *c, int argc, char **argv)
{
    const char *model = NULL, *path = NULL, *v, *where;
    struct nlp_analyze_opts opts = {NULL, 0};
    struct nlp_ner *own = NULL;
    struct article a = {NULL, NULL};
    struct nlp_doc doc;
    struct hw_diag d;
    struct hw_buf in;
    int i = 1, r, finder = 0;
    size_t k;

    (void)c;
    while (i < argc) {
        if ((r = cli_opt(argc, argv, &i, "--model", &v)) != 0) {
            if (r < 0)
                return cli_usage_error("tag", "--model needs a value");
            model = v;
            continue;
        }
        if (strcmp(argv[i], "--finder") == 0) {
            finder = 1;
            i++;
            continue;
        }
        if (strcmp(argv[i], "--all") == 0) {
            opts.keep_all = 1;
            i++;
            continue;
        }
        if (argv[i][0] == '-' && argv[i][1] != '\0')
            return cli_usage_error("tag", "unknown option %s", argv[i]);
        if (path)
            return cli_usage_error("tag", "one input at a time");
        path = argv[i++];
    }
    if (model && finder)
        return cli_usage_error("tag", "--model and --finder exclude each "
                                      "other");
    where = path ? path : "-";
    if (model) {
        if (nlp_ner_open(model, &own, &d) != 0) {
            hw_diag_print(&d);
            return CLI_FAIL;
        }
        opts.tagger = own;
    } else if (!finder) {
        opts.tagger = nlp_tagger();
    }
    hw_buf_init(&in, TAG_MAX_INPUT);
    if (hw_read_file(where, &in, &d) != 0) {
        hw_diag_print(&d);
        hw_buf_release(&in);
        nlp_ner_close(own);
        return CLI_FAIL;
    }
    for (k = 0; k < in.len && (in.p[k] == ' ' || in.p[k] == '\t' ||
                               in.p[k] == '\r' || in.p[k] == '\n');
         k++)
        ;
    r = 0;
    if (k < in.len && in.p[k] == '{')
        r = read_json(&in, &a, &d, where);
    else
        read_plain(&in, &a);
    hw_buf_release(&in);
    if (r == 0 && (r = nlp_analyze_ex(a.title, a.text, &opts, &doc)) != 0)
        hw_fail(&d, r, "tag", where, "%s", hw_strerror(r));
    if (r == 0) {
        print_doc(&doc, opts.tagger ? "ner" : "finder");
        nlp_doc_release(&doc);
    } else {
        hw_diag_print(&d);
    }
    hw_free(a.title);
    hw_free(a.text);
    nlp_ner_close(own);
    return r == 0 ? CLI_OK : CLI_FAIL;
}
