/*
 * test_tagged.c - nlp_analyze() on the trained tagger (src/nlp/tagged.c):
 * the choice of tagger, what makes a hashtag, Title Case titles cut into
 * the names the text confirms, hyphenated names split, function words
 * never names, types kept, and short names resolved as with the finder.
 *
 * The rule of what makes a hashtag is tested on its own, on mentions made
 * here; everything else needs the model (models/ner.model or
 * $HASHWIRE_MODELS/ner.model) and is skipped without one.
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
#include "nlp/nlp.h"
#include "nlp/nlp_int.h"

static struct nlp_ner *model;

static const struct nlp_entity *entity(const struct nlp_doc *d,
                                       const char *key)
{
    size_t i;

    for (i = 0; i < d->nentities; i++)
        if (strcmp(d->entities[i].key, key) == 0)
            return &d->entities[i];
    return NULL;
}

static void analyze(const char *title, const char *text, int all,
                    struct nlp_doc *d)
{
    struct nlp_analyze_opts o = {model, all};

    assert_int_equal(nlp_analyze_ex(title, text, &o, d), 0);
}

/* Does the name, as one mention of type t, make a hashtag?  Its words
 * are cut at spaces and hyphens, as the tagger's mentions are. */
static int hashtag_as(const char *name, enum nlp_type t)
{
    struct nlp__word w[16];
    struct nlp__scan s;
    struct nlp__ment m;
    size_t i = 0, n = strlen(name), nw = 0;

    memset(&s, 0, sizeof s);
    memset(&m, 0, sizeof m);
    memset(w, 0, sizeof w);
    while (i < n && nw < 16) {
        size_t a = i;
        while (i < n && name[i] != ' ' && name[i] != '-')
            i++;
        w[nw].start = a;
        w[nw++].end = i;
        i++;
    }
    s.text = name;
    s.len = n;
    s.w = w;
    s.nw = nw;
    m.nw = (uint32_t)nw;
    m.end = n;
    return nlp__makes_hashtag(&s, &m, t);
}

static void test_hashtag_rule(void **state)
{
    (void)state;
    /* names of every type */
    assert_true(hashtag_as("Kim Jong Un", NLP_PER));
    assert_true(hashtag_as("Kim Jong-un", NLP_UNK));
    assert_true(hashtag_as("North Korea", NLP_LOC));
    assert_true(hashtag_as("BBC", NLP_ORG));
    assert_true(hashtag_as("iPhone", NLP_MISC));
    /* demonyms and directions, whatever the type */
    assert_false(hashtag_as("Russian", NLP_MISC));
    assert_false(hashtag_as("Russians", NLP_MISC));
    assert_false(hashtag_as("North Korean", NLP_MISC));
    assert_false(hashtag_as("North Koreans", NLP_LOC));
    assert_false(hashtag_as("Russian-North Korean", NLP_MISC));
    assert_false(hashtag_as("Western", NLP_MISC));
    /* MISC: proper noun phrases yes, adjectives of creed or nation no */
    assert_true(hashtag_as("Cold War", NLP_MISC));
    assert_true(hashtag_as("World War II", NLP_MISC));
    assert_true(hashtag_as("Korean Peninsula", NLP_MISC));
    assert_true(hashtag_as("Wimbledon", NLP_MISC));
    assert_true(hashtag_as("Olympics", NLP_MISC));
    assert_false(hashtag_as("Islamist", NLP_MISC));
    assert_false(hashtag_as("Icelandic", NLP_MISC));
    assert_false(hashtag_as("Yemeni", NLP_MISC));
    assert_false(hashtag_as("Buddhists", NLP_MISC));
    assert_false(hashtag_as("East Asian", NLP_MISC));
    /* ... though a place or a person may end like one */
    assert_true(hashtag_as("Mali", NLP_LOC));
    assert_true(hashtag_as("Islamic State", NLP_ORG));
    /* no proper noun at all */
    assert_false(hashtag_as("shark fin", NLP_ORG));
    assert_false(hashtag_as("the", NLP_MISC));
}

static void test_choice(void **state)
{
    (void)state;
    nlp_set_tagger(NULL);
    assert_null(nlp_tagger());
    nlp_set_tagger(model);
    assert_ptr_equal(nlp_tagger(), model);
    nlp_set_tagger(NULL);
}

static void test_types_and_demonyms(void **state)
{
    struct nlp_doc d;
    const struct nlp_entity *e;

    (void)state;
    if (!model)
        skip();
    analyze("", "Russian President Vladimir Putin met North Korean leader "
                "Kim Jong Un in Moscow. The Kremlin said Russian and North "
                "Korean officials signed a treaty with the United Nations.",
            1, &d);
    e = entity(&d, "vladimirputin");
    assert_non_null(e);
    assert_int_equal(e->type, NLP_PER);
    assert_true(e->hashtag);
    e = entity(&d, "moscow");
    assert_non_null(e);
    assert_int_equal(e->type, NLP_LOC);
    e = entity(&d, "unitednations");
    assert_non_null(e);
    assert_int_equal(e->type, NLP_ORG);
    /* demonyms are found (MISC) but make no hashtag */
    e = entity(&d, "russian");
    assert_non_null(e);
    assert_int_equal(e->type, NLP_MISC);
    assert_false(e->hashtag);
    e = entity(&d, "northkorean");
    assert_non_null(e);
    assert_false(e->hashtag);
    nlp_doc_release(&d);
    /* and are left out unless asked for */
    analyze("", "Russian President Vladimir Putin spoke.", 0, &d);
    assert_null(entity(&d, "russian"));
    assert_non_null(entity(&d, "vladimirputin"));
    nlp_doc_release(&d);
}

