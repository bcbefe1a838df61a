/*
 * test_ner.c - the named-entity tagger: labels, CoNLL reading, conlleval
 * scoring, Viterbi, the model file, and (tests named _shared_) the
 * committed model on the shared data.
 *
 * test_ner_shared_testa_f1 is the quality gate: the committed
 * models/ner.model must keep its span F1 on CoNLL-2003 eng.testa (the
 * development split, never trained on).  The floor is what the model
 * measured when it was committed (92.4) minus half a point.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "nlp/ner.h"
#include "nlp/ner_int.h"

#define TESTA_F1_FLOOR 91.9

static const char *shared(void)
{
    const char *s = getenv("HW_SHARED");

    return s && *s ? s : "../shared";
}

static struct nlp_ner *open_model(void)
{
    struct nlp_ner *m = NULL;
    struct hw_diag d;

    if (nlp_ner_open_default(&m, &d) != 0) {
        hw_diag_print(&d);
        fail_msg("no model: run `make models` (models/ner.model)");
    }
    return m;
}

static void test_labels(void **state)
{
    (void)state;
    assert_string_equal(nlp_ner_label_name(NLP_NER_O), "O");
    assert_string_equal(nlp_ner_label_name(NLP_NER_B(NLP_PER)), "B-PER");
    assert_string_equal(nlp_ner_label_name(NLP_NER_I(NLP_MISC)), "I-MISC");
    assert_int_equal(nlp_ner_label_type(NLP_NER_I(NLP_LOC)), NLP_LOC);
    assert_int_equal(nlp_ner_label_type(NLP_NER_O), NLP_UNK);
    assert_true(nlp_ner_label_begins(NLP_NER_B(NLP_ORG)));
    assert_false(nlp_ner_label_begins(NLP_NER_I(NLP_ORG)));
}

static void test_bilou(void **state)
{
    /* O B-PER I-PER I-PER B-PER B-LOC O I-ORG */
    static const uint8_t iob[] = {0, 1, 2, 2, 1, 5, 0, 4};
    uint8_t bilou[8], back[8];

    (void)state;
    ner_iob2_to_bilou(iob, 8, bilou);
    assert_int_equal(bilou[0], 0);
    assert_int_equal(bilou[1], NER_LAB(0, NER_B));
    assert_int_equal(bilou[2], NER_LAB(0, NER_I));
    assert_int_equal(bilou[3], NER_LAB(0, NER_L));
    assert_int_equal(bilou[4], NER_LAB(0, NER_U));
    assert_int_equal(bilou[5], NER_LAB(2, NER_U));
    assert_int_equal(bilou[7], NER_LAB(1, NER_U)); /* stray I- opens */
    ner_bilou_to_iob2(bilou, 8, back);
    assert_memory_equal(back, ((const uint8_t[]){0, 1, 2, 2, 1, 5, 0, 3}),
                        8);
}

static void test_conll_parse(void **state)
{
    /* IOB1: I- opens; B- only between two entities of one type */
    static const char text[] =
        "-DOCSTART- -X- O O\n\n"
        "EU NNP I-NP I-ORG\nrejects VBZ I-VP O\nGerman JJ I-NP I-MISC\n"
        "\n"
        "Peter NNP I-NP I-PER\nBlackburn NNP I-NP I-PER\n"
        "Tom NNP I-NP B-PER\n  \n"
        "bare\n";
    struct nlp_conll c;

    (void)state;
    assert_int_equal(nlp_conll_parse(text, sizeof text - 1, 100, &c), 0);
    assert_int_equal(c.n, 8);
    assert_int_equal(c.ndoc, 1);
    assert_int_equal(c.nsent, 3);
    assert_true(c.flags[0] & NLP_CONLL_DOCMARK);
    assert_true(c.flags[1] & NLP_CONLL_DOC);
    assert_true(c.flags[1] & NLP_CONLL_SENT);
    assert_int_equal(c.gold[1], NLP_NER_B(NLP_ORG));
    assert_int_equal(c.gold[3], NLP_NER_B(NLP_MISC));
    assert_int_equal(c.gold[4], NLP_NER_B(NLP_PER));
    assert_int_equal(c.gold[5], NLP_NER_I(NLP_PER));
    assert_int_equal(c.gold[6], NLP_NER_B(NLP_PER));
    assert_int_equal(c.words[7].len, 4);
    assert_int_equal(c.gold[7], NLP_NER_O);
    assert_int_equal(c.tags[7].len, 0);
    assert_true(c.flags[7] & NLP_CONLL_SENT);
    nlp_conll_release(&c);
    assert_int_equal(nlp_conll_parse(text, sizeof text - 1, 3, &c),
                     HW_ELIMIT);
    nlp_conll_release(&c);
}

