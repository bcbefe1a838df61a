/*
 * cmd_ner.c - `hashwire ner [--format conll|json] [--model FILE] [FILE]`:
 * contract C on standard output.
 *
 * conll (the default): the input is one token per line (the first
 * column; other columns are ignored), a blank line between sentences and
 * "-DOCSTART-" lines between documents; each token line comes out as
 * "token<TAB>TAG" with an IOB2 tag over PER, ORG, LOC and MISC, blank
 * lines stay, a -DOCSTART- line comes out as "-DOCSTART-<TAB>O".  Each
 * document is tagged as a whole (the tagger looks at the whole document).
 *
 * json: the input is raw UTF-8 text; the output is
 * {"entities": [{"text", "type", "start", "end", "key", "hashtag"}]} with
 * byte offsets [start, end) into the input, key and hashtag as nlp_key()
 * and nlp_display() make them.
 *
 * The model is $HASHWIRE_MODELS/ner.model, else models/ner.model, unless
 * --model names one.  Input comes from FILE or standard input ("-").
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "nlp/ner.h"
#include "nlp/nlp.h"

#define NER_MAX_INPUT ((size_t)256 << 20)

static int out_conll(const struct nlp_ner *m, const struct hw_buf *in)
{
    struct nlp_conll c;
    uint8_t *lab;
    size_t i = 0, w = 0;
    int r;

    r = nlp_conll_parse(in->p, in->len, in->len + 1, &c);
    if (r != 0) {
        nlp_conll_release(&c);
        return r;
    }
    lab = hw_malloc(c.n ? c.n : 1);
    nlp_ner_tag_conll(m, &c, lab);
    /* walk the input lines again: blank lines as they were */
    while (i < in->len) {
        size_t e = i, a = i;
        while (e < in->len && in->p[e] != '\n')
            e++;
        while (a < e && (in->p[a] == ' ' || in->p[a] == '\t' ||
                         in->p[a] == '\r'))
            a++;
        if (a == e) {
            putchar('\n');
        } else if (w < c.n) {
            fwrite(c.words[w].p, 1, c.words[w].len, stdout);
            putchar('\t');
            fputs(nlp_ner_label_name(lab[w]), stdout);
            putchar('\n');
            w++;
        }
        i = e + 1;
    }
    hw_free(lab);
    nlp_conll_release(&c);
    return 0;
}

static int out_json(const struct nlp_ner *m, const struct hw_buf *in)
{
    struct nlp_mention *ms;
    struct hw_buf o, k;
    size_t n, i;
    int r;

    r = nlp_ner_find(m, in->p, in->len, &ms, &n);
    if (r != 0)
        return r;
    hw_buf_init(&o, HW_BUF_NOLIMIT);
    hw_buf_init(&k, 4096);
    hw_buf_adds(&o, "{\"entities\": [");
    for (i = 0; i < n; i++) {
        const char *s = in->p + ms[i].start;
        size_t len = ms[i].end - ms[i].start;
        hw_buf_adds(&o, i ? ",\n  {\"text\": " : "\n  {\"text\": ");
        hw_json_strn(&o, s, len);
        hw_buf_printf(&o, ", \"type\": \"%s\", \"start\": %zu, \"end\": %zu",
                      nlp_type_name(ms[i].type), ms[i].start, ms[i].end);
        hw_buf_reset(&k);
        nlp_key(s, len, &k);
        hw_buf_adds(&o, ", \"key\": ");
        hw_json_strn(&o, k.p, k.len);
        hw_buf_reset(&k);
        nlp_display(s, len, &k);
        hw_buf_adds(&o, ", \"hashtag\": ");
        hw_json_strn(&o, k.p, k.len);
        hw_buf_addc(&o, '}');
    }
    hw_buf_adds(&o, n ? "\n]}\n" : "]}\n");
    fwrite(o.p, 1, o.len, stdout);
    hw_buf_release(&o);
    hw_buf_release(&k);
    hw_free(ms);
    return 0;
}

int cmd_ner(struct cli *c, int argc, char **argv)
{
    const char *format = "conll", *model = NULL, *path = NULL, *v;
    struct nlp_ner *m;
    struct hw_diag d;
    struct hw_buf in;
    int i = 1, r, json;

    (void)c;
    while (i < argc) {
        if ((r = cli_opt(argc, argv, &i, "--format", &v)) != 0) {
            if (r < 0)
                return cli_usage_error("ner", "--format needs a value");
            format = v;
            continue;
        }
        if ((r = cli_opt(argc, argv, &i, "--model", &v)) != 0) {
            if (r < 0)
                return cli_usage_error("ner", "--model needs a value");
            model = v;
            continue;
        }
        if (argv[i][0] == '-' && argv[i][1] != '\0')
            return cli_usage_error("ner", "unknown option %s", argv[i]);
        if (path)
            return cli_usage_error("ner", "one input at a time");
        path = argv[i++];
    }
    if (strcmp(format, "json") == 0)
        json = 1;
    else if (strcmp(format, "conll") == 0)
        json = 0;
    else
        return cli_usage_error("ner", "--format is conll or json, not '%s'",
                               format);
    r = model ? nlp_ner_open(model, &m, &d) : nlp_ner_open_default(&m, &d);
    if (r != 0) {
        if (r == HW_ENOTFOUND)
            fprintf(stderr, "hashwire: ner: no model; build it with "
                            "`make models` or set HASHWIRE_MODELS\n");
        hw_diag_print(&d);
        return CLI_FAIL;
    }
    hw_buf_init(&in, NER_MAX_INPUT);
    if (hw_read_file(path ? path : "-", &in, &d) != 0) {
        hw_diag_print(&d);
        hw_buf_release(&in);
        nlp_ner_close(m);
        return CLI_FAIL;
    }
    r = json ? out_json(m, &in) : out_conll(m, &in);
    hw_buf_release(&in);
    nlp_ner_close(m);
    if (r != 0) {
        fprintf(stderr, "hashwire: ner: %s: %s\n", path ? path : "-",
                hw_strerror(r));
        return CLI_FAIL;
    }
    return CLI_OK;
}
