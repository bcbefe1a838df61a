/*
 * nlp_ner.c - libFuzzer harness for the tokenizer, the sentence splitter,
 * the tagger and the hashtag forms of its mentions.
 *
 * Any bytes must give: tokens in order, nonempty, inside the input, not
 * overlapping; the first token starting a sentence and no sentence longer
 * than NLP_SENT_MAX tokens; and, when the model (models/ner.model or
 * $HASHWIRE_MODELS) is there, mentions in order, inside the input, on
 * token boundaries, with a known type, whose key and display form can be
 * built.  The model is opened once and shared by every run.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nlp/ner.h"
#include "nlp/nlp.h"
#include "nlp/token.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct nlp_ner *model;
static int tried;

static void check_tokens(const struct nlp_tokens *ts, size_t size,
                         uint8_t *tokstart, uint8_t *tokend)
{
    size_t i, slen = 0;

    for (i = 0; i < ts->n; i++) {
        const struct nlp_token *t = &ts->t[i];
        if (t->start >= t->end || t->end > size)
            abort();
        if (i && t->start < ts->t[i - 1].end)
            abort();
        if (t->kind > NLP_TOK_HANDLE)
            abort();
        if (i == 0 && !(t->flags & NLP_TOKF_SENT))
            abort();
        slen = (t->flags & NLP_TOKF_SENT) ? 1 : slen + 1;
        if (slen > NLP_SENT_MAX)
            abort();
        tokstart[t->start] = 1;
        tokend[t->end] = 1;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* An exact-size copy, so that ASan sees any read past the end. */
    char *s = malloc(size ? size : 1);
    uint8_t *ts0 = calloc(size + 1, 1), *te0 = calloc(size + 1, 1);
    struct nlp_tokens ts;
    struct nlp_mention *ms;
    struct hw_buf b;
    size_t n, i;

    if (!s || !ts0 || !te0)
        abort();
    if (size)
        memcpy(s, data, size);
    nlp_tokens_init(&ts, size + 1);
    if (nlp_tokenize(s, size, &ts) != 0)
        abort();
    check_tokens(&ts, size, ts0, te0);
    nlp_tokens_release(&ts);

    if (!tried) {
        struct hw_diag d;
        tried = 1;
        if (nlp_ner_open_default(&model, &d) != 0)
            model = NULL;
    }
    if (model) {
        if (nlp_ner_find(model, s, size, &ms, &n) != 0)
            abort();
        hw_buf_init(&b, HW_BUF_NOLIMIT);
        for (i = 0; i < n; i++) {
            if (ms[i].start >= ms[i].end || ms[i].end > size)
                abort();
            if (i && ms[i].start < ms[i - 1].end)
                abort();
            if (!ts0[ms[i].start] || !te0[ms[i].end])
                abort();
            if (ms[i].type < NLP_PER || ms[i].type > NLP_MISC)
                abort();
            hw_buf_reset(&b);
            if (nlp_key(s + ms[i].start, ms[i].end - ms[i].start, &b) != 0)
                abort();
            hw_buf_reset(&b);
            if (nlp_display(s + ms[i].start, ms[i].end - ms[i].start, &b) !=
                0)
                abort();
        }
        hw_buf_release(&b);
        hw_free(ms);
    }
    free(ts0);
    free(te0);
    free(s);
    return 0;
}
