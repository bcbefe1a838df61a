/*
 * test_classify.c - the category classifier: the taxonomy's tables,
 * tokens and hashed features, the split, the model file (build, save,
 * load, every way a file can be damaged), inference and its "no
 * category" cases, contract D lines, and the trainer's determinism on a
 * small corpus made here.
 *
 * Tests named test_classify_shared_* read ../shared/data (HW_SHARED) and
 * the committed model models/category.model: the model's accuracy on the
 * development split of each corpus, and that the development split is
 * never loaded for training.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "nlp/classify.h"

/* ---- taxonomy --------------------------------------------------------- */

static void test_taxonomy_tables(void **state)
{
    static const char *const huffpost[] = {
        "POLITICS", "WORLD NEWS", "THE WORLDPOST", "WORLDPOST", "BUSINESS",
        "MONEY", "TECH", "SCIENCE", "WELLNESS", "HEALTHY LIVING", "SPORTS",
        "ENTERTAINMENT", "COMEDY", "MEDIA", "ARTS", "ARTS & CULTURE",
        "CULTURE & ARTS", "STYLE", "STYLE & BEAUTY", "HOME & LIVING",
        "PARENTING", "PARENTS", "WEDDINGS", "DIVORCE", "FIFTY",
        "FOOD & DRINK", "TASTE", "TRAVEL", "GREEN", "ENVIRONMENT", "CRIME",
        "EDUCATION", "COLLEGE", "QUEER VOICES", "BLACK VOICES",
        "LATINO VOICES", "WOMEN", "RELIGION", "IMPACT", "GOOD NEWS",
        "WEIRD NEWS", "U.S. NEWS", NULL};
    size_t i;

    (void)state;
    assert_int_equal(nlp_ncategories, NLP_NCAT);
    assert_string_equal(nlp_categories[NLP_CAT_ARTS], "Arts & Culture");
    assert_int_equal(nlp_category_index("Crime & Justice"), NLP_CAT_CRIME);
    assert_int_equal(nlp_category_index("crime"), -1);
    for (i = 0; huffpost[i]; i++)
        if (nlp_corpus_label(NLP_CORPUS_HUFFPOST, huffpost[i]) < 0)
            fail_msg("HuffPost %s does not map", huffpost[i]);
    assert_int_equal(nlp_corpus_label(NLP_CORPUS_HUFFPOST, "U.S. NEWS"),
                     NLP_CAT_SOCIETY);
    assert_int_equal(nlp_corpus_label(NLP_CORPUS_HUFFPOST, "WORLDPOST"),
                     NLP_CAT_WORLD);
    assert_int_equal(nlp_corpus_label(NLP_CORPUS_HUFFPOST, "FIFTY"),
                     NLP_CAT_LIFESTYLE);
    assert_int_equal(nlp_corpus_label(NLP_CORPUS_AGNEWS, "Sci/Tech"),
                     NLP_CAT_TECHNOLOGY);
    assert_int_equal(nlp_corpus_label(NLP_CORPUS_AGNEWS, "World"),
                     NLP_CAT_WORLD);
    assert_int_equal(nlp_corpus_label(NLP_CORPUS_BBC, "sport"),
                     NLP_CAT_SPORTS);
    assert_int_equal(nlp_corpus_label(NLP_CORPUS_BBC, "politics"),
                     NLP_CAT_POLITICS);
    assert_int_equal(nlp_corpus_label(NLP_CORPUS_BBC, "Politics"), -1);
    assert_int_equal(nlp_corpus_label(NLP_NCORPORA, "World"), -1);
    assert_int_equal(nlp_corpus_classes(NLP_CORPUS_AGNEWS),
                     1u << NLP_CAT_WORLD | 1u << NLP_CAT_SPORTS |
                         1u << NLP_CAT_BUSINESS | 1u << NLP_CAT_TECHNOLOGY);
    assert_int_equal(nlp_corpus_classes(NLP_CORPUS_HUFFPOST),
                     (1u << NLP_NCAT) - 1);
}

