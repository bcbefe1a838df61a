/*
 * classify.c - the category classifier at run time: tokens and hashed
 * features, the model file (build, save, load), inference with a
 * calibrated score, and contract D lines.
 *
 * The hot path is a headline: one pass over its bytes lower-cases ASCII
 * in place (other scripts go through utf8proc), hashes each token with
 * FNV-1a and each adjacent pair by mixing the two token hashes, sorts the
 * twenty-odd buckets with an insertion sort, and adds one row of sixteen
 * int8 weights per bucket.  Nothing is allocated for an article of up to
 * 64 tokens.  The file format and the feature rules are documented in
 * classify.h.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <utf8proc.h>

#include "nlp/classify.h"

#define MAGIC "HWCLASS1"
#define FORMAT_VERSION 1u
#define NAME_LEN 16
#define HEADER_LEN 44

struct nlp_classifier {
    unsigned bits, vocab_bits;
    float title_weight, temperature, threshold, min_known;
    float scale[NLP_NCAT], bias[NLP_NCAT];
    int8_t *w;      /* [2^bits][NLP_NCAT] */
    uint8_t *vocab; /* 2^vocab_bits bits, or NULL */
};

/* ---- hashing ---------------------------------------------------------- */

#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

/* The splitmix64 finaliser: spreads every input bit over the output. */
static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint64_t fnv1a(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    size_t i;

    for (i = 0; i < n; i++)
        h = (h ^ s[i]) * FNV_PRIME;
    return h;
}

unsigned nlp_split_bucket(const char *key, size_t len)
{
    static const char salt[] = "hashwire-split-v1:";
    uint64_t h = fnv1a(FNV_OFFSET, salt, sizeof salt - 1);

    h = fnv1a(h, key, len);
    return (unsigned)(mix64(h) % 10);
}

/* ---- features --------------------------------------------------------- */

void nlp_featvec_init(struct nlp_featvec *v)
{
    v->f = v->small;
    v->cap = sizeof v->small / sizeof v->small[0];
    v->n = v->ntokens = v->nknown = 0;
}

void nlp_featvec_release(struct nlp_featvec *v)
{
    if (v->f != v->small)
        hw_free(v->f);
    nlp_featvec_init(v);
}

static void featvec_push(struct nlp_featvec *v, uint32_t idx, float val)
{
    if (v->n == v->cap) {
        size_t cap = v->cap * 2;
        struct nlp_feat *f = hw_malloc(cap * sizeof *f);
        memcpy(f, v->f, v->n * sizeof *f);
        if (v->f != v->small)
            hw_free(v->f);
        v->f = f;
        v->cap = cap;
    }
    v->f[v->n].idx = idx;
    v->f[v->n].val = val;
    v->n++;
}

/* Salts that keep unigram and bigram hashes apart. */
#define SALT_UNI 0x6a09e667f3bcc908ULL
#define SALT_BI 0xbb67ae8584caa73bULL

/* The state of one field's token stream. */
struct emit {
    const struct nlp_featcfg *cfg;
    struct nlp_featvec *v;
    float weight;
    uint64_t prev; /* hash of the previous token, 0 at the field start */
    unsigned shift;
};

static int is_entity_name(const char *t, size_t n)
{
    static const char *const names[] = {"quot", "amp", "lt", "gt", "nbsp",
                                        "apos", NULL};
    size_t i;

    for (i = 0; names[i]; i++)
        if (strlen(names[i]) == n && memcmp(names[i], t, n) == 0)
            return 1;
    return 0;
}

static void emit_token(struct emit *e, const char *tok, size_t n)
{
    uint64_t h = fnv1a(FNV_OFFSET, tok, n);
    uint64_t uni = mix64(h ^ SALT_UNI);
    const struct nlp_featcfg *cfg = e->cfg;

    if (h == 0)
        h = 1;
    e->v->ntokens++;
    if (cfg->vocab || cfg->vocab_out) {
        uint64_t bit = uni & ((1ULL << cfg->vocab_bits) - 1);
        if (cfg->vocab && (cfg->vocab[bit >> 3] >> (bit & 7) & 1))
            e->v->nknown++;
        if (cfg->vocab_out)
            cfg->vocab_out[bit >> 3] |= (uint8_t)(1u << (bit & 7));
    }
    featvec_push(e->v, (uint32_t)(uni >> e->shift), e->weight);
    if (e->prev) {
        uint64_t bi = mix64((e->prev * 0x9e3779b97f4a7c15ULL + h) ^ SALT_BI);
        featvec_push(e->v, (uint32_t)(bi >> e->shift), e->weight);
    }
    e->prev = h;
}