static void test_score(void **state)
{
    /* gold: [PER PER] O [LOC] [ORG ORG]; pred: [PER PER] O [ORG] [ORG] O */
    static const uint8_t gold[] = {1, 2, 0, 5, 3, 4};
    static const uint8_t pred[] = {1, 2, 0, 3, 3, 0};
    struct nlp_ner_score s;
    double p, r, f;

    (void)state;
    memset(&s, 0, sizeof s);
    nlp_ner_score_add(&s, gold, pred, NULL, 6);
    assert_int_equal(s.gold[0], 3);
    assert_int_equal(s.pred[0], 3);
    assert_int_equal(s.correct[0], 1);
    assert_int_equal(s.correct[NLP_PER], 1);
    assert_int_equal(s.pred[NLP_ORG], 2);
    f = nlp_ner_f1(&s, 0, &p, &r);
    assert_true(p > 33.3 && p < 33.4 && r > 33.3 && f > 33.3 && f < 33.4);
    f = nlp_ner_f1_types(&s, 1u << NLP_PER, &p, &r);
    assert_true(f > 99.9);
    /* a sentence start cuts a chunk */
    {
        static const uint8_t g2[] = {1, 2};
        static const uint8_t st[] = {1, 1};
        memset(&s, 0, sizeof s);
        nlp_ner_score_add(&s, g2, g2, st, 2);
        assert_int_equal(s.gold[0], 2);
    }
}

/* Exact decoding: Viterbi against every legal labelling of 3 tokens. */
static void test_viterbi(void **state)
{
    float emit[3 * NER_NL], trans[(NER_NL + 1) * NER_NL];
    uint8_t bp[3 * NER_NL], best[3];
    uint64_t seed = 12345;
    int round;

    (void)state;
    for (round = 0; round < 20; round++) {
        int a, b, c, i;
        float top = -1e30f, got;
        for (i = 0; i < 3 * NER_NL; i++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            emit[i] = (float)((seed >> 40) % 1000) / 100.0f - 5.0f;
        }
        for (i = 0; i < (NER_NL + 1) * NER_NL; i++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            trans[i] = (float)((seed >> 40) % 1000) / 100.0f - 5.0f;
        }
        for (a = 0; a < NER_NL; a++)
            for (b = 0; b < NER_NL; b++)
                for (c = 0; c < NER_NL; c++) {
                    float s;
                    if (!ner_allowed(NER_NL, a) || !ner_allowed(a, b) ||
                        !ner_allowed(b, c) || !ner_may_end(c))
                        continue;
                    s = trans[NER_NL * NER_NL + a] + emit[a] +
                        trans[a * NER_NL + b] + emit[NER_NL + b] +
                        trans[b * NER_NL + c] + emit[2 * NER_NL + c];
                    if (s > top)
                        top = s;
                }
        ner_viterbi_f(emit, trans, 3, bp, best);
        assert_true(ner_allowed(NER_NL, best[0]));
        assert_true(ner_allowed(best[0], best[1]));
        assert_true(ner_allowed(best[1], best[2]));
        assert_true(ner_may_end(best[2]));
        got = trans[NER_NL * NER_NL + best[0]] + emit[best[0]] +
              trans[best[0] * NER_NL + best[1]] + emit[NER_NL + best[1]] +
              trans[best[1] * NER_NL + best[2]] + emit[2 * NER_NL + best[2]];
        assert_true(got > top - 1e-3f && got < top + 1e-3f);
    }
}