static void test_taxonomy_sections(void **state)
{
    static const struct {
        const char *section, *want;
    } cases[] = {
        {"US Politics", "Politics"},
        {"Sport", "Sports"},
        {"Markets", "Business"},
        {"World News", "World"},
        {"Tech", "Technology"},
        {"Opinion", NULL},
        {"News", NULL},
        {"Top Stories", NULL},
        {"Arts & Entertainment", NULL},
        {"Science & Environment", NULL},
        {"Sci/Tech", "Technology"},
        {"  WORLD   news ", "World"},
        {"Crime & Justice", "Crime & Justice"},
        {"Food and Drink", "Food & Drink"},
        {"News > World", "World"},
        {"sport/football", "Sports"},
        {"Business | Markets", "Business"},
        {"Sport/Politics", NULL},
        {"Opinion/Columnists", NULL},
        {"", NULL},
    };
    char s1[] = "Opinion", s2[] = "Lifestyle", s3[] = "Politics";
    char *list[] = {s1, s2, s3};
    char longs[600];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = nlp_category_map(cases[i].section);
        if (!cases[i].want ? got != NULL
                           : !got || strcmp(got, cases[i].want) != 0)
            fail_msg("section \"%s\": got %s, want %s", cases[i].section,
                     got ? got : "NULL",
                     cases[i].want ? cases[i].want : "NULL");
    }
    assert_null(nlp_category_map(NULL));
    memset(longs, 'a', sizeof longs - 1);
    longs[sizeof longs - 1] = '\0';
    assert_null(nlp_category_map(longs));
    assert_string_equal(nlp_category_map_any(list, 3), "Lifestyle");
    assert_null(nlp_category_map_any(list, 1));
}

/* ---- features --------------------------------------------------------- */

static struct nlp_featcfg cfg_of(unsigned bits)
{
    struct nlp_featcfg cfg;

    memset(&cfg, 0, sizeof cfg);
    cfg.bits = bits;
    cfg.title_weight = 2.0f;
    return cfg;
}

/* Are the features of texts a and b (as text, no title) the same? */
static int same_features(const char *a, const char *b)
{
    struct nlp_featcfg cfg = cfg_of(18);
    struct nlp_featvec va, vb;
    int same;

    nlp_featvec_init(&va);
    nlp_featvec_init(&vb);
    nlp_features(&cfg, NULL, 0, a, strlen(a), &va);
    nlp_features(&cfg, NULL, 0, b, strlen(b), &vb);
    same = va.n == vb.n && va.ntokens == vb.ntokens &&
           memcmp(va.f, vb.f, va.n * sizeof *va.f) == 0;
    nlp_featvec_release(&va);
    nlp_featvec_release(&vb);
    return same;
}

static void test_features_tokens(void **state)
{
    (void)state;
    /* case, apostrophes and punctuation do not matter */
    assert_true(same_features("Iraq's oil", "IRAQ 'S OIL"));
    assert_true(same_features("Iraq's oil", "iraq s oil"));
    assert_true(same_features("Iraq\xE2\x80\x99s oil", "iraq s oil"));
    /* HTML entity remnants of the AG rows are skipped */
    assert_true(same_features("Iraq#39;s oil", "Iraq s oil"));
    assert_true(same_features("said &quot;no&quot; today",
                              "said no today"));
    assert_true(same_features("said  quot;no quot; today",
                              "said no today"));
    /* numbers read as their shape */
    assert_true(same_features("in 2004", "in 1999"));
    assert_false(same_features("in 2004", "in 99"));
    /* non-ASCII letters fold */
    assert_true(same_features("\xC3\x89LYS\xC3\x89" "E",
                              "\xC3\xA9lys\xC3\xA9" "e"));
    /* invalid UTF-8 and NUL bytes are separators */
    assert_true(same_features("oil\xFFprices", "oil prices"));
    assert_false(same_features("oil prices", "prices oil"));
}