/* Is code point cp part of a token (a letter, a digit or a mark)? */
static int is_word_cp(uint32_t cp)
{
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return 1;
    default:
        return 0;
    }
}

/* Tokenise s[0..n) and emit its features (see classify.h). */
static void tokenize(struct emit *e, const char *s, size_t n)
{
    char tok[NLP_MAX_TOKEN + 8];
    size_t i = 0, tl = 0, start = 0;
    int digits = 1, inword = 0, toolong = 0;

    while (i <= n) {
        unsigned char c = i < n ? (unsigned char)s[i] : 0;
        int len = 1, word;
        uint32_t cp = c;

        if (c < 0x80) {
            word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                   (c >= 'A' && c <= 'Z');
            if (word) {
                if (c >= 'A' && c <= 'Z')
                    c = (unsigned char)(c + 32);
                if (c > '9')
                    digits = 0;
                if (!inword)
                    start = i;
                if (tl < NLP_MAX_TOKEN)
                    tok[tl++] = (char)c;
                else
                    toolong = 1;
                inword = 1;
                i++;
                continue;
            }
        } else {
            len = hw_utf8_decode(s + i, n - i, &cp);
            word = len > 0 && is_word_cp(cp);
            if (len <= 0)
                len = 1;
            if (word) {
                char out[4];
                int ol = hw_utf8_encode(
                    (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp), out);
                if (!inword)
                    start = i;
                if (tl + (size_t)ol <= NLP_MAX_TOKEN) {
                    memcpy(tok + tl, out, (size_t)ol);
                    tl += (size_t)ol;
                } else {
                    toolong = 1;
                }
                digits = 0;
                inword = 1;
                i += (size_t)len;
                continue;
            }
        }
        /* a separator (or the end) */
        if (inword) {
            int skip = toolong;
            if (!skip && c == ';' && i < n)
                skip = (start > 0 && (s[start - 1] == '&' ||
                                      s[start - 1] == '#')) ||
                       is_entity_name(tok, tl);
            if (!skip) {
                if (digits)
                    memset(tok, '0', tl);
                emit_token(e, tok, tl);
            }
            tl = 0;
            digits = 1;
            inword = toolong = 0;
        }
        i += (size_t)len;
    }
}

static int cmp_feat(const void *a, const void *b)
{
    uint32_t x = ((const struct nlp_feat *)a)->idx;
    uint32_t y = ((const struct nlp_feat *)b)->idx;

    return x < y ? -1 : x > y;
}

/* Sort by bucket, merge repeats, log(1 + count), unit length. */
static void finish(struct nlp_featvec *v)
{
    struct nlp_feat *f = v->f;
    size_t i, j, n = v->n;
    double norm = 0;

    if (n <= 48) {
        for (i = 1; i < n; i++) {
            struct nlp_feat t = f[i];
            for (j = i; j > 0 && f[j - 1].idx > t.idx; j--)
                f[j] = f[j - 1];
            f[j] = t;
        }
    } else {
        qsort(f, n, sizeof *f, cmp_feat);
    }
    for (i = 0, j = 0; i < n; i++) {
        if (j && f[j - 1].idx == f[i].idx)
            f[j - 1].val += f[i].val;
        else
            f[j++] = f[i];
    }
    for (i = 0; i < j; i++) {
        f[i].val = log1pf(f[i].val);
        norm += (double)f[i].val * f[i].val;
    }
    if (norm > 0) {
        float k = (float)(1.0 / sqrt(norm));
        for (i = 0; i < j; i++)
            f[i].val *= k;
    }
    v->n = j;
}

void nlp_features(const struct nlp_featcfg *cfg, const char *title,
                  size_t tlen, const char *text, size_t xlen,
                  struct nlp_featvec *v)
{
    struct emit e;

    v->n = v->ntokens = v->nknown = 0;
    e.cfg = cfg;
    e.v = v;
    e.shift = 64 - cfg->bits;
    if (title && tlen) {
        e.weight = cfg->title_weight;
        e.prev = 0;
        tokenize(&e, title, tlen < NLP_MAX_TITLE ? tlen : NLP_MAX_TITLE);
    }
    if (text && xlen) {
        e.weight = 1.0f;
        e.prev = 0;
        tokenize(&e, text, xlen < NLP_MAX_TEXT ? xlen : NLP_MAX_TEXT);
    }
    finish(v);
}

