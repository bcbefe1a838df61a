/*
 * test_token.c - the tokenizer and the sentence splitter (token.c).
 *
 * Each table row is one scenario: the text and its tokens joined by '|',
 * with '/' before each token that starts a sentence (after the first).
 * The expected splits follow the CoNLL-2003 / Penn Treebank conventions
 * the tagger was trained on, checked by reading the training file:
 * "'s" and "n't" apart, "U.S." and "U.S.-led" whole, "6-4" and
 * "1996-08-22" whole.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "nlp/token.h"
#include "util/hw.h"

/* Tokens of s as "a|b|/c" (NUL-terminated, caller frees). */
static char *render(const char *s)
{
    struct nlp_tokens ts;
    struct hw_buf b;
    size_t i;

    nlp_tokens_init(&ts, 1 << 20);
    assert_int_equal(nlp_tokenize(s, strlen(s), &ts), 0);
    hw_buf_init(&b, HW_BUF_NOLIMIT);
    for (i = 0; i < ts.n; i++) {
        if (i)
            hw_buf_addc(&b, '|');
        if (i && (ts.t[i].flags & NLP_TOKF_SENT))
            hw_buf_addc(&b, '/');
        assert_true(ts.t[i].start < ts.t[i].end);
        assert_true(ts.t[i].end <= strlen(s));
        hw_buf_add(&b, s + ts.t[i].start, ts.t[i].end - ts.t[i].start);
    }
    nlp_tokens_release(&ts);
    return hw_buf_detach(&b, NULL);
}

static void check(const char *text, const char *want)
{
    char *got = render(text);

    if (strcmp(got, want) != 0)
        fail_msg("text:  %s\nwant:  %s\ngot:   %s", text, want, got);
    hw_free(got);
}

static void test_words_and_clitics(void **state)
{
    (void)state;
    check("Kim Jong-un's sister didn't say.",
          "Kim|Jong-un|'s|sister|did|n't|say|.");
    check("Mr. O'Brien won't go; they're here, I'm sure.",
          "Mr.|O'Brien|wo|n't|go|;|they|'re|here|,|I|'m|sure|.");
    check("the players' union", "the|players|'|union");
    check("KIM'S RISE", "KIM|'S|RISE");
    check("rock'n'roll", "rock'n'roll");
}

static void test_abbreviations(void **state)
{
    (void)state;
    check("Gen. Smith met U.S. officials on Jan. 5 in Calif. today.",
          "Gen.|Smith|met|U.S.|officials|on|Jan.|5|in|Calif.|today|.");
    check("U.S.-led forces and the U.N. said so at 9 a.m. sharp.",
          "U.S.-led|forces|and|the|U.N.|said|so|at|9|a.m.|sharp|.");
    check("George W. Bush", "George|W.|Bush");
    check("No. 1 seed", "No.|1|seed");
    check("said no. Then", "said|no|.|/Then");
    check("S&P 500 rose C$1.5 and US$2", "S&P|500|rose|C$|1.5|and|US$|2");
    check("Amazon.com Inc. rose", "Amazon.com|Inc.|rose");
}

static void test_numbers(void **state)
{
    (void)state;
    check("1,000,000 people (3.5%) on 1996-08-22 won 6-4 at 12:30, 1/2",
          "1,000,000|people|(|3.5|%|)|on|1996-08-22|won|6-4|at|12:30|,|1/2");
    check("a 20-year-old in the 1990s, 3rd",
          "a|20-year-old|in|the|1990s|,|3rd");
    check("rose 3.", "rose|3|.");
}

static void test_web_tokens(void **state)
{
    struct nlp_tokens ts;
    const char *s = "See https://example.com/a_(b)?x=1. Mail joe.b@ex.co.uk, "
                    "#KimJongUn @reuters www.bbc.co.uk/news";
    static const uint8_t kinds[] = {
        NLP_TOK_WORD,  NLP_TOK_URL,     NLP_TOK_PUNCT,  NLP_TOK_WORD,
        NLP_TOK_EMAIL, NLP_TOK_PUNCT,   NLP_TOK_HASHTAG, NLP_TOK_HANDLE,
        NLP_TOK_URL};
    size_t i;

    (void)state;
    check(s, "See|https://example.com/a_(b)?x=1|.|/Mail|joe.b@ex.co.uk|,|"
             "#KimJongUn|@reuters|www.bbc.co.uk/news");
    nlp_tokens_init(&ts, 100);
    nlp_tokenize(s, strlen(s), &ts);
    assert_int_equal(ts.n, sizeof kinds);
    for (i = 0; i < ts.n; i++)
        assert_int_equal(ts.t[i].kind, kinds[i]);
    assert_string_equal(nlp_tok_kind_name(NLP_TOK_EMAIL), "email");
    nlp_tokens_release(&ts);
    check("a#b x@y (#1)", "a|#|b|x|@|y|(|#|1|)");
}

