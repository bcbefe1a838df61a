/*
 * taxonomy.h - hashwire's fixed category taxonomy (DESIGN.md
 * "Categories") and the mapping of publishers' own section names onto it.
 */
#ifndef HW_TAXONOMY_H
#define HW_TAXONOMY_H

#include <stddef.h>

/* The sixteen categories, in DESIGN.md order. */
extern const char *const nlp_categories[];
extern const size_t nlp_ncategories;

/*
 * Map a publisher's section or tag ("Politics", "WORLD NEWS", "Sci/Tech",
 * "Markets", "Sport") onto the taxonomy.  Returns the category's name (a
 * static string) or NULL when it does not map cleanly.
 */
const char *nlp_category_map(const char *section);

/* The first of n sections that maps, or NULL. */
const char *nlp_category_map_any(char *const *sections, size_t n);

#endif
