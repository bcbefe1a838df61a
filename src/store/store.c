/*
 * store.c - the storage interface: chooses a backend from the spec and
 * dispatches every call through its table of operations.
 */
#include <string.h>

#include "store/store_int.h"

static int has_prefix(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

int store_open(const char *spec, struct store **out, struct hw_diag *d)
{
    *out = NULL;
    if (!spec || !*spec)
        return hw_fail(d, HW_EUSAGE, "store", "-", "no database given");
    if (has_prefix(spec, "postgres://") || has_prefix(spec, "postgresql://") ||
        has_prefix(spec, "pg:"))
        return hw_fail(d, HW_EINVAL, "store", spec,
                       "the PostgreSQL backend is not built in this version");
    if (has_prefix(spec, "sqlite:"))
        spec += 7;
    return store_sqlite_open(spec, out, d);
}

void store_close(struct store *st)
{
    if (st)
        st->ops->close(st);
}

int store_begin(struct store *st)
{
    int r;

    if (st->in_tx)
        return HW_EINVAL;
    r = st->ops->exec_tx(st, 0);
    if (r == 0)
        st->in_tx = 1;
    return r;
}

int store_commit(struct store *st)
{
    int r;

    if (!st->in_tx)
        return HW_EINVAL;
    r = st->ops->exec_tx(st, 1);
    if (r == 0)
        st->in_tx = 0;
    return r;
}

int store_rollback(struct store *st)
{
    if (!st->in_tx)
        return HW_EINVAL;
    st->in_tx = 0;
    return st->ops->exec_tx(st, 2);
}

const char *store_errmsg(struct store *st)
{
    return st->errmsg;
}

int store_feed_upsert(struct store *st, const char *url, const char *title,
                      const char *site_url, int64_t *id)
{
    return st->ops->feed_upsert(st, url, title, site_url, id);
}

int store_feed_add(struct store *st, const char *url, const char *title,
                   const char *folder, int64_t *id, int *created)
{
    return st->ops->feed_add(st, url, title, folder, id, created);
}

int store_feed_remove(struct store *st, int64_t id)
{
    return st->ops->feed_remove(st, id);
}

int store_feeds_list(struct store *st, store_feed_cb cb, void *ctx)
{
    return st->ops->feeds_query(st, HW_TIME_NONE, -1, cb, ctx);
}

int store_feeds_due(struct store *st, hw_time now, int limit,
                    store_feed_cb cb, void *ctx)
{
    if (now == HW_TIME_NONE)
        return HW_EINVAL;
    return st->ops->feeds_query(st, now, limit, cb, ctx);
}

int store_feed_fetched(struct store *st, const struct store_fetch *f)
{
    return st->ops->feed_fetched(st, f);
}

int store_article_put(struct store *st, const struct store_article *a,
                      int64_t *id, int *created)
{
    return st->ops->article_put(st, a, id, created);
}

int store_article_mentions(struct store *st, int64_t article_id, hw_time t,
                           const struct store_mention *m, size_t n)
{
    return st->ops->article_mentions(st, article_id, t, m, n);
}

int store_entity_get(struct store *st, const char *key,
                     const char *variant_key, struct store_entity *e)
{
    return st->ops->entity_get(st, key, variant_key, e);
}

int store_entity_top(struct store *st, struct store_entity *e)
{
    return st->ops->entity_top(st, e);
}

int store_topic(struct store *st, int64_t entity_id, hw_time before_time,
                int64_t before_id, int limit, store_row_cb cb, void *ctx)
{
    return st->ops->topic(st, entity_id, before_time, before_id, limit, cb,
                          ctx);
}

int store_stats(struct store *st, struct store_stats *s)
{
    return st->ops->stats(st, s);
}

int store_article_get(struct store *st, int64_t id, store_row_cb cb,
                      void *ctx)
{
    return st->ops->article_get(st, id, cb, ctx);
}

int store_article_tags(struct store *st, int64_t article_id,
                       store_tag_cb cb, void *ctx)
{
    return st->ops->article_tags(st, article_id, cb, ctx);
}

int store_category(struct store *st, const char *category,
                   hw_time before_time, int64_t before_id, int limit,
                   store_row_cb cb, void *ctx)
{
    if (!category)
        return HW_EINVAL;
    return st->ops->category(st, category, before_time, before_id, limit, cb,
                             ctx);
}

int store_latest(struct store *st, hw_time before_time, int64_t before_id,
                 int limit, store_row_cb cb, void *ctx)
{
    return st->ops->category(st, NULL, before_time, before_id, limit, cb,
                             ctx);
}

int store_search(struct store *st, const char *query, hw_time now,
                 int offset, int limit, store_hit_cb cb, void *ctx)
{
    if (!query || offset < 0 || limit < 0)
        return HW_EINVAL;
    return st->ops->search(st, query, now, offset, limit, cb, ctx);
}

int store_trending(struct store *st, hw_time now, int hours, int limit,
                   store_trend_cb cb, void *ctx)
{
    if (hours <= 0 || limit < 0 || now == HW_TIME_NONE)
        return HW_EINVAL;
    return st->ops->trending(st, now, hours, limit, cb, ctx);
}

int store_entities_prefix(struct store *st, const char *prefix, int limit,
                          store_tag_cb cb, void *ctx)
{
    if (!prefix)
        return HW_EINVAL;
    return st->ops->entities_prefix(st, prefix, limit, cb, ctx);
}

int store_counts(struct store *st, struct store_counts *c)
{
    return st->ops->counts(st, c);
}

int store_categories(struct store *st, store_count_cb cb, void *ctx)
{
    return st->ops->categories(st, cb, ctx);
}

int store_entity_find(struct store *st, const char *key,
                      const char *variant_key, struct store_entity *e)
{
    return st->ops->entity_find(st, key, variant_key, e);
}

int store_meta_get(struct store *st, const char *key, struct hw_buf *out)
{
    if (!key)
        return HW_EINVAL;
    return st->ops->meta_get(st, key, out);
}

int store_meta_set(struct store *st, const char *key, const char *value)
{
    if (!key)
        return HW_EINVAL;
    return st->ops->meta_set(st, key, value);
}

int store_articles_after(struct store *st, int64_t after_id, int limit,
                         store_row_cb cb, void *ctx, int64_t *left)
{
    if (limit < 0)
        return HW_EINVAL;
    return st->ops->articles_after(st, after_id, limit, cb, ctx, left);
}

int store_article_mentions_replace(struct store *st, int64_t article_id,
                                   hw_time t, const struct store_mention *m,
                                   size_t n)
{
    if (!st->in_tx)
        return HW_EINVAL;
    return st->ops->article_mentions_replace(st, article_id, t, m, n);
}

int store_articles_pending(struct store *st, hw_time now, int limit,
                           store_pending_cb cb, void *ctx)
{
    if (limit < 0)
        return HW_EINVAL;
    return st->ops->articles_pending(st, now, limit, cb, ctx);
}

int store_article_extracted(struct store *st,
                            const struct store_extracted *x)
{
    if (!x->status)
        return HW_EINVAL;
    return st->ops->article_extracted(st, x);
}

int store_extract_counts(struct store *st, store_count_cb cb, void *ctx)
{
    return st->ops->extract_counts(st, cb, ctx);
}