static void test_features_vector(void **state)
{
    struct nlp_featcfg cfg = cfg_of(12);
    struct nlp_featvec v;
    const char text[] = "oil\0prices rise";
    double norm = 0;
    size_t i;

    (void)state;
    nlp_featvec_init(&v);
    nlp_features(&cfg, "Oil prices", 10, text, sizeof text - 1, &v);
    assert_int_equal(v.ntokens, 5);
    assert_true(v.n > 0 && v.n <= 9);
    for (i = 0; i < v.n; i++) {
        assert_true(v.f[i].idx < (1u << 12));
        if (i)
            assert_true(v.f[i - 1].idx < v.f[i].idx);
        norm += (double)v.f[i].val * v.f[i].val;
    }
    assert_true(norm > 0.999 && norm < 1.001);
    /* empty: nothing */
    nlp_features(&cfg, "", 0, NULL, 0, &v);
    assert_int_equal(v.n, 0);
    assert_int_equal(v.ntokens, 0);
    nlp_features(&cfg, " ,.;!", 5, "--", 2, &v);
    assert_int_equal(v.n, 0);
    nlp_featvec_release(&v);
}

static void test_features_caps(void **state)
{
    struct nlp_featcfg cfg = cfg_of(16);
    struct nlp_featvec v;
    size_t n = 10u << 20, i;
    char *big = hw_malloc(n);

    (void)state;
    /* 10 MB of words: only NLP_MAX_TEXT bytes are read */
    for (i = 0; i < n; i++)
        big[i] = (i % 6 == 5) ? ' ' : (char)('a' + (i / 6) % 26);
    nlp_featvec_init(&v);
    nlp_features(&cfg, big, n, big, n, &v);
    assert_true(v.ntokens <= (NLP_MAX_TITLE + NLP_MAX_TEXT) / 6 + 2);
    /* one 10 MB token: skipped, as every over-long token */
    memset(big, 'x', n);
    nlp_features(&cfg, NULL, 0, big, n, &v);
    assert_int_equal(v.ntokens, 0);
    nlp_featvec_release(&v);
    hw_free(big);
}

static void test_split_bucket(void **state)
{
    size_t count[10] = {0}, i;
    char key[64];

    (void)state;
    for (i = 0; i < 20000; i++) {
        int n = snprintf(key, sizeof key, "agnews-%06zu", i);
        count[nlp_split_bucket(key, (size_t)n)]++;
    }
    for (i = 0; i < 10; i++)
        assert_true(count[i] > 1800 && count[i] < 2200);
    assert_int_equal(nlp_split_bucket("business/001", 12),
                     nlp_split_bucket("business/001", 12));
}

/* ---- a tiny model made by hand ---------------------------------------- */

#define TINY_BITS 10

/* Add w to class c for every feature of word (as a title). */
static void teach(float *weights, const char *word, int c, float w)
{
    struct nlp_featcfg cfg = cfg_of(TINY_BITS);
    struct nlp_featvec v;
    size_t i;

    nlp_featvec_init(&v);
    nlp_features(&cfg, word, strlen(word), NULL, 0, &v);
    for (i = 0; i < v.n; i++)
        weights[(size_t)v.f[i].idx * NLP_NCAT + (size_t)c] += w;
    nlp_featvec_release(&v);
}

static struct nlp_classifier *tiny_model(int with_vocab)
{
    static const char *const words[] = {"football", "election", "stocks",
                                        "goal", "vote", "shares"};
    static const int cats[] = {NLP_CAT_SPORTS,   NLP_CAT_POLITICS,
                               NLP_CAT_BUSINESS, NLP_CAT_SPORTS,
                               NLP_CAT_POLITICS, NLP_CAT_BUSINESS};
    size_t rows = (size_t)1 << TINY_BITS, i;
    float *w = hw_calloc(rows * NLP_NCAT, sizeof *w);
    float bias[NLP_NCAT] = {0};
    uint8_t vocab[(1u << 12) / 8];
    struct nlp_model_params p;
    struct nlp_classifier *m;
    struct nlp_featcfg cfg = cfg_of(TINY_BITS);
    struct nlp_featvec v;