/* ---- inference -------------------------------------------------------- */

struct nlp_featcfg nlp_classifier_featcfg(const struct nlp_classifier *m)
{
    struct nlp_featcfg cfg;

    memset(&cfg, 0, sizeof cfg);
    cfg.bits = m->bits;
    cfg.title_weight = m->title_weight;
    cfg.vocab = m->vocab;
    cfg.vocab_bits = m->vocab_bits;
    return cfg;
}

double nlp_classifier_threshold(const struct nlp_classifier *m)
{
    return m->threshold;
}

/* Does v carry enough known words to be classified at all? */
static int has_evidence(const struct nlp_classifier *m,
                        const struct nlp_featvec *v)
{
    if (v->ntokens == 0)
        return 0;
    if (!m->vocab)
        return 1;
    return v->nknown > 0 &&
           (double)v->nknown >= m->min_known * (double)v->ntokens;
}

int nlp_classify_dist(const struct nlp_classifier *m,
                      const struct nlp_featvec *v, double probs[NLP_NCAT])
{
    float acc[NLP_NCAT];
    double z[NLP_NCAT], max, sum = 0;
    size_t i;
    int c, best = 0, evidence = has_evidence(m, v);

    memset(acc, 0, sizeof acc);
    if (evidence) {
        for (i = 0; i < v->n; i++) {
            const int8_t *row = m->w + (size_t)v->f[i].idx * NLP_NCAT;
            float x = v->f[i].val;
            for (c = 0; c < NLP_NCAT; c++)
                acc[c] += x * (float)row[c];
        }
    }
    for (c = 0; c < NLP_NCAT; c++) {
        z[c] = ((double)acc[c] * m->scale[c] + m->bias[c]) / m->temperature;
        if (z[c] > z[best])
            best = c;
    }
    max = z[best];
    for (c = 0; c < NLP_NCAT; c++)
        sum += (probs[c] = exp(z[c] - max));
    for (c = 0; c < NLP_NCAT; c++)
        probs[c] /= sum;
    return evidence ? best : -1;
}

int nlp_classify_n(const struct nlp_classifier *m, const char *title,
                   size_t tlen, const char *text, size_t xlen,
                   const char **category, double *score)
{
    struct nlp_featvec v;
    struct nlp_featcfg cfg;
    double probs[NLP_NCAT];
    int best;

    *category = NULL;
    if (score)
        *score = 0;
    if (!m)
        return HW_EINVAL;
    cfg = nlp_classifier_featcfg(m);
    nlp_featvec_init(&v);
    nlp_features(&cfg, title, tlen, text, xlen, &v);
    best = nlp_classify_dist(m, &v, probs);
    nlp_featvec_release(&v);
    if (best < 0)
        return 0;
    if (score)
        *score = probs[best];
    if (probs[best] >= m->threshold)
        *category = nlp_categories[best];
    return 0;
}

int nlp_classify(const struct nlp_classifier *m, const char *title,
                 const char *text, const char **category, double *score)
{
    return nlp_classify_n(m, title, title ? strlen(title) : 0, text,
                          text ? strlen(text) : 0, category, score);
}

/* ---- contract D ------------------------------------------------------- */

/* A member that must be a string or null; 0 with *s, *n set, or -1. */
static int get_text(json_t *obj, const char *key, const char **s, size_t *n)
{
    json_t *x = json_object_get(obj, key);

    *s = NULL;
    *n = 0;
    if (!x || json_is_null(x))
        return 0;
    if (!json_is_string(x))
        return -1;
    *s = json_string_value(x);
    *n = json_string_length(x);
    return 0;
}

static void json_bad(struct hw_buf *out, const char *why)
{
    hw_buf_adds(out, "{\"category\":null,\"score\":null,\"error\":");
    hw_json_str(out, why);
    hw_buf_addc(out, '}');
}

