/*
 * token.h - the tokenizer and sentence splitter for news English.
 *
 * nlp_tokenize() cuts UTF-8 text into tokens the way the CoNLL-2003 and
 * Penn Treebank corpora cut newswire, because that is what the tagger is
 * trained on: words ("Jong-un", "O'Brien", "U.S.-led" stay whole),
 * clitics split off ("Kim's" -> "Kim" "'s", "don't" -> "do" "n't"),
 * abbreviations and initials keep their period ("U.S.", "Gen.", "Jan.",
 * "George W. Bush"), numbers keep their separators ("1,000,000", "3.5",
 * "1996-08-22", "6-4", "1/2"), and URLs, e-mail addresses, #hashtags and
 * @handles are single tokens.  Every punctuation mark is its own token,
 * except runs such as "--", "..." and "?!".  Curly and straight quotes
 * and apostrophes are treated alike.  Every token keeps its byte offsets
 * into the text; nothing is copied.
 *
 * The sentence splitter runs over the tokens and marks the first token of
 * each sentence.  A sentence ends at '.', '!', '?' or an ellipsis (and any
 * closing quotes or brackets after it) when the next token starts with a
 * capital letter, a digit or an opening quote; not after an abbreviation
 * ("Mr.", "Gen.", "Jan."), an initial ("W."), or a dotted acronym inside
 * a sentence ("the U.S. army"), and never inside a number ("3.5"), since
 * those are one token.  A blank line always ends a sentence, and so does
 * a line break after a line without final punctuation when the next line
 * starts a new capitalised line and the line was short (a headline or a
 * dateline).  Sentences are also cut after NLP_SENT_MAX tokens, so that
 * no input makes one sentence unbounded.
 *
 * Invalid UTF-8 never stops the tokenizer: each invalid byte becomes a
 * one-byte symbol token.
 */
#ifndef HW_NLP_TOKEN_H
#define HW_NLP_TOKEN_H

#include <stddef.h>
#include <stdint.h>

/* What a token is. */
enum nlp_tok_kind {
    NLP_TOK_WORD = 0, /* letters, maybe with digits, hyphens, apostrophes */
    NLP_TOK_NUM,      /* starts with a digit: "3.5", "1996-08-22", "6-4" */
    NLP_TOK_PUNCT,    /* punctuation: ".", ",", "--", "...", quotes */
    NLP_TOK_SYM,      /* any other symbol, emoji, invalid byte */
    NLP_TOK_URL,      /* "https://example.com/a", "www.example.com" */
    NLP_TOK_EMAIL,    /* "name@example.com" */
    NLP_TOK_HASHTAG,  /* "#KimJongUn" */
    NLP_TOK_HANDLE    /* "@reuters" */
};

/* Token flags. */
enum {
    NLP_TOKF_SPACE = 1u << 0,   /* white space before the token */
    NLP_TOKF_NEWLINE = 1u << 1, /* a line break before the token */
    NLP_TOKF_PARA = 1u << 2,    /* a blank line before the token */
    NLP_TOKF_SENT = 1u << 3,    /* first token of a sentence */
    NLP_TOKF_CLITIC = 1u << 4   /* "'s", "n't", "'re": split off a word */
};

/* One token: bytes [start, end) of the text. */
struct nlp_token {
    size_t start, end;
    uint8_t kind;  /* enum nlp_tok_kind */
    uint8_t flags; /* NLP_TOKF_* */
};

/* A growable array of tokens with a cap on its length. */
struct nlp_tokens {
    struct nlp_token *t;
    size_t n, cap;
    size_t max; /* at most this many tokens; more is HW_ELIMIT */
};

/* Sentences are cut after this many tokens. */
#define NLP_SENT_MAX 256

/* Start an empty array holding at most max tokens. */
void nlp_tokens_init(struct nlp_tokens *ts, size_t max);
/* Free the array; ts may be initialised again. */
void nlp_tokens_release(struct nlp_tokens *ts);

/*
 * Append the tokens of text[0..len) to ts, offsets relative to text, and
 * mark sentence starts (nlp_sentences() over the new tokens).  Returns 0,
 * or HW_ELIMIT when ts would grow past its max (the tokens before the
 * limit are kept).  text need not be NUL-terminated.
 */
int nlp_tokenize(const char *text, size_t len, struct nlp_tokens *ts);

/*
 * Mark the first token of each sentence (NLP_TOKF_SENT) in t[0..n),
 * tokens of text.  t[0] is always a sentence start.
 */
void nlp_sentences(const char *text, struct nlp_token *t, size_t n);

/*
 * 1 if the word s[0..n) (ASCII, period included) is an abbreviation that
 * keeps its period: titles ("Gen.", "Mr."), months ("Jan."), states
 * ("Calif."), "Inc.", "vs.", "e.g.".  Case-insensitive.
 */
int nlp_is_abbrev(const char *s, size_t n);

/* "word", "num", "punct", "sym", "url", "email", "hashtag", "handle". */
const char *nlp_tok_kind_name(enum nlp_tok_kind k);

#endif
