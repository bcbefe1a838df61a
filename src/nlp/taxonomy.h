/*
 * taxonomy.h - hashwire's fixed category taxonomy (DESIGN.md
 * "Categories"), the fixed mapping of the training corpora's labels onto
 * it, and the mapping of publishers' own section names onto it.
 *
 * Three tables, all data in taxonomy.c:
 *   - the sixteen categories, in DESIGN.md order (their index is the class
 *     number of the classifier and of its model file);
 *   - the corpus label mappings (AG News, HuffPost News Category, BBC),
 *     fixed so that accuracy figures stay comparable;
 *   - publisher sections ("US Politics", "Sport", "Markets", "World News",
 *     "Tech", ...).  A section that does not map cleanly ("Opinion",
 *     "News", "UK", "Arts & Entertainment") is ignored, never guessed.
 */
#ifndef HW_TAXONOMY_H
#define HW_TAXONOMY_H

#include <stddef.h>

/* The class numbers of the sixteen categories, in DESIGN.md order. */
enum nlp_cat {
    NLP_CAT_POLITICS,
    NLP_CAT_WORLD,
    NLP_CAT_BUSINESS,
    NLP_CAT_TECHNOLOGY,
    NLP_CAT_SCIENCE,
    NLP_CAT_HEALTH,
    NLP_CAT_SPORTS,
    NLP_CAT_ENTERTAINMENT,
    NLP_CAT_ARTS,
    NLP_CAT_LIFESTYLE,
    NLP_CAT_FOOD,
    NLP_CAT_TRAVEL,
    NLP_CAT_ENVIRONMENT,
    NLP_CAT_CRIME,
    NLP_CAT_EDUCATION,
    NLP_CAT_SOCIETY,
    NLP_NCAT
};

/* The sixteen categories' names ("Arts & Culture"), indexed by enum
 * nlp_cat. */
extern const char *const nlp_categories[];
extern const size_t nlp_ncategories;

/* The class number of a category name as spelled in nlp_categories
 * (exactly), or -1. */
int nlp_category_index(const char *name);

/*
 * Map a publisher's section or tag ("Politics", "WORLD NEWS", "Sci/Tech",
 * "Markets", "Sport") onto the taxonomy.  Case, "&"/"and" and punctuation
 * do not matter.  A path such as "News > World" or "sport/football" maps
 * when its parts that map all agree.  Returns the category's name (a
 * static string) or NULL when it does not map cleanly.
 */
const char *nlp_category_map(const char *section);

/* The first of n sections that maps, or NULL. */
const char *nlp_category_map_any(char *const *sections, size_t n);

/* The labelled corpora of ../shared/data/categories. */
enum nlp_corpus {
    NLP_CORPUS_AGNEWS,
    NLP_CORPUS_HUFFPOST,
    NLP_CORPUS_BBC,
    NLP_NCORPORA
};

/* "agnews", "huffpost", "bbc", indexed by enum nlp_corpus. */
extern const char *const nlp_corpus_names[];

/*
 * The fixed mapping of a corpus label onto the taxonomy (DESIGN.md
 * "Categories"): AG News label names ("World", "Sports", "Business",
 * "Sci/Tech"), HuffPost categories ("WORLD NEWS", "U.S. NEWS", ...) and
 * BBC folders ("business", "entertainment", "politics", "sport",
 * "tech").  Labels are matched exactly as the corpora spell them.
 * Returns the class number, or -1 for a label the mapping does not name.
 */
int nlp_corpus_label(enum nlp_corpus corpus, const char *label);

/*
 * The set of classes a corpus can express, as a bit mask (bit c for
 * class c): AG News has four, BBC five, HuffPost all sixteen.
 */
unsigned nlp_corpus_classes(enum nlp_corpus corpus);

#endif
