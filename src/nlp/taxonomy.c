/*
 * taxonomy.c - the category taxonomy, the corpus label mappings and the
 * section-name mapping.
 *
 * Corpus labels are matched exactly against three fixed tables, the ones
 * DESIGN.md "Categories" gives (BBC's five folders map by their evident
 * names).  They never change, so accuracy stays comparable.
 *
 * A publisher section is normalised (ASCII case folded, '&' read as
 * "and", punctuation and spaces squeezed to single spaces) and looked up
 * in a table of names that map cleanly: the corpora's labels and the
 * sections publishers commonly use.  Names that say nothing about the
 * subject ("Opinion", "News", "Top Stories") or that straddle two
 * categories ("Arts & Entertainment", "Science & Environment") are not in
 * the table and stay unmapped, for the classifier to decide.  A section
 * written as a path ("News > World", "sport/football", "Business |
 * Markets") maps when the whole does, or else when every part that maps
 * maps to the same category.
 */
#include <string.h>

#include "nlp/taxonomy.h"

const char *const nlp_categories[] = {
    "Politics",       "World",     "Business",    "Technology",
    "Science",        "Health",    "Sports",      "Entertainment",
    "Arts & Culture", "Lifestyle", "Food & Drink", "Travel",
    "Environment",    "Crime & Justice", "Education", "Society",
};
const size_t nlp_ncategories =
    sizeof nlp_categories / sizeof nlp_categories[0];

const char *const nlp_corpus_names[] = {"agnews", "huffpost", "bbc"};

struct section {
    const char *name; /* normalised */
    int cat;          /* index into nlp_categories */
};

enum {
    POL = NLP_CAT_POLITICS,
    WOR = NLP_CAT_WORLD,
    BUS = NLP_CAT_BUSINESS,
    TEC = NLP_CAT_TECHNOLOGY,
    SCI = NLP_CAT_SCIENCE,
    HEA = NLP_CAT_HEALTH,
    SPO = NLP_CAT_SPORTS,
    ENT = NLP_CAT_ENTERTAINMENT,
    ART = NLP_CAT_ARTS,
    LIF = NLP_CAT_LIFESTYLE,
    FOO = NLP_CAT_FOOD,
    TRA = NLP_CAT_TRAVEL,
    ENV = NLP_CAT_ENVIRONMENT,
    CRI = NLP_CAT_CRIME,
    EDU = NLP_CAT_EDUCATION,
    SOC = NLP_CAT_SOCIETY
};

/* ---- corpus labels (exact spelling of each corpus) -------------------- */

static const struct section agnews_labels[] = {
    {"World", WOR}, {"Sports", SPO}, {"Business", BUS}, {"Sci/Tech", TEC},
    {NULL, 0},
};

static const struct section huffpost_labels[] = {
    {"POLITICS", POL},        {"WORLD NEWS", WOR},
    {"THE WORLDPOST", WOR},   {"WORLDPOST", WOR},
    {"BUSINESS", BUS},        {"MONEY", BUS},
    {"TECH", TEC},            {"SCIENCE", SCI},
    {"WELLNESS", HEA},        {"HEALTHY LIVING", HEA},
    {"SPORTS", SPO},          {"ENTERTAINMENT", ENT},
    {"COMEDY", ENT},          {"MEDIA", ENT},
    {"ARTS", ART},            {"ARTS & CULTURE", ART},
    {"CULTURE & ARTS", ART},  {"STYLE", LIF},
    {"STYLE & BEAUTY", LIF},  {"HOME & LIVING", LIF},
    {"PARENTING", LIF},       {"PARENTS", LIF},
    {"WEDDINGS", LIF},        {"DIVORCE", LIF},
    {"FIFTY", LIF},           {"FOOD & DRINK", FOO},
    {"TASTE", FOO},           {"TRAVEL", TRA},
    {"GREEN", ENV},           {"ENVIRONMENT", ENV},
    {"CRIME", CRI},           {"EDUCATION", EDU},
    {"COLLEGE", EDU},         {"QUEER VOICES", SOC},
    {"BLACK VOICES", SOC},    {"LATINO VOICES", SOC},
    {"WOMEN", SOC},           {"RELIGION", SOC},
    {"IMPACT", SOC},          {"GOOD NEWS", SOC},
    {"WEIRD NEWS", SOC},      {"U.S. NEWS", SOC},
    {NULL, 0},
};

static const struct section bbc_labels[] = {
    {"business", BUS}, {"entertainment", ENT}, {"politics", POL},
    {"sport", SPO},    {"tech", TEC},          {NULL, 0},
};

static const struct section *const corpus_labels[] = {
    agnews_labels, huffpost_labels, bbc_labels};

