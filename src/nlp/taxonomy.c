/*
 * taxonomy.c - the category taxonomy and the section-name mapping.
 *
 * A section name is normalised (ASCII case folded, '&' read as "and",
 * punctuation and spaces squeezed to single spaces) and looked up in a
 * table of names that map cleanly.  The table holds the fixed label
 * mapping of the training corpora (AG News, HuffPost, DESIGN.md) and the
 * section names publishers commonly use.  Anything else stays unmapped,
 * for the classifier to decide.
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

struct section {
    const char *name; /* normalised */
    int cat;          /* index into nlp_categories */
};

enum {
    POL, WOR, BUS, TEC, SCI, HEA, SPO, ENT, ART, LIF, FOO, TRA, ENV, CRI,
    EDU, SOC
};

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
};

/* Normalise s into out (cap bytes); returns 0, or -1 if too long. */
static int normalise(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    int space = 1; /* drop leading separators */

    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
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

const char *nlp_category_map(const char *section)
{
    char norm[64];
    size_t i;

    if (!section || normalise(section, norm, sizeof norm) || !norm[0])
        return NULL;
    for (i = 0; i < sizeof sections / sizeof sections[0]; i++)
        if (strcmp(norm, sections[i].name) == 0)
            return nlp_categories[sections[i].cat];
    /* the taxonomy's own names, however spelled ("Crime & Justice") */
    for (i = 0; i < nlp_ncategories; i++) {
        char cat[64];
        normalise(nlp_categories[i], cat, sizeof cat);
        if (strcmp(norm, cat) == 0)
            return nlp_categories[i];
    }
    return NULL;
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
