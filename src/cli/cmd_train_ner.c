/*
 * cmd_train_ner.c - `hashwire train ner [OPTIONS]`: build the tagger's
 * model file from the shared corpora (what `make models` runs).
 *
 *     hashwire train ner [--shared DIR] [--out FILE] [--clusters FILE]
 *                        [--epochs N] [--rows-log2 N] [--classes N]
 *                        [--seed N] [--gmb] [--verbose | --quiet]
 *
 * The shared folder defaults to $HW_SHARED, else ../shared; the model to
 * $HASHWIRE_MODELS/ner.model, else models/ner.model.  --clusters names a
 * cache of the word clusters (read when it exists, written otherwise),
 * which saves the clustering step on a rebuild; the model is the same
 * with or without it.  --gmb adds the GMB corpus to the training
 * sentences (its types mapped; it lowers eng.testa F1 from 92.8 to 89.0,
 * so it is off).  Progress and development-set scores go to stderr on a
 * terminal or with --verbose.
 *
 * cmd_train.c dispatches `train ner ...` here with argv[0] == "ner".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "nlp/ner.h"

int cmd_train_ner(struct cli *c, int argc, char **argv)
{
    struct nlp_ner_train_opts o;
    struct hw_diag d;
    struct hw_buf outp;
    const char *v, *env;
    static const char *const opts[7] = {"--shared", "--out", "--clusters",
                                        "--epochs", "--rows-log2",
                                        "--classes", "--seed"};
    int i = 1, r, k;
    long n = 0;
    struct timespec t0, t1;

    (void)c;
    memset(&o, 0, sizeof o);
    o.verbose = isatty(2);
    env = getenv("HW_SHARED");
    o.shared = env && *env ? env : "../shared";
    hw_buf_init(&outp, 4096);
    env = getenv("HASHWIRE_MODELS");
    hw_buf_printf(&outp, "%s/%s", env && *env ? env : "models",
                  NLP_NER_MODEL_FILE);
    o.out = outp.p;
    while (i < argc) {
        if (strcmp(argv[i], "--verbose") == 0 || strcmp(argv[i], "-v") == 0) {
            o.verbose = 1;
            i++;
            continue;
        }
        if (strcmp(argv[i], "--quiet") == 0) {
            o.verbose = 0;
            i++;
            continue;
        }
        if (strcmp(argv[i], "--gmb") == 0) {
            o.use_gmb = 1;
            i++;
            continue;
        }
        for (k = 0; k < 7; k++)
            if ((r = cli_opt(argc, argv, &i, opts[k], &v)) != 0)
                break;
        if (k == 7)
            break;
        if (r < 0 || (k >= 3 && cli_uint(v, 1L << 30, &n) != 0)) {
            hw_buf_release(&outp);
            return cli_usage_error("train", "%s needs %s", opts[k],
                                   k >= 3 ? "a number" : "a value");
        }
        switch (k) {
        case 0: o.shared = v; break;
        case 1: o.out = v; break;
        case 2: o.clusters = v; break;
        case 3: o.epochs = (int)n; break;
        case 4: o.rows_log2 = (int)n; break;
        case 5: o.nclusters = (int)n; break;
        default: o.seed = (unsigned long)n; break;
        }
    }
    if (i < argc) {
        hw_buf_release(&outp);
        return cli_usage_error("train", "unknown argument '%s'", argv[i]);
    }
    clock_gettime(CLOCK_MONOTONIC, &t0);
    r = nlp_ner_train(&o, &d);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (r != 0) {
        hw_diag_print(&d);
        hw_buf_release(&outp);
        return CLI_FAIL;
    }
    if (o.verbose)
        fprintf(stderr, "train ner: wrote %s in %.0f s\n", o.out,
                (double)(t1.tv_sec - t0.tv_sec) +
                    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    hw_buf_release(&outp);
    return CLI_OK;
}