int nlp_corpus_label(enum nlp_corpus corpus, const char *label)
{
    const struct section *s;

    if ((unsigned)corpus >= NLP_NCORPORA || !label)
        return -1;
    for (s = corpus_labels[corpus]; s->name; s++)
        if (strcmp(s->name, label) == 0)
            return s->cat;
    return -1;
}

unsigned nlp_corpus_classes(enum nlp_corpus corpus)
{
    const struct section *s;
    unsigned m = 0;

    if ((unsigned)corpus >= NLP_NCORPORA)
        return 0;
    for (s = corpus_labels[corpus]; s->name; s++)
        m |= 1u << s->cat;
    return m;
}

int nlp_category_index(const char *name)
{
    size_t i;

    for (i = 0; name && i < nlp_ncategories; i++)
        if (strcmp(nlp_categories[i], name) == 0)
            return (int)i;
    return -1;
}

/* ---- publisher sections (normalised) ----------------------------------- */

static const struct section sections[] = {
    /* AG News */
    {"world", WOR}, {"sports", SPO}, {"business", BUS}, {"sci tech", TEC},
    /* HuffPost News Category */
    {"politics", POL}, {"world news", WOR}, {"the worldpost", WOR},
    {"worldpost", WOR}, {"money", BUS}, {"tech", TEC}, {"science", SCI},
    {"wellness", HEA}, {"healthy living", HEA}, {"entertainment", ENT},
    {"comedy", ENT}, {"media", ENT}, {"arts", ART},
    {"arts and culture", ART}, {"culture and arts", ART}, {"style", LIF},
    {"style and beauty", LIF}, {"home and living", LIF}, {"parenting", LIF},
    {"parents", LIF}, {"weddings", LIF}, {"divorce", LIF}, {"fifty", LIF},
    {"food and drink", FOO}, {"taste", FOO}, {"travel", TRA},
    {"green", ENV}, {"environment", ENV}, {"crime", CRI},
    {"education", EDU}, {"college", EDU}, {"queer voices", SOC},
    {"black voices", SOC}, {"latino voices", SOC}, {"women", SOC},
    {"religion", SOC}, {"impact", SOC}, {"good news", SOC},
    {"weird news", SOC}, {"u s news", SOC},
    /* common publisher sections */
    {"politic", POL}, {"political", POL}, {"government", POL},
    {"elections", POL}, {"election", POL}, {"us politics", POL},
    {"uk politics", POL}, {"international", WOR}, {"world affairs", WOR},
    {"foreign", WOR}, {"global", WOR}, {"markets", BUS}, {"market", BUS},
    {"economy", BUS}, {"economics", BUS}, {"finance", BUS},
    {"companies", BUS}, {"business news", BUS}, {"personal finance", BUS},
    {"technology", TEC}, {"science and technology", SCI}, {"health", HEA},
    {"health and wellness", HEA}, {"medicine", HEA}, {"sport", SPO},
    {"football", SPO}, {"soccer", SPO}, {"cricket", SPO}, {"tennis", SPO},
    {"golf", SPO}, {"rugby", SPO}, {"formula 1", SPO}, {"f1", SPO},
    {"basketball", SPO}, {"baseball", SPO}, {"nfl", SPO}, {"nba", SPO},
    {"celebrity", ENT}, {"celebrities", ENT}, {"showbiz", ENT},
    {"film", ENT}, {"films", ENT}, {"movies", ENT}, {"tv", ENT},
    {"television", ENT}, {"music", ENT}, {"tv and radio", ENT},
    {"culture", ART}, {"books", ART}, {"art", ART},
    {"art and design", ART}, {"stage", ART}, {"theatre", ART},
    {"lifestyle", LIF}, {"life and style", LIF}, {"fashion", LIF},
    {"beauty", LIF}, {"food", FOO}, {"recipes", FOO}, {"drink", FOO},
    {"restaurants", FOO}, {"climate", ENV}, {"climate change", ENV},
    {"weather", ENV}, {"crime and justice", CRI}, {"law", CRI},
    {"justice", CRI}, {"courts", CRI}, {"schools", EDU},
    {"society", SOC}, {"religion and belief", SOC}, {"communities", SOC},
    /* more publisher sections seen in feeds and JSON-LD */
    {"politics news", POL}, {"politics and policy", POL},
    {"us elections", POL}, {"congress", POL}, {"white house", POL},
    {"parliament", POL}, {"westminster", POL}, {"eu politics", POL},
    {"world politics", WOR}, {"international news", WOR},
    {"global news", WOR}, {"foreign affairs", WOR}, {"europe", WOR},
    {"asia", WOR}, {"asia pacific", WOR}, {"africa", WOR},
    {"middle east", WOR}, {"americas", WOR}, {"latin america", WOR},
    {"australia and pacific", WOR}, {"world business", BUS},
    {"business and finance", BUS}, {"business and economy", BUS},
    {"economy and business", BUS}, {"finance and economics", BUS},
    {"stocks", BUS}, {"investing", BUS}, {"your money", BUS},
    {"markets news", BUS}, {"industry", BUS}, {"retail", BUS},
    {"banking", BUS}, {"tech news", TEC}, {"technology news", TEC},
    {"science and tech", TEC}, {"sci", SCI}, {"science news", SCI},
    {"space", SCI}, {"space and astronomy", SCI}, {"health news", HEA},
    {"wellbeing", HEA}, {"well being", HEA}, {"mental health", HEA},
    {"fitness", HEA}, {"coronavirus", HEA}, {"sport news", SPO},
    {"sports news", SPO}, {"motorsport", SPO}, {"athletics", SPO},
    {"boxing", SPO}, {"olympics", SPO}, {"nhl", SPO}, {"mlb", SPO},
    {"cycling", SPO}, {"entertainment news", ENT}, {"celebs", ENT},
    {"movies and tv", ENT}, {"film and tv", ENT}, {"arts", ART},
    {"books and arts", ART}, {"art and culture", ART},
    {"culture news", ART}, {"life", LIF}, {"living", LIF},
    {"home and garden", LIF}, {"relationships", LIF}, {"family", LIF},
    {"food and wine", FOO}, {"cooking", FOO}, {"wine", FOO},
    {"travel news", TRA}, {"destinations", TRA}, {"environment news", ENV},
    {"climate crisis", ENV}, {"climate and environment", ENV},
    {"nature", ENV}, {"wildlife", ENV}, {"crime news", CRI},
    {"police", CRI}, {"legal", CRI}, {"law and order", CRI},
    {"higher education", EDU}, {"universities", EDU},
    {"education news", EDU}, {"faith", SOC}, {"lgbtq", SOC},
    {"lgbt", SOC}, {"race", SOC}, {"inequality", SOC},
};