int nlp_classify_json(const struct nlp_classifier *m, const char *line,
                      size_t len, struct hw_buf *out, struct hw_diag *d)
{
    json_error_t err;
    json_t *root;
    const char *title, *text, *cat;
    size_t tlen, xlen;
    double score;

    root = json_loadb(line, len, JSON_ALLOW_NUL, &err);
    if (!root) {
        hw_fail(d, HW_EPARSE, "classify", "", "invalid JSON at column %d: %s",
                err.column, err.text);
        json_bad(out, d ? d->why : "invalid JSON");
        return HW_EPARSE;
    }
    if (!json_is_object(root)) {
        json_decref(root);
        hw_fail(d, HW_EPARSE, "classify", "",
                "not a JSON object {\"title\", \"text\"}");
        json_bad(out, "not a JSON object");
        return HW_EPARSE;
    }
    if (get_text(root, "title", &title, &tlen) ||
        get_text(root, "text", &text, &xlen)) {
        json_decref(root);
        hw_fail(d, HW_EPARSE, "classify", "",
                "\"title\" and \"text\" must be strings or null");
        json_bad(out, "\"title\" and \"text\" must be strings or null");
        return HW_EPARSE;
    }
    nlp_classify_n(m, title, tlen, text, xlen, &cat, &score);
    json_decref(root);
    hw_buf_adds(out, "{\"category\":");
    hw_json_str_or_null(out, cat);
    hw_buf_printf(out, ",\"score\":%.4f}", score);
    return out->err;
}

/* ---- building --------------------------------------------------------- */

static int finite_in(float x, float lo, float hi)
{
    return isfinite(x) && x >= lo && x <= hi;
}

int nlp_classifier_build(const struct nlp_model_params *p,
                         struct nlp_classifier **out, struct hw_diag *d)
{
    struct nlp_classifier *m;
    size_t rows, r;
    int c;

    *out = NULL;
    if (p->bits < NLP_MIN_BITS || p->bits > NLP_MAX_BITS ||
        (p->vocab_bits && (p->vocab_bits < 8 ||
                           p->vocab_bits > NLP_MAX_BITS)) ||
        (p->vocab_bits && !p->vocab) || !finite_in(p->title_weight, 0, 100) ||
        !finite_in(p->temperature, 1e-3f, 1e3f) ||
        !finite_in(p->threshold, 0, 1) || !finite_in(p->min_known, 0, 1))
        return hw_fail(d, HW_EINVAL, "classifier", "build",
                       "model parameters out of range");
    rows = (size_t)1 << p->bits;
    m = hw_calloc(1, sizeof *m);
    m->bits = p->bits;
    m->vocab_bits = p->vocab_bits;
    m->title_weight = p->title_weight;
    m->temperature = p->temperature;
    m->threshold = p->threshold;
    m->min_known = p->min_known;
    m->w = hw_malloc(rows * NLP_NCAT);
    for (c = 0; c < NLP_NCAT; c++) {
        float max = 0;
        for (r = 0; r < rows; r++) {
            float a = fabsf(p->weights[r * NLP_NCAT + (size_t)c]);
            if (isfinite(a) && a > max)
                max = a;
        }
        m->scale[c] = max > 0 ? max / 127.0f : 1.0f;
        m->bias[c] = isfinite(p->bias[c]) ? p->bias[c] : 0;
        for (r = 0; r < rows; r++) {
            float x = p->weights[r * NLP_NCAT + (size_t)c] / m->scale[c];
            long q = isfinite(x) ? lrintf(x) : 0;
            m->w[r * NLP_NCAT + (size_t)c] =
                (int8_t)(q > 127 ? 127 : q < -127 ? -127 : q);
        }
    }
    if (p->vocab_bits) {
        size_t n = ((size_t)1 << p->vocab_bits) / 8;
        m->vocab = hw_malloc(n);
        memcpy(m->vocab, p->vocab, n);
    }
    *out = m;
    return 0;
}

void nlp_classifier_calibrate(struct nlp_classifier *m, float temperature,
                              float threshold)
{
    if (finite_in(temperature, 1e-3f, 1e3f))
        m->temperature = temperature;
    if (finite_in(threshold, 0, 1))
        m->threshold = threshold;
}

void nlp_classifier_free(struct nlp_classifier *m)
{
    if (!m)
        return;
    hw_free(m->w);
    hw_free(m->vocab);
    hw_free(m);
}

/* ---- the file --------------------------------------------------------- */

static size_t file_size(unsigned bits, unsigned vocab_bits)
{
    return HEADER_LEN + 8 * NLP_NCAT + NAME_LEN * NLP_NCAT +
           ((size_t)1 << bits) * NLP_NCAT +
           (vocab_bits ? ((size_t)1 << vocab_bits) / 8 : 0) + 8;
}

size_t nlp_classifier_file_size(const struct nlp_classifier *m)
{
    return file_size(m->bits, m->vocab_bits);
}