/* Models store hashes: the function must never change silently. */
static void test_hash_stable(void **state)
{
    (void)state;
    assert_true(ner_hash("Kim", 3) == 0x4f04fc1df215e028ULL);
    assert_true(ner_hash("international", 13) == 0x919acaadada5eddULL);
    assert_true(ner_hash("", 0) == 0x7acdbb98b1344213ULL);
}

static void write_file(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");

    assert_non_null(f);
    assert_int_equal(fwrite(p, 1, n, f), n);
    fclose(f);
}

static void test_open_errors(void **state)
{
    struct nlp_ner *m = (struct nlp_ner *)1;
    struct hw_diag d;
    char path[] = "/tmp/hw-test-ner-XXXXXX";
    struct ner_hdr h;
    int fd = mkstemp(path);

    (void)state;
    assert_true(fd >= 0);
    assert_int_equal(nlp_ner_open("/nonexistent/ner.model", &m, &d),
                     HW_ENOTFOUND);
    assert_null(m);
    write_file(path, "garbage", 7);
    assert_int_equal(nlp_ner_open(path, &m, &d), HW_EPARSE);
    memset(&h, 0, sizeof h);
    memcpy(h.magic, "HWNER\0\0\0", 8);
    h.version = NER_VERSION + 1;
    h.nlabels = NER_NL;
    write_file(path, &h, sizeof h);
    assert_int_equal(nlp_ner_open(path, &m, &d), HW_EPARSE);
    assert_non_null(strstr(d.why, "version"));
    /* a header promising more than the file holds */
    h.version = NER_VERSION;
    h.rows_log2 = 10;
    h.size = sizeof h;
    h.off_weights = 64;
    write_file(path, &h, sizeof h);
    assert_int_equal(nlp_ner_open(path, &m, &d), HW_EPARSE);
    nlp_ner_close(NULL);
    remove(path);
}

/*
 * A model of the format in ner_int.h, as small as it goes: 128 hashed
 * rows of which row 5 is stored with weight 7 for label 1, empty tables.
 * off5 is the row index entry of row 5.
 */
static void write_tiny_model(const char *path, uint8_t off5)
{
    static unsigned char f[1792];
    struct ner_hdr h;
    int16_t w = 7;

    memset(f, 0, sizeof f);
    memset(&h, 0, sizeof h);
    memcpy(h.magic, "HWNER\0\0\0", 8);
    h.version = NER_VERSION;
    h.nlabels = NER_NL;
    h.rows_log2 = 7;
    h.vocab_log2 = 1;
    h.gaz_log2 = 1;
    h.cl_bits = 1;
    h.scale = 1;
    h.nrows = 1;
    h.off_trans = 128;   /* 18 * 17 int32 */
    h.off_vocab = 1408;  /* 2 slots */
    h.off_gaz = 1472;    /* 2 slots */
    h.off_index = 1536;  /* 128 offsets, 1 base */
    h.off_weights = 1728;
    h.size = sizeof f;
    memcpy(f, &h, sizeof h);
    f[h.off_index + 5] = off5;
    memcpy(f + h.off_weights + 2, &w, sizeof w);
    write_file(path, f, sizeof f);
}

/* The row index is checked at open: an entry past the stored rows is
 * refused; a good one is used. */
static void test_open_row_index(void **state)
{
    char path[] = "/tmp/hw-test-ner-XXXXXX";
    struct nlp_ner *m;
    struct hw_diag d;
    struct nlp_ner_info inf;
    static const struct hw_str w[3] = {{"Kim", 3}, {"met", 3}, {"Lee", 3}};
    uint8_t lab[3];
    int fd = mkstemp(path);

    (void)state;
    assert_true(fd >= 0);
    write_tiny_model(path, 2);
    assert_int_equal(nlp_ner_open(path, &m, &d), HW_EPARSE);
    assert_non_null(strstr(d.why, "row index"));
    write_tiny_model(path, 1);
    assert_int_equal(nlp_ner_open(path, &m, &d), 0);
    nlp_ner_get_info(m, &inf);
    assert_int_equal(inf.weight_rows, 128);
    assert_int_equal(inf.clusters, 2);
    assert_int_equal(nlp_ner_tag(m, w, NULL, 3, lab), 0);
    assert_true(lab[0] < NLP_NER_NLABELS && lab[2] < NLP_NER_NLABELS);
    nlp_ner_close(m);
    remove(path);
}

