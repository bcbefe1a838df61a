/*
 * classify_jsonl.c - libFuzzer harness for the classifier's input paths:
 * contract D lines (nlp_classify_json), the model file reader
 * (nlp_classifier_load_mem) and the section mapping (nlp_category_map).
 *
 * Each input is split into lines and every line goes through
 * nlp_classify_json() with a small model built here once; whatever the
 * bytes, the call must return 0 or HW_EPARSE and append one JSON object
 * that starts with {"category": and ends with }.  The whole input is also
 * offered as a model file: it must be refused with HW_EPARSE or load into
 * a model that then classifies the input's first line.  The first line,
 * NUL-terminated, is mapped as a publisher section: NULL or a category.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nlp/classify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define BITS 8

static struct nlp_classifier *model(void)
{
    static struct nlp_classifier *m;
    static float w[(1u << BITS) * NLP_NCAT];
    static uint8_t vocab[(1u << 10) / 8];
    float bias[NLP_NCAT] = {0};
    struct nlp_model_params p;
    size_t i;

    if (m)
        return m;
    for (i = 0; i < sizeof w / sizeof w[0]; i++)
        w[i] = (float)((i * 2654435761u) % 201) / 100.0f - 1.0f;
    for (i = 0; i < sizeof vocab; i++)
        vocab[i] = (uint8_t)(i * 37u);
    memset(&p, 0, sizeof p);
    p.bits = BITS;
    p.title_weight = 2.0f;
    p.weights = w;
    p.bias = bias;
    p.temperature = 1.0f;
    p.threshold = 0.3f;
    p.min_known = 0.3f;
    p.vocab = vocab;
    p.vocab_bits = 10;
    if (nlp_classifier_build(&p, &m, NULL) != 0)
        abort();
    return m;
}

static void check_line(const struct nlp_classifier *m, const char *s,
                       size_t n)
{
    struct hw_buf out;
    struct hw_diag d;
    int r;

    hw_buf_init(&out, 1u << 20);
    r = nlp_classify_json(m, s, n, &out, &d);
    if (r != 0 && r != HW_EPARSE)
        abort();
    if (out.err || out.len < 2 ||
        strncmp(out.p, "{\"category\":", 12) != 0 ||
        out.p[out.len - 1] != '}')
        abort();
    hw_buf_release(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* An exact-size copy, so that ASan sees any read past the end. */
    char *s = malloc(size ? size : 1);
    struct nlp_classifier *m = model(), *loaded;
    size_t start = 0, i, first = size;
    const char *cat;
    struct hw_diag d;
    int r;

    if (!s)
        return 0;
    if (size)
        memcpy(s, data, size);
    for (i = 0; i <= size; i++) {
        if (i == size || s[i] == '\n') {
            if (first == size)
                first = i;
            check_line(m, s + start, i - start);
            start = i + 1;
        }
    }
    r = nlp_classifier_load_mem(s, size, &loaded, &d);
    if (r == 0) {
        double score;
        nlp_classify_n(loaded, s, first, NULL, 0, &cat, &score);
        if (score < 0 || score > 1)
            abort();
        nlp_classifier_free(loaded);
    } else if (r != HW_EPARSE || loaded) {
        abort();
    }
    if (first < 300) {
        char line[301];
        memcpy(line, s, first);
        line[first] = '\0';
        cat = nlp_category_map(line);
        if (cat && nlp_category_index(cat) < 0)
            abort();
    }
    free(s);
    return 0;
}