    memset(vocab, 0, sizeof vocab);
    cfg.vocab_out = vocab;
    cfg.vocab_bits = 12;
    nlp_featvec_init(&v);
    for (i = 0; i < sizeof words / sizeof words[0]; i++) {
        teach(w, words[i], cats[i], 12.0f);
        nlp_features(&cfg, words[i], strlen(words[i]), NULL, 0, &v);
    }
    nlp_features(&cfg, "the a of", 8, NULL, 0, &v);
    nlp_featvec_release(&v);
    memset(&p, 0, sizeof p);
    p.bits = TINY_BITS;
    p.title_weight = 2.0f;
    p.weights = w;
    p.bias = bias;
    p.temperature = 1.0f;
    p.threshold = 0.5f;
    p.min_known = 0.5f;
    if (with_vocab) {
        p.vocab = vocab;
        p.vocab_bits = 12;
    }
    assert_int_equal(nlp_classifier_build(&p, &m, NULL), 0);
    hw_free(w);
    return m;
}

static void test_classify_tiny(void **state)
{
    struct nlp_classifier *m = tiny_model(1);
    const char *cat;
    double score;

    (void)state;
    assert_int_equal(nlp_classify(m, "Football", "", &cat, &score), 0);
    assert_non_null(cat);
    assert_string_equal(cat, "Sports");
    assert_true(score > 0.5 && score <= 1.0);
    assert_int_equal(nlp_classify(m, "the election", NULL, &cat, &score), 0);
    assert_string_equal(cat, "Politics");
    /* no text: no category, score 0 */
    assert_int_equal(nlp_classify(m, NULL, NULL, &cat, &score), 0);
    assert_null(cat);
    assert_true(score == 0);
    assert_int_equal(nlp_classify(m, "", "", &cat, &score), 0);
    assert_null(cat);
    /* words the model never saw (another language): no category */
    assert_int_equal(nlp_classify(m, "Ein Tor in der Nachspielzeit",
                                  "\xE6\x96\xB0\xE9\x97\xBB", &cat, &score),
                     0);
    assert_null(cat);
    /* one known word among many unknown ones is not enough */
    assert_int_equal(nlp_classify(m, "football zwei drei vier", NULL, &cat,
                                  &score),
                     0);
    assert_null(cat);
    /* a tie of two classes is below the threshold */
    assert_int_equal(nlp_classify(m, "stocks vote", NULL, &cat, &score), 0);
    assert_null(cat);
    assert_true(score > 0 && score < 0.5);
    assert_int_equal(nlp_classify(NULL, "x", "y", &cat, &score), HW_EINVAL);
    nlp_classifier_free(m);
    nlp_classifier_free(NULL);
}

static void test_model_file(void **state)
{
    struct nlp_classifier *m = tiny_model(1), *m2;
    struct hw_buf b, b2;
    struct hw_diag d;
    char path[] = "/tmp/hw_test_classify_XXXXXX";
    const char *cat;
    double score, score2;
    int fd;

    (void)state;
    hw_buf_init(&b, NLP_MODEL_MAX);
    hw_buf_init(&b2, NLP_MODEL_MAX);
    assert_int_equal(nlp_classifier_serialize(m, &b), 0);
    assert_int_equal(b.len, nlp_classifier_file_size(m));
    assert_int_equal(nlp_classifier_load_mem(b.p, b.len, &m2, &d), 0);
    assert_int_equal(nlp_classifier_serialize(m2, &b2), 0);
    assert_int_equal(b.len, b2.len);
    assert_memory_equal(b.p, b2.p, b.len);
    nlp_classify(m, "football", NULL, &cat, &score);
    nlp_classify(m2, "football", NULL, &cat, &score2);
    assert_true(score == score2);
    nlp_classifier_free(m2);

    /* save and load through a file */
    fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(nlp_classifier_save(m, path, &d), 0);
    assert_int_equal(nlp_classifier_load(path, &m2, &d), 0);
    nlp_classifier_free(m2);
    remove(path);
    assert_int_equal(nlp_classifier_load(path, &m2, &d), HW_EIO);
    assert_null(m2);

    /* every damage is refused with a reason */
    assert_int_equal(nlp_classifier_load_mem(b.p, 10, &m2, &d), HW_EPARSE);
    assert_int_equal(nlp_classifier_load_mem(b.p, b.len - 1, &m2, &d),
                     HW_EPARSE);
    assert_non_null(strstr(d.why, "truncated"));
    b.p[b.len / 2] ^= 1;
    assert_int_equal(nlp_classifier_load_mem(b.p, b.len, &m2, &d),
                     HW_EPARSE);
    assert_non_null(strstr(d.why, "checksum"));
    b.p[b.len / 2] ^= 1;
    b.p[0] = 'X';
    assert_int_equal(nlp_classifier_load_mem(b.p, b.len, &m2, &d),
                     HW_EPARSE);
    assert_non_null(strstr(d.why, "not a hashwire"));
    b.p[0] = 'H';
    b.p[12] = 99; /* feature version */
    assert_int_equal(nlp_classifier_load_mem(b.p, b.len, &m2, &d),
                     HW_EPARSE);
    assert_non_null(strstr(d.why, "make models"));
    assert_null(m2);
    hw_buf_release(&b);
    hw_buf_release(&b2);
    nlp_classifier_free(m);
}

