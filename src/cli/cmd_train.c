/*
 * cmd_train.c - `hashwire train classifier [OPTIONS]`: build the category
 * model from the labelled corpora (what `make models` runs).
 *
 * The corpora default to $HW_SHARED/data/categories, or
 * ../shared/data/categories; the model goes to the default model path
 * (models/category.model, or under $HASHWIRE_MODELS).  Figures and
 * progress go to stderr on a terminal, or with --verbose; otherwise
 * training is quiet.  `train ner ...` goes to cmd_train_ner.c; each model
 * has one entry in the table of trainers below.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "nlp/classify.h"

/* Parse a double in [lo, hi]; 0 or -1. */
static int parse_double(const char *s, double lo, double hi, double *out)
{
    char *end;
    double v = strtod(s, &end);

    if (end == s || *end != '\0' || !(v >= lo && v <= hi))
        return -1;
    *out = v;
    return 0;
}

/* argv[0] == "classifier" */
static int train_classifier(struct cli *c, int argc, char **argv)
{
    struct nlp_train_opts o;
    struct nlp_classifier *m;
    struct hw_buf data, outp;
    struct hw_diag d;
    const char *v, *out = NULL, *shared, *opt = NULL;
    int i = 1, r, verbose = isatty(2);

    (void)c;
    nlp_train_opts_default(&o);
    hw_buf_init(&data, 4096);
    hw_buf_init(&outp, 4096);
    shared = getenv("HW_SHARED");
    hw_buf_printf(&data, "%s/data/categories",
                  shared && *shared ? shared : "../shared");
    o.data_dir = data.p;
    while (i < argc) {
        double x;
        long n;

        opt = argv[i];
        if (strcmp(argv[i], "--verbose") == 0 || strcmp(argv[i], "-v") == 0) {
            verbose = 1;
            i++;
        } else if (strcmp(argv[i], "--quiet") == 0) {
            verbose = 0;
            i++;
        } else if ((r = cli_opt(argc, argv, &i, "--data", &v)) != 0) {
            if (r < 0)
                goto bad;
            o.data_dir = v;
        } else if ((r = cli_opt(argc, argv, &i, "--out", &v)) != 0) {
            if (r < 0)
                goto bad;
            out = v;
        } else if ((r = cli_opt(argc, argv, &i, "--seed", &v)) != 0) {
            if (r < 0 || cli_uint(v, 2147483647L, &n))
                goto bad;
            o.seed = (uint64_t)n;
        } else if ((r = cli_opt(argc, argv, &i, "--bits", &v)) != 0) {
            if (r < 0 || cli_uint(v, NLP_MAX_BITS, &n) || n < NLP_MIN_BITS)
                goto bad;
            o.bits = (unsigned)n;
        } else if ((r = cli_opt(argc, argv, &i, "--epochs", &v)) != 0) {
            if (r < 0 || cli_uint(v, 1000, &n) || n < 1)
                goto bad;
            o.epochs = (unsigned)n;
        } else if ((r = cli_opt(argc, argv, &i, "--lr", &v)) != 0) {
            if (r < 0 || parse_double(v, 1e-6, 100, &o.lr))
                goto bad;
        } else if ((r = cli_opt(argc, argv, &i, "--l2", &v)) != 0) {
            if (r < 0 || parse_double(v, 0, 1, &o.l2))
                goto bad;
        } else if ((r = cli_opt(argc, argv, &i, "--title-weight", &v)) !=
                   0) {
            if (r < 0 || parse_double(v, 0, 100, &x))
                goto bad;
            o.title_weight = (float)x;
        } else if ((r = cli_opt(argc, argv, &i, "--threshold", &v)) != 0) {
            if (r < 0 || parse_double(v, 0, 1, &o.threshold))
                goto bad;
        } else if ((r = cli_opt(argc, argv, &i, "--balance", &v)) != 0) {
            if (r < 0 || parse_double(v, 0, 2, &o.balance))
                goto bad;
        } else if (strcmp(argv[i], "--partial-labels") == 0) {
            o.partial_labels = 1;
            i++;
        } else {
            hw_buf_release(&data);
            hw_buf_release(&outp);
            return cli_usage_error("train", "classifier: unknown argument %s",
                                   argv[i]);
        }
    }
    if (out)
        hw_buf_adds(&outp, out);
    else
        nlp_classifier_default_path(&outp);
    o.log = verbose ? stderr : NULL;
    r = nlp_classifier_train(&o, &m, &d);
    if (r == 0) {
        r = nlp_classifier_save(m, outp.p, &d);
        if (r == 0 && verbose)
            fprintf(stderr, "train: wrote %s (%zu bytes)\n", outp.p,
                    nlp_classifier_file_size(m));
        nlp_classifier_free(m);
    }
    if (r != 0)
        hw_diag_print(&d);
    hw_buf_release(&data);
    hw_buf_release(&outp);
    return r ? CLI_FAIL : CLI_OK;
bad:
    hw_buf_release(&data);
    hw_buf_release(&outp);
    return cli_usage_error("train", "%s needs a valid value", opt);
}

/* One trainer per model: `hashwire train NAME ...`, run with argv[0] ==
 * NAME. */
static const struct {
    const char *name;
    int (*run)(struct cli *c, int argc, char **argv);
} trainers[] = {
    {"classifier", train_classifier},
    {"ner", cmd_train_ner},
};

int cmd_train(struct cli *c, int argc, char **argv)
{
    size_t i;

    if (argc < 2)
        return cli_usage_error("train", "which model? (classifier, ner)");
    for (i = 0; i < sizeof trainers / sizeof trainers[0]; i++)
        if (strcmp(argv[1], trainers[i].name) == 0)
            return trainers[i].run(c, argc - 1, argv + 1);
    return cli_usage_error("train", "no trainer for '%s' (classifier, ner)",
                           argv[1]);
}