/* The committed model keeps to the rule that models are compact: the
 * repository's size hook warns above 20 MiB a file. */
static void test_ner_shared_model_size(void **state)
{
    struct nlp_ner *m = open_model();
    struct nlp_ner_info inf;

    (void)state;
    nlp_ner_get_info(m, &inf);
    print_message("model: %zu bytes\n", inf.file_bytes);
    assert_true(inf.file_bytes <= (size_t)19 << 20);
    nlp_ner_close(m);
}

/*
 * The tagger's scores, summed from its word cache and its neighbour
 * scores, equal the sum of the rows of ner_features(), the features
 * training sees: over a text of many distinct words (so that the word
 * cache evicts), cased, numbers, punctuation, names from the gazetteer,
 * and sentences of one word up.
 */
static void test_ner_shared_fast_path(void **state)
{
    static const char *const vocab[] = {
        "the", "The", "THE", "said", "on", "Monday", "in", ",", ".", "\"",
        "New", "York", "United", "Nations", "Reuters", "London", "Kim",
        "Jong-un", "of", "and", "BRUSSELS", "1996-08-22", "Mr", "Clinton",
        "Germany", "German", "Bank", "Corp", "(", ")", "won", "3-1", "--",
        "Smith", "McDonald's", "U.S.", "EU", "a", "to", "'s", "percent"};
    enum { N = 6000 };
    struct nlp_ner *m = open_model();
    struct hw_str *w = hw_malloc(N * sizeof *w);
    uint8_t *sent = hw_malloc(N);
    char *buf = hw_malloc(N * 8);
    int32_t *fast = hw_malloc(N * NER_NL * sizeof *fast);
    int32_t *ref = hw_malloc(N * NER_NL * sizeof *ref);
    uint64_t seed = 42;
    size_t i, slen = 0, nv = sizeof vocab / sizeof *vocab;

    (void)state;
    for (i = 0; i < N; i++) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        if ((seed >> 33) % 3) {
            w[i].p = vocab[(seed >> 40) % nv];
            w[i].len = strlen(w[i].p);
        } else {
            int k = snprintf(buf + i * 8, 8, "%s%u",
                             (seed >> 20) & 1 ? "Zq" : "zq",
                             (unsigned)((seed >> 40) % 50000));
            w[i].p = buf + i * 8;
            w[i].len = (size_t)k;
        }
        sent[i] = i == 0 || slen >= 40 || (seed >> 50) % 12 == 0;
        slen = sent[i] ? 1 : slen + 1;
    }
    ner_emissions(m, w, sent, N, 1, fast);
    ner_emissions(m, w, sent, N, 0, ref);
    for (i = 0; i < N * NER_NL; i++)
        if (fast[i] != ref[i])
            fail_msg("token %zu label %zu: %d, features say %d",
                     i / NER_NL, i % NER_NL, fast[i], ref[i]);
    hw_free(w);
    hw_free(sent);
    hw_free(buf);
    hw_free(fast);
    hw_free(ref);
    nlp_ner_close(m);
}

/* A truncated copy of the real model is refused. */
static void test_ner_shared_truncated(void **state)
{
    struct nlp_ner *m = open_model();
    struct nlp_ner_info inf;
    char path[] = "/tmp/hw-test-ner-XXXXXX";
    struct hw_buf b;
    struct hw_diag d;
    int fd = mkstemp(path);
    const char *dir = getenv("HASHWIRE_MODELS");

    (void)state;
    assert_true(fd >= 0);
    nlp_ner_get_info(m, &inf);
    nlp_ner_close(m);
    hw_buf_init(&b, HW_BUF_NOLIMIT);
    {
        struct hw_buf p;
        hw_buf_init(&p, 4096);
        hw_buf_printf(&p, "%s/ner.model", dir && *dir ? dir : "models");
        assert_int_equal(hw_read_file(p.p, &b, NULL), 0);
        hw_buf_release(&p);
    }
    assert_int_equal(b.len, inf.file_bytes);
    write_file(path, b.p, b.len - 4096);
    assert_int_equal(nlp_ner_open(path, &m, &d), HW_EPARSE);
    write_file(path, b.p, b.len);
    assert_int_equal(nlp_ner_open(path, &m, &d), 0);
    nlp_ner_close(m);
    hw_buf_release(&b);
    remove(path);
}