static void test_default_path(void **state)
{
    struct hw_buf b;

    (void)state;
    hw_buf_init(&b, 4096);
    unsetenv("HASHWIRE_MODELS");
    nlp_classifier_default_path(&b);
    assert_string_equal(b.p, "models/category.model");
    setenv("HASHWIRE_MODELS", "/opt/hw/models", 1);
    nlp_classifier_default_path(&b);
    assert_string_equal(b.p, "/opt/hw/models/category.model");
    setenv("HASHWIRE_MODELS", "m/", 1);
    nlp_classifier_default_path(&b);
    assert_string_equal(b.p, "m/category.model");
    unsetenv("HASHWIRE_MODELS");
    hw_buf_release(&b);
}

static void test_classify_json(void **state)
{
    static const struct {
        const char *line;
        int ok;
        const char *want; /* prefix of the output */
    } cases[] = {
        {"{\"title\":\"Football\",\"text\":\"\"}", 1,
         "{\"category\":\"Sports\",\"score\":0."},
        {"{\"title\":null,\"text\":\"election\",\"id\":7}", 1,
         "{\"category\":\"Politics\",\"score\":0."},
        {"{}", 1, "{\"category\":null,\"score\":0.0000}"},
        {"  {\"text\": \"vote\"}  ", 1, "{\"category\":\"Politics\""},
        {"{\"title\":\"foot\\u0000ball\"}", 1, "{\"category\":null"},
        {"", 0, "{\"category\":null,\"score\":null,\"error\":"},
        {"{\"title\":", 0, "{\"category\":null,\"score\":null,\"error\":"},
        {"[1,2]", 0, "{\"category\":null,\"score\":null,\"error\":"},
        {"\"text\"", 0, "{\"category\":null,\"score\":null,\"error\":"},
        {"{\"title\":42}", 0, "{\"category\":null,\"score\":null,\"error\":"},
        {"{\"text\":[\"a\"]}", 0, "{\"category\":null"},
        {"{\"title\":\"a\"} x", 0, "{\"category\":null"},
    };
    struct nlp_classifier *m = tiny_model(1);
    struct hw_buf out;
    struct hw_diag d;
    size_t i;

    (void)state;
    hw_buf_init(&out, 1 << 16);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int r;
        hw_buf_reset(&out);
        memset(&d, 0, sizeof d);
        r = nlp_classify_json(m, cases[i].line, strlen(cases[i].line), &out,
                              &d);
        if ((r == 0) != cases[i].ok)
            fail_msg("line %zu \"%s\": returned %d", i, cases[i].line, r);
        if (strncmp(out.p, cases[i].want, strlen(cases[i].want)) != 0)
            fail_msg("line %zu \"%s\": got %s", i, cases[i].line, out.p);
        if (!cases[i].ok && !d.why[0])
            fail_msg("line %zu: no reason given", i);
        assert_int_equal(out.p[out.len - 1], '}');
    }
    hw_buf_release(&out);
    nlp_classifier_free(m);
}

