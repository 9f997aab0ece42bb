-- Indexes the daily report (日报) needs; additive only.

-- New customers per creator and day: the report asks for a team's creations within one day.
CREATE INDEX customer_created_idx ON customer (tenant_id, created_by, created_at) WHERE deleted_at IS NULL;

-- Customers about to fall back to the pool: per owner and level, a range on the last activity, which is
-- the latest of the last follow-up, the claim/assignment (owned_since) and the creation — the pool's own
-- definition (V5), so the report warns about exactly the customers the reclaim job will take.
CREATE INDEX customer_owner_reclaim_idx
    ON customer (tenant_id, owner_id, level, (greatest(last_follow_up_at, owned_since, created_at)))
    WHERE NOT in_pool AND deleted_at IS NULL;

-- Stage moves per mover and day, for a team without scanning the whole tenant's day.
CREATE INDEX opportunity_stage_move_by_idx ON opportunity_stage_move (tenant_id, moved_by, moved_at);