static void test_title_case(void **state)
{
    struct nlp_doc d;
    const struct nlp_entity *e;
    size_t i;

    (void)state;
    if (!model)
        skip();
    analyze("How North Korea Is Giving Russia an Edge in the War on Ukraine",
            "Without the involvement of North Korea, Russia's war in "
            "Ukraine might have taken a different turn. Russian President "
            "Vladimir Putin long treated North Korea with ambivalence.",
            0, &d);
    assert_true(entity(&d, "northkorea")->in_title);
    assert_true(entity(&d, "russia")->in_title);
    assert_true(entity(&d, "ukraine")->in_title);
    assert_null(entity(&d, "edge"));
    assert_null(entity(&d, "war"));
    for (i = 0; i < d.nentities; i++)
        assert_true(!d.entities[i].in_title ||
                    strcmp(d.entities[i].key, "northkorea") == 0 ||
                    strcmp(d.entities[i].key, "russia") == 0 ||
                    strcmp(d.entities[i].key, "ukraine") == 0);
    nlp_doc_release(&d);

    /* a lone surname in a Title Case title: the person of the text */
    analyze("Putin Meets Kim In Moscow",
            "Vladimir Putin met Kim Jong Un in Moscow on Monday.", 0, &d);
    e = entity(&d, "vladimirputin");
    assert_non_null(e);
    assert_true(e->in_title);
    assert_int_equal(e->mentions, 2);
    e = entity(&d, "kimjongun");
    assert_true(e->in_title);
    assert_null(entity(&d, "putin"));
    assert_null(entity(&d, "kim"));
    assert_true(entity(&d, "moscow")->in_title);
    nlp_doc_release(&d);

    /* the name inside a headline run; possessives and punctuation apart */
    analyze("The Ethically Dubious Soup Kim Jong-Un Loves To Dine On",
            "North Korean dictator Kim Jong-Un likes shark fin soup.", 0,
            &d);
    e = entity(&d, "kimjongun");
    assert_non_null(e);
    assert_true(e->in_title);
    assert_string_equal(e->display, "KimJongUn");
    assert_int_equal(d.nentities, 1);
    nlp_doc_release(&d);

    /* a title in sentence case is tagged as it is */
    analyze("Russian foreign minister Lavrov meets Kim Jong Un",
            "Sergei Lavrov met Kim Jong Un in Wonsan.", 0, &d);
    e = entity(&d, "sergeilavrov");
    assert_non_null(e);
    assert_true(e->in_title);
    assert_int_equal(e->mentions, 2);
    assert_null(entity(&d, "lavrov"));
    nlp_doc_release(&d);

    /* a Title Case title over no text: tagged alone */
    analyze("Putin Meets Kim Jong Un In Moscow", "", 0, &d);
    assert_non_null(entity(&d, "moscow"));
    nlp_doc_release(&d);
}

static void test_hyphens_and_function_words(void **state)
{
    struct nlp_doc d;

    (void)state;
    if (!model)
        skip();
    analyze("", "Leaders met at the North Korea-Russia summit. Later the "
                "US-China talks began near the Khasan-Tumen line.",
            0, &d);
    assert_non_null(entity(&d, "northkorea"));
    assert_non_null(entity(&d, "russia"));
    assert_null(entity(&d, "northkorearussia"));
    assert_non_null(entity(&d, "us"));
    assert_non_null(entity(&d, "china"));
    assert_null(entity(&d, "khasan"));
    nlp_doc_release(&d);
    analyze("", "Separately, Kim Jong Un met Putin. According to TASS, "
                "they talked. Read more: Kim Jong Un's soup.",
            1, &d);
    assert_null(entity(&d, "separately"));
    assert_null(entity(&d, "according"));
    assert_null(entity(&d, "read"));
    assert_non_null(entity(&d, "kimjongun"));
    nlp_doc_release(&d);
}

static void test_bad_input(void **state)
{
    struct nlp_doc d;
    char *big;
    size_t i, n = (size_t)2 << 20;

    (void)state;
    if (!model)
        skip();
    analyze(NULL, NULL, 0, &d);
    assert_int_equal(d.nentities, 0);
    nlp_doc_release(&d);
    analyze("\xff\xfe Kim\xC3", "\xED\xA0\x80 Putin \xF4\x90\x80\x80.", 1,
            &d);
    nlp_doc_release(&d);
    /* one 2 MB word, then only punctuation */
    big = hw_malloc(n + 1);
    memset(big, 'K', n);
    big[n] = '\0';
    analyze(big, big, 1, &d);
    nlp_doc_release(&d);
    for (i = 0; i < n; i++)
        big[i] = ".,;-'\""[i % 6];
    analyze(big, big, 1, &d);
    assert_int_equal(d.nentities, 0);
    nlp_doc_release(&d);
    hw_free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hashtag_rule),
        cmocka_unit_test(test_choice),
        cmocka_unit_test(test_types_and_demonyms),
        cmocka_unit_test(test_title_case),
        cmocka_unit_test(test_hyphens_and_function_words),
        cmocka_unit_test(test_bad_input),
    };
    struct hw_diag d;
    int r;

    if (nlp_ner_open_default(&model, &d) != 0) {
        printf("test_tagged: no model (%s: %s): the tagger's tests are "
               "skipped\n",
               d.where, d.why);
        model = NULL;
    }
    r = cmocka_run_group_tests(tests, NULL, NULL);
    nlp_ner_close(model);
    return r;
}