static void put_u32(struct hw_buf *b, uint32_t x)
{
    unsigned char o[4];

    o[0] = (unsigned char)x;
    o[1] = (unsigned char)(x >> 8);
    o[2] = (unsigned char)(x >> 16);
    o[3] = (unsigned char)(x >> 24);
    hw_buf_add(b, o, 4);
}

static void put_f32(struct hw_buf *b, float f)
{
    uint32_t x;

    memcpy(&x, &f, 4);
    put_u32(b, x);
}

static uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static float get_f32(const unsigned char *p)
{
    uint32_t x = get_u32(p);
    float f;

    memcpy(&f, &x, 4);
    return f;
}

int nlp_classifier_serialize(const struct nlp_classifier *m,
                             struct hw_buf *out)
{
    size_t start = out->len, i;
    uint64_t h;
    int c;

    hw_buf_add(out, MAGIC, 8);
    put_u32(out, FORMAT_VERSION);
    put_u32(out, NLP_FEAT_VERSION);
    put_u32(out, m->bits);
    put_u32(out, NLP_NCAT);
    put_u32(out, m->vocab_bits);
    put_f32(out, m->title_weight);
    put_f32(out, m->temperature);
    put_f32(out, m->threshold);
    put_f32(out, m->min_known);
    for (c = 0; c < NLP_NCAT; c++)
        put_f32(out, m->scale[c]);
    for (c = 0; c < NLP_NCAT; c++)
        put_f32(out, m->bias[c]);
    for (c = 0; c < NLP_NCAT; c++) {
        char name[NAME_LEN];
        memset(name, 0, sizeof name);
        memcpy(name, nlp_categories[c], strlen(nlp_categories[c]));
        hw_buf_add(out, name, NAME_LEN);
    }
    hw_buf_add(out, m->w, ((size_t)1 << m->bits) * NLP_NCAT);
    if (m->vocab_bits)
        hw_buf_add(out, m->vocab, ((size_t)1 << m->vocab_bits) / 8);
    if (out->err)
        return out->err;
    h = fnv1a(FNV_OFFSET, out->p + start, out->len - start);
    for (i = 0; i < 8; i++)
        hw_buf_addc(out, (char)(h >> (8 * i)));
    return out->err;
}

int nlp_classifier_save(const struct nlp_classifier *m, const char *path,
                        struct hw_diag *d)
{
    struct hw_buf b, tmp;
    FILE *f;
    int r = 0;

    hw_buf_init(&b, NLP_MODEL_MAX);
    hw_buf_init(&tmp, 4096);
    if (nlp_classifier_serialize(m, &b) ||
        hw_buf_printf(&tmp, "%s.tmp", path)) {
        r = hw_fail(d, HW_ETOOBIG, "classifier", path, "model too large");
        goto out;
    }
    if (!(f = fopen(tmp.p, "wb"))) {
        r = hw_fail(d, HW_EIO, "classifier", tmp.p, "%s", strerror(errno));
        goto out;
    }
    if (fwrite(b.p, 1, b.len, f) != b.len) {
        r = hw_fail(d, HW_EIO, "classifier", tmp.p, "%s", strerror(errno));
        fclose(f);
        remove(tmp.p);
        goto out;
    }
    if (fclose(f) != 0) {
        r = hw_fail(d, HW_EIO, "classifier", tmp.p, "%s", strerror(errno));
        remove(tmp.p);
        goto out;
    }
    if (rename(tmp.p, path) != 0) {
        r = hw_fail(d, HW_EIO, "classifier", path, "%s", strerror(errno));
        remove(tmp.p);
    }
out:
    hw_buf_release(&b);
    hw_buf_release(&tmp);
    return r;
}

int nlp_classifier_load_mem(const void *data, size_t len,
                            struct nlp_classifier **out, struct hw_diag *d)
{
    const unsigned char *p = data, *q;
    struct nlp_classifier *m;
    unsigned bits, vocab_bits;
    size_t rows, vbytes;
    uint64_t h, want = 0;
    int c, i;

