/*
 * cli.h - shared by the command-line files: global options, the command
 * table, option helpers and the usage text.  Commands only compose the
 * public headers of the other rooms.
 */
#ifndef HW_CLI_H
#define HW_CLI_H

#include "store/store.h"
#include "util/hw.h"

#define HW_VERSION "0.1.0"

/* Global options, given before the command. */
struct cli {
    const char *db; /* store spec: path, "sqlite:PATH", "postgres://..." */
    hw_time now;    /* --now, or the clock */
    int now_fixed;  /* --now was given */
};

struct cli_cmd {
    const char *name;
    int (*run)(struct cli *c, int argc, char **argv); /* argv[0]: name */
    const char *usage;   /* "topic TAG [--limit N] ..." */
    const char *summary; /* one line */
    const char *help;    /* the rest, for `hashwire CMD --help` */
};

extern const struct cli_cmd cli_cmds[];

/* Exit statuses (DESIGN.md): 0 done, 1 failed, 2 usage. */
enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

/*
 * If argv[*i] is the option name ("--limit N" or "--limit=N"), set *val,
 * advance *i past it and return 1; return -1 when the value is missing;
 * 0 when argv[*i] is another argument.
 */
int cli_opt(int argc, char **argv, int *i, const char *name,
            const char **val);
/* Parse a non-negative decimal integer no larger than max. */
int cli_uint(const char *s, long max, long *out);
/* Print the command's usage to stderr and return CLI_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* 1 if argv has -h or --help. */
int cli_wants_help(int argc, char **argv);
void cli_print_help(const char *cmd);
int cli_open_store(struct cli *c, struct store **st);
/*
 * The category model when there is one (models/category.model or
 * $HASHWIRE_MODELS), NULL otherwise; a model that cannot be read is
 * reported and treated as absent.  Free with nlp_classifier_free().
 */
struct nlp_classifier;
struct nlp_classifier *cli_load_classifier(void);

int cmd_parse(struct cli *c, int argc, char **argv);
int cmd_extract(struct cli *c, int argc, char **argv);
int cmd_ingest(struct cli *c, int argc, char **argv);
int cmd_article(struct cli *c, int argc, char **argv);
int cmd_topic(struct cli *c, int argc, char **argv);
int cmd_feeds(struct cli *c, int argc, char **argv);
int cmd_crawl(struct cli *c, int argc, char **argv);
int cmd_classify(struct cli *c, int argc, char **argv);
int cmd_train(struct cli *c, int argc, char **argv);
int cmd_ner(struct cli *c, int argc, char **argv);
int cmd_serve(struct cli *c, int argc, char **argv);
int cmd_tag(struct cli *c, int argc, char **argv);
int cmd_retag(struct cli *c, int argc, char **argv);
/* `train ner ...`, argv[0] == "ner" (cmd_train_ner.c) */
int cmd_train_ner(struct cli *c, int argc, char **argv);

#endif