/* Normalise s[0..n) into out (cap bytes); returns 0, or -1 if too long. */
static int normalise(const char *s, size_t len, char *out, size_t cap)
{
    size_t n = 0, i;
    int space = 1; /* drop leading separators */

    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *add = NULL;
        char one[2] = {0, 0};

        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) {
            one[0] = (char)c;
            add = one;
            space = 0;
        } else if (c == '&') {
            add = space ? "and " : " and ";
            space = 1;
        } else if (!space) {
            add = " ";
            space = 1;
        }
        if (add) {
            size_t l = strlen(add);
            if (n + l >= cap)
                return -1;
            memcpy(out + n, add, l);
            n += l;
        }
    }
    while (n && out[n - 1] == ' ')
        n--;
    out[n] = '\0';
    return 0;
}

/* The class of one section name (no path splitting), or -1. */
static int map_one(const char *s, size_t len)
{
    char norm[64];
    size_t i;

    if (normalise(s, len, norm, sizeof norm) || !norm[0])
        return -1;
    for (i = 0; i < sizeof sections / sizeof sections[0]; i++)
        if (strcmp(norm, sections[i].name) == 0)
            return sections[i].cat;
    /* the taxonomy's own names, however spelled ("Crime & Justice") */
    for (i = 0; i < nlp_ncategories; i++) {
        char cat[64];
        normalise(nlp_categories[i], strlen(nlp_categories[i]), cat,
                  sizeof cat);
        if (strcmp(norm, cat) == 0)
            return (int)i;
    }
    return -1;
}

static int is_path_sep(char c)
{
    return c == '/' || c == '>' || c == '|' || c == '\\' || c == ':' ||
           c == ',' || c == ';';
}

const char *nlp_category_map(const char *section)
{
    const char *p, *start;
    size_t len;
    int cat, found = -1;

    if (!section)
        return NULL;
    len = strlen(section);
    if (len > 256)
        return NULL;
    if ((cat = map_one(section, len)) >= 0)
        return nlp_categories[cat];
    /* a path: every part that maps must agree (len is capped above) */
    start = section;
    for (p = section;; p++) {
        if (*p == '\0' || is_path_sep(*p)) {
            if (p == section + len && start == section)
                return NULL; /* no separator at all */
            cat = map_one(start, (size_t)(p - start));
            if (cat >= 0) {
                if (found >= 0 && found != cat)
                    return NULL;
                found = cat;
            }
            if (*p == '\0')
                break;
            start = p + 1;
        }
    }
    return found >= 0 ? nlp_categories[found] : NULL;
}

const char *nlp_category_map_any(char *const *sections_in, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        const char *c = nlp_category_map(sections_in[i]);
        if (c)
            return c;
    }
    return NULL;
}