/* ---- the trainer on a corpus made here -------------------------------- */

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");

    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_train_deterministic(void **state)
{
    char dir[] = "/tmp/hw_test_train_XXXXXX";
    char p[256];
    struct nlp_train_opts o;
    struct nlp_classifier *m1, *m2;
    struct nlp_dataset ds;
    struct hw_buf b1, b2;
    struct hw_diag d;
    const char *cat;
    double score;
    size_t i;
    FILE *f;

    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(p, sizeof p, "%s/agnews", dir);
    mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/bbc", dir);
    mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/agnews/a.jsonl", dir);
    f = fopen(p, "w");
    assert_non_null(f);
    for (i = 0; i < 400; i++) {
        static const char *const lab[] = {"World", "Sports", "Business",
                                          "Sci/Tech"};
        static const char *const words[] = {
            "troops ministers embassy", "coach season playoff",
            "profit shares investors", "software chip internet"};
        fprintf(f,
                "{\"id\": \"ag-%zu\", \"label_name\": \"%s\", \"title\": "
                "null, \"description\": null, \"text\": \"%s story %zu\"}\n",
                i, lab[i % 4], words[i % 4], i);
    }
    fputs("not json\n{\"id\": \"x\", \"label_name\": \"Weather\", "
          "\"text\": \"rain\"}\n",
          f);
    fclose(f);
    snprintf(p, sizeof p, "%s/bbc/b.jsonl", dir);
    write_file(p, "{\"id\": \"politics/001\", \"category\": \"politics\", "
                  "\"title\": \"MPs vote\", \"text\": \"parliament vote\"}\n");

    assert_int_equal(nlp_dataset_load(dir, 0, &ds, &d), 0);
    assert_int_equal(ds.n, 401);
    assert_int_equal(ds.bad[NLP_CORPUS_AGNEWS], 1);
    assert_int_equal(ds.unmapped[NLP_CORPUS_AGNEWS], 1);
    assert_int_equal(ds.files, 2);
    nlp_dataset_release(&ds);
    assert_int_equal(nlp_dataset_load(dir, 1, &ds, &d), 0);
    for (i = 0; i < ds.n; i++)
        assert_int_not_equal(ds.ex[i].bucket, NLP_SPLIT_DEV);
    assert_true(ds.n < 380);
    nlp_dataset_release(&ds);

    nlp_train_opts_default(&o);
    o.data_dir = dir;
    o.bits = 12;
    o.vocab_bits = 12;
    o.epochs = 3;
    assert_int_equal(nlp_classifier_train(&o, &m1, &d), 0);
    assert_int_equal(nlp_classifier_train(&o, &m2, &d), 0);
    hw_buf_init(&b1, NLP_MODEL_MAX);
    hw_buf_init(&b2, NLP_MODEL_MAX);
    nlp_classifier_serialize(m1, &b1);
    nlp_classifier_serialize(m2, &b2);
    assert_int_equal(b1.len, b2.len);
    assert_memory_equal(b1.p, b2.p, b1.len);
    nlp_classify(m1, "Playoff coach", "the season", &cat, &score);
    assert_non_null(cat);
    assert_string_equal(cat, "Sports");
    nlp_classifier_free(m1);
    nlp_classifier_free(m2);
    hw_buf_release(&b1);
    hw_buf_release(&b2);

    /* a folder without corpora */
    o.data_dir = "/nonexistent/hw";
    assert_int_equal(nlp_classifier_train(&o, &m1, &d), HW_ENOTFOUND);
    assert_null(m1);

    snprintf(p, sizeof p, "%s/agnews/a.jsonl", dir);
    remove(p);
    snprintf(p, sizeof p, "%s/bbc/b.jsonl", dir);
    remove(p);
    snprintf(p, sizeof p, "%s/agnews", dir);
    rmdir(p);
    snprintf(p, sizeof p, "%s/bbc", dir);
    rmdir(p);
    rmdir(dir);
}

