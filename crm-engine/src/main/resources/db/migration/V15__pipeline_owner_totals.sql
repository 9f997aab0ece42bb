-- The funnel of a 500-rep subtree summed ~46,000 open opportunities on every uncached ask. These are their sums
-- per owner and stage, so "as it stands" is ~2,000 rows. Kept by triggers rather than by the engine's writes:
-- the demo generator loads opportunities with COPY, which fires statement triggers too, and nothing that
-- writes opportunities can forget them. The customer's deletion is not part of it (the funnel subtracts the
-- opportunities of the few deleted customers when it reads), so customer writes never touch these rows.
-- weighted is amount × probability, unrounded: the funnel rounds the sum, as it did over the opportunities.
CREATE TABLE pipeline_owner_total (
    tenant_id  bigint  NOT NULL,
    owner_id   bigint  NOT NULL,
    stage_id   bigint  NOT NULL,
    count      bigint  NOT NULL,
    amount     numeric NOT NULL,
    weighted   numeric NOT NULL,
    PRIMARY KEY (tenant_id, owner_id, stage_id)
);

-- One statement's changes, netted per row of totals before they are applied: a move is -1 in one stage and +1 in
-- another, an edit of a closed or deleted opportunity nothing. Applied in key order, so two statements that
-- touch the same rows wait for each other instead of deadlocking.
CREATE FUNCTION pipeline_owner_total_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO pipeline_owner_total AS t (tenant_id, owner_id, stage_id, count, amount, weighted)
    SELECT n.tenant_id, n.owner_id, n.stage_id, count(*), sum(n.amount), sum(n.amount * n.probability)
      FROM new_rows n
     WHERE n.status = 'open' AND n.deleted_at IS NULL
     GROUP BY n.tenant_id, n.owner_id, n.stage_id
     ORDER BY n.tenant_id, n.owner_id, n.stage_id
        ON CONFLICT (tenant_id, owner_id, stage_id) DO UPDATE
       SET count = t.count + excluded.count, amount = t.amount + excluded.amount,
           weighted = t.weighted + excluded.weighted;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO pipeline_owner_total AS t (tenant_id, owner_id, stage_id, count, amount, weighted)
    SELECT o.tenant_id, o.owner_id, o.stage_id, -count(*), -sum(o.amount), -sum(o.amount * o.probability)
      FROM old_rows o
     WHERE o.status = 'open' AND o.deleted_at IS NULL
     GROUP BY o.tenant_id, o.owner_id, o.stage_id
     ORDER BY o.tenant_id, o.owner_id, o.stage_id
        ON CONFLICT (tenant_id, owner_id, stage_id) DO UPDATE
       SET count = t.count + excluded.count, amount = t.amount + excluded.amount,
           weighted = t.weighted + excluded.weighted;
  ELSE
    INSERT INTO pipeline_owner_total AS t (tenant_id, owner_id, stage_id, count, amount, weighted)
    SELECT d.tenant_id, d.owner_id, d.stage_id, sum(d.count), sum(d.amount), sum(d.weighted)
      FROM (SELECT n.tenant_id, n.owner_id, n.stage_id, 1 AS count, n.amount, n.amount * n.probability AS weighted
              FROM new_rows n
             WHERE n.status = 'open' AND n.deleted_at IS NULL
             UNION ALL
            SELECT o.tenant_id, o.owner_id, o.stage_id, -1, -o.amount, -(o.amount * o.probability)
              FROM old_rows o
             WHERE o.status = 'open' AND o.deleted_at IS NULL) d
     GROUP BY d.tenant_id, d.owner_id, d.stage_id
    HAVING sum(d.count) <> 0 OR sum(d.amount) <> 0 OR sum(d.weighted) <> 0
     ORDER BY d.tenant_id, d.owner_id, d.stage_id
        ON CONFLICT (tenant_id, owner_id, stage_id) DO UPDATE
       SET count = t.count + excluded.count, amount = t.amount + excluded.amount,
           weighted = t.weighted + excluded.weighted;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER opportunity_owner_total_insert AFTER INSERT ON opportunity
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pipeline_owner_total_apply();
CREATE TRIGGER opportunity_owner_total_update AFTER UPDATE ON opportunity
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pipeline_owner_total_apply();
CREATE TRIGGER opportunity_owner_total_delete AFTER DELETE ON opportunity
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pipeline_owner_total_apply();

-- Opportunities already there (the benchmark tenant); a write waits for this migration's lock on opportunity.
LOCK TABLE opportunity IN SHARE MODE;
INSERT INTO pipeline_owner_total (tenant_id, owner_id, stage_id, count, amount, weighted)
SELECT tenant_id, owner_id, stage_id, count(*), sum(amount), sum(amount * probability)
  FROM opportunity
 WHERE status = 'open' AND deleted_at IS NULL
 GROUP BY tenant_id, owner_id, stage_id;

-- What the totals do not know is the past: the funnel rebuilds the state at a period's start only for the
-- opportunities changed since. Every change an engine write makes to an opportunity (creation, move, edit,
-- transfer, close, reopen, deletion) sets its updated_at to the time it stamps on the move or audit entry,
-- so "changed since t" is a range on this index, per owner.
CREATE INDEX opportunity_owner_changed_idx ON opportunity (tenant_id, owner_id, updated_at)
    INCLUDE (id, customer_id, stage_id, status, amount, probability, created_at) WHERE deleted_at IS NULL;

-- The won and lost of a subtree in two months: read by close time it was the tenant's 16,000 closes, each visited
-- in the heap (5,800 pages) to keep the subtree's 4,000; per owner and index-only it is those 4,000 alone.
CREATE INDEX opportunity_owner_closed_idx ON opportunity (tenant_id, owner_id, closed_at)
    INCLUDE (status, amount, probability, customer_id) WHERE deleted_at IS NULL AND status <> 'open';
