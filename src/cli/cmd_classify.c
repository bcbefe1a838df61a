/*
 * cmd_classify.c - `hashwire classify [--model FILE] [FILE|-]`: contract D.
 *
 * Reads JSON Lines {"title", "text"} and prints one line
 * {"category", "score"} for every input line, in order; category is null
 * when the article has no category (below the model's threshold, or no
 * known words).  A bad line gets an error on stderr naming it
 * ("hashwire: classify: stdin:LINE: why"), an answer line with "error" on
 * stdout so that the lines stay paired, and the other lines are still
 * answered; the exit status is then 1.  Lines are capped at
 * CLASSIFY_MAX_LINE bytes: a longer line is a bad line, skipped to its
 * end without being kept.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "nlp/classify.h"

#define CLASSIFY_MAX_LINE (64u << 20)

/*
 * Read one line (without its newline) into b.  Returns 1 for a line, 0 at
 * the end, -1 for a line longer than b's cap (consumed and dropped).
 */
static int read_line(FILE *f, struct hw_buf *b)
{
    char chunk[4096];
    size_t n = 0;
    int ch = EOF, any = 0;

    hw_buf_reset(b);
    /* byte by byte, so that NUL bytes are kept and counted */
    while ((ch = getc_unlocked(f)) != EOF) {
        any = 1;
        if (ch == '\n')
            break;
        chunk[n++] = (char)ch;
        if (n == sizeof chunk) {
            hw_buf_add(b, chunk, n); /* past the cap: err set, line read on */
            n = 0;
        }
    }
    hw_buf_add(b, chunk, n);
    if (!any)
        return 0;
    if (b->err)
        return -1;
    if (b->len && b->p[b->len - 1] == '\r')
        hw_buf_truncate(b, b->len - 1);
    return 1;
}

int cmd_classify(struct cli *c, int argc, char **argv)
{
    const char *model = NULL, *path = NULL, *name;
    struct nlp_classifier *m;
    struct hw_buf line, out, mpath;
    struct hw_diag d;
    unsigned long lineno = 0, bad = 0;
    FILE *in = stdin;
    int i = 1, r;

    (void)c;
    while (i < argc) {
        if ((r = cli_opt(argc, argv, &i, "--model", &model)) != 0) {
            if (r < 0)
                return cli_usage_error("classify", "--model needs a value");
            continue;
        }
        if (argv[i][0] == '-' && argv[i][1] != '\0')
            return cli_usage_error("classify", "unknown option %s", argv[i]);
        if (path)
            return cli_usage_error("classify", "one input at a time");
        path = argv[i++];
    }
    hw_buf_init(&mpath, 4096);
    if (model)
        hw_buf_adds(&mpath, model);
    else
        nlp_classifier_default_path(&mpath);
    if (nlp_classifier_load(mpath.p, &m, &d) != 0) {
        fprintf(stderr, "hashwire: classify: %s: %s%s\n", mpath.p,
                d.why[0] ? d.why : hw_strerror(d.code),
                d.code == HW_EIO ? " (build the model with `make models`, "
                                   "or give --model FILE or set "
                                   "HASHWIRE_MODELS)"
                                 : "");
        hw_buf_release(&mpath);
        return CLI_FAIL;
    }
    hw_buf_release(&mpath);
    if (path && strcmp(path, "-") != 0 && !(in = fopen(path, "rb"))) {
        fprintf(stderr, "hashwire: classify: %s: %s\n", path,
                strerror(errno));
        nlp_classifier_free(m);
        return CLI_FAIL;
    }
    name = path && strcmp(path, "-") != 0 ? path : "stdin";
    hw_buf_init(&line, CLASSIFY_MAX_LINE);
    hw_buf_init(&out, HW_BUF_NOLIMIT);
    while ((r = read_line(in, &line)) != 0) {
        lineno++;
        hw_buf_reset(&out);
        if (r < 0) {
            fprintf(stderr,
                    "hashwire: classify: %s:%lu: line longer than %u "
                    "bytes\n",
                    name, lineno, CLASSIFY_MAX_LINE);
            hw_buf_adds(&out, "{\"category\":null,\"score\":null,"
                              "\"error\":\"line too long\"}");
            bad++;
        } else if (nlp_classify_json(m, line.p, line.len, &out, &d) != 0) {
            fprintf(stderr, "hashwire: classify: %s:%lu: %s\n", name,
                    lineno, d.why);
            bad++;
        }
        hw_buf_addc(&out, '\n');
        fwrite(out.p, 1, out.len, stdout);
    }
    if (ferror(in)) {
        fprintf(stderr, "hashwire: classify: %s: %s\n", name,
                strerror(errno));
        bad++;
    }
    if (in != stdin)
        fclose(in);
    hw_buf_release(&line);
    hw_buf_release(&out);
    nlp_classifier_free(m);
    return bad ? CLI_FAIL : CLI_OK;
}