/* ---- the committed model on ../shared/data ---------------------------- */

static const char *shared_dir(void)
{
    const char *s = getenv("HW_SHARED");

    return s && *s ? s : "../shared";
}

static void test_classify_shared_dev_accuracy(void **state)
{
    static const double min_acc[NLP_NCORPORA] = {0.90, 0.60, 0.90};
    struct nlp_classifier *m;
    struct nlp_dataset ds;
    struct nlp_featcfg cfg;
    struct nlp_featvec v;
    struct hw_diag d;
    struct hw_buf dir;
    size_t n[NLP_NCORPORA] = {0}, right[NLP_NCORPORA] = {0}, i;
    int c;

    (void)state;
    if (nlp_classifier_load("models/category.model", &m, &d) != 0)
        fail_msg("the committed model: %s (run make models)", d.why);
    hw_buf_init(&dir, 4096);
    hw_buf_printf(&dir, "%s/data/categories", shared_dir());
    if (nlp_dataset_load(dir.p, 0, &ds, &d) != 0)
        fail_msg("%s: %s", dir.p, d.why);
    cfg = nlp_classifier_featcfg(m);
    nlp_featvec_init(&v);
    for (i = 0; i < ds.n; i++) {
        const struct nlp_example *e = &ds.ex[i];
        double p[NLP_NCAT];
        if (e->bucket != NLP_SPLIT_DEV)
            continue;
        nlp_features(&cfg, e->title, strlen(e->title), e->text,
                     strlen(e->text), &v);
        n[e->corpus]++;
        right[e->corpus] += nlp_classify_dist(m, &v, p) == e->label;
    }
    for (c = 0; c < NLP_NCORPORA; c++) {
        double acc = n[c] ? (double)right[c] / (double)n[c] : 0;
        print_message("%s development split: %zu records, accuracy %.4f\n",
                      nlp_corpus_names[c], n[c], acc);
        if (n[c] < 100 || acc < min_acc[c])
            fail_msg("%s: accuracy %.4f below %.2f", nlp_corpus_names[c],
                     acc, min_acc[c]);
    }
    nlp_featvec_release(&v);
    nlp_dataset_release(&ds);
    nlp_classifier_free(m);
    hw_buf_release(&dir);
}

static void test_classify_shared_split(void **state)
{
    struct nlp_dataset all, train;
    struct hw_diag d;
    struct hw_buf dir;
    size_t dev = 0, i;

    (void)state;
    hw_buf_init(&dir, 4096);
    hw_buf_printf(&dir, "%s/data/categories", shared_dir());
    if (nlp_dataset_load(dir.p, 0, &all, &d) != 0)
        fail_msg("%s: %s", dir.p, d.why);
    assert_int_equal(nlp_dataset_load(dir.p, 1, &train, &d), 0);
    for (i = 0; i < all.n; i++)
        dev += all.ex[i].bucket == NLP_SPLIT_DEV;
    for (i = 0; i < train.n; i++)
        assert_int_not_equal(train.ex[i].bucket, NLP_SPLIT_DEV);
    assert_int_equal(train.n + dev, all.n);
    /* about 10% of each corpus */
    assert_true(dev > all.n / 12 && dev < all.n / 8);
    for (i = 0; i < NLP_NCORPORA; i++)
        assert_int_equal(all.unmapped[i], 0);
    nlp_dataset_release(&all);
    nlp_dataset_release(&train);
    hw_buf_release(&dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_taxonomy_tables),
        cmocka_unit_test(test_taxonomy_sections),
        cmocka_unit_test(test_features_tokens),
        cmocka_unit_test(test_features_vector),
        cmocka_unit_test(test_features_caps),
        cmocka_unit_test(test_split_bucket),
        cmocka_unit_test(test_classify_tiny),
        cmocka_unit_test(test_model_file),
        cmocka_unit_test(test_default_path),
        cmocka_unit_test(test_classify_json),
        cmocka_unit_test(test_train_deterministic),
        cmocka_unit_test(test_classify_shared_dev_accuracy),
        cmocka_unit_test(test_classify_shared_split),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
