/*
 * test_mentions.c - the proper-noun finder, the sentence splitter, short
 * name resolution, aggregation, salience, and the seed articles
 * (src/nlp/mentions.c, sentence.c, analyze.c).
 *
 * The seed check reads ../shared/seed/feeds (HW_SHARED) with a rough
 * extraction of <item> titles and descriptions; it needs no feed parser.
 *
 * Everything runs with the finder (group "finder"); the analysis tests
 * run again with mentions from the trained tagger (group "tagger") when
 * models/ner.model (or $HASHWIRE_MODELS/ner.model) can be read.
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

/* ---- helpers --------------------------------------------------------- */

/*
 * The mentions of text as "surface|surface|..." and their types as
 * "PER,LOC,...", in static buffers.  Checks the offsets on the way.
 */
static char found_buf[4096], types_buf[1024];

static const char *found(const char *text)
{
    struct nlp_mention *m;
    size_t n, i, len = strlen(text);
    struct hw_buf b, t;

    assert_int_equal(nlp_find_mentions(text, len, &m, &n), 0);
    hw_buf_init(&b, sizeof found_buf - 1);
    hw_buf_init(&t, sizeof types_buf - 1);
    for (i = 0; i < n; i++) {
        assert_true(m[i].start < m[i].end);
        assert_true(m[i].end <= len);
        if (i > 0)
            assert_true(m[i - 1].start <= m[i].start);
        if (i > 0) {
            hw_buf_addc(&b, '|');
            hw_buf_addc(&t, ',');
        }
        hw_buf_add(&b, text + m[i].start, m[i].end - m[i].start);
        hw_buf_adds(&t, nlp_type_name(m[i].type));
    }
    assert_int_equal(b.err, 0);
    memcpy(found_buf, b.p, b.len + 1);
    memcpy(types_buf, t.p, t.len + 1);
    hw_buf_release(&b);
    hw_buf_release(&t);
    hw_free(m);
    return found_buf;
}

static const struct nlp_entity *entity(const struct nlp_doc *d,
                                       const char *key)
{
    size_t i;

    for (i = 0; i < d->nentities; i++)
        if (strcmp(d->entities[i].key, key) == 0)
            return &d->entities[i];
    return NULL;
}

static void check_doc(const struct nlp_doc *d)
{
    size_t i, j;

    for (i = 0; i < d->nentities; i++) {
        const struct nlp_entity *e = &d->entities[i];
        assert_non_null(e->key);
        assert_true(e->key[0] != '\0');
        assert_non_null(e->surface);
        assert_non_null(e->display);
        assert_true(e->mentions >= 1);
        assert_true(e->salience >= 0.0 && e->salience <= 1.0);
        assert_int_equal(e->on_page,
                         e->in_title || e->in_lead || e->mentions >= 2);
        for (j = 0; j < i; j++)
            assert_string_not_equal(d->entities[j].key, e->key);
    }
}

/* ---- lexicon --------------------------------------------------------- */

static void test_lexicon(void **state)
{
    (void)state;
    assert_true(nlp__lex_selfcheck());
    assert_true(nlp__lex("The", 3) & NLP_L_HARD);
    assert_true(nlp__lex("U.S.", 4) & NLP_L_COUNTRY);
    assert_true(nlp__lex("russian", 7) & NLP_L_DEMONYM);
    assert_int_equal(nlp__lex("Pyongyangx", 10), 0);
    assert_int_equal(nlp__lex("\xC3\xA9t\xC3\xA9", 6), 0);
    assert_int_equal(nlp__lex("", 0), 0);
}

/* ---- the finder ------------------------------------------------------ */

static void test_find_runs(void **state)
{
    (void)state;
    assert_string_equal(
        found("North Korean leader Kim Jong Un met Vladimir Putin in "
              "Moscow."),
        "Kim Jong Un|Vladimir Putin|Moscow");
    assert_string_equal(types_buf, "PER,PER,LOC");
    assert_string_equal(found("Kim Jong-un visited the Crisis Group."),
                        "Kim Jong-un|Crisis Group");
    assert_string_equal(types_buf, "PER,ORG");
    assert_string_equal(found("Trains use the Khasan-Tumen line."),
                        "Khasan-Tumen");
    /* lowercase words end a run */
    assert_string_equal(found("He saw Kim and then Putin."), "Kim|Putin");
    /* punctuation ends a run */
    assert_string_equal(found("They met Lavrov, Putin and Kim."),
                        "Lavrov|Putin|Kim");
    assert_string_equal(found("nothing here at all."), "");
    assert_string_equal(found(""), "");
}