/* The quality gate. */
static void test_ner_shared_testa_f1(void **state)
{
    struct nlp_ner *m = open_model();
    struct hw_buf path, in;
    struct hw_diag d;
    struct nlp_conll c;
    struct nlp_ner_score s;
    uint8_t *pred, *sent;
    size_t i;
    double p, r, f;

    (void)state;
    hw_buf_init(&path, 4096);
    hw_buf_printf(&path, "%s/data/ner/conll2003/eng.testa", shared());
    hw_buf_init(&in, (size_t)64 << 20);
    if (hw_read_file(path.p, &in, &d) != 0) {
        hw_diag_print(&d);
        fail();
    }
    assert_int_equal(nlp_conll_parse(in.p, in.len, 1 << 24, &c), 0);
    assert_int_equal(c.n - c.ndoc, 51362); /* the published word count */
    pred = hw_malloc(c.n);
    sent = hw_malloc(c.n);
    nlp_ner_tag_conll(m, &c, pred);
    for (i = 0; i < c.n; i++)
        sent[i] = (c.flags[i] & (NLP_CONLL_SENT | NLP_CONLL_DOCMARK)) != 0;
    memset(&s, 0, sizeof s);
    nlp_ner_score_add(&s, c.gold, pred, sent, c.n);
    assert_int_equal(s.gold[0], 5942);
    f = nlp_ner_f1(&s, 0, &p, &r);
    print_message("eng.testa: P %.2f R %.2f F1 %.2f (floor %.1f)\n", p, r,
                  f, TESTA_F1_FLOOR);
    assert_true(f >= TESTA_F1_FLOOR);
    assert_true(nlp_ner_f1(&s, NLP_PER, NULL, NULL) >= 92.0);
    assert_true(nlp_ner_f1(&s, NLP_LOC, NULL, NULL) >= 93.0);
    hw_free(pred);
    hw_free(sent);
    nlp_conll_release(&c);
    hw_buf_release(&in);
    hw_buf_release(&path);
    nlp_ner_close(m);
}

static int has_mention(const char *text, const struct nlp_mention *ms,
                       size_t n, const char *what, enum nlp_type t)
{
    size_t i, l = strlen(what);

    for (i = 0; i < n; i++)
        if (ms[i].end - ms[i].start == l &&
            memcmp(text + ms[i].start, what, l) == 0 && ms[i].type == t)
            return 1;
    return 0;
}

static void test_ner_shared_find(void **state)
{
    static const char text[] =
        "North Korean leader Kim Jong-un met Russian Foreign Minister "
        "Sergei Lavrov in Pyongyang on Saturday.\n\n"
        "\xE2\x80\x9CWe are friends,\xE2\x80\x9D Vladimir Putin told "
        "reporters in Moscow, adding that the United Nations and "
        "Microsoft Corp. had been informed.";
    struct nlp_ner *m = open_model();
    struct nlp_mention *ms;
    size_t n, i;

    (void)state;
    assert_int_equal(nlp_ner_find(m, text, sizeof text - 1, &ms, &n), 0);
    for (i = 0; i < n; i++) {
        assert_true(ms[i].start < ms[i].end);
        assert_true(ms[i].end <= sizeof text - 1);
        assert_true(i == 0 || ms[i].start >= ms[i - 1].end);
    }
    assert_true(has_mention(text, ms, n, "Kim Jong-un", NLP_PER));
    assert_true(has_mention(text, ms, n, "Sergei Lavrov", NLP_PER));
    assert_true(has_mention(text, ms, n, "Pyongyang", NLP_LOC));
    assert_true(has_mention(text, ms, n, "Vladimir Putin", NLP_PER));
    assert_true(has_mention(text, ms, n, "Moscow", NLP_LOC));
    assert_true(has_mention(text, ms, n, "United Nations", NLP_ORG));
    hw_free(ms);
    assert_int_equal(nlp_ner_find(m, "", 0, &ms, &n), 0);
    assert_int_equal(n, 0);
    assert_null(ms);
    nlp_ner_close(m);
}

