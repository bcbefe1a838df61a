/*
 * bench_ner.c - accuracy and speed of the named-entity tagger.
 *
 *     bench_ner [--model FILE] [--testa FILE] [--seconds S]
 *               [--dump-text FILE]
 *
 * Accuracy: the model tags CoNLL-2003 eng.testa (the development split,
 * never trained on) document by document, and spans are scored as
 * conlleval scores them: exact type and both ends.  Printed per type and
 * overall, and over PER, ORG and LOC alone (MISC left out), the figure
 * that bench/ner_peers.sh compares with the npm taggers.
 *
 * Speed: the words of eng.testa are joined back into text (a space
 * between words, a line per sentence, a blank line per document), and
 * nlp_ner_find() - tokenizer, sentence splitter, features, Viterbi - runs
 * over it on one thread, again and again for at least S seconds (default
 * 2) of this thread's CPU time.  Tokens per second counts the
 * tokenizer's tokens.  --dump-text
 * writes that text, so that the peers tag the very same sentences.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nlp/ner.h"

static double now(void)
{
    struct timespec t;

    /* CPU time of this thread: the figure stays honest on a busy machine
     * (other processes take turns on the cores, not our seconds) */
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    const char *model = NULL, *testa = NULL, *dump = NULL, *shared;
    double seconds = 2.0, t0, el;
    struct hw_buf path, in, text;
    struct nlp_conll c;
    struct nlp_ner *m;
    struct nlp_ner_info inf;
    struct nlp_ner_score sc;
    struct hw_diag d;
    uint8_t *pred;
    size_t i, ntok = 0, runs = 0, nment = 0;
    int r, t;
    static const char *const names[] = {"overall", "PER", "ORG", "LOC",
                                        "MISC"};

    for (i = 1; i < (size_t)argc; i++) {
        if (i + 1 < (size_t)argc && strcmp(argv[i], "--model") == 0)
            model = argv[++i];
        else if (i + 1 < (size_t)argc && strcmp(argv[i], "--testa") == 0)
            testa = argv[++i];
        else if (i + 1 < (size_t)argc && strcmp(argv[i], "--seconds") == 0)
            seconds = strtod(argv[++i], NULL);
        else if (i + 1 < (size_t)argc && strcmp(argv[i], "--dump-text") == 0)
            dump = argv[++i];
        else {
            fprintf(stderr, "usage: bench_ner [--model FILE] [--testa FILE] "
                            "[--seconds S] [--dump-text FILE]\n");
            return 2;
        }
    }
    r = model ? nlp_ner_open(model, &m, &d) : nlp_ner_open_default(&m, &d);
    if (r != 0) {
        hw_diag_print(&d);
        return 1;
    }
    hw_buf_init(&path, 4096);
    shared = getenv("HW_SHARED");
    if (!testa) {
        hw_buf_printf(&path, "%s/data/ner/conll2003/eng.testa",
                      shared && *shared ? shared : "../shared");
        testa = path.p;
    }
    hw_buf_init(&in, (size_t)64 << 20);
    if (hw_read_file(testa, &in, &d) != 0) {
        hw_diag_print(&d);
        return 1;
    }
    nlp_conll_parse(in.p, in.len, (size_t)1 << 24, &c);
    pred = hw_malloc(c.n ? c.n : 1);

    /* accuracy */
    t0 = now();
    nlp_ner_tag_conll(m, &c, pred);
    el = now() - t0;
    memset(&sc, 0, sizeof sc);
    {
        uint8_t *sent = hw_malloc(c.n ? c.n : 1);
        for (i = 0; i < c.n; i++)
            sent[i] = (c.flags[i] & (NLP_CONLL_SENT | NLP_CONLL_DOCMARK)) != 0;
        nlp_ner_score_add(&sc, c.gold, pred, sent, c.n);
        hw_free(sent);
    }
    nlp_ner_get_info(m, &inf);
    printf("ner: %s: %zu sentences, %zu documents, %zu words, %zu entities\n",
           testa, c.nsent, c.ndoc, c.n - c.ndoc, sc.gold[0]);
    printf("ner: model %.1f MB, 2^%d weight rows x %u labels\n",
           (double)inf.file_bytes / 1e6,
           __builtin_ctz(inf.weight_rows), inf.nlabels);
    printf("ner: %-8s %9s %9s %9s %7s %7s\n", "type", "precision", "recall",
           "F1", "gold", "found");
    for (t = 1; t <= 5; t++) {
        int k = t % 5; /* types first, overall last */
        double p, rc, f = nlp_ner_f1(&sc, k, &p, &rc);
        printf("ner: %-8s %9.2f %9.2f %9.2f %7zu %7zu\n", names[k], p, rc, f,
               sc.gold[k], sc.pred[k]);
    }
    {
        double p, rc, f = nlp_ner_f1_types(
            &sc, (1u << NLP_PER) | (1u << NLP_ORG) | (1u << NLP_LOC), &p, &rc);
        printf("ner: hashwire PER/ORG/LOC (MISC left out): P %.2f R %.2f "
               "F1 %.2f\n", p, rc, f);
    }
    printf("ner: tagging eng.testa from words: %.0f words/s\n",
           (double)(c.n - c.ndoc) / el);

    /* speed, from text */
    hw_buf_init(&text, HW_BUF_NOLIMIT);
    for (i = 0; i < c.n; i++) {
        if (c.flags[i] & NLP_CONLL_DOCMARK) {
            if (text.len)
                hw_buf_adds(&text, "\n\n");
            continue;
        }
        if ((c.flags[i] & NLP_CONLL_SENT) && text.len &&
            text.p[text.len - 1] != '\n')
            hw_buf_addc(&text, '\n');
        else if (text.len && text.p[text.len - 1] != '\n')
            hw_buf_addc(&text, ' ');
        hw_buf_add(&text, c.words[i].p, c.words[i].len);
    }
    hw_buf_addc(&text, '\n');
    if (dump) {
        FILE *f = fopen(dump, "w");
        if (!f || fwrite(text.p, 1, text.len, f) != text.len) {
            perror(dump);
            return 1;
        }
        fclose(f);
    }
    {
        struct nlp_tokens ts;
        nlp_tokens_init(&ts, text.len + 1);
        nlp_tokenize(text.p, text.len, &ts);
        ntok = ts.n;
        nlp_tokens_release(&ts);
    }
    t0 = now();
    do {
        struct nlp_mention *ms;
        size_t n;
        nlp_ner_find(m, text.p, text.len, &ms, &n);
        nment = n;
        hw_free(ms);
        runs++;
        el = now() - t0;
    } while (el < seconds);
    printf("ner: hashwire tokenizer+tagger: %.0f tokens/s (%zu tokens x %zu "
           "runs, %.1f MB/s, one thread, %zu entities per run)\n",
           (double)(ntok * runs) / el, ntok, runs,
           (double)(text.len * runs) / el / 1e6, nment);
    {
        struct nlp_tokens ts;
        nlp_tokens_init(&ts, text.len + 1);
        runs = 0;
        t0 = now();
        do {
            ts.n = 0;
            nlp_tokenize(text.p, text.len, &ts);
            runs++;
            el = now() - t0;
        } while (el < seconds / 4);
        printf("ner: hashwire tokenizer alone: %.0f tokens/s\n",
               (double)(ntok * runs) / el);
        nlp_tokens_release(&ts);
    }
    hw_buf_release(&text);
    hw_free(pred);
    nlp_conll_release(&c);
    hw_buf_release(&in);
    hw_buf_release(&path);
    nlp_ner_close(m);
    return 0;
}
