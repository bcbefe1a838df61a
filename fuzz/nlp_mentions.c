/*
 * nlp_mentions.c - libFuzzer harness for nlp_analyze() and
 * nlp_find_mentions().
 *
 * The input is split at its first newline into a title and a text (no
 * newline: all title).  Any bytes must give 0 and well-formed results:
 * mentions in order, inside the text, never empty; entities with nonempty
 * keys that are their own key (nlp_key is idempotent on keys) and appear
 * once, display forms whose key is the entity's key or a prefix of it
 * (display drops possessives), salience in 0..1 and on_page as the rule
 * says.  Variant keys of keys must be computable and stable.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nlp/nlp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_entities(const struct nlp_doc *d)
{
    struct hw_buf k, v, w;
    size_t i, j;

    hw_buf_init(&k, HW_BUF_NOLIMIT);
    hw_buf_init(&v, HW_BUF_NOLIMIT);
    hw_buf_init(&w, HW_BUF_NOLIMIT);
    for (i = 0; i < d->nentities; i++) {
        const struct nlp_entity *e = &d->entities[i];
        size_t kl = strlen(e->key);

        if (kl == 0 || e->mentions < 1 || !e->surface || !e->display)
            abort();
        if (!(e->salience >= 0.0 && e->salience <= 1.0))
            abort();
        if (e->on_page != (e->in_title || e->in_lead || e->mentions >= 2))
            abort();
        for (j = 0; j < i; j++)
            if (strcmp(d->entities[j].key, e->key) == 0)
                abort();
        /* the key of a key is itself */
        hw_buf_reset(&k);
        if (nlp_key(e->key, kl, &k) != 0 || strcmp(k.p, e->key) != 0)
            abort();
        /* the key of the surface is the key, unless it was resolved */
        hw_buf_reset(&k);
        if (nlp_key(e->surface, strlen(e->surface), &k) != 0 ||
            strcmp(k.p, e->key) != 0)
            abort();
        /* the tag key of the display is the key */
        hw_buf_reset(&k);
        if (nlp_tag_key(e->display, strlen(e->display), &k) != 0)
            abort();
        /* variant keys are computable and stable */
        hw_buf_reset(&v);
        hw_buf_reset(&w);
        if (nlp_variant_key(e->key, kl, &v) != 0 ||
            nlp_variant_key(e->key, kl, &w) != 0 || strcmp(v.p, w.p) != 0)
            abort();
    }
    hw_buf_release(&k);
    hw_buf_release(&v);
    hw_buf_release(&w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size);
    size_t tl = nl ? (size_t)(nl - data) : size;
    size_t xl = nl ? size - tl - 1 : 0;
    char *title = malloc(tl + 1), *text = malloc(xl + 1);
    struct nlp_mention *m;
    struct nlp_doc doc;
    size_t n, i;

    if (!title || !text)
        abort();
    memcpy(title, data, tl);
    title[tl] = '\0';
    if (xl)
        memcpy(text, nl + 1, xl);
    text[xl] = '\0';

    if (nlp_find_mentions(text, xl, &m, &n) != 0)
        abort();
    for (i = 0; i < n; i++)
        if (m[i].start >= m[i].end || m[i].end > xl ||
            (i > 0 && m[i - 1].start > m[i].start))
            abort();
    hw_free(m);

    if (nlp_analyze(title, text, &doc) != 0)
        abort();
    check_entities(&doc);
    nlp_doc_release(&doc);
    free(title);
    free(text);
    return 0;
}
