-- Customer search (CustomerSearch, RecencyWalk) finds a common pinyin or pair of initials by walking the
-- tenant's customers by recency until it has a page of hits, from this index alone: it carries what the
-- test and the visibility need. It replaces V14's recency index, which it covers, so that a follow-up still
-- updates one recency index. Built and dropped concurrently (Flyway runs this file outside a transaction):
-- nodes still running keep writing customers while an upgraded one migrates.
CREATE INDEX CONCURRENTLY IF NOT EXISTS customer_recent_names_idx ON customer (tenant_id, last_follow_up_at DESC NULLS LAST, id DESC)
    INCLUDE (owner_id, in_pool, name_initials, name_pinyin) WHERE deleted_at IS NULL;
DROP INDEX CONCURRENTLY IF EXISTS customer_recent_idx;
