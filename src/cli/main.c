/*
 * main.c - hashwire's command line: global options, the command table,
 * help text, and the small option helpers the commands share.
 *
 *     hashwire [--db PATH | --pg CONNINFO] [--now RFC3339] COMMAND ...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <limits.h>
#include <unistd.h>

#include "cli/cli.h"
#include "nlp/classify.h"

const struct cli_cmd cli_cmds[] = {
    {"parse", cmd_parse, "parse FEEDFILE [--url URL] [--charset CS]",
     "parse a feed file and print it as JSON",
     "Reads an RSS, Atom or JSON feed and prints one JSON object: format,\n"
     "title, link, subtitle, language, updated, bozo, bozo_message and\n"
     "entries.  A broken but readable feed gives \"bozo\": true; a file\n"
     "that is not a feed exits with status 1.\n"},
    {"extract", cmd_extract,
     "extract HTMLFILE [--url URL] [--content-type CT]",
     "print an article page's main text and metadata (contract B)",
     "Reads an HTML article page and prints one JSON object: url,\n"
     "canonical_url, title, byline, published, modified, section,\n"
     "site_name, lang, image, text (paragraphs separated by a blank line)\n"
     "and html (the same, sanitised).  --url gives the page's address, for\n"
     "relative links.  --content-type gives the HTTP Content-Type header;\n"
     "its charset overrides the page's <meta>.  A page without an article\n"
     "(a home page) exits 1 with \"no article found\"; a file that is not\n"
     "HTML (a PDF, an image) exits 1 too.\n"},
    {"ingest", cmd_ingest, "ingest FILE...",
     "store the articles of feed files",
     "Parses each feed file, turns its articles into text, finds their\n"
     "people, organisations and places, and stores them.  Each file is\n"
     "one transaction; running the same file again changes nothing.\n"
     "A file that cannot be read is reported and the others go on.\n"},
    {"article", cmd_article, "article ID",
     "print one stored article as JSON",
     "Prints the article as GET /api/v1/articles/ID does (docs/api.md):\n"
     "its source, URLs, title, author, category, language, times and\n"
     "text, and \"extraction\": null when its feed gave the whole text,\n"
     "else the status of its page (pending, ok, none: no article on the\n"
     "page, blocked: robots.txt, failed) and the last error.  Exit 1 when\n"
     "there is no such article.\n"},
    {"topic", cmd_topic,
     "topic TAG [--limit N] [--format text|json] | topic --top",
     "print the \"Latest news with #Tag\" page",
     "TAG may be spelled any way: '#KimJongUn', kimjongun, Kim_Jong-un.\n"
     "Newest first; times are relative to --now.  --top shows the most\n"
     "mentioned hashtag.\n"},
    {"classify", cmd_classify, "classify [--model FILE] [FILE|-]",
     "print the category of each JSONL article (contract D)",
     "Reads JSON Lines {\"title\", \"text\"} and prints one line\n"
     "{\"category\", \"score\"} per input line.  score is the calibrated\n"
     "probability of the best category; category is null below the\n"
     "model's threshold or when the text has no known words.  A bad line\n"
     "is reported on stderr with its number, answered with \"error\", and\n"
     "makes the exit status 1.  The model is models/category.model, or\n"
     "$HASHWIRE_MODELS/category.model, or --model FILE.\n"},
    {"ner", cmd_ner, "ner [--format conll|json] [--model FILE] [FILE|-]",
     "tag people, organisations, places (contract C)",
     "conll (default): one token per line (first column), a blank line\n"
     "between sentences, -DOCSTART- between documents; prints\n"
     "token<TAB>TAG with IOB2 tags over PER, ORG, LOC, MISC.  json: raw\n"
     "text in; {\"entities\": [{\"text\", \"type\", \"start\", \"end\",\n"
     "\"key\", \"hashtag\"}]} out, with byte offsets.  The model is\n"
     "models/ner.model, or $HASHWIRE_MODELS/ner.model, or --model FILE;\n"
     "`hashwire train ner` (or `make models`) builds it.\n"},
    {"tag", cmd_tag, "tag [--model FILE | --finder] [--all] [FILE|-]",
     "print an article's entities and hashtags as JSON",
     "Input: a JSON object {\"title\", \"text\"} (or, without text, the\n"
     "HTML of \"content\" or \"summary\", as `hashwire parse` prints an\n"
     "entry), or plain text whose first line is the title.  Output:\n"
     "{\"tagger\", \"entities\": [{\"text\", \"type\", \"mentions\",\n"
     "\"salience\", \"in_title\", \"in_lead\", \"on_page\", \"key\",\n"
     "\"variant_key\", \"hashtag\"}]}, as ingest stores them.  The tagger\n"
     "is models/ner.model (or $HASHWIRE_MODELS/ner.model, or --model FILE);\n"
     "without one, or with --finder, the proper-noun finder.  --all also\n"
     "lists the entities that make no hashtag (\"hashtag\": null).\n"},
    {"retag", cmd_retag, "retag [--batch N] [--batches N] [--restart]",
     "tag the stored articles again after a model change",
     "Reads the stored articles in id order, N at a time (default 200),\n"
     "finds their entities again as ingest does, and replaces their\n"
     "mentions, hashtags and trend counts: one transaction per batch.\n"
     "The last article done is saved in the database, so a run that is\n"
     "interrupted (Ctrl-C finishes the batch in hand), stopped by\n"
     "--batches N or killed resumes there; a run that reaches the end\n"
     "starts over next time, as does --restart.  Exit status 1 when\n"
     "interrupted or failed.\n"},
    {"train", cmd_train,
     "train classifier|ner [OPTIONS]",
     "build a model file from the labelled corpora",
     "classifier [--data DIR] [--out FILE] [--seed N] [--verbose]:\n"
     "multinomial logistic regression on hashed unigrams and\n"
     "bigrams, from DIR (default $HW_SHARED/data/categories, or\n"
     "../shared/data/categories) to FILE (default models/category.model).\n"
     "The development split (10% by a hash of each record's key) is never\n"
     "trained on.  More options: --bits N, --epochs N, --lr X, --l2 X,\n"
     "--title-weight X, --threshold P, --balance X, --partial-labels.\n"
     "ner [OPTIONS]: the named-entity tagger's model (`hashwire train ner\n"
     "--verbose`; see cmd_train_ner.c for its options).\n"},
    {"feeds", cmd_feeds,
     "feeds add [--folder NAME] URL... | import [--if-empty] FILE.opml | "
     "export | list [--format text|json] | remove ID...",
     "manage the subscriptions",
     "add: subscribe to feeds (a site's home page works too: the crawler\n"
     "finds the feed it links to).  import: an OPML 1.0/2.0 file, folders\n"
     "kept (--if-empty: only into a database without feeds).  export:\n"
     "OPML 2.0 on standard output.  list: each feed's last fetch and HTTP\n"
     "status, last error, next poll and articles.  remove: unsubscribe;\n"
     "the feed's articles stay.\n"},
    {"crawl", cmd_crawl,
     "crawl [--once] [--concurrency N] [--allow-private-networks]\n"
     "      [--no-articles]",
     "poll the subscribed feeds and store new articles",
     "Fetches the feeds that are due (N at once, default 32, at most 2\n"
     "per host), with conditional GET, compression and limits on time and\n"
     "size; new articles take the same path as `ingest`.  --once polls\n"
     "the feeds due now and exits; otherwise runs until SIGINT/SIGTERM.\n"
     "Addresses in loopback, private, link-local and reserved ranges are\n"
     "refused unless --allow-private-networks.\n"
     "An article whose feed gives only a teaser (a short text, or one\n"
     "ending in an ellipsis or \"Read more\") has its page fetched with\n"
     "the same limits, when the site's robots.txt allows it (fetched once\n"
     "per host and day; its Crawl-delay honoured up to 30 s), and the\n"
     "page's main text replaces the teaser; the page's byline, section,\n"
     "date and canonical URL fill what the feed left empty.  Each\n"
     "article's extraction status (ok, none, blocked, pending, failed) and\n"
     "last error are kept (`hashwire article ID`, the API).  --no-articles\n"
     "fetches feeds only.\n"},
    {"serve", cmd_serve,
     "serve [--listen HOST:PORT] [--crawl] [--admin-token T] [--threads N]",
     "serve the web pages, JSON API and Atom feeds",
     "Serves the database on HOST:PORT (default 127.0.0.1:8080; port 0\n"
     "picks a free one) and prints the URL to open: / (trending and the\n"
     "latest), /tag/TAG (Latest news with #Tag) and TAG.atom, /category/NAME,\n"
     "/article/ID, /search?q=, /api/v1/ (JSON), /healthz, /metrics.\n"
     "--crawl also polls the subscribed feeds in the same process\n"
     "(--allow-private-networks as for crawl).  POST /api/v1/feeds and\n"
     "/api/v1/opml need Authorization: Bearer T, T from --admin-token or\n"
     "$HASHWIRE_ADMIN_TOKEN; without one the write API is off.  --now fixes\n"
     "the clock of relative times.  SIGINT or SIGTERM stops it cleanly.\n"
     "A page answered in the last second is answered again from memory;\n"
     "--no-cache renders every request (for benchmarks).\n"},
    {NULL, NULL, NULL, NULL, NULL},
};

static void usage(FILE *out)
{
    const struct cli_cmd *c;

    fprintf(out,
            "usage: hashwire [--db PATH] [--now RFC3339] COMMAND [ARGS]\n"
            "\n"
            "A news engine: feeds in, topic pages by hashtag out.\n"
            "\n"
            "Global options:\n"
            "  --db PATH       SQLite database (default ./hashwire.db)\n"
            "  --now TIME      fix the clock (RFC 3339) for relative times\n"
            "  --help          this text; COMMAND --help for a command\n"
            "  --version       print the version\n"
            "\n"
            "Commands:\n");
    for (c = cli_cmds; c->name; c++)
        fprintf(out, "  %-10s %s\n", c->name, c->summary);
}

static const struct cli_cmd *find_cmd(const char *name)
{
    const struct cli_cmd *c;

    for (c = cli_cmds; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}

void cli_print_help(const char *name)
{
    const struct cli_cmd *c = find_cmd(name);

    if (!c)
        return;
    printf("usage: hashwire %s\n\n%s.\n\n%s", c->usage, c->summary, c->help);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    const struct cli_cmd *c = find_cmd(cmd);
    va_list ap;

    fprintf(stderr, "hashwire: %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    if (c)
        fprintf(stderr, "usage: hashwire %s\n", c->usage);
    return CLI_USAGE;
}

int cli_wants_help(int argc, char **argv)
{
    int i;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            return 0;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
            return 1;
    }
    return 0;
}

int cli_opt(int argc, char **argv, int *i, const char *name,
            const char **val)
{
    size_t n = strlen(name);
    const char *a = argv[*i];

    if (strncmp(a, name, n) != 0)
        return 0;
    if (a[n] == '=') {
        *val = a + n + 1;
        (*i)++;
        return 1;
    }
    if (a[n] != '\0')
        return 0;
    if (*i + 1 >= argc)
        return -1;
    *val = argv[*i + 1];
    *i += 2;
    return 1;
}

int cli_uint(const char *s, long max, long *out)
{
    long v = 0;

    if (!*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        v = v * 10 + (*s - '0');
        if (v > max)
            return -1;
    }
    *out = v;
    return 0;
}

int cli_open_store(struct cli *c, struct store **st)
{
    struct hw_diag d;

    if (store_open(c->db, st, &d) != 0) {
        hw_diag_print(&d);
        return CLI_FAIL;
    }
    return CLI_OK;
}

struct nlp_classifier *cli_load_classifier(void)
{
    struct nlp_classifier *model = NULL;
    struct hw_diag d;
    struct hw_buf mp;

    hw_buf_init(&mp, PATH_MAX);
    nlp_classifier_default_path(&mp);
    if (access(mp.p, R_OK) == 0 && nlp_classifier_load(mp.p, &model, &d)) {
        hw_diag_print(&d);
        model = NULL;
    }
    hw_buf_release(&mp);
    return model;
}

int main(int argc, char **argv)
{
    struct cli c = {"hashwire.db", HW_TIME_NONE, 0};
    const struct cli_cmd *cmd;
    const char *v;
    int i = 1, r;

    while (i < argc && argv[i][0] == '-') {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return CLI_OK;
        }
        if (strcmp(argv[i], "--version") == 0) {
            printf("hashwire %s\n", HW_VERSION);
            return CLI_OK;
        }
        if ((r = cli_opt(argc, argv, &i, "--db", &v)) != 0 ||
            (r = cli_opt(argc, argv, &i, "--pg", &v)) != 0) {
            if (r < 0)
                return cli_usage_error("hashwire", "%s needs a value",
                                       argv[i]);
            c.db = v;
            continue;
        }
        if ((r = cli_opt(argc, argv, &i, "--now", &v)) != 0) {
            if (r < 0 || hw_time_parse_rfc3339(v, &c.now) != 0) {
                fprintf(stderr, "hashwire: --now: %s: not an RFC 3339 time "
                                "like 2025-07-13T20:00:00Z\n",
                        r < 0 ? "(missing)" : v);
                return CLI_USAGE;
            }
            c.now_fixed = 1;
            continue;
        }
        fprintf(stderr, "hashwire: unknown option %s\n", argv[i]);
        usage(stderr);
        return CLI_USAGE;
    }
    if (i >= argc) {
        usage(stderr);
        return CLI_USAGE;
    }
    if (!(cmd = find_cmd(argv[i]))) {
        fprintf(stderr, "hashwire: unknown command '%s'\n", argv[i]);
        usage(stderr);
        return CLI_USAGE;
    }
    if (cli_wants_help(argc - i, argv + i)) {
        cli_print_help(cmd->name);
        return CLI_OK;
    }
    if (c.now == HW_TIME_NONE)
        c.now = hw_time_now();
    r = cmd->run(&c, argc - i, argv + i);
    if (fflush(stdout) != 0 && r == CLI_OK) {
        fprintf(stderr, "hashwire: write error on standard output\n");
        r = CLI_FAIL;
    }
    return r;
}
