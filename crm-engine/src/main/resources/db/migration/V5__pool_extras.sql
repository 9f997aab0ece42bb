-- Customer pool (公海) extras. Additive only.

-- When the current owner got the customer from the pool (claim or assign). The reclaim clock runs from
-- the latest of the last follow-up, this and the creation, so a customer claimed today is not sent back
-- tonight just because its last follow-up is months old.
ALTER TABLE customer ADD COLUMN owned_since timestamptz;

-- The nightly reclaim and the warnings look for private customers of one level whose activity time lies
-- in a range; the expression must stay the same as PoolSql.ACTIVITY_AT.
CREATE INDEX customer_reclaim_idx
    ON customer (tenant_id, level, GREATEST(last_follow_up_at, owned_since, created_at))
    WHERE NOT in_pool AND deleted_at IS NULL;

-- The pool list: newest in the pool first, keyset-paginated on (pool time, id). Customers put into the
-- pool without a pool_since (imports) count from their creation.
CREATE INDEX customer_pool_list_idx
    ON customer (tenant_id, COALESCE(pool_since, created_at) DESC, id DESC)
    WHERE in_pool AND deleted_at IS NULL;

-- The pool history of one customer: who held it last, and whether it was claimed or assigned.
CREATE INDEX pool_event_customer_idx ON pool_event (tenant_id, customer_id, at DESC, id DESC);
