/*
 * store_int.h - private to the store room: the table of operations every
 * backend fills in.  store.c dispatches through it.
 */
#ifndef HW_STORE_INT_H
#define HW_STORE_INT_H

#include "store/store.h"

struct store_ops {
    const char *name;
    void (*close)(struct store *st);
    int (*exec_tx)(struct store *st, int op); /* 0 begin, 1 commit, 2 roll */
    int (*feed_upsert)(struct store *st, const char *url, const char *title,
                       const char *site_url, int64_t *id);
    int (*feed_add)(struct store *st, const char *url, const char *title,
                    const char *folder, int64_t *id, int *created);
    int (*feed_remove)(struct store *st, int64_t id);
    int (*feeds_query)(struct store *st, hw_time due, int limit,
                       store_feed_cb cb, void *ctx); /* due NONE: all */
    int (*feed_fetched)(struct store *st, const struct store_fetch *f);
    int (*article_put)(struct store *st, const struct store_article *a,
                       int64_t *id, int *created);
    int (*article_mentions)(struct store *st, int64_t article_id, hw_time t,
                            const struct store_mention *m, size_t n);
    int (*entity_get)(struct store *st, const char *key,
                      const char *variant_key, struct store_entity *e);
    int (*entity_top)(struct store *st, struct store_entity *e);
    int (*topic)(struct store *st, int64_t entity_id, hw_time before_time,
                 int64_t before_id, int limit, store_row_cb cb, void *ctx);
    int (*stats)(struct store *st, struct store_stats *s);
    /* for the web */
    int (*article_get)(struct store *st, int64_t id, store_row_cb cb,
                       void *ctx);
    int (*article_tags)(struct store *st, int64_t article_id,
                        store_tag_cb cb, void *ctx);
    int (*category)(struct store *st, const char *category,
                    hw_time before_time, int64_t before_id, int limit,
                    store_row_cb cb, void *ctx); /* NULL category: all */
    int (*search)(struct store *st, const char *query, hw_time now,
                  int offset, int limit, store_hit_cb cb, void *ctx);
    int (*trending)(struct store *st, hw_time now, int hours, int limit,
                    store_trend_cb cb, void *ctx);
    int (*entities_prefix)(struct store *st, const char *prefix, int limit,
                           store_tag_cb cb, void *ctx);
    int (*counts)(struct store *st, struct store_counts *c);
    int (*categories)(struct store *st, store_count_cb cb, void *ctx);
    int (*entity_find)(struct store *st, const char *key,
                       const char *variant_key, struct store_entity *e);
    /* for retagging */
    int (*meta_get)(struct store *st, const char *key, struct hw_buf *out);
    int (*meta_set)(struct store *st, const char *key, const char *value);
    int (*articles_after)(struct store *st, int64_t after_id, int limit,
                          store_row_cb cb, void *ctx, int64_t *left);
    int (*article_mentions_replace)(struct store *st, int64_t article_id,
                                    hw_time t, const struct store_mention *m,
                                    size_t n);
    /* for the full text of teasers */
    int (*articles_pending)(struct store *st, hw_time now, int limit,
                            store_pending_cb cb, void *ctx);
    int (*article_extracted)(struct store *st,
                             const struct store_extracted *x);
    int (*extract_counts)(struct store *st, store_count_cb cb, void *ctx);
};

/* Every backend's struct starts with this. */
struct store {
    const struct store_ops *ops;
    int in_tx;
    char errmsg[512];
};

int store_sqlite_open(const char *path, struct store **out,
                      struct hw_diag *d);

#endif