    *out = NULL;
    if (len < HEADER_LEN || memcmp(p, MAGIC, 8) != 0)
        return hw_fail(d, HW_EPARSE, "classifier", "model",
                       "not a hashwire category model");
    if (get_u32(p + 8) != FORMAT_VERSION ||
        get_u32(p + 12) != NLP_FEAT_VERSION)
        return hw_fail(d, HW_EPARSE, "classifier", "model",
                       "model format %u, features %u: this hashwire reads "
                       "format %u, features %u; rebuild with make models",
                       get_u32(p + 8), get_u32(p + 12), FORMAT_VERSION,
                       NLP_FEAT_VERSION);
    bits = get_u32(p + 16);
    vocab_bits = get_u32(p + 24);
    if (bits < NLP_MIN_BITS || bits > NLP_MAX_BITS ||
        get_u32(p + 20) != NLP_NCAT ||
        (vocab_bits && (vocab_bits < 8 || vocab_bits > NLP_MAX_BITS)))
        return hw_fail(d, HW_EPARSE, "classifier", "model",
                       "bad header (bits %u, classes %u, vocabulary %u)",
                       bits, get_u32(p + 20), vocab_bits);
    if (len != file_size(bits, vocab_bits))
        return hw_fail(d, HW_EPARSE, "classifier", "model",
                       "truncated or padded: %zu bytes, want %zu", len,
                       file_size(bits, vocab_bits));
    h = fnv1a(FNV_OFFSET, p, len - 8);
    for (i = 0; i < 8; i++)
        want |= (uint64_t)p[len - 8 + (size_t)i] << (8 * i);
    if (h != want)
        return hw_fail(d, HW_EPARSE, "classifier", "model",
                       "checksum mismatch (damaged file)");
    q = p + HEADER_LEN + 8 * NLP_NCAT;
    for (c = 0; c < NLP_NCAT; c++, q += NAME_LEN) {
        size_t n = strlen(nlp_categories[c]);
        if (memcmp(q, nlp_categories[c], n) != 0 || q[n] != 0)
            return hw_fail(d, HW_EPARSE, "classifier", "model",
                           "class %d is not %s: the taxonomy changed; "
                           "rebuild with make models",
                           c, nlp_categories[c]);
    }
    m = hw_calloc(1, sizeof *m);
    m->bits = bits;
    m->vocab_bits = vocab_bits;
    m->title_weight = get_f32(p + 28);
    m->temperature = get_f32(p + 32);
    m->threshold = get_f32(p + 36);
    m->min_known = get_f32(p + 40);
    for (c = 0; c < NLP_NCAT; c++) {
        m->scale[c] = get_f32(p + HEADER_LEN + 4 * (size_t)c);
        m->bias[c] = get_f32(p + HEADER_LEN + 4 * (NLP_NCAT + (size_t)c));
        if (!finite_in(m->scale[c], 0, 1e6f) ||
            !finite_in(m->bias[c], -1e6f, 1e6f))
            m->temperature = -1; /* rejected below */
    }
    if (!finite_in(m->title_weight, 0, 100) ||
        !finite_in(m->temperature, 1e-3f, 1e3f) ||
        !finite_in(m->threshold, 0, 1) || !finite_in(m->min_known, 0, 1)) {
        hw_free(m);
        return hw_fail(d, HW_EPARSE, "classifier", "model",
                       "parameter out of range");
    }
    rows = (size_t)1 << bits;
    m->w = hw_malloc(rows * NLP_NCAT);
    memcpy(m->w, q, rows * NLP_NCAT);
    q += rows * NLP_NCAT;
    if (vocab_bits) {
        vbytes = ((size_t)1 << vocab_bits) / 8;
        m->vocab = hw_malloc(vbytes);
        memcpy(m->vocab, q, vbytes);
    }
    *out = m;
    return 0;
}

int nlp_classifier_load(const char *path, struct nlp_classifier **out,
                        struct hw_diag *d)
{
    struct hw_buf b;
    int r;

    *out = NULL;
    hw_buf_init(&b, NLP_MODEL_MAX);
    if ((r = hw_read_file(path, &b, d)) == 0) {
        r = nlp_classifier_load_mem(b.p, b.len, out, d);
        if (r && d) {
            char why[sizeof d->why];
            memcpy(why, d->why, sizeof why);
            hw_fail(d, r, "classifier", path, "%s", why);
        }
    }
    hw_buf_release(&b);
    return r;
}

void nlp_classifier_default_path(struct hw_buf *out)
{
    const char *dir = getenv("HASHWIRE_MODELS");

    hw_buf_reset(out);
    if (dir && *dir) {
        hw_buf_adds(out, dir);
        if (out->len && out->p[out->len - 1] != '/')
            hw_buf_addc(out, '/');
        hw_buf_adds(out, NLP_MODEL_FILE);
    } else {
        hw_buf_adds(out, "models/" NLP_MODEL_FILE);
    }
}