static void test_quotes_and_dashes(void **state)
{
    (void)state;
    check("\xE2\x80\x9CIt\xE2\x80\x99s over,\xE2\x80\x9D he said.",
          "\xE2\x80\x9C|It|\xE2\x80\x99s|over|,|\xE2\x80\x9D|he|said|.");
    check("a -- b \xE2\x80\x94 c - d", "a|--|b|\xE2\x80\x94|c|-|d");
    check("wait... what\xE2\x80\xA6 now?! ok",
          "wait|...|what|\xE2\x80\xA6|now|?!|ok");
    check("Kim\xE2\x80\x99s", "Kim|\xE2\x80\x99s");
}

static void test_offsets(void **state)
{
    const char *s = "  Zelenskyy\xC2\xA0met Jos\xC3\xA9\n";
    struct nlp_tokens ts;

    (void)state;
    nlp_tokens_init(&ts, 100);
    assert_int_equal(nlp_tokenize(s, strlen(s), &ts), 0);
    assert_int_equal(ts.n, 3);
    assert_int_equal(ts.t[0].start, 2);
    assert_int_equal(ts.t[0].end, 11);
    assert_int_equal(ts.t[1].start, 13); /* after U+00A0 */
    assert_int_equal(ts.t[2].start, 17);
    assert_int_equal(ts.t[2].end, 22);
    assert_true(ts.t[1].flags & NLP_TOKF_SPACE);
    nlp_tokens_release(&ts);
}

static void test_sentences(void **state)
{
    (void)state;
    check("Mr. Smith went to Washington. He said hi.",
          "Mr.|Smith|went|to|Washington|.|/He|said|hi|.");
    check("It rose 3.5 percent. Shares fell.",
          "It|rose|3.5|percent|.|/Shares|fell|.");
    check("He lives in the U.S. The firm said the U.S. army left.",
          "He|lives|in|the|U.S.|/The|firm|said|the|U.S.|army|left|.");
    check("\"It is over.\" She left.",
          "\"|It|is|over|.|\"|/She|left|.");
    check("Why? Because! 2 more", "Why|?|/Because|!|/2|more");
    check("one\n\ntwo", "one|/two");
    check("lower. case", "lower|.|case");
    check("Acme Inc. said so. Acme Inc. The end",
          "Acme|Inc.|said|so|.|/Acme|Inc.|/The|end");
    check("SEOUL, July 13\nNorth Korea said",
          "SEOUL|,|July|13|/North|Korea|said");
}

static void test_bad_input(void **state)
{
    struct nlp_tokens ts;
    size_t n = (size_t)1 << 20, i, starts = 0;
    char *big = hw_malloc(n);

    (void)state;
    check("a\xFF" "b \xC3", "a|\xFF|b|\xC3");
    check("!!!???...;;", "!!!???|...|;|;");
    check("\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7 \xD8\xA8\xD8\xB9",
          "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7|\xD8\xA8\xD8\xB9");
    check("\xE4\xB8\xAD\xE6\x96\x87 mixed", "\xE4\xB8\xAD\xE6\x96\x87|mixed");
    check("", "");
    check("   \n\n  ", "");

    /* one 1 MB word is one token */
    memset(big, 'a', n);
    nlp_tokens_init(&ts, 16);
    assert_int_equal(nlp_tokenize(big, n, &ts), 0);
    assert_int_equal(ts.n, 1);
    assert_int_equal(ts.t[0].end, n);
    nlp_tokens_release(&ts);

    /* the cap on tokens */
    for (i = 0; i < n; i += 2) {
        big[i] = 'w';
        big[i + 1] = ' ';
    }
    nlp_tokens_init(&ts, 1000);
    assert_int_equal(nlp_tokenize(big, n, &ts), HW_ELIMIT);
    assert_int_equal(ts.n, 1000);
    nlp_tokens_release(&ts);

    /* no sentence is longer than NLP_SENT_MAX */
    nlp_tokens_init(&ts, n);
    assert_int_equal(nlp_tokenize(big, n, &ts), 0);
    for (i = 0; i < ts.n; i++)
        if (ts.t[i].flags & NLP_TOKF_SENT)
            starts++;
    assert_true(starts >= ts.n / NLP_SENT_MAX);
    nlp_tokens_release(&ts);
    hw_free(big);
}

static void test_abbrev_table(void **state)
{
    (void)state;
    assert_true(nlp_is_abbrev("Gen.", 4));
    assert_true(nlp_is_abbrev("U.S.", 4));
    assert_true(nlp_is_abbrev("e.g.", 4));
    assert_true(nlp_is_abbrev("JAN.", 4));
    assert_false(nlp_is_abbrev("Gen", 3));
    assert_false(nlp_is_abbrev("said.", 5));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words_and_clitics),
        cmocka_unit_test(test_abbreviations),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_web_tokens),
        cmocka_unit_test(test_quotes_and_dashes),
        cmocka_unit_test(test_offsets),
        cmocka_unit_test(test_sentences),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_abbrev_table),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