static void test_find_possessive(void **state)
{
    struct nlp_mention *m;
    size_t n;
    const char *t = "He praised Kim Jong Un's regime and Putin\xE2\x80\x99s "
                    "army.";

    (void)state;
    assert_string_equal(found(t), "Kim Jong Un|Putin");
    assert_int_equal(nlp_find_mentions(t, strlen(t), &m, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(m[0].start, 11);
    assert_int_equal(m[0].end, 22);
    hw_free(m);
    /* a possessive ends the run: two names, not one */
    assert_string_equal(found("He read Kim Jong Un's North Korea report."),
                        "Kim Jong Un|North Korea");
}

static void test_find_connectors(void **state)
{
    (void)state;
    assert_string_equal(found("He joined the Bank of England in 2010."),
                        "Bank of England");
    assert_string_equal(types_buf, "ORG");
    assert_string_equal(found("He met Mohammed bin Salman there."),
                        "Mohammed bin Salman");
    assert_string_equal(found("They sent Bashar al-Assad a note."),
                        "Bashar al-Assad");
    assert_string_equal(found("He visited the House of Representatives."),
                        "House of Representatives");
    /* particles only between capitals */
    assert_string_equal(found("It is the capital of Russia."), "Russia");
    assert_string_equal(found("He met Ludwig van the end."), "Ludwig");
    /* not after a person's full name */
    assert_string_equal(found("He thanked Marco Rubio of Florida today."),
                        "Marco Rubio|Florida");
}

static void test_find_acronyms(void **state)
{
    (void)state;
    assert_string_equal(
        found("Reports by the BBC and NATO reached the U.S. and US troops."),
        "BBC|NATO|U.S.|US");
    assert_string_equal(types_buf, "ORG,ORG,LOC,LOC");
    assert_string_equal(found("According to TASS, the DPRK and HUR agree."),
                        "TASS|DPRK|HUR");
    /* a lone capital letter is no name */
    assert_string_equal(found("Minister Lavrov (R) met him."), "Lavrov");
    /* "Un" in a name is not the UN */
    assert_string_equal(found("He met Kim Jong Un there."), "Kim Jong Un");
    assert_string_equal(types_buf, "PER");
    assert_string_equal(found("He spoke at the UN on Monday."), "UN");
    assert_string_equal(found("The F-16 jets and AT&T phones."),
                        "F-16|AT&T");
}

static void test_find_sentence_starts(void **state)
{
    (void)state;
    /* function words and dates that open sentences are dropped */
    assert_string_equal(found("The Kremlin said so. According to TASS, the "
                              "talks ended. On Saturday, Lavrov left."),
                        "Kremlin|TASS|Lavrov");
    assert_string_equal(found("In December, The Guardian reported it."),
                        "Guardian");
    /* a common word that opens a sentence is no name */
    assert_string_equal(found("Experts believe the deal is done."), "");
    assert_string_equal(
        found("Sharks are caught. Shark meat is cheap. The Shark Fin Act "
              "passed, but shark fin soup stays."),
        "Shark Fin Act");
    /* a name that opens a sentence is kept when seen elsewhere */
    assert_string_equal(
        found("Sergey Lavrov visited Pyongyang. Lavrov said little."),
        "Sergey Lavrov|Pyongyang|Lavrov");
    /* ... or known: countries, first names, acronyms */
    assert_string_equal(found("Russia welcomes it. NATO does not."),
                        "Russia|NATO");
    /* quotes and colons start sentences too */
    assert_string_equal(found("She said: 'Experts disagree.' Then left."),
                        "");
    /* months and weekdays are not entities */
    assert_string_equal(found("It happened in April, on a Monday in May."),
                        "");
}

static void test_find_demonyms(void **state)
{
    (void)state;
    assert_string_equal(found("Russian and North Korean troops fought."), "");
    assert_string_equal(found("The Russians and Ukrainians met."), "");
    assert_string_equal(found("The Russian-North Korean alliance grows."),
                        "");
    /* but a demonym inside a name stays */
    assert_string_equal(found("It fears the Russian Federation and the "
                              "Soviet Union."),
                        "Russian Federation|Soviet Union");
}

static void test_find_titles(void **state)
{
    (void)state;
    assert_string_equal(found("He met Russian President Vladimir Putin."),
                        "Vladimir Putin");
    assert_string_equal(types_buf, "PER");
    assert_string_equal(found("He met U.S. President Joe Biden."),
                        "U.S.|Joe Biden");
    assert_string_equal(found("He met Prime Minister Keir Starmer."),
                        "Keir Starmer");
    assert_string_equal(found("He met Secretary of State Marco Rubio."),
                        "Marco Rubio");
    assert_string_equal(found("He met Russian Defence Minister Sergei "
                              "Shoigu."),
                        "Sergei Shoigu");
    assert_string_equal(found("He met Emergencies Minister Yevgeny "
                              "Zinichev."),
                        "Emergencies|Yevgeny Zinichev");
    assert_string_equal(found("He thanked Mr. Putin and Gen. Smith."),
                        "Putin|Smith");
    /* a title after a name is part of it */
    assert_string_equal(found("He read Stephen King on the train."),
                        "Stephen King");
    assert_string_equal(found("He quoted Martin Luther King Jr on TV."),
                        "Martin Luther King Jr|TV");
    /* a title alone is no name; nor "General" without a title before */
    assert_string_equal(found("He met the President and the Prime Minister."),
                        "");
    assert_string_equal(found("He works for General Motors now."),
                        "General Motors");
    /* a role noun before a name makes it a person */
    assert_string_equal(found("The dictator Kim Yo Jong spoke."),
                        "Kim Yo Jong");
    assert_string_equal(types_buf, "PER");
}

static void test_find_hyphens(void **state)
{
    (void)state;
    /* two places joined by a hyphen are two mentions */
    assert_string_equal(found("At the North Korea-Russia summit they met."),
                        "North Korea|Russia");
    assert_string_equal(found("The US-China talks went on."), "US|China");
    /* Korean given names keep their lowercase syllable */
    assert_string_equal(found("He met Moon Jae-in and Kim Jong-un today."),
                        "Moon Jae-in|Kim Jong-un");
    /* common suffixes do not join */
    assert_string_equal(found("A Kremlin-backed group and Russia-led force."),
                        "Kremlin|Russia");
}

static void test_find_title_case(void **state)
{
    (void)state;
    /* a headline inside the text is cut into names known elsewhere */
    assert_string_equal(
        found("North Korean dictator Kim Jong-Un eats soup. Read more: 10 "
              "Cheap Fish That Are Absolutely Not Worth Buying Kim "
              "Jong-Un's love of soup is known."),
        "Kim Jong-Un|Kim Jong-Un");
    /* ALL CAPS phrases are shouting, not names */
    assert_string_equal(
        found("Lavrov met Kim. (RUSSIAN FOREIGN MINISTRY/AFP pic) Lavrov "
              "left."),
        "Lavrov|Kim|AFP|Lavrov");
    /* a wire headline in capitals keeps only the names of the text */
    {
        struct nlp_doc d;
        assert_int_equal(
            nlp_analyze("BAHIA COCOA REVIEW FROM BRAZIL",
                        "Showers continued in Bahia, the main cocoa zone "
                        "of Brazil, last week.",
                        &d),
            0);
        check_doc(&d);
        assert_int_equal(d.nentities, 2);
        assert_true(entity(&d, "bahia")->in_title);
        assert_string_equal(entity(&d, "bahia")->display, "Bahia");
        assert_true(entity(&d, "brazil")->in_title);
        assert_null(entity(&d, "cocoa"));
        nlp_doc_release(&d);
    }
    /* a sentence that only lists names is no headline */
    assert_string_equal(
        found("Attending: Vladimir Putin, Xi Jinping and Narendra Modi. "
              "Later Putin spoke."),
        "Vladimir Putin|Xi Jinping|Narendra Modi|Putin");
    /* without anything known, Title Case is kept as it is */
    assert_string_equal(found("Kim Jong Un Meets Putin In Moscow"),
                        "Kim Jong Un Meets Putin|Moscow");
}

static void test_find_unicode(void **state)
{
    (void)state;
    assert_string_equal(
        found("Then S\xC3\xA9gol\xC3\xA8ne Royal met \xC3\x89mile Zola."),
        "S\xC3\xA9gol\xC3\xA8ne Royal|\xC3\x89mile Zola");
    assert_string_equal(
        found("\xD0\x92\xD0\xBB\xD0\xB0\xD0\xB4\xD0\xB8\xD0\xBC\xD0\xB8\xD1"
              "\x80 \xD0\x9F\xD1\x83\xD1\x82\xD0\xB8\xD0\xBD "
              "\xD1\x81\xD0\xBA\xD0\xB0\xD0\xB7\xD0\xB0\xD0\xBB."),
        "\xD0\x92\xD0\xBB\xD0\xB0\xD0\xB4\xD0\xB8\xD0\xBC\xD0\xB8\xD1\x80 "
        "\xD0\x9F\xD1\x83\xD1\x82\xD0\xB8\xD0\xBD");
    /* a no-break space joins like a space; an en dash breaks */
    assert_string_equal(found("He met Kim\xC2\xA0Jong Un \xE2\x80\x93 Putin "
                              "too."),
                        "Kim\xC2\xA0Jong Un|Putin");
    /* caseless scripts have no capitals, so no mentions */
    assert_string_equal(found("\xE9\x87\x91\xE6\xAD\xA3\xE6\x81\xA9"), "");
}

static void test_find_bad_input(void **state)
{
    struct nlp_mention *m = (struct nlp_mention *)1;
    size_t n = 7, i;
    char big[70000];
    static const char frag[] = "Kim ";

    (void)state;
    assert_int_equal(nlp_find_mentions(NULL, 0, &m, &n), 0);
    assert_null(m);
    assert_int_equal(n, 0);
    assert_int_equal(nlp_find_mentions(NULL, 4, &m, &n), HW_EINVAL);
    /* invalid UTF-8 breaks words, never crashes */
    assert_string_equal(found("He met Kim\xFF Jong \xC3 Putin \xED\xA0\x80."),
                        "Kim|Jong|Putin");
    /* embedded NUL: the finder reads bytes, not C strings */
    assert_int_equal(nlp_find_mentions("He met Kim\0Putin", 16, &m, &n), 0);
    assert_int_equal(n, 2);
    hw_free(m);
    /* a run longer than NLP_MAX_RUN words is cut, a word longer than 128
     * bytes is no name */
    for (i = 0; i + sizeof frag - 1 < sizeof big; i += sizeof frag - 1)
        memcpy(big + i, frag, sizeof frag - 1);
    big[i] = '\0';
    assert_int_equal(nlp_find_mentions(big, strlen(big), &m, &n), 0);
    assert_true(n > 0 && n <= NLP_MAX_MENTIONS);
    hw_free(m);
    memset(big, 'K', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(nlp_find_mentions(big, strlen(big), &m, &n), 0);
    assert_int_equal(n, 0);
    hw_free(m);
}

/* ---- sentences ------------------------------------------------------- */

static size_t lead_of(const char *t)
{
    return nlp__lead_end(t, strlen(t), 3);
}

static void test_sentences(void **state)
{
    const char *t;

    (void)state;
    t = "Mr. Smith went to Washington. He met Gen. Jones on Jan. 5 at "
        "3.5 p.m. in the U.S. Army base. George W. Bush came too. Fourth.";
    assert_string_equal(t + lead_of(t), " Fourth.");
    t = "He said \"Go.\" Then he left! Why? Nobody knows.";
    assert_string_equal(t + lead_of(t), " Nobody knows.");
    /* a lowercase word after a period continues the sentence */
    t = "It costs approx. five dollars. One. Two. Three.";
    assert_string_equal(t + lead_of(t), " Three.");
    /* a dotted acronym ends a sentence before "The" */
    t = "Troops reached the U.S. The report said so. Fine. Last.";
    assert_string_equal(t + lead_of(t), " Last.");
    /* blank lines end sentences (headings without a period) */
    t = "Heading\n\nFirst para. Second\n\nThird part. Not lead.";
    assert_string_equal(t + lead_of(t), "Third part. Not lead.");
    /* fewer than three sentences: all of it */
    t = "Only one. And two.";
    assert_int_equal(lead_of(t), strlen(t));
    assert_int_equal(nlp__lead_end("", 0, 3), 0);
    assert_int_equal(nlp__lead_end("x. Y", 4, 0), 0);
}

/* ---- analysis -------------------------------------------------------- */

static void test_resolution(void **state)
{
    struct nlp_doc d;
    const struct nlp_entity *e;

    (void)state;
    assert_int_equal(
        nlp_analyze("Kim Jong Un's military is a threat",
                    "North Korea's alliance was secured by Kim Jong-un "
                    "during a visit by Sergey Lavrov, the minister. Lavrov "
                    "was seen hugging Kim as he thanked him. Kim Jong Un "
                    "smiled.",
                    &d),
        0);
    check_doc(&d);
    e = entity(&d, "kimjongun");
    assert_non_null(e);
    assert_int_equal(e->mentions, 4); /* title, Kim Jong-un, Kim, Kim ... */
    assert_string_equal(e->display, "KimJongUn");
    assert_string_equal(e->surface, "Kim Jong Un");
    assert_int_equal(e->type, NLP_PER);
    assert_null(entity(&d, "kim"));
    e = entity(&d, "sergeylavrov");
    assert_non_null(e);
    assert_int_equal(e->mentions, 2);
    assert_null(entity(&d, "lavrov"));
    nlp_doc_release(&d);

    /* two full names contain "Kim": it stays alone */
    assert_int_equal(nlp_analyze("", "Kim Jong Un and his sister Kim Yo Jong "
                                     "met. Later Kim spoke.",
                                 &d),
                     0);
    check_doc(&d);
    assert_non_null(entity(&d, "kim"));
    assert_int_equal(entity(&d, "kimjongun")->mentions, 1);
    assert_int_equal(entity(&d, "kimyojong")->mentions, 1);
    nlp_doc_release(&d);

    /* in the text only what came before counts */
    assert_int_equal(nlp_analyze("", "Yesterday Putin spoke. Then Vladimir "
                                     "Putin left. Later Putin slept.",
                                 &d),
                     0);
    assert_int_equal(entity(&d, "putin")->mentions, 1);
    assert_int_equal(entity(&d, "vladimirputin")->mentions, 2);
    nlp_doc_release(&d);

    /* a short name in the title may point anywhere into the text */
    assert_int_equal(nlp_analyze("Lavrov meets Kim Jong Un",
                                 "Russian foreign minister Sergei Lavrov met "
                                 "Kim Jong Un today.",
                                 &d),
                     0);
    e = entity(&d, "sergeilavrov");
    assert_non_null(e);
    assert_int_equal(e->mentions, 2);
    assert_true(e->in_title);
    assert_null(entity(&d, "lavrov"));
    nlp_doc_release(&d);

    /* places are not shortened: Korea is not North Korea */
    assert_int_equal(nlp_analyze("", "North Korea and South Sudan met. "
                                     "Troops from Sudan and Korea came.",
                                 &d),
                     0);
    assert_non_null(entity(&d, "korea"));
    assert_non_null(entity(&d, "sudan"));
    assert_int_equal(entity(&d, "northkorea")->mentions, 1);
    nlp_doc_release(&d);

    /* "Jong-Un" is a short form of "Kim Jong-Un" */
    assert_int_equal(nlp_analyze("", "The dictator Kim Jong-Un eats soup. "
                                     "It is Jong-Un's way.",
                                 &d),
                     0);
    assert_int_equal(entity(&d, "kimjongun")->mentions, 2);
    assert_null(entity(&d, "jongun"));
    nlp_doc_release(&d);
}

static void test_display_and_surface(void **state)
{
    struct nlp_doc d;
    const struct nlp_entity *e;

    (void)state;
    /* the most frequent spelling wins the display */
    assert_int_equal(nlp_analyze("", "He met Nato chiefs, NATO generals and "
                                     "Nato staff.",
                                 &d),
                     0);
    e = entity(&d, "nato");
    assert_int_equal(e->mentions, 3);
    assert_string_equal(e->display, "Nato");
    nlp_doc_release(&d);
    /* ties: the first seen */
    assert_int_equal(nlp_analyze("", "He met NATO generals and Nato staff.",
                                 &d),
                     0);
    assert_string_equal(entity(&d, "nato")->display, "NATO");
    nlp_doc_release(&d);
    /* the surface is the longest spelling, the display the most frequent */
    assert_int_equal(nlp_analyze("", "He met US troops, then U.S. officials "
                                     "and US sailors.",
                                 &d),
                     0);
    e = entity(&d, "us");
    assert_int_equal(e->mentions, 3);
    assert_string_equal(e->display, "US");
    assert_string_equal(e->surface, "U.S.");
    nlp_doc_release(&d);
    assert_int_equal(nlp_analyze("", "He met Kim Jong-un, then Kim Jong Un "
                                     "and Kim Jong Un.",
                                 &d),
                     0);
    e = entity(&d, "kimjongun");
    assert_int_equal(e->mentions, 3);
    assert_string_equal(e->display, "KimJongUn");
    assert_string_equal(e->surface, "Kim Jong-un"); /* tie: first seen */
    nlp_doc_release(&d);
}

static void test_salience(void **state)
{
    struct nlp_doc d;
    const struct nlp_entity *a, *b, *c, *x;

    (void)state;
    assert_int_equal(
        nlp_analyze("Putin visits Beijing",
                    "Vladimir Putin arrived in Beijing. He met officials. "
                    "Talks went on. Much later, Kazakhstan was mentioned. "
                    "And Mongolia twice, Mongolia.",
                    &d),
        0);
    check_doc(&d);
    a = entity(&d, "vladimirputin");
    b = entity(&d, "beijing");
    c = entity(&d, "kazakhstan");
    x = entity(&d, "mongolia");
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(c);
    assert_non_null(x);
    /* in the title: on the page */
    assert_true(a->in_title && a->on_page);
    assert_true(b->in_title && b->in_lead && b->on_page);
    /* once, outside title and lead: not on the page */
    assert_false(c->in_title || c->in_lead);
    assert_int_equal(c->mentions, 1);
    assert_false(c->on_page);
    /* twice: on the page */
    assert_int_equal(x->mentions, 2);
    assert_true(x->on_page);
    /* ranking: title > body; twice > once; earlier > later */
    assert_true(a->salience > c->salience);
    assert_true(b->salience > x->salience);
    assert_true(x->salience > c->salience);
    nlp_doc_release(&d);

    /* in the lead only, once: on the page */
    assert_int_equal(nlp_analyze("Something else", "Talks with Mongolia "
                                                   "ended.",
                                 &d),
                     0);
    x = entity(&d, "mongolia");
    assert_true(x->in_lead && !x->in_title && x->mentions == 1);
    assert_true(x->on_page);
    nlp_doc_release(&d);
}

static void test_analyze_edges(void **state)
{
    struct nlp_doc d;
    char *big;
    size_t i, n = 5 * 1024 * 1024;

    (void)state;
    assert_int_equal(nlp_analyze(NULL, NULL, &d), 0);
    assert_int_equal(d.nentities, 0);
    assert_null(d.entities);
    nlp_doc_release(&d);
    nlp_doc_release(NULL);
    assert_int_equal(nlp_analyze("", "", &d), 0);
    assert_int_equal(d.nentities, 0);
    nlp_doc_release(&d);
    /* only a title */
    assert_int_equal(nlp_analyze("Kim Kardashian launches a skincare line",
                                 NULL, &d),
                     0);
    assert_non_null(entity(&d, "kimkardashian"));
    nlp_doc_release(&d);
    /* Title Case title without text: kept as written */
    assert_int_equal(nlp_analyze("Putin Meets Kim In Moscow", "", &d), 0);
    check_doc(&d);
    nlp_doc_release(&d);
    /* text over the cap is cut, not refused */
    big = hw_malloc(n + 1);
    for (i = 0; i < n; i++)
        big[i] = "Then Putin met Kim. "[i % 20];
    big[n] = '\0';
    assert_int_equal(nlp_analyze("Putin", big, &d), 0);
    check_doc(&d);
    assert_non_null(entity(&d, "putin"));
    assert_true(entity(&d, "putin")->mentions <= NLP_MAX_MENTIONS + 1);
    nlp_doc_release(&d);
    hw_free(big);
}

/* ---- the seed -------------------------------------------------------- */

struct item {
    char title[1024];
    char text[16384];
};

/* Decode &lt; &gt; &amp; in place. */
static void unescape(char *s)
{
    static const struct {
        const char *ent;
        char c;
    } ents[] = {{"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}};
    char *w = s;
    size_t i;

    while (*s) {
        for (i = 0; i < 3; i++)
            if (strncmp(s, ents[i].ent, strlen(ents[i].ent)) == 0)
                break;
        if (i < 3) {
            *w++ = ents[i].c;
            s += strlen(ents[i].ent);
        } else {
            *w++ = *s++;
        }
    }
    *w = '\0';
}

/* Remove <tags> in place. */
static void strip_tags(char *s)
{
    char *w = s;
    int in_tag = 0;

    for (; *s; s++) {
        if (*s == '<')
            in_tag = 1;
        else if (*s == '>')
            in_tag = 0;
        else if (!in_tag)
            *w++ = *s;
    }
    *w = '\0';
}

/* Copy the element <name>...</name> between p and end into out, as plain
 * text (the HTML inside is escaped once more); returns 0 if missing. */
static int element(const char *p, const char *end, const char *name,
                   char *out, size_t n)
{
    char open[32], close[32];
    const char *a, *b;

    snprintf(open, sizeof open, "<%s>", name);
    snprintf(close, sizeof close, "</%s>", name);
    a = strstr(p, open);
    if (!a || a > end)
        return 0;
    a += strlen(open);
    b = strstr(a, close);
    if (!b || b > end || (size_t)(b - a) >= n)
        return 0;
    memcpy(out, a, (size_t)(b - a));
    out[b - a] = '\0';
    unescape(out);
    strip_tags(out);
    unescape(out);
    return 1;
}

/* The items of an RSS file of the seed, in order. */
static size_t read_items(const char *file, struct item *items, size_t max)
{
    const char *shared = getenv("HW_SHARED");
    char path[1024];
    struct hw_buf b;
    struct hw_diag d;
    const char *p;
    size_t n = 0;

    snprintf(path, sizeof path, "%s/seed/feeds/%s",
             shared && *shared ? shared : "../shared", file);
    hw_buf_init(&b, 1 << 20);
    if (hw_read_file(path, &b, &d) != 0)
        fail_msg("cannot read %s (set HW_SHARED)", path);
    for (p = b.p; n < max && (p = strstr(p, "<item>")) != NULL;) {
        const char *end = strstr(p, "</item>");
        if (!end)
            break;
        if (!element(p, end, "title", items[n].title,
                     sizeof items[n].title) ||
            !element(p, end, "description", items[n].text,
                     sizeof items[n].text))
            fail_msg("%s: item %zu unreadable", file, n);
        n++;
        p = end;
    }
    hw_buf_release(&b);
    return n;
}

static void test_seed_yahoo(void **state)
{
    static struct item it[4];
    struct nlp_doc d;
    const struct nlp_entity *e;
    size_t n;

    (void)state;
    n = read_items("yahoo.rss.xml", it, 4);
    assert_int_equal(n, 2);
    assert_string_equal(it[0].title, "The Ethically Dubious Soup Kim Jong-Un "
                                     "Loves To Dine On Is Illegal In The US");
    assert_non_null(strstr(it[0].text, "North Korean dictator Kim Jong-Un"));
    assert_int_equal(nlp_analyze(it[0].title, it[0].text, &d), 0);
    check_doc(&d);
    e = entity(&d, "kimjongun");
    assert_non_null(e);
    assert_true(e->on_page);
    assert_true(e->in_title); /* cut out of the Title Case title */
    assert_true(e->in_lead);
    assert_string_equal(e->display, "KimJongUn");
    assert_int_equal(e->type, NLP_PER);
    assert_true(e->mentions >= 5); /* Jong-Un's resolves too */
    assert_null(entity(&d, "jongun"));
    /* the Title Case words around it are no entities */
    assert_null(entity(&d, "ethicallydubioussoupkimjongunloves"));
    assert_null(entity(&d, "ethicallydubioussoup"));
    assert_null(entity(&d, "cheapfish"));
    nlp_doc_release(&d);

    assert_string_equal(it[1].title,
                        "Kim Kardashian launches a new skincare line");
    assert_int_equal(nlp_analyze(it[1].title, it[1].text, &d), 0);
    check_doc(&d);
    assert_null(entity(&d, "kimjongun"));
    e = entity(&d, "kimkardashian");
    assert_non_null(e);
    assert_true(e->on_page);
    assert_int_equal(e->mentions, 3); /* "Kardashian said" resolves */
    assert_string_equal(e->display, "KimKardashian");
    nlp_doc_release(&d);
}

static void test_seed_dailymail(void **state)
{
    static struct item it[2];
    struct nlp_doc d;
    const struct nlp_entity *e;

    (void)state;
    assert_int_equal(read_items("dailymail.rss.xml", it, 2), 2);
    assert_non_null(strstr(it[0].text, "Kim Jong-un offering"));
    assert_int_equal(nlp_analyze(it[0].title, it[0].text, &d), 0);
    check_doc(&d);
    /* Kim Jong Un, Kim Jong-un and the short Kim: one entity */
    e = entity(&d, "kimjongun");
    assert_non_null(e);
    assert_true(e->on_page && e->in_title && e->in_lead);
    assert_string_equal(e->display, "KimJongUn");
    /* title 1, "Kim Jong Un" 2 and "Kim Jong-un" 1 in the text, and four
     * times "Kim" alone */
    assert_int_equal(e->mentions, 8);
    assert_null(entity(&d, "kim"));
    /* Sergey Lavrov and Lavrov */
    e = entity(&d, "sergeylavrov");
    assert_non_null(e);
    assert_int_equal(e->mentions, 6);
    assert_string_equal(e->display, "SergeyLavrov");
    assert_null(entity(&d, "lavrov"));
    /* U.S. and US are one */
    assert_non_null(entity(&d, "us"));
    assert_true(entity(&d, "us")->mentions >= 3);
    /* demonyms are no entities */
    assert_null(entity(&d, "northkorean"));
    assert_null(entity(&d, "russian"));
    nlp_doc_release(&d);

    /* the other item is about tennis */
    assert_int_equal(nlp_analyze(it[1].title, it[1].text, &d), 0);
    check_doc(&d);
    assert_null(entity(&d, "kimjongun"));
    assert_null(entity(&d, "kim"));
    nlp_doc_release(&d);
}

/* The finder's group: nlp_analyze() on the proper-noun finder. */
static int use_finder(void **state)
{
    (void)state;
    nlp_set_tagger(NULL);
    return 0;
}

static struct nlp_ner *model;

/* The tagger's group: the same analysis tests on the trained tagger. */
static int use_tagger(void **state)
{
    (void)state;
    nlp_set_tagger(model);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lexicon),
        cmocka_unit_test(test_find_runs),
        cmocka_unit_test(test_find_possessive),
        cmocka_unit_test(test_find_connectors),
        cmocka_unit_test(test_find_acronyms),
        cmocka_unit_test(test_find_sentence_starts),
        cmocka_unit_test(test_find_demonyms),
        cmocka_unit_test(test_find_titles),
        cmocka_unit_test(test_find_hyphens),
        cmocka_unit_test(test_find_title_case),
        cmocka_unit_test(test_find_unicode),
        cmocka_unit_test(test_find_bad_input),
        cmocka_unit_test(test_sentences),
        cmocka_unit_test(test_resolution),
        cmocka_unit_test(test_display_and_surface),
        cmocka_unit_test(test_salience),
        cmocka_unit_test(test_analyze_edges),
        cmocka_unit_test(test_seed_yahoo),
        cmocka_unit_test(test_seed_dailymail),
    };
    /* resolution, aggregation and the seed, with mentions from the
     * tagger (models/ner.model) instead of the finder */
    const struct CMUnitTest tagged[] = {
        cmocka_unit_test(test_resolution),
        cmocka_unit_test(test_display_and_surface),
        cmocka_unit_test(test_salience),
        cmocka_unit_test(test_analyze_edges),
        cmocka_unit_test(test_seed_yahoo),
        cmocka_unit_test(test_seed_dailymail),
    };
    struct hw_diag d;
    int fails;

    fails = cmocka_run_group_tests_name("finder", tests, use_finder, NULL);
    if (nlp_ner_open_default(&model, &d) != 0) {
        printf("tagger: skipped, no model: %s: %s\n", d.where, d.why);
        return fails;
    }
    fails += cmocka_run_group_tests_name("tagger", tagged, use_tagger, NULL);
    nlp_set_tagger(NULL);
    nlp_ner_close(model);
    return fails;
}