/* Hostile input: 10 MB of text, a 1 MB word, punctuation only, mixed
 * scripts and right-to-left text, invalid UTF-8, one long document of
 * words without sentence marks. */
static void test_ner_shared_bad_input(void **state)
{
    static const char *const odd[] = {
        "!!!!!!!!....,,,,;;;;''''\"\"\"\"((((",
        "\xD8\xA7\xD9\x84\xD8\xB1\xD8\xA6\xD9\x8A\xD8\xB3 Putin \xD9\x81\xD9"
        "\x8A \xD9\x85\xD9\x88\xD8\xB3\xD9\x83\xD9\x88 \xE4\xB8\xAD\xE5\x9B"
        "\xBD Beijing \xE2\x80\x8F\xE2\x80\xAE",
        "\xFF\xFE\xC3 Kim \xED\xA0\x80 Jong \xF4\x90\x80\x80 Un \xC0\xAF",
        "A. B. C. D. E. F. G. H. I. J. K. L. M. N. O. P.",
    };
    struct nlp_ner *m = open_model();
    struct nlp_mention *ms;
    size_t n, i, big = (size_t)10 << 20;
    char *s = hw_malloc(big);
    static const char sent[] = "Kim Jong-un met Putin in Moscow. ";
    struct hw_str *w;
    uint8_t *lab;

    (void)state;
    for (i = 0; i < sizeof odd / sizeof *odd; i++) {
        assert_int_equal(nlp_ner_find(m, odd[i], strlen(odd[i]), &ms, &n),
                         0);
        hw_free(ms);
    }
    for (i = 0; i + sizeof sent - 1 <= big; i += sizeof sent - 1)
        memcpy(s + i, sent, sizeof sent - 1);
    memset(s + i, ' ', big - i);
    assert_int_equal(nlp_ner_find(m, s, big, &ms, &n), 0);
    assert_true(n >= 3 * (big / (sizeof sent - 1)) * 9 / 10);
    hw_free(ms);
    memset(s, 'x', (size_t)1 << 20);
    assert_int_equal(nlp_ner_find(m, s, (size_t)1 << 20, &ms, &n), 0);
    assert_int_equal(n, 0);
    hw_free(ms);
    hw_free(s);

    /* a document of 50,000 words and no sentence marks */
    n = 50000;
    w = hw_malloc(n * sizeof *w);
    lab = hw_malloc(n);
    for (i = 0; i < n; i++) {
        w[i].p = i % 3 ? "Smith" : "the";
        w[i].len = strlen(w[i].p);
    }
    assert_int_equal(nlp_ner_tag(m, w, NULL, n, lab), 0);
    for (i = 0; i < n; i++)
        assert_true(lab[i] < NLP_NER_NLABELS);
    hw_free(w);
    hw_free(lab);
    nlp_ner_close(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_labels),
        cmocka_unit_test(test_bilou),
        cmocka_unit_test(test_conll_parse),
        cmocka_unit_test(test_score),
        cmocka_unit_test(test_viterbi),
        cmocka_unit_test(test_hash_stable),
        cmocka_unit_test(test_open_errors),
        cmocka_unit_test(test_open_row_index),
        cmocka_unit_test(test_ner_shared_truncated),
        cmocka_unit_test(test_ner_shared_model_size),
        cmocka_unit_test(test_ner_shared_fast_path),
        cmocka_unit_test(test_ner_shared_testa_f1),
        cmocka_unit_test(test_ner_shared_find),
        cmocka_unit_test(test_ner_shared_bad_input),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
